//! Many flows and the topology's fixed costs in one report (`vpclab cost SNAPSHOT --flows FILE`).

use super::{Alternative, CostItem, FlowCost};
use crate::model::Topology;
use crate::path::{FlowSpec, Network};
use crate::pricing::{self, round_cents};
use crate::Session;
use serde::Serialize;
use std::fmt::Write as _;

/// One flow of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowLine {
    pub flow: FlowSpec,
    pub gb_per_month: f64,
    pub reachable: bool,
    pub network: Option<Network>,
    /// Why the flow could not be traced at all (its source or destination names nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why it is blocked, as `CODE: message` lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanations: Vec<String>,
    pub cost: FlowCost,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

/// Costs of many flows plus the topology's fixed costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    pub price_version: String,
    pub currency: String,
    pub flows: Vec<FlowLine>,
    pub fixed: Vec<CostItem>,
    /// Rounded to the cent (half away from zero), from the unrounded items.
    pub fixed_usd_per_month: f64,
    pub flows_usd_per_month: f64,
    pub total_usd_per_month: f64,
    /// How many line items (flows and fixed) rest on unconfirmed prices.
    pub unconfirmed_items: usize,
    pub notes: Vec<String>,
}

/// The monthly totals of a diagram: fixed costs plus its flows' costs, summed unrounded and rounded to the cent
/// (halves away from zero), and how many line items rest on an unconfirmed price. The CLI's report and the UI's
/// cost panel both take their totals from here.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    pub fixed_usd: f64,
    pub flows_usd: f64,
    pub total_usd: f64,
    pub unconfirmed_items: usize,
}

impl Totals {
    pub fn of<'a>(fixed: &[CostItem], flows: impl IntoIterator<Item = &'a FlowCost>) -> Totals {
        let fixed_exact: f64 = fixed.iter().map(|i| i.usd).sum();
        let mut flows_exact = 0.0;
        let mut unconfirmed = fixed.iter().filter(|i| !i.confirmed).count();
        for c in flows {
            flows_exact += c.exact_usd();
            unconfirmed += c.items.iter().filter(|i| !i.confirmed).count();
        }
        Totals {
            fixed_usd: round_cents(fixed_exact),
            flows_usd: round_cents(flows_exact),
            total_usd: round_cents(fixed_exact + flows_exact),
            unconfirmed_items: unconfirmed,
        }
    }
}

/// Read a flows file: a JSON array of flows, or `{"flows": [...]}`. Each flow has `from`, `to` and optionally
/// `port`, `protocol`, `region`, `gb_per_month` (the fields of [`FlowSpec`]).
///
/// ```
/// let f = vpclab_core::cost::parse_flows(r#"[{"from": "i-1", "to": "s3.us-east-1.amazonaws.com", "gb_per_month": 1000}]"#).unwrap();
/// assert_eq!(f[0].gb_per_month, Some(1000.0));
/// ```
pub fn parse_flows(text: &str) -> Result<Vec<FlowSpec>, String> {
    let v: serde_json::Value = crate::json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let list = match v {
        serde_json::Value::Array(_) => v,
        serde_json::Value::Object(mut m) => m.remove("flows").ok_or_else(|| {
            "expected a JSON array of flows or an object with a `flows` array".to_string()
        })?,
        _ => return Err("expected a JSON array of flows or an object with a `flows` array".into()),
    };
    let arr = list
        .as_array()
        .ok_or_else(|| "`flows` must be an array".to_string())?;
    let mut out = Vec::with_capacity(arr.len());
    for (i, f) in arr.iter().enumerate() {
        let spec: FlowSpec =
            crate::json::from_value(f).map_err(|e| format!("flow {} (index {i}): {e}", i + 1))?;
        if spec.from.trim().is_empty() || spec.to.trim().is_empty() {
            return Err(format!(
                "flow {} (index {i}): `from` and `to` are required",
                i + 1
            ));
        }
        if let Some(gb) = spec.gb_per_month {
            if !gb.is_finite() || gb < 0.0 {
                return Err(format!(
                    "flow {} (index {i}): `gb_per_month` must be a number ≥ 0",
                    i + 1
                ));
            }
        }
        out.push(spec);
    }
    Ok(out)
}

/// Trace and price every flow (volume: its own `gb_per_month`, else `default_gb`), with cheaper alternatives,
/// plus the topology's fixed costs.
/// (Many questions of one topology: [`crate::Session::cost_report`].)
pub fn report(topology: &Topology, flows: &[FlowSpec], default_gb: f64) -> CostReport {
    crate::Session::new(topology).cost_report(flows, default_gb)
}

