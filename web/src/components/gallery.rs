//! The gallery of built-in examples: a modal `<dialog>` (focus trapped, Escape closes) listing each example's
//! title and summary; choosing one loads it (undoable).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::DialogContext;
use crate::components::icons::Icon;
use crate::gallery::{examples, prepare};
use crate::state::{Action, AppContext};

#[derive(Properties, PartialEq)]
pub struct GalleryDialogProps {
    /// Whether the dialog is shown.
    pub open: bool,
}

/// The examples dialog.
#[component]
pub fn GalleryDialog(props: &GalleryDialogProps) -> Html {
    let state = use_context::<AppContext>().expect("GalleryDialog must be inside the App context");
    let dialog =
        use_context::<DialogContext>().expect("GalleryDialog must be inside the App context");
    let node = use_node_ref();
    let list = use_memo((), |_| examples());

    {
        let node = node.clone();
        use_effect_with(props.open, move |open| {
            if let Some(d) = node.cast::<web_sys::HtmlDialogElement>() {
                if *open && !d.open() {
                    let _ = d.show_modal();
                } else if !*open && d.open() {
                    d.close();
                }
            }
        });
    }

    let onclose = {
        let dialog = dialog.clone();
        Callback::from(move |_: Event| dialog.set(None))
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(None))
    };
    let load = |i: usize| {
        let state = state.clone();
        let dialog = dialog.clone();
        let list = Rc::clone(&list);
        Callback::from(move |_: MouseEvent| {
            if let Some(example) = list.get(i) {
                state.dispatch(Action::Load {
                    diagram: Rc::new(prepare(example)),
                    undoable: true,
                });
            }
            dialog.set(None);
        })
    };

    html! {
        <dialog ref={node} class="dialog gallery" aria-labelledby="gallery-title" {onclose} data-testid="gallery">
            <div class="dialog-head">
                <h2 id="gallery-title" class="dialog-title">{ "Examples" }</h2>
                <p class="dialog-lead">
                    { "The story of VPC endpoints, one pitfall at a time. Loading an example replaces the diagram; \
                       Undo brings yours back." }
                </p>
                <button type="button" class="btn btn-icon dialog-close" aria-label="Close" onclick={close}>
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M6 6l12 12M18 6L6 18" />
                    </svg>
                </button>
            </div>
            <ul class="gallery-list">
                for (i, e) in list.iter().enumerate() {
                    <li key={e.id.clone()}>
                        <button type="button" class="gallery-card" data-testid="example" data-example={e.id.clone()}
                            onclick={load(i)}>
                            <span class="gallery-num" aria-hidden="true">{ i + 1 }</span>
                            <span class="gallery-text">
                                <span class="gallery-card-title">{ &e.title }</span>
                                <span class="gallery-card-summary">{ &e.summary }</span>
                            </span>
                            <Icon kind="vpc" class="gallery-go" />
                        </button>
                    </li>
                }
            </ul>
        </dialog>
    }
}
