//! Wire DTOs → model: merging pages by id, dropping resources that carry no traffic, and the importer quirks of
//! `conventions.md` §6.2 (endpoint ids in `GatewayId`, any-case states, policy documents as JSON strings, the two
//! `PrefixLists` shapes, route `Origin`, ENI owners read from `InterfaceType` / `Description`).
//!
//! This file merges pages, orders the build (`Cx::build`) and converts VPCs, subnets and gateways; each family
//! of resources has its own file: `routing` (route tables, routes, NAT gateways, prefix lists), `filters` (SG
//! rules, NACL entries), `endpoints`, `interfaces` (instances, ENIs) and `hybrid` (peering, TGW, VPN).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;
use serde_json::Value;

use super::{codes, dto, read_item, At, DocInfo};
use crate::model::*;
use crate::Diagnostic;

mod endpoints;
mod filters;
mod hybrid;
mod interfaces;
mod routing;
mod targets;

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
    pub listeners: Vec<Item<dto::Listener>>,
    pub addresses: Vec<Item<dto::Address>>,
    pub dhcp_options: Vec<Item<dto::DhcpOptions>>,
    pub security_group_rules: Vec<Item<dto::SecurityGroupRule>>,
    pub target_groups: Vec<Item<dto::TargetGroup>>,
    pub target_health: Vec<Item<dto::TargetHealthDescription>>,
    pub tgw_associations: Vec<Item<dto::TgwTableAssociation>>,
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
                // `default` is AWS's name for "no DHCP option set" (AmazonProvidedDNS, no domain name).
                dhcp_options_id: non_empty(&v.dhcp_options_id)
                    .filter(|d| !d.eq_ignore_ascii_case("default"))
                    .map(str::to_string),
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

        // --- DHCP option sets -----------------------------------------------------------------------------------
        for (id, item) in self.dedup(c.dhcp_options, "DhcpOptions", "DhcpOptionsId", |d| {
            d.dhcp_options_id.as_deref()
        }) {
            let d = self.dhcp_options(id, item);
            t.dhcp_options.push(d);
        }

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

        // Listeners: each load balancer's ports (a port the trace then checks, ELBV2_LISTENER_PORT_RESTRICTION).
        for (id, item) in self.dedup(c.listeners, "Listeners", "ListenerArn", |l| {
            l.listener_arn.as_deref()
        }) {
            let l = item.v;
            let Some(lb_arn) = non_empty(&l.load_balancer_arn) else {
                self.missing(&id, "LoadBalancerArn", item.doc);
                continue;
            };
            let port = l
                .port
                .and_then(|p| u16::try_from(p).ok())
                .filter(|p| *p > 0);
            let Some(port) = port else {
                self.bad_value(
                    &id,
                    "Port",
                    &format!("{:?}", l.port),
                    "a port from 1 to 65535",
                    item.doc,
                );
                continue;
            };
            match t.load_balancers.iter_mut().find(|lb| lb.id == lb_arn) {
                Some(lb) => push_unique(&mut lb.listener_ports, port),
                None => {
                    let label = self.label(item.doc).to_string();
                    self.warn(
                        codes::DANGLING,
                        &id,
                        "LoadBalancerArn",
                        format!("listener `{id}` in `{label}` belongs to `{lb_arn}`, which the snapshot does not describe; skipped"),
                    );
                }
            }
        }
        for lb in &mut t.load_balancers {
            lb.listener_ports.sort_unstable();
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
            hybrid::TgwInput {
                tgws: c.transit_gateways,
                attachments: c.tgw_attachments,
                vpc_attachments: c.tgw_vpc_attachments,
                tables: c.tgw_route_tables,
                associations: c.tgw_associations,
                propagations: c.tgw_propagations,
                static_routes: c.tgw_static_routes,
            },
        );

        // --- Last, as they need the resources above: rules listed apart from their group (their VPC comes from
        // what uses the group), and load-balancer targets.
        self.security_group_rules(&mut t, c.security_group_rules);
        self.targets(&mut t, c.target_groups, c.target_health);

        t
    }

    /// A DHCP option set: each configuration key's values, as AWS prints them.
    fn dhcp_options(&mut self, id: String, item: Item<dto::DhcpOptions>) -> DhcpOptions {
        let d = item.v;
        let mut out = DhcpOptions {
            name: dto::name_tag(&d.tags),
            owner_id: non_empty(&d.owner_id).map(str::to_string),
            id,
            ..DhcpOptions::default()
        };
        for (i, conf) in d.dhcp_configurations.iter().flatten().enumerate() {
            let values: Vec<String> = conf
                .values
                .iter()
                .flatten()
                .filter_map(|v| non_empty(&v.value).map(str::to_string))
                .collect();
            let key = non_empty(&conf.key).unwrap_or("").to_ascii_lowercase();
            let joined = || Some(values.join(" ")).filter(|v| !v.is_empty());
            match key.as_str() {
                "domain-name" => out.domain_name = joined(),
                "domain-name-servers" => out.domain_name_servers = values,
                "ntp-servers" => out.ntp_servers = values,
                "netbios-name-servers" => out.netbios_name_servers = values,
                "netbios-node-type" => out.netbios_node_type = joined(),
                "ipv6-address-preferred-lease-time" => {
                    out.ipv6_address_preferred_lease_time = joined()
                }
                other => {
                    let label = self.label(item.doc).to_string();
                    let subject = out.id.clone();
                    self.warn(
                        codes::UNSUPPORTED,
                        &subject,
                        format!("DhcpConfigurations[{i}].Key"),
                        format!("DHCP option `{other}` of `{subject}` in `{label}` is not one AWS documents; ignored"),
                    );
                }
            }
        }
        out
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
