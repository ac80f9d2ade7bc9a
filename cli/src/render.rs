//! Output of `vpclab trace` and `vpclab check`, as JSON (`cli-contract.md`, "JSON output") and as text.

use serde::Serialize;
use vpclab_core::codes::network;
use vpclab_core::cost::{Alternative, FlowCost};
use vpclab_core::{Advisory, Diagnostic, FlowSpec, Network, Severity, Trace};

/// The `trace --format json` object: the engine's answer plus `cost`.
#[derive(Debug, Serialize)]
struct TraceJson<'a> {
    #[serde(flatten)]
    trace: &'a Trace,
    /// `{"usd_per_month": …, "items": […]}` once prices exist; `null` until then.
    cost: Option<serde_json::Value>,
}

/// The `cost` object: the flow's monthly cost and line items (`cost::FlowCost`), plus the cheaper designs the
/// engine found (`alternatives`, without their edited topologies).
pub fn cost_json(cost: &FlowCost, alternatives: &[Alternative]) -> serde_json::Value {
    let mut value = serde_json::to_value(cost).unwrap_or(serde_json::Value::Null);
    if let Some(obj) = value.as_object_mut() {
        let alts: Vec<serde_json::Value> = alternatives
            .iter()
            .map(|a| {
                serde_json::json!({
                    "title": a.title,
                    "description": a.change.description,
                    "steps": a.change.steps,
                    "usd_per_month_before": a.usd_per_month_before,
                    "usd_per_month_after": a.usd_per_month_after,
                    "monthly_saving": a.monthly_saving,
                    "fixed_usd_per_month_delta": a.fixed_usd_per_month_delta,
                    "break_even_gb": a.break_even_gb,
                })
            })
            .collect();
        obj.insert("alternatives".into(), serde_json::Value::Array(alts));
    }
    value
}

pub fn trace_json(trace: &Trace, cost: Option<serde_json::Value>) -> String {
    let out = TraceJson { trace, cost };
    serde_json::to_string_pretty(&out)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the trace: {e}\"}}"))
}

pub fn trace_text(
    trace: &Trace,
    flow: &FlowSpec,
    cost: Option<(&FlowCost, &[Alternative])>,
) -> String {
    let mut out = String::new();
    // The words come from the core (`codes::network`), the one source of what `network` means.
    let headline = network::headline(trace.reachable, trace.network);
    let verdict = match headline.strip_prefix("reachable") {
        Some(rest) => format!("REACHABLE{rest}"),
        None => headline.to_uppercase(),
    };
    out.push_str(&format!(
        "{verdict}: {} -> {} ({})\n",
        flow.from,
        flow.to,
        describe_protocol(flow)
    ));

    if let Some(meaning) = network::explain(trace) {
        out.push_str(&format!("\nnetwork: {meaning}\n"));
    }

    out.push_str("\nhops:\n");
    if trace.hops.is_empty() {
        out.push_str("  (none)\n");
    }
    let id_w = trace
        .hops
        .iter()
        .map(|h| h.id.chars().count())
        .max()
        .unwrap_or(0);
    let kind_w = trace
        .hops
        .iter()
        .map(|h| h.kind.name().chars().count())
        .max()
        .unwrap_or(0);
    let num_w = trace.hops.len().to_string().len();
    for (i, h) in trace.hops.iter().enumerate() {
        out.push_str(&format!(
            "  {:>num_w$}. {:<id_w$}  {:<kind_w$}  {}\n",
            i + 1,
            h.id,
            h.kind,
            h.detail,
            num_w = num_w,
            id_w = id_w,
            kind_w = kind_w
        ));
    }

    if !trace.explanations.is_empty() {
        out.push_str("\nwhy it is blocked:\n");
        for e in &trace.explanations {
            out.push_str(&format!(
                "  - {} at {}: {}\n",
                e.code, e.component, e.message
            ));
        }
    }
    // The seed's "through internet" claim, corrected where a learner meets it (unless the engine already added it).
    let seed = network::seed_advisory(trace)
        .filter(|s| !trace.advisories.iter().any(|a| a.code == s.code));
    let advisories: Vec<&Advisory> = trace.advisories.iter().chain(seed.as_ref()).collect();
    if !advisories.is_empty() {
        out.push_str("\nadvisories:\n");
        for a in advisories {
            out.push_str(&format!("  - {}: {}\n", a.code, a.message));
        }
    }
    match cost {
        None => out.push_str("\ncost: not estimated (give --gb-per-month X)\n"),
        Some((c, alternatives)) => {
            let mark = if c.confirmed {
                ""
            } else {
                " (includes unconfirmed prices)"
            };
            out.push_str(&format!(
                "\ncost at {} GB/month: ${:.2}/month{mark}\n",
                c.gb_per_month, c.usd_per_month
            ));
            for item in &c.items {
                let flag = if item.confirmed { "" } else { " *unconfirmed" };
                out.push_str(&format!("  - {}: ${:.4}{flag}\n", item.what, item.usd));
            }
            for a in alternatives {
                let even = match a.break_even_gb {
                    Some(x) if x > 0.0 => format!(", pays off above {x} GB/month"),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "  cheaper: {} — ${:.2} → ${:.2}/month, saves ${:.2}{even}\n",
                    a.title, a.usd_per_month_before, a.usd_per_month_after, a.monthly_saving
                ));
            }
        }
    }
    out
}

