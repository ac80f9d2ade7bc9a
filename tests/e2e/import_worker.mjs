// The import runs in the jobs worker (web/src/jobs.rs, issue 14): a large snapshot shows its progress and a Cancel
// button, Cancel leaves the diagram as it was, and a later import still works through a fresh worker.
//
// Whether an import outlasts the quarter of a second after which Cancel shows depends on the machine (a 300-VPC
// snapshot takes about that long here), so the test does not race it: an init script lets it hold the worker's
// answers (the ArrayBuffer messages a `Worker` delivers to the page) while `window.__holdJobs` is set. For the page
// the job is then simply still running in the worker, as a slower import would be; Cancel must terminate that worker,
// and the next import must start a fresh one. A second case holds the worker's own wasm download instead, so the
// job is still queued when Cancel is clicked.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/import_worker.mjs
import { join } from 'node:path';
import { ROOT, assert, boot, check, finish, launch, openPage, problems, snapshotFiles } from './lib.mjs';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'aws-cli');
const big = snapshotFiles(null, 300, 'vpclab-import-worker-').files;

/** Wraps `Worker` so that the page can hold the worker's binary answers (progress and results) until released. */
function holdWorkerAnswers() {
  const Native = window.Worker;
  window.__held = [];
  window.__workersStarted = 0;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.__workersStarted += 1;
    }
    set onmessage(handler) {
      super.onmessage = handler && ((e) => {
        if (e.data === 'ready') window.__workersReady = (window.__workersReady ?? 0) + 1;
        if (window.__holdJobs && e.data instanceof ArrayBuffer) window.__held.push(() => handler.call(this, e));
        else handler.call(this, e);
      });
    }
    get onmessage() {
      return super.onmessage;
    }
  };
}

const vpcIds = (page) => page.$$eval('[data-testid=vpc]', (els) => els.map((e) => e.dataset.id).sort());
const started = (page) => page.evaluate(() => window.__workersStarted);

const browser = await launch();
try {
  const { context, page, log } = await openPage(browser);
  page.setDefaultTimeout(30000);
  await page.addInitScript(holdWorkerAnswers);
  await boot(page);
  const before = await vpcIds(page);
  assert(before.length > 0, 'the default example has no VPC');

  await check('a large import shows progress and Cancel while the worker runs it; Cancel terminates that worker and leaves the diagram as it was', async () => {
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('dialog[data-testid=import][open]');
    // Opening the dialog starts the worker; it says "ready" (a string, never held) once it listens, and only then
    // is a job sent to it.
    await page.waitForFunction(() => window.__workersReady === 1);
    await page.evaluate(() => { window.__holdJobs = true; });
    await page.setInputFiles('[data-testid=import-files]', big);
    await page.waitForSelector('[data-testid=import-cancel]');
    const progress = await page.textContent('[data-testid=import-progress]');
    assert(/Reading|Building/.test(progress), `progress line: ${progress}`);
    assert(await started(page) === 1, `workers started: ${await started(page)}`);
    await page.click('[data-testid=import-cancel]');
    await page.waitForSelector('[data-testid=import-report][data-ok=false]');
    const error = await page.textContent('[data-testid=import-error]');
    assert(error.includes('cancelled'), error);
    assert(JSON.stringify(await vpcIds(page)) === JSON.stringify(before), 'the diagram changed');
    // The worker that ran the job was terminated and a fresh one started at once; what the old one would have
    // answered is dropped.
    await page.waitForFunction(() => window.__workersStarted === 2);
    await page.evaluate(() => { window.__held = []; window.__holdJobs = false; });
    // The worker is a module worker from the page's own origin (the CSP's script-src 'self').
    const workers = page.workers().map((w) => w.url());
    assert(workers.every((u) => new URL(u).origin === new URL(page.url()).origin), workers.join(' '));
  });

  await check('after a cancel, an import runs in a fresh worker and loads the diagram', async () => {
    await page.setInputFiles('[data-testid=import-folder]', join(FIXTURES, 'test-vpc-endpoint-gateway'));
    await page.waitForSelector('[data-testid=import-report][data-ok=true]');
    const after = await vpcIds(page);
    assert(after.length > 0 && JSON.stringify(after) !== JSON.stringify(before), `VPCs: ${after.join(' ')}`);
    // The fresh worker answered it: two were started, and the second said it was ready.
    assert(await started(page) === 2, `workers started: ${await started(page)}`);
    assert(await page.evaluate(() => window.__workersReady) === 2, 'the fresh worker never said it was ready');
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

  await check('an import still waiting for the worker to load shows Cancel, and Cancel leaves the diagram as it was', async () => {
    // A fresh page whose worker wasm is held back: the job stays queued, never sent.
    const fresh = await context.newPage();
    fresh.setDefaultTimeout(30000);
    let release;
    const gate = new Promise((r) => { release = r; });
    await context.route('**/vpclab-worker-*_bg.wasm*', async (route) => {
      await gate;
      await route.continue();
    });
    try {
      await boot(fresh);
      const mine = await vpcIds(fresh);
      await fresh.click('[data-testid=open-import]');
      await fresh.waitForSelector('dialog[data-testid=import][open]');
      await fresh.setInputFiles('[data-testid=import-folder]', join(FIXTURES, 'test-vpc-endpoint-gateway'));
      await fresh.waitForSelector('[data-testid=import-cancel]');
      await fresh.click('[data-testid=import-cancel]');
      await fresh.waitForSelector('[data-testid=import-report][data-ok=false]');
      const error = await fresh.textContent('[data-testid=import-error]');
      assert(error.includes('cancelled'), error);
      release();
      // The worker loads; nothing it was asked arrives later.
      await fresh.waitForTimeout(500);
      assert(JSON.stringify(await vpcIds(fresh)) === JSON.stringify(mine), 'the diagram changed');
      assert(await fresh.$('[data-testid=import-report][data-ok=false]'), 'the cancelled report was replaced');
    } finally {
      release();
      await context.unroute('**/vpclab-worker-*_bg.wasm*');
      await fresh.close();
    }
  });

  await check('no console errors, page errors or failed requests', async () => {
    const p = problems(log);
    assert(p.length === 0, p.join('\n'));
  });
} finally {
  await browser.close();
}
finish();
