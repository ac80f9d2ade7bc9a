//! VPC endpoints: gateway endpoints as route targets (GE-14, GE-25), GWLB endpoints (GW-02), interface
//! endpoints and the service behind them (AWS services; PrivateLink endpoint services ES-01..ES-10), and the
//! policies a request to S3/DynamoDB must pass (GE-18..GE-20, IE-19).

use super::*;

impl<'a, 't> Walker<'a, 't> {
    // ---------------------------------------------------------------- endpoints

    pub(super) fn via_endpoint(&mut self, e: usize, vpc: usize, origin: Origin) -> Step {
        let ix = self.ix;
        let ep = &ix.topo.vpc_endpoints[e];
        match ep.kind {
            EndpointKind::Gateway => {
                self.hop(&ep.id, HopKind::VPC_ENDPOINT, format!("gateway endpoint for {}", ep.service_name));
                if origin != Origin::Local {
                    return self.block(
                        codes::VPCLAB_GATEWAY_ENDPOINT_NOT_EXTENDABLE,
                        &ep.id,
                        format!(
                            "traffic that entered {} over {} cannot use its gateway endpoint: endpoint connections cannot be extended out of a VPC (GE-14, PCX-03)",
                            ix.topo.vpcs[vpc].id,
                            origin_name(origin)
                        ),
                    );
                }
                if self.pkt.protocol != TCP && self.pkt.protocol != ICMP {
                    return self.block(
                        codes::VPCE_GATEWAY_PROTOCOL_RESTRICTION,
                        &ep.id,
                        format!("a gateway endpoint carries only TCP (and ICMP echo), not {} (GE-25)", self.pkt.describe()),
                    );
                }
                if ep.state != EndpointState::Available {
                    return self.block(codes::BAD_STATE, &ep.id, format!("endpoint {} is not available", ep.id));
                }
                let (region, service) = Index::service_of(&ep.service_name).unwrap_or(("", ep.service_name.as_str()));
                let id = format!("aws-service:{service}.{region}");
                self.hop(&id, HopKind::AwsService, format!("{} in {region} over the AWS network", service));
                self.policy_check(Some(e))?;
                self.accept()
            }
            EndpointKind::GatewayLoadBalancer => {
                self.hop(&ep.id, HopKind::VPC_ENDPOINT, format!("Gateway Load Balancer endpoint sends the packet for inspection to {}", ep.service_name));
                if origin == Origin::Vpn {
                    return self.block(
                        codes::VPCLAB_GATEWAY_ROUTE_TARGET_UNSUPPORTED,
                        &ep.id,
                        "traffic from a virtual private gateway routed to a Gateway Load Balancer endpoint is dropped (GW-05)"
                            .into(),
                    );
                }
                if ep.state != EndpointState::Available {
                    return self.block(codes::BAD_STATE, &ep.id, format!("endpoint {} is not available", ep.id));
                }
                // SG-08: it comes back from the endpoint's interface, so a rule referencing the source's security
                // group no longer matches it.
                if self.src_host.is_some() {
                    self.forwarded_by = Some(ep.id.clone());
                }
                self.src_host = None;
                // After inspection the packet comes back out of the endpoint and is routed by its subnet's table.
                let Some(subnet) = ep.subnet_ids.first().and_then(|s| ix.subnet.get(s.as_str())).copied() else {
                    return self.block(codes::UNASSOCIATED_COMPONENT, &ep.id, "the GWLB endpoint has no subnet".into());
                };
                self.route_from_subnet(subnet, vpc, origin)
            }
            _ => self.block(
                codes::UNSUPPORTED_COMPONENT,
                &ep.id,
                format!("only gateway and Gateway Load Balancer endpoints can be route targets, not {:?} endpoints", ep.kind),
            ),
        }
    }

