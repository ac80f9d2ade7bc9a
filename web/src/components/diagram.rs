//! The diagram: the core's scene ([`vpclab_core::layout::scene`]) drawn as SVG — region lanes, VPCs, AZ lanes,
//! subnets, association edges, nodes with icons — and the selected flow's path on top, hop by hop
//! ([`vpclab_core::layout::path_points`]): private segments solid, internet segments dashed, a blocked flow ending
//! in a stop marker with its reason.
//!
//! Interaction: click selects (Shift+click adds), drag moves (pointer capture, the core snaps), drag on the
//! background or Space+drag pans, the wheel zooms at the pointer, the corner buttons zoom and fit. Nodes are
//! focusable: Enter/Space selects, arrow keys move (Shift: further). In connect mode the first click picks the
//! source and the second the target (the core says what the connection does); in pick mode a click sets the
//! selected flow's source or destination.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use vpclab_core::diagram::Point;
use vpclab_core::edit::{connection, Edit};
use vpclab_core::layout::{path_points, PathSegment, Scene, SceneKind, SceneNode};
use vpclab_core::Network;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::{AnalysisContext, SceneContext};
use crate::canvas::{client_to_svg, wheel_factor, Gesture, DRAG_THRESHOLD_PX, ZOOM_STEP};
use crate::components::icons::glyph;
use crate::components::overview::{OverviewBar, OverviewNode};
use crate::scene_view::{edge_class, fit_text, kind_name, look, moving_set, node_name, opens};
use crate::state::{Action, AppContext, AppState, Mode, Side, ViewMode};
use crate::view::{round2, ViewBox};

/// Spacing of the fine grid lines, in SVG user units.
pub const GRID_MINOR: u32 = 20;
/// Spacing of the strong grid lines, in SVG user units (a multiple of [`GRID_MINOR`]).
pub const GRID_MAJOR: u32 = 100;
/// How far the grid extends beyond the view box, in SVG user units.
pub const GRID_BLEED: f64 = 5000.0;
/// How far an arrow key moves a node (diagram units); with Shift, four times as far.
pub const KEY_STEP: f64 = 8.0;
/// A scene of more than this many drawn objects (VPC and subnet containers, nodes, edges) is drawn in slices after a
/// load or a change of view ([`use_slices`]), so that no task of the page runs long (issue 14: a long task is over
/// 50 ms, and none may pass 100 ms during a 100-VPC import; an overview node is about 20 DOM nodes). An edit redraws
/// at once.
pub const DRAW_AT_ONCE: usize = 40;
/// The fewest objects a slice draws, and the size of each [`SceneSlice`] component.
pub const DRAW_SLICE: usize = 20;
/// What each later slice aims to cost the page's thread (its render and DOM changes; the browser's layout and
/// paint of it come on top).
pub const SLICE_BUDGET_MS: f64 = 30.0;

fn n(v: f64) -> String {
    round2(v).to_string()
}

