// Edit → re-render time of the playground on a generated ~250-component diagram, in headless Chromium.
// A measurement for BENCHMARKS.md, never a pass/fail test: it exits 0 unless the page cannot be driven at all.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/perf.mjs [--runs 40] [--synth 10x10]
//
// The page opens with `?synth=VPCSxSUBNETS` (the app's benchmark hook: `vpclab_core::synth::generate` plus five
// flows). Each sample dispatches one edit through the UI's own event handlers and measures, with performance.now,
// from just before the dispatch to the first animation frame at which the DOM shows the edit (Yew renders
// before that frame; the frame is when the browser can paint it), and to the moment a MutationObserver sees the
// DOM change (the work itself, without waiting for vsync). Samples start right after a frame, one at a time,
// after a warm-up; the script prints the median, p90, min and max per edit kind and writes
// tests/e2e/out/perf.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, OUT, launch, openPage } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('runs', 40));
const WARMUP = 5;
const SYNTH = arg('synth', '10x10');

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p90: q(0.9), min: s[0], max: s[s.length - 1] };
};
const ms = (x) => `${x.toFixed(1)} ms`;

console.log(`perf against ${BASE_URL} with ${CHROMIUM}: ?synth=${SYNTH}, ${RUNS} samples per edit`);
const browser = await launch();
const { page } = await openPage(browser);
try {
  const t0 = Date.now();
  await page.goto(new URL(`?synth=${SYNTH}`, BASE_URL).href, { waitUntil: 'load' });
  await page.waitForSelector('[data-testid=node]', { timeout: 60000 });
  const loadMs = Date.now() - t0;
  const size = await page.evaluate(() => ({
    nodes: document.querySelectorAll('[data-testid=node]').length,
    vpcs: document.querySelectorAll('[data-testid=vpc]').length,
    subnets: document.querySelectorAll('[data-testid=subnet]').length,
    edges: document.querySelectorAll('[data-testid=edge]').length,
    svgElements: document.querySelectorAll('svg.diagram *').length,
  }));
  const components = size.nodes + size.vpcs + size.subnets;
  console.log(`  loaded in ${loadMs} ms: ${components} drawn components (${size.vpcs} VPCs, ${size.subnets} subnets, ` +
    `${size.nodes} nodes), ${size.edges} edges, ${size.svgElements} SVG elements`);

  await page.click('[role=tab][data-tab=path]');
  await page.waitForSelector('[data-testid=flow-port]');

  // One sample: run `act` in the page, then wait frame by frame until `done()` holds.
  const sample = (kind) =>
    page.evaluate(async (kind) => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
      await frame();
      let act;
      let done;
      if (kind === 'flow-port') {
        // A flow field: every flow is traced and priced again (the analysis memo's key changes).
        const port = document.querySelector('[data-testid=flow-port]');
        const next = port.value === '443' ? '8443' : '443';
        act = () => {
          port.value = next;
          port.dispatchEvent(new Event('change', { bubbles: true }));
        };
        done = () => document.querySelector('[data-testid=flow-port]').value === next &&
          document.querySelector('.flow-row.is-selected .flow-detail')?.textContent.endsWith(next);
      } else if (kind === 'move') {
        // A move (keyboard): a new layout and scene, no re-analysis.
        const node = document.querySelector('[data-key="i-00003-02"]');
        const before = node.getAttribute('transform');
        node.focus();
        // Back and forth, so the node stays inside its subnet.
        window.__perfStep = (window.__perfStep ?? 0) + 1;
        const key = window.__perfStep % 2 ? 'ArrowRight' : 'ArrowLeft';
        act = () => node.dispatchEvent(new KeyboardEvent('keydown', { key, altKey: true, bubbles: true, cancelable: true })); // Alt+arrow moves (a plain arrow moves the focus)
        done = () => document.querySelector('[data-key="i-00003-02"]').getAttribute('transform') !== before;
      } else if (kind === 'flag') {
        // A topology edit that changes nothing drawn (the VPC's DNS hostnames flag): re-analysis + new scene.
        const box = document.querySelector('[data-field=enable_dns_hostnames]');
        const next = !box.checked;
        act = () => {
          box.checked = next;
          box.dispatchEvent(new Event('change', { bubbles: true }));
        };
        // The JSON editor shows the object as the core now has it.
        done = () => (document.querySelector('[data-testid=json-object]')?.value ?? '')
          .includes(`"enable_dns_hostnames": ${next}`) === true || (!next &&
          !(document.querySelector('[data-testid=json-object]')?.value ?? '').includes('enable_dns_hostnames'));
      } else if (kind === 'topology') {
        // A topology edit through the properties panel (the VPC's name): re-analysis + new scene.
        const input = document.querySelector('[data-field=name]');
        const next = input.value === 'bench-a' ? 'bench-b' : 'bench-a';
        act = () => {
          input.value = next;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        };
        done = () => (document.querySelector('[data-key="vpc-00004"]')?.getAttribute('aria-label') ?? '').includes(next);
      }
      // When the DOM first shows the edit (a MutationObserver sees Yew's commit), and the first frame after it.
      let domAt = null;
      const observer = new MutationObserver(() => {
        if (domAt === null && done()) domAt = performance.now();
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      const start = performance.now();
      act();
      try {
        for (let i = 0; i < 120; i++) {
          const t = await frame();
          if (done()) return { frame: t - start, dom: (domAt ?? t) - start };
        }
        return null;
      } finally {
        observer.disconnect();
      }
    }, kind);

  const results = { synth: SYNTH, loadMs, size, components, runs: RUNS, edits: {} };
  const kinds = [
    ['flow-port', 'change a flow\'s port (re-trace and re-price every flow)', async () => {
      await page.click('[role=tab][data-tab=path]');
    }],
    ['topology', 'rename a VPC in Properties (re-analysis + new scene)', async () => {
      await page.click('[data-key="vpc-00004"]', { position: { x: 40, y: 12 } });
      await page.click('[role=tab][data-tab=properties]');
      await page.waitForSelector('[data-field=name]');
    }],
    ['flag', 'toggle a VPC flag in Properties (re-analysis + new scene, nothing redrawn)', async () => {}],
    ['move', 'move a node with an arrow key (new layout and scene)', async () => {
      await page.click('[role=tab][data-tab=path]');
    }],
  ];
  for (const [kind, what, prepare] of kinds) {
    await prepare();
    const frames = [];
    const doms = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t = await sample(kind);
      if (t == null) throw new Error(`${kind}: the edit never showed`);
      if (i >= WARMUP) {
        frames.push(t.frame);
        doms.push(t.dom);
      }
    }
    const f = stats(frames);
    const d = stats(doms);
    results.edits[kind] = { what, toNextFrame: f, toDom: d };
    console.log(`  ${kind.padEnd(9)} to next frame: median ${ms(f.median)}  p90 ${ms(f.p90)}  min ${ms(f.min)}  max ${ms(f.max)}`);
    console.log(`  ${''.padEnd(9)} to DOM:        median ${ms(d.median)}  p90 ${ms(d.p90)}  min ${ms(d.min)}  max ${ms(d.max)}  — ${what}`);
  }
  results.userAgent = await page.evaluate(() => navigator.userAgent);
  writeFileSync(join(OUT, 'perf.json'), JSON.stringify(results, null, 2));
  console.log(`  written ${join(OUT, 'perf.json')}`);
} finally {
  await browser.close();
}
