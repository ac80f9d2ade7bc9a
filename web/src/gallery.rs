//! The built-in examples as the UI loads them.

use vpclab_core::diagram::Diagram;
use vpclab_core::gallery::{self, Example};

/// Every example, in story order.
pub fn examples() -> Vec<Example> {
    gallery::examples()
}

/// The diagram of an example, ready to show.
pub fn prepare(example: &Example) -> Diagram {
    example.diagram.clone()
}

/// The diagram the app starts with when nothing is saved: the first example.
pub fn first_example() -> Diagram {
    examples().first().map(prepare).unwrap_or_default()
}
