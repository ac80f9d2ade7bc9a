//! The first view (issue 17): the diagram the page opens on, drawn by a small binary of its own
//! (`src/bin/first.rs`, Trunk's main asset, preloaded by `index.html`) while the app's WebAssembly is still on its way.
//!
//! It links only what the first screen needs: the model's reader (the autosave, a share link, the first example),
//! the share codec, the layout and the drawing ([`SceneLayers`], the same components the app's canvas draws). The
//! engine, the importer, the lessons and the dialogs stay in the app (`vpclab-web`), which `assets/boot.js` starts
//! right after this has drawn. The app renders underneath; once its own drawing is whole it says so
//! ([`DRAWN_EVENT`]) and `boot.js` calls [`leave`], which takes this view away.
//!
//! It draws only what the app will open on: the share link in the URL when the app would open it at once, else
//! the autosave or the first example. A lesson link or the benchmark's generated diagram is left to the app (the
//! loading notice stays until it mounts).

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use vpclab_core::diagram::Diagram;
use vpclab_core::share;
use yew::prelude::*;

use crate::app::{holds_edits, scene_of, start, SceneContext, Start};
use crate::components::diagram::{backdrop, fitted_view, use_canvas_height, SceneLayers};
use crate::components::header::{brand, doc_title};
use crate::links::{classify, HashLink};
use crate::state::ViewMode;
use crate::view::ViewBox;

/// The event the app dispatches on `window` once its canvas has drawn the whole scene (`components/diagram.rs`):
/// the first view may go.
pub const DRAWN_EVENT: &str = "vpclab:drawn";

/// The id of the element the first view is mounted in.
const ROOT_ID: &str = "first-view";

/// The diagram the app will show first, or `None` when that needs the app (a lesson link, a generated diagram).
pub fn opening() -> Option<Diagram> {
    opening_of(start(), &crate::browser::hash())
}

/// What [`opening`] draws, given what the page starts on and its URL fragment `hash`.
///
/// A share link opens at once unless the autosave holds edits, in which case the app asks first and shows the
/// saved diagram meanwhile (`components/link_handler.rs`); a broken link leaves the diagram as it was.
pub fn opening_of(start: Start, hash: &str) -> Option<Diagram> {
    let (saved, may_hold_edits) = match start {
        Start::Synth(..) => return None,
        Start::Saved(diagram) => (diagram, true),
        Start::Example(diagram) => (diagram, false),
    };
    match classify(hash) {
        Some(HashLink::Lesson(_)) => None,
        Some(HashLink::Share(fragment)) if !(may_hold_edits && holds_edits(&saved)) => Some(
            share::decode(&fragment)
                .map(|(shared, _)| shared)
                .unwrap_or(saved),
        ),
        _ => Some(saved),
    }
}

#[derive(Properties, PartialEq)]
struct FirstViewProps {
    diagram: Rc<Diagram>,
    scene: SceneContext,
}

/// The app's frame (header, palette column, canvas, side panel) with the diagram drawn and the rest waiting.
#[component]
fn FirstView(p: &FirstViewProps) -> Html {
    let svg = use_node_ref();
    let canvas = use_node_ref();
    let view = use_state(|| None::<ViewBox>);
    // The SVG gets the canvas's height in pixels, as the app's canvas does.
    let height = use_canvas_height(&canvas);
    {
        let (svg, view) = (svg.clone(), view.clone());
        let (diagram, scene) = (Rc::clone(&p.diagram), p.scene.clone());
        use_effect_with((), move |_| {
            view.set(Some(fitted_view(&svg, &diagram, &scene.0)))
        });
    }
    let vb = (*view).unwrap_or_default();
    let folded = crate::components::palette::starts_folded();
    let title = doc_title(&p.diagram);
    let selected = p.diagram.selected();
    html! {
        <div class="app first-view" aria-busy="true" data-testid="first-view">
            <header class="topbar">
                <div class="brand">
                    { brand() }
                    <span class="doc-title">{ title }</span>
                </div>
                // Keeps the toolbar's place (on a phone it wraps to a row of its own), so the canvas does not move
                // when the app arrives.
                <nav class="toolbar first-view-toolbar" aria-hidden="true"></nav>
            </header>
            <main class="workspace">
                // The palette's column as the app lays it out: folded below 1440 px (on a phone, a row).
                <nav class={classes!("palette", folded.then_some("is-collapsed"))} aria-hidden="true">
                    if folded {
                        <span class="palette-item palette-toggle">
                            <span class="palette-label">{ "Edit tools" }</span>
                        </span>
                    }
                </nav>
                <section ref={canvas} class="canvas" aria-label="Diagram">
                    <svg ref={svg} class="diagram" height={height.map(|h| h.to_string())}
                        viewBox={vb.attr()} preserveAspectRatio="xMidYMid meet" role="img"
                        aria-label="VPC diagram (loading)" data-testid="first-diagram">
                        { backdrop(&vb) }
                        // Drawn once the canvas is measured (the effect above, in the same task as this render).
                        if view.is_some() {
                            <SceneLayers scene={p.scene.clone()} limit={usize::MAX} selection={Rc::new(Vec::new())}
                                errors={Rc::new(HashSet::new())} offset={None} connect_from={None::<String>} />
                        }
                    </svg>
                </section>
                <aside class="side-panel" aria-label="Inspector">
                    // The flow a shared link is about, so that the reader knows what the verdict will answer.
                    if let Some(flow) = selected {
                        <p class="first-view-flow" data-testid="first-view-flow">
                            <span class="first-view-flow-title">{ crate::flows::title(flow) }</span>
                            <code>{ crate::flows::protocol_port(&flow.spec) }</code>
                        </p>
                    }
                    <p class="first-view-note" role="status">
                        <strong>{ "Loading the editor…" }</strong>
                        { if selected.is_some() {
                            " This flow's verdict, path and cost appear as soon as it has loaded."
                        } else {
                            " The verdict, the path and the costs appear as soon as it has loaded."
                        } }
                    </p>
                </aside>
            </main>
        </div>
    }
}

