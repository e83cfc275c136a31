// End to end: keep and share — autosave across reloads, an unreadable saved state set aside,
// share links, export/import, ?embed=1, the theme, copy as code. Harness: lib/harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifacts, run, setup, until } from './lib/harness.mjs';
import { launch } from './lib/browser.mjs';

const ctx = setup();
const KEY = 'tsw-playground/session';
const editor = (page) => page.getByLabel('Request body (JSON)');

async function open(page, url) {
  await page.goto(url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
}

/** Waits until autosave has written a session whose text contains `needle`. */
async function saved(page, needle) {
  await page.waitForFunction(([k, n]) => (localStorage.getItem(k) ?? '').includes(n), [KEY, needle], { timeout: 5_000 });
  return page.evaluate((k) => localStorage.getItem(k), KEY);
}

async function databases(page) {
  assert.equal(await run(page, 'ListDatabases', {}), '200');
  return JSON.parse(await page.getByTestId('response-body').textContent()).Databases.map((d) => d.DatabaseName);
}

test('a reload keeps the engine, the operation and the editor text', async () => {
  const { page, problems } = ctx.browser;
  await open(page, ctx.server.url);
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'keepDB' }), '200');
  await page.getByLabel('Operation').selectOption('DescribeDatabase');
  await editor(page).fill('{\n  "DatabaseName": "keepDB",\n  "Note": "typed by hand"\n}');
  const doc = JSON.parse(await saved(page, 'typed by hand'));
  assert.equal(doc.kind, 'timestream-playground/session');
  assert.equal(doc.version, 1);
  assert.equal(doc.operation, 'DescribeDatabase');
  assert.equal(doc.engine.kind, 'timestream-playground/snapshot');

  await page.reload();
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByLabel('Operation').inputValue(), 'DescribeDatabase');
  assert.equal(await editor(page).inputValue(), '{\n  "DatabaseName": "keepDB",\n  "Note": "typed by hand"\n}');
  assert.equal(await page.getByTestId('notice').count(), 0);
  assert.deepEqual(await databases(page), ['keepDB']);
  assert.deepEqual(problems, []);
});

test('an unreadable saved session is set aside with a message and the page starts fresh', async () => {
  const { page, problems } = ctx.browser;
  for (const [garbage, reason] of [
    ['{"kind": "timestream-playground/session", "version": 1, garbage', /not a session document/],
    ['{"kind": "timestream-playground/session", "version": 99}', /session version 99 is not supported/],
    ['{"kind": "timestream-playground/session", "version": 1, "engine": {"kind": "x"}}', /engine state could not be restored/],
  ]) {
    await page.waitForTimeout(500); // past the autosave delay: nothing pending to save on reload
    await page.evaluate(([k, g]) => {
      for (const key of Object.keys(localStorage)) if (key.startsWith(`${k}.corrupt-`)) localStorage.removeItem(key);
      localStorage.setItem(k, g);
    }, [KEY, garbage]);
    await page.reload();
    const notice = page.getByTestId('notice');
    await notice.waitFor({ timeout: 30_000 });
    const text = await notice.textContent();
    assert.match(text, reason);
    assert.match(text, /started fresh/);
    const kept = await page.evaluate((k) => Object.keys(localStorage).filter((key) => key.startsWith(`${k}.corrupt-`)), KEY);
    assert.equal(kept.length, 1, `one set-aside key: ${kept}`);
    assert.ok(text.includes(kept[0]), `the message names ${kept[0]}: ${text}`);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), kept[0]), garbage);
    // Fresh and usable: the default operation, an empty engine.
    assert.equal(await page.getByLabel('Operation').inputValue(), 'DescribeEndpoints');
    assert.deepEqual(await databases(page), []);
  }
  await page.screenshot({ path: join(artifacts, 'keep-corrupt-storage.png'), fullPage: true });
  await page.getByRole('button', { name: 'Dismiss message' }).click();
  assert.equal(await page.getByTestId('notice').count(), 0);
  assert.deepEqual(problems, []);
});

