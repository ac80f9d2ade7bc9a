//! Sizes, container measurement (containers grow to fit their children), derived positions, the scene itself.

use std::collections::BTreeMap;

use crate::diagram::{Layout, Point};

use super::tree::{TNode, Tree};
use super::{AzLane, Rect, RegionLane, Scene, SceneEdge, SceneNode, SubnetBox, VpcBox, GRID};

// Containers.
pub(super) const PAD: f64 = 16.0;
pub(super) const VPC_HEADER: f64 = 44.0;
pub(super) const AZ_HEADER: f64 = 28.0;
pub(super) const LANE_PAD: f64 = 8.0;
pub(super) const COL_GAP: f64 = 32.0;
pub(super) const SUB_HEADER: f64 = 36.0;
pub(super) const SUB_PAD: f64 = 12.0;
pub(super) const SUB_GAP: f64 = 16.0;
/// Room on the left of a VPC's top edge for its label.
pub(super) const VPC_LABEL_W: f64 = 240.0;
pub(super) const REGION_PAD: f64 = 24.0;
pub(super) const REGION_HEADER: f64 = 32.0;
// Nodes.
pub(super) const NODE_W: f64 = 136.0;
pub(super) const NODE_H: f64 = 44.0;
pub(super) const NODE_GAP: f64 = 12.0;
pub(super) const BADGE_W: f64 = 136.0;
pub(super) const BADGE_H: f64 = 28.0;
pub(super) const BADGE_GAP: f64 = 8.0;
pub(super) const EDGE_W: f64 = 112.0;
pub(super) const EDGE_H: f64 = 40.0;
pub(super) const EDGE_GAP: f64 = 12.0;
pub(super) const OUT_W: f64 = 148.0;
pub(super) const OUT_H: f64 = 48.0;

pub(super) const SUBNET_MIN_W: f64 = 2.0 * SUB_PAD + 2.0 * NODE_W + NODE_GAP;
pub(super) const SUBNET_MIN_H: f64 = SUB_HEADER + NODE_H + SUB_PAD;

/// Columns of a fresh subnet holding `n` nodes.
pub(super) fn subnet_cols(n: usize) -> usize {
    match n {
        0..=4 => 2,
        5..=9 => 3,
        _ => 4,
    }
}

/// The size of a fresh subnet holding `n` nodes.
pub(super) fn fresh_subnet_size(n: usize) -> (f64, f64) {
    let cols = subnet_cols(n);
    let rows = n.div_ceil(cols).max(1);
    (
        2.0 * SUB_PAD + cols as f64 * NODE_W + (cols as f64 - 1.0) * NODE_GAP,
        SUB_HEADER + rows as f64 * NODE_H + (rows as f64 - 1.0) * NODE_GAP + SUB_PAD,
    )
}

/// Where the `i`-th node of a subnet at `origin` goes in the subnet's grid of `cols` columns.
pub(super) fn slot(origin: Point, cols: usize, i: usize) -> Point {
    let (c, r) = (i % cols, i / cols);
    Point::new(
        origin.x + SUB_PAD + c as f64 * (NODE_W + NODE_GAP),
        origin.y + SUB_HEADER + r as f64 * (NODE_H + NODE_GAP),
    )
}

/// The top-left of a VPC's content (its first AZ lane's first subnet).
pub(super) fn vpc_content_origin(o: Point) -> Point {
    Point::new(o.x + PAD + LANE_PAD, o.y + VPC_HEADER + AZ_HEADER)
}

pub(super) fn rect_at(p: Point, w: f64, h: f64) -> Rect {
    Rect::new(p.x, p.y, w, h)
}

/// The size of an outside node.
pub(super) fn out_rect(p: Point) -> Rect {
    rect_at(p, OUT_W, OUT_H)
}

/// A subnet's rectangle: from its position, grown to fit its nodes.
pub(super) fn subnet_rect(tree: &Tree, s: usize, pos: &BTreeMap<String, Point>) -> Option<Rect> {
    let sub = &tree.subnets[s];
    let o = *pos.get(&sub.id)?;
    let mut right = o.x + SUBNET_MIN_W;
    let mut bottom = o.y + SUBNET_MIN_H;
    for n in &sub.nodes {
        if let Some(p) = pos.get(&n.key) {
            right = right.max(p.x + NODE_W + SUB_PAD);
            bottom = bottom.max(p.y + NODE_H + SUB_PAD);
        }
    }
    Some(Rect::new(o.x, o.y, right - o.x, bottom - o.y))
}

