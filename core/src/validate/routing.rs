//! Route tables and routes, internet/egress-only/virtual private gateways, NAT gateways and peering connections.

use super::ctx::{is_v4, overlaps, within, Ctx, Kind, Ref};
use super::network::host_bits;
use crate::model::*;
use crate::Severity;
use ipnet::IpNet;
use std::collections::HashMap;

pub(super) fn check(cx: &mut Ctx<'_>) {
    route_tables(cx);
    gateways(cx);
    nat_gateways(cx);
    peerings(cx);
}

fn route_tables(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let mut main_by_vpc: HashMap<&str, &str> = HashMap::new();
    let mut subnet_rt: HashMap<&str, &str> = HashMap::new();
    let mut gateway_rt: HashMap<&str, &str> = HashMap::new();
    for rt in &t.route_tables {
        let vpc = if cx.must_ref(&rt.id, "vpc_id", &rt.vpc_id, Kind::Vpc) {
            cx.vpc(&rt.vpc_id)
        } else {
            None
        };
        if rt.main {
            match main_by_vpc.get(rt.vpc_id.as_str()) {
                Some(first) => {
                    let msg = format!("vpc `{}` already has the main route table `{first}`; a vpc has one (RT-08)", rt.vpc_id);
                    cx.error("MULTIPLE_MAIN_ROUTE_TABLES", &rt.id, "main", msg);
                }
                None => {
                    main_by_vpc.insert(&rt.vpc_id, &rt.id);
                }
            }
        }
        for (i, sid) in rt.subnet_ids.iter().enumerate() {
            let field = format!("subnet_ids[{i}]");
            if !cx.must_ref(&rt.id, &field, sid, Kind::Subnet) {
                continue;
            }
            let subnet_vpc = cx.vpc_of_subnet(sid);
            cx.same_vpc(
                &rt.id,
                &field,
                Some(&rt.vpc_id),
                subnet_vpc,
                &format!("subnet `{sid}`"),
            );
            match subnet_rt.get(sid.as_str()) {
                Some(first) if *first != rt.id => {
                    let msg = format!(
                        "subnet `{sid}` is already associated with route table `{first}`; a subnet has exactly one route table (RT-08)"
                    );
                    cx.error("SUBNET_MULTIPLE_ROUTE_TABLES", &rt.id, &field, msg);
                }
                Some(_) => {}
                None => {
                    subnet_rt.insert(sid, &rt.id);
                }
            }
        }
        for (i, gid) in rt.gateway_ids.iter().enumerate() {
            let field = format!("gateway_ids[{i}]");
            let attached = match TargetKind::of(gid) {
                TargetKind::InternetGateway => {
                    if !cx.must_ref(&rt.id, &field, gid, Kind::InternetGateway) {
                        continue;
                    }
                    cx.igw(gid).and_then(|g| g.vpc_id.as_deref())
                }
                TargetKind::VirtualPrivateGateway => {
                    if !cx.must_ref(&rt.id, &field, gid, Kind::VpnGateway) {
                        continue;
                    }
                    cx.vgw(gid).and_then(|g| g.vpc_id.as_deref())
                }
                _ => {
                    let msg = format!("`{gid}` is not an internet gateway or a virtual private gateway; only those have gateway route tables");
                    cx.error("GATEWAY_ASSOCIATION_INVALID", &rt.id, &field, msg);
                    continue;
                }
            };
            attached_here(
                cx,
                &rt.id,
                &field,
                gid,
                attached,
                &rt.vpc_id,
                "CROSS_VPC_REFERENCE",
            );
            match gateway_rt.get(gid.as_str()) {
                Some(first) if *first != rt.id => {
                    let msg =
                        format!("gateway `{gid}` is already associated with route table `{first}`");
                    cx.error("GATEWAY_MULTIPLE_ROUTE_TABLES", &rt.id, &field, msg);
                }
                Some(_) => {}
                None => {
                    gateway_rt.insert(gid, &rt.id);
                }
            }
        }
        for (i, gid) in rt.propagating_vgws.iter().enumerate() {
            let field = format!("propagating_vgws[{i}]");
            if cx.must_ref(&rt.id, &field, gid, Kind::VpnGateway) {
                let attached = cx.vgw(gid).and_then(|g| g.vpc_id.as_deref());
                attached_here(
                    cx,
                    &rt.id,
                    &field,
                    gid,
                    attached,
                    &rt.vpc_id,
                    "CROSS_VPC_REFERENCE",
                );
            }
        }
        routes(cx, rt, vpc);
    }
    for s in &t.subnets {
        if cx.vpc(&s.vpc_id).is_some()
            && !subnet_rt.contains_key(s.id.as_str())
            && !main_by_vpc.contains_key(s.vpc_id.as_str())
        {
            let msg = format!("no route table is associated with the subnet and vpc `{}` has no main route table (RT-08)", s.vpc_id);
            cx.warning("SUBNET_NO_ROUTE_TABLE", &s.id, "vpc_id", msg);
        }
    }
}

