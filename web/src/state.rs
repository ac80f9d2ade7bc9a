//! The UI state: one reducer for the whole app, shared through a context.
//!
//! [`AppState`] holds the [`Diagram`] the user works on (topology + layout + flows, as `vpclab-core` defines it),
//! the undo/redo history as snapshots of that diagram, the selection, the view (zoom/pan) and which panel is on
//! display. Topology edits are delegated to `vpclab-core`; this module only records their results.
//!
//! Two counters drive memoisation: [`AppState::revision`] changes with any change of the diagram (autosave, the
//! drawn scene) and [`AppState::model_revision`] only when the topology or the flows change (the analysis: every
//! flow's trace and cost). Returning the same `Rc` from [`AppState::reduce`] skips the re-render (Yew 0.23), so
//! no-op actions are free.

use std::rc::Rc;

use vpclab_core::diagram::{Diagram, Flow};
use vpclab_core::edit::{apply, Edit, EditError};
use vpclab_core::lesson::Lesson;
use vpclab_core::model::Topology;
use vpclab_core::FlowSpec;
use yew::{Reducible, UseReducerHandle};

use crate::jobs::JobHandle;
use crate::report::{AuditRun, Comparison};
use crate::tabs::Tab;
use crate::view::ViewBox;

/// How many diagram snapshots the undo history keeps.
pub const UNDO_LIMIT: usize = 100;

/// Which end of a flow a diagram click picks: the core's [`Side`].
pub use vpclab_core::path::ends::Side;

/// What a click on the diagram does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Select (and drag) objects.
    #[default]
    Select,
    /// Connect two objects: the first click picks the source, the second the target.
    Connect {
        /// The source, once picked.
        from: Option<String>,
    },
    /// Pick an end of the selected flow on the diagram.
    Pick(Side),
}

/// A message for the user about the last action (an edit the core refused, an alternative applied …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// `true` for a refusal or an error, `false` for information.
    pub error: bool,
    pub text: String,
    /// The object a refusal is about (the properties panel shows it beside the field).
    pub subject: Option<String>,
    /// The field of that object (a path like `routes/2/target`).
    pub field: Option<String>,
}

impl Notice {
    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            error: true,
            text: text.into(),
            subject: None,
            field: None,
        }
    }

    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            error: false,
            text: text.into(),
            subject: None,
            field: None,
        }
    }

    /// The core's refusal of an edit, with the object and field it names.
    pub fn refusal(e: EditError) -> Notice {
        Notice {
            error: true,
            text: e.message,
            subject: e.subject,
            field: e.field,
        }
    }

    /// Whether this is a refusal about `field` of `subject`.
    pub fn is_about(&self, subject: &str, field: &str) -> bool {
        self.error
            && self.subject.as_deref() == Some(subject)
            && self.field.as_deref() == Some(field)
    }
}

/// Everything the UI shows that is not derived from something else.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    /// What the user works on: topology, layout, flows and the selected flow.
    pub diagram: Rc<Diagram>,
    /// Changes with every change of [`AppState::diagram`].
    pub revision: u64,
    /// Changes when the topology or the flows change (not for moves or flow selection): the analysis key.
    pub model_revision: u64,
    /// Selected object ids (AWS ids or diagram node ids), in selection order.
    pub selection: Vec<String>,
    /// Earlier diagrams, oldest first (at most [`UNDO_LIMIT`]).
    pub undo: Vec<Rc<Diagram>>,
    /// Diagrams undone, most recently undone last.
    pub redo: Vec<Rc<Diagram>>,
    /// The side-panel tab on display.
    pub tab: Tab,
    /// The visible part of the diagram (zoom and pan).
    pub view: ViewBox,
    /// Asks the canvas to fit the drawing into view on its next render (after a load).
    pub fit_pending: bool,
    /// What a diagram click does.
    pub mode: Mode,
    /// Whether the diagram has edits made since it was loaded or started.
    pub dirty: bool,
    /// Feedback about the last action.
    pub notice: Option<Notice>,
    /// The hop the reader points at in the Path panel (its id): the canvas rings it.
    pub highlight: Option<String>,
    /// Counts loads (examples, links, New): panels go back to their top when another diagram loads.
    pub loads: u64,
    /// What was just created, for the canvas to bring into view (then cleared by [`Action::SetView`]).
    pub reveal: Option<String>,
    /// The lesson being taken: its goals are checked on every change and the objects it locks refuse edits
    /// (`crate::lessons`).
    pub lesson: Option<Rc<Lesson>>,
    /// The diagram as it was last opened (loaded, New, or the autosave restored at start): what Compare's
    /// "since opened" compares against.
    pub opened: Rc<Diagram>,
    /// The last audit (`crate::report::start_audit`, in the worker) and the diagram it answers for; kept across tab switches.
    pub audit: Option<Rc<AuditRun>>,
    /// An audit or a comparison is running (the Report tab says so).
    pub auditing: bool,
    /// The running audit or comparison (Cancel stops it) and what it last said it was doing.
    pub audit_job: Option<JobHandle>,
    pub audit_progress: Option<String>,
    /// The last comparison (Compare in the Report tab).
    pub comparison: Option<Rc<Comparison>>,
    /// Bring the selected flow's path into view once it is drawn (then cleared by [`Action::SetView`]).
    pub reveal_path: bool,
    /// What the canvas draws: the full diagram, the overview of every VPC, or one VPC's inside
    /// (`vpclab_core::layout::overview`).
    pub view_mode: ViewMode,
}

/// What the canvas draws (see [`AppState::view_mode`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ViewMode {
    /// Everything, as drawn and edited (small diagrams always).
    #[default]
    Full,
    /// One node per VPC, with its hubs and relations.
    Overview,
    /// The inside of one VPC (its id), opened from the overview.
    Vpc(String),
}

