//! Objects by id: their kind, their JSON, setting a field, replacing them whole, renaming them.

use serde_json::Value;

use crate::model::*;

use super::{EditError, Work};

pub(crate) use crate::model::objects::{
    all_ids, find, get_json, parse_error, put_json, remove_all,
};
pub use crate::model::ObjectKind;

/// The object's id without a `@<subnet>` suffix (a scene key of an endpoint's interface).
fn base_id<'a>(t: &Topology, id: &'a str) -> &'a str {
    if find(t, id).is_none() {
        if let Some((base, _)) = id.split_once('@') {
            return base;
        }
    }
    id
}

/// The kind of the object with this id (or scene key), if the topology has one.
///
/// ```
/// use vpclab_core::{edit::{kind_of, ObjectKind}, gallery};
/// let t = gallery::example("s3-gateway-endpoint").unwrap().diagram.topology;
/// assert_eq!(kind_of(&t, "rtb-private"), Some(ObjectKind::RouteTable));
/// assert_eq!(kind_of(&t, "internet"), None);
/// ```
pub fn kind_of(t: &Topology, id: &str) -> Option<ObjectKind> {
    find(t, base_id(t, id)).map(|(k, _)| k)
}

/// The object with this id (or scene key) as the model's JSON, for the properties panel.
///
/// ```
/// use vpclab_core::{edit::{object_json, ObjectKind}, gallery};
/// let t = gallery::example("s3-gateway-endpoint").unwrap().diagram.topology;
/// let (kind, json) = object_json(&t, "subnet-private-a").unwrap();
/// assert_eq!(kind, ObjectKind::Subnet);
/// assert_eq!(json["cidr_block"], "10.0.1.0/24");
/// ```
pub fn object_json(t: &Topology, id: &str) -> Option<(ObjectKind, Value)> {
    let (k, i) = find(t, base_id(t, id))?;
    Some((k, get_json(t, k, i)?))
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
    /// `-`: after the last element.
    Append,
}

impl std::fmt::Display for Seg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seg::Key(k) => f.write_str(k),
            Seg::Index(i) => write!(f, "{i}"),
            Seg::Append => f.write_str("-"),
        }
    }
}

/// `routes/2/target`, `/routes/2/target`, `routes[2].target`, `routes.2.target` → segments.
pub(crate) fn parse_path(field: &str) -> Vec<Seg> {
    let normalised = field.replace('[', "/").replace(']', "").replace('.', "/");
    normalised
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s == "-" {
                Seg::Append
            } else if let Ok(i) = s.parse::<usize>() {
                Seg::Index(i)
            } else {
                Seg::Key(s.replace("~1", "/").replace("~0", "~"))
            }
        })
        .collect()
}

fn path_string(p: &[Seg]) -> String {
    p.iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn set_at(v: &mut Value, path: &[Seg], value: Value) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        *v = value;
        return Ok(());
    };
    match first {
        Seg::Key(k) => {
            if v.is_null() {
                *v = Value::Object(Default::default());
            }
            let Value::Object(map) = v else {
                return Err(format!("is not an object, so it has no field `{k}`"));
            };
            if rest.is_empty() {
                if value.is_null() {
                    map.remove(k);
                } else {
                    map.insert(k.clone(), value);
                }
                return Ok(());
            }
            set_at(map.entry(k.clone()).or_insert(Value::Null), rest, value)
        }
        Seg::Index(i) => {
            if v.is_null() {
                *v = Value::Array(Vec::new());
            }
            let Value::Array(list) = v else {
                return Err(format!("is not a list, so it has no entry {i}"));
            };
            let n = list.len();
            if *i == n {
                list.push(Value::Null);
            }
            match list.get_mut(*i) {
                Some(slot) => set_at(slot, rest, value),
                None => Err(format!(
                    "has no entry {i}: the list has {n} entr{}",
                    if n == 1 { "y" } else { "ies" }
                )),
            }
        }
        Seg::Append => {
            if v.is_null() {
                *v = Value::Array(Vec::new());
            }
            let Value::Array(list) = v else {
                return Err("is not a list, so nothing can be appended to it".into());
            };
            list.push(Value::Null);
            let last = list.len() - 1;
            set_at(&mut list[last], rest, value)
        }
    }
}

