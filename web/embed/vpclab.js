// VPC Lab's engine for other pages: the app's own WebAssembly, without its UI, behind a small JavaScript API.
// The API itself is web/src/api.rs; embed/index.html documents it and runs a live demo.
//
//   import { load } from './vpclab/embed/vpclab.js';   // a copy of VPC Lab's dist/, served from your origin
//   const vpclab = await load();
//   const answer = vpclab.trace(topology, { from: 'i-app', to: 's3.us-east-1.amazonaws.com' });
//   if (answer.type === 'success') console.log(answer.reachable, answer.network);
//   else console.log(answer.errors.map((e) => e.message));
//
// The API's functions never throw: bad input is an answer, {type: 'failure', errors: [{code, message, field?}]}.
// Only load() can fail (its promise rejects), when the files cannot be fetched or WebAssembly is unavailable.
//
// How it finds the engine: the app page's loader tag names the app's JS glue and wasm, content-hashed (index.html:
// <script id="vpclab-boot" data-app-js="…" data-app-wasm="…">, see Trunk.toml `pattern_script`). load() fetches
// that page, reads the two names, imports the glue and instantiates the wasm.
// The Rust entry point mounts the app only on a page that has that loader tag, so a page using this module gets
// the engine and nothing is rendered. No inline script, no eval: it works under the app's own CSP
// (script-src 'self' 'wasm-unsafe-eval'; connect-src 'self').

/** The functions load() resolves to (the wasm-bindgen exports of web/src/api.rs). */
export const API = ['open', 'trace', 'check', 'audit', 'diff', 'encodeLink', 'decodeLink', 'importAws', 'examples', 'version'];

let loading;

/**
 * Loads the engine once and resolves to a frozen object of the API's functions.
 * @param {{app?: string | URL}} options  `app`: the URL of VPC Lab's index.html (default: the one next to this
 *   module's folder; a relative URL is resolved against the page).
 */
export function load({ app } = {}) {
  loading ??= start(app ? new URL(app, document.baseURI) : new URL('../index.html', import.meta.url)).catch(
    (err) => {
      loading = undefined; // let a later call retry
      throw err;
    },
  );
  return loading;
}

async function start(appUrl) {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new Error('this browser cannot run WebAssembly, which the VPC Lab engine needs');
  }
  const response = await fetch(appUrl, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot fetch VPC Lab's page ${appUrl}: HTTP ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const tag = page.getElementById('vpclab-boot');
  if (!tag?.dataset.appJs || !tag.dataset.appWasm) {
    throw new Error(
      `${appUrl} is not a VPC Lab build: it has no loader tag #vpclab-boot with data-app-js and data-app-wasm`,
    );
  }
  const glue = await import(new URL(tag.dataset.appJs, appUrl).href);
  await glue.default({ module_or_path: new URL(tag.dataset.appWasm, appUrl) });
  const api = {};
  for (const name of API) {
    if (typeof glue[name] !== 'function') throw new Error(`this VPC Lab build has no \`${name}\` in its engine`);
    api[name] = glue[name];
  }
  return Object.freeze(api);
}
