//! Data-driven tests: each case is a small JSON patch over a valid base topology and the codes it must produce.

use super::{validate, VALIDATION_CODES};
use crate::{Diagnostic, Severity, Topology};
use serde_json::Value;

/// A valid topology: two peered VPCs, an IGW, a NAT gateway, an S3 gateway endpoint, a TGW with a VPN.
const BASE: &str = r#"{
  "region": "us-east-1",
  "vpcs": [
    {"id": "vpc-a", "cidr_blocks": ["10.0.0.0/16", "2600:1f18:aaaa:bb00::/56"], "enable_dns_hostnames": true},
    {"id": "vpc-b", "cidr_blocks": ["10.1.0.0/16"]}
  ],
  "subnets": [
    {"id": "subnet-a1", "vpc_id": "vpc-a", "az": "us-east-1a", "cidr_block": "10.0.1.0/24", "ipv6_cidr_block": "2600:1f18:aaaa:bb01::/64"},
    {"id": "subnet-a2", "vpc_id": "vpc-a", "az": "us-east-1b", "cidr_block": "10.0.2.0/24"},
    {"id": "subnet-b1", "vpc_id": "vpc-b", "az": "us-east-1a", "cidr_block": "10.1.1.0/24"}
  ],
  "route_tables": [
    {"id": "rtb-a", "vpc_id": "vpc-a", "main": true, "routes": [
      {"destination": {"cidr": "10.0.0.0/16"}, "target": "local"},
      {"destination": {"cidr": "2600:1f18:aaaa:bb00::/56"}, "target": "local"},
      {"destination": {"cidr": "0.0.0.0/0"}, "target": "igw-a"},
      {"destination": {"cidr": "10.1.0.0/16"}, "target": "pcx-ab"},
      {"destination": {"prefix_list": "pl-s3"}, "target": "vpce-s3"}]},
    {"id": "rtb-a2", "vpc_id": "vpc-a", "subnet_ids": ["subnet-a2"], "routes": [
      {"destination": {"cidr": "10.0.0.0/16"}, "target": "local"},
      {"destination": {"cidr": "0.0.0.0/0"}, "target": "nat-a"},
      {"destination": {"cidr": "192.168.0.0/16"}, "target": "tgw-1"}]},
    {"id": "rtb-b", "vpc_id": "vpc-b", "main": true, "propagating_vgws": ["vgw-b"], "routes": [
      {"destination": {"cidr": "10.1.0.0/16"}, "target": "local"},
      {"destination": {"cidr": "10.0.0.0/16"}, "target": "pcx-ab"},
      {"destination": {"cidr": "172.16.0.0/16"}, "target": "vgw-b", "origin": "propagated-vpn-static"}]}
  ],
  "internet_gateways": [{"id": "igw-a", "vpc_id": "vpc-a"}],
  "nat_gateways": [{"id": "nat-a", "subnet_id": "subnet-a1", "private_ip": "10.0.1.10", "public_ip": "3.3.3.3"}],
  "instances": [
    {"id": "i-a1", "subnet_id": "subnet-a1", "private_ip": "10.0.1.20", "public_ip": "54.1.1.1",
     "ipv6_addresses": ["2600:1f18:aaaa:bb01::20"], "security_group_ids": ["sg-a"]}
  ],
  "network_interfaces": [{"id": "eni-a2", "subnet_id": "subnet-a2", "private_ips": ["10.0.2.20"], "security_group_ids": ["sg-a"]}],
  "security_groups": [
    {"id": "sg-a", "vpc_id": "vpc-a",
     "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidrs": ["0.0.0.0/0"]},
                 {"protocol": "icmp", "from_port": 8, "to_port": 0, "cidrs": ["10.0.0.0/8"]},
                 {"protocol": "-1", "security_group_ids": ["sg-a"]}],
     "egress": [{"protocol": "-1", "cidrs": ["0.0.0.0/0"]}, {"protocol": "tcp", "from_port": 443, "to_port": 443, "prefix_list_ids": ["pl-s3"]}]},
    {"id": "sg-b", "vpc_id": "vpc-b"}
  ],
  "network_acls": [
    {"id": "acl-a", "vpc_id": "vpc-a", "default": true, "subnet_ids": ["subnet-a1", "subnet-a2"], "entries": [
      {"rule_number": 100, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"},
      {"rule_number": 100, "egress": true, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"},
      {"rule_number": 110, "protocol": "tcp", "action": "deny", "cidr": "203.0.113.0/24", "port_range": [22, 22]},
      {"rule_number": 32767, "protocol": "-1", "action": "deny", "cidr": "0.0.0.0/0"},
      {"rule_number": 32767, "protocol": "-1", "action": "deny", "cidr": "::/0"},
      {"rule_number": 32767, "egress": true, "protocol": "-1", "action": "deny", "cidr": "0.0.0.0/0"}]}
  ],
  "prefix_lists": [{"id": "pl-s3", "name": "com.amazonaws.us-east-1.s3", "cidrs": ["52.216.0.0/15"], "aws_managed": true}],
  "vpc_endpoints": [
    {"id": "vpce-s3", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.s3", "kind": "gateway", "route_table_ids": ["rtb-a"]}
  ],
  "peering_connections": [{"id": "pcx-ab", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-b", "status": "active"}],
  "transit_gateways": [{"id": "tgw-1", "default_route_table_id": "tgw-rtb-1"}],
  "transit_gateway_attachments": [
    {"id": "tgw-attach-a", "transit_gateway_id": "tgw-1", "kind": "vpc", "resource_id": "vpc-a", "subnet_ids": ["subnet-a1", "subnet-a2"]},
    {"id": "tgw-attach-vpn", "transit_gateway_id": "tgw-1", "kind": "vpn", "resource_id": "vpn-2"}
  ],
  "transit_gateway_route_tables": [
    {"id": "tgw-rtb-1", "transit_gateway_id": "tgw-1", "associations": ["tgw-attach-a", "tgw-attach-vpn"],
     "propagations": ["tgw-attach-a", "tgw-attach-vpn"],
     "routes": [{"cidr": "10.0.0.0/16", "attachment_ids": ["tgw-attach-a"], "propagated": true},
                {"cidr": "10.99.0.0/16", "state": "blackhole"}]}
  ],
  "vpn_gateways": [{"id": "vgw-b", "vpc_id": "vpc-b"}],
  "customer_gateways": [{"id": "cgw-1", "ip_address": "198.51.100.1"}],
  "vpn_connections": [
    {"id": "vpn-1", "vpn_gateway_id": "vgw-b", "customer_gateway_id": "cgw-1", "static_routes_only": true, "static_routes": ["172.16.0.0/16"]},
    {"id": "vpn-2", "transit_gateway_id": "tgw-1", "customer_gateway_id": "cgw-1", "bgp_routes": ["192.168.0.0/16"]}
  ],
  "direct_connect_gateways": [{"id": "dxgw-1", "vpn_gateway_ids": ["vgw-b"], "onprem_cidrs": ["172.17.0.0/16"]}]
}"#;

/// Merge `patch` into `base`: for each list in the patch, an object whose `id` is already in the base list is
/// shallow-merged into it (its fields replace the base's); any other object is appended. Other keys replace.
fn merge(base: &mut Value, patch: Value) {
    let (Value::Object(base), Value::Object(patch)) = (base, patch) else {
        panic!("patch must be an object")
    };
    for (key, value) in patch {
        match (base.get_mut(&key), value) {
            (Some(Value::Array(items)), Value::Array(extra)) => {
                for item in extra {
                    let id = item.get("id").cloned();
                    match items
                        .iter_mut()
                        .find(|i| id.is_some() && i.get("id") == id.as_ref())
                    {
                        Some(Value::Object(existing)) => {
                            existing.extend(item.as_object().cloned().unwrap_or_default())
                        }
                        _ => items.push(item),
                    }
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn run(json: &str) -> Vec<Diagnostic> {
    let topology =
        Topology::from_json(json).unwrap_or_else(|e| panic!("test topology does not parse: {e}"));
    let diags = validate(&topology);
    for d in &diags {
        assert!(
            VALIDATION_CODES.iter().any(|(c, _)| *c == d.code),
            "undocumented code {}",
            d.code
        );
        let first = d.message.chars().next().unwrap_or('x');
        assert!(!first.is_uppercase(), "message should start lowercase: {d}");
        assert!(
            !d.message.ends_with('.'),
            "message should not end with a period: {d}"
        );
        assert!(!d.subject.is_empty(), "diagnostic without subject: {d}");
    }
    diags
}

fn patched(patch: &str) -> String {
    let mut base: Value = serde_json::from_str(BASE).expect("base parses");
    merge(
        &mut base,
        serde_json::from_str(patch).unwrap_or_else(|e| panic!("patch does not parse: {e}")),
    );
    base.to_string()
}

/// The codes of the diagnostics for BASE + `patch`, compared as sorted lists (duplicates count).
#[track_caller]
fn check(patch: &str, expected: &[&str]) {
    check_raw(&patched(patch), expected);
}

#[track_caller]
fn check_raw(json: &str, expected: &[&str]) {
    let diags = run(json);
    let mut got: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    got.sort_unstable();
    let mut want = expected.to_vec();
    want.sort_unstable();
    let listing: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(got, want, "diagnostics:\n{}", listing.join("\n"));
}

/// One diagnostic with this code, on this subject and field (and of this severity).
#[track_caller]
fn check_one(patch: &str, code: &str, subject: &str, field: &str, severity: Severity) {
    let diags = run(&patched(patch));
    let listing: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        diags.len(),
        1,
        "expected exactly one diagnostic, got:\n{}",
        listing.join("\n")
    );
    let d = &diags[0];
    assert_eq!(
        (
            d.code.as_str(),
            d.subject.as_str(),
            d.field.as_str(),
            d.severity
        ),
        (code, subject, field, severity),
        "{d}"
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Valid input.

#[test]
fn base_is_valid() {
    check("{}", &[]);
}

#[test]
fn empty_topology_is_valid() {
    check_raw("{}", &[]);
}

#[test]
fn vpcs_in_different_vpcs_may_overlap_when_not_peered() {
    check(
        r#"{"vpcs": [{"id": "vpc-c", "cidr_blocks": ["10.0.0.0/16"]}],
            "subnets": [{"id": "subnet-c1", "vpc_id": "vpc-c", "cidr_block": "10.0.1.0/24"}],
            "route_tables": [{"id": "rtb-c", "vpc_id": "vpc-c", "main": true, "routes": []}],
            "instances": [{"id": "i-c1", "subnet_id": "subnet-c1", "private_ip": "10.0.1.20"}]}"#,
        &[],
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Ids.

#[test]
fn duplicate_id_across_kinds() {
    check_one(
        r#"{"security_groups": [{"id": "subnet-a1", "vpc_id": "vpc-a"}]}"#,
        "DUPLICATE_ID",
        "subnet-a1",
        "id",
        Severity::Error,
    );
}

#[test]
fn duplicate_id_same_kind() {
    check_raw(
        r#"{"vpcs": [{"id": "vpc-a", "cidr_blocks": ["10.0.0.0/16"]}, {"id": "vpc-a", "cidr_blocks": ["10.1.0.0/16"]}]}"#,
        &["DUPLICATE_ID"],
    );
}

#[test]
fn empty_id() {
    check_one(
        r#"{"security_groups": [{"id": "", "vpc_id": "vpc-a"}]}"#,
        "EMPTY_ID",
        "security_groups[2]",
        "id",
        Severity::Error,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// VPC and subnet CIDRs.

#[test]
fn ipv6_block_in_subnet_cidr_block() {
    check_one(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-a", "cidr_block": "2600:1f18:aaaa:bb02::/64"}]}"#,
        "CIDR_WRONG_FAMILY",
        "subnet-x",
        "cidr_block",
        Severity::Error,
    );
}

#[test]
fn ipv4_block_in_subnet_ipv6_cidr_block() {
    check(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-a", "cidr_block": "10.0.3.0/24", "ipv6_cidr_block": "10.0.4.0/24"}]}"#,
        &["CIDR_WRONG_FAMILY"],
    );
}

#[test]
fn subnet_outside_vpc() {
    check_one(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-a", "cidr_block": "10.9.0.0/24"}]}"#,
        "SUBNET_OUTSIDE_VPC",
        "subnet-x",
        "cidr_block",
        Severity::Error,
    );
}

#[test]
fn subnet_ipv6_block_in_vpc_without_ipv6() {
    check(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-b", "cidr_block": "10.1.2.0/24", "ipv6_cidr_block": "2600:1f18:aaaa:bb02::/64"}]}"#,
        &["SUBNET_OUTSIDE_VPC"],
    );
}

#[test]
fn subnet_in_secondary_block_is_inside() {
    check(
        r#"{"vpcs": [{"id": "vpc-b", "cidr_blocks": ["10.1.0.0/16", "100.64.0.0/16"]}],
            "subnets": [{"id": "subnet-b2", "vpc_id": "vpc-b", "cidr_block": "100.64.1.0/24"}]}"#,
        &[],
    );
}

#[test]
fn overlapping_subnets_in_one_vpc() {
    check_one(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-a", "cidr_block": "10.0.1.128/25"}]}"#,
        "SUBNET_OVERLAP",
        "subnet-x",
        "cidr_block",
        Severity::Error,
    );
}

#[test]
fn overlapping_ipv6_subnets() {
    check(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-a", "cidr_block": "10.0.3.0/24", "ipv6_cidr_block": "2600:1f18:aaaa:bb01::/64"}]}"#,
        &["SUBNET_OVERLAP"],
    );
}

#[test]
fn subnet_size() {
    check(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-a", "cidr_block": "10.0.3.0/29"}]}"#,
        &["SUBNET_CIDR_SIZE_INVALID"],
    );
}

#[test]
fn subnet_without_any_block() {
    check(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-a"}]}"#,
        &["SUBNET_NO_CIDR"],
    );
}

#[test]
fn subnet_az_in_another_region() {
    check_one(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-a", "az": "eu-west-1a", "cidr_block": "10.0.3.0/24"}]}"#,
        "SUBNET_AZ_REGION_MISMATCH",
        "subnet-x",
        "az",
        Severity::Error,
    );
}

#[test]
fn subnet_az_against_vpc_region() {
    check(
        r#"{"vpcs": [{"id": "vpc-b", "region": "us-west-2"}]}"#,
        &["SUBNET_AZ_REGION_MISMATCH"],
    );
}

#[test]
fn vpc_block_size() {
    check(
        r#"{"vpcs": [{"id": "vpc-x", "cidr_blocks": ["172.16.0.0/12"]}]}"#,
        &["VPC_CIDR_SIZE_INVALID"],
    );
    check(
        r#"{"vpcs": [{"id": "vpc-x", "cidr_blocks": ["172.16.0.0/29"]}]}"#,
        &["VPC_CIDR_SIZE_INVALID"],
    );
    check(
        r#"{"vpcs": [{"id": "vpc-x", "cidr_blocks": ["172.16.0.0/16", "2600:1f18:cccc::/64"]}]}"#,
        &["VPC_CIDR_SIZE_INVALID"],
    );
}

#[test]
fn vpc_block_restricted() {
    check(
        r#"{"vpcs": [{"id": "vpc-x", "cidr_blocks": ["169.254.0.0/16"]}]}"#,
        &["VPC_CIDR_RESTRICTED"],
    );
}

#[test]
fn vpc_blocks_overlap() {
    check_one(
        r#"{"vpcs": [{"id": "vpc-x", "cidr_blocks": ["172.16.0.0/16", "172.16.128.0/17"]}]}"#,
        "VPC_CIDR_OVERLAP",
        "vpc-x",
        "cidr_blocks[1]",
        Severity::Error,
    );
}

#[test]
fn vpc_without_ipv4() {
    check(
        r#"{"vpcs": [{"id": "vpc-x", "cidr_blocks": ["2600:1f18:cccc:dd00::/56"]}]}"#,
        &["VPC_NO_IPV4_CIDR"],
    );
}

#[test]
fn cidr_with_host_bits() {
    check_one(
        r#"{"vpcs": [{"id": "vpc-x", "cidr_blocks": ["172.16.5.0/16"]}]}"#,
        "CIDR_HOST_BITS_SET",
        "vpc-x",
        "cidr_blocks[0]",
        Severity::Warning,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses.

#[test]
fn eni_address_outside_subnet() {
    check_one(
        r#"{"network_interfaces": [{"id": "eni-x", "subnet_id": "subnet-a2", "private_ips": ["10.0.2.30", "10.0.9.9"]}]}"#,
        "IP_OUTSIDE_SUBNET",
        "eni-x",
        "private_ips[1]",
        Severity::Error,
    );
}

#[test]
fn instance_ipv6_outside_subnet() {
    check(
        r#"{"instances": [{"id": "i-x", "subnet_id": "subnet-a1", "private_ip": "10.0.1.30", "ipv6_addresses": ["2600:1f18:aaaa:bb02::5"]}]}"#,
        &["IP_OUTSIDE_SUBNET"],
    );
}

#[test]
fn ipv6_address_in_subnet_without_ipv6() {
    check(
        r#"{"network_interfaces": [{"id": "eni-x", "subnet_id": "subnet-a2", "private_ips": ["10.0.2.30", "2600:1f18:aaaa:bb01::9"]}]}"#,
        &["IP_OUTSIDE_SUBNET"],
    );
}

#[test]
fn nat_address_outside_subnet() {
    check(
        r#"{"nat_gateways": [{"id": "nat-a", "private_ip": "10.0.2.10"}]}"#,
        &["IP_OUTSIDE_SUBNET"],
    );
}

#[test]
fn reserved_addresses() {
    check(
        r#"{"network_interfaces": [{"id": "eni-x", "subnet_id": "subnet-a2", "private_ips": ["10.0.2.0", "10.0.2.1", "10.0.2.3", "10.0.2.4", "10.0.2.255"]}]}"#,
        &[
            "IP_RESERVED_BY_AWS",
            "IP_RESERVED_BY_AWS",
            "IP_RESERVED_BY_AWS",
            "IP_RESERVED_BY_AWS",
        ],
    );
}

#[test]
fn duplicate_private_ip() {
    check_one(
        r#"{"network_interfaces": [{"id": "eni-x", "subnet_id": "subnet-a1", "private_ips": ["10.0.1.20"]}]}"#,
        "DUPLICATE_PRIVATE_IP",
        "i-a1",
        "private_ip",
        Severity::Error,
    );
}

#[test]
fn same_address_described_by_instance_and_its_interface() {
    check(
        r#"{"network_interfaces": [{"id": "eni-x", "subnet_id": "subnet-a1", "private_ips": ["10.0.1.30"], "attached_to": "i-x"}],
            "instances": [{"id": "i-x", "network_interface_ids": ["eni-x"], "private_ip": "10.0.1.30"}],
            "nat_gateways": [{"id": "nat-a", "eni_id": "eni-nat"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"network_interfaces": [{"id": "eni-nat", "subnet_id": "subnet-a1", "kind": "nat_gateway", "private_ips": ["10.0.1.10"], "attached_to": "nat-a"}]}"#,
        &[],
    );
}

#[test]
fn same_private_ip_in_two_vpcs() {
    check(
        r#"{"vpcs": [{"id": "vpc-c", "cidr_blocks": ["10.0.0.0/16"]}],
            "subnets": [{"id": "subnet-c1", "vpc_id": "vpc-c", "cidr_block": "10.0.1.0/24"}],
            "route_tables": [{"id": "rtb-c", "vpc_id": "vpc-c", "main": true, "routes": []}],
            "network_interfaces": [{"id": "eni-c", "subnet_id": "subnet-c1", "private_ips": ["10.0.1.20"]}]}"#,
        &[],
    );
}

#[test]
fn public_ip_in_private_range() {
    check_one(
        r#"{"instances": [{"id": "i-a1", "public_ip": "10.1.1.1"}]}"#,
        "PUBLIC_IP_NOT_PUBLIC",
        "i-a1",
        "public_ip",
        Severity::Warning,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Dangling references.

#[test]
fn subnet_vpc_missing() {
    check_one(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "vpc-zz", "cidr_block": "10.5.0.0/24"}]}"#,
        "DANGLING_REFERENCE",
        "subnet-x",
        "vpc_id",
        // A missing reference is a warning, whatever the kind (a snapshot may be partial; issue 16).
        Severity::Warning,
    );
}

#[test]
fn subnet_vpc_empty() {
    check(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "", "cidr_block": "10.5.0.0/24"}]}"#,
        &["MISSING_REFERENCE"],
    );
}

#[test]
fn reference_of_the_wrong_kind() {
    check_one(
        r#"{"subnets": [{"id": "subnet-x", "vpc_id": "sg-a", "cidr_block": "10.5.0.0/24"}]}"#,
        "REFERENCE_WRONG_KIND",
        "subnet-x",
        "vpc_id",
        Severity::Error,
    );
}

#[test]
fn route_table_references() {
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-zz", "routes": []}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "subnet_ids": ["subnet-zz"], "routes": []}]}"#,
        "DANGLING_REFERENCE",
        "rtb-x",
        "subnet_ids[0]",
        // A missing reference is a warning, whatever the kind (a snapshot may be partial; issue 16).
        Severity::Warning,
    );
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "gateway_ids": ["igw-zz"], "routes": []}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-b", "propagating_vgws": ["vgw-zz"], "routes": []}]}"#,
        &["DANGLING_REFERENCE"],
    );
}

#[test]
fn subnet_associated_with_another_vpcs_route_table() {
    check_one(
        r#"{"route_tables": [{"id": "rtb-b", "subnet_ids": ["subnet-a1"]}]}"#,
        "CROSS_VPC_REFERENCE",
        "rtb-b",
        "subnet_ids[0]",
        Severity::Error,
    );
}

#[test]
fn route_targets_that_do_not_exist() {
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [
            {"destination": {"cidr": "1.0.0.0/8"}, "target": "igw-zz"},
            {"destination": {"cidr": "::/0"}, "target": "eigw-zz"},
            {"destination": {"cidr": "3.0.0.0/8"}, "target": "nat-zz"},
            {"destination": {"cidr": "4.0.0.0/8"}, "target": "vpce-zz"},
            {"destination": {"cidr": "5.0.0.0/8"}, "target": "pcx-zz"},
            {"destination": {"cidr": "6.0.0.0/8"}, "target": "tgw-zz"},
            {"destination": {"cidr": "7.0.0.0/8"}, "target": "vgw-zz"},
            {"destination": {"cidr": "8.0.0.0/8"}, "target": "eni-zz"},
            {"destination": {"cidr": "9.0.0.0/8"}, "target": "i-zz"},
            {"destination": {"cidr": "11.0.0.0/8"}, "target": "lgw-1"}]}]}"#,
        &["ROUTE_TARGET_NOT_FOUND"; 9],
    );
}

#[test]
fn blackhole_route_to_a_deleted_target() {
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [
            {"destination": {"cidr": "0.0.0.0/0"}, "target": "nat-deleted", "state": "blackhole"}]}]}"#,
        &[],
    );
}

