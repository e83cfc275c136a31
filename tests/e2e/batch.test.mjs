// End to end: the Batch load panel (emulated S3, task editor with preview, stepped runs with
// progress, stop/resume, error reports with the failing lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, run, settled, setup, until } from './lib/harness.mjs';

const ctx = setup();

const counter = async (page, name) => Number((await page.getByTestId(`counter-${name}`).textContent()).trim());
const status = async (page) => (await page.getByTestId('batch-status').textContent()).trim();

async function waitStatus(page, want, timeout = 60_000) {
  await page.waitForFunction(
    (w) => w.includes(document.querySelector('[data-testid="batch-status"]')?.textContent?.trim()),
    want, { timeout, polling: 50 });
  return status(page);
}

test('a CSV with bad rows is previewed, loaded stepwise and reported line by line', async () => {
  const { page, problems } = ctx.browser;
  await page.goto(ctx.server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'batchDB' }), '200');
  assert.equal(await run(page, 'CreateTable', { DatabaseName: 'batchDB', TableName: 'metrics' }), '200');

  await page.getByRole('tab', { name: 'Batch load' }).click();
  // A bad bucket name is refused with a message, a good one is created.
  await page.getByLabel('New bucket name').fill('Bad_Bucket');
  await page.getByRole('button', { name: 'Create bucket' }).click();
  assert.match(await page.getByRole('alert').first().textContent(), /Not a bucket name/);
  await page.getByLabel('New bucket name').fill('src-data');
  await page.getByRole('button', { name: 'Create bucket' }).click();
  assert.match(await settled(page.getByTestId('batch-buckets'), /src-data/), /src-data/);

  // Paste a CSV: lines 3 and 7 cannot be parsed, line 5 is outside the ingestion window.
  const now = Date.now();
  const csv = [
    'host,region,time,cpu,mem',
    `h1,eu,${now - 10_000},1.5,7`,
    `h2,eu,${now - 9_000},x,8`,
    `h3,eu,${now - 8_000},2.5,9`,
    `h4,eu,${now - 7 * 3600_000},3,1`,
    `h5,eu,${now - 6_000},4.5,2`,
    'h6,eu,bad,1.5,3',
    `h7,eu,${now - 5_000},5.5,4`,
  ].join('\n') + '\n';
  await page.getByLabel('Object key').fill('bad.csv');
  await page.getByLabel('Object text').fill(csv);
  await page.getByRole('button', { name: 'Put object' }).click();
  assert.match(await settled(page.getByTestId('batch-objects'), /bad\.csv/), /bad\.csv/);
  assert.match(await settled(page.getByTestId('batch-object-view'), /^host,region,time,cpu,mem\nh1,eu,/), /^host,region,time,cpu,mem\nh1,eu,/);

  // The data model is suggested from the header, the preview maps the first rows.
  await page.getByRole('button', { name: 'Load bad.csv with a new task' }).click();
  const editor = page.getByLabel('CreateBatchLoadTask request (JSON)');
  const draft = JSON.parse(await until(() => editor.inputValue(), (v) => v.includes('bad.csv')));
  assert.equal(draft.TargetDatabaseName, 'batchDB');
  assert.equal(draft.DataSourceConfiguration.DataSourceS3Configuration.ObjectKeyPrefix, 'bad.csv');
  const model = draft.DataModelConfiguration.DataModel;
  assert.equal(model.TimeColumn, 'time');
  assert.deepEqual(model.DimensionMappings.map((d) => d.SourceColumn), ['host', 'region']);
  assert.deepEqual(model.MultiMeasureMappings.MultiMeasureAttributeMappings,
    [{ SourceColumn: 'cpu', MeasureValueType: 'DOUBLE' }, { SourceColumn: 'mem', MeasureValueType: 'BIGINT' }]);
  await editor.fill(JSON.stringify({ ...draft, DataModelConfiguration: undefined }, null, 2));
  await page.getByRole('button', { name: 'Suggest data model from the source' }).click();
  assert.deepEqual(JSON.parse(await until(() => editor.inputValue(), (v) => v.includes('DataModelConfiguration'))).DataModelConfiguration, draft.DataModelConfiguration);
  const rows = page.getByTestId('batch-preview-row');
  await rows.nth(4).waitFor();
  assert.equal(await rows.count(), 5);
  assert.match(await rows.nth(0).textContent(), /^2\d{4}-\d\d-\d\dT[\d:.]+Z host=h1 region=eu \| metrics: cpu=1\.5 \(DOUBLE\) mem=7 \(BIGINT\)Ingested \(memory store\)$/);
  assert.match(await rows.nth(1).textContent(), /^3h2,eu,\d+,x,8Parse failure: Invalid value x for double measure value type\.$/);
  assert.match(await rows.nth(3).textContent(),
    /^5.*Record ingestion failure: The record timestamp is outside the time range of the data ingestion window\.$/);
  await page.screenshot({ path: join(artifacts, 'batch-preview.png'), fullPage: true });

  // A request error reads exactly as the API's: compare with the same body sent from the editor.
  const broken = structuredClone(draft);
  broken.DataModelConfiguration.DataModel.TimeUnit = 'HOURS';
  await editor.fill(JSON.stringify(broken, null, 2));
  assert.match(await settled(page.getByTestId('batch-preview-error'), /^ValidationException/), /^ValidationException: 1 validation error detected: Value 'HOURS'/);
  await page.getByRole('button', { name: 'Start task' }).click();
  const startError = (await page.getByTestId('batch-start-error').textContent()).trim();
  await editor.fill(JSON.stringify(draft, null, 2));

  // Start: the runner steps the task to its end; FAILED with the right counts.
  await page.getByRole('button', { name: 'Start task' }).click();
  assert.equal(await waitStatus(page, ['FAILED']), 'FAILED');
  assert.equal(await counter(page, 'RecordsProcessed'), 7);
  assert.equal(await counter(page, 'RecordsIngested'), 4);
  assert.equal(await counter(page, 'ParseFailures'), 2);
  assert.equal(await counter(page, 'RecordIngestionFailures'), 1);
  assert.equal(await counter(page, 'FileFailures'), 0);
  assert.equal(await counter(page, 'BytesMetered'), Buffer.byteLength(csv));
  assert.match(await page.getByTestId('batch-progress-text').textContent(), /^100%/);
  assert.match(await page.getByTestId('batch-error-message').textContent(), /2 parse failures, 1 record ingestion failures/);

  // The report, read from S3: reasons, exact lines, and the failing lines of the CSV.
  const report = page.getByTestId('batch-report');
  const text = await settled(report, /Invalid time for record\. \(line 7\)\s+7  h6/);
  assert.match(text, /src-data\/batch-reports\/[0-9A-F]{32}\/error-report\.json/);
  assert.match(text, /Invalid value x for double measure value type\. \(line 3\)\s+3  h2,eu,\d+,x,8/);
  assert.match(text, /outside the time range of the data ingestion window\. \(line 5\)\s+5  h4,eu,/);
  assert.match(text, /Invalid time for record\. \(line 7\)\s+7  h6,eu,bad,1\.5,3/);
  assert.deepEqual(await page.getByTestId('batch-report-lines').allTextContents(), [' (line 3)', ' (line 5)', ' (line 7)']);
  await page.screenshot({ path: join(artifacts, 'batch-report.png'), fullPage: true });

  // The good rows are in the table.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  assert.match(await settled(page.getByTestId('inspector-tables'), /batchDB\s*metrics\s*4\s*4/), /batchDB\s*metrics\s*4\s*4/);

  // The same broken body through the request editor gives the same answer as Start did.
  assert.equal(await run(page, 'CreateBatchLoadTask', broken), '400');
  const body = JSON.parse(await page.getByTestId('response-body').textContent());
  assert.equal(startError, `400 ValidationException: ${body.message}`);
  assert.deepEqual(problems, []);
});

