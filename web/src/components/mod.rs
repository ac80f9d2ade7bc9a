//! The visible pieces of the page. Each file is named after its component.

mod diagram;
mod header;
mod side_panel;

pub use diagram::{Diagram, ViewBox};
pub use header::Header;
pub use side_panel::SidePanel;
