//! Transit gateways (attachments, route tables), VPN connections and Direct Connect gateways.

use super::ctx::{Ctx, Kind, Ref};
use crate::model::*;
use crate::Severity;
use std::collections::HashMap;

pub(super) fn check(cx: &mut Ctx<'_>) {
    transit_gateways(cx);
    attachments(cx);
    tgw_route_tables(cx);
    vpn(cx);
}

fn transit_gateways(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for g in &t.transit_gateways {
        if let Some(rt) = g.default_route_table_id.as_deref() {
            cx.must_ref(
                &g.id,
                "default_route_table_id",
                rt,
                Kind::TransitGatewayRouteTable,
            );
        }
    }
}

fn attachments(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for a in &t.transit_gateway_attachments {
        cx.must_ref(
            &a.id,
            "transit_gateway_id",
            &a.transit_gateway_id,
            Kind::TransitGateway,
        );
        let (want, rf) = match a.kind {
            TgwAttachmentKind::Vpc => (Kind::Vpc, Ref::ERROR),
            TgwAttachmentKind::Vpn => (Kind::VpnConnection, Ref::ERROR),
            TgwAttachmentKind::DirectConnectGateway => (Kind::DirectConnectGateway, Ref::WARNING),
            // The peer transit gateway is often in another region or account, outside the snapshot.
            TgwAttachmentKind::Peering => (Kind::TransitGateway, Ref::WARNING),
            TgwAttachmentKind::Connect => (Kind::TransitGatewayAttachment, Ref::WARNING),
        };
        let resource_known = cx.reference(&a.id, "resource_id", &a.resource_id, want, rf);
        if a.kind != TgwAttachmentKind::Vpc {
            continue;
        }
        if a.subnet_ids.is_empty() {
            // A note, not a warning: describe-transit-gateway-attachments never lists subnets, so an imported
            // attachment often has none, and the engine then lets it reach every availability zone.
            let msg = "no subnets listed: taken to reach every availability zone of its VPC (AWS needs one subnet in each availability zone the transit gateway should reach; describe-transit-gateway-vpc-attachments lists them)";
            cx.emit(
                Severity::Info,
                "TGW_ATTACHMENT_NO_SUBNETS",
                &a.id,
                "subnet_ids",
                msg,
            );
        }
        let vpc = resource_known.then_some(a.resource_id.as_str());
        let mut by_az: HashMap<&str, &str> = HashMap::new();
        for (i, s) in a.subnet_ids.iter().enumerate() {
            let field = format!("subnet_ids[{i}]");
            if !cx.must_ref(&a.id, &field, s, Kind::Subnet) {
                continue;
            }
            let subnet_vpc = cx.vpc_of_subnet(s);
            if vpc.is_some() && subnet_vpc != vpc {
                cx.same_vpc(&a.id, &field, vpc, subnet_vpc, &format!("subnet `{s}`"));
                continue;
            }
            let Some(az) = cx
                .subnet(s)
                .and_then(|s| s.az_id.as_deref().or(s.az.as_deref()))
            else {
                continue;
            };
            if let Some(first) = by_az.get(az) {
                let msg = format!("subnets `{first}` and `{s}` are both in `{az}`; an attachment takes one subnet per availability zone");
                cx.error("TGW_ATTACHMENT_DUPLICATE_AZ", &a.id, &field, msg);
            } else {
                by_az.insert(az, s);
            }
        }
    }
}

/// An attachment named by a route table must belong to the table's transit gateway.
fn same_tgw(cx: &mut Ctx<'_>, rt: &TgwRouteTable, field: &str, attachment: &str) -> bool {
    if !cx.must_ref(&rt.id, field, attachment, Kind::TransitGatewayAttachment) {
        return false;
    }
    match cx.tgw_attachment(attachment) {
        Some(a)
            if a.transit_gateway_id != rt.transit_gateway_id
                && !rt.transit_gateway_id.is_empty() =>
        {
            let msg = format!(
                "attachment `{attachment}` belongs to transit gateway `{}`, not to `{}`",
                a.transit_gateway_id, rt.transit_gateway_id
            );
            cx.error("CROSS_TGW_REFERENCE", &rt.id, field, msg);
            false
        }
        _ => true,
    }
}

fn tgw_route_tables(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let mut associated: HashMap<&str, &str> = HashMap::new();
    for rt in &t.transit_gateway_route_tables {
        // A warning even when empty: a table known only from a get-transit-gateway-route-table-* or
        // search-transit-gateway-routes output (which do not name the transit gateway) has none, and the engine
        // routes by the table's associations, not by its gateway.
        cx.reference(
            &rt.id,
            "transit_gateway_id",
            &rt.transit_gateway_id,
            Kind::TransitGateway,
            Ref::WARNING,
        );
        for (i, a) in rt.associations.iter().enumerate() {
            let field = format!("associations[{i}]");
            if !same_tgw(cx, rt, &field, a) {
                continue;
            }
            match associated.get(a.as_str()) {
                Some(first) if *first != rt.id => {
                    let msg = format!("attachment `{a}` is already associated with `{first}`; an attachment has one route table");
                    cx.error("TGW_ATTACHMENT_MULTIPLE_ASSOCIATIONS", &rt.id, &field, msg);
                }
                Some(_) => {}
                None => {
                    associated.insert(a, &rt.id);
                }
            }
        }
        for (i, a) in rt.propagations.iter().enumerate() {
            same_tgw(cx, rt, &format!("propagations[{i}]"), a);
        }
        for (i, r) in rt.routes.iter().enumerate() {
            for (j, a) in r.attachment_ids.iter().enumerate() {
                same_tgw(cx, rt, &format!("routes[{i}].attachment_ids[{j}]"), a);
            }
            if r.state == RouteState::Active && r.attachment_ids.is_empty() {
                let msg = format!("the route to `{}` is active but names no attachment; a blackhole route has state `blackhole`", r.cidr);
                cx.warning(
                    "TGW_ROUTE_NO_ATTACHMENT",
                    &rt.id,
                    format!("routes[{i}].attachment_ids"),
                    msg,
                );
            }
        }
    }
}

fn vpn(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for v in &t.vpn_connections {
        match (v.vpn_gateway_id.as_deref(), v.transit_gateway_id.as_deref()) {
            (Some(g), None) => {
                cx.must_ref(&v.id, "vpn_gateway_id", g, Kind::VpnGateway);
            }
            (None, Some(g)) => {
                cx.must_ref(&v.id, "transit_gateway_id", g, Kind::TransitGateway);
            }
            (None, None) => {
                let msg = "a vpn connection ends on a virtual private gateway or a transit gateway; none is given";
                cx.error("VPN_GATEWAY_INVALID", &v.id, "vpn_gateway_id", msg);
            }
            (Some(_), Some(_)) => {
                let msg = "a vpn connection ends on a virtual private gateway or a transit gateway, not both";
                cx.error("VPN_GATEWAY_INVALID", &v.id, "transit_gateway_id", msg);
            }
        }
        if let Some(c) = v.customer_gateway_id.as_deref() {
            cx.must_ref(&v.id, "customer_gateway_id", c, Kind::CustomerGateway);
        }
    }
    for d in &t.direct_connect_gateways {
        for (i, g) in d.vpn_gateway_ids.iter().enumerate() {
            cx.must_ref(&d.id, &format!("vpn_gateway_ids[{i}]"), g, Kind::VpnGateway);
        }
        for (i, g) in d.transit_gateway_ids.iter().enumerate() {
            cx.must_ref(
                &d.id,
                &format!("transit_gateway_ids[{i}]"),
                g,
                Kind::TransitGateway,
            );
        }
    }
}
