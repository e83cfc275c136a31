//! The request body editor: a textarea of fixed height with its own scroll, over a backdrop
//! that colours the JSON and squiggles each diagnostic's member (src/components/highlight.rs),
//! both drawn for the lines in view only. Hovering a squiggle shows its message; clicking a
//! diagnostic (in the list beside or on its squiggle) selects its member, and the caret on a
//! member marks its diagnostic in the list. Ctrl+Enter (Cmd+Enter on a Mac) runs.

use std::rc::Rc;

use timestream_engine::recognise::Note;
use timestream_engine::Diagnostic;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::diagnostics::{line_of, target, Diagnostics};
use super::highlight::{line_html, measure, window, Mark, LONGEST_COLOURED};
use super::quick_fix::{fix_for, Fix};

/// The editor's line height and padding in CSS pixels (as in the `.code` styles).
const LINE_PX: i32 = 20;
const PAD_PX: i32 = 8;

#[derive(Properties, PartialEq)]
pub struct RequestEditorProps {
    pub value: AttrValue,
    pub onedit: Callback<String>,
    /// The text after a paste (the app may recognise the request and switch operation).
    pub onpaste: Callback<String>,
    pub onrun: Callback<()>,
    pub diagnostics: Rc<[Diagnostic]>,
    /// What the last paste of code converted, or where it stopped.
    #[prop_or_default]
    pub note: Option<Rc<Note>>,
}

/// The textarea's scroll position and inner size.
#[derive(Clone, Copy, PartialEq, Default)]
struct View {
    top: i32,
    left: i32,
    width: i32,
    height: i32,
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

/// UTF-16 offset (the textarea's) of a byte offset, and back.
fn utf16_of(text: &str, byte: usize) -> u32 {
    if text.is_ascii() {
        return byte as u32;
    }
    text[..byte].encode_utf16().count() as u32
}
fn byte_of(text: &str, utf16: u32) -> usize {
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

/// `el.style.setProperty(property, value)`, through the CSSOM (allowed by the CSP).
fn set_style(node: &NodeRef, property: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let Some(el) = node.get() else { return };
    let Ok(style) = js_sys::Reflect::get(&el, &"style".into()) else { return };
    let Ok(set) = js_sys::Reflect::get(&style, &"setProperty".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else { return };
    let _ = set.call2(&style, &property.into(), &value.into());
}

#[function_component(RequestEditor)]
pub fn request_editor(props: &RequestEditorProps) -> Html {
    let area = use_node_ref();
    let view = use_state_eq(|| View { height: 26 * LINE_PX, ..View::default() });
    let active = use_state_eq(|| None::<usize>);
    let tip = use_state_eq(|| None::<(usize, i32, i32)>);
    let text = props.value.as_str();
    let marks = Rc::new(marks(text, &props.diagnostics));

    let read_view = {
        let (area, view) = (area.clone(), view.clone());
        move || {
            if let Some(a) = area.cast::<web_sys::Element>() {
                view.set(View { top: a.scroll_top(), left: a.scroll_left(), width: a.client_width(), height: a.client_height() });
            }
        }
    };
    {
        let read_view = read_view.clone();
        use_effect(read_view);
    }
    // The caret on a member marks its diagnostic.
    let read_caret = {
        let (area, active, marks, text) = (area.clone(), active.clone(), marks.clone(), props.value.clone());
        move || {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else { return };
            let at = byte_of(&text, el.selection_start().ok().flatten().unwrap_or(0));
            active.set(marks.iter().find(|m| m.start <= at && at <= m.end).map(|m| m.index));
        }
    };
    let select = {
        let (area, active, marks) = (area.clone(), active.clone(), marks.clone());
        move |i: usize, whole: bool| {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else { return };
            let text = el.value();
            if let Some(m) = marks.iter().find(|m| m.index == i && m.end <= text.len()) {
                let (s, e) = (utf16_of(&text, m.start), utf16_of(&text, m.end));
                let _ = el.focus();
                let _ = if whole { el.set_selection_range(s, e) } else { el.set_selection_range(s, s) };
                // Scroll the member into view (a third from the top) unless it is in view.
                let line = line_of(&text, m.start) as i32 - 1;
                let (y, h) = (line * LINE_PX, el.client_height());
                if y < el.scroll_top() || y + LINE_PX + 2 * PAD_PX > el.scroll_top() + h {
                    el.set_scroll_top((y - h / 3).max(0));
                }
            } else {
                let _ = el.focus();
            }
            active.set(Some(i));
        }
    };
    let onpick = {
        let select = select.clone();
        Callback::from(move |i: usize| select(i, true))
    };
    let onmark = Callback::from(move |(i, _): (usize, MouseEvent)| select(i, false));
    let fixes: Vec<(usize, Fix)> = marks.iter().filter_map(|m| Some((m.index, fix_for(text, props.diagnostics.get(m.index)?, (m.start, m.end))?))).collect();
    let labels: Rc<[(usize, String)]> = fixes.iter().map(|(i, f)| (*i, f.label.clone())).collect();
    let onfix = {
        let (onedit, area, value) = (props.onedit.clone(), area.clone(), props.value.clone());
        Callback::from(move |i: usize| {
            let Some((_, fix)) = fixes.iter().find(|(k, _)| *k == i) else { return };
            let Some(next) = fix.apply(&value) else { return };
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                // The caret after the edit, so the next keystroke goes where the fix went; the
                // view stays where it was.
                let (top, left) = (el.scroll_top(), el.scroll_left());
                el.set_value(&next);
                let at = utf16_of(&next, fix.start + fix.insert.len());
                let _ = el.focus();
                let _ = el.set_selection_range(at, at);
                el.set_scroll_top(top);
                el.set_scroll_left(left);
            }
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
    let oncaret = {
        let read_caret = read_caret.clone();
        Callback::from(move |_: Event| read_caret())
    };
    let onkeyup = Callback::from(move |_: KeyboardEvent| read_caret());

    // A paste sets the flag; the input event that follows sends the text to `onpaste`.
    let pasted = use_mut_ref(|| false);
    let onpaste = {
        let pasted = pasted.clone();
        Callback::from(move |_: Event| *pasted.borrow_mut() = true)
    };
    let oninput = {
        let (onedit, onpasted) = (props.onedit.clone(), props.onpaste.clone());
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if pasted.replace(false) {
                onpasted.emit(area.value());
            } else {
                onedit.emit(area.value());
            }
        })
    };
    let onkeydown = {
        let onrun = props.onrun.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                onrun.emit(());
            }
        })
    };

