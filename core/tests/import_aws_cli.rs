//! The AWS snapshot importer on real snapshots (Batfish's, `tests/fixtures/aws-cli/`, Apache-2.0) and on small
//! hand-written documents for each quirk.
//!
//! The fixture tests are data-driven: [`check_snapshot`] imports a folder and compares a one-screen summary with
//! the expectation written next to it. Set `UPDATE_EXPECT=1` to print every actual summary.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use vpclab_core::import::aws_cli::{codes, import_documents, ImportError};
use vpclab_core::model::*;
use vpclab_core::{Diagnostic, Severity};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/aws-cli")
}

/// Every `*.json` under `root`, as `(path relative to root, text)`, in path order — what the CLI passes.
fn load_folder(root: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|e| e == "json") {
                let rel = p
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).expect("fixture text")));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out
}

fn import_snapshot(name: &str) -> (Topology, Vec<Diagnostic>) {
    let docs = load_folder(&fixtures().join(name).join("aws_configs"));
    assert!(!docs.is_empty(), "no fixture files for {name}");
    import_documents(&docs, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn import(docs: &[(&str, &str)]) -> (Topology, Vec<Diagnostic>) {
    let docs: Vec<(String, String)> = docs
        .iter()
        .map(|(l, t)| (l.to_string(), t.to_string()))
        .collect();
    import_documents(&docs, None).unwrap_or_else(|e| panic!("{e}"))
}

fn codes_of(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

/// A stable one-screen summary of an import.
fn summary(t: &Topology, diags: &[Diagnostic]) -> String {
    let routes: usize = t.route_tables.iter().map(|r| r.routes.len()).sum();
    let entries: usize = t.network_acls.iter().map(|n| n.entries.len()).sum();
    let mut lines = vec![
        format!("region {}", t.region.as_deref().unwrap_or("-")),
        format!(
            "vpcs {} subnets {} route_tables {} routes {} igws {} nats {} instances {} enis {} sgs {} nacls {} nacl_entries {}",
            t.vpcs.len(),
            t.subnets.len(),
            t.route_tables.len(),
            routes,
            t.internet_gateways.len(),
            t.nat_gateways.len(),
            t.instances.len(),
            t.network_interfaces.len(),
            t.security_groups.len(),
            t.network_acls.len(),
            entries
        ),
        format!(
            "prefix_lists {} endpoints {} services {} peerings {} tgws {} tgw_attachments {} tgw_tables {} vgws {} cgws {} vpns {} lbs {}",
            t.prefix_lists.len(),
            t.vpc_endpoints.len(),
            t.endpoint_services.len(),
            t.peering_connections.len(),
            t.transit_gateways.len(),
            t.transit_gateway_attachments.len(),
            t.transit_gateway_route_tables.len(),
            t.vpn_gateways.len(),
            t.customer_gateways.len(),
            t.vpn_connections.len(),
            t.load_balancers.len()
        ),
    ];
    for v in &t.vpcs {
        let cidrs: Vec<String> = v.cidr_blocks.iter().map(ToString::to_string).collect();
        lines.push(format!(
            "{} {} {}",
            v.id,
            v.region.as_deref().unwrap_or("-"),
            cidrs.join(",")
        ));
    }
    let mut by_code: std::collections::BTreeMap<String, usize> = Default::default();
    for d in diags {
        *by_code
            .entry(format!("{:?}:{}", d.severity, d.code))
            .or_default() += 1;
    }
    let diag: Vec<String> = by_code.iter().map(|(c, n)| format!("{c}={n}")).collect();
    lines.push(format!(
        "diagnostics {}",
        if diag.is_empty() {
            "none".to_string()
        } else {
            diag.join(" ")
        }
    ));
    lines.join("\n")
}

#[track_caller]
fn check_snapshot(name: &str, expect: &str) {
    let (t, diags) = import_snapshot(name);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{name}: import errors: {diags:#?}"
    );
    let actual = summary(&t, &diags);
    let expect = expect.trim();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        println!("---- {name}\n{actual}");
    }
    if std::env::var_os("UPDATE_EXPECT").is_none() {
        assert_eq!(
            actual, expect,
            "\n{name}: summary differs; actual:\n{actual}\n"
        );
    }
}

// ------------------------------------------------------------------------------------------------------------------
// The ten Batfish snapshots

#[test]
fn batfish_snapshots_import_cleanly() {
    let cases: &[(&str, &str)] = &[
        (
            "test-subnet",
            r#"
region us-east-2
vpcs 1 subnets 1 route_tables 1 routes 1 igws 0 nats 0 instances 2 enis 2 sgs 3 nacls 1 nacl_entries 4
prefix_lists 0 endpoints 0 services 0 peerings 0 tgws 0 tgw_attachments 0 tgw_tables 0 vgws 0 cgws 0 vpns 0 lbs 0
vpc-062867d29dbf9386f us-east-2 10.10.0.0/16
diagnostics Warning:IMPORT_UNKNOWN_KEY=1
"#,
        ),
        (
            "test-public-subnet",
            r#"
region us-east-2
vpcs 1 subnets 1 route_tables 2 routes 3 igws 1 nats 0 instances 1 enis 1 sgs 2 nacls 1 nacl_entries 4
prefix_lists 0 endpoints 0 services 0 peerings 0 tgws 0 tgw_attachments 0 tgw_tables 0 vgws 0 cgws 0 vpns 0 lbs 0
vpc-0672bce73895d7252 us-east-2 10.0.0.0/16
diagnostics Warning:IMPORT_UNKNOWN_KEY=1
"#,
        ),
        (
            "test-public-private-subnet",
            r#"
region us-east-2
vpcs 1 subnets 2 route_tables 2 routes 4 igws 1 nats 0 instances 2 enis 2 sgs 3 nacls 1 nacl_entries 4
prefix_lists 0 endpoints 0 services 0 peerings 0 tgws 0 tgw_attachments 0 tgw_tables 0 vgws 1 cgws 1 vpns 1 lbs 0
vpc-0b966fdeb36d5e43f us-east-2 10.0.0.0/16
diagnostics Warning:IMPORT_UNKNOWN_KEY=1
"#,
        ),
        (
            "test-nat-gateway",
            r#"
region us-east-2
vpcs 1 subnets 3 route_tables 3 routes 5 igws 1 nats 1 instances 3 enis 4 sgs 3 nacls 2 nacl_entries 9
prefix_lists 0 endpoints 0 services 0 peerings 0 tgws 0 tgw_attachments 0 tgw_tables 0 vgws 0 cgws 0 vpns 0 lbs 0
vpc-0008a7b45e3ddf1dd us-east-2 10.1.0.0/16
diagnostics none
"#,
        ),
        (
            "test-vpc-endpoint-gateway",
            r#"
region us-east-1
vpcs 1 subnets 2 route_tables 3 routes 6 igws 1 nats 0 instances 2 enis 2 sgs 2 nacls 2 nacl_entries 8
prefix_lists 2 endpoints 1 services 1 peerings 0 tgws 0 tgw_attachments 0 tgw_tables 0 vgws 0 cgws 0 vpns 0 lbs 0
vpc-05d56c7295fca139b us-east-1 10.1.0.0/16
diagnostics Warning:IMPORT_UNKNOWN_KEY=5
"#,
        ),
        (
            "test-vpc-endpoint-interface",
            r#"
region us-east-1
vpcs 1 subnets 2 route_tables 2 routes 3 igws 1 nats 0 instances 2 enis 3 sgs 2 nacls 2 nacl_entries 8
prefix_lists 2 endpoints 1 services 1 peerings 0 tgws 0 tgw_attachments 0 tgw_tables 0 vgws 0 cgws 0 vpns 0 lbs 0
vpc-072d45b801aeffef2 us-east-1 10.1.0.0/16
diagnostics Warning:IMPORT_UNKNOWN_KEY=5
"#,
        ),
        (
            "test-vpc-peering",
            r#"
region us-east-2
vpcs 3 subnets 3 route_tables 3 routes 8 igws 0 nats 0 instances 3 enis 3 sgs 6 nacls 3 nacl_entries 12
prefix_lists 0 endpoints 0 services 0 peerings 2 tgws 0 tgw_attachments 0 tgw_tables 0 vgws 0 cgws 0 vpns 0 lbs 0
vpc-00a31ce9d0c06675c us-east-2 192.168.0.0/16
vpc-09095dbf2886404ee us-east-2 192.168.0.0/16
vpc-0404e08ceddf7f650 us-east-2 10.10.0.0/16
diagnostics Warning:IMPORT_UNKNOWN_KEY=1
"#,
        ),
        (
            "test-transit-gateway",
            r#"
region us-east-2
vpcs 2 subnets 3 route_tables 2 routes 5 igws 1 nats 0 instances 3 enis 5 sgs 5 nacls 2 nacl_entries 8
prefix_lists 0 endpoints 0 services 0 peerings 0 tgws 1 tgw_attachments 2 tgw_tables 1 vgws 0 cgws 1 vpns 0 lbs 0
vpc-00a31ce9d0c06675c us-east-2 192.168.0.0/16
vpc-0404e08ceddf7f650 us-east-2 10.10.0.0/16
diagnostics Info:IMPORT_INACTIVE=3 Warning:IMPORT_UNKNOWN_KEY=3
"#,
        ),
        (
            "test-transit-gateway-multi-table",
            r#"
region us-east-2
vpcs 2 subnets 3 route_tables 2 routes 5 igws 1 nats 0 instances 3 enis 5 sgs 5 nacls 2 nacl_entries 8
prefix_lists 0 endpoints 0 services 0 peerings 0 tgws 1 tgw_attachments 2 tgw_tables 2 vgws 1 cgws 1 vpns 0 lbs 0
vpc-00a31ce9d0c06675c us-east-2 192.168.0.0/16
vpc-0404e08ceddf7f650 us-east-2 10.10.0.0/16
diagnostics Warning:IMPORT_UNKNOWN_KEY=3
"#,
        ),
        (
            "test-vpn-gateway",
            r#"
region us-east-2
vpcs 1 subnets 1 route_tables 1 routes 2 igws 0 nats 0 instances 1 enis 1 sgs 3 nacls 1 nacl_entries 4
prefix_lists 0 endpoints 0 services 0 peerings 0 tgws 0 tgw_attachments 0 tgw_tables 0 vgws 1 cgws 2 vpns 1 lbs 0
vpc-0b966fdeb36d5e43f us-east-2 10.0.0.0/16
diagnostics Info:IMPORT_INACTIVE=1 Warning:IMPORT_UNKNOWN_KEY=1
"#,
        ),
    ];
    for (name, expect) in cases {
        check_snapshot(name, expect);
    }
}

fn rtb<'a>(t: &'a Topology, id: &str) -> &'a RouteTable {
    t.route_tables
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn eni<'a>(t: &'a Topology, id: &str) -> &'a NetworkInterface {
    t.network_interfaces
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn net(s: &str) -> ipnet::IpNet {
    s.parse().expect("test CIDR")
}

