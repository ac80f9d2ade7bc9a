//! Guided lessons: a story, a starting diagram, goals the **engine** checks, hints, and an explanation shown on
//! completion. The built-in lessons tell the story of VPC endpoints (`lesson/*.json`); an instructor can turn
//! any diagram into a lesson ([`lesson_from_diagram`]) and share it as a link ([`encode_lesson`]).
//!
//! * **Format.** A lesson file is JSON (see `lesson/01-why-nat.json`):
//!   `id`, `title`, `summary`, `behaviours` (aws-reference IDs), `story` and `explanation` (paragraphs: one string
//!   with blank lines between paragraphs, or a list of strings), the starting diagram — inline (`diagram`) or
//!   `from_example` (a [`crate::gallery`] id) with an optional `patch` (on the diagram) and `topology_patch` (on its
//!   topology), both [`patch`]es — then `goals`, `hints` (revealed one at a time), `hide` ([`Hide`]) and a known
//!   `solution` ([`Solution`], a patch on the starting diagram).
//! * **Goals** ([`Goal`]) name a flow of the lesson's starting diagram by index (`0`) or label
//!   (`"app → S3"`). [`check`] traces those flows over the learner's **current** topology, so editing or
//!   deleting flows in the UI does not change what is judged.
//! * **Validation.** [`Lesson::parse`] and [`Lesson::validate`] report every problem at once, each naming its
//!   field (`goals[2].flow`). A solution that does not solve its lesson is a test failure
//!   (`tests/lesson.rs`), not a parse error.
//! * **Links.** `#lesson=<id>` opens a built-in lesson, `#lesson=v1.<payload>` an authored one (raw deflate +
//!   base64url of a JSON DTO that carries the diagram in the share-link DTO, [`crate::share::v1`]).
//! * **Progress** ([`LessonProgress`]) is UI state; this module only defines its serde form.
//!
//! ```
//! use vpclab_core::lesson;
//!
//! let l = lesson::builtin_lesson("why-nat").unwrap();
//! // The starting diagram does not meet the goals …
//! assert!(!lesson::check(&l, &l.diagram).complete);
//! // … the known solution does.
//! let solved = l.solution_diagram().unwrap().unwrap();
//! assert!(lesson::check(&l, &solved).complete);
//! // Built-in lessons travel by id.
//! assert_eq!(lesson::encode_lesson(&l), "lesson=why-nat");
//! ```

mod check;
mod link;
pub mod patch;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::codes::{self, Origin};
use crate::diagram::{Diagram, Flow};
use crate::path::Network;

pub use check::{check, flow_name, total_cost, GoalStatus, LessonStatus};
pub use link::{
    decode_lesson, encode_lesson, is_lesson_link, lesson_link, LessonLinkError, MAX_LINK_CHARS,
};

/// The most goals a lesson may have.
pub const MAX_GOALS: usize = 64;
/// The most hints a lesson may have.
pub const MAX_HINTS: usize = 32;
/// The longest text (a title, a paragraph, a hint) a lesson may hold, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// The longest lesson id.
pub const MAX_ID_CHARS: usize = 64;

const SOURCES: &[&str] = &[
    include_str!("lesson/01-why-nat.json"),
    include_str!("lesson/02-gateway-endpoints.json"),
    include_str!("lesson/03-dns-must-be-on.json"),
    include_str!("lesson/04-ipv6-gateway-endpoint.json"),
    include_str!("lesson/05-dynamodb.json"),
    include_str!("lesson/06-services-beyond-s3.json"),
    include_str!("lesson/07-interface-endpoint-sg-dns-policy.json"),
    include_str!("lesson/08-data-perimeter.json"),
    include_str!("lesson/09-interface-endpoints-across-azs.json"),
    include_str!("lesson/10-vpn-needs-interface-endpoint.json"),
    include_str!("lesson/11-other-region.json"),
    include_str!("lesson/12-saas-endpoint-service.json"),
    include_str!("lesson/13-choose-by-cost.json"),
];

/// Every built-in lesson, in story order.
///
/// ```
/// let all = vpclab_core::lesson::builtin();
/// assert!(all.len() >= 13);
/// assert_eq!(all[0].id, "why-nat");
/// ```
pub fn builtin() -> Vec<Lesson> {
    parsed_builtins().to_vec()
}

