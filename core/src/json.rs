//! The one way in and out of JSON for the engine and the UI.
//!
//! serde generates a type's (de)serialisation code once per serde_json reader and writer it is used with: `&str`,
//! `&[u8]`, [`Value`], the compact and the pretty writer each get their own copy of every model type's code. In
//! the browser build those copies were a third of the wasm (BENCHMARKS.md §3). Everything goes through here
//! instead, so each type has exactly one reader (`&str`) and one writer (compact text):
//!
//! * [`from_str`] / [`to_string`] — the two paths every type uses;
//! * [`from_slice`], [`from_value`], [`to_value`], [`to_string_pretty`] — built on those two (through text and
//!   [`pretty`]), never on serde_json's own `from_slice` / `from_value` / `to_value` / `to_string_pretty`.
//!
//! The detours through text cost microseconds on the engine's inputs, none of which is on a hot path.
//! `core/tests/json_paths.rs` checks the equivalences (pretty output, error messages) against serde_json.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

pub use serde_json::Error;

/// Parse a value of type `T` from JSON text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text)
}

/// Parse a value of type `T` from JSON bytes (UTF-8).
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => from_str(text),
        Err(e) => Err(<Error as serde::de::Error>::custom(format_args!(
            "invalid UTF-8 at byte {}",
            e.valid_up_to()
        ))),
    }
}

/// Compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value)
}

/// Pretty JSON text, exactly as `serde_json::to_string_pretty` writes it (two-space indent).
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    to_string(value).map(|compact| pretty(&compact))
}

/// The value as a JSON [`Value`] (through its compact text).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    from_str(&to_string(value)?)
}

/// A value of type `T` from a JSON [`Value`] (through its compact text). Errors carry serde's message without a
/// position: a line and column of text the caller never saw would only mislead.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    let text = value.to_string();
    from_str(&text).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => &message[..i],
            None => &message,
        };
        <Error as serde::de::Error>::custom(message)
    })
}

