//! The scenario harness: every `tests/scenarios/**/*.json` (except the shared `topologies/`) is a topology, flows and
//! the verdicts AWS documents for them. The format is described in `tests/scenarios/README.md`.
//!
//! Every flow is traced with [`vpclab_core::trace`] and compared with its expectations; every scenario's topology is
//! also run through [`vpclab_core::validate::validate`]. All failures are collected and reported in one panic at
//! the end, each naming the scenario file, the flow index and what differed.
//!
//! `SCENARIO=substring cargo test -p vpclab-core --test scenarios` runs only the files whose path contains it.

use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use vpclab_core::validate::validate;
use vpclab_core::{FlowSpec, Severity, Topology, Trace};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios");
/// Shared topologies live here; they are not scenarios.
const TOPOLOGIES: &str = "topologies";
/// The issue asks for at least this many scenarios.
const MIN_SCENARIOS: usize = 45;
/// A trace that takes longer than this is reported as a hang (a routing loop must end with an explanation).
const TRACE_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    behaviours: Vec<String>,
    description: String,
    #[serde(default)]
    topology: Option<Value>,
    /// Path relative to `tests/scenarios`.
    #[serde(default)]
    topology_file: Option<String>,
    /// Merged into the topology: objects whose `id` already exists in a list are shallow-merged, others appended.
    #[serde(default)]
    topology_patch: Option<Value>,
    #[serde(default)]
    flows: Vec<Flow>,
    /// Validation codes that must all be reported. Absent: the topology must have no validation error.
    #[serde(default)]
    expect_validation: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Flow {
    from: String,
    to: String,
    #[serde(default)]
    protocol: Option<Protocol>,
    #[serde(default)]
    port: Option<u16>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    behaviour: Option<String>,
    /// The API request the flow carries, for policy evaluation (`FlowSpec::action` / `resource` / `principal`,
    /// the CLI's `--action`, `--resource`, `--principal`). Absent: the engine's defaults.
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    principal: Option<String>,
    /// The flow's peak rate in Gbps and simultaneous connections (`FlowSpec::gbps`, `connections`), for the
    /// capacity advisories.
    #[serde(default)]
    gbps: Option<f64>,
    #[serde(default)]
    connections: Option<u64>,
    /// Free text: why the expectation is what it is.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Protocol {
    Name(String),
    Number(u16),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    reachable: bool,
    /// Absent: not checked; `null`: must be null; `"private"` / `"public"`.
    #[serde(default, deserialize_with = "present")]
    network: Option<Option<String>>,
    #[serde(default)]
    hops_include: Vec<String>,
    #[serde(default)]
    hops_exclude: Vec<String>,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    codes_any: Vec<String>,
    #[serde(default)]
    codes_exclude: Vec<String>,
    #[serde(default)]
    advisories: Vec<String>,
    #[serde(default)]
    advisories_exclude: Vec<String>,
}

/// Tells an absent field (`None`, via `default`) from an explicit `null` (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A behaviour citation: an aws-reference ID (`GE-05`), a Batfish oracle test (`BATFISH:AwsConfigurationNatGatewayTest`),
/// a Reachability Analyzer code with no behaviour row (`RA:TGW_ATTACH_VPC_AZ_RESTRICTION`), a cli-contract rule
/// (`CLI:protocol-values`) or a VPC Lab rule from the issue (`VPCLAB:routing-loop`).
fn valid_behaviour(b: &str) -> bool {
    let upper_snake = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    };
    let kebab = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if let Some(rest) = b.strip_prefix("BATFISH:") {
        return rest.starts_with("AwsConfiguration")
            && rest.ends_with("Test")
            && rest.chars().all(|c| c.is_ascii_alphanumeric());
    }
    if let Some(rest) = b.strip_prefix("RA:") {
        return upper_snake(rest);
    }
    if let Some(rest) = b.strip_prefix("CLI:").or_else(|| b.strip_prefix("VPCLAB:")) {
        return kebab(rest);
    }
    match b.rsplit_once('-') {
        Some((family, n)) => {
            !family.is_empty()
                && family
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && family.starts_with(|c: char| c.is_ascii_uppercase())
                && n.len() == 2
                && n.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn scenario_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().and_then(|n| n.to_str()) != Some(TOPOLOGIES)
                || dir != Path::new(ROOT)
            {
                scenario_files(&path, out);
            }
        } else if path.extension().and_then(|e| e.to_str()) == Some("json") {
            out.push(path);
        }
    }
}

