//! `core::edit`: every palette kind, connections, deletions, field edits and flows, as data.

use serde_json::{json, Value};
use vpclab_core::diagram::{Diagram, Flow, Point};
use vpclab_core::edit::{
    apply, connection, diagnostics_for, kind_of, object_json, palette, Applied, Edit, NodeKind,
    ObjectKind,
};
use vpclab_core::model::{RouteState, Topology};
use vpclab_core::validate::validate;
use vpclab_core::{gallery, trace, FlowSpec, Network, Severity};

// ------------------------------------------------------------------------------------------------ helpers

#[track_caller]
fn ok(d: &Diagram, e: Edit) -> Applied {
    match apply(d, &e) {
        Ok(a) => a,
        Err(err) => panic!("{e:?} failed: {err}"),
    }
}

#[track_caller]
fn err(d: &Diagram, e: Edit) -> vpclab_core::edit::EditError {
    match apply(d, &e) {
        Ok(a) => panic!("{e:?} should fail, gave {:?}", a.created),
        Err(err) => err,
    }
}

fn add(kind: NodeKind, parent: Option<&str>) -> Edit {
    Edit::Add {
        kind,
        parent: parent.map(str::to_string),
        at: None,
    }
}

/// Add and return (diagram, created id).
#[track_caller]
fn added(d: &Diagram, kind: NodeKind, parent: Option<&str>) -> (Diagram, String) {
    let a = ok(d, add(kind, parent));
    let id = a.created.clone().expect("an Add creates something");
    (a.diagram, id)
}

fn connect(from: &str, to: &str) -> Edit {
    Edit::Connect {
        from: from.into(),
        to: to.into(),
    }
}

fn disconnect(from: &str, to: &str) -> Edit {
    Edit::Disconnect {
        from: from.into(),
        to: to.into(),
    }
}

#[track_caller]
fn no_errors(t: &Topology, ctx: &str) {
    let errors: Vec<String> = validate(t)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{ctx}: {errors:#?}");
}

fn json_of(d: &Diagram, id: &str) -> Value {
    object_json(&d.topology, id)
        .unwrap_or_else(|| panic!("no object {id}"))
        .1
}

/// A VPC with a public subnet (us-east-1a, main table → IGW) and a private subnet (us-east-1b, its own table).
struct Base {
    d: Diagram,
    vpc: String,
    public: String,
    private: String,
    private_rt: String,
    igw: String,
}

fn base() -> Base {
    let d = Diagram::default();
    let (d, vpc) = added(&d, NodeKind::Vpc, None);
    let (d, public) = added(&d, NodeKind::Subnet, Some(&vpc));
    let (d, private) = added(&d, NodeKind::Subnet, Some(&vpc));
    let (d, igw) = added(&d, NodeKind::InternetGateway, Some(&vpc));
    let (d, private_rt) = added(&d, NodeKind::RouteTable, Some(&private));
    no_errors(&d.topology, "base");
    Base {
        d,
        vpc,
        public,
        private,
        private_rt,
        igw,
    }
}

// ------------------------------------------------------------------------------------------------ adding

#[derive(Clone, Copy, Debug)]
enum Parent {
    None,
    Vpc,
    Public,
    Private,
    PrivateRt,
}

/// (kind, parent, id prefix, expectations on the created object's JSON: pointer → value)
type AddCase = (NodeKind, Parent, &'static str, Vec<(&'static str, Value)>);

fn add_cases() -> Vec<AddCase> {
    vec![
        (
            NodeKind::Vpc,
            Parent::None,
            "vpc-",
            vec![
                ("/cidr_blocks/0", json!("10.1.0.0/16")),
                ("/region", json!("us-east-1")),
                ("/enable_dns_hostnames", json!(true)),
            ],
        ),
        (
            NodeKind::Subnet,
            Parent::Vpc,
            "subnet-",
            vec![
                ("/cidr_block", json!("10.0.2.0/24")),
                ("/az", json!("us-east-1a")),
            ],
        ),
        (
            NodeKind::RouteTable,
            Parent::Vpc,
            "rtb-",
            vec![("/routes", json!([]))],
        ),
        (
            NodeKind::EgressOnlyInternetGateway,
            Parent::Vpc,
            "eigw-",
            vec![],
        ),
        (
            NodeKind::NatGateway,
            Parent::Public,
            "nat-",
            vec![
                ("/private_ip", json!("10.0.0.10")),
                ("/public_ip", json!("198.51.100.1")),
            ],
        ),
        (
            NodeKind::NatGateway,
            Parent::Vpc,
            "nat-",
            vec![("/subnet_id", Value::Null)], // checked below: the public subnet
        ),
        (
            NodeKind::Instance,
            Parent::Private,
            "i-",
            vec![("/private_ip", json!("10.0.1.10"))],
        ),
        (
            NodeKind::Instance,
            Parent::Public,
            "i-",
            vec![("/public_ip", json!("198.51.100.1"))],
        ),
        (
            NodeKind::SecurityGroup,
            Parent::Vpc,
            "sg-",
            vec![("/ingress", json!([])), ("/egress/0/protocol", json!("-1"))],
        ),
        (
            NodeKind::NetworkAcl,
            Parent::Private,
            "acl-",
            vec![("/subnet_ids/0", Value::Null)],
        ),
        (
            NodeKind::GatewayEndpoint {
                service: "s3".into(),
            },
            Parent::Vpc,
            "vpce-",
            vec![
                ("/service_name", json!("com.amazonaws.us-east-1.s3")),
                ("/kind", json!("gateway")),
            ],
        ),
        (
            NodeKind::GatewayEndpoint {
                service: "dynamodb".into(),
            },
            Parent::PrivateRt,
            "vpce-",
            vec![("/service_name", json!("com.amazonaws.us-east-1.dynamodb"))],
        ),
        (
            NodeKind::InterfaceEndpoint {
                service: "sqs".into(),
            },
            Parent::Vpc,
            "vpce-",
            vec![
                ("/service_name", json!("com.amazonaws.us-east-1.sqs")),
                ("/kind", json!("interface")),
                ("/private_dns_enabled", json!(true)),
            ],
        ),
        (
            NodeKind::InterfaceEndpoint {
                service: "s3".into(),
            },
            Parent::Private,
            "vpce-",
            vec![("/subnet_ids", Value::Null)],
        ),
        (
            NodeKind::InterfaceEndpoint {
                service: "com.amazonaws.eu-west-1.s3".into(),
            },
            Parent::Vpc,
            "vpce-",
            vec![("/service_region", json!("eu-west-1"))],
        ),
        (
            NodeKind::GatewayLoadBalancerEndpoint,
            Parent::Private,
            "vpce-",
            vec![("/kind", json!("gateway_load_balancer"))],
        ),
        (
            NodeKind::LoadBalancer,
            Parent::Vpc,
            "nlb-",
            vec![
                ("/kind", json!("network")),
                ("/listener_ports", json!([443])),
            ],
        ),
        (NodeKind::EndpointService, Parent::Vpc, "vpce-svc-", vec![]),
        (
            NodeKind::TransitGateway,
            Parent::Vpc,
            "tgw-",
            vec![("/region", json!("us-east-1"))],
        ),
        (NodeKind::TransitGateway, Parent::None, "tgw-", vec![]),
        (
            NodeKind::OnPremises,
            Parent::Vpc,
            "vpn-",
            vec![
                ("/static_routes", json!(["192.168.0.0/16"])),
                ("/static_routes_only", json!(true)),
            ],
        ),
        (
            NodeKind::DirectConnect,
            Parent::Vpc,
            "dxgw-",
            vec![("/onprem_cidrs", json!(["192.168.0.0/16"]))],
        ),
        (
            NodeKind::ServiceResource {
                service: "s3".into(),
            },
            Parent::None,
            "s3:bucket-",
            vec![("/service", json!("s3"))],
        ),
        (
            NodeKind::ServiceResource {
                service: "dynamodb".into(),
            },
            Parent::None,
            "dynamodb:table-",
            vec![("/policy", Value::Null)],
        ),
    ]
}

