//! `core::layout`: every gallery example, generated topologies and edited diagrams draw without overlaps, every
//! node inside its container, containers nested; traces map onto the drawing.

use std::collections::HashSet;

use serde_json::json;
use vpclab_core::diagram::{Diagram, Flow, Point};
use vpclab_core::edit::{apply, Edit, NodeKind};
use vpclab_core::layout::{auto_layout, path_points, scene, snap, Rect, Scene, SceneKind};
use vpclab_core::path::ends::{Side, INTERNET_ADDRESS};
use vpclab_core::{gallery, synth, trace, FlowSpec, Network};

fn ok(d: &Diagram, e: Edit) -> (Diagram, Option<String>) {
    let a = apply(d, &e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    (a.diagram, a.created)
}

fn add(d: &Diagram, kind: NodeKind, parent: Option<&str>) -> (Diagram, String) {
    let (d, id) = ok(
        d,
        Edit::Add {
            kind,
            parent: parent.map(str::to_string),
            at: None,
        },
    );
    (d, id.unwrap())
}

fn connect(d: &Diagram, a: &str, b: &str) -> Diagram {
    ok(
        d,
        Edit::Connect {
            from: a.into(),
            to: b.into(),
        },
    )
    .0
}

/// Everything the diagram draws, built with edits: two regions, peering, a transit gateway, VPN, Direct Connect,
/// PrivateLink both sides, a GWLB endpoint, an egress-only gateway, a bucket.
fn kitchen_sink() -> Diagram {
    let d = Diagram::default();
    let (d, a) = add(&d, NodeKind::Vpc, None);
    let (d, a1) = add(&d, NodeKind::Subnet, Some(&a));
    let (d, a2) = add(&d, NodeKind::Subnet, Some(&a));
    let (d, _) = add(&d, NodeKind::InternetGateway, Some(&a));
    let (d, _) = add(&d, NodeKind::EgressOnlyInternetGateway, Some(&a));
    let (d, rt) = add(&d, NodeKind::RouteTable, Some(&a2));
    let (d, nat) = add(&d, NodeKind::NatGateway, Some(&a1));
    let d = connect(&d, &rt, &nat);
    let (d, _) = add(&d, NodeKind::Instance, Some(&a2));
    let (d, _) = add(&d, NodeKind::Instance, Some(&a1));
    let (d, _) = add(
        &d,
        NodeKind::GatewayEndpoint {
            service: "s3".into(),
        },
        Some(&rt),
    );
    let (d, _) = add(
        &d,
        NodeKind::InterfaceEndpoint {
            service: "sqs".into(),
        },
        Some(&a),
    );
    let (d, b) = add(&d, NodeKind::Vpc, None);
    let (d, b1) = add(&d, NodeKind::Subnet, Some(&b));
    let (d, _) = add(&d, NodeKind::Subnet, Some(&b));
    let (d, _) = add(&d, NodeKind::Instance, Some(&b1));
    let (d, svc) = add(&d, NodeKind::EndpointService, Some(&b));
    let (d, _) = add(
        &d,
        NodeKind::InterfaceEndpoint {
            service: svc.clone(),
        },
        Some(&a),
    );
    let d = connect(&d, &a, &b);
    let (d, c) = add(&d, NodeKind::Vpc, None);
    let (d, c1) = add(&d, NodeKind::Subnet, Some(&c));
    let (d, _) = add(&d, NodeKind::GatewayLoadBalancerEndpoint, Some(&c1));
    let (d, tgw) = add(&d, NodeKind::TransitGateway, Some(&c));
    let d = connect(&d, &b, &tgw);
    let (d, _) = add(&d, NodeKind::OnPremises, Some(&a));
    let (d, _) = add(&d, NodeKind::OnPremises, Some(&tgw));
    let (d, _) = add(&d, NodeKind::DirectConnect, Some(&tgw));
    let (d, _) = add(
        &d,
        NodeKind::ServiceResource {
            service: "s3".into(),
        },
        None,
    );
    let (d, _) = add(
        &d,
        NodeKind::ServiceResource {
            service: "dynamodb".into(),
        },
        None,
    );
    // A VPC in another region, and a flow to a service there.
    let (d, e) = add(&d, NodeKind::Vpc, None);
    let (d, _) = ok(
        &d,
        Edit::Set {
            id: e.clone(),
            field: "region".into(),
            value: json!("eu-west-1"),
        },
    );
    let (d, _) = add(&d, NodeKind::Subnet, Some(&e));
    let (d, _) = ok(
        &d,
        Edit::AddFlow(Flow::new(FlowSpec {
            from: "internet".into(),
            to: "archive.s3.eu-west-1.amazonaws.com".into(),
            ..Default::default()
        })),
    );
    d
}

fn diagrams() -> Vec<(String, Diagram)> {
    let mut out: Vec<(String, Diagram)> = gallery::examples()
        .into_iter()
        .map(|e| (e.id, e.diagram))
        .collect();
    out.push(("synth 10x10".into(), Diagram::of(synth::generate(10, 10))));
    out.push(("synth 3x4".into(), Diagram::of(synth::generate(3, 4))));
    out.push(("synth 1x1".into(), Diagram::of(synth::generate(1, 1))));
    out.push(("kitchen sink".into(), kitchen_sink()));
    out.push(("empty".into(), Diagram::default()));
    out
}

fn vpc_outer(s: &Scene, vpc: &str) -> Rect {
    let v = s.vpcs.iter().find(|v| v.id == vpc).unwrap();
    s.nodes
        .iter()
        .filter(|n| n.kind.is_edge() && n.container.as_deref() == Some(vpc))
        .fold(v.rect, |a, n| a.union(&n.rect))
}

/// The properties every scene has.
#[track_caller]
fn check(name: &str, s: &Scene) {
    let keys: Vec<&str> = s.nodes.iter().map(|n| n.key.as_str()).collect();
    let unique: HashSet<&str> = keys.iter().copied().collect();
    assert_eq!(unique.len(), keys.len(), "{name}: duplicate node keys");
    // No two nodes overlap.
    for (i, a) in s.nodes.iter().enumerate() {
        assert!(a.rect.w > 0.0 && a.rect.h > 0.0 && a.rect.x.is_finite() && a.rect.y.is_finite());
        for b in &s.nodes[i + 1..] {
            assert!(
                !a.rect.intersects(&b.rect),
                "{name}: {} {:?} overlaps {} {:?}",
                a.key,
                a.rect,
                b.key,
                b.rect
            );
        }
    }
    // Every node in its container.
    for n in &s.nodes {
        let Some(c) = &n.container else { continue };
        if let Some(sub) = s.subnets.iter().find(|x| &x.id == c) {
            assert!(
                sub.rect.contains_rect(&n.rect),
                "{name}: {} not inside subnet {c}",
                n.key
            );
        } else {
            let v = s
                .vpcs
                .iter()
                .find(|x| &x.id == c)
                .unwrap_or_else(|| panic!("{name}: {} in unknown {c}", n.key));
            if n.kind.is_edge() {
                let cy = n.rect.center().y;
                assert!(
                    (cy - v.rect.y).abs() < 1e-6 || (cy - v.rect.bottom()).abs() < 1e-6,
                    "{name}: edge node {} is not on {c}'s edge",
                    n.key
                );
                assert!(
                    n.rect.x >= v.rect.x && n.rect.right() <= v.rect.right(),
                    "{name}: {} sticks out sideways",
                    n.key
                );
            } else {
                assert!(
                    v.rect.contains_rect(&n.rect),
                    "{name}: badge {} not inside {c}",
                    n.key
                );
            }
        }
    }
    // Subnets inside their VPC and AZ lane, not overlapping each other or the VPC's badges.
    for sub in &s.subnets {
        let v = s.vpcs.iter().find(|v| v.id == sub.vpc_id).unwrap();
        assert!(
            v.rect.contains_rect(&sub.rect),
            "{name}: subnet {} outside {}",
            sub.id,
            v.id
        );
        let lane = s
            .azs
            .iter()
            .find(|l| l.vpc_id == sub.vpc_id && l.az == sub.az)
            .unwrap();
        assert!(
            lane.rect.contains_rect(&sub.rect),
            "{name}: subnet {} outside its AZ lane",
            sub.id
        );
        for other in s
            .subnets
            .iter()
            .filter(|o| o.vpc_id == sub.vpc_id && o.id != sub.id)
        {
            assert!(
                !sub.rect.intersects(&other.rect),
                "{name}: subnets {} and {} overlap",
                sub.id,
                other.id
            );
        }
        for n in s
            .nodes
            .iter()
            .filter(|n| n.kind.is_badge() && n.container.as_deref() == Some(v.id.as_str()))
        {
            assert!(
                !sub.rect.intersects(&n.rect),
                "{name}: badge {} over subnet {}",
                n.key,
                sub.id
            );
        }
    }
    for lane in &s.azs {
        let v = s.vpcs.iter().find(|v| v.id == lane.vpc_id).unwrap();
        assert!(
            v.rect.contains_rect(&lane.rect),
            "{name}: lane {:?} outside {}",
            lane.az,
            v.id
        );
    }
    // VPCs (with their edge gateways) apart from each other and from outside nodes; inside their region lane.
    for (i, a) in s.vpcs.iter().enumerate() {
        let ra = vpc_outer(s, &a.id);
        for b in &s.vpcs[i + 1..] {
            assert!(
                !ra.intersects(&vpc_outer(s, &b.id)),
                "{name}: VPCs {} and {} overlap",
                a.id,
                b.id
            );
        }
        for n in s.nodes.iter().filter(|n| n.container.is_none()) {
            assert!(
                !ra.intersects(&n.rect),
                "{name}: {} overlaps VPC {}",
                n.key,
                a.id
            );
        }
        let lane = s
            .regions
            .iter()
            .find(|r| Some(&r.region) == a.region.as_ref())
            .unwrap();
        assert!(
            lane.rect.contains_rect(&ra),
            "{name}: VPC {} outside region {}",
            a.id,
            lane.region
        );
    }
    for n in s.nodes.iter().filter(|n| n.container.is_none()) {
        if let Some(r) = &n.region {
            let lane = s.regions.iter().find(|l| &l.region == r).unwrap();
            assert!(
                lane.rect.contains_rect(&n.rect),
                "{name}: {} outside region {r}",
                n.key
            );
        }
    }
    for (i, a) in s.regions.iter().enumerate() {
        for b in &s.regions[i + 1..] {
            assert!(
                !a.rect.intersects(&b.rect),
                "{name}: regions {} and {} overlap",
                a.region,
                b.region
            );
        }
    }
    // Edges join things that are drawn.
    for e in &s.edges {
        assert!(
            s.rect_of(&e.from).is_some() && s.rect_of(&e.to).is_some(),
            "{name}: edge {}",
            e.key
        );
        assert!(e.from_pt.x.is_finite() && e.to_pt.y.is_finite());
    }
    // Fit to screen holds everything.
    for r in s
        .regions
        .iter()
        .map(|r| r.rect)
        .chain(s.vpcs.iter().map(|v| v.rect))
        .chain(s.nodes.iter().map(|n| n.rect))
    {
        assert!(
            s.bounds.contains_rect(&r),
            "{name}: {r:?} outside the bounds {:?}",
            s.bounds
        );
    }
}

#[test]
fn every_diagram_draws_without_overlaps_and_with_nested_containers() {
    for (name, d) in diagrams() {
        let s = scene(&d);
        check(&name, &s);
        // Deterministic, and a stored layout draws the same as the automatic one.
        assert_eq!(scene(&d), s, "{name}: not deterministic");
        let mut stored = d.clone();
        stored.layout = auto_layout(&d);
        assert_eq!(
            scene(&stored),
            s,
            "{name}: keeping the positions changes the drawing"
        );
        assert_eq!(
            auto_layout(&stored),
            stored.layout,
            "{name}: auto_layout is not idempotent"
        );
    }
}

#[test]
fn the_gallery_draws_what_its_stories_are_about() {
    // (example, node keys that must be drawn, with their kinds)
    let cases: &[(&str, &[(&str, SceneKind)])] = &[
        (
            "s3-through-nat",
            &[
                ("internet", SceneKind::Internet),
                ("igw-app", SceneKind::InternetGateway),
                ("nat-app", SceneKind::NatGateway),
                ("aws-service:s3.us-east-1", SceneKind::AwsService),
            ],
        ),
        (
            "s3-gateway-endpoint",
            &[
                ("vpce-s3-gateway", SceneKind::GatewayEndpoint),
                ("aws-service:sqs.us-east-1", SceneKind::AwsService),
            ],
        ),
        (
            "onprem-s3-interface-endpoint",
            &[
                ("onprem", SceneKind::OnPremises),
                ("cgw-office", SceneKind::CustomerGateway),
                ("vpn-office", SceneKind::VpnConnection),
                ("vgw-app", SceneKind::VpnGateway),
                (
                    "vpce-s3-interface@subnet-private-a",
                    SceneKind::InterfaceEndpoint,
                ),
                (
                    "vpce-s3-interface@subnet-private-b",
                    SceneKind::InterfaceEndpoint,
                ),
            ],
        ),
        (
            "saas-endpoint-service",
            &[
                ("vpce-svc-saas", SceneKind::EndpointService),
                ("nlb-api@subnet-provider-a", SceneKind::LoadBalancer),
                ("vpce-saas@subnet-consumer-b", SceneKind::InterfaceEndpoint),
            ],
        ),
        (
            "cross-region-pitfall",
            &[
                ("aws-service:s3.eu-west-1", SceneKind::AwsService),
                ("aws-service:s3.us-east-1", SceneKind::AwsService),
            ],
        ),
        (
            "peered-vpc-pitfall",
            &[("pcx-app-analytics", SceneKind::PeeringConnection)],
        ),
    ];
    for (id, nodes) in cases {
        let s = scene(&gallery::example(id).unwrap().diagram);
        for (key, kind) in *nodes {
            let n = s.node(key).unwrap_or_else(|| panic!("{id}: no node {key}"));
            assert_eq!(n.kind, *kind, "{id}: {key}");
        }
    }
    // Two regions in the cross-Region pitfall, one lane each.
    let s = scene(&gallery::example("cross-region-pitfall").unwrap().diagram);
    let regions: Vec<&str> = s.regions.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(regions, ["us-east-1", "eu-west-1"]);
    // The peering sits between its VPCs; the edges join them.
    let s = scene(&gallery::example("peered-vpc-pitfall").unwrap().diagram);
    let pcx: Vec<(&str, &str)> = s
        .edges
        .iter()
        .filter(|e| e.id.as_deref() == Some("pcx-app-analytics"))
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(
        pcx,
        [
            ("vpc-app", "pcx-app-analytics"),
            ("pcx-app-analytics", "vpc-analytics")
        ]
    );
    // Public and private subnets are told apart.
    let s = scene(&gallery::example("s3-through-nat").unwrap().diagram);
    let public: Vec<(&str, bool)> = s
        .subnets
        .iter()
        .map(|x| (x.id.as_str(), x.public))
        .collect();
    assert_eq!(
        public,
        [("subnet-public-a", true), ("subnet-private-a", false)]
    );
    let implicit = s.edges.iter().any(|e| e.implicit);
    assert!(!implicit, "both subnets are explicitly associated");
}

#[test]
fn two_hundred_components_lay_out_as_a_grid_of_vpcs() {
    let d = Diagram::of(synth::generate(10, 10));
    let s = scene(&d);
    assert_eq!((s.vpcs.len(), s.subnets.len()), (10, 100));
    assert!(s.nodes.len() >= 150, "{}", s.nodes.len());
    // Four columns, three rows.
    let mut xs: Vec<i64> = s.vpcs.iter().map(|v| v.rect.x as i64).collect();
    xs.sort();
    xs.dedup();
    let mut ys: Vec<i64> = s.vpcs.iter().map(|v| v.rect.y as i64).collect();
    ys.sort();
    ys.dedup();
    assert_eq!((xs.len(), ys.len()), (4, 3));
    // Roughly screen-shaped: neither a ribbon nor a tower.
    let ratio = s.bounds.w / s.bounds.h;
    assert!((0.8..3.0).contains(&ratio), "{ratio}");
}

// ------------------------------------------------------------------------------------------------ paths

#[test]
fn traces_map_onto_the_drawing() {
    // (example, flow, the node keys the path goes to, in order; the network of the last segment; blocked)
    let cases: &[(&str, usize, &[&str], Network, bool)] = &[
        (
            "s3-through-nat",
            0,
            &["nat-app", "igw-app", "aws-service:s3.us-east-1"],
            Network::Public,
            false,
        ),
        (
            "s3-through-nat",
            1,
            &["nat-app", "igw-app", "internet"],
            Network::Public,
            false,
        ),
        (
            "s3-gateway-endpoint",
            0,
            &["vpce-s3-gateway", "aws-service:s3.us-east-1"],
            Network::Private,
            false,
        ),
        (
            "onprem-s3-interface-endpoint",
            0,
            &[
                "vpn-office",
                "vgw-app",
                "vpce-s3-interface@subnet-private-a",
                "aws-service:s3.us-east-1",
            ],
            Network::Private,
            false,
        ),
        (
            "onprem-s3-interface-endpoint",
            1,
            &["vpn-office", "vgw-app"],
            Network::Private,
            true,
        ),
        (
            "saas-endpoint-service",
            0,
            &[
                "vpce-saas@subnet-consumer-a",
                "vpce-svc-saas",
                "nlb-api@subnet-provider-a",
                "i-api-a",
            ],
            Network::Private,
            false,
        ),
        (
            "saas-endpoint-service",
            1,
            &[
                "vpce-saas@subnet-consumer-a",
                "vpce-svc-saas",
                "nlb-api@subnet-provider-a",
            ],
            Network::Private,
            true,
        ),
        // Issue 19 item 10: the bucket in eu-west-1 is reached at S3's public endpoint there (GE-06), and the
        // drawn path ends at that Region's S3 node, not at the internet.
        (
            "cross-region-pitfall",
            0,
            &["nat-app", "igw-app", "aws-service:s3.eu-west-1"],
            Network::Public,
            false,
        ),
        (
            "cross-region-pitfall",
            1,
            &["vpce-s3-gateway", "aws-service:s3.us-east-1"],
            Network::Private,
            false,
        ),
        (
            "peered-vpc-pitfall",
            0,
            &["pcx-app-analytics"],
            Network::Private,
            true,
        ),
        (
            "peered-vpc-pitfall",
            1,
            &["pcx-app-analytics", "i-app"],
            Network::Private,
            false,
        ),
    ];
    for (id, i, keys, network, blocked) in cases {
        let d = gallery::example(id).unwrap().diagram;
        let s = scene(&d);
        let t = trace(&d.topology, &d.flows[*i].spec).unwrap();
        let segs = path_points(&s, &t);
        let got: Vec<&str> = segs.iter().map(|x| x.to_key.as_str()).collect();
        assert_eq!(got, *keys, "{id} flow {i}");
        let last = segs.last().unwrap();
        assert_eq!(
            (last.network, last.blocked),
            (*network, *blocked),
            "{id} flow {i}"
        );
        assert!(segs[..segs.len() - 1].iter().all(|x| !x.blocked));
        // Segments are continuous and start on the node borders.
        for w in segs.windows(2) {
            assert_eq!(w[0].to_key, w[1].from_key);
        }
        for x in &segs {
            let a = s.rect_of(&x.from_key).unwrap();
            let b = s.rect_of(&x.to_key).unwrap();
            assert!(
                a.inflate(0.01).contains(x.from) && b.inflate(0.01).contains(x.to),
                "{id}: {x:?}"
            );
        }
    }
    // Only the internet side of the internet gateway is public.
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    let t = trace(&d.topology, &d.flows[0].spec).unwrap();
    let nets: Vec<Network> = path_points(&scene(&d), &t)
        .iter()
        .map(|x| x.network)
        .collect();
    assert_eq!(nets, [Network::Private, Network::Private, Network::Public]);
}

#[test]
fn a_flow_blocked_at_its_first_node_is_drawn_as_a_stop_there() {
    let mut d = gallery::example("s3-through-nat").unwrap().diagram;
    d.topology.security_groups[0].egress.clear();
    let t = trace(&d.topology, &d.flows[1].spec).unwrap();
    assert!(!t.reachable);
    let segs = path_points(&scene(&d), &t);
    assert_eq!(segs.len(), 1);
    assert_eq!(
        (
            segs[0].from_key.as_str(),
            segs[0].to_key.as_str(),
            segs[0].blocked
        ),
        ("i-app", "i-app", true)
    );
}

// ------------------------------------------------------------------------------------------------ editing the layout

#[test]
fn snapping_keeps_things_in_their_containers_and_on_the_grid() {
    let d = gallery::example("onprem-s3-interface-endpoint")
        .unwrap()
        .diagram;
    let s = scene(&d);
    for n in s.nodes.iter().filter(|n| n.movable) {
        for to in [
            Point::new(-1e4, -1e4),
            Point::new(1e4, 1e4),
            Point::new(n.rect.x + 13.0, n.rect.y - 7.0),
        ] {
            let p = snap(&d, &n.key, to);
            let r = Rect::new(p.x, p.y, n.rect.w, n.rect.h);
            if let Some(c) = &n.container {
                let sub = s.subnets.iter().find(|x| &x.id == c).unwrap();
                assert!(sub.rect.contains_rect(&r), "{} snapped out of {c}", n.key);
            } else {
                assert_eq!((p.x % 4.0, p.y % 4.0), (0.0, 0.0), "{} off the grid", n.key);
            }
        }
    }
    for sub in &s.subnets {
        let p = snap(&d, &sub.id, Point::new(-1e4, 1e4));
        let v = s.vpcs.iter().find(|v| v.id == sub.vpc_id).unwrap();
        assert!(v.rect.contains(p), "{} snapped out of its VPC", sub.id);
    }
    // Edge gateways and badges stay.
    let igw = s.node("igw-app").unwrap();
    assert_eq!(snap(&d, "igw-app", Point::new(0.0, 0.0)), igw.rect.origin());
}

#[test]
fn stored_positions_are_kept_and_growing_containers_push_their_neighbours() {
    let mut d = Diagram::of(synth::generate(3, 4));
    d.layout = auto_layout(&d);
    // Move the internet and a subnet; then add things around them.
    let s = scene(&d);
    let net = s.node("internet").unwrap().rect;
    let (d, _) = ok(
        &d,
        Edit::Move {
            id: "internet".into(),
            to: Point::new(net.x + 100.0, net.y - 40.0),
        },
    );
    let moved = d.layout.get("internet").unwrap();
    assert_eq!(moved, Point::new(net.x + 100.0, net.y - 40.0));
    let mut d = d;
    for _ in 0..6 {
        d = add(&d, NodeKind::Instance, Some("subnet-00000-00")).0;
    }
    for _ in 0..5 {
        d = add(&d, NodeKind::Subnet, Some("vpc-00000")).0;
    }
    d = add(&d, NodeKind::Vpc, None).0;
    let (d2, v) = add(&d, NodeKind::Vpc, None);
    d = add(&d2, NodeKind::Subnet, Some(&v)).0;
    assert_eq!(
        d.layout.get("internet"),
        Some(moved),
        "a stored position moved"
    );
    check("grown synth 3x4", &scene(&d));
    // The layout is stored: every drawn thing has a position.
    assert_eq!(auto_layout(&d), d.layout);
}

#[test]
fn moving_a_vpc_over_another_is_the_users_choice_but_adding_never_creates_an_overlap() {
    let d = kitchen_sink();
    let mut d2 = d.clone();
    d2.layout = auto_layout(&d);
    // Add subnets to the first VPC until it must grow into its neighbours.
    let vpc = d2.topology.vpcs[0].id.clone();
    for _ in 0..8 {
        d2 = add(&d2, NodeKind::Subnet, Some(&vpc)).0;
    }
    check("kitchen sink, grown", &scene(&d2));
}

/// Picking a node on the diagram as a flow end: the id, `internet`, or the AWS name the trace resolves.
#[test]
fn flow_ends_of_scene_nodes_are_understood_by_the_trace() {
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    let s = scene(&d);
    let end = |k: &str| s.node(k).unwrap().flow_end(Side::Destination);
    assert_eq!(end("i-app").as_deref(), Some("i-app"));
    assert_eq!(end("internet").as_deref(), Some(INTERNET_ADDRESS));
    assert_eq!(
        s.node("internet")
            .unwrap()
            .flow_end(Side::Source)
            .as_deref(),
        Some("internet")
    );
    assert_eq!(
        end("aws-service:s3.us-east-1").as_deref(),
        Some("s3.us-east-1.amazonaws.com")
    );
    assert_eq!(end("igw-app"), None);

    for e in gallery::examples() {
        let t = &e.diagram.topology;
        let Some(from) = t.instances.first() else {
            continue;
        };
        for n in &scene(&e.diagram).nodes {
            let Some(to) = n.flow_end(Side::Destination) else {
                continue;
            };
            let spec = FlowSpec {
                from: from.id.clone(),
                to: to.clone(),
                port: Some(443),
                ..Default::default()
            };
            assert!(trace(t, &spec).is_ok(), "{}: node {} → {to}", e.id, n.key);
        }
    }
}

/// Whether the segment `a`–`b` passes through the interior of `r` (Liang–Barsky clipping).
fn crosses(a: Point, b: Point, r: &Rect) -> bool {
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

/// Every gallery example and every lesson (its start and its solution applied): no node covers a container's
/// label, and no edge runs through one (issue 19 item 6).
#[test]
fn labels_are_never_covered_by_nodes_or_crossed_by_edges() {
    let mut cases: Vec<(String, Diagram)> = gallery::examples()
        .into_iter()
        .map(|e| (e.id, e.diagram))
        .collect();
    for l in vpclab_core::lesson::builtin() {
        cases.push((format!("lesson {}", l.id), l.diagram.clone()));
    }
    let mut bad = Vec::new();
    for (name, d) in &cases {
        let s = scene(d);
        let labels = s.label_boxes();
        for n in &s.nodes {
            for (k, r) in &labels {
                if r.intersects(&n.rect) {
                    bad.push(format!("{name}: node {} covers the label of {k}", n.key));
                }
            }
        }
        for e in &s.edges {
            let pts = e.points();
            for (k, r) in &labels {
                if pts.windows(2).any(|w| crosses(w[0], w[1], r)) {
                    bad.push(format!(
                        "{name}: edge {} ({:?}) crosses the label of {k}",
                        e.key, e.kind
                    ));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Issue 19 item 6: a node dropped onto another node, or onto a container's label, lands on the nearest free
/// spot: it covers no node and no label, stays near the drop point, and the drawing keeps its invariants.
#[test]
fn dropped_nodes_land_on_a_free_spot_near_the_drop_point() {
    for ex in gallery::examples() {
        let d = ex.diagram;
        let s = scene(&d);
        let mut drops: Vec<(NodeKind, Point)> = Vec::new();
        for n in s.nodes.iter().filter(|n| n.kind == SceneKind::Instance) {
            drops.push((NodeKind::Instance, n.rect.center()));
        }
        for sb in &s.subnets {
            // On the subnet's name.
            drops.push((
                NodeKind::Instance,
                Point::new(sb.rect.x + 40.0, sb.rect.y + 12.0),
            ));
        }
        for v in &s.vpcs {
            drops.push((NodeKind::Vpc, v.rect.center()));
            drops.push((NodeKind::TransitGateway, v.rect.center()));
        }
        for (kind, at) in drops {
            let a = apply(
                &d,
                &Edit::Add {
                    kind: kind.clone(),
                    parent: None,
                    at: Some(at),
                },
            );
            let Ok(a) = a else { continue }; // e.g. a subnet that needs choosing
            let id = a.created.clone().unwrap();
            let s2 = scene(&a.diagram);
            let name = format!("{}: {kind:?} dropped at {at:?}", ex.id);
            check(&name, &s2);
            let mine = s2
                .nodes
                .iter()
                .find(|n| n.id == id)
                .map(|n| n.rect)
                .or_else(|| s2.rect_of(&id))
                .unwrap();
            for (k, r) in s2.label_boxes() {
                if k != id {
                    assert!(!r.intersects(&mine), "{name}: {id} covers the label of {k}");
                }
            }
            if kind == NodeKind::Instance {
                let c = mine.center();
                let dist = (c.x - at.x).hypot(c.y - at.y);
                assert!(dist < 240.0, "{name}: {id} lands {dist} away");
            }
        }
    }
}