/// Re-indent compact JSON text (as written by [`to_string`]) the way serde_json's pretty printer does: two
/// spaces per level, `": "` after keys, empty arrays and objects as `[]` and `{}`. Text that is not compact JSON
/// comes out with its characters unchanged, only differently spaced.
pub fn pretty(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() + compact.len() / 2);
    let mut depth = 0usize;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' => {
                // Copy the string literal whole, escapes included.
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                out.push_str(&compact[start..i]);
                continue;
            }
            b'{' | b'[' => {
                let close = if c == b'{' { b'}' } else { b']' };
                if bytes.get(i + 1) == Some(&close) {
                    out.push(c as char);
                    out.push(close as char);
                    i += 2;
                    continue;
                }
                out.push(c as char);
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            _ => {
                // Numbers, literals and any other run up to the next structural character: copied as they are.
                let start = i;
                while i < bytes.len()
                    && !matches!(bytes[i], b'"' | b'{' | b'[' | b'}' | b']' | b',' | b':')
                {
                    i += 1;
                }
                out.push_str(&compact[start..i]);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// How deep `[` and `{` may nest in any JSON VPC Lab reads: `serde_json`'s recursion limit.
pub const MAX_DEPTH: usize = 128;

/// A JSON error as the user reads it: serde_json's message with its position, the recursion limit said in
/// words ("nested more than 128 levels deep").
///
/// ```
/// let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
/// let e = vpclab_core::json::from_str::<serde_json::Value>(&deep).unwrap_err();
/// assert_eq!(
///     vpclab_core::json::message(&e),
///     "nested more than 128 levels deep (at most 128 levels of `[` and `{` are read) at line 1 column 128"
/// );
/// ```
pub fn message(e: &Error) -> String {
    plain(&e.to_string())
}

/// [`message`] without serde_json's " at line L column C" (for callers that report the position themselves).
pub fn message_without_position(e: &Error) -> String {
    let full = message(e);
    match full.rsplit_once(" at line ") {
        Some((head, _)) => head.to_string(),
        None => full,
    }
}

/// [`message`] for a message already made text.
pub fn plain(message: &str) -> String {
    message.replace(
        "recursion limit exceeded",
        &format!(
            "nested more than {MAX_DEPTH} levels deep (at most {MAX_DEPTH} levels of `[` and `{{` are read)"
        ),
    )
}

/// Bytes meant to be JSON text (a file, a link's inflated data) as `&str`, or why they are not, as a clause
/// for the user that names the byte offset: a UTF-16 byte-order mark, a NUL byte (binary data, or UTF-16 text
/// without a byte-order mark), or the first byte that is not UTF-8. A UTF-8 byte-order mark is skipped.
///
/// ```
/// use vpclab_core::json::utf8_text;
/// assert_eq!(utf8_text(b"\xef\xbb\xbf{}"), Ok("{}"));
/// assert!(utf8_text(b"{\"a\": \"\xff\"}").unwrap_err().contains("byte 0xFF at offset 7"));
/// assert!(utf8_text(b"\xff\xfe{\0}\0").unwrap_err().contains("UTF-16"));
/// assert!(utf8_text(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err().starts_with("it is not text"));
/// ```
pub fn utf8_text(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Some(order) = utf16_bom(bytes) {
        return Err(format!(
            "it is UTF-16 text ({order} byte-order mark at offset 0), not UTF-8"
        ));
    }
    if let Some(order) = utf16_without_bom(bytes) {
        return Err(format!(
            "it looks like UTF-16 text ({order}, without a byte-order mark: a NUL byte beside every character), not UTF-8"
        ));
    }
    let binary = looks_binary(bytes);
    if let Some(i) = bytes.iter().position(|b| *b == 0) {
        return Err(format!(
            "it is not text (binary data?): it holds a NUL byte at offset {i}"
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let what = if binary {
            "it is not text (binary data?)"
        } else {
            "it is not UTF-8 text"
        };
        format!(
            "{what}: byte 0x{:02X} at offset {at} is not valid UTF-8",
            bytes[at]
        )
    })
}

/// A file's bytes as text: UTF-8 (with or without a byte-order mark) or UTF-16 (little- or big-endian, with a
/// byte-order mark, or without one when every other byte of its start is NUL, as ASCII JSON in UTF-16 is).
/// Anything else is refused with [`utf8_text`]'s reason; UTF-16 with a broken surrogate pair names its offset.
///
/// ```
/// use vpclab_core::json::decode_text;
/// let le: Vec<u8> = "\u{feff}{\"vpcs\": []}".encode_utf16().flat_map(u16::to_le_bytes).collect();
/// assert_eq!(decode_text(&le).unwrap(), "{\"vpcs\": []}");
/// let be: Vec<u8> = "{}".encode_utf16().flat_map(u16::to_be_bytes).collect();
/// assert_eq!(decode_text(&be).unwrap(), "{}");
/// assert!(decode_text(b"\x00\x01\x02\x03binary").is_err());
/// ```
pub fn decode_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, String> {
    let (body, big_endian) = match (utf16_bom(bytes), utf16_without_bom(bytes)) {
        (Some(order), _) => (&bytes[2..], order == "big-endian"),
        (None, Some(order)) => (bytes, order == "big-endian"),
        (None, None) => return utf8_text(bytes).map(std::borrow::Cow::Borrowed),
    };
    if body.len() % 2 == 1 {
        return Err(format!(
            "it is UTF-16 text that ends in half a character (an odd number of bytes: {})",
            bytes.len()
        ));
    }
    let units = body.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    let mut at = bytes.len() - body.len();
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                out.push(c);
                at += c.len_utf16() * 2;
            }
            Err(e) => {
                return Err(format!(
                    "it is UTF-16 text with a broken character: 0x{:04X} at offset {at} is half of a surrogate pair",
                    e.unpaired_surrogate()
                ))
            }
        }
    }
    if let Some(i) = out.find('\0') {
        return Err(format!(
            "it is not text (binary data?): it holds a NUL character at character {i} of its UTF-16 text"
        ));
    }
    Ok(std::borrow::Cow::Owned(out))
}

fn utf16_bom(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xff, 0xfe, ..] => Some("little-endian"),
        [0xfe, 0xff, ..] => Some("big-endian"),
        _ => None,
    }
}

/// ASCII text in UTF-16: of its first (up to) 64 two-byte units, every one has a zero byte on the same side and
/// a non-zero one on the other.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(128)];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.chunks_exact(2);
    if pairs.clone().all(|p| p[0] != 0 && p[1] == 0) {
        Some("little-endian")
    } else if pairs.clone().all(|p| p[0] == 0 && p[1] != 0) {
        Some("big-endian")
    } else {
        None
    }
}

/// More than one in 16 of the first 4 KiB are control bytes that text never holds (not tab, newline, carriage
/// return, form feed or escape).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    control * 16 > head.len()
}
