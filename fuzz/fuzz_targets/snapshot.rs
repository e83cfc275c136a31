//! Snapshot import (`Engine::restore`, what a session file or share link carries to the
//! engine): any text is refused with a reason or restored; a refused import leaves the engine
//! unchanged; a restored one answers requests and exports a snapshot that restores to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timestream_engine::Operation;
use timestream_fuzz::{check_answer, engine};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut e = engine();
    let before = e.snapshot();
    match e.restore(text) {
        Err(reason) => {
            assert!(!reason.is_empty());
            assert_eq!(e.snapshot(), before, "a refused import changed the engine");
        }
        Ok(()) => {
            let exported = e.snapshot();
            for op in [Operation::ListDatabases, Operation::ListTables, Operation::DescribeTable] {
                let body = br#"{"DatabaseName":"tsdb","TableName":"tbl"}"#;
                let body: &[u8] = if op == Operation::DescribeTable { body } else { b"{}" };
                let r = e.handle(&op.target(), body);
                check_answer(&r, &op);
            }
            let w = e.handle(
                &Operation::WriteRecords.target(),
                br#"{"DatabaseName":"tsdb","TableName":"tbl","Records":[{"Dimensions":[{"Name":"host","Value":"a"}],"MeasureName":"cpu","MeasureValue":"1","Time":"1704067200000"}]}"#,
            );
            check_answer(&w, &"write after restore");
            let mut again = engine();
            again.restore(&exported).expect("an exported snapshot restores");
            assert_eq!(again.snapshot(), exported, "an exported snapshot restores to itself");
        }
    }
});
