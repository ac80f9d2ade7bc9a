//! Packets, protocols, and the two kinds of filters: security groups (stateful, allow-only, SG-01..SG-04) and
//! network ACLs (stateless, numbered, first match wins, NACL-01..NACL-03).

use crate::model::{NaclEntry, NetworkAcl, RuleAction, SgRule};
use ipnet::IpNet;
use std::net::IpAddr;

pub const TCP: u8 = 6;
pub const UDP: u8 = 17;
pub const ICMP: u8 = 1;
pub const ICMPV6: u8 = 58;

/// The ephemeral port the engine assumes for the client side of a flow (Batfish's TCP flows use the same).
/// Replies must pass network ACLs on this port (NACL-01).
pub const EPHEMERAL_PORT: u16 = 49152;

/// A packet header as it travels; NAT and internet gateways rewrite addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Packet {
    pub src: IpAddr,
    pub dst: IpAddr,
    pub protocol: u8,
    pub src_port: Option<u16>,
    pub dst_port: Option<u16>,
}

impl Packet {
    /// The reply to this packet (addresses and ports swapped).
    pub fn reply(&self) -> Packet {
        Packet {
            src: self.dst,
            dst: self.src,
            protocol: self.protocol,
            src_port: self.dst_port,
            dst_port: self.src_port,
        }
    }

    pub fn has_ports(&self) -> bool {
        self.protocol == TCP || self.protocol == UDP
    }

    /// `tcp/443`, `udp`, `icmp`, `proto 0`.
    pub fn describe(&self) -> String {
        let name = protocol_name(self.protocol);
        match (self.has_ports(), self.dst_port) {
            (true, Some(p)) => format!("{name}/{p}"),
            _ => name,
        }
    }
}

pub fn protocol_name(p: u8) -> String {
    match p {
        TCP => "tcp".into(),
        UDP => "udp".into(),
        ICMP => "icmp".into(),
        ICMPV6 => "icmpv6".into(),
        n => format!("protocol {n}"),
    }
}

/// Parse a protocol as written in a flow: a name or an IP protocol number.
///
/// ```
/// use vpclab_core::path::rules::parse_protocol;
/// assert_eq!(parse_protocol("TCP"), Some(6));
/// assert_eq!(parse_protocol("0"), Some(0));
/// assert_eq!(parse_protocol("all"), None);
/// ```
pub fn parse_protocol(s: &str) -> Option<u8> {
    match s.trim().to_ascii_lowercase().as_str() {
        "tcp" => Some(TCP),
        "udp" => Some(UDP),
        "icmp" => Some(ICMP),
        "icmpv6" | "icmp6" => Some(ICMPV6),
        n => n.parse::<u8>().ok(),
    }
}

/// A rule's protocol: `None` = all traffic (`-1`).
fn rule_protocol(s: &str) -> Result<Option<u8>, ()> {
    let t = s.trim();
    if t == "-1" || t.eq_ignore_ascii_case("all") || t.is_empty() {
        return Ok(None);
    }
    parse_protocol(t).map(Some).ok_or(())
}

/// Does a rule with this protocol and port range match the packet's protocol and destination port?
/// Protocol 0 is matched only by all-traffic rules (cli-contract "Protocol values").
fn proto_port_match(
    rule_proto: &str,
    from: Option<i32>,
    to: Option<i32>,
    pkt_proto: u8,
    port: Option<u16>,
) -> bool {
    let Ok(proto) = rule_protocol(rule_proto) else {
        return false;
    };
    let Some(proto) = proto else { return true };
    if proto != pkt_proto {
        return false;
    }
    match proto {
        TCP | UDP => {
            let lo = from.unwrap_or(-1);
            let hi = to.unwrap_or(-1);
            let all = (lo <= 0 && (hi == -1 || hi >= 65535)) || (lo == -1);
            match port {
                _ if all => true,
                Some(p) => (lo..=hi).contains(&(p as i32)),
                // A flow with no port is "any port": only a rule for every port matches it.
                None => false,
            }
        }
        ICMP | ICMPV6 => {
            // from = ICMP type, to = code; the engine's ICMP flows are echo requests (type 8, code 0).
            let ty_ok = matches!(from, None | Some(-1) | Some(8));
            let code_ok = matches!(to, None | Some(-1) | Some(0));
            ty_ok && code_ok
        }
        _ => true,
    }
}

/// What a security-group rule needs to know about the peer of a packet.
pub struct Peer<'a> {
    pub ip: IpAddr,
    /// The peer's security groups, when the peer is an interface this topology knows (for group references).
    pub groups: &'a [String],
    /// Prefix-list lookup: does prefix list `id` contain `ip`?
    pub in_prefix_list: &'a dyn Fn(&str, IpAddr) -> bool,
}

/// Does one SG rule admit a packet to/from `peer` with this protocol and port?
pub fn sg_rule_matches(rule: &SgRule, peer: &Peer<'_>, protocol: u8, port: Option<u16>) -> bool {
    if !proto_port_match(&rule.protocol, rule.from_port, rule.to_port, protocol, port) {
        return false;
    }
    rule.cidrs.iter().any(|c| c.contains(&peer.ip))
        || rule
            .prefix_list_ids
            .iter()
            .any(|pl| (peer.in_prefix_list)(pl, peer.ip))
        || rule
            .security_group_ids
            .iter()
            .any(|g| peer.groups.iter().any(|pg| pg == g))
}

