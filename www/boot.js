// Starts the app. Trunk would inline this in index.html; it lives in a file of its own so the
// page runs under `script-src 'self' 'wasm-unsafe-eval'`. Trunk.toml's pattern_script writes the
// tag that loads it, with the hashed names of the wasm-bindgen glue and the wasm module.
const tag = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(new URL(tag.dataset.js, document.baseURI).href);
await init({ module_or_path: new URL(tag.dataset.wasm, document.baseURI) });