/// The built-in lessons, parsed once per process: [`encode_lesson`] compares every lesson it encodes with the
/// built-in one of the same id, and parsing all thirteen each time was most of the cost of a lesson link (and
/// 90% of the `lesson_json` fuzz target's time, FUZZING.md).
fn parsed_builtins() -> &'static [Lesson] {
    static LESSONS: std::sync::OnceLock<Vec<Lesson>> = std::sync::OnceLock::new();
    LESSONS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|s| Lesson::parse(s).expect("built-in lessons are valid (checked by tests)"))
            .collect()
    })
}

/// The built-in lesson `id`, if there is one.
pub fn builtin_lesson(id: &str) -> Option<Lesson> {
    parsed_builtins().iter().find(|l| l.id == id).cloned()
}

/// The ids of the built-in lessons, in story order.
pub fn builtin_ids() -> Vec<String> {
    parsed_builtins().iter().map(|l| l.id.clone()).collect()
}

/// A flow of the lesson's starting diagram: its index in `diagram.flows` (from 0) or its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FlowRef {
    Index(usize),
    Label(String),
}

impl FlowRef {
    /// The index of the flow in `flows`, or why there is none.
    pub fn resolve(&self, flows: &[Flow]) -> Result<usize, String> {
        match self {
            FlowRef::Index(i) if *i < flows.len() => Ok(*i),
            FlowRef::Index(i) => Err(match flows.len() {
                0 => format!("flow {i} does not exist: the diagram has no flows"),
                1 => format!("flow {i} does not exist: the diagram has 1 flow (0)"),
                n => format!(
                    "flow {i} does not exist: the diagram has {n} flows (0 to {})",
                    n - 1
                ),
            }),
            FlowRef::Label(label) => {
                let found: Vec<usize> = flows
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.label.as_deref() == Some(label.as_str()))
                    .map(|(i, _)| i)
                    .collect();
                match found.as_slice() {
                    [i] => Ok(*i),
                    [] => {
                        let labels: Vec<String> = flows
                            .iter()
                            .filter_map(|f| f.label.as_deref())
                            .map(|l| format!("`{l}`"))
                            .collect();
                        Err(if labels.is_empty() {
                            format!("no flow is labelled `{label}` (no flow has a label)")
                        } else {
                            format!(
                                "no flow is labelled `{label}`; the labels are {}",
                                labels.join(", ")
                            )
                        })
                    }
                    _ => Err(format!(
                        "{} flows are labelled `{label}`: name the flow by its index",
                        found.len()
                    )),
                }
            }
        }
    }
}

impl fmt::Display for FlowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlowRef::Index(i) => write!(f, "flow {i}"),
            FlowRef::Label(l) => write!(f, "flow `{l}`"),
        }
    }
}

/// What the engine must say for a lesson to be complete. `kind` names the variant in snake case
/// (`{"kind": "flow_reachable", "flow": 0, "network": "private"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Goal {
    /// The flow reaches its destination, over `network` when given (`private` or `public`).
    FlowReachable {
        flow: FlowRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        network: Option<Network>,
    },
    /// The flow is blocked; with `code`, that explanation code is among the trace's explanations
    /// (e.g. `VPCLAB_ENDPOINT_POLICY_DENY`, `ENI_SG_RULES_MISMATCH`).
    FlowBlocked {
        flow: FlowRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
    },
    /// The flow's trace carries this advisory (e.g. `VPCLAB_GE_LIMIT_SAME_REGION`).
    FlowAdvisory { flow: FlowRef, code: String },
    /// The flow's trace does not carry this advisory.
    FlowNoAdvisory { flow: FlowRef, code: String },
    /// The flow is reachable and its monthly cost is below `usd_per_month` at `gb_per_month` GB a month (default:
    /// the flow's own volume).
    FlowCostBelow {
        flow: FlowRef,
        usd_per_month: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gb_per_month: Option<f64>,
    },
    /// The diagram's fixed monthly costs plus the cost of every lesson flow at its own volume stay below
    /// `usd_per_month` (see [`total_cost`]). Pair it with reachability goals: a blocked flow costs nothing.
    TotalCostBelow { usd_per_month: f64 },
    /// Some hop of the flow is `through`: a hop kind (`nat-gateway`, `internet-gateway`, `vpc-endpoint`,
    /// `endpoint-service`, …), one of `gateway-endpoint` / `interface-endpoint`, or an AWS id (`nat-app`).
    FlowPassesThrough { flow: FlowRef, through: String },
    /// No hop of the flow is `through` (same names as [`Goal::FlowPassesThrough`]).
    FlowAvoids { flow: FlowRef, through: String },
    /// Validation reports no error (with `strict`, no warning either).
    ValidationClean {
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        strict: bool,
    },
}

