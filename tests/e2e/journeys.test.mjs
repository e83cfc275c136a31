// End to end: the journeys of issue 15 (items 3-9) as a person walks them, at 1280×800, in a
// 700×450 iframe of a static docs-like page, and at 390×844, light and dark (screenshots in
// tests/e2e/artifacts/journey-*.png). dist/ is served at /site/playground/ next to the docs page
// at /site/docs/ (one origin: the strict CSP's default-src 'self' covers the frame).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { artifacts, newAnswer, settled, until } from './lib/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const dist = resolve(process.env.DIST_DIR ?? join(repo, 'dist'));
const KEY = 'tsw-playground/session';
const ctx = {};

/** The auto-height snippet exactly as docs/embedding.md gives it to docs authors. */
async function documentedSnippet() {
  const doc = await readFile(join(repo, 'docs/embedding.md'), 'utf8');
  const m = doc.match(/<!-- auto-height snippet -->\s*```html\s*<script>([\s\S]*?)<\/script>\s*```/);
  assert.ok(m, 'docs/embedding.md has the auto-height snippet');
  return m[1];
}

/** A docs-like page: prose, then the playground in an iframe. */
function docsPage(src, { height, script }) {
  const frame = height ? `<iframe src="${src}" width="700" height="${height}" title="Playground"></iframe>` : `<iframe class="timestream-playground" src="${src}" width="700" title="Playground"></iframe>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Docs: writing records</title>
<link rel="stylesheet" href="docs.css"><link rel="icon" href="icon.svg"></head>
<body><h1>Writing records</h1><p>Try the request below: press <b>Run</b>.</p>${frame}<p>More prose after the example.</p>
${script ? '<script src="resize.js"></script>' : ''}</body></html>`;
}

before(async () => {
  await mkdir(artifacts, { recursive: true });
  ctx.dir = await mkdtemp(join(tmpdir(), 'tsw-journeys-'));
  await writeFile(join(ctx.dir, 'index.html'), '<!doctype html><title>site</title>\n');
  await symlink(dist, join(ctx.dir, 'playground'));
  await mkdir(join(ctx.dir, 'docs'));
  await writeFile(join(ctx.dir, 'docs/resize.js'), await documentedSnippet());
  await writeFile(join(ctx.dir, 'docs/icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
  await writeFile(join(ctx.dir, 'docs/docs.css'), 'body{font:16px/1.5 Georgia,serif;max-width:760px;margin:1.5rem auto;padding:0 1rem}iframe{border:1px solid #bbb;display:block}\n');
  ctx.server = await serveDist(ctx.dir, '/site/');
  ctx.app = `${ctx.server.url}playground/index.html`; // the server has no directory index
  ctx.browser = await launch();
});

after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
  if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
});

const editor = (page) => page.getByLabel('Request body (JSON)');

