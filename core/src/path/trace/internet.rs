//! The internet side: internet gateways (1:1 NAT, IGW-02, IGW-03, Block Public Access IGW-05), egress-only
//! gateways (IGW-04), traffic arriving from the internet, and NAT gateways (NAT-01, NAT-02, NAT-06, NAT-07).

use super::*;

impl<'a, 't> Walker<'a, 't> {
    // ---------------------------------------------------------------- internet

    pub(super) fn via_igw(&mut self, g: usize, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        let igw = &ix.topo.internet_gateways[g];
        let v = &ix.topo.vpcs[vpc];
        if igw.vpc_id.as_deref() != Some(v.id.as_str()) {
            return self.block(
                codes::BAD_STATE_ATTACHMENT,
                &igw.id,
                format!("internet gateway {} is not attached to {}", igw.id, v.id),
            );
        }
        // Block Public Access (IGW-05): bidirectional blocks everything through the IGW; ingress-only still
        // lets NAT gateways' connections out (their replies are return traffic), but not an instance's own.
        let from_nat = ix
            .host_by_ip
            .get(&(vpc, self.pkt.src))
            .is_some_and(|&h| matches!(self.host(h).owner, HostOwner::NatGateway(_)));
        let bpa = v.block_public_access;
        if bpa == BlockPublicAccess::Bidirectional
            || (bpa == BlockPublicAccess::IngressOnly && !from_nat)
        {
            self.hop(
                &igw.id,
                HopKind::INTERNET_GATEWAY,
                "VPC Block Public Access is on".into(),
            );
            let mode = if bpa == BlockPublicAccess::Bidirectional {
                "bidirectional: no traffic through"
            } else {
                "ingress-only: only NAT gateway and egress-only traffic through"
            };
            return self.block(
                codes::VPC_BLOCK_PUBLIC_ACCESS_ENABLED,
                &v.id,
                format!("VPC Block Public Access is {mode} {} (IGW-05)", igw.id),
            );
        }
        let dst = self.pkt.dst;
        if is_private(dst) {
            self.hop(
                &igw.id,
                HopKind::INTERNET_GATEWAY,
                format!("{dst} is not a public address"),
            );
            return self.block(
                codes::IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS,
                &igw.id,
                format!(
                    "the internet gateway does not forward to the private address {dst} (IGW-03)"
                ),
            );
        }
        match self.pkt.src {
            IpAddr::V4(_) => {
                let host = ix.host_by_ip.get(&(vpc, self.pkt.src)).copied();
                if let Some(HostOwner::NatGateway(n)) = host.map(|h| self.host(h).owner) {
                    if ix.topo.nat_gateways[n].connectivity == NatConnectivity::Private {
                        self.hop(
                            &igw.id,
                            HopKind::INTERNET_GATEWAY,
                            "traffic from a private NAT gateway".into(),
                        );
                        return self.block(
                            codes::VPCLAB_PRIVATE_NAT_TO_INTERNET,
                            &ix.topo.nat_gateways[n].id,
                            "traffic from a private NAT gateway routed to an internet gateway is dropped (NAT-01)".into(),
                        );
                    }
                }
                let public = host.and_then(|h| self.host(h).public_ip);
                let Some(public) = public else {
                    self.hop(
                        &igw.id,
                        HopKind::INTERNET_GATEWAY,
                        format!("{} has no public IPv4 address", self.pkt.src),
                    );
                    let _ = origin;
                    return self.block(
                        codes::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS,
                        &igw.id,
                        format!("{} has no public IPv4 or Elastic IP address, so the internet gateway drops it (IGW-02)", self.pkt.src),
                    );
                };
                self.hop(
                    &igw.id,
                    HopKind::INTERNET_GATEWAY,
                    format!("translates {} to its public address {public}", self.pkt.src),
                );
                self.pkt.src = IpAddr::V4(public);
                self.src_host = None;
            }
            IpAddr::V6(_) => {
                self.hop(
                    &igw.id,
                    HopKind::INTERNET_GATEWAY,
                    format!("forwards IPv6 {} to the internet", self.pkt.src),
                );
            }
        }
        self.public = true;
        self.on_internet(false)
    }

