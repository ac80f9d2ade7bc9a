//! The UI state: one reducer for the whole app, shared through a context.
//!
//! Later features add their fields here (the topology, the selection, the drag in progress …) and delegate
//! every topology edit to `vpclab-core`. Returning the same `Rc` from [`AppState::reduce`] skips the re-render
//! (Yew 0.23), so no-op actions are free.

use std::rc::Rc;

use yew::{Reducible, UseReducerHandle};

use crate::tabs::Tab;

/// Everything the UI shows that is not derived from something else.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    /// The side-panel tab on display.
    pub tab: Tab,
}

/// A change to [`AppState`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Show another side-panel tab.
    SelectTab(Tab),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SelectTab(tab) if tab == self.tab => self,
            Action::SelectTab(tab) => {
                let mut next = (*self).clone();
                next.tab = tab;
                Rc::new(next)
            }
        }
    }
}

/// The context every component reads the state from and dispatches actions to.
pub type AppContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_on_properties() {
        assert_eq!(AppState::default().tab, Tab::Properties);
    }

    #[test]
    fn select_tab_switches() {
        let next = Rc::new(AppState::default()).reduce(Action::SelectTab(Tab::Cost));
        assert_eq!(next.tab, Tab::Cost);
    }

    #[test]
    fn selecting_the_current_tab_keeps_the_same_state() {
        let state = Rc::new(AppState::default());
        let next = Rc::clone(&state).reduce(Action::SelectTab(Tab::Properties));
        assert!(
            Rc::ptr_eq(&state, &next),
            "a no-op must not allocate a new state"
        );
    }
}
