//! A modal `<dialog>` shell shared by the share, import, lessons and authoring dialogs: `showModal()` when
//! `open` (focus trapped, Escape closes), a title, a lead paragraph and a close button.

use yew::prelude::*;

use crate::lessons::{spans, Span};

/// Text with its `**bold**` and `` `code` `` (lesson texts, and the core's messages, which quote ids in
/// backticks) as HTML; everything else is plain text.
pub fn rich(text: &str) -> Html {
    spans(text)
        .into_iter()
        .map(|s| match s {
            Span::Text(t) => html! { { t } },
            Span::Bold(t) => html! { <strong>{ t }</strong> },
            Span::Code(t) => html! { <code>{ t }</code> },
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub open: bool,
    /// Used for the element ids (`{id}-title`) and `data-testid`.
    pub id: AttrValue,
    pub title: AttrValue,
    #[prop_or_default]
    pub lead: Option<AttrValue>,
    /// Extra classes of the `<dialog>` (e.g. its width).
    #[prop_or_default]
    pub class: Classes,
    /// Called when the dialog closes (Escape, the close button, or the page closing it).
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

/// The dialog shell.
#[component]
pub fn Modal(props: &ModalProps) -> Html {
    let node = use_node_ref();
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
    // The `close` event comes after the fact. When the page closed the dialog (`open` became false, e.g. to open
    // another dialog), it must not report a close of whatever is open now.
    let onclose = {
        let on_close = props.on_close.clone();
        let open = props.open;
        Callback::from(move |_: Event| {
            if open {
                on_close.emit(())
            }
        })
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let title_id = format!("{}-title", props.id);
    html! {
        <dialog ref={node} class={classes!("dialog", props.class.clone())} aria-labelledby={title_id.clone()}
            {onclose} data-testid={props.id.clone()}>
            <div class="dialog-head">
                <h2 id={title_id} class="dialog-title">{ &props.title }</h2>
                if let Some(lead) = &props.lead {
                    <p class="dialog-lead">{ lead }</p>
                }
                <button type="button" class="btn btn-icon dialog-close" aria-label="Close" onclick={close}>
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M6 6l12 12M18 6L6 18" />
                    </svg>
                </button>
            </div>
            if props.open {
                <div class="dialog-body">{ props.children.clone() }</div>
            }
        </dialog>
    }
}
