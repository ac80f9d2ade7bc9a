//! The root component: page layout plus the [`AppContext`] every component reads.

use yew::prelude::*;

use crate::components::{Diagram, Header, SidePanel};
use crate::state::{AppContext, AppState};

/// The whole application.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);

    html! {
        <ContextProvider<AppContext> context={state}>
            <div class="app">
                <Header />
                <main class="workspace">
                    <Diagram />
                    <SidePanel />
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}
