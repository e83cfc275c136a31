// The browser benchmark: headless Chromium (Debian's, driven by playwright-core) runs the engine
// compiled to wasm (bench/wasm) on the workloads of the native benches, PapaParse (npm, pinned)
// on the same CSV in the same page, and times the first interactive render of dist/.
// Prints one `BROWSER {json}` line. Usage: node bench/browser/bench.mjs <pkg dir> <dist dir> [csv rows]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [pkgDir, distDir, rowsArg] = process.argv.slice(2);
const CSV_ROWS = Number(rowsArg || 2_500_000);

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
function resolve(url) {
  const p = decodeURIComponent(new URL(url, 'http://x').pathname);
  if (p === '/' || p === '/bench.html') return path.join(here, 'index.html');
  if (p === '/papaparse.min.js') return path.join(here, 'node_modules/papaparse/papaparse.min.js');
  if (p.startsWith('/pkg/')) return path.join(pkgDir, p.slice(5));
  if (p.startsWith('/dist/')) return path.join(distDir, p.slice(6) || 'index.html');
  return null;
}
const server = http.createServer((req, res) => {
  let f = resolve(req.url);
  if (f && fs.existsSync(f) && fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
  if (!f || !fs.existsSync(f)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream', 'cache-control': 'no-store' });
  fs.createReadStream(f).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const context = await launch('tsbench-');
const out = { chromium: context.browser()?.version() ?? null, csv_rows: CSV_ROWS };
try {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
  await page.goto(`${base}/bench.html`);
  await page.waitForFunction(() => window.Bench !== undefined, null, { timeout: 60_000 });
  Object.assign(out, await page.evaluate(async (rows) => {
    const r = {};
    const b = new window.Bench();
    // WriteRecords: 1,000 bodies of 100 records over 10,000 series, best of 3 passes.
    let best = Infinity, records = 0;
    for (let pass = 0; pass < 3; pass++) {
      b.prepare_inserts(1000);
      const t0 = performance.now();
      records = b.write_all();
      best = Math.min(best, performance.now() - t0);
    }
    r.write_records_per_s = records / (best / 1000);
    // Validation of one 100-record request (Engine::diagnose), mean of 2,000 after warm-up.
    b.prepare_inserts(1);
    b.validate(200);
    let t0 = performance.now();
    const diags = b.validate(2000);
    r.validate_ms = (performance.now() - t0) / 2000;
    r.validate_diagnostics = diags;
    // Batch load of the CSV through the engine vs PapaParse parsing it alone: each twice, in
    // turn, the best run of each counts (the first of either pays for warming up: JIT, heap
    // growth).
    const text = b.csv(rows);
    r.csv_bytes = text.length;
    const bytes = new TextEncoder().encode(text);
    r.engine_load_all_ms = [];
    r.papaparse_all_ms = [];
    for (let pass = 0; pass < 2; pass++) {
      t0 = performance.now();
      r.engine_rows = b.batch_load(bytes);
      r.engine_load_all_ms.push(performance.now() - t0);
      b.drop_engine();
      t0 = performance.now();
      let parsed = window.Papa.parse(text, { skipEmptyLines: true });
      r.papaparse_all_ms.push(performance.now() - t0);
      r.papaparse_rows = parsed.data.length - 1;
      r.papaparse_errors = parsed.errors.length;
      parsed = null;
    }
    r.engine_load_ms = Math.min(...r.engine_load_all_ms);
    r.papaparse_ms = Math.min(...r.papaparse_all_ms);
    b.free();
    return r;
  }, CSV_ROWS));
  await page.close();

  // First interactive render of dist/: navigation start → the operation picker is visible, cache
  // disabled (a first visit); median of 5.
  const renders = [];
  for (let i = 0; i < 5; i++) {
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await p.goto(`${base}/dist/index.html`);
    await p.getByLabel('Operation').waitFor({ state: 'visible', timeout: 30_000 });
    renders.push(await p.evaluate(() => performance.now()));
    await p.close();
  }
  renders.sort((a, b) => a - b);
  out.first_render_ms = renders[2];
  out.first_render_all_ms = renders;
} finally {
  await context.close();
  server.close();
}
console.log('BROWSER ' + JSON.stringify(out));
