//! Two audits compared (see [`super`]): entries matched by key, each difference classed better / worse /
//! changed with a one-line why.

use super::services::display;
use super::{cents, Audit, Exposure, Segment, ServicePath};
use crate::path::Network;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Services,
    Exposure,
    Segments,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Better,
    Worse,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffSummary {
    pub better: usize,
    pub worse: usize,
    pub changed: usize,
    /// Monthly cost of every service path after, minus before.
    pub usd_per_month_delta: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffChange {
    pub section: Section,
    pub key: Value,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub change: Verdict,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub summary: DiffSummary,
    pub changes: Vec<DiffChange>,
}

impl DiffChange {
    /// The flow that shows this change on a diagram: the witness of the entry after the change, else before
    /// (a removed entry), read back from the change's JSON. `None` for an isolated segment.
    pub fn witness(&self, opts: &super::AuditOptions) -> Option<crate::path::FlowSpec> {
        let entry = self.after.as_ref().or(self.before.as_ref())?;
        match self.section {
            Section::Services => crate::json::from_value::<ServicePath>(entry)
                .ok()
                .map(|s| s.witness(opts)),
            Section::Exposure => crate::json::from_value::<Exposure>(entry)
                .ok()
                .map(|e| e.witness(opts)),
            Section::Segments => {
                // A segment that became isolated still has its earlier witness.
                let seg = |v: &Value| crate::json::from_value::<Segment>(v).ok();
                self.after
                    .as_ref()
                    .and_then(seg)
                    .and_then(|s| s.witness(opts))
                    .or_else(|| self.before.as_ref().and_then(seg)?.witness(opts))
            }
        }
    }
}

fn value<T: Serialize>(x: &T) -> Value {
    crate::json::to_value(x).unwrap_or(Value::Null)
}

fn usd(x: f64) -> String {
    format!("${x:.2}")
}

/// Private 0, public 1, blocked 2: higher is worse.
fn rank(s: &ServicePath) -> u8 {
    match (s.reachable, s.network) {
        (false, _) => 2,
        (true, Some(Network::Public)) => 1,
        _ => 0,
    }
}

fn state(s: &ServicePath) -> String {
    let how = match rank(s) {
        2 => {
            return format!(
                "blocked ({})",
                s.explanations
                    .first()
                    .map(|e| e.code.as_str())
                    .unwrap_or("no path")
            )
        }
        1 => "public",
        _ => "private",
    };
    if s.through.is_empty() {
        how.to_string()
    } else {
        format!("{} ({how})", s.through.join(", "))
    }
}

/// What a service path answers, without its recommendation (whose made-up ids differ between topologies).
fn same_path(a: &ServicePath, b: &ServicePath) -> bool {
    a.from == b.from
        && a.reachable == b.reachable
        && a.network == b.network
        && a.through == b.through
        && a.reasons == b.reasons
        && (a.usd_per_month - b.usd_per_month).abs() < 0.005
        && a.explanations
            .iter()
            .map(|e| &e.code)
            .eq(b.explanations.iter().map(|e| &e.code))
}

/// Compare two audits.
pub fn diff(before: &Audit, after: &Audit) -> Diff {
    let mut changes = Vec::new();
    services(before, after, &mut changes);
    exposure(before, after, &mut changes);
    segments(before, after, &mut changes);
    let total = |a: &Audit| a.services.iter().map(|s| s.usd_per_month).sum::<f64>();
    let count = |v: Verdict| changes.iter().filter(|c| c.change == v).count();
    Diff {
        summary: DiffSummary {
            better: count(Verdict::Better),
            worse: count(Verdict::Worse),
            changed: count(Verdict::Changed),
            usd_per_month_delta: cents(total(after) - total(before)),
        },
        changes,
    }
}

fn pair<'a, K: Ord, T>(
    before: &'a [T],
    after: &'a [T],
    key: impl Fn(&T) -> K,
) -> BTreeMap<K, (Option<&'a T>, Option<&'a T>)> {
    let mut m: BTreeMap<K, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for x in before {
        m.entry(key(x)).or_default().0.get_or_insert(x);
    }
    for x in after {
        m.entry(key(x)).or_default().1.get_or_insert(x);
    }
    m
}