/// A VPC measured: its rectangle, its subnets', its AZ lanes, its derived edge nodes and badges.
#[derive(Debug, Clone)]
pub(super) struct VpcGeom {
    pub rect: Rect,
    pub subnets: Vec<(usize, Rect)>,
    pub lanes: Vec<(Option<String>, Rect)>,
    /// (index into the VPC's `top`, rect)
    pub top: Vec<Rect>,
    /// Virtual private gateways: the bottom edge.
    pub bottom: Vec<Rect>,
    pub badges: Vec<Rect>,
}

impl VpcGeom {
    /// The VPC with what sticks out of its edges.
    pub fn outer(&self) -> Rect {
        let mut r = self.rect;
        for e in self.top.iter().chain(self.bottom.iter()) {
            r = r.union(e);
        }
        r
    }
}

pub(super) fn vpc_geom(tree: &Tree, v: usize, pos: &BTreeMap<String, Point>) -> Option<VpcGeom> {
    let vpc = &tree.vpcs[v];
    let o = *pos.get(&vpc.id)?;
    let content = vpc_content_origin(o);
    let subnets: Vec<(usize, Rect)> = vpc
        .subnets
        .iter()
        .filter_map(|&s| Some((s, subnet_rect(tree, s, pos)?)))
        .collect();
    let mut right = content.x;
    let mut bottom = content.y;
    for (_, r) in &subnets {
        right = right.max(r.right() + LANE_PAD);
        bottom = bottom.max(r.bottom() + LANE_PAD);
    }
    let badge_x = if subnets.is_empty() {
        content.x
    } else {
        right + COL_GAP - LANE_PAD
    };
    let mut badges = Vec::new();
    for (i, _) in vpc.badges.iter().enumerate() {
        let r = Rect::new(
            badge_x,
            content.y + i as f64 * (BADGE_H + BADGE_GAP),
            BADGE_W,
            BADGE_H,
        );
        right = right.max(r.right());
        bottom = bottom.max(r.bottom());
        badges.push(r);
    }
    let bottom_pad = if vpc.bottom.is_empty() {
        PAD
    } else {
        PAD + EDGE_H / 2.0
    };
    let min_w = (VPC_LABEL_W + vpc.top.len() as f64 * (EDGE_W + EDGE_GAP) + PAD)
        .max(PAD + vpc.bottom.len() as f64 * (EDGE_W + EDGE_GAP) + PAD)
        .max(VPC_LABEL_W + PAD);
    let min_h = VPC_HEADER + AZ_HEADER + 64.0;
    let w = (right + PAD - o.x).max(min_w);
    let h = (bottom + bottom_pad - o.y).max(min_h);
    let rect = Rect::new(o.x, o.y, w, h);
    let top = (0..vpc.top.len())
        .map(|i| {
            Rect::new(
                o.x + VPC_LABEL_W + i as f64 * (EDGE_W + EDGE_GAP),
                o.y - EDGE_H / 2.0,
                EDGE_W,
                EDGE_H,
            )
        })
        .collect();
    let bottom_nodes = (0..vpc.bottom.len())
        .map(|i| {
            Rect::new(
                o.x + PAD + i as f64 * (EDGE_W + EDGE_GAP),
                rect.bottom() - EDGE_H / 2.0,
                EDGE_W,
                EDGE_H,
            )
        })
        .collect();
    let lane_bottom = rect.bottom() - bottom_pad + LANE_PAD;
    let mut lanes = Vec::new();
    for az in &vpc.azs {
        let mut span: Option<(f64, f64)> = None;
        for (s, r) in &subnets {
            if &tree.subnets[*s].az == az {
                span = Some(match span {
                    None => (r.x, r.right()),
                    Some((a, b)) => (a.min(r.x), b.max(r.right())),
                });
            }
        }
        if let Some((a, b)) = span {
            let y = o.y + VPC_HEADER;
            lanes.push((
                az.clone(),
                Rect::new(
                    a - LANE_PAD,
                    y,
                    b - a + 2.0 * LANE_PAD,
                    (lane_bottom - y).max(AZ_HEADER),
                ),
            ));
        }
    }
    Some(VpcGeom {
        rect,
        subnets,
        lanes,
        top,
        bottom: bottom_nodes,
        badges,
    })
}

