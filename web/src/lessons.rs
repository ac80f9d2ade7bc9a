//! Guided lessons in the UI: progress in `localStorage`, the lesson texts' inline markup, the lock on objects a
//! lesson protects, and authoring a lesson from the current diagram. Goals are judged by
//! [`vpclab_core::lesson::check`]; nothing here decides whether a goal holds.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;
use vpclab_core::diagram::Diagram;
use vpclab_core::layout::Scene;
use vpclab_core::lesson::{self, Hide, Lesson, LessonError, LessonProgress};
use vpclab_core::model::Topology;

/// The `localStorage` key of [`LessonProgress`].
pub const PROGRESS_KEY: &str = "vpclab.lessons";
/// The `localStorage` key of the lesson being taken (its link fragment, `lesson=…`), so a reload keeps it.
pub const ACTIVE_KEY: &str = "vpclab.lesson";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The lesson being taken when the page was left, if it still decodes.
pub fn load_active() -> Option<Lesson> {
    let text = local_storage()?.get_item(ACTIVE_KEY).ok().flatten()?;
    lesson::decode_lesson(&text).ok()
}

/// Remembers the lesson being taken (`None`: no lesson).
pub fn save_active(lesson: Option<&Lesson>) {
    if let Some(s) = local_storage() {
        let _ = match lesson {
            Some(l) => s.set_item(ACTIVE_KEY, &lesson::encode_lesson(l)),
            None => s.remove_item(ACTIVE_KEY),
        };
    }
}

/// The stored progress (empty when nothing, or nothing readable, is stored).
pub fn load_progress() -> LessonProgress {
    local_storage()
        .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
        .and_then(|text| vpclab_core::json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Stores the progress (ignored when the storage refuses).
pub fn save_progress(progress: &LessonProgress) {
    if let Some(s) = local_storage() {
        if let Ok(text) = vpclab_core::json::to_string(progress) {
            let _ = s.set_item(PROGRESS_KEY, &text);
        }
    }
}

/// A piece of lesson text: lessons mark `**bold**` and `` `code` ``; everything else is plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Bold(String),
    Code(String),
}

/// Splits a paragraph into [`Span`]s. An unclosed marker is kept as text.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut plain = String::new();
    while !rest.is_empty() {
        let (marker, close) = if rest.starts_with("**") {
            ("**", "**")
        } else if rest.starts_with('`') {
            ("`", "`")
        } else {
            let c = rest.chars().next().expect("not empty");
            plain.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let body = &rest[marker.len()..];
        match body.find(close) {
            Some(end) if end > 0 => {
                if !plain.is_empty() {
                    out.push(Span::Text(std::mem::take(&mut plain)));
                }
                let inner = body[..end].to_string();
                out.push(if marker == "`" {
                    Span::Code(inner)
                } else {
                    Span::Bold(inner)
                });
                rest = &body[end + close.len()..];
            }
            _ => {
                plain.push_str(marker);
                rest = body;
            }
        }
    }
    if !plain.is_empty() {
        out.push(Span::Text(plain));
    }
    out
}

/// Every object of a topology that has an `id`, as JSON, by id (routes and rules are part of their owner).
fn objects_by_id(topology: &Topology) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Ok(Value::Object(map)) = vpclab_core::json::to_value(topology) {
        for (_, list) in map {
            if let Value::Array(items) = list {
                for item in items {
                    if let Some(id) = item.get("id").and_then(Value::as_str) {
                        out.insert(id.to_string(), item.clone());
                    }
                }
            }
        }
    }
    out
}

/// The locked objects of `before` that `after` changes or removes, in `locked` order. Empty when the edit is
/// allowed.
pub fn locked_changes(before: &Topology, after: &Topology, locked: &[String]) -> Vec<String> {
    if locked.is_empty() || before == after {
        return Vec::new();
    }
    let (old, new) = (objects_by_id(before), objects_by_id(after));
    locked
        .iter()
        .filter(|id| old.get(*id).is_some_and(|o| new.get(*id) != Some(o)))
        .cloned()
        .collect()
}

