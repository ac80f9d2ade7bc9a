//! Endpoint, bucket and identity policy evaluation (`vpclab_core::policy`), data-driven. Each case cites the
//! behaviour of `aws-reference.md` it checks (GE-15, GE-18, GE-19, GE-20, IE-18, IE-19, §3 items 9–10).

use serde_json::{json, Value};
use std::net::IpAddr;
use vpclab_core::policy::{
    evaluate, evaluate_layers, Decision, Layer, PolicyDocument, PolicyKind, Request, Verdict,
    POLICY_MALFORMED, POLICY_SOURCE_IP_PRIVATE, POLICY_TOO_LARGE, POLICY_UNKNOWN_CONDITION_KEY,
};
use vpclab_core::Severity;

const GW: PolicyKind = PolicyKind::GatewayEndpoint;
const IF: PolicyKind = PolicyKind::InterfaceEndpoint;
const RES: PolicyKind = PolicyKind::Resource;
const ID: PolicyKind = PolicyKind::Identity;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn doc(policy: &Value, kind: PolicyKind) -> PolicyDocument {
    PolicyDocument::parse(policy, "owner", kind)
        .unwrap_or_else(|e| panic!("policy does not parse: {e:#?}"))
}

/// `Allowed statement `Sid``, `ExplicitDeny statement `Statement[1]``, `ImplicitDeny`.
fn summary(d: &Decision) -> String {
    match &d.statement {
        Some(s) => format!("{:?} {s}", d.verdict),
        None => format!("{:?}", d.verdict),
    }
}

/// One policy, one request, the expected summary.
#[track_caller]
fn check(policy: Value, kind: PolicyKind, req: &Request, expected: &str) -> Decision {
    let d = doc(&policy, kind);
    let decision = evaluate(&[("the policy", &d)], req);
    assert_eq!(summary(&decision), expected, "{}", decision.explanation);
    decision
}

/// A GE-18 bucket policy, as in the S3 documentation (note the documented `aws:sourceVpce` spelling).
fn ge18() -> Value {
    json!({
        "Version": "2012-10-17",
        "Id": "Policy1415115909152",
        "Statement": [{
            "Sid": "Access-to-specific-VPCE-only",
            "Principal": "*",
            "Action": "s3:*",
            "Effect": "Deny",
            "Resource": ["arn:aws:s3:::awsexamplebucket1", "arn:aws:s3:::awsexamplebucket1/*"],
            "Condition": {"StringNotEquals": {"aws:sourceVpce": "vpce-1a2b3c4d"}}
        }]
    })
}

fn s3(bucket: &str) -> Request {
    Request::for_s3(Some(bucket), None, None)
}

#[test]
fn default_endpoint_policy_allows_everything_ge20() {
    // The awscli-style default endpoint policy (no Version, keys in alphabetical order).
    let text = r#"{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}"#;
    let d = PolicyDocument::parse(&Value::String(text.into()), "vpce-1", GW).unwrap();
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    for req in [
        s3("any-bucket"),
        Request::for_s3(Some("b"), None, Some("s3:PutObject")).with_principal("*"),
        Request::for_dynamodb("us-east-1", None, Some("T"), Some("dynamodb:PutItem")),
        Request::new(
            "ecr:BatchGetImage",
            "arn:aws:ecr:us-east-1:111122223333:repository/app",
        ),
    ] {
        let dec = evaluate(&[("the endpoint policy of `vpce-1`", &d)], &req);
        assert_eq!(summary(&dec), "Allowed statement `Statement[0]`");
    }
    // An endpoint without a policy has it too, and a layer without a document means it.
    let ep = vpclab_core::model::VpcEndpoint {
        id: "vpce-1".into(),
        ..Default::default()
    };
    assert_eq!(
        PolicyDocument::of_endpoint(&ep).unwrap().statements,
        d.statements
    );
    let dec = evaluate_layers(&[Layer::endpoint("vpce-1", GW, None)], &s3("logs"));
    assert_eq!(
        dec.explanation,
        "allowed: allowed by the endpoint policy of `vpce-1`, the default policy that allows full access (GE-20); \
         the caller's identity policy is assumed to allow it"
    );
}

#[test]
fn ge18_deny_unless_source_vpce() {
    let p = ge18();
    let bucket = "awsexamplebucket1";
    check(
        p.clone(),
        RES,
        &s3(bucket).via_endpoint("vpce-1a2b3c4d", "vpc-1", Some(ip("10.0.1.5"))),
        "ImplicitDeny",
    );
    let other = check(
        p.clone(),
        RES,
        &s3(bucket).via_endpoint("vpce-2", "vpc-1", None),
        "ExplicitDeny statement `Access-to-specific-VPCE-only`",
    );
    assert_eq!(
        other.explanation,
        "denied by statement `Access-to-specific-VPCE-only` of the policy: aws:sourceVpce is `vpce-2`, not `vpce-1a2b3c4d`"
    );
    // No endpoint at all (the internet, or the S3 console): the key is absent, so StringNotEquals holds.
    let public = check(
        p.clone(),
        RES,
        &s3(bucket).via_public_ip(ip("198.51.100.7")),
        "ExplicitDeny statement `Access-to-specific-VPCE-only`",
    );
    assert!(
        public
            .explanation
            .contains("did not come through a VPC endpoint"),
        "{}",
        public.explanation
    );
    check(
        p.clone(),
        RES,
        &s3(bucket).with_principal("*"),
        "ExplicitDeny statement `Access-to-specific-VPCE-only`",
    );
    // Other buckets are not covered.
    check(p, RES, &s3("other"), "ImplicitDeny");
}

