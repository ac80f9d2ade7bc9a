//! The visible pieces of the page. Each file is named after its component.

mod cost_panel;
mod diagram;
mod gallery;
mod header;
pub mod icons;
mod palette;
mod path_panel;
mod properties_panel;
mod side_panel;
pub mod theme;

pub use crate::view::ViewBox;
pub use cost_panel::CostPanel;
pub use diagram::Diagram;
pub use gallery::GalleryDialog;
pub use header::Header;
pub use palette::Palette;
pub use path_panel::{input_value, PathPanel};
pub use properties_panel::PropertiesPanel;
pub use side_panel::SidePanel;