/// Every goal kind, as written in lesson files.
pub const GOAL_KINDS: &[&str] = &[
    "flow_reachable",
    "flow_blocked",
    "flow_advisory",
    "flow_no_advisory",
    "flow_cost_below",
    "total_cost_below",
    "flow_passes_through",
    "flow_avoids",
    "validation_clean",
];

/// Pseudo hop kinds a `through` may name besides the engine's hop kinds and AWS ids.
pub const THROUGH_PSEUDO_KINDS: &[&str] = &["gateway-endpoint", "interface-endpoint"];

impl Goal {
    /// The flow the goal is about, if any.
    pub fn flow(&self) -> Option<&FlowRef> {
        match self {
            Goal::FlowReachable { flow, .. }
            | Goal::FlowBlocked { flow, .. }
            | Goal::FlowAdvisory { flow, .. }
            | Goal::FlowNoAdvisory { flow, .. }
            | Goal::FlowCostBelow { flow, .. }
            | Goal::FlowPassesThrough { flow, .. }
            | Goal::FlowAvoids { flow, .. } => Some(flow),
            Goal::TotalCostBelow { .. } | Goal::ValidationClean { .. } => None,
        }
    }

    /// The goal's `kind`, as written in lesson files.
    pub fn kind(&self) -> &'static str {
        match self {
            Goal::FlowReachable { .. } => "flow_reachable",
            Goal::FlowBlocked { .. } => "flow_blocked",
            Goal::FlowAdvisory { .. } => "flow_advisory",
            Goal::FlowNoAdvisory { .. } => "flow_no_advisory",
            Goal::FlowCostBelow { .. } => "flow_cost_below",
            Goal::TotalCostBelow { .. } => "total_cost_below",
            Goal::FlowPassesThrough { .. } => "flow_passes_through",
            Goal::FlowAvoids { .. } => "flow_avoids",
            Goal::ValidationClean { .. } => "validation_clean",
        }
    }
}

/// A goal with the sentence the learner sees (`text`; when absent, one is made from the goal).
#[derive(Debug, Clone, PartialEq)]
pub struct LessonGoal {
    pub goal: Goal,
    pub text: Option<String>,
}

impl From<Goal> for LessonGoal {
    fn from(goal: Goal) -> LessonGoal {
        LessonGoal { goal, text: None }
    }
}

impl Serialize for LessonGoal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut v = crate::json::to_value(&self.goal).map_err(serde::ser::Error::custom)?;
        if let (Some(t), Value::Object(m)) = (&self.text, &mut v) {
            m.insert("text".into(), Value::String(t.clone()));
        }
        v.serialize(s)
    }
}

impl<'de> Deserialize<'de> for LessonGoal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LessonGoal, D::Error> {
        let v = Value::deserialize(d)?;
        parse_goal(v).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// What the UI hides or locks while the lesson runs (data the UI honours; the engine ignores it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hide {
    /// Hide the cost panel and every price (for lessons whose point is not cost).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cost: bool,
    /// Hide the advisories of traces (the learner must find the limit from hops and explanations).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub advisories: bool,
    /// Node ids not drawn.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<String>,
    /// Object ids the learner can look at but not edit or delete.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locked: Vec<String>,
}

impl Hide {
    pub fn is_empty(&self) -> bool {
        *self == Hide::default()
    }
}

/// A known solution: a [`patch`] on the starting diagram's JSON (lists with ids are addressed by id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    pub patch: Value,
}

/// One problem of a lesson file or link: `field` is the path of the offending member (`goals[2].flow`; empty
/// for the document as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}{message}", if field.is_empty() { String::new() } else { format!("`{field}`: ") })]
pub struct LessonError {
    pub field: String,
    pub message: String,
}

impl LessonError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> LessonError {
        LessonError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A lesson: what the learner reads, the diagram they start from, and what the engine must say at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Stable id: lowercase letters, digits and `-` (used in links and progress).
    pub id: String,
    pub title: String,
    /// One sentence for lists of lessons.
    pub summary: String,
    /// The aws-reference behaviour IDs the lesson teaches (`GE-14`, `IE-12`).
    pub behaviours: Vec<String>,
    /// Paragraphs shown before starting; markdown-ish (`**bold**`, `` `code` ``).
    pub story: Vec<String>,
    /// The starting diagram (an example with its patches applied, or the inline diagram).
    pub diagram: Diagram,
    pub goals: Vec<LessonGoal>,
    /// Revealed one at a time, in order.
    pub hints: Vec<String>,
    /// Paragraphs shown when every goal holds.
    pub explanation: Vec<String>,
    pub hide: Hide,
    pub solution: Option<Solution>,
}

