//! A compiled, read-only view of a [`Topology`] for fast traces: ids → objects, addresses → interfaces, and
//! each route table's *effective* routes (its own routes, the implicit local routes, gateway-endpoint routes and
//! VGW-propagated routes) in a longest-prefix-match trie.
//!
//! Building the index is linear in the size of the topology; a trace then does hash and trie lookups only.

use super::lpm::Lpm;
use crate::model::*;
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

/// Where an interface-like thing (something with addresses in a subnet) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostOwner {
    /// An instance (its primary interface inline, or one of its ENIs).
    Instance(usize),
    NatGateway(usize),
    VpcEndpoint(usize),
    /// A bare ENI of another kind (load balancer, Lambda, TGW attachment …) or an unattached one.
    Interface,
}

/// Something with private addresses in a subnet: an ENI, or a hand-drawn instance's inline primary interface,
/// or a NAT gateway given without its ENI.
#[derive(Debug, Clone)]
pub struct Host {
    /// The ENI id (or the instance/NAT id when there is no ENI object).
    pub id: String,
    pub owner: HostOwner,
    pub subnet: usize,
    pub vpc: usize,
    pub ips: Vec<IpAddr>,
    pub public_ip: Option<std::net::Ipv4Addr>,
    pub security_groups: Vec<String>,
    pub source_dest_check: bool,
}

/// A route as the engine sees it: where it came from and how it ranks among equally specific routes.
#[derive(Debug, Clone, PartialEq)]
pub struct EffRoute {
    /// Index into the route table's `routes`, or `None` for an implied route (local, endpoint, propagated).
    pub declared: Option<usize>,
    pub destination: Destination,
    pub target: String,
    pub state: RouteState,
    pub origin: RouteOrigin,
    /// Which address families of a prefix list this route carries: a gateway endpoint's IP address type
    /// decides it (GE-21): IPv4 → the IPv4 ranges, IPv6 → the IPv6 ranges, dualstack → both.
    pub ipv4: bool,
    pub ipv6: bool,
}

