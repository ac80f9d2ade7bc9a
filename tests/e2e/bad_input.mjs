// Bad input in the browser, end to end (issue 16): the Import dialog (Choose files and the paste box), a share link
// (#v1.…) and the lesson link (#lesson=…) fed with a 50 MB JSON, 10,000-deep nesting, UTF-16 (with and without a
// byte-order mark), invalid UTF-8, a binary file, a valid topology of 100,000 rules, and links over every cap of the
// codec (encoded length, inflated size, resources, flows, layout positions; goals and hints for lessons).
//
// Every refusal must be a clear message naming the file (or the link) and what is wrong where, with the diagram on
// the canvas and the autosave (localStorage) as they were. Legitimate input (UTF-16 text, 100,000 rules) must import.
// Nothing may freeze the page: a PerformanceObserver of type `longtask`, installed before each input, must see no task
// over 1,000 ms. Inputs are generated here (nothing big is committed); files go to a temporary folder.
//
// Imports run in the jobs worker (web/src/jobs.rs); what is left on the page's thread is reading the files, checking
// their size and encoding, and loading the answer. The longest task of each legitimate import is printed (the 100,000-
// rule topology's is the largest: about 8 MB of JSON crosses to the page and is drawn).
//
//   BASE_URL=http://127.0.0.1:PORT/vpclab/ node tests/e2e/bad_input.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { BASE_URL, CHROMIUM, assert, boot, check, finish, launch, openPage, problems } from './lib.mjs';

console.log(`e2e bad input against ${BASE_URL} with ${CHROMIUM}`);

const MB = 1024 * 1024;
const FREEZE_MS = 1000;

// ---------------------------------------------------------------------------------------------------------------
// Inputs.

/** A small valid topology (the UTF-16 cases import it). */
const SMALL = JSON.stringify({
  name: 'utf16 import',
  vpcs: [{ id: 'vpc-utf16', region: 'us-east-1', cidr_blocks: ['10.9.0.0/16'] }],
  subnets: [{ id: 'subnet-utf16', vpc_id: 'vpc-utf16', az: 'us-east-1a', cidr_block: '10.9.1.0/24' }],
});

/** A valid topology: one VPC, one subnet, one instance, one security group of `n` ingress rules (about 8 MB). */
function rules(n) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    parts.push(`{"protocol":"tcp","from_port":${i % 65536},"to_port":${i % 65536},"cidrs":["10.${(i >> 8) & 255}.${i & 255}.0/24"]}`);
  }
  return `{"name":"100,000 rules","vpcs":[{"id":"vpc-big","region":"us-east-1","cidr_blocks":["10.0.0.0/16"]}],`
    + `"subnets":[{"id":"subnet-big","vpc_id":"vpc-big","az":"us-east-1a","cidr_block":"10.0.1.0/24"}],`
    + `"instances":[{"id":"i-big","subnet_id":"subnet-big","private_ip":"10.0.1.10","security_group_ids":["sg-big"]}],`
    + `"security_groups":[{"id":"sg-big","vpc_id":"vpc-big","ingress":[${parts.join(',')}],"egress":[]}]}`;
}

/** About `bytes` bytes of valid JSON (a topology with a long list of unknown items). */
function big(bytes) {
  const item = '"0123456789abcdef0123456789abcdef0123456789abcdef012345",';
  return `{"name":"big","vpcs":[],"x":[${item.repeat(Math.ceil(bytes / item.length))}0]}`;
}

const deep = (n) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n) => `{"vpcs":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`;

function utf16(text, { bom, bigEndian }) {
  const le = Buffer.from(text, 'utf16le');
  if (bigEndian) le.swap16();
  const mark = bigEndian ? [0xfe, 0xff] : [0xff, 0xfe];
  return bom ? Buffer.concat([Buffer.from(mark), le]) : le;
}

