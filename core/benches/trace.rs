//! Trace throughput on generated topologies (10, 100, 1,000 VPCs with 10 subnets each), and the compiled
//! session answering a cost report of 1,000 mixed flows with their alternatives (`session/…`).
//! Run: `cargo bench -p vpclab-core --bench trace`. Results are recorded in BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use vpclab_core::path::index::Index;
use vpclab_core::path::trace::trace_with;
use vpclab_core::{synth, FlowSpec, Session};

/// A fixed mix of flows: same VPC across subnets, to the internet through NAT and IGW, to S3 through the
/// gateway endpoint, to the next VPC over peering.
fn flows(vpcs: usize) -> Vec<FlowSpec> {
    let mut out = Vec::new();
    for i in (0..vpcs).step_by((vpcs / 50).max(1)) {
        let next = (i + 1) % vpcs;
        let (na, nb) = (next / 16, (next % 16) * 16);
        for (from, to) in [
            (format!("i-{i:05}-01"), format!("i-{i:05}-02")),
            (format!("i-{i:05}-01"), "8.8.8.8".to_string()),
            (format!("i-{i:05}-00"), "1.1.1.1".to_string()),
            (format!("i-{i:05}-03"), "52.216.10.20".to_string()),
            (format!("i-{i:05}-01"), format!("10.{na}.{nb}.10")),
        ] {
            out.push(FlowSpec {
                from,
                to,
                port: Some(443),
                ..Default::default()
            });
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    for vpcs in [10usize, 100, 1000] {
        let topology = synth::generate(vpcs, 10);
        let mut group = c.benchmark_group(format!("{vpcs}-vpcs"));
        group.bench_function("index", |b| b.iter(|| black_box(Index::new(&topology))));
        let index = Index::new(&topology);
        let flows = flows(vpcs);
        group.throughput(Throughput::Elements(flows.len() as u64));
        group.bench_function("trace", |b| {
            b.iter_batched(
                || (),
                |_| {
                    for f in &flows {
                        black_box(trace_with(&index, f).expect("generated flows are valid"));
                    }
                },
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

/// 1,000 flows of four kinds (as `scripts/gen-snapshot.py` writes them): S3 (gateway endpoint), SQS (NAT and
/// IGW, so alternatives are evaluated), same VPC, the next VPC over peering.
fn mixed_flows(vpcs: usize, n: usize) -> Vec<FlowSpec> {
    (0..n)
        .map(|k| {
            let i = (k / 4 * 7919) % vpcs;
            let s = k % 10;
            let from = format!("i-{i:05}-{s:02}");
            let (to, gb) = match k % 4 {
                0 => ("s3.us-east-1.amazonaws.com".to_string(), 100.0),
                1 => ("sqs.us-east-1.amazonaws.com".to_string(), 50.0),
                2 => (format!("i-{i:05}-{:02}", (s + 1) % 10), 10.0),
                _ => {
                    let next = (i + 1) % vpcs;
                    (
                        format!("10.{}.{}.10", next / 16, (next % 16) * 16 + 1),
                        20.0,
                    )
                }
            };
            FlowSpec {
                from,
                to,
                port: Some(443),
                gb_per_month: Some(gb),
                ..Default::default()
            }
        })
        .collect()
}

fn bench_session(c: &mut Criterion) {
    let topology = synth::generate(1000, 10);
    let flows = mixed_flows(1000, 1000);
    let mut group = c.benchmark_group("session-1000-vpcs");
    group.sample_size(10);
    group.bench_function("compile", |b| b.iter(|| black_box(Session::new(&topology))));
    group.throughput(Throughput::Elements(flows.len() as u64));
    group.bench_function("cost-report-1000-flows", |b| {
        b.iter(|| black_box(Session::new(&topology).cost_report(&flows, 0.0)))
    });
    group.finish();
}

/// The diagram at account scale: the overview (one node per VPC) against the full drawing it replaces.
fn bench_overview(c: &mut Criterion) {
    for vpcs in [100, 1000] {
        let d = vpclab_core::diagram::Diagram::of(synth::generate(vpcs, 10));
        let mut group = c.benchmark_group(format!("layout-{vpcs}-vpcs"));
        group.sample_size(10);
        group.bench_function("overview", |b| {
            b.iter(|| black_box(vpclab_core::layout::overview::overview(&d)))
        });
        group.bench_function("focus-one-vpc", |b| {
            b.iter(|| {
                black_box(vpclab_core::layout::overview::focus(
                    &d,
                    &d.topology.vpcs[0].id,
                ))
            })
        });
        if vpcs == 100 {
            group.bench_function("full-scene", |b| {
                b.iter(|| black_box(vpclab_core::layout::scene(&d)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench, bench_session, bench_overview);
criterion_main!(benches);
