//! The documented gateway-endpoint limits as first-class checks (issue: "the listed gateway-endpoint limits").
//!
//! Each limit has a stable advisory code (see [`crate::codes`]) and is reported
//! * on a flow, when the limit is what decides — or would decide — its outcome ([`flow_advisories`]);
//! * on a topology, for every gateway endpoint it applies to ([`topology_advisories`], `vpclab check`).
//!
//! 1. Not part of your VPC: unusable from VPN, Direct Connect, peering or a transit gateway (GE-14, PCX-03).
//! 2. Same Region only: prefix lists are per Region (GE-06, GE-12).
//! 3. "IPv4 only" — superseded: gateway endpoints now have IPv6 and dual-stack IP address types (GE-21, GE-22).
//! 4. DNS resolution must be on, and custom DNS servers must resolve to AWS's addresses (GE-13, GE-23).
//! 5. Only S3 and DynamoDB have gateway endpoints (GE-11).

use super::dns::ServiceName;
use super::index::Index;
use super::{Advisory, Hop, HopKind};
use crate::codes;
use crate::model::{EndpointKind, IpAddressType, Topology, VpcEndpoint};
use std::net::IpAddr;

const GATEWAY_SERVICES: [&str; 2] = ["s3", "dynamodb"];

/// What the engine knows about a finished flow.
pub struct FlowFacts<'a> {
    pub src_vpc: Option<usize>,
    /// The source's subnet (its route table decides which gateway endpoint its traffic could use).
    pub src_subnet: Option<usize>,
    /// `Some("on premises")`, `Some("the internet")` … when the flow starts outside every VPC.
    pub from_outside: Option<&'static str>,
    /// The AWS service the destination belongs to (from its name or its prefix list).
    pub service: Option<ServiceName>,
    pub dst: IpAddr,
    pub reachable: bool,
    pub hops: &'a [Hop],
    /// The explanation codes of a blocked flow.
    pub codes: Vec<&'a str>,
}

fn gateway_endpoints<'t>(
    t: &'t Topology,
    vpc_id: Option<&str>,
) -> impl Iterator<Item = &'t VpcEndpoint> + 't {
    let vpc_id = vpc_id.map(str::to_string);
    t.vpc_endpoints.iter().filter(move |e| {
        e.kind == EndpointKind::Gateway && vpc_id.as_deref().is_none_or(|v| e.vpc_id == v)
    })
}

fn service_label(service: &str) -> String {
    match service {
        "s3" => "Amazon S3".into(),
        "dynamodb" => "DynamoDB".into(),
        s => s.to_string(),
    }
}

