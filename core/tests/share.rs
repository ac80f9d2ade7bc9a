//! Share links: size budgets (printed), golden links of every version, round trips, the table of bad links.
//!
//! Golden links (`tests/fixtures/share/v<N>/<name>.txt`) are never rewritten: each must keep decoding to the
//! diagram in `<name>.json` (the model's serde form of [`Diagram`]) forever. To add one, write the `.json` and
//! run with `SHARE_NEW_GOLDEN=1`: it writes the `.txt` files that are missing, never one that exists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use proptest::prelude::*;
use vpclab_core::diagram::{Diagram, Flow, Layout, Point};
use vpclab_core::model::*;
use vpclab_core::share::{self, ShareDecodeError};
use vpclab_core::{synth, FlowSpec};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/share")
}

/// What a raw JSON document becomes as a v1 payload (for hand-made links).
fn pack(json: &str) -> String {
    pack_bytes(json.as_bytes())
}

fn pack_bytes(data: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(miniz_oxide::deflate::compress_to_vec(data, 9))
}

/// The default example: the topology fixture, every drawn node placed on a 20-unit grid, two flows.
fn default_example() -> Diagram {
    let text = std::fs::read_to_string(fixtures().join("default-example.json")).expect("fixture");
    let topology = Topology::from_json(&text).expect("default example parses");
    let mut layout = Layout::default();
    let place = [
        ("vpc-0ff9243a8f506b409", 40, 40),
        ("subnet-043b026c48bbf33fe", 80, 100),
        ("subnet-0cc3fc1626e53a130", 80, 340),
        ("igw-0729fae923d5a4fd1", 380, 20),
        ("nat-02aabfe228f219e9c", 300, 160),
        ("i-0d1371c17149d4395", 120, 160),
        ("i-036b3216fdaeeb975", 120, 400),
        ("rtb-05ec84d8dbc742547", 460, 100),
        ("rtb-0b0eb53f16947ccf2", 460, 340),
        ("vpce-028b5b7a767c76fb0", 620, 400),
        ("internet", 620, 20),
        ("aws-service:s3", 760, 400),
    ];
    for (id, x, y) in place {
        layout.insert(id, Point::new(x as f64, y as f64));
    }
    let flows = vec![
        Flow::labelled(
            "app → S3",
            FlowSpec {
                from: "i-036b3216fdaeeb975".into(),
                to: "52.216.0.10".into(),
                protocol: Some("tcp".into()),
                port: Some(443),
                gb_per_month: Some(500.0),
                ..Default::default()
            },
        ),
        Flow::labelled(
            "app → internet",
            FlowSpec {
                from: "i-036b3216fdaeeb975".into(),
                to: "8.8.8.8".into(),
                protocol: Some("tcp".into()),
                port: Some(443),
                gb_per_month: Some(20.0),
                ..Default::default()
            },
        ),
    ];
    Diagram {
        topology,
        layout,
        flows,
        selected_flow: Some(0),
        price_version: Some("2025-06".into()),
    }
}

/// A stable pseudo-random 17-hex id for `id` (FNV-1a, then mixed), so generated topologies look like real AWS ones.
fn realistic_id(id: &str) -> String {
    let (prefix, _) = id.split_once('-').unwrap_or((id, ""));
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    // SplitMix64's finaliser, so that similar ids get unrelated digits.
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    format!("{prefix}-0{:016x}", h)
}

/// Renames every id of `t` (and every reference to it) with [`realistic_id`].
fn with_realistic_ids(t: &Topology) -> (Topology, BTreeMap<String, String>) {
    let mut ids: Vec<String> = Vec::new();
    ids.extend(t.vpcs.iter().map(|x| x.id.clone()));
    ids.extend(t.subnets.iter().map(|x| x.id.clone()));
    ids.extend(t.route_tables.iter().map(|x| x.id.clone()));
    ids.extend(t.internet_gateways.iter().map(|x| x.id.clone()));
    ids.extend(t.nat_gateways.iter().map(|x| x.id.clone()));
    ids.extend(t.instances.iter().map(|x| x.id.clone()));
    ids.extend(t.security_groups.iter().map(|x| x.id.clone()));
    ids.extend(t.vpc_endpoints.iter().map(|x| x.id.clone()));
    ids.extend(t.peering_connections.iter().map(|x| x.id.clone()));
    let renames: BTreeMap<String, String> = ids
        .iter()
        .map(|id| (id.clone(), realistic_id(id)))
        .collect();
    let mut json = serde_json::to_string(t).unwrap();
    for (old, new) in &renames {
        json = json.replace(&format!("\"{old}\""), &format!("\"{new}\""));
    }
    (Topology::from_json(&json).unwrap(), renames)
}

