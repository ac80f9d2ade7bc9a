//! Terraform HCL for the `hashicorp/aws` provider (names and arguments of `conventions.md` §7).
//!
//! Rules:
//!
//! * one resource per AWS object, named after the object's `name` (or its id), sanitised into a Terraform
//!   identifier and made unique per resource type;
//! * every reference to an object of the topology is a Terraform reference (`aws_vpc.lab.id`), never the AWS id;
//!   an id that names nothing of the topology stays a literal and is listed in the header;
//! * the local route is implicit; a route to a **gateway** endpoint is not a `route` block but the endpoint's
//!   `route_table_ids` (AWS creates that route; `CreateRoute` takes a `VpcEndpointId` for GWLB endpoints only);
//!   propagated routes come from `propagating_vgws` and TGW propagations, not `route` blocks;
//! * security-group rules are `aws_vpc_security_group_{ingress,egress}_rule` resources (one per rule and peer),
//!   so groups that reference each other need no cycle; a default NACL is `aws_default_network_acl`;
//! * AWS-managed prefix lists are `data "aws_ec2_managed_prefix_list"` looked up by name;
//! * instances get `ami = var.ami_id` and `instance_type = var.instance_type`;
//! * what the provider cannot create from this model (a blackhole route, a regional NAT gateway, Direct Connect,
//!   a TGW peering or Connect attachment, S3/DynamoDB resources) is a comment where the resource would be;
//! * output is deterministic: the model's order, one blank line between resources.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use ipnet::IpNet;

use crate::model::*;

/// The Terraform configuration of a topology.
///
/// ```
/// let hcl = vpclab_core::export::terraform(&vpclab_core::synth::generate(1, 2));
/// assert!(hcl.contains("resource \"aws_vpc\" \"vpc_00000\" {"));
/// assert!(hcl.contains("vpc_id            = aws_vpc.vpc_00000.id"));
/// ```
pub fn terraform(t: &Topology) -> String {
    Writer::new(t).finish()
}

/// An HCL expression or a block, written with `terraform fmt`'s alignment of `=` in runs of attributes.
enum Item {
    Attr(String, String),
    Block(String, Vec<Item>),
    Comment(String),
}

fn render(items: &[Item], indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Attr(..) => {
                // A run of single-line attributes: align their `=`.
                let run_end = items[i..]
                    .iter()
                    .position(|it| !matches!(it, Item::Attr(_, v) if !v.contains('\n')))
                    .map_or(items.len(), |n| i + n.max(1));
                let width = items[i..run_end]
                    .iter()
                    .map(|it| {
                        if let Item::Attr(k, _) = it {
                            k.len()
                        } else {
                            0
                        }
                    })
                    .max()
                    .unwrap_or(0);
                for it in &items[i..run_end] {
                    if let Item::Attr(k, v) = it {
                        let v = v.replace('\n', &format!("\n{pad}"));
                        let _ = writeln!(out, "{pad}{k:width$} = {v}");
                    }
                }
                i = run_end;
            }
            Item::Block(head, body) => {
                if i > 0 {
                    out.push('\n');
                }
                let _ = writeln!(out, "{pad}{head} {{");
                render(body, indent + 1, out);
                let _ = writeln!(out, "{pad}}}");
                if i + 1 < items.len() && !matches!(items[i + 1], Item::Block(..)) {
                    out.push('\n');
                }
                i += 1;
            }
            Item::Comment(c) => {
                for line in c.lines() {
                    let _ = writeln!(out, "{pad}# {line}");
                }
                i += 1;
            }
        }
    }
}

/// A quoted HCL string: JSON-style escapes plus `$${` and `%%{`, so nothing is read as a template.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    format!("[{}]", items.join(", "))
}

/// A JSON value as an HCL expression (for `jsonencode(…)`).
fn hcl_value(v: &serde_json::Value, indent: usize) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => q(s),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) => {
            let pad = "  ".repeat(indent + 1);
            let inner: Vec<String> = items
                .iter()
                .map(|x| format!("{pad}{}", hcl_value(x, indent + 1)))
                .collect();
            format!("[\n{},\n{}]", inner.join(",\n"), "  ".repeat(indent))
        }
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => {
            let pad = "  ".repeat(indent + 1);
            let inner: Vec<String> = map
                .iter()
                .map(|(k, x)| format!("{pad}{} = {}", q(k), hcl_value(x, indent + 1)))
                .collect();
            format!("{{\n{}\n{}}}", inner.join("\n"), "  ".repeat(indent))
        }
    }
}

/// A Terraform identifier from a name or an id: lowercase letters, digits and `_`, starting with a letter.
fn ident(base: &str) -> String {
    let mut out = String::new();
    for c in base.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    let out = out.trim_matches('_').to_string();
    match out.chars().next() {
        None => "r".into(),
        Some(c) if c.is_ascii_digit() => format!("r_{out}"),
        Some(_) => out,
    }
}

struct Writer<'a> {
    t: &'a Topology,
    /// AWS id → (resource type, resource name).
    refs: HashMap<&'a str, (&'static str, String)>,
    taken: HashSet<(String, String)>,
    /// Ids referenced but not in the topology.
    external: BTreeSet<String>,
    out: Vec<Item>,
}

