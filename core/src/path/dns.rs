//! DNS as a traced step: which name, which resolver, which answer (DNS-01..DNS-06, IE-03..IE-05, IE-10, IE-20, IE-21).
//!
//! * Interface-endpoint names (`vpce-….SERVICE.REGION.vpce.amazonaws.com`, zonal `vpce-…-AZ.…`) are public
//!   records that answer with the endpoint's private IPs, from anywhere (IE-03, IE-04).
//! * An AWS service name (`s3.REGION.amazonaws.com`, `BUCKET.s3.REGION.amazonaws.com`, `sqs.REGION.…`) answers
//!   with the interface endpoint's private IPs inside a VPC whose endpoint has private DNS on and whose
//!   `enableDnsSupport` and `enableDnsHostnames` are both true (IE-05); otherwise with the service's public
//!   address (its AWS-managed prefix list, when the topology has it). Gateway endpoints never change DNS (DNS-06).
//! * EC2 hostnames: a public name (`ec2-54-90-0-20.compute-1.amazonaws.com`,
//!   `ec2-….REGION.compute.amazonaws.com`) answers with the instance's private address inside its own VPC and with
//!   the public address elsewhere (DNS-05) — except in a peered VPC whose peering allows DNS resolution (PCX-05);
//!   a private name (`ip-10-0-1-20.ec2.internal`,
//!   `ip-….REGION.compute.internal`) answers only inside a VPC.

use super::index::Index;
use crate::codes;
use crate::model::{EndpointKind, EndpointState, IpAddressType, VpcEndpoint};
use std::net::{IpAddr, Ipv4Addr};

/// Why a name gave no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsError {
    /// The name is not something this topology can resolve (bad input).
    Unknown(String),
    /// Resolution fails in this topology, for a documented reason (a traced outcome).
    Fails { code: &'static str, message: String },
}

/// AWS services reachable through cross-Region interface endpoints (CR-01).
pub const CROSS_REGION_SERVICES: &[&str] = &[
    "s3",
    "iam",
    "ecr.api",
    "ecr.dkr",
    "kms",
    "kms-fips",
    "ecs",
    "lambda",
    "firehose",
    "kinesisanalytics",
    "route53",
];

pub struct Answer {
    pub ip: IpAddr,
    pub detail: String,
    pub advisories: Vec<(&'static str, String)>,
}

/// A parsed AWS public service name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceName {
    pub service: String,
    pub region: String,
    pub bucket: Option<String>,
}

impl ServiceName {
    /// The public regional DNS name, the inverse of [`parse_service_name`]: `SERVICE.REGION.amazonaws.com`, or
    /// `BUCKET.s3.REGION.amazonaws.com` for an S3 bucket (virtual-hosted style). Other services have no
    /// per-resource name: a DynamoDB table is reached at `dynamodb.REGION.amazonaws.com`.
    ///
    /// ```
    /// use vpclab_core::path::dns::{parse_service_name, ServiceName};
    /// let b = ServiceName { service: "s3".into(), region: "eu-west-1".into(), bucket: Some("logs".into()) };
    /// assert_eq!(b.dns_name(), "logs.s3.eu-west-1.amazonaws.com");
    /// assert_eq!(parse_service_name(&b.dns_name(), None), Some(b));
    /// let t = ServiceName { service: "dynamodb".into(), region: "us-east-1".into(), bucket: Some("orders".into()) };
    /// assert_eq!(t.dns_name(), "dynamodb.us-east-1.amazonaws.com");
    /// ```
    pub fn dns_name(&self) -> String {
        match (&self.bucket, self.service.as_str()) {
            (Some(bucket), "s3") => format!("{bucket}.s3.{}.amazonaws.com", self.region),
            _ => format!("{}.{}.amazonaws.com", self.service, self.region),
        }
    }

