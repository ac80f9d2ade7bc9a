//! "Copy link": the share dialog. Opening it makes the link of the current diagram
//! ([`vpclab_core::share::link`] on the page URL), copies it with the clipboard API and says so ("Link copied —
//! 964 characters"); when the browser refuses, the link is selected in a read-only field to copy by hand. Links
//! longer than [`vpclab_core::share::LONG_LINK_CHARS`] get a warning.

use yew::prelude::*;

use crate::app::{Dialog, DialogContext};
use crate::browser;
use crate::components::modal::Modal;
use crate::links;
use crate::state::AppContext;

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub open: bool,
}

/// Where the copy stands.
#[derive(Clone, Debug, PartialEq)]
enum Copy {
    Trying,
    Done(bool),
}

/// The share dialog.
#[component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let state = use_context::<AppContext>().expect("ShareDialog must be inside the App context");
    let dialog =
        use_context::<DialogContext>().expect("ShareDialog must be inside the App context");
    let link = use_state(String::new);
    let copy = use_state(|| Copy::Trying);
    let field = use_node_ref();

    // On opening: make the link of the diagram as it is now and try the clipboard.
    {
        let link = link.clone();
        let copy = copy.clone();
        let diagram = std::rc::Rc::clone(&state.diagram);
        let field = field.clone();
        use_effect_with(props.open, move |open| {
            if *open {
                let text = vpclab_core::share::link(&browser::href(), &diagram);
                link.set(text.clone());
                copy.set(Copy::Trying);
                wasm_bindgen_futures::spawn_local(async move {
                    let ok = browser::copy_text(&text).await;
                    copy.set(Copy::Done(ok));
                    if !ok {
                        if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
                            let _ = input.focus();
                            input.select();
                        }
                    }
                });
            }
        });
    }

    let on_close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    let copy_again = {
        let link = link.clone();
        let copy = copy.clone();
        let field = field.clone();
        Callback::from(move |_: MouseEvent| {
            let text = (*link).clone();
            let copy = copy.clone();
            let field = field.clone();
            if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
                input.select();
            }
            wasm_bindgen_futures::spawn_local(async move {
                copy.set(Copy::Done(browser::copy_text(&text).await));
            });
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        }
    });
    let make_lesson = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Some(Dialog::Author)))
    };

    let feedback = match &*copy {
        Copy::Trying => "Copying…".to_string(),
        Copy::Done(ok) => links::copy_feedback(&link, *ok),
    };
    let copied = *copy == Copy::Done(true);
    let warning = links::long_link_warning(&link);

    html! {
        <Modal open={props.open} id="share" title="Share this diagram" class="dialog-narrow" {on_close}
            lead="The link carries the whole diagram — topology, layout, flows and the selected flow — in its \
                  fragment (after #), which browsers never send to a server.">
            <div class="share-body">
                <p class={classes!("share-feedback", copied.then_some("is-ok"))} role="status"
                    data-testid="share-feedback" data-copied={copied.to_string()}>
                    if copied {
                        <span class="share-check" aria-hidden="true">{ "✓ " }</span>
                    }
                    { feedback }
                </p>
                <div class="field">
                    <label for="share-link">{ "Link" }</label>
                    <div class="share-row">
                        <input id="share-link" class="input share-link" type="text" readonly=true
                            value={(*link).clone()} ref={field} onfocus={select_all} data-testid="share-link"
                            spellcheck="false" />
                        <button type="button" class="btn btn-primary" onclick={copy_again}
                            data-testid="share-copy">{ "Copy" }</button>
                    </div>
                </div>
                if let Some(w) = warning {
                    <p class="share-warning" role="note" data-testid="share-long">{ w }</p>
                }
                <p class="share-note">
                    { "Opening the link loads this diagram in VPC Lab; whoever opens it keeps their own work \
                       restorable with Undo. Editing after copying does not change the link: copy again." }
                </p>
                <div class="dialog-actions">
                    <button type="button" class="btn" onclick={make_lesson} data-testid="share-make-lesson">
                        { "Make a lesson from this diagram…" }
                    </button>
                </div>
            </div>
        </Modal>
    }
}
