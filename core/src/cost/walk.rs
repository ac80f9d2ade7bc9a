//! The hop walk: follow the packet's location (Region, AZ) along a trace and charge what each hop does.

use super::lookup::{Loc, Lookup};
use super::{add_note, make_item, CostItem, FlowCost};
use crate::model::{AvailabilityMode, EndpointKind, TgwAttachmentKind};
use crate::path::dns::parse_service_name;
use crate::path::{FlowSpec, Hop, HopKind, ServiceRef, Trace};
use crate::pricing::{self, round_cents, Item};

const DT05_URL: &str =
    "https://aws.amazon.com/about-aws/whats-new/2022/04/aws-data-transfer-price-reduction-privatelink-transit-gateway-client-vpn-services/";

/// How the packet got from one place to the next.
#[derive(Debug, Clone, PartialEq)]
enum Via {
    Direct,
    Peering(String),
    TransitGateway,
}

/// What an AZ or Region change was charged as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CrossingKind {
    InterAz,
    /// Client → interface endpoint in another AZ (DT-05) or through a transit gateway: $0, unconfirmed.
    Waived,
    PeeringCrossAz,
    InterRegion,
}

/// The packet moved between AZs or Regions.
#[derive(Debug, Clone)]
pub(crate) struct Crossing {
    pub from: Loc,
    pub to: Loc,
    pub kind: CrossingKind,
    /// The hop the packet was going to (kind, id): a NAT gateway, an instance, an endpoint, …
    pub into: Option<(HopKind, String)>,
}

/// Everything the walk learnt, for [`super::alternatives`].
pub(crate) struct Analysis {
    pub cost: FlowCost,
    pub crossings: Vec<Crossing>,
    /// The first hop that is the source (kind, id), when it is in a VPC.
    pub source: Option<(HopKind, String)>,
    pub source_loc: Option<Loc>,
    pub service: Option<ServiceRef>,
    /// Endpoints the path went through (id, kind).
    pub endpoints: Vec<(String, EndpointKind)>,
}

struct Walk<'a, 't> {
    lk: &'a Lookup<'t>,
    gb: f64,
    items: Vec<CostItem>,
    notes: Vec<String>,
    cur: Option<Loc>,
    via: Via,
    /// Region the packet left to the internet from (through an IGW or EIGW), until it reaches something.
    exited: Option<String>,
    /// Service Region of the interface endpoint just passed (cross-Region endpoints, CR-01).
    endpoint_service_region: Option<String>,
    dest_service: Option<ServiceRef>,
    default_region: Option<String>,
    a_crossings: Vec<Crossing>,
    a_source: Option<(HopKind, String)>,
    a_source_loc: Option<Loc>,
    a_service: Option<ServiceRef>,
    a_endpoints: Vec<(String, EndpointKind)>,
}

pub(crate) fn analyze(
    lk: &Lookup<'_>,
    flow: &FlowSpec,
    trace: &Trace,
    gb_per_month: f64,
) -> Analysis {
    let gb = if gb_per_month.is_finite() && gb_per_month > 0.0 {
        gb_per_month
    } else {
        0.0
    };
    let default_region = flow.region.clone().or_else(|| lk.t.region.clone());
    let mut w = Walk {
        lk,
        gb,
        items: Vec::new(),
        notes: Vec::new(),
        cur: None,
        via: Via::Direct,
        exited: None,
        endpoint_service_region: None,
        dest_service: None,
        default_region,
        a_crossings: Vec::new(),
        a_source: None,
        a_source_loc: None,
        a_service: None,
        a_endpoints: Vec::new(),
    };
    if trace.reachable {
        w.run(flow, &trace.hops);
    } else {
        w.notes
            .push("the flow is unreachable: it carries no data, so it has no per-GB cost".into());
    }
    if w.gb == 0.0 && trace.reachable {
        w.notes
            .push("no monthly volume given (gb_per_month = 0): per-GB items are $0".into());
    }
    let exact: f64 = w.items.iter().map(|i| i.usd).sum();
    let confirmed = w.items.iter().all(|i| i.confirmed);
    let cost = FlowCost {
        usd_per_month: round_cents(exact),
        gb_per_month: gb,
        items: w.items,
        notes: w.notes,
        price_version: pricing::table().version.clone(),
        confirmed,
    };
    Analysis {
        cost,
        crossings: w.a_crossings,
        source: w.a_source,
        source_loc: w.a_source_loc,
        service: w.a_service,
        endpoints: w.a_endpoints,
    }
}

