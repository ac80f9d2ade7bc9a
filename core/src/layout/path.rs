//! A trace drawn on the scene: its hops mapped to node positions.

use serde::{Deserialize, Serialize};

use crate::diagram::Point;
use crate::path::{HopKind, Network, Trace};

use super::{Scene, SceneKind, SceneNode};

/// One drawn piece of a traced path, from the border of one node to the border of the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathSegment {
    pub from: Point,
    pub to: Point,
    /// The node keys it joins.
    pub from_key: String,
    pub to_key: String,
    /// `public` for the internet side of an internet gateway (and anything touching the internet).
    pub network: Network,
    /// The last segment of a blocked flow (the packet stops at `to_key`). A flow blocked at its first node gets
    /// one zero-length blocked segment there.
    pub blocked: bool,
}

/// The node ids a hop id may name: the trace writes gateway-endpoint services as `aws-service:s3.us-east-1`
/// and may write a service name (`aws-service:com.amazonaws.us-east-1.s3`); both mean the same node.
fn normalise(id: &str) -> String {
    if let Some(name) = id.strip_prefix("aws-service:") {
        if let Some((region, service)) = crate::path::index::Index::service_of(name) {
            return super::aws_service_node(service, region);
        }
    }
    id.to_string()
}

fn is_outside_public(k: SceneKind) -> bool {
    matches!(
        k,
        SceneKind::Internet | SceneKind::AwsService | SceneKind::ServiceResource
    )
}

fn is_igw(k: SceneKind) -> bool {
    matches!(
        k,
        SceneKind::InternetGateway | SceneKind::EgressOnlyInternetGateway
    )
}

/// The path of a trace on the scene, hop by hop. Hops with no node (DNS, subnets and VPCs, which are
/// containers, route tables / security groups / network ACLs, which are badges, objects the scene does not draw)
/// are skipped; a hop naming an object drawn once per subnet (an interface endpoint) takes the node in the
/// subnet the path is in, else in the same AZ, else the first. Segments between an internet gateway and the
/// internet or an AWS service's public side are `public`; the last segment of a blocked trace is `blocked`.
///
/// ```
/// use vpclab_core::{gallery, layout, trace, Network};
/// let d = gallery::example("s3-through-nat").unwrap().diagram;
/// let t = trace(&d.topology, &d.flows[0].spec).unwrap();
/// let segs = layout::path_points(&layout::scene(&d), &t);
/// let keys: Vec<&str> = segs.iter().map(|s| s.to_key.as_str()).collect();
/// assert_eq!(keys, ["nat-app", "igw-app", "aws-service:s3.us-east-1"]);
/// assert_eq!(segs.last().unwrap().network, Network::Public);
/// assert_eq!(segs[0].network, Network::Private);
/// ```
pub fn path_points(scene: &Scene, trace: &Trace) -> Vec<PathSegment> {
    let mut waypoints: Vec<&SceneNode> = Vec::new();
    let mut current_subnet: Option<String> = None;
    for hop in &trace.hops {
        if hop.kind == HopKind::SUBNET {
            current_subnet = Some(hop.id.clone());
            continue;
        }
        let id = normalise(&hop.id);
        let candidates: Vec<&SceneNode> = scene
            .nodes
            .iter()
            .filter(|n| !n.kind.is_badge())
            .filter(|n| n.key == id || n.id == id || n.aliases.contains(&id))
            .collect();
        let chosen = match candidates.as_slice() {
            [] => None,
            [one] => Some(*one),
            many => {
                let in_subnet = current_subnet
                    .as_deref()
                    .and_then(|s| many.iter().find(|n| n.container.as_deref() == Some(s)));
                let az_of = |subnet: &str| {
                    scene
                        .subnets
                        .iter()
                        .find(|x| x.id == subnet)
                        .and_then(|x| x.az.clone())
                };
                let same_az = || {
                    let az = current_subnet.as_deref().and_then(az_of)?;
                    many.iter().find(|n| {
                        n.container
                            .as_deref()
                            .and_then(az_of)
                            .is_some_and(|a| a == az)
                    })
                };
                Some(*in_subnet.or_else(same_az).unwrap_or(&many[0]))
            }
        };
        let Some(node) = chosen else {
            continue;
        };
        if let Some(c) = &node.container {
            if scene.subnets.iter().any(|s| &s.id == c) {
                current_subnet = Some(c.clone());
            }
        }
        if waypoints.last().is_some_and(|l| l.key == node.key) {
            continue;
        }
        waypoints.push(node);
    }
    let mut out: Vec<PathSegment> = waypoints
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let public = a.kind == SceneKind::Internet
                || b.kind == SceneKind::Internet
                || (is_igw(a.kind) && is_outside_public(b.kind))
                || (is_igw(b.kind) && is_outside_public(a.kind));
            PathSegment {
                from: a.rect.border_towards(b.rect.center()),
                to: b.rect.border_towards(a.rect.center()),
                from_key: a.key.clone(),
                to_key: b.key.clone(),
                network: if public {
                    Network::Public
                } else {
                    Network::Private
                },
                blocked: false,
            }
        })
        .collect();
    if !trace.reachable {
        match out.last_mut() {
            Some(last) => last.blocked = true,
            None => {
                if let Some(n) = waypoints.last() {
                    let c = n.rect.center();
                    out.push(PathSegment {
                        from: c,
                        to: c,
                        from_key: n.key.clone(),
                        to_key: n.key.clone(),
                        network: Network::Private,
                        blocked: true,
                    });
                }
            }
        }
    }
    out
}

