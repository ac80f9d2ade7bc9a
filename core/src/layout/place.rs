//! Automatic placement: keep what is positioned, place the rest.
//!
//! * A VPC with nothing positioned is laid out fresh inside (AZ columns, subnets stacked, nodes in a grid) and
//!   then placed as a whole: with an empty layout, region by region as bands of VPC grids; otherwise in the
//!   first free spot next to its region's VPCs that keeps the diagram compact.
//! * A VPC with positioned content gets its missing subnets in their AZ column (below the column's last subnet,
//!   or a new column on the right) and its missing nodes in the first free slot of their subnet's grid.
//! * Outside nodes start from an anchor (between the VPCs a peering joins, under the VPCs a transit gateway
//!   attaches, left of the gateway a VPN ends on, right of the region for AWS services, above for the
//!   internet) and probe step by step for the first spot that overlaps nothing.

use std::collections::{BTreeMap, HashMap};

use crate::diagram::{Layout, Point};

use super::geom::*;
use super::tree::{Anchor, Tree};
use super::{Rect, SceneKind};

/// A VPC laid out at the origin: (vpc index, relative positions, outer rectangle relative to the origin).
type FreshVpc = (usize, BTreeMap<String, Point>, Rect);

pub(super) struct Placed {
    pub layout: Layout,
}

const H_GAP: f64 = 200.0;
const V_GAP: f64 = 152.0;
const STEP: f64 = 24.0;
const MAX_STEPS: i32 = 400;
const MARGIN: f64 = 16.0;
const INTERNET_ROW: f64 = 160.0;
const BAND_GAP: f64 = 96.0;

fn finite(p: &Point) -> bool {
    p.x.is_finite() && p.y.is_finite() && p.x.abs() < 1e9 && p.y.abs() < 1e9
}

fn positionable(tree: &Tree) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for v in &tree.vpcs {
        out.push(&v.id);
    }
    for s in &tree.subnets {
        out.push(&s.id);
        out.extend(s.nodes.iter().map(|n| n.key.as_str()));
    }
    out.extend(tree.outside.iter().map(|n| n.key.as_str()));
    out
}

pub(super) fn place(tree: &Tree, stored: &Layout) -> Placed {
    let mut pos: BTreeMap<String, Point> = BTreeMap::new();
    for k in positionable(tree) {
        if let Some(p) = stored.get(k).filter(finite) {
            pos.insert(k.to_string(), p);
        }
    }
    let fresh_all = pos.is_empty();
    // VPCs laid out fresh at the origin: (vpc, relative positions, outer rect relative to the origin).
    let mut fresh: Vec<FreshVpc> = Vec::new();
    for (v, vpc) in tree.vpcs.iter().enumerate() {
        let any = pos.contains_key(&vpc.id)
            || tree
                .descendants(&vpc.id)
                .iter()
                .any(|k| pos.contains_key(k));
        if any {
            if !pos.contains_key(&vpc.id) {
                derive_vpc_origin(tree, v, &mut pos);
            }
            fill_vpc(tree, v, &mut pos);
        } else {
            let mut rel = BTreeMap::new();
            rel.insert(vpc.id.clone(), Point::default());
            fill_vpc(tree, v, &mut rel);
            let outer = vpc_geom(tree, v, &rel)
                .map(|g| g.outer())
                .unwrap_or_default();
            fresh.push((v, rel, outer));
        }
    }
    if fresh_all {
        bands(tree, &mut pos, fresh);
    } else {
        for (v, rel, outer) in fresh {
            first_fit_vpc(tree, v, rel, outer, &mut pos);
        }
    }
    place_outside(tree, &mut pos);
    Placed {
        layout: Layout { positions: pos },
    }
}

