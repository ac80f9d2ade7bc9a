//! Instances and network interfaces: addresses, and the owner of each ENI (`InterfaceType`, `Description`).

use super::*;

impl Cx<'_> {
    pub(super) fn instances_and_enis(
        &mut self,
        t: &mut Topology,
        instances: Vec<Item<dto::Instance>>,
        enis: Vec<Item<dto::NetworkInterface>>,
        addresses: Vec<Item<dto::Address>>,
    ) {
        let mut out: Vec<NetworkInterface> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let enis = self.dedup(enis, "NetworkInterfaces", "NetworkInterfaceId", |e| {
            e.network_interface_id.as_deref()
        });
        // Owners known from the other side: NAT gateways and endpoints list their ENIs.
        let mut owners: HashMap<String, String> = HashMap::new();
        for n in &t.nat_gateways {
            if let Some(e) = &n.eni_id {
                owners.insert(e.clone(), n.id.clone());
            }
        }
        for e in &t.vpc_endpoints {
            for eni in &e.network_interface_ids {
                owners.insert(eni.clone(), e.id.clone());
            }
        }
        let mut instance_enis: HashMap<String, Vec<(i64, String)>> = HashMap::new();
        for (id, item) in enis {
            if let Some(eni) = self.eni(t, &id, &item.v, item.doc, None, &owners) {
                if let (Some(inst), Some(a)) = (eni.attached_to.clone(), item.v.attachment.as_ref())
                {
                    if a.instance_id.is_some() {
                        instance_enis
                            .entry(inst)
                            .or_default()
                            .push((a.device_index.unwrap_or(i64::MAX), id.clone()));
                    }
                }
                index.insert(id, out.len());
                out.push(eni);
            }
        }
        for (id, item) in self.dedup(instances, "Instances", "InstanceId", |i| {
            i.instance_id.as_deref()
        }) {
            let i = item.v;
            let doc = item.doc;
            if let Some(state) = i.state.as_ref().and_then(|s| non_empty(&s.name)) {
                if matches!(norm(state).as_str(), "terminated" | "shuttingdown") {
                    self.inactive("instance", &id, state, doc);
                    continue;
                }
            }
            // Interfaces nested in the instance; those NetworkInterfaces.json lacks become model ENIs.
            let mut nics: Vec<(i64, String)> = Vec::new();
            for nested in i.network_interfaces.iter().flatten() {
                let Some(eni_id) = non_empty(&nested.network_interface_id).map(str::to_string)
                else {
                    continue;
                };
                let device = nested
                    .attachment
                    .as_ref()
                    .and_then(|a| a.device_index)
                    .unwrap_or(i64::MAX);
                push_unique(&mut nics, (device, eni_id.clone()));
                match index.get(&eni_id) {
                    Some(&pos) => {
                        if let Some(e) = out.get_mut(pos) {
                            e.attached_to.get_or_insert_with(|| id.clone());
                        }
                    }
                    None => {
                        let mut nested = nested.clone();
                        if nested.subnet_id.is_none() {
                            nested.subnet_id = i.subnet_id.clone();
                        }
                        if let Some(eni) = self.eni(t, &eni_id, &nested, doc, Some(&id), &owners) {
                            index.insert(eni_id, out.len());
                            out.push(eni);
                        }
                    }
                }
            }
            if nics.is_empty() {
                nics = instance_enis.remove(&id).unwrap_or_default();
            }
            nics.sort();
            let mut network_interface_ids: Vec<String> = Vec::new();
            for (_, e) in nics {
                push_unique(&mut network_interface_ids, e);
            }
            let primary = network_interface_ids
                .first()
                .and_then(|e| index.get(e))
                .and_then(|&p| out.get(p))
                .cloned();
            let mut security_group_ids: Vec<String> = i
                .security_groups
                .iter()
                .flatten()
                .filter_map(|g| non_empty(&g.group_id).map(str::to_string))
                .collect();
            if security_group_ids.is_empty() {
                security_group_ids = primary
                    .as_ref()
                    .map(|p| p.security_group_ids.clone())
                    .unwrap_or_default();
            }
            let private_ip = self
                .ip(
                    i.private_ip_address.as_deref(),
                    &id,
                    "PrivateIpAddress",
                    doc,
                )
                .or_else(|| {
                    primary
                        .as_ref()
                        .and_then(|p| p.private_ips.first().copied())
                });
            t.instances.push(Instance {
                name: dto::name_tag(&i.tags),
                network_interface_ids,
                subnet_id: non_empty(&i.subnet_id)
                    .map(str::to_string)
                    .or_else(|| primary.as_ref().map(|p| p.subnet_id.clone())),
                private_ip,
                public_ip: self
                    .ipv4(i.public_ip_address.as_deref(), &id, "PublicIpAddress", doc)
                    .or_else(|| primary.as_ref().and_then(|p| p.public_ip)),
                ipv6_addresses: primary
                    .as_ref()
                    .map(|p| {
                        p.private_ips
                            .iter()
                            .copied()
                            .filter(IpAddr::is_ipv6)
                            .collect()
                    })
                    .unwrap_or_default(),
                security_group_ids,
                source_dest_check: i.source_dest_check.unwrap_or(true),
                id,
            });
        }
        // Elastic IPs: describe-addresses fills public addresses the ENI/instance output left out.
        for (public, item) in self.dedup(addresses, "Addresses", "PublicIp", |a| {
            a.public_ip.as_deref()
        }) {
            let a = item.v;
            let Some(ip) = self.ipv4(Some(&public), &public, "PublicIp", item.doc) else {
                continue;
            };
            let private = a
                .private_ip_address
                .as_deref()
                .and_then(|s| s.trim().parse::<IpAddr>().ok());
            if let Some(eni) = non_empty(&a.network_interface_id)
                .and_then(|e| index.get(e))
                .and_then(|&p| out.get_mut(p))
            {
                if eni.public_ip.is_none()
                    && (private.is_none() || private == eni.private_ips.first().copied())
                {
                    eni.public_ip = Some(ip);
                }
            }
            if let Some(inst) =
                non_empty(&a.instance_id).and_then(|id| t.instances.iter_mut().find(|i| i.id == id))
            {
                if inst.public_ip.is_none() && (private.is_none() || private == inst.private_ip) {
                    inst.public_ip = Some(ip);
                }
            }
        }
        // Endpoints whose output lacks their ENIs get them from the ENIs' descriptions.
        for e in &out {
            if e.kind == InterfaceKind::VpcEndpoint
                || e.kind == InterfaceKind::GatewayLoadBalancerEndpoint
            {
                if let Some(owner) = &e.attached_to {
                    if let Some(ep) = t.vpc_endpoints.iter_mut().find(|v| &v.id == owner) {
                        push_unique(&mut ep.network_interface_ids, e.id.clone());
                    }
                }
            }
            if e.kind == InterfaceKind::NatGateway {
                if let Some(owner) = &e.attached_to {
                    if let Some(nat) = t.nat_gateways.iter_mut().find(|n| &n.id == owner) {
                        nat.eni_id.get_or_insert_with(|| e.id.clone());
                        if nat.private_ip.is_none() {
                            nat.private_ip = e.private_ips.iter().find_map(|ip| match ip {
                                IpAddr::V4(v4) => Some(*v4),
                                IpAddr::V6(_) => None,
                            });
                        }
                    }
                }
            }
        }
        t.network_interfaces = out;
    }

    pub(super) fn eni(
        &mut self,
        t: &Topology,
        id: &str,
        d: &dto::NetworkInterface,
        doc: usize,
        instance: Option<&str>,
        owners: &HashMap<String, String>,
    ) -> Option<NetworkInterface> {
        let Some(subnet_id) = non_empty(&d.subnet_id).map(str::to_string) else {
            self.missing(id, "SubnetId", doc);
            return None;
        };
        let mut private_ips: Vec<IpAddr> = Vec::new();
        let mut public_ip = None;
        let mut addrs: Vec<&dto::PrivateIpAddress> =
            d.private_ip_addresses.iter().flatten().collect();
        addrs.sort_by_key(|a| a.primary != Some(true));
        for (i, a) in addrs.iter().enumerate() {
            if let Some(ip) = self.ip(
                a.private_ip_address.as_deref(),
                id,
                &format!("PrivateIpAddresses[{i}].PrivateIpAddress"),
                doc,
            ) {
                push_unique(&mut private_ips, ip);
            }
            if i == 0 {
                public_ip = a
                    .association
                    .as_ref()
                    .and_then(|x| non_empty(&x.public_ip))
                    .and_then(|s| s.parse::<Ipv4Addr>().ok());
            }
        }
        if let Some(ip) = self.ip(d.private_ip_address.as_deref(), id, "PrivateIpAddress", doc) {
            if !private_ips.contains(&ip) {
                private_ips.insert(0, ip);
            }
        }
        for (i, a) in d.ipv6_addresses.iter().flatten().enumerate() {
            if let Some(ip) = self.ip(
                a.ipv6_address.as_deref(),
                id,
                &format!("Ipv6Addresses[{i}].Ipv6Address"),
                doc,
            ) {
                push_unique(&mut private_ips, ip);
            }
        }
        if let Some(p) = self.ipv4(
            d.association.as_ref().and_then(|a| a.public_ip.as_deref()),
            id,
            "Association.PublicIp",
            doc,
        ) {
            public_ip = Some(p);
        }
        let description = non_empty(&d.description).map(str::to_string);
        let kind = interface_kind(
            d.interface_type.as_deref(),
            description.as_deref(),
            d.requester_id.as_deref(),
            d.requester_managed.unwrap_or(false),
        );
        let attached_to = instance
            .map(str::to_string)
            .or_else(|| {
                d.attachment
                    .as_ref()
                    .and_then(|a| non_empty(&a.instance_id))
                    .map(str::to_string)
            })
            .or_else(|| owners.get(id).cloned())
            .or_else(|| {
                description
                    .as_deref()
                    .and_then(|desc| owner_from_description(t, desc))
            });
        Some(NetworkInterface {
            id: id.to_string(),
            subnet_id,
            description,
            kind,
            private_ips,
            public_ip,
            security_group_ids: d
                .groups
                .iter()
                .flatten()
                .filter_map(|g| non_empty(&g.group_id).map(str::to_string))
                .collect(),
            source_dest_check: d.source_dest_check.unwrap_or(true),
            attached_to,
        })
    }

    // ------------------------------------------------------------------------------------------------------------
    // Peering
}