/// Same merge as the validation unit tests: lists are merged by `id`, other keys replaced.
fn merge(base: &mut Value, patch: &Value) -> Result<(), String> {
    let (Value::Object(base), Value::Object(patch)) = (base, patch) else {
        return Err("`topology_patch` and the topology must be objects".into());
    };
    for (key, value) in patch {
        match (base.get_mut(key), value) {
            (Some(Value::Array(items)), Value::Array(extra)) => {
                for item in extra {
                    let id = item.get("id");
                    match items.iter_mut().find(|i| id.is_some() && i.get("id") == id) {
                        Some(Value::Object(existing)) => {
                            existing.extend(item.as_object().cloned().unwrap_or_default());
                        }
                        _ => items.push(item.clone()),
                    }
                }
            }
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}

/// Values a field may have in the input and still be dropped when the model serialises it (its default).
fn default_looking(key: &str, v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(false) => true,
        Value::Bool(true) => matches!(key, "enable_dns_support" | "source_dest_check"),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::String(s) => matches!(
            (key, s.as_str()),
            ("state", "active" | "available")
                | ("origin", "static")
                | ("block_public_access", "off")
                | ("availability_mode", "zonal")
                | ("connectivity", "public")
                | ("kind", "gateway" | "interface" | "vpc")
                | ("ip_address_type", "ipv4")
        ),
        Value::Number(_) => false,
    }
}

/// Catch misspelt topology fields (the model ignores unknown fields): every key of the input must survive a
/// parse/serialise round trip, unless its value is the field's default.
fn unknown_fields(input: &Value, output: &Value, path: &str, out: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => {
            for (k, v) in i {
                let here = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match o.get(k) {
                    Some(ov) => unknown_fields(v, ov, &here, out),
                    None if default_looking(k, v) => {}
                    None => out.push(here),
                }
            }
        }
        (Value::Array(i), Value::Array(o)) if i.len() == o.len() => {
            for (n, (iv, ov)) in i.iter().zip(o).enumerate() {
                unknown_fields(iv, ov, &format!("{path}[{n}]"), out);
            }
        }
        _ => {}
    }
}

fn load_topology(s: &Scenario) -> Result<Topology, String> {
    let mut value = match (&s.topology, &s.topology_file) {
        (Some(t), None) => t.clone(),
        (None, Some(f)) => {
            let path = Path::new(ROOT).join(f);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("`topology_file` {f}: {e}"))?;
            serde_json::from_str(&text).map_err(|e| format!("`topology_file` {f}: {e}"))?
        }
        _ => return Err("give exactly one of `topology` and `topology_file`".into()),
    };
    if let Some(patch) = &s.topology_patch {
        merge(&mut value, patch)?;
    }
    let topology: Topology =
        serde_json::from_value(value.clone()).map_err(|e| format!("topology: {e}"))?;
    let round_trip = serde_json::to_value(&topology).map_err(|e| format!("topology: {e}"))?;
    let mut unknown = Vec::new();
    unknown_fields(&value, &round_trip, "", &mut unknown);
    if !unknown.is_empty() {
        return Err(format!(
            "topology: unknown fields (misspelt?): {}",
            unknown.join(", ")
        ));
    }
    Ok(topology)
}

fn protocol_text(p: &Option<Protocol>) -> Option<String> {
    p.as_ref().map(|p| match p {
        Protocol::Name(n) => n.clone(),
        Protocol::Number(n) => n.to_string(),
    })
}

/// Run one trace on a thread, so that a panic or a hang in the engine is a reported failure, not the end of the run.
fn run_trace(topology: &Arc<Topology>, spec: FlowSpec) -> Result<Trace, String> {
    let (tx, rx) = mpsc::channel();
    let topology = Arc::clone(topology);
    std::thread::spawn(move || {
        let result = vpclab_core::trace(&topology, &spec).map_err(|e| format!("flow error: {e}"));
        let _ = tx.send(result);
    });
    match rx.recv_timeout(TRACE_TIMEOUT) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "trace did not finish in {TRACE_TIMEOUT:?} (a loop?)"
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("trace panicked".into()),
    }
}

fn network_text(t: &Trace) -> Option<String> {
    t.network.map(|n| {
        serde_json::to_value(n)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    })
}

