//! Policies in the trace: endpoint policy ∧ bucket policy decide a flow to S3 (GE-18, GE-20, IE-19).

use serde_json::json;
use vpclab_core::{gallery, model::ServiceResource, trace, FlowSpec, Topology};

fn base() -> Topology {
    gallery::example("s3-gateway-endpoint")
        .unwrap()
        .diagram
        .topology
}

fn to_bucket(bucket: &str) -> FlowSpec {
    FlowSpec {
        from: "i-app".into(),
        to: format!("{bucket}.s3.us-east-1.amazonaws.com"),
        ..Default::default()
    }
}

fn deny_unless_vpce(bucket: &str, vpce: &str) -> ServiceResource {
    ServiceResource {
        service: "s3".into(),
        name: bucket.into(),
        policy: Some(json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "DenyOutsideVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
            "Condition": {"StringNotEquals": {"aws:SourceVpce": vpce}}}]})),
        ..Default::default()
    }
}

fn codes(t: &vpclab_core::Trace) -> Vec<&str> {
    t.explanations.iter().map(|e| e.code.as_str()).collect()
}

#[test]
fn ge18_bucket_policy_allows_only_its_endpoint() {
    let mut t = base();
    t.service_resources
        .push(deny_unless_vpce("logs", "vpce-s3-gateway"));
    let ok = trace(&t, &to_bucket("logs")).unwrap();
    assert!(ok.reachable, "{ok:#?}");

    t.service_resources[0] = deny_unless_vpce("logs", "vpce-1a2b3c4d");
    let denied = trace(&t, &to_bucket("logs")).unwrap();
    assert!(!denied.reachable);
    assert_eq!(codes(&denied), ["VPCLAB_RESOURCE_POLICY_DENY"]);
    assert!(
        denied.explanations[0].message.contains("DenyOutsideVpce"),
        "{denied:#?}"
    );
}

#[test]
fn ge18_the_public_path_is_denied_too() {
    // Without the endpoint route the request comes from the NAT's public address: no aws:SourceVpce.
    let mut t = base();
    t.vpc_endpoints.clear();
    t.service_resources
        .push(deny_unless_vpce("logs", "vpce-s3-gateway"));
    let r = trace(&t, &to_bucket("logs")).unwrap();
    assert!(!r.reachable, "{r:#?}");
    assert_eq!(codes(&r), ["VPCLAB_RESOURCE_POLICY_DENY"]);
}

#[test]
fn ge20_endpoint_policy_listing_buckets_denies_the_others() {
    let mut t = base();
    t.vpc_endpoints[0].policy = Some(json!({"Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]}));
    assert!(trace(&t, &to_bucket("logs")).unwrap().reachable);
    let other = trace(&t, &to_bucket("other")).unwrap();
    assert!(!other.reachable);
    assert_eq!(codes(&other), ["VPCLAB_ENDPOINT_POLICY_DENY"]);
    assert_eq!(other.explanations[0].component, "vpce-s3-gateway");
}

#[test]
fn ie19_endpoint_allows_everything_but_the_bucket_denies() {
    let mut t = base();
    t.vpc_endpoints[0].policy = Some(
        json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}),
    );
    t.service_resources.push(ServiceResource {
        service: "s3".into(),
        name: "logs".into(),
        policy: Some(json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]})),
        ..Default::default()
    });
    let r = trace(&t, &to_bucket("logs")).unwrap();
    assert!(!r.reachable);
    assert_eq!(codes(&r), ["VPCLAB_RESOURCE_POLICY_DENY"]);
    // A different action is not denied.
    let mut put = to_bucket("logs");
    put.action = Some("s3:PutObject".into());
    assert!(trace(&t, &put).unwrap().reachable);
}

#[test]
fn malformed_policies_are_validation_diagnostics() {
    let mut t = base();
    t.vpc_endpoints[0].policy = Some(
        json!({"Statement": [{"Effect": "Perhaps", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}),
    );
    let diags = vpclab_core::validate::validate(&t);
    let d = diags
        .iter()
        .find(|d| d.code == "POLICY_MALFORMED")
        .expect("a malformed endpoint policy is reported");
    assert_eq!(d.subject, "vpce-s3-gateway");
    assert!(d.field.contains("Effect"), "{d:?}");
    // The trace ignores it (AWS would have rejected it) and says so.
    let r = trace(&t, &to_bucket("logs")).unwrap();
    assert!(
        r.advisories
            .iter()
            .any(|a| a.code == "VPCLAB_POLICY_MALFORMED"),
        "{r:#?}"
    );
}
