//! Where everything is drawn: the automatic layout of a [`Diagram`] and the [`Scene`] the UI renders as SVG.
//!
//! The UI draws a [`Scene`] and nothing else: every rectangle, label and edge is computed here, in diagram units
//! (SVG user units), so the browser crate holds no geometry rules of its own.
//!
//! # What is positioned, and how
//!
//! A [`Layout`] stores the **top-left corner** of each *positionable* thing, in absolute diagram coordinates,
//! keyed by its [`SceneNode::key`] (or VPC / subnet id):
//!
//! * VPCs and subnets (containers);
//! * the nodes inside subnets: instances, NAT gateways, the network interface of an interface / Gateway Load
//!   Balancer endpoint or load balancer *in each of its subnets* (key `<id>@<subnet-id>`), other network
//!   interfaces;
//! * the nodes outside VPCs: peering connections, transit gateways, VPN connections, customer gateways, Direct
//!   Connect gateways, endpoint services, `onprem`, `internet`, AWS services (`aws-service:<service>.<region>`,
//!   the hop id the trace engine emits) and service resources (`<service>:<name>`, e.g. `s3:logs-bucket`).
//!
//! Everything else is *derived* from those positions and is not stored: a container's size (it grows to fit its
//! children), AZ lanes (one column per availability zone inside a VPC), region lanes (around a region's VPCs and
//! regional nodes), the gateways on a VPC's edge (internet gateway, egress-only internet gateway, regional NAT
//! gateway and gateway endpoints on the top edge, virtual private gateways on the bottom edge) and the badges of
//! route tables, network ACLs and security groups (a column on the right of the VPC's subnets).
//!
//! [`auto_layout`] keeps every stored position and places the rest; with an empty layout it lays the whole
//! diagram out: regions as bands from top to bottom, VPCs in a grid inside their region band, AZs as columns
//! inside a VPC, on-premises things in columns on the left, the internet above, AWS services on the right of
//! their region. It is deterministic: the same diagram always gives the same layout.
//!
//! ```
//! use vpclab_core::{gallery, layout};
//! let d = gallery::example("s3-gateway-endpoint").unwrap().diagram;
//! let scene = layout::scene(&d);
//! let subnet = scene.subnets.iter().find(|s| s.id == "subnet-private-a").unwrap();
//! let app = scene.node("i-app").unwrap();
//! assert!(subnet.rect.contains_rect(&app.rect));
//! assert!(scene.node("aws-service:s3.us-east-1").is_some());
//! ```

mod geom;
pub mod overview;
mod path;
mod place;
mod tree;

use serde::{Deserialize, Serialize};

use crate::diagram::{Diagram, Layout, Point};

pub use overview::VpcSummary;
pub use path::{path_points, stop_marker, PathSegment, StopMarker};

/// An axis-aligned rectangle: top-left corner and size, in diagram units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub const fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    pub fn center(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    pub fn origin(&self) -> Point {
        Point::new(self.x, self.y)
    }

    /// Whether `p` is inside (borders included).
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }

    /// Whether `other` lies entirely inside this rectangle (borders included).
    pub fn contains_rect(&self, other: &Rect) -> bool {
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }

    /// Whether the interiors overlap (touching borders do not).
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right() - EPS
            && other.x < self.right() - EPS
            && self.y < other.bottom() - EPS
            && other.y < self.bottom() - EPS
    }

    /// The smallest rectangle containing both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect::new(
            x,
            y,
            self.right().max(other.right()) - x,
            self.bottom().max(other.bottom()) - y,
        )
    }

    /// Grown by `d` on every side.
    pub fn inflate(&self, d: f64) -> Rect {
        Rect::new(self.x - d, self.y - d, self.w + 2.0 * d, self.h + 2.0 * d)
    }

    /// Where the segment from this rectangle's centre towards `p` leaves the rectangle (the centre if `p` is
    /// the centre, `p` if `p` is inside).
    pub fn border_towards(&self, p: Point) -> Point {
        let c = self.center();
        let (dx, dy) = (p.x - c.x, p.y - c.y);
        if dx.abs() < EPS && dy.abs() < EPS {
            return c;
        }
        let sx = if dx.abs() < EPS {
            f64::INFINITY
        } else {
            (self.w / 2.0) / dx.abs()
        };
        let sy = if dy.abs() < EPS {
            f64::INFINITY
        } else {
            (self.h / 2.0) / dy.abs()
        };
        let s = sx.min(sy).min(1.0);
        Point::new(c.x + dx * s, c.y + dy * s)
    }
}

