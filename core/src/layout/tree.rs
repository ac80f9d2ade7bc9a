//! What is drawn, before where: the topology (and its flows) as containers, nodes and edges.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;

use crate::diagram::Diagram;
use crate::model::{EndpointKind, InterfaceKind, RouteTable, TargetKind, Topology};
use crate::path::dns::parse_service_name;

use super::{aws_service_node, EdgeKind, SceneKind};

/// Where an outside node wants to be (see `place`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Anchor {
    /// Inside a subnet, on a VPC edge, or a badge: not an outside node.
    Contained,
    /// Between two VPCs (a peering connection).
    Between(String, String),
    /// Below the VPCs it attaches (a transit gateway).
    Tgw(Vec<String>),
    /// Right of its provider VPC, level with its load balancer node.
    EndpointService {
        vpc: Option<String>,
        lb: Option<String>,
    },
    /// The column of AWS services on the right of the region.
    Service,
    /// Next to its service node.
    Resource(String),
    Internet,
    OnPrem,
    /// Between on premises and the VPN connections (keys).
    Cgw(Vec<String>),
    /// Left of the gateway (VGW or TGW key) it terminates on.
    Vpn(Option<String>),
    /// Left of the gateways (keys) it attaches.
    Dx(Vec<String>),
    /// Anywhere free in its region.
    Free,
}

#[derive(Debug, Clone)]
pub(super) struct TNode {
    pub key: String,
    pub id: String,
    pub kind: SceneKind,
    pub label: String,
    pub sublabel: Option<String>,
    pub region: Option<String>,
    pub anchor: Anchor,
}

#[derive(Debug, Clone)]
pub(super) struct TVpc {
    pub id: String,
    pub label: String,
    pub sublabel: String,
    pub region: String,
    /// AZ columns, sorted; `None` (subnets without an AZ) last.
    pub azs: Vec<Option<String>>,
    pub subnets: Vec<usize>,
    /// Top edge: internet gateways, egress-only internet gateways, regional NAT gateways, gateway endpoints.
    pub top: Vec<TNode>,
    /// Bottom edge: virtual private gateways.
    pub bottom: Vec<TNode>,
    /// Route tables, network ACLs, security groups.
    pub badges: Vec<TNode>,
}

#[derive(Debug, Clone)]
pub(super) struct TSubnet {
    pub id: String,
    pub vpc: usize,
    pub az: Option<String>,
    pub label: String,
    pub sublabel: String,
    pub public: bool,
    pub nodes: Vec<TNode>,
}

#[derive(Debug, Clone)]
pub(super) struct TEdge {
    pub key: String,
    pub kind: EdgeKind,
    pub from: String,
    pub to: String,
    pub id: Option<String>,
    pub implicit: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Tree {
    /// In order of first appearance (the topology's region first).
    pub regions: Vec<String>,
    pub vpcs: Vec<TVpc>,
    pub subnets: Vec<TSubnet>,
    pub outside: Vec<TNode>,
    pub edges: Vec<TEdge>,
    /// Object id → the node keys that stand for it (an endpoint's per-subnet interfaces, an ENI's owner, a TGW
    /// attachment's transit gateway …), for mapping trace hops to nodes.
    pub alias: HashMap<String, Vec<String>>,
    pub vpc_ix: HashMap<String, usize>,
    pub subnet_ix: HashMap<String, usize>,
}

impl Tree {
    /// Container of every positionable key: subnet → VPC, node inside a subnet → subnet.
    pub fn containers(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for s in &self.subnets {
            out.insert(s.id.clone(), self.vpcs[s.vpc].id.clone());
            for n in &s.nodes {
                out.insert(n.key.clone(), s.id.clone());
            }
        }
        out
    }

    /// Positionable keys that move with `key`.
    pub fn descendants(&self, key: &str) -> Vec<String> {
        if let Some(&v) = self.vpc_ix.get(key) {
            let mut out = Vec::new();
            for &s in &self.vpcs[v].subnets {
                out.push(self.subnets[s].id.clone());
                out.extend(self.subnets[s].nodes.iter().map(|n| n.key.clone()));
            }
            return out;
        }
        if let Some(&s) = self.subnet_ix.get(key) {
            return self.subnets[s]
                .nodes
                .iter()
                .map(|n| n.key.clone())
                .collect();
        }
        Vec::new()
    }

