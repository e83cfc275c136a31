//! The one wasm module of the playground, run by both threads: on the page (a window) it mounts
//! the app; in the engine's Web Worker (www/worker.js) it serves the engine.
use wasm_bindgen::JsCast;

fn main() {
    if js_sys::global().dyn_into::<web_sys::Window>().is_ok() {
        timestream_playground::run();
    } else {
        timestream_playground::worker::serve();
    }
}
