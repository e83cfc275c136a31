//! The page in a frame and on a small screen: the auto-height protocol of an embed (the page
//! posts its height to the page around it, docs/embedding.md), and bringing the response into
//! view after a Run.
//!
//! Browser APIs the app's web-sys features do not include (ResizeObserver, getBoundingClientRect,
//! postMessage with an object) are reached through `js_sys::Reflect`.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The `type` of the message an embedded playground posts to its parent with its height.
pub const HEIGHT_MESSAGE: &str = "timestream-playground:height";

fn get(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn call(target: &JsValue, name: &str, args: &Array) -> JsValue {
    get(target, name).dyn_into::<Function>().ok().and_then(|f| Reflect::apply(&f, target, args).ok()).unwrap_or(JsValue::UNDEFINED)
}

/// The height of the page's content in CSS pixels: the root element's box (its height is its
/// content's, margins included, whatever the frame's viewport is).
fn content_height() -> u32 {
    let root: JsValue = gloo::utils::document_element().into();
    get(&root, "offsetHeight").as_f64().unwrap_or(0.0).ceil() as u32
}

/// Posts `{type: HEIGHT_MESSAGE, height}` to the parent window when the page is in a frame.
fn post_height(last: &std::cell::Cell<u32>) {
    let window = gloo::utils::window();
    let parent = get(&window, "parent");
    if parent.is_undefined() || parent == JsValue::from(window.clone()) {
        return;
    }
    let height = content_height();
    if height == last.get() {
        return;
    }
    last.set(height);
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = Reflect::set(&message, &"height".into(), &height.into());
    call(&parent, "postMessage", &Array::of2(&message, &"*".into()));
}

/// In an embed, posts the page's height to the parent now and whenever the root's size changes
/// (a ResizeObserver), so the parent's snippet can size the iframe to fit.
#[hook]
pub fn use_auto_height(embed: bool) {
    use_effect_with(embed, move |&embed| {
        if embed {
            let last = std::rc::Rc::new(std::cell::Cell::new(0));
            post_height(&last);
            let window: JsValue = gloo::utils::window().into();
            if let Ok(ctor) = get(&window, "ResizeObserver").dyn_into::<Function>() {
                let on_resize = Closure::<dyn FnMut()>::new(move || post_height(&last));
                if let Ok(observer) = Reflect::construct(&ctor, &Array::of1(on_resize.as_ref())) {
                    call(&observer, "observe", &Array::of1(&gloo::utils::document_element().into()));
                }
                // The observer lives as long as the page.
                on_resize.forget();
            }
        }
    });
}

/// Scrolls the page (only this document, never the page around a frame) so `element`'s top is
/// in view, when it is not in the upper part of the viewport already.
pub fn bring_into_view(element: &web_sys::Element) {
    let window = gloo::utils::window();
    let rect = call(element.as_ref(), "getBoundingClientRect", &Array::new());
    let (top, viewport) = (get(&rect, "top").as_f64().unwrap_or(0.0), window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0));
    if top < 0.0 || top > viewport * 0.6 {
        let y = window.scroll_y().unwrap_or(0.0) + top - 8.0;
        window.scroll_to_with_x_and_y(0.0, y.max(0.0));
    }
}
