//! The Import dialog: paste JSON or a link, choose files or a folder, or drop them; [`crate::import::run`] reads
//! them with the same importer as the CLI — in the jobs worker ([`crate::jobs::import`]), with a progress line and
//! a Cancel button once it takes longer than a quarter of a second — the result loads as the diagram (undoable)
//! and the dialog reports what was imported, what was ignored and why. Cancelled or failed, the diagram is left
//! as it was.

use std::rc::Rc;

use gloo::timers::callback::Timeout;

use vpclab_core::Severity;
use yew::prelude::*;

use crate::analysis;
use crate::app::DialogContext;
use crate::browser;
use crate::components::modal::{rich, Modal};
use crate::import::{self, Opened, Report};
use crate::jobs::{self, JobError, JobHandle};
use crate::links::thousands;
use crate::state::{Action, AppContext};

#[derive(Properties, PartialEq)]
pub struct ImportDialogProps {
    pub open: bool,
}

/// An import that runs longer than this shows its progress and a Cancel button.
const SHOW_PROGRESS_AFTER_MS: u32 = 250;

/// The label of pasted text in messages.
const PASTED: &str = "pasted text";

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The import dialog.
#[component]
pub fn ImportDialog(props: &ImportDialogProps) -> Html {
    let state = use_context::<AppContext>().expect("ImportDialog must be inside the App context");
    let dialog =
        use_context::<DialogContext>().expect("ImportDialog must be inside the App context");
    let text = use_state(String::new);
    let region = use_state(String::new);
    let report = use_state(|| None::<Rc<Report>>);
    let busy = use_state(|| false);
    // The import running in the worker (`jobs`), what it says, and whether it has run long enough to show it.
    let job = use_mut_ref(|| None::<JobHandle>);
    let progress = use_state(|| None::<String>);
    let slow = use_state(|| false);
    let slow_timer = use_mut_ref(|| None::<Timeout>);
    let dragging = use_state(|| false);
    let files_input = use_node_ref();
    let folder_input = use_node_ref();

    // A fresh dialog each time it opens (and the worker started, so that an import does not wait for it); a
    // running import is cancelled when it closes.
    {
        let report = report.clone();
        let busy = busy.clone();
        let job = job.clone();
        use_effect_with(props.open, move |open| {
            if *open {
                report.set(None);
                busy.set(false);
                jobs::warm_up();
            } else {
                // Taken first: cancelling calls the job's callback, which clears `job` too.
                let running = job.borrow_mut().take();
                if let Some(j) = running {
                    j.cancel();
                }
            }
        });
    }

    // A new report is read from the top.
    {
        use_effect_with(report.clone(), |r| {
            if r.is_some() {
                if let Ok(Some(body)) = gloo::utils::document()
                    .query_selector("dialog[data-testid=import] .dialog-body")
                {
                    body.set_scroll_top(0);
                }
            }
        });
    }

    // Imports `(label, text)` pairs in the worker and loads the result; until then the diagram is untouched.
    let finish = {
        let state = state.clone();
        let report = report.clone();
        let busy = busy.clone();
        let region = region.clone();
        let job = job.clone();
        let progress = progress.clone();
        let slow = slow.clone();
        let slow_timer = slow_timer.clone();
        Callback::from(move |docs: Result<Vec<(String, String)>, String>| {
            // One import at a time: a new one replaces one still running (whose callback runs now, not later).
            let previous = job.borrow_mut().take();
            if let Some(old) = previous {
                old.cancel();
            }
            let docs = match docs {
                Ok(d) => d,
                Err(e) => {
                    busy.set(false);
                    report.set(Some(Rc::new(Report {
                        source: "files".into(),
                        error: Some(e),
                        ..Report::default()
                    })));
                    return;
                }
            };
            busy.set(true);
            progress.set(None);
            slow.set(false);
            *slow_timer.borrow_mut() = Some({
                let slow = slow.clone();
                Timeout::new(SHOW_PROGRESS_AFTER_MS, move || slow.set(true))
            });
            let hint = region.trim();
            let on_progress = {
                let progress = progress.clone();
                move |p: jobs::Progress| progress.set(Some(p.text()))
            };
            let on_done = {
                let state = state.clone();
                let report = report.clone();
                let busy = busy.clone();
                let job = job.clone();
                let slow_timer = slow_timer.clone();
                move |result: Result<jobs::Imported, JobError>| {
                    job.borrow_mut().take();
                    slow_timer.borrow_mut().take();
                    let show = move |r: Report| {
                        busy.set(false);
                        report.set(Some(Rc::new(r)));
                    };
                    match result {
                        Ok(jobs::Imported {
                            opened: Some(Opened::Diagram(d)),
                            report: r,
                            validation,
                        }) => {
                            // Three tasks, none long at 100 VPCs: the answer was decoded in the last one,
                            // this one analyses it and lays it out, the next one draws it with its report.
                            let diagram = Rc::new(*d);
                            analysis::prepare(&diagram, validation);
                            crate::app::prepare_scene(&diagram);
                            let state = state.clone();
                            jobs::browser::later(move || {
                                state.dispatch(Action::Load {
                                    diagram,
                                    undoable: true,
                                });
                                show(r);
                            });
                        }
                        Ok(jobs::Imported {
                            opened: Some(Opened::Lesson(l)),
                            report: r,
                            ..
                        }) => {
                            state.dispatch(Action::StartLesson(Rc::new(*l)));
                            show(r);
                        }
                        Ok(jobs::Imported { report: r, .. }) => show(r),
                        Err(JobError::Cancelled) => show(Report {
                            source: "files".into(),
                            error: Some("The import was cancelled.".into()),
                            ..Report::default()
                        }),
                        Err(JobError::Failed(e)) => show(Report {
                            source: "files".into(),
                            error: Some(format!("The import failed: {e}.")),
                            ..Report::default()
                        }),
                    }
                }
            };
            let handle = jobs::import(
                &docs,
                (!hint.is_empty()).then_some(hint),
                on_progress,
                on_done,
            );
            *job.borrow_mut() = Some(handle);
        })
    };
    let cancel = {
        let job = job.clone();
        Callback::from(move |_: MouseEvent| {
            let running = job.borrow_mut().take();
            if let Some(j) = running {
                j.cancel();
            }
        })
    };
    let read_and_finish = {
        let finish = finish.clone();
        let busy = busy.clone();
        move |files: Vec<web_sys::File>, from_folder: bool| {
            if files.is_empty() {
                return;
            }
            busy.set(true);
            let finish = finish.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let files: Vec<web_sys::File> = files
                    .into_iter()
                    .filter(|f| !from_folder || import::wanted_in_folder(&browser::file_label(f)))
                    .collect();
                finish.emit(browser::read_files(files).await);
            });
        }
    };
    let on_files = {
        let read = read_and_finish.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let files = browser::file_vec(input.files());
                input.set_value("");
                read(files, false);
            }
        })
    };
    let on_folder = {
        let read = read_and_finish.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let files = browser::file_vec(input.files());
                input.set_value("");
                read(files, true);
            }
        })
    };
    let pick = |node: NodeRef| {
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = node.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dragging = dragging.clone();
        let busy = busy.clone();
        let finish = finish.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let Some(transfer) = e.data_transfer() else {
                return;
            };
            busy.set(true);
            let finish = finish.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let docs = match browser::dropped_files(transfer).await {
                    Ok(files) => browser::read_labelled(files).await,
                    Err(e) => Err(e),
                };
                finish.emit(docs);
            });
        })
    };
    let on_text = {
        let text = text.clone();
        let report = report.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                // Too long to import: refused before the text is copied out of the page, and cleared (a huge
                // text area slows every later keystroke). Each UTF-16 unit is at least one byte of UTF-8.
                let units = f64::from(t.text_length());
                if let Some(e) = import::too_big(PASTED, units) {
                    t.set_value("");
                    text.set(String::new());
                    report.set(Some(Rc::new(Report::failed(PASTED, e))));
                    return;
                }
                text.set(t.value());
            }
        })
    };
    let on_region = {
        let region = region.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                region.set(t.value());
            }
        })
    };
    let import_text = {
        let text = text.clone();
        let finish = finish.clone();
        Callback::from(move |_: MouseEvent| {
            finish.emit(Ok(vec![(PASTED.to_string(), (*text).clone())]));
        })
    };
    let on_close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    let done = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(None))
    };

    html! {
        <Modal open={props.open} id="import" title="Import" {on_close}
            lead="AWS CLI output (aws ec2 describe-* as JSON: several files, a folder, or one merged object), a VPC \
                  Lab project JSON, or a share or lesson link. Everything stays in this browser.">
            <div class="import-body">
                if let Some(r) = &*report {
                    { report_view(r) }
                    if r.error.is_none() {
                        <div class="dialog-actions">
                            <button type="button" class="btn btn-primary" onclick={done} data-testid="import-done">
                                { "Done" }
                            </button>
                        </div>
                        <h3 class="import-again">{ "Import something else" }</h3>
                    }
                }
                <div class={classes!("drop-zone", dragging.then_some("is-over"))}
                    ondragover={on_dragover.clone()} ondragenter={on_dragover} ondragleave={on_dragleave}
                    ondrop={on_drop} data-testid="import-drop">
                    <svg class="drop-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M12 15V4M7.5 8.5L12 4l4.5 4.5" /><path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
                    </svg>
                    <p class="drop-title">{ "Drop describe-*.json files or a snapshot folder here" }</p>
                    <p class="drop-hint">
                        { "In a folder, each file's path is its label: a folder named like a Region (us-east-1) \
                           gives its files that Region." }
                    </p>
                    <div class="drop-actions">
                        <button type="button" class="btn" onclick={pick(files_input.clone())}
                            data-testid="import-choose-files">{ "Choose files…" }</button>
                        <button type="button" class="btn" onclick={pick(folder_input.clone())}
                            data-testid="import-choose-folder">{ "Choose a folder…" }</button>
                    </div>
                    <input ref={files_input} type="file" multiple=true accept=".json,application/json,text/plain"
                        hidden=true onchange={on_files} data-testid="import-files" aria-label="Files to import" />
                    <input ref={folder_input} type="file" multiple=true webkitdirectory=true hidden=true
                        onchange={on_folder} data-testid="import-folder" aria-label="Folder to import" />
                </div>
                <div class="field">
                    <label for="import-text">{ "Or paste JSON or a link" }</label>
                    <textarea id="import-text" rows="5" spellcheck="false" value={(*text).clone()}
                        oninput={on_text} data-testid="import-text"
                        placeholder={"{\"Vpcs\": [ … ]}   or   https://…/#v1.…"} />
                </div>
                <div class="import-row">
                    <div class="field import-region">
                        <label for="import-region">{ "Region when the files name none" }</label>
                        <input id="import-region" type="text" value={(*region).clone()} oninput={on_region}
                            placeholder="us-east-1" spellcheck="false" data-testid="import-region" />
                    </div>
                    <button type="button" class="btn btn-primary" onclick={import_text}
                        disabled={text.trim().is_empty() || *busy} data-testid="import-paste">
                        { "Import pasted text" }
                    </button>
                </div>
                if *busy {
                    <div class="import-busy" role="status" data-testid="import-progress">
                        <span class="import-progress-text">
                            { progress.as_deref().unwrap_or("Reading…") }
                        </span>
                        if *slow {
                            <button type="button" class="btn btn-small" onclick={cancel}
                                data-testid="import-cancel">{ "Cancel" }</button>
                        }
                    </div>
                }
            </div>
        </Modal>
    }
}

