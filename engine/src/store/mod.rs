//! The record store of one table (filled in by the WriteRecords work).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RecordStore {}