impl Walk<'_, '_> {
    fn run(&mut self, flow: &FlowSpec, hops: &[Hop]) {
        let region_hint = self.default_region.clone();
        self.dest_service =
            parse_service_name(&flow.to, region_hint.as_deref()).map(|s| ServiceRef {
                service: s.service,
                region: s.region,
            });
        let first = hops.iter().position(|h| h.kind != HopKind::Dns);
        for (i, h) in hops.iter().enumerate() {
            match h.kind {
                HopKind::INSTANCE | HopKind::NETWORK_INTERFACE | HopKind::SUBNET => {
                    if let Some(loc) = self.lk.hop_loc(h.kind, &h.id) {
                        if Some(i) == first {
                            self.a_source = Some((h.kind, h.id.clone()));
                            self.a_source_loc = Some(loc.clone());
                        }
                        self.move_to(loc, hops, i);
                    }
                }
                HopKind::NAT_GATEWAY => self.nat(h, hops, i),
                HopKind::VPC_ENDPOINT => self.endpoint(h, hops, i),
                HopKind::PEERING_CONNECTION => self.via = Via::Peering(h.id.clone()),
                HopKind::TRANSIT_GATEWAY_ATTACHMENT => self.via = Via::TransitGateway,
                HopKind::TRANSIT_GATEWAY
                    if i > 0 && hops[i - 1].kind == HopKind::TRANSIT_GATEWAY_ATTACHMENT =>
                {
                    self.tgw_ingress(&h.id, &hops[i - 1].id);
                }
                HopKind::INTERNET_GATEWAY | HopKind::EGRESS_ONLY_INTERNET_GATEWAY => {
                    if let Some(c) = self.cur.take() {
                        self.exited = Some(
                            c.region
                                .or_else(|| self.default_region.clone())
                                .unwrap_or_else(|| "us-east-1".into()),
                        );
                        self.via = Via::Direct;
                    }
                }
                HopKind::AwsService => self.aws_service(ServiceRef::from_hop_id(&h.id)),
                HopKind::Internet if i > 0 => self.internet_out(),
                HopKind::OnPrem if i > 0 => self.onprem_out(hops, i),
                _ => {}
            }
        }
    }

    fn region_or_default(&self, r: Option<&String>) -> String {
        r.cloned()
            .or_else(|| self.default_region.clone())
            .unwrap_or_else(|| "us-east-1".into())
    }

    fn push(&mut self, mut item: CostItem, note: Option<&str>) {
        if let Some(n) = note {
            add_note(&mut item, n);
        }
        self.items.push(item);
    }

    fn charge(
        &mut self,
        item: Item,
        region: &str,
        what: String,
        resource: Option<String>,
        note: Option<&str>,
    ) {
        let it = make_item(item, region, self.gb, what, resource);
        self.push(it, note);
    }

    /// Inter-Region transfer, priced for the Region pair `from` → `to` (PR-01).
    fn charge_pair(&mut self, from: &str, to: &str, what: String, note: &str) {
        let it = super::make_pair_item(Item::InterRegionGb, from, to, self.gb, what);
        self.push(it, Some(note));
    }

    /// A $0 line for a transfer AWS does not charge (per an unconfirmed source).
    fn waived(&mut self, region: &str, what: String, note: &str) {
        let base = make_item(Item::InterAzGb, region, self.gb, what, None);
        let it = CostItem {
            unit_price: 0.0,
            usd: 0.0,
            source: DT05_URL.to_string(),
            as_of: "2022-04-01".into(),
            confirmed: false,
            note: Some(note.to_string()),
            ..base
        };
        self.items.push(it);
    }

    /// The next hop that is a thing the packet is delivered to, up to the next subnet boundary.
    fn entering(hops: &[Hop], i: usize) -> Option<(HopKind, String)> {
        const THINGS: [HopKind; 4] = [
            HopKind::INSTANCE,
            HopKind::NETWORK_INTERFACE,
            HopKind::VPC_ENDPOINT,
            HopKind::NAT_GATEWAY,
        ];
        if THINGS.contains(&hops[i].kind) {
            return Some((hops[i].kind, hops[i].id.clone()));
        }
        for h in &hops[i + 1..] {
            if THINGS.contains(&h.kind) {
                return Some((h.kind, h.id.clone()));
            }
            if matches!(
                h.kind,
                HopKind::SUBNET
                    | HopKind::INTERNET_GATEWAY
                    | HopKind::EGRESS_ONLY_INTERNET_GATEWAY
                    | HopKind::TRANSIT_GATEWAY_ATTACHMENT
                    | HopKind::PEERING_CONNECTION
            ) {
                return None;
            }
        }
        None
    }

