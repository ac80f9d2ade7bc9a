//! [`Edit::Disconnect`](super::Edit::Disconnect): undoing a relation [`connect`](super::connect) made.

use super::{EditError, ObjectKind, Work};
use crate::model::*;

use super::connect::{k_of, label, unknown, K};
use super::relations::*;
use ObjectKind as O;

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
            // The endpoint's route leaves the table with the association (GE-02); a snapshot lists it as a
            // route of the table.
            if let Some(rt) = w.tm().route_tables.iter_mut().find(|r| r.id == b) {
                let before = rt.routes.len();
                rt.routes.retain(|r| r.target != a);
                found |= rt.routes.len() != before;
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
