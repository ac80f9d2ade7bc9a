//! One compiled analysis per topology revision, reused by every question asked of it.
//!
//! A [`Session`] compiles a topology once — the trace index (ids, address maps, route tries), the cost lookup,
//! and, on first use, the fixed costs, the validation diagnostics and what cost alternatives need — and answers
//! every question about it: [`Session::trace`], [`Session::flow_cost`], [`Session::fixed_costs`],
//! [`Session::alternatives`], [`Session::diagnostics`], [`Session::cost_report`]. The CLI, the web app and the JS
//! API all go through it; [`crate::trace`] and [`crate::cost::report`] are one-question shorthands.
//!
//! A `Session` borrows its topology. [`OwnedSession`] owns it, for the faces that keep one alive between
//! questions (the JS API's `open(topology)` handle); [`DiagramSession`] shares it with the diagram that holds it
//! (the web app's analysis, one per revision, with no copy of the topology).
//!
//! ```
//! let t = vpclab_core::synth::generate(10, 4);
//! let s = vpclab_core::Session::new(&t);
//! let flow = vpclab_core::FlowSpec { from: "i-00000-01".into(), to: "s3.us-east-1.amazonaws.com".into(), ..Default::default() };
//! let tr = s.trace(&flow).unwrap();
//! assert!(tr.reachable);
//! assert_eq!(s.flow_cost(&flow, &tr, 100.0).usd_per_month, 0.0); // through the gateway endpoint (GE-10)
//! ```

mod scope;

use crate::cost::lookup::Lookup;
use crate::cost::{self, Alternative, Candidate, CostItem, CostReport, FlowCost};
use crate::diagnostic::Diagnostic;
use crate::model::{ObjectKind, Topology};
use crate::path::index::Index;
use crate::path::{FlowError, FlowSpec, Trace};
pub(crate) use scope::Scope;
use std::cell::OnceCell;
use std::collections::HashSet;
use std::net::Ipv4Addr;

/// A compiled topology (see the module docs).
pub struct Session<'t> {
    topology: &'t Topology,
    index: Index<'t>,
    lookup: Lookup<'t>,
    fixed: OnceCell<Vec<CostItem>>,
    diagnostics: OnceCell<Vec<Diagnostic>>,
    scope: OnceCell<Scope>,
    taken: OnceCell<Taken>,
}

/// Ids and public IPv4 addresses a topology uses (new objects of a cost alternative never reuse them).
#[derive(Default)]
pub(crate) struct Taken {
    pub ids: HashSet<String>,
    pub public_ips: HashSet<Ipv4Addr>,
}

impl<'t> Session<'t> {
    /// Compile a topology.
    pub fn new(topology: &'t Topology) -> Session<'t> {
        Session {
            topology,
            index: Index::new(topology),
            lookup: Lookup::new(topology),
            fixed: OnceCell::new(),
            diagnostics: OnceCell::new(),
            scope: OnceCell::new(),
            taken: OnceCell::new(),
        }
    }

    /// [`Session::new`] with the validation diagnostics already known (computed elsewhere — the browser's import
    /// worker validates what it imports): they must be `validate(topology)`'s, which the session then never
    /// recomputes.
    pub fn with_diagnostics(topology: &'t Topology, diagnostics: Vec<Diagnostic>) -> Session<'t> {
        let session = Session::new(topology);
        let _ = session.diagnostics.set(diagnostics);
        session
    }

    pub fn topology(&self) -> &'t Topology {
        self.topology
    }

    /// The compiled trace index.
    pub fn index(&self) -> &Index<'t> {
        &self.index
    }

    /// Trace one flow. Errors only when the flow names nothing.
    pub fn trace(&self, spec: &FlowSpec) -> Result<Trace, FlowError> {
        crate::path::trace::trace_with(&self.index, spec)
    }

    /// The monthly cost of a traced flow carrying `gb_per_month`.
    pub fn flow_cost(&self, spec: &FlowSpec, trace: &Trace, gb_per_month: f64) -> FlowCost {
        cost::flow_cost_with(&self.lookup, spec, trace, gb_per_month)
    }

