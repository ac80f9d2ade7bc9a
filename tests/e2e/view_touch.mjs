// End-to-end tests of what is placed and drawn where, and of touch (issue 19 items 3, 6 and 10; issue 17):
// new nodes from the palette (click and drag and drop) land in view on a free spot, never on another node or a
// label; the cross-Region example's path reaches the eu-west-1 S3 node; a public path to S3 is labelled "public
// endpoint" (the core's words), not "internet"; at 390 × 844 the legend and the zoom tools leave the drawing
// alone; touch pans with one finger, pinch-zooms about the fingers' midpoint with two, and a tap selects.
// Screenshots of the default and the cross-Region example at 1440 × 900, 1024 × 700 and 390 × 844.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/view_touch.mjs
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, OUT, assert, boot, check, finish, launch, openPage, problems } from './lib.mjs';

console.log(`e2e placement, labels and touch against ${BASE_URL} with ${CHROMIUM}`);

async function loadExample(page, id) {
  await page.click('[data-testid=open-gallery]');
  await page.waitForSelector('dialog[data-testid=gallery][open]');
  await page.click(`[data-example="${id}"]`);
  await page.waitForSelector('dialog[data-testid=gallery]:not([open])', { state: 'attached' });
  await page.waitForTimeout(250);
}

/** Node boxes overlapping another node box or a container's label, and whether the selected node is in view. */
function collisions(page) {
  return page.evaluate(() => {
    const box = (el) => el.getBoundingClientRect();
    const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const nodes = [...document.querySelectorAll('[data-testid=node]')].map((g) => ({ key: g.dataset.key, r: box(g.querySelector('.node-box')) }));
    const labels = [...document.querySelectorAll('.container-text text, .c-az text, .c-region text')].map((t) => ({ text: t.textContent, r: box(t) }));
    const out = [];
    nodes.forEach((a, i) => {
      nodes.slice(i + 1).forEach((b) => { if (overlap(a.r, b.r)) out.push(`${a.key} on ${b.key}`); });
      labels.forEach((l) => { if (overlap(a.r, l.r)) out.push(`${a.key} on the label "${l.text}"`); });
    });
    const svg = box(document.querySelector('svg.diagram'));
    const sel = document.querySelector('[data-testid=node][aria-pressed=true] .node-box, [data-testid=vpc][aria-pressed=true] rect, [data-testid=subnet][aria-pressed=true] rect');
    const s = sel && box(sel);
    const inView = !!s && s.left >= svg.left - 0.5 && s.right <= svg.right + 0.5 && s.top >= svg.top - 0.5 && s.bottom <= svg.bottom + 0.5;
    return { out, inView, selected: sel?.closest('[data-key]')?.dataset.key };
  });
}

const viewBox = (page) => page.$eval('svg.diagram', (s) => s.getAttribute('viewBox').split(/\s+/).map(Number));