    /// The AWS service an endpoint's service name stands for (`com.amazonaws.REGION.SERVICE`); `None` for a
    /// PrivateLink service (`com.amazonaws.vpce.…`) and for services whose name has more labels
    /// (`com.amazonaws.REGION.s3-global.accesspoint`), which have no single regional DNS name.
    ///
    /// ```
    /// use vpclab_core::path::dns::ServiceName;
    /// let s = ServiceName::of_endpoint_service("com.amazonaws.us-east-1.sqs").unwrap();
    /// assert_eq!(s.dns_name(), "sqs.us-east-1.amazonaws.com");
    /// assert!(ServiceName::of_endpoint_service("com.amazonaws.vpce.us-east-1.vpce-svc-0abc").is_none());
    /// ```
    pub fn of_endpoint_service(name: &str) -> Option<ServiceName> {
        let (region, service) = super::index::Index::service_of(name)?;
        (!service.contains('.')).then(|| ServiceName {
            service: service.to_string(),
            region: region.to_string(),
            bucket: None,
        })
    }
}

/// `[BUCKET.]SERVICE[.dualstack].REGION.amazonaws.com` (and the legacy global `s3.amazonaws.com`, us-east-1).
///
/// ```
/// use vpclab_core::path::dns::parse_service_name;
/// let n = parse_service_name("logs-bucket.s3.eu-west-1.amazonaws.com", None).unwrap();
/// assert_eq!((n.service.as_str(), n.region.as_str(), n.bucket.as_deref()), ("s3", "eu-west-1", Some("logs-bucket")));
/// assert_eq!(parse_service_name("dynamodb.us-east-1.amazonaws.com", None).unwrap().service, "dynamodb");
/// assert_eq!(parse_service_name("s3.amazonaws.com", None).unwrap().region, "us-east-1");
/// assert!(parse_service_name("example.com", None).is_none());
/// let v = parse_service_name("logs.vpce-0a1b-x2y3.s3.us-east-1.vpce.amazonaws.com", None).unwrap();
/// assert_eq!((v.service.as_str(), v.bucket.as_deref()), ("s3", Some("logs")));
/// ```
pub fn parse_service_name(name: &str, default_region: Option<&str>) -> Option<ServiceName> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let rest = name.strip_suffix(".amazonaws.com")?;
    // Interface-endpoint names: `[BUCKET.]vpce-….SERVICE.REGION.vpce.amazonaws.com` (IE-03); the bucket prefix
    // names the S3 bucket the request is for.
    if let Some(rest) = rest.strip_suffix(".vpce") {
        let labels: Vec<&str> = rest.split('.').collect();
        let at = labels.iter().position(|l| l.starts_with("vpce-"))?;
        let (service, region) = match &labels[at + 1..] {
            [service, region] => (service.to_string(), region.to_string()),
            _ => return None,
        };
        let bucket = labels[..at].join(".");
        return Some(ServiceName {
            service,
            region,
            bucket: (!bucket.is_empty()).then_some(bucket),
        });
    }
    let labels: Vec<&str> = rest.split('.').filter(|l| *l != "dualstack").collect();
    // S3 website endpoints: `BUCKET.s3-website-REGION` and `BUCKET.s3-website.REGION`.
    if let Some(at) = labels.iter().position(|l| l.starts_with("s3-website")) {
        let region = match labels[at].strip_prefix("s3-website-") {
            Some(r) => r.to_string(),
            None => labels.get(at + 1)?.to_string(),
        };
        let bucket = labels[..at].join(".");
        return Some(ServiceName {
            service: "s3-website".into(),
            region,
            bucket: (!bucket.is_empty()).then_some(bucket),
        });
    }
    let is_region =
        |l: &str| l.split('-').count() >= 3 && l.ends_with(|c: char| c.is_ascii_digit());
    match labels.as_slice() {
        [] => None,
        [svc] => Some(ServiceName {
            service: svc.to_string(),
            region: if *svc == "s3" {
                "us-east-1".into()
            } else {
                default_region?.to_string()
            },
            bucket: None,
        }),
        [.., svc, region] if is_region(region) => {
            let bucket = labels[..labels.len() - 2].join(".");
            Some(ServiceName {
                service: svc.to_string(),
                region: region.to_string(),
                bucket: (!bucket.is_empty()).then_some(bucket),
            })
        }
        [bucket @ .., svc] if *svc == "s3" => Some(ServiceName {
            service: "s3".into(),
            region: "us-east-1".into(),
            bucket: Some(bucket.join(".")),
        }),
        _ => None,
    }
}

