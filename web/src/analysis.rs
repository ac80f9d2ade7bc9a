//! What the engine says about the current diagram: every flow's trace and cost, the fixed monthly costs and the
//! validation findings. Computed once per [`crate::state::AppState::model_revision`] (`use_memo` in the `App`) and
//! shared with every panel, never recomputed per component. Every number and sentence comes from `vpclab-core`.
//! The compiled session shares the revision's diagram (`core::session::DiagramSession`: no copy of the topology);
//! an import analyses its diagram a task before drawing it ([`prepare`]), with the validation its worker already
//! made.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use vpclab_core::cost::{self, Alternative, CostItem, FlowCost};
use vpclab_core::diagram::Diagram;
use vpclab_core::pricing::{self, round_cents};
use vpclab_core::session::DiagramSession;
use vpclab_core::{Diagnostic, FlowError, FlowSpec, Network, Trace};

/// One flow's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowResult {
    /// The trace, or why the flow cannot be asked (it names nothing).
    pub outcome: Result<Trace, FlowError>,
    /// The monthly volume priced (the flow's `gb_per_month`, else 0).
    pub gb_per_month: f64,
    /// The flow's monthly cost (only for a traced flow).
    pub cost: Option<FlowCost>,
}

impl FlowResult {
    /// `Some(true)` reachable, `Some(false)` blocked, `None` when the flow could not be traced.
    pub fn reachable(&self) -> Option<bool> {
        self.outcome.as_ref().ok().map(|t| t.reachable)
    }

    /// The network of a reachable flow.
    pub fn network(&self) -> Option<Network> {
        self.outcome.as_ref().ok().and_then(|t| t.network)
    }

    /// The trace, if the flow could be traced.
    pub fn trace(&self) -> Option<&Trace> {
        self.outcome.as_ref().ok()
    }

    /// The flow's monthly cost in USD (0 when it could not be traced).
    pub fn usd(&self) -> f64 {
        self.cost.as_ref().map_or(0.0, |c| c.usd_per_month)
    }
}

/// The analysis of a whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// One result per flow, in the diagram's order.
    pub flows: Vec<FlowResult>,
    /// Fixed monthly costs of the topology.
    pub fixed: Vec<CostItem>,
    pub fixed_usd: f64,
    pub flows_usd: f64,
    /// Fixed + flows, from the unrounded items, rounded once to the cent (as `vpclab cost` does).
    pub total_usd: f64,
    /// Line items (flows and fixed) that rest on unconfirmed prices.
    pub unconfirmed_items: usize,
    /// The version of the price table.
    pub price_version: String,
    /// Validation findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics per subject id (indices into `diagnostics`).
    by_subject: HashMap<String, Vec<usize>>,
    /// The compiled topology every answer came from, kept for the questions asked later (alternatives).
    pub session: SessionHandle,
}

/// The revision's compiled session, shared by pointer (two analyses are equal only if their answers are).
#[derive(Clone)]
pub struct SessionHandle(pub Rc<DiagramSession>);

impl PartialEq for SessionHandle {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for SessionHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionHandle")
    }
}

impl Analysis {
    /// Diagnostics about one object.
    pub fn diagnostics_of<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.by_subject
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.diagnostics[i])
    }
}

/// The volume a flow is priced at.
pub fn flow_gb(spec: &FlowSpec) -> f64 {
    spec.gb_per_month
        .filter(|g| g.is_finite() && *g >= 0.0)
        .unwrap_or(0.0)
}

/// Something computed for one diagram ahead of the render that needs it (a large import's load is then several
/// shorter tasks): taken once, and only by that very diagram (the same `Rc`); anything else finds nothing.
pub(crate) struct Ahead<T>(RefCell<Option<(Rc<Diagram>, T)>>);

impl<T> Ahead<T> {
    pub(crate) const fn new() -> Self {
        Ahead(RefCell::new(None))
    }