const browser = await launch();
try {
  const { context, page, log } = await openPage(browser, { viewport: { width: 1440, height: 900 } });
  await boot(page);
  await page.waitForTimeout(300);

  await check('Fit brings back the whole drawing after a zoom right after the first load (it did nothing until the first edit)', async () => {
    const fitted = await viewBox(page);
    await page.click('[data-testid=zoom-in]');
    await page.click('[data-testid=zoom-in]');
    assert((await viewBox(page))[2] < fitted[2] * 0.8, 'zoomed in');
    await page.click('[data-testid=fit]');
    await page.waitForTimeout(200);
    const back = await viewBox(page);
    assert(back.every((v, i) => Math.abs(v - fitted[i]) < 0.5), `fit: ${fitted} → ${back}`);
  });

  await check('19.6: an instance dropped on another node lands on a free spot nearby, in view', async () => {
    await loadExample(page, 's3-through-nat');
    const before = await collisions(page);
    assert(before.out.length === 0, `the example starts clean: ${before.out}`);
    const target = await (await page.$('[data-key="i-app"] .node-box')).boundingBox();
    await page.dragAndDrop('[data-testid=palette-ec2-instance]', '[data-key="i-app"]', {
      targetPosition: { x: 20, y: 20 },
      force: true,
    });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=node][data-kind=instance]').length > 1);
    await page.waitForTimeout(250);
    const after = await collisions(page);
    assert(after.out.length === 0, `the dropped instance collides: ${after.out.join('; ')}`);
    assert(after.inView, `the new instance ${after.selected} is in view`);
    const added = await (await page.$('[data-testid=node][aria-pressed=true] .node-box')).boundingBox();
    const d = Math.hypot(added.x - target.x, added.y - target.y);
    assert(d < 400, `it lands near the drop point (${Math.round(d)} px away)`);
    await page.click('[data-testid=undo]');
  });

  await check('19.6: an instance dropped on a subnet\'s label does not cover it', async () => {
    await loadExample(page, 's3-through-nat');
    const sub = await (await page.$('[data-key="subnet-private-a"] rect')).boundingBox();
    await page.dragAndDrop('[data-testid=palette-ec2-instance]', '[data-key="subnet-private-a"]', {
      targetPosition: { x: 40, y: 8 },
      force: true,
    });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=node][data-kind=instance]').length > 1);
    await page.waitForTimeout(250);
    const after = await collisions(page);
    assert(after.out.length === 0, `collides: ${after.out.join('; ')} (subnet at ${JSON.stringify(sub)})`);
    assert(after.inView, 'in view');
    await page.click('[data-testid=undo]');
  });

  await check('19.6: palette clicks (a VPC, then a subnet and an instance in it) land in view without collisions', async () => {
    await loadExample(page, 'cross-region-pitfall');
    await page.click('[data-testid=palette-vpc]');
    await page.waitForTimeout(300);
    let c = await collisions(page);
    assert(c.out.length === 0, `the new VPC collides: ${c.out.join('; ')}`);
    assert(c.inView, `the new VPC ${c.selected} is in view`);
    await page.click('[data-testid=palette-subnet]');
    await page.waitForTimeout(300);
    await page.click('[data-testid=palette-ec2-instance]');
    await page.waitForTimeout(300);
    c = await collisions(page);
    assert(c.out.length === 0, `collides: ${c.out.join('; ')}`);
    assert(c.inView, `the new instance ${c.selected} is in view`);
  });

  await check('19.3: a public path to S3 reads "public endpoint" in the flow badge and the legend (PUB-01)', async () => {
    await loadExample(page, 's3-through-nat');
    await page.click('[role=tab][data-tab=path]');
    const badge = await page.textContent('[data-testid=flow-list] li:nth-child(1) .badge');
    assert(badge.trim().toLowerCase() === 'public endpoint', `badge: ${badge}`);
    const legend = await page.textContent('.legend');
    assert(/public endpoint/.test(legend) && !/internet/.test(legend), `legend: ${legend}`);
    // A path to the internet itself still says so.
    const other = await page.textContent('[data-testid=flow-list] li:nth-child(2) .badge');
    assert(other.trim().toLowerCase() === 'internet', `second flow: ${other}`);
  });

  await check('19.10: the cross-Region path is drawn to the eu-west-1 S3 node', async () => {
    await loadExample(page, 'cross-region-pitfall');
    const to = await page.$$eval('[data-testid=path-segment]', (els) => els.map((e) => e.dataset.to));
    assert(to.at(-1) === 'aws-service:s3.eu-west-1', `the path ends at ${to.at(-1)}: ${to}`);
    assert(!to.includes('internet'), 'not at the internet node');
    const badge = await page.textContent('[data-testid=flow-list] li:nth-child(1) .badge');
    assert(badge.trim().toLowerCase() === 'public endpoint', `badge: ${badge}`);
  });

  await check('screenshots: default and cross-Region examples at 1440 × 900 and 1024 × 700', async () => {
    for (const [w, h] of [[1440, 900], [1024, 700]]) {
      await page.setViewportSize({ width: w, height: h });
      for (const id of ['s3-through-nat', 'cross-region-pitfall']) {
        await loadExample(page, id);
        await page.click('[data-testid=fit]');
        await page.waitForTimeout(250);
        await page.screenshot({ path: join(OUT, `view-${id}-${w}x${h}.png`) });
      }
    }
  });

  await check('no console errors, page errors or failed requests', async () => {
    const p = problems(log);
    assert(p.length === 0, p.join('\n'));
  });
  await context.close();

  // ---- a phone ----
  const phone = await openPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const p = phone.page;
  await boot(p);
  await p.waitForTimeout(400);

  await check('19.3: at 390 × 844 the legend and the zoom tools leave the drawing uncovered', async () => {
    const m = await p.evaluate(() => {
      const r = (el) => el && el.getBoundingClientRect();
      const svg = r(document.querySelector('svg.diagram'));
      const cover = (b) => (b ? Math.max(0, Math.min(b.right, svg.right) - Math.max(b.left, svg.left)) * Math.max(0, Math.min(b.bottom, svg.bottom) - Math.max(b.top, svg.top)) : 0);
      return {
        svg: svg.height,
        legend: cover(r(document.querySelector('.legend'))),
        tools: cover(r(document.querySelector('.canvas-tools'))),
        toolsVisible: !!document.querySelector('[data-testid=fit]')?.getBoundingClientRect().height,
      };
    });
    assert(m.toolsVisible, 'the zoom tools are there');
    assert(m.legend === 0 && m.tools === 0, `covered px²: legend ${Math.round(m.legend)}, tools ${Math.round(m.tools)}`);
    await p.screenshot({ path: join(OUT, 'view-s3-through-nat-390x844.png') });
  });

  await check('17: touch: one finger pans, two fingers pinch-zoom about their midpoint, a tap selects', async () => {
    const cdp = await p.context().newCDPSession(p);
    const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: points.map(([x, y], id) => ({ x, y, id, radiusX: 2, radiusY: 2, force: 1 })),
    });
    const svg = await (await p.$('svg.diagram')).boundingBox();
    // A background point: the canvas's top-left corner area is empty grid in the default example after fit? Find one.
    const bg = await p.evaluate(({ x, y, w, h }) => {
      for (let j = 10; j < h - 10; j += 12) {
        for (let i = 10; i < w - 10; i += 12) {
          const el = document.elementFromPoint(x + i, y + j);
          if (el && el.closest('svg.diagram') && !el.closest('[data-key]')) return [x + i, y + j];
        }
      }
      return null;
    }, { x: svg.x, y: svg.y, w: svg.width, h: svg.height });
    assert(bg, 'a background point');
    // A tap on a node selects it.
    const node = await (await p.$('[data-key="i-app"] .node-box')).boundingBox();
    const at = [node.x + node.width / 2, node.y + node.height / 2];
    await touch('touchStart', [at]);
    await touch('touchEnd', []);
    await p.waitForTimeout(150);
    assert((await p.getAttribute('[data-key="i-app"]', 'aria-pressed')) === 'true', 'a tap selects the node');
    // One finger pans.
    const v0 = await viewBox(p);
    await touch('touchStart', [bg]);
    for (let k = 1; k <= 5; k++) await touch('touchMove', [[bg[0] + 6 * k, bg[1] + 4 * k]]);
    await touch('touchEnd', []);
    await p.waitForTimeout(150);
    const v1 = await viewBox(p);
    assert(v1[0] < v0[0] && v1[1] < v0[1] && Math.abs(v1[2] - v0[2]) < 1e-6, `one finger pans: ${v0} → ${v1}`);
    // Two fingers apart zoom in about their midpoint: the drawing point under it stays under it.
    const mid = [svg.x + svg.width / 2, svg.y + svg.height / 2];
    const under = () => p.evaluate(([cx, cy]) => {
      const s = document.querySelector('svg.diagram');
      const pt = new DOMPoint(cx, cy).matrixTransform(s.getScreenCTM().inverse());
      return [pt.x, pt.y];
    }, mid);
    const u0 = await under();
    await touch('touchStart', [[mid[0] - 40, mid[1]], [mid[0] + 40, mid[1]]]);
    for (let k = 1; k <= 6; k++) await touch('touchMove', [[mid[0] - 40 - 10 * k, mid[1]], [mid[0] + 40 + 10 * k, mid[1]]]);
    await touch('touchEnd', []);
    await p.waitForTimeout(150);
    const v2 = await viewBox(p);
    const u1 = await under();
    assert(v2[2] < v1[2] * 0.8, `two fingers apart zoom in: width ${v1[2]} → ${v2[2]}`);
    assert(Math.hypot(u1[0] - u0[0], u1[1] - u0[1]) < 2, `about the pinch point: ${u0} → ${u1}`);
    // Fit works after touch too.
    await p.click('[data-testid=fit]');
    await p.waitForTimeout(200);
    const v3 = await viewBox(p);
    assert(Math.abs(v3[2] - v0[2]) < 0.5, `fit after the pinch: ${v0} vs ${v3}`);
  });

  await check('screenshots: the cross-Region example at 390 × 844, and the legend unfolds', async () => {
    await p.click('[data-testid=open-gallery]');
    await p.waitForSelector('dialog[data-testid=gallery][open]');
    await p.click('[data-example="cross-region-pitfall"]');
    await p.waitForSelector('dialog[data-testid=gallery]:not([open])', { state: 'attached' });
    await p.waitForTimeout(300);
    await p.screenshot({ path: join(OUT, 'view-cross-region-pitfall-390x844.png') });
    await p.click('.legend-toggle');
    assert(/public endpoint/.test(await p.textContent('.legend')), 'the unfolded legend names the public endpoint');
    assert(await p.isVisible('.legend-item'), 'its items show');
  });

  await check('phone: no console errors, page errors or failed requests', async () => {
    const pr = problems(phone.log);
    assert(pr.length === 0, pr.join('\n'));
  });
  await phone.context.close();
} finally {
  await browser.close();
}
finish();
