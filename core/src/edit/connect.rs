//! [`Edit::Connect`](super::Edit::Connect) / [`Edit::Disconnect`](super::Edit::Disconnect): relations that are
//! associations, and the shared operations that make them (peering, attachments, routes, propagation).

use std::net::IpAddr;

use ipnet::IpNet;

use crate::model::*;

use super::alloc::{new_id, next_private_ip};
use super::object::find;
use super::{EditError, ObjectKind, Work};

// ------------------------------------------------------------------------------------------------ helpers

/// The VPC an object is in (a VPC is in itself; `<id>@<subnet>` keys count as their subnet).
pub(crate) fn vpc_of(t: &Topology, id: &str) -> Option<String> {
    if let Some((_, sub)) = id.split_once('@') {
        if find(t, id).is_none() {
            return vpc_of(t, sub);
        }
    }
    let subnet_vpc = |s: &str| {
        t.subnets
            .iter()
            .find(|x| x.id == s)
            .map(|x| x.vpc_id.clone())
    };
    let (k, i) = find(t, id)?;
    match k {
        ObjectKind::Vpc => Some(id.to_string()),
        ObjectKind::Subnet => Some(t.subnets[i].vpc_id.clone()),
        ObjectKind::RouteTable => Some(t.route_tables[i].vpc_id.clone()),
        ObjectKind::SecurityGroup => Some(t.security_groups[i].vpc_id.clone()),
        ObjectKind::NetworkAcl => Some(t.network_acls[i].vpc_id.clone()),
        ObjectKind::VpcEndpoint => Some(t.vpc_endpoints[i].vpc_id.clone()),
        ObjectKind::LoadBalancer => Some(t.load_balancers[i].vpc_id.clone()),
        ObjectKind::InternetGateway => t.internet_gateways[i].vpc_id.clone(),
        ObjectKind::EgressOnlyInternetGateway => t.egress_only_internet_gateways[i].vpc_id.clone(),
        ObjectKind::VpnGateway => t.vpn_gateways[i].vpc_id.clone(),
        ObjectKind::NetworkInterface => subnet_vpc(&t.network_interfaces[i].subnet_id),
        ObjectKind::NatGateway => {
            let n = &t.nat_gateways[i];
            n.subnet_id
                .as_deref()
                .and_then(subnet_vpc)
                .or_else(|| n.vpc_id.clone())
        }
        ObjectKind::Instance => {
            let inst = &t.instances[i];
            inst.subnet_id.as_deref().and_then(subnet_vpc).or_else(|| {
                inst.network_interface_ids.iter().find_map(|e| {
                    let eni = t.network_interfaces.iter().find(|x| &x.id == e)?;
                    subnet_vpc(&eni.subnet_id)
                })
            })
        }
        _ => None,
    }
}

/// A VPC's region: its own, its subnets' AZs', the topology's, else us-east-1.
pub(crate) fn region_of_vpc(t: &Topology, vpc: &str) -> String {
    t.vpcs
        .iter()
        .find(|v| v.id == vpc)
        .and_then(|v| t.vpc_region(v))
        .or_else(|| t.region.clone())
        .unwrap_or_else(|| "us-east-1".into())
}

/// A subnet whose route table sends the default route to an internet gateway.
pub(crate) fn subnet_is_public(t: &Topology, subnet: &str) -> bool {
    crate::layout::subnet_route_table(t, subnet).is_some_and(crate::layout::routes_to_igw)
}

fn az_of(t: &Topology, subnet: &str) -> Option<String> {
    t.subnets
        .iter()
        .find(|s| s.id == subnet)
        .and_then(|s| s.az_id.clone().or(s.az.clone()))
}

fn cidrs_of(t: &Topology, vpc: &str) -> Vec<IpNet> {
    t.vpcs
        .iter()
        .find(|v| v.id == vpc)
        .map(|v| v.cidr_blocks.clone())
        .unwrap_or_default()
}

fn rts_of(t: &Topology, vpc: &str) -> Vec<String> {
    t.route_tables
        .iter()
        .filter(|r| r.vpc_id == vpc)
        .map(|r| r.id.clone())
        .collect()
}

fn route(dest: IpNet, target: &str) -> Route {
    Route {
        destination: Destination::Cidr(dest),
        target: target.to_string(),
        state: RouteState::Active,
        origin: RouteOrigin::Static,
    }
}

fn default_v4() -> IpNet {
    IpNet::V4(Default::default())
}

fn default_v6() -> IpNet {
    "::/0".parse().unwrap_or_else(|_| default_v4())
}

/// Add `dest → target` to a route table unless it has a static route to `dest` already. Whether it added.
fn add_route_if_missing(t: &mut Topology, rt: &str, dest: IpNet, target: &str) -> bool {
    let Some(r) = t.route_tables.iter_mut().find(|r| r.id == rt) else {
        return false;
    };
    if r.routes
        .iter()
        .any(|x| x.destination == Destination::Cidr(dest))
    {
        return false;
    }
    r.routes.push(route(dest, target));
    true
}

/// Set `dest → target` in a route table, replacing the target of a route to `dest`. The replaced target.
fn set_route(t: &mut Topology, rt: &str, dest: IpNet, target: &str) -> Option<String> {
    let r = t.route_tables.iter_mut().find(|r| r.id == rt)?;
    if let Some(x) = r
        .routes
        .iter_mut()
        .find(|x| x.destination == Destination::Cidr(dest) && x.origin == RouteOrigin::Static)
    {
        let old = std::mem::replace(&mut x.target, target.to_string());
        x.state = RouteState::Active;
        return (old != target).then_some(old);
    }
    r.routes.push(route(dest, target));
    None
}

/// Remove every route to `target` from the route tables of a VPC (or all tables). How many.
fn remove_routes_to(t: &mut Topology, vpc: Option<&str>, target: &str) -> usize {
    let mut n = 0;
    for r in t
        .route_tables
        .iter_mut()
        .filter(|r| vpc.is_none_or(|v| r.vpc_id == v))
    {
        let before = r.routes.len();
        r.routes.retain(|x| x.target != target);
        n += before - r.routes.len();
    }
    n
}

/// The VPC's `default` security group, created with AWS's defaults (SG-02) if missing.
pub(crate) fn default_sg(w: &mut Work, vpc: &str) -> String {
    if let Some(g) = w
        .t()
        .security_groups
        .iter()
        .find(|g| g.vpc_id == vpc && g.name.as_deref() == Some("default"))
    {
        return g.id.clone();
    }
    let id = new_id(&w.d, "sg");
    w.tm().security_groups.push(SecurityGroup {
        id: id.clone(),
        vpc_id: vpc.to_string(),
        name: Some("default".into()),
        ingress: vec![SgRule {
            protocol: "-1".into(),
            security_group_ids: vec![id.clone()],
            ..Default::default()
        }],
        egress: vec![SgRule {
            protocol: "-1".into(),
            cidrs: vec![default_v4()],
            ..Default::default()
        }],
    });
    id
}

