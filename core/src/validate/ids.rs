//! Ids: every object has a non-empty id, unique across all kinds.

use super::ctx::{all_ids, Ctx};
use std::collections::HashMap;

pub(super) fn check(cx: &mut Ctx<'_>) {
    let ids = all_ids(cx.t);
    let mut seen: HashMap<&str, Vec<String>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (kind, i, id) in ids {
        if id.trim().is_empty() {
            let subject = format!("{}[{i}]", kind.collection());
            cx.error(
                "EMPTY_ID",
                &subject,
                "id",
                format!("{} has an empty id", kind.with_article()),
            );
            continue;
        }
        let kinds = seen.entry(id).or_default();
        if kinds.is_empty() {
            order.push(id);
        }
        kinds.push(kind.with_article());
    }
    for id in order {
        let kinds = &seen[id];
        if kinds.len() > 1 {
            let msg = format!(
                "id `{id}` is used by {} objects ({}); ids must be unique",
                kinds.len(),
                kinds.join(", ")
            );
            cx.error("DUPLICATE_ID", id, "id", msg);
        }
    }
}