/** Opens the playground with nothing saved (the previous page's session is not kept). */
async function fresh(page, query = '') {
  await page.goto(`${ctx.app}?embed=1`);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${ctx.app}${query}`);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="engine-status"]').waitFor({ state: 'detached', timeout: 30_000 });
}

/** A test's start: its problems cleared, the window's size, a fresh playground. */
async function begin(width = 1280, height = 800) {
  const { page, problems } = ctx.browser;
  problems.length = 0;
  await page.setViewportSize({ width, height });
  await fresh(page);
  return { page, problems };
}

/** "Write your first records" on the Start here card: WriteRecords with sampleDB ready. */
async function startWriting(page) {
  await page.getByTestId('start-write').click();
  await until(() => page.getByLabel('Operation').inputValue(), (v) => v === 'WriteRecords');
}

async function runNow(page) {
  const answered = await newAnswer(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await answered();
  return (await page.getByTestId('response-status').textContent()).trim();
}

/** Whether the element's box is wholly inside its own window's viewport (no scrolling needed). */
async function inViewport(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

async function noOverflow(page, label) {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(scroll <= inner, `${label}: the page is ${scroll} px wide in a ${inner} px window (horizontal overflow)`);
}

/** Light and dark screenshots (the app follows the system's scheme unless told otherwise). */
async function shots(page, name, fullPage = true) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(artifacts, `journey-${name}-light.png`), fullPage });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(artifacts, `journey-${name}-dark.png`), fullPage });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('drafts: each operation keeps its edited body, across a reload; Reset can be undone', async () => {
  const { page, problems } = await begin();
  const picker = page.getByLabel('Operation');
  await picker.selectOption('CreateDatabase');
  const mine = '{\n  "DatabaseName": "myDraftDB"\n}';
  await editor(page).fill(mine);
  await picker.selectOption('ListTables');
  assert.doesNotMatch(await editor(page).inputValue(), /myDraftDB/, 'the other operation shows its own template');
  await picker.selectOption('CreateDatabase');
  assert.equal(await editor(page).inputValue(), mine, 'switching back brings the edited body back');

  // Leave it as a draft, let autosave write it, reload: still there.
  await picker.selectOption('ListTables');
  await page.waitForFunction(([k]) => (localStorage.getItem(k) ?? '').includes('myDraftDB'), [KEY], { timeout: 5_000 });
  await page.reload();
  await picker.waitFor({ timeout: 30_000 });
  assert.equal(await picker.inputValue(), 'ListTables');
  await picker.selectOption('CreateDatabase');
  assert.equal(await editor(page).inputValue(), mine, 'the draft survived the reload');

  // Reset puts the template back and offers Undo, which brings the text back.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  assert.doesNotMatch(await editor(page).inputValue(), /myDraftDB/);
  const undo = page.getByRole('button', { name: 'Undo reset' });
  assert.ok(await undo.isVisible(), 'an Undo is offered after Reset');
  await shots(page, 'drafts-undo', false);
  await undo.click();
  assert.equal(await editor(page).inputValue(), mine);
  assert.equal(await undo.count(), 0, 'Undo goes once used');
  assert.deepEqual(problems, []);
});

test('first screen: Start here is in sight, a first write works in one click, a missing database or table is created in one click', async () => {
  const { page, problems } = await begin();
  const start = page.getByTestId('start-here');
  assert.ok(await inViewport(start), 'the Start here card is on the first screen');
  const examples = start.getByRole('listitem');
  assert.ok((await examples.count()) >= 3, 'the examples are listed');
  assert.ok(await inViewport(examples.last()), 'every example is in sight without scrolling');
  await shots(page, 'first-screen', false);
  // An example asks first, in the page (it resets the emulator); Cancel gives the focus back.
  const first = examples.first().getByRole('button');
  await first.click();
  const ask = page.getByTestId('start-confirm');
  assert.match(await ask.textContent(), /Start “.+”\?.*resets the emulator/);
  assert.ok(await inViewport(ask), 'the question is in sight');
  await shots(page, 'start-confirm', false);
  assert.equal(await ask.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement), true, 'Cancel has the focus');
  await page.keyboard.press('Enter');
  await ask.waitFor({ state: 'detached' });
  assert.equal(await first.evaluate((b) => b === document.activeElement), true, 'the focus is back on the example');
  assert.equal(await page.getByTestId('guide').count(), 0, 'no example started');

  // One click: WriteRecords with sampleDB.sampleTable ready; Run writes.
  await start.getByRole('button', { name: 'Write your first records' }).click();
  await until(() => page.getByLabel('Operation').inputValue(), (v) => v === 'WriteRecords');
  assert.match(await editor(page).inputValue(), /"sampleDB"/);
  assert.equal(await runNow(page), '200');
  assert.match(await page.getByTestId('records-ingested').textContent(), /Total 1/);

  // A missing table: one click creates the database and table and runs the request again.
  const body = JSON.parse(await editor(page).inputValue());
  body.DatabaseName = 'docsDB';
  body.TableName = 'cpu';
  await editor(page).fill(JSON.stringify(body, null, 2));
  assert.equal(await runNow(page), '404');
  assert.equal((await page.getByTestId('response-error-type').textContent()).trim(), 'ResourceNotFoundException');
  const create = page.getByTestId('create-missing');
  assert.equal((await create.textContent()).trim(), 'Create database \u201cdocsDB\u201d and table \u201ccpu\u201d, then run again');
  await shots(page, 'resource-not-found', false);
  const answered = await newAnswer(page);
  await create.click();
  await answered();
  assert.equal((await page.getByTestId('response-status').textContent()).trim(), '200');
  assert.match(await page.getByTestId('records-ingested').textContent(), /Total 1/);
  assert.equal(await create.count(), 0, 'the fix goes once it worked');

  // A missing database only (ListTables names no table).
  await page.getByLabel('Operation').selectOption('ListTables');
  await editor(page).fill('{"DatabaseName": "nowhereDB"}');
  assert.equal(await runNow(page), '404');
  assert.equal((await create.textContent()).trim(), 'Create database \u201cnowhereDB\u201d, then run again');
  const again = await newAnswer(page);
  await create.click();
  await again();
  assert.equal((await page.getByTestId('response-status').textContent()).trim(), '200');
  assert.deepEqual(problems, []);
});

/** docs-kit's "Open in playground" link, built as embed/embed.js builds it (URLSearchParams). */
function openInPlayground(base, operation, body) {
  const url = new URL(base);
  url.searchParams.set('op', operation);
  url.searchParams.set('body', body);
  return url.href;
}

test('embed: in a 700×450 iframe of a docs page the response shows after Run without scrolling; ?op=&body= opens the request', async () => {
  const { page, problems } = await begin();
  const body = '{\n  "DatabaseName": "docsDemo"\n}';
  const src = openInPlayground(`${ctx.app}?embed=1`, 'CreateDatabase', body);
  assert.match(src, /[?&]op=CreateDatabase&body=%7B%0A\+\+%22DatabaseName/, 'the link is the one embed.js makes');
  await writeFile(join(ctx.dir, 'docs/fixed.html'), docsPage(src, { height: 450 }));
  await page.goto(`${ctx.server.url}docs/fixed.html`);
  const frame = page.frameLocator('iframe');
  await frame.getByLabel('Operation').waitFor({ timeout: 30_000 });
  assert.equal(await frame.getByLabel('Operation').inputValue(), 'CreateDatabase');
  assert.equal(await frame.getByLabel('Request body (JSON)').inputValue(), body, 'the body of the URL is in the editor');
  await frame.getByRole('button', { name: 'Run', exact: true }).click();
  const status = frame.getByTestId('response-status');
  await status.waitFor({ timeout: 30_000 });
  assert.equal((await status.textContent()).trim(), '200');
  for (const id of ['response-status', 'response-request-id']) assert.ok(await inViewport(frame.getByTestId(id)), `${id} is inside the 700×450 frame's viewport`);
  assert.ok(await inViewport(frame.getByRole('button', { name: 'Run', exact: true })), 'Run is in the frame too');
  assert.equal(await frame.locator('html').evaluate(() => window.scrollY), 0, 'the frame did not need to scroll');
  await noOverflow(page, 'docs page');
  await shots(page, 'embed-700x450', false);

  // Ctrl+Enter from the operation picker runs too (in the frame).
  const before = (await frame.getByTestId('response-request-id').textContent()).trim();
  await frame.getByLabel('Operation').focus();
  await page.keyboard.press('Control+Enter');
  await until(async () => (await frame.getByTestId('response-request-id').textContent()).trim(), (v) => v !== before);
  assert.equal((await frame.getByTestId('response-error-type').textContent()).trim(), 'ConflictException');
  assert.deepEqual(problems, []);
});

