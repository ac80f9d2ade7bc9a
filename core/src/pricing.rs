//! Published AWS prices as data: one versioned file, `core/src/pricing/prices.json`, embedded at
//! build time and parsed once.
//!
//! Every entry names its item, Region, unit, price (flat `usd` or cumulative `tiers`), source URL, evidence date
//! (`as_of`) and whether the figure is **confirmed**: `confirmed` is true only when aws-reference §2.14 gives the
//! figure for that Region without marking it unconfirmed or third-party. Everything else carries a `note` saying
//! where the figure comes from (typically "closest documented Region") and is shown as unconfirmed.
//!
//! Inter-Region transfer is priced per Region **pair** ([`PriceTable::charge_pair`]: entries with `to_region`); an
//! entry without `to_region` is the source Region's default for pairs the table does not list, always unconfirmed.
//! Figures that aws-reference lacks cite `docs/aws-reference-additions.md` (PR-01 … PR-05).
//!
//! A Region the table does not list is priced with the listed Region of the same area (`us-` → us-east-1, `eu-` →
//! eu-west-1, `ap-` → ap-southeast-1, anything else → us-east-1), and the result is always unconfirmed.
//!
//! ```
//! use vpclab_core::pricing::{self, Item};
//! let t = pricing::table();
//! assert_eq!(t.version, "2026-12-07");
//! let nat = t.charge(Item::NatGatewayGb, "us-east-1", 1000.0);
//! assert!((nat.usd - 45.0).abs() < 1e-9 && nat.confirmed);
//! ```

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const PRICES_JSON: &str = include_str!("pricing/prices.json");

/// A priced item. The JSON names are the kebab-case forms (`nat-gateway-gb`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Item {
    /// Zonal NAT gateway, per hour (NAT-08).
    NatGatewayHour,
    /// Zonal NAT gateway, per GB processed in either direction (NAT-08, DT-03).
    NatGatewayGb,
    /// Regional NAT gateway, per hour (NAT-06).
    RegionalNatGatewayHour,
    /// Regional NAT gateway, per GB processed.
    RegionalNatGatewayGb,
    /// Interface endpoint, per endpoint-AZ-hour (IE-02).
    InterfaceEndpointAzHour,
    /// Interface endpoint, per GB processed, tiered on the Region's monthly total (IE-15).
    InterfaceEndpointGb,
    /// Gateway endpoint: free (GE-10).
    GatewayEndpoint,
    /// Resource endpoint, per hour provisioned (RE-06; no documented figure).
    ResourceEndpointHour,
    /// Resource endpoint, per GB processed, tiered (RE-06).
    ResourceEndpointGb,
    /// Gateway Load Balancer endpoint, per hour (GW-07).
    GwlbEndpointHour,
    /// Gateway Load Balancer endpoint, per GB (GW-07).
    GwlbEndpointGb,
    /// Data transfer out to the internet, tiered (DT-02).
    InternetEgressGb,
    /// Data transfer between AZs of one Region, per GB on **each** side (DT-01).
    InterAzGb,
    /// Data transfer between Regions, per GB at the source (CR-10), priced per Region **pair**
    /// ([`PriceTable::charge_pair`]; PR-01).
    InterRegionGb,
    /// Public IPv4 address, per hour (DT-04).
    PublicIpv4Hour,
    /// Transit gateway attachment, per hour.
    TgwAttachmentHour,
    /// Transit gateway data processing, per GB sent into the gateway.
    TgwGb,
    /// Site-to-Site VPN connection, per hour.
    VpnConnectionHour,
    /// VPC peering within one AZ: free (PCX-07).
    PeeringSameAzGb,
    /// VPC peering across AZs, per GB on each side (PCX-07).
    PeeringCrossAzGb,
    /// Direct Connect dedicated port (1 Gbps assumed), per hour (PR-02).
    DirectConnectPortHour,
    /// Data transfer out over Direct Connect, per GB (PR-02).
    DirectConnectOutGb,
    /// Network Load Balancer, per hour (PR-03).
    NlbHour,
    /// Network Load Balancer capacity unit (NLCU), per NLCU-hour (PR-03).
    NlbLcuHour,
    /// Application Load Balancer, per hour (PR-03).
    AlbHour,
    /// Application Load Balancer capacity unit (LCU), per LCU-hour (PR-03).
    AlbLcuHour,
    /// Gateway Load Balancer, per hour (PR-03).
    GwlbHour,
    /// Gateway Load Balancer capacity unit (GLCU), per GLCU-hour (PR-03).
    GwlbLcuHour,
}

