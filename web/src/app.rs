//! The root component: page layout, the [`AppContext`] every component reads, the memoised analysis, autosave and
//! the keyboard shortcuts.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use vpclab_core::edit::Edit;
use vpclab_core::layout::Scene;

use crate::analysis::{analyze_shared, Ahead, Analysis};
use crate::components::Palette;
use crate::components::{
    AuthorDialog, Diagram, GalleryDialog, Header, ImportDialog, LessonsDialog, LinkHandler,
    ShareDialog, SidePanel,
};
use crate::shortcuts::{shortcut, Shortcut};
use crate::state::{Action, AppContext, AppState, Mode, ViewMode};
use crate::storage;

/// The analysis of the current diagram, shared by reference: two handles are equal when they point at the same
/// analysis (no deep comparison on every render).
#[derive(Clone, Debug)]
pub struct AnalysisContext(pub Rc<Analysis>);

impl PartialEq for AnalysisContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for AnalysisContext {
    type Target = Analysis;
    fn deref(&self) -> &Analysis {
        &self.0
    }
}

/// The drawn scene of the current diagram ([`vpclab_core::layout::scene`]), once per revision, shared by reference.
#[derive(Clone, Debug)]
pub struct SceneContext(pub Rc<Scene>);

impl PartialEq for SceneContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SceneContext {
    type Target = Scene;
    fn deref(&self) -> &Scene {
        &self.0
    }
}

/// The memo key of the scene: the diagram, compared by what the scene depends on (topology, layout, flows).
#[derive(Clone, Debug)]
pub struct SceneInput(pub Rc<vpclab_core::diagram::Diagram>);

impl PartialEq for SceneInput {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        Rc::ptr_eq(a, b) || (a.layout == b.layout && a.flows == b.flows && a.topology == b.topology)
    }
}

/// Which dialog is open over the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    Gallery,
    /// Copy link (`components/share.rs`).
    Share,
    Import,
    Lessons,
    /// Make a lesson from the diagram.
    Author,
}

/// Opens and closes the page's dialogs (provided by the `App`).
pub type DialogContext = UseStateHandle<Option<Dialog>>;

/// What the page starts on, before any link in its URL is opened (the app's [`initial_state`], and the first view's
/// drawing, `first_view.rs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    /// A generated diagram of this many VPCs × subnets (`?synth=10x10`, the benchmark hook).
    Synth(usize, usize),
    /// The autosaved diagram (the user's work when [`holds_edits`]).
    Saved(vpclab_core::diagram::Diagram),
    /// Nothing saved: the first gallery example.
    Example(vpclab_core::diagram::Diagram),
}

/// What the page starts on: a generated diagram when the page asks for one, else the autosaved diagram, else the
/// first gallery example.
pub fn start() -> Start {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    if let Some((vpcs, subnets)) = crate::gallery::synth_param(&search) {
        return Start::Synth(vpcs, subnets);
    }
    match storage::load() {
        Some(saved) => Start::Saved(saved),
        None => Start::Example(crate::gallery::first_example()),
    }
}

/// Whether an autosaved diagram is the user's work: not empty and not an untouched example (which reads every
/// example, so it is asked only where it matters).
pub fn holds_edits(saved: &vpclab_core::diagram::Diagram) -> bool {
    *saved != vpclab_core::diagram::Diagram::default()
        && !crate::gallery::is_pristine_example(saved)
}

/// The state on start ([`start`]).
pub fn initial_state() -> AppState {
    match start() {
        Start::Synth(vpcs, subnets) => {
            AppState::with_diagram(crate::gallery::synth_diagram(vpcs, subnets))
        }
        Start::Saved(diagram) => AppState {
            dirty: holds_edits(&diagram),
            ..AppState::with_diagram(diagram)
        },
        Start::Example(diagram) => AppState::with_diagram(diagram),
    }
}

