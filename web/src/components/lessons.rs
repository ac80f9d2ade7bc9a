//! Lessons: the list of built-in lessons with the learner's progress (a dialog), the panel of the lesson being
//! taken (story, goals with live verdicts from [`lesson::check`], hints, the explanation on completion), and the
//! authoring dialog that turns the current diagram into a lesson link.

use std::rc::Rc;

use vpclab_core::diagram::Diagram;
use vpclab_core::lesson::{self, Lesson, LessonError, LessonProgress};
use yew::prelude::*;

use crate::app::{Dialog, DialogContext};
use crate::browser;
use crate::components::modal::{rich, Modal};
use crate::lessons::{self as store, Draft};
use crate::state::{Action, AppContext};

fn paragraphs(list: &[String], class: &'static str) -> Html {
    list.iter()
        .map(|p| html! { <p class={class}>{ rich(p) }</p> })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct LessonsDialogProps {
    pub open: bool,
}

/// The list of built-in lessons.
#[component]
pub fn LessonsDialog(props: &LessonsDialogProps) -> Html {
    let state = use_context::<AppContext>().expect("LessonsDialog must be inside the App context");
    let dialog =
        use_context::<DialogContext>().expect("LessonsDialog must be inside the App context");
    let list = use_memo((), |_| lesson::builtin());
    let progress = use_state(LessonProgress::default);
    let copied = use_state(|| None::<String>);
    {
        let progress = progress.clone();
        let copied = copied.clone();
        use_effect_with(props.open, move |open| {
            if *open {
                progress.set(store::load_progress());
                copied.set(None);
            }
        });
    }
    let on_close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    let start = |l: &Lesson| {
        let state = state.clone();
        let dialog = dialog.clone();
        let l = Rc::new(l.clone());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::StartLesson(Rc::clone(&l)));
            dialog.set(None);
        })
    };
    let copy_link = |l: &Lesson| {
        let copied = copied.clone();
        let id = l.id.clone();
        let l = l.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let id = id.clone();
            // Made on click: encoding every lesson's link on every render cost more than the rest of an edit.
            let link = lesson::lesson_link(&browser::href(), &l);
            wasm_bindgen_futures::spawn_local(async move {
                if browser::copy_text(&link).await {
                    copied.set(Some(id));
                }
            });
        })
    };
    let author = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Some(Dialog::Author)))
    };
    let forget = {
        let progress = progress.clone();
        Callback::from(move |_: MouseEvent| {
            let empty = LessonProgress::default();
            store::save_progress(&empty);
            progress.set(empty);
        })
    };
    let done = list.iter().filter(|l| progress.is_completed(&l.id)).count();

    html! {
        <Modal open={props.open} id="lessons" title="Lessons" {on_close}
            lead="Guided exercises on VPC endpoints: change the diagram until the engine says every goal holds. \
                  Starting a lesson replaces the diagram; Undo brings yours back.">
            <p class="lessons-progress" data-testid="lessons-progress">
                { format!("{done} of {} completed", list.len()) }
            </p>
            <ol class="lesson-list">
                for l in list.iter() {
                    <li key={l.id.clone()} class="lesson-item" data-testid="lesson-item" data-lesson={l.id.clone()}
                        data-completed={progress.is_completed(&l.id).to_string()}>
                        <div class="lesson-item-text">
                            <span class="lesson-item-title">
                                { &l.title }
                                if progress.is_completed(&l.id) {
                                    <span class="badge badge-ok">{ "✓ Completed" }</span>
                                } else if progress.hints_shown(&l.id) > 0 {
                                    <span class="badge">{ format!("{} hint{} used", progress.hints_shown(&l.id),
                                        if progress.hints_shown(&l.id) == 1 { "" } else { "s" }) }</span>
                                }
                            </span>
                            <span class="lesson-item-summary">{ rich(&l.summary) }</span>
                        </div>
                        <div class="lesson-item-actions">
                            <button type="button" class="btn btn-small" onclick={copy_link(l)}
                                title="Copy this lesson's link (#lesson=…) for a course page">
                                { if copied.as_deref() == Some(l.id.as_str()) { "Copied" } else { "Link" } }
                            </button>
                            <button type="button" class="btn btn-small btn-primary" onclick={start(l)}
                                data-testid="lesson-start" data-lesson={l.id.clone()}>
                                { if progress.is_completed(&l.id) { "Again" } else { "Start" } }
                            </button>
                        </div>
                    </li>
                }
            </ol>
            <div class="dialog-actions dialog-actions-split">
                <button type="button" class="btn btn-small" onclick={forget} disabled={progress.completed.is_empty()
                    && progress.hints_shown.is_empty()}>
                    { "Forget my progress" }
                </button>
                <button type="button" class="btn" onclick={author} data-testid="open-author">
                    { "Make a lesson from this diagram…" }
                </button>
            </div>
        </Modal>
    }
}