/// The address an endpoint's DNS record gives this client (IE-10). The record type is the endpoint's
/// `dns_record_ip_type`, by default its IP address type: `ipv4` publishes A records, `ipv6` AAAA, `dualstack` both.
/// An IPv6-only client needs an AAAA record; any other client takes the A record, or the AAAA one when there is
/// no A.
fn endpoint_record(
    ep: &VpcEndpoint,
    ips: &[IpAddr],
    name: &str,
    ipv6_only: bool,
) -> Result<IpAddr, DnsError> {
    let record = match ep.dns_record_ip_type.as_deref() {
        Some(t @ ("ipv4" | "ipv6" | "dualstack")) => t,
        _ => match ep.ip_address_type {
            IpAddressType::Ipv4 => "ipv4",
            IpAddressType::Ipv6 => "ipv6",
            IpAddressType::Dualstack => "dualstack",
        },
    };
    let a = (record != "ipv6")
        .then(|| ips.iter().copied().find(IpAddr::is_ipv4))
        .flatten();
    let aaaa = (record != "ipv4")
        .then(|| ips.iter().copied().find(IpAddr::is_ipv6))
        .flatten();
    let answer = if ipv6_only { aaaa } else { a.or(aaaa) };
    answer.ok_or_else(|| DnsError::Fails {
        code: codes::VPCLAB_NO_ADDRESS_OF_FAMILY,
        message: if ipv6_only {
            format!(
                "{name} has no AAAA record for this IPv6-only client: {}'s DNS records are {record} (IE-10)",
                ep.id
            )
        } else {
            format!("{name} has no address: {} publishes {record} records and its interface has none of that family (IE-10)", ep.id)
        },
    })
}

/// A VPC Lattice resource endpoint name: `….vpc-lattice-rsc.REGION.on.aws`.
fn is_lattice_name(lname: &str) -> bool {
    lname
        .strip_suffix(".on.aws")
        .and_then(|rest| rest.rsplit_once('.'))
        .is_some_and(|(rest, _region)| rest.ends_with(".vpc-lattice-rsc"))
}

/// Whether a client in VPC `client` gets private answers for the public EC2 hostnames of VPC `owner`: inside the
/// VPC itself (DNS-05), or from a peered VPC when the owner's side of an active peering allows DNS resolution from
/// the remote VPC and both VPCs have DNS resolution and DNS hostnames on (PCX-05).
fn resolves_privately(ix: &Index<'_>, owner: usize, client: usize) -> bool {
    if owner == client {
        return true;
    }
    let t = ix.topo;
    let (o, c) = (&t.vpcs[owner], &t.vpcs[client]);
    let dns_on = |v: &crate::model::Vpc| v.enable_dns_support && v.enable_dns_hostnames;
    dns_on(o)
        && dns_on(c)
        && t.peering_connections.iter().any(|p| {
            p.is_active()
                && ((p.requester_vpc_id == o.id
                    && p.accepter_vpc_id == c.id
                    && p.requester_dns_resolution)
                    || (p.accepter_vpc_id == o.id
                        && p.requester_vpc_id == c.id
                        && p.accepter_dns_resolution))
        })
}

/// The address in an EC2 hostname's first label: `ec2-54-90-0-20` / `ip-10-0-1-20` → the address.
fn hostname_address(label: &str, prefix: &str) -> Option<Ipv4Addr> {
    label.strip_prefix(prefix)?.replace('-', ".").parse().ok()
}