/// After attaching an (egress-only) internet gateway: the default route to it in the main table, if missing.
pub(crate) fn default_route_in_main(w: &mut Work, vpc: &str, gw: &str, egress_only: bool) {
    let dest = if egress_only {
        if !cidrs_of(w.t(), vpc).iter().any(|c| c.addr().is_ipv6()) {
            return;
        }
        default_v6()
    } else {
        default_v4()
    };
    let Some(main) = w
        .t()
        .route_tables
        .iter()
        .find(|r| r.main && r.vpc_id == vpc)
        .map(|r| r.id.clone())
    else {
        return;
    };
    if add_route_if_missing(w.tm(), &main, dest, gw) {
        w.note(format!(
            "main route table `{main}` now sends {dest} to `{gw}`{}",
            if egress_only {
                ""
            } else {
                ": the subnets that use it are public"
            }
        ));
    }
}

/// Route propagation from a VGW into every route table of a VPC. How many tables.
pub(crate) fn enable_propagation(w: &mut Work, vpc: &str, vgw: &str) -> usize {
    let mut n = 0;
    for r in w.tm().route_tables.iter_mut().filter(|r| r.vpc_id == vpc) {
        if !r.propagating_vgws.iter().any(|g| g == vgw) {
            r.propagating_vgws.push(vgw.to_string());
        }
        n += 1;
    }
    n
}

/// Peer two VPCs, with routes both ways. (peering id, description)
pub(crate) fn peer(w: &mut Work, a: &str, b: &str) -> Result<(String, String), EditError> {
    let t = w.t();
    if a == b {
        return Err(EditError::about(
            a,
            format!("a VPC cannot peer with itself (`{a}`)"),
        ));
    }
    let (ca, cb) = (cidrs_of(t, a), cidrs_of(t, b));
    if let Some((x, y)) = ca.iter().find_map(|x| {
        cb.iter()
            .find(|y| x.contains(&y.network()) || y.contains(&x.network()))
            .map(|y| (x, y))
    }) {
        return Err(EditError::about(
            b,
            format!("VPCs `{a}` ({x}) and `{b}` ({y}) overlap; AWS does not peer overlapping VPCs (PCX-02)"),
        ));
    }
    if let Some(p) = t.peering_connections.iter().find(|p| {
        (p.requester_vpc_id == a && p.accepter_vpc_id == b)
            || (p.requester_vpc_id == b && p.accepter_vpc_id == a)
    }) {
        return Err(EditError::about(
            &p.id,
            format!("VPCs `{a}` and `{b}` are already peered by `{}`", p.id),
        ));
    }
    let (ra, rb) = (region_of_vpc(t, a), region_of_vpc(t, b));
    let id = new_id(&w.d, "pcx");
    w.tm().peering_connections.push(PeeringConnection {
        id: id.clone(),
        requester_vpc_id: a.to_string(),
        accepter_vpc_id: b.to_string(),
        requester_cidrs: Vec::new(),
        accepter_cidrs: Vec::new(),
        requester_region: (ra != rb).then(|| ra.clone()),
        accepter_region: (ra != rb).then(|| rb.clone()),
        status: Some("active".into()),
    });
    let mut n = 0;
    for (from, to_cidrs) in [(a, &cb), (b, &ca)] {
        for rt in rts_of(w.t(), from) {
            for c in to_cidrs.iter() {
                if add_route_if_missing(w.tm(), &rt, *c, &id) {
                    n += 1;
                }
            }
        }
    }
    let what = format!(
        "peer `{a}` with `{b}` through `{id}` and add {n} route{} to it (each VPC's CIDRs in the other's route tables)",
        if n == 1 { "" } else { "s" }
    );
    Ok((id, what))
}

/// The transit gateway's default route table, created if missing.
pub(crate) fn tgw_default_rt(w: &mut Work, tgw: &str) -> String {
    let existing = w
        .t()
        .transit_gateways
        .iter()
        .find(|g| g.id == tgw)
        .and_then(|g| g.default_route_table_id.clone())
        .filter(|r| {
            w.t()
                .transit_gateway_route_tables
                .iter()
                .any(|x| &x.id == r)
        });
    if let Some(r) = existing {
        return r;
    }
    let id = new_id(&w.d, "tgw-rtb");
    w.tm().transit_gateway_route_tables.push(TgwRouteTable {
        id: id.clone(),
        transit_gateway_id: tgw.to_string(),
        ..Default::default()
    });
    if let Some(g) = w.tm().transit_gateways.iter_mut().find(|g| g.id == tgw) {
        g.default_route_table_id = Some(id.clone());
    }
    id
}

/// The VPCs attached to a transit gateway.
fn attached_vpcs(t: &Topology, tgw: &str) -> Vec<String> {
    t.transit_gateway_attachments
        .iter()
        .filter(|a| a.transit_gateway_id == tgw && a.kind == TgwAttachmentKind::Vpc)
        .map(|a| a.resource_id.clone())
        .collect()
}

/// The on-premises CIDRs a transit gateway reaches (its VPN and Direct Connect attachments).
fn tgw_onprem(t: &Topology, tgw: &str) -> Vec<IpNet> {
    let mut out = Vec::new();
    for a in t
        .transit_gateway_attachments
        .iter()
        .filter(|a| a.transit_gateway_id == tgw)
    {
        match a.kind {
            TgwAttachmentKind::Vpn => {
                if let Some(v) = t.vpn_connections.iter().find(|v| v.id == a.resource_id) {
                    out.extend(v.static_routes.iter().chain(v.bgp_routes.iter()).copied());
                }
            }
            TgwAttachmentKind::DirectConnectGateway => {
                if let Some(d) = t
                    .direct_connect_gateways
                    .iter()
                    .find(|d| d.id == a.resource_id)
                {
                    out.extend(d.onprem_cidrs.iter().copied());
                }
            }
            _ => {}
        }
    }
    out
}

/// Routes `cidrs → tgw` in every route table of every VPC attached to it. How many routes.
pub(crate) fn tgw_route_to_attached(w: &mut Work, tgw: &str, cidrs: &[IpNet]) -> usize {
    let mut n = 0;
    for v in attached_vpcs(w.t(), tgw) {
        for rt in rts_of(w.t(), &v) {
            for c in cidrs {
                if add_route_if_missing(w.tm(), &rt, *c, tgw) {
                    n += 1;
                }
            }
        }
    }
    n
}

