// The engine's Web Worker (a module worker, started by www/boot.js). Its first message is the
// page's: the wasm-bindgen glue's address and the compiled module, the same one the page runs.
// Instantiated here, the module's `main` finds no window and serves the engine (src/worker.rs),
// whose first message tells the page it is ready. A failure to load either surfaces as an
// uncaught error, which the page sees as the worker's `error` event and shows (src/client.rs)
// instead of waiting for ever.
self.onmessage = async (e) => {
  self.onmessage = null;
  try {
    const { default: init } = await import(e.data.js);
    await init({ module_or_path: e.data.module });
  } catch (error) {
    setTimeout(() => { throw error; });
  }
};
