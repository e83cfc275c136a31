//! The request body editor: a textarea of fixed height over a backdrop that colours the JSON and
//! squiggles each diagnostic's member (src/components/highlight.rs), both drawn for the lines in
//! view only. Hovering a squiggle shows its message; clicking a diagnostic (in the list beside
//! or on its squiggle) selects its member, and the caret on a member marks its diagnostic in the
//! list. Ctrl+Enter (Cmd+Enter on a Mac) runs. A big document (request_editor/window.rs) is
//! windowed: the textarea holds the lines around the view inside a scroll container as tall as
//! the whole document (request_editor/doc.rs), and select-all, copy, cut and paste act on the
//! whole document (request_editor/keys.rs).

mod doc;
mod keys;
mod window;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use timestream_engine::recognise::Note;
use timestream_engine::{Diagnostic, Operation};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::diagnostics::{target, Diagnostics};
use super::highlight::{line_html, Mark, LONGEST_COLOURED};
use super::quick_fix::{fix_for, Fix};
use crate::state::{Pasted, Text};
use doc::{set_style, Doc, DocRef, LINE_PX};
use keys::{focus_quiet, Outcome, Paste, Pasting};
use window::lines_in_view;

#[derive(Properties, PartialEq)]
pub struct RequestEditorProps {
    pub value: Text,
    pub onedit: Callback<Text>,
    /// The text after a paste, recognised for `operation` (the app may switch operation).
    pub onpaste: Callback<Pasted>,
    /// The operation the text is a request of.
    pub operation: Operation,
    pub onrun: Callback<()>,
    pub diagnostics: Rc<[Diagnostic]>,
    /// `diagnostics` are for an earlier text; the answer for this one is on its way.
    #[prop_or_default]
    pub checking: bool,
    /// What the last paste of code converted, or where it stopped.
    #[prop_or_default]
    pub note: Option<Rc<Note>>,
    /// Bytes `start..end` of the text to select and bring into view (a rejected record from the
    /// response); the third number tells one request from the next.
    #[prop_or_default]
    pub reveal: Option<(usize, usize, u32)>,
}

/// The scroll position and inner size of what scrolls (the textarea, or the scroll container
/// of a windowed document).
#[derive(Clone, Copy, PartialEq, Default)]
pub(crate) struct View {
    top: i32,
    left: i32,
    width: i32,
    height: i32,
}

impl View {
    /// Where `s` is scrolled and its inner size, read from the DOM (a layout if it just changed).
    fn of(s: &Element) -> View {
        View { top: s.scroll_top(), left: s.scroll_left(), width: s.client_width(), height: s.client_height() }
    }
}

/// Each diagnostic's place in `text`: the engine's span, else (a syntax error) where its
/// message points; clamped to the text as it is now (the answer may be for an older text).
fn marks(text: &str, list: &[Diagnostic]) -> Vec<Mark> {
    let fit = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    list.iter()
        .enumerate()
        .filter_map(|(index, d)| {
            let (s, e) = d.span.map(|[s, e]| (s as usize, e as usize)).or_else(|| target(text, d))?;
            let (start, mut end) = (fit(s), fit(e));
            if end <= start {
                end = fit(start + text[start..].chars().next().map_or(0, char::len_utf8));
            }
            Some(Mark { start, end, index })
        })
        .collect()
}

/// The most messages a line number's title lists; the rest are counted.
const TITLE_MESSAGES: usize = 10;

/// The title of a line number with problems: their messages, one a line, the first
/// [`TITLE_MESSAGES`] of them (a one-line request can have thousands); `None` without any.
fn gutter_title<'a>(messages: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut title = String::new();
    let mut n = 0;
    for m in messages {
        if n < TITLE_MESSAGES {
            if n > 0 {
                title.push('\n');
            }
            title.push_str(m);
        }
        n += 1;
    }
    match n {
        0 => None,
        n if n > TITLE_MESSAGES => Some(format!("{title}\n… and {} more", n - TITLE_MESSAGES)),
        _ => Some(title),
    }
}

/// The element that scrolls: the scroll container when windowed, else the textarea.
fn scrolling(doc: &DocRef, area: &NodeRef, scroller: &NodeRef) -> Option<Element> {
    if doc.borrow().big {
        scroller.cast::<Element>()
    } else {
        area.cast::<Element>()
    }
}

/// How much of a minified body is laid out over lines in one task (5 MB took 40–68 ms at once).
const LAYOUT_SLICE: usize = 1 << 20;

