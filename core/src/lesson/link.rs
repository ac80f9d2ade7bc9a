//! Lesson links: `#lesson=<id>` for a built-in lesson, `#lesson=v1.<payload>` for any other, where payload =
//! base64url-no-pad(raw-deflate(JSON of the v1 lesson DTO)) — the share codec's byte layer, with its caps.
//!
//! The v1 DTO has short member names: `i` id, `ti` title, `su` summary, `b` behaviours, `st` story, `g` goals
//! (their lesson-file form), `h` hints, `x` explanation, `hd` hide, `d` the starting diagram as a share-link v1
//! DTO ([`crate::share::v1::Doc`]), `so` solution. A decoded lesson is validated like a lesson file.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{Hide, Lesson, LessonError};
use crate::share;

/// The longest lesson link (from `v` on) [`decode_lesson`] reads: the share links' 64 KiB.
pub const MAX_LINK_CHARS: usize = share::MAX_LINK_CHARS;

const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A lesson link that cannot be opened. Messages are for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LessonLinkError {
    #[error("the lesson link is empty")]
    Empty,
    #[error(
        "`{input}` is not a VPC Lab lesson link: expected `#lesson=` and a lesson id or `v1.` data"
    )]
    NotALessonLink { input: String },
    #[error("there is no built-in lesson `{id}`; the lessons are {known}")]
    UnknownLesson { id: String, known: String },
    #[error("unknown lesson-link version `{version}`: this VPC Lab reads v1 (was the link made by a newer VPC Lab?)")]
    UnknownVersion { version: String },
    #[error("the lesson link is {len} characters long; at most {max} are accepted")]
    TooLong { len: usize, max: usize },
    #[error("the lesson link's data is not base64url: {message}")]
    Base64 { message: String },
    #[error("the lesson link's data cannot be decompressed: {message}")]
    Inflate { message: String },
    #[error("the lesson link's data decompresses to more than {max} bytes")]
    TooLarge { max: usize },
    #[error("the lesson link's data is not a v1 lesson: {message}")]
    Json { message: String },
    #[error("the lesson link holds {count} {what}; at most {max} are accepted")]
    TooMany {
        what: &'static str,
        count: usize,
        max: usize,
    },
    /// The link decodes, but the lesson in it is not valid.
    #[error("the lesson in the link is not valid: {}", .errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid { errors: Vec<LessonError> },
}

fn is_empty<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// The v1 lesson-link DTO.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct Doc {
    #[serde(rename = "i")]
    id: String,
    #[serde(rename = "ti")]
    title: String,
    #[serde(rename = "su", skip_serializing_if = "is_empty")]
    summary: String,
    #[serde(rename = "b", skip_serializing_if = "is_empty")]
    behaviours: Vec<String>,
    #[serde(rename = "st", skip_serializing_if = "is_empty")]
    story: Vec<String>,
    #[serde(rename = "g")]
    goals: Vec<Value>,
    #[serde(rename = "h", skip_serializing_if = "is_empty")]
    hints: Vec<String>,
    #[serde(rename = "x", skip_serializing_if = "is_empty")]
    explanation: Vec<String>,
    #[serde(rename = "hd", skip_serializing_if = "is_empty")]
    hide: Value,
    #[serde(rename = "d")]
    diagram: share::v1::Doc,
    #[serde(rename = "so", skip_serializing_if = "is_empty")]
    solution: Value,
}

/// The fragment (without `#`) that opens `lesson`: `lesson=<id>` when it is a built-in lesson unchanged,
/// else `lesson=v1.<payload>`. Deterministic: equal lessons give equal links.
pub fn encode_lesson(lesson: &Lesson) -> String {
    if super::builtin_lesson(&lesson.id).as_ref() == Some(lesson) {
        return format!("lesson={}", lesson.id);
    }
    let hide = if lesson.hide == Hide::default() {
        Value::Null
    } else {
        crate::json::to_value(&lesson.hide).expect("hide always serialises")
    };
    let doc = Doc {
        id: lesson.id.clone(),
        title: lesson.title.clone(),
        summary: lesson.summary.clone(),
        behaviours: lesson.behaviours.clone(),
        story: lesson.story.clone(),
        goals: lesson
            .goals
            .iter()
            .map(|g| crate::json::to_value(g).expect("goals always serialise"))
            .collect(),
        hints: lesson.hints.clone(),
        explanation: lesson.explanation.clone(),
        hide,
        diagram: share::v1::Doc::from_diagram(&lesson.diagram),
        solution: lesson
            .solution
            .as_ref()
            .map(|s| crate::json::to_value(s).expect("a solution always serialises"))
            .unwrap_or(Value::Null),
    };
    let json = crate::json::to_string(&doc).expect("the lesson DTO always serialises");
    let payload = BASE64URL.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9));
    format!("lesson=v1.{payload}")
}

/// The full link: `base_url` without its fragment, then `#` and [`encode_lesson`]'s fragment.
pub fn lesson_link(base_url: &str, lesson: &Lesson) -> String {
    let base = base_url.split('#').next().unwrap_or_default();
    format!("{base}#{}", encode_lesson(lesson))
}

/// The value of `lesson=` in a URL, a fragment or a bare `lesson=…` (up to a following `&`).
fn lesson_param(text: &str) -> Option<&str> {
    let text = text.trim();
    let fragment = text.split_once('#').map_or(text, |(_, f)| f);
    fragment
        .split('&')
        .find_map(|p| p.trim().strip_prefix("lesson="))
}