test('embed: the documented auto-height snippet sizes the iframe to the playground, before and after Run', async () => {
  const { page, problems } = ctx.browser;
  problems.length = 0;
  await page.setViewportSize({ width: 1280, height: 800 });
  const src = openInPlayground(`${ctx.app}?embed=1`, 'ListDatabases', '{}');
  await writeFile(join(ctx.dir, 'docs/auto.html'), docsPage(src, { script: true }));
  await page.goto(`${ctx.server.url}docs/auto.html`);
  const frame = page.frameLocator('iframe');
  await frame.getByLabel('Operation').waitFor({ timeout: 30_000 });
  const heights = () =>
    Promise.all([page.locator('iframe').evaluate((f) => f.clientHeight), frame.locator('html').evaluate((h) => h.offsetHeight)]);
  const fits = ([outer, inner]) => Math.abs(outer - inner) <= 2;
  assert.ok(fits(await until(heights, fits)), `the iframe is as tall as its content: ${await heights()}`);
  const [first] = await heights();
  await frame.getByRole('button', { name: 'Run', exact: true }).click();
  await frame.getByTestId('response-body').waitFor({ timeout: 30_000 });
  await frame.getByLabel('Operation').selectOption('WriteRecords');
  await frame.getByRole('button', { name: 'Run', exact: true }).click();
  await frame.getByTestId('response-error-type').waitFor();
  const after = await until(heights, (h) => fits(h) && h[0] !== first);
  assert.ok(fits(after), `after Run the iframe follows its content: ${after}`);
  assert.equal(await frame.locator('html').evaluate(() => document.documentElement.scrollHeight - window.innerHeight), 0, 'nothing scrolls inside the frame');
  await shots(page, 'embed-auto-height');
  assert.deepEqual(problems, []);
});

