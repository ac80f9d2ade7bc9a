//! VPC endpoints (gateway, interface, Gateway Load Balancer) and load balancers.

use super::ctx::{service_region, service_short, Ctx, Kind, Ref};
use super::rules::groups;
use crate::model::*;
use std::collections::HashMap;

pub(super) fn check(cx: &mut Ctx<'_>) {
    endpoints(cx);
    allowed_principals(cx);
    supported_regions(cx);
    load_balancers(cx);
}

/// CR-06, CR-07: a cross-Region endpoint to a customer service that does not list the endpoint's Region. AWS would
/// not create it; one created before the provider removed the Region keeps working (a warning).
fn supported_regions(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for e in &t.vpc_endpoints {
        let Some(svc) = t
            .endpoint_services
            .iter()
            .find(|s| s.service_name == e.service_name && !s.supported_regions.is_empty())
        else {
            continue;
        };
        let Some(region) = cx.vpc(&e.vpc_id).and_then(|v| t.vpc_region(v)) else {
            continue;
        };
        if svc.supported_regions.contains(&region) {
            continue;
        }
        cx.warning(
            "ENDPOINT_SERVICE_REGION_NOT_SUPPORTED",
            &e.id,
            "service_name",
            format!(
                "`{}` does not list {region} among its supported Regions ({}): a new endpoint from {region} cannot be \
                 created (CR-06); one created before the Region was removed keeps working (CR-07)",
                svc.id,
                svc.supported_regions.join(", ")
            ),
        );
    }
}

