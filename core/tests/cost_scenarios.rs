//! Data-driven cost scenarios: `tests/scenarios/cost/*.jsonc`.
//!
//! The files are JSON with whole-line `//` comments (stripped before parsing): the comments cite the price behind
//! every figure and show the hand computation. They use the `.jsonc` extension so the trace-scenario harness
//! (`core/tests/scenarios.rs`, which takes every `tests/scenarios/**/*.json`) leaves them alone.
//!
//! Each scenario names a topology (inline `topology`, or `topology_file` under `tests/scenarios/cost/topologies/`,
//! optionally extended with `append` — arrays appended to the topology's lists — and `replace` — top-level
//! fields replaced), a flow, a monthly volume and the expected figures, hand-computed. Its `sources` list cites
//! the price behind every figure (aws-reference §2.14 and the IDs of §2.x); `derivation` shows the arithmetic.
//!
//! `expect.items` and `expect.fixed_items` are the complete item lists, in order; `expect.alternatives` is the
//! complete list of kept alternatives, biggest saving first.

use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use vpclab_core::{cost, trace, FlowSpec, Topology};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    #[serde(default)]
    description: String,
    sources: Vec<String>,
    #[serde(default)]
    topology: Option<Value>,
    #[serde(default)]
    topology_file: Option<String>,
    #[serde(default)]
    append: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    replace: Option<serde_json::Map<String, Value>>,
    flow: FlowSpec,
    gb_per_month: f64,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    reachable: bool,
    usd_per_month: f64,
    items: Vec<ExpItem>,
    #[serde(default)]
    confirmed: Option<bool>,
    #[serde(default)]
    fixed_usd_per_month: Option<f64>,
    #[serde(default)]
    fixed_items: Option<Vec<ExpItem>>,
    #[serde(default)]
    alternatives: Option<Vec<ExpAlt>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpItem {
    item: String,
    usd: f64,
    #[serde(default)]
    what_contains: Option<String>,
    #[serde(default)]
    confirmed: Option<bool>,
    #[serde(default)]
    quantity: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpAlt {
    title_contains: String,
    usd_per_month_before: f64,
    usd_per_month_after: f64,
    monthly_saving: f64,
    #[serde(default)]
    fixed_usd_per_month_delta: Option<f64>,
    /// `null` = no break-even expected.
    break_even_gb: Option<f64>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios/cost")
}

/// JSON with whole-line `//` comments.
fn read_jsonc(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load_topology(s: &Scenario) -> Topology {
    let mut v = match (&s.topology, &s.topology_file) {
        (Some(t), None) => t.clone(),
        (None, Some(f)) => read_jsonc(&dir().join("topologies").join(f)),
        _ => panic!(
            "{}: give exactly one of `topology` and `topology_file`",
            s.name
        ),
    };
    let obj = v.as_object_mut().expect("a topology is a JSON object");
    if let Some(app) = &s.append {
        for (k, items) in app {
            let list = obj
                .entry(k.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            list.as_array_mut()
                .unwrap_or_else(|| panic!("{}: `{k}` is not a list", s.name))
                .extend(
                    items
                        .as_array()
                        .unwrap_or_else(|| panic!("{}: append.{k} must be a list", s.name))
                        .iter()
                        .cloned(),
                );
        }
    }
    if let Some(rep) = &s.replace {
        for (k, x) in rep {
            obj.insert(k.clone(), x.clone());
        }
    }
    serde_json::from_value(v).unwrap_or_else(|e| panic!("{}: topology: {e}", s.name))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn check_items(
    name: &str,
    what: &str,
    got: &[cost::CostItem],
    want: &[ExpItem],
    errors: &mut Vec<String>,
) {
    let show = |items: &[cost::CostItem]| {
        items
            .iter()
            .map(|i| {
                format!(
                    "  {} {} ${} ({})",
                    i.item.name(),
                    i.what,
                    i.usd,
                    if i.confirmed {
                        "confirmed"
                    } else {
                        "unconfirmed"
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    if got.len() != want.len() {
        errors.push(format!(
            "{name}: {what}: {} items, expected {}:\n{}",
            got.len(),
            want.len(),
            show(got)
        ));
        return;
    }
    for (n, (g, w)) in got.iter().zip(want).enumerate() {
        if g.item.name() != w.item || !close(g.usd, w.usd) {
            errors.push(format!(
                "{name}: {what} #{}: got {} ${}, expected {} ${}\n{}",
                n + 1,
                g.item.name(),
                g.usd,
                w.item,
                w.usd,
                show(got)
            ));
        }
        if let Some(c) = &w.what_contains {
            if !g.what.contains(c.as_str()) {
                errors.push(format!(
                    "{name}: {what} #{}: `{}` does not contain `{c}`",
                    n + 1,
                    g.what
                ));
            }
        }
        if let Some(c) = w.confirmed {
            if g.confirmed != c {
                errors.push(format!(
                    "{name}: {what} #{} ({}): confirmed = {}, expected {c}",
                    n + 1,
                    g.what,
                    g.confirmed
                ));
            }
        }
        if let Some(q) = w.quantity {
            if !close(g.quantity, q) {
                errors.push(format!(
                    "{name}: {what} #{} ({}): quantity {}, expected {q}",
                    n + 1,
                    g.what,
                    g.quantity
                ));
            }
        }
    }
}

fn run(path: &Path) -> Vec<String> {
    let s: Scenario = serde_json::from_value(read_jsonc(path))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        !s.sources.is_empty(),
        "{}: every scenario cites its pricing sources",
        s.name
    );
    assert!(
        !s.description.is_empty(),
        "{}: a description is required",
        s.name
    );
    let t = load_topology(&s);
    let mut errors = Vec::new();
    for d in vpclab_core::validate::validate(&t) {
        if d.severity == vpclab_core::Severity::Error {
            errors.push(format!("{}: the topology does not validate: {d:?}", s.name));
        }
    }
    let tr = trace(&t, &s.flow).unwrap_or_else(|e| panic!("{}: {e}", s.name));
    let name = s.name.as_str();
    if tr.reachable != s.expect.reachable {
        errors.push(format!(
            "{name}: reachable = {}, expected {}; explanations: {:?}",
            tr.reachable, s.expect.reachable, tr.explanations
        ));
        return errors;
    }
    let c = cost::flow_cost(&t, &s.flow, &tr, s.gb_per_month);
    if c.usd_per_month != s.expect.usd_per_month {
        errors.push(format!(
            "{name}: usd_per_month = {}, expected {}",
            c.usd_per_month, s.expect.usd_per_month
        ));
    }
    check_items(name, "items", &c.items, &s.expect.items, &mut errors);
    if let Some(conf) = s.expect.confirmed {
        if c.confirmed != conf {
            errors.push(format!(
                "{name}: confirmed = {}, expected {conf}",
                c.confirmed
            ));
        }
    }
    let fixed = cost::fixed_costs(&t);
    if let Some(f) = s.expect.fixed_usd_per_month {
        let got = cost::total_usd(&fixed);
        if got != f {
            errors.push(format!("{name}: fixed_usd_per_month = {got}, expected {f}"));
        }
    }
    if let Some(fi) = &s.expect.fixed_items {
        check_items(name, "fixed_items", &fixed, fi, &mut errors);
    }
    if let Some(want) = &s.expect.alternatives {
        let got = cost::alternatives(&t, &s.flow, &tr, s.gb_per_month);
        for a in &got {
            for d in vpclab_core::validate::validate(&a.change.apply(&t)) {
                if d.severity == vpclab_core::Severity::Error {
                    errors.push(format!(
                        "{name}: alternative `{}` leaves an invalid topology: {d:?}",
                        a.title
                    ));
                }
            }
        }
        let show = || {
            got.iter()
                .map(|a| {
                    format!(
                        "  {}: {} → {} saves {} break-even {:?}",
                        a.title,
                        a.usd_per_month_before,
                        a.usd_per_month_after,
                        a.monthly_saving,
                        a.break_even_gb
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        if got.len() != want.len() {
            errors.push(format!(
                "{name}: {} alternatives, expected {}:\n{}",
                got.len(),
                want.len(),
                show()
            ));
        } else {
            for (g, w) in got.iter().zip(want) {
                let be_ok = match (g.break_even_gb, w.break_even_gb) {
                    (Some(a), Some(b)) => close(a, b),
                    (None, None) => true,
                    _ => false,
                };
                let delta_ok = w
                    .fixed_usd_per_month_delta
                    .is_none_or(|d| close(d, g.fixed_usd_per_month_delta));
                if !g.title.contains(&w.title_contains)
                    || !close(g.usd_per_month_before, w.usd_per_month_before)
                    || !close(g.usd_per_month_after, w.usd_per_month_after)
                    || !close(g.monthly_saving, w.monthly_saving)
                    || !be_ok
                    || !delta_ok
                {
                    errors.push(format!(
                        "{name}: alternative `{}` does not match {w:?}:\n{}",
                        g.title,
                        show()
                    ));
                }
            }
        }
    }
    errors
}

#[test]
fn cost_scenarios() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/scenarios/cost exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonc"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "expected the cost scenarios, found {}",
        files.len()
    );
    let mut errors = Vec::new();
    for f in &files {
        errors.extend(run(f));
    }
    assert!(
        errors.is_empty(),
        "{} scenario mismatch(es):\n{}",
        errors.len(),
        errors.join("\n")
    );
}