test('mobile 390×844: no horizontal overflow on any tab, the tabs wrap, the response scrolls into view after Run', async () => {
  const { page, problems } = await begin(390, 844);
  await noOverflow(page, 'first screen');
  const tabs = page.getByRole('tab');
  for (let i = 0; i < (await tabs.count()); i++) {
    const tab = tabs.nth(i);
    const box = await tab.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `tab ${(await tab.textContent()).trim()} is wholly on screen: ${JSON.stringify(box)}`);
    await tab.click();
    await page.waitForTimeout(300);
    await noOverflow(page, `${(await tab.textContent()).trim()} tab`);
  }
  // A first visit's Batch load tab says what is not there yet, and why there is no preview.
  assert.match(await page.getByTestId('batch-tasks-empty').textContent(), /^No tasks yet: Start task sends the request above as CreateBatchLoadTask\.$/);
  const refused = await until(() => page.getByTestId('batch-preview-error').textContent().catch(() => ''), (t) => t !== '');
  assert.match(refused, /^ResourceNotFoundException: The database sampleDB does not exist\.$/);
  await shots(page, 'mobile-batch-tab');
  await tabs.first().click();
  await page.getByLabel('Operation').selectOption('CreateDatabase');
  await editor(page).fill('{"DatabaseName": "phoneDB"}');
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.equal(await runNow(page), '200');
  await until(() => inViewport(page.getByTestId('response-status')), (v) => v, 3_000);
  assert.ok(await inViewport(page.getByTestId('response-status')), 'the response was scrolled into view');
  await noOverflow(page, 'after Run');
  await shots(page, 'mobile-after-run', false);
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.deepEqual(problems, []);
});

test('smaller: Escape closes dialogs; request ids differ per session; a failure clears old banners; bad links leave at most one small copy; Clear asks', async () => {
  const { page, problems } = await begin();

  // Escape closes Copy as code and the example confirmation; the focus goes back to the opener.
  await page.getByRole('button', { name: 'Copy as code' }).click();
  await page.getByTestId('codegen').getByRole('button', { name: 'Copy', exact: true }).focus();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('codegen').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Copy as code');
  await page.getByLabel('Examples').selectOption({ index: 1 });
  await page.getByTestId('example-confirm').getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('example-confirm').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'examples');

  // The first request id of a fresh session differs from the last fresh session's.
  const firstId = async () => {
    await fresh(page);
    await page.getByLabel('Operation').selectOption('DescribeEndpoints');
    await runNow(page);
    return (await page.getByTestId('response-request-id').textContent()).trim();
  };
  const [a, b] = [await firstId(), await firstId()];
  assert.notEqual(a, b, 'two fresh sessions start with different request ids');
  assert.match(a, /^[A-Z2-7]{26}$/);

  // Clear asks; declined, nothing goes; accepted, the emulator is empty and says so.
  await page.getByLabel('Operation').selectOption('CreateDatabase');
  await editor(page).fill('{"DatabaseName": "clearMe"}');
  assert.equal(await runNow(page), '200');
  await page.getByRole('button', { name: 'Clear emulator' }).click();
  const clearAsk = page.getByTestId('clear-confirm');
  assert.match(await clearAsk.textContent(), /Clear the emulator\?.*discarded/);
  await shots(page, 'clear-confirm', false);
  await clearAsk.getByRole('button', { name: 'Cancel' }).click();
  await clearAsk.waitFor({ state: 'detached' });
  const list = async () => {
    await page.getByLabel('Operation').selectOption('ListDatabases');
    await editor(page).fill('{}');
    await runNow(page);
    return JSON.parse(await page.getByTestId('response-body').textContent()).Databases.map((d) => d.DatabaseName);
  };
  assert.deepEqual(await list(), ['clearMe']);
  await page.getByRole('button', { name: 'Clear emulator' }).click();
  await clearAsk.getByRole('button', { name: 'Clear', exact: true }).click();
  const cleared = page.getByTestId('notice').filter({ hasText: 'The emulator was cleared' });
  await cleared.waitFor();
  assert.deepEqual(await list(), []);

  // A new failure clears the old success banner.
  await page.getByLabel('Import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{') });
  await page.getByTestId('notice').filter({ hasText: 'was not imported' }).waitFor();
  assert.equal(await cleared.count(), 0, 'the success banner went when the failure came');

  // Bad share links: at most one set-aside copy, and none for a large one.
  const corrupt = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tsw-playground/link.corrupt-')));
  for (const [i, payload] of ['AAAA-not-deflate', 'BBBB-not-deflate'].entries()) {
    await page.goto(`${ctx.app}?visit=${i}#s=${payload}`); // a new query: a page load, not a hashchange
    await page.getByTestId('notice').filter({ hasText: "shared link's session" }).waitFor({ timeout: 30_000 });
  }
  const kept = await corrupt();
  assert.equal(kept.length, 1, `one copy: ${kept}`);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), kept[0]), 'BBBB-not-deflate');
  await page.goto(`${ctx.app}?visit=big#s=${'C'.repeat(200_000)}`);
  const big = page.getByTestId('notice').filter({ hasText: "shared link's session" });
  await big.waitFor({ timeout: 30_000 });
  assert.deepEqual(await corrupt(), [], 'a 200 KB bad link is not kept');
  assert.doesNotMatch(await big.textContent(), /localStorage under/);
  await shots(page, 'smaller-notices', false);
  assert.deepEqual(problems, []);
});

