//! Latency and capacity of a traced path (the seed's reasons 2 and 3): the walker lists the components its hops
//! crossed and the Availability Zones they sit in; [`crate::path::capacity`] turns them into advisories from data.

use super::*;
use crate::path::capacity::{self, Component, PathCost, PathItem};

impl<'a, 't> Walker<'a, 't> {
    /// The components on the path that capacity and latency facts speak about, in path order.
    fn path_items(&self) -> Vec<PathItem> {
        let ix = self.ix;
        let t = ix.topo;
        let mut out: Vec<PathItem> = Vec::new();
        let src = self.hops.first().map(|h| h.id.as_str());
        let dst = self.hops.iter().rev().find(|h| {
            matches!(
                h.kind,
                HopKind::INSTANCE | HopKind::NETWORK_INTERFACE | HopKind::VPC_ENDPOINT
            )
        });
        for h in &self.hops {
            let component = match h.kind {
                HopKind::INTERNET_GATEWAY => Some(Component::InternetGateway),
                HopKind::NAT_GATEWAY if h.detail.contains("translates") => {
                    Some(Component::NatGateway)
                }
                HopKind::VPC_ENDPOINT => {
                    ix.endpoint
                        .get(h.id.as_str())
                        .and_then(|&e| match t.vpc_endpoints[e].kind {
                            EndpointKind::Interface => Some(Component::InterfaceEndpoint),
                            EndpointKind::GatewayLoadBalancer => Some(Component::Appliance),
                            _ => None,
                        })
                }
                HopKind::VPN_CONNECTION => Some(Component::VpnTunnel),
                HopKind::TRANSIT_GATEWAY_ATTACHMENT => Some(Component::TgwAttachment),
                HopKind::INSTANCE | HopKind::NETWORK_INTERFACE
                    if Some(h.id.as_str()) != src
                        && dst.is_none_or(|d| !std::ptr::eq(d, h))
                        && h.detail.contains("forwards") =>
                {
                    Some(Component::Appliance)
                }
                _ => None,
            };
            if let Some(component) = component {
                if !out.iter().any(|i| i.component == component && i.id == h.id) {
                    out.push(PathItem {
                        component,
                        id: h.id.clone(),
                    });
                }
            }
        }
        out
    }

    /// Availability Zone changes along the path (subnets and the interfaces the packet meets).
    fn az_crossings(&self) -> usize {
        let ix = self.ix;
        let mut last: Option<&str> = None;
        let mut n = 0;
        for h in &self.hops {
            let az = match h.kind {
                HopKind::SUBNET => ix.subnet.get(h.id.as_str()).and_then(|&s| ix.subnet_az(s)),
                HopKind::INSTANCE | HopKind::NETWORK_INTERFACE | HopKind::NAT_GATEWAY => ix
                    .hosts_of
                    .get(h.id.as_str())
                    .and_then(|v| v.first())
                    .and_then(|&x| ix.subnet_az(ix.hosts[x].subnet)),
                _ => None,
            };
            if let Some(az) = az {
                if last.is_some_and(|l| l != az) {
                    n += 1;
                }
                last = Some(az);
            }
        }
        n
    }

    /// LAT-01 and CAP-01..CAP-04: what the path costs, and the tightest documented limit for a flow's rate.
    pub(super) fn add_performance_advisories(&mut self, spec: &FlowSpec) {
        if !self.reachable {
            return;
        }
        let items = self.path_items();
        let facts = capacity::facts();
        for a in capacity::capacity_advisories(facts, &items, spec.gbps, spec.connections) {
            self.advise(&a.code, a.message);
        }
        let crosses_out = items.iter().any(|i| {
            matches!(
                i.component,
                Component::NatGateway | Component::InternetGateway
            )
        });
        let service = self.service.clone().or_else(|| {
            let (_, name) = self.aws_service_of(self.pkt.dst)?;
            let (service, region) = name.split_once('.')?;
            Some(crate::path::dns::ServiceName {
                service: service.into(),
                region: region.into(),
                bucket: None,
            })
        });
        let alternative = match (crosses_out, service) {
            (true, Some(s)) if s.service == "s3" || s.service == "dynamodb" => Some(format!(
                "a gateway endpoint for {} (com.amazonaws.{}.{})",
                s.service, s.region, s.service
            )),
            (true, Some(s)) => Some(format!(
                "an interface endpoint for com.amazonaws.{}.{} with a network interface in the source's Availability Zone",
                s.region, s.service
            )),
            _ => None,
        };
        let hops = self
            .hops
            .iter()
            .filter(|h| {
                matches!(
                    h.kind,
                    HopKind::INTERNET_GATEWAY
                        | HopKind::EGRESS_ONLY_INTERNET_GATEWAY
                        | HopKind::NAT_GATEWAY
                        | HopKind::VPC_ENDPOINT
                        | HopKind::PEERING_CONNECTION
                        | HopKind::TRANSIT_GATEWAY
                        | HopKind::VPN_GATEWAY
                        | HopKind::VPN_CONNECTION
                        | HopKind::DIRECT_CONNECT_GATEWAY
                )
            })
            .map(|h| h.id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            + items
                .iter()
                .filter(|i| i.component == Component::Appliance)
                .count();
        let cost = PathCost {
            hops,
            az_crossings: self.az_crossings(),
            items: &items,
            alternative,
        };
        if let Some(a) = capacity::latency_advisory(facts, &cost) {
            self.advise(&a.code, a.message);
        }
    }
}