impl<'a> Writer<'a> {
    fn new(t: &'a Topology) -> Writer<'a> {
        let mut w = Writer {
            t,
            refs: HashMap::new(),
            taken: HashSet::new(),
            external: BTreeSet::new(),
            out: Vec::new(),
        };
        w.name_everything();
        w
    }

    /// A unique name for a resource of type `ty`.
    fn fresh(&mut self, ty: &str, base: &str) -> String {
        let base = ident(base);
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert((ty.to_string(), name.clone())) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    fn declare(&mut self, id: &'a str, ty: &'static str, base: &str) {
        if id.is_empty() || self.refs.contains_key(id) {
            return;
        }
        let name = self.fresh(ty, base);
        self.refs.insert(id, (ty, name));
    }

    fn name_everything(&mut self) {
        let t = self.t;
        let base = |name: &Option<String>, id: &str| name.clone().unwrap_or_else(|| id.to_string());
        for x in &t.vpcs {
            self.declare(&x.id, "aws_vpc", &base(&x.name, &x.id));
        }
        for x in &t.subnets {
            self.declare(&x.id, "aws_subnet", &base(&x.name, &x.id));
        }
        for x in &t.route_tables {
            self.declare(&x.id, "aws_route_table", &base(&x.name, &x.id));
        }
        for x in &t.internet_gateways {
            self.declare(&x.id, "aws_internet_gateway", &x.id);
        }
        for x in &t.egress_only_internet_gateways {
            self.declare(&x.id, "aws_egress_only_internet_gateway", &x.id);
        }
        for x in &t.nat_gateways {
            if x.subnet_id.is_some() {
                self.declare(&x.id, "aws_nat_gateway", &x.id);
            }
        }
        for x in &t.security_groups {
            self.declare(&x.id, "aws_security_group", &base(&x.name, &x.id));
        }
        for x in &t.network_acls {
            let ty = if x.default {
                "aws_default_network_acl"
            } else {
                "aws_network_acl"
            };
            self.declare(&x.id, ty, &x.id);
        }
        for x in &t.prefix_lists {
            let ty = if x.aws_managed {
                "data.aws_ec2_managed_prefix_list"
            } else {
                "aws_ec2_managed_prefix_list"
            };
            let b = if x.aws_managed {
                x.name.rsplit('.').next().unwrap_or(&x.id).to_string()
            } else {
                x.name.clone()
            };
            self.declare(&x.id, ty, if b.is_empty() { &x.id } else { &b });
        }
        for x in &t.network_interfaces {
            if x.kind == InterfaceKind::Interface {
                self.declare(&x.id, "aws_network_interface", &x.id);
            }
        }
        for x in &t.instances {
            self.declare(&x.id, "aws_instance", &base(&x.name, &x.id));
        }
        for x in &t.load_balancers {
            self.declare(&x.id, "aws_lb", &base(&x.name, &x.id));
        }
        for x in &t.endpoint_services {
            self.declare(&x.id, "aws_vpc_endpoint_service", &x.id);
        }
        for x in &t.vpc_endpoints {
            self.declare(&x.id, "aws_vpc_endpoint", &x.id);
        }
        for x in &t.peering_connections {
            self.declare(&x.id, "aws_vpc_peering_connection", &x.id);
        }
        for x in &t.transit_gateways {
            self.declare(&x.id, "aws_ec2_transit_gateway", &x.id);
        }
        for x in &t.transit_gateway_route_tables {
            self.declare(&x.id, "aws_ec2_transit_gateway_route_table", &x.id);
        }
        for x in &t.vpn_gateways {
            self.declare(&x.id, "aws_vpn_gateway", &x.id);
        }
        for x in &t.customer_gateways {
            self.declare(&x.id, "aws_customer_gateway", &x.id);
        }
        for x in &t.vpn_connections {
            self.declare(&x.id, "aws_vpn_connection", &x.id);
        }
        for x in &t.transit_gateway_attachments {
            if x.kind == TgwAttachmentKind::Vpc {
                self.declare(&x.id, "aws_ec2_transit_gateway_vpc_attachment", &x.id);
            }
        }
    }

    /// `aws_x.name.<attr>` for an object of the topology; the literal id otherwise.
    fn attr(&mut self, id: &str, attr: &str) -> String {
        match self.refs.get(id) {
            Some((ty, name)) => format!("{ty}.{name}.{attr}"),
            None => {
                if !id.is_empty() {
                    self.external.insert(id.to_string());
                }
                q(id)
            }
        }
    }

    fn id_of(&mut self, id: &str) -> String {
        self.attr(id, "id")
    }

    /// The reference to a TGW attachment's id: VPC attachments are resources; VPN attachments belong to their VPN
    /// connection.
    fn attachment(&mut self, id: &str) -> String {
        if let Some(a) = self
            .t
            .transit_gateway_attachments
            .iter()
            .find(|a| a.id == id)
        {
            let tgw_vpn = self
                .t
                .vpn_connections
                .iter()
                .any(|v| v.id == a.resource_id && v.vpn_gateway_id.is_none());
            if a.kind == TgwAttachmentKind::Vpn
                && tgw_vpn
                && self.refs.contains_key(a.resource_id.as_str())
            {
                return self.attr(&a.resource_id.clone(), "transit_gateway_attachment_id");
            }
        }
        self.id_of(id)
    }

    fn ids(&mut self, ids: &[String]) -> String {
        let items: Vec<String> = ids.iter().map(|i| self.id_of(i)).collect();
        list(items)
    }

    /// A resource of an object of the topology (named by `name_everything`).
    fn resource(&mut self, ty: &str, name: &str, body: Vec<Item>) {
        self.out
            .push(Item::Block(format!("resource {} {}", q(ty), q(name)), body));
    }

    /// A resource that is no object of its own (an association, a rule, an EIP): named from `base`, made unique.
    fn extra(&mut self, ty: &str, base: &str, body: Vec<Item>) -> String {
        let name = self.fresh(ty, base);
        self.resource(ty, &name, body);
        name
    }

    fn named(&self, id: &str) -> String {
        self.refs
            .get(id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| ident(id))
    }

    fn tags(name: &Option<String>, id: &str) -> Item {
        let n = name.as_deref().unwrap_or(id);
        Item::Block("tags =".into(), vec![Item::Attr("Name".into(), q(n))])
    }

    fn finish(mut self) -> String {
        let t = self.t;
        self.vpcs();
        self.subnets();
        self.gateways();
        self.prefix_lists();
        self.route_tables();
        self.security_groups();
        self.network_acls();
        self.instances();
        self.load_balancers();
        self.endpoints();
        self.peering();
        self.transit();
        self.vpn();
        self.unsupported();

        let region = t
            .region
            .clone()
            .or_else(|| t.vpcs.iter().find_map(|v| t.vpc_region(v)))
            .unwrap_or_else(|| "us-east-1".into());
        let mut head = String::new();
        let _ = writeln!(
            head,
            "# Terraform for the aws provider, exported by VPC Lab{}.",
            t.name
                .as_deref()
                .map(|n| format!(" from `{n}`"))
                .unwrap_or_default()
        );
        head.push_str("# Review before applying: ids, AMIs and instance types of the real account are not in the diagram.\n");
        let other: BTreeSet<String> = t
            .vpcs
            .iter()
            .filter_map(|v| t.vpc_region(v))
            .filter(|r| *r != region)
            .collect();
        if !other.is_empty() {
            let _ = writeln!(
                head,
                "# The topology spans other Regions too ({}): give their resources a provider alias.",
                other.into_iter().collect::<Vec<_>>().join(", ")
            );
        }
        if !self.external.is_empty() {
            let _ = writeln!(
                head,
                "# Not in this topology, kept as literal ids: {}.",
                self.external.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        head.push('\n');
        let mut prelude = vec![
            Item::Block(
                "terraform".into(),
                vec![Item::Block(
                    "required_providers".into(),
                    vec![Item::Block(
                        "aws =".into(),
                        vec![
                            Item::Attr("source".into(), q("hashicorp/aws")),
                            Item::Attr("version".into(), q(">= 5.0")),
                        ],
                    )],
                )],
            ),
            Item::Block(
                "provider \"aws\"".into(),
                vec![Item::Attr("region".into(), q(&region))],
            ),
        ];
        if !t.instances.is_empty() {
            prelude.push(Item::Block(
                "variable \"ami_id\"".into(),
                vec![
                    Item::Attr("description".into(), q("AMI of the instances")),
                    Item::Attr("type".into(), "string".into()),
                ],
            ));
            prelude.push(Item::Block(
                "variable \"instance_type\"".into(),
                vec![
                    Item::Attr("type".into(), "string".into()),
                    Item::Attr("default".into(), q("t3.micro")),
                ],
            ));
        }
        prelude.append(&mut self.out);
        render(&prelude, 0, &mut head);
        head
    }

    fn vpcs(&mut self) {
        let t = self.t;
        for v in &t.vpcs {
            let name = self.named(&v.id);
            let v4: Vec<&IpNet> = v
                .cidr_blocks
                .iter()
                .filter(|c| matches!(c, IpNet::V4(_)))
                .collect();
            let v6: Vec<&IpNet> = v
                .cidr_blocks
                .iter()
                .filter(|c| matches!(c, IpNet::V6(_)))
                .collect();
            let mut body = Vec::new();
            match v4.first() {
                Some(c) => body.push(Item::Attr("cidr_block".into(), q(&c.to_string()))),
                None => body.push(Item::Comment(
                    "no IPv4 CIDR in the diagram: set cidr_block or ipv4_ipam_pool_id".into(),
                )),
            }
            body.push(Item::Attr(
                "enable_dns_support".into(),
                v.enable_dns_support.to_string(),
            ));
            body.push(Item::Attr(
                "enable_dns_hostnames".into(),
                v.enable_dns_hostnames.to_string(),
            ));
            if let Some(c) = v6.first() {
                body.push(Item::Comment(format!(
                    "the diagram's IPv6 block is {c}; AWS assigns the Amazon-provided one"
                )));
                body.push(Item::Attr(
                    "assign_generated_ipv6_cidr_block".into(),
                    "true".into(),
                ));
            }
            if v.block_public_access != BlockPublicAccess::Off {
                body.push(Item::Comment(format!(
                    "VPC Block Public Access is {:?} in the diagram (an account-level setting: aws_vpc_block_public_access_options)",
                    v.block_public_access
                )));
            }
            body.push(Self::tags(&v.name, &v.id));
            self.resource("aws_vpc", &name, body);
            for (k, c) in v4.iter().enumerate().skip(1) {
                let vpc = self.id_of(&v.id);
                self.extra(
                    "aws_vpc_ipv4_cidr_block_association",
                    &format!("{name}_{k}"),
                    vec![
                        Item::Attr("vpc_id".into(), vpc),
                        Item::Attr("cidr_block".into(), q(&c.to_string())),
                    ],
                );
            }
            if !v.dns_servers.is_empty() {
                let servers = list(v.dns_servers.iter().map(|s| q(&s.to_string())));
                let options = self.extra(
                    "aws_vpc_dhcp_options",
                    &name,
                    vec![Item::Attr("domain_name_servers".into(), servers)],
                );
                let vpc = self.id_of(&v.id);
                self.extra(
                    "aws_vpc_dhcp_options_association",
                    &name,
                    vec![
                        Item::Attr("vpc_id".into(), vpc),
                        Item::Attr(
                            "dhcp_options_id".into(),
                            format!("aws_vpc_dhcp_options.{options}.id"),
                        ),
                    ],
                );
            }
        }
    }

    fn subnets(&mut self) {
        for s in &self.t.subnets {
            let name = self.named(&s.id);
            let mut body = vec![Item::Attr("vpc_id".into(), self.id_of(&s.vpc_id))];
            if let Some(c) = s.cidr_block {
                body.push(Item::Attr("cidr_block".into(), q(&c.to_string())));
            }
            if let Some(c) = s.ipv6_cidr_block {
                body.push(Item::Attr("ipv6_cidr_block".into(), q(&c.to_string())));
            }
            if let Some(az) = &s.az {
                body.push(Item::Attr("availability_zone".into(), q(az)));
            } else if let Some(az) = &s.az_id {
                body.push(Item::Attr("availability_zone_id".into(), q(az)));
            }
            body.push(Self::tags(&s.name, &s.id));
            self.resource("aws_subnet", &name, body);
        }
    }

    fn gateways(&mut self) {
        let t = self.t;
        for g in &t.internet_gateways {
            let mut body = Vec::new();
            if let Some(v) = &g.vpc_id {
                body.push(Item::Attr("vpc_id".into(), self.id_of(v)));
            }
            body.push(Self::tags(&None, &g.id));
            let name = self.named(&g.id);
            self.resource("aws_internet_gateway", &name, body);
        }
        for g in &t.egress_only_internet_gateways {
            let vpc = g.vpc_id.as_deref().unwrap_or_default();
            let body = vec![
                Item::Attr("vpc_id".into(), self.id_of(vpc)),
                Self::tags(&None, &g.id),
            ];
            let name = self.named(&g.id);
            self.resource("aws_egress_only_internet_gateway", &name, body);
        }
        for n in &t.nat_gateways {
            let Some(subnet) = &n.subnet_id else {
                continue; // a regional NAT gateway: see `unsupported`
            };
            let name = self.named(&n.id);
            let mut body = Vec::new();
            if n.connectivity == NatConnectivity::Public {
                let mut eip = vec![Item::Attr("domain".into(), q("vpc"))];
                if let Some(ip) = n.public_ip {
                    eip.push(Item::Comment(format!("{ip} in the diagram")));
                }
                let eip = self.extra("aws_eip", &name, eip);
                body.push(Item::Attr(
                    "allocation_id".into(),
                    format!("aws_eip.{eip}.id"),
                ));
            } else {
                body.push(Item::Attr("connectivity_type".into(), q("private")));
            }
            body.push(Item::Attr("subnet_id".into(), self.id_of(subnet)));
            if let Some(ip) = n.private_ip {
                body.push(Item::Attr("private_ip".into(), q(&ip.to_string())));
            }
            body.push(Self::tags(&None, &n.id));
            self.resource("aws_nat_gateway", &name, body);
        }
    }

    fn prefix_lists(&mut self) {
        for p in &self.t.prefix_lists {
            let name = self.named(&p.id);
            if p.aws_managed {
                self.out.push(Item::Block(
                    format!("data \"aws_ec2_managed_prefix_list\" {}", q(&name)),
                    vec![Item::Attr("name".into(), q(&p.name))],
                ));
                continue;
            }
            let family = if p.cidrs.iter().all(|c| matches!(c, IpNet::V6(_))) && !p.cidrs.is_empty()
            {
                "IPv6"
            } else {
                "IPv4"
            };
            let mut body = vec![
                Item::Attr(
                    "name".into(),
                    q(if p.name.is_empty() { &p.id } else { &p.name }),
                ),
                Item::Attr("address_family".into(), q(family)),
                Item::Attr("max_entries".into(), p.cidrs.len().max(1).to_string()),
            ];
            for c in &p.cidrs {
                body.push(Item::Block(
                    "entry".into(),
                    vec![Item::Attr("cidr".into(), q(&c.to_string()))],
                ));
            }
            self.resource("aws_ec2_managed_prefix_list", &name, body);
        }
    }

    fn is_gateway_endpoint(&self, id: &str) -> bool {
        self.t
            .vpc_endpoints
            .iter()
            .any(|e| e.id == id && e.kind == EndpointKind::Gateway)
    }

    fn route_tables(&mut self) {
        let t = self.t;
        for rt in &t.route_tables {
            let name = self.named(&rt.id);
            let mut body = vec![Item::Attr("vpc_id".into(), self.id_of(&rt.vpc_id))];
            if !rt.propagating_vgws.is_empty() {
                body.push(Item::Attr(
                    "propagating_vgws".into(),
                    self.ids(&rt.propagating_vgws),
                ));
            }
            for r in &rt.routes {
                if r.target == "local" || r.origin.is_propagated() {
                    continue;
                }
                if self.is_gateway_endpoint(&r.target) {
                    continue; // the endpoint's route_table_ids
                }
                if r.state == RouteState::Blackhole {
                    body.push(Item::Comment(format!(
                        "{} → {} is a blackhole in the diagram (its target is gone); not exported",
                        r.destination, r.target
                    )));
                    continue;
                }
                let mut route = Vec::new();
                match &r.destination {
                    Destination::Cidr(c @ IpNet::V4(_)) => {
                        route.push(Item::Attr("cidr_block".into(), q(&c.to_string())))
                    }
                    Destination::Cidr(c) => {
                        route.push(Item::Attr("ipv6_cidr_block".into(), q(&c.to_string())))
                    }
                    Destination::PrefixList(p) => route.push(Item::Attr(
                        "destination_prefix_list_id".into(),
                        self.id_of(p),
                    )),
                }
                let target = match TargetKind::of(&r.target) {
                    TargetKind::InternetGateway | TargetKind::VirtualPrivateGateway => {
                        Some(("gateway_id", self.id_of(&r.target)))
                    }
                    TargetKind::EgressOnlyInternetGateway => {
                        Some(("egress_only_gateway_id", self.id_of(&r.target)))
                    }
                    TargetKind::NatGateway => Some(("nat_gateway_id", self.id_of(&r.target))),
                    TargetKind::PeeringConnection => {
                        Some(("vpc_peering_connection_id", self.id_of(&r.target)))
                    }
                    TargetKind::TransitGateway => {
                        Some(("transit_gateway_id", self.id_of(&r.target)))
                    }
                    TargetKind::NetworkInterface => {
                        Some(("network_interface_id", self.id_of(&r.target)))
                    }
                    TargetKind::Instance => Some((
                        "network_interface_id",
                        self.attr(&r.target, "primary_network_interface_id"),
                    )),
                    TargetKind::VpcEndpoint => Some(("vpc_endpoint_id", self.id_of(&r.target))),
                    TargetKind::Local | TargetKind::Other => None,
                };
                match target {
                    Some((key, value)) => {
                        route.push(Item::Attr(key.into(), value));
                        body.push(Item::Block("route".into(), route));
                    }
                    None => body.push(Item::Comment(format!(
                        "{} → {}: a target the export does not know; not exported",
                        r.destination, r.target
                    ))),
                }
            }
            body.push(Self::tags(&rt.name, &rt.id));
            self.resource("aws_route_table", &name, body);
            let table = self.id_of(&rt.id);
            for s in &rt.subnet_ids {
                let subnet = self.id_of(s);
                let n = format!("{name}_{}", self.named(s));
                self.extra(
                    "aws_route_table_association",
                    &n,
                    vec![
                        Item::Attr("subnet_id".into(), subnet),
                        Item::Attr("route_table_id".into(), table.clone()),
                    ],
                );
            }
            for g in &rt.gateway_ids {
                let gw = self.id_of(g);
                let n = format!("{name}_{}", self.named(g));
                self.extra(
                    "aws_route_table_association",
                    &n,
                    vec![
                        Item::Attr("gateway_id".into(), gw),
                        Item::Attr("route_table_id".into(), table.clone()),
                    ],
                );
            }
            if rt.main {
                let vpc = self.id_of(&rt.vpc_id);
                let n = self.named(&rt.vpc_id);
                self.extra(
                    "aws_main_route_table_association",
                    &n,
                    vec![
                        Item::Attr("vpc_id".into(), vpc),
                        Item::Attr("route_table_id".into(), table),
                    ],
                );
            }
        }
    }

    fn security_groups(&mut self) {
        let t = self.t;
        for sg in &t.security_groups {
            let name = self.named(&sg.id);
            let body = vec![
                Item::Attr("name".into(), q(sg.name.as_deref().unwrap_or(&sg.id))),
                Item::Attr("description".into(), q("exported by VPC Lab")),
                Item::Attr("vpc_id".into(), self.id_of(&sg.vpc_id)),
                Self::tags(&sg.name, &sg.id),
            ];
            self.resource("aws_security_group", &name, body);
            let group = self.id_of(&sg.id);
            for (direction, rules) in [("ingress", &sg.ingress), ("egress", &sg.egress)] {
                let mut n = 0;
                for rule in rules {
                    let mut peers: Vec<(&str, String)> = Vec::new();
                    for c in &rule.cidrs {
                        let key = if matches!(c, IpNet::V4(_)) {
                            "cidr_ipv4"
                        } else {
                            "cidr_ipv6"
                        };
                        peers.push((key, q(&c.to_string())));
                    }
                    for p in &rule.prefix_list_ids {
                        peers.push(("prefix_list_id", self.id_of(p)));
                    }
                    for g in &rule.security_group_ids {
                        peers.push(("referenced_security_group_id", self.id_of(g)));
                    }
                    for (key, peer) in peers {
                        n += 1;
                        let mut body = vec![
                            Item::Attr("security_group_id".into(), group.clone()),
                            Item::Attr(key.into(), peer),
                            Item::Attr("ip_protocol".into(), q(&rule.protocol)),
                        ];
                        if rule.protocol != "-1" {
                            // Absent ports: every port (tcp/udp), every type and code (icmp).
                            let tcp_udp = matches!(
                                rule.protocol.to_ascii_lowercase().as_str(),
                                "tcp" | "udp" | "6" | "17"
                            );
                            let (all_from, all_to) = if tcp_udp { (0, 65535) } else { (-1, -1) };
                            let from = rule.from_port.unwrap_or(all_from);
                            let to =
                                rule.to_port
                                    .unwrap_or(if tcp_udp && rule.from_port.is_some() {
                                        from
                                    } else {
                                        all_to
                                    });
                            body.push(Item::Attr("from_port".into(), from.to_string()));
                            body.push(Item::Attr("to_port".into(), to.to_string()));
                        }
                        if let Some(d) = &rule.description {
                            body.push(Item::Attr("description".into(), q(d)));
                        }
                        self.extra(
                            &format!("aws_vpc_security_group_{direction}_rule"),
                            &format!("{name}_{direction}_{n}"),
                            body,
                        );
                    }
                }
            }
        }
    }

    fn nacl_rule(e: &NaclEntry) -> Vec<Item> {
        let mut body = vec![
            Item::Attr("protocol".into(), q(&e.protocol)),
            Item::Attr(
                "action".into(),
                q(match e.action {
                    RuleAction::Allow => "allow",
                    RuleAction::Deny => "deny",
                }),
            ),
        ];
        let key = if matches!(e.cidr, IpNet::V4(_)) {
            "cidr_block"
        } else {
            "ipv6_cidr_block"
        };
        body.push(Item::Attr(key.into(), q(&e.cidr.to_string())));
        let (from, to) = e.port_range.map_or((0, 0), |(a, b)| (a, b));
        body.push(Item::Attr("from_port".into(), from.to_string()));
        body.push(Item::Attr("to_port".into(), to.to_string()));
        if let Some(x) = e.icmp_type {
            body.push(Item::Attr("icmp_type".into(), x.to_string()));
        }
        if let Some(x) = e.icmp_code {
            body.push(Item::Attr("icmp_code".into(), x.to_string()));
        }
        body
    }

    fn network_acls(&mut self) {
        let t = self.t;
        for acl in &t.network_acls {
            // Rule 32767 (`*`) is the implicit deny every NACL has; it cannot be declared.
            let entries: Vec<&NaclEntry> = acl
                .entries
                .iter()
                .filter(|e| e.rule_number != 32767)
                .collect();
            let name = self.named(&acl.id);
            let subnets = (!acl.subnet_ids.is_empty()).then(|| self.ids(&acl.subnet_ids));
            if acl.default {
                let mut body = vec![Item::Attr(
                    "default_network_acl_id".into(),
                    self.attr(&acl.vpc_id, "default_network_acl_id"),
                )];
                if let Some(s) = subnets {
                    body.push(Item::Attr("subnet_ids".into(), s));
                }
                for e in entries {
                    let mut rule = vec![Item::Attr("rule_no".into(), e.rule_number.to_string())];
                    rule.extend(Self::nacl_rule(e));
                    body.push(Item::Block(
                        if e.egress { "egress" } else { "ingress" }.into(),
                        rule,
                    ));
                }
                self.resource("aws_default_network_acl", &name, body);
                continue;
            }
            let mut body = vec![Item::Attr("vpc_id".into(), self.id_of(&acl.vpc_id))];
            if let Some(s) = subnets {
                body.push(Item::Attr("subnet_ids".into(), s));
            }
            body.push(Self::tags(&None, &acl.id));
            self.resource("aws_network_acl", &name, body);
            for e in entries {
                let mut rule = vec![
                    Item::Attr(
                        "network_acl_id".into(),
                        format!("aws_network_acl.{name}.id"),
                    ),
                    Item::Attr("rule_number".into(), e.rule_number.to_string()),
                    Item::Attr("egress".into(), e.egress.to_string()),
                ];
                for item in Self::nacl_rule(e) {
                    rule.push(match item {
                        Item::Attr(k, v) if k == "action" => Item::Attr("rule_action".into(), v),
                        other => other,
                    });
                }
                let n = format!(
                    "{name}_{}_{}",
                    if e.egress { "out" } else { "in" },
                    e.rule_number
                );
                self.extra("aws_network_acl_rule", &n, rule);
            }
        }
    }

    fn instances(&mut self) {
        let t = self.t;
        for eni in t
            .network_interfaces
            .iter()
            .filter(|e| e.kind == InterfaceKind::Interface)
        {
            let mut body = vec![Item::Attr("subnet_id".into(), self.id_of(&eni.subnet_id))];
            if !eni.private_ips.is_empty() {
                let v4: Vec<String> = eni
                    .private_ips
                    .iter()
                    .filter(|i| i.is_ipv4())
                    .map(|i| q(&i.to_string()))
                    .collect();
                let v6: Vec<String> = eni
                    .private_ips
                    .iter()
                    .filter(|i| i.is_ipv6())
                    .map(|i| q(&i.to_string()))
                    .collect();
                if !v4.is_empty() {
                    body.push(Item::Attr("private_ips".into(), list(v4)));
                }
                if !v6.is_empty() {
                    body.push(Item::Attr("ipv6_addresses".into(), list(v6)));
                }
            }
            if !eni.security_group_ids.is_empty() {
                body.push(Item::Attr(
                    "security_groups".into(),
                    self.ids(&eni.security_group_ids),
                ));
            }
            if !eni.source_dest_check {
                body.push(Item::Attr("source_dest_check".into(), "false".into()));
            }
            if let Some(d) = &eni.description {
                body.push(Item::Attr("description".into(), q(d)));
            }
            let name = self.named(&eni.id);
            self.resource("aws_network_interface", &name, body);
        }
        for i in &t.instances {
            let name = self.named(&i.id);
            let mut body = vec![
                Item::Attr("ami".into(), "var.ami_id".into()),
                Item::Attr("instance_type".into(), "var.instance_type".into()),
            ];
            let enis: Vec<&String> = i
                .network_interface_ids
                .iter()
                .filter(|e| {
                    self.refs
                        .get(e.as_str())
                        .is_some_and(|(ty, _)| *ty == "aws_network_interface")
                })
                .collect();
            if enis.is_empty() {
                if let Some(s) = &i.subnet_id {
                    body.push(Item::Attr("subnet_id".into(), self.id_of(s)));
                }
                if let Some(ip) = i.private_ip.filter(|ip| ip.is_ipv4()) {
                    body.push(Item::Attr("private_ip".into(), q(&ip.to_string())));
                }
                if !i.security_group_ids.is_empty() {
                    body.push(Item::Attr(
                        "vpc_security_group_ids".into(),
                        self.ids(&i.security_group_ids),
                    ));
                }
                if i.public_ip.is_some() {
                    body.push(Item::Attr(
                        "associate_public_ip_address".into(),
                        "true".into(),
                    ));
                }
                if !i.ipv6_addresses.is_empty() {
                    body.push(Item::Attr(
                        "ipv6_addresses".into(),
                        list(i.ipv6_addresses.iter().map(|a| q(&a.to_string()))),
                    ));
                }
                if !i.source_dest_check {
                    body.push(Item::Attr("source_dest_check".into(), "false".into()));
                }
            } else {
                for (k, e) in enis.into_iter().enumerate() {
                    let eni = self.id_of(e);
                    body.push(Item::Block(
                        "network_interface".into(),
                        vec![
                            Item::Attr("network_interface_id".into(), eni),
                            Item::Attr("device_index".into(), k.to_string()),
                        ],
                    ));
                }
            }
            body.push(Self::tags(&i.name, &i.id));
            self.resource("aws_instance", &name, body);
        }
    }

    fn load_balancers(&mut self) {
        for lb in &self.t.load_balancers {
            let name = self.named(&lb.id);
            let kind = if lb.kind.is_empty() {
                "network"
            } else {
                lb.kind.as_str()
            };
            let mut lb_name: String = ident(lb.name.as_deref().unwrap_or(&name))
                .replace('_', "-")
                .chars()
                .take(32)
                .collect();
            lb_name = lb_name.trim_matches('-').to_string();
            let mut body = vec![
                Item::Attr("name".into(), q(&lb_name)),
                Item::Attr("load_balancer_type".into(), q(kind)),
                Item::Attr("subnets".into(), self.ids(&lb.subnet_ids)),
            ];
            if kind != "gateway" {
                body.push(Item::Attr(
                    "internal".into(),
                    (!lb.internet_facing).to_string(),
                ));
            }
            if lb.cross_zone {
                body.push(Item::Attr(
                    "enable_cross_zone_load_balancing".into(),
                    "true".into(),
                ));
            }
            if !lb.listener_ports.is_empty() {
                body.push(Item::Comment(format!(
                    "listeners on {} and targets are not exported",
                    lb.listener_ports
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            self.resource("aws_lb", &name, body);
        }
    }

    fn endpoints(&mut self) {
        let t = self.t;
        for s in &t.endpoint_services {
            let name = self.named(&s.id);
            let lbs: Vec<String> = s
                .load_balancer_arns
                .iter()
                .map(|a| self.attr(a, "arn"))
                .collect();
            let key = if s.kind == EndpointKind::GatewayLoadBalancer {
                "gateway_load_balancer_arns"
            } else {
                "network_load_balancer_arns"
            };
            let mut body = vec![
                Item::Attr(
                    "acceptance_required".into(),
                    s.acceptance_required.to_string(),
                ),
                Item::Attr(key.into(), list(lbs)),
            ];
            if !s.allowed_principals.is_empty() {
                body.push(Item::Attr(
                    "allowed_principals".into(),
                    list(s.allowed_principals.iter().map(|p| q(p))),
                ));
            }
            if !s.supported_regions.is_empty() {
                body.push(Item::Attr(
                    "supported_regions".into(),
                    list(s.supported_regions.iter().map(|p| q(p))),
                ));
            }
            if let Some(d) = &s.private_dns_name {
                body.push(Item::Attr("private_dns_name".into(), q(d)));
            }
            self.resource("aws_vpc_endpoint_service", &name, body);
        }
        for e in &t.vpc_endpoints {
            let name = self.named(&e.id);
            let service = match t
                .endpoint_services
                .iter()
                .find(|s| s.service_name == e.service_name)
            {
                Some(s) => self.attr(&s.id, "service_name"),
                None => q(&e.service_name),
            };
            let kind = match e.kind {
                EndpointKind::Gateway => "Gateway",
                EndpointKind::Interface => "Interface",
                EndpointKind::GatewayLoadBalancer => "GatewayLoadBalancer",
                EndpointKind::Resource => "Resource",
                EndpointKind::ServiceNetwork => "ServiceNetwork",
            };
            let mut body = vec![
                Item::Attr("vpc_id".into(), self.id_of(&e.vpc_id)),
                Item::Attr("service_name".into(), service),
                Item::Attr("vpc_endpoint_type".into(), q(kind)),
            ];
            if let Some(r) = &e.service_region {
                body.push(Item::Attr("service_region".into(), q(r)));
            }
            if e.kind == EndpointKind::Gateway {
                // Its own associations, plus the tables whose routes name it (the route AWS adds for it).
                let mut tables: Vec<String> = e.route_table_ids.clone();
                for rt in &t.route_tables {
                    if rt.routes.iter().any(|r| r.target == e.id) && !tables.contains(&rt.id) {
                        tables.push(rt.id.clone());
                    }
                }
                if !tables.is_empty() {
                    body.push(Item::Attr("route_table_ids".into(), self.ids(&tables)));
                }
            }
            if !e.subnet_ids.is_empty() {
                body.push(Item::Attr("subnet_ids".into(), self.ids(&e.subnet_ids)));
            }
            if !e.security_group_ids.is_empty() {
                body.push(Item::Attr(
                    "security_group_ids".into(),
                    self.ids(&e.security_group_ids),
                ));
            }
            if e.kind == EndpointKind::Interface {
                body.push(Item::Attr(
                    "private_dns_enabled".into(),
                    e.private_dns_enabled.to_string(),
                ));
            }
            if e.ip_address_type != IpAddressType::Ipv4 {
                let ty = match e.ip_address_type {
                    IpAddressType::Ipv4 => "ipv4",
                    IpAddressType::Ipv6 => "ipv6",
                    IpAddressType::Dualstack => "dualstack",
                };
                body.push(Item::Attr("ip_address_type".into(), q(ty)));
            }
            if e.dns_record_ip_type.is_some() || e.private_dns_only_for_inbound_resolver_endpoint {
                let mut dns = Vec::new();
                if let Some(d) = &e.dns_record_ip_type {
                    dns.push(Item::Attr("dns_record_ip_type".into(), q(d)));
                }
                if e.private_dns_only_for_inbound_resolver_endpoint {
                    dns.push(Item::Attr(
                        "private_dns_only_for_inbound_resolver_endpoint".into(),
                        "true".into(),
                    ));
                }
                body.push(Item::Block("dns_options".into(), dns));
            }
            if let Some(p) = &e.policy {
                body.push(Item::Attr(
                    "policy".into(),
                    format!("jsonencode({})", hcl_value(p, 0)),
                ));
            }
            body.push(Self::tags(&None, &e.id));
            self.resource("aws_vpc_endpoint", &name, body);
        }
    }

    fn peering(&mut self) {
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
            body.push(Self::tags(&None, &p.id));
            self.resource("aws_vpc_peering_connection", &name, body);
        }
    }

    fn transit(&mut self) {
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

    fn vpn(&mut self) {
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

    fn unsupported(&mut self) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_strings() {
        assert_eq!(ident("vpc-0a1b"), "vpc_0a1b");
        assert_eq!(ident("Private subnet (a)"), "private_subnet_a");
        assert_eq!(ident("10-net"), "r_10_net");
        assert_eq!(ident("---"), "r");
        assert_eq!(
            q("a \"b\" ${x} %{y} $z \\"),
            r#""a \"b\" $${x} %%{y} $z \\""#
        );
    }
}