/// Report (as an error with `code`) a gateway that is not attached to `vpc`.
fn attached_here(
    cx: &mut Ctx<'_>,
    subject: &str,
    field: &str,
    gateway: &str,
    attached: Option<&str>,
    vpc: &str,
    code: &str,
) {
    match attached {
        Some(v) if v == vpc => {}
        Some(v) => cx.error(
            code,
            subject,
            field,
            format!("`{gateway}` is attached to vpc `{v}`, not to `{vpc}`"),
        ),
        None => cx.error(
            code,
            subject,
            field,
            format!("`{gateway}` is not attached to any vpc"),
        ),
    }
}

fn reserved_destinations() -> [IpNet; 2] {
    [
        IpNet::V4("169.254.168.0/22".parse().expect("valid literal")),
        IpNet::V6("fd00:ec2::/32".parse().expect("valid literal")),
    ]
}

fn routes(cx: &mut Ctx<'_>, rt: &RouteTable, vpc: Option<&Vpc>) {
    let t = cx.t;
    let gateway_table = !rt.gateway_ids.is_empty();
    let mut static_dests: HashMap<&Destination, usize> = HashMap::new();
    for (i, r) in rt.routes.iter().enumerate() {
        let dfield = format!("routes[{i}].destination");
        let tfield = format!("routes[{i}].target");
        match &r.destination {
            Destination::Cidr(net) => {
                host_bits(cx, &rt.id, &dfield, net);
                if let Some(res) = reserved_destinations().iter().find(|res| within(net, res)) {
                    let msg = format!("`{net}` is inside `{res}`, reserved by aws for imds and the dns resolver (RT-09)");
                    cx.error("RESERVED_ROUTE_DESTINATION", &rt.id, &dfield, msg);
                }
            }
            Destination::PrefixList(pl) => {
                let rf = Ref {
                    severity: Severity::Error,
                    missing_code: "PREFIX_LIST_NOT_FOUND",
                };
                cx.reference(&rt.id, &dfield, pl, Kind::PrefixList, rf);
                if gateway_table {
                    let msg = format!("prefix list `{pl}` cannot be a destination in a gateway route table (GW-05)");
                    cx.error("GATEWAY_ROUTE_TABLE_INVALID", &rt.id, &dfield, msg);
                }
            }
        }
        if r.origin == RouteOrigin::Static {
            if let Some(first) = static_dests.get(&r.destination) {
                let msg = format!(
                    "routes[{first}] already has destination `{}`",
                    r.destination
                );
                cx.error("DUPLICATE_ROUTE", &rt.id, &dfield, msg);
            } else {
                static_dests.insert(&r.destination, i);
            }
        }
        if r.target.trim().is_empty() {
            cx.error(
                "MISSING_REFERENCE",
                &rt.id,
                &tfield,
                "the route has no target",
            );
            continue;
        }
        let kind = TargetKind::of(&r.target);
        if r.origin.is_propagated() && kind != TargetKind::VirtualPrivateGateway {
            let msg = format!(
                "propagated routes come from a virtual private gateway, not from `{}`",
                r.target
            );
            cx.warning("ROUTE_ORIGIN_INVALID", &rt.id, &tfield, msg);
        }
        let endpoint_kind = cx.endpoint(&r.target).map(|e| e.kind);
        match kind {
            TargetKind::Local => local_route(cx, rt, vpc, &r.destination, &dfield),
            TargetKind::Other => {}
            _ => {
                let Some(k) = Kind::of_target(kind) else {
                    continue;
                };
                // A blackhole route is what AWS leaves behind when its target is deleted: a missing target is expected.
                if r.state == RouteState::Blackhole && cx.kinds_of(&r.target).is_empty() {
                    continue;
                }
                let rf = Ref {
                    severity: Severity::Error,
                    missing_code: "ROUTE_TARGET_NOT_FOUND",
                };
                if !cx.reference(&rt.id, &tfield, &r.target, k, rf) {
                    continue;
                }
                target_in_vpc(cx, rt, &tfield, kind, &r.target);
                if kind == TargetKind::VpcEndpoint
                    && !matches!(
                        endpoint_kind,
                        Some(EndpointKind::Gateway | EndpointKind::GatewayLoadBalancer)
                    )
                {
                    let msg = format!("`{}` is not a gateway or gateway load balancer endpoint and cannot be a route target", r.target);
                    cx.error("ROUTE_TARGET_INVALID", &rt.id, &tfield, msg);
                }
                if kind == TargetKind::EgressOnlyInternetGateway
                    && !matches!(r.destination, Destination::Cidr(IpNet::V6(_)))
                {
                    let msg = format!(
                        "egress-only internet gateway `{}` carries ipv6 traffic only (IGW-04)",
                        r.target
                    );
                    cx.error("ROUTE_TARGET_INVALID", &rt.id, &tfield, msg);
                }
            }
        }
        let is_gwlbe = kind == TargetKind::VpcEndpoint
            && endpoint_kind == Some(EndpointKind::GatewayLoadBalancer);
        let middlebox = is_gwlbe
            || matches!(
                kind,
                TargetKind::NatGateway | TargetKind::NetworkInterface | TargetKind::Instance
            );
        if let (Destination::Cidr(net), Some(vpc)) = (&r.destination, vpc) {
            let inside_local = vpc
                .cidr_blocks
                .iter()
                .any(|b| within(net, b) && b.trunc() != net.trunc());
            if kind != TargetKind::Local && inside_local {
                let whole_subnet = t.subnets.iter().any(|s| {
                    s.vpc_id == vpc.id
                        && [s.cidr_block, s.ipv6_cidr_block]
                            .iter()
                            .flatten()
                            .any(|c| c.trunc() == net.trunc())
                });
                if !whole_subnet {
                    let msg = format!("`{net}` is more specific than the local route but is not the cidr of a subnet of `{}` (RT-01)", vpc.id);
                    cx.error("ROUTE_MORE_SPECIFIC_THAN_LOCAL", &rt.id, &dfield, msg);
                } else if !middlebox {
                    let msg = format!(
                        "a route more specific than the local route can only target a nat gateway, a network interface or a gateway load balancer endpoint, not `{}` (RT-01)",
                        r.target
                    );
                    cx.error("ROUTE_MORE_SPECIFIC_THAN_LOCAL", &rt.id, &tfield, msg);
                }
            }
            if gateway_table && !vpc.cidr_blocks.iter().any(|b| within(net, b)) {
                let msg = format!("`{net}` is outside vpc `{}`; a gateway route table routes only the vpc's addresses (GW-05)", vpc.id);
                cx.error("GATEWAY_ROUTE_TABLE_INVALID", &rt.id, &dfield, msg);
            }
        }
        if gateway_table
            && kind != TargetKind::Local
            && !(is_gwlbe || matches!(kind, TargetKind::NetworkInterface | TargetKind::Instance))
        {
            let msg = format!(
                "a gateway route table can only target local, a network interface or a gateway load balancer endpoint, not `{}` (GW-05)",
                r.target
            );
            cx.error("GATEWAY_ROUTE_TABLE_INVALID", &rt.id, &tfield, msg);
        }
    }
}