test('a share link opens the session in a fresh browser; a broken link is set aside', async () => {
  const { page, context, problems } = ctx.browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ctx.server.url).origin });
  await open(page, ctx.server.url);
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'sharedDB' }), '200');
  await page.getByLabel('Operation').selectOption('CreateTable');
  await editor(page).fill('{"DatabaseName": "sharedDB", "TableName": "fromLink"}');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const field = page.getByTestId('share-url');
  await field.waitFor();
  const link = await field.inputValue();
  assert.ok(link.startsWith(`${ctx.server.url}#s=`), link);
  assert.match(link.split('#s=')[1], /^[A-Za-z0-9_-]+$/);
  const status = (await page.getByTestId('share-status').textContent()).trim();
  if (status.startsWith('Copied')) assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  else assert.match(status, /Copy the link from the field/);
  await page.screenshot({ path: join(artifacts, 'keep-share-link.png') });

  const other = await launch();
  try {
    await open(other.page, link);
    await other.page.waitForFunction(() => document.querySelector('#operation').value === 'CreateTable');
    assert.equal(await editor(other.page).inputValue(), '{"DatabaseName": "sharedDB", "TableName": "fromLink"}');
    assert.equal(new URL(other.page.url()).hash, '', 'the fragment is dropped once opened');
    assert.equal(await run(other.page, 'CreateTable', { DatabaseName: 'sharedDB', TableName: 'fromLink' }), '200');
    assert.deepEqual(await databases(other.page), ['sharedDB']);

    // An empty, default session makes a short link.
    await other.page.waitForTimeout(500);
    await other.page.evaluate(() => localStorage.clear());
    await open(other.page, ctx.server.url);
    assert.deepEqual(await databases(other.page), []);
    // Nothing saved and no link: a first visit, where Share is there at once.
    await other.page.getByRole('button', { name: 'Share', exact: true }).click();
    const short = await other.page.getByTestId('share-url').inputValue();
    assert.ok(short.split('#s=')[1].length < 48, short);

    // A broken link: a message, the payload set aside, the page keeps working.
    await open(other.page, `${ctx.server.url}#s=AAAA-not-deflate`);
    // (Same page, only the fragment changed: the earlier notice may still be listed.)
    const notice = other.page.getByTestId('notice').filter({ hasText: "shared link's session" });
    await notice.waitFor();
    assert.match(await notice.textContent(), /shared link's session could not be restored: the link's data is damaged/);
    const aside = await other.page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('tsw-playground/link.corrupt-')));
    assert.ok(aside, 'the broken payload is kept');
    assert.equal(await other.page.evaluate((k) => localStorage.getItem(k), aside), 'AAAA-not-deflate');
    assert.equal(await run(other.page, 'DescribeEndpoints', {}), '200');
    await other.page.screenshot({ path: join(artifacts, 'keep-broken-link.png'), fullPage: true });
    assert.deepEqual(other.problems, []);
  } finally {
    await other.close();
  }

  // The link pasted into a tab that has a saved session of its own (a hashchange, no reload):
  // the link wins, the saved session is kept aside.
  await editor(page).fill('{"DatabaseName": "mine"}');
  const mine = await saved(page, '"mine');
  await page.goto(link);
  await page.waitForFunction(() => document.querySelector('#request-body').value.includes('fromLink'));
  assert.match(await page.getByTestId('notice').textContent(), /Opened the session from the link/);
  assert.equal(await page.evaluate(() => localStorage.getItem('tsw-playground/session.before-link')), mine);
  assert.deepEqual(problems, []);
});

