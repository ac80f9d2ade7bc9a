//! A *diagram*: what the user works on and what a share link carries — a topology, where each of its nodes is
//! drawn, the flows the user asked about, and which of them is selected.
//!
//! The topology is the model ([`crate::model`]); the rest is the UI's state that must survive a link, a save or a
//! reload. The share codec ([`crate::share`]) encodes a [`Diagram`] whole.
//!
//! ```
//! use vpclab_core::diagram::{Diagram, Flow, Point};
//! use vpclab_core::FlowSpec;
//!
//! let mut d = Diagram::default();
//! d.layout.insert("vpc-1", Point::new(40.0, 60.0));
//! d.flows.push(Flow::new(FlowSpec { from: "i-app".into(), to: "s3.us-east-1.amazonaws.com".into(), ..Default::default() }));
//! d.selected_flow = Some(0);
//! assert_eq!(d.selected().map(|f| f.spec.from.as_str()), Some("i-app"));
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Topology;
use crate::path::FlowSpec;

/// A position in diagram coordinates (SVG user units; the canvas grid is in the same units).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

/// Where each node is drawn: node id (an AWS id of the topology, or a UI node such as `internet`) → position.
///
/// Sorted by id, so equal layouts serialise (and share) identically.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Layout {
    pub positions: BTreeMap<String, Point>,
}

impl Layout {
    pub fn get(&self, id: &str) -> Option<Point> {
        self.positions.get(id).copied()
    }

    pub fn insert(&mut self, id: impl Into<String>, at: Point) {
        self.positions.insert(id.into(), at);
    }

    pub fn remove(&mut self, id: &str) -> Option<Point> {
        self.positions.remove(id)
    }

    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, Point)> {
        self.positions.iter().map(|(k, p)| (k.as_str(), *p))
    }
}

/// A flow the user asked about, with an optional label ("app → S3").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Flow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(flatten)]
    pub spec: FlowSpec,
}

impl Flow {
    pub fn new(spec: FlowSpec) -> Flow {
        Flow { label: None, spec }
    }

    pub fn labelled(label: impl Into<String>, spec: FlowSpec) -> Flow {
        Flow {
            label: Some(label.into()),
            spec,
        }
    }
}

/// Everything a share link carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Diagram {
    pub topology: Topology,
    #[serde(skip_serializing_if = "Layout::is_empty")]
    pub layout: Layout,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// Index into `flows`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected_flow: Option<usize>,
    /// The version of the price data (`PriceTable::version`) the diagram was made with, so a reader can tell
    /// when its costs were computed with other prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_version: Option<String>,
}

impl Diagram {
    /// A diagram of a topology with no layout and no flows.
    pub fn of(topology: Topology) -> Diagram {
        Diagram {
            topology,
            ..Default::default()
        }
    }

    /// The selected flow, if the index is in range.
    pub fn selected(&self) -> Option<&Flow> {
        self.selected_flow.and_then(|i| self.flows.get(i))
    }
}
