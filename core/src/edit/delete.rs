//! [`Edit::Delete`](super::Edit::Delete): the cascade, AWS's refusals, and reference clean-up (routes to deleted
//! targets become blackhole routes).

use std::collections::HashSet;

use crate::model::*;

use super::object::{find, remove_all};
use super::{EditError, ObjectKind, Work};

fn is_virtual(id: &str) -> bool {
    id == "internet" || id.starts_with("aws-service:")
}

pub(super) fn delete(w: &mut Work, ids: &[String]) -> Result<(), EditError> {
    let t = w.t();
    let mut seeds: Vec<String> = Vec::new();
    let mut partial: Vec<(String, String)> = Vec::new(); // (object, subnet) of `<id>@<subnet>` keys
    for id in ids {
        if is_virtual(id) {
            continue;
        }
        if id == "onprem" {
            seeds.extend(t.vpn_connections.iter().map(|v| v.id.clone()));
            seeds.extend(t.customer_gateways.iter().map(|c| c.id.clone()));
            seeds.extend(t.direct_connect_gateways.iter().map(|d| d.id.clone()));
            continue;
        }
        if find(t, id).is_some() {
            seeds.push(id.clone());
            continue;
        }
        match id.split_once('@') {
            Some((base, sub)) if find(t, base).is_some() => {
                partial.push((base.to_string(), sub.to_string()))
            }
            _ => return Err(EditError::not_found(id)),
        }
    }
    // `<endpoint>@<subnet>`: one subnet of an endpoint or load balancer; the last one deletes it.
    for (base, sub) in &partial {
        if seeds.contains(base) {
            continue;
        }
        let t = w.t();
        let remaining = t
            .vpc_endpoints
            .iter()
            .find(|e| &e.id == base)
            .map(|e| e.subnet_ids.iter().filter(|s| *s != sub).count())
            .or_else(|| {
                t.load_balancers
                    .iter()
                    .find(|l| &l.id == base)
                    .map(|l| l.subnet_ids.iter().filter(|s| *s != sub).count())
            });
        match remaining {
            Some(0) => seeds.push(base.clone()),
            Some(_) => {
                let tm = w.tm();
                for e in tm.vpc_endpoints.iter_mut().filter(|e| &e.id == base) {
                    e.subnet_ids.retain(|s| s != sub);
                }
                for l in tm.load_balancers.iter_mut().filter(|l| &l.id == base) {
                    l.subnet_ids.retain(|s| s != sub);
                }
                w.d.layout.remove(&format!("{base}@{sub}"));
                w.note(format!(
                    "`{base}` no longer has a network interface in `{sub}`"
                ));
            }
            None => return Err(EditError::not_found(&format!("{base}@{sub}"))),
        }
    }
    if seeds.is_empty() {
        if partial.is_empty() && !ids.is_empty() && ids.iter().all(|i| is_virtual(i)) {
            return Err(EditError::about(
                &ids[0],
                format!(
                    "`{}` is drawn for traces and is not an object: there is nothing to delete",
                    ids[0]
                ),
            ));
        }
        return Ok(());
    }
    let set = cascade(w.t(), &seeds);
    refuse(w.t(), &set)?;
    let extra = set.len() - seeds.iter().collect::<HashSet<_>>().len();
    if extra > 0 {
        w.note(format!(
            "also deleted {extra} object{} that belonged to what was deleted",
            if extra == 1 { "" } else { "s" }
        ));
    }
    remove_ids(w, &set);
    Ok(())
}