impl Item {
    pub const ALL: [Item; 28] = [
        Item::NatGatewayHour,
        Item::NatGatewayGb,
        Item::RegionalNatGatewayHour,
        Item::RegionalNatGatewayGb,
        Item::InterfaceEndpointAzHour,
        Item::InterfaceEndpointGb,
        Item::GatewayEndpoint,
        Item::ResourceEndpointHour,
        Item::ResourceEndpointGb,
        Item::GwlbEndpointHour,
        Item::GwlbEndpointGb,
        Item::InternetEgressGb,
        Item::InterAzGb,
        Item::InterRegionGb,
        Item::PublicIpv4Hour,
        Item::TgwAttachmentHour,
        Item::TgwGb,
        Item::VpnConnectionHour,
        Item::PeeringSameAzGb,
        Item::PeeringCrossAzGb,
        Item::DirectConnectPortHour,
        Item::DirectConnectOutGb,
        Item::NlbHour,
        Item::NlbLcuHour,
        Item::AlbHour,
        Item::AlbLcuHour,
        Item::GwlbHour,
        Item::GwlbLcuHour,
    ];

    /// The JSON name, e.g. `nat-gateway-gb`.
    pub fn name(self) -> &'static str {
        match self {
            Item::NatGatewayHour => "nat-gateway-hour",
            Item::NatGatewayGb => "nat-gateway-gb",
            Item::RegionalNatGatewayHour => "regional-nat-gateway-hour",
            Item::RegionalNatGatewayGb => "regional-nat-gateway-gb",
            Item::InterfaceEndpointAzHour => "interface-endpoint-az-hour",
            Item::InterfaceEndpointGb => "interface-endpoint-gb",
            Item::GatewayEndpoint => "gateway-endpoint",
            Item::ResourceEndpointHour => "resource-endpoint-hour",
            Item::ResourceEndpointGb => "resource-endpoint-gb",
            Item::GwlbEndpointHour => "gwlb-endpoint-hour",
            Item::GwlbEndpointGb => "gwlb-endpoint-gb",
            Item::InternetEgressGb => "internet-egress-gb",
            Item::InterAzGb => "inter-az-gb",
            Item::InterRegionGb => "inter-region-gb",
            Item::PublicIpv4Hour => "public-ipv4-hour",
            Item::TgwAttachmentHour => "tgw-attachment-hour",
            Item::TgwGb => "tgw-gb",
            Item::VpnConnectionHour => "vpn-connection-hour",
            Item::PeeringSameAzGb => "peering-same-az-gb",
            Item::PeeringCrossAzGb => "peering-cross-az-gb",
            Item::DirectConnectPortHour => "direct-connect-port-hour",
            Item::DirectConnectOutGb => "direct-connect-out-gb",
            Item::NlbHour => "nlb-hour",
            Item::NlbLcuHour => "nlb-lcu-hour",
            Item::AlbHour => "alb-hour",
            Item::AlbLcuHour => "alb-lcu-hour",
            Item::GwlbHour => "gwlb-hour",
            Item::GwlbLcuHour => "gwlb-lcu-hour",
        }
    }
}

/// The unit an entry is priced in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    #[serde(rename = "hour")]
    Hour,
    #[serde(rename = "GB")]
    Gb,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Hour => "hour",
            Unit::Gb => "GB",
        }
    }
}

/// One tier of a tiered price: applies to the cumulative monthly volume up to `up_to_gb` (`None` = no limit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub up_to_gb: Option<f64>,
    pub usd: f64,
    /// Overrides the entry's `confirmed` for this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<bool>,
}

/// One price: an item in a Region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceEntry {
    pub item: Item,
    pub region: String,
    /// For a price per Region pair (inter-Region transfer): the destination Region. An entry without it is the
    /// source Region's default for the pairs the table does not list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_region: Option<String>,
    pub unit: Unit,
    /// A flat price per unit (exclusive with `tiers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usd: Option<f64>,
    /// Cumulative tiers, ascending; the last has `up_to_gb: null`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    /// Public URL of the price.
    pub source: String,
    /// What exactly the figure rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Date of the evidence, `YYYY-MM-DD`.
    pub as_of: String,
    pub confirmed: bool,
    /// Why the figure is unconfirmed, or where it was borrowed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTable {
    /// The table's version (the date of the reference it follows). Share links and the UI show it.
    pub version: String,
    pub currency: String,
    /// Hours billed a month for hourly items (730).
    pub hours_per_month: f64,
    /// GB in a TB for tier boundaries (1,024).
    pub gb_per_tb: f64,
    pub confirmation_rule: String,
    #[serde(default)]
    pub notes: Vec<String>,
    pub entries: Vec<PriceEntry>,
}

