// The jobs worker's loader: a module worker started by `src/jobs.rs` (`new Worker("worker.js?js=…&wasm=…", {type:
// "module"})`). Trunk builds the worker binary (`index.html`, `data-type="worker"`); the post-build hook gives its
// files content-hashed names (scripts/asset-version.mjs) and the page passes them here as `js` and `wasm`.
// Starting the wasm runs the worker's `main`, which listens and posts "ready". Any failure is posted as a sentence
// (the page then runs jobs on its own thread).
const params = new URL(self.location.href).searchParams;
try {
  const js = params.get('js');
  const wasm = params.get('wasm');
  if (!js || !wasm) throw new Error('the page did not name the worker\'s files (js, wasm)');
  // Same origin only (the page's CSP allows nothing else).
  const { default: init } = await import(new URL(js, self.location.href).href);
  await init({ module_or_path: new URL(wasm, self.location.href) });
} catch (err) {
  self.postMessage(`the worker could not start: ${err?.message ?? err}`);
}