fn local_route(
    cx: &mut Ctx<'_>,
    rt: &RouteTable,
    vpc: Option<&Vpc>,
    dest: &Destination,
    field: &str,
) {
    let Some(vpc) = vpc.filter(|v| !v.cidr_blocks.is_empty()) else {
        return;
    };
    let ok = match dest {
        Destination::Cidr(net) => vpc.cidr_blocks.iter().any(|b| b.trunc() == net.trunc()),
        Destination::PrefixList(_) => false,
    };
    if !ok {
        let msg = format!("a `local` route must have one of the cidr blocks of vpc `{}` as destination, not `{dest}`", vpc.id);
        cx.error("LOCAL_ROUTE_INVALID", &rt.id, field, msg);
    }
}

/// A route target must be in (or attached to, or connect) the route table's VPC.
fn target_in_vpc(cx: &mut Ctx<'_>, rt: &RouteTable, field: &str, kind: TargetKind, id: &str) {
    const CODE: &str = "ROUTE_TARGET_OTHER_VPC";
    let vpc = rt.vpc_id.as_str();
    let other = match kind {
        TargetKind::InternetGateway => {
            let attached = cx.igw(id).and_then(|g| g.vpc_id.as_deref());
            return attached_here(cx, &rt.id, field, id, attached, vpc, CODE);
        }
        TargetKind::EgressOnlyInternetGateway => {
            let attached = cx.eigw(id).and_then(|g| g.vpc_id.as_deref());
            return attached_here(cx, &rt.id, field, id, attached, vpc, CODE);
        }
        TargetKind::VirtualPrivateGateway => {
            let attached = cx.vgw(id).and_then(|g| g.vpc_id.as_deref());
            return attached_here(cx, &rt.id, field, id, attached, vpc, CODE);
        }
        TargetKind::PeeringConnection => {
            if let Some(p) = cx.peering(id) {
                if p.requester_vpc_id != vpc && p.accepter_vpc_id != vpc {
                    let msg = format!("peering connection `{id}` does not connect vpc `{vpc}`");
                    cx.error(CODE, &rt.id, field, msg);
                }
            }
            return;
        }
        TargetKind::TransitGateway => {
            let attached = cx.t.transit_gateway_attachments.iter().any(|a| {
                a.transit_gateway_id == id
                    && a.kind == TgwAttachmentKind::Vpc
                    && a.resource_id == vpc
            });
            if !attached {
                let msg = format!("transit gateway `{id}` has no attachment to vpc `{vpc}`");
                cx.warning(CODE, &rt.id, field, msg);
            }
            return;
        }
        TargetKind::NatGateway => cx.vpc_of_nat(id),
        TargetKind::VpcEndpoint => cx.endpoint(id).map(|e| e.vpc_id.as_str()),
        TargetKind::NetworkInterface => cx.vpc_of_eni(id),
        TargetKind::Instance => cx.vpc_of_instance(id),
        TargetKind::Local | TargetKind::Other => None,
    };
    if let Some(other) = other.filter(|o| *o != vpc) {
        cx.error(
            CODE,
            &rt.id,
            field,
            format!("`{id}` is in vpc `{other}`, not in `{vpc}`"),
        );
    }
}

