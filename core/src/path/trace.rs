//! The walk: a packet moves from its source through filters, route tables and gateways, hop by hop, until it
//! is delivered or dropped. Every drop records an explanation code (AWS Reachability Analyzer names where one
//! fits, see [`crate::codes`]); a routing loop ends with `VPCLAB_ROUTING_LOOP`, never a hang.
//!
//! Evaluation order (aws-reference §5): DNS → source SG egress → source subnet NACL out → route table (longest
//! prefix, then static > prefix list > propagated) → the target's own rules → destination NACL in → destination
//! SG in; finally the stateless NACLs are checked again for the reply (NACL-01).

use super::index::{is_live, Host, HostOwner, Index};
use super::rules::{self, eval_nacl, is_private, Packet, Peer, EPHEMERAL_PORT, ICMP, TCP, UDP};
use super::{Advisory, Explanation, FlowError, FlowSpec, Hop, HopKind, Network, Trace};
use crate::codes;
use crate::model::*;
use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};

mod admission;
mod endpoints;
mod filters;
mod hybrid;
mod internet;
mod performance;
mod replies;
mod resolve;

use resolve::resolve_source;

/// Trace one flow through a topology. Errors only when the flow names nothing (`FlowError`).
///
/// ```
/// use vpclab_core::{trace, FlowSpec, Topology};
/// let t = Topology::from_json(r#"{
///   "vpcs": [{"id": "vpc-1", "region": "us-east-1", "cidr_blocks": ["10.0.0.0/16"]}],
///   "subnets": [{"id": "subnet-1", "vpc_id": "vpc-1", "az": "us-east-1a", "cidr_block": "10.0.1.0/24"}],
///   "route_tables": [{"id": "rtb-1", "vpc_id": "vpc-1", "main": true, "routes": []}],
///   "instances": [
///     {"id": "i-a", "subnet_id": "subnet-1", "private_ip": "10.0.1.10"},
///     {"id": "i-b", "subnet_id": "subnet-1", "private_ip": "10.0.1.11"}
///   ]
/// }"#).unwrap();
/// let flow = FlowSpec { from: "i-a".into(), to: "i-b".into(), port: Some(22), ..Default::default() };
/// let answer = trace(&t, &flow).unwrap();
/// assert!(answer.reachable);
/// ```
pub fn trace(topology: &Topology, spec: &FlowSpec) -> Result<Trace, FlowError> {
    let ix = Index::new(topology);
    trace_with(&ix, spec)
}

/// Trace with a prebuilt index (for many flows over one topology).
pub fn trace_with(ix: &Index<'_>, spec: &FlowSpec) -> Result<Trace, FlowError> {
    let protocol = match spec.protocol.as_deref() {
        None => TCP,
        Some(p) => rules::parse_protocol(p).ok_or_else(|| FlowError::Invalid {
            field: "protocol",
            message: format!(
                "`{p}` is not a protocol: use tcp, udp, icmp or a protocol number 0-255"
            ),
        })?,
    };
    let source = resolve_source(ix, &spec.from)?;
    let mut w = Walker::new(ix, protocol);
    w.request = ApiRequest {
        action: spec.action.clone(),
        resource: spec.resource.clone(),
        principal: spec.principal.clone(),
    };
    let Some(dest) = w.resolve_destination(&source, spec)? else {
        w.add_limit_advisories(&source, IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        return Ok(w.finish());
    };
    let port = spec.port.or(if dest.by_name { Some(443) } else { None });
    let src_ip = w.source_ip(&source, dest.ip)?;
    let has_ports = protocol == TCP || protocol == UDP;
    w.pkt = Packet {
        src: src_ip,
        dst: dest.ip,
        protocol,
        src_port: has_ports.then_some(EPHEMERAL_PORT),
        dst_port: if has_ports { port } else { None },
    };
    w.run(&source);
    w.add_limit_advisories(&source, dest.ip);
    w.add_region_advisory();
    w.add_performance_advisories(spec);
    let mut trace = w.finish();
    // The seed's "through the internet", corrected where the learner meets it (PUB-01).
    if let Some(a) = codes::network::seed_advisory(&trace) {
        trace.advisories.push(a);
    }
    Ok(trace)
}

/// Where a flow starts.
#[derive(Debug, Clone)]
enum Source {
    Host(usize),
    /// An address inside a subnet that no interface owns (a spoofed or unassigned source).
    SubnetAddress(usize, IpAddr),
    Internet(IpAddr),
    OnPrem(IpAddr),
}

/// How the packet entered the VPC it is in now (decides NAT, peering and gateway-endpoint eligibility).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Origin {
    /// From an interface or subnet of this VPC.
    Local,
    Peering,
    TransitGateway,
    Vpn,
    Internet,
}

