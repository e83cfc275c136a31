//! CSV source files: the CsvConfiguration options, the reader, the header row and cell access.

use csv::{ByteRecord, Reader, ReaderBuilder, StringRecord};
use serde::Serialize;

use crate::types::CsvConfiguration;
use crate::validate::{Diagnostic, MemberPath, Rule};

/// One CSV row is at most 16 MB (ts-limits, hard limit).
pub const MAX_ROW_BYTES: u64 = 16 * 1024 * 1024;
/// The UTF-8 byte order mark (Excel output): a file starting with it fails (batch-load-preparing-data-file).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The column separators the documentation lists: comma, pipe, semicolon, tab, blank space.
pub const SEPARATORS: &[u8] = b",|;\t ";
/// The quote characters the documentation lists.
pub const QUOTES: &[u8] = b"\"'";

/// CsvConfiguration resolved to bytes, with the defaults (comma, double quote, no escape, no
/// null marker, no trimming).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvOptions {
    pub separator: u8,
    pub quote: u8,
    pub escape: Option<u8>,
    pub null_value: Option<String>,
    pub trim: bool,
}

crate::value_de::lean_reader!(CsvOptions, Camel; separator, quote, escape, null_value, trim);

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { separator: b',', quote: b'"', escape: None, null_value: None, trim: false }
    }
}

fn single_ascii(s: &str) -> Option<u8> {
    let b = s.as_bytes();
    (b.len() == 1 && b[0].is_ascii()).then(|| b[0])
}

fn shown(c: u8) -> String {
    match c {
        b'\t' => "tab".into(),
        b' ' => "blank space".into(),
        c => format!("'{}'", c as char),
    }
}

impl CsvOptions {
    /// Reads the options; every problem becomes a diagnostic under `path`
    /// (`DataSourceConfiguration.CsvConfiguration`).
    pub fn from_config(c: Option<&CsvConfiguration>, path: &MemberPath, out: &mut Vec<Diagnostic>) -> CsvOptions {
        let mut o = CsvOptions::default();
        let Some(c) = c else { return o };
        if let Some(s) = &c.column_separator {
            match single_ascii(s).filter(|b| SEPARATORS.contains(b)) {
                Some(b) => o.separator = b,
                None => out.push(Diagnostic::new(
                    path.member("ColumnSeparator"),
                    Rule::Semantic,
                    format!("Invalid ColumnSeparator {s:?}: the column separator must be one of comma (,), pipe (|), semicolon (;), tab or blank space."),
                )),
            }
        }
        if let Some(s) = &c.quote_char {
            match single_ascii(s).filter(|b| QUOTES.contains(b)) {
                Some(b) => o.quote = b,
                None => out.push(Diagnostic::new(
                    path.member("QuoteChar"),
                    Rule::Semantic,
                    format!("Invalid QuoteChar {s:?}: the quote character must be a single quote (') or a double quote (\")."),
                )),
            }
        }
        if let Some(s) = &c.escape_char {
            match single_ascii(s).filter(|b| !b.is_ascii_control() || *b == b'\t') {
                Some(b) => o.escape = Some(b),
                None => out.push(Diagnostic::new(
                    path.member("EscapeChar"),
                    Rule::Semantic,
                    format!("Invalid EscapeChar {s:?}: the escape character must be a single printable ASCII character."),
                )),
            }
        }
        if o.separator == o.quote {
            out.push(Diagnostic::new(
                path.member("QuoteChar"),
                Rule::Semantic,
                format!("QuoteChar and ColumnSeparator must be different characters; both are {}.", shown(o.quote)),
            ));
        }
        if let Some(e) = o.escape {
            if e == o.separator {
                out.push(Diagnostic::new(
                    path.member("EscapeChar"),
                    Rule::Semantic,
                    format!("EscapeChar and ColumnSeparator must be different characters; both are {}.", shown(e)),
                ));
            }
        }
        o.null_value = c.null_value.clone();
        o.trim = c.trim_white_space.unwrap_or(false);
        o
    }

    /// A reader over `data` (no header handling: the first record is the header row).
    pub fn reader<'a>(&self, data: &'a [u8]) -> Reader<&'a [u8]> {
        ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.separator)
            .quote(self.quote)
            .escape(self.escape)
            .double_quote(true)
            .buffer_capacity(64 * 1024)
            .from_reader(data)
    }

    /// Cell `i` of a row: `Ok(None)` for an absent, empty or NullValue cell, `Err` when the cell
    /// is not UTF-8.
    pub fn cell<'r>(&self, row: &Cells<'r>, i: usize) -> Result<Option<&'r str>, std::str::Utf8Error> {
        let mut text = match *row {
            Cells::Text(r) => match r.get(i) {
                Some(t) => t,
                None => return Ok(None),
            },
            Cells::Bytes(r) => match r.get(i) {
                Some(b) => std::str::from_utf8(b)?,
                None => return Ok(None),
            },
            Cells::Line { text, ends } => match line_cell(text, ends, i) {
                Some(t) => t,
                None => return Ok(None),
            },
        };
        if self.trim {
            text = text.trim();
        }
        if text.is_empty() || self.null_value.as_deref() == Some(text) {
            return Ok(None);
        }
        Ok(Some(text))
    }
}

