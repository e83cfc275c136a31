//! The typed API the inspector uses: what the wire does not expose — series, records, the
//! version history of every record, and where a request record landed.

use serde::Serialize;

use crate::store::{AttemptView, RecordView, SeriesView};
use crate::types::WriteRecordsRequest;
use crate::write::{effective, window};
use crate::{ApiError, Engine};

pub use crate::write::IngestionWindow;

/// One table in the resource tree.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSummary {
    pub database: String,
    pub table: String,
    pub series: usize,
    pub records: usize,
}

crate::value_de::lean_reader!(TableSummary, Camel; database, table, series, records);

impl Engine {
    /// Every table with its series and record counts, by database then table name.
    pub fn table_summaries(&self) -> Vec<TableSummary> {
        self.state
            .databases
            .values()
            .flat_map(|d| {
                d.tables.values().map(|t| TableSummary {
                    database: d.name.clone(),
                    table: t.name.clone(),
                    series: t.store.series_count(),
                    records: t.store.record_count(),
                })
            })
            .collect()
    }

    pub fn series_page(&self, db: &str, table: &str, offset: usize, limit: usize) -> Result<Vec<SeriesView>, ApiError> {
        Ok(self.state.table(db, table)?.store.series_page(offset, limit))
    }

    pub fn records_of_series(&self, db: &str, table: &str, series: u32, offset: usize, limit: usize) -> Result<Vec<RecordView>, ApiError> {
        Ok(self.state.table(db, table)?.store.records_of_series(series, offset, limit))
    }

    pub fn record_history(&self, db: &str, table: &str, record: u32) -> Result<Vec<AttemptView>, ApiError> {
        Ok(self.state.table(db, table)?.store.history(record))
    }

    /// The ingestion window of a table at the engine's current time.
    pub fn ingestion_window(&self, db: &str, table: &str) -> Result<IngestionWindow, ApiError> {
        let t = self.state.table(db, table)?;
        Ok(window(t, self.now()))
    }

    /// For each record of a WriteRecords request, the stored record with the same identity (if
    /// any): the record a rejection collided with, or the one a write created or updated.
    pub fn stored_records_for(&self, req: &WriteRecordsRequest) -> Vec<Option<RecordView>> {
        let Ok(table) = self.state.table(&req.database_name, &req.table_name) else {
            return vec![None; req.records.len()];
        };
        req.records
            .iter()
            .enumerate()
            .map(|(i, rec)| {
                let mut ignore = Vec::new();
                let eff = effective(req.common_attributes.as_ref(), rec, i, &mut ignore)?;
                let id = table.store.find(&eff.dims, eff.measure, eff.time)?;
                table.store.view_record(id)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::clock::{Nanos, NANOS_PER_HOUR, NANOS_PER_MINUTE};
    use crate::Engine;

    /// An engine at 2024-01-01T00:00:00Z with the table tsdb.tbl.
    fn engine_with_table() -> (Nanos, Engine) {
        let now = 1_704_067_200_000i64 * 1_000_000;
        let mut e = Engine::deterministic(now, 3);
        e.handle("Timestream_20181101.CreateDatabase", br#"{"DatabaseName":"tsdb"}"#);
        e.handle("Timestream_20181101.CreateTable", br#"{"DatabaseName":"tsdb","TableName":"tbl"}"#);
        (now, e)
    }

    #[test]
    fn inspector_walks_tables_series_records_and_history() {
        let (now, mut e) = engine_with_table();
        let body = |v: u32, val: &str| {
            format!(
                r#"{{"DatabaseName":"tsdb","TableName":"tbl","Records":[{{"Dimensions":[{{"Name":"h","Value":"a"}}],"MeasureName":"cpu","MeasureValue":"{val}","Time":"1704067200000","Version":{v}}}]}}"#
            )
        };
        assert_eq!(e.handle("Timestream_20181101.WriteRecords", body(1, "1").as_bytes()).status, 200);
        assert_eq!(e.handle("Timestream_20181101.WriteRecords", body(2, "2").as_bytes()).status, 200);
        assert_eq!(e.handle("Timestream_20181101.WriteRecords", body(1, "3").as_bytes()).status, 419);

        let tables = e.table_summaries();
        assert_eq!((tables[0].series, tables[0].records), (1, 1));
        let series = e.series_page("tsdb", "tbl", 0, 10).unwrap();
        assert_eq!(series[0].dimensions, vec![("h".to_string(), "a".to_string())]);
        let records = e.records_of_series("tsdb", "tbl", series[0].id, 0, 10).unwrap();
        assert_eq!((records[0].version, records[0].attempts), (2, 3));
        let history = e.record_history("tsdb", "tbl", records[0].id).unwrap();
        assert_eq!(history.iter().map(|a| a.version).collect::<Vec<_>>(), [1, 2, 1]);

        let req: crate::types::WriteRecordsRequest = serde_json::from_str(&body(1, "3")).unwrap();
        let hit = e.stored_records_for(&req);
        assert_eq!(hit[0].as_ref().map(|r| r.version), Some(2));

        let w = e.ingestion_window("tsdb", "tbl").unwrap();
        assert_eq!(w.memory_start, now - 6 * NANOS_PER_HOUR - 25 * NANOS_PER_MINUTE);
        assert_eq!(w.magnetic_start, None);
        assert!(e.series_page("tsdb", "missing", 0, 1).is_err());
    }

    #[test]
    fn records_of_a_series_page_by_measure_name_then_time() {
        let (now, mut e) = engine_with_table();
        // Written in a scrambled order, "zeta" first, plus a record of another series.
        let mut records = Vec::new();
        for (m, dt) in [("zeta", 3), ("alpha", 2), ("mid", 9), ("alpha", 1), ("zeta", 1), ("mid", 0), ("alpha", 5)] {
            records.push(format!(
                r#"{{"Dimensions":[{{"Name":"h","Value":"a"}}],"MeasureName":"{m}","MeasureValue":"1","Time":"{}"}}"#,
                1_704_067_200_000i64 - dt
            ));
        }
        records.push(r#"{"Dimensions":[{"Name":"h","Value":"b"}],"MeasureName":"alpha","MeasureValue":"1","Time":"1704067200000"}"#.to_string());
        let body = format!(r#"{{"DatabaseName":"tsdb","TableName":"tbl","Records":[{}]}}"#, records.join(","));
        assert_eq!(e.handle("Timestream_20181101.WriteRecords", body.as_bytes()).status, 200);
        let page = |offset| -> Vec<(String, i64)> {
            let r = e.records_of_series("tsdb", "tbl", 0, offset, 3).unwrap();
            r.into_iter().map(|v| (v.measure_name, (v.time - now) / 1_000_000)).collect()
        };
        let own = |v: &[(&str, i64)]| v.iter().map(|(m, t)| (m.to_string(), *t)).collect::<Vec<_>>();
        assert_eq!(page(0), own(&[("alpha", -5), ("alpha", -2), ("alpha", -1)]));
        assert_eq!(page(3), own(&[("mid", -9), ("mid", 0), ("zeta", -3)]));
        assert_eq!(page(6), own(&[("zeta", -1)]));
        assert_eq!(page(9), own(&[]));
    }
}