struct Resolved {
    ip: IpAddr,
    by_name: bool,
}

/// The packet was dropped. Only [`Walker::block`] makes one, after recording the explanation, so every drop
/// has its explanation code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dropped(());

/// One step of the walk: `Ok` = the packet goes on, `Err(Dropped)` = dropped (explanation recorded).
type Step = Result<(), Dropped>;

/// The API request a flow carries, for endpoint, bucket and identity policies (`FlowSpec::action`, `resource`,
/// `principal`); `None` = the engine's default for the service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ApiRequest {
    action: Option<String>,
    resource: Option<String>,
    principal: Option<String>,
}

/// A place the walk can come back to (a loop).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Visit {
    RouteTable(usize),
    TransitGatewayRouteTable(usize),
    /// An interface endpoint that hands the packet to its service's load balancer.
    Endpoint(usize),
}

struct Walker<'a, 't> {
    ix: &'a Index<'t>,
    pkt: Packet,
    hops: Vec<Hop>,
    explanations: Vec<Explanation>,
    advisories: Vec<Advisory>,
    reachable: bool,
    public: bool,
    /// The host that originated the packet, while its address is still the packet's source.
    src_host: Option<usize>,
    /// The AZ the flow started in (for TGW attachment AZ affinity).
    src_az: Option<&'t str>,
    /// NACL crossings, re-checked for the reply: (acl, egress, packet at that point).
    crossings: Vec<(usize, bool, Packet)>,
    /// Where the packet has been, as it was there: coming back the same is a loop (`VPCLAB_ROUTING_LOOP`).
    visited: HashSet<(Visit, Packet)>,
    /// Steps left before the walk is called a loop even without an exact return.
    budget: u32,
    /// The AWS service the destination name belongs to, and the address its name resolved to.
    service: Option<super::dns::ServiceName>,
    service_ip: Option<IpAddr>,
    /// The API request of the flow (policy evaluation).
    request: ApiRequest,
    /// The gateway (IGW, peering connection, TGW, VGW id) the packet entered its current VPC by.
    entered_via: Option<String>,
    /// Where the reply is routed on its own, checked once the request arrives (RT-13, TGW-02).
    reply_routes: Vec<replies::ReplyRoute>,
    /// The appliance that forwarded the packet (SG-08: group references no longer match its source).
    forwarded_by: Option<String>,
}

impl<'a, 't> Walker<'a, 't> {
    fn new(ix: &'a Index<'t>, protocol: u8) -> Self {
        let unspecified = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        Walker {
            ix,
            pkt: Packet {
                src: unspecified,
                dst: unspecified,
                protocol,
                src_port: None,
                dst_port: None,
            },
            hops: Vec::new(),
            explanations: Vec::new(),
            advisories: Vec::new(),
            reachable: false,
            public: false,
            src_host: None,
            src_az: None,
            crossings: Vec::new(),
            visited: HashSet::new(),
            budget: 256,
            service: None,
            service_ip: None,
            request: ApiRequest::default(),
            entered_via: None,
            reply_routes: Vec::new(),
            forwarded_by: None,
        }
    }

    /// Spends a step of the budget at `place` (the component `id`): the walk ends there with `VPCLAB_ROUTING_LOOP`
    /// and `why` when the packet was there before as it is now, or the budget is spent.
    fn no_loop(&mut self, place: Visit, id: &str, why: impl FnOnce(&Packet) -> String) -> Step {
        self.budget = self.budget.saturating_sub(1);
        if !self.visited.insert((place, self.pkt)) || self.budget == 0 {
            let message = why(&self.pkt);
            return self.block(codes::VPCLAB_ROUTING_LOOP, id, message);
        }
        Ok(())
    }