const EPS: f64 = 1e-6;

/// What a node of the scene stands for (the UI picks an icon and a style per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SceneKind {
    /// A whole VPC as one node (the overview: [`overview::overview`]); its [`VpcSummary`] is in
    /// [`Scene::summaries`].
    Vpc,
    // Inside subnets.
    Instance,
    NatGateway,
    /// The network interface of an interface (or resource / service-network) endpoint in one subnet.
    InterfaceEndpoint,
    /// The network interface of a Gateway Load Balancer endpoint.
    GatewayLoadBalancerEndpoint,
    /// A load balancer's node in one subnet.
    LoadBalancer,
    /// A network interface that belongs to no drawn resource (Lambda, an imported stand-alone ENI, …).
    NetworkInterface,
    // On a VPC's edge.
    InternetGateway,
    EgressOnlyInternetGateway,
    /// A regional NAT gateway (no subnet): drawn on its VPC's top edge.
    RegionalNatGateway,
    GatewayEndpoint,
    VpnGateway,
    // Badges inside a VPC.
    RouteTable,
    NetworkAcl,
    SecurityGroup,
    // Outside VPCs.
    PeeringConnection,
    TransitGateway,
    VpnConnection,
    CustomerGateway,
    DirectConnectGateway,
    EndpointService,
    /// The on-premises network (`onprem`, the trace's hop id).
    OnPremises,
    /// The internet (`internet`, the trace's hop id).
    Internet,
    /// An AWS service in a region (`aws-service:s3.us-east-1`), or a PrivateLink service not in the diagram
    /// (`aws-service:com.amazonaws.vpce.<region>.vpce-svc-…`).
    AwsService,
    /// An S3 bucket or DynamoDB table (`s3:<bucket>`, `dynamodb:<table>`).
    ServiceResource,
}

impl SceneKind {
    /// Badges (route tables, network ACLs, security groups) are lookups, not places a packet goes through:
    /// [`path_points`] does not route the drawn path through them.
    pub fn is_badge(self) -> bool {
        matches!(
            self,
            SceneKind::RouteTable | SceneKind::NetworkAcl | SceneKind::SecurityGroup
        )
    }

    /// Whether the node sits on a VPC's edge (its position is derived from the VPC's rectangle).
    pub fn is_edge(self) -> bool {
        matches!(
            self,
            SceneKind::InternetGateway
                | SceneKind::EgressOnlyInternetGateway
                | SceneKind::RegionalNatGateway
                | SceneKind::GatewayEndpoint
                | SceneKind::VpnGateway
        )
    }
}