/// Attach a VPC to a transit gateway. (attachment id, description)
pub(crate) fn attach_vpc_to_tgw(
    w: &mut Work,
    vpc: &str,
    tgw: &str,
) -> Result<(String, String), EditError> {
    let t = w.t();
    if let Some(a) = t
        .transit_gateway_attachments
        .iter()
        .find(|a| a.transit_gateway_id == tgw && a.resource_id == vpc)
    {
        return Err(EditError::about(
            &a.id,
            format!("VPC `{vpc}` is already attached to `{tgw}` by `{}`", a.id),
        ));
    }
    let region = region_of_vpc(t, vpc);
    if let Some(r) = t
        .transit_gateways
        .iter()
        .find(|g| g.id == tgw)
        .and_then(|g| g.region.clone())
    {
        if r != region {
            return Err(EditError::about(
                tgw,
                format!("transit gateway `{tgw}` is in {r} and VPC `{vpc}` in {region}: a transit gateway attaches VPCs of its own region"),
            ));
        }
    }
    let mut by_az: Vec<(Option<String>, String)> = Vec::new();
    for s in t.subnets.iter().filter(|s| s.vpc_id == vpc) {
        let az = s.az_id.clone().or(s.az.clone());
        if !by_az.iter().any(|(a, _)| *a == az) {
            by_az.push((az, s.id.clone()));
        }
    }
    by_az.sort();
    if by_az.is_empty() {
        return Err(EditError::about(
            vpc,
            format!("VPC `{vpc}` has no subnet for the transit gateway attachment's interfaces: add a subnet first"),
        ));
    }
    let others = attached_vpcs(t, tgw);
    let onprem = tgw_onprem(t, tgw);
    let id = new_id(&w.d, "tgw-attach");
    w.tm().transit_gateway_attachments.push(TgwAttachment {
        id: id.clone(),
        transit_gateway_id: tgw.to_string(),
        kind: TgwAttachmentKind::Vpc,
        resource_id: vpc.to_string(),
        subnet_ids: by_az.into_iter().map(|(_, s)| s).collect(),
        state: None,
    });
    let rt = tgw_default_rt(w, tgw);
    if let Some(r) = w
        .tm()
        .transit_gateway_route_tables
        .iter_mut()
        .find(|r| r.id == rt)
    {
        r.associations.push(id.clone());
        r.propagations.push(id.clone());
    }
    let mine = cidrs_of(w.t(), vpc);
    let mut n = 0;
    for o in others.iter().filter(|o| o.as_str() != vpc) {
        let theirs = cidrs_of(w.t(), o);
        for r in rts_of(w.t(), vpc) {
            for c in &theirs {
                n += usize::from(add_route_if_missing(w.tm(), &r, *c, tgw));
            }
        }
        for r in rts_of(w.t(), o) {
            for c in &mine {
                n += usize::from(add_route_if_missing(w.tm(), &r, *c, tgw));
            }
        }
    }
    for r in rts_of(w.t(), vpc) {
        for c in &onprem {
            n += usize::from(add_route_if_missing(w.tm(), &r, *c, tgw));
        }
    }
    let what = format!(
        "attach `{vpc}` to `{tgw}` (`{id}`, associated with and propagating to `{rt}`) and add {n} route{} through it",
        if n == 1 { "" } else { "s" }
    );
    Ok((id, what))
}

// ------------------------------------------------------------------------------------------------ connect

/// What an object is, for connecting: its kind, and for endpoints their endpoint kind.
#[derive(Debug, Clone, Copy, PartialEq)]
enum K {
    O(ObjectKind),
    Endpoint(EndpointKind),
}

fn k_of(t: &Topology, id: &str) -> Option<(K, String)> {
    let base = if find(t, id).is_none() {
        id.split_once('@').map(|(b, _)| b).unwrap_or(id)
    } else {
        id
    };
    let (k, i) = find(t, base)?;
    let kk = match k {
        ObjectKind::VpcEndpoint => K::Endpoint(t.vpc_endpoints[i].kind),
        other => K::O(other),
    };
    Some((kk, base.to_string()))
}

fn unknown(t: &Topology, id: &str) -> EditError {
    match id {
        "internet" | "onprem" => EditError::about(
            id,
            format!("`{id}` is drawn for traces and has no relations to edit: connect its gateway instead"),
        ),
        _ if id.starts_with("aws-service:") => EditError::about(
            id,
            format!("`{id}` is an AWS service: connect an endpoint's route table or subnets instead"),
        ),
        _ if find(t, id).is_none() => EditError::not_found(id),
        _ => EditError::about(id, format!("`{id}` cannot be connected")),
    }
}

fn label(k: K) -> &'static str {
    match k {
        K::O(o) => o.label(),
        K::Endpoint(EndpointKind::Gateway) => "gateway endpoint",
        K::Endpoint(EndpointKind::Interface) => "interface endpoint",
        K::Endpoint(EndpointKind::GatewayLoadBalancer) => "Gateway Load Balancer endpoint",
        K::Endpoint(_) => "endpoint",
    }
}

fn same_vpc(t: &Topology, a: &str, b: &str) -> Result<String, EditError> {
    match (vpc_of(t, a), vpc_of(t, b)) {
        (Some(x), Some(y)) if x == y => Ok(x),
        (Some(x), Some(y)) => Err(EditError::about(
            b,
            format!(
                "`{a}` is in VPC `{x}` but `{b}` is in VPC `{y}`; they must be in the same VPC"
            ),
        )),
        _ => Err(EditError::about(
            a,
            format!("`{a}` and `{b}` are not in a VPC"),
        )),
    }
}

/// Connect two objects; the sentence describing what it did.
pub(super) fn connect(w: &mut Work, from: &str, to: &str) -> Result<String, EditError> {
    let t = w.t();
    let (ka, a) = k_of(t, from).ok_or_else(|| unknown(t, from))?;
    let (kb, b) = k_of(t, to).ok_or_else(|| unknown(t, to))?;
    if let Some(r) = connect_ordered(w, ka, &a, kb, &b) {
        return r;
    }
    if let Some(r) = connect_ordered(w, kb, &b, ka, &a) {
        return r;
    }
    Err(EditError::about(
        &a,
        format!("a {} cannot be connected to a {}", label(ka), label(kb)),
    ))
}

use ObjectKind as O;

