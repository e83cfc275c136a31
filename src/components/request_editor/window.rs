//! The window of a big document (issue 15: a 5 MB paste stays usable). Chromium's own work on
//! a textarea grows with its text (setting a 5 MB value takes seconds, each keystroke relayouts
//! it), so past `BIG_LINES`, or `BIG_BYTES` in more than `SPAN` lines, the textarea holds only
//! `SPAN` whole lines around the view; the document itself is the app's. Everything here is in
//! bytes of the document except `utf16_of`/`byte_of`, which convert to and from the textarea's
//! UTF-16 offsets.

/// From this size on the textarea holds a window of the document.
pub const BIG_BYTES: usize = 256 * 1024;
pub const BIG_LINES: usize = 5_000;
/// Lines in the window, and how near (in lines) the view may come to its edge before it slides.
pub const SPAN: usize = 600;
pub const MARGIN: usize = 150;

/// A document's number of lines and its longest line in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Size {
    pub lines: usize,
    pub longest: usize,
}

impl Size {
    /// One pass over the bytes (a 5 MB paste is measured once).
    pub fn of(text: &str) -> Size {
        // memchr: a 5 MB document took 28 ms a byte at a time in the browser.
        let (mut lines, mut longest, mut from) = (1, 0, 0);
        for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
            longest = longest.max(i - from);
            (lines, from) = (lines + 1, i + 1);
        }
        Size { lines, longest: longest.max(text.len() - from) }
    }
}

/// Whether a document of `bytes` and `size` is windowed. A document of few long lines is not: a
/// window of whole lines would hold all of it (and be as wide as its longest line).
pub fn is_big(bytes: usize, size: Size) -> bool {
    size.lines > BIG_LINES || (bytes > BIG_BYTES && size.lines > SPAN)
}

/// The lines `first..first + lines` of the document: bytes `start..end`, from the start of the
/// first line to the end of the last (its newline excluded).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Win {
    pub first: usize,
    pub lines: usize,
    pub start: usize,
    pub end: usize,
}

impl Win {
    /// The whole document (a small one is not windowed).
    pub fn whole(text: &str, size: Size) -> Win {
        Win { first: 0, lines: size.lines, start: 0, end: text.len() }
    }

    /// Whether byte `at` of the document is in the window (its end included: a caret there).
    pub fn holds(&self, at: usize) -> bool {
        self.start <= at && at <= self.end
    }

    /// SPAN lines from about line `first` (fewer at the end of the document), found by walking
    /// from this window's first line (a slide reads the lines between, not the document).
    pub fn slide(&self, text: &str, size: Size, first: usize) -> Win {
        let first = first.min(size.lines.saturating_sub(SPAN));
        let lines = SPAN.min(size.lines - first);
        let start = seek(text, (self.first, self.start), first);
        let end = seek(text, (first, start), first + lines).saturating_sub(1).max(start);
        Win { first, lines, start, end: end.min(text.len()) }
    }
}

/// The byte where line `to` starts, walking from a known line start `(line, at)`; one past the
/// end of the text (as if it ended with a newline) for the line after the last.
/// (One pass of memchr's iterators: a call per line took 7–10 ms to walk 150,000 lines.)
pub fn seek(text: &str, (line, at): (usize, usize), to: usize) -> usize {
    let b = text.as_bytes();
    if to > line {
        let at = at.min(b.len());
        // Past the (to - line)th line break from here.
        memchr::memchr_iter(b'\n', &b[at..]).nth(to - line - 1).map_or(b.len() + 1, |p| at + p + 1)
    } else if to < line && at > 0 {
        // After the (line - to)th line break before this line's own.
        let at = at.min(b.len() + 1);
        memchr::memrchr_iter(b'\n', &b[..at - 1]).nth(line - to - 1).map_or(0, |p| p + 1)
    } else {
        at
    }
}

/// The 0-based line of byte `at`, counted from the window's first line (either way).
pub fn line_at(text: &str, win: &Win, at: usize) -> usize {
    let b = text.as_bytes();
    let at = at.min(b.len());
    if at >= win.start {
        win.first + memchr::memchr_iter(b'\n', &b[win.start..at]).count()
    } else {
        win.first - memchr::memchr_iter(b'\n', &b[at..win.start]).count()
    }
}

/// The lines `first..first + count` of the text, each with its byte offset, walking from the
/// window's first line.
pub fn lines_in_view<'a>(text: &'a str, win: &Win, first: usize, count: usize) -> Vec<(usize, &'a str)> {
    let mut at = seek(text, (win.first, win.start), first);
    let mut out = Vec::with_capacity(count);
    while out.len() < count && at <= text.len() {
        let line = text[at..].split('\n').next().unwrap_or("");
        out.push((at, line));
        at += line.len() + 1;
    }
    out
}

