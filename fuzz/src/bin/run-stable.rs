//! The fuzz targets without libFuzzer: a bounded random-mutation loop that runs on the stable toolchain.
//!
//! ```text
//! cargo run --release --no-default-features --bin run-stable -- [--seconds N] [--iterations N] [--seed N]
//!                                                               [--keep-last FILE] [--target NAME|all]
//! ```
//!
//! Targets: `share_decode`, `import`, `policy`, `topology_json`, `terraform`, `lesson_json`, `js_api` (see
//! `src/lib.rs`).
//!
//! ```text
//! ```
//!
//! Seeds: the golden share links and their diagrams (`tests/fixtures/share/`), the Batfish snapshots
//! (`tests/fixtures/aws-cli/`), the gallery, and whatever is in `fuzz/corpus/<target>/` (e.g. left by
//! `cargo fuzz`). Each iteration mutates a seed (bytes, structure tokens, splices) and runs the target under
//! `catch_unwind`; the first panic writes the input to `fuzz/artifacts/<target>/crash-<n>` and exits with 1.
//! The time is split evenly between the targets.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use vpclab_fuzz::{mutate, mutate_json, pack_v1, Rng, IMPORT_DICTIONARY, SHARE_DICTIONARY};

/// Every target, in the order `all` runs them.
const TARGETS: &[&str] = &[
    "share_decode",
    "import",
    "policy",
    "topology_json",
    "terraform",
    "lesson_json",
    "js_api",
];

fn target_fn(name: &str) -> fn(&[u8]) {
    match name {
        "share_decode" => vpclab_fuzz::share_decode,
        "import" => vpclab_fuzz::import,
        "policy" => vpclab_fuzz::policy,
        "topology_json" => vpclab_fuzz::topology_json,
        "terraform" => vpclab_fuzz::terraform,
        "js_api" => vpclab_fuzz::js_api,
        _ => vpclab_fuzz::lesson_json,
    }
}

struct Options {
    seconds: f64,
    iterations: Option<u64>,
    seed: u64,
    targets: Vec<&'static str>,
    /// Each input is written here before it runs: what a crash that aborts the process (a stack overflow, which
    /// `catch_unwind` cannot catch) leaves behind. The same seed gives the same inputs, so a rerun finds it.
    keep_last: Option<PathBuf>,
}

fn options() -> Options {
    let mut o = Options {
        seconds: 10.0,
        iterations: None,
        seed: 0x5eed,
        targets: TARGETS.to_vec(),
        keep_last: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--seconds" => o.seconds = value.parse().expect("--seconds N"),
            "--iterations" => o.iterations = Some(value.parse().expect("--iterations N")),
            "--seed" => o.seed = value.parse().expect("--seed N"),
            "--keep-last" => o.keep_last = Some(PathBuf::from(value)),
            "--target" => {
                o.targets = match value.as_str() {
                    "all" => TARGETS.to_vec(),
                    name => match TARGETS.iter().find(|t| **t == name) {
                        Some(t) => vec![*t],
                        None => panic!("unknown target `{name}` ({}, all)", TARGETS.join(", ")),
                    },
                }
            }
            "-h" | "--help" => {
                println!(
                    "run-stable [--seconds N] [--iterations N] [--seed N] [--keep-last FILE] [--target {}|all]",
                    TARGETS.join("|")
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument `{other}`"),
        }
        i += 2;
    }
    o
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, ext, out);
        } else if ext.is_empty() || p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