    fn move_to(&mut self, new: Loc, hops: &[Hop], i: usize) {
        let Some(old) = self.cur.clone() else {
            if let Some(out_region) = self.exited.take() {
                self.public_reentry(&out_region, &new, hops, i);
            }
            self.cur = Some(new);
            return;
        };
        if old.subnet == new.subnet && old.vpc == new.vpc {
            return;
        }
        let via = std::mem::replace(&mut self.via, Via::Direct);
        let into = Self::entering(hops, i);
        let into_label = into
            .as_ref()
            .map(|(_, id)| format!(", to {id}"))
            .unwrap_or_default();
        let from_region = self.region_or_default(old.region.as_ref());
        if let (Some(a), Some(b)) = (&old.region, &new.region) {
            if a != b {
                let what = format!("Inter-Region data transfer ({a} → {b}{into_label})");
                let note = match &via {
                    Via::Peering(p) => {
                        format!("over inter-Region peering {p}; billed at the source Region")
                    }
                    Via::TransitGateway => {
                        "over transit gateway peering; billed at the source Region".into()
                    }
                    Via::Direct => "billed at the source Region".into(),
                };
                self.charge_pair(a, b, what, &note);
                self.a_crossings.push(Crossing {
                    from: old,
                    to: new.clone(),
                    kind: CrossingKind::InterRegion,
                    into,
                });
                self.cur = Some(new);
                return;
            }
        }
        match old.same_az(&new) {
            Some(false) => {
                let (a, b) = (old.az_label(), new.az_label());
                let kind = match via {
                    Via::Peering(p) => {
                        for (side, az) in [("out of", &a), ("into", &b)] {
                            let what = format!(
                                "VPC peering {p} across AZs, {side} {az} ({a} → {b}{into_label})"
                            );
                            self.charge(
                                Item::PeeringCrossAzGb,
                                &from_region,
                                what,
                                Some(p.clone()),
                                Some("charged on each side (PCX-07)"),
                            );
                        }
                        CrossingKind::PeeringCrossAz
                    }
                    Via::TransitGateway => {
                        let what = format!("Inter-AZ transfer through a transit gateway ({a} → {b}{into_label}): not charged");
                        self.waived(
                            &from_region,
                            what,
                            "unconfirmed: per the 2022-04-01 AWS data-transfer price reduction for PrivateLink, Transit Gateway and Client VPN (URL cited by a third party in DT-05), transfer between a transit gateway attachment and resources in other AZs is not charged; the transit gateway processing charge applies",
                        );
                        CrossingKind::Waived
                    }
                    Via::Direct => {
                        let to_interface_endpoint = into.as_ref().is_some_and(|(k, id)| {
                            *k == HopKind::VPC_ENDPOINT
                                && self
                                    .lk
                                    .endpoint(id)
                                    .is_some_and(|e| e.kind == EndpointKind::Interface)
                        });
                        if to_interface_endpoint {
                            let what = format!("Inter-AZ transfer to interface endpoint ({a} → {b}{into_label}): not charged (DT-05)");
                            self.waived(
                                &from_region,
                                what,
                                "unconfirmed (DT-05): no inter-AZ charge from a client to an interface endpoint ENI in another AZ since 2022-04-01; the endpoint's per-GB processing still applies",
                            );
                            CrossingKind::Waived
                        } else {
                            let cite = if into
                                .as_ref()
                                .is_some_and(|(k, _)| *k == HopKind::NAT_GATEWAY)
                            {
                                "DT-01, NAT-10"
                            } else {
                                "DT-01"
                            };
                            for (side, az) in [("out of", &a), ("into", &b)] {
                                let what = format!(
                                    "Inter-AZ data transfer {side} {az} ({a} → {b}{into_label})"
                                );
                                let note = format!("charged on each side ({cite})");
                                self.charge(Item::InterAzGb, &from_region, what, None, Some(&note));
                            }
                            CrossingKind::InterAz
                        }
                    }
                };
                self.a_crossings.push(Crossing {
                    from: old,
                    to: new.clone(),
                    kind,
                    into,
                });
            }
            Some(true) => {
                if let Via::Peering(p) = via {
                    let what = format!("VPC peering {p} within {}: no charge", new.az_label());
                    self.charge(
                        Item::PeeringSameAzGb,
                        &from_region,
                        what,
                        Some(p),
                        Some("PCX-07"),
                    );
                }
            }
            None => {
                let note = format!(
                    "the AZ of {} or {} is not known: inter-AZ transfer between them is not assessed",
                    old.subnet.as_deref().unwrap_or("the source"),
                    new.subnet.as_deref().unwrap_or("the destination")
                );
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
            }
        }
        self.cur = Some(new);
    }

