// End to end: one build (issue 14). Every feature is there on the first visit and opening any
// of them never navigates; the engine runs in a Web Worker started next to the page's wasm; a
// missing worker file is a clear message on the page, never a reload loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, run, setup } from './lib/harness.mjs';

const ctx = setup();

/** Counts the main frame's navigations (page loads) from now on. */
function countLoads(page) {
  const loads = { n: 0 };
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) loads.n += 1; });
  return loads;
}

test('one visit, one page load: every feature opens in place, the engine in a worker', async () => {
  const { page, problems } = ctx.browser;
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const loads = countLoads(page);
  await page.goto(ctx.server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'oneDB' }), '200');
  assert.ok(fetched.some((p) => p.endsWith('/worker.js')), 'the worker script was fetched');
  // One module for both threads: fetched once (boot.js posts the compiled module to the worker).
  assert.equal(fetched.filter((p) => p.endsWith('_bg.wasm')).length, 1, `wasm fetches: ${fetched.filter((p) => p.endsWith('.wasm'))}`);
  assert.deepEqual(fetched.filter((p) => p.includes('/full/')), [], 'there is no second build');

  for (const tab of ['Inspector', 'Clock', 'Batch load', 'Response']) {
    await page.getByRole('tab', { name: tab }).click();
  }
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByTestId('inspector-tables').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('inspector-tables').textContent(), /oneDB/);
  assert.equal(await page.getByLabel('Examples').count(), 1, 'the Examples menu is there at once');
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByTestId('share-url').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(artifacts, 'builds-one-visit.png'), fullPage: true });
  assert.equal(loads.n, 1, 'opening the features loaded no page');
  assert.deepEqual(problems, []);
});

test('a missing worker file is a message on the page, and the page never reloads', async () => {
  const { page, context, problems } = ctx.browser;
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  // As a half-deployed site: the engine's worker script is not there.
  await context.route('**/worker.js', (r) => r.fulfill({ status: 404, body: 'not found' }));
  const loads = countLoads(page);
  await page.goto(ctx.server.url);
  const failed = page.getByTestId('engine-failed');
  await failed.waitFor({ timeout: 30_000 });
  assert.match(await failed.textContent(), /The engine could not start .*worker\.js/);
  // The rest of the page works: the editor, the tabs, the Examples menu.
  await page.getByRole('tab', { name: 'Clock' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForTimeout(2_000);
  assert.equal(loads.n, 1, 'no reload loop');
  await page.screenshot({ path: join(artifacts, 'builds-missing-worker.png'), fullPage: true });
  await context.unroute('**/worker.js');
  // The only problem is the missing file.
  assert.ok(problems.some((p) => /http 404: .*\/worker\.js/.test(p)), problems.join('\n'));
  assert.deepEqual(problems.filter((p) => !/\/worker\.js/.test(p)), []);
  problems.length = 0;
});

test('?embed=1&scenario=<id> embeds an example: the guide, the editor, Run and the result', async () => {
  const { page, problems } = ctx.browser;
  // Leave the previous (non-embed) page first: it saves its session when it is hidden.
  await page.goto(`${ctx.server.url}?embed=1`);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.goto(`${ctx.server.url}?embed=1&scenario=version-ladder`);
  const guide = page.getByTestId('guide');
  await guide.waitFor({ timeout: 30_000 });
  assert.match(await guide.textContent(), /Version upsert ladder/);
  assert.equal(await page.locator('header.topbar').count(), 0, 'no page chrome in an embed');
  assert.equal(await page.getByRole('tablist').count(), 0);
  await guide.getByRole('button', { name: 'Run step' }).click();
  await page.getByTestId('guide-verdict').getByText('Matched the expected outcome.').waitFor();
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), [], 'an embed saves nothing');
  await page.screenshot({ path: join(artifacts, 'builds-embed-scenario.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

