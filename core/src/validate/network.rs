//! VPC and subnet CIDR blocks, and the addresses of interfaces, instances and NAT gateways.

use super::ctx::{contains_ip, is_v4, overlaps, within, Ctx, Kind, Ref};
use crate::model::{region_of_az, Subnet};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

pub(super) fn check(cx: &mut Ctx<'_>) {
    vpcs(cx);
    dhcp_options(cx);
    subnets(cx);
    addresses(cx);
}

/// DNS-07: a DHCP option set names `AmazonProvidedDNS` or at most four servers. (A VPC's reference to a set that
/// is not in the topology is a dangling reference, checked with the others.)
fn dhcp_options(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for d in &t.dhcp_options {
        if d.domain_name_servers.len() > 4 {
            let msg = format!(
                "{} domain name servers; a DHCP option set names at most four (DNS-07)",
                d.domain_name_servers.len()
            );
            cx.error(
                "DHCP_TOO_MANY_DNS_SERVERS",
                &d.id,
                "domain_name_servers",
                msg,
            );
        }
    }
}

/// Host bits after the prefix (`10.0.0.5/16`).
pub(super) fn host_bits(cx: &mut Ctx<'_>, subject: &str, field: &str, net: &IpNet) {
    if net.trunc() != *net {
        let msg = format!(
            "`{net}` has bits set after the prefix; the network is `{}`",
            net.trunc()
        );
        cx.warning("CIDR_HOST_BITS_SET", subject, field, msg);
    }
}

fn restricted_v4(net: &IpNet) -> bool {
    [
        "0.0.0.0/8",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
    ]
    .iter()
    .filter_map(|r| r.parse::<IpNet>().ok())
    .any(|r| overlaps(&r, net))
}

fn vpcs(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for vpc in &t.vpcs {
        if let Some(d) = &vpc.dhcp_options_id {
            cx.reference(
                &vpc.id,
                "dhcp_options_id",
                d,
                Kind::DhcpOptions,
                Ref::WARNING,
            );
        }
        if !vpc.cidr_blocks.iter().any(is_v4) {
            cx.warning(
                "VPC_NO_IPV4_CIDR",
                &vpc.id,
                "cidr_blocks",
                "the vpc has no ipv4 cidr block",
            );
        }
        for (i, net) in vpc.cidr_blocks.iter().enumerate() {
            let field = format!("cidr_blocks[{i}]");
            host_bits(cx, &vpc.id, &field, net);
            let len = net.prefix_len();
            let (ok, sizes) = if is_v4(net) {
                ((16..=28).contains(&len), "/16 to /28")
            } else {
                ((44..=60).contains(&len), "/44 to /60")
            };
            if !ok {
                cx.error(
                    "VPC_CIDR_SIZE_INVALID",
                    &vpc.id,
                    &field,
                    format!("`{net}`: a vpc block must be {sizes}"),
                );
            }
            if is_v4(net) && restricted_v4(net) {
                let msg = format!("`{net}` overlaps a range aws does not allow for a vpc");
                cx.error("VPC_CIDR_RESTRICTED", &vpc.id, &field, msg);
            }
            if let Some(other) = vpc.cidr_blocks[..i].iter().find(|o| overlaps(o, net)) {
                let msg = format!("`{net}` overlaps the vpc's block `{other}`");
                cx.error("VPC_CIDR_OVERLAP", &vpc.id, &field, msg);
            }
        }
    }
}

