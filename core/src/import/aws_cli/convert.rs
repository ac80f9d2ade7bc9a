//! Wire DTOs → model: merging pages by id, dropping resources that carry no traffic, and the importer quirks of
//! `conventions.md` §6.2 (endpoint ids in `GatewayId`, any-case states, policy documents as JSON strings, the two
//! `PrefixLists` shapes, route `Origin`, ENI owners read from `InterfaceType` / `Description`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;
use serde_json::Value;

use super::{codes, dto, read_item, At, DocInfo};
use crate::model::*;
use crate::Diagnostic;

/// One item read from a document: which document, an owner the document supplied (a prefix-list id for
/// `Entries`, a TGW route-table id for bare `Routes`, the account of a reservation), and the DTO.
#[derive(Debug, Clone)]
pub struct Item<T> {
    pub doc: usize,
    pub owner: Option<String>,
    pub v: T,
}

/// Every item of every document, by kind, in document order (duplicates not yet merged).
#[derive(Debug, Default)]
pub struct Collected {
    pub vpcs: Vec<Item<dto::Vpc>>,
    pub vpc_attributes: Vec<Item<dto::VpcAttribute>>,
    pub subnets: Vec<Item<dto::Subnet>>,
    pub route_tables: Vec<Item<dto::RouteTable>>,
    pub internet_gateways: Vec<Item<dto::InternetGateway>>,
    pub egress_only_internet_gateways: Vec<Item<dto::InternetGateway>>,
    pub nat_gateways: Vec<Item<dto::NatGateway>>,
    pub vpc_endpoints: Vec<Item<dto::VpcEndpoint>>,
    pub vpc_endpoint_connections: Vec<Item<dto::VpcEndpointConnection>>,
    pub service_configurations: Vec<Item<dto::EndpointService>>,
    pub service_details: Vec<Item<dto::EndpointService>>,
    pub service_names: Vec<Item<String>>,
    pub prefix_lists: Vec<Item<dto::PrefixList>>,
    pub prefix_list_entries: Vec<Item<dto::PrefixListEntry>>,
    pub security_groups: Vec<Item<dto::SecurityGroup>>,
    pub network_acls: Vec<Item<dto::NetworkAcl>>,
    pub instances: Vec<Item<dto::Instance>>,
    pub network_interfaces: Vec<Item<dto::NetworkInterface>>,
    pub peering_connections: Vec<Item<dto::VpcPeeringConnection>>,
    pub vpn_gateways: Vec<Item<dto::VpnGateway>>,
    pub vpn_connections: Vec<Item<dto::VpnConnection>>,
    pub customer_gateways: Vec<Item<dto::CustomerGateway>>,
    pub transit_gateways: Vec<Item<dto::TransitGateway>>,
    pub tgw_attachments: Vec<Item<dto::TransitGatewayAttachment>>,
    pub tgw_vpc_attachments: Vec<Item<dto::TransitGatewayAttachment>>,
    pub tgw_route_tables: Vec<Item<dto::TransitGatewayRouteTable>>,
    pub tgw_propagations: Vec<Item<dto::TgwTablePropagations>>,
    pub tgw_static_routes: Vec<Item<dto::TgwTableRoutes>>,
    pub load_balancers: Vec<Item<dto::LoadBalancer>>,
    pub addresses: Vec<Item<dto::Address>>,
}

/// Build the topology. Never panics; everything skipped is reported in `diags`.
pub fn build(
    c: Collected,
    infos: &[DocInfo],
    region_hint: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Topology {
    let mut cx = Cx { infos, diags };
    cx.build(c, region_hint)
}

struct Cx<'a> {
    infos: &'a [DocInfo],
    diags: &'a mut Vec<Diagnostic>,
}

