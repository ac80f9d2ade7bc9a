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
//!
//! This file holds the HCL writer and the naming of objects; the resources of each family are written by
//! `terraform/{network,filters,compute,endpoints,hybrid}.rs`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use ipnet::IpNet;

use crate::model::*;

mod compute;
mod endpoints;
mod filters;
mod hybrid;
mod network;

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
                    let _ = writeln!(out, "{pad}# {}", comment_line(line));
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
                .map(|n| format!(" from `{}`", comment_line(n)))
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
                comment_line(&other.into_iter().collect::<Vec<_>>().join(", "))
            );
        }
        if !self.external.is_empty() {
            let _ = writeln!(
                head,
                "# Not in this topology, kept as literal ids: {}.",
                comment_line(&self.external.iter().cloned().collect::<Vec<_>>().join(", "))
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
}

/// Text a user wrote (a diagram name, an id) made safe for one `#` comment line: a control character (a lone
/// `\r`, a tab, a NUL …) would end the comment or break the file for HCL readers, so each becomes a space.
/// Found by the `terraform` fuzz target (FUZZING.md).
fn comment_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
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
