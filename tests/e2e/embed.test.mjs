// End to end: the docs kit. pkg/web (the engine's web build with embed.js and embed.css, from
// `cargo xtask pkg`) and docs-site/ are served as /site/embed/ and /site/docs-site/ with the
// strict CSP; each page's runnable blocks are run in order in Chromium at 1280 and 390 px, in
// light and dark (screenshots in tests/e2e/artifacts/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { serveDist } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { artifacts } from './lib/harness.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pkgWeb = join(process.env.PKG_DIR ?? join(repo, 'pkg'), 'web');
const WIDTHS = [1280, 390];
const ctx = {};

/** pkg/web must be built, with the embed/ files of this tree in it. */
async function checkPkgWeb() {
  const hint = 'run `cargo xtask pkg` first (it builds pkg/web: the engine for the browser with embed/ copied in)';
  for (const f of ['timestream_npm.js', 'timestream_npm_bg.wasm', 'emulator.mjs', 'embed.js', 'embed.css']) {
    await stat(join(pkgWeb, f)).catch(() => {
      throw new Error(`${join(pkgWeb, f)} is missing: ${hint}`);
    });
  }
  for (const f of ['embed.js', 'embed.css']) {
    const [built, source] = await Promise.all([readFile(join(pkgWeb, f), 'utf8'), readFile(join(repo, 'embed', f), 'utf8')]);
    if (built !== source) throw new Error(`${join(pkgWeb, f)} differs from embed/${f}: ${hint}`);
  }
}

before(async () => {
  await checkPkgWeb();
  await mkdir(artifacts, { recursive: true });
  ctx.dir = await mkdtemp(join(tmpdir(), 'tsw-embed-'));
  // The playground at the site's root (the docs pages link "Open in playground" to `../`): the
  // release build when the test command made one, else a stand-in.
  const dist = process.env.DIST_DIR;
  ctx.playground = Boolean(dist && (await stat(join(dist, 'index.html')).catch(() => null)));
  if (ctx.playground) await cp(dist, ctx.dir, { recursive: true });
  else await writeFile(join(ctx.dir, 'index.html'), '<!doctype html><title>playground stand-in</title>\n');
  await cp(pkgWeb, join(ctx.dir, 'embed'), { recursive: true });
  await cp(join(repo, 'docs-site'), join(ctx.dir, 'docs-site'), { recursive: true });
  ctx.server = await serveDist(ctx.dir, '/site/');
  ctx.browser = await launch();
  // Offline: every request the pages make goes to the site's own server.
  ctx.foreign = [];
  ctx.browser.page.on('request', (r) => {
    if (!r.url().startsWith(new URL(ctx.server.url).origin)) ctx.foreign.push(r.url());
  });
});

after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
  if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
});

/** Opens a page of the site and waits for the engine. */
async function open(page, name) {
  await page.goto(`${ctx.server.url}docs-site/${name}`);
  await page.locator('html[data-timestream-ready="true"]').waitFor({ timeout: 30_000 });
}

/** Runs block `i` and answers its status line and expectation badge once the response shows. */
async function runBlock(page, i) {
  const block = page.locator('.ts-embed').nth(i);
  await block.getByRole('button', { name: /^Run / }).click();
  const status = block.locator('.ts-status');
  await assert.doesNotReject(status.filter({ hasText: /^HTTP \d{3}/ }).waitFor({ timeout: 10_000 }), `block ${i} shows no response`);
  const badge = block.locator('.ts-expect');
  return { block, status: (await status.textContent()).trim(), badge: (await badge.count()) ? (await badge.textContent()).trim() : null };
}

/** The rejected-records table of a block as [{ RecordIndex, Reason, ExistingVersion }]. */
async function rejected(block) {
  return block.locator('.ts-rejected tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const [RecordIndex, Reason, ExistingVersion] = [...r.cells].map((c) => c.textContent);
      return { RecordIndex, Reason, ExistingVersion };
    }),
  );
}

async function noOverflow(page, label) {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(scroll <= inner, `${label}: the page is ${scroll} px wide in a ${inner} px window (horizontal overflow)`);
}