/// The members a lesson file may have.
const MEMBERS: &[&str] = &[
    "id",
    "title",
    "summary",
    "behaviours",
    "story",
    "diagram",
    "from_example",
    "patch",
    "topology_patch",
    "goals",
    "hints",
    "explanation",
    "hide",
    "solution",
];

/// The written form: the diagram always inline.
#[derive(Serialize)]
struct File<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    behaviours: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    story: &'a [String],
    diagram: &'a Diagram,
    goals: &'a [LessonGoal],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    hints: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    explanation: &'a [String],
    #[serde(skip_serializing_if = "Hide::is_empty")]
    hide: &'a Hide,
    #[serde(skip_serializing_if = "Option::is_none")]
    solution: Option<&'a Solution>,
}

impl Serialize for Lesson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        File {
            id: &self.id,
            title: &self.title,
            summary: &self.summary,
            behaviours: &self.behaviours,
            story: &self.story,
            diagram: &self.diagram,
            goals: &self.goals,
            hints: &self.hints,
            explanation: &self.explanation,
            hide: &self.hide,
            solution: self.solution.as_ref(),
        }
        .serialize(s)
    }
}

impl Lesson {
    /// Parses and validates a lesson file. Every problem is reported, each naming its field.
    ///
    /// ```
    /// use vpclab_core::lesson::Lesson;
    /// let errors = Lesson::parse(r#"{"id": "x", "title": "", "from_example": "nope", "goals": []}"#).unwrap_err();
    /// let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    /// assert_eq!(fields, ["title", "from_example", "goals"]);
    /// assert!(errors[1].message.contains("s3-through-nat"), "lists the known examples");
    /// ```
    pub fn parse(text: &str) -> Result<Lesson, Vec<LessonError>> {
        let value: Value = crate::json::from_str(text).map_err(|e| {
            vec![LessonError::new(
                "",
                format!("the lesson is not valid JSON: {e}"),
            )]
        })?;
        Lesson::from_value(value)
    }

