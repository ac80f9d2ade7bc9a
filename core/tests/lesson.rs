//! Lessons: every built-in lesson starts incomplete and its known solution completes it (judged by the engine);
//! lesson files and links are validated with errors that name the field; authoring from a diagram gives goals
//! the diagram meets; links round-trip.

use proptest::prelude::*;
use serde_json::json;
use vpclab_core::diagram::Diagram;
use vpclab_core::lesson::{
    self, check, decode_lesson, encode_lesson, FlowRef, Goal, Hide, Lesson, LessonGoal,
    LessonLinkError, LessonProgress,
};
use vpclab_core::{gallery, validate::validate, Severity};

/// The starting diagram does not meet the goals; the known solution does; both are printed on failure.
fn start_fails_solution_passes(id: &str) {
    let l = lesson::builtin_lesson(id).unwrap_or_else(|| panic!("no built-in lesson `{id}`"));
    let start = check(&l, &l.diagram);
    assert!(
        !start.complete,
        "{id}: the starting diagram already completes the lesson: {start:#?}"
    );
    assert!(start.met() < start.goals.len());
    let solved = l
        .solution_diagram()
        .unwrap_or_else(|| panic!("{id}: no solution"))
        .unwrap_or_else(|e| panic!("{id}: the solution does not apply: {e}"));
    assert_ne!(solved, l.diagram, "{id}: the solution changes nothing");
    // Authoring writes solutions as diffs: the diff of start → solution re-applies to the solution.
    let (from, to) = (
        serde_json::to_value(&l.diagram).unwrap(),
        serde_json::to_value(&solved).unwrap(),
    );
    assert_eq!(
        lesson::patch::apply(&from, &lesson::patch::diff(&from, &to)).unwrap(),
        to,
        "{id}"
    );
    let end = check(&l, &solved);
    assert!(
        end.complete,
        "{id}: the solution does not complete the lesson: {end:#?}"
    );
    for g in &end.goals {
        assert!(!g.detail.is_empty() && !g.text.is_empty(), "{id}: {g:?}");
    }
    // The solution is a sound diagram, and the lesson's hide lists name objects that exist in it.
    let errors: Vec<_> = validate(&solved.topology)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "{id}: the solution has validation errors: {errors:#?}"
    );
    // Every lesson teaches with words and helps with hints.
    assert!(
        !l.story.is_empty() && !l.explanation.is_empty() && !l.hints.is_empty(),
        "{id}"
    );
    assert!(
        !l.behaviours.is_empty(),
        "{id}: cite the aws-reference behaviours"
    );
}

