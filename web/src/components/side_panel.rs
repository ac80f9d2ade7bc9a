//! The side panel: Properties, Path, Cost and Report as an accessible tab set.
//!
//! Keyboard model (WAI-ARIA tabs, automatic activation): only the selected tab is in the Tab order;
//! Left/Right move to the previous/next tab (wrapping), Home/End to the first/last, and focus follows.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::{CostPanel, LessonPanel, PathPanel, PropertiesPanel, ReportPanel};
use crate::state::{Action, AppContext};
use crate::tabs::Tab;

/// The tabbed side panel. Reads and updates the selected tab through [`AppContext`].
#[component]
pub fn SidePanel() -> Html {
    let state = use_context::<AppContext>().expect("SidePanel must be inside the App context");
    let refs: [NodeRef; 4] = [
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    ];
    // A lesson may hide the cost panel and prices (the report's savings too), or the advisories (`lesson.hide`).
    let hide = state
        .lesson
        .as_ref()
        .map(|l| l.hide.clone())
        .unwrap_or_default();
    let shown = move |tab: Tab| !(hide.cost && matches!(tab, Tab::Cost | Tab::Report));
    let current = if shown(state.tab) {
        state.tab
    } else {
        Tab::Properties
    };

    // Another diagram loaded: the panels start at their top (the verdict in view).
    {
        let loads = state.loads;
        use_effect_with(loads, move |_| {
            if let Ok(list) = gloo::utils::document().query_selector_all(".side-panel .tabpanel") {
                for i in 0..list.length() {
                    if let Some(el) = list
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        el.set_scroll_top(0);
                    }
                }
            }
        });
    }
    let onkeydown = {
        let state = state.clone();
        let refs = refs.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = current.after_key(&e.key()).map(|t| {
                if shown(t) {
                    t
                } else {
                    t.after_key(&e.key()).unwrap_or(t)
                }
            });
            if let Some(tab) = next {
                e.prevent_default();
                state.dispatch(Action::SelectTab(tab));
                if let Some(button) = refs[tab.index()].cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        })
    };

    let select = |tab: Tab| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectTab(tab)))
    };

    html! {
        <aside class={classes!("side-panel", hide.cost.then_some("hide-cost"), hide.advisories.then_some("hide-advisories"),
            (current == Tab::Report).then_some("is-wide"))}
            aria-label="Inspector">
            <LessonPanel />
            <div class="tablist" role="tablist" aria-label="Inspector views" aria-orientation="horizontal" {onkeydown}>
                for tab in Tab::ALL.into_iter().filter(|t| shown(*t)) {
                    <button
                        key={tab.slug()}
                        ref={refs[tab.index()].clone()}
                        type="button"
                        role="tab"
                        id={format!("tab-{}", tab.slug())}
                        class="tab"
                        data-tab={tab.slug()}
                        aria-selected={(tab == current).to_string()}
                        aria-controls={format!("panel-{}", tab.slug())}
                        tabindex={if tab == current { "0" } else { "-1" }}
                        onclick={select(tab)}
                    >
                        { tab.label() }
                    </button>
                }
            </div>
            for tab in Tab::ALL.into_iter().filter(|t| shown(*t)) {
                <section
                    key={tab.slug()}
                    role="tabpanel"
                    id={format!("panel-{}", tab.slug())}
                    class="tabpanel"
                    data-tab={tab.slug()}
                    aria-labelledby={format!("tab-{}", tab.slug())}
                    tabindex="0"
                    hidden={tab != current}
                >
                    // Only the panel on display is rendered: the others would re-render (and the Cost panel
                    // re-trace its alternatives) on every edit for nothing.
                    if tab == current { { panel_body(tab) } }
                </section>
            }
        </aside>
    }
}

/// The content of one tab.
fn panel_body(tab: Tab) -> Html {
    match tab {
        Tab::Properties => html! { <PropertiesPanel /> },
        Tab::Path => html! { <PathPanel /> },
        Tab::Cost => html! { <CostPanel /> },
        Tab::Report => html! { <ReportPanel /> },
    }
}