fn describe_protocol(flow: &FlowSpec) -> String {
    let protocol = flow.protocol.as_deref().unwrap_or("tcp");
    match flow.port {
        Some(p) => format!("{protocol} port {p}"),
        None => protocol.to_string(),
    }
}

/// One line of `check` output: where it came from and the diagnostic.
#[derive(Debug, Serialize)]
struct SourcedDiagnostic<'a> {
    /// `import` (reading the snapshot) or `validate` (checking the topology).
    source: &'static str,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
}

#[derive(Debug, Serialize)]
struct CheckJson<'a> {
    /// No error-severity diagnostic.
    valid: bool,
    errors: usize,
    warnings: usize,
    infos: usize,
    diagnostics: Vec<SourcedDiagnostic<'a>>,
    advisories: &'a [Advisory],
}

/// What `check` reports: import diagnostics first, then validation's, then topology advisories.
pub struct CheckReport<'a> {
    pub snapshot: String,
    pub import: &'a [Diagnostic],
    pub validation: &'a [Diagnostic],
    pub advisories: &'a [Advisory],
}

impl CheckReport<'_> {
    fn all(&self) -> impl Iterator<Item = (&'static str, &Diagnostic)> {
        self.import
            .iter()
            .map(|d| ("import", d))
            .chain(self.validation.iter().map(|d| ("validate", d)))
    }

    fn count(&self, severity: Severity) -> usize {
        self.all().filter(|(_, d)| d.severity == severity).count()
    }

    pub fn json(&self) -> String {
        let out = CheckJson {
            valid: self.count(Severity::Error) == 0,
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
            infos: self.count(Severity::Info),
            diagnostics: self
                .all()
                .map(|(source, diagnostic)| SourcedDiagnostic { source, diagnostic })
                .collect(),
            advisories: self.advisories,
        };
        serde_json::to_string_pretty(&out)
            .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"))
    }

    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.snapshot);
        if !self.import.is_empty() {
            // Import messages already name the file and the key.
            out.push_str("\nimport:\n");
            for d in self.import {
                out.push_str(&format!(
                    "  {} [{}] {}\n",
                    severity_word(d.severity),
                    d.code,
                    d.message
                ));
            }
        }
        if !self.validation.is_empty() {
            out.push_str("\nvalidation:\n");
            for d in self.validation {
                out.push_str(&format!("  {d}\n"));
            }
        }
        if !self.advisories.is_empty() {
            out.push_str("\nadvisories:\n");
            for a in self.advisories {
                out.push_str(&format!("  - {}: {}\n", a.code, a.message));
            }
        }
        let (e, w, i) = (
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Info),
        );
        out.push_str(&format!(
            "\n{}: {e} error{}, {w} warning{}, {i} note{}, {} advisor{}\n",
            if e == 0 { "valid" } else { "invalid" },
            plural(e),
            plural(w),
            plural(i),
            self.advisories.len(),
            if self.advisories.len() == 1 {
                "y"
            } else {
                "ies"
            }
        ));
        out
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Pretty JSON through the core's one JSON path.
pub fn json_pretty<T: Serialize>(value: &T) -> String {
    vpclab_core::json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the answer: {e}\"}}"))
}

fn money(x: f64) -> String {
    format!("${x:.2}")
}

