//! The data rows of a CSV file read from a saved position (the task cursor's byte offset and
//! line), as batch runs and previews read them: plain lines cut at their separators, the rest
//! by the csv reader (`csvsrc` holds the options and the header).

use csv::{ByteRecord, StringRecord};

use super::csvsrc::{Cells, CsvOptions};

/// The line a row really starts on: csv positions point just after the previous row, before
/// any blank lines the reader skipped.
fn first_content_line(data: &[u8], offset: usize, line: u64) -> u64 {
    let mut l = line;
    for &b in data.get(offset..).unwrap_or(&[]) {
        match b {
            b'\n' => l += 1,
            b'\r' => {}
            _ => break,
        }
    }
    l
}

/// Where one data row is in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowAt {
    /// The line the row starts on (1-based; the header row is line 1).
    pub line: u64,
    /// The row's size in bytes (metered).
    pub bytes: u64,
    /// Byte offset and line just after the row: where the next read starts.
    pub next_offset: u64,
    pub next_line: u64,
}

/// The data rows of a file from a position (byte offset and line, as kept in the task cursor).
///
/// A plain line — ended by `\n`, not empty, with no quote character and no `\r` — is one row
/// whose cells are its text between separators: the csv reader would read it so too, and it is
/// read here at a fraction of the cost (the reader's state machine looks at every byte and copies
/// every cell; this looks for three bytes at once, then for the separator, and copies nothing).
/// From the first line that is not plain on, the csv reader reads the rest
/// (engine/tests/batch_rows.rs compares both on random files).
pub struct Rows<'d> {
    data: &'d [u8],
    /// Where the next row starts (offset, line) while lines are read here; None once the csv
    /// reader took over.
    plain: Option<(usize, u64)>,
    base: usize,
    base_line: u64,
    /// The csv reader, from `base` on (made when it takes over).
    reader: Option<csv::Reader<&'d [u8]>>,
    opts: CsvOptions,
}

/// A row as [`Rows::next`] read it, with buffers kept from row to row; [`Row::cells`] is its view.
#[derive(Debug, Default)]
pub struct Row<'d> {
    form: Form<'d>,
    /// Where each cell of a plain line ends.
    ends: Vec<usize>,
    /// The cells of a row the csv reader read, or of a plain line that is not UTF-8.
    bytes: ByteRecord,
    /// The cells of a row the csv reader read, once checked as UTF-8 (the buffer of `bytes`,
    /// moved here and back).
    text: StringRecord,
}

/// Which buffer of a [`Row`] holds its cells.
#[derive(Debug, Default, Clone, Copy)]
enum Form<'d> {
    /// `bytes` (a row that is not UTF-8 as a whole).
    #[default]
    Bytes,
    /// `text` (a row the csv reader read).
    Text,
    /// A plain line of the file, cut at `ends`.
    Line(&'d str),
}

impl Row<'_> {
    /// The row's cells, whichever way it was read.
    pub fn cells(&self) -> Cells<'_> {
        match self.form {
            Form::Bytes => Cells::Bytes(&self.bytes),
            Form::Text => Cells::Text(&self.text),
            Form::Line(text) => Cells::Line { text, ends: &self.ends },
        }
    }

    /// `bytes` to be filled, now the row's form (its buffer taken back from `text` if it is there).
    fn bytes_to_fill(&mut self) -> &mut ByteRecord {
        if let Form::Text = self.form {
            self.bytes = std::mem::take(&mut self.text).into_byte_record();
        }
        self.form = Form::Bytes;
        &mut self.bytes
    }
}

impl<'d> Rows<'d> {
    pub fn new(opts: &CsvOptions, data: &'d [u8], offset: u64, line: u64) -> Self {
        let base = (offset as usize).min(data.len());
        Rows { data, plain: Some((base, line)), base, base_line: line, reader: None, opts: opts.clone() }
    }

    /// [`Rows::new`] with every row read by the csv reader (for tests that compare).
    pub fn csv_only(opts: &CsvOptions, data: &'d [u8], offset: u64, line: u64) -> Self {
        let mut rows = Rows::new(opts, data, offset, line);
        rows.plain = None;
        rows
    }

    /// Reads the next row into `row`: `Ok(None)` at the end of the file.
    pub fn next(&mut self, row: &mut Row<'d>) -> Result<Option<RowAt>, csv::Error> {
        if let Some((at, line)) = self.plain {
            if let Some(found) = self.plain_line(at, line, row) {
                return Ok(Some(found));
            }
            self.plain = None;
            (self.base, self.base_line) = (at, line);
        }
        let reader = self.reader.get_or_insert_with(|| self.opts.reader(&self.data[self.base..]));
        if !reader.read_byte_record(row.bytes_to_fill())? {
            return Ok(None);
        }
        let (start_byte, start_line) = row.bytes.position().map_or((0, 1), |p| (p.byte(), p.line()));
        // One UTF-8 check for the whole row; a row that fails it is read cell by cell.
        match StringRecord::from_byte_record(std::mem::take(&mut row.bytes)) {
            Ok(text) => (row.text, row.form) = (text, Form::Text),
            Err(e) => row.bytes = e.into_byte_record(),
        }
        let next = reader.position();
        Ok(Some(RowAt {
            line: first_content_line(self.data, self.base + start_byte as usize, self.base_line + start_line - 1),
            bytes: next.byte() - start_byte,
            next_offset: self.base as u64 + next.byte(),
            next_line: self.base_line + next.line() - 1,
        }))
    }

    /// The plain line at `at` as a row, or None when the line is not plain (see the type's doc).
    #[inline]
    fn plain_line(&mut self, at: usize, line: u64, row: &mut Row<'d>) -> Option<RowAt> {
        let rest = &self.data[at..];
        let end = memchr::memchr3(b'\n', b'\r', self.opts.quote, rest)?;
        if end == 0 || rest[end] != b'\n' {
            return None;
        }
        let cells = &rest[..end];
        row.ends.clear();
        row.ends.extend(memchr::memchr_iter(self.opts.separator, cells));
        row.ends.push(end);
        match std::str::from_utf8(cells) {
            Ok(text) => row.form = Form::Line(text),
            Err(_) => {
                row.bytes_to_fill().clear();
                let mut start = 0;
                for &e in &row.ends {
                    row.bytes.push_field(&cells[start..e]);
                    start = e + 1;
                }
            }
        }
        let next = at + end + 1;
        self.plain = Some((next, line + 1));
        Some(RowAt { line, bytes: end as u64 + 1, next_offset: next as u64, next_line: line + 1 })
    }
}
