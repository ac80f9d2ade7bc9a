//! The filters: security groups (stateful, SG-01..SG-07) and network ACLs (stateless: the reply is checked
//! too, NACL-01).

use super::*;

impl<'a, 't> Walker<'a, 't> {
    // ---------------------------------------------------------------- filters

    /// Security groups of an interface, for a packet leaving it (`egress`) or arriving at it.
    pub(super) fn sg_check(&mut self, h: usize, egress: bool) -> Step {
        let ix = self.ix;
        let host = self.host(h);
        if matches!(host.owner, HostOwner::NatGateway(_)) {
            return Ok(()); // NAT-03: no security groups on a NAT gateway.
        }
        let t = ix.topo;
        let mut groups: Vec<usize> = host
            .security_groups
            .iter()
            .filter_map(|g| ix.sg.get(g.as_str()).copied())
            .collect();
        if host.security_groups.is_empty() {
            let vpc_id = &t.vpcs[host.vpc].id;
            if let Some(d) = t
                .security_groups
                .iter()
                .position(|g| &g.vpc_id == vpc_id && g.name.as_deref() == Some("default"))
            {
                groups.push(d);
            } else {
                return Ok(()); // A hand-drawn interface without security groups filters nothing.
            }
        }
        let pkt = self.pkt;
        let (peer_ip, peer_host) = if egress {
            (
                pkt.dst,
                ix.host_by_ip
                    .get(&(host.vpc, pkt.dst))
                    .or_else(|| ix.host_by_any_ip.get(&pkt.dst))
                    .copied(),
            )
        } else {
            (pkt.src, self.src_host)
        };
        let empty: Vec<String> = Vec::new();
        let peer_groups = peer_host
            .map(|p| &self.host(p).security_groups)
            .unwrap_or(&empty);
        let in_pl = |pl: &str, ip: IpAddr| ix.pl_contains(pl, ip);
        let peer = Peer {
            ip: peer_ip,
            groups: peer_groups,
            in_prefix_list: &in_pl,
        };
        let mut any_rule = false;
        let mut allowed_by: Option<(String, usize)> = None;
        for &g in &groups {
            let sg = &t.security_groups[g];
            let rules = if egress { &sg.egress } else { &sg.ingress };
            any_rule |= !rules.is_empty();
            if let Some(i) = rules
                .iter()
                .position(|r| rules::sg_rule_matches(r, &peer, pkt.protocol, pkt.dst_port))
            {
                allowed_by = Some((sg.id.clone(), i));
                break;
            }
        }
        let dir = if egress { "outbound" } else { "inbound" };
        let names: Vec<&str> = groups
            .iter()
            .map(|&g| t.security_groups[g].id.as_str())
            .collect();
        let first = names.first().copied().unwrap_or("").to_string();
        match allowed_by {
            Some((sg, i)) => {
                self.hop(
                    &sg,
                    HopKind::SECURITY_GROUP,
                    format!(
                        "{dir} rule {} allows {} {} {peer_ip}",
                        i + 1,
                        pkt.describe(),
                        if egress { "to" } else { "from" }
                    ),
                );
                Ok(())
            }
            None => {
                let list = names.join(", ");
                self.hop(
                    &first,
                    HopKind::SECURITY_GROUP,
                    format!("no {dir} rule of {list} allows {}", pkt.describe()),
                );
                let via_appliance = match (&self.forwarded_by, egress) {
                    (Some(a), false) => format!(
                        " (appliance {a} forwarded it: a rule that references the source's security group does not match forwarded traffic; only CIDR rules do, SG-08)"
                    ),
                    _ => String::new(),
                };
                let (code, what) = if any_rule {
                    (
                        codes::ENI_SG_RULES_MISMATCH,
                        format!(
                            "no {dir} rule of {list} on {} allows {} {} {peer_ip}{via_appliance}",
                            host.id,
                            pkt.describe(),
                            if egress { "to" } else { "from" }
                        ),
                    )
                } else {
                    (
                        codes::SG_HAS_NO_RULES,
                        format!("{list} on {} has no {dir} rules", host.id),
                    )
                };
                self.block(code, &first, what)
            }
        }
    }

    /// The network ACL of a subnet for the packet leaving (`egress`) or entering it. Recorded for the reply.
    pub(super) fn nacl_check(&mut self, subnet: usize, egress: bool) -> Step {
        let ix = self.ix;
        let Some(a) = ix.subnet_acl[subnet] else {
            return Ok(());
        };
        let acl = &ix.topo.network_acls[a];
        let verdict = eval_nacl(acl, egress, &self.pkt);
        let dir = if egress { "outbound" } else { "inbound" };
        self.hop(
            &acl.id,
            HopKind::NETWORK_ACL,
            format!("{dir}: {} {}", self.pkt.describe(), verdict.describe()),
        );
        if !verdict.allowed() {
            return self.block(
                codes::SUBNET_ACL_RESTRICTION,
                &acl.id,
                format!(
                    "network ACL {} {} {dir} {}",
                    acl.id,
                    verdict.describe(),
                    self.pkt.describe()
                ),
            );
        }
        self.crossings.push((a, egress, self.pkt));
        Ok(())
    }

    /// NACLs are stateless: the reply must pass each one the request crossed, in the other direction (NACL-01).
    pub(super) fn check_replies(&mut self) {
        let ix = self.ix;
        for (a, egress, pkt) in std::mem::take(&mut self.crossings) {
            let acl = &ix.topo.network_acls[a];
            let reply = pkt.reply();
            let verdict = eval_nacl(acl, !egress, &reply);
            if !verdict.allowed() {
                let dir = if egress { "inbound" } else { "outbound" };
                let port = reply
                    .dst_port
                    .map(|p| format!(" to port {p}"))
                    .unwrap_or_default();
                self.reachable = false;
                self.hop(
                    &acl.id,
                    HopKind::NETWORK_ACL,
                    format!("reply {dir}: {} {}", reply.describe(), verdict.describe()),
                );
                let _ = self.block(
                    codes::SUBNET_ACL_RESTRICTION,
                    &acl.id,
                    format!(
                        "network ACL {} {} the {dir} reply from {}{port}: ACLs are stateless, so return traffic on ephemeral ports must be allowed (NACL-01)",
                        acl.id,
                        verdict.describe(),
                        reply.src
                    ),
                );
                return;
            }
        }
    }
}
