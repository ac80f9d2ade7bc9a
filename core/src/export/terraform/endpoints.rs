//! VPC endpoints and endpoint services.

use super::*;

impl Writer<'_> {
    pub(super) fn endpoints(&mut self) {
        let t = self.t;
        for s in &t.endpoint_services {
            let name = self.named(&s.id);
            let lbs: Vec<String> = s
                .load_balancer_arns
                .iter()
                .map(|a| self.attr(a, "arn"))
                .collect();
            let key = if s.kind == EndpointKind::GatewayLoadBalancer {
                "gateway_load_balancer_arns"
            } else {
                "network_load_balancer_arns"
            };
            let mut body = vec![
                Item::Attr(
                    "acceptance_required".into(),
                    s.acceptance_required.to_string(),
                ),
                Item::Attr(key.into(), list(lbs)),
            ];
            if !s.allowed_principals.is_empty() {
                body.push(Item::Attr(
                    "allowed_principals".into(),
                    list(s.allowed_principals.iter().map(|p| q(p))),
                ));
            }
            if !s.supported_regions.is_empty() {
                body.push(Item::Attr(
                    "supported_regions".into(),
                    list(s.supported_regions.iter().map(|p| q(p))),
                ));
            }
            if let Some(d) = &s.private_dns_name {
                body.push(Item::Attr("private_dns_name".into(), q(d)));
            }
            self.resource("aws_vpc_endpoint_service", &name, body);
        }
        for e in &t.vpc_endpoints {
            let name = self.named(&e.id);
            let service = match t
                .endpoint_services
                .iter()
                .find(|s| s.service_name == e.service_name)
            {
                Some(s) => self.attr(&s.id, "service_name"),
                None => q(&e.service_name),
            };
            let kind = match e.kind {
                EndpointKind::Gateway => "Gateway",
                EndpointKind::Interface => "Interface",
                EndpointKind::GatewayLoadBalancer => "GatewayLoadBalancer",
                EndpointKind::Resource => "Resource",
                EndpointKind::ServiceNetwork => "ServiceNetwork",
            };
            let mut body = vec![
                Item::Attr("vpc_id".into(), self.id_of(&e.vpc_id)),
                Item::Attr("service_name".into(), service),
                Item::Attr("vpc_endpoint_type".into(), q(kind)),
            ];
            if let Some(r) = &e.service_region {
                body.push(Item::Attr("service_region".into(), q(r)));
            }
            if e.kind == EndpointKind::Gateway {
                // Its own associations, plus the tables whose routes name it (the route AWS adds for it).
                let mut tables: Vec<String> = e.route_table_ids.clone();
                for rt in &t.route_tables {
                    if rt.routes.iter().any(|r| r.target == e.id) && !tables.contains(&rt.id) {
                        tables.push(rt.id.clone());
                    }
                }
                if !tables.is_empty() {
                    body.push(Item::Attr("route_table_ids".into(), self.ids(&tables)));
                }
            }
            if !e.subnet_ids.is_empty() {
                body.push(Item::Attr("subnet_ids".into(), self.ids(&e.subnet_ids)));
            }
            if !e.security_group_ids.is_empty() {
                body.push(Item::Attr(
                    "security_group_ids".into(),
                    self.ids(&e.security_group_ids),
                ));
            }
            if e.kind == EndpointKind::Interface {
                body.push(Item::Attr(
                    "private_dns_enabled".into(),
                    e.private_dns_enabled.to_string(),
                ));
            }
            if e.ip_address_type != IpAddressType::Ipv4 {
                let ty = match e.ip_address_type {
                    IpAddressType::Ipv4 => "ipv4",
                    IpAddressType::Ipv6 => "ipv6",
                    IpAddressType::Dualstack => "dualstack",
                };
                body.push(Item::Attr("ip_address_type".into(), q(ty)));
            }
            if e.dns_record_ip_type.is_some() || e.private_dns_only_for_inbound_resolver_endpoint {
                let mut dns = Vec::new();
                if let Some(d) = &e.dns_record_ip_type {
                    dns.push(Item::Attr("dns_record_ip_type".into(), q(d)));
                }
                if e.private_dns_only_for_inbound_resolver_endpoint {
                    dns.push(Item::Attr(
                        "private_dns_only_for_inbound_resolver_endpoint".into(),
                        "true".into(),
                    ));
                }
                body.push(Item::Block("dns_options".into(), dns));
            }
            if let Some(p) = &e.policy {
                body.push(Item::Attr(
                    "policy".into(),
                    format!("jsonencode({})", hcl_value(p, 0)),
                ));
            }
            body.push(Self::tags(&None, &e.id));
            self.resource("aws_vpc_endpoint", &name, body);
        }
    }
}