/// One drawn node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SceneNode {
    /// Unique in the scene: the layout key (`Edit::Move` takes it). The object's id, or `<id>@<subnet-id>` for
    /// the per-subnet interface of an endpoint or load balancer, or a virtual id (`internet`, `onprem`,
    /// `aws-service:…`).
    pub key: String,
    /// The object the node stands for (what selecting it selects; `edit::object_json` takes it). Virtual nodes
    /// have `id == key`.
    pub id: String,
    pub kind: SceneKind,
    pub label: String,
    /// A second line: an address, a CIDR, a service name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sublabel: Option<String>,
    pub rect: Rect,
    /// The subnet (nodes inside subnets) or VPC (edge nodes, badges) that holds the node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// Whether dragging moves it (edge nodes and badges have derived positions).
    pub movable: bool,
    /// The region the node belongs to, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Other ids the node stands for in a trace: an instance's network interfaces, a NAT gateway's interface, a
    /// transit gateway's attachments and route tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl SceneNode {
    /// The flow end picking this node on the diagram stands for, at that `side` of the flow: the object's id
    /// (instances, network interfaces, interface endpoints), the internet (`internet` as a source, an internet
    /// address as a destination: [`ends::INTERNET_ADDRESS`](crate::path::ends::INTERNET_ADDRESS)), or the public DNS name of an AWS service or of a bucket
    /// (built by [`ServiceName::dns_name`](crate::path::dns::ServiceName::dns_name), so the trace resolves it).
    /// `None` for what a flow cannot start or end at (gateways, route tables, containers' badges) and for
    /// PrivateLink services outside the diagram, which have no public name.
    pub fn flow_end(&self, side: crate::path::ends::Side) -> Option<String> {
        use crate::path::dns::ServiceName;
        use crate::path::ends::{Side, INTERNET_ADDRESS};
        use SceneKind as K;
        match self.kind {
            K::Instance | K::NetworkInterface => Some(self.id.clone()),
            // What only answers: an endpoint's interface, a service, a bucket (`from` takes an instance, an
            // interface, an address, `internet[:IP]` or `onprem:IP`).
            _ if side == Side::Source && self.kind != K::Internet => None,
            K::InterfaceEndpoint => Some(self.id.clone()),
            K::Internet => Some(match side {
                Side::Source => "internet".into(),
                Side::Destination => INTERNET_ADDRESS.into(),
            }),
            K::AwsService => {
                // `aws-service:SERVICE.REGION` (see `aws_service_node`); a PrivateLink service's key holds its
                // dotted service name instead.
                let (service, region) = self.key.strip_prefix("aws-service:")?.split_once('.')?;
                (!region.contains('.')).then(|| {
                    ServiceName {
                        service: service.into(),
                        region: region.into(),
                        bucket: None,
                    }
                    .dns_name()
                })
            }
            K::ServiceResource => {
                let (service, name) = self.id.split_once(':')?;
                Some(
                    ServiceName {
                        service: service.into(),
                        region: self.region.clone()?,
                        bucket: Some(name.into()),
                    }
                    .dns_name(),
                )
            }
            _ => None,
        }
    }
}

/// A region lane: a band around a region's VPCs and regional nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionLane {
    pub region: String,
    pub rect: Rect,
}

/// A VPC container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VpcBox {
    pub id: String,
    /// Its name, or its id.
    pub label: String,
    /// `vpc-… · 10.0.0.0/16` (the id when the VPC is named, and the CIDR blocks).
    pub sublabel: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub rect: Rect,
}

/// An availability-zone lane inside a VPC: a column around the VPC's subnets of that AZ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AzLane {
    pub vpc_id: String,
    /// `None` for subnets that name no AZ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub az: Option<String>,
    pub label: String,
    pub rect: Rect,
}

/// A subnet container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubnetBox {
    pub id: String,
    pub vpc_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub az: Option<String>,
    /// Its name, or its id.
    pub label: String,
    /// `10.0.1.0/24 · us-east-1a`.
    pub sublabel: String,
    /// Its route table (explicit or main) sends 0.0.0.0/0 or ::/0 to an internet gateway: the AWS meaning of
    /// a public subnet.
    pub public: bool,
    pub rect: Rect,
}

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// Subnet → its route table (`implicit` when it is the VPC's main table by default).
    RouteTableAssociation,
    /// Gateway endpoint → a route table it is associated with.
    EndpointRouteTable,
    /// Subnet → its explicitly associated network ACL.
    NaclAssociation,
    /// Instance / network interface / endpoint interface → one of its security groups.
    SecurityGroup,
    /// VPC → peering connection → VPC.
    Peering,
    /// VPC, VPN connection or Direct Connect gateway → transit gateway.
    TgwAttachment,
    /// On premises → customer gateway → VPN connection → virtual private gateway.
    Vpn,
    /// On premises → Direct Connect gateway → virtual private gateway.
    DirectConnect,
    /// Internet gateway / egress-only internet gateway → the internet.
    Internet,
    /// Endpoint → the AWS service it reaches; service resource → its service.
    Service,
    /// Interface endpoint → the endpoint service it connects to (PrivateLink).
    PrivateLink,
    /// Endpoint service → its load balancer.
    LoadBalancer,
}