test('a share link written by the build before the worker (6ac3939) opens: editor, tab and engine', async () => {
  // tests/compat: the link of a session with two databases, records, a batch-load task and a
  // virtual clock; engine/tests/compat.rs and tests/keep.rs check every part of it.
  const payload = (await readFile(new URL('../compat/link-6ac3939.txt', import.meta.url), 'utf8')).trim();
  const other = await launch();
  try {
    await open(other.page, `${ctx.server.url}#s=${payload}`);
    await other.page.waitForFunction(() => document.querySelector('#operation').value === 'WriteRecords');
    assert.match(await editor(other.page).inputValue(), /"TableName": "cpu"/);
    assert.equal(await other.page.getByRole('tab', { name: 'Inspector' }).getAttribute('aria-selected'), 'true');
    const tables = other.page.getByTestId('inspector-tables');
    const listed = await until(() => tables.textContent(), (t) => /fleet/.test(t) && /archive/.test(t));
    assert.match(listed, /fleetcpu55fleetevents22archive\(no tables\)/, `every table with its series and records: ${listed}`);
    await other.page.screenshot({ path: join(artifacts, 'keep-old-link.png'), fullPage: true });
    // The link's request runs against the link's engine (its clock is the link's: 2024-01-01).
    assert.equal(await run(other.page, 'WriteRecords', JSON.parse(await editor(other.page).inputValue())), '200');
    assert.deepEqual(await databases(other.page), ['archive', 'fleet']);
    assert.deepEqual(other.problems, []);
  } finally {
    await other.close();
  }
});

test('export writes a session file and import brings it back; a bad file is refused', async () => {
  const { page, problems } = ctx.browser;
  await open(page, ctx.server.url);
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'exportedDB' }), '200');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  assert.match(download.suggestedFilename(), /^timestream-playground-\d{4}-\d\d-\d\d\.json$/);
  const file = join(artifacts, 'exported-session.json');
  await download.saveAs(file);
  const doc = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(doc.kind, 'timestream-playground/session');
  assert.ok(Object.keys(doc.engine.state.databases).includes('exportedDB'));

  assert.equal(await run(page, 'DeleteDatabase', { DatabaseName: 'exportedDB' }), '200');
  assert.ok(!(await databases(page)).includes('exportedDB'));
  // Import asks first, in the page (no browser dialog): declined, nothing changes and the focus
  // is back on Import; accepted, the file's session replaces this one.
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.getByLabel('Import').setInputFiles(file);
  const ask = page.getByTestId('import-confirm');
  await ask.waitFor();
  assert.match(await ask.textContent(), /Import .*\.json.*\?.*replaces this session/);
  await page.screenshot({ path: join(artifacts, 'keep-import-confirm.png') });
  assert.equal(await ask.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement), true, 'Cancel has the focus');
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  assert.equal(await page.getByLabel('Import').evaluate((i) => i === document.activeElement), true, 'the focus is back on Import');
  assert.ok(!(await databases(page)).includes('exportedDB'), 'a declined import changes nothing');
  await page.getByLabel('Import').setInputFiles(file);
  await ask.getByRole('button', { name: 'Import' }).click();
  await page.getByText('Imported the session of').waitFor();
  assert.deepEqual(dialogs, [], 'no browser dialog');
  assert.ok((await databases(page)).includes('exportedDB'));

  const bad = join(artifacts, 'not-a-session.json');
  await writeFile(bad, '{"kind": "something-else"}');
  await page.getByLabel('Import').setInputFiles(bad);
  const error = page.getByText('"not-a-session.json" was not imported');
  await error.waitFor();
  assert.match(await error.textContent(), /not a session document/);
  assert.ok((await databases(page)).includes('exportedDB'), 'a refused file changes nothing');
  await page.screenshot({ path: join(artifacts, 'keep-import-error.png'), fullPage: true });
  const dismiss = page.getByRole('button', { name: 'Dismiss message' });
  while (await dismiss.count()) await dismiss.first().click();
  assert.deepEqual(problems, []);
});