test('pictures of time: a rejected RecordIndex selects the record in the editor and opens its timeline; the Clock is a linear axis with now and the records', async () => {
  const { page, problems } = await begin();
  await startWriting(page);
  const t = String(Date.now() - 60_000);
  const rec = (host, value, version) => ({ Dimensions: [{ Name: 'host', Value: host }], MeasureName: 'cpu', MeasureValue: value, MeasureValueType: 'DOUBLE', Time: t, Version: version });
  const body = (records) => JSON.stringify({ DatabaseName: 'sampleDB', TableName: 'sampleTable', Records: records }, null, 2);
  await editor(page).fill(body([rec('a', '1', 2)]));
  assert.equal(await runNow(page), '200');
  await editor(page).fill(body([rec('b', '1', 1), rec('a', '5', 1)]));
  assert.equal(await runNow(page), '419');

  // RecordIndex 1 → that record is selected in the editor.
  await page.getByTestId('rejected-index').click();
  const selected = await editor(page).evaluate((t) => [document.activeElement === t, t.value.slice(t.selectionStart, t.selectionEnd)]);
  assert.equal(selected[0], true, 'the editor has the focus');
  assert.deepEqual(JSON.parse(selected[1]), rec('a', '5', 1), 'the selection is exactly Records[1]');

  // One click to its version timeline, which tells the record's time from the writes' times.
  await page.getByTestId('open-timeline').click();
  const timeline = page.getByTestId('inspector-timeline');
  await timeline.waitFor();
  await page.getByTestId('inspector-history').locator('li').nth(1).waitFor();
  await until(() => inViewport(page.getByTestId('timeline-times')), (v) => v, 3_000);
  assert.ok(await inViewport(page.getByTestId('timeline-times')), 'the timeline was scrolled into view');
  const iso = new Date(Number(t)).toISOString();
  assert.match(await page.getByTestId('timeline-times').textContent(), new RegExp(`Record time \\(the record's Time\\): ${iso.replace(/[.]/g, '\\.')}`));
  const attempts = await page.getByTestId('inspector-history').locator('li').allTextContents();
  assert.match(attempts[0], /^written \d{4}-.*version 2.*accepted \(inserted\)/);
  assert.match(attempts[1], /^written \d{4}-.*version 1.*rejected/);
  await shots(page, 'timeline', false);

  // The Clock: a linear axis, now between the memory window and the future allowance, the
  // table's two records plotted inside the memory window.
  await page.getByRole('tab', { name: 'Clock' }).click();
  const axis = page.getByTestId('clock-axis').first();
  await axis.waitFor();
  const geo = await axis.evaluate((svg) => {
    const x = (sel) => {
      const r = svg.querySelector(sel).getBBox();
      return { x: r.x, width: r.width };
    };
    const now = svg.querySelector('line.now');
    return {
      memory: x('rect.memory'), future: x('rect.future'), now: Number(now.getAttribute('x1')),
      dots: [...svg.querySelectorAll('circle.rec')].map((c) => ({ x: Number(c.getAttribute('cx')), cls: c.getAttribute('class') })),
      label: svg.querySelector('[data-testid="clock-axis-now"]').textContent,
    };
  });
  assert.equal(geo.label, 'now');
  assert.ok(Math.abs(geo.memory.x + geo.memory.width - geo.now) < 0.2 && Math.abs(geo.future.x - geo.now) < 0.2, JSON.stringify(geo));
  // Linear: 6 h 25 min of memory window against 15 min of future allowance.
  assert.ok(Math.abs(geo.memory.width / geo.future.width - 385 / 15) < 0.1, JSON.stringify(geo));
  assert.equal(geo.dots.length, 2);
  for (const d of geo.dots) assert.ok(d.x > geo.memory.x && d.x < geo.now && d.cls === 'rec', JSON.stringify(d));
  await shots(page, 'clock-axis', false);
  assert.deepEqual(problems, []);
});