/// One drawn edge, with its end points already on the borders of what it joins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SceneEdge {
    /// Unique in the scene.
    pub key: String,
    pub kind: EdgeKind,
    /// Node key, or VPC / subnet id.
    pub from: String,
    pub to: String,
    pub from_pt: Point,
    pub to_pt: Point,
    /// The AWS id of the relation where it has one (`pcx-…`, `tgw-attach-…`, `vpn-…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A default rather than a configured relation (a subnet on its VPC's main route table).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implicit: bool,
    /// Bends between `from_pt` and `to_pt` (draw `from_pt`, `via`…, `to_pt`): empty for a straight edge. An edge
    /// whose straight line would run through a container's label ([`Scene::label_boxes`]) goes around it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Point>,
}

impl SceneEdge {
    /// Every point of the drawn line, ends included.
    pub fn points(&self) -> Vec<Point> {
        let mut out = Vec::with_capacity(self.via.len() + 2);
        out.push(self.from_pt);
        out.extend(self.via.iter().copied());
        out.push(self.to_pt);
        out
    }
}

/// Everything the SVG needs, in diagram units. Draw in this order: regions, VPCs, AZ lanes, subnets, edges,
/// nodes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    /// Fit-to-screen: everything drawn, plus a margin (a default canvas for an empty diagram).
    pub bounds: Rect,
    pub regions: Vec<RegionLane>,
    pub vpcs: Vec<VpcBox>,
    pub azs: Vec<AzLane>,
    pub subnets: Vec<SubnetBox>,
    pub nodes: Vec<SceneNode>,
    pub edges: Vec<SceneEdge>,
    /// The overview's VPC summaries, one per [`SceneKind::Vpc`] node, in node order (empty in every other
    /// scene).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summaries: Vec<VpcSummary>,
}

impl Scene {
    /// The node with this key.
    pub fn node(&self, key: &str) -> Option<&SceneNode> {
        self.nodes.iter().find(|n| n.key == key)
    }

    /// The rectangle of a node (by key), a subnet or a VPC (by id).
    pub fn rect_of(&self, key: &str) -> Option<Rect> {
        self.node(key)
            .map(|n| n.rect)
            .or_else(|| self.subnets.iter().find(|s| s.id == key).map(|s| s.rect))
            .or_else(|| self.vpcs.iter().find(|v| v.id == key).map(|v| v.rect))
    }

    /// The topmost thing at `p`: a node key, else a subnet id, else a VPC id.
    pub fn hit(&self, p: Point) -> Option<&str> {
        self.nodes
            .iter()
            .rev()
            .find(|n| n.rect.contains(p))
            .map(|n| n.key.as_str())
            .or_else(|| {
                self.subnets
                    .iter()
                    .rev()
                    .find(|s| s.rect.contains(p))
                    .map(|s| s.id.as_str())
            })
            .or_else(|| {
                self.vpcs
                    .iter()
                    .rev()
                    .find(|v| v.rect.contains(p))
                    .map(|v| v.id.as_str())
            })
    }

    /// Where the containers' labels are drawn, as boxes (what the UI draws there: an icon and a name, and a
    /// second line for VPCs and subnets): a region's name in its top-left corner, a VPC's name and CIDR in the
    /// label room on the left of its top edge ([`VPC_LABEL_W`] wide, left of its edge gateways), an AZ lane's name,
    /// a subnet's header band (its name on the left, its CIDR on the right). Nodes and edges stay off them.
    ///
    /// ```
    /// use vpclab_core::{gallery, layout};
    /// let s = layout::scene(&gallery::example("s3-through-nat").unwrap().diagram);
    /// let labels = s.label_boxes();
    /// assert!(labels.iter().any(|(k, _)| k == "vpc-app"));
    /// for n in &s.nodes {
    ///     assert!(labels.iter().all(|(_, r)| !r.intersects(&n.rect)), "{} covers a label", n.key);
    /// }
    /// ```
    pub fn label_boxes(&self) -> Vec<(String, Rect)> {
        // Text extents as the UI draws them: 13 px names (about 0.6 em a character), 11 px second lines.
        let text_w = |s: &str, px: f64| s.chars().count() as f64 * px * 0.6;
        let mut out = Vec::new();
        for r in &self.regions {
            let w = 28.0 + text_w(&r.region, 13.0);
            out.push((
                format!("region:{}", r.region),
                Rect::new(r.rect.x + 8.0, r.rect.y + 6.0, w, 22.0),
            ));
        }
        for v in &self.vpcs {
            let w = (VPC_LABEL_W - 16.0).min(v.rect.w - 16.0);
            out.push((
                v.id.clone(),
                Rect::new(v.rect.x + 8.0, v.rect.y + 6.0, w, 36.0),
            ));
        }
        for a in &self.azs {
            let w = (12.0 + text_w(&a.label, 11.0)).min(a.rect.w - 8.0);
            out.push((
                format!("az:{}:{}", a.vpc_id, a.label),
                Rect::new(a.rect.x + 4.0, a.rect.y + 4.0, w, 18.0),
            ));
        }
        for sb in &self.subnets {
            out.push((
                sb.id.clone(),
                Rect::new(sb.rect.x + 6.0, sb.rect.y + 6.0, sb.rect.w - 12.0, 22.0),
            ));
        }
        out
    }