#[test]
fn route_target_field() {
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [
            {"destination": {"cidr": "10.0.0.0/16"}, "target": "local"},
            {"destination": {"cidr": "0.0.0.0/0"}, "target": "nat-zz"}]}]}"#,
        "ROUTE_TARGET_NOT_FOUND",
        "rtb-x",
        "routes[1].target",
        // A missing reference is a warning, whatever the kind (a snapshot may be partial; issue 16).
        Severity::Warning,
    );
}

#[test]
fn route_target_of_the_wrong_kind() {
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "tgw-rtb-1"}]}]}"#,
        &["REFERENCE_WRONG_KIND"],
    );
}

#[test]
fn route_to_missing_prefix_list() {
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"prefix_list": "pl-zz"}, "target": "vpce-s3"}]}]}"#,
        "PREFIX_LIST_NOT_FOUND",
        "rtb-x",
        "routes[0].destination",
        // A missing reference is a warning, whatever the kind (a snapshot may be partial; issue 16).
        Severity::Warning,
    );
}

#[test]
fn security_group_references() {
    check(
        r#"{"security_groups": [{"id": "sg-x", "vpc_id": "vpc-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check_one(
        r#"{"security_groups": [{"id": "sg-x", "vpc_id": "vpc-a", "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22, "security_group_ids": ["sg-zz"]}]}]}"#,
        "DANGLING_REFERENCE",
        "sg-x",
        "ingress[0].security_group_ids[0]",
        Severity::Warning,
    );
    check(
        r#"{"security_groups": [{"id": "sg-x", "vpc_id": "vpc-a", "egress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "prefix_list_ids": ["pl-zz"]}]}]}"#,
        &["PREFIX_LIST_NOT_FOUND"],
    );
}

