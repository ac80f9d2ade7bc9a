//! JSON merge patches with lists addressed by id: how a lesson derives its starting diagram from a gallery
//! example and how it writes down its known solution.
//!
//! The rules are RFC 7396's, plus one for lists of objects with ids (the topology's lists of VPCs, subnets,
//! route tables, endpoints …):
//!
//! * an **object** patch merges into an object: `null` removes the member, any other value is merged into it;
//! * an **object** patch on a **list whose items all have a string `id`** addresses the items by id: `null`
//!   removes the item, an object merges into it, and an id the list does not hold appends a new item (its `id`
//!   is set from the key; several new items are appended in the order of their ids, whatever the order of the
//!   patch's members);
//! * anything else (a list, a string, a number …) replaces the value. Lists without ids (routes, rules, flows)
//!   are therefore given whole.
//!
//! ```
//! use serde_json::json;
//! use vpclab_core::lesson::patch::apply;
//!
//! let topology = json!({"vpcs": [{"id": "vpc-a", "enable_dns_hostnames": true}, {"id": "vpc-b"}]});
//! let patch = json!({"vpcs": {"vpc-a": {"enable_dns_support": false}, "vpc-b": null, "vpc-c": {"name": "new"}}});
//! assert_eq!(
//!     apply(&topology, &patch).unwrap(),
//!     json!({"vpcs": [{"id": "vpc-a", "enable_dns_hostnames": true, "enable_dns_support": false},
//!                     {"id": "vpc-c", "name": "new"}]})
//! );
//! ```

use serde_json::{Map, Value};

/// Why a patch cannot be applied: `path` is where in the document (`topology.vpcs`), `message` says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{path}`: {message}")]
pub struct PatchError {
    pub path: String,
    pub message: String,
}

