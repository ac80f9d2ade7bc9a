//! View-model of the flow editor: titles and parsing of the editor's fields; the suggested flow ends come from
//! the core (`path::ends`). Plain Rust, tested natively. The choices are only suggestions (free text is always allowed);
//! whether a flow means anything is the trace engine's answer.

use vpclab_core::diagram::Flow;
use vpclab_core::model::Topology;
use vpclab_core::FlowSpec;

pub use vpclab_core::path::ends::{destinations, sources, FlowEnd as Suggestion};

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

/// The monthly volume a new flow starts with, so its cost means something before anything is typed.
pub const DEFAULT_GB_PER_MONTH: f64 = 100.0;

/// A new flow for the editor: from the first instance, HTTPS, [`DEFAULT_GB_PER_MONTH`]; the destination is asked.
pub fn new_flow(t: &Topology) -> Flow {
    Flow::new(FlowSpec {
        gb_per_month: Some(DEFAULT_GB_PER_MONTH),
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
        assert_eq!(f.spec.gb_per_month, Some(100.0));
    }
}
