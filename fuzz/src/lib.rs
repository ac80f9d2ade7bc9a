//! The fuzz targets, shared by the libFuzzer binaries (`fuzz_targets/`) and the stable runner (`run-stable`).
//!
//! Each target takes arbitrary bytes and must never panic. Besides "no panic", each checks a property:
//!
//! * [`share_decode`]: whatever decodes, re-encoded, decodes to the same diagram;
//! * [`import`]: whatever imports validates, exports (JSON and Terraform) and shares without a panic, its
//!   topology JSON re-imports to the same topology and its share link decodes to the same topology;
//! * [`policy`]: a policy text parses (as each kind of policy) or is refused with findings, and what parses
//!   evaluates against a set of requests to a decision with an explanation;
//! * [`topology_json`]: a topology JSON that opens validates, and its export re-opens equal (JSON → model →
//!   JSON → model is the identity) and round-trips through a share link;
//! * [`terraform`]: the Terraform export of any topology that opens never panics and is HCL that parses;
//! * [`lesson_json`]: a lesson that parses is checked against its own starting diagram, and its lesson link
//!   decodes to the same lesson.
//! * [`js_api`]: the JS API's argument decoding (`web/src/api/args.rs`, compiled here as [`js_api_args`]): every
//!   refusal names its argument (`field`), what is read reads the same again from its own JSON, and a decoded
//!   topology and flow trace (and price) without a panic.
//!
//! [`mutate_json`] is the structure-aware mutator: it edits the parsed JSON tree (drop, duplicate, swap members,
//! reuse another id of the same document, interesting leaves), so inputs stay JSON and reach the model's code
//! instead of dying in the parser.

use base64::Engine as _;
use serde_json::{Map, Value};
use vpclab_core::diagram::Diagram;
use vpclab_core::lesson::{self, Lesson};
use vpclab_core::policy::{evaluate, evaluate_layers, Layer, PolicyDocument, PolicyKind, Request};
use vpclab_core::{export, import, share, validate, Topology};

/// `v1.` + base64url(raw deflate(json)): a link whose payload is `json`, to reach the DTO layer directly.
pub fn pack_v1(json: &[u8]) -> String {
    format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(miniz_oxide::deflate::compress_to_vec(json, 6))
    )
}

fn check_round_trip(diagram: &Diagram) {
    let again = share::encode(diagram);
    let (back, findings) =
        share::decode(&again).unwrap_or_else(|e| panic!("a re-encoded link does not decode: {e}"));
    assert_eq!(&back, diagram, "decode(encode(d)) != d");
    assert!(
        findings.is_empty(),
        "a re-encoded link has findings: {findings:?}"
    );
}

/// Data starting with `{` is a v1 payload (packed first); anything else is the text of a link.
pub fn share_decode(data: &[u8]) {
    let link = if data.first() == Some(&b'{') {
        pack_v1(data)
    } else {
        String::from_utf8_lossy(data).into_owned()
    };
    if let Ok((diagram, _)) = share::decode(&link) {
        check_round_trip(&diagram);
    }
}

/// Data is split at NUL bytes into documents `us-east-1/doc<N>.json`; the first byte picks a region hint.
pub fn import(data: &[u8]) {
    let hint = match data.first() {
        Some(b) if b % 3 == 0 => Some("us-east-1"),
        Some(b) if b % 3 == 1 => Some("eu-west-3"),
        _ => None,
    };
    let docs: Vec<(String, String)> = data
        .split(|b| *b == 0)
        .enumerate()
        .map(|(i, part)| {
            (
                format!("us-east-1/doc{i}.json"),
                String::from_utf8_lossy(part).into_owned(),
            )
        })
        .collect();
    let Ok((topology, _)) = import::import_documents(&docs, hint) else {
        return;
    };
    let _ = validate::validate(&topology);
    let _ = export::terraform(&topology);
    let json = export::json(&topology);
    assert_eq!(
        vpclab_core::Topology::from_json(&json).ok().as_ref(),
        Some(&topology),
        "the topology JSON does not re-open"
    );
    check_round_trip(&Diagram::of(topology));
}

const POLICY_KINDS: [PolicyKind; 4] = [
    PolicyKind::GatewayEndpoint,
    PolicyKind::InterfaceEndpoint,
    PolicyKind::Resource,
    PolicyKind::Identity,
];

fn requests() -> Vec<Request> {
    vec![
        Request::default(),
        Request::for_s3(Some("b"), None, None),
        Request::for_s3(None, Some("k"), Some("PutObject")).with_principal("*"),
        Request::for_s3(Some("b"), None, Some("ListBucket"))
            .with_principal("arn:aws:sts::111122223333:assumed-role/App/s")
            .via_endpoint("vpce-1", "vpc-1", "10.0.0.1".parse().ok())
            .with_context("aws:TagKeys", vec!["a".to_string(), "b".to_string()])
            .with_context("aws:CurrentTime", "2026-01-01"),
        Request::for_dynamodb("us-east-1", None, None, None)
            .with_principal("cloudtrail.amazonaws.com")
            .with_resource_account("444455556666"),
    ]
}

