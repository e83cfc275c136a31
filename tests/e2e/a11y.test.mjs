// End to end: accessibility and safety of the page (issue 4, item 9). On a first visit, on every
// workbench tab and with the Examples menu
// open: every visible control has an accessible name (by the page's rules and by Chromium's
// accessibility tree), Tab reaches every enabled control (no trap, a visible focus outline),
// nothing that looks clickable is a bare div or span, no ARIA reference dangles; a keyboard-only
// run works, and a control used from the keyboard keeps the focus (or hands it to the control
// that opened it, or to a neighbour when it goes away or becomes disabled: batch-load Deletes,
// the guide's Previous and Next, Dismiss). The workbench tabs follow the WAI-ARIA tabs pattern
// (roving tabindex, arrows, Home, End; an arrow key shows a tab in place, never a page load).
// User text shown back (Inspector, Batch load, messages, the editor) stays text, never HTML, and
// 200-character names stay inside the inspector's panel. The harness serves dist/ with a strict
// CSP, and console errors fail each test.
// Each test collects its accessibility failures and reports them all at its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, newAnswer, run, settled, setup, until } from './lib/harness.mjs';

const ctx = setup();
const MARKUP = '<img src=x onerror=alert(1)><b>bold</b>';
// The same markup as a file name (a file name cannot hold '/': `<|b>` still opens a <b>).
const FILE_MARKUP = MARKUP.replaceAll('/', '|');
const TABS = ['Response', 'Inspector', 'Clock', 'Batch load'];

// ---- In the page (page.evaluate): controls, their accessible names, the Tab order ----

/** Every visible control of the page, each marked `data-a11y="<n>"`: { id, desc, name, tabbable }.
 * Controls: button, a[href], input, select, textarea, [role=tab] and anything with a tabindex
 * (but tabindex="-1" on a non-control, a programmatic focus target). The name follows the
 * accessible-name rules for the markup this app uses: aria-labelledby, aria-label, a <label>
 * (for= or wrapping), then the text of a button, tab or link, the value of an input button, and
 * title last; a placeholder is not a name. `tabbable`: enabled, so Tab must reach it (a native
 * control with tabindex="-1" too: it is visible and enabled but out of the Tab order), except a
 * tab of a tablist with tabindex="-1": the tabs pattern's roving tabindex puts only the selected
 * tab in the Tab order, the arrow keys reach the others (checked by the tabs test).
 * Also: `clickable`, elements with a pointer cursor that are neither a control nor inside one
 * (a clickable div or span: the app's handlers are delegated, so the cursor is what shows), and
 * `dangling`, ARIA and <label for> references to ids that are not in the page. */
function auditPage() {
  const SEL = 'button, a[href], input, select, textarea, [role=tab], [tabindex]:not([tabindex="-1"])';
  const NATIVE = 'button, a[href], input, select, textarea';
  const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
  const visible = (el) => el.getClientRects().length > 0 && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  // Text of a subtree as a name: skips aria-hidden parts and, for a label, the fields it wraps.
  const text = (node, skipFields) => {
    let out = '';
    for (const n of node.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) out += n.data;
      else if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.getAttribute('aria-hidden') === 'true' || (skipFields && FIELDS.has(n.tagName))) continue;
        out += n.tagName === 'IMG' ? (n.getAttribute('alt') ?? '') : ` ${text(n, skipFields)} `;
      }
    }
    return out.replace(/\s+/g, ' ').trim();
  };
  const name = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const t = by.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean).map((n) => text(n, false)).join(' ').trim();
      if (t) return t;
    }
    const aria = (el.getAttribute('aria-label') ?? '').trim();
    if (aria) return aria;
    const labels = el.labels ? [...el.labels].map((l) => text(l, true)).join(' ').trim() : '';
    if (labels) return labels;
    if (el.matches('button, a[href], [role=tab], [role=button], [role=link]')) {
      const t = text(el, false);
      if (t) return t;
    }
    if (el.matches('input[type=button], input[type=submit], input[type=reset]') && el.value.trim()) return el.value.trim();
    return (el.getAttribute('title') ?? '').trim();
  };
  const where = (el) => {
    const sec = el.closest('section, header, nav, form, [role=group]');
    if (!sec) return '';
    const heading = sec.getAttribute('aria-label')
      ?? (sec.getAttribute('aria-labelledby') && document.getElementById(sec.getAttribute('aria-labelledby'))?.textContent)
      ?? sec.querySelector('h2, h3')?.textContent ?? '';
    return ` in <${sec.tagName.toLowerCase()}${heading ? ` "${heading.trim()}"` : ''}>`;
  };
  const desc = (el) => {
    const copy = el.cloneNode(false);
    copy.removeAttribute('data-a11y');
    let tag = copy.outerHTML;
    if (tag.length > 160) tag = `${tag.slice(0, 157)}...`;
    const inner = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `${tag}${inner ? ` "${inner}"` : ''}${where(el)}`;
  };
  const disabled = (el) => el.disabled === true || el.closest('fieldset[disabled], [inert]') !== null;
  for (const old of document.querySelectorAll('[data-a11y]')) old.removeAttribute('data-a11y');
  const found = [...document.querySelectorAll(SEL)];
  for (const el of document.querySelectorAll(`:is(${NATIVE})[tabindex="-1"]`)) if (!found.includes(el)) found.push(el);
  const controls = found.filter(visible).map((el, id) => {
    el.dataset.a11y = String(id);
    const roving = el.matches('[role=tablist] > [role=tab][tabindex="-1"]');
    return { id: String(id), desc: desc(el), name: name(el), tabbable: !disabled(el) && !roving };
  });
  const isControl = (el) => el.closest(`${SEL}, label, summary, option, [role=button], [role=link]`) !== null;
  const clickable = [...document.body.querySelectorAll('*')]
    .filter((el) => visible(el) && getComputedStyle(el).cursor === 'pointer' && !isControl(el)
      && !(el.parentElement && getComputedStyle(el.parentElement).cursor === 'pointer' && !isControl(el.parentElement)))
    .map(desc);
  const dangling = [];
  for (const attr of ['aria-labelledby', 'aria-describedby', 'aria-controls', 'for']) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      if (attr === 'for' && el.tagName !== 'LABEL') continue;
      for (const id of el.getAttribute(attr).split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) dangling.push(`${attr}="${id}" on ${desc(el)}`);
      }
    }
  }
  return { controls, clickable, dangling };
}

