//! The JS API's arguments, decoded: JSON texts (what the shims in `api.rs` get from `JSON.stringify`) → the
//! topology or diagram, flow, files, region hint and audit options the calls use, or an [`ApiError`] naming the
//! argument (`field`). Plain Rust with no browser dependency, so the fuzz crate compiles this very file
//! (`fuzz/src/lib.rs`, target `js_api`) and feeds it arbitrary text.

use serde::Serialize;
use serde_json::{Map, Value};
use vpclab_core::diagram::Diagram;
use vpclab_core::import::classify::{
    classify_value, struct_members, topology_members, unknown_key_warnings, InputKind,
};
use vpclab_core::import::ImportError;
use vpclab_core::share::{self, ShareDecodeError};
use vpclab_core::{Diagnostic, FlowSpec, Topology};

/// Why a call gave no answer: a stable `code` (see [`codes`]), a message for people and, when one argument or
/// member is to blame, its path (`flow.port`, `files[1].text`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_string(),
            message: message.into(),
            field: None,
        }
    }

    pub fn at(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }
}

/// The `code`s of [`ApiError`]. Share-link and import failures keep the names of their causes in core.
pub mod codes {
    /// An argument of the wrong type or shape (`field` names it).
    pub const BAD_ARGUMENT: &str = "API_BAD_ARGUMENT";
    /// An object passed as a topology that holds none of the topology's members.
    pub const NOT_A_TOPOLOGY: &str = "API_NOT_A_TOPOLOGY";
    /// A flow whose source, destination or protocol names nothing (`field` is `flow.from`, `flow.to`, …).
    pub const FLOW: &str = "FLOW_INVALID";
    /// A share link that cannot be decoded (`share::ShareDecodeError`).
    pub const SHARE: &str = "SHARE_INVALID";
    /// An import text that is not JSON (`field` is `files[i].text`).
    pub const IMPORT_JSON: &str = "IMPORT_NOT_JSON";
    /// No `aws ec2 describe-*` output among the documents.
    pub const IMPORT_NOTHING: &str = "IMPORT_NOTHING_RECOGNISED";
    /// The answer could not be handed to JavaScript (a bug).
    pub const INTERNAL: &str = "API_INTERNAL";
}

/// The audit's options: `{gb_per_month?, services?, region?}` (as `vpclab audit`'s flags); `null` for the
/// defaults.
pub fn audit_options(text: &str) -> Result<vpclab_core::audit::AuditOptions, ApiError> {
    let v = parse(text, "options")?;
    if v.is_null() {
        return Ok(Default::default());
    }
    vpclab_core::json::from_value(&v).map_err(|e| invalid("options", "audit options", &e, false))
}

/// A topology argument, read leniently: a topology object; a diagram object (`{topology, layout?, flows?,
/// selected_flow?}`, e.g. a gallery example's `diagram` or `decodeLink`'s); a share link; or the JSON text of a
/// topology or diagram. Returns the diagram and the findings of decoding a link.
///
/// `text` is the argument's JSON; objects are read straight from it (the model's own `serde_json` code).
pub fn diagram_arg(text: &str, field: &str) -> Result<(Diagram, Vec<Diagnostic>), ApiError> {
    diagram_from(text, field, false)
}

