// First load (issue 17): what a person waits for before the diagram is drawn, measured, never a pass/fail test.
//
//   node tests/e2e/bench_first_load.mjs [--runs 3] [--warmup 1] [--dist dist] [--profiles localhost,4g,slow4g]
//
// Serves the release build (`make dist` or `trunk build --release`: --dist) the way a static host does: each file
// gzip-compressed (its `.gz` beside it when `make dist` wrote one, else compressed at level 9), with
// `Content-Encoding: gzip`. Then, in headless Chromium with an empty cache, for each network profile
//
// | profile   | round trip | download      | CPU |
// |-----------|-----------:|--------------:|----:|
// | localhost | —          | —             | 1×  |
// | 4g        | 150 ms     | 6.5 Mbit/s    | 1×  |
// | slow4g    | 562.5 ms   | 1.5 Mbit/s    | 4×  |  (DevTools' "Slow 4G" as the issue applies it)
//
// and for two openings (the first visit: the first example; a share link that selects a flow, from `vpclab link`),
// it records, with performance.now in the page (a MutationObserver installed before the page's own scripts):
// * node — the first diagram node (`[data-testid=node]`) in the DOM, and `paint`, the next animation frame;
// * bytes — the bytes the network delivered before `node` (DevTools' `Network.dataReceived`: gzip bodies, whatever
//   file they belong to, the app's included once its download has begun), and `needed`, the files complete by then
//   (Resource Timing `transferSize`, headers included);
// * app — when the app's own canvas has drawn (`[data-testid=diagram]` whole, with a node; the first view then
//   leaves); verdict — when `flow-verdict` shows.
// Prints a table of medians; writes tests/e2e/out/bench_first_load.json.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { OUT, ROOT, arg, exampleLink, launch, median, ms } from './lib.mjs';

const RUNS = Number(arg('runs', 3));
const WARMUP = Number(arg('warmup', 1));
const DIST = arg('dist', join(ROOT, 'dist'));
const PROFILES = {
  localhost: null,
  '4g': { latency: 150, down: 6.5e6 / 8, up: 3e6 / 8, cpu: 1 },
  slow4g: { latency: 562.5, down: 1.5e6 / 8, up: 0.75e6 / 8, cpu: 4 },
};
const chosen = arg('profiles', Object.keys(PROFILES).join(',')).split(',');

// --- a static host serving gzip -------------------------------------------------------------------------------
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};
const gzipped = new Map();
function body(file) {
  if (!gzipped.has(file)) {
    const pre = `${file}.gz`;
    gzipped.set(file, existsSync(pre) ? readFileSync(pre) : gzipSync(readFileSync(file), { level: 9 }));
  }
  return gzipped.get(file);
}
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(DIST, path));
  if (!file.startsWith(normalize(DIST)) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  const gz = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const data = gz ? body(file) : readFileSync(file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    ...(gz ? { 'Content-Encoding': 'gzip' } : {}),
    'Content-Length': data.length,
    'Cache-Control': 'no-cache',
  });
  res.end(data);
});
// Compressed before the first request, so that no measured load waits for the compression.
for (const name of readdirSync(DIST)) {
  const file = join(DIST, name);
  if (statSync(file).isFile() && TYPES[extname(file)]) body(file);
}
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const BASE = `http://127.0.0.1:${server.address().port}/`;

// --- the share link: the S3 gateway endpoint example with its first flow selected ---------------------------
const { link } = exampleLink('02-s3-gateway-endpoint.json', BASE);
const OPENINGS = { 'first visit': BASE, 'share link': link };

// --- one load --------------------------------------------------------------------------------------------------
const INSTRUMENT = () => {
  const t = (window.__firstLoad = {});
  const seen = () => {
    if (t.node === undefined && document.querySelector('[data-testid=node]')) {
      t.node = performance.now();
      requestAnimationFrame(() => (t.paint = performance.now()));
    }
    if (t.app === undefined && document.querySelector('[data-testid=diagram]:not([aria-busy]) [data-testid=node]')) {
      t.app = performance.now();
    }
    if (t.verdict === undefined && document.querySelector('[data-testid=flow-verdict]')) t.verdict = performance.now();
  };
  new MutationObserver(seen).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-busy'],
  });
};

async function once(browser, url, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(120000);
  await page.addInitScript(INSTRUMENT);
  // Every chunk the network delivered to the page, on the DevTools clock (seconds); the document's request is
  // sent at the page's time origin, which places `node` on the same clock.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const chunks = [];
  let navStart;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.type === 'Document' && navStart === undefined) navStart = e.timestamp;
  });
  cdp.on('Network.dataReceived', (e) => chunks.push([e.timestamp, e.encodedDataLength]));
  if (profile) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latency,
      downloadThroughput: profile.down,
      uploadThroughput: profile.up,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__firstLoad?.app !== undefined && window.__firstLoad?.paint !== undefined);
  if (url.includes('#')) await page.waitForFunction(() => window.__firstLoad.verdict !== undefined);
  const r = await page.evaluate(() => {
    const t = window.__firstLoad;
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const done = entries.filter((e) => e.responseEnd <= t.node);
    return {
      ...t,
      needed: done.reduce((s, e) => s + e.transferSize, 0),
      files: done.map((e) => `${e.name.split('/').pop().split('?')[0] || 'index.html'} ${e.transferSize}`),
      total: entries.reduce((s, e) => s + e.transferSize, 0),
    };
  });
  const until = navStart + r.node / 1000;
  r.bytes = chunks.filter(([at]) => at <= until).reduce((s, [, n]) => s + n, 0);
  await context.close();
  return r;
}

const browser = await launch();
const rows = [];
try {
  for (const name of chosen) {
    for (const [opening, url] of Object.entries(OPENINGS)) {
      const runs = [];
      // The first loads after the browser starts run colder: --warmup loads are made and not counted.
      for (let i = 0; i < WARMUP; i++) await once(browser, url, PROFILES[name]);
      for (let i = 0; i < RUNS; i++) runs.push(await once(browser, url, PROFILES[name]));
      const m = (k) => median(runs.map((r) => r[k]).filter((x) => x !== undefined));
      const row = {
        profile: name,
        opening,
        node: m('node'),
        paint: m('paint'),
        bytes: m('bytes'),
        needed: m('needed'),
        app: m('app'),
        verdict: m('verdict'),
        total: m('total'),
        files: runs[0].files,
      };
      rows.push(row);
      console.log(
        `${name.padEnd(9)} ${opening.padEnd(11)} drawn ${ms(row.paint).padStart(8)}  before it ${(row.bytes / 1000).toFixed(0).padStart(5)} KB (files ${(row.needed / 1000).toFixed(0)} KB)` +
          `  app ${ms(row.app).padStart(8)}  verdict ${ms(row.verdict).padStart(8)}  all ${(row.total / 1000).toFixed(0)} KB`,
      );
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`complete before the first node: ${rows[0]?.files.join(', ')}`);
writeFileSync(join(OUT, 'bench_first_load.json'), JSON.stringify({ date: new Date().toISOString(), runs: RUNS, rows }, null, 2));