    /// Like [`Lesson::parse`], from a JSON value.
    pub fn from_value(value: Value) -> Result<Lesson, Vec<LessonError>> {
        let Value::Object(obj) = value else {
            return Err(vec![LessonError::new(
                "",
                "a lesson is a JSON object with `id`, `title`, a starting diagram and `goals`",
            )]);
        };
        let mut errors = Vec::new();
        for key in obj.keys() {
            if !MEMBERS.contains(&key.as_str()) {
                errors.push(LessonError::new(
                    key.clone(),
                    format!("unknown member; a lesson has {}", MEMBERS.join(", ")),
                ));
            }
        }
        let id = string(&obj, "id", &mut errors);
        let title = string(&obj, "title", &mut errors);
        let summary = opt_string(&obj, "summary", &mut errors);
        let behaviours = string_list(&obj, "behaviours", &mut errors);
        let story = paragraphs(&obj, "story", &mut errors);
        let explanation = paragraphs(&obj, "explanation", &mut errors);
        let hints = string_list(&obj, "hints", &mut errors);
        let diagram = start_diagram(&obj, &mut errors);
        // The file position of each goal that parsed, so later messages name the right `goals[i]`.
        let mut positions = Vec::new();
        let goals = match obj.get("goals") {
            None => {
                errors.push(LessonError::new("goals", "missing: a lesson needs goals"));
                Vec::new()
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, g)| match parse_goal(g.clone()) {
                    Ok(g) => {
                        positions.push(i);
                        Some(g)
                    }
                    Err(e) => {
                        let field = if e.field.is_empty() {
                            format!("goals[{i}]")
                        } else {
                            format!("goals[{i}].{}", e.field)
                        };
                        errors.push(LessonError::new(field, e.message));
                        None
                    }
                })
                .collect(),
            Some(_) => {
                errors.push(LessonError::new("goals", "expected a list of goals"));
                Vec::new()
            }
        };
        let hide = match obj.get("hide") {
            None => Hide::default(),
            Some(v) => crate::json::from_value(v).unwrap_or_else(|e| {
                errors.push(LessonError::new("hide", e.to_string()));
                Hide::default()
            }),
        };
        let solution = match obj.get("solution") {
            None | Some(Value::Null) => None,
            Some(v) => crate::json::from_value(v)
                .map_err(|e| errors.push(LessonError::new("solution", e.to_string())))
                .ok(),
        };
        let with_diagram = diagram.is_some();
        let lesson = Lesson {
            id,
            title,
            summary,
            behaviours,
            story,
            goals,
            hints,
            explanation,
            hide,
            solution,
            diagram: diagram.unwrap_or_default(),
        };
        // Semantic checks, skipping what already failed to parse.
        let goals_missing = obj
            .get("goals")
            .is_some_and(|g| !g.as_array().is_some_and(|a| a.is_empty()))
            && lesson.goals.is_empty();
        for e in lesson.problems(&positions, with_diagram) {
            if goals_missing && e.field == "goals" {
                continue;
            }
            if !errors.iter().any(|x| x.field == e.field) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(lesson)
        } else {
            errors.sort_by_key(|e| field_order(&e.field));
            Err(errors)
        }
    }

    /// Pretty JSON in the lesson-file format, with the diagram inline (what an instructor downloads).
    pub fn to_json(&self) -> String {
        crate::json::to_string_pretty(self).expect("a lesson always serialises")
    }

    /// Every problem of a lesson built in memory (the checks [`Lesson::parse`] runs after reading the JSON).
    pub fn validate(&self) -> Vec<LessonError> {
        let positions: Vec<usize> = (0..self.goals.len()).collect();
        self.problems(&positions, true)
    }

    /// [`Lesson::validate`], naming goal `i` as `goals[positions[i]]`; without `with_diagram` (the starting
    /// diagram could not be made), the checks that need the diagram are skipped.
    fn problems(&self, positions: &[usize], with_diagram: bool) -> Vec<LessonError> {
        let mut errors = Vec::new();
        let mut err =
            |field: String, message: String| errors.push(LessonError::new(field, message));
        if self.id.is_empty() {
            err("id".into(), "must not be empty".into());
        } else if self.id.chars().count() > MAX_ID_CHARS
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            err(
                "id".into(),
                format!(
                    "`{}` is not a lesson id: use at most {MAX_ID_CHARS} lowercase letters, digits and `-`",
                    excerpt(&self.id)
                ),
            );
        }
        if self.title.trim().is_empty() {
            err("title".into(), "must not be empty".into());
        }
        let texts = std::iter::once(("title".to_string(), &self.title))
            .chain(std::iter::once(("summary".to_string(), &self.summary)))
            .chain(
                self.story
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("story[{i}]"), p)),
            )
            .chain(
                self.explanation
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("explanation[{i}]"), p)),
            )
            .chain(
                self.hints
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("hints[{i}]"), p)),
            );
        for (field, text) in texts {
            let n = text.chars().count();
            if n > MAX_TEXT_CHARS {
                err(
                    field,
                    format!("{n} characters; at most {MAX_TEXT_CHARS} are accepted"),
                );
            }
        }
        for (i, h) in self.hints.iter().enumerate() {
            if h.trim().is_empty() {
                err(format!("hints[{i}]"), "must not be empty".into());
            }
        }
        if self.hints.len() > MAX_HINTS {
            err(
                "hints".into(),
                format!(
                    "{} hints; at most {MAX_HINTS} are accepted",
                    self.hints.len()
                ),
            );
        }
        if self.goals.is_empty() {
            err(
                "goals".into(),
                "a lesson needs at least one goal, or it is complete before it starts".into(),
            );
        }
        if self.goals.len() > MAX_GOALS {
            err(
                "goals".into(),
                format!(
                    "{} goals; at most {MAX_GOALS} are accepted",
                    self.goals.len()
                ),
            );
        }
        let flows = &self.diagram.flows;
        for (g, i) in self.goals.iter().zip(positions) {
            for (field, message) in goal_problems(&g.goal, with_diagram.then_some(flows)) {
                let field = if field.is_empty() {
                    format!("goals[{i}]")
                } else {
                    format!("goals[{i}].{field}")
                };
                err(field, message);
            }
        }
        if !with_diagram {
            return errors;
        }
        let ids = object_ids(&self.diagram);
        for (list, name) in [(&self.hide.nodes, "nodes"), (&self.hide.locked, "locked")] {
            for (i, id) in list.iter().enumerate() {
                if !ids.contains(id.as_str()) {
                    err(
                        format!("hide.{name}[{i}]"),
                        format!("`{}` names no object of the diagram", excerpt(id)),
                    );
                }
            }
        }
        if let Some(Err(e)) = self.solution_diagram() {
            err(e.field, e.message);
        }
        errors
    }

    /// The diagram the known solution makes: `None` without a solution, an error when its patch does not apply.
    pub fn solution_diagram(&self) -> Option<Result<Diagram, LessonError>> {
        let s = self.solution.as_ref()?;
        Some(
            patch_diagram(&self.diagram, &s.patch)
                .map_err(|m| LessonError::new("solution.patch", m)),
        )
    }

    /// Makes `start` the starting diagram and writes the way from it to the current starting diagram as the
    /// solution (authoring: capture goals from a working diagram, then break it).
    pub fn set_start(&mut self, start: Diagram) {
        let from = crate::json::to_value(&start).expect("a diagram always serialises");
        let to = crate::json::to_value(&self.diagram).expect("a diagram always serialises");
        self.solution = Some(Solution {
            patch: patch::diff(&from, &to),
        });
        self.diagram = start;
    }
}

