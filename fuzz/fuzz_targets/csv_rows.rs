//! Differential: batch-load rows read with the plain-line reader against the csv crate alone,
//! on the same file, from the header's end and resumed at every row's cursor: the same cells,
//! lines, sizes, resume positions and errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use timestream_engine::testing::{csv_header, csv_options, csv_rows};

fuzz_target!(|data: &[u8]| {
    let Some((&opts_byte, file)) = data.split_first() else { return };
    // The separators and quotes the documentation lists; an escape or not.
    let separator = b",|;\t "[(opts_byte % 5) as usize];
    let quote = if opts_byte & 0x08 == 0 { b'"' } else { b'\'' };
    let escape = (opts_byte & 0x10 != 0).then_some(b'\\');
    let opts = csv_options(separator, quote, escape);
    let Ok((offset, line)) = csv_header(&opts, file) else { return };
    let expected = csv_rows(&opts, file, offset, line, true);
    assert_eq!(csv_rows(&opts, file, offset, line, false), expected, "from the header");
    for (k, row) in expected.iter().enumerate() {
        let Ok((_, _, next_offset, next_line, _)) = row else { continue };
        let resumed = csv_rows(&opts, file, *next_offset, *next_line, false);
        assert_eq!(resumed, csv_rows(&opts, file, *next_offset, *next_line, true), "resumed after row {k}");
    }
});
