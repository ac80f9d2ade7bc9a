//! The engine's JavaScript API ("Embedding", issue 7): what a course page or another tool calls to get VPC Lab's
//! answers without its UI.
//!
//! | JavaScript | Rust (pure, tested natively) | core |
//! |---|---|---|
//! | `trace(topology, flow)` | [`trace`] | [`vpclab_core::Session`]: `trace`, `flow_cost`, `alternatives` |
//! | `check(topology)` | [`check`] | [`vpclab_core::validate::validate`], `path::limits::topology_advisories` |
//! | `open(topology)` → `{trace, cost, check, audit, free}` | [`Opened`] | one [`vpclab_core::Session`] for every question |
//! | `audit(topology, options?)` | [`audit`] | [`vpclab_core::Session::audit`] |
//! | `diff(before, after, options?)` | [`diff`] | [`vpclab_core::audit::diff`] |
//! | `encodeLink(diagram, baseUrl?)` | [`encode_link`] | [`vpclab_core::share::encode`] |
//! | `decodeLink(text)` | [`decode_link`] | [`vpclab_core::share::decode`] |
//! | `importAws(files, regionHint?)` | [`import_aws`] | [`vpclab_core::import::import_documents`] |
//! | `examples()` | [`examples`] | [`vpclab_core::gallery::examples`] |
//! | `version()` | — | the crate version (a plain string) |
//!
//! Every function takes plain JS values (JSON data) and returns a plain JS object: objects, arrays, strings,
//! numbers, booleans and `null`, never a `Map` or a class instance. An answer is `{type: "success", …}` or `{type: "failure", errors: [{code, message, field?}]}`, the cedar-wasm
//! pattern (`conventions.md` §1.1): bad input is an answer, never a JS exception. The data inside uses the same
//! member names as the project's topology JSON and the `vpclab … --format json` output (`snake_case`).
//!
//! **Transport.** The `#[wasm_bindgen]` shims hand each argument over as its `JSON.stringify` text and each
//! answer back through `JSON.parse`, and the calls ([`trace`], …) take JSON texts and return serde values. That is
//! cedar's `…_json_str` form, so `cargo test` covers everything but the two JS built-ins (`web/tests/api.rs`
//! covers those in Chromium). Measured against `serde-wasm-bindgen` (which the brief suggested): it reuses the
//! `serde_json` code the app already has for the model (`storage`, `gallery`) instead of a second copy of every
//! model type's (de)serializer, and `JSON.parse`/`stringify` are native, so it is smaller and no slower.
//!
//! The loader for other pages is `web/embed/vpclab.js`; `web/embed/index.html` documents the API.

use serde::Serialize;
use serde_json::Value;
use vpclab_core::cost::{self, Alternative, FlowCost};
use vpclab_core::diagram::Diagram;
use vpclab_core::gallery;
use vpclab_core::import;
use vpclab_core::share;
use vpclab_core::{Advisory, Diagnostic, FlowError, Severity, Topology, Trace};

mod args;

use args::*;
pub use args::{codes, ApiError};

// ---------------------------------------------------------------------------------------------------------------
// The JavaScript shims (`api/js.rs`), exported by the app's binary only.

#[cfg(feature = "js-api")]
mod js;
#[cfg(feature = "js-api")]
pub use js::*;

/// The VPC Lab version the API reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

// ---------------------------------------------------------------------------------------------------------------
// Answers.

/// What every API function returns: `{type: "success", …payload}` or `{type: "failure", errors: […]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Answer<T> {
    /// The payload's members sit next to `type`.
    Success(T),
    Failure {
        errors: Vec<ApiError>,
    },
}

impl<T> Answer<T> {
    fn failure(error: ApiError) -> Answer<T> {
        Answer::Failure {
            errors: vec![error],
        }
    }
}

impl<T> From<Result<T, ApiError>> for Answer<T> {
    fn from(result: Result<T, ApiError>) -> Answer<T> {
        match result {
            Ok(payload) => Answer::Success(payload),
            Err(e) => Answer::failure(e),
        }
    }
}

/// `trace`'s payload: the `vpclab trace --format json` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceAnswer {
    #[serde(flatten)]
    pub trace: Trace,
    /// `null` unless the flow has `gb_per_month`.
    pub cost: Option<CostAnswer>,
}