    fn add_region(&mut self, r: &str) {
        if !self.regions.iter().any(|x| x == r) {
            self.regions.push(r.to_string());
        }
    }
}

fn label_of(name: &Option<String>, id: &str) -> String {
    match name {
        Some(n) if !n.trim().is_empty() => n.clone(),
        _ => id.to_string(),
    }
}

/// A readable label for a load balancer id that may be an ARN.
fn lb_label(name: &Option<String>, id: &str) -> String {
    match name {
        Some(n) if !n.trim().is_empty() => n.clone(),
        _ => id.rsplit(['/', ':']).nth(1).unwrap_or(id).to_string(),
    }
}

fn pretty_service(s: &str) -> String {
    match s {
        "s3" => "Amazon S3".into(),
        "s3express" => "S3 Express".into(),
        "dynamodb" => "Amazon DynamoDB".into(),
        "sqs" => "Amazon SQS".into(),
        "sns" => "Amazon SNS".into(),
        "ec2" => "Amazon EC2 API".into(),
        "kms" => "AWS KMS".into(),
        "sts" => "AWS STS".into(),
        "ssm" => "Systems Manager".into(),
        "logs" => "CloudWatch Logs".into(),
        "ecr.api" | "ecr.dkr" => format!("Amazon ECR ({s})"),
        "secretsmanager" => "Secrets Manager".into(),
        "execute-api" => "API Gateway".into(),
        "lambda" => "AWS Lambda".into(),
        _ => s.to_string(),
    }
}

/// `com.amazonaws.<region>.<service>` → (region, service); `None` for PrivateLink (`com.amazonaws.vpce.…`).
pub(super) fn aws_service_of(name: &str) -> Option<(String, String)> {
    crate::path::index::Index::service_of(name).map(|(r, s)| (r.to_string(), s.to_string()))
}

/// `com.amazonaws.vpce.<region>.vpce-svc-…` → region.
fn privatelink_region(name: &str) -> Option<String> {
    let rest = name.strip_prefix("com.amazonaws.vpce.")?;
    rest.split('.').next().map(str::to_string)
}

/// The route table a subnet uses: explicit association, else its VPC's main table.
pub(crate) fn subnet_route_table<'t>(t: &'t Topology, subnet: &str) -> Option<&'t RouteTable> {
    let vpc = &t.subnets.iter().find(|s| s.id == subnet)?.vpc_id;
    t.route_tables
        .iter()
        .find(|r| r.subnet_ids.iter().any(|s| s == subnet))
        .or_else(|| t.route_tables.iter().find(|r| r.main && &r.vpc_id == vpc))
}

/// Whether a route table sends the default route to an internet gateway (AWS's meaning of a public subnet).
pub(crate) fn routes_to_igw(rt: &RouteTable) -> bool {
    rt.routes.iter().any(|r| {
        matches!(&r.destination, crate::model::Destination::Cidr(c) if c.prefix_len() == 0)
            && TargetKind::of(&r.target) == TargetKind::InternetGateway
            && r.state == crate::model::RouteState::Active
    })
}

struct Builder<'a> {
    t: &'a Topology,
    tree: Tree,
    keys: HashSet<String>,
    edge_keys: HashSet<String>,
    default_region: String,
}

impl Builder<'_> {
    fn claim(&mut self, key: &str) -> bool {
        self.keys.insert(key.to_string())
    }

    fn alias(&mut self, id: &str, key: &str) {
        let v = self.tree.alias.entry(id.to_string()).or_default();
        if !v.iter().any(|k| k == key) {
            v.push(key.to_string());
        }
    }

    fn edge(&mut self, kind: EdgeKind, from: &str, to: &str, id: Option<&str>, implicit: bool) {
        let key = format!("{}:{from}:{to}", edge_code(kind));
        if !self.edge_keys.insert(key.clone()) {
            return;
        }
        self.tree.edges.push(TEdge {
            key,
            kind,
            from: from.to_string(),
            to: to.to_string(),
            id: id.map(str::to_string),
            implicit,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn node(
        &mut self,
        key: String,
        id: &str,
        kind: SceneKind,
        label: String,
        sublabel: Option<String>,
        region: Option<String>,
        anchor: Anchor,
    ) -> Option<TNode> {
        if !self.claim(&key) {
            return None;
        }
        self.alias(id, &key);
        Some(TNode {
            key,
            id: id.to_string(),
            kind,
            label,
            sublabel,
            region,
            anchor,
        })
    }

    fn outside(&mut self, n: Option<TNode>) {
        if let Some(n) = n {
            if let Some(r) = &n.region {
                self.tree.add_region(r);
            }
            self.tree.outside.push(n);
        }
    }

    fn in_subnet(&mut self, subnet: usize, n: Option<TNode>) {
        if let Some(n) = n {
            self.tree.subnets[subnet].nodes.push(n);
        }
    }
}

fn edge_code(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::RouteTableAssociation => "rta",
        EdgeKind::EndpointRouteTable => "ert",
        EdgeKind::NaclAssociation => "nacl",
        EdgeKind::SecurityGroup => "sg",
        EdgeKind::Peering => "pcx",
        EdgeKind::TgwAttachment => "tgw",
        EdgeKind::Vpn => "vpn",
        EdgeKind::DirectConnect => "dx",
        EdgeKind::Internet => "net",
        EdgeKind::Service => "svc",
        EdgeKind::PrivateLink => "pl",
        EdgeKind::LoadBalancer => "lb",
    }
}

pub(super) fn build(d: &Diagram) -> Tree {
    let t = &d.topology;
    let default_region = t.region.clone().unwrap_or_else(|| "us-east-1".into());
    let mut b = Builder {
        t,
        tree: Tree::default(),
        keys: HashSet::new(),
        edge_keys: HashSet::new(),
        default_region: default_region.clone(),
    };
    b.tree.add_region(&default_region);
    vpcs_and_subnets(&mut b);
    subnet_nodes(&mut b);
    vpc_edges_and_badges(&mut b);
    outside_nodes(&mut b, d);
    let mut tree = b.tree;
    // Drop regions nothing is drawn in (the default region of an empty diagram stays).
    let used: HashSet<String> = tree
        .vpcs
        .iter()
        .map(|v| v.region.clone())
        .chain(tree.outside.iter().filter_map(|n| n.region.clone()))
        .collect();
    if !used.is_empty() {
        tree.regions.retain(|r| used.contains(r));
    }
    tree
}

fn vpcs_and_subnets(b: &mut Builder<'_>) {
    let t = b.t;
    for v in &t.vpcs {
        if !b.claim(&v.id) {
            continue;
        }
        let region = t.vpc_region(v).unwrap_or_else(|| b.default_region.clone());
        b.tree.add_region(&region);
        let cidrs: Vec<String> = v.cidr_blocks.iter().map(|c| c.to_string()).collect();
        let sublabel = match &v.name {
            Some(n) if !n.trim().is_empty() => std::iter::once(v.id.clone())
                .chain(cidrs)
                .collect::<Vec<_>>()
                .join(" · "),
            _ => cidrs.join(" · "),
        };
        b.tree.vpc_ix.insert(v.id.clone(), b.tree.vpcs.len());
        b.tree.vpcs.push(TVpc {
            id: v.id.clone(),
            label: label_of(&v.name, &v.id),
            sublabel,
            region,
            azs: Vec::new(),
            subnets: Vec::new(),
            top: Vec::new(),
            bottom: Vec::new(),
            badges: Vec::new(),
        });
    }
    for s in &t.subnets {
        let Some(&v) = b.tree.vpc_ix.get(&s.vpc_id) else {
            continue;
        };
        if !b.claim(&s.id) {
            continue;
        }
        let public = subnet_route_table(t, &s.id).is_some_and(routes_to_igw);
        let mut parts: Vec<String> = Vec::new();
        if let Some(c) = s.cidr_block {
            parts.push(c.to_string());
        }
        if let Some(c) = s.ipv6_cidr_block {
            parts.push(c.to_string());
        }
        if let Some(az) = &s.az {
            parts.push(az.clone());
        }
        let i = b.tree.subnets.len();
        b.tree.subnet_ix.insert(s.id.clone(), i);
        b.tree.subnets.push(TSubnet {
            id: s.id.clone(),
            vpc: v,
            az: s.az.clone(),
            label: label_of(&s.name, &s.id),
            sublabel: parts.join(" · "),
            public,
            nodes: Vec::new(),
        });
        let vpc = &mut b.tree.vpcs[v];
        vpc.subnets.push(i);
        if !vpc.azs.contains(&s.az) {
            vpc.azs.push(s.az.clone());
        }
    }
    for v in &mut b.tree.vpcs {
        // Sorted AZs, subnets without an AZ last.
        v.azs.sort_by(|a, b| match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => x.cmp(y),
        });
    }
}

