//! Security groups (and the groups of interfaces and instances) and network ACLs.

use super::ctx::{Ctx, Kind, Ref};
use crate::model::*;
use crate::Severity;
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

pub(super) fn check(cx: &mut Ctx<'_>) {
    security_groups(cx);
    group_memberships(cx);
    network_acls(cx);
}

/// The IP protocol number of a rule's protocol (`None` for `-1`, all protocols); `Err` when it is not valid.
pub(super) fn protocol_number(protocol: &str) -> Result<Option<u8>, ()> {
    match protocol.trim().to_ascii_lowercase().as_str() {
        "-1" | "all" => Ok(None),
        "tcp" => Ok(Some(6)),
        "udp" => Ok(Some(17)),
        "icmp" => Ok(Some(1)),
        "icmpv6" => Ok(Some(58)),
        n => n.parse::<u8>().map(Some).map_err(|_| ()),
    }
}

fn security_groups(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for sg in &t.security_groups {
        cx.must_ref(&sg.id, "vpc_id", &sg.vpc_id, Kind::Vpc);
        for (dir, rules) in [("ingress", &sg.ingress), ("egress", &sg.egress)] {
            for (i, rule) in rules.iter().enumerate() {
                sg_rule(cx, sg, &format!("{dir}[{i}]"), rule);
            }
        }
    }
}

fn sg_rule(cx: &mut Ctx<'_>, sg: &SecurityGroup, at: &str, rule: &SgRule) {
    let proto = match protocol_number(&rule.protocol) {
        Ok(p) => p,
        Err(()) => {
            let msg = format!("`{}` is not a protocol: use `-1`, `tcp`, `udp`, `icmp`, `icmpv6` or a number 0..255", rule.protocol);
            cx.error(
                "RULE_PROTOCOL_INVALID",
                &sg.id,
                format!("{at}.protocol"),
                msg,
            );
            None
        }
    };
    match proto {
        Some(6 | 17) => {
            for (name, port) in [("from_port", rule.from_port), ("to_port", rule.to_port)] {
                if let Some(p) = port.filter(|p| !(-1..=65535).contains(p)) {
                    let msg = format!("port `{p}` is outside 0..65535");
                    cx.error("SG_PORT_RANGE_INVALID", &sg.id, format!("{at}.{name}"), msg);
                }
            }
            if let (Some(from), Some(to)) = (rule.from_port, rule.to_port) {
                if from > to && to != -1 {
                    let msg = format!("the port range starts at `{from}` after it ends at `{to}`");
                    cx.error(
                        "SG_PORT_RANGE_INVALID",
                        &sg.id,
                        format!("{at}.from_port"),
                        msg,
                    );
                }
            }
        }
        Some(1 | 58) => {
            for (name, v) in [("from_port", rule.from_port), ("to_port", rule.to_port)] {
                if let Some(v) = v.filter(|v| !(-1..=255).contains(v)) {
                    let msg = format!("icmp type or code `{v}` is outside -1..255");
                    cx.error("SG_PORT_RANGE_INVALID", &sg.id, format!("{at}.{name}"), msg);
                }
            }
        }
        _ => {}
    }
    if rule.cidrs.is_empty()
        && rule.prefix_list_ids.is_empty()
        && rule.security_group_ids.is_empty()
    {
        cx.warning(
            "SG_RULE_NO_PEER",
            &sg.id,
            at,
            "the rule has no cidr, prefix list or security group, so it matches nothing",
        );
    }
    for (j, pl) in rule.prefix_list_ids.iter().enumerate() {
        let rf = Ref {
            severity: Severity::Warning,
            missing_code: "PREFIX_LIST_NOT_FOUND",
        };
        cx.reference(
            &sg.id,
            &format!("{at}.prefix_list_ids[{j}]"),
            pl,
            Kind::PrefixList,
            rf,
        );
    }
    for (j, g) in rule.security_group_ids.iter().enumerate() {
        let field = format!("{at}.security_group_ids[{j}]");
        // A referenced group may live in a peered VPC of another account, outside the snapshot: a warning.
        cx.reference(&sg.id, &field, g, Kind::SecurityGroup, Ref::WARNING);
        // A group of a VPC in another Region cannot be referenced, even over an inter-Region peering (SG-06).
        let t = cx.t;
        let region_of = |group: &str| {
            let vpc = cx.security_group(group).and_then(|x| cx.vpc(&x.vpc_id))?;
            Some((vpc.id.clone(), t.vpc_region(vpc)?))
        };
        if let (Some((own_vpc, own)), Some((peer_vpc, peer))) = (region_of(&sg.id), region_of(g)) {
            if own != peer {
                let msg = format!(
                    "`{g}` belongs to `{peer_vpc}` in {peer}, but this group's VPC `{own_vpc}` is in {own}: a rule \
                     cannot reference a security group in another Region, even over an inter-Region peering; use \
                     the peer VPC's CIDR instead (SG-06)"
                );
                cx.error("SG_REFERENCE_OTHER_REGION", &sg.id, field, msg);
            }
        }
    }
}