macro_rules! lesson_tests {
    ($($name:ident => $id:literal,)*) => {
        $(#[test] fn $name() { start_fails_solution_passes($id); })*
        const TESTED: &[&str] = &[$($id),*];
    };
}

lesson_tests! {
    lesson_01_why_nat => "why-nat",
    lesson_02_gateway_endpoints => "gateway-endpoints",
    lesson_03_dns_must_be_on => "dns-must-be-on",
    lesson_04_ipv6_gateway_endpoint => "ipv6-gateway-endpoint",
    lesson_05_dynamodb => "dynamodb",
    lesson_06_services_beyond_s3 => "services-beyond-s3",
    lesson_07_interface_endpoint_sg_dns_policy => "interface-endpoint-sg-dns-policy",
    lesson_08_data_perimeter => "data-perimeter",
    lesson_09_interface_endpoints_across_azs => "interface-endpoints-across-azs",
    lesson_10_vpn_needs_interface_endpoint => "vpn-needs-interface-endpoint",
    lesson_11_other_region => "other-region",
    lesson_12_saas_endpoint_service => "saas-endpoint-service",
    lesson_13_choose_by_cost => "choose-by-cost",
}

#[test]
fn every_built_in_lesson_has_its_test_and_a_unique_id() {
    let ids = lesson::builtin_ids();
    assert!(ids.len() >= 13);
    assert_eq!(
        ids, TESTED,
        "add a test for each new lesson, in story order"
    );
    let all = lesson::builtin();
    assert_eq!(all.iter().map(|l| l.id.clone()).collect::<Vec<_>>(), ids);
}

#[test]
fn built_in_lessons_survive_their_own_file_format() {
    for l in lesson::builtin() {
        let back = Lesson::parse(&l.to_json()).unwrap_or_else(|e| panic!("{}: {e:?}", l.id));
        assert_eq!(back, l);
    }
}

#[test]
fn a_blocked_flow_does_not_pass_a_cost_goal() {
    // Breaking a flow must not count as making it cheap.
    let l = lesson::builtin_lesson("why-nat").unwrap();
    let mut d = l.diagram.clone();
    d.topology.route_tables[1].routes.clear();
    let st = check(&l, &d);
    let cost = st
        .goals
        .iter()
        .find(|g| matches!(g.goal, Goal::FlowCostBelow { .. }))
        .unwrap();
    assert!(!cost.met);
    assert!(cost.detail.contains("blocked"), "{}", cost.detail);
}

#[test]
fn goals_judge_the_lessons_flows_even_if_the_learner_deletes_them() {
    let l = lesson::builtin_lesson("why-nat").unwrap();
    let mut d = l.solution_diagram().unwrap().unwrap();
    d.flows.clear();
    assert!(check(&l, &d).complete);
    // A flow whose source is gone cannot be traced: the goal is not met, and says why.
    d.topology.instances.clear();
    let st = check(&l, &d);
    assert!(!st.complete);
    assert!(
        st.goals[0].detail.contains("cannot be traced"),
        "{}",
        st.goals[0].detail
    );
}

// ------------------------------------------------------------------------------------------ parse errors

fn minimal() -> serde_json::Value {
    json!({
        "id": "t",
        "title": "T",
        "from_example": "s3-through-nat",
        "goals": [{"kind": "flow_reachable", "flow": 0, "network": "private"}]
    })
}

fn with(mut base: serde_json::Value, key: &str, value: serde_json::Value) -> String {
    if value.is_null() {
        base.as_object_mut().unwrap().remove(key);
    } else {
        base[key] = value;
    }
    base.to_string()
}

#[test]
fn minimal_lesson_parses() {
    let l = Lesson::parse(&minimal().to_string()).unwrap();
    assert_eq!(
        l.diagram,
        gallery::example("s3-through-nat").unwrap().diagram
    );
    assert_eq!(l.goals[0].goal.flow(), Some(&FlowRef::Index(0)));
}

#[test]
fn parse_errors_name_the_field() {
    let goal = |g: serde_json::Value| with(minimal(), "goals", json!([g]));
    // (lesson text, field, part of the message)
    let cases: Vec<(String, &str, &str)> = vec![
        ("not json".into(), "", "not valid JSON"),
        ("[1]".into(), "", "a JSON object"),
        (
            with(minimal(), "title", json!("  ")),
            "title",
            "must not be empty",
        ),
        (with(minimal(), "title", json!(null)), "title", "missing"),
        (
            with(minimal(), "title", json!(3)),
            "title",
            "expected a string",
        ),
        (
            with(minimal(), "id", json!("Has Spaces")),
            "id",
            "not a lesson id",
        ),
        (with(minimal(), "id", json!("")), "id", "must not be empty"),
        (
            with(minimal(), "colour", json!("red")),
            "colour",
            "unknown member",
        ),
        (
            with(minimal(), "from_example", json!("nope")),
            "from_example",
            "no example is called `nope`",
        ),
        (
            with(minimal(), "from_example", json!(null)),
            "diagram",
            "give the starting diagram",
        ),
        (
            with(minimal(), "diagram", json!({})),
            "from_example",
            "not both",
        ),
        (
            with(minimal(), "goals", json!([])),
            "goals",
            "at least one goal",
        ),
        (with(minimal(), "goals", json!(null)), "goals", "missing"),
        (
            with(minimal(), "goals", json!({"kind": "x"})),
            "goals",
            "a list of goals",
        ),
        (
            goal(json!({"kind": "flow_teleports", "flow": 0})),
            "goals[0].kind",
            "unknown goal kind `flow_teleports`",
        ),
        (goal(json!({"flow": 0})), "goals[0].kind", "missing"),
        (goal(json!("reachable")), "goals[0]", "a goal is an object"),
        (
            goal(json!({"kind": "flow_reachable", "flow": 7})),
            "goals[0].flow",
            "flow 7 does not exist: the diagram has 2 flows (0 to 1)",
        ),
        (
            goal(json!({"kind": "flow_reachable", "flow": "app → nowhere"})),
            "goals[0].flow",
            "no flow is labelled `app → nowhere`",
        ),
        (
            goal(json!({"kind": "flow_reachable", "flow": 0, "network": "darknet"})),
            "goals[0]",
            "unknown variant `darknet`",
        ),
        (
            goal(json!({"kind": "flow_reachable", "flw": 0})),
            "goals[0]",
            "unknown field `flw`",
        ),
        (
            goal(json!({"kind": "flow_blocked", "flow": 0, "code": "VPCLAB_NOPE"})),
            "goals[0].code",
            "not a code the engine emits",
        ),
        (
            goal(json!({"kind": "flow_blocked", "flow": 0, "code": "VPCLAB_GE_LIMIT_DNS"})),
            "goals[0].code",
            "is an advisory",
        ),
        (
            goal(json!({"kind": "flow_advisory", "flow": 0, "code": "GE_LIMIT"})),
            "goals[0].code",
            "not a code the engine emits",
        ),
        (
            goal(json!({"kind": "flow_cost_below", "flow": 0, "usd_per_month": -1})),
            "goals[0].usd_per_month",
            "not an amount",
        ),
        (
            goal(json!({"kind": "total_cost_below"})),
            "goals[0]",
            "missing field `usd_per_month`",
        ),
        (
            goal(json!({"kind": "flow_avoids", "flow": 0, "through": " "})),
            "goals[0].through",
            "must name a hop kind",
        ),
        (
            goal(json!({"kind": "flow_reachable", "flow": 0, "text": 5})),
            "goals[0].text",
            "expected a string",
        ),
        (
            with(minimal(), "hints", json!(["ok", ""])),
            "hints[1]",
            "must not be empty",
        ),
        (
            with(minimal(), "hints", json!(["ok", 2])),
            "hints[1]",
            "expected a string",
        ),
        (
            with(minimal(), "story", json!(7)),
            "story",
            "expected a list of strings",
        ),
        (
            with(minimal(), "hide", json!({"nodes": ["vpc-nope"]})),
            "hide.nodes[0]",
            "`vpc-nope` names no object",
        ),
        (
            with(minimal(), "hide", json!({"locked": ["igw-app", "rtb-x"]})),
            "hide.locked[1]",
            "`rtb-x` names no object",
        ),
        (
            with(minimal(), "hide", json!({"costs": true})),
            "hide",
            "unknown field `costs`",
        ),
        (
            with(
                minimal(),
                "patch",
                json!({"topology": {"route_tables": {"rtb-private": {"routes": {"x": {}}}}}}),
            ),
            "patch",
            "give the whole list",
        ),
        (
            with(
                minimal(),
                "topology_patch",
                json!({"vpcs": {"vpc-nope": null}}),
            ),
            "topology_patch",
            "no item with that id",
        ),
        (
            with(minimal(), "patch", json!({"flows": 3})),
            "patch",
            "not a diagram",
        ),
        (
            with(
                minimal(),
                "solution",
                json!({"patch": {"topology": {"subnets": {"subnet-x": null}}}}),
            ),
            "solution.patch",
            "no item with that id",
        ),
        (
            with(minimal(), "solution", json!({"edits": []})),
            "solution",
            "unknown field `edits`",
        ),
    ];
    for (text, field, message) in cases {
        let errors = Lesson::parse(&text).expect_err(&text);
        assert!(
            errors
                .iter()
                .any(|e| e.field == field && e.message.contains(message)),
            "{text}\nexpected `{field}`: …{message}…\ngot {errors:#?}"
        );
        for e in &errors {
            assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn parse_reports_every_problem_at_once_in_file_order() {
    let text = json!({
        "title": "",
        "from_example": "s3-through-nat",
        "goals": [{"kind": "nope"}, {"kind": "flow_blocked", "flow": 9}],
        "hints": [""]
    })
    .to_string();
    let errors = Lesson::parse(&text).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["id", "title", "goals[0].kind", "goals[1].flow", "hints[0]"]
    );
    assert_eq!(
        errors[3].to_string(),
        "`goals[1].flow`: flow 9 does not exist: the diagram has 2 flows (0 to 1)"
    );
}

#[test]
fn a_cost_goal_needs_a_volume() {
    let mut v = minimal();
    v["patch"] = json!({"flows": [{"from": "i-app", "to": "203.0.113.9", "port": 443}]});
    v["goals"] = json!([{"kind": "flow_cost_below", "flow": 0, "usd_per_month": 1}]);
    let errors = Lesson::parse(&v.to_string()).unwrap_err();
    assert_eq!(errors[0].field, "goals[0].gb_per_month");
    v["goals"][0]["gb_per_month"] = json!(100);
    Lesson::parse(&v.to_string()).unwrap();
}

#[test]
fn duplicate_labels_must_be_named_by_index() {
    let mut v = minimal();
    v["patch"] = json!({"flows": [
        {"label": "same", "from": "i-app", "to": "203.0.113.9"},
        {"label": "same", "from": "i-app", "to": "203.0.113.10"}
    ]});
    v["goals"] = json!([{"kind": "flow_reachable", "flow": "same"}]);
    let errors = Lesson::parse(&v.to_string()).unwrap_err();
    assert!(
        errors[0].message.contains("2 flows are labelled `same`"),
        "{errors:?}"
    );
}

#[test]
fn paragraphs_come_as_a_list_or_as_text_with_blank_lines() {
    let mut v = minimal();
    v["story"] = json!("First paragraph,\nstill first.\n\n  Second.\n\n\n");
    v["explanation"] = json!(["One.", "Two."]);
    let l = Lesson::parse(&v.to_string()).unwrap();
    assert_eq!(l.story, ["First paragraph,\nstill first.", "Second."]);
    assert_eq!(l.explanation, ["One.", "Two."]);
}

// ------------------------------------------------------------------------------------------ links

#[test]
fn built_in_lessons_travel_by_id() {
    for l in lesson::builtin() {
        let fragment = encode_lesson(&l);
        assert_eq!(fragment, format!("lesson={}", l.id));
        for link in [
            format!("https://example.org/vpclab/#{fragment}"),
            format!("#{fragment}"),
            fragment.clone(),
            l.id.clone(),
            format!("#example=x&{fragment}"),
        ] {
            assert_eq!(decode_lesson(&link).unwrap(), l, "{link}");
        }
        assert!(lesson::is_lesson_link(&format!("#{fragment}")));
    }
}

#[test]
fn changed_and_authored_lessons_travel_whole() {
    for l in lesson::builtin() {
        let mut mine = l.clone();
        mine.title.push_str(" (my version)");
        mine.hide.cost = true;
        let fragment = encode_lesson(&mine);
        assert!(fragment.starts_with("lesson=v1."), "{fragment}");
        assert!(
            fragment.len() < 8_000,
            "{}: {} characters",
            l.id,
            fragment.len()
        );
        println!(
            "{}: link of an edited copy: {} characters",
            l.id,
            fragment.len()
        );
        assert_eq!(encode_lesson(&mine), fragment, "deterministic");
        let back =
            decode_lesson(&lesson::lesson_link("https://example.org/?a=1#old", &mine)).unwrap();
        assert_eq!(back, mine);
        // The solution travels too, and still solves it.
        assert!(check(&back, &back.solution_diagram().unwrap().unwrap()).complete);
    }
}

fn pack(json: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(miniz_oxide::deflate::compress_to_vec(json, 6))
}

#[test]
fn bad_lesson_links_say_what_is_wrong() {
    let valid = encode_lesson(&lesson::lesson_from_diagram(
        &gallery::example("s3-through-nat").unwrap().diagram,
        "Mine",
        "",
        true,
    ));
    let cut = &valid[..valid.len() - 7];
    let invalid_lesson = format!(
        "lesson=v1.{}",
        pack(
            json!({"i": "x", "ti": "", "g": [], "d": {}})
                .to_string()
                .as_bytes()
        )
    );
    let bomb = format!("lesson=v1.{}", pack(&vec![b' '; 2 * 1024 * 1024]));
    let array = format!("lesson=v1.{}", pack(b"[1,2]"));
    let too_many_goals = format!(
        "lesson=v1.{}",
        pack(
            json!({"i": "x", "ti": "T", "g": vec![json!({"kind": "validation_clean"}); 65]})
                .to_string()
                .as_bytes()
        )
    );
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "empty"),
        ("#lesson=".into(), "empty"),
        (
            "#lesson=no-such-lesson".into(),
            "no built-in lesson `no-such-lesson`; the lessons are why-nat",
        ),
        (
            "https://example.org/#v1.abc".into(),
            "not a VPC Lab lesson link",
        ),
        ("lesson=v9.abc".into(), "unknown lesson-link version `v9`"),
        ("lesson=v1.***".into(), "not base64url"),
        (cut.to_string(), "cut off"),
        ("lesson=v1.AAAA".into(), "cannot be decompressed"),
        (bomb, "more than 1048576 bytes"),
        (array, "expected a JSON object"),
        (invalid_lesson, "`title`: must not be empty"),
        (too_many_goals, "65 goals; at most 64"),
        (
            format!("lesson=v1.{}", "A".repeat(70_000)),
            "at most 65536 are accepted",
        ),
    ];
    for (link, message) in cases {
        let e = decode_lesson(&link).expect_err(&link);
        assert!(e.to_string().contains(message), "{link:.80}: {e}");
    }
    assert!(matches!(
        decode_lesson(&format!(
            "lesson=v1.{}",
            pack(
                json!({"i": "x", "ti": "", "g": [], "d": {}})
                    .to_string()
                    .as_bytes()
            )
        )),
        Err(LessonLinkError::Invalid { .. })
    ));
}

fn arb_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 →“”é\\n]{0,40}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn links_round_trip(
        which in 0usize..10,
        title in "[A-Za-z][a-zA-Z0-9 →é]{0,30}",
        story in prop::collection::vec(arb_text(), 0..3),
        hints in prop::collection::vec("[a-z]{1,20}", 0..4),
        keep in prop::collection::vec(any::<bool>(), 8),
        cost in any::<bool>(),
        advisories in any::<bool>(),
        usd in 0.0f64..1e6,
    ) {
        let all = lesson::builtin();
        let mut l = all[which % all.len()].clone();
        l.id = lesson::slug(&title);
        l.title = title;
        l.story = story.into_iter().filter(|s| !s.trim().is_empty()).map(|s| s.trim().to_string()).collect();
        l.hints = hints;
        let mut goals: Vec<LessonGoal> = l.goals.iter().zip(keep.iter().cycle()).filter(|(_, k)| **k).map(|(g, _)| g.clone()).collect();
        goals.push(Goal::TotalCostBelow { usd_per_month: usd }.into());
        l.goals = goals;
        l.hide = Hide { cost, advisories, ..l.hide.clone() };
        prop_assert!(l.validate().is_empty(), "{:?}", l.validate());
        let back = decode_lesson(&encode_lesson(&l)).unwrap();
        prop_assert_eq!(back, l);
    }

    #[test]
    fn decoding_never_panics(s in "\\PC{0,200}") {
        let _ = decode_lesson(&s);
        let _ = decode_lesson(&format!("#lesson=v1.{s}"));
        let _ = Lesson::parse(&s);
    }
}