/// `None` when this order of kinds means nothing (the caller tries the other order).
fn connect_ordered(
    w: &mut Work,
    ka: K,
    a: &str,
    kb: K,
    b: &str,
) -> Option<Result<String, EditError>> {
    Some(match (ka, kb) {
        (K::O(O::Subnet), K::O(O::RouteTable)) => associate_route_table(w, a, b),
        (K::O(O::RouteTable), K::O(O::Vpc)) => make_main(w, a, b),
        (K::Endpoint(EndpointKind::Gateway), K::O(O::RouteTable)) => gateway_endpoint_rt(w, a, b),
        (K::Endpoint(EndpointKind::Gateway), K::O(O::Subnet)) => {
            match crate::layout::subnet_route_table(w.t(), b).map(|r| r.id.clone()) {
                Some(rt) => gateway_endpoint_rt(w, a, &rt).map(|s| {
                    format!("{s}, the route table of `{b}` (and of every subnet that uses it)")
                }),
                None => Err(EditError::about(
                    b,
                    format!("subnet `{b}` has no route table"),
                )),
            }
        }
        (K::Endpoint(EndpointKind::Gateway), _) => return None,
        (K::Endpoint(_), K::O(O::Subnet)) => endpoint_subnet(w, a, b),
        (K::Endpoint(_), K::O(O::SecurityGroup)) => add_security_group(w, a, b),
        (K::Endpoint(EndpointKind::Interface), K::O(O::EndpointService)) => use_service(w, a, b),
        (K::O(O::Vpc), K::O(O::Vpc)) => peer(w, a, b).map(|(id, s)| {
            w.created = Some(id);
            s
        }),
        (K::O(O::Vpc), K::O(O::TransitGateway)) => attach_vpc_to_tgw(w, a, b).map(|(id, s)| {
            w.created = Some(id);
            s
        }),
        (K::O(O::InternetGateway), K::O(O::Vpc)) => attach_gateway(w, O::InternetGateway, a, b),
        (K::O(O::EgressOnlyInternetGateway), K::O(O::Vpc)) => {
            attach_gateway(w, O::EgressOnlyInternetGateway, a, b)
        }
        (K::O(O::VpnGateway), K::O(O::Vpc)) => attach_gateway(w, O::VpnGateway, a, b),
        (K::O(O::Subnet), K::O(O::NetworkAcl)) => associate_nacl(w, a, b),
        (K::O(O::Instance | O::NetworkInterface), K::O(O::SecurityGroup)) => {
            add_security_group(w, a, b)
        }
        (K::O(O::NatGateway), K::O(O::Subnet)) => move_nat(w, a, b),
        (K::O(O::Instance), K::O(O::Subnet)) => move_instance(w, a, b),
        (K::O(O::RouteTable), K::O(O::RouteTable)) => return None,
        (
            K::O(O::RouteTable),
            K::O(
                O::InternetGateway
                | O::EgressOnlyInternetGateway
                | O::NatGateway
                | O::PeeringConnection
                | O::TransitGateway
                | O::VpnGateway
                | O::Instance
                | O::NetworkInterface,
            )
            | K::Endpoint(EndpointKind::GatewayLoadBalancer),
        ) => route_to(w, a, b),
        (K::O(O::LoadBalancer), K::O(O::Subnet)) => lb_subnet(w, a, b),
        (K::O(O::LoadBalancer), K::O(O::Instance)) => lb_target(w, a, b),
        (K::O(O::EndpointService), K::O(O::LoadBalancer)) => service_lb(w, a, b),
        (K::O(O::DirectConnectGateway), K::O(O::VpnGateway | O::TransitGateway)) => {
            dx_attach(w, a, b)
        }
        _ => return None,
    })
}

fn associate_route_table(w: &mut Work, subnet: &str, rt: &str) -> Result<String, EditError> {
    same_vpc(w.t(), subnet, rt)?;
    let mut previous = None;
    for r in w.tm().route_tables.iter_mut() {
        if r.id != rt && r.subnet_ids.iter().any(|s| s == subnet) {
            r.subnet_ids.retain(|s| s != subnet);
            previous = Some(r.id.clone());
        }
    }
    if let Some(r) = w.tm().route_tables.iter_mut().find(|r| r.id == rt) {
        if !r.subnet_ids.iter().any(|s| s == subnet) {
            r.subnet_ids.push(subnet.to_string());
        }
    }
    Ok(match previous {
        Some(p) => {
            format!("associate subnet `{subnet}` with route table `{rt}` (instead of `{p}`)")
        }
        None => format!("associate subnet `{subnet}` with route table `{rt}`"),
    })
}

fn make_main(w: &mut Work, rt: &str, vpc: &str) -> Result<String, EditError> {
    same_vpc(w.t(), rt, vpc)?;
    let mut previous = None;
    for r in w.tm().route_tables.iter_mut().filter(|r| r.vpc_id == vpc) {
        if r.main && r.id != rt {
            previous = Some(r.id.clone());
        }
        r.main = r.id == rt;
    }
    Ok(match previous {
        Some(p) => format!("make `{rt}` the main route table of `{vpc}` (instead of `{p}`)"),
        None => format!("make `{rt}` the main route table of `{vpc}`"),
    })
}

fn gateway_endpoint_rt(w: &mut Work, ep: &str, rt: &str) -> Result<String, EditError> {
    same_vpc(w.t(), ep, rt)?;
    let t = w.t();
    let service = t
        .vpc_endpoints
        .iter()
        .find(|e| e.id == ep)
        .map(|e| e.service_name.clone())
        .unwrap_or_default();
    if let Some(other) = t.vpc_endpoints.iter().find(|e| {
        e.id != ep
            && e.kind == EndpointKind::Gateway
            && e.service_name == service
            && e.route_table_ids.iter().any(|r| r == rt)
    }) {
        return Err(EditError::about(
            rt,
            format!(
                "route table `{rt}` already routes `{service}` to gateway endpoint `{}`; one per service per table (GE-04)",
                other.id
            ),
        ));
    }
    if let Some(e) = w.tm().vpc_endpoints.iter_mut().find(|e| e.id == ep) {
        if !e.route_table_ids.iter().any(|r| r == rt) {
            e.route_table_ids.push(rt.to_string());
        }
    }
    Ok(format!(
        "associate gateway endpoint `{ep}` with route table `{rt}` (a route to the service's prefix list)"
    ))
}

fn endpoint_subnet(w: &mut Work, ep: &str, subnet: &str) -> Result<String, EditError> {
    same_vpc(w.t(), ep, subnet)?;
    let t = w.t();
    let Some(e) = t.vpc_endpoints.iter().find(|e| e.id == ep) else {
        return Err(EditError::not_found(ep));
    };
    let az = az_of(t, subnet);
    let replaced: Vec<String> = if e.kind == EndpointKind::GatewayLoadBalancer {
        e.subnet_ids
            .iter()
            .filter(|s| s.as_str() != subnet)
            .cloned()
            .collect()
    } else {
        e.subnet_ids
            .iter()
            .filter(|s| s.as_str() != subnet && az.is_some() && az_of(t, s) == az)
            .cloned()
            .collect()
    };
    let gwlb = e.kind == EndpointKind::GatewayLoadBalancer;
    if let Some(e) = w.tm().vpc_endpoints.iter_mut().find(|e| e.id == ep) {
        e.subnet_ids.retain(|s| !replaced.contains(s));
        if !e.subnet_ids.iter().any(|s| s == subnet) {
            e.subnet_ids.push(subnet.to_string());
        }
    }
    Ok(match replaced.first() {
        Some(r) if gwlb => format!(
            "move Gateway Load Balancer endpoint `{ep}` to subnet `{subnet}` (from `{r}`: it has one subnet, GW-01)"
        ),
        Some(r) => format!(
            "put `{ep}`'s interface in `{subnet}` instead of `{r}` (one subnet per availability zone, IE-01)"
        ),
        None => format!("add a network interface of `{ep}` in subnet `{subnet}`"),
    })
}

fn use_service(w: &mut Work, ep: &str, svc: &str) -> Result<String, EditError> {
    let t = w.t();
    let Some(s) = t.endpoint_services.iter().find(|s| s.id == svc).cloned() else {
        return Err(EditError::not_found(svc));
    };
    if let Some(e) = w.tm().vpc_endpoints.iter_mut().find(|e| e.id == ep) {
        e.service_name = s.service_name.clone();
        e.kind = if s.kind == EndpointKind::GatewayLoadBalancer {
            EndpointKind::GatewayLoadBalancer
        } else {
            EndpointKind::Interface
        };
        if s.private_dns_name.is_some() {
            e.private_dns_enabled = true;
        }
    }
    Ok(format!(
        "connect endpoint `{ep}` to endpoint service `{svc}` (`{}`)",
        s.service_name
    ))
}

