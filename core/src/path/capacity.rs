//! The seed's reasons 2 and 3, latency and capacity, as data and pure functions.
//!
//! * **Capacity.** `pricing/capacity.json` holds AWS's documented per-component limits (NAT gateway, interface
//!   endpoint per AZ, Site-to-Site VPN tunnel, transit gateway attachment) and the correction of the seed's
//!   "Internet Gateway can choke": an internet gateway is horizontally scaled with no bandwidth constraint. A flow
//!   that carries a rate ([`crate::FlowSpec::gbps`], [`crate::FlowSpec::connections`]) gets the tightest documented
//!   limit on its path as an advisory citing the figure, its source and whether it is confirmed
//!   ([`capacity_advisories`]).
//! * **Latency.** AWS publishes no per-hop latency figures, so a reachable path is described by what it costs in
//!   hops and crossings: Availability Zone crossings, the internet leg, a NAT or appliance hop, and compared with
//!   the endpoint alternative when there is one ([`latency_advisory`]).
//!
//! Every figure is data with source, date and a confirmed flag, beside the price table.

use super::Advisory;
use crate::codes;
use serde::Deserialize;
use std::sync::OnceLock;

const CAPACITY_JSON: &str = include_str!("../pricing/capacity.json");

/// A component with a documented capacity (or, for the internet gateway, documented as having none).
#[derive(Debug, Clone, Deserialize)]
pub struct Limit {
    /// `internet-gateway`, `nat-gateway`, `interface-endpoint`, `vpn-tunnel`, `transit-gateway-attachment`.
    pub component: String,
    pub label: String,
    /// Documented as having no bandwidth limit.
    #[serde(default)]
    pub unlimited: bool,
    /// The bandwidth it starts at, when it scales automatically.
    #[serde(default)]
    pub gbps_start: Option<f64>,
    /// The most it documents.
    #[serde(default)]
    pub gbps_max: Option<f64>,
    #[serde(default)]
    pub pps_start: Option<u64>,
    #[serde(default)]
    pub pps_max: Option<u64>,
    /// Simultaneous connections to one unique destination (per IP address of a NAT gateway).
    #[serde(default)]
    pub connections_per_destination: Option<u64>,
    /// What the limit applies to, when not the whole component (e.g. "Availability Zone").
    #[serde(default)]
    pub per: Option<String>,
    pub text: String,
    pub source: String,
    pub as_of: String,
    pub confirmed: bool,
    #[serde(default)]
    pub note: String,
}

/// A qualitative latency fact.
#[derive(Debug, Clone, Deserialize)]
pub struct LatencyFact {
    /// `az-crossing`, `nat-hop`, `internet-leg`, `appliance-hop`.
    pub fact: String,
    pub text: String,
    pub source: String,
    pub as_of: String,
    pub confirmed: bool,
    #[serde(default)]
    pub note: String,
}

/// The embedded table (`core/src/pricing/capacity.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct Facts {
    pub version: String,
    pub limits: Vec<Limit>,
    pub latency: Vec<LatencyFact>,
}

impl Facts {
    pub fn from_json(text: &str) -> Result<Facts, crate::json::Error> {
        crate::json::from_str(text)
    }

    pub fn limit(&self, component: Component) -> Option<&Limit> {
        self.limits.iter().find(|l| l.component == component.key())
    }

    pub fn latency(&self, fact: &str) -> Option<&LatencyFact> {
        self.latency.iter().find(|l| l.fact == fact)
    }
}

/// The embedded facts.
pub fn facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| {
        // INVARIANT: the embedded file parses; the unit tests below check it on every build.
        Facts::from_json(CAPACITY_JSON).expect("core/src/pricing/capacity.json is valid")
    })
}

/// A part of a path that capacity or latency facts speak about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    InternetGateway,
    NatGateway,
    InterfaceEndpoint,
    VpnTunnel,
    TgwAttachment,
    /// An instance or ENI forwarding with source/destination check off, or a GWLB endpoint.
    Appliance,
}