/// Places every object of `ids` on a grid, eight to a row.
fn grid(ids: impl IntoIterator<Item = String>) -> Layout {
    let mut layout = Layout::default();
    for (n, id) in ids.into_iter().enumerate() {
        layout.insert(
            id,
            Point::new((40 + (n % 8) * 120) as f64, (40 + (n / 8) * 100) as f64),
        );
    }
    layout
}

fn net(s: &str) -> ipnet::IpNet {
    s.parse().unwrap()
}

/// The issue's 3-VPC diagram: 3 VPCs of 4 subnets (2 AZs), each VPC with a route table per subnet pair, an S3
/// gateway endpoint and three interface endpoints (SSM's three, private DNS on, with their security group):
/// 12 subnets, 12 endpoints, realistic ids, every object placed, two flows.
fn three_vpc_example() -> Diagram {
    let mut t = Topology {
        name: Some("three VPCs with endpoints".into()),
        region: Some("us-east-1".into()),
        ..Default::default()
    };
    t.prefix_lists.push(PrefixList {
        id: "pl-63a5400a".into(),
        name: "com.amazonaws.us-east-1.s3".into(),
        cidrs: vec![
            net("3.5.0.0/19"),
            net("16.182.0.0/16"),
            net("52.216.0.0/15"),
            net("54.231.0.0/16"),
        ],
        aws_managed: true,
    });
    for v in 0..3u8 {
        let vpc = format!("vpc-{v}");
        let cidr = format!("10.{v}.0.0/16");
        t.vpcs.push(Vpc {
            id: vpc.clone(),
            name: Some(["shared", "app", "data"][v as usize].into()),
            region: None,
            cidr_blocks: vec![net(&cidr)],
            enable_dns_support: true,
            enable_dns_hostnames: true,
            block_public_access: BlockPublicAccess::Off,
            dns_servers: vec![],
            dhcp_options_id: None,
            owner_id: None,
        });
        let sg = format!("sg-{v}-endpoints");
        t.security_groups.push(SecurityGroup {
            id: sg.clone(),
            vpc_id: vpc.clone(),
            name: Some("endpoints".into()),
            ingress: vec![SgRule {
                protocol: "tcp".into(),
                from_port: Some(443),
                to_port: Some(443),
                cidrs: vec![net(&cidr)],
                ..Default::default()
            }],
            egress: vec![],
        });
        let mut private = Vec::new();
        for s in 0..4u8 {
            let id = format!("subnet-{v}-{s}");
            t.subnets.push(Subnet {
                id: id.clone(),
                vpc_id: vpc.clone(),
                name: Some(format!(
                    "{}-{}",
                    if s < 2 { "private" } else { "data" },
                    ["a", "b"][s as usize % 2]
                )),
                az: Some(format!("us-east-1{}", ["a", "b"][s as usize % 2])),
                az_id: None,
                cidr_block: Some(net(&format!("10.{v}.{s}.0/24"))),
                ipv6_cidr_block: None,
            });
            if s < 2 {
                private.push(id);
            }
        }
        let rtb = format!("rtb-{v}");
        t.route_tables.push(RouteTable {
            id: rtb.clone(),
            vpc_id: vpc.clone(),
            name: None,
            main: true,
            subnet_ids: vec![],
            gateway_ids: vec![],
            propagating_vgws: vec![],
            routes: vec![
                Route {
                    destination: Destination::Cidr(net(&cidr)),
                    target: "local".into(),
                    state: RouteState::Active,
                    origin: RouteOrigin::Static,
                },
                Route {
                    destination: Destination::PrefixList("pl-63a5400a".into()),
                    target: format!("vpce-{v}-s3"),
                    state: RouteState::Active,
                    origin: RouteOrigin::Static,
                },
            ],
        });
        t.vpc_endpoints.push(VpcEndpoint {
            id: format!("vpce-{v}-s3"),
            vpc_id: vpc.clone(),
            service_name: "com.amazonaws.us-east-1.s3".into(),
            kind: EndpointKind::Gateway,
            route_table_ids: vec![rtb],
            ..Default::default()
        });
        for svc in ["ssm", "ssmmessages", "ec2messages"] {
            t.vpc_endpoints.push(VpcEndpoint {
                id: format!("vpce-{v}-{svc}"),
                vpc_id: vpc.clone(),
                service_name: format!("com.amazonaws.us-east-1.{svc}"),
                kind: EndpointKind::Interface,
                subnet_ids: private.clone(),
                security_group_ids: vec![sg.clone()],
                private_dns_enabled: true,
                ..Default::default()
            });
        }
    }
    let (t, _) = with_realistic_ids(&t);
    assert_eq!(
        (t.vpcs.len(), t.subnets.len(), t.vpc_endpoints.len()),
        (3, 12, 12)
    );
    let layout = grid(
        t.vpcs
            .iter()
            .map(|x| x.id.clone())
            .chain(t.subnets.iter().map(|x| x.id.clone()))
            .chain(t.route_tables.iter().map(|x| x.id.clone()))
            .chain(t.vpc_endpoints.iter().map(|x| x.id.clone())),
    );
    let flows = vec![
        Flow::new(FlowSpec {
            from: "10.1.0.10".into(),
            to: "ssm.us-east-1.amazonaws.com".into(),
            ..Default::default()
        }),
        Flow::labelled(
            "data → S3",
            FlowSpec {
                from: "10.2.1.10".into(),
                to: "52.216.0.10".into(),
                port: Some(443),
                gb_per_month: Some(2000.0),
                ..Default::default()
            },
        ),
    ];
    Diagram {
        topology: t,
        layout,
        flows,
        selected_flow: Some(1),
        price_version: None,
    }
}

