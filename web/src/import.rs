//! Import in the browser: what the Import dialog was given (pasted text, files, a folder) → a diagram or a lesson
//! to open, and a report of what was imported and what was ignored. Plain Rust, tested natively on the
//! `tests/fixtures/aws-cli` snapshots; the dialog only gathers `(label, text)` pairs and shows the [`Report`].
//!
//! Accepted, like the CLI's SNAPSHOT: `aws ec2 describe-*` outputs (one, several, pages one after another, or
//! one merged object) read by [`vpclab_core::import::import_documents`] with the file's path inside the chosen
//! folder as its label (so region folders name the region); a VPC Lab topology JSON (`Export → Project JSON`); a
//! diagram JSON (`{"topology": …, "layout": …, "flows": …}`); a share link; a lesson link.

use vpclab_core::diagram::Diagram;
use vpclab_core::import::classify::{classify, unknown_key_warnings, InputKind};
use vpclab_core::import::{self, ImportStage};
use vpclab_core::lesson::{self, Lesson};
use vpclab_core::model::{ObjectKind, Topology};
use vpclab_core::{share, Diagnostic, Severity};

/// What an import opens.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    /// A diagram to load (undoable).
    Diagram(Box<Diagram>),
    /// A lesson to start (a lesson link was pasted).
    Lesson(Box<Lesson>),
}

/// What the user is told after an import.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// What the input was: "9 files of `aws ec2 describe-*` output", "a VPC Lab topology", "a share link" …
    pub source: String,
    /// How many of each kind of object the imported topology holds (only kinds present), e.g. `("VPCs", 2)`.
    pub counts: Vec<(&'static str, usize)>,
    /// Everything the importer ignored or could not read, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// Why nothing was imported (the file is named in the message).
    pub error: Option<String>,
}

impl Report {
    /// Nothing imported, because of `error` (which names the input).
    pub fn failed(source: impl Into<String>, error: impl Into<String>) -> Report {
        Report {
            source: source.into(),
            error: Some(error.into()),
            ..Report::default()
        }
    }
}

/// The topology's lists with the names the report uses (singular, plural), in the order it shows them. (What a
/// text is — topology, diagram, describe output, link — is the core's `import::classify`.)
pub const KINDS: &[(&str, &str, &str)] = &[
    ("vpcs", "VPC", "VPCs"),
    ("subnets", "subnet", "subnets"),
    ("route_tables", "route table", "route tables"),
    ("internet_gateways", "internet gateway", "internet gateways"),
    (
        "egress_only_internet_gateways",
        "egress-only internet gateway",
        "egress-only internet gateways",
    ),
    ("nat_gateways", "NAT gateway", "NAT gateways"),
    ("vpc_endpoints", "VPC endpoint", "VPC endpoints"),
    ("endpoint_services", "endpoint service", "endpoint services"),
    ("load_balancers", "load balancer", "load balancers"),
    ("instances", "instance", "instances"),
    (
        "network_interfaces",
        "network interface",
        "network interfaces",
    ),
    ("security_groups", "security group", "security groups"),
    ("network_acls", "network ACL", "network ACLs"),
    ("prefix_lists", "prefix list", "prefix lists"),
    (
        "peering_connections",
        "peering connection",
        "peering connections",
    ),
    ("transit_gateways", "transit gateway", "transit gateways"),
    (
        "transit_gateway_attachments",
        "transit gateway attachment",
        "transit gateway attachments",
    ),
    (
        "transit_gateway_route_tables",
        "transit gateway route table",
        "transit gateway route tables",
    ),
    (
        "vpn_gateways",
        "virtual private gateway",
        "virtual private gateways",
    ),
    ("customer_gateways", "customer gateway", "customer gateways"),
    ("vpn_connections", "VPN connection", "VPN connections"),
    (
        "direct_connect_gateways",
        "Direct Connect gateway",
        "Direct Connect gateways",
    ),
    ("service_resources", "service resource", "service resources"),
    ("dhcp_options", "DHCP option set", "DHCP option sets"),
];

/// The `&'static` label of a count (a name of [`KINDS`], or `route`/`routes`), e.g. for a report that crossed
/// the worker's wire.
pub fn count_label(label: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .flat_map(|(_, one, many)| [*one, *many])
        .chain(["route", "routes"])
        .find(|l| *l == label)
}

