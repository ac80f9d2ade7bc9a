//! The visible pieces of the page. Each file is named after its component.

mod cost_panel;
pub(crate) mod diagram;
mod doc_actions;
mod export_menu;
mod gallery;
pub(crate) mod header;
pub mod icons;
mod import_dialog;
mod lessons;
mod link_handler;
mod modal;
mod overview;
pub(crate) mod palette;
mod path_panel;
mod properties_panel;
mod report_panel;
mod share;
mod side_panel;
pub mod theme;

pub use crate::view::ViewBox;
pub use cost_panel::CostPanel;
pub use diagram::Diagram;
pub use doc_actions::DocActions;
pub use export_menu::ExportMenu;
pub use gallery::GalleryDialog;
pub use header::Header;
pub use import_dialog::ImportDialog;
pub use lessons::{AuthorDialog, LessonPanel, LessonsDialog};
pub use link_handler::LinkHandler;
pub use modal::Modal;
pub use palette::Palette;
pub use path_panel::{input_value, PathPanel};
pub use properties_panel::PropertiesPanel;
pub use report_panel::ReportPanel;
pub use share::ShareDialog;
pub use side_panel::SidePanel;