/// A heavier generated diagram (synth 3 × 4: also 12 instances, NAT and internet gateways, peerings, security
/// groups), with realistic ids and every drawn object placed: measured and printed, not budgeted.
fn synth_example() -> Diagram {
    let (t, _) = with_realistic_ids(&synth::generate(3, 4));
    let layout = grid(
        t.vpcs
            .iter()
            .map(|x| x.id.clone())
            .chain(t.subnets.iter().map(|x| x.id.clone()))
            .chain(t.route_tables.iter().map(|x| x.id.clone()))
            .chain(t.internet_gateways.iter().map(|x| x.id.clone()))
            .chain(t.nat_gateways.iter().map(|x| x.id.clone()))
            .chain(t.instances.iter().map(|x| x.id.clone()))
            .chain(t.vpc_endpoints.iter().map(|x| x.id.clone()))
            .chain(t.peering_connections.iter().map(|x| x.id.clone())),
    );
    let flows = vec![Flow::new(FlowSpec {
        from: t.instances[1].id.clone(),
        to: t.instances[5].id.clone(),
        port: Some(443),
        ..Default::default()
    })];
    Diagram {
        topology: t,
        layout,
        flows,
        selected_flow: Some(0),
        price_version: None,
    }
}

fn sizes(d: &Diagram) -> (usize, usize, usize) {
    let model_json = serde_json::to_string(d).unwrap().len();
    let doc = vpclab_core::share::v1::Doc::from_diagram(d);
    let dto_json = serde_json::to_string(&doc).unwrap().len();
    (model_json, dto_json, share::encode(d).len() + 1)
}

#[test]
fn budgets_printed_and_kept() {
    for (name, d, budget) in [
        ("default example", default_example(), 1_000),
        (
            "3 VPCs, 12 subnets, 12 endpoints",
            three_vpc_example(),
            2_000,
        ),
        (
            "synth 3x4 (+12 instances, NAT, IGW, peering; no budget)",
            synth_example(),
            share::LONG_LINK_CHARS,
        ),
    ] {
        let (model_json, dto_json, link) = sizes(&d);
        println!(
            "share link size: {name}: {} objects, {} positions, {} flows; model JSON {model_json} B, v1 JSON {dto_json} B, \
             fragment `#v1.…` {link} chars (budget {budget})",
            vpclab_core::share::v1::Doc::from_diagram(&d).topology.object_count(),
            d.layout.len(),
            d.flows.len()
        );
        assert!(link <= budget, "{name}: {link} chars > {budget}");
        assert_eq!(share::decode(&share::encode(&d)).unwrap().0, d);
    }
}

