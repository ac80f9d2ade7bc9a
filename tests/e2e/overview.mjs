// End-to-end test of the account-scale view (issue 14) against a served release build (scripts/test.sh serves
// dist/ and sets BASE_URL): a generated 100-VPC describe-* snapshot imported through the dialog opens on the
// overview (one node per VPC, no text under 9 px), a VPC opens and closes, search jumps to an object, and a
// gallery example still opens in the full view. Screenshots at 1440 × 900 and 390 × 844 go to tests/e2e/out/.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BASE_URL, CHROMIUM, OUT, assert, axeViolations, boot, check, finish, launch, openPage, problems, snapshotFiles,
} from './lib.mjs';

console.log(`e2e overview against ${BASE_URL} with ${CHROMIUM}`);

const { dir, files } = snapshotFiles(null, 100, 'vpclab-overview-');

/** The smallest drawn text in CSS pixels: each visible SVG text's font size × the screen matrix's scale. */
async function minFontPx(page) {
  return page.evaluate(() => {
    let min = Infinity;
    const svg = document.querySelector('#diagram');
    const view = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0 || r.right < view.left || r.left > view.right || r.bottom < view.top || r.top > view.bottom) continue;
      const m = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      if (px < min) min = px;
    }
    return min;
  });
}

async function assertReadable(page) {
  const px = await minFontPx(page);
  assert(Number.isFinite(px), 'no text drawn');
  assert(px >= 9, `smallest text ${px.toFixed(2)} px`);
}

async function importSnapshot(page) {
  await page.click('[data-testid=open-import]');
  await page.waitForSelector('dialog[data-testid=import][open]');
  await page.setInputFiles('[data-testid=import-files]', files);
  await page.waitForSelector('[data-testid=import-report][data-ok=true]', { timeout: 60000 });
  await page.click('[data-testid=import-done]');
  await page.waitForSelector('[data-testid=overview-vpc]', { timeout: 30000 });
  // A large scene is drawn in slices, one per task, while the diagram is aria-busy.
  await page.waitForSelector('[data-testid=diagram]:not([aria-busy])', { timeout: 30000 });
  await page.waitForTimeout(300);
}