/// The monthly cost of a traced flow and the cheaper designs the engine found (re-traced).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostAnswer {
    #[serde(flatten)]
    pub cost: FlowCost,
    pub alternatives: Vec<Alternative>,
}

/// `check`'s payload: the `vpclab check --format json` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckAnswer {
    /// No error-severity diagnostic.
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub diagnostics: Vec<SourcedDiagnostic>,
    pub advisories: Vec<Advisory>,
}

/// A diagnostic and what found it: `validate`, or `input` (unknown top-level keys, findings of a share link given
/// as the topology).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourcedDiagnostic {
    pub source: &'static str,
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// `encodeLink`'s payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkAnswer {
    /// `v1.…`: what goes after `#`.
    pub fragment: String,
    /// `baseUrl` (without its fragment) + `#` + fragment; only when `baseUrl` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Longer than chat tools and mail clients reliably keep (`share::is_long` of the link, else the fragment).
    pub long: bool,
}

/// `decodeLink`'s payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagramAnswer {
    pub diagram: Diagram,
    /// Findings about the link itself (e.g. a selected flow that does not exist).
    pub findings: Vec<Diagnostic>,
}

/// `importAws`'s payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportAnswer {
    pub topology: Topology,
    /// What was ignored and why (unknown keys, inactive resources, …).
    pub diagnostics: Vec<Diagnostic>,
}

/// `examples`'s payload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExamplesAnswer {
    pub examples: Vec<ExampleAnswer>,
}

/// One gallery example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExampleAnswer {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub diagram: Diagram,
}

// ---------------------------------------------------------------------------------------------------------------
// The calls: JSON values in, answers out.

/// A topology read and compiled once ([`vpclab_core::OwnedSession`]), with what reading it found: the state
/// behind `open(topology)`, and what the one-shot calls use too.
pub struct Opened {
    session: vpclab_core::OwnedSession,
    findings: Vec<Diagnostic>,
}

impl Opened {
    /// Read and compile a topology (see [`diagram_arg`] for what a topology may be).
    pub fn open(topology: &str) -> Result<Opened, ApiError> {
        let (diagram, findings) = diagram_arg(topology, "topology")?;
        Ok(Opened {
            session: vpclab_core::OwnedSession::open(diagram.topology),
            findings,
        })
    }

    /// Traces `flow` (see [`trace`]).
    pub fn trace(&self, flow: &str) -> Answer<TraceAnswer> {
        (|| {
            let session = self.session.session();
            let flow = flow_arg(flow)?;
            let trace = session.trace(&flow).map_err(|e| {
                let FlowError::Invalid { field, message } = e;
                ApiError::new(codes::FLOW, message).at(format!("flow.{field}"))
            })?;
            let cost = flow.gb_per_month.map(|gb| CostAnswer {
                cost: session.flow_cost(&flow, &trace, gb),
                alternatives: session.alternatives(&flow, &trace, gb),
            });
            Ok(TraceAnswer { trace, cost })
        })()
        .into()
    }

    /// Traces and prices many flows (a JSON array of flows, or `{flows: [...]}`), each at its own
    /// `gb_per_month`, else `default_gb` (else 0).
    pub fn cost(&self, flows: &str, default_gb: Option<f64>) -> Answer<cost::CostReport> {
        (|| {
            let flows =
                cost::parse_flows(flows).map_err(|m| ApiError::new(codes::FLOW, m).at("flows"))?;
            let gb = default_gb
                .filter(|g| g.is_finite() && *g >= 0.0)
                .unwrap_or(0.0);
            Ok(self.session.session().cost_report(&flows, gb))
        })()
        .into()
    }

    /// The whole-network audit (see [`audit`]).
    pub fn audit(&self, options: &str) -> Answer<vpclab_core::audit::Audit> {
        audit_options(options)
            .map(|o| self.session.session().audit(&o))
            .into()
    }

