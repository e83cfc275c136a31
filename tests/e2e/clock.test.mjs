// End to end: the clock panel (set and advance the virtual clock, ingestion windows). Same harness as playground.test.mjs (dist/ under a strict CSP).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.DIST_DIR ?? join(here, '../../dist');
const artifacts = join(here, 'artifacts');

let server;
let browser;

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await serveDist(dist);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function run(page, operation, body) {
  await page.getByLabel('Operation').selectOption(operation);
  await page.getByLabel('Request body (JSON)').fill(JSON.stringify(body, null, 2));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByTestId('response-status').waitFor();
  return (await page.getByTestId('response-status').textContent()).trim();
}

test('the clock is set, advanced and shows each table\'s ingestion window', async () => {
  const { page, problems } = browser;
  await page.goto(server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });

  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'clockDB' }), '200');
  assert.equal(await run(page, 'CreateTable', { DatabaseName: 'clockDB', TableName: 'metrics' }), '200');

  await page.getByRole('tab', { name: 'Clock' }).click();
  const now = page.getByTestId('clock-now');
  await now.waitFor();
  await page.getByLabel('Set virtual time (ISO-8601 or epoch ms)').fill('2024-01-01T00:00:00Z');
  await page.getByRole('button', { name: 'Set', exact: true }).click();
  assert.equal((await now.textContent()).trim(), '2024-01-01T00:00:00.000Z');
  await page.getByRole('button', { name: 'Advance 1 hour' }).click();
  assert.equal((await now.textContent()).trim(), '2024-01-01T01:00:00.000Z');
  assert.match(await page.getByTestId('clock-mode').textContent(), /virtual/);
  assert.match(await page.getByTestId('clock-window').first().textContent(), /Memory store: 2023-12-31T19:00:00\.000Z to 2024-01-01T01:00:00\.000Z/);
  await page.screenshot({ path: join(artifacts, 'clock-panel.png'), fullPage: true });

  await page.getByRole('button', { name: 'Use system time' }).click();
  assert.match(await page.getByTestId('clock-mode').textContent(), /system/);
  assert.deepEqual(problems, []);
});