/// An SVG `points` attribute.
fn points_attr(pts: &[Point]) -> String {
    pts.iter()
        .map(|p| format!("{},{}", n(p.x), n(p.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a pointer or key event on the diagram is about.
#[derive(Clone, Debug, PartialEq)]
struct Target {
    /// Layout key (node key, subnet or VPC id).
    key: String,
    /// The object it stands for.
    id: String,
    movable: bool,
}

fn target_of(e: &web_sys::Event) -> Option<Target> {
    let el: web_sys::Element = e.target()?.dyn_into().ok()?;
    let g = el.closest("[data-key]").ok().flatten()?;
    Some(Target {
        key: g.get_attribute("data-key")?,
        id: g.get_attribute("data-id")?,
        movable: g.get_attribute("data-movable").as_deref() == Some("true"),
    })
}

/// The SVG's screen matrix as `(a, d, e, f)`.
fn ctm(svg: &NodeRef) -> Option<(f64, f64, f64, f64)> {
    let svg = svg.cast::<web_sys::SvgGraphicsElement>()?;
    let m = svg.get_screen_ctm()?;
    Some((m.a() as f64, m.d() as f64, m.e() as f64, m.f() as f64))
}

/// The layout keys that move when `ids` are dragged: movable nodes standing for those ids, and containers.
fn drag_keys(scene: &Scene, ids: &[String]) -> Vec<(String, Point)> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(v) = scene.vpcs.iter().find(|v| &v.id == id) {
            out.push((v.id.clone(), v.rect.origin()));
        } else if let Some(s) = scene.subnets.iter().find(|s| &s.id == id) {
            out.push((s.id.clone(), s.rect.origin()));
        } else {
            for n in scene
                .nodes
                .iter()
                .filter(|n| n.movable && (&n.id == id || &n.key == id))
            {
                out.push((n.key.clone(), n.rect.origin()));
            }
        }
    }
    // A container and something inside it: moving the container is enough.
    let keys: Vec<String> = out.iter().map(|(k, _)| k.clone()).collect();
    let inside: HashSet<String> = keys
        .iter()
        .flat_map(|k| {
            let mut set = moving_set(scene, std::slice::from_ref(k));
            set.remove(k);
            set
        })
        .collect();
    out.retain(|(k, _)| !inside.contains(k));
    out
}

/// The SVG canvas with its layers, overlays and controls.
#[component]
pub fn Diagram() -> Html {
    let state = use_context::<AppContext>().expect("Diagram must be inside the App context");
    let analysis =
        use_context::<AnalysisContext>().expect("Diagram must be inside the App context");
    let scene = use_context::<SceneContext>().expect("Diagram must be inside the App context");
    let svg = use_node_ref();
    let canvas = use_node_ref();
    // The canvas's height in CSS pixels, given to the SVG as a fixed `height` ([`use_canvas_height`]).
    let height = use_canvas_height(&canvas);
    let gesture: Rc<RefCell<Option<Gesture>>> = use_mut_ref(|| None);
    let offset = use_state(|| None::<DragOffset>);
    let pan_view = use_state(|| None::<ViewBox>);
    // Fingers on the canvas (pointer id → client point): two of them pinch-zoom and pan.
    let touches = use_mut_ref(Vec::<(i32, (f64, f64))>::new);
    let hover = use_state(|| None::<String>);
    let space = use_mut_ref(|| false);
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();

    let view = pan_view.unwrap_or(state.view);
    let drawn = use_slices((state.loads, state.view_mode.clone()), Layer::total(&scene));
    // The first view (`first_view.rs`) stays over the canvas until this drawing is whole.
    use_effect_with(drawn == usize::MAX, |whole| {
        if *whole {
            crate::first_view::app_drawn();
        }
    });

    // The selected flow's path on the scene.
    let segments = {
        let scene = scene.clone();
        let analysis = analysis.clone();
        let selected = state.diagram.selected_flow;
        // The scene is a key too: the overview, an open VPC and the full diagram draw the path differently.
        let drawn = Rc::as_ptr(&scene.0) as usize;
        use_memo((state.revision, state.model_revision, drawn), move |_| {
            selected
                .and_then(|i| analysis.flows.get(i))
                .and_then(|r| r.trace())
                .map(|t| (path_points(&scene.0, t), t.clone()))
        })
    };

    // Fit to the drawing after a load or on request.
    {
        let svg = svg.clone();
        let state = state.clone();
        let scene = scene.clone();
        use_effect_with((state.fit_pending, state.revision), move |(pending, _)| {
            if *pending {
                let fitted = fitted_view(&svg, &state.diagram, &scene.0);
                state.dispatch(Action::Fitted(fitted));
            }
        });
    }

    // Information notices go away by themselves; refusals stay until dismissed or replaced.
    {
        let state = state.clone();
        let timer = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        let info = state
            .notice
            .as_ref()
            .filter(|n| !n.error)
            .map(|n| n.text.clone());
        use_effect_with(info, move |info| {
            *timer.borrow_mut() = info.as_ref().map(|_| {
                gloo::timers::callback::Timeout::new(8000, move || {
                    state.dispatch(Action::DismissNotice)
                })
            });
        });
    }

    // What was just created comes into view (the view pans only as far as needed).
    {
        let state = state.clone();
        let scene = scene.clone();
        // After a fit (a search result opens its VPC, then reveals the object in the fitted view).
        use_effect_with(
            (state.reveal.clone(), state.fit_pending),
            move |(reveal, pending)| {
                if let (Some(id), false) = (reveal, pending) {
                    let rect = scene
                        .rect_of(id)
                        .or_else(|| scene.nodes.iter().find(|n| &n.id == id).map(|n| n.rect));
                    let view = match rect {
                        Some(r) => state.view.revealing(r.x, r.y, r.w, r.h, 40.0),
                        None => state.view,
                    };
                    state.dispatch(Action::SetView(view));
                }
            },
        );
    }

    // A path the reader asked to see (a report entry): the view pans until all of it is in view.
    {
        let state = state.clone();
        let key = (state.reveal_path, Rc::as_ptr(&segments) as usize);
        let segments = segments.clone();
        use_effect_with(key, move |(reveal, _)| {
            if *reveal {
                let points = segments
                    .as_ref()
                    .as_ref()
                    .map(|(segs, _)| segs.iter().flat_map(|s| [s.from, s.to]).collect::<Vec<_>>())
                    .unwrap_or_default();
                let view = crate::view::bounds_of(points.iter().map(|p| (p.x, p.y)))
                    .map_or(state.view, |(x, y, w, h)| {
                        state.view.revealing(x, y, w, h, 60.0)
                    });
                state.dispatch(Action::SetView(view));
            }
        });
    }

    // The first thing drawn on an empty canvas: fit it into view. What is drawn at mount is fitted by the load's
    // own fit: requesting another then would leave `fit_pending` set with nothing to re-run the fit effect (the
    // handle reads the state after that fit), and the Fit button would do nothing until the next edit.
    {
        let state = state.clone();
        let empty = scene.vpcs.is_empty() && scene.nodes.is_empty();
        let was_empty = use_mut_ref(|| empty);
        use_effect_with(empty, move |empty| {
            if *was_empty.borrow() && !*empty && !state.fit_pending {
                state.dispatch(Action::RequestFit);
            }
            *was_empty.borrow_mut() = *empty;
        });
    }

    // The wheel zooms at the pointer (a non-passive listener, so the page does not scroll).
    {
        let svg = svg.clone();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = svg.cast::<web_sys::Element>().map(|el| {
                let target = svg.clone();
                EventListener::new_with_options(
                    &el,
                    "wheel",
                    EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::WheelEvent>() else {
                            return;
                        };
                        e.prevent_default();
                        let state = latest.borrow().clone();
                        let Some(m) = ctm(&target) else { return };
                        let p = client_to_svg((e.client_x() as f64, e.client_y() as f64), m);
                        let factor = wheel_factor(e.delta_y(), e.delta_mode());
                        state.dispatch(Action::SetView(state.view.zoomed_at(factor, p.x, p.y)));
                    },
                )
            });
            move || drop(listener)
        });
    }

    // Space held down: drags pan, even over objects.
    {
        let space = space.clone();
        use_effect_with((), move |_| {
            let doc = gloo::utils::document();
            let down = {
                let space = space.clone();
                EventListener::new(&doc, "keydown", move |e| {
                    if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                        if k.key() == " " && !typing(e) {
                            *space.borrow_mut() = true;
                        }
                    }
                })
            };
            let up = EventListener::new(&doc, "keyup", move |e| {
                if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                    if k.key() == " " {
                        *space.borrow_mut() = false;
                    }
                }
            });
            move || drop((down, up))
        });
    }

    let onpointerdown = {
        let state = state.clone();
        let scene = scene.clone();
        let svg = svg.clone();
        let gesture = gesture.clone();
        let space = space.clone();
        let touches = touches.clone();
        let pan_view = pan_view.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            let Some(m) = ctm(&svg) else { return };
            let client = (e.client_x() as f64, e.client_y() as f64);
            if e.pointer_type() == "touch" {
                let mut t = touches.borrow_mut();
                t.retain(|(id, _)| *id != e.pointer_id());
                t.push((e.pointer_id(), client));
                if t.len() >= 2 {
                    // A second finger: the one-finger gesture gives way to the pinch.
                    *gesture.borrow_mut() = None;
                    pan_view.set(None);
                    return;
                }
            }
            let target = target_of(&e).filter(|_| !*space.borrow());
            if let Some(el) = svg.cast::<web_sys::Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            match (&state.mode, target) {
                // A plain press in select mode may start a drag of the selection; anything else is an activation.
                (Mode::Select, Some(t)) if !e.shift_key() => {
                    let ids: Vec<String> = if state.is_selected(&t.id) {
                        state.selection.clone()
                    } else {
                        vec![t.id.clone()]
                    };
                    state.dispatch(activation(&scene, &state.mode, &t, false));
                    let moving = drag_keys(&scene.0, &ids);
                    *gesture.borrow_mut() = (!moving.is_empty()).then(|| Gesture::Move {
                        ids: moving.iter().map(|(k, _)| k.clone()).collect(),
                        origins: moving.iter().map(|(_, p)| *p).collect(),
                        start: client_to_svg(client, m),
                        dragging: false,
                    });
                }
                (_, Some(t)) => {
                    state.dispatch(activation(&scene, &state.mode, &t, e.shift_key()));
                    *gesture.borrow_mut() = None;
                }
                (_, None) => {
                    *gesture.borrow_mut() = Some(Gesture::Pan {
                        start_client: client,
                        start_view: state.view,
                        scale: 1.0 / m.0,
                    });
                }
            }
        })
    };

    let onpointermove = {
        let svg = svg.clone();
        let gesture = gesture.clone();
        let offset = offset.clone();
        let pan_view = pan_view.clone();
        let scene = scene.clone();
        let hover = hover.clone();
        let state = state.clone();
        let touches = touches.clone();
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "touch" && touches.borrow().len() >= 2 {
                let mut t = touches.borrow_mut();
                let Some(i) = t.iter().position(|(id, _)| *id == e.pointer_id()) else {
                    return;
                };
                let before = [t[0].1, t[1].1];
                t[i].1 = (e.client_x() as f64, e.client_y() as f64);
                let after = [t[0].1, t[1].1];
                drop(t);
                if let Some(m) = ctm(&svg) {
                    state.dispatch(Action::SetView(crate::canvas::pinched(
                        state.view, before, after, m,
                    )));
                }
                return;
            }
            if matches!(state.mode, Mode::Connect { from: Some(_) }) {
                let over = target_of(&e).map(|t| t.id);
                if *hover != over {
                    hover.set(over);
                }
            }
            if e.buttons() & 1 == 0 {
                return;
            }
            let Some(m) = ctm(&svg) else { return };
            let client = (e.client_x() as f64, e.client_y() as f64);
            let mut g = gesture.borrow_mut();
            match g.as_mut() {
                Some(pan @ Gesture::Pan { .. }) => {
                    if let Some(v) = pan.panned_view(client) {
                        pan_view.set(Some(v));
                    }
                }
                Some(mv @ Gesture::Move { .. }) => {
                    let at = client_to_svg(client, m);
                    if let Some(off) = mv.moved(at, DRAG_THRESHOLD_PX / m.0) {
                        let set = match &*offset {
                            Some((_, set)) => Rc::clone(set),
                            None => {
                                let Gesture::Move { ids, .. } = &*mv else {
                                    return;
                                };
                                Rc::new(moving_set(&scene.0, ids))
                            }
                        };
                        offset.set(Some((off, set)));
                    }
                }
                None => {}
            }
        })
    };

    let end_gesture = {
        let state = state.clone();
        let gesture = gesture.clone();
        let offset = offset.clone();
        let pan_view = pan_view.clone();
        let svg = svg.clone();
        move |e: PointerEvent, commit: bool| {
            if let Some(el) = svg.cast::<web_sys::Element>() {
                let _ = el.release_pointer_capture(e.pointer_id());
            }
            let Some(g) = gesture.borrow_mut().take() else {
                return;
            };
            match &g {
                Gesture::Pan { start_client, .. } => {
                    let client = (e.client_x() as f64, e.client_y() as f64);
                    let moved = (client.0 - start_client.0).hypot(client.1 - start_client.1);
                    if commit && moved < DRAG_THRESHOLD_PX {
                        // A click on the background clears the selection.
                        state.dispatch(Action::SetSelection(Vec::new()));
                    } else if let Some(v) = g.panned_view(client).filter(|_| commit) {
                        state.dispatch(Action::SetView(v));
                    }
                    pan_view.set(None);
                }
                Gesture::Move { dragging, .. } => {
                    if let (true, true, Some((off, _))) = (commit, *dragging, &*offset) {
                        let edits: Vec<Edit> = g
                            .targets(*off)
                            .into_iter()
                            .map(|(id, to)| Edit::Move { id, to })
                            .collect();
                        state.dispatch(Action::Edits(edits));
                    }
                    offset.set(None);
                }
            }
        }
    };
    let lift = {
        let touches = touches.clone();
        move |e: &PointerEvent| touches.borrow_mut().retain(|(id, _)| *id != e.pointer_id())
    };
    let onpointerup = {
        let end = end_gesture.clone();
        let lift = lift.clone();
        Callback::from(move |e: PointerEvent| {
            lift(&e);
            end(e, true)
        })
    };
    let onpointercancel = Callback::from(move |e: PointerEvent| {
        lift(&e);
        end_gesture(e, false)
    });

    let onkeydown = {
        let state = state.clone();
        let scene = scene.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(t) = target_of(&e) else { return };
            let key = e.key();
            match key.as_str() {
                // Enter on a VPC of the overview opens it.
                "Enter" if state.mode == Mode::Select && opens(&scene, &t.key).is_some() => {
                    e.prevent_default();
                    if let Some(id) = opens(&scene, &t.key) {
                        state.dispatch(Action::SetViewMode(ViewMode::Vpc(id)));
                    }
                }
                "Enter" | " " => {
                    e.prevent_default();
                    state.dispatch(activation(&scene, &state.mode, &t, e.shift_key()));
                }
                // Arrow keys move the focus to the nearest object that way; a selected object (or Alt+arrow)
                // moves instead.
                "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight"
                    if !(t.movable && (state.is_selected(&t.id) || e.alt_key())) =>
                {
                    e.prevent_default();
                    if let Some(next) = crate::scene_view::neighbour(&scene, &t.key, &key) {
                        focus_key(&next);
                    }
                }
                "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" if t.movable => {
                    e.prevent_default();
                    let step = if e.shift_key() {
                        KEY_STEP * 4.0
                    } else {
                        KEY_STEP
                    };
                    let (dx, dy) = match key.as_str() {
                        "ArrowUp" => (0.0, -step),
                        "ArrowDown" => (0.0, step),
                        "ArrowLeft" => (-step, 0.0),
                        _ => (step, 0.0),
                    };
                    if let Some(r) = scene.rect_of(&t.key) {
                        state.dispatch(Action::Edit(Edit::Move {
                            id: t.key.clone(),
                            to: Point::new(r.x + dx, r.y + dy),
                        }));
                    }
                }
                _ => {}
            }
        })
    };

    // A palette item dropped on the canvas is added where it was dropped.
    let ondragover = Callback::from(|e: DragEvent| {
        let ours = e.data_transfer().is_some_and(|dt| {
            dt.types()
                .includes(&crate::components::palette::DRAG_TYPE.into(), 0)
        });
        if ours {
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
        }
    });
    let ondrop = {
        let state = state.clone();
        let svg = svg.clone();
        Callback::from(move |e: DragEvent| {
            let Some(dt) = e.data_transfer() else { return };
            let Ok(text) = dt.get_data(crate::components::palette::DRAG_TYPE) else {
                return;
            };
            let Some(item) = text
                .parse::<usize>()
                .ok()
                .and_then(|i| vpclab_core::edit::palette().into_iter().nth(i))
            else {
                return;
            };
            e.prevent_default();
            let Some(m) = ctm(&svg) else { return };
            let at = client_to_svg((e.client_x() as f64, e.client_y() as f64), m);
            state.dispatch(Action::Edit(Edit::Add {
                kind: item.kind,
                parent: None,
                at: Some(at),
            }));
        })
    };

    // A double-click on a VPC of the overview opens it.
    let ondblclick = {
        let state = state.clone();
        let scene = scene.clone();
        Callback::from(move |e: MouseEvent| {
            // The SVG holds the pointer capture, so the event's target is the SVG: look under the pointer.
            let key = gloo::utils::document()
                .element_from_point(e.client_x() as f32, e.client_y() as f32)
                .and_then(|el| el.closest("[data-key]").ok().flatten())
                .and_then(|g| g.get_attribute("data-key"));
            if let Some(id) = key.and_then(|k| opens(&scene, &k)) {
                state.dispatch(Action::SetViewMode(ViewMode::Vpc(id)));
            }
        })
    };

    let zoom = |factor: f64| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::SetView(state.view.zoomed(factor)))
        })
    };
    let fit = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::RequestFit))
    };

    // The zoom the reader sees: pixels per drawing unit on this canvas.
    let px_width = svg
        .cast::<web_sys::Element>()
        .map_or(0.0, |e| e.get_bounding_client_rect().width());
    let errors = {
        let analysis = analysis.clone();
        use_memo(state.model_revision, move |_| {
            analysis
                .diagnostics
                .iter()
                .filter(|d| d.severity == vpclab_core::Severity::Error)
                .map(|d| d.subject.clone())
                .collect::<HashSet<String>>()
        })
    };
    let moving = offset.as_ref().map(|(_, set)| Rc::clone(set));
    let connect_from = match &state.mode {
        Mode::Connect { from } => from.clone(),
        _ => None,
    };
    // In connect mode, once the first end is picked: the objects the core can connect it to, outlined.
    let targets = {
        let d = Rc::clone(&state.diagram);
        let scene = scene.clone();
        use_memo(
            (connect_from.clone(), state.model_revision),
            move |(from, _)| connect_targets(&d, &scene, from.as_deref()),
        )
    };
    let mode_class = match state.mode {
        Mode::Select => None,
        Mode::Connect { .. } => Some("mode-connect"),
        Mode::Pick(_) => Some("mode-pick"),
    };
    let empty = scene.vpcs.is_empty() && scene.nodes.is_empty();
    let (cx, cy) = view.center();
    // On a phone the legend starts folded (it would cover the small drawing); the stylesheet's reading layout
    // starts at the same width.
    let phone = gloo::utils::window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w <= PHONE_MAX_PX);

    html! {
        <section ref={canvas} class="canvas" aria-label="Diagram" {ondragover} {ondrop}>
            <svg
                ref={svg}
                id="diagram"
                tabindex="-1"
                height={height.map(|h| h.to_string())}
                class={classes!("diagram", mode_class, pan_view.is_some().then_some("is-panning"))}
                viewBox={view.attr()}
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label="VPC diagram"
                aria-roledescription="diagram"
                aria-busy={(drawn != usize::MAX).then_some("true")}
                data-testid="diagram"
                {onpointerdown}
                {onpointermove}
                {onpointerup}
                {onpointercancel}
                {onkeydown}
                {ondblclick}
            >
                { backdrop(&view) }

                <SceneLayers scene={scene.clone()} limit={drawn} selection={Rc::new(state.selection.clone())}
                    errors={Rc::clone(&errors)} offset={(*offset).clone()} connect_from={connect_from.clone()} />

                if !targets.is_empty() {
                    <g class="layer-targets" aria-hidden="true">
                        for (key, r) in targets.iter() {
                            <rect key={key.clone()} class="connect-target" data-testid="connect-target" data-key={key.clone()}
                                x={n(r.x - 4.0)} y={n(r.y - 4.0)} width={n(r.w + 8.0)} height={n(r.h + 8.0)} rx="10" />
                        }
                    </g>
                }

                if let Some(r) = state.highlight.as_deref().and_then(|id| {
                    let id = id.strip_prefix("aws-service:").map_or(id.to_string(), |s| format!("aws-service:{s}"));
                    scene.nodes.iter().find(|n| n.key == id || n.id == id || n.aliases.contains(&id)).map(|n| n.rect)
                        .or_else(|| scene.rect_of(&id))
                }) {
                    <rect class="hop-highlight" data-testid="hop-highlight" aria-hidden="true"
                        x={n(r.x - 6.0)} y={n(r.y - 6.0)} width={n(r.w + 12.0)} height={n(r.h + 12.0)} rx="12" />
                }

                if moving.is_none() {
                    if let Some((segs, trace)) = &*segments {
                        { path_view(&scene, segs, trace) }
                    }
                }

                if empty {
                    <g class="empty-hint">
                        <text x={n(cx)} y={n(cy - 10.0)} text-anchor="middle" class="empty-title">
                            { "Empty diagram" }
                        </text>
                        <text x={n(cx)} y={n(cy + 18.0)} text-anchor="middle" class="empty-body">
                            { "Add a VPC from the palette, or open an example." }
                        </text>
                    </g>
                }
            </svg>

            <OverviewBar />
            { mode_banner(&state, &hover) }
            { notice_view(&state) }
            if let Some((_, trace)) = &*segments {
                <details class="legend" aria-label="Path legend" open={!phone}>
                    <summary class="legend-toggle">{ "Legend" }</summary>
                    <div class="legend-items">
                    <span class="legend-item"><svg aria-hidden="true" viewBox="0 0 30 10"><line x1="2" y1="5" x2="28" y2="5" class="path-seg path-private" /></svg>{ "private network" }</span>
                    <span class="legend-item"><svg aria-hidden="true" viewBox="0 0 30 10"><line x1="2" y1="5" x2="28" y2="5" class="path-seg path-public" /></svg>{ vpclab_core::codes::network::public_label(trace) }</span>
                    <span class="legend-item"><svg aria-hidden="true" viewBox="0 0 30 10"><line x1="2" y1="5" x2="28" y2="5" class="path-seg path-blocked" /></svg>{ "blocked ✕" }</span>
                    </div>
                </details>
            }
            <div class="canvas-tools" role="toolbar" aria-label="Zoom">
                <button type="button" class="btn btn-icon" onclick={zoom(1.0 / ZOOM_STEP)} aria-label="Zoom out" title="Zoom out" data-testid="zoom-out">
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M5 12h14" /></svg>
                </button>
                <span class="zoom-level" aria-live="off" data-testid="zoom-level">{ format!("{}%", view.scale_percent(px_width)) }</span>
                <button type="button" class="btn btn-icon" onclick={zoom(ZOOM_STEP)} aria-label="Zoom in" title="Zoom in" data-testid="zoom-in">
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M5 12h14M12 5v14" /></svg>
                </button>
                <button type="button" class="btn btn-icon" onclick={fit} aria-label="Fit to screen" title="Fit to screen" data-testid="fit">
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" />
                    </svg>
                </button>
            </div>
        </section>
    }
}

