//! The walk: a packet moves from its source through filters, route tables and gateways, hop by hop, until it
//! is delivered or dropped. Every drop records an explanation code (AWS Reachability Analyzer names where one
//! fits, see [`crate::codes`]); a routing loop ends with `VPCLAB_ROUTING_LOOP`, never a hang.
//!
//! Evaluation order (aws-reference §5): DNS → source SG egress → source subnet NACL out → route table (longest
//! prefix, then static > prefix list > propagated) → the target's own rules → destination NACL in → destination
//! SG in; finally the stateless NACLs are checked again for the reply (NACL-01).

use super::index::{is_live, Host, HostOwner, Index};
use super::rules::{self, eval_nacl, is_private, Packet, Peer, EPHEMERAL_PORT, ICMP, TCP, UDP};
use super::{Advisory, Explanation, FlowError, FlowSpec, Hop, Network, Trace};
use crate::codes;
use crate::model::*;
use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};

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
    w.request = (
        spec.action.clone(),
        spec.resource.clone(),
        spec.principal.clone(),
    );
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
    Ok(w.finish())
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

fn invalid(field: &'static str, message: String) -> FlowError {
    FlowError::Invalid { field, message }
}

fn resolve_source(ix: &Index<'_>, from: &str) -> Result<Source, FlowError> {
    let from = from.trim();
    if from.is_empty() {
        return Err(invalid("from", "a source is required (an instance id, ENI id, private IP, `internet[:IP]` or `onprem:IP`)".into()));
    }
    if let Some(rest) = from.strip_prefix("internet") {
        let ip = match rest.strip_prefix(':') {
            Some(ip) => ip
                .parse()
                .map_err(|_| invalid("from", format!("`{ip}` is not an IP address")))?,
            None if rest.is_empty() => IpAddr::V4(Ipv4Addr::new(8, 8, 8, 8)),
            None => return Err(invalid("from", format!("`{from}` is not a source"))),
        };
        return Ok(Source::Internet(ip));
    }
    if let Some(ip) = from.strip_prefix("onprem:") {
        let ip = ip
            .parse()
            .map_err(|_| invalid("from", format!("`{ip}` is not an IP address")))?;
        return Ok(Source::OnPrem(ip));
    }
    if let Ok(ip) = from.parse::<IpAddr>() {
        if let Some(&h) = ix.host_by_any_ip.get(&ip) {
            return Ok(Source::Host(h));
        }
        for (v, _) in ix.topo.vpcs.iter().enumerate() {
            if let Some(s) = ix.subnet_at(v, ip) {
                return Ok(Source::SubnetAddress(s, ip));
            }
        }
        return Err(invalid(
            "from",
            format!("`{ip}` is not inside any subnet of the topology"),
        ));
    }
    match ix.hosts_of.get(from) {
        Some(hosts) if !hosts.is_empty() => Ok(Source::Host(hosts[0])),
        _ => {
            let what = match TargetKind::of(from) {
                TargetKind::Instance if ix.instance.contains_key(from) => {
                    return Err(invalid(
                        "from",
                        format!("instance `{from}` has no network interface in a known subnet"),
                    ))
                }
                TargetKind::Instance => "no instance",
                TargetKind::NetworkInterface => "no network interface",
                _ => "nothing",
            };
            Err(invalid(
                "from",
                format!("the topology has {what} with id `{from}`"),
            ))
        }
    }
}

/// How the packet entered the VPC it is in now (decides NAT, peering and gateway-endpoint eligibility).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Origin {
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

