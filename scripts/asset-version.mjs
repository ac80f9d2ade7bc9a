// Trunk post-build hook (Trunk.toml `[[hooks]]`). Trunk content-hashes only its main asset (the first view); the
// app (`vpclab-web`) and the jobs worker (`vpclab-worker`) are its `data-type="worker"` builds with fixed names. This
// gives each the same kind of name, `<name>-<hash of its js and wasm>.js` and `…_bg.wasm`, and writes the new names
// into the loader tag (`data-app-*`, `data-worker-*`, Trunk.toml `pattern_script`). A new build is then never
// served from a stale cache, by any host or CDN, and an unchanged one stays cached.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('asset-version: TRUNK_STAGING_DIR is not set (Trunk runs this as a post_build hook)');
  process.exit(1);
}
const html = join(dir, 'index.html');
let text = readFileSync(html, 'utf8');
for (const name of ['vpclab-web', 'vpclab-worker']) {
  const files = [`${name}.js`, `${name}_bg.wasm`];
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(join(dir, f)));
  const h = hash.digest('hex').slice(0, 16);
  for (const f of files) {
    const hashed = f.replace(name, `${name}-${h}`);
    renameSync(join(dir, f), join(dir, hashed));
    const attr = new RegExp(`(data-[a-z-]+="[^"]*/)${f.replace('.', '\\.')}"`);
    if (!attr.test(text)) {
      console.error(`asset-version: the loader tag in ${html} does not name ${f} (Trunk.toml pattern_script)`);
      process.exit(1);
    }
    text = text.replace(attr, `$1${hashed}"`);
  }
}
writeFileSync(html, text);
