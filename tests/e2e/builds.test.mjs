// End to end: the two builds (src/upgrade.rs). A first visit downloads the core build only; a
// feature of the full build reloads the page into it with the session kept; a later visit with a
// saved session starts in the full build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, run, setup } from './lib/harness.mjs';

const ctx = setup();

test('a first visit loads the core build; the Inspector tab moves to the full build with the session', async () => {
  const { page, problems } = ctx.browser;
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(ctx.server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'coreDB' }), '200');
  assert.ok(fetched.some((p) => p.endsWith('_bg.wasm')), 'the core wasm was fetched');
  assert.deepEqual(fetched.filter((p) => p.includes('/full/')), [], 'nothing of the full build on a first visit');
  // The core build has no Examples menu, only the button that loads the full build.
  assert.equal(await page.getByLabel('Examples').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Examples…' }).count(), 1);
  await page.screenshot({ path: join(artifacts, 'builds-core-first-visit.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByTestId('inspector-tables').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('inspector-tables').textContent(), /coreDB/);
  assert.ok(fetched.some((p) => p.includes('/full/') && p.endsWith('_bg.wasm')), 'the full wasm was fetched');
  assert.equal(await page.getByLabel('Examples').count(), 1, 'the full build has the Examples menu');
  await page.screenshot({ path: join(artifacts, 'builds-full-inspector.png'), fullPage: true });

  // The next visit has a saved session: the full build at once.
  fetched.length = 0;
  await page.reload();
  await page.getByLabel('Examples').waitFor({ timeout: 30_000 });
  assert.ok(fetched.some((p) => p.includes('/full/')));
  assert.deepEqual(problems, []);
});

test('?full=1 opens the full build; an embed stays on the core build', async () => {
  const { page, problems } = ctx.browser;
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${ctx.server.url}?embed=1`);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  assert.equal(await run(page, 'ListDatabases', {}), '200');
  assert.deepEqual(fetched.filter((p) => p.includes('/full/')), []);
  await page.goto(`${ctx.server.url}?full=1`);
  await page.getByLabel('Examples').waitFor({ timeout: 30_000 });
  assert.deepEqual(problems, []);
});

test('?embed=1&scenario=<id> embeds an example: the guide, the editor, Run and the result', async () => {
  const { page, problems } = ctx.browser;
  // Leave the previous (non-embed) page first: it saves its session when it is hidden.
  await page.goto(`${ctx.server.url}?embed=1`);
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