thread_local! {
    static TOLD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static MOUNTED: RefCell<Option<yew::AppHandle<FirstView>>> = const { RefCell::new(None) };
}

/// Draws the diagram the app will open on ([`opening`]), in a new element at the end of `<body>`. Nothing when that
/// needs the app.
pub fn mount() {
    use crate::browser::timed;
    let Some(diagram) = timed("first-view-open", opening) else {
        return;
    };
    crate::components::theme::apply_saved();
    let mode = ViewMode::opening(&diagram);
    let scene = SceneContext(Rc::new(timed("first-view-scene", || {
        scene_of(&diagram, &mode)
    })));
    let document = gloo::utils::document();
    let Ok(root) = document.create_element("div") else {
        return;
    };
    root.set_id(ROOT_ID);
    if gloo::utils::body().append_child(&root).is_err() {
        return;
    }
    let props = FirstViewProps {
        diagram: Rc::new(diagram),
        scene,
    };
    let handle = yew::Renderer::<FirstView>::with_root_and_props(root, props).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
}

/// Takes the first view away (the app has drawn, or could not start).
pub fn leave() {
    if let Some(handle) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
    }
    if let Some(root) = gloo::utils::document().get_element_by_id(ROOT_ID) {
        root.remove();
    }
}

/// Called by the app's canvas when its drawing is whole: dispatches [`DRAWN_EVENT`] on `window`, the first time
/// only (later loads and views draw with no first view to replace).
pub fn app_drawn() {
    if TOLD.with(|t| t.replace(true)) {
        return;
    }
    if let Ok(event) = web_sys::Event::new(DRAWN_EVENT) {
        let _ = gloo::utils::window().dispatch_event(&event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::gallery;

    fn example(i: usize) -> Diagram {
        gallery::examples()[i].diagram.clone()
    }

    fn link_to(d: &Diagram) -> String {
        format!("#{}", share::encode(d))
    }

    #[test]
    fn draws_what_the_app_opens_on() {
        let (first, shared) = (example(0), example(3));
        let link = link_to(&shared);
        // First visit, a share link: the app opens the link at once (LinkHandler: not dirty).
        assert_eq!(
            opening_of(Start::Example(first.clone()), &link),
            Some(shared.clone())
        );
        // An untouched autosave (an example as the gallery loads it, or an empty diagram): the same.
        let untouched = Start::Saved(example(2));
        assert_eq!(opening_of(untouched, &link), Some(shared.clone()));
        assert_eq!(
            opening_of(Start::Saved(Diagram::default()), &link),
            Some(shared.clone())
        );
        // Edits in the autosave: the app asks before replacing them and shows them meanwhile.
        let mut edited = first.clone();
        edited.topology.name = Some("My edited diagram".into());
        let saved = || Start::Saved(edited.clone());
        assert_eq!(opening_of(saved(), &link), Some(edited.clone()));
        // No link, or a fragment that is not one: the autosave or the example.
        assert_eq!(opening_of(saved(), ""), Some(edited.clone()));
        assert_eq!(
            opening_of(Start::Example(first.clone()), "#top"),
            Some(first.clone())
        );
        // A broken link leaves the diagram as it was (the app shows why in a banner).
        assert_eq!(
            opening_of(Start::Example(first.clone()), "#v1.!!!"),
            Some(first.clone())
        );
    }

    #[test]
    fn leaves_lessons_and_generated_diagrams_to_the_app() {
        assert_eq!(
            opening_of(Start::Example(example(0)), "#lesson=why-nat"),
            None
        );
        assert_eq!(opening_of(Start::Synth(10, 10), ""), None);
        assert_eq!(
            opening_of(Start::Synth(10, 10), &link_to(&example(1))),
            None
        );
    }
}
