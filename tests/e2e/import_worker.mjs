// The import runs in the jobs worker (web/src/jobs.rs, issue 14): a large snapshot shows its progress and a Cancel
// button, Cancel leaves the diagram as it was, and a later import still works through a fresh worker.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/import_worker.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, assert, boot, check, finish, launch, openPage, problems } from './lib.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'aws-cli');
// Large enough that the worker is still reading when Cancel shows (a quarter of a second).
const dir = mkdtempSync(join(tmpdir(), 'vpclab-import-worker-'));
execFileSync('python3', [join(ROOT, 'scripts', 'gen-snapshot.py'), dir, '--vpcs', '300', '--flows', '0']);
const snap = join(dir, 'snapshot');
const big = readdirSync(snap).filter((f) => f.endsWith('.json')).sort().map((f) => join(snap, f));

const vpcIds = (page) => page.$$eval('[data-testid=vpc]', (els) => els.map((e) => e.dataset.id).sort());

const browser = await launch();
try {
  const { page, log } = await openPage(browser);
  page.setDefaultTimeout(30000);
  await boot(page);
  const before = await vpcIds(page);

  await check('a large import shows progress and Cancel, and Cancel leaves the diagram as it was', async () => {
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('dialog[data-testid=import][open]');
    await page.setInputFiles('[data-testid=import-files]', big);
    await page.waitForSelector('[data-testid=import-cancel]');
    const progress = await page.textContent('[data-testid=import-progress]');
    assert(/Reading|Building/.test(progress), `progress line: ${progress}`);
    await page.click('[data-testid=import-cancel]');
    await page.waitForSelector('[data-testid=import-report][data-ok=false]');
    const error = await page.textContent('[data-testid=import-error]');
    assert(error.includes('cancelled'), error);
    assert(JSON.stringify(await vpcIds(page)) === JSON.stringify(before), 'the diagram changed');
    // The worker is a module worker from the page's own origin (the CSP's script-src 'self').
    const workers = page.workers().map((w) => w.url());
    assert(workers.every((u) => new URL(u).origin === new URL(page.url()).origin), workers.join(' '));
  });

  await check('after a cancel, an import runs in a fresh worker and loads the diagram', async () => {
    await page.setInputFiles('[data-testid=import-folder]', join(FIXTURES, 'test-vpc-endpoint-gateway'));
    await page.waitForSelector('[data-testid=import-report][data-ok=true]');
    const after = await vpcIds(page);
    assert(after.length > 0 && JSON.stringify(after) !== JSON.stringify(before), `VPCs: ${after.join(' ')}`);
    assert(page.workers().some((w) => w.url().includes('worker.js')), 'no worker is running');
    await page.click('[data-testid=import-done]');
  });

  await check('Undo brings back the diagram from before the import', async () => {
    await page.keyboard.press('Control+z');
    await page.waitForFunction((ids) => {
      const now = [...document.querySelectorAll('[data-testid=vpc]')].map((e) => e.dataset.id).sort();
      return JSON.stringify(now) === JSON.stringify(ids);
    }, before);
  });

  await check('no console errors, page errors or failed requests', async () => {
    const p = problems(log);
    assert(p.length === 0, p.join('\n'));
  });
} finally {
  await browser.close();
}
finish();
