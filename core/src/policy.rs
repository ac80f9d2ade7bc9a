//! Endpoint, bucket and identity policies: parsing and IAM evaluation.
//!
//! * [`PolicyDocument::parse`] reads a policy (JSON, or the JSON-in-a-string AWS returns) into statements, with
//!   [`Diagnostic`]s for malformed documents ([`POLICY_MALFORMED`], [`POLICY_TOO_LARGE`]) and warnings
//!   ([`PolicyDocument::warnings`]) for documents that work but probably not as meant (GE-15).
//! * [`Request`] is what is asked: caller, action, resource ARN and the request context (the condition keys the
//!   trace knows: `aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp`, `aws:SourceIp`, …). [`Request::for_s3`]
//!   and [`Request::for_dynamodb`] derive the resource ARN from a destination.
//! * [`evaluate`] decides one policy (or several of one kind) with IAM's logic: an applicable `Deny` wins, else an
//!   applicable `Allow`, else an implicit deny. [`evaluate_layers`] combines what applies to one request — the
//!   endpoint policy, the resource (bucket) policy and the caller's identity policies — and names the policy and
//!   statement that decided, in a sentence.
//!
//! How the layers combine (IAM policy evaluation, as it applies to requests through a VPC endpoint):
//! 1. An explicit `Deny` in any layer denies (IE-19: an endpoint policy that allows `s3:*` does not override a
//!    bucket policy's deny).
//! 2. Every endpoint policy must allow (GE-20: a policy that lists certain buckets denies the others). An endpoint
//!    with no policy has the default full-access policy.
//! 3. Then the identity and the resource policies: within one account **either** allowing suffices (a bucket
//!    policy with only `Deny` statements, as in GE-18/GE-19, leaves the decision to the identity policy); for a
//!    caller from another account ([`Request::resource_account`]) **both** must allow; anonymous callers and AWS
//!    services have no identity policy, so a resource policy must allow them. No identity layer means the caller's
//!    identity policies are assumed to allow; no resource layer means no resource policy.
//!
//! ```
//! use serde_json::json;
//! use vpclab_core::policy::{evaluate_layers, Layer, PolicyDocument, PolicyKind, Request};
//!
//! let bucket = PolicyDocument::parse(
//!     &json!({"Version": "2012-10-17", "Statement": [{
//!         "Sid": "DenyOutsideVpce", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
//!         "Resource": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
//!         "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}]}),
//!     "logs",
//!     PolicyKind::Resource,
//! )
//! .unwrap();
//! let req = Request::for_s3(Some("logs"), None, None).via_endpoint("vpce-2", "vpc-1", None);
//! let layers = [
//!     Layer::endpoint("vpce-2", PolicyKind::GatewayEndpoint, None),
//!     Layer::bucket("logs", Some(&bucket)),
//! ];
//! let d = evaluate_layers(&layers, &req);
//! assert!(!d.is_allowed());
//! assert_eq!(
//!     d.explanation,
//!     "denied by statement `DenyOutsideVpce` of the bucket policy of `logs`: aws:SourceVpce is `vpce-2`, not `vpce-1`"
//! );
//! ```

mod condition;
mod document;
mod eval;
mod glob;
mod request;

pub use crate::diagnostic::Diagnostic;
pub use condition::{Condition, Operator, OperatorSpec, SetOperator};
pub use document::{
    Effect, Patterns, PolicyDocument, PolicyKind, PrincipalEntry, Principals, Statement,
    DEFAULT_ENDPOINT_POLICY,
};
pub use glob::UNKNOWN_ACCOUNT;
pub use request::{keys, ContextValue, Request};

use eval::{applies, Applies};
use serde::Serialize;

