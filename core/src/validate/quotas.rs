//! Service quotas (amazon-vpc-limits.html): a topology AWS would refuse to build because a count is over a
//! quota. An adjustable quota over its default is a warning (it needs an increase from Support); over its hard
//! maximum, or over a fixed limit, an error. One table, one check per counted thing.

use super::ctx::Ctx;
use crate::model::*;
use crate::Severity;
use std::collections::HashMap;

/// A quota: what is counted, per what, its default and the most it can be raised to (equal when fixed).
struct Quota {
    code: &'static str,
    behaviour: &'static str,
    what: &'static str,
    per: &'static str,
    default: usize,
    max: usize,
}

const GATEWAY_ENDPOINTS_PER_REGION: Quota = Quota {
    code: "GATEWAY_ENDPOINT_QUOTA",
    behaviour: "GE-17",
    what: "gateway endpoints",
    per: "Region and account",
    default: 20,
    max: usize::MAX,
};
const GATEWAY_ENDPOINTS_PER_VPC: Quota = Quota {
    code: "GATEWAY_ENDPOINT_VPC_LIMIT",
    behaviour: "GE-17",
    what: "gateway endpoints",
    per: "VPC",
    default: 255,
    max: 255,
};
const INTERFACE_ENDPOINTS_PER_VPC: Quota = Quota {
    code: "INTERFACE_ENDPOINT_QUOTA",
    behaviour: "IE-17",
    what: "interface and Gateway Load Balancer endpoints",
    per: "VPC",
    default: 50,
    max: usize::MAX,
};
const NACL_RULES_PER_DIRECTION: Quota = Quota {
    code: "NACL_RULE_QUOTA",
    behaviour: "NACL-06",
    what: "rules",
    per: "network ACL, direction and address family",
    default: 20,
    max: 40,
};
const PEERINGS_PER_VPC: Quota = Quota {
    code: "PEERING_QUOTA",
    behaviour: "PCX-06",
    what: "active peering connections",
    per: "VPC",
    default: 50,
    max: 125,
};
const ROUTES_PER_TABLE: Quota = Quota {
    code: "ROUTE_QUOTA",
    behaviour: "RT-10",
    what: "non-propagated routes (prefix lists by weight)",
    per: "route table",
    default: 50,
    max: 1000,
};

pub(super) fn check(cx: &mut Ctx<'_>) {
    endpoints(cx);
    nacl_rules(cx);
    peerings(cx);
    routes(cx);
}

/// Report `count` of `quota` for `subject` (the object past the quota, or the container) if it is over.
fn report(cx: &mut Ctx<'_>, q: &Quota, subject: &str, field: &str, count: usize, whose: &str) {
    if count <= q.default {
        return;
    }
    let (severity, rule) = if count > q.max {
        (
            Severity::Error,
            if q.max == q.default {
                format!("a fixed limit of {}", q.max)
            } else {
                format!(
                    "the default quota is {} and it can be raised to {} at most",
                    q.default, q.max
                )
            },
        )
    } else {
        (
            Severity::Warning,
            format!(
                "the default quota is {}, so this needs a quota increase from AWS Support",
                q.default
            ),
        )
    };
    let message = format!(
        "{count} {} in {whose}: {rule} per {} ({})",
        q.what, q.per, q.behaviour
    );
    match severity {
        Severity::Error => cx.error(q.code, subject, field, message),
        _ => cx.warning(q.code, subject, field, message),
    }
}