/// The report of one import.
fn report_view(r: &Report) -> Html {
    if let Some(e) = &r.error {
        return html! {
            <section class="import-report is-error" role="alert" data-testid="import-report" data-ok="false">
                <h3 class="import-report-title">{ "Nothing was imported" }</h3>
                <p class="import-error" data-testid="import-error">{ rich(e) }</p>
                <p class="import-note">{ "Your diagram was left as it was." }</p>
            </section>
        };
    }
    let warnings = r
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .count();
    html! {
        <section class="import-report" role="status" data-testid="import-report" data-ok="true">
            <h3 class="import-report-title">{ "Imported " }{ rich(&r.source) }</h3>
            <p class="import-note">
                { "It is now the diagram on the canvas; Undo (Ctrl+Z) brings back the one you had." }
            </p>
            if r.counts.is_empty() {
                <p class="import-note">{ "The input holds no VPC objects." }</p>
            } else {
                <ul class="import-counts">
                    for (label, n) in &r.counts {
                        <li class="import-count" data-testid="import-count" data-kind={*label}>
                            <span class="import-count-n">{ thousands(*n) }</span>
                            <span class="import-count-label">{ *label }</span>
                        </li>
                    }
                </ul>
            }
            if r.diagnostics.is_empty() {
                <p class="import-clean">{ "Nothing was ignored." }</p>
            } else {
                <details class="import-diagnostics" open={warnings > 0}>
                    <summary>
                        { format!("Ignored or not understood: {} item{}", r.diagnostics.len(),
                            if r.diagnostics.len() == 1 { "" } else { "s" }) }
                    </summary>
                    <ul>
                        for d in &r.diagnostics {
                            <li class={classes!("import-diagnostic", format!("is-{}", severity_name(d.severity)))}
                                data-testid="import-diagnostic" data-code={d.code.clone()}
                                data-severity={severity_name(d.severity)}>
                                <span class="import-diagnostic-sev">{ severity_name(d.severity) }</span>
                                <span class="import-diagnostic-msg">{ rich(&d.message) }</span>
                                <code class="import-diagnostic-code">{ &d.code }</code>
                            </li>
                        }
                    </ul>
                </details>
            }
        </section>
    }
}
