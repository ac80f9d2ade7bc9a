//! Browser tests of share links, lesson links and the lesson panel: mount the real `App`, drive it through the
//! page URL's fragment and clicks, and check the DOM.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown -p vpclab-web`.
#![cfg(target_arch = "wasm32")]

use vpclab_core::{gallery, lesson, share};
use vpclab_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh page state: no autosave, no lesson progress, no fragment.
fn reset() {
    vpclab_web::storage::clear();
    if let Some(s) = gloo::utils::window().local_storage().unwrap() {
        s.remove_item(vpclab_web::lessons::PROGRESS_KEY).unwrap();
        s.remove_item(vpclab_web::lessons::ACTIVE_KEY).unwrap();
    }
    set_hash_quietly("");
}

/// Sets the fragment without an event (`history.replaceState`), as a page opened with that URL has it.
fn set_hash_quietly(fragment: &str) {
    let window = gloo::utils::window();
    let location = window.location();
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap(),
        location.search().unwrap(),
        if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        }
    );
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
}

/// Sets the fragment and fires `hashchange`, as following a link in the same tab does.
async fn navigate(fragment: &str) {
    set_hash_quietly(fragment);
    let event = web_sys::Event::new("hashchange").unwrap();
    gloo::utils::window().dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
    yew::scheduler::flush().await;
}

/// Waits, frame by frame, until `ready` holds (at most 5 s, then the test fails naming `what`): for what the app
/// does after a timer or a promise, instead of a fixed sleep that is too short under load.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..250 {
        if ready() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// Mounts `App` into a fresh element; the handle unmounts it (and drops its listeners) at the end of a test.
async fn mount() -> (Element, AppHandle<App>) {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    (root, handle)
}