/// `target` with `patch` merged in (see the module doc).
pub fn apply(target: &Value, patch: &Value) -> Result<Value, PatchError> {
    let mut out = target.clone();
    merge(&mut out, patch, "")?;
    Ok(out)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The ids of a list whose items are all objects with a string `id`, in order; `None` for any other list.
fn ids(list: &[Value]) -> Option<Vec<&str>> {
    list.iter()
        .map(|v| v.get("id").and_then(Value::as_str))
        .collect()
}

fn merge(target: &mut Value, patch: &Value, path: &str) -> Result<(), PatchError> {
    let Value::Object(members) = patch else {
        *target = strip_nulls(patch);
        return Ok(());
    };
    match target {
        Value::Object(obj) => merge_object(obj, members, path),
        Value::Array(list) => merge_list(list, members, path),
        _ => {
            let mut obj = Map::new();
            merge_object(&mut obj, members, path)?;
            *target = Value::Object(obj);
            Ok(())
        }
    }
}

fn merge_object(
    obj: &mut Map<String, Value>,
    patch: &Map<String, Value>,
    path: &str,
) -> Result<(), PatchError> {
    for (key, value) in patch {
        if value.is_null() {
            obj.remove(key);
            continue;
        }
        let slot = obj.entry(key.clone()).or_insert(Value::Null);
        merge(slot, value, &join(path, key))?;
    }
    Ok(())
}

fn merge_list(
    list: &mut Vec<Value>,
    patch: &Map<String, Value>,
    path: &str,
) -> Result<(), PatchError> {
    if ids(list).is_none() {
        return Err(PatchError {
            path: path.to_string(),
            message:
                "this list's items have no `id`, so a patch cannot name them: give the whole list"
                    .into(),
        });
    }
    // New items go last, sorted by id: the order of a JSON object's members is not kept by every parser.
    let mut members: Vec<(&String, &Value)> = patch.iter().collect();
    members.sort_by_key(|(id, _)| {
        let exists = list
            .iter()
            .any(|v| v.get("id").and_then(Value::as_str) == Some(id.as_str()));
        (!exists, id.as_str())
    });
    for (id, value) in members {
        let at = list
            .iter()
            .position(|v| v.get("id").and_then(Value::as_str) == Some(id.as_str()));
        let item_path = format!("{path}[id={id}]");
        match (at, value) {
            (Some(i), Value::Null) => {
                list.remove(i);
            }
            (None, Value::Null) => {
                return Err(PatchError {
                    path: item_path,
                    message: format!("cannot remove `{id}`: the list has no item with that id"),
                })
            }
            (Some(i), Value::Object(_)) => merge(&mut list[i], value, &item_path)?,
            (None, Value::Object(_)) => {
                let mut item = Map::new();
                item.insert("id".into(), Value::String(id.clone()));
                let mut item = Value::Object(item);
                merge(&mut item, value, &item_path)?;
                item["id"] = Value::String(id.clone());
                list.push(item);
            }
            (_, _) => return Err(PatchError {
                path: item_path,
                message:
                    "an item of a list with ids is patched with an object (or null to remove it)"
                        .into(),
            }),
        }
    }
    Ok(())
}

fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A patch that turns `from` into `to` (`apply(from, diff(from, to)) == to`), using id-addressed list patches
/// where the ids allow it. Values that are `null` inside `to`'s objects cannot be written by a merge patch; such
/// members are left out (the model never writes `null`).
///
/// ```
/// use serde_json::json;
/// use vpclab_core::lesson::patch::{apply, diff};
///
/// let a = json!({"vpcs": [{"id": "vpc-a"}], "region": "us-east-1"});
/// let b = json!({"vpcs": [{"id": "vpc-a", "name": "app"}, {"id": "vpc-b"}]});
/// let d = diff(&a, &b);
/// assert_eq!(d, json!({"vpcs": {"vpc-a": {"name": "app"}, "vpc-b": {}}, "region": null}));
/// assert_eq!(apply(&a, &d).unwrap(), b);
/// ```
pub fn diff(from: &Value, to: &Value) -> Value {
    match (from, to) {
        (Value::Object(a), Value::Object(b)) => {
            let mut out = Map::new();
            for key in a.keys() {
                if !b.contains_key(key) {
                    out.insert(key.clone(), Value::Null);
                }
            }
            for (key, bv) in b {
                match a.get(key) {
                    Some(av) if av == bv => {}
                    Some(av) => {
                        out.insert(key.clone(), diff(av, bv));
                    }
                    None => {
                        out.insert(key.clone(), whole(bv));
                    }
                }
            }
            Value::Object(out)
        }
        (Value::Array(a), Value::Array(b)) => list_diff(a, b).unwrap_or_else(|| to.clone()),
        _ => whole(to),
    }
}

/// A value given whole: an object must not be merged into what was there, so it is written as it is (a merge
/// into a non-object starts from an empty object, which gives the same result).
fn whole(v: &Value) -> Value {
    strip_nulls(v)
}

/// An id-addressed patch from list `a` to list `b`, when both have ids (unique) and `b` keeps the order of the
/// items it shares with `a`, with new items at the end in id order.
fn list_diff(a: &[Value], b: &[Value]) -> Option<Value> {
    let (ia, ib) = (ids(a)?, ids(b)?);
    let unique = |v: &[&str]| {
        let mut s: Vec<&str> = v.to_vec();
        s.sort_unstable();
        s.windows(2).all(|w| w[0] != w[1])
    };
    if !unique(&ia) || !unique(&ib) || (a.is_empty() && b.is_empty()) {
        return None;
    }
    // The items kept, in `a`'s order, must come first in `b` and in the same order.
    let kept: Vec<&str> = ia.iter().copied().filter(|id| ib.contains(id)).collect();
    if ib.len() < kept.len() || ib[..kept.len()] != kept[..] {
        return None;
    }
    if ib[kept.len()..].windows(2).any(|w| w[0] > w[1]) {
        return None;
    }
    let mut out = Map::new();
    for (i, id) in ia.iter().enumerate() {
        match ib.iter().position(|x| x == id) {
            None => {
                out.insert((*id).to_string(), Value::Null);
            }
            Some(j) if a[i] != b[j] => {
                out.insert((*id).to_string(), diff(&a[i], &b[j]));
            }
            Some(_) => {}
        }
    }
    for (j, id) in ib.iter().enumerate().skip(kept.len()) {
        let mut item = whole(&b[j]);
        if let Value::Object(m) = &mut item {
            m.remove("id");
        }
        out.insert((*id).to_string(), item);
    }
    if out.is_empty() && a.is_empty() {
        return None;
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc7396_examples() {
        // RFC 7396 §3 example.
        let target = json!({"title": "Goodbye!", "author": {"givenName": "John", "familyName": "Doe"},
                            "tags": ["example", "sample"], "content": "This will be unchanged"});
        let patch = json!({"title": "Hello!", "phoneNumber": "+01-123-456-7890",
                           "author": {"familyName": null}, "tags": ["example"]});
        assert_eq!(
            apply(&target, &patch).unwrap(),
            json!({"title": "Hello!", "author": {"givenName": "John"}, "tags": ["example"],
                   "content": "This will be unchanged", "phoneNumber": "+01-123-456-7890"})
        );
        assert_eq!(
            apply(&json!({"a": "b"}), &json!({"a": {"b": null, "c": 1}})).unwrap(),
            json!({"a": {"c": 1}})
        );
        assert_eq!(
            apply(&json!([1, 2]), &json!({"a": "b"})).unwrap_err().path,
            ""
        );
    }

    #[test]
    fn lists_by_id() {
        let t = json!({"subnets": [{"id": "s-1", "az": "a"}, {"id": "s-2"}], "routes": [{"x": 1}]});
        let p = json!({"subnets": {"s-1": {"az": "b"}}});
        assert_eq!(
            apply(&t, &p).unwrap()["subnets"][0],
            json!({"id": "s-1", "az": "b"})
        );
        let e = apply(&t, &json!({"routes": {"r": {}}})).unwrap_err();
        assert_eq!(e.path, "routes");
        let e = apply(&t, &json!({"subnets": {"s-9": null}})).unwrap_err();
        assert_eq!(e.path, "subnets[id=s-9]");
        let e = apply(&t, &json!({"subnets": {"s-1": 3}})).unwrap_err();
        assert_eq!(e.path, "subnets[id=s-1]");
    }

    #[test]
    fn diff_round_trips_between_gallery_examples() {
        let all = crate::gallery::examples();
        for a in &all {
            for b in &all {
                let (va, vb) = (
                    serde_json::to_value(&a.diagram).unwrap(),
                    serde_json::to_value(&b.diagram).unwrap(),
                );
                let d = diff(&va, &vb);
                assert_eq!(apply(&va, &d).unwrap(), vb, "{} → {}", a.id, b.id);
            }
        }
    }

    #[test]
    fn diff_reorders_by_replacing() {
        let a = json!({"l": [{"id": "x"}, {"id": "y"}]});
        let b = json!({"l": [{"id": "y"}, {"id": "x"}]});
        let d = diff(&a, &b);
        assert_eq!(d, json!({"l": [{"id": "y"}, {"id": "x"}]}));
        assert_eq!(apply(&a, &d).unwrap(), b);
        let e = json!({"l": []});
        assert_eq!(apply(&a, &diff(&a, &e)).unwrap(), e);
        assert_eq!(apply(&e, &diff(&e, &a)).unwrap(), a);
    }
}
