// VPC Lab loader. Trunk.toml `pattern_script` points here instead of Trunk's inline loader, so the page's
// Content-Security-Policy needs no hash or nonce. It starts the page in two steps (issue 17):
//
// 1. the first view (`data-js`/`data-wasm`, preloaded with the page): a small binary that draws the diagram the page
//    opens on (src/first_view.rs);
// 2. then the app (`data-app-js`/`data-app-wasm`), which renders under the first view and, once
//    its own drawing is whole, dispatches `vpclab:drawn`: the first view leaves.
//
// The first view is only a head start: if it cannot load, the app starts all the same. When the app cannot start,
// the #boot notice becomes a friendly message.
const tag = document.getElementById('vpclab-boot');
const notice = document.getElementById('boot');
const message = document.getElementById('boot-message');

function fail(text, err) {
  if (err) console.warn('VPC Lab failed to start:', err);
  if (!notice || !message) return;
  notice.classList.add('boot-failed');
  notice.setAttribute('role', 'alert');
  message.textContent = text;
}

const url = (name) => new URL(name, document.baseURI).href;

if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
  fail('This browser cannot run WebAssembly, which VPC Lab needs. Please open it in a current Chrome, Edge, ' +
       'Firefox or Safari.');
} else if (!tag) {
  fail('VPC Lab could not find its loader settings. The site may be incomplete; please reload the page.');
} else {
  // The first view's wasm (preloaded by the page). Once it has arrived, the app's files are fetched: their download
  // then overlaps the first view's compilation and drawing, and does not share the network with the first view.
  const firstWasm = fetch(url(tag.dataset.wasm));
  const arrived = firstWasm.then((r) => r.clone().arrayBuffer()).catch(() => undefined);
  const appWasm = arrived.then(() => fetch(url(tag.dataset.appWasm)));
  const appJs = arrived.then(() => import(url(tag.dataset.appJs)));
  appWasm.catch(() => {}); // reported where it is awaited
  appJs.catch(() => {});
  let first;
  try {
    first = await import(url(tag.dataset.js));
    await first.default({ module_or_path: firstWasm });
  } catch (err) {
    console.warn('VPC Lab: the first view could not start; starting the app directly.', err);
  }
  const leave = () => {
    try {
      first?.leave?.();
    } catch (err) {
      console.warn('VPC Lab: the first view could not leave', err);
    }
  };
  addEventListener('vpclab:drawn', leave, { once: true });
  try {
    const { default: init } = await appJs;
    const exports = await init({ module_or_path: appWasm });
    dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: exports } }));
    notice?.remove();
  } catch (err) {
    leave();
    fail('VPC Lab could not start: its WebAssembly module failed to load or run. Check your connection and ' +
         'reload the page; if it keeps failing, your browser may be blocking WebAssembly.', err);
  }
}
