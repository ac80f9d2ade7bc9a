// End-to-end tests of the first view (issue 17, src/first_view.rs): the small first binary draws the diagram the
// page opens on while the app's wasm is still on its way (and names a shared link's flow), draws exactly what the app then draws, and leaves when
// the app has drawn; a share link that selects a flow then shows its verdict with no click. The app's wasm is held
// back by the test (a route that answers only when told), so nothing here races the machine's speed.
// Also: the app starts when the first view cannot; a lesson link and edits in the autosave are left to the app
// as it opens them; at 390 × 844 the first view neither scrolls sideways nor leaves the drawing off the first screen.
// Screenshots of the first view at 1440 × 900 and 390 × 844 in tests/e2e/out/.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/first_view.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL, CHROMIUM, OUT, ROOT, assert, check, exampleLink, finish, launch, openPage, problems } from './lib.mjs';

console.log(`e2e first view against ${BASE_URL} with ${CHROMIUM}`);

const APP_WASM = '**/vpclab-web-*_bg.wasm';
const FIRST_WASM = '**/vpclab-first-*_bg.wasm';
const READY = '.app:not(.first-view) header h1';

// A share link of the S3 gateway endpoint example with its first flow selected (the CLI's `link`).
const { link: LINK, diagram: shared, flow } = exampleLink('02-s3-gateway-endpoint.json', BASE_URL);
const example = (file) => JSON.parse(readFileSync(join(ROOT, 'core/src/gallery', file), 'utf8'));

/** Holds every request matching `pattern` until `release()` (then lets them through). */
async function hold(context, pattern) {
  let release;
  const gate = new Promise((ok) => (release = ok));
  await context.route(pattern, async (route) => {
    await gate;
    await route.continue();
  });
  return { release: () => release() };
}

/** The layout keys drawn in `svg` (a CSS selector), sorted. */
const keys = (page, svg) =>
  page.$$eval(`${svg} [data-key]`, (els) => [...new Set(els.map((e) => e.dataset.key))].sort());

