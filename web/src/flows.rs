//! View-model of the flow editor: the choices offered for a flow's source and destination, and parsing of the
//! editor's fields. Plain Rust, tested natively. The choices are only suggestions (free text is always allowed);
//! whether a flow means anything is the trace engine's answer.

use vpclab_core::diagram::Flow;
use vpclab_core::model::{InterfaceKind, Topology};
use vpclab_core::FlowSpec;

/// One suggestion: the value typed into the field and a label saying what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

fn choice(value: impl Into<String>, label: impl Into<String>) -> Choice {
    Choice {
        value: value.into(),
        label: label.into(),
    }
}

fn named(kind: &str, name: Option<&str>) -> String {
    match name {
        Some(n) if !n.is_empty() => format!("{kind} “{n}”"),
        _ => kind.to_string(),
    }
}

/// Sources: instances, plain network interfaces, the internet, and on-premises when the topology reaches it.
pub fn sources(t: &Topology) -> Vec<Choice> {
    let mut out: Vec<Choice> = t
        .instances
        .iter()
        .map(|i| choice(&i.id, named("instance", i.name.as_deref())))
        .collect();
    out.extend(
        t.network_interfaces
            .iter()
            .filter(|e| e.kind == InterfaceKind::Interface && e.attached_to.is_none())
            .map(|e| choice(&e.id, "network interface")),
    );
    out.push(choice("internet", "the internet"));
    out
}

/// Destinations: instances, interfaces, endpoints and their DNS names, endpoint services, service resources
/// (buckets, tables) and services with an endpoint in the topology.
pub fn destinations(t: &Topology) -> Vec<Choice> {
    let region = t.region.as_deref().unwrap_or("us-east-1");
    let mut out: Vec<Choice> = t
        .instances
        .iter()
        .map(|i| choice(&i.id, named("instance", i.name.as_deref())))
        .collect();
    out.extend(
        t.network_interfaces
            .iter()
            .filter(|e| e.kind == InterfaceKind::Interface && e.attached_to.is_none())
            .map(|e| choice(&e.id, "network interface")),
    );
    for r in &t.service_resources {
        let region = r.region.as_deref().unwrap_or(region);
        let value = match r.service.as_str() {
            "s3" => format!("{}.s3.{region}.amazonaws.com", r.name),
            other => format!("{other}.{region}.amazonaws.com"),
        };
        out.push(choice(value, format!("{} {}", r.service, r.name)));
    }
    for e in &t.vpc_endpoints {
        out.push(choice(&e.id, format!("endpoint ({})", e.service_name)));
        for name in e.dns_names.iter().take(1) {
            out.push(choice(name, format!("endpoint DNS name ({})", e.id)));
        }
        // com.amazonaws.REGION.SERVICE → SERVICE.REGION.amazonaws.com
        if let Some(rest) = e.service_name.strip_prefix("com.amazonaws.") {
            if let Some((r, svc)) = rest.split_once('.') {
                if r != "vpce" && !svc.contains('.') {
                    out.push(choice(
                        format!("{svc}.{r}.amazonaws.com"),
                        format!("{svc} service"),
                    ));
                }
            }
        }
    }
    for s in &t.endpoint_services {
        if let Some(n) = &s.private_dns_name {
            out.push(choice(n, format!("endpoint service ({})", s.id)));
        }
        out.push(choice(&s.service_name, "endpoint service name"));
    }
    out.push(choice("203.0.113.10", "an internet address"));
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| seen.insert(c.value.clone()));
    out
}

/// A short title for a flow: its label, else `from → to`.
pub fn title(flow: &Flow) -> String {
    match &flow.label {
        Some(l) if !l.trim().is_empty() => l.clone(),
        _ => {
            let from = if flow.spec.from.is_empty() {
                "?"
            } else {
                &flow.spec.from
            };
            let to = if flow.spec.to.is_empty() {
                "?"
            } else {
                &flow.spec.to
            };
            format!("{from} → {to}")
        }
    }
}

