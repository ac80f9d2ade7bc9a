// Shared helpers of the end-to-end suites: launch Debian's Chromium through playwright-core, open pages that
// record problems, count checks, and inject axe-core under the page's strict CSP.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = join(ROOT, 'tests', 'e2e', 'out');
export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8000/';
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ORIGIN = new URL(BASE_URL).origin;

mkdirSync(OUT, { recursive: true });

export const results = [];

/** Runs one named check, records and prints its outcome; never throws. */
export async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ok    ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`  FAIL  ${name}: ${err?.message ?? err}`);
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context + page recording console errors, page errors, failed and off-origin requests. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const log = { console: [], page: [], failed: [], offOrigin: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.console.push(msg.text());
  });
  page.on('pageerror', (err) => log.page.push(String(err)));
  page.on('requestfailed', (req) => log.failed.push(`${req.url()} (${req.failure()?.errorText})`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(ORIGIN) && !url.startsWith('data:')) log.offOrigin.push(url);
  });
  return { context, page, log };
}

/** Problems a page logged (console errors, page errors, failed or off-origin requests). */
export function problems(log) {
  return [
    ...log.console.map((m) => `console.error: ${m}`),
    ...log.page.map((m) => `page error: ${m}`),
    ...log.failed.map((m) => `request failed: ${m}`),
    ...log.offOrigin.map((m) => `off-origin request: ${m}`),
  ];
}

/** Loads the app (optionally with a query string) and waits until it has mounted. */
export async function boot(page, query = '') {
  const response = await page.goto(new URL(query, BASE_URL).href, { waitUntil: 'load' });
  assert(response?.ok(), `HTTP ${response?.status()}`);
  await page.waitForSelector('.app:not(.first-view) header h1', { timeout: 15000 });
}

/**
 * Injects axe-core. page.addScriptTag({ path }) does not work here: it inserts an inline <script>, which the page's
 * CSP refuses ("Executing inline script violates the following Content Security Policy directive 'script-src …'",
 * checked with Chromium 156). Code evaluated over the DevTools protocol is exempt from the page's CSP, so the
 * library's source is evaluated with page.evaluate instead.
 */
export async function injectAxe(page) {
  if (await page.evaluate(() => typeof window.axe === 'object')) return;
  const file = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
  await page.evaluate(readFileSync(file, 'utf8'));
  assert(await page.evaluate(() => typeof window.axe === 'object'), 'axe-core could not be injected');
}

/** Runs axe on the page; returns the serious and critical violations as readable lines. */
export async function axeViolations(page) {
  await injectAxe(page);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} [${v.nodes.join(' | ')}]`);
}

/** Prints the tally and exits with 1 when a check failed. */
export function finish() {
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// --- Generated snapshots, and the measurement scripts' (bench_*.mjs) command line and figures.

/** The value after `--name` on the command line, or `dflt`. */
export function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

/** The median (the lower one of an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}

/** `123 ms`, or `—` for what was not measured. */
export const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '—');

/**
 * The `describe-*` files of a generated snapshot of `vpcs` VPCs (`scripts/gen-snapshot.py DIR --vpcs N --flows 0`),
 * written to `dir` (a fresh temporary folder when null) unless it already holds one. Returns `{ dir, snap, files }`.
 */
export function snapshotFiles(dir, vpcs, prefix = 'vpclab-snapshot-') {
  const at = dir ?? mkdtempSync(join(tmpdir(), prefix));
  const snap = join(at, 'snapshot');
  if (!existsSync(snap)) {
    execFileSync('python3', [join(ROOT, 'scripts', 'gen-snapshot.py'), at, '--vpcs', String(vpcs), '--flows', '0'],
      { stdio: 'ignore' });
  }
  const files = readdirSync(snap).filter((f) => f.endsWith('.json')).sort().map((f) => join(snap, f));
  return { dir: at, snap, files };
}

/** The `vpclab` CLI: `VPCLAB_CLI`, else the workspace's debug or release build, else a debug build made now. */
export function cli() {
  const candidates = [process.env.VPCLAB_CLI, join(ROOT, 'target/debug/vpclab'), join(ROOT, 'target/release/vpclab')];
  const found = candidates.find((c) => c && existsSync(c));
  if (found) return found;
  execFileSync('cargo', ['build', '-q', '--bin', 'vpclab'], { cwd: ROOT, stdio: 'inherit' });
  return join(ROOT, 'target/debug/vpclab');
}

/**
 * The share link (`vpclab link`, the app at `base`) of a gallery example's topology (`core/src/gallery/<file>`) that
 * carries its first flow, selected. Returns `{ link, diagram, flow }` (the example's diagram and that flow).
 */
export function exampleLink(file, base) {
  const diagram = JSON.parse(readFileSync(join(ROOT, 'core/src/gallery', file), 'utf8')).diagram;
  const topology = join(mkdtempSync(join(tmpdir(), 'vpclab-link-')), 'topology.json');
  writeFileSync(topology, JSON.stringify(diagram.topology));
  const flow = diagram.flows[0];
  const link = execFileSync(cli(), ['link', topology, '--from', flow.from, '--to', flow.to, '--base-url', base], {
    encoding: 'utf8',
  }).trim();
  return { link, diagram, flow };
}
