//! Batch-load rows: the plain-line reading of `Rows` gives what the csv reader alone gives — the
//! same cells, lines, sizes and resume positions, and the same errors — on random files, with
//! every separator, both quote characters and an escape character, also resumed mid-file at
//! any row's cursor (a step ending there).

use timestream_engine::testing::{read_header, CsvOptions, Ids, Row, Rows};

type Read = Vec<Result<(u64, u64, u64, u64, Vec<Vec<u8>>), String>>;

/// The cells of a row as bytes.
fn cells(row: &Row<'_>) -> Vec<Vec<u8>> {
    let c = row.cells();
    (0..c.len()).map(|i| c.get(i).expect("a cell below len").to_vec()).collect()
}

fn read_all(mut rows: Rows<'_>) -> Read {
    let mut out = Vec::new();
    let mut row = Row::default();
    loop {
        match rows.next(&mut row) {
            Ok(Some(at)) => out.push(Ok((at.line, at.bytes, at.next_offset, at.next_line, cells(&row)))),
            Ok(None) => return out,
            Err(e) => {
                out.push(Err(e.to_string()));
                return out;
            }
        }
    }
}

/// A random file: mostly plain lines, with now and then a quote, an escape, a CR, an empty
/// line, bytes that are not UTF-8, or no newline at the end.
fn random_file(ids: &mut Ids, opts: &CsvOptions) -> Vec<u8> {
    let mut data = b"a,b,c\n".to_vec();
    let rare = [opts.quote, b'\r', b'\n', opts.escape.unwrap_or(b'\\'), 0xC3, 0xA9, 0xFF, b' '];
    let lines = ids.next_u64() % 12;
    for _ in 0..lines {
        let cells = 1 + ids.next_u64() % 4;
        for c in 0..cells {
            if c > 0 {
                data.push(opts.separator);
            }
            for _ in 0..ids.next_u64() % 5 {
                let r = ids.next_u64();
                data.push(if r.is_multiple_of(9) { rare[(r / 9 % rare.len() as u64) as usize] } else { b"x7.-"[(r / 9 % 4) as usize] });
            }
        }
        if !ids.next_u64().is_multiple_of(13) {
            data.extend_from_slice(if ids.next_u64().is_multiple_of(11) { b"\r\n" } else { b"\n" });
        }
    }
    data
}

#[test]
fn plain_lines_read_as_the_csv_reader_reads_them() {
    let mut ids = Ids::seeded(20_181_101);
    let mut plain_rows = 0;
    for case in 0..6000u64 {
        let separator = b",|;\t "[(case % 5) as usize];
        let quote = if case % 2 == 0 { b'"' } else { b'\'' };
        let escape = (case % 3 == 0).then_some(b'\\');
        let opts = CsvOptions { separator, quote, escape, ..CsvOptions::default() };
        let mut data = random_file(&mut ids, &opts);
        // The header row is written with commas; use the case's separator.
        data[1] = separator;
        data[3] = separator;
        let Ok(header) = read_header(&opts, &data) else {
            continue;
        };
        let expected = read_all(Rows::csv_only(&opts, &data, header.data_offset, header.data_line));
        let got = read_all(Rows::new(&opts, &data, header.data_offset, header.data_line));
        assert_eq!(got, expected, "case {case}: {:?}", String::from_utf8_lossy(&data));
        // Resumed at every row's cursor, as the next step would.
        for (k, at) in expected.iter().enumerate() {
            let Ok((_, _, offset, line, _)) = at else {
                continue;
            };
            let rest = read_all(Rows::new(&opts, &data, *offset, *line));
            assert_eq!(rest, read_all(Rows::csv_only(&opts, &data, *offset, *line)), "case {case} after row {k}: {:?}", String::from_utf8_lossy(&data));
        }
        plain_rows += expected.iter().filter(|r| matches!(r, Ok((_, _, _, _, cells)) if !cells.iter().flatten().any(|&b| b == quote || b == b'\r'))).count();
    }
    // The comparison covered many rows the plain reading takes.
    assert!(plain_rows > 10_000, "{plain_rows}");
}