/// `tcp/443`, `udp`, `icmp`.
pub fn protocol_port(spec: &FlowSpec) -> String {
    let proto = spec
        .protocol
        .as_deref()
        .unwrap_or("tcp")
        .to_ascii_lowercase();
    match spec.port {
        Some(p) => format!("{proto}/{p}"),
        None => proto,
    }
}

/// A new flow for the editor: from the first instance to the internet, HTTPS.
pub fn new_flow(t: &Topology) -> Flow {
    Flow::new(FlowSpec {
        from: t
            .instances
            .first()
            .map(|i| i.id.clone())
            .unwrap_or_default(),
        to: String::new(),
        port: Some(443),
        ..Default::default()
    })
}

/// Parses the port field: empty = the engine's default.
pub fn parse_port(s: &str) -> Result<Option<u16>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<u16>()
        .map(Some)
        .map_err(|_| "A port is a whole number from 0 to 65535.".to_string())
}

/// Parses the GB/month field: empty = 0.
pub fn parse_gb(s: &str) -> Result<Option<f64>, String> {
    let s = s.trim().replace(',', "");
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err("The volume is a number of GB a month, 0 or more.".to_string()),
    }
}

/// The text shown in the GB/month field.
pub fn gb_text(gb: Option<f64>) -> String {
    gb.map(|g| {
        if g.fract() == 0.0 {
            format!("{g:.0}")
        } else {
            g.to_string()
        }
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::gallery;

    #[test]
    fn every_gallery_flow_end_is_offered() {
        for e in gallery::examples() {
            let t = &e.diagram.topology;
            let from: Vec<String> = sources(t).into_iter().map(|c| c.value).collect();
            for f in &e.diagram.flows {
                if f.spec.from.starts_with("i-") {
                    assert!(from.contains(&f.spec.from), "{}: {}", e.id, f.spec.from);
                }
            }
            let to = destinations(t);
            assert!(to.iter().any(|c| c.value == "203.0.113.10"));
            let unique: std::collections::HashSet<_> = to.iter().map(|c| &c.value).collect();
            assert_eq!(unique.len(), to.len(), "{}: no duplicates", e.id);
        }
    }

    #[test]
    fn s3_gateway_endpoint_offers_the_bucket_name() {
        let e = gallery::example("s3-gateway-endpoint").unwrap();
        let to = destinations(&e.diagram.topology);
        assert!(
            to.iter().any(|c| c.value == "s3.us-east-1.amazonaws.com"
                || c.value.ends_with(".s3.us-east-1.amazonaws.com")),
            "{to:?}"
        );
    }

    #[test]
    fn titles_and_protocols() {
        let mut f = Flow::new(FlowSpec {
            from: "i-a".into(),
            to: "8.8.8.8".into(),
            port: Some(53),
            protocol: Some("UDP".into()),
            ..Default::default()
        });
        assert_eq!(title(&f), "i-a → 8.8.8.8");
        assert_eq!(protocol_port(&f.spec), "udp/53");
        f.label = Some("dns".into());
        assert_eq!(title(&f), "dns");
        assert_eq!(title(&Flow::default()), "? → ?");
        assert_eq!(protocol_port(&FlowSpec::default()), "tcp");
    }

    #[test]
    fn field_parsing() {
        assert_eq!(parse_port(""), Ok(None));
        assert_eq!(parse_port(" 443 "), Ok(Some(443)));
        assert!(parse_port("70000").is_err());
        assert!(parse_port("http").is_err());
        assert_eq!(parse_gb(""), Ok(None));
        assert_eq!(parse_gb("1,000"), Ok(Some(1000.0)));
        assert_eq!(parse_gb("0.5"), Ok(Some(0.5)));
        assert!(parse_gb("-1").is_err());
        assert!(parse_gb("lots").is_err());
        assert_eq!(gb_text(Some(1000.0)), "1000");
        assert_eq!(gb_text(Some(0.5)), "0.5");
        assert_eq!(gb_text(None), "");
    }

    #[test]
    fn a_new_flow_starts_at_the_first_instance() {
        let e = &gallery::examples()[0];
        let f = new_flow(&e.diagram.topology);
        assert_eq!(f.spec.from, e.diagram.topology.instances[0].id);
        assert_eq!(f.spec.port, Some(443));
    }
}
