// Import of a generated account-scale snapshot through the Import dialog, in headless Chromium (issue 14):
// a measurement for BENCHMARKS.md, never a pass/fail test. It exits 0 unless the page cannot be driven at all.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/bench_import.mjs [--runs 3] [--vpcs 100] [--dir DIR]
//       [--node 'SELECTOR']
//
// The snapshot is `scripts/gen-snapshot.py DIR --vpcs N --flows 0` (12 `describe-*` files; 2.7 MB at 100 VPCs),
// written to a temporary folder unless --dir names one that holds it. Each run opens a fresh page, opens Import,
// and hands the 12 files to the "Choose files…" input (`data-testid=import-files`). Times are the page's own
// `performance.now()`, from the input's `change` event (what a click on "Open" in the file picker fires):
//
// * report — the first animation frame at which the import report (`data-testid=import-report`) is in the DOM;
// * diagram — the first frame at which the first imported VPC is drawn (`--node`, default
//   `[data-id="vpc-00000aa"]` inside the diagram: the full drawing's VPC container or an overview's VPC node);
// * drawn — the first frame at which the whole scene is drawn (a large scene is drawn in slices, one per task,
//   while the diagram is `aria-busy`);
// * measures — the app's own User Timing measures named `vpclab:*` (where the main thread's time goes);
// * long tasks — every `PerformanceObserver` entry of type `longtask` (> 50 ms) from the change event until one
//   second after the diagram, with the longest.
//
// Prints one line per run and the medians; writes tests/e2e/out/bench_import.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, OUT, arg, launch, median, ms, openPage, snapshotFiles } from './lib.mjs';

const RUNS = Number(arg('runs', 3));
const VPCS = Number(arg('vpcs', 100));
const NODE = arg('node', '[data-testid=diagram] [data-id="vpc-00000aa"]');
const { snap, files } = snapshotFiles(arg('dir', null), VPCS, 'vpclab-bench-import-');


console.log(`bench_import against ${BASE_URL} with ${CHROMIUM}: ${files.length} files of ${snap}, ${RUNS} runs`);
const browser = await launch();
const runs = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const { context, page, log } = await openPage(browser);
    page.setDefaultTimeout(120000);
    await page.addInitScript(() => {
      const b = (window.__bench = { longtasks: [], t0: null, report: null, diagram: null, drawn: null });
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      } catch (e) {
        b.noLongtask = String(e);
      }
    });
    await page.goto(BASE_URL, { waitUntil: 'load' });
    await page.waitForSelector('.app:not(.first-view) header h1', { timeout: 30000 });
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('dialog[data-testid=import][open]');
    await page.evaluate((nodeSel) => {
      const b = window.__bench;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
      document.addEventListener('change', (e) => {
        if (e.target?.dataset?.testid === 'import-files' && b.t0 === null) b.t0 = performance.now();
      }, true);
      const watch = () => {
        if (b.t0 === null) return;
        if (b.report === null && document.querySelector('[data-testid=import-report]')) {
          b.report = -1;
          frame().then((t) => (b.report = t));
        }
        if (b.diagram === null && document.querySelector(nodeSel)) {
          b.diagram = -1;
          frame().then((t) => (b.diagram = t));
        }
        if (b.diagram !== null && b.drawn === null && !document.querySelector('[data-testid=diagram][aria-busy=true]')) {
          b.drawn = -1;
          frame().then((t) => (b.drawn = t));
        }
      };
      new MutationObserver(watch).observe(document.body, { childList: true, subtree: true, attributes: true });
    }, NODE);
    await page.setInputFiles('[data-testid=import-files]', files);
    await page.waitForFunction(() => window.__bench.report > 0 && window.__bench.diagram > 0 && window.__bench.drawn > 0, null,
      { timeout: 120000, polling: 100 });
    await page.waitForTimeout(1000);
    const b = await page.evaluate(() => ({
      ...window.__bench,
      // The app's own User Timing measures (`browser::timed`: analysis, scene, job-decode, import-load, autosave).
      measures: performance.getEntriesByType('measure')
        .filter((m) => m.name.startsWith('vpclab:'))
        .map((m) => ({ name: m.name.slice(7), start: m.startTime, ms: m.duration })),
    }));
    const tasks = b.longtasks.filter((t) => t.start + t.duration >= b.t0);
    const r = {
      run,
      report_ms: b.report - b.t0,
      diagram_ms: b.diagram - b.t0,
      drawn_ms: b.drawn - b.t0,
      longtasks: tasks.map((t) => ({ at_ms: Math.round(t.start - b.t0), ms: Math.round(t.duration) })),
      longest_ms: Math.max(0, ...tasks.map((t) => t.duration)),
      over_100ms: tasks.filter((t) => t.duration > 100).length,
      measures: b.measures.filter((m) => m.start >= b.t0)
        .map((m) => ({ name: m.name, at_ms: Math.round(m.start - b.t0), ms: Math.round(m.ms * 10) / 10 })),
      report_ok: await page.getAttribute('[data-testid=import-report]', 'data-ok'),
      problems: [...log.console, ...log.page],
    };
    if (b.noLongtask) r.noLongtask = b.noLongtask;
    runs.push(r);
    console.log(`  run ${run}: report ${ms(r.report_ms)}, diagram ${ms(r.diagram_ms)}, drawn ${ms(r.drawn_ms)}, ` +
      `${tasks.length} long tasks (${r.over_100ms} over 100 ms), longest ${ms(r.longest_ms)}` +
      (r.report_ok === 'true' ? '' : ` — report data-ok=${r.report_ok}`) +
      (r.problems.length ? ` — ${r.problems.length} console/page errors` : ''));
    console.log(`         long tasks (start after change: duration): ` +
      (r.longtasks.map((t) => `${t.at_ms}:${t.ms}`).join(' ') || 'none'));
    console.log(`         main-thread measures (name@start: duration): ` +
      (r.measures.map((m) => `${m.name}@${m.at_ms}:${m.ms}`).join(' ') || 'none'));
    await context.close();
  }
} finally {
  await browser.close();
}
const summary = {
  base_url: BASE_URL,
  files: files.length,
  vpcs: VPCS,
  node: NODE,
  date: new Date().toISOString(),
  median_report_ms: median(runs.map((r) => r.report_ms)),
  median_diagram_ms: median(runs.map((r) => r.diagram_ms)),
  median_drawn_ms: median(runs.map((r) => r.drawn_ms)),
  median_longest_ms: median(runs.map((r) => r.longest_ms)),
  runs,
};
console.log(`median: report ${ms(summary.median_report_ms)}, diagram ${ms(summary.median_diagram_ms)}, ` +
  `drawn ${ms(summary.median_drawn_ms)}, ` +
  `longest task ${ms(summary.median_longest_ms)}`);
writeFileSync(join(OUT, 'bench_import.json'), JSON.stringify(summary, null, 2));