    /// The subnet at `p`, if any.
    pub fn subnet_at(&self, p: Point) -> Option<&SubnetBox> {
        self.subnets.iter().rev().find(|s| s.rect.contains(p))
    }

    /// The VPC at `p`, if any.
    pub fn vpc_at(&self, p: Point) -> Option<&VpcBox> {
        self.vpcs.iter().rev().find(|v| v.rect.contains(p))
    }

    /// The AZ lane at `p`, if any.
    pub fn az_at(&self, p: Point) -> Option<&AzLane> {
        self.azs.iter().rev().find(|a| a.rect.contains(p))
    }
}

/// The diagram's layout with every positionable thing placed: stored positions are kept, the rest placed
/// automatically (see the [module docs](self)). Keys of things no longer in the diagram are dropped.
///
/// ```
/// use vpclab_core::{gallery, layout::auto_layout};
/// let d = gallery::example("s3-through-nat").unwrap().diagram;
/// assert!(d.layout.is_empty());
/// let l = auto_layout(&d);
/// assert!(l.get("vpc-app").is_some() && l.get("i-app").is_some() && l.get("internet").is_some());
/// ```
pub fn auto_layout(d: &Diagram) -> Layout {
    let tree = tree::build(d);
    place::place(&tree, &d.layout).layout
}

/// Everything the SVG draws, laid out with [`auto_layout`] (so a diagram without a layout draws well too).
pub fn scene(d: &Diagram) -> Scene {
    let tree = tree::build(d);
    let placed = place::place(&tree, &d.layout);
    geom::scene(&tree, &placed.layout)
}

/// Where a node (by key) or container dragged to `to` (its new top-left corner) ends up: on the grid, and inside
/// its container (a subnet's node stays inside its subnet, a subnet inside its VPC). Nodes whose position is
/// derived (edge gateways, badges) stay where they are. Unknown keys are only put on the grid.
///
/// ```
/// use vpclab_core::{diagram::Point, gallery, layout};
/// let d = gallery::example("s3-through-nat").unwrap().diagram;
/// let p = layout::snap(&d, "i-app", Point::new(-5000.0, -5000.0));
/// let subnet = layout::scene(&d).subnets.into_iter().find(|s| s.id == "subnet-private-a").unwrap();
/// assert!(subnet.rect.contains(p));
/// ```
pub fn snap(d: &Diagram, id: &str, to: Point) -> Point {
    let tree = tree::build(d);
    let placed = place::place(&tree, &d.layout);
    let scene = geom::scene(&tree, &placed.layout);
    geom::snap(&tree, &scene, id, to)
}