/// The price of a quantity of one item in one Region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Charge {
    pub item: Item,
    /// The Region asked for.
    pub region: String,
    pub unit: Unit,
    pub quantity: f64,
    /// Exact (unrounded) amount.
    pub usd: f64,
    /// Price per unit: the flat price, or for a tiered price the blended `usd / quantity` (the first tier's price
    /// when the quantity is 0).
    pub unit_price: f64,
    pub source: String,
    pub as_of: String,
    pub confirmed: bool,
    pub note: Option<String>,
}

impl PriceTable {
    /// Parse a table (the embedded one is [`table`]).
    pub fn from_json(text: &str) -> Result<PriceTable, serde_json::Error> {
        crate::json::from_str(text)
    }

    /// The entry for exactly this item and Region (the Region's default, not a pair entry).
    pub fn entry(&self, item: Item, region: &str) -> Option<&PriceEntry> {
        self.entries
            .iter()
            .find(|e| e.item == item && e.region == region && e.to_region.is_none())
    }

    /// The entry for exactly this item and Region pair (`from` → `to`), if the table lists the pair.
    pub fn pair_entry(&self, item: Item, from: &str, to: &str) -> Option<&PriceEntry> {
        self.entries
            .iter()
            .find(|e| e.item == item && e.region == from && e.to_region.as_deref() == Some(to))
    }

    /// The price of `quantity` units of a per-pair item (inter-Region transfer) from `from` to `to`: the pair's
    /// own entry, else the source Region's default ([`PriceTable::charge`]), whose note then says so.
    ///
    /// ```
    /// use vpclab_core::pricing::{self, Item};
    /// let t = pricing::table();
    /// assert_eq!(t.charge_pair(Item::InterRegionGb, "us-east-1", "us-east-2", 1.0).unit_price, 0.01);
    /// assert_eq!(t.charge_pair(Item::InterRegionGb, "ap-southeast-1", "eu-west-1", 1.0).unit_price, 0.09);
    /// ```
    pub fn charge_pair(&self, item: Item, from: &str, to: &str, quantity: f64) -> Charge {
        let Some(e) = self.pair_entry(item, from, to) else {
            let mut c = self.charge(item, from, quantity);
            let s = format!(
                "no {from} → {to} price in the table: the default for transfer out of {from} is used (unconfirmed)"
            );
            c.note = Some(match c.note {
                Some(n) => format!("{s}; {n}"),
                None => s,
            });
            c.confirmed = false;
            return c;
        };
        let quantity = if quantity.is_finite() && quantity > 0.0 {
            quantity
        } else {
            0.0
        };
        let p = e.usd.unwrap_or(0.0);
        Charge {
            item,
            region: from.to_string(),
            unit: e.unit,
            quantity,
            usd: p * quantity,
            unit_price: p,
            source: e.source.clone(),
            as_of: e.as_of.clone(),
            confirmed: e.confirmed,
            note: e.note.clone(),
        }
    }

    /// The entry used for a Region: its own, else the listed Region of the same area (see the module docs).
    /// The second value is `Some(listed region)` when another Region's entry stands in.
    pub fn lookup(&self, item: Item, region: &str) -> Option<(&PriceEntry, Option<&str>)> {
        if let Some(e) = self.entry(item, region) {
            return Some((e, None));
        }
        let stand_in = fallback_region(region);
        self.entry(item, stand_in)
            .or_else(|| self.entry(item, "us-east-1"))
            .map(|e| (e, Some(e.region.as_str())))
    }