    /// Keeps `value` for `diagram`, in place of whatever was kept before.
    pub(crate) fn put(&self, diagram: &Rc<Diagram>, value: T) {
        *self.0.borrow_mut() = Some((Rc::clone(diagram), value));
    }

    /// What was kept, if it was kept for `diagram`; emptied either way.
    pub(crate) fn take(&self, diagram: &Rc<Diagram>) -> Option<T> {
        let (d, value) = self.0.borrow_mut().take()?;
        Rc::ptr_eq(&d, diagram).then_some(value)
    }
}

thread_local! {
    /// An analysis computed ahead of the render that needs it ([`prepare`]).
    static PREPARED: Ahead<Analysis> = const { Ahead::new() };
}

/// Analyses `diagram` now, so that the render which loads it does not: a large import then costs the page two
/// shorter tasks instead of one long one (issue 14: no task over 100 ms). `validation` is the diagnostics the
/// import worker already computed for its topology (at 100 VPCs the largest part of the analysis), used instead of
/// validating again. The next [`analyze_shared`] of this very diagram (same `Rc`) takes the result; any other
/// diagram analyses as usual.
pub fn prepare(diagram: &Rc<Diagram>, validation: Option<Vec<Diagnostic>>) {
    let analysis = compute(diagram, validation);
    PREPARED.with(|p| p.put(diagram, analysis));
}

/// [`analyze_shared`] of a diagram not yet shared.
pub fn analyze(diagram: &Diagram) -> Analysis {
    analyze_shared(&Rc::new(diagram.clone()))
}

/// Traces and prices every flow of `diagram`, prices the topology's fixed costs and validates it: every answer
/// from one compiled session of the topology (in place: the session shares the diagram), kept in the analysis.
pub fn analyze_shared(diagram: &Rc<Diagram>) -> Analysis {
    PREPARED
        .with(|p| p.take(diagram))
        .unwrap_or_else(|| compute(diagram, None))
}

fn compute(diagram: &Rc<Diagram>, seeded: Option<Vec<Diagnostic>>) -> Analysis {
    let owned = Rc::new(crate::browser::timed("analysis:open", || {
        DiagramSession::open(Rc::clone(diagram), seeded)
    }));
    let session = owned.session();
    let flows: Vec<FlowResult> = diagram
        .flows
        .iter()
        .map(|flow| {
            let gb = flow_gb(&flow.spec);
            let outcome = session.trace(&flow.spec);
            let cost = outcome
                .as_ref()
                .ok()
                .map(|t| session.flow_cost(&flow.spec, t, gb));
            FlowResult {
                outcome,
                gb_per_month: gb,
                cost,
            }
        })
        .collect();
    let fixed = crate::browser::timed("analysis:fixed", || session.fixed_costs().to_vec());
    let totals = cost::Totals::of(&fixed, flows.iter().filter_map(|f| f.cost.as_ref()));
    let diagnostics = crate::browser::timed("analysis:validate", || session.diagnostics().to_vec());
    let mut by_subject: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        by_subject.entry(d.subject.clone()).or_default().push(i);
    }
    Analysis {
        flows,
        fixed_usd: totals.fixed_usd,
        flows_usd: totals.flows_usd,
        total_usd: totals.total_usd,
        fixed,
        unconfirmed_items: totals.unconfirmed_items,
        price_version: pricing::table().version.clone(),
        diagnostics,
        by_subject,
        session: SessionHandle(Rc::clone(&owned)),
    }
}

/// The cheaper designs the core finds for flow `index` (re-traced by the core), biggest saving first.
/// Computed only for the flow on display (it traces every candidate).
pub fn alternatives(diagram: &Diagram, analysis: &Analysis, index: usize) -> Vec<Alternative> {
    let (Some(flow), Some(result)) = (diagram.flows.get(index), analysis.flows.get(index)) else {
        return Vec::new();
    };
    match &result.outcome {
        Ok(trace) => {
            analysis
                .session
                .0
                .session()
                .alternatives(&flow.spec, trace, result.gb_per_month)
        }
        Err(_) => Vec::new(),
    }
}

