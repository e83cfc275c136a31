//! The editor's document and the textarea's share of it (window.rs): which lines the textarea
//! holds, where it sits in the scroll container, and the selection in document bytes. A small
//! document is one window (the textarea holds it all, as it always did). Browser undo (Ctrl+Z)
//! works within a window: setting the textarea's value on a slide clears its history.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};

use crate::state::Text;

use super::window::{byte_of, is_big, line_at, utf16_of, Size, Win, MARGIN, SPAN};

/// The editor's line height and padding in CSS pixels (as in the `.code` styles).
pub const LINE_PX: i32 = 20;
pub const PAD_PX: i32 = 8;

#[derive(Default)]
pub struct Doc {
    /// The document: the props' value, or ours after an edit until the app's state has it.
    pub text: Text,
    /// The props' value `text` was last compared with (the app may render once more with the
    /// value before our edit: that is not a change from outside).
    seen: Option<Text>,
    /// The text of our last edit, as sent to the app: when it comes back as the props' value it
    /// is `text` without comparing megabytes.
    sent: Option<Text>,
    pub size: Size,
    pub win: Win,
    /// Whether the document is windowed (window.rs `is_big`).
    pub big: bool,
    /// The textarea holds the window's text and sits at its place.
    synced: bool,
    /// The textarea holds the window's text already (the next sync only places it).
    keep: bool,
    /// Ctrl+A of a windowed document: the whole document is selected, not only the window.
    pub all: bool,
    /// The selection (document bytes) while it is outside the window (the view slid away).
    pub away: Option<(usize, usize)>,
    /// A selection (document bytes) for the next sync.
    pub caret: Option<(usize, usize)>,
    /// After the next sync, scroll the caret into view (a paste, typing over a select-all).
    pub reveal: bool,
}

pub type DocRef = Rc<RefCell<Doc>>;

