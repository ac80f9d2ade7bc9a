//! The header's sharing commands: Import, Export, Lessons and Copy link.

use yew::prelude::*;

use crate::app::{Dialog, DialogContext};
use crate::components::export_menu::ExportMenu;

/// Import, Export (menu), Lessons and Copy link, for the header's toolbar.
#[component]
pub fn DocActions() -> Html {
    let dialog = use_context::<DialogContext>().expect("DocActions must be inside the App context");
    let open = |which: Dialog| {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Some(which)))
    };
    html! {
        <>
            <button type="button" class="btn" data-testid="open-import" onclick={open(Dialog::Import)}
                aria-haspopup="dialog">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M12 15V4M7.5 8.5L12 4l4.5 4.5" /><path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
                </svg>
                <span class="btn-label">{ "Import" }</span>
            </button>
            <ExportMenu />
            <button type="button" class="btn" data-testid="open-lessons" onclick={open(Dialog::Lessons)}
                aria-haspopup="dialog">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M3 6.5L12 3l9 3.5-9 3.5z" /><path d="M7 8.5v5c0 1.5 2.2 3 5 3s5-1.5 5-3v-5" />
                    <path d="M21 6.5V12" />
                </svg>
                <span class="btn-label">{ "Lessons" }</span>
            </button>
            <button type="button" class="btn btn-primary" data-testid="copy-link" onclick={open(Dialog::Share)}
                aria-haspopup="dialog" title="Copy a link that opens this diagram">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M10 14a4.5 4.5 0 0 0 6.4 0l3-3a4.5 4.5 0 0 0-6.4-6.4l-1 1" />
                    <path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3 3a4.5 4.5 0 0 0 6.4 6.4l1-1" />
                </svg>
                <span class="btn-label">{ "Copy link" }</span>
            </button>
        </>
    }
}