fn read_all(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let root = repo();
    let mut seeds = Vec::new();
    let mut corpus = Vec::new();
    files(&root.join("fuzz/corpus").join(target), "", &mut corpus);
    // Every crash found so far, kept (and committed) as a regression input: it runs first, unmutated.
    files(&root.join("fuzz/regressions").join(target), "", &mut corpus);
    seeds.extend(read_all(&corpus));
    match target {
        "share_decode" => {
            let mut links = Vec::new();
            files(&root.join("tests/fixtures/share"), "txt", &mut links);
            seeds.extend(read_all(&links));
            // The payloads themselves (mutated as JSON, then packed by the target).
            for link in read_all(&links) {
                if let Ok((d, _)) = vpclab_core::share::decode(&String::from_utf8_lossy(&link)) {
                    seeds.push(serde_json_payload(&d));
                }
            }
            for e in vpclab_core::gallery::examples() {
                seeds.push(vpclab_core::share::encode(&e.diagram).into_bytes());
                seeds.push(serde_json_payload(&e.diagram));
            }
            seeds.push(pack_v1(b"{}").into_bytes());
        }
        "import" => {
            let mut snapshots = Vec::new();
            let aws = root.join("tests/fixtures/aws-cli");
            if let Ok(entries) = std::fs::read_dir(&aws) {
                let mut dirs: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_dir())
                    .collect();
                dirs.sort();
                for dir in dirs {
                    let mut jsons = Vec::new();
                    files(&dir, "json", &mut jsons);
                    // One seed per snapshot: its documents joined by NUL (the target's separator), and one per file.
                    let docs = read_all(&jsons);
                    snapshots.push(docs.join(&0u8));
                    snapshots.extend(docs);
                }
            }
            // The AWS CLI's own example outputs, one per file and all together.
            let mut examples = Vec::new();
            files(
                &root.join("tests/fixtures/aws-cli-examples"),
                "json",
                &mut examples,
            );
            let docs = read_all(&examples);
            snapshots.push(docs.join(&0u8));
            snapshots.extend(docs);
            seeds.extend(snapshots);
        }
        "policy" => {
            // Every policy the gallery, the lessons and the scenarios carry, as text.
            for t in topologies() {
                let v = vpclab_core::json::to_value(&t).unwrap_or_default();
                collect_policies(&v, &mut seeds);
            }
            for v in scenario_values() {
                collect_policies(&v, &mut seeds);
            }
            seeds.sort();
            seeds.dedup();
            for literal in [
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
                r#"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}"#,
                r#"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"NotAction":"s3:Get*","NotResource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8"]},"ForAnyValue:StringLike":{"aws:TagKeys":["a*"]},"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}]}"#,
            ] {
                seeds.push(literal.as_bytes().to_vec());
            }
        }
        "topology_json" | "terraform" => {
            for t in topologies() {
                seeds.push(vpclab_core::export::json(&t).into_bytes());
            }
        }
        "js_api" => {
            // `[topology, flow, files, regionHint, options]`, in each form the API takes: a topology, a diagram,
            // a share link, the JSON text of a diagram; describe-* files; audit options.
            for e in vpclab_core::gallery::examples() {
                let d = &e.diagram;
                let topology = vpclab_core::json::to_value(&d.topology).unwrap_or_default();
                let diagram = vpclab_core::json::to_value(d).unwrap_or_default();
                let link = serde_json::Value::String(vpclab_core::share::encode(d));
                let text = serde_json::Value::String(diagram.to_string());
                for (i, f) in d.flows.iter().enumerate() {
                    let mut flow = vpclab_core::json::to_value(&f.spec).unwrap_or_default();
                    if i % 2 == 1 {
                        flow["protocol"] = serde_json::json!(6);
                        flow["label"] = serde_json::json!(f.label);
                    }
                    let first = [&topology, &diagram, &link, &text][i % 4];
                    let args = serde_json::json!([first, flow, null, "us-east-1", {"gb_per_month": 250, "services": ["sqs"]}]);
                    seeds.push(args.to_string().into_bytes());
                }
            }
            let mut examples = Vec::new();
            files(
                &root.join("tests/fixtures/aws-cli-examples"),
                "json",
                &mut examples,
            );
            for path in examples.iter().take(12) {
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let name = format!(
                    "us-east-1/{}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                );
                let args = serde_json::json!([null, {"from": "i-1", "to": "10.0.0.1"}, [{"name": name, "text": text}], null, null]);
                seeds.push(args.to_string().into_bytes());
            }
            seeds.push(br#"["v1.", {"from": "i-a", "to": "s3.us-east-1.amazonaws.com", "port": 443, "gb_per_month": 1e400}, "{}", 42, {"gb_per_month": -1}]"#.to_vec());
        }
        _ => {
            let mut lessons = Vec::new();
            files(&root.join("core/src/lesson"), "json", &mut lessons);
            seeds.extend(read_all(&lessons));
        }
    }
    seeds.push(Vec::new());
    seeds
}

/// The topologies of the gallery, the lessons and the scenarios (shared and inline).
fn topologies() -> Vec<vpclab_core::Topology> {
    let root = repo();
    let mut out: Vec<vpclab_core::Topology> = vpclab_core::gallery::examples()
        .into_iter()
        .map(|e| e.diagram.topology)
        .collect();
    out.extend(
        vpclab_core::lesson::builtin()
            .into_iter()
            .map(|l| l.diagram.topology),
    );
    // The scenarios' shared topologies (`tests/scenarios/topologies/`) and their inline ones (`topology`).
    let mut shared = Vec::new();
    files(
        &root.join("tests/scenarios/topologies"),
        "json",
        &mut shared,
    );
    for text in read_all(&shared) {
        if let Ok(t) = vpclab_core::Topology::from_json(&String::from_utf8_lossy(&text)) {
            out.push(t);
        }
    }
    for v in scenario_values() {
        if let Some(t) = v
            .get("topology")
            .and_then(|t| vpclab_core::json::from_value::<vpclab_core::Topology>(t).ok())
        {
            out.push(t);
        }
    }
    out.retain(|t| t != &vpclab_core::Topology::default());
    out
}

/// Every scenario file as JSON (their patches carry most of the policies).
fn scenario_values() -> Vec<serde_json::Value> {
    let mut paths = Vec::new();
    files(&repo().join("tests/scenarios"), "json", &mut paths);
    read_all(&paths)
        .iter()
        .filter_map(|t| vpclab_core::json::from_str(&String::from_utf8_lossy(t)).ok())
        .collect()
}

/// Every `policy` / `policy_document` member of a topology's JSON, as text.
fn collect_policies(v: &serde_json::Value, out: &mut Vec<Vec<u8>>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k.contains("policy") && !x.is_null() {
                    if let Ok(text) = vpclab_core::json::to_string(x) {
                        out.push(text.into_bytes());
                    }
                }
                collect_policies(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_policies(x, out)),
        _ => {}
    }
}