/// Every way the trace differs from the expectation.
fn compare(expect: &Expect, t: &Trace) -> Vec<String> {
    let mut diffs = Vec::new();
    if t.reachable != expect.reachable {
        diffs.push(format!(
            "reachable: expected {}, got {}",
            expect.reachable, t.reachable
        ));
    }
    if let Some(want) = &expect.network {
        let got = network_text(t);
        if *want != got {
            diffs.push(format!("network: expected {want:?}, got {got:?}"));
        }
    }
    let hops: Vec<&str> = t.hops.iter().map(|h| h.id.as_str()).collect();
    let mut at = 0;
    for want in &expect.hops_include {
        match hops[at..].iter().position(|h| h == want) {
            Some(p) => at += p + 1,
            None if hops.contains(&want.as_str()) => {
                diffs.push(format!("hops_include: `{want}` is out of order"))
            }
            None => diffs.push(format!("hops_include: `{want}` is missing")),
        }
    }
    for bad in &expect.hops_exclude {
        if hops.contains(&bad.as_str()) {
            diffs.push(format!("hops_exclude: `{bad}` is on the path"));
        }
    }
    let codes: Vec<&str> = t.explanations.iter().map(|e| e.code.as_str()).collect();
    for want in &expect.codes {
        if !codes.contains(&want.as_str()) {
            diffs.push(format!("codes: `{want}` missing"));
        }
    }
    if !expect.codes_any.is_empty() && !expect.codes_any.iter().any(|c| codes.contains(&c.as_str()))
    {
        diffs.push(format!("codes_any: none of {:?}", expect.codes_any));
    }
    for bad in &expect.codes_exclude {
        if codes.contains(&bad.as_str()) {
            diffs.push(format!("codes_exclude: `{bad}` present"));
        }
    }
    let advisories: Vec<&str> = t.advisories.iter().map(|a| a.code.as_str()).collect();
    for want in &expect.advisories {
        if !advisories.contains(&want.as_str()) {
            diffs.push(format!("advisories: `{want}` missing"));
        }
    }
    for bad in &expect.advisories_exclude {
        if advisories.contains(&bad.as_str()) {
            diffs.push(format!("advisories_exclude: `{bad}` present"));
        }
    }
    diffs
}

fn summary(t: &Trace) -> String {
    let hops: Vec<&str> = t.hops.iter().map(|h| h.id.as_str()).collect();
    let codes: Vec<&str> = t.explanations.iter().map(|e| e.code.as_str()).collect();
    let advisories: Vec<&str> = t.advisories.iter().map(|a| a.code.as_str()).collect();
    format!(
        "got reachable={} network={:?} hops=[{}] codes=[{}] advisories=[{}]",
        t.reachable,
        network_text(t),
        hops.join(", "),
        codes.join(", "),
        advisories.join(", ")
    )
}

#[derive(Default)]
struct Tally {
    files: usize,
    flows: usize,
    validations: usize,
    failures: Vec<String>,
}