/// The outcome of a network ACL for one packet in one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AclVerdict {
    /// Allowed by rule N.
    Allow(u32),
    /// Denied by rule N.
    Deny(u32),
    /// Nothing matched: the implicit `*` deny.
    DefaultDeny,
}

impl AclVerdict {
    pub fn allowed(&self) -> bool {
        matches!(self, AclVerdict::Allow(_))
    }

    pub fn describe(&self) -> String {
        match self {
            AclVerdict::Allow(n) => format!("allowed by rule {n}"),
            AclVerdict::Deny(n) => format!("denied by rule {n}"),
            AclVerdict::DefaultDeny => "denied by the default `*` rule (no rule matched)".into(),
        }
    }
}

/// Evaluate a network ACL: rules in number order, the first match decides (NACL-02). `egress` is the direction
/// as seen from the subnet; the peer is the destination when leaving, the source when entering.
pub fn eval_nacl(acl: &NetworkAcl, egress: bool, pkt: &Packet) -> AclVerdict {
    let peer = if egress { pkt.dst } else { pkt.src };
    let mut entries: Vec<&NaclEntry> = acl.entries.iter().filter(|e| e.egress == egress).collect();
    entries.sort_by_key(|e| e.rule_number);
    for e in entries {
        if e.rule_number >= 32767 || !same_family(&e.cidr, &peer) || !e.cidr.contains(&peer) {
            continue;
        }
        let (from, to) = match e.port_range {
            Some((a, b)) => (Some(a as i32), Some(b as i32)),
            None => (None, None),
        };
        let matched = match rule_protocol(&e.protocol) {
            Ok(Some(p)) if p == ICMP || p == ICMPV6 => {
                p == pkt.protocol
                    && proto_port_match(&e.protocol, e.icmp_type, e.icmp_code, pkt.protocol, None)
            }
            _ => proto_port_match(&e.protocol, from, to, pkt.protocol, pkt.dst_port),
        };
        if matched {
            return match e.action {
                RuleAction::Allow => AclVerdict::Allow(e.rule_number),
                RuleAction::Deny => AclVerdict::Deny(e.rule_number),
            };
        }
    }
    AclVerdict::DefaultDeny
}

fn same_family(net: &IpNet, ip: &IpAddr) -> bool {
    matches!(
        (net, ip),
        (IpNet::V4(_), IpAddr::V4(_)) | (IpNet::V6(_), IpAddr::V6(_))
    )
}

/// RFC 1918 and other addresses the internet does not route (IGW-03).
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => a.is_private() || a.is_loopback() || a.is_link_local() || is_shared_v4(a),
        IpAddr::V6(a) => (a.segments()[0] & 0xfe00) == 0xfc00 || a.is_loopback(),
    }
}

/// 100.64.0.0/10 (RFC 6598 shared address space).
fn is_shared_v4(a: std::net::Ipv4Addr) -> bool {
    let o = a.octets();
    o[0] == 100 && (o[1] & 0xc0) == 64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkt(proto: u8, port: Option<u16>) -> Packet {
        Packet {
            src: "10.0.0.5".parse().unwrap(),
            dst: "10.0.1.5".parse().unwrap(),
            protocol: proto,
            src_port: Some(EPHEMERAL_PORT),
            dst_port: port,
        }
    }

    #[test]
    fn protocol_zero_matches_only_all_traffic_rules() {
        assert!(proto_port_match("-1", None, None, 0, None));
        assert!(!proto_port_match("tcp", Some(0), Some(65535), 0, None));
        assert!(!proto_port_match("6", None, None, 0, None));
    }

    #[test]
    fn port_ranges_are_inclusive() {
        assert!(proto_port_match(
            "tcp",
            Some(443),
            Some(443),
            TCP,
            Some(443)
        ));
        assert!(!proto_port_match(
            "tcp",
            Some(443),
            Some(443),
            TCP,
            Some(444)
        ));
        assert!(proto_port_match(
            "6",
            Some(1024),
            Some(65535),
            TCP,
            Some(49152)
        ));
        assert!(!proto_port_match("udp", Some(53), Some(53), TCP, Some(53)));
        // A flow without a port needs a rule for every port.
        assert!(!proto_port_match("tcp", Some(22), Some(22), TCP, None));
        assert!(proto_port_match("tcp", Some(0), Some(65535), TCP, None));
    }

    #[test]
    fn nacl_first_match_wins_and_default_denies() {
        // NACL-02: rule 100 allows everything, rule 110 denies 1.2.3.4 → allowed.
        let acl: NetworkAcl = serde_json::from_value(serde_json::json!({
            "id": "acl-1", "vpc_id": "vpc-1",
            "entries": [
                {"rule_number": 110, "protocol": "-1", "action": "deny", "cidr": "1.2.3.4/32"},
                {"rule_number": 100, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"}
            ]
        }))
        .unwrap();
        let mut p = pkt(TCP, Some(80));
        p.src = "1.2.3.4".parse().unwrap();
        assert_eq!(eval_nacl(&acl, false, &p), AclVerdict::Allow(100));
        assert_eq!(eval_nacl(&acl, true, &p), AclVerdict::DefaultDeny);
    }
}
