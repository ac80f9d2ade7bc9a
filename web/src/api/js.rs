//! The `#[wasm_bindgen]` shims of the JavaScript API ([`super`]): each hands its arguments over as JSON text and
//! its answer back through `JSON.parse`. Only the app's binary exports them (feature `js-api`, on by default): a
//! `#[wasm_bindgen]` export of this library is linked into every binary built with it, and the first view
//! (`src/bin/first.rs`) and the jobs worker must not carry the engine the API reaches.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::js_sys::{self, JSON};

use super::*;

/// `trace(topology, flow)`: see [`trace`].
#[wasm_bindgen(js_name = "trace")]
pub fn trace_js(topology: JsValue, flow: JsValue) -> JsValue {
    to_js(
        &match (from_js(&topology, "topology"), from_js(&flow, "flow")) {
            (Ok(topology), Ok(flow)) => trace(&topology, &flow),
            (Err(e), _) | (_, Err(e)) => Answer::failure(e),
        },
    )
}

/// `open(topology)`: the topology compiled once, as an object whose `trace(flow)`, `cost(flows, gbPerMonth?)`
/// and `check()` answer from it without parsing or compiling it again; `free()` releases it. A topology that
/// cannot be read gives the failure answer instead of an object.
#[wasm_bindgen(js_name = "open")]
pub fn open_js(topology: JsValue) -> JsValue {
    match from_js(&topology, "topology").and_then(|t| Opened::open(&t)) {
        Ok(opened) => JsValue::from(OpenedJs(opened)),
        Err(e) => to_js(&Answer::<()>::failure(e)),
    }
}

/// The JavaScript object `open()` returns.
#[wasm_bindgen(js_name = "Topology")]
pub struct OpenedJs(Opened);

#[wasm_bindgen(js_class = "Topology")]
impl OpenedJs {
    /// `topology.trace(flow)`: as `trace(topology, flow)`.
    pub fn trace(&self, flow: JsValue) -> JsValue {
        to_js(&match from_js(&flow, "flow") {
            Ok(flow) => self.0.trace(&flow),
            Err(e) => Answer::failure(e),
        })
    }

    /// `topology.cost(flows, gbPerMonth?)`: every flow traced and priced with its alternatives, plus the fixed
    /// costs (the `vpclab cost --format json` object).
    pub fn cost(&self, flows: JsValue, gb_per_month: JsValue) -> JsValue {
        to_js(&match from_js(&flows, "flows") {
            Ok(flows) => self.0.cost(&flows, gb_per_month.as_f64()),
            Err(e) => Answer::failure(e),
        })
    }

    /// `topology.check()`: as `check(topology)`.
    pub fn check(&self) -> JsValue {
        to_js(&self.0.check())
    }

    /// `topology.audit(options?)`: as `audit(topology, options)`.
    pub fn audit(&self, options: JsValue) -> JsValue {
        to_js(&match from_js(&options, "options") {
            Ok(o) => self.0.audit(&o),
            Err(e) => Answer::failure(e),
        })
    }
}

/// `audit(topology, options?)`: see [`audit`].
#[wasm_bindgen(js_name = "audit")]
pub fn audit_js(topology: JsValue, options: JsValue) -> JsValue {
    to_js(
        &match (from_js(&topology, "topology"), from_js(&options, "options")) {
            (Ok(t), Ok(o)) => audit(&t, &o),
            (Err(e), _) | (_, Err(e)) => Answer::failure(e),
        },
    )
}

/// `diff(before, after, options?)`: see [`diff`].
#[wasm_bindgen(js_name = "diff")]
pub fn diff_js(before: JsValue, after: JsValue, options: JsValue) -> JsValue {
    to_js(&match (
        from_js(&before, "before"),
        from_js(&after, "after"),
        from_js(&options, "options"),
    ) {
        (Ok(b), Ok(a), Ok(o)) => diff(&b, &a, &o),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => Answer::failure(e),
    })
}

/// `check(topology)`: see [`check`].
#[wasm_bindgen(js_name = "check")]
pub fn check_js(topology: JsValue) -> JsValue {
    to_js(&match from_js(&topology, "topology") {
        Ok(topology) => check(&topology),
        Err(e) => Answer::failure(e),
    })
}

/// `encodeLink(diagram, baseUrl?)`: see [`encode_link`].
#[wasm_bindgen(js_name = "encodeLink")]
pub fn encode_link_js(diagram: JsValue, base_url: JsValue) -> JsValue {
    to_js(
        &match (from_js(&diagram, "diagram"), from_js(&base_url, "baseUrl")) {
            (Ok(diagram), Ok(base_url)) => encode_link(&diagram, &base_url),
            (Err(e), _) | (_, Err(e)) => Answer::failure(e),
        },
    )
}

/// `decodeLink(text)`: see [`decode_link`].
#[wasm_bindgen(js_name = "decodeLink")]
pub fn decode_link_js(text: JsValue) -> JsValue {
    to_js(&match from_js(&text, "text") {
        Ok(text) => decode_link(&text),
        Err(e) => Answer::failure(e),
    })
}

/// `importAws(files, regionHint?)`: see [`import_aws`].
#[wasm_bindgen(js_name = "importAws")]
pub fn import_aws_js(files: JsValue, region_hint: JsValue) -> JsValue {
    to_js(&match (
        from_js(&files, "files"),
        from_js(&region_hint, "regionHint"),
    ) {
        (Ok(files), Ok(hint)) => import_aws(&files, &hint),
        (Err(e), _) | (_, Err(e)) => Answer::failure(e),
    })
}

/// `examples()`: see [`examples`].
#[wasm_bindgen(js_name = "examples")]
pub fn examples_js() -> JsValue {
    to_js(&examples())
}

/// `version()`: the VPC Lab version, e.g. `"0.1.0"` (a plain string, not an answer).
#[wasm_bindgen(js_name = "version")]
pub fn version_js() -> String {
    VERSION.to_string()
}

/// A JS argument as JSON text (`JSON.stringify`; `undefined` becomes `null`). Fails only for what JSON cannot
/// hold (a BigInt, a cycle).
fn from_js(value: &JsValue, field: &str) -> Result<String, ApiError> {
    match JSON::stringify(value) {
        Ok(text) => Ok(text.as_string().unwrap_or_else(|| "null".to_string())),
        Err(e) => Err(ApiError::new(
            codes::BAD_ARGUMENT,
            format!(
                "`{field}` cannot be read as JSON data: {}",
                String::from(js_sys::Error::from(e).message())
            ),
        )
        .at(field)),
    }
}

/// An answer as a plain JS object (`JSON.parse` of its JSON).
fn to_js<T: Serialize>(answer: &Answer<T>) -> JsValue {
    let text = vpclab_core::json::to_string(answer).unwrap_or_else(|e| {
        let fallback: Answer<()> = Answer::failure(ApiError::new(
            codes::INTERNAL,
            format!("the answer cannot be written as JSON: {e}"),
        ));
        vpclab_core::json::to_string(&fallback).unwrap_or_default()
    });
    JSON::parse(&text).unwrap_or(JsValue::NULL)
}
