//! Browser tests of the JavaScript API's shims (`vpclab_web::api`): real JS values in (built by `JSON.parse` or
//! by hand), plain JS objects out, failures instead of exceptions. The answers' contents are tested natively in
//! `src/api.rs`; this covers the `JSON.stringify` / `JSON.parse` transport in Chromium.
//!
//! Run with `WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown -p vpclab-web` (`make test`).
#![cfg(target_arch = "wasm32")]

use vpclab_web::api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::js_sys::{Array, BigInt, Object, Reflect, JSON};

wasm_bindgen_test_configure!(run_in_browser);

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        let key = match key.parse::<u32>() {
            Ok(i) => JsValue::from(i),
            Err(_) => JsValue::from_str(key),
        };
        Reflect::get(&v, &key).unwrap_or(JsValue::UNDEFINED)
    })
}

fn text(value: &JsValue, path: &str) -> String {
    get(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("`{path}` is not a string in {}", show(value)))
}

fn show(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// A plain object (`Object.prototype`), the way `JSON.parse` builds it: not a `Map`, not a class instance.
fn assert_plain(value: &JsValue) {
    assert!(value.is_object(), "{}", show(value));
    assert!(!value.is_instance_of::<web_sys::js_sys::Map>(), "a Map");
    let proto = Object::get_prototype_of(value);
    assert!(
        JsValue::from(proto) == JsValue::from(Object::get_prototype_of(&Object::new())),
        "not a plain object: {}",
        show(value)
    );
}

fn gateway_example() -> JsValue {
    let all = api::examples_js();
    assert_plain(&all);
    let examples: Array = get(&all, "examples").dyn_into().unwrap();
    examples
        .iter()
        .find(|e| text(e, "id") == "s3-gateway-endpoint")
        .expect("the gateway-endpoint example")
}

#[wasm_bindgen_test]
fn trace_takes_and_returns_plain_objects() {
    let example = gateway_example();
    let diagram = get(&example, "diagram");
    let flow = get(&diagram, "flows.0");
    let answer = api::trace_js(diagram, flow);
    assert_plain(&answer);
    assert_eq!(text(&answer, "type"), "success", "{}", show(&answer));
    assert_eq!(get(&answer, "reachable"), JsValue::TRUE);
    assert_eq!(text(&answer, "network"), "private");
    assert!(Array::is_array(&get(&answer, "hops")));
    assert_plain(&get(&answer, "hops.0"));
    assert_eq!(get(&answer, "cost.usd_per_month").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn hand_built_objects_with_undefined_members_work() {
    // {from: "i-a", to: "i-b", port: 22, region: undefined}: undefined members are left out, as JSON does.
    let topology = js(r#"{
        "vpcs": [{"id": "vpc-1", "region": "us-east-1", "cidr_blocks": ["10.0.0.0/16"]}],
        "subnets": [{"id": "subnet-1", "vpc_id": "vpc-1", "az": "us-east-1a", "cidr_block": "10.0.1.0/24"}],
        "route_tables": [{"id": "rtb-1", "vpc_id": "vpc-1", "main": true, "routes": []}],
        "instances": [{"id": "i-a", "subnet_id": "subnet-1", "private_ip": "10.0.1.10"},
                      {"id": "i-b", "subnet_id": "subnet-1", "private_ip": "10.0.1.11"}]
    }"#);
    let flow = Object::new();
    for (k, v) in [
        ("from", JsValue::from_str("i-a")),
        ("to", JsValue::from_str("i-b")),
        ("port", JsValue::from(22)),
        ("region", JsValue::UNDEFINED),
    ] {
        Reflect::set(&flow, &JsValue::from_str(k), &v).unwrap();
    }
    let answer = api::trace_js(topology, flow.into());
    assert_eq!(text(&answer, "type"), "success", "{}", show(&answer));
    assert_eq!(get(&answer, "reachable"), JsValue::TRUE);
    assert_eq!(get(&answer, "cost"), JsValue::NULL);
}

#[wasm_bindgen_test]
fn bad_values_are_failures_not_exceptions() {
    let ok_flow = js(r#"{"from": "i-a", "to": "i-b"}"#);
    let cycle = Object::new();
    Reflect::set(&cycle, &JsValue::from_str("self"), &cycle).unwrap();
    let big = Object::new();
    Reflect::set(&big, &JsValue::from_str("vpcs"), &BigInt::from(3).into()).unwrap();
    for (topology, field, words) in [
        (JsValue::UNDEFINED, "topology", "got nothing"),
        (JsValue::NULL, "topology", "got nothing"),
        (JsValue::from(7), "topology", "got a number"),
        (js(r#"{"vpcs": "none"}"#), "topology", "invalid type"),
        (cycle.into(), "topology", "cannot be read as JSON data"),
        (big.into(), "topology", "BigInt"),
        (
            JsValue::from_str("v9.abc"),
            "topology",
            "unknown share-link version",
        ),
    ] {
        let answer = api::trace_js(topology, ok_flow.clone());
        assert_plain(&answer);
        assert_eq!(text(&answer, "type"), "failure", "{}", show(&answer));
        assert_eq!(text(&answer, "errors.0.field"), field, "{}", show(&answer));
        let message = text(&answer, "errors.0.message");
        assert!(message.contains(words), "`{message}` lacks `{words}`");
    }
    let answer = api::decode_link_js(JsValue::from(false));
    assert_eq!(text(&answer, "errors.0.code"), "API_BAD_ARGUMENT");
}

#[wasm_bindgen_test]
fn links_round_trip_through_js() {
    let diagram = get(&gateway_example(), "diagram");
    let link = api::encode_link_js(
        diagram.clone(),
        JsValue::from_str("https://example.org/lab/"),
    );
    assert_eq!(text(&link, "type"), "success", "{}", show(&link));
    let url = text(&link, "link");
    assert!(url.starts_with("https://example.org/lab/#v1."), "{url}");
    let back = api::decode_link_js(JsValue::from_str(&url));
    assert_eq!(show(&get(&back, "diagram")), show(&diagram));
    // Without a base URL there is no `link` member at all.
    let bare = api::encode_link_js(diagram, JsValue::UNDEFINED);
    assert_eq!(get(&bare, "link"), JsValue::UNDEFINED);
}

#[wasm_bindgen_test]
fn check_and_import_answer_in_js() {
    let files = js(r#"[{"name": "eu-west-1/vpcs.json",
        "text": "{\"Vpcs\": [{\"VpcId\": \"vpc-0a\", \"CidrBlock\": \"10.0.0.0/16\", \"State\": \"available\"}]}"}]"#);
    let imported = api::import_aws_js(files, JsValue::UNDEFINED);
    assert_eq!(text(&imported, "type"), "success", "{}", show(&imported));
    assert_eq!(text(&imported, "topology.vpcs.0.id"), "vpc-0a");
    let checked = api::check_js(get(&imported, "topology"));
    assert_eq!(text(&checked, "type"), "success", "{}", show(&checked));
    assert_eq!(get(&checked, "valid"), JsValue::TRUE);
    assert_eq!(api::version_js(), env!("CARGO_PKG_VERSION"));
}
