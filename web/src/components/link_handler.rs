//! Opens the links in the page URL: a share link (`#v1.…`) or a lesson link (`#lesson=…`), read once on start and
//! again on every `hashchange` (`gloo` `EventListener`, dropped with the component).
//!
//! * A link that does not decode shows the core's message and leaves the current work as it was.
//! * A link that decodes replaces the diagram as an undoable load. When the current diagram has edits
//!   ([`crate::state::AppState::dirty`]) the user is asked first; either way Undo brings the previous diagram
//!   back, and the banner says so.
//! * Once handled (opened or declined), the fragment is removed with `history.replaceState`, so a reload shows
//!   the autosaved work instead of asking again. The diagram is never written to the URL on edits: the autosave
//!   keeps the work and "Copy link" makes a link on demand, so loading from the hash and saving never fight.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use vpclab_core::diagram::Diagram;
use vpclab_core::lesson::{self, Lesson};
use vpclab_core::{share, Diagnostic};
use yew::prelude::*;

use crate::browser;
use crate::components::modal::rich;
use crate::links::{classify, HashLink};
use crate::state::{Action, AppContext};

/// How long an information banner stays, in milliseconds.
pub const BANNER_MS: u32 = 10_000;

/// What a link asks to open, decoded.
#[derive(Clone, Debug, PartialEq)]
pub enum Opening {
    Diagram(Rc<Diagram>, Vec<Diagnostic>),
    Lesson(Rc<Lesson>),
}

impl Opening {
    fn diagram(&self) -> &Diagram {
        match self {
            Opening::Diagram(d, _) => d,
            Opening::Lesson(l) => &l.diagram,
        }
    }
}

/// The message over the canvas after a link was handled.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub error: bool,
    pub title: String,
    pub text: String,
    /// Findings about the link itself.
    pub details: Vec<String>,
}

/// Opens `opening`: a lesson starts, a diagram loads (both undoable).
pub fn open(state: &AppContext, opening: &Opening) -> Banner {
    match opening {
        Opening::Diagram(d, findings) => {
            state.dispatch(Action::Load {
                diagram: Rc::clone(d),
                undoable: true,
            });
            Banner {
                error: false,
                title: "Opened the shared diagram.".into(),
                text: "Undo (Ctrl+Z) brings back the diagram you had.".into(),
                details: findings.iter().map(|f| f.message.clone()).collect(),
            }
        }
        Opening::Lesson(l) => {
            state.dispatch(Action::StartLesson(Rc::clone(l)));
            Banner {
                error: false,
                title: format!("Lesson opened: {}.", l.title),
                text: "Undo (Ctrl+Z) brings back the diagram you had.".into(),
                details: Vec::new(),
            }
        }
    }
}

