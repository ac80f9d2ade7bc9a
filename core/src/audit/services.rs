//! Each subnet's path to each AWS service of its Region (see [`super`]).

use super::{
    cents, host_ref, is_workload, through, AuditOptions, Reason, Recommendation, ServicePath,
};
use crate::path::{FlowSpec, HopKind, Network};
use crate::pricing::Item;
use crate::session::Session;
use std::collections::BTreeSet;
use std::net::IpAddr;

/// The services every subnet is audited for: S3, DynamoDB, each service with an AWS-service endpoint anywhere
/// in the topology (`com.amazonaws.REGION.SVC`), and the asked-for ones.
pub fn service_names(session: &Session<'_>, opts: &AuditOptions) -> Vec<String> {
    let mut out: Vec<String> = vec!["s3".into(), "dynamodb".into()];
    let mut seen: BTreeSet<String> = out.iter().cloned().collect();
    let mut add = |s: &str| {
        let s = s.trim().to_ascii_lowercase();
        if !s.is_empty() && seen.insert(s.clone()) {
            out.push(s);
        }
    };
    let mut from_endpoints: BTreeSet<String> = BTreeSet::new();
    for e in &session.topology().vpc_endpoints {
        if let Some(rest) = e.service_name.strip_prefix("com.amazonaws.") {
            if rest.starts_with("vpce.") {
                continue; // a PrivateLink service of a provider, not an AWS service
            }
            if let Some((_region, svc)) = rest.split_once('.') {
                from_endpoints.insert(svc.to_string());
            }
        }
    }
    for s in &from_endpoints {
        add(s);
    }
    for s in &opts.services {
        add(s);
    }
    out
}

/// The traced source of each subnet: its first instance or ENI, else its first usable address (AWS reserves
/// the first four, VPC-04).
fn sources(session: &Session<'_>) -> Vec<Option<String>> {
    let ix = session.index();
    let t = session.topology();
    let mut out: Vec<Option<String>> = vec![None; t.subnets.len()];
    for (h, host) in ix.hosts.iter().enumerate() {
        if is_workload(ix, h) && out.get(host.subnet).is_some_and(|s| s.is_none()) {
            out[host.subnet] = Some(host_ref(ix, h));
        }
    }
    for (s, subnet) in t.subnets.iter().enumerate() {
        if out[s].is_some() {
            continue;
        }
        let Some(ipnet::IpNet::V4(net)) = subnet.cidr_block else {
            continue;
        };
        let base = u32::from(net.network());
        let last = u32::from(net.broadcast());
        // The first usable address nobody else holds (an address of another VPC would be traced from there).
        out[s] = (4..12u32)
            .map(|k| base.saturating_add(k))
            .filter(|&a| a < last)
            .map(|a| IpAddr::V4(a.into()))
            .find(|ip| !ix.host_by_any_ip.contains_key(ip))
            .map(|ip| ip.to_string());
    }
    out
}

pub(crate) fn display(service: &str) -> String {
    match service {
        "s3" => "S3".into(),
        "dynamodb" => "DynamoDB".into(),
        other => other.to_string(),
    }
}

/// The service paths, the number of subnets audited, and the number of traces.
pub fn audit(session: &Session<'_>, opts: &AuditOptions) -> (Vec<ServicePath>, usize, usize) {
    let ix = session.index();
    let t = session.topology();
    let names = service_names(session, opts);
    let mut out = Vec::new();
    let mut n_sources = 0;
    let mut traces = 0;
    for (s, from) in sources(session).into_iter().enumerate() {
        let Some(from) = from else { continue };
        let subnet = &t.subnets[s];
        let vpc = ix
            .subnet
            .get(subnet.id.as_str())
            .and_then(|_| ix.vpc.get(subnet.vpc_id.as_str()).copied());
        let region = vpc
            .and_then(|v| ix.vpc_region.get(v).cloned().flatten())
            .or_else(|| opts.region.clone())
            .or_else(|| t.region.clone())
            .unwrap_or_else(|| "us-east-1".to_string());
        n_sources += 1;
        for svc in &names {
            let spec = FlowSpec {
                from: from.clone(),
                to: format!("{svc}.{region}.amazonaws.com"),
                protocol: Some("tcp".into()),
                port: Some(443),
                region: opts.region.clone(),
                ..FlowSpec::default()
            };
            let Ok(trace) = session.trace(&spec) else {
                continue;
            };
            traces += 1;
            out.push(entry(session, &subnet.id, spec, &trace, svc, &region, opts));
        }
    }
    (out, n_sources, traces)
}

fn entry(
    session: &Session<'_>,
    subnet: &str,
    spec: FlowSpec,
    trace: &crate::Trace,
    svc: &str,
    region: &str,
    opts: &AuditOptions,
) -> ServicePath {
    let cost = session.flow_cost(&spec, trace, opts.gb_per_month);
    let mut reasons = BTreeSet::new();
    if trace.reachable {
        let pays = |i: Item| cost.items.iter().any(|c| c.item == i && c.usd > 0.0);
        if pays(Item::NatGatewayGb)
            || pays(Item::RegionalNatGatewayGb)
            || pays(Item::InternetEgressGb)
        {
            reasons.insert(Reason::Cost);
        }
        let nat = trace.hops.iter().any(|h| h.kind == HopKind::NAT_GATEWAY);
        // An instance after the source's own hops: a middlebox the traffic is routed through.
        let appliance = trace
            .hops
            .iter()
            .skip(1)
            .any(|h| h.kind == HopKind::INSTANCE && h.id != spec.from);
        if nat || appliance {
            reasons.insert(Reason::Latency);
            reasons.insert(Reason::Capacity);
        }
        if cost.items.iter().any(|c| c.item == Item::InterAzGb) {
            reasons.insert(Reason::Latency);
        }
        if trace.network == Some(Network::Public) {
            reasons.insert(Reason::Privacy);
        }
    }
    let usd = cents(cost.usd_per_month);
    let recommendation = if trace.reachable && usd > 0.0 {
        session
            .alternatives(&spec, trace, opts.gb_per_month)
            .into_iter()
            .next()
            .map(|a| Recommendation {
                summary: a.change.description.clone(),
                usd_per_month_after: a.usd_per_month_after,
                saves_usd_per_month: a.monthly_saving,
                break_even_gb: a.break_even_gb,
                steps: a.change.steps.clone(),
            })
    } else {
        None
    };
    let service = trace
        .service()
        .map(|s| format!("{}.{}", s.service, s.region))
        .unwrap_or_else(|| format!("{svc}.{region}"));
    ServicePath {
        source_subnet: subnet.to_string(),
        from: spec.from.clone(),
        service,
        to: spec.to.clone(),
        port: 443,
        protocol: "tcp".into(),
        reachable: trace.reachable,
        network: trace.network,
        through: through(trace),
        reasons: reasons.into_iter().collect(),
        usd_per_month: usd,
        recommendation,
        explanations: if trace.reachable {
            Vec::new()
        } else {
            trace.explanations.clone()
        },
    }
}
