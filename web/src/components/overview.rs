//! The account-scale pieces of the canvas: a VPC's node in the overview (`vpclab_core::layout::overview`), and
//! the bar over the canvas with the breadcrumb ("All VPCs › vpc-…"), the overview / full toggle, "Open" and the
//! search with its result list. What counts, what is public and what is found all come from the core.

use std::rc::Rc;

use vpclab_core::layout::overview::{self, SearchHit, SearchIndex, LABEL_SIZE, TEXT_SIZE};
use vpclab_core::layout::{Rect, VpcSummary};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::icons::glyph;
use crate::scene_view::fit_text;
use crate::state::{Action, AppContext, ViewMode};
use crate::view::round2;

fn n(v: f64) -> String {
    round2(v).to_string()
}

#[derive(Properties, PartialEq)]
pub struct OverviewNodeProps {
    pub summary: VpcSummary,
    pub rect: Rect,
    /// (selected, has an error, is the connect source)
    pub flags: (bool, bool, bool),
}

/// One VPC of the overview: name, id and CIDR, counts, endpoints, and a "public" tag. Enter or a double-click
/// opens it (handled by the canvas); a click selects it like any object.
#[component]
pub fn OverviewNode(p: &OverviewNodeProps) -> Html {
    let s = &p.summary;
    let r = p.rect;
    let at = format!("translate({} {})", n(r.x), n(r.y));
    let text_w = r.w - 24.0;
    let selected = p.flags.0;
    let description = format!("{}. Enter opens it.", s.description());
    html! {
        <g class="node-wrap">
            <g class={classes!("node", "k-vpc", "is-outside", "overview-vpc", s.public.then_some("is-public"),
                    selected.then_some("is-selected"), p.flags.1.then_some("has-error"))}
                data-key={s.id.clone()} data-id={s.id.clone()} data-movable="false" data-group="network"
                data-kind="vpc" data-testid="overview-vpc" data-public={s.public.to_string()}
                data-subnets={s.subnets.to_string()} transform={at.clone()}
                tabindex="0" role="button" aria-label={description.clone()} aria-pressed={selected.to_string()}>
                <title>{ description }</title>
                <rect class="node-box" width={n(r.w)} height={n(r.h)} rx="12" />
                <g class="icon-g" transform="translate(10 9) scale(0.9)">{ glyph("vpc") }</g>
            </g>
            <g class="node-text overview-text" aria-hidden="true" transform={at}>
                <text class="overview-label" x="42" y="23" font-size={n(LABEL_SIZE)}>
                    { fit_text(s.label(), r.w - 42.0 - if s.public { 64.0 } else { 12.0 }, LABEL_SIZE) }
                </text>
                <text class="overview-line overview-mono" x="42" y="41" font-size={n(TEXT_SIZE)}>
                    { fit_text(&s.sublabel(), r.w - 54.0, TEXT_SIZE) }
                </text>
                <text class="overview-line" x="12" y="63" font-size={n(TEXT_SIZE)}>
                    { fit_text(&s.counts(), text_w, TEXT_SIZE) }
                </text>
                <text class="overview-line overview-endpoints" x="12" y="81" font-size={n(TEXT_SIZE)}>
                    { fit_text(&s.endpoints_line(), text_w, TEXT_SIZE) }
                </text>
                if s.public {
                    <rect class="overview-tag" x={n(r.w - 60.0)} y="9" width="50" height="18" rx="9" />
                    <text class="overview-tag-text" x={n(r.w - 35.0)} y="22" text-anchor="middle" font-size={n(TEXT_SIZE)}>
                        { "public" }
                    </text>
                }
            </g>
        </g>
    }
}

/// At most this many search results are listed.
const RESULTS: usize = 20;