test('a 200,000-row upload runs without freezing the page, stops and resumes exactly', async () => {
  const { page, problems } = ctx.browser;
  await page.getByRole('tab', { name: 'Batch load' }).click();
  await page.getByRole('button', { name: 'src-data', exact: true }).click();
  const now = Date.now();
  const N = 200_000;
  const lines = ['host,region,time,cpu,mem'];
  for (let i = 0; i < N; i++) lines.push(`h${i % 50},r${i % 3},${now - 60_000 - i * 50},${i % 97}.5,${i}`);
  const csv = lines.join('\n') + '\n';
  await page.getByLabel('Upload CSV files (the file name is the key)').setInputFiles([
    { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.slice(0, 3).join('\n')) },
  ]);
  await page.getByRole('button', { name: 'Load big.csv with a new task' }).waitFor();
  assert.match(await settled(page.getByTestId('batch-objects'), /big\.csv.*small\.csv/), /big\.csv.*small\.csv/);
  await page.getByRole('button', { name: 'Load big.csv with a new task' }).click();
  await until(() => page.getByLabel('CreateBatchLoadTask request (JSON)').inputValue(), (v) => v.includes('big.csv'));

  // Watch the frames while the task runs: the page keeps painting. And count the slices the
  // worker pushes and the questions the page asks meanwhile: the panels refresh at most every
  // 50 ms, not after every slice (src/client.rs, REFRESH_MS).
  await page.evaluate(() => {
    const w = window.tswWorker;
    window.__asked = {};
    window.__slices = 0;
    const post = w.postMessage.bind(w);
    // A message is {json, data?}, json its JSON text's bytes (src/wire.rs).
    const read = (m) => (m?.json ? JSON.parse(new TextDecoder().decode(m.json)) : m);
    w.postMessage = (m, t) => { const k = read(m)?.request?.type ?? 'other'; window.__asked[k] = (window.__asked[k] || 0) + 1; return post(m, t); };
    w.addEventListener('message', (e) => { if (read(e.data)?.progress) window.__slices += 1; });
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => { window.__gaps.push(t - last); last = t; if (window.__gaps.length < 100_000) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  // Stop is pressed from inside the page the moment the bar has moved twice: a click from the
  // test would arrive a round trip late, after a fast engine may already have finished.
  const stopped = page.evaluate(() => new Promise((resolve) => {
    let first = null;
    const check = () => {
      const bar = document.querySelector('[data-testid="batch-progress"]');
      const value = bar ? Number(bar.getAttribute('value')) : 0;
      if (value <= 0) return;
      if (first === null) { first = value; return; }
      if (value > first) {
        observer.disconnect();
        [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Stop').click();
        resolve([first, value]);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }));
  await page.getByRole('button', { name: 'Start task' }).click();
  const progress = page.getByTestId('batch-progress');
  const [v1, v2] = await stopped;
  assert.ok(v2 > v1 && v1 > 0, `the bar moved from ${v1} to ${v2} before Stop`);
  assert.equal(await waitStatus(page, ['PROGRESS_STOPPED'], 10_000), 'PROGRESS_STOPPED');
  const stoppedAt = await counter(page, 'RecordsProcessed');
  assert.ok(stoppedAt > 0 && stoppedAt < N, `stopped at ${stoppedAt}`);
  assert.ok(Number(await progress.getAttribute('value')) < Number(await progress.getAttribute('max')));
  // The task id in the list keeps to two lines (16 characters a line at least).
  const idLines = await page.locator('[data-testid="batch-tasks"] td:first-child .link').first().evaluate((b) => { const r = document.createRange(); r.selectNodeContents(b); return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size; });
  assert.ok(idLines <= 2, `the task id takes ${idLines} lines`);
  assert.equal(await page.getByTestId('batch-tasks-empty').count(), 0, 'with a task, no "No tasks yet"');
  const [tableRight, panelRight] = await page.evaluate(() => [document.querySelector('[data-testid="batch-tasks"]'), document.getElementById('workbench-panel')].map((e) => e.getBoundingClientRect().right));
  assert.ok(tableRight <= panelRight + 1, `the task list ends at ${tableRight}, past the panel at ${panelRight}`);
  await page.screenshot({ path: join(artifacts, 'batch-stopped.png'), fullPage: true });
  await page.waitForTimeout(300);
  assert.equal(await counter(page, 'RecordsProcessed'), stoppedAt, 'a stopped task does not advance');

  await page.getByRole('button', { name: 'Resume' }).click();
  assert.equal(await waitStatus(page, ['SUCCEEDED', 'FAILED'], 120_000), 'SUCCEEDED');
  assert.equal(await counter(page, 'RecordsProcessed'), N);
  assert.equal(await counter(page, 'RecordsIngested'), N);
  assert.equal(await counter(page, 'BytesMetered'), Buffer.byteLength(csv));
  const gaps = await page.evaluate(() => window.__gaps);
  const worst = Math.max(...gaps.slice(1));
  console.log(`frames: ${gaps.length}, worst gap ${worst.toFixed(0)} ms`);
  assert.ok(gaps.length > 20, `only ${gaps.length} frames painted during the run`);
  assert.ok(worst < 500, `the page froze for ${worst.toFixed(0)} ms`);
  const { asked, slices } = await page.evaluate(() => ({ asked: window.__asked, slices: window.__slices }));
  console.log(`slices: ${slices}, asked: ${JSON.stringify(asked)}`);
  assert.ok(slices >= 10, `only ${slices} slices`);
  assert.ok((asked.batchTasks ?? 0) < slices * 0.75 + 5, `the task list asked ${asked.batchTasks} times for ${slices} slices`);
  await page.screenshot({ path: join(artifacts, 'batch-big.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Inspector' }).click();
  const loaded = new RegExp(`batchDB\\s*metrics\\s*\\d+\\s*${N + 4}`);
  assert.match(await settled(page.getByTestId('inspector-tables'), loaded), loaded);
  assert.deepEqual(problems, []);
});

test('deleting another object or bucket keeps the one being viewed open', async () => {
  const { page, problems } = ctx.browser;
  await page.getByRole('tab', { name: 'Batch load' }).click();
  for (const bucket of ['keep-a', 'keep-b']) {
    await page.getByLabel('New bucket name').fill(bucket);
    await page.getByRole('button', { name: 'Create bucket' }).click();
  }
  // (The list grows when the engine has answered: a click lands on the row it means.)
  await page.getByRole('button', { name: 'keep-b', exact: true }).waitFor();
  await page.getByRole('button', { name: 'keep-a', exact: true }).click();
  await page.getByRole('heading', { name: 'Objects in s3://keep-a' }).waitFor();
  for (const key of ['x.csv', 'y.csv']) {
    await page.getByLabel('Object key').fill(key);
    await page.getByLabel('Object text').fill(`host,time,cpu\n${key},1,1\n`);
    await page.getByRole('button', { name: 'Put object' }).click();
  }
  await page.getByRole('button', { name: 'View x.csv', exact: true }).click();
  const view = page.getByTestId('batch-object-view');
  assert.match(await settled(view, /x\.csv,1,1/), /x\.csv,1,1/);
  await page.getByRole('button', { name: 'Delete y.csv', exact: true }).click();
  assert.match(await settled(view, /x\.csv,1,1/), /x\.csv,1,1/, 'the viewed object stays open');
  await page.getByRole('button', { name: 'Delete bucket keep-b', exact: true }).click();
  assert.match(await settled(view, /x\.csv,1,1/), /x\.csv,1,1/, 'deleting another bucket keeps the view');
  assert.ok(await page.getByRole('heading', { name: 'Objects in s3://keep-a' }).isVisible());
  // Deleting the viewed object, then the selected bucket, closes them.
  await page.getByRole('button', { name: 'Delete x.csv', exact: true }).click();
  assert.equal(await view.count(), 0);
  await page.getByRole('button', { name: 'Delete bucket keep-a', exact: true }).click();
  assert.equal(await page.getByRole('heading', { name: 'Objects in s3://keep-a' }).count(), 0);
  assert.deepEqual(problems, []);
});