    /// The price of `quantity` units of `item` in `region` (tiers applied from zero).
    pub fn charge(&self, item: Item, region: &str, quantity: f64) -> Charge {
        let quantity = if quantity.is_finite() && quantity > 0.0 {
            quantity
        } else {
            0.0
        };
        let Some((e, stand_in)) = self.lookup(item, region) else {
            return Charge {
                item,
                region: region.to_string(),
                unit: Unit::Gb,
                quantity,
                usd: 0.0,
                unit_price: 0.0,
                source: String::new(),
                as_of: String::new(),
                confirmed: false,
                note: Some(format!(
                    "no price for {} in the table (version {}): not priced",
                    item.name(),
                    self.version
                )),
            };
        };
        let (usd, unit_price, tiers_confirmed) = match e.usd {
            Some(p) => (p * quantity, p, e.confirmed),
            None => {
                let (usd, confirmed) = tiered(&e.tiers, quantity, e.confirmed);
                let first = e.tiers.first().map(|t| t.usd).unwrap_or(0.0);
                (
                    usd,
                    if quantity > 0.0 {
                        usd / quantity
                    } else {
                        first
                    },
                    confirmed,
                )
            }
        };
        let mut note = e.note.clone();
        if let Some(listed) = stand_in {
            let s = format!(
                "no {region} price in the table: the {listed} figure is used (unconfirmed)"
            );
            note = Some(match note {
                Some(n) => format!("{s}; {n}"),
                None => s,
            });
        }
        Charge {
            item,
            region: region.to_string(),
            unit: e.unit,
            quantity,
            usd,
            unit_price,
            source: e.source.clone(),
            as_of: e.as_of.clone(),
            confirmed: tiers_confirmed && stand_in.is_none(),
            note,
        }
    }

    /// Regions the table lists, in first-seen order.
    pub fn regions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in self.entries.iter().filter(|e| e.to_region.is_none()) {
            if !out.contains(&e.region.as_str()) {
                out.push(&e.region);
            }
        }
        out
    }
}

/// Cumulative tiers: each tier prices the volume between the previous bound and its own. The result is
/// confirmed when every tier that carries part of the volume is (the first tier's flag for a zero volume).
fn tiered(tiers: &[Tier], quantity: f64, entry_confirmed: bool) -> (f64, bool) {
    let mut usd = 0.0;
    let mut lower = 0.0;
    let mut confirmed = true;
    let mut used_any = false;
    for t in tiers {
        let upper = t.up_to_gb.unwrap_or(f64::INFINITY);
        let in_tier = (quantity.min(upper) - lower).max(0.0);
        if in_tier > 0.0 {
            confirmed &= t.confirmed.unwrap_or(entry_confirmed);
            used_any = true;
            usd += in_tier * t.usd;
        }
        if quantity <= upper {
            break;
        }
        lower = upper;
    }
    if !used_any {
        confirmed = tiers
            .first()
            .and_then(|t| t.confirmed)
            .unwrap_or(entry_confirmed);
    }
    (usd, confirmed)
}

/// The listed Region that stands in for an unlisted one.
pub fn fallback_region(region: &str) -> &'static str {
    if region.starts_with("eu-") {
        "eu-west-1"
    } else if region.starts_with("ap-") {
        "ap-southeast-1"
    } else {
        "us-east-1"
    }
}

/// The embedded table, parsed once.
pub fn table() -> &'static PriceTable {
    static TABLE: OnceLock<PriceTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        // INVARIANT: the embedded file parses; `tests/cost_prices.rs` checks it on every build.
        PriceTable::from_json(PRICES_JSON).expect("core/src/pricing/prices.json is valid")
    })
}

/// Round a dollar amount to the cent, halves away from zero (half-up for the non-negative amounts the engine
/// produces). The amount is first snapped to 1e-6 of a cent so binary noise (`1.005` is stored as
/// `1.00499999…`) cannot flip a half.
///
/// ```
/// use vpclab_core::pricing::round_cents;
/// assert_eq!(round_cents(1.005), 1.01);
/// assert_eq!(round_cents(0.125), 0.13);
/// assert_eq!(round_cents(32.849999), 32.85);
/// assert_eq!(round_cents(0.0049), 0.0);
/// ```
pub fn round_cents(usd: f64) -> f64 {
    if !usd.is_finite() {
        return 0.0;
    }
    let cents = (usd * 100.0 * 1e6).round() / 1e6;
    // `+ 0.0` turns -0.0 (an empty f64 sum is -0.0) into 0.0, so nothing prints as "$-0.00".
    cents.round() / 100.0 + 0.0
}

/// Round to micro-dollars (1e-6 USD): how line items are kept, free of binary noise but not rounded to cents.
pub fn round_micros(usd: f64) -> f64 {
    if !usd.is_finite() {
        return 0.0;
    }
    (usd * 1e6).round() / 1e6 + 0.0
}