#[test]
fn nacl_references() {
    check(
        r#"{"network_acls": [{"id": "acl-x", "vpc_id": "vpc-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"network_acls": [{"id": "acl-x", "vpc_id": "vpc-b", "subnet_ids": ["subnet-zz"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"network_acls": [{"id": "acl-x", "vpc_id": "vpc-b", "subnet_ids": ["subnet-a1"]}]}"#,
        &["CROSS_VPC_REFERENCE", "SUBNET_MULTIPLE_NACLS"],
    );
}

#[test]
fn interface_references() {
    check(
        r#"{"network_interfaces": [{"id": "eni-x", "subnet_id": "subnet-zz", "private_ips": ["10.0.2.30"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"network_interfaces": [{"id": "eni-x", "subnet_id": "subnet-a2", "private_ips": ["10.0.2.30"], "security_group_ids": ["sg-zz"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check_one(
        r#"{"network_interfaces": [{"id": "eni-x", "subnet_id": "subnet-a2", "private_ips": ["10.0.2.30"], "security_group_ids": ["sg-a", "sg-b"]}]}"#,
        "CROSS_VPC_REFERENCE",
        "eni-x",
        "security_group_ids[1]",
        Severity::Error,
    );
}

#[test]
fn instance_references() {
    check(
        r#"{"instances": [{"id": "i-x", "subnet_id": "subnet-zz", "private_ip": "10.0.1.30"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"instances": [{"id": "i-x", "network_interface_ids": ["eni-zz"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"instances": [{"id": "i-x", "network_interface_ids": ["eni-a2"]}, {"id": "i-y", "network_interface_ids": ["eni-a2"]}]}"#,
        &["ENI_MULTIPLE_INSTANCES"],
    );
    check(
        r#"{"instances": [{"id": "i-x", "subnet_id": "subnet-a1", "private_ip": "10.0.1.30", "security_group_ids": ["sg-b"]}]}"#,
        &["CROSS_VPC_REFERENCE"],
    );
    check(r#"{"instances": [{"id": "i-x"}]}"#, &["MISSING_REFERENCE"]);
}

#[test]
fn nat_references() {
    check(
        r#"{"nat_gateways": [{"id": "nat-x", "subnet_id": "subnet-zz", "public_ip": "3.3.3.4"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"nat_gateways": [{"id": "nat-x", "subnet_id": "subnet-a1", "vpc_id": "vpc-b", "public_ip": "3.3.3.4"}]}"#,
        &["CROSS_VPC_REFERENCE"],
    );
    check_one(
        r#"{"nat_gateways": [{"id": "nat-a", "eni_id": "eni-zz"}]}"#,
        "DANGLING_REFERENCE",
        "nat-a",
        "eni_id",
        Severity::Warning,
    );
}

#[test]
fn endpoint_references() {
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-x", "vpc_id": "vpc-zz", "service_name": "com.amazonaws.us-east-1.sqs", "kind": "interface"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-x", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.sqs", "kind": "interface",
            "subnet_ids": ["subnet-zz"], "security_group_ids": ["sg-zz"]}]}"#,
        &["DANGLING_REFERENCE", "DANGLING_REFERENCE"],
    );
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-x", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.dynamodb", "route_table_ids": ["rtb-zz"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-x", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.sqs", "kind": "interface",
            "subnet_ids": ["subnet-b1"], "security_group_ids": ["sg-b"]}]}"#,
        &["CROSS_VPC_REFERENCE", "CROSS_VPC_REFERENCE"],
    );
}

#[test]
fn gateway_endpoint_on_another_vpcs_route_table() {
    check_one(
        r#"{"vpc_endpoints": [{"id": "vpce-ddb", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.dynamodb", "route_table_ids": ["rtb-b"]}]}"#,
        "CROSS_VPC_REFERENCE",
        "vpce-ddb",
        "route_table_ids[0]",
        Severity::Error,
    );
}

#[test]
fn peering_references() {
    check(
        r#"{"peering_connections": [{"id": "pcx-x", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    // A peer VPC in another account: its CIDRs come with the peering.
    check(
        r#"{"peering_connections": [{"id": "pcx-x", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-other-account", "accepter_cidrs": ["10.50.0.0/16"]}]}"#,
        &[],
    );
}

#[test]
fn transit_references() {
    check(
        r#"{"transit_gateway_attachments": [{"id": "tgw-attach-x", "transit_gateway_id": "tgw-zz", "kind": "vpc", "resource_id": "vpc-b", "subnet_ids": ["subnet-b1"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"transit_gateway_attachments": [{"id": "tgw-attach-x", "transit_gateway_id": "tgw-1", "kind": "vpc", "resource_id": "vpc-zz", "subnet_ids": ["subnet-b1"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"transit_gateway_attachments": [{"id": "tgw-attach-x", "transit_gateway_id": "tgw-1", "kind": "vpn", "resource_id": "vpn-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"transit_gateway_route_tables": [{"id": "tgw-rtb-1", "associations": ["tgw-attach-zz"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"transit_gateway_route_tables": [{"id": "tgw-rtb-x", "transit_gateway_id": "tgw-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"transit_gateways": [{"id": "tgw-1", "default_route_table_id": "tgw-rtb-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"vpn_gateways": [{"id": "vgw-x", "vpc_id": "vpc-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"vpn_connections": [{"id": "vpn-1", "customer_gateway_id": "cgw-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"vpn_connections": [{"id": "vpn-1", "vpn_gateway_id": "vgw-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"direct_connect_gateways": [{"id": "dxgw-1", "transit_gateway_ids": ["tgw-zz"]}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"internet_gateways": [{"id": "igw-x", "vpc_id": "vpc-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"egress_only_internet_gateways": [{"id": "eigw-x", "vpc_id": "vpc-zz"}]}"#,
        &["DANGLING_REFERENCE"],
    );
    check(
        r#"{"load_balancers": [{"id": "lb-x", "kind": "network", "vpc_id": "vpc-a", "subnet_ids": ["subnet-b1"]}]}"#,
        &["CROSS_VPC_REFERENCE"],
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Route tables and routes.

#[test]
fn two_main_route_tables() {
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "main": true, "routes": []}]}"#,
        "MULTIPLE_MAIN_ROUTE_TABLES",
        "rtb-x",
        "main",
        Severity::Error,
    );
}

#[test]
fn subnet_in_two_route_tables() {
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "subnet_ids": ["subnet-a2"], "routes": []}]}"#,
        "SUBNET_MULTIPLE_ROUTE_TABLES",
        "rtb-x",
        "subnet_ids[0]",
        Severity::Error,
    );
}

#[test]
fn subnet_without_route_table() {
    check(
        r#"{"vpcs": [{"id": "vpc-c", "cidr_blocks": ["10.2.0.0/16"]}],
            "subnets": [{"id": "subnet-c1", "vpc_id": "vpc-c", "cidr_block": "10.2.1.0/24"}]}"#,
        &["SUBNET_NO_ROUTE_TABLE"],
    );
}

