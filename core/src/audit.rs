//! Whole-network questions (`cli-contract.md`, "Whole-network questions"): every AWS-service path of every
//! subnet, every ENI the internet can open, every joined pair of VPCs — each answered by tracing a witness flow
//! through the compiled [`Session`], so each entry is exactly what `trace` says for that flow.
//!
//! * [`services`] — each subnet's path to S3, DynamoDB, every service with an endpoint in the topology and each
//!   asked-for service: private / public / blocked, what it goes through, why it matters, its cost and the best
//!   [`crate::cost::alternatives`] fix.
//! * [`exposure`] — the port ranges the internet can open on each ENI, found by sweeping the boundaries of the
//!   security-group and network-ACL rules and tracing one port of each elementary range.
//! * [`segments`] — whether any connection opens between VPCs joined by peering, a transit gateway or a shared
//!   on-premises network, with one traced witness.
//! * [`diff`](mod@diff) — two audits matched by key, each change classed better / worse / changed.

pub mod diff;
pub mod exposure;
pub mod render;
pub mod segments;
pub mod services;

use crate::path::index::{HostOwner, Index};
use crate::path::{Explanation, FlowSpec, Network};
use crate::session::Session;
use serde::{Deserialize, Serialize};

pub use diff::{diff, Diff, DiffChange, DiffSummary, Section, Verdict};

/// What an audit is asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditOptions {
    /// Monthly volume assumed for each service path when it is priced (default 100).
    pub gb_per_month: f64,
    /// Extra services to audit (`sqs`, `ecr.dkr`, `logs`).
    pub services: Vec<String>,
    /// Region used where the topology says none.
    pub region: Option<String>,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            gb_per_month: 100.0,
            services: Vec::new(),
            region: None,
        }
    }
}

/// The whole answer (the `vpclab audit` JSON object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub summary: Summary,
    pub services: Vec<ServicePath>,
    pub exposure: Vec<Exposure>,
    pub segments: Vec<Segment>,
    /// How many flows were traced to answer (not part of the JSON contract).
    #[serde(skip)]
    pub traces: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Subnets audited.
    pub sources: usize,
    pub service_paths: usize,
    pub public_service_paths: usize,
    pub blocked_service_paths: usize,
    /// ENIs (targets) the internet can open at least one connection to.
    pub exposed_targets: usize,
    pub usd_per_month_public_service_paths: f64,
    pub usd_per_month_saved_if_recommendations_applied: f64,
}

/// Why a service path would be better through an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// It pays NAT gateway processing or internet data transfer (NAT-08, DT-02).
    Cost,
    /// It takes a NAT gateway or appliance hop, or crosses an AZ, where an endpoint would not.
    Latency,
    /// It goes through a gateway with a documented bandwidth or connection limit (a NAT gateway, NAT-04).
    Capacity,
    /// It leaves AWS's private network (through an internet gateway).
    Privacy,
}

/// One subnet's path to one AWS service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServicePath {
    pub source_subnet: String,
    /// The traced source: an instance, an ENI, or the subnet's first usable address.
    pub from: String,
    /// `s3.us-east-1`, as in the trace's `aws-service:` hop id.
    pub service: String,
    pub to: String,
    pub port: u16,
    pub protocol: String,
    pub reachable: bool,
    pub network: Option<Network>,
    pub through: Vec<String>,
    pub reasons: Vec<Reason>,
    pub usd_per_month: f64,
    pub recommendation: Option<Recommendation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explanations: Vec<Explanation>,
}

/// The best cheaper design for a path ([`crate::cost::Alternative`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub summary: String,
    pub usd_per_month_after: f64,
    pub saves_usd_per_month: f64,
    pub break_even_gb: Option<f64>,
    /// The edits in AWS terms, one sentence each (for the text report; not part of the JSON contract).
    #[serde(skip)]
    pub steps: Vec<String>,
}

/// A port range of one ENI that a flow from the internet can open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exposure {
    /// The instance, or the ENI when it belongs to none.
    pub target: String,
    pub eni: String,
    /// The public IPv4 or the IPv6 address reached.
    pub address: String,
    /// `tcp`, `udp`, `icmp` (IPv4) or `icmpv6` (IPv6).
    pub protocol: String,
    /// Inclusive port range; `null` for ICMP (echo request, the flow the engine traces).
    pub ports: Option<[u16; 2]>,
    /// The security-group rule CIDR that admits the witness (`0.0.0.0/0`, `::/0`, …).
    pub from: String,
    pub through: Vec<String>,
}

/// Whether a connection can open from one VPC to another that it is joined with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub from_vpc: String,
    pub to_vpc: String,
    pub reachable: bool,
    pub through: Vec<String>,
    pub witness: Option<Witness>,
    /// The network of the witness's trace (not part of the JSON contract; `None` when isolated).
    #[serde(skip)]
    pub network: Option<Network>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Witness {
    pub from: String,
    pub to: String,
    pub port: Option<u16>,
    pub protocol: String,
}

impl ServicePath {
    /// The audited flow: what `trace` answers exactly as this entry says.
    pub fn witness(&self, opts: &AuditOptions) -> FlowSpec {
        FlowSpec {
            from: self.from.clone(),
            to: self.to.clone(),
            protocol: Some(self.protocol.clone()),
            port: Some(self.port),
            region: opts.region.clone(),
            ..FlowSpec::default()
        }
    }
}