/** Light and dark screenshots; the blocks' colours follow prefers-color-scheme. */
async function screenshots(page, name) {
  const colours = () => page.locator('.ts-embed').first().evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]);
  const light = await colours();
  await page.screenshot({ path: join(artifacts, `${name}-light.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await colours();
  await page.screenshot({ path: join(artifacts, `${name}-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  assert.notDeepEqual(dark, light, 'the blocks change colours in the dark theme');
  await noOverflow(page, name);
}

/** Runs every block of a page in order; answers each one's { block, status, badge }. */
async function runAll(page) {
  const results = [];
  const n = await page.locator('.ts-embed').count();
  for (let i = 0; i < n; i++) results.push(await runBlock(page, i));
  for (const [i, r] of results.entries()) assert.match(r.badge ?? '', /^✓ /, `block ${i} (${r.status}) meets its data-expect: ${r.badge}`);
  return results;
}

const REJECTED = 'HTTP 419 · RejectedRecordsException';

for (const width of WIDTHS) {
  test(`upserts page at ${width} px: the walk-through runs in order; the rejected upserts show RecordIndex and ExistingVersion`, async () => {
    const { page, problems } = ctx.browser;
    problems.length = 0;
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await open(page, 'index.html');
    assert.equal(await page.locator('pre[data-timestream]:not(.ts-source)').count(), 0, 'every block was made runnable');
    assert.equal(await page.locator('pre[data-timestream]').first().isVisible(), false, 'the source pre is hidden');
    assert.equal(await page.locator('.ts-embed').count(), 6);
    assert.equal(await page.locator('.ts-expect').first().textContent(), 'expects 200', 'before a run, the badge says what is expected');

    const results = await runAll(page);
    assert.deepEqual(results.map((r) => r.status), ['HTTP 200', 'HTTP 200', 'HTTP 200', REJECTED, 'HTTP 200', REJECTED]);
    assert.match(await results[2].block.locator('.ts-json').textContent(), /"RecordsIngested"/);
    // Equal versions: no ExistingVersion (the service gives it only when the stored one is higher).
    for (const [step, existing, reason] of [[3, '—', /same time, dimensions, measure name, and record version/], [5, '2', /lower than the existing version 2/]]) {
      const rows = await rejected(results[step].block);
      assert.equal(rows.length, 1, `block ${step} lists one rejected record`);
      assert.equal(rows[0].RecordIndex, '0');
      assert.equal(rows[0].ExistingVersion, existing, `block ${step}: ExistingVersion`);
      assert.match(rows[0].Reason, reason, `block ${step}: the reason is shown`);
    }

    await results[5].block.screenshot({ path: join(artifacts, `embed-rejected-${width}.png`) });

    // The editor's diagnostics: a bad body lists `path: message` under it, and goes away when fixed.
    const editor = results[0].block.getByRole('textbox', { name: 'CreateDatabase request body' });
    const diagnostics = results[0].block.locator('.ts-diagnostics li');
    await editor.fill('{ "DatabaseName": "" }');
    await diagnostics.first().waitFor({ timeout: 5_000 });
    assert.match(await diagnostics.first().textContent(), /^DatabaseName: ./);
    await editor.fill('{ "DatabaseName": "docs" }');
    await diagnostics.first().waitFor({ state: 'detached', timeout: 5_000 });

    // Open in playground carries the page's session: the block's operation and body and the
    // engine with what the walk-through made (the playground's share-link format, #s=).
    const link = results[4].block.getByRole('link', { name: 'Open in playground' });
    await link.hover();
    await page.waitForFunction((a) => a.href.includes('#s='), await link.elementHandle());
    const href = new URL(await link.getAttribute('href'));
    const session = JSON.parse(inflateRawSync(Buffer.from(href.hash.slice('#s='.length), 'base64url')).toString('utf8'));
    assert.equal(session.kind, undefined, 'a link leaves out the kind and version (src/share.rs puts them back)');
    assert.equal(session.operation, 'WriteRecords');
    assert.equal(JSON.parse(session.request).Records[0].Version, 2);
    assert.ok(JSON.stringify(session.engine).includes('"docs"'), 'the session carries the database the page created');
    if (ctx.playground && width === WIDTHS[0]) {
      // The playground opens it where the reader was: the block's request in the editor, and the
      // engine with the database the page made.
      const pg = await ctx.browser.context.newPage();
      await pg.goto(href.href);
      await pg.getByLabel('Operation').waitFor({ timeout: 30_000 });
      // A share link is read asynchronously (DecompressionStream, then the engine's import).
      const opened = await pg
        .waitForFunction(() => document.querySelector('#operation')?.value === 'WriteRecords', null, { timeout: 15_000 })
        .then(() => true, () => false);
      const notice = await pg.getByTestId('notice').allTextContents();
      assert.ok(opened, `the playground opens the block's operation from the link (notices: ${JSON.stringify(notice)})`);
      assert.equal(JSON.parse(await pg.getByLabel('Request body (JSON)').inputValue()).Records[0].Version, 2);
      await pg.getByLabel('Operation').selectOption('ListDatabases');
      await pg.getByLabel('Request body (JSON)').fill('{}');
      await pg.getByRole('button', { name: /^Run/ }).click();
      const body = pg.getByTestId('response-body');
      await body.waitFor({ timeout: 10_000 });
      assert.match(await body.textContent(), /"DatabaseName": "docs"/, 'the opened playground has the database the docs page created');
      await pg.close();
    }

    // A block added after load (a single-page site's navigation) becomes runnable on the same engine.
    await page.evaluate(() => {
      const pre = document.createElement('pre');
      pre.dataset.timestream = 'ListTables';
      pre.dataset.expect = '200';
      pre.textContent = '{ "DatabaseName": "docs" }';
      document.querySelector('main').append(pre);
    });
    await page.locator('.ts-embed').nth(6).waitFor();
    const added = await runBlock(page, 6);
    assert.equal(added.status, 'HTTP 200');
    assert.match(await added.block.locator('.ts-json').textContent(), /"TableName": "cpu"/);
    await added.block.evaluate((e) => e.remove());

    await noOverflow(page, `index.html at ${width} px`);
    await screenshots(page, `embed-upserts-${width}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(ctx.foreign, [], 'no request leaves the site');
  });

  test(`ingestion window page at ${width} px: data-setup runs first, data-clock pins the window`, async () => {
    const { page, problems } = ctx.browser;
    problems.length = 0;
    await page.setViewportSize({ width, height: 900 });
    await open(page, 'window.html');
    const results = await runAll(page);
    assert.deepEqual(results.map((r) => r.status), ['HTTP 200', REJECTED, REJECTED, 'HTTP 200']);
    const setup = results[0].block.locator('.ts-setup');
    assert.equal((await setup.locator('summary').textContent()).trim(), 'Setup ran first (2 requests)');
    assert.deepEqual(await setup.locator('li').allTextContents(), ['CreateDatabase: 200', 'CreateTable: 200']);
    for (const step of [1, 2]) {
      const rows = await rejected(results[step].block);
      assert.equal(rows.length, 1);
      assert.equal(rows[0].RecordIndex, '0');
      assert.equal(rows[0].ExistingVersion, '—', 'a record outside the window has no existing version');
    }
    // The setup ran once: running the first block again (Ctrl+Enter in its editor) gives no new setup.
    const first = page.locator('.ts-embed').first();
    await first.locator('.ts-status').evaluate((e) => e.remove());
    await first.getByRole('textbox').press('Control+Enter');
    await first.locator('.ts-status').filter({ hasText: /^HTTP 200/ }).waitFor({ timeout: 10_000 });
    assert.equal(await first.locator('.ts-setup').count(), 0);
    assert.match(await first.locator('.ts-expect').textContent(), /^✓ /);

    await noOverflow(page, `window.html at ${width} px`);
    await screenshots(page, `embed-window-${width}`);
    assert.deepEqual(problems, []);
  });
}
