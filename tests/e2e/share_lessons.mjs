// End-to-end tests of sharing, import, export and lessons against a served release build (scripts/test.sh
// serves dist/): copy a link and open it in a fresh browser context (same diagram, same verdicts), bad links,
// import of a describe-* folder, the four export downloads, and one lesson completed only by clicking.
// Screenshots go to tests/e2e/out/share-*.png.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/share_lessons.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE_URL, CHROMIUM, OUT, ROOT, assert, axeViolations, boot, check, finish, launch, openPage, problems,
} from './lib.mjs';

console.log(`e2e share, import, export and lessons against ${BASE_URL} with ${CHROMIUM}`);
const ORIGIN = new URL(BASE_URL).origin;
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'aws-cli');

/** Problems of a page, without the blob: URLs of our own downloads (same origin, but not prefixed by it). */
function realProblems(log) {
  return problems(log).filter((p) => !p.includes(`blob:${ORIGIN}`));
}

async function loadExample(page, id) {
  await page.click('[data-testid=open-gallery]');
  await page.waitForSelector('dialog[data-testid=gallery][open]');
  await page.click(`[data-example="${id}"]`);
  await page.waitForSelector('dialog[data-testid=gallery]:not([open])', { state: 'attached' });
}

/** Every flow's verdict as the Path tab shows it: [{label, verdict, network}]. */
async function verdicts(page) {
  await page.click('[role=tab][data-tab=path]');
  const n = await page.$$eval('[data-testid=flow]', (els) => els.length);
  const out = [];
  for (let i = 0; i < n; i++) {
    await page.click(`[data-testid=flow-list] li:nth-child(${i + 1}) [data-testid=flow]`);
    await page.waitForSelector(`[data-testid=flow-list] li:nth-child(${i + 1}) [aria-current=true]`);
    const el = await page.waitForSelector('[data-testid=flow-verdict], [data-testid=flow-error]');
    out.push({
      flow: (await page.textContent(`[data-testid=flow-list] li:nth-child(${i + 1}) [data-testid=flow]`)).trim(),
      verdict: await el.getAttribute('data-verdict'),
      network: await el.getAttribute('data-network'),
      hops: await page.$$eval('[data-testid=hop]', (els) => els.map((e) => e.dataset.id)),
    });
  }
  return out;
}

/** The diagram's title, without the "edited" mark. */
async function title(page) {
  return (await page.textContent('[data-testid=doc-title]')).replace('•', '').trim();
}

async function copyLink(page) {
  await page.click('[data-testid=copy-link]');
  await page.waitForSelector('[data-testid=share-feedback][data-copied]');
  const link = await page.inputValue('[data-testid=share-link]');
  const feedback = (await page.textContent('[data-testid=share-feedback]')).trim();
  return { link, feedback };
}

async function closeDialog(page, id) {
  await page.click(`dialog[data-testid=${id}] .dialog-close`);
  await page.waitForSelector(`dialog[data-testid=${id}]:not([open])`, { state: 'attached' });
}