/** The focused element: its data-a11y mark (null when unmarked), a description, its outline. */
function focused() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { id: null, desc: '(body)', outline: 'none' };
  const copy = el.cloneNode(false);
  copy.removeAttribute('data-a11y');
  const tag = copy.outerHTML.slice(0, 160);
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 ? style.outlineStyle : 'none';
  return { id: el.dataset?.a11y ?? null, desc: tag, outline };
}

/** Puts an element out of the Tab order before <body> and focuses it, so the next Tab goes to
 * the first control of the page whatever had focus before. */
function focusTop() {
  window.scrollTo(0, 0);
  const start = document.getElementById('a11y-start') ?? document.createElement('div');
  start.id = 'a11y-start';
  start.tabIndex = -1;
  document.documentElement.prepend(start);
  start.focus();
}

// ---- In node ----

/** Chromium's own accessible name of every control marked by auditPage (from its accessibility
 * tree, over CDP): a second opinion on the names computed in the page. */
async function chromiumNames(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-a11y]' });
    const names = {};
    for (const nodeId of nodeIds) {
      const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
      const id = attributes[attributes.indexOf('data-a11y') + 1];
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      names[id] = String(nodes[0]?.name?.value ?? '').trim();
    }
    return names;
  } finally {
    await cdp.detach();
  }
}

const list = (items) => `\n  ${items.join('\n  ')}`;

/** Every visible control has a name (by the page's rules and by Chromium's), nothing clickable
 * is a bare element, no ARIA reference dangles. Failures go to `failures`, prefixed with `what`. */
async function checkNamed(page, what, failures) {
  const { controls, clickable, dangling } = await page.evaluate(auditPage);
  if (controls.length < 4) failures.push(`${what}: only ${controls.length} controls found`);
  const chromium = await chromiumNames(page);
  const unnamed = controls.filter((c) => !c.name || !chromium[c.id])
    .map((c) => `${c.desc} (name: "${c.name}", Chromium's: "${chromium[c.id] ?? '?'}")`);
  if (unnamed.length) failures.push(`${what}: controls without an accessible name:${list(unnamed)}`);
  if (clickable.length) failures.push(`${what}: clickable elements that are not controls (no role, no tabindex):${list(clickable)}`);
  if (dangling.length) failures.push(`${what}: references to ids that do not exist:${list(dangling)}`);
  return controls;
}

/** Presses Tab from the top of the page until focus comes back to the first control (or after
 * twice the number of controls): every enabled visible control must be reached, focus must not
 * stick on one element, and each focused control must show an outline. */
async function checkTabReachesAll(page, what, failures) {
  const { controls } = await page.evaluate(auditPage);
  const want = controls.filter((c) => c.tabbable);
  await page.evaluate(focusTop);
  const reached = new Set();
  const stuck = new Set();
  const noOutline = new Set();
  let presses = 0;
  let first = null;
  let last = null;
  let repeats = 0;
  for (; presses < want.length * 2 + 10; presses++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(focused);
    if (f.id !== null && f.id === first) break;
    first ??= f.id;
    if (f.id !== null) reached.add(f.id);
    if (f.id !== null && f.outline === 'none') noOutline.add(f.desc);
    repeats = f.id !== null && f.id === last ? repeats + 1 : 0;
    if (repeats === 2) stuck.add(f.desc);
    last = f.id;
  }
  await page.evaluate(() => document.getElementById('a11y-start')?.remove());
  const missed = want.filter((c) => !reached.has(c.id)).map((c) => c.desc);
  if (stuck.size) failures.push(`${what}: Tab stays on (a focus trap):${list([...stuck])}`);
  if (missed.length) failures.push(`${what}: controls Tab never reaches (${presses} presses):${list(missed)}`);
  if (noOutline.size) failures.push(`${what}: focused without a visible outline:${list([...noOutline])}`);
  return want.length;
}

async function checkAccessible(page, what, failures) {
  const before = failures.length;
  const named = await checkNamed(page, what, failures);
  const reached = await checkTabReachesAll(page, what, failures);
  console.log(`${what}: ${named.length} controls, ${reached} to reach by Tab${failures.length > before ? ' (failures)' : ''}`);
}

const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);
const activeDesc = (page) => page.evaluate(() => (document.activeElement === document.body ? '<body>' : document.activeElement.cloneNode(false).outerHTML));
const rendered = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));

