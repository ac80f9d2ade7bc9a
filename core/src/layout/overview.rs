//! The account-scale views of a diagram: the **overview** (one node per VPC, its hubs and its relations) and the
//! **focused view** of one VPC (its inside, laid out by the usual layout). Both are [`Scene`]s, drawn by the same
//! renderer as the full diagram.
//!
//! # The overview
//!
//! * Each VPC is one node of kind [`SceneKind::Vpc`], keyed by the VPC id, with a [`VpcSummary`] in
//!   [`Scene::summaries`]: name, CIDR blocks, counts (subnets, instances, network interfaces, endpoints), the
//!   endpoints it has (gateway S3 / DynamoDB, interface services), and whether it has **public paths**.
//! * **Public paths** (the one definition, [`VpcSummary::public`]): at least one of the VPC's subnets is public in
//!   AWS's sense — its route table (the explicitly associated one, else the VPC's main table) has an active
//!   default route (`0.0.0.0/0` or `::/0`) to an internet gateway. This is what the full drawing marks as a public
//!   subnet ([`SubnetBox::public`](super::SubnetBox::public), the same `routes_to_igw`). An egress-only internet
//!   gateway or a NAT gateway alone does not make a VPC public.
//! * Hubs: each transit gateway is a node in its region's lane; everything on premises (VPN connections, customer
//!   gateways, Direct Connect gateways) is the one `onprem` node on the left.
//! * Edges: peering (VPC ↔ VPC, [`EdgeKind::Peering`], id `pcx-…`), transit-gateway attachments (VPC → TGW,
//!   [`EdgeKind::TgwAttachment`]), VPN (VPC or TGW → on premises, [`EdgeKind::Vpn`], id `vpn-…`) and Direct Connect
//!   (VPC or TGW → on premises, [`EdgeKind::DirectConnect`], id of the Direct Connect gateway).
//! * Regions are lanes, top to bottom in the order the full layout uses; VPCs sit in a grid inside their lane.
//! * A VPC node's [`SceneNode::aliases`] are the ids of the objects inside it, so
//!   [`path_points`](super::path_points) draws a selected flow's path over the VPC nodes (and hubs) its hops cross.
//!
//! Deterministic, and linear in the size of the topology (no full layout): see BENCHMARKS.md §7.
//!
//! # When the diagram opens on the overview
//!
//! [`opens_on_overview`]: when the topology has more than [`OVERVIEW_ABOVE_VPCS`] VPCs. The full drawing of that
//! many VPCs, fitted into the diagram canvas of a 1440 × 900 window, draws its smallest text (10 units) under 3 px
//! (the `the_overview_count_is_where_the_full_drawing_is_unreadable` test measures it); every gallery example and
//! lesson has one or two VPCs and the benchmark diagram ten, so they open as they always did.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::diagram::Diagram;
use crate::model::{EndpointKind, TgwAttachmentKind, Topology};
use crate::session::Scope;

use super::{EdgeKind, Rect, RegionLane, Scene, SceneEdge, SceneKind, SceneNode};

/// Above this many VPCs the diagram opens on the overview (see the [module docs](self)).
pub const OVERVIEW_ABOVE_VPCS: usize = 20;

/// A VPC node's size, in diagram units.
pub const NODE_W: f64 = 280.0;
pub const NODE_H: f64 = 92.0;
/// The font sizes the overview's nodes use (diagram units): the name, and every other line.
pub const LABEL_SIZE: f64 = 14.0;
pub const TEXT_SIZE: f64 = 11.0;
/// The smallest text the overview may show at its opening zoom, in CSS pixels ([`legible_scale`]).
pub const MIN_TEXT_PX: f64 = 9.0;

const GAP_X: f64 = 48.0;
const GAP_Y: f64 = 40.0;
const LANE_PAD: f64 = 20.0;
const LANE_HEAD: f64 = 40.0;
const HUB_W: f64 = 200.0;
const HUB_H: f64 = 56.0;

/// The overview opens zoomed so that [`TEXT_SIZE`] is drawn this large: a pixel above [`MIN_TEXT_PX`], so the
/// rounding of the view box never draws 8.99 px.
pub const OPEN_TEXT_PX: f64 = 10.0;

/// The zoom (pixels per diagram unit) the overview opens at when it does not fit the canvas: [`OPEN_TEXT_PX`].
pub fn opening_scale() -> f64 {
    OPEN_TEXT_PX / TEXT_SIZE
}

/// The smallest zoom (pixels per diagram unit) at which the overview's text is readable.
///
/// ```
/// assert!((vpclab_core::layout::overview::legible_scale() * 11.0 - 9.0).abs() < 1e-9);
/// ```
pub fn legible_scale() -> f64 {
    MIN_TEXT_PX / TEXT_SIZE
}

/// Whether the diagram opens on the overview rather than the full drawing (see the [module docs](self)).
pub fn opens_on_overview(t: &Topology) -> bool {
    t.vpcs.len() > OVERVIEW_ABOVE_VPCS
}

/// What the overview says about one VPC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VpcSummary {
    pub id: String,
    pub name: Option<String>,
    pub region: String,
    pub cidrs: Vec<String>,
    pub subnets: usize,
    pub instances: usize,
    pub network_interfaces: usize,
    /// Every VPC endpoint of the VPC (gateway, interface, Gateway Load Balancer …).
    pub endpoints: usize,
    /// The endpoints it has, one short name each, sorted and without repeats: `S3 gateway`,
    /// `DynamoDB gateway`, `ssm interface`, `GWLB endpoint` …
    pub endpoint_names: Vec<String>,
    /// A subnet is routed to an internet gateway (see the [module docs](self)).
    pub public: bool,
    /// The public subnets (ids), in topology order.
    pub public_subnets: Vec<String>,
}

