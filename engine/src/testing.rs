//! Not API: internals that the integration tests (engine/tests) and the fuzz targets reach
//! without going through the seam. Hidden from the docs and free to change with any commit;
//! nothing outside this repository's tests may use it. Keep it small: a test that needs more
//! of the inside belongs inside the crate, as a unit test.

/// The seeded id generator, as a cheap deterministic random source.
pub use crate::ids::Ids;

/// The WriteRecords fast path on its own: `diagnose` answers `Some` when a body takes it,
/// `write` answers `None` when it steps aside for the general path.
#[cfg(feature = "fast-path")]
pub use crate::ops::fast::{diagnose as fast_diagnose, write as fast_write};

/// The batch-load CSV readers: the header, and the rows after it.
pub use crate::batch::csvsrc::{read_header, CsvOptions};
pub use crate::batch::rows::{Row, Rows};

/// The model table of the operations' input shapes.
pub use crate::validate::model::{tree, NodeId, OpTree, Ty};

use crate::{Engine, RecordView};

/// Every stored record of `db.table` in id order, with its series' dimensions (sorted by name);
/// empty when there is no such table. The inspector's API pages by series; this reads them all.
pub fn records(e: &Engine, db: &str, table: &str) -> Vec<(Vec<(String, String)>, RecordView)> {
    let Ok(t) = e.state.table(db, table) else { return Vec::new() };
    (0..t.store.record_count() as u32).filter_map(|id| t.store.view_record(id)).map(|r| (t.store.series_dimensions(r.series), r)).collect()
}

/// The memory a table's store reports: `(bytes of interned strings, bytes of records and
/// indexes)`, for the memory bench.
pub fn store_bytes(e: &Engine, db: &str, table: &str) -> Option<(usize, usize)> {
    let s = &e.state.table(db, table).ok()?.store;
    Some((s.strings().heap_bytes(), s.record_bytes()))
}

/// How many dimension names, measure names and multi-measure attribute names the table's
/// schema registry holds (names are registered by accepted records only).
pub fn name_counts(e: &Engine, db: &str, table: &str) -> Option<(usize, usize, usize)> {
    let s = &e.state.table(db, table).ok()?.store;
    Some((s.dimension_name_count(), s.measure_name_count(), s.attribute_name_count()))
}