fn ip(s: &str) -> IpAddr {
    s.parse().expect("test IP")
}

#[test]
fn gateway_endpoint_route_prefix_list_and_policy() {
    let (t, _) = import_snapshot("test-vpc-endpoint-gateway");
    for id in ["rtb-04f71fc2caa8d94cf", "rtb-0efde4139784b75b0"] {
        let r = rtb(&t, id);
        let route = r
            .routes
            .iter()
            .find(|r| r.destination == Destination::PrefixList("pl-63a5400a".into()))
            .expect("S3 route");
        assert_eq!(route.target, "vpce-0b7357542bb7b83ec");
        assert_eq!(TargetKind::of(&route.target), TargetKind::VpcEndpoint);
        assert_eq!(route.origin, RouteOrigin::Static);
    }
    assert!(rtb(&t, "rtb-04b2f3cdc92b48b05").main);
    assert_eq!(
        rtb(&t, "rtb-04f71fc2caa8d94cf").subnet_ids,
        vec!["subnet-01e5f0945f6d6f47c".to_string()]
    );
    let s3 = t
        .prefix_lists
        .iter()
        .find(|p| p.id == "pl-63a5400a")
        .expect("S3 list");
    assert_eq!(s3.name, "com.amazonaws.us-east-1.s3");
    assert_eq!(
        s3.cidrs,
        [
            "54.231.0.0/17",
            "52.216.0.0/15",
            "3.5.16.0/21",
            "3.5.0.0/20"
        ]
        .map(net)
        .to_vec()
    );
    assert!(s3.aws_managed);
    let e = &t.vpc_endpoints[0];
    assert_eq!(
        (e.kind, &e.state, e.private_dns_enabled),
        (EndpointKind::Gateway, &EndpointState::Available, false)
    );
    assert_eq!(e.route_table_ids.len(), 2);
    let policy = e
        .policy
        .as_ref()
        .expect("policy parsed from its JSON string");
    assert_eq!(policy["Version"], "2008-10-17");
    assert_eq!(policy["Statement"][0]["Effect"], "Allow");
    // Of the 77 AWS services in the catalogue, only the one an endpoint uses is kept.
    assert_eq!(t.endpoint_services.len(), 1);
    assert_eq!(
        t.endpoint_services[0].service_name,
        "com.amazonaws.us-east-1.s3"
    );
    assert_eq!(t.endpoint_services[0].kind, EndpointKind::Gateway);
    assert_eq!(t.endpoint_services[0].owner.as_deref(), Some("amazon"));
}

#[test]
fn interface_endpoint_eni() {
    let (t, _) = import_snapshot("test-vpc-endpoint-interface");
    let e = eni(&t, "eni-0084b734451ba23ca");
    assert_eq!(e.private_ips, vec![ip("10.1.101.97")]);
    assert_eq!(e.kind, InterfaceKind::VpcEndpoint);
    assert_eq!(e.attached_to.as_deref(), Some("vpce-083c683a6be29b889"));
    assert_eq!(e.subnet_id, "subnet-0bb8615d8368ece31");
    let ep = &t.vpc_endpoints[0];
    assert_eq!(ep.kind, EndpointKind::Interface);
    assert!(ep.private_dns_enabled);
    assert_eq!(
        ep.network_interface_ids,
        vec!["eni-0084b734451ba23ca".to_string()]
    );
    assert_eq!(
        ep.security_group_ids,
        vec!["sg-0973207c61f3466e1".to_string()]
    );
    assert_eq!(ep.dns_names.len(), 3);
    assert!(
        ep.policy
            .as_ref()
            .is_some_and(|p| p["Statement"][0]["Action"] == "*"),
        "pretty-printed policy string parsed"
    );
    let web = t
        .instances
        .iter()
        .find(|i| i.id == "i-0eb6eb395a0d09117")
        .expect("instance");
    assert_eq!(web.public_ip, Some("3.86.201.253".parse().expect("ip")));
    assert_eq!(
        web.network_interface_ids,
        vec!["eni-03ffdf7beb0ee9a00".to_string()]
    );
}

