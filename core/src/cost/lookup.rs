//! Ids → model objects, and where each object is (Region, AZ), for pricing.

use crate::model::*;
use crate::path::HopKind;
use std::collections::HashMap;

/// Where the packet is: a subnet (hence an AZ) of a VPC in a Region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Loc {
    pub region: Option<String>,
    pub az: Option<String>,
    pub az_id: Option<String>,
    pub subnet: Option<String>,
    pub vpc: Option<String>,
}

impl Loc {
    pub fn az_label(&self) -> String {
        match (&self.az, &self.az_id) {
            (Some(a), _) => a.clone(),
            (None, Some(id)) => id.clone(),
            (None, None) => "an unknown AZ".into(),
        }
    }

    /// Same AZ? By AZ id when both have one (AZ names differ between accounts), else by name; `None` if unknown.
    pub fn same_az(&self, other: &Loc) -> Option<bool> {
        match (&self.az_id, &other.az_id, &self.az, &other.az) {
            (Some(a), Some(b), _, _) => Some(a == b),
            (_, _, Some(a), Some(b)) => Some(a == b),
            _ => None,
        }
    }
}

pub(crate) struct Lookup<'t> {
    pub t: &'t Topology,
    subnet: HashMap<&'t str, &'t Subnet>,
    vpc: HashMap<&'t str, &'t Vpc>,
    instance: HashMap<&'t str, &'t Instance>,
    eni: HashMap<&'t str, &'t NetworkInterface>,
    nat: HashMap<&'t str, &'t NatGateway>,
    endpoint: HashMap<&'t str, &'t VpcEndpoint>,
    tgw: HashMap<&'t str, &'t TransitGateway>,
    tgw_attachment: HashMap<&'t str, &'t TgwAttachment>,
}

fn by_id<'t, T>(items: &'t [T], id: impl Fn(&'t T) -> &'t str) -> HashMap<&'t str, &'t T> {
    let mut m = HashMap::new();
    for x in items {
        m.entry(id(x)).or_insert(x);
    }
    m
}

impl<'t> Lookup<'t> {
    pub fn new(t: &'t Topology) -> Self {
        Lookup {
            t,
            subnet: by_id(&t.subnets, |x| &x.id),
            vpc: by_id(&t.vpcs, |x| &x.id),
            instance: by_id(&t.instances, |x| &x.id),
            eni: by_id(&t.network_interfaces, |x| &x.id),
            nat: by_id(&t.nat_gateways, |x| &x.id),
            endpoint: by_id(&t.vpc_endpoints, |x| &x.id),
            tgw: by_id(&t.transit_gateways, |x| &x.id),
            tgw_attachment: by_id(&t.transit_gateway_attachments, |x| &x.id),
        }
    }

