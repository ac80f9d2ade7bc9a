//! Each subnet's path to each AWS service of its Region (see [`super`]).

use super::{
    cents, host_ref, is_workload, through, AuditOptions, Reason, Recommendation, ServicePath,
};
use crate::path::{FlowSpec, HopKind, Network};
use crate::pricing::Item;
use crate::session::Session;
use std::collections::{BTreeSet, HashMap};
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
    let mut memo = Memo::default();
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
            let spec = service_flow(from.clone(), svc, &region, opts);
            let Ok(trace) = session.trace(&spec) else {
                continue;
            };
            traces += 1;
            out.push(entry(
                session, &subnet.id, spec, &trace, svc, &region, opts, &mut memo,
            ));
        }
    }
    // On-premises networks (behind a VPN or Direct Connect): their path to each service of the Region.
    for (cidr, region) in onprem_sources(session, opts) {
        let Some(from) = first_host(&cidr) else {
            continue;
        };
        n_sources += 1;
        for svc in &names {
            let spec = service_flow(format!("onprem:{from}"), svc, &region, opts);
            let Ok(trace) = session.trace(&spec) else {
                continue;
            };
            traces += 1;
            let mut e = entry(
                session,
                &cidr.to_string(),
                spec.clone(),
                &trace,
                svc,
                &region,
                opts,
                &mut memo,
            );
            if e.recommendation.is_none() && (!e.reachable || e.network == Some(Network::Public)) {
                let (r, n) = via_endpoint_name(session, &spec, svc, &region, e.usd_per_month, opts);
                traces += n;
                e.recommendation = r;
            }
            out.push(e);
        }
    }
    (out, n_sources, traces)
}

/// The on-premises networks a VPN connection or Direct Connect gateway reaches, with the Region they enter.
fn onprem_sources(session: &Session<'_>, opts: &AuditOptions) -> Vec<(ipnet::IpNet, String)> {
    let ix = session.index();
    let t = session.topology();
    let default_region = opts
        .region
        .clone()
        .or_else(|| t.region.clone())
        .unwrap_or_else(|| "us-east-1".to_string());
    let vgw_region = |vgw: Option<&str>| {
        vgw.and_then(|g| ix.vgw.get(g))
            .and_then(|&g| t.vpn_gateways[g].vpc_id.as_deref())
            .and_then(|v| ix.vpc.get(v))
            .and_then(|&v| ix.vpc_region.get(v).cloned().flatten())
            .unwrap_or_else(|| default_region.clone())
    };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for c in &t.vpn_connections {
        let region = vgw_region(c.vpn_gateway_id.as_deref());
        for n in c.static_routes.iter().chain(&c.bgp_routes) {
            if n.addr().is_ipv4() && seen.insert(*n) {
                out.push((*n, region.clone()));
            }
        }
    }
    for d in &t.direct_connect_gateways {
        let region = vgw_region(d.vpn_gateway_ids.first().map(String::as_str));
        for n in &d.onprem_cidrs {
            if n.addr().is_ipv4() && seen.insert(*n) {
                out.push((*n, region.clone()));
            }
        }
    }
    out
}

fn first_host(net: &ipnet::IpNet) -> Option<IpAddr> {
    match net {
        ipnet::IpNet::V4(n) if n.prefix_len() < 32 => {
            Some(IpAddr::V4((u32::from(n.network()) + 1).into()))
        }
        ipnet::IpNet::V4(n) => Some(IpAddr::V4(n.network())),
        ipnet::IpNet::V6(_) => None,
    }
}

/// Without private DNS (on premises, IE-06), an interface endpoint is reached by its own DNS name (IE-03,
/// IE-12): when one of the service's interface endpoints answers the flow privately, that is the fix.
fn via_endpoint_name(
    session: &Session<'_>,
    spec: &FlowSpec,
    svc: &str,
    region: &str,
    usd_before: f64,
    opts: &AuditOptions,
) -> (Option<Recommendation>, usize) {
    let service_name = format!("com.amazonaws.{region}.{svc}");
    let mut traces = 0;
    for e in &session.topology().vpc_endpoints {
        if e.kind != crate::model::EndpointKind::Interface || e.service_name != service_name {
            continue;
        }
        let name = e
            .dns_names
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{}.{svc}.{region}.vpce.amazonaws.com", e.id));
        let alt = FlowSpec {
            to: name.clone(),
            ..spec.clone()
        };
        let Ok(tr) = session.trace(&alt) else {
            continue;
        };
        traces += 1;
        if tr.reachable && tr.network == Some(Network::Private) {
            let after = cents(
                session
                    .flow_cost(&alt, &tr, opts.gb_per_month)
                    .usd_per_month,
            );
            let r = Recommendation {
                summary: format!(
                    "Use interface endpoint {}'s DNS name {name}: the default name {} does not resolve to it from here (IE-06), the endpoint's own name does (IE-03, IE-12)",
                    e.id, spec.to
                ),
                usd_per_month_after: after,
                saves_usd_per_month: cents((usd_before - after).max(0.0)),
                break_even_gb: None,
                steps: vec![format!("point clients at {name} (or a Route 53 Resolver inbound endpoint, IE-06)")],
            };
            return (Some(r), traces);
        }
    }
    (None, traces)
}

