//! The rules of writing records, shared by WriteRecords (both paths) and batch load: where a
//! record's members come from (`source`), the rules of each member (`members`), the request
//! rules that make it an [`Effective`] record (`record`), the table's schema and limit rules
//! (`table`), the ingestion window (`window`) with the retentions in effect after a change
//! (`retention`), why a record is refused ([`Rejection`]), and applying a record with its version
//! rules (`apply`). It depends on no handler: `ops`, `batch` and `inspect` use it
//! (docs/architecture.md, "Layers").

mod apply;
mod members;
mod record;
mod rejection;
mod retention;
mod source;
mod table;
mod window;

pub use apply::{apply, apply_record, precheck};
pub use members::{member_problem, Member};
pub use record::{effective, Effective};
pub use rejection::Rejection;
pub use retention::RetentionHistory;
pub use source::RecordParts;
#[cfg(test)]
pub use window::PAST_SLACK;
pub use window::{window, IngestionWindow, Placement};