#[test]
fn ge18_layers_name_the_bucket_policy() {
    let bucket = doc(&ge18(), RES);
    let layers = [
        Layer::endpoint("vpce-2", GW, None),
        Layer::bucket("awsexamplebucket1", Some(&bucket)),
    ];
    // Through the right endpoint: the deny-only bucket policy leaves the decision to the identity policy.
    let ok = evaluate_layers(
        &layers,
        &s3("awsexamplebucket1").via_endpoint("vpce-1a2b3c4d", "vpc-1", None),
    );
    assert!(ok.is_allowed(), "{}", ok.explanation);
    assert_eq!(ok.layers.len(), 2);
    let no = evaluate_layers(
        &layers,
        &s3("awsexamplebucket1").via_endpoint("vpce-2", "vpc-1", None),
    );
    assert_eq!(no.verdict, Verdict::ExplicitDeny);
    assert_eq!(
        no.policy.as_deref(),
        Some("the bucket policy of `awsexamplebucket1`")
    );
    assert_eq!(no.kind, Some(RES));
    assert_eq!(
        no.explanation,
        "denied by statement `Access-to-specific-VPCE-only` of the bucket policy of `awsexamplebucket1`: \
         aws:sourceVpce is `vpce-2`, not `vpce-1a2b3c4d`"
    );
}

#[test]
fn ge19_deny_unless_source_vpc() {
    let p = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Access-to-specific-VPC-only",
            "Principal": "*",
            "Action": "s3:*",
            "Effect": "Deny",
            "Resource": ["arn:aws:s3:::awsexamplebucket1", "arn:aws:s3:::awsexamplebucket1/*"],
            "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-111bbb22"}}
        }]
    });
    let denied = "ExplicitDeny statement `Access-to-specific-VPC-only`";
    // Any endpoint of that VPC.
    for vpce in ["vpce-a", "vpce-b"] {
        check(
            p.clone(),
            RES,
            &s3("awsexamplebucket1").via_endpoint(vpce, "vpc-111bbb22", None),
            "ImplicitDeny",
        );
    }
    let d = check(
        p.clone(),
        RES,
        &s3("awsexamplebucket1").via_endpoint("vpce-c", "vpc-999", None),
        denied,
    );
    assert!(
        d.explanation
            .ends_with("aws:SourceVpc is `vpc-999`, not `vpc-111bbb22`"),
        "{}",
        d.explanation
    );
    check(
        p,
        RES,
        &s3("awsexamplebucket1").via_public_ip(ip("203.0.113.9")),
        denied,
    );
}

#[test]
fn ge20_endpoint_policy_listing_buckets_denies_others() {
    let p = json!({
        "Statement": [{
            "Sid": "Access-to-specific-bucket-only",
            "Principal": "*",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Effect": "Allow",
            "Resource": ["arn:aws:s3:::my_secure_bucket", "arn:aws:s3:::my_secure_bucket/*"]
        }]
    });
    check(
        p.clone(),
        GW,
        &s3("my_secure_bucket"),
        "Allowed statement `Access-to-specific-bucket-only`",
    );
    let d = check(p.clone(), GW, &s3("other"), "ImplicitDeny");
    assert_eq!(
        d.explanation,
        "denied implicitly by the policy: no statement allows `s3:GetObject` on `arn:aws:s3:::other/*` \
         (statement `Access-to-specific-bucket-only`: its Resource covers `arn:aws:s3:::my_secure_bucket`, \
         `arn:aws:s3:::my_secure_bucket/*`, not `arn:aws:s3:::other/*`)"
    );
    // An action it does not list.
    let d = check(
        p.clone(),
        GW,
        &Request::for_s3(Some("my_secure_bucket"), None, Some("s3:DeleteObject")),
        "ImplicitDeny",
    );
    assert!(d
        .explanation
        .contains("its Action covers `s3:GetObject`, `s3:PutObject`, not `s3:DeleteObject`"));

    // In layers, the endpoint policy is what says no, even though the bucket has no policy.
    let ep = doc(&p, GW);
    let layers = [
        Layer::endpoint("vpce-1", GW, Some(&ep)),
        Layer::bucket("other", None),
    ];
    let d = evaluate_layers(&layers, &s3("other"));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(d.policy.as_deref(), Some("the endpoint policy of `vpce-1`"));
}

#[test]
fn ge20_principal_arn_with_principal_star() {
    let p = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "OnlyAppRole",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/App"}}
        }]
    });
    let allowed = "Allowed statement `OnlyAppRole`";
    check(
        p.clone(),
        GW,
        &s3("b").with_principal("arn:aws:iam::111122223333:role/App"),
        allowed,
    );
    // A session of the role: aws:PrincipalArn is the role's ARN.
    check(
        p.clone(),
        GW,
        &s3("b").with_principal("arn:aws:sts::111122223333:assumed-role/App/i-0123"),
        allowed,
    );
    let d = check(
        p.clone(),
        GW,
        &s3("b").with_principal("arn:aws:iam::111122223333:role/Other"),
        "ImplicitDeny",
    );
    assert!(
        d.explanation.contains(
            "aws:PrincipalArn `arn:aws:iam::111122223333:role/Other` does not match `arn:aws:iam::111122223333:role/App`"
        ),
        "{}",
        d.explanation
    );
    let d = check(p, GW, &s3("b").with_principal("*"), "ImplicitDeny");
    assert!(
        d.explanation
            .contains("the caller is anonymous or was not given"),
        "{}",
        d.explanation
    );
}

