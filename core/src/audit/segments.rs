//! Whether any connection opens between two VPCs joined by peering, a transit gateway or a shared on-premises
//! network (see [`super`]). Bounded: at most [`HOSTS`] sources × [`HOSTS`] targets × [`PORTS`] ports are tried
//! per ordered pair, in index order, so the answer is deterministic.

use super::{host_ref, hosts_by_vpc, through, AuditOptions, Segment, Witness};
use crate::model::TgwAttachmentKind;
use crate::path::rules::parse_protocol;
use crate::path::FlowSpec;
use crate::session::Session;
use std::collections::{BTreeMap, BTreeSet};

/// Hosts tried on each side of a pair.
pub const HOSTS: usize = 3;
/// Ports tried per target host.
pub const PORTS: usize = 4;

/// The ordered pairs of VPCs (indices) that something joins, with what joins them.
pub fn joins(session: &Session<'_>) -> BTreeMap<(usize, usize), BTreeSet<String>> {
    let ix = session.index();
    let t = session.topology();
    let mut out: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
    let mut join = |a: usize, b: usize, via: &str| {
        if a != b {
            out.entry((a, b)).or_default().insert(via.to_string());
            out.entry((b, a)).or_default().insert(via.to_string());
        }
    };
    let vpc = |id: &str| ix.vpc.get(id).copied();
    for p in &t.peering_connections {
        if let (Some(a), Some(b)) = (vpc(&p.requester_vpc_id), vpc(&p.accepter_vpc_id)) {
            join(a, b, &p.id);
        }
    }
    // Transit gateway: every VPC attached to the same one.
    let mut by_tgw: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for a in &t.transit_gateway_attachments {
        if a.kind == TgwAttachmentKind::Vpc {
            if let Some(v) = vpc(&a.resource_id) {
                by_tgw
                    .entry(a.transit_gateway_id.as_str())
                    .or_default()
                    .push(v);
            }
        }
    }
    // A shared on-premises network: VPCs whose VGWs reach the same customer gateway or DX gateway.
    let vgw_vpc = |vgw: &str| {
        ix.vgw
            .get(vgw)
            .and_then(|&g| t.vpn_gateways[g].vpc_id.as_deref())
            .and_then(vpc)
    };
    let mut by_onprem: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for c in &t.vpn_connections {
        if let (Some(cgw), Some(v)) = (
            c.customer_gateway_id.as_deref(),
            c.vpn_gateway_id.as_deref().and_then(vgw_vpc),
        ) {
            by_onprem.entry(cgw).or_default().push(v);
        }
    }
    for d in &t.direct_connect_gateways {
        let list = by_onprem.entry(d.id.as_str()).or_default();
        list.extend(d.vpn_gateway_ids.iter().filter_map(|g| vgw_vpc(g)));
    }
    for (via, vpcs) in by_tgw.iter().chain(by_onprem.iter()) {
        for &a in vpcs {
            for &b in vpcs {
                join(a, b, via);
            }
        }
    }
    out
}

/// The segments and the number of traces.
pub fn audit(session: &Session<'_>, opts: &AuditOptions) -> (Vec<Segment>, usize) {
    let ix = session.index();
    let t = session.topology();
    let hosts = hosts_by_vpc(ix);
    let mut out = Vec::new();
    let mut traces = 0;
    for ((a, b), via) in joins(session) {
        let mut found: Option<(Witness, Vec<String>, Option<crate::path::Network>)> = None;
        'search: for &src in hosts[a].iter().take(HOSTS) {
            for &dst in hosts[b].iter().take(HOSTS) {
                for (proto, port) in candidate_ports(session, dst) {
                    let spec = FlowSpec {
                        from: host_ref(ix, src),
                        to: host_ref(ix, dst),
                        protocol: Some(proto.clone()),
                        port,
                        region: opts.region.clone(),
                        ..FlowSpec::default()
                    };
                    let Ok(tr) = session.trace(&spec) else {
                        continue;
                    };
                    traces += 1;
                    if tr.reachable {
                        let w = Witness {
                            from: spec.from,
                            to: spec.to,
                            port,
                            protocol: proto,
                        };
                        found = Some((w, through(&tr), tr.network));
                        break 'search;
                    }
                }
            }
        }
        let (reachable, through, witness, network) = match found {
            Some((w, th, n)) => (true, th, Some(w), n),
            None => (false, via.into_iter().collect(), None, None),
        };
        out.push(Segment {
            from_vpc: t.vpcs[a].id.clone(),
            to_vpc: t.vpcs[b].id.clone(),
            reachable,
            through,
            witness,
            network,
        });
    }
    (out, traces)
}

/// What the target's security groups admit, one port per rule (the rule's first), at most [`PORTS`].
fn candidate_ports(session: &Session<'_>, dst: usize) -> Vec<(String, Option<u16>)> {
    let ix = session.index();
    let t = session.topology();
    let mut out: Vec<(String, Option<u16>)> = Vec::new();
    for g in ix.hosts[dst]
        .security_groups
        .iter()
        .filter_map(|g| ix.sg.get(g.as_str()))
    {
        for r in &t.security_groups[*g].ingress {
            let p = r.protocol.trim();
            let c = if p == "-1" || p.eq_ignore_ascii_case("all") {
                ("tcp".to_string(), Some(443))
            } else {
                match parse_protocol(p) {
                    Some(6) | Some(17) => {
                        let port = r.from_port.filter(|&x| x >= 0).unwrap_or(443) as u16;
                        (
                            if parse_protocol(p) == Some(6) {
                                "tcp"
                            } else {
                                "udp"
                            }
                            .to_string(),
                            Some(port),
                        )
                    }
                    Some(1) => ("icmp".to_string(), None),
                    _ => continue,
                }
            };
            if !out.contains(&c) {
                out.push(c);
            }
            if out.len() >= PORTS {
                return out;
            }
        }
    }
    if out.is_empty() {
        out.push(("tcp".into(), Some(443)));
    }
    out
}