fn run_file(path: &Path, tally: &mut Tally) {
    let name = path
        .strip_prefix(ROOT)
        .unwrap_or(path)
        .display()
        .to_string();
    tally.files += 1;
    let mut fail = |what: String| tally.failures.push(format!("{name}: {what}"));
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return fail(format!("cannot read: {e}")),
    };
    let scenario: Scenario = match serde_json::from_str(&text) {
        Ok(s) => s,
        Err(e) => return fail(format!("not a scenario: {e}")),
    };
    if scenario.name.trim().is_empty() || scenario.description.trim().is_empty() {
        fail("`name` and `description` must not be empty".into());
    }
    if scenario.behaviours.is_empty() {
        fail("`behaviours` must cite at least one behaviour".into());
    }
    for b in &scenario.behaviours {
        if !valid_behaviour(b) {
            fail(format!(
                "`behaviours`: `{b}` is not a behaviour citation (see README)"
            ));
        }
    }
    if scenario.flows.is_empty() && scenario.expect_validation.is_none() {
        fail("a scenario needs `flows` or `expect_validation`".into());
    }
    let topology = match load_topology(&scenario) {
        Ok(t) => Arc::new(t),
        Err(e) => return fail(e),
    };
    let diagnostics = validate(&topology);
    match &scenario.expect_validation {
        Some(codes) => {
            tally.validations += 1;
            for code in codes {
                if !diagnostics.iter().any(|d| d.code == *code) {
                    let got: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
                    fail(format!(
                        "expect_validation: `{code}` not reported; validate() said [{}]",
                        got.join("; ")
                    ));
                }
            }
        }
        None => {
            let errors: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.to_string())
                .collect();
            if !errors.is_empty() {
                fail(format!(
                    "topology has validation errors (add `expect_validation` if intended): {}",
                    errors.join("; ")
                ));
            }
        }
    }
    for (i, flow) in scenario.flows.iter().enumerate() {
        tally.flows += 1;
        let protocol = protocol_text(&flow.protocol);
        let label = format!(
            "flow #{i} ({} -> {} {}{}{})",
            flow.from,
            flow.to,
            protocol.as_deref().unwrap_or("tcp"),
            flow.port.map(|p| format!("/{p}")).unwrap_or_default(),
            flow.behaviour
                .as_deref()
                .map(|b| format!(", {b}"))
                .unwrap_or_default(),
        );
        match flow.behaviour.as_deref() {
            None => tally.failures.push(format!(
                "{name}: {label}: every flow must cite a `behaviour`"
            )),
            Some(b) if !valid_behaviour(b) => tally.failures.push(format!(
                "{name}: {label}: `{b}` is not a behaviour citation (see README)"
            )),
            Some(_) => {}
        }
        if let Some(Some(n)) = &flow.expect.network {
            if n != "private" && n != "public" {
                tally.failures.push(format!(
                    "{name}: {label}: `network` must be \"private\", \"public\" or null"
                ));
            }
        }
        let spec = FlowSpec {
            from: flow.from.clone(),
            to: flow.to.clone(),
            protocol,
            port: flow.port,
            region: flow.region.clone(),
            action: flow.action.clone(),
            resource: flow.resource.clone(),
            principal: flow.principal.clone(),
            gbps: flow.gbps,
            connections: flow.connections,
            ..FlowSpec::default()
        };
        match run_trace(&topology, spec.clone()) {
            Ok(t) => {
                // The cost alternatives made on the flow's local topology equal those made on the whole one.
                let session = vpclab_core::Session::new(&topology);
                let fast = session.evaluate_alternatives(&spec, &t, 1000.0);
                let whole = session.evaluate_alternatives_whole(&spec, &t, 1000.0);
                if fast != whole {
                    tally.failures.push(format!(
                        "{name}: {label}: alternatives on the local topology differ from the whole one:\n{fast:#?}\n{whole:#?}"
                    ));
                }
                let diffs = compare(&flow.expect, &t);
                if !diffs.is_empty() {
                    tally.failures.push(format!(
                        "{name}: {label}: {}\n        {}",
                        diffs.join("; "),
                        summary(&t)
                    ));
                }
            }
            Err(e) => tally.failures.push(format!("{name}: {label}: {e}")),
        }
    }
}

#[test]
fn scenarios() {
    let mut files = Vec::new();
    scenario_files(Path::new(ROOT), &mut files);
    let filter = std::env::var("SCENARIO").ok().filter(|f| !f.is_empty());
    if let Some(f) = &filter {
        files.retain(|p| p.display().to_string().contains(f.as_str()));
    }
    let mut tally = Tally::default();
    for path in &files {
        run_file(path, &mut tally);
    }
    println!(
        "scenarios: {} files, {} flows, {} validation checks, {} failures",
        tally.files,
        tally.flows,
        tally.validations,
        tally.failures.len()
    );
    if filter.is_none() && tally.files < MIN_SCENARIOS {
        tally.failures.push(format!(
            "only {} scenario files; the issue asks for at least {MIN_SCENARIOS}",
            tally.files
        ));
    }
    if !tally.failures.is_empty() {
        panic!(
            "{} scenario failure(s):\n  {}",
            tally.failures.len(),
            tally.failures.join("\n  ")
        );
    }
}

#[test]
fn behaviour_citations() {
    for ok in [
        "GE-05",
        "NACL-04",
        "IGW-02",
        "DT-01",
        "BATFISH:AwsConfigurationNatGatewayTest",
        "RA:TGW_RTB_BAD_STATE_ROUTE",
        "CLI:protocol-values",
        "VPCLAB:routing-loop",
    ] {
        assert!(valid_behaviour(ok), "{ok}");
    }
    for bad in [
        "",
        "GE-5",
        "ge-05",
        "GE05",
        "BATFISH:Foo",
        "RA:lower",
        "VPCLAB:Upper",
        "see docs",
    ] {
        assert!(!valid_behaviour(bad), "{bad}");
    }
}