impl VpcSummary {
    /// The drawn name: the VPC's name, else its id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// The second line: the id (when named) and the CIDR blocks.
    pub fn sublabel(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if self.name.is_some() {
            parts.push(&self.id);
        }
        parts.extend(self.cidrs.iter().map(String::as_str));
        parts.join(" · ")
    }

    /// The counts line: `10 subnets · 4 instances · 12 ENIs`.
    pub fn counts(&self) -> String {
        [
            plural(self.subnets, "subnet", "subnets"),
            plural(self.instances, "instance", "instances"),
            plural(self.network_interfaces, "ENI", "ENIs"),
        ]
        .join(" · ")
    }

    /// The endpoints line: `2 endpoints: S3 gateway · ssm interface`, or `no endpoints`.
    pub fn endpoints_line(&self) -> String {
        if self.endpoints == 0 {
            "no endpoints".into()
        } else {
            format!(
                "{}: {}",
                plural(self.endpoints, "endpoint", "endpoints"),
                self.endpoint_names.join(" · ")
            )
        }
    }

    /// The accessible name of the VPC's node: everything the node shows, as one sentence.
    pub fn description(&self) -> String {
        let mut s = format!("VPC {}", self.label());
        if self.name.is_some() {
            s.push_str(&format!(", {}", self.id));
        }
        for c in &self.cidrs {
            s.push_str(&format!(", {c}"));
        }
        s.push_str(&format!(
            ", {}: {} subnets, {} instances, {} network interfaces, {} endpoints",
            self.region, self.subnets, self.instances, self.network_interfaces, self.endpoints
        ));
        if !self.endpoint_names.is_empty() {
            s.push_str(&format!(" ({})", self.endpoint_names.join(", ")));
        }
        s.push_str(if self.public {
            "; public paths"
        } else {
            "; no public paths"
        });
        s
    }
}

fn plural(k: usize, one: &str, many: &str) -> String {
    format!("{k} {}", if k == 1 { one } else { many })
}

/// The short name of an endpoint: the service and the kind.
fn endpoint_name(service_name: &str, kind: EndpointKind) -> String {
    let service = crate::path::index::Index::service_of(service_name)
        .map(|(_, s)| s.to_string())
        .unwrap_or_else(|| {
            service_name
                .rsplit('.')
                .next()
                .unwrap_or(service_name)
                .to_string()
        });
    let pretty = match service.as_str() {
        "s3" => "S3".to_string(),
        "dynamodb" => "DynamoDB".to_string(),
        _ => service,
    };
    match kind {
        EndpointKind::Gateway => format!("{pretty} gateway"),
        EndpointKind::Interface => format!("{pretty} interface"),
        EndpointKind::GatewayLoadBalancer => "GWLB endpoint".into(),
        EndpointKind::Resource => "resource endpoint".into(),
        EndpointKind::ServiceNetwork => "service-network endpoint".into(),
    }
}

/// Every VPC's summary, in topology order.
pub fn summaries(t: &Topology) -> Vec<VpcSummary> {
    summarise(t, &Scope::new(t)).0
}

/// The summaries and, per VPC, the ids of the objects inside it (a VPC node's aliases).
fn summarise(t: &Topology, scope: &Scope) -> (Vec<VpcSummary>, Vec<Vec<String>>) {
    let default_region = t.region.clone().unwrap_or_else(|| "us-east-1".into());
    let vpc_ix: HashMap<&str, usize> = t
        .vpcs
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    // The route table of each subnet: its explicit association, else its VPC's main table (one pass each).
    let mut explicit: HashMap<&str, usize> = HashMap::new();
    let mut main: HashMap<&str, usize> = HashMap::new();
    for (i, rt) in t.route_tables.iter().enumerate() {
        for s in &rt.subnet_ids {
            explicit.entry(s.as_str()).or_insert(i);
        }
        if rt.main {
            main.entry(rt.vpc_id.as_str()).or_insert(i);
        }
    }
    let igw_routed: Vec<bool> = t.route_tables.iter().map(super::routes_to_igw).collect();
    let mut region_from_az: Vec<Option<String>> = vec![None; t.vpcs.len()];
    for s in &t.subnets {
        if let (Some(&v), Some(az)) = (vpc_ix.get(s.vpc_id.as_str()), &s.az) {
            region_from_az[v].get_or_insert_with(|| crate::model::region_of_az(az));
        }
    }
    let mut out = Vec::with_capacity(t.vpcs.len());
    let mut aliases = Vec::with_capacity(t.vpcs.len());
    for (v, vpc) in t.vpcs.iter().enumerate() {
        let m = |list: usize| scope.members(v, list);
        let public_subnets: Vec<String> = m(1)
            .iter()
            .map(|&i| &t.subnets[i])
            .filter(|s| {
                explicit
                    .get(s.id.as_str())
                    .or_else(|| main.get(s.vpc_id.as_str()))
                    .is_some_and(|&rt| igw_routed[rt])
            })
            .map(|s| s.id.clone())
            .collect();
        let mut endpoint_names: Vec<String> = m(11)
            .iter()
            .map(|&i| {
                let e = &t.vpc_endpoints[i];
                endpoint_name(&e.service_name, e.kind)
            })
            .collect();
        endpoint_names.sort();
        endpoint_names.dedup();
        out.push(VpcSummary {
            id: vpc.id.clone(),
            name: vpc.name.clone(),
            region: vpc
                .region
                .clone()
                .or_else(|| region_from_az[v].clone())
                .unwrap_or_else(|| default_region.clone()),
            cidrs: vpc.cidr_blocks.iter().map(|c| c.to_string()).collect(),
            subnets: m(1).len(),
            instances: m(6).len(),
            network_interfaces: m(7).len(),
            endpoints: m(11).len(),
            endpoint_names,
            public: !public_subnets.is_empty(),
            public_subnets,
        });
        // Everything a trace may name inside the VPC (route tables, security groups and ACLs included: the
        // path stays on the VPC's node while the packet is inside it).
        let mut ids: Vec<String> = Vec::new();
        for list in [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13] {
            for &i in m(list) {
                ids.push(match list {
                    1 => t.subnets[i].id.clone(),
                    2 => t.route_tables[i].id.clone(),
                    3 => t.internet_gateways[i].id.clone(),
                    4 => t.egress_only_internet_gateways[i].id.clone(),
                    5 => t.nat_gateways[i].id.clone(),
                    6 => t.instances[i].id.clone(),
                    7 => t.network_interfaces[i].id.clone(),
                    8 => t.security_groups[i].id.clone(),
                    9 => t.network_acls[i].id.clone(),
                    11 => t.vpc_endpoints[i].id.clone(),
                    _ => t.load_balancers[i].id.clone(),
                });
            }
        }
        aliases.push(ids);
    }
    for g in &t.vpn_gateways {
        if let Some(&v) = g.vpc_id.as_deref().and_then(|id| vpc_ix.get(id)) {
            aliases[v].push(g.id.clone());
        }
    }
    (out, aliases)
}