#[test]
fn nat_gateway_and_its_eni() {
    let (t, _) = import_snapshot("test-nat-gateway");
    let nat = &t.nat_gateways[0];
    assert_eq!(nat.id, "nat-07ab4846da51f4612");
    assert_eq!(nat.public_ip, Some("3.135.127.225".parse().expect("ip")));
    assert_eq!(nat.private_ip, Some("10.1.250.210".parse().expect("ip")));
    assert_eq!(nat.eni_id.as_deref(), Some("eni-017aaec115610308a"));
    let e = eni(&t, "eni-017aaec115610308a");
    assert_eq!(
        (e.kind, e.attached_to.as_deref()),
        (InterfaceKind::NatGateway, Some("nat-07ab4846da51f4612"))
    );
    let to_nat = t
        .route_tables
        .iter()
        .flat_map(|r| &r.routes)
        .filter(|r| r.target == "nat-07ab4846da51f4612")
        .count();
    assert_eq!(to_nat, 1);
}

#[test]
fn peering_blackhole_and_disassociated_cidrs() {
    let (t, _) = import_snapshot("test-vpc-peering");
    // 192.169.0.0/16 was disassociated from VPC B and C: not part of the VPC any more.
    assert!(t
        .vpcs
        .iter()
        .all(|v| !v.cidr_blocks.contains(&net("192.169.0.0/16"))));
    assert!(t
        .vpcs
        .iter()
        .all(|v| !v.cidr_blocks.contains(&net("10.11.0.0/16"))));
    let blackhole: Vec<&Route> = t
        .route_tables
        .iter()
        .flat_map(|r| &r.routes)
        .filter(|r| r.state == RouteState::Blackhole)
        .collect();
    assert_eq!(blackhole.len(), 1);
    assert_eq!(blackhole[0].target, "igw-0a2c9ae201b441bff");
    let pcx = t
        .peering_connections
        .iter()
        .find(|p| p.id == "pcx-0b89b559e3319d6cf")
        .expect("A-B");
    assert_eq!(pcx.status.as_deref(), Some("active"));
    assert_eq!(pcx.accepter_cidrs, vec![net("192.168.0.0/16")]);
    let to_pcx = t
        .route_tables
        .iter()
        .flat_map(|r| &r.routes)
        .filter(|r| TargetKind::of(&r.target) == TargetKind::PeeringConnection)
        .count();
    assert!(to_pcx >= 2);
}

#[test]
fn transit_gateway_tables_and_inactive_resources() {
    let (t, diags) = import_snapshot("test-transit-gateway");
    assert_eq!(
        t.transit_gateways[0].region.as_deref(),
        Some("us-east-2"),
        "region from the TGW ARN"
    );
    assert_eq!(
        t.transit_gateways[0].default_route_table_id.as_deref(),
        Some("tgw-rtb-0fa40c8df355dce6e")
    );
    let table = &t.transit_gateway_route_tables[0];
    assert_eq!(table.associations.len(), 2);
    assert_eq!(table.propagations.len(), 2);
    let a = t
        .transit_gateway_attachments
        .iter()
        .find(|a| a.id == "tgw-attach-07f5ec59e9f540021")
        .expect("A");
    assert_eq!(
        (a.kind, a.resource_id.as_str()),
        (TgwAttachmentKind::Vpc, "vpc-0404e08ceddf7f650")
    );
    assert_eq!(a.subnet_ids, vec!["subnet-006a19c846f047bd7".to_string()]);
    // Deleted VPN + its deleted attachment, terminated instance: left out, each with an info diagnostic.
    assert!(t
        .transit_gateway_attachments
        .iter()
        .all(|a| a.id != "tgw-attach-0d724909ecd7a5961"));
    assert!(t.vpn_connections.is_empty());
    assert!(t.instances.iter().all(|i| i.id != "i-04a292ff83b3aa833"));
    assert_eq!(
        diags.iter().filter(|d| d.code == codes::INACTIVE).count(),
        3
    );
    // The EIP in Addresses.json is the instance's public address.
    assert_eq!(
        eni(&t, "eni-0024c0af5aa1387e5").public_ip,
        Some("3.136.41.161".parse().expect("ip"))
    );
    let tgw_eni = eni(&t, "eni-00f08ecf4f651037c");
    assert_eq!(
        (tgw_eni.kind, tgw_eni.attached_to.as_deref()),
        (
            InterfaceKind::TransitGateway,
            Some("tgw-attach-07f5ec59e9f540021")
        )
    );
    let to_tgw = t
        .route_tables
        .iter()
        .flat_map(|r| &r.routes)
        .filter(|r| r.target == "tgw-044be4464fcc69aff")
        .count();
    assert!(to_tgw >= 1);
}

