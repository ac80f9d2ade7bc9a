//! Between VPCs and to on premises: peering (PCX-01, PCX-03, PCX-04), transit gateways (associations,
//! propagations, AZ coverage), virtual private gateways, VPN and Direct Connect.

use super::*;

impl<'a, 't> Walker<'a, 't> {
    // ---------------------------------------------------------------- peering

    pub(super) fn via_peering(&mut self, p: usize, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        let pcx = &ix.topo.peering_connections[p];
        self.hop(
            &pcx.id,
            HopKind::PEERING_CONNECTION,
            format!("{} ↔ {}", pcx.requester_vpc_id, pcx.accepter_vpc_id),
        );
        let here = &ix.topo.vpcs[vpc].id;
        let (peer_id, peer_cidrs) = if &pcx.requester_vpc_id == here {
            (&pcx.accepter_vpc_id, &pcx.accepter_cidrs)
        } else {
            (&pcx.requester_vpc_id, &pcx.requester_cidrs)
        };
        let peer = ix.vpc.get(peer_id.as_str()).copied();
        let in_peer = match peer {
            Some(pv) => ix.vpc_contains(pv, self.pkt.dst),
            None => peer_cidrs.iter().any(|c| c.contains(&self.pkt.dst)),
        };
        self.admit(admission::peering(&self.pkt, origin, pcx, here, in_peer))?;
        let Some(pv) = peer else {
            return self.block(
                codes::UNKNOWN_DESTINATION,
                peer_id,
                format!("VPC {peer_id} is not part of this topology"),
            );
        };
        self.hop(
            peer_id,
            HopKind::VPC,
            format!("arrives in {peer_id} over {}", pcx.id),
        );
        self.entered_via = Some(pcx.id.clone());
        self.deliver_local(pv, Origin::Peering, None)
    }

    // ---------------------------------------------------------------- transit gateway

