//! The price table (`core/src/pricing/prices.json`): well-formed, complete, and holding exactly the figures of
//! aws-reference §2.14 with the confirmation rule stated in the file.

use vpclab_core::pricing::{self, fallback_region, round_cents, Item, PriceTable, Unit};

const REGIONS: [&str; 5] = [
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-1",
];

fn t() -> &'static PriceTable {
    pricing::table()
}

fn flat(item: Item, region: &str) -> (f64, bool) {
    let e = t()
        .entry(item, region)
        .unwrap_or_else(|| panic!("{} {region} missing", item.name()));
    (
        e.usd
            .unwrap_or_else(|| panic!("{} {region} is tiered", item.name())),
        e.confirmed,
    )
}

#[test]
fn the_table_is_versioned_and_well_formed() {
    let t = t();
    assert_eq!(t.version, "2026-12-07");
    assert_eq!(t.currency, "USD");
    assert_eq!(t.hours_per_month, 730.0);
    assert_eq!(t.gb_per_tb, 1024.0);
    assert!(t.confirmation_rule.contains("§2.14"));
    for e in &t.entries {
        let id = format!("{} {}", e.item.name(), e.region);
        assert!(
            e.usd.is_some() == e.tiers.is_empty(),
            "{id}: exactly one of usd and tiers"
        );
        if let Some(p) = e.usd {
            assert!(p.is_finite() && p >= 0.0, "{id}: price {p}");
        }
        let mut last = 0.0;
        for (i, tier) in e.tiers.iter().enumerate() {
            assert!(tier.usd.is_finite() && tier.usd >= 0.0, "{id}: tier price");
            match tier.up_to_gb {
                Some(b) => {
                    assert!(b > last, "{id}: tier bounds ascend");
                    last = b;
                }
                None => assert_eq!(i, e.tiers.len() - 1, "{id}: only the last tier is open"),
            }
        }
        if !e.tiers.is_empty() {
            assert!(
                e.tiers.last().unwrap().up_to_gb.is_none(),
                "{id}: the last tier is open"
            );
        }
        assert!(e.source.starts_with("https://"), "{id}: source URL");
        let d = e.as_of.as_bytes();
        assert!(
            e.as_of.len() == 10 && d[4] == b'-' && d[7] == b'-',
            "{id}: as_of `{}` is YYYY-MM-DD",
            e.as_of
        );
        assert!(
            e.confirmed || e.note.is_some(),
            "{id}: an unconfirmed figure says where it comes from"
        );
        let unit_ok = match e.unit {
            Unit::Hour => e.item.name().ends_with("-hour"),
            Unit::Gb => !e.item.name().ends_with("-hour"),
        };
        assert!(unit_ok, "{id}: unit {:?}", e.unit);
    }
}

#[test]
fn every_item_is_priced_in_every_required_region_once() {
    for item in Item::ALL {
        for r in REGIONS {
            let n = t()
                .entries
                .iter()
                .filter(|e| e.item == item && e.region == r && e.to_region.is_none())
                .count();
            assert_eq!(n, 1, "{} in {r}: {n} entries", item.name());
        }
    }
    // Besides one entry per item and Region, only inter-Region pairs (PR-01), each listed once.
    let pairs: Vec<_> = t()
        .entries
        .iter()
        .filter(|e| e.to_region.is_some())
        .collect();
    assert_eq!(
        t().entries.len(),
        Item::ALL.len() * REGIONS.len() + pairs.len()
    );
    for (i, e) in pairs.iter().enumerate() {
        assert_eq!(
            e.item,
            Item::InterRegionGb,
            "only inter-Region transfer is priced per pair"
        );
        assert!(
            e.usd.is_some() && e.tiers.is_empty(),
            "pair prices are flat"
        );
        assert_ne!(Some(e.region.as_str()), e.to_region.as_deref());
        assert!(
            !pairs[..i]
                .iter()
                .any(|p| p.region == e.region && p.to_region == e.to_region),
            "{} → {:?} listed twice",
            e.region,
            e.to_region
        );
    }
}