fn scene_node(n: &TNode, rect: Rect, container: Option<&str>, movable: bool) -> SceneNode {
    SceneNode {
        key: n.key.clone(),
        id: n.id.clone(),
        kind: n.kind,
        label: n.label.clone(),
        sublabel: n.sublabel.clone(),
        rect,
        container: container.map(str::to_string),
        movable,
        region: n.region.clone(),
        aliases: Vec::new(),
    }
}

/// The scene of a tree whose positionable keys are all in `layout`.
pub(super) fn scene(tree: &Tree, layout: &Layout) -> Scene {
    let pos = &layout.positions;
    let mut scene = Scene::default();
    let grow = |region: &str, r: Rect, map: &mut BTreeMap<String, Rect>| {
        map.entry(region.to_string())
            .and_modify(|x| *x = x.union(&r))
            .or_insert(r);
    };
    let mut regions: BTreeMap<String, Rect> = BTreeMap::new();
    for (v, vpc) in tree.vpcs.iter().enumerate() {
        let Some(g) = vpc_geom(tree, v, pos) else {
            continue;
        };
        grow(&vpc.region, g.outer(), &mut regions);
        scene.vpcs.push(VpcBox {
            id: vpc.id.clone(),
            label: vpc.label.clone(),
            sublabel: vpc.sublabel.clone(),
            region: Some(vpc.region.clone()),
            rect: g.rect,
        });
        for (az, r) in &g.lanes {
            scene.azs.push(AzLane {
                vpc_id: vpc.id.clone(),
                az: az.clone(),
                label: az.clone().unwrap_or_else(|| "no availability zone".into()),
                rect: *r,
            });
        }
        for (s, r) in &g.subnets {
            let sub = &tree.subnets[*s];
            scene.subnets.push(SubnetBox {
                id: sub.id.clone(),
                vpc_id: vpc.id.clone(),
                az: sub.az.clone(),
                label: sub.label.clone(),
                sublabel: sub.sublabel.clone(),
                public: sub.public,
                rect: *r,
            });
            for n in &sub.nodes {
                if let Some(p) = pos.get(&n.key) {
                    scene.nodes.push(scene_node(
                        n,
                        rect_at(*p, NODE_W, NODE_H),
                        Some(&sub.id),
                        true,
                    ));
                }
            }
        }
        for (n, r) in vpc.badges.iter().zip(g.badges.iter()) {
            scene.nodes.push(scene_node(n, *r, Some(&vpc.id), false));
        }
        for (n, r) in vpc.top.iter().zip(g.top.iter()) {
            scene.nodes.push(scene_node(n, *r, Some(&vpc.id), false));
        }
        for (n, r) in vpc.bottom.iter().zip(g.bottom.iter()) {
            scene.nodes.push(scene_node(n, *r, Some(&vpc.id), false));
        }
    }
    for n in &tree.outside {
        if let Some(p) = pos.get(&n.key) {
            let r = out_rect(*p);
            if let Some(region) = &n.region {
                grow(region, r, &mut regions);
            }
            scene.nodes.push(scene_node(n, r, None, true));
        }
    }
    for r in &tree.regions {
        if let Some(rect) = regions.get(r) {
            let lane = Rect::new(
                rect.x - REGION_PAD,
                rect.y - REGION_PAD - REGION_HEADER,
                rect.w + 2.0 * REGION_PAD,
                rect.h + 2.0 * REGION_PAD + REGION_HEADER,
            );
            scene.regions.push(RegionLane {
                region: r.clone(),
                rect: lane,
            });
        }
    }
    // Other ids each node stands for.
    let mut aliases: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (id, keys) in &tree.alias {
        for k in keys {
            aliases.entry(k.as_str()).or_default().push(id.clone());
        }
    }
    for n in &mut scene.nodes {
        if let Some(ids) = aliases.get(n.key.as_str()) {
            let mut ids: Vec<String> = ids.iter().filter(|i| **i != n.id).cloned().collect();
            ids.sort();
            n.aliases = ids;
        }
    }
    // Edges, their ends on the borders of what they join.
    let rects: BTreeMap<&str, Rect> = scene
        .nodes
        .iter()
        .map(|n| (n.key.as_str(), n.rect))
        .chain(scene.subnets.iter().map(|s| (s.id.as_str(), s.rect)))
        .chain(scene.vpcs.iter().map(|v| (v.id.as_str(), v.rect)))
        .collect();
    let labels: Vec<Rect> = scene.label_boxes().into_iter().map(|(_, r)| r).collect();
    let node_rects: Vec<Rect> = scene.nodes.iter().map(|n| n.rect).collect();
    let mut edges = Vec::new();
    for e in &tree.edges {
        let (Some(a), Some(b)) = (rects.get(e.from.as_str()), rects.get(e.to.as_str())) else {
            continue;
        };
        let route = route(a, b, &labels, &node_rects);
        edges.push(SceneEdge {
            key: e.key.clone(),
            kind: e.kind,
            from: e.from.clone(),
            to: e.to.clone(),
            from_pt: route[0],
            to_pt: route[route.len() - 1],
            id: e.id.clone(),
            implicit: e.implicit,
            via: route[1..route.len() - 1].to_vec(),
        });
    }
    scene.edges = edges;
    let mut bounds: Option<Rect> = None;
    for r in scene
        .regions
        .iter()
        .map(|r| r.rect)
        .chain(scene.vpcs.iter().map(|v| v.rect))
        .chain(scene.nodes.iter().map(|n| n.rect))
    {
        bounds = Some(match bounds {
            None => r,
            Some(b) => b.union(&r),
        });
    }
    scene.bounds = bounds
        .map(|b| b.inflate(40.0))
        .unwrap_or(Rect::new(0.0, 0.0, 960.0, 600.0));
    scene
}

