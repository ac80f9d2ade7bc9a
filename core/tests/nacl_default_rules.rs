//! NACL-08: `describe-network-acls` lists AWS's own catch-all denies as rule 32767 (IPv4, `0.0.0.0/0`) and
//! rule 32768 (IPv6, `::/0`). Both are implicit: a snapshot that lists them validates cleanly, the trace ignores
//! them (they only say what happens when nothing else matches), and the Terraform export never declares them
//! (AWS and the provider accept rule numbers 1–32766 only).

use vpclab_core::import::aws_cli::import_str;
use vpclab_core::validate::validate;
use vpclab_core::{export, Severity};

/// A dual-stack VPC's default network ACL as `aws ec2 describe-network-acls` prints it (the shape of the example
/// in the AWS CLI reference, with an IPv6 block on the VPC).
const SNAPSHOT: &str = r#"{
  "Vpcs": [{"VpcId": "vpc-0a60eb65b4EXAMPLE", "CidrBlock": "10.0.0.0/16", "State": "available",
            "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:aaaa:bb00::/56",
              "Ipv6CidrBlockState": {"State": "associated"}}]}],
  "Subnets": [{"SubnetId": "subnet-0d3d002af8EXAMPLE", "VpcId": "vpc-0a60eb65b4EXAMPLE", "CidrBlock": "10.0.1.0/24",
               "AvailabilityZone": "us-east-1a"}],
  "NetworkAcls": [{
    "NetworkAclId": "acl-0ea1f54ca7EXAMPLE", "VpcId": "vpc-0a60eb65b4EXAMPLE", "IsDefault": true,
    "Associations": [{"NetworkAclAssociationId": "aclassoc-0b1d4c2f0aEXAMPLE", "NetworkAclId": "acl-0ea1f54ca7EXAMPLE",
                      "SubnetId": "subnet-0d3d002af8EXAMPLE"}],
    "Entries": [
      {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
      {"Egress": true, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 101},
      {"CidrBlock": "0.0.0.0/0", "Egress": true, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
      {"Egress": true, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768},
      {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
      {"Egress": false, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 101},
      {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
      {"Egress": false, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768}
    ]
  }]
}"#;

#[test]
fn nacl08_rule_32768_validates_cleanly() {
    let (t, import_diags) =
        import_str("describe.json", SNAPSHOT, Some("us-east-1")).expect("imports");
    let errors: Vec<String> = import_diags
        .iter()
        .chain(validate(&t).iter())
        .filter(|d| d.severity == Severity::Error || d.code.contains("RULE_NUMBER"))
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let entries = &t.network_acls[0].entries;
    assert!(entries
        .iter()
        .any(|e| e.rule_number == 32768 && e.is_default_deny()));
    assert!(entries
        .iter()
        .any(|e| e.rule_number == 32767 && e.is_default_deny()));
}

#[test]
fn nacl08_terraform_omits_both_catch_alls() {
    let (t, _) = import_str("describe.json", SNAPSHOT, Some("us-east-1")).expect("imports");
    let hcl = export::terraform(&t);
    assert!(!hcl.contains("32767"), "{hcl}");
    assert!(!hcl.contains("32768"), "{hcl}");
    assert!(
        hcl.contains("rule_no") || hcl.contains("rule_number"),
        "{hcl}"
    );
}

#[test]
fn nacl08_32768_is_only_the_ipv6_catch_all() {
    let (mut t, _) = import_str("describe.json", SNAPSHOT, Some("us-east-1")).expect("imports");
    // An IPv4 entry numbered 32768, or an allow at 32768, is no AWS default: refused.
    for e in t.network_acls[0].entries.iter_mut() {
        if e.rule_number == 32768 && !e.egress {
            e.action = vpclab_core::model::RuleAction::Allow;
        }
    }
    let codes: Vec<String> = validate(&t).into_iter().map(|d| d.code).collect();
    assert!(
        codes.iter().any(|c| c == "NACL_RULE_NUMBER_INVALID"),
        "{codes:?}"
    );
}