/// The problems of one goal against the lesson's flows: `(field within the goal, message)`.
/// Without `flows` (no starting diagram), flow references are not checked.
fn goal_problems(goal: &Goal, flows: Option<&[Flow]>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut flow_index = None;
    if let (Some(f), Some(flows)) = (goal.flow(), flows) {
        match f.resolve(flows) {
            Ok(i) => flow_index = Some(i),
            Err(m) => out.push(("flow".to_string(), m)),
        }
    }
    let money = |v: f64, field: &str, out: &mut Vec<(String, String)>| {
        if !v.is_finite() || v < 0.0 {
            out.push((
                field.to_string(),
                format!("{v} is not an amount: use a number of 0 or more"),
            ));
        }
    };
    match goal {
        Goal::FlowBlocked {
            code: Some(code), ..
        } => match codes::ALL.iter().find(|(c, _, _)| c == code) {
            None => out.push(("code".into(), unknown_code(code))),
            Some((_, Origin::Advisory, _)) => out.push((
                "code".into(),
                format!("`{code}` is an advisory, which never blocks a flow: use a `flow_advisory` goal"),
            )),
            Some(_) => {}
        },
        Goal::FlowAdvisory { code, .. } | Goal::FlowNoAdvisory { code, .. }
            if codes::describe(code).is_none() =>
        {
            out.push(("code".into(), unknown_code(code)));
        }
        Goal::FlowCostBelow {
            usd_per_month,
            gb_per_month,
            ..
        } => {
            money(*usd_per_month, "usd_per_month", &mut out);
            match gb_per_month {
                Some(gb) => money(*gb, "gb_per_month", &mut out),
                None => {
                    if let (Some(i), Some(flows)) = (flow_index, flows) {
                        if flows[i].spec.gb_per_month.is_none() {
                            out.push((
                                "gb_per_month".into(),
                                format!("missing: flow {i} has no monthly volume of its own"),
                            ));
                        }
                    }
                }
            }
        }
        Goal::TotalCostBelow { usd_per_month } => money(*usd_per_month, "usd_per_month", &mut out),
        Goal::FlowPassesThrough { through, .. } | Goal::FlowAvoids { through, .. }
            if through.trim().is_empty() =>
        {
            out.push((
                "through".into(),
                "must name a hop kind (`nat-gateway`, `vpc-endpoint`, …) or an AWS id".into(),
            ));
        }
        _ => {}
    }
    out
}

fn unknown_code(code: &str) -> String {
    format!(
        "`{}` is not a code the engine emits (see core/src/codes.rs)",
        excerpt(code)
    )
}

/// Every id a `hide` list may name: the topology's object ids (any `id` member) and the layout's node ids.
fn object_ids(d: &Diagram) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(id)) = m.get("id") {
                    out.insert(id.clone());
                }
                m.values().for_each(|v| walk(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(
        &crate::json::to_value(&d.topology).unwrap_or_default(),
        &mut out,
    );
    out.extend(d.layout.iter().map(|(id, _)| id.to_string()));
    out
}

/// `text` cut to 40 characters for messages.
fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Errors in the order of the file's members, then by field path.
fn field_order(field: &str) -> (usize, String) {
    let head = field.split(['.', '[']).next().unwrap_or_default();
    let pos = MEMBERS
        .iter()
        .position(|m| *m == head)
        .unwrap_or(MEMBERS.len());
    (pos, field.to_string())
}

fn parse_goal(v: Value) -> Result<LessonGoal, LessonError> {
    let Value::Object(mut m) = v else {
        return Err(LessonError::new(
            "",
            "a goal is an object with a `kind`, e.g. {\"kind\": \"flow_reachable\", \"flow\": 0}",
        ));
    };
    let text = match m.remove("text") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(LessonError::new("text", "expected a string")),
    };
    match m.get("kind") {
        None => {
            return Err(LessonError::new(
                "kind",
                format!("missing; one of {}", GOAL_KINDS.join(", ")),
            ))
        }
        Some(Value::String(k)) if !GOAL_KINDS.contains(&k.as_str()) => {
            return Err(LessonError::new(
                "kind",
                format!(
                    "unknown goal kind `{}`; expected one of {}",
                    excerpt(k),
                    GOAL_KINDS.join(", ")
                ),
            ))
        }
        Some(Value::String(_)) => {}
        Some(_) => return Err(LessonError::new("kind", "expected a string")),
    }
    let goal: Goal = crate::json::from_value(&Value::Object(m))
        .map_err(|e| LessonError::new("", e.to_string()))?;
    Ok(LessonGoal { goal, text })
}