impl Exposure {
    /// The witness flow: from the internet to the address at the range's first port (ICMP: an echo request).
    pub fn witness(&self, opts: &AuditOptions) -> FlowSpec {
        let v6 = self.address.contains(':');
        let src = if v6 {
            exposure::INTERNET_V6
        } else {
            exposure::INTERNET_V4
        };
        FlowSpec {
            from: format!("internet:{src}"),
            to: self.address.clone(),
            protocol: Some(self.protocol.clone()),
            port: self.ports.map(|[lo, _]| lo),
            region: opts.region.clone(),
            ..FlowSpec::default()
        }
    }
}

impl Segment {
    /// The witness flow of a segment that can connect (`None` when isolated).
    pub fn witness(&self, opts: &AuditOptions) -> Option<FlowSpec> {
        self.witness.as_ref().map(|w| FlowSpec {
            from: w.from.clone(),
            to: w.to.clone(),
            protocol: Some(w.protocol.clone()),
            port: w.port,
            region: opts.region.clone(),
            ..FlowSpec::default()
        })
    }
}

/// The change behind a service path's recommendation, ready to apply ([`crate::cost::Change::apply`]): the best
/// of [`Session::alternatives`] for the entry's witness flow (what the audit recommends). `None` when the
/// recommendation is not an edit of the topology (an on-premises client pointed at an endpoint's own DNS name) or
/// nothing is recommended.
pub fn recommended_change(
    session: &Session<'_>,
    path: &ServicePath,
    opts: &AuditOptions,
) -> Option<crate::cost::Alternative> {
    path.recommendation.as_ref()?;
    let spec = path.witness(opts);
    let trace = session.trace(&spec).ok()?;
    session
        .alternatives(&spec, &trace, opts.gb_per_month)
        .into_iter()
        .next()
}

/// Audit a topology through its compiled session.
pub fn audit(session: &Session<'_>, opts: &AuditOptions) -> Audit {
    audit_with_progress(session, opts, &mut |_| {})
}

/// The part of an audit about to run (the browser's worker shows it as progress).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditStage {
    Services,
    Exposure,
    Segments,
}

/// [`audit`], telling `progress` before each of its three parts; the callback cannot change the answer.
pub fn audit_with_progress(
    session: &Session<'_>,
    opts: &AuditOptions,
    progress: &mut dyn FnMut(AuditStage),
) -> Audit {
    progress(AuditStage::Services);
    let (services, sources, t1) = services::audit(session, opts);
    progress(AuditStage::Exposure);
    let (exposure, t2) = exposure::audit(session, opts);
    progress(AuditStage::Segments);
    let (segments, t3) = segments::audit(session, opts);
    let public: Vec<&ServicePath> = services
        .iter()
        .filter(|s| s.network == Some(Network::Public))
        .collect();
    let mut targets: Vec<&str> = exposure.iter().map(|e| e.eni.as_str()).collect();
    targets.sort_unstable();
    targets.dedup();
    let summary = Summary {
        sources,
        service_paths: services.len(),
        public_service_paths: public.len(),
        blocked_service_paths: services.iter().filter(|s| !s.reachable).count(),
        exposed_targets: targets.len(),
        usd_per_month_public_service_paths: cents(public.iter().map(|s| s.usd_per_month).sum()),
        usd_per_month_saved_if_recommendations_applied: cents(
            services
                .iter()
                .filter_map(|s| s.recommendation.as_ref())
                .map(|r| r.saves_usd_per_month)
                .sum(),
        ),
    };
    Audit {
        summary,
        services,
        exposure,
        segments,
        traces: t1 + t2 + t3,
    }
}

pub(crate) fn cents(x: f64) -> f64 {
    crate::pricing::round_cents(x)
}

/// Hops that are gateways or endpoints, in path order: what an entry's `through` lists.
pub fn through(trace: &crate::Trace) -> Vec<String> {
    use crate::path::HopKind as K;
    let mut out: Vec<String> = Vec::new();
    for h in &trace.hops {
        let keep = matches!(
            h.kind,
            K::NAT_GATEWAY
                | K::INTERNET_GATEWAY
                | K::EGRESS_ONLY_INTERNET_GATEWAY
                | K::VPC_ENDPOINT
                | K::PEERING_CONNECTION
                | K::TRANSIT_GATEWAY
                | K::VPN_GATEWAY
                | K::VPN_CONNECTION
                | K::DIRECT_CONNECT_GATEWAY
                | K::LOAD_BALANCER
                | K::ENDPOINT_SERVICE
        );
        if keep && out.last() != Some(&h.id) {
            out.push(h.id.clone());
        }
    }
    out
}

/// A host that can be a flow's end (an instance's or a bare ENI's, not a NAT gateway's or an endpoint's).
pub(crate) fn is_workload(ix: &Index<'_>, h: usize) -> bool {
    matches!(
        ix.hosts[h].owner,
        HostOwner::Instance(_) | HostOwner::Interface
    )
}

/// The id a flow names a host by: its instance when it is the instance's first interface, else its ENI.
pub(crate) fn host_ref(ix: &Index<'_>, h: usize) -> String {
    let host = &ix.hosts[h];
    if let HostOwner::Instance(i) = host.owner {
        let inst = &ix.topo.instances[i];
        if ix
            .hosts_of
            .get(inst.id.as_str())
            .and_then(|v| v.first())
            .is_some_and(|&first| first == h)
        {
            return inst.id.clone();
        }
    }
    host.id.clone()
}

/// Per VPC, its workload hosts (in index order).
pub(crate) fn hosts_by_vpc(ix: &Index<'_>) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); ix.topo.vpcs.len()];
    for (h, host) in ix.hosts.iter().enumerate() {
        if is_workload(ix, h) {
            if let Some(v) = out.get_mut(host.vpc) {
                v.push(h);
            }
        }
    }
    out
}