fn attach_gateway(
    w: &mut Work,
    kind: ObjectKind,
    gw: &str,
    vpc: &str,
) -> Result<String, EditError> {
    let t = w.t();
    let list = match kind {
        O::InternetGateway => t
            .internet_gateways
            .iter()
            .map(|g| (g.id.clone(), g.vpc_id.clone()))
            .collect::<Vec<_>>(),
        O::EgressOnlyInternetGateway => t
            .egress_only_internet_gateways
            .iter()
            .map(|g| (g.id.clone(), g.vpc_id.clone()))
            .collect(),
        _ => t
            .vpn_gateways
            .iter()
            .map(|g| (g.id.clone(), g.vpc_id.clone()))
            .collect(),
    };
    if let Some((other, _)) = list
        .iter()
        .find(|(id, v)| id != gw && v.as_deref() == Some(vpc))
    {
        let rule = if kind == O::InternetGateway {
            " (IGW-01)"
        } else {
            ""
        };
        return Err(EditError::about(
            vpc,
            format!(
                "VPC `{vpc}` already has {} `{other}`; a VPC has at most one{rule}",
                kind.label()
            ),
        ));
    }
    let previous = list
        .iter()
        .find(|(id, _)| id == gw)
        .and_then(|(_, v)| v.clone());
    if previous.as_deref() == Some(vpc) {
        return Err(EditError::about(
            gw,
            format!("`{gw}` is already attached to `{vpc}`"),
        ));
    }
    let tm = w.tm();
    match kind {
        O::InternetGateway => {
            if let Some(g) = tm.internet_gateways.iter_mut().find(|g| g.id == gw) {
                g.vpc_id = Some(vpc.to_string());
            }
        }
        O::EgressOnlyInternetGateway => {
            if let Some(g) = tm
                .egress_only_internet_gateways
                .iter_mut()
                .find(|g| g.id == gw)
            {
                g.vpc_id = Some(vpc.to_string());
            }
        }
        _ => {
            if let Some(g) = tm.vpn_gateways.iter_mut().find(|g| g.id == gw) {
                g.vpc_id = Some(vpc.to_string());
            }
        }
    }
    if let Some(p) = &previous {
        let n = remove_routes_to(w.tm(), Some(p), gw);
        if n > 0 {
            w.note(format!(
                "removed {n} route{} of `{p}` to `{gw}`",
                if n == 1 { "" } else { "s" }
            ));
        }
        if kind == O::VpnGateway {
            for r in w.tm().route_tables.iter_mut().filter(|r| &r.vpc_id == p) {
                r.propagating_vgws.retain(|g| g != gw);
            }
        }
    }
    match kind {
        O::InternetGateway => default_route_in_main(w, vpc, gw, false),
        O::EgressOnlyInternetGateway => default_route_in_main(w, vpc, gw, true),
        _ => {
            enable_propagation(w, vpc, gw);
        }
    }
    Ok(match previous {
        Some(p) => format!(
            "attach {} `{gw}` to `{vpc}` (detaching it from `{p}`)",
            kind.label()
        ),
        None => format!("attach {} `{gw}` to `{vpc}`", kind.label()),
    })
}

fn associate_nacl(w: &mut Work, subnet: &str, acl: &str) -> Result<String, EditError> {
    same_vpc(w.t(), subnet, acl)?;
    let mut previous = None;
    for a in w.tm().network_acls.iter_mut() {
        if a.id != acl && a.subnet_ids.iter().any(|s| s == subnet) {
            a.subnet_ids.retain(|s| s != subnet);
            previous = Some(a.id.clone());
        }
    }
    if let Some(a) = w.tm().network_acls.iter_mut().find(|a| a.id == acl) {
        if !a.subnet_ids.iter().any(|s| s == subnet) {
            a.subnet_ids.push(subnet.to_string());
        }
    }
    Ok(match previous {
        Some(p) => {
            format!("associate subnet `{subnet}` with network ACL `{acl}` (instead of `{p}`)")
        }
        None => format!("associate subnet `{subnet}` with network ACL `{acl}`"),
    })
}

fn add_security_group(w: &mut Work, member: &str, sg: &str) -> Result<String, EditError> {
    same_vpc(w.t(), member, sg)?;
    let already = |v: &Vec<String>| v.iter().any(|g| g == sg);
    let tm = w.tm();
    let list = if let Some(i) = tm.instances.iter_mut().find(|i| i.id == member) {
        &mut i.security_group_ids
    } else if let Some(e) = tm.network_interfaces.iter_mut().find(|e| e.id == member) {
        &mut e.security_group_ids
    } else if let Some(e) = tm.vpc_endpoints.iter_mut().find(|e| e.id == member) {
        if e.kind == EndpointKind::Gateway {
            return Err(EditError::about(
                member,
                "a gateway endpoint has no security groups",
            ));
        }
        &mut e.security_group_ids
    } else {
        return Err(EditError::not_found(member));
    };
    if already(list) {
        return Err(EditError::about(
            member,
            format!("`{member}` is already in security group `{sg}`"),
        ));
    }
    list.push(sg.to_string());
    Ok(format!("add `{member}` to security group `{sg}`"))
}

fn move_nat(w: &mut Work, nat: &str, subnet: &str) -> Result<String, EditError> {
    let ip = next_private_ip(w.t(), subnet).ok_or_else(|| {
        EditError::about(subnet, format!("subnet `{subnet}` has no free address"))
    })?;
    let vpc = vpc_of(w.t(), subnet);
    let public = subnet_is_public(w.t(), subnet);
    if let Some(n) = w.tm().nat_gateways.iter_mut().find(|n| n.id == nat) {
        if n.subnet_id.as_deref() == Some(subnet) {
            return Err(EditError::about(
                nat,
                format!("`{nat}` is already in `{subnet}`"),
            ));
        }
        n.subnet_id = Some(subnet.to_string());
        n.vpc_id = vpc;
        n.private_ip = Some(ip);
        n.availability_mode = AvailabilityMode::Zonal;
    }
    if !public {
        w.note(format!(
            "`{subnet}` has no route to an internet gateway: a public NAT gateway there cannot reach the internet (NAT-01)"
        ));
    }
    Ok(format!(
        "move NAT gateway `{nat}` to subnet `{subnet}` ({ip})"
    ))
}