    /// Validation and advisories (see [`check`]).
    pub fn check(&self) -> Answer<CheckAnswer> {
        let session = self.session.session();
        let diagnostics: Vec<SourcedDiagnostic> = self
            .findings
            .iter()
            .cloned()
            .map(|d| ("input", d))
            .chain(
                session
                    .diagnostics()
                    .iter()
                    .cloned()
                    .map(|d| ("validate", d)),
            )
            .map(|(source, diagnostic)| SourcedDiagnostic { source, diagnostic })
            .collect();
        let count = |s: Severity| {
            diagnostics
                .iter()
                .filter(|d| d.diagnostic.severity == s)
                .count()
        };
        Answer::from(Ok::<_, ApiError>(CheckAnswer {
            valid: count(Severity::Error) == 0,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            advisories: session.topology_advisories(),
            diagnostics,
        }))
    }
}

/// Every service path, internet exposure and VPC segment of a topology at once (the `vpclab audit --format json`
/// object).
pub fn audit(topology: &str, options: &str) -> Answer<vpclab_core::audit::Audit> {
    match Opened::open(topology) {
        Ok(o) => o.audit(options),
        Err(e) => Answer::failure(e),
    }
}

/// The audits of two topologies compared, entry by entry (the `vpclab diff --format json` object).
pub fn diff(before: &str, after: &str, options: &str) -> Answer<vpclab_core::audit::Diff> {
    (|| {
        let opts = audit_options(options)?;
        let rename = |e: ApiError, field: &str| ApiError {
            field: e.field.map(|f| f.replacen("topology", field, 1)),
            ..e
        };
        let b = Opened::open(before).map_err(|e| rename(e, "before"))?;
        let a = Opened::open(after).map_err(|e| rename(e, "after"))?;
        Ok(vpclab_core::audit::diff(
            &b.session.session().audit(&opts),
            &a.session.session().audit(&opts),
        ))
    })()
    .into()
}

/// Traces `flow` through `topology` (see [`diagram_arg`] for what a topology may be).
///
/// `flow` is `{from, to, protocol?, port?, region?, gb_per_month?, action?, resource?, principal?, label?}`
/// (`FlowSpec`; `protocol` may be a name or a number). With `gb_per_month` the answer's `cost` holds the monthly
/// cost and the cheaper alternatives, as `vpclab trace --gb-per-month` prints them.
pub fn trace(topology: &str, flow: &str) -> Answer<TraceAnswer> {
    match Opened::open(topology) {
        Ok(o) => o.trace(flow),
        Err(e) => Answer::failure(e),
    }
}

/// Validates a topology and lists the advisories that apply to it (gateway-endpoint limits, …).
pub fn check(topology: &str) -> Answer<CheckAnswer> {
    match Opened::open(topology) {
        Ok(o) => o.check(),
        Err(e) => Answer::failure(e),
    }
}

/// The share link of a diagram (or of a bare topology), with `baseUrl` (a string, optional) in front.
pub fn encode_link(diagram: &str, base_url: &str) -> Answer<LinkAnswer> {
    (|| {
        let (diagram, _) = diagram_arg(diagram, "diagram")?;
        let base_url = optional_string(&parse(base_url, "baseUrl")?, "baseUrl")?;
        let fragment = share::encode(&diagram);
        let link = base_url.map(|base| share::link(&base, &diagram));
        Ok(LinkAnswer {
            long: share::is_long(link.as_deref().unwrap_or(&fragment)),
            link,
            fragment,
        })
    })()
    .into()
}

/// Decodes a share link: a full URL, `#v1.…` or `v1.…`.
pub fn decode_link(text: &str) -> Answer<DiagramAnswer> {
    (|| {
        let Value::String(text) = parse(text, "text")? else {
            return Err(wrong_type(
                "text",
                "a share link (a string)",
                &parse(text, "text")?,
            ));
        };
        let (diagram, findings) = share::decode(&text).map_err(share_error)?;
        Ok(DiagramAnswer { diagram, findings })
    })()
    .into()
}

/// Imports `aws ec2 describe-*` outputs: `files` is `[{name, text}, …]` (a `name` with a Region folder, such as
/// `us-east-1/subnets.json`, sets the Region) or one string (a pasted output, or several merged into one object).
/// `regionHint` (a string, optional) is used when the snapshot names no Region.
pub fn import_aws(files: &str, region_hint: &str) -> Answer<ImportAnswer> {
    (|| {
        let docs = files_arg(&parse(files, "files")?)?;
        let hint = optional_string(&parse(region_hint, "regionHint")?, "regionHint")?;
        let (topology, diagnostics) =
            import::import_documents(&docs, hint.as_deref()).map_err(|e| import_error(e, &docs))?;
        Ok(ImportAnswer {
            topology,
            diagnostics,
        })
    })()
    .into()
}