/// Whether `text` has the shape of a lesson link (`[URL]#lesson=…`): a cheap syntactic test, not a decode.
pub fn is_lesson_link(text: &str) -> bool {
    lesson_param(text).is_some_and(|v| !v.trim().is_empty())
}

/// Opens a lesson link: a full URL, `#lesson=…`, `lesson=…`, or just the value (`why-nat`, `v1.…`).
/// Never panics, whatever the input.
///
/// ```
/// use vpclab_core::lesson::{self, decode_lesson};
/// let l = lesson::builtin_lesson("why-nat").unwrap();
/// assert_eq!(decode_lesson("https://example.org/#lesson=why-nat").unwrap(), l);
///
/// let mut mine = l.clone();
/// mine.id = "my-copy".into();
/// let link = lesson::lesson_link("https://example.org/", &mine);
/// assert!(link.starts_with("https://example.org/#lesson=v1."));
/// assert_eq!(decode_lesson(&link).unwrap(), mine);
/// assert!(decode_lesson("#lesson=nope").unwrap_err().to_string().contains("why-nat"));
/// ```
pub fn decode_lesson(link: &str) -> Result<Lesson, LessonLinkError> {
    let value = lesson_param(link).unwrap_or(link.trim()).trim();
    if value.is_empty() {
        return Err(LessonLinkError::Empty);
    }
    if value.len() > MAX_LINK_CHARS {
        return Err(LessonLinkError::TooLong {
            len: value.chars().count(),
            max: MAX_LINK_CHARS,
        });
    }
    let Some((version, payload)) = split_version(value) else {
        if value.contains(['/', '#', '.', '=', ' ']) {
            return Err(LessonLinkError::NotALessonLink {
                input: super::excerpt(value),
            });
        }
        return super::builtin_lesson(value).ok_or_else(|| LessonLinkError::UnknownLesson {
            id: super::excerpt(value),
            known: super::builtin_ids().join(", "),
        });
    };
    if version != "1" {
        return Err(LessonLinkError::UnknownVersion {
            version: format!("v{}", super::excerpt(version)),
        });
    }
    let deflated = BASE64URL
        .decode(payload)
        .map_err(|e| LessonLinkError::Base64 {
            message: base64_message(e),
        })?;
    let max = share::MAX_INFLATED_BYTES;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, max).map_err(|e| match e
            .status
        {
            TINFLStatus::HasMoreOutput => LessonLinkError::TooLarge { max },
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                LessonLinkError::Inflate {
                    message: "the compressed data ends too early (was the link cut off?)".into(),
                }
            }
            _ => LessonLinkError::Inflate {
                message: "the compressed data is corrupt".into(),
            },
        })?;
    if let Err(message) = crate::json::utf8_text(&json) {
        return Err(LessonLinkError::Json { message });
    }
    if json.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(LessonLinkError::Json {
            message: "expected a JSON object".into(),
        });
    }
    let doc: Doc = crate::json::from_slice(&json).map_err(|e| LessonLinkError::Json {
        message: crate::json::message(&e),
    })?;
    let checks = [
        (
            "resources",
            doc.diagram.topology.object_count(),
            share::MAX_OBJECTS,
        ),
        ("flows", doc.diagram.flows.len(), share::MAX_FLOWS),
        (
            "layout positions",
            doc.diagram.layout.len(),
            share::MAX_POSITIONS,
        ),
        ("goals", doc.goals.len(), super::MAX_GOALS),
        ("hints", doc.hints.len(), super::MAX_HINTS),
    ];
    for (what, count, max) in checks {
        if count > max {
            return Err(LessonLinkError::TooMany { what, count, max });
        }
    }
    let (mut diagram, _dangling) = doc.diagram.into_diagram();
    if diagram
        .selected_flow
        .is_some_and(|i| i >= diagram.flows.len())
    {
        diagram.selected_flow = None;
    }
    let mut file = json!({
        "id": doc.id,
        "title": doc.title,
        "summary": doc.summary,
        "behaviours": doc.behaviours,
        "story": doc.story,
        "diagram": crate::json::to_value(&diagram).expect("a diagram always serialises"),
        "goals": doc.goals,
        "hints": doc.hints,
        "explanation": doc.explanation,
    });
    if !doc.hide.is_null() {
        file["hide"] = doc.hide;
    }
    if !doc.solution.is_null() {
        file["solution"] = doc.solution;
    }
    Lesson::from_value(file).map_err(|errors| LessonLinkError::Invalid { errors })
}

/// `v12.payload` → `("12", "payload")`.
fn split_version(value: &str) -> Option<(&str, &str)> {
    let rest = value.strip_prefix('v')?;
    let (digits, payload) = rest.split_once('.')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some((digits, payload))
}

fn base64_message(e: base64::DecodeError) -> String {
    use base64::DecodeError::*;
    match e {
        InvalidByte(offset, byte) => format!(
            "unexpected character `{}` at position {} of the data",
            (byte as char).escape_default(),
            offset + 1
        ),
        InvalidLastSymbol(_, _) | InvalidLength(_) => {
            "the data ends too early (was the link cut off?)".into()
        }
        InvalidPadding => "misplaced `=` padding".into(),
    }
}