/// What the canvas draws of `d` in `mode`.
pub fn scene_of(d: &vpclab_core::diagram::Diagram, mode: &ViewMode) -> Scene {
    match mode {
        ViewMode::Full => vpclab_core::layout::scene(d),
        ViewMode::Overview => vpclab_core::layout::overview::overview(d),
        // A VPC deleted (or undone away) while open: back to the overview.
        ViewMode::Vpc(id) if d.topology.vpcs.iter().any(|v| &v.id == id) => {
            vpclab_core::layout::overview::focus(d, id)
        }
        ViewMode::Vpc(_) => vpclab_core::layout::overview::overview(d),
    }
}

thread_local! {
    /// A scene laid out ahead of the render that draws it ([`prepare_scene`]), with the view it was laid out for.
    static PREPARED_SCENE: Ahead<(ViewMode, Scene)> = const { Ahead::new() };
}

/// Lays out `diagram` as it opens (`ViewMode::opening`) now, so that the render which loads it does not (with
/// `analysis::prepare`: a large import's load is then a shorter task). The next scene of this very diagram in that
/// view takes it.
pub fn prepare_scene(diagram: &Rc<vpclab_core::diagram::Diagram>) {
    let mode = ViewMode::opening(diagram);
    let scene = crate::browser::timed("scene", || scene_of(diagram, &mode));
    PREPARED_SCENE.with(|p| p.put(diagram, (mode, scene)));
}

/// The whole application.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dialog = use_state(|| None::<Dialog>);

    // Every flow's trace and cost, once per change of the topology or the flows.
    let analysis = {
        let diagram = Rc::clone(&state.diagram);
        use_memo(state.model_revision, move |_| {
            crate::browser::timed("analysis", || analyze_shared(&diagram))
        })
    };
    // What the canvas draws, once per change of what it depends on (not when only the selected flow changes).
    let scene = {
        let input = SceneInput(Rc::clone(&state.diagram));
        // A lesson may hide nodes (`lesson.hide.nodes`): they are not drawn.
        let hidden = state
            .lesson
            .as_ref()
            .map(|l| l.hide.nodes.clone())
            .unwrap_or_default();
        use_memo(
            (input, hidden, state.view_mode.clone()),
            move |(input, hidden, mode)| {
                crate::browser::timed("scene", || {
                    let scene = PREPARED_SCENE
                        .with(|p| p.take(&input.0))
                        .filter(|(m, _)| m == mode)
                        .map_or_else(|| scene_of(&input.0, mode), |(_, scene)| scene);
                    crate::lessons::hide_nodes(scene, hidden)
                })
            },
        )
    };

    // Autosave, debounced: each change replaces the pending write.
    let pending = use_mut_ref(|| None::<Timeout>);
    {
        let diagram = Rc::clone(&state.diagram);
        let pending = Rc::clone(&pending);
        use_effect_with(state.revision, move |_| {
            let timeout = Timeout::new(storage::DEBOUNCE_MS, move || {
                crate::browser::timed("autosave", || storage::save(&diagram));
            });
            *pending.borrow_mut() = Some(timeout);
        });
    }
    // A write still pending when the page is hidden or closed happens at once.
    {
        let latest = use_mut_ref(|| Rc::clone(&state.diagram));
        *latest.borrow_mut() = Rc::clone(&state.diagram);
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                storage::save(&latest.borrow());
            });
            move || drop(listener)
        });
    }

    use_keyboard_shortcuts(&state);

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
        <ContextProvider<AnalysisContext> context={AnalysisContext(analysis)}>
        <ContextProvider<SceneContext> context={SceneContext(scene)}>
        <ContextProvider<DialogContext> context={dialog.clone()}>
            <div class="app">
                <a class="skip-link" href="#diagram" onclick={Callback::from(skip_to_diagram)} data-testid="skip-link">
                    { "Skip to the diagram" }
                </a>
                <Header />
                <main class="workspace">
                    <Palette />
                    <Diagram />
                    <SidePanel />
                </main>
                <GalleryDialog open={*dialog == Some(Dialog::Gallery)} />
                <ShareDialog open={*dialog == Some(Dialog::Share)} />
                <ImportDialog open={*dialog == Some(Dialog::Import)} />
                <LessonsDialog open={*dialog == Some(Dialog::Lessons)} />
                <AuthorDialog open={*dialog == Some(Dialog::Author)} />
                <LinkHandler />
            </div>
        </ContextProvider<DialogContext>>
        </ContextProvider<SceneContext>>
        </ContextProvider<AnalysisContext>>
        </ContextProvider<AppContext>>
    }
}

