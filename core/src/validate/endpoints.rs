//! VPC endpoints (gateway, interface, Gateway Load Balancer) and load balancers.

use super::ctx::{service_region, service_short, Ctx, Kind, Ref};
use super::rules::groups;
use crate::model::*;
use std::collections::HashMap;

pub(super) fn check(cx: &mut Ctx<'_>) {
    endpoints(cx);
    load_balancers(cx);
}

/// Services that have gateway endpoints (GE-11). `s3express` is S3 Express One Zone's own gateway endpoint.
const GATEWAY_SERVICES: &[&str] = &["s3", "dynamodb", "s3express"];

fn endpoints(cx: &mut Ctx<'_>) {
    let t = cx.t;
    // (route table, service) → the gateway endpoint that already routes it there (GE-04).
    let mut per_table: HashMap<(&str, &str), &str> = HashMap::new();
    for e in &t.vpc_endpoints {
        let vpc = if cx.must_ref(&e.id, "vpc_id", &e.vpc_id, Kind::Vpc) {
            cx.vpc(&e.vpc_id)
        } else {
            None
        };
        let vpc_id = Some(e.vpc_id.as_str());
        for (i, rt) in e.route_table_ids.iter().enumerate() {
            let field = format!("route_table_ids[{i}]");
            if cx.must_ref(&e.id, &field, rt, Kind::RouteTable) {
                let rt_vpc = cx.vpc_of_route_table(rt);
                cx.same_vpc(
                    &e.id,
                    &field,
                    vpc_id,
                    rt_vpc,
                    &format!("route table `{rt}`"),
                );
            }
        }
        for (i, s) in e.subnet_ids.iter().enumerate() {
            let field = format!("subnet_ids[{i}]");
            if cx.must_ref(&e.id, &field, s, Kind::Subnet) {
                let subnet_vpc = cx.vpc_of_subnet(s);
                cx.same_vpc(&e.id, &field, vpc_id, subnet_vpc, &format!("subnet `{s}`"));
            }
        }
        groups(cx, &e.id, vpc_id, &e.security_group_ids);
        for (i, eni) in e.network_interface_ids.iter().enumerate() {
            cx.reference(
                &e.id,
                &format!("network_interface_ids[{i}]"),
                eni,
                Kind::NetworkInterface,
                Ref::WARNING,
            );
        }
        match e.kind {
            EndpointKind::Gateway => {
                let service = service_short(&e.service_name);
                if !GATEWAY_SERVICES.contains(&service) {
                    let msg = format!(
                        "`{}`: only amazon s3 and dynamodb have gateway endpoints; use an interface endpoint (GE-11)",
                        e.service_name
                    );
                    cx.error(
                        "GATEWAY_ENDPOINT_SERVICE_UNSUPPORTED",
                        &e.id,
                        "service_name",
                        msg,
                    );
                }
                let vpc_region = vpc.and_then(|v| t.vpc_region(v));
                if let (Some(svc), Some(own)) = (service_region(&e.service_name), vpc_region) {
                    if svc != own {
                        let msg = format!(
                            "`{}` is a service in `{svc}`, but vpc `{}` is in `{own}`; a gateway endpoint serves its own region only (GE-12)",
                            e.service_name, e.vpc_id
                        );
                        cx.error(
                            "GATEWAY_ENDPOINT_REGION_MISMATCH",
                            &e.id,
                            "service_name",
                            msg,
                        );
                    }
                }
                for (i, rt) in e.route_table_ids.iter().enumerate() {
                    match per_table.get(&(rt.as_str(), service)) {
                        Some(first) if *first != e.id => {
                            let msg = format!(
                                "route table `{rt}` already has a route to gateway endpoint `{first}` for `{service}`; one per service per table (GE-04)"
                            );
                            cx.error(
                                "GATEWAY_ENDPOINT_DUPLICATE_SERVICE",
                                &e.id,
                                format!("route_table_ids[{i}]"),
                                msg,
                            );
                        }
                        Some(_) => {}
                        None => {
                            per_table.insert((rt, service), &e.id);
                        }
                    }
                }
            }
            EndpointKind::Interface => {
                let mut by_az: HashMap<&str, &str> = HashMap::new();
                for (i, s) in e.subnet_ids.iter().enumerate() {
                    let Some(az) = cx
                        .subnet(s)
                        .and_then(|s| s.az_id.as_deref().or(s.az.as_deref()))
                    else {
                        continue;
                    };
                    if let Some(first) = by_az.get(az) {
                        let msg = format!(
                            "subnets `{first}` and `{s}` are both in `{az}`; an interface endpoint takes one subnet per availability zone (IE-01)"
                        );
                        cx.error(
                            "INTERFACE_ENDPOINT_DUPLICATE_AZ",
                            &e.id,
                            format!("subnet_ids[{i}]"),
                            msg,
                        );
                    } else {
                        by_az.insert(az, s);
                    }
                }
                if e.private_dns_enabled {
                    if let Some(v) =
                        vpc.filter(|v| !(v.enable_dns_support && v.enable_dns_hostnames))
                    {
                        let off: Vec<&str> = [
                            (v.enable_dns_support, "enableDnsSupport"),
                            (v.enable_dns_hostnames, "enableDnsHostnames"),
                        ]
                        .iter()
                        .filter(|(on, _)| !on)
                        .map(|(_, name)| *name)
                        .collect();
                        // A warning, not an error: AWS refuses this, so in an imported snapshot it usually means
                        // the describe-vpc-attribute outputs were missing and the defaults (hostnames off) assumed.
                        let msg = format!(
                            "private dns needs both dns attributes of vpc `{}`, but {} is off (IE-05, DNS-03); \
                             a snapshot without describe-vpc-attribute output gets the aws defaults",
                            v.id,
                            off.join(" and ")
                        );
                        cx.warning(
                            "PRIVATE_DNS_REQUIRES_VPC_DNS",
                            &e.id,
                            "private_dns_enabled",
                            msg,
                        );
                    }
                }
            }
            EndpointKind::GatewayLoadBalancer => {
                if e.subnet_ids.len() > 1 {
                    let msg = "a gateway load balancer endpoint has exactly one subnet; create one endpoint per availability zone (GW-01)";
                    cx.error(
                        "GWLB_ENDPOINT_MULTIPLE_SUBNETS",
                        &e.id,
                        "subnet_ids[1]",
                        msg,
                    );
                }
            }
            EndpointKind::Resource | EndpointKind::ServiceNetwork => {}
        }
    }
    // The same rule seen from the route tables: routes that target gateway endpoints.
    for rt in &t.route_tables {
        for (i, r) in rt.routes.iter().enumerate() {
            let Some(e) = cx
                .endpoint(&r.target)
                .filter(|e| e.kind == EndpointKind::Gateway)
            else {
                continue;
            };
            let service = service_short(&e.service_name);
            match per_table.get(&(rt.id.as_str(), service)) {
                Some(first) if *first != e.id => {
                    let msg = format!(
                        "this table already routes `{service}` to gateway endpoint `{first}`, not to `{}`; one per service per table (GE-04)",
                        e.id
                    );
                    cx.error(
                        "GATEWAY_ENDPOINT_DUPLICATE_SERVICE",
                        &rt.id,
                        format!("routes[{i}].target"),
                        msg,
                    );
                }
                Some(_) => {}
                None => {
                    per_table.insert((&rt.id, service), &e.id);
                }
            }
        }
    }
}

fn load_balancers(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for lb in &t.load_balancers {
        cx.must_ref(&lb.id, "vpc_id", &lb.vpc_id, Kind::Vpc);
        for (i, s) in lb.subnet_ids.iter().enumerate() {
            let field = format!("subnet_ids[{i}]");
            if cx.must_ref(&lb.id, &field, s, Kind::Subnet) {
                let subnet_vpc = cx.vpc_of_subnet(s);
                cx.same_vpc(
                    &lb.id,
                    &field,
                    Some(&lb.vpc_id),
                    subnet_vpc,
                    &format!("subnet `{s}`"),
                );
            }
        }
    }
}