#[test]
fn every_kind_added_to_a_drawn_vpc_is_valid_with_sensible_defaults() {
    for (kind, parent, prefix, expect) in add_cases() {
        let b = base();
        let p = match parent {
            Parent::None => None,
            Parent::Vpc => Some(b.vpc.as_str()),
            Parent::Public => Some(b.public.as_str()),
            Parent::Private => Some(b.private.as_str()),
            Parent::PrivateRt => Some(b.private_rt.as_str()),
        };
        let ctx = format!("{kind:?} in {parent:?}");
        let a = ok(&b.d, add(kind.clone(), p));
        let id = a.created.clone().unwrap();
        assert!(id.starts_with(prefix), "{ctx}: {id}");
        no_errors(&a.diagram.topology, &ctx);
        let obj = json_of(&a.diagram, &id);
        for (ptr, want) in expect {
            if want.is_null() {
                continue;
            }
            assert_eq!(obj.pointer(ptr), Some(&want), "{ctx}: {ptr} in {obj:#}");
        }
        // The scene draws what was added.
        let scene = vpclab_core::layout::scene(&a.diagram);
        assert!(
            scene.nodes.iter().any(|n| n.id == id)
                || scene.vpcs.iter().any(|v| v.id == id)
                || scene.subnets.iter().any(|s| s.id == id)
                || kind == NodeKind::TransitGateway && scene.node(&id).is_some(),
            "{ctx}: {id} is not drawn"
        );
    }
}

#[test]
fn a_new_vpc_has_a_main_table_the_default_security_group_and_the_default_acl() {
    let (d, vpc) = added(&Diagram::default(), NodeKind::Vpc, None);
    let t = &d.topology;
    assert_eq!(t.vpcs[0].cidr_blocks[0].to_string(), "10.0.0.0/16");
    let main = t.route_tables.iter().find(|r| r.vpc_id == vpc).unwrap();
    assert!(main.main);
    let sg = t.security_groups.iter().find(|g| g.vpc_id == vpc).unwrap();
    assert_eq!(sg.name.as_deref(), Some("default"));
    // SG-02: ingress from itself, egress to everything.
    assert_eq!(sg.ingress[0].security_group_ids, vec![sg.id.clone()]);
    assert_eq!(sg.egress[0].cidrs[0].to_string(), "0.0.0.0/0");
    let acl = t.network_acls.iter().find(|a| a.vpc_id == vpc).unwrap();
    assert!(acl.default && acl.entries.len() == 2);
    // Ids are short, readable and unique.
    let (d2, vpc2) = added(&d, NodeKind::Vpc, None);
    assert_ne!(vpc, vpc2);
    assert_eq!(vpc.len(), "vpc-".len() + 6);
    assert_eq!(
        d2.topology.vpcs[1].cidr_blocks[0].to_string(),
        "10.1.0.0/16"
    );
    // Deterministic.
    assert_eq!(added(&Diagram::default(), NodeKind::Vpc, None).1, vpc);
}

#[test]
fn subnets_alternate_availability_zones_and_take_the_next_free_block() {
    let b = base();
    let azs: Vec<_> =
        b.d.topology
            .subnets
            .iter()
            .map(|s| (s.cidr_block.unwrap().to_string(), s.az.clone().unwrap()))
            .collect();
    assert_eq!(
        azs,
        [
            ("10.0.0.0/24".to_string(), "us-east-1a".to_string()),
            ("10.0.1.0/24".to_string(), "us-east-1b".to_string())
        ]
    );
}

#[test]
fn an_internet_gateway_makes_the_main_tables_subnets_public_and_is_alone_on_its_vpc() {
    let b = base();
    let main = b.d.topology.route_tables.iter().find(|r| r.main).unwrap();
    assert_eq!(main.routes[0].target, b.igw);
    assert_eq!(main.routes[0].destination.to_string(), "0.0.0.0/0");
    let scene = vpclab_core::layout::scene(&b.d);
    let public = scene.subnets.iter().find(|s| s.id == b.public).unwrap();
    let private = scene.subnets.iter().find(|s| s.id == b.private).unwrap();
    assert!(public.public && !private.public);
    let e = err(&b.d, add(NodeKind::InternetGateway, Some(&b.vpc)));
    assert!(e.message.contains("IGW-01"), "{e}");
    assert_eq!(e.subject.as_deref(), Some(b.vpc.as_str()));
}

#[test]
fn an_instance_gets_the_default_security_group_and_a_nat_gateway_warns_outside_a_public_subnet() {
    let b = base();
    let (d, i) = added(&b.d, NodeKind::Instance, Some(&b.private));
    let sg = &json_of(&d, &i)["security_group_ids"][0];
    let sg = d
        .topology
        .security_groups
        .iter()
        .find(|g| Value::String(g.id.clone()) == *sg)
        .unwrap();
    assert_eq!(sg.name.as_deref(), Some("default"));
    assert!(json_of(&d, &i).get("public_ip").is_none());
    // A VPC parent puts an instance in a private subnet and a NAT gateway in a public one.
    let (d, i2) = added(&d, NodeKind::Instance, Some(&b.vpc));
    assert_eq!(json_of(&d, &i2)["subnet_id"], json!(b.private));
    let a = ok(&d, add(NodeKind::NatGateway, Some(&b.vpc)));
    assert_eq!(
        json_of(&a.diagram, a.created.as_deref().unwrap())["subnet_id"],
        json!(b.public)
    );
    let a = ok(&d, add(NodeKind::NatGateway, Some(&b.private)));
    assert!(
        a.notes.iter().any(|n| n.contains("NAT-01")),
        "{:?}",
        a.notes
    );
}

#[test]
fn a_gateway_endpoint_creates_the_aws_managed_prefix_list_with_published_or_illustrative_ranges() {
    let b = base();
    let a = ok(
        &b.d,
        add(
            NodeKind::GatewayEndpoint {
                service: "s3".into(),
            },
            Some(&b.vpc),
        ),
    );
    let pl = a
        .diagram
        .topology
        .prefix_lists
        .iter()
        .find(|p| p.name == "com.amazonaws.us-east-1.s3")
        .unwrap();
    assert_eq!(pl.id, "pl-63a5400a");
    let cidrs: Vec<String> = pl.cidrs.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        cidrs,
        [
            "54.231.0.0/17",
            "52.216.0.0/15",
            "3.5.16.0/21",
            "3.5.0.0/20"
        ]
    );
    assert!(pl.aws_managed);
    let ep = json_of(&a.diagram, a.created.as_deref().unwrap());
    let main = a
        .diagram
        .topology
        .route_tables
        .iter()
        .find(|r| r.main)
        .unwrap();
    assert_eq!(ep["route_table_ids"], json!([main.id]));
    let a = ok(
        &b.d,
        add(
            NodeKind::GatewayEndpoint {
                service: "dynamodb".into(),
            },
            Some(&b.vpc),
        ),
    );
    let pl = a
        .diagram
        .topology
        .prefix_lists
        .iter()
        .find(|p| p.name.ends_with("dynamodb"))
        .unwrap();
    let cidrs: Vec<String> = pl.cidrs.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        (pl.id.as_str(), cidrs),
        (
            "pl-02cd2c6b",
            vec!["52.94.0.0/22".to_string(), "52.119.224.0/20".to_string()]
        )
    );
    // Elsewhere: an illustrative range, said so.
    let mut d = b.d.clone();
    d.topology.vpcs[0].region = Some("eu-west-1".into());
    for s in &mut d.topology.subnets {
        s.az = s.az.as_ref().map(|a| a.replace("us-east-1", "eu-west-1"));
    }
    let a = ok(
        &d,
        add(
            NodeKind::GatewayEndpoint {
                service: "s3".into(),
            },
            Some(&b.vpc),
        ),
    );
    assert!(
        a.notes.iter().any(|n| n.contains("illustrative")),
        "{:?}",
        a.notes
    );
    no_errors(&a.diagram.topology, "eu-west-1 gateway endpoint");
    // GE-11.
    let e = err(
        &b.d,
        add(
            NodeKind::GatewayEndpoint {
                service: "sqs".into(),
            },
            Some(&b.vpc),
        ),
    );
    assert!(e.message.contains("GE-11"), "{e}");
    // GE-04: a second S3 gateway endpoint on the same table is refused.
    let (d, _) = added(
        &b.d,
        NodeKind::GatewayEndpoint {
            service: "s3".into(),
        },
        Some(&b.private_rt),
    );
    let e = err(
        &d,
        add(
            NodeKind::GatewayEndpoint {
                service: "s3".into(),
            },
            Some(&b.private_rt),
        ),
    );
    assert!(e.message.contains("GE-04"), "{e}");
}