fn services(before: &Audit, after: &Audit, out: &mut Vec<DiffChange>) {
    let m = pair(&before.services, &after.services, |s| {
        (s.source_subnet.clone(), s.service.clone())
    });
    for ((subnet, service), (b, a)) in m {
        let name = display(service.split('.').next().unwrap_or(&service));
        let (change, why) = match (b, a) {
            (Some(b), Some(a)) if same_path(b, a) => continue,
            (Some(b), Some(a)) => {
                let (rb, ra) = (rank(b), rank(a));
                let v = if ra > rb || (ra == rb && a.usd_per_month > b.usd_per_month + 0.005) {
                    Verdict::Worse
                } else if ra < rb || (ra == rb && a.usd_per_month + 0.005 < b.usd_per_month) {
                    Verdict::Better
                } else {
                    Verdict::Changed
                };
                let why = format!(
                    "{name} from {subnet} now goes through {} instead of {}: {} → {}",
                    state(a),
                    state(b),
                    usd(b.usd_per_month),
                    usd(a.usd_per_month)
                );
                (v, why)
            }
            (None, Some(a)) => (
                Verdict::Changed,
                format!(
                    "{name} from {subnet} is new: {}, {}",
                    state(a),
                    usd(a.usd_per_month)
                ),
            ),
            (Some(b), None) => (
                Verdict::Changed,
                format!(
                    "{name} from {subnet} is no longer audited (was {}, {})",
                    state(b),
                    usd(b.usd_per_month)
                ),
            ),
            (None, None) => continue,
        };
        out.push(DiffChange {
            section: Section::Services,
            key: json!({"source_subnet": subnet, "service": service}),
            before: b.map(value),
            after: a.map(value),
            change,
            why,
        });
    }
}

fn family(e: &Exposure) -> &'static str {
    if e.address.contains(':') {
        "ipv6"
    } else {
        "ipv4"
    }
}

fn ports(e: &Exposure) -> String {
    match e.ports {
        Some([a, b]) if a == b => format!("{}/{a}", e.protocol),
        Some([a, b]) => format!("{}/{a}-{b}", e.protocol),
        None => e.protocol.clone(),
    }
}

fn exposure(before: &Audit, after: &Audit, out: &mut Vec<DiffChange>) {
    let m = pair(&before.exposure, &after.exposure, |e| {
        (e.eni.clone(), e.protocol.clone(), e.ports, family(e))
    });
    for ((eni, protocol, range, fam), (b, a)) in m {
        let (change, why) = match (b, a) {
            (Some(b), Some(a)) if b == a => continue,
            (Some(b), Some(a)) => (
                Verdict::Changed,
                format!(
                    "{} ({eni}) {} from {}: now {} through {} (was {} through {})",
                    a.target,
                    ports(a),
                    a.from,
                    a.address,
                    a.through.join(", "),
                    b.address,
                    b.through.join(", ")
                ),
            ),
            (None, Some(a)) => (
                Verdict::Worse,
                format!(
                    "{} ({eni}) is newly exposed on {} to {} at {} through {}",
                    a.target,
                    ports(a),
                    a.from,
                    a.address,
                    a.through.join(", ")
                ),
            ),
            (Some(b), None) => (
                Verdict::Better,
                format!(
                    "{} ({eni}) is no longer exposed on {} ({})",
                    b.target,
                    ports(b),
                    b.address
                ),
            ),
            (None, None) => continue,
        };
        out.push(DiffChange {
            section: Section::Exposure,
            key: json!({"eni": eni, "protocol": protocol, "ports": range, "family": fam}),
            before: b.map(value),
            after: a.map(value),
            change,
            why,
        });
    }
}

fn segments(before: &Audit, after: &Audit, out: &mut Vec<DiffChange>) {
    let m = pair(&before.segments, &after.segments, |s: &Segment| {
        (s.from_vpc.clone(), s.to_vpc.clone())
    });
    for ((from, to), (b, a)) in m {
        let word = |s: &Segment| {
            if s.reachable {
                "reachable"
            } else {
                "unreachable"
            }
        };
        let why = match (b, a) {
            (Some(b), Some(a)) if b == a => continue,
            (Some(b), Some(a)) if b.reachable != a.reachable => {
                format!("{from} → {to} is now {} (was {})", word(a), word(b))
            }
            (Some(b), Some(a)) => format!(
                "{from} → {to} stays {} but now through {} (was {})",
                word(a),
                a.through.join(", "),
                b.through.join(", ")
            ),
            (None, Some(a)) => format!("{from} → {to} is newly joined ({})", word(a)),
            (Some(b), None) => format!("{from} → {to} is no longer joined (was {})", word(b)),
            (None, None) => continue,
        };
        out.push(DiffChange {
            section: Section::Segments,
            key: json!({"from_vpc": from, "to_vpc": to}),
            before: b.map(value),
            after: a.map(value),
            change: Verdict::Changed,
            why,
        });
    }
}
