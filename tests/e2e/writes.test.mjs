// End to end: writes through the editor — the rejected-records table of a version conflict and
// validation as you type. Harness: lib/harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, run, setup } from './lib/harness.mjs';

const ctx = setup();

test('a lower version of a stored record is rejected and the table shows the collision', async () => {
  const { page, problems } = ctx.browser;
  await page.goto(ctx.server.url);
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
  const { page, problems } = ctx.browser;
  const editor = page.getByLabel('Request body (JSON)');
  const diagnostics = page.getByTestId('diagnostics');
  await page.getByLabel('Operation').selectOption('CreateDatabase');
  await editor.fill('{\n  "DatabaseName": "a"\n}');
  await diagnostics.getByText('DatabaseName').first().waitFor();
  assert.match(await diagnostics.textContent(), /DatabaseName.*MinLength/);
  await diagnostics.locator('button').first().click();
  // The member's value is selected (the engine's span of the member the rule is about).
  const [selected, focused] = await editor.evaluate((el) => [el.value.slice(el.selectionStart, el.selectionEnd), document.activeElement === el]);
  assert.equal(selected, '"a"');
  assert.ok(focused);
  // The gutter marks line 2, the line of the member, with the message as its title.
  const gutter = page.getByTestId('editor-gutter');
  assert.equal(await gutter.locator('mark').count(), 1);
  assert.equal((await gutter.locator('mark').textContent()).trim(), '2');
  assert.match(await gutter.locator('mark').getAttribute('title'), /at 'databaseName' failed to satisfy constraint/);
  assert.equal((await gutter.textContent()).trim().split('\n').length, 3);

  // A syntax error on line 3: the gutter marks it, and clicking the problem selects its column.
  await editor.fill('{\n  "DatabaseName": "abc",\n  "KmsKeyId" 7\n}');
  await diagnostics.getByText(/line 3/).waitFor();
  assert.equal((await gutter.locator('mark').textContent()).trim(), '3');
  await diagnostics.locator('button').first().click();
  const picked = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(picked, '7');
  await page.screenshot({ path: join(artifacts, 'editor-markers.png'), fullPage: true });

  // Malformed JSON: the syntax message carries a line and column; markup stays text.
  await editor.fill('{"<img src=x>": ');
  assert.match(await diagnostics.textContent(), /line \d+.*column \d+/i);
  assert.equal(await page.locator('[data-testid="diagnostics"] img').count(), 0);
  await page.screenshot({ path: join(artifacts, 'diagnostics.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('pasting a whole request of another operation switches the operation picker', async () => {
  const { page, problems } = ctx.browser;
  const editor = page.getByLabel('Request body (JSON)');
  await page.getByLabel('Operation').selectOption('ListDatabases');
  const body = JSON.stringify({ DatabaseName: 'pasteDB', TableName: 'pasted', Records: [] }, null, 2);
  await editor.fill('');
  await editor.focus();
  // A real paste: Chromium fires paste, inserts the clipboard text, then input.
  await page.evaluate(async (text) => {
    const el = document.getElementById('request-body');
    el.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true }));
    el.value = text;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, body);
  await page.waitForFunction(() => document.querySelector('#operation').value === 'WriteRecords', null, { timeout: 5000 });
  assert.equal(await editor.inputValue(), body);
  // Typing a request of another operation does not switch (only a paste does).
  await editor.fill('{"DatabaseName": "typedDB"}');
  assert.equal(await page.getByLabel('Operation').inputValue(), 'WriteRecords');
  assert.deepEqual(problems, []);
});
