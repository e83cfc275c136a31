// The engine's Web Worker: loads the wasm-bindgen glue Trunk built from src/bin/worker.rs
// (index.html's data-type="worker" link: no-modules target, file names without hashes) and
// starts it. A failure to load either file surfaces as an uncaught error, which the page sees
// as the worker's `error` event and shows (src/client.rs), instead of waiting for ever.
importScripts('./timestream-worker.js');
wasm_bindgen({ module_or_path: './timestream-worker_bg.wasm' }).catch((e) => setTimeout(() => { throw e; }));