pub(super) fn on_grid(p: Point) -> Point {
    Point::new((p.x / GRID).round() * GRID, (p.y / GRID).round() * GRID)
}

fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    if hi < lo {
        lo
    } else {
        v.clamp(lo, hi)
    }
}

pub(super) fn snap(tree: &Tree, scene: &Scene, key: &str, to: Point) -> Point {
    let to = if to.x.is_finite() && to.y.is_finite() {
        on_grid(to)
    } else {
        Point::default()
    };
    if let Some(n) = scene.node(key) {
        if !n.movable {
            return n.rect.origin();
        }
        if let Some(sr) = n
            .container
            .as_deref()
            .and_then(|c| scene.subnets.iter().find(|s| s.id == c))
        {
            return Point::new(
                clamp(
                    to.x,
                    sr.rect.x + SUB_PAD,
                    sr.rect.right() - SUB_PAD - n.rect.w,
                ),
                clamp(
                    to.y,
                    sr.rect.y + SUB_HEADER,
                    sr.rect.bottom() - SUB_PAD - n.rect.h,
                ),
            );
        }
        return to;
    }
    if let Some(&s) = tree.subnet_ix.get(key) {
        let vpc_id = &tree.vpcs[tree.subnets[s].vpc].id;
        if let (Some(sub), Some(v)) = (
            scene.subnets.iter().find(|x| x.id == key),
            scene.vpcs.iter().find(|x| &x.id == vpc_id),
        ) {
            let c = vpc_content_origin(v.rect.origin());
            return Point::new(
                clamp(to.x, c.x, v.rect.right() - PAD - LANE_PAD - sub.rect.w),
                clamp(to.y, c.y, v.rect.bottom() - PAD - LANE_PAD - sub.rect.h),
            );
        }
    }
    to
}

