// End to end: the Examples menu and the guided walk (src/guide.rs, components/guide_panel.rs).
// The notes and expected statuses come from the embedded scenario files themselves.
// Harness: lib/harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts, run, setup } from './lib/harness.mjs';

const ctx = setup();
const scenarios = join(dirname(fileURLToPath(import.meta.url)), '../../engine/scenarios');
const load = async (id) => JSON.parse(await readFile(join(scenarios, `${id}.json`), 'utf8'));
const text = async (locator) => (await locator.textContent()).trim();

async function start(page, id, title) {
  // The Examples menu is there on a first visit.
  await page.getByLabel('Examples').selectOption(id);
  const confirm = page.getByTestId('example-confirm');
  await confirm.waitFor();
  assert.match(await confirm.textContent(), new RegExp(`Start \u201c${title}\u201d\\?`));
  assert.match(await confirm.textContent(), /Starting an example resets the emulator: every database, table, record, S3 object and batch-load task is discarded\./);
  return confirm;
}

test('the version upsert ladder, step by step, checks every answer', async () => {
  const { page, problems } = ctx.browser;
  await page.goto(ctx.server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });
  const scenario = await load('version-ladder');

  // Some state that the example discards: a database of our own.
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'mine' }), '200');

  const confirm = await start(page, 'version-ladder', 'Version upsert ladder');
  assert.match(await confirm.textContent(), /clock is then frozen at 2024-06-01T12:00:00\.000Z/);
  await page.screenshot({ path: join(artifacts, 'scenario-confirm.png'), fullPage: true });
  // Cancel keeps everything; the guide does not start.
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.getByTestId('example-confirm').count(), 0);
  assert.equal(await page.getByTestId('guide').count(), 0);
  await start(page, 'version-ladder', 'Version upsert ladder');
  await page.getByRole('button', { name: 'Start example' }).click();

  const guide = page.getByTestId('guide');
  await guide.waitFor();
  assert.equal(await text(guide.getByRole('heading')), 'Example: Version upsert ladder');
  const editor = page.getByLabel('Request body (JSON)');
  const n = scenario.steps.length;
  for (let i = 0; i < n; i++) {
    const step = scenario.steps[i];
    assert.equal(await text(page.getByTestId('guide-progress')), `Step ${i + 1} of ${n} \u2014 ${step.operation}`);
    assert.equal(await text(page.getByTestId('guide-note')), step.note);
    assert.equal(await page.getByLabel('Operation').inputValue(), step.operation);
    assert.deepEqual(Object.keys(JSON.parse(await editor.inputValue())).sort(), Object.keys(step.request).sort());
    assert.match(await text(page.getByTestId('guide-verdict')), /^Not run yet/);
    if (step.operation === 'WriteRecords') {
      // {{now-1m}} at the frozen clock 2024-06-01T12:00:00Z.
      assert.equal(JSON.parse(await editor.inputValue()).Records[0].Time, String(Date.UTC(2024, 5, 1, 12) - 60_000));
    }
    await guide.getByRole('button', { name: 'Run step' }).click();
    await page.getByTestId('guide-verdict').getByText('Matched the expected outcome.').waitFor();
    assert.equal(await text(page.getByTestId('response-status')), String(step.expect.status));
    if (step.expect.error) {
      assert.equal(await text(page.getByTestId('response-error-type')), step.expect.error);
      const rows = page.getByTestId('rejected-records').locator('tbody tr');
      assert.equal(await rows.count(), 1);
      const existing = step.expect.bodyContains.RejectedRecords[0].ExistingVersion;
      assert.equal(await text(rows.first().getByTestId('existing-version')), existing === undefined ? '' : String(existing));
      if (existing !== undefined) {
        assert.match(await text(rows.first()), /The record version 1 is lower than the existing version 2\./);
        assert.match(await text(rows.first().getByTestId('stored-record')), /version 2, cpu = 25/);
        await page.screenshot({ path: join(artifacts, 'scenario-existing-version.png'), fullPage: true });
      }
    } else {
      assert.equal(await page.getByTestId('rejected-records').count(), 0);
    }
    if (i + 1 < n) {
      await guide.getByRole('button', { name: 'Next' }).click();
    }
  }
  assert.ok(await guide.getByRole('button', { name: 'Next' }).isDisabled());
  assert.match(await text(page.getByTestId('guide-done')), /last step/);

  // The example started from a fresh engine: our database is gone.
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByRole('tab', { name: 'Response' }).click();
  assert.equal(await run(page, 'DescribeDatabase', { DatabaseName: 'mine' }), '404');
  // That run was not the step's operation: not checked.
  assert.match(await text(page.getByTestId('guide-verdict')), /^Not checked: this step runs WriteRecords/);

  // Restart: a fresh engine again. Jump to step 3 without creating the table: not matched.
  await guide.getByRole('button', { name: 'Restart' }).click();
  assert.equal(await text(page.getByTestId('guide-progress')), `Step 1 of ${n} \u2014 CreateDatabase`);
  await guide.getByRole('button', { name: 'Next' }).click();
  await guide.getByRole('button', { name: 'Next' }).click();
  await guide.getByRole('button', { name: 'Run step' }).click();
  const verdict = page.getByTestId('guide-verdict');
  await verdict.getByText('Did not match the expected outcome:').waitFor();
  assert.match(await text(verdict), /status: expected 200, got 404 ResourceNotFoundException/);
  assert.equal(await text(page.getByTestId('response-error-type')), 'ResourceNotFoundException');
  await page.screenshot({ path: join(artifacts, 'scenario-not-matched.png'), fullPage: true });
  await guide.getByRole('button', { name: 'Previous' }).click();
  assert.equal(await text(page.getByTestId('guide-progress')), `Step 2 of ${n} \u2014 CreateTable`);

  // Keyboard: the guide's buttons are reachable with Tab and work with Enter.
  await guide.getByRole('button', { name: 'Previous' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await text(page.getByTestId('guide-progress')), `Step 3 of ${n} \u2014 WriteRecords`);

  await guide.getByRole('button', { name: 'Exit' }).click();
  assert.equal(await page.getByTestId('guide').count(), 0);
  assert.deepEqual(problems, []);
});

