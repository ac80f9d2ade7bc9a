//! The side panel: Properties, Path and Cost as an accessible tab set.
//!
//! Keyboard model (WAI-ARIA tabs, automatic activation): only the selected tab is in the Tab order;
//! Left/Right move to the previous/next tab (wrapping), Home/End to the first/last, and focus follows.

use yew::prelude::*;

use crate::components::{CostPanel, PathPanel, PropertiesPanel};
use crate::state::{Action, AppContext};
use crate::tabs::Tab;

/// The tabbed side panel. Reads and updates the selected tab through [`AppContext`].
#[component]
pub fn SidePanel() -> Html {
    let state = use_context::<AppContext>().expect("SidePanel must be inside the App context");
    let refs: [NodeRef; 3] = [use_node_ref(), use_node_ref(), use_node_ref()];
    let current = state.tab;

    let onkeydown = {
        let state = state.clone();
        let refs = refs.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(tab) = state.tab.after_key(&e.key()) {
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
        <aside class="side-panel" aria-label="Inspector">
            <div class="tablist" role="tablist" aria-label="Inspector views" aria-orientation="horizontal" {onkeydown}>
                for tab in Tab::ALL {
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
            for tab in Tab::ALL {
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
    }
}