/// The bar over the canvas: breadcrumb, view toggle, Open, search. Drawn only where the overview is allowed
/// (above the core's size, or once the reader has switched to it): small diagrams look as they always did.
#[component]
pub fn OverviewBar() -> Html {
    let state = use_context::<AppContext>().expect("OverviewBar must be inside the App context");
    let query = use_state(String::new);
    let allowed =
        state.view_mode != ViewMode::Full || overview::opens_on_overview(&state.diagram.topology);
    // The search index, once per change of the topology, and only once the reader searches.
    let index = {
        let d = Rc::clone(&state.diagram);
        let searching = !query.trim().is_empty();
        use_memo((state.model_revision, searching), move |(_, searching)| {
            searching.then(|| SearchIndex::new(&d.topology))
        })
    };
    if !allowed {
        return html! {};
    }
    let hits: Vec<SearchHit> = index
        .as_ref()
        .as_ref()
        .map(|i| i.find(&query, RESULTS))
        .unwrap_or_default();
    let total = index.as_ref().as_ref().map_or(0, |i| i.count(&query));

    let set_mode = |mode: ViewMode| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetViewMode(mode.clone())))
    };
    let vpc_label = |id: &str| {
        state
            .diagram
            .topology
            .vpcs
            .iter()
            .find(|v| v.id == id)
            .and_then(|v| v.name.clone())
            .map_or(id.to_string(), |name| format!("{name} ({id})"))
    };
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let jump = {
        let state = state.clone();
        let query = query.clone();
        move |hit: &SearchHit| {
            let state = state.clone();
            let query = query.clone();
            let hit = hit.clone();
            move || {
                let id = hit.id.clone();
                state.dispatch(Action::Jump {
                    id: hit.id.clone(),
                    vpc: hit.vpc.clone(),
                    in_overview: hit.kind == "transit gateway",
                });
                query.set(String::new());
                // Once drawn and fitted, the focus goes to the object found.
                gloo::timers::callback::Timeout::new(60, move || focus_object(&id)).forget();
            }
        }
    };
    let onkeydown = {
        let first = hits.first().cloned();
        let jump = jump.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                if let Some(h) = &first {
                    e.prevent_default();
                    jump(h)();
                }
            }
            "ArrowDown" => {
                e.prevent_default();
                focus_result(0);
            }
            _ => {}
        })
    };
    let selected_vpc = match state.view_mode {
        ViewMode::Overview => state
            .single_selection()
            .filter(|id| state.diagram.topology.vpcs.iter().any(|v| v.id == *id))
            .map(str::to_string),
        _ => None,
    };

    html! {
        <div class="overview-bar" data-testid="overview-bar">
            <nav class="breadcrumb" aria-label="Where you are">
                <ol>
                    if let ViewMode::Vpc(id) = &state.view_mode {
                        <li>
                            <button type="button" class="btn btn-link" data-testid="crumb-all"
                                onclick={set_mode(ViewMode::Overview)} title="Back to all VPCs (Escape)">
                                { "All VPCs" }
                            </button>
                        </li>
                        <li aria-current="location" data-testid="crumb-vpc">{ vpc_label(id) }</li>
                    } else if state.view_mode == ViewMode::Overview {
                        <li aria-current="location">{ format!("All VPCs ({})", state.diagram.topology.vpcs.len()) }</li>
                    } else {
                        <li aria-current="location">{ "Full diagram" }</li>
                    }
                </ol>
            </nav>
            <div class="view-toggle" role="group" aria-label="View">
                <button type="button" class="btn" data-testid="view-overview"
                    aria-pressed={(state.view_mode != ViewMode::Full).to_string()}
                    onclick={set_mode(ViewMode::Overview)}>{ "Overview" }</button>
                <button type="button" class="btn" data-testid="view-full"
                    aria-pressed={(state.view_mode == ViewMode::Full).to_string()}
                    onclick={set_mode(ViewMode::Full)}>{ "Full diagram" }</button>
            </div>
            if let Some(id) = selected_vpc {
                <button type="button" class="btn btn-primary" data-testid="open-vpc"
                    onclick={set_mode(ViewMode::Vpc(id.clone()))}>{ format!("Open {}", vpc_label(&id)) }</button>
            }
            <div class="overview-search" role="search">
                <input type="search" data-testid="search" aria-label="Find a VPC or an object by id or name"
                    placeholder="Find id or name…" value={(*query).clone()} {oninput} {onkeydown}
                    aria-controls={(!query.trim().is_empty()).then_some("search-results")} />
                if !query.trim().is_empty() {
                    <p class="search-count" aria-live="polite" data-testid="search-count">
                        { match total {
                            0 => "No match".to_string(),
                            1 => "1 match".to_string(),
                            k if k > RESULTS => format!("{k} matches, first {RESULTS} listed"),
                            k => format!("{k} matches"),
                        } }
                    </p>
                    <ul id="search-results" class="search-results" aria-label="Search results">
                        for (i, h) in hits.iter().enumerate() {
                            <li key={h.id.clone()}>
                                <button type="button" class="search-result" data-testid="search-result" data-id={h.id.clone()}
                                    onclick={{ let go = jump(h); Callback::from(move |_: MouseEvent| go()) }}
                                    onkeydown={Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                                        "ArrowDown" => { e.prevent_default(); focus_result(i + 1) }
                                        "ArrowUp" => { e.prevent_default(); if i == 0 { focus_search() } else { focus_result(i - 1) } }
                                        _ => {}
                                    })}>
                                    <span class="search-kind">{ &h.kind }</span>
                                    <span class="search-id">{ &h.id }</span>
                                    if let Some(name) = &h.name {
                                        <span class="search-name">{ name }</span>
                                    }
                                    if let Some(v) = h.vpc.as_ref().filter(|v| **v != h.id) {
                                        <span class="search-vpc">{ format!("in {v}") }</span>
                                    }
                                </button>
                            </li>
                        }
                    </ul>
                }
            </div>
        </div>
    }
}

fn focus_result(i: usize) {
    let doc = gloo::utils::document();
    if let Ok(list) = doc.query_selector_all("[data-testid=search-result]") {
        if let Some(el) = list.item(i as u32) {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    }
}

fn focus_search() {
    if let Some(el) = gloo::utils::document()
        .query_selector("[data-testid=search]")
        .ok()
        .flatten()
    {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// Focuses the drawn object that stands for `id` (its focusable group).
fn focus_object(id: &str) {
    let selector = format!(
        "#diagram [data-id=\"{}\"][role=button]",
        id.replace('"', "")
    );
    if let Ok(Some(el)) = gloo::utils::document().query_selector(&selector) {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
