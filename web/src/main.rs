//! Browser entry point: Trunk builds this binary; it only mounts [`vpclab_web::App`].
//!
//! It mounts the App only on the app page, whose loader tag is `#vpclab-boot` (Trunk.toml `pattern_script`). A
//! page that loads the same wasm for its JavaScript API alone (`embed/vpclab.js`, [`vpclab_web::api`]) has no such
//! tag and gets the engine without the UI.

fn main() {
    let app_page = gloo::utils::document()
        .get_element_by_id("vpclab-boot")
        .is_some();
    if app_page {
        yew::Renderer::<vpclab_web::App>::new().render();
    }
}
