//! Does a statement apply to a request? (Principal, Action, Resource, Condition — all must match.)

use super::document::{Patterns, PolicyKind, PrincipalEntry, Principals, Statement};
use super::glob::{arn_matches, glob};
use super::request::{role_of_session, Caller, Request};

/// The answer for one statement, with the clauses that explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Applies {
    /// The statement applies; the clauses say why where that is not obvious (conditions, named principals).
    Yes(Vec<String>),
    /// It does not; the clause names the first element that does not match.
    No(String),
}

pub(crate) fn applies(stmt: &Statement, kind: PolicyKind, req: &Request) -> Applies {
    let mut why = Vec::new();
    if let Some(p) = &stmt.principal {
        match principal_clause(p, kind, req) {
            Ok(Some(c)) => why.push(c),
            Ok(None) => {}
            Err(c) => return Applies::No(c),
        }
    }
    match action_clause(&stmt.action, req) {
        Ok(Some(c)) => why.push(c),
        Ok(None) => {}
        Err(c) => return Applies::No(c),
    }
    match resource_clause(&stmt.resource, req) {
        Ok(Some(c)) => why.push(c),
        Ok(None) => {}
        Err(c) => return Applies::No(c),
    }
    for cond in &stmt.conditions {
        let o = cond.evaluate(req);
        if !o.holds {
            return Applies::No(o.why);
        }
        why.push(o.why);
    }
    Applies::Yes(why)
}

fn list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(3).map(|i| format!("`{i}`")).collect();
    let more = if items.len() > 3 {
        format!(" and {} more", items.len() - 3)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

fn principal_matches(entry: &PrincipalEntry, caller: &Caller, kind: PolicyKind) -> bool {
    match (entry, caller) {
        (PrincipalEntry::Anyone, _) => true,
        (PrincipalEntry::Account(a), Caller::Account(c)) => a == c,
        (PrincipalEntry::Account(a), Caller::Arn { arn, account }) => {
            // Gateway endpoints: an account principal means the account's root user only.
            a == account && (kind != PolicyKind::GatewayEndpoint || arn.ends_with(":root"))
        }
        (PrincipalEntry::Arn(p), Caller::Arn { arn, .. }) => {
            p == arn || role_of_session(arn).is_some_and(|role| same_role(p, &role))
        }
        (PrincipalEntry::Service(s), Caller::Service(c)) => s == c,
        (PrincipalEntry::Federated(f), Caller::Other(o))
        | (PrincipalEntry::CanonicalUser(f), Caller::Other(o)) => f == o,
        _ => false,
    }
}

/// `arn:aws:iam::A:role/path/Name` names the same role as `arn:aws:iam::A:role/Name` (session ARNs carry no
/// path).
fn same_role(policy_arn: &str, role: &str) -> bool {
    let strip = |a: &str| -> Option<(String, String)> {
        let (head, res) = a.rsplit_once(':')?;
        let name = res.strip_prefix("role/")?.rsplit('/').next()?.to_string();
        Some((head.to_string(), name))
    };
    matches!((strip(policy_arn), strip(role)), (Some(a), Some(b)) if a == b)
}

fn describe_entry(e: &PrincipalEntry) -> String {
    match e {
        PrincipalEntry::Anyone => "`*`".to_string(),
        PrincipalEntry::Account(a) => format!("account `{a}`"),
        PrincipalEntry::Arn(a) => format!("`{a}`"),
        PrincipalEntry::Service(s) => format!("service `{s}`"),
        PrincipalEntry::Federated(f) => format!("federated `{f}`"),
        PrincipalEntry::CanonicalUser(c) => format!("canonical user `{c}`"),
    }
}

fn principal_clause(
    p: &Principals,
    kind: PolicyKind,
    req: &Request,
) -> Result<Option<String>, String> {
    let caller = req.caller();
    let hit = p
        .entries
        .iter()
        .find(|e| principal_matches(e, &caller, kind));
    let named = || {
        p.entries
            .iter()
            .map(describe_entry)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let root_only = |e: &PrincipalEntry| {
        kind == PolicyKind::GatewayEndpoint
            && matches!((e, &caller), (PrincipalEntry::Account(a), Caller::Arn { account, .. }) if a == account)
    };
    match (p.negated, hit) {
        (false, Some(PrincipalEntry::Anyone)) => Ok(None),
        (false, Some(e)) => Ok(Some(format!("its Principal names {}", describe_entry(e)))),
        (false, None) => {
            let mut msg = format!(
                "its Principal ({}) does not include {}",
                named(),
                caller.describe()
            );
            if p.entries.iter().any(root_only) {
                msg.push_str(
                    " (in a gateway endpoint policy an account principal means only that account's root user)",
                );
            }
            Err(msg)
        }
        (true, None) => Ok(Some(format!(
            "{} is not excluded by its NotPrincipal ({})",
            caller.describe(),
            named()
        ))),
        (true, Some(e)) => Err(format!("its NotPrincipal excludes {}", describe_entry(e))),
    }
}

fn action_clause(a: &Patterns, req: &Request) -> Result<Option<String>, String> {
    let hit = a.items.iter().position(|p| glob(p, &req.action, true));
    let action = &req.action;
    match (a.negated, hit) {
        (false, Some(_)) => Ok(None),
        (false, None) => Err(format!(
            "its Action covers {}, not `{action}`",
            list(&a.items)
        )),
        (true, None) => Ok(Some(format!(
            "`{action}` is not excluded by its NotAction ({})",
            list(&a.items)
        ))),
        (true, Some(i)) => Err(format!(
            "its NotAction excludes `{action}` (`{}`)",
            a.items[i]
        )),
    }
}

fn resource_clause(r: &Patterns, req: &Request) -> Result<Option<String>, String> {
    let hit = r.templates.iter().position(|t| {
        t.resolve(req, true)
            .is_some_and(|p| arn_matches(&p, &req.resource))
    });
    let resource = &req.resource;
    match (r.negated, hit) {
        (false, Some(_)) => Ok(None),
        (false, None) => Err(format!(
            "its Resource covers {}, not `{resource}`",
            list(&r.items)
        )),
        (true, None) => Ok(Some(format!(
            "`{resource}` is not excluded by its NotResource ({})",
            list(&r.items)
        ))),
        (true, Some(i)) => Err(format!(
            "its NotResource excludes `{resource}` (`{}`)",
            r.items[i]
        )),
    }
}
