//! The first view's binary (Trunk's main asset, `index.html`): draws the diagram the page opens on while the app's
//! WebAssembly loads ([`vpclab_web::first_view`]). `assets/boot.js` starts it, then the app, and calls `leave`.

use wasm_bindgen::prelude::*;

fn main() {
    vpclab_web::first_view::mount();
}

/// Takes the first view away (`boot.js`, when the app has drawn or failed).
#[wasm_bindgen]
pub fn leave() {
    vpclab_web::first_view::leave();
}