#[test]
fn gateway_endpoint_account_principal_means_root_only() {
    let p = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"}]});
    let gw = doc(&p, GW);
    assert!(gw
        .warnings
        .iter()
        .any(|w| w.code == "POLICY_GATEWAY_ENDPOINT_PRINCIPAL"));
    let role = s3("b").with_principal("arn:aws:iam::111122223333:role/App");
    let root = s3("b").with_principal("arn:aws:iam::111122223333:root");
    let d = evaluate(&[("gw", &gw)], &role);
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert!(
        d.explanation.contains("only that account's root user"),
        "{}",
        d.explanation
    );
    assert!(evaluate(&[("gw", &gw)], &root).is_allowed());
    // In an interface endpoint policy, every user and role of the account.
    let ifc = doc(&p, IF);
    assert!(ifc.warnings.is_empty());
    assert!(evaluate(&[("if", &ifc)], &role).is_allowed());
    assert!(!evaluate(
        &[("if", &ifc)],
        &s3("b").with_principal("arn:aws:iam::444455556666:role/App")
    )
    .is_allowed());
}

#[test]
fn ge15_source_ip_does_not_see_private_addresses() {
    // A bucket policy meant to allow only the office and the VPC's private range by aws:SourceIp.
    let p = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "OnlyFromKnownIps",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": "arn:aws:s3:::data/*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/16"]}}
        }]
    });
    let d = doc(&p, RES);
    let w = d
        .warnings
        .iter()
        .find(|w| w.code == POLICY_SOURCE_IP_PRIVATE)
        .expect("GE-15 warning");
    assert_eq!(w.field, "Statement[0].Condition.NotIpAddress.aws:SourceIp");
    assert!(w.message.contains("10.0.0.0/16"));
    // Through an endpoint, from 10.0.1.5: no aws:SourceIp, so NotIpAddress holds and the request is denied.
    let via = s3("data").via_endpoint("vpce-1", "vpc-1", Some(ip("10.0.1.5")));
    let dec = check(
        p.clone(),
        RES,
        &via,
        "ExplicitDeny statement `OnlyFromKnownIps`",
    );
    assert_eq!(
        dec.explanation,
        "denied by statement `OnlyFromKnownIps` of the policy: the request has no aws:SourceIp (a request through a \
         VPC endpoint carries no public source IP; use aws:VpcSourceIp (GE-15))"
    );
    // From the office over the internet: allowed by this policy (no deny).
    check(
        p.clone(),
        RES,
        &s3("data").via_public_ip(ip("203.0.113.50")),
        "ImplicitDeny",
    );
    check(
        p,
        RES,
        &s3("data").via_public_ip(ip("198.51.100.1")),
        "ExplicitDeny statement `OnlyFromKnownIps`",
    );

    // The positive form never matches through an endpoint; aws:VpcSourceIp does.
    let allow = |key: &str| {
        json!({"Statement": [{"Sid": "S", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "*", "Condition": {"IpAddress": {key: "10.0.0.0/16"}}}]})
    };
    check(allow("aws:SourceIp"), RES, &via, "ImplicitDeny");
    check(allow("aws:VpcSourceIp"), RES, &via, "Allowed statement `S`");
    let d = check(allow("aws:VpcSourceIp"), RES, &via, "Allowed statement `S`");
    assert_eq!(
        d.explanation,
        "allowed by statement `S` of the policy: aws:VpcSourceIp `10.0.1.5` is in `10.0.0.0/16`"
    );
}

#[test]
fn ie19_endpoint_allow_does_not_override_bucket_deny() {
    let ep = doc(
        &json!({"Statement": [{"Sid": "AllS3", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}),
        IF,
    );
    let bucket = doc(
        &json!({"Version": "2012-10-17", "Statement": [{"Sid": "DenyAll", "Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]}]}),
        RES,
    );
    let layers = [
        Layer::endpoint("vpce-1", IF, Some(&ep)),
        Layer::bucket("logs", Some(&bucket)),
    ];
    let d = evaluate_layers(&layers, &s3("logs").via_endpoint("vpce-1", "vpc-1", None));
    assert_eq!(summary(&d), "ExplicitDeny statement `DenyAll`");
    assert_eq!(d.policy.as_deref(), Some("the bucket policy of `logs`"));
    assert_eq!(
        d.explanation,
        "denied by statement `DenyAll` of the bucket policy of `logs`, which denies `s3:GetObject` on `arn:aws:s3:::logs/*`"
    );
    assert_eq!(d.layers[0].verdict, Verdict::Allowed);
    // An identity policy's deny is just as final.
    let id = doc(
        &json!({"Statement": [{"Sid": "NoS3", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}),
        ID,
    );
    let layers = [
        Layer::endpoint("vpce-1", IF, Some(&ep)),
        Layer::identity("role/App", Some(&id)),
    ];
    let d = evaluate_layers(&layers, &s3("other"));
    assert_eq!(summary(&d), "ExplicitDeny statement `NoS3`");
    assert_eq!(d.kind, Some(ID));
}

#[test]
fn deny_beats_allow_beats_implicit_deny() {
    let p = json!({"Statement": [
        {"Sid": "AllowAll", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
        {"Sid": "NoDelete", "Effect": "Deny", "Principal": "*", "Action": "s3:Delete*", "Resource": "*"}
    ]});
    check(
        p.clone(),
        IF,
        &Request::for_s3(Some("b"), Some("k"), Some("s3:DeleteObject")),
        "ExplicitDeny statement `NoDelete`",
    );
    check(p.clone(), IF, &s3("b"), "Allowed statement `AllowAll`");
    check(
        p,
        IF,
        &Request::for_dynamodb("us-east-1", None, None, None),
        "ImplicitDeny",
    );
    // Several policies of one kind: a deny in any wins.
    let a = doc(
        &json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}),
        RES,
    );
    let b = doc(
        &json!({"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}}),
        RES,
    );
    assert_eq!(
        summary(&evaluate(&[("a", &a), ("b", &b)], &s3("x"))),
        "ExplicitDeny statement `Statement[0]`"
    );
    assert_eq!(
        evaluate(&[("b", &b), ("a", &a)], &s3("x"))
            .policy
            .as_deref(),
        Some("b")
    );
    assert_eq!(evaluate(&[], &s3("x")).verdict, Verdict::ImplicitDeny);
}

#[test]
fn only_deny_statements_deny_everything_section3_item10() {
    // terraform-aws-modules/terraform-aws-vpc#680 / #1197: an endpoint policy with no Allow statement.
    let p = json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "dynamodb:DeleteTable", "Resource": "*"}]});
    let d = check(
        p,
        IF,
        &Request::for_dynamodb("us-east-1", None, Some("T"), None),
        "ImplicitDeny",
    );
    assert!(
        d.explanation.ends_with("(it has only Deny statements)"),
        "{}",
        d.explanation
    );
}

#[test]
fn not_action_and_not_resource() {
    let p = json!({"Statement": [
        {"Sid": "DenyAllButReads", "Effect": "Deny", "Principal": "*", "NotAction": ["s3:Get*", "s3:List*"], "Resource": "*"},
        {"Sid": "AllowOutsideSecret", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"}
    ]});
    check(
        p.clone(),
        IF,
        &s3("public"),
        "Allowed statement `AllowOutsideSecret`",
    );
    let d = check(
        p.clone(),
        IF,
        &Request::for_s3(Some("public"), None, Some("s3:PutObject")),
        "ExplicitDeny statement `DenyAllButReads`",
    );
    assert!(
        d.explanation
            .contains("`s3:PutObject` is not excluded by its NotAction"),
        "{}",
        d.explanation
    );
    let d = check(p.clone(), IF, &s3("secret"), "ImplicitDeny");
    assert!(
        d.explanation
            .contains("its NotResource excludes `arn:aws:s3:::secret/*`"),
        "{}",
        d.explanation
    );
    check(
        p,
        IF,
        &Request::for_s3(Some("secret"), None, Some("s3:ListBucket")),
        "Allowed statement `AllowOutsideSecret`",
    );
}

#[test]
fn wildcards_and_case() {
    let p = |action: &str, resource: &str| json!({"Statement": [{"Sid": "S", "Effect": "Allow", "Principal": "*", "Action": action, "Resource": resource}]});
    let ok = "Allowed statement `S`";
    for (action, resource, req, expected) in [
        ("s3:Get*", "arn:aws:s3:::logs/*", s3("logs"), ok),
        ("S3:GETOBJECT", "arn:aws:s3:::logs/*", s3("logs"), ok),
        (
            "s3:get*",
            "*",
            Request::new("S3:GetObjectAcl", "arn:aws:s3:::x/y"),
            ok,
        ),
        ("s3:?etObject", "arn:aws:s3:::l?gs/*", s3("logs"), ok),
        ("s3:Put*", "*", s3("logs"), "ImplicitDeny"),
        ("*", "arn:aws:s3:::log*", s3("logs"), ok),
        ("*", "arn:aws:s3:::logs/*", s3("Logs"), "ImplicitDeny"),
        (
            "*",
            "arn:aws:s3:::logs/a/*",
            Request::for_s3(Some("logs"), Some("a/b/c.txt"), None),
            ok,
        ),
        // Without a key the request is for "any object": a prefix-scoped statement does not cover it.
        ("*", "arn:aws:s3:::logs/a/*", s3("logs"), "ImplicitDeny"),
        (
            "*",
            "arn:aws:s3:::logs",
            Request::for_s3(Some("logs"), None, Some("ListBucket")),
            ok,
        ),
        ("*", "arn:aws:s3:::logs", s3("logs"), "ImplicitDeny"),
        (
            "dynamodb:*",
            "arn:aws:dynamodb:*:*:table/Orders",
            Request::for_dynamodb("eu-west-1", None, Some("Orders"), None),
            ok,
        ),
    ] {
        check(p(action, resource), IF, &req, expected);
    }
}

#[test]
fn dynamodb_table_arn_with_unknown_account() {
    let p = json!({"Statement": [{"Sid": "Orders", "Effect": "Allow", "Principal": "*", "Action": "dynamodb:*",
        "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Orders"}]});
    check(
        p.clone(),
        IF,
        &Request::for_dynamodb("us-east-1", None, Some("Orders"), None),
        "Allowed statement `Orders`",
    );
    check(
        p.clone(),
        IF,
        &Request::for_dynamodb("us-east-1", Some("111122223333"), Some("Orders"), None),
        "Allowed statement `Orders`",
    );
    check(
        p.clone(),
        IF,
        &Request::for_dynamodb("us-east-1", Some("444455556666"), Some("Orders"), None),
        "ImplicitDeny",
    );
    check(
        p.clone(),
        IF,
        &Request::for_dynamodb("us-east-1", None, Some("Users"), None),
        "ImplicitDeny",
    );
    check(
        p,
        IF,
        &Request::for_dynamodb("us-west-2", None, Some("Orders"), None),
        "ImplicitDeny",
    );
}

#[test]
fn policy_as_a_string() {
    // describe-vpc-endpoints returns PolicyDocument as a JSON string, pretty-printed for interface endpoints.
    let pretty = "{\n  \"Version\": \"2008-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \
                  \"Principal\": \"*\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::logs/*\"\n    }\n  ]\n}";
    let from_string = PolicyDocument::parse(&Value::String(pretty.into()), "vpce-1", IF).unwrap();
    let from_text = PolicyDocument::parse_str(pretty, "vpce-1", IF).unwrap();
    let from_value =
        PolicyDocument::parse(&serde_json::from_str(pretty).unwrap(), "vpce-1", IF).unwrap();
    assert_eq!(from_string.statements, from_value.statements);
    assert_eq!(from_string, from_text);
    assert_eq!(from_string.size, pretty.chars().count());
    assert_eq!(from_string.version.as_deref(), Some("2008-10-17"));
    assert!(evaluate(&[("p", &from_string)], &s3("logs")).is_allowed());
    // A model endpoint that kept the string form works as well.
    let ep = vpclab_core::model::VpcEndpoint {
        id: "vpce-1".into(),
        kind: vpclab_core::model::EndpointKind::Interface,
        policy: Some(Value::String(pretty.into())),
        ..Default::default()
    };
    assert_eq!(PolicyDocument::of_endpoint(&ep).unwrap().kind, IF);
}

/// Condition operators, IAM's rules for absent keys, IfExists and set operators.
#[test]
fn conditions() {
    let allow_if = |cond: Value| {
        json!({"Version": "2012-10-17", "Statement": [{"Sid": "C", "Effect": "Allow", "Principal": "*",
            "Action": "*", "Resource": "*", "Condition": cond}]})
    };
    let yes = "Allowed statement `C`";
    let no = "ImplicitDeny";
    let base = s3("b");
    let vpce = base
        .clone()
        .via_endpoint("vpce-1", "vpc-1", Some(ip("10.0.1.5")));
    let tagged = base
        .clone()
        .with_context("aws:TagKeys", vec!["env".to_string(), "team".to_string()]);
    let org = base
        .clone()
        .with_principal("arn:aws:iam::111122223333:role/App")
        .with_context("aws:PrincipalOrgID", "o-abc123");
    for (cond, req, expected) in [
        // Absent keys: positive false, negated true, IfExists true.
        (
            json!({"StringEquals": {"aws:SourceVpce": "vpce-1"}}),
            &base,
            no,
        ),
        (
            json!({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}),
            &base,
            yes,
        ),
        (
            json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}),
            &base,
            yes,
        ),
        (
            json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}),
            &vpce,
            yes,
        ),
        (
            json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-2"}}),
            &vpce,
            no,
        ),
        (
            json!({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}),
            &vpce,
            yes,
        ),
        (
            json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}),
            &vpce,
            no,
        ),
        (json!({"Null": {"aws:SourceVpce": "true"}}), &base, yes),
        (json!({"Null": {"aws:SourceVpce": "false"}}), &base, no),
        (json!({"Null": {"aws:SourceVpce": "false"}}), &vpce, yes),
        // Several values: OR; negated: NOR.
        (
            json!({"StringEquals": {"aws:SourceVpce": ["vpce-9", "vpce-1"]}}),
            &vpce,
            yes,
        ),
        (
            json!({"StringNotEquals": {"aws:SourceVpce": ["vpce-9", "vpce-1"]}}),
            &vpce,
            no,
        ),
        (
            json!({"StringNotEquals": {"aws:SourceVpce": ["vpce-9", "vpce-8"]}}),
            &vpce,
            yes,
        ),
        // Several keys and operators: AND.
        (
            json!({"StringEquals": {"aws:SourceVpce": "vpce-1", "aws:SourceVpc": "vpc-1"}}),
            &vpce,
            yes,
        ),
        (
            json!({"StringEquals": {"aws:SourceVpce": "vpce-1", "aws:SourceVpc": "vpc-2"}}),
            &vpce,
            no,
        ),
        (
            json!({"StringEquals": {"aws:SourceVpce": "vpce-1"}, "IpAddress": {"aws:VpcSourceIp": "10.0.2.0/24"}}),
            &vpce,
            no,
        ),
        // Keys are case-insensitive; values are not (except IgnoreCase operators).
        (
            json!({"StringEquals": {"AWS:SOURCEVPCE": "vpce-1"}}),
            &vpce,
            yes,
        ),
        (
            json!({"StringEquals": {"aws:SourceVpce": "VPCE-1"}}),
            &vpce,
            no,
        ),
        (
            json!({"StringEqualsIgnoreCase": {"aws:SourceVpce": "VPCE-1"}}),
            &vpce,
            yes,
        ),
        (
            json!({"StringNotEqualsIgnoreCase": {"aws:SourceVpce": "VPCE-1"}}),
            &vpce,
            no,
        ),
        (
            json!({"StringLike": {"aws:SourceVpce": "vpce-*"}}),
            &vpce,
            yes,
        ),
        (
            json!({"StringNotLike": {"aws:SourceVpce": "vpce-?"}}),
            &vpce,
            no,
        ),
        (
            json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/A*"}}),
            &org,
            yes,
        ),
        (
            json!({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/A*"}}),
            &org,
            no,
        ),
        (
            json!({"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Other"}}),
            &org,
            yes,
        ),
        (
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}),
            &org,
            yes,
        ),
        (
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}),
            &base,
            no,
        ),
        (
            json!({"StringEquals": {"aws:PrincipalAccount": "111122223333"}}),
            &org,
            yes,
        ),
        (json!({"Bool": {"aws:SecureTransport": "true"}}), &base, yes),
        (json!({"Bool": {"aws:SecureTransport": false}}), &base, no),
        (
            json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}),
            &base,
            yes,
        ),
        (
            json!({"NumericLessThan": {"s3:max-keys": 100}}),
            &base.clone().with_context("s3:max-keys", "10"),
            yes,
        ),
        (
            json!({"NumericGreaterThanEquals": {"s3:max-keys": "100"}}),
            &base.clone().with_context("s3:max-keys", "10"),
            no,
        ),
        (
            json!({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}),
            &base
                .clone()
                .with_context("aws:CurrentTime", "2026-03-01T12:00:00Z"),
            yes,
        ),
        (
            json!({"DateLessThan": {"aws:CurrentTime": "2020-01-01"}}),
            &base
                .clone()
                .with_context("aws:CurrentTime", "2026-03-01T12:00:00Z"),
            no,
        ),
        // Set operators.
        (
            json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team", "cost"]}}),
            &tagged,
            yes,
        ),
        (
            json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}),
            &tagged,
            no,
        ),
        (
            json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}),
            &base,
            yes,
        ),
        (
            json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}}),
            &tagged,
            yes,
        ),
        (
            json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}}),
            &base,
            no,
        ),
        (
            json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env"]}}),
            &tagged,
            yes,
        ),
        (
            json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": ["env"]}}),
            &tagged,
            no,
        ),
        (
            json!({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["x"]}}),
            &base,
            yes,
        ),
        // Policy variables (Version 2012-10-17).
        (
            json!({"StringEquals": {"aws:SourceVpce": "${aws:username}"}}),
            &vpce.clone().with_context("aws:username", "vpce-1"),
            yes,
        ),
        (
            json!({"StringLike": {"aws:SourceVpce": "${aws:username}"}}),
            &vpce,
            no,
        ),
    ] {
        let d = check(allow_if(cond.clone()), IF, req, expected);
        assert!(!d.explanation.is_empty(), "{cond}");
    }
}

#[test]
fn resource_policy_variables() {
    let p = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Home", "Effect": "Allow", "Principal": "*",
        "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]});
    let alice = Request::for_s3(Some("home"), Some("alice/notes.txt"), None)
        .with_context("aws:username", "alice");
    check(p.clone(), RES, &alice, "Allowed statement `Home`");
    let bob = Request::for_s3(Some("home"), Some("alice/notes.txt"), None)
        .with_context("aws:username", "bob");
    check(p.clone(), RES, &bob, "ImplicitDeny");
    // Version 2008-10-17 (or none): literal text, with a warning.
    let mut old = p;
    old["Version"] = json!("2008-10-17");
    let d = doc(&old, RES);
    assert!(d
        .warnings
        .iter()
        .any(|w| w.code == "POLICY_VARIABLES_IGNORED"));
    assert!(!evaluate(&[("p", &d)], &alice).is_allowed());
}

#[test]
fn layers_identity_and_resource() {
    let grant_bucket = doc(
        &json!({"Statement": [{"Sid": "AppReads", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]}),
        RES,
    );
    let id_nothing = doc(
        &json!({"Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}),
        ID,
    );
    let id_s3 = doc(
        &json!({"Statement": [{"Sid": "S3Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}),
        ID,
    );
    let app = s3("logs").with_principal("arn:aws:iam::111122223333:role/App");
    let other = s3("logs").with_principal("arn:aws:iam::111122223333:role/Other");

    // Same account: the bucket policy's allow suffices even though the identity policy does not allow.
    let layers = [
        Layer::bucket("logs", Some(&grant_bucket)),
        Layer::identity("role/App", Some(&id_nothing)),
    ];
    let d = evaluate_layers(&layers, &app);
    assert_eq!(summary(&d), "Allowed statement `AppReads`");
    let d = evaluate_layers(&layers, &other);
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(
        d.policy.as_deref(),
        Some("the identity policy of `role/App`")
    );
    // …and the identity policy's allow suffices when the bucket policy does not name the caller.
    let layers = [
        Layer::bucket("logs", Some(&grant_bucket)),
        Layer::identity("role/Other", Some(&id_s3)),
    ];
    let d = evaluate_layers(&layers, &other);
    assert_eq!(summary(&d), "Allowed statement `S3Read`");
    assert!(
        d.explanation
            .contains("within one account the identity policy's allow suffices"),
        "{}",
        d.explanation
    );

    // Cross-account: both must allow.
    let cross = s3("logs")
        .with_principal("arn:aws:iam::444455556666:role/App")
        .with_resource_account("111122223333");
    let layers = [
        Layer::bucket("logs", Some(&grant_bucket)),
        Layer::identity("role/App", Some(&id_s3)),
    ];
    let d = evaluate_layers(&layers, &cross);
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert!(
        d.explanation
            .contains("needs the resource policy of account `111122223333` to allow it too"),
        "{}",
        d.explanation
    );
    let grant_cross = doc(
        &json!({"Statement": [{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "444455556666"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]}),
        RES,
    );
    let layers = [
        Layer::bucket("logs", Some(&grant_cross)),
        Layer::identity("role/App", Some(&id_s3)),
    ];
    assert!(evaluate_layers(&layers, &cross).is_allowed());
    let layers = [
        Layer::bucket("logs", Some(&grant_cross)),
        Layer::identity("role/App", Some(&id_nothing)),
    ];
    assert_eq!(evaluate_layers(&layers, &cross).kind, Some(ID));

    // Anonymous callers: only a resource policy can allow.
    let anon = s3("logs").with_principal("*");
    assert!(!evaluate_layers(&[Layer::bucket("logs", None)], &anon).is_allowed());
    assert!(!evaluate_layers(&[], &anon).is_allowed());
    let public = doc(
        &json!({"Statement": [{"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::logs/*"}]}),
        RES,
    );
    assert_eq!(
        summary(&evaluate_layers(
            &[Layer::bucket("logs", Some(&public))],
            &anon
        )),
        "Allowed statement `Public`"
    );
    // Services too.
    let svc = s3("logs").with_principal("cloudtrail.amazonaws.com");
    assert!(!evaluate_layers(&[Layer::bucket("logs", None)], &svc).is_allowed());
    let to_ct = doc(
        &json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"}]}),
        RES,
    );
    assert!(evaluate_layers(&[Layer::bucket("logs", Some(&to_ct))], &svc).is_allowed());

    // No layers at all, unspecified caller: allowed (nothing restricts it).
    assert!(evaluate_layers(&[], &s3("logs")).is_allowed());
}

/// Malformed policies: `(policy, kind, code, field, part of the message)`.
#[test]
fn malformed_policies_are_diagnostics() {
    let stmt = |extra: Value| {
        let mut s = json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                s.as_object_mut().unwrap().remove(k);
            } else {
                s[k] = v.clone();
            }
        }
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}, s]})
    };
    let m = POLICY_MALFORMED;
    let cases: Vec<(Value, PolicyKind, &str, &str, &str)> = vec![
        (
            Value::String("{not json".into()),
            GW,
            m,
            "",
            "not valid JSON",
        ),
        (Value::String("\"{}\"".into()), GW, m, "", "JSON string"),
        (json!([]), GW, m, "", "JSON object, not an array"),
        (
            json!({"Version": "2012-10-17"}),
            GW,
            m,
            "Statement",
            "no `Statement`",
        ),
        (
            json!({"Statement": "x"}),
            GW,
            m,
            "Statement",
            "object or an array",
        ),
        (
            json!({"Statement": [1]}),
            GW,
            m,
            "Statement[0]",
            "JSON object",
        ),
        (
            json!({"Version": "2012-10-18", "Statement": []}),
            GW,
            m,
            "Version",
            "2012-10-17",
        ),
        (
            json!({"statement": []}),
            GW,
            m,
            "statement",
            "case-sensitive: write `Statement`",
        ),
        (
            json!({"Statement": [], "Extra": 1}),
            GW,
            m,
            "Extra",
            "unknown policy element",
        ),
        (
            stmt(json!({"Effect": "allow"})),
            GW,
            m,
            "Statement[1].Effect",
            "case-sensitive: write `Allow`",
        ),
        (
            stmt(json!({"Effect": "Permit"})),
            GW,
            m,
            "Statement[1].Effect",
            "`Allow` or `Deny`",
        ),
        (
            stmt(json!({"Effect": null})),
            GW,
            m,
            "Statement[1].Effect",
            "no `Effect`",
        ),
        (
            stmt(json!({"Action": null})),
            GW,
            m,
            "Statement[1].Action",
            "no `Action` or `NotAction`",
        ),
        (
            stmt(json!({"NotAction": "s3:*"})),
            GW,
            m,
            "Statement[1].NotAction",
            "not both",
        ),
        (
            stmt(json!({"Action": []})),
            GW,
            m,
            "Statement[1].Action",
            "non-empty array",
        ),
        (
            stmt(json!({"Action": ["s3:GetObject", "GetObject"]})),
            GW,
            m,
            "Statement[1].Action[1]",
            "service:action",
        ),
        (
            stmt(json!({"Resource": "my-bucket/*"})),
            GW,
            m,
            "Statement[1].Resource",
            "not `*` or an ARN",
        ),
        (
            stmt(json!({"Resource": null})),
            GW,
            m,
            "Statement[1].Resource",
            "no `Resource`",
        ),
        (
            stmt(json!({"Principal": null})),
            GW,
            m,
            "Statement[1].Principal",
            "needs a `Principal`",
        ),
        (
            stmt(json!({"Principal": null})),
            RES,
            m,
            "Statement[1].Principal",
            "resource-based policy",
        ),
        (
            stmt(json!({"Principal": "arn:aws:iam::111122223333:root"})),
            RES,
            m,
            "Statement[1].Principal",
            "must be `\"*\"` or an object",
        ),
        (
            stmt(json!({"Principal": {"AWS": "arn:aws:iam::111122223333:role/*"}})),
            RES,
            m,
            "Statement[1].Principal.AWS",
            "aws:PrincipalArn",
        ),
        (
            stmt(json!({"Principal": {"aws": "*"}})),
            RES,
            m,
            "Statement[1].Principal.aws",
            "write `AWS`",
        ),
        (
            stmt(json!({"Principal": {"AWS": "bob"}})),
            RES,
            m,
            "Statement[1].Principal.AWS",
            "account id or an IAM ARN",
        ),
        (
            stmt(json!({"NotPrincipal": {"AWS": "111122223333"}})),
            RES,
            m,
            "Statement[1].NotPrincipal",
            "not both",
        ),
        (
            stmt(json!({})),
            ID,
            m,
            "Statement[1].Principal",
            "identity-based policy has no `Principal`",
        ),
        (stmt(json!({"Sid": 5})), GW, m, "Statement[1].Sid", "string"),
        (
            stmt(json!({"effect": "Allow"})),
            GW,
            m,
            "Statement[1].effect",
            "write `Effect`",
        ),
        (
            stmt(json!({"Condition": []})),
            GW,
            m,
            "Statement[1].Condition",
            "must be an object",
        ),
        (
            stmt(json!({"Condition": {"StringContains": {"a:b": "x"}}})),
            GW,
            m,
            "Statement[1].Condition.StringContains",
            "unknown condition operator",
        ),
        (
            stmt(json!({"Condition": {"ForEvery:StringEquals": {"a:b": "x"}}})),
            GW,
            m,
            "Statement[1].Condition.ForEvery:StringEquals",
            "set operator",
        ),
        (
            stmt(json!({"Condition": {"StringEquals": "x"}})),
            GW,
            m,
            "Statement[1].Condition.StringEquals",
            "maps condition keys",
        ),
        (
            stmt(json!({"Condition": {"StringEquals": {"a:b": null}}})),
            GW,
            m,
            "Statement[1].Condition.StringEquals.a:b",
            "condition values",
        ),
        (
            stmt(json!({"Condition": {"StringEquals": {"a:b": [{"x": 1}]}}})),
            GW,
            m,
            "Statement[1].Condition.StringEquals.a:b",
            "condition values",
        ),
        (
            stmt(json!({"Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}})),
            GW,
            m,
            "Statement[1].Condition.IpAddress.aws:SourceIp",
            "not an IP address",
        ),
        (
            stmt(json!({"Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}})),
            GW,
            m,
            "Statement[1].Condition.NumericLessThan.s3:max-keys",
            "not a number",
        ),
        (
            stmt(json!({"Condition": {"DateLessThan": {"aws:CurrentTime": "tomorrow"}}})),
            GW,
            m,
            "Statement[1].Condition.DateLessThan.aws:CurrentTime",
            "not a date",
        ),
        (
            stmt(json!({"Condition": {"Null": {"aws:SourceVpce": "yes"}}})),
            GW,
            m,
            "Statement[1].Condition.Null.aws:SourceVpce",
            "`true` or `false`",
        ),
        (
            stmt(json!({"Condition": {"NullIfExists": {"aws:SourceVpce": "true"}}})),
            GW,
            m,
            "Statement[1].Condition.NullIfExists",
            "NullIfExists",
        ),
    ];
    for (policy, kind, code, field, text) in cases {
        let errors = PolicyDocument::parse(&policy, "vpce-1", kind)
            .expect_err(&format!("{policy} should not parse"));
        assert!(
            errors.iter().any(|d| d.code == code
                && d.field == field
                && d.message.contains(text)
                && d.subject == "vpce-1"
                && d.severity == Severity::Error),
            "{policy}: expected {code} at `{field}` containing `{text}`, got {errors:#?}"
        );
    }
}

#[test]
fn policy_size_limit_ie18() {
    let stmt = r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#;
    // White space counts: pad a valid policy to 20,481 characters.
    let head = format!(r#"{{"Statement":[{stmt}]"#);
    let fits = format!("{head}{}}}", " ".repeat(20_480 - head.len() - 1));
    assert_eq!(fits.chars().count(), 20_480);
    assert!(PolicyDocument::parse_str(&fits, "vpce-1", IF).is_ok());
    let over = format!("{head}{}}}", " ".repeat(20_480 - head.len()));
    let errors = PolicyDocument::parse_str(&over, "vpce-1", IF).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, POLICY_TOO_LARGE);
    assert!(
        errors[0].message.contains("20481 characters"),
        "{}",
        errors[0].message
    );
    // Identity policies have other limits, not checked here.
    let id = over.replace(r#""Principal":"*","#, "");
    assert!(PolicyDocument::parse_str(&id, "role/App", ID).is_ok());
}

#[test]
fn warnings() {
    let p = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:SourceVpcId": "vpc-1"}}},
        {"Sid": "A", "Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*",
         "Condition": {"stringequals": {"aws:SourceVpc": "vpc-1"}, "Bool": {"aws:SecureTransport": "yes"}}}
    ]});
    let d = doc(&p, RES);
    let codes: Vec<(&str, &str)> = d
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.field.as_str()))
        .collect();
    for want in [
        (
            POLICY_UNKNOWN_CONDITION_KEY,
            "Statement[0].Condition.StringNotEquals.aws:SourceVpcId",
        ),
        ("POLICY_DUPLICATE_SID", "Statement[1].Sid"),
        ("POLICY_NOT_PRINCIPAL_ALLOW", "Statement[1].NotPrincipal"),
        ("POLICY_NONCANONICAL", "Statement[1].Condition.stringequals"),
        (
            "POLICY_NONCANONICAL",
            "Statement[1].Condition.Bool.aws:SecureTransport",
        ),
    ] {
        assert!(codes.contains(&want), "missing {want:?} in {codes:?}");
    }
    let typo = d
        .warnings
        .iter()
        .find(|w| w.code == POLICY_UNKNOWN_CONDITION_KEY)
        .unwrap();
    assert!(
        typo.message.contains("Did you mean `aws:SourceVpc`?"),
        "{}",
        typo.message
    );
    assert!(d.warnings.iter().all(|w| w.severity == Severity::Warning));
    // The typo'd key is never present, so the negated condition always holds: everything is denied.
    let req = s3("b").via_endpoint("vpce-1", "vpc-1", None);
    assert_eq!(
        summary(&evaluate(&[("p", &d)], &req)),
        "ExplicitDeny statement `A`"
    );

    let empty = doc(&json!({"Statement": []}), GW);
    assert_eq!(empty.warnings[0].code, "POLICY_EMPTY");
    let d = evaluate(&[("p", &empty)], &s3("b"));
    assert!(d.explanation.ends_with("(it has no statements)"));
}

#[test]
fn decisions_serialize() {
    let d = evaluate_layers(&[Layer::endpoint("vpce-1", GW, None)], &s3("b"));
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["verdict"], "allowed");
    assert_eq!(v["layers"][0]["kind"], "gateway-endpoint");
    assert_eq!(v["layers"][0]["policy"], "the endpoint policy of `vpce-1`");
}
