//! [`Edit::Add`](super::Edit::Add): a new object with sensible defaults (see the module docs of `edit`).

use std::net::IpAddr;

use ipnet::IpNet;

use crate::diagram::Point;
use crate::model::*;

use super::alloc::{
    illustrative_range, new_id, next_onprem_cidr, next_private_ip, next_public_ip, next_public_ips,
    next_subnet_cidr, next_vpc_cidr,
};
use super::object::find;
use super::relations::{
    attach_vpc_to_tgw, default_sg, enable_propagation, peer, region_of_vpc, subnet_is_public,
    tgw_default_rt, tgw_route_to_attached, vpc_of,
};
use super::{EditError, NodeKind, ObjectKind, Work};

mod endpoints;
mod hybrid;

use endpoints::*;
use hybrid::*;

fn net(s: &str) -> IpNet {
    s.parse().unwrap_or_else(|_| IpNet::V4(Default::default()))
}

pub(super) fn add(
    w: &mut Work,
    kind: &NodeKind,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<(), EditError> {
    if let Some(p) = parent {
        if find(w.t(), p).is_none() && !p.contains('@') {
            return Err(EditError::not_found(p));
        }
    }
    match kind {
        NodeKind::Vpc => add_vpc(w),
        NodeKind::Subnet => {
            let vpc = resolve_vpc(w, parent, at, "subnet")?;
            add_subnet(w, &vpc, at)
        }
        NodeKind::RouteTable => add_route_table(w, parent, at),
        NodeKind::InternetGateway => add_igw(w, parent, at, false),
        NodeKind::EgressOnlyInternetGateway => add_igw(w, parent, at, true),
        NodeKind::NatGateway => add_nat(w, parent, at),
        NodeKind::Instance => add_instance(w, parent, at),
        NodeKind::SecurityGroup => add_security_group(w, parent, at),
        NodeKind::NetworkAcl => add_nacl(w, parent, at),
        NodeKind::GatewayEndpoint { service } => add_gateway_endpoint(w, service, parent, at),
        NodeKind::InterfaceEndpoint { service } => add_interface_endpoint(w, service, parent, at),
        NodeKind::GatewayLoadBalancerEndpoint => add_gwlb_endpoint(w, parent, at),
        NodeKind::LoadBalancer => add_load_balancer(w, parent, at).map(|_| ()),
        NodeKind::EndpointService => add_endpoint_service(w, parent, at),
        NodeKind::PeeringConnection => add_peering(w, parent, at),
        NodeKind::TransitGateway => add_tgw(w, parent, at),
        NodeKind::OnPremises => add_onprem(w, parent, at, false),
        NodeKind::DirectConnect => add_onprem(w, parent, at, true),
        NodeKind::ServiceResource { service } => add_service_resource(w, service),
    }
}

/// The VPC a new thing goes in: the parent's VPC, else the VPC under `at`, else the only VPC.
pub(super) fn resolve_vpc(
    w: &Work,
    parent: Option<&str>,
    at: Option<Point>,
    what: &str,
) -> Result<String, EditError> {
    let t = w.t();
    if let Some(p) = parent {
        return vpc_of(t, p).ok_or_else(|| {
            EditError::about(
                p,
                format!("`{p}` is not in a VPC: choose a VPC for the new {what}"),
            )
        });
    }
    if let Some(p) = at {
        if let Some(v) = crate::layout::scene(&w.d).vpc_at(p) {
            return Ok(v.id.clone());
        }
    }
    match t.vpcs.as_slice() {
        [] => Err(EditError::new(format!(
            "a {what} goes in a VPC: add a VPC first"
        ))),
        [one] => Ok(one.id.clone()),
        _ => Err(EditError::new(format!(
            "choose the VPC for the new {what} (select it, or drop the {what} on it)"
        ))),
    }
}

/// The subnet a new thing goes in: the parent subnet (a VPC parent: `pick` among its subnets), else the subnet
/// under `at`, else the only subnet.
fn resolve_subnet(
    w: &Work,
    parent: Option<&str>,
    at: Option<Point>,
    what: &str,
    prefer_public: bool,
) -> Result<String, EditError> {
    let t = w.t();
    let pick_in_vpc = |vpc: &str| -> Result<String, EditError> {
        let subnets: Vec<&Subnet> = t.subnets.iter().filter(|s| s.vpc_id == vpc).collect();
        subnets
            .iter()
            .find(|s| subnet_is_public(t, &s.id) == prefer_public)
            .or(subnets.first())
            .map(|s| s.id.clone())
            .ok_or_else(|| {
                EditError::about(
                    vpc,
                    format!("VPC `{vpc}` has no subnet for the new {what}: add a subnet first"),
                )
            })
    };
    if let Some(p) = parent {
        if let Some((_, sub)) = p.split_once('@') {
            if t.subnets.iter().any(|s| s.id == sub) {
                return Ok(sub.to_string());
            }
        }
        return match find(t, p).map(|(k, _)| k) {
            Some(ObjectKind::Subnet) => Ok(p.to_string()),
            Some(ObjectKind::Instance) => t
                .instances
                .iter()
                .find(|i| i.id == p)
                .and_then(|i| i.subnet_id.clone())
                .ok_or_else(|| EditError::about(p, format!("instance `{p}` has no subnet"))),
            Some(ObjectKind::NatGateway) => t
                .nat_gateways
                .iter()
                .find(|n| n.id == p)
                .and_then(|n| n.subnet_id.clone())
                .ok_or_else(|| EditError::about(p, format!("NAT gateway `{p}` has no subnet"))),
            _ => match vpc_of(t, p) {
                Some(v) => pick_in_vpc(&v),
                None => Err(EditError::about(
                    p,
                    format!("`{p}` is not in a VPC: choose a subnet for the new {what}"),
                )),
            },
        };
    }
    if let Some(p) = at {
        let scene = crate::layout::scene(&w.d);
        if let Some(s) = scene.subnet_at(p) {
            return Ok(s.id.clone());
        }
        if let Some(v) = scene.vpc_at(p) {
            return pick_in_vpc(&v.id);
        }
    }
    match (t.subnets.as_slice(), t.vpcs.as_slice()) {
        ([one], _) => Ok(one.id.clone()),
        ([], []) => Err(EditError::new(format!(
            "a {what} goes in a subnet: add a VPC and a subnet first"
        ))),
        ([], _) => Err(EditError::new(format!(
            "a {what} goes in a subnet: add a subnet first"
        ))),
        (_, [v]) => pick_in_vpc(&v.id),
        _ => Err(EditError::new(format!(
            "choose the subnet for the new {what} (select it, or drop the {what} on it)"
        ))),
    }
}

fn add_vpc(w: &mut Work) -> Result<(), EditError> {
    let cidr = next_vpc_cidr(w.t())
        .ok_or_else(|| EditError::new("no free 10.N.0.0/16 is left for a new VPC"))?;
    let region = w.t().region.clone().unwrap_or_else(|| "us-east-1".into());
    let id = new_id(&w.d, "vpc");
    w.tm().vpcs.push(Vpc {
        id: id.clone(),
        name: None,
        region: Some(region),
        cidr_blocks: vec![cidr],
        enable_dns_support: true,
        enable_dns_hostnames: true,
        block_public_access: BlockPublicAccess::Off,
        dns_servers: Vec::new(),
        owner_id: None,
        dhcp_options_id: None,
    });
    let rtb = new_id(&w.d, "rtb");
    w.tm().route_tables.push(RouteTable {
        id: rtb,
        vpc_id: id.clone(),
        name: None,
        main: true,
        subnet_ids: Vec::new(),
        gateway_ids: Vec::new(),
        propagating_vgws: Vec::new(),
        routes: Vec::new(),
    });
    default_sg(w, &id);
    let acl = new_id(&w.d, "acl");
    let all = |egress| NaclEntry {
        rule_number: 100,
        egress,
        protocol: "-1".into(),
        action: RuleAction::Allow,
        cidr: net("0.0.0.0/0"),
        port_range: None,
        icmp_type: None,
        icmp_code: None,
    };
    w.tm().network_acls.push(NetworkAcl {
        id: acl,
        vpc_id: id.clone(),
        default: true,
        subnet_ids: Vec::new(),
        entries: vec![all(false), all(true)],
    });
    w.created = Some(id);
    Ok(())
}

fn add_subnet(w: &mut Work, vpc: &str, at: Option<Point>) -> Result<(), EditError> {
    let t = w.t();
    let cidr = next_subnet_cidr(t, vpc).ok_or_else(|| {
        let blocks: Vec<String> = t
            .vpcs
            .iter()
            .find(|v| v.id == vpc)
            .map(|v| v.cidr_blocks.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default();
        EditError::field(
            vpc,
            "cidr_blocks",
            format!(
                "VPC `{vpc}` has no free subnet block left in {}",
                blocks.join(", ")
            ),
        )
    })?;
    let region = region_of_vpc(t, vpc);
    let lane_az = at.and_then(|p| {
        let scene = crate::layout::scene(&w.d);
        let lane = scene.az_at(p)?;
        (lane.vpc_id == vpc).then(|| lane.az.clone()).flatten()
    });
    let az = lane_az.unwrap_or_else(|| {
        let count = |z: &str| {
            t.subnets
                .iter()
                .filter(|s| s.vpc_id == vpc && s.az.as_deref() == Some(z))
                .count()
        };
        let (a, b) = (format!("{region}a"), format!("{region}b"));
        if count(&a) <= count(&b) {
            a
        } else {
            b
        }
    });
    let id = new_id(&w.d, "subnet");
    w.tm().subnets.push(Subnet {
        id: id.clone(),
        vpc_id: vpc.to_string(),
        name: None,
        az: Some(az),
        az_id: None,
        cidr_block: Some(cidr),
        ipv6_cidr_block: None,
    });
    w.created = Some(id);
    Ok(())
}

fn add_route_table(w: &mut Work, parent: Option<&str>, at: Option<Point>) -> Result<(), EditError> {
    let vpc = resolve_vpc(w, parent, at, "route table")?;
    let main = !w.t().route_tables.iter().any(|r| r.main && r.vpc_id == vpc);
    let id = new_id(&w.d, "rtb");
    w.tm().route_tables.push(RouteTable {
        id: id.clone(),
        vpc_id: vpc.clone(),
        name: None,
        main,
        subnet_ids: Vec::new(),
        gateway_ids: Vec::new(),
        propagating_vgws: Vec::new(),
        routes: Vec::new(),
    });
    // Route propagation from the VPC's virtual private gateway, as its other tables have.
    let vgw = w
        .t()
        .vpn_gateways
        .iter()
        .find(|g| g.vpc_id.as_deref() == Some(vpc.as_str()))
        .map(|g| g.id.clone());
    if let Some(g) = vgw {
        let propagates = w
            .t()
            .route_tables
            .iter()
            .any(|r| r.vpc_id == vpc && r.propagating_vgws.contains(&g));
        if propagates {
            if let Some(rt) = w.tm().route_tables.iter_mut().find(|r| r.id == id) {
                rt.propagating_vgws.push(g);
            }
        }
    }
    if let Some(p) = parent {
        if find(w.t(), p).map(|(k, _)| k) == Some(ObjectKind::Subnet) {
            let what = super::connect::connect(w, p, &id)?;
            w.note(what);
        }
    }
    w.created = Some(id);
    Ok(())
}

fn add_igw(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
    egress_only: bool,
) -> Result<(), EditError> {
    let what = if egress_only {
        "egress-only internet gateway"
    } else {
        "internet gateway"
    };
    let vpc = resolve_vpc(w, parent, at, what)?;
    let t = w.t();
    let list = if egress_only {
        &t.egress_only_internet_gateways
    } else {
        &t.internet_gateways
    };
    if let Some(g) = list
        .iter()
        .find(|g| g.vpc_id.as_deref() == Some(vpc.as_str()))
    {
        return Err(EditError::about(
            &vpc,
            format!(
                "VPC `{vpc}` already has {what} `{}`; a VPC has at most one{}",
                g.id,
                if egress_only { "" } else { " (IGW-01)" }
            ),
        ));
    }
    let id = new_id(&w.d, if egress_only { "eigw" } else { "igw" });
    let g = InternetGateway {
        id: id.clone(),
        vpc_id: Some(vpc.clone()),
    };
    if egress_only {
        w.tm().egress_only_internet_gateways.push(g);
    } else {
        w.tm().internet_gateways.push(g);
    }
    super::relations::default_route_in_main(w, &vpc, &id, egress_only);
    w.created = Some(id);
    Ok(())
}

fn add_nat(w: &mut Work, parent: Option<&str>, at: Option<Point>) -> Result<(), EditError> {
    let subnet = resolve_subnet(w, parent, at, "NAT gateway", true)?;
    let t = w.t();
    let vpc = vpc_of(t, &subnet).unwrap_or_default();
    let private_ip = next_private_ip(t, &subnet).ok_or_else(|| {
        EditError::about(&subnet, format!("subnet `{subnet}` has no free address"))
    })?;
    let eip =
        next_public_ip(&w.d).ok_or_else(|| EditError::new("no free Elastic IP address is left"))?;
    let public = subnet_is_public(t, &subnet);
    let id = new_id(&w.d, "nat");
    w.tm().nat_gateways.push(NatGateway {
        id: id.clone(),
        subnet_id: Some(subnet.clone()),
        vpc_id: Some(vpc),
        connectivity: NatConnectivity::Public,
        availability_mode: AvailabilityMode::Zonal,
        azs: Vec::new(),
        private_ip: Some(private_ip),
        public_ip: Some(eip),
        eni_id: None,
    });
    if !public {
        w.note(format!(
            "`{id}` is a public NAT gateway in `{subnet}`, which has no route to an internet gateway (NAT-01): add an internet gateway, or move the NAT gateway to a public subnet"
        ));
    }
    w.note(format!(
        "no route sends traffic to `{id}` yet: connect a private subnet's route table to it"
    ));
    w.created = Some(id);
    Ok(())
}

fn add_instance(w: &mut Work, parent: Option<&str>, at: Option<Point>) -> Result<(), EditError> {
    let subnet = resolve_subnet(w, parent, at, "instance", false)?;
    let vpc = vpc_of(w.t(), &subnet).unwrap_or_default();
    let ip = next_private_ip(w.t(), &subnet).ok_or_else(|| {
        EditError::about(&subnet, format!("subnet `{subnet}` has no free address"))
    })?;
    let sg = default_sg(w, &vpc);
    let public_ip = if subnet_is_public(w.t(), &subnet) {
        next_public_ip(&w.d)
    } else {
        None
    };
    let id = new_id(&w.d, "i");
    w.tm().instances.push(Instance {
        id: id.clone(),
        name: None,
        network_interface_ids: Vec::new(),
        subnet_id: Some(subnet),
        private_ip: Some(IpAddr::V4(ip)),
        public_ip,
        ipv6_addresses: Vec::new(),
        security_group_ids: vec![sg],
        source_dest_check: true,
    });
    w.created = Some(id);
    Ok(())
}

fn add_security_group(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<(), EditError> {
    let vpc = resolve_vpc(w, parent, at, "security group")?;
    let id = new_id(&w.d, "sg");
    let n = w
        .t()
        .security_groups
        .iter()
        .filter(|g| g.vpc_id == vpc)
        .count();
    w.tm().security_groups.push(SecurityGroup {
        id: id.clone(),
        vpc_id: vpc,
        name: Some(format!("group-{n}")),
        ingress: Vec::new(),
        egress: vec![SgRule {
            protocol: "-1".into(),
            cidrs: vec![net("0.0.0.0/0")],
            ..Default::default()
        }],
    });
    if let Some(p) = parent {
        let member = matches!(
            find(w.t(), p).map(|(k, _)| k),
            Some(ObjectKind::Instance | ObjectKind::NetworkInterface | ObjectKind::VpcEndpoint)
        );
        if member {
            let what = super::connect::connect(w, p, &id)?;
            w.note(what);
        }
    }
    w.created = Some(id);
    Ok(())
}

fn add_nacl(w: &mut Work, parent: Option<&str>, at: Option<Point>) -> Result<(), EditError> {
    let vpc = resolve_vpc(w, parent, at, "network ACL")?;
    let id = new_id(&w.d, "acl");
    let all = |egress| NaclEntry {
        rule_number: 100,
        egress,
        protocol: "-1".into(),
        action: RuleAction::Allow,
        cidr: net("0.0.0.0/0"),
        port_range: None,
        icmp_type: None,
        icmp_code: None,
    };
    let default = !w
        .t()
        .network_acls
        .iter()
        .any(|a| a.default && a.vpc_id == vpc);
    w.tm().network_acls.push(NetworkAcl {
        id: id.clone(),
        vpc_id: vpc,
        default,
        subnet_ids: Vec::new(),
        entries: vec![all(false), all(true)],
    });
    if let Some(p) = parent {
        if find(w.t(), p).map(|(k, _)| k) == Some(ObjectKind::Subnet) {
            let what = super::connect::connect(w, p, &id)?;
            w.note(what);
        }
    }
    w.created = Some(id);
    Ok(())
}
