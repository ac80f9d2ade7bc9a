// The jobs worker's loader: a module worker started by `src/jobs.rs` (`new Worker("worker.js?v=…", {type:
// "module"})`). Trunk builds the worker binary (`index.html`, `data-type="worker"`) as `vpclab-worker.js` +
// `vpclab-worker_bg.wasm`, unhashed; the page passes its own hashed wasm name as `?v=` so a new build is never
// served from a stale cache. Starting the wasm runs the worker's `main`, which listens and posts "ready". Any
// failure is posted as a sentence (the page then runs jobs on its own thread).
const v = new URL(self.location.href).searchParams.get('v');
const q = v ? `?v=${encodeURIComponent(v)}` : '';
try {
  const { default: init } = await import(`./vpclab-worker.js${q}`);
  await init({ module_or_path: new URL(`./vpclab-worker_bg.wasm${q}`, self.location.href) });
} catch (err) {
  self.postMessage(`the worker could not start: ${err?.message ?? err}`);
}
