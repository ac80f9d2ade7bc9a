//! VPCs (and their CIDR associations), subnets, gateways, managed prefix lists and route tables.

use super::*;

impl Writer<'_> {
    pub(super) fn vpcs(&mut self) {
        let t = self.t;
        for v in &t.vpcs {
            let name = self.named(&v.id);
            let v4: Vec<&IpNet> = v
                .cidr_blocks
                .iter()
                .filter(|c| matches!(c, IpNet::V4(_)))
                .collect();
            let v6: Vec<&IpNet> = v
                .cidr_blocks
                .iter()
                .filter(|c| matches!(c, IpNet::V6(_)))
                .collect();
            let mut body = Vec::new();
            match v4.first() {
                Some(c) => body.push(Item::Attr("cidr_block".into(), q(&c.to_string()))),
                None => body.push(Item::Comment(
                    "no IPv4 CIDR in the diagram: set cidr_block or ipv4_ipam_pool_id".into(),
                )),
            }
            body.push(Item::Attr(
                "enable_dns_support".into(),
                v.enable_dns_support.to_string(),
            ));
            body.push(Item::Attr(
                "enable_dns_hostnames".into(),
                v.enable_dns_hostnames.to_string(),
            ));
            if let Some(c) = v6.first() {
                body.push(Item::Comment(format!(
                    "the diagram's IPv6 block is {c}; AWS assigns the Amazon-provided one"
                )));
                body.push(Item::Attr(
                    "assign_generated_ipv6_cidr_block".into(),
                    "true".into(),
                ));
            }
            if v.block_public_access != BlockPublicAccess::Off {
                body.push(Item::Comment(format!(
                    "VPC Block Public Access is {:?} in the diagram (an account-level setting: aws_vpc_block_public_access_options)",
                    v.block_public_access
                )));
            }
            body.push(Self::tags(&v.name, &v.id));
            self.resource("aws_vpc", &name, body);
            for (k, c) in v4.iter().enumerate().skip(1) {
                let vpc = self.id_of(&v.id);
                self.extra(
                    "aws_vpc_ipv4_cidr_block_association",
                    &format!("{name}_{k}"),
                    vec![
                        Item::Attr("vpc_id".into(), vpc),
                        Item::Attr("cidr_block".into(), q(&c.to_string())),
                    ],
                );
            }
            if !v.dns_servers.is_empty() {
                let servers = list(v.dns_servers.iter().map(|s| q(&s.to_string())));
                let options = self.extra(
                    "aws_vpc_dhcp_options",
                    &name,
                    vec![Item::Attr("domain_name_servers".into(), servers)],
                );
                let vpc = self.id_of(&v.id);
                self.extra(
                    "aws_vpc_dhcp_options_association",
                    &name,
                    vec![
                        Item::Attr("vpc_id".into(), vpc),
                        Item::Attr(
                            "dhcp_options_id".into(),
                            format!("aws_vpc_dhcp_options.{options}.id"),
                        ),
                    ],
                );
            }
        }
    }

    pub(super) fn subnets(&mut self) {
        for s in &self.t.subnets {
            let name = self.named(&s.id);
            let mut body = vec![Item::Attr("vpc_id".into(), self.id_of(&s.vpc_id))];
            if let Some(c) = s.cidr_block {
                body.push(Item::Attr("cidr_block".into(), q(&c.to_string())));
            }
            if let Some(c) = s.ipv6_cidr_block {
                body.push(Item::Attr("ipv6_cidr_block".into(), q(&c.to_string())));
            }
            if let Some(az) = &s.az {
                body.push(Item::Attr("availability_zone".into(), q(az)));
            } else if let Some(az) = &s.az_id {
                body.push(Item::Attr("availability_zone_id".into(), q(az)));
            }
            body.push(Self::tags(&s.name, &s.id));
            self.resource("aws_subnet", &name, body);
        }
    }

    pub(super) fn gateways(&mut self) {
        let t = self.t;
        for g in &t.internet_gateways {
            let mut body = Vec::new();
            if let Some(v) = &g.vpc_id {
                body.push(Item::Attr("vpc_id".into(), self.id_of(v)));
            }
            body.push(Self::tags(&None, &g.id));
            let name = self.named(&g.id);
            self.resource("aws_internet_gateway", &name, body);
        }
        for g in &t.egress_only_internet_gateways {
            let vpc = g.vpc_id.as_deref().unwrap_or_default();
            let body = vec![
                Item::Attr("vpc_id".into(), self.id_of(vpc)),
                Self::tags(&None, &g.id),
            ];
            let name = self.named(&g.id);
            self.resource("aws_egress_only_internet_gateway", &name, body);
        }
        for n in &t.nat_gateways {
            let Some(subnet) = &n.subnet_id else {
                continue; // a regional NAT gateway: see `unsupported`
            };
            let name = self.named(&n.id);
            let mut body = Vec::new();
            if n.connectivity == NatConnectivity::Public {
                let mut eip = vec![Item::Attr("domain".into(), q("vpc"))];
                if let Some(ip) = n.public_ip {
                    eip.push(Item::Comment(format!("{ip} in the diagram")));
                }
                let eip = self.extra("aws_eip", &name, eip);
                body.push(Item::Attr(
                    "allocation_id".into(),
                    format!("aws_eip.{eip}.id"),
                ));
            } else {
                body.push(Item::Attr("connectivity_type".into(), q("private")));
            }
            body.push(Item::Attr("subnet_id".into(), self.id_of(subnet)));
            if let Some(ip) = n.private_ip {
                body.push(Item::Attr("private_ip".into(), q(&ip.to_string())));
            }
            body.push(Self::tags(&None, &n.id));
            self.resource("aws_nat_gateway", &name, body);
        }
    }

    pub(super) fn prefix_lists(&mut self) {
        for p in &self.t.prefix_lists {
            let name = self.named(&p.id);
            if p.aws_managed {
                self.out.push(Item::Block(
                    format!("data \"aws_ec2_managed_prefix_list\" {}", q(&name)),
                    vec![Item::Attr("name".into(), q(&p.name))],
                ));
                continue;
            }
            let family = if p.cidrs.iter().all(|c| matches!(c, IpNet::V6(_))) && !p.cidrs.is_empty()
            {
                "IPv6"
            } else {
                "IPv4"
            };
            let mut body = vec![
                Item::Attr(
                    "name".into(),
                    q(if p.name.is_empty() { &p.id } else { &p.name }),
                ),
                Item::Attr("address_family".into(), q(family)),
                Item::Attr("max_entries".into(), p.cidrs.len().max(1).to_string()),
            ];
            for c in &p.cidrs {
                body.push(Item::Block(
                    "entry".into(),
                    vec![Item::Attr("cidr".into(), q(&c.to_string()))],
                ));
            }
            self.resource("aws_ec2_managed_prefix_list", &name, body);
        }
    }

    pub(super) fn is_gateway_endpoint(&self, id: &str) -> bool {
        self.t
            .vpc_endpoints
            .iter()
            .any(|e| e.id == id && e.kind == EndpointKind::Gateway)
    }

    pub(super) fn route_tables(&mut self) {
        let t = self.t;
        for rt in &t.route_tables {
            let name = self.named(&rt.id);
            let mut body = vec![Item::Attr("vpc_id".into(), self.id_of(&rt.vpc_id))];
            if !rt.propagating_vgws.is_empty() {
                body.push(Item::Attr(
                    "propagating_vgws".into(),
                    self.ids(&rt.propagating_vgws),
                ));
            }
            for r in &rt.routes {
                if r.target == "local" || r.origin.is_propagated() {
                    continue;
                }
                if self.is_gateway_endpoint(&r.target) {
                    continue; // the endpoint's route_table_ids
                }
                if r.state == RouteState::Blackhole {
                    body.push(Item::Comment(format!(
                        "{} → {} is a blackhole in the diagram (its target is gone); not exported",
                        r.destination, r.target
                    )));
                    continue;
                }
                let mut route = Vec::new();
                match &r.destination {
                    Destination::Cidr(c @ IpNet::V4(_)) => {
                        route.push(Item::Attr("cidr_block".into(), q(&c.to_string())))
                    }
                    Destination::Cidr(c) => {
                        route.push(Item::Attr("ipv6_cidr_block".into(), q(&c.to_string())))
                    }
                    Destination::PrefixList(p) => route.push(Item::Attr(
                        "destination_prefix_list_id".into(),
                        self.id_of(p),
                    )),
                }
                let target = match TargetKind::of(&r.target) {
                    TargetKind::InternetGateway | TargetKind::VirtualPrivateGateway => {
                        Some(("gateway_id", self.id_of(&r.target)))
                    }
                    TargetKind::EgressOnlyInternetGateway => {
                        Some(("egress_only_gateway_id", self.id_of(&r.target)))
                    }
                    TargetKind::NatGateway => Some(("nat_gateway_id", self.id_of(&r.target))),
                    TargetKind::PeeringConnection => {
                        Some(("vpc_peering_connection_id", self.id_of(&r.target)))
                    }
                    TargetKind::TransitGateway => {
                        Some(("transit_gateway_id", self.id_of(&r.target)))
                    }
                    TargetKind::NetworkInterface => {
                        Some(("network_interface_id", self.id_of(&r.target)))
                    }
                    TargetKind::Instance => Some((
                        "network_interface_id",
                        self.attr(&r.target, "primary_network_interface_id"),
                    )),
                    TargetKind::VpcEndpoint => Some(("vpc_endpoint_id", self.id_of(&r.target))),
                    TargetKind::Local | TargetKind::Other => None,
                };
                match target {
                    Some((key, value)) => {
                        route.push(Item::Attr(key.into(), value));
                        body.push(Item::Block("route".into(), route));
                    }
                    None => body.push(Item::Comment(format!(
                        "{} → {}: a target the export does not know; not exported",
                        r.destination, r.target
                    ))),
                }
            }
            body.push(Self::tags(&rt.name, &rt.id));
            self.resource("aws_route_table", &name, body);
            let table = self.id_of(&rt.id);
            for s in &rt.subnet_ids {
                let subnet = self.id_of(s);
                let n = format!("{name}_{}", self.named(s));
                self.extra(
                    "aws_route_table_association",
                    &n,
                    vec![
                        Item::Attr("subnet_id".into(), subnet),
                        Item::Attr("route_table_id".into(), table.clone()),
                    ],
                );
            }
            for g in &rt.gateway_ids {
                let gw = self.id_of(g);
                let n = format!("{name}_{}", self.named(g));
                self.extra(
                    "aws_route_table_association",
                    &n,
                    vec![
                        Item::Attr("gateway_id".into(), gw),
                        Item::Attr("route_table_id".into(), table.clone()),
                    ],
                );
            }
            if rt.main {
                let vpc = self.id_of(&rt.vpc_id);
                let n = self.named(&rt.vpc_id);
                self.extra(
                    "aws_main_route_table_association",
                    &n,
                    vec![
                        Item::Attr("vpc_id".into(), vpc),
                        Item::Attr("route_table_id".into(), table),
                    ],
                );
            }
        }
    }
}
