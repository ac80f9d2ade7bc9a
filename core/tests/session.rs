//! The compiled session: its answers equal the one-question functions', and the cost alternatives it makes on a
//! flow's local topology equal those made by re-tracing the whole edited topology (the scenario harness checks
//! the same on every scenario flow).

use vpclab_core::diagram::Diagram;
use vpclab_core::{gallery, lesson, synth, FlowSpec, Session, Topology};

/// Every example's and every lesson's start and solution diagram.
fn diagrams() -> Vec<(String, Diagram)> {
    let mut out: Vec<(String, Diagram)> = gallery::examples()
        .into_iter()
        .map(|e| (format!("example {}", e.id), e.diagram))
        .collect();
    for l in lesson::builtin() {
        if let Some(Ok(solved)) = l.solution_diagram() {
            out.push((format!("lesson {} solved", l.id), solved));
        }
        out.push((format!("lesson {}", l.id), l.diagram));
    }
    out
}

/// The benchmark's mix of flows on a generated topology: S3, SQS, same VPC, next VPC, internet.
fn synth_flows(vpcs: usize, subnets: usize) -> Vec<FlowSpec> {
    let mut out = Vec::new();
    for i in 0..vpcs {
        let next = (i + 1) % vpcs;
        let (na, nb) = (next / 16, (next % 16) * 16);
        for s in 0..subnets.min(4) {
            for to in [
                "s3.us-east-1.amazonaws.com".to_string(),
                "sqs.us-east-1.amazonaws.com".to_string(),
                format!("i-{i:05}-{:02}", (s + 1) % subnets),
                format!("10.{na}.{}.10", nb + 1),
                "93.184.216.34".to_string(),
            ] {
                out.push(FlowSpec {
                    from: format!("i-{i:05}-{s:02}"),
                    to,
                    port: Some(443),
                    ..Default::default()
                });
            }
        }
    }
    out
}

fn assert_same_alternatives(name: &str, t: &Topology, flows: &[FlowSpec], gb: f64) -> usize {
    let session = Session::new(t);
    let mut compared = 0;
    for f in flows {
        let Ok(tr) = session.trace(f) else { continue };
        assert_eq!(
            Ok(&tr),
            vpclab_core::trace(t, f).as_ref(),
            "{name}: the session's trace is the one-shot trace"
        );
        let fast = session.evaluate_alternatives(f, &tr, gb);
        let whole = session.evaluate_alternatives_whole(f, &tr, gb);
        assert_eq!(fast, whole, "{name}: {} → {}", f.from, f.to);
        for c in fast.iter().filter_map(|c| c.alternative.as_ref()) {
            // The change, carried over to the whole topology, gives the path the alternative reports.
            let after = vpclab_core::trace(&c.change.apply(t), &c.change.flow).unwrap();
            assert_eq!(after.hops, c.hops_after, "{name}: {}", c.title);
        }
        compared += fast.len();
    }
    compared
}

#[test]
fn local_alternatives_equal_whole_ones_on_examples_and_lessons() {
    let mut compared = 0;
    for (name, d) in diagrams() {
        let flows: Vec<FlowSpec> = d.flows.iter().map(|f| f.spec.clone()).collect();
        for gb in [10.0, 1000.0] {
            compared += assert_same_alternatives(&name, &d.topology, &flows, gb);
        }
    }
    assert!(compared > 20, "only {compared} candidates compared");
}

#[test]
fn local_alternatives_equal_whole_ones_on_generated_topologies() {
    let mut compared = 0;
    for (vpcs, subnets) in [(1, 2), (3, 4), (12, 6)] {
        let t = synth::generate(vpcs, subnets);
        compared += assert_same_alternatives(
            &format!("synth {vpcs}x{subnets}"),
            &t,
            &synth_flows(vpcs, subnets),
            500.0,
        );
    }
    assert!(compared > 20, "only {compared} candidates compared");
}

#[test]
fn the_scope_of_every_vpc_is_the_whole_topology() {
    // A list missing from the scope would be empty in the local topology.
    let mut all: Vec<(String, Topology)> = diagrams()
        .into_iter()
        .map(|(n, d)| (n, d.topology))
        .collect();
    all.push(("synth".into(), synth::generate(5, 4)));
    for (name, t) in all {
        let session = Session::new(&t);
        let every = vpclab_core::Trace {
            reachable: true,
            network: None,
            hops: t
                .vpcs
                .iter()
                .map(|v| vpclab_core::Hop {
                    id: v.id.clone(),
                    kind: vpclab_core::path::HopKind::VPC,
                    detail: String::new(),
                })
                .collect(),
            explanations: vec![],
            advisories: vec![],
        };
        assert_eq!(session.local_topology(&every), t, "{name}");
    }
}

#[test]
fn a_flows_local_topology_holds_only_the_vpcs_it_goes_through() {
    let t = synth::generate(50, 4);
    let s = Session::new(&t);
    let f = FlowSpec {
        from: "i-00007-01".into(),
        to: "s3.us-east-1.amazonaws.com".into(),
        ..Default::default()
    };
    let tr = s.trace(&f).unwrap();
    let local = s.local_topology(&tr);
    assert_eq!(local.vpcs.len(), 1);
    assert_eq!(local.vpcs[0].id, "vpc-00007");
    assert!(local.subnets.iter().all(|x| x.vpc_id == "vpc-00007"));
    // The peerings of the VPC come along; the objects of no VPC (the S3 prefix list) too.
    assert_eq!(local.peering_connections.len(), 2);
    assert_eq!(local.prefix_lists.len(), 1);
    assert_eq!(vpclab_core::trace(&local, &f).unwrap(), tr);
}
