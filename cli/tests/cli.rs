//! The `vpclab` binary as a user runs it: exit codes, the JSON contract, and the one-paragraph errors.
//!
//! Fixtures: the Batfish AWS snapshots in `tests/fixtures/aws-cli/` (Apache-2.0, see the NOTICE there) and the
//! small topology JSON in `cli/tests/fixtures/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn aws(snapshot: &str) -> String {
    repo()
        .join("tests/fixtures/aws-cli")
        .join(snapshot)
        .join("aws_configs")
        .display()
        .to_string()
}

fn topology() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/two-instances.json")
        .display()
        .to_string()
}

/// A scratch folder of its own for one test, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vpclab-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn vpclab(args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_vpclab"))
        .args(args)
        .output()
        .expect("the binary runs");
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "vpclab panicked: {}",
        run.stderr
    );
    run
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON object ({e}):\n{}", run.stdout))
}

/// Bad input: exit 2, nothing on stdout, one paragraph on stderr that contains every `needle`.
#[track_caller]
fn check_bad_input(args: &[&str], needles: &[&str]) {
    let run = vpclab(args);
    assert_eq!(
        run.code, 2,
        "exit code for {args:?}; stderr: {}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "stdout for {args:?}: {}", run.stdout);
    let paragraph = run.stderr.trim_end();
    assert!(
        !paragraph.contains("\n\n"),
        "more than one paragraph: {paragraph}"
    );
    for n in needles {
        assert!(
            paragraph.contains(n),
            "`{n}` missing from the error for {args:?}: {paragraph}"
        );
    }
}

// ------------------------------------------------------------------------------------------------------------------
// trace

#[test]
fn trace_json_has_exactly_the_contract_fields() {
    let snap = aws("test-vpc-endpoint-gateway");
    let run = vpclab(&[
        "trace",
        &snap,
        "--from",
        "i-01c6c0647fdccc89e",
        "--to",
        "52.216.0.1",
        "--port",
        "443",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run);
    let mut keys: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "advisories",
            "cost",
            "explanations",
            "hops",
            "network",
            "reachable"
        ]
    );
    assert_eq!(v["reachable"], true);
    assert_eq!(v["network"], "private");
    assert!(v["cost"].is_null(), "no prices yet");
    let hops = v["hops"].as_array().expect("hops");
    assert!(hops
        .iter()
        .all(|h| h["id"].is_string() && h["kind"].is_string() && h["detail"].is_string()));
    assert!(
        hops.iter().any(|h| h["id"] == "vpce-0b7357542bb7b83ec"),
        "the gateway endpoint is on the path"
    );
    assert!(
        run.stderr.is_empty(),
        "JSON mode keeps stderr quiet: {}",
        run.stderr
    );
}