/// Work the editor leaves for a task of its own (it is done there, or first thing in the
/// textarea's next event).
enum Later {
    /// A big paste on its way into the document.
    Paste(Pasting),
    /// Recognise the document after a big paste (`Pasted`: its own task, apart from the render).
    Pasted(Text),
    /// Lay its body out over lines if it was minified (a task of its own), then send it to the
    /// app.
    Recognised(Pasted),
}

/// `work` done in a later task, and what it leaves in the task after that: a big paste takes
/// a task for the clipboard read (its event), one per `keys::CHUNK` read into UTF-8, one to splice
/// it into the document, one to recognise it, one per [`LAYOUT_SLICE`] to lay a minified body out
/// over lines and one for the app's render (the message to the engine is posted in a task after that:
/// `client::use_answer_to`).
fn schedule(work: Later, later: Rc<RefCell<Option<Later>>>, timer: Rc<RefCell<Option<Timeout>>>, step: Rc<dyn Fn(Later) -> Option<Later>>) {
    *later.borrow_mut() = Some(work);
    let next = timer.clone();
    let run = Timeout::new(0, move || {
        let work = later.borrow_mut().take();
        if let Some(left) = work.and_then(|w| step(w)) {
            schedule(left, later, next, step);
        }
    });
    // The timer that runs this closure is replaced while it runs: it has fired, and wasm-bindgen
    // frees a closure dropped during its call only after the call.
    *timer.borrow_mut() = Some(run);
}

