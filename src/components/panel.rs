//! The props every engine panel takes: the engine's client and its revision (panels ask the
//! engine again when it changes; a change a panel makes comes back as a new revision).

use yew::prelude::*;

use crate::client::EngineClient;

#[derive(Properties, PartialEq, Clone)]
pub struct PanelProps {
    pub client: EngineClient,
    pub revision: u64,
    /// A record to open (the inspector shows its version timeline; a link from the response).
    #[prop_or_default]
    pub open: Option<crate::jump::RecordRef>,
}