/// `Err(())` = the packet was dropped; the explanation is already recorded.
type Step = Result<(), ()>;

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
    visited: HashSet<(usize, bool, Packet)>,
    budget: u32,
    /// The AWS service the destination name belongs to, and the address its name resolved to.
    service: Option<super::dns::ServiceName>,
    service_ip: Option<IpAddr>,
    /// The API request of the flow (policy evaluation): action, resource ARN, principal ARN.
    request: (Option<String>, Option<String>, Option<String>),
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
            request: (None, None, None),
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

    fn hop(&mut self, id: &str, kind: &str, detail: String) {
        self.hops.push(Hop {
            id: id.to_string(),
            kind: kind.to_string(),
            detail,
        });
    }

    fn block(&mut self, code: &str, component: &str, message: String) -> Step {
        self.explanations.push(Explanation {
            code: code.to_string(),
            component: component.to_string(),
            message,
        });
        Err(())
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

    // ---------------------------------------------------------------- destinations and sources

    /// The destination address, or `None` when name resolution itself fails (recorded as the explanation).
    fn resolve_destination(
        &mut self,
        source: &Source,
        spec: &FlowSpec,
    ) -> Result<Option<Resolved>, FlowError> {
        let to = spec.to.trim();
        if to.is_empty() {
            return Err(invalid(
                "to",
                "a destination is required (an IP, a resource id or a DNS name)".into(),
            ));
        }
        if let Ok(ip) = to.parse::<IpAddr>() {
            return Ok(Some(Resolved { ip, by_name: false }));
        }
        let ix = self.ix;
        let src_vpc = self.source_vpc(source);
        match TargetKind::of(to) {
            TargetKind::Instance
            | TargetKind::NetworkInterface
            | TargetKind::VpcEndpoint
            | TargetKind::NatGateway => {
                if let Some(&e) = ix.endpoint.get(to) {
                    if ix.topo.vpc_endpoints[e].kind == EndpointKind::Gateway {
                        return Err(invalid(
                            "to",
                            format!(
                                "gateway endpoint `{to}` has no address of its own: trace to its service instead (e.g. `s3.us-east-1.amazonaws.com`) (VPCE_INTRA_VPC_TRAFFIC)"
                            ),
                        ));
                    }
                }
                let hosts = ix.hosts_of.get(to).cloned().unwrap_or_default();
                // Prefer an interface in the source's AZ (zonal endpoint ENIs), then any.
                let src_az = self.source_az(source);
                let pick = hosts
                    .iter()
                    .copied()
                    .find(|&h| src_az.is_some() && ix.subnet_az(self.host(h).subnet) == src_az)
                    .or_else(|| hosts.first().copied());
                let Some(h) = pick else {
                    return Err(invalid(
                        "to",
                        format!("the topology has no addressable resource with id `{to}`"),
                    ));
                };
                // From outside every VPC an instance is reached at its public address.
                let public = match source {
                    Source::Internet(_) => self.host(h).public_ip.map(IpAddr::V4),
                    _ => None,
                };
                let ip = public.or_else(|| {
                    let host = self.host(h);
                    host.ips
                        .iter()
                        .copied()
                        .find(|i| i.is_ipv4())
                        .or_else(|| host.ips.first().copied())
                });
                ip.map(|ip| Some(Resolved { ip, by_name: false }))
                    .ok_or_else(|| {
                        invalid(
                            "to",
                            format!("`{to}` has no private IP address in the topology"),
                        )
                    })
            }
            _ if to.contains('.') => {
                let region = spec
                    .region
                    .clone()
                    .or_else(|| src_vpc.and_then(|v| ix.vpc_region[v].clone()))
                    .or_else(|| ix.topo.region.clone());
                self.service = super::dns::parse_service_name(to, region.as_deref());
                match super::dns::resolve(
                    ix,
                    to,
                    src_vpc,
                    self.source_az(source),
                    region.as_deref(),
                    matches!(source, Source::OnPrem(_)),
                ) {
                    Ok(answer) => {
                        self.hop("dns", "dns", answer.detail.clone());
                        for a in answer.advisories {
                            self.advise(a.0, a.1);
                        }
                        Ok(Some(Resolved {
                            ip: answer.ip,
                            by_name: true,
                        }))
                    }
                    Err(super::dns::DnsError::Unknown(m)) => Err(invalid("to", m)),
                    Err(super::dns::DnsError::Fails { code, message }) => {
                        self.hop("dns", "dns", format!("{to} does not resolve"));
                        let _ = self.block(code, "dns", message);
                        Ok(None)
                    }
                }
            }
            _ => Err(invalid(
                "to",
                format!("`{to}` is not an IP address, a resource id or a DNS name"),
            )),
        }
    }

    /// Endpoint policy ∧ resource policy ∧ identity for the request this flow carries to an AWS service
    /// (GE-18..GE-20, IE-19). `endpoint` is the VPC endpoint the request came through, `None` on the public path.
    fn policy_check(&mut self, endpoint: Option<usize>) -> Step {
        use crate::policy::{evaluate_layers, Layer, PolicyDocument, PolicyKind, Request};
        let ix = self.ix;
        let t = ix.topo;
        let svc = self.service.clone().or_else(|| {
            let e = endpoint?;
            let (region, service) = Index::service_of(&t.vpc_endpoints[e].service_name)?;
            Some(super::dns::ServiceName {
                service: service.into(),
                region: region.into(),
                bucket: None,
            })
        });
        let Some(svc) = svc else { return Ok(()) };
        let (action, resource, principal) = self.request.clone();
        let mut req = match svc.service.as_str() {
            "s3" => Request::for_s3(svc.bucket.as_deref(), None, action.as_deref()),
            "dynamodb" => Request::for_dynamodb(&svc.region, None, None, action.as_deref()),
            _ => match &action {
                Some(a) => Request::new(a, resource.as_deref().unwrap_or("*")),
                None => return Ok(()),
            },
        };
        if let Some(r) = &resource {
            req.resource = r.clone();
        }
        req = req.with_principal(principal.as_deref().unwrap_or(""));
        let source_ip = self
            .src_host
            .and_then(|h| self.host(h).ips.first().copied())
            .unwrap_or(self.pkt.src);
        let endpoint_doc;
        let mut layers = Vec::new();
        match endpoint {
            Some(e) => {
                let ep = &t.vpc_endpoints[e];
                req = req.via_endpoint(&ep.id, &ep.vpc_id, Some(source_ip));
                endpoint_doc = match PolicyDocument::of_endpoint(ep) {
                    Ok(doc) => Some(doc),
                    Err(diags) => {
                        let first = diags.first().map(|d| d.message.clone()).unwrap_or_default();
                        self.advise(
                            codes::VPCLAB_POLICY_MALFORMED,
                            format!("the policy of {} is malformed and is ignored here ({first}); AWS would reject it", ep.id),
                        );
                        None
                    }
                };
                layers.push(Layer::endpoint(
                    &ep.id,
                    PolicyKind::of_endpoint(&ep.kind),
                    endpoint_doc.as_ref(),
                ));
            }
            None => req = req.via_public_ip(self.pkt.src),
        }
        let resource_name = svc.bucket.clone();
        let resource_doc = resource_name.as_deref().and_then(|name| {
            let r = t
                .service_resources
                .iter()
                .find(|r| r.service == svc.service && r.name == name)?;
            let value = r.policy.as_ref()?;
            PolicyDocument::parse(value, &r.name, PolicyKind::Resource).ok()
        });
        if let (Some(name), Some(doc)) = (resource_name.as_deref(), resource_doc.as_ref()) {
            layers.push(match svc.service.as_str() {
                "dynamodb" => Layer::table(name, Some(doc)),
                _ => Layer::bucket(name, Some(doc)),
            });
        }
        if layers.is_empty() {
            return Ok(());
        }
        let decision = evaluate_layers(&layers, &req);
        if decision.is_allowed() {
            return Ok(());
        }
        let code = match decision.kind {
            Some(k) if k.is_endpoint() => codes::VPCLAB_ENDPOINT_POLICY_DENY,
            Some(PolicyKind::Identity) => codes::VPCLAB_IDENTITY_POLICY_DENY,
            _ => codes::VPCLAB_RESOURCE_POLICY_DENY,
        };
        let component = match (code, endpoint) {
            (c, Some(e)) if c == codes::VPCLAB_ENDPOINT_POLICY_DENY => {
                t.vpc_endpoints[e].id.clone()
            }
            _ => resource_name.clone().unwrap_or_else(|| svc.service.clone()),
        };
        self.block(
            code,
            &component,
            format!(
                "{} on {}: {}",
                req.action, req.resource, decision.explanation
            ),
        )
    }

    /// Report the gateway-endpoint limits that decide or would decide this flow (see `limits`).
    fn add_limit_advisories(&mut self, source: &Source, dst: IpAddr) {
        let ix = self.ix;
        let service = self.service.clone().or_else(|| {
            let (pl, _) = self.aws_service_of(dst)?;
            let p = ix.prefix_list.get(pl.as_str())?;
            let (region, service) = Index::service_of(&ix.topo.prefix_lists[*p].name)?;
            Some(super::dns::ServiceName {
                service: service.into(),
                region: region.into(),
                bucket: None,
            })
        });
        let facts = super::limits::FlowFacts {
            src_vpc: self.source_vpc(source),
            from_outside: match source {
                Source::OnPrem(_) => Some("on premises"),
                Source::Internet(_) => Some("the internet"),
                _ => None,
            },
            service,
            dst,
            reachable: self.reachable,
            hops: &self.hops,
            codes: self.explanations.iter().map(|e| e.code.as_str()).collect(),
        };
        let found = super::limits::flow_advisories(ix, &facts);
        for a in found {
            self.advise(&a.code, a.message);
        }
    }

    fn source_vpc(&self, source: &Source) -> Option<usize> {
        match source {
            Source::Host(h) => Some(self.host(*h).vpc),
            Source::SubnetAddress(s, _) => self
                .ix
                .vpc
                .get(self.ix.topo.subnets[*s].vpc_id.as_str())
                .copied(),
            _ => None,
        }
    }

    fn source_az(&self, source: &Source) -> Option<&'t str> {
        match source {
            Source::Host(h) => self.ix.subnet_az(self.host(*h).subnet),
            Source::SubnetAddress(s, _) => self.ix.subnet_az(*s),
            _ => None,
        }
    }

    fn source_ip(&self, source: &Source, dst: IpAddr) -> Result<IpAddr, FlowError> {
        match source {
            Source::Host(h) => {
                let ips = &self.host(*h).ips;
                ips.iter()
                    .copied()
                    .find(|i| i.is_ipv4() == dst.is_ipv4())
                    .ok_or_else(|| {
                        let fam = if dst.is_ipv4() { "IPv4" } else { "IPv6" };
                        invalid(
                            "from",
                            format!(
                                "`{}` has no {fam} address to reach `{dst}`",
                                self.host(*h).id
                            ),
                        )
                    })
            }
            Source::SubnetAddress(_, ip) | Source::Internet(ip) | Source::OnPrem(ip) => Ok(*ip),
        }
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
                            "subnet",
                            format!("{ip} is an address of this subnet that no interface owns"),
                        );
                        self.route_from_subnet(s, vpc, Origin::Local)
                    }
                    None => Err(()),
                }
            }
            Source::Internet(_) => {
                self.public = true;
                self.hop(
                    "internet",
                    "internet",
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
        self.hop(&s.id, "subnet", format!("leaves subnet {}", fmt_cidr(s)));
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
        self.budget = self.budget.saturating_sub(1);
        if !self.visited.insert((rtb, false, self.pkt)) || self.budget == 0 {
            return self.block(
                codes::VPCLAB_ROUTING_LOOP,
                &rt.id,
                format!(
                    "the packet to {} returns to route table {}: a routing loop",
                    self.pkt.dst, rt.id
                ),
            );
        }
        let Some((prefix, cands)) = ix.rtb_lpm[rtb].lookup(self.pkt.dst) else {
            self.hop(
                &rt.id,
                "route-table",
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
            "route-table",
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
            "vpc",
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
            self.hop(&s.id, "subnet", format!("enters subnet {}", fmt_cidr(s)));
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
                        "interface endpoint for {} receives {} on {}",
                        ep.service_name,
                        self.pkt.describe(),
                        host.id
                    ),
                );
                self.sg_check(h, false)?;
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
                self.accept()
            }
        }
    }

    /// Past an interface endpoint's ENI: the service behind it.
    fn endpoint_service(&mut self, e: usize, h: usize, _origin: Origin) -> Step {
        let ix = self.ix;
        let t = ix.topo;
        let ep = &t.vpc_endpoints[e];
        match &ep.state {
            EndpointState::Available => {}
            EndpointState::PendingAcceptance => {
                return self.block(
                    codes::BAD_STATE,
                    &ep.id,
                    format!("endpoint {} is pendingAcceptance: the provider has not accepted it, so it carries no traffic (ES-02)", ep.id),
                )
            }
            EndpointState::Rejected => {
                return self.block(codes::BAD_STATE, &ep.id, format!("endpoint {} was rejected by the service provider (ES-02)", ep.id))
            }
            other => {
                return self.block(codes::BAD_STATE, &ep.id, format!("endpoint {} is in state {other:?} and carries no traffic", ep.id))
            }
        }
        // Resource endpoints (VPC Lattice family) carry TCP only (RE-02).
        if ep.kind == EndpointKind::Resource && self.pkt.protocol != TCP {
            return self.block(
                codes::PROTOCOL_RESTRICTION,
                &ep.id,
                format!(
                    "resource endpoint {} carries TCP only, not {} (RE-02)",
                    ep.id,
                    self.pkt.describe()
                ),
            );
        }
        // Cross-Region interface endpoints to AWS services: only the documented services (CR-01).
        let vpc_region = ix
            .vpc
            .get(ep.vpc_id.as_str())
            .and_then(|&v| ix.vpc_region[v].as_deref());
        if let (Some(service_region), Some((_, service))) = (
            ep.service_region.as_deref(),
            Index::service_of(&ep.service_name),
        ) {
            if Some(service_region) != vpc_region
                && !super::dns::CROSS_REGION_SERVICES.contains(&service)
            {
                return self.block(
                    codes::VPCLAB_CROSS_REGION_SERVICE_UNSUPPORTED,
                    &ep.id,
                    format!("{service} does not support cross-Region PrivateLink; supported: {} (CR-01)", super::dns::CROSS_REGION_SERVICES.join(", ")),
                );
            }
        }
        let Some(svc) = t
            .endpoint_services
            .iter()
            .find(|s| s.service_name == ep.service_name)
        else {
            let id = match Index::service_of(&ep.service_name) {
                Some((region, service)) => format!("aws-service:{service}.{region}"),
                None => format!("aws-service:{}", ep.service_name),
            };
            self.hop(
                &id,
                "aws-service",
                format!("{} is reached over AWS PrivateLink", ep.service_name),
            );
            self.policy_check(Some(e))?;
            return self.accept();
        };
        // The provider side: an endpoint service in front of an NLB (ES-01).
        let az = ix.subnet_az(self.host(h).subnet);
        self.hop(
            &svc.id,
            "endpoint-service",
            format!("endpoint service {} ({})", svc.id, svc.service_name),
        );
        if let Some(az) = az {
            if !svc.availability_zones.is_empty() && !svc.availability_zones.iter().any(|a| a == az)
            {
                return self.block(
                    codes::VPCE_SERVICE_NOT_INSTALLED_IN_AZ,
                    &svc.id,
                    format!(
                        "the endpoint's interface is in {az}, but service {} is available only in {} (ES-04, ES-10)",
                        svc.id,
                        svc.availability_zones.join(", ")
                    ),
                );
            }
        }
        let lb = svc.load_balancer_arns.iter().find_map(|arn| {
            t.load_balancers
                .iter()
                .find(|l| &l.id == arn || l.name.as_deref() == Some(arn))
        });
        let Some(lb) = lb else {
            self.hop(
                &svc.id,
                "endpoint-service",
                "the provider's load balancer is not part of the topology".into(),
            );
            return self.accept();
        };
        let lb_label = lb.name.clone().unwrap_or_else(|| lb.id.clone());
        if let (false, Some(port)) = (lb.listener_ports.is_empty(), self.pkt.dst_port) {
            if !lb.listener_ports.contains(&port) {
                self.hop(
                    &lb_label,
                    "load-balancer",
                    format!("no listener on port {port}"),
                );
                return self.block(
                    codes::ELBV2_LISTENER_PORT_RESTRICTION,
                    &lb_label,
                    format!(
                        "load balancer {lb_label} listens on {:?}, not on port {port}",
                        lb.listener_ports
                    ),
                );
            }
        }
        self.hop(
            &lb_label,
            "load-balancer",
            format!(
                "{} load balancer of the provider forwards to a target",
                lb.kind
            ),
        );
        // Targets see the load balancer's address as the source (no client IP over PrivateLink).
        let target = lb.targets.iter().find_map(|tid| {
            let hs = ix.hosts_of.get(tid.as_str())?;
            hs.iter()
                .copied()
                .find(|&th| az.is_some() && ix.subnet_az(self.host(th).subnet) == az)
                .or_else(|| hs.first().copied())
        });
        let Some(th) = target else {
            if lb.targets.is_empty() {
                return self.accept();
            }
            return self.block(
                codes::ELBV2_NO_TARGETS_IN_AZ,
                &lb_label,
                format!("no target of {lb_label} is in the topology"),
            );
        };
        let lb_vpc = ix
            .vpc
            .get(lb.vpc_id.as_str())
            .copied()
            .unwrap_or(self.host(th).vpc);
        let lb_ip = lb
            .subnet_ids
            .iter()
            .filter_map(|s| ix.subnet.get(s.as_str()))
            .find_map(|&s| ix.topo.subnets[s].cidr_block.map(|c| c.network()))
            .unwrap_or(self.pkt.src);
        let _ = lb_vpc;
        self.pkt.src = lb_ip;
        self.src_host = None;
        if let Some(ip) = self.host(th).ips.first().copied() {
            self.pkt.dst = ip;
        }
        self.arrive_host(th, None, Origin::Local)
    }

    /// A route to an instance or ENI: an appliance that forwards (source/destination check must be off).
    fn via_appliance(&mut self, h: usize, from_subnet: Option<usize>, origin: Origin) -> Step {
        let ix = self.ix;
        let host = self.host(h);
        let (label, kind) = ix.host_label(h);
        if from_subnet != Some(host.subnet) {
            let s = &ix.topo.subnets[host.subnet];
            self.hop(&s.id, "subnet", format!("enters subnet {}", fmt_cidr(s)));
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
        self.route_from_subnet(host.subnet, host.vpc, origin)
    }

    // ---------------------------------------------------------------- internet

    fn via_igw(&mut self, g: usize, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        let igw = &ix.topo.internet_gateways[g];
        let v = &ix.topo.vpcs[vpc];
        if igw.vpc_id.as_deref() != Some(v.id.as_str()) {
            return self.block(
                codes::BAD_STATE_ATTACHMENT,
                &igw.id,
                format!("internet gateway {} is not attached to {}", igw.id, v.id),
            );
        }
        // Block Public Access (IGW-05): bidirectional blocks everything through the IGW; ingress-only still
        // lets NAT gateways' connections out (their replies are return traffic), but not an instance's own.
        let from_nat = ix
            .host_by_ip
            .get(&(vpc, self.pkt.src))
            .is_some_and(|&h| matches!(self.host(h).owner, HostOwner::NatGateway(_)));
        let bpa = v.block_public_access;
        if bpa == BlockPublicAccess::Bidirectional
            || (bpa == BlockPublicAccess::IngressOnly && !from_nat)
        {
            self.hop(
                &igw.id,
                "internet-gateway",
                "VPC Block Public Access is on".into(),
            );
            let mode = if bpa == BlockPublicAccess::Bidirectional {
                "bidirectional: no traffic through"
            } else {
                "ingress-only: only NAT gateway and egress-only traffic through"
            };
            return self.block(
                codes::VPC_BLOCK_PUBLIC_ACCESS_ENABLED,
                &v.id,
                format!("VPC Block Public Access is {mode} {} (IGW-05)", igw.id),
            );
        }
        let dst = self.pkt.dst;
        if is_private(dst) {
            self.hop(
                &igw.id,
                "internet-gateway",
                format!("{dst} is not a public address"),
            );
            return self.block(
                codes::IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS,
                &igw.id,
                format!(
                    "the internet gateway does not forward to the private address {dst} (IGW-03)"
                ),
            );
        }
        match self.pkt.src {
            IpAddr::V4(_) => {
                let host = ix.host_by_ip.get(&(vpc, self.pkt.src)).copied();
                if let Some(HostOwner::NatGateway(n)) = host.map(|h| self.host(h).owner) {
                    if ix.topo.nat_gateways[n].connectivity == NatConnectivity::Private {
                        self.hop(
                            &igw.id,
                            "internet-gateway",
                            "traffic from a private NAT gateway".into(),
                        );
                        return self.block(
                            codes::VPCLAB_PRIVATE_NAT_TO_INTERNET,
                            &ix.topo.nat_gateways[n].id,
                            "traffic from a private NAT gateway routed to an internet gateway is dropped (NAT-01)".into(),
                        );
                    }
                }
                let public = host.and_then(|h| self.host(h).public_ip);
                let Some(public) = public else {
                    self.hop(
                        &igw.id,
                        "internet-gateway",
                        format!("{} has no public IPv4 address", self.pkt.src),
                    );
                    let _ = origin;
                    return self.block(
                        codes::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS,
                        &igw.id,
                        format!("{} has no public IPv4 or Elastic IP address, so the internet gateway drops it (IGW-02)", self.pkt.src),
                    );
                };
                self.hop(
                    &igw.id,
                    "internet-gateway",
                    format!("translates {} to its public address {public}", self.pkt.src),
                );
                self.pkt.src = IpAddr::V4(public);
                self.src_host = None;
            }
            IpAddr::V6(_) => {
                self.hop(
                    &igw.id,
                    "internet-gateway",
                    format!("forwards IPv6 {} to the internet", self.pkt.src),
                );
            }
        }
        self.public = true;
        self.on_internet(false)
    }

    fn via_eigw(&mut self, g: usize, vpc: usize) -> Step {
        let ix = self.ix;
        let eigw = &ix.topo.egress_only_internet_gateways[g];
        let v = &ix.topo.vpcs[vpc];
        self.hop(
            &eigw.id,
            "egress-only-internet-gateway",
            "egress-only internet gateway (IPv6, outbound only)".into(),
        );
        if !self.pkt.dst.is_ipv6() {
            return self.block(
                codes::VPCLAB_EGRESS_ONLY_IPV6,
                &eigw.id,
                "an egress-only internet gateway carries IPv6 only (IGW-04)".into(),
            );
        }
        if v.block_public_access == BlockPublicAccess::Bidirectional {
            return self.block(
                codes::VPC_BLOCK_PUBLIC_ACCESS_ENABLED,
                &v.id,
                "VPC Block Public Access blocks the egress-only internet gateway (IGW-05)".into(),
            );
        }
        self.public = true;
        self.on_internet(false)
    }

    /// The packet is on the internet. It may reach something the topology owns (an Elastic IP, a NAT gateway's
    /// address, a VPN tunnel endpoint, an AWS service range) or a host outside it.
    fn on_internet(&mut self, from_internet_source: bool) -> Step {
        let ix = self.ix;
        let dst = self.pkt.dst;
        if let Some(&h) = ix.host_by_public_ip.get(&dst) {
            return self.internet_to_host(h);
        }
        if let Some(&v) = ix.vpn_by_outside_ip.get(&dst) {
            let vpn = &ix.topo.vpn_connections[v];
            let gw = vpn
                .vpn_gateway_id
                .clone()
                .or_else(|| vpn.transit_gateway_id.clone())
                .unwrap_or_else(|| vpn.id.clone());
            let kind = if gw.starts_with("vgw-") {
                "vpn-gateway"
            } else {
                "transit-gateway"
            };
            self.hop(
                &gw,
                kind,
                format!("{dst} is the AWS endpoint of a tunnel of {}", vpn.id),
            );
            return self.accept();
        }
        if is_private(dst) {
            return self.block(
                codes::VPCLAB_PRIVATE_ADDRESS_ON_INTERNET,
                "internet",
                format!("{dst} is a private address: the internet does not route it"),
            );
        }
        if let Some((pl, name)) = self.aws_service_of(dst) {
            let id = format!("aws-service:{name}");
            self.hop(
                &id,
                "aws-service",
                format!("{dst} is in {pl} ({name}), reached over its public endpoint"),
            );
            self.policy_check(None)?;
            return self.accept();
        }
        if let (Some(svc), true) = (self.service.clone(), self.service_ip == Some(dst)) {
            let id = format!("aws-service:{}.{}", svc.service, svc.region);
            self.hop(
                &id,
                "aws-service",
                format!(
                    "{}.{} answers on its public endpoint {dst}",
                    svc.service, svc.region
                ),
            );
            self.policy_check(None)?;
            return self.accept();
        }
        if from_internet_source {
            return self.block(
                codes::VPCLAB_UNKNOWN_PUBLIC_ADDRESS,
                "internet",
                format!("{dst} belongs to nothing in this topology"),
            );
        }
        self.hop(
            "internet",
            "internet",
            format!("reaches {dst} on the internet"),
        );
        self.accept()
    }

    /// An AWS-managed prefix list containing `ip`: (prefix-list id, its name's service part).
    fn aws_service_of(&self, ip: IpAddr) -> Option<(String, String)> {
        let t = self.ix.topo;
        t.prefix_lists.iter().enumerate().find_map(|(i, pl)| {
            let svc = Index::service_of(&pl.name)?;
            self.ix.pl_lpm[i]
                .lookup(ip)
                .map(|_| (pl.id.clone(), format!("{}.{}", svc.1, svc.0)))
        })
    }

    fn internet_to_host(&mut self, h: usize) -> Step {
        let ix = self.ix;
        let host = self.host(h);
        let v = &ix.topo.vpcs[host.vpc];
        let Some(g) = ix.vpc_igw[host.vpc] else {
            return self.block(
                codes::VPCLAB_NO_INTERNET_GATEWAY,
                &v.id,
                format!(
                    "{} is a public address of {} but VPC {} has no internet gateway",
                    self.pkt.dst, host.id, v.id
                ),
            );
        };
        let igw = &ix.topo.internet_gateways[g];
        if v.block_public_access != BlockPublicAccess::Off {
            self.hop(
                &igw.id,
                "internet-gateway",
                "VPC Block Public Access is on".into(),
            );
            return self.block(
                codes::VPC_BLOCK_PUBLIC_ACCESS_ENABLED,
                &v.id,
                format!(
                    "VPC Block Public Access blocks inbound internet traffic to {} (IGW-05)",
                    v.id
                ),
            );
        }
        let private = host
            .ips
            .iter()
            .copied()
            .find(|i| i.is_ipv4())
            .unwrap_or(self.pkt.dst);
        self.hop(
            &igw.id,
            "internet-gateway",
            format!(
                "translates {} to the private address {private}",
                self.pkt.dst
            ),
        );
        self.public = true;
        self.pkt.dst = private;
        self.enter_from_gateway(&igw.id.clone(), host.vpc, Origin::Internet)
    }

    /// Traffic entering a VPC through an IGW or VGW: the gateway's edge route table if any, else the local route.
    fn enter_from_gateway(&mut self, gw_id: &str, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        if let Some(&rtb) = ix.gateway_rtb.get(gw_id) {
            return self.route_lookup(rtb, vpc, origin, None);
        }
        let v = &ix.topo.vpcs[vpc];
        self.hop(
            &v.id,
            "vpc",
            format!("delivered by the local route to {}", self.pkt.dst),
        );
        self.deliver_local(vpc, origin, None)
    }

    // ---------------------------------------------------------------- NAT

    fn via_nat(
        &mut self,
        n: usize,
        vpc: usize,
        origin: Origin,
        from_subnet: Option<usize>,
    ) -> Step {
        let ix = self.ix;
        let nat = &ix.topo.nat_gateways[n];
        if matches!(origin, Origin::Peering | Origin::Vpn | Origin::Internet) {
            self.hop(
                &nat.id,
                "nat-gateway",
                "traffic that entered the VPC from outside".into(),
            );
            return self.block(
                codes::NGW_REQUIRES_SOURCE_IN_VPC,
                &nat.id,
                "a NAT gateway does not translate traffic that arrives over peering, VPN or Direct Connect (NAT-02)".into(),
            );
        }
        if !matches!(self.pkt.protocol, TCP | UDP | ICMP) {
            self.hop(
                &nat.id,
                "nat-gateway",
                format!("{} is not TCP, UDP or ICMP", self.pkt.describe()),
            );
            return self.block(
                codes::PROTOCOL_RESTRICTION,
                &nat.id,
                "a NAT gateway translates only TCP, UDP and ICMP".into(),
            );
        }
        if nat.availability_mode == AvailabilityMode::Regional {
            let az = from_subnet.and_then(|s| ix.subnet_az(s));
            if let Some(az) = az {
                if !nat.azs.is_empty() && !nat.azs.iter().any(|a| a == az) {
                    self.hop(
                        &nat.id,
                        "nat-gateway",
                        format!("regional NAT gateway is not present in {az}"),
                    );
                    return self.block(
                        codes::REGIONAL_NGW_ROUTE_AZ_RESTRICTION,
                        &nat.id,
                        format!("the regional NAT gateway has not expanded into {az} yet (NAT-06/NAT-07)"),
                    );
                }
            }
            let Some(public) = nat.public_ip else {
                return self.block(
                    codes::VPCLAB_NAT_WITHOUT_ADDRESS,
                    &nat.id,
                    "the regional NAT gateway has no public address".into(),
                );
            };
            self.hop(
                &nat.id,
                "nat-gateway",
                format!("translates {} to {public}", self.pkt.src),
            );
            self.pkt.src = IpAddr::V4(public);
            self.src_host = None;
            let Some(g) = ix.vpc_igw[vpc] else {
                return self.block(
                    codes::NO_ROUTE_TO_DESTINATION,
                    &nat.id,
                    "the VPC has no internet gateway for the regional NAT gateway".into(),
                );
            };
            let igw = ix.topo.internet_gateways[g].id.clone();
            self.hop(
                &igw,
                "internet-gateway",
                "forwards the regional NAT gateway's traffic".into(),
            );
            self.public = true;
            return self.on_internet(false);
        }
        let Some(&h) = ix.hosts_of.get(nat.id.as_str()).and_then(|v| v.first()) else {
            return self.block(
                codes::VPCLAB_NAT_WITHOUT_ADDRESS,
                &nat.id,
                format!(
                    "NAT gateway {} has no subnet or private address in the topology",
                    nat.id
                ),
            );
        };
        let host = self.host(h);
        if from_subnet != Some(host.subnet) {
            let s = &ix.topo.subnets[host.subnet];
            self.hop(&s.id, "subnet", format!("enters subnet {}", fmt_cidr(s)));
            self.nacl_check(host.subnet, false)?;
        }
        let Some(nat_ip) = host
            .ips
            .iter()
            .copied()
            .find(|i| i.is_ipv4() == self.pkt.src.is_ipv4())
        else {
            return self.block(
                codes::VPCLAB_NAT_WITHOUT_ADDRESS,
                &nat.id,
                "the NAT gateway has no address of the packet's family".into(),
            );
        };
        let kind = if nat.connectivity == NatConnectivity::Private {
            "private"
        } else {
            "public"
        };
        self.hop(
            &nat.id,
            "nat-gateway",
            format!("{kind} NAT gateway translates {} to {nat_ip}", self.pkt.src),
        );
        self.pkt.src = nat_ip;
        self.src_host = None;
        self.route_from_subnet(host.subnet, host.vpc, Origin::Local)
    }

    // ---------------------------------------------------------------- endpoints

    fn via_endpoint(&mut self, e: usize, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        let ep = &ix.topo.vpc_endpoints[e];
        match ep.kind {
            EndpointKind::Gateway => {
                self.hop(&ep.id, "vpc-endpoint", format!("gateway endpoint for {}", ep.service_name));
                if origin != Origin::Local {
                    return self.block(
                        codes::VPCLAB_GATEWAY_ENDPOINT_NOT_EXTENDABLE,
                        &ep.id,
                        format!(
                            "traffic that entered {} over {} cannot use its gateway endpoint: endpoint connections cannot be extended out of a VPC (GE-14, PCX-03)",
                            ix.topo.vpcs[vpc].id,
                            origin_name(origin)
                        ),
                    );
                }
                if self.pkt.protocol != TCP && self.pkt.protocol != ICMP {
                    return self.block(
                        codes::VPCE_GATEWAY_PROTOCOL_RESTRICTION,
                        &ep.id,
                        format!("a gateway endpoint carries only TCP (and ICMP echo), not {} (GE-25)", self.pkt.describe()),
                    );
                }
                if ep.state != EndpointState::Available {
                    return self.block(codes::BAD_STATE, &ep.id, format!("endpoint {} is not available", ep.id));
                }
                let (region, service) = Index::service_of(&ep.service_name).unwrap_or(("", ep.service_name.as_str()));
                let id = format!("aws-service:{service}.{region}");
                self.hop(&id, "aws-service", format!("{} in {region} over the AWS network", service));
                self.policy_check(Some(e))?;
                self.accept()
            }
            EndpointKind::GatewayLoadBalancer => {
                self.hop(&ep.id, "vpc-endpoint", format!("Gateway Load Balancer endpoint sends the packet for inspection to {}", ep.service_name));
                if ep.state != EndpointState::Available {
                    return self.block(codes::BAD_STATE, &ep.id, format!("endpoint {} is not available", ep.id));
                }
                // After inspection the packet comes back out of the endpoint and is routed by its subnet's table.
                let Some(subnet) = ep.subnet_ids.first().and_then(|s| ix.subnet.get(s.as_str())).copied() else {
                    return self.block(codes::UNASSOCIATED_COMPONENT, &ep.id, "the GWLB endpoint has no subnet".into());
                };
                self.route_from_subnet(subnet, vpc, origin)
            }
            _ => self.block(
                codes::UNSUPPORTED_COMPONENT,
                &ep.id,
                format!("only gateway and Gateway Load Balancer endpoints can be route targets, not {:?} endpoints", ep.kind),
            ),
        }
    }

    // ---------------------------------------------------------------- peering

    fn via_peering(&mut self, p: usize, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        let pcx = &ix.topo.peering_connections[p];
        self.hop(
            &pcx.id,
            "peering-connection",
            format!("{} ↔ {}", pcx.requester_vpc_id, pcx.accepter_vpc_id),
        );
        if origin != Origin::Local {
            let code = if origin == Origin::Peering {
                codes::VPCLAB_PEERING_NOT_TRANSITIVE
            } else {
                codes::VPCLAB_NO_EDGE_TO_EDGE_ROUTING
            };
            return self.block(
                code,
                &pcx.id,
                format!("traffic that entered over {} cannot leave over a peering connection (PCX-01, PCX-03)", origin_name(origin)),
            );
        }
        if !is_live(&pcx.status)
            || pcx
                .status
                .as_deref()
                .is_some_and(|s| !s.eq_ignore_ascii_case("active"))
        {
            return self.block(
                codes::BAD_STATE,
                &pcx.id,
                format!("peering connection {} is not active", pcx.id),
            );
        }
        let here = &ix.topo.vpcs[vpc].id;
        let (peer_id, peer_cidrs) = if &pcx.requester_vpc_id == here {
            (&pcx.accepter_vpc_id, &pcx.accepter_cidrs)
        } else if &pcx.accepter_vpc_id == here {
            (&pcx.requester_vpc_id, &pcx.requester_cidrs)
        } else {
            return self.block(
                codes::BAD_STATE_ROUTE,
                &pcx.id,
                format!("peering connection {} does not involve {here}", pcx.id),
            );
        };
        let peer = ix.vpc.get(peer_id.as_str()).copied();
        let in_peer = match peer {
            Some(pv) => ix.vpc_contains(pv, self.pkt.dst),
            None => peer_cidrs.iter().any(|c| c.contains(&self.pkt.dst)),
        };
        if !in_peer {
            return self.block(
                codes::PCX_REQUIRES_ADDRESS_IN_VPC_CIDR,
                &pcx.id,
                format!("{} is outside the CIDRs of {peer_id}; a peering connection carries only traffic to the peer VPC (PCX-04)", self.pkt.dst),
            );
        }
        let Some(pv) = peer else {
            return self.block(
                codes::UNKNOWN_DESTINATION,
                peer_id,
                format!("VPC {peer_id} is not part of this topology"),
            );
        };
        self.hop(
            peer_id,
            "vpc",
            format!("arrives in {peer_id} over {}", pcx.id),
        );
        self.deliver_local(pv, Origin::Peering, None)
    }

    // ---------------------------------------------------------------- transit gateway

    fn via_tgw(
        &mut self,
        tgw: &str,
        vpc: usize,
        origin: Origin,
        from_subnet: Option<usize>,
    ) -> Step {
        let ix = self.ix;
        let t = ix.topo;
        if matches!(origin, Origin::Peering | Origin::Vpn) {
            self.hop(
                tgw,
                "transit-gateway",
                "traffic that entered the VPC from outside".into(),
            );
            return self.block(
                codes::VPCLAB_NO_EDGE_TO_EDGE_ROUTING,
                tgw,
                format!(
                    "traffic that entered over {} cannot be routed on to a transit gateway",
                    origin_name(origin)
                ),
            );
        }
        let vpc_id = &t.vpcs[vpc].id;
        let att = t.transit_gateway_attachments.iter().find(|a| {
            a.transit_gateway_id == tgw
                && a.kind == TgwAttachmentKind::Vpc
                && &a.resource_id == vpc_id
                && is_live(&a.state)
        });
        let Some(att) = att else {
            self.hop(tgw, "transit-gateway", format!("{vpc_id} is not attached"));
            return self.block(
                codes::VPCLAB_NO_TGW_ATTACHMENT,
                tgw,
                format!("transit gateway {tgw} has no available attachment for {vpc_id}"),
            );
        };
        if let Some(az) = from_subnet.and_then(|s| ix.subnet_az(s)) {
            let covered = att.subnet_ids.is_empty()
                || att.subnet_ids.iter().any(|s| {
                    ix.subnet.get(s.as_str()).and_then(|&si| ix.subnet_az(si)) == Some(az)
                });
            if !covered {
                self.hop(
                    &att.id,
                    "transit-gateway-attachment",
                    format!("has no subnet in {az}"),
                );
                return self.block(
                    codes::TGW_ATTACH_VPC_AZ_RESTRICTION,
                    &att.id,
                    format!("attachment {} has no subnet in {az}, so resources in {az} cannot reach the transit gateway", att.id),
                );
            }
        }
        self.hop(
            &att.id,
            "transit-gateway-attachment",
            format!("{vpc_id} → {tgw}"),
        );
        self.tgw_ingress(tgw, &att.id)
    }

    /// A packet enters a TGW through an attachment: the attachment's associated route table decides.
    fn tgw_ingress(&mut self, tgw: &str, att: &str) -> Step {
        let ix = self.ix;
        self.hop(
            tgw,
            "transit-gateway",
            format!("receives the packet from {att}"),
        );
        let Some(&rtb) = ix.tgw_assoc.get(&(tgw, att)) else {
            return self.block(
                codes::TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION,
                att,
                format!("attachment {att} is not associated with a route table of {tgw}"),
            );
        };
        let rt = &ix.topo.transit_gateway_route_tables[rtb];
        self.budget = self.budget.saturating_sub(1);
        if !self.visited.insert((rtb, true, self.pkt)) || self.budget == 0 {
            return self.block(
                codes::VPCLAB_ROUTING_LOOP,
                &rt.id,
                format!("the packet returns to {}: a routing loop", rt.id),
            );
        }
        let Some((_, cands)) = ix.tgw_rtb_lpm[rtb].lookup(self.pkt.dst) else {
            self.hop(
                &rt.id,
                "transit-gateway-route-table",
                format!("no route matches {}", self.pkt.dst),
            );
            return self.block(
                codes::TGW_RTB_CANNOT_ROUTE,
                &rt.id,
                format!(
                    "transit gateway route table {} has no route to {}",
                    rt.id, self.pkt.dst
                ),
            );
        };
        let routes = &ix.tgw_rtb_routes[rtb];
        let mut best = cands.to_vec();
        best.sort_by_key(|&i| (routes[i].propagated, i));
        let r = &routes[best[0]];
        if r.state == RouteState::Blackhole || r.attachments.is_empty() {
            self.hop(
                &rt.id,
                "transit-gateway-route-table",
                format!("{} matches blackhole route {}", self.pkt.dst, r.cidr),
            );
            return self.block(
                codes::TGW_RTB_BAD_STATE_ROUTE,
                &rt.id,
                format!("route {} in {} is a blackhole", r.cidr, rt.id),
            );
        }
        let out = r.attachments[0].clone();
        let kind = if r.propagated { "propagated" } else { "static" };
        self.hop(
            &rt.id,
            "transit-gateway-route-table",
            format!("{} matches {kind} route {} → {out}", self.pkt.dst, r.cidr),
        );
        self.tgw_egress(tgw, &out)
    }

    fn tgw_egress(&mut self, tgw: &str, att_id: &str) -> Step {
        let ix = self.ix;
        let t = ix.topo;
        let Some(&ai) = ix.tgw_attachment.get(att_id) else {
            return self.block(
                codes::TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT,
                tgw,
                format!("attachment {att_id} does not exist"),
            );
        };
        let att = &t.transit_gateway_attachments[ai];
        if !is_live(&att.state) {
            return self.block(
                codes::BAD_STATE_ATTACHMENT,
                &att.id,
                format!("attachment {} is not available", att.id),
            );
        }
        match att.kind {
            TgwAttachmentKind::Vpc => {
                let Some(&vpc) = ix.vpc.get(att.resource_id.as_str()) else {
                    return self.block(
                        codes::UNKNOWN_DESTINATION,
                        &att.resource_id,
                        format!("VPC {} is not part of this topology", att.resource_id),
                    );
                };
                self.hop(
                    &att.id,
                    "transit-gateway-attachment",
                    format!("{tgw} → {}", att.resource_id),
                );
                let subnets: Vec<usize> = att
                    .subnet_ids
                    .iter()
                    .filter_map(|s| ix.subnet.get(s.as_str()).copied())
                    .collect();
                // AZ affinity: the attachment subnet in the source's AZ, else the destination's, else the first.
                let dst_az = ix
                    .subnet_at(vpc, self.pkt.dst)
                    .and_then(|s| ix.subnet_az(s));
                let pick = subnets
                    .iter()
                    .copied()
                    .find(|&s| self.src_az.is_some() && ix.subnet_az(s) == self.src_az)
                    .or_else(|| {
                        subnets
                            .iter()
                            .copied()
                            .find(|&s| dst_az.is_some() && ix.subnet_az(s) == dst_az)
                    })
                    .or_else(|| subnets.first().copied());
                let vpc_id = t.vpcs[vpc].id.clone();
                match pick.and_then(|s| ix.subnet_rtb[s].map(|r| (s, r))) {
                    Some((s, rtb)) => {
                        let route_table = &t.route_tables[rtb];
                        let lookup = ix.rtb_lpm[rtb].lookup(self.pkt.dst);
                        let local = lookup.is_some_and(|(_, c)| {
                            let routes = &ix.rtb_routes[rtb];
                            let mut c = c.to_vec();
                            c.sort_by_key(|&i| (routes[i].rank(), i));
                            routes[c[0]].target == "local"
                        });
                        if local {
                            self.hop(
                                &vpc_id,
                                "vpc",
                                format!(
                                    "arrives in {vpc_id}; {} routes {} locally",
                                    route_table.id, self.pkt.dst
                                ),
                            );
                            self.deliver_local(vpc, Origin::TransitGateway, None)
                        } else {
                            self.route_lookup(rtb, vpc, Origin::TransitGateway, Some(s))
                        }
                    }
                    None => {
                        self.hop(&vpc_id, "vpc", format!("arrives in {vpc_id}"));
                        self.deliver_local(vpc, Origin::TransitGateway, None)
                    }
                }
            }
            TgwAttachmentKind::Vpn | TgwAttachmentKind::DirectConnectGateway => {
                self.hop(
                    &att.id,
                    "transit-gateway-attachment",
                    format!("{tgw} → {}", att.resource_id),
                );
                let kind = if att.kind == TgwAttachmentKind::Vpn {
                    "vpn-connection"
                } else {
                    "direct-connect-gateway"
                };
                self.hop(
                    &att.resource_id,
                    kind,
                    "carries the packet to the on-premises network".into(),
                );
                self.hop(
                    "onprem",
                    "onprem",
                    format!("reaches {} on premises", self.pkt.dst),
                );
                self.accept()
            }
            TgwAttachmentKind::Peering => {
                self.hop(
                    &att.id,
                    "transit-gateway-attachment",
                    format!("{tgw} → peer {}", att.resource_id),
                );
                let peer = t
                    .transit_gateway_attachments
                    .iter()
                    .find(|a| a.id == att.id && a.transit_gateway_id != tgw)
                    .map(|a| a.transit_gateway_id.clone())
                    .unwrap_or_else(|| att.resource_id.clone());
                if peer == tgw || !ix.tgw.contains_key(peer.as_str()) {
                    return self.block(
                        codes::UNKNOWN_DESTINATION,
                        &att.resource_id,
                        format!(
                            "peer transit gateway {} is not part of this topology",
                            att.resource_id
                        ),
                    );
                }
                let att_id = att.id.clone();
                self.tgw_ingress(&peer, &att_id)
            }
            TgwAttachmentKind::Connect => self.block(
                codes::UNSUPPORTED_COMPONENT,
                &att.id,
                "Transit Gateway Connect attachments are not modelled".into(),
            ),
        }
    }

    // ---------------------------------------------------------------- VPN / Direct Connect

    fn via_vgw(&mut self, g: usize, origin: Origin, propagated: bool) -> Step {
        let ix = self.ix;
        let vgw = &ix.topo.vpn_gateways[g];
        self.hop(&vgw.id, "vpn-gateway", "virtual private gateway".into());
        if origin != Origin::Local {
            return self.block(
                codes::VPCLAB_NO_EDGE_TO_EDGE_ROUTING,
                &vgw.id,
                format!("traffic that entered over {} cannot leave over the VPN or Direct Connect (PCX-03)", origin_name(origin)),
            );
        }
        let routes = ix.vgw_onprem_routes(&vgw.id);
        let via = routes
            .iter()
            .filter(|(c, _, _)| c.contains(&self.pkt.dst))
            .max_by_key(|(c, o, _)| (c.prefix_len(), std::cmp::Reverse(*o)));
        let conn = match via {
            Some((_, _, conn)) => Some(conn.clone()),
            // A propagated route came from on premises, so on premises takes the traffic.
            None if propagated => ix
                .topo
                .vpn_connections
                .iter()
                .find(|v| v.vpn_gateway_id.as_deref() == Some(vgw.id.as_str()) && is_live(&v.state))
                .map(|v| v.id.clone())
                .or_else(|| Some(vgw.id.clone())),
            None => None,
        };
        let Some(conn) = conn else {
            return self.block(
                codes::NO_ROUTE_TO_DESTINATION,
                &vgw.id,
                format!(
                    "no VPN or Direct Connect route of {} covers {}",
                    vgw.id, self.pkt.dst
                ),
            );
        };
        if conn != vgw.id {
            let kind = if conn.starts_with("vpn-") {
                "vpn-connection"
            } else {
                "direct-connect-gateway"
            };
            self.hop(
                &conn,
                kind,
                "carries the packet to the on-premises network".into(),
            );
        }
        self.hop(
            "onprem",
            "onprem",
            format!("reaches {} on premises", self.pkt.dst),
        );
        self.accept()
    }

    fn start_onprem(&mut self, ip: IpAddr) -> Step {
        let ix = self.ix;
        let t = ix.topo;
        self.hop(
            "onprem",
            "onprem",
            format!(
                "{ip} on premises sends {} to {}",
                self.pkt.describe(),
                self.pkt.dst
            ),
        );
        let live: Vec<&VpnConnection> = t
            .vpn_connections
            .iter()
            .filter(|v| is_live(&v.state))
            .collect();
        let cgw_ip = |v: &VpnConnection| {
            v.customer_gateway_id
                .as_deref()
                .and_then(|c| ix.cgw.get(c))
                .and_then(|&c| t.customer_gateways[c].ip_address)
                .map(IpAddr::V4)
        };
        let vpn = live
            .iter()
            .find(|v| {
                v.static_routes
                    .iter()
                    .chain(v.bgp_routes.iter())
                    .any(|c| c.contains(&ip))
                    || cgw_ip(v) == Some(ip)
            })
            .copied();
        let dx = t
            .direct_connect_gateways
            .iter()
            .find(|d| d.onprem_cidrs.iter().any(|c| c.contains(&ip)));
        if let Some(v) = vpn {
            self.hop(
                &v.id,
                "vpn-connection",
                format!(
                    "Site-to-Site VPN from {}",
                    v.customer_gateway_id
                        .as_deref()
                        .unwrap_or("the customer gateway")
                ),
            );
            return self.vpn_into_aws(v);
        }
        if let Some(d) = dx {
            self.hop(&d.id, "direct-connect-gateway", "Direct Connect".into());
            if let Some(g) = d
                .vpn_gateway_ids
                .iter()
                .find_map(|g| ix.vgw.get(g.as_str()))
            {
                return self.vgw_ingress(*g);
            }
            if let Some(tgw) = d.transit_gateway_ids.first() {
                let att = t.transit_gateway_attachments.iter().find(|a| {
                    &a.transit_gateway_id == tgw
                        && a.kind == TgwAttachmentKind::DirectConnectGateway
                        && a.resource_id == d.id
                });
                if let Some(att) = att {
                    let (tgw, att) = (tgw.clone(), att.id.clone());
                    self.hop(
                        &att,
                        "transit-gateway-attachment",
                        format!("{} → {tgw}", d.id),
                    );
                    return self.tgw_ingress(&tgw, &att);
                }
            }
            return self.block(
                codes::UNASSOCIATED_COMPONENT,
                &d.id,
                format!("Direct Connect gateway {} is associated with nothing", d.id),
            );
        }
        if live.len() == 1 {
            let v = live[0];
            self.advise(
                codes::VPCLAB_ASSUMED_ONPREM_ENTRY,
                format!(
                    "{ip} is not in any VPN route; assuming it enters over the only VPN, {}",
                    v.id
                ),
            );
            self.hop(&v.id, "vpn-connection", "Site-to-Site VPN".into());
            return self.vpn_into_aws(v);
        }
        self.block(
            codes::VPCLAB_NO_ONPREM_CONNECTION,
            "onprem",
            format!("no VPN connection or Direct Connect gateway announces or reaches {ip}"),
        )
    }

    fn vpn_into_aws(&mut self, v: &'t VpnConnection) -> Step {
        let ix = self.ix;
        if let Some(g) = v.vpn_gateway_id.as_deref().and_then(|g| ix.vgw.get(g)) {
            return self.vgw_ingress(*g);
        }
        if let Some(tgw) = v.transit_gateway_id.as_deref() {
            let att = ix.topo.transit_gateway_attachments.iter().find(|a| {
                a.transit_gateway_id == tgw
                    && a.kind == TgwAttachmentKind::Vpn
                    && a.resource_id == v.id
            });
            if let Some(att) = att {
                self.hop(
                    &att.id,
                    "transit-gateway-attachment",
                    format!("{} → {tgw}", v.id),
                );
                return self.tgw_ingress(tgw, &att.id);
            }
        }
        self.block(
            codes::UNASSOCIATED_COMPONENT,
            &v.id,
            format!(
                "VPN connection {} is attached to no gateway in the topology",
                v.id
            ),
        )
    }

    fn vgw_ingress(&mut self, g: usize) -> Step {
        let ix = self.ix;
        let vgw = &ix.topo.vpn_gateways[g];
        let Some(vpc) = vgw.vpc_id.as_deref().and_then(|v| ix.vpc.get(v)).copied() else {
            self.hop(&vgw.id, "vpn-gateway", "not attached to a VPC".into());
            return self.block(
                codes::BAD_STATE_ATTACHMENT,
                &vgw.id,
                format!("{} is not attached to a VPC", vgw.id),
            );
        };
        self.hop(
            &vgw.id,
            "vpn-gateway",
            format!("receives the packet for {}", self.pkt.dst),
        );
        if !ix.vpc_contains(vpc, self.pkt.dst) {
            return self.block(
                codes::NO_ROUTE_TO_DESTINATION,
                &vgw.id,
                format!(
                    "{} advertises only the CIDRs of {}; {} is outside them",
                    vgw.id, ix.topo.vpcs[vpc].id, self.pkt.dst
                ),
            );
        }
        let id = vgw.id.clone();
        self.enter_from_gateway(&id, vpc, Origin::Vpn)
    }

    // ---------------------------------------------------------------- filters

    /// Security groups of an interface, for a packet leaving it (`egress`) or arriving at it.
    fn sg_check(&mut self, h: usize, egress: bool) -> Step {
        let ix = self.ix;
        let host = self.host(h);
        if matches!(host.owner, HostOwner::NatGateway(_)) {
            return Ok(()); // NAT-03: no security groups on a NAT gateway.
        }
        let t = ix.topo;
        let mut groups: Vec<usize> = host
            .security_groups
            .iter()
            .filter_map(|g| ix.sg.get(g.as_str()).copied())
            .collect();
        if host.security_groups.is_empty() {
            let vpc_id = &t.vpcs[host.vpc].id;
            if let Some(d) = t
                .security_groups
                .iter()
                .position(|g| &g.vpc_id == vpc_id && g.name.as_deref() == Some("default"))
            {
                groups.push(d);
            } else {
                return Ok(()); // A hand-drawn interface without security groups filters nothing.
            }
        }
        let pkt = self.pkt;
        let (peer_ip, peer_host) = if egress {
            (
                pkt.dst,
                ix.host_by_ip
                    .get(&(host.vpc, pkt.dst))
                    .or_else(|| ix.host_by_any_ip.get(&pkt.dst))
                    .copied(),
            )
        } else {
            (pkt.src, self.src_host)
        };
        let empty: Vec<String> = Vec::new();
        let peer_groups = peer_host
            .map(|p| &self.host(p).security_groups)
            .unwrap_or(&empty);
        let in_pl = |pl: &str, ip: IpAddr| ix.pl_contains(pl, ip);
        let peer = Peer {
            ip: peer_ip,
            groups: peer_groups,
            in_prefix_list: &in_pl,
        };
        let mut any_rule = false;
        let mut allowed_by: Option<(String, usize)> = None;
        for &g in &groups {
            let sg = &t.security_groups[g];
            let rules = if egress { &sg.egress } else { &sg.ingress };
            any_rule |= !rules.is_empty();
            if let Some(i) = rules
                .iter()
                .position(|r| rules::sg_rule_matches(r, &peer, pkt.protocol, pkt.dst_port))
            {
                allowed_by = Some((sg.id.clone(), i));
                break;
            }
        }
        let dir = if egress { "outbound" } else { "inbound" };
        let names: Vec<&str> = groups
            .iter()
            .map(|&g| t.security_groups[g].id.as_str())
            .collect();
        let first = names.first().copied().unwrap_or("").to_string();
        match allowed_by {
            Some((sg, i)) => {
                self.hop(
                    &sg,
                    "security-group",
                    format!(
                        "{dir} rule {} allows {} {} {peer_ip}",
                        i + 1,
                        pkt.describe(),
                        if egress { "to" } else { "from" }
                    ),
                );
                Ok(())
            }
            None => {
                let list = names.join(", ");
                self.hop(
                    &first,
                    "security-group",
                    format!("no {dir} rule of {list} allows {}", pkt.describe()),
                );
                let (code, what) = if any_rule {
                    (
                        codes::ENI_SG_RULES_MISMATCH,
                        format!(
                            "no {dir} rule of {list} on {} allows {} {} {peer_ip}",
                            host.id,
                            pkt.describe(),
                            if egress { "to" } else { "from" }
                        ),
                    )
                } else {
                    (
                        codes::SG_HAS_NO_RULES,
                        format!("{list} on {} has no {dir} rules", host.id),
                    )
                };
                self.block(code, &first, what)
            }
        }
    }

    /// The network ACL of a subnet for the packet leaving (`egress`) or entering it. Recorded for the reply.
    fn nacl_check(&mut self, subnet: usize, egress: bool) -> Step {
        let ix = self.ix;
        let Some(a) = ix.subnet_acl[subnet] else {
            return Ok(());
        };
        let acl = &ix.topo.network_acls[a];
        let verdict = eval_nacl(acl, egress, &self.pkt);
        let dir = if egress { "outbound" } else { "inbound" };
        self.hop(
            &acl.id,
            "network-acl",
            format!("{dir}: {} {}", self.pkt.describe(), verdict.describe()),
        );
        if !verdict.allowed() {
            return self.block(
                codes::SUBNET_ACL_RESTRICTION,
                &acl.id,
                format!(
                    "network ACL {} {} {dir} {}",
                    acl.id,
                    verdict.describe(),
                    self.pkt.describe()
                ),
            );
        }
        self.crossings.push((a, egress, self.pkt));
        Ok(())
    }

    /// NACLs are stateless: the reply must pass each one the request crossed, in the other direction (NACL-01).
    fn check_replies(&mut self) {
        let ix = self.ix;
        for (a, egress, pkt) in std::mem::take(&mut self.crossings) {
            let acl = &ix.topo.network_acls[a];
            let reply = pkt.reply();
            let verdict = eval_nacl(acl, !egress, &reply);
            if !verdict.allowed() {
                let dir = if egress { "inbound" } else { "outbound" };
                let port = reply
                    .dst_port
                    .map(|p| format!(" to port {p}"))
                    .unwrap_or_default();
                self.reachable = false;
                self.hop(
                    &acl.id,
                    "network-acl",
                    format!("reply {dir}: {} {}", reply.describe(), verdict.describe()),
                );
                let _ = self.block(
                    codes::SUBNET_ACL_RESTRICTION,
                    &acl.id,
                    format!(
                        "network ACL {} {} the {dir} reply from {}{port}: ACLs are stateless, so return traffic on ephemeral ports must be allowed (NACL-01)",
                        acl.id,
                        verdict.describe(),
                        reply.src
                    ),
                );
                return;
            }
        }
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