#[test]
fn golden_links_decode_forever() {
    let mut checked = 0;
    for version_dir in std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
    {
        let mut expected: Vec<PathBuf> = std::fs::read_dir(&version_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        expected.sort();
        for json_path in expected {
            let diagram: Diagram =
                serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", json_path.display()));
            let link_path = json_path.with_extension("txt");
            if !link_path.exists() && std::env::var_os("SHARE_NEW_GOLDEN").is_some() {
                std::fs::write(&link_path, format!("#{}\n", share::encode(&diagram))).unwrap();
            }
            let link = std::fs::read_to_string(&link_path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (run with SHARE_NEW_GOLDEN=1 to create it)",
                    link_path.display()
                )
            });
            let (decoded, findings) =
                share::decode(&link).unwrap_or_else(|e| panic!("{}: {e}", link_path.display()));
            assert_eq!(decoded, diagram, "{}", link_path.display());
            assert!(findings.is_empty(), "{}: {findings:?}", link_path.display());
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} golden links");
}

/// The golden diagrams are also what the budgets measure; keep them in step with the builders above.
#[test]
fn golden_diagrams_match_the_examples() {
    let read = |name: &str| -> Diagram {
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("v1").join(name)).unwrap())
            .unwrap()
    };
    if std::env::var_os("SHARE_NEW_GOLDEN").is_some() {
        for (name, d) in [
            ("default-example.json", default_example()),
            ("three-vpcs.json", three_vpc_example()),
        ] {
            let path = fixtures().join("v1").join(name);
            if !path.exists() {
                std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap() + "\n").unwrap();
            }
        }
    }
    assert_eq!(read("default-example.json"), default_example());
    assert_eq!(read("three-vpcs.json"), three_vpc_example());
}

#[test]
fn every_member_round_trips() {
    // `everything.json` sets every model field to a non-default, distinct value: a field dropped or swapped by
    // the v1 conversions shows here.
    let text = std::fs::read_to_string(fixtures().join("v1/everything.json")).unwrap();
    let d: Diagram = serde_json::from_str(&text).unwrap();
    assert_eq!(share::decode(&share::encode(&d)).unwrap().0, d);
}

/// Members added to v1 after `everything.json` was frozen (its golden link must keep decoding to it): each one
/// set to a non-default value, round-tripped.
#[test]
fn later_members_round_trip() {
    let text = std::fs::read_to_string(fixtures().join("v1/everything.json")).unwrap();
    let mut d: Diagram = serde_json::from_str(&text).unwrap();
    let p = &mut d.topology.peering_connections[0];
    p.requester_dns_resolution = true;
    p.accepter_dns_resolution = true;
    assert_eq!(share::decode(&share::encode(&d)).unwrap().0, d);
    d.topology.peering_connections[0].accepter_dns_resolution = false;
    assert_eq!(share::decode(&share::encode(&d)).unwrap().0, d);
}

#[test]
fn equal_diagrams_give_equal_links() {
    let a = default_example();
    let mut b = default_example();
    // Same positions, inserted in the opposite order.
    let positions: Vec<(String, Point)> =
        b.layout.iter().map(|(k, p)| (k.to_string(), p)).collect();
    b.layout = Layout::default();
    for (k, p) in positions.into_iter().rev() {
        b.layout.insert(k, p);
    }
    assert_eq!(share::encode(&a), share::encode(&b));
    assert_eq!(share::encode(&a), share::encode(&a.clone()));
    b.layout
        .insert("vpc-0ff9243a8f506b409", Point::new(41.0, 40.0));
    assert_ne!(share::encode(&a), share::encode(&b));
}