/// Advisories for one flow: only the limits that decide or would decide its outcome.
pub fn flow_advisories(ix: &Index<'_>, f: &FlowFacts<'_>) -> Vec<Advisory> {
    let t = ix.topo;
    let mut out = Vec::new();
    let Some(svc) = &f.service else { return out };
    let passed = |kind: HopKind| f.hops.iter().any(|h| h.kind == kind);
    let via_gateway_endpoint = f.hops.iter().any(|h| {
        h.kind == HopKind::VPC_ENDPOINT
            && ix
                .endpoint
                .get(h.id.as_str())
                .is_some_and(|&e| t.vpc_endpoints[e].kind == EndpointKind::Gateway)
    });
    let name = service_label(&svc.service);
    let src_vpc_id = f.src_vpc.map(|v| t.vpcs[v].id.as_str());
    let src_region = f.src_vpc.and_then(|v| ix.vpc_region[v].clone());

    // (5) Only S3 and DynamoDB have gateway endpoints.
    if !GATEWAY_SERVICES.contains(&svc.service.as_str())
        && (passed(HopKind::NAT_GATEWAY) || passed(HopKind::INTERNET_GATEWAY))
    {
        out.push(Advisory {
            code: codes::VPCLAB_GE_LIMIT_SERVICES.into(),
            message: format!(
                "{name} has no gateway endpoint (only S3 and DynamoDB do, GE-11), so this flow goes through {} to the service's public endpoint. An interface endpoint for com.amazonaws.{}.{} gives it a private path.",
                if passed(HopKind::NAT_GATEWAY) { "a NAT gateway" } else { "the internet gateway" },
                svc.region,
                svc.service
            ),
        });
        return out;
    }
    if !GATEWAY_SERVICES.contains(&svc.service.as_str()) {
        return out;
    }

    // (1) Not extendable: on-premises (VPN/DX), peered or TGW-attached clients cannot use a gateway endpoint.
    let blocked_outside = f
        .codes
        .contains(&codes::VPCLAB_GATEWAY_ENDPOINT_NOT_EXTENDABLE);
    // A gateway endpoint for this service in a VPC the client is not in: reached (or meant to be reached) over
    // VPN/DX, peering or a transit gateway, it cannot serve the client.
    let foreign_gateway = gateway_endpoints(t, None).any(|e| {
        e.service_name.ends_with(&format!(".{}", svc.service))
            && Some(e.vpc_id.as_str()) != src_vpc_id
    });
    let crossed = f.from_outside == Some("on premises")
        || passed(HopKind::PEERING_CONNECTION)
        || passed(HopKind::TRANSIT_GATEWAY);
    if blocked_outside || (crossed && foreign_gateway && !via_gateway_endpoint) {
        out.push(Advisory {
            code: codes::VPCLAB_GE_LIMIT_NOT_EXTENDABLE.into(),
            message: format!(
                "A gateway endpoint is not part of your VPC's address space: clients over VPN, Direct Connect, VPC peering or a transit gateway cannot use it (GE-14). Use an {name} interface endpoint and its vpce DNS name instead (IE-12)."
            ),
        });
    }

    // (2) Same Region only.
    if let (Some(vpc), Some(region)) = (src_vpc_id, src_region.as_deref()) {
        let other_region = gateway_endpoints(t, Some(vpc))
            .filter_map(|e| Index::service_of(&e.service_name))
            .find(|(r, s)| *s == svc.service && *r != svc.region)
            .map(|(r, _)| r.to_string());
        if let Some(endpoint_region) = other_region {
            if svc.region != region || endpoint_region != svc.region {
                out.push(Advisory {
                    code: codes::VPCLAB_GE_LIMIT_SAME_REGION.into(),
                    message: format!(
                        "The gateway endpoint serves {name} in {endpoint_region} only: prefix lists are per Region, so {name} in {} does not use it and goes {} (GE-06, GE-12).",
                        svc.region,
                        if f.reachable { "through the NAT or internet gateway" } else { "nowhere without a NAT or internet gateway route" }
                    ),
                });
            }
        }
    }

    // (3) IP address family: the old "IPv4 only" claim, corrected.
    if f.dst.is_ipv6() && !via_gateway_endpoint {
        // The endpoint on the source's route table, else any of the source VPC's for this service.
        let src_rtb = f
            .src_subnet
            .and_then(|s| ix.subnet_rtb[s])
            .map(|r| t.route_tables[r].id.as_str());
        let for_service = |e: &&VpcEndpoint| e.service_name.ends_with(&format!(".{}", svc.service));
        let on_table = gateway_endpoints(t, src_vpc_id)
            .filter(for_service)
            .find(|e| src_rtb.is_some_and(|r| e.route_table_ids.iter().any(|x| x == r)));
        if let Some(e) = on_table.or_else(|| gateway_endpoints(t, src_vpc_id).find(for_service)) {
            if e.ip_address_type == IpAddressType::Ipv4 {
                out.push(Advisory {
                    code: codes::VPCLAB_GE_LIMIT_IP_FAMILY.into(),
                    message: format!(
                        "{} is an IPv4 gateway endpoint, so this IPv6 traffic does not use it (GE-22). Older docs say gateway endpoints are IPv4 only; today they support IPv6 and dual-stack: set its IP address type to dualstack (GE-21).",
                        e.id
                    ),
                });
            }
        }
    }

    // (4) DNS resolution must be enabled.
    if f.codes.contains(&codes::VPCLAB_DNS_RESOLUTION_DISABLED)
        && src_vpc_id.is_some_and(|v| gateway_endpoints(t, Some(v)).next().is_some())
    {
        out.push(Advisory {
            code: codes::VPCLAB_GE_LIMIT_DNS.into(),
            message: "A gateway endpoint needs DNS resolution on in its VPC: clients must resolve the service's public name to the addresses in its prefix list (GE-13). Turn enableDnsSupport on.".into(),
        });
    }
    if let Some(v) = f.src_vpc {
        if t.custom_dns(&t.vpcs[v]).is_some() && via_gateway_endpoint {
            out.push(Advisory {
                code: codes::VPCLAB_GE_LIMIT_DNS.into(),
                message: format!(
                    "{} uses custom DNS servers: they must resolve {name} names to AWS's public addresses, or traffic will not match the gateway endpoint's prefix list (GE-13).",
                    t.vpcs[v].id
                ),
            });
        }
    }
    out
}