/// ES-03: a consumer whose account is not among an endpoint service's allowed principals cannot create an
/// endpoint to it. Checked when the service lists its principals and the consumer VPC's account is known; an
/// ARN of the consumer's account (a user or role) may be who created it, so it counts as allowed. A warning: an
/// endpoint created before its principal was removed keeps working.
fn allowed_principals(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for e in &t.vpc_endpoints {
        let Some(svc) = t
            .endpoint_services
            .iter()
            .find(|s| s.service_name == e.service_name && !s.allowed_principals.is_empty())
        else {
            continue;
        };
        let Some(account) = cx.vpc(&e.vpc_id).and_then(|v| v.owner_id.as_deref()) else {
            continue;
        };
        if svc.owner.as_deref() == Some(account) {
            continue;
        }
        let allows = |p: &str| {
            p == "*"
                || p == account
                || p.split(':').nth(4) == Some(account) && p.starts_with("arn:")
        };
        if svc.allowed_principals.iter().any(|p| allows(p)) {
            continue;
        }
        cx.warning(
            "ENDPOINT_PRINCIPAL_NOT_ALLOWED",
            &e.id,
            "service_name",
            format!(
                "account {account} (of `{}`) is not among the allowed principals of `{}` ({}): AWS refuses to \
                 create this endpoint (ES-03); add `arn:aws:iam::{account}:root` to the service's allowed principals",
                e.vpc_id,
                svc.id,
                svc.allowed_principals.join(", ")
            ),
        );
    }
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
                gateway_ip_rules(cx, e, vpc, service);
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
                interface_ip_type(cx, e);
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
                interface_rules(cx, e, vpc);
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

/// Gateway endpoint IP address and DNS record types (GE-21, GE-23, GE-24).
fn gateway_ip_rules(cx: &mut Ctx<'_>, e: &VpcEndpoint, vpc: Option<&Vpc>, service: &str) {
    let t = cx.t;
    let record = e.dns_record_ip_type.as_deref().map(str::to_ascii_lowercase);
    let custom_record = record.as_deref().is_some_and(|r| r != "service-defined");
    if custom_record && service == "dynamodb" {
        cx.error(
            "GATEWAY_ENDPOINT_DNS_RECORD_TYPE",
            &e.id,
            "dns_record_ip_type",
            "a dynamodb gateway endpoint supports only the `service-defined` dns record ip type (GE-24)",
        );
    }
    if let Some(v) =
        vpc.filter(|v| custom_record && !(v.enable_dns_support && v.enable_dns_hostnames))
    {
        let msg = format!(
            "dns record ip type `{}` needs enableDnsSupport and enableDnsHostnames on vpc `{}` (GE-23)",
            record.unwrap_or_default(),
            v.id
        );
        cx.error(
            "GATEWAY_ENDPOINT_DNS_RECORD_TYPE",
            &e.id,
            "dns_record_ip_type",
            msg,
        );
    }
    // GE-21: IPv6 needs every subnet behind its route tables IPv6-only; dualstack needs them all dual-stack.
    if e.ip_address_type == IpAddressType::Ipv4 {
        return;
    }
    let tables: Vec<&RouteTable> = t
        .route_tables
        .iter()
        .filter(|r| e.route_table_ids.contains(&r.id))
        .collect();
    let explicit: std::collections::HashSet<&str> = t
        .route_tables
        .iter()
        .flat_map(|r| r.subnet_ids.iter().map(String::as_str))
        .collect();
    for s in &t.subnets {
        let behind = tables.iter().any(|r| {
            r.subnet_ids.contains(&s.id)
                || (r.main && r.vpc_id == s.vpc_id && !explicit.contains(s.id.as_str()))
        });
        if !behind {
            continue;
        }
        let (v4, v6) = (s.cidr_block.is_some(), s.ipv6_cidr_block.is_some());
        let (ok, need) = match e.ip_address_type {
            IpAddressType::Ipv6 => (!v4 && v6, "IPv6-only"),
            IpAddressType::Dualstack => (v4 && v6, "dual-stack"),
            IpAddressType::Ipv4 => (true, ""),
        };
        if !ok {
            let msg = format!(
                "ip address type `{}` needs every subnet behind its route tables to be {need}, but subnet `{}` is not (GE-21)",
                format!("{:?}", e.ip_address_type).to_ascii_lowercase(),
                s.id
            );
            cx.error(
                "GATEWAY_ENDPOINT_IP_TYPE_SUBNETS",
                &e.id,
                "ip_address_type",
                msg,
            );
        }
    }
}

/// IE-09: an interface endpoint's IP address type must fit every one of its subnets: IPv4 needs an IPv4 range,
/// dualstack both ranges, IPv6 IPv6-only subnets (a dual-stack subnet is refused for IPv6).
fn interface_ip_type(cx: &mut Ctx<'_>, e: &VpcEndpoint) {
    for (i, id) in e.subnet_ids.iter().enumerate() {
        let Some(s) = cx.subnet(id) else {
            continue;
        };
        let (v4, v6) = (s.cidr_block.is_some(), s.ipv6_cidr_block.is_some());
        let (ok, need) = match e.ip_address_type {
            IpAddressType::Ipv4 => (v4, "an IPv4 range"),
            IpAddressType::Dualstack => (v4 && v6, "both an IPv4 and an IPv6 range"),
            IpAddressType::Ipv6 => (v6 && !v4, "to be IPv6-only"),
        };
        if !ok {
            let msg = format!(
                "ip address type `{}` needs subnet `{id}` {need}, and it is not (IE-09)",
                format!("{:?}", e.ip_address_type).to_ascii_lowercase()
            );
            cx.error(
                "INTERFACE_ENDPOINT_IP_TYPE_SUBNETS",
                &e.id,
                format!("subnet_ids[{i}]"),
                msg,
            );
        }
    }
}

/// AZ IDs where cross-Region interface endpoints are not supported (CR-04).
const CROSS_REGION_EXCLUDED_AZ_IDS: &[&str] = &[
    "use1-az3",
    "usw1-az2",
    "apne1-az3",
    "apne2-az2",
    "apne2-az4",
];

/// Interface endpoint options: inbound-Resolver-only private DNS (IE-23, GE-29) and cross-Region rules (CR-01, CR-04).
fn interface_rules(cx: &mut Ctx<'_>, e: &VpcEndpoint, vpc: Option<&Vpc>) {
    let t = cx.t;
    if e.private_dns_only_for_inbound_resolver_endpoint {
        let has_gateway = t.vpc_endpoints.iter().any(|g| {
            g.kind == EndpointKind::Gateway
                && g.vpc_id == e.vpc_id
                && g.service_name == e.service_name
        });
        if !has_gateway {
            let msg = format!(
                "private dns only for the inbound resolver endpoint needs a gateway endpoint for `{}` in vpc `{}` (IE-23, GE-29)",
                e.service_name, e.vpc_id
            );
            cx.error(
                "INBOUND_RESOLVER_ONLY_NEEDS_GATEWAY_ENDPOINT",
                &e.id,
                "private_dns_only_for_inbound_resolver_endpoint",
                msg,
            );
        }
    }
    let vpc_region = vpc.and_then(|v| t.vpc_region(v));
    let Some(service_region) = e.service_region.as_deref() else {
        return;
    };
    if vpc_region.as_deref().is_none_or(|r| r == service_region) {
        return;
    }
    let service = service_short(&e.service_name);
    if e.service_name.starts_with("com.amazonaws.")
        && !e.service_name.starts_with("com.amazonaws.vpce.")
        && !crate::path::dns::CROSS_REGION_SERVICES.contains(&service)
    {
        let msg = format!("`{service}` does not support cross-region interface endpoints (CR-01)");
        cx.error(
            "CROSS_REGION_SERVICE_UNSUPPORTED",
            &e.id,
            "service_region",
            msg,
        );
    }
    for (i, sid) in e.subnet_ids.iter().enumerate() {
        let az_id = cx.subnet(sid).and_then(|s| s.az_id.as_deref());
        if let Some(az_id) = az_id.filter(|a| CROSS_REGION_EXCLUDED_AZ_IDS.contains(a)) {
            let msg = format!(
                "cross-region endpoints are not supported in availability zone `{az_id}` (CR-04)"
            );
            cx.error(
                "CROSS_REGION_AZ_UNSUPPORTED",
                &e.id,
                format!("subnet_ids[{i}]"),
                msg,
            );
        }
    }
}
