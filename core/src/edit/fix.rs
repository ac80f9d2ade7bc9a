//! "Fix it": one edit that makes a blocked flow reachable, proven by tracing it again (like
//! [`crate::cost::alternatives`]).
//!
//! The candidates are built from the component the first explanation names: connect it to another object (a
//! route table to a gateway, a peering connection, an endpoint …; a subnet's or instance's route table too), or,
//! for a security group, a rule for the flow's port. Each is applied to a copy with [`apply`] and the flow traced
//! again; the fix offered is the first that makes the flow reachable, preferring the private network. Nothing is
//! proposed when no single edit does it.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::object::{all_ids, find};
use super::{apply, connection, Edit, ObjectKind};
use crate::diagram::Diagram;
use crate::path::{trace, Network, Trace};

/// A proven single-edit fix of a blocked flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// What the edit does, in words.
    pub title: String,
    pub edit: Edit,
    /// The flow's trace after the edit (reachable).
    pub after: Trace,
}

/// At most this many candidate edits are traced.
const MAX_TRIES: usize = 120;

/// The fix of flow `index` of `d`, when it is blocked and one edit makes it reachable.
///
/// ```
/// use vpclab_core::{edit, gallery, trace};
/// let mut d = gallery::example("s3-gateway-endpoint").unwrap().diagram;
/// // Take the endpoint off its route table: the flow then goes nowhere.
/// let ep = d.topology.vpc_endpoints.iter().position(|e| !e.route_table_ids.is_empty()).unwrap();
/// let rt = d.topology.vpc_endpoints[ep].route_table_ids.remove(0);
/// for r in &mut d.topology.route_tables { r.routes.retain(|x| !x.target.starts_with("nat-")); }
/// let i = d.selected_flow.unwrap();
/// if !trace(&d.topology, &d.flows[i].spec).unwrap().reachable {
///     let fix = edit::fix(&d, i).expect("one edit fixes it");
///     assert!(fix.after.reachable);
///     let _ = rt;
/// }
/// ```
pub fn fix(d: &Diagram, index: usize) -> Option<Fix> {
    let flow = d.flows.get(index)?;
    let before = trace(&d.topology, &flow.spec).ok()?;
    if before.reachable {
        return None;
    }
    let component = before.explanations.first()?.component.clone();
    let t = &d.topology;
    let mut candidates: Vec<(String, Edit)> = Vec::new();
    // The component, and for a subnet or instance also the route table it uses.
    let mut ends = vec![component.clone()];
    let subnet = match find(t, &component).map(|(k, _)| k) {
        Some(ObjectKind::Subnet) => Some(component.clone()),
        Some(ObjectKind::Instance) => t
            .instances
            .iter()
            .find(|i| i.id == component)
            .and_then(|i| i.subnet_id.clone()),
        _ => None,
    };
    if let Some(rt) = subnet.and_then(|s| crate::layout::subnet_route_table(t, &s)) {
        ends.push(rt.id.clone());
    }
    let ids = all_ids(t);
    'outer: for from in &ends {
        for (_, to) in &ids {
            if to == from || candidates.len() >= MAX_TRIES {
                if candidates.len() >= MAX_TRIES {
                    break 'outer;
                }
                continue;
            }
            // Only what routes or associates: connecting to an instance adds a default route through it.
            if to.starts_with("i-") || to.starts_with("eni-") || from.starts_with("i-") {
                continue;
            }
            if let Some(hint) = connection(d, from, to) {
                candidates.push((
                    hint,
                    Edit::Connect {
                        from: from.clone(),
                        to: to.to_string(),
                    },
                ));
            }
        }
    }
    if let Some(sg) = t.security_groups.iter().find(|g| g.id == component) {
        let port = flow.spec.port.map(i32::from);
        let protocol = flow
            .spec
            .protocol
            .clone()
            .unwrap_or_else(|| "tcp".into())
            .to_ascii_lowercase();
        let rule = json!({
            "protocol": protocol,
            "from_port": port,
            "to_port": port,
            "cidrs": ["0.0.0.0/0"],
            "description": "added by Fix it",
        });
        for field in ["ingress", "egress"] {
            let mut rules: Vec<Value> = crate::json::to_value(if field == "ingress" {
                &sg.ingress
            } else {
                &sg.egress
            })
            .ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default();
            rules.push(rule.clone());
            candidates.push((
                format!(
                    "allow {} {} {} in security group {}",
                    protocol.to_ascii_uppercase(),
                    port.map(|p| format!("port {p}")).unwrap_or_default(),
                    if field == "ingress" {
                        "inbound"
                    } else {
                        "outbound"
                    },
                    sg.id
                ),
                Edit::Set {
                    id: sg.id.clone(),
                    field: field.into(),
                    value: Value::Array(rules),
                },
            ));
        }
    }
    let mut best: Option<(u8, usize, Fix)> = None;
    for (hint, edit) in candidates {
        let Ok(applied) = apply(d, &edit) else {
            continue;
        };
        let Some(f) = applied.diagram.flows.get(index) else {
            continue;
        };
        let Ok(after) = trace(&applied.diagram.topology, &f.spec) else {
            continue;
        };
        if !after.reachable {
            continue;
        }
        let rank = (
            u8::from(after.network == Some(Network::Public)),
            after.hops.len(),
        );
        if best.as_ref().is_none_or(|(n, h, _)| rank < (*n, *h)) {
            let title = first_upper(&hint.replace('`', ""));
            best = Some((rank.0, rank.1, Fix { title, edit, after }));
        }
    }
    best.map(|(_, _, f)| f)
}

fn first_upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
