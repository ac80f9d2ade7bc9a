//! The way back (RT-13, TGW-02): a connection opens only when its reply can be routed to the client. Every hop
//! where AWS routes the reply on its own is recorded on the way out ([`ReplyRoute`]) and checked once the request
//! has arrived: the route table of the subnet the reply leaves (it needs a route to the client, through a gateway
//! that leads back), and the transit gateway route table associated with each attachment the reply enters by.

use super::*;

/// A point where the reply is routed independently of the request.
#[derive(Debug, Clone)]
pub(super) enum ReplyRoute {
    /// The reply leaves `subnet` (of `vpc`) for `to`; the request entered the VPC through `via` (an IGW, peering
    /// connection, transit gateway or VGW id) from `origin`.
    Subnet {
        subnet: usize,
        vpc: usize,
        to: IpAddr,
        via: String,
        origin: Origin,
    },
    /// The reply enters transit gateway `tgw` from attachment `att`: the table associated with `att` routes it.
    Tgw {
        tgw: String,
        att: String,
        to: IpAddr,
    },
}

impl<'a, 't> Walker<'a, 't> {
    /// Record that the request arrived in `subnet` from outside its VPC: the reply to its source is routed there.
    pub(super) fn expect_reply_from_subnet(&mut self, subnet: usize, vpc: usize, origin: Origin) {
        if origin == Origin::Local {
            return;
        }
        if let Some(via) = self.entered_via.clone() {
            self.reply_routes.push(ReplyRoute::Subnet {
                subnet,
                vpc,
                to: self.pkt.src,
                via,
                origin,
            });
        }
    }

    /// Check every recorded reply hop, in the order the reply meets them (the reverse of the request's).
    pub(super) fn check_reply_routes(&mut self) {
        let checks: Vec<ReplyRoute> = std::mem::take(&mut self.reply_routes);
        for check in checks.into_iter().rev() {
            let outcome = match check {
                ReplyRoute::Subnet {
                    subnet,
                    vpc,
                    to,
                    via,
                    origin,
                } => self.reply_from_subnet(subnet, vpc, to, &via, origin),
                ReplyRoute::Tgw { tgw, att, to } => self.reply_into_tgw(&tgw, &att, to),
            };
            if outcome.is_err() {
                self.reachable = false;
                return;
            }
        }
    }

