// End to end: the inspector drill-down (databases → table properties → series → records → the
// version timeline of one record, with an accepted update and a rejected lower version).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, run, setup } from './lib/harness.mjs';

const ctx = setup();

test('the inspector drills down to the version timeline of a record', async () => {
  const { page, problems } = ctx.browser;
  await page.goto(ctx.server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });

  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'emptyDB' }), '200');
  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'inspectDB' }), '200');
  assert.equal(await run(page, 'CreateTable', {
    DatabaseName: 'inspectDB', TableName: 'metrics', Tags: [{ Key: 'team', Value: 'docs' }],
  }), '200');
  const time = String(Date.now());
  const write = (value, version) => ({
    DatabaseName: 'inspectDB',
    TableName: 'metrics',
    Records: [{
      Dimensions: [{ Name: 'host', Value: 'web-1' }],
      MeasureName: 'cpu', MeasureValue: value, MeasureValueType: 'DOUBLE',
      Time: time, TimeUnit: 'MILLISECONDS', Version: version,
    }],
  });
  assert.equal(await run(page, 'WriteRecords', write('1.5', 1)), '200');
  assert.equal(await run(page, 'WriteRecords', write('2.5', 2)), '200');
  assert.equal(await run(page, 'WriteRecords', write('9.5', 1)), '419');

  await page.getByRole('tab', { name: 'Inspector' }).click();
  const tables = page.getByTestId('inspector-tables');
  await tables.waitFor();
  assert.match(await tables.textContent(), /emptyDB\(no tables\)/);
  await page.getByRole('button', { name: 'Open table inspectDB.metrics' }).click();
  await page.getByTestId('inspector-series').waitFor();
  const props = await page.getByTestId('inspector-properties').textContent();
  assert.match(props, /ARNarn:aws:timestream:[a-z0-9-]+:\d{12}:database\/inspectDB\/table\/metrics/);
  assert.match(props, /Memory store retention6 hours/);
  assert.match(props, /Magnetic store writesdisabled/);
  assert.match(props, /Tagsteam=docs/);
  await page.getByRole('button', { name: 'Open series host=web-1' }).click();
  const records = page.getByTestId('inspector-records');
  await records.waitFor();
  assert.match(await records.locator('tbody tr').first().textContent(), /cpu.*2\s*2\.5 \(DOUBLE\)3/);
  await page.getByRole('button', { name: /^Open record cpu at / }).click();
  const history = page.getByTestId('inspector-history');
  await history.waitFor();
  const attempts = history.locator('li');
  assert.equal(await attempts.count(), 3);
  assert.match(await attempts.nth(0).textContent(), /version 1.*1\.5.*accepted \(inserted\)/);
  assert.match(await attempts.nth(1).textContent(), /version 2.*2\.5.*accepted \(updated\)/);
  assert.match(await attempts.nth(2).textContent(), /version 1.*9\.5.*rejected: .*existing version 2/);
  await page.screenshot({ path: join(artifacts, 'inspector-history.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