/// The text is a policy document, parsed as each kind; what parses is evaluated alone and in layers.
pub fn policy(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for kind in POLICY_KINDS {
        let Ok(doc) = PolicyDocument::parse_str(&text, "owner", kind) else {
            continue;
        };
        for req in requests() {
            let d = evaluate(&[("p", &doc)], &req);
            assert!(!d.explanation.is_empty(), "a decision without explanation");
            let layers = [
                Layer::new("p", kind, Some(&doc)),
                Layer::bucket("b", None),
                Layer::identity("me", None),
            ];
            assert!(!evaluate_layers(&layers, &req).explanation.is_empty());
        }
    }
}

/// The text is topology JSON: what opens validates, re-opens equal from its export, and round-trips a link.
pub fn topology_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(topology) = Topology::from_json(&text) else {
        return;
    };
    let _ = validate::validate(&topology);
    let json = export::json(&topology);
    assert_eq!(
        Topology::from_json(&json).ok().as_ref(),
        Some(&topology),
        "JSON → model → JSON → model is not the identity"
    );
    check_round_trip(&Diagram::of(topology));
}

/// The text is topology JSON: its Terraform export never panics and is HCL that parses.
pub fn terraform(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(topology) = Topology::from_json(&text) else {
        return;
    };
    let hcl_text = export::terraform(&topology);
    if let Err(e) = hcl::parse(&hcl_text) {
        panic!("the Terraform export is not HCL: {e}\n{hcl_text}");
    }
}

/// The text is a lesson (JSON): what parses is checked on its own diagram, and its link decodes to it.
pub fn lesson_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(l) = Lesson::parse(&text) else {
        return;
    };
    let _ = lesson::check(&l, &l.diagram);
    let link = lesson::encode_lesson(&l);
    // A selected flow past the last flow is dropped by the link's decoder, with a finding (share::codes::
    // SELECTED_FLOW): the one normalisation a round trip makes (found by this target, FUZZING.md).
    let mut expected = l.clone();
    if expected
        .diagram
        .selected_flow
        .is_some_and(|i| i >= expected.diagram.flows.len())
    {
        expected.diagram.selected_flow = None;
    }
    match lesson::decode_lesson(&link) {
        Ok(back) => assert_eq!(back, expected, "decode_lesson(encode_lesson(l)) != l"),
        Err(e) => panic!("a lesson's own link does not decode: {e}"),
    }
}

/// The JS API's argument decoding: `web/src/api/args.rs` itself (no browser dependency), so what is fuzzed is
/// what the web crate runs.
#[path = "../../web/src/api/args.rs"]
pub mod js_api_args;