/// The document with the window's bytes replaced by `new` (what the textarea holds after an
/// edit), the window and size after it. The window holds whole lines, so the lines outside it
/// are unchanged; the longest line is an upper bound until the next full measure.
pub fn splice(text: &str, win: &Win, size: Size, new: &str) -> (String, Win, Size) {
    let mut out = String::with_capacity(text.len() - (win.end - win.start) + new.len());
    out.push_str(&text[..win.start]);
    out.push_str(new);
    out.push_str(&text[win.end..]);
    let inner = Size::of(new);
    let size = Size { lines: size.lines - win.lines + inner.lines, longest: size.longest.max(inner.longest) };
    (out, Win { end: win.start + new.len(), lines: inner.lines, ..*win }, size)
}

/// UTF-16 offset (the textarea's) of a byte offset, and back.
pub fn utf16_of(text: &str, byte: usize) -> u32 {
    let byte = byte.min(text.len());
    if text.is_ascii() {
        return byte as u32;
    }
    text[..byte].encode_utf16().count() as u32
}
pub fn byte_of(text: &str, utf16: u32) -> usize {
    if text.is_ascii() {
        return (utf16 as usize).min(text.len());
    }
    let mut n = 0;
    for (i, c) in text.char_indices() {
        if n >= utf16 as usize {
            return i;
        }
        n += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: usize) -> String {
        (0..n).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_window_holds_whole_lines_and_slides_either_way() {
        let text = doc(2000);
        let size = Size::of(&text);
        assert_eq!(size, Size { lines: 2000, longest: 9 });
        let w = Win::whole(&text, size).slide(&text, size, 700);
        assert_eq!((w.first, w.lines), (700, SPAN));
        assert!(text[w.start..w.end].starts_with("line 700\n") && text[w.start..w.end].ends_with("\nline 1299"));
        // Back up from there, and past the end (clamped to the last SPAN lines).
        let back = w.slide(&text, size, 3);
        assert!(text[back.start..back.end].starts_with("line 3\n"), "{}", &text[back.start..back.start + 10]);
        let end = back.slide(&text, size, 5000);
        assert_eq!((end.first, end.end), (2000 - SPAN, text.len()));
        assert!(text[end.start..].starts_with("line 1400\n"));
        assert_eq!(line_at(&text, &end, text.find("line 1500").unwrap()), 1500);
        assert_eq!(line_at(&text, &end, text.find("line 12\n").unwrap()), 12);
        assert_eq!(lines_in_view(&text, &end, 1998, 5), [(text.find("line 1998").unwrap(), "line 1998"), (text.find("line 1999").unwrap(), "line 1999")]);
    }

    #[test]
    fn an_edit_of_the_window_splices_into_the_document() {
        let text = doc(1000);
        let size = Size::of(&text);
        let w = Win::whole(&text, size).slide(&text, size, 100);
        let new = text[w.start..w.end].replacen("line 150", "line 150\nadded\nand a much longer line than the others", 1);
        let (out, w2, size2) = splice(&text, &w, size, &new);
        assert_eq!(out, text.replacen("line 150\n", "line 150\nadded\nand a much longer line than the others\n", 1));
        assert_eq!((w2.first, w2.lines, w2.start, size2.lines), (100, SPAN + 2, w.start, 1002));
        assert_eq!(&out[w2.start..w2.end], new);
        assert_eq!(size2.longest, "and a much longer line than the others".len());
        // Small documents are whole; big ones by size or by lines.
        assert!(!is_big(text.len(), size) && is_big(text.len(), Size { lines: BIG_LINES + 1, longest: 1 }) && is_big(BIG_BYTES + 1, size));
        assert!(!is_big(5_000_000, Size { lines: 1, longest: 5_000_000 }), "one long line");
    }

    #[test]
    fn seek_finds_any_line_from_any_line_start() {
        let text = "a\n\nbc\nd\n\nlast";
        let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        for (from, &at) in starts.iter().enumerate() {
            for to in 0..starts.len() + 3 {
                let want = starts.get(to).copied().unwrap_or(text.len() + 1);
                assert_eq!(seek(text, (from, at), to), want, "from line {from} to {to}");
            }
        }
        assert_eq!(seek("", (0, 0), 1), 1);
    }

    #[test]
    fn offsets_convert_between_bytes_and_utf16() {
        let t = "aé😀b";
        assert_eq!([0, 1, 3, 7, 8].map(|b| utf16_of(t, b)), [0, 1, 2, 4, 5]);
        assert_eq!([0, 1, 2, 4, 5].map(|u| byte_of(t, u)), [0, 1, 3, 7, 8]);
    }
}