    /// The topology's fixed monthly costs (computed once).
    pub fn fixed_costs(&self) -> &[CostItem] {
        self.fixed.get_or_init(|| cost::fixed_costs(self.topology))
    }

    /// Validation diagnostics (computed once).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.diagnostics
            .get_or_init(|| crate::validate::validate(self.topology))
    }

    /// Each documented gateway-endpoint limit that applies to an endpoint of the topology.
    pub fn topology_advisories(&self) -> Vec<crate::Advisory> {
        crate::path::limits::topology_advisories_with(&self.index)
    }

    /// The changes that keep the flow reachable and cost less at `gb_per_month`, biggest saving first.
    pub fn alternatives(
        &self,
        spec: &FlowSpec,
        trace: &Trace,
        gb_per_month: f64,
    ) -> Vec<Alternative> {
        cost::alternatives::kept(self.evaluate_alternatives(spec, trace, gb_per_month))
    }

    /// Every candidate considered for the flow, kept or not, with the reason.
    pub fn evaluate_alternatives(
        &self,
        spec: &FlowSpec,
        trace: &Trace,
        gb_per_month: f64,
    ) -> Vec<Candidate> {
        cost::alternatives::evaluate_in(self, spec, trace, gb_per_month, false)
    }

    /// The same candidates, each made and re-traced on a copy of the whole topology (the reference that the
    /// local evaluation must equal; slow on large topologies).
    pub fn evaluate_alternatives_whole(
        &self,
        spec: &FlowSpec,
        trace: &Trace,
        gb_per_month: f64,
    ) -> Vec<Candidate> {
        cost::alternatives::evaluate_in(self, spec, trace, gb_per_month, true)
    }

    /// Trace and price many flows, with alternatives, plus the fixed costs (`vpclab cost`).
    pub fn cost_report(&self, flows: &[FlowSpec], default_gb: f64) -> CostReport {
        cost::report::report_in(self, flows, default_gb)
    }

    /// Every whole-network question at once: service paths, exposure, segments ([`crate::audit`]).
    pub fn audit(&self, opts: &crate::audit::AuditOptions) -> crate::audit::Audit {
        crate::audit::audit(self, opts)
    }

    /// The VPCs a trace goes through (indices into the topology's VPCs), its source's first.
    pub fn vpcs_of(&self, trace: &Trace) -> Vec<usize> {
        let ix = &self.index;
        let t = self.topology;
        let mut out: Vec<usize> = Vec::new();
        let mut add = |v: Option<usize>| {
            if let Some(v) = v.filter(|v| !out.contains(v)) {
                out.push(v);
            }
        };
        let vpc = |id: &str| ix.vpc.get(id).copied();
        for h in &trace.hops {
            let id = h.id.as_str();
            let Some(kind) = h.kind.object() else {
                continue;
            };
            match kind {
                ObjectKind::Vpc => add(vpc(id)),
                ObjectKind::Subnet => add(ix
                    .subnet
                    .get(id)
                    .map(|&s| &t.subnets[s].vpc_id)
                    .and_then(|v| vpc(v))),
                ObjectKind::RouteTable => add(ix
                    .route_table
                    .get(id)
                    .and_then(|&r| vpc(&t.route_tables[r].vpc_id))),
                ObjectKind::SecurityGroup => add(ix
                    .sg
                    .get(id)
                    .and_then(|&g| vpc(&t.security_groups[g].vpc_id))),
                ObjectKind::VpcEndpoint => add(ix
                    .endpoint
                    .get(id)
                    .and_then(|&e| vpc(&t.vpc_endpoints[e].vpc_id))),
                ObjectKind::InternetGateway => add(ix
                    .igw
                    .get(id)
                    .and_then(|&g| t.internet_gateways[g].vpc_id.as_deref())
                    .and_then(vpc)),
                ObjectKind::EgressOnlyInternetGateway => add(ix
                    .eigw
                    .get(id)
                    .and_then(|&g| t.egress_only_internet_gateways[g].vpc_id.as_deref())
                    .and_then(vpc)),
                ObjectKind::PeeringConnection => {
                    if let Some(&p) = ix.peering.get(id) {
                        let p = &t.peering_connections[p];
                        add(vpc(&p.requester_vpc_id));
                        add(vpc(&p.accepter_vpc_id));
                    }
                }
                ObjectKind::LoadBalancer => add(t
                    .load_balancers
                    .iter()
                    .find(|l| l.id == id)
                    .and_then(|l| vpc(&l.vpc_id))),
                ObjectKind::Instance | ObjectKind::NetworkInterface | ObjectKind::NatGateway => {
                    let host = ix.hosts_of.get(id).and_then(|h| h.first().copied());
                    match host {
                        Some(h) => add(Some(ix.hosts[h].vpc)),
                        None if kind == ObjectKind::NatGateway => add(ix
                            .nat
                            .get(id)
                            .and_then(|&n| t.nat_gateways[n].vpc_id.as_deref())
                            .and_then(vpc)),
                        None => {}
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The local topology of a trace: the VPCs it goes through, their objects, and every object of no VPC
    /// (see `session/scope.rs`).
    pub fn local_topology(&self, trace: &Trace) -> Topology {
        // `Scope::local` puts each list back in the topology's order, whatever the order of the VPCs.
        let scope = self.scope.get_or_init(|| Scope::new(self.topology));
        scope.local(self.topology, &self.vpcs_of(trace))
    }

    pub(crate) fn taken(&self) -> &Taken {
        self.taken.get_or_init(|| {
            let t = self.topology;
            let mut ids = HashSet::new();
            ids.extend(t.vpc_endpoints.iter().map(|x| x.id.clone()));
            ids.extend(t.prefix_lists.iter().map(|x| x.id.clone()));
            ids.extend(t.security_groups.iter().map(|x| x.id.clone()));
            ids.extend(t.network_interfaces.iter().map(|x| x.id.clone()));
            ids.extend(t.nat_gateways.iter().map(|x| x.id.clone()));
            ids.extend(t.route_tables.iter().map(|x| x.id.clone()));
            let mut public_ips = HashSet::new();
            public_ips.extend(t.instances.iter().filter_map(|i| i.public_ip));
            public_ips.extend(t.network_interfaces.iter().filter_map(|e| e.public_ip));
            public_ips.extend(t.nat_gateways.iter().filter_map(|n| n.public_ip));
            Taken { ids, public_ips }
        })
    }
}

self_cell::self_cell!(
    /// A [`Session`] that owns its topology: for faces that keep the compiled analysis between questions.
    pub struct OwnedSession {
        owner: Topology,
        #[covariant]
        dependent: Session,
    }
);

self_cell::self_cell!(
    /// A [`Session`] of a shared diagram's topology: the web app keeps each revision's diagram behind an `Rc`,
    /// and its analysis compiles that topology in place instead of a copy.
    pub struct DiagramSession {
        owner: std::rc::Rc<crate::diagram::Diagram>,
        #[covariant]
        dependent: Session,
    }
);

impl DiagramSession {
    /// Compile the diagram's topology, with its validation diagnostics when they are already known
    /// ([`Session::with_diagnostics`]).
    pub fn open(
        diagram: std::rc::Rc<crate::diagram::Diagram>,
        diagnostics: Option<Vec<Diagnostic>>,
    ) -> DiagramSession {
        DiagramSession::new(diagram, |d| match diagnostics {
            Some(diags) => Session::with_diagnostics(&d.topology, diags),
            None => Session::new(&d.topology),
        })
    }

    /// The session, to ask questions.
    pub fn session(&self) -> &Session<'_> {
        self.borrow_dependent()
    }

    pub fn topology(&self) -> &Topology {
        &self.borrow_owner().topology
    }
}

impl OwnedSession {
    /// Compile a topology and keep it.
    pub fn open(topology: Topology) -> OwnedSession {
        OwnedSession::new(topology, |t| Session::new(t))
    }

    /// The session, to ask questions.
    pub fn session(&self) -> &Session<'_> {
        self.borrow_dependent()
    }

    pub fn topology(&self) -> &Topology {
        self.borrow_owner()
    }
}