/// aws-reference §2.14, cell by cell. `true` = the cell gives the figure without marking it unconfirmed.
#[test]
fn figures_match_aws_reference_2_14() {
    let rows: &[(Item, &str, f64, bool)] = &[
        (Item::NatGatewayHour, "us-east-1", 0.045, true),
        (Item::NatGatewayGb, "us-east-1", 0.045, true),
        (Item::NatGatewayHour, "eu-west-1", 0.048, true),
        (Item::NatGatewayGb, "eu-west-1", 0.048, true),
        (Item::NatGatewayHour, "ap-southeast-1", 0.059, true),
        (Item::NatGatewayGb, "ap-southeast-1", 0.059, true),
        (Item::RegionalNatGatewayHour, "eu-west-1", 0.048, true),
        (Item::RegionalNatGatewayGb, "eu-west-1", 0.048, true),
        (Item::RegionalNatGatewayHour, "us-east-1", 0.045, false),
        (Item::RegionalNatGatewayHour, "ap-southeast-1", 0.059, false),
        (Item::InterfaceEndpointAzHour, "us-east-1", 0.01, true),
        (Item::InterfaceEndpointAzHour, "eu-west-1", 0.011, false),
        (Item::InterfaceEndpointAzHour, "ap-southeast-1", 0.013, true),
        (Item::InterfaceEndpointAzHour, "us-west-2", 0.01, false),
        (Item::PublicIpv4Hour, "us-east-1", 0.005, true),
        (Item::PublicIpv4Hour, "us-west-2", 0.005, true),
        (Item::PublicIpv4Hour, "eu-west-1", 0.005, true),
        (Item::PublicIpv4Hour, "eu-central-1", 0.005, true),
        (Item::PublicIpv4Hour, "ap-southeast-1", 0.005, true),
        (Item::InterAzGb, "us-east-1", 0.01, true),
        (Item::InterAzGb, "eu-west-1", 0.01, true),
        (Item::InterAzGb, "ap-southeast-1", 0.01, false),
        (Item::GwlbEndpointHour, "us-east-1", 0.01, false),
        (Item::GwlbEndpointGb, "us-east-1", 0.0035, false),
        (Item::PeeringSameAzGb, "us-east-1", 0.0, false),
        (Item::PeeringCrossAzGb, "us-east-1", 0.01, false),
    ];
    for &(item, region, usd, confirmed) in rows {
        assert_eq!(
            flat(item, region),
            (usd, confirmed),
            "{} {region}",
            item.name()
        );
    }
    for r in REGIONS {
        assert_eq!(flat(Item::GatewayEndpoint, r), (0.0, true), "GE-10 in {r}");
    }
    // Interface endpoint per GB (IE-15): first 1 PB $0.01, next 4 PB $0.006, over 5 PB $0.004.
    let pb = 1024.0 * 1024.0;
    for r in REGIONS {
        let e = t().entry(Item::InterfaceEndpointGb, r).unwrap();
        let tiers: Vec<(Option<f64>, f64)> = e.tiers.iter().map(|x| (x.up_to_gb, x.usd)).collect();
        assert_eq!(
            tiers,
            vec![(Some(pb), 0.01), (Some(5.0 * pb), 0.006), (None, 0.004)],
            "{r}"
        );
        assert_eq!(
            e.confirmed,
            r == "us-east-1",
            "{r}: per-Region tiers are unconfirmed outside us-east-1"
        );
    }
    // Resource endpoint per GB (RE-06): the same tiers, from the /jp/ page; only us-east-1 is in §2.14.
    for r in REGIONS {
        let e = t().entry(Item::ResourceEndpointGb, r).unwrap();
        let tiers: Vec<(Option<f64>, f64)> = e.tiers.iter().map(|x| (x.up_to_gb, x.usd)).collect();
        assert_eq!(
            tiers,
            vec![(Some(pb), 0.01), (Some(5.0 * pb), 0.006), (None, 0.004)],
            "{r}"
        );
        assert_eq!(e.confirmed, r == "us-east-1", "{r}");
    }
    // Internet egress (DT-02): first 10 TB $0.09 (the §2.14 cell), then $0.085 / $0.07 / $0.05 (unconfirmed).
    for r in ["us-east-1", "eu-west-1"] {
        let e = t().entry(Item::InternetEgressGb, r).unwrap();
        let tiers: Vec<(Option<f64>, f64, bool)> = e
            .tiers
            .iter()
            .map(|x| (x.up_to_gb, x.usd, x.confirmed.unwrap_or(e.confirmed)))
            .collect();
        assert_eq!(
            tiers,
            vec![
                (Some(10240.0), 0.09, true),
                (Some(51200.0), 0.085, false),
                (Some(153600.0), 0.07, false),
                (None, 0.05, false)
            ],
            "{r}"
        );
    }
    // ap-southeast-1 egress is tiered from $0.12/GB (issue 18, PR-05: an AWS Price List capture, third-party
    // copy, so unconfirmed), not a flat $0.114 borrowed from ap-southeast-2.
    let ap = t().entry(Item::InternetEgressGb, "ap-southeast-1").unwrap();
    assert!(!ap.confirmed && ap.tiers.len() > 1, "{ap:?}");
    assert_eq!(
        (ap.tiers[0].up_to_gb, ap.tiers[0].usd),
        (Some(10240.0), 0.12)
    );
}