impl ViewMode {
    /// How a diagram opens: on the overview above the size the core names
    /// (`vpclab_core::layout::overview::opens_on_overview`), else in full.
    pub fn opening(d: &Diagram) -> ViewMode {
        if vpclab_core::layout::overview::opens_on_overview(&d.topology) {
            ViewMode::Overview
        } else {
            ViewMode::Full
        }
    }
}

/// A change to [`AppState`].
// Actions live for one dispatch; boxing the large edits would only make every call site noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show another side-panel tab.
    SelectTab(Tab),
    /// Replace the whole diagram (gallery, New, a restored autosave). `undoable`: the current diagram goes onto
    /// the undo history; otherwise the history is cleared.
    Load {
        diagram: Rc<Diagram>,
        undoable: bool,
    },
    /// Replace the diagram with one computed by the core from the current one (an edit, an alternative):
    /// recorded in the undo history.
    Commit {
        diagram: Rc<Diagram>,
        /// Whether the topology or the flows changed (re-analyse) or only the layout.
        model_changed: bool,
        /// Ids to select afterwards (`None` keeps the selection).
        select: Option<Vec<String>>,
        /// Feedback to show.
        notice: Option<Notice>,
    },
    /// A change to the diagram, delegated to [`vpclab_core::edit::apply`]: recorded in the undo history when it
    /// applies, shown as a notice (with its object and field) when the core refuses it. What it creates is
    /// selected; the core's notes are shown.
    Edit(Edit),
    /// Several edits as one undoable step (moving a multi-selection). The first refusal stops them all.
    Edits(Vec<Edit>),
    /// Apply a cheaper design the core found: its edited topology, and the flow as it reads in it.
    ApplyAlternative {
        topology: Rc<Topology>,
        flow_index: usize,
        flow: FlowSpec,
        title: String,
    },
    /// Append a flow and select it.
    AddFlow(Flow),
    /// Replace flow `index`.
    UpdateFlow(usize, Flow),
    /// Remove flow `index`.
    RemoveFlow(usize),
    /// Make flow `index` the selected flow (not an undoable edit).
    SelectFlow(usize),
    /// Select exactly these ids.
    SetSelection(Vec<String>),
    /// Add the id to the selection, or remove it if it is selected (shift-click).
    ToggleSelection(String),
    /// Undo the last diagram change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Zoom or pan.
    SetView(ViewBox),
    /// Ask the canvas to fit the drawing into view.
    RequestFit,
    /// The canvas fitted the drawing: the new view.
    Fitted(ViewBox),
    /// Change what a diagram click does.
    SetMode(Mode),
    /// Show a notice.
    Notify(Notice),
    /// Hide the notice.
    DismissNotice,
    /// A click or Enter/Space on a drawn object: what it means depends on the mode (select, toggle with Shift,
    /// pick an end of a connection, pick an end of the selected flow). `flow_end` is the flow end the object
    /// stands for (`SceneNode::flow_end`, `None` if it cannot be one).
    Activate {
        id: String,
        shift: bool,
        flow_end: Option<String>,
    },
    /// Ring this hop's object on the canvas (`None`: none).
    Highlight(Option<String>),
    /// Start a lesson: its starting diagram replaces the current one (undoable, like any load).
    StartLesson(Rc<Lesson>),
    /// Leave the lesson; the diagram stays as it is.
    EndLesson,
    /// Draw the full diagram, the overview or one VPC's inside (then fit it into view).
    SetViewMode(ViewMode),
    /// A search result was chosen: open the VPC it is in (`vpc`; the overview for an object of no VPC that the
    /// overview draws, else the full diagram), select it and bring it into view.
    Jump {
        id: String,
        vpc: Option<String>,
        in_overview: bool,
    },
    /// Take a lesson up again after a reload: the lesson only (the autosaved diagram is the learner's work).
    ResumeLesson(Rc<Lesson>),
    /// An audit or comparison started (shown as running until its answer arrives).
    AuditStarted(Option<JobHandle>),
    /// What the running audit or comparison is doing, in words.
    AuditProgress(String),
    /// The audit or comparison stopped without an answer: cancelled (`None`) or failed (why).
    AuditStopped(Option<String>),
    /// An audit's answer.
    AuditDone(Rc<AuditRun>),
    /// A comparison's answer.
    Compared(Rc<Comparison>),
    /// Show a report entry's witness flow: select the diagram's equal flow, else add it (one undoable edit), and
    /// bring its path into view.
    ShowFlow(FlowSpec),
}

impl AppState {
    /// A state showing `diagram`, with no history.
    pub fn with_diagram(diagram: Diagram) -> AppState {
        let diagram = Rc::new(diagram);
        AppState {
            tab: opening_tab(&diagram),
            view_mode: ViewMode::opening(&diagram),
            opened: Rc::clone(&diagram),
            diagram,
            fit_pending: true,
            ..AppState::default()
        }
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Whether `id` is selected.
    pub fn is_selected(&self, id: &str) -> bool {
        self.selection.iter().any(|s| s == id)
    }

    /// The one selected id, when exactly one object is selected.
    pub fn single_selection(&self) -> Option<&str> {
        match self.selection.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        }
    }

    /// Records `diagram` as the new current diagram, pushing the current one onto the undo history.
    fn commit(&self, diagram: Rc<Diagram>, model_changed: bool) -> AppState {
        let mut next = self.clone();
        next.undo.push(Rc::clone(&self.diagram));
        if next.undo.len() > UNDO_LIMIT {
            let excess = next.undo.len() - UNDO_LIMIT;
            next.undo.drain(..excess);
        }
        next.redo.clear();
        next.diagram = diagram;
        next.revision += 1;
        if model_changed {
            next.model_revision += 1;
        }
        next.dirty = true;
        next
    }