/** Presses Tab (at most `max` times) until `target` (a locator) has focus. */
async function tabTo(page, target, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${target} in ${max} presses`);
}

/** Tabs to `control`, presses `key` and checks that focus is then on `after` (the control itself
 * by default): a control that the page rebuilt, or that went away without handing the focus on,
 * leaves it on <body>. */
async function pressKeepsFocus(page, control, key, failures, what, after = control) {
  await tabTo(page, control);
  await page.keyboard.press(key);
  await rendered(page);
  // Where the focus moves on (a Delete), it moves once the engine has answered and the list
  // without the item has rendered: a few frames, more on a busy machine.
  for (let waited = 0; after !== control && waited < 5_000 && !(await isFocused(after)); waited += 50) await page.waitForTimeout(50);
  if (!(await isFocused(after))) failures.push(`${what}: after ${key}, focus is on ${await activeDesc(page)}, not on ${after}`);
}

/** With `select` focused, presses ArrowDown or ArrowUp until its value is `value`. */
async function arrowTo(page, select, value) {
  const values = await select.evaluate((el) => [...el.options].map((o) => o.value));
  assert.ok(values.includes(value), `${value} is one of ${values}`);
  for (let i = 0; i < values.length && (await select.inputValue()) !== value; i++) {
    await page.keyboard.press(values.indexOf(await select.inputValue()) < values.indexOf(value) ? 'ArrowDown' : 'ArrowUp');
  }
  assert.equal(await select.inputValue(), value, `the arrow keys choose ${value}`);
}

/** From the top of the page with the keyboard only: Tab to the operation picker, arrows to
 * `operation`, Tab to the editor, type `body`, Ctrl+Enter; returns the status shown. */
async function keyboardRun(page, operation, body) {
  await page.evaluate(focusTop);
  const picker = page.getByLabel('Operation');
  await tabTo(page, picker);
  await page.evaluate(() => document.getElementById('a11y-start')?.remove());
  await arrowTo(page, picker, operation);
  const editor = page.getByLabel('Request body (JSON)');
  await tabTo(page, editor);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(body);
  assert.equal(await editor.inputValue(), body);
  const answered = await newAnswer(page);
  await page.keyboard.press('Control+Enter');
  await answered();
  const status = page.getByTestId('response-status');
  assert.equal((await page.getByTestId('response-operation').textContent()).trim(), operation);
  return (await status.textContent()).trim();
}

/** No element was made from user text, no script ran from it, and it reads literally in `where`. */
async function assertLiteral(page, where, dialogs, what) {
  assert.equal(await page.locator('img, b').count(), 0, `${what}: markup became elements`);
  assert.deepEqual(dialogs, [], `${what}: a script of the markup ran`);
  assert.ok((await until(() => where.textContent(), (t) => t.includes(MARKUP))).includes(MARKUP), `${what}: the markup is not shown as text`);
}

/** The alerts the page opened (the markup's onerror would open one); emptied for each test. */
const dialogs = [];
let watching = false;
function watchDialogs(page) {
  if (!watching) {
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    watching = true;
  }
  dialogs.length = 0;
  return dialogs;
}

async function openFresh(page, url) {
  await page.goto(`${ctx.server.url}?embed=1`);
  // Up before it is left (leaving a page mid-load aborts its fetches).
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
  await page.goto(url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
}

test('first visit: controls are labelled and reachable by Tab; a request runs from the keyboard', async () => {
  const { page, problems } = ctx.browser;
  const failures = [];
  const dialogs = watchDialogs(page);
  await page.goto(ctx.server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByLabel('Examples').count(), 1, 'every feature on a first visit');

  // Response tab, with an answer and a problem list (the problems are buttons).
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'coreDB' }), '200');
  await page.getByLabel('Request body (JSON)').fill('{"DatabaseName": "", "Tags": [{"Key": "k"}]}');
  await page.getByTestId('diagnostics').locator('button').first().waitFor();
  await checkAccessible(page, 'core, Response tab', failures);

  // Clock tab, with its error message: markup typed as a time is echoed as text.
  await page.getByRole('tab', { name: 'Clock' }).click();
  await page.getByLabel('Set virtual time (ISO-8601 or epoch ms)').fill(MARKUP);
  await page.getByRole('button', { name: 'Set', exact: true }).click();
  await assertLiteral(page, page.getByRole('alert').filter({ hasText: 'Not a time' }), dialogs, 'clock error');
  await checkAccessible(page, 'core, Clock tab', failures);

  // Keyboard only: picker, arrows, editor, Ctrl+Enter. Markup typed in the editor stays text:
  // its value and the gutter's titles (the response's echo is playground.test.mjs's).
  await page.getByRole('tab', { name: 'Response' }).click();
  assert.equal(await keyboardRun(page, 'DescribeDatabase', '{"DatabaseName": "coreDB"}'), '200');
  assert.match(await page.getByTestId('response-body').textContent(), /"DatabaseName": "coreDB"/);
  const body = `{"DatabaseName": "coreDB",\n "${MARKUP}": 1}`;
  assert.equal(await keyboardRun(page, 'DescribeDatabase', body), '400');
  assert.equal(await page.getByLabel('Request body (JSON)').inputValue(), body);
  assert.ok((await page.getByTestId('editor-gutter').locator('mark').getAttribute('title')).includes(MARKUP));
  assert.equal(await page.locator('img, b').count(), 0, 'editor: markup became elements');
  assert.deepEqual(dialogs, []);
  // The workbench tabs work from the keyboard too: Tab to the selected one, then the arrows.
  await tabTo(page, page.getByRole('tab', { name: 'Response' }));
  await pressKeepsFocus(page, page.getByRole('tab', { name: 'Response' }), 'ArrowRight', failures, 'core, ArrowRight from Response', page.getByRole('tab', { name: 'Inspector' }));
  await pressKeepsFocus(page, page.getByRole('tab', { name: 'Inspector' }), 'ArrowRight', failures, 'core, ArrowRight from Inspector', page.getByRole('tab', { name: 'Clock' }));
  await page.getByTestId('clock-now').waitFor();
  await page.screenshot({ path: join(artifacts, 'a11y-core-keyboard.png'), fullPage: true });
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(problems, []);
});

test('every control is labelled and reachable by Tab on every tab and in the Examples menu', async () => {
  const { page, problems } = ctx.browser;
  const failures = [];
  await openFresh(page, `${ctx.server.url}`);
  await page.getByLabel('Examples').waitFor();
  const now = Date.now();
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'a11yDB' }), '200');
  assert.equal(await run(page, 'CreateTable', { DatabaseName: 'a11yDB', TableName: 'metrics', Tags: [{ Key: 'team', Value: 'a11y' }] }), '200');
  assert.equal(await run(page, 'WriteRecords', {
    DatabaseName: 'a11yDB', TableName: 'metrics',
    Records: [{ Dimensions: [{ Name: 'host', Value: 'h1' }], MeasureName: 'cpu', MeasureValue: '1', MeasureValueType: 'DOUBLE', Time: String(now), Version: 1 }],
  }), '200');

  for (const tab of TABS) {
    await page.getByRole('tab', { name: tab }).click();
    if (tab === 'Inspector') {
      // Open everything the inspector can show: table, series, record, pagers.
      await page.getByRole('button', { name: 'Open table a11yDB.metrics' }).click();
      await page.getByRole('button', { name: 'Open series host=h1' }).click();
      await page.getByRole('button', { name: /^Open record cpu at / }).click();
      await page.getByTestId('inspector-history').waitFor();
    }
    if (tab === 'Batch load') {
      // A bucket, an object being viewed, a finished task with its report.
      await page.getByLabel('New bucket name').fill('a11y-data');
      await page.getByRole('button', { name: 'Create bucket' }).click();
      await page.getByLabel('Object key').fill('rows.csv');
      await page.getByLabel('Object text').fill(`host,time,cpu\nh1,${now - 1000},1.5\nh2,bad,2.5\n`);
      await page.getByRole('button', { name: 'Put object' }).click();
      await page.getByRole('button', { name: 'View rows.csv' }).click();
      await page.getByRole('button', { name: 'Load rows.csv with a new task' }).click();
      await page.getByRole('button', { name: 'Start task' }).click();
      await page.getByTestId('batch-report').waitFor({ timeout: 30_000 });
    }
    await checkAccessible(page, `full, ${tab} tab`, failures);
    await page.screenshot({ path: join(artifacts, `a11y-full-${tab.toLowerCase().replace(' ', '-')}.png`), fullPage: true });
  }

  // The Examples menu asks before starting; then the guide with its step buttons; Copy as code
  // and Share open their panels.
  await page.getByRole('tab', { name: 'Response' }).click();
  await page.getByLabel('Examples').selectOption('version-ladder');
  await page.getByTestId('example-confirm').waitFor();
  await page.getByRole('button', { name: 'Copy as code' }).click();
  await page.getByTestId('codegen').waitFor();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByTestId('share-url').waitFor();
  await checkAccessible(page, 'full, Examples menu opened, code and share panels', failures);
  await page.screenshot({ path: join(artifacts, 'a11y-full-examples.png'), fullPage: true });
  await page.getByRole('button', { name: 'Start example' }).click();
  await page.getByTestId('guide').getByRole('button', { name: 'Run step' }).click();
  await page.getByTestId('guide-verdict').getByText('Matched the expected outcome.').waitFor();
  await checkAccessible(page, 'full, an example being walked', failures);
  await page.getByRole('button', { name: 'Exit' }).click();
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(problems, []);
});

test('keyboard only, focus stays with the control used (inspector, examples, code, share)', async () => {
  const { page, problems } = ctx.browser;
  const failures = [];
  await openFresh(page, `${ctx.server.url}`);
  await page.getByLabel('Examples').waitFor();
  const now = Date.now();
  assert.equal(await keyboardRun(page, 'CreateDatabase', '{"DatabaseName": "keysDB"}'), '200');
  assert.equal(await keyboardRun(page, 'CreateTable', '{"DatabaseName": "keysDB", "TableName": "tbl"}'), '200');
  assert.equal(await keyboardRun(page, 'WriteRecords', JSON.stringify({
    DatabaseName: 'keysDB', TableName: 'tbl',
    Records: [{ Dimensions: [{ Name: 'host', Value: 'h1' }], MeasureName: 'cpu', MeasureValue: '1', MeasureValueType: 'DOUBLE', Time: String(now) }],
  })), '200');

  // The inspector, level by level: each Open button keeps the focus while the next level opens.
  await pressKeepsFocus(page, page.getByRole('tab', { name: 'Response' }), 'ArrowRight', failures, 'Inspector tab', page.getByRole('tab', { name: 'Inspector' }));
  await pressKeepsFocus(page, page.getByRole('button', { name: 'Open table keysDB.tbl' }), 'Enter', failures, 'Open table');
  await pressKeepsFocus(page, page.getByRole('button', { name: 'Open series host=h1' }), 'Enter', failures, 'Open series');
  await pressKeepsFocus(page, page.getByRole('button', { name: /^Open record cpu at / }), 'Enter', failures, 'Open record');
  await page.getByTestId('inspector-history').waitFor();
  assert.match(await page.getByTestId('inspector-properties').textContent(), /keysDB\.tbl/);

  // The Examples menu: the arrows walk the list while it asks to confirm; Cancel and Start give
  // the focus back to the menu; Exit of the guide too.
  const examples = page.getByLabel('Examples');
  await pressKeepsFocus(page, examples, 'ArrowDown', failures, 'Examples, first ArrowDown');
  await page.getByTestId('example-confirm').waitFor();
  const firstPick = await examples.inputValue();
  await pressKeepsFocus(page, examples, 'ArrowDown', failures, 'Examples, second ArrowDown');
  assert.notEqual(await examples.inputValue(), firstPick, 'the second ArrowDown moves on in the list');
  await pressKeepsFocus(page, page.getByRole('button', { name: 'Cancel' }), 'Enter', failures, 'Cancel', examples);
  assert.equal(await page.getByTestId('example-confirm').count(), 0);
  await tabTo(page, examples);
  await arrowTo(page, examples, 'version-ladder');
  await page.getByTestId('example-confirm').waitFor();
  await pressKeepsFocus(page, page.getByRole('button', { name: 'Start example' }), 'Enter', failures, 'Start example', examples);
  const guide = page.getByTestId('guide');
  await guide.waitFor();
  await pressKeepsFocus(page, guide.getByRole('button', { name: 'Run step' }), 'Enter', failures, 'Run step');
  await page.getByTestId('guide-verdict').getByText('Matched the expected outcome.').waitFor();
  await pressKeepsFocus(page, guide.getByRole('button', { name: 'Exit' }), 'Enter', failures, 'Exit', examples);
  assert.equal(await guide.count(), 0);

  // Copy as code opens and closes from its toggle; Close inside gives the focus back to it. Share
  // likewise.
  const code = page.getByRole('button', { name: 'Copy as code' });
  await pressKeepsFocus(page, code, 'Enter', failures, 'Copy as code (open)');
  await page.getByTestId('codegen').waitFor();
  await pressKeepsFocus(page, page.getByRole('button', { name: 'AWS CLI' }), 'Enter', failures, 'Copy as code, AWS CLI');
  assert.match(await page.getByTestId('codegen-code').inputValue(), /aws timestream-write/);
  await pressKeepsFocus(page, code, 'Enter', failures, 'Copy as code (close)');
  await pressKeepsFocus(page, code, 'Enter', failures, 'Copy as code (open again)');
  await pressKeepsFocus(page, page.getByTestId('codegen').getByRole('button', { name: 'Close' }), 'Enter', failures, 'Copy as code, Close', code);
  assert.equal(await page.getByTestId('codegen').count(), 0);
  const share = page.getByRole('button', { name: 'Share' });
  await pressKeepsFocus(page, share, 'Enter', failures, 'Share');
  await page.getByTestId('share-url').waitFor();
  await pressKeepsFocus(page, page.locator('.share-link').getByRole('button', { name: 'Close' }), 'Enter', failures, 'Share, Close', share);
  await page.screenshot({ path: join(artifacts, 'a11y-full-keyboard.png'), fullPage: true });
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(problems, []);
});

test('user text is shown as text in the inspector, the batch load panel and messages', async () => {
  const { page, problems } = ctx.browser;
  const dialogs = watchDialogs(page);
  await openFresh(page, `${ctx.server.url}`);
  await page.getByLabel('Examples').waitFor();
  const now = Date.now();

  // Inspector: a partition key name, a dimension value, a measure name and a VARCHAR value
  // carrying markup (tags cannot: their values allow no < or >).
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'xssDB' }), '200');
  assert.equal(await run(page, 'CreateTable', {
    DatabaseName: 'xssDB', TableName: 'tbl',
    Schema: { CompositePartitionKey: [{ Type: 'DIMENSION', Name: MARKUP, EnforcementInRecord: 'OPTIONAL' }] },
  }), '200');
  assert.equal(await run(page, 'WriteRecords', {
    DatabaseName: 'xssDB', TableName: 'tbl',
    Records: [{ Dimensions: [{ Name: 'host', Value: MARKUP }], MeasureName: MARKUP, MeasureValue: MARKUP, MeasureValueType: 'VARCHAR', Time: String(now), Version: 1 }],
  }), '200');
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByRole('button', { name: 'Open table xssDB.tbl' }).click();
  await assertLiteral(page, page.getByTestId('inspector-properties'), dialogs, 'inspector table properties');
  await page.getByRole('button', { name: `Open series host=${MARKUP}` }).click();
  await assertLiteral(page, page.getByTestId('inspector-series'), dialogs, 'inspector series');
  await assertLiteral(page, page.getByTestId('inspector-records'), dialogs, 'inspector records');
  await page.getByRole('button', { name: `Open record ${MARKUP} at`, exact: false }).click();
  await assertLiteral(page, page.getByTestId('inspector-history'), dialogs, 'inspector version timeline');
  await page.screenshot({ path: join(artifacts, 'a11y-markup-inspector.png'), fullPage: true });

  // Batch load: a refused bucket name, object keys (typed and uploaded file names), object text,
  // the preview and the error report with the failing lines.
  await page.getByRole('tab', { name: 'Batch load' }).click();
  await page.getByLabel('New bucket name').fill(MARKUP);
  await page.getByRole('button', { name: 'Create bucket' }).click();
  await assertLiteral(page, page.getByRole('alert').filter({ hasText: 'Not a bucket name' }), dialogs, 'bucket name error');
  await page.getByLabel('New bucket name').fill('xss-data');
  await page.getByRole('button', { name: 'Create bucket' }).click();
  const csv = `host,time,cpu\n${MARKUP},${now - 1000},1.5\n${MARKUP},bad,2.5\n`;
  await page.getByLabel('Object key').fill(`${MARKUP}.csv`);
  await page.getByLabel('Object text').fill(csv);
  await page.getByRole('button', { name: 'Put object' }).click();
  await assertLiteral(page, page.getByTestId('batch-objects'), dialogs, 'object key');
  await assertLiteral(page, page.getByTestId('batch-object-view'), dialogs, 'object text');
  await page.getByLabel('Upload CSV files (the file name is the key)').setInputFiles([
    { name: `${FILE_MARKUP}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) },
  ]);
  await page.getByRole('button', { name: `View ${FILE_MARKUP}.csv`, exact: true }).waitFor();
  assert.equal(await page.locator('img, b').count(), 0, 'uploaded file name');
  assert.ok((await page.getByTestId('batch-objects').textContent()).includes(`${FILE_MARKUP}.csv`));
  // A key the API refuses as a prefix: the preview's error names it, as text.
  await page.getByRole('button', { name: `Load ${MARKUP}.csv with a new task`, exact: true }).click();
  await assertLiteral(page, page.getByTestId('batch-preview-error'), dialogs, 'preview error');
  await page.getByLabel('Object key').fill('rows.csv');
  await page.getByRole('button', { name: 'Put object' }).click();
  await page.getByRole('button', { name: 'Load rows.csv with a new task' }).click();
  await assertLiteral(page, page.getByTestId('batch-preview'), dialogs, 'preview rows');
  await page.getByRole('button', { name: 'Start task' }).click();
  await page.getByTestId('batch-report').waitFor({ timeout: 30_000 });
  await assertLiteral(page, page.getByTestId('batch-report'), dialogs, 'error report lines');
  await page.screenshot({ path: join(artifacts, 'a11y-markup-batch.png'), fullPage: true });

  // Copy as code of a request with markup: the code is the textarea's value, nothing rendered.
  await page.getByLabel('Operation').selectOption('DescribeDatabase');
  await page.getByLabel('Request body (JSON)').fill(JSON.stringify({ DatabaseName: MARKUP }));
  await page.getByRole('button', { name: 'Copy as code' }).click();
  assert.ok((await page.getByTestId('codegen-code').inputValue()).includes(MARKUP));
  assert.equal(await page.locator('img, b').count(), 0, 'generated code');
  await page.getByTestId('codegen').getByRole('button', { name: 'Close' }).click();

  // A session file with markup in its name that cannot be imported: the message names it as text.
  await page.getByLabel('Import').setInputFiles({ name: `${FILE_MARKUP}.json`, mimeType: 'application/json', buffer: Buffer.from('{') });
  const notice = page.getByTestId('notice').filter({ hasText: 'was not imported' });
  await notice.waitFor();
  assert.equal(await page.locator('img, b').count(), 0, 'import notice');
  assert.ok((await notice.textContent()).includes(`${FILE_MARKUP}.json`));
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
});