fn first_ip(ips: &[IpAddr]) -> Option<String> {
    ips.first().map(|i| i.to_string())
}

fn subnet_nodes(b: &mut Builder<'_>) {
    let t = b.t;
    // ENI id → its subnet index.
    let eni_subnet: HashMap<&str, usize> = t
        .network_interfaces
        .iter()
        .filter_map(|e| Some((e.id.as_str(), *b.tree.subnet_ix.get(&e.subnet_id)?)))
        .collect();
    let eni_by_id: HashMap<&str, &crate::model::NetworkInterface> = t
        .network_interfaces
        .iter()
        .map(|e| (e.id.as_str(), e))
        .collect();
    for inst in &t.instances {
        let subnet = inst
            .subnet_id
            .as_deref()
            .and_then(|s| b.tree.subnet_ix.get(s).copied())
            .or_else(|| {
                inst.network_interface_ids
                    .iter()
                    .find_map(|e| eni_subnet.get(e.as_str()).copied())
            });
        let Some(s) = subnet else { continue };
        let ip = inst.private_ip.map(|i| i.to_string()).or_else(|| {
            inst.network_interface_ids.iter().find_map(|e| {
                eni_by_id
                    .get(e.as_str())
                    .and_then(|e| first_ip(&e.private_ips))
            })
        });
        let n = b.node(
            inst.id.clone(),
            &inst.id,
            SceneKind::Instance,
            label_of(&inst.name, &inst.id),
            ip,
            None,
            Anchor::Contained,
        );
        if let Some(n) = &n {
            let key = n.key.clone();
            for e in &inst.network_interface_ids {
                b.alias(e, &key);
            }
            for g in &inst.security_group_ids {
                b.edge(EdgeKind::SecurityGroup, &key, g, None, false);
            }
        }
        b.in_subnet(s, n);
    }
    for nat in &t.nat_gateways {
        let Some(s) = nat
            .subnet_id
            .as_deref()
            .and_then(|s| b.tree.subnet_ix.get(s).copied())
        else {
            continue; // Regional NAT gateways sit on the VPC edge (vpc_edges_and_badges).
        };
        let sub = nat.private_ip.map(|i| format!("NAT · {i}"));
        let n = b.node(
            nat.id.clone(),
            &nat.id,
            SceneKind::NatGateway,
            nat.id.clone(),
            sub.or_else(|| Some("NAT gateway".into())),
            None,
            Anchor::Contained,
        );
        if let (Some(n), Some(e)) = (&n, &nat.eni_id) {
            let key = n.key.clone();
            b.alias(e, &key);
        }
        b.in_subnet(s, n);
    }
    for ep in &t.vpc_endpoints {
        let kind = match ep.kind {
            EndpointKind::Gateway => continue,
            EndpointKind::GatewayLoadBalancer => SceneKind::GatewayLoadBalancerEndpoint,
            _ => SceneKind::InterfaceEndpoint,
        };
        let service = aws_service_of(&ep.service_name)
            .map(|(_, s)| s)
            .unwrap_or_else(|| {
                ep.service_name
                    .rsplit('.')
                    .next()
                    .unwrap_or(&ep.service_name)
                    .to_string()
            });
        for sid in &ep.subnet_ids {
            let Some(&s) = b.tree.subnet_ix.get(sid) else {
                continue;
            };
            let n = b.node(
                format!("{}@{sid}", ep.id),
                &ep.id,
                kind,
                ep.id.clone(),
                Some(service.clone()),
                None,
                Anchor::Contained,
            );
            if let Some(n) = &n {
                let key = n.key.clone();
                for g in &ep.security_group_ids {
                    b.edge(EdgeKind::SecurityGroup, &key, g, None, false);
                }
            }
            b.in_subnet(s, n);
        }
        for e in &ep.network_interface_ids {
            if let Some(&s) = eni_subnet.get(e.as_str()) {
                let key = format!("{}@{}", ep.id, b.tree.subnets[s].id);
                if b.keys.contains(&key) {
                    b.alias(e, &key);
                }
            }
        }
    }
    for lb in &t.load_balancers {
        for sid in &lb.subnet_ids {
            let Some(&s) = b.tree.subnet_ix.get(sid) else {
                continue;
            };
            let kind_label = match lb.kind.as_str() {
                "network" => "NLB",
                "gateway" => "GWLB",
                "application" => "ALB",
                other => other,
            };
            let n = b.node(
                format!("{}@{sid}", lb.id),
                &lb.id,
                SceneKind::LoadBalancer,
                lb_label(&lb.name, &lb.id),
                Some(kind_label.to_string()),
                None,
                Anchor::Contained,
            );
            b.in_subnet(s, n);
        }
    }
    // Network interfaces: aliased to what owns them, drawn only when they belong to nothing drawn.
    for eni in &t.network_interfaces {
        if b.tree.alias.contains_key(&eni.id) {
            continue;
        }
        let Some(&s) = b.tree.subnet_ix.get(&eni.subnet_id) else {
            continue;
        };
        let owner_key = eni.attached_to.as_deref().and_then(|a| {
            if b.keys.contains(a) {
                return Some(a.to_string());
            }
            let per_subnet = format!("{a}@{}", eni.subnet_id);
            if b.keys.contains(&per_subnet) {
                return Some(per_subnet);
            }
            // A load balancer named by its name rather than its id.
            t.load_balancers
                .iter()
                .find(|l| l.name.as_deref() == Some(a))
                .map(|l| format!("{}@{}", l.id, eni.subnet_id))
                .filter(|k| b.keys.contains(k))
        });
        if let Some(k) = owner_key {
            b.alias(&eni.id, &k);
            continue;
        }
        if eni.kind == InterfaceKind::TransitGateway {
            continue; // Drawn as the attachment edge.
        }
        let n = b.node(
            eni.id.clone(),
            &eni.id,
            SceneKind::NetworkInterface,
            eni.description
                .clone()
                .filter(|d| !d.trim().is_empty() && d.len() <= 24)
                .unwrap_or_else(|| eni.id.clone()),
            first_ip(&eni.private_ips),
            None,
            Anchor::Contained,
        );
        if let Some(n) = &n {
            let key = n.key.clone();
            for g in &eni.security_group_ids {
                b.edge(EdgeKind::SecurityGroup, &key, g, None, false);
            }
        }
        b.in_subnet(s, n);
    }
}

