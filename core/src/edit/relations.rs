//! The operations that make relations, shared by adding, connecting and disconnecting: where an object is (its
//! VPC, region, AZ), routes, the default security group, peering, transit gateway attachments, propagation.

use ipnet::IpNet;

use crate::model::*;

use super::alloc::new_id;
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

pub(super) fn az_of(t: &Topology, subnet: &str) -> Option<String> {
    t.subnets
        .iter()
        .find(|s| s.id == subnet)
        .and_then(|s| s.az_id.clone().or(s.az.clone()))
}

pub(super) fn cidrs_of(t: &Topology, vpc: &str) -> Vec<IpNet> {
    t.vpcs
        .iter()
        .find(|v| v.id == vpc)
        .map(|v| v.cidr_blocks.clone())
        .unwrap_or_default()
}

pub(super) fn rts_of(t: &Topology, vpc: &str) -> Vec<String> {
    t.route_tables
        .iter()
        .filter(|r| r.vpc_id == vpc)
        .map(|r| r.id.clone())
        .collect()
}

pub(super) fn route(dest: IpNet, target: &str) -> Route {
    Route {
        destination: Destination::Cidr(dest),
        target: target.to_string(),
        state: RouteState::Active,
        origin: RouteOrigin::Static,
    }
}

pub(super) fn default_v4() -> IpNet {
    IpNet::V4(Default::default())
}

pub(super) fn default_v6() -> IpNet {
    "::/0".parse().unwrap_or_else(|_| default_v4())
}

/// Add `dest → target` to a route table unless it has a static route to `dest` already. Whether it added.
pub(super) fn add_route_if_missing(t: &mut Topology, rt: &str, dest: IpNet, target: &str) -> bool {
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
pub(super) fn set_route(t: &mut Topology, rt: &str, dest: IpNet, target: &str) -> Option<String> {
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
pub(super) fn remove_routes_to(t: &mut Topology, vpc: Option<&str>, target: &str) -> usize {
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
        ..Default::default()
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
pub(super) fn attached_vpcs(t: &Topology, tgw: &str) -> Vec<String> {
    t.transit_gateway_attachments
        .iter()
        .filter(|a| a.transit_gateway_id == tgw && a.kind == TgwAttachmentKind::Vpc)
        .map(|a| a.resource_id.clone())
        .collect()
}

/// The on-premises CIDRs a transit gateway reaches (its VPN and Direct Connect attachments).
pub(super) fn tgw_onprem(t: &Topology, tgw: &str) -> Vec<IpNet> {
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