fn subnets(cx: &mut Ctx<'_>) {
    let t = cx.t;
    // vpc id → (subnet id, field, net) seen so far, for overlaps.
    let mut seen: HashMap<&str, Vec<(&str, &str, IpNet)>> = HashMap::new();
    // vpc id → region of the first subnet with an AZ, when the VPC does not name its region.
    let mut first_region: HashMap<&str, (String, &str)> = HashMap::new();
    for s in &t.subnets {
        let vpc_known = cx.must_ref(&s.id, "vpc_id", &s.vpc_id, Kind::Vpc);
        let vpc = if vpc_known { cx.vpc(&s.vpc_id) } else { None };
        if s.cidr_block.is_none() && s.ipv6_cidr_block.is_none() {
            cx.error(
                "SUBNET_NO_CIDR",
                &s.id,
                "cidr_block",
                "the subnet has neither an ipv4 nor an ipv6 cidr block",
            );
        }
        for (field, net, want_v4) in [
            ("cidr_block", s.cidr_block, true),
            ("ipv6_cidr_block", s.ipv6_cidr_block, false),
        ] {
            let Some(net) = net else { continue };
            if is_v4(&net) != want_v4 {
                let want = if want_v4 { "ipv4" } else { "ipv6" };
                let msg = format!("`{net}` is not an {want} block; `{field}` holds {want} only");
                cx.error("CIDR_WRONG_FAMILY", &s.id, field, msg);
                continue;
            }
            host_bits(cx, &s.id, field, &net);
            let len = net.prefix_len();
            let (ok, sizes) = if want_v4 {
                ((16..=28).contains(&len), "/16 to /28")
            } else {
                ((44..=64).contains(&len), "/44 to /64")
            };
            if !ok {
                cx.error(
                    "SUBNET_CIDR_SIZE_INVALID",
                    &s.id,
                    field,
                    format!("`{net}`: a subnet block must be {sizes}"),
                );
            }
            if let Some(vpc) = vpc {
                let family: Vec<&IpNet> = vpc
                    .cidr_blocks
                    .iter()
                    .filter(|b| is_v4(b) == want_v4)
                    .collect();
                if !family.iter().any(|b| within(&net, b)) {
                    let blocks: Vec<String> = family.iter().map(|b| format!("`{b}`")).collect();
                    let msg = if blocks.is_empty() {
                        format!(
                            "`{net}` is outside vpc `{}`, which has no {} block",
                            vpc.id,
                            if want_v4 { "ipv4" } else { "ipv6" }
                        )
                    } else {
                        format!(
                            "`{net}` is not inside any block of vpc `{}` ({})",
                            vpc.id,
                            blocks.join(", ")
                        )
                    };
                    cx.error("SUBNET_OUTSIDE_VPC", &s.id, field, msg);
                }
            }
            let others = seen.entry(s.vpc_id.as_str()).or_default();
            if let Some((other, _, other_net)) = others.iter().find(|(_, _, o)| overlaps(o, &net)) {
                let msg =
                    format!("`{net}` overlaps `{other_net}` of subnet `{other}` in the same vpc");
                cx.error("SUBNET_OVERLAP", &s.id, field, msg);
            }
            others.push((&s.id, field, net));
        }
        if let Some(az) = s.az.as_deref().filter(|a| !a.is_empty()) {
            let region = region_of_az(az);
            let expected = match vpc.and_then(|v| v.region.clone()) {
                Some(r) => Some((r, "the vpc's region".to_string())),
                None => match first_region.get(s.vpc_id.as_str()) {
                    Some((r, by)) => Some((r.clone(), format!("the region of subnet `{by}`"))),
                    None => {
                        first_region.insert(&s.vpc_id, (region.clone(), &s.id));
                        None
                    }
                },
            };
            if let Some((want, what)) = expected {
                if want != region {
                    let msg = format!(
                        "availability zone `{az}` is in `{region}`, not in `{want}` ({what})"
                    );
                    cx.error("SUBNET_AZ_REGION_MISMATCH", &s.id, "az", msg);
                }
            }
        }
    }
}

/// One claim on a private address: who claims it, where, and the interface it belongs to.
struct Claim<'a> {
    subject: &'a str,
    field: String,
    /// The interface the address is on: an ENI id, or the id of the instance/NAT gateway that owns it inline.
    owner: &'a str,
}

fn reserved_in_subnet(net: &IpNet, ip: &IpAddr) -> bool {
    match (net.trunc(), ip) {
        (IpNet::V4(n), IpAddr::V4(a)) => {
            let base = u32::from(n.network());
            let last = u32::from(n.broadcast());
            let a = u32::from(*a);
            (base..=base.saturating_add(3)).contains(&a) || a == last
        }
        _ => false,
    }
}

fn not_public(ip: &Ipv4Addr) -> bool {
    let o = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || (o[0] == 100 && (64..128).contains(&o[1]))
}

/// Check one address against its subnet and record the claim for the duplicate check.
fn address<'a>(
    cx: &mut Ctx<'a>,
    claims: &mut HashMap<(&'a str, IpAddr), Vec<Claim<'a>>>,
    subnet: Option<&'a Subnet>,
    ip: &IpAddr,
    claim: Claim<'a>,
) {
    let Some(subnet) = subnet else { return };
    let (net, field_name) = match ip {
        IpAddr::V4(_) => (subnet.cidr_block, "cidr_block"),
        IpAddr::V6(_) => (subnet.ipv6_cidr_block, "ipv6_cidr_block"),
    };
    match net {
        Some(net) if contains_ip(&net, ip) => {
            if reserved_in_subnet(&net, ip) {
                let msg = format!("`{ip}` is reserved by aws in subnet `{}` (`{net}`): the first four and the last address", subnet.id);
                cx.error("IP_RESERVED_BY_AWS", claim.subject, &claim.field, msg);
            }
        }
        Some(net) => {
            let msg = format!("`{ip}` is not inside `{net}` of subnet `{}`", subnet.id);
            cx.error("IP_OUTSIDE_SUBNET", claim.subject, &claim.field, msg);
            return;
        }
        None => {
            let msg = format!(
                "`{ip}` cannot be in subnet `{}`, which has no `{field_name}`",
                subnet.id
            );
            cx.error("IP_OUTSIDE_SUBNET", claim.subject, &claim.field, msg);
            return;
        }
    }
    claims
        .entry((subnet.vpc_id.as_str(), *ip))
        .or_default()
        .push(claim);
}