/// `$1,234.56`: dollars with thousands separators and cents.
pub fn money(usd: f64) -> String {
    let cents = (round_cents(usd) * 100.0).round() as i64;
    let sign = if cents < 0 { "−" } else { "" };
    let cents = cents.unsigned_abs();
    let dollars = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in dollars.chars().enumerate() {
        if i > 0 && (dollars.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

/// A line item's exact amount: cents, or more decimals when the amount has them (`$0.0045`).
pub fn money_exact(usd: f64) -> String {
    let s = format!("{:.6}", usd.abs());
    let trimmed = s.trim_end_matches('0');
    let decimals = trimmed.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals <= 2 || usd.abs() >= 1.0 {
        money(usd)
    } else {
        format!("{}${trimmed}", if usd < 0.0 { "−" } else { "" })
    }
}

/// A quantity: an integer when whole, else two decimals; thousands separated.
pub fn quantity(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        let s = (x.round() as i64).unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if x < 0.0 {
            format!("−{out}")
        } else {
            out
        }
    } else {
        format!("{x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::gallery;

    #[test]
    fn analysis_matches_the_engine_for_every_gallery_flow() {
        for e in gallery::examples() {
            let a = analyze(&e.diagram);
            assert_eq!(a.flows.len(), e.diagram.flows.len(), "{}", e.id);
            for (f, r) in e.diagram.flows.iter().zip(&a.flows) {
                let direct = vpclab_core::trace(&e.diagram.topology, &f.spec);
                assert_eq!(r.outcome, direct, "{}", e.id);
            }
            let report = cost::report(
                &e.diagram.topology,
                &e.diagram
                    .flows
                    .iter()
                    .map(|f| f.spec.clone())
                    .collect::<Vec<_>>(),
                0.0,
            );
            assert_eq!(a.total_usd, report.total_usd_per_month, "{}", e.id);
            assert_eq!(a.fixed_usd, report.fixed_usd_per_month, "{}", e.id);
            assert_eq!(a.unconfirmed_items, report.unconfirmed_items, "{}", e.id);
        }
    }

    #[test]
    fn an_incomplete_flow_is_an_error_not_a_panic() {
        let mut d = gallery::examples()[0].diagram.clone();
        d.flows.push(Default::default());
        let a = analyze(&d);
        let last = a.flows.last().unwrap();
        assert!(last.outcome.is_err());
        assert_eq!(last.reachable(), None);
        assert_eq!(last.usd(), 0.0);
    }

    #[test]
    fn alternatives_for_nat_to_s3_include_a_gateway_endpoint() {
        let d = gallery::examples()[0].diagram.clone();
        let a = analyze(&d);
        let alts = alternatives(&d, &a, 0);
        assert!(!alts.is_empty());
        assert!(alts.iter().all(|x| x.monthly_saving > 0.0));
        assert!(alternatives(&d, &a, 99).is_empty());
    }

    #[test]
    fn diagnostics_are_indexed_by_subject() {
        let mut d = gallery::examples()[0].diagram.clone();
        d.topology.subnets[0].vpc_id = "vpc-missing".into();
        let a = analyze(&d);
        let id = d.topology.subnets[0].id.clone();
        assert!(a.diagnostics_of(&id).count() > 0, "{:?}", a.diagnostics);
        assert_eq!(a.diagnostics_of("nothing").count(), 0);
    }

    #[test]
    fn money_formats() {
        assert_eq!(money(0.0), "$0.00");
        assert_eq!(money(1234.5), "$1,234.50");
        assert_eq!(money(1_000_000.0), "$1,000,000.00");
        assert_eq!(money(-12.345), "−$12.35");
        assert_eq!(money_exact(0.0045), "$0.0045");
        assert_eq!(money_exact(32.85), "$32.85");
        assert_eq!(quantity(730.0), "730");
        assert_eq!(quantity(1500.0), "1,500");
        assert_eq!(quantity(0.5), "0.50");
    }
}