fn move_instance(w: &mut Work, inst: &str, subnet: &str) -> Result<String, EditError> {
    let t = w.t();
    let Some(i) = t.instances.iter().find(|i| i.id == inst) else {
        return Err(EditError::not_found(inst));
    };
    if !i.network_interface_ids.is_empty() {
        return Err(EditError::about(
            inst,
            format!("`{inst}` uses network interface objects: move its network interface instead"),
        ));
    }
    if i.subnet_id.as_deref() == Some(subnet) {
        return Err(EditError::about(
            inst,
            format!("`{inst}` is already in `{subnet}`"),
        ));
    }
    let ip = next_private_ip(t, subnet).ok_or_else(|| {
        EditError::about(subnet, format!("subnet `{subnet}` has no free address"))
    })?;
    let new_vpc = vpc_of(t, subnet).unwrap_or_default();
    let old_vpc = vpc_of(t, inst);
    let public = subnet_is_public(t, subnet);
    let needs_sg = old_vpc.as_deref() != Some(new_vpc.as_str());
    let sg = if needs_sg {
        Some(default_sg(w, &new_vpc))
    } else {
        None
    };
    let eip = if public
        && w.t()
            .instances
            .iter()
            .any(|i| i.id == inst && i.public_ip.is_none())
    {
        super::alloc::next_public_ip(&w.d)
    } else {
        None
    };
    if let Some(i) = w.tm().instances.iter_mut().find(|i| i.id == inst) {
        i.subnet_id = Some(subnet.to_string());
        i.private_ip = Some(IpAddr::V4(ip));
        if let Some(g) = sg {
            i.security_group_ids = vec![g];
        }
        if public {
            i.public_ip = i.public_ip.or(eip);
        } else {
            i.public_ip = None;
        }
    }
    Ok(format!(
        "move instance `{inst}` to subnet `{subnet}` ({ip})"
    ))
}

fn route_to(w: &mut Work, rt: &str, target: &str) -> Result<String, EditError> {
    let t = w.t();
    let Some(vpc) = t
        .route_tables
        .iter()
        .find(|r| r.id == rt)
        .map(|r| r.vpc_id.clone())
    else {
        return Err(EditError::not_found(rt));
    };
    let (kind, _) = find(t, target).ok_or_else(|| EditError::not_found(target))?;
    let one = |w: &mut Work, dest: IpNet| -> String {
        match set_route(w.tm(), rt, dest, target) {
            Some(old) => format!("route {dest} in `{rt}` to `{target}` (instead of `{old}`)"),
            None => format!("route {dest} in `{rt}` to `{target}`"),
        }
    };
    match kind {
        O::InternetGateway | O::EgressOnlyInternetGateway | O::VpnGateway => {
            let attached = vpc_of(t, target);
            if attached.as_deref() != Some(vpc.as_str()) {
                return Err(EditError::about(
                    target,
                    format!(
                        "`{target}` is not attached to `{vpc}`, the VPC of `{rt}`: attach it first"
                    ),
                ));
            }
            match kind {
                O::InternetGateway => Ok(one(w, default_v4())),
                O::EgressOnlyInternetGateway => Ok(one(w, default_v6())),
                _ => {
                    if let Some(r) = w.tm().route_tables.iter_mut().find(|r| r.id == rt) {
                        if r.propagating_vgws.iter().any(|g| g == target) {
                            return Err(EditError::about(
                                rt,
                                format!("`{rt}` already propagates `{target}`'s routes"),
                            ));
                        }
                        r.propagating_vgws.push(target.to_string());
                    }
                    Ok(format!(
                        "propagate `{target}`'s on-premises routes into `{rt}`"
                    ))
                }
            }
        }
        O::NatGateway | O::Instance | O::NetworkInterface | O::VpcEndpoint => {
            same_vpc(t, rt, target)?;
            Ok(one(w, default_v4()))
        }
        O::PeeringConnection => {
            let Some(p) = t.peering_connections.iter().find(|p| p.id == target) else {
                return Err(EditError::not_found(target));
            };
            let peer_vpc = if p.requester_vpc_id == vpc {
                p.accepter_vpc_id.clone()
            } else if p.accepter_vpc_id == vpc {
                p.requester_vpc_id.clone()
            } else {
                return Err(EditError::about(
                    target,
                    format!("`{target}` does not join `{vpc}`, the VPC of `{rt}`"),
                ));
            };
            let mut cidrs = cidrs_of(t, &peer_vpc);
            if cidrs.is_empty() {
                cidrs = if p.requester_vpc_id == vpc {
                    p.accepter_cidrs.clone()
                } else {
                    p.requester_cidrs.clone()
                };
            }
            if cidrs.is_empty() {
                return Err(EditError::about(
                    target,
                    format!("the peer of `{target}` has no known CIDR"),
                ));
            }
            let parts: Vec<String> = cidrs.into_iter().map(|c| one(w, c)).collect();
            Ok(parts.join("; "))
        }
        O::TransitGateway => {
            let attached = attached_vpcs(t, target);
            if !attached.contains(&vpc) {
                return Err(EditError::about(
                    target,
                    format!("`{vpc}`, the VPC of `{rt}`, is not attached to `{target}`: connect the VPC to it first"),
                ));
            }
            let mut cidrs: Vec<IpNet> = attached
                .iter()
                .filter(|v| **v != vpc)
                .flat_map(|v| cidrs_of(t, v))
                .collect();
            cidrs.extend(tgw_onprem(t, target));
            if cidrs.is_empty() {
                cidrs.push(default_v4());
            }
            let parts: Vec<String> = cidrs.into_iter().map(|c| one(w, c)).collect();
            Ok(parts.join("; "))
        }
        _ => Err(EditError::about(
            target,
            format!("a {} is not a route target", kind.label()),
        )),
    }
}

fn lb_subnet(w: &mut Work, lb: &str, subnet: &str) -> Result<String, EditError> {
    same_vpc(w.t(), lb, subnet)?;
    let t = w.t();
    let az = az_of(t, subnet);
    let Some(l) = t.load_balancers.iter().find(|l| l.id == lb) else {
        return Err(EditError::not_found(lb));
    };
    let replaced: Vec<String> = l
        .subnet_ids
        .iter()
        .filter(|s| s.as_str() != subnet && az.is_some() && az_of(t, s) == az)
        .cloned()
        .collect();
    if let Some(l) = w.tm().load_balancers.iter_mut().find(|l| l.id == lb) {
        l.subnet_ids.retain(|s| !replaced.contains(s));
        if !l.subnet_ids.iter().any(|s| s == subnet) {
            l.subnet_ids.push(subnet.to_string());
        }
    }
    Ok(match replaced.first() {
        Some(r) => format!("put load balancer `{lb}` in `{subnet}` instead of `{r}` (one subnet per availability zone)"),
        None => format!("put load balancer `{lb}` in subnet `{subnet}`"),
    })
}

fn lb_target(w: &mut Work, lb: &str, inst: &str) -> Result<String, EditError> {
    same_vpc(w.t(), lb, inst)?;
    if let Some(l) = w.tm().load_balancers.iter_mut().find(|l| l.id == lb) {
        if l.targets.iter().any(|x| x == inst) {
            return Err(EditError::about(
                lb,
                format!("`{inst}` is already a target of `{lb}`"),
            ));
        }
        l.targets.push(inst.to_string());
    }
    Ok(format!(
        "register `{inst}` as a target of load balancer `{lb}`"
    ))
}

fn service_lb(w: &mut Work, svc: &str, lb: &str) -> Result<String, EditError> {
    let t = w.t();
    let azs: Vec<String> = t
        .load_balancers
        .iter()
        .find(|l| l.id == lb)
        .map(|l| {
            l.subnet_ids
                .iter()
                .filter_map(|s| t.subnets.iter().find(|x| &x.id == s)?.az.clone())
                .collect()
        })
        .unwrap_or_default();
    if let Some(s) = w.tm().endpoint_services.iter_mut().find(|s| s.id == svc) {
        if s.load_balancer_arns.iter().any(|a| a == lb) {
            return Err(EditError::about(
                svc,
                format!("`{lb}` already serves `{svc}`"),
            ));
        }
        s.load_balancer_arns.push(lb.to_string());
        for az in azs {
            if !s.availability_zones.contains(&az) {
                s.availability_zones.push(az);
            }
        }
        s.availability_zones.sort();
    }
    Ok(format!(
        "put load balancer `{lb}` behind endpoint service `{svc}`"
    ))
}