fn gateways(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let mut igw_by_vpc: HashMap<&str, &str> = HashMap::new();
    for g in &t.internet_gateways {
        let Some(v) = g.vpc_id.as_deref() else {
            continue;
        };
        if !cx.must_ref(&g.id, "vpc_id", v, Kind::Vpc) {
            continue;
        }
        if let Some(first) = igw_by_vpc.insert(v, &g.id) {
            let msg = format!(
                "vpc `{v}` already has internet gateway `{first}`; a vpc has at most one (IGW-01)"
            );
            cx.error("MULTIPLE_INTERNET_GATEWAYS", &g.id, "vpc_id", msg);
            igw_by_vpc.insert(v, first);
        }
    }
    for g in &t.egress_only_internet_gateways {
        if let Some(v) = g.vpc_id.as_deref() {
            cx.must_ref(&g.id, "vpc_id", v, Kind::Vpc);
        }
    }
    let mut vgw_by_vpc: HashMap<&str, &str> = HashMap::new();
    for g in &t.vpn_gateways {
        let Some(v) = g.vpc_id.as_deref() else {
            continue;
        };
        if !cx.must_ref(&g.id, "vpc_id", v, Kind::Vpc) {
            continue;
        }
        if let Some(first) = vgw_by_vpc.insert(v, &g.id) {
            let msg = format!(
                "vpc `{v}` already has virtual private gateway `{first}`; a vpc has at most one"
            );
            cx.error("MULTIPLE_VPN_GATEWAYS", &g.id, "vpc_id", msg);
            vgw_by_vpc.insert(v, first);
        }
    }
}