#[function_component(RequestEditor)]
pub fn request_editor(props: &RequestEditorProps) -> Html {
    let (area, scroller, spacer) = (use_node_ref(), use_node_ref(), use_node_ref());
    let doc: DocRef = use_mut_ref(Doc::default);
    doc.borrow_mut().take(&props.value);
    let view = use_state_eq(|| View { height: 26 * LINE_PX, ..View::default() });
    let active = use_state_eq(|| None::<usize>);
    let tip = use_state_eq(|| None::<(usize, i32, i32)>);
    let all = use_state_eq(|| false);
    let text = &*props.value;
    let marks = Rc::new(marks(text, &props.diagnostics));

    // Where the view is; a windowed document's window follows it.
    let read_view = {
        let (doc, area, scroller, view) = (doc.clone(), area.clone(), scroller.clone(), view.clone());
        move || {
            let Some(s) = scrolling(&doc, &area, &scroller) else { return };
            let v = View::of(&s);
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                let lines = |px: i32| (px.max(0) / LINE_PX) as usize;
                doc.borrow_mut().follow(&el, lines(v.top), lines(v.top + v.height) + 1);
            }
            view.set(v);
        }
    };
    // The caret on a member marks its diagnostic; a selection other than the whole window ends
    // a select-all.
    let read_caret = {
        let (doc, area, active, marks, all) = (doc.clone(), area.clone(), active.clone(), marks.clone(), all.clone());
        move |clicked: bool| {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else { return };
            // No borrow across a state change: yew may render at once.
            let (at, whole) = {
                let mut d = doc.borrow_mut();
                if clicked {
                    d.away = None;
                }
                if d.all && (el.selection_start().ok().flatten(), el.selection_end().ok().flatten()) != (Some(0), Some(el.text_length())) {
                    d.all = false;
                }
                (d.selection(&el).0, d.all)
            };
            all.set(whole);
            active.set(marks.iter().find(|m| m.start <= at && at <= m.end).map(|m| m.index));
        }
    };
    let select = {
        let (doc, area, scroller, active, marks, read_view) = (doc.clone(), area.clone(), scroller.clone(), active.clone(), marks.clone(), read_view.clone());
        move |i: usize, whole: bool| {
            let (Some(el), Some(s)) = (area.cast::<HtmlTextAreaElement>(), scrolling(&doc, &area, &scroller)) else { return };
            focus_quiet(&el);
            if let Some(m) = marks.iter().find(|m| m.index == i) {
                doc.borrow_mut().select(&el, &s, (m.start, if whole { m.end } else { m.start }));
                read_view();
            }
            active.set(Some(i));
        }
    };
    {
        // A range asked for by the app: selected in the document (the window slides there),
        // then the editor brought into view.
        let (doc, area, scroller, read_view) = (doc.clone(), area.clone(), scroller.clone(), read_view.clone());
        use_effect_with(props.reveal, move |reveal| {
            if let (Some((start, end, _)), Some(el), Some(s)) = (*reveal, area.cast::<HtmlTextAreaElement>(), scrolling(&doc, &area, &scroller)) {
                let _ = el.focus();
                doc.borrow_mut().select(&el, &s, (start, end));
                read_view();
                crate::hooks::bring_into_view(&el);
            }
        });
    }
    let onpick = {
        let select = select.clone();
        Callback::from(move |i: usize| select(i, true))
    };
    let onmark = Callback::from(move |(i, _): (usize, MouseEvent)| select(i, false));
    // Quick fixes are buttons of the list, so only the listed diagnostics need theirs (a pasted
    // file can have thousands, each looked at on every render).
    let fixes: Vec<(usize, Fix)> = marks
        .iter()
        .filter(|m| m.index < super::diagnostics::SHOWN)
        .filter_map(|m| Some((m.index, fix_for(text, props.diagnostics.get(m.index)?, (m.start, m.end))?)))
        .collect();
    let labels: Rc<[(usize, String)]> = fixes.iter().map(|(i, f)| (*i, f.label.clone())).collect();
    let onfix = {
        let (onedit, doc, area, scroller, read_view) = (props.onedit.clone(), doc.clone(), area.clone(), scroller.clone(), read_view.clone());
        Callback::from(move |i: usize| {
            let Some((_, fix)) = fixes.iter().find(|(k, _)| *k == i) else { return };
            let (Some(el), Some(s)) = (area.cast::<HtmlTextAreaElement>(), scrolling(&doc, &area, &scroller)) else { return };
            // The caret after the edit, so the next keystroke goes where the fix went; the view
            // stays where it was.
            let (top, left) = (s.scroll_top(), s.scroll_left());
            focus_quiet(&el);
            let next = {
                let mut d = doc.borrow_mut();
                let next = d.replace(fix.start, fix.end, &fix.insert);
                d.sync(&el);
                next
            };
            s.set_scroll_top(top);
            s.set_scroll_left(left);
            read_view();
            onedit.emit(next);
        })
    };
    let onscroll = {
        let (read_view, tip) = (read_view.clone(), tip.clone());
        Callback::from(move |_: Event| {
            tip.set(None);
            read_view();
        })
    };

    // A paste sets the flag; the input event that follows sends the text to `onpaste`. A paste
    // into a big document goes into the document directly (keys.rs).
    let pasted = use_mut_ref(|| false);
    // The textarea's text into the document, then to the app.
    let apply = {
        let (onedit, onpasted, doc, operation) = (props.onedit.clone(), props.onpaste.clone(), doc.clone(), props.operation);
        Rc::new(move |area: &HtmlTextAreaElement, pasted: bool| {
            let text = doc.borrow_mut().edited(area);
            if pasted {
                onpasted.emit(Pasted::recognise(text, operation));
            } else {
                onedit.emit(text);
            }
        })
    };
    // Work left for a later task (`Later`), done there or first thing in the textarea's next
    // event (`flush`).
    let later = use_mut_ref(|| None::<Later>);
    let later_timer = use_mut_ref(|| None::<Timeout>);
    // One step of that work; what it leaves is the next step.
    let step = {
        let (doc, onpasted, operation) = (doc.clone(), props.onpaste.clone(), props.operation);
        Rc::new(move |work: Later| -> Option<Later> {
            match work {
                Later::Paste(pasting) => {
                    let step = pasting.step(&mut doc.borrow_mut());
                    return match step {
                        Ok(text) => text.map(Later::Pasted),
                        Err(left) => Some(Later::Paste(left)),
                    };
                }
                Later::Pasted(text) => return Some(Later::Recognised(Pasted::unlaid(text, operation))),
                Later::Recognised(mut pasted) if pasted.unlaid_body() => {
                    pasted.lay_out_some(LAYOUT_SLICE);
                    return Some(Later::Recognised(pasted));
                }
                Later::Recognised(pasted) => onpasted.emit(pasted),
            }
            None
        })
    };
    let flush = {
        let (later, step) = (later.clone(), step.clone());
        Rc::new(move || {
            let mut work = later.borrow_mut().take();
            while let Some(w) = work {
                work = step(w);
            }
        })
    };
    // The steps in tasks of their own, one after another.
    let schedule = {
        let (later, later_timer) = (later.clone(), later_timer.clone());
        move |work: Later| schedule(work, later.clone(), later_timer.clone(), step.clone())
    };
    let onpaste = {
        let (pasted, doc, area, onpasted, flush, schedule, operation) =
            (pasted.clone(), doc.clone(), area.clone(), props.onpaste.clone(), flush.clone(), schedule.clone(), props.operation);
        Callback::from(move |e: Event| {
            flush();
            let Some(el) = area.cast::<HtmlTextAreaElement>() else { return };
            let paste = keys::paste(&mut doc.borrow_mut(), &e, &el);
            match paste {
                Paste::Browser => *pasted.borrow_mut() = true,
                Paste::Spliced(text) => onpasted.emit(Pasted::recognise(text, operation)),
                Paste::Later(pasting) => schedule(Later::Paste(pasting)),
            }
        })
    };
    // A file dropped on the editor is its request, as if pasted over the whole text (a boto3
    // call in a .py file is converted); its text is read as a big paste is, a step per task.
    // Without this the browser opens the file in the tab. Dropped text is the browser's.
    // (A drag of files over it is let through by the page's own handler: hooks/drop.rs.)
    let ondrop = {
        let (doc, flush, schedule) = (doc.clone(), flush.clone(), schedule.clone());
        Callback::from(move |e: DragEvent| {
            let Some(file) = keys::dropped_file(&e) else { return };
            e.prevent_default();
            let (doc, flush, schedule) = (doc.clone(), flush.clone(), schedule.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await else { return };
                // What came meanwhile goes in first; the file replaces the text as it is then.
                flush();
                let whole = doc.borrow().text.len();
                if let Some(pasting) = Pasting::of(text, 0, whole) {
                    schedule(Later::Paste(pasting));
                }
            });
        })
    };
    let oninput = {
        let (doc, flush) = (doc.clone(), flush.clone());
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            // A paste still on its way goes in first.
            flush();
            let pasted = pasted.replace(false);
            // An input that makes what the textarea holds (a small document, or a big one's
            // window) bigger at once by more than `BIG_BYTES` (a value set by a script, an undo,
            // dropped text) is taken out of the textarea before the browser lays it out (the
            // frame after such an input laid out a 5 MB line for 0.7–1.4 s) and goes over what
            // the textarea held as a big paste does, in tasks of its own. A key never counts:
            // UTF-16 units are never more than UTF-8 bytes, and keys are edits, not pastes.
            let over = window::BIG_BYTES + doc.borrow().shown().len();
            if area.text_length() as usize > over {
                let taken = keys::taken(&doc.borrow(), &area);
                if let Some(pasting) = taken {
                    schedule(Later::Paste(pasting));
                    return;
                }
            }
            apply(&area, pasted);
        })
    };
    let (onclick, onkeyup, onfocus) = {
        // A paste on its way is not pulled into a caret read: the paste's own key coming up or
        // a click must not put its remaining tasks into theirs (the textarea has not changed,
        // the caret goes where the paste ends).
        let caret = move |clicked: bool| read_caret(clicked);
        let (a, b, c) = (caret.clone(), caret.clone(), caret);
        (Callback::from(move |_: MouseEvent| a(true)), Callback::from(move |_: KeyboardEvent| b(true)), Callback::from(move |_: FocusEvent| c(false)))
    };
    let (oncopy, oncut) = {
        let (doc2, onedit) = (doc.clone(), props.onedit.clone());
        let (doc, flush2) = (doc.clone(), flush.clone());
        let flush = flush.clone();
        (
            Callback::from(move |e: Event| {
                flush();
                keys::copy(&mut doc.borrow_mut(), &e, false);
            }),
            Callback::from(move |e: Event| {
                flush2();
                let cut = keys::copy(&mut doc2.borrow_mut(), &e, true);
                if let Some(text) = cut {
                    onedit.emit(text);
                }
            }),
        )
    };
    let onkeydown = {
        let (onrun, onedit, doc, area, scroller, all) = (props.onrun.clone(), props.onedit.clone(), doc.clone(), area.clone(), scroller.clone(), all.clone());
        let flush = flush.clone();
        Callback::from(move |e: KeyboardEvent| {
            flush();
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                onrun.emit(());
                return;
            }
            let (Some(el), Some(s)) = (area.cast::<HtmlTextAreaElement>(), scroller.cast::<Element>()) else { return };
            let outcome = keys::keydown(&mut doc.borrow_mut(), &e, &el, &s);
            match outcome {
                Outcome::Nothing => {}
                Outcome::SelectedAll => all.set(true),
                Outcome::Edited(text) => {
                    all.set(false);
                    onedit.emit(text);
                }
            }
        })
    };

    // The lines in view (and one more), coloured unless a line is too long to colour quickly.
    let (size, win, big) = {
        let d = doc.borrow();
        (d.size, d.win, d.big)
    };
    let plain = size.longest > LONGEST_COLOURED;
    let first = (view.top.max(0) / LINE_PX) as usize;
    let count = (view.height / LINE_PX) as usize + 2;
    let shown = lines_in_view(text, &win, first, count);
    // Positions go through the CSSOM after each render (the page's CSP refuses style attributes).
    let (backdrop_ref, pre_ref, gutter_ref, tip_ref, wrap_ref) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let dy = first as i32 * LINE_PX - view.top;
    let px = |n: i32| if big { format!("{n}px") } else { String::new() };
    let mut styles: Vec<(NodeRef, &'static str, String)> = vec![
        (pre_ref.clone(), "transform", format!("translate({}px, {dy}px)", -view.left)),
        (gutter_ref.clone(), "transform", format!("translateY({dy}px)")),
        (backdrop_ref.clone(), "width", format!("{}px", view.width)),
        (backdrop_ref.clone(), "height", format!("{}px", view.height)),
        // The spacer is as tall as the whole document and as wide as its longest line.
        (spacer.clone(), "height", px(size.lines as i32 * LINE_PX + 2 * doc::PAD_PX)),
        (spacer.clone(), "width", if big { format!("calc({}ch + 3rem)", size.longest.min(100_000)) } else { String::new() }),
        // The document's lines, for an embed's editor sized to its request (www/style.css).
        (wrap_ref.clone(), "--lines", size.lines.to_string()),
    ];
    // The gutter: the line numbers in view, a line with problems as a <mark> titled with their
    // messages (the list is the accessible version, so the gutter is aria-hidden).
    // Only the marks that reach the lines in view are looked at per line.
    let in_view: Vec<Mark> = match (shown.first(), shown.last()) {
        (Some((from, _)), Some((at, l))) => marks.iter().filter(|m| m.reaches(*from, at + l.len().max(1))).copied().collect(),
        _ => Vec::new(),
    };
    let gutter = shown.iter().enumerate().map(|(n, (at, l))| {
        let on_line = in_view.iter().filter(|m| m.reaches(*at, at + l.len()));
        let number = format!("{}\n", first + n + 1);
        match gutter_title(on_line.filter_map(|m| props.diagnostics.get(m.index)).map(|d| d.message.as_str())) {
            None => html! { { number } },
            Some(title) => html! { <mark class="bad-line" title={title}>{ number }</mark> },
        }
    });
    let onenter = {
        let tip = tip.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(el) = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(t).ok()) else { return };
            let Some(i) = el.get_attribute("data-diag").and_then(|s| s.parse().ok()) else { return };
            tip.set(Some((i, el.offset_left(), el.offset_top())));
        })
    };
    let onleave = {
        let tip = tip.clone();
        Callback::from(move |_: MouseEvent| tip.set(None))
    };
    let backdrop = (!plain).then(|| {
        let body = shown.iter().map(|(at, l)| line_html(l, *at, &in_view, *active, &onmark));
        html! {
            <div class="backdrop" ref={backdrop_ref} aria-hidden="true" onmouseover={onenter} onmouseout={onleave}>
                <pre ref={pre_ref}>{ for body }</pre>
            </div>
        }
    });
    let tip_html = (*tip).and_then(|(i, x, y)| {
        let d = props.diagnostics.get(i)?;
        // Below the squiggle in the top half of the view, above it in the bottom half.
        let y = 1 + y + first as i32 * LINE_PX - view.top;
        let (top, bottom) =
            if y < view.height / 2 { (format!("{}px", y + LINE_PX + 2), "auto".into()) } else { ("auto".into(), format!("calc(100% - {}px)", y - 2)) };
        styles.push((tip_ref.clone(), "left", format!("{}px", (1 + x - view.left).max(0))));
        styles.push((tip_ref.clone(), "top", top));
        styles.push((tip_ref.clone(), "bottom", bottom));
        Some(html! { <div class="squiggle-tip" role="tooltip" data-testid="squiggle-tip" ref={tip_ref.clone()}>{ d.message.clone() }</div> })
    });
    // The positions last written (a write of the same value still invalidates the style), and
    // the frame that reads the view next.
    let written = use_mut_ref(Vec::<(Element, &'static str, String)>::new);
    let frame = use_mut_ref(|| (false, None::<gloo::render::AnimationFrame>));
    {
        // After each render: the textarea holds the window (set here, not by a `value` attribute:
        // yew would read the textarea's whole value back on every render), then positions; where
        // the view is, read in the next animation frame: read here, right after the DOM changed,
        // it forced a layout of the whole editor on every render (two or three per keystroke),
        // where the frame lays it out once anyway.
        let (doc, area, scroller, seen) = (doc.clone(), area.clone(), scroller.clone(), *view);
        use_effect(move || {
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                let mut d = doc.borrow_mut();
                d.sync(&el);
                let scroller = if d.big { scroller.cast::<Element>() } else { Some(el.clone().into()) };
                if let (true, Some(s), Some((at, _))) = (std::mem::take(&mut d.reveal), scroller, Some(d.selection(&el))) {
                    d.show(&s, at, Some(seen));
                }
            }
            let mut written = written.borrow_mut();
            // Gone elements (a tooltip closed) are forgotten; a new one is written in full.
            written.retain(|(el, _, _)| el.is_connected());
            for (node, property, value) in styles {
                let Some(el) = node.get().and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok()) else { continue };
                match written.iter_mut().find(|(e, p, _)| *e == el && *p == property) {
                    Some(last) if last.2 == value => {}
                    Some(last) => {
                        set_style(&el, property, &value);
                        last.2 = value;
                    }
                    None => {
                        set_style(&el, property, &value);
                        written.push((el, property, value));
                    }
                }
            }
            let mut f = frame.borrow_mut();
            if !f.0 {
                let frame = frame.clone();
                f.0 = true;
                f.1 = Some(gloo::render::request_animation_frame(move |_| {
                    frame.borrow_mut().0 = false;
                    read_view();
                }));
            }
        });
    }
    let note = props.note.as_ref().map(|n| {
        // The message names the line, column and reason where a conversion stopped.
        let class = if n.problem.is_some() { "paste-note bad" } else { "paste-note" };
        html! { <p class={class} role="status" data-testid="paste-note">{ n.message.clone() }</p> }
    });
    let code = classes!("code", big.then_some("windowed"), (big && *all).then_some("all"));
    html! {
        <div class="field editor">
            <label for="request-body">{ "Request body (JSON)" }</label>
            { note.unwrap_or_default() }
            <div class="editor-main">
                <div class={classes!("editor-wrap", plain.then_some("plain"))} ref={wrap_ref}>
                    <pre class="gutter" aria-hidden="true" data-testid="editor-gutter"><div ref={gutter_ref}>{ for gutter }</div></pre>
                    <div class={code}>
                        <div class="scroller" ref={scroller} onscroll={onscroll.clone()}>
                            <div class="spacer" ref={spacer}>
                                <textarea ref={area} id="request-body" name="request-body" spellcheck="false" autocomplete="off"
                                    wrap="off" {oninput} {onpaste} {oncopy} {oncut} {onkeydown} {onscroll} {onkeyup} {onclick} {onfocus} {ondrop} />
                            </div>
                        </div>
                        { backdrop.unwrap_or_default() }
                        { tip_html.unwrap_or_default() }
                    </div>
                </div>
                <Diagnostics list={props.diagnostics.clone()} {onpick} active={*active} fixes={labels} {onfix} checking={props.checking} />
            </div>
            <p class="hint">
                { "Ctrl+Enter (⌘+Enter) runs the request." }
                if plain { { " Colouring is off: a line is longer than 4,000 characters." } }
                if big { { format!(" A large body ({} lines): the editor holds the lines around the view; Ctrl+Z undoes within them.", size.lines) } }
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{gutter_title, TITLE_MESSAGES};

    #[test]
    fn a_line_numbers_title_lists_the_first_messages_and_counts_the_rest() {
        assert_eq!(gutter_title(std::iter::empty()), None);
        assert_eq!(gutter_title(["a", "b"].into_iter()).as_deref(), Some("a\nb"));
        let many: Vec<String> = (0..13_758).map(|i| format!("problem {i}")).collect();
        let title = gutter_title(many.iter().map(String::as_str)).unwrap();
        let lines: Vec<&str> = title.lines().collect();
        assert_eq!(lines.len(), TITLE_MESSAGES + 1);
        assert_eq!(lines[0], "problem 0");
        assert_eq!(lines[TITLE_MESSAGES - 1], "problem 9");
        assert_eq!(lines[TITLE_MESSAGES], "… and 13748 more");
        let exact: Vec<String> = (0..TITLE_MESSAGES).map(|i| i.to_string()).collect();
        assert!(!gutter_title(exact.iter().map(String::as_str)).unwrap().contains("more"));
    }
}