#[test]
fn an_interface_endpoint_takes_one_private_subnet_per_az_and_its_own_security_group() {
    let b = base();
    let (d, extra) = added(&b.d, NodeKind::Subnet, Some(&b.vpc)); // us-east-1a, uses the main table: public
    let _ = extra;
    let (d, ep) = added(
        &d,
        NodeKind::InterfaceEndpoint {
            service: "sqs".into(),
        },
        Some(&b.vpc),
    );
    let j = json_of(&d, &ep);
    let subnets: Vec<String> = serde_json::from_value(j["subnet_ids"].clone()).unwrap();
    assert_eq!(subnets.len(), 2, "{j:#}");
    assert!(subnets.contains(&b.private));
    let sg = j["security_group_ids"][0].as_str().unwrap();
    let g = d
        .topology
        .security_groups
        .iter()
        .find(|g| g.id == sg)
        .unwrap();
    assert_eq!(g.name.as_deref(), Some("sqs-endpoint"));
    assert_eq!(g.ingress[0].from_port, Some(443));
    assert_eq!(g.ingress[0].cidrs[0].to_string(), "10.0.0.0/16");
    assert!(j["dns_names"][0]
        .as_str()
        .unwrap()
        .starts_with(&format!("{ep}.sqs.us-east-1.vpce")));
}