    /// Past an interface endpoint's ENI: the service behind it.
    pub(super) fn endpoint_service(&mut self, e: usize, h: usize, _origin: Origin) -> Step {
        let ix = self.ix;
        let t = ix.topo;
        let ep = &t.vpc_endpoints[e];
        // A provider's load balancer whose target is this very endpoint would hand the packet back to it for ever.
        self.no_loop(Visit::Endpoint(e), &ep.id, |pkt| {
            format!(
                "the packet to {} returns to endpoint {}: a loop through its service's load balancer",
                pkt.dst, ep.id
            )
        })?;
        match &ep.state {
            EndpointState::Available => {}
            EndpointState::PendingAcceptance => {
                return self.block(
                    codes::BAD_STATE,
                    &ep.id,
                    format!("endpoint {} is pendingAcceptance: the provider has not accepted it, so it carries no traffic (ES-02)", ep.id),
                )
            }
            EndpointState::Rejected => {
                return self.block(codes::BAD_STATE, &ep.id, format!("endpoint {} was rejected by the service provider (ES-02)", ep.id))
            }
            other => {
                return self.block(codes::BAD_STATE, &ep.id, format!("endpoint {} is in state {other:?} and carries no traffic", ep.id))
            }
        }
        // Resource endpoints (VPC Lattice family) carry TCP only (RE-02).
        if ep.kind == EndpointKind::Resource && self.pkt.protocol != TCP {
            return self.block(
                codes::PROTOCOL_RESTRICTION,
                &ep.id,
                format!(
                    "resource endpoint {} carries TCP only, not {} (RE-02)",
                    ep.id,
                    self.pkt.describe()
                ),
            );
        }
        // Cross-Region interface endpoints to AWS services: only the documented services (CR-01).
        let vpc_region = ix
            .vpc
            .get(ep.vpc_id.as_str())
            .and_then(|&v| ix.vpc_region[v].as_deref());
        if let (Some(service_region), Some((_, service))) = (
            ep.service_region.as_deref(),
            Index::service_of(&ep.service_name),
        ) {
            if Some(service_region) != vpc_region
                && !crate::path::dns::CROSS_REGION_SERVICES.contains(&service)
            {
                return self.block(
                    codes::VPCLAB_CROSS_REGION_SERVICE_UNSUPPORTED,
                    &ep.id,
                    format!("{service} does not support cross-Region PrivateLink; supported: {} (CR-01)", crate::path::dns::CROSS_REGION_SERVICES.join(", ")),
                );
            }
        }
        let Some(svc) = t
            .endpoint_services
            .iter()
            .find(|s| s.service_name == ep.service_name)
        else {
            let id = match Index::service_of(&ep.service_name) {
                Some((region, service)) => format!("aws-service:{service}.{region}"),
                None => format!("aws-service:{}", ep.service_name),
            };
            self.hop(
                &id,
                HopKind::AwsService,
                format!("{} is reached over AWS PrivateLink", ep.service_name),
            );
            self.policy_check(Some(e))?;
            return self.accept();
        };
        // The provider side: an endpoint service in front of an NLB (ES-01). Cross-Region access does not need
        // the provider's and the consumer's AZs to match (CR-09); in one Region they must (ES-04).
        let consumer_region = ix.vpc_region[self.host(h).vpc].as_deref();
        let service_region = svc.region.as_deref().or_else(|| {
            svc.service_name
                .strip_prefix("com.amazonaws.vpce.")
                .and_then(|r| r.split('.').next())
        });
        let cross_region =
            matches!((consumer_region, service_region), (Some(a), Some(b)) if a != b);
        // The provider no longer lists the consumer's Region: the existing endpoint keeps working, but no new
        // one could be created there (CR-06, CR-07).
        if cross_region && !svc.supported_regions.is_empty() {
            let consumer = consumer_region.unwrap_or_default();
            if !svc.supported_regions.iter().any(|r| r == consumer) {
                self.advise(
                    codes::VPCLAB_SERVICE_REGION_REMOVED,
                    format!(
                        "endpoint service {} does not list {consumer} among its supported Regions ({}): {} keeps working, but a new endpoint from {consumer} could not be created (CR-07)",
                        svc.id,
                        svc.supported_regions.join(", "),
                        ep.id
                    ),
                );
            }
        }
        let az = if cross_region {
            None
        } else {
            ix.subnet_az(self.host(h).subnet)
        };
        self.hop(
            &svc.id,
            HopKind::ENDPOINT_SERVICE,
            format!("endpoint service {} ({})", svc.id, svc.service_name),
        );
        if let Some(az) = az {
            if !svc.availability_zones.is_empty() && !svc.availability_zones.iter().any(|a| a == az)
            {
                return self.block(
                    codes::VPCE_SERVICE_NOT_INSTALLED_IN_AZ,
                    &svc.id,
                    format!(
                        "the endpoint's interface is in {az}, but service {} is available only in {} (ES-04, ES-10)",
                        svc.id,
                        svc.availability_zones.join(", ")
                    ),
                );
            }
        }
        let lb = svc.load_balancer_arns.iter().find_map(|arn| {
            t.load_balancers
                .iter()
                .find(|l| &l.id == arn || l.name.as_deref() == Some(arn))
        });
        let Some(lb) = lb else {
            self.hop(
                &svc.id,
                HopKind::ENDPOINT_SERVICE,
                "the provider's load balancer is not part of the topology".into(),
            );
            return self.accept();
        };
        let lb_label = lb.name.clone().unwrap_or_else(|| lb.id.clone());
        if let (false, Some(port)) = (lb.listener_ports.is_empty(), self.pkt.dst_port) {
            if !lb.listener_ports.contains(&port) {
                self.hop(
                    &lb_label,
                    HopKind::LOAD_BALANCER,
                    format!("no listener on port {port}"),
                );
                return self.block(
                    codes::ELBV2_LISTENER_PORT_RESTRICTION,
                    &lb_label,
                    format!(
                        "load balancer {lb_label} listens on {:?}, not on port {port}",
                        lb.listener_ports
                    ),
                );
            }
        }
        self.hop(
            &lb_label,
            HopKind::LOAD_BALANCER,
            format!(
                "{} load balancer of the provider forwards to a target",
                lb.kind
            ),
        );
        // Targets see the load balancer's address as the source (no client IP over PrivateLink).
        let target = lb
            .targets
            .iter()
            .find_map(|tid| ix.host_in_az(ix.hosts_of.get(tid.as_str())?, az));
        let Some(th) = target else {
            if lb.targets.is_empty() {
                return self.accept();
            }
            return self.block(
                codes::ELBV2_NO_TARGETS_IN_AZ,
                &lb_label,
                format!("no target of {lb_label} is in the topology"),
            );
        };
        let lb_vpc = ix
            .vpc
            .get(lb.vpc_id.as_str())
            .copied()
            .unwrap_or(self.host(th).vpc);
        let lb_ip = lb
            .subnet_ids
            .iter()
            .filter_map(|s| ix.subnet.get(s.as_str()))
            .find_map(|&s| ix.topo.subnets[s].cidr_block.map(|c| c.network()))
            .unwrap_or(self.pkt.src);
        let _ = lb_vpc;
        self.pkt.src = lb_ip;
        self.src_host = None;
        if let Some(ip) = self.host(th).ips.first().copied() {
            self.pkt.dst = ip;
        }
        self.arrive_host(th, None, Origin::Local)
    }