    pub(super) fn via_tgw(
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
                HopKind::TRANSIT_GATEWAY,
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
            self.hop(
                tgw,
                HopKind::TRANSIT_GATEWAY,
                format!("{vpc_id} is not attached"),
            );
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
                    HopKind::TRANSIT_GATEWAY_ATTACHMENT,
                    format!("has no subnet in {az}"),
                );
                return self.block(
                    codes::TGW_ROUTE_AZ_RESTRICTION,
                    &att.id,
                    format!("attachment {} has no subnet in {az}, so resources in {az} cannot reach the transit gateway (TGW-01)", att.id),
                );
            }
        }
        self.hop(
            &att.id,
            HopKind::TRANSIT_GATEWAY_ATTACHMENT,
            format!("{vpc_id} → {tgw}"),
        );
        self.tgw_ingress(tgw, &att.id)
    }

    /// A packet enters a TGW through an attachment: the attachment's associated route table decides.
    pub(super) fn tgw_ingress(&mut self, tgw: &str, att: &str) -> Step {
        let ix = self.ix;
        self.hop(
            tgw,
            HopKind::TRANSIT_GATEWAY,
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
        self.no_loop(Visit::TransitGatewayRouteTable(rtb), &rt.id, |_| {
            format!("the packet returns to {}: a routing loop", rt.id)
        })?;
        let Some((_, cands)) = ix.tgw_rtb_lpm[rtb].lookup(self.pkt.dst) else {
            self.hop(
                &rt.id,
                HopKind::TRANSIT_GATEWAY_ROUTE_TABLE,
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
                HopKind::TRANSIT_GATEWAY_ROUTE_TABLE,
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
            HopKind::TRANSIT_GATEWAY_ROUTE_TABLE,
            format!("{} matches {kind} route {} → {out}", self.pkt.dst, r.cidr),
        );
        self.tgw_egress(tgw, &out)
    }

    pub(super) fn tgw_egress(&mut self, tgw: &str, att_id: &str) -> Step {
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
        // TGW-02: the reply enters this transit gateway from this attachment, and is routed by its table.
        self.reply_routes.push(replies::ReplyRoute::Tgw {
            tgw: tgw.to_string(),
            att: att.id.clone(),
            to: self.pkt.src,
        });
        self.entered_via = Some(tgw.to_string());
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
                    HopKind::TRANSIT_GATEWAY_ATTACHMENT,
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
                                HopKind::VPC,
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
                        self.hop(&vpc_id, HopKind::VPC, format!("arrives in {vpc_id}"));
                        self.deliver_local(vpc, Origin::TransitGateway, None)
                    }
                }
            }
            TgwAttachmentKind::Vpn | TgwAttachmentKind::DirectConnectGateway => {
                self.hop(
                    &att.id,
                    HopKind::TRANSIT_GATEWAY_ATTACHMENT,
                    format!("{tgw} → {}", att.resource_id),
                );
                let kind = if att.kind == TgwAttachmentKind::Vpn {
                    HopKind::VPN_CONNECTION
                } else {
                    HopKind::DIRECT_CONNECT_GATEWAY
                };
                self.hop(
                    &att.resource_id,
                    kind,
                    "carries the packet to the on-premises network".into(),
                );
                self.hop(
                    "onprem",
                    HopKind::OnPrem,
                    format!("reaches {} on premises", self.pkt.dst),
                );
                self.accept()
            }
            TgwAttachmentKind::Peering => {
                self.hop(
                    &att.id,
                    HopKind::TRANSIT_GATEWAY_ATTACHMENT,
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

    pub(super) fn via_vgw(&mut self, g: usize, origin: Origin, propagated: bool) -> Step {
        let ix = self.ix;
        let vgw = &ix.topo.vpn_gateways[g];
        self.hop(
            &vgw.id,
            HopKind::VPN_GATEWAY,
            "virtual private gateway".into(),
        );
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
                HopKind::VPN_CONNECTION
            } else {
                HopKind::DIRECT_CONNECT_GATEWAY
            };
            self.hop(
                &conn,
                kind,
                "carries the packet to the on-premises network".into(),
            );
        }
        self.hop(
            "onprem",
            HopKind::OnPrem,
            format!("reaches {} on premises", self.pkt.dst),
        );
        self.accept()
    }

    pub(super) fn start_onprem(&mut self, ip: IpAddr) -> Step {
        let ix = self.ix;
        let t = ix.topo;
        self.hop(
            "onprem",
            HopKind::OnPrem,
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
                HopKind::VPN_CONNECTION,
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
            self.hop(
                &d.id,
                HopKind::DIRECT_CONNECT_GATEWAY,
                "Direct Connect".into(),
            );
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
                        HopKind::TRANSIT_GATEWAY_ATTACHMENT,
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
            self.hop(&v.id, HopKind::VPN_CONNECTION, "Site-to-Site VPN".into());
            return self.vpn_into_aws(v);
        }
        self.block(
            codes::VPCLAB_NO_ONPREM_CONNECTION,
            "onprem",
            format!("no VPN connection or Direct Connect gateway announces or reaches {ip}"),
        )
    }

    pub(super) fn vpn_into_aws(&mut self, v: &'t VpnConnection) -> Step {
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
                    HopKind::TRANSIT_GATEWAY_ATTACHMENT,
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

    pub(super) fn vgw_ingress(&mut self, g: usize) -> Step {
        let ix = self.ix;
        let vgw = &ix.topo.vpn_gateways[g];
        let Some(vpc) = vgw.vpc_id.as_deref().and_then(|v| ix.vpc.get(v)).copied() else {
            self.hop(
                &vgw.id,
                HopKind::VPN_GATEWAY,
                "not attached to a VPC".into(),
            );
            return self.block(
                codes::BAD_STATE_ATTACHMENT,
                &vgw.id,
                format!("{} is not attached to a VPC", vgw.id),
            );
        };
        self.hop(
            &vgw.id,
            HopKind::VPN_GATEWAY,
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
        self.entered_via = Some(id.clone());
        self.enter_from_gateway(&id, vpc, Origin::Vpn)
    }
}
