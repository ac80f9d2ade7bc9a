//! The side-panel tabs (Properties, Path, Cost, Report) and their keyboard model (WAI-ARIA "tabs" pattern, automatic activation).

/// One tab of the side panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tab {
    /// Properties of the selected resource.
    #[default]
    Properties,
    /// Path tracing between two points of the topology.
    Path,
    /// Cost estimate of the topology.
    Cost,
    /// The whole-network audit (services, exposure, segments) and Compare.
    Report,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 4] = [Tab::Properties, Tab::Path, Tab::Cost, Tab::Report];

    /// The visible label.
    pub const fn label(self) -> &'static str {
        match self {
            Tab::Properties => "Properties",
            Tab::Path => "Path",
            Tab::Cost => "Cost",
            Tab::Report => "Report",
        }
    }

    /// A stable lowercase name, used in element ids and `data-` attributes.
    pub const fn slug(self) -> &'static str {
        match self {
            Tab::Properties => "properties",
            Tab::Path => "path",
            Tab::Cost => "cost",
            Tab::Report => "report",
        }
    }

    /// Position in [`Tab::ALL`].
    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab to the right, wrapping around.
    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    /// The tab to the left, wrapping around.
    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }

    /// The tab a key press on the tab list moves to (`KeyboardEvent.key`), or `None` for other keys.
    pub fn after_key(self, key: &str) -> Option<Tab> {
        match key {
            "ArrowRight" => Some(self.next()),
            "ArrowLeft" => Some(self.prev()),
            "Home" => Some(Tab::ALL[0]),
            "End" => Some(Tab::ALL[Tab::ALL.len() - 1]),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn arrows_wrap_around() {
        assert_eq!(Tab::Properties.after_key("ArrowRight"), Some(Tab::Path));
        assert_eq!(Tab::Cost.after_key("ArrowRight"), Some(Tab::Report));
        assert_eq!(Tab::Report.after_key("ArrowRight"), Some(Tab::Properties));
        assert_eq!(Tab::Properties.after_key("ArrowLeft"), Some(Tab::Report));
        assert_eq!(Tab::Path.after_key("ArrowLeft"), Some(Tab::Properties));
    }

    #[test]
    fn home_and_end_jump_to_the_ends() {
        assert_eq!(Tab::Path.after_key("Home"), Some(Tab::Properties));
        assert_eq!(Tab::Path.after_key("End"), Some(Tab::Report));
    }

    #[test]
    fn other_keys_do_nothing() {
        for key in ["Enter", " ", "Tab", "a", "ArrowUp", "ArrowDown"] {
            assert_eq!(Tab::Path.after_key(key), None, "key {key:?}");
        }
    }

    #[test]
    fn slugs_are_unique_and_labels_match() {
        let slugs: std::collections::HashSet<_> = Tab::ALL.iter().map(|t| t.slug()).collect();
        assert_eq!(slugs.len(), Tab::ALL.len());
        for tab in Tab::ALL {
            assert_eq!(tab.label().to_lowercase(), tab.slug());
            assert_eq!(Tab::ALL[tab.index()], tab);
        }
    }
}