/** `{"name": "caf\xe9"…}`: Latin-1 where UTF-8 was expected; the bad byte is at offset 25. */
const INVALID_UTF8 = Buffer.concat([Buffer.from('{"vpcs": [], "name": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
const INVALID_UTF8_OFFSET = 25;

/** A PNG header and deterministic noise. */
function binary(n) {
  const out = Buffer.alloc(n);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).copy(out);
  let x = 12345;
  for (let i = 12; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** `v1.` + base64url(raw deflate(bytes)): a link payload, as the codec writes it. */
const pack = (bytes) => `v1.${deflateRawSync(Buffer.from(bytes), { level: 9 }).toString('base64url')}`;
const times = (n, s) => Array(n).fill(s).join(',');

/** A v1 lesson DTO around a share DTO `d` (or with its own `g` goals and `h` hints). */
const lessonDoc = (d = '{}', extra = '') => `{"i":"bad-input","ti":"Bad input","g":[{"flow":0,"reachable":true}]${extra},"d":${d}}`;

// ---------------------------------------------------------------------------------------------------------------
// The page: state before and after, and the long-task observer.

/** What must not change when an input is refused: the diagram's objects and the autosaved text. */
async function snapshot(page) {
  return page.evaluate(() => ({
    ids: [...document.querySelectorAll('svg [data-id]')].map((e) => e.dataset.id).sort().join(' '),
    autosave: localStorage.getItem('vpclab.autosave'),
  }));
}

async function installObserver(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    window.__longTaskObserver?.disconnect();
    window.__longTaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    });
    window.__longTaskObserver.observe({ type: 'longtask' });
  });
}

/** The longest task since the observer was installed, once the page has painted twice more. */
async function longestTask(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))));
  return page.evaluate(() => Math.max(0, ...window.__longTasks));
}

/** Asserts the freeze bound; says what it was for the imports that succeed. */
function freezeBound(name, ms, say = false) {
  if (say) console.log(`        ${name}: longest task ${ms} ms`);
  assert(ms <= FREEZE_MS, `the page froze: a task of ${ms} ms (at most ${FREEZE_MS})`);
}

async function openImport(page) {
  if (!(await page.$('dialog[data-testid=import][open]'))) {
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('dialog[data-testid=import][open]');
  }
  await page.waitForSelector('[data-testid=import-report]', { state: 'detached' });
}

async function closeImport(page) {
  await page.click('dialog[data-testid=import] .dialog-close');
  await page.waitForSelector('dialog[data-testid=import]:not([open])', { state: 'attached' });
}

/** Feeds the dialog (`feed`), waits for its report; returns the report's state and text and the longest task. */
async function importing(page, feed, timeout = 60000) {
  await openImport(page);
  await installObserver(page);
  await feed();
  const report = await page.waitForSelector('[data-testid=import-report]', { timeout });
  const ok = (await report.getAttribute('data-ok')) === 'true';
  const text = (await report.textContent()).replace(/\s+/g, ' ');
  const ms = await longestTask(page);
  await closeImport(page);
  return { ok, text, ms };
}

const choose = (page, file) => () => page.setInputFiles('[data-testid=import-files]', file);

/** Puts `make()`'s text (built in the page, outside the measured window) into the paste box and imports it. */
async function paste(page, make, arg) {
  await openImport(page);
  await page.evaluate(([source, a]) => {
    window.__paste = new Function('a', `return (${source})(a)`)(a);
  }, [make.toString(), arg]);
  return importing(page, () => page.evaluate(async () => {
    const area = document.querySelector('[data-testid=import-text]');
    area.value = window.__paste;
    window.__paste = null;
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 50));
    const button = document.querySelector('[data-testid=import-paste]');
    if (!button.disabled) button.click();
  }));
}

/** Opens `#fragment`; returns the banner's state and text and the longest task. */
async function following(page, fragment) {
  await installObserver(page);
  await page.evaluate((f) => { location.hash = f; }, fragment);
  const banner = await page.waitForSelector('[data-testid=link-banner]', { timeout: 20000 });
  const error = (await banner.getAttribute('data-error')) === 'true';
  const text = (await banner.textContent()).replace(/\s+/g, ' ');
  const ms = await longestTask(page);
  await page.click('[data-testid=link-banner-dismiss]');
  await page.waitForSelector('[data-testid=link-banner]', { state: 'detached' });
  await page.evaluate(() => history.replaceState(null, '', location.pathname + location.search));
  return { error, text, ms };
}

/** A refused input: the message matches, and the diagram and the autosave are as they were. */
async function refused(page, name, run, expected) {
  await check(name, async () => {
    const before = await snapshot(page);
    const r = await run();
    const message = r.text;
    assert(r.ok === false || r.error === true, `not refused: ${message.slice(0, 300)}`);
    // Backticks in a message are shown as code (no backticks in the text).
    for (const e of expected.map((x) => x.replaceAll('`', ''))) {
      assert(message.includes(e), `message lacks ${e}: ${message.slice(0, 400)}`);
    }
    assert(/left as it was/.test(message), `the message does not say the diagram was kept: ${message.slice(0, 300)}`);
    await page.waitForTimeout(600); // past the autosave's 400 ms debounce
    const after = await snapshot(page);
    assert(after.ids === before.ids, 'the diagram changed');
    assert(after.autosave === before.autosave, 'the autosave changed');
    freezeBound(name, r.ms);
  });
}