// ---- The workbench tabs (WAI-ARIA tabs pattern) ----

/** The tabs as the pattern wants them: one labelled tablist of role=tab buttons, exactly one
 * aria-selected="true" and only that one in the Tab order (roving tabindex), its aria-controls
 * naming the one tabpanel, which is labelled by it. Returns { problems, selected, focused }
 * (tab names; `focused` is null when no tab has the focus). */
function tabsState() {
  const problems = [];
  const lists = [...document.querySelectorAll('[role=tablist]')];
  if (lists.length !== 1) return { problems: [`${lists.length} tablists`], selected: null, focused: null };
  const list = lists[0];
  if (!(list.getAttribute('aria-label') ?? '').trim()) problems.push('the tablist has no aria-label');
  const tabs = [...list.children];
  const label = (t) => t.textContent.trim();
  if (tabs.length < 2 || tabs.some((t) => t.getAttribute('role') !== 'tab')) problems.push(`the tablist's children are not all tabs: ${tabs.map((t) => t.outerHTML).join(' ')}`);
  const selected = tabs.filter((t) => t.getAttribute('aria-selected') === 'true');
  if (selected.length !== 1) problems.push(`${selected.length} tabs are aria-selected`);
  const panels = [...document.querySelectorAll('[role=tabpanel]')];
  if (panels.length !== 1) problems.push(`${panels.length} tabpanels`);
  for (const t of tabs) {
    const on = t.getAttribute('aria-selected') === 'true';
    if (!on && t.getAttribute('aria-selected') !== 'false') problems.push(`tab ${label(t)}: aria-selected="${t.getAttribute('aria-selected')}"`);
    if (t.getAttribute('tabindex') !== (on ? '0' : '-1')) problems.push(`tab ${label(t)} (selected: ${on}): tabindex="${t.getAttribute('tabindex')}"`);
    if (!t.id) problems.push(`tab ${label(t)} has no id`);
    const controls = t.getAttribute('aria-controls');
    if (on) {
      const panel = controls && document.getElementById(controls);
      if (!panel || panel.getAttribute('role') !== 'tabpanel') problems.push(`selected tab ${label(t)}: aria-controls="${controls}" is not the tabpanel`);
      else if (panel.getAttribute('aria-labelledby') !== t.id) problems.push(`the tabpanel is labelled by "${panel.getAttribute('aria-labelledby')}", not by the selected tab ${t.id}`);
    } else if (controls && !document.getElementById(controls)) problems.push(`tab ${label(t)}: aria-controls="${controls}" dangles`);
  }
  const f = document.activeElement;
  return { problems, selected: selected[0] ? label(selected[0]) : null, focused: f?.getAttribute('role') === 'tab' ? label(f) : null };
}