fn dx_attach(w: &mut Work, dx: &str, gw: &str) -> Result<String, EditError> {
    let is_tgw = find(w.t(), gw).map(|(k, _)| k) == Some(O::TransitGateway);
    let cidrs: Vec<IpNet> = w
        .t()
        .direct_connect_gateways
        .iter()
        .find(|d| d.id == dx)
        .map(|d| d.onprem_cidrs.clone())
        .unwrap_or_default();
    if let Some(d) = w
        .tm()
        .direct_connect_gateways
        .iter_mut()
        .find(|d| d.id == dx)
    {
        let list = if is_tgw {
            &mut d.transit_gateway_ids
        } else {
            &mut d.vpn_gateway_ids
        };
        if list.iter().any(|g| g == gw) {
            return Err(EditError::about(
                dx,
                format!("`{dx}` is already associated with `{gw}`"),
            ));
        }
        list.push(gw.to_string());
    }
    if is_tgw {
        let att = new_id(&w.d, "tgw-attach");
        w.tm().transit_gateway_attachments.push(TgwAttachment {
            id: att.clone(),
            transit_gateway_id: gw.to_string(),
            kind: TgwAttachmentKind::DirectConnectGateway,
            resource_id: dx.to_string(),
            subnet_ids: Vec::new(),
            state: None,
        });
        let rt = tgw_default_rt(w, gw);
        if let Some(r) = w
            .tm()
            .transit_gateway_route_tables
            .iter_mut()
            .find(|r| r.id == rt)
        {
            r.associations.push(att.clone());
            r.propagations.push(att);
        }
        tgw_route_to_attached(w, gw, &cidrs);
    } else if let Some(v) = vpc_of(w.t(), gw) {
        enable_propagation(w, &v, gw);
    }
    Ok(format!(
        "associate Direct Connect gateway `{dx}` with `{gw}`"
    ))
}

// ------------------------------------------------------------------------------------------------ disconnect

/// Undo a relation; the sentence describing what it did.
pub(super) fn disconnect(w: &mut Work, from: &str, to: &str) -> Result<String, EditError> {
    let t = w.t();
    let (ka, a) = k_of(t, from).ok_or_else(|| unknown(t, from))?;
    let (kb, b) = k_of(t, to).ok_or_else(|| unknown(t, to))?;
    if let Some(r) = disconnect_ordered(w, ka, &a, kb, &b) {
        return r;
    }
    if let Some(r) = disconnect_ordered(w, kb, &b, ka, &a) {
        return r;
    }
    Err(EditError::about(
        &a,
        format!(
            "a {} and a {} have no relation to remove",
            label(ka),
            label(kb)
        ),
    ))
}

fn not_related(a: &str, b: &str) -> EditError {
    EditError::about(a, format!("`{a}` and `{b}` are not connected"))
}