impl Component {
    pub fn key(self) -> &'static str {
        match self {
            Component::InternetGateway => "internet-gateway",
            Component::NatGateway => "nat-gateway",
            Component::InterfaceEndpoint => "interface-endpoint",
            Component::VpnTunnel => "vpn-tunnel",
            Component::TgwAttachment => "transit-gateway-attachment",
            Component::Appliance => "appliance",
        }
    }
}

/// One component on a path, with its AWS id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathItem {
    pub component: Component,
    pub id: String,
}

fn cite(source: &str, as_of: &str, confirmed: bool) -> String {
    let unconfirmed = if confirmed { "" } else { ", unconfirmed" };
    format!("{source}, as of {as_of}{unconfirmed}")
}

fn gbps(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0} Gbps")
    } else {
        format!("{x} Gbps")
    }
}

/// Capacity advisories for a flow that carries a rate: the internet gateway's correction (no bandwidth limit),
/// the tightest documented limit on the path, and whether the rate or the connections are above it.
pub fn capacity_advisories(
    facts: &Facts,
    items: &[PathItem],
    rate_gbps: Option<f64>,
    connections: Option<u64>,
) -> Vec<Advisory> {
    let mut out = Vec::new();
    if rate_gbps.is_none() && connections.is_none() {
        return out;
    }
    if let Some(igw) = items
        .iter()
        .find(|i| i.component == Component::InternetGateway)
    {
        if let Some(l) = facts.limit(Component::InternetGateway) {
            out.push(Advisory {
                code: codes::VPCLAB_CAPACITY_IGW_NO_LIMIT.into(),
                message: format!(
                    "{} {}: {} ({})",
                    l.label,
                    igw.id,
                    l.text,
                    cite(&l.source, &l.as_of, l.confirmed)
                ),
            });
        }
    }
    let mut limited: Vec<(&PathItem, &Limit, f64)> = items
        .iter()
        .filter_map(|i| {
            let l = facts.limit(i.component)?;
            Some((i, l, l.gbps_max?))
        })
        .collect();
    // The tightest: the lowest documented maximum (first on the path on a tie).
    limited.sort_by(|a, b| a.2.total_cmp(&b.2));
    if let (Some(rate), Some(&(item, l, max))) = (rate_gbps, limited.first()) {
        let per = l
            .per
            .as_deref()
            .map(|p| format!(" per {p}"))
            .unwrap_or_default();
        out.push(Advisory {
            code: codes::VPCLAB_CAPACITY_LIMIT.into(),
            message: format!(
                "the tightest documented limit on this path is the {} {}: {} ({}); this flow's {} is {}",
                l.label,
                item.id,
                l.text,
                cite(&l.source, &l.as_of, l.confirmed),
                gbps(rate),
                if rate > max {
                    format!("above its {}{per}", gbps(max))
                } else if l.gbps_start.is_some_and(|s| rate > s) {
                    format!(
                        "above the {} it starts at{per}: it scales automatically up to {}",
                        gbps(l.gbps_start.unwrap_or(max)),
                        gbps(max)
                    )
                } else {
                    format!("within it{per}")
                }
            ),
        });
        if rate > max {
            out.push(Advisory {
                code: codes::VPCLAB_CAPACITY_EXCEEDED.into(),
                message: format!(
                    "{} is above the {}{per} AWS documents for the {} {} ({}): split the traffic over several {}s",
                    gbps(rate),
                    gbps(max),
                    l.label,
                    item.id,
                    cite(&l.source, &l.as_of, l.confirmed),
                    l.label
                ),
            });
        }
    } else if rate_gbps.is_some() && limited.is_empty() {
        out.push(Advisory {
            code: codes::VPCLAB_CAPACITY_LIMIT.into(),
            message: "no component on this path has a documented bandwidth limit of its own (the instances' own network bandwidth still applies)".into(),
        });
    }
    if let Some(n) = connections {
        for item in items
            .iter()
            .filter(|i| i.component == Component::NatGateway)
        {
            let Some(l) = facts.limit(Component::NatGateway) else {
                continue;
            };
            let Some(max) = l.connections_per_destination else {
                continue;
            };
            if n > max {
                out.push(Advisory {
                    code: codes::VPCLAB_CAPACITY_EXCEEDED.into(),
                    message: format!(
                        "{n} simultaneous connections to one destination are above the {max} a NAT gateway supports per unique destination and IP address ({}): {} needs more IP addresses (up to 8) or the traffic split",
                        cite(&l.source, &l.as_of, l.confirmed),
                        item.id
                    ),
                });
            }
        }
    }
    out
}

