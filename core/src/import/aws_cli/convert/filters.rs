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

impl Cx<'_> {
    /// describe-security-group-rules: one rule per item, keyed by its group. Rules of a group the snapshot
    /// describes are merged into its `IpPermissions` (a rule already there is not added twice: the two outputs
    /// list the same rules); a group known only from its rules is kept when something in the snapshot that uses
    /// it (an ENI, an instance, an endpoint) tells its VPC.
    pub(super) fn security_group_rules(
        &mut self,
        t: &mut Topology,
        rules: Vec<Item<dto::SecurityGroupRule>>,
    ) {
        let rules = self.dedup(rules, "SecurityGroupRules", "SecurityGroupRuleId", |r| {
            r.security_group_rule_id.as_deref()
        });
        type Rules = Vec<(String, Item<dto::SecurityGroupRule>)>;
        let mut groups: Vec<(String, Rules)> = Vec::new();
        for (rule_id, item) in rules {
            let Some(group) = non_empty(&item.v.group_id).map(str::to_string) else {
                self.missing(&rule_id, "GroupId", item.doc);
                continue;
            };
            match groups.iter_mut().find(|(g, _)| *g == group) {
                Some((_, list)) => list.push((rule_id, item)),
                None => groups.push((group, vec![(rule_id, item)])),
            }
        }
        for (group, items) in groups {
            let pos = match t.security_groups.iter().position(|g| g.id == group) {
                Some(p) => p,
                None => {
                    let doc = items.first().map(|(_, i)| i.doc).unwrap_or(0);
                    let label = self.label(doc).to_string();
                    let Some(vpc_id) = vpc_of_group(t, &group) else {
                        self.warn(
                            codes::DANGLING,
                            &group,
                            "GroupId",
                            format!("the rules of `{group}` in `{label}` belong to a group the snapshot does not describe, and nothing in it uses the group, so its VPC is unknown (add the describe-security-groups output); ignored"),
                        );
                        continue;
                    };
                    self.info(
                        codes::DANGLING,
                        &group,
                        "VpcId",
                        format!("`{group}` is known only from its rules in `{label}`; its VPC `{vpc_id}` is taken from what uses it"),
                    );
                    t.security_groups.push(SecurityGroup {
                        id: group.clone(),
                        vpc_id,
                        ..SecurityGroup::default()
                    });
                    t.security_groups.len() - 1
                }
            };
            for (rule_id, item) in items {
                let r = item.v;
                let Some(egress) = r.is_egress else {
                    let label = self.label(item.doc).to_string();
                    self.warn(
                        codes::BAD_VALUE,
                        &rule_id,
                        "IsEgress",
                        format!(
                            "rule `{rule_id}` of `{group}` in `{label}` has no `IsEgress`; skipped"
                        ),
                    );
                    continue;
                };
                let range = |v4: Option<String>, v6: Option<String>| dto::IpRange {
                    cidr_ip: v4,
                    cidr_ipv6: v6,
                    description: r.description.clone(),
                };
                let perm = dto::IpPermission {
                    ip_protocol: r.ip_protocol.clone(),
                    from_port: r.from_port,
                    to_port: r.to_port,
                    ip_ranges: r.cidr_ipv4.clone().map(|c| vec![range(Some(c), None)]),
                    ipv6_ranges: r.cidr_ipv6.clone().map(|c| vec![range(None, Some(c))]),
                    prefix_list_ids: r.prefix_list_id.clone().map(|p| {
                        vec![dto::PrefixListRef {
                            prefix_list_id: Some(p),
                            description: r.description.clone(),
                        }]
                    }),
                    user_id_group_pairs: r.referenced_group_info.clone().map(|g| {
                        vec![dto::UserIdGroupPair {
                            group_id: g.group_id,
                            description: r.description.clone(),
                        }]
                    }),
                };
                let field = format!("SecurityGroupRules({rule_id})");
                let Some(rule) = self.sg_rules(&group, &field, vec![perm], item.doc).pop() else {
                    continue;
                };
                if let Some(sg) = t.security_groups.get_mut(pos) {
                    let list = if egress {
                        &mut sg.egress
                    } else {
                        &mut sg.ingress
                    };
                    if !list.iter().any(|have| covers(have, &rule)) {
                        list.push(rule);
                    }
                }
            }
        }
    }
}

/// `have` allows everything `rule` does: same protocol and ports, and every peer of `rule` among its peers.
fn covers(have: &SgRule, rule: &SgRule) -> bool {
    have.protocol == rule.protocol
        && have.from_port == rule.from_port
        && have.to_port == rule.to_port
        && rule.cidrs.iter().all(|c| have.cidrs.contains(c))
        && rule
            .prefix_list_ids
            .iter()
            .all(|p| have.prefix_list_ids.contains(p))
        && rule
            .security_group_ids
            .iter()
            .all(|g| have.security_group_ids.contains(g))
}

/// The VPC of a security group the snapshot does not describe, from an ENI, instance or endpoint that uses it.
fn vpc_of_group(t: &Topology, group: &str) -> Option<String> {
    let vpc_of_subnet = |s: &str| {
        t.subnets
            .iter()
            .find(|x| x.id == s)
            .map(|x| x.vpc_id.clone())
    };
    t.network_interfaces
        .iter()
        .filter(|e| e.security_group_ids.iter().any(|g| g == group))
        .find_map(|e| vpc_of_subnet(&e.subnet_id))
        .or_else(|| {
            t.instances
                .iter()
                .filter(|i| i.security_group_ids.iter().any(|g| g == group))
                .find_map(|i| i.subnet_id.as_deref().and_then(vpc_of_subnet))
        })
        .or_else(|| {
            t.vpc_endpoints
                .iter()
                .find(|e| e.security_group_ids.iter().any(|g| g == group))
                .map(|e| e.vpc_id.clone())
        })
}
