//! The Properties tab: the selected object's fields, each edit handed to the core as [`Edit::Set`] (one value at a
//! path) or [`Edit::Replace`] (the whole object as JSON), with the engine's validation messages
//! ([`vpclab_core::validate`]) and the core's refusals shown beside the field they name. Route entries are
//! editable rows; security-group and network-ACL rules, like every object, can be edited as JSON; endpoints and
//! service resources have a policy editor.

use std::rc::Rc;

use serde_json::{json, Value};
use yew::prelude::*;

use vpclab_core::edit::{kind_of, object_json, Edit, ObjectKind};
use vpclab_core::{Diagnostic, Severity};

use crate::app::{AnalysisContext, SceneContext};
use crate::components::icons::Icon;
use crate::components::input_value;
use crate::state::{Action, AppContext, Mode};

/// The icon of an object kind.
pub fn object_icon(kind: ObjectKind) -> &'static str {
    use ObjectKind as K;
    match kind {
        K::Vpc => "vpc",
        K::Subnet => "subnet",
        K::RouteTable => "route-table",
        K::InternetGateway | K::EgressOnlyInternetGateway => "internet-gateway",
        K::NatGateway => "nat-gateway",
        K::Instance => "instance",
        K::NetworkInterface => "network-interface",
        K::SecurityGroup => "security-group",
        K::NetworkAcl => "network-acl",
        K::PrefixList => "prefix-list",
        K::VpcEndpoint => "interface-endpoint",
        K::EndpointService => "endpoint-service",
        K::LoadBalancer => "load-balancer",
        K::PeeringConnection => "peering-connection",
        K::TransitGateway | K::TransitGatewayAttachment | K::TransitGatewayRouteTable => {
            "transit-gateway"
        }
        K::VpnGateway => "vpn-gateway",
        K::CustomerGateway => "customer-gateway",
        K::VpnConnection => "vpn-connection",
        K::DirectConnectGateway => "direct-connect-gateway",
        K::ServiceResource => "service-resource",
        // A DHCP option set is a setting of its VPCs (never drawn; only its JSON editor shows it).
        K::DhcpOptions => "vpc",
    }
}

/// One simple field of an object's JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A string; empty means absent (`null`).
    Text,
    /// A list of strings, typed comma-separated.
    List,
    /// A boolean.
    Check,
    /// One of these values.
    Choice(&'static [&'static str]),
}

/// A field the panel shows for a kind: (JSON path, label, kind, hint).
pub type FieldSpec = (&'static str, &'static str, FieldKind, &'static str);

/// The simple fields of each kind (complex lists are edited as rows or as JSON).
pub fn fields(kind: ObjectKind) -> &'static [FieldSpec] {
    use FieldKind::*;
    use ObjectKind as K;
    match kind {
        K::Vpc => &[
            ("name", "Name", Text, ""),
            (
                "cidr_blocks",
                "CIDR blocks",
                List,
                "Comma-separated, e.g. 10.0.0.0/16",
            ),
            (
                "enable_dns_support",
                "DNS resolution (enableDnsSupport)",
                Check,
                "",
            ),
            (
                "enable_dns_hostnames",
                "DNS hostnames (enableDnsHostnames)",
                Check,
                "",
            ),
            (
                "block_public_access",
                "Block public access",
                Choice(&["off", "bidirectional", "ingress-only"]),
                "",
            ),
        ],
        K::Subnet => &[
            ("name", "Name", Text, ""),
            (
                "cidr_block",
                "IPv4 CIDR",
                Text,
                "e.g. 10.0.1.0/24, inside the VPC's CIDR",
            ),
            ("az", "Availability zone", Text, "e.g. us-east-1a"),
            ("ipv6_cidr_block", "IPv6 CIDR", Text, ""),
        ],
        K::RouteTable => &[("name", "Name", Text, "")],
        K::Instance => &[
            ("name", "Name", Text, ""),
            ("private_ip", "Private IP", Text, ""),
            ("public_ip", "Public IP", Text, "Empty: no public address"),
            ("source_dest_check", "Source/destination check", Check, ""),
        ],
        K::NatGateway => &[
            (
                "connectivity",
                "Connectivity",
                Choice(&["public", "private"]),
                "",
            ),
            ("private_ip", "Private IP", Text, ""),
            ("public_ip", "Elastic IP", Text, ""),
        ],
        K::SecurityGroup => &[("name", "Name", Text, "")],
        K::VpcEndpoint => &[
            (
                "service_name",
                "Service name",
                Text,
                "e.g. com.amazonaws.us-east-1.s3",
            ),
            (
                "private_dns_enabled",
                "Private DNS",
                Check,
                "Interface endpoints",
            ),
            (
                "ip_address_type",
                "IP address type",
                Choice(&["ipv4", "ipv6", "dualstack"]),
                "",
            ),
            (
                "service_region",
                "Service Region",
                Text,
                "Cross-Region interface endpoints",
            ),
        ],
        K::EndpointService => &[
            ("service_name", "Service name", Text, ""),
            ("acceptance_required", "Acceptance required", Check, ""),
            ("private_dns_name", "Private DNS name", Text, ""),
        ],
        K::LoadBalancer => &[
            ("name", "Name", Text, ""),
            ("internet_facing", "Internet-facing", Check, ""),
            ("cross_zone", "Cross-zone load balancing", Check, ""),
        ],
        K::PeeringConnection => &[
            (
                "status",
                "Status",
                Text,
                "active, pending-acceptance, rejected …",
            ),
            (
                "requester_dns_resolution",
                "Accepter VPC resolves the requester's hostnames privately",
                Check,
                "The requester side's \"allow DNS resolution from the remote VPC\"",
            ),
            (
                "accepter_dns_resolution",
                "Requester VPC resolves the accepter's hostnames privately",
                Check,
                "The accepter side's \"allow DNS resolution from the remote VPC\"",
            ),
        ],
        K::VpnConnection => &[(
            "static_routes",
            "Static routes",
            List,
            "On-premises CIDRs, comma-separated",
        )],
        K::DirectConnectGateway => {
            &[("onprem_cidrs", "On-premises CIDRs", List, "Comma-separated")]
        }
        K::CustomerGateway => &[("ip_address", "Public IP", Text, "")],
        _ => &[],
    }
}