fn string(obj: &Map<String, Value>, key: &str, errors: &mut Vec<LessonError>) -> String {
    match obj.get(key) {
        Some(Value::String(s)) => s.clone(),
        None => {
            errors.push(LessonError::new(key, "missing"));
            String::new()
        }
        Some(_) => {
            errors.push(LessonError::new(key, "expected a string"));
            String::new()
        }
    }
}

fn opt_string(obj: &Map<String, Value>, key: &str, errors: &mut Vec<LessonError>) -> String {
    match obj.get(key) {
        None | Some(Value::Null) => String::new(),
        Some(_) => string(obj, key, errors),
    }
}

fn string_list(obj: &Map<String, Value>, key: &str, errors: &mut Vec<LessonError>) -> Vec<String> {
    match obj.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                Value::String(s) => Some(s.clone()),
                _ => {
                    errors.push(LessonError::new(format!("{key}[{i}]"), "expected a string"));
                    None
                }
            })
            .collect(),
        Some(_) => {
            errors.push(LessonError::new(key, "expected a list of strings"));
            Vec::new()
        }
    }
}

/// Paragraphs: a list of strings, or one string with blank lines between paragraphs.
fn paragraphs(obj: &Map<String, Value>, key: &str, errors: &mut Vec<LessonError>) -> Vec<String> {
    match obj.get(key) {
        Some(Value::String(s)) => split_paragraphs(s),
        _ => string_list(obj, key, errors),
    }
}

/// Text with blank lines between paragraphs → the paragraphs, trimmed, empty ones dropped.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(cur.join("\n").trim().to_string());
                cur.clear();
            }
        } else {
            cur.push(line);
        }
    }
    out
}

/// The starting diagram: inline, or an example with its patches.
fn start_diagram(obj: &Map<String, Value>, errors: &mut Vec<LessonError>) -> Option<Diagram> {
    let inline = obj.get("diagram");
    let example = obj.get("from_example");
    let mut value = match (inline, example) {
        (Some(_), Some(_)) => {
            errors.push(LessonError::new(
                "from_example",
                "give either `diagram` or `from_example`, not both",
            ));
            return None;
        }
        (None, None) => {
            errors.push(LessonError::new(
                "diagram",
                "missing: give the starting diagram inline (`diagram`) or name an example (`from_example`)",
            ));
            return None;
        }
        (Some(d), None) => d.clone(),
        (None, Some(Value::String(id))) => match crate::gallery::example(id) {
            Some(e) => crate::json::to_value(&e.diagram).expect("a diagram always serialises"),
            None => {
                let known: Vec<String> = crate::gallery::examples()
                    .into_iter()
                    .map(|e| e.id)
                    .collect();
                errors.push(LessonError::new(
                    "from_example",
                    format!(
                        "no example is called `{}`; the examples are {}",
                        excerpt(id),
                        known.join(", ")
                    ),
                ));
                return None;
            }
        },
        (None, Some(_)) => {
            errors.push(LessonError::new(
                "from_example",
                "expected the id of a gallery example",
            ));
            return None;
        }
    };
    if let Some(p) = obj.get("topology_patch") {
        let topology = value.get("topology").cloned().unwrap_or(Value::Null);
        match patch::apply(&topology, p) {
            Ok(t) => {
                if let Value::Object(m) = &mut value {
                    m.insert("topology".into(), t);
                }
            }
            Err(e) => {
                errors.push(LessonError::new("topology_patch", e.to_string()));
                return None;
            }
        }
    }
    if let Some(p) = obj.get("patch") {
        match patch::apply(&value, p) {
            Ok(v) => value = v,
            Err(e) => {
                errors.push(LessonError::new("patch", e.to_string()));
                return None;
            }
        }
    }
    let field = if inline.is_some() { "diagram" } else { "patch" };
    match crate::json::from_value::<Diagram>(&value) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(LessonError::new(field, format!("not a diagram: {e}")));
            None
        }
    }
}