/** Presses `key` on the focused tab and checks the tabs pattern, which tab then has the focus
 * and which is selected. */
async function pressOnTabs(page, key, want, failures, what) {
  await page.keyboard.press(key);
  await rendered(page);
  const got = await page.evaluate(tabsState);
  for (const p of got.problems) failures.push(`${what}, after ${key}: ${p}`);
  if (got.focused !== want.focused) failures.push(`${what}, after ${key}: focus on tab ${got.focused} (${await activeDesc(page)}), not on ${want.focused}`);
  if (got.selected !== want.selected) failures.push(`${what}, after ${key}: ${got.selected} selected, not ${want.selected}`);
}

/** The panel shown: the tabpanel's heading. */
const panelHeading = (page) => page.getByRole('tabpanel').locator('h2').first().textContent();

test('workbench tabs: tablist, tabs and tabpanel, roving tabindex, arrows, Home and End', async () => {
  const { page, problems } = ctx.browser;
  const failures = [];
  await openFresh(page, `${ctx.server.url}`);
  await page.getByLabel('Examples').waitFor();
  const first = await page.evaluate(tabsState);
  for (const p of first.problems) failures.push(`full, at the start: ${p}`);
  assert.equal(first.selected, 'Response');

  // Tab reaches the selected tab only, and the next Tab goes into the panel.
  await page.evaluate(focusTop);
  await tabTo(page, page.getByRole('tab', { name: 'Response' }));
  await page.evaluate(() => document.getElementById('a11y-start')?.remove());
  // Arrows move and activate (automatic activation), wrapping at both ends; Home and End.
  const walk = [
    ['ArrowRight', 'Inspector'], ['ArrowRight', 'Clock'], ['ArrowRight', 'Batch load'], ['ArrowRight', 'Response'],
    ['ArrowLeft', 'Batch load'], ['ArrowLeft', 'Clock'], ['Home', 'Response'], ['End', 'Batch load'], ['ArrowLeft', 'Clock'],
  ];
  for (const [key, tab] of walk) {
    await pressOnTabs(page, key, { focused: tab, selected: tab }, failures, 'full');
    const heading = (await panelHeading(page)).trim();
    if (heading !== tab) failures.push(`full, ${key} to ${tab}: the panel shows ${heading}`);
  }
  await page.screenshot({ path: join(artifacts, 'a11y-tabs-full.png'), fullPage: true });
  // From the selected tab (Clock), Tab goes into its panel, not to the other tabs; Shift+Tab
  // comes back to the selected tab.
  await page.keyboard.press('Tab');
  if (!(await isFocused(page.getByRole('tabpanel')))) failures.push(`Tab from the selected tab: focus on ${await activeDesc(page)}, not on the tabpanel`);
  await page.keyboard.press('Shift+Tab');
  if (!(await isFocused(page.getByRole('tab', { name: 'Clock' })))) failures.push(`Shift+Tab from the tabpanel: focus on ${await activeDesc(page)}, not on the Clock tab`);
  // A click selects too, and the roving tabindex follows.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const clicked = await page.evaluate(tabsState);
  for (const p of clicked.problems) failures.push(`full, after a click on Inspector: ${p}`);
  assert.equal(clicked.selected, 'Inspector');
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(problems, []);
});

