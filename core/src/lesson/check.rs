//! Judging a diagram against a lesson's goals: every verdict comes from the trace engine, the cost engine or
//! validation — never from what the UI shows.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Goal, Lesson};
use crate::cost;
use crate::diagram::{Diagram, Flow};
use crate::model::{EndpointKind, Topology};
use crate::path::index::Index;
use crate::path::trace::trace_with;
use crate::path::{FlowError, Hop, HopKind, Network, Trace};
use crate::pricing::round_cents;
use crate::validate::validate;
use crate::Severity;

/// One goal's verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalStatus {
    pub goal: Goal,
    /// The sentence the learner sees: the goal's own `text`, or one made from the goal.
    pub text: String,
    pub met: bool,
    /// Why (not), in plain English, from the trace: where the flow is blocked, which way it goes, what it costs.
    pub detail: String,
}

/// A lesson's verdict on a diagram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LessonStatus {
    /// In the lesson's order.
    pub goals: Vec<GoalStatus>,
    /// Every goal is met (and there is at least one).
    pub complete: bool,
}

impl LessonStatus {
    /// How many goals are met.
    pub fn met(&self) -> usize {
        self.goals.iter().filter(|g| g.met).count()
    }
}

/// Checks `diagram` (what the learner has now) against `lesson`'s goals. The goals' flows are the lesson's own
/// (its starting diagram's `flows`), traced over `diagram.topology`.
pub fn check(lesson: &Lesson, diagram: &Diagram) -> LessonStatus {
    let mut cx = Ctx {
        topo: &diagram.topology,
        ix: Index::new(&diagram.topology),
        flows: &lesson.diagram.flows,
        traces: BTreeMap::new(),
    };
    let goals: Vec<GoalStatus> = lesson
        .goals
        .iter()
        .map(|g| {
            let (met, detail) = cx.evaluate(&g.goal);
            GoalStatus {
                goal: g.goal.clone(),
                text: g
                    .text
                    .clone()
                    .unwrap_or_else(|| describe(&g.goal, cx.flows)),
                met,
                detail,
            }
        })
        .collect();
    let complete = !goals.is_empty() && goals.iter().all(|g| g.met);
    LessonStatus { goals, complete }
}

/// The monthly total a `total_cost_below` goal compares: the topology's fixed costs ([`cost::fixed_costs`]) plus
/// each flow's cost at its own `gb_per_month` (flows without a volume, blocked flows and flows that name
/// nothing in the topology add nothing), rounded to the cent.
///
/// ```
/// use vpclab_core::{gallery, lesson};
/// let d = gallery::example("s3-through-nat").unwrap().diagram;
/// // NAT gateway $32.85 + its EIP $3.65 + S3 1,000 GB × $0.045 + internet 10 GB × ($0.045 + $0.09).
/// assert_eq!(lesson::total_cost(&d.topology, &d.flows), 82.85);
/// ```
pub fn total_cost(topology: &Topology, flows: &[Flow]) -> f64 {
    let ix = Index::new(topology);
    let (fixed, per_flow) = totals(topology, flows, &mut |i| trace_with(&ix, &flows[i].spec));
    round_cents(fixed.iter().map(|c| c.usd).sum::<f64>() + per_flow.iter().sum::<f64>())
}

/// The fixed cost items, and each flow's exact monthly cost (0 for flows without a volume or not reachable).
fn totals(
    topology: &Topology,
    flows: &[Flow],
    trace: &mut dyn FnMut(usize) -> Result<Trace, FlowError>,
) -> (Vec<cost::CostItem>, Vec<f64>) {
    let fixed = cost::fixed_costs(topology);
    let per_flow = flows
        .iter()
        .enumerate()
        .map(|(i, f)| match (f.spec.gb_per_month, trace(i)) {
            (Some(gb), Ok(t)) if t.reachable => {
                cost::flow_cost(topology, &f.spec, &t, gb).exact_usd()
            }
            _ => 0.0,
        })
        .collect();
    (fixed, per_flow)
}

/// How goals and details name a flow: its label in quotes, else `from → to`.
pub fn flow_name(flows: &[Flow], i: usize) -> String {
    match flows.get(i) {
        Some(f) => match &f.label {
            Some(l) => format!("“{l}”"),
            None => format!("“{} → {}”", f.spec.from, f.spec.to),
        },
        None => format!("flow {i}"),
    }
}