const browser = await launch();
try {
  const { context, page, log } = await openPage(browser, { viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(15000);
  await boot(page);

  await check('a gallery example opens in the full view, with no overview bar', async () => {
    assert(await page.locator('[data-testid=vpc]').count() > 0, 'the example draws its VPC containers');
    assert(await page.locator('[data-testid=overview-vpc]').count() === 0, 'no overview nodes');
    assert(await page.locator('[data-testid=overview-bar]').count() === 0, 'no overview bar on a small diagram');
  });

  await check('the 100-VPC import opens on the overview: one node per VPC, not 1,901', async () => {
    await importSnapshot(page);
    const vpcs = await page.locator('[data-testid=overview-vpc]').count();
    const nodes = await page.locator('#diagram [data-testid=node]').count();
    assert(vpcs === 100, `${vpcs} VPC nodes`);
    assert(nodes < 20, `${nodes} other nodes (hubs only)`);
    assert(await page.locator('[data-testid=subnet]').count() === 0, 'no subnets drawn');
    await page.screenshot({ path: join(OUT, 'overview-1440.png') });
  });

  await check('no text under 9 px at the overview\'s initial zoom', async () => {
    await assertReadable(page);
  });

  await check('overview: axe finds no serious or critical violation (light and dark)', async () => {
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const v = await axeViolations(page);
      if (scheme === 'dark') await page.screenshot({ path: join(OUT, 'overview-1440-dark.png') });
      assert(v.length === 0, `${scheme}: ${v.join('; ')}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await check('Enter on a VPC opens its inside; the breadcrumb and Escape bring the overview back', async () => {
    const first = page.locator('[data-testid=overview-vpc]').first();
    const id = await first.getAttribute('data-id');
    await first.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid=vpc][data-id="${id}"]`);
    assert(await page.locator('[data-testid=overview-vpc]').count() === 0, 'overview nodes gone');
    assert(await page.locator('[data-testid=vpc]').count() === 1, 'one VPC drawn');
    assert(await page.locator('[data-testid=subnet]').count() === 10, 'its 10 subnets drawn');
    assert((await page.textContent('[data-testid=crumb-vpc]')).includes(id), 'breadcrumb names the VPC');
    await page.screenshot({ path: join(OUT, 'overview-open-vpc-1440.png') });
    const v = await axeViolations(page);
    assert(v.length === 0, `open VPC: ${v.join('; ')}`);
    await page.click('[data-testid=crumb-all]');
    await page.waitForSelector('[data-testid=overview-vpc]');
    // Double-click opens, Escape (with nothing selected) closes.
    await page.locator('[data-testid=overview-vpc]').nth(1).dblclick();
    await page.waitForSelector('[data-testid=crumb-vpc]');
    await page.click('[data-testid=fit]');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=overview-vpc]');
  });

  await check('search by id: the result list, Enter jumps, opens the VPC, selects and focuses the object', async () => {
    await page.fill('[data-testid=search]', 'i-00042');
    await page.waitForSelector('[data-testid=search-result]');
    const hits = await page.$$eval('[data-testid=search-result]', (els) => els.map((e) => e.dataset.id));
    assert(hits.length > 0 && hits.every((h) => h.startsWith('i-00042')), `results ${hits}`);
    await page.screenshot({ path: join(OUT, 'overview-search-1440.png') });
    for (const scheme of ['dark', 'light']) {
      await page.emulateMedia({ colorScheme: scheme });
      const v = await axeViolations(page);
      assert(v.length === 0, `search results, ${scheme}: ${v.join('; ')}`);
    }
    const target = hits[0];
    await page.press('[data-testid=search]', 'ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#diagram [data-id="${target}"].is-selected`);
    const vpc = await page.textContent('[data-testid=crumb-vpc]');
    assert(vpc.includes('vpc-'), `breadcrumb ${vpc}`);
    await page.waitForTimeout(200);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    assert(focused === target, `focus on ${focused}`);
    const box = await page.locator(`#diagram [data-id="${target}"][role=button]`).boundingBox();
    const canvas = await page.locator('#diagram').boundingBox();
    assert(box && box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width, 'the object is in view');
    await page.screenshot({ path: join(OUT, 'overview-jump-1440.png') });
  });

  await check('a selected flow stays drawn: over the VPC nodes in the overview, hop by hop in an open VPC', async () => {
    await page.click('[data-testid=crumb-all]');
    await page.waitForSelector('[data-testid=overview-vpc]');
    await page.click('[role=tab]:has-text("Path")');
    await page.click('[data-testid=add-flow]');
    await page.fill('[data-testid=flow-from]', 'i-0000000');
    await page.press('[data-testid=flow-from]', 'Tab');
    await page.fill('[data-testid=flow-to]', 'i-0000100');
    await page.press('[data-testid=flow-to]', 'Tab');
    await page.waitForSelector('[data-testid=flow-verdict]');
    const seg = await page.waitForSelector('[data-testid=path-segment]', { state: 'attached' });
    const ends = [await seg.getAttribute('data-from'), await seg.getAttribute('data-to')];
    assert(ends[0] === 'vpc-00000aa' && ends[1] === 'vpc-00001aa', `overview path ${ends}`);
    const ringed = await page.$$eval('[data-testid=path-node]', (els) => els.map((e) => e.dataset.on));
    assert(ringed.join() === 'vpc-00000aa,vpc-00001aa', `VPCs on the path ${ringed}`);
    await page.screenshot({ path: join(OUT, 'overview-path-1440.png') });
    await page.locator('[data-testid=overview-vpc][data-id=vpc-00000aa]').dblclick();
    await page.waitForSelector('[data-testid=crumb-vpc]');
    await page.waitForSelector('[data-testid=path-segment][data-from=i-0000000]', { state: 'attached' });
    const keys = await page.$$eval('[data-testid=path-segment]', (els) => els.map((e) => e.dataset.from));
    assert(keys.includes('i-0000000'), `open VPC path from ${keys}`);
    await page.screenshot({ path: join(OUT, 'overview-path-open-1440.png') });
  });

  await check('the toggle switches to the full diagram and back', async () => {
    await page.click('[data-testid=view-overview]');
    await page.waitForSelector('[data-testid=overview-vpc]');
    assert(await page.getAttribute('[data-testid=view-overview]', 'aria-pressed') === 'true', 'pressed');
    await page.click('[data-testid=view-full]');
    await page.waitForSelector('[data-testid=subnet]', { timeout: 30000 });
    assert(await page.locator('[data-testid=vpc]').count() === 100, 'all 100 VPCs in full');
    await page.click('[data-testid=view-overview]');
    await page.waitForSelector('[data-testid=overview-vpc]');
  });

  await check('no console errors, failed or off-origin requests', async () => {
    const p = problems(log);
    assert(p.length === 0, p.join('; '));
  });
  await context.close();

  const phone = await openPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  phone.page.setDefaultTimeout(15000);
  await check('phone: the overview opens readable, with the bar in view', async () => {
    await boot(phone.page);
    const opener = phone.page.locator('[data-testid=open-import]');
    if (!(await opener.isVisible())) {
      await phone.page.click('[data-testid=header-more]').catch(() => {});
    }
    await importSnapshot(phone.page);
    await assertReadable(phone.page);
    await phone.page.screenshot({ path: join(OUT, 'overview-390.png') });
  });
  await phone.context.close();
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
finish();