/// The lesson being taken, shown above the side panel's tabs (nothing without a lesson).
#[component]
pub fn LessonPanel() -> Html {
    let state = use_context::<AppContext>().expect("LessonPanel must be inside the App context");
    let lesson = state.lesson.clone();
    let key = lesson.as_ref().map_or(0, |l| Rc::as_ptr(l) as usize);
    let status = {
        let lesson = lesson.clone();
        let diagram = Rc::clone(&state.diagram);
        use_memo((key, state.model_revision), move |_| {
            lesson.as_ref().map(|l| lesson::check(l, &diagram))
        })
    };
    let hints = use_state(|| 0usize);
    let story_open = use_state(|| true);
    {
        let hints = hints.clone();
        let story_open = story_open.clone();
        let id = lesson.as_ref().map(|l| l.id.clone());
        use_effect_with(key, move |_| {
            hints.set(id.map_or(0, |id| store::load_progress().hints_shown(&id)));
            story_open.set(true);
        });
    }
    // The story is open when a lesson starts and folds away at the learner's first change, so the goals
    // stay in view while they work (the toggle brings it back).
    {
        let story_open = story_open.clone();
        let started = use_mut_ref(|| (0usize, 0u64));
        use_effect_with((key, state.model_revision), move |(key, rev)| {
            let mut s = started.borrow_mut();
            if s.0 != *key {
                *s = (*key, *rev);
            } else if s.1 != *rev && s.1 != u64::MAX {
                s.1 = u64::MAX;
                story_open.set(false);
            }
        });
    }
    // Completion is recorded once.
    let complete = status.as_ref().as_ref().is_some_and(|s| s.complete);
    // On completion, the explanation scrolls into view.
    let done_ref = use_node_ref();
    {
        let done_ref = done_ref.clone();
        use_effect_with((key, complete), move |(_, complete)| {
            if *complete {
                // Only the lesson's own scroll area moves (scrollIntoView would scroll the page too).
                if let Some(el) = done_ref.cast::<web_sys::HtmlElement>() {
                    if let Some(area) = el.parent_element() {
                        area.set_scroll_top(el.offset_top());
                    }
                }
            }
        });
    }
    {
        let id = lesson.as_ref().map(|l| l.id.clone());
        use_effect_with((key, complete), move |(_, complete)| {
            if let (true, Some(id)) = (*complete, id) {
                let mut p = store::load_progress();
                if !p.is_completed(&id) {
                    p.complete(&id);
                    store::save_progress(&p);
                }
            }
        });
    }

    let (Some(l), Some(status)) = (lesson, (*status).clone()) else {
        return html! {};
    };
    let show_hint = {
        let hints = hints.clone();
        let l = Rc::clone(&l);
        Callback::from(move |_: MouseEvent| {
            let mut p = store::load_progress();
            let n = p.reveal_hint(&l);
            store::save_progress(&p);
            hints.set(n);
        })
    };
    let leave = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::EndLesson))
    };
    let restart = {
        let state = state.clone();
        let l = Rc::clone(&l);
        Callback::from(move |_: MouseEvent| state.dispatch(Action::StartLesson(Rc::clone(&l))))
    };
    let toggle_story = {
        let story_open = story_open.clone();
        Callback::from(move |_: MouseEvent| story_open.set(!*story_open))
    };
    let next = lesson::builtin_ids()
        .iter()
        .position(|id| *id == l.id)
        .and_then(|i| lesson::builtin_ids().get(i + 1).cloned())
        .and_then(|id| lesson::builtin_lesson(&id));
    let start_next = next.as_ref().map(|n| {
        let state = state.clone();
        let n = Rc::new(n.clone());
        Callback::from(move |_: MouseEvent| state.dispatch(Action::StartLesson(Rc::clone(&n))))
    });
    let met = status.met();
    let total = status.goals.len();
    let shown = (*hints).min(l.hints.len());

    html! {
        <section class={classes!("lesson-panel", complete.then_some("is-complete"))} aria-labelledby="lesson-title"
            data-testid="lesson-panel" data-lesson={l.id.clone()} data-complete={complete.to_string()}>
            <div class="lesson-head">
                <p class="lesson-kicker">{ "Lesson" }</p>
                <h2 id="lesson-title" class="lesson-title">{ &l.title }</h2>
                <div class="lesson-head-actions">
                    <button type="button" class="btn btn-small" onclick={restart} title="Start this lesson again from its starting diagram">
                        { "Restart" }
                    </button>
                    <button type="button" class="btn btn-small" onclick={leave} data-testid="lesson-leave">
                        { "Leave" }
                    </button>
                </div>
            </div>
            <div class="lesson-meter" role="img" aria-label={format!("{met} of {total} goals met")}>
                <span class={classes!("lesson-meter-bar", format!("w{}", (met * 10).checked_div(total).unwrap_or(0)))}></span>
            </div>
            <div class="lesson-scroll">
                <h3 class="lesson-subtitle">{ format!("Goals · {met} of {total} met") }</h3>
                <ul class="lesson-goals" aria-live="polite">
                    for g in &status.goals {
                        <li class={classes!("lesson-goal", if g.met { "is-met" } else { "is-open" })}
                            data-testid="lesson-goal" data-met={g.met.to_string()}>
                            <span class="lesson-goal-mark" aria-hidden="true">{ if g.met { "✓" } else { "○" } }</span>
                            <span class="lesson-goal-text">
                                <span class="visually-hidden">{ if g.met { "Met: " } else { "Not met yet: " } }</span>
                                { rich(&g.text) }
                                if !g.detail.is_empty() {
                                    <span class="lesson-goal-detail">{ rich(&g.detail) }</span>
                                }
                            </span>
                        </li>
                    }
                </ul>
                if complete {
                    <div class="lesson-done" role="status" data-testid="lesson-complete" ref={done_ref}>
                        <p class="lesson-done-title">{ "✓ Lesson complete" }</p>
                        { paragraphs(&l.explanation, "lesson-p") }
                        if let (Some(n), Some(cb)) = (&next, start_next) {
                            <button type="button" class="btn btn-primary" onclick={cb} data-testid="lesson-next">
                                { format!("Next: {}", n.title) }
                            </button>
                        }
                    </div>
                } else if !l.hints.is_empty() {
                    <div class="lesson-hints">
                        if shown > 0 {
                            <ol class="lesson-hint-list">
                                for h in l.hints.iter().take(shown) {
                                    <li class="lesson-hint" data-testid="lesson-hint">{ rich(h) }</li>
                                }
                            </ol>
                        }
                        <button type="button" class="btn btn-small" onclick={show_hint} disabled={shown >= l.hints.len()}
                            data-testid="lesson-show-hint">
                            { if shown >= l.hints.len() {
                                "No more hints".to_string()
                            } else {
                                format!("Show hint ({} of {})", shown + 1, l.hints.len())
                            } }
                        </button>
                    </div>
                }
                <button type="button" class="lesson-story-toggle" aria-expanded={story_open.to_string()}
                    aria-controls="lesson-story" onclick={toggle_story}>
                    { if *story_open { "Hide the story" } else { "Show the story" } }
                </button>
                if *story_open {
                    <div id="lesson-story" class="lesson-story">{ paragraphs(&l.story, "lesson-p") }</div>
                }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct AuthorDialogProps {
    pub open: bool,
}

/// A starting diagram the author can pick: the current one, or one from the undo history.
struct StartChoice {
    label: String,
    diagram: Rc<Diagram>,
    /// Whether it already meets every goal.
    solved: bool,
}

/// "Make a lesson from this diagram".
#[component]
pub fn AuthorDialog(props: &AuthorDialogProps) -> Html {
    let state = use_context::<AppContext>().expect("AuthorDialog must be inside the App context");
    let dialog =
        use_context::<DialogContext>().expect("AuthorDialog must be inside the App context");
    let draft = use_state(Draft::default);
    let start = use_state(|| 0usize);
    let result = use_state(|| None::<Result<(Rc<Lesson>, String), Vec<LessonError>>>);
    let copied = use_state(|| None::<bool>);

    // The goals the current flows meet, with their sentences.
    // Only while the dialog is open: closed, it would re-check the goals on every edit for nothing.
    let goals = {
        let diagram = Rc::clone(&state.diagram);
        use_memo((state.model_revision, props.open), move |(_, open)| {
            if !*open {
                return Vec::new();
            }
            let l = lesson::lesson_from_diagram(&diagram, "draft", "", true);
            lesson::check(&l, &diagram)
                .goals
                .into_iter()
                .map(|g| g.text)
                .collect::<Vec<_>>()
        })
    };
    // The current diagram, then the undo history (newest first), each with how many goals it meets.
    let choices = {
        let state = state.clone();
        use_memo((state.revision, props.open), move |(_, open)| {
            if !*open {
                return Vec::new();
            }
            let working = lesson::lesson_from_diagram(&state.diagram, "draft", "", true);
            let total = working.goals.len();
            // The goals name the working diagram's flows; `check` traces them over each candidate's topology.
            let met = |d: &Diagram| lesson::check(&working, d).met();
            let mut out = vec![StartChoice {
                label: format!("This diagram as it is (meets {total} of {total} goals)"),
                diagram: Rc::clone(&state.diagram),
                solved: true,
            }];
            for (n, d) in state.undo.iter().rev().enumerate().take(30) {
                let name = d.topology.name.as_deref().unwrap_or("untitled");
                let back = match n {
                    0 => "Before your last change".to_string(),
                    _ => format!("{} changes back", n + 1),
                };
                let n_met = met(d);
                out.push(StartChoice {
                    label: format!("{back} — {name} (meets {n_met} of {total})"),
                    diagram: Rc::clone(d),
                    solved: n_met == total,
                });
            }
            out
        })
    };
    {
        let draft = draft.clone();
        let start = start.clone();
        let result = result.clone();
        let choices = Rc::clone(&choices);
        let title = state.diagram.topology.name.clone().unwrap_or_default();
        let n_goals = goals.len();
        use_effect_with(props.open, move |open| {
            if *open {
                draft.set(Draft {
                    title,
                    goals: vec![true; n_goals],
                    ..Draft::default()
                });
                // Default start: the newest earlier diagram that does not meet every goal yet.
                start.set(choices.iter().position(|c| !c.solved).unwrap_or(0));
                result.set(None);
            }
        });
    }

    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        let result = result.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| {
                    e.target_dyn_into::<web_sys::HtmlTextAreaElement>()
                        .map(|t| t.value())
                })
                .unwrap_or_default();
            let mut d = (*draft).clone();
            f(&mut d, value);
            draft.set(d);
            result.set(None);
        })
    };
    let toggle = |f: fn(&mut Draft) -> &mut bool| {
        let draft = draft.clone();
        let result = result.clone();
        Callback::from(move |_: Event| {
            let mut d = (*draft).clone();
            let b = f(&mut d);
            *b = !*b;
            draft.set(d);
            result.set(None);
        })
    };
    let toggle_goal = |i: usize| {
        let draft = draft.clone();
        let result = result.clone();
        Callback::from(move |_: Event| {
            let mut d = (*draft).clone();
            if d.goals.len() <= i {
                d.goals.resize(i + 1, true);
            }
            d.goals[i] = !d.goals[i];
            draft.set(d);
            result.set(None);
        })
    };
    let on_start = {
        let start = start.clone();
        let result = result.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                start.set(s.value().parse().unwrap_or(0));
                result.set(None);
            }
        })
    };
    let make = {
        let state = state.clone();
        let draft = draft.clone();
        let start = start.clone();
        let result = result.clone();
        let choices = Rc::clone(&choices);
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let from = choices.get(*start).map(|c| Rc::clone(&c.diagram));
            let r = store::author(&state.diagram, from.as_deref(), &draft).map(|l| {
                let link = lesson::lesson_link(&browser::href(), &l);
                (Rc::new(l), link)
            });
            if let Ok((_, link)) = &r {
                let copied = copied.clone();
                let link = link.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    copied.set(Some(browser::copy_text(&link).await));
                });
            }
            copied.set(None);
            result.set(Some(r));
        })
    };
    let try_it = {
        let state = state.clone();
        let dialog = dialog.clone();
        let result = result.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(Ok((l, _))) = &*result {
                state.dispatch(Action::StartLesson(Rc::clone(l)));
                dialog.set(None);
            }
        })
    };
    let on_close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        }
    });

    html! {
        <Modal open={props.open} id="author" title="Make a lesson from this diagram" {on_close}
            lead="The flows' outcomes on this diagram become the goals; the learner starts from a diagram that does \
                  not meet them yet (for example your diagram before you fixed it) and the engine judges their changes.">
            <div class="author-body">
                <div class="field">
                    <label for="author-title">{ "Title" }</label>
                    <input id="author-title" type="text" value={draft.title.clone()} data-testid="author-title"
                        oninput={set(|d, v| d.title = v)} />
                </div>
                <div class="field">
                    <label for="author-story">{ "Story (blank lines between paragraphs; **bold**, `code`)" }</label>
                    <textarea id="author-story" class="prose" rows="4" value={draft.story.clone()}
                        data-testid="author-story" oninput={set(|d, v| d.story = v)} />
                </div>
                <fieldset class="author-goals">
                    <legend class="field-label">{ "Goals: what the flows do now" }</legend>
                    if goals.is_empty() {
                        <p class="field-hint">{ "No flow can be traced: add flows (Path tab) whose outcome the learner must reach." }</p>
                    }
                    for (i, text) in goals.iter().enumerate() {
                        <label class="check">
                            <input type="checkbox" checked={draft.goals.get(i).copied().unwrap_or(true)}
                                onchange={toggle_goal(i)} data-testid="author-goal" />
                            <span>{ rich(text) }</span>
                        </label>
                    }
                </fieldset>
                <div class="field">
                    <label for="author-start">{ "The learner starts from" }</label>
                    <select id="author-start" onchange={on_start} data-testid="author-start">
                        for (i, c) in choices.iter().enumerate() {
                            <option value={i.to_string()} selected={i == *start}>{ &c.label }</option>
                        }
                    </select>
                    <p class="field-hint">{ "Break the diagram after writing the goals, or pick an earlier state from your undo history." }</p>
                </div>
                <div class="field-grid author-grid">
                    <div class="field">
                        <label for="author-hints">{ "Hints (one a line)" }</label>
                        <textarea id="author-hints" class="prose" rows="3" value={draft.hints.clone()}
                            oninput={set(|d, v| d.hints = v)} />
                    </div>
                    <div class="field">
                        <label for="author-explanation">{ "Explanation shown at the end" }</label>
                        <textarea id="author-explanation" class="prose" rows="3" value={draft.explanation.clone()}
                            oninput={set(|d, v| d.explanation = v)} />
                    </div>
                </div>
                <fieldset class="author-hide">
                    <legend class="field-label">{ "While the lesson runs" }</legend>
                    <label class="check">
                        <input type="checkbox" checked={draft.hide_cost} onchange={toggle(|d| &mut d.hide_cost)} />
                        <span>{ "Hide the cost panel and prices" }</span>
                    </label>
                    <label class="check">
                        <input type="checkbox" checked={draft.hide_advisories}
                            onchange={toggle(|d| &mut d.hide_advisories)} />
                        <span>{ "Hide the advisories (limits that apply)" }</span>
                    </label>
                    <div class="field">
                        <label for="author-locked">{ "Locked objects (ids: visible, not editable)" }</label>
                        <input id="author-locked" type="text" value={draft.locked.clone()} placeholder="vgw-app, vpn-office"
                            oninput={set(|d, v| d.locked = v)} spellcheck="false" />
                    </div>
                    <div class="field">
                        <label for="author-hidden">{ "Hidden nodes (ids not drawn)" }</label>
                        <input id="author-hidden" type="text" value={draft.hidden_nodes.clone()}
                            oninput={set(|d, v| d.hidden_nodes = v)} spellcheck="false" />
                    </div>
                </fieldset>
                <div class="dialog-actions">
                    <button type="button" class="btn btn-primary" onclick={make} data-testid="author-make">
                        { "Make the lesson link" }
                    </button>
                </div>
                { match &*result {
                    None => html! {},
                    Some(Err(errors)) => html! {
                        <div class="author-errors" role="alert" data-testid="author-errors">
                            <p class="author-errors-title">{ "The lesson is not ready:" }</p>
                            <ul>
                                for e in errors { <li>{ e.to_string() }</li> }
                            </ul>
                        </div>
                    },
                    Some(Ok((l, link))) => html! {
                        <div class="author-result" data-testid="author-result">
                            <p class="share-feedback is-ok" role="status">
                                { match *copied {
                                    Some(true) => crate::links::copy_feedback(link, true),
                                    Some(false) => crate::links::copy_feedback(link, false),
                                    None => "Lesson link ready".to_string(),
                                } }
                            </p>
                            <div class="share-row">
                                <input type="text" class="share-link" readonly=true value={link.clone()}
                                    onfocus={select_all.clone()} aria-label="Lesson link" data-testid="author-link" />
                                <button type="button" class="btn" onclick={try_it.clone()} data-testid="author-try">
                                    { "Try it now" }
                                </button>
                            </div>
                            <p class="field-hint">
                                { format!("“{}”: {} goal{}, {} hint{}. Anyone opening the link gets this lesson; a course page can link to it.",
                                    l.title, l.goals.len(), if l.goals.len() == 1 { "" } else { "s" },
                                    l.hints.len(), if l.hints.len() == 1 { "" } else { "s" }) }
                            </p>
                            if let Some(w) = crate::links::long_link_warning(link) {
                                <p class="share-warning">{ w }</p>
                            }
                        </div>
                    },
                } }
            </div>
        </Modal>
    }
}