/// Where `key` (a movable node, a subnet or a VPC) goes when it is dropped with its centre at `at`: the spot
/// nearest `at` — on the grid and inside its container, as [`snap`] keeps it — where it covers no other node, no
/// container's label and (a container) no sibling container. `None` when nothing within reach is free (the
/// caller keeps the automatic position) or `key` is not drawn. Pure.
///
/// ```
/// use vpclab_core::{gallery, layout};
/// let d = gallery::example("s3-through-nat").unwrap().diagram;
/// let s = layout::scene(&d);
/// let app = s.node("i-app").unwrap().rect;
/// // Dropped onto the NAT gateway's centre, the app server moves next to it, inside its own subnet.
/// let nat = s.node("nat-app").unwrap().rect;
/// let p = layout::free_spot(&d, "i-app", app.center()).unwrap();
/// let r = layout::Rect::new(p.x, p.y, app.w, app.h);
/// assert!(!r.intersects(&nat));
/// ```
pub fn free_spot(d: &Diagram, key: &str, at: Point) -> Option<Point> {
    const REACH: f64 = 480.0;
    const STEP: f64 = 2.0 * GRID;
    let tree = tree::build(d);
    let placed = place::place(&tree, &d.layout);
    let scene = geom::scene(&tree, &placed.layout);
    let me = scene.rect_of(key)?;
    let want = Point::new(at.x - me.w / 2.0, at.y - me.h / 2.0);
    let node = scene.node(key);
    if node.is_some_and(|n| !n.movable) {
        return None;
    }
    let subnet = scene.subnets.iter().find(|s| s.id == key);
    let vpc = scene.vpcs.iter().find(|v| v.id == key);
    // What it must not cover: labels (a container's own moves with it), and the things beside it.
    let own: std::collections::HashSet<String> = {
        let mut k = descendants(d, key);
        k.push(key.to_string());
        k.into_iter().collect()
    };
    let mut obstacles: Vec<Rect> = scene
        .label_boxes()
        .into_iter()
        .filter(|(k, _)| !own.contains(k))
        .map(|(_, r)| r)
        .collect();
    let vpc_outer = |id: &str, r: Rect| {
        scene
            .nodes
            .iter()
            .filter(|n| n.kind.is_edge() && n.container.as_deref() == Some(id))
            .fold(r, |a, n| a.union(&n.rect))
    };
    if let Some(n) = node {
        obstacles.extend(
            scene
                .nodes
                .iter()
                .filter(|o| o.key != n.key)
                .map(|o| o.rect.inflate(4.0)),
        );
        if n.container.is_none() {
            obstacles.extend(
                scene
                    .vpcs
                    .iter()
                    .map(|v| vpc_outer(&v.id, v.rect).inflate(8.0)),
            );
        }
    } else if let Some(sb) = subnet {
        obstacles.extend(
            scene
                .subnets
                .iter()
                .filter(|o| o.vpc_id == sb.vpc_id && o.id != sb.id)
                .map(|o| o.rect.inflate(geom::SUB_GAP / 2.0 - 1.0)),
        );
        obstacles.extend(
            scene
                .nodes
                .iter()
                .filter(|n| n.kind.is_badge() && n.container.as_deref() == Some(sb.vpc_id.as_str()))
                .map(|n| n.rect),
        );
    } else if let Some(v) = vpc {
        obstacles.extend(
            scene
                .vpcs
                .iter()
                .filter(|o| o.id != v.id)
                .map(|o| vpc_outer(&o.id, o.rect).inflate(16.0)),
        );
        obstacles.extend(
            scene
                .nodes
                .iter()
                .filter(|n| n.container.is_none())
                .map(|n| n.rect.inflate(16.0)),
        );
    }
    // A VPC or an outside node grows its Region's lane: it keeps clear of the other Regions' lanes.
    let region = node
        .filter(|n| n.container.is_none())
        .and_then(|n| n.region.clone())
        .or_else(|| vpc.and_then(|v| v.region.clone()));
    // A lane is the box around its Region's content: the candidate's grown lane must miss the others.
    let own_lane = region.as_ref().and_then(|r| {
        let content = scene
            .vpcs
            .iter()
            .filter(|v| v.region.as_ref() == Some(r) && !own.contains(&v.id))
            .map(|v| vpc_outer(&v.id, v.rect))
            .chain(
                scene
                    .nodes
                    .iter()
                    .filter(|n| n.container.is_none() && n.region.as_ref() == Some(r))
                    .filter(|n| !own.contains(&n.key))
                    .map(|n| n.rect),
            )
            .reduce(|a, b| a.union(&b))?;
        Some(Rect::new(
            content.x - geom::REGION_PAD,
            content.y - geom::REGION_PAD - geom::REGION_HEADER,
            content.w + 2.0 * geom::REGION_PAD,
            content.h + 2.0 * geom::REGION_PAD + geom::REGION_HEADER,
        ))
    });
    let other_lanes: Vec<Rect> = match &region {
        Some(r) => scene
            .regions
            .iter()
            .filter(|l| &l.region != r)
            .map(|l| l.rect.inflate(8.0))
            .collect(),
        None => Vec::new(),
    };
    let lane_clear = |r: &Rect| {
        let grown = Rect::new(
            r.x - geom::REGION_PAD,
            r.y - geom::REGION_PAD - geom::REGION_HEADER,
            r.w + 2.0 * geom::REGION_PAD,
            r.h + 2.0 * geom::REGION_PAD + geom::REGION_HEADER,
        );
        let lane = own_lane.map_or(grown, |l| l.union(&grown));
        !other_lanes.iter().any(|o| o.intersects(&lane))
    };
    // A container is measured with what sticks out of it (a VPC's edge gateways), relative to its corner.
    let extent = match vpc {
        Some(v) => vpc_outer(&v.id, v.rect),
        None => me,
    };
    let (ex, ey) = (extent.x - me.x, extent.y - me.y);
    let n = (REACH / STEP) as i32;
    let mut offsets: Vec<(i32, i32)> = (-n..=n)
        .flat_map(|i| (-n..=n).map(move |j| (i, j)))
        .filter(|(i, j)| i * i + j * j <= n * n)
        .collect();
    offsets.sort_by_key(|(i, j)| (i * i + j * j, *j, *i));
    let mut seen = std::collections::HashSet::new();
    for (i, j) in offsets {
        let p = geom::snap(
            &tree,
            &scene,
            key,
            Point::new(want.x + i as f64 * STEP, want.y + j as f64 * STEP),
        );
        if !seen.insert(((p.x * 8.0) as i64, (p.y * 8.0) as i64)) {
            continue;
        }
        let r = Rect::new(p.x + ex, p.y + ey, extent.w, extent.h);
        if !obstacles.iter().any(|o| o.intersects(&r)) && lane_clear(&r) {
            return Some(p);
        }
    }
    None
}