/// What every drawing of a scene lies on (the app's canvas and the first view, `first_view.rs`): the grid's and the
/// path arrows' definitions, and the grid around the view box `view`.
pub(crate) fn backdrop(view: &ViewBox) -> Html {
    let grid = view.expanded(GRID_BLEED);
    let minor = GRID_MINOR.to_string();
    let major = GRID_MAJOR.to_string();
    html! {
        <>
            <defs>
                <pattern id="grid-minor" width={minor.clone()} height={minor.clone()} patternUnits="userSpaceOnUse">
                    <path d={format!("M {minor} 0 L 0 0 0 {minor}")} class="grid-line-minor" />
                </pattern>
                <pattern id="grid-major" width={major.clone()} height={major.clone()} patternUnits="userSpaceOnUse">
                    <rect width={major.clone()} height={major.clone()} fill="url(#grid-minor)" />
                    <path d={format!("M {major} 0 L 0 0 0 {major}")} class="grid-line-major" />
                </pattern>
                for net in ["private", "public", "blocked"] {
                    <marker key={net} id={format!("arrow-{net}")} viewBox="0 0 10 10" refX="8" refY="5"
                        markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class={format!("path-arrow-{net}")} />
                    </marker>
                }
            </defs>
            <rect class="grid" x={n(grid.x)} y={n(grid.y)} width={n(grid.width)} height={n(grid.height)}
                fill="url(#grid-major)" />
        </>
    }
}