    /// RA-01: Reachability Analyzer analyses paths inside one Region. A path through VPCs of several Regions
    /// (inter-Region peering, transit gateway peering) is followed here, and said to be beyond it.
    fn add_region_advisory(&mut self) {
        let ix = self.ix;
        let mut regions: Vec<&str> = Vec::new();
        for h in &self.hops {
            let vpc = match h.kind {
                HopKind::VPC => ix.vpc.get(h.id.as_str()).copied(),
                HopKind::ROUTE_TABLE => ix
                    .route_table
                    .get(h.id.as_str())
                    .and_then(|&r| ix.vpc.get(ix.topo.route_tables[r].vpc_id.as_str()).copied()),
                _ => None,
            };
            let region = vpc.and_then(|v| ix.vpc_region[v].as_deref());
            if let Some(r) = region.filter(|r| !regions.contains(r)) {
                regions.push(r);
            }
        }
        if regions.len() > 1 {
            self.advise(
                codes::VPCLAB_PATH_CROSSES_REGIONS,
                format!(
                    "the path crosses Regions ({}): Reachability Analyzer analyses a path inside one Region only (RA-01); VPC Lab follows it",
                    regions.join(" → ")
                ),
            );
        }
    }

    fn finish(self) -> Trace {
        Trace {
            reachable: self.reachable,
            network: self.reachable.then_some(if self.public {
                Network::Public
            } else {
                Network::Private
            }),
            hops: self.hops,
            explanations: self.explanations,
            advisories: self.advisories,
        }
    }

    fn hop(&mut self, id: &str, kind: HopKind, detail: String) {
        self.hops.push(Hop {
            id: id.to_string(),
            kind,
            detail,
        });
    }

    fn block(&mut self, code: &str, component: &str, message: String) -> Step {
        self.explanations.push(Explanation {
            code: code.to_string(),
            component: component.to_string(),
            message,
        });
        Err(Dropped(()))
    }

    fn advise(&mut self, code: &str, message: String) {
        if !self
            .advisories
            .iter()
            .any(|a| a.code == code && a.message == message)
        {
            self.advisories.push(Advisory {
                code: code.to_string(),
                message,
            });
        }
    }

    fn accept(&mut self) -> Step {
        self.reachable = true;
        Ok(())
    }