    fn reply_from_subnet(
        &mut self,
        subnet: usize,
        vpc: usize,
        to: IpAddr,
        via: &str,
        origin: Origin,
    ) -> Step {
        let ix = self.ix;
        let s = &ix.topo.subnets[subnet];
        let Some(rtb) = ix.subnet_rtb[subnet] else {
            return self.block(
                codes::NO_ROUTE_TO_DESTINATION,
                &s.id,
                format!(
                    "subnet {} has no route table, so the reply to {to} cannot be routed back (RT-13)",
                    s.id
                ),
            );
        };
        let rt = &ix.topo.route_tables[rtb];
        let Some((_, cands)) = ix.rtb_lpm[rtb].lookup(to) else {
            self.hop(
                &rt.id,
                HopKind::ROUTE_TABLE,
                format!("reply to {to}: no route matches"),
            );
            return self.block(
                codes::NO_ROUTE_TO_DESTINATION,
                &rt.id,
                format!(
                    "route table {} has no route back to {to}: the request arrived over {via}, but a connection opens only when its reply can be routed back (RT-13)",
                    rt.id
                ),
            );
        };
        let routes = &ix.rtb_routes[rtb];
        let mut best: Vec<usize> = cands.to_vec();
        best.sort_by_key(|&i| (routes[i].rank(), i));
        let route = &routes[best[0]];
        let target = route.target.as_str();
        if route.state == RouteState::Blackhole {
            self.hop(
                &rt.id,
                HopKind::ROUTE_TABLE,
                format!("reply to {to}: blackhole route → {target}"),
            );
            return self.block(
                codes::BAD_STATE_ROUTE,
                &rt.id,
                format!(
                    "the reply to {to} matches a blackhole route in {} (RT-13)",
                    rt.id
                ),
            );
        }
        if target == via {
            return Ok(());
        }
        match TargetKind::of(target) {
            TargetKind::EgressOnlyInternetGateway if origin == Origin::Internet => {
                self.hop(
                    &rt.id,
                    HopKind::ROUTE_TABLE,
                    format!("reply to {to} → {target}"),
                );
                self.block(
                    codes::VPCLAB_EGRESS_ONLY_INBOUND,
                    target,
                    format!(
                        "the reply to {to} is routed to egress-only internet gateway {target}, which passes only connections started inside the VPC: a connection from the internet cannot open (IGW-04)"
                    ),
                )
            }
            TargetKind::PeeringConnection => {
                let leads_back = ix.peering.get(target).is_some_and(|&p| {
                    let pcx = &ix.topo.peering_connections[p];
                    let here = &ix.topo.vpcs[vpc].id;
                    let (peer_id, cidrs) = if &pcx.requester_vpc_id == here {
                        (&pcx.accepter_vpc_id, &pcx.accepter_cidrs)
                    } else {
                        (&pcx.requester_vpc_id, &pcx.requester_cidrs)
                    };
                    pcx.is_active()
                        && match ix.vpc.get(peer_id.as_str()) {
                            Some(&pv) => ix.vpc_contains(pv, to),
                            None => cidrs.iter().any(|c| c.contains(&to)),
                        }
                });
                if leads_back {
                    self.asymmetric(&rt.id, to, target, via);
                    return Ok(());
                }
                self.hop(
                    &rt.id,
                    HopKind::ROUTE_TABLE,
                    format!("reply to {to} → {target}"),
                );
                self.block(
                    codes::PCX_REQUIRES_ADDRESS_IN_VPC_CIDR,
                    target,
                    format!(
                        "the reply to {to} is routed to {target}, whose peer VPC does not hold {to} (PCX-04, RT-13)"
                    ),
                )
            }
            TargetKind::Local => Ok(()),
            _ => {
                self.asymmetric(&rt.id, to, target, via);
                Ok(())
            }
        }
    }

    fn asymmetric(&mut self, rtb: &str, to: IpAddr, target: &str, via: &str) {
        self.advise(
            codes::VPCLAB_ASYMMETRIC_REPLY,
            format!(
                "{rtb} routes the reply to {to} through {target}, not back through {via}: the path is asymmetric; VPC Lab does not follow the reply further (RT-13)"
            ),
        );
    }

    fn reply_into_tgw(&mut self, tgw: &str, att: &str, to: IpAddr) -> Step {
        let ix = self.ix;
        let Some(&rtb) = ix.tgw_assoc.get(&(tgw, att)) else {
            self.hop(
                att,
                HopKind::TRANSIT_GATEWAY_ATTACHMENT,
                format!("reply to {to} enters {tgw}"),
            );
            return self.block(
                codes::TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION,
                att,
                format!(
                    "the reply to {to} enters {tgw} from {att}, which is associated with no route table, so it is dropped (TGW-02)"
                ),
            );
        };
        let rt = &ix.topo.transit_gateway_route_tables[rtb];
        let Some((_, cands)) = ix.tgw_rtb_lpm[rtb].lookup(to) else {
            self.hop(
                &rt.id,
                HopKind::TRANSIT_GATEWAY_ROUTE_TABLE,
                format!("reply to {to}: no route matches"),
            );
            return self.block(
                codes::TGW_RTB_CANNOT_ROUTE,
                &rt.id,
                format!(
                    "the reply to {to} enters {tgw} from {att}; the route table associated with {att}, {}, has no route back to {to} (TGW-02)",
                    rt.id
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
                format!("reply to {to}: blackhole route {}", r.cidr),
            );
            return self.block(
                codes::TGW_RTB_BAD_STATE_ROUTE,
                &rt.id,
                format!(
                    "the reply to {to} matches blackhole route {} in {} (TGW-02)",
                    r.cidr, rt.id
                ),
            );
        }
        Ok(())
    }
}