#[test]
fn reserved_route_destinations() {
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [
            {"destination": {"cidr": "169.254.168.0/22"}, "target": "igw-a"},
            {"destination": {"cidr": "169.254.169.0/24"}, "target": "igw-a"},
            {"destination": {"cidr": "fd00:ec2::/64"}, "target": "igw-a"},
            {"destination": {"cidr": "169.254.0.0/16"}, "target": "igw-a"}]}]}"#,
        &["RESERVED_ROUTE_DESTINATION"; 3],
    );
}

#[test]
fn route_more_specific_than_local() {
    // Not a whole subnet.
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"cidr": "10.0.2.0/25"}, "target": "eni-a2"}]}]}"#,
        "ROUTE_MORE_SPECIFIC_THAN_LOCAL",
        "rtb-x",
        "routes[0].destination",
        Severity::Error,
    );
    // A whole subnet, to a middlebox: allowed.
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [
            {"destination": {"cidr": "10.0.2.0/24"}, "target": "eni-a2"},
            {"destination": {"cidr": "10.0.1.0/24"}, "target": "nat-a"}]}]}"#,
        &[],
    );
    // A whole subnet, to an internet gateway: not allowed.
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"cidr": "10.0.2.0/24"}, "target": "igw-a"}]}]}"#,
        "ROUTE_MORE_SPECIFIC_THAN_LOCAL",
        "rtb-x",
        "routes[0].target",
        Severity::Error,
    );
}

#[test]
fn local_route_must_be_a_vpc_block() {
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"cidr": "10.0.0.0/8"}, "target": "local"}]}]}"#,
        &["LOCAL_ROUTE_INVALID"],
    );
}

#[test]
fn duplicate_static_route() {
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [
            {"destination": {"cidr": "0.0.0.0/0"}, "target": "igw-a"},
            {"destination": {"cidr": "0.0.0.0/0"}, "target": "nat-a"}]}]}"#,
        &["DUPLICATE_ROUTE"],
    );
    // A static and a propagated route to the same destination coexist (RT-05).
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-b", "routes": [
            {"destination": {"cidr": "172.16.0.0/16"}, "target": "pcx-ab"},
            {"destination": {"cidr": "172.16.0.0/16"}, "target": "vgw-b", "origin": "propagated-vpn-bgp"},
            {"destination": {"cidr": "172.16.0.0/16"}, "target": "vgw-b", "origin": "propagated-dx"}]}]}"#,
        &[],
    );
}

#[test]
fn route_target_in_another_vpc() {
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-b", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "igw-a"}]}]}"#,
        "ROUTE_TARGET_OTHER_VPC",
        "rtb-x",
        "routes[0].target",
        Severity::Error,
    );
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-b", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "nat-a"}]}]}"#,
        &["ROUTE_TARGET_OTHER_VPC"],
    );
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "vgw-b"}]}]}"#,
        &["ROUTE_TARGET_OTHER_VPC"],
    );
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-b", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "eni-a2"}]}]}"#,
        &["ROUTE_TARGET_OTHER_VPC"],
    );
    check(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-b", "routes": [{"destination": {"prefix_list": "pl-s3"}, "target": "vpce-s3"}]}]}"#,
        &["ROUTE_TARGET_OTHER_VPC"],
    );
    check(
        r#"{"vpcs": [{"id": "vpc-c", "cidr_blocks": ["10.2.0.0/16"]}],
            "route_tables": [{"id": "rtb-c", "vpc_id": "vpc-c", "main": true, "routes": [{"destination": {"cidr": "10.1.0.0/16"}, "target": "pcx-ab"}]}]}"#,
        &["ROUTE_TARGET_OTHER_VPC"],
    );
    let diags = run(&patched(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-b", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "tgw-1"}]}]}"#,
    ));
    assert_eq!(diags.len(), 1);
    assert_eq!(
        (diags[0].code.as_str(), diags[0].severity),
        ("ROUTE_TARGET_OTHER_VPC", Severity::Warning)
    );
}

#[test]
fn detached_internet_gateway_as_target() {
    check(
        r#"{"internet_gateways": [{"id": "igw-x"}],
            "route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "igw-x"}]}]}"#,
        &["ROUTE_TARGET_OTHER_VPC"],
    );
}

#[test]
fn invalid_route_targets() {
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-sqs", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.sqs", "kind": "interface"}],
            "route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "vpce-sqs"}]}]}"#,
        &["ROUTE_TARGET_INVALID"],
    );
    check(
        r#"{"egress_only_internet_gateways": [{"id": "eigw-a", "vpc_id": "vpc-a"}],
            "route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [
                {"destination": {"cidr": "0.0.0.0/0"}, "target": "eigw-a"},
                {"destination": {"cidr": "::/0"}, "target": "eigw-a"}]}]}"#,
        &["ROUTE_TARGET_INVALID"],
    );
}

#[test]
fn propagated_route_not_from_a_vgw() {
    check_one(
        r#"{"route_tables": [{"id": "rtb-x", "vpc_id": "vpc-a", "routes": [{"destination": {"cidr": "0.0.0.0/0"}, "target": "igw-a", "origin": "propagated"}]}]}"#,
        "ROUTE_ORIGIN_INVALID",
        "rtb-x",
        "routes[0].target",
        Severity::Warning,
    );
}

#[test]
fn gateway_route_table() {
    // Ingress routing to a middlebox for a whole subnet: allowed (GW-02).
    check(
        r#"{"route_tables": [{"id": "rtb-edge", "vpc_id": "vpc-a", "gateway_ids": ["igw-a"], "routes": [
            {"destination": {"cidr": "10.0.0.0/16"}, "target": "local"},
            {"destination": {"cidr": "10.0.2.0/24"}, "target": "eni-a2"}]}]}"#,
        &[],
    );
    check(
        r#"{"route_tables": [{"id": "rtb-edge", "vpc_id": "vpc-a", "gateway_ids": ["igw-a"], "routes": [
            {"destination": {"cidr": "0.0.0.0/0"}, "target": "nat-a"},
            {"destination": {"prefix_list": "pl-s3"}, "target": "eni-a2"}]}]}"#,
        &["GATEWAY_ROUTE_TABLE_INVALID"; 3],
    );
    check(
        r#"{"route_tables": [{"id": "rtb-edge", "vpc_id": "vpc-a", "gateway_ids": ["nat-a"], "routes": []}]}"#,
        &["GATEWAY_ASSOCIATION_INVALID"],
    );
    check(
        r#"{"route_tables": [{"id": "rtb-edge", "vpc_id": "vpc-a", "gateway_ids": ["vgw-b"], "routes": []}]}"#,
        &["CROSS_VPC_REFERENCE"],
    );
    check(
        r#"{"route_tables": [{"id": "rtb-e1", "vpc_id": "vpc-a", "gateway_ids": ["igw-a"], "routes": []},
                              {"id": "rtb-e2", "vpc_id": "vpc-a", "gateway_ids": ["igw-a"], "routes": []}]}"#,
        &["GATEWAY_MULTIPLE_ROUTE_TABLES"],
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Gateways.

