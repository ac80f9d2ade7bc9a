//! What a hop of a trace is: an object of the topology ([`ObjectKind`]) or one of the places outside it (the
//! internet, an on-premises network, an AWS service, the DNS step). Serialised as the same kebab-case strings as
//! before (`nat-gateway`, `aws-service`, …), so the JSON contract does not change; every consumer matches on the
//! enum, so a renamed kind is a compile error, not a silently missed charge.

use crate::model::ObjectKind;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The kind of a hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HopKind {
    /// An object of the topology; the hop's id is its AWS id.
    Object(ObjectKind),
    /// The internet (id `internet`).
    Internet,
    /// An on-premises network (id `onprem`).
    OnPrem,
    /// An AWS service (id `aws-service:<service>.<region>`, see [`crate::path::ServiceRef`]).
    AwsService,
    /// Name resolution (id `dns`).
    Dns,
}

impl HopKind {
    pub const VPC: HopKind = HopKind::Object(ObjectKind::Vpc);
    pub const SUBNET: HopKind = HopKind::Object(ObjectKind::Subnet);
    pub const ROUTE_TABLE: HopKind = HopKind::Object(ObjectKind::RouteTable);
    pub const INTERNET_GATEWAY: HopKind = HopKind::Object(ObjectKind::InternetGateway);
    pub const EGRESS_ONLY_INTERNET_GATEWAY: HopKind =
        HopKind::Object(ObjectKind::EgressOnlyInternetGateway);
    pub const NAT_GATEWAY: HopKind = HopKind::Object(ObjectKind::NatGateway);
    pub const INSTANCE: HopKind = HopKind::Object(ObjectKind::Instance);
    pub const NETWORK_INTERFACE: HopKind = HopKind::Object(ObjectKind::NetworkInterface);
    pub const SECURITY_GROUP: HopKind = HopKind::Object(ObjectKind::SecurityGroup);
    pub const NETWORK_ACL: HopKind = HopKind::Object(ObjectKind::NetworkAcl);
    pub const VPC_ENDPOINT: HopKind = HopKind::Object(ObjectKind::VpcEndpoint);
    pub const ENDPOINT_SERVICE: HopKind = HopKind::Object(ObjectKind::EndpointService);
    pub const LOAD_BALANCER: HopKind = HopKind::Object(ObjectKind::LoadBalancer);
    pub const PEERING_CONNECTION: HopKind = HopKind::Object(ObjectKind::PeeringConnection);
    pub const TRANSIT_GATEWAY: HopKind = HopKind::Object(ObjectKind::TransitGateway);
    pub const TRANSIT_GATEWAY_ATTACHMENT: HopKind =
        HopKind::Object(ObjectKind::TransitGatewayAttachment);
    pub const TRANSIT_GATEWAY_ROUTE_TABLE: HopKind =
        HopKind::Object(ObjectKind::TransitGatewayRouteTable);
    pub const VPN_GATEWAY: HopKind = HopKind::Object(ObjectKind::VpnGateway);
    pub const VPN_CONNECTION: HopKind = HopKind::Object(ObjectKind::VpnConnection);
    pub const DIRECT_CONNECT_GATEWAY: HopKind = HopKind::Object(ObjectKind::DirectConnectGateway);

    /// The kind's JSON name: `nat-gateway`, `internet`, `aws-service` …
    pub fn name(self) -> &'static str {
        match self {
            HopKind::Object(k) => k.name(),
            HopKind::Internet => "internet",
            HopKind::OnPrem => "onprem",
            HopKind::AwsService => "aws-service",
            HopKind::Dns => "dns",
        }
    }

    /// The kind named `name` (the inverse of [`HopKind::name`]).
    pub fn from_name(name: &str) -> Option<HopKind> {
        Some(match name {
            "internet" => HopKind::Internet,
            "onprem" => HopKind::OnPrem,
            "aws-service" => HopKind::AwsService,
            "dns" => HopKind::Dns,
            other => HopKind::Object(ObjectKind::from_name(other)?),
        })
    }

    /// The object kind, when the hop is an object of the topology.
    pub fn object(self) -> Option<ObjectKind> {
        match self {
            HopKind::Object(k) => Some(k),
            _ => None,
        }
    }

    /// A filter (security group or network ACL) rather than a place the packet goes through.
    pub fn is_filter(self) -> bool {
        matches!(self, HopKind::SECURITY_GROUP | HopKind::NETWORK_ACL)
    }
}

impl fmt::Display for HopKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl Serialize for HopKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for HopKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        HopKind::from_name(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a hop kind")))
    }
}

/// The AWS service a trace ends at, typed: `s3` in `us-east-1`, or a PrivateLink service
/// (`vpce-svc-…`). Its hop id is `aws-service:<service>.<region>` ([`ServiceRef::hop_id`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ServiceRef {
    /// `s3`, `dynamodb`, `sqs`, `ecr.dkr`, or a `vpce-svc-…` id.
    pub service: String,
    pub region: String,
}

impl ServiceRef {
    /// The id of the trace's `aws-service` hop.
    pub fn hop_id(&self) -> String {
        format!("aws-service:{}.{}", self.service, self.region)
    }

    /// Read an `aws-service:` hop id back (`aws-service:s3.us-east-1`, `aws-service:com.amazonaws.REGION.SVC`).
    pub fn from_hop_id(id: &str) -> Option<ServiceRef> {
        let rest = id.strip_prefix("aws-service:")?;
        if let Some(name) = rest.strip_prefix("com.amazonaws.") {
            let name = name.strip_prefix("vpce.").unwrap_or(name);
            let (region, service) = name.split_once('.')?;
            return Some(ServiceRef {
                service: service.to_string(),
                region: region.to_string(),
            });
        }
        // The Region is the last dot-separated part that looks like one (`ecr.dkr.us-east-1`).
        let (service, region) = rest.rsplit_once('.')?;
        Some(ServiceRef {
            service: service.to_string(),
            region: region.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_the_object_kinds_serde_form() {
        for k in ObjectKind::ALL {
            let json = crate::json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.name()));
            assert_eq!(HopKind::from_name(k.name()), Some(HopKind::Object(k)));
        }
        for k in [
            HopKind::Internet,
            HopKind::OnPrem,
            HopKind::AwsService,
            HopKind::Dns,
        ] {
            assert_eq!(HopKind::from_name(k.name()), Some(k));
            let back: HopKind =
                crate::json::from_str(&crate::json::to_string(&k).unwrap()).unwrap();
            assert_eq!(back, k);
        }
        assert!(HopKind::from_name("nat").is_none());
    }

    #[test]
    fn service_refs_read_back_from_hop_ids() {
        let s = ServiceRef {
            service: "ecr.dkr".into(),
            region: "us-east-1".into(),
        };
        assert_eq!(ServiceRef::from_hop_id(&s.hop_id()), Some(s));
        assert_eq!(
            ServiceRef::from_hop_id("aws-service:com.amazonaws.eu-west-1.s3"),
            Some(ServiceRef {
                service: "s3".into(),
                region: "eu-west-1".into()
            })
        );
        assert_eq!(ServiceRef::from_hop_id("internet"), None);
    }
}
