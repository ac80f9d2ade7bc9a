//! Security groups (one rule resource per rule and peer) and network ACLs.

use super::*;

impl Writer<'_> {
    pub(super) fn security_groups(&mut self) {
        let t = self.t;
        for sg in &t.security_groups {
            let name = self.named(&sg.id);
            let body = vec![
                Item::Attr("name".into(), q(sg.name.as_deref().unwrap_or(&sg.id))),
                Item::Attr("description".into(), q("exported by VPC Lab")),
                Item::Attr("vpc_id".into(), self.id_of(&sg.vpc_id)),
                Self::tags(&sg.name, &sg.id),
            ];
            self.resource("aws_security_group", &name, body);
            let group = self.id_of(&sg.id);
            for (direction, rules) in [("ingress", &sg.ingress), ("egress", &sg.egress)] {
                let mut n = 0;
                for rule in rules {
                    let mut peers: Vec<(&str, String)> = Vec::new();
                    for c in &rule.cidrs {
                        let key = if matches!(c, IpNet::V4(_)) {
                            "cidr_ipv4"
                        } else {
                            "cidr_ipv6"
                        };
                        peers.push((key, q(&c.to_string())));
                    }
                    for p in &rule.prefix_list_ids {
                        peers.push(("prefix_list_id", self.id_of(p)));
                    }
                    for g in &rule.security_group_ids {
                        peers.push(("referenced_security_group_id", self.id_of(g)));
                    }
                    for (key, peer) in peers {
                        n += 1;
                        let mut body = vec![
                            Item::Attr("security_group_id".into(), group.clone()),
                            Item::Attr(key.into(), peer),
                            Item::Attr("ip_protocol".into(), q(&rule.protocol)),
                        ];
                        if rule.protocol != "-1" {
                            // Absent ports: every port (tcp/udp), every type and code (icmp).
                            let tcp_udp = matches!(
                                rule.protocol.to_ascii_lowercase().as_str(),
                                "tcp" | "udp" | "6" | "17"
                            );
                            let (all_from, all_to) = if tcp_udp { (0, 65535) } else { (-1, -1) };
                            let from = rule.from_port.unwrap_or(all_from);
                            let to =
                                rule.to_port
                                    .unwrap_or(if tcp_udp && rule.from_port.is_some() {
                                        from
                                    } else {
                                        all_to
                                    });
                            body.push(Item::Attr("from_port".into(), from.to_string()));
                            body.push(Item::Attr("to_port".into(), to.to_string()));
                        }
                        if let Some(d) = &rule.description {
                            body.push(Item::Attr("description".into(), q(d)));
                        }
                        self.extra(
                            &format!("aws_vpc_security_group_{direction}_rule"),
                            &format!("{name}_{direction}_{n}"),
                            body,
                        );
                    }
                }
            }
        }
    }

    pub(super) fn nacl_rule(e: &NaclEntry) -> Vec<Item> {
        let mut body = vec![
            Item::Attr("protocol".into(), q(&e.protocol)),
            Item::Attr(
                "action".into(),
                q(match e.action {
                    RuleAction::Allow => "allow",
                    RuleAction::Deny => "deny",
                }),
            ),
        ];
        let key = if matches!(e.cidr, IpNet::V4(_)) {
            "cidr_block"
        } else {
            "ipv6_cidr_block"
        };
        body.push(Item::Attr(key.into(), q(&e.cidr.to_string())));
        let (from, to) = e.port_range.map_or((0, 0), |(a, b)| (a, b));
        body.push(Item::Attr("from_port".into(), from.to_string()));
        body.push(Item::Attr("to_port".into(), to.to_string()));
        if let Some(x) = e.icmp_type {
            body.push(Item::Attr("icmp_type".into(), x.to_string()));
        }
        if let Some(x) = e.icmp_code {
            body.push(Item::Attr("icmp_code".into(), x.to_string()));
        }
        body
    }

    pub(super) fn network_acls(&mut self) {
        let t = self.t;
        for acl in &t.network_acls {
            // Rules 32767 and 32768 (`*`, IPv4 and IPv6) are the implicit denies every NACL has; they cannot be
            // declared (Terraform's rule_no, like AWS's, stops at 32766) (NACL-08).
            let entries: Vec<&NaclEntry> = acl
                .entries
                .iter()
                .filter(|e| e.rule_number < 32767)
                .collect();
            let name = self.named(&acl.id);
            let subnets = (!acl.subnet_ids.is_empty()).then(|| self.ids(&acl.subnet_ids));
            if acl.default {
                let mut body = vec![Item::Attr(
                    "default_network_acl_id".into(),
                    self.attr(&acl.vpc_id, "default_network_acl_id"),
                )];
                if let Some(s) = subnets {
                    body.push(Item::Attr("subnet_ids".into(), s));
                }
                for e in entries {
                    let mut rule = vec![Item::Attr("rule_no".into(), e.rule_number.to_string())];
                    rule.extend(Self::nacl_rule(e));
                    body.push(Item::Block(
                        if e.egress { "egress" } else { "ingress" }.into(),
                        rule,
                    ));
                }
                self.resource("aws_default_network_acl", &name, body);
                continue;
            }
            let mut body = vec![Item::Attr("vpc_id".into(), self.id_of(&acl.vpc_id))];
            if let Some(s) = subnets {
                body.push(Item::Attr("subnet_ids".into(), s));
            }
            body.push(Self::tags(&None, &acl.id));
            self.resource("aws_network_acl", &name, body);
            for e in entries {
                let mut rule = vec![
                    Item::Attr(
                        "network_acl_id".into(),
                        format!("aws_network_acl.{name}.id"),
                    ),
                    Item::Attr("rule_number".into(), e.rule_number.to_string()),
                    Item::Attr("egress".into(), e.egress.to_string()),
                ];
                for item in Self::nacl_rule(e) {
                    rule.push(match item {
                        Item::Attr(k, v) if k == "action" => Item::Attr("rule_action".into(), v),
                        other => other,
                    });
                }
                let n = format!(
                    "{name}_{}_{}",
                    if e.egress { "out" } else { "in" },
                    e.rule_number
                );
                self.extra("aws_network_acl_rule", &n, rule);
            }
        }
    }
}