/// The text shown in a field for a JSON value.
pub fn field_text(v: Option<&Value>, kind: FieldKind) -> String {
    match (v, kind) {
        (Some(Value::Array(items)), FieldKind::List) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| i.to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        (Some(Value::String(s)), _) => s.clone(),
        (Some(Value::Null) | None, _) => String::new(),
        (Some(other), _) => other.to_string(),
    }
}

/// The JSON value for a typed field text.
pub fn field_value(text: &str, kind: FieldKind) -> Value {
    let t = text.trim();
    match kind {
        FieldKind::List => Value::Array(
            t.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
        FieldKind::Check => Value::Bool(t == "true"),
        _ if t.is_empty() => Value::Null,
        _ => Value::String(t.to_string()),
    }
}

/// The defaults the model leaves out of its JSON (so an absent field shows its real value).
fn default_of(kind: ObjectKind, path: &str) -> Option<Value> {
    match (kind, path) {
        (ObjectKind::Vpc, "enable_dns_support") => Some(Value::Bool(true)),
        (ObjectKind::Instance, "source_dest_check") => Some(Value::Bool(true)),
        (_, "block_public_access") => Some(json!("off")),
        (_, "connectivity") => Some(json!("public")),
        (_, "ip_address_type") => Some(json!("ipv4")),
        (_, p)
            if p.starts_with("enable_") || p.ends_with("_enabled") || p.ends_with("_required") =>
        {
            Some(Value::Bool(false))
        }
        (_, "internet_facing" | "cross_zone") => Some(Value::Bool(false)),
        _ => None,
    }
}

/// A route's destination as typed: a CIDR, or a prefix list id.
pub fn destination_text(route: &Value) -> String {
    let d = &route["destination"];
    d["cidr"]
        .as_str()
        .or_else(|| d["prefix_list"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// A typed destination as the model's JSON (`{"cidr": …}` or `{"prefix_list": "pl-…"}`).
pub fn destination_value(text: &str) -> Value {
    let t = text.trim();
    if t.starts_with("pl-") {
        json!({ "prefix_list": t })
    } else {
        json!({ "cidr": t })
    }
}

/// The Properties tab's content.
#[component]
pub fn PropertiesPanel() -> Html {
    let state =
        use_context::<AppContext>().expect("PropertiesPanel must be inside the App context");
    let scene =
        use_context::<SceneContext>().expect("PropertiesPanel must be inside the App context");
    match state.selection.as_slice() {
        [] => html! {
            <div class="empty-state">
                <h2 class="panel-title">{ "Properties" }</h2>
                <p class="empty-title">{ "Nothing selected" }</p>
                <p class="empty-body">
                    { "Select a VPC, subnet, route table or endpoint in the diagram to inspect and edit it here. \
                       Shift+click selects several; Delete removes the selection." }
                </p>
            </div>
        },
        [id] => {
            let topology = &state.diagram.topology;
            match object_json(topology, id) {
                Some((kind, json)) => html! {
                    <ObjectProperties key={id.clone()} id={id.clone()} kind={kind} json={Rc::new(json)} />
                },
                None => {
                    let node = scene.nodes.iter().find(|n| &n.id == id || &n.key == id);
                    html! {
                        <div class="empty-state" data-testid="properties">
                            <h2 class="panel-title">{ "Properties" }</h2>
                            <p class="empty-title">{ node.map(|n| n.label.clone()).unwrap_or_else(|| id.clone()) }</p>
                            <p class="empty-body">
                                { "Drawn for the flows that reach it; it is not an object of your topology, so it has \
                                   nothing to edit. Flows can start or end here." }
                            </p>
                        </div>
                    }
                }
            }
        }
        many => {
            let delete = {
                let state = state.clone();
                let ids = many.to_vec();
                Callback::from(move |_: MouseEvent| {
                    state.dispatch(Action::Edit(Edit::Delete { ids: ids.clone() }))
                })
            };
            html! {
                <div data-testid="properties">
                    <h2 class="panel-title">{ format!("{} selected", many.len()) }</h2>
                    <ul class="multi-list">
                        for id in many {
                            <li key={id.clone()}>
                                { id }
                                if let Some(k) = kind_of(&state.diagram.topology, id) {
                                    <span class="muted">{ format!(" · {}", k.label()) }</span>
                                }
                            </li>
                        }
                    </ul>
                    <div class="props-actions">
                        <button type="button" class="btn btn-danger" onclick={delete} data-testid="delete-selection">
                            { format!("Delete {} objects", many.len()) }
                        </button>
                    </div>
                </div>
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct ObjectPropertiesProps {
    id: AttrValue,
    kind: ObjectKind,
    json: Rc<Value>,
}

#[component]
fn ObjectProperties(props: &ObjectPropertiesProps) -> Html {
    let state =
        use_context::<AppContext>().expect("ObjectProperties must be inside the App context");
    let analysis =
        use_context::<AnalysisContext>().expect("ObjectProperties must be inside the App context");
    let id = props.id.to_string();
    let kind = props.kind;
    let json = &props.json;
    let diagnostics: Vec<Diagnostic> = analysis.diagnostics_of(&id).cloned().collect();
    // A gateway or Gateway Load Balancer endpoint has none of an interface endpoint's fields.
    let endpoint_kind = json["kind"].as_str().unwrap_or("gateway");
    let specs: Vec<FieldSpec> = fields(kind)
        .iter()
        .copied()
        .filter(|f| {
            kind != ObjectKind::VpcEndpoint || endpoint_kind == "interface" || f.0 == "service_name"
        })
        .collect();
    let shown_fields: Vec<&str> = specs.iter().map(|f| f.0).collect();
    // Findings about fields the panel does not show as inputs, or about the object as a whole.
    let general: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| !shown_fields.contains(&d.field.as_str()) && !d.field.starts_with("routes"))
        .collect();

    let set = {
        let state = state.clone();
        let id = id.clone();
        Callback::from(move |(field, value): (String, Value)| {
            state.dispatch(Action::Edit(Edit::Set {
                id: id.clone(),
                field,
                value,
            }))
        })
    };
    let on_field = |path: &'static str, fk: FieldKind| {
        let state = state.clone();
        let id = id.clone();
        Callback::from(move |e: Event| {
            let text = if fk == FieldKind::Check {
                use wasm_bindgen::JsCast;
                e.target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .map(|i| i.checked().to_string())
                    .unwrap_or_default()
            } else {
                input_value(&e)
            };
            state.dispatch(Action::Edit(Edit::Set {
                id: id.clone(),
                field: path.into(),
                value: field_value(&text, fk),
            }))
        })
    };
    let delete = {
        let state = state.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Edit(Edit::Delete {
                ids: vec![id.clone()],
            }))
        })
    };
    let connect = {
        let state = state.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::SetMode(Mode::Connect {
                from: Some(id.clone()),
            }))
        })
    };
    let field_messages = |path: &str| -> Html {
        let mut out: Vec<Html> = diagnostics
            .iter()
            .filter(|d| d.field == path)
            .map(diagnostic_view)
            .collect();
        if let Some(n) = state.notice.as_ref().filter(|n| n.is_about(&id, path)) {
            out.push(
                html! { <p class="field-error" role="alert">{ crate::words::plain(&n.text) }</p> },
            );
        }
        out.into_iter().collect()
    };
    let invalid = |path: &str| {
        diagnostics
            .iter()
            .any(|d| d.field == path && d.severity == Severity::Error)
            || state.notice.as_ref().is_some_and(|n| n.is_about(&id, path))
    };

    html! {
        <div class="properties" data-testid="properties" data-object={id.clone()}>
            <div class="props-head">
                <Icon kind={object_icon(kind)} />
                <div>
                    <p class="props-kind">{ kind.label() }</p>
                    <p class="props-id" data-testid="props-id">{ &id }</p>
                </div>
            </div>
            <div class="props-actions">
                <button type="button" class="btn btn-small" onclick={connect} data-testid="connect-from">
                    <Icon kind="peering-connection" />{ "Connect…" }
                </button>
                <button type="button" class="btn btn-small btn-danger" onclick={delete} data-testid="delete-object">
                    { "Delete" }
                </button>
            </div>
            if !general.is_empty() {
                <section class="panel-section" aria-labelledby="findings-title">
                    <h2 id="findings-title" class="panel-title">{ "Findings" }</h2>
                    <ul class="diagnostics">
                        for d in general { <li key={format!("{}{}", d.code, d.field)}>{ diagnostic_view(d) }</li> }
                    </ul>
                </section>
            }
            if let Some(n) = state.notice.as_ref().filter(|n| n.error && n.subject.as_deref() == Some(id.as_str())
                && n.field.as_deref().is_none_or(|f| !shown_fields.contains(&f) && !f.starts_with("routes"))) {
                <p class="field-error" role="alert">{ crate::words::plain(&n.text) }</p>
            }
            <section class="panel-section">
                for (path, label, fk, hint) in specs.iter().copied() {
                    { field_view(&id, kind, json, path, label, fk, hint, on_field(path, fk), invalid(path), field_messages(path)) }
                }
                if kind == ObjectKind::VpcEndpoint && endpoint_kind == "gateway" {
                    { gateway_route_tables(&state, &id, json) }
                }
                if kind == ObjectKind::RouteTable {
                    <RouteRows id={id.clone()} routes={Rc::new(json["routes"].as_array().cloned().unwrap_or_default())}
                        on_set={set.clone()} />
                }
                if matches!(kind, ObjectKind::SecurityGroup | ObjectKind::NetworkAcl) {
                    { rules_summary(kind, json) }
                }
            </section>
            if matches!(kind, ObjectKind::VpcEndpoint | ObjectKind::ServiceResource) {
                <JsonEditor key="policy" id={id.clone()} field={Some(AttrValue::from("policy"))}
                    title="Policy (JSON)" text={policy_text(json)} open=true
                    hint="Empty: the default policy (full access for an endpoint, no resource policy for a bucket or table)." />
            }
            <JsonEditor key="json" id={id.clone()} field={None::<AttrValue>}
                title="Edit as JSON" text={vpclab_core::json::to_string_pretty(&**json).unwrap_or_default()} open={false}
                hint="The whole object in VPC Lab's topology JSON; Apply replaces it (undoable)." />
            <p class="fine-print">{ format!("{} finding{} · changes are undoable (Ctrl+Z)", diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }) }</p>
        </div>
    }
}

