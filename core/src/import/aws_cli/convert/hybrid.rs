//! Peering connections, transit gateways (attachments, route tables, propagations, static routes) and VPNs.

use super::*;

/// Every transit-gateway output of the snapshot.
pub(super) struct TgwInput {
    pub tgws: Vec<Item<dto::TransitGateway>>,
    pub attachments: Vec<Item<dto::TransitGatewayAttachment>>,
    pub vpc_attachments: Vec<Item<dto::TransitGatewayAttachment>>,
    pub tables: Vec<Item<dto::TransitGatewayRouteTable>>,
    pub associations: Vec<Item<dto::TgwTableAssociation>>,
    pub propagations: Vec<Item<dto::TgwTablePropagations>>,
    pub static_routes: Vec<Item<dto::TgwTableRoutes>>,
}

impl Cx<'_> {
    pub(super) fn peering(
        &mut self,
        id: String,
        item: Item<dto::VpcPeeringConnection>,
    ) -> Option<PeeringConnection> {
        let p = item.v;
        let doc = item.doc;
        let status = p
            .status
            .as_ref()
            .and_then(|s| non_empty(&s.code))
            .map(str::to_string);
        // Deleted, rejected, failed and expired connections never carry traffic and AWS lists them only for a
        // while; a route still naming one is a blackhole route anyway.
        if let Some(s) = &status {
            if matches!(
                norm(s).as_str(),
                "deleted" | "deleting" | "rejected" | "failed" | "expired"
            ) {
                self.inactive("peering connection", &id, s, doc);
                return None;
            }
        }
        let req = p.requester_vpc_info.unwrap_or_default();
        let acc = p.accepter_vpc_info.unwrap_or_default();
        let (Some(requester_vpc_id), Some(accepter_vpc_id)) = (
            non_empty(&req.vpc_id).map(str::to_string),
            non_empty(&acc.vpc_id).map(str::to_string),
        ) else {
            self.missing(&id, "RequesterVpcInfo.VpcId / AccepterVpcInfo.VpcId", doc);
            return None;
        };
        let requester_cidrs = self.peer_cidrs(&id, "RequesterVpcInfo", &req, doc);
        let accepter_cidrs = self.peer_cidrs(&id, "AccepterVpcInfo", &acc, doc);
        Some(PeeringConnection {
            requester_vpc_id,
            accepter_vpc_id,
            requester_cidrs,
            accepter_cidrs,
            requester_region: non_empty(&req.region).map(str::to_string),
            accepter_region: non_empty(&acc.region).map(str::to_string),
            status: status.map(|s| s.to_ascii_lowercase()),
            requester_dns_resolution: dns_option(&req),
            accepter_dns_resolution: dns_option(&acc),
            id,
        })
    }

    pub(super) fn peer_cidrs(
        &mut self,
        id: &str,
        side: &str,
        info: &dto::PeeringVpcInfo,
        doc: usize,
    ) -> Vec<IpNet> {
        let mut out = Vec::new();
        if let Some(n) = self.cidr(
            info.cidr_block.as_deref(),
            id,
            &format!("{side}.CidrBlock"),
            doc,
        ) {
            out.push(n);
        }
        for (i, c) in info.cidr_block_set.iter().flatten().enumerate() {
            if let Some(n) = self.cidr(
                c.cidr_block.as_deref(),
                id,
                &format!("{side}.CidrBlockSet[{i}]"),
                doc,
            ) {
                push_unique(&mut out, n);
            }
        }
        for (i, c) in info.ipv6_cidr_block_set.iter().flatten().enumerate() {
            if let Some(n) = self.cidr(
                c.ipv6_cidr_block.as_deref(),
                id,
                &format!("{side}.Ipv6CidrBlockSet[{i}]"),
                doc,
            ) {
                push_unique(&mut out, n);
            }
        }
        out
    }

    // ------------------------------------------------------------------------------------------------------------
    // Transit gateways

    #[allow(clippy::too_many_arguments)]
    pub(super) fn transit_gateways(&mut self, t: &mut Topology, input: TgwInput) {
        let TgwInput {
            tgws,
            attachments,
            vpc_attachments,
            tables,
            associations: table_associations,
            propagations,
            static_routes,
        } = input;
        for (id, item) in self.dedup(tgws, "TransitGateways", "TransitGatewayId", |g| {
            g.transit_gateway_id.as_deref()
        }) {
            let g = item.v;
            if let Some(s) = non_empty(&g.state) {
                if matches!(norm(s).as_str(), "deleted" | "deleting") {
                    self.inactive("transit gateway", &id, s, item.doc);
                    continue;
                }
            }
            let region = g
                .transit_gateway_arn
                .as_deref()
                .and_then(|arn| arn.split(':').nth(3))
                .filter(|r| looks_like_region(r))
                .map(str::to_string)
                .or_else(|| self.infos.get(item.doc).and_then(|i| i.region.clone()))
                .or_else(|| t.region.clone());
            t.transit_gateways.push(TransitGateway {
                region,
                default_route_table_id: g
                    .options
                    .as_ref()
                    .and_then(|o| non_empty(&o.association_default_route_table_id))
                    .map(str::to_string),
                id,
            });
        }

        // Attachments: the generic listing and the VPC listing describe the same ids; merge them.
        let mut out: Vec<TgwAttachment> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut dropped: HashSet<String> = HashSet::new();
        let mut associations: Vec<(String, String, String)> = Vec::new(); // (table, attachment, tgw)
        let generic = self.dedup(
            attachments,
            "TransitGatewayAttachments",
            "TransitGatewayAttachmentId",
            |a| a.transit_gateway_attachment_id.as_deref(),
        );
        let vpc = self.dedup(
            vpc_attachments,
            "TransitGatewayVpcAttachments",
            "TransitGatewayAttachmentId",
            |a| a.transit_gateway_attachment_id.as_deref(),
        );
        for (is_vpc_listing, (id, item)) in generic
            .into_iter()
            .map(|x| (false, x))
            .chain(vpc.into_iter().map(|x| (true, x)))
        {
            let a = item.v;
            let doc = item.doc;
            if dropped.contains(&id) {
                continue;
            }
            if let Some(s) = non_empty(&a.state) {
                if matches!(
                    norm(s).as_str(),
                    "deleted" | "deleting" | "failed" | "failing" | "rejected" | "rejecting"
                ) {
                    self.inactive("transit gateway attachment", &id, s, doc);
                    dropped.insert(id.clone());
                    if let Some(&i) = index.get(&id) {
                        out.remove(i);
                        index = out
                            .iter()
                            .enumerate()
                            .map(|(i, a)| (a.id.clone(), i))
                            .collect();
                    }
                    continue;
                }
            }
            let kind = if is_vpc_listing {
                Some(TgwAttachmentKind::Vpc)
            } else {
                match a.resource_type.as_deref().map(norm).as_deref() {
                    Some("vpc") | None => Some(TgwAttachmentKind::Vpc),
                    Some("vpn") => Some(TgwAttachmentKind::Vpn),
                    Some("directconnectgateway") => Some(TgwAttachmentKind::DirectConnectGateway),
                    Some("peering" | "tgwpeering") => Some(TgwAttachmentKind::Peering),
                    Some("connect") => Some(TgwAttachmentKind::Connect),
                    Some(_) => None,
                }
            };
            let Some(kind) = kind else {
                let label = self.label(doc).to_string();
                let rt = a.resource_type.clone().unwrap_or_default();
                self.warn(codes::UNSUPPORTED, &id, "ResourceType", format!("transit gateway attachment `{id}` in `{label}` is of type `{rt}`, which VPC Lab does not model; left out"));
                continue;
            };
            let tgw = non_empty(&a.transit_gateway_id)
                .map(str::to_string)
                .unwrap_or_default();
            let resource = non_empty(&a.resource_id)
                .or(non_empty(&a.vpc_id))
                .map(str::to_string)
                .unwrap_or_default();
            if let Some(assoc) = &a.association {
                let live = !matches!(
                    assoc.state.as_deref().map(norm).as_deref(),
                    Some("disassociated" | "disassociating")
                );
                if let (true, Some(table)) =
                    (live, non_empty(&assoc.transit_gateway_route_table_id))
                {
                    associations.push((table.to_string(), id.clone(), tgw.clone()));
                }
            }
            let state = non_empty(&a.state).map(|s| s.to_string());
            match index.get(&id).and_then(|&i| out.get_mut(i)) {
                Some(existing) => {
                    if existing.transit_gateway_id.is_empty() {
                        existing.transit_gateway_id = tgw;
                    }
                    if existing.resource_id.is_empty() {
                        existing.resource_id = resource;
                    }
                    for s in a.subnet_ids.iter().flatten() {
                        push_unique(&mut existing.subnet_ids, s.clone());
                    }
                    existing.state = existing.state.take().or(state);
                }
                None => {
                    index.insert(id.clone(), out.len());
                    out.push(TgwAttachment {
                        transit_gateway_id: tgw,
                        kind,
                        resource_id: resource,
                        subnet_ids: a.subnet_ids.unwrap_or_default(),
                        state,
                        id,
                    });
                }
            }
        }
        t.transit_gateway_attachments = out;

        // Route tables, then their associations (from the attachments), propagations and static routes.
        let mut tables_out: Vec<TgwRouteTable> = Vec::new();
        let mut tindex: HashMap<String, usize> = HashMap::new();
        for (id, item) in self.dedup(
            tables,
            "TransitGatewayRouteTables",
            "TransitGatewayRouteTableId",
            |r| r.transit_gateway_route_table_id.as_deref(),
        ) {
            if let Some(s) = non_empty(&item.v.state) {
                if matches!(norm(s).as_str(), "deleted" | "deleting") {
                    self.inactive("transit gateway route table", &id, s, item.doc);
                    continue;
                }
            }
            tindex.insert(id.clone(), tables_out.len());
            tables_out.push(TgwRouteTable {
                transit_gateway_id: non_empty(&item.v.transit_gateway_id)
                    .map(str::to_string)
                    .unwrap_or_default(),
                id,
                ..TgwRouteTable::default()
            });
        }
        let mut table = |id: &str, tgw: &str, tables_out: &mut Vec<TgwRouteTable>| -> usize {
            *tindex.entry(id.to_string()).or_insert_with(|| {
                tables_out.push(TgwRouteTable {
                    id: id.to_string(),
                    transit_gateway_id: tgw.to_string(),
                    ..TgwRouteTable::default()
                });
                tables_out.len() - 1
            })
        };
        // Outputs of get-transit-gateway-route-table-* and search-transit-gateway-routes do not name their table
        // (it is the command's argument): when neither the document nor its path does, the snapshot's only
        // table is theirs, and a warning says so.
        let sole_table = match tables_out.as_slice() {
            [only] => Some(only.id.clone()),
            _ => None,
        };
        let table_count = tables_out.len();
        let mut warned: HashSet<(usize, &'static str)> = HashSet::new();
        let mut owner_of = |cx: &mut Self,
                            what: &'static str,
                            doc: usize,
                            named: Option<String>| {
            if named.is_some() {
                return named;
            }
            let label = cx.label(doc).to_string();
            let first = warned.insert((doc, what));
            match &sole_table {
                Some(only) => {
                    if first {
                        cx.warn(
                            codes::DANGLING,
                            &label,
                            "TransitGatewayRouteTableId",
                            format!("{what} in `{label}` do not say which route table they belong to; taken as the snapshot's only transit gateway route table, `{only}`"),
                        );
                    }
                    Some(only.clone())
                }
                None => {
                    if first {
                        cx.warn(
                            codes::DANGLING,
                            &label,
                            "TransitGatewayRouteTableId",
                            format!("{what} in `{label}` do not say which route table they belong to, and the snapshot has {table_count} transit gateway route tables, not one (put `TransitGatewayRouteTableId` next to them, or the `tgw-rtb-…` id in the file name); ignored"),
                        );
                    }
                    None
                }
            }
        };
        for (rtb, attachment, tgw) in associations {
            let i = table(&rtb, &tgw, &mut tables_out);
            if let Some(tb) = tables_out.get_mut(i) {
                push_unique(&mut tb.associations, attachment);
            }
        }
        for item in table_associations {
            let named = item.owner.clone();
            let Some(rtb) = owner_of(
                self,
                "transit gateway route-table associations",
                item.doc,
                named,
            ) else {
                continue;
            };
            let a = item.v;
            let live = !matches!(
                a.state.as_deref().map(norm).as_deref(),
                Some("disassociated" | "disassociating")
            );
            let Some(attachment) = non_empty(&a.transit_gateway_attachment_id) else {
                self.missing(&rtb, "Associations[].TransitGatewayAttachmentId", item.doc);
                continue;
            };
            if !live {
                continue;
            }
            let i = table(&rtb, "", &mut tables_out);
            if let Some(tb) = tables_out.get_mut(i) {
                push_unique(&mut tb.associations, attachment.to_string());
            }
        }
        for item in propagations {
            let named = non_empty(&item.v.transit_gateway_route_table_id)
                .map(str::to_string)
                .or(item.owner.clone());
            let Some(rtb) = owner_of(
                self,
                "transit gateway route-table propagations",
                item.doc,
                named,
            ) else {
                continue;
            };
            let tgw = String::new();
            let i = table(&rtb, &tgw, &mut tables_out);
            for p in item
                .v
                .transit_gateway_route_table_propagations
                .iter()
                .flatten()
            {
                let enabled = !matches!(
                    p.state.as_deref().map(norm).as_deref(),
                    Some("disabled" | "disabling")
                );
                if let (true, Some(a), Some(tb)) = (
                    enabled,
                    non_empty(&p.transit_gateway_attachment_id),
                    tables_out.get_mut(i),
                ) {
                    push_unique(&mut tb.propagations, a.to_string());
                }
            }
        }
        for (n, item) in static_routes.into_iter().enumerate() {
            let doc = item.doc;
            let named = non_empty(&item.v.transit_gateway_route_table_id)
                .map(str::to_string)
                .or(item.owner.clone());
            let Some(rtb) = owner_of(self, "transit gateway routes", doc, named) else {
                continue;
            };
            let tgw = String::new();
            let i = table(&rtb, &tgw, &mut tables_out);
            let label = self.label(doc).to_string();
            for (j, raw) in item.v.routes.iter().flatten().enumerate() {
                let at = At {
                    label: &label,
                    path: format!("TransitGatewayStaticRoutes[{n}].Routes[{j}]"),
                };
                let Some(r) = read_item::<dto::TgwRoute>(raw, &at, self.diags) else {
                    continue;
                };
                if let Some(route) = self.tgw_route(&rtb, j, r, doc) {
                    if let Some(tb) = tables_out.get_mut(i) {
                        tb.routes.push(route);
                    }
                }
            }
        }
        // A table known only from an association or a file of routes takes its TGW from its attachments.
        for tb in &mut tables_out {
            if tb.transit_gateway_id.is_empty() {
                if let Some(a) = t
                    .transit_gateway_attachments
                    .iter()
                    .find(|a| tb.associations.contains(&a.id) || tb.propagations.contains(&a.id))
                {
                    tb.transit_gateway_id = a.transit_gateway_id.clone();
                }
            }
        }
        t.transit_gateway_route_tables = tables_out;
    }

    pub(super) fn tgw_route(
        &mut self,
        rtb: &str,
        j: usize,
        r: dto::TgwRoute,
        doc: usize,
    ) -> Option<TgwRoute> {
        let field = format!("Routes[{j}]");
        if let Some(s) = non_empty(&r.state) {
            if matches!(norm(s).as_str(), "deleted" | "deleting") {
                return None;
            }
        }
        let Some(c) = non_empty(&r.destination_cidr_block) else {
            let label = self.label(doc).to_string();
            let what = match non_empty(&r.prefix_list_id) {
                Some(pl) => format!("a route of `{rtb}` in `{label}` goes to prefix list `{pl}`, which transit gateway routes in VPC Lab cannot name; skipped"),
                None => format!("a route of `{rtb}` in `{label}` has no `DestinationCidrBlock`; skipped"),
            };
            self.warn(codes::UNSUPPORTED, rtb, field, what);
            return None;
        };
        let cidr = self.cidr(Some(c), rtb, &format!("{field}.DestinationCidrBlock"), doc)?;
        let blackhole = r.state.as_deref().map(norm).as_deref() == Some("blackhole");
        let attachment_ids = if blackhole {
            Vec::new()
        } else {
            r.transit_gateway_attachments
                .iter()
                .flatten()
                .filter_map(|a| non_empty(&a.transit_gateway_attachment_id).map(str::to_string))
                .collect()
        };
        Some(TgwRoute {
            cidr,
            attachment_ids,
            state: if blackhole {
                RouteState::Blackhole
            } else {
                RouteState::Active
            },
            propagated: r.r#type.as_deref().map(norm).as_deref() == Some("propagated"),
        })
    }

    // ------------------------------------------------------------------------------------------------------------
    // VPN

    pub(super) fn vpn(
        &mut self,
        t: &mut Topology,
        vgws: Vec<Item<dto::VpnGateway>>,
        cgws: Vec<Item<dto::CustomerGateway>>,
        vpns: Vec<Item<dto::VpnConnection>>,
    ) {
        for (id, item) in self.dedup(vgws, "VpnGateways", "VpnGatewayId", |g| {
            g.vpn_gateway_id.as_deref()
        }) {
            let g = item.v;
            if let Some(s) = non_empty(&g.state) {
                if matches!(norm(s).as_str(), "deleted" | "deleting") {
                    self.inactive("virtual private gateway", &id, s, item.doc);
                    continue;
                }
            }
            let vpc_id = g
                .vpc_attachments
                .iter()
                .flatten()
                .find(|a| {
                    matches!(
                        a.state.as_deref().map(norm).as_deref(),
                        None | Some("attached")
                    )
                })
                .and_then(|a| non_empty(&a.vpc_id))
                .map(str::to_string);
            t.vpn_gateways.push(VpnGateway {
                vpc_id,
                asn: g.amazon_side_asn,
                id,
            });
        }
        for (id, item) in self.dedup(cgws, "CustomerGateways", "CustomerGatewayId", |g| {
            g.customer_gateway_id.as_deref()
        }) {
            let g = item.v;
            if let Some(s) = non_empty(&g.state) {
                if matches!(norm(s).as_str(), "deleted" | "deleting") {
                    self.inactive("customer gateway", &id, s, item.doc);
                    continue;
                }
            }
            let ip_address = self.ipv4(g.ip_address.as_deref(), &id, "IpAddress", item.doc);
            t.customer_gateways.push(CustomerGateway {
                ip_address,
                bgp_asn: g.bgp_asn_extended.or(g.bgp_asn),
                id,
            });
        }
        for (id, item) in self.dedup(vpns, "VpnConnections", "VpnConnectionId", |v| {
            v.vpn_connection_id.as_deref()
        }) {
            let v = item.v;
            let doc = item.doc;
            let state = non_empty(&v.state).map(str::to_string);
            if let Some(s) = &state {
                if matches!(norm(s).as_str(), "deleted" | "deleting") {
                    self.inactive("VPN connection", &id, s, doc);
                    continue;
                }
            }
            let mut static_routes = Vec::new();
            for (i, r) in v.routes.iter().flatten().enumerate() {
                if matches!(
                    r.state.as_deref().map(norm).as_deref(),
                    Some("deleted" | "deleting")
                ) {
                    continue;
                }
                if let Some(n) = self.cidr(
                    r.destination_cidr_block.as_deref(),
                    &id,
                    &format!("Routes[{i}].DestinationCidrBlock"),
                    doc,
                ) {
                    push_unique(&mut static_routes, n);
                }
            }
            let options = v.options.unwrap_or_default();
            let mut tunnel_outside_ips = Vec::new();
            let telemetry = v
                .vgw_telemetry
                .iter()
                .flatten()
                .map(|x| ("VgwTelemetry", &x.outside_ip_address));
            let tunnels = options
                .tunnel_options
                .iter()
                .flatten()
                .map(|x| ("Options.TunnelOptions", &x.outside_ip_address));
            for (field, ip) in telemetry.chain(tunnels).collect::<Vec<_>>() {
                if let Some(ip) = self.ipv4(
                    ip.as_deref(),
                    &id,
                    &format!("{field}[].OutsideIpAddress"),
                    doc,
                ) {
                    push_unique(&mut tunnel_outside_ips, ip);
                }
            }
            t.vpn_connections.push(VpnConnection {
                vpn_gateway_id: non_empty(&v.vpn_gateway_id).map(str::to_string),
                transit_gateway_id: non_empty(&v.transit_gateway_id).map(str::to_string),
                customer_gateway_id: non_empty(&v.customer_gateway_id).map(str::to_string),
                static_routes_only: options.static_routes_only.unwrap_or(false),
                static_routes,
                bgp_routes: Vec::new(),
                tunnel_outside_ips,
                state: state.map(|s| s.to_ascii_lowercase()),
                id,
            });
        }
    }
}

/// A side's `PeeringOptions.AllowDnsResolutionFromRemoteVpc` (PCX-05); absent means off.
fn dns_option(info: &dto::PeeringVpcInfo) -> bool {
    info.peering_options
        .as_ref()
        .and_then(|o| o.allow_dns_resolution_from_remote_vpc)
        .unwrap_or(false)
}