    /// Back into a VPC from the internet after leaving through an IGW: a public-address round trip.
    fn public_reentry(&mut self, out_region: &str, new: &Loc, hops: &[Hop], i: usize) {
        let into = Self::entering(hops, i)
            .map(|(_, id)| format!(", to {id}"))
            .unwrap_or_default();
        match &new.region {
            Some(r) if r != out_region => {
                let what = format!(
                    "Inter-Region data transfer over public addresses ({out_region} → {r}{into})"
                );
                self.charge_pair(out_region, r, what, "billed at the source Region");
            }
            _ => {
                for side in ["out", "in"] {
                    let what = format!("Data transfer over public IPv4 addresses within {out_region}, {side}{into}");
                    let mut it = make_item(Item::InterAzGb, out_region, self.gb, what, None);
                    it.confirmed = false;
                    add_note(&mut it, "unconfirmed: third-party quote of the EC2 pricing page (DT-01 source): data to and from a public or Elastic IPv4 address is $0.01/GB in each direction");
                    self.items.push(it);
                }
            }
        }
    }

    fn nat(&mut self, h: &Hop, hops: &[Hop], i: usize) {
        let Some(n) = self.lk.nat(&h.id) else { return };
        let vpc = self.lk.nat_vpc(n);
        let (region, guessed) = self.lk.vpc_region_or_default(vpc.as_deref());
        let region = if guessed {
            self.region_or_default(None)
        } else {
            region
        };
        let (item, what) = if n.availability_mode == AvailabilityMode::Regional {
            (
                Item::RegionalNatGatewayGb,
                format!("Regional NAT gateway data processing ({})", n.id),
            )
        } else {
            (
                Item::NatGatewayGb,
                format!("NAT gateway data processing ({})", n.id),
            )
        };
        self.charge(
            item,
            &region,
            what,
            Some(n.id.clone()),
            Some("every GB processed, in either direction (NAT-08)"),
        );
        if let Some(loc) = self.lk.hop_loc(HopKind::NAT_GATEWAY, &n.id) {
            self.move_to(loc, hops, i);
        }
    }

    fn endpoint(&mut self, h: &Hop, hops: &[Hop], i: usize) {
        let Some(ep) = self.lk.endpoint(&h.id) else {
            return;
        };
        self.a_endpoints.push((ep.id.clone(), ep.kind));
        let region = self.lk.vpc_region(&ep.vpc_id);
        let region = self.region_or_default(region.as_ref());
        match ep.kind {
            EndpointKind::Gateway => {
                let what = format!(
                    "Gateway endpoint {} ({}): no charge",
                    ep.id, ep.service_name
                );
                self.charge(
                    Item::GatewayEndpoint,
                    &region,
                    what,
                    Some(ep.id.clone()),
                    Some("GE-10"),
                );
            }
            EndpointKind::Interface => {
                let what = format!(
                    "Interface endpoint data processing ({}, {})",
                    ep.id, ep.service_name
                );
                self.charge(
                    Item::InterfaceEndpointGb,
                    &region,
                    what,
                    Some(ep.id.clone()),
                    Some("tiered on the Region's monthly total across all interface endpoints (IE-15); this flow alone is priced from the first tier"),
                );
                self.endpoint_service_region = ep.service_region.clone();
            }
            EndpointKind::Resource => {
                let what = format!("Resource endpoint data processing ({})", ep.id);
                self.charge(
                    Item::ResourceEndpointGb,
                    &region,
                    what,
                    Some(ep.id.clone()),
                    Some("RE-06; tiered like interface endpoints, this flow alone is priced from the first tier; the provider's resource gateway is billed to the provider"),
                );
            }
            EndpointKind::GatewayLoadBalancer => {
                if let Some(loc) = ep.subnet_ids.first().and_then(|s| self.lk.subnet_loc(s)) {
                    self.move_to(loc, hops, i);
                }
                let what = format!("Gateway Load Balancer endpoint data processing ({})", ep.id);
                self.charge(
                    Item::GwlbEndpointGb,
                    &region,
                    what,
                    Some(ep.id.clone()),
                    Some("GW-07; the appliances' own traffic is not priced"),
                );
            }
            _ => {}
        }
    }