pub(super) fn set(w: &mut Work, id: &str, field: &str, value: &Value) -> Result<(), EditError> {
    let t = w.t();
    let id = base_id(t, id).to_string();
    let (k, i) = find(t, &id).ok_or_else(|| EditError::not_found(&id))?;
    let old = get_json(t, k, i).ok_or_else(|| EditError::not_found(&id))?;
    let path = parse_path(field);
    if path.is_empty() {
        return replace(w, &id, value);
    }
    let mut new = old.clone();
    set_at(&mut new, &path, value.clone()).map_err(|m| {
        EditError::field(
            &id,
            &path_string(&path),
            format!("{} `{id}`: `{}` {m}", k.label(), path_string(&path)),
        )
    })?;
    commit(w, &id, k, i, old, new, Some(path_string(&path)))
}

pub(super) fn replace(w: &mut Work, id: &str, object: &Value) -> Result<(), EditError> {
    let t = w.t();
    let id = base_id(t, id).to_string();
    let (k, i) = find(t, &id).ok_or_else(|| EditError::not_found(&id))?;
    let old = get_json(t, k, i).ok_or_else(|| EditError::not_found(&id))?;
    commit(w, &id, k, i, old, object.clone(), None)
}

/// Where `new` (invalid) differs from `old` (valid) in a way that makes it invalid: a path of keys / indices.
fn culprit(old: &Value, new: &Value, ok: &dyn Fn(&Value) -> bool) -> Vec<String> {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let mut keys: Vec<&String> = n.keys().collect();
            keys.sort();
            for k in keys {
                if o.get(k) == n.get(k) {
                    continue;
                }
                let mut trial = o.clone();
                trial.insert(k.clone(), n[k].clone());
                if ok(&Value::Object(trial)) {
                    continue;
                }
                let sub: Vec<String> = match o.get(k) {
                    Some(ok_k) => {
                        let check = |v: &Value| {
                            let mut t = o.clone();
                            t.insert(k.clone(), v.clone());
                            ok(&Value::Object(t))
                        };
                        culprit(ok_k, &n[k], &check)
                    }
                    None => Vec::new(),
                };
                return std::iter::once(k.clone()).chain(sub).collect();
            }
            let mut removed: Vec<&String> = o.keys().filter(|k| !n.contains_key(*k)).collect();
            removed.sort();
            for k in removed {
                let mut trial = o.clone();
                trial.remove(k);
                if !ok(&Value::Object(trial)) {
                    return vec![k.clone()];
                }
            }
            Vec::new()
        }
        (Value::Array(o), Value::Array(n)) => {
            // Vec fields: an element alone in the list tells whether it is the bad one.
            for (i, e) in n.iter().enumerate() {
                if o.get(i) == Some(e) {
                    continue;
                }
                let single = |v: &Value| ok(&Value::Array(vec![v.clone()]));
                if single(e) {
                    continue;
                }
                let sub = match o.get(i) {
                    Some(base) if single(base) => culprit(base, e, &single),
                    _ => Vec::new(),
                };
                return std::iter::once(i.to_string()).chain(sub).collect();
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The id of an object's JSON (for a service resource, `<service>:<name>`).
fn json_id(k: ObjectKind, v: &Value) -> Option<String> {
    if k == ObjectKind::ServiceResource {
        let s = v.get("service")?.as_str()?;
        let n = v.get("name")?.as_str()?;
        return Some(format!("{s}:{n}"));
    }
    v.get("id")?.as_str().map(str::to_string)
}

fn commit(
    w: &mut Work,
    id: &str,
    k: ObjectKind,
    i: usize,
    old: Value,
    new: Value,
    set_field: Option<String>,
) -> Result<(), EditError> {
    if let Some(e) = parse_error(k, &new) {
        let path = culprit(&old, &new, &|v| parse_error(k, v).is_none());
        let field = if path.is_empty() {
            set_field
        } else {
            Some(path.join("/"))
        };
        let msg = match &field {
            Some(f) => format!("{} `{id}`: `{f}`: {}", k.label(), e),
            None => format!("{} `{id}`: {}", k.label(), e),
        };
        return Err(EditError {
            subject: Some(id.to_string()),
            field,
            message: msg,
        });
    }
    if k == ObjectKind::RouteTable {
        endpoint_routes_unchanged(w.t(), id, &old, &new)?;
    }
    let new_id = json_id(k, &new).unwrap_or_default();
    if new_id != id {
        if new_id.trim().is_empty() {
            return Err(EditError::field(
                id,
                "id",
                format!("{} `{id}`: the id cannot be empty", k.label()),
            ));
        }
        if let Some((other, _)) = find(w.t(), &new_id) {
            return Err(EditError::field(
                id,
                "id",
                format!(
                    "{} `{id}`: `{new_id}` is already the id of a {}",
                    k.label(),
                    other.label()
                ),
            ));
        }
    }
    put_json(w.tm(), k, i, new)
        .map_err(|e| EditError::about(id, format!("{} `{id}`: {}", k.label(), e)))?;
    if new_id != id && k != ObjectKind::ServiceResource {
        rename(w, id, &new_id);
        w.note(format!(
            "renamed `{id}` to `{new_id}` everywhere it is referenced"
        ));
    }
    Ok(())
}

/// A route table's routes to gateway endpoints are the endpoints' own: AWS adds one when the table is associated
/// with the endpoint (GE-01) and refuses to edit or delete it (GE-02); it goes with the association or the
/// endpoint. So an edit of the table's JSON may change every route but those.
fn endpoint_routes_unchanged(
    t: &Topology,
    id: &str,
    old: &Value,
    new: &Value,
) -> Result<(), EditError> {
    let is_endpoint_route = |r: &Value| {
        r.get("target")
            .and_then(Value::as_str)
            .is_some_and(|target| {
                t.vpc_endpoints
                    .iter()
                    .any(|e| e.id == target && e.kind == EndpointKind::Gateway)
            })
    };
    let routes = |v: &Value| -> Vec<Value> {
        v.get("routes")
            .and_then(Value::as_array)
            .map(|rs| {
                rs.iter()
                    .filter(|r| is_endpoint_route(r))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    let (before, after) = (routes(old), routes(new));
    let position = |v: &Value, r: &Value| {
        v.get("routes")
            .and_then(Value::as_array)
            .and_then(|rs| rs.iter().position(|x| x == r))
            .map(|i| format!("routes/{i}"))
    };
    let target = |r: &Value| r["target"].as_str().unwrap_or_default().to_string();
    if let Some(r) = before.iter().find(|r| !after.contains(r)) {
        let ep = target(r);
        return Err(EditError {
            subject: Some(id.to_string()),
            field: position(old, r),
            message: format!(
                "route table `{id}`: the route to gateway endpoint `{ep}` is the endpoint's and cannot be edited or \
                 deleted; disconnect `{ep}` from `{id}` (or delete the endpoint) to remove it (GE-02)"
            ),
        });
    }
    if let Some(r) = after.iter().find(|r| !before.contains(r)) {
        let ep = target(r);
        return Err(EditError {
            subject: Some(id.to_string()),
            field: position(new, r),
            message: format!(
                "route table `{id}`: a route to gateway endpoint `{ep}` cannot be added by hand; connect `{ep}` to \
                 `{id}` and AWS adds the route for the service's prefix list (GE-01, GE-02)"
            ),
        });
    }
    Ok(())
}

fn replace_strings(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::String(s) if s == from => *s = to.to_string(),
        Value::Array(a) => a.iter_mut().for_each(|x| replace_strings(x, from, to)),
        Value::Object(m) => m.values_mut().for_each(|x| replace_strings(x, from, to)),
        _ => {}
    }
}

/// Rename an id everywhere: every reference in the topology (any string equal to it), layout keys, flows.
pub(crate) fn rename(w: &mut Work, from: &str, to: &str) {
    if let Ok(mut v) = crate::json::to_value(&w.d.topology) {
        replace_strings(&mut v, from, to);
        if let Ok(t) = crate::json::from_value(&v) {
            w.d.topology = t;
        }
    }
    let old: Vec<(String, crate::diagram::Point)> =
        w.d.layout.iter().map(|(k, p)| (k.to_string(), p)).collect();
    for (k, p) in old {
        let nk = if k == from {
            Some(to.to_string())
        } else if let Some(rest) = k.strip_prefix(&format!("{from}@")) {
            Some(format!("{to}@{rest}"))
        } else {
            k.strip_suffix(&format!("@{from}"))
                .map(|base| format!("{base}@{to}"))
        };
        if let Some(nk) = nk {
            w.d.layout.remove(&k);
            w.d.layout.insert(nk, p);
        }
    }
    for f in &mut w.d.flows {
        if f.spec.from == from {
            f.spec.from = to.to_string();
        }
        if f.spec.to == from {
            f.spec.to = to.to_string();
        }
    }
}