/// Where a blocked flow's marker goes: on the component that drops the packet (the route table, security group,
/// network ACL or peering the first explanation names), else at the end of the drawn path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StopMarker {
    pub at: Point,
    /// The scene node the marker sits on (`None` at the end of the path).
    pub key: Option<String>,
    /// The id the explanation names.
    pub component: String,
    /// One or two words ([`crate::codes::short_label`]).
    pub label: &'static str,
    /// The explanation code (for a tooltip).
    pub code: String,
}

/// The marker of a blocked trace ([`StopMarker`]); `None` for a reachable one.
///
/// ```
/// use vpclab_core::{gallery, layout, trace};
/// let d = gallery::example("peered-vpc-pitfall").unwrap().diagram;
/// let scene = layout::scene(&d);
/// let blocked = d.flows.iter().map(|f| trace(&d.topology, &f.spec).unwrap()).find(|t| !t.reachable).unwrap();
/// let m = layout::stop_marker(&scene, &blocked, &layout::path_points(&scene, &blocked)).unwrap();
/// assert_eq!(m.component, blocked.explanations[0].component);
/// ```
pub fn stop_marker(scene: &Scene, trace: &Trace, segs: &[PathSegment]) -> Option<StopMarker> {
    if trace.reachable {
        return None;
    }
    let x = trace.explanations.first();
    let component = x.map(|x| x.component.clone()).unwrap_or_default();
    let code = x.map(|x| x.code.clone()).unwrap_or_default();
    let label = x.map_or("Blocked", |x| crate::codes::short_label(&x.code));
    let id = normalise(&component);
    // The component's node; of several (a badge drawn once per subnet or instance), the one nearest the stop.
    let end = segs.iter().find(|s| s.blocked).map(|s| s.to);
    let near = |p: Point| end.map_or(0.0, |e| (p.x - e.x).powi(2) + (p.y - e.y).powi(2));
    let node = scene
        .nodes
        .iter()
        .filter(|n| !component.is_empty() && (n.key == id || n.id == id || n.aliases.contains(&id)))
        .min_by(|a, b| near(a.rect.center()).total_cmp(&near(b.rect.center())));
    // Else a container (a subnet's network ACL is drawn on the subnet) or a relation drawn as an edge.
    let place = node.map(|n| (n.rect.center(), n.key.clone())).or_else(|| {
        let container = scene
            .subnets
            .iter()
            .map(|x| (&x.id, x.rect))
            .chain(scene.vpcs.iter().map(|v| (&v.id, v.rect)))
            .find(|(k, _)| **k == id)
            .map(|(k, r)| (Point::new(r.x + r.w - 24.0, r.y + 14.0), k.clone()));
        container.or_else(|| {
            scene
                .edges
                .iter()
                .find(|e| e.id.as_deref() == Some(id.as_str()))
                .map(|e| {
                    let mid = Point::new(
                        (e.from_pt.x + e.to_pt.x) / 2.0,
                        (e.from_pt.y + e.to_pt.y) / 2.0,
                    );
                    (mid, e.key.clone())
                })
        })
    });
    match place {
        Some((at, key)) => Some(StopMarker {
            at,
            key: Some(key),
            component,
            label,
            code,
        }),
        None => end.map(|at| StopMarker {
            at,
            key: None,
            component,
            label,
            code,
        }),
    }
}
