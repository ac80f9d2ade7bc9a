//! Adding endpoints and what they stand on: gateway, interface and GWLB endpoints (with the prefix lists and
//! placement they need), load balancers, endpoint services, S3 buckets and DynamoDB tables.

use super::*;

/// `com.amazonaws.<region>.<service>` → `<service>`; a bare name stays as it is.
pub(super) fn short_service(s: &str) -> String {
    let s = s.trim().to_ascii_lowercase();
    match crate::path::index::Index::service_of(&s) {
        Some((_, svc)) => svc.to_string(),
        None => s,
    }
}

/// The published ranges of the AWS-managed prefix lists in us-east-1 (AWS documentation and the console).
pub(super) fn known_prefix_list(
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

pub(super) fn add_gateway_endpoint(
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
    // Without a named table: the tables of the subnets the diagram's flows start from (the ones that need the
    // endpoint), else the main table. The note below says which, in words, so nothing happens silently.
    let from_sources = source_route_tables(&w.d, &vpc);
    let (candidates, why): (Vec<String>, &str) = match &named {
        Some(rt) => (vec![rt.clone()], "the table you chose"),
        None if !from_sources.is_empty() => (
            from_sources,
            "the tables of the subnets your flows start from",
        ),
        None => (
            t.route_tables
                .iter()
                .filter(|r| r.main && r.vpc_id == vpc)
                .map(|r| r.id.clone())
                .collect(),
            "the VPC's main table",
        ),
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
        w.note("The new gateway endpoint is on no route table yet: connect it to the route tables of the subnets that should use it.");
    } else {
        let label = if service == "dynamodb" {
            "DynamoDB"
        } else {
            "S3"
        };
        let tables = route_tables.join(", ");
        w.note(format!(
            "The {label} gateway endpoint now routes {label} traffic from route table{} {tables} ({why}). Change its route tables in its properties, or undo."
            , if route_tables.len() == 1 { "" } else { "s" }
        ));
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

/// The route tables (in `vpc`, in topology order, each once) of the subnets that the diagram's flows start from:
/// an instance's or interface's subnet, or the subnet holding a source address.
pub(crate) fn source_route_tables(d: &crate::diagram::Diagram, vpc: &str) -> Vec<String> {
    let t = &d.topology;
    let mut subnets: Vec<&str> = Vec::new();
    for f in &d.flows {
        let from = f.spec.from.as_str();
        let subnet = t
            .instances
            .iter()
            .find(|i| i.id == from)
            .and_then(|i| {
                i.subnet_id.as_deref().or_else(|| {
                    let eni = i.network_interface_ids.first()?;
                    t.network_interfaces
                        .iter()
                        .find(|n| &n.id == eni)
                        .map(|n| n.subnet_id.as_str())
                })
            })
            .or_else(|| {
                t.network_interfaces
                    .iter()
                    .find(|n| n.id == from)
                    .map(|n| n.subnet_id.as_str())
            })
            .or_else(|| {
                let ip: std::net::IpAddr = from.parse().ok()?;
                t.subnets
                    .iter()
                    .find(|s| {
                        s.cidr_block.is_some_and(|c| c.contains(&ip))
                            || s.ipv6_cidr_block.is_some_and(|c| c.contains(&ip))
                    })
                    .map(|s| s.id.as_str())
            });
        if let Some(s) = subnet {
            if !subnets.contains(&s) {
                subnets.push(s);
            }
        }
    }
    let mut tables: Vec<String> = Vec::new();
    for s in subnets {
        if let Some(rt) = crate::layout::subnet_route_table(t, s) {
            if rt.vpc_id == vpc && !tables.contains(&rt.id) {
                tables.push(rt.id.clone());
            }
        }
    }
    tables
}

/// One subnet per AZ of a VPC, preferring private (or public) subnets, AZs in order.
pub(super) fn subnet_per_az(t: &Topology, vpc: &str, prefer_public: bool) -> Vec<String> {
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
pub(super) fn placement(
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

pub(super) fn add_interface_endpoint(
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

pub(super) fn add_gwlb_endpoint(
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

pub(super) fn add_load_balancer(
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

pub(super) fn add_endpoint_service(
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

pub(super) fn add_service_resource(w: &mut Work, service: &str) -> Result<(), EditError> {
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
