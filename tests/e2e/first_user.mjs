// End-to-end tests of the editor as a first-time user meets it (issue 19) and of what a shared link or a phone
// shows first (issue 17): the gateway-endpoint trap, a layout that always fills the window (lesson mode too),
// words instead of codes, the blocked marker and "Fix it", new flows, deletes that break flows, the reading
// layout at 390 × 844, and screenshots (default example, lesson 1 mid-way and complete, 1024 × 700).
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/first_user.mjs
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, OUT, assert, axeViolations, boot, check, finish, launch, openPage, problems } from './lib.mjs';

console.log(`e2e first-time user against ${BASE_URL} with ${CHROMIUM}`);

/** The page never scrolls: the document is exactly the window, and the header is at the top. */
async function fillsWindow(page) {
  const m = await page.evaluate(() => ({
    scrollH: document.scrollingElement.scrollHeight,
    scrollW: document.scrollingElement.scrollWidth,
    innerH: window.innerHeight,
    innerW: window.innerWidth,
    y: window.scrollY,
    headerTop: document.querySelector('.topbar').getBoundingClientRect().top,
    appTop: document.querySelector('.app').getBoundingClientRect().top,
  }));
  assert(m.scrollH <= m.innerH, `the page is ${m.scrollH} px tall in a ${m.innerH} px window`);
  assert(m.scrollW <= m.innerW, `the page is ${m.scrollW} px wide in a ${m.innerW} px window`);
  assert(m.y === 0 && m.headerTop === 0 && m.appTop === 0, `scrolled: ${JSON.stringify(m)}`);
}

async function loadExample(page, id) {
  await page.click('[data-testid=open-gallery]');
  await page.waitForSelector('dialog[data-testid=gallery][open]');
  await page.click(`[data-example="${id}"]`);
  await page.waitForSelector('dialog[data-testid=gallery]:not([open])', { state: 'attached' });
}

/** Every visible text of the page (not attributes, tooltips or closed details). */
const visibleText = (page) => page.evaluate(() => document.body.innerText);

