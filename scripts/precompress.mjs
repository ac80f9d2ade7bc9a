// Writes `<file>.br` (Brotli, quality 11) and `<file>.gz` (gzip -9) beside every text and wasm asset of a
// built site, for static hosts that serve precompressed files (nginx `gzip_static` / `brotli_static`, Caddy
// `precompressed`, S3 + CloudFront with the encodings set per object: README "Deploying"). Each output is
// decompressed again and compared with its source, so a broken file is never written silently.
//
//   node scripts/precompress.mjs dist
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.txt', '.map', '.webmanifest']);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (TEXT.has(extname(name))) yield path;
  }
}

const root = process.argv[2] ?? 'dist';
let count = 0;
let raw = 0;
let br = 0;
let gz = 0;
for (const path of files(root)) {
  const data = readFileSync(path);
  const b = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  const g = gzipSync(data, { level: 9 });
  if (!brotliDecompressSync(b).equals(data) || !gunzipSync(g).equals(data)) {
    throw new Error(`${path}: a compressed copy does not decompress to the original`);
  }
  writeFileSync(`${path}.br`, b);
  writeFileSync(`${path}.gz`, g);
  count += 1;
  raw += data.length;
  br += b.length;
  gz += g.length;
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`precompressed ${count} files in ${root}/: ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`);