/// The input is a JSON array of the API's arguments `[topology, flow, files, regionHint, options]` (missing ones
/// are `null`, as `undefined` is after `JSON.stringify`); any other text is given as every argument.
pub fn js_api(data: &[u8]) {
    use js_api_args as api;
    let text = String::from_utf8_lossy(data);
    let args: Vec<String> = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => items.iter().map(Value::to_string).collect(),
        _ => vec![text.into_owned(); 5],
    };
    let arg = |i: usize| args.get(i).map_or("null", String::as_str);
    // A refusal is a message naming the argument it is about.
    let named = |e: &api::ApiError, root: &str| {
        assert!(
            !e.message.trim().is_empty(),
            "an error without a message: {e:?}"
        );
        let field = e.field.as_deref().unwrap_or_default();
        assert!(
            field.starts_with(root),
            "an error about `{root}` names `{field}`: {e:?}"
        );
    };

    let diagram = match api::diagram_arg(arg(0), "topology") {
        Ok((diagram, findings)) => {
            assert!(findings.iter().all(|f| !f.message.is_empty()));
            // The diagram, handed back as its own JSON, reads the same.
            let again =
                vpclab_core::json::to_string(&diagram).expect("a diagram always serialises");
            match api::diagram_arg(&again, "topology") {
                Ok((back, _)) => assert_eq!(
                    back, diagram,
                    "the API reads its own diagram JSON differently"
                ),
                Err(e) => panic!("the API refuses its own diagram JSON: {e:?}\n{again}"),
            }
            Some(diagram)
        }
        Err(e) => {
            named(&e, "topology");
            None
        }
    };
    let flow = match api::flow_arg(arg(1)) {
        Ok(flow) => {
            if let Some(gb) = flow.gb_per_month {
                assert!(
                    gb.is_finite() && gb >= 0.0,
                    "a flow of {gb} GB a month was accepted"
                );
            }
            let again = vpclab_core::json::to_string(&flow).expect("a flow always serialises");
            match api::flow_arg(&again) {
                Ok(back) => assert_eq!(back, flow, "the API reads its own flow JSON differently"),
                Err(e) => panic!("the API refuses its own flow JSON: {e:?}\n{again}"),
            }
            Some(flow)
        }
        Err(e) => {
            named(&e, "flow");
            None
        }
    };
    // What `trace(topology, flow)` does with them (`Opened::trace`).
    if let (Some(diagram), Some(flow)) = (diagram, flow) {
        let owned = vpclab_core::OwnedSession::open(diagram.topology);
        let session = owned.session();
        match session.trace(&flow) {
            Ok(trace) => {
                if let Some(gb) = flow.gb_per_month {
                    let _ = session.flow_cost(&flow, &trace, gb);
                    let _ = session.alternatives(&flow, &trace, gb);
                    // Differential: the fast (local) evaluation of the cheaper designs equals making each one on
                    // a copy of the whole topology and tracing it again (issue 12's reference).
                    let fast = session.evaluate_alternatives(&flow, &trace, gb);
                    let whole = session.evaluate_alternatives_whole(&flow, &trace, gb);
                    assert_eq!(fast, whole, "fast alternatives differ from a full re-trace");
                }
            }
            Err(vpclab_core::FlowError::Invalid { message, .. }) => assert!(!message.is_empty()),
        }
    }
    let files = api::parse(arg(2), "files").and_then(|v| api::files_arg(&v));
    let hint =
        api::parse(arg(3), "regionHint").and_then(|v| api::optional_string(&v, "regionHint"));
    match (files, hint) {
        (Ok(docs), Ok(hint)) => {
            if let Err(e) = import::import_documents(&docs, hint.as_deref()) {
                named(&api::import_error(e, &docs), "files");
            }
        }
        (Err(e), _) => named(&e, "files"),
        (_, Err(e)) => named(&e, "regionHint"),
    }
    if let Err(e) = api::audit_options(arg(4)) {
        named(&e, "options");
    }
}

/// Structure-aware mutation of a JSON input: 1–3 edits of its parsed tree. Input that is not JSON is returned
/// as is (the byte mutator handles it).
pub fn mutate_json(rng: &mut Rng, input: &[u8]) -> Option<Vec<u8>> {
    let mut value: Value = serde_json::from_slice(input).ok()?;
    let mut strings = Vec::new();
    collect_strings(&value, &mut strings);
    for _ in 0..1 + rng.below(3) {
        edit(rng, &mut value, &strings, 0);
    }
    serde_json::to_vec(&value).ok()
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if out.len() < 512 => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

fn interesting(rng: &mut Rng, strings: &[String]) -> Value {
    const LEAVES: &[&str] = &[
        "null",
        "true",
        "false",
        "0",
        "-1",
        "65535",
        "65536",
        "4294967296",
        "1e400",
        "\"\"",
        "\"0.0.0.0/0\"",
        "\"::/0\"",
        "\"10.0.0.0/8\"",
        "\"10.0.0.1\"",
        "\"*\"",
        "\"-1\"",
        "[]",
        "{}",
        "\"\\u0000\"",
        "\"\u{1F600}\"",
    ];
    if !strings.is_empty() && rng.chance(2) {
        return Value::String(strings[rng.below(strings.len())].clone());
    }
    serde_json::from_str(LEAVES[rng.below(LEAVES.len())]).unwrap_or(Value::Null)
}

fn edit(rng: &mut Rng, v: &mut Value, strings: &[String], depth: usize) {
    let here = depth > 12 || rng.chance(3);
    match v {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let key = keys[rng.below(keys.len())].clone();
            if !here {
                if let Some(child) = m.get_mut(&key) {
                    return edit(rng, child, strings, depth + 1);
                }
            }
            match rng.below(4) {
                0 => {
                    m.remove(&key);
                }
                1 => {
                    // The value of one member under another member's name.
                    let other = keys[rng.below(keys.len())].clone();
                    if let Some(x) = m.get(&other).cloned() {
                        m.insert(key, x);
                    }
                }
                2 => {
                    m.insert(key, interesting(rng, strings));
                }
                _ => {
                    let mut fresh = Map::new();
                    fresh.insert(key, interesting(rng, strings));
                    m.extend(fresh);
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = rng.below(a.len());
            if !here {
                return edit(rng, &mut a[i], strings, depth + 1);
            }
            match rng.below(4) {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let x = a[i].clone();
                    a.insert(rng.below(a.len() + 1), x);
                }
                2 => {
                    let j = rng.below(a.len());
                    a.swap(i, j);
                }
                _ => a[i] = interesting(rng, strings),
            }
        }
        other => *other = interesting(rng, strings),
    }
}

/// A small xorshift generator: the stable runner needs no `rand`.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Byte-level and token-level mutations of `input` (libFuzzer's classic ones, without coverage feedback).
pub fn mutate(rng: &mut Rng, input: &[u8], dictionary: &[&[u8]], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = rng.next_u64() as u8;
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(16));
                out.drain(i..i + n);
            }
            3 => {
                let i = rng.below(len + 1);
                let token = dictionary[rng.below(dictionary.len())];
                out.splice(i..i, token.iter().copied());
            }
            4 if len > 0 => {
                out.truncate(rng.below(len));
            }
            5 if len > 1 => {
                // Duplicate a slice (nesting, repeated members).
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                let slice: Vec<u8> = out[i..i + n].to_vec();
                let at = rng.below(len + 1);
                out.splice(at..at, slice);
            }
            6 if !other.is_empty() => {
                // Splice in a piece of another input.
                let i = rng.below(other.len());
                let n = 1 + rng.below((other.len() - i).min(128));
                let at = rng.below(len + 1);
                out.splice(at..at, other[i..i + n].iter().copied());
            }
            7 if len > 0 => {
                // Replace a digit run with an interesting number.
                let i = rng.below(len);
                if out[i].is_ascii_digit() {
                    let numbers: [&[u8]; 8] = [
                        b"0",
                        b"-1",
                        b"4294967295",
                        b"4294967296",
                        b"18446744073709551616",
                        b"1e400",
                        b"-0",
                        b"65536",
                    ];
                    let mut j = i;
                    while j < out.len() && out[j].is_ascii_digit() {
                        j += 1;
                    }
                    out.splice(i..j, numbers[rng.below(numbers.len())].iter().copied());
                }
            }
            8 => {
                let n = rng.below(32);
                let at = rng.below(len + 1);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                out.splice(at..at, bytes);
            }
            _ if len > 1 => {
                let (i, j) = (rng.below(len), rng.below(len));
                out.swap(i, j);
            }
            _ => {}
        }
    }
    out
}