#[test]
fn transit_gateway_multi_table_associations_and_propagations() {
    let (t, _) = import_snapshot("test-transit-gateway-multi-table");
    let table = |id: &str| {
        t.transit_gateway_route_tables
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let a = table("tgw-rtb-0fa40c8df355dce6e");
    assert_eq!(
        a.associations,
        vec!["tgw-attach-07f5ec59e9f540021".to_string()]
    );
    assert_eq!(
        a.propagations,
        vec!["tgw-attach-0ae2696617bb06fb4".to_string()]
    );
    let b = table("tgw-rtb-096a7119299ab1c42");
    assert_eq!(
        b.associations,
        vec!["tgw-attach-0ae2696617bb06fb4".to_string()]
    );
    assert_eq!(
        b.propagations,
        vec!["tgw-attach-07f5ec59e9f540021".to_string()]
    );
    assert!(t
        .transit_gateway_route_tables
        .iter()
        .all(|r| r.transit_gateway_id == "tgw-044be4464fcc69aff" && r.routes.is_empty()));
}

#[test]
fn vpn_tunnels_static_routes_and_bgp() {
    let (t, _) = import_snapshot("test-vpn-gateway");
    let vpn = &t.vpn_connections[0];
    assert_eq!(vpn.id, "vpn-03701a53bba3c48b7");
    assert!(vpn
        .tunnel_outside_ips
        .contains(&"18.217.248.9".parse().expect("ip")));
    assert_eq!(vpn.tunnel_outside_ips.len(), 2);
    assert!(!vpn.static_routes_only);
    assert_eq!(
        vpn.customer_gateway_id.as_deref(),
        Some("cgw-07affe708bb0e5fb6")
    );
    assert_eq!(
        t.vpn_gateways[0].vpc_id.as_deref(),
        Some("vpc-0b966fdeb36d5e43f")
    );
    assert_eq!(
        t.customer_gateways[0].bgp_asn,
        Some(65000),
        "BgpAsn is a string in AWS output"
    );

    let (t, _) = import_snapshot("test-public-private-subnet");
    let vpn = &t.vpn_connections[0];
    assert!(vpn.static_routes_only);
    assert_eq!(vpn.static_routes, vec![net("19.168.0.0/16")]);
    assert_eq!(
        rtb(&t, "rtb-002f0eabf583bf991").propagating_vgws,
        vec!["vgw-070087240d6fa2989".to_string()]
    );
}

#[test]
fn instances_have_their_enis_and_public_ips() {
    let (t, _) = import_snapshot("test-public-subnet");
    let i = &t.instances[0];
    assert_eq!(i.id, "i-06669a407b2ef3ae5");
    assert_eq!(i.public_ip, Some("18.216.80.133".parse().expect("ip")));
    assert_eq!(i.private_ip, Some(ip("10.0.0.91")));
    assert_eq!(
        i.network_interface_ids,
        vec!["eni-00064850627e198ee".to_string()]
    );
    let e = eni(&t, "eni-00064850627e198ee");
    assert_eq!(
        (e.attached_to.as_deref(), e.public_ip),
        (Some("i-06669a407b2ef3ae5"), i.public_ip)
    );
}

#[test]
fn snapshot_round_trips_through_topology_json() {
    for name in [
        "test-vpc-endpoint-gateway",
        "test-transit-gateway-multi-table",
        "test-vpn-gateway",
    ] {
        let (t, _) = import_snapshot(name);
        let back = Topology::from_json(&t.to_json()).expect("own JSON parses");
        assert_eq!(back, t, "{name}");
    }
}

#[test]
fn multi_account_layout_names_region_and_owner() {
    let root = fixtures().join("test-vpc-peering").join("aws_configs");
    let docs: Vec<(String, String)> = load_folder(&root)
        .into_iter()
        .map(|(p, text)| {
            (
                format!("aws_configs/accounts/123456789012/eu-west-3/{p}"),
                text,
            )
        })
        .collect();
    let (t, _) = import_documents(&docs, Some("us-west-2")).expect("imports");
    assert_eq!(
        t.region.as_deref(),
        Some("eu-west-3"),
        "the folder wins over the AZs and the hint"
    );
    assert!(t
        .vpcs
        .iter()
        .all(|v| v.region.as_deref() == Some("eu-west-3")));
    assert!(
        t.vpcs
            .iter()
            .all(|v| v.owner_id.as_deref() == Some("554773406868")),
        "OwnerId wins over the path's account"
    );
}

// ------------------------------------------------------------------------------------------------------------------
// Quirks, one small document each

#[test]
fn region_from_az_then_hint() {
    let (t, d) = import(&[(
        "Subnets.json",
        r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "eu-north-1b"}]}"#,
    )]);
    assert_eq!(t.region.as_deref(), Some("eu-north-1"));
    assert!(d.is_empty(), "{d:?}");
    let docs = vec![(
        "Vpcs.json".to_string(),
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#.to_string(),
    )];
    let (t, d) = import_documents(&docs, Some("ap-south-1")).expect("imports");
    assert_eq!(
        (t.region.as_deref(), t.vpcs[0].region.as_deref()),
        (Some("ap-south-1"), Some("ap-south-1"))
    );
    assert!(d.is_empty(), "{d:?}");
    let (t, d) = import_documents(&docs, None).expect("imports");
    assert_eq!(t.region, None);
    assert_eq!(codes_of(&d), [codes::REGION]);
}

#[test]
fn pages_and_duplicates_merge_by_id() {
    let page1 = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, {"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16"}], "NextToken": "abc"}"#;
    let page2 = r#"{"Vpcs": [{"VpcId": "vpc-2", "CidrBlock": "10.2.0.0/16"}, {"VpcId": "vpc-3", "CidrBlock": "10.3.0.0/16"}]}"#;
    let (t, d) = import(&[("p1.json", page1), ("p2.json", page2)]);
    let ids: Vec<&str> = t.vpcs.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["vpc-1", "vpc-2", "vpc-3"]);
    assert_eq!(
        t.vpcs[1].cidr_blocks,
        vec![net("10.2.0.0/16")],
        "the later page wins"
    );
    assert!(d.iter().all(|d| d.code == codes::REGION));
    // Several pages pasted into one text.
    let (t, _) = import(&[("pasted", &format!("{page1}\n{page2}"))]);
    assert_eq!(t.vpcs.len(), 3);
}

#[test]
fn bare_arrays_and_single_objects() {
    let (t, _) = import(&[
        (
            "a.json",
            r#"[{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, {"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}]"#,
        ),
        (
            "b.json",
            r#"{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}], "Associations": [{"Main": true}]}"#,
        ),
        (
            "c.json",
            r#"{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"}]}"#,
        ),
    ]);
    assert_eq!(
        (
            t.vpcs.len(),
            t.subnets.len(),
            t.route_tables.len(),
            t.network_acls.len()
        ),
        (1, 1, 1, 1)
    );
    assert!(t.route_tables[0].main);
    assert_eq!(t.network_acls[0].entries.len(), 1);
}

#[test]
fn states_in_any_case_and_deleted_endpoints() {
    let doc = r#"{"VpcEndpoints": [
        {"VpcEndpointId": "vpce-1", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.us-east-1.s3", "VpcEndpointType": "gateway", "State": "AVAILABLE"},
        {"VpcEndpointId": "vpce-2", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "VpcEndpointType": "Interface", "State": "pendingAcceptance"},
        {"VpcEndpointId": "vpce-3", "VpcId": "vpc-1", "ServiceName": "x", "VpcEndpointType": "Interface", "State": "PendingAcceptance"},
        {"VpcEndpointId": "vpce-4", "VpcId": "vpc-1", "ServiceName": "x", "VpcEndpointType": "GatewayLoadBalancer", "State": "deleted"},
        {"VpcEndpointId": "vpce-5", "VpcId": "vpc-1", "ServiceName": "x", "VpcEndpointType": "Interface", "State": "Partial"}
    ]}"#;
    let (t, d) = import(&[("us-east-1/e.json", doc)]);
    let states: Vec<(&str, &EndpointState)> = t
        .vpc_endpoints
        .iter()
        .map(|e| (e.id.as_str(), &e.state))
        .collect();
    assert_eq!(
        states,
        [
            ("vpce-1", &EndpointState::Available),
            ("vpce-2", &EndpointState::PendingAcceptance),
            ("vpce-3", &EndpointState::PendingAcceptance),
            ("vpce-5", &EndpointState::Other("Partial".into()))
        ]
    );
    assert_eq!(t.vpc_endpoints[0].kind, EndpointKind::Gateway);
    assert_eq!(codes_of(&d), [codes::INACTIVE]);
}