    fn host(&self, h: usize) -> &'a Host {
        &self.ix.hosts[h]
    }

    // ---------------------------------------------------------------- the walk

    fn run(&mut self, source: &Source) {
        self.src_az = self.source_az(source);
        let outcome = match source.clone() {
            Source::Host(h) => self.start_at_host(h),
            Source::SubnetAddress(s, ip) => {
                let vpc = self
                    .ix
                    .vpc
                    .get(self.ix.topo.subnets[s].vpc_id.as_str())
                    .copied();
                match vpc {
                    Some(vpc) => {
                        let id = &self.ix.topo.subnets[s].id;
                        self.hop(
                            id,
                            HopKind::SUBNET,
                            format!("{ip} is an address of this subnet that no interface owns"),
                        );
                        self.route_from_subnet(s, vpc, Origin::Local)
                    }
                    None => {
                        let s = &self.ix.topo.subnets[s];
                        self.block(
                            codes::UNKNOWN_RESOURCE,
                            &s.id,
                            format!(
                                "subnet {} belongs to VPC {}, which is not part of this topology",
                                s.id, s.vpc_id
                            ),
                        )
                    }
                }
            }
            Source::Internet(_) => {
                self.public = true;
                self.hop(
                    "internet",
                    HopKind::Internet,
                    format!(
                        "{} on the internet sends {} to {}",
                        self.pkt.src,
                        self.pkt.describe(),
                        self.pkt.dst
                    ),
                );
                self.on_internet(true)
            }
            Source::OnPrem(ip) => self.start_onprem(ip),
        };
        if outcome.is_ok() && self.reachable {
            self.check_replies();
        }
        if outcome.is_ok() && self.reachable {
            self.check_reply_routes();
        }
    }

    fn start_at_host(&mut self, h: usize) -> Step {
        let host = self.host(h);
        self.src_host = Some(h);
        let (label, kind) = self.ix.host_label(h);
        let detail = if label == host.id {
            format!(
                "{} sends {} to {}",
                self.pkt.src,
                self.pkt.describe(),
                self.pkt.dst
            )
        } else {
            format!(
                "{} ({}) sends {} to {}",
                host.id,
                self.pkt.src,
                self.pkt.describe(),
                self.pkt.dst
            )
        };
        self.hop(label, kind, detail);
        if self.pkt.dst == self.pkt.src || host.ips.contains(&self.pkt.dst) {
            return self.block(
                codes::VPCLAB_SAME_ADDRESS,
                label,
                "the source and the destination are the same interface".into(),
            );
        }
        self.sg_check(h, true)?;
        self.route_from_subnet(host.subnet, host.vpc, Origin::Local)
    }

    /// A packet leaves a subnet: same-subnet delivery (RT-11, NACL-04), else NACL out and the route table.
    fn route_from_subnet(&mut self, subnet: usize, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        let s = &ix.topo.subnets[subnet];
        let in_subnet = s
            .cidr_block
            .iter()
            .chain(s.ipv6_cidr_block.iter())
            .any(|c| c.contains(&self.pkt.dst));
        if in_subnet {
            return match ix.host_by_ip.get(&(vpc, self.pkt.dst)).copied() {
                Some(d) => self.arrive_host(d, Some(subnet), origin),
                None => self.block(
                    codes::VPCLAB_NO_INTERFACE_AT_DESTINATION,
                    &s.id,
                    format!(
                        "no network interface in subnet {} has the address {}",
                        s.id, self.pkt.dst
                    ),
                ),
            };
        }
        self.hop(
            &s.id,
            HopKind::SUBNET,
            format!("leaves subnet {}", fmt_cidr(s)),
        );
        self.nacl_check(subnet, true)?;
        let Some(rtb) = ix.subnet_rtb[subnet] else {
            return self.block(
                codes::NO_ROUTE_TO_DESTINATION,
                &s.id,
                format!(
                    "subnet {} has no route table (no explicit association and no main table)",
                    s.id
                ),
            );
        };
        self.route_lookup(rtb, vpc, origin, Some(subnet))
    }

    fn route_lookup(
        &mut self,
        rtb: usize,
        vpc: usize,
        origin: Origin,
        from_subnet: Option<usize>,
    ) -> Step {
        let ix = self.ix;
        let rt = &ix.topo.route_tables[rtb];
        self.no_loop(Visit::RouteTable(rtb), &rt.id, |pkt| {
            format!(
                "the packet to {} returns to route table {}: a routing loop",
                pkt.dst, rt.id
            )
        })?;
        let Some((prefix, cands)) = ix.rtb_lpm[rtb].lookup(self.pkt.dst) else {
            self.hop(
                &rt.id,
                HopKind::ROUTE_TABLE,
                format!("no route matches {}", self.pkt.dst),
            );
            return self.block(
                codes::NO_ROUTE_TO_DESTINATION,
                &rt.id,
                format!("route table {} has no route to {}", rt.id, self.pkt.dst),
            );
        };
        let routes = &ix.rtb_routes[rtb];
        let mut best: Vec<usize> = cands.to_vec();
        best.sort_by_key(|&i| (routes[i].rank(), i));
        let route = &routes[best[0]];
        let shown = match &route.destination {
            Destination::Cidr(c) => c.to_string(),
            Destination::PrefixList(p) => format!("{p} ({prefix})"),
        };
        let why = if best.len() > 1 {
            ", chosen over equally specific routes by priority (RT-04)"
        } else {
            ""
        };
        self.hop(
            &rt.id,
            HopKind::ROUTE_TABLE,
            format!("{} matches {shown} → {}{why}", self.pkt.dst, route.target),
        );
        if best.len() > 1
            && routes[best[0]].rank() == routes[best[1]].rank()
            && routes[best[0]].target != routes[best[1]].target
        {
            self.advise(
                codes::VPCLAB_AMBIGUOUS_ROUTE,
                format!("route table {} has two equally preferred routes to {} (RT-07); the engine uses {}", rt.id, self.pkt.dst, route.target),
            );
        }
        if route.state == RouteState::Blackhole {
            return self.block(
                codes::BAD_STATE_ROUTE,
                &rt.id,
                format!(
                    "the route {shown} → {} is a blackhole: its target no longer exists",
                    route.target
                ),
            );
        }
        let vpc_id = &ix.topo.vpcs[vpc].id;
        self.hop(
            vpc_id,
            HopKind::VPC,
            format!("the VPC router forwards to {}", route.target),
        );
        let target = route.target.clone();
        let propagated = route.origin.is_propagated();
        self.dispatch(&target, &rt.id, vpc, origin, from_subnet, propagated)
    }

    fn dispatch(
        &mut self,
        target: &str,
        rtb_id: &str,
        vpc: usize,
        origin: Origin,
        from_subnet: Option<usize>,
        propagated: bool,
    ) -> Step {
        let ix = self.ix;
        let missing = |w: &mut Self| {
            w.block(
                codes::BAD_STATE_ROUTE,
                rtb_id,
                format!("the route's target `{target}` does not exist in the topology"),
            )
        };
        match TargetKind::of(target) {
            TargetKind::Local => self.deliver_local(vpc, origin, from_subnet),
            TargetKind::InternetGateway => match ix.igw.get(target) {
                Some(&g) => self.via_igw(g, vpc, origin),
                None => missing(self),
            },
            TargetKind::EgressOnlyInternetGateway => match ix.eigw.get(target) {
                Some(&g) => self.via_eigw(g, vpc),
                None => missing(self),
            },
            TargetKind::NatGateway => match ix.nat.get(target) {
                Some(&n) => self.via_nat(n, vpc, origin, from_subnet),
                None => missing(self),
            },
            TargetKind::VpcEndpoint => match ix.endpoint.get(target) {
                Some(&e) => self.via_endpoint(e, vpc, origin),
                None => missing(self),
            },
            TargetKind::PeeringConnection => match ix.peering.get(target) {
                Some(&p) => self.via_peering(p, vpc, origin),
                None => missing(self),
            },
            TargetKind::TransitGateway => self.via_tgw(target, vpc, origin, from_subnet),
            TargetKind::VirtualPrivateGateway => match ix.vgw.get(target) {
                Some(&g) => self.via_vgw(g, origin, propagated),
                None => missing(self),
            },
            TargetKind::NetworkInterface | TargetKind::Instance => match ix.hosts_of.get(target).and_then(|h| h.first()) {
                Some(&h) => self.via_appliance(h, from_subnet, origin),
                None => missing(self),
            },
            TargetKind::Other => self.block(
                codes::UNSUPPORTED_COMPONENT,
                target,
                format!("route target `{target}` (local/carrier gateway, core network …) is not modelled"),
            ),
        }
    }

    /// The local route: deliver inside the VPC to the interface that owns the destination address.
    fn deliver_local(&mut self, vpc: usize, origin: Origin, from_subnet: Option<usize>) -> Step {
        let ix = self.ix;
        let vpc_id = &ix.topo.vpcs[vpc].id;
        let Some(subnet) = ix.subnet_at(vpc, self.pkt.dst) else {
            return self.block(
                codes::VPCLAB_NO_SUBNET_AT_DESTINATION,
                vpc_id,
                format!(
                    "{} is inside VPC {vpc_id} but in none of its subnets",
                    self.pkt.dst
                ),
            );
        };
        if from_subnet != Some(subnet) {
            let s = &ix.topo.subnets[subnet];
            self.hop(
                &s.id,
                HopKind::SUBNET,
                format!("enters subnet {}", fmt_cidr(s)),
            );
            self.nacl_check(subnet, false)?;
        }
        match ix.host_by_ip.get(&(vpc, self.pkt.dst)).copied() {
            Some(h) => self.arrive_host(h, Some(subnet), origin),
            None => {
                let sid = &ix.topo.subnets[subnet].id;
                self.block(
                    codes::VPCLAB_NO_INTERFACE_AT_DESTINATION,
                    sid,
                    format!(
                        "no network interface in subnet {sid} has the address {}",
                        self.pkt.dst
                    ),
                )
            }
        }
    }

    /// The packet reaches the interface that owns its destination address.
    fn arrive_host(&mut self, h: usize, _from_subnet: Option<usize>, origin: Origin) -> Step {
        let ix = self.ix;
        let host = self.host(h);
        let (label, kind) = ix.host_label(h);
        match host.owner {
            HostOwner::NatGateway(_) => {
                self.hop(
                    label,
                    kind,
                    format!("{} is the NAT gateway's own address", self.pkt.dst),
                );
                self.block(
                    codes::VPCLAB_NAT_UNSOLICITED_INBOUND,
                    label,
                    "a NAT gateway only forwards traffic that starts behind it and the replies to it; it accepts no connection to itself".into(),
                )
            }
            // The packet reaches the interface; its security groups then decide (the hop comes first so a
            // blocked path still ends at the resource that refused it).
            HostOwner::VpcEndpoint(e) => {
                let ep = &ix.topo.vpc_endpoints[e];
                self.hop(
                    label,
                    kind,
                    format!(
                        "{} endpoint for {} receives {} on {}",
                        match ep.kind {
                            EndpointKind::Resource => "resource",
                            EndpointKind::ServiceNetwork => "service-network",
                            _ => "interface",
                        },
                        ep.service_name,
                        self.pkt.describe(),
                        host.id
                    ),
                );
                self.sg_check(h, false)?;
                self.expect_reply_from_subnet(host.subnet, host.vpc, origin);
                self.endpoint_service(e, h, origin)
            }
            HostOwner::Instance(_) | HostOwner::Interface => {
                self.hop(
                    label,
                    kind,
                    format!(
                        "{} receives {} from {}",
                        host.id,
                        self.pkt.describe(),
                        self.pkt.src
                    ),
                );
                self.sg_check(h, false)?;
                self.expect_reply_from_subnet(host.subnet, host.vpc, origin);
                self.accept()
            }
        }
    }

    /// A route to an instance or ENI: an appliance that forwards (source/destination check must be off).
    fn via_appliance(&mut self, h: usize, from_subnet: Option<usize>, origin: Origin) -> Step {
        let ix = self.ix;
        let host = self.host(h);
        let (label, kind) = ix.host_label(h);
        if from_subnet != Some(host.subnet) {
            let s = &ix.topo.subnets[host.subnet];
            self.hop(
                &s.id,
                HopKind::SUBNET,
                format!("enters subnet {}", fmt_cidr(s)),
            );
            self.nacl_check(host.subnet, false)?;
        }
        if host.ips.contains(&self.pkt.dst) {
            return self.arrive_host(h, Some(host.subnet), origin);
        }
        self.sg_check(h, false)?;
        if host.source_dest_check {
            self.hop(
                label,
                kind,
                format!("{} receives a packet for {}", host.id, self.pkt.dst),
            );
            return self.block(
                codes::ENI_SOURCE_DEST_CHECK_RESTRICTION,
                &host.id,
                format!(
                    "{} has source/destination check on, so it drops packets not addressed to it",
                    host.id
                ),
            );
        }
        self.hop(
            label,
            kind,
            format!(
                "appliance {} forwards the packet to {}",
                host.id, self.pkt.dst
            ),
        );
        self.sg_check(h, true)?;
        // SG-08: past an appliance the packet comes from the appliance's interface, so a rule that references the
        // original source's security group no longer matches it; CIDR rules still do.
        if self.src_host.is_some() {
            self.forwarded_by = Some(host.id.clone());
        }
        self.src_host = None;
        self.route_from_subnet(host.subnet, host.vpc, origin)
    }
}

fn origin_name(o: Origin) -> &'static str {
    match o {
        Origin::Local => "the VPC",
        Origin::Peering => "a peering connection",
        Origin::TransitGateway => "a transit gateway",
        Origin::Vpn => "a VPN or Direct Connect",
        Origin::Internet => "the internet",
    }
}

fn fmt_cidr(s: &Subnet) -> String {
    let mut parts = Vec::new();
    if let Some(c) = s.cidr_block {
        parts.push(c.to_string());
    }
    if let Some(c) = s.ipv6_cidr_block {
        parts.push(c.to_string());
    }
    match &s.az {
        Some(az) => format!("{} ({}, {az})", s.id, parts.join(", ")),
        None => format!("{} ({})", s.id, parts.join(", ")),
    }
}