const browser = await launch();
try {
  const { context, page, log } = await openPage(browser, { viewport: { width: 1440, height: 900 } });

  await check('17: the first visit opens on the selected flow\'s verdict, cost and why, without a click', async () => {
    await boot(page);
    const verdict = await page.waitForSelector('[data-testid=flow-verdict]', { state: 'visible', timeout: 5000 });
    assert(await verdict.isVisible(), 'verdict visible');
    const text = await verdict.textContent();
    assert(/a month/.test(text), `the verdict shows the cost: ${text}`);
    assert((await page.$$('[data-testid=hop]')).length > 0, 'the path (why) is listed');
    await page.screenshot({ path: join(OUT, 'first-user-default-example.png') });
  });

  await check('19.1: a gateway endpoint from the palette says which route tables it uses, with Undo, and lists them', async () => {
    await page.click('[data-testid=vpc] >> nth=0', { position: { x: 30, y: 12 } });
    await page.click('[data-testid=palette-gateway-endpoint-s3]');
    const notice = await page.waitForSelector('[data-testid=notice]');
    const said = await notice.textContent();
    assert(/route table/.test(said) && !said.includes('`'), `the notice says what was done: ${said}`);
    assert(await page.$('[data-testid=notice-undo]'), 'the notice offers Undo');
    // Its properties list its route tables, with the private subnet's table ticked, and no interface fields.
    const rts = await page.waitForSelector('[data-testid=endpoint-route-tables]');
    const ticked = await rts.$$eval('input:checked', (els) => els.map((e) => e.dataset.rt));
    assert(ticked.length === 1 && !ticked.includes('rtb-public'), `ticked ${ticked}`);
    for (const f of ['private_dns_enabled', 'ip_address_type', 'service_region']) {
      assert(!(await page.$(`[data-testid=properties] [data-field=${f}]`)), `a gateway endpoint has no ${f} field`);
    }
    // The flow no longer pays for the NAT gateway: it goes private, through the endpoint.
    await page.click('[role=tab][data-tab=path]');
    await page.click('[data-testid=flow-list] li:nth-child(1) [data-testid=flow]');
    const v = await page.waitForSelector('[data-testid=flow-verdict]');
    assert((await v.getAttribute('data-network')) === 'private', 'private');
    const hops = await page.$$eval('[data-testid=hop]', (els) => els.map((e) => e.dataset.id));
    assert(!hops.some((h) => h.startsWith('nat-')), `no NAT gateway on the path: ${hops}`);
    // Unticking the table takes the endpoint off it (undoable).
    await page.click('[data-testid=undo]');
  });

  await check('19.6: what is created comes into view and covers no label; fit uses the space', async () => {
    await loadExample(page, 's3-through-nat');
    await page.click('[data-testid=vpc] >> nth=0', { position: { x: 30, y: 12 } });
    await page.click('[data-testid=palette-gateway-endpoint-s3]');
    await page.waitForSelector('[data-testid=endpoint-route-tables]');
    await page.waitForTimeout(200);
    const r = await page.evaluate(() => {
      const box = (el) => el.getBoundingClientRect();
      const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const texts = [...document.querySelectorAll('.container-text text')].map(box);
      const nodes = [...document.querySelectorAll('[data-testid=node] .node-box')].map(box);
      const covered = texts.filter((t) => nodes.some((n) => overlap(t, n))).length;
      const svg = box(document.querySelector('svg.diagram'));
      const sel = document.querySelector('[data-testid=node][aria-pressed=true]');
      const s = sel && box(sel);
      return { covered, inView: !!s && s.left >= svg.left && s.right <= svg.right && s.top >= svg.top && s.bottom <= svg.bottom };
    });
    assert(r.covered === 0, `${r.covered} container labels covered by nodes`);
    assert(r.inView, 'the new endpoint is in view');
    await page.click('[data-testid=undo]');
    await page.click('[data-testid=fit]');
    await page.waitForTimeout(200);
    const fill = await page.evaluate(() => {
      const svg = document.querySelector('svg.diagram').getBoundingClientRect();
      const all = [...document.querySelectorAll('.layer-containers > *, .layer-nodes > *')].map((e) => e.getBoundingClientRect());
      const w = Math.max(...all.map((b) => b.right)) - Math.min(...all.map((b) => b.left));
      const h = Math.max(...all.map((b) => b.bottom)) - Math.min(...all.map((b) => b.top));
      return Math.max(w / svg.width, h / svg.height);
    });
    assert(fill > 0.85, `the fitted drawing fills ${Math.round(fill * 100)}% of the canvas`);
  });

  await check('19.3: words, not codes: no markdown marks and no CODE_NAMES in the visible text', async () => {
    await loadExample(page, 'peered-vpc-pitfall');
    await page.click('[role=tab][data-tab=path]');
    await page.waitForSelector('[data-testid=flow-list]');
    let visited = 0;
    for (const i of [1, 2, 3]) {
      const row = await page.$(`[data-testid=flow-list] li:nth-child(${i}) [data-testid=flow]`);
      if (!row) break;
      await row.click();
      await page.waitForSelector('[data-testid=flow-verdict], [data-testid=flow-error]');
      visited++;
      const text = await visibleText(page);
      assert(!text.includes('`'), 'no backticks');
      const codes = text.match(/\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+){2,}\b/g) ?? [];
      assert(codes.length === 0, `codes shown as text: ${codes.join(', ')}`);
    }
    assert(visited > 0, 'the example has flows');
    // The code stays available, in details.
    const x = await page.$('[data-testid=explanation]');
    if (x) assert(/_/.test(await x.getAttribute('data-code')), 'the code is kept');
  });

  await check('19.4: the blocked marker sits on the component that drops the packet, with a short label', async () => {
    const n = (await page.$$('[data-testid=flow]')).length;
    let seen = 0;
    for (let i = 1; i <= n; i++) {
      await page.click(`[data-testid=flow-list] li:nth-child(${i}) [data-testid=flow]`);
      const v = await page.waitForSelector('[data-testid=flow-verdict]');
      if ((await v.getAttribute('data-verdict')) !== 'unreachable') continue;
      seen++;
      const stop = await page.waitForSelector('[data-testid=path-stop]', { state: 'attached' });
      const component = await page.getAttribute('[data-testid=explanation]', 'data-code');
      const on = await stop.getAttribute('data-on');
      const named = await stop.getAttribute('data-component');
      assert(on && on.startsWith(named.split('@')[0]) || on === named, `marker on ${on}, the drop is at ${named}`);
      const label = await stop.$eval('.path-stop-label text', (t) => t.textContent);
      assert(label.length <= 20 && !label.includes('_'), `short label: ${label} (${component})`);
    }
    assert(seen > 0, 'the example has a blocked flow');
  });

  await check('19.4: "Fix it" proposes one edit, proven by a re-trace, and applying it makes the flow reachable', async () => {
    await loadExample(page, 's3-through-nat');
    // Break the example: remove the private table's route to the NAT gateway.
    await page.click('[data-key="rtb-private"]');
    await page.click('[role=tab][data-tab=properties]');
    await page.waitForSelector('[data-testid=properties][data-object=rtb-private]');
    const rows = await page.$$('[data-testid=route]');
    for (const row of rows) {
      if ((await (await row.$('[data-testid=route-target]')).inputValue()).startsWith('nat-')) {
        await row.$eval('button[aria-label^="Remove route"]', (b) => b.click());
        break;
      }
    }
    await page.click('[role=tab][data-tab=path]');
    const n = (await page.$$('[data-testid=flow]')).length;
    let fixed = false;
    for (let i = 1; i <= n && !fixed; i++) {
      await page.click(`[data-testid=flow-list] li:nth-child(${i}) [data-testid=flow]`);
      const v = await page.waitForSelector('[data-testid=flow-verdict]');
      if ((await v.getAttribute('data-verdict')) !== 'unreachable') continue;
      const fix = await page.waitForSelector('[data-testid=fix-apply]', { timeout: 3000 });
      await fix.click();
      await page.waitForSelector('[data-testid=flow-verdict][data-verdict=reachable]');
      fixed = true;
    }
    assert(fixed, 'a blocked flow was fixed');
  });

  await check('19.5: a new flow starts neutral, with 100 GB a month', async () => {
    await page.click('[data-testid=add-flow]');
    await page.waitForSelector('[data-testid=flow-prompt]');
    assert(!(await page.$('[data-testid=flow-error]')), 'no error before anything was typed');
    assert((await page.inputValue('[data-testid=flow-gb]')) === '100', 'default volume');
    assert(/GB/.test(await page.textContent('label[for=flow-gb]')), 'the unit is shown');
  });

  await check('19.9: a delete that leaves flows without an end says so, with Undo', async () => {
    await loadExample(page, 's3-through-nat');
    await page.click('[data-key="i-app"]');
    await page.keyboard.press('Delete');
    const notice = await page.waitForSelector('[data-testid=notice]');
    assert(/lost (its|their) source/.test(await notice.textContent()), await notice.textContent());
    await page.click('[data-testid=notice-undo]');
    await page.waitForSelector('[data-key="i-app"]');
  });

  await check('19.7: Connect starts from the next click, outlines valid targets, and says what a route through an instance does', async () => {
    await loadExample(page, 's3-through-nat');
    await page.click('[data-key="i-app"]'); // a selection, which Connect must not use silently
    await page.click('[data-testid=connect]');
    const banner = await page.textContent('[data-testid=mode-banner]');
    assert(/pick the first/i.test(banner), `the first end is asked for: ${banner}`);
    assert((await page.$$('[data-testid=connect-target]')).length === 0, 'no targets before the first end');
    await page.click('[data-key="rtb-private"]');
    const targets = await page.$$eval('[data-testid=connect-target]', (els) => els.map((e) => e.dataset.key));
    assert(targets.includes('subnet-public-a') && targets.includes('nat-app'), `targets: ${targets}`);
    await page.click('[data-key="i-app"]');
    const notice = await page.textContent('[data-testid=notice]');
    assert(/goes through i-app/.test(notice) && (await page.$('[data-testid=notice-undo]')), notice);
    await page.click('[data-testid=notice-undo]');
  });

  await check('19.8: palette items drag onto the diagram; distinct icons; the theme button shows each state', async () => {
    // A fresh page, as a first-time user drags their first item.
    const fresh = await openPage(browser, { viewport: { width: 1440, height: 900 } });
    await boot(fresh.page);
    // The first Tab of the page reaches the skip link.
    await fresh.page.keyboard.press('Tab');
    assert((await fresh.page.evaluate(() => document.activeElement?.dataset?.testid)) === 'skip-link', 'first Tab: the skip link');
    await fresh.page.waitForTimeout(300); // the first fit has settled: the drop point stays on the subnet
    const before = (await fresh.page.$$('[data-testid=node][data-kind=instance]')).length;
    await fresh.page.dragAndDrop('[data-testid=palette-ec2-instance]', '[data-key="subnet-private-a"]', {
      targetPosition: { x: 60, y: 60 },
      force: true, // the drop point may be over a node of the subnet: the drop still lands in the subnet
    });
    await fresh.page.waitForFunction((n) => document.querySelectorAll('[data-testid=node][data-kind=instance]').length > n, before);
    const id = (await fresh.page.textContent('[data-testid=props-id]')).trim();
    assert(id.startsWith('i-'), `dropped an instance: ${id}`);
    await fresh.context.close();
    const icons = await page.$$eval('[data-testid^=palette-] svg', (els) => els.map((e) => e.innerHTML));
    const tags = await page.$$eval('[data-testid^=palette-]', (els) => els.map((e) => e.querySelector('.palette-tag')?.textContent ?? ''));
    const looks = new Set(icons.map((h, i) => h + tags[i]));
    assert(looks.size === icons.length, `${icons.length - looks.size} palette items look like another`);
    const glyphs = [];
    for (let i = 0; i < 3; i++) {
      glyphs.push(await page.$eval('[data-testid=theme] svg', (e) => e.innerHTML));
      await page.click('[data-testid=theme]');
    }
    assert(new Set(glyphs).size === 3, 'three theme states, three icons');
  });

  await check('19.9: skip link, arrow keys between objects, focus kept after Delete and Undo, focus unlike selection', async () => {
    await loadExample(page, 's3-through-nat');
    await page.focus('[data-testid=skip-link]');
    await page.keyboard.press('Enter');
    const first = await page.evaluate(() => document.activeElement?.closest('#diagram') && document.activeElement.dataset.key);
    assert(first, 'the skip link lands on the diagram');
    await page.keyboard.press('ArrowDown');
    const next = await page.evaluate(() => document.activeElement?.dataset?.key);
    assert(next && next !== first, `ArrowDown moves the focus (${first} → ${next})`);
    // Focus and selection look different.
    await page.focus('[data-key="i-app"]');
    const focused = await page.$eval('[data-key="i-app"] .node-box', (e) => getComputedStyle(e).strokeDasharray);
    await page.keyboard.press('Enter');
    await page.focus('[data-key="nat-app"]');
    const selected = await page.$eval('[data-key="i-app"] .node-box', (e) => getComputedStyle(e).strokeDasharray + getComputedStyle(e).fill);
    assert(focused !== selected, `focus (${focused}) and selection (${selected}) differ`);
    await page.focus('[data-key="i-app"]');
    await page.keyboard.press('Delete');
    await page.waitForSelector('[data-key="i-app"]', { state: 'detached' });
    await page.waitForTimeout(50);
    const afterDelete = await page.evaluate(() => !!document.activeElement?.closest('#diagram'));
    assert(afterDelete, 'focus stays in the diagram after Delete');
    await page.keyboard.press('Control+z');
    await page.waitForSelector('[data-key="i-app"]');
    await page.waitForTimeout(50);
    const afterUndo = await page.evaluate(() => !!document.activeElement?.closest('#diagram'));
    assert(afterUndo, 'focus stays in the diagram after Undo');
  });

  await check('19.10: hops ring their object; panels start at the top on a load; the name is editable; cost tables fit', async () => {
    await loadExample(page, 's3-through-nat');
    await page.hover('[data-testid=hop][data-id="nat-app"]');
    await page.waitForSelector('[data-testid=hop-highlight]', { state: 'attached' });
    await page.$eval('#panel-path', (e) => { e.scrollTop = 400; });
    await loadExample(page, 's3-gateway-endpoint');
    await page.waitForTimeout(100);
    assert((await page.$eval('#panel-path', (e) => e.scrollTop)) === 0, 'the Path panel is back at its top');
    await page.click('[data-testid=doc-title]');
    await page.fill('[data-testid=doc-title-input]', 'My design');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=doc-title]');
    assert((await page.textContent('[data-testid=doc-title]')).includes('My design'), 'renamed');
    await page.click('[role=tab][data-tab=cost]');
    const over = await page.$$eval('.cost-flow', (cards) => cards.filter((c) => {
      const t = c.querySelector('.items');
      return t && t.getBoundingClientRect().right > c.getBoundingClientRect().right + 0.5;
    }).length);
    assert(over === 0, `${over} cost tables overflow their card`);
    await page.click('[role=tab][data-tab=path]');
  });

  await check('19.2: the app fills the window at 1440 × 900; only panels scroll', async () => {
    await fillsWindow(page);
  });

  await check('19.2: lesson mode keeps the layout, mid-way and on completion; goals are in view', async () => {
    await page.click('[data-testid=open-lessons]');
    await page.waitForSelector('dialog[data-testid=lessons][open]');
    await page.click('[data-testid=lesson-start][data-lesson=why-nat]');
    await page.waitForSelector('[data-testid=lesson-panel][data-complete=false]');
    await fillsWindow(page);
    const goal = await page.$('[data-testid=lesson-goal]');
    const box = await goal.boundingBox();
    assert(box && box.y + box.height <= 900, `the first goal is in view (${JSON.stringify(box)})`);
    await page.click('[data-testid=lesson-show-hint]');
    await page.screenshot({ path: join(OUT, 'first-user-lesson-1-midway.png') });
    await page.click('[role=tab][data-tab=cost]');
    await page.click('[data-testid=apply-alternative]');
    await page.waitForSelector('[data-testid=lesson-panel][data-complete=true]');
    await page.waitForTimeout(300);
    await fillsWindow(page);
    const done = await (await page.$('[data-testid=lesson-complete]')).boundingBox();
    assert(done && done.y >= 0 && done.y < 900, `the completion is in view (${JSON.stringify(done)})`);
    await page.screenshot({ path: join(OUT, 'first-user-lesson-1-complete.png') });
    await page.click('[data-testid=lesson-leave]');
  });

  await check('19.2: at 1024 × 700 the app fills the window too', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await loadExample(page, 's3-through-nat');
    await page.waitForTimeout(200);
    await fillsWindow(page);
    await page.screenshot({ path: join(OUT, 'first-user-1024x700.png') });
  });

  await check('axe-core: no serious or critical violations after these changes', async () => {
    const v = await axeViolations(page);
    assert(v.length === 0, v.join('\n'));
  });

  await check('no console errors, page errors or failed requests', async () => {
    const p = problems(log);
    assert(p.length === 0, p.join('\n'));
  });
  await context.close();

  // ---- a phone: the reading layout ----
  const phone = await openPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await check('17: at 390 × 844, no horizontal scroll, the header fits, diagram and verdict on the first screen', async () => {
    const p = phone.page;
    await boot(p);
    const verdict = await p.waitForSelector('[data-testid=flow-verdict]', { state: 'visible' });
    const m = await p.evaluate(() => ({
      scrollW: document.scrollingElement.scrollWidth,
      innerW: window.innerWidth,
      header: (() => {
        const h = document.querySelector('.topbar');
        return { scrollW: h.scrollWidth, clientW: h.clientWidth };
      })(),
      offRight: [...document.querySelectorAll('.topbar button')]
        .filter((b) => b.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((b) => b.dataset.testid ?? b.textContent),
    }));
    assert(m.scrollW <= m.innerW, `page ${m.scrollW} px wide in ${m.innerW}`);
    assert(m.header.scrollW <= m.header.clientW && m.offRight.length === 0, `header overflows: ${JSON.stringify(m)}`);
    const vb = await verdict.boundingBox();
    assert(vb.y < 844, `the verdict starts on the first screen (y = ${vb.y})`);
    const svg = await (await p.$('svg.diagram')).boundingBox();
    assert(svg.width >= 380 && svg.y < 844 && svg.height > 150, `the diagram spans the width: ${JSON.stringify(svg)}`);
    // The palette folds behind one button.
    const items = await p.$$eval('[data-testid^=palette-]', (els) =>
      els.filter((e) => e.getBoundingClientRect().height > 0).map((e) => e.dataset.testid));
    assert(items.length === 1 && items[0] === 'palette-toggle', `visible palette buttons: ${items}`);
    await p.screenshot({ path: join(OUT, 'first-user-390x844.png') });
  });
  await phone.context.close();
} finally {
  await browser.close();
}
finish();