/// Endpoints: gateway endpoints per Region and account and per VPC, interface + GWLB endpoints per VPC. Reported
/// on the first endpoint past the quota.
fn endpoints(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let mut per_region: HashMap<(Option<&str>, String), usize> = HashMap::new();
    let mut gateways: HashMap<&str, usize> = HashMap::new();
    let mut interfaces: HashMap<&str, usize> = HashMap::new();
    for e in &t.vpc_endpoints {
        let Some(vpc) = cx.vpc(&e.vpc_id) else {
            continue;
        };
        match e.kind {
            EndpointKind::Gateway => {
                let region = t.vpc_region(vpc).unwrap_or_default();
                let account = vpc
                    .owner_id
                    .as_deref()
                    .map(|a| format!(" (account {a})"))
                    .unwrap_or_default();
                let n = per_region
                    .entry((vpc.owner_id.as_deref(), region.clone()))
                    .or_default();
                *n += 1;
                if *n == GATEWAY_ENDPOINTS_PER_REGION.default + 1 {
                    report(
                        cx,
                        &GATEWAY_ENDPOINTS_PER_REGION,
                        &e.id,
                        "id",
                        *n,
                        &format!("{region}{account}"),
                    );
                }
                let n = gateways.entry(&vpc.id).or_default();
                *n += 1;
                if *n == GATEWAY_ENDPOINTS_PER_VPC.max + 1 {
                    report(
                        cx,
                        &GATEWAY_ENDPOINTS_PER_VPC,
                        &e.id,
                        "vpc_id",
                        *n,
                        &format!("`{}`", vpc.id),
                    );
                }
            }
            EndpointKind::Interface | EndpointKind::GatewayLoadBalancer => {
                let n = interfaces.entry(&vpc.id).or_default();
                *n += 1;
                if *n == INTERFACE_ENDPOINTS_PER_VPC.default + 1 {
                    report(
                        cx,
                        &INTERFACE_ENDPOINTS_PER_VPC,
                        &e.id,
                        "vpc_id",
                        *n,
                        &format!("`{}`", vpc.id),
                    );
                }
            }
            EndpointKind::Resource | EndpointKind::ServiceNetwork => {}
        }
    }
}

/// Rules per network ACL, per direction, counted separately for IPv4 and IPv6 (the default rule not counted).
fn nacl_rules(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for acl in &t.network_acls {
        let mut counts: HashMap<(bool, bool), usize> = HashMap::new();
        for e in acl.entries.iter().filter(|e| e.rule_number < 32767) {
            *counts
                .entry((e.egress, e.cidr.addr().is_ipv6()))
                .or_default() += 1;
        }
        let mut keys: Vec<_> = counts.into_iter().collect();
        keys.sort_unstable();
        for ((egress, v6), n) in keys {
            let whose = format!(
                "the {} {} rules of `{}`",
                if v6 { "IPv6" } else { "IPv4" },
                if egress { "outbound" } else { "inbound" },
                acl.id
            );
            report(cx, &NACL_RULES_PER_DIRECTION, &acl.id, "entries", n, &whose);
        }
    }
}

/// Active peering connections per VPC (either side).
fn peerings(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let mut per_vpc: HashMap<&str, usize> = HashMap::new();
    for p in &t.peering_connections {
        if !p.is_active() {
            continue;
        }
        *per_vpc.entry(&p.requester_vpc_id).or_default() += 1;
        *per_vpc.entry(&p.accepter_vpc_id).or_default() += 1;
    }
    for v in &t.vpcs {
        if let Some(&n) = per_vpc.get(v.id.as_str()) {
            report(
                cx,
                &PEERINGS_PER_VPC,
                &v.id,
                "id",
                n,
                &format!("`{}`", v.id),
            );
        }
    }
}

/// Non-propagated routes per route table: declared static routes (not `local`) and the routes gateway endpoints
/// add. A route to a prefix list counts as the list's weight: 1 for the S3 and DynamoDB lists, 55 for CloudFront's,
/// its number of entries for a customer-managed list.
fn routes(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let weight = |d: &Destination| match d {
        Destination::PrefixList(id) => t.prefix_lists.iter().find(|p| &p.id == id).map_or(1, |p| {
            if p.name.contains("cloudfront") {
                55
            } else if p.aws_managed {
                1
            } else {
                p.cidrs.len().max(1)
            }
        }),
        _ => 1,
    };
    for rt in &t.route_tables {
        let declared: usize = rt
            .routes
            .iter()
            .filter(|r| r.target != "local" && r.origin == RouteOrigin::Static)
            .map(|r| weight(&r.destination))
            .sum();
        let endpoint_routes = t
            .vpc_endpoints
            .iter()
            .filter(|e| e.kind == EndpointKind::Gateway && e.route_table_ids.contains(&rt.id))
            .filter(|e| !rt.routes.iter().any(|r| r.target == e.id))
            .count();
        report(
            cx,
            &ROUTES_PER_TABLE,
            &rt.id,
            "routes",
            declared + endpoint_routes,
            &format!("`{}`", rt.id),
        );
    }
}