/// `nested`: `text` is the user's own JSON text (inside a string argument), whose line and column mean something.
pub fn diagram_from(
    text: &str,
    field: &str,
    nested: bool,
) -> Result<(Diagram, Vec<Diagnostic>), ApiError> {
    match parse(text, field)? {
        Value::String(inner) if !nested && share::is_link(&inner) => {
            share::decode(&inner).map_err(|e| share_error(e).at(field))
        }
        Value::String(inner) if !nested && matches!(parse(&inner, field), Ok(Value::Object(_))) => {
            diagram_from(&inner, field, true)
        }
        Value::Object(map) if map.contains_key("topology") => {
            let findings = match &map["topology"] {
                Value::Object(inner) => topology_keys(inner, &format!("{field}.topology"))?,
                _ => Vec::new(), // serde says what is wrong with it
            };
            let diagram = vpclab_core::json::from_str::<Diagram>(text)
                .map_err(|e| invalid(field, "diagram", &e, nested))?;
            Ok((diagram, findings))
        }
        Value::Object(map) => {
            let findings = topology_keys(&map, field)?;
            let topology = vpclab_core::json::from_str::<Topology>(text)
                .map_err(|e| invalid(field, "topology", &e, nested))?;
            Ok((Diagram::of(topology), findings))
        }
        Value::String(_) => Err(ApiError::new(
            codes::BAD_ARGUMENT,
            format!("`{field}` is a string but neither a share link (`v1.…`) nor the JSON text of a topology"),
        )
        .at(field)),
        other => Err(wrong_type(
            field,
            "a topology or diagram object, its JSON text or a share link",
            &other,
        )),
    }
}

/// JSON text as a value. The shims always pass valid JSON; a native caller may not.
pub fn parse(text: &str, field: &str) -> Result<Value, ApiError> {
    vpclab_core::json::from_str(text).map_err(|e| {
        ApiError::new(codes::BAD_ARGUMENT, format!("`{field}` is not JSON: {e}")).at(field)
    })
}

/// Unknown top-level keys of a topology object, as warnings (`vpclab check` reports them the same way); an error
/// when no key at all is a topology member (e.g. `{"Vpcs": …}`), since that would read as an empty topology. What
/// the object is, is the core's decision (`import::classify`).
pub fn topology_keys(map: &Map<String, Value>, field: &str) -> Result<Vec<Diagnostic>, ApiError> {
    let unknown = match classify_value(&Value::Object(map.clone())) {
        InputKind::Topology {
            unknown_keys,
            any_known: true,
        } => return Ok(unknown_key_warnings(field, &unknown_keys)),
        InputKind::Topology { unknown_keys, .. } => unknown_keys,
        InputKind::AwsOutput => {
            let keys: Vec<String> = map.keys().take(6).map(|k| format!("`{k}`")).collect();
            return Err(ApiError::new(
                codes::NOT_A_TOPOLOGY,
                format!(
                    "`{field}` holds no VPC Lab topology: its keys {} look like `aws ec2 describe-*` output: pass it to `importAws` first",
                    keys.join(", ")
                ),
            )
            .at(field));
        }
        // A diagram where a topology was expected: its keys are not topology members.
        _ => map
            .keys()
            .filter(|k| !topology_members().contains(&k.as_str()))
            .cloned()
            .collect(),
    };
    if unknown.len() < map.len() {
        return Ok(unknown_key_warnings(field, &unknown));
    }
    let keys: Vec<String> = unknown.iter().take(6).map(|k| format!("`{k}`")).collect();
    Err(ApiError::new(
        codes::NOT_A_TOPOLOGY,
        format!(
            "`{field}` holds no VPC Lab topology: its keys are {}, expected members such as `vpcs` and `subnets`",
            keys.join(", ")
        ),
    )
    .at(field))
}

/// The member names of a struct, read from its own `Deserialize` (the core's probe, shared with the CLI).
pub fn members<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    struct_members::<T>()
}