/// EC2 public and private hostnames (DNS-05); `None` when `lname` is neither.
fn ec2_hostname(
    ix: &Index<'_>,
    lname: &str,
    name: &str,
    src_vpc: Option<usize>,
    resolver: &str,
) -> Option<Result<Answer, DnsError>> {
    let (first, rest) = lname.split_once('.')?;
    let public = rest == "compute-1.amazonaws.com" || rest.ends_with(".compute.amazonaws.com");
    let private = rest == "ec2.internal" || rest.ends_with(".compute.internal");
    if public {
        let ip = hostname_address(first, "ec2-")?;
        let host = ix.host_by_public_ip.get(&IpAddr::V4(ip)).copied();
        let private = host
            .filter(|&h| src_vpc.is_some_and(|v| resolves_privately(ix, ix.hosts[h].vpc, v)))
            .and_then(|h| Some((h, ix.hosts[h].ips.first().copied()?)));
        let answer = match private {
            Some((h, private_ip)) => Answer {
                ip: private_ip,
                detail: if src_vpc == Some(ix.hosts[h].vpc) {
                    format!(
                        "{resolver} resolves {name}, the public name of {}, to its private address {private_ip} inside its VPC (DNS-05)",
                        ix.hosts[h].id
                    )
                } else {
                    format!(
                        "{resolver} resolves {name}, the public name of {}, to its private address {private_ip}: the peering allows DNS resolution from this VPC (PCX-05)",
                        ix.hosts[h].id
                    )
                },
                advisories: Vec::new(),
            },
            None => Answer {
                ip: IpAddr::V4(ip),
                detail: format!("{resolver} resolves the public EC2 name {name} to its public address {ip} (DNS-05)"),
                advisories: Vec::new(),
            },
        };
        return Some(Ok(answer));
    }
    if private {
        let ip = hostname_address(first, "ip-")?;
        return Some(match src_vpc {
            Some(_) => Ok(Answer {
                ip: IpAddr::V4(ip),
                detail: format!("{resolver} resolves the private EC2 name {name} to {ip}"),
                advisories: Vec::new(),
            }),
            None => Err(DnsError::Fails {
                code: codes::VPCLAB_DNS_PRIVATE_NAME,
                message: format!(
                    "{name} is a private EC2 hostname: only the Route 53 Resolver inside a VPC answers it, not {resolver} (DNS-05)"
                ),
            }),
        });
    }
    None
}

