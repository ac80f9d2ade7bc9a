//! The AWS CLI's own example outputs (`tests/fixtures/aws-cli-examples/`, copied from the AWS CLI documentation,
//! Apache-2.0: see the NOTICE and SOURCES there) through the import + check path, each file alone and the whole
//! folder: no refusal, no panic, and no error diagnostic about valid AWS data. References to resources outside
//! the file are expected (each file is one command's output) and are warnings.
//!
//! Then what each newly read output must give, checked against the values printed in those files.

use std::path::{Path, PathBuf};

use vpclab_core::import::aws_cli::{codes, import_documents};
use vpclab_core::import::classify::{classify, InputKind};
use vpclab_core::model::*;
use vpclab_core::validate::validate;
use vpclab_core::{Diagnostic, Severity};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/aws-cli-examples")
}

/// Every `<command>/<NN>.json` as `(command/NN.json, text)`, in path order.
fn corpus_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("command folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let label = format!(
                "{}/{}",
                dir.file_name().unwrap().to_string_lossy(),
                f.file_name().unwrap().to_string_lossy()
            );
            out.push((label, std::fs::read_to_string(&f).expect("corpus text")));
        }
    }
    out
}

fn file(label: &str) -> (String, String) {
    let text = std::fs::read_to_string(corpus().join(label)).expect("corpus file");
    (label.to_string(), text)
}

/// Error diagnostics: none is allowed on valid AWS data (the IPv6 catch-all network-ACL rule 32768 is AWS's own,
/// NACL-08).
fn false_errors<'a>(diags: &'a [Diagnostic], _t: &Topology) -> Vec<&'a Diagnostic> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn import_and_check(docs: &[(String, String)], what: &str) -> (Topology, Vec<Diagnostic>) {
    let (t, mut diags) =
        import_documents(docs, Some("us-east-1")).unwrap_or_else(|e| panic!("{what} refused: {e}"));
    diags.extend(validate(&t));
    let bad = false_errors(&diags, &t);
    assert!(
        bad.is_empty(),
        "{what}: error diagnostics on valid AWS data: {bad:#?}"
    );
    (t, diags)
}

#[test]
fn the_corpus_is_all_there() {
    // 50 outputs of 34 commands (README/SOURCES of the corpus).
    let files = corpus_files();
    assert_eq!(files.len(), 50);
    let commands: std::collections::BTreeSet<&str> = files
        .iter()
        .map(|(l, _)| l.split('/').next().unwrap())
        .collect();
    assert_eq!(commands.len(), 34);
}

#[test]
fn every_file_alone_is_describe_output_that_imports_without_false_errors() {
    for doc in corpus_files() {
        assert_eq!(classify(&doc.1), InputKind::AwsOutput, "{}", doc.0);
        import_and_check(std::slice::from_ref(&doc), &doc.0);
    }
}

#[test]
fn the_whole_folder_imports_without_false_errors() {
    let (t, diags) = import_and_check(&corpus_files(), "the corpus folder");
    // Missing references are warnings, whatever the kind (a partial snapshot is normal).
    for d in diags.iter().filter(|d| d.code == "DANGLING_REFERENCE") {
        assert_eq!(d.severity, Severity::Warning, "{d:?}");
    }
    assert!(!t.vpcs.is_empty() && !t.dhcp_options.is_empty());
}

#[test]
fn missing_references_are_warnings_for_every_kind() {
    // describe-network-interfaces/01.json: ENIs in a subnet and with a group the file does not describe;
    // describe-subnets/02.json: a subnet of a VPC it does not describe.
    for label in [
        "describe-network-interfaces/01.json",
        "describe-subnets/02.json",
        "describe-route-tables/01.json",
        "describe-transit-gateway-attachments/01.json",
    ] {
        let (_, diags) = import_and_check(&[file(label)], label);
        let dangling: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.message.contains("does not exist"))
            .collect();
        assert!(!dangling.is_empty(), "{label}");
        assert!(
            dangling.iter().all(|d| d.severity == Severity::Warning),
            "{label}: {dangling:#?}"
        );
    }
}

