//! Route tables and their routes (targets, origins, propagation), NAT gateways and prefix lists.

use super::*;

impl Cx<'_> {
    pub(super) fn route_table(
        &mut self,
        t: &Topology,
        id: String,
        item: Item<dto::RouteTable>,
    ) -> Option<RouteTable> {
        let r = item.v;
        let doc = item.doc;
        let Some(vpc_id) = non_empty(&r.vpc_id).map(str::to_string) else {
            self.missing(&id, "VpcId", doc);
            return None;
        };
        let mut main = false;
        let mut subnet_ids = Vec::new();
        let mut gateway_ids = Vec::new();
        for a in r.associations.iter().flatten() {
            let state = a
                .association_state
                .as_ref()
                .and_then(|s| s.state.as_deref())
                .map(norm);
            if matches!(
                state.as_deref(),
                Some("disassociated" | "disassociating" | "failed")
            ) {
                continue;
            }
            main |= a.main.unwrap_or(false);
            if let Some(s) = non_empty(&a.subnet_id) {
                push_unique(&mut subnet_ids, s.to_string());
            }
            if let Some(g) = non_empty(&a.gateway_id) {
                push_unique(&mut gateway_ids, g.to_string());
            }
        }
        let mut propagating_vgws = Vec::new();
        for p in r.propagating_vgws.iter().flatten() {
            if let Some(g) = non_empty(&p.gateway_id) {
                push_unique(&mut propagating_vgws, g.to_string());
            }
        }
        let label = self.label(doc).to_string();
        let mut routes = Vec::new();
        for (i, raw) in r.routes.iter().flatten().enumerate() {
            let at = At {
                label: &label,
                path: format!("RouteTables[{id}].Routes[{i}]"),
            };
            let Some(route) = read_item::<dto::Route>(raw, &at, self.diags) else {
                continue;
            };
            if let Some(route) = self.route(t, &id, i, route, raw, doc) {
                routes.push(route);
            }
        }
        Some(RouteTable {
            vpc_id,
            name: dto::name_tag(&r.tags),
            main,
            subnet_ids,
            gateway_ids,
            propagating_vgws,
            routes,
            id,
        })
    }

    pub(super) fn route(
        &mut self,
        t: &Topology,
        rtb: &str,
        i: usize,
        r: dto::Route,
        raw: &Value,
        doc: usize,
    ) -> Option<Route> {
        let field = format!("Routes[{i}]");
        let destination = if let Some(pl) = non_empty(&r.destination_prefix_list_id) {
            Destination::PrefixList(pl.to_string())
        } else if let Some(c) =
            non_empty(&r.destination_cidr_block).or(non_empty(&r.destination_ipv6_cidr_block))
        {
            Destination::Cidr(self.cidr(
                Some(c),
                rtb,
                &format!("{field}.DestinationCidrBlock"),
                doc,
            )?)
        } else {
            let label = self.label(doc).to_string();
            self.warn(
                codes::BAD_VALUE,
                rtb,
                field,
                format!("a route of `{rtb}` in `{label}` has no destination; skipped"),
            );
            return None;
        };
        // `GatewayId` holds `local`, `igw-`, `vgw-` and — quirk 1 — gateway endpoint ids (`vpce-`).
        let target = [
            &r.gateway_id,
            &r.nat_gateway_id,
            &r.transit_gateway_id,
            &r.vpc_peering_connection_id,
            &r.egress_only_internet_gateway_id,
            &r.network_interface_id,
            &r.instance_id,
            &r.local_gateway_id,
            &r.carrier_gateway_id,
            &r.core_network_arn,
            &r.odb_network_arn,
        ]
        .into_iter()
        .find_map(non_empty)
        .map(str::to_string)
        .or_else(|| unknown_target(raw));
        let Some(target) = target else {
            let label = self.label(doc).to_string();
            self.warn(
                codes::BAD_VALUE,
                rtb,
                field,
                format!(
                    "the route to `{destination}` of `{rtb}` in `{label}` has no target; skipped"
                ),
            );
            return None;
        };
        let state = match r.state.as_deref().map(norm).as_deref() {
            None | Some("active") => RouteState::Active,
            Some("blackhole") => RouteState::Blackhole,
            Some("filtered") => {
                let label = self.label(doc).to_string();
                self.info(
                    codes::INACTIVE,
                    rtb,
                    format!("{field}.State"),
                    format!("the route to `{destination}` of `{rtb}` in `{label}` is `filtered` (not installed); left out"),
                );
                return None;
            }
            Some(_) => {
                let s = r.state.clone().unwrap_or_default();
                self.bad_value(
                    rtb,
                    &format!("{field}.State"),
                    &s,
                    "`active` or `blackhole`",
                    doc,
                );
                RouteState::Active
            }
        };
        let origin = match r.origin.as_deref().map(norm).as_deref() {
            None | Some("createroutetable" | "createroute" | "advertisement") => {
                RouteOrigin::Static
            }
            Some("enablevgwroutepropagation") => propagated_origin(t, &target, &destination),
            Some(_) => {
                let o = r.origin.clone().unwrap_or_default();
                self.bad_value(
                    rtb,
                    &format!("{field}.Origin"),
                    &o,
                    "a known route origin",
                    doc,
                );
                RouteOrigin::Static
            }
        };
        Some(Route {
            destination,
            target,
            state,
            origin,
        })
    }

    // ------------------------------------------------------------------------------------------------------------
    // NAT gateways

    pub(super) fn nat_gateway(
        &mut self,
        id: String,
        item: Item<dto::NatGateway>,
    ) -> Option<NatGateway> {
        let n = item.v;
        let doc = item.doc;
        if let Some(s) = non_empty(&n.state) {
            if matches!(norm(s).as_str(), "deleted" | "deleting" | "failed") {
                self.inactive("NAT gateway", &id, s, doc);
                return None;
            }
        }
        let addresses = n.nat_gateway_addresses.unwrap_or_default();
        let primary = addresses
            .iter()
            .find(|a| a.is_primary == Some(true))
            .or_else(|| addresses.first());
        let (private_ip, public_ip, eni_id) = match primary {
            Some(a) => (
                self.ipv4(
                    a.private_ip.as_deref(),
                    &id,
                    "NatGatewayAddresses.PrivateIp",
                    doc,
                ),
                self.ipv4(
                    a.public_ip.as_deref(),
                    &id,
                    "NatGatewayAddresses.PublicIp",
                    doc,
                ),
                non_empty(&a.network_interface_id).map(str::to_string),
            ),
            None => (None, None, None),
        };
        let availability_mode = match n.availability_mode.as_deref().map(norm).as_deref() {
            Some("regional") => AvailabilityMode::Regional,
            _ => AvailabilityMode::Zonal,
        };
        let mut azs = Vec::new();
        if availability_mode == AvailabilityMode::Regional {
            for a in &addresses {
                if let Some(az) = non_empty(&a.availability_zone) {
                    push_unique(&mut azs, az.to_string());
                }
            }
        }
        Some(NatGateway {
            subnet_id: non_empty(&n.subnet_id).map(str::to_string),
            vpc_id: non_empty(&n.vpc_id).map(str::to_string),
            connectivity: match n.connectivity_type.as_deref().map(norm).as_deref() {
                Some("private") => NatConnectivity::Private,
                _ => NatConnectivity::Public,
            },
            availability_mode,
            azs,
            private_ip,
            public_ip,
            eni_id,
            id,
        })
    }

    // ------------------------------------------------------------------------------------------------------------
    // Security groups and NACLs

    pub(super) fn prefix_lists(
        &mut self,
        t: &mut Topology,
        lists: Vec<Item<dto::PrefixList>>,
        entries: Vec<Item<dto::PrefixListEntry>>,
    ) {
        // Both shapes may describe the same list (quirk 5): merge them.
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut from_managed_api: HashSet<String> = HashSet::new();
        for item in lists {
            let p = item.v;
            let doc = item.doc;
            let Some(id) = non_empty(&p.prefix_list_id).map(str::to_string) else {
                let label = self.label(doc).to_string();
                self.warn(
                    codes::BAD_ITEM,
                    &label,
                    "PrefixLists",
                    format!("an item of `PrefixLists` in `{label}` has no `PrefixListId`; skipped"),
                );
                continue;
            };
            if let Some(s) = non_empty(&p.state) {
                if matches!(
                    norm(s).as_str(),
                    "deletecomplete" | "deleteinprogress" | "deletefailed"
                ) {
                    self.inactive("prefix list", &id, s, doc);
                    continue;
                }
            }
            let managed_shape = p.cidrs.is_none()
                && (p.prefix_list_arn.is_some()
                    || p.max_entries.is_some()
                    || p.owner_id.is_some()
                    || p.state.is_some());
            if managed_shape {
                from_managed_api.insert(id.clone());
            }
            let name = non_empty(&p.prefix_list_name).map(str::to_string);
            let aws_managed = match non_empty(&p.owner_id) {
                Some(owner) => owner.eq_ignore_ascii_case("aws"),
                // describe-prefix-lists (the `Cidrs` shape) lists AWS service prefix lists only.
                None => {
                    p.cidrs.is_some()
                        || name
                            .as_deref()
                            .is_some_and(|n| n.starts_with("com.amazonaws."))
                }
            };
            let mut cidrs = Vec::new();
            for (i, c) in p.cidrs.iter().flatten().enumerate() {
                if let Some(n) = self.cidr(Some(c), &id, &format!("Cidrs[{i}]"), doc) {
                    push_unique(&mut cidrs, n);
                }
            }
            let pos = *index.entry(id.clone()).or_insert_with(|| {
                t.prefix_lists.push(PrefixList {
                    id: id.clone(),
                    ..PrefixList::default()
                });
                t.prefix_lists.len() - 1
            });
            if let Some(pl) = t.prefix_lists.get_mut(pos) {
                if let Some(n) = name {
                    pl.name = n;
                }
                pl.aws_managed |= aws_managed;
                for n in cidrs {
                    push_unique(&mut pl.cidrs, n);
                }
            }
        }
        // get-managed-prefix-list-entries: the list id comes from the document (`PrefixListId` next to `Entries`,
        // or a `pl-…` in the file name); failing that, the only managed list whose entries are not yet known.
        let mut warned_docs = HashSet::new();
        for item in entries {
            let doc = item.doc;
            let owner = non_empty(&item.v.prefix_list_id)
                .map(str::to_string)
                .or(item.owner.clone())
                .or_else(|| {
                    let open: Vec<&String> = from_managed_api
                        .iter()
                        .filter(|id| {
                            index
                                .get(*id)
                                .and_then(|&i| t.prefix_lists.get(i))
                                .is_some_and(|p| p.cidrs.is_empty())
                        })
                        .collect();
                    match open.as_slice() {
                        [only] => Some((*only).clone()),
                        _ => None,
                    }
                });
            let Some(owner) = owner else {
                if warned_docs.insert(doc) {
                    let label = self.label(doc).to_string();
                    self.warn(
                        codes::DANGLING,
                        &label,
                        "Entries",
                        format!("`{label}` holds prefix-list `Entries` but does not say which list (put `PrefixListId` next to `Entries`, or the `pl-…` id in the file name); ignored"),
                    );
                }
                continue;
            };
            let Some(cidr) = self.cidr(item.v.cidr.as_deref(), &owner, "Entries[].Cidr", doc)
            else {
                continue;
            };
            let pos = *index.entry(owner.clone()).or_insert_with(|| {
                t.prefix_lists.push(PrefixList {
                    id: owner.clone(),
                    ..PrefixList::default()
                });
                t.prefix_lists.len() - 1
            });
            if let Some(pl) = t.prefix_lists.get_mut(pos) {
                push_unique(&mut pl.cidrs, cidr);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // VPC endpoints and endpoint services
}

/// A route target in a member this importer does not know (AWS added one): the first `…Id`/`…Arn` member that is
/// not a destination or an owner.
pub(super) fn unknown_target(raw: &Value) -> Option<String> {
    let map = raw.as_object()?;
    map.iter()
        .filter(|(k, _)| {
            !k.starts_with("Destination")
                && !k.ends_with("OwnerId")
                && (k.ends_with("Id") || k.ends_with("Arn"))
        })
        .filter(|(k, _)| !crate::import::aws_cli::detect::ROUTE_FIELDS.contains(&k.as_str()))
        .find_map(|(_, v)| {
            v.as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        })
}

/// `EnableVgwRoutePropagation` routes: from a static VPN when the destination is one of the static routes of a
/// static-routes-only VPN on that VGW, else from BGP.
pub(super) fn propagated_origin(
    t: &Topology,
    target: &str,
    destination: &Destination,
) -> RouteOrigin {
    let Destination::Cidr(cidr) = destination else {
        return RouteOrigin::PropagatedVpnBgp;
    };
    let from_static = t.vpn_connections.iter().any(|v| {
        v.vpn_gateway_id.as_deref() == Some(target)
            && v.static_routes_only
            && v.static_routes.contains(cidr)
    });
    if from_static {
        RouteOrigin::PropagatedVpnStatic
    } else {
        RouteOrigin::PropagatedVpnBgp
    }
}
