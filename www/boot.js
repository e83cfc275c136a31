// Starts the app. Trunk would inline this in index.html; it lives in a file of its own so the
// page runs under `script-src 'self' 'wasm-unsafe-eval'`. Trunk.toml's pattern_script writes the
// tag that loads it, with the hashed names of the wasm-bindgen glue and the wasm module.
//
// Two builds (src/upgrade.rs): this page's own tag names the core build, which a first visit
// loads; full/index.html names the full build (batch load, examples, share/export/import, copy
// as code), loaded when the visit needs it: a saved session, a share link (#s=), ?scenario=,
// ?full=1, or this tab asked for it before.
function needsFull() {
  const query = new URLSearchParams(location.search);
  if (location.hash.startsWith('#s=') || query.has('scenario') || query.get('full') === '1') return true;
  const embed = query.has('embed') && !['0', 'false'].includes(query.get('embed'));
  if (embed) return false;
  try {
    return sessionStorage.getItem('tsw-playground/full') === '1' || localStorage.getItem('tsw-playground/session') !== null;
  } catch {
    return false;
  }
}

async function names() {
  const own = document.querySelector('script[data-js][data-wasm]');
  if (needsFull()) {
    const base = new URL('full/', document.baseURI);
    const page = await fetch(new URL('index.html', base));
    const tag = page.ok && new DOMParser().parseFromString(await page.text(), 'text/html').querySelector('script[data-js][data-wasm]');
    if (tag) return { base, js: tag.dataset.js, wasm: tag.dataset.wasm };
    console.warn('The full build is missing (full/index.html); starting the core build.');
  }
  return { base: new URL(document.baseURI), js: own.dataset.js, wasm: own.dataset.wasm };
}

const { base, js, wasm } = await names();
const { default: init } = await import(new URL(js, base).href);
await init({ module_or_path: new URL(wasm, base) });
