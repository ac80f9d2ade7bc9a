// The audit of an imported account in the browser, in headless Chromium (issue 14): a measurement for
// BENCHMARKS.md, never a pass/fail test. It exits 0 unless the page cannot be driven at all.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/bench_audit.mjs [--runs 3] [--vpcs 100] [--dir DIR]
//
// Imports `scripts/gen-snapshot.py DIR --vpcs N --flows 0` through the Import dialog and opens the Report tab, which
// starts the audit in the jobs worker. Times are the page's own `performance.now()` from the tab's click to the
// first animation frame showing the summary (`data-testid=audit-summary`) with no audit running; every
// `PerformanceObserver` `longtask` from the click until one second after that, with the longest.
// Prints one line per run and the medians; writes tests/e2e/out/bench_audit.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, OUT, arg, launch, median, ms, openPage, snapshotFiles } from './lib.mjs';

const RUNS = Number(arg('runs', 3));
const VPCS = Number(arg('vpcs', 100));
const { snap, files } = snapshotFiles(arg('dir', null), VPCS, 'vpclab-bench-audit-');

console.log(`bench_audit against ${BASE_URL} with ${CHROMIUM}: ${files.length} files of ${snap}, ${RUNS} runs`);
const browser = await launch();
const runs = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const { context, page } = await openPage(browser, { viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(120000);
    await page.addInitScript(() => {
      const b = (window.__bench = { longtasks: [], t0: null, summary: null });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(BASE_URL, { waitUntil: 'load' });
    await page.waitForSelector('.app:not(.first-view) header h1', { timeout: 30000 });
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('dialog[data-testid=import][open]');
    await page.setInputFiles('[data-testid=import-files]', files);
    await page.waitForSelector('[data-testid=import-report][data-ok=true]');
    await page.click('[data-testid=import-done]');
    await page.waitForSelector('[data-testid=diagram]:not([aria-busy])');
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      const b = window.__bench;
      const tab = document.querySelector('[role=tab][data-tab=report]');
      tab.addEventListener('click', () => { b.t0 = performance.now(); }, { capture: true, once: true });
      new MutationObserver(() => {
        const done = document.querySelector('[data-testid=audit-summary]')
          && !document.querySelector('[data-testid=audit-running]');
        if (b.t0 !== null && b.summary === null && done) {
          b.summary = -1;
          requestAnimationFrame(() => { b.summary = performance.now(); });
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.click('[role=tab][data-tab=report]');
    await page.waitForFunction(() => window.__bench.summary > 0, null, { polling: 100 });
    await page.waitForTimeout(1000);
    const b = await page.evaluate(() => window.__bench);
    const tasks = b.longtasks.filter((t) => t.start + t.duration >= b.t0);
    const r = {
      run,
      summary_ms: b.summary - b.t0,
      longtasks: tasks.map((t) => ({ at_ms: Math.round(t.start - b.t0), ms: Math.round(t.duration) })),
      longest_ms: Math.max(0, ...tasks.map((t) => t.duration)),
      over_100ms: tasks.filter((t) => t.duration > 100).length,
      entries: await page.locator('[data-testid=audit-entry]').count(),
    };
    runs.push(r);
    console.log(`  run ${run}: summary ${ms(r.summary_ms)}, ${tasks.length} long tasks (${r.over_100ms} over 100 ms), `
      + `longest ${ms(r.longest_ms)}, ${r.entries} rows drawn`);
    console.log(`         long tasks (start after the tab's click: duration): ${r.longtasks.map((t) => `${t.at_ms}:${t.ms}`).join(' ') || 'none'}`);
    await context.close();
  }
} finally {
  await browser.close();
}
const summary = {
  base_url: BASE_URL,
  vpcs: VPCS,
  date: new Date().toISOString(),
  median_summary_ms: median(runs.map((r) => r.summary_ms)),
  median_longest_ms: median(runs.map((r) => r.longest_ms)),
  runs,
};
console.log(`median: summary ${ms(summary.median_summary_ms)}, longest task ${ms(summary.median_longest_ms)}`);
writeFileSync(join(OUT, 'bench_audit.json'), JSON.stringify(summary, null, 2));
