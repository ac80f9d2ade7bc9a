//! Where a flow starts and ends: sources, destinations (names through DNS), and the advisories about the
//! gateway-endpoint limits that decide the flow.

use super::*;

fn invalid(field: &'static str, message: String) -> FlowError {
    FlowError::Invalid { field, message }
}

pub(super) fn resolve_source(ix: &Index<'_>, from: &str) -> Result<Source, FlowError> {
    let from = from.trim();
    if from.is_empty() {
        return Err(invalid("from", "a source is required (an instance id, ENI id, private IP, `internet[:IP]` or `onprem:IP`)".into()));
    }
    if let Some(rest) = from.strip_prefix("internet") {
        let ip = match rest.strip_prefix(':') {
            Some(ip) => ip
                .parse()
                .map_err(|_| invalid("from", format!("`{ip}` is not an IP address")))?,
            None if rest.is_empty() => IpAddr::V4(Ipv4Addr::new(8, 8, 8, 8)),
            None => return Err(invalid("from", format!("`{from}` is not a source"))),
        };
        return Ok(Source::Internet(ip));
    }
    if let Some(ip) = from.strip_prefix("onprem:") {
        let ip = ip
            .parse()
            .map_err(|_| invalid("from", format!("`{ip}` is not an IP address")))?;
        return Ok(Source::OnPrem(ip));
    }
    if let Ok(ip) = from.parse::<IpAddr>() {
        if let Some(&h) = ix.host_by_any_ip.get(&ip) {
            return Ok(Source::Host(h));
        }
        for (v, _) in ix.topo.vpcs.iter().enumerate() {
            if let Some(s) = ix.subnet_at(v, ip) {
                return Ok(Source::SubnetAddress(s, ip));
            }
        }
        return Err(invalid(
            "from",
            format!("`{ip}` is not inside any subnet of the topology"),
        ));
    }
    // An AWS service (or its endpoint) accepts connections but never opens one into a VPC (IE-11).
    if super::super::dns::parse_service_name(from, None).is_some()
        || from.starts_with("aws-service:")
        || from.starts_with("com.amazonaws.")
    {
        return Err(invalid(
            "from",
            format!(
                "`{from}` is an AWS service: services accept connections through endpoints but cannot open one \
                 into a VPC (IE-11); trace the flow from the client to the service instead"
            ),
        ));
    }
    match ix.hosts_of.get(from) {
        Some(hosts) if !hosts.is_empty() => Ok(Source::Host(hosts[0])),
        _ => {
            let what = match TargetKind::of(from) {
                TargetKind::Instance if ix.instance.contains_key(from) => {
                    return Err(invalid(
                        "from",
                        format!("instance `{from}` has no network interface in a known subnet"),
                    ))
                }
                TargetKind::Instance => "no instance",
                TargetKind::NetworkInterface => "no network interface",
                _ => "nothing",
            };
            Err(invalid(
                "from",
                format!("the topology has {what} with id `{from}`"),
            ))
        }
    }
}

impl<'a, 't> Walker<'a, 't> {
    // ---------------------------------------------------------------- destinations and sources

    /// The destination address, or `None` when name resolution itself fails (recorded as the explanation).
    pub(super) fn resolve_destination(
        &mut self,
        source: &Source,
        spec: &FlowSpec,
    ) -> Result<Option<Resolved>, FlowError> {
        let to = spec.to.trim();
        if to.is_empty() {
            return Err(invalid(
                "to",
                "a destination is required (an IP, a resource id or a DNS name)".into(),
            ));
        }
        if let Ok(ip) = to.parse::<IpAddr>() {
            return Ok(Some(Resolved { ip, by_name: false }));
        }
        let ix = self.ix;
        let src_vpc = self.source_vpc(source);
        // Resource ids never contain a dot; DNS names always do (`vpce-….s3.….vpce.amazonaws.com` included).
        let kind = if to.contains('.') {
            TargetKind::Other
        } else {
            TargetKind::of(to)
        };
        match kind {
            TargetKind::Instance
            | TargetKind::NetworkInterface
            | TargetKind::VpcEndpoint
            | TargetKind::NatGateway => {
                if let Some(&e) = ix.endpoint.get(to) {
                    if ix.topo.vpc_endpoints[e].kind == EndpointKind::Gateway {
                        return Err(invalid(
                            "to",
                            format!(
                                "gateway endpoint `{to}` has no address of its own: trace to its service instead (e.g. `s3.us-east-1.amazonaws.com`) (VPCE_INTRA_VPC_TRAFFIC)"
                            ),
                        ));
                    }
                }
                let hosts = ix.hosts_of.get(to).cloned().unwrap_or_default();
                // Prefer an interface in the source's AZ (zonal endpoint ENIs), then any.
                let src_az = self.source_az(source);
                let pick = ix.host_in_az(&hosts, src_az);
                let Some(h) = pick else {
                    return Err(invalid(
                        "to",
                        format!("the topology has no addressable resource with id `{to}`"),
                    ));
                };
                // From outside every VPC an instance is reached at its public address.
                // An IPv6 client on the internet reaches the interface's IPv6 address, which is public (IGW-06).
                let public = match source {
                    Source::Internet(ip) if ip.is_ipv6() => {
                        self.host(h).ips.iter().copied().find(|i| i.is_ipv6())
                    }
                    Source::Internet(_) => self.host(h).public_ip.map(IpAddr::V4),
                    _ => None,
                };
                let ip = public.or_else(|| {
                    let host = self.host(h);
                    host.ips
                        .iter()
                        .copied()
                        .find(|i| i.is_ipv4())
                        .or_else(|| host.ips.first().copied())
                });
                ip.map(|ip| Some(Resolved { ip, by_name: false }))
                    .ok_or_else(|| {
                        invalid(
                            "to",
                            format!("`{to}` has no private IP address in the topology"),
                        )
                    })
            }
            _ if to.contains('.') => {
                let region = spec
                    .region
                    .clone()
                    .or_else(|| src_vpc.and_then(|v| ix.vpc_region[v].clone()))
                    .or_else(|| ix.topo.region.clone());
                self.service = crate::path::dns::parse_service_name(to, region.as_deref());
                match crate::path::dns::resolve(
                    ix,
                    to,
                    src_vpc,
                    self.source_az(source),
                    region.as_deref(),
                    matches!(source, Source::OnPrem(_)),
                    self.source_is_ipv6_only(source),
                ) {
                    Ok(answer) => {
                        self.hop("dns", HopKind::Dns, answer.detail.clone());
                        // The name says which service answers at that address: a packet that reaches it over
                        // the internet reaches that Region's service (GE-06), even where the topology does not
                        // list the Region's ranges.
                        if self.service.is_some() {
                            self.service_ip = Some(answer.ip);
                        }
                        for a in answer.advisories {
                            self.advise(a.0, a.1);
                        }
                        Ok(Some(Resolved {
                            ip: answer.ip,
                            by_name: true,
                        }))
                    }
                    Err(crate::path::dns::DnsError::Unknown(m)) => Err(invalid("to", m)),
                    Err(crate::path::dns::DnsError::Fails { code, message }) => {
                        self.hop("dns", HopKind::Dns, format!("{to} does not resolve"));
                        let _ = self.block(code, "dns", message);
                        Ok(None)
                    }
                }
            }
            _ => Err(invalid(
                "to",
                format!("`{to}` is not an IP address, a resource id or a DNS name"),
            )),
        }
    }

