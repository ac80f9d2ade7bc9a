//! The Export menu (a disclosure button in the header): project JSON, Terraform HCL, SVG and PNG images of the
//! diagram. Each item starts a download ([`crate::export::download`]) and the menu says which file it made.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::export::{self, Format};
use crate::state::AppContext;

/// The header's Export button and its menu.
#[component]
pub fn ExportMenu() -> Html {
    let state = use_context::<AppContext>().expect("ExportMenu must be inside the App context");
    let open = use_state(|| false);
    let status = use_state(|| None::<Result<String, String>>);
    let root = use_node_ref();

    // Close on a click outside or Escape.
    {
        let open_handle = open.clone();
        let root = root.clone();
        use_effect_with(*open, move |is_open| {
            let listeners = is_open.then(|| {
                let document = gloo::utils::document();
                let outside = {
                    let open = open_handle.clone();
                    let root = root.clone();
                    EventListener::new(&document, "pointerdown", move |e| {
                        let inside = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                            .zip(root.get())
                            .is_some_and(|(t, r)| r.contains(Some(&t)));
                        if !inside {
                            open.set(false);
                        }
                    })
                };
                let escape = {
                    let open = open_handle.clone();
                    let root = root.clone();
                    EventListener::new(&document, "keydown", move |e| {
                        if e.dyn_ref::<web_sys::KeyboardEvent>()
                            .is_some_and(|k| k.key() == "Escape")
                        {
                            open.set(false);
                            if let Some(b) = root
                                .cast::<web_sys::Element>()
                                .and_then(|r| r.query_selector("button").ok().flatten())
                                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                            {
                                let _ = b.focus();
                            }
                        }
                    })
                };
                (outside, escape)
            });
            move || drop(listeners)
        });
    }

    let toggle = {
        let open = open.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(None);
            open.set(!*open);
        })
    };
    let choose = |format: Format| {
        let state = state.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(Some(export::download(&state.diagram, format)));
        })
    };

    html! {
        <div class="menu" ref={root}>
            <button type="button" class="btn" aria-haspopup="true" aria-expanded={open.to_string()}
                aria-controls="export-menu" onclick={toggle} data-testid="export">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M12 4v11M7.5 10.5L12 15l4.5-4.5" /><path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
                </svg>
                <span class="btn-label">{ "Export" }</span>
            </button>
            if *open {
                <div id="export-menu" class="menu-pop" data-testid="export-menu">
                    <ul class="menu-list">
                        for f in Format::ALL {
                            <li key={f.slug()}>
                                <button type="button" class="menu-item" onclick={choose(f)}
                                    data-testid="export-item" data-format={f.slug()}>
                                    <span class="menu-item-label">{ f.label() }</span>
                                    <span class="menu-item-detail">{ f.detail() }</span>
                                </button>
                            </li>
                        }
                    </ul>
                    <p class="menu-status" role="status" data-testid="export-status">
                        { match &*status {
                            Some(Ok(name)) => format!("Downloaded {name}"),
                            Some(Err(e)) => format!("Could not export: {e}"),
                            None => String::new(),
                        } }
                    </p>
                </div>
            }
        </div>
    }
}