/// What a reachable path costs in hops and crossings, compared with the endpoint alternative (if any).
pub struct PathCost<'a> {
    /// Gateways and appliances the packet passes (not filters, tables or the ends).
    pub hops: usize,
    pub az_crossings: usize,
    pub items: &'a [PathItem],
    /// The endpoint that would replace the NAT / internet leg, in words (e.g. "an S3 gateway endpoint").
    pub alternative: Option<String>,
}

/// The latency advisory: only when the path has something that costs (an AZ crossing, an internet leg, a NAT
/// or appliance hop).
pub fn latency_advisory(facts: &Facts, p: &PathCost<'_>) -> Option<Advisory> {
    let has = |c: Component| {
        p.items
            .iter()
            .filter(|i| i.component == c)
            .collect::<Vec<_>>()
    };
    let nat = has(Component::NatGateway);
    let igw = has(Component::InternetGateway);
    let appliance = has(Component::Appliance);
    if p.az_crossings == 0 && nat.is_empty() && igw.is_empty() && appliance.is_empty() {
        return None;
    }
    let mut parts = vec![format!(
        "{} gateway or appliance hop{}",
        p.hops,
        if p.hops == 1 { "" } else { "s" }
    )];
    let mut sources = Vec::new();
    let note = |fact: &str, sources: &mut Vec<String>| {
        if let Some(f) = facts.latency(fact) {
            let s = cite(&f.source, &f.as_of, f.confirmed);
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
    };
    if p.az_crossings > 0 {
        parts.push(format!(
            "{} Availability Zone crossing{}",
            p.az_crossings,
            if p.az_crossings == 1 { "" } else { "s" }
        ));
        note("az-crossing", &mut sources);
    }
    let ids = |v: &[&PathItem]| {
        v.iter()
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !nat.is_empty() {
        parts.push(format!("a NAT gateway hop ({})", ids(&nat)));
        note("nat-hop", &mut sources);
    }
    if !appliance.is_empty() {
        parts.push(format!("an appliance hop ({})", ids(&appliance)));
        note("appliance-hop", &mut sources);
    }
    if !igw.is_empty() {
        parts.push(format!("an internet leg through {}", ids(&igw)));
        note("internet-leg", &mut sources);
    }
    let mut message = format!("this path costs {}", parts.join(", "));
    if let Some(alt) = &p.alternative {
        message.push_str(&format!(
            "; {alt} would take neither the NAT hop nor the internet leg{}",
            if p.az_crossings > 0 {
                ", from the source's own Availability Zone"
            } else {
                ""
            }
        ));
    }
    message.push_str(&format!(
        " (AWS publishes no per-hop latency; {})",
        sources.join("; ")
    ));
    Some(Advisory {
        code: codes::VPCLAB_PATH_LATENCY.into(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(c: Component, id: &str) -> PathItem {
        PathItem {
            component: c,
            id: id.into(),
        }
    }

    #[test]
    fn embedded_facts_parse_and_carry_sources() {
        let f = facts();
        for l in &f.limits {
            assert!(l.source.starts_with("https://"), "{}", l.component);
            assert!(!l.as_of.is_empty());
        }
        for c in [
            Component::InternetGateway,
            Component::NatGateway,
            Component::InterfaceEndpoint,
            Component::VpnTunnel,
            Component::TgwAttachment,
        ] {
            assert!(f.limit(c).is_some(), "{c:?}");
        }
        // The seed's "Internet Gateway can choke", corrected: no bandwidth limit.
        let igw = f.limit(Component::InternetGateway).unwrap();
        assert!(igw.unlimited && igw.gbps_max.is_none());
        // NAT-04: 5 → 100 Gbps, 55,000 connections per unique destination.
        let nat = f.limit(Component::NatGateway).unwrap();
        assert_eq!((nat.gbps_start, nat.gbps_max), (Some(5.0), Some(100.0)));
        assert_eq!(nat.connections_per_destination, Some(55_000));
    }

    #[test]
    fn no_rate_no_capacity_advisory() {
        let items = [item(Component::NatGateway, "nat-1")];
        assert!(capacity_advisories(facts(), &items, None, None).is_empty());
    }

    #[test]
    fn tightest_limit_is_named() {
        let items = [
            item(Component::TgwAttachment, "tgw-attach-a"),
            item(Component::NatGateway, "nat-1"),
            item(Component::InternetGateway, "igw-1"),
        ];
        let a = capacity_advisories(facts(), &items, Some(20.0), None);
        let codes: Vec<&str> = a.iter().map(|a| a.code.as_str()).collect();
        assert!(codes.contains(&"VPCLAB_CAPACITY_IGW_NO_LIMIT"), "{a:?}");
        let limit = a
            .iter()
            .find(|a| a.code == "VPCLAB_CAPACITY_LIMIT")
            .unwrap();
        // NAT and TGW attachment both document 100 Gbps; the first on the path is named.
        assert!(limit.message.contains("tgw-attach-a"), "{}", limit.message);
        assert!(!codes.contains(&"VPCLAB_CAPACITY_EXCEEDED"));
    }

    #[test]
    fn vpn_tunnel_is_tighter_and_exceeded() {
        let items = [
            item(Component::VpnTunnel, "vpn-1"),
            item(Component::NatGateway, "nat-1"),
        ];
        let a = capacity_advisories(facts(), &items, Some(2.0), None);
        let limit = a
            .iter()
            .find(|a| a.code == "VPCLAB_CAPACITY_LIMIT")
            .unwrap();
        assert!(limit.message.contains("vpn-1") && limit.message.contains("1.25 Gbps"));
        assert!(a.iter().any(|a| a.code == "VPCLAB_CAPACITY_EXCEEDED"));
    }

    #[test]
    fn nat_connections_per_destination() {
        let items = [item(Component::NatGateway, "nat-1")];
        let a = capacity_advisories(facts(), &items, None, Some(60_000));
        assert!(a
            .iter()
            .any(|a| a.code == "VPCLAB_CAPACITY_EXCEEDED" && a.message.contains("55000")));
        assert!(capacity_advisories(facts(), &items, None, Some(50_000)).is_empty());
    }

    #[test]
    fn latency_only_when_something_costs() {
        let none = PathCost {
            hops: 0,
            az_crossings: 0,
            items: &[],
            alternative: None,
        };
        assert!(latency_advisory(facts(), &none).is_none());
        let items = [
            item(Component::NatGateway, "nat-1"),
            item(Component::InternetGateway, "igw-1"),
        ];
        let p = PathCost {
            hops: 2,
            az_crossings: 1,
            items: &items,
            alternative: Some("an S3 gateway endpoint".into()),
        };
        let a = latency_advisory(facts(), &p).unwrap();
        assert_eq!(a.code, "VPCLAB_PATH_LATENCY");
        for want in [
            "1 Availability Zone crossing",
            "nat-1",
            "igw-1",
            "S3 gateway endpoint",
        ] {
            assert!(a.message.contains(want), "{}", a.message);
        }
    }
}