/// The overview scene of a diagram (see the [module docs](self)).
///
/// ```
/// use vpclab_core::{gallery, layout::{overview, SceneKind}};
/// let d = gallery::example("peered-vpc-pitfall").unwrap().diagram;
/// let s = overview::overview(&d);
/// assert_eq!(s.nodes.iter().filter(|n| n.kind == SceneKind::Vpc).count(), 2);
/// assert_eq!(s.summaries.len(), 2);
/// ```
pub fn overview(d: &Diagram) -> Scene {
    let t = &d.topology;
    let scope = Scope::new(t);
    let (summaries, mut aliases) = summarise(t, &scope);
    let default_region = t.region.clone().unwrap_or_else(|| "us-east-1".into());

    // Regions in order of first appearance (VPCs, then transit gateways), like the full layout.
    let mut regions: Vec<String> = Vec::new();
    let mut lane_of: HashMap<String, usize> = HashMap::new();
    let mut add_region = |r: &str, regions: &mut Vec<String>| -> usize {
        if let Some(&i) = lane_of.get(r) {
            return i;
        }
        lane_of.insert(r.to_string(), regions.len());
        regions.push(r.to_string());
        regions.len() - 1
    };
    let mut vpcs_in: Vec<Vec<usize>> = Vec::new();
    let mut hubs_in: Vec<Vec<usize>> = Vec::new();
    for (v, s) in summaries.iter().enumerate() {
        let l = add_region(&s.region, &mut regions);
        if vpcs_in.len() <= l {
            vpcs_in.resize(l + 1, Vec::new());
        }
        vpcs_in[l].push(v);
    }
    for (g, tgw) in t.transit_gateways.iter().enumerate() {
        let r = tgw.region.clone().unwrap_or_else(|| default_region.clone());
        let l = add_region(&r, &mut regions);
        if hubs_in.len() <= l {
            hubs_in.resize(l + 1, Vec::new());
        }
        hubs_in[l].push(g);
    }
    vpcs_in.resize(regions.len(), Vec::new());
    hubs_in.resize(regions.len(), Vec::new());

    let mut scene = Scene::default();
    // On premises: one hub on the left, when anything leads there.
    let has_onprem = !t.vpn_connections.is_empty() || !t.direct_connect_gateways.is_empty();
    let lanes_x = if has_onprem { HUB_W + 2.0 * GAP_X } else { 0.0 };
    // Every lane has the width of the widest grid: columns for a grid about as wide as a canvas is.
    let cols_of = |n: usize| ((n as f64 * 1.6).sqrt().ceil() as usize).clamp(1, n.max(1));
    let widest = vpcs_in
        .iter()
        .zip(&hubs_in)
        .map(|(v, h)| {
            let grid = cols_of(v.len()) as f64 * (NODE_W + GAP_X) - GAP_X;
            let hubs = h.len() as f64 * (HUB_W + GAP_X) - GAP_X;
            grid.max(hubs)
        })
        .fold(NODE_W, f64::max);
    let lane_w = widest + 2.0 * LANE_PAD;
    let mut y = 0.0;
    let mut vpc_rects: Vec<Rect> = vec![Rect::default(); summaries.len()];
    let mut hub_rects: Vec<Rect> = vec![Rect::default(); t.transit_gateways.len()];
    for (l, region) in regions.iter().enumerate() {
        let top = y;
        let mut cy = y + LANE_HEAD;
        if !hubs_in[l].is_empty() {
            for (k, &g) in hubs_in[l].iter().enumerate() {
                hub_rects[g] = Rect::new(
                    lanes_x + LANE_PAD + k as f64 * (HUB_W + GAP_X),
                    cy,
                    HUB_W,
                    HUB_H,
                );
            }
            cy += HUB_H + GAP_Y;
        }
        let cols = cols_of(vpcs_in[l].len());
        for (k, &v) in vpcs_in[l].iter().enumerate() {
            let (c, r) = (k % cols, k / cols);
            vpc_rects[v] = Rect::new(
                lanes_x + LANE_PAD + c as f64 * (NODE_W + GAP_X),
                cy + r as f64 * (NODE_H + GAP_Y),
                NODE_W,
                NODE_H,
            );
        }
        let rows = vpcs_in[l].len().div_ceil(cols);
        if rows > 0 {
            cy += rows as f64 * (NODE_H + GAP_Y) - GAP_Y;
        } else {
            cy -= GAP_Y;
        }
        let bottom = cy + LANE_PAD;
        scene.regions.push(RegionLane {
            region: region.clone(),
            rect: Rect::new(lanes_x, top, lane_w, bottom - top),
        });
        y = bottom + GAP_Y;
    }

    // Nodes: VPCs, then hubs.
    for (v, s) in summaries.iter().enumerate() {
        scene.nodes.push(SceneNode {
            key: s.id.clone(),
            id: s.id.clone(),
            kind: SceneKind::Vpc,
            label: s.label().to_string(),
            sublabel: Some(s.sublabel()),
            rect: vpc_rects[v],
            container: None,
            movable: false,
            region: Some(s.region.clone()),
            aliases: std::mem::take(&mut aliases[v]),
        });
    }
    for (g, tgw) in t.transit_gateways.iter().enumerate() {
        let mut al: Vec<String> = t
            .transit_gateway_attachments
            .iter()
            .filter(|a| a.transit_gateway_id == tgw.id)
            .map(|a| a.id.clone())
            .collect();
        al.extend(
            t.transit_gateway_route_tables
                .iter()
                .filter(|r| r.transit_gateway_id == tgw.id)
                .map(|r| r.id.clone()),
        );
        scene.nodes.push(SceneNode {
            key: tgw.id.clone(),
            id: tgw.id.clone(),
            kind: SceneKind::TransitGateway,
            label: tgw.id.clone(),
            sublabel: Some("transit gateway".into()),
            rect: hub_rects[g],
            container: None,
            movable: false,
            region: tgw.region.clone().or_else(|| Some(default_region.clone())),
            aliases: al,
        });
    }
    let onprem_rect = Rect::new(0.0, LANE_HEAD, HUB_W, HUB_H);
    if has_onprem {
        let mut al: Vec<String> = t.vpn_connections.iter().map(|c| c.id.clone()).collect();
        al.extend(t.customer_gateways.iter().map(|c| c.id.clone()));
        al.extend(t.direct_connect_gateways.iter().map(|c| c.id.clone()));
        scene.nodes.push(SceneNode {
            key: "onprem".into(),
            id: "onprem".into(),
            kind: SceneKind::OnPremises,
            label: "On premises".into(),
            sublabel: Some(format!(
                "{} VPN · {} Direct Connect",
                t.vpn_connections.len(),
                t.direct_connect_gateways.len()
            )),
            rect: onprem_rect,
            container: None,
            movable: false,
            region: None,
            aliases: al,
        });
    }

    // Edges.
    let vpc_ix: HashMap<&str, usize> = t
        .vpcs
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let tgw_ix: HashMap<&str, usize> = t
        .transit_gateways
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let vgw_vpc: HashMap<&str, usize> = t
        .vpn_gateways
        .iter()
        .filter_map(|g| Some((g.id.as_str(), *vpc_ix.get(g.vpc_id.as_deref()?)?)))
        .collect();
    let mut edges: BTreeMap<String, SceneEdge> = BTreeMap::new();
    let mut edge = |kind: EdgeKind, id: &str, (from, a): (&str, Rect), (to, b): (&str, Rect)| {
        let key = format!("{}:{id}:{from}:{to}", edge_name(kind));
        edges.entry(key.clone()).or_insert_with(|| SceneEdge {
            key,
            kind,
            from: from.to_string(),
            to: to.to_string(),
            from_pt: a.border_towards(b.center()),
            to_pt: b.border_towards(a.center()),
            id: Some(id.to_string()),
            implicit: false,
            via: Vec::new(),
        });
    };
    for p in &t.peering_connections {
        if let (Some(&a), Some(&b)) = (
            vpc_ix.get(p.requester_vpc_id.as_str()),
            vpc_ix.get(p.accepter_vpc_id.as_str()),
        ) {
            if a != b {
                edge(
                    EdgeKind::Peering,
                    &p.id,
                    (&t.vpcs[a].id, vpc_rects[a]),
                    (&t.vpcs[b].id, vpc_rects[b]),
                );
            }
        }
    }
    for a in &t.transit_gateway_attachments {
        let Some(&g) = tgw_ix.get(a.transit_gateway_id.as_str()) else {
            continue;
        };
        let hub = (t.transit_gateways[g].id.as_str(), hub_rects[g]);
        match a.kind {
            TgwAttachmentKind::Vpc => {
                if let Some(&v) = vpc_ix.get(a.resource_id.as_str()) {
                    edge(
                        EdgeKind::TgwAttachment,
                        &a.id,
                        (&t.vpcs[v].id, vpc_rects[v]),
                        hub,
                    );
                }
            }
            TgwAttachmentKind::Vpn if has_onprem => {
                edge(EdgeKind::Vpn, &a.resource_id, hub, ("onprem", onprem_rect))
            }
            TgwAttachmentKind::DirectConnectGateway if has_onprem => edge(
                EdgeKind::DirectConnect,
                &a.resource_id,
                hub,
                ("onprem", onprem_rect),
            ),
            _ => {}
        }
    }
    for c in &t.vpn_connections {
        let from = if let Some(&v) = c.vpn_gateway_id.as_deref().and_then(|g| vgw_vpc.get(g)) {
            Some((t.vpcs[v].id.as_str(), vpc_rects[v]))
        } else {
            c.transit_gateway_id
                .as_deref()
                .and_then(|g| tgw_ix.get(g))
                .map(|&g| (t.transit_gateways[g].id.as_str(), hub_rects[g]))
        };
        if let Some(from) = from {
            edge(EdgeKind::Vpn, &c.id, from, ("onprem", onprem_rect));
        }
    }
    for dx in &t.direct_connect_gateways {
        for g in &dx.vpn_gateway_ids {
            if let Some(&v) = vgw_vpc.get(g.as_str()) {
                edge(
                    EdgeKind::DirectConnect,
                    &dx.id,
                    (&t.vpcs[v].id, vpc_rects[v]),
                    ("onprem", onprem_rect),
                );
            }
        }
        for g in &dx.transit_gateway_ids {
            if let Some(&g) = tgw_ix.get(g.as_str()) {
                edge(
                    EdgeKind::DirectConnect,
                    &dx.id,
                    (&t.transit_gateways[g].id, hub_rects[g]),
                    ("onprem", onprem_rect),
                );
            }
        }
    }
    scene.edges = edges.into_values().collect();
    scene.summaries = summaries;

    let mut bounds = scene
        .regions
        .iter()
        .map(|r| r.rect)
        .chain(scene.nodes.iter().map(|n| n.rect))
        .reduce(|a, b| a.union(&b))
        .unwrap_or(Rect::new(0.0, 0.0, 1200.0, 800.0));
    bounds = bounds.inflate(40.0);
    scene.bounds = bounds;
    scene
}