    /// Endpoint policy ∧ resource policy ∧ identity for the request this flow carries to an AWS service
    /// (GE-18..GE-20, IE-19). `endpoint` is the VPC endpoint the request came through, `None` on the public path.
    pub(super) fn policy_check(&mut self, endpoint: Option<usize>) -> Step {
        use crate::policy::{evaluate_layers, Layer, PolicyDocument, PolicyKind, Request};
        let ix = self.ix;
        let t = ix.topo;
        let svc = self.service.clone().or_else(|| {
            let e = endpoint?;
            let (region, service) = Index::service_of(&t.vpc_endpoints[e].service_name)?;
            Some(crate::path::dns::ServiceName {
                service: service.into(),
                region: region.into(),
                bucket: None,
            })
        });
        let Some(svc) = svc else { return Ok(()) };
        let ApiRequest {
            action,
            resource,
            principal,
        } = self.request.clone();
        let mut req = match svc.service.as_str() {
            "s3" => Request::for_s3(svc.bucket.as_deref(), None, action.as_deref()),
            "dynamodb" => Request::for_dynamodb(&svc.region, None, None, action.as_deref()),
            _ => match &action {
                Some(a) => Request::new(a, resource.as_deref().unwrap_or("*")),
                None => return Ok(()),
            },
        };
        if let Some(r) = &resource {
            req.resource = r.clone();
        }
        req = req.with_principal(principal.as_deref().unwrap_or(""));
        let source_ip = self
            .src_host
            .and_then(|h| self.host(h).ips.first().copied())
            .unwrap_or(self.pkt.src);
        let endpoint_doc;
        let mut layers = Vec::new();
        match endpoint {
            Some(e) => {
                let ep = &t.vpc_endpoints[e];
                req = req.via_endpoint(&ep.id, &ep.vpc_id, Some(source_ip));
                endpoint_doc = match PolicyDocument::of_endpoint(ep) {
                    Ok(doc) => Some(doc),
                    Err(diags) => {
                        let first = diags.first().map(|d| d.message.clone()).unwrap_or_default();
                        self.advise(
                            codes::VPCLAB_POLICY_MALFORMED,
                            format!("the policy of {} is malformed and is ignored here ({first}); AWS would reject it", ep.id),
                        );
                        None
                    }
                };
                layers.push(Layer::endpoint(
                    &ep.id,
                    PolicyKind::of_endpoint(&ep.kind),
                    endpoint_doc.as_ref(),
                ));
            }
            None => req = req.via_public_ip(self.pkt.src),
        }
        // The resource the request is for: the bucket of the name, or a DynamoDB table from the resource ARN.
        let resource_name = svc.bucket.clone().or_else(|| {
            let arn = req.resource.as_str();
            arn.split_once(":table/")
                .map(|(_, rest)| rest.split('/').next().unwrap_or(rest).to_string())
        });
        let resource = resource_name.as_deref().and_then(|name| {
            t.service_resources
                .iter()
                .find(|r| r.service == svc.service && r.name == name)
        });
        // A caller from another account needs the resource policy's allow too (cross-account access).
        if let Some(account) = resource.and_then(|r| r.account_id.as_deref()) {
            req = req.with_resource_account(account);
        }
        let resource_doc = resource.and_then(|r| {
            let value = r.policy.as_ref()?;
            PolicyDocument::parse(value, &r.name, PolicyKind::Resource).ok()
        });
        if let (Some(name), Some(doc)) = (resource_name.as_deref(), resource_doc.as_ref()) {
            layers.push(match svc.service.as_str() {
                "dynamodb" => Layer::table(name, Some(doc)),
                _ => Layer::bucket(name, Some(doc)),
            });
        }
        if layers.is_empty() {
            return Ok(());
        }
        let decision = evaluate_layers(&layers, &req);
        if decision.is_allowed() {
            return Ok(());
        }
        let code = match decision.kind {
            Some(k) if k.is_endpoint() => codes::VPCLAB_ENDPOINT_POLICY_DENY,
            Some(PolicyKind::Identity) => codes::VPCLAB_IDENTITY_POLICY_DENY,
            _ => codes::VPCLAB_RESOURCE_POLICY_DENY,
        };
        let component = match (code, endpoint) {
            (c, Some(e)) if c == codes::VPCLAB_ENDPOINT_POLICY_DENY => {
                t.vpc_endpoints[e].id.clone()
            }
            _ => resource_name.clone().unwrap_or_else(|| svc.service.clone()),
        };
        self.block(
            code,
            &component,
            format!(
                "{} on {}: {}",
                req.action, req.resource, decision.explanation
            ),
        )
    }
}
