// End to end: writes through the editor — the rejected-records table of a version conflict and
// validation as you type. Same harness as playground.test.mjs (dist/ under a strict CSP).
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
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByTestId('response-status').waitFor();
  return (await page.getByTestId('response-status').textContent()).trim();
}

test('a lower version of a stored record is rejected and the table shows the collision', async () => {
  const { page, problems } = browser;
  await page.goto(server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });

  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'sampleDB' }), '200');
  assert.equal(await run(page, 'CreateTable', { DatabaseName: 'sampleDB', TableName: 'sampleTable' }), '200');
  const time = String(Date.now());
  const write = (value, version) => ({
    DatabaseName: 'sampleDB',
    TableName: 'sampleTable',
    Records: [{
      Dimensions: [{ Name: 'host', Value: 'web-1' }],
      MeasureName: 'cpu', MeasureValue: value, MeasureValueType: 'DOUBLE',
      Time: time, TimeUnit: 'MILLISECONDS', Version: version,
    }],
  });
  assert.equal(await run(page, 'WriteRecords', write('1.5', 2)), '200');
  assert.match(await page.getByTestId('records-ingested').textContent(), /Total 1, MemoryStore 1, MagneticStore 0/);
  assert.equal(await page.getByTestId('diagnostics').textContent(), 'No problems found');

  assert.equal(await run(page, 'WriteRecords', write('9.5', 1)), '419');
  const table = page.getByTestId('rejected-records');
  await table.waitFor();
  assert.equal((await table.getByTestId('existing-version').textContent()).trim(), '2');
  assert.match(await table.getByTestId('stored-record').textContent(), /version 2, cpu = 1\.5/);
  await page.screenshot({ path: join(artifacts, 'rejected-records.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('diagnostics list the problems as you type; clicking one moves the cursor there', async () => {
  const { page, problems } = browser;
  const editor = page.getByLabel('Request body (JSON)');
  const diagnostics = page.getByTestId('diagnostics');
  await page.getByLabel('Operation').selectOption('CreateDatabase');
  await editor.fill('{\n  "DatabaseName": "a"\n}');
  await diagnostics.getByText('DatabaseName').first().waitFor();
  assert.match(await diagnostics.textContent(), /DatabaseName.*MinLength/);
  await diagnostics.locator('button').first().click();
  const [start, focused] = await editor.evaluate((el) => [el.selectionStart, document.activeElement === el]);
  assert.equal(start, 5);
  assert.ok(focused);

  // Malformed JSON: the syntax message carries a line and column; markup stays text.
  await editor.fill('{"<img src=x>": ');
  assert.match(await diagnostics.textContent(), /line \d+.*column \d+/i);
  assert.equal(await page.locator('[data-testid="diagnostics"] img').count(), 0);
  await page.screenshot({ path: join(artifacts, 'diagnostics.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