/// A VPC without a position whose subnets or nodes have one: put it around them.
fn derive_vpc_origin(tree: &Tree, v: usize, pos: &mut BTreeMap<String, Point>) {
    let vpc = &tree.vpcs[v];
    let mut min: Option<Point> = None;
    for &s in &vpc.subnets {
        let sub = &tree.subnets[s];
        let mut pts: Vec<Point> = Vec::new();
        if let Some(p) = pos.get(&sub.id) {
            pts.push(*p);
        }
        for n in &sub.nodes {
            if let Some(p) = pos.get(&n.key) {
                pts.push(Point::new(p.x - SUB_PAD, p.y - SUB_HEADER));
            }
        }
        for p in pts {
            min = Some(match min {
                None => p,
                Some(m) => Point::new(m.x.min(p.x), m.y.min(p.y)),
            });
        }
    }
    let m = min.unwrap_or_default();
    pos.insert(
        vpc.id.clone(),
        Point::new(m.x - PAD - LANE_PAD, m.y - VPC_HEADER - AZ_HEADER),
    );
}

/// Place a positioned VPC's missing subnets and nodes.
fn fill_vpc(tree: &Tree, v: usize, pos: &mut BTreeMap<String, Point>) {
    let vpc = &tree.vpcs[v];
    let Some(&o) = pos.get(&vpc.id) else {
        return;
    };
    let content = vpc_content_origin(o);
    // Fresh interior when nothing inside is positioned: AZ columns in order.
    let nothing = vpc.subnets.iter().all(|&s| {
        !pos.contains_key(&tree.subnets[s].id)
            && tree.subnets[s]
                .nodes
                .iter()
                .all(|n| !pos.contains_key(&n.key))
    });
    if nothing {
        let mut x = content.x;
        for az in &vpc.azs {
            let members: Vec<usize> = vpc
                .subnets
                .iter()
                .copied()
                .filter(|&s| &tree.subnets[s].az == az)
                .collect();
            let col_w = members
                .iter()
                .map(|&s| fresh_subnet_size(tree.subnets[s].nodes.len()).0)
                .fold(SUBNET_MIN_W, f64::max);
            let mut y = content.y;
            for s in members {
                let p = Point::new(x, y);
                pos.insert(tree.subnets[s].id.clone(), p);
                fresh_nodes(tree, s, p, pos);
                y += fresh_subnet_size(tree.subnets[s].nodes.len()).1 + SUB_GAP;
            }
            x += col_w + COL_GAP;
        }
        return;
    }
    for &s in &vpc.subnets {
        let sub = &tree.subnets[s];
        if pos.contains_key(&sub.id) {
            fill_subnet(tree, s, pos);
            continue;
        }
        let node_pts: Vec<Point> = sub
            .nodes
            .iter()
            .filter_map(|n| pos.get(&n.key).copied())
            .collect();
        if let Some(first) = node_pts.first() {
            let min = node_pts
                .iter()
                .fold(*first, |m, p| Point::new(m.x.min(p.x), m.y.min(p.y)));
            pos.insert(
                sub.id.clone(),
                Point::new(min.x - SUB_PAD, min.y - SUB_HEADER),
            );
            fill_subnet(tree, s, pos);
            continue;
        }
        let p = new_subnet_spot(tree, v, s, content, pos);
        pos.insert(sub.id.clone(), p);
        fresh_nodes(tree, s, p, pos);
    }
}

fn fresh_nodes(tree: &Tree, s: usize, origin: Point, pos: &mut BTreeMap<String, Point>) {
    let nodes = &tree.subnets[s].nodes;
    let cols = subnet_cols(nodes.len());
    for (i, n) in nodes.iter().enumerate() {
        pos.insert(n.key.clone(), slot(origin, cols, i));
    }
}

/// A new subnet in a VPC that has positioned subnets: below its AZ column, else a new column on the right.
fn new_subnet_spot(
    tree: &Tree,
    v: usize,
    s: usize,
    content: Point,
    pos: &BTreeMap<String, Point>,
) -> Point {
    let vpc = &tree.vpcs[v];
    let az = &tree.subnets[s].az;
    let siblings: Vec<(usize, Rect)> = vpc
        .subnets
        .iter()
        .filter(|&&x| x != s)
        .filter_map(|&x| Some((x, subnet_rect(tree, x, pos)?)))
        .collect();
    let same: Vec<Rect> = siblings
        .iter()
        .filter(|(x, _)| &tree.subnets[*x].az == az)
        .map(|(_, r)| *r)
        .collect();
    let start = if let Some(f) = same.first() {
        Point::new(
            same.iter().fold(f.x, |m, r| m.min(r.x)),
            same.iter().fold(f.bottom(), |m, r| m.max(r.bottom())) + SUB_GAP,
        )
    } else if let Some((_, f)) = siblings.first() {
        Point::new(
            siblings
                .iter()
                .fold(f.right(), |m, (_, r)| m.max(r.right()))
                + COL_GAP,
            content.y,
        )
    } else {
        content
    };
    let (w, h) = fresh_subnet_size(tree.subnets[s].nodes.len());
    let obstacles: Vec<Rect> = siblings
        .iter()
        .map(|(_, r)| r.inflate(SUB_GAP / 2.0 - 1.0))
        .collect();
    for k in 0..=MAX_STEPS {
        let p = Point::new(start.x, start.y + k as f64 * STEP);
        let r = Rect::new(p.x, p.y, w, h);
        if !obstacles.iter().any(|o| o.intersects(&r)) {
            return p;
        }
    }
    start
}