pub(crate) fn report_in(session: &Session<'_>, flows: &[FlowSpec], default_gb: f64) -> CostReport {
    let prices = pricing::table();
    let mut lines = Vec::new();
    for f in flows {
        let gb = f.gb_per_month.unwrap_or(default_gb);
        match session.trace(f) {
            Ok(tr) => {
                let cost = session.flow_cost(f, &tr, gb);
                let alts = session.alternatives(f, &tr, gb);
                lines.push(FlowLine {
                    flow: f.clone(),
                    gb_per_month: gb,
                    reachable: tr.reachable,
                    network: tr.network,
                    error: None,
                    explanations: tr
                        .explanations
                        .iter()
                        .map(|e| format!("{}: {}", e.code, e.message))
                        .collect(),
                    cost,
                    alternatives: alts,
                });
            }
            Err(e) => lines.push(FlowLine {
                flow: f.clone(),
                gb_per_month: gb,
                reachable: false,
                network: None,
                error: Some(e.to_string()),
                explanations: Vec::new(),
                cost: FlowCost {
                    usd_per_month: 0.0,
                    gb_per_month: gb,
                    items: Vec::new(),
                    notes: vec!["the flow could not be traced".into()],
                    price_version: prices.version.clone(),
                    confirmed: true,
                },
                alternatives: Vec::new(),
            }),
        }
    }
    let fixed = session.fixed_costs().to_vec();
    let totals = Totals::of(&fixed, lines.iter().map(|l| &l.cost));
    let notes = vec![
        format!("prices: table version {} ({}), {} h a month", prices.version, prices.currency, prices.hours_per_month),
        "tiered prices (internet egress, interface endpoint processing) are applied to each flow from the first tier; AWS tiers on the account's monthly total per Region".into(),
        "rounding: line items to the micro-dollar; totals from the unrounded items, rounded to the cent, halves away from zero".into(),
    ];
    CostReport {
        price_version: prices.version.clone(),
        currency: prices.currency.clone(),
        flows: lines,
        fixed_usd_per_month: totals.fixed_usd,
        fixed,
        flows_usd_per_month: totals.flows_usd,
        total_usd_per_month: totals.total_usd,
        unconfirmed_items: totals.unconfirmed_items,
        notes,
    }
}

fn money(x: f64) -> String {
    format!("{:.2}", round_cents(x))
}

/// An item's exact amount: cents, with more decimals only when the amount has them.
fn exact_money(x: f64) -> String {
    let s = format!("{x:.6}");
    let trimmed = s.trim_end_matches('0');
    let decimals = trimmed.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
    if decimals <= 2 {
        format!("{x:.2}")
    } else {
        trimmed.to_string()
    }
}

fn qty(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.2}")
    }
}

fn item_line(out: &mut String, indent: &str, i: &CostItem) {
    let mark = if i.confirmed { " " } else { "*" };
    let _ = writeln!(
        out,
        "{indent}{mark} {:<72} {:>10} {} × {:<9} {:>10}",
        i.what,
        qty(i.quantity),
        i.unit.label(),
        format!("{:.4}", i.unit_price),
        exact_money(i.usd)
    );
}

impl CostReport {
    /// A plain-text table: flows with their items and cheaper alternatives, fixed costs, totals.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Cost estimate, {} a month (prices version {}; * = unconfirmed price)",
            self.currency, self.price_version
        );
        let _ = writeln!(out);
        let _ = writeln!(out, "Flows");
        if self.flows.is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        for (n, l) in self.flows.iter().enumerate() {
            let status = match (&l.error, l.reachable, l.network) {
                (Some(_), _, _) => "error".to_string(),
                (None, false, _) => "unreachable".into(),
                (None, true, Some(Network::Public)) => "reachable, public".into(),
                (None, true, _) => "reachable, private".into(),
            };
            let port = l.flow.port.map(|p| format!(":{p}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "{:>3}. {} → {}{port}  {} GB  [{status}]  {}",
                n + 1,
                l.flow.from,
                l.flow.to,
                qty(l.gb_per_month),
                money(l.cost.exact_usd())
            );
            if let Some(e) = &l.error {
                let _ = writeln!(out, "       {e}");
            }
            for e in &l.explanations {
                let _ = writeln!(out, "       {e}");
            }
            for i in &l.cost.items {
                item_line(&mut out, "     ", i);
            }
            for a in &l.alternatives {
                let be = match a.break_even_gb {
                    Some(0.0) => "saves at any volume".to_string(),
                    Some(x) => format!("pays off above {} GB a month", qty(x)),
                    None => "no break-even".into(),
                };
                let _ = writeln!(
                    out,
                    "       cheaper: {}: {} → {} (fixed {:+.2}), saves {}; {be}",
                    a.title,
                    money(a.usd_per_month_before),
                    money(a.usd_per_month_after),
                    a.fixed_usd_per_month_delta,
                    money(a.monthly_saving)
                );
            }
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "Fixed costs");
        if self.fixed.is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        for i in &self.fixed {
            item_line(&mut out, "  ", i);
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Total: flows {} + fixed {} = {} {} a month",
            money(self.flows_usd_per_month),
            money(self.fixed_usd_per_month),
            money(self.total_usd_per_month),
            self.currency
        );
        if self.unconfirmed_items > 0 {
            let _ = writeln!(
                out,
                "{} line item(s) rest on unconfirmed prices (*).",
                self.unconfirmed_items
            );
        }
        out
    }
}
