//! # vpclab-core
//!
//! The analysis core of VPC Lab. Pure Rust: no browser or WebAssembly dependency, testable with `cargo test`.
//! Its only I/O is text in, values out.
//!
//! Layers, from the bottom up:
//!
//! * [`model`] — the topology: VPCs, subnets, route tables, gateways, endpoints, security groups, NACLs, TGWs,
//!   VPNs. The project's own topology JSON is this model's serde form.
//! * [`validate`] — invariants of a topology as [`diagnostic::Diagnostic`]s (never a panic, never a failure).
//! * [`import`] — `aws ec2 describe-*` JSON (tolerant wire DTOs) converted into the model.
//! * [`path`] — the trace engine: a flow (source, destination, protocol, port) resolved hop by hop with AWS
//!   semantics, answering reachable / network / hops / explanations / advisories.
//! * [`codes`] — every explanation and advisory code the engine emits, with its meaning.

pub mod audit;
pub mod codes;
pub mod cost;
pub mod diagnostic;
pub mod diagram;
pub mod edit;
pub mod export;
pub mod gallery;
pub mod import;
pub mod json;
pub mod layout;
pub mod lesson;
pub mod model;
pub mod path;
pub mod policy;
pub mod pricing;
pub mod session;
pub mod share;
pub mod synth;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use model::Topology;
pub use path::{trace, Advisory, Explanation, FlowError, FlowSpec, Hop, Network, Trace};
pub use session::{OwnedSession, Session};