test('the batch-load example uploads a CSV, runs the task and shows the report', async () => {
  const { page, problems } = ctx.browser;
  const scenario = await load('batch-load-mapping');
  await start(page, 'batch-load-mapping', 'Batch load: a mapping error');
  await page.getByRole('button', { name: 'Start example' }).click();
  const guide = page.getByTestId('guide');
  for (let i = 0; i < scenario.steps.length; i++) {
    const step = scenario.steps[i];
    assert.equal(await text(page.getByTestId('guide-note')), step.note);
    if (step.putObject) {
      assert.match(await text(page.getByTestId('guide-object')), /^time,host,cpu\n\{\{now-3m\}\},web-1,20\.5/);
    }
    await guide.getByRole('button', { name: 'Run step' }).click();
    await page.getByTestId('guide-verdict').getByText('Matched the expected outcome.').waitFor();
    if (step.runBatchLoads) {
      const result = JSON.parse(await text(page.getByTestId('guide-result')));
      assert.equal(result.TasksFinished[0].TaskStatus, 'FAILED');
      assert.deepEqual(result.TasksFinished[0].ErrorReport.fileErrors[0].errors[0].lineRanges, [[3, 3]]);
      await page.screenshot({ path: join(artifacts, 'scenario-batch-report.png'), fullPage: true });
    }
    if (i + 1 < scenario.steps.length) await guide.getByRole('button', { name: 'Next' }).click();
  }
  assert.match(await text(page.getByTestId('response-body')), /"TaskStatus": "FAILED"/);
  assert.deepEqual(problems, []);
});