/// `diagram` with a [`patch`] applied to its JSON.
pub fn patch_diagram(diagram: &Diagram, p: &Value) -> Result<Diagram, String> {
    let v = crate::json::to_value(diagram).expect("a diagram always serialises");
    let v = patch::apply(&v, p).map_err(|e| e.to_string())?;
    crate::json::from_value(&v).map_err(|e| format!("the patched diagram is not a diagram: {e}"))
}

/// Authoring: a lesson from the current diagram. With `goals_from_current`, every flow's **current** outcome
/// becomes a goal (reachable and over which network, or blocked and by which explanation code), so the
/// diagram as it is meets them; flows the engine cannot trace are left out. `text` is the story (blank lines
/// between paragraphs). Set [`Lesson::hide`] and call [`Lesson::set_start`] with the broken diagram the
/// learner should start from.
///
/// ```
/// use vpclab_core::{gallery, lesson};
/// let d = gallery::example("s3-gateway-endpoint").unwrap().diagram;
/// let l = lesson::lesson_from_diagram(&d, "My lesson", "Make S3 private.", true);
/// assert_eq!(l.id, "my-lesson");
/// assert_eq!(l.goals.len(), d.flows.len());
/// assert!(lesson::check(&l, &d).complete);
/// ```
pub fn lesson_from_diagram(
    diagram: &Diagram,
    title: &str,
    text: &str,
    goals_from_current: bool,
) -> Lesson {
    let goals = if goals_from_current {
        current_goals(diagram)
    } else {
        Vec::new()
    };
    Lesson {
        id: slug(title),
        title: title.trim().to_string(),
        summary: String::new(),
        behaviours: Vec::new(),
        story: split_paragraphs(text),
        diagram: diagram.clone(),
        goals,
        hints: Vec::new(),
        explanation: Vec::new(),
        hide: Hide::default(),
        solution: None,
    }
}

/// The goals that the diagram's flows meet as they are now: one per flow that can be traced.
pub fn current_goals(diagram: &Diagram) -> Vec<LessonGoal> {
    let ix = crate::path::index::Index::new(&diagram.topology);
    diagram
        .flows
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let t = crate::path::trace::trace_with(&ix, &f.spec).ok()?;
            let flow = FlowRef::Index(i);
            Some(LessonGoal::from(if t.reachable {
                Goal::FlowReachable {
                    flow,
                    network: t.network,
                }
            } else {
                Goal::FlowBlocked {
                    flow,
                    code: t.explanations.first().map(|e| e.code.clone()),
                }
            }))
        })
        .collect()
}

/// `"My S3 lesson!"` → `my-s3-lesson` (at most [`MAX_ID_CHARS`]; `lesson` when nothing is left).
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out: String = out
        .trim_end_matches('-')
        .chars()
        .take(MAX_ID_CHARS)
        .collect();
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "lesson".into()
    } else {
        out
    }
}

/// What the UI keeps in localStorage: completed lessons and how many hints each has revealed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonProgress {
    pub completed: BTreeSet<String>,
    /// Lesson id → number of hints revealed.
    pub hints_shown: BTreeMap<String, usize>,
}

impl LessonProgress {
    pub fn is_completed(&self, lesson_id: &str) -> bool {
        self.completed.contains(lesson_id)
    }

    pub fn complete(&mut self, lesson_id: &str) {
        self.completed.insert(lesson_id.to_string());
    }

    pub fn hints_shown(&self, lesson_id: &str) -> usize {
        self.hints_shown.get(lesson_id).copied().unwrap_or(0)
    }

    /// Reveals one more hint of `lesson` (up to its number of hints); returns how many are now shown.
    pub fn reveal_hint(&mut self, lesson: &Lesson) -> usize {
        let n = (self.hints_shown(&lesson.id) + 1).min(lesson.hints.len());
        self.hints_shown.insert(lesson.id.clone(), n);
        n
    }

    /// Forgets the progress of one lesson (start over).
    pub fn reset(&mut self, lesson_id: &str) {
        self.completed.remove(lesson_id);
        self.hints_shown.remove(lesson_id);
    }
}