/// The groups of interfaces, instances (inline primary interface) must exist and be in the same VPC.
fn group_memberships(cx: &mut Ctx<'_>) {
    let t = cx.t;
    for e in &t.network_interfaces {
        let vpc = cx.vpc_of_subnet(&e.subnet_id);
        groups(cx, &e.id, vpc, &e.security_group_ids);
    }
    for i in &t.instances {
        let vpc = cx.vpc_of_instance(&i.id);
        groups(cx, &i.id, vpc, &i.security_group_ids);
    }
}

pub(super) fn groups(cx: &mut Ctx<'_>, subject: &str, vpc: Option<&str>, ids: &[String]) {
    for (i, g) in ids.iter().enumerate() {
        let field = format!("security_group_ids[{i}]");
        if cx.must_ref(subject, &field, g, Kind::SecurityGroup) {
            let sg_vpc = cx.vpc_of_sg(g);
            cx.same_vpc(
                subject,
                &field,
                vpc,
                sg_vpc,
                &format!("security group `{g}`"),
            );
        }
    }
}

/// AWS's catch-all `*` rules as `describe-network-acls` reports them: deny all, number 32767 for IPv4
/// (`0.0.0.0/0`) and 32768 for IPv6 (`::/0`) (NACL-08).
fn is_catch_all(e: &NaclEntry) -> bool {
    crate::model::NaclEntry::is_default_deny(e)
}