const browser = await launch();
const downloads = mkdtempSync(join(tmpdir(), 'vpclab-downloads-'));
try {
  const a = await openPage(browser, { acceptDownloads: true });
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  const page = a.page;
  let shared = null;

  await check('Copy link: the link is copied and its length shown', async () => {
    await boot(page);
    await loadExample(page, 'onprem-s3-interface-endpoint');
    // An edit the link must carry: a second flow's port.
    await page.click('[role=tab][data-tab=path]');
    await page.click('[data-testid=flow-list] li:nth-child(1) [data-testid=flow]');
    await page.fill('[data-testid=flow-label]', 'office → S3 (shared)');
    await page.press('[data-testid=flow-label]', 'Enter');
    const before = await verdicts(page);
    const { link, feedback } = await copyLink(page);
    assert(link.startsWith(`${BASE_URL}#v1.`), `link ${link.slice(0, 80)}…`);
    assert(feedback === `✓ Link copied — ${link.length.toLocaleString('en-US')} characters`, `feedback ${feedback}`);
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert(clip === link, 'the clipboard holds the link');
    await page.screenshot({ path: join(OUT, 'share-copy-link.png') });
    await closeDialog(page, 'share');
    shared = { link, before, title: await title(page) };
  });

  await check('a fresh page opened with the link shows the same diagram and verdicts', async () => {
    assert(shared, 'no link from the previous check');
    const b = await openPage(browser);
    await b.page.goto(shared.link, { waitUntil: 'load' });
    await b.page.waitForSelector('.app:not(.first-view) header h1', { timeout: 15000 });
    await b.page.waitForSelector('[data-testid=link-banner][data-error=false]');
    assert((await title(b.page)) === shared.title, `title ${await title(b.page)} vs ${shared.title}`);
    const after = await verdicts(b.page);
    assert(JSON.stringify(after) === JSON.stringify(shared.before),
      `verdicts differ:\n  ${JSON.stringify(after)}\n  ${JSON.stringify(shared.before)}`);
    assert((await b.page.evaluate(() => location.hash)) === '', 'the fragment is cleared once opened');
    // Its own link is the same link: the diagram is identical.
    const { link } = await copyLink(b.page);
    assert(link === shared.link, 'a fresh page gives back the same link');
    await b.page.screenshot({ path: join(OUT, 'share-opened-in-fresh-page.png') });
    const p = realProblems(b.log);
    assert(p.length === 0, p.join(' | '));
    await b.context.close();
  });

  await check('a bad link shows the message and leaves the work as it was', async () => {
    const before = await title(page);
    const { link: mine } = await copyLink(page);
    await closeDialog(page, 'share');
    await page.goto(`${BASE_URL}#v9.abc`);
    const banner = await page.waitForSelector('[data-testid=link-banner][data-error=true]');
    const text = await banner.textContent();
    assert(/Unknown share-link version `?v9`?/.test(text) && /left as it was/.test(text), `banner: ${text}`);
    assert((await title(page)) === before, 'the title is unchanged');
    const { link: still } = await copyLink(page);
    assert(still === mine, 'the diagram is unchanged');
    await closeDialog(page, 'share');
    await page.goto(`${BASE_URL}#lesson=no-such-lesson`);
    await page.waitForSelector('[data-testid=link-banner][data-error=true] >> text=no built-in lesson');
    await page.screenshot({ path: join(OUT, 'share-bad-link.png') });
    await page.click('[data-testid=link-banner-dismiss]');
  });

  await check('a link over unsaved work asks first; Undo brings the work back', async () => {
    await loadExample(page, 's3-gateway-endpoint');
    await page.click('[role=tab][data-tab=path]');
    await page.fill('[data-testid=flow-label]', 'my unsaved label');
    await page.press('[data-testid=flow-label]', 'Enter');
    const mine = await title(page);
    await page.goto(shared.link); // same document: a hashchange
    const dialog = await page.waitForSelector('dialog[data-testid=confirm-link][open]');
    assert(dialog, 'the confirmation is shown');
    await page.screenshot({ path: join(OUT, 'share-confirm.png') });
    await page.click('[data-testid=confirm-link-open]');
    await page.waitForSelector('[data-testid=link-banner][data-error=false]');
    assert((await title(page)) === shared.title, `opened: ${await title(page)}`);
    await page.click('[data-testid=link-banner-dismiss]');
    await page.click('[data-testid=undo]');
    assert((await title(page)) === mine, `after undo: ${await title(page)}`);
    assert((await page.inputValue('[data-testid=flow-label]')) === 'my unsaved label', 'the edit is back');
  });

  await check('import a describe-* folder: the report counts what was imported', async () => {
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('dialog[data-testid=import][open]');
    await page.setInputFiles('[data-testid=import-folder]', join(FIXTURES, 'test-vpc-endpoint-gateway'));
    const report = await page.waitForSelector('[data-testid=import-report][data-ok=true]');
    const counts = await page.$$eval('[data-testid=import-count]', (els) =>
      Object.fromEntries(els.map((e) => [e.dataset.kind, Number(e.querySelector('.import-count-n').textContent)])));
    assert(counts.VPC === 1 || counts.VPCs >= 1, `counts ${JSON.stringify(counts)}`);
    assert((counts['VPC endpoint'] ?? counts['VPC endpoints']) >= 1, `no endpoint in ${JSON.stringify(counts)}`);
    assert((await report.textContent()).includes('files of'), 'the report names the input');
    await page.screenshot({ path: join(OUT, 'share-import-report.png') });
    await page.click('[data-testid=import-done]');
    assert((await title(page)).includes('test-vpc-endpoint-gateway'), `title ${await title(page)}`);
  });

  await check('import: warnings are listed with their reason, broken JSON names its file', async () => {
    await page.click('[data-testid=open-import]');
    await page.fill('[data-testid=import-text]', '{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}], "Bogus": []}');
    await page.click('[data-testid=import-paste]');
    await page.waitForSelector('[data-testid=import-report][data-ok=true]');
    const codes = await page.$$eval('[data-testid=import-diagnostic]', (els) => els.map((e) => e.dataset.code));
    assert(codes.includes('IMPORT_UNKNOWN_KEY'), `codes ${codes}`);
    const msg = await page.textContent('[data-testid=import-diagnostic][data-code=IMPORT_UNKNOWN_KEY]');
    assert(msg.includes('Bogus'), msg);
    await page.fill('[data-testid=import-text]', '{"Vpcs": [ oops');
    await page.click('[data-testid=import-paste]');
    const err = await page.waitForSelector('[data-testid=import-report][data-ok=false]');
    assert((await err.textContent()).includes('pasted text'), await err.textContent());
    await page.screenshot({ path: join(OUT, 'share-import-error.png') });
    await closeDialog(page, 'import');
  });

  await check('export: project JSON, Terraform, SVG and PNG downloads', async () => {
    await loadExample(page, 's3-through-nat');
    const got = {};
    for (const format of ['json', 'terraform', 'svg', 'png']) {
      if (!(await page.$('[data-testid=export-menu]'))) await page.click('[data-testid=export]');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 10000 }),
        page.click(`[data-testid=export-item][data-format=${format}]`),
      ]);
      const file = join(downloads, download.suggestedFilename());
      await download.saveAs(file);
      got[format] = { name: download.suggestedFilename(), bytes: readFileSync(file) };
      if (format === 'svg' || format === 'png') await download.saveAs(join(OUT, `share-export.${format}`));
    }
    await page.screenshot({ path: join(OUT, 'share-export-menu.png') });
    await page.keyboard.press('Escape');
    const json = JSON.parse(got.json.bytes.toString('utf8'));
    assert(got.json.name.endsWith('.vpclab.json') && Array.isArray(json.vpcs) && json.vpcs.length > 0, 'project JSON');
    const tf = got.terraform.bytes.toString('utf8');
    assert(got.terraform.name === 'main.tf' && tf.includes('resource "aws_vpc"'), 'Terraform');
    const svg = got.svg.bytes.toString('utf8');
    assert(got.svg.name.endsWith('.svg') && svg.includes('<svg') && svg.includes('<style'), 'SVG');
    assert(!svg.includes('class="grid'), 'the SVG drops the grid');
    const png = got.png.bytes;
    assert(got.png.name.endsWith('.png') && png.subarray(1, 4).toString() === 'PNG' && png.length > 2000, 'PNG');
    // Re-open the exported JSON through Import.
    await page.click('[data-testid=open-import]');
    await page.setInputFiles('[data-testid=import-files]', join(downloads, got.json.name));
    await page.waitForSelector('[data-testid=import-report][data-ok=true] >> text=a VPC Lab topology');
    await closeDialog(page, 'import');
    // The SVG renders standalone: open it as an image in a page of its own.
    const v = await openPage(browser);
    await v.page.setContent(`<img id="x" src="data:image/svg+xml;base64,${got.svg.bytes.toString('base64')}">`);
    const ok = await v.page.$eval('#x', (img) => img.complete && img.naturalWidth > 100);
    assert(ok, 'the SVG loads as an image');
    await v.context.close();
  });

  await check('no console errors, page errors or off-origin requests', async () => {
    const p = realProblems(a.log);
    assert(p.length === 0, p.join(' | '));
  });
  await a.context.close();

  // ---- a lesson, completed only by clicking ----
  {
    const l = await openPage(browser);
    const p = l.page;
    await check('lesson why-nat: start from the list, read the goals, take a hint', async () => {
      await boot(p);
      await p.click('[data-testid=open-lessons]');
      await p.waitForSelector('dialog[data-testid=lessons][open]');
      assert((await p.textContent('[data-testid=lessons-progress]')).startsWith('0 of'), 'no progress yet');
      await p.screenshot({ path: join(OUT, 'share-lessons-list.png') });
      await p.click('[data-testid=lesson-start][data-lesson=why-nat]');
      await p.waitForSelector('[data-testid=lesson-panel][data-lesson=why-nat][data-complete=false]');
      const met = await p.$$eval('[data-testid=lesson-goal]', (els) => els.map((e) => e.dataset.met));
      assert(met.length >= 2 && met.includes('false'), `goals ${met}`);
      await p.click('[data-testid=lesson-show-hint]');
      await p.waitForSelector('[data-testid=lesson-hint]');
      await p.screenshot({ path: join(OUT, 'share-lesson-start.png') });
    });
    await check('lesson why-nat: applying the cheaper design completes it and it is recorded', async () => {
      await p.click('[role=tab][data-tab=cost]');
      await p.click('[data-testid=apply-alternative]');
      await p.waitForSelector('[data-testid=lesson-panel][data-complete=true]');
      const met = await p.$$eval('[data-testid=lesson-goal]', (els) => els.map((e) => e.dataset.met));
      assert(met.every((m) => m === 'true'), `goals ${met}`);
      assert((await p.textContent('[data-testid=lesson-complete]')).includes('Lesson complete'), 'explanation');
      await p.screenshot({ path: join(OUT, 'share-lesson-complete.png') });
      await p.click('[data-testid=open-lessons]');
      await p.waitForSelector('[data-testid=lesson-item][data-lesson=why-nat][data-completed=true]');
      assert((await p.textContent('[data-testid=lessons-progress]')).startsWith('1 of'), 'progress counted');
      await p.keyboard.press('Escape');
    });
    await check('lesson links: #lesson=<id> opens a lesson, and a lesson survives a reload', async () => {
      await p.goto(`${BASE_URL}#lesson=dns-must-be-on`);
      // The learner's diagram has changes: the app asks before replacing it.
      await p.waitForSelector('dialog[data-testid=confirm-link][open]');
      assert((await p.textContent('#confirm-link-title')).includes('Limit 4'), 'names the lesson');
      await p.click('[data-testid=confirm-link-open]');
      await p.waitForSelector('[data-testid=lesson-panel][data-lesson=dns-must-be-on]');
      // This lesson hides the cost panel.
      assert(!(await p.$('[role=tab][data-tab=cost]')), 'the Cost tab is hidden');
      await p.waitForTimeout(600); // the autosave is debounced
      await p.reload({ waitUntil: 'load' });
      await p.waitForSelector('[data-testid=lesson-panel][data-lesson=dns-must-be-on]', { timeout: 15000 });
      await p.click('[data-testid=lesson-leave]');
      assert(await p.$('[role=tab][data-tab=cost]'), 'the Cost tab is back');
    });
    await check('axe-core: no serious or critical violations (share, import, lessons, authoring, lesson panel; light and dark)', async () => {
      const found = [];
      await p.click('[data-testid=open-lessons]');
      await p.click('[data-testid=lesson-start][data-lesson=gateway-endpoints]');
      await p.waitForSelector('[data-testid=lesson-panel][data-lesson=gateway-endpoints]');
      for (const scheme of ['light', 'dark']) {
        await p.emulateMedia({ colorScheme: scheme });
        found.push(...(await axeViolations(p)).map((v) => `${scheme}/lesson panel: ${v}`));
        for (const [button, id] of [['copy-link', 'share'], ['open-import', 'import'], ['open-lessons', 'lessons']]) {
          await p.click(`[data-testid=${button}]`);
          await p.waitForSelector(`dialog[data-testid=${id}][open]`);
          found.push(...(await axeViolations(p)).map((v) => `${scheme}/${id}: ${v}`));
          if (id === 'lessons') {
            await p.click('[data-testid=open-author]');
            await p.waitForSelector('dialog[data-testid=author][open]');
            found.push(...(await axeViolations(p)).map((v) => `${scheme}/author: ${v}`));
            await closeDialog(p, 'author');
          } else {
            await closeDialog(p, id);
          }
        }
        await p.click('[data-testid=export]');
        found.push(...(await axeViolations(p)).map((v) => `${scheme}/export menu: ${v}`));
        await p.keyboard.press('Escape');
      }
      await p.emulateMedia({ colorScheme: 'light' });
      assert(found.length === 0, found.join('\n        '));
    });
    await check('lesson page: no console errors, page errors or off-origin requests', async () => {
      const problemsSeen = realProblems(l.log);
      assert(problemsSeen.length === 0, problemsSeen.join(' | '));
    });
    await l.context.close();
  }
} finally {
  await browser.close();
  rmSync(downloads, { recursive: true, force: true });
}
finish();