    /// The refusal when the current lesson locks an object that `topology` changes or removes.
    fn locked_refusal(&self, topology: &Topology) -> Option<AppState> {
        let lesson = self.lesson.as_ref()?;
        let ids =
            crate::lessons::locked_changes(&self.diagram.topology, topology, &lesson.hide.locked);
        if ids.is_empty() {
            return None;
        }
        let mut next = self.clone();
        next.notice = Some(Notice {
            subject: ids.first().cloned(),
            ..Notice::error(crate::lessons::locked_message(&ids))
        });
        Some(next)
    }

    /// What activating (clicking, or Enter/Space on) the drawn object `id` does in the current mode.
    fn activate(self: Rc<Self>, id: String, shift: bool, flow_end: Option<String>) -> Rc<Self> {
        match self.mode.clone() {
            Mode::Select if shift => self.reduce(Action::ToggleSelection(id)),
            // A click on a selected object keeps the selection (a drag moves all of it).
            Mode::Select if self.is_selected(&id) => self,
            // Selecting one object shows its properties (the page may have opened on the Path tab).
            Mode::Select => self
                .reduce(Action::SetSelection(vec![id]))
                .reduce(Action::SelectTab(Tab::Properties)),
            Mode::Connect { from: None } => {
                self.reduce(Action::SetMode(Mode::Connect { from: Some(id) }))
            }
            Mode::Connect { from: Some(from) } if from == id => self,
            Mode::Connect { from: Some(from) } => {
                let next = self.reduce(Action::Edit(Edit::Connect { from, to: id }));
                next.reduce(Action::SetMode(Mode::Select))
            }
            Mode::Pick(end) => {
                let Some(i) = self.diagram.selected_flow else {
                    return self;
                };
                let Some(mut flow) = self.diagram.flows.get(i).cloned() else {
                    return self;
                };
                let Some(value) = flow_end else {
                    let (verb, what) = match end {
                        Side::Source => ("start at", "an instance, a network interface or the internet"),
                        Side::Destination => (
                            "end at",
                            "an instance, an interface, an endpoint, an AWS service, a bucket or the internet",
                        ),
                    };
                    return self.reduce(Action::Notify(Notice::error(format!(
                        "A flow cannot {verb} {id}: pick {what}."
                    ))));
                };
                match end {
                    Side::Source => flow.spec.from = value,
                    Side::Destination => flow.spec.to = value,
                }
                self.reduce(Action::UpdateFlow(i, flow))
                    .reduce(Action::SetMode(Mode::Select))
            }
        }
    }