fn edge_name(k: EdgeKind) -> &'static str {
    match k {
        EdgeKind::Peering => "peering",
        EdgeKind::TgwAttachment => "tgw",
        EdgeKind::Vpn => "vpn",
        EdgeKind::DirectConnect => "dx",
        _ => "edge",
    }
}

/// The full drawing of one VPC's inside: the VPC, its objects and every object of no VPC (transit gateways,
/// VPN and Direct Connect, endpoint services, service resources), laid out by [`scene`](super::scene) with the
/// diagram's stored positions. An unknown id gives the scene of nothing but the objects of no VPC.
///
/// ```
/// use vpclab_core::{gallery, layout::overview};
/// let d = gallery::example("peered-vpc-pitfall").unwrap().diagram;
/// let id = d.topology.vpcs[0].id.clone();
/// let s = overview::focus(&d, &id);
/// assert_eq!(s.vpcs.len(), 1);
/// assert_eq!(s.vpcs[0].id, id);
/// ```
pub fn focus(d: &Diagram, vpc: &str) -> Scene {
    let t = &d.topology;
    let picked: Vec<usize> = t
        .vpcs
        .iter()
        .position(|v| v.id == vpc)
        .into_iter()
        .collect();
    let local = Scope::new(t).local(t, &picked);
    // Peerings to VPCs that are not drawn would be dangling: they stay in the topology (the trace needs
    // nothing here, this is only a drawing) but their far end is not drawn.
    let sub = Diagram {
        topology: local,
        layout: d.layout.clone(),
        flows: d.flows.clone(),
        selected_flow: d.selected_flow,
        price_version: d.price_version.clone(),
    };
    super::scene(&sub)
}

