//! What a flow costs a month, what the topology costs a month, and which real design changes would cost less.
//!
//! * [`flow_cost`] prices a flow from its **trace**: it walks the hops, resolves each hop id to the model object
//!   (instance → subnet AZ, NAT gateway → subnet AZ, endpoint ENI → its subnet) and charges what the path does —
//!   NAT processing (NAT-08, DT-03), interface / GWLB endpoint processing (IE-15, GW-07), internet egress (DT-02),
//!   inter-AZ transfer on both sides (DT-01, NAT-10), inter-Region transfer priced per Region pair (CR-10, PR-01),
//!   data out over Direct Connect (PR-02), transit gateway processing and peering across AZs (PCX-07). Gateway endpoints are free (GE-10). Client → interface endpoint ENI in another AZ
//!   carries no inter-AZ charge (DT-05, **unconfirmed**), and neither does traffic through a transit gateway (same
//!   2022 announcement, **unconfirmed**): both show as $0 items marked unconfirmed.
//! * [`fixed_costs`] lists the hourly items × 730 h: NAT gateways, interface endpoints × AZs (IE-02), GWLB
//!   endpoints, public IPv4 addresses (DT-04), load balancers (hours, plus 1 capacity unit an hour assumed, PR-03),
//!   Direct Connect ports (one 1 Gbps dedicated port per Direct Connect gateway assumed, PR-02), transit gateway
//!   attachments, VPN connections. PR-xx are in `docs/aws-reference-additions.md`.
//! * [`alternatives`] edits a copy of the topology (gateway endpoint, interface endpoint, NAT per AZ, moving the
//!   source), **re-traces** the flow with [`crate::trace`] and keeps the changes that still reach the destination
//!   and cost less, with the fixed-cost delta and the break-even volume.
//!
//! Prices come only from [`crate::pricing`]. The volume (`gb_per_month`) is the data the flow carries from its
//! source to its destination; replies are not priced separately.
//!
//! **Rounding.** Line items keep their exact amount to the micro-dollar (1e-6 USD, only binary noise removed);
//! every total (`usd_per_month`, fixed-cost totals, before/after/saving of an alternative) is the sum of the
//! unrounded items rounded once to the cent, halves away from zero ([`crate::pricing::round_cents`]). A total can
//! therefore differ by a cent from the sum of the items as displayed.

pub(crate) mod alternatives;
pub(crate) mod lookup;
pub(crate) mod report;
mod walk;

pub use alternatives::{alternatives, evaluate_alternatives, Alternative, Candidate, Change};
pub use report::{parse_flows, report, CostReport, FlowLine, Totals};

use crate::model::{EndpointKind, Topology};
use crate::path::{FlowSpec, Trace};
use crate::pricing::{self, round_cents, round_micros, Item, Unit};
use lookup::Lookup;
use serde::Serialize;