/// The sentence for a goal without its own text.
pub(super) fn describe(goal: &Goal, flows: &[Flow]) -> String {
    let name = |r: &super::FlowRef| match r.resolve(flows) {
        Ok(i) => flow_name(flows, i),
        Err(_) => r.to_string(),
    };
    match goal {
        Goal::FlowReachable { flow, network } => format!(
            "{} reaches its destination{}",
            name(flow),
            match network {
                Some(Network::Private) => " over a private path (no internet gateway)",
                Some(Network::Public) => " through an internet gateway",
                None => "",
            }
        ),
        Goal::FlowBlocked { flow, code } => match code {
            Some(c) => format!("{} is blocked with {c}", name(flow)),
            None => format!("{} is blocked", name(flow)),
        },
        Goal::FlowAdvisory { flow, code } => format!("{} carries the advisory {code}", name(flow)),
        Goal::FlowNoAdvisory { flow, code } => {
            format!("{} no longer carries the advisory {code}", name(flow))
        }
        Goal::FlowCostBelow {
            flow,
            usd_per_month,
            gb_per_month,
        } => {
            let gb = gb_per_month.or_else(|| {
                flow.resolve(flows)
                    .ok()
                    .and_then(|i| flows[i].spec.gb_per_month)
            });
            format!(
                "{} costs less than {} a month{}",
                name(flow),
                usd(*usd_per_month),
                gb.map(|g| format!(" at {} a month", gigabytes(g)))
                    .unwrap_or_default()
            )
        }
        Goal::TotalCostBelow { usd_per_month } => format!(
            "The whole design costs less than {} a month (fixed costs plus every flow)",
            usd(*usd_per_month)
        ),
        Goal::FlowPassesThrough { flow, through } => {
            format!("{} passes through {}", name(flow), through_name(through))
        }
        Goal::FlowAvoids { flow, through } => {
            format!(
                "{} does not pass through {}",
                name(flow),
                through_name(through)
            )
        }
        Goal::ValidationClean { strict } => if *strict {
            "The diagram has no validation errors or warnings"
        } else {
            "The diagram has no validation errors"
        }
        .into(),
    }
}

fn through_name(through: &str) -> String {
    match through {
        "nat-gateway" => "a NAT gateway".into(),
        "internet-gateway" => "an internet gateway".into(),
        "egress-only-internet-gateway" => "an egress-only internet gateway".into(),
        "vpc-endpoint" => "a VPC endpoint".into(),
        "gateway-endpoint" => "a gateway endpoint".into(),
        "interface-endpoint" => "an interface endpoint".into(),
        "endpoint-service" => "an endpoint service".into(),
        "load-balancer" => "a load balancer".into(),
        "peering-connection" => "a peering connection".into(),
        "transit-gateway" => "a transit gateway".into(),
        "vpn-connection" => "a VPN connection".into(),
        "vpn-gateway" => "a virtual private gateway".into(),
        "direct-connect-gateway" => "a Direct Connect gateway".into(),
        "internet" => "the internet".into(),
        other => format!("`{other}`"),
    }
}

/// `$1,234.50`.
fn usd(v: f64) -> String {
    format!("${}", thousands(v, 2))
}

/// `1,000 GB`.
fn gigabytes(v: f64) -> String {
    let decimals = if v.fract() == 0.0 { 0 } else { 1 };
    format!("{} GB", thousands(v, decimals))
}

fn thousands(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

struct Ctx<'a> {
    topo: &'a Topology,
    ix: Index<'a>,
    flows: &'a [Flow],
    traces: BTreeMap<usize, Result<Trace, FlowError>>,
}

/// Hop kinds worth naming when a detail says which way a flow goes.
const NOTABLE: &[HopKind] = &[
    HopKind::NAT_GATEWAY,
    HopKind::INTERNET_GATEWAY,
    HopKind::EGRESS_ONLY_INTERNET_GATEWAY,
    HopKind::VPC_ENDPOINT,
    HopKind::ENDPOINT_SERVICE,
    HopKind::LOAD_BALANCER,
    HopKind::PEERING_CONNECTION,
    HopKind::TRANSIT_GATEWAY,
    HopKind::VPN_CONNECTION,
    HopKind::DIRECT_CONNECT_GATEWAY,
];

impl<'a> Ctx<'a> {
    fn trace(&mut self, i: usize) -> Result<Trace, FlowError> {
        let (ix, flows) = (&self.ix, self.flows);
        self.traces
            .entry(i)
            .or_insert_with(|| trace_with(ix, &flows[i].spec))
            .clone()
    }