/// `el.style.setProperty(property, value)`, through the CSSOM (allowed by the CSP); an empty
/// value removes the property.
pub fn set_style(el: &Element, property: &str, value: &str) {
    let Ok(style) = js_sys::Reflect::get(el, &"style".into()) else { return };
    let Ok(set) = js_sys::Reflect::get(&style, &"setProperty".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else { return };
    let _ = set.call2(&style, &property.into(), &value.into());
}

impl Doc {
    /// Takes the props' value; a change from outside (Reset, a quick fix, another operation, a
    /// recognised paste) is measured again and windowed at the same first line.
    pub fn take(&mut self, value: &Text) {
        let same = |a: &Option<Text>| a.as_ref().is_some_and(|a| a.same(value));
        if same(&self.seen) {
            return;
        }
        let ours = same(&self.sent);
        self.seen = Some(value.clone());
        if !ours && *self.text != **value {
            self.text = value.clone();
            self.all = false;
            self.away = None;
            self.replace_all(self.win.first);
        }
    }

    /// Measures the whole text and places the window at about line `first`.
    pub fn replace_all(&mut self, first: usize) {
        self.size = Size::of(&self.text);
        self.big = is_big(self.text.len(), self.size);
        self.win = if self.big { Win::default().slide(&self.text, self.size, first) } else { Win::whole(&self.text, self.size) };
        (self.synced, self.keep) = (false, false);
    }

    /// The window's text (what the textarea holds).
    pub fn shown(&self) -> &str {
        &self.text[self.win.start..self.win.end]
    }

    /// The textarea's selection in document bytes (where it was left when it is away).
    pub fn selection(&self, el: &HtmlTextAreaElement) -> (usize, usize) {
        if let Some(away) = self.away {
            return away;
        }
        let shown = self.shown();
        let at = |u: Option<u32>| self.win.start + byte_of(shown, u.unwrap_or(0));
        (at(el.selection_start().ok().flatten()), at(el.selection_end().ok().flatten()))
    }

    /// After an edit in the textarea: the document with the window's text replaced by the
    /// textarea's. Returns the new document (for the app's state).
    pub fn edited(&mut self, el: &HtmlTextAreaElement) -> Text {
        let value = js_sys::Reflect::get(el, &"value".into()).ok().and_then(|v| super::keys::utf8(&v)).unwrap_or_else(|| el.value());
        let (text, win, size) = super::window::splice(&self.text, &self.win, self.size, &value);
        (self.text, self.win, self.size) = (text.into(), win, size);
        self.all = false;
        self.away = None;
        if is_big(self.text.len(), self.size) != self.big {
            // Crossed the threshold either way: window it (or not) around the caret. The
            // textarea keeps its value when that is the new window (one long line).
            let (sel, held) = (self.selection(el), self.win);
            self.replace_all(line_at(&self.text, &self.win, sel.0).saturating_sub(SPAN / 3));
            self.keep = (self.win.start, self.win.end) == (held.start, held.end);
            self.caret = Some(sel);
        }
        self.send()
    }

    /// The document as the app's text (the same `Text`, kept to know it when it comes back).
    fn send(&mut self) -> Text {
        self.sent = Some(self.text.clone());
        self.text.clone()
    }

    /// Replaces bytes `start..end` of the document with `insert` (a paste, a typed key over a
    /// select-all, a quick fix); the caret goes after the insert.
    pub fn replace(&mut self, start: usize, end: usize, insert: &str) -> Text {
        let keep = |i: usize| (0..=i.min(self.text.len())).rev().find(|&i| self.text.is_char_boundary(i)).unwrap_or(0);
        let (start, end) = (keep(start), keep(end.max(start)));
        // The caret's line after the edit, counted from the window (not from the top).
        let line = line_at(&self.text, &self.win, start) + memchr::memchr_iter(b'\n', insert.as_bytes()).count();
        // Copied in three pieces (`replace_range` moved a 5 MB tail a byte at a time at opt-level z).
        let mut text = String::with_capacity(self.text.len() - (end - start) + insert.len());
        text.push_str(&self.text[..start]);
        text.push_str(insert);
        text.push_str(&self.text[end..]);
        self.text = text.into();
        self.all = false;
        self.away = None;
        let at = start + insert.len();
        self.size = Size::of(&self.text);
        self.big = is_big(self.text.len(), self.size);
        self.win = if self.big {
            let from = self.text[..at].rfind('\n').map_or(0, |p| p + 1);
            Win { first: line, lines: 0, start: from, end: from }.slide(&self.text, self.size, line.saturating_sub(SPAN / 3))
        } else {
            Win::whole(&self.text, self.size)
        };
        (self.synced, self.keep) = (false, false);
        self.caret = Some((at, at));
        self.send()
    }

    /// Puts the window's text into the textarea and the textarea at the window's place (inside
    /// the scroll container's spacer when windowed), then the pending selection. A selection
    /// outside the window first slides the window to it.
    pub fn sync(&mut self, el: &HtmlTextAreaElement) {
        if let Some((s, _)) = self.caret {
            if self.big && !self.win.holds(s) {
                let line = line_at(&self.text, &self.win, s);
                self.win = self.win.slide(&self.text, self.size, line.saturating_sub(SPAN / 3));
                (self.synced, self.keep) = (false, false);
            }
        }
        if !self.synced {
            if !std::mem::take(&mut self.keep) {
                el.set_value(self.shown());
            }
            let (top, height) = if self.big {
                (format!("{}px", self.win.first as i32 * LINE_PX), format!("{}px", self.win.lines as i32 * LINE_PX + 2 * PAD_PX))
            } else {
                (String::new(), String::new())
            };
            set_style(el, "top", &top);
            set_style(el, "height", &height);
            self.synced = true;
        }
        if let Some((s, e)) = self.caret.take() {
            let (s, e) = (s.clamp(self.win.start, self.win.end), e.clamp(self.win.start, self.win.end));
            let shown = self.shown();
            let _ = el.set_selection_range(utf16_of(shown, s - self.win.start), utf16_of(shown, e - self.win.start));
            self.away = None;
        }
    }

    /// Slides the window when the view (lines `top..bottom`) comes near its edge; the selection
    /// stays where it was in the document (kept as `away` when the window leaves it).
    pub fn follow(&mut self, el: &HtmlTextAreaElement, top: usize, bottom: usize) {
        let w = self.win;
        let low_ok = w.first == 0 || top >= w.first + MARGIN;
        let high_ok = w.first + w.lines >= self.size.lines || bottom + MARGIN <= w.first + w.lines;
        if !self.big || !self.synced || (low_ok && high_ok) {
            return;
        }
        let sel = self.selection(el);
        self.win = w.slide(&self.text, self.size, top.saturating_sub(SPAN.saturating_sub(bottom - top) / 2));
        (self.synced, self.keep) = (false, false);
        if self.all {
            self.caret = Some((self.win.start, self.win.end));
        } else if self.win.holds(sel.0) && self.win.holds(sel.1) {
            self.caret = Some(sel);
        } else {
            self.away = Some(sel);
        }
        self.sync(el);
    }

    /// Selects bytes `start..end` of the document in the textarea (sliding the window there)
    /// and scrolls `scroller` so that its line is in view, a third from the top, unless it is.
    pub fn select(&mut self, el: &HtmlTextAreaElement, scroller: &Element, (start, end): (usize, usize)) {
        self.all = false;
        self.away = None;
        self.caret = Some((start, end));
        self.sync(el);
        self.show(scroller, start, None);
    }

    /// Scrolls `scroller` so that the line of byte `at` is in view, a third from the top,
    /// unless it is. `seen`: where the view was at the last frame, when the DOM has just changed
    /// (read from `scroller` then, it would lay the editor out at once: 15 ms of a 5 MB paste's
    /// task), else `None` (read).
    pub fn show(&self, scroller: &Element, at: usize, seen: Option<super::View>) {
        let v = seen.filter(|v| v.height > 0).unwrap_or_else(|| super::View::of(scroller));
        let line = line_at(&self.text, &self.win, at) as i32;
        let y = line * LINE_PX;
        if y < v.top || y + LINE_PX + 2 * PAD_PX > v.top + v.height {
            scroller.set_scroll_top((y - v.height / 3).max(0));
        }
        // And its column (monospace characters are about 0.6 em: 7.8 px at 13 px).
        let at = at.min(self.text.len());
        let column = at - self.text.as_bytes()[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let x = PAD_PX + (column as f64 * 7.8) as i32;
        if x < v.left || x + 4 * LINE_PX > v.left + v.width {
            scroller.set_scroll_left((x - v.width / 3).max(0));
        }
    }
}
