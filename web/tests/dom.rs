//! Browser tests: mount the real `App`, interact with it, and check the DOM.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown -p vpclab-web`
//! (`make test` does this). A native `cargo test` compiles this file to nothing.
#![cfg(target_arch = "wasm32")]

use vpclab_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `App` into a fresh element appended to `<body>` and waits until it has rendered.
async fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn selected_tab(root: &Element) -> String {
    find(root, "[role=tab][aria-selected=true]")
        .get_attribute("data-tab")
        .unwrap()
}

fn visible_panels(root: &Element) -> Vec<String> {
    let list = root
        .query_selector_all("[role=tabpanel]:not([hidden])")
        .unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .get_attribute("data-tab")
                .unwrap()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn renders_the_product_shell() {
    let root = mount().await;
    assert_eq!(find(&root, "header h1").text_content().unwrap(), "VPC Lab");
    let svg = find(&root, "svg.diagram");
    assert!(
        svg.get_attribute("viewBox").is_some(),
        "the diagram has a viewBox"
    );
    assert!(
        root.query_selector("svg.diagram rect.grid")
            .unwrap()
            .is_some(),
        "the diagram has a grid"
    );
    let tabs: Vec<String> = {
        let list = root.query_selector_all("[role=tab]").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(tabs, ["Properties", "Path", "Cost"]);
    assert_eq!(selected_tab(&root), "properties");
    assert_eq!(visible_panels(&root), ["properties"]);
}

#[wasm_bindgen_test]
async fn clicking_a_tab_switches_the_panel() {
    let root = mount().await;
    find(&root, "[role=tab][data-tab=path]")
        .unchecked_into::<HtmlElement>()
        .click();
    yew::scheduler::flush().await;

    assert_eq!(selected_tab(&root), "path");
    assert_eq!(visible_panels(&root), ["path"]);
    let properties = find(&root, "[role=tab][data-tab=properties]");
    assert_eq!(
        properties.get_attribute("aria-selected").as_deref(),
        Some("false")
    );
    assert_eq!(properties.get_attribute("tabindex").as_deref(), Some("-1"));
    assert_eq!(
        find(&root, "[role=tab][data-tab=path]")
            .get_attribute("tabindex")
            .as_deref(),
        Some("0")
    );
}

#[wasm_bindgen_test]
async fn arrow_keys_move_selection_and_focus() {
    let root = mount().await;
    let first = find(&root, "[role=tab][data-tab=properties]").unchecked_into::<HtmlElement>();
    first.focus().unwrap();

    let press = |key: &str| {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        gloo::utils::document()
            .active_element()
            .unwrap()
            .dispatch_event(&event)
            .unwrap();
    };

    press("ArrowLeft");
    yew::scheduler::flush().await;
    assert_eq!(
        selected_tab(&root),
        "cost",
        "ArrowLeft wraps to the last tab"
    );
    assert_eq!(visible_panels(&root), ["cost"]);
    let active = gloo::utils::document().active_element().unwrap();
    assert_eq!(
        active.get_attribute("data-tab").as_deref(),
        Some("cost"),
        "focus follows the selection"
    );

    press("Home");
    yew::scheduler::flush().await;
    assert_eq!(selected_tab(&root), "properties");
}
