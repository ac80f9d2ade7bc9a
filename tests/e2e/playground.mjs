// End-to-end tests of the playground against a served release build (scripts/test.sh serves dist/):
// every gallery example's verdicts against the `vpclab` CLI, undo/redo, New, autosave across a reload,
// accessibility (axe-core: no serious or critical violations), a tablet-width layout, and screenshots of each
// example under tests/e2e/out/.
//
//   BASE_URL=http://127.0.0.1:8000/ node tests/e2e/playground.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE_URL, CHROMIUM, OUT, ROOT, assert, axeViolations, boot, check, finish, launch, openPage, problems,
} from './lib.mjs';

const CLI = process.env.VPCLAB_CLI ?? join(ROOT, 'target', 'release', 'vpclab');
const GALLERY = join(ROOT, 'core', 'src', 'gallery');

console.log(`e2e playground against ${BASE_URL} with ${CHROMIUM}`);
if (!existsSync(CLI)) {
  console.log('  (building the vpclab CLI for the verdict comparison)');
  const b = spawnSync('cargo', ['build', '--release', '--bin', 'vpclab', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('cargo build --release --bin vpclab failed');
}

/** What the CLI says about one flow of a topology file: {reachable, network} or {error}. */
function cliVerdict(topologyFile, spec) {
  const args = ['trace', topologyFile, '--from', spec.from, '--to', spec.to, '--format', 'json'];
  if (spec.port != null) args.push('--port', String(spec.port));
  if (spec.protocol != null) args.push('--protocol', String(spec.protocol));
  if (spec.region != null) args.push('--region', String(spec.region));
  const r = spawnSync(CLI, args, { encoding: 'utf8' });
  if (r.status !== 0) return { error: (r.stderr || r.stdout).trim() };
  const out = JSON.parse(r.stdout);
  return { reachable: out.reachable, network: out.reachable ? out.network : null };
}

/** What the page says about the selected flow. */
async function uiVerdict(page) {
  const el = await page.waitForSelector('[data-testid=flow-verdict], [data-testid=flow-error]');
  if ((await el.getAttribute('data-testid')) === 'flow-error') return { error: await el.textContent() };
  return {
    reachable: (await el.getAttribute('data-verdict')) === 'reachable',
    network: await el.getAttribute('data-network'),
  };
}

async function loadExample(page, id) {
  await page.click('[data-testid=open-gallery]');
  await page.waitForSelector('dialog[data-testid=gallery][open]');
  await page.click(`[data-example="${id}"]`);
  await page.waitForSelector('dialog[data-testid=gallery]:not([open])', { state: 'attached' });
}

async function flowCount(page) {
  return page.$$eval('[data-testid=flow]', (els) => els.length);
}

const examples = readdirSync(GALLERY)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(GALLERY, f), 'utf8')));