/// Error: the document is not a policy AWS would accept (bad JSON, missing or misspelt elements, bad values).
pub const POLICY_MALFORMED: &str = "POLICY_MALFORMED";
/// Error: longer than 20,480 characters, white space included (IE-18; 20 KB for bucket policies).
pub const POLICY_TOO_LARGE: &str = "POLICY_TOO_LARGE";
/// Warning: `"Statement": []` — the policy allows nothing.
pub const POLICY_EMPTY: &str = "POLICY_EMPTY";
/// Warning: an `aws:` condition key AWS does not document (a typo such as `aws:SourceVpcId` makes a negated
/// condition always true).
pub const POLICY_UNKNOWN_CONDITION_KEY: &str = "POLICY_UNKNOWN_CONDITION_KEY";
/// Warning: `IpAddress`/`NotIpAddress` on `aws:SourceIp` with private ranges, which never match (GE-15).
pub const POLICY_SOURCE_IP_PRIVATE: &str = "POLICY_SOURCE_IP_PRIVATE";
/// Warning: a gateway endpoint policy whose `Principal` is not `"*"`.
pub const POLICY_GATEWAY_ENDPOINT_PRINCIPAL: &str = "POLICY_GATEWAY_ENDPOINT_PRINCIPAL";
/// Warning: two statements share a `Sid`.
pub const POLICY_DUPLICATE_SID: &str = "POLICY_DUPLICATE_SID";
/// Warning: `NotPrincipal` with `Allow`.
pub const POLICY_NOT_PRINCIPAL_ALLOW: &str = "POLICY_NOT_PRINCIPAL_ALLOW";
/// Warning: `${…}` in a policy whose `Version` is not `2012-10-17` (matched literally).
pub const POLICY_VARIABLES_IGNORED: &str = "POLICY_VARIABLES_IGNORED";
/// Warning: an operator spelt with other letter case than AWS's, or a `Bool` value other than `true`/`false`.
pub const POLICY_NONCANONICAL: &str = "POLICY_NONCANONICAL";

/// The size limit of endpoint policies in characters, white space included (IE-18), and of S3 bucket policies in
/// bytes (20 KB).
pub const MAX_POLICY_SIZE: usize = 20_480;

/// The outcome of an authorisation decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Allowed,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// No `Allow` statement applies (or a required layer does not allow).
    ImplicitDeny,
}

/// A statement, as sentences name it: `` statement `Sid` `` or `` statement `Statement[2]` ``.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRef {
    /// Position in the policy (0-based).
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

impl std::fmt::Display for StatementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.sid {
            Some(sid) if !sid.is_empty() => write!(f, "statement `{sid}`"),
            _ => write!(f, "statement `Statement[{}]`", self.index),
        }
    }
}

/// An authorisation decision and who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub verdict: Verdict,
    /// The label of the deciding policy: the one whose `Deny` applied, the one that did not allow, or (allowed)
    /// the most specific one that allowed. `None` when no single policy decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<PolicyKind>,
    /// The deciding statement (none for implicit denies and default policies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementRef>,
    /// One sentence, e.g. ``denied by statement `DenyOutsideVpce` of the bucket policy of `logs`: aws:SourceVpce
    /// is `vpce-2`, not `vpce-1` ``.
    pub explanation: String,
    /// [`evaluate_layers`]: each layer's own decision, in the order given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Decision>,
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        self.verdict == Verdict::Allowed
    }

    fn new(verdict: Verdict, policy: &str, kind: PolicyKind, explanation: String) -> Decision {
        Decision {
            verdict,
            policy: Some(policy.to_string()),
            kind: Some(kind),
            statement: None,
            explanation,
            layers: Vec::new(),
        }
    }
}

/// One policy that applies to a request. `doc: None` means the kind's default: the full-access policy for an
/// endpoint (GE-20), no policy for a resource, "assumed to allow" for an identity.
#[derive(Debug, Clone)]
pub struct Layer<'a> {
    /// A noun phrase for sentences, e.g. ``the bucket policy of `logs` ``.
    pub label: String,
    pub kind: PolicyKind,
    pub doc: Option<&'a PolicyDocument>,
}

