//! Differential: batch-load rows read with the plain-line reader against the csv crate alone,
//! on the same file. From the header's end: the same cells, lines, sizes, resume positions and
//! errors. Resumed at the cursor after one row, chosen by a hash of the input (over a campaign,
//! every row's cursor): both readers give the rows the read from the header gave after that row.
//!
//! One cursor per input, not every row's: each reader started builds the csv crate's state
//! machine (most of an input's time in the instrumented build), and reading on from every cursor
//! is quadratic in the rows.
#![no_main]

use std::hash::{DefaultHasher, Hash, Hasher};

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
    let mut h = DefaultHasher::new();
    data.hash(&mut h);
    let k = (h.finish() % expected.len().max(1) as u64) as usize;
    let Some(Ok((_, _, next_offset, next_line, _))) = expected.get(k) else { return };
    let rest = &expected[k + 1..];
    assert_eq!(csv_rows(&opts, file, *next_offset, *next_line, true), rest, "csv reader resumed after row {k}");
    assert_eq!(csv_rows(&opts, file, *next_offset, *next_line, false), rest, "plain-line reader resumed after row {k}");
});