/// Ctrl/⌘+Z, Ctrl/⌘+Shift+Z (and Ctrl+Y), Escape, Delete/Backspace — anywhere on the page except while typing in a
/// field (where the browser's own text undo applies).
#[hook]
fn use_keyboard_shortcuts(state: &AppContext) {
    let latest: Rc<RefCell<AppContext>> = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    use_effect_with((), move |_| {
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(
            &gloo::utils::document(),
            "keydown",
            options,
            move |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let typing = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| is_text_field(&el));
                let in_dialog = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("dialog").ok().flatten())
                    .is_some();
                let Some(action) = shortcut(
                    &event.key(),
                    event.ctrl_key() || event.meta_key(),
                    event.shift_key(),
                    event.alt_key(),
                    typing || in_dialog,
                ) else {
                    return;
                };
                let state = latest.borrow().clone();
                match action {
                    Shortcut::Undo => {
                        state.dispatch(Action::Undo);
                        keep_focus();
                    }
                    Shortcut::Redo => {
                        state.dispatch(Action::Redo);
                        keep_focus();
                    }
                    Shortcut::Escape => {
                        if state.mode != Mode::Select {
                            state.dispatch(Action::SetMode(Mode::Select));
                        } else if !state.selection.is_empty() {
                            state.dispatch(Action::SetSelection(Vec::new()));
                        } else if matches!(state.view_mode, ViewMode::Vpc(_)) {
                            // Out of an open VPC, back to the overview.
                            state.dispatch(Action::SetViewMode(ViewMode::Overview));
                        } else {
                            return;
                        }
                    }
                    Shortcut::Delete => {
                        if state.selection.is_empty() {
                            return;
                        }
                        state.dispatch(Action::Edit(Edit::Delete {
                            ids: state.selection.clone(),
                        }));
                        keep_focus();
                    }
                }
                event.prevent_default();
            },
        );
        move || drop(listener)
    });
}

/// The skip link: focus the diagram's first object (not the URL fragment: the app reads that for links).
fn skip_to_diagram(e: MouseEvent) {
    e.prevent_default();
    let doc = gloo::utils::document();
    let first = doc
        .query_selector("#diagram [role=button][tabindex='0']")
        .ok()
        .flatten()
        .or_else(|| doc.get_element_by_id("diagram"));
    if let Some(el) = first {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// After Delete, Undo or Redo the focused object may be gone from the page: once the page is drawn again, focus
/// goes to the selected object, else to the diagram, never back to the top of the page.
fn keep_focus() {
    let was_in_diagram = gloo::utils::document()
        .active_element()
        .and_then(|el| el.closest("#diagram").ok().flatten())
        .is_some();
    Timeout::new(0, move || {
        let doc = gloo::utils::document();
        let lost = doc
            .active_element()
            .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
        if !(lost || was_in_diagram) {
            return;
        }
        let target = doc
            .query_selector("#diagram .is-selected[role=button]")
            .ok()
            .flatten()
            .or_else(|| doc.get_element_by_id("diagram"));
        if let Some(el) = target {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    })
    .forget();
}

/// Whether key presses in `el` are typing (inputs, text areas, selects, contenteditable).
fn is_text_field(el: &web_sys::Element) -> bool {
    let tag = el.tag_name().to_ascii_lowercase();
    if tag == "textarea" || tag == "select" {
        return true;
    }
    if tag == "input" {
        let kind = el.get_attribute("type").unwrap_or_default();
        return !matches!(
            kind.as_str(),
            "button" | "checkbox" | "radio" | "submit" | "reset"
        );
    }
    el.get_attribute("contenteditable")
        .is_some_and(|v| v != "false")
}