/// The VPC an object belongs to (its id), for a search result or a selection made in the overview.
pub fn vpc_of(t: &Topology, id: &str) -> Option<String> {
    SearchIndex::new(t)
        .entries
        .into_iter()
        .find(|e| e.id == id)
        .and_then(|e| e.vpc)
}

/// One object the search can find.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    /// Its name (or description, or service name), when it has one.
    pub name: Option<String>,
    /// What it is: "VPC", "subnet", "instance" …
    pub kind: String,
    /// The VPC it is in (its id), `None` for objects of no VPC.
    pub vpc: Option<String>,
}

/// Every object of a topology with its id, name and VPC, lower-cased once for searching.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    entries: Vec<SearchHit>,
    haystack: Vec<String>,
}

impl SearchIndex {
    /// Index `t`. The names searched are the `Name` tags the model keeps (`name`), an interface's description
    /// and an endpoint's service name; other tags are not imported.
    pub fn new(t: &Topology) -> SearchIndex {
        let scope = Scope::new(t);
        let mut idx = SearchIndex::default();
        let mut owner: HashMap<(usize, usize), String> = HashMap::new();
        for (v, vpc) in t.vpcs.iter().enumerate() {
            for list in 0..24 {
                for &i in scope.members(v, list) {
                    owner.entry((list, i)).or_insert_with(|| vpc.id.clone());
                }
            }
        }
        let mut put = |list: usize,
                       i: usize,
                       kind: crate::model::ObjectKind,
                       id: &str,
                       name: Option<&str>| {
            let vpc = owner.get(&(list, i)).cloned();
            idx.haystack.push(match name {
                Some(n) => format!("{} {}", id.to_lowercase(), n.to_lowercase()),
                None => id.to_lowercase(),
            });
            idx.entries.push(SearchHit {
                id: id.to_string(),
                name: name.map(str::to_string),
                kind: kind.label().to_string(),
                vpc,
            });
        };
        use crate::model::ObjectKind as K;
        for (i, x) in t.vpcs.iter().enumerate() {
            put(0, i, K::Vpc, &x.id, x.name.as_deref());
        }
        for (i, x) in t.subnets.iter().enumerate() {
            put(1, i, K::Subnet, &x.id, x.name.as_deref());
        }
        for (i, x) in t.route_tables.iter().enumerate() {
            put(2, i, K::RouteTable, &x.id, x.name.as_deref());
        }
        for (i, x) in t.internet_gateways.iter().enumerate() {
            put(3, i, K::InternetGateway, &x.id, None);
        }
        for (i, x) in t.nat_gateways.iter().enumerate() {
            put(5, i, K::NatGateway, &x.id, None);
        }
        for (i, x) in t.instances.iter().enumerate() {
            put(6, i, K::Instance, &x.id, x.name.as_deref());
        }
        for (i, x) in t.network_interfaces.iter().enumerate() {
            put(7, i, K::NetworkInterface, &x.id, x.description.as_deref());
        }
        for (i, x) in t.security_groups.iter().enumerate() {
            put(8, i, K::SecurityGroup, &x.id, x.name.as_deref());
        }
        for (i, x) in t.vpc_endpoints.iter().enumerate() {
            put(11, i, K::VpcEndpoint, &x.id, Some(&x.service_name));
        }
        for (i, x) in t.load_balancers.iter().enumerate() {
            put(13, i, K::LoadBalancer, &x.id, x.name.as_deref());
        }
        for (i, x) in t.peering_connections.iter().enumerate() {
            put(14, i, K::PeeringConnection, &x.id, None);
        }
        for (i, x) in t.transit_gateways.iter().enumerate() {
            put(15, i, K::TransitGateway, &x.id, None);
        }
        for (i, x) in t.vpn_connections.iter().enumerate() {
            put(20, i, K::VpnConnection, &x.id, None);
        }
        for (i, x) in t.direct_connect_gateways.iter().enumerate() {
            put(21, i, K::DirectConnectGateway, &x.id, None);
        }
        idx
    }

