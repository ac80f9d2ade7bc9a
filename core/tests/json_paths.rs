//! `vpclab_core::json`, the one JSON path: its detours (pretty through re-indenting, `Value` through text) give
//! exactly what serde_json's own functions give.

use proptest::prelude::*;
use serde_json::{json, Value};
use vpclab_core::diagram::Diagram;
use vpclab_core::{gallery, json};

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        // Quotes, backslashes, structural characters and non-ASCII inside strings.
        "[a-z\"\\\\{}\\[\\]:, é\\n\u{1F600}]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z:\",{}]{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn pretty_matches_serde_json(v in arb_value()) {
        prop_assert_eq!(json::to_string_pretty(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn value_round_trips_through_text(v in arb_value()) {
        prop_assert_eq!(json::to_value(&v).unwrap(), v.clone());
        prop_assert_eq!(json::from_value::<Value>(&v).unwrap(), v);
    }
}

#[test]
fn every_gallery_diagram_takes_the_same_path_as_serde_json() {
    for ex in gallery::examples() {
        let d = &ex.diagram;
        assert_eq!(
            json::to_string_pretty(d).unwrap(),
            serde_json::to_string_pretty(d).unwrap(),
            "{}",
            ex.id
        );
        let v = serde_json::to_value(d).unwrap();
        assert_eq!(json::to_value(d).unwrap(), v, "{}", ex.id);
        assert_eq!(&json::from_value::<Diagram>(&v).unwrap(), d, "{}", ex.id);
        let bytes = serde_json::to_vec(d).unwrap();
        assert_eq!(
            &json::from_slice::<Diagram>(&bytes).unwrap(),
            d,
            "{}",
            ex.id
        );
    }
}

#[test]
fn errors_from_a_value_name_the_problem_without_a_text_position() {
    let err = json::from_value::<Diagram>(&json!({"topology": {"vpcs": [{"id": 7}]}})).unwrap_err();
    let direct =
        serde_json::from_value::<Diagram>(json!({"topology": {"vpcs": [{"id": 7}]}})).unwrap_err();
    assert_eq!(err.to_string(), direct.to_string());
    assert!(!err.to_string().contains(" at line "), "{err}");
    assert!(err.to_string().contains("expected a string"), "{err}");
}

#[test]
fn bytes_that_are_not_utf8_are_an_error_not_a_panic() {
    let err = json::from_slice::<Value>(b"{\"a\": \"\xff\"}").unwrap_err();
    assert!(err.to_string().contains("invalid UTF-8 at byte 7"), "{err}");
}

/// The invariant itself: outside `json.rs` (and tests), the engine and the UI never call serde_json's other
/// entry points, each of which would add its own copy of every type's serde code to the browser build.
#[test]
fn no_second_json_path_in_the_engine_or_the_ui() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let banned = [
        "serde_json::from_value(",
        "serde_json::from_value::<",
        "serde_json::to_value(",
        "serde_json::from_slice(",
        "serde_json::from_slice::<",
        "serde_json::from_reader(",
        "serde_json::to_vec(",
        "serde_json::to_vec_pretty(",
        "serde_json::to_writer",
        "serde_json::to_string_pretty(",
    ];
    let mut offenders = Vec::new();
    let mut stack = vec![root.join("core/src"), root.join("web/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if path.is_dir() {
                if name != "tests" {
                    stack.push(path);
                }
                continue;
            }
            if !name.ends_with(".rs") || name == "json.rs" || name == "tests.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            // A file's own unit tests may use serde_json directly.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                if !line.trim_start().starts_with("//") && banned.iter().any(|b| line.contains(b)) {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "use vpclab_core::json instead:\n{}",
        offenders.join("\n")
    );
}