/// The keys whose stored positions move with `key` when it moves: a VPC's subnets and their nodes, a subnet's
/// nodes (not `key` itself).
pub(crate) fn descendants(d: &Diagram, key: &str) -> Vec<String> {
    tree::build(d).descendants(key)
}

/// The container (subnet or VPC id) of every positionable key inside one.
pub(crate) fn containers(d: &Diagram) -> std::collections::BTreeMap<String, String> {
    tree::build(d).containers()
}

/// The room on the left of a VPC's top edge for its name and CIDR: its edge gateways start right of it.
pub const VPC_LABEL_W: f64 = geom::VPC_LABEL_W;

/// The grid every snapped position lies on.
pub const GRID: f64 = 4.0;

/// The node id of an AWS service in a region, as the trace engine names its hop.
///
/// ```
/// assert_eq!(vpclab_core::layout::aws_service_node("s3", "us-east-1"), "aws-service:s3.us-east-1");
/// ```
pub fn aws_service_node(service: &str, region: &str) -> String {
    format!("aws-service:{service}.{region}")
}

pub(crate) use tree::{routes_to_igw, subnet_route_table};

/// After an edit grew a container (a subnet with a new node, a VPC with a new subnet): push the siblings it now
/// runs into down or to the right (with their contents), so the stored layout stays free of overlaps it did not
/// have before. Pairs that already overlapped are left alone (the user put them there).
pub(crate) fn make_room(before: &Diagram, after: &mut Diagram) {
    // The spacing the automatic layout leaves between subnets, and around outside nodes.
    const GAP: f64 = 16.0;
    let sb = scene(before);
    let sa = scene(after);
    let before_subnets: std::collections::HashMap<&str, Rect> =
        sb.subnets.iter().map(|s| (s.id.as_str(), s.rect)).collect();
    let mut moves: Vec<(String, f64, f64)> = Vec::new();
    for vpc in &sa.vpcs {
        let items: Vec<(String, Rect)> = sa
            .subnets
            .iter()
            .filter(|s| s.vpc_id == vpc.id)
            .map(|s| (s.id.clone(), s.rect))
            .collect();
        moves.extend(push_apart(&items, &before_subnets, GAP));
    }
    let sa = if moves.is_empty() {
        sa
    } else {
        apply_moves(after, &moves);
        scene(after)
    };
    let outer = |s: &Scene| -> Vec<(String, Rect)> {
        let mut out: Vec<(String, Rect)> = s
            .vpcs
            .iter()
            .map(|v| {
                let r = s
                    .nodes
                    .iter()
                    .filter(|n| n.kind.is_edge() && n.container.as_deref() == Some(v.id.as_str()))
                    .fold(v.rect, |a, n| a.union(&n.rect));
                (v.id.clone(), r)
            })
            .collect();
        out.extend(
            s.nodes
                .iter()
                .filter(|n| n.container.is_none() && n.movable)
                .map(|n| (n.key.clone(), n.rect)),
        );
        out
    };
    let before_top = outer(&sb);
    let before_map: std::collections::HashMap<&str, Rect> =
        before_top.iter().map(|(k, r)| (k.as_str(), *r)).collect();
    let moves = push_apart(&outer(&sa), &before_map, GAP);
    apply_moves(after, &moves);
}

