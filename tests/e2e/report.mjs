// End-to-end tests of the Report tab (issue 14, "the audit as a view" and "Compare") against a served release
// build (scripts/test.sh serves dist/): the tab's counts equal `vpclab audit --format json` for every gallery
// example and for an imported generated snapshot; an entry draws its witness flow; sortable headers; Apply and
// Undo; the JSON / CSV / Markdown downloads; Compare (as opened, a file, a share link) lists the S3 path of the
// two S3 examples as better; axe-core on the tab in light and dark; screenshots at 1440×900 and 390×844.
//
//   BASE_URL=http://127.0.0.1:8000/ VPCLAB_CLI=target/debug/vpclab node tests/e2e/report.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE_URL, CHROMIUM, OUT, ROOT, assert, axeViolations, boot, check, finish, launch, openPage, problems,
} from './lib.mjs';

const CLI = process.env.VPCLAB_CLI ?? join(ROOT, 'target', 'debug', 'vpclab');
const GALLERY = join(ROOT, 'core', 'src', 'gallery');
const ORIGIN = new URL(BASE_URL).origin;

console.log(`e2e report against ${BASE_URL} with ${CHROMIUM}`);
if (!existsSync(CLI)) {
  console.log('  (building the vpclab CLI for the audit comparison)');
  const b = spawnSync('cargo', ['build', '--bin', 'vpclab', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('cargo build --bin vpclab failed');
}

function cli(args) {
  const r = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`vpclab ${args.join(' ')}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

const cliAudit = (snapshot) => JSON.parse(cli(['audit', snapshot, '--format', 'json']));

const examples = readdirSync(GALLERY)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(GALLERY, f), 'utf8')));

async function loadExample(page, id) {
  await page.click('[data-testid=open-gallery]');
  await page.waitForSelector('dialog[data-testid=gallery][open]');
  await page.click(`[data-example="${id}"]`);
  await page.waitForSelector('dialog[data-testid=gallery]:not([open])', { state: 'attached' });
}

/** Opens the Report tab and waits for a current audit. */
async function openReport(page, timeout = 30000) {
  await page.click('[role=tab][data-tab=report]');
  await settle(page, timeout);
}

/** Waits until no audit runs and the one shown is current. */
async function settle(page, timeout = 30000) {
  await page.waitForSelector('[data-testid=audit-summary]', { timeout });
  await page.waitForFunction(
    () => !document.querySelector('[data-testid=audit-running], [data-testid=audit-stale]'),
    null,
    { timeout },
  );
}

/** What the Report tab shows: the summary's attributes and every entry's hooks, per section. */
async function uiAudit(page) {
  return page.evaluate(() => {
    const s = document.querySelector('[data-testid=audit-summary]').dataset;
    const entries = [...document.querySelectorAll('[data-testid=audit-entry]')].map((e) => ({ ...e.dataset }));
    return { summary: { ...s }, entries };
  });
}

/** The Report tab against the CLI's audit: summary counts, entries per section, and each entry's hooks. */
function compareWithCli(ui, want) {
  const diffs = [];
  const s = want.summary;
  if (Number(ui.summary.publicServicePaths) !== s.public_service_paths) {
    diffs.push(`public service paths ${ui.summary.publicServicePaths} vs ${s.public_service_paths}`);
  }
  if (Number(ui.summary.exposedTargets) !== s.exposed_targets) {
    diffs.push(`exposed targets ${ui.summary.exposedTargets} vs ${s.exposed_targets}`);
  }
  if (Number(ui.summary.servicePaths) !== s.service_paths) diffs.push(`service paths ${ui.summary.servicePaths}`);
  if (Number(ui.summary.blockedServicePaths) !== s.blocked_service_paths) diffs.push('blocked service paths');
  if (ui.summary.saving !== s.usd_per_month_saved_if_recommendations_applied.toFixed(2)) {
    diffs.push(`saving ${ui.summary.saving} vs ${s.usd_per_month_saved_if_recommendations_applied}`);
  }
  const by = (section) => ui.entries.filter((e) => e.section === section);
  for (const [section, list] of [['services', want.services], ['exposure', want.exposure], ['segments', want.segments]]) {
    if (by(section).length !== list.length) diffs.push(`${section}: ${by(section).length} rows vs ${list.length}`);
  }
  const key = (e) => JSON.stringify(e);
  const uiServices = new Set(by('services').map((e) => key([e.source, e.service, e.reachable, e.network])));
  for (const p of want.services) {
    const k = key([p.source_subnet, p.service, String(p.reachable), p.reachable ? p.network : '']);
    if (!uiServices.has(k)) diffs.push(`no service row ${k}`);
  }
  const uiExposure = new Set(by('exposure').map((e) => key([e.source, e.target])));
  for (const x of want.exposure) if (!uiExposure.has(key([x.eni, x.target]))) diffs.push(`no exposure row ${x.eni}`);
  const uiSegments = new Set(by('segments').map((e) => key([e.source, e.target, e.reachable])));
  for (const g of want.segments) {
    const k = key([g.from_vpc, g.to_vpc, String(g.reachable)]);
    if (!uiSegments.has(k)) diffs.push(`no segment cell ${k}`);
  }
  return diffs;
}

/** Problems of a page, without the blob: URLs of our own downloads. */
function realProblems(log) {
  return problems(log).filter((p) => !p.includes(`blob:${ORIGIN}`));
}

const browser = await launch();
const tmp = mkdtempSync(join(tmpdir(), 'vpclab-e2e-report-'));
try {
  const { context, page, log } = await openPage(browser, { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(10000);
  await boot(page);

  for (const ex of examples) {
    await check(`example ${ex.id}: the Report tab's counts equal vpclab audit`, async () => {
      const file = join(tmp, `${ex.id}.json`);
      writeFileSync(file, JSON.stringify(ex.diagram.topology));
      await loadExample(page, ex.id);
      await openReport(page);
      const diffs = compareWithCli(await uiAudit(page), cliAudit(file));
      assert(diffs.length === 0, diffs.join('; '));
    });
  }

  await check('an imported 5-VPC snapshot: the Report tab\'s counts equal vpclab audit', async () => {
    const dir = join(tmp, 'snap');
    const g = spawnSync('python3', [join(ROOT, 'scripts', 'gen-snapshot.py'), dir, '--vpcs', '5', '--flows', '0'], { encoding: 'utf8' });
    assert(g.status === 0, g.stderr);
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('dialog[data-testid=import][open]');
    await page.setInputFiles('[data-testid=import-folder]', join(dir, 'snapshot'));
    await page.waitForSelector('[data-testid=import-report][data-ok=true]', { timeout: 20000 });
    await page.click('[data-testid=import-done]');
    // The tab says the audit is running while it runs.
    await page.evaluate(() => {
      window.__sawRunning = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=audit-running]')) window.__sawRunning = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await openReport(page, 60000);
    assert(await page.evaluate(() => window.__sawRunning), '"Running the audit…" was shown');
    const want = cliAudit(join(dir, 'snapshot'));
    const ui = await uiAudit(page);
    const diffs = compareWithCli(ui, want);
    assert(diffs.length === 0, diffs.join('; '));
    assert(want.segments.length > 0 && want.services.length > 0, 'the snapshot has segments and service paths');
    await page.screenshot({ path: join(OUT, 'report-snapshot-1440.png') });
  });

  await check('sortable headers: a click and Enter sort, aria-sort says how', async () => {
    const header = '[data-testid=audit-services] th[data-column=cost]';
    await page.click(`${header} button`);
    assert((await page.getAttribute(header, 'aria-sort')) === 'ascending', 'ascending after a click');
    const costs = async () => page.$$eval('[data-testid=audit-services] tr[data-testid=audit-entry] td.num:nth-of-type(4)',
      (els) => els.map((e) => Number(e.textContent.replace(/[^0-9.]/g, ''))));
    const up = await costs();
    assert(up.every((c, i) => i === 0 || up[i - 1] <= c), `ascending costs ${up}`);
    await page.focus(`${header} button`);
    await page.keyboard.press('Enter');
    assert((await page.getAttribute(header, 'aria-sort')) === 'descending', 'descending after Enter');
    const down = await costs();
    assert(down.every((c, i) => i === 0 || down[i - 1] >= c), `descending costs ${down}`);
    const others = await page.$$eval('[data-testid=audit-services] th[aria-sort]', (els) => els.map((e) => e.getAttribute('aria-sort')));
    assert(others.filter((s) => s !== 'none').length === 1, `one sorted column: ${others}`);
  });

  await check('an entry draws its witness flow (added once as one undoable step, then selected)', async () => {
    await loadExample(page, 's3-through-nat');
    await page.click('[role=tab][data-tab=path]');
    const before = await page.$$eval('[data-testid=flow]', (els) => els.length);
    await openReport(page);
    const row = '[data-testid=audit-entry][data-section=services][data-source=subnet-private-a][data-service^="dynamodb."]';
    await page.click(`${row} [data-testid=audit-show]`);
    await page.waitForSelector('[data-testid=path-segment]', { state: 'attached' });
    const to = await page.$$eval('[data-testid=path-segment]', (els) => els.map((e) => e.dataset.to));
    // The DynamoDB path the audit found (no endpoint: out through the NAT and internet gateways) is drawn.
    assert(to.includes('nat-app') && to.includes('igw-app'), `the DynamoDB path is drawn: ${to}`);
    await page.screenshot({ path: join(OUT, 'report-entry-drawn-1440.png') });
    await page.click(`${row} [data-testid=audit-show]`);
    await page.click('[role=tab][data-tab=path]');
    const after = await page.$$eval('[data-testid=flow]', (els) => els.length);
    assert(after === before + 1, `${before} flows, then ${after} (an equal flow is selected, not added again)`);
    const network = await page.getAttribute('[data-testid=flow-verdict]', 'data-network');
    assert(network === 'public', `the witness's network, as the audit said: ${network}`);
    await page.click('[data-testid=undo]');
    assert((await page.$$eval('[data-testid=flow]', (els) => els.length)) === before, 'one undo removes it');

    // A segment's witness shows on hover, and a click draws it.
    await loadExample(page, 'peered-vpc-pitfall');
    await openReport(page);
    const cell = page.locator('[data-testid=audit-entry][data-section=segments][data-reachable=true]').first();
    await cell.hover();
    const detail = await page.textContent('[data-testid=segment-detail]');
    assert(detail.includes('can connect') && detail.includes('e.g.'), `witness on hover: ${detail}`);
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=path-segment]', { state: 'attached' });
  });

  await check('Apply a recommendation, then Undo: one undoable edit each way', async () => {
    await loadExample(page, 's3-through-nat');
    await openReport(page);
    const row = '[data-testid=audit-entry][data-section=services][data-source=subnet-private-a][data-service="s3.us-east-1"]';
    assert((await page.getAttribute(row, 'data-network')) === 'public', 'public before');
    const saving = Number(await page.getAttribute('[data-testid=audit-summary]', 'data-saving'));
    assert(saving > 0, `a saving: ${saving}`);
    await page.locator(`tbody:has(${row}) [data-testid=apply-recommendation]`).click();
    await page.waitForSelector('[data-testid=audit-stale]');
    await page.click('[data-testid=run-audit]');
    await settle(page);
    assert((await page.getAttribute(row, 'data-network')) === 'private', 'private after Apply');
    await page.screenshot({ path: join(OUT, 'report-applied-1440.png') });
    await page.click('[data-testid=undo]');
    await page.waitForSelector('[data-testid=audit-stale]');
    await page.click('[data-testid=run-audit]');
    await settle(page);
    assert((await page.getAttribute(row, 'data-network')) === 'public', 'public again after Undo');
  });

  await check('downloads: the JSON is the CLI\'s, CSV and Markdown have every entry', async () => {
    const file = join(tmp, 's3-through-nat.json');
    const want = cliAudit(file);
    const got = {};
    for (const format of ['json', 'csv', 'markdown']) {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 10000 }),
        page.click(`[data-testid=export-audit-${format}]`),
      ]);
      const path = join(tmp, download.suggestedFilename());
      await download.saveAs(path);
      got[format] = { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
    }
    assert(got.json.name === 'vpclab-audit.json', got.json.name);
    assert(got.json.text === cli(['audit', file, '--format', 'json']), 'the JSON download is byte for byte the CLI\'s output');
    assert(JSON.stringify(JSON.parse(got.json.text)) === JSON.stringify(want), 'same JSON');
    const lines = got.csv.text.split('\r\n').filter((l) => l);
    assert(got.csv.name === 'vpclab-audit.csv' && lines[0].startsWith('section,source,target'), 'CSV header');
    assert(lines.length === 1 + want.services.length + want.exposure.length + want.segments.length, `${lines.length} CSV lines`);
    assert(lines.some((l) => l.startsWith('services,subnet-private-a,s3.us-east-1,')), 'the S3 row');
    assert(got.markdown.name === 'vpclab-audit.md' && got.markdown.text.startsWith('# VPC Lab audit'), 'Markdown');
    assert(got.markdown.text.includes(`## Service paths (${want.services.length})`), 'Markdown sections');
  });

  await check('Compare: NAT → gateway endpoint lists the S3 path as better (as opened, a file, a share link)', async () => {
    // As opened: the NAT example, with the gateway endpoint applied from the report.
    await loadExample(page, 's3-through-nat');
    await openReport(page);
    const row = '[data-testid=audit-entry][data-section=services][data-source=subnet-private-a][data-service="s3.us-east-1"]';
    await page.locator(`tbody:has(${row}) [data-testid=apply-recommendation]`).click();
    await page.click('[data-testid=compare-opened]');
    await page.waitForSelector('[data-testid=diff-summary]');
    let changes = await page.$$eval('[data-testid=diff-change]', (els) => els.map((e) => [e.dataset.change, e.textContent]));
    assert(changes.length === 1 && changes[0][0] === 'better' && changes[0][1].includes('S3'), JSON.stringify(changes));

    // A file: the gateway-endpoint example against the NAT example's topology.
    await loadExample(page, 's3-gateway-endpoint');
    await page.click('[role=tab][data-tab=report]');
    await settle(page);
    await page.setInputFiles('[data-testid=compare-files]', join(tmp, 's3-through-nat.json'));
    await page.waitForSelector('[data-testid=diff-summary] >> text=s3-through-nat.json');
    changes = await page.$$eval('[data-testid=diff-change]', (els) => els.map((e) => [e.dataset.change, e.dataset.section, e.textContent]));
    assert(changes.length === 1 && changes[0][0] === 'better' && changes[0][1] === 'services', JSON.stringify(changes));
    assert(changes[0][2].includes('vpce-') && changes[0][2].includes('nat-'), changes[0][2]);
    // A click on the change draws the S3 path.
    await page.click('[data-testid=diff-change] .diff-show');
    await page.waitForSelector('[data-testid=path-segment][data-to="aws-service:s3.us-east-1"], [data-testid=path-segment]');
    const to = await page.$$eval('[data-testid=path-segment]', (els) => els.map((e) => e.dataset.to));
    assert(to.some((t) => t.includes('s3')), `the S3 path is drawn: ${to}`);
    await page.screenshot({ path: join(OUT, 'report-compare-1440.png') });

    // A share link of the NAT example, made by the CLI.
    const link = cli(['link', join(tmp, 's3-through-nat.json')]).trim();
    await page.fill('[data-testid=compare-link]', link);
    await page.click('[data-testid=compare-link-go]');
    await page.waitForSelector('[data-testid=diff-summary] >> text=the pasted link');
    changes = await page.$$eval('[data-testid=diff-change]', (els) => els.map((e) => e.dataset.change));
    assert(changes.join() === 'better', `link: ${changes}`);
    // A bad link says why, in words.
    await page.fill('[data-testid=compare-link]', 'https://example.com/#v1.%%%');
    await page.click('[data-testid=compare-link-go]');
    await page.waitForSelector('[data-testid=compare-error]');
  });

  await check('axe-core: no serious or critical violations on the Report tab (light and dark)', async () => {
    await loadExample(page, 'peered-vpc-pitfall');
    await openReport(page);
    await page.click('[data-testid=compare-opened]');
    await page.waitForSelector('[data-testid=diff-summary]');
    const found = [];
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      found.push(...(await axeViolations(page)).map((v) => `${scheme}: ${v}`));
      await page.screenshot({ path: join(OUT, `report-${scheme}-1440.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    assert(found.length === 0, found.join('\n        '));
  });

  await check('keyboard: the Report tab is reached with the arrow keys and its cells are buttons', async () => {
    await page.click('[role=tab][data-tab=cost]');
    await page.focus('[role=tab][data-tab=cost]');
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement?.dataset.tab);
    assert(focused === 'report', `focus on ${focused}`);
    await settle(page);
    const tag = await page.$eval('[data-testid=audit-entry][data-section=segments]', (e) => e.tagName);
    assert(tag === 'BUTTON', tag);
  });

  await check('no console errors, failed or off-origin requests', async () => {
    const p = realProblems(log);
    assert(p.length === 0, p.join('; '));
  });
  await context.close();

  await check('phone (390 × 844): the Report tab reads top to bottom', async () => {
    const phone = await openPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await boot(phone.page);
    await loadExample(phone.page, 'peered-vpc-pitfall');
    await phone.page.click('[role=tab][data-tab=report]');
    await settle(phone.page);
    await phone.page.locator('[data-testid=audit-summary]').scrollIntoViewIfNeeded();
    await phone.page.screenshot({ path: join(OUT, 'report-390.png') });
    await phone.page.locator('[data-testid=audit-segments]').scrollIntoViewIfNeeded();
    await phone.page.screenshot({ path: join(OUT, 'report-segments-390.png') });
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
    const p = realProblems(phone.log);
    assert(p.length === 0, p.join('; '));
    await phone.context.close();
  });
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
finish();