    pub(super) fn via_eigw(&mut self, g: usize, vpc: usize) -> Step {
        let ix = self.ix;
        let eigw = &ix.topo.egress_only_internet_gateways[g];
        let v = &ix.topo.vpcs[vpc];
        self.hop(
            &eigw.id,
            HopKind::EGRESS_ONLY_INTERNET_GATEWAY,
            "egress-only internet gateway (IPv6, outbound only)".into(),
        );
        self.admit(admission::egress_only(&self.pkt, eigw, v))?;
        self.public = true;
        self.on_internet(false)
    }

    /// The packet is on the internet. It may reach something the topology owns (an Elastic IP, a NAT gateway's
    /// address, a VPN tunnel endpoint, an AWS service range) or a host outside it.
    pub(super) fn on_internet(&mut self, from_internet_source: bool) -> Step {
        let ix = self.ix;
        let dst = self.pkt.dst;
        if let Some(&h) = ix.host_by_public_ip.get(&dst) {
            return self.internet_to_host(h);
        }
        if dst.is_ipv6() && !is_private(dst) {
            if let Some(&h) = ix.host_by_any_ip.get(&dst) {
                if matches!(
                    self.host(h).owner,
                    HostOwner::Instance(_) | HostOwner::Interface
                ) {
                    return self.internet_to_host6(h);
                }
            }
        }
        if let Some(&v) = ix.vpn_by_outside_ip.get(&dst) {
            let vpn = &ix.topo.vpn_connections[v];
            let gw = vpn
                .vpn_gateway_id
                .clone()
                .or_else(|| vpn.transit_gateway_id.clone())
                .unwrap_or_else(|| vpn.id.clone());
            let kind = if gw.starts_with("vgw-") {
                HopKind::VPN_GATEWAY
            } else {
                HopKind::TRANSIT_GATEWAY
            };
            self.hop(
                &gw,
                kind,
                format!("{dst} is the AWS endpoint of a tunnel of {}", vpn.id),
            );
            return self.accept();
        }
        if is_private(dst) {
            return self.block(
                codes::VPCLAB_PRIVATE_ADDRESS_ON_INTERNET,
                "internet",
                format!("{dst} is a private address: the internet does not route it"),
            );
        }
        if let Some((pl, name)) = self.aws_service_of(dst) {
            let id = format!("aws-service:{name}");
            self.hop(
                &id,
                HopKind::AwsService,
                format!("{dst} is in {pl} ({name}), reached over its public endpoint"),
            );
            self.policy_check(None)?;
            return self.accept();
        }
        if let (Some(svc), true) = (self.service.clone(), self.service_ip == Some(dst)) {
            let id = format!("aws-service:{}.{}", svc.service, svc.region);
            self.hop(
                &id,
                HopKind::AwsService,
                format!(
                    "{}.{} answers on its public endpoint {dst}",
                    svc.service, svc.region
                ),
            );
            self.policy_check(None)?;
            return self.accept();
        }
        if from_internet_source {
            return self.block(
                codes::VPCLAB_UNKNOWN_PUBLIC_ADDRESS,
                "internet",
                format!("{dst} belongs to nothing in this topology"),
            );
        }
        self.hop(
            "internet",
            HopKind::Internet,
            format!("reaches {dst} on the internet"),
        );
        self.accept()
    }

    /// An AWS-managed prefix list containing `ip`: (prefix-list id, its name's service part).
    pub(super) fn aws_service_of(&self, ip: IpAddr) -> Option<(String, String)> {
        let t = self.ix.topo;
        t.prefix_lists.iter().enumerate().find_map(|(i, pl)| {
            let svc = Index::service_of(&pl.name)?;
            self.ix.pl_lpm[i]
                .lookup(ip)
                .map(|_| (pl.id.clone(), format!("{}.{}", svc.1, svc.0)))
        })
    }