#[test]
fn trace_blocked_flow_still_exits_zero() {
    // Protocol 0 (Batfish's "any" packet) is matched only by all-traffic rules: the launch-wizard SG drops it.
    let snap = aws("test-subnet");
    let run = vpclab(&[
        "trace",
        &snap,
        "--from",
        "i-08ef86e76fceabd8d",
        "--to",
        "10.10.1.44",
        "--protocol",
        "0",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run);
    assert_eq!(v["reachable"], false);
    assert!(v["network"].is_null());
    assert!(!v["explanations"]
        .as_array()
        .expect("explanations")
        .is_empty());
}

#[test]
fn trace_text_is_readable() {
    let run = vpclab(&[
        "trace",
        &topology(),
        "--from",
        "i-web",
        "--to",
        "i-db",
        "--port",
        "5432",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with("REACHABLE")
            && first.contains("i-web -> i-db")
            && first.contains("tcp port 5432"),
        "{first}"
    );
    assert!(
        run.stdout.contains("hops:") && run.stdout.contains(" 1. i-web"),
        "{}",
        run.stdout
    );

    let run = vpclab(&[
        "trace",
        &topology(),
        "--from",
        "i-web",
        "--to",
        "i-db",
        "--port",
        "22",
        "--protocol",
        "TCP",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("NOT REACHABLE"), "{}", run.stdout);
    assert!(run.stdout.contains("why it is blocked:"), "{}", run.stdout);
}

/// CAP-01, IGW-07, LAT-01: a flow with a rate names the tightest documented limit on its path, in the text too.
#[test]
fn trace_text_names_the_tightest_capacity_limit() {
    let two_tier = repo()
        .join("tests/scenarios/topologies/two-tier.json")
        .display()
        .to_string();
    let run = vpclab(&[
        "trace", &two_tier, "--from", "i-app", "--to", "8.8.8.8", "--port", "443", "--gbps", "150",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for want in [
        "VPCLAB_CAPACITY_LIMIT",
        "NAT gateway nat-1",
        "100 Gbps",
        "VPCLAB_CAPACITY_EXCEEDED",
        "VPCLAB_CAPACITY_IGW_NO_LIMIT",
        "VPCLAB_PATH_LATENCY",
    ] {
        assert!(
            run.stdout.contains(want),
            "`{want}` missing:\n{}",
            run.stdout
        );
    }
    check_bad_input(
        &[
            "trace", &two_tier, "--from", "i-app", "--to", "8.8.8.8", "--gbps", "fast",
        ],
        &["fast", "Gbps"],
    );
}

#[test]
fn trace_text_mentions_import_warnings_on_stderr() {
    let snap = aws("test-vpn-gateway");
    let run = vpclab(&[
        "trace",
        &snap,
        "--from",
        "onprem:1.1.1.2",
        "--to",
        "10.0.1.204",
        "--protocol",
        "icmp",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("vpclab check"), "{}", run.stderr);
}

#[test]
fn snapshot_given_as_one_merged_file() {
    // Merge a Batfish folder into one object of describe-* keys, as a user might paste it.
    let dir = repo().join("tests/fixtures/aws-cli/test-public-subnet/aws_configs");
    let mut merged = serde_json::Map::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&f).expect("read"))
            .expect("fixture JSON");
        if let Value::Object(map) = v {
            merged.extend(map);
        }
    }
    let tmp = scratch("merged");
    let file = tmp.join("snapshot.json");
    std::fs::write(&file, Value::Object(merged).to_string()).expect("write");
    let file = file.display().to_string();
    let run = vpclab(&[
        "trace",
        &file,
        "--from",
        "i-06669a407b2ef3ae5",
        "--to",
        "8.8.8.8",
        "--protocol",
        "icmp",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&run)["network"], "public");
    let run = vpclab(&["check", &file, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let _ = std::fs::remove_dir_all(tmp);
}

#[test]
fn region_hint_is_accepted() {
    let run = vpclab(&[
        "trace",
        &topology(),
        "--from",
        "10.0.1.10",
        "--to",
        "10.0.1.20",
        "--port",
        "5432",
        "--region",
        "eu-west-1",
        "--gb-per-month",
        "100",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&run)["reachable"], true);
}

// ------------------------------------------------------------------------------------------------------------------
// check

#[test]
fn check_json_lists_import_and_validation_diagnostics() {
    let snap = aws("test-transit-gateway");
    let run = vpclab(&["check", &snap, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run);
    for key in [
        "valid",
        "errors",
        "warnings",
        "infos",
        "diagnostics",
        "advisories",
    ] {
        assert!(v.get(key).is_some(), "`{key}` missing: {v}");
    }
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    assert!(diags
        .iter()
        .all(|d| d["source"] == "import" || d["source"] == "validate"));
    assert!(diags
        .iter()
        .any(|d| d["code"] == "IMPORT_INACTIVE" && d["subject"] == "vpn-034885b776a3f8a80"));
    assert!(diags
        .iter()
        .any(|d| d["code"] == "IMPORT_UNKNOWN_KEY" && d["field"] == "DomainStatusList"));
}

#[test]
fn check_text_ends_with_a_summary() {
    let run = vpclab(&["check", &aws("test-vpc-peering")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("AWS snapshot"), "{}", run.stdout);
    let last = run.stdout.trim_end().lines().last().unwrap_or("");
    assert!(last.contains("error") && last.contains("warning"), "{last}");
    let run = vpclab(&["check", &topology()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("VPC Lab topology"), "{}", run.stdout);
}

// ------------------------------------------------------------------------------------------------------------------
// bad input: exit 2, one paragraph naming the file and the field

#[test]
fn missing_snapshot() {
    check_bad_input(
        &[
            "trace",
            "no/such/folder",
            "--from",
            "i-1",
            "--to",
            "10.0.0.1",
        ],
        &["error:", "`no/such/folder`", "no such file"],
    );
    check_bad_input(&["check", "https://example.org/#v1.abc"], &["share link"]);
}

#[test]
fn invalid_json_names_file_line_and_column() {
    let tmp = scratch("invalid");
    std::fs::write(tmp.join("Vpcs.json"), "{\"Vpcs\": []}").expect("write");
    std::fs::write(
        tmp.join("Subnets.json"),
        "{\n  \"Subnets\": [\n    {\"SubnetId\": }\n  ]\n}",
    )
    .expect("write");
    let folder = tmp.display().to_string();
    check_bad_input(
        &["check", &folder],
        &["Subnets.json", "not valid JSON", "line 3 column"],
    );
    let file = tmp.join("Subnets.json").display().to_string();
    check_bad_input(
        &["trace", &file, "--from", "i-1", "--to", "10.0.0.1"],
        &["Subnets.json", "line 3 column"],
    );
    let _ = std::fs::remove_dir_all(tmp);
}

#[test]
fn files_that_are_not_snapshots() {
    let tmp = scratch("unrelated");
    std::fs::write(tmp.join("notes.json"), "{\"hello\": \"world\"}").expect("write");
    let file = tmp.join("notes.json").display().to_string();
    // cli-contract, "SNAPSHOT": unknown keys are ignored with a warning, never a failure.
    let run = vpclab(&["check", &file, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert!(
        report["diagnostics"].as_array().is_some_and(|d| d
            .iter()
            .any(|d| d["code"] == "TOPOLOGY_UNKNOWN_KEY" && d["field"] == "hello")),
        "{report:#}"
    );
    std::fs::write(tmp.join("numbers.json"), "[1, 2]").expect("write");
    let numbers = tmp.join("numbers.json").display().to_string();
    check_bad_input(
        &["check", &numbers],
        &["numbers.json", "neither a VPC Lab topology", "a JSON list"],
    );
    std::fs::remove_file(tmp.join("numbers.json")).expect("remove");
    let folder = tmp.display().to_string();
    check_bad_input(&["check", &folder], &["no `aws ec2 describe-*` output"]);
    std::fs::write(
        tmp.join("bad-topology.json"),
        "{\"vpcs\": [{\"id\": \"vpc-1\", \"cidr_blocks\": [\"10.0.0.0/99\"]}]}",
    )
    .expect("write");
    let file = tmp.join("bad-topology.json").display().to_string();
    check_bad_input(
        &["check", &file],
        &[
            "bad-topology.json",
            "not a valid VPC Lab topology",
            "line 1 column",
        ],
    );
    let empty = scratch("empty");
    check_bad_input(
        &["check", &empty.display().to_string()],
        &["holds no `*.json` files"],
    );
    let _ = std::fs::remove_dir_all(tmp);
    let _ = std::fs::remove_dir_all(empty);
}

#[test]
fn bad_protocol_port_and_volume() {
    let t = topology();
    check_bad_input(
        &[
            "trace",
            &t,
            "--from",
            "i-web",
            "--to",
            "i-db",
            "--protocol",
            "sctp",
        ],
        &["--protocol", "`sctp`"],
    );
    check_bad_input(
        &[
            "trace",
            &t,
            "--from",
            "i-web",
            "--to",
            "i-db",
            "--protocol",
            "300",
        ],
        &["--protocol", "`300`"],
    );
    check_bad_input(
        &[
            "trace", &t, "--from", "i-web", "--to", "i-db", "--port", "70000",
        ],
        &["--port"],
    );
    check_bad_input(
        &[
            "trace",
            &t,
            "--from",
            "i-web",
            "--to",
            "i-db",
            "--gb-per-month",
            "-3",
        ],
        &["--gb-per-month"],
    );
    check_bad_input(
        &[
            "trace", &t, "--from", "i-web", "--to", "i-db", "--format", "xml",
        ],
        &["--format"],
    );
    check_bad_input(&["trace", &t, "--to", "i-db"], &["--from"]);
}

#[test]
fn unknown_source_or_destination_names_the_snapshot_and_the_field() {
    let snap = aws("test-subnet");
    check_bad_input(
        &[
            "trace",
            &snap,
            "--from",
            "i-doesnotexist",
            "--to",
            "10.10.1.44",
        ],
        &["test-subnet", "`from`", "i-doesnotexist"],
    );
    check_bad_input(
        &[
            "trace",
            &snap,
            "--from",
            "i-08ef86e76fceabd8d",
            "--to",
            "not a destination!",
        ],
        &["test-subnet", "`to`"],
    );
}

#[test]
fn help_and_version_exit_zero() {
    let run = vpclab(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("trace") && run.stdout.contains("check"));
    assert_eq!(vpclab(&["--version"]).code, 0);
    assert_eq!(vpclab(&[]).code, 2, "no command is a usage error");
}

#[test]
fn trace_with_a_monthly_volume_fills_the_cost_object() {
    let topology = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/src/gallery/01-s3-through-nat.json"
    );
    let text = std::fs::read_to_string(topology).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let dir = std::env::temp_dir().join(format!("vpclab-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("topology.json");
    std::fs::write(&path, doc["diagram"]["topology"].to_string()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vpclab"))
        .args([
            "trace",
            path.to_str().unwrap(),
            "--from",
            "i-app",
            "--to",
            "logs.s3.us-east-1.amazonaws.com",
        ])
        .args(["--gb-per-month", "1000", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // NAT-08/NAT-09: 1,000 GB × $0.045 of NAT processing in us-east-1; a gateway endpoint would save all of it.
    assert_eq!(v["cost"]["usd_per_month"], 45.0);
    assert_eq!(v["cost"]["items"][0]["usd"], 45.0);
    let alts = v["cost"]["alternatives"].as_array().unwrap();
    assert!(alts.iter().any(|a| a["monthly_saving"] == 45.0), "{alts:?}");

    let flows = dir.join("flows.json");
    std::fs::write(
        &flows,
        r#"[{"from":"i-app","to":"logs.s3.us-east-1.amazonaws.com","gb_per_month":1000}]"#,
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vpclab"))
        .args([
            "cost",
            path.to_str().unwrap(),
            "--flows",
            flows.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report.to_string().contains("32.85"),
        "NAT gateway hour × 730 is a fixed cost: {report}"
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vpclab"))
        .args([
            "cost",
            path.to_str().unwrap(),
            "--flows",
            "/nonexistent/flows.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("flows.json"));
}

fn run_vpclab(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_vpclab"))
        .args(args)
        .output()
        .unwrap()
}

fn gallery_topology_file(name: &str) -> std::path::PathBuf {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/src/gallery/01-s3-through-nat.json"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let dir = std::env::temp_dir().join(format!("vpclab-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("topology.json");
    std::fs::write(&file, doc["diagram"]["topology"].to_string()).unwrap();
    file
}

#[test]
fn link_carries_the_flow_and_every_command_reads_links() {
    let file = gallery_topology_file("link");
    let out = run_vpclab(&[
        "link",
        file.to_str().unwrap(),
        "--from",
        "i-app",
        "--to",
        "8.8.8.8",
        "--port",
        "443",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(link.starts_with("http://127.0.0.1:8080/#v1."), "{link}");
    let (diagram, _) = vpclab_core::share::decode(&link).unwrap();
    let selected = diagram.selected().expect("the flow is selected");
    assert_eq!(
        (selected.spec.from.as_str(), selected.spec.to.as_str()),
        ("i-app", "8.8.8.8")
    );

    // The link, or just its fragment, is a SNAPSHOT for every command.
    let fragment = link.split_once('#').unwrap().1;
    for snapshot in [link.as_str(), fragment] {
        let out = run_vpclab(&[
            "trace", snapshot, "--from", "i-app", "--to", "8.8.8.8", "--port", "443", "--format",
            "json",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["reachable"], true);
        assert_eq!(v["network"], "public");
    }
    let out = run_vpclab(&["export", fragment, "--to", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let exported: vpclab_core::Topology = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(exported, diagram.topology);

    // A damaged link is bad input, named as such.
    let out = run_vpclab(&["check", "#v1.AAAA"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("share link"));
    let out = run_vpclab(&["check", "#v9.AAAA"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Issue 18: the text verdict of the default example (S3 through a NAT gateway) says what "public" means —
/// the service's public endpoint through the internet gateway, which for S3 in the same Region does not leave the
/// AWS network (AWS: "While traffic to Amazon S3 or DynamoDB traverses the internet gateway, it does not leave the
/// AWS network", gateway-endpoints.html) — and lists the seed's claim corrected among the advisories; the JSON
/// contract keeps `network: "public"`.
#[test]
fn trace_text_says_a_same_region_s3_path_stays_on_aws() {
    let example =
        std::fs::read_to_string(repo().join("core/src/gallery/01-s3-through-nat.json")).unwrap();
    let example: Value = serde_json::from_str(&example).unwrap();
    let dir = scratch("public-meaning");
    let file = dir.join("topology.json");
    std::fs::write(&file, example["diagram"]["topology"].to_string()).unwrap();
    let file = file.display().to_string();
    let args = [
        "trace",
        &file,
        "--from",
        "i-app",
        "--to",
        "logs-bucket.s3.us-east-1.amazonaws.com",
    ];
    let run = vpclab(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("REACHABLE through an internet gateway (network: public)"),
        "{first}"
    );
    assert!(
        run.stdout.contains("it does not leave the AWS network"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("VPCLAB_SEED_PUBLIC_ENDPOINT"),
        "{}",
        run.stdout
    );
    let lower = run.stdout.to_lowercase();
    assert!(
        !lower.contains("over the internet") && !lower.contains("leaves aws"),
        "{}",
        run.stdout
    );

    let json = vpclab(&[&args[..], &["--format", "json"]].concat());
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["network"], "public");

    // The real internet is the one that leaves AWS, and gets no correction.
    let run = vpclab(&["trace", &file, "--from", "i-app", "--to", "203.0.113.50"]);
    assert!(
        run.stdout.contains("leaves the AWS network (PUB-03)"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("VPCLAB_SEED_PUBLIC_ENDPOINT"),
        "{}",
        run.stdout
    );
}

// ------------------------------------------------------------------------------------------------------------------
// the AWS CLI's own example outputs (tests/fixtures/aws-cli-examples, Apache-2.0: see its NOTICE and SOURCES)

/// `vpclab check FILE --region us-east-1` as a new user runs it, on every file of the corpus and on the folder:
/// exit 0 (never 2: each file is a real `describe-*` output), no panic, and no error diagnostic (the IPv6
/// catch-all network-ACL rule 32768 is AWS's own, NACL-08).
#[test]
fn every_aws_cli_example_is_checked_without_refusal_or_false_errors() {
    let root = repo().join("tests/fixtures/aws-cli-examples");
    let mut targets = vec![root.clone()];
    for dir in std::fs::read_dir(&root)
        .expect("corpus")
        .map(|e| e.unwrap().path())
    {
        if dir.is_dir() {
            for f in std::fs::read_dir(&dir)
                .expect("command folder")
                .map(|e| e.unwrap().path())
            {
                if f.extension().is_some_and(|e| e == "json") {
                    targets.push(f);
                }
            }
        }
    }
    targets.sort();
    assert_eq!(targets.len(), 51, "50 files and the folder");
    for target in targets {
        let shown = target.display().to_string();
        let run = vpclab(&["check", &shown, "--region", "us-east-1", "--format", "json"]);
        assert_eq!(run.code, 0, "{shown}: {}", run.stderr);
        let report = json(&run);
        let errors: Vec<&Value> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{shown}: {errors:#?}");
    }
}

/// A gallery example's topology, written as topology JSON into `dir`.
fn gallery_topology(dir: &Path, file: &str) -> String {
    let text = std::fs::read_to_string(repo().join("core/src/gallery").join(file)).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let out = dir.join(file);
    std::fs::write(&out, v["diagram"]["topology"].to_string()).unwrap();
    out.display().to_string()
}

#[test]
fn audit_json_follows_the_contract() {
    let dir = scratch("audit-json");
    let nat = gallery_topology(&dir, "01-s3-through-nat.json");
    let run = vpclab(&["audit", &nat, "--format", "json", "--service", "sqs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run);
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["exposure", "segments", "services", "summary"]);
    let mut summary: Vec<&str> = v["summary"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    summary.sort_unstable();
    assert_eq!(
        summary,
        [
            "blocked_service_paths",
            "exposed_targets",
            "public_service_paths",
            "service_paths",
            "sources",
            "usd_per_month_public_service_paths",
            "usd_per_month_saved_if_recommendations_applied"
        ]
    );
    // Two subnets × (S3, DynamoDB, and the asked-for SQS).
    assert_eq!(v["summary"]["sources"], 2);
    assert_eq!(v["summary"]["service_paths"], 6);
    let s3 = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source_subnet"] == "subnet-private-a" && s["service"] == "s3.us-east-1")
        .expect("the S3 path of the private subnet");
    assert_eq!(s3["from"], "i-app");
    assert_eq!(s3["to"], "s3.us-east-1.amazonaws.com");
    assert_eq!(
        (s3["port"].clone(), s3["protocol"].clone()),
        (443.into(), "tcp".into())
    );
    assert_eq!(s3["network"], "public");
    assert_eq!(s3["through"], serde_json::json!(["nat-app", "igw-app"]));
    assert_eq!(
        s3["reasons"],
        serde_json::json!(["cost", "latency", "capacity", "privacy"])
    );
    // NAT-08: $0.045 per GB processed × the default 100 GB.
    assert_eq!(s3["usd_per_month"], 4.5);
    let mut rec: Vec<&str> = s3["recommendation"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    rec.sort_unstable();
    assert_eq!(
        rec,
        [
            "break_even_gb",
            "saves_usd_per_month",
            "summary",
            "usd_per_month_after"
        ]
    );
    assert_eq!(s3["recommendation"]["saves_usd_per_month"], 4.5);
    // --gb-per-month scales the price.
    let run = vpclab(&["audit", &nat, "--format", "json", "--gb-per-month", "1000"]);
    let v = json(&run);
    assert_eq!(v["summary"]["usd_per_month_public_service_paths"], 90.0);
}

#[test]
fn audit_text_puts_the_summary_first_and_the_fix_in_aws_terms() {
    let dir = scratch("audit-text");
    let nat = gallery_topology(&dir, "01-s3-through-nat.json");
    let run = vpclab(&["audit", &nat]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.contains("service paths") && first.contains("2 public"),
        "{first}"
    );
    assert!(run.stdout.contains("gateway endpoint"), "{}", run.stdout);
    assert!(run.stdout.contains("rtb-private"), "{}", run.stdout);
}

#[test]
fn diff_reports_the_s3_path_as_better_and_fail_on_worse_exits_1_on_the_reverse() {
    let dir = scratch("diff");
    let nat = gallery_topology(&dir, "01-s3-through-nat.json");
    let gwe = gallery_topology(&dir, "02-s3-gateway-endpoint.json");
    let run = vpclab(&["diff", &nat, &gwe, "--format", "json", "--fail-on", "worse"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run);
    assert_eq!(
        v["summary"],
        serde_json::json!({"better": 1, "worse": 0, "changed": 0, "usd_per_month_delta": -4.5})
    );
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["section"], "services");
    assert_eq!(
        changes[0]["key"],
        serde_json::json!({"source_subnet": "subnet-private-a", "service": "s3.us-east-1"})
    );
    assert_eq!(changes[0]["change"], "better");
    assert_eq!(changes[0]["before"]["network"], "public");
    assert_eq!(changes[0]["after"]["network"], "private");
    assert!(changes[0]["why"]
        .as_str()
        .unwrap()
        .contains("vpce-s3-gateway"));
    // The reverse sends S3 back through the NAT gateway: worse, exit 1 with --fail-on worse.
    let back = vpclab(&["diff", &gwe, &nat, "--fail-on", "worse"]);
    assert_eq!(back.code, 1, "{}{}", back.stdout, back.stderr);
    assert!(back.stdout.contains("WORSE"), "{}", back.stdout);
    // --fail-on any: anything changed; the same snapshot twice changes nothing.
    assert_eq!(vpclab(&["diff", &nat, &gwe, "--fail-on", "any"]).code, 1);
    assert_eq!(vpclab(&["diff", &nat, &nat, "--fail-on", "any"]).code, 0);
    // Without --fail-on, a worse change still exits 0 (the analysis ran).
    assert_eq!(vpclab(&["diff", &gwe, &nat]).code, 0);
}

#[test]
fn audit_and_diff_refuse_bad_input_with_exit_2() {
    check_bad_input(
        &["audit", "/nonexistent/snapshot.json"],
        &["/nonexistent/snapshot.json"],
    );
    check_bad_input(
        &["diff", "/nonexistent/a.json", "/nonexistent/b.json"],
        &["/nonexistent/a.json"],
    );
    check_bad_input(&["audit", &topology(), "--gb-per-month", "-3"], &["-3"]);
    check_bad_input(
        &["diff", &topology(), &topology(), "--fail-on", "never"],
        &["never"],
    );
}