test('workbench tabs: an arrow key onto any tab shows it in place, never a page load', async () => {
  const { page, problems } = ctx.browser;
  const failures = [];
  await openFresh(page, ctx.server.url);
  for (const p of (await page.evaluate(tabsState)).problems) failures.push(`at the start: ${p}`);
  // A page load would wipe a mark in the page and count as a navigation.
  await page.evaluate(() => { window.a11yMark = true; });
  let navigations = 0;
  const onNavigation = (frame) => { if (frame === page.mainFrame()) navigations++; };
  page.on('framenavigated', onNavigation);
  await page.evaluate(focusTop);
  await tabTo(page, page.getByRole('tab', { name: 'Response' }));
  await page.evaluate(() => document.getElementById('a11y-start')?.remove());
  await pressOnTabs(page, 'ArrowRight', { focused: 'Inspector', selected: 'Inspector' }, failures, 'one build');
  await pressOnTabs(page, 'ArrowRight', { focused: 'Clock', selected: 'Clock' }, failures, 'one build');
  await pressOnTabs(page, 'ArrowRight', { focused: 'Batch load', selected: 'Batch load' }, failures, 'one build');
  await pressOnTabs(page, 'ArrowRight', { focused: 'Response', selected: 'Response' }, failures, 'one build');
  await pressOnTabs(page, 'End', { focused: 'Batch load', selected: 'Batch load' }, failures, 'one build');
  await pressOnTabs(page, 'Home', { focused: 'Response', selected: 'Response' }, failures, 'one build');
  await pressOnTabs(page, 'ArrowLeft', { focused: 'Batch load', selected: 'Batch load' }, failures, 'one build');
  await pressOnTabs(page, 'ArrowLeft', { focused: 'Clock', selected: 'Clock' }, failures, 'one build');
  await pressOnTabs(page, 'ArrowLeft', { focused: 'Inspector', selected: 'Inspector' }, failures, 'one build');
  await page.waitForTimeout(300);
  page.off('framenavigated', onNavigation);
  if (navigations) failures.push(`the arrow keys loaded the page ${navigations} times`);
  if (await page.evaluate(() => window.a11yMark) !== true) failures.push('the page was replaced');
  await page.getByRole('heading', { name: 'Inspector', exact: true }).waitFor();
  await page.screenshot({ path: join(artifacts, 'a11y-tabs-one-build.png'), fullPage: true });
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(problems, []);
});

