// A measurement, not a test (BENCHMARKS.md §7): the 100-VPC snapshot of scripts/gen-snapshot.py imported through
// the Import dialog at 1440 × 900, then the overview against the full drawing of the same diagram: time from the
// click that asks for it to the drawing in the DOM, drawn nodes and SVG elements, the smallest text at the zoom it
// opens at. Usage: BASE_URL=… node tests/e2e/overview_perf.mjs [--runs 3]
import { rmSync } from 'node:fs';
import { boot, launch, openPage, snapshotFiles } from './lib.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const { dir, files } = snapshotFiles(null, 100, 'vpclab-overview-perf-');

const drawn = (page) => page.evaluate(() => {
  const svg = document.querySelector('#diagram');
  let min = Infinity;
  const view = svg.getBoundingClientRect();
  for (const t of svg.querySelectorAll('text')) {
    const r = t.getBoundingClientRect();
    if (r.width === 0 || r.right < view.left || r.left > view.right || r.bottom < view.top || r.top > view.bottom) continue;
    const m = t.getScreenCTM();
    min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
  }
  return {
    nodes: svg.querySelectorAll('[data-testid=node], [data-testid=overview-vpc], [data-testid=vpc], [data-testid=subnet]').length,
    elements: svg.querySelectorAll('*').length,
    minTextPx: Number(min.toFixed(2)),
  };
});

async function timed(page, click, selector) {
  const t0 = await page.evaluate(() => performance.now());
  await page.click(click);
  await page.waitForSelector(selector, { state: 'attached', timeout: 60000 });
  // A large scene is drawn in slices, one per task, while the diagram is aria-busy: time the whole of it.
  await page.waitForSelector('[data-testid=diagram]:not([aria-busy])', { state: 'attached', timeout: 60000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  return (await page.evaluate(() => performance.now())) - t0;
}

const browser = await launch();
try {
  for (let i = 0; i < runs; i++) {
    const { context, page } = await openPage(browser, { viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60000);
    await boot(page);
    await page.click('[data-testid=open-import]');
    await page.setInputFiles('[data-testid=import-files]', files);
    await page.waitForSelector('[data-testid=import-report][data-ok=true]');
    const overview = await timed(page, '[data-testid=import-done]', '[data-testid=overview-vpc]');
    await page.waitForTimeout(300);
    const o = await drawn(page);
    const full = await timed(page, '[data-testid=view-full]', '[data-testid=subnet]');
    await page.waitForTimeout(300);
    const f = await drawn(page);
    const back = await timed(page, '[data-testid=view-overview]', '[data-testid=overview-vpc]');
    console.log(JSON.stringify({ run: i + 1, overviewMs: Math.round(overview), overview: o, fullMs: Math.round(full), full: f, backToOverviewMs: Math.round(back) }));
    await context.close();
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