/// Place a positioned subnet's missing nodes in the first free slots of its grid.
fn fill_subnet(tree: &Tree, s: usize, pos: &mut BTreeMap<String, Point>) {
    let sub = &tree.subnets[s];
    let Some(&o) = pos.get(&sub.id) else {
        return;
    };
    if sub.nodes.iter().all(|n| pos.contains_key(&n.key)) {
        return;
    }
    let width = subnet_rect(tree, s, pos)
        .map(|r| r.w)
        .unwrap_or(SUBNET_MIN_W);
    let fit = ((width - 2.0 * SUB_PAD + NODE_GAP) / (NODE_W + NODE_GAP))
        .floor()
        .max(1.0) as usize;
    let cols = fit.max(subnet_cols(sub.nodes.len()));
    let mut taken: Vec<Rect> = sub
        .nodes
        .iter()
        .filter_map(|n| pos.get(&n.key))
        .map(|p| Rect::new(p.x, p.y, NODE_W, NODE_H))
        .collect();
    let mut i = 0usize;
    for n in &sub.nodes {
        if pos.contains_key(&n.key) {
            continue;
        }
        loop {
            let p = slot(o, cols, i);
            let r = Rect::new(p.x, p.y, NODE_W, NODE_H);
            i += 1;
            if !taken.iter().any(|t| t.intersects(&r)) || i > 100_000 {
                pos.insert(n.key.clone(), p);
                taken.push(r);
                break;
            }
        }
    }
}

/// Move a fresh VPC's positions by `by`, rounded to the grid.
fn translate(rel: BTreeMap<String, Point>, by: Point, pos: &mut BTreeMap<String, Point>) {
    let by = on_grid(by);
    for (k, p) in rel {
        pos.insert(k, Point::new(p.x + by.x, p.y + by.y));
    }
}