fn nat_gateways(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for n in &t.nat_gateways {
        let subnet = match n.subnet_id.as_deref() {
            Some(s) if cx.must_ref(&n.id, "subnet_id", s, Kind::Subnet) => cx.subnet(s),
            _ => None,
        };
        if let Some(v) = n.vpc_id.as_deref() {
            if cx.must_ref(&n.id, "vpc_id", v, Kind::Vpc) {
                if let Some(s) = subnet.filter(|s| s.vpc_id != v) {
                    let msg = format!("subnet `{}` is in vpc `{}`, not in `{v}`", s.id, s.vpc_id);
                    cx.error("CROSS_VPC_REFERENCE", &n.id, "subnet_id", msg);
                }
            }
        }
        if let Some(e) = n.eni_id.as_deref() {
            cx.reference(&n.id, "eni_id", e, Kind::NetworkInterface, Ref::WARNING);
        }
        match n.availability_mode {
            AvailabilityMode::Zonal if n.subnet_id.is_none() => {
                cx.error(
                    "NAT_MISSING_PLACEMENT",
                    &n.id,
                    "subnet_id",
                    "a zonal nat gateway needs a subnet",
                );
            }
            AvailabilityMode::Regional => {
                if n.vpc_id.is_none() && n.subnet_id.is_none() {
                    cx.error(
                        "NAT_MISSING_PLACEMENT",
                        &n.id,
                        "vpc_id",
                        "a regional nat gateway needs a vpc",
                    );
                }
                if n.connectivity == NatConnectivity::Private {
                    let msg = "a regional nat gateway cannot have private connectivity (NAT-06)";
                    cx.error("NAT_REGIONAL_PRIVATE", &n.id, "connectivity", msg);
                }
            }
            AvailabilityMode::Zonal => {}
        }
        match n.connectivity {
            NatConnectivity::Public => {
                if n.public_ip.is_none() {
                    let msg = "a public nat gateway needs an elastic ip (NAT-01)";
                    cx.error("NAT_PUBLIC_WITHOUT_EIP", &n.id, "public_ip", msg);
                }
                if let Some(s) = subnet {
                    let to_igw = cx.subnet_route_table(s).is_some_and(|rt| {
                        rt.routes
                            .iter()
                            .any(|r| TargetKind::of(&r.target) == TargetKind::InternetGateway)
                    });
                    if !to_igw {
                        let msg = format!(
                            "subnet `{}` has no route to an internet gateway; a public nat gateway must sit in a public subnet (NAT-01)",
                            s.id
                        );
                        cx.warning("NAT_SUBNET_NOT_PUBLIC", &n.id, "subnet_id", msg);
                    }
                }
            }
            NatConnectivity::Private => {
                if n.public_ip.is_some() {
                    let msg = "a private nat gateway has no elastic ip (NAT-01)";
                    cx.error("NAT_PRIVATE_WITH_EIP", &n.id, "public_ip", msg);
                }
            }
        }
    }
}

fn peering_active(p: &PeeringConnection) -> bool {
    match p.status.as_deref().map(str::to_ascii_lowercase) {
        None => true,
        Some(s) => !matches!(
            s.as_str(),
            "rejected" | "deleted" | "deleting" | "failed" | "expired"
        ),
    }
}

fn peerings(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for p in &t.peering_connections {
        let mut sides: Vec<Vec<IpNet>> = Vec::new();
        for (field, vpc_id, cidrs) in [
            ("requester_vpc_id", &p.requester_vpc_id, &p.requester_cidrs),
            ("accepter_vpc_id", &p.accepter_vpc_id, &p.accepter_cidrs),
        ] {
            // A peer VPC outside the snapshot (another account) is fine when the peering gives its CIDRs.
            if vpc_id.trim().is_empty() || cidrs.is_empty() || !cx.kinds_of(vpc_id).is_empty() {
                cx.must_ref(&p.id, field, vpc_id, Kind::Vpc);
            }
            let blocks = if cidrs.is_empty() {
                cx.vpc(vpc_id)
                    .map(|v| v.cidr_blocks.clone())
                    .unwrap_or_default()
            } else {
                cidrs.clone()
            };
            sides.push(blocks);
        }
        if !p.requester_vpc_id.is_empty() && p.requester_vpc_id == p.accepter_vpc_id {
            let msg = format!("vpc `{}` cannot peer with itself", p.requester_vpc_id);
            cx.error("PEERING_SELF", &p.id, "accepter_vpc_id", msg);
            continue;
        }
        if !peering_active(p) {
            continue;
        }
        let overlap = sides[0]
            .iter()
            .find_map(|a| sides[1].iter().find(|b| overlaps(a, b)).map(|b| (a, b)));
        if let Some((a, b)) = overlap {
            let family = if is_v4(a) { "ipv4" } else { "ipv6" };
            let msg = format!(
                "{family} block `{a}` of `{}` overlaps `{b}` of `{}`; peered vpcs cannot have overlapping cidr blocks (PCX-02)",
                p.requester_vpc_id, p.accepter_vpc_id
            );
            cx.error("PEERING_CIDR_OVERLAP", &p.id, "accepter_vpc_id", msg);
        }
    }
}