/// The corrections of issue 18 (aws-reference-additions PR-04, PR-05): AWS Price List captures, third-party
/// copies, so each is present with its source and date and flagged unconfirmed.
#[test]
fn issue_18_price_corrections() {
    let rows: &[(Item, &str, f64)] = &[
        (Item::NatGatewayHour, "eu-central-1", 0.052),
        (Item::NatGatewayGb, "eu-central-1", 0.052),
        (Item::InterfaceEndpointAzHour, "eu-central-1", 0.012),
        (Item::GwlbEndpointHour, "ap-southeast-1", 0.013),
    ];
    for &(item, r, usd) in rows {
        let e = t().entry(item, r).unwrap();
        assert_eq!(e.usd, Some(usd), "{} {r}", item.name());
        assert!(!e.confirmed && !e.source.is_empty() && e.as_of == "2026-12-07");
        assert!(
            e.note.as_deref().is_some_and(|n| n.contains("PR-0")),
            "{e:?}"
        );
    }
}

/// Inter-Region transfer is priced per Region pair (PR-01): us-east-1 → us-east-2 $0.01/GB, us-east-1 →
/// eu-west-1 $0.02/GB, anything out of ap-southeast-1 $0.09/GB; a pair the table does not list falls back to
/// the source Region's default and says so, unconfirmed.
#[test]
fn inter_region_transfer_is_priced_per_pair() {
    let p = |a: &str, b: &str| t().charge_pair(Item::InterRegionGb, a, b, 100.0);
    assert!((p("us-east-1", "us-east-2").usd - 1.0).abs() < 1e-9);
    assert!((p("us-east-1", "eu-west-1").usd - 2.0).abs() < 1e-9);
    assert!((p("ap-southeast-1", "us-east-1").usd - 9.0).abs() < 1e-9);
    let unknown = p("ap-southeast-1", "eu-central-1");
    assert!((unknown.usd - 9.0).abs() < 1e-9);
    assert!(!unknown.confirmed);
    assert!(unknown
        .note
        .unwrap()
        .contains("no ap-southeast-1 → eu-central-1 price"));
    let default = p("eu-central-1", "us-west-2");
    assert!((default.usd - 2.0).abs() < 1e-9 && !default.confirmed);
}

/// Direct Connect and load balancers are priced (PR-02, PR-03), every figure third-party and unconfirmed.
#[test]
fn direct_connect_and_load_balancers_are_priced() {
    let rows: &[(Item, f64)] = &[
        (Item::DirectConnectPortHour, 0.30),
        (Item::DirectConnectOutGb, 0.02),
        (Item::NlbHour, 0.0225),
        (Item::NlbLcuHour, 0.006),
        (Item::AlbHour, 0.0225),
        (Item::AlbLcuHour, 0.008),
        (Item::GwlbHour, 0.0125),
        (Item::GwlbLcuHour, 0.004),
    ];
    for &(item, usd) in rows {
        assert_eq!(flat(item, "us-east-1"), (usd, false), "{}", item.name());
    }
}

#[test]
fn figures_absent_from_2_14_are_never_confirmed() {
    for item in [
        Item::TgwAttachmentHour,
        Item::TgwGb,
        Item::VpnConnectionHour,
        Item::InterRegionGb,
        Item::GwlbEndpointHour,
        Item::GwlbEndpointGb,
        Item::ResourceEndpointHour,
    ] {
        for r in REGIONS {
            let e = t().entry(item, r).unwrap();
            assert!(!e.confirmed, "{} {r} is not in §2.14", item.name());
            assert!(e.note.as_deref().is_some_and(|n| !n.is_empty()));
        }
    }
    for r in ["us-west-2", "eu-central-1"] {
        for item in Item::ALL {
            let e = t().entry(item, r).unwrap();
            let all_regions = matches!(item, Item::GatewayEndpoint | Item::PublicIpv4Hour);
            assert!(
                all_regions || !e.confirmed,
                "{} {r}: §2.14 has no {r} column",
                item.name()
            );
        }
    }
}