    /// VPC Block Public Access stops inbound internet traffic at the internet gateway (IGW-05).
    fn inbound_block_public_access(&mut self, igw: &str, v: &Vpc) -> Step {
        if v.block_public_access == BlockPublicAccess::Off {
            return Ok(());
        }
        self.hop(
            igw,
            HopKind::INTERNET_GATEWAY,
            "VPC Block Public Access is on".into(),
        );
        self.block(
            codes::VPC_BLOCK_PUBLIC_ACCESS_ENABLED,
            &v.id,
            format!(
                "VPC Block Public Access blocks inbound internet traffic to {} (IGW-05)",
                v.id
            ),
        )
    }

    pub(super) fn internet_to_host(&mut self, h: usize) -> Step {
        let ix = self.ix;
        let host = self.host(h);
        let v = &ix.topo.vpcs[host.vpc];
        let Some(g) = ix.vpc_igw[host.vpc] else {
            return self.block(
                codes::VPCLAB_NO_INTERNET_GATEWAY,
                &v.id,
                format!(
                    "{} is a public address of {} but VPC {} has no internet gateway",
                    self.pkt.dst, host.id, v.id
                ),
            );
        };
        let igw = &ix.topo.internet_gateways[g];
        self.inbound_block_public_access(&igw.id, v)?;
        let private = host
            .ips
            .iter()
            .copied()
            .find(|i| i.is_ipv4())
            .unwrap_or(self.pkt.dst);
        self.hop(
            &igw.id,
            HopKind::INTERNET_GATEWAY,
            format!(
                "translates {} to the private address {private}",
                self.pkt.dst
            ),
        );
        self.public = true;
        self.pkt.dst = private;
        self.entered_via = Some(igw.id.clone());
        self.enter_from_gateway(&igw.id.clone(), host.vpc, Origin::Internet)
    }

    /// IGW-06: an IPv6 address of an instance's interface is public. From the internet it is reached through the
    /// VPC's internet gateway, without translation; an egress-only gateway lets no connection in (IGW-04).
    pub(super) fn internet_to_host6(&mut self, h: usize) -> Step {
        let ix = self.ix;
        let host = self.host(h);
        let v = &ix.topo.vpcs[host.vpc];
        let Some(g) = ix.vpc_igw[host.vpc] else {
            if let Some(e) = ix.vpc_eigw[host.vpc] {
                let eigw = &ix.topo.egress_only_internet_gateways[e];
                self.hop(
                    &eigw.id,
                    HopKind::EGRESS_ONLY_INTERNET_GATEWAY,
                    format!("{} is an IPv6 address of {}", self.pkt.dst, host.id),
                );
                return self.block(
                    codes::VPCLAB_EGRESS_ONLY_INBOUND,
                    &eigw.id,
                    format!(
                        "VPC {} reaches the internet only through egress-only internet gateway {}, which blocks IPv6 connections started from the internet (IGW-04)",
                        v.id, eigw.id
                    ),
                );
            }
            return self.block(
                codes::VPCLAB_NO_INTERNET_GATEWAY,
                &v.id,
                format!(
                    "{} is an IPv6 address of {} but VPC {} has no internet gateway",
                    self.pkt.dst, host.id, v.id
                ),
            );
        };
        let igw = &ix.topo.internet_gateways[g];
        self.inbound_block_public_access(&igw.id, v)?;
        self.hop(
            &igw.id,
            HopKind::INTERNET_GATEWAY,
            format!(
                "forwards IPv6 {} into {} (no translation)",
                self.pkt.dst, v.id
            ),
        );
        self.public = true;
        self.entered_via = Some(igw.id.clone());
        self.enter_from_gateway(&igw.id.clone(), host.vpc, Origin::Internet)
    }

    /// Traffic entering a VPC through an IGW or VGW: the gateway's edge route table if any, else the local route.
    pub(super) fn enter_from_gateway(&mut self, gw_id: &str, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        if let Some(&rtb) = ix.gateway_rtb.get(gw_id) {
            return self.route_lookup(rtb, vpc, origin, None);
        }
        let v = &ix.topo.vpcs[vpc];
        self.hop(
            &v.id,
            HopKind::VPC,
            format!("delivered by the local route to {}", self.pkt.dst),
        );
        self.deliver_local(vpc, origin, None)
    }

