//! The port ranges the internet can open on each ENI (see [`super`]).
//!
//! Complete by construction: for each ENI with a public IPv4 address (or an IPv6 address) in a VPC with an
//! internet gateway, the port line of each protocol is cut at every boundary of its security groups' inbound
//! rules and its subnet's network ACL entries. Inside one elementary range every rule answers the same, so one
//! traced flow (from the internet, to the range's first port) decides the whole range; reachable neighbours with
//! the same answer merge.

use super::{host_ref, is_workload, through, AuditOptions, Exposure};
use crate::model::SgRule;
use crate::path::rules::parse_protocol;
use crate::path::FlowSpec;
use crate::session::Session;
use std::collections::BTreeSet;
use std::net::IpAddr;

/// The internet address exposure flows come from (the engine's default `internet` source).
pub const INTERNET_V4: &str = "8.8.8.8";
pub const INTERNET_V6: &str = "2001:4860:4860::8888";

/// The exposures and the number of traces.
pub fn audit(session: &Session<'_>, opts: &AuditOptions) -> (Vec<Exposure>, usize) {
    let ix = session.index();
    let mut out = Vec::new();
    let mut traces = 0;
    for (h, host) in ix.hosts.iter().enumerate() {
        if !is_workload(ix, h) || ix.vpc_igw.get(host.vpc).copied().flatten().is_none() {
            continue;
        }
        let mut addresses: Vec<IpAddr> = host.public_ip.map(IpAddr::V4).into_iter().collect();
        addresses.extend(host.ips.iter().filter(|ip| ip.is_ipv6()).copied());
        if addresses.is_empty() {
            continue;
        }
        let target = host_ref(ix, h);
        let rules = ingress_rules(session, &host.security_groups);
        let acl = ix
            .subnet_acl
            .get(host.subnet)
            .copied()
            .flatten()
            .map(|a| &session.topology().network_acls[a]);
        let vpc_id = session.topology().vpcs.get(host.vpc).map(|v| v.id.as_str());
        let lbs: Vec<_> = session
            .topology()
            .load_balancers
            .iter()
            .filter(|l| Some(l.vpc_id.as_str()) == vpc_id)
            .collect();
        for addr in addresses {
            let v6 = addr.is_ipv6();
            let src = if v6 { INTERNET_V6 } else { INTERNET_V4 };
            let src_ip: IpAddr = src.parse().expect("a constant address");
            for proto in ["tcp", "udp"] {
                let p = parse_protocol(proto).unwrap_or(6);
                let mut cuts: BTreeSet<u32> = [0u32, 65536].into();
                for r in &rules {
                    if rule_proto(&r.protocol) == Some(Some(p)) {
                        if let (Some(a), Some(b)) = (r.from_port, r.to_port) {
                            if a >= 0 && b >= a {
                                cuts.insert(a as u32);
                                cuts.insert((b as u32 + 1).min(65536));
                            }
                        }
                    }
                }
                // A load balancer's listeners decide by port too (its ENIs are hosts of the VPC).
                for lb in lbs.iter() {
                    for &l in &lb.listener_ports {
                        cuts.insert(l as u32);
                        cuts.insert(l as u32 + 1);
                    }
                }
                for e in acl.iter().flat_map(|a| a.entries.iter()) {
                    if let Some((a, b)) = e.port_range {
                        cuts.insert(a as u32);
                        cuts.insert((b as u32 + 1).min(65536));
                    }
                }
                let cuts: Vec<u32> = cuts.into_iter().collect();
                let mut open: Option<Exposure> = None;
                for w in cuts.windows(2) {
                    let (lo, hi) = (w[0] as u16, (w[1] - 1) as u16);
                    let spec = flow(src, addr, proto, Some(lo), opts);
                    let Ok(tr) = session.trace(&spec) else {
                        continue;
                    };
                    traces += 1;
                    let found = tr.reachable.then(|| Exposure {
                        target: target.clone(),
                        eni: host.id.clone(),
                        address: addr.to_string(),
                        protocol: proto.into(),
                        ports: Some([lo, hi]),
                        from: admitting_cidr(&rules, p, Some(lo), src_ip, v6),
                        through: through(&tr),
                    });
                    match (open.as_mut(), found) {
                        (Some(o), Some(f))
                            if o.from == f.from
                                && o.through == f.through
                                && o.ports.is_some_and(|r| r[1] as u32 + 1 == lo as u32) =>
                        {
                            o.ports = o.ports.map(|r| [r[0], hi]);
                        }
                        (_, f) => {
                            if let Some(o) = open.take() {
                                out.push(o);
                            }
                            open = f;
                        }
                    }
                }
                if let Some(o) = open.take() {
                    out.push(o);
                }
            }
            let icmp = if v6 { "icmpv6" } else { "icmp" };
            let spec = flow(src, addr, icmp, None, opts);
            if let Ok(tr) = session.trace(&spec) {
                traces += 1;
                if tr.reachable {
                    let p = parse_protocol(icmp).unwrap_or(1);
                    out.push(Exposure {
                        target: target.clone(),
                        eni: host.id.clone(),
                        address: addr.to_string(),
                        protocol: icmp.into(),
                        ports: None,
                        from: admitting_cidr(&rules, p, None, src_ip, v6),
                        through: through(&tr),
                    });
                }
            }
        }
    }
    (out, traces)
}

/// The witness flow of an exposure range: from the internet to the address at one port.
pub fn flow(
    src: &str,
    addr: IpAddr,
    proto: &str,
    port: Option<u16>,
    opts: &AuditOptions,
) -> FlowSpec {
    FlowSpec {
        from: format!("internet:{src}"),
        to: addr.to_string(),
        protocol: Some(proto.into()),
        port,
        region: opts.region.clone(),
        ..FlowSpec::default()
    }
}

fn ingress_rules<'t>(session: &Session<'t>, groups: &[String]) -> Vec<&'t SgRule> {
    let ix = session.index();
    let t = session.topology();
    groups
        .iter()
        .filter_map(|g| ix.sg.get(g.as_str()))
        .flat_map(|&g| t.security_groups[g].ingress.iter())
        .collect()
}

/// A rule's protocol: `Some(None)` = all traffic, `Some(Some(p))`, or `None` when unreadable.
fn rule_proto(s: &str) -> Option<Option<u8>> {
    let t = s.trim();
    if t == "-1" || t.eq_ignore_ascii_case("all") || t.is_empty() {
        return Some(None);
    }
    parse_protocol(t).map(Some)
}

/// The widest CIDR of a rule that admits the witness (what the report names as `from`).
fn admitting_cidr(rules: &[&SgRule], p: u8, port: Option<u16>, src: IpAddr, v6: bool) -> String {
    let mut best: Option<ipnet::IpNet> = None;
    for r in rules {
        let proto_ok = match rule_proto(&r.protocol) {
            Some(None) => true,
            Some(Some(q)) => q == p,
            None => false,
        };
        let port_ok = match (port, r.from_port, r.to_port) {
            (Some(x), Some(a), Some(b)) if a >= 0 => (a..=b).contains(&(x as i32)),
            _ => true,
        };
        if !proto_ok || !port_ok {
            continue;
        }
        for c in r.cidrs.iter().filter(|c| c.contains(&src)) {
            if best.is_none_or(|b| c.prefix_len() < b.prefix_len()) {
                best = Some(*c);
            }
        }
    }
    best.map(|c| c.to_string())
        .unwrap_or_else(|| if v6 { "::/0" } else { "0.0.0.0/0" }.to_string())
}