fn unmount(root: Element, handle: AppHandle<App>) {
    handle.destroy();
    root.remove();
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn maybe(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
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

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn title(root: &Element) -> String {
    text(root, "[data-testid=doc-title]")
}

/// The link the share dialog shows for the current diagram.
async fn copy_link(root: &Element) -> String {
    // The dialog fills in after the clipboard attempt resolves: wait for it rather than a fixed sleep. Under load
    // the click can land while the previous dialog is still closing, so a click that opened nothing is repeated.
    'open: for _attempt in 0..3 {
        click(root, "[data-testid=copy-link]").await;
        for _ in 0..100 {
            let ready = maybe(root, "[data-testid=share-feedback]")
                .and_then(|f| f.text_content())
                .is_some_and(|t| t.contains("characters"));
            if ready && maybe(root, "[data-testid=share-link]").is_some() {
                break 'open;
            }
            sleep(20).await;
        }
    }
    let link = find(root, "[data-testid=share-link]")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value();
    let feedback = text(root, "[data-testid=share-feedback]");
    assert!(
        feedback.contains(&format!("{} characters", link.chars().count())),
        "{feedback}"
    );
    click(root, "dialog[data-testid=share] .dialog-close").await;
    until("the share dialog to close", || {
        maybe(root, "dialog[data-testid=share]").is_none_or(|d| !d.has_attribute("open"))
    })
    .await;
    link
}

#[wasm_bindgen_test]
async fn a_share_link_round_trips_through_the_hash() {
    reset();
    let example = gallery::example("saas-endpoint-service").unwrap();
    // A page opened with the example's link shows the example.
    set_hash_quietly(&share::encode(&example.diagram));
    let (root, handle) = mount().await;
    let name = example.diagram.topology.name.as_deref().unwrap();
    until("the linked example to open", || title(&root).contains(name)).await;
    assert_eq!(
        gloo::utils::window().location().hash().unwrap(),
        "",
        "the fragment is removed once the link is opened"
    );
    let banner = find(&root, "[data-testid=link-banner]");
    assert_eq!(banner.get_attribute("data-error").as_deref(), Some("false"));

    // Copy link gives the link of the current diagram: it decodes to the same diagram …
    let link = copy_link(&root).await;
    let (decoded, findings) = share::decode(&link).unwrap();
    assert_eq!(decoded, example.diagram);
    assert!(findings.is_empty());

    // … and loading it back over another diagram (through hashchange) restores exactly that diagram.
    click(&root, "[data-testid=open-gallery]").await;
    click(&root, "[data-example=s3-through-nat]").await;
    assert!(!title(&root).contains(name));
    navigate(share::fragment(&link)).await;
    until("the link to open over the other example", || {
        title(&root).contains(name)
    })
    .await;
    assert_eq!(copy_link(&root).await, link, "same diagram, same link");

    // Opening a link is undoable.
    click(&root, "[data-testid=undo]").await;
    assert!(title(&root).contains("NAT"), "{}", title(&root));
    unmount(root, handle);
}

#[wasm_bindgen_test]
async fn a_bad_link_keeps_the_diagram_and_shows_the_message() {
    reset();
    let (root, handle) = mount().await;
    let before = title(&root);
    let link_before = copy_link(&root).await;
    navigate("v9.abc").await;
    let banner = find(&root, "[data-testid=link-banner]");
    assert_eq!(banner.get_attribute("data-error").as_deref(), Some("true"));
    let message = banner.text_content().unwrap();
    assert!(
        message.contains("Unknown share-link version")
            && message.contains("v9")
            && message.contains("left as it was"),
        "{message}"
    );
    assert_eq!(title(&root), before);
    assert_eq!(
        copy_link(&root).await,
        link_before,
        "the diagram is unchanged"
    );
    assert!(find(&root, "[data-testid=undo]").has_attribute("disabled"));

    // A corrupt payload and an unknown lesson get their own messages.
    navigate("v1.!!!").await;
    assert!(text(&root, "[data-testid=link-banner]").contains("base64url"));
    navigate("lesson=no-such-lesson").await;
    let m = text(&root, "[data-testid=link-banner]");
    assert!(
        m.contains("no built-in lesson") && m.contains("why-nat"),
        "{m}"
    );
    assert!(maybe(&root, "[data-testid=lesson-panel]").is_none());
    assert_eq!(title(&root), before);
    unmount(root, handle);
    reset();
}

#[wasm_bindgen_test]
async fn a_link_over_unsaved_work_asks_first() {
    reset();
    let (root, handle) = mount().await;
    // An edit makes the work unsaved.
    click(&root, "[role=tab][data-tab=path]").await;
    let flows = all(&root, "[data-testid=flow]").len();
    click(&root, "[data-testid=delete-flow]").await;
    assert_eq!(all(&root, "[data-testid=flow]").len(), flows - 1);
    let mine = title(&root);

    let other = gallery::example("peered-vpc-pitfall").unwrap();
    navigate(&share::encode(&other.diagram)).await;
    assert!(find(&root, "dialog[data-testid=confirm-link]").has_attribute("open"));
    click(&root, "[data-testid=confirm-link-keep]").await;
    assert_eq!(title(&root), mine);
    assert_eq!(all(&root, "[data-testid=flow]").len(), flows - 1);

    navigate(&share::encode(&other.diagram)).await;
    click(&root, "[data-testid=confirm-link-open]").await;
    assert!(title(&root).contains(other.diagram.topology.name.as_deref().unwrap()));
    // Undo brings the edited work back.
    click(&root, "[data-testid=undo]").await;
    assert_eq!(title(&root), mine);
    assert_eq!(all(&root, "[data-testid=flow]").len(), flows - 1);
    unmount(root, handle);
    reset();
}

fn goals_met(root: &Element) -> Vec<bool> {
    all(root, "[data-testid=lesson-goal]")
        .iter()
        .map(|g| g.get_attribute("data-met").as_deref() == Some("true"))
        .collect()
}

#[wasm_bindgen_test]
async fn the_lesson_panel_checks_goals_live_and_records_completion() {
    reset();
    let (root, handle) = mount().await;
    navigate("lesson=why-nat").await;
    let l = lesson::builtin_lesson("why-nat").unwrap();
    let panel = find(&root, "[data-testid=lesson-panel]");
    assert_eq!(
        panel.get_attribute("data-lesson").as_deref(),
        Some("why-nat")
    );
    assert_eq!(
        panel.get_attribute("data-complete").as_deref(),
        Some("false")
    );
    let expected: Vec<bool> = lesson::check(&l, &l.diagram)
        .goals
        .iter()
        .map(|g| g.met)
        .collect();
    assert_eq!(goals_met(&root), expected);
    assert!(expected.iter().any(|m| !m));

    // Hints are revealed one at a time and counted.
    click(&root, "[data-testid=lesson-show-hint]").await;
    assert_eq!(all(&root, "[data-testid=lesson-hint]").len(), 1);
    assert_eq!(
        vpclab_web::lessons::load_progress().hints_shown("why-nat"),
        1
    );

    // Applying the cheaper design the cost panel offers solves it: every goal turns green at once.
    click(&root, "[role=tab][data-tab=cost]").await;
    click(&root, "[data-testid=apply-alternative]").await;
    assert!(
        goals_met(&root).iter().all(|m| *m),
        "{:?}",
        goals_met(&root)
    );
    assert_eq!(
        find(&root, "[data-testid=lesson-panel]")
            .get_attribute("data-complete")
            .as_deref(),
        Some("true")
    );
    assert!(text(&root, "[data-testid=lesson-complete]").contains("Lesson complete"));
    until("the completed lesson to be saved", || {
        vpclab_web::lessons::load_progress().is_completed("why-nat")
    })
    .await;

    // Undo makes it incomplete again: the verdicts follow the diagram.
    click(&root, "[data-testid=undo]").await;
    assert_eq!(goals_met(&root), expected);

    // The lessons dialog shows the progress.
    click(&root, "[data-testid=open-lessons]").await;
    let item = find(&root, "[data-testid=lesson-item][data-lesson=why-nat]");
    assert_eq!(
        item.get_attribute("data-completed").as_deref(),
        Some("true")
    );
    unmount(root, handle);
    reset();
}

#[wasm_bindgen_test]
async fn a_lesson_hides_what_it_asks_to_hide_until_it_is_left() {
    reset();
    let (root, handle) = mount().await;
    let tabs = |root: &Element| -> Vec<String> {
        all(root, "[role=tab]")
            .iter()
            .map(|t| t.get_attribute("data-tab").unwrap())
            .collect()
    };
    assert!(tabs(&root).contains(&"cost".to_string()));
    navigate("lesson=dns-must-be-on").await;
    assert!(lesson::builtin_lesson("dns-must-be-on").unwrap().hide.cost);
    assert!(
        !tabs(&root).contains(&"cost".to_string()) && !tabs(&root).contains(&"report".to_string()),
        "the report's savings are prices too: {:?}",
        tabs(&root)
    );
    assert!(find(&root, ".side-panel")
        .get_attribute("class")
        .unwrap()
        .split_whitespace()
        .any(|c| c == "hide-cost"));
    click(&root, "[data-testid=lesson-leave]").await;
    assert!(maybe(&root, "[data-testid=lesson-panel]").is_none());
    assert!(tabs(&root).contains(&"cost".to_string()));
    unmount(root, handle);
    reset();
}