#[test]
fn malformed_policy_is_a_diagnostic() {
    let doc = r#"{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcId": "vpc-1", "ServiceName": "s", "VpcEndpointType": "Gateway", "PolicyDocument": "{\"Statement\": ["},
                                    {"VpcEndpointId": "vpce-2", "VpcId": "vpc-1", "ServiceName": "s", "VpcEndpointType": "Gateway", "PolicyDocument": {"Statement": []}}]}"#;
    let (t, d) = import(&[("us-east-1/e.json", doc)]);
    assert_eq!(t.vpc_endpoints[0].policy, None);
    assert!(
        t.vpc_endpoints[1].policy.is_some(),
        "a policy given as an object is accepted"
    );
    let bad: Vec<&Diagnostic> = d.iter().filter(|d| d.code == codes::BAD_POLICY).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(
        (bad[0].subject.as_str(), bad[0].field.as_str()),
        ("vpce-1", "PolicyDocument")
    );
    assert!(
        bad[0].message.contains("us-east-1/e.json"),
        "{}",
        bad[0].message
    );
}

#[test]
fn both_prefix_list_shapes_and_managed_entries() {
    let old = r#"{"PrefixLists": [{"PrefixListId": "pl-63a5400a", "PrefixListName": "com.amazonaws.us-east-1.s3", "Cidrs": ["54.231.0.0/17"]}]}"#;
    let managed = r#"{"PrefixLists": [
        {"PrefixListId": "pl-0abc", "AddressFamily": "IPv4", "State": "create-complete", "PrefixListArn": "arn:aws:ec2:us-east-1:111122223333:prefix-list/pl-0abc", "PrefixListName": "corp", "MaxEntries": 10, "Version": 1, "OwnerId": "111122223333"},
        {"PrefixListId": "pl-63a5400a", "PrefixListName": "com.amazonaws.us-east-1.s3", "MaxEntries": 40, "OwnerId": "AWS", "State": "create-complete", "PrefixListArn": "arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a"},
        {"PrefixListId": "pl-0gone", "PrefixListName": "old", "MaxEntries": 5, "OwnerId": "111122223333", "State": "delete-complete"}
    ]}"#;
    let entries = r#"{"Entries": [{"Cidr": "10.0.0.0/8", "Description": "corp"}, {"Cidr": "192.168.0.0/16"}]}"#;
    let (t, d) = import(&[
        ("us-east-1/PrefixLists.json", old),
        ("us-east-1/ManagedPrefixLists.json", managed),
        ("us-east-1/entries-pl-0abc.json", entries),
    ]);
    assert_eq!(
        t.prefix_lists.len(),
        2,
        "same id merged, deleted list left out"
    );
    let s3 = &t.prefix_lists[0];
    assert_eq!((s3.aws_managed, s3.cidrs.len()), (true, 1));
    let corp = &t.prefix_lists[1];
    assert_eq!((corp.name.as_str(), corp.aws_managed), ("corp", false));
    assert_eq!(corp.cidrs, vec![net("10.0.0.0/8"), net("192.168.0.0/16")]);
    assert_eq!(codes_of(&d), [codes::INACTIVE]);

    // The owner written next to the entries; and entries with no owner at all.
    let (t, _) = import(&[(
        "e.json",
        r#"{"PrefixListId": "pl-1", "Entries": [{"Cidr": "10.0.0.0/8"}]}"#,
    )]);
    assert_eq!(t.prefix_lists[0].id, "pl-1");
    let (t, d) = import(&[
        ("x.json", r#"{"Entries": [{"Cidr": "10.0.0.0/8"}]}"#),
        ("v.json", r#"{"Vpcs": []}"#),
    ]);
    assert!(t.prefix_lists.is_empty());
    assert!(codes_of(&d).contains(&codes::DANGLING));
}

#[test]
fn route_targets_origins_and_states() {
    let doc = r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "PropagatingVgws": [{"GatewayId": "vgw-1"}], "Routes": [
        {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
        {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "Origin": "CreateRoute", "State": "blackhole"},
        {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "Origin": "CreateRoute", "State": "active"},
        {"DestinationCidrBlock": "172.16.0.0/12", "TransitGatewayId": "tgw-1", "Origin": "CreateRoute", "State": "active"},
        {"DestinationCidrBlock": "192.168.0.0/16", "VpcPeeringConnectionId": "pcx-1", "Origin": "CreateRoute", "State": "active"},
        {"DestinationCidrBlock": "100.64.0.0/16", "InstanceId": "i-1", "InstanceOwnerId": "1", "NetworkInterfaceId": "eni-1", "Origin": "CreateRoute", "State": "active"},
        {"DestinationCidrBlock": "19.168.0.0/16", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation", "State": "active"},
        {"DestinationCidrBlock": "20.0.0.0/8", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation", "State": "active"},
        {"DestinationCidrBlock": "30.0.0.0/8", "FancyGatewayId": "fgw-1", "Origin": "CreateRoute", "State": "active"},
        {"DestinationCidrBlock": "31.0.0.0/8", "GatewayId": "igw-1", "Origin": "CreateRoute", "State": "filtered"},
        {"DestinationCidrBlock": "10.0.0.0/33", "GatewayId": "igw-1"},
        {"GatewayId": "igw-1"}
    ]}]}"#;
    let vpn = r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "VpnGatewayId": "vgw-1", "State": "available", "Options": {"StaticRoutesOnly": true}, "Routes": [{"DestinationCidrBlock": "19.168.0.0/16", "State": "available"}]}]}"#;
    let (t, d) = import(&[
        ("us-east-1/RouteTables.json", doc),
        ("us-east-1/VpnConnections.json", vpn),
    ]);
    let r = &t.route_tables[0].routes;
    let got: Vec<(String, &str, RouteState, RouteOrigin)> = r
        .iter()
        .map(|r| {
            (
                r.destination.to_string(),
                r.target.as_str(),
                r.state,
                r.origin,
            )
        })
        .collect();
    use RouteOrigin::*;
    use RouteState::*;
    assert_eq!(
        got,
        vec![
            ("10.0.0.0/16".to_string(), "local", Active, Static),
            ("0.0.0.0/0".to_string(), "nat-1", Blackhole, Static),
            ("::/0".to_string(), "eigw-1", Active, Static),
            ("172.16.0.0/12".to_string(), "tgw-1", Active, Static),
            ("192.168.0.0/16".to_string(), "pcx-1", Active, Static),
            ("100.64.0.0/16".to_string(), "eni-1", Active, Static),
            (
                "19.168.0.0/16".to_string(),
                "vgw-1",
                Active,
                PropagatedVpnStatic
            ),
            ("20.0.0.0/8".to_string(), "vgw-1", Active, PropagatedVpnBgp),
            ("30.0.0.0/8".to_string(), "fgw-1", Active, Static),
        ]
    );
    let unknown = d
        .iter()
        .find(|d| d.code == codes::UNKNOWN_FIELD)
        .expect("unknown route member reported");
    assert!(
        unknown.message.contains("`FancyGatewayId`") && unknown.field == "RouteTables[].Routes[]",
        "{unknown:?}"
    );
    let bad: Vec<&str> = d
        .iter()
        .filter(|d| d.code == codes::BAD_VALUE)
        .map(|d| d.field.as_str())
        .collect();
    assert_eq!(bad, ["Routes[10].DestinationCidrBlock", "Routes[11]"]);
    assert!(
        codes_of(&d).contains(&codes::INACTIVE),
        "filtered route reported"
    );
}