/// A drag in progress: the offset of the moved objects and everything that moves with them.
pub(crate) type DragOffset = ((f64, f64), Rc<HashSet<String>>);

/// How much of a scene of `total` objects to draw now: all of it (`usize::MAX`), or, for a scene over
/// [`DRAW_AT_ONCE`] that `key` (the load and the view) has just changed, nothing at first (the load's render is the
/// rest of the app), then one slice more per task (a zero timeout each) until the whole is drawn. Each slice is
/// sized from the last one's measured render so that it takes about [`SLICE_BUDGET_MS`] (at least [`DRAW_SLICE`]
/// objects, at most twice the last): a 100-VPC overview lands in slices of 20 nodes, a full drawing of 2,900
/// objects in a few dozen tasks rather than hundreds. The same key keeps what is drawn: an edit never redraws in
/// slices.
#[hook]
fn use_slices<K: PartialEq + Clone + 'static>(key: K, total: usize) -> usize {
    struct Slicing<K> {
        key: K,
        limit: usize,
        step: usize,
        /// When this render began (`browser::now_ms`).
        started: f64,
    }
    let slicing = use_mut_ref(|| None::<Slicing<K>>);
    let redraw = use_force_update();
    let limit = {
        let mut s = slicing.borrow_mut();
        let now = crate::browser::now_ms();
        match s.as_mut() {
            Some(sl) if sl.key == key => {
                sl.started = now;
                sl.limit
            }
            _ => {
                // Sliced, the load's own render draws none of it: that task already renders the rest of the app.
                let limit = if total > DRAW_AT_ONCE { 0 } else { usize::MAX };
                *s = Some(Slicing {
                    key: key.clone(),
                    limit,
                    step: DRAW_SLICE,
                    started: now,
                });
                limit
            }
        }
    };
    let limit = if limit >= total { usize::MAX } else { limit };
    {
        let slicing = Rc::clone(&slicing);
        use_effect_with((limit, total), move |&(limit, _)| {
            if limit != usize::MAX {
                // The render and its DOM changes are done: size the next step from what this one cost.
                if let Some(sl) = slicing.borrow_mut().as_mut() {
                    let spent = (crate::browser::now_ms() - sl.started).max(1.0);
                    let fit = (sl.step as f64 * SLICE_BUDGET_MS / spent) as usize;
                    sl.step = fit.clamp(DRAW_SLICE, sl.step.saturating_mul(2));
                }
                gloo::timers::callback::Timeout::new(0, move || {
                    if let Some(sl) = slicing.borrow_mut().as_mut() {
                        if sl.limit == limit {
                            sl.limit = limit.saturating_add(sl.step);
                        }
                    }
                    redraw.force_update();
                })
                .forget();
            }
        });
    }
    limit
}