fn network_acls(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let mut default_by_vpc: HashMap<&str, &str> = HashMap::new();
    let mut subnet_acl: HashMap<&str, &str> = HashMap::new();
    for acl in &t.network_acls {
        cx.must_ref(&acl.id, "vpc_id", &acl.vpc_id, Kind::Vpc);
        if acl.default {
            if let Some(first) = default_by_vpc.get(acl.vpc_id.as_str()) {
                let msg = format!(
                    "vpc `{}` already has the default network acl `{first}`",
                    acl.vpc_id
                );
                cx.error("MULTIPLE_DEFAULT_NACLS", &acl.id, "default", msg);
            } else {
                default_by_vpc.insert(&acl.vpc_id, &acl.id);
            }
        }
        for (i, sid) in acl.subnet_ids.iter().enumerate() {
            let field = format!("subnet_ids[{i}]");
            if !cx.must_ref(&acl.id, &field, sid, Kind::Subnet) {
                continue;
            }
            let subnet_vpc = cx.vpc_of_subnet(sid);
            cx.same_vpc(
                &acl.id,
                &field,
                Some(&acl.vpc_id),
                subnet_vpc,
                &format!("subnet `{sid}`"),
            );
            match subnet_acl.get(sid.as_str()) {
                Some(first) if *first != acl.id => {
                    let msg = format!("subnet `{sid}` is already associated with network acl `{first}`; a subnet has one (NACL-03)");
                    cx.error("SUBNET_MULTIPLE_NACLS", &acl.id, &field, msg);
                }
                Some(_) => {}
                None => {
                    subnet_acl.insert(sid, &acl.id);
                }
            }
        }
        let mut numbers: HashMap<(bool, u32), usize> = HashMap::new();
        for (i, e) in acl.entries.iter().enumerate() {
            let at = format!("entries[{i}]");
            if is_catch_all(e) {
                continue;
            }
            if !(1..=32766).contains(&e.rule_number) {
                let msg = format!(
                    "rule number `{}` is outside 1..32766 (NACL-02)",
                    e.rule_number
                );
                cx.error(
                    "NACL_RULE_NUMBER_INVALID",
                    &acl.id,
                    format!("{at}.rule_number"),
                    msg,
                );
            }
            if let Some(first) = numbers.get(&(e.egress, e.rule_number)) {
                let dir = if e.egress { "outbound" } else { "inbound" };
                let msg = format!(
                    "entries[{first}] already has {dir} rule number `{}`",
                    e.rule_number
                );
                cx.error(
                    "NACL_DUPLICATE_RULE_NUMBER",
                    &acl.id,
                    format!("{at}.rule_number"),
                    msg,
                );
            } else {
                numbers.insert((e.egress, e.rule_number), i);
            }
            if protocol_number(&e.protocol).is_err() {
                let msg = format!(
                    "`{}` is not a protocol: use `-1`, `tcp`, `udp`, `icmp` or a number 0..255",
                    e.protocol
                );
                cx.error(
                    "RULE_PROTOCOL_INVALID",
                    &acl.id,
                    format!("{at}.protocol"),
                    msg,
                );
            }
            if let Some((from, to)) = e.port_range.filter(|(from, to)| from > to) {
                let msg = format!("the port range starts at `{from}` after it ends at `{to}`");
                cx.error(
                    "NACL_PORT_RANGE_INVALID",
                    &acl.id,
                    format!("{at}.port_range"),
                    msg,
                );
            }
            if e.action == RuleAction::Deny {
                if let Some(what) = unfiltered_service(t, &acl.vpc_id, e.cidr) {
                    let msg = format!(
                        "this deny rule aims at {what} ({}), which network ACLs do not filter: it has no effect \
                         (NACL-05). To control DNS use Route 53 Resolver DNS Firewall",
                        e.cidr
                    );
                    cx.warning("NACL_RULE_NO_EFFECT", &acl.id, at, msg);
                }
            }
        }
    }
}

/// The VPC's own services a network ACL (or a security group) cannot filter, when `cidr` names exactly one of
/// them: the Route 53 Resolver (the VPC's primary CIDR base + 2, 169.254.169.253, fd00:ec2::253) and the instance
/// metadata service (169.254.169.254, fd00:ec2::254). NACL-05, SG-05.
fn unfiltered_service(t: &Topology, vpc_id: &str, cidr: IpNet) -> Option<&'static str> {
    if cidr.prefix_len() != cidr.max_prefix_len() {
        return None;
    }
    let ip = cidr.addr();
    let resolver_base2 = t
        .vpcs
        .iter()
        .find(|v| v.id == vpc_id)
        .and_then(|v| v.cidr_blocks.iter().find(|c| c.addr().is_ipv4()))
        .and_then(|c| match c.network() {
            IpAddr::V4(n) => Some(IpAddr::V4(std::net::Ipv4Addr::from(u32::from(n) + 2))),
            IpAddr::V6(_) => None,
        });
    let s = ip.to_string();
    if Some(ip) == resolver_base2 || s == "169.254.169.253" || s == "fd00:ec2::253" {
        Some("the Route 53 Resolver")
    } else if s == "169.254.169.254" || s == "fd00:ec2::254" {
        Some("the instance metadata service")
    } else {
        None
    }
}