// ---- A control that goes away (or becomes disabled) under the focus hands it on ----

test('focus goes to a neighbour when the focused control goes away: batch load deletes, the guide at its ends, Dismiss', async () => {
  const { page, problems } = ctx.browser;
  const failures = [];
  await openFresh(page, `${ctx.server.url}`);
  await page.getByLabel('Examples').waitFor();
  await page.getByRole('tab', { name: 'Batch load' }).click();
  for (const bucket of ['focus-a', 'focus-b', 'focus-c']) {
    await page.getByLabel('New bucket name').fill(bucket);
    await page.getByRole('button', { name: 'Create bucket' }).click();
  }
  // (The list grows when the engine has answered: a click lands on the row it means.)
  await page.getByRole('button', { name: 'focus-c', exact: true }).waitFor();
  await page.getByRole('button', { name: 'focus-a', exact: true }).click();
  await page.getByRole('heading', { name: 'Objects in s3://focus-a' }).waitFor();
  for (const key of ['a.csv', 'b.csv', 'c.csv']) {
    await page.getByLabel('Object key').fill(key);
    await page.getByLabel('Object text').fill('host,time,cpu\nh1,1,1\n');
    await page.getByRole('button', { name: 'Put object' }).click();
  }
  await page.getByRole('button', { name: 'Delete c.csv', exact: true }).waitFor();
  const button = (name) => page.getByRole('button', { name, exact: true });
  // Objects: the middle one (focus to the next), the last one (to the previous), the only one
  // (to the list's heading).
  await pressKeepsFocus(page, button('Delete b.csv'), 'Enter', failures, 'Delete b.csv', button('Delete c.csv'));
  await pressKeepsFocus(page, button('Delete c.csv'), 'Enter', failures, 'Delete c.csv', button('Delete a.csv'));
  await pressKeepsFocus(page, button('Delete a.csv'), 'Enter', failures, 'Delete a.csv', page.getByRole('heading', { name: 'Objects in s3://focus-a' }));
  assert.equal(await page.getByTestId('batch-objects').getByRole('row').count(), 0, 'every object deleted');
  await page.screenshot({ path: join(artifacts, 'a11y-focus-batch.png'), fullPage: true });
  // Buckets: the first (to the next), the last (to the previous), the only one (to the heading).
  await pressKeepsFocus(page, button('Delete bucket focus-a'), 'Enter', failures, 'Delete bucket focus-a', button('Delete bucket focus-b'));
  await pressKeepsFocus(page, button('Delete bucket focus-c'), 'Enter', failures, 'Delete bucket focus-c', button('Delete bucket focus-b'));
  await pressKeepsFocus(page, button('Delete bucket focus-b'), 'Enter', failures, 'Delete bucket focus-b', page.getByRole('heading', { name: 'S3 buckets (emulated)' }));
  assert.equal(await page.getByTestId('batch-buckets').getByRole('row').count(), 0, 'every bucket deleted');

  // The guide: Next and Previous keep the focus while they stay enabled; the one that becomes
  // disabled (Next onto the last step, Previous onto the first) gives it to Run step.
  await page.getByRole('tab', { name: 'Response' }).click();
  await page.getByLabel('Examples').selectOption('version-ladder');
  await page.getByRole('button', { name: 'Start example' }).click();
  const guide = page.getByTestId('guide');
  const progress = async () => (await guide.getByTestId('guide-progress').textContent()).match(/Step (\d+) of (\d+)/).slice(1).map(Number);
  const [, steps] = await progress();
  assert.ok(steps >= 3, `version-ladder has ${steps} steps`);
  const next = guide.getByRole('button', { name: 'Next' });
  const previous = guide.getByRole('button', { name: 'Previous' });
  const runStep = guide.getByRole('button', { name: 'Run step' });
  for (let i = 1; i < steps - 1; i++) await pressKeepsFocus(page, next, 'Enter', failures, `Next to step ${i + 1}`);
  await pressKeepsFocus(page, next, 'Enter', failures, `Next to the last step`, runStep);
  assert.deepEqual(await progress(), [steps, steps]);
  assert.equal(await next.isDisabled(), true);
  await pressKeepsFocus(page, previous, 'Enter', failures, `Previous from the last step`);
  await tabTo(page, previous);
  for (let i = steps - 1; i > 2; i--) await pressKeepsFocus(page, previous, 'Enter', failures, `Previous to step ${i - 1}`);
  await pressKeepsFocus(page, previous, 'Enter', failures, 'Previous to step 1', runStep);
  assert.deepEqual(await progress(), [1, steps]);
  assert.equal(await previous.isDisabled(), true);
  await guide.getByRole('button', { name: 'Exit' }).click();

  // Dismiss: to the next message's Dismiss, then (the last one) to the operation picker.
  for (const name of ['one.json', 'two.json']) {
    await page.getByLabel('Import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from('{') });
    await page.getByTestId('notice').filter({ hasText: `"${name}" was not imported` }).waitFor();
  }
  const dismiss = page.getByRole('button', { name: 'Dismiss message' });
  assert.equal(await dismiss.count(), 2);
  const [firstDismiss, secondDismiss] = [dismiss.first(), dismiss.nth(1)];
  await tabTo(page, firstDismiss);
  const secondId = await secondDismiss.getAttribute('id');
  await page.keyboard.press('Enter');
  await rendered(page);
  assert.equal(await dismiss.count(), 1, 'one message dismissed');
  if (await page.evaluate(() => document.activeElement.id) !== secondId) failures.push(`Dismiss (first of two): focus on ${await activeDesc(page)}, not on the other message's Dismiss`);
  await pressKeepsFocus(page, dismiss, 'Enter', failures, 'Dismiss (the last message)', page.getByLabel('Operation'));
  assert.equal(await page.getByTestId('notice').count(), 0);
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(problems, []);
});

test('Dismiss gives the focus to the operation picker', async () => {
  const { page, problems } = ctx.browser;
  const failures = [];
  await openFresh(page, ctx.server.url);
  // A browser that refuses to store anything: the autosave after an edit says so.
  await page.evaluate(() => {
    window.a11ySetItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await page.getByLabel('Request body (JSON)').fill('{"DatabaseName": "noRoom"}');
  const notice = page.getByTestId('notice').filter({ hasText: 'refused to save the session' });
  await notice.waitFor();
  await page.evaluate(() => { Storage.prototype.setItem = window.a11ySetItem; });
  await page.evaluate(focusTop);
  await pressKeepsFocus(page, page.getByRole('button', { name: 'Dismiss message' }), 'Enter', failures, 'core, Dismiss', page.getByLabel('Operation'));
  await page.evaluate(() => document.getElementById('a11y-start')?.remove());
  assert.equal(await page.getByTestId('notice').count(), 0);
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(problems, []);
});

// ---- Layout: long names stay inside their panel ----

test('a 200-character measure name and dimension value wrap inside the inspector', async () => {
  const { page, problems } = ctx.browser;
  await openFresh(page, `${ctx.server.url}`);
  await page.getByLabel('Examples').waitFor();
  const measure = `long_measure_${'m'.repeat(187)}`;
  const value = `host_${'h'.repeat(195)}`;
  assert.equal(measure.length, 200);
  assert.equal(value.length, 200);
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'wideDB' }), '200');
  assert.equal(await run(page, 'CreateTable', { DatabaseName: 'wideDB', TableName: 'tbl' }), '200');
  assert.equal(await run(page, 'WriteRecords', {
    DatabaseName: 'wideDB', TableName: 'tbl',
    Records: [{ Dimensions: [{ Name: 'host', Value: value }], MeasureName: measure, MeasureValue: value, MeasureValueType: 'VARCHAR', Time: String(Date.now()), Version: 1 }],
  }), '200');
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByRole('button', { name: 'Open table wideDB.tbl' }).click();
  await page.getByRole('button', { name: `Open series host=${value}` }).click();
  await page.getByRole('button', { name: `Open record ${measure} at`, exact: false }).click();
  await page.getByTestId('inspector-history').waitFor();
  await page.screenshot({ path: join(artifacts, 'a11y-long-names.png'), fullPage: true });
  // Every table and the timeline end inside the inspector's panel (its content box), and the
  // panel does not scroll sideways.
  const edges = await page.evaluate(() => {
    const panel = document.querySelector('section.inspector');
    const box = panel.getBoundingClientRect();
    const inner = box.right - parseFloat(getComputedStyle(panel).borderRightWidth) - parseFloat(getComputedStyle(panel).paddingRight);
    const parts = ['inspector-records', 'inspector-series', 'inspector-tables', 'inspector-history'].map((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return { id, right: el.getBoundingClientRect().right, scroll: el.scrollWidth - el.clientWidth };
    });
    return { inner, panelRight: box.right, overflow: panel.scrollWidth - panel.clientWidth, viewport: document.documentElement.clientWidth, parts };
  });
  const failures = edges.parts.filter((p) => p.right > edges.inner + 0.5 || p.scroll > 0)
    .map((p) => `${p.id} ends at ${p.right}px (scrolls ${p.scroll}px), past the panel's content edge at ${edges.inner}px`);
  if (edges.overflow > 0) failures.push(`the inspector's content is ${edges.overflow}px wider than the panel`);
  if (edges.panelRight > edges.viewport) failures.push(`the inspector ends at ${edges.panelRight}px, past the page's ${edges.viewport}px`);
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(problems, []);
});