    // ---------------------------------------------------------------- NAT

    pub(super) fn via_nat(
        &mut self,
        n: usize,
        vpc: usize,
        origin: Origin,
        from_subnet: Option<usize>,
    ) -> Step {
        let ix = self.ix;
        let nat = &ix.topo.nat_gateways[n];
        if let Err(refused) = admission::nat(&self.pkt, origin, nat) {
            let why = if refused.code == codes::PROTOCOL_RESTRICTION {
                format!("{} is not TCP, UDP or ICMP", self.pkt.describe())
            } else {
                "traffic that entered the VPC from outside".into()
            };
            self.hop(&nat.id, HopKind::NAT_GATEWAY, why);
            return self.admit(Err(refused));
        }
        if nat.availability_mode == AvailabilityMode::Regional {
            let az = from_subnet.and_then(|s| ix.subnet_az(s));
            if let Some(az) = az {
                if !nat.azs.is_empty() && !nat.azs.iter().any(|a| a == az) {
                    self.hop(
                        &nat.id,
                        HopKind::NAT_GATEWAY,
                        format!("regional NAT gateway is not present in {az}"),
                    );
                    return self.block(
                        codes::REGIONAL_NGW_ROUTE_AZ_RESTRICTION,
                        &nat.id,
                        format!("the regional NAT gateway has not expanded into {az} yet (NAT-06/NAT-07)"),
                    );
                }
            }
            let Some(public) = nat.public_ip else {
                return self.block(
                    codes::VPCLAB_NAT_WITHOUT_ADDRESS,
                    &nat.id,
                    "the regional NAT gateway has no public address".into(),
                );
            };
            self.hop(
                &nat.id,
                HopKind::NAT_GATEWAY,
                format!("translates {} to {public}", self.pkt.src),
            );
            self.pkt.src = IpAddr::V4(public);
            self.src_host = None;
            let Some(g) = ix.vpc_igw[vpc] else {
                return self.block(
                    codes::NO_ROUTE_TO_DESTINATION,
                    &nat.id,
                    "the VPC has no internet gateway for the regional NAT gateway".into(),
                );
            };
            let igw = ix.topo.internet_gateways[g].id.clone();
            self.hop(
                &igw,
                HopKind::INTERNET_GATEWAY,
                "forwards the regional NAT gateway's traffic".into(),
            );
            self.public = true;
            return self.on_internet(false);
        }
        let Some(&h) = ix.hosts_of.get(nat.id.as_str()).and_then(|v| v.first()) else {
            return self.block(
                codes::VPCLAB_NAT_WITHOUT_ADDRESS,
                &nat.id,
                format!(
                    "NAT gateway {} has no subnet or private address in the topology",
                    nat.id
                ),
            );
        };
        let host = self.host(h);
        if from_subnet != Some(host.subnet) {
            let s = &ix.topo.subnets[host.subnet];
            self.hop(
                &s.id,
                HopKind::SUBNET,
                format!("enters subnet {}", fmt_cidr(s)),
            );
            self.nacl_check(host.subnet, false)?;
        }
        let Some(nat_ip) = host
            .ips
            .iter()
            .copied()
            .find(|i| i.is_ipv4() == self.pkt.src.is_ipv4())
        else {
            return self.block(
                codes::VPCLAB_NAT_WITHOUT_ADDRESS,
                &nat.id,
                "the NAT gateway has no address of the packet's family".into(),
            );
        };
        let kind = if nat.connectivity == NatConnectivity::Private {
            "private"
        } else {
            "public"
        };
        // RT-13: the reply comes back to the NAT gateway, whose subnet routes it on to the original source.
        self.expect_reply_from_subnet(host.subnet, host.vpc, origin);
        self.hop(
            &nat.id,
            HopKind::NAT_GATEWAY,
            format!("{kind} NAT gateway translates {} to {nat_ip}", self.pkt.src),
        );
        self.pkt.src = nat_ip;
        self.src_host = None;
        self.route_from_subnet(host.subnet, host.vpc, Origin::Local)
    }
}