#[test]
fn dhcp_options_are_read_and_a_vpc_refers_to_them() {
    let (t, _) = import_and_check(&[file("describe-dhcp-options/01.json")], "dhcp");
    assert_eq!(t.dhcp_options.len(), 2);
    let d = &t.dhcp_options[0];
    assert_eq!(d.id, "dopt-19edf471");
    assert_eq!(d.domain_name.as_deref(), Some("us-east-2.compute.internal"));
    assert_eq!(d.domain_name_servers, ["AmazonProvidedDNS"]);
    assert_eq!(d.owner_id.as_deref(), Some("111122223333"));

    // describe-vpcs/01.json: vpc-0e9801d129EXAMPLE uses dopt-19edf471 (a `DhcpOptionsId` the VPC prints).
    let (t, diags) = import_and_check(
        &[
            file("describe-dhcp-options/01.json"),
            file("describe-vpcs/01.json"),
        ],
        "dhcp + vpcs",
    );
    let vpc = t
        .vpcs
        .iter()
        .find(|v| v.dhcp_options_id.as_deref() == Some("dopt-19edf471"))
        .expect("a VPC using dopt-19edf471");
    assert!(
        !diags
            .iter()
            .any(|d| d.subject == vpc.id && d.field == "dhcp_options_id"),
        "{diags:#?}"
    );
    // Without the DHCP output, the reference dangles: a warning naming the field.
    let (t, diags) = import_and_check(&[file("describe-vpcs/01.json")], "vpcs");
    let vpc = t
        .vpcs
        .iter()
        .find(|v| v.dhcp_options_id.is_some())
        .expect("a VPC with DHCP options");
    let d = diags
        .iter()
        .find(|d| d.subject == vpc.id && d.field == "dhcp_options_id")
        .expect("dangling DHCP options reference");
    assert_eq!(
        (d.code.as_str(), d.severity),
        ("DANGLING_REFERENCE", Severity::Warning)
    );
}

/// An ENI of `sg-1234567890abcdef0` in a subnet of `vpc-1` (hand-written, so the group's VPC is known).
fn eni_of_the_group() -> Vec<(String, String)> {
    vec![
        (
            "describe-subnets.json".into(),
            r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-east-1a"}]}"#.into(),
        ),
        (
            "describe-network-interfaces.json".into(),
            r#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.5", "Groups": [{"GroupId": "sg-1234567890abcdef0"}]}]}"#.into(),
        ),
    ]
}

#[test]
fn security_group_rules_make_the_group_when_something_uses_it() {
    let mut docs = eni_of_the_group();
    docs.push(file("describe-security-group-rules/01.json"));
    let (t, _) = import_and_check(&docs, "rules + eni");
    let sg = t
        .security_groups
        .iter()
        .find(|g| g.id == "sg-1234567890abcdef0")
        .expect("the group of the rules");
    assert_eq!(sg.vpc_id, "vpc-1");
    // sgr-abcdef01234567890: inbound, all traffic, from the group itself.
    assert_eq!(sg.ingress.len(), 1);
    assert_eq!(sg.ingress[0].protocol, "-1");
    assert_eq!(sg.ingress[0].security_group_ids, ["sg-1234567890abcdef0"]);
    // sgr-bcdef…: outbound all to ::/0; sgr-cdef…: outbound all to 0.0.0.0/0.
    let mut egress: Vec<String> = sg
        .egress
        .iter()
        .flat_map(|r| r.cidrs.iter().map(|c| c.to_string()))
        .collect();
    egress.sort();
    assert_eq!(egress, ["0.0.0.0/0", "::/0"]);
    assert!(sg
        .egress
        .iter()
        .all(|r| r.protocol == "-1" && r.from_port.is_none()));
}

