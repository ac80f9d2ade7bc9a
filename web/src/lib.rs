//! # vpclab-web
//!
//! The browser UI of VPC Lab: Yew 0.23 function components over [`vpclab_core`].
//! This crate holds only presentation, UI state and browser glue; every AWS rule lives in the core.
//!
//! * [`app`] — the root [`App`] component: the page layout and the state context.
//! * [`state`] — [`state::AppState`], the single UI reducer (plain Rust, unit-tested natively).
//! * [`tabs`] — the side-panel tabs and their keyboard model (plain Rust, unit-tested natively).
//! * [`components`] — the header, the SVG diagram and the side panel.
//!
//! The binary (`src/main.rs`) only mounts [`App`]; browser tests mount it into their own element.

pub mod app;
pub mod components;
pub mod state;
pub mod tabs;

pub use app::App;
