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
    vpclab_web::storage::clear();
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
    assert_eq!(tabs, ["Properties", "Path", "Cost", "Report"]);
    // The first example has a selected flow: the page opens on its verdict, cost and why, without a click
    // (issue 17).
    assert_eq!(selected_tab(&root), "path");
    assert_eq!(visible_panels(&root), ["path"]);
    let verdict = find(&root, "[data-testid=flow-verdict]");
    assert!(verdict.text_content().unwrap().contains("a month"));
    assert!(root.query_selector("[data-testid=hop]").unwrap().is_some());
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
    first.click();
    yew::scheduler::flush().await;
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
        "report",
        "ArrowLeft wraps to the last tab"
    );
    assert_eq!(visible_panels(&root), ["report"]);
    let active = gloo::utils::document().active_element().unwrap();
    assert_eq!(
        active.get_attribute("data-tab").as_deref(),
        Some("report"),
        "focus follows the selection"
    );

    press("Home");
    yew::scheduler::flush().await;
    assert_eq!(selected_tab(&root), "properties");
}

// ---- the playground: examples, verdicts, hops, undo/redo, costs ----

/// Mounts `App` with no autosave, so it starts on the first gallery example.
async fn mount_fresh() -> Element {
    vpclab_web::storage::clear();
    mount().await
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into::<Element>())
        .collect()
}

async fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
    yew::scheduler::flush().await;
}

fn verdict(root: &Element) -> (Option<String>, Option<String>) {
    let v = find(root, "[data-testid=flow-verdict]");
    (
        v.get_attribute("data-verdict"),
        v.get_attribute("data-network"),
    )
}

