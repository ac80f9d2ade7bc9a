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
