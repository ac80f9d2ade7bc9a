//! Fresh ids and free addresses.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};

use ipnet::{IpNet, Ipv4Net};

use crate::diagram::Diagram;
use crate::model::Topology;

use super::object::all_ids;

fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in *p {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Every id in use: objects, layout keys, and the ids flows name.
pub(super) fn used_ids(d: &Diagram) -> HashSet<String> {
    let mut used: HashSet<String> = all_ids(&d.topology).into_iter().map(|(_, id)| id).collect();
    used.extend(d.layout.iter().map(|(k, _)| k.to_string()));
    for f in &d.flows {
        used.insert(f.spec.from.clone());
        used.insert(f.spec.to.clone());
    }
    used
}

/// `<prefix>-<6 hex digits>`, unique in the diagram, deterministic.
pub(super) fn new_id(d: &Diagram, prefix: &str) -> String {
    let used = used_ids(d);
    for n in 1u64.. {
        let h = fnv(&[prefix.as_bytes(), &n.to_le_bytes()]);
        let id = format!("{prefix}-{:06x}", h & 0xff_ffff);
        if !used.contains(&id) {
            return id;
        }
    }
    unreachable!("an unused id always exists")
}

fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// CIDRs on premises: VPN routes and Direct Connect prefixes.
pub(super) fn onprem_cidrs(t: &Topology) -> Vec<IpNet> {
    let mut out: Vec<IpNet> = Vec::new();
    for v in &t.vpn_connections {
        out.extend(v.static_routes.iter().chain(v.bgp_routes.iter()).copied());
    }
    for dx in &t.direct_connect_gateways {
        out.extend(dx.onprem_cidrs.iter().copied());
    }
    out
}

fn taken_networks(t: &Topology) -> Vec<IpNet> {
    let mut out: Vec<IpNet> = t
        .vpcs
        .iter()
        .flat_map(|v| v.cidr_blocks.iter().copied())
        .collect();
    for p in &t.peering_connections {
        out.extend(
            p.requester_cidrs
                .iter()
                .chain(p.accepter_cidrs.iter())
                .copied(),
        );
    }
    out.extend(onprem_cidrs(t));
    out
}

/// The first `10.N.0.0/16` that overlaps no VPC and no on-premises network.
pub(super) fn next_vpc_cidr(t: &Topology) -> Option<IpNet> {
    let taken = taken_networks(t);
    (0u8..=255).find_map(|n| {
        let c = IpNet::V4(Ipv4Net::new(Ipv4Addr::new(10, n, 0, 0), 16).ok()?);
        (!taken.iter().any(|x| overlaps(x, &c))).then_some(c)
    })
}

/// The first free on-premises CIDR: `192.168.0.0/16`, then `172.16.0.0/16` … `172.31.0.0/16`, then
/// `10.255.0.0/16` downwards.
pub(super) fn next_onprem_cidr(t: &Topology) -> Option<IpNet> {
    let taken = taken_networks(t);
    let candidates = std::iter::once(Ipv4Addr::new(192, 168, 0, 0))
        .chain((16u8..=31).map(|b| Ipv4Addr::new(172, b, 0, 0)))
        .chain((0u8..=255).rev().map(|b| Ipv4Addr::new(10, b, 0, 0)));
    candidates
        .filter_map(|a| Ipv4Net::new(a, 16).ok().map(IpNet::V4))
        .find(|c| !taken.iter().any(|x| overlaps(x, c)))
}

/// The first free subnet block of a VPC: a /24 (smaller for VPCs smaller than a /22).
pub(super) fn next_subnet_cidr(t: &Topology, vpc: &str) -> Option<IpNet> {
    let v = t.vpcs.iter().find(|v| v.id == vpc)?;
    let taken: Vec<IpNet> = t
        .subnets
        .iter()
        .filter(|s| s.vpc_id == vpc)
        .filter_map(|s| s.cidr_block)
        .collect();
    for block in v.cidr_blocks.iter().filter(|c| c.addr().is_ipv4()) {
        let len = if block.prefix_len() <= 22 {
            24
        } else {
            (block.prefix_len() + 2).min(28)
        };
        let Ok(subs) = block.subnets(len) else {
            continue;
        };
        if let Some(c) = subs
            .take(4096)
            .find(|c| !taken.iter().any(|x| overlaps(x, c)))
        {
            return Some(c);
        }
    }
    None
}

/// Every private address used in a subnet.
fn used_in_subnet(t: &Topology, subnet: &str) -> HashSet<IpAddr> {
    let mut used: HashSet<IpAddr> = HashSet::new();
    for i in &t.instances {
        if i.subnet_id.as_deref() == Some(subnet) {
            used.extend(i.private_ip);
        }
    }
    for e in &t.network_interfaces {
        if e.subnet_id == subnet {
            used.extend(e.private_ips.iter().copied());
        }
    }
    for n in &t.nat_gateways {
        if n.subnet_id.as_deref() == Some(subnet) {
            used.extend(n.private_ip.map(IpAddr::V4));
        }
    }
    used
}

/// The next free private address of a subnet, from `.10` (from `.4`, the first AWS leaves, in small subnets),
/// skipping the addresses AWS reserves.
pub(super) fn next_private_ip(t: &Topology, subnet: &str) -> Option<Ipv4Addr> {
    let s = t.subnets.iter().find(|s| s.id == subnet)?;
    let IpNet::V4(net) = s.cidr_block? else {
        return None;
    };
    let used = used_in_subnet(t, subnet);
    let base = u32::from(net.network());
    let last = u32::from(net.broadcast());
    let start = if last - base >= 63 { 10 } else { 4 };
    (base + start..last)
        .map(Ipv4Addr::from)
        .find(|a| !used.contains(&IpAddr::V4(*a)))
}

/// Every public address the diagram uses (or a flow names).
fn used_public(d: &Diagram) -> HashSet<Ipv4Addr> {
    let t = &d.topology;
    let mut used: HashSet<Ipv4Addr> = HashSet::new();
    used.extend(t.instances.iter().filter_map(|i| i.public_ip));
    used.extend(t.nat_gateways.iter().filter_map(|n| n.public_ip));
    used.extend(t.network_interfaces.iter().filter_map(|e| e.public_ip));
    used.extend(t.customer_gateways.iter().filter_map(|c| c.ip_address));
    for v in &t.vpn_connections {
        used.extend(v.tunnel_outside_ips.iter().copied());
    }
    for f in &d.flows {
        for s in [&f.spec.from, &f.spec.to] {
            let s = s.rsplit(':').next().unwrap_or(s);
            if let Ok(a) = s.parse::<Ipv4Addr>() {
                used.insert(a);
            }
        }
    }
    used
}

/// A free public address from the documentation ranges (198.51.100.0/24, then 192.0.2.0/24, then
/// 203.0.113.100–254): an Elastic IP, a customer gateway, a VPN tunnel.
pub(super) fn next_public_ip(d: &Diagram) -> Option<Ipv4Addr> {
    let used = used_public(d);
    (1u8..=254)
        .map(|h| Ipv4Addr::new(198, 51, 100, h))
        .chain((1u8..=254).map(|h| Ipv4Addr::new(192, 0, 2, h)))
        .chain((100u8..=254).map(|h| Ipv4Addr::new(203, 0, 113, h)))
        .find(|a| !used.contains(a))
}

/// Two distinct public addresses.
pub(super) fn next_public_ips(d: &Diagram, n: usize) -> Vec<Ipv4Addr> {
    let used = used_public(d);
    (1u8..=254)
        .map(|h| Ipv4Addr::new(198, 51, 100, h))
        .chain((1u8..=254).map(|h| Ipv4Addr::new(192, 0, 2, h)))
        .chain((100u8..=254).map(|h| Ipv4Addr::new(203, 0, 113, h)))
        .filter(|a| !used.contains(a))
        .take(n)
        .collect()
}

/// A stable illustrative /24 for a service's prefix list outside us-east-1: the /24 of the stand-in address the
/// DNS step uses for the service (FNV-1a of `com.amazonaws.<region>.<service>` inside 3.0.0.0/8), moved on
/// while it overlaps a prefix list the topology has.
pub(super) fn illustrative_range(t: &Topology, service_name: &str) -> IpNet {
    let h = service_name.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let taken: Vec<IpNet> = t
        .prefix_lists
        .iter()
        .flat_map(|p| p.cidrs.iter().copied())
        .collect();
    let mut third = (h >> 8) as u8;
    let second = (h >> 16) as u8;
    for _ in 0..256 {
        if let Ok(n) = Ipv4Net::new(Ipv4Addr::new(3, second, third, 0), 24) {
            let c = IpNet::V4(n);
            if !taken.iter().any(|x| overlaps(x, &c)) {
                return c;
            }
        }
        third = third.wrapping_add(1);
    }
    IpNet::V4(Ipv4Net::new(Ipv4Addr::new(3, second, third, 0), 24).unwrap_or_default())
}