/// Everything that goes with the seeds.
fn cascade(t: &Topology, seeds: &[String]) -> HashSet<String> {
    let mut set: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = seeds.to_vec();
    while let Some(id) = todo.pop() {
        if !set.insert(id.clone()) {
            continue;
        }
        let Some((kind, i)) = find(t, &id) else {
            continue;
        };
        let mut more: Vec<String> = Vec::new();
        match kind {
            ObjectKind::Vpc => {
                more.extend(
                    t.subnets
                        .iter()
                        .filter(|s| s.vpc_id == id)
                        .map(|s| s.id.clone()),
                );
                more.extend(
                    t.route_tables
                        .iter()
                        .filter(|r| r.vpc_id == id)
                        .map(|r| r.id.clone()),
                );
                more.extend(
                    t.security_groups
                        .iter()
                        .filter(|g| g.vpc_id == id)
                        .map(|g| g.id.clone()),
                );
                more.extend(
                    t.network_acls
                        .iter()
                        .filter(|a| a.vpc_id == id)
                        .map(|a| a.id.clone()),
                );
                more.extend(
                    t.vpc_endpoints
                        .iter()
                        .filter(|e| e.vpc_id == id)
                        .map(|e| e.id.clone()),
                );
                more.extend(
                    t.load_balancers
                        .iter()
                        .filter(|l| l.vpc_id == id)
                        .map(|l| l.id.clone()),
                );
                more.extend(
                    t.nat_gateways
                        .iter()
                        .filter(|n| n.vpc_id.as_deref() == Some(id.as_str()))
                        .map(|n| n.id.clone()),
                );
                more.extend(
                    t.internet_gateways
                        .iter()
                        .chain(t.egress_only_internet_gateways.iter())
                        .filter(|g| g.vpc_id.as_deref() == Some(id.as_str()))
                        .map(|g| g.id.clone()),
                );
                more.extend(
                    t.peering_connections
                        .iter()
                        .filter(|p| p.requester_vpc_id == id || p.accepter_vpc_id == id)
                        .map(|p| p.id.clone()),
                );
                more.extend(
                    t.transit_gateway_attachments
                        .iter()
                        .filter(|a| a.resource_id == id)
                        .map(|a| a.id.clone()),
                );
            }
            ObjectKind::Subnet => {
                let enis: HashSet<&str> = t
                    .network_interfaces
                    .iter()
                    .filter(|e| e.subnet_id == id)
                    .map(|e| e.id.as_str())
                    .collect();
                more.extend(enis.iter().map(|e| e.to_string()));
                more.extend(
                    t.instances
                        .iter()
                        .filter(|x| {
                            x.subnet_id.as_deref() == Some(id.as_str())
                                || (!x.network_interface_ids.is_empty()
                                    && x.network_interface_ids
                                        .iter()
                                        .all(|e| enis.contains(e.as_str())))
                        })
                        .map(|x| x.id.clone()),
                );
                more.extend(
                    t.nat_gateways
                        .iter()
                        .filter(|n| n.subnet_id.as_deref() == Some(id.as_str()))
                        .map(|n| n.id.clone()),
                );
            }
            ObjectKind::Instance => {
                more.extend(t.instances[i].network_interface_ids.iter().cloned());
                more.extend(
                    t.network_interfaces
                        .iter()
                        .filter(|e| e.attached_to.as_deref() == Some(id.as_str()))
                        .map(|e| e.id.clone()),
                );
            }
            ObjectKind::NatGateway => {
                more.extend(t.nat_gateways[i].eni_id.iter().cloned());
            }
            ObjectKind::VpcEndpoint => {
                more.extend(t.vpc_endpoints[i].network_interface_ids.iter().cloned());
                more.extend(
                    t.network_interfaces
                        .iter()
                        .filter(|e| e.attached_to.as_deref() == Some(id.as_str()))
                        .map(|e| e.id.clone()),
                );
            }
            ObjectKind::LoadBalancer => {
                let name = t.load_balancers[i].name.clone();
                more.extend(
                    t.network_interfaces
                        .iter()
                        .filter(|e| {
                            e.attached_to.as_deref() == Some(id.as_str())
                                || (name.is_some() && e.attached_to == name)
                        })
                        .map(|e| e.id.clone()),
                );
            }
            ObjectKind::TransitGateway => {
                more.extend(
                    t.transit_gateway_attachments
                        .iter()
                        .filter(|a| a.transit_gateway_id == id)
                        .map(|a| a.id.clone()),
                );
                more.extend(
                    t.transit_gateway_route_tables
                        .iter()
                        .filter(|r| r.transit_gateway_id == id)
                        .map(|r| r.id.clone()),
                );
                more.extend(
                    t.vpn_connections
                        .iter()
                        .filter(|v| v.transit_gateway_id.as_deref() == Some(id.as_str()))
                        .map(|v| v.id.clone()),
                );
            }
            ObjectKind::VpnGateway => {
                more.extend(
                    t.vpn_connections
                        .iter()
                        .filter(|v| v.vpn_gateway_id.as_deref() == Some(id.as_str()))
                        .map(|v| v.id.clone()),
                );
            }
            ObjectKind::CustomerGateway => {
                more.extend(
                    t.vpn_connections
                        .iter()
                        .filter(|v| v.customer_gateway_id.as_deref() == Some(id.as_str()))
                        .map(|v| v.id.clone()),
                );
            }
            ObjectKind::VpnConnection | ObjectKind::DirectConnectGateway => {
                more.extend(
                    t.transit_gateway_attachments
                        .iter()
                        .filter(|a| a.resource_id == id)
                        .map(|a| a.id.clone()),
                );
            }
            _ => {}
        }
        todo.extend(more.into_iter().filter(|m| !set.contains(m)));
    }
    set
}