#[test]
fn accepts_url_fragment_and_bare_forms() {
    let d = default_example();
    let fragment = share::encode(&d);
    for text in [
        fragment.clone(),
        format!("#{fragment}"),
        format!("https://example.org/vpclab/?x=1#{fragment}"),
        format!("  https://example.org/#{fragment}\n"),
    ] {
        assert!(share::is_link(&text), "{text}");
        assert_eq!(share::decode(&text).unwrap().0, d);
    }
    assert!(!share::is_link("snapshot/"));
    assert!(!share::is_link("vx.abc"));
}

#[test]
fn unknown_members_are_ignored_and_missing_ones_default() {
    let json = r#"{"t":{"v":[{"id":"vpc-1","c":["10.0.0.0/16"],"future":{"a":1}}],"zz":[1,2]},
                   "f":[{"f":"i-1","t":"8.8.8.8","color":"red"}],"new_top_level":true}"#;
    let (d, findings) = share::decode(&format!("v1.{}", pack(json))).unwrap();
    assert!(findings.is_empty());
    assert_eq!(d.topology.vpcs[0].id, "vpc-1");
    assert!(
        d.topology.vpcs[0].enable_dns_support,
        "absent `ds` is AWS's default, true"
    );
    assert_eq!(d.flows[0].spec.to, "8.8.8.8");
    assert_eq!(
        share::decode(&format!("v1.{}", pack("{}"))).unwrap().0,
        Diagram::default()
    );
}

#[test]
fn references_are_object_indexes_and_a_bad_index_is_a_finding() {
    let json = r#"{"t":{"v":[{"id":"vpc-a"}],"s":[{"id":"subnet-a","v":0},{"id":"subnet-b","v":"vpc-elsewhere"},{"id":"subnet-c","v":7}]}}"#;
    let (d, findings) = share::decode(&format!("v1.{}", pack(json))).unwrap();
    let vpcs: Vec<&str> = d
        .topology
        .subnets
        .iter()
        .map(|s| s.vpc_id.as_str())
        .collect();
    assert_eq!(vpcs, ["vpc-a", "vpc-elsewhere", ""]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, share::codes::BAD_REFERENCE);
    // And the writer uses indexes for ids of the diagram, names for the rest.
    let doc = vpclab_core::share::v1::Doc::from_diagram(&d);
    assert_eq!(
        serde_json::to_string(&doc.topology.subnets).unwrap(),
        r#"[{"id":"subnet-a","v":0},{"id":"subnet-b","v":"vpc-elsewhere"},{"id":"subnet-c"}]"#
    );
}

#[test]
fn a_selected_flow_that_does_not_exist_is_a_finding() {
    let (d, findings) = share::decode(&format!(
        "v1.{}",
        pack(r#"{"f":[{"f":"a","t":"b"}],"s":3}"#)
    ))
    .unwrap();
    assert_eq!(d.selected_flow, None);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, share::codes::SELECTED_FLOW);
    assert_eq!(findings[0].to_string(), "warning [SHARE_SELECTED_FLOW] link.selected_flow: the link selects flow 4 but holds 1 flows; nothing is selected");
}

