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

/// `com.amazonaws.<region>.<service>` → `<service>`; a bare name stays as it is.
fn short_service(s: &str) -> String {
    let s = s.trim().to_ascii_lowercase();
    match crate::path::index::Index::service_of(&s) {
        Some((_, svc)) => svc.to_string(),
        None => s,
    }
}

/// The published ranges of the AWS-managed prefix lists in us-east-1 (AWS documentation and the console).
fn known_prefix_list(
    region: &str,
    service: &str,
) -> Option<(&'static str, &'static [&'static str])> {
    match (region, service) {
        ("us-east-1", "s3") => Some((
            "pl-63a5400a",
            &[
                "54.231.0.0/17",
                "52.216.0.0/15",
                "3.5.16.0/21",
                "3.5.0.0/20",
            ],
        )),
        ("us-east-1", "dynamodb") => Some(("pl-02cd2c6b", &["52.94.0.0/22", "52.119.224.0/20"])),
        _ => None,
    }
}

/// The AWS-managed prefix list of a service, created if the topology lacks it.
pub(super) fn ensure_prefix_list(w: &mut Work, region: &str, service: &str) -> String {
    let name = format!("com.amazonaws.{region}.{service}");
    if let Some(p) = w.t().prefix_lists.iter().find(|p| p.name == name) {
        return p.id.clone();
    }
    let (id, cidrs) = match known_prefix_list(region, service) {
        Some((id, cidrs)) if find(w.t(), id).is_none() => {
            (id.to_string(), cidrs.iter().map(|c| net(c)).collect())
        }
        _ => {
            let range = illustrative_range(w.t(), &name);
            w.note(format!(
                "the AWS-managed prefix list for `{name}` uses the illustrative range {range}: VPC Lab knows AWS's published ranges only for S3 and DynamoDB in us-east-1"
            ));
            (new_id(&w.d, "pl"), vec![range])
        }
    };
    w.tm().prefix_lists.push(PrefixList {
        id: id.clone(),
        name,
        cidrs,
        aws_managed: true,
    });
    id
}

fn add_gateway_endpoint(
    w: &mut Work,
    service: &str,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<(), EditError> {
    let service = short_service(service);
    if !matches!(service.as_str(), "s3" | "dynamodb" | "s3express") {
        return Err(EditError::new(format!(
            "a gateway endpoint serves only `s3` or `dynamodb`, not `{service}` (GE-11): use an interface endpoint"
        )));
    }
    let vpc = resolve_vpc(w, parent, at, "gateway endpoint")?;
    let region = region_of_vpc(w.t(), &vpc);
    let service_name = format!("com.amazonaws.{region}.{service}");
    let t = w.t();
    let named: Option<String> = match parent.and_then(|p| find(t, p)).map(|(k, _)| k) {
        Some(ObjectKind::RouteTable) => parent.map(str::to_string),
        Some(ObjectKind::Subnet) => parent
            .and_then(|p| crate::layout::subnet_route_table(t, p))
            .map(|r| r.id.clone()),
        _ => None,
    };
    let candidates: Vec<String> = match &named {
        Some(rt) => vec![rt.clone()],
        None => t
            .route_tables
            .iter()
            .filter(|r| r.main && r.vpc_id == vpc)
            .map(|r| r.id.clone())
            .collect(),
    };
    let routed = |rt: &str| {
        t.vpc_endpoints.iter().find(|e| {
            e.kind == EndpointKind::Gateway
                && e.service_name == service_name
                && e.route_table_ids.iter().any(|r| r == rt)
        })
    };
    if let Some(rt) = &named {
        if let Some(e) = routed(rt) {
            return Err(EditError::about(
                rt,
                format!(
                    "route table `{rt}` already routes `{service}` to gateway endpoint `{}`; one per service per table (GE-04)",
                    e.id
                ),
            ));
        }
    }
    let route_tables: Vec<String> = candidates
        .into_iter()
        .filter(|r| routed(r).is_none())
        .collect();
    if route_tables.is_empty() {
        w.note("the new gateway endpoint is on no route table yet: connect it to the route tables of the subnets that should use it");
    }
    ensure_prefix_list(w, &region, &service);
    let id = new_id(&w.d, "vpce");
    w.tm().vpc_endpoints.push(VpcEndpoint {
        id: id.clone(),
        vpc_id: vpc,
        service_name,
        kind: EndpointKind::Gateway,
        route_table_ids: route_tables,
        ..Default::default()
    });
    w.created = Some(id);
    Ok(())
}

/// One subnet per AZ of a VPC, preferring private (or public) subnets, AZs in order.
fn subnet_per_az(t: &Topology, vpc: &str, prefer_public: bool) -> Vec<String> {
    let mut azs: Vec<Option<String>> = Vec::new();
    for s in t.subnets.iter().filter(|s| s.vpc_id == vpc) {
        if !azs.contains(&s.az) {
            azs.push(s.az.clone());
        }
    }
    azs.sort();
    azs.iter()
        .filter_map(|az| {
            let in_az: Vec<&Subnet> = t
                .subnets
                .iter()
                .filter(|s| s.vpc_id == vpc && &s.az == az)
                .collect();
            in_az
                .iter()
                .find(|s| subnet_is_public(t, &s.id) == prefer_public)
                .or(in_az.first())
                .map(|s| s.id.clone())
        })
        .collect()
}

/// The subnets for a new endpoint or load balancer: the parent subnet, or one per AZ of the VPC.
fn placement(
    w: &Work,
    parent: Option<&str>,
    at: Option<Point>,
    what: &str,
) -> Result<(String, Vec<String>), EditError> {
    let t = w.t();
    let parent_subnet = parent.and_then(|p| match find(t, p).map(|(k, _)| k) {
        Some(ObjectKind::Subnet) => Some(p.to_string()),
        _ => None,
    });
    let at_subnet = if parent.is_none() {
        at.and_then(|p| {
            crate::layout::scene(&w.d)
                .subnet_at(p)
                .map(|s| s.id.clone())
        })
    } else {
        None
    };
    if let Some(s) = parent_subnet.or(at_subnet) {
        let vpc = vpc_of(t, &s).unwrap_or_default();
        return Ok((vpc, vec![s]));
    }
    let vpc = resolve_vpc(w, parent, at, what)?;
    let subnets = subnet_per_az(t, &vpc, false);
    if subnets.is_empty() {
        return Err(EditError::about(
            &vpc,
            format!(
                "VPC `{vpc}` has no subnet for the {what}'s network interfaces: add a subnet first"
            ),
        ));
    }
    Ok((vpc, subnets))
}

fn add_interface_endpoint(
    w: &mut Work,
    service: &str,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<(), EditError> {
    let service = service.trim();
    if service.is_empty() {
        return Err(EditError::new("an interface endpoint needs a service (`sqs`, `com.amazonaws.us-east-1.s3`, `vpce-svc-…`)"));
    }
    let (vpc, subnets) = placement(w, parent, at, "interface endpoint")?;
    let t = w.t();
    let region = region_of_vpc(t, &vpc);
    let provider = t
        .endpoint_services
        .iter()
        .find(|s| s.id == service || s.service_name == service)
        .cloned();
    let service_name = if let Some(p) = &provider {
        p.service_name.clone()
    } else if service.starts_with("com.amazonaws.") || service.starts_with("aws.") {
        service.to_string()
    } else if service.starts_with("vpce-svc-") {
        format!("com.amazonaws.vpce.{region}.{service}")
    } else {
        format!("com.amazonaws.{region}.{}", service.to_ascii_lowercase())
    };
    let aws = crate::path::index::Index::service_of(&service_name);
    let (svc_region, short) = match (aws, &provider) {
        (Some((r, s)), _) => (r.to_string(), s.to_string()),
        (None, Some(p)) => (
            p.region.clone().unwrap_or_else(|| region.clone()),
            p.id.clone(),
        ),
        (None, None) => {
            let rest = service_name
                .strip_prefix("com.amazonaws.vpce.")
                .unwrap_or(&service_name);
            let (r, s) = rest.split_once('.').unwrap_or((region.as_str(), rest));
            (r.to_string(), s.to_string())
        }
    };
    if svc_region != region
        && aws.is_some()
        && !crate::path::dns::CROSS_REGION_SERVICES.contains(&short.as_str())
    {
        return Err(EditError::new(format!(
            "`{short}` does not support cross-Region interface endpoints (CR-01): an endpoint in {region} reaches {} in {svc_region} only",
            crate::path::dns::CROSS_REGION_SERVICES.join(", ")
        )));
    }
    if let Some(p) = &provider {
        if p.kind == EndpointKind::GatewayLoadBalancer {
            return Err(EditError::about(
                &p.id,
                format!("`{}` is a Gateway Load Balancer endpoint service: add a Gateway Load Balancer endpoint instead", p.id),
            ));
        }
    }
    // The endpoint's security group: the service's ports from the VPC's CIDRs.
    let ports: Vec<u16> = provider
        .as_ref()
        .map(|p| {
            t.load_balancers
                .iter()
                .filter(|l| {
                    p.load_balancer_arns
                        .iter()
                        .any(|a| *a == l.id || l.name.as_deref() == Some(a.as_str()))
                })
                .flat_map(|l| l.listener_ports.iter().copied())
                .collect()
        })
        .unwrap_or_default();
    let mut ports = if ports.is_empty() { vec![443] } else { ports };
    ports.sort_unstable();
    ports.dedup();
    let cidrs: Vec<IpNet> = t
        .vpcs
        .iter()
        .find(|v| v.id == vpc)
        .map(|v| v.cidr_blocks.clone())
        .unwrap_or_default();
    let private_dns = match &provider {
        Some(p) => p.private_dns_name.is_some(),
        None => short != "s3",
    };
    let sg = new_id(&w.d, "sg");
    let id = {
        // Reserve the security group's id before choosing the endpoint's.
        let mut tmp = w.d.clone();
        tmp.topology.security_groups.push(SecurityGroup {
            id: sg.clone(),
            vpc_id: vpc.clone(),
            ..Default::default()
        });
        new_id(&tmp, "vpce")
    };
    let sg_name = format!("{}-endpoint", short.replace('.', "-"));
    w.tm().security_groups.push(SecurityGroup {
        id: sg.clone(),
        vpc_id: vpc.clone(),
        name: Some(sg_name),
        ingress: ports
            .iter()
            .map(|p| SgRule {
                protocol: "tcp".into(),
                from_port: Some(i32::from(*p)),
                to_port: Some(i32::from(*p)),
                cidrs: cidrs.clone(),
                ..Default::default()
            })
            .collect(),
        egress: vec![SgRule {
            protocol: "-1".into(),
            cidrs: vec![net("0.0.0.0/0")],
            ..Default::default()
        }],
    });
    let dns_label = short.clone();
    w.tm().vpc_endpoints.push(VpcEndpoint {
        id: id.clone(),
        vpc_id: vpc,
        service_name,
        kind: EndpointKind::Interface,
        subnet_ids: subnets,
        security_group_ids: vec![sg],
        private_dns_enabled: private_dns,
        service_region: (svc_region != region).then(|| svc_region.clone()),
        dns_names: vec![format!("{id}.{dns_label}.{svc_region}.vpce.amazonaws.com")],
        ..Default::default()
    });
    if svc_region != region {
        w.note(format!(
            "`{id}` reaches `{short}` in {svc_region} from {region}: a cross-Region interface endpoint (CR-01)"
        ));
    }
    w.created = Some(id);
    Ok(())
}

fn add_gwlb_endpoint(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<(), EditError> {
    let subnet = resolve_subnet(w, parent, at, "Gateway Load Balancer endpoint", false)?;
    let vpc = vpc_of(w.t(), &subnet).unwrap_or_default();
    let region = region_of_vpc(w.t(), &vpc);
    let existing = w
        .t()
        .endpoint_services
        .iter()
        .find(|s| s.kind == EndpointKind::GatewayLoadBalancer)
        .map(|s| s.service_name.clone());
    let service_name = match existing {
        Some(s) => s,
        None => {
            let svc = new_id(&w.d, "vpce-svc");
            let name = format!("com.amazonaws.vpce.{region}.{svc}");
            w.note(format!(
                "the Gateway Load Balancer endpoint uses `{name}`, an appliance service the diagram does not hold"
            ));
            name
        }
    };
    let id = new_id(&w.d, "vpce");
    w.tm().vpc_endpoints.push(VpcEndpoint {
        id: id.clone(),
        vpc_id: vpc,
        service_name,
        kind: EndpointKind::GatewayLoadBalancer,
        subnet_ids: vec![subnet],
        ..Default::default()
    });
    w.note(format!(
        "route traffic through `{id}` by connecting a route table to it"
    ));
    w.created = Some(id);
    Ok(())
}

fn add_load_balancer(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<String, EditError> {
    let (vpc, subnets) = placement(w, parent, at, "load balancer")?;
    let targets: Vec<String> = w
        .t()
        .instances
        .iter()
        .filter(|i| i.subnet_id.as_ref().is_some_and(|s| subnets.contains(s)))
        .map(|i| i.id.clone())
        .collect();
    let id = new_id(&w.d, "nlb");
    w.tm().load_balancers.push(LoadBalancer {
        id: id.clone(),
        name: Some(id.clone()),
        kind: "network".into(),
        vpc_id: vpc,
        subnet_ids: subnets,
        internet_facing: false,
        cross_zone: false,
        listener_ports: vec![443],
        targets,
    });
    w.created = Some(id.clone());
    Ok(id)
}

fn add_endpoint_service(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
) -> Result<(), EditError> {
    let lb = match parent.and_then(|p| find(w.t(), p)) {
        Some((ObjectKind::LoadBalancer, i)) => w.t().load_balancers[i].id.clone(),
        _ => add_load_balancer(w, parent, at)?,
    };
    let t = w.t();
    let Some(l) = t.load_balancers.iter().find(|l| l.id == lb) else {
        return Err(EditError::not_found(&lb));
    };
    let region = region_of_vpc(t, &l.vpc_id);
    let mut azs: Vec<String> = l
        .subnet_ids
        .iter()
        .filter_map(|s| t.subnets.iter().find(|x| &x.id == s)?.az.clone())
        .collect();
    azs.sort();
    azs.dedup();
    let kind = if l.kind == "gateway" {
        EndpointKind::GatewayLoadBalancer
    } else {
        EndpointKind::Interface
    };
    let id = new_id(&w.d, "vpce-svc");
    w.tm().endpoint_services.push(EndpointService {
        id: id.clone(),
        service_name: format!("com.amazonaws.vpce.{region}.{id}"),
        region: Some(region),
        kind,
        acceptance_required: false,
        load_balancer_arns: vec![lb],
        availability_zones: azs,
        ..Default::default()
    });
    w.note(format!(
        "consumers reach `{id}` through an interface endpoint: add one with service `{id}` in their VPC"
    ));
    w.created = Some(id);
    Ok(())
}

fn add_peering(w: &mut Work, parent: Option<&str>, at: Option<Point>) -> Result<(), EditError> {
    let t = w.t();
    let peered = |a: &str, b: &str| {
        t.peering_connections.iter().any(|p| {
            (p.requester_vpc_id == a && p.accepter_vpc_id == b)
                || (p.requester_vpc_id == b && p.accepter_vpc_id == a)
        })
    };
    let disjoint = |a: &Vpc, b: &Vpc| {
        !a.cidr_blocks.iter().any(|x| {
            b.cidr_blocks
                .iter()
                .any(|y| x.contains(&y.network()) || y.contains(&x.network()))
        })
    };
    let requesters: Vec<&Vpc> = match (parent, at) {
        (None, None) => t.vpcs.iter().collect(),
        _ => {
            let v = resolve_vpc(w, parent, at, "peering connection")?;
            t.vpcs.iter().filter(|x| x.id == v).collect()
        }
    };
    let pair = requesters.iter().find_map(|a| {
        t.vpcs
            .iter()
            .find(|b| b.id != a.id && !peered(&a.id, &b.id) && disjoint(a, b))
            .map(|b| (a.id.clone(), b.id.clone()))
    });
    let Some((a, b)) = pair else {
        return Err(EditError::new(
            "a peering connection joins two VPCs that do not overlap and are not yet peered: there is no such pair (connect two VPCs to choose them)",
        ));
    };
    let (id, _) = peer(w, &a, &b)?;
    w.created = Some(id);
    Ok(())
}

fn add_tgw(w: &mut Work, parent: Option<&str>, at: Option<Point>) -> Result<(), EditError> {
    let vpc = match (parent, at) {
        (None, None) => None,
        _ => resolve_vpc(w, parent, at, "transit gateway").ok(),
    };
    let region = match &vpc {
        Some(v) => region_of_vpc(w.t(), v),
        None => w.t().region.clone().unwrap_or_else(|| "us-east-1".into()),
    };
    let id = new_id(&w.d, "tgw");
    w.tm().transit_gateways.push(TransitGateway {
        id: id.clone(),
        region: Some(region),
        default_route_table_id: None,
    });
    tgw_default_rt(w, &id);
    if let Some(v) = vpc {
        let (_, what) = attach_vpc_to_tgw(w, &v, &id)?;
        w.note(what);
    }
    w.created = Some(id);
    Ok(())
}

fn add_onprem(
    w: &mut Work,
    parent: Option<&str>,
    at: Option<Point>,
    dx: bool,
) -> Result<(), EditError> {
    let t = w.t();
    let tgw = parent.and_then(|p| match find(t, p) {
        Some((ObjectKind::TransitGateway, _)) => Some(p.to_string()),
        Some((ObjectKind::TransitGatewayAttachment, i)) => {
            Some(t.transit_gateway_attachments[i].transit_gateway_id.clone())
        }
        _ => None,
    });
    let what = if dx {
        "Direct Connect gateway"
    } else {
        "on-premises network"
    };
    let vpc = if tgw.is_none() {
        Some(resolve_vpc(w, parent, at, what)?)
    } else {
        None
    };
    let cidr = next_onprem_cidr(w.t())
        .ok_or_else(|| EditError::new("no free on-premises CIDR is left"))?;
    // The AWS side: the VPC's virtual private gateway (created if missing) or the transit gateway.
    let vgw = match &vpc {
        Some(v) => {
            let existing = w
                .t()
                .vpn_gateways
                .iter()
                .find(|g| g.vpc_id.as_deref() == Some(v.as_str()))
                .map(|g| g.id.clone());
            Some(match existing {
                Some(g) => g,
                None => {
                    let g = new_id(&w.d, "vgw");
                    w.tm().vpn_gateways.push(VpnGateway {
                        id: g.clone(),
                        vpc_id: Some(v.clone()),
                        asn: Some(64512),
                    });
                    g
                }
            })
        }
        None => None,
    };
    let created = if dx {
        let id = new_id(&w.d, "dxgw");
        w.tm().direct_connect_gateways.push(DirectConnectGateway {
            id: id.clone(),
            vpn_gateway_ids: vgw.iter().cloned().collect(),
            transit_gateway_ids: tgw.iter().cloned().collect(),
            onprem_cidrs: vec![cidr],
        });
        id
    } else {
        let ips = next_public_ips(&w.d, 2);
        let cgw = new_id(&w.d, "cgw");
        w.tm().customer_gateways.push(CustomerGateway {
            id: cgw.clone(),
            ip_address: ips.first().copied(),
            bgp_asn: Some(65000),
        });
        let id = new_id(&w.d, "vpn");
        w.tm().vpn_connections.push(VpnConnection {
            id: id.clone(),
            vpn_gateway_id: vgw.clone(),
            transit_gateway_id: tgw.clone(),
            customer_gateway_id: Some(cgw.clone()),
            static_routes_only: true,
            static_routes: vec![cidr],
            bgp_routes: Vec::new(),
            tunnel_outside_ips: ips.get(1).copied().into_iter().collect(),
            state: None,
        });
        w.note(format!(
            "on-premises network {cidr} behind customer gateway `{cgw}`, over Site-to-Site VPN `{id}`"
        ));
        id
    };
    if let (Some(v), Some(g)) = (&vpc, &vgw) {
        let n = enable_propagation(w, v, g);
        w.note(format!(
            "virtual private gateway `{g}` propagates {cidr} into {n} route table{} of `{v}`",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(g) = &tgw {
        let kind = if dx {
            TgwAttachmentKind::DirectConnectGateway
        } else {
            TgwAttachmentKind::Vpn
        };
        let att = new_id(&w.d, "tgw-attach");
        w.tm().transit_gateway_attachments.push(TgwAttachment {
            id: att.clone(),
            transit_gateway_id: g.clone(),
            kind,
            resource_id: created.clone(),
            subnet_ids: Vec::new(),
            state: None,
        });
        let rt = tgw_default_rt(w, g);
        if let Some(r) = w
            .tm()
            .transit_gateway_route_tables
            .iter_mut()
            .find(|r| r.id == rt)
        {
            r.associations.push(att.clone());
            r.propagations.push(att);
        }
        let n = tgw_route_to_attached(w, g, &[cidr]);
        w.note(format!(
            "{n} route table{} of the VPCs attached to `{g}` send {cidr} to it",
            if n == 1 { "" } else { "s" }
        ));
    }
    w.created = Some(created);
    Ok(())
}

fn add_service_resource(w: &mut Work, service: &str) -> Result<(), EditError> {
    let service = short_service(service);
    let prefix = match service.as_str() {
        "s3" => "bucket",
        "dynamodb" => "table",
        "" => {
            return Err(EditError::new(
                "a service resource needs a service: `s3` or `dynamodb`",
            ))
        }
        _ => "resource",
    };
    let name = {
        let mut probe = w.d.clone();
        loop {
            let candidate = new_id(&probe, prefix);
            if !w
                .t()
                .service_resources
                .iter()
                .any(|r| r.service == service && r.name == candidate)
            {
                break candidate;
            }
            probe.layout.insert(candidate, Point::default());
        }
    };
    let region = w.t().region.clone().unwrap_or_else(|| "us-east-1".into());
    w.tm().service_resources.push(ServiceResource {
        service: service.clone(),
        name: name.clone(),
        region: Some(region),
        account_id: None,
        policy: None,
    });
    w.created = Some(format!("{service}:{name}"));
    Ok(())
}
