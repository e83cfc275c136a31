// End to end: the release build in dist/, served under a sub-path with a strict CSP, in
// headless Chromium. Run by `cargo xtask test` (node --test, DIST_DIR=dist).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, setup } from './lib/harness.mjs';

const ctx = setup();

test('DescribeEndpoints runs and the response panel shows a status', async () => {
  const { page, problems } = ctx.browser;
  await page.goto(ctx.server.url);
  const picker = page.getByLabel('Operation');
  await picker.waitFor({ timeout: 30_000 });
  assert.equal(await page.title(), 'Timestream Write playground');

  // Another operation loads its template; DescribeEndpoints brings back `{}`.
  await picker.selectOption('CreateTable');
  assert.match(await page.getByLabel('Request body (JSON)').inputValue(), /"TableName"/);
  await picker.selectOption('DescribeEndpoints');
  assert.equal(await page.getByLabel('Request body (JSON)').inputValue(), '{}');

  await page.getByRole('button', { name: 'Run' }).click();
  const status = page.getByTestId('response-status');
  await status.waitFor();
  assert.match((await status.textContent()).trim(), /^[1-5]\d\d$/);
  assert.equal((await page.getByTestId('response-operation').textContent()).trim(), 'DescribeEndpoints');
  assert.ok((await page.getByTestId('response-request-id').textContent()).trim().length > 0);

  await page.screenshot({ path: join(artifacts, 'describe-endpoints.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('a run the engine cannot read is a message on the page, and Run works again after it', async () => {
  const { page, problems } = ctx.browser;
  await page.goto(ctx.server.url);
  await page.getByLabel('Operation').selectOption('DescribeEndpoints');
  await page.getByTestId('engine-status').waitFor({ state: 'detached', timeout: 30_000 });
  // The next handle request leaves the page with a body the protocol refuses (a number).
  await page.evaluate(() => {
    const post = window.tswWorker.postMessage.bind(window.tswWorker);
    // A message is {json, data?}: its JSON text's bytes and the editor's text beside (src/wire.rs).
    window.tswWorker.postMessage = (message, transfer) => {
      const call = JSON.parse(new TextDecoder().decode(message.json));
      if (call.request?.type === 'handle') {
        call.request.body = 42;
        message = { json: new TextEncoder().encode(JSON.stringify(call)) };
        transfer = [];
        window.tswWorker.postMessage = post;
      }
      return transfer ? post(message, transfer) : post(message);
    };
  });
  const run = page.getByRole('button', { name: 'Run' });
  await run.click();
  const notice = page.getByTestId('notice').filter({ hasText: 'could not read a message' });
  await notice.waitFor({ timeout: 10_000 });
  assert.match(await notice.textContent(), /invalid type: integer `42`, expected a string or its UTF-8 bytes/);
  assert.equal(await page.getByTestId('response-status').count(), 0);
  // Not stuck: the next Run answers, and the message goes.
  await run.click();
  assert.equal((await page.getByTestId('response-status').textContent({ timeout: 10_000 })).trim(), '200');
  assert.equal(await notice.count(), 0);
  assert.deepEqual(problems, []);
});

test('Ctrl+Enter runs the editor text; malformed JSON is a SerializationException', async () => {
  const { page, problems } = ctx.browser;
  const editor = page.getByLabel('Request body (JSON)');
  await page.getByLabel('Operation').selectOption('ListDatabases');
  await editor.fill('{"MaxResults": ');
  await editor.press('Control+Enter');
  await page.getByTestId('response-error-type').waitFor();
  assert.equal((await page.getByTestId('response-status').textContent()).trim(), '400');
  assert.equal((await page.getByTestId('response-error-type').textContent()).trim(), 'SerializationException');
  await page.screenshot({ path: join(artifacts, 'serialization-error.png'), fullPage: true });

  // Markup typed by the user comes back (echoed name or validation message) as text, never HTML.
  await page.getByLabel('Operation').selectOption('CreateDatabase');
  await editor.fill('{"DatabaseName": "<img src=x>"}');
  await editor.press('Control+Enter');
  // (The previous answer stays on screen until this one comes.)
  await page.getByTestId('response-body').filter({ hasText: '<img src=x>' }).waitFor({ timeout: 10_000 }).catch(() => {});
  assert.match(await page.getByTestId('response-body').textContent(), /<img src=x>/);
  assert.equal(await page.locator('.response img').count(), 0);
  assert.deepEqual(problems, []);
});