/// What AWS refuses to delete (unless its VPC goes too).
fn refuse(t: &Topology, set: &HashSet<String>) -> Result<(), EditError> {
    for r in t.route_tables.iter().filter(|r| set.contains(&r.id)) {
        if r.main && !set.contains(&r.vpc_id) {
            return Err(EditError::about(
                &r.id,
                format!(
                    "`{}` is the main route table of `{}`; AWS does not delete a main route table: make another table main first (connect it to the VPC)",
                    r.id, r.vpc_id
                ),
            ));
        }
    }
    for g in t.security_groups.iter().filter(|g| set.contains(&g.id)) {
        if g.name.as_deref() == Some("default") && !set.contains(&g.vpc_id) {
            return Err(EditError::about(
                &g.id,
                format!(
                    "`{}` is the default security group of `{}`; AWS does not delete it",
                    g.id, g.vpc_id
                ),
            ));
        }
    }
    for a in t.network_acls.iter().filter(|a| set.contains(&a.id)) {
        if a.default && !set.contains(&a.vpc_id) {
            return Err(EditError::about(
                &a.id,
                format!(
                    "`{}` is the default network ACL of `{}`; AWS does not delete it",
                    a.id, a.vpc_id
                ),
            ));
        }
    }
    for p in t.prefix_lists.iter().filter(|p| set.contains(&p.id)) {
        if p.aws_managed {
            return Err(EditError::about(
                &p.id,
                format!(
                    "`{}` ({}) is an AWS-managed prefix list; it cannot be deleted",
                    p.id, p.name
                ),
            ));
        }
    }
    Ok(())
}