    fn tgw_ingress(&mut self, tgw: &str, att_id: &str) {
        let att = self.lk.tgw_attachment(att_id);
        if att.is_some_and(|a| a.kind == TgwAttachmentKind::Peering) {
            let note = format!("transit gateway {tgw}: data arriving over peering attachment {att_id} is not charged processing again (charged once, on the sending gateway; unconfirmed)");
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
            return;
        }
        let (region, guessed) = self.lk.tgw_region(tgw, att);
        let region = if guessed {
            self.region_or_default(self.cur.as_ref().and_then(|c| c.region.as_ref()))
        } else {
            region
        };
        let what = format!("Transit gateway data processing ({tgw}, from {att_id})");
        self.charge(
            Item::TgwGb,
            &region,
            what,
            Some(tgw.to_string()),
            Some("per GB sent into the transit gateway from an attachment"),
        );
    }

    fn aws_service(&mut self, svc: Option<ServiceRef>) {
        let svc = svc.or_else(|| self.dest_service.clone());
        let Some(mut svc) = svc else { return };
        if let Some(r) = self.endpoint_service_region.take() {
            svc.region = r;
        }
        self.a_service = Some(svc.clone());
        let (from, public) = match (&self.cur, &self.exited) {
            (Some(c), _) => (self.region_or_default(c.region.as_ref()), false),
            (None, Some(r)) => (r.clone(), true),
            (None, None) => return,
        };
        if from != svc.region {
            let what = format!(
                "Inter-Region data transfer ({from} → {}, to {})",
                svc.region, svc.service
            );
            let note = if public {
                "to the service's public endpoint in another Region; billed at the source Region"
            } else {
                "CR-10: cross-Region endpoint; billed at the source Region"
            };
            let to = svc.region.clone();
            self.charge_pair(&from, &to, what, note);
        } else if public {
            let note = format!(
                "{} in {from} is reached over its public endpoint in the same Region: no data-transfer charge (the NAT gateway processing, if any, is the cost, NAT-09)",
                svc.service
            );
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        self.exited = None;
    }

    fn internet_out(&mut self) {
        if self.exited.is_none() {
            return;
        }
        if let Some(svc) = self.dest_service.clone() {
            // The topology has no prefix list for the service: the trace stands its address in on the internet.
            self.aws_service(Some(svc));
            return;
        }
        let region = self.exited.take().unwrap_or_default();
        let what = format!("Data transfer out to the internet from {region}");
        self.charge(
            Item::InternetEgressGb,
            &region,
            what,
            None,
            Some("tiered on the account's monthly total (DT-02); this flow alone is priced from the first tier"),
        );
    }

    fn onprem_out(&mut self, hops: &[Hop], i: usize) {
        let Some(cur) = self.cur.clone() else { return };
        let region = self.region_or_default(cur.region.as_ref());
        let vpn = hops[..i].iter().rev().find(|h| {
            matches!(
                h.kind,
                HopKind::VPN_CONNECTION | HopKind::VPN_GATEWAY | HopKind::DIRECT_CONNECT_GATEWAY
            )
        });
        match vpn {
            Some(h) if h.kind == HopKind::DIRECT_CONNECT_GATEWAY => {
                let what = format!(
                    "Data transfer out over Direct Connect ({}) from {region}",
                    h.id
                );
                let note = "PR-02: data out over Direct Connect, by the Region it leaves";
                self.charge(
                    Item::DirectConnectOutGb,
                    &region,
                    what,
                    Some(h.id.clone()),
                    Some(note),
                );
            }
            Some(h) => {
                let what = format!(
                    "Data transfer out over Site-to-Site VPN ({}) from {region}",
                    h.id
                );
                let mut it = make_item(
                    Item::InternetEgressGb,
                    &region,
                    self.gb,
                    what,
                    Some(h.id.clone()),
                );
                it.confirmed = false;
                add_note(
                    &mut it,
                    "unconfirmed: AWS bills data sent out over a Site-to-Site VPN at the EC2 data-transfer-out rates (third-party notes; not in aws-reference)",
                );
                self.items.push(it);
            }
            None => {}
        }
    }
}
