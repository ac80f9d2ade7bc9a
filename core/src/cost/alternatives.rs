//! Cheaper designs, found by editing a copy of the topology and re-tracing the flow — never by rule of thumb.
//!
//! Candidates (each generated only when the traced path makes it relevant):
//!
//! * **Gateway endpoint** (S3, DynamoDB in the VPC's own Region, GE-06/GE-12): associate the source subnet's route
//!   table with the VPC's gateway endpoint for the service, or create one. A topology without the service's
//!   AWS-managed prefix list gets a stand-in list (GE-01 needs it) with a `pl-vpclab-…` id, never a real-looking one:
//!   prefix-list ids differ by Region and account, so they are read from `describe-managed-prefix-lists` (GE-28).
//! * **Interface endpoint** for the service in the source subnet (its AZ), private DNS on, the VPC's DNS
//!   attributes turned on if needed (IE-05), with a security group that admits the flow's port from the VPC
//!   (IE-13); or, when the VPC already has one, turning its private DNS on.
//! * **A NAT gateway in the source's AZ** (NAT-05, NAT-10): in a public subnet of that AZ, with a route table of
//!   the source subnet's own pointing at it.
//! * **Moving the source** into the AZ it crosses into (the NAT gateway's or the destination's).
//!
//! Each candidate is re-traced with [`crate::trace`]; it is kept only if the flow still reaches the same
//! destination and the flow's cost plus the change in the topology's fixed costs is lower. The break-even volume
//! is found on the two cost curves (both re-priced at each volume), not assumed.

use super::lookup::{Loc, Lookup};
use super::walk::{analyze, Analysis, CrossingKind};
use super::{fixed_costs, FlowCost};
use crate::model::*;
use crate::path::{FlowSpec, Hop, HopKind, Trace};
use crate::pricing::round_cents;
use crate::session::{Session, Taken};
use ipnet::IpNet;
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr};

/// A design change: what it does, and the edit that makes it ([`Change::apply`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub description: String,
    /// The edits, one sentence each, in the order they were made.
    pub steps: Vec<String>,
    /// The flow in the edited topology (differs from the original only when its source address moved).
    pub flow: FlowSpec,
    /// The objects the change adds or edits (not serialised: apply it through [`Change::apply`]).
    #[serde(skip)]
    pub delta: Delta,
}

impl Change {
    /// The topology with the change made.
    pub fn apply(&self, topology: &Topology) -> Topology {
        let mut t = topology.clone();
        self.delta.apply(&mut t);
        t
    }
}

/// A change as a generator makes it: the edited copy of the topology it was made on.
struct Draft {
    description: String,
    steps: Vec<String>,
    topology: Topology,
    flow: FlowSpec,
}

/// A change that keeps the flow working and costs less.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub title: String,
    pub change: Change,
    /// The flow's monthly cost now (rounded to the cent).
    pub usd_per_month_before: f64,
    /// The flow's monthly cost after the change, plus the change in the topology's fixed monthly costs.
    pub usd_per_month_after: f64,
    pub monthly_saving: f64,
    /// Change in the topology's fixed monthly costs (e.g. + endpoint-AZ-hours), rounded to the cent.
    pub fixed_usd_per_month_delta: f64,
    /// The monthly volume (GB) from which the change pays off, rounded up to 0.01 GB; `Some(0.0)` when it saves
    /// at any volume; `None` when no volume up to the flow's makes it pay off.
    pub break_even_gb: Option<f64>,
    pub cost_after: FlowCost,
    pub hops_after: Vec<Hop>,
}

/// A considered change and why it was kept or dropped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub title: String,
    pub kept: bool,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative: Option<Alternative>,
}

/// The changes that keep the flow reachable and cost less at `gb_per_month`, biggest saving first. (Many flows
/// of one topology: [`crate::Session::alternatives`].)
pub fn alternatives(
    topology: &Topology,
    flow: &FlowSpec,
    trace: &Trace,
    gb_per_month: f64,
) -> Vec<Alternative> {
    crate::Session::new(topology).alternatives(flow, trace, gb_per_month)
}

/// Every candidate considered for the flow, kept or not, with the reason.
pub fn evaluate_alternatives(
    topology: &Topology,
    flow: &FlowSpec,
    trace: &Trace,
    gb_per_month: f64,
) -> Vec<Candidate> {
    crate::Session::new(topology).evaluate_alternatives(flow, trace, gb_per_month)
}

