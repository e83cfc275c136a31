// Debian's Chromium driven by playwright-core, in a fresh profile folder. Never downloads a
// browser (no `playwright install`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches Chromium; resolves to { context, page, problems, close }. `problems` collects
 * console errors and warnings, page errors, failed requests and HTTP errors seen by the page. */
export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), 'tsw-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  // A warning too: a first visit's console is clean (Chromium warned of the preloads' integrity once).
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // A page left while its module and worker still load aborts their fetches: not a problem.
  const leftBehind = (r) => r.failure()?.errorText === 'net::ERR_ABORTED' && /\/(worker\.js|timestream-playground-[0-9a-f]+(\.js|_bg\.wasm))$/.test(new URL(r.url()).pathname);
  page.on('requestfailed', (r) => { if (!leftBehind(r)) problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`http ${r.status()}: ${r.url()}`); });
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