#[test]
fn security_group_rules_merge_with_ip_permissions_without_doubling() {
    // The same group from describe-security-groups, with the 0.0.0.0/0 egress rule already listed.
    let mut docs = eni_of_the_group();
    docs.push((
        "describe-security-groups.json".into(),
        r#"{"SecurityGroups": [{"GroupId": "sg-1234567890abcdef0", "VpcId": "vpc-1", "GroupName": "web",
            "IpPermissions": [],
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#
            .into(),
    ));
    docs.push(file("describe-security-group-rules/02.json"));
    let (t, _) = import_and_check(&docs, "groups + rules");
    let sg = &t.security_groups[0];
    assert_eq!(sg.egress.len(), 1, "{:?}", sg.egress);
    assert_eq!(sg.name.as_deref(), Some("web"));
    // 01.json adds what describe-security-groups did not list.
    docs.push(file("describe-security-group-rules/01.json"));
    let (t, _) = import_and_check(&docs, "groups + both rule files");
    let sg = &t.security_groups[0];
    assert_eq!(sg.egress.len(), 2, "{:?}", sg.egress);
    assert_eq!(sg.ingress.len(), 1, "{:?}", sg.ingress);
}

#[test]
fn security_group_rules_alone_are_a_precise_warning() {
    let (t, diags) = import_and_check(
        &[file("describe-security-group-rules/01.json")],
        "rules alone",
    );
    assert!(t.security_groups.is_empty());
    let d = diags
        .iter()
        .find(|d| d.code == codes::DANGLING)
        .expect("a warning");
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains("sg-1234567890abcdef0")
            && d.message.contains("describe-security-group-rules/01.json"),
        "{}",
        d.message
    );
}

#[test]
fn target_health_gives_the_load_balancer_its_targets() {
    // describe-target-groups/01.json: my-targets serves my-load-balancer (describe-load-balancers/01.json);
    // describe-target-health/01.json: i-ceddcd4d and i-0f76fade, healthy.
    let docs = vec![
        file("describe-load-balancers/01.json"),
        file("describe-target-groups/01.json"),
        file("describe-target-health/01.json"),
    ];
    let (t, diags) = import_and_check(&docs, "lb + tg + health");
    assert_eq!(t.load_balancers[0].targets, ["i-ceddcd4d", "i-0f76fade"]);
    // The output does not name its group: taken as the only one, and said so.
    let d = diags
        .iter()
        .find(|d| d.field == "TargetHealthDescriptions")
        .expect("the warning");
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("only target group"), "{}", d.message);

    // describe-target-health/03.json: `unused` (the group receives no traffic from the load balancer).
    let docs = vec![
        file("describe-load-balancers/01.json"),
        file("describe-target-groups/01.json"),
        file("describe-target-health/03.json"),
    ];
    let (t, _) = import_and_check(&docs, "unused target");
    assert!(t.load_balancers[0].targets.is_empty());
}

#[test]
fn target_health_takes_its_group_from_the_file_name() {
    let second = r#"{"TargetGroups": [{"TargetGroupArn": "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/other/0123456789abcdef", "TargetGroupName": "other", "LoadBalancerArns": []}]}"#;
    let health = file("describe-target-health/02.json").1;
    let docs = vec![
        file("describe-load-balancers/01.json"),
        file("describe-target-groups/01.json"),
        ("more-target-groups.json".to_string(), second.to_string()),
        ("target-health/my-targets.json".to_string(), health.clone()),
    ];
    let (t, diags) = import_and_check(&docs, "health named by file");
    assert_eq!(t.load_balancers[0].targets, ["i-0f76fade"]);
    assert!(diags
        .iter()
        .any(|d| d.field == "TargetHealthDescriptions" && d.message.contains("file name")));
    // Two groups and a file name that names neither: ignored, with a warning that says how to fix it.
    let docs = vec![
        file("describe-load-balancers/01.json"),
        file("describe-target-groups/01.json"),
        ("more-target-groups.json".to_string(), second.to_string()),
        ("target-health.json".to_string(), health),
    ];
    let (t, diags) = import_and_check(&docs, "health named by nothing");
    assert!(t.load_balancers[0].targets.is_empty());
    let d = diags
        .iter()
        .find(|d| d.field == "TargetHealthDescriptions")
        .expect("the warning");
    assert!(d.message.contains("`TargetGroupArn`"), "{}", d.message);
}

