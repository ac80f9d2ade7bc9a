//! The built-in examples as the UI loads them, and the generated diagrams of the benchmark hook.

use vpclab_core::diagram::{Diagram, Flow};
use vpclab_core::gallery::{self, Example};
use vpclab_core::FlowSpec;

/// Every example, in story order.
pub fn examples() -> Vec<Example> {
    gallery::examples()
}

/// The diagram of an example, ready to show.
pub fn prepare(example: &Example) -> Diagram {
    example.diagram.clone()
}

/// The diagram the app starts with when nothing is saved: the first example.
pub fn first_example() -> Diagram {
    prepare(&gallery::first())
}

/// Whether `diagram` is one of the examples exactly as the gallery loads it.
pub fn is_pristine_example(diagram: &Diagram) -> bool {
    examples().iter().any(|e| prepare(e) == *diagram)
}

/// The benchmark hook: `?synth=VPCSxSUBNETS` in the page URL (e.g. `?synth=10x10`, about 250 components) starts
/// on a generated topology ([`vpclab_core::synth::generate`]) instead of the autosave. Sizes are capped.
pub fn synth_param(search: &str) -> Option<(usize, usize)> {
    let query = search.trim_start_matches('?');
    let value = query.split('&').find_map(|kv| kv.strip_prefix("synth="))?;
    let (v, s) = value.split_once('x')?;
    let (v, s) = (v.parse::<usize>().ok()?, s.parse::<usize>().ok()?);
    (1..=64).contains(&v).then_some(())?;
    (1..=16).contains(&s).then_some(())?;
    Some((v, s))
}

/// A generated diagram with a few flows across it (to the internet, to S3, to the next VPC over peering).
pub fn synth_diagram(vpcs: usize, subnets: usize) -> Diagram {
    let topology = vpclab_core::synth::generate(vpcs, subnets);
    let mut d = Diagram::of(topology);
    let instance = |v: usize, s: usize| format!("i-{v:05}-{s:02}");
    let last_subnet = subnets.saturating_sub(1);
    let flow = |label: &str, from: String, to: String| {
        Flow::labelled(
            label,
            FlowSpec {
                from,
                to,
                port: Some(443),
                gb_per_month: Some(100.0),
                ..Default::default()
            },
        )
    };
    d.flows.push(flow(
        "private → internet",
        instance(0, 1.min(last_subnet)),
        "93.184.216.34".into(),
    ));
    d.flows.push(flow(
        "private → S3",
        instance(0, 1.min(last_subnet)),
        "s3.us-east-1.amazonaws.com".into(),
    ));
    d.flows.push(flow(
        "public → internet",
        instance(0, 0),
        "93.184.216.34".into(),
    ));
    if vpcs > 1 {
        d.flows
            .push(flow("to the peer VPC", instance(0, 0), instance(1, 0)));
        d.flows.push(flow(
            "not transitive",
            instance(0, 0),
            instance(2 % vpcs, last_subnet),
        ));
    }
    d.selected_flow = Some(0);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pristine_examples_are_recognised() {
        let first = first_example();
        assert!(is_pristine_example(&first));
        let mut edited = first;
        edited.flows.pop();
        assert!(!is_pristine_example(&edited));
    }

    #[test]
    fn synth_param_parses_and_caps() {
        assert_eq!(synth_param("?synth=10x10"), Some((10, 10)));
        assert_eq!(synth_param("a=1&synth=2x3"), Some((2, 3)));
        assert_eq!(synth_param(""), None);
        assert_eq!(synth_param("?synth=1000x10"), None);
        assert_eq!(synth_param("?synth=10x99"), None);
        assert_eq!(synth_param("?synth=ax1"), None);
    }

    #[test]
    fn a_synth_diagram_has_about_two_hundred_components_and_traceable_flows() {
        let d = synth_diagram(10, 10);
        let t = &d.topology;
        let components = t.vpcs.len()
            + t.subnets.len()
            + t.route_tables.len()
            + t.internet_gateways.len()
            + t.nat_gateways.len()
            + t.instances.len()
            + t.security_groups.len()
            + t.vpc_endpoints.len()
            + t.peering_connections.len();
        assert!(components >= 200, "{components}");
        for f in &d.flows {
            assert!(vpclab_core::trace(t, &f.spec).is_ok(), "{f:?}");
        }
    }
}