/// A gateway endpoint's route tables: every table of its VPC as a checkbox, with the subnets that use it;
/// ticking one is [`Edit::Connect`], unticking [`Edit::Disconnect`] (the core refuses a second endpoint of the
/// same service on a table).
fn gateway_route_tables(state: &AppContext, id: &str, json: &Value) -> Html {
    let t = &state.diagram.topology;
    let vpc = json["vpc_id"].as_str().unwrap_or_default();
    let on: Vec<&str> = json["route_table_ids"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let rows: Vec<Html> = t
        .route_tables
        .iter()
        .filter(|r| r.vpc_id == vpc)
        .map(|r| {
            let subnets: Vec<String> = t
                .subnets
                .iter()
                .filter(|s| s.vpc_id == vpc)
                .filter(|s| {
                    r.subnet_ids.contains(&s.id)
                        || (r.main
                            && !t
                                .route_tables
                                .iter()
                                .any(|o| o.subnet_ids.contains(&s.id)))
                })
                .map(|s| s.name.clone().unwrap_or_else(|| s.id.clone()))
                .collect();
            let checked = on.contains(&r.id.as_str());
            let onchange = {
                let state = state.clone();
                let (ep, rt) = (id.to_string(), r.id.clone());
                Callback::from(move |_: Event| {
                    let (from, to) = (ep.clone(), rt.clone());
                    state.dispatch(Action::Edit(if checked {
                        Edit::Disconnect { from, to }
                    } else {
                        Edit::Connect { from, to }
                    }))
                })
            };
            let name = r.name.clone().unwrap_or_else(|| r.id.clone());
            let used = if subnets.is_empty() {
                "no subnet".to_string()
            } else {
                format!("used by {}", subnets.join(", "))
            };
            let dom_id = format!("ep-rt-{}", r.id);
            html! {
                <li key={r.id.clone()}>
                    <label class="check" for={dom_id.clone()}>
                        <input id={dom_id} type="checkbox" {checked} {onchange} data-rt={r.id.clone()} />
                        { format!("{name}{} · {used}", if r.main { " (main)" } else { "" }) }
                    </label>
                </li>
            }
        })
        .collect();
    html! {
        <fieldset class="field endpoint-rts" data-testid="endpoint-route-tables">
            <legend>{ "Route tables" }</legend>
            <p class="field-hint">{ "Subnets using a ticked table reach the service through this endpoint." }</p>
            <ul class="plain-list">{ for rows }</ul>
        </fieldset>
    }
}

fn policy_text(json: &Value) -> String {
    match json.get("policy") {
        Some(Value::Null) | None => String::new(),
        Some(p) => vpclab_core::json::to_string_pretty(p).unwrap_or_default(),
    }
}

fn diagnostic_view(d: &Diagnostic) -> Html {
    html! {
        <div class={classes!("diagnostic", (d.severity == Severity::Error).then_some("is-error"))}
            data-testid="diagnostic" data-code={d.code.clone()} title={format!("Code: {}", d.code)}>
            <p>{ crate::words::plain(&d.message) }</p>
        </div>
    }
}

#[allow(clippy::too_many_arguments)]
fn field_view(
    id: &str,
    kind: ObjectKind,
    json: &Value,
    path: &'static str,
    label: &'static str,
    fk: FieldKind,
    hint: &'static str,
    onchange: Callback<Event>,
    invalid: bool,
    messages: Html,
) -> Html {
    let dom_id = format!("prop-{}", path.replace('/', "-"));
    let value = json.get(path).cloned().or_else(|| default_of(kind, path));
    let hint_id = format!("{dom_id}-hint");
    let described = (!hint.is_empty()).then(|| hint_id.clone());
    let input = match fk {
        FieldKind::Check => {
            let checked = value.as_ref().and_then(Value::as_bool).unwrap_or(false);
            return html! {
                <div class="field" key={path}>
                    <label class="check" for={dom_id.clone()}>
                        <input id={dom_id} type="checkbox" checked={checked} {onchange} data-field={path}
                            aria-describedby={described} />
                        { label }
                    </label>
                    if !hint.is_empty() { <p id={hint_id} class="field-hint">{ hint }</p> }
                    { messages }
                </div>
            };
        }
        FieldKind::Choice(options) => {
            let current = field_text(value.as_ref(), fk);
            html! {
                <select id={dom_id.clone()} {onchange} data-field={path} aria-describedby={described.clone()}>
                    for o in options.iter() {
                        <option key={*o} value={*o} selected={current == *o}>{ *o }</option>
                    }
                </select>
            }
        }
        FieldKind::Text | FieldKind::List => html! {
            <input id={dom_id.clone()} type="text" spellcheck="false" value={field_text(value.as_ref(), fk)}
                {onchange} data-field={path} aria-invalid={invalid.then_some("true")}
                aria-describedby={described.clone()} />
        },
    };
    let _ = id;
    html! {
        <div class="field" key={path}>
            <label for={dom_id}>{ label }</label>
            { input }
            if !hint.is_empty() { <p id={hint_id} class="field-hint">{ hint }</p> }
            { messages }
        </div>
    }
}

fn rules_summary(kind: ObjectKind, json: &Value) -> Html {
    let rows: Vec<(String, String)> = if kind == ObjectKind::SecurityGroup {
        let fmt = |dir: &str, r: &Value| {
            let proto = r["protocol"].as_str().unwrap_or("-1");
            let ports = match (r["from_port"].as_i64(), r["to_port"].as_i64()) {
                (Some(a), Some(b)) if a == b => format!(":{a}"),
                (Some(a), Some(b)) if a >= 0 => format!(":{a}-{b}"),
                _ => String::new(),
            };
            let mut peers: Vec<String> = Vec::new();
            for key in ["cidrs", "prefix_list_ids", "security_group_ids"] {
                if let Some(list) = r[key].as_array() {
                    peers.extend(list.iter().filter_map(|v| v.as_str().map(str::to_string)));
                }
            }
            let proto = if proto == "-1" { "all" } else { proto };
            (
                format!("{dir} {proto}{ports}"),
                if peers.is_empty() {
                    "—".into()
                } else {
                    peers.join(", ")
                },
            )
        };
        let mut v: Vec<(String, String)> = json["ingress"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| fmt("in", r))
            .collect();
        v.extend(
            json["egress"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| fmt("out", r)),
        );
        v
    } else {
        json["entries"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                let dir = if e["egress"].as_bool().unwrap_or(false) {
                    "out"
                } else {
                    "in"
                };
                let proto = e["protocol"].as_str().unwrap_or("-1");
                let proto = if proto == "-1" { "all" } else { proto };
                let ports = e["port_range"]
                    .as_array()
                    .map(|p| format!(":{}-{}", p[0], p[1]))
                    .unwrap_or_default();
                (
                    format!("#{} {dir} {proto}{ports}", e["rule_number"]),
                    format!(
                        "{} {}",
                        e["action"].as_str().unwrap_or_default(),
                        e["cidr"].as_str().unwrap_or_default()
                    ),
                )
            })
            .collect()
    };
    html! {
        <div class="field">
            <span class="field-label">{ if kind == ObjectKind::SecurityGroup { "Rules" } else { "Entries" } }</span>
            if rows.is_empty() {
                <p class="field-hint">{ "None." }</p>
            } else {
                <table class="items rules">
                    <tbody>
                        for (i, (a, b)) in rows.into_iter().enumerate() {
                            <tr key={i}><td class="mono">{ a }</td><td class="mono">{ b }</td></tr>
                        }
                    </tbody>
                </table>
            }
            <p class="field-hint">{ "Edit the rules in “Edit as JSON” below." }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RouteRowsProps {
    id: AttrValue,
    routes: Rc<Vec<Value>>,
    on_set: Callback<(String, Value)>,
}

/// A route table's routes as editable rows: destination, target, remove; and an Add button.
#[component]
fn RouteRows(props: &RouteRowsProps) -> Html {
    let state = use_context::<AppContext>().expect("RouteRows must be inside the App context");
    let analysis =
        use_context::<AnalysisContext>().expect("RouteRows must be inside the App context");
    let id = props.id.to_string();
    let routes = Rc::clone(&props.routes);
    let targets = use_memo(state.model_revision, {
        let d = Rc::clone(&state.diagram);
        move |_| route_targets(&d.topology)
    });
    let add = {
        let on_set = props.on_set.clone();
        Callback::from(move |_: MouseEvent| {
            on_set.emit((
                "routes/-".into(),
                json!({ "destination": { "cidr": "0.0.0.0/0" }, "target": "" }),
            ))
        })
    };
    html! {
        <div class="field routes" data-testid="routes">
            <span class="field-label" id="routes-label">{ "Routes" }</span>
            <datalist id="route-targets">
                for t in targets.iter() { <option key={t.clone()} value={t.clone()} /> }
            </datalist>
            <div class="route-head" aria-hidden="true"><span>{ "Destination" }</span><span>{ "Target" }</span></div>
            for (i, r) in routes.iter().enumerate() {
                { route_row(&id, i, r, &routes, &props.on_set, &state, &analysis) }
            }
            <button type="button" class="btn btn-small" onclick={add} data-testid="add-route">{ "+ Add route" }</button>
        </div>
    }
}

fn route_row(
    id: &str,
    i: usize,
    r: &Value,
    routes: &Rc<Vec<Value>>,
    on_set: &Callback<(String, Value)>,
    state: &AppContext,
    analysis: &AnalysisContext,
) -> Html {
    let on_dest = {
        let on_set = on_set.clone();
        Callback::from(move |e: Event| {
            on_set.emit((
                format!("routes/{i}/destination"),
                destination_value(&input_value(&e)),
            ))
        })
    };
    let on_target = {
        let on_set = on_set.clone();
        Callback::from(move |e: Event| {
            on_set.emit((
                format!("routes/{i}/target"),
                Value::String(input_value(&e).trim().to_string()),
            ))
        })
    };
    let remove = {
        let on_set = on_set.clone();
        let routes = Rc::clone(routes);
        Callback::from(move |_: MouseEvent| {
            let mut rest = (*routes).clone();
            rest.remove(i);
            on_set.emit(("routes".into(), Value::Array(rest)))
        })
    };
    let local = r["target"].as_str() == Some("local");
    let prefix = format!("routes[{i}]");
    let messages: Vec<Html> = analysis
        .diagnostics_of(id)
        .filter(|d| d.field == prefix || d.field.starts_with(&format!("{prefix}.")))
        .map(diagnostic_view)
        .collect();
    let refusal = state
        .notice
        .as_ref()
        .filter(|n| n.error && n.subject.as_deref() == Some(id))
        .filter(|n| {
            n.field
                .as_deref()
                .is_some_and(|f| f.starts_with(&format!("routes/{i}")))
        });
    let blackhole = r["state"].as_str() == Some("blackhole");
    html! {
        <div class="route-row-wrap" key={i}>
            <div class={classes!("route-row", blackhole.then_some("is-blackhole"))} data-testid="route" role="group"
                aria-label={format!("Route {}", i + 1)}>
                <input type="text" spellcheck="false" value={destination_text(r)} onchange={on_dest} disabled={local}
                    aria-label={format!("Route {} destination", i + 1)} data-testid="route-destination" />
                <input type="text" spellcheck="false" list="route-targets" value={r["target"].as_str().unwrap_or_default().to_string()}
                    onchange={on_target} disabled={local} aria-label={format!("Route {} target", i + 1)}
                    data-testid="route-target" />
                <button type="button" class="btn btn-icon btn-small" onclick={remove} disabled={local}
                    aria-label={format!("Remove route {}", i + 1)}>
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 6l12 12M18 6L6 18" /></svg>
                </button>
            </div>
            if blackhole { <p class="field-hint">{ "Blackhole: its target no longer exists." }</p> }
            { messages.into_iter().collect::<Html>() }
            if let Some(n) = refusal { <p class="field-error" role="alert">{ crate::words::plain(&n.text) }</p> }
        </div>
    }
}

/// Ids a route can target in this topology (suggestions only; the core validates).
pub fn route_targets(t: &vpclab_core::Topology) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(t.internet_gateways.iter().map(|x| x.id.clone()));
    out.extend(t.egress_only_internet_gateways.iter().map(|x| x.id.clone()));
    out.extend(t.nat_gateways.iter().map(|x| x.id.clone()));
    out.extend(
        t.vpc_endpoints
            .iter()
            .filter(|e| e.kind == vpclab_core::model::EndpointKind::GatewayLoadBalancer)
            .map(|x| x.id.clone()),
    );
    out.extend(t.peering_connections.iter().map(|x| x.id.clone()));
    out.extend(t.transit_gateways.iter().map(|x| x.id.clone()));
    out.extend(t.vpn_gateways.iter().map(|x| x.id.clone()));
    out.extend(t.instances.iter().map(|x| x.id.clone()));
    out.extend(t.network_interfaces.iter().map(|x| x.id.clone()));
    out
}

#[derive(Properties, PartialEq)]
struct JsonEditorProps {
    id: AttrValue,
    /// `Some(field)`: edit that field's value (`null` when empty); `None`: the whole object.
    field: Option<AttrValue>,
    title: AttrValue,
    text: String,
    hint: AttrValue,
    open: bool,
}

/// What the user typed, and the object's text it started from: when the object changes under the editor (an
/// applied draft, a field edit, undo), the draft is dropped and the new text shown. The editor itself stays
/// mounted, so a section the user opened stays open.
#[derive(Clone, PartialEq)]
struct Draft {
    base: String,
    text: String,
    error: Option<String>,
}

impl Draft {
    fn of(text: &str) -> Draft {
        Draft {
            base: text.to_string(),
            text: text.to_string(),
            error: None,
        }
    }
}

/// A JSON text editor: checks the text parses, then hands it to the core (`Set` of a field or `Replace`).
#[component]
fn JsonEditor(props: &JsonEditorProps) -> Html {
    let state = use_context::<AppContext>().expect("JsonEditor must be inside the App context");
    let stored = use_state(|| Draft::of(&props.text));
    let draft = if stored.base == props.text {
        (*stored).clone()
    } else {
        Draft::of(&props.text)
    };
    let area_id = format!(
        "json-{}",
        props.field.as_deref().unwrap_or("object").replace('/', "-")
    );
    let oninput = {
        let stored = stored.clone();
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            use wasm_bindgen::JsCast;
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            {
                stored.set(Draft {
                    text: t.value(),
                    ..draft.clone()
                });
            }
        })
    };
    let apply = {
        let state = state.clone();
        let stored = stored.clone();
        let draft = draft.clone();
        let id = props.id.to_string();
        let field = props.field.as_ref().map(|f| f.to_string());
        Callback::from(move |_: MouseEvent| {
            let text = draft.text.trim();
            let value = if text.is_empty() && field.is_some() {
                Ok(Value::Null)
            } else {
                vpclab_core::json::from_str::<Value>(text)
            };
            match value {
                Err(e) => stored.set(Draft {
                    error: Some(format!("Not valid JSON: {e}")),
                    ..draft.clone()
                }),
                Ok(value) => {
                    stored.set(Draft {
                        error: None,
                        ..draft.clone()
                    });
                    let edit = match &field {
                        Some(f) => Edit::Set {
                            id: id.clone(),
                            field: f.clone(),
                            value,
                        },
                        None => Edit::Replace {
                            id: id.clone(),
                            object: value,
                        },
                    };
                    state.dispatch(Action::Edit(edit));
                }
            }
        })
    };
    let refusal = state
        .notice
        .as_ref()
        .filter(|n| n.error && n.subject.as_deref() == Some(props.id.as_str()))
        .filter(|n| match &props.field {
            Some(f) => n.field.as_deref() == Some(f.as_str()),
            None => false,
        });
    let changed = draft.text != props.text;
    html! {
        <details class="panel-section json-editor" open={props.open} data-testid={format!("{area_id}-editor")}>
            <summary class="panel-title">{ props.title.clone() }</summary>
            <div class="field">
                <label for={area_id.clone()} class="visually-hidden">{ props.title.clone() }</label>
                <textarea id={area_id.clone()} spellcheck="false" rows="10" value={draft.text.clone()} {oninput}
                    aria-invalid={draft.error.is_some().then_some("true")}
                    aria-describedby={format!("{area_id}-hint")} data-testid={area_id.clone()} />
                <p id={format!("{area_id}-hint")} class="field-hint">{ props.hint.clone() }</p>
                if let Some(e) = &draft.error { <p class="field-error" role="alert">{ e.clone() }</p> }
                if let Some(n) = refusal { <p class="field-error" role="alert">{ crate::words::plain(&n.text) }</p> }
            </div>
            <button type="button" class="btn btn-small btn-primary" onclick={apply} disabled={!changed}
                data-testid={format!("{area_id}-apply")}>
                { "Apply" }
            </button>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::edit::apply;
    use vpclab_core::gallery;

    #[test]
    fn field_text_and_value_round_trip() {
        let list = json!(["10.0.0.0/16", "10.1.0.0/16"]);
        assert_eq!(
            field_text(Some(&list), FieldKind::List),
            "10.0.0.0/16, 10.1.0.0/16"
        );
        assert_eq!(
            field_value("10.0.0.0/16, 10.1.0.0/16", FieldKind::List),
            list
        );
        assert_eq!(field_value("", FieldKind::Text), Value::Null);
        assert_eq!(field_value(" a ", FieldKind::Text), json!("a"));
        assert_eq!(field_value("true", FieldKind::Check), json!(true));
        assert_eq!(field_text(None, FieldKind::Text), "");
        assert_eq!(field_text(Some(&json!(true)), FieldKind::Check), "true");
    }

    #[test]
    fn route_destinations_round_trip() {
        let r = json!({ "destination": { "prefix_list": "pl-1" }, "target": "vpce-1" });
        assert_eq!(destination_text(&r), "pl-1");
        assert_eq!(destination_value("pl-1"), json!({ "prefix_list": "pl-1" }));
        assert_eq!(
            destination_value(" 0.0.0.0/0 "),
            json!({ "cidr": "0.0.0.0/0" })
        );
    }

    /// Every field the panel offers is one the core accepts for that kind of object.
    #[test]
    fn every_field_is_settable_by_the_core() {
        let d = gallery::example("onprem-s3-interface-endpoint")
            .unwrap()
            .diagram;
        let t = &d.topology;
        let ids: Vec<String> = t
            .vpcs
            .iter()
            .map(|x| x.id.clone())
            .chain(t.subnets.iter().map(|x| x.id.clone()))
            .chain(t.instances.iter().map(|x| x.id.clone()))
            .chain(t.vpc_endpoints.iter().map(|x| x.id.clone()))
            .chain(t.vpn_connections.iter().map(|x| x.id.clone()))
            .chain(t.customer_gateways.iter().map(|x| x.id.clone()))
            .collect();
        for id in ids {
            let (kind, json) = object_json(t, &id).unwrap();
            for (path, _, fk, _) in fields(kind) {
                let value = json
                    .get(*path)
                    .cloned()
                    .or_else(|| default_of(kind, path))
                    .unwrap_or(Value::Null);
                let text = field_text(Some(&value), *fk);
                let edit = Edit::Set {
                    id: id.clone(),
                    field: path.to_string(),
                    value: field_value(&text, *fk),
                };
                assert!(
                    apply(&d, &edit).is_ok(),
                    "{id} {path}: {:?}",
                    apply(&d, &edit).err()
                );
            }
        }
    }

    #[test]
    fn route_targets_list_gateways() {
        let t = gallery::example("s3-through-nat").unwrap().diagram.topology;
        let targets = route_targets(&t);
        assert!(
            targets.contains(&"igw-app".to_string()) && targets.contains(&"nat-app".to_string())
        );
    }
}