impl<'a> Layer<'a> {
    pub fn new(
        label: impl Into<String>,
        kind: PolicyKind,
        doc: Option<&'a PolicyDocument>,
    ) -> Layer<'a> {
        Layer {
            label: label.into(),
            kind,
            doc,
        }
    }

    /// ``the endpoint policy of `vpce-…` `` (`kind`: [`PolicyKind::GatewayEndpoint`] or
    /// [`PolicyKind::InterfaceEndpoint`]; see [`PolicyKind::of_endpoint`]).
    pub fn endpoint(
        endpoint_id: &str,
        kind: PolicyKind,
        doc: Option<&'a PolicyDocument>,
    ) -> Layer<'a> {
        Layer::new(format!("the endpoint policy of `{endpoint_id}`"), kind, doc)
    }

    /// ``the bucket policy of `BUCKET` `` (a [`PolicyKind::Resource`] layer).
    pub fn bucket(bucket: &str, doc: Option<&'a PolicyDocument>) -> Layer<'a> {
        Layer::new(
            format!("the bucket policy of `{bucket}`"),
            PolicyKind::Resource,
            doc,
        )
    }

    /// ``the resource policy of table `NAME` `` (a [`PolicyKind::Resource`] layer).
    pub fn table(table: &str, doc: Option<&'a PolicyDocument>) -> Layer<'a> {
        Layer::new(
            format!("the resource policy of table `{table}`"),
            PolicyKind::Resource,
            doc,
        )
    }

    /// ``the identity policy of `WHO` `` (a [`PolicyKind::Identity`] layer).
    pub fn identity(who: &str, doc: Option<&'a PolicyDocument>) -> Layer<'a> {
        Layer::new(
            format!("the identity policy of `{who}`"),
            PolicyKind::Identity,
            doc,
        )
    }
}

/// Decide one policy document (labelled for sentences) for a request.
fn decide(label: &str, kind: PolicyKind, doc: &PolicyDocument, req: &Request) -> Decision {
    let mut allow = None;
    let mut misses = Vec::new();
    for st in &doc.statements {
        match applies(st, kind, req) {
            Applies::Yes(why) => match st.effect {
                Effect::Deny => {
                    let explanation = if why.is_empty() {
                        format!(
                            "denied by {} of {label}, which denies `{}` on `{}`",
                            st.reference(),
                            req.action,
                            req.resource
                        )
                    } else {
                        format!(
                            "denied by {} of {label}: {}",
                            st.reference(),
                            why.join("; ")
                        )
                    };
                    let mut d = Decision::new(Verdict::ExplicitDeny, label, kind, explanation);
                    d.statement = Some(st.reference());
                    return d;
                }
                Effect::Allow => {
                    if allow.is_none() {
                        allow = Some((st, why));
                    }
                }
            },
            Applies::No(why) => {
                if st.effect == Effect::Allow {
                    misses.push(format!("{}: {why}", st.reference()));
                }
            }
        }
    }
    if let Some((st, why)) = allow {
        let mut explanation = format!("allowed by {} of {label}", st.reference());
        if !why.is_empty() {
            explanation.push_str(&format!(": {}", why.join("; ")));
        }
        let mut d = Decision::new(Verdict::Allowed, label, kind, explanation);
        d.statement = Some(st.reference());
        return d;
    }
    let mut explanation = format!(
        "denied implicitly by {label}: no statement allows `{}` on `{}`",
        req.action, req.resource
    );
    if doc.statements.is_empty() {
        explanation.push_str(" (it has no statements)");
    } else if misses.is_empty() {
        explanation.push_str(" (it has only Deny statements)");
    } else {
        let shown: Vec<&str> = misses.iter().take(3).map(String::as_str).collect();
        explanation.push_str(&format!(" ({}", shown.join("; ")));
        if misses.len() > 3 {
            explanation.push_str(&format!("; {} more", misses.len() - 3));
        }
        explanation.push(')');
    }
    Decision::new(Verdict::ImplicitDeny, label, kind, explanation)
}

/// Decide a request against policies of one kind (each document's own [`PolicyDocument::kind`]): an applicable
/// `Deny` in any of them wins, else an applicable `Allow` in any of them, else an implicit deny. Labels are noun
/// phrases for the sentence (``the endpoint policy of `vpce-1` ``).
///
/// ```
/// use vpclab_core::policy::{evaluate, PolicyDocument, PolicyKind, Request, Verdict};
/// let doc = PolicyDocument::parse_str(
///     r#"{"Statement":[{"Sid":"OnlyLogs","Effect":"Allow","Principal":"*","Action":"s3:*",
///        "Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}"#,
///     "vpce-1",
///     PolicyKind::GatewayEndpoint,
/// )
/// .unwrap();
/// let label = "the endpoint policy of `vpce-1`";
/// assert!(evaluate(&[(label, &doc)], &Request::for_s3(Some("logs"), None, None)).is_allowed());
/// let other = evaluate(&[(label, &doc)], &Request::for_s3(Some("other"), None, None));
/// assert_eq!(other.verdict, Verdict::ImplicitDeny);
/// ```
pub fn evaluate(policies: &[(&str, &PolicyDocument)], req: &Request) -> Decision {
    let decisions: Vec<Decision> = policies
        .iter()
        .map(|(label, doc)| decide(label, doc.kind, doc, req))
        .collect();
    if let Some(d) = decisions
        .iter()
        .find(|d| d.verdict == Verdict::ExplicitDeny)
    {
        return d.clone();
    }
    if let Some(d) = decisions.iter().find(|d| d.verdict == Verdict::Allowed) {
        return d.clone();
    }
    match decisions.as_slice() {
        [one] => one.clone(),
        [] => Decision {
            verdict: Verdict::ImplicitDeny,
            policy: None,
            kind: None,
            statement: None,
            explanation: format!(
                "denied implicitly: no policy allows `{}` on `{}`",
                req.action, req.resource
            ),
            layers: Vec::new(),
        },
        many => Decision {
            verdict: Verdict::ImplicitDeny,
            policy: Some(
                policies
                    .iter()
                    .map(|(l, _)| *l)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            kind: many[0].kind,
            statement: None,
            explanation: many
                .iter()
                .map(|d| d.explanation.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            layers: Vec::new(),
        },
    }
}

/// A layer's implicit deny as a clause of a longer sentence: ``the bucket policy of `logs` does not allow it: …``.
fn layer_clause(d: &Decision) -> String {
    let label = d.policy.as_deref().unwrap_or_default();
    match d
        .explanation
        .strip_prefix(&format!("denied implicitly by {label}: "))
    {
        Some(detail) => format!("{label} does not allow it: {detail}"),
        None => d.explanation.clone(),
    }
}

/// One layer's own decision; `None` documents get their kind's default.
fn decide_layer(layer: &Layer, req: &Request) -> Decision {
    let label = layer.label.as_str();
    match (layer.doc, layer.kind) {
        (Some(doc), kind) => decide(label, kind, doc, req),
        (None, kind @ (PolicyKind::GatewayEndpoint | PolicyKind::InterfaceEndpoint)) => {
            Decision::new(
                Verdict::Allowed,
                label,
                kind,
                format!("allowed by {label}, the default policy that allows full access (GE-20)"),
            )
        }
        (None, PolicyKind::Resource) => Decision::new(
            Verdict::ImplicitDeny,
            label,
            PolicyKind::Resource,
            format!("{label} is not set, so it neither allows nor denies"),
        ),
        (None, PolicyKind::Identity) => Decision::new(
            Verdict::Allowed,
            label,
            PolicyKind::Identity,
            format!("{label} is not given and is assumed to allow"),
        ),
    }
}

/// Decide a request against every policy that applies to it — endpoint policies, resource policies (bucket or
/// table) and the caller's identity policies — with the rules in the [module docs](self). The result names the
/// deciding layer and statement; [`Decision::layers`] holds each layer's own decision.
///
/// ```
/// use vpclab_core::policy::{evaluate_layers, Layer, PolicyDocument, PolicyKind, Request, Verdict};
/// let bucket = PolicyDocument::parse_str(
///     r#"{"Statement":[{"Sid":"NoDeletes","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject",
///        "Resource":"arn:aws:s3:::logs/*"}]}"#,
///     "logs",
///     PolicyKind::Resource,
/// )
/// .unwrap();
/// // IE-19: the default endpoint policy allows everything, the bucket policy's deny still wins.
/// let layers = [Layer::endpoint("vpce-1", PolicyKind::InterfaceEndpoint, None), Layer::bucket("logs", Some(&bucket))];
/// let d = evaluate_layers(&layers, &Request::for_s3(Some("logs"), Some("a.txt"), Some("s3:DeleteObject")));
/// assert_eq!(d.verdict, Verdict::ExplicitDeny);
/// assert_eq!(d.policy.as_deref(), Some("the bucket policy of `logs`"));
/// // Reads are allowed: the bucket policy only denies deletes, and the identity policy is assumed to allow.
/// assert!(evaluate_layers(&layers, &Request::for_s3(Some("logs"), None, None)).is_allowed());
/// ```
pub fn evaluate_layers(layers: &[Layer], req: &Request) -> Decision {
    let decisions: Vec<Decision> = layers.iter().map(|l| decide_layer(l, req)).collect();
    let finish = |mut d: Decision| {
        d.layers = decisions.clone();
        d
    };
    // 1. An explicit deny anywhere.
    if let Some(d) = decisions
        .iter()
        .find(|d| d.verdict == Verdict::ExplicitDeny)
    {
        return finish(d.clone());
    }
    // 2. Every endpoint policy must allow.
    let is_kind = |d: &&Decision, f: fn(PolicyKind) -> bool| d.kind.is_some_and(f);
    if let Some(d) = decisions
        .iter()
        .find(|d| is_kind(d, PolicyKind::is_endpoint) && d.verdict != Verdict::Allowed)
    {
        return finish(d.clone());
    }
    // 3. Identity and resource policies.
    let caller = req.caller();
    let resources: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.kind == Some(PolicyKind::Resource))
        .collect();
    let identities: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.kind == Some(PolicyKind::Identity))
        .collect();
    let resource_allow = resources.iter().find(|d| d.is_allowed()).copied();
    let identity_allow = identities.iter().find(|d| d.is_allowed()).copied();
    let identity_given = !identities.is_empty();
    let identity_ok = identity_allow.is_some() || !identity_given;
    let endpoint_allows: Vec<&str> = decisions
        .iter()
        .filter(|d| is_kind(d, PolicyKind::is_endpoint))
        .map(|d| d.explanation.as_str())
        .collect();
    let action = &req.action;
    let resource = &req.resource;
    let cross_account = match (caller.account(), req.resource_account.as_deref()) {
        (Some(c), Some(r)) => c != r,
        _ => false,
    };
    let implicit = |policy: Option<&Decision>, explanation: String| Decision {
        verdict: Verdict::ImplicitDeny,
        policy: policy.and_then(|d| d.policy.clone()),
        kind: policy.and_then(|d| d.kind),
        statement: None,
        explanation,
        layers: Vec::new(),
    };
    let why_not = |ds: &[&Decision]| {
        ds.iter()
            .map(|d| layer_clause(d))
            .collect::<Vec<_>>()
            .join("; ")
    };

    let decided: Result<Vec<&Decision>, Decision> = if !caller.has_identity() {
        match resource_allow {
            Some(r) => Ok(vec![r]),
            None if resources.is_empty() => {
                let who = caller.describe();
                Err(implicit(
                    None,
                    format!(
                        "denied implicitly: {who} has no identity policy, and no resource policy allows \
                         `{action}` on `{resource}`"
                    ),
                ))
            }
            None => {
                let (who, why) = (caller.describe(), why_not(&resources));
                Err(implicit(
                    resources.first().copied(),
                    format!(
                        "denied implicitly: {who} has no identity policy, so a resource policy must allow it; {why}"
                    ),
                ))
            }
        }
    } else if cross_account {
        let (c, r) = (
            caller.account().unwrap_or_default(),
            req.resource_account.as_deref().unwrap_or_default(),
        );
        match (identity_ok, resource_allow) {
            (true, Some(res)) => Ok(identity_allow.into_iter().chain([res]).collect()),
            (_, None) => {
                let why = if resources.is_empty() {
                    "there is none".to_string()
                } else {
                    why_not(&resources)
                };
                Err(implicit(
                    resources.first().copied(),
                    format!(
                        "denied implicitly: a caller from account `{c}` needs the resource policy of account \
                         `{r}` to allow it too; {why}"
                    ),
                ))
            }
            (false, Some(_)) => {
                let why = why_not(&identities);
                Err(implicit(
                    identities.first().copied(),
                    format!(
                        "denied implicitly: cross-account access also needs the caller's identity policy to \
                         allow it; {why}"
                    ),
                ))
            }
        }
    } else if let Some(r) = resource_allow {
        Ok(identity_allow.into_iter().chain([r]).collect())
    } else if identity_ok {
        Ok(identity_allow.into_iter().collect())
    } else {
        let mut all = identities.clone();
        all.extend(resources.iter().copied());
        Err(implicit(
            identities.first().copied(),
            format!("denied implicitly: {}", why_not(&all)),
        ))
    };

    match decided {
        Err(d) => finish(d),
        Ok(allowing) => {
            let mut parts: Vec<String> = endpoint_allows.iter().map(|s| s.to_string()).collect();
            parts.extend(allowing.iter().map(|d| d.explanation.clone()));
            if identity_allow.is_none() && !identity_given && caller.has_identity() {
                if resource_allow.is_none() {
                    let what = if resources.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "no statement of {} denies it, and ",
                            resources
                                .iter()
                                .filter_map(|d| d.policy.as_deref())
                                .collect::<Vec<_>>()
                                .join(" or ")
                        )
                    };
                    parts.push(format!(
                        "{what}the caller's identity policy is assumed to allow it"
                    ));
                }
            } else if identity_allow.is_some() && resource_allow.is_none() && !resources.is_empty()
            {
                parts.push("within one account the identity policy's allow suffices".to_string());
            }
            let deciding = resource_allow.or(identity_allow).or_else(|| {
                decisions
                    .iter()
                    .find(|d| is_kind(d, PolicyKind::is_endpoint))
            });
            let explanation = if parts.is_empty() {
                format!("allowed: nothing restricts `{action}` on `{resource}`")
            } else {
                format!("allowed: {}", parts.join("; "))
            };
            finish(Decision {
                verdict: Verdict::Allowed,
                policy: deciding.and_then(|d| d.policy.clone()),
                kind: deciding.and_then(|d| d.kind),
                statement: deciding.and_then(|d| d.statement.clone()),
                explanation,
                layers: Vec::new(),
            })
        }
    }
}
