//! Property: parsing and evaluating policies never panics, whatever the document — arbitrary text, arbitrary
//! JSON, and JSON built from the element names, operators and values the parser looks for.

use proptest::prelude::*;
use serde_json::{Map, Value};
use vpclab_core::policy::{evaluate, evaluate_layers, Layer, PolicyDocument, PolicyKind, Request};

const KINDS: [PolicyKind; 4] = [
    PolicyKind::GatewayEndpoint,
    PolicyKind::InterfaceEndpoint,
    PolicyKind::Resource,
    PolicyKind::Identity,
];

const NAMES: &[&str] = &[
    "Version",
    "Id",
    "Statement",
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "AWS",
    "Service",
    "Federated",
    "CanonicalUser",
    "StringEquals",
    "StringNotEqualsIfExists",
    "ForAnyValue:StringLike",
    "ForAllValues:ArnNotLike",
    "IpAddress",
    "NotIpAddress",
    "NumericLessThan",
    "DateGreaterThanEquals",
    "Bool",
    "Null",
    "BinaryEquals",
    "aws:SourceVpce",
    "aws:SourceIp",
    "aws:PrincipalArn",
    "aws:TagKeys",
    "aws:CurrentTime",
    "effect",
    "x",
];

const STRINGS: &[&str] = &[
    "2012-10-17",
    "2008-10-17",
    "Allow",
    "Deny",
    "*",
    "?",
    "",
    "s3:*",
    "s3:Get*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b",
    "arn:*",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::111122223333:role/App",
    "arn:aws:iam::*:role/*",
    "111122223333",
    "vpce-1",
    "10.0.0.0/8",
    "::/0",
    "true",
    "false",
    "2026-01-01T00:00:00Z",
    "1e308",
    "${aws:username}",
    "${",
    "${*}",
    "${aws:x, 'd'}",
    "é*ß?",
    ":::::",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        prop::sample::select(STRINGS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(NAMES), inner), 0..6).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn requests() -> Vec<Request> {
    vec![
        Request::default(),
        Request::for_s3(Some("b"), None, None),
        Request::for_s3(None, Some("k"), Some("PutObject")).with_principal("*"),
        Request::for_s3(Some("b"), None, Some("ListBucket"))
            .with_principal("arn:aws:sts::111122223333:assumed-role/App/s")
            .via_endpoint("vpce-1", "vpc-1", "10.0.0.1".parse().ok())
            .with_context("aws:TagKeys", vec!["a".to_string(), "b".to_string()])
            .with_context("aws:CurrentTime", "2026-01-01")
            .with_context("aws:username", "alice"),
        Request::for_dynamodb("us-east-1", None, None, None)
            .with_principal("cloudtrail.amazonaws.com")
            .with_resource_account("444455556666"),
    ]
}

fn exercise(value: &Value) {
    for kind in KINDS {
        if let Ok(doc) = PolicyDocument::parse(value, "owner", kind) {
            for req in requests() {
                let d = evaluate(&[("p", &doc)], &req);
                assert!(!d.explanation.is_empty());
                let layers = [
                    Layer::new("p", kind, Some(&doc)),
                    Layer::bucket("b", None),
                    Layer::identity("me", None),
                ];
                assert!(!evaluate_layers(&layers, &req).explanation.is_empty());
            }
        }
    }
}

const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLikeIfExists",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "IpAddress",
    "NotIpAddress",
    "NumericEquals",
    "NumericGreaterThan",
    "DateLessThan",
    "DateNotEquals",
    "Bool",
    "BoolIfExists",
    "BinaryEquals",
    "Null",
    "ForAnyValue:StringEquals",
    "ForAllValues:StringNotLike",
    "ForAnyValue:IpAddressIfExists",
];

const KEYS: &[&str] = &[
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:VpcSourceIp",
    "aws:SourceIp",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:TagKeys",
    "aws:CurrentTime",
    "aws:SecureTransport",
    "s3:max-keys",
];

const VALUES: &[&str] = &[
    "*",
    "vpce-1",
    "vpc-1",
    "vpce-*",
    "10.0.0.0/8",
    "10.0.0.1",
    "::/0",
    "true",
    "false",
    "2026-01-01",
    "1",
    "arn:aws:iam::111122223333:role/App",
    "arn:aws:iam::*:role/*",
    "${aws:username}",
    "a",
];

/// A statement that usually parses: valid element names with values picked from plausible ones.
fn statement() -> impl Strategy<Value = Value> {
    let principal = prop_oneof![
        Just(serde_json::json!("*")),
        Just(serde_json::json!({"AWS": "111122223333"})),
        Just(serde_json::json!({"AWS": ["arn:aws:iam::111122223333:role/App", "*"]})),
        Just(serde_json::json!({"Service": "cloudtrail.amazonaws.com"})),
    ];
    let actions = prop::collection::vec(
        prop::sample::select(&["*", "s3:*", "s3:Get*", "dynamodb:GetItem", "s3:?ut*"][..]),
        1..3,
    );
    let resources = prop::collection::vec(
        prop::sample::select(
            &[
                "*",
                "arn:aws:s3:::b",
                "arn:aws:s3:::b/*",
                "arn:aws:s3:::*",
                "arn:aws:dynamodb:*:*:table/*",
                "arn:aws:s3:::${aws:username}/*",
            ][..],
        ),
        1..3,
    );
    let condition = prop::collection::vec(
        (
            prop::sample::select(OPERATORS),
            prop::sample::select(KEYS),
            prop::collection::vec(prop::sample::select(VALUES), 1..3),
        ),
        0..3,
    );
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        principal,
        actions,
        resources,
        condition,
    )
        .prop_map(
            |(deny, not_action, not_resource, principal, actions, resources, condition)| {
                let mut cond = Map::new();
                for (op, key, values) in condition {
                    let entry = cond
                        .entry(op.to_string())
                        .or_insert_with(|| Value::Object(Map::new()));
                    entry
                        .as_object_mut()
                        .unwrap()
                        .insert(key.to_string(), values.into());
                }
                let mut s = Map::new();
                s.insert(
                    "Effect".into(),
                    (if deny { "Deny" } else { "Allow" }).into(),
                );
                s.insert("Principal".into(), principal);
                s.insert(
                    (if not_action { "NotAction" } else { "Action" }).into(),
                    actions.into(),
                );
                s.insert(
                    (if not_resource {
                        "NotResource"
                    } else {
                        "Resource"
                    })
                    .into(),
                    resources.into(),
                );
                s.insert("Condition".into(), Value::Object(cond));
                Value::Object(s)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json(value in json()) {
        exercise(&value);
        // The same document as AWS returns it: a JSON string.
        exercise(&Value::String(value.to_string()));
    }

    #[test]
    fn statement_shaped_json(statements in prop::collection::vec(
        prop::collection::vec((prop::sample::select(NAMES), json()), 0..9), 0..4)
    ) {
        let statements: Vec<Value> = statements
            .into_iter()
            .map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
            .collect();
        let doc = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
        exercise(&doc);
    }

    #[test]
    fn plausible_policies(statements in prop::collection::vec(statement(), 1..4)) {
        let doc = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
        // Many of these parse (values that do not fit their operator, e.g. `IpAddress` with `*`, do not), so
        // evaluation, not just parsing, is exercised.
        exercise(&doc);
    }

    #[test]
    fn arbitrary_text(text in ".{0,200}") {
        for kind in KINDS {
            let _ = PolicyDocument::parse_str(&text, "owner", kind);
        }
    }
}