impl EffRoute {
    /// RT-04: static (0) before prefix list (1) before propagated DX (2), VPN static (3), VPN BGP (4).
    pub fn rank(&self) -> u8 {
        match (&self.destination, self.origin) {
            (_, RouteOrigin::PropagatedDx) => 2,
            (_, RouteOrigin::PropagatedVpnStatic) => 3,
            (_, RouteOrigin::PropagatedVpnBgp) => 4,
            (Destination::PrefixList(_), RouteOrigin::Static) => 1,
            (Destination::Cidr(_), RouteOrigin::Static) => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EffTgwRoute {
    pub cidr: IpNet,
    pub attachments: Vec<String>,
    pub state: RouteState,
    pub propagated: bool,
}

pub struct Index<'t> {
    pub topo: &'t Topology,
    pub vpc: HashMap<&'t str, usize>,
    pub subnet: HashMap<&'t str, usize>,
    pub route_table: HashMap<&'t str, usize>,
    pub igw: HashMap<&'t str, usize>,
    pub eigw: HashMap<&'t str, usize>,
    pub nat: HashMap<&'t str, usize>,
    pub instance: HashMap<&'t str, usize>,
    pub eni: HashMap<&'t str, usize>,
    pub sg: HashMap<&'t str, usize>,
    pub prefix_list: HashMap<&'t str, usize>,
    pub endpoint: HashMap<&'t str, usize>,
    pub peering: HashMap<&'t str, usize>,
    pub tgw: HashMap<&'t str, usize>,
    pub tgw_attachment: HashMap<&'t str, usize>,
    pub vgw: HashMap<&'t str, usize>,
    pub vpn: HashMap<&'t str, usize>,
    pub cgw: HashMap<&'t str, usize>,
    pub dxgw: HashMap<&'t str, usize>,

    pub hosts: Vec<Host>,
    /// (VPC, private address) → host.
    pub host_by_ip: HashMap<(usize, IpAddr), usize>,
    /// Private address → the first host with it in any VPC (for security-group references across peering).
    pub host_by_any_ip: HashMap<IpAddr, usize>,
    /// Public IPv4 / Elastic IP → host.
    pub host_by_public_ip: HashMap<IpAddr, usize>,
    /// Instance / ENI / NAT / endpoint id → its hosts.
    pub hosts_of: HashMap<&'t str, Vec<usize>>,
    /// VPN tunnel outside addresses → VPN connection.
    pub vpn_by_outside_ip: HashMap<IpAddr, usize>,

    /// Subnet → its route table (explicit association, else the VPC's main table).
    pub subnet_rtb: Vec<Option<usize>>,
    /// Subnet → its network ACL (explicit, else the VPC's default); `None` = allow-all default (NACL-03).
    pub subnet_acl: Vec<Option<usize>>,
    /// Gateway (IGW / VGW) → its edge-associated route table.
    pub gateway_rtb: HashMap<&'t str, usize>,
    /// Per route table: effective routes and their trie.
    pub rtb_routes: Vec<Vec<EffRoute>>,
    pub rtb_lpm: Vec<Lpm<usize>>,
    /// Per VPC: its subnets by CIDR (IPv4 and IPv6).
    pub vpc_subnets: Vec<Lpm<usize>>,
    /// Per VPC: region (own, from its subnets' AZs, or the topology default).
    pub vpc_region: Vec<Option<String>>,
    /// Per VPC: its IGW, EIGW, VGW.
    pub vpc_igw: Vec<Option<usize>>,
    pub vpc_eigw: Vec<Option<usize>>,
    pub vpc_vgw: Vec<Option<usize>>,
    /// Per prefix list: its CIDRs in a trie (for SG prefix-list rules).
    pub pl_lpm: Vec<Lpm<()>>,
    /// Per TGW route table: effective routes and trie.
    pub tgw_rtb_routes: Vec<Vec<EffTgwRoute>>,
    pub tgw_rtb_lpm: Vec<Lpm<usize>>,
    /// (TGW, attachment) → the TGW route table the attachment is associated with.
    pub tgw_assoc: HashMap<(&'t str, &'t str), usize>,
}

fn ids<'t, T>(items: &'t [T], id: impl Fn(&'t T) -> &'t str) -> HashMap<&'t str, usize> {
    let mut m = HashMap::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        m.entry(id(x)).or_insert(i);
    }
    m
}

/// Active attachment / connection states (`None` = assumed available, as in hand-drawn diagrams).
pub fn is_live(state: &Option<String>) -> bool {
    match state.as_deref().map(|s| s.to_ascii_lowercase()) {
        None => true,
        Some(s) => !matches!(
            s.as_str(),
            "deleted"
                | "deleting"
                | "failed"
                | "rejected"
                | "expired"
                | "pending-acceptance"
                | "pendingacceptance"
        ),
    }
}

