// The shared end-to-end harness: dist/ served under a sub-path with a strict CSP, one headless
// Chromium per test file, screenshots in tests/e2e/artifacts/.
import { after, before } from 'node:test';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist } from './server.mjs';
import { launch } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.DIST_DIR ?? join(here, '../../../dist');
export const artifacts = join(here, '../artifacts');

/// Registers the file's before/after hooks; the returned object holds `server` and `browser`
/// once `before` has run.
export function setup() {
  const ctx = {};
  before(async () => {
    await mkdir(artifacts, { recursive: true });
    ctx.server = await serveDist(dist);
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

/// Picks an operation, puts `body` in the editor, presses Run and returns the status shown.
export async function run(page, operation, body) {
  await page.getByLabel('Operation').selectOption(operation);
  await page.getByLabel('Request body (JSON)').fill(JSON.stringify(body, null, 2));
  const answered = await newAnswer(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await answered();
  return (await page.getByTestId('response-status').textContent()).trim();
}

/// Call before a Run; the function it returns waits until the response panel shows the answer
/// of that Run (a new request id: the engine answers from its worker a moment later).
export async function newAnswer(page) {
  const id = page.getByTestId('response-request-id');
  const read = async () => ((await id.count()) ? (await id.textContent()).trim() : null);
  const before = await read();
  return () => until(read, (v) => v !== null && v !== before, 30_000);
}

/// The trimmed text of `locator` once it equals `want` (a string) or matches it (a RegExp), or
/// after `ms` whatever it is then (the caller's assertion fails with it). The engine answers
/// from its worker, so what a click changes shows a moment later.
export async function settled(locator, want, ms = 10_000) {
  const ok = (t) => (want instanceof RegExp ? want.test(t) : t === want);
  const end = Date.now() + ms;
  let text = '';
  for (;;) {
    text = ((await locator.first().textContent()) ?? '').trim();
    if (ok(text) || Date.now() > end) return text;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/// The value of `get()` once `ok(value)` holds, or after `ms` whatever it is then.
export async function until(get, ok, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}
