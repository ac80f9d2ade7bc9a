//! What a flow may start and end at in a topology: the suggestions the flow editor offers (free text is always
//! allowed; whether a flow means anything is the trace's answer). Names of AWS services are built by
//! [`ServiceName::dns_name`], the inverse of the trace's own name parser, so a suggestion always resolves.

use std::collections::HashSet;

use super::dns::ServiceName;
use crate::model::{EndpointKind, InterfaceKind, Topology};

/// Which end of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Source,
    Destination,
}

/// The internet as a destination: an address of TEST-NET-3 (RFC 5737), public to the engine and to nobody else.
/// (As a source the internet is `internet`.)
pub const INTERNET_ADDRESS: &str = "203.0.113.10";

/// One flow end: the value a flow's `from` / `to` holds, and what it is, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowEnd {
    pub value: String,
    pub label: String,
}

fn end(value: impl Into<String>, label: impl Into<String>) -> FlowEnd {
    FlowEnd {
        value: value.into(),
        label: label.into(),
    }
}

fn named(kind: &str, name: Option<&str>) -> String {
    match name {
        Some(n) if !n.is_empty() => format!("{kind} “{n}”"),
        _ => kind.to_string(),
    }
}

/// Instances and unattached network interfaces, the ends both directions share.
fn hosts(t: &Topology) -> Vec<FlowEnd> {
    let mut out: Vec<FlowEnd> = t
        .instances
        .iter()
        .map(|i| end(&i.id, named("instance", i.name.as_deref())))
        .collect();
    out.extend(
        t.network_interfaces
            .iter()
            .filter(|e| e.kind == InterfaceKind::Interface && e.attached_to.is_none())
            .map(|e| end(&e.id, "network interface")),
    );
    out
}

/// Sources: instances, plain network interfaces and the internet.
pub fn sources(t: &Topology) -> Vec<FlowEnd> {
    let mut out = hosts(t);
    out.push(end("internet", "the internet"));
    out
}

/// Destinations: instances, interfaces, endpoints and their DNS names, the AWS services of endpoints, endpoint
/// services, service resources (buckets, tables) and an internet address. No value twice.
pub fn destinations(t: &Topology) -> Vec<FlowEnd> {
    let region = t.region.as_deref().unwrap_or("us-east-1");
    let mut out = hosts(t);
    for r in &t.service_resources {
        let name = ServiceName {
            service: r.service.clone(),
            region: r.region.as_deref().unwrap_or(region).to_string(),
            bucket: Some(r.name.clone()),
        };
        out.push(end(name.dns_name(), format!("{} {}", r.service, r.name)));
    }
    for e in &t.vpc_endpoints {
        // A gateway or Gateway Load Balancer endpoint is a route target, not something a flow can be addressed
        // to; the others have network interfaces.
        if !matches!(
            e.kind,
            EndpointKind::Gateway | EndpointKind::GatewayLoadBalancer
        ) {
            out.push(end(&e.id, format!("endpoint ({})", e.service_name)));
        }
        if let Some(name) = e.dns_names.first() {
            out.push(end(name, format!("endpoint DNS name ({})", e.id)));
        }
        if let Some(s) = ServiceName::of_endpoint_service(&e.service_name) {
            out.push(end(s.dns_name(), format!("{} service", s.service)));
        }
    }
    for s in &t.endpoint_services {
        if let Some(n) = &s.private_dns_name {
            out.push(end(n, format!("endpoint service ({})", s.id)));
        }
        out.push(end(&s.service_name, "endpoint service name"));
    }
    out.push(end(INTERNET_ADDRESS, "an internet address"));
    let mut seen = HashSet::new();
    out.retain(|c| seen.insert(c.value.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{gallery, trace};

    #[test]
    fn every_gallery_flow_end_is_offered_once() {
        for e in gallery::examples() {
            let t = &e.diagram.topology;
            let from: Vec<String> = sources(t).into_iter().map(|c| c.value).collect();
            for f in &e.diagram.flows {
                if f.spec.from.starts_with("i-") {
                    assert!(from.contains(&f.spec.from), "{}: {}", e.id, f.spec.from);
                }
            }
            let to = destinations(t);
            assert!(to.iter().any(|c| c.value == INTERNET_ADDRESS));
            let unique: HashSet<_> = to.iter().map(|c| &c.value).collect();
            assert_eq!(unique.len(), to.len(), "{}: no duplicates", e.id);
        }
    }

    /// Every suggested destination names something: from the first instance, the trace never answers "unknown
    /// destination" (a flow error) for it, in every example and every lesson's start and solution.
    #[test]
    fn every_suggested_destination_is_understood_by_the_trace() {
        let mut diagrams: Vec<(String, crate::diagram::Diagram)> = gallery::examples()
            .into_iter()
            .map(|e| (e.id, e.diagram))
            .collect();
        for l in crate::lesson::builtin() {
            diagrams.push((l.id.clone(), l.diagram.clone()));
            if let Some(Ok(solved)) = l.solution_diagram() {
                diagrams.push((format!("{} (solved)", l.id), solved));
            }
        }
        for (id, d) in &diagrams {
            let t = &d.topology;
            let Some(from) = t.instances.first() else {
                continue;
            };
            for to in destinations(t) {
                let spec = crate::FlowSpec {
                    from: from.id.clone(),
                    to: to.value.clone(),
                    port: Some(443),
                    ..Default::default()
                };
                assert!(trace(t, &spec).is_ok(), "{id}: {} ({})", to.value, to.label);
            }
        }
    }

    #[test]
    fn s3_gateway_endpoint_offers_the_service_name() {
        let e = gallery::example("s3-gateway-endpoint").unwrap();
        let to = destinations(&e.diagram.topology);
        assert!(
            to.iter().any(|c| c.value == "s3.us-east-1.amazonaws.com"),
            "{to:?}"
        );
    }
}
