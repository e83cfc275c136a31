//! The parts of the Batch load panel: the emulated S3 (`objects`), the task editor with its
//! preview (`editor`), the task list with progress and error reports (`tasks`). Tasks run in
//! the engine's worker (src/worker.rs), which pushes their progress.

mod editor;
mod objects;
mod tasks;

use std::cell::RefCell;

use timestream_engine::protocol::{Reply, Request};
use timestream_engine::types::{
    CreateBatchLoadTaskRequest, CsvConfiguration, DataModel, DataModelConfiguration, DataSourceConfiguration, DataSourceS3Configuration, DimensionMapping,
    MultiMeasureAttributeMapping, MultiMeasureMappings, ReportConfiguration, ReportS3Configuration,
};

use crate::client::EngineClient;

pub use editor::TaskEditor;
pub use objects::ObjectBrowser;
pub use tasks::TaskList;

/// What the panel remembers while another tab is shown: selected bucket, viewed object, the
/// editor's text, selected task.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchUi {
    pub bucket: Option<String>,
    pub viewing: Option<String>,
    pub draft: Option<String>,
    pub task: Option<String>,
    /// The viewed object's text is shown (its View was pressed); otherwise it is collapsed.
    pub expanded: bool,
    /// The speed control: rows per second, `None` for full speed (`Request::BatchPace`).
    pub pace: Option<u64>,
}

/// A change to [`BatchUi`].
#[derive(Clone, Debug, PartialEq)]
pub enum UiMsg {
    Bucket(Option<String>),
    /// Views an object, collapsed (the object just added).
    View(Option<String>),
    /// Views an object, expanded (its View button).
    Open(String),
    Pace(Option<u64>),
    Draft(String),
    Task(Option<String>),
}

thread_local! {
    static UI: RefCell<BatchUi> = RefCell::new(BatchUi::default());
}

pub fn ui() -> BatchUi {
    UI.with(|u| u.borrow().clone())
}

pub fn apply(msg: UiMsg) {
    UI.with(|u| {
        let mut u = u.borrow_mut();
        match msg {
            UiMsg::Bucket(b) => {
                u.viewing = None;
                u.bucket = b;
            }
            UiMsg::View(k) => (u.viewing, u.expanded) = (k, false),
            UiMsg::Open(k) => (u.viewing, u.expanded) = (Some(k), true),
            UiMsg::Pace(p) => u.pace = p,
            UiMsg::Draft(d) => u.draft = Some(d),
            UiMsg::Task(t) => u.task = t,
        }
    })
}

/// Bytes shown of an object, and of source lines in a report.
pub const VIEW_BYTES: usize = 4096;

/// Why `name` is not a bucket name CreateBatchLoadTask accepts (3..63 characters of
/// `[a-z0-9][.-a-z0-9]*[a-z0-9]`), or None.
pub fn bucket_name_problem(name: &str) -> Option<&'static str> {
    let b = name.as_bytes();
    let inner = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !(3..=63).contains(&b.len()) {
        Some("A bucket name has 3 to 63 characters.")
    } else if !inner(&b[0]) || !inner(&b[b.len() - 1]) || !b.iter().all(|c| inner(c) || *c == b'.' || *c == b'-') {
        Some("A bucket name uses lower-case letters, digits, '.' and '-', and starts and ends with a letter or digit.")
    } else {
        None
    }
}

/// [`template`] for `s3://bucket/key` with the first table and a data model suggested from the
/// object's header and first rows (asked of the engine), to `then`.
pub fn make_template(client: &EngineClient, bucket: &str, key: &str, then: impl FnOnce(String) + 'static) {
    let (c, b, k) = (client.clone(), bucket.to_string(), key.to_string());
    client.ask(Request::Tables, move |reply| {
        let first = match reply {
            Reply::Tables { tables, .. } => tables.into_iter().next().map(|t| (t.database, t.table)),
            _ => None,
        };
        c.ask(Request::SuggestDataModel { bucket: b.clone(), key: k.clone(), csv: None }, move |reply| {
            let model = match reply {
                Reply::DataModel { model } => Some(model),
                _ => None,
            };
            then(template(first, model, &b, &k))
        });
    });
}