fn vpc_edges_and_badges(b: &mut Builder<'_>) {
    let t = b.t;
    for g in &t.internet_gateways {
        let Some(&v) = g.vpc_id.as_deref().and_then(|v| b.tree.vpc_ix.get(v)) else {
            continue;
        };
        let n = b.node(
            g.id.clone(),
            &g.id,
            SceneKind::InternetGateway,
            g.id.clone(),
            Some("internet gateway".into()),
            None,
            Anchor::Contained,
        );
        if let Some(n) = n {
            b.tree.vpcs[v].top.push(n);
        }
    }
    for g in &t.egress_only_internet_gateways {
        let Some(&v) = g.vpc_id.as_deref().and_then(|v| b.tree.vpc_ix.get(v)) else {
            continue;
        };
        let n = b.node(
            g.id.clone(),
            &g.id,
            SceneKind::EgressOnlyInternetGateway,
            g.id.clone(),
            Some("egress-only IGW".into()),
            None,
            Anchor::Contained,
        );
        if let Some(n) = n {
            b.tree.vpcs[v].top.push(n);
        }
    }
    for nat in &t.nat_gateways {
        if nat
            .subnet_id
            .as_deref()
            .is_some_and(|s| b.tree.subnet_ix.contains_key(s))
        {
            continue;
        }
        let Some(&v) = nat.vpc_id.as_deref().and_then(|v| b.tree.vpc_ix.get(v)) else {
            continue;
        };
        let n = b.node(
            nat.id.clone(),
            &nat.id,
            SceneKind::RegionalNatGateway,
            nat.id.clone(),
            Some("regional NAT".into()),
            None,
            Anchor::Contained,
        );
        if let Some(n) = n {
            b.tree.vpcs[v].top.push(n);
        }
    }
    for ep in &t.vpc_endpoints {
        let Some(&v) = b.tree.vpc_ix.get(&ep.vpc_id) else {
            continue;
        };
        // Gateway endpoints, and interface endpoints drawn without any subnet, sit on the VPC's top edge.
        let kind = match ep.kind {
            EndpointKind::Gateway => SceneKind::GatewayEndpoint,
            _ if ep
                .subnet_ids
                .iter()
                .any(|s| b.keys.contains(&format!("{}@{s}", ep.id))) =>
            {
                continue
            }
            EndpointKind::GatewayLoadBalancer => SceneKind::GatewayLoadBalancerEndpoint,
            _ => SceneKind::InterfaceEndpoint,
        };
        let service = aws_service_of(&ep.service_name)
            .map(|(_, s)| s)
            .unwrap_or_else(|| ep.service_name.clone());
        let n = b.node(
            ep.id.clone(),
            &ep.id,
            kind,
            ep.id.clone(),
            Some(service),
            None,
            Anchor::Contained,
        );
        if let Some(n) = n {
            let key = n.key.clone();
            b.tree.vpcs[v].top.push(n);
            if ep.kind == EndpointKind::Gateway {
                for rt in &ep.route_table_ids {
                    b.edge(EdgeKind::EndpointRouteTable, &key, rt, None, false);
                }
            }
        }
    }
    for g in &t.vpn_gateways {
        let Some(&v) = g.vpc_id.as_deref().and_then(|v| b.tree.vpc_ix.get(v)) else {
            continue;
        };
        let n = b.node(
            g.id.clone(),
            &g.id,
            SceneKind::VpnGateway,
            g.id.clone(),
            Some("virtual private gateway".into()),
            None,
            Anchor::Contained,
        );
        if let Some(n) = n {
            b.tree.vpcs[v].bottom.push(n);
        }
    }
    // Badges: route tables, then network ACLs, then security groups.
    for rt in &t.route_tables {
        let Some(&v) = b.tree.vpc_ix.get(&rt.vpc_id) else {
            continue;
        };
        let n = b.node(
            rt.id.clone(),
            &rt.id,
            SceneKind::RouteTable,
            label_of(&rt.name, &rt.id),
            Some(
                if rt.main {
                    "main route table"
                } else {
                    "route table"
                }
                .into(),
            ),
            None,
            Anchor::Contained,
        );
        if let Some(n) = n {
            let key = n.key.clone();
            b.tree.vpcs[v].badges.push(n);
            for s in &rt.subnet_ids {
                b.edge(EdgeKind::RouteTableAssociation, s, &key, None, false);
            }
        }
    }
    // Implicit main-table associations.
    for s in &t.subnets {
        if !b.tree.subnet_ix.contains_key(&s.id)
            || t.route_tables.iter().any(|r| r.subnet_ids.contains(&s.id))
        {
            continue;
        }
        if let Some(rt) = t
            .route_tables
            .iter()
            .find(|r| r.main && r.vpc_id == s.vpc_id)
        {
            if b.keys.contains(&rt.id) {
                b.edge(EdgeKind::RouteTableAssociation, &s.id, &rt.id, None, true);
            }
        }
    }
    for acl in &t.network_acls {
        let Some(&v) = b.tree.vpc_ix.get(&acl.vpc_id) else {
            continue;
        };
        let n = b.node(
            acl.id.clone(),
            &acl.id,
            SceneKind::NetworkAcl,
            acl.id.clone(),
            Some(
                if acl.default {
                    "default network ACL"
                } else {
                    "network ACL"
                }
                .into(),
            ),
            None,
            Anchor::Contained,
        );
        if let Some(n) = n {
            let key = n.key.clone();
            b.tree.vpcs[v].badges.push(n);
            for s in &acl.subnet_ids {
                b.edge(EdgeKind::NaclAssociation, s, &key, None, false);
            }
        }
    }
    for g in &t.security_groups {
        let Some(&v) = b.tree.vpc_ix.get(&g.vpc_id) else {
            continue;
        };
        let n = b.node(
            g.id.clone(),
            &g.id,
            SceneKind::SecurityGroup,
            label_of(&g.name, &g.id),
            Some("security group".into()),
            None,
            Anchor::Contained,
        );
        if let Some(n) = n {
            b.tree.vpcs[v].badges.push(n);
        }
    }
}

