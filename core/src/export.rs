//! Export of a topology: the project's own JSON ([`json`]) and Terraform HCL for the aws provider
//! ([`terraform`]).

pub mod terraform;

pub use terraform::terraform;

use crate::model::Topology;

/// The project's own topology JSON (pretty, stable member order), which `Topology::from_json` reads back.
///
/// ```
/// let t = vpclab_core::synth::generate(1, 2);
/// let text = vpclab_core::export::json(&t);
/// assert_eq!(vpclab_core::Topology::from_json(&text).unwrap(), t);
/// ```
pub fn json(topology: &Topology) -> String {
    topology.to_json()
}