/// The message for an edit refused because it touches locked objects.
pub fn locked_message(ids: &[String]) -> String {
    let list: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
    let (noun, verb) = if ids.len() == 1 {
        ("object", "is")
    } else {
        ("objects", "are")
    };
    format!(
        "Not changed: this lesson locks the {noun} {} (you can look at {}, but the lesson needs {} as {} {verb}).",
        list.join(", "),
        if ids.len() == 1 { "it" } else { "them" },
        if ids.len() == 1 { "it" } else { "them" },
        if ids.len() == 1 { "it" } else { "they" },
    )
}

/// The scene without what a lesson hides (`hide.nodes`): nodes named by id, key or alias, VPCs and subnets by id
/// (with what they contain), and the edges that touch any of them. The engine still sees everything.
pub fn hide_nodes(mut scene: Scene, hidden: &[String]) -> Scene {
    if hidden.is_empty() {
        return scene;
    }
    let is_hidden = |s: &str| hidden.iter().any(|h| h == s);
    let mut gone: HashSet<String> = HashSet::new();
    scene.vpcs.retain(|v| {
        let hide = is_hidden(&v.id);
        if hide {
            gone.insert(v.id.clone());
        }
        !hide
    });
    scene.azs.retain(|a| !gone.contains(&a.vpc_id));
    scene.subnets.retain(|s| {
        let hide = is_hidden(&s.id) || gone.contains(&s.vpc_id);
        if hide {
            gone.insert(s.id.clone());
        }
        !hide
    });
    scene.nodes.retain(|n| {
        let hide = is_hidden(&n.id)
            || is_hidden(&n.key)
            || n.aliases.iter().any(|a| is_hidden(a))
            || n.container.as_ref().is_some_and(|c| gone.contains(c));
        if hide {
            gone.insert(n.key.clone());
            gone.insert(n.id.clone());
        }
        !hide
    });
    scene.edges.retain(|e| {
        !gone.contains(&e.from) && !gone.contains(&e.to) && !e.id.as_deref().is_some_and(is_hidden)
    });
    scene
}

/// What an instructor fills in to make a lesson from the current diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub title: String,
    /// The story: paragraphs separated by blank lines.
    pub story: String,
    /// One hint a line.
    pub hints: String,
    /// Shown on completion: paragraphs separated by blank lines.
    pub explanation: String,
    /// Which of [`lesson::current_goals`] become goals (by position; missing = chosen).
    pub goals: Vec<bool>,
    pub hide_cost: bool,
    pub hide_advisories: bool,
    /// Object ids, separated by commas, spaces or new lines.
    pub locked: String,
    /// Node ids not drawn, separated by commas, spaces or new lines.
    pub hidden_nodes: String,
}

/// Ids in a free-text list (commas, spaces, new lines), without duplicates, in order.
pub fn id_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
    {
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    out
}

/// The lesson a draft makes: goals from `current` (the working diagram, which meets them), the learner starting
/// from `start` (a broken version of it; its flows are replaced by the current ones, which the goals name) when
/// given. Validated like a lesson file.
pub fn author(
    current: &Diagram,
    start: Option<&Diagram>,
    draft: &Draft,
) -> Result<Lesson, Vec<LessonError>> {
    let mut l = lesson::lesson_from_diagram(current, &draft.title, &draft.story, true);
    if lesson::builtin_ids().contains(&l.id) {
        l.id = format!("my-{}", l.id);
    }
    l.goals = l
        .goals
        .into_iter()
        .enumerate()
        .filter(|(i, _)| draft.goals.get(*i).copied().unwrap_or(true))
        .map(|(_, g)| g)
        .collect();
    l.hints = draft
        .hints
        .lines()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .collect();
    l.explanation = lesson::split_paragraphs(&draft.explanation);
    l.summary = l
        .story
        .first()
        .map(|p| first_sentence(p))
        .unwrap_or_default();
    l.hide = Hide {
        cost: draft.hide_cost,
        advisories: draft.hide_advisories,
        nodes: id_list(&draft.hidden_nodes),
        locked: id_list(&draft.locked),
    };
    if let Some(start) = start.filter(|s| *s != current) {
        let mut start = start.clone();
        start.flows = current.flows.clone();
        start.selected_flow = current.selected_flow;
        l.set_start(start);
    }
    let errors = l.validate();
    if errors.is_empty() {
        Ok(l)
    } else {
        Err(errors)
    }
}

