//! Autosave: the diagram in `localStorage`, written a moment after the last change and read back on start.
//!
//! The saved text is `{"format": "vpclab-autosave", "version": 1, "diagram": <Diagram JSON>}`; anything else
//! (another version, broken JSON, a full or disabled storage) is ignored, never fatal.

use serde::{Deserialize, Serialize};
use vpclab_core::diagram::Diagram;

/// The `localStorage` key of the autosaved diagram.
pub const KEY: &str = "vpclab.autosave";
/// The `localStorage` key of the chosen colour theme (`light` or `dark`; absent = follow the system).
pub const THEME_KEY: &str = "vpclab.theme";
/// How long after the last change the diagram is written, in milliseconds.
pub const DEBOUNCE_MS: u32 = 400;

const FORMAT: &str = "vpclab-autosave";
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Saved<D> {
    format: String,
    version: u32,
    diagram: D,
}

/// The text saved for `diagram`.
pub fn encode(diagram: &Diagram) -> String {
    vpclab_core::json::to_string(&Saved {
        format: FORMAT.to_string(),
        version: VERSION,
        diagram,
    })
    .unwrap_or_default()
}

/// The diagram in a saved text, if it is one this version can read.
pub fn decode(text: &str) -> Option<Diagram> {
    let saved: Saved<Diagram> = vpclab_core::json::from_str(text).ok()?;
    (saved.format == FORMAT && saved.version == VERSION).then_some(saved.diagram)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The autosaved diagram, if there is a readable one.
pub fn load() -> Option<Diagram> {
    let text = local_storage()?.get_item(KEY).ok().flatten()?;
    decode(&text)
}

/// Writes the diagram; `false` when the storage refused (full, disabled).
pub fn save(diagram: &Diagram) -> bool {
    local_storage().is_some_and(|s| s.set_item(KEY, &encode(diagram)).is_ok())
}

/// Removes the autosaved diagram (tests, "start over").
pub fn clear() {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(KEY);
    }
}

/// The stored theme choice.
pub fn theme() -> Option<String> {
    local_storage()?.get_item(THEME_KEY).ok().flatten()
}

/// Stores the theme choice (`None` = follow the system).
pub fn set_theme(theme: Option<&str>) {
    if let Some(s) = local_storage() {
        let _ = match theme {
            Some(t) => s.set_item(THEME_KEY, t),
            None => s.remove_item(THEME_KEY),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_gallery_diagram() {
        for e in vpclab_core::gallery::examples() {
            let text = encode(&e.diagram);
            assert_eq!(decode(&text), Some(e.diagram), "{}", e.id);
        }
    }

    #[test]
    fn ignores_foreign_or_broken_text() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("{"), None);
        assert_eq!(
            decode(r#"{"format":"other","version":1,"diagram":{}}"#),
            None
        );
        assert_eq!(
            decode(r#"{"format":"vpclab-autosave","version":99,"diagram":{}}"#),
            None
        );
        assert_eq!(
            decode(r#"{"format":"vpclab-autosave","version":1,"diagram":{}}"#),
            Some(Diagram::default())
        );
    }
}
