// End-to-end test of the embedding API page (dist/embed/index.html, loader dist/embed/vpclab.js): Debian's
// Chromium through playwright-core against a served release build, like smoke.mjs.
//
//   BASE_URL=http://127.0.0.1:8000/vpclab/ node tests/e2e/embed.mjs
//
// BASE_URL is the app's folder (scripts/test.sh serves dist/ under /vpclab/); the page is BASE_URL + "embed/".
// Prints "N passed, M failed" and exits 1 when anything failed. A screenshot goes to tests/e2e/out/embed.png.
import { join } from 'node:path';
import { BASE_URL, OUT, assert, axeViolations, check, finish, launch, openPage, problems } from './lib.mjs';

const PAGE_URL = new URL('embed/', BASE_URL).href;
console.log(`e2e embed against ${PAGE_URL}`);

const browser = await launch();
try {
  const { context, page, log } = await openPage(browser, { viewport: { width: 1100, height: 900 } });
  const requests = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('response', (res) => {
    if (res.status() >= 400) log.failed.push(`${res.url()} (HTTP ${res.status()})`);
  });

  /** The JSON answer a demo section shows. */
  const answer = async (id) => JSON.parse(await page.textContent(`#${id}`));

  let ready = false;
  await check('the page loads under a sub-path and its demo runs', async () => {
    const response = await page.goto(PAGE_URL, { waitUntil: 'load' });
    assert(response?.ok(), `HTTP ${response?.status()} for ${PAGE_URL}`);
    assert(new URL(PAGE_URL).pathname !== '/embed/', 'BASE_URL should be a sub-path (e.g. /vpclab/)');
    await page.waitForSelector('#demo-status:not([data-state=loading])', { timeout: 15000 });
    const state = await page.getAttribute('#demo-status', 'data-state');
    assert(state === 'ready', `demo state ${state}: ${await page.textContent('#demo-status')}`);
    ready = true;
  });

  await check('it loaded the hashed engine named by the app page, and rendered no app', async () => {
    assert(ready, 'demo not ready');
    const paths = requests.map((u) => new URL(u).pathname);
    assert(paths.some((p) => /\/vpclab-web-[0-9a-f]+_bg\.wasm$/.test(p)), `no wasm request: ${paths.join(', ')}`);
    assert(paths.some((p) => p.endsWith('/index.html')), 'the app page was not read for the file names');
    assert((await page.$('.app')) === null, 'the Yew app mounted on the API page');
    assert((await page.$('svg.diagram')) === null, 'a diagram was rendered on the API page');
  });

  await check('trace demo: the gateway-endpoint flow is reachable over the private network at no cost', async () => {
    const a = await answer('demo-trace');
    assert(a.type === 'success', JSON.stringify(a));
    assert(a.reachable === true, `reachable ${a.reachable}`);
    assert(a.network === 'private', `network ${a.network}`);
    assert(a.hops.some((h) => h.kind === 'vpc-endpoint'), `no vpc-endpoint hop: ${JSON.stringify(a.hops)}`);
    assert(a.cost?.usd_per_month === 0, `cost ${JSON.stringify(a.cost)}`);
    const verdict = await page.textContent('#demo-trace-verdict');
    assert(verdict.includes('reachable: true, network: private'), `verdict: ${verdict}`);
  });

  await check('examples, check, link, import and bad-input demos show their answers', async () => {
    const examples = await answer('demo-examples');
    assert(examples.length >= 6 && examples[1].startsWith('s3-gateway-endpoint'), JSON.stringify(examples));
    const checked = await answer('demo-check');
    assert(checked.type === 'success' && checked.valid === true, JSON.stringify(checked));
    assert(checked.advisories.some((a) => a.code === 'VPCLAB_GE_LIMIT_NOT_EXTENDABLE'), JSON.stringify(checked));
    const link = await answer('demo-link');
    assert(link.type === 'success' && link.fragment.startsWith('v1.'), JSON.stringify(link));
    assert(link.link === `${new URL('index.html', BASE_URL).href}#${link.fragment}`, `link ${link.link}`);
    const decoded = JSON.parse((await page.textContent('#demo-decode')).replace(/^\/\/.*\n/, ''));
    assert(decoded.type === 'success' && decoded.same_as_example === true, JSON.stringify(decoded));
    const badLink = await answer('demo-bad-link');
    assert(badLink.type === 'failure' && badLink.errors[0].code === 'SHARE_INVALID', JSON.stringify(badLink));
    assert(/unknown share-link version `v9`/.test(badLink.errors[0].message), badLink.errors[0].message);
    const imported = await answer('demo-import');
    assert(imported.type === 'success', JSON.stringify(imported));
    assert(imported.topology.vpcs[0].id === 'vpc-0a1b', JSON.stringify(imported.topology));
    assert(imported.topology.subnets[0].cidr_block === '10.0.1.0/24', JSON.stringify(imported.topology));
    const bad = await answer('demo-bad');
    assert(bad.type === 'failure' && bad.errors[0].field === 'topology', JSON.stringify(bad));
  });

  await check('window.vpclab answers bad input with a failure, never an exception', async () => {
    const got = await page.evaluate(() => {
      const v = window.vpclab;
      const calls = {
        badTopology: () => v.trace({ vpcs: 3 }, { from: 'i-a', to: 'i-b' }),
        nothing: () => v.trace(),
        badFlow: () => v.trace({ vpcs: [] }, { from: 'i-a', to: 'i-b', gbPerMonth: 1 }),
        unknownSource: () => v.trace(v.examples().examples[1].diagram, { from: 'i-nope', to: '10.0.0.1' }),
        bigint: () => v.check({ vpcs: [{ id: 1n }] }),
        cycle: () => { const o = {}; o.self = o; return v.check(o); },
        notALink: () => v.decodeLink(42),
        notJson: () => v.importAws([{ name: 'a.json', text: '{' }]),
      };
      const out = {};
      for (const [name, call] of Object.entries(calls)) {
        try {
          out[name] = call();
        } catch (err) {
          out[name] = { threw: String(err) };
        }
      }
      out.version = v.version();
      out.frozen = Object.isFrozen(v);
      return out;
    });
    const expect = {
      badTopology: ['API_BAD_ARGUMENT', 'topology', /invalid type: integer `3`, expected a sequence/],
      nothing: ['API_BAD_ARGUMENT', 'topology', /got nothing/],
      badFlow: ['API_BAD_ARGUMENT', 'flow.gbPerMonth', /unknown member `gbPerMonth`/],
      unknownSource: ['FLOW_INVALID', 'flow.from', /i-nope/],
      bigint: ['API_BAD_ARGUMENT', 'topology', /cannot be read as JSON data: .*BigInt/],
      cycle: ['API_BAD_ARGUMENT', 'topology', /cannot be read as JSON data: .*circular/i],
      notALink: ['API_BAD_ARGUMENT', 'text', /got a number/],
      notJson: ['IMPORT_NOT_JSON', 'files[0].text', /`a\.json` is not valid JSON/],
    };
    for (const [name, [code, field, message]] of Object.entries(expect)) {
      const a = got[name];
      assert(a?.type === 'failure', `${name}: ${JSON.stringify(a)}`);
      const [e] = a.errors;
      assert(e.code === code && e.field === field && message.test(e.message), `${name}: ${JSON.stringify(e)}`);
    }
    assert(/^\d+\.\d+\.\d+/.test(got.version), `version ${got.version}`);
    assert(got.frozen, 'window.vpclab is not frozen');
  });

  await check('screenshot saved', async () => {
    await page.screenshot({ path: join(OUT, 'embed.png'), fullPage: true });
  });

  await check('no serious or critical accessibility violations (axe-core), light and dark', async () => {
    const found = [];
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      found.push(...(await axeViolations(page)).map((v) => `${colorScheme}: ${v}`));
    }
    await page.emulateMedia({ colorScheme: 'light' });
    assert(found.length === 0, found.join(' | '));
  });

  await check('no console errors, page errors, failed requests or off-origin requests', async () => {
    const found = problems(log);
    assert(found.length === 0, found.join(' | '));
  });
  await context.close();

  // The loader's failure is a rejected promise with a message, shown by the page; no uncaught error.
  {
    const { context: ctx, page: p, log: failedLog } = await openPage(browser);
    await check('when the engine cannot load, the page says so', async () => {
      await p.route('**/*.wasm', (route) => route.abort());
      await p.goto(PAGE_URL, { waitUntil: 'load' });
      await p.waitForSelector('#demo-status[data-state=failed]', { timeout: 15000 });
      const text = await p.textContent('#demo-status');
      assert(/could not start/.test(text ?? ''), `status: ${text}`);
      assert(failedLog.page.length === 0, failedLog.page.join(' | '));
    });
    await ctx.close();
  }
} finally {
  await browser.close();
}

finish();