/// A flow argument. Strict about member names: `gbPerMonth` would otherwise be ignored in silence.
pub fn flow_arg(text: &str) -> Result<FlowSpec, ApiError> {
    let value = parse(text, "flow")?;
    let Value::Object(map) = &value else {
        return Err(wrong_type("flow", "a flow object `{from, to, …}`", &value));
    };
    // `FlowSpec`'s members, plus a diagram flow's `label`.
    let known = |k: &str| k == "label" || members::<FlowSpec>().contains(&k);
    if let Some(unknown) = map.keys().find(|k| !known(k)) {
        return Err(ApiError::new(
            codes::BAD_ARGUMENT,
            format!(
                "unknown member `{unknown}` of `flow`: expected {}",
                members::<FlowSpec>()
                    .iter()
                    .chain(&["label"])
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .at(format!("flow.{unknown}")));
    }
    for required in ["from", "to"] {
        if !map.get(required).is_some_and(Value::is_string) {
            return Err(ApiError::new(
                codes::BAD_ARGUMENT,
                format!("`flow.{required}` is required and must be a string"),
            )
            .at(format!("flow.{required}")));
        }
    }
    // A protocol number is as good as its name (`6` = `"6"` = `"tcp"`).
    let mut map = map.clone();
    if let Some(n @ Value::Number(_)) = map.get("protocol") {
        let text = n.to_string();
        map.insert("protocol".into(), Value::String(text));
    }
    let flow = vpclab_core::json::from_value::<FlowSpec>(&Value::Object(map))
        .map_err(|e| invalid("flow", "flow", &e, true))?;
    if let Some(gb) = flow.gb_per_month {
        if !(gb >= 0.0 && gb.is_finite()) {
            return Err(ApiError::new(
                codes::BAD_ARGUMENT,
                format!("`flow.gb_per_month` must be a number of GB, 0 or more; got {gb}"),
            )
            .at("flow.gb_per_month"));
        }
    }
    Ok(flow)
}

/// The `files` of `importAws` as (label, text) pairs.
pub fn files_arg(value: &Value) -> Result<Vec<(String, String)>, ApiError> {
    match value {
        Value::String(text) => Ok(vec![("input.json".to_string(), text.clone())]),
        Value::Array(files) if !files.is_empty() => files
            .iter()
            .enumerate()
            .map(|(i, file)| {
                let name = file.get("name").and_then(Value::as_str);
                let text = file.get("text").and_then(Value::as_str);
                match (name, text) {
                    (Some(name), Some(text)) => Ok((name.to_string(), text.to_string())),
                    _ => Err(ApiError::new(
                        codes::BAD_ARGUMENT,
                        format!("`files[{i}]` must be `{{name, text}}` with two strings (text: the JSON a `describe-*` command printed)"),
                    )
                    .at(format!("files[{i}]"))),
                }
            })
            .collect(),
        other => Err(wrong_type(
            "files",
            "a non-empty array of `{name, text}` or one string",
            other,
        )),
    }
}

/// An optional string argument: `undefined`/`null` is none.
pub fn optional_string(value: &Value, field: &str) -> Result<Option<String>, ApiError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(wrong_type(field, "a string", other)),
    }
}

pub fn wrong_type(field: &str, expected: &str, got: &Value) -> ApiError {
    let got = match got {
        Value::Null => "nothing (null or undefined)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    ApiError::new(
        codes::BAD_ARGUMENT,
        format!("`{field}` must be {expected}; got {got}"),
    )
    .at(field)
}

/// `keep_position`: the error's line and column point into text the user wrote, not into `JSON.stringify`'s.
pub fn invalid(field: &str, what: &str, e: &serde_json::Error, keep_position: bool) -> ApiError {
    let message = if keep_position {
        vpclab_core::json::message(e)
    } else {
        vpclab_core::json::message_without_position(e)
    };
    ApiError::new(
        codes::BAD_ARGUMENT,
        format!("`{field}` is not a valid VPC Lab {what}: {message}"),
    )
    .at(field)
}

pub fn share_error(e: ShareDecodeError) -> ApiError {
    ApiError::new(codes::SHARE, e.to_string())
}

pub fn import_error(e: ImportError, docs: &[(String, String)]) -> ApiError {
    match &e {
        ImportError::Json { file, .. } => {
            let error = ApiError::new(codes::IMPORT_JSON, e.to_string());
            match docs.iter().position(|(label, _)| label == file) {
                Some(i) => error.at(format!("files[{i}].text")),
                None => error.at("files"),
            }
        }
        ImportError::NothingRecognised { .. } => {
            ApiError::new(codes::IMPORT_NOTHING, e.to_string()).at("files")
        }
        _ => ApiError::new(codes::IMPORT_NOTHING, e.to_string()).at("files"),
    }
}
