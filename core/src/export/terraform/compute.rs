//! Instances, network interfaces and load balancers.

use super::*;

impl Writer<'_> {
    pub(super) fn instances(&mut self) {
        let t = self.t;
        for eni in t
            .network_interfaces
            .iter()
            .filter(|e| e.kind == InterfaceKind::Interface)
        {
            let mut body = vec![Item::Attr("subnet_id".into(), self.id_of(&eni.subnet_id))];
            if !eni.private_ips.is_empty() {
                let v4: Vec<String> = eni
                    .private_ips
                    .iter()
                    .filter(|i| i.is_ipv4())
                    .map(|i| q(&i.to_string()))
                    .collect();
                let v6: Vec<String> = eni
                    .private_ips
                    .iter()
                    .filter(|i| i.is_ipv6())
                    .map(|i| q(&i.to_string()))
                    .collect();
                if !v4.is_empty() {
                    body.push(Item::Attr("private_ips".into(), list(v4)));
                }
                if !v6.is_empty() {
                    body.push(Item::Attr("ipv6_addresses".into(), list(v6)));
                }
            }
            if !eni.security_group_ids.is_empty() {
                body.push(Item::Attr(
                    "security_groups".into(),
                    self.ids(&eni.security_group_ids),
                ));
            }
            if !eni.source_dest_check {
                body.push(Item::Attr("source_dest_check".into(), "false".into()));
            }
            if let Some(d) = &eni.description {
                body.push(Item::Attr("description".into(), q(d)));
            }
            let name = self.named(&eni.id);
            self.resource("aws_network_interface", &name, body);
        }
        for i in &t.instances {
            let name = self.named(&i.id);
            let mut body = vec![
                Item::Attr("ami".into(), "var.ami_id".into()),
                Item::Attr("instance_type".into(), "var.instance_type".into()),
            ];
            let enis: Vec<&String> = i
                .network_interface_ids
                .iter()
                .filter(|e| {
                    self.refs
                        .get(e.as_str())
                        .is_some_and(|(ty, _)| *ty == "aws_network_interface")
                })
                .collect();
            if enis.is_empty() {
                if let Some(s) = &i.subnet_id {
                    body.push(Item::Attr("subnet_id".into(), self.id_of(s)));
                }
                if let Some(ip) = i.private_ip.filter(|ip| ip.is_ipv4()) {
                    body.push(Item::Attr("private_ip".into(), q(&ip.to_string())));
                }
                if !i.security_group_ids.is_empty() {
                    body.push(Item::Attr(
                        "vpc_security_group_ids".into(),
                        self.ids(&i.security_group_ids),
                    ));
                }
                if i.public_ip.is_some() {
                    body.push(Item::Attr(
                        "associate_public_ip_address".into(),
                        "true".into(),
                    ));
                }
                if !i.ipv6_addresses.is_empty() {
                    body.push(Item::Attr(
                        "ipv6_addresses".into(),
                        list(i.ipv6_addresses.iter().map(|a| q(&a.to_string()))),
                    ));
                }
                if !i.source_dest_check {
                    body.push(Item::Attr("source_dest_check".into(), "false".into()));
                }
            } else {
                for (k, e) in enis.into_iter().enumerate() {
                    let eni = self.id_of(e);
                    body.push(Item::Block(
                        "network_interface".into(),
                        vec![
                            Item::Attr("network_interface_id".into(), eni),
                            Item::Attr("device_index".into(), k.to_string()),
                        ],
                    ));
                }
            }
            body.push(Self::tags(&i.name, &i.id));
            self.resource("aws_instance", &name, body);
        }
    }

    pub(super) fn load_balancers(&mut self) {
        for lb in &self.t.load_balancers {
            let name = self.named(&lb.id);
            let kind = if lb.kind.is_empty() {
                "network"
            } else {
                lb.kind.as_str()
            };
            let mut lb_name: String = ident(lb.name.as_deref().unwrap_or(&name))
                .replace('_', "-")
                .chars()
                .take(32)
                .collect();
            lb_name = lb_name.trim_matches('-').to_string();
            let mut body = vec![
                Item::Attr("name".into(), q(&lb_name)),
                Item::Attr("load_balancer_type".into(), q(kind)),
                Item::Attr("subnets".into(), self.ids(&lb.subnet_ids)),
            ];
            if kind != "gateway" {
                body.push(Item::Attr(
                    "internal".into(),
                    (!lb.internet_facing).to_string(),
                ));
            }
            if lb.cross_zone {
                body.push(Item::Attr(
                    "enable_cross_zone_load_balancing".into(),
                    "true".into(),
                ));
            }
            if !lb.listener_ports.is_empty() {
                body.push(Item::Comment(format!(
                    "listeners on {} and targets are not exported",
                    lb.listener_ports
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            self.resource("aws_lb", &name, body);
        }
    }
}