/// Counts of each kind of object in `topology` (kinds with none left out), then the routes of all route tables.
pub fn counts(topology: &Topology) -> Vec<(&'static str, usize)> {
    // Counted on the model (`ObjectKind::count`), not on its JSON: a topology of 100,000 rules is 8 MB of it.
    let count = |key: &str| {
        ObjectKind::ALL
            .iter()
            .find(|k| k.collection() == key)
            .map_or(0, |k| k.count(topology))
    };
    let mut out: Vec<(&'static str, usize)> = KINDS
        .iter()
        .filter_map(|(key, one, many)| {
            let n = count(key);
            (n > 0).then_some((if n == 1 { *one } else { *many }, n))
        })
        .collect();
    let routes: usize = topology.route_tables.iter().map(|r| r.routes.len()).sum();
    if routes > 0 {
        out.push((if routes == 1 { "route" } else { "routes" }, routes));
    }
    out
}

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// Whether a file found in a chosen folder is read: `.json` files only (like the CLI's folder SNAPSHOT).
pub fn wanted_in_folder(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.to_ascii_lowercase().ends_with(".json") && !name.starts_with('.')
}

/// The folder (first path component) of a label, when it has one.
fn folder(label: &str) -> Option<&str> {
    label
        .split_once('/')
        .map(|(f, _)| f)
        .filter(|f| !f.is_empty())
}

/// A short, readable excerpt of the input for messages.
fn excerpt(text: &str) -> String {
    let t = text.trim();
    match t.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// The most an import reads at a time, in bytes: one file, the files of a folder together, or pasted text.
/// Checked before anything is read or parsed (a file by its size), so a huge input is refused at once instead of
/// freezing the page. A topology of 100,000 security-group rules is about 8 MB.
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// `52428800` → `50.0 MB` (MB of 1,048,576 bytes, as [`MAX_INPUT_BYTES`] is given).
pub fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / (1024.0 * 1024.0))
}

/// The refusal of an input of `bytes` bytes named `label` (a file or `pasted text`), if it is over
/// [`MAX_INPUT_BYTES`].
pub fn too_big(label: &str, bytes: f64) -> Option<String> {
    (bytes > MAX_INPUT_BYTES as f64)
        .then(|| format!("`{label}` is {}{}", size(bytes), LIMIT_ADVICE))
}

/// The refusal of inputs given as `(label, bytes)`, if one of them is over [`MAX_INPUT_BYTES`] ([`too_big`]), or
/// all of them together are.
pub fn too_big_inputs<'a>(inputs: impl IntoIterator<Item = (&'a str, f64)>) -> Option<String> {
    let (mut files, mut total) = (0, 0.0);
    for (label, bytes) in inputs {
        if let Some(e) = too_big(label, bytes) {
            return Some(e);
        }
        files += 1;
        total += bytes;
    }
    too_big_together(files, total)
}

/// The refusal of `files` files of `bytes` bytes together, if that is over [`MAX_INPUT_BYTES`].
fn too_big_together(files: usize, bytes: f64) -> Option<String> {
    (files > 1 && bytes > MAX_INPUT_BYTES as f64).then(|| {
        format!(
            "The {files} files are {} together{}",
            size(bytes),
            LIMIT_ADVICE
        )
    })
}

fn size(bytes: f64) -> String {
    format!(
        "{} ({} bytes)",
        megabytes(bytes),
        crate::links::thousands(bytes as usize)
    )
}

const LIMIT_ADVICE: &str = ": VPC Lab imports at most 20.0 MB at a time (one file, the files of a folder together, or \
                            pasted text). Import fewer or smaller `describe-*` outputs (one VPC's, one Region's).";

/// A file's bytes as the text to import: UTF-8, or UTF-16 with or without a byte-order mark
/// ([`vpclab_core::json::decode_text`]); else a message naming the file, what is wrong and at which byte.
pub fn text_of(label: &str, bytes: &[u8]) -> Result<String, String> {
    if let Some(e) = too_big(label, bytes.len() as f64) {
        return Err(e);
    }
    vpclab_core::json::decode_text(bytes)
        .map(|t| t.into_owned())
        .map_err(|why| unreadable(label, &why))
}

fn unreadable(label: &str, why: &str) -> String {
    format!(
        "`{label}` cannot be imported: {why}. VPC Lab reads JSON text saved as UTF-8 (or UTF-16)."
    )
}

