// End to end: the clock panel (set and advance the virtual clock, ingestion windows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, run, settled, setup } from './lib/harness.mjs';

const ctx = setup();

test('the clock is set, advanced and shows each table\'s ingestion window', async () => {
  const { page, problems } = ctx.browser;
  await page.goto(ctx.server.url);
  await page.getByLabel('Operation').waitFor({ timeout: 30_000 });

  assert.equal(await run(page, 'CreateDatabase', { DatabaseName: 'clockDB' }), '200');
  assert.equal(await run(page, 'CreateTable', { DatabaseName: 'clockDB', TableName: 'metrics' }), '200');

  await page.getByRole('tab', { name: 'Clock' }).click();
  const now = page.getByTestId('clock-now');
  await now.waitFor();
  await page.getByLabel('Set virtual time (ISO-8601 or epoch ms)').fill('2024-01-01T00:00:00Z');
  await page.getByRole('button', { name: 'Set', exact: true }).click();
  assert.equal(await settled(now, '2024-01-01T00:00:00.000Z'), '2024-01-01T00:00:00.000Z');
  await page.getByRole('button', { name: 'Advance 1 hour' }).click();
  assert.equal(await settled(now, '2024-01-01T01:00:00.000Z'), '2024-01-01T01:00:00.000Z');
  assert.match(await page.getByTestId('clock-mode').textContent(), /virtual/);
  assert.match(await page.getByTestId('clock-window').first().textContent(), /Memory store: 2023-12-31T18:35:00\.000Z to 2024-01-01T01:00:00\.000Z/);
  await page.screenshot({ path: join(artifacts, 'clock-panel.png'), fullPage: true });

  await page.getByRole('button', { name: 'Use system time' }).click();
  assert.match(await settled(page.getByTestId('clock-mode'), /system/), /system/);
  assert.deepEqual(problems, []);
});