    // The lines in view (and one more), coloured unless a line is too long to colour quickly.
    let (_, longest) = measure(text);
    let plain = longest > LONGEST_COLOURED;
    let first = (view.top.max(0) / LINE_PX) as usize;
    let count = (view.height / LINE_PX) as usize + 2;
    let shown = window(text, first, count);
    // Positions go through the CSSOM after each render (the page's CSP refuses style attributes).
    let (backdrop_ref, pre_ref, gutter_ref, tip_ref) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let dy = first as i32 * LINE_PX - view.top;
    let mut styles: Vec<(NodeRef, &'static str, String)> = vec![
        (pre_ref.clone(), "transform", format!("translate({}px, {dy}px)", -view.left)),
        (gutter_ref.clone(), "transform", format!("translateY({dy}px)")),
        (backdrop_ref.clone(), "width", format!("{}px", view.width)),
        (backdrop_ref.clone(), "height", format!("{}px", view.height)),
    ];
    // The gutter: the line numbers in view, a line with problems as a <mark> titled with their
    // messages (the list is the accessible version, so the gutter is aria-hidden).
    let gutter = shown.iter().enumerate().map(|(n, (at, l))| {
        let msgs: Vec<&str> = marks
            .iter()
            .filter(|m| m.start < at + l.len().max(1) && m.end > *at)
            .filter_map(|m| props.diagnostics.get(m.index).map(|d| d.message.as_str()))
            .collect();
        let number = format!("{}\n", first + n + 1);
        if msgs.is_empty() {
            html! { { number } }
        } else {
            html! { <mark class="bad-line" title={msgs.join("\n")}>{ number }</mark> }
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
        let body = shown.iter().map(|(at, l)| line_html(l, *at, &marks, *active, &onmark));
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
    use_effect(move || {
        for (node, property, value) in &styles {
            set_style(node, property, value);
        }
    });
    let note = props.note.as_ref().map(|n| {
        // The message names the line, column and reason where a conversion stopped.
        let class = if n.problem.is_some() { "paste-note bad" } else { "paste-note" };
        html! { <p class={class} role="status" data-testid="paste-note">{ n.message.clone() }</p> }
    });
    html! {
        <div class="field editor">
            <label for="request-body">{ "Request body (JSON)" }</label>
            { note.unwrap_or_default() }
            <div class="editor-main">
                <div class={classes!("editor-wrap", plain.then_some("plain"))}>
                    <pre class="gutter" aria-hidden="true" data-testid="editor-gutter"><div ref={gutter_ref}>{ for gutter }</div></pre>
                    <div class="code">
                        <textarea ref={area} id="request-body" name="request-body" spellcheck="false" autocomplete="off"
                            wrap="off" value={props.value.clone()} {oninput} {onpaste} {onkeydown} {onscroll} {onkeyup}
                            onclick={oncaret.reform(|e: MouseEvent| e.into())} onfocus={oncaret.reform(|e: FocusEvent| e.into())} />
                        { backdrop.unwrap_or_default() }
                        { tip_html.unwrap_or_default() }
                    </div>
                </div>
                <Diagnostics list={props.diagnostics.clone()} {onpick} active={*active} fixes={labels} {onfix} />
            </div>
            <p class="hint">
                { "Ctrl+Enter (⌘+Enter) runs the request." }
                if plain { { " Colouring is off: a line is longer than 4,000 characters." } }
            </p>
        </div>
    }
}