/// Why the inputs cannot be read at all, before any parsing: over [`MAX_INPUT_BYTES`] (one or all together), or
/// not text (a NUL byte: binary data, or UTF-16 read byte by byte).
fn refuse_unreadable(docs: &[(String, String)]) -> Option<String> {
    if let Some(e) = too_big_inputs(docs.iter().map(|(l, t)| (l.as_str(), t.len() as f64))) {
        return Some(e);
    }
    docs.iter().find_map(|(label, text)| {
        vpclab_core::json::utf8_text(text.as_bytes())
            .err()
            .map(|why| unreadable(label, &why))
    })
}

/// Imports what the user gave: `(label, text)` pairs (a file's relative path, or `pasted text`). `region` is the
/// region used where the snapshot names none.
pub fn run(docs: &[(String, String)], region: Option<&str>) -> (Option<Opened>, Report) {
    run_with_progress(docs, region, &mut |_| {})
}

/// [`run`], telling `progress` which describe output it reads (the import worker's progress line).
pub fn run_with_progress(
    docs: &[(String, String)],
    region: Option<&str>,
    progress: &mut dyn FnMut(ImportStage),
) -> (Option<Opened>, Report) {
    if let Some(e) = refuse_unreadable(docs) {
        let source = match docs {
            [(label, _)] => label.clone(),
            _ => format!("{} files", docs.len()),
        };
        return (None, Report::failed(source, e));
    }
    let docs: Vec<(String, String)> = docs
        .iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .cloned()
        .collect();
    match docs.as_slice() {
        [] => (
            None,
            Report::failed(
                "nothing",
                "Nothing to import: paste JSON or a link, or choose files or a folder.",
            ),
        ),
        [(label, text)] => single(label, text, region, progress),
        many => aws(many, region, progress),
    }
}

fn single(
    label: &str,
    text: &str,
    region: Option<&str>,
    progress: &mut dyn FnMut(ImportStage),
) -> (Option<Opened>, Report) {
    let t = text.trim().trim_start_matches('\u{feff}');
    // What the text is, decided by the core the same way for every face (`import::classify`).
    match classify(text) {
        InputKind::LessonLink => match lesson::decode_lesson(t) {
            Ok(l) => {
                let report = Report {
                    source: format!("the lesson link “{}”", l.title),
                    counts: counts(&l.diagram.topology),
                    ..Report::default()
                };
                (Some(Opened::Lesson(Box::new(l))), report)
            }
            Err(e) => (
                None,
                Report::failed("a lesson link", capitalise(&e.to_string())),
            ),
        },
        InputKind::ShareLink => match share::decode(t) {
            Ok((d, findings)) => {
                let report = Report {
                    source: "a share link".into(),
                    counts: counts(&d.topology),
                    diagnostics: findings,
                    error: None,
                };
                (Some(Opened::Diagram(Box::new(d))), report)
            }
            Err(e) => (
                None,
                Report::failed("a share link", capitalise(&e.to_string())),
            ),
        },
        InputKind::NotJson { .. } if !t.starts_with(['{', '[']) => (
            None,
            Report::failed(
                label,
                format!(
                    "`{label}` is not JSON, a share link or a lesson link: it starts with `{}`.",
                    excerpt(t)
                ),
            ),
        ),
        // The importer words JSON errors with the file, line and column; describe output goes to it too.
        InputKind::NotJson { .. } | InputKind::AwsOutput | InputKind::Empty => {
            aws(&[(label.to_string(), text.to_string())], region, progress)
        }
        InputKind::Other { what } => (
            None,
            Report::failed(
                label,
                format!(
                    "`{label}` is neither a VPC Lab topology nor an `aws ec2 describe-*` output: it holds {what}"
                ),
            ),
        ),
        InputKind::Diagram => match vpclab_core::json::from_str::<Diagram>(t) {
            Ok(d) => {
                let report = Report {
                    source: "a VPC Lab diagram".into(),
                    counts: counts(&d.topology),
                    ..Report::default()
                };
                (Some(Opened::Diagram(Box::new(d))), report)
            }
            Err(e) => (
                None,
                Report::failed(
                    label,
                    format!("`{label}` is not a valid VPC Lab diagram: {e}"),
                ),
            ),
        },
        InputKind::Topology {
            unknown_keys,
            any_known,
        } => {
            // Nothing the dialog could open: keep the current work rather than replace it with an empty diagram.
            if !any_known {
                let mut keys: Vec<String> =
                    unknown_keys.iter().take(6).map(|k| format!("`{k}`")).collect();
                keys.sort();
                return (
                    None,
                    Report::failed(
                        label,
                        format!(
                            "`{label}` is neither a VPC Lab topology (keys such as `vpcs`, `subnets`) nor an \
                             `aws ec2 describe-*` output (keys such as `Vpcs`, `Subnets`): its top-level keys are {}",
                            keys.join(", ")
                        ),
                    ),
                );
            }
            match Topology::from_json(t) {
                Ok(mut topology) => {
                    if topology.region.is_none() {
                        topology.region = region.map(str::to_string);
                    }
                    let report = Report {
                        source: "a VPC Lab topology".into(),
                        counts: counts(&topology),
                        diagnostics: unknown_key_warnings(label, &unknown_keys),
                        error: None,
                    };
                    (Some(Opened::Diagram(Box::new(arrange(topology)))), report)
                }
                Err(e) => (
                    None,
                    Report::failed(
                        label,
                        format!("`{label}` is not a valid VPC Lab topology: {e}"),
                    ),
                ),
            }
        }
    }
}