/// A CreateBatchLoadTask request for `s3://bucket/key` into `table` (or sample names), with
/// `model` (or a sample one) and the error report going to `s3://bucket/batch-reports`.
pub fn template(table: Option<(String, String)>, model: Option<DataModel>, bucket: &str, key: &str) -> String {
    let (db, table) = table.unwrap_or_else(|| ("sampleDB".into(), "sampleTable".into()));
    let model = model.unwrap_or_else(|| DataModel {
        time_column: Some("time".into()),
        time_unit: Some("MILLISECONDS".into()),
        dimension_mappings: vec![DimensionMapping { source_column: Some("host".into()), destination_column: None }],
        multi_measure_mappings: Some(MultiMeasureMappings {
            target_multi_measure_name: Some("metrics".into()),
            multi_measure_attribute_mappings: vec![MultiMeasureAttributeMapping {
                source_column: "cpu".into(),
                target_multi_measure_attribute_name: None,
                measure_value_type: Some("DOUBLE".into()),
            }],
        }),
        ..DataModel::default()
    });
    let req = CreateBatchLoadTaskRequest {
        client_token: None,
        record_version: None,
        data_model_configuration: Some(DataModelConfiguration { data_model: Some(model), data_model_s3_configuration: None }),
        data_source_configuration: DataSourceConfiguration {
            data_source_s3_configuration: DataSourceS3Configuration { bucket_name: bucket.into(), object_key_prefix: Some(key.into()) },
            csv_configuration: Some(CsvConfiguration { column_separator: Some(",".into()), quote_char: Some("\"".into()), ..CsvConfiguration::default() }),
            data_format: "CSV".into(),
        },
        report_configuration: ReportConfiguration {
            report_s3_configuration: Some(ReportS3Configuration {
                bucket_name: bucket.into(),
                object_key_prefix: Some("batch-reports".into()),
                encryption_option: Some("SSE_S3".into()),
                kms_key_id: None,
            }),
        },
        target_database_name: db,
        target_table_name: table,
    };
    json_text(&req)
}

/// Pretty JSON of a wire struct (through `Value`, whose printer the app already carries; the
/// value written by the engine's one JSON writer).
pub fn json_text<T: serde::Serialize>(v: &T) -> String {
    timestream_engine::json_pretty(&timestream_engine::json_value(v))
}

/// The action and target of a click on a button carrying `data-act` and `data-arg` (tables
/// use one handler for all their rows).
pub fn clicked(e: &yew::MouseEvent) -> Option<(String, String)> {
    let el: web_sys::Element = yew::TargetCast::target_dyn_into(e)?;
    Some((el.get_attribute("data-act")?, el.get_attribute("data-arg").unwrap_or_default()))
}

/// `n` bytes as text (B, KB, MB).
pub fn size(n: u64) -> String {
    match n {
        0..1024 => format!("{n} B"),
        1024..1_048_576 => format!("{}.{} KB", n / 1024, n % 1024 * 10 / 1024),
        _ => format!("{}.{} MB", n >> 20, ((n & 0xFFFFF) * 10) >> 20),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_lines_and_sizes() {
        assert_eq!(bucket_name_problem("my-bucket.1"), None);
        assert!(bucket_name_problem("ab").is_some());
        assert!(bucket_name_problem("Bucket").is_some());
        assert!(bucket_name_problem("-abc").is_some());
        assert_eq!(size(2048), "2.0 KB");
        assert_eq!(size(12), "12 B");
    }

    #[test]
    fn template_suggests_from_the_object() {
        let mut e = timestream_engine::Engine::deterministic(1_700_000_000_000_000_000, 1);
        e.put_object("src", "a.csv", "host,time,cpu\nh1,1700000000000,1.5\n");
        let model = e.suggest_batch_data_model("src", "a.csv", None).ok();
        let t: serde_json::Value = serde_json::from_str(&template(None, model.clone(), "src", "a.csv")).unwrap();
        assert_eq!(t["DataSourceConfiguration"]["DataSourceS3Configuration"]["ObjectKeyPrefix"], "a.csv");
        assert_eq!(t["DataModelConfiguration"]["DataModel"]["TimeColumn"], "time");
        assert_eq!(t["TargetDatabaseName"], "sampleDB");
        let diags = e.diagnose(timestream_engine::Operation::CreateBatchLoadTask, template(None, model, "src", "a.csv").as_bytes());
        assert!(diags.is_empty(), "{diags:?}");
    }
}