impl<'t> Index<'t> {
    pub fn new(t: &'t Topology) -> Index<'t> {
        let mut ix = Index {
            topo: t,
            vpc: ids(&t.vpcs, |x| &x.id),
            subnet: ids(&t.subnets, |x| &x.id),
            route_table: ids(&t.route_tables, |x| &x.id),
            igw: ids(&t.internet_gateways, |x| &x.id),
            eigw: ids(&t.egress_only_internet_gateways, |x| &x.id),
            nat: ids(&t.nat_gateways, |x| &x.id),
            instance: ids(&t.instances, |x| &x.id),
            eni: ids(&t.network_interfaces, |x| &x.id),
            sg: ids(&t.security_groups, |x| &x.id),
            prefix_list: ids(&t.prefix_lists, |x| &x.id),
            endpoint: ids(&t.vpc_endpoints, |x| &x.id),
            peering: ids(&t.peering_connections, |x| &x.id),
            tgw: ids(&t.transit_gateways, |x| &x.id),
            tgw_attachment: ids(&t.transit_gateway_attachments, |x| &x.id),
            vgw: ids(&t.vpn_gateways, |x| &x.id),
            vpn: ids(&t.vpn_connections, |x| &x.id),
            cgw: ids(&t.customer_gateways, |x| &x.id),
            dxgw: ids(&t.direct_connect_gateways, |x| &x.id),
            hosts: Vec::new(),
            host_by_ip: HashMap::new(),
            host_by_any_ip: HashMap::new(),
            host_by_public_ip: HashMap::new(),
            hosts_of: HashMap::new(),
            vpn_by_outside_ip: HashMap::new(),
            subnet_rtb: vec![None; t.subnets.len()],
            subnet_acl: vec![None; t.subnets.len()],
            gateway_rtb: HashMap::new(),
            rtb_routes: Vec::new(),
            rtb_lpm: Vec::new(),
            vpc_subnets: (0..t.vpcs.len()).map(|_| Lpm::new()).collect(),
            vpc_region: t.vpcs.iter().map(|v| t.vpc_region(v)).collect(),
            vpc_igw: vec![None; t.vpcs.len()],
            vpc_eigw: vec![None; t.vpcs.len()],
            vpc_vgw: vec![None; t.vpcs.len()],
            pl_lpm: Vec::new(),
            tgw_rtb_routes: Vec::new(),
            tgw_rtb_lpm: Vec::new(),
            tgw_assoc: HashMap::new(),
        };
        ix.build_subnets();
        ix.build_hosts();
        ix.build_gateways();
        ix.build_route_tables();
        ix.build_tgw();
        ix
    }

    fn build_subnets(&mut self) {
        let t = self.topo;
        for (i, s) in t.subnets.iter().enumerate() {
            if let Some(&v) = self.vpc.get(s.vpc_id.as_str()) {
                for c in s.cidr_block.iter().chain(s.ipv6_cidr_block.iter()) {
                    self.vpc_subnets[v].insert(*c, i);
                }
            }
        }
        // Route tables: explicit association, else main (RT-08).
        let mut main: HashMap<&str, usize> = HashMap::new();
        for (i, rt) in t.route_tables.iter().enumerate() {
            if rt.main {
                main.entry(rt.vpc_id.as_str()).or_insert(i);
            }
            for s in &rt.subnet_ids {
                if let Some(&si) = self.subnet.get(s.as_str()) {
                    self.subnet_rtb[si].get_or_insert(i);
                }
            }
            for g in &rt.gateway_ids {
                self.gateway_rtb.entry(g.as_str()).or_insert(i);
            }
        }
        for (si, s) in t.subnets.iter().enumerate() {
            if self.subnet_rtb[si].is_none() {
                self.subnet_rtb[si] = main.get(s.vpc_id.as_str()).copied();
            }
        }
        // Network ACLs: explicit association, else the VPC's default (NACL-03).
        let mut default: HashMap<&str, usize> = HashMap::new();
        for (i, acl) in t.network_acls.iter().enumerate() {
            if acl.default {
                default.entry(acl.vpc_id.as_str()).or_insert(i);
            }
            for s in &acl.subnet_ids {
                if let Some(&si) = self.subnet.get(s.as_str()) {
                    self.subnet_acl[si].get_or_insert(i);
                }
            }
        }
        for (si, s) in t.subnets.iter().enumerate() {
            if self.subnet_acl[si].is_none() {
                self.subnet_acl[si] = default.get(s.vpc_id.as_str()).copied();
            }
        }
    }

    fn add_host(&mut self, h: Host, owner_ids: &[&'t str]) {
        let hi = self.hosts.len();
        for ip in &h.ips {
            self.host_by_ip.entry((h.vpc, *ip)).or_insert(hi);
            self.host_by_any_ip.entry(*ip).or_insert(hi);
        }
        if let Some(p) = h.public_ip {
            self.host_by_public_ip.entry(IpAddr::V4(p)).or_insert(hi);
        }
        for id in owner_ids {
            self.hosts_of.entry(id).or_default().push(hi);
        }
        self.hosts.push(h);
    }

    fn build_hosts(&mut self) {
        let t = self.topo;
        // Owners of ENIs, by id.
        let mut eni_owner: HashMap<&str, HostOwner> = HashMap::new();
        for (i, inst) in t.instances.iter().enumerate() {
            for e in &inst.network_interface_ids {
                eni_owner.insert(e.as_str(), HostOwner::Instance(i));
            }
        }
        for (i, n) in t.nat_gateways.iter().enumerate() {
            if let Some(e) = &n.eni_id {
                eni_owner.insert(e.as_str(), HostOwner::NatGateway(i));
            }
        }
        for (i, ep) in t.vpc_endpoints.iter().enumerate() {
            for e in &ep.network_interface_ids {
                eni_owner.insert(e.as_str(), HostOwner::VpcEndpoint(i));
            }
        }
        for eni in &t.network_interfaces {
            let Some(&subnet) = self.subnet.get(eni.subnet_id.as_str()) else {
                continue;
            };
            let Some(&vpc) = self.vpc.get(t.subnets[subnet].vpc_id.as_str()) else {
                continue;
            };
            let owner = eni_owner
                .get(eni.id.as_str())
                .copied()
                .or_else(|| {
                    let a = eni.attached_to.as_deref()?;
                    match TargetKind::of(a) {
                        TargetKind::Instance => {
                            self.instance.get(a).map(|&i| HostOwner::Instance(i))
                        }
                        TargetKind::NatGateway => {
                            self.nat.get(a).map(|&i| HostOwner::NatGateway(i))
                        }
                        TargetKind::VpcEndpoint => {
                            self.endpoint.get(a).map(|&i| HostOwner::VpcEndpoint(i))
                        }
                        _ => None,
                    }
                })
                .unwrap_or(HostOwner::Interface);
            let mut owner_ids: Vec<&'t str> = vec![eni.id.as_str()];
            match owner {
                HostOwner::Instance(i) => owner_ids.push(&t.instances[i].id),
                HostOwner::NatGateway(i) => owner_ids.push(&t.nat_gateways[i].id),
                HostOwner::VpcEndpoint(i) => owner_ids.push(&t.vpc_endpoints[i].id),
                HostOwner::Interface => {}
            }
            let public_ip = eni.public_ip.or(match owner {
                HostOwner::NatGateway(i) => t.nat_gateways[i].public_ip,
                _ => None,
            });
            self.add_host(
                Host {
                    id: eni.id.clone(),
                    owner,
                    subnet,
                    vpc,
                    ips: eni.private_ips.clone(),
                    public_ip,
                    security_groups: eni.security_group_ids.clone(),
                    source_dest_check: eni.source_dest_check,
                },
                &owner_ids,
            );
        }
        // Hand-drawn instances: the primary interface given inline.
        for (i, inst) in t.instances.iter().enumerate() {
            if self.hosts_of.contains_key(inst.id.as_str()) {
                continue;
            }
            let Some(subnet) = inst
                .subnet_id
                .as_deref()
                .and_then(|s| self.subnet.get(s))
                .copied()
            else {
                continue;
            };
            let Some(&vpc) = self.vpc.get(t.subnets[subnet].vpc_id.as_str()) else {
                continue;
            };
            let ips: Vec<IpAddr> = inst
                .private_ip
                .iter()
                .chain(inst.ipv6_addresses.iter())
                .copied()
                .collect();
            self.add_host(
                Host {
                    id: inst.id.clone(),
                    owner: HostOwner::Instance(i),
                    subnet,
                    vpc,
                    ips,
                    public_ip: inst.public_ip,
                    security_groups: inst.security_group_ids.clone(),
                    source_dest_check: inst.source_dest_check,
                },
                &[inst.id.as_str()],
            );
        }
        // NAT gateways without an ENI object.
        for (i, n) in t.nat_gateways.iter().enumerate() {
            if self.hosts_of.contains_key(n.id.as_str()) {
                continue;
            }
            let Some(subnet) = n
                .subnet_id
                .as_deref()
                .and_then(|s| self.subnet.get(s))
                .copied()
            else {
                continue;
            };
            let Some(&vpc) = self.vpc.get(t.subnets[subnet].vpc_id.as_str()) else {
                continue;
            };
            let ip = n
                .private_ip
                .map(IpAddr::V4)
                .or_else(|| self.allocate_ip(subnet, vpc));
            self.add_host(
                Host {
                    id: n.id.clone(),
                    owner: HostOwner::NatGateway(i),
                    subnet,
                    vpc,
                    ips: ip.into_iter().collect(),
                    public_ip: n.public_ip,
                    security_groups: Vec::new(),
                    source_dest_check: false,
                },
                &[n.id.as_str()],
            );
        }
        // Interface and GWLB endpoints drawn without ENI objects: one requester-managed interface per subnet
        // (IE-01), with the endpoint's security groups (IE-13: the VPC default when none is chosen).
        for (i, ep) in t.vpc_endpoints.iter().enumerate() {
            if ep.kind == EndpointKind::Gateway || self.hosts_of.contains_key(ep.id.as_str()) {
                continue;
            }
            for sid in &ep.subnet_ids {
                let Some(&subnet) = self.subnet.get(sid.as_str()) else {
                    continue;
                };
                let Some(&vpc) = self.vpc.get(t.subnets[subnet].vpc_id.as_str()) else {
                    continue;
                };
                let Some(ip) = self.allocate_ip(subnet, vpc) else {
                    continue;
                };
                let az = t.subnets[subnet].az.as_deref().unwrap_or(sid.as_str());
                self.add_host(
                    Host {
                        id: format!("{}-eni-{az}", ep.id),
                        owner: HostOwner::VpcEndpoint(i),
                        subnet,
                        vpc,
                        ips: vec![ip],
                        public_ip: None,
                        security_groups: ep.security_group_ids.clone(),
                        source_dest_check: true,
                    },
                    &[ep.id.as_str()],
                );
            }
        }
        for (i, vpn) in t.vpn_connections.iter().enumerate() {
            if !is_live(&vpn.state) {
                continue;
            }
            for ip in &vpn.tunnel_outside_ips {
                self.vpn_by_outside_ip.entry(IpAddr::V4(*ip)).or_insert(i);
            }
        }
        self.pl_lpm = t
            .prefix_lists
            .iter()
            .map(|pl| {
                let mut l = Lpm::new();
                for c in &pl.cidrs {
                    l.insert(*c, ());
                }
                l
            })
            .collect();
    }

    /// A free IPv4 address for an interface drawn without one: counting down from the last usable address of
    /// the subnet (AWS reserves the first four and the last).
    fn allocate_ip(&self, subnet: usize, vpc: usize) -> Option<IpAddr> {
        let IpNet::V4(cidr) = self.topo.subnets[subnet].cidr_block? else {
            return None;
        };
        let first = u32::from(cidr.network()).checked_add(4)?;
        let mut candidate = u32::from(cidr.broadcast()).checked_sub(1)?;
        while candidate >= first {
            let ip = IpAddr::V4(candidate.into());
            if !self.host_by_ip.contains_key(&(vpc, ip)) {
                return Some(ip);
            }
            candidate -= 1;
        }
        None
    }

    fn build_gateways(&mut self) {
        let t = self.topo;
        for (i, g) in t.internet_gateways.iter().enumerate() {
            if let Some(v) = g.vpc_id.as_deref().and_then(|v| self.vpc.get(v)) {
                self.vpc_igw[*v].get_or_insert(i);
            }
        }
        for (i, g) in t.egress_only_internet_gateways.iter().enumerate() {
            if let Some(v) = g.vpc_id.as_deref().and_then(|v| self.vpc.get(v)) {
                self.vpc_eigw[*v].get_or_insert(i);
            }
        }
        for (i, g) in t.vpn_gateways.iter().enumerate() {
            if let Some(v) = g.vpc_id.as_deref().and_then(|v| self.vpc.get(v)) {
                self.vpc_vgw[*v].get_or_insert(i);
            }
        }
    }

    /// The AWS-managed prefix list of a service in a region (`com.amazonaws.<region>.<service>`), if present.
    pub fn service_prefix_list(&self, region: &str, service: &str) -> Option<usize> {
        let name = format!("com.amazonaws.{region}.{service}");
        self.topo.prefix_lists.iter().position(|p| p.name == name)
    }

    /// Every AWS-managed prefix list of a service in a region: `com.amazonaws.<region>.<service>` and its IPv6
    /// counterpart `com.amazonaws.<region>.ipv6.<service>` (the IPv6 name is **unconfirmed**; a list of either
    /// name may hold ranges of both families).
    pub fn service_prefix_lists(&self, region: &str, service: &str) -> Vec<usize> {
        let v4 = format!("com.amazonaws.{region}.{service}");
        let v6 = format!("com.amazonaws.{region}.ipv6.{service}");
        (0..self.topo.prefix_lists.len())
            .filter(|&i| {
                self.topo.prefix_lists[i].name == v4 || self.topo.prefix_lists[i].name == v6
            })
            .collect()
    }

    /// The region of the endpoint's service: `com.amazonaws.<region>.<service>` → (region, service).
    pub fn service_of(name: &str) -> Option<(&str, &str)> {
        let rest = name.strip_prefix("com.amazonaws.")?;
        let (region, service) = rest.split_once('.')?;
        if region == "vpce" {
            return None;
        }
        Some((region, service.strip_prefix("ipv6.").unwrap_or(service)))
    }

    /// On-premises CIDRs a VGW reaches: its VPNs' static and BGP routes and its DX gateways' prefixes.
    pub fn vgw_onprem_routes(&self, vgw: &str) -> Vec<(IpNet, RouteOrigin, String)> {
        let t = self.topo;
        let mut out = Vec::new();
        for dx in &t.direct_connect_gateways {
            if dx.vpn_gateway_ids.iter().any(|g| g == vgw) {
                out.extend(
                    dx.onprem_cidrs
                        .iter()
                        .map(|c| (*c, RouteOrigin::PropagatedDx, dx.id.clone())),
                );
            }
        }
        for v in &t.vpn_connections {
            if v.vpn_gateway_id.as_deref() == Some(vgw) && is_live(&v.state) {
                out.extend(
                    v.static_routes
                        .iter()
                        .map(|c| (*c, RouteOrigin::PropagatedVpnStatic, v.id.clone())),
                );
                out.extend(
                    v.bgp_routes
                        .iter()
                        .map(|c| (*c, RouteOrigin::PropagatedVpnBgp, v.id.clone())),
                );
            }
        }
        out
    }

    fn build_route_tables(&mut self) {
        let t = self.topo;
        for rt in &t.route_tables {
            let mut routes: Vec<EffRoute> = rt
                .routes
                .iter()
                .enumerate()
                .map(|(i, r)| EffRoute {
                    declared: Some(i),
                    destination: r.destination.clone(),
                    target: r.target.clone(),
                    state: r.state,
                    origin: r.origin,
                    ipv4: true,
                    ipv6: true,
                })
                .collect();
            let push = |routes: &mut Vec<EffRoute>, r: EffRoute| {
                if !routes
                    .iter()
                    .any(|x| x.destination == r.destination && x.target == r.target)
                {
                    routes.push(r);
                }
            };
            // Local routes for every VPC CIDR (RT-01), even if the table does not list them.
            if let Some(&v) = self.vpc.get(rt.vpc_id.as_str()) {
                for c in &t.vpcs[v].cidr_blocks {
                    let implied = EffRoute {
                        declared: None,
                        destination: Destination::Cidr(*c),
                        target: "local".into(),
                        state: RouteState::Active,
                        origin: RouteOrigin::Static,
                        ipv4: true,
                        ipv6: true,
                    };
                    push(&mut routes, implied);
                }
            }
            // Gateway endpoints add their service's prefix-list route (GE-01).
            for ep in &t.vpc_endpoints {
                if ep.kind != EndpointKind::Gateway || !ep.route_table_ids.contains(&rt.id) {
                    continue;
                }
                if let Some((region, service)) = Self::service_of(&ep.service_name) {
                    let (ipv4, ipv6) = match ep.ip_address_type {
                        IpAddressType::Ipv4 => (true, false),
                        IpAddressType::Ipv6 => (false, true),
                        IpAddressType::Dualstack => (true, true),
                    };
                    for pl in self.service_prefix_lists(region, service) {
                        let implied = EffRoute {
                            declared: None,
                            destination: Destination::PrefixList(t.prefix_lists[pl].id.clone()),
                            target: ep.id.clone(),
                            state: RouteState::Active,
                            origin: RouteOrigin::Static,
                            ipv4,
                            ipv6,
                        };
                        push(&mut routes, implied);
                    }
                }
            }
            // VGW route propagation.
            for vgw in &rt.propagating_vgws {
                for (cidr, origin, _) in self.vgw_onprem_routes(vgw) {
                    let implied = EffRoute {
                        declared: None,
                        destination: Destination::Cidr(cidr),
                        target: vgw.clone(),
                        state: RouteState::Active,
                        origin,
                        ipv4: true,
                        ipv6: true,
                    };
                    push(&mut routes, implied);
                }
            }
            let mut lpm = Lpm::new();
            for (i, r) in routes.iter().enumerate() {
                match &r.destination {
                    Destination::Cidr(c) => lpm.insert(*c, i),
                    Destination::PrefixList(pl) => {
                        if let Some(&p) = self.prefix_list.get(pl.as_str()) {
                            for c in &t.prefix_lists[p].cidrs {
                                if (c.addr().is_ipv4() && r.ipv4) || (c.addr().is_ipv6() && r.ipv6)
                                {
                                    lpm.insert(*c, i);
                                }
                            }
                        }
                    }
                }
            }
            self.rtb_routes.push(routes);
            self.rtb_lpm.push(lpm);
        }
    }

    /// CIDRs an attachment propagates into a TGW route table.
    fn attachment_cidrs(&self, att: &TgwAttachment) -> Vec<IpNet> {
        let t = self.topo;
        match att.kind {
            TgwAttachmentKind::Vpc => self
                .vpc
                .get(att.resource_id.as_str())
                .map(|&v| t.vpcs[v].cidr_blocks.clone())
                .unwrap_or_default(),
            TgwAttachmentKind::Vpn => self
                .vpn
                .get(att.resource_id.as_str())
                .map(|&v| {
                    let c = &t.vpn_connections[v];
                    c.static_routes
                        .iter()
                        .chain(c.bgp_routes.iter())
                        .copied()
                        .collect()
                })
                .unwrap_or_default(),
            TgwAttachmentKind::DirectConnectGateway => self
                .dxgw
                .get(att.resource_id.as_str())
                .map(|&d| t.direct_connect_gateways[d].onprem_cidrs.clone())
                .unwrap_or_default(),
            TgwAttachmentKind::Peering | TgwAttachmentKind::Connect => Vec::new(),
        }
    }

    fn build_tgw(&mut self) {
        let t = self.topo;
        for (ri, rtb) in t.transit_gateway_route_tables.iter().enumerate() {
            let mut routes: Vec<EffTgwRoute> = rtb
                .routes
                .iter()
                .map(|r| EffTgwRoute {
                    cidr: r.cidr,
                    attachments: r.attachment_ids.clone(),
                    state: r.state,
                    propagated: r.propagated,
                })
                .collect();
            for a in &rtb.propagations {
                let Some(&ai) = self.tgw_attachment.get(a.as_str()) else {
                    continue;
                };
                let att = &t.transit_gateway_attachments[ai];
                if !is_live(&att.state) {
                    continue;
                }
                for c in self.attachment_cidrs(att) {
                    if !routes
                        .iter()
                        .any(|r| r.cidr == c && r.attachments.iter().any(|x| x == a))
                    {
                        routes.push(EffTgwRoute {
                            cidr: c,
                            attachments: vec![a.clone()],
                            state: RouteState::Active,
                            propagated: true,
                        });
                    }
                }
            }
            let mut lpm = Lpm::new();
            for (i, r) in routes.iter().enumerate() {
                lpm.insert(r.cidr, i);
            }
            self.tgw_rtb_routes.push(routes);
            self.tgw_rtb_lpm.push(lpm);
            for a in &rtb.associations {
                self.tgw_assoc
                    .entry((rtb.transit_gateway_id.as_str(), a.as_str()))
                    .or_insert(ri);
            }
        }
        // Attachments with no explicit association use their TGW's default association table.
        for att in &t.transit_gateway_attachments {
            let key = (att.transit_gateway_id.as_str(), att.id.as_str());
            if self.tgw_assoc.contains_key(&key) {
                continue;
            }
            let default = self
                .tgw
                .get(att.transit_gateway_id.as_str())
                .and_then(|&g| t.transit_gateways[g].default_route_table_id.as_deref())
                .and_then(|id| {
                    t.transit_gateway_route_tables
                        .iter()
                        .position(|r| r.id == id)
                });
            if let Some(d) = default {
                self.tgw_assoc.insert(key, d);
            }
        }
    }

    /// Does prefix list `id` contain `ip`?
    pub fn pl_contains(&self, id: &str, ip: IpAddr) -> bool {
        self.prefix_list
            .get(id)
            .is_some_and(|&p| self.pl_lpm[p].lookup(ip).is_some())
    }

    /// The subnet of `vpc` whose CIDR contains `ip`.
    pub fn subnet_at(&self, vpc: usize, ip: IpAddr) -> Option<usize> {
        self.vpc_subnets[vpc]
            .lookup(ip)
            .and_then(|(_, s)| s.first().copied())
    }

    pub fn vpc_contains(&self, vpc: usize, ip: IpAddr) -> bool {
        self.topo.vpcs[vpc]
            .cidr_blocks
            .iter()
            .any(|c| c.contains(&ip))
    }

    /// Of several interfaces (an endpoint's ENIs, a target's), the one in `az`, else the first: AZ affinity.
    pub fn host_in_az(&self, hosts: &[usize], az: Option<&str>) -> Option<usize> {
        hosts
            .iter()
            .copied()
            .find(|&h| az.is_some() && self.subnet_az(self.hosts[h].subnet) == az)
            .or_else(|| hosts.first().copied())
    }

    /// The AZ of a subnet.
    pub fn subnet_az(&self, subnet: usize) -> Option<&'t str> {
        self.topo.subnets[subnet].az.as_deref()
    }

    /// Display name of a host's owner: the instance / NAT / endpoint id, else the ENI id.
    pub fn host_label(&self, h: usize) -> (&'t str, crate::path::HopKind) {
        let host = &self.hosts[h];
        let t = self.topo;
        match host.owner {
            HostOwner::Instance(i) => (t.instances[i].id.as_str(), crate::path::HopKind::INSTANCE),
            HostOwner::NatGateway(i) => (
                t.nat_gateways[i].id.as_str(),
                crate::path::HopKind::NAT_GATEWAY,
            ),
            HostOwner::VpcEndpoint(i) => (
                t.vpc_endpoints[i].id.as_str(),
                crate::path::HopKind::VPC_ENDPOINT,
            ),
            HostOwner::Interface => {
                let eni = self
                    .eni
                    .get(host.id.as_str())
                    .map(|&e| t.network_interfaces[e].id.as_str());
                (eni.unwrap_or(""), crate::path::HopKind::NETWORK_INTERFACE)
            }
        }
    }
}
