//! Rough throughput of WriteRecords through the seam (release, `--ignored`). The real figures
//! live in the benchmarks (`cargo xtask bench`); this is a quick check while profiling.

mod common;
use common::*;
use serde_json::json;

#[test]
#[ignore]
fn write_records_through_the_seam() {
    let mut e = engine();
    setup_table(&mut e, json!({}));
    let bodies: Vec<Vec<u8>> = (0..1000)
        .map(|b| {
            let records: Vec<_> = (0..100)
                .map(|i| {
                    let n = b * 100 + i;
                    json!({"Dimensions": [{"Name": "host", "Value": format!("host-{}", n % 10_000)}, {"Name": "region", "Value": "eu-west-1"}],
                           "MeasureName": "cpu", "MeasureValue": format!("{}.5", n % 97), "Time": (NOW_MS - (n / 10_000) as i64 * 1000).to_string()})
                })
                .collect();
            json!({"DatabaseName": "tsdb", "TableName": "tbl", "Records": records}).to_string().into_bytes()
        })
        .collect();
    let start = std::time::Instant::now();
    for b in &bodies {
        let r = e.handle("Timestream_20181101.WriteRecords", b);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }
    let secs = start.elapsed().as_secs_f64();
    let bytes: usize = bodies.iter().map(|b| b.len()).sum();
    println!("100,000 records in {:.3} s: {:.0} records/s ({:.0} MB/s of JSON)", secs, 100_000.0 / secs, bytes as f64 / secs / 1e6);
    assert_eq!(e.table_summaries()[0].records, 100_000);
}
