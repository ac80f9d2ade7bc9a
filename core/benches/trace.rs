//! Trace throughput on generated topologies (10, 100, 1,000 VPCs with 10 subnets each).
//! Run: `cargo bench -p vpclab-core --bench trace`. Results are recorded in BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use vpclab_core::path::index::Index;
use vpclab_core::path::trace::trace_with;
use vpclab_core::{synth, FlowSpec};

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

criterion_group!(benches, bench);
criterion_main!(benches);