#[test]
fn on_premises_brings_a_vpn_a_customer_gateway_and_a_propagating_vgw() {
    let b = base();
    let (d, vpn) = added(&b.d, NodeKind::OnPremises, Some(&b.vpc));
    let t = &d.topology;
    let v = t.vpn_connections.iter().find(|v| v.id == vpn).unwrap();
    let vgw = v.vpn_gateway_id.clone().unwrap();
    assert_eq!(t.vpn_gateways[0].vpc_id.as_deref(), Some(b.vpc.as_str()));
    assert!(t
        .route_tables
        .iter()
        .all(|r| r.propagating_vgws.contains(&vgw)));
    assert!(v.customer_gateway_id.is_some());
    // A second one reuses the VGW and takes the next CIDR.
    let (d2, vpn2) = added(&d, NodeKind::OnPremises, Some(&b.vpc));
    let v2 = d2
        .topology
        .vpn_connections
        .iter()
        .find(|v| v.id == vpn2)
        .unwrap();
    assert_eq!(v2.vpn_gateway_id.as_deref(), Some(vgw.as_str()));
    assert_eq!(v2.static_routes[0].to_string(), "172.16.0.0/16");
    // From on premises, an instance in the private subnet answers.
    let (d3, i) = added(&d, NodeKind::Instance, Some(&b.private));
    let mut d3 = d3;
    let sg = d3
        .topology
        .security_groups
        .iter()
        .position(|g| g.name.as_deref() == Some("default"))
        .unwrap();
    d3.topology.security_groups[sg].ingress.push(
        serde_json::from_value(
            json!({"protocol": "tcp", "from_port": 22, "to_port": 22, "cidrs": ["192.168.0.0/16"]}),
        )
        .unwrap(),
    );
    let ip = json_of(&d3, &i)["private_ip"].as_str().unwrap().to_string();
    let tr = trace(
        &d3.topology,
        &FlowSpec {
            from: "onprem:192.168.1.5".into(),
            to: ip,
            port: Some(22),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(tr.reachable, "{tr:#?}");
}

#[test]
fn a_transit_gateway_routes_between_the_vpcs_it_attaches() {
    let b = base();
    let (d, vpc2) = added(&b.d, NodeKind::Vpc, None);
    let (d, sub2) = added(&d, NodeKind::Subnet, Some(&vpc2));
    let (d, tgw) = added(&d, NodeKind::TransitGateway, Some(&b.vpc));
    let a = ok(&d, connect(&vpc2, &tgw));
    assert!(a.created.as_deref().unwrap().starts_with("tgw-attach-"));
    let d = a.diagram;
    no_errors(&d.topology, "two VPCs on a TGW");
    let (d, i1) = added(&d, NodeKind::Instance, Some(&b.private));
    let (d, i2) = added(&d, NodeKind::Instance, Some(&sub2));
    let mut d = d;
    // Let the second VPC's default group accept the first VPC.
    let sg2 = json_of(&d, &i2)["security_group_ids"][0]
        .as_str()
        .unwrap()
        .to_string();
    let g = d
        .topology
        .security_groups
        .iter_mut()
        .find(|g| g.id == sg2)
        .unwrap();
    g.ingress
        .push(serde_json::from_value(json!({"protocol": "-1", "cidrs": ["10.0.0.0/16"]})).unwrap());
    let tr = trace(
        &d.topology,
        &FlowSpec {
            from: i1,
            to: i2,
            port: Some(443),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(tr.reachable, "{tr:#?}");
    assert!(tr.hops.iter().any(|h| h.id == tgw));
    // Attaching twice is refused.
    let e = err(&d, connect(&vpc2, &tgw));
    assert!(e.message.contains("already attached"), "{e}");
}

#[test]
fn adding_refuses_what_has_no_place_and_names_it() {
    let empty = Diagram::default();
    for kind in [
        NodeKind::Subnet,
        NodeKind::Instance,
        NodeKind::NatGateway,
        NodeKind::InternetGateway,
    ] {
        let e = err(&empty, add(kind.clone(), None));
        assert!(e.message.contains("first"), "{kind:?}: {e}");
    }
    let e = err(&empty, add(NodeKind::Subnet, Some("vpc-nope")));
    assert_eq!(e.subject.as_deref(), Some("vpc-nope"));
    let b = base();
    let (d, _) = added(&b.d, NodeKind::Vpc, None);
    let e = err(&d, add(NodeKind::Subnet, None));
    assert!(e.message.contains("choose the VPC"), "{e}");
    let e = err(&b.d, add(NodeKind::PeeringConnection, Some(&b.vpc)));
    assert!(e.message.contains("peering"), "{e}");
    // CR-01: only some services have cross-Region interface endpoints.
    let e = err(
        &b.d,
        add(
            NodeKind::InterfaceEndpoint {
                service: "com.amazonaws.eu-west-1.sqs".into(),
            },
            Some(&b.vpc),
        ),
    );
    assert!(e.message.contains("CR-01"), "{e}");
}

#[test]
fn every_palette_kind_added_to_every_gallery_example_keeps_it_valid_or_is_refused_cleanly() {
    for ex in gallery::examples() {
        let d = &ex.diagram;
        let first_vpc = d.topology.vpcs[0].id.clone();
        let first_subnet = d
            .topology
            .subnets
            .iter()
            .find(|s| s.vpc_id == first_vpc)
            .map(|s| s.id.clone());
        let mut succeeded = 0;
        for item in palette() {
            let parent = match item.parent {
                vpclab_core::edit::ParentKind::Subnet => first_subnet.clone(),
                vpclab_core::edit::ParentKind::None => None,
                _ => Some(first_vpc.clone()),
            };
            let e = Edit::Add {
                kind: item.kind.clone(),
                parent,
                at: None,
            };
            match apply(d, &e) {
                Ok(a) => {
                    succeeded += 1;
                    no_errors(&a.diagram.topology, &format!("{} + {}", ex.id, item.label));
                    let id = a.created.unwrap();
                    assert!(
                        kind_of(&a.diagram.topology, &id).is_some(),
                        "{}: {id}",
                        ex.id
                    );
                }
                Err(err) => assert!(!err.message.is_empty()),
            }
        }
        assert!(
            succeeded >= palette().len() - 3,
            "{}: only {succeeded} kinds could be added",
            ex.id
        );
    }
}

#[test]
fn dropping_on_the_canvas_picks_the_container_and_the_az_lane() {
    let b = base();
    let scene = vpclab_core::layout::scene(&b.d);
    let private = scene.subnets.iter().find(|s| s.id == b.private).unwrap();
    let at = Point::new(private.rect.x + 20.0, private.rect.y + 40.0);
    let a = ok(
        &b.d,
        Edit::Add {
            kind: NodeKind::Instance,
            parent: None,
            at: Some(at),
        },
    );
    let id = a.created.unwrap();
    assert_eq!(json_of(&a.diagram, &id)["subnet_id"], json!(b.private));
    // The layout is now stored, and the instance sits inside its subnet.
    assert!(!a.diagram.layout.is_empty());
    let scene = vpclab_core::layout::scene(&a.diagram);
    let sub = scene.subnets.iter().find(|s| s.id == b.private).unwrap();
    assert!(sub.rect.contains_rect(&scene.node(&id).unwrap().rect));
    // A subnet dropped in the us-east-1b lane is in us-east-1b.
    let lane = scene
        .azs
        .iter()
        .find(|l| l.az.as_deref() == Some("us-east-1b"))
        .unwrap();
    let at = Point::new(lane.rect.x + 10.0, lane.rect.bottom() - 10.0);
    let a = ok(
        &a.diagram,
        Edit::Add {
            kind: NodeKind::Subnet,
            parent: None,
            at: Some(at),
        },
    );
    assert_eq!(
        json_of(&a.diagram, a.created.as_deref().unwrap())["az"],
        json!("us-east-1b")
    );
}

// ------------------------------------------------------------------------------------------------ building a story

/// "S3 through a gateway endpoint", drawn from an empty canvas with edits only, traces like the gallery's.
#[test]
fn the_gateway_endpoint_story_built_from_nothing_traces_privately() {
    let d = Diagram::default();
    let (d, vpc) = added(&d, NodeKind::Vpc, None);
    let (d, public) = added(&d, NodeKind::Subnet, Some(&vpc));
    let (d, private) = added(&d, NodeKind::Subnet, Some(&vpc));
    let (d, _igw) = added(&d, NodeKind::InternetGateway, Some(&vpc));
    let (d, rt) = added(&d, NodeKind::RouteTable, Some(&private));
    let (d, nat) = added(&d, NodeKind::NatGateway, Some(&public));
    let d = ok(&d, connect(&rt, &nat)).diagram;
    let (d, app) = added(&d, NodeKind::Instance, Some(&private));
    let flow = FlowSpec {
        from: app.clone(),
        to: "logs.s3.us-east-1.amazonaws.com".into(),
        port: Some(443),
        ..Default::default()
    };
    let d = ok(&d, Edit::AddFlow(Flow::new(flow.clone()))).diagram;
    // Without an endpoint, S3 is reached through the NAT gateway and the internet gateway.
    // Without an endpoint, S3 is reached through the NAT gateway and the internet gateway.
    let before = trace(&d.topology, &flow).unwrap();
    assert!(
        before.reachable && before.network == Some(Network::Public),
        "{before:#?}"
    );
    assert!(before.hops.iter().any(|h| h.id == nat));
    // A gateway endpoint goes on the table of the subnet the flow starts from (not silently on the main one, where
    // only the NAT gateway's traffic would take it): the instance goes straight to the endpoint.
    let (d, ep) = added(
        &d,
        NodeKind::GatewayEndpoint {
            service: "s3".into(),
        },
        Some(&vpc),
    );
    let endpoint = &d
        .topology
        .vpc_endpoints
        .iter()
        .find(|e| e.id == ep)
        .unwrap();
    assert_eq!(endpoint.route_table_ids, std::slice::from_ref(&rt));
    no_errors(&d.topology, "story");
    let after = trace(&d.topology, &flow).unwrap();
    assert!(
        after.reachable && after.network == Some(Network::Private),
        "{after:#?}"
    );
    assert!(after.hops.iter().any(|h| h.id == ep) && !after.hops.iter().any(|h| h.id == nat));
    // And the drawn path goes instance → endpoint → S3.
    let segs = vpclab_core::layout::path_points(&vpclab_core::layout::scene(&d), &after);
    let keys: Vec<&str> = segs.iter().map(|s| s.to_key.as_str()).collect();
    assert_eq!(keys, [ep.as_str(), "aws-service:s3.us-east-1"]);
}

// ------------------------------------------------------------------------------------------------ connecting

/// (setup on the base, from, to, what must hold after Connect, what must hold after Disconnect)
#[test]
fn connections_are_associations_and_disconnect_undoes_them() {
    let b = base();
    let t = |d: &Diagram| d.topology.clone();
    // subnet → route table: explicit association replacing the previous one.
    let a = ok(&b.d, connect(&b.public, &b.private_rt));
    assert!(t(&a.diagram)
        .route_tables
        .iter()
        .find(|r| r.id == b.private_rt)
        .unwrap()
        .subnet_ids
        .contains(&b.public));
    let a2 = ok(&a.diagram, connect(&b.private, &b.private_rt));
    assert_eq!(a2.diagram, a.diagram, "already associated: unchanged");
    let main =
        b.d.topology
            .route_tables
            .iter()
            .find(|r| r.main)
            .unwrap()
            .id
            .clone();
    let a3 = ok(&a.diagram, connect(&main, &b.private));
    let rts = &t(&a3.diagram).route_tables;
    assert!(rts
        .iter()
        .find(|r| r.id == main)
        .unwrap()
        .subnet_ids
        .contains(&b.private));
    assert!(!rts
        .iter()
        .find(|r| r.id == b.private_rt)
        .unwrap()
        .subnet_ids
        .contains(&b.private));
    let back = ok(&a3.diagram, disconnect(&b.private, &main));
    assert!(back
        .diagram
        .topology
        .route_tables
        .iter()
        .all(|r| !r.subnet_ids.contains(&b.private)));
    // route table → VPC: make it main.
    let a = ok(&b.d, connect(&b.private_rt, &b.vpc));
    let rts = &a.diagram.topology.route_tables;
    assert!(rts.iter().find(|r| r.id == b.private_rt).unwrap().main);
    assert_eq!(rts.iter().filter(|r| r.main).count(), 1);
    // subnet → network ACL.
    let (d, acl) = added(&b.d, NodeKind::NetworkAcl, Some(&b.vpc));
    let a = ok(&d, connect(&b.private, &acl));
    assert!(a
        .diagram
        .topology
        .network_acls
        .iter()
        .find(|x| x.id == acl)
        .unwrap()
        .subnet_ids
        .contains(&b.private));
    let a = ok(&a.diagram, disconnect(&acl, &b.private));
    assert!(a
        .diagram
        .topology
        .network_acls
        .iter()
        .all(|x| !x.subnet_ids.contains(&b.private)));
    // instance → security group.
    let (d, i) = added(&b.d, NodeKind::Instance, Some(&b.private));
    let (d, sg) = added(&d, NodeKind::SecurityGroup, Some(&b.vpc));
    let a = ok(&d, connect(&sg, &i));
    assert!(json_of(&a.diagram, &i)["security_group_ids"]
        .as_array()
        .unwrap()
        .contains(&json!(sg)));
    let e = err(&a.diagram, connect(&i, &sg));
    assert!(e.message.contains("already"), "{e}");
    let a = ok(&a.diagram, disconnect(&i, &sg));
    assert!(!json_of(&a.diagram, &i)["security_group_ids"]
        .as_array()
        .unwrap()
        .contains(&json!(sg)));
    // route table → NAT gateway: the default route, replacing an existing one.
    let (d, nat) = added(&b.d, NodeKind::NatGateway, Some(&b.public));
    let a = ok(&d, connect(&b.private_rt, &nat));
    let rt = json_of(&a.diagram, &b.private_rt);
    assert_eq!(
        rt["routes"],
        json!([{"destination": {"cidr": "0.0.0.0/0"}, "target": nat}])
    );
    let a = ok(&a.diagram, disconnect(&nat, &b.private_rt));
    assert_eq!(json_of(&a.diagram, &b.private_rt)["routes"], json!([]));
    // NAT gateway → subnet: moved, with a new address.
    let (d, nat) = added(&b.d, NodeKind::NatGateway, Some(&b.public));
    let a = ok(&d, connect(&nat, &b.private));
    let j = json_of(&a.diagram, &nat);
    assert_eq!(
        (j["subnet_id"].clone(), j["private_ip"].clone()),
        (json!(b.private), json!("10.0.1.10"))
    );
    // instance → subnet: moved.
    let (d, i) = added(&b.d, NodeKind::Instance, Some(&b.private));
    let a = ok(&d, connect(&i, &b.public));
    let j = json_of(&a.diagram, &i);
    assert_eq!(j["subnet_id"], json!(b.public));
    assert!(
        j.get("public_ip").is_some(),
        "a public subnet gives a public IP: {j:#}"
    );
}

#[test]
fn interface_endpoints_keep_one_subnet_per_az() {
    let b = base();
    let (d, ep) = added(
        &b.d,
        NodeKind::InterfaceEndpoint {
            service: "sqs".into(),
        },
        Some(&b.private),
    );
    // Another subnet in us-east-1a replaces nothing (the endpoint is only in us-east-1b) …
    let a = ok(&d, connect(&ep, &b.public));
    assert_eq!(
        json_of(&a.diagram, &ep)["subnet_ids"],
        json!([b.private, b.public])
    );
    // … but a second us-east-1a subnet replaces the first one (IE-01).
    let (d2, extra) = added(&a.diagram, NodeKind::Subnet, Some(&b.vpc));
    assert_eq!(json_of(&d2, &extra)["az"], json!("us-east-1a"));
    let a = ok(&d2, connect(&extra, &ep));
    assert_eq!(
        json_of(&a.diagram, &ep)["subnet_ids"],
        json!([b.private, extra])
    );
    assert!(a.notes.iter().any(|n| n.contains("IE-01")), "{:?}", a.notes);
    no_errors(&a.diagram.topology, "IE-01");
    // The last subnet cannot be disconnected.
    let a = ok(&a.diagram, disconnect(&ep, &extra));
    let e = err(&a.diagram, disconnect(&ep, &b.private));
    assert!(e.message.contains("last subnet"), "{e}");
    // Deleting `<endpoint>@<subnet>` removes one interface.
    let a = ok(
        &d2,
        Edit::Delete {
            ids: vec![format!("{ep}@{}", b.private)],
        },
    );
    assert_eq!(json_of(&a.diagram, &ep)["subnet_ids"], json!([b.public]));
}

#[test]
fn peering_two_vpcs_adds_routes_both_ways_and_refuses_overlaps() {
    let b = base();
    let (d, vpc2) = added(&b.d, NodeKind::Vpc, None);
    let (d, sub2) = added(&d, NodeKind::Subnet, Some(&vpc2));
    assert_eq!(
        connection(&d, &b.vpc, &vpc2).map(|s| s.contains("peer")),
        Some(true)
    );
    let a = ok(&d, connect(&b.vpc, &vpc2));
    let pcx = a.created.clone().unwrap();
    assert!(pcx.starts_with("pcx-"));
    let t = &a.diagram.topology;
    for r in &t.route_tables {
        let want = if r.vpc_id == b.vpc {
            "10.1.0.0/16"
        } else {
            "10.0.0.0/16"
        };
        assert!(
            r.routes
                .iter()
                .any(|x| x.target == pcx && x.destination.to_string() == want),
            "{} has no route to {want}",
            r.id
        );
    }
    no_errors(t, "peered");
    // Instances talk over the peering.
    let (d, i1) = added(&a.diagram, NodeKind::Instance, Some(&b.private));
    let (mut d, i2) = added(&d, NodeKind::Instance, Some(&sub2));
    let sg2 = json_of(&d, &i2)["security_group_ids"][0]
        .as_str()
        .unwrap()
        .to_string();
    d.topology.security_groups.iter_mut().find(|g| g.id == sg2).unwrap().ingress.push(
        serde_json::from_value(json!({"protocol": "tcp", "from_port": 443, "to_port": 443, "cidrs": ["10.0.0.0/16"]})).unwrap(),
    );
    let tr = trace(
        &d.topology,
        &FlowSpec {
            from: i1,
            to: i2,
            port: Some(443),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(tr.reachable, "{tr:#?}");
    // Twice: refused. Disconnect deletes the connection and its routes.
    assert!(err(&d, connect(&vpc2, &b.vpc))
        .message
        .contains("already peered"));
    let a = ok(&d, disconnect(&vpc2, &b.vpc));
    assert!(a.diagram.topology.peering_connections.is_empty());
    assert!(a
        .diagram
        .topology
        .route_tables
        .iter()
        .all(|r| r.routes.iter().all(|x| x.target != pcx)));
    // PCX-02.
    let mut d = b.d.clone();
    let (d2, v3) = added(&d, NodeKind::Vpc, None);
    d = d2;
    let i = d.topology.vpcs.iter().position(|v| v.id == v3).unwrap();
    d.topology.vpcs[i].cidr_blocks = vec!["10.0.0.0/16".parse().unwrap()];
    let e = err(&d, connect(&b.vpc, &v3));
    assert!(e.message.contains("PCX-02"), "{e}");
    assert_eq!(connection(&d, &b.vpc, &v3), None);
}

#[test]
fn gateways_attach_to_vpcs_and_detaching_takes_their_routes() {
    let b = base();
    let (d, vpc2) = added(&b.d, NodeKind::Vpc, None);
    // IGW-01: the base VPC has one.
    let (d, igw2) = added(&d, NodeKind::InternetGateway, Some(&vpc2));
    let e = err(&d, connect(&igw2, &b.vpc));
    assert!(e.message.contains("IGW-01"), "{e}");
    let a = ok(&d, disconnect(&b.igw, &b.vpc));
    let main = a
        .diagram
        .topology
        .route_tables
        .iter()
        .find(|r| r.main && r.vpc_id == b.vpc)
        .unwrap();
    assert!(main.routes.is_empty());
    no_errors(&a.diagram.topology, "detached");
    // Moving the second gateway over: the old VPC loses its route, the new VPC's main table gains one.
    let a = ok(&a.diagram, connect(&igw2, &b.vpc));
    let t = &a.diagram.topology;
    let main2 = t
        .route_tables
        .iter()
        .find(|r| r.main && r.vpc_id == vpc2)
        .unwrap();
    assert!(main2.routes.is_empty());
    let main = t
        .route_tables
        .iter()
        .find(|r| r.main && r.vpc_id == b.vpc)
        .unwrap();
    assert_eq!(main.routes[0].target, igw2);
    no_errors(t, "moved");
}

#[test]
fn connection_hints_say_what_would_happen_or_nothing() {
    let b = base();
    let (d, ep) = added(
        &b.d,
        NodeKind::GatewayEndpoint {
            service: "s3".into(),
        },
        Some(&b.private_rt),
    );
    let hint = connection(&d, &b.public, &ep).unwrap();
    assert!(hint.contains("route table"), "{hint}");
    assert_eq!(connection(&d, &b.public, &b.private), None);
    assert_eq!(connection(&d, "internet", &b.igw), None);
    assert_eq!(connection(&d, &b.vpc, "vpc-missing"), None);
    // Hints do not change anything.
    let _ = connection(&d, &b.vpc, &b.private_rt);
    let e = err(&d, connect(&b.public, &b.private));
    assert!(e.message.contains("cannot be connected"), "{e}");
}

// ------------------------------------------------------------------------------------------------ deleting

#[test]
fn deleting_a_nat_gateway_leaves_a_blackhole_route_and_keeps_the_flows() {
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    let a = ok(
        &d,
        Edit::Delete {
            ids: vec!["nat-app".into()],
        },
    );
    let rt = a
        .diagram
        .topology
        .route_tables
        .iter()
        .find(|r| r.id == "rtb-private")
        .unwrap();
    assert_eq!(rt.routes[0].target, "nat-app");
    assert_eq!(rt.routes[0].state, RouteState::Blackhole);
    assert!(
        a.notes.iter().any(|n| n.contains("blackhole")),
        "{:?}",
        a.notes
    );
    no_errors(&a.diagram.topology, "blackhole");
    assert_eq!(a.diagram.flows, d.flows);
    let t = trace(&a.diagram.topology, &a.diagram.flows[1].spec).unwrap();
    assert!(!t.reachable);
}

#[test]
fn deleting_a_vpc_cascades_to_everything_in_it() {
    let d = gallery::example("peered-vpc-pitfall").unwrap().diagram;
    let mut positioned = d.clone();
    positioned.layout = vpclab_core::layout::auto_layout(&d);
    let a = ok(
        &positioned,
        Edit::Delete {
            ids: vec!["vpc-analytics".into()],
        },
    );
    let t = &a.diagram.topology;
    assert!(t.vpcs.iter().all(|v| v.id != "vpc-analytics"));
    assert!(t.subnets.iter().all(|s| s.vpc_id != "vpc-analytics"));
    assert!(t.instances.iter().all(|i| i.id != "i-analytics"));
    assert!(t.peering_connections.is_empty());
    // The app VPC's route to the peer is a blackhole now.
    let rt = t
        .route_tables
        .iter()
        .find(|r| r.id == "rtb-private")
        .unwrap();
    assert!(rt
        .routes
        .iter()
        .any(|r| r.target == "pcx-app-analytics" && r.state == RouteState::Blackhole));
    no_errors(t, "VPC deleted");
    for k in [
        "vpc-analytics",
        "subnet-analytics-a",
        "i-analytics",
        "pcx-app-analytics",
    ] {
        assert!(a.diagram.layout.get(k).is_none(), "{k} still positioned");
    }
}

#[test]
fn aws_refusals_hold_when_deleting() {
    let b = base();
    let t = &b.d.topology;
    let main = t.route_tables.iter().find(|r| r.main).unwrap().id.clone();
    let sg = t.security_groups[0].id.clone();
    let acl = t.network_acls[0].id.clone();
    for id in [&main, &sg, &acl] {
        let e = err(
            &b.d,
            Edit::Delete {
                ids: vec![id.clone()],
            },
        );
        assert_eq!(e.subject.as_deref(), Some(id.as_str()), "{e}");
    }
    // With the VPC, they go.
    let a = ok(
        &b.d,
        Edit::Delete {
            ids: vec![main.clone(), b.vpc.clone()],
        },
    );
    assert!(a.diagram.topology.vpcs.is_empty() && a.diagram.topology.route_tables.is_empty());
    assert!(a.diagram.topology.internet_gateways.is_empty());
    // AWS-managed prefix lists stay.
    let d = gallery::example("s3-gateway-endpoint").unwrap().diagram;
    assert!(err(
        &d,
        Edit::Delete {
            ids: vec!["pl-63a5400a".into()]
        }
    )
    .message
    .contains("AWS-managed"));
    // Unknown ids are named; virtual nodes are skipped.
    assert_eq!(
        err(
            &d,
            Edit::Delete {
                ids: vec!["i-gone".into()]
            }
        )
        .subject
        .as_deref(),
        Some("i-gone")
    );
    let a = ok(
        &d,
        Edit::Delete {
            ids: vec!["internet".into(), "i-app".into()],
        },
    );
    assert!(a.diagram.topology.instances.is_empty());
    assert!(apply(
        &d,
        &Edit::Delete {
            ids: vec!["internet".into()]
        }
    )
    .is_err());
}

#[test]
fn deleting_onprem_removes_the_vpn_side_and_subnets_take_their_contents() {
    let d = gallery::example("onprem-s3-interface-endpoint")
        .unwrap()
        .diagram;
    let a = ok(
        &d,
        Edit::Delete {
            ids: vec!["onprem".into()],
        },
    );
    let t = &a.diagram.topology;
    assert!(t.vpn_connections.is_empty() && t.customer_gateways.is_empty());
    assert_eq!(t.vpn_gateways.len(), 1, "the VGW stays");
    no_errors(t, "onprem deleted");
    let a = ok(
        &d,
        Edit::Delete {
            ids: vec!["subnet-private-a".into()],
        },
    );
    let t = &a.diagram.topology;
    assert!(t.instances.is_empty());
    let ep = t
        .vpc_endpoints
        .iter()
        .find(|e| e.id == "vpce-s3-interface")
        .unwrap();
    assert_eq!(ep.subnet_ids, ["subnet-private-b"]);
    assert!(t
        .route_tables
        .iter()
        .all(|r| !r.subnet_ids.iter().any(|s| s == "subnet-private-a")));
    no_errors(t, "subnet deleted");
}

// ------------------------------------------------------------------------------------------------ Set / Replace

#[test]
fn set_and_replace_change_fields_and_name_the_bad_one() {
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    // Set a field; append a route; a path in validation's style.
    let a = ok(
        &d,
        Edit::Set {
            id: "subnet-private-a".into(),
            field: "name".into(),
            value: json!("backend"),
        },
    );
    assert_eq!(json_of(&a.diagram, "subnet-private-a")["name"], "backend");
    let a = ok(
        &d,
        Edit::Set {
            id: "rtb-private".into(),
            field: "routes/-".into(),
            value: json!({"destination": {"cidr": "10.9.0.0/16"}, "target": "nat-app"}),
        },
    );
    assert_eq!(
        json_of(&a.diagram, "rtb-private")["routes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let a = ok(
        &d,
        Edit::Set {
            id: "rtb-public".into(),
            field: "routes[0].target".into(),
            value: json!("nat-app"),
        },
    );
    assert_eq!(
        json_of(&a.diagram, "rtb-public")["routes"][0]["target"],
        "nat-app"
    );
    // (id, field, value, expected error field)
    let bad: &[(&str, &str, Value, &str)] = &[
        (
            "subnet-private-a",
            "cidr_block",
            json!("10.0.1.0/33"),
            "cidr_block",
        ),
        (
            "rtb-private",
            "routes/0/destination",
            json!({"cidr": "nonsense"}),
            "routes/0/destination/cidr",
        ),
        (
            "rtb-private",
            "routes/0/state",
            json!("sideways"),
            "routes/0/state",
        ),
        ("i-app", "private_ip", json!(12), "private_ip"),
        (
            "sg-app",
            "egress/0/from_port",
            json!("eighty"),
            "egress/0/from_port",
        ),
    ];
    for (id, field, value, want) in bad {
        let e = err(
            &d,
            Edit::Set {
                id: id.to_string(),
                field: field.to_string(),
                value: value.clone(),
            },
        );
        assert_eq!(e.field.as_deref(), Some(*want), "{e}");
        assert_eq!(e.subject.as_deref(), Some(*id));
        assert!(e.message.contains(id) && e.message.contains(want), "{e}");
    }
    let e = err(
        &d,
        Edit::Set {
            id: "rtb-private".into(),
            field: "routes/7/target".into(),
            value: json!("x"),
        },
    );
    assert!(e.message.contains("no entry 7"), "{e}");
    // Replace: the whole object, with the culprit found inside it.
    let (_, mut obj) = object_json(&d.topology, "rtb-private").unwrap();
    obj["routes"][0]["destination"] = json!({"cidr": "10.0.0.0/99"});
    let e = err(
        &d,
        Edit::Replace {
            id: "rtb-private".into(),
            object: obj,
        },
    );
    assert_eq!(e.field.as_deref(), Some("routes/0/destination/cidr"), "{e}");
    let (_, mut obj) = object_json(&d.topology, "subnet-public-a").unwrap();
    obj.as_object_mut().unwrap().remove("vpc_id");
    let e = err(
        &d,
        Edit::Replace {
            id: "subnet-public-a".into(),
            object: obj,
        },
    );
    assert!(e.message.contains("vpc_id"), "{e}");
    assert_eq!(e.field.as_deref(), Some("vpc_id"));
    // The diagram of a failed edit is the input's: apply is pure.
    let (_, good) = object_json(&d.topology, "nat-app").unwrap();
    let a = ok(
        &d,
        Edit::Replace {
            id: "nat-app".into(),
            object: good,
        },
    );
    assert_eq!(a.diagram, d);
}

#[test]
fn renaming_an_id_renames_every_reference() {
    let mut d = gallery::example("s3-through-nat").unwrap().diagram;
    d.layout = vpclab_core::layout::auto_layout(&d);
    let a = ok(
        &d,
        Edit::Set {
            id: "i-app".into(),
            field: "id".into(),
            value: json!("i-web"),
        },
    );
    assert_eq!(a.diagram.flows[0].spec.from, "i-web");
    assert!(a.diagram.layout.get("i-web").is_some() && a.diagram.layout.get("i-app").is_none());
    let a = ok(
        &d,
        Edit::Set {
            id: "nat-app".into(),
            field: "id".into(),
            value: json!("nat-main"),
        },
    );
    let rt = a
        .diagram
        .topology
        .route_tables
        .iter()
        .find(|r| r.id == "rtb-private")
        .unwrap();
    assert_eq!(rt.routes[0].target, "nat-main");
    no_errors(&a.diagram.topology, "renamed");
    let e = err(
        &d,
        Edit::Set {
            id: "nat-app".into(),
            field: "id".into(),
            value: json!("igw-app"),
        },
    );
    assert!(e.message.contains("already the id"), "{e}");
}

#[test]
fn objects_are_found_by_id_and_diagnostics_by_subject() {
    let d = gallery::example("saas-endpoint-service").unwrap().diagram;
    let t = &d.topology;
    let cases: &[(&str, ObjectKind)] = &[
        ("vpc-consumer", ObjectKind::Vpc),
        ("vpce-saas", ObjectKind::VpcEndpoint),
        ("vpce-saas@subnet-consumer-a", ObjectKind::VpcEndpoint),
        ("vpce-svc-saas", ObjectKind::EndpointService),
        ("nlb-api", ObjectKind::LoadBalancer),
        ("sg-api", ObjectKind::SecurityGroup),
    ];
    for (id, k) in cases {
        assert_eq!(kind_of(t, id), Some(*k), "{id}");
    }
    let mut t = t.clone();
    t.subnets[0].cidr_block = Some("10.9.0.0/24".parse().unwrap());
    let diags = diagnostics_for(&t, "subnet-consumer-a");
    assert!(
        diags.iter().any(|d| d.code == "SUBNET_OUTSIDE_VPC"),
        "{diags:?}"
    );
    assert_eq!(vpclab_core::edit::field_path(&diags[0].field), "cidr_block");
    let (d2, bucket) = added(
        &d,
        NodeKind::ServiceResource {
            service: "s3".into(),
        },
        None,
    );
    assert_eq!(
        kind_of(&d2.topology, &bucket),
        Some(ObjectKind::ServiceResource)
    );
    let a = ok(
        &d2,
        Edit::Set {
            id: bucket.clone(),
            field: "policy".into(),
            value: json!({"Version": "2012-10-17", "Statement": []}),
        },
    );
    assert!(json_of(&a.diagram, &bucket)["policy"].is_object());
}

// ------------------------------------------------------------------------------------------------ flows, moves, serde

#[test]
fn flows_are_added_selected_updated_and_removed() {
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    let f = Flow::labelled(
        "x",
        FlowSpec {
            from: "i-app".into(),
            to: "8.8.8.8".into(),
            ..Default::default()
        },
    );
    let a = ok(&d, Edit::AddFlow(f.clone()));
    assert_eq!(
        (a.diagram.flows.len(), a.diagram.selected_flow),
        (3, Some(2))
    );
    let a = ok(&a.diagram, Edit::RemoveFlow(0));
    assert_eq!(a.diagram.selected_flow, Some(1));
    let a = ok(
        &a.diagram,
        Edit::UpdateFlow {
            index: 0,
            flow: f.clone(),
        },
    );
    assert_eq!(a.diagram.flows[0], f);
    let a = ok(&a.diagram, Edit::RemoveFlow(1));
    assert_eq!(
        a.diagram.selected_flow,
        Some(0),
        "the neighbour of a removed selected flow"
    );
    let a = ok(&a.diagram, Edit::RemoveFlow(0));
    assert_eq!(a.diagram.selected_flow, None);
    let a = ok(&a.diagram, Edit::AddFlow(f.clone()));
    assert!(apply(&a.diagram, &Edit::SelectFlow(Some(5))).is_err());
    assert!(apply(&a.diagram, &Edit::RemoveFlow(5)).is_err());
    let a = ok(&a.diagram, Edit::SelectFlow(Some(0)));
    assert_eq!(a.diagram.selected_flow, Some(0));
}

#[test]
fn edits_round_trip_through_json() {
    let edits = vec![
        add(
            NodeKind::GatewayEndpoint {
                service: "s3".into(),
            },
            Some("vpc-1"),
        ),
        Edit::Add {
            kind: NodeKind::Vpc,
            parent: None,
            at: Some(Point::new(1.0, 2.0)),
        },
        Edit::Move {
            id: "i-1".into(),
            to: Point::new(3.0, 4.0),
        },
        Edit::Delete {
            ids: vec!["a".into()],
        },
        connect("a", "b"),
        disconnect("a", "b"),
        Edit::Set {
            id: "a".into(),
            field: "routes/0".into(),
            value: json!({"x": 1}),
        },
        Edit::Replace {
            id: "a".into(),
            object: json!({}),
        },
        Edit::AddFlow(Flow::default()),
        Edit::UpdateFlow {
            index: 1,
            flow: Flow::default(),
        },
        Edit::RemoveFlow(2),
        Edit::SelectFlow(None),
        Edit::ReplaceTopology(Topology::default()),
        Edit::ReplaceDiagram(Diagram::default()),
    ];
    for e in edits {
        let s = serde_json::to_string(&e).unwrap();
        let back: Edit = serde_json::from_str(&s).unwrap();
        assert_eq!(back, e, "{s}");
    }
    let s = serde_json::to_value(add(NodeKind::Vpc, None)).unwrap();
    assert_eq!(s, json!({"add": {"kind": "vpc"}}));
}

#[test]
fn moving_snaps_inside_the_container_and_carries_the_contents() {
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    let scene = vpclab_core::layout::scene(&d);
    let vpc = scene.vpcs[0].rect;
    let app = scene.node("i-app").unwrap().rect;
    let a = ok(
        &d,
        Edit::Move {
            id: "vpc-app".into(),
            to: Point::new(vpc.x + 100.0, vpc.y + 40.0),
        },
    );
    let s2 = vpclab_core::layout::scene(&a.diagram);
    let app2 = s2.node("i-app").unwrap().rect;
    assert_eq!((app2.x - app.x, app2.y - app.y), (100.0, 40.0));
    // Dragged far away, the instance stays in its subnet.
    let a = ok(
        &a.diagram,
        Edit::Move {
            id: "i-app".into(),
            to: Point::new(9999.0, -9999.0),
        },
    );
    let s3 = vpclab_core::layout::scene(&a.diagram);
    let sub = s3
        .subnets
        .iter()
        .find(|s| s.id == "subnet-private-a")
        .unwrap();
    assert!(sub.rect.contains_rect(&s3.node("i-app").unwrap().rect));
    // Badges do not move; unknown keys are an error.
    let before = a.diagram.clone();
    let a = ok(
        &a.diagram,
        Edit::Move {
            id: "rtb-private".into(),
            to: Point::new(0.0, 0.0),
        },
    );
    assert_eq!(a.diagram, before);
    assert!(apply(
        &before,
        &Edit::Move {
            id: "i-nope".into(),
            to: Point::new(0.0, 0.0)
        }
    )
    .is_err());
}

#[test]
fn replacing_the_topology_keeps_flows_and_known_positions() {
    let mut d = gallery::example("s3-through-nat").unwrap().diagram;
    d.layout = vpclab_core::layout::auto_layout(&d);
    let mut t = d.topology.clone();
    t.instances.clear();
    let a = ok(&d, Edit::ReplaceTopology(t));
    assert_eq!(a.diagram.flows, d.flows);
    assert_eq!(a.diagram.layout.get("vpc-app"), d.layout.get("vpc-app"));
    assert!(a.diagram.layout.get("i-app").is_none());
    let g = gallery::example("saas-endpoint-service").unwrap().diagram;
    assert_eq!(ok(&d, Edit::ReplaceDiagram(g.clone())).diagram, g);
}

// ------------------------------------------------------------------------------------------------ never panics

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn kinds() -> Vec<NodeKind> {
        let mut k: Vec<NodeKind> = palette().into_iter().map(|p| p.kind).collect();
        k.push(NodeKind::InterfaceEndpoint { service: "".into() });
        k.push(NodeKind::GatewayEndpoint {
            service: "nope".into(),
        });
        k
    }

    /// An edit chosen by numbers, naming ids the diagram has (or not).
    fn edit(d: &Diagram, op: u8, a: usize, b: usize, c: usize) -> Edit {
        let mut ids: Vec<String> = vpclab_core::layout::scene(d)
            .nodes
            .iter()
            .map(|n| n.key.clone())
            .collect();
        ids.extend(d.topology.vpcs.iter().map(|v| v.id.clone()));
        ids.extend(d.topology.subnets.iter().map(|s| s.id.clone()));
        ids.push("nothing".into());
        let id = |i: usize| ids[i % ids.len()].clone();
        let ks = kinds();
        match op % 8 {
            0 | 1 => Edit::Add {
                kind: ks[a % ks.len()].clone(),
                parent: (b % 3 != 0).then(|| id(b)),
                at: (c % 4 == 0).then(|| Point::new(c as f64 * 7.0, b as f64 * 5.0)),
            },
            2 => connect(&id(a), &id(b)),
            3 => disconnect(&id(a), &id(b)),
            4 => Edit::Delete { ids: vec![id(a)] },
            5 => Edit::Move {
                id: id(a),
                to: Point::new(b as f64 * 13.0 - 500.0, c as f64 * 11.0 - 300.0),
            },
            6 => Edit::Set {
                id: id(a),
                field: [
                    "cidr_block",
                    "routes/0/target",
                    "name",
                    "id",
                    "subnet_ids/-",
                    "vpc_id",
                ][b % 6]
                    .into(),
                value: [
                    json!("10.0.0.0/24"),
                    json!(null),
                    json!(7),
                    json!("x"),
                    json!([]),
                ][c % 5]
                    .clone(),
            },
            _ => Edit::AddFlow(Flow::new(FlowSpec {
                from: id(a),
                to: id(b),
                ..Default::default()
            })),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn random_edit_sequences_never_panic(steps in prop::collection::vec((any::<u8>(), 0usize..64, 0usize..64, 0usize..64), 1..24), start in 0usize..7) {
            let mut d = if start == 0 { Diagram::default() } else { gallery::examples()[(start - 1) % 6].diagram.clone() };
            for (op, a, b, c) in steps {
                let e = edit(&d, op, a, b, c);
                if let Ok(applied) = apply(&d, &e) {
                    d = applied.diagram;
                    let scene = vpclab_core::layout::scene(&d);
                    for f in &d.flows {
                        if let Ok(t) = trace(&d.topology, &f.spec) {
                            let _ = vpclab_core::layout::path_points(&scene, &t);
                        }
                    }
                }
            }
        }
    }
}

// ------------------------------------------------------------------------------------------------ GE-02

/// The gateway-endpoint example as a snapshot shows it: the endpoint's route listed in `rtb-private`.
fn endpoint_route_listed() -> Diagram {
    let mut d = gallery::example("s3-gateway-endpoint").unwrap().diagram;
    let rt = d
        .topology
        .route_tables
        .iter_mut()
        .find(|r| r.id == "rtb-private")
        .unwrap();
    rt.routes.push(
        vpclab_core::json::from_value(
            &json!({"destination": {"prefix_list": "pl-63a5400a"}, "target": "vpce-s3-gateway"}),
        )
        .unwrap(),
    );
    d
}

fn routes_of(d: &Diagram, rt: &str) -> Vec<Value> {
    json_of(d, rt)["routes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn set(id: &str, field: &str, value: Value) -> Edit {
    Edit::Set {
        id: id.into(),
        field: field.into(),
        value,
    }
}

/// GE-02: the endpoint's route cannot be edited or deleted through the route table; GE-01: nor added by hand.
#[test]
fn a_gateway_endpoint_route_cannot_be_edited_deleted_or_added_by_hand() {
    let d = endpoint_route_listed();
    assert_eq!(routes_of(&d, "rtb-private")[1]["target"], "vpce-s3-gateway");

    let e = err(&d, set("rtb-private", "routes/1/target", json!("nat-app")));
    assert!(e.message.contains("GE-02"), "{e}");
    assert_eq!(e.field.as_deref(), Some("routes/1"));

    let only_default = json!([routes_of(&d, "rtb-private")[0].clone()]);
    let e = err(&d, set("rtb-private", "routes", only_default));
    assert!(e.message.contains("disconnect `vpce-s3-gateway`"), "{e}");

    let mut replaced = json_of(&d, "rtb-private");
    replaced["routes"].as_array_mut().unwrap().remove(1);
    let e = err(
        &d,
        Edit::Replace {
            id: "rtb-private".into(),
            object: replaced,
        },
    );
    assert!(e.message.contains("GE-02"), "{e}");

    let e = err(
        &d,
        set(
            "rtb-public",
            "routes/-",
            json!({"destination": {"prefix_list": "pl-63a5400a"}, "target": "vpce-s3-gateway"}),
        ),
    );
    assert!(
        e.message.contains("cannot be added by hand") && e.message.contains("GE-01"),
        "{e}"
    );

    // The table's other routes stay editable, and the endpoint's route stays as it was.
    let a = ok(&d, set("rtb-private", "routes/0/target", json!("igw-app")));
    assert_eq!(
        routes_of(&a.diagram, "rtb-private")[1]["target"],
        "vpce-s3-gateway"
    );
}

/// GE-02: the route goes away with the association, or with the endpoint (not left as a blackhole route).
#[test]
fn a_gateway_endpoint_route_goes_with_its_association_or_its_endpoint() {
    let d = endpoint_route_listed();
    let s3 = FlowSpec {
        from: "i-app".into(),
        to: "s3.us-east-1.amazonaws.com".into(),
        port: Some(443),
        ..Default::default()
    };
    let through_endpoint = |d: &Diagram| {
        trace(&d.topology, &s3)
            .unwrap()
            .hops
            .iter()
            .any(|h| h.id == "vpce-s3-gateway")
    };
    assert!(through_endpoint(&d));

    let a = ok(&d, disconnect("vpce-s3-gateway", "rtb-private"));
    assert!(routes_of(&a.diagram, "rtb-private")
        .iter()
        .all(|r| r["target"] != "vpce-s3-gateway"));
    assert!(!through_endpoint(&a.diagram));
    no_errors(&a.diagram.topology, "disassociated");

    let a = ok(
        &d,
        Edit::Delete {
            ids: vec!["vpce-s3-gateway".into()],
        },
    );
    let routes = routes_of(&a.diagram, "rtb-private");
    assert_eq!(routes.len(), 1, "{routes:?}");
    assert_eq!(routes[0]["target"], "nat-app");
    assert!(!through_endpoint(&a.diagram));
}

#[test]
fn a_gateway_endpoint_from_the_palette_goes_on_the_tables_of_the_flow_sources_and_says_so() {
    // The S3-through-NAT example: the main table is the public one; the flow starts in the private subnet.
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    let vpc = d.topology.vpcs[0].id.clone();
    let main = d
        .topology
        .route_tables
        .iter()
        .find(|r| r.main)
        .unwrap()
        .id
        .clone();
    let a = ok(
        &d,
        add(
            NodeKind::GatewayEndpoint {
                service: "s3".into(),
            },
            Some(&vpc),
        ),
    );
    let ep = json_of(&a.diagram, a.created.as_deref().unwrap());
    let tables: Vec<String> = serde_json::from_value(ep["route_table_ids"].clone()).unwrap();
    assert!(
        !tables.contains(&main),
        "not the public main table: {tables:?}"
    );
    assert_eq!(tables.len(), 1, "{tables:?}");
    // The flow now goes through the endpoint, not the NAT gateway.
    let tr = trace(&a.diagram.topology, &a.diagram.flows[0].spec).unwrap();
    assert_eq!(tr.network, Some(Network::Private), "{tr:?}");
    assert!(
        !tr.hops.iter().any(|h| h.id.starts_with("nat-")),
        "no NAT hop: {:?}",
        tr.hops
    );
    // Said in words, naming the table, with no markdown.
    let note = a.notes.join(" ");
    assert!(
        note.contains(&tables[0]) && note.contains("flows start from"),
        "{note}"
    );
    assert!(!note.contains('`'), "{note}");
}

#[test]
fn fix_it_proposes_one_proven_edit_for_a_blocked_flow() {
    // The S3-through-NAT example without its NAT route: the private subnet reaches nothing.
    let mut d = gallery::example("s3-through-nat").unwrap().diagram;
    for r in &mut d.topology.route_tables {
        r.routes.retain(|x| !x.target.starts_with("nat-"));
    }
    let i = d.selected_flow.unwrap();
    assert!(!trace(&d.topology, &d.flows[i].spec).unwrap().reachable);
    let fix = vpclab_core::edit::fix(&d, i).expect("one edit fixes it");
    assert!(fix.after.reachable, "{fix:?}");
    assert!(!fix.title.contains('`'), "{}", fix.title);
    // Proven: applying it gives the trace it promised.
    let a = ok(&d, fix.edit.clone());
    assert_eq!(
        trace(&a.diagram.topology, &a.diagram.flows[i].spec).unwrap(),
        fix.after
    );
    // A reachable flow has nothing to fix.
    let d = gallery::example("s3-through-nat").unwrap().diagram;
    assert!(vpclab_core::edit::fix(&d, 0).is_none());
    // Every blocked flow of the gallery: a fix, when offered, makes it reachable.
    for ex in gallery::examples() {
        for (i, f) in ex.diagram.flows.iter().enumerate() {
            let Ok(t) = trace(&ex.diagram.topology, &f.spec) else {
                continue;
            };
            if t.reachable {
                continue;
            }
            let fix = vpclab_core::edit::fix(&ex.diagram, i);
            eprintln!(
                "{} flow {i} {}: {:?}",
                ex.id,
                t.explanations[0].code,
                fix.as_ref().map(|f| &f.title)
            );
            if let Some(fix) = fix {
                assert!(fix.after.reachable);
            }
        }
    }
}

#[test]
fn the_blocked_marker_sits_on_the_component_that_drops_the_packet() {
    let mut seen = 0;
    for ex in gallery::examples() {
        let scene = vpclab_core::layout::scene(&ex.diagram);
        for f in &ex.diagram.flows {
            let Ok(t) = trace(&ex.diagram.topology, &f.spec) else {
                continue;
            };
            let segs = vpclab_core::layout::path_points(&scene, &t);
            let m = vpclab_core::layout::stop_marker(&scene, &t, &segs);
            if t.reachable {
                assert!(m.is_none());
                continue;
            }
            seen += 1;
            let m = m.expect("a blocked flow has a marker");
            let x = &t.explanations[0];
            assert_eq!(m.component, x.component);
            assert_eq!(m.label, vpclab_core::codes::short_label(&x.code));
            let key = m
                .key
                .unwrap_or_else(|| panic!("{}: {} is not drawn", ex.id, x.component));
            let drawn =
                scene.nodes.iter().any(|n| {
                    n.key == key && (n.id == x.component || n.aliases.contains(&x.component))
                }) || key == x.component
                    || scene.edges.iter().any(|e| e.key == key);
            assert!(
                drawn,
                "{}: marker on {key}, dropped at {}",
                ex.id, x.component
            );
        }
    }
    assert!(seen >= 2, "the gallery has blocked flows");
}