/// `vpclab audit --format text`: the summary, then the service paths that leave the private network or are
/// blocked (biggest saving first, with the fix), the exposure and the segments.
pub fn audit_text(
    a: &vpclab_core::audit::Audit,
    opts: &vpclab_core::audit::AuditOptions,
) -> String {
    use vpclab_core::audit::ServicePath;
    let s = &a.summary;
    let mut out = String::new();
    out.push_str(&format!(
        "{} sources (subnets and on-premises networks), {} service paths: {} public, {} blocked, {} private.\n",
        s.sources,
        s.service_paths,
        s.public_service_paths,
        s.blocked_service_paths,
        s.service_paths - s.public_service_paths - s.blocked_service_paths,
    ));
    out.push_str(&format!(
        "Public service paths cost {}/month at {} GB/month each; applying every recommendation saves {}/month.\n",
        money(s.usd_per_month_public_service_paths),
        opts.gb_per_month,
        money(s.usd_per_month_saved_if_recommendations_applied),
    ));
    out.push_str(&format!(
        "{} ENI(s) open to the internet; {} of {} joined VPC pair(s) can connect.\n",
        s.exposed_targets,
        a.segments.iter().filter(|x| x.reachable).count(),
        a.segments.len()
    ));
    let mut paths: Vec<&ServicePath> = a
        .services
        .iter()
        .filter(|p| {
            !p.reachable || p.network == Some(Network::Public) || p.recommendation.is_some()
        })
        .collect();
    let saved = |p: &ServicePath| {
        p.recommendation
            .as_ref()
            .map_or(0.0, |r| r.saves_usd_per_month)
    };
    paths.sort_by(|x, y| {
        saved(y)
            .total_cmp(&saved(x))
            .then(y.usd_per_month.total_cmp(&x.usd_per_month))
            .then_with(|| (&x.source_subnet, &x.service).cmp(&(&y.source_subnet, &y.service)))
    });
    if !paths.is_empty() {
        out.push_str("\nService paths (biggest saving first):\n");
        for p in paths {
            let state = match (p.reachable, p.network) {
                (false, _) => "BLOCKED".to_string(),
                (true, Some(Network::Public)) => "public".to_string(),
                _ => "private".to_string(),
            };
            let reasons: Vec<String> = p
                .reasons
                .iter()
                .map(|r| format!("{r:?}").to_lowercase())
                .collect();
            out.push_str(&format!(
                "  {} {} -> {}: {state}{}{}, {}/month{}\n",
                p.source_subnet,
                p.from,
                p.service,
                if p.through.is_empty() {
                    String::new()
                } else {
                    format!(" via {}", p.through.join(" > "))
                },
                if reasons.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", reasons.join(", "))
                },
                money(p.usd_per_month),
                p.explanations
                    .first()
                    .map(|e| format!(" ({}: {})", e.code, e.message))
                    .unwrap_or_default(),
            ));
            if let Some(r) = &p.recommendation {
                out.push_str(&format!(
                    "      fix: {} -> {}/month, saves {}/month{}\n",
                    r.summary,
                    money(r.usd_per_month_after),
                    money(r.saves_usd_per_month),
                    match r.break_even_gb {
                        Some(gb) if gb > 0.0 => format!(" (pays off from {gb} GB/month)"),
                        _ => String::new(),
                    }
                ));
                for step in &r.steps {
                    out.push_str(&format!("        - {step}\n"));
                }
            }
        }
    }
    if !a.exposure.is_empty() {
        out.push_str("\nOpen to the internet:\n");
        for e in &a.exposure {
            let ports = match e.ports {
                Some([x, y]) if x == y => format!("{}/{x}", e.protocol),
                Some([x, y]) => format!("{}/{x}-{y}", e.protocol),
                None => e.protocol.clone(),
            };
            out.push_str(&format!(
                "  {} ({}) {} {ports} from {} via {}\n",
                e.target,
                e.eni,
                e.address,
                e.from,
                e.through.join(" > ")
            ));
        }
    }
    if !a.segments.is_empty() {
        out.push_str("\nSegments:\n");
        for g in &a.segments {
            out.push_str(&format!(
                "  {} -> {}: {} via {}{}\n",
                g.from_vpc,
                g.to_vpc,
                if g.reachable {
                    "can connect"
                } else {
                    "isolated"
                },
                g.through.join(" > "),
                g.witness
                    .as_ref()
                    .map(|w| format!(
                        " (e.g. {} -> {} {}{})",
                        w.from,
                        w.to,
                        w.protocol,
                        w.port.map(|p| format!("/{p}")).unwrap_or_default()
                    ))
                    .unwrap_or_default()
            ));
        }
    }
    out
}

/// `vpclab diff --format text`.
pub fn diff_text(d: &vpclab_core::audit::Diff) -> String {
    use vpclab_core::audit::Verdict;
    let s = &d.summary;
    let mut out = format!(
        "{} better, {} worse, {} changed; service paths cost {}{}/month.\n",
        s.better,
        s.worse,
        s.changed,
        if s.usd_per_month_delta >= 0.0 {
            "+"
        } else {
            "-"
        },
        money(s.usd_per_month_delta.abs())
    );
    let mut changes: Vec<_> = d.changes.iter().collect();
    changes.sort_by_key(|c| match c.change {
        Verdict::Worse => 0,
        Verdict::Better => 1,
        Verdict::Changed => 2,
    });
    for c in changes {
        let word = match c.change {
            Verdict::Worse => "WORSE  ",
            Verdict::Better => "better ",
            Verdict::Changed => "changed",
        };
        out.push_str(&format!("  {word} {}\n", c.why));
    }
    out
}