#[test]
fn vpc_attributes_defaults_and_block_public_access() {
    let vpcs = r#"{"Vpcs": [
        {"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "IsDefault": false, "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18::/56", "Ipv6CidrBlockState": {"State": "associated"}}],
         "BlockPublicAccessStates": {"InternetGatewayBlockMode": "block-ingress"}},
        {"VpcId": "vpc-2", "CidrBlock": "172.31.0.0/16", "IsDefault": true},
        {"VpcId": "vpc-3", "CidrBlock": "10.3.0.0/16"}
    ]}"#;
    let (t, d) = import(&[
        ("us-east-1/Vpcs.json", vpcs),
        (
            "us-east-1/attr1.json",
            r#"{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": false}}"#,
        ),
        (
            "us-east-1/attr2.json",
            r#"{"VpcId": "vpc-1", "EnableDnsHostnames": {"Value": true}}"#,
        ),
        (
            "us-east-1/attr3.json",
            r#"{"VpcId": "vpc-9", "EnableDnsHostnames": {"Value": true}}"#,
        ),
    ]);
    let flags: Vec<(bool, bool)> = t
        .vpcs
        .iter()
        .map(|v| (v.enable_dns_support, v.enable_dns_hostnames))
        .collect();
    assert_eq!(flags, [(false, true), (true, true), (true, false)]);
    assert_eq!(
        t.vpcs[0].cidr_blocks,
        vec![net("10.0.0.0/16"), net("2600:1f18::/56")]
    );
    assert_eq!(
        t.vpcs[0].block_public_access,
        BlockPublicAccess::IngressOnly
    );
    assert_eq!(codes_of(&d), [codes::DANGLING]);
}

#[test]
fn security_group_rules_and_nacl_entries() {
    let sg = r#"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1",
        "IpPermissions": [
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "PrefixListIds": [], "UserIdGroupPairs": []},
            {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-2", "UserId": "1"}], "PrefixListIds": [{"PrefixListId": "pl-1"}]},
            {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
            {"IpProtocol": 17, "FromPort": "53", "ToPort": "53", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
            {"FromPort": 22}
        ],
        "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#;
    let acl = r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [{"SubnetId": "subnet-1"}], "Entries": [
        {"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 1024, "To": 65535}},
        {"RuleNumber": 110, "Protocol": "1", "RuleAction": "DENY", "Egress": true, "CidrBlock": "10.0.0.0/8", "IcmpTypeCode": {"Type": 8, "Code": -1}},
        {"RuleNumber": 120, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "Ipv6CidrBlock": "::/0"},
        {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 130, "Protocol": "-1", "RuleAction": "maybe", "CidrBlock": "0.0.0.0/0"}
    ]}]}"#;
    let (t, d) = import(&[("us-east-1/sg.json", sg), ("us-east-1/acl.json", acl)]);
    let g = &t.security_groups[0];
    assert_eq!(g.ingress.len(), 4, "the rule without a protocol is skipped");
    assert_eq!(g.ingress[0].cidrs, vec![net("0.0.0.0/0"), net("::/0")]);
    assert_eq!(g.ingress[0].description.as_deref(), Some("https"));
    assert_eq!(
        (g.ingress[1].protocol.as_str(), g.ingress[1].from_port),
        ("-1", None)
    );
    assert_eq!(g.ingress[1].security_group_ids, vec!["sg-2".to_string()]);
    assert_eq!(g.ingress[1].prefix_list_ids, vec!["pl-1".to_string()]);
    assert_eq!(
        (g.ingress[2].from_port, g.ingress[2].to_port),
        (Some(-1), Some(-1))
    );
    assert_eq!(
        (g.ingress[3].protocol.as_str(), g.ingress[3].from_port),
        ("17", Some(53)),
        "numbers as strings and protocols as numbers"
    );
    let a = &t.network_acls[0];
    assert!(a.default);
    assert_eq!(a.subnet_ids, vec!["subnet-1".to_string()]);
    assert_eq!(a.entries.len(), 4);
    assert_eq!(a.entries[0].port_range, Some((1024, 65535)));
    assert_eq!(
        (
            a.entries[1].action,
            a.entries[1].egress,
            a.entries[1].icmp_type,
            a.entries[1].icmp_code
        ),
        (RuleAction::Deny, true, Some(8), Some(-1))
    );
    assert_eq!(a.entries[2].cidr, net("::/0"));
    assert_eq!(
        a.entries[3].rule_number, 32767,
        "the default rule is kept, as AWS shows it"
    );
    let bad: Vec<&str> = d
        .iter()
        .filter(|d| d.code == codes::BAD_VALUE)
        .map(|d| d.field.as_str())
        .collect();
    assert_eq!(bad, ["IpPermissions[4]", "Entries[4].RuleAction"]);
}

#[test]
fn instance_enis_without_network_interfaces_file_and_eips() {
    let res = r#"{"Reservations": [{"ReservationId": "r-1", "OwnerId": "1", "Instances": [
        {"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"}, "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.10",
         "SecurityGroups": [{"GroupId": "sg-1"}], "SourceDestCheck": false, "Tags": [{"Key": "Name", "Value": "router"}],
         "NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-2", "SubnetId": "subnet-2", "Attachment": {"DeviceIndex": 1}, "PrivateIpAddress": "10.0.1.10", "Groups": [{"GroupId": "sg-1"}], "SourceDestCheck": false},
            {"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "Attachment": {"DeviceIndex": 0}, "PrivateIpAddress": "10.0.0.10",
             "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.11", "Primary": false}, {"PrivateIpAddress": "10.0.0.10", "Primary": true}],
             "Ipv6Addresses": [{"Ipv6Address": "2600:1f18::10"}], "Groups": [{"GroupId": "sg-1"}], "SourceDestCheck": false}
         ]},
        {"InstanceId": "i-2", "State": {"Name": "shutting-down"}}
    ]}]}"#;
    let eips = r#"{"Addresses": [{"PublicIp": "198.51.100.7", "AllocationId": "eipalloc-1", "InstanceId": "i-1", "NetworkInterfaceId": "eni-1", "PrivateIpAddress": "10.0.0.10", "Domain": "vpc"},
                                 {"PublicIp": "198.51.100.8", "AllocationId": "eipalloc-2", "Domain": "vpc"}]}"#;
    let (t, d) = import(&[
        ("us-east-1/Reservations.json", res),
        ("us-east-1/Addresses.json", eips),
    ]);
    assert_eq!(t.instances.len(), 1);
    let i = &t.instances[0];
    assert_eq!(i.name.as_deref(), Some("router"));
    assert_eq!(
        i.network_interface_ids,
        vec!["eni-1".to_string(), "eni-2".to_string()],
        "sorted by device index"
    );
    assert!(!i.source_dest_check);
    assert_eq!(i.public_ip, Some("198.51.100.7".parse().expect("ip")));
    assert_eq!(i.ipv6_addresses, vec![ip("2600:1f18::10")]);
    let e1 = eni(&t, "eni-1");
    assert_eq!(
        e1.private_ips,
        vec![ip("10.0.0.10"), ip("10.0.0.11"), ip("2600:1f18::10")],
        "primary first"
    );
    assert_eq!(
        (e1.attached_to.as_deref(), e1.public_ip),
        (Some("i-1"), Some("198.51.100.7".parse().expect("ip")))
    );
    assert_eq!(eni(&t, "eni-2").attached_to.as_deref(), Some("i-1"));
    assert_eq!(codes_of(&d), [codes::INACTIVE]);
}