fn hop_ids(root: &Element) -> Vec<String> {
    all(root, "[data-testid=hop]")
        .iter()
        .map(|h| h.get_attribute("data-id").unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn starts_on_the_first_example_with_its_verdict_and_hops() {
    let root = mount_fresh().await;
    click(&root, "[role=tab][data-tab=path]").await;
    assert_eq!(
        verdict(&root),
        (Some("reachable".into()), Some("public".into()))
    );
    let hops = hop_ids(&root);
    for id in ["i-app", "rtb-private", "nat-app", "igw-app"] {
        assert!(hops.iter().any(|h| h == id), "no hop {id} in {hops:?}");
    }
    assert_eq!(all(&root, "[data-testid=flow]").len(), 2);
}

#[wasm_bindgen_test]
async fn loading_an_example_from_the_gallery_shows_its_blocked_flow() {
    let root = mount_fresh().await;
    click(&root, "[data-testid=open-gallery]").await;
    let dialog = find(&root, "dialog[data-testid=gallery]");
    assert!(dialog.has_attribute("open"), "the gallery dialog opened");
    assert_eq!(all(&root, "[data-testid=example]").len(), 6);
    click(&root, "[data-example=peered-vpc-pitfall]").await;
    assert!(!dialog.has_attribute("open"), "the gallery dialog closed");
    click(&root, "[role=tab][data-tab=path]").await;
    assert_eq!(verdict(&root), (Some("unreachable".into()), None));
    let codes: Vec<String> = all(&root, "[data-testid=explanation]")
        .iter()
        .map(|e| e.get_attribute("data-code").unwrap())
        .collect();
    assert!(
        codes
            .iter()
            .any(|c| c == "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"),
        "{codes:?}"
    );
    assert!(
        find(&root, ".hop-stop").get_attribute("data-id").is_some(),
        "the last hop is marked as the stop"
    );
}

#[wasm_bindgen_test]
async fn undo_and_redo_buttons_and_keys() {
    let root = mount_fresh().await;
    click(&root, "[role=tab][data-tab=path]").await;
    let undo = find(&root, "[data-testid=undo]");
    assert!(undo.has_attribute("disabled"), "nothing to undo at start");
    click(&root, "[data-testid=delete-flow]").await;
    assert_eq!(all(&root, "[data-testid=flow]").len(), 1);
    assert!(!undo.has_attribute("disabled"));
    click(&root, "[data-testid=undo]").await;
    assert_eq!(all(&root, "[data-testid=flow]").len(), 2);
    click(&root, "[data-testid=redo]").await;
    assert_eq!(all(&root, "[data-testid=flow]").len(), 1);

    // Ctrl+Z / Ctrl+Shift+Z on the page.
    let key = |key: &str, shift: bool| {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_ctrl_key(true);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        find(&root, "[data-testid=undo]")
            .dispatch_event(&event)
            .unwrap();
    };
    key("z", false);
    yew::scheduler::flush().await;
    assert_eq!(all(&root, "[data-testid=flow]").len(), 2);
    key("Z", true);
    yew::scheduler::flush().await;
    assert_eq!(all(&root, "[data-testid=flow]").len(), 1);
}

#[wasm_bindgen_test]
async fn editing_a_flow_port_re_traces_it() {
    let root = mount_fresh().await;
    click(&root, "[data-testid=open-gallery]").await;
    click(&root, "[data-example=saas-endpoint-service]").await;
    click(&root, "[role=tab][data-tab=path]").await;
    click(
        &root,
        "[data-testid=flow-list] li:nth-child(2) [data-testid=flow]",
    )
    .await;
    assert_eq!(verdict(&root).0.as_deref(), Some("unreachable"));

    let port = find(&root, "[data-testid=flow-port]").unchecked_into::<web_sys::HtmlInputElement>();
    port.set_value("443");
    port.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(verdict(&root).0.as_deref(), Some("reachable"));

    // A bad value is refused beside the field, and the flow keeps its port.
    port.set_value("http");
    port.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(find(&root, "#flow-port-error")
        .text_content()
        .unwrap()
        .contains("0 to 65535"));
    assert_eq!(port.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(verdict(&root).0.as_deref(), Some("reachable"));
}

#[wasm_bindgen_test]
async fn applying_a_cheaper_design_lowers_the_total_and_can_be_undone() {
    let root = mount_fresh().await;
    click(&root, "[role=tab][data-tab=cost]").await;
    let total = || {
        find(&root, "[data-testid=cost-total]")
            .get_attribute("data-usd")
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    let before = total();
    assert!(!all(&root, "[data-testid=alternative]").is_empty());
    click(&root, "[data-testid=apply-alternative]").await;
    let after = total();
    assert!(after < before, "{after} < {before}");
    click(&root, "[data-testid=undo]").await;
    assert_eq!(total(), before);
}

#[wasm_bindgen_test]
async fn adding_from_the_palette_draws_and_selects_the_new_node() {
    let root = mount_fresh().await;
    click(&root, "[data-testid=new]").await;
    if root
        .query_selector("[data-testid=confirm-new-ok]")
        .unwrap()
        .is_some()
    {
        click(&root, "[data-testid=confirm-new-ok]").await;
    }
    assert!(
        all(&root, "[data-testid=vpc]").is_empty(),
        "a new diagram is empty"
    );
    click(&root, "[data-testid=palette-vpc]").await;
    let vpcs = all(&root, "[data-testid=vpc]");
    assert_eq!(vpcs.len(), 1, "the VPC is drawn");
    let id = vpcs[0].get_attribute("data-id").unwrap();
    assert_eq!(
        find(&root, "[data-testid=props-id]")
            .text_content()
            .unwrap(),
        id,
        "the new VPC is selected and shown in Properties"
    );
    assert_eq!(
        vpcs[0].get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    // A subnet goes into the selected VPC; Undo removes it again.
    click(&root, "[data-testid=palette-subnet]").await;
    assert_eq!(all(&root, "[data-testid=subnet]").len(), 1);
    click(&root, "[data-testid=undo]").await;
    assert!(all(&root, "[data-testid=subnet]").is_empty());
    // A refused edit leaves the diagram alone and says why.
    click(&root, "[data-testid=palette-internet-gateway]").await;
    click(&root, "[data-testid=palette-internet-gateway]").await;
    assert_eq!(
        all(&root, "[data-kind=internet-gateway]").len(),
        1,
        "one IGW per VPC"
    );
}

#[wasm_bindgen_test]
async fn editing_a_field_in_properties_goes_through_the_core() {
    let root = mount_fresh().await;
    let subnet = find(&root, "[data-key=subnet-private-a]").unchecked_into::<HtmlElement>();
    // Select through the keyboard path (Enter on the focused subnet).
    subnet.focus().unwrap();
    let enter = KeyboardEventInit::new();
    enter.set_key("Enter");
    enter.set_bubbles(true);
    subnet
        .dispatch_event(
            &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &enter).unwrap(),
        )
        .unwrap();
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, "[data-testid=props-id]")
            .text_content()
            .unwrap(),
        "subnet-private-a"
    );
    let cidr = find(&root, "[data-field=cidr_block]").unchecked_into::<web_sys::HtmlInputElement>();
    cidr.set_value("10.0.1.0/33");
    cidr.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let error = find(&root, ".properties .field-error");
    assert!(
        !error.text_content().unwrap().is_empty(),
        "the refusal is shown beside the field"
    );
    cidr.set_value("10.0.9.0/24");
    cidr.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let sub = find(&root, "[data-key=subnet-private-a]")
        .get_attribute("aria-label")
        .unwrap();
    assert!(sub.contains("10.0.9.0/24"), "{sub}");

    // "Edit as JSON", opened by the user, stays open through a field edit and shows the edited object; a draft
    // typed into it is replaced by the object's new text when the object changes.
    let editor = find(&root, "[data-testid=json-object-editor]");
    editor.set_attribute("open", "").unwrap();
    let area =
        find(&root, "[data-testid=json-object]").unchecked_into::<web_sys::HtmlTextAreaElement>();
    area.set_value("{ \"draft\": true }");
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(!find(&root, "[data-testid=json-object-apply]").has_attribute("disabled"));
    cidr.set_value("10.0.7.0/24");
    cidr.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let editor = find(&root, "[data-testid=json-object-editor]");
    assert!(editor.has_attribute("open"), "the JSON editor stays open");
    let text = find(&root, "[data-testid=json-object]")
        .unchecked_into::<web_sys::HtmlTextAreaElement>()
        .value();
    assert!(text.contains("\"cidr_block\": \"10.0.7.0/24\""), "{text}");
    assert!(find(&root, "[data-testid=json-object-apply]").has_attribute("disabled"));
}

/// Waits (up to about two seconds) until `ready` holds, letting the browser lay out and run observers in between.
async fn wait_until(mut ready: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if ready() {
            return true;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            gloo::utils::window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        yew::scheduler::flush().await;
    }
    ready()
}

#[wasm_bindgen_test]
async fn the_diagram_takes_the_canvas_height_in_pixels() {
    // A fixed height keeps a rename from re-laying out the whole drawing (BENCHMARKS §4); it must follow the
    // canvas when the canvas is resized.
    let root = mount_fresh().await;
    let canvas = find(&root, "section.canvas").unchecked_into::<HtmlElement>();
    for px in [321, 405] {
        canvas
            .style()
            .set_property("height", &format!("{px}px"))
            .unwrap();
        let svg = find(&root, "svg.diagram");
        let followed =
            wait_until(|| svg.get_attribute("height").as_deref() == Some(&px.to_string())).await;
        assert!(
            followed,
            "the diagram's height is {:?}, not the canvas's {px}",
            svg.get_attribute("height")
        );
    }
}