/// What the static layers draw; equal props skip their re-render (a flow edit that leaves the scene as it was
/// re-renders none of the ~300 drawn objects).
#[derive(Properties, Clone)]
pub(crate) struct SceneLayersProps {
    pub scene: SceneContext,
    /// How many of the scene's objects to draw, in the order of [`Layer::ALL`]; `usize::MAX` for all.
    pub limit: usize,
    pub selection: Rc<Vec<String>>,
    pub errors: Rc<HashSet<String>>,
    pub offset: Option<DragOffset>,
    pub connect_from: Option<String>,
}

impl PartialEq for SceneLayersProps {
    fn eq(&self, o: &Self) -> bool {
        self.limit == o.limit && self.same_drawing(o)
    }
}

impl SceneLayersProps {
    /// How far the object `key` is drawn from its place: by the drag's offset while it moves with the drag.
    fn shift(&self, key: &str) -> (f64, f64) {
        match &self.offset {
            Some((off, set)) if set.contains(key) => *off,
            _ => (0.0, 0.0),
        }
    }

    /// Equal apart from the limit: a slice drawn before is drawn the same.
    fn same_drawing(&self, o: &Self) -> bool {
        (Rc::ptr_eq(&self.scene.0, &o.scene.0) || *self.scene.0 == *o.scene.0)
            && self.selection == o.selection
            && (Rc::ptr_eq(&self.errors, &o.errors) || self.errors == o.errors)
            && self.offset == o.offset
            && self.connect_from == o.connect_from
    }
}

/// The layers of a scene whose objects are drawn in slices, in the order the slices fill them (what [`use_slices`]
/// counts): containers, nodes, then the edges between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layer {
    Vpcs,
    Subnets,
    Nodes,
    Edges,
}

impl Layer {
    const ALL: [Layer; 4] = [Layer::Vpcs, Layer::Subnets, Layer::Nodes, Layer::Edges];

    fn len(self, scene: &Scene) -> usize {
        match self {
            Layer::Vpcs => scene.vpcs.len(),
            Layer::Subnets => scene.subnets.len(),
            Layer::Nodes => scene.nodes.len(),
            Layer::Edges => scene.edges.len(),
        }
    }

    /// The objects of `scene` drawn in slices.
    fn total(scene: &Scene) -> usize {
        Layer::ALL.iter().map(|l| l.len(scene)).sum()
    }

    /// How many of this layer's objects `limit` (counted over [`Layer::ALL`] in order) draws.
    fn drawn(self, scene: &Scene, limit: usize) -> usize {
        let before: usize = Layer::ALL
            .iter()
            .take_while(|l| **l != self)
            .map(|l| l.len(scene))
            .sum();
        limit.saturating_sub(before).min(self.len(scene))
    }
}

/// Regions, VPCs, AZ lanes, subnets, edges and nodes. Each container and node is a component of its own, so a
/// change re-renders only what it touches; and each run of [`DRAW_SLICE`] of them is a [`SceneSlice`], so that
/// drawing one more slice does not walk the ones drawn before (a 100-VPC full drawing has 2,900 objects).
#[component]
pub(crate) fn SceneLayers(props: &SceneLayersProps) -> Html {
    let scene = &props.scene;
    let shift = |key: &str| props.shift(key);
    let slices = |layer: Layer| -> Html {
        let drawn = layer.drawn(scene, props.limit);
        (0..drawn)
            .step_by(DRAW_SLICE)
            .map(|start| {
                html! {
                    <SceneSlice key={start} layers={props.clone()} {layer} {start}
                        end={(start + DRAW_SLICE).min(drawn)} />
                }
            })
            .collect()
    };
    html! {
        <>
            <g class="layer-containers">
                for r in scene.regions.iter() {
                    <g key={format!("region-{}", r.region)} class="container c-region">
                        <rect x={n(r.rect.x)} y={n(r.rect.y)} width={n(r.rect.w)} height={n(r.rect.h)} rx="14" />
                        <g class="icon-g" transform={format!("translate({} {}) scale(0.75)", n(r.rect.x + 12.0), n(r.rect.y + 9.0))}>
                            { glyph("region") }
                        </g>
                        <text class="container-label" x={n(r.rect.x + 36.0)} y={n(r.rect.y + 23.0)}>{ &r.region }</text>
                    </g>
                }
                { slices(Layer::Vpcs) }
                for a in scene.azs.iter() {
                    <g key={format!("az-{}-{}", a.vpc_id, a.label)} class="container c-az"
                        transform={translate(shift(&a.vpc_id))}>
                        <rect x={n(a.rect.x)} y={n(a.rect.y)} width={n(a.rect.w)} height={n(a.rect.h)} rx="8" />
                        <text class="container-label az-label" x={n(a.rect.x + 10.0)} y={n(a.rect.y + 17.0)}>{ &a.label }</text>
                    </g>
                }
                { slices(Layer::Subnets) }
            </g>

            <g class="layer-edges">{ slices(Layer::Edges) }</g>

            <g class="layer-nodes">{ slices(Layer::Nodes) }</g>
        </>
    }
}

#[derive(Properties, Clone)]
struct SceneSliceProps {
    layers: SceneLayersProps,
    layer: Layer,
    start: usize,
    end: usize,
}

impl PartialEq for SceneSliceProps {
    fn eq(&self, o: &Self) -> bool {
        self.layer == o.layer
            && self.start == o.start
            && self.end == o.end
            && self.layers.same_drawing(&o.layers)
    }
}