#[test]
fn eni_kinds_from_interface_type_and_description() {
    let enis = r#"{"NetworkInterfaces": [
        {"NetworkInterfaceId": "eni-1", "SubnetId": "s", "InterfaceType": "interface", "Description": "ELB app/web/50dc6c495c0c9188", "RequesterId": "amazon-elb"},
        {"NetworkInterfaceId": "eni-2", "SubnetId": "s", "InterfaceType": "network_load_balancer", "Description": "ELB net/other/123"},
        {"NetworkInterfaceId": "eni-3", "SubnetId": "s", "InterfaceType": "lambda", "Description": "AWS Lambda VPC ENI-fn"},
        {"NetworkInterfaceId": "eni-4", "SubnetId": "s", "InterfaceType": "gateway_load_balancer_endpoint", "Description": "VPC Endpoint Interface vpce-9"},
        {"NetworkInterfaceId": "eni-5", "SubnetId": "s", "InterfaceType": "natGateway", "Description": "Interface for NAT Gateway nat-5"},
        {"NetworkInterfaceId": "eni-6", "SubnetId": "s", "InterfaceType": "api_gateway_managed"},
        {"NetworkInterfaceId": "eni-7", "InterfaceType": "interface"},
        {"NetworkInterfaceId": "eni-8", "SubnetId": "s", "InterfaceType": "interface", "Description": "RDSNetworkInterface", "RequesterId": "amazon-rds", "RequesterManaged": true}
    ]}"#;
    let lbs = r#"{"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc6c495c0c9188", "LoadBalancerName": "web", "Type": "application",
        "Scheme": "internet-facing", "VpcId": "vpc-1", "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "s"}], "State": {"Code": "active"}}]}"#;
    let (t, d) = import(&[
        ("us-east-1/NetworkInterfaces.json", enis),
        ("us-east-1/LoadBalancers.json", lbs),
    ]);
    let got: Vec<(&str, InterfaceKind, Option<&str>)> = t
        .network_interfaces
        .iter()
        .map(|e| (e.id.as_str(), e.kind, e.attached_to.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("eni-1", InterfaceKind::LoadBalancer, Some("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc6c495c0c9188")),
            ("eni-2", InterfaceKind::LoadBalancer, Some("other")),
            ("eni-3", InterfaceKind::Lambda, None),
            ("eni-4", InterfaceKind::GatewayLoadBalancerEndpoint, Some("vpce-9")),
            ("eni-5", InterfaceKind::NatGateway, Some("nat-5")),
            ("eni-6", InterfaceKind::Other, None),
            ("eni-8", InterfaceKind::Other, None),
        ]
    );
    let lb = &t.load_balancers[0];
    assert!(lb.internet_facing);
    assert_eq!((lb.kind.as_str(), lb.subnet_ids.len()), ("application", 1));
    assert_eq!(codes_of(&d), [codes::BAD_ITEM], "the ENI without a subnet");
}

#[test]
fn transit_gateway_assembled_and_raw_route_files() {
    let tables = r#"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available"}]}"#;
    let statics = r#"{"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "AdditionalRoutesAvailable": false, "Routes": [
        {"DestinationCidrBlock": "10.0.0.0/8", "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-1", "ResourceId": "vpc-1", "ResourceType": "vpc"}], "Type": "static", "State": "active"},
        {"DestinationCidrBlock": "192.168.0.0/16", "Type": "static", "State": "blackhole"},
        {"PrefixListId": "pl-1", "Type": "static", "State": "active"}
    ]}]}"#;
    let raw = r#"{"Routes": [{"DestinationCidrBlock": "172.16.0.0/12", "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-2"}], "Type": "propagated", "State": "active"}], "AdditionalRoutesAvailable": false}"#;
    let props = r#"{"TransitGatewayRouteTablePropagations": [{"TransitGatewayAttachmentId": "tgw-attach-2", "ResourceType": "vpn", "State": "enabled"}, {"TransitGatewayAttachmentId": "tgw-attach-3", "State": "disabled"}]}"#;
    let (t, d) = import(&[
        ("us-east-1/TransitGatewayRouteTables.json", tables),
        ("us-east-1/TransitGatewayStaticRoutes.json", statics),
        ("us-east-1/routes-tgw-rtb-1.json", raw),
        ("us-east-1/propagations-tgw-rtb-1.json", props),
    ]);
    let tb = &t.transit_gateway_route_tables[0];
    assert_eq!(tb.routes.len(), 3);
    assert_eq!(
        tb.routes[0].attachment_ids,
        vec!["tgw-attach-1".to_string()]
    );
    assert_eq!(
        (tb.routes[1].state, tb.routes[1].attachment_ids.len()),
        (RouteState::Blackhole, 0)
    );
    assert!(tb.routes[2].propagated);
    assert_eq!(tb.propagations, vec!["tgw-attach-2".to_string()]);
    assert_eq!(
        codes_of(&d),
        [codes::UNSUPPORTED],
        "the prefix-list TGW route"
    );
}

#[test]
fn wrong_types_cost_one_member_unknown_members_are_reported_once() {
    let doc = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": 5, "Tags": "oops", "Shiny": 1}, {"VpcId": "vpc-2", "CidrBlock": "10.0.0.0/16", "Shiny": 2, "Glossy": true}, 7, {"CidrBlock": "10.9.0.0/16"}]}"#;
    let (t, d) = import(&[("us-east-1/Vpcs.json", doc)]);
    assert_eq!(t.vpcs.len(), 2);
    assert!(t.vpcs[0].cidr_blocks.is_empty());
    let mut got: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.code.as_str(), d.field.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (codes::BAD_ITEM, "Vpcs"),
            (codes::BAD_ITEM, "Vpcs[2]"),
            (codes::BAD_VALUE, "Vpcs[0].CidrBlock"),
            (codes::BAD_VALUE, "Vpcs[0].Tags"),
            (codes::UNKNOWN_FIELD, "Vpcs[]"),
        ]
    );
    let unknown = d
        .iter()
        .find(|d| d.code == codes::UNKNOWN_FIELD)
        .expect("reported");
    assert!(
        unknown.message.contains("`Glossy`, `Shiny`")
            && unknown.message.contains("us-east-1/Vpcs.json"),
        "{}",
        unknown.message
    );
}

