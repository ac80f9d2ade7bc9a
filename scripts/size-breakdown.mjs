// Groups twiggy's per-function sizes (CSV) into crates and VPC Lab modules; see scripts/size-breakdown.sh.
//   node scripts/size-breakdown.mjs top.csv release.wasm [rows]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const [csvPath, wasmPath, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg ?? 40);

// The code (10) and data (11) sections of the release wasm, and their gzip -9 sizes.
const wasm = readFileSync(wasmPath);
const sections = {};
for (let i = 8; i < wasm.length;) {
  const id = wasm[i++];
  let size = 0;
  for (let shift = 0; ; shift += 7) {
    const b = wasm[i++];
    size += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  sections[id] = wasm.subarray(i, i + size);
  i += size;
}
const gz = (b) => gzipSync(b, { level: 9 }).length;
const code = { raw: sections[10].length, gz: gz(sections[10]) };
const data = { raw: sections[11]?.length ?? 0, gz: sections[11] ? gz(sections[11]) : 0 };

// One CSV line: "name",shallow,… (names are quoted and may hold commas).
const parse = (line) => {
  const m = line.match(/^"((?:[^"]|"")*)",(\d+),/) ?? line.match(/^([^,]*),(\d+),/);
  return m ? { name: m[1].replaceAll('""', '"'), size: Number(m[2]) } : null;
};

const group = (name) => {
  if (name.startsWith('export ') || name.includes('section') || name.startsWith('data segment')) return null;
  const serde = /serde/.test(name) && /Deserializ|Serializ|Visitor|serde_json/.test(name);
  const ours = name.match(/vpclab_(core|web)::(\w+)(?:::(\w+))?/);
  if (serde) {
    if (ours) return `serde for core::${ours[2]}${ours[2] === 'import' ? '::' + ours[3] : ''}`;
    if (name.includes('serde_json::value')) return 'serde_json Value';
    return 'serde_json / serde (generic, per type)';
  }
  if (ours) return ours[1] === 'core' ? `core::${ours[2]}` : `web::${ours[2]}${ours[3] && ours[2] === 'components' ? '::' + ours[3] : ''}`;
  const krate = name.match(/^<?(?:&(?:mut )?)?([A-Za-z_0-9]+)/);
  return `crate ${krate ? krate[1] : '?'}`;
};

const totals = new Map();
for (const line of readFileSync(csvPath, 'utf8').split('\n').slice(1)) {
  const r = parse(line);
  const g = r && group(r.name);
  if (g) totals.set(g, (totals.get(g) ?? 0) + r.size);
}
const sum = [...totals.values()].reduce((a, b) => a + b, 0);
const kb = (n) => (n / 1000).toFixed(1).padStart(8);
console.log(`release wasm ${wasm.length} B, gzip -9 ${gz(wasm)} B: code ${code.raw} B (gzip ${code.gz}), data ${data.raw} B (gzip ${data.gz})`);
console.log(`${'group'.padEnd(44)} ${'raw KB'.padStart(8)} ${'~gzip KB'.padStart(8)}   share`);
for (const [g, n] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
  // Functions are measured in the names-kept build; gzip is estimated pro rata from the code section's.
  console.log(`${g.padEnd(44)} ${kb(n)} ${kb((n / sum) * code.gz)}   ${((100 * n) / sum).toFixed(1).padStart(5)}%`);
}
console.log(`${'data (strings, embedded JSON, tables)'.padEnd(44)} ${kb(data.raw)} ${kb(data.gz)}`);