// ------------------------------------------------------------------------------------------ authoring

#[test]
fn authoring_from_each_gallery_diagram_gives_goals_it_meets() {
    for e in gallery::examples() {
        let l = lesson::lesson_from_diagram(&e.diagram, &e.title, &e.summary, true);
        assert_eq!(l.goals.len(), e.diagram.flows.len(), "{}", e.id);
        assert!(l.validate().is_empty(), "{}: {:?}", e.id, l.validate());
        let st = check(&l, &e.diagram);
        assert!(st.complete, "{}: {st:#?}", e.id);
        // Reachable flows become reachable goals with their network; blocked ones name their code.
        for (g, f) in l.goals.iter().zip(&e.diagram.flows) {
            let t = vpclab_core::trace(&e.diagram.topology, &f.spec).unwrap();
            match &g.goal {
                Goal::FlowReachable { network, .. } => {
                    assert_eq!((t.reachable, *network), (true, t.network))
                }
                Goal::FlowBlocked { code, .. } => {
                    assert!(!t.reachable);
                    assert_eq!(
                        code.as_deref(),
                        t.explanations.first().map(|x| x.code.as_str())
                    );
                }
                other => panic!("{other:?}"),
            }
        }
        // The file and the link carry it whole.
        assert_eq!(Lesson::parse(&l.to_json()).unwrap(), l);
        assert_eq!(decode_lesson(&encode_lesson(&l)).unwrap(), l);
    }
}

