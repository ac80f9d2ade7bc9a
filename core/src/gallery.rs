//! Built-in example diagrams: the story of VPC endpoints, one pitfall at a time. Each is data
//! (`gallery/*.json`: a [`Diagram`] with a title and a summary) so the UI gallery, lessons and tests share them.

use crate::diagram::Diagram;
use serde::Deserialize;

/// One gallery entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Example {
    /// Stable id, used in links (`#example=s3-through-nat`).
    pub id: String,
    pub title: String,
    /// What the example shows, with the behaviour IDs it illustrates.
    pub summary: String,
    pub diagram: Diagram,
}

const SOURCES: &[&str] = &[
    include_str!("gallery/01-s3-through-nat.json"),
    include_str!("gallery/02-s3-gateway-endpoint.json"),
    include_str!("gallery/03-onprem-s3-interface-endpoint.json"),
    include_str!("gallery/04-saas-endpoint-service.json"),
    include_str!("gallery/05-cross-region-pitfall.json"),
    include_str!("gallery/06-peered-vpc-pitfall.json"),
];

/// Every built-in example, in story order.
///
/// ```
/// let all = vpclab_core::gallery::examples();
/// assert_eq!(all[0].id, "s3-through-nat");
/// assert!(all.len() >= 6);
/// ```
pub fn examples() -> Vec<Example> {
    SOURCES
        .iter()
        .map(|s| crate::json::from_str(s).expect("gallery examples are valid (checked by tests)"))
        .collect()
}

/// The first example, the one the app opens on when nothing is saved, read without the others (the first view
/// draws it before anything else: issue 17).
pub fn first() -> Example {
    crate::json::from_str(SOURCES[0]).expect("gallery examples are valid (checked by tests)")
}

/// The example with this id.
pub fn example(id: &str) -> Option<Example> {
    examples().into_iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{trace, validate::validate, Network, Severity};

    #[test]
    fn first_is_the_first_of_the_examples() {
        assert_eq!(first(), examples()[0]);
    }

    /// (example, flow index, reachable, network, a code or advisory that must appear, behaviour)
    type Expectation = (
        &'static str,
        usize,
        bool,
        Option<Network>,
        &'static str,
        &'static str,
    );
    const EXPECT: &[Expectation] = &[
        (
            "s3-through-nat",
            0,
            true,
            Some(Network::Public),
            "VPCLAB_NONE",
            "NAT-09",
        ),
        (
            "s3-through-nat",
            1,
            true,
            Some(Network::Public),
            "VPCLAB_NONE",
            "NAT-01",
        ),
        (
            "s3-gateway-endpoint",
            0,
            true,
            Some(Network::Private),
            "VPCLAB_NONE",
            "GE-05",
        ),
        (
            "s3-gateway-endpoint",
            1,
            true,
            Some(Network::Public),
            "VPCLAB_GE_LIMIT_SERVICES",
            "GE-03",
        ),
        (
            "onprem-s3-interface-endpoint",
            0,
            true,
            Some(Network::Private),
            "VPCLAB_NONE",
            "IE-12",
        ),
        (
            "onprem-s3-interface-endpoint",
            1,
            false,
            None,
            "VPCLAB_GE_LIMIT_NOT_EXTENDABLE",
            "GE-14",
        ),
        (
            "saas-endpoint-service",
            0,
            true,
            Some(Network::Private),
            "VPCLAB_NONE",
            "ES-07",
        ),
        (
            "saas-endpoint-service",
            1,
            false,
            None,
            "ELBV2_LISTENER_PORT_RESTRICTION",
            "ES-01",
        ),
        (
            "cross-region-pitfall",
            0,
            true,
            Some(Network::Public),
            "VPCLAB_GE_LIMIT_SAME_REGION",
            "GE-06",
        ),
        (
            "cross-region-pitfall",
            1,
            true,
            Some(Network::Private),
            "VPCLAB_NONE",
            "GE-05",
        ),
        (
            "peered-vpc-pitfall",
            0,
            false,
            None,
            "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
            "PCX-03",
        ),
        (
            "peered-vpc-pitfall",
            1,
            true,
            Some(Network::Private),
            "VPCLAB_NONE",
            "PCX-01",
        ),
    ];

    #[test]
    fn every_example_is_valid_and_answers_as_its_story_says() {
        let all = examples();
        assert!(all.len() >= 6);
        for e in &all {
            let errors: Vec<_> = validate(&e.diagram.topology)
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", e.id);
            assert!(
                e.diagram.selected().is_some(),
                "{}: a flow is selected",
                e.id
            );
        }
        for (id, i, reachable, network, code, behaviour) in EXPECT {
            let e = all.iter().find(|e| e.id == *id).unwrap();
            let t = trace(&e.diagram.topology, &e.diagram.flows[*i].spec).unwrap();
            let ctx = format!("{id} flow {i} ({behaviour}): {t:#?}");
            assert_eq!(t.reachable, *reachable, "{ctx}");
            assert_eq!(t.network, *network, "{ctx}");
            if *code != "VPCLAB_NONE" {
                let found = t.explanations.iter().any(|x| x.code == *code)
                    || t.advisories.iter().any(|a| a.code == *code);
                assert!(found, "{ctx}: expected {code}");
            }
        }
    }
}
