//! # vpclab-web
//!
//! The browser UI of VPC Lab: Yew 0.23 function components over [`vpclab_core`].
//! This crate holds only presentation, UI state and browser glue; every AWS rule lives in the core.
//!
//! * [`app`] — the root [`App`] component: the page layout, the state context and the memoised analysis.
//! * [`state`] — [`state::AppState`], the single UI reducer (plain Rust, unit-tested natively).
//! * [`analysis`] — every flow's trace and cost, fixed costs and diagnostics, computed once per model revision.
//! * [`view`] — zoom, pan and fit of the SVG view box; [`canvas`] — pointer gestures; [`scene_view`] — how the
//!   core's scene is drawn (plain Rust).
//! * [`tabs`] — the side-panel tabs and their keyboard model (plain Rust, unit-tested natively).
//! * [`storage`] — autosave to `localStorage`.
//! * [`report`] — the Report tab: [`report::start_audit`] and [`report::start_compare`] (the audit and diff in the worker), sorting, the segments
//!   matrix, Compare (plain Rust).
//! * [`links`], [`import`], [`export`], [`lessons`] — share and lesson links, import, export and lessons (plain
//!   Rust); [`browser`] — their browser glue (URL, clipboard, downloads, files).
//! * [`jobs`] — import, audit and diff off the main thread: the job protocol and runner over the Web Worker
//!   (`src/bin/worker.rs`).
//! * [`components`] — the header, the SVG diagram, the palette, the side panel and its panels, the gallery.
//!
//! The binary (`src/main.rs`) only mounts [`App`]; browser tests mount it into their own element.

pub mod analysis;
pub mod api;
pub mod app;
pub mod browser;
pub mod canvas;
pub mod components;
pub mod export;
pub mod first_view;
pub mod flows;
pub mod gallery;
pub mod import;
pub mod jobs;
pub mod lessons;
pub mod links;
pub mod report;
pub mod scene_view;
pub mod shortcuts;
pub mod state;
pub mod storage;
pub mod tabs;
pub mod view;
pub mod words;

pub use app::App;
