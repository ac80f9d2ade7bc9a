//! The trace engine: resolve a flow hop by hop through a topology with AWS semantics.
//!
//! * [`lpm`] — longest-prefix-match tables (route lookups use a prefix trie, not a scan).
//! * [`index`] — a compiled, read-only view of a [`Topology`] (ids → objects, IPs → interfaces, effective routes).
//! * [`rules`] — security-group and network-ACL evaluation.
//! * [`trace`](mod@trace) — the walk itself.

pub mod capacity;
pub mod dns;
pub mod ends;
pub mod hop;
pub mod index;
pub mod limits;
pub mod lpm;
pub mod rules;
pub mod trace;

use serde::{Deserialize, Serialize};

pub use hop::{HopKind, ServiceRef};
pub use trace::trace;

/// What the user asks: one flow. Sources and destinations follow `cli-contract.md`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FlowSpec {
    /// `i-…`, `eni-…`, a private IP inside a subnet, `internet[:IP]`, `onprem:IP`.
    pub from: String,
    /// An IP, `i-…`/`eni-…`/`vpce-…`, a DNS name, or a `com.amazonaws.vpce.REGION.vpce-svc-…` service name.
    pub to: String,
    /// `tcp`, `udp`, `icmp` or a protocol number. Default tcp.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Destination port. Default: 443 for AWS service names, none otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Region used when the topology does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Monthly volume, for the cost estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gb_per_month: Option<f64>,
    /// Peak rate in Gbps, for the capacity advisory: the trace names the tightest documented limit on the path
    /// (`capacity`). Optional; absent = no rate given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gbps: Option<f64>,
    /// Simultaneous connections to one destination, for the capacity advisory (a NAT gateway's 55,000 per
    /// unique destination). Optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connections: Option<u64>,
    /// The API request the flow carries, for policy evaluation: action (default `s3:GetObject` for S3,
    /// `dynamodb:GetItem` for DynamoDB), resource ARN (default: derived from the destination name) and the
    /// calling principal's ARN (default: an IAM role of the source VPC's account).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
}

/// Whether a reachable flow stays on AWS's private network or leaves through an internet gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    Private,
    Public,
}

/// One step of the path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    /// The AWS id where the hop is an AWS resource (`rtb-…`, `sg-…`), else a name (`internet`, `onprem`,
    /// `dns`, `aws-service:s3.us-east-1`).
    pub id: String,
    /// What the hop is: an object of the topology or a place outside it (serialised as `nat-gateway`,
    /// `internet`, `aws-service` …).
    pub kind: HopKind,
    /// What the hop did, in one sentence.
    pub detail: String,
}

/// Why a flow is blocked: an AWS Reachability Analyzer explanation code (or a documented `VPCLAB_` code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub code: String,
    pub component: String,
    pub message: String,
}

/// A note that does not block the flow by itself (e.g. a documented gateway-endpoint limit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    pub code: String,
    pub message: String,
}

/// The engine's answer for one flow (the `vpclab trace` JSON contract, minus `cost`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub reachable: bool,
    pub network: Option<Network>,
    pub hops: Vec<Hop>,
    pub explanations: Vec<Explanation>,
    pub advisories: Vec<Advisory>,
}

impl Trace {
    /// The AWS service the flow reaches (or was going to reach), typed: from its `aws-service` hop.
    pub fn service(&self) -> Option<ServiceRef> {
        self.hops
            .iter()
            .rev()
            .find(|h| h.kind == HopKind::AwsService)
            .and_then(|h| ServiceRef::from_hop_id(&h.id))
    }
}

/// A flow that cannot even be asked: its source or destination does not name anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    /// `field` is `from`, `to`, `protocol`, …
    #[error("`{field}`: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}