fn public_address(cx: &mut Ctx<'_>, subject: &str, ip: &Option<Ipv4Addr>) {
    if let Some(ip) = ip.filter(not_public) {
        let msg = format!("`{ip}` is a private-use address, not a public ipv4 address");
        cx.warning("PUBLIC_IP_NOT_PUBLIC", subject, "public_ip", msg);
    }
}

fn addresses(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let mut claims: HashMap<(&str, IpAddr), Vec<Claim<'_>>> = HashMap::new();
    for e in &t.network_interfaces {
        let subnet = if cx.must_ref(&e.id, "subnet_id", &e.subnet_id, Kind::Subnet) {
            cx.subnet(&e.subnet_id)
        } else {
            None
        };
        for (i, ip) in e.private_ips.iter().enumerate() {
            let claim = Claim {
                subject: &e.id,
                field: format!("private_ips[{i}]"),
                owner: &e.id,
            };
            address(cx, &mut claims, subnet, ip, claim);
        }
        public_address(cx, &e.id, &e.public_ip);
    }
    let mut eni_owner: HashMap<&str, &str> = HashMap::new();
    for inst in &t.instances {
        if let Some(sid) = inst.subnet_id.as_deref() {
            cx.must_ref(&inst.id, "subnet_id", sid, Kind::Subnet);
        }
        for (i, eid) in inst.network_interface_ids.iter().enumerate() {
            let field = format!("network_interface_ids[{i}]");
            if !cx.must_ref(&inst.id, &field, eid, Kind::NetworkInterface) {
                continue;
            }
            if let Some(other) = eni_owner.insert(eid, &inst.id) {
                let msg =
                    format!("network interface `{eid}` is already attached to instance `{other}`");
                cx.error("ENI_MULTIPLE_INSTANCES", &inst.id, &field, msg);
            }
        }
        if inst.subnet_id.is_none() && inst.network_interface_ids.is_empty() {
            cx.warning(
                "MISSING_REFERENCE",
                &inst.id,
                "subnet_id",
                "the instance has no subnet and no network interface",
            );
        }
        let subnet = cx.instance_subnet(inst);
        // Inline addresses describe the primary interface: the first listed ENI, else the instance itself.
        let owner = inst
            .network_interface_ids
            .first()
            .map_or(inst.id.as_str(), String::as_str);
        let primary_ips: Vec<IpAddr> = cx
            .eni(owner)
            .map(|e| e.private_ips.clone())
            .unwrap_or_default();
        let inline = inst
            .private_ip
            .iter()
            .map(|ip| ("private_ip".to_string(), *ip));
        let v6 = inst
            .ipv6_addresses
            .iter()
            .enumerate()
            .map(|(i, ip)| (format!("ipv6_addresses[{i}]"), *ip));
        for (field, ip) in inline.chain(v6) {
            if primary_ips.contains(&ip) {
                continue; // The same address as the primary ENI's: one interface, described twice.
            }
            address(
                cx,
                &mut claims,
                subnet,
                &ip,
                Claim {
                    subject: &inst.id,
                    field,
                    owner,
                },
            );
        }
        public_address(cx, &inst.id, &inst.public_ip);
    }
    for nat in &t.nat_gateways {
        let subnet = nat.subnet_id.as_deref().and_then(|s| cx.subnet(s));
        if let Some(ip) = nat.private_ip {
            let ip = IpAddr::V4(ip);
            let eni = nat.eni_id.as_deref().and_then(|e| cx.eni(e)).or_else(|| {
                t.network_interfaces
                    .iter()
                    .find(|e| e.attached_to.as_deref() == Some(&nat.id))
            });
            match eni {
                Some(e) if e.private_ips.contains(&ip) => {}
                _ => {
                    let owner = eni.map_or(nat.id.as_str(), |e| e.id.as_str());
                    let claim = Claim {
                        subject: &nat.id,
                        field: "private_ip".to_string(),
                        owner,
                    };
                    address(cx, &mut claims, subnet, &ip, claim);
                }
            }
        }
        public_address(cx, &nat.id, &nat.public_ip);
    }
    let mut keys: Vec<&(&str, IpAddr)> = claims.keys().collect();
    keys.sort();
    let mut dups = Vec::new();
    for key in keys {
        let list = &claims[key];
        let first = &list[0];
        for c in &list[1..] {
            if c.owner != first.owner {
                let msg = format!(
                    "`{}` is already used by `{}` in vpc `{}`",
                    key.1, first.subject, key.0
                );
                dups.push((c.subject, c.field.clone(), msg));
            }
        }
    }
    for (subject, field, msg) in dups {
        cx.error("DUPLICATE_PRIVATE_IP", subject, field, msg);
    }
}
