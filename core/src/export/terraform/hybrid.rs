//! Peering, transit gateways, VPNs, and what the provider cannot create (as comments).

use super::*;

impl Writer<'_> {
    pub(super) fn peering(&mut self) {
        let t = self.t;
        for p in &t.peering_connections {
            let name = self.named(&p.id);
            let mut body = vec![
                Item::Attr("vpc_id".into(), self.id_of(&p.requester_vpc_id)),
                Item::Attr("peer_vpc_id".into(), self.id_of(&p.accepter_vpc_id)),
            ];
            let region_of = |id: &str| {
                t.vpcs
                    .iter()
                    .find(|v| v.id == id)
                    .and_then(|v| t.vpc_region(v))
            };
            let requester = p
                .requester_region
                .clone()
                .or_else(|| region_of(&p.requester_vpc_id));
            let accepter = p
                .accepter_region
                .clone()
                .or_else(|| region_of(&p.accepter_vpc_id));
            match (&requester, &accepter) {
                (Some(a), Some(b)) if a != b => body.push(Item::Attr("peer_region".into(), q(b))),
                _ => body.push(Item::Attr("auto_accept".into(), "true".into())),
            }
            // PCX-05: each side's "allow DNS resolution from the remote VPC" option.
            for (side, on) in [
                ("requester", p.requester_dns_resolution),
                ("accepter", p.accepter_dns_resolution),
            ] {
                if on {
                    body.push(Item::Block(
                        side.into(),
                        vec![Item::Attr(
                            "allow_remote_vpc_dns_resolution".into(),
                            "true".into(),
                        )],
                    ));
                }
            }
            body.push(Self::tags(&None, &p.id));
            self.resource("aws_vpc_peering_connection", &name, body);
        }
    }

    pub(super) fn transit(&mut self) {
        let t = self.t;
        for g in &t.transit_gateways {
            let name = self.named(&g.id);
            let mut body = vec![
                Item::Comment(
                    "route tables, associations and propagations are explicit below".into(),
                ),
                Item::Attr("default_route_table_association".into(), q("disable")),
                Item::Attr("default_route_table_propagation".into(), q("disable")),
            ];
            body.push(Self::tags(&None, &g.id));
            self.resource("aws_ec2_transit_gateway", &name, body);
        }
        for a in &t.transit_gateway_attachments {
            if a.kind != TgwAttachmentKind::Vpc {
                continue; // VPN: the VPN connection; others: `unsupported`
            }
            let name = self.named(&a.id);
            let body = vec![
                Item::Attr(
                    "transit_gateway_id".into(),
                    self.id_of(&a.transit_gateway_id),
                ),
                Item::Attr("vpc_id".into(), self.id_of(&a.resource_id)),
                Item::Attr("subnet_ids".into(), self.ids(&a.subnet_ids)),
                Self::tags(&None, &a.id),
            ];
            self.resource("aws_ec2_transit_gateway_vpc_attachment", &name, body);
        }
        for rt in &t.transit_gateway_route_tables {
            let name = self.named(&rt.id);
            let body = vec![
                Item::Attr(
                    "transit_gateway_id".into(),
                    self.id_of(&rt.transit_gateway_id),
                ),
                Self::tags(&None, &rt.id),
            ];
            self.resource("aws_ec2_transit_gateway_route_table", &name, body);
            let table = self.id_of(&rt.id);
            for (what, ids) in [
                ("association", &rt.associations),
                ("propagation", &rt.propagations),
            ] {
                for a in ids {
                    let attachment = self.attachment(a);
                    let n = format!("{name}_{}", ident(a));
                    self.extra(
                        &format!("aws_ec2_transit_gateway_route_table_{what}"),
                        &n,
                        vec![
                            Item::Attr("transit_gateway_attachment_id".into(), attachment),
                            Item::Attr("transit_gateway_route_table_id".into(), table.clone()),
                        ],
                    );
                }
            }
            for (k, r) in rt.routes.iter().enumerate().filter(|(_, r)| !r.propagated) {
                let mut body = vec![
                    Item::Attr("destination_cidr_block".into(), q(&r.cidr.to_string())),
                    Item::Attr("transit_gateway_route_table_id".into(), table.clone()),
                ];
                match r.attachment_ids.first() {
                    Some(a) if r.state == RouteState::Active => {
                        let attachment = self.attachment(a);
                        body.insert(
                            1,
                            Item::Attr("transit_gateway_attachment_id".into(), attachment),
                        );
                    }
                    _ => body.insert(1, Item::Attr("blackhole".into(), "true".into())),
                }
                self.extra(
                    "aws_ec2_transit_gateway_route",
                    &format!("{name}_{}", k + 1),
                    body,
                );
            }
        }
    }

    pub(super) fn vpn(&mut self) {
        let t = self.t;
        for g in &t.vpn_gateways {
            let name = self.named(&g.id);
            let mut body = Vec::new();
            if let Some(v) = &g.vpc_id {
                body.push(Item::Attr("vpc_id".into(), self.id_of(v)));
            }
            if let Some(asn) = g.asn {
                body.push(Item::Attr("amazon_side_asn".into(), asn.to_string()));
            }
            body.push(Self::tags(&None, &g.id));
            self.resource("aws_vpn_gateway", &name, body);
        }
        for c in &t.customer_gateways {
            let name = self.named(&c.id);
            let mut body = vec![Item::Attr(
                "bgp_asn".into(),
                c.bgp_asn.unwrap_or(65000).to_string(),
            )];
            if let Some(ip) = c.ip_address {
                body.push(Item::Attr("ip_address".into(), q(&ip.to_string())));
            }
            body.push(Item::Attr("type".into(), q("ipsec.1")));
            body.push(Self::tags(&None, &c.id));
            self.resource("aws_customer_gateway", &name, body);
        }
        for v in &t.vpn_connections {
            let name = self.named(&v.id);
            let mut body = Vec::new();
            if let Some(c) = &v.customer_gateway_id {
                body.push(Item::Attr("customer_gateway_id".into(), self.id_of(c)));
            }
            if let Some(g) = &v.vpn_gateway_id {
                body.push(Item::Attr("vpn_gateway_id".into(), self.id_of(g)));
            } else if let Some(g) = &v.transit_gateway_id {
                body.push(Item::Attr("transit_gateway_id".into(), self.id_of(g)));
            }
            body.push(Item::Attr("type".into(), q("ipsec.1")));
            body.push(Item::Attr(
                "static_routes_only".into(),
                v.static_routes_only.to_string(),
            ));
            body.push(Self::tags(&None, &v.id));
            self.resource("aws_vpn_connection", &name, body);
            if v.vpn_gateway_id.is_some() {
                for (k, r) in v.static_routes.iter().enumerate() {
                    self.extra(
                        "aws_vpn_connection_route",
                        &format!("{name}_{}", k + 1),
                        vec![
                            Item::Attr("destination_cidr_block".into(), q(&r.to_string())),
                            Item::Attr(
                                "vpn_connection_id".into(),
                                format!("aws_vpn_connection.{name}.id"),
                            ),
                        ],
                    );
                }
            }
        }
    }

    pub(super) fn unsupported(&mut self) {
        let t = self.t;
        let mut notes = Vec::new();
        for n in t.nat_gateways.iter().filter(|n| n.subnet_id.is_none()) {
            notes.push(format!(
                "{}: a regional NAT gateway (no subnet) — add it by hand for your provider version",
                n.id
            ));
        }
        for a in &t.transit_gateway_attachments {
            match a.kind {
                TgwAttachmentKind::Vpc => {}
                TgwAttachmentKind::Vpn
                    if t.vpn_connections.iter().any(|v| v.id == a.resource_id) => {}
                kind => notes.push(format!(
                    "{}: a {kind:?} attachment of {} to {}",
                    a.id, a.transit_gateway_id, a.resource_id
                )),
            }
        }
        for d in &t.direct_connect_gateways {
            notes.push(format!(
                "{}: a Direct Connect gateway (aws_dx_gateway and its associations)",
                d.id
            ));
        }
        for r in &t.service_resources {
            notes.push(format!(
                "{} `{}`: an AWS service resource with its policy",
                r.service, r.name
            ));
        }
        if !notes.is_empty() {
            let mut text = String::from("Not exported (outside what this export writes):\n");
            for n in notes {
                let _ = writeln!(text, "- {n}");
            }
            self.out.push(Item::Comment(text));
        }
    }
}