/// The first sentence of a paragraph (at most 160 characters), without markup.
fn first_sentence(p: &str) -> String {
    let plain: String = spans(p)
        .into_iter()
        .map(|s| match s {
            Span::Text(t) | Span::Bold(t) | Span::Code(t) => t,
        })
        .collect();
    let end = plain.find(". ").map_or(plain.len(), |i| i + 1);
    let s = &plain[..end];
    match s.char_indices().nth(160) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::gallery;

    #[test]
    fn spans_split_bold_and_code() {
        assert_eq!(
            spans("a **b** `c` d"),
            [
                Span::Text("a ".into()),
                Span::Bold("b".into()),
                Span::Text(" ".into()),
                Span::Code("c".into()),
                Span::Text(" d".into())
            ]
        );
        assert_eq!(spans("x ** y"), [Span::Text("x ** y".into())]);
        assert_eq!(spans("`unclosed"), [Span::Text("`unclosed".into())]);
        assert_eq!(
            spans("é **ü**"),
            [Span::Text("é ".into()), Span::Bold("ü".into())]
        );
        assert!(spans("").is_empty());
    }

    #[test]
    fn every_built_in_solution_passes_the_lock() {
        for l in lesson::builtin() {
            let Some(Ok(solved)) = l.solution_diagram() else {
                continue;
            };
            let refused = locked_changes(&l.diagram.topology, &solved.topology, &l.hide.locked);
            assert!(refused.is_empty(), "{}: {refused:?}", l.id);
        }
    }

    #[test]
    fn the_lock_refuses_changes_to_locked_objects_only() {
        let l = lesson::builtin_lesson("other-region").unwrap();
        assert_eq!(l.hide.locked, ["vpce-s3-gateway"]);
        let mut t = l.diagram.topology.clone();
        t.vpc_endpoints.retain(|e| e.id != "vpce-s3-gateway");
        assert_eq!(
            locked_changes(&l.diagram.topology, &t, &l.hide.locked),
            ["vpce-s3-gateway"]
        );
        let mut t = l.diagram.topology.clone();
        t.name = Some("renamed".into());
        assert!(locked_changes(&l.diagram.topology, &t, &l.hide.locked).is_empty());
        assert!(locked_message(&["a".into()]).contains("`a`"));
        assert!(locked_message(&["a".into(), "b".into()]).contains("objects"));
    }

    #[test]
    fn id_lists_accept_commas_spaces_and_lines() {
        assert_eq!(id_list("a, b\nc  a"), ["a", "b", "c"]);
        assert!(id_list(" , ").is_empty());
    }

    #[test]
    fn authoring_from_a_working_diagram_with_a_broken_start() {
        let working = gallery::example("s3-gateway-endpoint").unwrap().diagram;
        let broken = gallery::example("s3-through-nat").unwrap().diagram;
        let draft = Draft {
            title: "Keep S3 private".into(),
            story: "The logs go through the **NAT**. Fix it.".into(),
            hints: "Look at the route table\n\nAdd a gateway endpoint".into(),
            explanation: "Done.".into(),
            hide_cost: true,
            locked: "igw-app".into(),
            ..Draft::default()
        };
        let l = author(&working, Some(&broken), &draft).unwrap();
        assert_eq!(l.id, "keep-s3-private");
        assert_eq!(l.summary, "The logs go through the NAT.");
        assert_eq!(l.hints.len(), 2);
        assert!(l.hide.cost && l.hide.locked == ["igw-app"]);
        assert_eq!(l.goals.len(), working.flows.len());
        assert!(lesson::check(&l, &working).complete);
        assert!(!lesson::check(&l, &l.diagram).complete);
        // The link opens the same lesson.
        let link = lesson::lesson_link("https://h/", &l);
        assert_eq!(lesson::decode_lesson(&link).unwrap(), l);

        // Unchecked goals are left out; no goal at all is an error naming `goals`.
        let none = Draft {
            goals: vec![false; working.flows.len()],
            ..draft.clone()
        };
        let errors = author(&working, None, &none).unwrap_err();
        assert!(errors.iter().any(|e| e.field == "goals"), "{errors:?}");
        let untitled = Draft {
            title: String::new(),
            ..draft
        };
        assert!(author(&working, None, &untitled).is_err());
    }

    #[test]
    fn an_authored_lesson_never_takes_a_built_in_id() {
        let d = gallery::example("s3-gateway-endpoint").unwrap().diagram;
        let draft = Draft {
            title: "why nat".into(),
            story: "x".into(),
            ..Draft::default()
        };
        assert_eq!(author(&d, None, &draft).unwrap().id, "my-why-nat");
    }

    #[test]
    fn the_reducer_starts_a_lesson_undoably_and_refuses_edits_to_locked_objects() {
        use crate::state::{Action, AppState};
        use std::rc::Rc;
        use yew::Reducible;

        let before = gallery::examples()[0].diagram.clone();
        let s = Rc::new(AppState::with_diagram(before.clone()));
        let l = Rc::new(lesson::builtin_lesson("other-region").unwrap());
        let s = s.reduce(Action::StartLesson(Rc::clone(&l)));
        assert_eq!(*s.diagram, l.diagram);
        assert!(s.can_undo() && !s.dirty);
        assert!(s.lesson.is_some());

        // Removing the locked gateway endpoint is refused, with the reason.
        let mut d = (*s.diagram).clone();
        d.topology
            .vpc_endpoints
            .retain(|e| e.id != "vpce-s3-gateway");
        let refused = Rc::clone(&s).reduce(Action::Commit {
            diagram: Rc::new(d),
            model_changed: true,
            select: None,
            notice: None,
        });
        assert_eq!(refused.diagram, s.diagram);
        assert_eq!(refused.undo.len(), s.undo.len());
        let notice = refused.notice.clone().unwrap();
        assert!(notice.error && notice.text.contains("vpce-s3-gateway"));

        // The known solution is allowed.
        let solved = l.solution_diagram().unwrap().unwrap();
        let s = refused.reduce(Action::Commit {
            diagram: Rc::new(solved.clone()),
            model_changed: true,
            select: None,
            notice: None,
        });
        assert_eq!(*s.diagram, solved);
        assert!(lesson::check(&l, &s.diagram).complete);

        // Leaving the lesson lifts the lock; undo goes back through the lesson's start to the diagram before.
        let s = s.reduce(Action::EndLesson);
        assert!(s.lesson.is_none());
        let s = s.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!(*s.diagram, before);
    }

    #[test]
    fn why_nat_is_solved_by_applying_the_cheaper_design_the_cost_panel_offers() {
        // The e2e suite completes this lesson by clicking "Apply" on the Cost tab's first alternative.
        let l = lesson::builtin_lesson("why-nat").unwrap();
        let d = &l.diagram;
        let i = d.selected_flow.unwrap_or(0);
        let a = crate::analysis::analyze(d);
        let alts = crate::analysis::alternatives(d, &a, i);
        let best = alts.first().expect("an alternative");
        let mut solved = d.clone();
        solved.topology = best.change.apply(&d.topology);
        solved.flows[i].spec = best.change.flow.clone();
        let status = lesson::check(&l, &solved);
        assert!(status.complete, "{:#?}", status.goals);
    }

    #[test]
    fn hidden_nodes_leave_the_scene_with_their_edges() {
        let d = gallery::example("s3-through-nat").unwrap().diagram;
        let full = vpclab_core::layout::scene(&d);
        assert_eq!(hide_nodes(full.clone(), &[]), full);
        let nat = full
            .nodes
            .iter()
            .find(|n| n.id == "nat-app")
            .unwrap()
            .key
            .clone();
        let s = hide_nodes(full.clone(), &["nat-app".into()]);
        assert!(s.node(&nat).is_none());
        assert!(s.edges.iter().all(|e| e.from != nat && e.to != nat));
        assert_eq!(s.nodes.len(), full.nodes.len() - 1);
        // A hidden subnet takes what it contains along.
        let s = hide_nodes(full.clone(), &["subnet-private-a".into()]);
        assert!(s.subnets.iter().all(|x| x.id != "subnet-private-a"));
        assert!(
            s.nodes.iter().all(|n| n.id != "i-app"),
            "the instance inside is hidden too"
        );
    }
}