#[test]
fn tgw_route_table_associations_need_their_table() {
    let assoc = file("get-transit-gateway-route-table-associations/01.json").1;
    // Named by the file: the association is read (tgw-attach-09b52ccdb5EXAMPLE, state `associating`).
    let (t, _) = import_and_check(
        &[(
            "associations/tgw-rtb-0ca78a5490123abcd.json".to_string(),
            assoc.clone(),
        )],
        "associations named by file",
    );
    assert_eq!(t.transit_gateway_route_tables.len(), 1);
    assert_eq!(
        t.transit_gateway_route_tables[0].id,
        "tgw-rtb-0ca78a5490123abcd"
    );
    assert_eq!(
        t.transit_gateway_route_tables[0].associations,
        ["tgw-attach-09b52ccdb5EXAMPLE"]
    );
    // describe-transit-gateway-route-tables/01.json lists two tables: which one is not known.
    let (t, diags) = import_and_check(
        &[
            file("describe-transit-gateway-route-tables/01.json"),
            (
                "get-transit-gateway-route-table-associations/01.json".into(),
                assoc,
            ),
        ],
        "associations with two tables",
    );
    assert!(t
        .transit_gateway_route_tables
        .iter()
        .all(|r| r.associations.is_empty()));
    assert!(
        diags
            .iter()
            .any(|d| d.code == codes::DANGLING
                && d.message.contains("2 transit gateway route tables"))
    );
}

#[test]
fn search_transit_gateway_routes_go_to_the_only_table() {
    // One table (hand-written), the routes of search-transit-gateway-routes/01.json.
    let table = r#"{"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available"}]}"#;
    let (t, diags) = import_and_check(
        &[
            ("tables.json".into(), table.into()),
            file("search-transit-gateway-routes/01.json"),
        ],
        "routes + one table",
    );
    let routes: Vec<String> = t.transit_gateway_route_tables[0]
        .routes
        .iter()
        .map(|r| r.cidr.to_string())
        .collect();
    assert_eq!(routes, ["10.0.2.0/24", "10.1.0.0/24"]);
    assert!(diags.iter().any(
        |d| d.code == codes::DANGLING && d.message.contains("only transit gateway route table")
    ));
}

#[test]
fn endpoint_services_without_a_service_id_are_kept_by_name() {
    // describe-vpc-endpoint-services/01.json lists com.amazonaws.us-east-1.ssm without a `ServiceId`; an
    // endpoint that uses it keeps it.
    let endpoint = r#"{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "Interface", "VpcId": "vpc-1", "ServiceName": "com.amazonaws.us-east-1.ssm", "State": "available"}]}"#;
    let (t, diags) = import_and_check(
        &[
            file("describe-vpc-endpoint-services/01.json"),
            ("endpoints.json".into(), endpoint.into()),
        ],
        "services + endpoint",
    );
    assert!(
        !diags.iter().any(|d| d.code == codes::BAD_ITEM),
        "{diags:#?}"
    );
    let ssm = t
        .endpoint_services
        .iter()
        .find(|s| s.service_name == "com.amazonaws.us-east-1.ssm")
        .expect("ssm kept");
    assert_eq!(ssm.kind, EndpointKind::Interface);
    assert_eq!(ssm.owner.as_deref(), Some("amazon"));
}

#[test]
fn flow_logs_are_a_warning_not_a_refusal() {
    let (t, diags) = import_and_check(&[file("describe-flow-logs/01.json")], "flow logs");
    assert_eq!(
        t,
        Topology {
            region: t.region.clone(),
            ..Topology::default()
        }
    );
    let d = diags
        .iter()
        .find(|d| d.field == "FlowLogs")
        .expect("the warning");
    assert_eq!(
        (d.code.as_str(), d.severity),
        (codes::UNSUPPORTED, Severity::Warning)
    );
}

#[test]
fn tgw_attachments_without_subnets_are_a_note_not_a_warning() {
    // describe-transit-gateway-attachments never lists subnets.
    let (_, diags) = import_and_check(
        &[file("describe-transit-gateway-attachments/01.json")],
        "attachments",
    );
    let notes: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.code == "TGW_ATTACHMENT_NO_SUBNETS")
        .collect();
    assert!(!notes.is_empty());
    assert!(
        notes.iter().all(|d| d.severity == Severity::Info),
        "{notes:#?}"
    );
}