/// Remove exactly these objects (no cascade, no refusal) and clean up every reference to them.
pub(crate) fn remove_ids(w: &mut Work, set: &HashSet<String>) {
    if set.is_empty() {
        return;
    }
    let gone = |id: &str| set.contains(id);
    let t = w.tm();
    // A gateway endpoint's routes belong to it: deleting the endpoint deletes them (GE-02), where a deleted
    // gateway or interface leaves blackhole routes.
    let gateway_endpoints: HashSet<String> = t
        .vpc_endpoints
        .iter()
        .filter(|e| e.kind == EndpointKind::Gateway && gone(&e.id))
        .map(|e| e.id.clone())
        .collect();
    remove_all(t, set);
    let mut blackholed = 0usize;
    for r in &mut t.route_tables {
        r.subnet_ids.retain(|s| !gone(s));
        r.gateway_ids.retain(|s| !gone(s));
        r.propagating_vgws.retain(|s| !gone(s));
        r.routes.retain(|x| {
            !matches!(&x.destination, Destination::PrefixList(p) if gone(p))
                && !gateway_endpoints.contains(&x.target)
        });
        for x in r.routes.iter_mut().filter(|x| gone(&x.target)) {
            if x.state != RouteState::Blackhole {
                x.state = RouteState::Blackhole;
                blackholed += 1;
            }
        }
    }
    for e in &mut t.vpc_endpoints {
        e.route_table_ids.retain(|s| !gone(s));
        e.subnet_ids.retain(|s| !gone(s));
        e.security_group_ids.retain(|s| !gone(s));
        e.network_interface_ids.retain(|s| !gone(s));
    }
    for i in &mut t.instances {
        i.security_group_ids.retain(|s| !gone(s));
        i.network_interface_ids.retain(|s| !gone(s));
        if i.subnet_id.as_deref().is_some_and(gone) {
            i.subnet_id = None;
        }
    }
    for e in &mut t.network_interfaces {
        e.security_group_ids.retain(|s| !gone(s));
        if e.attached_to.as_deref().is_some_and(gone) {
            e.attached_to = None;
        }
    }
    for n in &mut t.nat_gateways {
        if n.eni_id.as_deref().is_some_and(gone) {
            n.eni_id = None;
        }
    }
    for g in &mut t.security_groups {
        for rules in [&mut g.ingress, &mut g.egress] {
            for r in rules.iter_mut() {
                r.security_group_ids.retain(|s| !gone(s));
                r.prefix_list_ids.retain(|s| !gone(s));
            }
            rules.retain(|r| {
                !(r.cidrs.is_empty()
                    && r.prefix_list_ids.is_empty()
                    && r.security_group_ids.is_empty())
            });
        }
    }
    for a in &mut t.network_acls {
        a.subnet_ids.retain(|s| !gone(s));
    }
    for l in &mut t.load_balancers {
        l.subnet_ids.retain(|s| !gone(s));
        l.targets.retain(|s| !gone(s));
    }
    for s in &mut t.endpoint_services {
        s.load_balancer_arns.retain(|s| !gone(s));
    }
    for g in t
        .internet_gateways
        .iter_mut()
        .chain(t.egress_only_internet_gateways.iter_mut())
    {
        if g.vpc_id.as_deref().is_some_and(gone) {
            g.vpc_id = None;
        }
    }
    for g in &mut t.vpn_gateways {
        if g.vpc_id.as_deref().is_some_and(gone) {
            g.vpc_id = None;
        }
    }
    for g in &mut t.transit_gateways {
        if g.default_route_table_id.as_deref().is_some_and(gone) {
            g.default_route_table_id = None;
        }
    }
    for r in &mut t.transit_gateway_route_tables {
        r.associations.retain(|s| !gone(s));
        r.propagations.retain(|s| !gone(s));
        for x in &mut r.routes {
            let before = x.attachment_ids.len();
            x.attachment_ids.retain(|s| !gone(s));
            if before > 0 && x.attachment_ids.is_empty() {
                x.state = RouteState::Blackhole;
            }
        }
    }
    for a in &mut t.transit_gateway_attachments {
        a.subnet_ids.retain(|s| !gone(s));
    }
    for v in &mut t.vpn_connections {
        if v.vpn_gateway_id.as_deref().is_some_and(gone) {
            v.vpn_gateway_id = None;
        }
        if v.transit_gateway_id.as_deref().is_some_and(gone) {
            v.transit_gateway_id = None;
        }
        if v.customer_gateway_id.as_deref().is_some_and(gone) {
            v.customer_gateway_id = None;
        }
    }
    for d in &mut t.direct_connect_gateways {
        d.vpn_gateway_ids.retain(|s| !gone(s));
        d.transit_gateway_ids.retain(|s| !gone(s));
    }
    // Layout: the objects, their per-subnet nodes, and per-subnet nodes in deleted subnets.
    let keys: Vec<String> =
        w.d.layout
            .iter()
            .map(|(k, _)| k.to_string())
            .filter(|k| gone(k) || k.split_once('@').is_some_and(|(a, b)| gone(a) || gone(b)))
            .collect();
    for k in keys {
        w.d.layout.remove(&k);
    }
    if blackholed > 0 {
        w.note(format!(
            "{blackholed} route{} to deleted targets {} now blackhole routes (AWS keeps them until you replace or delete them)",
            if blackholed == 1 { "" } else { "s" },
            if blackholed == 1 { "is" } else { "are" }
        ));
    }
}
