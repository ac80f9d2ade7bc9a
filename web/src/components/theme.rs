//! The colour theme switch: follow the system (`prefers-color-scheme`), light or dark. The choice is stored and
//! applied as `data-theme` on `<html>` (the stylesheet reads it; no inline style).

use yew::prelude::*;

use crate::storage;

/// A theme choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    /// From the stored value.
    pub fn parse(s: Option<&str>) -> Theme {
        match s {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// The stored value (`None` = system).
    pub fn value(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// The next choice of the switch.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Theme: system",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        }
    }
}

/// Applies the theme saved in this browser (the first view, before the toggle mounts).
pub fn apply_saved() {
    apply(Theme::parse(storage::theme().as_deref()));
}

fn apply(theme: Theme) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match theme.value() {
            Some(v) => root.set_attribute("data-theme", v),
            None => root.remove_attribute("data-theme"),
        };
    }
}

/// A button cycling system → light → dark.
#[component]
pub fn ThemeToggle() -> Html {
    let theme = use_state(|| Theme::parse(storage::theme().as_deref()));
    use_effect_with(*theme, |t| apply(*t));
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = theme.next();
            storage::set_theme(next.value());
            theme.set(next);
        })
    };
    let glyph = match *theme {
        Theme::System => html! {<>
            <circle cx="12" cy="12" r="8" /><path d="M12 4a8 8 0 0 1 0 16z" class="icon-fill" />
        </>},
        Theme::Light => html! {<>
            <circle cx="12" cy="12" r="4" />
            <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
        </>},
        Theme::Dark => html! {
            <path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z" />
        },
    };
    html! {
        <button type="button" class="btn btn-icon" data-testid="theme" {onclick} title={theme.label()}
            aria-label={theme.label()}>
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">{ glyph }</svg>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::Theme;

    #[test]
    fn cycles_and_round_trips() {
        for t in [Theme::System, Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(t.value()), t);
        }
        assert_eq!(Theme::System.next().next().next(), Theme::System);
        assert_eq!(Theme::parse(Some("purple")), Theme::System);
    }
}