/// Advisories for a whole topology: each gateway-endpoint limit that applies to an endpoint in it.
pub fn topology_advisories(t: &Topology) -> Vec<Advisory> {
    topology_advisories_with(&Index::new(t))
}

/// [`topology_advisories`] with a compiled index (a [`crate::Session`]'s).
pub fn topology_advisories_with(ix: &Index<'_>) -> Vec<Advisory> {
    let t = ix.topo;
    let mut out = Vec::new();
    let regions: std::collections::BTreeSet<String> =
        ix.vpc_region.iter().flatten().cloned().collect();
    for e in gateway_endpoints(t, None) {
        let Some(&v) = ix.vpc.get(e.vpc_id.as_str()) else {
            continue;
        };
        let vpc = &t.vpcs[v];
        let (region, service) =
            Index::service_of(&e.service_name).unwrap_or(("", e.service_name.as_str()));
        let name = service_label(service);
        if !GATEWAY_SERVICES.contains(&service) {
            out.push(Advisory {
                code: codes::VPCLAB_GE_LIMIT_SERVICES.into(),
                message: format!("{}: only S3 and DynamoDB have gateway endpoints, not {service} (GE-11); use an interface endpoint.", e.id),
            });
            continue;
        }
        let mut outside = Vec::new();
        if ix.vpc_vgw[v].is_some() {
            outside.push("VPN / Direct Connect");
        }
        if t.peering_connections
            .iter()
            .any(|p| p.requester_vpc_id == vpc.id || p.accepter_vpc_id == vpc.id)
        {
            outside.push("peered VPCs");
        }
        if t.transit_gateway_attachments
            .iter()
            .any(|a| a.resource_id == vpc.id)
        {
            outside.push("transit gateway");
        }
        if !outside.is_empty() {
            out.push(Advisory {
                code: codes::VPCLAB_GE_LIMIT_NOT_EXTENDABLE.into(),
                message: format!(
                    "{}: {} is connected to {}, whose clients cannot use this gateway endpoint (GE-14). Give them an {name} interface endpoint (IE-12).",
                    e.id,
                    vpc.id,
                    outside.join(", ")
                ),
            });
        }
        if regions.len() > 1 || regions.iter().any(|r| r != region) {
            out.push(Advisory {
                code: codes::VPCLAB_GE_LIMIT_SAME_REGION.into(),
                message: format!("{}: serves {name} in {region} only; {name} in other Regions goes through NAT or the internet gateway (GE-12).", e.id),
            });
        }
        let ipv6_subnets = t.subnets.iter().any(|s| {
            s.ipv6_cidr_block.is_some()
                && ix
                    .subnet
                    .get(s.id.as_str())
                    .and_then(|&si| ix.subnet_rtb[si])
                    .is_some_and(|r| e.route_table_ids.contains(&t.route_tables[r].id))
        });
        if ipv6_subnets && e.ip_address_type == IpAddressType::Ipv4 {
            out.push(Advisory {
                code: codes::VPCLAB_GE_LIMIT_IP_FAMILY.into(),
                message: format!(
                    "{}: IPv4 gateway endpoint on route tables of IPv6 subnets; their IPv6 traffic to {name} bypasses it (GE-22). Gateway endpoints now support dualstack (GE-21).",
                    e.id
                ),
            });
        }
        if !vpc.enable_dns_support || t.custom_dns(vpc).is_some() {
            out.push(Advisory {
                code: codes::VPCLAB_GE_LIMIT_DNS.into(),
                message: format!(
                    "{}: {} has {}; clients must resolve {name} names to AWS's addresses for the endpoint to apply (GE-13).",
                    e.id,
                    vpc.id,
                    if !vpc.enable_dns_support { "enableDnsSupport off" } else { "custom DNS servers" }
                ),
            });
        }
    }
    out
}