/// The table of bad links: input → the exact message.
#[test]
fn bad_links_give_clear_messages() {
    let bomb = {
        // 2 MiB of spaces inside a valid document deflate to about 2 KB.
        let json = format!("{{\"t\":{{}}{}}}", " ".repeat(2 * 1024 * 1024));
        format!("v1.{}", pack(&json))
    };
    let many_flows = format!(
        "v1.{}",
        pack(&format!("{{\"f\":[{}]}}", vec!["{}"; 1001].join(",")))
    );
    let cut_at_4 = {
        let full = share::encode(&default_example());
        let payload = &full[3..];
        format!("v1.{}", &payload[..payload.len() / 2 / 4 * 4])
    };
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "the share link is empty"),
        ("https://example.org/vpclab/#".into(), "the share link is empty"),
        ("hello".into(), "`hello` is not a VPC Lab share link: expected `v1.` followed by the data"),
        ("#pako:eNqrVkrLz1eyUipKTM4sSlWqBQAuXgUK".into(), "`pako:eNqrVkrLz1eyUipKTM4sSlWqBQAuXgUK` is not a VPC Lab share link: expected `v1.` followed by the data"),
        ("v1".into(), "`v1` is not a VPC Lab share link: expected `v1.` followed by the data"),
        ("#v9.abc".into(), "unknown share-link version `v9`: this VPC Lab reads v1 (was the link made by a newer VPC Lab?)"),
        ("#v0.abc".into(), "unknown share-link version `v0`: this VPC Lab reads v1 (was the link made by a newer VPC Lab?)"),
        ("#v99999999999999999999.abc".into(), "unknown share-link version `v99999999999999999999`: this VPC Lab reads v1 (was the link made by a newer VPC Lab?)"),
        (format!("v1.{}", "A".repeat(70_000)), "the share link is 70003 characters long; at most 65536 are accepted"),
        ("v1.ab!cd".into(), "the share link's data is not base64url: unexpected character `!` at position 3 of the data"),
        ("v1.ab+cd".into(), "the share link's data is not base64url: unexpected character `+` at position 3 of the data"),
        ("v1.abcdé".into(), "the share link's data is not base64url: unexpected character `\\u{e9}` at position 5 of the data"),
        ("v1.abcde".into(), "the share link's data is not base64url: a payload of 5 characters cannot be base64url (was the link cut off?)"),
        ("v1.".into(), "the share link's data cannot be decompressed: the compressed data ends too early (was the link cut off?)"),
        ("v1.____".into(), "the share link's data cannot be decompressed: the compressed data is corrupt"),
        (cut_at_4, "the share link's data cannot be decompressed: the compressed data ends too early (was the link cut off?)"),
        ("v1.AAB".into(), "the share link's data is not base64url: the data cannot end with `B` (was the link cut off?)"),
        (bomb, "the share link's data decompresses to more than 1048576 bytes"),
        (format!("v1.{}", pack("not json")), "the share link's data is not a valid v1 diagram: expected a JSON object"),
        (format!("v1.{}", pack("[]")), "the share link's data is not a valid v1 diagram: expected a JSON object"),
        (format!("v1.{}", pack("")), "the share link's data is not a valid v1 diagram: expected a JSON object"),
        (format!("v1.{}", pack("{not json}")), "the share link's data is not a valid v1 diagram: key must be a string at line 1 column 2"),
        (format!("v1.{}", pack(r#"{"t":{"v":[]}"#)), "the share link's data is not a valid v1 diagram: EOF while parsing an object at line 1 column 13"),
        (format!("v1.{}", pack(r#"{"t":{"v":[{"c":["10.0.0.0/33"]}]}}"#)), "the share link's data is not a valid v1 diagram: invalid IP address syntax at line 1 column 30"),
        (format!("v1.{}", pack(r#"{"t":{"rt":[{"r":[{"t":"igw-1"}]}]}}"#)), "the share link's data is not a valid v1 diagram: missing field `d` at line 1 column 31"),
        (format!("v1.{}", pack(r#"{"f":[{"n":70000}]}"#)), "the share link's data is not a valid v1 diagram: invalid value: integer `70000`, expected u16 at line 1 column 16"),
        (format!("v1.{}", pack(r#"{"t":{"s":[{"v":-1}]}}"#)), "the share link's data is not a valid v1 diagram: object index -1 is out of range at line 1 column 18"),
        (format!("v1.{}", pack(r#"{"t":{"s":[{"v":true}]}}"#)), "the share link's data is not a valid v1 diagram: invalid type: boolean `true`, expected an object index or an id at line 1 column 20"),
        (format!("v1.{}", pack(&format!("{{\"t\":{{\"res\":[{{\"po\":{}1{}}}]}}}}", "[".repeat(200), "]".repeat(200)))), "the share link's data is not a valid v1 diagram: nested more than 128 levels deep (at most 128 levels of `[` and `{` are read) at line 1 column 143"),
        (format!("v1.{}", pack_bytes(b"{\"t\":{\"n\":\"caf\xe9\"}}")), "the share link's data is not a valid v1 diagram: it is not UTF-8 text: byte 0xE9 at offset 14 is not valid UTF-8"),
        (format!("v1.{}", pack_bytes(b"\xff\xfe{\0}\0")), "the share link's data is not a valid v1 diagram: it is UTF-16 text (little-endian byte-order mark at offset 0), not UTF-8"),
        (format!("v1.{}", pack_bytes(b"{\0\"\0t\0\"\0:\0{\0}\0}\0")), "the share link's data is not a valid v1 diagram: it looks like UTF-16 text (little-endian, without a byte-order mark: a NUL byte beside every character), not UTF-8"),
        (format!("v1.{}", pack_bytes(b"{\x01\x02\x03\x04\x05\x06\0")), "the share link's data is not a valid v1 diagram: it is not text (binary data?): it holds a NUL byte at offset 7"),
        (many_flows, "the share link holds 1001 flows; at most 1000 are accepted"),
    ];
    let mut failures = Vec::new();
    for (input, expected) in &cases {
        match share::decode(input) {
            Ok(_) => failures.push(format!("{input:.60}: decoded, expected `{expected}`")),
            Err(e) if e.to_string() == *expected => {}
            Err(e) => failures.push(format!(
                "{input:.60}:\n    got      {e}\n    expected {expected}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn too_many_resources_and_positions() {
    let subnets = format!(
        "{{\"t\":{{\"s\":[{}]}}}}",
        vec!["{}"; share::MAX_OBJECTS + 1].join(",")
    );
    assert_eq!(
        share::decode(&format!("v1.{}", pack(&subnets))).unwrap_err(),
        ShareDecodeError::TooMany {
            what: "resources",
            count: share::MAX_OBJECTS + 1,
            max: share::MAX_OBJECTS
        }
    );
    let positions: Vec<String> = (0..=share::MAX_POSITIONS)
        .map(|i| format!("\"n{i}\":[0,0]"))
        .collect();
    let layout = format!("{{\"l\":{{{}}}}}", positions.join(","));
    assert!(matches!(
        share::decode(&format!("v1.{}", pack(&layout))).unwrap_err(),
        ShareDecodeError::TooMany {
            what: "layout positions",
            ..
        }
    ));
}

#[test]
fn positions_are_written_compactly_and_read_exactly() {
    let mut d = Diagram::default();
    d.layout.insert("a", Point::new(120.0, -40.0));
    d.layout.insert("b", Point::new(0.1 + 0.2, 1e-300));
    d.layout.insert("c", Point::new(f64::NAN, f64::INFINITY));
    let json = serde_json::to_string(&vpclab_core::share::v1::Doc::from_diagram(&d)).unwrap();
    assert_eq!(
        json,
        r#"{"l":{"a":[120,-40],"b":[0.30000000000000004,1e-300],"c":[0,0]}}"#
    );
    let back = share::decode(&share::encode(&d)).unwrap().0;
    assert_eq!(back.layout.get("b"), Some(Point::new(0.1 + 0.2, 1e-300)));
    assert_eq!(
        back.layout.get("c"),
        Some(Point::new(0.0, 0.0)),
        "non-finite positions are written as 0"
    );
}

// ------------------------------------------------------------------------------------------------------------
// Property: decode(encode(d)) == d.

fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[a-z0-9:.-]{0,12}", 1 => any::<String>()]
}

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-2000i32..4000).prop_map(f64::from),
        proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
    ]
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        text().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(text(), inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn endpoint_state() -> impl Strategy<Value = EndpointState> {
    prop_oneof![
        Just(EndpointState::Available),
        Just(EndpointState::PendingAcceptance),
        Just(EndpointState::Pending),
        Just(EndpointState::Rejected),
        Just(EndpointState::Failed),
        Just(EndpointState::Expired),
        Just(EndpointState::Deleting),
        text().prop_map(EndpointState::Other),
    ]
}

fn flow() -> impl Strategy<Value = Flow> {
    (
        text(),
        text(),
        proptest::option::of(text()),
        proptest::option::of(any::<u16>()),
        proptest::option::of(text()),
        proptest::option::of(finite()),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(
            |(from, to, protocol, port, region, gb_per_month, action, label)| Flow {
                label,
                spec: FlowSpec {
                    from,
                    to,
                    protocol,
                    port,
                    region: region.clone(),
                    gb_per_month,
                    action,
                    resource: region.map(|r| format!("arn:aws:s3:::{r}")),
                    principal: None,
                    // The rate rides on the volume's value so the round trip covers both new fields.
                    gbps: gb_per_month.map(|g| g / 1000.0),
                    connections: port.map(u64::from),
                },
            },
        )
}

prop_compose! {
    fn diagram()(
        vpcs in 1usize..4,
        subnets in 1usize..5,
        name in proptest::option::of(text()),
        extra_ids in prop::collection::vec(text(), 0..4),
        xs in prop::collection::vec((finite(), finite()), 0..40),
        flows in prop::collection::vec(flow(), 0..4),
        selected in any::<prop::sample::Index>(),
        select in any::<bool>(),
        state in endpoint_state(),
        policy in proptest::option::of(prop::collection::btree_map(text(), json_value(), 0..3).prop_map(|m| serde_json::Value::Object(m.into_iter().collect()))),
        bpa in 0u8..3,
        dns in any::<(bool, bool)>(),
        nacl in (any::<u32>(), any::<bool>(), proptest::option::of(any::<(u16, u16)>()), proptest::option::of(any::<i32>())),
        price_version in proptest::option::of(text()),
    ) -> Diagram {
        let mut t = synth::generate(vpcs, subnets);
        t.name = name;
        t.vpcs[0].block_public_access = [BlockPublicAccess::Off, BlockPublicAccess::Bidirectional, BlockPublicAccess::IngressOnly][bpa as usize];
        (t.vpcs[0].enable_dns_support, t.vpcs[0].enable_dns_hostnames) = dns;
        t.vpc_endpoints[0].state = state;
        t.vpc_endpoints[0].policy = policy;
        t.network_acls.push(NetworkAcl {
            id: "acl-1".into(),
            vpc_id: t.vpcs[0].id.clone(),
            default: nacl.1,
            subnet_ids: vec![],
            entries: vec![NaclEntry {
                rule_number: nacl.0,
                egress: nacl.1,
                protocol: "6".into(),
                action: if nacl.1 { RuleAction::Deny } else { RuleAction::Allow },
                cidr: "10.0.0.0/8".parse().unwrap(),
                port_range: nacl.2,
                icmp_type: nacl.3,
                icmp_code: nacl.3.map(|c| c / 2),
            }],
        });
        let mut ids: Vec<String> = t.subnets.iter().map(|s| s.id.clone()).chain(t.instances.iter().map(|i| i.id.clone())).collect();
        ids.extend(extra_ids);
        let mut layout = Layout::default();
        for (i, (x, y)) in xs.into_iter().enumerate() {
            layout.insert(ids[i % ids.len()].clone(), Point::new(x, y));
        }
        let selected_flow = (select && !flows.is_empty()).then(|| selected.index(flows.len()));
        Diagram { topology: t, layout, flows, selected_flow, price_version }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn decode_inverts_encode(d in diagram()) {
        let link = share::encode(&d);
        let (back, findings) = share::decode(&link).unwrap();
        prop_assert!(findings.is_empty());
        prop_assert_eq!(&back, &d);
        prop_assert_eq!(share::encode(&back), link);
    }

    #[test]
    fn decode_never_panics_on_mangled_links(d in diagram(), cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>(), c in any::<char>()) {
        let link = share::encode(&d);
        let _ = share::decode(&link[..cut.index(link.len())]);
        let mut chars: Vec<char> = link.chars().collect();
        let i = flip.index(chars.len());
        chars[i] = c;
        let _ = share::decode(&chars.into_iter().collect::<String>());
    }
}

/// The built-in gallery diagrams (what the app opens) against the general budget of `conventions.md` §4.2.
#[test]
fn gallery_links_fit_the_general_budget() {
    for e in vpclab_core::gallery::examples() {
        let (model_json, dto_json, link) = sizes(&e.diagram);
        println!(
            "share link size: gallery `{}`: {} positions; model JSON {model_json} B, v1 JSON {dto_json} B, fragment {link} chars",
            e.id,
            e.diagram.layout.len()
        );
        assert!(link <= 2_000, "gallery `{}`: {link} chars", e.id);
        assert_eq!(
            share::decode(&share::encode(&e.diagram)).unwrap().0,
            e.diagram
        );
    }
}