/// What an ENI belongs to, from `InterfaceType` and, for older outputs that say `interface` for everything
/// AWS-managed, from the `Description` AWS writes.
/// An AWS-managed ENI of another service (`RequesterManaged`, e.g. RDS or ElastiCache) is `Other`, not an
/// instance's interface.
pub(super) fn interface_kind(
    interface_type: Option<&str>,
    description: Option<&str>,
    requester_id: Option<&str>,
    requester_managed: bool,
) -> InterfaceKind {
    match interface_type.map(norm).as_deref() {
        Some("natgateway") => InterfaceKind::NatGateway,
        Some("vpcendpoint") => InterfaceKind::VpcEndpoint,
        Some("gatewayloadbalancerendpoint") => InterfaceKind::GatewayLoadBalancerEndpoint,
        Some("loadbalancer" | "networkloadbalancer" | "gatewayloadbalancer") => {
            InterfaceKind::LoadBalancer
        }
        Some("transitgateway") => InterfaceKind::TransitGateway,
        Some("lambda") => InterfaceKind::Lambda,
        None | Some("interface" | "" | "efa" | "efaonly" | "trunk" | "branch") => {
            let d = description.unwrap_or("");
            if d.starts_with("Interface for NAT Gateway") {
                InterfaceKind::NatGateway
            } else if d.starts_with("VPC Endpoint Interface") {
                InterfaceKind::VpcEndpoint
            } else if d.starts_with("ELB ") {
                InterfaceKind::LoadBalancer
            } else if d.starts_with("Network Interface for Transit Gateway Attachment") {
                InterfaceKind::TransitGateway
            } else if d.starts_with("AWS Lambda VPC ENI") {
                InterfaceKind::Lambda
            } else if requester_id == Some("amazon-elb") {
                InterfaceKind::LoadBalancer
            } else if requester_managed {
                InterfaceKind::Other
            } else {
                InterfaceKind::Interface
            }
        }
        Some(_) => InterfaceKind::Other,
    }
}

/// The owner AWS names in an ENI description: `Interface for NAT Gateway nat-…`, `VPC Endpoint Interface vpce-…`,
/// `Network Interface for Transit Gateway Attachment tgw-attach-…`, `ELB app/name/id` (→ the load balancer's ARN
/// when the snapshot has it, else its name).
pub(super) fn owner_from_description(t: &Topology, description: &str) -> Option<String> {
    if let Some(rest) = description.strip_prefix("ELB ") {
        let rest = rest.trim();
        if let Some(lb) = t
            .load_balancers
            .iter()
            .find(|lb| lb.id.ends_with(&format!("loadbalancer/{rest}")))
        {
            return Some(lb.id.clone());
        }
        let name = rest.split('/').nth(1).unwrap_or(rest);
        return (!name.is_empty()).then(|| name.to_string());
    }
    description
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .find(|w| {
            ["nat-", "tgw-attach-", "vpce-"]
                .iter()
                .any(|p| w.starts_with(p) && w.len() > p.len())
                && !w.starts_with("vpce-svc-")
        })
        .map(str::to_string)
}