/// Whether the segment `a`–`b` runs through the interior of `r` (Liang–Barsky clipping).
pub(super) fn crosses(a: Point, b: Point, r: &Rect) -> bool {
    let r = r.inflate(-0.5);
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.x - r.x),
        (dx, r.right() - a.x),
        (-dy, a.y - r.y),
        (dy, r.bottom() - a.y),
    ] {
        if p.abs() < 1e-12 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

/// The line of an edge between the rectangles `a` and `b`, ends on their borders: straight when that runs
/// through no label box, else the first of a few orthogonal detours (one bend, then two) that does; straight
/// when none does.
fn route(a: &Rect, b: &Rect, labels: &[Rect], nodes: &[Rect]) -> Vec<Point> {
    // Only what is near the two ends matters (and large diagrams stay fast).
    let area = a.union(b).inflate(160.0);
    let labels: Vec<Rect> = labels
        .iter()
        .filter(|l| l.intersects(&area))
        .copied()
        .collect();
    let labels = labels.as_slice();
    let nodes: Vec<Rect> = nodes
        .iter()
        .filter(|n| n.intersects(&area))
        .copied()
        .collect();
    let (ca, cb) = (a.center(), b.center());
    let straight = vec![a.border_towards(cb), b.border_towards(ca)];
    let clear = |pts: &[Point]| {
        pts.windows(2)
            .all(|w| !labels.iter().any(|l| crosses(w[0], w[1], l)))
    };
    if clear(&straight) {
        return straight;
    }
    // A path through `corners` (outside both rectangles), its ends on the borders facing the first and last.
    let through = |corners: &[Point]| -> Option<Vec<Point>> {
        let (first, last) = (*corners.first()?, *corners.last()?);
        if a.inflate(1.0).contains(first) || b.inflate(1.0).contains(last) {
            return None;
        }
        let mut pts = vec![a.border_towards(first)];
        pts.extend_from_slice(corners);
        pts.push(b.border_towards(last));
        Some(pts)
    };
    let mut candidates: Vec<Vec<Point>> =
        vec![vec![Point::new(cb.x, ca.y)], vec![Point::new(ca.x, cb.y)]];
    let xs = [
        (a.right().min(b.right()) + a.x.max(b.x)) / 2.0,
        b.x - 12.0,
        b.right() + 12.0,
        a.right() + 12.0,
        a.x - 12.0,
    ];
    for x in xs {
        candidates.push(vec![Point::new(x, ca.y), Point::new(x, cb.y)]);
    }
    let ys = [
        (a.bottom().min(b.bottom()) + a.y.max(b.y)) / 2.0,
        b.y - 12.0,
        b.bottom() + 12.0,
        a.bottom() + 12.0,
        a.y - 12.0,
    ];
    for y in ys {
        candidates.push(vec![Point::new(ca.x, y), Point::new(cb.x, y)]);
    }
    // Then channels beside each label, shortest first.
    let mut more: Vec<Vec<Point>> = Vec::new();
    for l in labels {
        for x in [l.x - 8.0, l.right() + 8.0] {
            more.push(vec![Point::new(x, ca.y), Point::new(x, cb.y)]);
        }
        for y in [l.y - 8.0, l.bottom() + 8.0] {
            more.push(vec![Point::new(ca.x, y), Point::new(cb.x, y)]);
        }
    }
    let length = |c: &[Point]| {
        let mut pts = vec![ca];
        pts.extend_from_slice(c);
        pts.push(cb);
        pts.windows(2)
            .map(|w| (w[1].x - w[0].x).abs() + (w[1].y - w[0].y).abs())
            .sum::<f64>()
    };
    more.sort_by(|p, q| length(p).total_cmp(&length(q)));
    candidates.extend(more);
    // Detours also keep off other nodes where they can.
    let others: Vec<&Rect> = nodes.iter().filter(|n| *n != a && *n != b).collect();
    let off_nodes = |pts: &[Point]| {
        pts.windows(2)
            .all(|w| !others.iter().any(|n| crosses(w[0], w[1], n)))
    };
    let detours: Vec<Vec<Point>> = candidates.iter().filter_map(|c| through(c)).collect();
    detours
        .iter()
        .find(|pts| clear(pts) && off_nodes(pts))
        .or_else(|| detours.iter().find(|pts| clear(pts)))
        .cloned()
        .unwrap_or(straight)
}
