// Starts the app. Trunk would inline this in index.html; it lives in a file of its own so the
// page runs under `script-src 'self' 'wasm-unsafe-eval'`. Trunk.toml's pattern_script writes the
// tag that loads it, with the hashed names of the wasm-bindgen glue and the wasm module.
//
// One wasm module serves both threads (src/main.rs): on the page it mounts the app, in the
// engine's Web Worker (www/worker.js, src/worker.rs) it serves the engine. The worker starts
// here, first; the module is fetched and compiled once, and the compiled module is posted to the
// worker, so each thread instantiates the same bytes. Until the page's client (src/client.rs)
// takes over, what the worker says is kept in `early` and a failure in `failed`.
const own = document.querySelector('script[data-js][data-wasm]');
const js = new URL(own.dataset.js, document.baseURI).href;
const wasm = new URL(own.dataset.wasm, document.baseURI);

const worker = new Worker(new URL('worker.js', document.baseURI), { type: 'module' });
worker.early = [];
worker.onmessage = (e) => worker.early.push(e.data);
worker.onerror = (e) => {
  e.preventDefault();
  worker.failed = e.message || 'its script did not load';
};
globalThis.tswWorker = worker;

/** The module compiled as it downloads (by its bytes when the server's type is not application/wasm). */
async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  if ((response.headers.get('content-type') || '').startsWith('application/wasm')) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

const module = await compile(wasm);
worker.postMessage({ js, module });
const { default: init } = await import(js);
await init({ module_or_path: module });