    /// The endpoint kind of a hop's id, if it is an endpoint of the topology.
    fn endpoint_kind(&self, id: &str) -> Option<EndpointKind> {
        self.topo
            .vpc_endpoints
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.kind)
    }

    fn hop_is(&self, hop: &Hop, through: &str) -> bool {
        match through {
            "gateway-endpoint" => {
                hop.kind == HopKind::VPC_ENDPOINT
                    && self.endpoint_kind(&hop.id) == Some(EndpointKind::Gateway)
            }
            "interface-endpoint" => {
                hop.kind == HopKind::VPC_ENDPOINT
                    && self.endpoint_kind(&hop.id) == Some(EndpointKind::Interface)
            }
            _ => hop.kind.name() == through || hop.id == through,
        }
    }

    fn hop_label(&self, hop: &Hop) -> String {
        let kind = match hop.kind {
            HopKind::VPC_ENDPOINT => match self.endpoint_kind(&hop.id) {
                Some(EndpointKind::Gateway) => "gateway endpoint",
                Some(EndpointKind::Interface) => "interface endpoint",
                _ => "VPC endpoint",
            },
            HopKind::VPN_CONNECTION => "VPN",
            HopKind::Object(k) => k.label(),
            other => other.name(),
        };
        format!("{} ({kind})", hop.id)
    }

    /// `through nat-app (NAT gateway) and igw-app (internet gateway)`, or empty.
    fn path(&self, t: &Trace) -> String {
        let mut seen: Vec<String> = Vec::new();
        for h in &t.hops {
            if NOTABLE.contains(&h.kind) {
                let l = self.hop_label(h);
                if !seen.contains(&l) {
                    seen.push(l);
                }
            }
        }
        match seen.len() {
            0 => String::new(),
            1 => format!(" through {}", seen[0]),
            n => format!(" through {} and {}", seen[..n - 1].join(", "), seen[n - 1]),
        }
    }

    fn blocked(&self, name: &str, t: &Trace) -> String {
        match t.explanations.first() {
            Some(e) => format!(
                "{name} is blocked at {}: {} ({})",
                e.component, e.message, e.code
            ),
            None => format!("{name} is blocked"),
        }
    }

    fn reached(&self, name: &str, t: &Trace) -> String {
        format!(
            "{name} reaches its destination {}{}",
            match t.network {
                Some(Network::Private) => "over a private path",
                Some(Network::Public) => "over a public path (internet gateway)",
                None => "",
            },
            self.path(t)
        )
        .replace("  ", " ")
    }

    fn evaluate(&mut self, goal: &Goal) -> (bool, String) {
        let flow_index = match goal.flow().map(|r| r.resolve(self.flows)) {
            None => None,
            Some(Ok(i)) => Some(i),
            Some(Err(m)) => return (false, m),
        };
        let (name, trace) = match flow_index {
            Some(i) => {
                let name = flow_name(self.flows, i);
                match self.trace(i) {
                    Ok(t) => (name, Some(t)),
                    Err(e) => {
                        return (
                            false,
                            format!("{name} cannot be traced in this diagram: {e}"),
                        )
                    }
                }
            }
            None => (String::new(), None),
        };
        let t = trace.as_ref();
        match goal {
            Goal::FlowReachable { network, .. } => {
                let t = t.expect("flow goals have a trace");
                if !t.reachable {
                    return (false, self.blocked(&name, t));
                }
                let met = network.is_none() || *network == t.network;
                let mut detail = self.reached(&name, t);
                if !met {
                    detail = match network {
                        Some(Network::Private) => {
                            format!("{detail}; it must take a private path, without an internet gateway")
                        }
                        _ => format!("{detail}; it must go through an internet gateway"),
                    };
                }
                (met, detail)
            }
            Goal::FlowBlocked { code, .. } => {
                let t = t.expect("flow goals have a trace");
                if t.reachable {
                    return (
                        false,
                        format!("{}, but it must be blocked", self.reached(&name, t)),
                    );
                }
                match code {
                    None => (true, self.blocked(&name, t)),
                    Some(c) => match t.explanations.iter().find(|e| &e.code == c) {
                        Some(e) => (
                            true,
                            format!("{name} is blocked at {}: {} ({c})", e.component, e.message),
                        ),
                        None => (false, format!("{}, not with {c}", self.blocked(&name, t))),
                    },
                }
            }
            Goal::FlowAdvisory { code, .. } => {
                let t = t.expect("flow goals have a trace");
                match t.advisories.iter().find(|a| &a.code == code) {
                    Some(a) => (true, format!("{name}: {} ({code})", a.message)),
                    None => (false, format!("{name} carries no {code} advisory")),
                }
            }
            Goal::FlowNoAdvisory { code, .. } => {
                let t = t.expect("flow goals have a trace");
                match t.advisories.iter().find(|a| &a.code == code) {
                    Some(a) => (false, format!("{name}: {} ({code})", a.message)),
                    None => (true, format!("{name} carries no {code} advisory")),
                }
            }
            Goal::FlowCostBelow {
                usd_per_month,
                gb_per_month,
                ..
            } => {
                let t = t.expect("flow goals have a trace");
                let i = flow_index.expect("flow goals have a flow");
                let gb = gb_per_month
                    .or(self.flows[i].spec.gb_per_month)
                    .unwrap_or(0.0);
                if !t.reachable {
                    return (
                        false,
                        format!(
                            "{}; a blocked flow carries nothing, so make it reachable first",
                            self.blocked(&name, t)
                        ),
                    );
                }
                let c = cost::flow_cost(self.topo, &self.flows[i].spec, t, gb);
                let items: Vec<String> = c
                    .items
                    .iter()
                    .filter(|it| it.usd > 0.0)
                    .map(|it| format!("{} {}", it.what, usd(round_cents(it.usd))))
                    .collect();
                let met = c.usd_per_month < *usd_per_month;
                let mut detail = format!(
                    "{name} costs {} a month at {}{}",
                    usd(c.usd_per_month),
                    gigabytes(gb),
                    if items.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", items.join("; "))
                    }
                );
                if !met {
                    detail.push_str(&format!(" — the goal is under {}", usd(*usd_per_month)));
                }
                (met, detail)
            }
            Goal::TotalCostBelow { usd_per_month } => {
                let topo = self.topo;
                let flows = self.flows;
                let (fixed, per_flow) = totals(topo, flows, &mut |i| self.trace(i));
                let fixed_total = round_cents(fixed.iter().map(|c| c.usd).sum::<f64>());
                let flow_total = round_cents(per_flow.iter().sum::<f64>());
                let total = round_cents(
                    fixed.iter().map(|c| c.usd).sum::<f64>() + per_flow.iter().sum::<f64>(),
                );
                let mut parts: Vec<String> = fixed
                    .iter()
                    .map(|c| format!("{} {}", c.what, usd(round_cents(c.usd))))
                    .collect();
                for (i, v) in per_flow.iter().enumerate() {
                    if *v > 0.0 {
                        parts.push(format!("{} {}", flow_name(flows, i), usd(round_cents(*v))));
                    }
                }
                let met = total < *usd_per_month;
                let mut detail = format!(
                    "The design costs {} a month: {} fixed and {} for the flows",
                    usd(total),
                    usd(fixed_total),
                    usd(flow_total)
                );
                if !parts.is_empty() {
                    detail.push_str(&format!(" ({})", parts.join("; ")));
                }
                if !met {
                    detail.push_str(&format!(" — the goal is under {}", usd(*usd_per_month)));
                }
                (met, detail)
            }
            Goal::FlowPassesThrough { through, .. } | Goal::FlowAvoids { through, .. } => {
                let t = t.expect("flow goals have a trace");
                let hit = t.hops.iter().find(|h| self.hop_is(h, through));
                let want = matches!(goal, Goal::FlowPassesThrough { .. });
                let base = if t.reachable {
                    self.reached(&name, t)
                } else {
                    self.blocked(&name, t)
                };
                let detail = match (hit, want) {
                    (Some(h), true) => format!("{base}; it passes {}", self.hop_label(h)),
                    (None, true) => {
                        format!("{base}; it does not pass through {}", through_name(through))
                    }
                    (Some(h), false) => format!("{base}; it still passes {}", self.hop_label(h)),
                    (None, false) => {
                        format!("{base}; it does not pass through {}", through_name(through))
                    }
                };
                (hit.is_some() == want, detail)
            }
            Goal::ValidationClean { strict } => {
                let found: Vec<_> = validate(self.topo)
                    .into_iter()
                    .filter(|d| {
                        d.severity == Severity::Error
                            || (*strict && d.severity == Severity::Warning)
                    })
                    .collect();
                if found.is_empty() {
                    return (true, "Validation finds nothing to fix".into());
                }
                let shown: Vec<String> = found
                    .iter()
                    .take(3)
                    .map(|d| {
                        let field = if d.field.is_empty() {
                            String::new()
                        } else {
                            format!(".{}", d.field)
                        };
                        format!("{}{field}: {}", d.subject, d.message)
                    })
                    .collect();
                let more = if found.len() > 3 {
                    format!(" (and {} more)", found.len() - 3)
                } else {
                    String::new()
                };
                (
                    false,
                    format!(
                        "Validation reports {} finding{}: {}{more}",
                        found.len(),
                        if found.len() == 1 { "" } else { "s" },
                        shown.join("; ")
                    ),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_well() {
        assert_eq!(super::usd(1234.5), "$1,234.50");
        assert_eq!(super::usd(0.0), "$0.00");
        assert_eq!(super::gigabytes(1000.0), "1,000 GB");
        assert_eq!(super::gigabytes(12.5), "12.5 GB");
        assert_eq!(super::thousands(-1234567.0, 0), "-1,234,567");
    }
}
