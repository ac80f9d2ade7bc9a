//! [`Edit::Connect`](super::Edit::Connect): a relation drawn between two objects (an association, an
//! attachment, a route, a move into a subnet), made with the operations of [`relations`](super::relations).

use super::alloc::{new_id, next_private_ip};
use super::object::find;
use super::{EditError, ObjectKind, Work};
use crate::model::*;
use ipnet::IpNet;
use std::net::IpAddr;

use super::relations::*;

/// What an object is, for connecting: its kind, and for endpoints their endpoint kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum K {
    O(ObjectKind),
    Endpoint(EndpointKind),
}

pub(super) fn k_of(t: &Topology, id: &str) -> Option<(K, String)> {
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

pub(super) fn unknown(t: &Topology, id: &str) -> EditError {
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

pub(super) fn label(k: K) -> &'static str {
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
        O::NatGateway | O::VpcEndpoint => {
            same_vpc(t, rt, target)?;
            Ok(one(w, default_v4()))
        }
        O::Instance | O::NetworkInterface => {
            same_vpc(t, rt, target)?;
            let what = one(w, default_v4());
            // Never silent: this reroutes every subnet using the table.
            Ok(format!(
                "{what}: all internet-bound traffic of the subnets using `{rt}` now goes through `{target}`, as \
                 through a NAT instance or a firewall appliance (Undo if you only meant to place the instance)"
            ))
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
