// VPC Lab loader. Trunk.toml `pattern_script` points here instead of Trunk's inline loader, so the page's
// Content-Security-Policy needs no hash or nonce. It starts the WebAssembly app and turns the #boot notice into a
// friendly message when that is impossible.
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

if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
  fail('This browser cannot run WebAssembly, which VPC Lab needs. Please open it in a current Chrome, Edge, ' +
       'Firefox or Safari.');
} else if (!tag) {
  fail('VPC Lab could not find its loader settings. The site may be incomplete; please reload the page.');
} else {
  try {
    const js = new URL(tag.dataset.js, document.baseURI).href;
    const wasm = new URL(tag.dataset.wasm, document.baseURI).href;
    const { default: init } = await import(js);
    const exports = await init({ module_or_path: wasm });
    dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: exports } }));
    notice?.remove();
  } catch (err) {
    fail('VPC Lab could not start: its WebAssembly module failed to load or run. Check your connection and ' +
         'reload the page; if it keeps failing, your browser may be blocking WebAssembly.', err);
  }
}