/// The kept candidates, biggest saving first.
pub(crate) fn kept(candidates: Vec<Candidate>) -> Vec<Alternative> {
    let mut out: Vec<Alternative> = candidates
        .into_iter()
        .filter_map(|c| c.alternative.filter(|_| c.kept))
        .collect();
    out.sort_by(|a, b| {
        b.monthly_saving
            .total_cmp(&a.monthly_saving)
            .then_with(|| a.title.cmp(&b.title))
    });
    out
}

/// Where candidates are made and re-traced: the local topology of the flow ([`crate::session`]'s scope), or
/// the whole one.
struct Base<'s, 't> {
    session: &'s Session<'t>,
    /// The topology the candidates edit.
    topology: std::borrow::Cow<'s, Topology>,
    /// Whether `topology` is the local part only.
    local: bool,
}

impl Base<'_, '_> {
    /// Whether a trace on the local topology is the one the whole topology would give: it arrived, or it was
    /// dropped by an object of the local topology, on a path that stayed in the local VPCs and never headed
    /// for a gateway that leads out of them (peering, transit gateway, VPN, Direct Connect, a provider's
    /// endpoint service).
    fn settled_locally(&self, tr: &Trace) -> bool {
        if tr.reachable {
            return true;
        }
        let leaves = tr.hops.iter().any(|h| {
            matches!(
                h.kind,
                HopKind::PEERING_CONNECTION
                    | HopKind::TRANSIT_GATEWAY
                    | HopKind::TRANSIT_GATEWAY_ATTACHMENT
                    | HopKind::TRANSIT_GATEWAY_ROUTE_TABLE
                    | HopKind::VPN_GATEWAY
                    | HopKind::VPN_CONNECTION
                    | HopKind::DIRECT_CONNECT_GATEWAY
                    | HopKind::ENDPOINT_SERVICE
                    | HopKind::LOAD_BALANCER
                    | HopKind::OnPrem
            )
        });
        let local_vpcs: Vec<&str> = self.topology.vpcs.iter().map(|v| v.id.as_str()).collect();
        let t = self.session.topology();
        let stays = self
            .session
            .vpcs_of(tr)
            .into_iter()
            .all(|v| local_vpcs.contains(&t.vpcs[v].id.as_str()));
        let dropped_here = tr
            .explanations
            .iter()
            .all(|e| crate::model::objects::find(&self.topology, &e.component).is_some());
        !leaves && stays && dropped_here
    }
}