const browser = await launch();
try {
  // ---- a share link: the first view draws it, the app draws the same, the verdict shows ----
  {
    const { context, page, log } = await openPage(browser, { viewport: { width: 1440, height: 900 } });
    const app = await hold(context, APP_WASM);
    let drawnFirst = [];
    await check('a share link is drawn by the first view while the app is still loading', async () => {
      await page.goto(LINK, { waitUntil: 'commit' });
      await page.waitForSelector('[data-testid=first-diagram] [data-testid=node]', { timeout: 15000 });
      drawnFirst = await keys(page, '[data-testid=first-diagram]');
      const ids = await page.$$eval('[data-testid=first-diagram] [data-id]', (els) => els.map((e) => e.dataset.id));
      for (const id of [flow.from, shared.topology.vpcs[0].id]) {
        assert(ids.includes(id), `the first view did not draw ${id} of the shared diagram: ${ids.join(', ')}`);
      }
      assert((await page.$(READY)) === null, 'the app mounted although its wasm is held back');
      const about = await page.textContent('[data-testid=first-view-flow]');
      assert(about?.includes(flow.from), `the first view does not name the shared flow: ${about}`);
      const status = await page.textContent('.first-view [role=status]');
      assert(/loading the editor/i.test(status ?? ''), `the first view does not say the editor is loading: ${status}`);
      assert(await page.isHidden('#boot'), 'the loading notice is still shown over the first view');
      await page.screenshot({ path: join(OUT, 'first-view-1440.png') });
    });
    await check('the app draws the same objects, the first view leaves, and the verdict shows without a click', async () => {
      app.release();
      await page.waitForSelector(READY, { timeout: 15000 });
      await page.waitForSelector('#first-view', { state: 'detached', timeout: 15000 });
      await page.waitForSelector('[data-testid=flow-verdict]', { timeout: 5000 });
      const drawnApp = await keys(page, '[data-testid=diagram]');
      assert(
        JSON.stringify(drawnApp) === JSON.stringify(drawnFirst),
        `the first view drew ${drawnFirst.join(',')} but the app ${drawnApp.join(',')}`,
      );
      assert((await page.$$('.first-view')).length === 0, 'a first view is left in the page');
      const p = problems(log);
      assert(p.length === 0, p.join('; '));
    });
    await context.close();
  }

  // ---- a phone ----
  {
    const { context, page } = await openPage(browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const app = await hold(context, APP_WASM);
    await check('at 390 × 844 the first view has no horizontal scroll and the drawing is on the first screen', async () => {
      await page.goto(LINK, { waitUntil: 'commit' });
      await page.waitForSelector('[data-testid=first-diagram] [data-testid=node]', { timeout: 15000 });
      const m = await page.evaluate(() => {
        const svg = document.querySelector('[data-testid=first-diagram]').getBoundingClientRect();
        return {
          scrollW: document.scrollingElement.scrollWidth,
          innerW: innerWidth,
          innerH: innerHeight,
          top: svg.top,
          bottom: svg.bottom,
          height: svg.height,
        };
      });
      assert(m.scrollW <= m.innerW, `the page is ${m.scrollW} px wide in a ${m.innerW} px window`);
      assert(m.height > 200 && m.top >= 0 && m.bottom <= m.innerH, `the drawing is not on the first screen: ${JSON.stringify(m)}`);
      await page.screenshot({ path: join(OUT, 'first-view-390.png') });
      app.release();
      await page.waitForSelector('#first-view', { state: 'detached', timeout: 15000 });
    });
    await context.close();
  }

  // ---- the first view cannot load: the app starts all the same ----
  {
    const { context, page } = await openPage(browser);
    await check('the app starts and draws when the first view cannot load', async () => {
      await context.route(FIRST_WASM, (route) => route.abort());
      await page.goto(BASE_URL, { waitUntil: 'commit' });
      await page.waitForSelector(READY, { timeout: 15000 });
      await page.waitForSelector('[data-testid=diagram] [data-testid=node]', { timeout: 5000 });
      assert((await page.$('#first-view')) === null, 'a first view is in the page although its wasm failed');
    });
    await context.close();
  }

  // ---- a lesson link: left to the app ----
  {
    const { context, page } = await openPage(browser);
    const app = await hold(context, APP_WASM);
    await check('a lesson link draws no first view; the app opens the lesson', async () => {
      const firstLoaded = page.waitForResponse((r) => /vpclab-first-.*_bg\.wasm/.test(r.url()));
      await page.goto(new URL('#lesson=why-nat', BASE_URL).href, { waitUntil: 'commit' });
      await firstLoaded;
      await page.waitForTimeout(300);
      assert((await page.$('#first-view')) === null, 'the first view drew something for a lesson link');
      assert(await page.isVisible('#boot'), 'the loading notice is not shown');
      app.release();
      await page.waitForSelector('[data-testid=lesson-panel][data-lesson=why-nat]', { timeout: 15000 });
    });
    await context.close();
  }

  // ---- edits in the autosave and a share link: the app asks first, so the first view draws the saved diagram ----
  {
    const { context, page } = await openPage(browser);
    const saved = example('01-s3-through-nat.json').diagram;
    saved.topology.name = 'My edited diagram';
    await context.addInitScript((text) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('vpclab.autosave', text);
        sessionStorage.setItem('seeded', '1');
      }
    }, JSON.stringify({ format: 'vpclab-autosave', version: 1, diagram: saved }));
    const app = await hold(context, APP_WASM);
    await check('with edits in the autosave, a share link first shows the saved diagram, as the app does', async () => {
      await page.goto(LINK, { waitUntil: 'commit' });
      await page.waitForSelector('[data-testid=first-diagram] [data-testid=node]', { timeout: 15000 });
      const firstTitle = await page.textContent('.first-view .doc-title');
      assert(firstTitle === 'My edited diagram', `the first view shows "${firstTitle}"`);
      app.release();
      await page.waitForSelector(READY, { timeout: 15000 });
      await page.waitForSelector('#first-view', { state: 'detached', timeout: 15000 });
      const appTitle = await page.textContent('[data-testid=doc-title]');
      assert(appTitle?.startsWith('My edited diagram'), `the app shows "${appTitle}"`);
    });
    await context.close();
  }
} finally {
  await browser.close();
}
finish();