/// The v1 JSON payload of a diagram (what `share_decode` packs when its input starts with `{`).
fn serde_json_payload(d: &vpclab_core::diagram::Diagram) -> Vec<u8> {
    let link = vpclab_core::share::encode(d);
    use base64::Engine as _;
    let deflated = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&link[3..])
        .expect("own link");
    miniz_oxide::inflate::decompress_to_vec(&deflated).expect("own link")
}

fn main() {
    let o = options();
    // Keep the default hook quiet: a panic is reported with its input below.
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    let per_target = Duration::from_secs_f64(o.seconds / o.targets.len() as f64);
    let mut rng = Rng::new(o.seed);
    let mut total = 0u64;
    for target in &o.targets {
        let run = target_fn(target);
        // JSON targets get structure-aware mutations half of the time (the tree is edited, not the bytes).
        let json_target = !matches!(*target, "share_decode" | "import");
        let dictionary = if *target == "share_decode" {
            SHARE_DICTIONARY
        } else {
            IMPORT_DICTIONARY
        };
        let seeds = seeds(target);
        let start = Instant::now();
        let mut n = 0u64;
        let mut inputs = seeds.clone().into_iter();
        loop {
            let done = match o.iterations {
                Some(max) => n >= max,
                None => start.elapsed() >= per_target,
            };
            if done {
                break;
            }
            // Every seed once as it is, then mutations of random seeds (sometimes of a mutation's mutation).
            let input = inputs.next().unwrap_or_else(|| {
                let base = &seeds[rng.below(seeds.len())];
                let other = &seeds[rng.below(seeds.len())];
                let structured = if json_target && rng.chance(2) {
                    mutate_json(&mut rng, base)
                } else {
                    None
                };
                let once = structured.unwrap_or_else(|| mutate(&mut rng, base, dictionary, other));
                if rng.chance(4) {
                    mutate(&mut rng, &once, dictionary, other)
                } else {
                    once
                }
            });
            if let Some(path) = &o.keep_last {
                let _ = std::fs::write(path, &input);
            }
            if catch_unwind(AssertUnwindSafe(|| run(&input))).is_err() {
                let dir = repo().join("fuzz/artifacts").join(target);
                let _ = std::fs::create_dir_all(&dir);
                let path = dir.join(format!("crash-{}", rng.next_u64() % 1_000_000));
                let _ = std::fs::write(&path, &input);
                eprintln!(
                    "run-stable: `{target}` panicked after {n} inputs; input ({} bytes) saved to {}\n  replay: cargo run --release --no-default-features --bin run-stable -- --target {target} (with the file in fuzz/corpus/{target}/)",
                    input.len(),
                    path.display()
                );
                std::process::exit(1);
            }
            n += 1;
        }
        println!(
            "run-stable: {target}: {n} inputs ({} seeds) in {:.1} s, no panic",
            seeds.len(),
            start.elapsed().as_secs_f64()
        );
        total += n;
    }
    println!("run-stable: {total} inputs, no panic (seed {})", o.seed);
}
