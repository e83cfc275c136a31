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
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByTestId('response-status').waitFor();
  return (await page.getByTestId('response-status').textContent()).trim();
}