    /// Report the gateway-endpoint limits that decide or would decide this flow (see `limits`).
    pub(super) fn add_limit_advisories(&mut self, source: &Source, dst: IpAddr) {
        let ix = self.ix;
        let service = self.service.clone().or_else(|| {
            let (pl, _) = self.aws_service_of(dst)?;
            let p = ix.prefix_list.get(pl.as_str())?;
            let (region, service) = Index::service_of(&ix.topo.prefix_lists[*p].name)?;
            Some(crate::path::dns::ServiceName {
                service: service.into(),
                region: region.into(),
                bucket: None,
            })
        });
        let facts = crate::path::limits::FlowFacts {
            src_vpc: self.source_vpc(source),
            src_subnet: match source {
                Source::Host(h) => Some(self.host(*h).subnet),
                Source::SubnetAddress(s, _) => Some(*s),
                _ => None,
            },
            from_outside: match source {
                Source::OnPrem(_) => Some("on premises"),
                Source::Internet(_) => Some("the internet"),
                _ => None,
            },
            service,
            dst,
            reachable: self.reachable,
            hops: &self.hops,
            codes: self.explanations.iter().map(|e| e.code.as_str()).collect(),
        };
        let found = crate::path::limits::flow_advisories(ix, &facts);
        for a in found {
            self.advise(&a.code, a.message);
        }
    }

    /// A source interface with IPv6 addresses only (it can use only AAAA answers).
    pub(super) fn source_is_ipv6_only(&self, source: &Source) -> bool {
        match source {
            Source::Host(h) => {
                let ips = &self.host(*h).ips;
                !ips.is_empty() && ips.iter().all(|i| i.is_ipv6())
            }
            Source::SubnetAddress(_, ip) | Source::Internet(ip) | Source::OnPrem(ip) => {
                ip.is_ipv6()
            }
        }
    }

    pub(super) fn source_vpc(&self, source: &Source) -> Option<usize> {
        match source {
            Source::Host(h) => Some(self.host(*h).vpc),
            Source::SubnetAddress(s, _) => self
                .ix
                .vpc
                .get(self.ix.topo.subnets[*s].vpc_id.as_str())
                .copied(),
            _ => None,
        }
    }

    pub(super) fn source_az(&self, source: &Source) -> Option<&'t str> {
        match source {
            Source::Host(h) => self.ix.subnet_az(self.host(*h).subnet),
            Source::SubnetAddress(s, _) => self.ix.subnet_az(*s),
            _ => None,
        }
    }

    pub(super) fn source_ip(&self, source: &Source, dst: IpAddr) -> Result<IpAddr, FlowError> {
        match source {
            Source::Host(h) => {
                let ips = &self.host(*h).ips;
                ips.iter()
                    .copied()
                    .find(|i| i.is_ipv4() == dst.is_ipv4())
                    .ok_or_else(|| {
                        let fam = if dst.is_ipv4() { "IPv4" } else { "IPv6" };
                        invalid(
                            "from",
                            format!(
                                "`{}` has no {fam} address to reach `{dst}`",
                                self.host(*h).id
                            ),
                        )
                    })
            }
            Source::SubnetAddress(_, ip) | Source::Internet(ip) | Source::OnPrem(ip) => Ok(*ip),
        }
    }
}