#[test]
fn second_internet_gateway_on_a_vpc() {
    check_one(
        r#"{"internet_gateways": [{"id": "igw-2", "vpc_id": "vpc-a"}]}"#,
        "MULTIPLE_INTERNET_GATEWAYS",
        "igw-2",
        "vpc_id",
        Severity::Error,
    );
    check(r#"{"internet_gateways": [{"id": "igw-2"}]}"#, &[]);
}

#[test]
fn second_virtual_private_gateway_on_a_vpc() {
    check(
        r#"{"vpn_gateways": [{"id": "vgw-2", "vpc_id": "vpc-b"}]}"#,
        &["MULTIPLE_VPN_GATEWAYS"],
    );
}

#[test]
fn nat_gateways() {
    check_one(
        r#"{"nat_gateways": [{"id": "nat-a", "public_ip": null}]}"#,
        "NAT_PUBLIC_WITHOUT_EIP",
        "nat-a",
        "public_ip",
        Severity::Error,
    );
    check(
        r#"{"nat_gateways": [{"id": "nat-a", "connectivity": "private"}]}"#,
        &["NAT_PRIVATE_WITH_EIP"],
    );
    check(
        r#"{"nat_gateways": [{"id": "nat-a", "connectivity": "private", "public_ip": null}]}"#,
        &[],
    );
    check(
        r#"{"nat_gateways": [{"id": "nat-x", "public_ip": "3.3.3.4"}]}"#,
        &["NAT_MISSING_PLACEMENT"],
    );
    check(
        r#"{"nat_gateways": [{"id": "nat-x", "availability_mode": "regional", "vpc_id": "vpc-a", "public_ip": "3.3.3.4"}]}"#,
        &[],
    );
    check(
        r#"{"nat_gateways": [{"id": "nat-x", "availability_mode": "regional", "public_ip": "3.3.3.4"}]}"#,
        &["NAT_MISSING_PLACEMENT"],
    );
    check(
        r#"{"nat_gateways": [{"id": "nat-x", "availability_mode": "regional", "vpc_id": "vpc-a", "connectivity": "private"}]}"#,
        &["NAT_REGIONAL_PRIVATE"],
    );
    check_one(
        r#"{"nat_gateways": [{"id": "nat-x", "subnet_id": "subnet-a2", "private_ip": "10.0.2.10", "public_ip": "3.3.3.4"}]}"#,
        "NAT_SUBNET_NOT_PUBLIC",
        "nat-x",
        "subnet_id",
        Severity::Warning,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Peering.

#[test]
fn peering_with_overlapping_cidrs() {
    let overlap = r#"{"vpcs": [{"id": "vpc-c", "cidr_blocks": ["10.2.0.0/16", "10.0.128.0/20"]}],
        "route_tables": [{"id": "rtb-c", "vpc_id": "vpc-c", "main": true, "routes": []}],
        "peering_connections": [{"id": "pcx-ac", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-c"STATUS}]}"#;
    check_one(
        &overlap.replace("STATUS", ""),
        "PEERING_CIDR_OVERLAP",
        "pcx-ac",
        "accepter_vpc_id",
        Severity::Error,
    );
    check(
        &overlap.replace("STATUS", r#", "status": "pending-acceptance""#),
        &["PEERING_CIDR_OVERLAP"],
    );
    check(&overlap.replace("STATUS", r#", "status": "rejected""#), &[]);
}

#[test]
fn peering_overlap_from_reported_cidrs() {
    check(
        r#"{"peering_connections": [{"id": "pcx-x", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-other-account", "accepter_cidrs": ["10.0.0.0/8"]}]}"#,
        &["PEERING_CIDR_OVERLAP"],
    );
}

#[test]
fn peering_with_itself() {
    check(
        r#"{"peering_connections": [{"id": "pcx-x", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-a"}]}"#,
        &["PEERING_SELF"],
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Security groups and network ACLs.

#[test]
fn sg_port_ranges() {
    check_one(
        r#"{"security_groups": [{"id": "sg-b", "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 80, "cidrs": ["0.0.0.0/0"]}]}]}"#,
        "SG_PORT_RANGE_INVALID",
        "sg-b",
        "ingress[0].from_port",
        Severity::Error,
    );
    check(
        r#"{"security_groups": [{"id": "sg-b", "egress": [{"protocol": "udp", "from_port": 0, "to_port": 70000, "cidrs": ["0.0.0.0/0"]}]}]}"#,
        &["SG_PORT_RANGE_INVALID"],
    );
    // ICMP: from_port is the type, to_port the code; type 8 code 0 is echo request.
    check(
        r#"{"security_groups": [{"id": "sg-b", "ingress": [{"protocol": "1", "from_port": 8, "to_port": 0, "cidrs": ["0.0.0.0/0"]}]}]}"#,
        &[],
    );
    check(
        r#"{"security_groups": [{"id": "sg-b", "ingress": [{"protocol": "icmp", "from_port": 300, "to_port": 0, "cidrs": ["0.0.0.0/0"]}]}]}"#,
        &["SG_PORT_RANGE_INVALID"],
    );
    // All protocols: ports are ignored.
    check(
        r#"{"security_groups": [{"id": "sg-b", "ingress": [{"protocol": "-1", "from_port": -1, "to_port": -1, "cidrs": ["0.0.0.0/0"]}]}]}"#,
        &[],
    );
}

#[test]
fn rule_protocols() {
    check(
        r#"{"security_groups": [{"id": "sg-b", "ingress": [{"protocol": "50", "cidrs": ["0.0.0.0/0"]}]}]}"#,
        &[],
    );
    check_one(
        r#"{"security_groups": [{"id": "sg-b", "ingress": [{"protocol": "tcpx", "cidrs": ["0.0.0.0/0"]}]}]}"#,
        "RULE_PROTOCOL_INVALID",
        "sg-b",
        "ingress[0].protocol",
        Severity::Error,
    );
    check(
        r#"{"security_groups": [{"id": "sg-b", "ingress": [{"protocol": "256", "cidrs": ["0.0.0.0/0"]}]}]}"#,
        &["RULE_PROTOCOL_INVALID"],
    );
    check(
        r#"{"network_acls": [{"id": "acl-b", "vpc_id": "vpc-b", "entries": [{"rule_number": 1, "protocol": "gre", "action": "allow", "cidr": "0.0.0.0/0"}]}]}"#,
        &["RULE_PROTOCOL_INVALID"],
    );
}

#[test]
fn sg_rule_without_peer() {
    check(
        r#"{"security_groups": [{"id": "sg-b", "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22}]}]}"#,
        &["SG_RULE_NO_PEER"],
    );
}

#[test]
fn two_default_nacls() {
    check(
        r#"{"network_acls": [{"id": "acl-x", "vpc_id": "vpc-a", "default": true}]}"#,
        &["MULTIPLE_DEFAULT_NACLS"],
    );
}

#[test]
fn subnet_in_two_nacls() {
    check_one(
        r#"{"network_acls": [{"id": "acl-x", "vpc_id": "vpc-a", "subnet_ids": ["subnet-a1"]}]}"#,
        "SUBNET_MULTIPLE_NACLS",
        "acl-x",
        "subnet_ids[0]",
        Severity::Error,
    );
}

/// DNS-07: a VPC's DHCP option set should be in the snapshot (a warning: snapshots are often partial), and names
/// at most four servers.
#[test]
fn dhcp_options() {
    check(
        r#"{"dhcp_options": [{"id": "dopt-1", "domain_name_servers": ["10.0.0.53"], "forwards_to_resolver": true}],
            "vpcs": [{"id": "vpc-a", "dhcp_options_id": "dopt-1"}]}"#,
        &[],
    );
    check_one(
        r#"{"vpcs": [{"id": "vpc-a", "dhcp_options_id": "dopt-missing"}]}"#,
        "DANGLING_REFERENCE",
        "vpc-a",
        "dhcp_options_id",
        Severity::Warning,
    );
    check_one(
        r#"{"dhcp_options": [{"id": "dopt-1", "domain_name_servers": ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]}]}"#,
        "DHCP_TOO_MANY_DNS_SERVERS",
        "dopt-1",
        "domain_name_servers",
        Severity::Error,
    );
}

/// NACL-08: rule 32768 is AWS's IPv6 catch-all deny, as describe-network-acls lists it.
#[test]
fn nacl_rule_32768_is_the_ipv6_catch_all() {
    check(
        r#"{"network_acls": [{"id": "acl-b", "vpc_id": "vpc-b", "entries": [
            {"rule_number": 32768, "protocol": "-1", "action": "deny", "cidr": "::/0"},
            {"rule_number": 32768, "egress": true, "protocol": "-1", "action": "deny", "cidr": "::/0"}]}]}"#,
        &[],
    );
    check(
        r#"{"network_acls": [{"id": "acl-b", "vpc_id": "vpc-b", "entries": [{"rule_number": 32768, "protocol": "-1", "action": "deny", "cidr": "0.0.0.0/0"}]}]}"#,
        &["NACL_RULE_NUMBER_INVALID"],
    );
}

#[test]
fn nacl_rule_numbers() {
    check_one(
        r#"{"network_acls": [{"id": "acl-b", "vpc_id": "vpc-b", "entries": [
            {"rule_number": 32766, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"},
            {"rule_number": 40000, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0", "egress": true}]}]}"#,
        "NACL_RULE_NUMBER_INVALID",
        "acl-b",
        "entries[1].rule_number",
        Severity::Error,
    );
    check(
        r#"{"network_acls": [{"id": "acl-b", "vpc_id": "vpc-b", "entries": [{"rule_number": 0, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"}]}]}"#,
        &["NACL_RULE_NUMBER_INVALID"],
    );
    // 32767 is only AWS's own catch-all deny.
    check(
        r#"{"network_acls": [{"id": "acl-b", "vpc_id": "vpc-b", "entries": [{"rule_number": 32767, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"}]}]}"#,
        &["NACL_RULE_NUMBER_INVALID"],
    );
}

#[test]
fn nacl_duplicate_rule_numbers() {
    check_one(
        r#"{"network_acls": [{"id": "acl-b", "vpc_id": "vpc-b", "entries": [
            {"rule_number": 100, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"},
            {"rule_number": 100, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0", "egress": true},
            {"rule_number": 100, "protocol": "tcp", "action": "deny", "cidr": "1.2.3.4/32", "port_range": [22, 22]}]}]}"#,
        "NACL_DUPLICATE_RULE_NUMBER",
        "acl-b",
        "entries[2].rule_number",
        Severity::Error,
    );
}

#[test]
fn nacl_port_range() {
    check(
        r#"{"network_acls": [{"id": "acl-b", "vpc_id": "vpc-b", "entries": [
            {"rule_number": 100, "protocol": "tcp", "action": "allow", "cidr": "0.0.0.0/0", "port_range": [1024, 80]}]}]}"#,
        &["NACL_PORT_RANGE_INVALID"],
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Endpoints.

#[test]
fn gateway_endpoint_for_an_unsupported_service() {
    check_one(
        r#"{"vpc_endpoints": [{"id": "vpce-sqs", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.sqs", "kind": "gateway"}]}"#,
        "GATEWAY_ENDPOINT_SERVICE_UNSUPPORTED",
        "vpce-sqs",
        "service_name",
        Severity::Error,
    );
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-ddb", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.dynamodb"}]}"#,
        &[],
    );
}

#[test]
fn gateway_endpoint_ip_address_type_needs_matching_subnets() {
    // GE-21: subnet-a1 (behind rtb-a) is dual-stack: fine for dualstack, not for IPv6-only.
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-s3", "ip_address_type": "dualstack"}]}"#,
        &[],
    );
    check_one(
        r#"{"vpc_endpoints": [{"id": "vpce-s3", "ip_address_type": "ipv6"}]}"#,
        "GATEWAY_ENDPOINT_IP_TYPE_SUBNETS",
        "vpce-s3",
        "ip_address_type",
        Severity::Error,
    );
}

#[test]
fn gateway_endpoint_dns_record_ip_type() {
    // GE-24: DynamoDB supports only service-defined.
    check_one(
        r#"{"vpc_endpoints": [{"id": "vpce-ddb", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.dynamodb", "dns_record_ip_type": "ipv4"}]}"#,
        "GATEWAY_ENDPOINT_DNS_RECORD_TYPE",
        "vpce-ddb",
        "dns_record_ip_type",
        Severity::Error,
    );
    // GE-23: a custom record type needs both DNS attributes.
    check(
        r#"{"vpcs": [{"id": "vpc-a", "enable_dns_hostnames": false}], "vpc_endpoints": [{"id": "vpce-s3", "dns_record_ip_type": "ipv4"}]}"#,
        &["GATEWAY_ENDPOINT_DNS_RECORD_TYPE"],
    );
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-s3", "dns_record_ip_type": "service-defined"}]}"#,
        &[],
    );
}

#[test]
fn inbound_resolver_only_needs_a_gateway_endpoint() {
    // IE-23 / GE-29: fine for S3 (vpce-s3 is a gateway endpoint in vpc-a), an error for a service without one.
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-s3i", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.s3", "kind": "interface",
            "subnet_ids": ["subnet-a1"], "private_dns_enabled": true, "private_dns_only_for_inbound_resolver_endpoint": true}]}"#,
        &[],
    );
    check_one(
        r#"{"vpc_endpoints": [{"id": "vpce-ddbi", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.dynamodb", "kind": "interface",
            "subnet_ids": ["subnet-a1"], "private_dns_enabled": true, "private_dns_only_for_inbound_resolver_endpoint": true}]}"#,
        "INBOUND_RESOLVER_ONLY_NEEDS_GATEWAY_ENDPOINT",
        "vpce-ddbi",
        "private_dns_only_for_inbound_resolver_endpoint",
        Severity::Error,
    );
}