#[test]
fn failures_name_the_file_and_position() {
    let docs = vec![
        ("ok.json".to_string(), "{\"Vpcs\": []}".to_string()),
        (
            "dir/bad.json".to_string(),
            "{\n  \"Vpcs\": [\n    {,}\n  ]\n}".to_string(),
        ),
    ];
    let err = import_documents(&docs, None).expect_err("invalid JSON");
    assert!(
        matches!(&err, ImportError::Json { file, line: 3, column: 6, .. } if file == "dir/bad.json"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "`dir/bad.json` is not valid JSON: key must be a string at line 3 column 6"
    );

    let docs = vec![(
        "topology.json".to_string(),
        r#"{"vpcs": [{"id": "vpc-1"}]}"#.to_string(),
    )];
    let err = import_documents(&docs, None).expect_err("not an AWS snapshot");
    assert_eq!(err, ImportError::NothingRecognised { documents: 1 });
    assert!(import_documents(&[], None).is_err());

    // Empty and unrelated files are warnings, not failures.
    let (_, d) = import(&[
        ("empty.json", "  \n"),
        ("other.json", r#"{"foo": 1}"#),
        ("v.json", r#"{"Vpcs": []}"#),
    ]);
    assert_eq!(
        codes_of(&d)
            .iter()
            .filter(|c| **c == codes::UNRECOGNISED_DOCUMENT)
            .count(),
        2
    );
}

#[test]
fn endpoint_services_provider_and_consumer_side() {
    let configs = r#"{"ServiceConfigurations": [{"ServiceType": [{"ServiceType": "Interface"}], "ServiceId": "vpce-svc-1", "ServiceName": "com.amazonaws.vpce.eu-west-1.vpce-svc-1",
        "ServiceState": "Available", "AcceptanceRequired": true, "NetworkLoadBalancerArns": ["arn:nlb"], "AvailabilityZones": ["eu-west-1a"], "PrivateDnsName": "api.example.com",
        "SupportedRegions": [{"Region": "eu-west-1"}, {"Region": "eu-central-1"}]}]}"#;
    let details = r#"{"ServiceDetails": [
        {"ServiceName": "com.amazonaws.vpce.eu-west-1.vpce-svc-2", "ServiceId": "vpce-svc-2", "ServiceType": [{"ServiceType": "GatewayLoadBalancer"}], "Owner": "444455556666", "AcceptanceRequired": false},
        {"ServiceName": "com.amazonaws.eu-west-1.sqs", "ServiceId": "vpce-svc-3", "ServiceType": [{"ServiceType": "Interface"}], "Owner": "amazon"}
    ], "ServiceNames": ["com.amazonaws.vpce.eu-west-1.vpce-svc-2", "com.amazonaws.eu-west-1.sqs"]}"#;
    let conns = r#"{"VpcEndpointConnections": [{"ServiceId": "vpce-svc-1", "VpcEndpointId": "vpce-0aaa", "VpcEndpointOwner": "123", "VpcEndpointState": "pendingAcceptance"}]}"#;
    let (t, d) = import(&[
        ("eu-west-1/a.json", configs),
        ("eu-west-1/b.json", details),
        ("eu-west-1/c.json", conns),
    ]);
    let ids: Vec<&str> = t.endpoint_services.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["vpce-svc-2", "vpce-svc-1"],
        "the unused AWS service is left out"
    );
    let own = &t.endpoint_services[1];
    assert!(own.acceptance_required);
    assert_eq!(own.supported_regions, ["eu-west-1", "eu-central-1"]);
    assert_eq!(own.private_dns_name.as_deref(), Some("api.example.com"));
    assert_eq!(own.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        t.endpoint_services[0].kind,
        EndpointKind::GatewayLoadBalancer
    );
    assert!(d.is_empty(), "{d:?}");
}

/// IE-05: AWS refuses private DNS on an interface endpoint unless both VPC DNS attributes are on, so a snapshot
/// without describe-vpc-attribute output implies them for that VPC (and only that VPC).
#[test]
fn private_dns_endpoint_implies_the_vpc_dns_attributes() {
    let (t, _) = import_snapshot("test-vpc-endpoint-interface");
    let vpc = t
        .vpcs
        .iter()
        .find(|v| v.id == "vpc-072d45b801aeffef2")
        .unwrap();
    assert!(vpc.enable_dns_support && vpc.enable_dns_hostnames);
    let (t, _) = import_snapshot("test-vpc-endpoint-gateway");
    assert!(
        t.vpcs.iter().all(|v| !v.enable_dns_hostnames),
        "no private-DNS endpoint, no implication"
    );
}

/// elbv2 describe-listeners: each load balancer gets its listener ports, which the trace checks at the provider's
/// NLB (ELBV2_LISTENER_PORT_RESTRICTION).
#[test]
fn listeners_give_load_balancers_their_ports() {
    let nlb = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/api/1";
    let lbs = format!(
        r#"{{"LoadBalancers": [{{"LoadBalancerArn": "{nlb}", "LoadBalancerName": "api", "Type": "network", "Scheme": "internal",
        "VpcId": "vpc-1", "AvailabilityZones": [{{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}}], "State": {{"Code": "active"}}}}]}}"#
    );
    let listeners = format!(
        r#"{{"Listeners": [
        {{"ListenerArn": "{nlb}/l1", "LoadBalancerArn": "{nlb}", "Port": 8443, "Protocol": "TLS", "DefaultActions": []}},
        {{"ListenerArn": "{nlb}/l2", "LoadBalancerArn": "{nlb}", "Port": 443, "Protocol": "TCP"}},
        {{"ListenerArn": "{nlb}/l3", "LoadBalancerArn": "{nlb}", "Port": 443, "Protocol": "UDP"}},
        {{"ListenerArn": "{nlb}/l4", "LoadBalancerArn": "{nlb}", "Port": 0}},
        {{"ListenerArn": "arn:other/l5", "LoadBalancerArn": "arn:other", "Port": 80}}
    ]}}"#
    );
    // A bare list of listener items (no top-level key) is recognised too.
    let bare = format!(
        r#"[{{"ListenerArn": "{nlb}/l6", "LoadBalancerArn": "{nlb}", "Port": 53, "Protocol": "UDP"}}]"#
    );
    let (t, d) = import(&[
        ("us-east-1/lb.json", &lbs),
        ("us-east-1/listeners.json", &listeners),
        ("us-east-1/more-listeners.json", &bare),
    ]);
    assert_eq!(t.load_balancers[0].listener_ports, [53, 443, 8443]);
    let mut got: Vec<(&str, &str)> = d
        .iter()
        .map(|x| (x.code.as_str(), x.subject.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (codes::BAD_VALUE, format!("{nlb}/l4").as_str()),
            (codes::DANGLING, "arn:other/l5"),
        ]
    );
}

/// PCX-05: each side's `PeeringOptions.AllowDnsResolutionFromRemoteVpc`.
#[test]
fn peering_dns_resolution_options() {
    let pcx = r#"{"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "active"},
        "RequesterVpcInfo": {"VpcId": "vpc-a", "CidrBlock": "10.0.0.0/16", "Region": "us-east-1",
            "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": false}},
        "AccepterVpcInfo": {"VpcId": "vpc-b", "CidrBlock": "10.1.0.0/16", "Region": "us-east-1",
            "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": true}}},
        {"VpcPeeringConnectionId": "pcx-2", "Status": {"Code": "active"},
        "RequesterVpcInfo": {"VpcId": "vpc-a", "CidrBlock": "10.0.0.0/16"},
        "AccepterVpcInfo": {"VpcId": "vpc-c", "CidrBlock": "10.2.0.0/16"}}]}"#;
    let (t, d) = import(&[("us-east-1/pcx.json", pcx)]);
    let opts: Vec<(&str, bool, bool)> = t
        .peering_connections
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.requester_dns_resolution,
                p.accepter_dns_resolution,
            )
        })
        .collect();
    assert_eq!(opts, [("pcx-1", false, true), ("pcx-2", false, false)]);
    assert!(d.is_empty(), "{d:?}");
}
