//! What is this text? The one decision every face makes before opening an input (the CLI's SNAPSHOT file, the
//! web's Import dialog and paste box, the JS API's topology arguments): a share link, a lesson link, a VPC Lab
//! diagram or topology, or `aws ec2 describe-*` output.
//!
//! Rules, in order, on the first JSON document of the text (pasted pages of describe output may follow it):
//!
//! 1. not JSON: a lesson link, a share link, or [`InputKind::NotJson`];
//! 2. an object with a `topology` object → [`InputKind::Diagram`];
//! 3. anything the AWS importer recognises (a `describe-*` key, an output it reads but ignores, bare items) →
//!    [`InputKind::AwsOutput`];
//! 4. `{}` or an object with at least one member of [`crate::model::Topology`] → [`InputKind::Topology`], its
//!    other keys listed as unknown;
//! 5. an object with a capitalised key holding a list or object (`{"AvailabilityZones": […]}`: an output of a
//!    command the importer does not read) → [`InputKind::AwsOutput`]: the importer warns about its keys;
//! 6. any other object → [`InputKind::Topology`] with every key unknown: an empty topology and one warning per
//!    key (cli-contract: "unknown keys and fields are ignored with a warning, never a failure");
//! 7. anything else (a number, a list of something else) → [`InputKind::Other`].
//!
//! ```
//! use vpclab_core::import::classify::{classify, InputKind};
//!
//! assert_eq!(classify(r#"{"Vpcs": []}"#), InputKind::AwsOutput);
//! assert_eq!(classify(r#"{"FlowLogs": []}"#), InputKind::AwsOutput);
//! assert_eq!(
//!     classify(r#"{"vpcs": [], "colour": 1}"#),
//!     InputKind::Topology { unknown_keys: vec!["colour".into()], any_known: true }
//! );
//! assert_eq!(classify("#v1.abc"), InputKind::ShareLink);
//! ```

use serde::de::{self, Deserialize, Visitor};
use serde_json::{Map, Value};

use crate::model::Topology;
use crate::Diagnostic;

/// The code of the warning for an unknown top-level key of a topology.
pub const TOPOLOGY_UNKNOWN_KEY: &str = "TOPOLOGY_UNKNOWN_KEY";

/// What a text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// Blank text.
    Empty,
    /// A share link (`#v1.…`, `v1.…`, or a URL ending in one): `share::decode`.
    ShareLink,
    /// A lesson link (`#lesson=…`, `lesson=…`, or a URL with one): `lesson::decode_lesson`.
    LessonLink,
    /// A VPC Lab diagram: an object with a `topology` object.
    Diagram,
    /// The project's topology JSON; `unknown_keys` are top-level keys the model does not have (warnings, see
    /// [`unknown_key_warnings`]); `any_known` is false when the object has keys and none is a topology member
    /// (it reads as an empty topology: a face that would replace the user's work with it may refuse it instead).
    Topology {
        unknown_keys: Vec<String>,
        any_known: bool,
    },
    /// `aws ec2 describe-*` output: `import::aws_cli::import_documents`.
    AwsOutput,
    /// Text that is neither JSON nor a link: the JSON error of its first document, and its position.
    NotJson {
        message: String,
        line: usize,
        column: usize,
    },
    /// JSON that is none of the above: what it holds ("a JSON number", "a JSON list of something else").
    Other { what: String },
}

/// Classify a text (see the module's rules).
pub fn classify(text: &str) -> InputKind {
    let t = text.trim().trim_start_matches('\u{feff}').trim_start();
    if t.is_empty() {
        return InputKind::Empty;
    }
    if !t.starts_with(['{', '[', '"']) && !t.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        if crate::lesson::is_lesson_link(t) || t.starts_with("lesson=") {
            return InputKind::LessonLink;
        }
        if crate::share::is_link(t) {
            return InputKind::ShareLink;
        }
    }
    match serde_json::Deserializer::from_str(t)
        .into_iter::<Value>()
        .next()
    {
        Some(Ok(value)) => classify_value(&value),
        Some(Err(e)) => InputKind::NotJson {
            message: crate::json::message_without_position(&e),
            line: e.line(),
            column: e.column(),
        },
        None => InputKind::Empty,
    }
}

/// Classify a parsed JSON value (rules 2–7).
pub fn classify_value(value: &Value) -> InputKind {
    if let Value::Object(map) = value {
        if matches!(map.get("topology"), Some(Value::Object(_))) {
            return InputKind::Diagram;
        }
    }
    if super::aws_cli::recognises(value) {
        return InputKind::AwsOutput;
    }
    match value {
        Value::Object(map) => {
            let members = topology_members();
            let unknown: Vec<String> = map
                .keys()
                .filter(|k| !members.contains(&k.as_str()))
                .cloned()
                .collect();
            let any_known = unknown.len() < map.len() || map.is_empty();
            if any_known || !looks_like_aws(map) {
                InputKind::Topology {
                    unknown_keys: unknown,
                    any_known,
                }
            } else {
                InputKind::AwsOutput
            }
        }
        Value::Array(_) => InputKind::Other {
            what: "a JSON list of something else".to_string(),
        },
        other => InputKind::Other {
            what: format!("a JSON {}", super::aws_cli::detect::json_type(other)),
        },
    }
}