fn apply_moves(d: &mut Diagram, moves: &[(String, f64, f64)]) {
    for (key, dx, dy) in moves {
        let mut keys = descendants(d, key);
        keys.push(key.clone());
        for k in keys {
            if let Some(p) = d.layout.get(&k) {
                d.layout.insert(k, Point::new(p.x + dx, p.y + dy));
            }
        }
    }
}

/// Moves (key, dx, dy) that separate items that grew or appeared from the siblings they now overlap.
fn push_apart(
    items: &[(String, Rect)],
    before: &std::collections::HashMap<&str, Rect>,
    gap: f64,
) -> Vec<(String, f64, f64)> {
    let mut rects: Vec<Rect> = items.iter().map(|(_, r)| *r).collect();
    let mut total: Vec<(f64, f64)> = vec![(0.0, 0.0); items.len()];
    let mut queue: std::collections::VecDeque<usize> = (0..items.len())
        .filter(|&i| before.get(items[i].0.as_str()) != Some(&items[i].1))
        .collect();
    let mut budget = items.len() * items.len() + 16;
    while let Some(g) = queue.pop_front() {
        if budget == 0 {
            break;
        }
        budget -= 1;
        let gr = rects[g];
        for o in 0..items.len() {
            if o == g {
                continue;
            }
            let or = rects[o];
            if !gr.inflate(gap / 2.0).intersects(&or.inflate(gap / 2.0)) {
                continue;
            }
            let was = |i: usize| before.get(items[i].0.as_str()).copied();
            if let (Some(bg), Some(bo)) = (was(g), was(o)) {
                if bg.inflate(gap / 2.0).intersects(&bo.inflate(gap / 2.0)) {
                    continue;
                }
            }
            // The lower one (or, level, the one on the right) makes room: down, or right when level.
            let (m, f) = if or.y > gr.y + EPS || ((or.y - gr.y).abs() <= EPS && or.x >= gr.x) {
                (o, g)
            } else {
                (g, o)
            };
            let (mr, fr) = (rects[m], rects[f]);
            let (dx, dy) = if mr.y > fr.y + EPS {
                (0.0, fr.bottom() + gap - mr.y)
            } else {
                (fr.right() + gap - mr.x, 0.0)
            };
            rects[m] = Rect::new(mr.x + dx, mr.y + dy, mr.w, mr.h);
            total[m] = (total[m].0 + dx, total[m].1 + dy);
            queue.push_back(m);
            if m == g {
                break;
            }
        }
    }
    items
        .iter()
        .zip(total)
        .filter(|(_, (dx, dy))| *dx != 0.0 || *dy != 0.0)
        .map(|((k, _), (dx, dy))| (k.clone(), dx, dy))
        .collect()
}