/// Every candidate for the flow, evaluated on the session's compiled topology: candidates are made on the
/// flow's local topology when it gives the same trace as the whole one (else on the whole one).
pub(crate) fn evaluate_in(
    session: &Session<'_>,
    flow: &FlowSpec,
    trace: &Trace,
    gb_per_month: f64,
    whole: bool,
) -> Vec<Candidate> {
    let gb = if gb_per_month.is_finite() && gb_per_month > 0.0 {
        gb_per_month
    } else {
        0.0
    };
    if !trace.reachable {
        return Vec::new();
    }
    let local = (!whole)
        .then(|| session.local_topology(trace))
        .filter(|t| crate::trace(t, flow).as_ref() == Ok(trace));
    let base = match local {
        Some(t) => Base {
            session,
            topology: std::borrow::Cow::Owned(t),
            local: true,
        },
        None => Base {
            session,
            topology: std::borrow::Cow::Borrowed(session.topology()),
            local: false,
        },
    };
    let t: &Topology = &base.topology;
    let lk = Lookup::new(t);
    let a = analyze(&lk, flow, trace, gb);
    let mut groups: Vec<Vec<(String, Draft)>> = Vec::new();
    let g = Gen {
        t,
        lk: &lk,
        a: &a,
        flow,
        taken: session.taken(),
    };
    groups.extend(g.gateway_endpoint().map(|c| vec![c]));
    groups.extend(g.interface_endpoint().map(|c| vec![c]));
    groups.extend(g.nat_per_az().into_iter().map(|c| vec![c]));
    groups.push(g.move_source());

    let fixed_before: f64 = fixed_costs(t).iter().map(|i| i.usd).sum();
    let mut out = Vec::new();
    for group in groups {
        for (title, draft) in group {
            let c = evaluate(&base, &lk, &a, flow, trace, gb, fixed_before, title, draft);
            let kept = c.kept;
            out.push(c);
            if kept {
                break; // one kept candidate per group (e.g. the first subnet a move works into)
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn evaluate(
    base: &Base<'_, '_>,
    lk: &Lookup<'_>,
    before: &Analysis,
    flow: &FlowSpec,
    trace: &Trace,
    gb: f64,
    fixed_before: f64,
    title: String,
    draft: Draft,
) -> Candidate {
    let reject = |title: String, reason: String| Candidate {
        title,
        kept: false,
        reason,
        alternative: None,
    };
    let delta = crate::model::delta(&base.topology, &draft.topology);
    let mut traced = crate::trace(&draft.topology, &draft.flow);
    if base.local && !traced.as_ref().is_ok_and(|t| base.settled_locally(t)) {
        // Blocked where the reason may lie outside the local part: ask the whole edited topology.
        let mut whole = base.session.topology().clone();
        delta.apply(&mut whole);
        traced = crate::trace(&whole, &draft.flow);
    }
    let tr = match traced {
        Ok(tr) => tr,
        Err(e) => {
            return reject(
                title,
                format!("the flow cannot be traced after the change: {e}"),
            )
        }
    };
    if !tr.reachable {
        let why: Vec<String> = tr
            .explanations
            .iter()
            .map(|e| format!("{} ({})", e.code, e.message))
            .collect();
        return reject(
            title,
            format!("the flow would be blocked: {}", why.join("; ")),
        );
    }
    let change = Change {
        description: draft.description,
        steps: draft.steps,
        flow: draft.flow,
        delta,
    };
    let lk2 = Lookup::new(&draft.topology);
    let after = analyze(&lk2, &change.flow, &tr, gb);
    if !same_destination(before, trace, &after, &tr) {
        return reject(title, "the flow would reach a different destination".into());
    }
    let fixed_after: f64 = fixed_costs(&draft.topology).iter().map(|i| i.usd).sum();
    let delta = fixed_after - fixed_before;
    let before_usd = before.cost.exact_usd();
    let after_usd = after.cost.exact_usd() + delta;
    if after_usd >= before_usd - 1e-9 {
        return reject(
            title,
            format!(
                "no saving at {gb} GB a month: ${:.2} now, ${:.2} after (flow ${:.2} + fixed {:+.2})",
                round_cents(before_usd),
                round_cents(after_usd),
                after.cost.usd_per_month,
                round_cents(delta)
            ),
        );
    }
    let saving = |x: f64| -> f64 {
        let b = analyze(lk, flow, trace, x).cost.exact_usd();
        let a = analyze(&lk2, &change.flow, &tr, x).cost.exact_usd() + delta;
        b - a
    };
    let break_even = if saving(0.0) >= -1e-12 {
        Some(0.0)
    } else {
        // saving(0) < 0 < saving(gb): bisect the crossing of the two (piecewise linear) cost curves.
        let (mut lo, mut hi) = (0.0f64, gb);
        for _ in 0..200 {
            let mid = (lo + hi) / 2.0;
            if saving(mid) >= 0.0 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some((hi * 100.0 - 1e-6).ceil() / 100.0)
    };
    let alt = Alternative {
        title: title.clone(),
        usd_per_month_before: round_cents(before_usd),
        usd_per_month_after: round_cents(after_usd),
        monthly_saving: round_cents(before_usd - after_usd),
        fixed_usd_per_month_delta: round_cents(delta),
        break_even_gb: break_even,
        cost_after: after.cost,
        hops_after: tr.hops,
        change,
    };
    let reason = format!("saves ${:.2} a month at {gb} GB", alt.monthly_saving);
    Candidate {
        title,
        kept: true,
        reason,
        alternative: Some(alt),
    }
}

fn same_destination(before: &Analysis, tb: &Trace, after: &Analysis, ta: &Trace) -> bool {
    match (&before.service, &after.service) {
        (Some(b), Some(a)) => a.service == b.service && a.region == b.region,
        (Some(_), None) | (None, Some(_)) => false,
        (None, None) => {
            let last = |t: &Trace| {
                t.hops
                    .iter()
                    .rev()
                    .find(|h| !h.kind.is_filter())
                    .map(|h| (h.kind, h.id.clone()))
            };
            last(tb) == last(ta)
        }
    }
}

struct Gen<'a, 't> {
    /// The topology the candidates edit (the flow's local part, or the whole).
    t: &'t Topology,
    lk: &'a Lookup<'t>,
    a: &'a Analysis,
    flow: &'a FlowSpec,
    /// Ids and public addresses the whole topology uses: new objects never reuse them.
    taken: &'a Taken,
}

impl Gen<'_, '_> {
    fn src_subnet(&self) -> Option<&Subnet> {
        self.a
            .source_loc
            .as_ref()
            .and_then(|l| l.subnet.as_deref())
            .and_then(|s| self.lk.subnet(s))
    }

    fn vpc_region(&self, vpc: &str) -> Option<String> {
        self.lk.vpc_region(vpc)
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table (RT-08).
    fn route_table_of(t: &Topology, subnet: &Subnet) -> Option<usize> {
        t.route_tables
            .iter()
            .position(|r| r.subnet_ids.iter().any(|s| s == &subnet.id))
            .or_else(|| {
                t.route_tables
                    .iter()
                    .position(|r| r.main && r.vpc_id == subnet.vpc_id)
            })
    }

    fn service_label(svc: &str) -> String {
        match svc {
            "s3" => "S3".into(),
            "dynamodb" => "DynamoDB".into(),
            other => other.to_string(),
        }
    }

    fn gateway_endpoint(&self) -> Option<(String, Draft)> {
        let svc = self.a.service.as_ref()?;
        if svc.service != "s3" && svc.service != "dynamodb" {
            return None;
        }
        if self
            .a
            .endpoints
            .iter()
            .any(|(_, k)| *k == EndpointKind::Gateway)
        {
            return None;
        }
        let subnet = self.src_subnet()?;
        let region = self.vpc_region(&subnet.vpc_id)?;
        if region != svc.region {
            return None; // GE-06, GE-12: a gateway endpoint serves its own Region only.
        }
        let mut t = self.t.clone();
        let rtb = Self::route_table_of(&t, subnet)?;
        let rtb_id = t.route_tables[rtb].id.clone();
        let label = Self::service_label(&svc.service);
        let service_name = format!("com.amazonaws.{region}.{}", svc.service);
        let mut steps = Vec::new();
        if !t.prefix_lists.iter().any(|p| p.name == service_name) {
            let (cidrs, whence) = stand_in_ranges(&region, &svc.service);
            let id = unique_id(&t, self.taken, &format!("pl-vpclab-{}", svc.service));
            steps.push(format!(
                "add the AWS-managed prefix list {service_name} ({id}, {}) that the endpoint route needs (GE-01): {whence}; import the real list with describe-managed-prefix-lists, as its id differs by Region and account (GE-28)",
                cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
            ));
            t.prefix_lists.push(PrefixList {
                id,
                name: service_name.clone(),
                cidrs,
                aws_managed: true,
            });
        }
        let existing = t.vpc_endpoints.iter().position(|e| {
            e.vpc_id == subnet.vpc_id
                && e.kind == EndpointKind::Gateway
                && e.service_name == service_name
        });
        let title = match existing {
            Some(e) => {
                if t.vpc_endpoints[e].route_table_ids.contains(&rtb_id) {
                    return None;
                }
                t.vpc_endpoints[e].route_table_ids.push(rtb_id.clone());
                let id = t.vpc_endpoints[e].id.clone();
                steps.push(format!("associate route table {rtb_id} with the existing gateway endpoint {id} for {label} (GE-01)"));
                format!("Associate {rtb_id} with the gateway endpoint for {label} ({id})")
            }
            None => {
                let id = unique_id(&t, self.taken, &format!("vpce-vpclab-{}", svc.service));
                steps.push(format!("create gateway endpoint {id} for {label} in {} and associate route table {rtb_id} (GE-01)", subnet.vpc_id));
                t.vpc_endpoints.push(VpcEndpoint {
                    id,
                    vpc_id: subnet.vpc_id.clone(),
                    service_name: service_name.clone(),
                    kind: EndpointKind::Gateway,
                    route_table_ids: vec![rtb_id.clone()],
                    ..Default::default()
                });
                format!("Add a gateway endpoint for {label} to {rtb_id}")
            }
        };
        steps.push(format!(
            "expect a blip: {label} connections open from the subnets of {rtb_id} are dropped when the route changes, and {label} sees their private addresses from then on (GE-16)"
        ));
        let description = format!(
            "Route {label} traffic from {} through a gateway endpoint: no hourly or per-GB charge (GE-10), and no NAT gateway processing (NAT-09)",
            subnet.id
        );
        Some((
            title,
            Draft {
                description,
                steps,
                topology: t,
                flow: self.flow.clone(),
            },
        ))
    }

    fn interface_endpoint(&self) -> Option<(String, Draft)> {
        let svc = self.a.service.as_ref()?;
        if svc.service.starts_with("vpce-svc-")
            || self
                .a
                .endpoints
                .iter()
                .any(|(_, k)| *k == EndpointKind::Interface)
        {
            return None;
        }
        let subnet = self.src_subnet()?;
        let region = self.vpc_region(&subnet.vpc_id)?;
        if region != svc.region {
            return None;
        }
        let label = Self::service_label(&svc.service);
        let service_name = format!("com.amazonaws.{region}.{}", svc.service);
        let mut t = self.t.clone();
        let mut steps = Vec::new();
        let v = t.vpcs.iter().position(|v| v.id == subnet.vpc_id)?;
        let existing = t.vpc_endpoints.iter().position(|e| {
            e.vpc_id == subnet.vpc_id
                && e.kind == EndpointKind::Interface
                && e.service_name == service_name
        });
        let title;
        match existing {
            Some(e) => {
                let ep = &mut t.vpc_endpoints[e];
                if ep.private_dns_enabled && !ep.private_dns_only_for_inbound_resolver_endpoint {
                    // Private DNS is on already: whatever keeps it from being used is not a cost question.
                    if t.vpcs[v].enable_dns_support && t.vpcs[v].enable_dns_hostnames {
                        return None;
                    }
                } else {
                    ep.private_dns_enabled = true;
                    ep.private_dns_only_for_inbound_resolver_endpoint = false;
                    steps.push(format!("turn on private DNS of the existing interface endpoint {} for {label} (IE-05)", ep.id));
                }
                title = format!(
                    "Use the existing interface endpoint for {label} ({}) through its private DNS",
                    t.vpc_endpoints[e].id
                );
            }
            None => {
                let IpNet::V4(_) = subnet.cidr_block? else {
                    return None;
                };
                let ip = free_ip(&t, &subnet.id)?;
                let port = self.flow.port.unwrap_or(443);
                let sg_id = unique_id(&t, self.taken, &format!("sg-vpclab-vpce-{}", svc.service));
                let ep_id = unique_id(&t, self.taken, &format!("vpce-vpclab-{}", svc.service));
                let eni_id = unique_id(&t, self.taken, &format!("eni-vpclab-vpce-{}", svc.service));
                let vpc_cidrs: Vec<IpNet> = t.vpcs[v]
                    .cidr_blocks
                    .iter()
                    .copied()
                    .filter(|c| matches!(c, IpNet::V4(_)))
                    .collect();
                t.security_groups.push(SecurityGroup {
                    id: sg_id.clone(),
                    vpc_id: subnet.vpc_id.clone(),
                    name: Some(format!("vpce-{}", svc.service)),
                    ingress: vec![SgRule {
                        protocol: "tcp".into(),
                        from_port: Some(port as i32),
                        to_port: Some(port as i32),
                        cidrs: vpc_cidrs.clone(),
                        description: Some("clients in the VPC (IE-13)".into()),
                        ..Default::default()
                    }],
                    egress: vec![SgRule {
                        protocol: "-1".into(),
                        cidrs: vec!["0.0.0.0/0".parse().ok()?],
                        ..Default::default()
                    }],
                });
                t.network_interfaces.push(NetworkInterface {
                    id: eni_id.clone(),
                    subnet_id: subnet.id.clone(),
                    description: Some(format!("VPC Endpoint Interface {ep_id}")),
                    kind: InterfaceKind::VpcEndpoint,
                    private_ips: vec![ip],
                    security_group_ids: vec![sg_id.clone()],
                    attached_to: Some(ep_id.clone()),
                    ..Default::default()
                });
                t.vpc_endpoints.push(VpcEndpoint {
                    id: ep_id.clone(),
                    vpc_id: subnet.vpc_id.clone(),
                    service_name: service_name.clone(),
                    kind: EndpointKind::Interface,
                    subnet_ids: vec![subnet.id.clone()],
                    network_interface_ids: vec![eni_id.clone()],
                    security_group_ids: vec![sg_id.clone()],
                    private_dns_enabled: true,
                    ..Default::default()
                });
                let az = subnet.az.clone().unwrap_or_else(|| "its AZ".into());
                steps.push(format!(
                    "create security group {sg_id} admitting tcp/{port} from {} (IE-13)",
                    vpc_cidrs
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                steps.push(format!(
                    "create interface endpoint {ep_id} for {service_name} in {} ({az}), ENI {eni_id} at {ip}, private DNS on",
                    subnet.id
                ));
                title = format!(
                    "Add an interface endpoint for {label} in {} ({az})",
                    subnet.id
                );
            }
        }
        let vpc = &mut t.vpcs[v];
        if !vpc.enable_dns_support || !vpc.enable_dns_hostnames {
            vpc.enable_dns_support = true;
            vpc.enable_dns_hostnames = true;
            steps.push(format!(
                "turn on enableDnsSupport and enableDnsHostnames of {} (IE-05, DNS-03)",
                vpc.id
            ));
        }
        let description = format!(
            "Reach {label} through AWS PrivateLink from {}: the endpoint's per-AZ-hour and per-GB charges (IE-02, IE-15) replace what the current path pays",
            subnet.id
        );
        Some((
            title,
            Draft {
                description,
                steps,
                topology: t,
                flow: self.flow.clone(),
            },
        ))
    }

    /// A NAT gateway in the source's AZ for every crossing from the source's AZ into a zonal NAT gateway.
    fn nat_per_az(&self) -> Vec<(String, Draft)> {
        let mut out = Vec::new();
        let Some(subnet) = self.src_subnet() else {
            return out;
        };
        let Some(src) = self.a.source_loc.as_ref() else {
            return out;
        };
        for c in &self.a.crossings {
            if c.kind != CrossingKind::InterAz || c.from.subnet != src.subnet {
                continue;
            }
            let Some((HopKind::NAT_GATEWAY, nat_id)) =
                c.into.as_ref().map(|(k, id)| (*k, id.as_str()))
            else {
                continue;
            };
            let Some(old) = self.lk.nat(nat_id) else {
                continue;
            };
            if old.availability_mode == AvailabilityMode::Regional {
                continue;
            }
            let mut t = self.t.clone();
            let Some(host) = public_subnet_in(&t, &subnet.vpc_id, src) else {
                continue;
            };
            let Some(private_ip) = free_ip(&t, &host).and_then(|ip| match ip {
                IpAddr::V4(v4) => Some(v4),
                IpAddr::V6(_) => None,
            }) else {
                continue;
            };
            let az = src.az_label();
            let nat_new = unique_id(&t, self.taken, &format!("nat-vpclab-{az}"));
            let public_ip = (old.connectivity == NatConnectivity::Public)
                .then(|| placeholder_eip(&t, self.taken))
                .flatten();
            if old.connectivity == NatConnectivity::Public && public_ip.is_none() {
                continue;
            }
            t.nat_gateways.push(NatGateway {
                id: nat_new.clone(),
                subnet_id: Some(host.clone()),
                vpc_id: Some(subnet.vpc_id.clone()),
                connectivity: old.connectivity,
                availability_mode: AvailabilityMode::Zonal,
                azs: Vec::new(),
                private_ip: Some(private_ip),
                public_ip,
                eni_id: None,
            });
            let mut steps = vec![format!(
                "create NAT gateway {nat_new} in {host} ({az}){}",
                public_ip
                    .map(|ip| format!(" with a new Elastic IP (placeholder {ip})"))
                    .unwrap_or_default()
            )];
            let Some(rtb) = Self::route_table_of(&t, subnet) else {
                continue;
            };
            let old_rt = t.route_tables[rtb].clone();
            let new_rt_id = unique_id(&t, self.taken, &format!("rtb-vpclab-{}", subnet.id));
            let routes: Vec<Route> = old_rt
                .routes
                .iter()
                .map(|r| {
                    if r.target == old.id {
                        Route {
                            target: nat_new.clone(),
                            ..r.clone()
                        }
                    } else {
                        r.clone()
                    }
                })
                .collect();
            t.route_tables[rtb].subnet_ids.retain(|s| s != &subnet.id);
            t.route_tables.push(RouteTable {
                id: new_rt_id.clone(),
                vpc_id: old_rt.vpc_id.clone(),
                name: Some(format!(
                    "{} ({az})",
                    old_rt.name.clone().unwrap_or_else(|| old_rt.id.clone())
                )),
                main: false,
                subnet_ids: vec![subnet.id.clone()],
                gateway_ids: Vec::new(),
                propagating_vgws: old_rt.propagating_vgws.clone(),
                routes,
            });
            for ep in t.vpc_endpoints.iter_mut() {
                if ep.kind == EndpointKind::Gateway && ep.route_table_ids.contains(&old_rt.id) {
                    ep.route_table_ids.push(new_rt_id.clone());
                }
            }
            steps.push(format!(
                "give {} its own route table {new_rt_id}: a copy of {} whose routes to {} go to {nat_new} (NAT-05)",
                subnet.id, old_rt.id, old.id
            ));
            let title = format!("Add a NAT gateway in {az} for {}", subnet.id);
            let description = format!(
                "Keep {}'s internet traffic in {az}: one NAT gateway per AZ with AZ-local routes avoids the inter-AZ transfer to {} (NAT-10) at the price of another NAT gateway and Elastic IP",
                subnet.id, old.id
            );
            out.push((
                title,
                Draft {
                    description,
                    steps,
                    topology: t,
                    flow: self.flow.clone(),
                },
            ));
        }
        out
    }

    /// Move the source instance (or ENI) into the AZ its traffic crosses into.
    fn move_source(&self) -> Vec<(String, Draft)> {
        let mut out = Vec::new();
        let (Some((kind, id)), Some(src)) = (self.a.source.as_ref(), self.a.source_loc.as_ref())
        else {
            return out;
        };
        if *kind != HopKind::INSTANCE && *kind != HopKind::NETWORK_INTERFACE {
            return out;
        }
        let Some(subnet) = self.src_subnet() else {
            return out;
        };
        let crossing = self.a.crossings.iter().find(|c| {
            c.from.subnet == src.subnet
                && matches!(c.kind, CrossingKind::InterAz | CrossingKind::PeeringCrossAz)
                && c.into.as_ref().is_some_and(|(k, _)| {
                    matches!(
                        *k,
                        HopKind::NAT_GATEWAY | HopKind::INSTANCE | HopKind::NETWORK_INTERFACE
                    )
                })
        });
        let Some(c) = crossing else { return out };
        let target = &c.to;
        let src_rt = Self::route_table_of(self.t, subnet);
        let default_target = |rt: Option<usize>| -> Option<String> {
            let rt = &self.t.route_tables[rt?];
            rt.routes
                .iter()
                .find(|r| matches!(r.destination, Destination::Cidr(c) if c.prefix_len() == 0 && c.addr().is_ipv4()))
                .map(|r| r.target.clone())
        };
        let mut candidates: Vec<(u8, &Subnet)> = self
            .t
            .subnets
            .iter()
            .filter(|s| s.vpc_id == subnet.vpc_id && s.id != subnet.id)
            .filter(|s| {
                let l = Loc {
                    region: None,
                    az: s.az.clone(),
                    az_id: s.az_id.clone(),
                    subnet: None,
                    vpc: None,
                };
                l.same_az(target) == Some(true)
            })
            .map(|s| {
                let rt = Self::route_table_of(self.t, s);
                let rank = if rt.is_some() && rt == src_rt {
                    0
                } else if default_target(rt).is_some()
                    && default_target(rt) == default_target(src_rt)
                {
                    1
                } else {
                    2
                };
                (rank, s)
            })
            .collect();
        candidates.sort_by_key(|(r, s)| (*r, s.id.clone()));
        let into = c
            .into
            .as_ref()
            .map(|(_, id)| id.clone())
            .unwrap_or_default();
        for (_, dest) in candidates.into_iter().take(4) {
            let mut t = self.t.clone();
            let Some(ip) = free_ip(&t, &dest.id) else {
                continue;
            };
            let mut flow = self.flow.clone();
            let old_ip = move_host(&mut t, *kind, id, &dest.id, ip);
            if let Some(old_ip) = old_ip {
                if flow.from.trim() == old_ip.to_string() {
                    flow.from = ip.to_string();
                }
            }
            let az = target.az_label();
            let title = format!("Move {id} to {az} ({})", dest.id);
            let description = format!("Put {id} in the same AZ as {into}: no inter-AZ transfer on the way (DT-01, NAT-10)");
            let steps = vec![format!(
                "move {id} from {} to {} ({az}) at {ip}",
                subnet.id, dest.id
            )];
            out.push((
                title,
                Draft {
                    description,
                    steps,
                    topology: t,
                    flow,
                },
            ));
        }
        out
    }
}

/// Move an instance (its primary interface) or an ENI to another subnet; returns its old address.
fn move_host(
    t: &mut Topology,
    kind: HopKind,
    id: &str,
    subnet: &str,
    ip: IpAddr,
) -> Option<IpAddr> {
    let eni_id = if kind == HopKind::NETWORK_INTERFACE {
        Some(id.to_string())
    } else {
        let inst = t.instances.iter().find(|i| i.id == id)?;
        inst.network_interface_ids
            .iter()
            .find(|e| t.network_interfaces.iter().any(|n| &n.id == *e))
            .cloned()
            .or_else(|| {
                t.network_interfaces
                    .iter()
                    .find(|n| n.attached_to.as_deref() == Some(id))
                    .map(|n| n.id.clone())
            })
    };
    if let Some(eni_id) = eni_id {
        let eni = t.network_interfaces.iter_mut().find(|n| n.id == eni_id)?;
        let old = eni.private_ips.first().copied();
        eni.subnet_id = subnet.to_string();
        match eni.private_ips.first_mut() {
            Some(first) => *first = ip,
            None => eni.private_ips.push(ip),
        }
        return old;
    }
    let inst = t.instances.iter_mut().find(|i| i.id == id)?;
    let old = inst.private_ip;
    inst.subnet_id = Some(subnet.to_string());
    inst.private_ip = Some(ip);
    old
}

/// A subnet of the VPC in the AZ of `loc` whose route table sends 0.0.0.0/0 to an internet gateway.
fn public_subnet_in(t: &Topology, vpc: &str, loc: &Loc) -> Option<String> {
    t.subnets
        .iter()
        .filter(|s| s.vpc_id == vpc)
        .filter(|s| Loc { region: None, az: s.az.clone(), az_id: s.az_id.clone(), subnet: None, vpc: None }.same_az(loc) == Some(true))
        .find(|s| {
            Gen::route_table_of(t, s).is_some_and(|rt| {
                t.route_tables[rt].routes.iter().any(|r| {
                    r.target.starts_with("igw-")
                        && r.state == RouteState::Active
                        && matches!(r.destination, Destination::Cidr(c) if c.prefix_len() == 0 && c.addr().is_ipv4())
                })
            })
        })
        .map(|s| s.id.clone())
}

/// The lowest free IPv4 address of a subnet (AWS reserves the first four and the last): one that no instance,
/// interface or NAT gateway of the subnet holds.
fn free_ip(t: &Topology, subnet: &str) -> Option<IpAddr> {
    let s = t.subnets.iter().find(|s| s.id == subnet)?;
    let IpNet::V4(cidr) = s.cidr_block? else {
        return None;
    };
    let in_subnet = |id: Option<&str>| id == Some(subnet);
    let mut used: Vec<IpAddr> = Vec::new();
    used.extend(
        t.instances
            .iter()
            .filter(|i| in_subnet(i.subnet_id.as_deref()))
            .filter_map(|i| i.private_ip),
    );
    used.extend(
        t.network_interfaces
            .iter()
            .filter(|e| in_subnet(Some(&e.subnet_id)))
            .flat_map(|e| e.private_ips.iter().copied()),
    );
    used.extend(
        t.nat_gateways
            .iter()
            .filter(|n| in_subnet(n.subnet_id.as_deref()))
            .filter_map(|n| n.private_ip.map(IpAddr::V4)),
    );
    let first = u32::from(cidr.network()).checked_add(4)?;
    let last = u32::from(cidr.broadcast()).checked_sub(1)?;
    (first..=last)
        .map(|a| IpAddr::V4(Ipv4Addr::from(a)))
        .find(|ip| !used.contains(ip))
}

/// A placeholder Elastic IP from the documentation range 192.0.2.0/24 (RFC 5737) that nothing else uses.
fn placeholder_eip(t: &Topology, taken: &Taken) -> Option<Ipv4Addr> {
    let mut used: Vec<Ipv4Addr> = Vec::new();
    used.extend(t.instances.iter().filter_map(|i| i.public_ip));
    used.extend(t.network_interfaces.iter().filter_map(|e| e.public_ip));
    used.extend(t.nat_gateways.iter().filter_map(|n| n.public_ip));
    (1u8..=254)
        .map(|h| Ipv4Addr::new(192, 0, 2, h))
        .find(|ip| !used.contains(ip) && !taken.public_ips.contains(ip))
}

/// CIDRs for a stand-in AWS-managed prefix list: the documented sample for us-east-1 S3 and DynamoDB
/// (aws-reference §7.2), else a documentation range (RFC 5737).
fn stand_in_ranges(region: &str, service: &str) -> (Vec<IpNet>, &'static str) {
    let parse = |v: &[&str]| {
        v.iter()
            .filter_map(|c| c.parse().ok())
            .collect::<Vec<IpNet>>()
    };
    match (region, service) {
        ("us-east-1", "s3") => (
            parse(&["54.231.0.0/17", "52.216.0.0/15", "3.5.16.0/21", "3.5.0.0/20"]),
            "ranges of pl-63a5400a as captured in May 2020 (aws-reference §7.2, a format sample, not current ranges)",
        ),
        ("us-east-1", "dynamodb") => (
            parse(&["52.94.0.0/22", "52.119.224.0/20"]),
            "ranges of pl-02cd2c6b as captured in May 2020 (aws-reference §7.2, a format sample, not current ranges)",
        ),
        (_, "dynamodb") => (parse(&["198.51.100.0/24"]), "a documentation range standing in for the service's real ranges"),
        _ => (parse(&["203.0.113.0/24"]), "a documentation range standing in for the service's real ranges"),
    }
}

/// `base`, or `base-2`, `base-3` … whichever no object of the topology (nor of the whole one) uses.
fn unique_id(t: &Topology, taken: &Taken, base: &str) -> String {
    let taken = |id: &str| {
        taken.ids.contains(id)
            || t.vpc_endpoints.iter().any(|x| x.id == id)
            || t.prefix_lists.iter().any(|x| x.id == id)
            || t.security_groups.iter().any(|x| x.id == id)
            || t.network_interfaces.iter().any(|x| x.id == id)
            || t.nat_gateways.iter().any(|x| x.id == id)
            || t.route_tables.iter().any(|x| x.id == id)
    };
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
}