#[test]
fn cross_region_interface_endpoints() {
    // CR-01: S3 supports cross-Region interface endpoints; SQS does not.
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-x", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-west-2.s3", "kind": "interface",
            "subnet_ids": ["subnet-a1"], "service_region": "us-west-2"}]}"#,
        &[],
    );
    check_one(
        r#"{"vpc_endpoints": [{"id": "vpce-x", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-west-2.sqs", "kind": "interface",
            "subnet_ids": ["subnet-a1"], "service_region": "us-west-2"}]}"#,
        "CROSS_REGION_SERVICE_UNSUPPORTED",
        "vpce-x",
        "service_region",
        Severity::Error,
    );
    // CR-04: not in use1-az3.
    check_one(
        r#"{"subnets": [{"id": "subnet-a1", "az_id": "use1-az3"}], "vpc_endpoints": [{"id": "vpce-x", "vpc_id": "vpc-a",
            "service_name": "com.amazonaws.us-west-2.s3", "kind": "interface", "subnet_ids": ["subnet-a1"], "service_region": "us-west-2"}]}"#,
        "CROSS_REGION_AZ_UNSUPPORTED",
        "vpce-x",
        "subnet_ids[0]",
        Severity::Error,
    );
}

#[test]
fn gateway_endpoint_in_another_region() {
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-s3", "service_name": "com.amazonaws.eu-west-1.s3"}]}"#,
        &["GATEWAY_ENDPOINT_REGION_MISMATCH"],
    );
}

#[test]
fn two_gateway_endpoints_of_one_service_on_a_table() {
    check_one(
        r#"{"vpc_endpoints": [{"id": "vpce-s3b", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.s3", "route_table_ids": ["rtb-a2", "rtb-a"]}]}"#,
        "GATEWAY_ENDPOINT_DUPLICATE_SERVICE",
        "vpce-s3b",
        "route_table_ids[1]",
        Severity::Error,
    );
    // S3 and DynamoDB on one table, and one service on several tables, are fine (GE-04).
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-s3", "route_table_ids": ["rtb-a", "rtb-a2"]},
            {"id": "vpce-ddb", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.dynamodb", "route_table_ids": ["rtb-a"]}]}"#,
        &[],
    );
}

#[test]
fn two_gateway_endpoints_of_one_service_seen_in_routes() {
    check_one(
        r#"{"vpc_endpoints": [{"id": "vpce-s3", "route_table_ids": ["rtb-a", "rtb-a2"]},
                              {"id": "vpce-s3b", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.s3"}],
            "route_tables": [{"id": "rtb-a2", "routes": [
                {"destination": {"cidr": "10.0.0.0/16"}, "target": "local"},
                {"destination": {"prefix_list": "pl-s3"}, "target": "vpce-s3b"}]}]}"#,
        "GATEWAY_ENDPOINT_DUPLICATE_SERVICE",
        "rtb-a2",
        "routes[1].target",
        Severity::Error,
    );
}

/// `n` more gateway endpoints (DynamoDB, no route table) in `vpc` of `region`, ids `vpce-<tag>NNN`.
fn gateway_endpoints_in(region: &str, vpc: &str, tag: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            serde_json::json!({"id": format!("vpce-{tag}{i:03}"), "vpc_id": vpc, "kind": "gateway",
                "service_name": format!("com.amazonaws.{region}.dynamodb")})
        })
        .collect()
}

fn gateway_endpoints(vpc: &str, tag: &str, n: usize) -> Vec<Value> {
    gateway_endpoints_in("us-east-1", vpc, tag, n)
}

#[test]
fn gateway_endpoint_quota_per_region_and_account() {
    // The base's S3 endpoint and 20 more in us-east-1: the 21st needs a quota increase (GE-17).
    let patch = serde_json::json!({"vpc_endpoints": gateway_endpoints("vpc-a", "g", 20)});
    check_one(
        &patch.to_string(),
        "GATEWAY_ENDPOINT_QUOTA",
        "vpce-g019",
        "id",
        Severity::Warning,
    );
    // Twenty in all is within the quota; so are twenty more in another Region, or in another account.
    let within = serde_json::json!({"vpc_endpoints": gateway_endpoints("vpc-a", "g", 19)});
    check(&within.to_string(), &[]);
    let mut other: Value = serde_json::from_str(&patched("{}")).unwrap();
    other["vpcs"].as_array_mut().unwrap().extend([
        serde_json::json!({"id": "vpc-w", "region": "us-west-2", "cidr_blocks": ["10.8.0.0/16"]}),
        serde_json::json!({"id": "vpc-o", "owner_id": "222222222222", "cidr_blocks": ["10.9.0.0/16"]}),
    ]);
    let endpoints = other["vpc_endpoints"].as_array_mut().unwrap();
    endpoints.extend(gateway_endpoints("vpc-a", "g", 19));
    endpoints.extend(gateway_endpoints_in("us-west-2", "vpc-w", "w", 20));
    endpoints.extend(gateway_endpoints("vpc-o", "o", 20));
    let codes: Vec<String> = run(&other.to_string())
        .into_iter()
        .filter(|d| d.code.starts_with("GATEWAY_ENDPOINT_"))
        .map(|d| d.to_string())
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn gateway_endpoints_per_vpc_hard_limit() {
    let patch = serde_json::json!({"vpc_endpoints": gateway_endpoints("vpc-a", "g", 255)});
    check(
        &patch.to_string(),
        &["GATEWAY_ENDPOINT_QUOTA", "GATEWAY_ENDPOINT_VPC_LIMIT"],
    );
    let d = run(&patched(&patch.to_string()))
        .into_iter()
        .find(|d| d.code == "GATEWAY_ENDPOINT_VPC_LIMIT")
        .unwrap();
    assert_eq!(
        (d.subject.as_str(), d.severity),
        ("vpce-g254", Severity::Error)
    );
}

/// The `ENDPOINT_PRINCIPAL_NOT_ALLOWED` findings for a consumer VPC of `account` whose endpoint uses a service
/// allowing `principals`.
fn principal_findings(account: Option<&str>, principals: &[&str]) -> Vec<(String, Severity)> {
    let patch = serde_json::json!({
        "vpcs": [{"id": "vpc-b", "owner_id": account}],
        "endpoint_services": [{"id": "vpce-svc-1", "service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-1",
            "owner": "111111111111", "allowed_principals": principals}],
        "vpc_endpoints": [{"id": "vpce-c", "vpc_id": "vpc-b", "kind": "interface", "subnet_ids": ["subnet-b1"],
            "service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-1"}]
    });
    run(&patched(&patch.to_string()))
        .into_iter()
        .filter(|d| d.code == "ENDPOINT_PRINCIPAL_NOT_ALLOWED")
        .map(|d| (d.subject.clone(), d.severity))
        .collect()
}

/// ES-03: only allowed principals can create an endpoint to a service.
#[test]
fn endpoint_principal_not_allowed() {
    let refused = vec![("vpce-c".to_string(), Severity::Warning)];
    assert_eq!(
        principal_findings(Some("222222222222"), &["arn:aws:iam::333333333333:root"]),
        refused
    );
    for allowed in [
        vec!["*"],
        vec!["arn:aws:iam::222222222222:root"],
        vec![
            "arn:aws:iam::333333333333:root",
            "arn:aws:iam::222222222222:role/deployer",
        ],
        vec!["222222222222"],
    ] {
        assert!(
            principal_findings(Some("222222222222"), &allowed).is_empty(),
            "{allowed:?}"
        );
    }
    // Unknown account, no list (a snapshot without the service's permissions), or the provider's own account.
    assert!(principal_findings(None, &["arn:aws:iam::333333333333:root"]).is_empty());
    assert!(principal_findings(Some("222222222222"), &[]).is_empty());
    assert!(
        principal_findings(Some("111111111111"), &["arn:aws:iam::333333333333:root"]).is_empty()
    );
}

/// The codes (and severities) of quota findings for BASE + `patch`.
fn quota_findings(patch: &Value) -> Vec<(String, String, Severity)> {
    run(&patched(&patch.to_string()))
        .into_iter()
        .filter(|d| d.code.ends_with("_QUOTA") || d.code.ends_with("_LIMIT"))
        .map(|d| (d.code.clone(), d.subject.clone(), d.severity))
        .collect()
}

/// IE-17: interface and GWLB endpoints together, 50 per VPC by default.
#[test]
fn interface_endpoint_quota_per_vpc() {
    let endpoints = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| {
                serde_json::json!({"id": format!("vpce-i{i:03}"), "vpc_id": "vpc-a", "kind":
                    if i % 2 == 0 { "interface" } else { "gateway_load_balancer" },
                    "service_name": format!("com.amazonaws.vpce.us-east-1.vpce-svc-{i}")})
            })
            .collect()
    };
    let over = quota_findings(&serde_json::json!({"vpc_endpoints": endpoints(51)}));
    assert_eq!(
        over,
        [(
            "INTERFACE_ENDPOINT_QUOTA".to_string(),
            "vpce-i050".to_string(),
            Severity::Warning
        )]
    );
    assert!(quota_findings(&serde_json::json!({"vpc_endpoints": endpoints(50)})).is_empty());
}

/// NACL-06: 20 rules per direction and address family by default, 40 at most; the default rule does not count.
#[test]
fn nacl_rule_quota_per_direction_and_family() {
    let rules = |n: usize, egress: bool, v6: bool| -> Vec<Value> {
        (0..n)
            .map(|i| {
                let cidr = if v6 { format!("2001:db8:{i:x}::/48") } else { format!("10.{i}.0.0/16") };
                serde_json::json!({"rule_number": 100 + i, "egress": egress, "protocol": "-1", "action": "allow", "cidr": cidr})
            })
            .collect()
    };
    let acl = |entries: Vec<Value>| serde_json::json!({"network_acls": [{"id": "acl-q", "vpc_id": "vpc-a", "entries": entries}]});
    // 20 inbound IPv4 + 20 inbound IPv6 + 20 outbound IPv4: each within its own quota.
    let mut within = rules(20, false, false);
    within.extend(rules(20, false, true));
    within.extend(rules(20, true, false));
    within.push(serde_json::json!({"rule_number": 32767, "egress": false, "protocol": "-1", "action": "deny", "cidr": "0.0.0.0/0"}));
    assert!(quota_findings(&acl(within)).is_empty());
    assert_eq!(
        quota_findings(&acl(rules(21, true, false))),
        [(
            "NACL_RULE_QUOTA".to_string(),
            "acl-q".to_string(),
            Severity::Warning
        )]
    );
    assert_eq!(
        quota_findings(&acl(rules(41, false, true))),
        [(
            "NACL_RULE_QUOTA".to_string(),
            "acl-q".to_string(),
            Severity::Error
        )]
    );
}

