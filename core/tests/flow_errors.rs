//! Flows that cannot be asked: the answer is a `FlowError` naming the field and why, never a panic.

use vpclab_core::{gallery, trace, FlowError, FlowSpec};

fn error(from: &str, to: &str) -> String {
    let t = gallery::example("s3-gateway-endpoint")
        .unwrap()
        .diagram
        .topology;
    let spec = FlowSpec {
        from: from.into(),
        to: to.into(),
        port: Some(443),
        ..Default::default()
    };
    match trace(&t, &spec) {
        Err(FlowError::Invalid { field, message }) => format!("{field}: {message}"),
        Ok(tr) => panic!("{from} → {to} traced: reachable = {}", tr.reachable),
    }
}

/// IE-11: an AWS service accepts connections through an endpoint but never opens one into a VPC.
#[test]
fn an_aws_service_cannot_be_a_source() {
    for from in [
        "s3.us-east-1.amazonaws.com",
        "reports.s3.us-east-1.amazonaws.com",
        "com.amazonaws.us-east-1.s3",
        "aws-service:s3.us-east-1",
    ] {
        let e = error(from, "i-app");
        assert!(
            e.starts_with("from: ") && e.contains("(IE-11)"),
            "{from}: {e}"
        );
    }
}

#[test]
fn unknown_ends_name_the_field() {
    assert_eq!(
        error("i-nope", "8.8.8.8"),
        "from: the topology has no instance with id `i-nope`"
    );
    assert!(error("", "8.8.8.8").starts_with("from: a source is required"));
    assert!(error("i-app", "").starts_with("to: a destination is required"));
    assert!(
        error("internet:not-an-ip", "i-app").starts_with("from: `not-an-ip` is not an IP address")
    );
}
