//! VPC endpoints (endpoint ids in `GatewayId`, policies as JSON strings) and endpoint services.

use super::*;

impl Cx<'_> {
    pub(super) fn vpc_endpoint(
        &mut self,
        id: String,
        item: Item<dto::VpcEndpoint>,
    ) -> Option<VpcEndpoint> {
        let e = item.v;
        let doc = item.doc;
        let state = match non_empty(&e.state) {
            None => EndpointState::Available,
            Some(s) => match norm(s).as_str() {
                "available" => EndpointState::Available,
                "pendingacceptance" => EndpointState::PendingAcceptance,
                "pending" => EndpointState::Pending,
                "rejected" => EndpointState::Rejected,
                "failed" => EndpointState::Failed,
                "expired" => EndpointState::Expired,
                "deleting" => EndpointState::Deleting,
                "deleted" => {
                    self.inactive("VPC endpoint", &id, s, doc);
                    return None;
                }
                _ => EndpointState::Other(s.to_string()),
            },
        };
        let Some(vpc_id) = non_empty(&e.vpc_id).map(str::to_string) else {
            self.missing(&id, "VpcId", doc);
            return None;
        };
        let route_table_ids: Vec<String> = e
            .route_table_ids
            .iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect();
        let subnet_ids: Vec<String> = e
            .subnet_ids
            .iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .cloned()
            .collect();
        let kind = match e.vpc_endpoint_type.as_deref().map(norm).as_deref() {
            Some("gateway") => EndpointKind::Gateway,
            Some("interface") => EndpointKind::Interface,
            Some("gatewayloadbalancer") => EndpointKind::GatewayLoadBalancer,
            Some("resource") => EndpointKind::Resource,
            Some("servicenetwork") => EndpointKind::ServiceNetwork,
            other => {
                if other.is_some() {
                    let raw = e.vpc_endpoint_type.clone().unwrap_or_default();
                    self.bad_value(&id, "VpcEndpointType", &raw, "a known endpoint type", doc);
                }
                if !route_table_ids.is_empty()
                    || subnet_ids.is_empty()
                        && e.network_interface_ids.as_ref().is_none_or(Vec::is_empty)
                {
                    EndpointKind::Gateway
                } else {
                    EndpointKind::Interface
                }
            }
        };
        // Quirk 3: the policy is a JSON document inside a string.
        let policy = match e.policy_document {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => match crate::json::from_str::<Value>(&s) {
                Ok(v) => Some(v),
                Err(err) => {
                    let label = self.label(doc).to_string();
                    self.warn(
                        codes::BAD_POLICY,
                        &id,
                        "PolicyDocument",
                        format!("the `PolicyDocument` of `{id}` in `{label}` is not valid JSON ({err}); the default full-access policy is assumed"),
                    );
                    None
                }
            },
            Some(v @ Value::Object(_)) => Some(v),
            Some(other) => {
                let label = self.label(doc).to_string();
                self.warn(
                    codes::BAD_POLICY,
                    &id,
                    "PolicyDocument",
                    format!("the `PolicyDocument` of `{id}` in `{label}` is a {}, not a JSON document; the default full-access policy is assumed", crate::import::aws_cli::detect::json_type(&other)),
                );
                None
            }
        };
        let dns = e.dns_options.unwrap_or_default();
        Some(VpcEndpoint {
            vpc_id,
            service_name: non_empty(&e.service_name)
                .map(str::to_string)
                .unwrap_or_default(),
            kind,
            state,
            route_table_ids,
            subnet_ids,
            network_interface_ids: e
                .network_interface_ids
                .unwrap_or_default()
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect(),
            security_group_ids: e
                .groups
                .iter()
                .flatten()
                .filter_map(|g| non_empty(&g.group_id).map(str::to_string))
                .collect(),
            // Gateway endpoints have no private DNS (moto reports `true` for them, quirk 10).
            private_dns_enabled: kind != EndpointKind::Gateway
                && e.private_dns_enabled.unwrap_or(false),
            private_dns_only_for_inbound_resolver_endpoint: dns
                .private_dns_only_for_inbound_resolver_endpoint
                .unwrap_or(false),
            ip_address_type: match e.ip_address_type.as_deref().map(norm).as_deref() {
                Some("ipv6") => IpAddressType::Ipv6,
                Some("dualstack") => IpAddressType::Dualstack,
                _ => IpAddressType::Ipv4,
            },
            dns_record_ip_type: non_empty(&dns.dns_record_ip_type).map(str::to_string),
            policy,
            service_region: non_empty(&e.service_region).map(str::to_string),
            dns_names: e
                .dns_entries
                .iter()
                .flatten()
                .filter_map(|d| non_empty(&d.dns_name).map(str::to_string))
                .collect(),
            id,
        })
    }

    pub(super) fn endpoint_services(
        &mut self,
        t: &mut Topology,
        configurations: Vec<Item<dto::EndpointService>>,
        details: Vec<Item<dto::EndpointService>>,
        _names: Vec<Item<String>>,
    ) {
        // AWS's own services (77 in one us-east-1 catalogue) are known to the engine by name; only those an
        // endpoint of the snapshot uses are kept, plus every service of another provider and every service the
        // snapshot's account provides.
        let used: HashSet<&str> = t
            .vpc_endpoints
            .iter()
            .map(|e| e.service_name.as_str())
            .collect();
        let mut out: Vec<EndpointService> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        // Older outputs (still printed for AWS services) have no `ServiceId`: the service name identifies them.
        let details = self.dedup(details, "ServiceDetails", "ServiceId", |s| {
            s.service_id.as_deref().or(s.service_name.as_deref())
        });
        let configurations =
            self.dedup(configurations, "ServiceConfigurations", "ServiceId", |s| {
                s.service_id.as_deref()
            });
        for (provider_side, (id, item)) in details
            .into_iter()
            .map(|x| (false, x))
            .chain(configurations.into_iter().map(|x| (true, x)))
        {
            let s = item.v;
            let doc = item.doc;
            let name = non_empty(&s.service_name)
                .map(str::to_string)
                .unwrap_or_default();
            let owner = non_empty(&s.owner).map(str::to_string);
            if !provider_side && owner.as_deref() == Some("amazon") && !used.contains(name.as_str())
            {
                continue;
            }
            if let Some(st) = non_empty(&s.service_state) {
                if matches!(norm(st).as_str(), "deleted" | "deleting" | "failed") {
                    self.inactive("endpoint service", &id, st, doc);
                    continue;
                }
            }
            let kind = match s
                .service_type
                .iter()
                .flatten()
                .find_map(|k| non_empty(&k.service_type))
                .map(norm)
                .as_deref()
            {
                Some("gateway") => EndpointKind::Gateway,
                Some("gatewayloadbalancer") => EndpointKind::GatewayLoadBalancer,
                _ => EndpointKind::Interface,
            };
            let region = non_empty(&s.service_region)
                .map(str::to_string)
                .or_else(|| region_of_service_name(&name))
                .or_else(|| self.infos.get(doc).and_then(|i| i.region.clone()))
                .or_else(|| t.region.clone());
            let service = EndpointService {
                service_name: name,
                region,
                kind,
                acceptance_required: s.acceptance_required.unwrap_or(false),
                load_balancer_arns: s
                    .network_load_balancer_arns
                    .iter()
                    .chain(s.gateway_load_balancer_arns.iter())
                    .flatten()
                    .cloned()
                    .collect(),
                availability_zones: s.availability_zones.unwrap_or_default(),
                allowed_principals: Vec::new(),
                supported_regions: s
                    .supported_regions
                    .iter()
                    .flatten()
                    .filter_map(|r| non_empty(&r.region).map(str::to_string))
                    .collect(),
                private_dns_name: non_empty(&s.private_dns_name).map(str::to_string),
                owner,
                id: id.clone(),
            };
            match index.get(&id) {
                // The provider's own configuration wins over the consumer-side description of the same service.
                Some(&i) => {
                    if let Some(slot) = out.get_mut(i) {
                        let owner = slot.owner.take();
                        *slot = service;
                        slot.owner = slot.owner.take().or(owner);
                    }
                }
                None => {
                    index.insert(id, out.len());
                    out.push(service);
                }
            }
        }
        t.endpoint_services = out;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Instances, network interfaces, Elastic IPs
}

/// `com.amazonaws.us-east-1.s3` → `us-east-1`; `com.amazonaws.vpce.eu-west-1.vpce-svc-…` → `eu-west-1`.
pub(super) fn region_of_service_name(name: &str) -> Option<String> {
    name.split('.')
        .find(|p| looks_like_region(p))
        .map(str::to_string)
}
