//! The props every engine panel takes: the engine, its revision (panels render again when it
//! changes) and a callback to say the panel changed the engine.

use yew::prelude::*;

use crate::state::EngineHandle;

#[derive(Properties, PartialEq, Clone)]
pub struct PanelProps {
    pub engine: EngineHandle,
    pub revision: u64,
    /// Call after changing the engine (clock moved, task stepped, file uploaded).
    pub onchange: Callback<()>,
}