/// One line of a cost: what, how much of it, at what price, from which source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostItem {
    /// Human description, e.g. `NAT gateway data processing (nat-0a1b)`.
    pub what: String,
    /// The price-table item.
    pub item: Item,
    /// The Region whose price applies.
    pub region: String,
    /// The AWS id the item is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    pub quantity: f64,
    pub unit: Unit,
    /// Price per unit (blended for tiered prices).
    pub unit_price: f64,
    /// Amount in USD a month, to the micro-dollar (not rounded to cents).
    pub usd: f64,
    pub source: String,
    pub as_of: String,
    pub confirmed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The monthly cost of one flow (the `cost` object of the `vpclab trace` JSON contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowCost {
    /// Sum of the items, rounded to the cent (half away from zero).
    pub usd_per_month: f64,
    pub gb_per_month: f64,
    pub items: Vec<CostItem>,
    /// Assumptions and things not priced.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The version of the price table used.
    pub price_version: String,
    /// Whether every item is confirmed.
    pub confirmed: bool,
}

impl FlowCost {
    /// The unrounded sum of the items.
    pub fn exact_usd(&self) -> f64 {
        self.items.iter().map(|i| i.usd).sum()
    }
}

/// The sum of some items, rounded to the cent.
///
/// ```
/// let t = vpclab_core::synth::generate(1, 2);
/// let fixed = vpclab_core::cost::fixed_costs(&t);
/// // One NAT gateway ($0.045 × 730 h) and two public IPv4 addresses, the NAT's EIP and the public instance's
/// // (2 × $0.005 × 730 h), in us-east-1.
/// assert_eq!(vpclab_core::cost::total_usd(&fixed), 40.15);
/// ```
pub fn total_usd(items: &[CostItem]) -> f64 {
    round_cents(items.iter().map(|i| i.usd).sum())
}

/// Price a traced flow carrying `gb_per_month` GB a month. An unreachable flow carries nothing and costs $0.
///
/// ```
/// use vpclab_core::{cost, trace, FlowSpec};
/// let t = vpclab_core::synth::generate(1, 2);
/// // i-00000-01 is in a private subnet (0.0.0.0/0 → NAT gateway in us-east-1a; the instance is in us-east-1b).
/// let flow = FlowSpec { from: "i-00000-01".into(), to: "93.184.216.34".into(), port: Some(443), ..Default::default() };
/// let tr = trace(&t, &flow).unwrap();
/// let c = cost::flow_cost(&t, &flow, &tr, 100.0);
/// // NAT processing 100 × $0.045 + inter-AZ 2 × 100 × $0.01 + internet egress 100 × $0.09 = $15.50
/// assert_eq!(c.usd_per_month, 15.5);
/// ```
pub fn flow_cost(
    topology: &Topology,
    flow: &FlowSpec,
    trace: &Trace,
    gb_per_month: f64,
) -> FlowCost {
    walk::analyze(&Lookup::new(topology), flow, trace, gb_per_month).cost
}

/// [`flow_cost`] with a prebuilt lookup (a [`crate::Session`]'s).
pub(crate) fn flow_cost_with(
    lk: &Lookup<'_>,
    flow: &FlowSpec,
    trace: &Trace,
    gb_per_month: f64,
) -> FlowCost {
    walk::analyze(lk, flow, trace, gb_per_month).cost
}

/// Fixed monthly costs of a topology: every hourly item × 730 h (see the module docs).
pub fn fixed_costs(topology: &Topology) -> Vec<CostItem> {
    let lk = Lookup::new(topology);
    let prices = pricing::table();
    let hours = prices.hours_per_month;
    let t = topology;
    let mut out = Vec::new();
    let region_of = |vpc: Option<&str>| lk.vpc_region_or_default(vpc);

    for n in &t.nat_gateways {
        let vpc = lk.nat_vpc(n);
        let (region, guessed) = region_of(vpc.as_deref());
        let regional = n.availability_mode == crate::model::AvailabilityMode::Regional;
        let (item, what) = if regional {
            (
                Item::RegionalNatGatewayHour,
                format!("Regional NAT gateway {} ({hours} h)", n.id),
            )
        } else {
            (
                Item::NatGatewayHour,
                format!("NAT gateway {} ({hours} h)", n.id),
            )
        };
        let mut it = make_item(item, &region, hours, what, Some(n.id.clone()));
        if regional {
            add_note(&mut it, "priced per gateway-hour: how a regional NAT gateway's hours scale with its AZs is not documented");
        }
        mark_region_guess(&mut it, guessed);
        out.push(it);
    }

    // Endpoints billed by the hour: interface endpoints per AZ (IE-02), resource endpoints (RE-06) and GWLB
    // endpoints (GW-07); gateway endpoints are free (GE-10).
    for ep in &t.vpc_endpoints {
        let (region, guessed) = region_of(Some(ep.vpc_id.as_str()));
        let (item, quantity, what) = match ep.kind {
            EndpointKind::Interface => {
                let azs = lk.distinct_azs(&ep.subnet_ids);
                if azs == 0 {
                    continue;
                }
                let what = format!(
                    "Interface endpoint {} ({}) in {azs} AZ{} ({azs} × {hours} endpoint-AZ-hours, IE-02)",
                    ep.id,
                    ep.service_name,
                    if azs == 1 { "" } else { "s" }
                );
                (Item::InterfaceEndpointAzHour, hours * azs as f64, what)
            }
            EndpointKind::Resource => (
                Item::ResourceEndpointHour,
                hours,
                format!("Resource endpoint {} ({hours} h)", ep.id),
            ),
            EndpointKind::GatewayLoadBalancer => (
                Item::GwlbEndpointHour,
                hours,
                format!("Gateway Load Balancer endpoint {} ({hours} h)", ep.id),
            ),
            _ => continue,
        };
        let mut it = make_item(item, &region, quantity, what, Some(ep.id.clone()));
        mark_region_guess(&mut it, guessed);
        out.push(it);
    }

    // Public IPv4 addresses (DT-04): each distinct address once, whoever holds it.
    let mut seen = std::collections::BTreeSet::new();
    let mut ips: Vec<(std::net::Ipv4Addr, String, Option<String>)> = Vec::new();
    for i in &t.instances {
        if let Some(ip) = i.public_ip {
            let vpc = lk.instance_vpc(i);
            ips.push((ip, i.id.clone(), vpc));
        }
    }
    for e in &t.network_interfaces {
        if let Some(ip) = e.public_ip {
            let owner = e.attached_to.clone().unwrap_or_else(|| e.id.clone());
            ips.push((ip, owner, lk.subnet_vpc(&e.subnet_id)));
        }
    }
    for n in &t.nat_gateways {
        if let Some(ip) = n.public_ip {
            ips.push((ip, n.id.clone(), lk.nat_vpc(n)));
        }
    }
    for (ip, owner, vpc) in ips {
        if !seen.insert(ip) {
            continue;
        }
        let (region, guessed) = region_of(vpc.as_deref());
        let what = format!("Public IPv4 address {ip} of {owner} ({hours} h, DT-04)");
        let mut it = make_item(Item::PublicIpv4Hour, &region, hours, what, Some(owner));
        mark_region_guess(&mut it, guessed);
        out.push(it);
    }
    for lb in &t.load_balancers {
        if !lb.internet_facing
            || lb.kind.eq_ignore_ascii_case("gateway")
            || lb.subnet_ids.is_empty()
        {
            continue;
        }
        let n = lk.distinct_azs(&lb.subnet_ids).max(1);
        let (region, guessed) = region_of(Some(lb.vpc_id.as_str()));
        let name = lb.name.clone().unwrap_or_else(|| lb.id.clone());
        let what = format!(
            "Public IPv4 addresses of internet-facing load balancer {name} ({n} AZ{}, one per AZ)",
            if n == 1 { "" } else { "s" }
        );
        let mut it = make_item(
            Item::PublicIpv4Hour,
            &region,
            hours * n as f64,
            what,
            Some(lb.id.clone()),
        );
        add_note(
            &mut it,
            "one public IPv4 address per AZ of the load balancer (§4: ALB per-AZ IPs are charged)",
        );
        mark_region_guess(&mut it, guessed);
        out.push(it);
    }

    // Load balancers (PR-03): hours, plus capacity units at 1 per hour (a documented light-load assumption).
    for lb in &t.load_balancers {
        let (hour, lcu, label) = match lb.kind.to_ascii_lowercase().as_str() {
            "network" => (Item::NlbHour, Item::NlbLcuHour, "NLCU"),
            "application" => (Item::AlbHour, Item::AlbLcuHour, "LCU"),
            "gateway" => (Item::GwlbHour, Item::GwlbLcuHour, "GLCU"),
            _ => continue,
        };
        let (region, guessed) = region_of(Some(lb.vpc_id.as_str()));
        let name = lb.name.clone().unwrap_or_else(|| lb.id.clone());
        for (item, what) in [
            (
                hour,
                format!("Load balancer {name} ({}, {hours} h)", lb.kind),
            ),
            (
                lcu,
                format!("Load balancer {name}: 1 {label} × {hours} h (assumed)"),
            ),
        ] {
            let mut it = make_item(item, &region, hours, what, Some(lb.id.clone()));
            mark_region_guess(&mut it, guessed);
            out.push(it);
        }
    }
    // Direct Connect (PR-02): one dedicated 1 Gbps port per Direct Connect gateway (the model has no connections).
    for dx in &t.direct_connect_gateways {
        let (region, guessed) = lk.dx_region(dx);
        let what = format!(
            "Direct Connect port behind {} (1 Gbps dedicated assumed, {hours} h)",
            dx.id
        );
        let mut it = make_item(
            Item::DirectConnectPortHour,
            &region,
            hours,
            what,
            Some(dx.id.clone()),
        );
        mark_region_guess(&mut it, guessed);
        out.push(it);
    }

    for a in &t.transit_gateway_attachments {
        if !crate::path::index::is_live(&a.state) {
            continue;
        }
        let (region, guessed) = lk.tgw_region(&a.transit_gateway_id, Some(a));
        let kind = crate::json::to_value(&a.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let what = format!(
            "Transit gateway attachment {} ({kind} {}, {hours} h)",
            a.id, a.resource_id
        );
        let mut it = make_item(
            Item::TgwAttachmentHour,
            &region,
            hours,
            what,
            Some(a.id.clone()),
        );
        mark_region_guess(&mut it, guessed);
        out.push(it);
    }
    for v in &t.vpn_connections {
        if !crate::path::index::is_live(&v.state) {
            continue;
        }
        let (region, guessed) = lk.vpn_region(v);
        let what = format!("Site-to-Site VPN connection {} ({hours} h)", v.id);
        let mut it = make_item(
            Item::VpnConnectionHour,
            &region,
            hours,
            what,
            Some(v.id.clone()),
        );
        mark_region_guess(&mut it, guessed);
        out.push(it);
    }
    out
}

/// A priced line item (amount to the micro-dollar).
pub(crate) fn make_item(
    item: Item,
    region: &str,
    quantity: f64,
    what: String,
    resource: Option<String>,
) -> CostItem {
    let c = pricing::table().charge(item, region, quantity);
    CostItem {
        what,
        item,
        region: region.to_string(),
        resource,
        quantity: c.quantity,
        unit: c.unit,
        unit_price: c.unit_price,
        usd: round_micros(c.usd),
        source: c.source,
        as_of: c.as_of,
        confirmed: c.confirmed,
        note: c.note,
    }
}

/// A priced line item for a per-pair item (inter-Region transfer, PR-01): the `from` → `to` price.
pub(crate) fn make_pair_item(
    item: Item,
    from: &str,
    to: &str,
    quantity: f64,
    what: String,
) -> CostItem {
    let c = pricing::table().charge_pair(item, from, to, quantity);
    CostItem {
        usd: round_micros(c.usd),
        quantity: c.quantity,
        unit: c.unit,
        unit_price: c.unit_price,
        source: c.source,
        as_of: c.as_of,
        confirmed: c.confirmed,
        note: c.note,
        ..make_item(item, from, quantity, what, None)
    }
}

pub(crate) fn add_note(item: &mut CostItem, note: &str) {
    item.note = Some(match item.note.take() {
        Some(n) => format!("{note}; {n}"),
        None => note.to_string(),
    });
}

fn mark_region_guess(item: &mut CostItem, guessed: bool) {
    if guessed {
        item.confirmed = false;
        add_note(
            item,
            &format!(
                "the Region is not known from the topology: priced as {}",
                item.region
            ),
        );
    }
}
