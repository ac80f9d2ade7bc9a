//! The page's keyboard shortcuts as a pure function of a key press (tested natively).

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    Undo,
    Redo,
    /// Leave the current mode, else clear the selection.
    Escape,
    /// Delete the selection.
    Delete,
}

/// The shortcut for a key press: `key` is `KeyboardEvent.key`, `command` is Ctrl or ⌘, `typing` whether the focus
/// is in a text field or a dialog (which keep their own keys).
pub fn shortcut(
    key: &str,
    command: bool,
    shift: bool,
    alt: bool,
    typing: bool,
) -> Option<Shortcut> {
    if typing || alt {
        return None;
    }
    match (key, command, shift) {
        ("z" | "Z", true, false) => Some(Shortcut::Undo),
        ("z" | "Z", true, true) | ("y" | "Y", true, false) => Some(Shortcut::Redo),
        ("Escape", false, _) => Some(Shortcut::Escape),
        ("Delete" | "Backspace", false, false) => Some(Shortcut::Delete),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_redo_escape() {
        assert_eq!(
            shortcut("z", true, false, false, false),
            Some(Shortcut::Undo)
        );
        assert_eq!(
            shortcut("Z", true, true, false, false),
            Some(Shortcut::Redo)
        );
        assert_eq!(
            shortcut("y", true, false, false, false),
            Some(Shortcut::Redo)
        );
        assert_eq!(
            shortcut("Escape", false, false, false, false),
            Some(Shortcut::Escape)
        );
    }

    #[test]
    fn typing_and_plain_letters_are_left_alone() {
        assert_eq!(
            shortcut("z", true, false, false, true),
            None,
            "text undo in a field"
        );
        assert_eq!(shortcut("Escape", false, false, false, true), None);
        assert_eq!(
            shortcut("Backspace", false, false, false, true),
            None,
            "typing deletes text"
        );
        assert_eq!(shortcut("z", false, false, false, false), None);
        assert_eq!(shortcut("z", true, false, true, false), None);
    }
}