/// Recommendations already made, by what decides them: subnets that share a route table (and, when the path
/// crosses an AZ, an AZ) and take the same path at the same price get the same change, made for one of them
/// and re-addressed to the others (its subnet and source ids swapped). The candidates of
/// [`crate::cost::alternatives`] depend on the flow only through these: the route table (gateway endpoint),
/// the VPC and subnet (interface endpoint, own route table), the AZ crossed (NAT in the source's AZ, moving the
/// source).
#[derive(Default)]
struct Memo {
    made: HashMap<MemoKey, (String, String, Option<Recommendation>)>,
}

#[derive(PartialEq, Eq, Hash)]
struct MemoKey {
    vpc: String,
    route_table: Option<usize>,
    az: Option<String>,
    service: String,
    through: Vec<String>,
    cents: i64,
}

fn readdress(r: &Recommendation, pairs: &[(&str, &str)]) -> Recommendation {
    let swap = |text: &str| {
        let mut t = text.to_string();
        for (from, to) in pairs {
            if from != to && !from.is_empty() {
                t = t.replace(from, to);
            }
        }
        t
    };
    Recommendation {
        summary: swap(&r.summary),
        steps: r.steps.iter().map(|x| swap(x)).collect(),
        ..r.clone()
    }
}

#[allow(clippy::too_many_arguments)]
fn entry(
    session: &Session<'_>,
    subnet: &str,
    spec: FlowSpec,
    trace: &crate::Trace,
    svc: &str,
    region: &str,
    opts: &AuditOptions,
    memo: &mut Memo,
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
    let through = through(trace);
    let ix = session.index();
    let subnet_ix = ix.subnet.get(subnet).copied();
    let key = subnet_ix.map(|s| MemoKey {
        vpc: session.topology().subnets[s].vpc_id.clone(),
        route_table: ix.subnet_rtb.get(s).copied().flatten(),
        az: cost
            .items
            .iter()
            .any(|c| c.item == Item::InterAzGb)
            .then(|| session.topology().subnets[s].az.clone())
            .flatten(),
        service: svc.to_string(),
        through: through.clone(),
        cents: (usd * 100.0).round() as i64,
    });
    let recommendation = if !(trace.reachable && usd > 0.0) {
        None
    } else if let Some((rep_subnet, rep_from, r)) = key.as_ref().and_then(|k| memo.made.get(k)) {
        r.as_ref().map(|r| {
            readdress(
                r,
                &[
                    (rep_subnet.as_str(), subnet),
                    (rep_from.as_str(), spec.from.as_str()),
                ],
            )
        })
    } else {
        let r = session
            .alternatives(&spec, trace, opts.gb_per_month)
            .into_iter()
            .next()
            .map(|a| Recommendation {
                summary: a.change.description.clone(),
                usd_per_month_after: a.usd_per_month_after,
                saves_usd_per_month: a.monthly_saving,
                break_even_gb: a.break_even_gb,
                steps: a.change.steps.clone(),
            });
        if let Some(k) = key {
            memo.made
                .insert(k, (subnet.to_string(), spec.from.clone(), r.clone()));
        }
        r
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
        through,
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

/// The audited flow from a source to a service of its Region: HTTPS to the service's default name.
fn service_flow(from: String, svc: &str, region: &str, opts: &AuditOptions) -> FlowSpec {
    FlowSpec {
        from,
        to: format!("{svc}.{region}.amazonaws.com"),
        protocol: Some("tcp".into()),
        port: Some(443),
        region: opts.region.clone(),
        ..FlowSpec::default()
    }
}
