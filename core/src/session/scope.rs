//! Which VPC each object of a topology belongs to, and the part of a topology that a set of VPCs makes up.
//!
//! A design change that a cost alternative makes (a gateway or interface endpoint, a NAT gateway, a moved
//! source) touches only the source's VPC. Its flow is re-traced on the **local topology**: the VPCs the original
//! path went through, every object of theirs, and every object that belongs to no VPC (prefix lists, transit
//! gateways and their tables, VPN and Direct Connect objects, endpoint services, service resources). That is a
//! few dozen objects instead of the whole account, so a candidate costs microseconds instead of a clone and a
//! re-compilation of everything. `cost::alternatives` checks that the local topology gives the original trace
//! back before it relies on it, and `core/tests/session.rs` checks that every alternative equals the one found
//! by re-tracing the whole edited topology.

use crate::model::*;
use std::collections::HashMap;

/// Objects by VPC: for each VPC (by index in `vpcs`), the indices of its objects in each list of the topology;
/// and the objects of no VPC.
pub(crate) struct Scope {
    by_vpc: Vec<Members>,
    global: Members,
}

/// Indices into each list of a [`Topology`], one `Vec` per list, in list order.
#[derive(Default, Clone)]
struct Members {
    lists: [Vec<usize>; LISTS],
}

const LISTS: usize = 24;

/// Runs `$body` once per list of the topology, with `$n` its position in [`Members::lists`] and `$f` its field.
/// Every list of [`Topology`] must be here (`core/tests/session.rs` checks that a scope of every VPC gives the
/// whole topology back).
macro_rules! each_list {
    ($m:ident, $body:ident) => {
        $body!($m, 0, vpcs);
        $body!($m, 1, subnets);
        $body!($m, 2, route_tables);
        $body!($m, 3, internet_gateways);
        $body!($m, 4, egress_only_internet_gateways);
        $body!($m, 5, nat_gateways);
        $body!($m, 6, instances);
        $body!($m, 7, network_interfaces);
        $body!($m, 8, security_groups);
        $body!($m, 9, network_acls);
        $body!($m, 10, prefix_lists);
        $body!($m, 11, vpc_endpoints);
        $body!($m, 12, endpoint_services);
        $body!($m, 13, load_balancers);
        $body!($m, 14, peering_connections);
        $body!($m, 15, transit_gateways);
        $body!($m, 16, transit_gateway_attachments);
        $body!($m, 17, transit_gateway_route_tables);
        $body!($m, 18, vpn_gateways);
        $body!($m, 19, customer_gateways);
        $body!($m, 20, vpn_connections);
        $body!($m, 21, direct_connect_gateways);
        $body!($m, 22, service_resources);
        $body!($m, 23, dhcp_options);
    };
}