fn disconnect_ordered(
    w: &mut Work,
    ka: K,
    a: &str,
    kb: K,
    b: &str,
) -> Option<Result<String, EditError>> {
    Some(match (ka, kb) {
        (K::O(O::Subnet), K::O(O::RouteTable)) => {
            let mut found = false;
            if let Some(r) = w.tm().route_tables.iter_mut().find(|r| r.id == b) {
                found = r.subnet_ids.iter().any(|s| s == a);
                r.subnet_ids.retain(|s| s != a);
            }
            if found {
                Ok(format!("subnet `{a}` is no longer explicitly associated with `{b}`: it uses its VPC's main route table"))
            } else {
                Err(EditError::about(a, format!("subnet `{a}` is not explicitly associated with `{b}` (the main table cannot be disconnected; associate the subnet with another table)")))
            }
        }
        (K::Endpoint(EndpointKind::Gateway), K::O(O::RouteTable)) => {
            let mut found = false;
            if let Some(e) = w.tm().vpc_endpoints.iter_mut().find(|e| e.id == a) {
                found = e.route_table_ids.iter().any(|r| r == b);
                e.route_table_ids.retain(|r| r != b);
            }
            if found {
                Ok(format!(
                    "gateway endpoint `{a}` is no longer associated with `{b}`"
                ))
            } else {
                Err(not_related(a, b))
            }
        }
        (K::Endpoint(_), K::O(O::Subnet)) => {
            let t = w.t();
            let Some(e) = t.vpc_endpoints.iter().find(|e| e.id == a) else {
                return Some(Err(EditError::not_found(a)));
            };
            if !e.subnet_ids.iter().any(|s| s == b) {
                return Some(Err(not_related(a, b)));
            }
            if e.subnet_ids.len() == 1 {
                return Some(Err(EditError::about(
                    a,
                    format!("`{b}` is the last subnet of `{a}`: an endpoint needs one; delete the endpoint instead"),
                )));
            }
            if let Some(e) = w.tm().vpc_endpoints.iter_mut().find(|e| e.id == a) {
                e.subnet_ids.retain(|s| s != b);
            }
            Ok(format!(
                "remove `{a}`'s network interface from subnet `{b}`"
            ))
        }
        (K::Endpoint(_) | K::O(O::Instance | O::NetworkInterface), K::O(O::SecurityGroup)) => {
            let tm = w.tm();
            let list = tm
                .instances
                .iter_mut()
                .find(|i| i.id == a)
                .map(|i| &mut i.security_group_ids)
                .or_else(|| {
                    tm.network_interfaces
                        .iter_mut()
                        .find(|e| e.id == a)
                        .map(|e| &mut e.security_group_ids)
                })
                .or_else(|| {
                    tm.vpc_endpoints
                        .iter_mut()
                        .find(|e| e.id == a)
                        .map(|e| &mut e.security_group_ids)
                });
            match list {
                Some(l) if l.iter().any(|g| g == b) => {
                    l.retain(|g| g != b);
                    Ok(format!("remove `{a}` from security group `{b}`"))
                }
                _ => Err(not_related(a, b)),
            }
        }
        (K::Endpoint(EndpointKind::Interface), K::O(O::EndpointService)) => Err(EditError::about(
            a,
            format!("an interface endpoint always has a service: delete `{a}` instead"),
        )),
        (K::O(O::Vpc), K::O(O::Vpc)) => {
            let ids: Vec<String> = w
                .t()
                .peering_connections
                .iter()
                .filter(|p| {
                    (p.requester_vpc_id == a && p.accepter_vpc_id == b)
                        || (p.requester_vpc_id == b && p.accepter_vpc_id == a)
                })
                .map(|p| p.id.clone())
                .collect();
            if ids.is_empty() {
                return Some(Err(EditError::about(
                    a,
                    format!("VPCs `{a}` and `{b}` are not peered"),
                )));
            }
            Ok(unpeer(w, &ids))
        }
        (K::O(O::PeeringConnection), K::O(O::Vpc)) => Ok(unpeer(w, &[a.to_string()])),
        (K::O(O::Vpc), K::O(O::TransitGateway)) => {
            let ids: Vec<String> = w
                .t()
                .transit_gateway_attachments
                .iter()
                .filter(|x| x.transit_gateway_id == b && x.resource_id == a)
                .map(|x| x.id.clone())
                .collect();
            if ids.is_empty() {
                return Some(Err(EditError::about(
                    a,
                    format!("`{a}` is not attached to `{b}`"),
                )));
            }
            super::delete::remove_ids(w, &ids.iter().cloned().collect());
            let n = remove_routes_to(w.tm(), Some(a), b);
            Ok(format!(
                "detach `{a}` from `{b}` (delete `{}`) and remove {n} route{} to it",
                ids.join("`, `"),
                if n == 1 { "" } else { "s" }
            ))
        }
        (
            K::O(kind @ (O::InternetGateway | O::EgressOnlyInternetGateway | O::VpnGateway)),
            K::O(O::Vpc),
        ) => {
            let attached = vpc_of(w.t(), a);
            if attached.as_deref() != Some(b) {
                return Some(Err(EditError::about(
                    a,
                    format!("`{a}` is not attached to `{b}`"),
                )));
            }
            let tm = w.tm();
            match kind {
                O::InternetGateway => tm
                    .internet_gateways
                    .iter_mut()
                    .filter(|g| g.id == a)
                    .for_each(|g| g.vpc_id = None),
                O::EgressOnlyInternetGateway => tm
                    .egress_only_internet_gateways
                    .iter_mut()
                    .filter(|g| g.id == a)
                    .for_each(|g| g.vpc_id = None),
                _ => tm
                    .vpn_gateways
                    .iter_mut()
                    .filter(|g| g.id == a)
                    .for_each(|g| g.vpc_id = None),
            }
            for r in tm.route_tables.iter_mut().filter(|r| r.vpc_id == b) {
                r.propagating_vgws.retain(|g| g != a);
                r.gateway_ids.retain(|g| g != a);
            }
            let n = remove_routes_to(w.tm(), Some(b), a);
            Ok(format!(
                "detach {} `{a}` from `{b}`{}",
                kind.label(),
                if n > 0 {
                    format!(
                        " and remove the {n} route{} to it",
                        if n == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                }
            ))
        }
        (K::O(O::Subnet), K::O(O::NetworkAcl)) => {
            let mut found = false;
            if let Some(x) = w.tm().network_acls.iter_mut().find(|x| x.id == b) {
                found = x.subnet_ids.iter().any(|s| s == a);
                x.subnet_ids.retain(|s| s != a);
            }
            if found {
                Ok(format!("subnet `{a}` is no longer associated with `{b}`: it uses its VPC's default network ACL"))
            } else {
                Err(not_related(a, b))
            }
        }
        (
            K::O(O::RouteTable),
            K::O(
                O::InternetGateway
                | O::EgressOnlyInternetGateway
                | O::NatGateway
                | O::PeeringConnection
                | O::TransitGateway
                | O::VpnGateway
                | O::Instance
                | O::NetworkInterface,
            )
            | K::Endpoint(EndpointKind::GatewayLoadBalancer),
        ) => {
            let mut n = 0;
            let mut propagation = false;
            if let Some(r) = w.tm().route_tables.iter_mut().find(|r| r.id == a) {
                let before = r.routes.len();
                r.routes.retain(|x| x.target != b);
                n = before - r.routes.len();
                propagation = r.propagating_vgws.iter().any(|g| g == b);
                r.propagating_vgws.retain(|g| g != b);
            }
            match (n, propagation) {
                (0, false) => Err(EditError::about(a, format!("`{a}` has no route to `{b}`"))),
                (0, true) => Ok(format!("stop propagating `{b}`'s routes into `{a}`")),
                _ => Ok(format!(
                    "remove {n} route{} to `{b}` from `{a}`",
                    if n == 1 { "" } else { "s" }
                )),
            }
        }
        (K::O(O::LoadBalancer), K::O(O::Subnet)) => {
            let mut r = Err(not_related(a, b));
            if let Some(l) = w.tm().load_balancers.iter_mut().find(|l| l.id == a) {
                if l.subnet_ids.iter().any(|s| s == b) {
                    if l.subnet_ids.len() == 1 {
                        return Some(Err(EditError::about(a, format!("`{b}` is the last subnet of `{a}`: delete the load balancer instead"))));
                    }
                    l.subnet_ids.retain(|s| s != b);
                    r = Ok(format!("remove load balancer `{a}` from subnet `{b}`"));
                }
            }
            r
        }
        (K::O(O::LoadBalancer), K::O(O::Instance)) => {
            let mut r = Err(not_related(a, b));
            if let Some(l) = w.tm().load_balancers.iter_mut().find(|l| l.id == a) {
                if l.targets.iter().any(|s| s == b) {
                    l.targets.retain(|s| s != b);
                    r = Ok(format!("deregister `{b}` from load balancer `{a}`"));
                }
            }
            r
        }
        (K::O(O::EndpointService), K::O(O::LoadBalancer)) => {
            let mut r = Err(not_related(a, b));
            if let Some(s) = w.tm().endpoint_services.iter_mut().find(|s| s.id == a) {
                if s.load_balancer_arns.iter().any(|x| x == b) {
                    s.load_balancer_arns.retain(|x| x != b);
                    r = Ok(format!("load balancer `{b}` no longer serves `{a}`"));
                }
            }
            r
        }
        (K::O(O::DirectConnectGateway), K::O(O::VpnGateway | O::TransitGateway)) => {
            let mut found = false;
            if let Some(d) = w
                .tm()
                .direct_connect_gateways
                .iter_mut()
                .find(|d| d.id == a)
            {
                found = d
                    .vpn_gateway_ids
                    .iter()
                    .chain(d.transit_gateway_ids.iter())
                    .any(|g| g == b);
                d.vpn_gateway_ids.retain(|g| g != b);
                d.transit_gateway_ids.retain(|g| g != b);
            }
            if !found {
                return Some(Err(not_related(a, b)));
            }
            let atts: std::collections::HashSet<String> = w
                .t()
                .transit_gateway_attachments
                .iter()
                .filter(|x| x.resource_id == a && x.transit_gateway_id == b)
                .map(|x| x.id.clone())
                .collect();
            super::delete::remove_ids(w, &atts);
            Ok(format!(
                "Direct Connect gateway `{a}` is no longer associated with `{b}`"
            ))
        }
        _ => return None,
    })
}

/// Delete peering connections and the routes to them.
fn unpeer(w: &mut Work, ids: &[String]) -> String {
    let mut n = 0;
    for id in ids {
        n += remove_routes_to(w.tm(), None, id);
    }
    super::delete::remove_ids(w, &ids.iter().cloned().collect());
    format!(
        "delete peering connection `{}` and the {n} route{} to it",
        ids.join("`, `"),
        if n == 1 { "" } else { "s" }
    )
}