/// (service, region) pairs the diagram mentions, in order of first appearance.
fn services(d: &Diagram, default_region: &str) -> Vec<(String, String)> {
    let t = &d.topology;
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |s: String, r: String| {
        if !out.iter().any(|(a, b)| *a == s && *b == r) {
            out.push((s, r));
        }
    };
    for ep in &t.vpc_endpoints {
        if let Some((r, s)) = aws_service_of(&ep.service_name) {
            push(s, r);
        }
    }
    for f in &d.flows {
        let to = f.spec.to.trim();
        if let Ok(ip) = to.parse::<IpAddr>() {
            for pl in t.prefix_lists.iter().filter(|p| p.aws_managed) {
                if pl.cidrs.iter().any(|c| c.contains(&ip)) {
                    if let Some((r, s)) = aws_service_of(&pl.name) {
                        push(s, r);
                    }
                }
            }
        } else if let Some(n) = parse_service_name(to, Some(default_region)) {
            push(n.service, n.region);
        }
    }
    for r in &t.service_resources {
        if !r.service.is_empty() {
            push(
                r.service.clone(),
                r.region
                    .clone()
                    .unwrap_or_else(|| default_region.to_string()),
            );
        }
    }
    out
}

fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            !(a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || (a.octets()[0] == 100 && (a.octets()[1] & 0xc0) == 64))
        }
        IpAddr::V6(a) => {
            !(a.is_loopback() || a.is_unspecified() || (a.segments()[0] & 0xfe00) == 0xfc00)
        }
    }
}