impl Scope {
    pub fn new(t: &Topology) -> Scope {
        let vpc: HashMap<&str, usize> = t
            .vpcs
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i))
            .collect();
        let subnet_vpc: HashMap<&str, usize> = t
            .subnets
            .iter()
            .filter_map(|s| Some((s.id.as_str(), *vpc.get(s.vpc_id.as_str())?)))
            .collect();
        let eni_vpc: HashMap<&str, usize> = t
            .network_interfaces
            .iter()
            .filter_map(|e| Some((e.id.as_str(), *subnet_vpc.get(e.subnet_id.as_str())?)))
            .collect();
        let mut s = Scope {
            by_vpc: vec![Members::default(); t.vpcs.len()],
            global: Members::default(),
        };
        let of_vpc = |id: &str| vpc.get(id).copied();
        let of_subnet = |id: &str| subnet_vpc.get(id).copied();
        let mut put = |list: usize, i: usize, owners: &[Option<usize>]| {
            let mut any = false;
            for (k, o) in owners.iter().enumerate() {
                // An object of two VPCs (a peering connection) is listed once per distinct VPC.
                if let Some(v) = *o {
                    if !owners[..k].contains(&Some(v)) {
                        s.by_vpc[v].lists[list].push(i);
                    }
                    any = true;
                }
            }
            if !any {
                s.global.lists[list].push(i);
            }
        };
        for i in 0..t.vpcs.len() {
            put(0, i, &[Some(i)]);
        }
        for (i, x) in t.subnets.iter().enumerate() {
            put(1, i, &[of_vpc(&x.vpc_id)]);
        }
        for (i, x) in t.route_tables.iter().enumerate() {
            put(2, i, &[of_vpc(&x.vpc_id)]);
        }
        for (i, x) in t.internet_gateways.iter().enumerate() {
            put(3, i, &[x.vpc_id.as_deref().and_then(of_vpc)]);
        }
        for (i, x) in t.egress_only_internet_gateways.iter().enumerate() {
            put(4, i, &[x.vpc_id.as_deref().and_then(of_vpc)]);
        }
        for (i, x) in t.nat_gateways.iter().enumerate() {
            let v = x
                .vpc_id
                .as_deref()
                .and_then(of_vpc)
                .or_else(|| x.subnet_id.as_deref().and_then(of_subnet));
            put(5, i, &[v]);
        }
        for (i, x) in t.instances.iter().enumerate() {
            let v = x.subnet_id.as_deref().and_then(of_subnet).or_else(|| {
                x.network_interface_ids
                    .iter()
                    .find_map(|e| eni_vpc.get(e.as_str()).copied())
            });
            put(6, i, &[v]);
        }
        for (i, x) in t.network_interfaces.iter().enumerate() {
            put(7, i, &[of_subnet(&x.subnet_id)]);
        }
        for (i, x) in t.security_groups.iter().enumerate() {
            put(8, i, &[of_vpc(&x.vpc_id)]);
        }
        for (i, x) in t.network_acls.iter().enumerate() {
            put(9, i, &[of_vpc(&x.vpc_id)]);
        }
        for i in 0..t.prefix_lists.len() {
            put(10, i, &[]);
        }
        for (i, x) in t.vpc_endpoints.iter().enumerate() {
            put(11, i, &[of_vpc(&x.vpc_id)]);
        }
        for i in 0..t.endpoint_services.len() {
            put(12, i, &[]);
        }
        for (i, x) in t.load_balancers.iter().enumerate() {
            put(13, i, &[of_vpc(&x.vpc_id)]);
        }
        for (i, x) in t.peering_connections.iter().enumerate() {
            put(
                14,
                i,
                &[of_vpc(&x.requester_vpc_id), of_vpc(&x.accepter_vpc_id)],
            );
        }
        for i in 0..t.transit_gateways.len() {
            put(15, i, &[]);
        }
        for (i, x) in t.transit_gateway_attachments.iter().enumerate() {
            let v = (x.kind == TgwAttachmentKind::Vpc)
                .then(|| of_vpc(&x.resource_id))
                .flatten();
            put(16, i, &[v]);
        }
        for i in 0..t.transit_gateway_route_tables.len() {
            put(17, i, &[]);
        }
        for i in 0..t.vpn_gateways.len() {
            put(18, i, &[]);
        }
        for i in 0..t.customer_gateways.len() {
            put(19, i, &[]);
        }
        for i in 0..t.vpn_connections.len() {
            put(20, i, &[]);
        }
        for i in 0..t.direct_connect_gateways.len() {
            put(21, i, &[]);
        }
        for i in 0..t.service_resources.len() {
            put(22, i, &[]);
        }
        for i in 0..t.dhcp_options.len() {
            put(23, i, &[]);
        }
        s
    }

    /// The indices of VPC `v`'s objects in list `list` of the topology (lists in [`Topology`] order: 0 `vpcs`,
    /// 1 `subnets`, 2 `route_tables` … as in `each_list!`), in list order.
    pub fn members(&self, v: usize, list: usize) -> &[usize] {
        self.by_vpc
            .get(v)
            .and_then(|m| m.lists.get(list))
            .map_or(&[], Vec::as_slice)
    }

    /// The local topology of some VPCs (indices into `t.vpcs`): their objects and every object of no VPC, each
    /// list in the order of `t`.
    pub fn local(&self, t: &Topology, vpcs: &[usize]) -> Topology {
        let mut picked = self.global.clone();
        for &v in vpcs {
            if let Some(m) = self.by_vpc.get(v) {
                for (list, idx) in m.lists.iter().enumerate() {
                    picked.lists[list].extend_from_slice(idx);
                }
            }
        }
        for l in picked.lists.iter_mut() {
            l.sort_unstable();
            l.dedup();
        }
        let mut out = Topology {
            name: t.name.clone(),
            region: t.region.clone(),
            ..Default::default()
        };
        macro_rules! take {
            ($m:ident, $n:expr, $f:ident) => {
                out.$f = $m.lists[$n].iter().map(|&i| t.$f[i].clone()).collect();
            };
        }
        each_list!(picked, take);
        out
    }
}