/// Objects `start..end` of one layer of the scene.
#[component]
fn SceneSlice(p: &SceneSliceProps) -> Html {
    let props = &p.layers;
    let scene = &props.scene;
    let selected: HashSet<&str> = props.selection.iter().map(String::as_str).collect();
    let shift = |key: &str| props.shift(key);
    let flags = |id: &str| {
        (
            selected.contains(id),
            props.errors.contains(id),
            props.connect_from.as_deref() == Some(id),
        )
    };
    let range = p.start..p.end;
    match p.layer {
        Layer::Vpcs => html! {
            for v in scene.vpcs[range].iter() {
                <ContainerView key={v.id.clone()} id={v.id.clone()} class="c-vpc" icon="vpc" label={v.label.clone()}
                    sublabel={v.sublabel.clone()} rect={v.rect} shift={shift(&v.id)} flags={flags(&v.id)} public={false} />
            }
        },
        Layer::Subnets => html! {
            for sb in scene.subnets[range].iter() {
                <ContainerView key={sb.id.clone()} id={sb.id.clone()} class="c-subnet" icon="subnet" label={sb.label.clone()}
                    sublabel={sb.sublabel.clone()} rect={sb.rect} shift={shift(&sb.id)} flags={flags(&sb.id)} public={sb.public} />
            }
        },
        Layer::Edges => html! {
            for e in scene.edges[range].iter() {
                // An edge routed around a label is a polyline; while one of its ends is dragged, a line.
                if e.via.is_empty() || shift(&e.from) != shift(&e.to) {
                    <line key={e.key.clone()}
                        class={classes!("edge", edge_class(e.kind), e.implicit.then_some("edge-implicit"))}
                        data-testid="edge" data-from={e.from.clone()} data-to={e.to.clone()}
                        x1={n(e.from_pt.x + shift(&e.from).0)} y1={n(e.from_pt.y + shift(&e.from).1)}
                        x2={n(e.to_pt.x + shift(&e.to).0)} y2={n(e.to_pt.y + shift(&e.to).1)} />
                } else {
                    <polyline key={e.key.clone()}
                        class={classes!("edge", edge_class(e.kind), e.implicit.then_some("edge-implicit"))}
                        data-testid="edge" data-from={e.from.clone()} data-to={e.to.clone()}
                        transform={translate(shift(&e.from))}
                        points={points_attr(&e.points())} />
                }
            }
        },
        Layer::Nodes => {
            let summaries: std::collections::HashMap<&str, &vpclab_core::layout::VpcSummary> =
                scene.summaries.iter().map(|s| (s.id.as_str(), s)).collect();
            html! {
                for node in scene.nodes[range].iter() {
                    if let Some(summary) = (node.kind == SceneKind::Vpc).then(|| summaries.get(node.key.as_str())).flatten() {
                        <OverviewNode key={node.key.clone()} summary={(*summary).clone()} rect={node.rect} flags={flags(&node.id)} />
                    } else {
                        <NodeView key={node.key.clone()} node={node.clone()} shift={shift(&node.key)} flags={flags(&node.id)} />
                    }
                }
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct ContainerProps {
    id: AttrValue,
    class: &'static str,
    icon: &'static str,
    label: AttrValue,
    sublabel: AttrValue,
    rect: vpclab_core::layout::Rect,
    shift: (f64, f64),
    /// (selected, has an error, is the connect source)
    flags: (bool, bool, bool),
    public: bool,
}

#[component]
fn ContainerView(p: &ContainerProps) -> Html {
    container(
        &p.id,
        p.class,
        p.icon,
        &p.label,
        &p.sublabel,
        p.rect,
        p.shift,
        p.flags.0,
        p.flags.1,
        p.flags.2,
        p.public,
    )
}

#[derive(Properties, PartialEq)]
struct NodeProps {
    node: SceneNode,
    shift: (f64, f64),
    flags: (bool, bool, bool),
}

#[component]
fn NodeView(p: &NodeProps) -> Html {
    node_view(&p.node, p.shift, p.flags.0, p.flags.1, p.flags.2)
}

fn translate((dx, dy): (f64, f64)) -> Option<String> {
    (dx != 0.0 || dy != 0.0).then(|| format!("translate({} {})", n(dx), n(dy)))
}

/// Whether the event comes from a text field (Space types there).
fn typing(e: &web_sys::Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            tag == "input" || tag == "textarea" || tag == "select"
        })
}

#[allow(clippy::too_many_arguments)]
fn container(
    id: &str,
    class: &'static str,
    icon: &'static str,
    label: &str,
    sublabel: &str,
    r: vpclab_core::layout::Rect,
    shift: (f64, f64),
    selected: bool,
    error: bool,
    source: bool,
    public: bool,
) -> Html {
    let kind = if class == "c-vpc" { "VPC" } else { "subnet" };
    // The label gets what it needs up to about half the width; the second line (right-aligned) the rest.
    // A VPC's gateways and endpoints sit on its top edge right of its label room (core `VPC_LABEL_W`, 240): its
    // name and CIDR stay inside that room, on two lines, so nothing covers them.
    let vpc = class == "c-vpc";
    let label_w = if vpc {
        (label.chars().count() as f64 * 13.0 * 0.6).min(190.0)
    } else {
        (label.chars().count() as f64 * 13.0 * 0.6).min((r.w - 44.0) * 0.55)
    };
    let sub_w = if vpc {
        190.0
    } else {
        (r.w - 44.0 - label_w - 16.0 - if public { 56.0 } else { 0.0 }).max(30.0)
    };
    let (sub_x, sub_y, sub_anchor) = if vpc {
        (r.x + 34.0, r.y + 36.0, "start")
    } else {
        (r.x + r.w - 10.0, r.y + 21.0, "end")
    };
    let name = if public {
        format!("public {kind} {label}, {sublabel}")
    } else if class == "c-subnet" {
        format!("private {kind} {label}, {sublabel}")
    } else {
        format!("{kind} {label}, {sublabel}")
    };
    // The texts are a sibling of the focusable group, not inside it: its accessible name is the aria-label, and
    // the visible (possibly shortened) texts stay out of it.
    html! {
        <g key={id.to_string()} class="container-wrap">
            <g class={classes!("container", class, public.then_some("is-public"), selected.then_some("is-selected"),
                    error.then_some("has-error"), source.then_some("is-connect-source"))}
                data-key={id.to_string()} data-id={id.to_string()} data-movable="true"
                transform={translate(shift)} tabindex="0" role="button" aria-label={name}
                aria-pressed={selected.to_string()} data-testid={if class == "c-vpc" { "vpc" } else { "subnet" }}>
                <rect x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx={if class == "c-vpc" { "12" } else { "8" }} />
                <g class="icon-g" transform={format!("translate({} {}) scale(0.75)", n(r.x + 10.0), n(r.y + 8.0))}>
                    { glyph(icon) }
                </g>
            </g>
            <g class={classes!("container-text", class, public.then_some("is-public"))} aria-hidden="true"
                transform={translate(shift)}>
                <text class="container-label" x={n(r.x + 34.0)} y={n(r.y + 21.0)}>{ fit_text(label, label_w, 13.0) }</text>
                <text class="container-sub" x={n(sub_x)} y={n(sub_y)} text-anchor={sub_anchor}>
                    if public {
                        <tspan class="container-tag">{ "public · " }</tspan>
                    }
                    { fit_text(sublabel, sub_w, 11.0) }
                </text>
            </g>
        </g>
    }
}

fn node_view(
    node: &SceneNode,
    shift: (f64, f64),
    selected: bool,
    error: bool,
    source: bool,
) -> Html {
    let (icon, group) = look(node.kind);
    let r = node.rect;
    let badge = node.kind.is_badge();
    let outside = node.container.is_none();
    let icon_size = if badge { 16.0 } else { 20.0 };
    let pad = if badge { 7.0 } else { 9.0 };
    let text_x = pad + icon_size + 7.0;
    let text_w = r.w - text_x - 6.0;
    let title = node_name(node);
    // The second line, unless it only repeats what the icon says ("internet gateway").
    let sublabel = node
        .sublabel
        .as_deref()
        .filter(|s| !badge && *s != kind_name(node.kind));
    let (label_y, sub_y) = if sublabel.is_none() {
        (r.h / 2.0 + 4.5, 0.0)
    } else {
        (r.h / 2.0 - 2.5, r.h / 2.0 + 11.5)
    };
    let at = format!("translate({} {})", n(r.x + shift.0), n(r.y + shift.1));
    // As for containers, the texts are a sibling of the focusable group.
    html! {
        <g key={node.key.clone()} class="node-wrap">
            <g class={classes!("node", format!("k-{}", icon), badge.then_some("is-badge"), outside.then_some("is-outside"),
                    selected.then_some("is-selected"), error.then_some("has-error"), source.then_some("is-connect-source"))}
                data-key={node.key.clone()} data-id={node.id.clone()} data-movable={node.movable.to_string()}
                data-group={group} data-kind={icon} data-testid="node" transform={at.clone()}
                tabindex="0" role="button" aria-label={title.clone()} aria-pressed={selected.to_string()}>
                <title>{ title }</title>
                <rect class="node-box" width={n(r.w)} height={n(r.h)} rx={if badge { "6" } else if outside { "12" } else { "8" }} />
                <g class="icon-g" transform={format!("translate({} {}) scale({})", n(pad), n((r.h - icon_size) / 2.0), icon_size / 24.0)}>
                    { glyph(icon) }
                </g>
                if error {
                    <circle class="badge-dot" cx={n(r.w - 2.0)} cy="2" r="5" />
                }
            </g>
            <g class="node-text" aria-hidden="true" transform={at}>
                <text class={if badge { "node-label node-label-badge" } else { "node-label" }} x={n(text_x)} y={n(label_y)}>
                    { fit_text(&node.label, text_w, if badge { 11.5 } else { 12.5 }) }
                </text>
                if let Some(sub) = sublabel {
                    <text class="node-sub" x={n(text_x)} y={n(sub_y)}>{ fit_text(sub, text_w, 10.0) }</text>
                }
            </g>
        </g>
    }
}

/// The selected flow's path: one line per segment (private solid, internet dashed, blocked dotted), arrows, and
/// the stop marker with the reason, or an end ring.
fn path_view(scene: &Scene, segs: &[PathSegment], trace: &vpclab_core::Trace) -> Html {
    let class = |s: &PathSegment| {
        if s.blocked {
            "path-blocked"
        } else if s.network == Network::Public {
            "path-public"
        } else {
            "path-private"
        }
    };
    // The marker sits on the component that drops the packet, with a short label; the code is its tooltip.
    let stop = vpclab_core::layout::stop_marker(scene, trace, segs);
    let end = (!segs.is_empty() && trace.reachable).then(|| segs[segs.len() - 1].clone());
    let label_w = stop
        .as_ref()
        .map_or(0.0, |m| m.label.len() as f64 * 7.8 + 16.0);
    // In the overview, the VPC nodes (and hubs) the path crosses are ringed as part of it.
    let mut crossed: Vec<&str> = Vec::new();
    if !scene.summaries.is_empty() {
        for s in segs {
            for k in [s.from_key.as_str(), s.to_key.as_str()] {
                if !crossed.contains(&k) {
                    crossed.push(k);
                }
            }
        }
    }
    html! {
        <g class="layer-path" data-testid="path" aria-hidden="true">
            for k in crossed.iter().copied() {
                if let Some(r) = scene.node(k).map(|n| n.rect) {
                    <rect key={format!("c-{k}")} class="path-node" data-testid="path-node" data-on={k.to_string()}
                        x={n(r.x - 5.0)} y={n(r.y - 5.0)} width={n(r.w + 10.0)} height={n(r.h + 10.0)} rx="15" />
                }
            }
            for (i, s) in segs.iter().enumerate() {
                <line key={format!("h{i}")} class="path-halo" x1={n(s.from.x)} y1={n(s.from.y)} x2={n(s.to.x)} y2={n(s.to.y)} />
            }
            for (i, s) in segs.iter().enumerate() {
                <line key={format!("s{i}")}
                    class={classes!("path-seg", class(s))}
                    data-testid="path-segment" data-from={s.from_key.clone()} data-to={s.to_key.clone()}
                    data-network={if s.network == Network::Public { "public" } else { "private" }}
                    data-blocked={s.blocked.to_string()}
                    x1={n(s.from.x)} y1={n(s.from.y)} x2={n(s.to.x)} y2={n(s.to.y)}
                    marker-end={(!s.blocked && (s.from.x != s.to.x || s.from.y != s.to.y))
                        .then(|| format!("url(#arrow-{})", class(s).trim_start_matches("path-")))} />
            }
            if let Some(end) = end {
                <g class={classes!("path-end", class(&end))}>
                    <circle cx={n(end.to.x)} cy={n(end.to.y)} r="7" />
                </g>
            }
            if let Some(m) = stop {
                <g class="path-stop" data-testid="path-stop" data-on={m.key.clone()} data-component={m.component.clone()}
                    data-code={m.code.clone()}>
                    <title>{ format!("{} at {} ({})", m.label, m.component, m.code) }</title>
                    <circle cx={n(m.at.x)} cy={n(m.at.y)} r="12" />
                    <path d={format!("M {} {} l 10 10 M {} {} l -10 10", n(m.at.x - 5.0), n(m.at.y - 5.0), n(m.at.x + 5.0), n(m.at.y - 5.0))} />
                    <g class="path-stop-label">
                        <rect x={n(m.at.x - label_w / 2.0)} y={n(m.at.y + 16.0)} width={n(label_w)} height="22" rx="6" />
                        <text x={n(m.at.x)} y={n(m.at.y + 31.0)} text-anchor="middle">{ m.label }</text>
                    </g>
                </g>
            }
        </g>
    }
}

/// The band at the top of the canvas the overview bar covers (until it is measured): the overview opens below it.
const OVERVIEW_BAR_PX: f64 = 40.0;

/// The widest window the stylesheet lays out as a phone (its reading layout, `@media (max-width: 700px)`).
const PHONE_MAX_PX: f64 = 700.0;

/// The canvas's height in CSS pixels, watched (`None` until the first measurement, when the stylesheet's 100%
/// applies); the SVG gets it as its `height` (the app's canvas and the first view, `first_view.rs`).
///
/// A length in pixels, not `height: 100%`: Chromium lays out an SVG root whose height depends on its container
/// again in full whenever the container is laid out, and the container is laid out whenever a text in the drawing
/// changes (a rename): every one of the ~4,000 layout objects, then a repaint and raster of the whole canvas
/// (BENCHMARKS §4). With a height in pixels only the changed text is laid out.
#[hook]
pub(crate) fn use_canvas_height(canvas: &NodeRef) -> Option<f64> {
    let height = use_state_eq(|| None::<f64>);
    {
        let canvas = canvas.clone();
        let height = height.clone();
        use_effect_with((), move |_| {
            let watch = canvas
                .cast::<web_sys::Element>()
                .and_then(|el| crate::browser::watch_height(&el, move |h| height.set(Some(h))));
            move || drop(watch)
        });
    }
    *height
}

/// The view a fit gives `diagram`'s drawing `scene` on the SVG `svg` as it is laid out now (the default view when
/// nothing is drawn). The overview opens where its text is readable (the core's legible zoom), at its top-left
/// corner below the overview bar, not necessarily all in view.
pub(crate) fn fitted_view(
    svg: &NodeRef,
    diagram: &vpclab_core::diagram::Diagram,
    scene: &Scene,
) -> ViewBox {
    let bounds = scene.bounds;
    let has_content =
        !diagram.topology.vpcs.is_empty() || !diagram.flows.is_empty() || bounds.w > 0.0;
    let overview = !scene.summaries.is_empty();
    let (px_w, px_h, top) = svg
        .cast::<web_sys::Element>()
        .map(|e| {
            let r = e.get_bounding_client_rect();
            (r.width(), r.height(), r.top())
        })
        .unwrap_or((0.0, 0.0, 0.0));
    if !has_content {
        return ViewBox::default();
    }
    let fitted = ViewBox::fit_canvas_above(
        Some((bounds.x, bounds.y, bounds.w, bounds.h)),
        0.0,
        px_w,
        px_h,
        FIT_RESERVE_PX,
    );
    if !overview {
        return fitted;
    }
    let scale = vpclab_core::layout::overview::opening_scale();
    // The overview bar floats over the canvas (it wraps on a phone).
    let bar = gloo::utils::document()
        .query_selector(".overview-bar")
        .ok()
        .flatten()
        .map_or(OVERVIEW_BAR_PX, |b| {
            b.get_bounding_client_rect().bottom() - top
        });
    fitted.at_least_scale(scale, px_w, px_h, (bounds.x, bounds.y - bar / scale))
}

/// The band at the bottom of the canvas a fit keeps free: the notices float there, above the zoom tools.
const FIT_RESERVE_PX: f64 = 120.0;

/// Focuses the drawn object with layout key `key`.
pub fn focus_key(key: &str) {
    let selector = format!("[data-key=\"{}\"]", key.replace('"', ""));
    if let Ok(Some(el)) = gloo::utils::document().query_selector(&selector) {
        // SVG elements have focus() too (HTMLOrSVGElement); web-sys calls it structurally.
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// The drawn objects `from` can be connected to ([`vpclab_core::edit::connection`]), with their rectangles; none
/// before the first end is picked, and none on very large diagrams (each is a trial edit).
fn connect_targets(
    d: &vpclab_core::diagram::Diagram,
    scene: &Scene,
    from: Option<&str>,
) -> Vec<(String, vpclab_core::layout::Rect)> {
    let Some(from) = from else {
        return Vec::new();
    };
    // (In the overview a VPC node is a summary, not an end to connect: no trials on a whole account.)
    if scene.nodes.len() + scene.subnets.len() > 400 || !scene.summaries.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<(String, vpclab_core::layout::Rect)> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let candidates = scene
        .vpcs
        .iter()
        .map(|v| (v.id.as_str(), v.id.as_str(), v.rect))
        .chain(
            scene
                .subnets
                .iter()
                .map(|s| (s.id.as_str(), s.id.as_str(), s.rect)),
        )
        .chain(
            scene
                .nodes
                .iter()
                .map(|n| (n.key.as_str(), n.id.as_str(), n.rect)),
        );
    for (key, id, rect) in candidates {
        if id == from {
            continue;
        }
        let ok = if seen.contains(id) {
            out.iter().any(|(k, _)| k.split('@').next() == Some(id))
        } else {
            seen.insert(id);
            vpclab_core::edit::connection(d, from, id).is_some()
        };
        if ok {
            out.push((key.to_string(), rect));
        }
    }
    out
}

/// The reducer action for activating the drawn object `t` (a click or Enter/Space): what it means is decided
/// in the reducer ([`Action::Activate`]); only the flow end the node stands for comes from the scene.
fn activation(scene: &Scene, mode: &Mode, t: &Target, shift: bool) -> Action {
    let flow_end = match mode {
        Mode::Pick(end) => scene
            .nodes
            .iter()
            .find(|n| n.key == t.key)
            .and_then(|n| n.flow_end(*end)),
        _ => None,
    };
    Action::Activate {
        id: t.id.clone(),
        shift,
        flow_end,
    }
}

fn mode_banner(state: &AppState, hover: &Option<String>) -> Html {
    let cancel = {
        let text = "Cancel";
        html! { <span class="kbd-hint">{ "Esc to " }{ text.to_lowercase() }</span> }
    };
    let message = match &state.mode {
        Mode::Select => return Html::default(),
        Mode::Connect { from: None } => {
            "Connect: pick the first object (a subnet, route table, gateway, VPC …).".to_string()
        }
        Mode::Connect { from: Some(from) } => match hover.as_deref().filter(|h| h != from) {
            Some(to) => match connection(&state.diagram, from, to) {
                Some(what) => format!("Connect {from} → {to}: {what}"),
                None => format!("{from} and {to} cannot be connected."),
            },
            None => format!("Connect {from} to …: pick the second object."),
        },
        Mode::Pick(Side::Source) => "Pick the flow's source on the diagram.".to_string(),
        Mode::Pick(Side::Destination) => "Pick the flow's destination on the diagram.".to_string(),
    };
    html! {
        <div class="mode-banner" role="status" data-testid="mode-banner">
            <p>{ message }</p>
            { cancel }
        </div>
    }
}

fn notice_view(state: &AppContext) -> Html {
    let Some(notice) = &state.notice else {
        return Html::default();
    };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::DismissNotice))
    };
    let undo = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Undo))
    };
    html! {
        <div class={classes!("notice", notice.error.then_some("is-error"))} role={if notice.error { "alert" } else { "status" }}
            data-testid="notice">
            <p>{ crate::words::plain(&notice.text) }</p>
            if !notice.error && state.can_undo() {
                <button type="button" class="btn btn-small" data-testid="notice-undo" onclick={undo}>{ "Undo" }</button>
            }
            <button type="button" class="btn btn-icon btn-small" onclick={dismiss} aria-label="Dismiss">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18" /></svg>
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_lines_stay_aligned() {
        assert_eq!(GRID_MAJOR % GRID_MINOR, 0);
    }

    #[test]
    fn dragging_a_vpc_and_its_instance_moves_only_the_vpc() {
        let d = vpclab_core::gallery::example("s3-through-nat")
            .unwrap()
            .diagram;
        let s = vpclab_core::layout::scene(&d);
        let keys = drag_keys(&s, &["vpc-app".into(), "i-app".into(), "igw-app".into()]);
        let keys: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["vpc-app"],
            "the instance moves with its VPC; the gateway is not movable"
        );
    }
}