fn outside_nodes(b: &mut Builder<'_>, d: &Diagram) {
    let t = b.t;
    let default_region = b.default_region.clone();
    // Gateways that are not attached to a drawn VPC float outside.
    for g in &t.internet_gateways {
        if !b.keys.contains(&g.id) {
            let n = b.node(
                g.id.clone(),
                &g.id,
                SceneKind::InternetGateway,
                g.id.clone(),
                Some("detached".into()),
                Some(default_region.clone()),
                Anchor::Free,
            );
            b.outside(n);
        }
    }
    for g in &t.egress_only_internet_gateways {
        if !b.keys.contains(&g.id) {
            let n = b.node(
                g.id.clone(),
                &g.id,
                SceneKind::EgressOnlyInternetGateway,
                g.id.clone(),
                Some("detached".into()),
                Some(default_region.clone()),
                Anchor::Free,
            );
            b.outside(n);
        }
    }
    for g in &t.vpn_gateways {
        if !b.keys.contains(&g.id) {
            let n = b.node(
                g.id.clone(),
                &g.id,
                SceneKind::VpnGateway,
                g.id.clone(),
                Some("detached".into()),
                Some(default_region.clone()),
                Anchor::Free,
            );
            b.outside(n);
        }
    }
    for nat in &t.nat_gateways {
        if !b.keys.contains(&nat.id) {
            let n = b.node(
                nat.id.clone(),
                &nat.id,
                SceneKind::NatGateway,
                nat.id.clone(),
                Some("no subnet".into()),
                Some(default_region.clone()),
                Anchor::Free,
            );
            b.outside(n);
        }
    }
    // Peering connections.
    for p in &t.peering_connections {
        let a = b.tree.vpc_ix.contains_key(&p.requester_vpc_id);
        let c = b.tree.vpc_ix.contains_key(&p.accepter_vpc_id);
        let anchor = match (a, c) {
            (true, true) => Anchor::Between(p.requester_vpc_id.clone(), p.accepter_vpc_id.clone()),
            (true, false) => {
                Anchor::Between(p.requester_vpc_id.clone(), p.requester_vpc_id.clone())
            }
            (false, true) => Anchor::Between(p.accepter_vpc_id.clone(), p.accepter_vpc_id.clone()),
            (false, false) => Anchor::Free,
        };
        let region = p
            .requester_region
            .clone()
            .or_else(|| {
                b.tree
                    .vpc_ix
                    .get(&p.requester_vpc_id)
                    .map(|&v| b.tree.vpcs[v].region.clone())
            })
            .or_else(|| Some(default_region.clone()));
        let n = b.node(
            p.id.clone(),
            &p.id,
            SceneKind::PeeringConnection,
            p.id.clone(),
            Some(p.status.clone().unwrap_or_else(|| "peering".into())),
            region,
            anchor,
        );
        if let Some(n) = &n {
            let key = n.key.clone();
            if a {
                b.edge(
                    EdgeKind::Peering,
                    &p.requester_vpc_id,
                    &key,
                    Some(&p.id),
                    false,
                );
            }
            if c {
                b.edge(
                    EdgeKind::Peering,
                    &key,
                    &p.accepter_vpc_id,
                    Some(&p.id),
                    false,
                );
            }
        }
        b.outside(n);
    }
    // Transit gateways and their attachments.
    for g in &t.transit_gateways {
        let vpcs: Vec<String> = t
            .transit_gateway_attachments
            .iter()
            .filter(|a| a.transit_gateway_id == g.id && b.tree.vpc_ix.contains_key(&a.resource_id))
            .map(|a| a.resource_id.clone())
            .collect();
        let region = g.region.clone().unwrap_or_else(|| default_region.clone());
        let n = b.node(
            g.id.clone(),
            &g.id,
            SceneKind::TransitGateway,
            g.id.clone(),
            Some("transit gateway".into()),
            Some(region),
            Anchor::Tgw(vpcs),
        );
        b.outside(n);
    }
    for a in &t.transit_gateway_attachments {
        if b.keys.contains(&a.transit_gateway_id) {
            let tgw = a.transit_gateway_id.clone();
            b.alias(&a.id, &tgw);
            if b.tree.vpc_ix.contains_key(&a.resource_id) {
                b.edge(
                    EdgeKind::TgwAttachment,
                    &a.resource_id,
                    &tgw,
                    Some(&a.id),
                    false,
                );
            }
        }
    }
    for r in &t.transit_gateway_route_tables {
        if b.keys.contains(&r.transit_gateway_id) {
            let tgw = r.transit_gateway_id.clone();
            b.alias(&r.id, &tgw);
        }
    }
    // On premises: VPN connections, customer gateways, Direct Connect gateways.
    let flows_onprem = d
        .flows
        .iter()
        .any(|f| f.spec.from.starts_with("onprem") || f.spec.to.starts_with("onprem"));
    let has_onprem = flows_onprem
        || !t.vpn_connections.is_empty()
        || !t.customer_gateways.is_empty()
        || !t.direct_connect_gateways.is_empty();
    for v in &t.vpn_connections {
        let gw = v
            .vpn_gateway_id
            .clone()
            .filter(|g| b.keys.contains(g))
            .or_else(|| v.transit_gateway_id.clone().filter(|g| b.keys.contains(g)));
        let sub = if v.static_routes.is_empty() {
            "Site-to-Site VPN".to_string()
        } else {
            v.static_routes
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let n = b.node(
            v.id.clone(),
            &v.id,
            SceneKind::VpnConnection,
            v.id.clone(),
            Some(sub),
            None,
            Anchor::Vpn(gw.clone()),
        );
        if let Some(n) = &n {
            let key = n.key.clone();
            if let Some(g) = &gw {
                let kind = if TargetKind::of(g) == TargetKind::TransitGateway {
                    EdgeKind::TgwAttachment
                } else {
                    EdgeKind::Vpn
                };
                b.edge(kind, &key, g, Some(&v.id), false);
            }
        }
        b.outside(n);
    }
    for c in &t.customer_gateways {
        let vpns: Vec<String> = t
            .vpn_connections
            .iter()
            .filter(|v| v.customer_gateway_id.as_deref() == Some(c.id.as_str()))
            .map(|v| v.id.clone())
            .collect();
        let n = b.node(
            c.id.clone(),
            &c.id,
            SceneKind::CustomerGateway,
            c.id.clone(),
            c.ip_address.map(|i| i.to_string()),
            None,
            Anchor::Cgw(vpns.clone()),
        );
        if let Some(n) = &n {
            let key = n.key.clone();
            for v in &vpns {
                if b.keys.contains(v) {
                    b.edge(EdgeKind::Vpn, &key, v, Some(v), false);
                }
            }
        }
        b.outside(n);
    }
    for dx in &t.direct_connect_gateways {
        let gws: Vec<String> = dx
            .vpn_gateway_ids
            .iter()
            .chain(dx.transit_gateway_ids.iter())
            .filter(|g| b.keys.contains(*g))
            .cloned()
            .collect();
        let sub = if dx.onprem_cidrs.is_empty() {
            "Direct Connect".to_string()
        } else {
            dx.onprem_cidrs
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let n = b.node(
            dx.id.clone(),
            &dx.id,
            SceneKind::DirectConnectGateway,
            dx.id.clone(),
            Some(sub),
            None,
            Anchor::Dx(gws.clone()),
        );
        if let Some(n) = &n {
            let key = n.key.clone();
            for g in &gws {
                let kind = if TargetKind::of(g) == TargetKind::TransitGateway {
                    EdgeKind::TgwAttachment
                } else {
                    EdgeKind::DirectConnect
                };
                b.edge(kind, &key, g, Some(&dx.id), false);
            }
        }
        b.outside(n);
    }
    if has_onprem {
        let n = b.node(
            "onprem".into(),
            "onprem",
            SceneKind::OnPremises,
            "On premises".into(),
            None,
            None,
            Anchor::OnPrem,
        );
        b.outside(n);
        // Customer gateways (or VPNs without one) and Direct Connect gateways lead on premises.
        let cgws: Vec<String> = t
            .customer_gateways
            .iter()
            .filter(|c| b.keys.contains(&c.id))
            .map(|c| c.id.clone())
            .collect();
        for c in cgws {
            b.edge(EdgeKind::Vpn, "onprem", &c, None, false);
        }
        let lone: Vec<String> = t
            .vpn_connections
            .iter()
            .filter(|v| {
                !v.customer_gateway_id
                    .as_deref()
                    .is_some_and(|c| b.keys.contains(c))
            })
            .map(|v| v.id.clone())
            .collect();
        for v in lone {
            if b.keys.contains(&v) {
                b.edge(EdgeKind::Vpn, "onprem", &v, Some(&v), false);
            }
        }
        let dxs: Vec<String> = t
            .direct_connect_gateways
            .iter()
            .filter(|x| b.keys.contains(&x.id))
            .map(|x| x.id.clone())
            .collect();
        for x in dxs {
            b.edge(EdgeKind::DirectConnect, "onprem", &x, Some(&x), false);
        }
    }
    // The internet.
    let flows_internet = d.flows.iter().any(|f| {
        let (from, to) = (f.spec.from.trim(), f.spec.to.trim());
        from.starts_with("internet")
            || to.starts_with("internet")
            || to.parse::<IpAddr>().is_ok_and(is_public_ip)
            || from.parse::<IpAddr>().is_ok_and(is_public_ip)
    });
    let gateways: Vec<String> = t
        .internet_gateways
        .iter()
        .chain(t.egress_only_internet_gateways.iter())
        .filter(|g| b.keys.contains(&g.id))
        .map(|g| g.id.clone())
        .collect();
    if flows_internet || !gateways.is_empty() {
        let n = b.node(
            "internet".into(),
            "internet",
            SceneKind::Internet,
            "Internet".into(),
            None,
            None,
            Anchor::Internet,
        );
        b.outside(n);
        for g in gateways {
            b.edge(EdgeKind::Internet, &g, "internet", None, false);
        }
    }
    // Endpoint services (the provider side of PrivateLink).
    for svc in &t.endpoint_services {
        let lb = svc.load_balancer_arns.iter().find_map(|arn| {
            t.load_balancers
                .iter()
                .find(|l| &l.id == arn || l.name.as_deref() == Some(arn.as_str()))
        });
        let lb_key = lb.and_then(|l| {
            l.subnet_ids
                .iter()
                .map(|s| format!("{}@{s}", l.id))
                .find(|k| b.keys.contains(k))
        });
        let vpc = lb
            .map(|l| l.vpc_id.clone())
            .filter(|v| b.tree.vpc_ix.contains_key(v));
        let region = svc
            .region
            .clone()
            .or_else(|| privatelink_region(&svc.service_name))
            .or_else(|| {
                vpc.as_ref()
                    .map(|v| b.tree.vpcs[b.tree.vpc_ix[v]].region.clone())
            })
            .unwrap_or_else(|| default_region.clone());
        let n = b.node(
            svc.id.clone(),
            &svc.id,
            SceneKind::EndpointService,
            svc.id.clone(),
            Some(
                svc.private_dns_name
                    .clone()
                    .unwrap_or_else(|| "endpoint service".into()),
            ),
            Some(region),
            Anchor::EndpointService {
                vpc,
                lb: lb_key.clone(),
            },
        );
        if let Some(n) = &n {
            let key = n.key.clone();
            if let Some(l) = lb {
                for s in &l.subnet_ids {
                    let k = format!("{}@{s}", l.id);
                    if b.keys.contains(&k) {
                        b.edge(EdgeKind::LoadBalancer, &key, &k, None, false);
                    }
                }
            }
        }
        b.outside(n);
    }
    // AWS services, one node per (service, region).
    for (service, region) in services(d, &default_region) {
        let key = aws_service_node(&service, &region);
        let n = b.node(
            key.clone(),
            &key,
            SceneKind::AwsService,
            pretty_service(&service),
            Some(region.clone()),
            Some(region),
            Anchor::Service,
        );
        b.outside(n);
    }
    // PrivateLink services the diagram does not hold (a partner's service, an appliance behind a GWLB).
    for ep in &t.vpc_endpoints {
        if ep.kind == EndpointKind::Gateway
            || aws_service_of(&ep.service_name).is_some()
            || ep.service_name.is_empty()
            || t.endpoint_services
                .iter()
                .any(|s| s.service_name == ep.service_name)
        {
            continue;
        }
        let key = format!("aws-service:{}", ep.service_name);
        if b.keys.contains(&key) {
            continue;
        }
        let region = privatelink_region(&ep.service_name).unwrap_or_else(|| default_region.clone());
        let label = ep
            .service_name
            .rsplit('.')
            .next()
            .unwrap_or(&ep.service_name)
            .to_string();
        let n = b.node(
            key.clone(),
            &key,
            SceneKind::AwsService,
            label,
            Some("PrivateLink service".into()),
            Some(region),
            Anchor::Service,
        );
        b.outside(n);
    }
    // Endpoint → service edges (after the service nodes exist).
    for ep in &t.vpc_endpoints {
        let target = if let Some((r, s)) = aws_service_of(&ep.service_name) {
            Some((aws_service_node(&s, &r), EdgeKind::Service))
        } else if let Some(svc) = t
            .endpoint_services
            .iter()
            .find(|s| s.service_name == ep.service_name)
        {
            Some((svc.id.clone(), EdgeKind::PrivateLink))
        } else {
            Some((
                format!("aws-service:{}", ep.service_name),
                EdgeKind::PrivateLink,
            ))
        };
        let Some((target, kind)) = target else {
            continue;
        };
        if !b.keys.contains(&target) {
            continue;
        }
        let froms: Vec<String> = b.tree.alias.get(&ep.id).cloned().unwrap_or_default();
        for f in froms {
            b.edge(kind, &f, &target, None, false);
        }
    }
    // Service resources next to their service.
    for r in &t.service_resources {
        let key = format!("{}:{}", r.service, r.name);
        let region = r.region.clone().unwrap_or_else(|| default_region.clone());
        let svc = aws_service_node(&r.service, &region);
        let n = b.node(
            key.clone(),
            &key,
            SceneKind::ServiceResource,
            r.name.clone(),
            Some(if r.policy.is_some() {
                format!("{} · policy", r.service)
            } else {
                r.service.clone()
            }),
            Some(region),
            Anchor::Resource(svc.clone()),
        );
        if n.is_some() && b.keys.contains(&svc) {
            b.edge(EdgeKind::Service, &key, &svc, None, false);
        }
        b.outside(n);
    }
}