/// An output of a command the importer does not read: a capitalised key holding a list or an object.
fn looks_like_aws(map: &Map<String, Value>) -> bool {
    map.iter().any(|(k, v)| {
        k.starts_with(|c: char| c.is_ascii_uppercase())
            && matches!(v, Value::Array(_) | Value::Object(_))
    })
}

/// One `TOPOLOGY_UNKNOWN_KEY` warning per key, naming where the key was (`label`: a file, an argument).
pub fn unknown_key_warnings(label: &str, keys: &[String]) -> Vec<Diagnostic> {
    keys.iter()
        .map(|k| {
            Diagnostic::warning(
                TOPOLOGY_UNKNOWN_KEY,
                label,
                k.as_str(),
                format!("unknown top-level key `{k}` in `{label}` ignored"),
            )
        })
        .collect()
}

/// The top-level members of the topology JSON, read from the model's own `Deserialize` (so they never drift).
pub fn topology_members() -> &'static [&'static str] {
    struct_members::<Topology>()
}

/// The member names of a struct, read from its own `Deserialize`.
pub fn struct_members<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields = None;
    let _ = T::deserialize(FieldProbe(&mut fields));
    fields.unwrap_or(&[])
}

/// A deserializer that only records the field list serde hands to `deserialize_struct`.
struct FieldProbe<'a>(&'a mut Option<&'static [&'static str]>);

#[derive(Debug)]
struct ProbeDone;

impl std::fmt::Display for ProbeDone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("probe done")
    }
}

impl std::error::Error for ProbeDone {}

impl de::Error for ProbeDone {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        ProbeDone
    }
}

impl<'de> de::Deserializer<'de> for FieldProbe<'_> {
    type Error = ProbeDone;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ProbeDone> {
        Err(ProbeDone)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, ProbeDone> {
        *self.0 = Some(fields);
        Err(ProbeDone)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topo(keys: &[&str], any_known: bool) -> InputKind {
        InputKind::Topology {
            unknown_keys: keys.iter().map(|k| k.to_string()).collect(),
            any_known,
        }
    }

    #[test]
    fn members_come_from_the_model() {
        let m = topology_members();
        for f in [
            "vpcs",
            "subnets",
            "route_tables",
            "dhcp_options",
            "region",
            "name",
        ] {
            assert!(m.contains(&f), "{f} missing from {m:?}");
        }
    }

    #[test]
    fn every_kind_of_input() {
        assert_eq!(classify("  \n"), InputKind::Empty);
        assert_eq!(classify("\u{feff}{}"), topo(&[], true));
        assert_eq!(
            classify(r#"{"topology": {"vpcs": []}, "flows": []}"#),
            InputKind::Diagram
        );
        assert_eq!(
            classify(r#"{"name": "x", "Colour": 1}"#),
            topo(&["Colour"], true)
        );
        assert_eq!(classify(r#"{"colour": 1}"#), topo(&["colour"], false));
        assert_eq!(
            classify(r#"{"Vpcs": [{"VpcId": "vpc-1"}]}"#),
            InputKind::AwsOutput
        );
        assert_eq!(
            classify(r#"[{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]"#),
            InputKind::AwsOutput
        );
        // Outputs the importer ignores or does not know are still describe output: warnings, not a refusal.
        assert_eq!(classify(r#"{"FlowLogs": []}"#), InputKind::AwsOutput);
        assert_eq!(
            classify(r#"{"AvailabilityZones": [{"ZoneName": "a"}]}"#),
            InputKind::AwsOutput
        );
        assert_eq!(
            classify("[1, 2]"),
            InputKind::Other {
                what: "a JSON list of something else".into()
            }
        );
        assert_eq!(
            classify("42"),
            InputKind::Other {
                what: "a JSON number".into()
            }
        );
        assert_eq!(classify("#v1.abc"), InputKind::ShareLink);
        assert_eq!(
            classify("https://example.org/vpclab/#v1.abc"),
            InputKind::ShareLink
        );
        assert_eq!(classify("#lesson=why-nat"), InputKind::LessonLink);
        assert!(matches!(
            classify("{\"vpcs\": [}"),
            InputKind::NotJson {
                line: 1,
                column: 11,
                ..
            }
        ));
        assert!(matches!(classify("hello"), InputKind::NotJson { .. }));
    }

    #[test]
    fn unknown_keys_are_warnings_naming_the_label() {
        let d = unknown_key_warnings("a.json", &["x".to_string()]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, TOPOLOGY_UNKNOWN_KEY);
        assert_eq!(d[0].field, "x");
        assert!(d[0].message.contains("a.json"), "{}", d[0].message);
    }
}