    /// The objects whose id or name contains every word of `query` (any case), at most `limit`, in topology
    /// order (VPCs first). An empty query finds nothing.
    pub fn find(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        self.haystack
            .iter()
            .zip(&self.entries)
            .filter(|(h, _)| words.iter().all(|w| h.contains(w.as_str())))
            .map(|(_, e)| e.clone())
            .take(limit)
            .collect()
    }

    /// How many objects match `query`.
    pub fn count(&self, query: &str) -> usize {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return 0;
        }
        self.haystack
            .iter()
            .filter(|h| words.iter().all(|w| h.contains(w.as_str())))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three VPCs in two Regions. `alpha`: two subnets, one of them routed to an internet gateway by its own
    /// table (so public), an instance with its interface and a second interface, an S3 gateway endpoint and an
    /// ssm interface endpoint. `beta`: one subnet on a main table whose default route goes to a NAT gateway (not
    /// public). `gamma` in eu-west-1 (its Region only from its subnet's AZ), public through its *main* table,
    /// with a VPN on its virtual private gateway. alpha ↔ beta peered; beta and gamma on one transit gateway,
    /// which a Direct Connect gateway also reaches.
    const TOPOLOGY: &str = r#"{
      "region": "us-east-1",
      "vpcs": [
        {"id": "vpc-a", "name": "alpha", "region": "us-east-1", "cidr_blocks": ["10.0.0.0/16"]},
        {"id": "vpc-b", "region": "us-east-1", "cidr_blocks": ["10.1.0.0/16"]},
        {"id": "vpc-c", "name": "gamma", "cidr_blocks": ["10.2.0.0/16", "2600:1f18::/56"]}
      ],
      "subnets": [
        {"id": "subnet-a1", "vpc_id": "vpc-a", "az": "us-east-1a", "cidr_block": "10.0.0.0/24"},
        {"id": "subnet-a2", "vpc_id": "vpc-a", "az": "us-east-1b", "cidr_block": "10.0.1.0/24"},
        {"id": "subnet-b1", "vpc_id": "vpc-b", "az": "us-east-1a", "cidr_block": "10.1.0.0/24"},
        {"id": "subnet-c1", "vpc_id": "vpc-c", "name": "web", "az": "eu-west-1a", "cidr_block": "10.2.0.0/24"}
      ],
      "route_tables": [
        {"id": "rtb-a-main", "vpc_id": "vpc-a", "main": true, "routes": []},
        {"id": "rtb-a-pub", "vpc_id": "vpc-a", "subnet_ids": ["subnet-a1"],
         "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "igw-a"}]},
        {"id": "rtb-b-main", "vpc_id": "vpc-b", "main": true,
         "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "nat-b"}]},
        {"id": "rtb-c-main", "vpc_id": "vpc-c", "main": true,
         "routes": [{"destination": {"cidr": "::/0"}, "target": "igw-c"}]}
      ],
      "internet_gateways": [{"id": "igw-a", "vpc_id": "vpc-a"}, {"id": "igw-c", "vpc_id": "vpc-c"}],
      "nat_gateways": [{"id": "nat-b", "subnet_id": "subnet-b1", "vpc_id": "vpc-b"}],
      "instances": [{"id": "i-a1", "name": "web server", "subnet_id": "subnet-a1", "network_interface_ids": ["eni-a1"]}],
      "network_interfaces": [
        {"id": "eni-a1", "subnet_id": "subnet-a1", "private_ips": ["10.0.0.10"]},
        {"id": "eni-a2", "subnet_id": "subnet-a2", "private_ips": ["10.0.1.10"], "description": "lambda"}
      ],
      "vpc_endpoints": [
        {"id": "vpce-s3", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.s3", "kind": "gateway", "route_table_ids": ["rtb-a-main"]},
        {"id": "vpce-ssm", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.ssm", "kind": "interface", "subnet_ids": ["subnet-a2"]}
      ],
      "peering_connections": [{"id": "pcx-ab", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-b", "status": "active"}],
      "transit_gateways": [{"id": "tgw-1", "region": "us-east-1"}],
      "transit_gateway_attachments": [
        {"id": "tgw-attach-b", "transit_gateway_id": "tgw-1", "kind": "vpc", "resource_id": "vpc-b"},
        {"id": "tgw-attach-c", "transit_gateway_id": "tgw-1", "kind": "vpc", "resource_id": "vpc-c"}
      ],
      "vpn_gateways": [{"id": "vgw-c", "vpc_id": "vpc-c"}],
      "customer_gateways": [{"id": "cgw-1", "ip_address": "203.0.113.1"}],
      "vpn_connections": [{"id": "vpn-1", "vpn_gateway_id": "vgw-c", "customer_gateway_id": "cgw-1", "static_routes_only": true}],
      "direct_connect_gateways": [{"id": "dxgw-1", "transit_gateway_ids": ["tgw-1"]}]
    }"#;

    fn diagram() -> Diagram {
        Diagram::of(Topology::from_json(TOPOLOGY).unwrap())
    }

    fn summary<'s>(s: &'s Scene, id: &str) -> &'s VpcSummary {
        s.summaries.iter().find(|v| v.id == id).unwrap()
    }

    #[test]
    fn each_vpc_is_one_node_with_its_counts() {
        let s = overview(&diagram());
        let vpcs: Vec<&str> = s
            .nodes
            .iter()
            .filter(|n| n.kind == SceneKind::Vpc)
            .map(|n| n.key.as_str())
            .collect();
        assert_eq!(vpcs, ["vpc-a", "vpc-b", "vpc-c"]);
        let a = summary(&s, "vpc-a");
        assert_eq!(
            (a.subnets, a.instances, a.network_interfaces, a.endpoints),
            (2, 1, 2, 2)
        );
        assert_eq!(a.endpoint_names, ["S3 gateway", "ssm interface"]);
        assert_eq!(a.counts(), "2 subnets · 1 instance · 2 ENIs");
        assert_eq!(
            a.endpoints_line(),
            "2 endpoints: S3 gateway · ssm interface"
        );
        assert_eq!(a.sublabel(), "vpc-a · 10.0.0.0/16");
        let b = summary(&s, "vpc-b");
        assert_eq!(
            (b.subnets, b.instances, b.network_interfaces, b.endpoints),
            (1, 0, 0, 0)
        );
        assert_eq!(b.endpoints_line(), "no endpoints");
        assert_eq!(b.sublabel(), "10.1.0.0/16");
        assert_eq!(
            summary(&s, "vpc-c").cidrs,
            ["10.2.0.0/16", "2600:1f18::/56"]
        );
    }

    #[test]
    fn public_means_a_subnet_routed_to_an_internet_gateway() {
        let s = overview(&diagram());
        // alpha: its own table for subnet-a1 sends 0.0.0.0/0 to igw-a; subnet-a2 is on the main table (no route).
        assert_eq!(summary(&s, "vpc-a").public_subnets, ["subnet-a1"]);
        // beta: default route to a NAT gateway only.
        assert!(!summary(&s, "vpc-b").public);
        // gamma: ::/0 to an internet gateway on the main table.
        assert!(summary(&s, "vpc-c").public);
        assert!(summary(&s, "vpc-a")
            .description()
            .ends_with("; public paths"));
        assert!(summary(&s, "vpc-b")
            .description()
            .ends_with("; no public paths"));
    }

    #[test]
    fn peering_transit_vpn_and_direct_connect_join_the_vpc_nodes() {
        let s = overview(&diagram());
        let mut edges: Vec<(EdgeKind, &str, &str, &str)> = s
            .edges
            .iter()
            .map(|e| {
                (
                    e.kind,
                    e.from.as_str(),
                    e.to.as_str(),
                    e.id.as_deref().unwrap(),
                )
            })
            .collect();
        edges.sort();
        let mut want = vec![
            (EdgeKind::Peering, "vpc-a", "vpc-b", "pcx-ab"),
            (EdgeKind::TgwAttachment, "vpc-b", "tgw-1", "tgw-attach-b"),
            (EdgeKind::TgwAttachment, "vpc-c", "tgw-1", "tgw-attach-c"),
            (EdgeKind::Vpn, "vpc-c", "onprem", "vpn-1"),
            (EdgeKind::DirectConnect, "tgw-1", "onprem", "dxgw-1"),
        ];
        want.sort();
        assert_eq!(edges, want);
        // Hubs: the transit gateway and on premises; 3 + 2 nodes in all.
        assert_eq!(s.nodes.len(), 5);
        for e in &s.edges {
            let (a, b) = (s.rect_of(&e.from).unwrap(), s.rect_of(&e.to).unwrap());
            assert!(a.inflate(0.01).contains(e.from_pt) && b.inflate(0.01).contains(e.to_pt));
        }
    }

    #[test]
    fn regions_are_lanes_around_their_vpcs() {
        let s = overview(&diagram());
        let lanes: Vec<&str> = s.regions.iter().map(|r| r.region.as_str()).collect();
        assert_eq!(lanes, ["us-east-1", "eu-west-1"]);
        let lane = |r: &str| s.regions.iter().find(|l| l.region == r).unwrap().rect;
        for (id, region) in [
            ("vpc-a", "us-east-1"),
            ("vpc-b", "us-east-1"),
            ("vpc-c", "eu-west-1"),
            ("tgw-1", "us-east-1"),
        ] {
            assert!(
                lane(region).contains_rect(&s.rect_of(id).unwrap()),
                "{id} in {region}"
            );
        }
        assert!(!lane("us-east-1").intersects(&lane("eu-west-1")));
        // No two nodes overlap, and everything is inside the bounds.
        for (i, a) in s.nodes.iter().enumerate() {
            assert!(s.bounds.contains_rect(&a.rect));
            for b in &s.nodes[i + 1..] {
                assert!(!a.rect.intersects(&b.rect), "{} / {}", a.key, b.key);
            }
        }
    }

    #[test]
    fn a_flow_path_is_drawn_over_the_vpc_nodes_it_crosses() {
        // analytics → app server over the peering: every hop inside analytics, then inside app.
        let d = crate::gallery::example("peered-vpc-pitfall")
            .unwrap()
            .diagram;
        let s = overview(&d);
        let t = crate::trace(&d.topology, &d.flows[1].spec).unwrap();
        let keys: Vec<(String, String)> = super::super::path_points(&s, &t)
            .into_iter()
            .map(|p| (p.from_key, p.to_key))
            .collect();
        assert_eq!(keys, [("vpc-analytics".to_string(), "vpc-app".to_string())]);
    }

    #[test]
    fn the_focused_view_draws_one_vpc_inside() {
        let d = diagram();
        let s = focus(&d, "vpc-a");
        assert_eq!(
            s.vpcs.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
            ["vpc-a"]
        );
        let subnets: Vec<&str> = s.subnets.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(subnets, ["subnet-a1", "subnet-a2"]);
        assert!(s.node("i-a1").is_some() && s.node("nat-b").is_none());
        assert!(s.summaries.is_empty());
    }

    #[test]
    fn search_finds_by_id_or_name_with_the_vpc() {
        let idx = SearchIndex::new(&Topology::from_json(TOPOLOGY).unwrap());
        let hits = idx.find("web", 10);
        let ids: Vec<(&str, Option<&str>)> = hits
            .iter()
            .map(|h| (h.id.as_str(), h.vpc.as_deref()))
            .collect();
        assert_eq!(ids, [("subnet-c1", Some("vpc-c")), ("i-a1", Some("vpc-a"))]);
        assert_eq!(idx.find("ENI-A2", 10)[0].vpc.as_deref(), Some("vpc-a"));
        assert_eq!(idx.find("tgw", 10)[0].vpc, None);
        assert_eq!(idx.count("vpc"), 5); // three VPCs and two endpoints (vpce-…)
        assert!(idx.find("  ", 10).is_empty());
        assert_eq!(
            vpc_of(&Topology::from_json(TOPOLOGY).unwrap(), "nat-b").as_deref(),
            Some("vpc-b")
        );
    }

    #[test]
    fn the_overview_is_deterministic_and_small_at_scale() {
        let d = Diagram::of(crate::synth::generate(100, 10));
        let a = overview(&d);
        assert_eq!(a, overview(&d));
        assert_eq!(
            a.nodes.iter().filter(|n| n.kind == SceneKind::Vpc).count(),
            100
        );
        assert!(a.nodes.len() <= 110);
        assert!(opens_on_overview(&d.topology));
        for e in crate::gallery::examples() {
            assert!(!opens_on_overview(&e.diagram.topology), "{}", e.id);
        }
        for l in crate::lesson::builtin() {
            assert!(!opens_on_overview(&l.diagram.topology), "{}", l.id);
        }
        assert!(!opens_on_overview(&crate::synth::generate(10, 10)));
    }

    /// The count of [`OVERVIEW_ABOVE_VPCS`] is where the full drawing stops being readable: fitted into the
    /// diagram canvas of a 1440 × 900 window (about 1,000 × 800 px once the palette rail and side panel are
    /// drawn), the full drawing of that many VPCs — even of one subnet each — draws its 10-unit text under 3 px.
    #[test]
    fn the_overview_count_is_where_the_full_drawing_is_unreadable() {
        let d = Diagram::of(crate::synth::generate(OVERVIEW_ABOVE_VPCS + 1, 1));
        let b = super::super::scene(&d).bounds;
        let scale = (1000.0 / b.w).min(800.0 / b.h);
        assert!(10.0 * scale < 3.0, "{}", 10.0 * scale);
    }
}