test('batch load you can watch: collapsed viewer, a speed control, the status beside Start, Stop and Resume on 300 rows', async () => {
  const { page, problems } = await begin();
  await startWriting(page);
  await page.getByRole('tab', { name: 'Batch load' }).click();
  await page.getByLabel('New bucket name').fill('watch-me');
  await page.getByRole('button', { name: 'Create bucket' }).click();
  await page.getByRole('button', { name: 'watch-me', exact: true }).click();
  const now = Date.now();
  const csv = ['time,host,cpu', ...Array.from({ length: 300 }, (_, i) => `${now - 60_000 - i},h${i},${i}.5`)].join('\n') + '\n';
  await page.getByLabel('Object key').fill('small.csv');
  await page.getByLabel('Object text').fill(csv);
  await page.getByRole('button', { name: 'Put object' }).click();
  const details = page.getByTestId('batch-object-details');
  await details.waitFor();
  assert.equal(await details.evaluate((d) => d.open), false, 'the CSV viewer is collapsed by default');
  assert.equal(await page.getByTestId('batch-object-view').isVisible(), false);
  await page.getByRole('button', { name: 'View small.csv', exact: true }).click();
  await until(() => details.evaluate((d) => d.open), (v) => v);
  assert.equal(await page.getByTestId('batch-object-view').isVisible(), true, 'View opens it');

  await page.getByRole('button', { name: 'Load small.csv with a new task' }).click();
  await until(() => page.getByLabel('CreateBatchLoadTask request (JSON)').inputValue(), (v) => v.includes('small.csv'));
  await page.getByLabel('Speed').selectOption({ label: '100 rows/s' });
  const start = page.getByRole('button', { name: 'Start task' });
  await start.click();
  const status = page.getByTestId('batch-status');
  await status.waitFor();
  const [s, b] = [await start.boundingBox(), await status.boundingBox()];
  assert.ok(b.y - s.y < 200 && b.y > s.y, `the status is right under Start (${s.y} → ${b.y})`);
  // Progress moves visibly: part-way, then Stop holds it, Resume finishes it.
  const pct = async () => Number((await page.getByTestId('batch-progress-text').textContent()).match(/^(\d+)%/)[1]);
  const partway = await until(pct, (p) => p > 0 && p < 100, 10_000);
  assert.ok(partway > 0 && partway < 100, `progress seen part-way: ${partway}%`);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  assert.equal(await settled(status, 'PROGRESS_STOPPED'), 'PROGRESS_STOPPED');
  const held = await pct();
  assert.ok(held < 100, `stopped at ${held}%`);
  await page.waitForTimeout(500);
  assert.equal(await pct(), held, 'a stopped task does not move');
  await shots(page, 'batch-stopped', false);
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  assert.equal(await settled(status, 'SUCCEEDED', 20_000), 'SUCCEEDED');
  assert.equal(await pct(), 100);
  await page.getByLabel('Speed').selectOption({ label: 'Full speed' });
  assert.deepEqual(problems, []);
});
