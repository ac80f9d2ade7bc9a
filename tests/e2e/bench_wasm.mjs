// The engine's speed in the browser's WebAssembly, for the opt-level / wasm-opt choice (BENCHMARKS §1, §3): a
// measurement, never a pass/fail test.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/bench_wasm.mjs [--runs 5] [--traces 2000] [--dir DIR]
//
// Loads the release build's JavaScript API (embed/vpclab.js: the app's own wasm, web/src/api.rs) in headless
// Chromium and times, with performance.now in the page:
// * import — importAws() of the 100-VPC snapshot (scripts/gen-snapshot.py DIR --vpcs 100 --flows 0), median of --runs;
// * trace — one open() of the imported topology, then --traces calls of trace() over a mix of flows (same VPC,
//   to S3 through the gateway endpoint, to the internet, to the next VPC), µs per trace (JSON in and out included);
// * audit — audit() of the opened topology (thousands of traces and alternatives), median of --runs.
// Prints one line; writes tests/e2e/out/bench_wasm.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BASE_URL, OUT, arg, launch, openPage, snapshotFiles } from './lib.mjs';

const RUNS = Number(arg('runs', 5));
const TRACES = Number(arg('traces', 2000));
const files = snapshotFiles(arg('dir', null), 100, 'vpclab-bench-wasm-').files
  .map((f) => ({ name: `snapshot/${basename(f)}`, text: readFileSync(f, 'utf8') }));

const browser = await launch();
try {
  const { page } = await openPage(browser);
  page.setDefaultTimeout(600000);
  await page.goto(new URL('embed/index.html', BASE_URL).href, { waitUntil: 'load' });
  const r = await page.evaluate(async ({ files, RUNS, TRACES }) => {
    const { load } = await import(new URL('vpclab.js', document.baseURI).href);
    const v = await load();
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const imports = [];
    let topology;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const a = v.importAws(files);
      imports.push(performance.now() - t0);
      if (a.type !== 'success') throw new Error(JSON.stringify(a.errors));
      topology = a.topology;
    }
    const t0 = performance.now();
    const opened = v.open(topology);
    const openMs = performance.now() - t0;
    const inst = topology.instances;
    const flows = [];
    for (let i = 0; i + 1 < inst.length && flows.length < 200; i += 10) {
      flows.push({ from: inst[i].id, to: inst[i + 1].id, protocol: 'tcp', port: 443 });
      flows.push({ from: inst[i + 1].id, to: 's3.us-east-1.amazonaws.com', protocol: 'tcp', port: 443 });
      flows.push({ from: inst[i + 1].id, to: '203.0.113.10', protocol: 'tcp', port: 443 });
      flows.push({ from: inst[i].id, to: inst[(i + 10) % inst.length].id, protocol: 'tcp', port: 443 });
    }
    let reachable = 0;
    const t1 = performance.now();
    for (let i = 0; i < TRACES; i++) {
      const a = opened.trace(flows[i % flows.length]);
      if (a.type === 'success' && a.reachable) reachable++;
    }
    const traceUs = ((performance.now() - t1) * 1000) / TRACES;
    const audits = [];
    let summary;
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      const t2 = performance.now();
      const a = opened.audit({});
      audits.push(performance.now() - t2);
      summary = a.summary;
    }
    opened.free();
    return {
      import_ms: median(imports), imports, open_ms: openMs, trace_us: traceUs, flows: flows.length, reachable,
      audit_ms: median(audits), audits, audit_summary: summary,
    };
  }, { files, RUNS, TRACES });
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('.wasm')).map((e) => ({ name: e.name, bytes: e.encodedBodySize })));
  const out = { base_url: BASE_URL, date: new Date().toISOString(), wasm, ...r };
  console.log(`import ${r.import_ms.toFixed(0)} ms (median of ${RUNS}), open ${r.open_ms.toFixed(0)} ms, ` +
    `trace ${r.trace_us.toFixed(1)} µs (${TRACES} over ${r.flows} flows, ${r.reachable} reachable), ` +
    `audit ${r.audit_ms.toFixed(0)} ms`);
  writeFileSync(join(OUT, 'bench_wasm.json'), JSON.stringify(out, null, 2));
} finally {
  await browser.close();
}
