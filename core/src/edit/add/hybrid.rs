//! Adding peering connections, transit gateways and on-premises networks (customer gateway, VPN, Direct Connect).

use super::*;

pub(super) fn add_peering(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<(), EditError> {
    let t = w.t();
    let peered = |a: &str, b: &str| {
        t.peering_connections.iter().any(|p| {
            (p.requester_vpc_id == a && p.accepter_vpc_id == b)
                || (p.requester_vpc_id == b && p.accepter_vpc_id == a)
        })
    };
    let disjoint = |a: &Vpc, b: &Vpc| {
        !a.cidr_blocks.iter().any(|x| {
            b.cidr_blocks
                .iter()
                .any(|y| x.contains(&y.network()) || y.contains(&x.network()))
        })
    };
    let requesters: Vec<&Vpc> = match (parent, at) {
        (None, None) => t.vpcs.iter().collect(),
        _ => {
            let v = resolve_vpc(w, parent, at, "peering connection")?;
            t.vpcs.iter().filter(|x| x.id == v).collect()
        }
    };
    let pair = requesters.iter().find_map(|a| {
        t.vpcs
            .iter()
            .find(|b| b.id != a.id && !peered(&a.id, &b.id) && disjoint(a, b))
            .map(|b| (a.id.clone(), b.id.clone()))
    });
    let Some((a, b)) = pair else {
        return Err(EditError::new(
            "a peering connection joins two VPCs that do not overlap and are not yet peered: there is no such pair (connect two VPCs to choose them)",
        ));
    };
    let (id, _) = peer(w, &a, &b)?;
    w.created = Some(id);
    Ok(())
}

pub(super) fn add_tgw(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<(), EditError> {
    let vpc = match (parent, at) {
        (None, None) => None,
        _ => resolve_vpc(w, parent, at, "transit gateway").ok(),
    };
    let region = match &vpc {
        Some(v) => region_of_vpc(w.t(), v),
        None => w.t().region.clone().unwrap_or_else(|| "us-east-1".into()),
    };
    let id = new_id(&w.d, "tgw");
    w.tm().transit_gateways.push(TransitGateway {
        id: id.clone(),
        region: Some(region),
        default_route_table_id: None,
    });
    tgw_default_rt(w, &id);
    if let Some(v) = vpc {
        let (_, what) = attach_vpc_to_tgw(w, &v, &id)?;
        w.note(what);
    }
    w.created = Some(id);
    Ok(())
}

pub(super) fn add_onprem(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
    dx: bool,
) -> Result<(), EditError> {
    let t = w.t();
    let tgw = parent.and_then(|p| match find(t, p) {
        Some((ObjectKind::TransitGateway, _)) => Some(p.to_string()),
        Some((ObjectKind::TransitGatewayAttachment, i)) => {
            Some(t.transit_gateway_attachments[i].transit_gateway_id.clone())
        }
        _ => None,
    });
    let what = if dx {
        "Direct Connect gateway"
    } else {
        "on-premises network"
    };
    let vpc = if tgw.is_none() {
        Some(resolve_vpc(w, parent, at, what)?)
    } else {
        None
    };
    let cidr = next_onprem_cidr(w.t())
        .ok_or_else(|| EditError::new("no free on-premises CIDR is left"))?;
    // The AWS side: the VPC's virtual private gateway (created if missing) or the transit gateway.
    let vgw = match &vpc {
        Some(v) => {
            let existing = w
                .t()
                .vpn_gateways
                .iter()
                .find(|g| g.vpc_id.as_deref() == Some(v.as_str()))
                .map(|g| g.id.clone());
            Some(match existing {
                Some(g) => g,
                None => {
                    let g = new_id(&w.d, "vgw");
                    w.tm().vpn_gateways.push(VpnGateway {
                        id: g.clone(),
                        vpc_id: Some(v.clone()),
                        asn: Some(64512),
                    });
                    g
                }
            })
        }
        None => None,
    };
    let created = if dx {
        let id = new_id(&w.d, "dxgw");
        w.tm().direct_connect_gateways.push(DirectConnectGateway {
            id: id.clone(),
            vpn_gateway_ids: vgw.iter().cloned().collect(),
            transit_gateway_ids: tgw.iter().cloned().collect(),
            onprem_cidrs: vec![cidr],
        });
        id
    } else {
        let ips = next_public_ips(&w.d, 2);
        let cgw = new_id(&w.d, "cgw");
        w.tm().customer_gateways.push(CustomerGateway {
            id: cgw.clone(),
            ip_address: ips.first().copied(),
            bgp_asn: Some(65000),
        });
        let id = new_id(&w.d, "vpn");
        w.tm().vpn_connections.push(VpnConnection {
            id: id.clone(),
            vpn_gateway_id: vgw.clone(),
            transit_gateway_id: tgw.clone(),
            customer_gateway_id: Some(cgw.clone()),
            static_routes_only: true,
            static_routes: vec![cidr],
            bgp_routes: Vec::new(),
            tunnel_outside_ips: ips.get(1).copied().into_iter().collect(),
            state: None,
        });
        w.note(format!(
            "on-premises network {cidr} behind customer gateway `{cgw}`, over Site-to-Site VPN `{id}`"
        ));
        id
    };
    if let (Some(v), Some(g)) = (&vpc, &vgw) {
        let n = enable_propagation(w, v, g);
        w.note(format!(
            "virtual private gateway `{g}` propagates {cidr} into {n} route table{} of `{v}`",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(g) = &tgw {
        let kind = if dx {
            TgwAttachmentKind::DirectConnectGateway
        } else {
            TgwAttachmentKind::Vpn
        };
        let att = new_id(&w.d, "tgw-attach");
        w.tm().transit_gateway_attachments.push(TgwAttachment {
            id: att.clone(),
            transit_gateway_id: g.clone(),
            kind,
            resource_id: created.clone(),
            subnet_ids: Vec::new(),
            state: None,
        });
        let rt = tgw_default_rt(w, g);
        if let Some(r) = w
            .tm()
            .transit_gateway_route_tables
            .iter_mut()
            .find(|r| r.id == rt)
        {
            r.associations.push(att.clone());
            r.propagations.push(att);
        }
        let n = tgw_route_to_attached(w, g, &[cidr]);
        w.note(format!(
            "{n} route table{} of the VPCs attached to `{g}` send {cidr} to it",
            if n == 1 { "" } else { "s" }
        ));
    }
    w.created = Some(created);
    Ok(())
}