/// The built-in gallery: `{id, title, summary, diagram}` per example, in story order.
pub fn examples() -> Answer<ExamplesAnswer> {
    let examples = gallery::examples()
        .into_iter()
        .map(|e| ExampleAnswer {
            id: e.id,
            title: e.title,
            summary: e.summary,
            diagram: e.diagram,
        })
        .collect();
    Answer::Success(ExamplesAnswer { examples })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An answer as the JSON JavaScript sees (the shims `JSON.parse` exactly this).
    fn js<T: Serialize>(answer: &Answer<T>) -> Value {
        serde_json::to_value(answer).unwrap()
    }

    // The calls with JS-like values in: what the shims pass is `JSON.stringify` of the arguments.
    fn trace(topology: &Value, flow: &Value) -> Answer<TraceAnswer> {
        super::trace(&topology.to_string(), &flow.to_string())
    }
    fn check(topology: &Value) -> Answer<CheckAnswer> {
        super::check(&topology.to_string())
    }
    fn encode_link(diagram: &Value, base_url: &Value) -> Answer<LinkAnswer> {
        super::encode_link(&diagram.to_string(), &base_url.to_string())
    }
    fn decode_link(text: &Value) -> Answer<DiagramAnswer> {
        super::decode_link(&text.to_string())
    }
    fn import_aws(files: &Value, region_hint: &Value) -> Answer<ImportAnswer> {
        super::import_aws(&files.to_string(), &region_hint.to_string())
    }

    fn example(id: &str) -> Value {
        let all = js(&examples());
        all["examples"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("no example `{id}`"))
            .clone()
    }

    /// The single error of a failure.
    #[track_caller]
    fn failure(answer: Value) -> Value {
        assert_eq!(answer["type"], "failure", "{answer:#}");
        let errors = answer["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{answer:#}");
        errors[0].clone()
    }

    fn tiny() -> Value {
        json!({
            "vpcs": [{"id": "vpc-1", "region": "us-east-1", "cidr_blocks": ["10.0.0.0/16"]}],
            "subnets": [{"id": "subnet-1", "vpc_id": "vpc-1", "az": "us-east-1a", "cidr_block": "10.0.1.0/24"}],
            "route_tables": [{"id": "rtb-1", "vpc_id": "vpc-1", "main": true, "routes": []}],
            "instances": [
                {"id": "i-a", "subnet_id": "subnet-1", "private_ip": "10.0.1.10"},
                {"id": "i-b", "subnet_id": "subnet-1", "private_ip": "10.0.1.11"}
            ]
        })
    }

    #[test]
    fn trace_answers_like_the_cli() {
        let ex = example("s3-gateway-endpoint");
        let diagram = &ex["diagram"];
        let flow = &diagram["flows"][0];
        let a = js(&trace(&diagram["topology"], flow));
        assert_eq!(a["type"], "success", "{a:#}");
        assert_eq!(a["reachable"], true);
        assert_eq!(a["network"], "private");
        assert!(a["hops"].as_array().unwrap().len() > 2);
        assert!(a["explanations"].as_array().unwrap().is_empty());
        // The gallery flow carries 1000 GB a month: a gateway endpoint costs nothing for it.
        assert_eq!(a["cost"]["usd_per_month"], 0.0, "{:#}", a["cost"]);
        assert!(a["cost"]["alternatives"].is_array());

        // The same answer from the diagram, from its share link and from its JSON text.
        let link = js(&encode_link(diagram, &Value::Null))["fragment"].clone();
        let text = Value::String(diagram.to_string());
        for topology in [diagram, &link, &text] {
            assert_eq!(js(&trace(topology, flow)), a, "{topology}");
        }
    }

    #[test]
    fn trace_without_volume_has_no_cost_and_reports_blocked_flows() {
        // 10.0.9.9 is in the VPC but in no subnet.
        let a = js(&trace(
            &tiny(),
            &json!({"from": "i-a", "to": "10.0.9.9", "port": 22}),
        ));
        assert_eq!(a["type"], "success", "{a:#}");
        assert_eq!(a["cost"], Value::Null);
        assert_eq!(a["reachable"], false, "{a:#}");
        assert_eq!(a["network"], Value::Null);
        assert!(!a["explanations"].as_array().unwrap().is_empty(), "{a:#}");
    }

    #[test]
    fn an_opened_topology_answers_as_the_one_shot_calls() {
        let nat = vpclab_core::gallery::example("s3-through-nat")
            .unwrap()
            .diagram;
        let text = vpclab_core::json::to_string(&nat).unwrap();
        let opened = Opened::open(&text).unwrap_or_else(|e| panic!("{e:?}"));
        for f in &nat.flows {
            let mut flow = vpclab_core::json::to_value(&f.spec).unwrap();
            flow["gb_per_month"] = json!(250.0);
            let flow = flow.to_string();
            assert_eq!(js(&opened.trace(&flow)), js(&super::trace(&text, &flow)));
        }
        assert_eq!(js(&opened.check()), js(&super::check(&text)));
        let flows: Vec<_> = nat.flows.iter().map(|f| f.spec.clone()).collect();
        let report = js(&opened.cost(&vpclab_core::json::to_string(&flows).unwrap(), Some(250.0)));
        assert_eq!(report["type"], "success", "{report:#}");
        let expected = vpclab_core::cost::report(&nat.topology, &flows, 250.0);
        assert_eq!(
            report["total_usd_per_month"].as_f64(),
            Some(expected.total_usd_per_month)
        );
        let bad = js(&opened.cost("[{\"from\": \"i-a\"}]", None));
        assert_eq!(bad["type"], "failure", "{bad:#}");
        assert!(Opened::open("{\"vpcs\": 3}").is_err());
    }

    #[test]
    fn audit_and_diff_answer_as_the_cli_does() {
        let nat = vpclab_core::gallery::example("s3-through-nat")
            .unwrap()
            .diagram;
        let gw = vpclab_core::gallery::example("s3-gateway-endpoint")
            .unwrap()
            .diagram;
        let (nat, gw) = (
            vpclab_core::json::to_string(&nat.topology).unwrap(),
            vpclab_core::json::to_string(&gw.topology).unwrap(),
        );
        let a = js(&super::audit(&nat, "null"));
        assert_eq!(a["type"], "success", "{a:#}");
        // At the default 100 GB, the S3 path through the NAT gateway pays $0.045/GB processing (NAT-08).
        let s3 = a["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["service"] == "s3.us-east-1" && e["network"] == "public")
            .expect("a public S3 path");
        assert_eq!(s3["usd_per_month"].as_f64(), Some(4.5));
        let opened = Opened::open(&nat).unwrap();
        assert_eq!(js(&opened.audit("{\"gb_per_month\": 100}")), a);
        let d = js(&super::diff(&nat, &gw, "null"));
        assert_eq!(d["type"], "success", "{d:#}");
        assert_eq!(d["summary"]["better"], 1, "{d:#}");
        assert_eq!(d["summary"]["worse"], 0, "{d:#}");
        assert_eq!(d["summary"]["usd_per_month_delta"].as_f64(), Some(-4.5));
        let bad = js(&super::diff(&nat, "{\"vpcs\": 3}", "null"));
        assert_eq!(bad["type"], "failure", "{bad:#}");
        assert!(bad["errors"][0]["field"]
            .as_str()
            .is_some_and(|f| f.starts_with("after")));
        assert_eq!(
            js(&super::audit(&nat, "{\"gb_per_month\": \"x\"}"))["type"],
            "failure"
        );
    }

    #[test]
    fn protocols_may_be_numbers() {
        let by_name = js(&trace(
            &tiny(),
            &json!({"from": "i-a", "to": "i-b", "protocol": "udp", "port": 53}),
        ));
        let by_number = js(&trace(
            &tiny(),
            &json!({"from": "i-a", "to": "i-b", "protocol": 17, "port": 53}),
        ));
        assert_eq!(by_name["type"], "success");
        assert_eq!(by_name, by_number);
    }

    /// (topology, flow, code, field, words of the message)
    type Bad = (Value, Value, &'static str, &'static str, &'static str);

    #[test]
    fn bad_trace_calls_are_failures_naming_the_field() {
        let ok_flow = json!({"from": "i-a", "to": "i-b"});
        let table: Vec<Bad> = vec![
            (
                Value::Null,
                ok_flow.clone(),
                codes::BAD_ARGUMENT,
                "topology",
                "got nothing",
            ),
            (
                json!(42),
                ok_flow.clone(),
                codes::BAD_ARGUMENT,
                "topology",
                "got a number",
            ),
            (
                json!([]),
                ok_flow.clone(),
                codes::BAD_ARGUMENT,
                "topology",
                "got an array",
            ),
            (
                json!("hello"),
                ok_flow.clone(),
                codes::BAD_ARGUMENT,
                "topology",
                "neither a share link",
            ),
            (
                json!("v9.abc"),
                ok_flow.clone(),
                codes::SHARE,
                "topology",
                "unknown share-link version `v9`",
            ),
            (
                json!({"VPCs": []}),
                ok_flow.clone(),
                codes::NOT_A_TOPOLOGY,
                "topology",
                "`VPCs`",
            ),
            (
                json!({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}),
                ok_flow.clone(),
                codes::NOT_A_TOPOLOGY,
                "topology",
                "importAws",
            ),
            (
                json!({"vpcs": 3}),
                ok_flow.clone(),
                codes::BAD_ARGUMENT,
                "topology",
                "not a valid VPC Lab topology: invalid type: integer `3`, expected a sequence",
            ),
            (
                json!({"subnets": [{"id": "subnet-1", "cidr_block": "10.0.1.0/33"}]}),
                ok_flow.clone(),
                codes::BAD_ARGUMENT,
                "topology",
                "not a valid VPC Lab topology",
            ),
            (
                json!({"topology": {"vpcs": {}}}),
                ok_flow.clone(),
                codes::BAD_ARGUMENT,
                "topology",
                "not a valid VPC Lab diagram",
            ),
            (
                tiny(),
                Value::Null,
                codes::BAD_ARGUMENT,
                "flow",
                "must be a flow object",
            ),
            (
                tiny(),
                json!({"from": "i-a"}),
                codes::BAD_ARGUMENT,
                "flow.to",
                "required",
            ),
            (
                tiny(),
                json!({"from": "i-a", "to": "i-b", "gbPerMonth": 5}),
                codes::BAD_ARGUMENT,
                "flow.gbPerMonth",
                "unknown member `gbPerMonth`",
            ),
            (
                tiny(),
                json!({"from": "i-a", "to": "i-b", "port": "443"}),
                codes::BAD_ARGUMENT,
                "flow",
                "expected u16",
            ),
            (
                tiny(),
                json!({"from": "i-a", "to": "i-b", "port": 70000}),
                codes::BAD_ARGUMENT,
                "flow",
                "expected u16",
            ),
            (
                tiny(),
                json!({"from": "i-a", "to": "i-b", "gb_per_month": -1}),
                codes::BAD_ARGUMENT,
                "flow.gb_per_month",
                "0 or more",
            ),
            (
                tiny(),
                json!({"from": "i-a", "to": "i-b", "protocol": "tcpp"}),
                codes::FLOW,
                "flow.protocol",
                "`tcpp` is not a protocol",
            ),
            (
                tiny(),
                json!({"from": "i-nope", "to": "i-b"}),
                codes::FLOW,
                "flow.from",
                "i-nope",
            ),
        ];
        for (topology, flow, code, field, words) in table {
            let e = failure(js(&trace(&topology, &flow)));
            let message = e["message"].as_str().unwrap();
            assert_eq!(e["code"], code, "{topology} {flow}: {message}");
            assert_eq!(e["field"], field, "{topology} {flow}: {message}");
            assert!(
                message.contains(words),
                "{topology} {flow}: `{message}` lacks `{words}`"
            );
        }
    }

    #[test]
    fn json_text_errors_point_into_the_users_text_only() {
        // An object: `JSON.stringify`'s line and column would mean nothing.
        let e = failure(js(&trace(
            &json!({"vpcs": [{"id": 1}]}),
            &json!({"from": "a", "to": "b"}),
        )));
        assert_eq!(e["message"], "`topology` is not a valid VPC Lab topology: invalid type: integer `1`, expected a string");
        // The user's own JSON text, over two lines: they do.
        let e = failure(js(&trace(
            &json!("{\n\"vpcs\": [{\"id\": 1}]}"),
            &json!({"from": "a", "to": "b"}),
        )));
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .ends_with("at line 2 column 17"),
            "{e}"
        );
        // A native caller that passes something other than JSON.
        let e = failure(js(&super::check("{nope")));
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some(codes::BAD_ARGUMENT), Some("topology"))
        );
    }

    #[test]
    fn members_come_from_the_models_deserialize() {
        let flow = members::<vpclab_core::FlowSpec>();
        assert_eq!(flow.first(), Some(&"from"));
        assert!(
            flow.contains(&"gb_per_month") && flow.contains(&"principal"),
            "{flow:?}"
        );
        let topology = members::<Topology>();
        assert!(
            topology.contains(&"vpcs") && topology.contains(&"service_resources"),
            "{topology:?}"
        );
    }

    #[test]
    fn unknown_topology_keys_are_warnings_but_no_known_key_is_a_failure() {
        let mut t = tiny();
        t["VPCs"] = json!([]);
        let a = js(&check(&t));
        assert_eq!(a["valid"], true, "{a:#}");
        assert_eq!(a["warnings"], 1, "{a:#}");
        assert_eq!(a["diagnostics"][0]["source"], "input");
        assert_eq!(
            a["diagnostics"][0]["code"],
            vpclab_core::import::classify::TOPOLOGY_UNKNOWN_KEY
        );
        assert_eq!(a["diagnostics"][0]["field"], "VPCs");
        // An empty topology is a topology; `{vpcs: []}` too.
        for empty in [json!({}), json!({"vpcs": []}), json!({"topology": {}})] {
            assert_eq!(js(&check(&empty))["type"], "success", "{empty}");
        }
        let e = failure(js(&check(&json!({"topology": {"Subnets": []}}))));
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some(codes::NOT_A_TOPOLOGY), Some("topology.topology"))
        );
    }

    #[test]
    fn check_reports_validation_and_advisories_like_the_cli() {
        let a = js(&check(&tiny()));
        assert_eq!(a["type"], "success", "{a:#}");
        assert_eq!(a["valid"], true, "{a:#}");
        assert_eq!(a["errors"], 0);

        let broken = json!({"vpcs": [{"id": "vpc-a", "cidr_blocks": ["10.0.0.0/16"]}],
            "subnets": [{"id": "subnet-a", "vpc_id": "vpc-a", "cidr_block": "10.1.0.0/24"}]});
        let a = js(&check(&broken));
        assert_eq!(a["valid"], false, "{a:#}");
        assert!(a["errors"].as_u64().unwrap() >= 1);
        let d = a["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "SUBNET_OUTSIDE_VPC")
            .expect("SUBNET_OUTSIDE_VPC");
        assert_eq!(d["source"], "validate");
        assert_eq!(d["subject"], "subnet-a");
        assert_eq!(d["severity"], "error");

        // A gateway endpoint cannot be reached from outside its VPC (on premises here): an advisory, not an error.
        let a = js(&check(&example("onprem-s3-interface-endpoint")["diagram"]));
        assert_eq!(a["valid"], true, "{a:#}");
        assert_eq!(
            a["advisories"][0]["code"], "VPCLAB_GE_LIMIT_NOT_EXTENDABLE",
            "{a:#}"
        );

        assert_eq!(failure(js(&check(&json!(true))))["field"], "topology");
    }

    #[test]
    fn links_round_trip_and_bad_links_fail_with_the_codecs_message() {
        let diagram = example("s3-gateway-endpoint")["diagram"].clone();
        let a = js(&encode_link(
            &diagram,
            &json!("https://example.org/vpclab/#old"),
        ));
        assert_eq!(a["type"], "success", "{a:#}");
        let fragment = a["fragment"].as_str().unwrap();
        assert!(fragment.starts_with("v1."));
        assert_eq!(a["link"], format!("https://example.org/vpclab/#{fragment}"));
        assert_eq!(a["long"], false);

        let back = js(&decode_link(&a["link"]));
        assert_eq!(back["type"], "success", "{back:#}");
        assert_eq!(back["diagram"], diagram);
        assert_eq!(back["findings"], json!([]));

        // A bare topology is a diagram without layout or flows; no base URL, no `link`.
        let bare = js(&encode_link(&tiny(), &Value::Null));
        assert!(bare.get("link").is_none(), "{bare:#}");
        assert_eq!(
            js(&decode_link(&bare["fragment"]))["diagram"]["topology"],
            tiny()
        );

        for (text, words) in [
            (json!(""), "the share link is empty"),
            (json!("v9.abc"), "unknown share-link version `v9`"),
            (json!("v1.!!!"), "not base64url"),
            (json!("hello"), "is not a VPC Lab share link"),
        ] {
            let e = failure(js(&decode_link(&text)));
            assert_eq!(e["code"], codes::SHARE);
            assert!(e["message"].as_str().unwrap().contains(words), "{e}");
        }
        let e = failure(js(&decode_link(&json!({"link": "v1.x"}))));
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some(codes::BAD_ARGUMENT), Some("text"))
        );
        let e = failure(js(&encode_link(&tiny(), &json!(3))));
        assert_eq!(e["field"], "baseUrl");
    }

    const VPCS: &str = r#"{"Vpcs": [{"VpcId": "vpc-0a", "CidrBlock": "10.0.0.0/16", "State": "available",
        "CidrBlockAssociationSet": [{"CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}]}]}"#;
    const SUBNETS: &str = r#"{"Subnets": [{"SubnetId": "subnet-0b", "VpcId": "vpc-0a", "CidrBlock": "10.0.1.0/24",
        "AvailabilityZone": "eu-west-1a", "State": "available", "Shiny": 1}]}"#;

    #[test]
    fn import_reads_describe_outputs_and_reports_what_it_ignored() {
        let files =
            json!([{"name": "vpcs.json", "text": VPCS}, {"name": "subnets.json", "text": SUBNETS}]);
        let a = js(&import_aws(&files, &Value::Null));
        assert_eq!(a["type"], "success", "{a:#}");
        assert_eq!(a["topology"]["vpcs"][0]["id"], "vpc-0a");
        assert_eq!(a["topology"]["subnets"][0]["cidr_block"], "10.0.1.0/24");
        assert!(
            a["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["message"].as_str().unwrap().contains("Shiny")),
            "{a:#}"
        );
        // The imported topology is a topology for every other call.
        assert_eq!(js(&check(&a["topology"]))["type"], "success");

        // One merged string works too.
        let merged = json!(format!(
            r#"{{"Vpcs": {}, "Subnets": []}}"#,
            serde_json::from_str::<Value>(VPCS).unwrap()["Vpcs"]
        ));
        assert_eq!(
            js(&import_aws(&merged, &json!("us-east-1")))["type"],
            "success"
        );

        let e = failure(js(&import_aws(
            &json!([{"name": "a.json", "text": VPCS}, {"name": "b.json", "text": "{"}]),
            &Value::Null,
        )));
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some(codes::IMPORT_JSON), Some("files[1].text"))
        );
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("`b.json` is not valid JSON"),
            "{e}"
        );
        let e = failure(js(&import_aws(
            &json!([{"name": "a.json", "text": "{\"vpcs\": []}"}]),
            &Value::Null,
        )));
        assert_eq!(e["code"], codes::IMPORT_NOTHING);
        for bad in [
            json!([]),
            json!([{"name": "a.json"}]),
            json!({"name": "a", "text": "{}"}),
        ] {
            assert_eq!(
                failure(js(&import_aws(&bad, &Value::Null)))["code"],
                codes::BAD_ARGUMENT,
                "{bad}"
            );
        }
        assert_eq!(
            failure(js(&import_aws(&files, &json!(["eu"]))))["field"],
            "regionHint"
        );
    }

    #[test]
    fn examples_are_the_gallery() {
        let a = js(&examples());
        assert_eq!(a["type"], "success");
        let all = a["examples"].as_array().unwrap();
        assert_eq!(all.len(), gallery::examples().len());
        for e in all {
            assert!(e["title"].is_string() && e["summary"].is_string());
            // Every example's flows trace.
            for flow in e["diagram"]["flows"].as_array().unwrap() {
                let t = js(&trace(&e["diagram"], flow));
                assert_eq!(t["type"], "success", "{}: {t:#}", e["id"]);
            }
        }
    }

    #[test]
    fn failures_have_the_documented_shape() {
        let a = js(&trace(&Value::Null, &Value::Null));
        let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["errors", "type"]);
        let e = failure(a);
        let mut keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["code", "field", "message"]);
    }
}