/** A legitimate input: it imports, the canvas shows `id`. */
async function imported(page, name, run, id) {
  await check(name, async () => {
    const r = await run();
    assert(r.ok, `refused: ${r.text.slice(0, 400)}`);
    await page.waitForSelector(`svg [data-id="${id}"]`, { timeout: 30000 });
    freezeBound(name, r.ms, true);
  });
}

// ---------------------------------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'vpclab-bad-input-'));
const file = (name, data) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};
const browser = await launch();
try {
  const { page, log } = await openPage(browser);
  page.setDefaultTimeout(20000);
  await boot(page);
  // Some work of the user's own, autosaved: an example that is not the start-up one.
  await page.click('[data-testid=open-import]');
  await page.waitForSelector('dialog[data-testid=import][open]');
  await page.fill('[data-testid=import-text]', JSON.stringify({ name: 'my work', vpcs: [{ id: 'vpc-mine', cidr_blocks: ['10.1.0.0/16'] }] }));
  await page.click('[data-testid=import-paste]');
  await page.waitForSelector('[data-testid=import-report][data-ok=true]');
  await closeImport(page);
  await page.waitForSelector('svg [data-id="vpc-mine"]');
  await page.waitForFunction(() => localStorage.getItem('vpclab.autosave')?.includes('vpc-mine'));

  // --- Choose files.
  const big50 = file('big.json', big(50 * MB));
  await refused(page, 'file: a 50 MB JSON', () => importing(page, choose(page, big50)),
    ['`big.json` is 50.0 MB', 'at most 20.0 MB']);
  const twelve = [file('a.json', big(12 * MB)), file('b.json', big(12 * MB))];
  await refused(page, 'files: two of 12 MB, over the limit together', () => importing(page, choose(page, twelve)),
    ['The 2 files are 24.0 MB (', 'together: VPC Lab imports at most 20.0 MB']);
  const deepFile = file('deep.json', deep(10000));
  await refused(page, 'file: 10,000-deep nesting', () => importing(page, choose(page, deepFile)),
    ['`deep.json` is not valid JSON: nested more than 128 levels deep', 'line 1 column 128']);
  const deepObjFile = file('deep-object.json', deepObject(10000));
  await refused(page, 'file: 10,000-deep objects in a topology member', () => importing(page, choose(page, deepObjFile)),
    ['`deep-object.json` is not valid JSON: nested more than 128 levels deep']);
  const badUtf8 = file('latin1.json', INVALID_UTF8);
  await refused(page, 'file: invalid UTF-8', () => importing(page, choose(page, badUtf8)),
    [`\`latin1.json\` cannot be imported: it is not UTF-8 text: byte 0xE9 at offset ${INVALID_UTF8_OFFSET} is not valid UTF-8`]);
  const brokenUtf16 = file('broken-utf16.json', Buffer.concat([utf16('{"vpcs": []', { bom: true, bigEndian: false }), Buffer.from([0x00, 0xd8, 0x7d, 0x00])]));
  await refused(page, 'file: UTF-16 with half a surrogate pair', () => importing(page, choose(page, brokenUtf16)),
    ['`broken-utf16.json` cannot be imported: it is UTF-16 text with a broken character: 0xD800 at offset 24']);
  const png = file('diagram.png', binary(64 * 1024));
  await refused(page, 'file: binary data', () => importing(page, choose(page, png)),
    ['`diagram.png` cannot be imported: it is not text (binary data?): it holds a NUL byte at offset 8']);

  // --- The paste box (a text area holds characters, not bytes: no invalid UTF-8 there).
  await refused(page, 'paste: a 50 MB JSON', () => paste(page, (n) => {
    const item = '"0123456789abcdef0123456789abcdef0123456789abcdef012345",';
    return `{"name":"big","vpcs":[],"x":[${item.repeat(Math.ceil(n / item.length))}0]}`;
  }, 50 * MB), ['`pasted text` is 50.0 MB', 'at most 20.0 MB']);
  await refused(page, 'paste: 10,000-deep nesting', () => paste(page, (n) => '['.repeat(n) + ']'.repeat(n), 10000),
    ['`pasted text` is not valid JSON: nested more than 128 levels deep', 'line 1 column 128']);
  await refused(page, 'paste: UTF-16 read byte by byte', () => paste(page, (t) => [...t].map((c) => `${c}\u0000`).join(''), SMALL),
    ['`pasted text` cannot be imported: it looks like UTF-16 text (little-endian, without a byte-order mark']);
  await refused(page, 'paste: binary data', () => paste(page, (n) => '\u0089PNG\u0000\u0000\u0000IHDR' + 'x'.repeat(n), 100),
    ['`pasted text` cannot be imported: it is not text (binary data?): it holds a NUL byte at offset 5']);

  // --- Share links (#v1.…): the same inputs packed into the link, then every cap.
  const fifty = big(50 * MB);
  const fiftyLink = pack(fifty);
  await refused(page, 'share link: a 50 MB JSON', () => following(page, fiftyLink),
    [fiftyLink.length > 65536 ? `The share link is ${fiftyLink.length} characters long; at most 65536` : 'decompresses to more than 1048576 bytes']);
  await refused(page, 'share link: 10,000-deep nesting', () => following(page, pack(`{"t":{"res":[{"po":${deep(10000)}}]}}`)),
    ["The share link's data is not a valid v1 diagram: nested more than 128 levels deep"]);
  await refused(page, 'share link: UTF-16 with a byte-order mark', () => following(page, pack(utf16('{"t":{}}', { bom: true, bigEndian: false }))),
    ["The share link's data is not a valid v1 diagram: it is UTF-16 text (little-endian byte-order mark at offset 0)"]);
  await refused(page, 'share link: UTF-16 without a byte-order mark', () => following(page, pack(utf16('{"t":{}}', { bom: false, bigEndian: true }))),
    ["The share link's data is not a valid v1 diagram: it looks like UTF-16 text (big-endian, without a byte-order mark"]);
  await refused(page, 'share link: invalid UTF-8', () => following(page, pack(INVALID_UTF8)),
    [`The share link's data is not a valid v1 diagram: it is not UTF-8 text: byte 0xE9 at offset ${INVALID_UTF8_OFFSET}`]);
  await refused(page, 'share link: binary data', () => following(page, pack(binary(4096))),
    ["The share link's data is not a valid v1 diagram: it is not text (binary data?)"]);
  await refused(page, 'share link: 100,000 rules', () => following(page, pack(`{"t":{"sg":[{"in":[${times(100000, '{}')}]}]}}`)),
    ['The share link holds 100001 resources; at most 20000 are accepted']);
  await refused(page, 'share link over the length cap (65,536 characters)', () => following(page, `v1.${'A'.repeat(70000)}`),
    ['The share link is 70003 characters long; at most 65536 are accepted']);
  await refused(page, 'share link over the inflated-size cap (1 MiB)', () => following(page, pack(`{"t":{},"x":"${' '.repeat(2 * MB)}"}`)),
    ["The share link's data decompresses to more than 1048576 bytes"]);
  await refused(page, 'share link over the resource cap (20,000)', () => following(page, pack(`{"t":{"s":[${times(20001, '{}')}]}}`)),
    ['The share link holds 20001 resources; at most 20000 are accepted']);
  await refused(page, 'share link over the flow cap (1,000)', () => following(page, pack(`{"f":[${times(1001, '{}')}]}`)),
    ['The share link holds 1001 flows; at most 1000 are accepted']);
  const positions = Array.from({ length: 20001 }, (_, i) => `"n${i}":[0,0]`).join(',');
  await refused(page, 'share link over the layout-position cap (20,000)', () => following(page, pack(`{"l":{${positions}}}`)),
    ['The share link holds 20001 layout positions; at most 20000 are accepted']);

  // --- Lesson links (#lesson=v1.…).
  const lesson = (doc) => `lesson=${pack(doc)}`;
  await refused(page, 'lesson link: a 50 MB JSON', () => following(page, `lesson=${fiftyLink}`),
    [fiftyLink.length > 65536 ? `The lesson link is ${fiftyLink.length} characters long; at most 65536` : 'decompresses to more than 1048576 bytes']);
  await refused(page, 'lesson link: 10,000-deep nesting', () => following(page, lesson(lessonDoc(`{"t":{"res":[{"po":${deep(10000)}}]}}`))),
    ["The lesson link's data is not a v1 lesson: nested more than 128 levels deep"]);
  await refused(page, 'lesson link: UTF-16 with a byte-order mark', () => following(page, lesson(utf16(lessonDoc(), { bom: true, bigEndian: true }))),
    ["The lesson link's data is not a v1 lesson: it is UTF-16 text (big-endian byte-order mark at offset 0)"]);
  await refused(page, 'lesson link: UTF-16 without a byte-order mark', () => following(page, lesson(utf16(lessonDoc(), { bom: false, bigEndian: false }))),
    ["The lesson link's data is not a v1 lesson: it looks like UTF-16 text (little-endian, without a byte-order mark"]);
  await refused(page, 'lesson link: invalid UTF-8', () => following(page, lesson(INVALID_UTF8)),
    [`The lesson link's data is not a v1 lesson: it is not UTF-8 text: byte 0xE9 at offset ${INVALID_UTF8_OFFSET}`]);
  await refused(page, 'lesson link: binary data', () => following(page, lesson(binary(4096))),
    ["The lesson link's data is not a v1 lesson: it is not text (binary data?)"]);
  await refused(page, 'lesson link: 100,000 rules', () => following(page, lesson(lessonDoc(`{"t":{"sg":[{"in":[${times(100000, '{}')}]}]}}`))),
    ['The lesson link holds 100001 resources; at most 20000 are accepted']);
  await refused(page, 'lesson link over the length cap (65,536 characters)', () => following(page, `lesson=v1.${'A'.repeat(70000)}`),
    ['The lesson link is 70003 characters long; at most 65536 are accepted']);
  await refused(page, 'lesson link over the inflated-size cap (1 MiB)', () => following(page, lesson(lessonDoc('{}', `,"x":["${' '.repeat(2 * MB)}"]`))),
    ["The lesson link's data decompresses to more than 1048576 bytes"]);
  await refused(page, 'lesson link over the resource cap (20,000)', () => following(page, lesson(lessonDoc(`{"t":{"s":[${times(20001, '{}')}]}}`))),
    ['The lesson link holds 20001 resources; at most 20000 are accepted']);
  await refused(page, 'lesson link over the flow cap (1,000)', () => following(page, lesson(lessonDoc(`{"f":[${times(1001, '{}')}]}`))),
    ['The lesson link holds 1001 flows; at most 1000 are accepted']);
  await refused(page, 'lesson link over the layout-position cap (20,000)', () => following(page, lesson(lessonDoc(`{"l":{${positions}}}`))),
    ['The lesson link holds 20001 layout positions; at most 20000 are accepted']);
  await refused(page, 'lesson link over the goal cap (64)', () => following(page, lesson(`{"i":"x","ti":"x","g":[${times(65, '{}')}],"d":{}}`)),
    ['The lesson link holds 65 goals; at most 64 are accepted']);
  await refused(page, 'lesson link over the hint cap (32)', () => following(page, lesson(`{"i":"x","ti":"x","g":[{}],"h":[${times(33, '"h"')}],"d":{}}`)),
    ['The lesson link holds 33 hints; at most 32 are accepted']);

  // --- Legitimate input: UTF-16 text imports (each replaces the diagram, as any import does).
  for (const [bom, bigEndian] of [[true, false], [true, true], [false, false], [false, true]]) {
    const name = `file: UTF-16 ${bigEndian ? 'big' : 'little'}-endian ${bom ? 'with' : 'without'} a byte-order mark imports`;
    const path = file(`utf16-${bom}-${bigEndian}.json`, utf16(SMALL, { bom, bigEndian }));
    await imported(page, name, () => importing(page, choose(page, path)), 'vpc-utf16');
    // Back to the user's work for the next case.
    await page.keyboard.press('Control+z');
    await page.waitForSelector('svg [data-id="vpc-mine"]');
  }

  // --- A valid topology of 100,000 rules imports (last: it replaces the diagram and may freeze until the worker).
  const rulesText = rules(100000);
  const rulesFile = file('rules.json', rulesText);
  await imported(page, 'file: a topology of 100,000 rules', () => importing(page, choose(page, rulesFile), 120000), 'sg-big');
  await page.keyboard.press('Control+z');
  await page.waitForSelector('svg [data-id="vpc-mine"]', { timeout: 60000 });
  await imported(page, 'paste: a topology of 100,000 rules', () => paste(page, (t) => t, rulesText), 'sg-big');

  await check('no page error or failed request', async () => {
    const p = problems(log);
    assert(p.length === 0, p.join('\n'));
  });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
finish();