test('?embed=1 shows the editor, Run and the response only, saves nothing, and opens a link', async () => {
  const { page, problems } = ctx.browser;
  await open(page, ctx.server.url);
  await page.getByLabel('Operation').selectOption('ListTables');
  await editor(page).fill('{"DatabaseName": "embedded"}');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByTestId('share-url').inputValue();
  const before = await saved(page, 'embedded');

  const embed = link.replace('/playground/#', '/playground/?embed=1#');
  await open(page, embed);
  await page.waitForFunction(() => document.querySelector('#operation').value === 'ListTables');
  assert.equal(await editor(page).inputValue(), '{"DatabaseName": "embedded"}');
  assert.equal(await page.locator('header').count(), 0);
  assert.equal(await page.getByRole('tab').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Share' }).count(), 0);
  assert.equal(await run(page, 'DescribeEndpoints', {}), '200');
  await editor(page).fill('{"changed": "in the embed"}');
  await page.waitForTimeout(800);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), before, 'an embed does not autosave');
  await page.setViewportSize({ width: 900, height: 520 });
  await page.screenshot({ path: join(artifacts, 'keep-embed.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.deepEqual(problems, []);
});

test('the theme follows the system and a chosen one is remembered', async () => {
  const { page, problems } = ctx.browser;
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await open(page, ctx.server.url);
  assert.equal(await page.getByLabel('Theme').inputValue(), 'system');
  assert.equal(await background(), 'rgb(17, 22, 29)');
  await page.screenshot({ path: join(artifacts, 'keep-dark.png'), fullPage: true });
  await page.getByLabel('Theme').selectOption('light');
  assert.equal(await background(), 'rgb(246, 247, 249)');
  await page.reload();
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByLabel('Theme').inputValue(), 'light');
  assert.equal(await background(), 'rgb(246, 247, 249)');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByLabel('Theme').selectOption('dark');
  assert.equal(await background(), 'rgb(17, 22, 29)');
  await page.getByLabel('Theme').selectOption('system');
  assert.equal(await background(), 'rgb(246, 247, 249)');
  assert.equal(await page.evaluate(() => localStorage.getItem('tsw-playground/theme')), null);
  assert.deepEqual(problems, []);
});

test('copy as code shows boto3, AWS CLI and JS SDK v3 code that parses', async () => {
  const { page, problems } = ctx.browser;
  await open(page, ctx.server.url);
  await page.getByLabel('Operation').selectOption('CreateTable');
  await editor(page).fill('{"DatabaseName": "db", "TableName": "it\'s \\"quoted\\"", "MagneticStoreWriteProperties": {"EnableMagneticStoreWrites": false}}');
  await page.getByRole('button', { name: 'Copy as code' }).click();
  const code = page.getByTestId('codegen-code');

  const python = await code.inputValue();
  assert.match(python, /^import boto3\n/);
  assert.match(python, /client\.create_table\(\n {4}DatabaseName="db",\n {4}TableName="it's \\"quoted\\"",/);
  assert.match(python, /"EnableMagneticStoreWrites": False,/);
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: python });
  await page.screenshot({ path: join(artifacts, 'keep-copy-as-boto3.png'), fullPage: true });

  await page.getByRole('button', { name: 'AWS CLI' }).click();
  const cli = await code.inputValue();
  assert.ok(cli.startsWith("aws timestream-write create-table --cli-input-json '{\n"), cli);
  // The shell gives the CLI exactly the request.
  const args = cli.replace(/^aws timestream-write create-table /, '');
  const argv = execFileSync('bash', ['-c', 'eval "set -- $ARGS"; printf %s "$2"'], { env: { ...process.env, ARGS: args } }).toString();
  assert.deepEqual(JSON.parse(argv), JSON.parse(await editor(page).inputValue()));

  await page.getByRole('button', { name: 'JavaScript (SDK v3)' }).click();
  const js = await code.inputValue();
  assert.match(js, /^import \{ TimestreamWriteClient, CreateTableCommand \} from "@aws-sdk\/client-timestream-write";/);
  assert.match(js, /new CreateTableCommand\(\{\n {2}DatabaseName: "db",/);
  const mjs = join(artifacts, 'copy-as.mjs');
  await writeFile(mjs, js);
  execFileSync('node', ['--check', mjs]);

  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByText(/Copied to the clipboard|the code is selected/).waitFor();

  await editor(page).fill('{"DatabaseName": ');
  assert.match(await page.getByTestId('codegen-error').textContent(), /not valid JSON/);
  assert.deepEqual(problems, []);
});
