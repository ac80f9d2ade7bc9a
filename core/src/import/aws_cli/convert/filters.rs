//! Security-group rules and network-ACL entries.

use super::*;

impl Cx<'_> {
    pub(super) fn sg_rules(
        &mut self,
        sg: &str,
        field: &str,
        perms: Vec<dto::IpPermission>,
        doc: usize,
    ) -> Vec<SgRule> {
        let mut rules = Vec::new();
        for (i, p) in perms.into_iter().enumerate() {
            let f = format!("{field}[{i}]");
            let Some(protocol) = non_empty(&p.ip_protocol).map(|s| s.to_ascii_lowercase()) else {
                let label = self.label(doc).to_string();
                self.warn(
                    codes::BAD_VALUE,
                    sg,
                    f.as_str(),
                    format!("`{f}` of `{sg}` in `{label}` has no `IpProtocol`; skipped"),
                );
                continue;
            };
            let all = protocol == "-1";
            let port = |p: Option<i64>| {
                if all {
                    None
                } else {
                    p.and_then(|v| i32::try_from(v).ok())
                }
            };
            let mut rule = SgRule {
                from_port: port(p.from_port),
                to_port: port(p.to_port),
                protocol,
                ..SgRule::default()
            };
            let mut description = None;
            for (j, r) in p.ip_ranges.iter().flatten().enumerate() {
                if let Some(n) = self.cidr(
                    r.cidr_ip.as_deref(),
                    sg,
                    &format!("{f}.IpRanges[{j}].CidrIp"),
                    doc,
                ) {
                    push_unique(&mut rule.cidrs, n);
                }
                description = description.or_else(|| non_empty(&r.description).map(str::to_string));
            }
            for (j, r) in p.ipv6_ranges.iter().flatten().enumerate() {
                if let Some(n) = self.cidr(
                    r.cidr_ipv6.as_deref(),
                    sg,
                    &format!("{f}.Ipv6Ranges[{j}].CidrIpv6"),
                    doc,
                ) {
                    push_unique(&mut rule.cidrs, n);
                }
                description = description.or_else(|| non_empty(&r.description).map(str::to_string));
            }
            for r in p.prefix_list_ids.iter().flatten() {
                if let Some(id) = non_empty(&r.prefix_list_id) {
                    push_unique(&mut rule.prefix_list_ids, id.to_string());
                }
                description = description.or_else(|| non_empty(&r.description).map(str::to_string));
            }
            for r in p.user_id_group_pairs.iter().flatten() {
                if let Some(id) = non_empty(&r.group_id) {
                    push_unique(&mut rule.security_group_ids, id.to_string());
                }
                description = description.or_else(|| non_empty(&r.description).map(str::to_string));
            }
            rule.description = description;
            rules.push(rule);
        }
        rules
    }

    pub(super) fn nacl_entry(
        &mut self,
        acl: &str,
        i: usize,
        e: dto::NetworkAclEntry,
        doc: usize,
    ) -> Option<NaclEntry> {
        let f = format!("Entries[{i}]");
        let label = self.label(doc).to_string();
        let Some(rule_number) = e.rule_number.and_then(|n| u32::try_from(n).ok()) else {
            self.warn(
                codes::BAD_VALUE,
                acl,
                format!("{f}.RuleNumber"),
                format!("`{f}` of `{acl}` in `{label}` has no valid `RuleNumber`; skipped"),
            );
            return None;
        };
        let Some(protocol) = non_empty(&e.protocol).map(|s| s.to_ascii_lowercase()) else {
            self.warn(
                codes::BAD_VALUE,
                acl,
                format!("{f}.Protocol"),
                format!("rule {rule_number} of `{acl}` in `{label}` has no `Protocol`; skipped"),
            );
            return None;
        };
        let action = match e.rule_action.as_deref().map(norm).as_deref() {
            Some("allow") => RuleAction::Allow,
            Some("deny") => RuleAction::Deny,
            _ => {
                self.warn(
                    codes::BAD_VALUE,
                    acl,
                    format!("{f}.RuleAction"),
                    format!("rule {rule_number} of `{acl}` in `{label}` has no `RuleAction` `allow` or `deny`; skipped"),
                );
                return None;
            }
        };
        let cidr = match non_empty(&e.cidr_block).or(non_empty(&e.ipv6_cidr_block)) {
            Some(c) => self.cidr(Some(c), acl, &format!("{f}.CidrBlock"), doc)?,
            None => {
                self.warn(
                    codes::BAD_VALUE,
                    acl,
                    format!("{f}.CidrBlock"),
                    format!(
                        "rule {rule_number} of `{acl}` in `{label}` has no CIDR block; skipped"
                    ),
                );
                return None;
            }
        };
        let port_range = match (&e.port_range, protocol.as_str()) {
            (_, "-1") | (None, _) => None,
            (Some(p), _) => match (
                p.from.and_then(|v| u16::try_from(v).ok()),
                p.to.and_then(|v| u16::try_from(v).ok()),
            ) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
        };
        let icmp = |v: Option<i64>| v.and_then(|v| i32::try_from(v).ok());
        Some(NaclEntry {
            rule_number,
            egress: e.egress.unwrap_or(false),
            protocol,
            action,
            cidr,
            port_range,
            icmp_type: icmp(e.icmp_type_code.as_ref().and_then(|c| c.r#type)),
            icmp_code: icmp(e.icmp_type_code.as_ref().and_then(|c| c.code)),
        })
    }

    // ------------------------------------------------------------------------------------------------------------
    // Prefix lists
}