/// PCX-06: 50 active peering connections per VPC by default, 125 at most; inactive ones do not count.
#[test]
fn peering_quota_per_vpc() {
    let peerings = |n: usize, status: &str| -> Value {
        let vpcs: Vec<Value> = (0..n)
            .map(|i| serde_json::json!({"id": format!("vpc-p{i:03}"), "cidr_blocks": [format!("10.{}.{}.0/24", 100 + i / 200, i % 200)]}))
            .collect();
        let pcx: Vec<Value> = (0..n)
            .map(|i| {
                serde_json::json!({"id": format!("pcx-p{i:03}"), "requester_vpc_id": "vpc-a",
                "accepter_vpc_id": format!("vpc-p{i:03}"), "status": status})
            })
            .collect();
        serde_json::json!({"vpcs": vpcs, "peering_connections": pcx})
    };
    // The base already peers vpc-a with vpc-b.
    assert!(quota_findings(&peerings(49, "active")).is_empty());
    assert_eq!(
        quota_findings(&peerings(50, "active")),
        [(
            "PEERING_QUOTA".to_string(),
            "vpc-a".to_string(),
            Severity::Warning
        )]
    );
    assert_eq!(
        quota_findings(&peerings(125, "active")),
        [(
            "PEERING_QUOTA".to_string(),
            "vpc-a".to_string(),
            Severity::Error
        )]
    );
    assert!(quota_findings(&peerings(60, "deleted")).is_empty());
}

/// RT-10: 50 non-propagated routes per table by default, 1,000 at most; a prefix list counts by its weight.
#[test]
fn route_quota_counts_prefix_lists_by_weight() {
    let table = |routes: Vec<Value>| {
        serde_json::json!({"route_tables": [{"id": "rtb-q", "vpc_id": "vpc-a", "routes": routes}],
            "prefix_lists": [
                {"id": "pl-cf", "name": "com.amazonaws.global.cloudfront.origin-facing", "aws_managed": true, "cidrs": ["13.32.0.0/15"]},
                {"id": "pl-mine", "name": "offices", "cidrs": ["198.51.100.0/24", "203.0.113.0/24", "192.0.2.0/24"]}]})
    };
    let routes = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| serde_json::json!({"destination": {"cidr": format!("172.{}.{}.0/24", 16 + i / 250, i % 250)}, "target": "igw-a"}))
            .collect()
    };
    assert!(quota_findings(&table(routes(50))).is_empty());
    assert_eq!(
        quota_findings(&table(routes(51))),
        [(
            "ROUTE_QUOTA".to_string(),
            "rtb-q".to_string(),
            Severity::Warning
        )]
    );
    // CloudFront's list weighs 55 on its own; a customer list weighs its entries (3).
    let mut heavy = routes(0);
    heavy.push(serde_json::json!({"destination": {"prefix_list": "pl-cf"}, "target": "igw-a"}));
    assert_eq!(quota_findings(&table(heavy)).len(), 1);
    let mut light = routes(47);
    light.push(serde_json::json!({"destination": {"prefix_list": "pl-mine"}, "target": "igw-a"}));
    assert!(quota_findings(&table(light)).is_empty());
    assert_eq!(
        quota_findings(&table(routes(1001))),
        [(
            "ROUTE_QUOTA".to_string(),
            "rtb-q".to_string(),
            Severity::Error
        )]
    );
}

/// IE-09: IPv4 needs IPv4 ranges, dualstack both, IPv6 IPv6-only subnets.
#[test]
fn interface_endpoint_ip_type_must_fit_its_subnets() {
    let with = |ip_type: &str, subnets: &[&str]| {
        serde_json::json!({
            "subnets": [{"id": "subnet-v6", "vpc_id": "vpc-a", "az": "us-east-1c", "ipv6_cidr_block": "2600:1f18:aaaa:bb02::/64"}],
            "vpc_endpoints": [{"id": "vpce-if", "vpc_id": "vpc-a", "kind": "interface", "ip_address_type": ip_type,
                "service_name": "com.amazonaws.us-east-1.sqs", "subnet_ids": subnets}]})
        .to_string()
    };
    // subnet-a1 is dual-stack, subnet-a2 IPv4-only, subnet-v6 IPv6-only.
    check(&with("ipv4", &["subnet-a1", "subnet-a2"]), &[]);
    check(&with("dualstack", &["subnet-a1"]), &[]);
    check(&with("ipv6", &["subnet-v6"]), &[]);
    check_one(
        &with("ipv6", &["subnet-a1"]),
        "INTERFACE_ENDPOINT_IP_TYPE_SUBNETS",
        "vpce-if",
        "subnet_ids[0]",
        Severity::Error,
    );
    check_one(
        &with("dualstack", &["subnet-a1", "subnet-a2"]),
        "INTERFACE_ENDPOINT_IP_TYPE_SUBNETS",
        "vpce-if",
        "subnet_ids[1]",
        Severity::Error,
    );
    check_one(
        &with("ipv4", &["subnet-v6"]),
        "INTERFACE_ENDPOINT_IP_TYPE_SUBNETS",
        "vpce-if",
        "subnet_ids[0]",
        Severity::Error,
    );
}

/// SG-06: a rule may reference a group of a peered VPC in the same Region, not in another one.
#[test]
fn security_group_reference_to_another_region() {
    let rule = serde_json::json!({"protocol": "tcp", "from_port": 443, "to_port": 443, "security_group_ids": ["sg-b"]});
    let same_region = serde_json::json!({"security_groups": [{"id": "sg-a", "vpc_id": "vpc-a", "ingress": [rule]}]});
    assert!(run(&patched(&same_region.to_string()))
        .iter()
        .all(|d| d.code != "SG_REFERENCE_OTHER_REGION"));
    let other_region = serde_json::json!({"vpcs": [{"id": "vpc-b", "region": "eu-west-1"}],
        "subnets": [{"id": "subnet-b1", "az": "eu-west-1a"}],
        "security_groups": [{"id": "sg-a", "vpc_id": "vpc-a", "ingress": [rule]}]});
    let found: Vec<(String, String)> = run(&patched(&other_region.to_string()))
        .into_iter()
        .filter(|d| d.code == "SG_REFERENCE_OTHER_REGION")
        .map(|d| (d.subject, d.field))
        .collect();
    assert_eq!(
        found,
        [(
            "sg-a".to_string(),
            "ingress[0].security_group_ids[0]".to_string()
        )]
    );
}

/// NACL-05: an ACL cannot block DNS to the Resolver (VPC+2, 169.254.169.253) or the metadata service.
#[test]
fn nacl_deny_rules_aimed_at_the_resolver_have_no_effect() {
    let deny = |cidr: &str| {
        serde_json::json!({"network_acls": [{"id": "acl-a", "entries": [
            {"rule_number": 90, "egress": true, "protocol": "udp", "action": "deny", "cidr": cidr, "port_range": [53, 53]},
            {"rule_number": 100, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"},
            {"rule_number": 100, "egress": true, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"}]}]})
        .to_string()
    };
    for cidr in [
        "10.0.0.2/32",
        "169.254.169.253/32",
        "169.254.169.254/32",
        "fd00:ec2::253/128",
    ] {
        check_one(
            &deny(cidr),
            "NACL_RULE_NO_EFFECT",
            "acl-a",
            "entries[0]",
            Severity::Warning,
        );
    }
    // Another address, a wider block, or the base + 2 of another VPC: an ordinary rule.
    for cidr in ["10.0.0.3/32", "10.0.0.0/24", "10.1.0.2/32"] {
        check(&deny(cidr), &[]);
    }
}

/// CR-06, CR-07: an endpoint from a Region the service does not list (a warning; the scenario
/// `endpoints/cross-region/cr07-supported-region-removed.json` shows the flow still works).
#[test]
fn endpoint_from_a_region_the_service_does_not_list() {
    let with = |regions: &[&str]| {
        serde_json::json!({
            "endpoint_services": [{"id": "vpce-svc-w", "service_name": "com.amazonaws.vpce.us-west-2.vpce-svc-w",
                "region": "us-west-2", "supported_regions": regions}],
            "vpc_endpoints": [{"id": "vpce-x", "vpc_id": "vpc-b", "kind": "interface", "subnet_ids": ["subnet-b1"],
                "service_name": "com.amazonaws.vpce.us-west-2.vpce-svc-w", "service_region": "us-west-2"}]})
        .to_string()
    };
    let found = |regions: &[&str]| -> Vec<String> {
        run(&patched(&with(regions)))
            .into_iter()
            .filter(|d| d.code == "ENDPOINT_SERVICE_REGION_NOT_SUPPORTED")
            .map(|d| d.subject)
            .collect()
    };
    assert_eq!(found(&["us-west-2"]), ["vpce-x"]);
    assert!(found(&["us-west-2", "us-east-1"]).is_empty());
    assert!(found(&[]).is_empty(), "no list: the snapshot did not say");
}

#[test]
fn interface_endpoint_with_two_subnets_in_one_az() {
    check_one(
        r#"{"subnets": [{"id": "subnet-a3", "vpc_id": "vpc-a", "az": "us-east-1a", "cidr_block": "10.0.3.0/24"}],
            "vpc_endpoints": [{"id": "vpce-sqs", "vpc_id": "vpc-a", "service_name": "com.amazonaws.us-east-1.sqs", "kind": "interface",
                "subnet_ids": ["subnet-a1", "subnet-a2", "subnet-a3"]}]}"#,
        "INTERFACE_ENDPOINT_DUPLICATE_AZ",
        "vpce-sqs",
        "subnet_ids[2]",
        Severity::Error,
    );
}

#[test]
fn private_dns_needs_both_vpc_dns_attributes() {
    let endpoint = r#"{"vpc_endpoints": [{"id": "vpce-sqs", "vpc_id": "VPC", "service_name": "com.amazonaws.us-east-1.sqs", "kind": "interface",
        "subnet_ids": ["SUBNET"], "private_dns_enabled": true}]}"#;
    check(
        &endpoint
            .replace("VPC", "vpc-a")
            .replace("SUBNET", "subnet-a1"),
        &[],
    );
    check_one(
        &endpoint
            .replace("VPC", "vpc-b")
            .replace("SUBNET", "subnet-b1"),
        "PRIVATE_DNS_REQUIRES_VPC_DNS",
        "vpce-sqs",
        "private_dns_enabled",
        Severity::Warning,
    );
    let dns_off = endpoint
        .replace("VPC", "vpc-a")
        .replace("SUBNET", "subnet-a1")
        .replacen(
            r#"{"vpc_endpoints""#,
            r#"{"vpcs": [{"id": "vpc-a", "enable_dns_support": false}], "vpc_endpoints""#,
            1,
        );
    check(&dns_off, &["PRIVATE_DNS_REQUIRES_VPC_DNS"]);
}

#[test]
fn gwlb_endpoint_with_two_subnets() {
    check(
        r#"{"vpc_endpoints": [{"id": "vpce-gwlb", "vpc_id": "vpc-a", "service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-1", "kind": "gateway_load_balancer",
            "subnet_ids": ["subnet-a1", "subnet-a2"]}]}"#,
        &["GWLB_ENDPOINT_MULTIPLE_SUBNETS"],
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Transit gateways and VPN.

#[test]
fn tgw_attachment_subnets() {
    check_one(
        r#"{"transit_gateway_attachments": [{"id": "tgw-attach-a", "subnet_ids": ["subnet-a1", "subnet-b1"]}]}"#,
        "CROSS_VPC_REFERENCE",
        "tgw-attach-a",
        "subnet_ids[1]",
        Severity::Error,
    );
    check(
        r#"{"subnets": [{"id": "subnet-a3", "vpc_id": "vpc-a", "az": "us-east-1a", "cidr_block": "10.0.3.0/24"}],
            "transit_gateway_attachments": [{"id": "tgw-attach-a", "subnet_ids": ["subnet-a1", "subnet-a3"]}]}"#,
        &["TGW_ATTACHMENT_DUPLICATE_AZ"],
    );
    check(
        r#"{"transit_gateway_attachments": [{"id": "tgw-attach-a", "subnet_ids": []}]}"#,
        &["TGW_ATTACHMENT_NO_SUBNETS"],
    );
}

#[test]
fn tgw_route_tables() {
    check(
        r#"{"transit_gateway_route_tables": [{"id": "tgw-rtb-2", "transit_gateway_id": "tgw-1", "associations": ["tgw-attach-a"]}]}"#,
        &["TGW_ATTACHMENT_MULTIPLE_ASSOCIATIONS"],
    );
    check(
        r#"{"transit_gateways": [{"id": "tgw-2"}],
            "transit_gateway_route_tables": [{"id": "tgw-rtb-2", "transit_gateway_id": "tgw-2", "propagations": ["tgw-attach-a"]}]}"#,
        &["CROSS_TGW_REFERENCE"],
    );
    check(
        r#"{"transit_gateway_route_tables": [{"id": "tgw-rtb-1", "routes": [{"cidr": "10.0.0.0/16"}]}]}"#,
        &["TGW_ROUTE_NO_ATTACHMENT"],
    );
}