pub fn resolve(
    ix: &Index<'_>,
    name: &str,
    src_vpc: Option<usize>,
    src_az: Option<&str>,
    region: Option<&str>,
    onprem: bool,
    ipv6_only: bool,
) -> Result<Answer, DnsError> {
    let t = ix.topo;
    let lname = name.trim_end_matches('.').to_ascii_lowercase();
    // DNS-07: a VPC whose DHCP options name its own DNS servers resolves only as those servers do.
    let custom = src_vpc.and_then(|v| t.custom_dns(&t.vpcs[v]));
    let resolver = match src_vpc {
        Some(_) if custom.is_some() => {
            let c = custom
                .as_ref()
                .map(|c| c.servers.join(", "))
                .unwrap_or_default();
            format!("custom DNS server {c}")
        }
        Some(v) => format!("the Route 53 Resolver of {}", t.vpcs[v].id),
        None if onprem => "the on-premises DNS server".to_string(),
        None => "a public resolver".to_string(),
    };
    let mut advisories = Vec::new();
    if let Some(v) = src_vpc {
        if !t.vpcs[v].enable_dns_support {
            return Err(DnsError::Fails {
                code: codes::VPCLAB_DNS_RESOLUTION_DISABLED,
                message: format!(
                    "{name} cannot be resolved: VPC {} has enableDnsSupport off, so the Amazon DNS server does not answer (DNS-03, GE-13)",
                    t.vpcs[v].id
                ),
            });
        }
    }

    if let Some(answer) = ec2_hostname(ix, &lname, name, src_vpc, &resolver) {
        return answer;
    }

    // Interface endpoint names: public records with private answers (IE-03, IE-04); resource endpoints' names
    // (`vpce-….rcfg-….vpc-lattice-rsc.REGION.on.aws`) likewise (RE-07).
    if lname.ends_with(".vpce.amazonaws.com") || is_lattice_name(&lname) {
        let label = lname
            .split('.')
            .find(|l| l.starts_with("vpce-") && !l.starts_with("vpce-svc-"))
            .unwrap_or("");
        let ep = t.vpc_endpoints.iter().enumerate().find(|(_, e)| {
            e.dns_names.iter().any(|d| d.eq_ignore_ascii_case(&lname))
                || (!label.is_empty()
                    && (label == e.id || label.starts_with(&format!("{}-", e.id))))
        });
        let Some((e, ep)) = ep else {
            return Err(DnsError::Unknown(format!(
                "`{name}` names no interface or resource endpoint of the topology"
            )));
        };
        let hosts = ix.hosts_of.get(ep.id.as_str()).cloned().unwrap_or_default();
        // Zonal names carry the AZ after the endpoint id (IE-03); the Regional name picks any ENI.
        let zonal = hosts.iter().copied().find(|&h| {
            ix.subnet_az(ix.hosts[h].subnet)
                .is_some_and(|az| label.ends_with(&format!("-{az}")))
        });
        let pick = zonal.or_else(|| ix.host_in_az(&hosts, src_az));
        let vpc_region = ix
            .vpc
            .get(ep.vpc_id.as_str())
            .and_then(|&v| ix.vpc_region[v].clone());
        let cross_region = ep
            .service_region
            .as_deref()
            .is_some_and(|r| Some(r) != vpc_region.as_deref());
        if cross_region && zonal.is_some() {
            return Err(DnsError::Fails {
                code: codes::VPCLAB_CROSS_REGION_ZONAL_DNS,
                message: format!(
                    "{name} is a zonal name of cross-Region endpoint {}: cross-Region endpoints answer only on their Regional name (CR-02)",
                    ep.id
                ),
            });
        }
        let Some(h) = pick else {
            return Err(DnsError::Fails {
                code: codes::VPCLAB_ENDPOINT_WITHOUT_INTERFACE,
                message: format!(
                    "interface endpoint {} has no network interface, so its name has no address",
                    ep.id
                ),
            });
        };
        if ix.hosts[h].ips.is_empty() {
            return Err(DnsError::Fails {
                code: codes::VPCLAB_ENDPOINT_WITHOUT_INTERFACE,
                message: format!("{} has no address", ix.hosts[h].id),
            });
        }
        let ip = endpoint_record(ep, &ix.hosts[h].ips, name, ipv6_only)?;
        let _ = e;
        return Ok(Answer {
            ip,
            detail: format!(
                "{resolver} resolves {name} (a public record of {}) to its private address {ip}",
                ep.id
            ),
            advisories,
        });
    }

    // A PrivateLink service by its name (`com.amazonaws.vpce.REGION.vpce-svc-…`) or by the provider's private
    // DNS name (ES-07): the consumer's interface endpoint in the source VPC answers.
    let service = t.endpoint_services.iter().find(|s| {
        s.service_name.eq_ignore_ascii_case(&lname)
            || s.private_dns_name.as_deref().is_some_and(|d| {
                let d = d.to_ascii_lowercase();
                d == lname
                    || d.strip_prefix("*.")
                        .is_some_and(|suffix| lname.ends_with(&format!(".{suffix}")))
            })
    });
    let by_service_name = lname.starts_with("com.amazonaws.vpce.");
    if service.is_some() || by_service_name {
        let service_name = service
            .map(|s| s.service_name.to_ascii_lowercase())
            .unwrap_or_else(|| lname.clone());
        let private_name = service.is_some() && !service_name.eq_ignore_ascii_case(&lname);
        let consumer = t.vpc_endpoints.iter().find(|e| {
            e.service_name.eq_ignore_ascii_case(&service_name)
                && src_vpc.is_some_and(|v| t.vpcs[v].id == e.vpc_id)
                && (!private_name || e.private_dns_enabled)
        });
        let Some(ep) = consumer else {
            let why = if private_name {
                "the provider's private DNS name answers only inside VPCs whose endpoint to the service has private DNS on (ES-07)"
            } else {
                "the source VPC has no interface endpoint to this service"
            };
            return Err(DnsError::Fails {
                code: codes::VPCLAB_NO_ENDPOINT_FOR_SERVICE,
                message: format!("{name}: {why}"),
            });
        };
        if let (true, Some(c)) = (
            private_name,
            custom.as_ref().filter(|c| !c.forwards_to_resolver),
        ) {
            return Err(DnsError::Fails {
                code: codes::VPCLAB_DNS_NOT_FORWARDED,
                message: format!(
                    "{name} is {}'s private DNS name, answered only by the Route 53 Resolver; the VPC's own DNS servers {} do not forward to it (seed limit 4, DNS-07)",
                    ep.id,
                    c.servers.join(", ")
                ),
            });
        }
        if private_name {
            let vpc = &t.vpcs[src_vpc.unwrap_or_default()];
            if !(vpc.enable_dns_support && vpc.enable_dns_hostnames) {
                return Err(DnsError::Fails {
                    code: codes::VPCLAB_DNS_RESOLUTION_DISABLED,
                    message: format!("private DNS needs enableDnsSupport and enableDnsHostnames on {} (IE-05, DNS-03)", vpc.id),
                });
            }
        }
        let hosts = ix.hosts_of.get(ep.id.as_str()).cloned().unwrap_or_default();
        let pick = ix.host_in_az(&hosts, src_az);
        let Some(h) = pick.filter(|&h| !ix.hosts[h].ips.is_empty()) else {
            return Err(DnsError::Fails {
                code: codes::VPCLAB_ENDPOINT_WITHOUT_INTERFACE,
                message: format!(
                    "interface endpoint {} has no network interface, so it has no address",
                    ep.id
                ),
            });
        };
        let ip = endpoint_record(ep, &ix.hosts[h].ips, name, ipv6_only)?;
        return Ok(Answer {
            ip,
            detail: format!(
                "{resolver} resolves {name} to {}'s private address {ip}",
                ep.id
            ),
            advisories,
        });
    }

    let Some(svc) = parse_service_name(&lname, region) else {
        return Err(DnsError::Unknown(format!(
            "`{name}` is not a name this topology can resolve (AWS service names, endpoint names and endpoint-service private DNS names)"
        )));
    };
    let full = format!("com.amazonaws.{}.{}", svc.region, svc.service);

    // IE-20: an S3 interface endpoint's private DNS serves the Regional names only: the legacy global name
    // (`s3.amazonaws.com`), website and FIPS endpoints resolve publicly even when the VPC has one.
    let regional_label = format!(".{}.", svc.region);
    let legacy_global = svc.service == "s3" && !format!(".{lname}").contains(&regional_label);
    let s3_variant =
        legacy_global || svc.service == "s3-website" || svc.service.starts_with("s3-fips");
    if let (true, Some(v)) = (s3_variant, src_vpc) {
        let s3_regional = format!("com.amazonaws.{}.s3", svc.region);
        if let Some(ep) = t.vpc_endpoints.iter().find(|e| {
            e.vpc_id == t.vpcs[v].id
                && e.kind == EndpointKind::Interface
                && e.service_name == s3_regional
                && e.private_dns_enabled
        }) {
            advisories.push((
                codes::VPCLAB_S3_NAME_NOT_ON_INTERFACE_ENDPOINT,
                format!(
                    "{name} is {}, which S3 interface endpoints do not serve: it resolves publicly, not to {} (IE-20); use s3.{}.amazonaws.com",
                    if legacy_global { "the legacy global S3 endpoint" } else if svc.service == "s3-website" { "an S3 website endpoint" } else { "an S3 FIPS endpoint" },
                    ep.id,
                    svc.region
                ),
            ));
        }
    }

    // DNS-07: custom DNS servers that do not forward to the Route 53 Resolver never see the private hosted zone
    // that carries an interface endpoint's private DNS name: the name resolves publicly.
    if let (Some(c), Some(v)) = (&custom, src_vpc) {
        let vpc = &t.vpcs[v];
        let private_ep = t.vpc_endpoints.iter().find(|e| {
            e.vpc_id == vpc.id
                && e.kind == EndpointKind::Interface
                && e.service_name == full
                && e.private_dns_enabled
        });
        let from = c
            .dhcp_options_id
            .as_deref()
            .map(|d| format!(" (DHCP options {d})"))
            .unwrap_or_default();
        let servers = c.servers.join(", ");
        let message = match (private_ep, c.forwards_to_resolver) {
            (Some(ep), false) => format!(
                "{} uses its own DNS servers {servers}{from}, which do not forward to the Route 53 Resolver: {}'s private DNS name is in a private hosted zone only the Resolver answers, so {name} resolves to the service's public address (seed limit 4, DNS-07). Forward amazonaws.com queries to the Resolver (VPC+2) or use the endpoint's vpce DNS name.",
                vpc.id, ep.id
            ),
            (Some(ep), true) => format!(
                "{} uses its own DNS servers {servers}{from}; they forward to the Route 53 Resolver, so {name} resolves through {}'s private DNS (seed limit 4, DNS-07)",
                vpc.id, ep.id
            ),
            (None, _) => format!(
                "{} uses its own DNS servers {servers}{from}: {name} resolves only as they resolve it, and must resolve to AWS's addresses (seed limit 4, DNS-07)",
                vpc.id
            ),
        };
        advisories.push((codes::VPCLAB_CUSTOM_DNS_SERVERS, message));
    }
    let hides_private_dns = custom.as_ref().is_some_and(|c| !c.forwards_to_resolver);

    // Private DNS of an interface endpoint in the source VPC (IE-05, DNS-03).
    if let (false, false, Some(v)) = (legacy_global, hides_private_dns, src_vpc) {
        let vpc = &t.vpcs[v];
        let ep = t.vpc_endpoints.iter().find(|e| {
            e.vpc_id == vpc.id
                && e.kind == EndpointKind::Interface
                && e.service_name == full
                && e.private_dns_enabled
        });
        if let Some(ep) = ep {
            let attrs_on = vpc.enable_dns_support && vpc.enable_dns_hostnames;
            if !attrs_on {
                advisories.push((
                    codes::VPCLAB_PRIVATE_DNS_NEEDS_VPC_ATTRIBUTES,
                    format!(
                        "endpoint {} has private DNS on, but VPC {} has enableDnsHostnames or enableDnsSupport off, so {name} resolves publicly (IE-05, DNS-03)",
                        ep.id, vpc.id
                    ),
                ));
            } else if ep.private_dns_only_for_inbound_resolver_endpoint {
                advisories.push((
                    codes::VPCLAB_PRIVATE_DNS_INBOUND_ONLY,
                    format!("endpoint {} answers privately only for the inbound Resolver endpoint; in-VPC clients get public addresses (IE-22)", ep.id),
                ));
            } else if ep.state == EndpointState::Available {
                let hosts = ix.hosts_of.get(ep.id.as_str()).cloned().unwrap_or_default();
                let pick = ix.host_in_az(&hosts, src_az);
                if let Some(h) = pick.filter(|&h| !ix.hosts[h].ips.is_empty()) {
                    let ip = endpoint_record(ep, &ix.hosts[h].ips, name, ipv6_only)?;
                    return Ok(Answer {
                        ip,
                        detail: format!(
                            "{resolver} resolves {name} through the private DNS of {} to {ip}",
                            ep.id
                        ),
                        advisories,
                    });
                }
            }
        }
    }

    // On premises: names resolve privately only through a Route 53 Resolver inbound endpoint (IE-06); an S3
    // interface endpoint with "private DNS only for inbound Resolver endpoint" exists for exactly that (IE-22).
    if onprem {
        let ep = t.vpc_endpoints.iter().find(|e| {
            e.kind == EndpointKind::Interface
                && e.service_name == full
                && e.private_dns_enabled
                && e.state == EndpointState::Available
                && ix.vpc.get(e.vpc_id.as_str()).is_some_and(|&v| {
                    t.vpcs[v].enable_dns_support && t.vpcs[v].enable_dns_hostnames
                })
        });
        match ep {
            Some(ep) if ep.private_dns_only_for_inbound_resolver_endpoint => {
                if let Some(&h) = ix.hosts_of.get(ep.id.as_str()).and_then(|h| h.first()).filter(|&&h| !ix.hosts[h].ips.is_empty()) {
                    let ip = endpoint_record(ep, &ix.hosts[h].ips, name, ipv6_only)?;
                    return Ok(Answer {
                        ip,
                        detail: format!(
                            "the on-premises DNS server forwards {name} to the Route 53 Resolver inbound endpoint, which answers with {}'s private address {ip} (IE-22)",
                            ep.id
                        ),
                        advisories,
                    });
                }
            }
            Some(ep) => advisories.push((
                codes::VPCLAB_ONPREM_NEEDS_INBOUND_RESOLVER,
                format!(
                    "on-premises clients cannot use the VPC's Route 53 Resolver (IE-06): without a Resolver inbound endpoint {name} resolves publicly. Use {}'s vpce DNS name, or an inbound endpoint (IE-22).",
                    ep.id
                ),
            )),
            None => {}
        }
    }

    // Public answer: an address in the service's AWS-managed prefix lists, if the topology has them. Standard
    // names have A records only; `dualstack` names also AAAA (GE-22), which an IPv6-only client must use.
    let dualstack = lname.split('.').any(|l| l == "dualstack");
    if ipv6_only && !dualstack {
        return Err(DnsError::Fails {
            code: codes::VPCLAB_NO_ADDRESS_OF_FAMILY,
            message: format!(
                "{name} has no AAAA record and the client has no IPv4 address: use the dual-stack name `{}.dualstack.{}.amazonaws.com` (GE-22)",
                svc.service, svc.region
            ),
        });
    }
    let want_v6 = ipv6_only && dualstack;
    for pl in ix.service_prefix_lists(&svc.region, &svc.service) {
        let list = &t.prefix_lists[pl];
        let found = list
            .cidrs
            .iter()
            .find(|c| c.addr().is_ipv6() == want_v6)
            .map(|c| first_host(c.network()));
        if let Some(ip) = found {
            return Ok(Answer {
                ip,
                detail: format!(
                    "{resolver} resolves {name} to the public address {ip} (in {} {})",
                    list.id, list.name
                ),
                advisories,
            });
        }
    }
    if want_v6 {
        return Err(DnsError::Fails {
            code: codes::VPCLAB_NO_ADDRESS_OF_FAMILY,
            message: format!("the topology has no IPv6 prefix list for {full}, so {name}'s AAAA answer is unknown"),
        });
    }
    let ip = representative_address(&full);
    Ok(Answer {
        ip,
        detail: format!(
            "{resolver} resolves {name} to a public address of {full}; {ip} stands for it (the topology has no prefix list with its ranges)"
        ),
        advisories,
    })
}

fn first_host(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(a) => IpAddr::V4(Ipv4Addr::from(u32::from(a).saturating_add(1))),
        IpAddr::V6(a) => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(a).saturating_add(1))),
    }
}

/// A stable stand-in public address for a service without known ranges, inside 3.0.0.0/8 (an AWS block).
fn representative_address(service: &str) -> IpAddr {
    let h = service.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    });
    IpAddr::V4(Ipv4Addr::new(
        3,
        (h >> 16) as u8,
        (h >> 8) as u8,
        (h as u8).max(1),
    ))
}