/// The unconfirmed figures, listed (run with `--nocapture` to see them).
#[test]
fn list_unconfirmed_figures() {
    let mut n = 0;
    for e in t().entries.iter().filter(|e| !e.confirmed) {
        n += 1;
        let price = match e.usd {
            Some(p) => format!("${p}"),
            None => e
                .tiers
                .iter()
                .map(|x| format!("${}", x.usd))
                .collect::<Vec<_>>()
                .join("/"),
        };
        println!(
            "{:<28} {:<15} {:<22} {}",
            e.item.name(),
            e.region,
            price,
            e.note.as_deref().unwrap_or("")
        );
    }
    assert!(n > 0);
}

#[test]
fn tiers_apply_cumulatively() {
    // 2 PB through interface endpoints: 1 PB × $0.01 + 1 PB × $0.006 (IE-15).
    let pb = 1024.0 * 1024.0;
    let c = t().charge(Item::InterfaceEndpointGb, "us-east-1", 2.0 * pb);
    assert!((c.usd - (pb * 0.01 + pb * 0.006)).abs() < 1e-6);
    assert!((c.unit_price - 0.008).abs() < 1e-12, "blended unit price");
    assert!(c.confirmed);
    // 20 TB to the internet: 10 TB × $0.09 + 10 TB × $0.085; the second tier is unconfirmed (DT-02).
    let c = t().charge(Item::InternetEgressGb, "us-east-1", 20480.0);
    assert!((c.usd - 1792.0).abs() < 1e-9);
    assert!(!c.confirmed);
    let c = t().charge(Item::InternetEgressGb, "us-east-1", 10240.0);
    assert!((c.usd - 921.6).abs() < 1e-9);
    assert!(
        c.confirmed,
        "exactly 10 TB stays in the confirmed first tier"
    );
    let c = t().charge(Item::InternetEgressGb, "us-east-1", 0.0);
    assert_eq!((c.usd, c.unit_price, c.confirmed), (0.0, 0.09, true));
}

#[test]
fn unlisted_regions_fall_back_and_are_unconfirmed() {
    assert_eq!(fallback_region("us-east-2"), "us-east-1");
    assert_eq!(fallback_region("eu-north-1"), "eu-west-1");
    assert_eq!(fallback_region("ap-northeast-1"), "ap-southeast-1");
    assert_eq!(fallback_region("sa-east-1"), "us-east-1");
    let c = t().charge(Item::NatGatewayGb, "us-east-2", 100.0);
    assert!((c.usd - 4.5).abs() < 1e-9);
    assert!(!c.confirmed);
    assert!(c
        .note
        .as_deref()
        .is_some_and(|n| n.contains("us-east-2") && n.contains("us-east-1")));
    assert_eq!(c.region, "us-east-2");
}

#[test]
fn rounding_to_cents_is_half_away_from_zero() {
    assert_eq!(round_cents(0.005), 0.01);
    assert_eq!(round_cents(0.015), 0.02);
    assert_eq!(round_cents(0.0775), 0.08);
    assert_eq!(
        round_cents(1.005),
        1.01,
        "1.005 is stored as 1.00499…; the snap keeps it a half"
    );
    assert_eq!(round_cents(2.675), 2.68);
    assert_eq!(round_cents(0.004999), 0.0);
    assert_eq!(round_cents(32.85), 32.85);
    assert_eq!(round_cents(0.045 * 1000.0), 45.0);
    assert_eq!(round_cents(-0.005), -0.01);
    assert_eq!(round_cents(f64::NAN), 0.0);
    // An empty f64 sum is -0.0: it must not print as "-0.00".
    let nothing: f64 = std::iter::empty::<f64>().sum();
    assert_eq!(format!("{:.2}", round_cents(nothing)), "0.00");
    assert_eq!(format!("{:.6}", pricing::round_micros(nothing)), "0.000000");
    assert_eq!(format!("{:.2}", round_cents(-0.001)), "0.00");
    assert_eq!(pricing::round_micros(0.045 * 0.5), 0.0225);
    assert_eq!(pricing::round_micros(0.0000004), 0.0);
}