    /// Moves through the history: `from` loses its last snapshot, `to` gains the current diagram.
    fn travel(&self, back: bool) -> Option<AppState> {
        let mut next = self.clone();
        let (from, to) = if back {
            (&mut next.undo, &mut next.redo)
        } else {
            (&mut next.redo, &mut next.undo)
        };
        let diagram = from.pop()?;
        to.push(Rc::clone(&self.diagram));
        next.diagram = diagram;
        next.revision += 1;
        next.model_revision += 1;
        next.dirty = true;
        next.mode = Mode::Select;
        next.notice = None;
        // Objects that do not exist in the diagram travelled to are no longer selected.
        let topology = &next.diagram.topology;
        next.selection
            .retain(|id| vpclab_core::edit::kind_of(topology, id).is_some());
        Some(next)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::SelectTab(tab) if tab == self.tab => return self,
            Action::SelectTab(tab) => {
                let mut next = (*self).clone();
                next.tab = tab;
                next
            }
            Action::Load { diagram, undoable } => {
                let mut next = if undoable {
                    self.commit(diagram, true)
                } else {
                    let mut next = (*self).clone();
                    next.diagram = diagram;
                    next.undo.clear();
                    next.redo.clear();
                    next.revision += 1;
                    next.model_revision += 1;
                    next
                };
                next.dirty = false;
                next.selection.clear();
                next.mode = Mode::Select;
                next.notice = None;
                next.fit_pending = true;
                next.tab = opening_tab(&next.diagram);
                next.view_mode = ViewMode::opening(&next.diagram);
                next.loads += 1;
                next.highlight = None;
                next.opened = Rc::clone(&next.diagram);
                next.comparison = None;
                next
            }
            Action::Commit {
                diagram,
                model_changed,
                select,
                notice,
            } => {
                if Rc::ptr_eq(&diagram, &self.diagram) || *diagram == *self.diagram {
                    return self;
                }
                if let Some(refused) = self.locked_refusal(&diagram.topology) {
                    return Rc::new(refused);
                }
                let mut next = self.commit(diagram, model_changed);
                if let Some(select) = select {
                    next.selection = select;
                }
                next.notice = notice;
                next
            }
            Action::ApplyAlternative {
                topology,
                flow_index,
                flow,
                title,
            } => {
                if let Some(refused) = self.locked_refusal(&topology) {
                    return Rc::new(refused);
                }
                let mut d = (*self.diagram).clone();
                d.topology = (*topology).clone();
                if let Some(f) = d.flows.get_mut(flow_index) {
                    f.spec = flow;
                }
                let mut next = self.commit(Rc::new(d), true);
                next.notice = Some(Notice::info(format!("Applied: {title}. Undo reverts it.")));
                next
            }
            // Flows are edited by the core like everything else (`Edit::AddFlow` …); only selecting a flow is
            // a view change, outside the undo history.
            Action::AddFlow(flow) => {
                let next = self.reduce(Action::Edit(Edit::AddFlow(flow)));
                let mut next = (*next).clone();
                next.tab = Tab::Path;
                next
            }
            Action::UpdateFlow(index, flow) => {
                if self.diagram.flows.get(index) == Some(&flow) || index >= self.diagram.flows.len()
                {
                    return self;
                }
                return self.reduce(Action::Edit(Edit::UpdateFlow { index, flow }));
            }
            Action::RemoveFlow(i) => {
                if i >= self.diagram.flows.len() {
                    return self;
                }
                return self.reduce(Action::Edit(Edit::RemoveFlow(i)));
            }
            Action::SelectFlow(i) => {
                if self.diagram.selected_flow == Some(i) {
                    return self;
                }
                let Ok(applied) = apply(&self.diagram, &Edit::SelectFlow(Some(i))) else {
                    return self;
                };
                let mut next = (*self).clone();
                next.diagram = Rc::new(applied.diagram);
                next.revision += 1;
                next
            }
            Action::SetSelection(ids) => {
                if ids == self.selection {
                    return self;
                }
                let mut next = (*self).clone();
                next.selection = ids;
                next
            }
            Action::ToggleSelection(id) => {
                let mut next = (*self).clone();
                if let Some(pos) = next.selection.iter().position(|s| *s == id) {
                    next.selection.remove(pos);
                } else {
                    next.selection.push(id);
                }
                next
            }
            Action::Undo | Action::Redo => {
                let Some(mut next) = self.travel(action == Action::Undo) else {
                    return self;
                };
                // Undoing an import (or redoing it) crosses the overview's size: the view follows.
                let opening = ViewMode::opening(&next.diagram);
                if opening != ViewMode::opening(&self.diagram) {
                    next.view_mode = opening;
                    next.fit_pending = true;
                }
                next
            }
            Action::SetView(view) => {
                if (view == self.view && self.reveal.is_none() && !self.reveal_path)
                    || !view.is_valid()
                {
                    return self;
                }
                let mut next = (*self).clone();
                next.view = view;
                next.reveal = None;
                next.reveal_path = false;
                next
            }
            Action::RequestFit => {
                let mut next = (*self).clone();
                next.fit_pending = true;
                next
            }
            Action::Fitted(view) => {
                let mut next = (*self).clone();
                next.fit_pending = false;
                if view.is_valid() {
                    next.view = view;
                }
                next
            }
            Action::SetMode(mode) => {
                if mode == self.mode {
                    return self;
                }
                let mut next = (*self).clone();
                next.mode = mode;
                next
            }
            Action::Notify(notice) => {
                let mut next = (*self).clone();
                next.notice = Some(notice);
                next
            }
            Action::Activate {
                id,
                shift,
                flow_end,
            } => return self.activate(id, shift, flow_end),
            Action::Highlight(id) => {
                if id == self.highlight {
                    return self;
                }
                let mut next = (*self).clone();
                next.highlight = id;
                next
            }
            Action::DismissNotice => {
                if self.notice.is_none() {
                    return self;
                }
                let mut next = (*self).clone();
                next.notice = None;
                next
            }
            Action::Edit(edit) => return self.reduce(Action::Edits(vec![edit])),
            Action::Edits(edits) => {
                let mut diagram: Option<Diagram> = None;
                let (mut created, mut notes, mut model_changed, mut deleted) =
                    (None, Vec::new(), false, false);
                for edit in &edits {
                    match apply(diagram.as_ref().unwrap_or(&self.diagram), edit) {
                        Ok(applied) => {
                            diagram = Some(applied.diagram);
                            created = applied.created.or(created);
                            notes.extend(applied.notes);
                            model_changed |=
                                !matches!(edit, Edit::Move { .. } | Edit::SelectFlow(_));
                            deleted |= matches!(edit, Edit::Delete { .. });
                        }
                        Err(e) => {
                            let mut next = (*self).clone();
                            next.notice = Some(Notice::refusal(e));
                            return Rc::new(next);
                        }
                    }
                }
                let Some(diagram) = diagram else {
                    return self;
                };
                let added =
                    created.is_some() && edits.iter().any(|e| matches!(e, Edit::Add { .. }));
                let select = match created {
                    Some(id) => Some(vec![id]),
                    None if deleted => Some(Vec::new()),
                    None => None,
                };
                if deleted {
                    notes.extend(broken_flows_note(&self.diagram, &diagram));
                }
                let notice = (!notes.is_empty()).then(|| Notice::info(notes.join(" ")));
                let next = self.reduce(Action::Commit {
                    diagram: Rc::new(diagram),
                    model_changed,
                    select,
                    notice,
                });
                if !added {
                    return next;
                }
                if next.tab == Tab::Properties {
                    let mut next = (*next).clone();
                    next.reveal = next.selection.first().cloned();
                    return Rc::new(next);
                }
                // Show what was just added, in the panel and on the canvas.
                let mut next = (*next).clone();
                next.tab = Tab::Properties;
                next.reveal = next.selection.first().cloned();
                next
            }
            Action::StartLesson(lesson) => {
                let diagram = Rc::new(lesson.diagram.clone());
                let mut next = (*Rc::clone(&self).reduce(Action::Load {
                    diagram,
                    undoable: true,
                }))
                .clone();
                next.lesson = Some(lesson);
                next
            }
            Action::EndLesson => {
                if self.lesson.is_none() {
                    return self;
                }
                let mut next = (*self).clone();
                next.lesson = None;
                next
            }
            Action::ResumeLesson(lesson) => {
                let mut next = (*self).clone();
                next.lesson = Some(lesson);
                next
            }
            Action::SetViewMode(mode) => {
                if mode == self.view_mode {
                    return self;
                }
                let mut next = (*self).clone();
                next.view_mode = mode;
                next.fit_pending = true;
                next.highlight = None;
                next
            }
            Action::Jump {
                id,
                vpc,
                in_overview,
            } => {
                let mut next = (*self).clone();
                next.view_mode = match vpc {
                    Some(v) => ViewMode::Vpc(v),
                    None if in_overview => ViewMode::Overview,
                    None => ViewMode::Full,
                };
                next.fit_pending = true;
                next.selection = vec![id.clone()];
                next.reveal = Some(id);
                next.tab = Tab::Properties;
                next.mode = Mode::Select;
                next
            }
            Action::AuditStarted(job) => {
                if self.auditing {
                    return self;
                }
                let mut next = (*self).clone();
                next.auditing = true;
                next.audit_job = job;
                next.audit_progress = None;
                next
            }
            Action::AuditProgress(text) => {
                if !self.auditing {
                    return self;
                }
                let mut next = (*self).clone();
                next.audit_progress = Some(text);
                next
            }
            Action::AuditStopped(why) => {
                let mut next = (*self).clone();
                next.auditing = false;
                next.audit_job = None;
                next.audit_progress = None;
                if let Some(why) = why {
                    next.notice = Some(Notice::error(why));
                }
                next
            }
            Action::AuditDone(run) => {
                let mut next = (*self).clone();
                next.audit = Some(run);
                next.auditing = false;
                next.audit_job = None;
                next.audit_progress = None;
                next
            }
            Action::Compared(c) => {
                let mut next = (*self).clone();
                next.comparison = Some(c);
                next.auditing = false;
                next.audit_job = None;
                next.audit_progress = None;
                next
            }
            Action::ShowFlow(spec) => {
                let next = match crate::report::equal_flow(&self.diagram, &spec) {
                    Some(i) => self.reduce(Action::SelectFlow(i)),
                    None => self.reduce(Action::Edit(Edit::AddFlow(Flow::new(spec)))),
                };
                let mut next = (*next).clone();
                next.reveal_path = true;
                next.highlight = None;
                next
            }
        };
        Rc::new(next)
    }
}