fn aws(
    docs: &[(String, String)],
    region: Option<&str>,
    progress: &mut dyn FnMut(ImportStage),
) -> (Option<Opened>, Report) {
    let source = if docs.len() == 1 {
        format!("`{}` (`aws ec2 describe-*` output)", docs[0].0)
    } else {
        format!("{} files of `aws ec2 describe-*` output", docs.len())
    };
    match import::import_documents_with_progress(docs, region, progress) {
        Ok((mut topology, mut diagnostics)) => {
            diagnostics.sort_by_key(|d| severity_rank(d.severity));
            if topology.name.is_none() {
                let from = docs
                    .iter()
                    .find_map(|(l, _)| folder(l))
                    .unwrap_or(docs[0].0.as_str());
                topology.name = Some(format!("Imported from {from}"));
            }
            let report = Report {
                source,
                counts: counts(&topology),
                diagnostics,
                error: None,
            };
            (Some(Opened::Diagram(Box::new(arrange(topology)))), report)
        }
        Err(e) => (None, Report::failed(source, capitalise(&e.to_string()))),
    }
}

/// The diagram of an imported topology. Nodes without a position are placed by the canvas's automatic layout.
fn arrange(topology: Topology) -> Diagram {
    Diagram::of(topology)
}

/// The core's messages are lowercase sentences; the report shows them as sentences.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn fixture(name: &str) -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/aws-cli");
        let mut files = Vec::new();
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        walk(&root.join(name), &mut files);
        files.sort();
        files
            .iter()
            .map(|p| {
                let label = p.strip_prefix(&root).unwrap().to_string_lossy().to_string();
                (label, std::fs::read_to_string(p).unwrap())
            })
            .filter(|(l, _)| wanted_in_folder(l))
            .collect()
    }

    #[test]
    fn a_describe_folder_imports_with_counts_and_a_name() {
        let docs = fixture("test-nat-gateway");
        assert!(docs.len() > 3);
        let (opened, report) = run(&docs, None);
        assert_eq!(report.error, None);
        let Some(Opened::Diagram(d)) = opened else {
            panic!("no diagram: {report:?}");
        };
        assert_eq!(
            d.topology.name.as_deref(),
            Some("Imported from test-nat-gateway")
        );
        assert!(report.source.contains("files"));
        let get = |k: &str| report.counts.iter().find(|(l, _)| *l == k).map(|c| c.1);
        assert_eq!(get("VPC"), Some(d.topology.vpcs.len()));
        assert!(get("subnets").is_some() && get("NAT gateway").is_some());
        // The same as the CLI's importer.
        let (t, diags) = import::import_documents(&docs, None).unwrap();
        assert_eq!(d.topology.vpcs, t.vpcs);
        assert_eq!(report.diagnostics.len(), diags.len());
    }

    #[test]
    fn every_fixture_imports() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/aws-cli");
        for e in std::fs::read_dir(root).unwrap() {
            let p = e.unwrap().path();
            if !p.is_dir() {
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let (opened, report) = run(&fixture(&name), Some("us-east-1"));
            assert!(opened.is_some(), "{name}: {report:?}");
            assert!(!report.counts.is_empty(), "{name}");
        }
    }

    #[test]
    fn a_pasted_merged_object_and_unknown_keys_are_reported() {
        let text = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}], "Bogus": []}"#;
        let (opened, report) = run(&[("pasted text".into(), text.into())], Some("eu-west-1"));
        let Some(Opened::Diagram(d)) = opened else {
            panic!("{report:?}")
        };
        assert_eq!(d.topology.vpcs.len(), 1);
        assert_eq!(report.counts, [("VPC", 1)]);
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.code == import::aws_cli::codes::UNKNOWN_KEY && d.message.contains("Bogus")));
    }

    #[test]
    fn bad_json_names_the_file() {
        let (opened, report) = run(
            &[
                ("snap/Vpcs.json".into(), r#"{"Vpcs": []}"#.into()),
                ("snap/Subnets.json".into(), "{oops".into()),
            ],
            None,
        );
        assert!(opened.is_none());
        let e = report.error.unwrap();
        assert!(e.contains("`snap/Subnets.json` is not valid JSON"), "{e}");
    }

    #[test]
    fn topology_diagram_share_and_lesson_links_are_accepted() {
        let ex = vpclab_core::gallery::examples()[0].diagram.clone();
        let (o, r) = run(
            &[("t.json".into(), vpclab_core::export::json(&ex.topology))],
            None,
        );
        assert_eq!(
            o,
            Some(Opened::Diagram(Box::new(Diagram::of(ex.topology.clone()))))
        );
        assert_eq!(r.source, "a VPC Lab topology");

        let (o, _) = run(
            &[("d.json".into(), serde_json::to_string(&ex).unwrap())],
            None,
        );
        assert_eq!(o, Some(Opened::Diagram(Box::new(ex.clone()))));

        let link = share::link("http://h/vpclab/", &ex);
        let (o, r) = run(&[("pasted text".into(), format!("  {link}\n"))], None);
        assert_eq!(o, Some(Opened::Diagram(Box::new(ex.clone()))));
        assert_eq!(r.source, "a share link");

        let (o, _) = run(
            &[("pasted text".into(), "http://h/#lesson=why-nat".into())],
            None,
        );
        assert!(matches!(o, Some(Opened::Lesson(l)) if l.id == "why-nat"));

        let (o, r) = run(&[("pasted text".into(), "#v9.abc".into())], None);
        assert!(o.is_none());
        assert!(r
            .error
            .unwrap()
            .starts_with("Unknown share-link version `v9`"));

        let (o, r) = run(&[("pasted text".into(), "#lesson=nope".into())], None);
        assert!(o.is_none());
        assert!(r.error.unwrap().contains("why-nat"));
    }

    #[test]
    fn other_input_gets_a_clear_message() {
        let (o, r) = run(&[("x.json".into(), r#"{"foo": 1, "bar": 2}"#.into())], None);
        assert!(o.is_none());
        assert!(r.error.unwrap().contains("`bar`, `foo`"));
        let (_, r) = run(&[("pasted text".into(), "hello".into())], None);
        assert!(r.error.unwrap().contains("starts with `hello`"));
        let (_, r) = run(&[("pasted text".into(), "   ".into())], None);
        assert!(r.error.unwrap().starts_with("Nothing to import"));
    }

    fn one(label: &str, text: &str) -> (Option<Opened>, Report) {
        run(&[(label.to_string(), text.to_string())], None)
    }

    #[test]
    fn inputs_over_the_size_limit_are_refused_naming_the_file_its_size_and_the_limit() {
        let e = too_big("big.json", 50.0 * 1024.0 * 1024.0).unwrap();
        assert!(
            e.starts_with("`big.json` is 50.0 MB (52,428,800 bytes)"),
            "{e}"
        );
        assert!(e.contains("at most 20.0 MB"), "{e}");
        assert_eq!(megabytes(MAX_INPUT_BYTES as f64), "20.0 MB");
        assert_eq!(too_big("ok.json", MAX_INPUT_BYTES as f64), None);
        let big = format!(
            "{{\"vpcs\": [], \"name\": \"{}\"}}",
            "x".repeat(MAX_INPUT_BYTES)
        );
        let (o, r) = one("pasted text", &big);
        assert!(o.is_none());
        assert!(r.error.unwrap().starts_with("`pasted text` is 20.0 MB"));
        // Together: two files under the limit, over it together.
        let half = "x".repeat(MAX_INPUT_BYTES / 2 + 1);
        let (o, r) = run(
            &[("a.json".into(), half.clone()), ("b.json".into(), half)],
            None,
        );
        assert!(o.is_none());
        assert_eq!(
            r.error.unwrap(),
            "The 2 files are 20.0 MB (20,971,522 bytes) together: VPC Lab imports at most 20.0 MB at a time (one \
             file, the files of a folder together, or pasted text). Import fewer or smaller `describe-*` outputs \
             (one VPC's, one Region's)."
        );
        assert!(text_of("big.json", &vec![b' '; MAX_INPUT_BYTES + 1]).is_err());
    }

    #[test]
    fn encodings_binary_data_and_invalid_utf8_name_the_file_and_the_byte() {
        let topology = r#"{"vpcs": [{"id": "vpc-1", "cidr_blocks": ["10.0.0.0/16"]}]}"#;
        for bom in [true, false] {
            for big_endian in [true, false] {
                let mut bytes: Vec<u8> = if bom { vec![0xfe, 0xff] } else { Vec::new() };
                for u in topology.encode_utf16() {
                    bytes.extend(if big_endian {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    });
                }
                if bom && !big_endian {
                    bytes[..2].copy_from_slice(&[0xff, 0xfe]);
                }
                let text = text_of("utf16.json", &bytes).unwrap();
                let (o, r) = one("utf16.json", &text);
                assert!(matches!(o, Some(Opened::Diagram(_))), "{r:?}");
            }
        }
        let e = text_of("bad.json", b"{\"vpcs\": [], \"name\": \"caf\xe9\"}").unwrap_err();
        assert_eq!(
            e,
            "`bad.json` cannot be imported: it is not UTF-8 text: byte 0xE9 at offset 25 is not valid UTF-8. \
             VPC Lab reads JSON text saved as UTF-8 (or UTF-16)."
        );
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        let e = text_of("diagram.png", png).unwrap_err();
        assert!(e.starts_with("`diagram.png` cannot be imported: it is not text (binary data?): it holds a NUL byte at offset 8"), "{e}");
        // Pasted: UTF-16 read byte by byte, and binary data.
        let (o, r) = one("pasted text", "{\0\"\0v\0p\0c\0s\0\"\0:\0[\0]\0}\0");
        assert!(o.is_none());
        assert!(r.error.unwrap().contains("UTF-16"));
        let (_, r) = one("pasted text", "{\"a\": 1}\0\u{1}\u{2}");
        assert!(r.error.unwrap().contains("NUL byte at offset 8"));
    }

    #[test]
    fn deep_nesting_is_refused_naming_the_file_and_where() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let (o, r) = one("deep.json", &deep);
        assert!(o.is_none());
        let e = r.error.unwrap();
        assert!(e == "`deep.json` is not valid JSON: nested more than 128 levels deep (at most 128 levels of `[` and `{` are read) at line 1 column 128", "{e}");
        let deep = format!(
            "{{\"vpcs\": {}{}}}",
            "{\"a\":".repeat(10_000),
            "}".repeat(10_000)
        );
        let (o, r) = one("deep.json", &deep);
        assert!(o.is_none());
        let e = r.error.unwrap();
        assert!(
            e.contains("`deep.json`") && e.contains("nested more than 128 levels deep"),
            "{e}"
        );
    }

    #[test]
    fn a_topology_of_100_000_rules_imports() {
        let rules: Vec<String> = (0..100_000)
            .map(|i| {
                format!(
                    r#"{{"protocol":"tcp","from_port":{p},"to_port":{p},"cidrs":["10.{a}.{b}.0/24"]}}"#,
                    p = i % 65_536,
                    a = i / 256 % 256,
                    b = i % 256
                )
            })
            .collect();
        let text = format!(
            r#"{{"vpcs":[{{"id":"vpc-1","cidr_blocks":["10.0.0.0/16"]}}],"security_groups":[{{"id":"sg-1","vpc_id":"vpc-1","ingress":[{}],"egress":[]}}]}}"#,
            rules.join(",")
        );
        assert!(text.len() < MAX_INPUT_BYTES);
        let (o, r) = one("rules.json", &text);
        let Some(Opened::Diagram(d)) = o else {
            panic!("{r:?}")
        };
        assert_eq!(d.topology.security_groups[0].ingress.len(), 100_000);
    }

    #[test]
    fn every_kind_of_object_is_counted() {
        let mut kinds: Vec<&str> = KINDS.iter().map(|(k, _, _)| *k).collect();
        let mut all: Vec<&str> = ObjectKind::ALL.iter().map(|k| k.collection()).collect();
        kinds.sort();
        all.sort();
        assert_eq!(kinds, all);
    }

    #[test]
    fn folder_filter() {
        assert!(wanted_in_folder("a/us-east-1/Vpcs.json"));
        assert!(wanted_in_folder("Vpcs.JSON"));
        assert!(!wanted_in_folder("a/LICENSE"));
        assert!(!wanted_in_folder("a/.hidden.json"));
    }
}