/// Lower-case with `-`, `_` and spaces removed: `pendingAcceptance`, `pending-acceptance` → `pendingacceptance`.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Cx<'_> {
    fn label(&self, doc: usize) -> &str {
        self.infos.get(doc).map(|i| i.label.as_str()).unwrap_or("")
    }

    fn warn(&mut self, code: &str, subject: &str, field: impl Into<String>, message: String) {
        self.diags
            .push(Diagnostic::warning(code, subject, field, message));
    }

    fn info(&mut self, code: &str, subject: &str, field: impl Into<String>, message: String) {
        self.diags.push(Diagnostic::new(
            crate::Severity::Info,
            code,
            subject,
            field,
            message,
        ));
    }

    /// Merge items by id (pages, duplicates): the last copy wins, in the place of the first. Items without an id
    /// are skipped with a warning.
    fn dedup<T>(
        &mut self,
        items: Vec<Item<T>>,
        key: &str,
        id_field: &str,
        id: impl Fn(&T) -> Option<&str>,
    ) -> Vec<(String, Item<T>)> {
        let mut out: Vec<(String, Item<T>)> = Vec::with_capacity(items.len());
        let mut pos: HashMap<String, usize> = HashMap::new();
        for item in items {
            let Some(the_id) = id(&item.v)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
            else {
                let label = self.label(item.doc).to_string();
                self.warn(
                    codes::BAD_ITEM,
                    &label,
                    key,
                    format!("an item of `{key}` in `{label}` has no `{id_field}`; skipped"),
                );
                continue;
            };
            match pos.get(&the_id) {
                Some(&i) => out[i] = (the_id, item),
                None => {
                    pos.insert(the_id.clone(), out.len());
                    out.push((the_id, item));
                }
            }
        }
        out
    }

    /// Report a resource left out because of its state.
    fn inactive(&mut self, what: &str, id: &str, state: &str, doc: usize) {
        let label = self.label(doc).to_string();
        self.info(
            codes::INACTIVE,
            id,
            "State",
            format!("{what} `{id}` in `{label}` is `{state}`; left out"),
        );
    }

    fn bad_value(&mut self, subject: &str, field: &str, value: &str, what: &str, doc: usize) {
        let label = self.label(doc).to_string();
        self.warn(
            codes::BAD_VALUE,
            subject,
            field,
            format!("`{field}` of `{subject}` in `{label}`: `{value}` is not {what}; ignored"),
        );
    }

    fn cidr(&mut self, s: Option<&str>, subject: &str, field: &str, doc: usize) -> Option<IpNet> {
        let s = s?.trim();
        if s.is_empty() {
            return None;
        }
        match s.parse::<IpNet>() {
            Ok(n) => Some(n),
            Err(_) => match s.parse::<IpAddr>() {
                Ok(ip) => Some(IpNet::from(ip)),
                Err(_) => {
                    self.bad_value(subject, field, s, "a CIDR block", doc);
                    None
                }
            },
        }
    }

    fn ip(&mut self, s: Option<&str>, subject: &str, field: &str, doc: usize) -> Option<IpAddr> {
        let s = s?.trim();
        if s.is_empty() {
            return None;
        }
        match s.parse::<IpAddr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                self.bad_value(subject, field, s, "an IP address", doc);
                None
            }
        }
    }

    fn ipv4(
        &mut self,
        s: Option<&str>,
        subject: &str,
        field: &str,
        doc: usize,
    ) -> Option<Ipv4Addr> {
        let s = s?.trim();
        if s.is_empty() {
            return None;
        }
        match s.parse::<Ipv4Addr>() {
            Ok(ip) => Some(ip),
            Err(_) => {
                self.bad_value(subject, field, s, "an IPv4 address", doc);
                None
            }
        }
    }

    fn build(&mut self, c: Collected, region_hint: Option<&str>) -> Topology {
        let mut t = Topology::default();

        // --- Regions -------------------------------------------------------------------------------------------
        let subnets = self.dedup(c.subnets, "Subnets", "SubnetId", |s| s.subnet_id.as_deref());
        // Region of each VPC according to its subnets: their file's folder, else their AZ.
        let mut subnet_regions: HashMap<String, String> = HashMap::new();
        for (_, s) in &subnets {
            let region = self
                .infos
                .get(s.doc)
                .and_then(|i| i.region.clone())
                .or_else(|| non_empty(&s.v.availability_zone).map(region_of_az));
            if let (Some(vpc), Some(r)) = (non_empty(&s.v.vpc_id), region) {
                subnet_regions.entry(vpc.to_string()).or_insert(r);
            }
        }
        let path_regions: Vec<String> =
            self.infos.iter().filter_map(|i| i.region.clone()).collect();
        let az_regions: Vec<String> = subnets
            .iter()
            .filter_map(|(_, s)| non_empty(&s.v.availability_zone).map(region_of_az))
            .collect();

        // --- VPCs ----------------------------------------------------------------------------------------------
        let mut attrs: HashMap<String, (Option<bool>, Option<bool>, usize)> = HashMap::new();
        for a in c.vpc_attributes {
            let Some(id) = non_empty(&a.v.vpc_id) else {
                let label = self.label(a.doc).to_string();
                self.warn(
                    codes::BAD_ITEM,
                    &label,
                    "VpcId",
                    format!("a describe-vpc-attribute output in `{label}` has no `VpcId`; skipped"),
                );
                continue;
            };
            let e = attrs.entry(id.to_string()).or_insert((None, None, a.doc));
            if let Some(v) = a.v.enable_dns_support.and_then(|b| b.value) {
                e.0 = Some(v);
            }
            if let Some(v) = a.v.enable_dns_hostnames.and_then(|b| b.value) {
                e.1 = Some(v);
            }
        }
        // AWS refuses private DNS on an interface endpoint unless the VPC has both DNS attributes on (IE-05), so
        // a snapshot without describe-vpc-attribute output still tells us they are on for such VPCs.
        let private_dns_vpcs: std::collections::BTreeSet<String> = c
            .vpc_endpoints
            .iter()
            .filter(|e| {
                e.v.private_dns_enabled == Some(true)
                    && e.v
                        .vpc_endpoint_type
                        .as_deref()
                        .is_some_and(|k| k.eq_ignore_ascii_case("interface"))
            })
            .filter_map(|e| e.v.vpc_id.clone())
            .collect();
        for (id, item) in self.dedup(c.vpcs, "Vpcs", "VpcId", |v| v.vpc_id.as_deref()) {
            let v = item.v;
            let doc = item.doc;
            let mut cidrs: Vec<IpNet> = Vec::new();
            if let Some(primary) = self.cidr(v.cidr_block.as_deref(), &id, "CidrBlock", doc) {
                cidrs.push(primary);
            }
            for (i, a) in v.cidr_block_association_set.iter().flatten().enumerate() {
                if !association_live(a.cidr_block_state.as_ref()) {
                    continue;
                }
                if let Some(n) = self.cidr(
                    a.cidr_block.as_deref(),
                    &id,
                    &format!("CidrBlockAssociationSet[{i}].CidrBlock"),
                    doc,
                ) {
                    push_unique(&mut cidrs, n);
                }
            }
            for (i, a) in v
                .ipv6_cidr_block_association_set
                .iter()
                .flatten()
                .enumerate()
            {
                if !association_live(a.ipv6_cidr_block_state.as_ref()) {
                    continue;
                }
                if let Some(n) = self.cidr(
                    a.ipv6_cidr_block.as_deref(),
                    &id,
                    &format!("Ipv6CidrBlockAssociationSet[{i}].Ipv6CidrBlock"),
                    doc,
                ) {
                    push_unique(&mut cidrs, n);
                }
            }
            let is_default = v.is_default.unwrap_or(false);
            let implied = is_default || private_dns_vpcs.contains(&id);
            let (support, hostnames) = match attrs.remove(&id) {
                Some((s, h, _)) => (s.unwrap_or(true), h.unwrap_or(implied)),
                None => (true, implied),
            };
            let bpa = match v
                .block_public_access_states
                .as_ref()
                .and_then(|b| b.internet_gateway_block_mode.as_deref())
                .map(norm)
                .as_deref()
            {
                Some("blockbidirectional") => BlockPublicAccess::Bidirectional,
                Some("blockingress") => BlockPublicAccess::IngressOnly,
                _ => BlockPublicAccess::Off,
            };
            let info = self.infos.get(doc);
            let region = info
                .and_then(|i| i.region.clone())
                .or_else(|| subnet_regions.get(&id).cloned())
                .or_else(|| region_hint.map(str::to_string));
            t.vpcs.push(Vpc {
                name: dto::name_tag(&v.tags),
                region,
                cidr_blocks: cidrs,
                enable_dns_support: support,
                enable_dns_hostnames: hostnames,
                block_public_access: bpa,
                dns_servers: Vec::new(),
                owner_id: non_empty(&v.owner_id)
                    .map(str::to_string)
                    .or_else(|| info.and_then(|i| i.account.clone())),
                id,
            });
        }
        let mut leftover: Vec<(String, usize)> = attrs
            .into_iter()
            .map(|(id, (_, _, doc))| (id, doc))
            .collect();
        leftover.sort();
        for (id, doc) in leftover {
            let label = self.label(doc).to_string();
            self.warn(codes::DANGLING, &id, "VpcId", format!("`{label}` sets DNS attributes of `{id}`, which the snapshot has no `Vpcs` entry for; ignored"));
        }

        // Topology region: the VPCs' region(s), else the folders', else the AZs', else the hint.
        let vpc_regions: Vec<String> = t.vpcs.iter().filter_map(|v| v.region.clone()).collect();
        let snapshot_region = most_common(&vpc_regions)
            .or_else(|| most_common(&path_regions))
            .or_else(|| most_common(&az_regions));
        match (&snapshot_region, region_hint) {
            (Some(r), Some(h)) if r != h => self.info(
                codes::REGION,
                "snapshot",
                "region",
                format!("the snapshot is in `{r}`; the region hint `{h}` applies only where the snapshot names no region"),
            ),
            (None, None) => self.info(
                codes::REGION,
                "snapshot",
                "region",
                "the snapshot names no region (no region folder, no availability zone); AWS service names need one".to_string(),
            ),
            _ => {}
        }
        t.region = snapshot_region.or_else(|| region_hint.map(str::to_string));

        // --- Subnets -------------------------------------------------------------------------------------------
        for (id, item) in subnets {
            let s = item.v;
            let doc = item.doc;
            let Some(vpc_id) = non_empty(&s.vpc_id).map(str::to_string) else {
                self.missing(&id, "VpcId", doc);
                continue;
            };
            let cidr = self.cidr(s.cidr_block.as_deref(), &id, "CidrBlock", doc);
            let mut ipv6 = None;
            for (i, a) in s
                .ipv6_cidr_block_association_set
                .iter()
                .flatten()
                .enumerate()
            {
                if association_live(a.ipv6_cidr_block_state.as_ref()) && ipv6.is_none() {
                    ipv6 = self.cidr(
                        a.ipv6_cidr_block.as_deref(),
                        &id,
                        &format!("Ipv6CidrBlockAssociationSet[{i}].Ipv6CidrBlock"),
                        doc,
                    );
                }
            }
            t.subnets.push(Subnet {
                name: dto::name_tag(&s.tags),
                vpc_id,
                az: non_empty(&s.availability_zone).map(str::to_string),
                az_id: non_empty(&s.availability_zone_id).map(str::to_string),
                cidr_block: cidr,
                ipv6_cidr_block: ipv6,
                id,
            });
        }

        // --- VPN (before route tables: the origin of propagated routes depends on it) ----------------------------
        self.vpn(
            &mut t,
            c.vpn_gateways,
            c.customer_gateways,
            c.vpn_connections,
        );

        // --- Route tables --------------------------------------------------------------------------------------
        for (id, item) in self.dedup(c.route_tables, "RouteTables", "RouteTableId", |r| {
            r.route_table_id.as_deref()
        }) {
            if let Some(rt) = self.route_table(&t, id, item) {
                t.route_tables.push(rt);
            }
        }

        // --- Gateways ------------------------------------------------------------------------------------------
        for (id, item) in self.dedup(
            c.internet_gateways,
            "InternetGateways",
            "InternetGatewayId",
            |g| g.internet_gateway_id.as_deref(),
        ) {
            t.internet_gateways.push(InternetGateway {
                vpc_id: attached_vpc(&item.v.attachments),
                id,
            });
        }
        for (id, item) in self.dedup(
            c.egress_only_internet_gateways,
            "EgressOnlyInternetGateways",
            "EgressOnlyInternetGatewayId",
            |g| g.egress_only_internet_gateway_id.as_deref(),
        ) {
            t.egress_only_internet_gateways.push(InternetGateway {
                vpc_id: attached_vpc(&item.v.attachments),
                id,
            });
        }
        for (id, item) in self.dedup(c.nat_gateways, "NatGateways", "NatGatewayId", |n| {
            n.nat_gateway_id.as_deref()
        }) {
            if let Some(nat) = self.nat_gateway(id, item) {
                t.nat_gateways.push(nat);
            }
        }

        // --- Load balancers (before ENIs: `ELB app/…` descriptions name them) -----------------------------------
        for (id, item) in self.dedup(c.load_balancers, "LoadBalancers", "LoadBalancerArn", |l| {
            l.load_balancer_arn.as_deref()
        }) {
            let lb = item.v;
            let Some(vpc_id) = non_empty(&lb.vpc_id).map(str::to_string) else {
                self.missing(&id, "VpcId", item.doc);
                continue;
            };
            let mut subnet_ids = Vec::new();
            for az in lb.availability_zones.iter().flatten() {
                if let Some(s) = non_empty(&az.subnet_id) {
                    push_unique(&mut subnet_ids, s.to_string());
                }
            }
            t.load_balancers.push(LoadBalancer {
                name: non_empty(&lb.load_balancer_name).map(str::to_string),
                kind: non_empty(&lb.r#type)
                    .map(|k| k.to_ascii_lowercase())
                    .unwrap_or_else(|| "application".to_string()),
                vpc_id,
                subnet_ids,
                internet_facing: lb.scheme.as_deref().map(norm).as_deref()
                    == Some("internetfacing"),
                cross_zone: false,
                listener_ports: Vec::new(),
                targets: Vec::new(),
                id,
            });
        }

        // --- Security groups, network ACLs ---------------------------------------------------------------------
        for (id, item) in self.dedup(c.security_groups, "SecurityGroups", "GroupId", |g| {
            g.group_id.as_deref()
        }) {
            let g = item.v;
            let doc = item.doc;
            let Some(vpc_id) = non_empty(&g.vpc_id).map(str::to_string) else {
                self.missing(&id, "VpcId", doc);
                continue;
            };
            let ingress = self.sg_rules(
                &id,
                "IpPermissions",
                g.ip_permissions.unwrap_or_default(),
                doc,
            );
            let egress = self.sg_rules(
                &id,
                "IpPermissionsEgress",
                g.ip_permissions_egress.unwrap_or_default(),
                doc,
            );
            t.security_groups.push(SecurityGroup {
                vpc_id,
                name: non_empty(&g.group_name)
                    .map(str::to_string)
                    .or_else(|| dto::name_tag(&g.tags)),
                ingress,
                egress,
                id,
            });
        }
        for (id, item) in self.dedup(c.network_acls, "NetworkAcls", "NetworkAclId", |n| {
            n.network_acl_id.as_deref()
        }) {
            let n = item.v;
            let doc = item.doc;
            let Some(vpc_id) = non_empty(&n.vpc_id).map(str::to_string) else {
                self.missing(&id, "VpcId", doc);
                continue;
            };
            let mut subnet_ids = Vec::new();
            for a in n.associations.iter().flatten() {
                if let Some(s) = non_empty(&a.subnet_id) {
                    push_unique(&mut subnet_ids, s.to_string());
                }
            }
            let label = self.label(doc).to_string();
            let mut entries = Vec::new();
            for (i, raw) in n.entries.iter().flatten().enumerate() {
                let at = At {
                    label: &label,
                    path: format!("NetworkAcls[{id}].Entries[{i}]"),
                };
                let Some(e) = read_item::<dto::NetworkAclEntry>(raw, &at, self.diags) else {
                    continue;
                };
                if let Some(entry) = self.nacl_entry(&id, i, e, doc) {
                    entries.push(entry);
                }
            }
            t.network_acls.push(NetworkAcl {
                vpc_id,
                default: n.is_default.unwrap_or(false),
                subnet_ids,
                entries,
                id,
            });
        }

        // --- Prefix lists --------------------------------------------------------------------------------------
        self.prefix_lists(&mut t, c.prefix_lists, c.prefix_list_entries);

        // --- VPC endpoints and endpoint services ---------------------------------------------------------------
        for (id, item) in self.dedup(c.vpc_endpoints, "VpcEndpoints", "VpcEndpointId", |e| {
            e.vpc_endpoint_id.as_deref()
        }) {
            if let Some(e) = self.vpc_endpoint(id, item) {
                t.vpc_endpoints.push(e);
            }
        }
        // Provider-side connections: only checked for shape; the consumer endpoint's own `State` is authoritative.
        let _ = c.vpc_endpoint_connections;
        self.endpoint_services(
            &mut t,
            c.service_configurations,
            c.service_details,
            c.service_names,
        );

        // --- Instances and network interfaces ------------------------------------------------------------------
        self.instances_and_enis(&mut t, c.instances, c.network_interfaces, c.addresses);

        // --- Peering -------------------------------------------------------------------------------------------
        for (id, item) in self.dedup(
            c.peering_connections,
            "VpcPeeringConnections",
            "VpcPeeringConnectionId",
            |p| p.vpc_peering_connection_id.as_deref(),
        ) {
            if let Some(p) = self.peering(id, item) {
                t.peering_connections.push(p);
            }
        }

        // --- Transit gateways ----------------------------------------------------------------------------------
        self.transit_gateways(
            &mut t,
            c.transit_gateways,
            c.tgw_attachments,
            c.tgw_vpc_attachments,
            c.tgw_route_tables,
            c.tgw_propagations,
            c.tgw_static_routes,
        );

        t
    }

    fn missing(&mut self, id: &str, field: &str, doc: usize) {
        let label = self.label(doc).to_string();
        self.warn(
            codes::BAD_ITEM,
            id,
            field,
            format!("`{id}` in `{label}` has no `{field}`; skipped"),
        );
    }

    // ------------------------------------------------------------------------------------------------------------
    // Route tables

    fn route_table(
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

    fn route(
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

    fn nat_gateway(&mut self, id: String, item: Item<dto::NatGateway>) -> Option<NatGateway> {
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

    fn sg_rules(
        &mut self,
        sg: &str,
        field: &str,
        perms: Vec<dto::IpPermission>,
        doc: usize,
    ) -> Vec<SgRule> {
        let mut rules = Vec::new();
        for (i, p) in perms.into_iter().enumerate() {
            let f = format!("{field}[{i}]");
            let Some(protocol) = non_empty(&p.ip_protocol).map(|s| s.to_ascii_lowercase()) else {
                let label = self.label(doc).to_string();
                self.warn(
                    codes::BAD_VALUE,
                    sg,
                    f.as_str(),
                    format!("`{f}` of `{sg}` in `{label}` has no `IpProtocol`; skipped"),
                );
                continue;
            };
            let all = protocol == "-1";
            let port = |p: Option<i64>| {
                if all {
                    None
                } else {
                    p.and_then(|v| i32::try_from(v).ok())
                }
            };
            let mut rule = SgRule {
                from_port: port(p.from_port),
                to_port: port(p.to_port),
                protocol,
                ..SgRule::default()
            };
            let mut description = None;
            for (j, r) in p.ip_ranges.iter().flatten().enumerate() {
                if let Some(n) = self.cidr(
                    r.cidr_ip.as_deref(),
                    sg,
                    &format!("{f}.IpRanges[{j}].CidrIp"),
                    doc,
                ) {
                    push_unique(&mut rule.cidrs, n);
                }
                description = description.or_else(|| non_empty(&r.description).map(str::to_string));
            }
            for (j, r) in p.ipv6_ranges.iter().flatten().enumerate() {
                if let Some(n) = self.cidr(
                    r.cidr_ipv6.as_deref(),
                    sg,
                    &format!("{f}.Ipv6Ranges[{j}].CidrIpv6"),
                    doc,
                ) {
                    push_unique(&mut rule.cidrs, n);
                }
                description = description.or_else(|| non_empty(&r.description).map(str::to_string));
            }
            for r in p.prefix_list_ids.iter().flatten() {
                if let Some(id) = non_empty(&r.prefix_list_id) {
                    push_unique(&mut rule.prefix_list_ids, id.to_string());
                }
                description = description.or_else(|| non_empty(&r.description).map(str::to_string));
            }
            for r in p.user_id_group_pairs.iter().flatten() {
                if let Some(id) = non_empty(&r.group_id) {
                    push_unique(&mut rule.security_group_ids, id.to_string());
                }
                description = description.or_else(|| non_empty(&r.description).map(str::to_string));
            }
            rule.description = description;
            rules.push(rule);
        }
        rules
    }

    fn nacl_entry(
        &mut self,
        acl: &str,
        i: usize,
        e: dto::NetworkAclEntry,
        doc: usize,
    ) -> Option<NaclEntry> {
        let f = format!("Entries[{i}]");
        let label = self.label(doc).to_string();
        let Some(rule_number) = e.rule_number.and_then(|n| u32::try_from(n).ok()) else {
            self.warn(
                codes::BAD_VALUE,
                acl,
                format!("{f}.RuleNumber"),
                format!("`{f}` of `{acl}` in `{label}` has no valid `RuleNumber`; skipped"),
            );
            return None;
        };
        let Some(protocol) = non_empty(&e.protocol).map(|s| s.to_ascii_lowercase()) else {
            self.warn(
                codes::BAD_VALUE,
                acl,
                format!("{f}.Protocol"),
                format!("rule {rule_number} of `{acl}` in `{label}` has no `Protocol`; skipped"),
            );
            return None;
        };
        let action = match e.rule_action.as_deref().map(norm).as_deref() {
            Some("allow") => RuleAction::Allow,
            Some("deny") => RuleAction::Deny,
            _ => {
                self.warn(
                    codes::BAD_VALUE,
                    acl,
                    format!("{f}.RuleAction"),
                    format!("rule {rule_number} of `{acl}` in `{label}` has no `RuleAction` `allow` or `deny`; skipped"),
                );
                return None;
            }
        };
        let cidr = match non_empty(&e.cidr_block).or(non_empty(&e.ipv6_cidr_block)) {
            Some(c) => self.cidr(Some(c), acl, &format!("{f}.CidrBlock"), doc)?,
            None => {
                self.warn(
                    codes::BAD_VALUE,
                    acl,
                    format!("{f}.CidrBlock"),
                    format!(
                        "rule {rule_number} of `{acl}` in `{label}` has no CIDR block; skipped"
                    ),
                );
                return None;
            }
        };
        let port_range = match (&e.port_range, protocol.as_str()) {
            (_, "-1") | (None, _) => None,
            (Some(p), _) => match (
                p.from.and_then(|v| u16::try_from(v).ok()),
                p.to.and_then(|v| u16::try_from(v).ok()),
            ) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
        };
        let icmp = |v: Option<i64>| v.and_then(|v| i32::try_from(v).ok());
        Some(NaclEntry {
            rule_number,
            egress: e.egress.unwrap_or(false),
            protocol,
            action,
            cidr,
            port_range,
            icmp_type: icmp(e.icmp_type_code.as_ref().and_then(|c| c.r#type)),
            icmp_code: icmp(e.icmp_type_code.as_ref().and_then(|c| c.code)),
        })
    }

    // ------------------------------------------------------------------------------------------------------------
    // Prefix lists

    fn prefix_lists(
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

    fn vpc_endpoint(&mut self, id: String, item: Item<dto::VpcEndpoint>) -> Option<VpcEndpoint> {
        let e = item.v;
        let doc = item.doc;
        let state = match non_empty(&e.state) {
            None => EndpointState::Available,
            Some(s) => match norm(s).as_str() {
                "available" => EndpointState::Available,
                "pendingacceptance" => EndpointState::PendingAcceptance,
                "pending" => EndpointState::Pending,
                "rejected" => EndpointState::Rejected,
                "failed" => EndpointState::Failed,
                "expired" => EndpointState::Expired,
                "deleting" => EndpointState::Deleting,
                "deleted" => {
                    self.inactive("VPC endpoint", &id, s, doc);
                    return None;
                }
                _ => EndpointState::Other(s.to_string()),
            },
        };
        let Some(vpc_id) = non_empty(&e.vpc_id).map(str::to_string) else {
            self.missing(&id, "VpcId", doc);
            return None;
        };
        let route_table_ids: Vec<String> = e
            .route_table_ids
            .iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect();
        let subnet_ids: Vec<String> = e
            .subnet_ids
            .iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect();
        let kind = match e.vpc_endpoint_type.as_deref().map(norm).as_deref() {
            Some("gateway") => EndpointKind::Gateway,
            Some("interface") => EndpointKind::Interface,
            Some("gatewayloadbalancer") => EndpointKind::GatewayLoadBalancer,
            Some("resource") => EndpointKind::Resource,
            Some("servicenetwork") => EndpointKind::ServiceNetwork,
            other => {
                if other.is_some() {
                    let raw = e.vpc_endpoint_type.clone().unwrap_or_default();
                    self.bad_value(&id, "VpcEndpointType", &raw, "a known endpoint type", doc);
                }
                if !route_table_ids.is_empty()
                    || subnet_ids.is_empty()
                        && e.network_interface_ids.as_ref().is_none_or(Vec::is_empty)
                {
                    EndpointKind::Gateway
                } else {
                    EndpointKind::Interface
                }
            }
        };
        // Quirk 3: the policy is a JSON document inside a string.
        let policy = match e.policy_document {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => match crate::json::from_str::<Value>(&s) {
                Ok(v) => Some(v),
                Err(err) => {
                    let label = self.label(doc).to_string();
                    self.warn(
                        codes::BAD_POLICY,
                        &id,
                        "PolicyDocument",
                        format!("the `PolicyDocument` of `{id}` in `{label}` is not valid JSON ({err}); the default full-access policy is assumed"),
                    );
                    None
                }
            },
            Some(v @ Value::Object(_)) => Some(v),
            Some(other) => {
                let label = self.label(doc).to_string();
                self.warn(
                    codes::BAD_POLICY,
                    &id,
                    "PolicyDocument",
                    format!("the `PolicyDocument` of `{id}` in `{label}` is a {}, not a JSON document; the default full-access policy is assumed", super::detect::json_type(&other)),
                );
                None
            }
        };
        let dns = e.dns_options.unwrap_or_default();
        Some(VpcEndpoint {
            vpc_id,
            service_name: non_empty(&e.service_name)
                .map(str::to_string)
                .unwrap_or_default(),
            kind,
            state,
            route_table_ids,
            subnet_ids,
            network_interface_ids: e
                .network_interface_ids
                .unwrap_or_default()
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect(),
            security_group_ids: e
                .groups
                .iter()
                .flatten()
                .filter_map(|g| non_empty(&g.group_id).map(str::to_string))
                .collect(),
            // Gateway endpoints have no private DNS (moto reports `true` for them, quirk 10).
            private_dns_enabled: kind != EndpointKind::Gateway
                && e.private_dns_enabled.unwrap_or(false),
            private_dns_only_for_inbound_resolver_endpoint: dns
                .private_dns_only_for_inbound_resolver_endpoint
                .unwrap_or(false),
            ip_address_type: match e.ip_address_type.as_deref().map(norm).as_deref() {
                Some("ipv6") => IpAddressType::Ipv6,
                Some("dualstack") => IpAddressType::Dualstack,
                _ => IpAddressType::Ipv4,
            },
            dns_record_ip_type: non_empty(&dns.dns_record_ip_type).map(str::to_string),
            policy,
            service_region: non_empty(&e.service_region).map(str::to_string),
            dns_names: e
                .dns_entries
                .iter()
                .flatten()
                .filter_map(|d| non_empty(&d.dns_name).map(str::to_string))
                .collect(),
            id,
        })
    }

    fn endpoint_services(
        &mut self,
        t: &mut Topology,
        configurations: Vec<Item<dto::EndpointService>>,
        details: Vec<Item<dto::EndpointService>>,
        _names: Vec<Item<String>>,
    ) {
        // AWS's own services (77 in one us-east-1 catalogue) are known to the engine by name; only those an
        // endpoint of the snapshot uses are kept, plus every service of another provider and every service the
        // snapshot's account provides.
        let used: HashSet<&str> = t
            .vpc_endpoints
            .iter()
            .map(|e| e.service_name.as_str())
            .collect();
        let mut out: Vec<EndpointService> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let details = self.dedup(details, "ServiceDetails", "ServiceId", |s| {
            s.service_id.as_deref()
        });
        let configurations =
            self.dedup(configurations, "ServiceConfigurations", "ServiceId", |s| {
                s.service_id.as_deref()
            });
        for (provider_side, (id, item)) in details
            .into_iter()
            .map(|x| (false, x))
            .chain(configurations.into_iter().map(|x| (true, x)))
        {
            let s = item.v;
            let doc = item.doc;
            let name = non_empty(&s.service_name)
                .map(str::to_string)
                .unwrap_or_default();
            let owner = non_empty(&s.owner).map(str::to_string);
            if !provider_side && owner.as_deref() == Some("amazon") && !used.contains(name.as_str())
            {
                continue;
            }
            if let Some(st) = non_empty(&s.service_state) {
                if matches!(norm(st).as_str(), "deleted" | "deleting" | "failed") {
                    self.inactive("endpoint service", &id, st, doc);
                    continue;
                }
            }
            let kind = match s
                .service_type
                .iter()
                .flatten()
                .find_map(|k| non_empty(&k.service_type))
                .map(norm)
                .as_deref()
            {
                Some("gateway") => EndpointKind::Gateway,
                Some("gatewayloadbalancer") => EndpointKind::GatewayLoadBalancer,
                _ => EndpointKind::Interface,
            };
            let region = non_empty(&s.service_region)
                .map(str::to_string)
                .or_else(|| region_of_service_name(&name))
                .or_else(|| self.infos.get(doc).and_then(|i| i.region.clone()))
                .or_else(|| t.region.clone());
            let service = EndpointService {
                service_name: name,
                region,
                kind,
                acceptance_required: s.acceptance_required.unwrap_or(false),
                load_balancer_arns: s
                    .network_load_balancer_arns
                    .iter()
                    .chain(s.gateway_load_balancer_arns.iter())
                    .flatten()
                    .cloned()
                    .collect(),
                availability_zones: s.availability_zones.unwrap_or_default(),
                allowed_principals: Vec::new(),
                supported_regions: s
                    .supported_regions
                    .iter()
                    .flatten()
                    .filter_map(|r| non_empty(&r.region).map(str::to_string))
                    .collect(),
                private_dns_name: non_empty(&s.private_dns_name).map(str::to_string),
                owner,
                id: id.clone(),
            };
            match index.get(&id) {
                // The provider's own configuration wins over the consumer-side description of the same service.
                Some(&i) => {
                    if let Some(slot) = out.get_mut(i) {
                        let owner = slot.owner.take();
                        *slot = service;
                        slot.owner = slot.owner.take().or(owner);
                    }
                }
                None => {
                    index.insert(id, out.len());
                    out.push(service);
                }
            }
        }
        t.endpoint_services = out;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Instances, network interfaces, Elastic IPs

    fn instances_and_enis(
        &mut self,
        t: &mut Topology,
        instances: Vec<Item<dto::Instance>>,
        enis: Vec<Item<dto::NetworkInterface>>,
        addresses: Vec<Item<dto::Address>>,
    ) {
        let mut out: Vec<NetworkInterface> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let enis = self.dedup(enis, "NetworkInterfaces", "NetworkInterfaceId", |e| {
            e.network_interface_id.as_deref()
        });
        // Owners known from the other side: NAT gateways and endpoints list their ENIs.
        let mut owners: HashMap<String, String> = HashMap::new();
        for n in &t.nat_gateways {
            if let Some(e) = &n.eni_id {
                owners.insert(e.clone(), n.id.clone());
            }
        }
        for e in &t.vpc_endpoints {
            for eni in &e.network_interface_ids {
                owners.insert(eni.clone(), e.id.clone());
            }
        }
        let mut instance_enis: HashMap<String, Vec<(i64, String)>> = HashMap::new();
        for (id, item) in enis {
            if let Some(eni) = self.eni(t, &id, &item.v, item.doc, None, &owners) {
                if let (Some(inst), Some(a)) = (eni.attached_to.clone(), item.v.attachment.as_ref())
                {
                    if a.instance_id.is_some() {
                        instance_enis
                            .entry(inst)
                            .or_default()
                            .push((a.device_index.unwrap_or(i64::MAX), id.clone()));
                    }
                }
                index.insert(id, out.len());
                out.push(eni);
            }
        }
        for (id, item) in self.dedup(instances, "Instances", "InstanceId", |i| {
            i.instance_id.as_deref()
        }) {
            let i = item.v;
            let doc = item.doc;
            if let Some(state) = i.state.as_ref().and_then(|s| non_empty(&s.name)) {
                if matches!(norm(state).as_str(), "terminated" | "shuttingdown") {
                    self.inactive("instance", &id, state, doc);
                    continue;
                }
            }
            // Interfaces nested in the instance; those NetworkInterfaces.json lacks become model ENIs.
            let mut nics: Vec<(i64, String)> = Vec::new();
            for nested in i.network_interfaces.iter().flatten() {
                let Some(eni_id) = non_empty(&nested.network_interface_id).map(str::to_string)
                else {
                    continue;
                };
                let device = nested
                    .attachment
                    .as_ref()
                    .and_then(|a| a.device_index)
                    .unwrap_or(i64::MAX);
                push_unique(&mut nics, (device, eni_id.clone()));
                match index.get(&eni_id) {
                    Some(&pos) => {
                        if let Some(e) = out.get_mut(pos) {
                            e.attached_to.get_or_insert_with(|| id.clone());
                        }
                    }
                    None => {
                        let mut nested = nested.clone();
                        if nested.subnet_id.is_none() {
                            nested.subnet_id = i.subnet_id.clone();
                        }
                        if let Some(eni) = self.eni(t, &eni_id, &nested, doc, Some(&id), &owners) {
                            index.insert(eni_id, out.len());
                            out.push(eni);
                        }
                    }
                }
            }
            if nics.is_empty() {
                nics = instance_enis.remove(&id).unwrap_or_default();
            }
            nics.sort();
            let mut network_interface_ids: Vec<String> = Vec::new();
            for (_, e) in nics {
                push_unique(&mut network_interface_ids, e);
            }
            let primary = network_interface_ids
                .first()
                .and_then(|e| index.get(e))
                .and_then(|&p| out.get(p))
                .cloned();
            let mut security_group_ids: Vec<String> = i
                .security_groups
                .iter()
                .flatten()
                .filter_map(|g| non_empty(&g.group_id).map(str::to_string))
                .collect();
            if security_group_ids.is_empty() {
                security_group_ids = primary
                    .as_ref()
                    .map(|p| p.security_group_ids.clone())
                    .unwrap_or_default();
            }
            let private_ip = self
                .ip(
                    i.private_ip_address.as_deref(),
                    &id,
                    "PrivateIpAddress",
                    doc,
                )
                .or_else(|| {
                    primary
                        .as_ref()
                        .and_then(|p| p.private_ips.first().copied())
                });
            t.instances.push(Instance {
                name: dto::name_tag(&i.tags),
                network_interface_ids,
                subnet_id: non_empty(&i.subnet_id)
                    .map(str::to_string)
                    .or_else(|| primary.as_ref().map(|p| p.subnet_id.clone())),
                private_ip,
                public_ip: self
                    .ipv4(i.public_ip_address.as_deref(), &id, "PublicIpAddress", doc)
                    .or_else(|| primary.as_ref().and_then(|p| p.public_ip)),
                ipv6_addresses: primary
                    .as_ref()
                    .map(|p| {
                        p.private_ips
                            .iter()
                            .copied()
                            .filter(IpAddr::is_ipv6)
                            .collect()
                    })
                    .unwrap_or_default(),
                security_group_ids,
                source_dest_check: i.source_dest_check.unwrap_or(true),
                id,
            });
        }
        // Elastic IPs: describe-addresses fills public addresses the ENI/instance output left out.
        for (public, item) in self.dedup(addresses, "Addresses", "PublicIp", |a| {
            a.public_ip.as_deref()
        }) {
            let a = item.v;
            let Some(ip) = self.ipv4(Some(&public), &public, "PublicIp", item.doc) else {
                continue;
            };
            let private = a
                .private_ip_address
                .as_deref()
                .and_then(|s| s.trim().parse::<IpAddr>().ok());
            if let Some(eni) = non_empty(&a.network_interface_id)
                .and_then(|e| index.get(e))
                .and_then(|&p| out.get_mut(p))
            {
                if eni.public_ip.is_none()
                    && (private.is_none() || private == eni.private_ips.first().copied())
                {
                    eni.public_ip = Some(ip);
                }
            }
            if let Some(inst) =
                non_empty(&a.instance_id).and_then(|id| t.instances.iter_mut().find(|i| i.id == id))
            {
                if inst.public_ip.is_none() && (private.is_none() || private == inst.private_ip) {
                    inst.public_ip = Some(ip);
                }
            }
        }
        // Endpoints whose output lacks their ENIs get them from the ENIs' descriptions.
        for e in &out {
            if e.kind == InterfaceKind::VpcEndpoint
                || e.kind == InterfaceKind::GatewayLoadBalancerEndpoint
            {
                if let Some(owner) = &e.attached_to {
                    if let Some(ep) = t.vpc_endpoints.iter_mut().find(|v| &v.id == owner) {
                        push_unique(&mut ep.network_interface_ids, e.id.clone());
                    }
                }
            }
            if e.kind == InterfaceKind::NatGateway {
                if let Some(owner) = &e.attached_to {
                    if let Some(nat) = t.nat_gateways.iter_mut().find(|n| &n.id == owner) {
                        nat.eni_id.get_or_insert_with(|| e.id.clone());
                        if nat.private_ip.is_none() {
                            nat.private_ip = e.private_ips.iter().find_map(|ip| match ip {
                                IpAddr::V4(v4) => Some(*v4),
                                IpAddr::V6(_) => None,
                            });
                        }
                    }
                }
            }
        }
        t.network_interfaces = out;
    }

    fn eni(
        &mut self,
        t: &Topology,
        id: &str,
        d: &dto::NetworkInterface,
        doc: usize,
        instance: Option<&str>,
        owners: &HashMap<String, String>,
    ) -> Option<NetworkInterface> {
        let Some(subnet_id) = non_empty(&d.subnet_id).map(str::to_string) else {
            self.missing(id, "SubnetId", doc);
            return None;
        };
        let mut private_ips: Vec<IpAddr> = Vec::new();
        let mut public_ip = None;
        let mut addrs: Vec<&dto::PrivateIpAddress> =
            d.private_ip_addresses.iter().flatten().collect();
        addrs.sort_by_key(|a| a.primary != Some(true));
        for (i, a) in addrs.iter().enumerate() {
            if let Some(ip) = self.ip(
                a.private_ip_address.as_deref(),
                id,
                &format!("PrivateIpAddresses[{i}].PrivateIpAddress"),
                doc,
            ) {
                push_unique(&mut private_ips, ip);
            }
            if i == 0 {
                public_ip = a
                    .association
                    .as_ref()
                    .and_then(|x| non_empty(&x.public_ip))
                    .and_then(|s| s.parse::<Ipv4Addr>().ok());
            }
        }
        if let Some(ip) = self.ip(d.private_ip_address.as_deref(), id, "PrivateIpAddress", doc) {
            if !private_ips.contains(&ip) {
                private_ips.insert(0, ip);
            }
        }
        for (i, a) in d.ipv6_addresses.iter().flatten().enumerate() {
            if let Some(ip) = self.ip(
                a.ipv6_address.as_deref(),
                id,
                &format!("Ipv6Addresses[{i}].Ipv6Address"),
                doc,
            ) {
                push_unique(&mut private_ips, ip);
            }
        }
        if let Some(p) = self.ipv4(
            d.association.as_ref().and_then(|a| a.public_ip.as_deref()),
            id,
            "Association.PublicIp",
            doc,
        ) {
            public_ip = Some(p);
        }
        let description = non_empty(&d.description).map(str::to_string);
        let kind = interface_kind(
            d.interface_type.as_deref(),
            description.as_deref(),
            d.requester_id.as_deref(),
            d.requester_managed.unwrap_or(false),
        );
        let attached_to = instance
            .map(str::to_string)
            .or_else(|| {
                d.attachment
                    .as_ref()
                    .and_then(|a| non_empty(&a.instance_id))
                    .map(str::to_string)
            })
            .or_else(|| owners.get(id).cloned())
            .or_else(|| {
                description
                    .as_deref()
                    .and_then(|desc| owner_from_description(t, desc))
            });
        Some(NetworkInterface {
            id: id.to_string(),
            subnet_id,
            description,
            kind,
            private_ips,
            public_ip,
            security_group_ids: d
                .groups
                .iter()
                .flatten()
                .filter_map(|g| non_empty(&g.group_id).map(str::to_string))
                .collect(),
            source_dest_check: d.source_dest_check.unwrap_or(true),
            attached_to,
        })
    }

    // ------------------------------------------------------------------------------------------------------------
    // Peering

    fn peering(
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
            id,
        })
    }

    fn peer_cidrs(
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
    fn transit_gateways(
        &mut self,
        t: &mut Topology,
        tgws: Vec<Item<dto::TransitGateway>>,
        attachments: Vec<Item<dto::TransitGatewayAttachment>>,
        vpc_attachments: Vec<Item<dto::TransitGatewayAttachment>>,
        tables: Vec<Item<dto::TransitGatewayRouteTable>>,
        propagations: Vec<Item<dto::TgwTablePropagations>>,
        static_routes: Vec<Item<dto::TgwTableRoutes>>,
    ) {
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
        for (rtb, attachment, tgw) in associations {
            let i = table(&rtb, &tgw, &mut tables_out);
            if let Some(tb) = tables_out.get_mut(i) {
                push_unique(&mut tb.associations, attachment);
            }
        }
        for item in propagations {
            let Some(rtb) = non_empty(&item.v.transit_gateway_route_table_id)
                .map(str::to_string)
                .or(item.owner.clone())
            else {
                self.missing(
                    "TransitGatewayPropagations",
                    "TransitGatewayRouteTableId",
                    item.doc,
                );
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
            let Some(rtb) = non_empty(&item.v.transit_gateway_route_table_id)
                .map(str::to_string)
                .or(item.owner.clone())
            else {
                let label = self.label(doc).to_string();
                self.warn(
                    codes::DANGLING,
                    &label,
                    "TransitGatewayRouteTableId",
                    format!("transit gateway routes in `{label}` do not say which route table they belong to (put `TransitGatewayRouteTableId` next to `Routes`, or the `tgw-rtb-…` id in the file name); ignored"),
                );
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

    fn tgw_route(&mut self, rtb: &str, j: usize, r: dto::TgwRoute, doc: usize) -> Option<TgwRoute> {
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

    fn vpn(
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

/// A CIDR association that is in effect (not `disassociated`, `disassociating` or `failed`).
fn association_live(state: Option<&dto::StateHolder>) -> bool {
    !matches!(
        state.and_then(|s| s.state.as_deref()).map(norm).as_deref(),
        Some("disassociated" | "disassociating" | "failed" | "failing")
    )
}

/// The VPC an IGW/EIGW is attached to (attachment state `available` for IGWs, `attached` for EIGWs).
fn attached_vpc(attachments: &Option<Vec<dto::VpcAttachment>>) -> Option<String> {
    attachments
        .iter()
        .flatten()
        .find(|a| {
            matches!(
                a.state.as_deref().map(norm).as_deref(),
                None | Some("available" | "attached" | "attaching")
            )
        })
        .and_then(|a| non_empty(&a.vpc_id))
        .map(str::to_string)
}

/// A route target in a member this importer does not know (AWS added one): the first `…Id`/`…Arn` member that is
/// not a destination or an owner.
fn unknown_target(raw: &Value) -> Option<String> {
    let map = raw.as_object()?;
    map.iter()
        .filter(|(k, _)| {
            !k.starts_with("Destination")
                && !k.ends_with("OwnerId")
                && (k.ends_with("Id") || k.ends_with("Arn"))
        })
        .filter(|(k, _)| !super::detect::ROUTE_FIELDS.contains(&k.as_str()))
        .find_map(|(_, v)| {
            v.as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        })
}

/// `EnableVgwRoutePropagation` routes: from a static VPN when the destination is one of the static routes of a
/// static-routes-only VPN on that VGW, else from BGP.
fn propagated_origin(t: &Topology, target: &str, destination: &Destination) -> RouteOrigin {
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

/// What an ENI belongs to, from `InterfaceType` and, for older outputs that say `interface` for everything
/// AWS-managed, from the `Description` AWS writes.
/// An AWS-managed ENI of another service (`RequesterManaged`, e.g. RDS or ElastiCache) is `Other`, not an
/// instance's interface.
fn interface_kind(
    interface_type: Option<&str>,
    description: Option<&str>,
    requester_id: Option<&str>,
    requester_managed: bool,
) -> InterfaceKind {
    match interface_type.map(norm).as_deref() {
        Some("natgateway") => InterfaceKind::NatGateway,
        Some("vpcendpoint") => InterfaceKind::VpcEndpoint,
        Some("gatewayloadbalancerendpoint") => InterfaceKind::GatewayLoadBalancerEndpoint,
        Some("loadbalancer" | "networkloadbalancer" | "gatewayloadbalancer") => {
            InterfaceKind::LoadBalancer
        }
        Some("transitgateway") => InterfaceKind::TransitGateway,
        Some("lambda") => InterfaceKind::Lambda,
        None | Some("interface" | "" | "efa" | "efaonly" | "trunk" | "branch") => {
            let d = description.unwrap_or("");
            if d.starts_with("Interface for NAT Gateway") {
                InterfaceKind::NatGateway
            } else if d.starts_with("VPC Endpoint Interface") {
                InterfaceKind::VpcEndpoint
            } else if d.starts_with("ELB ") {
                InterfaceKind::LoadBalancer
            } else if d.starts_with("Network Interface for Transit Gateway Attachment") {
                InterfaceKind::TransitGateway
            } else if d.starts_with("AWS Lambda VPC ENI") {
                InterfaceKind::Lambda
            } else if requester_id == Some("amazon-elb") {
                InterfaceKind::LoadBalancer
            } else if requester_managed {
                InterfaceKind::Other
            } else {
                InterfaceKind::Interface
            }
        }
        Some(_) => InterfaceKind::Other,
    }
}

/// The owner AWS names in an ENI description: `Interface for NAT Gateway nat-…`, `VPC Endpoint Interface vpce-…`,
/// `Network Interface for Transit Gateway Attachment tgw-attach-…`, `ELB app/name/id` (→ the load balancer's ARN
/// when the snapshot has it, else its name).
fn owner_from_description(t: &Topology, description: &str) -> Option<String> {
    if let Some(rest) = description.strip_prefix("ELB ") {
        let rest = rest.trim();
        if let Some(lb) = t
            .load_balancers
            .iter()
            .find(|lb| lb.id.ends_with(&format!("loadbalancer/{rest}")))
        {
            return Some(lb.id.clone());
        }
        let name = rest.split('/').nth(1).unwrap_or(rest);
        return (!name.is_empty()).then(|| name.to_string());
    }
    description
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .find(|w| {
            ["nat-", "tgw-attach-", "vpce-"]
                .iter()
                .any(|p| w.starts_with(p) && w.len() > p.len())
                && !w.starts_with("vpce-svc-")
        })
        .map(str::to_string)
}

/// `com.amazonaws.us-east-1.s3` → `us-east-1`; `com.amazonaws.vpce.eu-west-1.vpce-svc-…` → `eu-west-1`.
fn region_of_service_name(name: &str) -> Option<String> {
    name.split('.')
        .find(|p| looks_like_region(p))
        .map(str::to_string)
}

fn looks_like_region(s: &str) -> bool {
    super::looks_like_region(s)
}

/// The most frequent value (ties: the alphabetically first), for a single region.
fn most_common(values: &[String]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(v, _)| v.to_string())
}