#[test]
fn authoring_then_breaking_the_diagram_makes_a_lesson_with_a_solution() {
    // Capture the goals of the working design, then start the learner from the broken one.
    let good = gallery::example("s3-gateway-endpoint").unwrap().diagram;
    let broken = gallery::example("s3-through-nat").unwrap().diagram;
    let mut l =
        lesson::lesson_from_diagram(&good, "Make S3 private", "Para one.\n\nPara two.", true);
    l.hide.locked = vec!["igw-app".into()];
    l.set_start(broken.clone());
    assert_eq!(l.diagram, broken);
    assert_eq!(l.story.len(), 2);
    assert!(l.validate().is_empty(), "{:?}", l.validate());
    assert!(!check(&l, &broken).complete);
    let solved = l.solution_diagram().unwrap().unwrap();
    assert_eq!(solved, good);
    assert!(check(&l, &solved).complete);
    let back = decode_lesson(&encode_lesson(&l)).unwrap();
    assert_eq!(back, l);
}

#[test]
fn authoring_without_goals_is_not_yet_a_lesson() {
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    let l = lesson::lesson_from_diagram(&d, "  ", "", false);
    assert_eq!(l.id, "lesson");
    let fields: Vec<String> = l.validate().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["title", "goals"]);
    assert!(lesson::current_goals(&Diagram::default()).is_empty());
}

#[test]
fn slugs() {
    assert_eq!(lesson::slug("My S3 lesson!"), "my-s3-lesson");
    assert_eq!(lesson::slug("  --Été → S3--  "), "t-s3");
    assert_eq!(lesson::slug(&"a".repeat(100)).len(), 64);
    assert_eq!(lesson::slug("→"), "lesson");
}

// ------------------------------------------------------------------------------------------ progress

#[test]
fn progress_is_plain_serde_for_local_storage() {
    let l = lesson::builtin_lesson("why-nat").unwrap();
    let mut p = LessonProgress::default();
    for _ in 0..10 {
        p.reveal_hint(&l);
    }
    assert_eq!(p.hints_shown("why-nat"), l.hints.len());
    p.complete("why-nat");
    let text = serde_json::to_string(&p).unwrap();
    assert_eq!(
        text,
        r#"{"completed":["why-nat"],"hints_shown":{"why-nat":3}}"#
    );
    let back: LessonProgress = serde_json::from_str(&text).unwrap();
    assert_eq!(back, p);
    assert!(back.is_completed("why-nat"));
    let empty: LessonProgress = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, LessonProgress::default());
    p.reset("why-nat");
    assert_eq!(p, LessonProgress::default());
}