const browser = await launch();
const tmp = mkdtempSync(join(tmpdir(), 'vpclab-e2e-'));
try {
  const { context, page, log } = await openPage(browser);

  await check('starts on the first example when nothing is saved', async () => {
    await boot(page);
    const title = await page.textContent('[data-testid=doc-title]');
    assert(title.includes(examples[0].diagram.topology.name), `title is ${JSON.stringify(title)}`);
    await page.click('[role=tab][data-tab=path]');
    assert((await flowCount(page)) === examples[0].diagram.flows.length, 'flow count');
  });

  for (const ex of examples) {
    await check(`example ${ex.id}: every flow's verdict and network match the CLI`, async () => {
      const file = join(tmp, `${ex.id}.json`);
      writeFileSync(file, JSON.stringify(ex.diagram.topology));
      await loadExample(page, ex.id);
      await page.click('[role=tab][data-tab=path]');
      const n = await flowCount(page);
      assert(n === ex.diagram.flows.length, `${n} flows in the page, ${ex.diagram.flows.length} in the example`);
      const diffs = [];
      for (let i = 0; i < n; i++) {
        await page.click(`[data-testid=flow-list] li:nth-child(${i + 1}) [data-testid=flow]`);
        await page.waitForSelector(`[data-testid=flow-list] li:nth-child(${i + 1}) [aria-current=true]`);
        const ui = await uiVerdict(page);
        const cli = cliVerdict(file, ex.diagram.flows[i]);
        const same = cli.error ? !!ui.error : !ui.error && ui.reachable === cli.reachable && ui.network === cli.network;
        if (!same) diffs.push(`flow ${i}: page ${JSON.stringify(ui)} vs CLI ${JSON.stringify(cli)}`);
        const hops = await page.$$eval('[data-testid=hop]', (els) => els.map((e) => e.dataset.id));
        if (!cli.error && hops.length === 0) diffs.push(`flow ${i}: no hop rows`);
      }
      assert(diffs.length === 0, diffs.join('; '));
      // Screenshot with the first flow's path.
      await page.click('[data-testid=flow-list] li:nth-child(1) [data-testid=flow]');
      await page.screenshot({ path: join(OUT, `example-${ex.id}.png`) });
    });
  }

  await check('draw a topology from an empty canvas only by clicking and typing, and trace it', async () => {
    const id = async () => (await page.textContent('[data-testid=props-id]')).trim();
    await page.click('[data-testid=new]');
    if (await page.$('[data-testid=confirm-new-ok]')) await page.click('[data-testid=confirm-new-ok]');
    assert((await page.$$('[data-testid=node], [data-testid=vpc]')).length === 0, 'the canvas is empty');
    await page.click('[data-testid=palette-vpc]');
    const vpc = await id();
    assert(vpc.startsWith('vpc-'), `created ${vpc}`);
    await page.click('[data-testid=palette-subnet]'); // into the selected VPC
    const subnet = await id();
    assert(subnet.startsWith('subnet-'), `created ${subnet}`);
    await page.click(`[data-key="${vpc}"]`, { position: { x: 30, y: 12 } }); // select the VPC on the canvas
    assert((await id()) === vpc, 'clicking the VPC selects it');
    await page.click('[data-testid=palette-internet-gateway]');
    const igw = await id();
    assert(igw.startsWith('igw-'), `created ${igw}`);
    // A route table of the subnet's own, with a default route typed in.
    await page.click(`[data-key="${subnet}"]`, { position: { x: 30, y: 12 } });
    await page.click('[data-testid=palette-route-table]');
    assert((await id()).startsWith('rtb-'), 'route table selected');
    await page.click('[data-testid=add-route]');
    const row = page.locator('[data-testid=route]').last();
    await row.locator('[data-testid=route-destination]').fill('0.0.0.0/0');
    await row.locator('[data-testid=route-destination]').press('Tab');
    await row.locator('[data-testid=route-target]').fill(igw);
    await row.locator('[data-testid=route-target]').press('Enter');
    await page.waitForFunction(
      (igw) => [...document.querySelectorAll('[data-testid=route-target]')].some((i) => i.value === igw), igw);
    await page.click(`[data-key="${subnet}"]`, { position: { x: 30, y: 12 } });
    await page.click('[data-testid=palette-ec2-instance]');
    const instance = await id();
    assert(instance.startsWith('i-'), `created ${instance}`);
    // A flow to the internet.
    await page.click('[role=tab][data-tab=path]');
    await page.click('[data-testid=add-flow]');
    await page.fill('[data-testid=flow-from]', instance);
    await page.press('[data-testid=flow-from]', 'Tab');
    await page.fill('[data-testid=flow-to]', '203.0.113.10');
    await page.press('[data-testid=flow-to]', 'Tab');
    const v = await page.waitForSelector('[data-testid=flow-verdict]');
    assert((await v.getAttribute('data-verdict')) === 'reachable', `verdict ${await v.getAttribute('data-verdict')}`);
    assert((await v.getAttribute('data-network')) === 'public', `network ${await v.getAttribute('data-network')}`);
    const hops = await page.$$eval('[data-testid=hop]', (els) => els.map((e) => e.dataset.id));
    assert(hops.includes(instance) && hops.includes(igw), `hops ${hops}`);
    const segs = await page.$$eval('[data-testid=path-segment]', (els) => els.map((e) => e.dataset.network));
    assert(segs.includes('public'), `path segments ${segs}`);
    await page.screenshot({ path: join(OUT, 'drawn-from-empty.png') });
  });

  await check('drag moves a node (pointer capture, snapped inside its subnet); Undo puts it back', async () => {
    await loadExample(page, 's3-through-nat');
    const node = page.locator('[data-key=i-app]');
    const before = await node.getAttribute('transform');
    const box = await node.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width / 2 + i * 10, box.y + box.height / 2 + 2);
    await page.mouse.up();
    const after = await node.getAttribute('transform');
    assert(after !== before, `transform unchanged: ${after}`);
    const subnet = await page.locator('[data-key=subnet-private-a] > rect').boundingBox();
    const moved = await node.boundingBox();
    assert(moved.x >= subnet.x - 1 && moved.x + moved.width <= subnet.x + subnet.width + 1, 'stays in its subnet');
    await page.locator('body').focus();
    await page.keyboard.press('Control+z');
    assert((await node.getAttribute('transform')) === before, 'undo restores the position');
  });

  await check('keyboard: a focused node moves with the arrow keys; Delete removes the selection; Undo restores', async () => {
    const node = page.locator('[data-key=i-app]');
    const before = await node.getAttribute('transform');
    await node.focus();
    await page.keyboard.press('Enter');
    assert((await node.getAttribute('aria-pressed')) === 'true', 'Enter selects');
    await page.keyboard.press('ArrowRight');
    assert((await node.getAttribute('transform')) !== before, 'ArrowRight moves');
    await page.keyboard.press('Delete');
    await page.waitForSelector('[data-key=i-app]', { state: 'detached' });
    await page.keyboard.press('Control+z');
    await page.waitForSelector('[data-key=i-app]');
  });

  await check('zoom buttons, the wheel and fit-to-screen change the view', async () => {
    const vb = () => page.getAttribute('[data-testid=diagram]', 'viewBox').then((v) => v.split(' ').map(Number));
    const start = await vb();
    await page.click('[data-testid=zoom-in]');
    assert((await vb())[2] < start[2], 'zoom in narrows the view box');
    await page.click('[data-testid=zoom-out]');
    await page.click('[data-testid=zoom-out]');
    assert((await vb())[2] > start[2], 'zoom out widens it');
    const box = await page.locator('[data-testid=diagram]').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const w = (await vb())[2];
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((w) => +document.querySelector('[data-testid=diagram]').getAttribute('viewBox').split(' ')[2] < w, w);
    await page.click('[data-testid=fit]');
    const fitted = await vb();
    assert(Math.abs(fitted[2] - start[2]) < 1, `fit returns to the fitted view (${fitted} vs ${start})`);
  });

  await check('connect mode: subnet → route table associates them, with the core\'s hint', async () => {
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=mode-banner]');
    await page.click('[data-key=subnet-public-a]', { position: { x: 30, y: 12 } });
    await page.hover('[data-key=rtb-private]');
    const hint = await page.textContent('[data-testid=mode-banner]');
    assert(/rtb-private/.test(hint), `hint: ${hint}`);
    await page.click('[data-key=rtb-private]');
    await page.waitForSelector('[data-testid=edge][data-from=subnet-public-a][data-to=rtb-private]', { state: 'attached' });
    assert(!(await page.$('[data-testid=mode-banner]')), 'back to select mode');
    await page.keyboard.press('Control+z');
  });

  await check('pick a flow end on the diagram; Shift+click selects several; Space+drag pans', async () => {
    await loadExample(page, 's3-through-nat');
    await page.click('[role=tab][data-tab=path]');
    await page.click('[data-testid=pick-to]');
    await page.waitForSelector('[data-testid=mode-banner]');
    await page.click('[data-key="aws-service:s3.us-east-1"]');
    await page.waitForFunction(() => document.querySelector('[data-testid=flow-to]').value === 's3.us-east-1.amazonaws.com');
    await page.keyboard.press('Control+z');
    // Shift+click adds to the selection.
    await page.click('[data-key=i-app]');
    await page.click('[data-key=nat-app]', { modifiers: ['Shift'] });
    await page.click('[role=tab][data-tab=properties]');
    const title = await page.textContent('[data-testid=properties] .panel-title');
    assert(/2 selected/.test(title), `properties title: ${title}`);
    await page.keyboard.press('Escape');
    assert((await page.$$('.node[aria-pressed=true]')).length === 0, 'Escape clears the selection');
    // Space+drag pans even when it starts over an object.
    const vb = () => page.getAttribute('[data-testid=diagram]', 'viewBox');
    const before = await vb();
    const box = await page.locator('[data-key=i-app]').boundingBox();
    await page.keyboard.down(' ');
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + 80, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up(' ');
    assert((await vb()) !== before, 'the view moved');
    assert((await page.$$('.node[aria-pressed=true]')).length === 0, 'nothing got selected');
  });

  await check('the theme switch cycles system → light → dark and is remembered', async () => {
    const theme = () => page.evaluate(() => document.documentElement.getAttribute('data-theme'));
    const start = await theme();
    await page.click('[data-testid=theme]');
    const first = await theme();
    await page.click('[data-testid=theme]');
    const second = await theme();
    assert(JSON.stringify([start, first, second]) === JSON.stringify([null, 'light', 'dark']), `${start} ${first} ${second}`);
    await page.screenshot({ path: join(OUT, 'dark-theme.png') });
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.app:not(.first-view) header h1', { timeout: 15000 });
    assert((await theme()) === 'dark', 'remembered across a reload');
    await page.click('[data-testid=theme]');
    assert((await theme()) === null, 'back to the system theme');
  });

  await check('undo and redo (buttons and Ctrl+Z / Ctrl+Shift+Z)', async () => {
    await loadExample(page, examples[0].id);
    await page.click('[role=tab][data-tab=path]');
    const n = await flowCount(page);
    await page.click('[data-testid=delete-flow]');
    assert((await flowCount(page)) === n - 1, 'delete flow');
    await page.click('[data-testid=undo]');
    assert((await flowCount(page)) === n, 'undo button');
    await page.click('[data-testid=redo]');
    assert((await flowCount(page)) === n - 1, 'redo button');
    await page.locator('body').focus();
    await page.keyboard.press('Control+z');
    assert((await flowCount(page)) === n, 'Ctrl+Z');
    await page.keyboard.press('Control+Shift+Z');
    assert((await flowCount(page)) === n - 1, 'Ctrl+Shift+Z');
    await page.keyboard.press('Control+z');
  });

  await check('editing a flow by typing re-traces it (port 8080 → 443)', async () => {
    await loadExample(page, 'saas-endpoint-service');
    await page.click('[role=tab][data-tab=path]');
    await page.click('[data-testid=flow-list] li:nth-child(2) [data-testid=flow]');
    assert((await uiVerdict(page)).reachable === false, 'blocked on 8080');
    await page.fill('[data-testid=flow-port]', '443');
    await page.press('[data-testid=flow-port]', 'Enter');
    await page.waitForSelector('[data-testid=flow-verdict][data-verdict=reachable]');
    await page.fill('[data-testid=flow-gb]', '250');
    await page.press('[data-testid=flow-gb]', 'Tab');
    await page.click('[role=tab][data-tab=cost]');
    const total = await page.textContent('[data-testid=cost-total]');
    assert(/^\$[\d,]+\.\d\d$/.test(total.trim()), `total ${total}`);
  });

  await check('names typed by users render as text, never as markup', async () => {
    await loadExample(page, 's3-through-nat');
    await page.click('[role=tab][data-tab=path]');
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await page.fill('[data-testid=flow-label]', evil);
    await page.press('[data-testid=flow-label]', 'Enter');
    await page.waitForFunction((evil) => document.querySelector('.flow-row.is-selected .flow-title')?.textContent === evil, evil);
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('.flow-list img, .cost-panel img').length,
      b: document.querySelectorAll('.flow-title b').length,
      pwned: window.__pwned === 1,
    }));
    assert(!injected.img && !injected.b && !injected.pwned, JSON.stringify(injected));
    await page.click('[data-testid=undo]');
  });

  await check('autosave: the diagram survives a reload', async () => {
    await loadExample(page, 'cross-region-pitfall');
    await page.click('[role=tab][data-tab=path]');
    await page.fill('[data-testid=flow-label]', 'saved across reloads');
    await page.press('[data-testid=flow-label]', 'Enter');
    await page.waitForTimeout(700); // the autosave is debounced (400 ms)
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.app:not(.first-view) header h1', { timeout: 15000 });
    const title = await page.textContent('[data-testid=doc-title]');
    assert(title.includes('pitfall') || title.includes('Region'), `title after reload: ${title}`);
    await page.click('[role=tab][data-tab=path]');
    const label = await page.inputValue('[data-testid=flow-label]');
    assert(label === 'saved across reloads', `label after reload: ${JSON.stringify(label)}`);
  });

  await check('New asks before replacing edits, starts empty, and Undo brings the diagram back', async () => {
    await page.click('[data-testid=new]');
    await page.waitForSelector('[data-testid=confirm-new]');
    assert(await page.evaluate(() => document.activeElement?.dataset.testid === 'confirm-new-ok'), 'focus on confirm');
    await page.click('[data-testid=confirm-new-ok]');
    await page.click('[role=tab][data-tab=path]');
    assert((await flowCount(page)) === 0, 'no flows in a new diagram');
    const title = await page.textContent('[data-testid=doc-title]');
    assert(/untitled/i.test(title), `title ${title}`);
    await page.click('[data-testid=undo]');
    assert((await flowCount(page)) > 0, 'undo restores');
  });

  await check('axe-core: no serious or critical violations (light and dark, each tab, the gallery)', async () => {
    const found = [];
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const tab of ['properties', 'path', 'cost']) {
        await page.click(`[role=tab][data-tab=${tab}]`);
        found.push(...(await axeViolations(page)).map((v) => `${scheme}/${tab}: ${v}`));
      }
      await page.click('[data-testid=open-gallery]');
      await page.waitForSelector('dialog[data-testid=gallery][open]');
      found.push(...(await axeViolations(page)).map((v) => `${scheme}/gallery: ${v}`));
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog[data-testid=gallery]:not([open])', { state: 'attached' });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    assert(found.length === 0, found.join('\n        '));
  });

  await check('keyboard: the gallery opens, traps focus and closes with Escape', async () => {
    await page.focus('[data-testid=open-gallery]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[data-testid=gallery][open]');
    const inside = await page.evaluate(() => !!document.activeElement?.closest('dialog'));
    assert(inside, 'focus moved into the dialog');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[data-testid=gallery]:not([open])', { state: 'attached' });
  });

  await check('no console errors, page errors or off-origin requests', async () => {
    const p = problems(log);
    assert(p.length === 0, p.join(' | '));
  });
  await context.close();

  // ---- tablet width: panels stack under the diagram ----
  {
    const { context: ctx, page: p } = await openPage(browser, { viewport: { width: 800, height: 1000 } });
    await check('tablet width (800 px): the side panel stacks below the diagram', async () => {
      await boot(p);
      const canvas = await p.locator('.canvas').boundingBox();
      const side = await p.locator('.side-panel').boundingBox();
      assert(side.y >= canvas.y + canvas.height - 1, `side panel at y=${side.y}, canvas ends at ${canvas.y + canvas.height}`);
      assert(side.width > 700, `side panel is ${side.width}px wide`);
      await p.click('[role=tab][data-tab=path]');
      await p.screenshot({ path: join(OUT, 'tablet.png'), fullPage: true });
    });
    await ctx.close();
  }
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
finish();