#[test]
fn vpn_connection_gateway() {
    check(
        r#"{"vpn_connections": [{"id": "vpn-x", "customer_gateway_id": "cgw-1"}]}"#,
        &["VPN_GATEWAY_INVALID"],
    );
    check(
        r#"{"vpn_connections": [{"id": "vpn-x", "vpn_gateway_id": "vgw-b", "transit_gateway_id": "tgw-1"}]}"#,
        &["VPN_GATEWAY_INVALID"],
    );
}

// ---------------------------------------------------------------------------------------------------------------
// The code list itself.

#[test]
fn codes_are_unique_and_upper_snake() {
    let mut seen = std::collections::HashSet::new();
    for (code, meaning) in VALIDATION_CODES {
        assert!(seen.insert(code), "duplicate code {code}");
        assert!(
            code.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{code}"
        );
        assert!(!meaning.is_empty());
    }
}

#[test]
fn every_listed_code_is_emitted_somewhere_and_every_emitted_code_is_listed() {
    let sources = [
        include_str!("ctx.rs"),
        include_str!("ids.rs"),
        include_str!("network.rs"),
        include_str!("routing.rs"),
        include_str!("rules.rs"),
        include_str!("endpoints.rs"),
        include_str!("transit.rs"),
        include_str!("quotas.rs"),
    ]
    .join("\n");
    for (code, _) in VALIDATION_CODES {
        assert!(
            sources.contains(&format!("\"{code}\"")),
            "{code} is listed but never emitted"
        );
    }
    // Every "UPPER_SNAKE" string literal in the checks is a listed code.
    for literal in sources.split('"').skip(1).step_by(2) {
        let looks_like_code = literal.len() > 3
            && literal.contains('_')
            && literal
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if looks_like_code {
            assert!(
                super::code_meaning(literal).is_some(),
                "{literal} is emitted but not in VALIDATION_CODES"
            );
        }
    }
}

#[test]
fn every_listed_code_has_a_test() {
    let tests = include_str!("tests.rs");
    for (code, _) in VALIDATION_CODES {
        let quoted = format!("\"{code}\"");
        assert!(tests.contains(&quoted), "{code} has no test case");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Never panics.

mod never_panics {
    use super::super::validate;
    use crate::Topology;
    use proptest::prelude::*;

    const IDS: &[&str] = &[
        "vpc-a",
        "vpc-b",
        "subnet-a",
        "subnet-b",
        "rtb-a",
        "igw-a",
        "eigw-a",
        "nat-a",
        "i-a",
        "eni-a",
        "sg-a",
        "acl-a",
        "pl-a",
        "vpce-a",
        "pcx-a",
        "tgw-a",
        "tgw-attach-a",
        "tgw-rtb-a",
        "vgw-a",
        "cgw-a",
        "vpn-a",
        "dxgw-a",
        "",
        "local",
        "x",
    ];
    const NETS: &[&str] = &[
        "10.0.0.0/16",
        "10.0.1.0/24",
        "10.0.1.7/24",
        "0.0.0.0/0",
        "::/0",
        "2600::/56",
        "2600::/64",
        "169.254.168.0/22",
        "10.0.0.0/8",
        "255.255.255.255/32",
        "fd00:ec2::/32",
    ];
    const IPS: &[&str] = &[
        "10.0.1.5",
        "10.0.0.0",
        "10.0.1.255",
        "2600::1",
        "1.2.3.4",
        "255.255.255.255",
    ];

    fn pick(list: &'static [&'static str]) -> impl Strategy<Value = String> {
        proptest::sample::select(list).prop_map(str::to_string)
    }

    fn object() -> impl Strategy<Value = (usize, String, String, String, String, String)> {
        (
            0usize..22,
            pick(IDS),
            pick(IDS),
            pick(IDS),
            pick(NETS),
            pick(IPS),
        )
    }

    fn render(objs: &[(usize, String, String, String, String, String)]) -> String {
        let lists = [
            (
                "vpcs",
                r#"{"id":"A","cidr_blocks":["N"],"region":"us-east-1"}"#,
            ),
            (
                "subnets",
                r#"{"id":"A","vpc_id":"B","cidr_block":"N","ipv6_cidr_block":"N","az":"us-east-1a"}"#,
            ),
            (
                "route_tables",
                r#"{"id":"A","vpc_id":"B","main":true,"subnet_ids":["C"],"gateway_ids":["C"],"propagating_vgws":["B"],"routes":[{"destination":{"cidr":"N"},"target":"C"},{"destination":{"prefix_list":"B"},"target":"C"}]}"#,
            ),
            ("internet_gateways", r#"{"id":"A","vpc_id":"B"}"#),
            (
                "egress_only_internet_gateways",
                r#"{"id":"A","vpc_id":"B"}"#,
            ),
            (
                "nat_gateways",
                r#"{"id":"A","subnet_id":"B","vpc_id":"C","private_ip":"10.0.1.5","availability_mode":"regional","connectivity":"private"}"#,
            ),
            (
                "instances",
                r#"{"id":"A","subnet_id":"B","network_interface_ids":["C"],"private_ip":"I","security_group_ids":["B"]}"#,
            ),
            (
                "network_interfaces",
                r#"{"id":"A","subnet_id":"B","private_ips":["I","I"],"security_group_ids":["C"]}"#,
            ),
            (
                "security_groups",
                r#"{"id":"A","vpc_id":"B","ingress":[{"protocol":"C","from_port":70000,"to_port":-5,"cidrs":["N"],"prefix_list_ids":["B"],"security_group_ids":["C"]}]}"#,
            ),
            (
                "network_acls",
                r#"{"id":"A","vpc_id":"B","default":true,"subnet_ids":["C"],"entries":[{"rule_number":0,"protocol":"C","action":"deny","cidr":"N","port_range":[9,1]}]}"#,
            ),
            ("prefix_lists", r#"{"id":"A","name":"B","cidrs":["N"]}"#),
            (
                "vpc_endpoints",
                r#"{"id":"A","vpc_id":"B","service_name":"C","route_table_ids":["C"],"subnet_ids":["B"],"security_group_ids":["C"],"private_dns_enabled":true}"#,
            ),
            (
                "vpc_endpoints",
                r#"{"id":"A","vpc_id":"B","service_name":"com.amazonaws.C","kind":"interface","subnet_ids":["B","C"],"private_dns_enabled":true}"#,
            ),
            (
                "load_balancers",
                r#"{"id":"A","kind":"network","vpc_id":"B","subnet_ids":["C"]}"#,
            ),
            (
                "peering_connections",
                r#"{"id":"A","requester_vpc_id":"B","accepter_vpc_id":"C","accepter_cidrs":["N"]}"#,
            ),
            (
                "transit_gateways",
                r#"{"id":"A","default_route_table_id":"B"}"#,
            ),
            (
                "transit_gateway_attachments",
                r#"{"id":"A","transit_gateway_id":"B","resource_id":"C","subnet_ids":["B","C"]}"#,
            ),
            (
                "transit_gateway_route_tables",
                r#"{"id":"A","transit_gateway_id":"B","associations":["C"],"propagations":["C"],"routes":[{"cidr":"N","attachment_ids":["B"]}]}"#,
            ),
            ("vpn_gateways", r#"{"id":"A","vpc_id":"B"}"#),
            ("customer_gateways", r#"{"id":"A"}"#),
            (
                "vpn_connections",
                r#"{"id":"A","vpn_gateway_id":"B","transit_gateway_id":"C","customer_gateway_id":"B"}"#,
            ),
            (
                "direct_connect_gateways",
                r#"{"id":"A","vpn_gateway_ids":["B"],"transit_gateway_ids":["C"]}"#,
            ),
        ];
        let mut by_list: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for (k, a, b, c, n, ip) in objs {
            let (list, template) = lists[k % lists.len()];
            let item = template
                .replace('A', a)
                .replace('B', b)
                .replace('C', c)
                .replace('N', n)
                .replace('I', ip);
            by_list.entry(list).or_default().push(item);
        }
        let body: Vec<String> = by_list
            .iter()
            .map(|(k, v)| format!("\"{k}\":[{}]", v.join(",")))
            .collect();
        format!("{{{}}}", body.join(","))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn validate_never_panics(objs in proptest::collection::vec(object(), 0..24)) {
            let json = render(&objs);
            // The templates use placeholder letters that also occur in ids; anything that does not parse is skipped.
            if let Ok(t) = Topology::from_json(&json) {
                let _ = validate(&t);
            }
        }
    }
}