/// The cells of a row as text. A row that is UTF-8 as a whole (nearly every one) is checked once,
/// as a `StringRecord` or as a whole line; any other row cell by cell as the cells are read, so
/// that only a row whose mapped cells are not UTF-8 fails.
#[derive(Debug, Clone, Copy)]
pub enum Cells<'r> {
    Text(&'r StringRecord),
    Bytes(&'r ByteRecord),
    /// A plain line (no quote, no line break) and where each of its cells ends: cell `i` is the
    /// text from just after cell `i - 1`'s separator up to `ends[i]`.
    Line {
        text: &'r str,
        ends: &'r [usize],
    },
}

/// Cell `i` of a line cut at `ends` (see [`Cells::Line`]; the separators are ASCII, so every
/// cut is at a character boundary).
#[inline]
fn line_cell<'r>(line: &'r str, ends: &[usize], i: usize) -> Option<&'r str> {
    let start = match i {
        0 => 0,
        _ => *ends.get(i - 1)? + 1,
    };
    line.get(start..*ends.get(i)?)
}

impl<'r> Cells<'r> {
    pub fn len(&self) -> usize {
        match self {
            Cells::Text(r) => r.len(),
            Cells::Bytes(r) => r.len(),
            Cells::Line { ends, .. } => ends.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Cell `i` as bytes (as read, before trimming or the NullValue check).
    pub fn get(&self, i: usize) -> Option<&'r [u8]> {
        match *self {
            Cells::Text(r) => r.get(i).map(str::as_bytes),
            Cells::Bytes(r) => r.get(i),
            Cells::Line { text, ends } => line_cell(text, ends, i).map(str::as_bytes),
        }
    }
}

/// The header row of a file and the byte offset / line where data rows start.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub names: Vec<String>,
    pub data_offset: u64,
    pub data_line: u64,
}

/// Reads the header row of a file; the error is the file-level reason.
pub fn read_header(opts: &CsvOptions, data: &[u8]) -> Result<Header, String> {
    if data.starts_with(UTF8_BOM) {
        return Err("The file begins with a UTF-8 byte order mark (BOM). Save the file as UTF-8 without a BOM.".into());
    }
    let mut reader = opts.reader(data);
    let mut row = ByteRecord::new();
    match reader.read_byte_record(&mut row) {
        Ok(true) => {}
        Ok(false) => return Err("The file is empty: a header row with the column names is required.".into()),
        Err(e) => return Err(format!("The header row cannot be parsed: {e}.")),
    }
    let pos = reader.position();
    if pos.byte() > MAX_ROW_BYTES {
        return Err("The header row exceeds the maximum row size of 16 MB.".into());
    }
    let mut names = Vec::with_capacity(row.len());
    for cell in row.iter() {
        let Ok(mut name) = std::str::from_utf8(cell) else {
            return Err("The header row is not valid UTF-8.".into());
        };
        if opts.trim {
            name = name.trim();
        }
        names.push(name.to_string());
    }
    Ok(Header { names, data_offset: pos.byte(), data_line: pos.line() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        let mut out = Vec::new();
        let cfg = CsvConfiguration { column_separator: Some("#".into()), quote_char: Some("`".into()), ..Default::default() };
        CsvOptions::from_config(Some(&cfg), &MemberPath::root(), &mut out);
        assert_eq!(out.len(), 2, "{out:?}");
        out.clear();
        let cfg = CsvConfiguration { column_separator: Some("\t".into()), escape_char: Some("\\".into()), ..Default::default() };
        let o = CsvOptions::from_config(Some(&cfg), &MemberPath::root(), &mut out);
        assert!(out.is_empty());
        assert_eq!((o.separator, o.escape), (b'\t', Some(b'\\')));
    }

    #[test]
    fn header_positions_and_bom() {
        let h = read_header(&CsvOptions::default(), b"a,b\r\n1,2\n").unwrap();
        assert_eq!(h.names, ["a", "b"]);
        // With CRLF the reader stops after the CR: offset and line still agree (byte 4 is on line 1).
        assert_eq!((h.data_offset, h.data_line), (4, 1));
        assert!(read_header(&CsvOptions::default(), b"\xEF\xBB\xBFa,b\n").unwrap_err().contains("BOM"));
        assert!(read_header(&CsvOptions::default(), b"").unwrap_err().contains("empty"));
    }
}