/// Decodes a fragment; `Err` is the banner explaining why it does not open.
pub fn decode(link: &HashLink) -> Result<Opening, Banner> {
    match link {
        HashLink::Share(f) => share::decode(f)
            .map(|(d, findings)| Opening::Diagram(Rc::new(d), findings))
            .map_err(|e| Banner {
                error: true,
                title: "This share link could not be opened.".into(),
                text: format!(
                    "{}. Your diagram was left as it was.",
                    capitalise(&e.to_string())
                ),
                details: Vec::new(),
            }),
        HashLink::Lesson(f) => lesson::decode_lesson(f)
            .map(|l| Opening::Lesson(Rc::new(l)))
            .map_err(|e| Banner {
                error: true,
                title: "This lesson link could not be opened.".into(),
                text: format!(
                    "{}. Your diagram was left as it was.",
                    capitalise(&e.to_string())
                ),
                details: Vec::new(),
            }),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Reads the fragment and acts on it (see the module doc).
fn handle(
    state: &AppContext,
    pending: &UseStateHandle<Option<Opening>>,
    banner: &UseStateHandle<Option<Banner>>,
) {
    let Some(link) = classify(&browser::hash()) else {
        return;
    };
    match decode(&link) {
        Err(b) => banner.set(Some(b)),
        Ok(opening) => {
            let same = *opening.diagram() == *state.diagram;
            match &opening {
                Opening::Diagram(..) if same => {
                    banner.set(Some(Banner {
                        error: false,
                        title: "This link shows the diagram that is already open.".into(),
                        text: String::new(),
                        details: Vec::new(),
                    }));
                    browser::clear_hash();
                }
                _ if state.dirty && !same => pending.set(Some(opening)),
                _ => {
                    banner.set(Some(open(state, &opening)));
                    browser::clear_hash();
                }
            }
        }
    }
}

/// Listens to the page URL's fragment and shows the banner and the confirmation.
#[component]
pub fn LinkHandler() -> Html {
    let state = use_context::<AppContext>().expect("LinkHandler must be inside the App context");
    let pending = use_state(|| None::<Opening>);
    let banner = use_state(|| None::<Banner>);
    let latest: Rc<RefCell<AppContext>> = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();

    // The lesson being taken survives a reload (`crate::lessons::ACTIVE_KEY`).
    {
        let seen = use_mut_ref(|| None::<usize>);
        let lesson = state.lesson.clone();
        let key = lesson.as_ref().map(|l| Rc::as_ptr(l) as usize);
        use_effect_with(key, move |key| {
            let before = seen.replace(*key);
            if before.is_some() || key.is_some() {
                crate::lessons::save_active(lesson.as_deref());
            }
        });
    }
    {
        let pending = pending.clone();
        let banner = banner.clone();
        use_effect_with((), move |_| {
            let state = latest.borrow().clone();
            if classify(&browser::hash()).is_none() && state.lesson.is_none() {
                if let Some(l) = crate::lessons::load_active() {
                    state.dispatch(Action::ResumeLesson(Rc::new(l)));
                }
            }
            handle(&state, &pending, &banner);
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let state = latest.borrow().clone();
                handle(&state, &pending, &banner);
            });
            move || drop(listener)
        });
    }

    // Good news fades after a while; a refusal stays until dismissed.
    {
        let handle = banner.clone();
        use_effect_with((*banner).clone(), move |b| {
            let timeout = b
                .as_ref()
                .filter(|b| !b.error)
                .map(|_| gloo::timers::callback::Timeout::new(BANNER_MS, move || handle.set(None)));
            move || drop(timeout)
        });
    }

    let confirm_node = use_node_ref();
    {
        let confirm_node = confirm_node.clone();
        use_effect_with(pending.is_some(), move |open| {
            if let Some(d) = confirm_node.cast::<web_sys::HtmlDialogElement>() {
                if *open && !d.open() {
                    let _ = d.show_modal();
                } else if !*open && d.open() {
                    d.close();
                }
            }
        });
    }
    let accept = {
        let state = state.clone();
        let pending = pending.clone();
        let banner = banner.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(opening) = (*pending).clone() {
                banner.set(Some(open(&state, &opening)));
            }
            pending.set(None);
            browser::clear_hash();
        })
    };
    let decline = {
        let pending = pending.clone();
        let banner = banner.clone();
        Callback::from(move |_: MouseEvent| {
            pending.set(None);
            banner.set(None);
            browser::clear_hash();
        })
    };
    let on_dialog_close = {
        let pending = pending.clone();
        Callback::from(move |_: Event| {
            if pending.is_some() {
                pending.set(None);
                browser::clear_hash();
            }
        })
    };
    let dismiss = {
        let banner = banner.clone();
        Callback::from(move |_: MouseEvent| banner.set(None))
    };
    let what = match &*pending {
        Some(Opening::Lesson(l)) => format!("the lesson “{}”", l.title),
        _ => "the shared diagram".to_string(),
    };

    html! {
        <>
            if let Some(b) = &*banner {
                <div class={classes!("link-banner", if b.error { "is-error" } else { "is-info" })}
                    role={if b.error { "alert" } else { "status" }} data-testid="link-banner"
                    data-error={b.error.to_string()}>
                    <div class="link-banner-text">
                        <p class="link-banner-title">{ &b.title }</p>
                        if !b.text.is_empty() {
                            <p class="link-banner-body" data-testid="link-banner-message">{ rich(&b.text) }</p>
                        }
                        if !b.details.is_empty() {
                            <ul class="link-banner-details">
                                for d in &b.details { <li>{ rich(d) }</li> }
                            </ul>
                        }
                    </div>
                    <button type="button" class="btn btn-small btn-icon" aria-label="Dismiss" onclick={dismiss}
                        data-testid="link-banner-dismiss">
                        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                            <path d="M6 6l12 12M18 6L6 18" />
                        </svg>
                    </button>
                </div>
            }
            <dialog ref={confirm_node} class="dialog dialog-narrow" aria-labelledby="confirm-link-title"
                aria-describedby="confirm-link-body" onclose={on_dialog_close} data-testid="confirm-link">
                if pending.is_some() {
                    <div class="dialog-head">
                        <h2 id="confirm-link-title" class="dialog-title">{ format!("Open {what}?") }</h2>
                    </div>
                    <div class="dialog-body">
                        <p id="confirm-link-body" class="confirm-body">
                            { "Your current diagram has edits that are in no link or file yet. Opening the link \
                               replaces it on the canvas; Undo (Ctrl+Z) brings it back." }
                        </p>
                        <div class="dialog-actions">
                            <button type="button" class="btn" onclick={decline} data-testid="confirm-link-keep">
                                { "Keep my diagram" }
                            </button>
                            <button type="button" class="btn btn-primary" onclick={accept}
                                data-testid="confirm-link-open">
                                { "Open the link" }
                            </button>
                        </div>
                    </div>
                }
            </dialog>
        </>
    }
}
