//! Not API: internals that the integration tests (engine/tests) and the fuzz targets reach
//! without going through the seam. Hidden from the docs and free to change with any commit;
//! nothing outside this repository's tests may use it. Keep it small: a test that needs more
//! of the inside belongs inside the crate, as a unit test.
//!
//! Hooks for the fuzz targets (`fuzz/`) and the differential tests, behind functions whose
//! signatures do not expose the engine's modules; they answer from the same code the seam runs:
//!
//! * [`general_path`] / [`diagnose_general`]: an operation without the WriteRecords fast path
//!   (the differential fuzz target `fast_vs_general` and engine/tests/fast_path.rs compare it
//!   with [`Engine::handle`] / [`Engine::diagnose`]);
//! * [`csv_rows`] / [`csv_header`]: batch-load rows read with the plain-line reader or with the
//!   csv crate alone, from any resume position (`csv_rows` target, engine/tests/batch_rows.rs);
//! * [`shape`]: the model table of an operation as a plain tree (structure-aware generators).

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

use serde_json::Value;

use crate::validate::model;
use crate::{parse_body, ApiError, Diagnostic, Operation, RequestContext};

/// Runs an operation the general way: `serde_json::Value`, the model table, the typed request —
/// never the borrowed WriteRecords fast path.
pub fn general_path(engine: &mut Engine, op: Operation, body: &[u8]) -> Result<Option<Value>, ApiError> {
    let value = parse_body(body)?;
    engine.dispatch_value(&RequestContext::default(), op, value)
}

/// [`Engine::diagnose`] without the fast path.
pub fn diagnose_general(engine: &Engine, op: Operation, body: &[u8]) -> Vec<Diagnostic> {
    engine.diagnose_general(op, body)
}

/// One row as read: `(line, bytes, next_offset, next_line, cells)`, or the reader's error text.
pub type RowRead = Result<(u64, u64, u64, u64, Vec<Vec<u8>>), String>;

/// The CSV options of a test: separator, quote and escape bytes (no null marker, no trimming).
pub fn csv_options(separator: u8, quote: u8, escape: Option<u8>) -> CsvOptions {
    CsvOptions { separator, quote, escape, ..CsvOptions::default() }
}

/// The header row's end: `(data_offset, data_line)`, or the file-level reason it cannot be read.
pub fn csv_header(opts: &CsvOptions, data: &[u8]) -> Result<(u64, u64), String> {
    read_header(opts, data).map(|h| (h.data_offset, h.data_line))
}

/// Every row from `offset`/`line` to the end (or to the first error), read with the plain-line
/// reader where it applies (`csv_only` false) or with the csv crate alone (`csv_only` true).
pub fn csv_rows(opts: &CsvOptions, data: &[u8], offset: u64, line: u64, csv_only: bool) -> Vec<RowRead> {
    let mut rows = if csv_only { Rows::csv_only(opts, data, offset, line) } else { Rows::new(opts, data, offset, line) };
    let mut out = Vec::new();
    let mut row = Row::default();
    loop {
        match rows.next(&mut row) {
            Ok(Some(at)) => {
                let c = row.cells();
                let cells = (0..c.len()).map(|i| c.get(i).map(<[u8]>::to_vec).unwrap_or_default()).collect();
                out.push(Ok((at.line, at.bytes, at.next_offset, at.next_line, cells)));
            }
            Ok(None) => return out,
            Err(e) => {
                out.push(Err(e.to_string()));
                return out;
            }
        }
    }
}

/// One member of an operation's input as the model table has it (overlay checks left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Member name; empty for the input itself and for list items.
    pub name: String,
    /// `string`, `boolean`, `long`, `integer`, `list` or `structure`.
    pub ty: &'static str,
    pub required: bool,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub enum_values: Vec<String>,
    /// Members of a structure, in model order.
    pub members: Vec<Shape>,
    /// Item of a list.
    pub item: Option<Box<Shape>>,
}

/// The input of an operation as a [`Shape`] tree.
pub fn shape(op: Operation) -> Shape {
    let tree = model::tree(op);
    fn node(tree: &model::OpTree, id: model::NodeId) -> Shape {
        let n = &tree.nodes[id];
        Shape {
            name: n.name.clone(),
            ty: n.ty.name(),
            required: n.required,
            min: n.min,
            max: n.max,
            enum_values: n.enum_values.clone(),
            members: if n.ty == Ty::Structure { n.children.iter().map(|&c| node(tree, c)).collect() } else { Vec::new() },
            item: n.item.map(|i| Box::new(node(tree, i))),
        }
    }
    node(tree, 0)
}
