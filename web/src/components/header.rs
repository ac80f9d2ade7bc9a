//! The top bar: product name, the document commands (New, Examples, Undo, Redo) and the theme switch.

use yew::prelude::*;

use crate::app::{Dialog, DialogContext};
use crate::components::icons::Icon;
use crate::components::theme::ThemeToggle;
use crate::components::DocActions;
use crate::state::{Action, AppContext};

/// The application header.
#[component]
pub fn Header() -> Html {
    let state = use_context::<AppContext>().expect("Header must be inside the App context");
    let dialog = use_context::<DialogContext>().expect("Header must be inside the App context");
    let confirming = use_state(|| false);
    let confirm_ok = use_node_ref();
    {
        let confirm_ok = confirm_ok.clone();
        use_effect_with(*confirming, move |open| {
            if *open {
                if let Some(button) = confirm_ok.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }

    let start_new = {
        let state = state.clone();
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            state.dispatch(Action::Load {
                diagram: Default::default(),
                undoable: true,
            });
        })
    };
    let on_new = {
        let state = state.clone();
        let confirming = confirming.clone();
        let start_new = start_new.clone();
        Callback::from(move |e: MouseEvent| {
            if state.dirty {
                confirming.set(true);
            } else {
                start_new.emit(e);
            }
        })
    };
    let cancel_new = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let confirm_keys = {
        let confirming = confirming.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                confirming.set(false);
            }
        })
    };
    let open_gallery = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Some(Dialog::Gallery)))
    };
    let undo = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Undo))
    };
    let redo = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Redo))
    };
    // The diagram's name is editable (an undoable edit of the topology's name).
    let renaming = use_state(|| false);
    let rename_ref = use_node_ref();
    {
        let rename_ref = rename_ref.clone();
        use_effect_with(*renaming, move |on| {
            if *on {
                if let Some(input) = rename_ref.cast::<web_sys::HtmlInputElement>() {
                    let _ = input.focus();
                    input.select();
                }
            }
        });
    }
    let start_renaming = {
        let renaming = renaming.clone();
        Callback::from(move |_: MouseEvent| renaming.set(true))
    };
    let stop_renaming = {
        let renaming = renaming.clone();
        Callback::from(move |_: FocusEvent| renaming.set(false))
    };
    let rename = {
        let state = state.clone();
        let renaming = renaming.clone();
        Callback::from(move |e: Event| {
            let name = crate::components::input_value(&e).trim().to_string();
            let mut t = state.diagram.topology.clone();
            let name = (!name.is_empty()).then_some(name);
            if t.name != name {
                t.name = name;
                state.dispatch(Action::Edit(vpclab_core::edit::Edit::ReplaceTopology(t)));
            }
            renaming.set(false);
        })
    };
    let rename_keys = {
        let renaming = renaming.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                renaming.set(false);
            }
        })
    };
    let title = doc_title(&state.diagram);

    html! {
        <header class="topbar">
            <div class="brand">
                { brand() }
                if *renaming {
                    <input class="doc-title-input" type="text" aria-label="Diagram name" data-testid="doc-title-input"
                        value={title.clone()} onchange={rename} onblur={stop_renaming} onkeydown={rename_keys}
                        ref={rename_ref} />
                } else {
                    <button type="button" class="doc-title" title={format!("{title} (click to rename)")}
                        data-testid="doc-title" onclick={start_renaming}>
                        { title }
                        if state.dirty { <span class="doc-dirty" aria-label="edited">{ " •" }</span> }
                    </button>
                }
            </div>
            <nav class="toolbar" aria-label="Document">
                <button type="button" class="btn" data-testid="new" onclick={on_new}>
                    <Icon kind="subnet" /><span class="btn-label">{ "New" }</span>
                </button>
                <button type="button" class="btn" data-testid="open-gallery" onclick={open_gallery}
                    aria-haspopup="dialog">
                    <Icon kind="prefix-list" /><span class="btn-label">{ "Examples" }</span>
                </button>
                <DocActions />
                <span class="toolbar-sep" aria-hidden="true"></span>
                <button type="button" class="btn btn-icon" data-testid="undo" onclick={undo}
                    disabled={!state.can_undo()} title="Undo (Ctrl+Z)" aria-label="Undo" aria-keyshortcuts="Control+Z">
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M9 14L4 9l5-5" /><path d="M4 9h10a6 6 0 0 1 0 12h-3" />
                    </svg>
                </button>
                <button type="button" class="btn btn-icon" data-testid="redo" onclick={redo}
                    disabled={!state.can_redo()} title="Redo (Ctrl+Shift+Z)" aria-label="Redo"
                    aria-keyshortcuts="Control+Shift+Z">
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M15 14l5-5-5-5" /><path d="M20 9H10a6 6 0 0 0 0 12h3" />
                    </svg>
                </button>
            </nav>
            <div class="topbar-end">
                <p class="topbar-note" title="VPC Lab makes no network requests: your topology stays on this device.">
                    <span class="dot" aria-hidden="true"></span>
                    { "Offline · saved in this browser" }
                </p>
                <ThemeToggle />
            </div>
            if *confirming {
                <div class="confirm" role="alertdialog" aria-modal="false" aria-labelledby="confirm-new-title"
                    aria-describedby="confirm-new-body" data-testid="confirm-new" onkeydown={confirm_keys}>
                    <p id="confirm-new-title" class="confirm-title">{ "Start a new, empty diagram?" }</p>
                    <p id="confirm-new-body" class="confirm-body">
                        { "Your edits to the current diagram are replaced (Undo brings them back)." }
                    </p>
                    <div class="confirm-actions">
                        <button type="button" class="btn" onclick={cancel_new}>{ "Cancel" }</button>
                        <button type="button" class="btn btn-primary" data-testid="confirm-new-ok" onclick={start_new}
                            ref={confirm_ok}>
                            { "Start new" }
                        </button>
                    </div>
                </div>
            }
        </header>
    }
}

/// The product's mark and name, at the start of the header (the app's and the first view's, `first_view.rs`).
pub(crate) fn brand() -> Html {
    html! {
        <>
            <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                <rect x="2" y="2" width="28" height="28" rx="6" class="brand-mark-frame" />
                <rect x="7" y="8" width="8" height="7" rx="1.5" class="brand-mark-cell" />
                <rect x="17" y="8" width="8" height="7" rx="1.5" class="brand-mark-cell" />
                <rect x="7" y="18" width="18" height="6" rx="1.5" class="brand-mark-cell" />
            </svg>
            <h1 class="brand-name">{ "VPC Lab" }</h1>
        </>
    }
}

/// The diagram's name as the header shows it.
pub(crate) fn doc_title(d: &vpclab_core::diagram::Diagram) -> String {
    d.topology
        .name
        .clone()
        .unwrap_or_else(|| "Untitled diagram".to_string())
}
