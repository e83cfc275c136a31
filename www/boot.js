// Starts the app. Trunk would inline this in index.html; it lives in a file of its own so the
// page runs under `script-src 'self' 'wasm-unsafe-eval'`. Trunk.toml's pattern_script writes the
// tag that loads it, with the hashed names of the wasm-bindgen glue and the wasm module.
//
// The engine runs in a Web Worker (www/worker.js, src/bin/worker.rs). It starts here, first, so
// the engine's wasm loads while the page's own wasm does; until the page's client
// (src/client.rs) takes over, what the worker says is kept in `early` and a failure in `failed`.
const worker = new Worker(new URL('worker.js', document.baseURI));
worker.early = [];
worker.onmessage = (e) => worker.early.push(e.data);
worker.onerror = (e) => {
  e.preventDefault();
  worker.failed = e.message || 'its script did not load';
};
globalThis.tswWorker = worker;

const own = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(new URL(own.dataset.js, document.baseURI).href);
await init({ module_or_path: new URL(own.dataset.wasm, document.baseURI) });