/// Tokens that steer mutations into the formats' structure.
pub const SHARE_DICTIONARY: &[&[u8]] = &[
    b"v1.",
    b"#",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"null",
    b"true",
    b"-1",
    b"0",
    b"\"t\":{",
    b"\"v\":[",
    b"\"s\":[",
    b"\"rt\":[",
    b"\"r\":[",
    b"\"d\":",
    b"{\"pl\":",
    b"\"xy\":[1,2]",
    b"\"l\":{",
    b"\"f\":[",
    b"\"s\":",
    b"\"id\":\"",
    b"\"c\":[\"10.0.0.0/8\"]",
    b"\"vpce\":[",
    b"\"po\":",
    b"\"st\":\"~",
    b"\"k\":\"i\"",
    b"\"sg\":[0]",
    b"\"gb\":",
    b"\"n\":",
    b"\"pr\":[1,2]",
    b"::/0",
    b"0.0.0.0/0",
    b"\\u0000",
    b"\\ud800",
];

pub const IMPORT_DICTIONARY: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"null",
    b"true",
    b"false",
    b"\x00",
    b"\"Vpcs\":[",
    b"\"Subnets\":[",
    b"\"RouteTables\":[",
    b"\"Routes\":[",
    b"\"VpcEndpoints\":[",
    b"\"SecurityGroups\":[",
    b"\"IpPermissions\":[",
    b"\"NetworkAcls\":[",
    b"\"Entries\":[",
    b"\"Reservations\":[",
    b"\"Instances\":[",
    b"\"NetworkInterfaces\":[",
    b"\"TransitGateways\":[",
    b"\"TransitGatewayAttachments\":[",
    b"\"VpnConnections\":[",
    b"\"PrefixLists\":[",
    b"\"VpcId\":\"vpc-1\"",
    b"\"SubnetId\":\"subnet-1\"",
    b"\"CidrBlock\":\"10.0.0.0/16\"",
    b"\"DestinationCidrBlock\":\"0.0.0.0/0\"",
    b"\"GatewayId\":\"igw-1\"",
    b"\"PolicyDocument\":\"{\\\"Statement\\\":[]}\"",
    b"\"State\":\"available\"",
    b"\"FromPort\":-1",
    b"\"IpProtocol\":\"-1\"",
    b"\"RuleNumber\":32767",
    b"\"RuleNumber\":32768",
    b"\"SecurityGroupRules\":[",
    b"\"IsEgress\":true",
    b"\"DhcpOptions\":[",
    b"\"DhcpConfigurations\":[",
    b"\"TargetGroups\":[",
    b"\"TargetHealthDescriptions\":[",
    b"\"Associations\":[",
    b"\"FlowLogs\":[",
];