/// An empty layout: regions as bands from top to bottom, each a grid of its VPCs.
fn bands(tree: &Tree, pos: &mut BTreeMap<String, Point>, fresh: Vec<FreshVpc>) {
    let has_internet = tree.outside.iter().any(|n| n.kind == SceneKind::Internet);
    let mut y = if has_internet { INTERNET_ROW } else { 0.0 };
    let mut fresh: Vec<Option<FreshVpc>> = fresh.into_iter().map(Some).collect();
    for region in &tree.regions {
        let members: Vec<usize> = (0..fresh.len())
            .filter(|&i| {
                fresh[i]
                    .as_ref()
                    .is_some_and(|(v, _, _)| &tree.vpcs[*v].region == region)
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        let n = members.len();
        let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
        let rows = n.div_ceil(cols);
        let mut col_w = vec![0.0f64; cols];
        let mut row_h = vec![0.0f64; rows];
        for (i, &m) in members.iter().enumerate() {
            if let Some((_, _, outer)) = &fresh[m] {
                col_w[i % cols] = col_w[i % cols].max(outer.w);
                row_h[i / cols] = row_h[i / cols].max(outer.h);
            }
        }
        let top = y + REGION_HEADER + REGION_PAD;
        for (i, &m) in members.iter().enumerate() {
            let Some((_, rel, outer)) = fresh[m].take() else {
                continue;
            };
            let (c, r) = (i % cols, i / cols);
            let ox = REGION_PAD + col_w[..c].iter().sum::<f64>() + c as f64 * H_GAP;
            let oy = top + row_h[..r].iter().sum::<f64>() + r as f64 * V_GAP;
            translate(rel, Point::new(ox - outer.x, oy - outer.y), pos);
        }
        let grid_h = row_h.iter().sum::<f64>() + (rows as f64 - 1.0) * V_GAP;
        let tgws = tree
            .outside
            .iter()
            .filter(|o| o.kind == SceneKind::TransitGateway && o.region.as_deref() == Some(region))
            .count();
        let services = tree
            .outside
            .iter()
            .filter(|o| o.anchor == Anchor::Service && o.region.as_deref() == Some(region))
            .count();
        let extra = if tgws > 0 { 60.0 + OUT_H + 40.0 } else { 0.0 };
        let band_h = (grid_h + extra).max(services as f64 * (OUT_H + 24.0));
        y = top + band_h + REGION_PAD + BAND_GAP;
    }
    // VPCs of no listed region (none expected): first free spot.
    for (v, rel, outer) in fresh.into_iter().flatten() {
        first_fit_vpc(tree, v, rel, outer, pos);
    }
}

/// Outer rectangles (edge gateways included) of every positioned VPC.
fn vpc_outers(tree: &Tree, pos: &BTreeMap<String, Point>) -> Vec<(usize, Rect)> {
    (0..tree.vpcs.len())
        .filter_map(|v| Some((v, vpc_geom(tree, v, pos)?.outer())))
        .collect()
}

fn outside_rects(tree: &Tree, pos: &BTreeMap<String, Point>) -> Vec<Rect> {
    tree.outside
        .iter()
        .filter_map(|n| pos.get(&n.key))
        .map(|p| out_rect(*p))
        .collect()
}

/// A VPC laid out fresh, in a layout that already has positioned things: next to its region's VPCs.
fn first_fit_vpc(
    tree: &Tree,
    v: usize,
    rel: BTreeMap<String, Point>,
    outer: Rect,
    pos: &mut BTreeMap<String, Point>,
) {
    let region = &tree.vpcs[v].region;
    let outers = vpc_outers(tree, pos);
    let others = outside_rects(tree, pos);
    let obstacles: Vec<Rect> = outers
        .iter()
        .map(|(_, r)| r.inflate(MARGIN))
        .chain(others.iter().map(|r| r.inflate(MARGIN)))
        .collect();
    let same: Vec<Rect> = outers
        .iter()
        .filter(|(x, _)| &tree.vpcs[*x].region == region)
        .map(|(_, r)| *r)
        .collect();
    let mut candidates: Vec<Point> = Vec::new();
    for e in &same {
        candidates.push(Point::new(e.right() + H_GAP, e.y));
        candidates.push(Point::new(e.x, e.bottom() + V_GAP));
    }
    let everything: Vec<Rect> = outers
        .iter()
        .map(|(_, r)| *r)
        .chain(others.iter().copied())
        .collect();
    let below = match everything.first() {
        None => Point::new(REGION_PAD, INTERNET_ROW + REGION_HEADER + REGION_PAD),
        Some(f) => {
            let all = everything.iter().fold(*f, |a, r| a.union(r));
            let left = outers.iter().map(|(_, r)| r.x).fold(all.x, f64::min);
            Point::new(
                left,
                all.bottom() + V_GAP + REGION_HEADER + 2.0 * REGION_PAD,
            )
        }
    };
    if same.is_empty() {
        candidates.push(below);
    } else if let Some(f) = everything.first() {
        // Right of everything, level with the Region's VPCs: the Region's band grows sideways, away from the
        // bands of other Regions above and below it.
        let all = everything.iter().fold(*f, |a, r| a.union(r));
        let top = same.iter().map(|r| r.y).fold(f64::MAX, f64::min);
        candidates.push(Point::new(all.right() + H_GAP, top));
    }
    let score = |p: &Point| {
        let r = Rect::new(p.x, p.y, outer.w, outer.h);
        let u = same.iter().fold(r, |a, s| a.union(s));
        (u.w.max(u.h), p.y, p.x)
    };
    let best = candidates
        .iter()
        .filter(|p| {
            let r = Rect::new(p.x, p.y, outer.w, outer.h);
            !obstacles.iter().any(|o| o.intersects(&r))
        })
        .min_by(|a, b| {
            score(a)
                .partial_cmp(&score(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .copied()
        .unwrap_or(below);
    translate(rel, Point::new(best.x - outer.x, best.y - outer.y), pos);
}

fn mean(pts: &[Point]) -> Option<Point> {
    if pts.is_empty() {
        return None;
    }
    let n = pts.len() as f64;
    Some(Point::new(
        pts.iter().map(|p| p.x).sum::<f64>() / n,
        pts.iter().map(|p| p.y).sum::<f64>() / n,
    ))
}

fn top_left(center: Point) -> Point {
    Point::new(center.x - OUT_W / 2.0, center.y - OUT_H / 2.0)
}

struct Probe {
    obstacles: Vec<Rect>,
}

impl Probe {
    fn fits(&self, p: Point) -> bool {
        let r = out_rect(p).inflate(8.0);
        !self.obstacles.iter().any(|o| o.intersects(&r))
    }

    /// The first free spot from `start`, stepping along `dirs` in turn.
    fn find(&mut self, start: Point, dirs: &[(f64, f64)]) -> Point {
        let mut found = start;
        if !self.fits(start) {
            'outer: for k in 1..=MAX_STEPS {
                for (dx, dy) in dirs {
                    let p = Point::new(
                        start.x + dx * k as f64 * STEP,
                        start.y + dy * k as f64 * STEP,
                    );
                    if self.fits(p) {
                        found = p;
                        break 'outer;
                    }
                }
            }
        }
        self.obstacles.push(out_rect(found).inflate(8.0));
        found
    }
}

const DOWN_UP: &[(f64, f64)] = &[(0.0, 1.0), (0.0, -1.0), (1.0, 0.0), (-1.0, 0.0)];
const SIDEWAYS: &[(f64, f64)] = &[(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)];
const DOWN: &[(f64, f64)] = &[(0.0, 1.0), (1.0, 0.0)];
const LEFT_COLUMN: &[(f64, f64)] = &[(0.0, 1.0), (0.0, -1.0), (-1.0, 0.0)];

fn place_outside(tree: &Tree, pos: &mut BTreeMap<String, Point>) {
    if tree.outside.iter().all(|n| pos.contains_key(&n.key)) {
        return;
    }
    let outers = vpc_outers(tree, pos);
    let outer_of: HashMap<&str, Rect> = outers
        .iter()
        .map(|(v, r)| (tree.vpcs[*v].id.as_str(), *r))
        .collect();
    // Rectangles of contained nodes (for anchors): subnet nodes and edge gateways.
    let mut node_rect: HashMap<String, Rect> = HashMap::new();
    for (v, vpc) in tree.vpcs.iter().enumerate() {
        if let Some(g) = vpc_geom(tree, v, pos) {
            for (n, r) in vpc.top.iter().zip(g.top.iter()) {
                node_rect.insert(n.key.clone(), *r);
            }
            for (n, r) in vpc.bottom.iter().zip(g.bottom.iter()) {
                node_rect.insert(n.key.clone(), *r);
            }
        }
    }
    for s in &tree.subnets {
        for n in &s.nodes {
            if let Some(p) = pos.get(&n.key) {
                node_rect.insert(n.key.clone(), Rect::new(p.x, p.y, NODE_W, NODE_H));
            }
        }
    }
    let mut probe = Probe {
        obstacles: outers
            .iter()
            .map(|(_, r)| r.inflate(MARGIN))
            .chain(outside_rects(tree, pos).into_iter().map(|r| r.inflate(8.0)))
            .collect(),
    };
    // Region bands: the VPCs of each region; regions without VPCs get a band below everything.
    let mut band: BTreeMap<String, Rect> = BTreeMap::new();
    for (v, r) in &outers {
        band.entry(tree.vpcs[*v].region.clone())
            .and_modify(|b| *b = b.union(r))
            .or_insert(*r);
    }
    let all = band.values().copied().reduce(|a, b| a.union(&b));
    let global_left = all.map(|a| a.x).unwrap_or(0.0);
    let mut below = all
        .map(|a| a.bottom() + BAND_GAP + REGION_HEADER + 2.0 * REGION_PAD)
        .unwrap_or(INTERNET_ROW + REGION_HEADER + REGION_PAD);
    for r in &tree.regions {
        if !band.contains_key(r) {
            let services = tree
                .outside
                .iter()
                .filter(|o| o.region.as_deref() == Some(r.as_str()))
                .count()
                .max(1);
            band.insert(r.clone(), Rect::new(global_left, below, 0.0, OUT_H));
            below += services as f64 * (OUT_H + 24.0) + BAND_GAP + REGION_HEADER + 2.0 * REGION_PAD;
        }
    }
    let region_band = |n: &super::tree::TNode| -> Rect {
        n.region
            .as_ref()
            .and_then(|r| band.get(r))
            .or(all.as_ref())
            .copied()
            .unwrap_or(Rect::new(0.0, INTERNET_ROW, 0.0, 0.0))
    };
    let order = |a: &Anchor| -> u8 {
        match a {
            Anchor::Between(..) => 0,
            Anchor::Tgw(_) => 1,
            Anchor::EndpointService { .. } => 2,
            Anchor::Service => 3,
            Anchor::Resource(_) => 4,
            Anchor::Internet => 5,
            Anchor::Vpn(_) => 6,
            Anchor::Dx(_) => 7,
            Anchor::Cgw(_) => 8,
            Anchor::OnPrem => 9,
            Anchor::Free | Anchor::Contained => 10,
        }
    };
    let mut todo: Vec<&super::tree::TNode> = tree
        .outside
        .iter()
        .filter(|n| !pos.contains_key(&n.key))
        .collect();
    todo.sort_by_key(|n| order(&n.anchor));
    let vpn_col = global_left - 100.0 - OUT_W / 2.0;
    let cgw_col = vpn_col - OUT_W - 80.0;
    let onprem_col = cgw_col - OUT_W - 80.0;
    for n in todo {
        let b = region_band(n);
        let center_of = |k: &str, pos: &BTreeMap<String, Point>| -> Option<Point> {
            node_rect
                .get(k)
                .map(|r| r.center())
                .or_else(|| pos.get(k).map(|p| out_rect(*p).center()))
        };
        let (center, dirs) = match &n.anchor {
            Anchor::Between(a, c) => match (outer_of.get(a.as_str()), outer_of.get(c.as_str())) {
                (Some(ra), Some(rb)) if a != c => (between(ra, rb), DOWN_UP),
                (Some(ra), _) | (_, Some(ra)) => (
                    Point::new(ra.right() + 60.0 + OUT_W / 2.0, ra.y + 80.0),
                    DOWN_UP,
                ),
                _ => (Point::new(b.x + OUT_W / 2.0, b.bottom() + 80.0), SIDEWAYS),
            },
            Anchor::Tgw(vpcs) => {
                let rs: Vec<Rect> = vpcs
                    .iter()
                    .filter_map(|v| outer_of.get(v.as_str()).copied())
                    .collect();
                let rs = if rs.is_empty() { vec![b] } else { rs };
                let cx = rs.iter().map(|r| r.center().x).sum::<f64>() / rs.len() as f64;
                let bottom = rs.iter().map(|r| r.bottom()).fold(f64::MIN, f64::max);
                (Point::new(cx, bottom + 60.0 + OUT_H / 2.0), SIDEWAYS)
            }
            Anchor::EndpointService { vpc, lb } => {
                match vpc.as_deref().and_then(|v| outer_of.get(v)) {
                    Some(r) => {
                        let y = lb
                            .as_deref()
                            .and_then(|k| node_rect.get(k))
                            .map(|x| x.center().y)
                            .unwrap_or(r.y + 80.0);
                        (Point::new(r.right() + 60.0 + OUT_W / 2.0, y), DOWN_UP)
                    }
                    None => (
                        Point::new(b.right() + 120.0 + OUT_W / 2.0, b.y + OUT_H / 2.0),
                        DOWN,
                    ),
                }
            }
            Anchor::Service => (
                Point::new(b.right() + 120.0 + OUT_W / 2.0, b.y + OUT_H / 2.0),
                DOWN,
            ),
            Anchor::Resource(svc) => match pos.get(svc) {
                Some(p) => (
                    Point::new(p.x + OUT_W + 32.0 + OUT_W / 2.0, p.y + OUT_H / 2.0),
                    DOWN,
                ),
                None => (
                    Point::new(b.right() + 120.0 + OUT_W * 1.5 + 32.0, b.y + OUT_H / 2.0),
                    DOWN,
                ),
            },
            Anchor::Internet => {
                let gws: Vec<Point> = tree
                    .vpcs
                    .iter()
                    .flat_map(|v| v.top.iter())
                    .filter(|t| {
                        matches!(
                            t.kind,
                            SceneKind::InternetGateway | SceneKind::EgressOnlyInternetGateway
                        )
                    })
                    .filter_map(|t| node_rect.get(&t.key).map(|r| r.center()))
                    .collect();
                let top = all.map(|a| a.y).unwrap_or(INTERNET_ROW);
                let cx = mean(&gws)
                    .map(|p| p.x)
                    .or(all.map(|a| a.center().x))
                    .unwrap_or(OUT_W);
                (
                    Point::new(cx, top - REGION_HEADER - REGION_PAD - 60.0 - OUT_H / 2.0),
                    SIDEWAYS,
                )
            }
            Anchor::Vpn(gw) => {
                let y = gw
                    .as_deref()
                    .and_then(|g| center_of(g, pos))
                    .map(|p| p.y)
                    .unwrap_or(b.y + OUT_H);
                (Point::new(vpn_col, y), LEFT_COLUMN)
            }
            Anchor::Dx(gws) => {
                let pts: Vec<Point> = gws.iter().filter_map(|g| center_of(g, pos)).collect();
                let y = mean(&pts).map(|p| p.y).unwrap_or(b.y + OUT_H) + OUT_H + 24.0;
                (Point::new(vpn_col, y), LEFT_COLUMN)
            }
            Anchor::Cgw(vpns) => {
                let pts: Vec<Point> = vpns.iter().filter_map(|v| center_of(v, pos)).collect();
                let y = mean(&pts).map(|p| p.y).unwrap_or(b.y + OUT_H);
                (Point::new(cgw_col, y), LEFT_COLUMN)
            }
            Anchor::OnPrem => {
                let pts: Vec<Point> = tree
                    .edges
                    .iter()
                    .filter(|e| e.from == "onprem")
                    .filter_map(|e| center_of(&e.to, pos))
                    .collect();
                let y = mean(&pts).map(|p| p.y).unwrap_or(b.y + OUT_H);
                (Point::new(onprem_col, y), LEFT_COLUMN)
            }
            Anchor::Free | Anchor::Contained => (
                Point::new(b.x + OUT_W / 2.0, b.bottom() + 80.0 + OUT_H / 2.0),
                SIDEWAYS,
            ),
        };
        let p = probe.find(on_grid(top_left(center)), dirs);
        pos.insert(n.key.clone(), p);
    }
}

/// The centre of the gap between two VPCs.
fn between(ra: &Rect, rb: &Rect) -> Point {
    let mid_y = {
        let (lo, hi) = (ra.y.max(rb.y), ra.bottom().min(rb.bottom()));
        if hi > lo {
            (lo + hi) / 2.0
        } else {
            (ra.center().y + rb.center().y) / 2.0
        }
    };
    let mid_x = {
        let (lo, hi) = (ra.x.max(rb.x), ra.right().min(rb.right()));
        if hi > lo {
            (lo + hi) / 2.0
        } else {
            (ra.center().x + rb.center().x) / 2.0
        }
    };
    if ra.right() <= rb.x {
        Point::new((ra.right() + rb.x) / 2.0, mid_y)
    } else if rb.right() <= ra.x {
        Point::new((rb.right() + ra.x) / 2.0, mid_y)
    } else if ra.bottom() <= rb.y {
        Point::new(mid_x, (ra.bottom() + rb.y) / 2.0)
    } else if rb.bottom() <= ra.y {
        Point::new(mid_x, (rb.bottom() + ra.y) / 2.0)
    } else {
        Point::new(
            (ra.center().x + rb.center().x) / 2.0,
            (ra.center().y + rb.center().y) / 2.0,
        )
    }
}