/// After a delete: the flows that named a deleted object as their source or destination, said in words.
fn broken_flows_note(before: &Diagram, after: &Diagram) -> Option<String> {
    let gone = |id: &str| {
        vpclab_core::edit::kind_of(&before.topology, id).is_some()
            && vpclab_core::edit::kind_of(&after.topology, id).is_none()
    };
    let broken: Vec<String> = after
        .flows
        .iter()
        .filter(|f| gone(&f.spec.from) || gone(&f.spec.to))
        .map(crate::flows::title)
        .collect();
    match broken.len() {
        0 => None,
        1 => Some(format!(
            "The flow {} lost its source or destination. Undo brings it back.",
            broken[0]
        )),
        n => Some(format!(
            "{n} flows lost their source or destination ({}). Undo brings them back.",
            broken.join("; ")
        )),
    }
}

/// The tab a loaded diagram opens on: the answer (the Path tab, with the verdict, cost and why) when it has a
/// selected flow, as a shared link or an example usually does; else Properties.
fn opening_tab(d: &Diagram) -> Tab {
    if d.selected_flow.is_some_and(|i| i < d.flows.len()) {
        Tab::Path
    } else {
        Tab::Properties
    }
}

/// The context every component reads the state from and dispatches actions to.
pub type AppContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::gallery;

    fn example(i: usize) -> Rc<Diagram> {
        Rc::new(gallery::examples()[i].diagram.clone())
    }

    fn loaded(i: usize) -> Rc<AppState> {
        Rc::new(AppState::default()).reduce(Action::Load {
            diagram: example(i),
            undoable: false,
        })
    }

    fn flow(from: &str, to: &str) -> Flow {
        Flow::new(FlowSpec {
            from: from.into(),
            to: to.into(),
            ..Default::default()
        })
    }

    #[test]
    fn a_report_entry_selects_an_equal_flow_or_adds_it_as_one_undoable_step() {
        let s = loaded(0).reduce(Action::SelectTab(Tab::Report));
        let first = s.diagram.flows[0].spec.clone();
        // An equal flow (its volume aside) is selected, not added.
        let s2 = Rc::clone(&s).reduce(Action::ShowFlow(FlowSpec {
            gb_per_month: Some(1.0),
            ..first.clone()
        }));
        assert_eq!(s2.diagram.flows.len(), s.diagram.flows.len());
        assert_eq!(s2.diagram.selected_flow, Some(0));
        assert!(s2.reveal_path);
        assert_eq!(s2.undo.len(), s.undo.len(), "selecting is not an edit");
        // Another flow is added and selected, one undo step; the Report tab stays.
        let other = FlowSpec {
            port: Some(8443),
            ..first
        };
        let s3 = Rc::clone(&s).reduce(Action::ShowFlow(other.clone()));
        assert_eq!(s3.diagram.flows.len(), s.diagram.flows.len() + 1);
        assert_eq!(s3.diagram.selected_flow, Some(s.diagram.flows.len()));
        assert_eq!(s3.diagram.flows.last().unwrap().spec, other);
        assert_eq!(s3.tab, Tab::Report);
        assert_eq!(s3.undo.len(), s.undo.len() + 1);
        assert!(s3.reveal_path);
        let s4 = s3.reduce(Action::SetView(ViewBox {
            x: 5.0,
            ..ViewBox::default()
        }));
        assert!(!s4.reveal_path, "the canvas revealed it");
        let back = s4.reduce(Action::Undo);
        assert_eq!(back.diagram.flows, s.diagram.flows);
    }

    #[test]
    fn the_opened_diagram_is_the_last_one_loaded() {
        let s = AppState::with_diagram((*example(0)).clone());
        assert_eq!(*s.opened, *example(0));
        let s = Rc::new(s).reduce(Action::Load {
            diagram: example(1),
            undoable: true,
        });
        assert!(Rc::ptr_eq(&s.opened, &s.diagram));
        let edited = s.reduce(Action::RemoveFlow(0));
        assert_eq!(*edited.opened, *example(1), "edits keep what was opened");
        assert_ne!(*edited.diagram, *edited.opened);
    }

    #[test]
    fn an_audit_is_kept_with_its_diagram() {
        let s = loaded(0).reduce(Action::AuditStarted(None));
        assert!(s.auditing);
        let run = Rc::new(crate::report::AuditRun::of(
            &s.diagram,
            crate::report::options(),
        ));
        let s = s.reduce(Action::AuditDone(Rc::clone(&run)));
        assert!(!s.auditing);
        assert!(s.audit.as_ref().is_some_and(|a| a.is_current(&s.diagram)));
        let s = s.reduce(Action::SelectTab(Tab::Cost));
        assert!(s.audit.is_some(), "kept across tabs");
    }

    #[test]
    fn starts_on_properties() {
        assert_eq!(AppState::default().tab, Tab::Properties);
    }

    #[test]
    fn a_diagram_with_a_selected_flow_opens_on_its_verdict() {
        let d = example(0);
        assert!(d.selected_flow.is_some());
        assert_eq!(AppState::with_diagram((*d).clone()).tab, Tab::Path);
        assert_eq!(loaded(0).tab, Tab::Path);
        let mut none = (*d).clone();
        none.selected_flow = None;
        assert_eq!(AppState::with_diagram(none).tab, Tab::Properties);
    }

    #[test]
    fn a_delete_that_breaks_flows_says_so() {
        let state = loaded(0);
        let from = state.diagram.flows[0].spec.from.clone();
        let next = state.reduce(Action::Edit(Edit::Delete { ids: vec![from] }));
        let text = next
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        assert!(
            text.contains("lost their source") || text.contains("lost its source"),
            "{text}"
        );
    }

    fn activate(s: Rc<AppState>, id: &str, shift: bool, end: Option<&str>) -> Rc<AppState> {
        s.reduce(Action::Activate {
            id: id.into(),
            shift,
            flow_end: end.map(str::to_string),
        })
    }

    #[test]
    fn activating_an_object_means_what_the_mode_says() {
        let s = loaded(0);
        assert_eq!(s.tab, Tab::Path);
        let s = activate(s, "i-app", false, Some("i-app"));
        assert_eq!(s.selection, ["i-app"]);
        assert_eq!(
            s.tab,
            Tab::Properties,
            "a selected object shows its properties"
        );
        let s = activate(s, "nat-app", true, None);
        assert_eq!(s.selection, ["i-app", "nat-app"]);
        // Connect: first end, then the connection, then back to selecting.
        let s = s.reduce(Action::SetMode(Mode::Connect { from: None }));
        let s = activate(s, "subnet-public-a", false, None);
        assert_eq!(
            s.mode,
            Mode::Connect {
                from: Some("subnet-public-a".into())
            }
        );
        let s = activate(s, "rtb-private", false, None);
        assert_eq!(s.mode, Mode::Select);
        assert!(s
            .diagram
            .topology
            .route_tables
            .iter()
            .any(|r| r.id == "rtb-private" && r.subnet_ids.iter().any(|x| x == "subnet-public-a")));
        // Pick: the flow end the object stands for, or a refusal in words.
        let s = s.reduce(Action::SetMode(Mode::Pick(Side::Destination)));
        let refused = activate(Rc::clone(&s), "rtb-private", false, None);
        assert!(refused
            .notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("cannot end at rtb-private")));
        let s = activate(
            s,
            "aws-service:s3.us-east-1",
            false,
            Some("s3.us-east-1.amazonaws.com"),
        );
        let i = s.diagram.selected_flow.unwrap();
        assert_eq!(s.diagram.flows[i].spec.to, "s3.us-east-1.amazonaws.com");
        assert_eq!(s.mode, Mode::Select);
    }

    #[test]
    fn big_diagrams_open_on_the_overview_and_small_ones_in_full() {
        let big = Rc::new(Diagram::of(vpclab_core::synth::generate(30, 1)));
        let s = Rc::new(AppState::default()).reduce(Action::Load {
            diagram: Rc::clone(&big),
            undoable: false,
        });
        assert_eq!(s.view_mode, ViewMode::Overview);
        let s = s.reduce(Action::SetViewMode(ViewMode::Vpc("vpc-00003".into())));
        assert_eq!(s.view_mode, ViewMode::Vpc("vpc-00003".into()));
        assert!(s.fit_pending);
        let s = s.reduce(Action::Load {
            diagram: example(0),
            undoable: false,
        });
        assert_eq!(s.view_mode, ViewMode::Full);
        for i in 0..vpclab_core::gallery::examples().len() {
            assert_eq!(loaded(i).view_mode, ViewMode::Full);
        }
    }

    #[test]
    fn undoing_a_big_import_goes_back_to_the_full_view() {
        let s = loaded(0).reduce(Action::Load {
            diagram: Rc::new(Diagram::of(vpclab_core::synth::generate(30, 1))),
            undoable: true,
        });
        assert_eq!(s.view_mode, ViewMode::Overview);
        let s = s.reduce(Action::Undo);
        assert_eq!(s.view_mode, ViewMode::Full);
        let s = s.reduce(Action::Redo);
        assert_eq!(s.view_mode, ViewMode::Overview);
    }

    #[test]
    fn a_jump_opens_the_vpc_selects_and_reveals() {
        let s = Rc::new(AppState::with_diagram(Diagram::of(
            vpclab_core::synth::generate(30, 1),
        )));
        let s = s.reduce(Action::Jump {
            id: "i-00003-01".into(),
            vpc: Some("vpc-00003".into()),
            in_overview: false,
        });
        assert_eq!(s.view_mode, ViewMode::Vpc("vpc-00003".into()));
        assert_eq!(s.selection, ["i-00003-01"]);
        assert_eq!(s.reveal.as_deref(), Some("i-00003-01"));
        assert!(s.fit_pending);
    }

    #[test]
    fn select_tab_switches() {
        let next = Rc::new(AppState::default()).reduce(Action::SelectTab(Tab::Cost));
        assert_eq!(next.tab, Tab::Cost);
    }

    #[test]
    fn selecting_the_current_tab_keeps_the_same_state() {
        let state = Rc::new(AppState::default());
        let next = Rc::clone(&state).reduce(Action::SelectTab(Tab::Properties));
        assert!(
            Rc::ptr_eq(&state, &next),
            "a no-op must not allocate a new state"
        );
    }

    #[test]
    fn load_replaces_the_diagram_and_clears_history_and_selection() {
        let s = loaded(0)
            .reduce(Action::SetSelection(vec!["vpc-app".into()]))
            .reduce(Action::AddFlow(flow("i-app", "8.8.8.8")));
        assert!(s.can_undo() && s.dirty);
        let s = s.reduce(Action::Load {
            diagram: example(1),
            undoable: false,
        });
        assert_eq!(*s.diagram, *example(1));
        assert!(!s.can_undo() && !s.can_redo() && !s.dirty);
        assert!(s.selection.is_empty());
        assert!(s.fit_pending);
    }

    #[test]
    fn an_undoable_load_can_be_undone() {
        let s = loaded(0).reduce(Action::Load {
            diagram: Rc::new(Diagram::default()),
            undoable: true,
        });
        assert!(s.diagram.topology.vpcs.is_empty());
        let s = s.reduce(Action::Undo);
        assert_eq!(*s.diagram, *example(0));
    }

    #[test]
    fn revisions_track_what_changed() {
        let s = loaded(0);
        let (rev, model) = (s.revision, s.model_revision);
        let s = s.reduce(Action::SelectFlow(1));
        assert_eq!(s.diagram.selected_flow, Some(1));
        assert_eq!(
            (s.revision, s.model_revision),
            (rev + 1, model),
            "selecting a flow changes no analysis"
        );
        assert!(!s.can_undo(), "selecting a flow is not an edit");

        let mut moved = (*s.diagram).clone();
        moved
            .layout
            .insert("vpc-app", vpclab_core::diagram::Point::new(5.0, 5.0));
        let s = s.reduce(Action::Commit {
            diagram: Rc::new(moved),
            model_changed: false,
            select: None,
            notice: None,
        });
        assert_eq!((s.revision, s.model_revision), (rev + 2, model));
        assert!(s.can_undo());

        let s = s.reduce(Action::AddFlow(flow("i-app", "1.1.1.1")));
        assert_eq!((s.revision, s.model_revision), (rev + 3, model + 1));
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let s0 = loaded(0);
        let s1 = Rc::clone(&s0).reduce(Action::AddFlow(flow("i-app", "1.1.1.1")));
        let s2 = Rc::clone(&s1).reduce(Action::RemoveFlow(0));
        assert_eq!(s2.diagram.flows.len(), 2);
        let u1 = s2.reduce(Action::Undo);
        assert_eq!(*u1.diagram, *s1.diagram);
        let u0 = u1.reduce(Action::Undo);
        assert_eq!(*u0.diagram, *s0.diagram);
        assert!(!u0.can_undo());
        let same = Rc::clone(&u0).reduce(Action::Undo);
        assert!(Rc::ptr_eq(&same, &u0), "nothing to undo is a no-op");
        let r1 = u0.reduce(Action::Redo);
        assert_eq!(*r1.diagram, *s1.diagram);
        // A new edit after an undo drops the redo branch.
        let branch = r1.reduce(Action::AddFlow(flow("i-app", "2.2.2.2")));
        assert!(!branch.can_redo());
    }

    #[test]
    fn the_history_is_capped() {
        let mut s = loaded(0);
        for port in 0..(UNDO_LIMIT as u16 + 20) {
            let mut f = flow("i-app", "1.1.1.1");
            f.spec.port = Some(port);
            s = s.reduce(Action::UpdateFlow(0, f));
        }
        assert_eq!(s.undo.len(), UNDO_LIMIT);
    }

    #[test]
    fn flows_add_update_remove_keep_the_selected_flow_in_range() {
        let s = loaded(0);
        assert_eq!(s.diagram.flows.len(), 2);
        let s = s.reduce(Action::AddFlow(flow("i-app", "1.1.1.1")));
        assert_eq!(s.diagram.selected_flow, Some(2));
        assert_eq!(s.tab, Tab::Path);
        let s = s.reduce(Action::RemoveFlow(2));
        assert_eq!(s.diagram.selected_flow, Some(1));
        let s = s
            .reduce(Action::SelectFlow(1))
            .reduce(Action::RemoveFlow(0));
        assert_eq!(
            s.diagram.selected_flow,
            Some(0),
            "the selection follows its flow"
        );
        let s = s.reduce(Action::RemoveFlow(0));
        assert_eq!(s.diagram.selected_flow, None);
        assert!(s.diagram.flows.is_empty());
        let same = Rc::clone(&s).reduce(Action::RemoveFlow(3));
        assert!(Rc::ptr_eq(&same, &s));
    }

    #[test]
    fn an_unchanged_flow_update_is_a_no_op() {
        let s = loaded(0);
        let f = s.diagram.flows[0].clone();
        let same = Rc::clone(&s).reduce(Action::UpdateFlow(0, f));
        assert!(Rc::ptr_eq(&same, &s));
    }

    #[test]
    fn apply_alternative_replaces_topology_and_flow_and_is_undoable() {
        let s = loaded(0);
        let mut t = s.diagram.topology.clone();
        t.name = Some("edited".into());
        let mut spec = s.diagram.flows[0].spec.clone();
        spec.from = "i-moved".into();
        let s = s.reduce(Action::ApplyAlternative {
            topology: Rc::new(t),
            flow_index: 0,
            flow: spec,
            title: "Add a gateway endpoint".into(),
        });
        assert_eq!(s.diagram.topology.name.as_deref(), Some("edited"));
        assert_eq!(s.diagram.flows[0].spec.from, "i-moved");
        assert!(s.notice.as_ref().is_some_and(|n| !n.error));
        let s = s.reduce(Action::Undo);
        assert_eq!(*s.diagram, *example(0));
    }

    #[test]
    fn edits_are_delegated_to_the_core_and_undoable() {
        use vpclab_core::edit::NodeKind;
        let s = Rc::new(AppState::default()).reduce(Action::Edit(Edit::Add {
            kind: NodeKind::Vpc,
            parent: None,
            at: None,
        }));
        assert_eq!(s.diagram.topology.vpcs.len(), 1);
        let vpc = s.diagram.topology.vpcs[0].id.clone();
        assert_eq!(
            s.selection,
            std::slice::from_ref(&vpc),
            "what the edit created is selected"
        );
        assert_eq!(s.model_revision, 1);
        let s = s.reduce(Action::Edit(Edit::Add {
            kind: NodeKind::Subnet,
            parent: Some(vpc.clone()),
            at: None,
        }));
        assert_eq!(s.diagram.topology.subnets.len(), 1);
        let s = s.reduce(Action::Undo);
        assert!(s.diagram.topology.subnets.is_empty());
        let s = s.reduce(Action::Edit(Edit::Delete {
            ids: vec![vpc.clone()],
        }));
        assert!(s.diagram.topology.vpcs.is_empty());
        assert!(
            s.selection.is_empty(),
            "deleted objects are no longer selected"
        );
    }

    #[test]
    fn undo_drops_selected_objects_that_no_longer_exist() {
        use vpclab_core::edit::NodeKind;
        let s = loaded(0).reduce(Action::Edit(Edit::Add {
            kind: NodeKind::Subnet,
            parent: Some("vpc-app".into()),
            at: None,
        }));
        assert_eq!(s.selection.len(), 1);
        let subnet = s.selection[0].clone();
        let s = s.reduce(Action::SetSelection(vec![subnet, "i-app".into()]));
        let s = s.reduce(Action::Undo);
        assert_eq!(s.selection, ["i-app"]);
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_names_the_field() {
        let s = loaded(0);
        let before = Rc::clone(&s.diagram);
        let s = s.reduce(Action::Edit(Edit::Set {
            id: "subnet-private-a".into(),
            field: "cidr_block".into(),
            value: "10.0.0.0/33".into(),
        }));
        assert!(Rc::ptr_eq(&before, &s.diagram));
        assert!(!s.can_undo());
        let notice = s.notice.as_ref().unwrap();
        assert!(
            notice.is_about("subnet-private-a", "cidr_block"),
            "{notice:?}"
        );
    }

    #[test]
    fn several_edits_are_one_undo_step_and_moves_keep_the_analysis() {
        let s = loaded(0);
        let model = s.model_revision;
        let s = s.reduce(Action::Edits(vec![
            Edit::Move {
                id: "vpc-app".into(),
                to: vpclab_core::diagram::Point::new(400.0, 400.0),
            },
            Edit::Move {
                id: "internet".into(),
                to: vpclab_core::diagram::Point::new(0.0, 0.0),
            },
        ]));
        assert!(!s.diagram.layout.is_empty());
        assert_eq!(s.model_revision, model, "a move re-analyses nothing");
        assert_eq!(s.undo.len(), 1);
        let s = s.reduce(Action::Undo);
        assert!(s.diagram.layout.is_empty());
    }

    #[test]
    fn selection_set_toggle_and_single() {
        let s = Rc::new(AppState::default()).reduce(Action::SetSelection(vec!["a".into()]));
        assert_eq!(s.single_selection(), Some("a"));
        let s = s.reduce(Action::ToggleSelection("b".into()));
        assert_eq!(s.selection, ["a", "b"]);
        assert_eq!(s.single_selection(), None);
        let s = s.reduce(Action::ToggleSelection("a".into()));
        assert_eq!(s.selection, ["b"]);
        assert!(s.is_selected("b") && !s.is_selected("a"));
        let same = Rc::clone(&s).reduce(Action::SetSelection(vec!["b".into()]));
        assert!(Rc::ptr_eq(&same, &s));
    }

    #[test]
    fn a_commit_of_the_same_diagram_is_a_no_op() {
        let s = loaded(0);
        let same = Rc::clone(&s).reduce(Action::Commit {
            diagram: Rc::new((*s.diagram).clone()),
            model_changed: true,
            select: None,
            notice: None,
        });
        assert!(Rc::ptr_eq(&same, &s));
    }

    #[test]
    fn invalid_views_are_ignored_and_fit_is_acknowledged() {
        let s = Rc::new(AppState::default());
        let bad = ViewBox {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: f64::NAN,
        };
        let same = Rc::clone(&s).reduce(Action::SetView(bad));
        assert!(Rc::ptr_eq(&same, &s));
        let s = s.reduce(Action::RequestFit);
        assert!(s.fit_pending);
        let v = ViewBox {
            x: 1.0,
            y: 2.0,
            width: 3.0,
            height: 4.0,
        };
        let s = s.reduce(Action::Fitted(v));
        assert!(!s.fit_pending);
        assert_eq!(s.view, v);
    }
}