    pub fn subnet(&self, id: &str) -> Option<&'t Subnet> {
        self.subnet.get(id).copied()
    }
    pub fn vpc(&self, id: &str) -> Option<&'t Vpc> {
        self.vpc.get(id).copied()
    }
    pub fn instance(&self, id: &str) -> Option<&'t Instance> {
        self.instance.get(id).copied()
    }
    pub fn eni(&self, id: &str) -> Option<&'t NetworkInterface> {
        self.eni.get(id).copied()
    }
    pub fn nat(&self, id: &str) -> Option<&'t NatGateway> {
        self.nat.get(id).copied()
    }
    pub fn endpoint(&self, id: &str) -> Option<&'t VpcEndpoint> {
        self.endpoint.get(id).copied()
    }
    pub fn tgw_attachment(&self, id: &str) -> Option<&'t TgwAttachment> {
        self.tgw_attachment.get(id).copied()
    }

    /// The Region of a VPC (its own, its subnets' AZs, the topology default).
    pub fn vpc_region(&self, vpc: &str) -> Option<String> {
        match self.vpc(vpc) {
            Some(v) => self.t.vpc_region(v),
            None => self.t.region.clone(),
        }
    }

    /// The Region of a VPC, or a default (`us-east-1`) and `true` when it cannot be known.
    pub fn vpc_region_or_default(&self, vpc: Option<&str>) -> (String, bool) {
        match vpc
            .and_then(|v| self.vpc_region(v))
            .or_else(|| self.t.region.clone())
        {
            Some(r) => (r, false),
            None => ("us-east-1".into(), true),
        }
    }

    pub fn subnet_vpc(&self, subnet: &str) -> Option<String> {
        self.subnet(subnet).map(|s| s.vpc_id.clone())
    }

    pub fn subnet_loc(&self, subnet: &str) -> Option<Loc> {
        let s = self.subnet(subnet)?;
        let region = self
            .vpc(&s.vpc_id)
            .and_then(|v| self.t.vpc_region(v))
            .or_else(|| s.az.as_deref().map(region_of_az))
            .or_else(|| self.t.region.clone());
        Some(Loc {
            region,
            az: s.az.clone(),
            az_id: s.az_id.clone(),
            subnet: Some(s.id.clone()),
            vpc: Some(s.vpc_id.clone()),
        })
    }

    /// The subnet of an instance: its first ENI's, else its inline `subnet_id`.
    pub fn instance_subnet(&self, i: &Instance) -> Option<String> {
        i.network_interface_ids
            .iter()
            .find_map(|e| self.eni(e).map(|e| e.subnet_id.clone()))
            .or_else(|| i.subnet_id.clone())
            .or_else(|| {
                self.t
                    .network_interfaces
                    .iter()
                    .find(|e| e.attached_to.as_deref() == Some(i.id.as_str()))
                    .map(|e| e.subnet_id.clone())
            })
    }

    pub fn instance_vpc(&self, i: &Instance) -> Option<String> {
        self.instance_subnet(i).and_then(|s| self.subnet_vpc(&s))
    }

    pub fn nat_vpc(&self, n: &NatGateway) -> Option<String> {
        n.subnet_id
            .as_deref()
            .and_then(|s| self.subnet_vpc(s))
            .or_else(|| n.vpc_id.clone())
    }

    /// Where a hop's object is, for hops that sit in a subnet.
    pub fn hop_loc(&self, kind: HopKind, id: &str) -> Option<Loc> {
        match kind {
            HopKind::SUBNET => self.subnet_loc(id),
            HopKind::INSTANCE => self
                .instance(id)
                .and_then(|i| self.instance_subnet(i))
                .and_then(|s| self.subnet_loc(&s)),
            HopKind::NETWORK_INTERFACE => self.eni(id).and_then(|e| self.subnet_loc(&e.subnet_id)),
            HopKind::NAT_GATEWAY => self
                .nat(id)
                .and_then(|n| n.subnet_id.as_deref())
                .and_then(|s| self.subnet_loc(s)),
            _ => None,
        }
    }

    /// Distinct AZs of some subnets (by AZ id, else name; a subnet of unknown AZ counts as its own).
    pub fn distinct_azs(&self, subnets: &[String]) -> usize {
        let mut seen = std::collections::BTreeSet::new();
        for s in subnets {
            let key = match self.subnet(s) {
                Some(sub) => sub
                    .az_id
                    .clone()
                    .or_else(|| sub.az.clone())
                    .unwrap_or_else(|| sub.id.clone()),
                None => s.clone(),
            };
            seen.insert(key);
        }
        seen.len()
    }

    /// The Region of a transit gateway (its own, else the attached VPC's, else the default).
    pub fn tgw_region(&self, tgw: &str, att: Option<&TgwAttachment>) -> (String, bool) {
        if let Some(r) = self.tgw.get(tgw).and_then(|g| g.region.clone()) {
            return (r, false);
        }
        let vpc = att
            .filter(|a| a.kind == TgwAttachmentKind::Vpc)
            .map(|a| a.resource_id.as_str())
            .or_else(|| {
                self.t
                    .transit_gateway_attachments
                    .iter()
                    .find(|a| a.transit_gateway_id == tgw && a.kind == TgwAttachmentKind::Vpc)
                    .map(|a| a.resource_id.as_str())
            });
        self.vpc_region_or_default(vpc)
    }

    pub fn vpn_region(&self, v: &VpnConnection) -> (String, bool) {
        if let Some(tgw) = v.transit_gateway_id.as_deref() {
            return self.tgw_region(tgw, None);
        }
        let vpc = v
            .vpn_gateway_id
            .as_deref()
            .and_then(|g| self.t.vpn_gateways.iter().find(|x| x.id == g))
            .and_then(|g| g.vpc_id.as_deref());
        self.vpc_region_or_default(vpc)
    }

    /// The Region a Direct Connect gateway's traffic is billed in: that of its first associated VGW's VPC, else
    /// of its first transit gateway, else the default (the gateway itself is global).
    pub fn dx_region(&self, dx: &crate::model::DirectConnectGateway) -> (String, bool) {
        if let Some(tgw) = dx.transit_gateway_ids.first() {
            if dx.vpn_gateway_ids.is_empty() {
                return self.tgw_region(tgw, None);
            }
        }
        let vpc = dx
            .vpn_gateway_ids
            .iter()
            .find_map(|g| self.t.vpn_gateways.iter().find(|x| &x.id == g))
            .and_then(|g| g.vpc_id.as_deref());
        self.vpc_region_or_default(vpc)
    }
}
