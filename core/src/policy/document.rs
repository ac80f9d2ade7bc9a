//! Policy documents: parsing (from JSON or from the JSON-in-a-string AWS returns) with diagnostics.

use super::condition::{Condition, Operator, OperatorSpec};
use super::glob::Template;
use super::*;
use crate::diagnostic::Diagnostic;
use crate::model::{EndpointKind, VpcEndpoint};
use serde::Serialize;
use serde_json::{Map, Value};

/// What a policy is attached to; decides which elements it must have, how account principals match, its size
/// limit, and how it combines with other policies ([`evaluate_layers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// A gateway endpoint's policy. `Principal` must be `"*"` (scope callers with `aws:PrincipalArn`); an account
    /// principal (`"AWS": "111122223333"`) means only that account's root user.
    GatewayEndpoint,
    /// An interface endpoint's policy. An account principal means every user and role of that account.
    InterfaceEndpoint,
    /// A resource-based policy: an S3 bucket policy, a DynamoDB table's resource policy.
    Resource,
    /// An identity-based policy of the caller (no `Principal`).
    Identity,
}

impl PolicyKind {
    /// The policy kind of an endpoint of this kind (only gateway and interface endpoints have policies; the other
    /// kinds are treated as interface endpoints).
    pub fn of_endpoint(kind: &EndpointKind) -> PolicyKind {
        match kind {
            EndpointKind::Gateway => PolicyKind::GatewayEndpoint,
            _ => PolicyKind::InterfaceEndpoint,
        }
    }

    pub fn is_endpoint(self) -> bool {
        matches!(
            self,
            PolicyKind::GatewayEndpoint | PolicyKind::InterfaceEndpoint
        )
    }

    /// The documented size limit: 20,480 characters including white space for endpoint policies (IE-18),
    /// 20 KB for S3 bucket policies; identity policies have several limits and are not checked.
    fn size_limit(self) -> Option<usize> {
        match self {
            PolicyKind::Identity => None,
            _ => Some(MAX_POLICY_SIZE),
        }
    }
}

/// `Allow` or `Deny` (case-sensitive in IAM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// One principal named by a `Principal` or `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`: everyone, including anonymous callers.
    Anyone,
    /// `{"AWS": "111122223333"}` or `{"AWS": "arn:aws:iam::111122223333:root"}`.
    Account(String),
    /// An IAM user, role or role-session ARN (a role also matches its sessions).
    Arn(String),
    /// `{"Service": "cloudtrail.amazonaws.com"}`.
    Service(String),
    Federated(String),
    CanonicalUser(String),
}

/// A `Principal` (or, `negated`, a `NotPrincipal`) element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principals {
    pub negated: bool,
    pub entries: Vec<PrincipalEntry>,
}

/// An `Action`/`NotAction` or `Resource`/`NotResource` element: patterns with `*` and `?`.
#[derive(Debug, Clone, PartialEq)]
pub struct Patterns {
    pub negated: bool,
    pub items: Vec<String>,
    pub(crate) templates: Vec<Template>,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The position in the document (0-based; `Statement[index]`).
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// `None` in identity policies.
    pub principal: Option<Principals>,
    pub action: Patterns,
    pub resource: Patterns,
    /// All must hold.
    pub conditions: Vec<Condition>,
}

impl Statement {
    /// How sentences name the statement: `` statement `Sid` `` or `` statement `Statement[2]` ``.
    pub fn reference(&self) -> StatementRef {
        StatementRef {
            index: self.index,
            sid: self.sid.clone(),
        }
    }
}

/// A parsed, well-formed policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument {
    /// `2012-10-17`, `2008-10-17`, or `None` (treated as `2008-10-17`: no policy variables).
    pub version: Option<String>,
    pub id: Option<String>,
    pub kind: PolicyKind,
    pub statements: Vec<Statement>,
    /// Findings that do not stop the policy from working (e.g. `aws:SourceIp` with private ranges, GE-15).
    pub warnings: Vec<Diagnostic>,
    /// Characters of the document as measured against the size limit (the original text when parsed from a
    /// string; compact JSON when parsed from a value, whose original white space is unknown).
    pub size: usize,
}

/// The default endpoint policy as AWS attaches it (and as `aws ec2 describe-vpc-endpoints` shows it).
pub const DEFAULT_ENDPOINT_POLICY: &str =
    r#"{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}"#;

impl PolicyDocument {
    /// Parse a policy given as JSON, or as a JSON string containing the document (AWS returns `PolicyDocument`
    /// that way). `owner` is the id of what the policy is attached to (`vpce-…`, a bucket name): it becomes the
    /// `subject` of every [`Diagnostic`], whose `field` points into the document (`Statement[1].Effect`).
    ///
    /// `Err` holds the errors (code [`POLICY_MALFORMED`] or [`POLICY_TOO_LARGE`]) of a document AWS would
    /// reject; warnings of a usable document are in [`PolicyDocument::warnings`]. Never panics.
    ///
    /// ```
    /// use serde_json::json;
    /// use vpclab_core::policy::{PolicyDocument, PolicyKind};
    /// let doc = PolicyDocument::parse(
    ///     &json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}),
    ///     "vpce-1",
    ///     PolicyKind::GatewayEndpoint,
    /// )
    /// .unwrap();
    /// assert_eq!(doc.statements.len(), 1);
    /// let bad = PolicyDocument::parse(&json!({"Statement": [{"Effect": "allow"}]}), "vpce-1", PolicyKind::GatewayEndpoint);
    /// let errors = bad.unwrap_err();
    /// assert!(errors.iter().any(|d| d.field == "Statement[0].Effect"));
    /// ```
    pub fn parse(
        value: &Value,
        owner: &str,
        kind: PolicyKind,
    ) -> Result<PolicyDocument, Vec<Diagnostic>> {
        match value {
            Value::String(text) => PolicyDocument::parse_str(text, owner, kind),
            _ => {
                let text = crate::json::to_string(value).unwrap_or_default();
                Parser::new(owner, kind).document(value, measure(&text, kind))
            }
        }
    }

    /// Parse a policy from its JSON text (white space counts towards the size limit, IE-18).
    pub fn parse_str(
        text: &str,
        owner: &str,
        kind: PolicyKind,
    ) -> Result<PolicyDocument, Vec<Diagnostic>> {
        let mut p = Parser::new(owner, kind);
        match crate::json::from_str::<Value>(text) {
            Ok(Value::String(inner)) => {
                p.error(
                    "",
                    format!(
                        "the policy is a JSON string (`{}`), not a policy document",
                        ellipsis(&inner)
                    ),
                );
                Err(p.errors)
            }
            Ok(value) => p.document(&value, measure(text, kind)),
            Err(e) => {
                p.error("", format!("the policy is not valid JSON: {e}"));
                Err(p.errors)
            }
        }
    }

    /// The default endpoint policy: full access (GE-20).
    pub fn default_endpoint_policy(kind: PolicyKind) -> PolicyDocument {
        PolicyDocument::parse_str(DEFAULT_ENDPOINT_POLICY, "", kind)
            .expect("the default endpoint policy parses")
    }

    /// The policy of a model endpoint: its `policy`, or the default full-access policy when it has none.
    pub fn of_endpoint(endpoint: &VpcEndpoint) -> Result<PolicyDocument, Vec<Diagnostic>> {
        let kind = PolicyKind::of_endpoint(&endpoint.kind);
        match &endpoint.policy {
            None | Some(Value::Null) => Ok(PolicyDocument::default_endpoint_policy(kind)),
            Some(v) => PolicyDocument::parse(v, &endpoint.id, kind),
        }
    }

    /// Whether `${…}` in values is a policy variable (only in `Version` `2012-10-17`).
    pub fn has_variables(&self) -> bool {
        self.version.as_deref() == Some("2012-10-17")
    }
}

fn measure(text: &str, kind: PolicyKind) -> usize {
    match kind {
        // "20,480 characters, including white space".
        PolicyKind::GatewayEndpoint | PolicyKind::InterfaceEndpoint => text.chars().count(),
        // S3: "20 KB".
        _ => text.len(),
    }
}

fn ellipsis(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Global condition keys AWS documents (lower case). Keys with a `/…` suffix are prefixes.
const GLOBAL_KEYS: &[&str] = &[
    "aws:calledvia",
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:currenttime",
    "aws:epochtime",
    "aws:federatedprovider",
    "aws:multifactorauthage",
    "aws:multifactorauthpresent",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalisawsservice",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:principalservicenameslist",
    "aws:principaltype",
    "aws:referer",
    "aws:requestedregion",
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:resourceorgpaths",
    "aws:securetransport",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceidentity",
    "aws:sourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourceowner",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourcevpcarn",
    "aws:tagkeys",
    "aws:tokenissuetime",
    "aws:useragent",
    "aws:userid",
    "aws:username",
    "aws:viaawsservice",
    "aws:vpcsourceip",
    "aws:vpceaccount",
    "aws:vpceorgid",
    "aws:vpceorgpaths",
    "aws:ec2instancesourcevpc",
    "aws:ec2instancesourceprivateipv4",
    "aws:assumedroot",
    "aws:chatbotsourcearn",
];
const GLOBAL_KEY_PREFIXES: &[&str] = &["aws:principaltag/", "aws:requesttag/", "aws:resourcetag/"];

/// Canonical spellings for "did you mean" hints.
const KEY_SPELLINGS: &[&str] = &[
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:SourceVpcArn",
    "aws:VpcSourceIp",
    "aws:SourceIp",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    "aws:VpceOrgPaths",
    "aws:SecureTransport",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:PrincipalIsAWSService",
    "aws:userid",
    "aws:username",
];

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

const TOP_KEYS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

struct Parser {
    owner: String,
    kind: PolicyKind,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    variables: bool,
}

impl Parser {
    fn new(owner: &str, kind: PolicyKind) -> Parser {
        Parser {
            owner: owner.to_string(),
            kind,
            errors: Vec::new(),
            warnings: Vec::new(),
            variables: false,
        }
    }

    fn error(&mut self, field: &str, message: String) {
        self.errors.push(Diagnostic::error(
            POLICY_MALFORMED,
            self.owner.clone(),
            field,
            message,
        ));
    }

    fn warn(&mut self, code: &str, field: &str, message: String) {
        self.warnings.push(Diagnostic::warning(
            code,
            self.owner.clone(),
            field,
            message,
        ));
    }

    fn unknown_keys(
        &mut self,
        obj: &Map<String, Value>,
        allowed: &[&str],
        prefix: &str,
        what: &str,
    ) {
        for k in obj.keys() {
            if allowed.contains(&k.as_str()) {
                continue;
            }
            let field = join(prefix, k);
            match allowed.iter().find(|a| a.eq_ignore_ascii_case(k)) {
                Some(a) => self.error(
                    &field,
                    format!("element names are case-sensitive: write `{a}`, not `{k}`"),
                ),
                None => self.error(
                    &field,
                    format!(
                        "unknown {what} element `{k}` (expected one of {})",
                        allowed.join(", ")
                    ),
                ),
            }
        }
    }

    fn document(mut self, value: &Value, size: usize) -> Result<PolicyDocument, Vec<Diagnostic>> {
        if let Some(limit) = self.kind.size_limit() {
            if size > limit {
                let what = if self.kind.is_endpoint() {
                    "an endpoint policy (IE-18)"
                } else {
                    "a bucket policy"
                };
                self.errors.push(Diagnostic::error(
                    POLICY_TOO_LARGE,
                    self.owner.clone(),
                    "",
                    format!("the policy is {size} characters long; {what} may have at most {limit}, white space included"),
                ));
            }
        }
        let Value::Object(top) = value else {
            self.error(
                "",
                format!(
                    "a policy document is a JSON object, not {}",
                    json_type(value)
                ),
            );
            return Err(self.errors);
        };
        self.unknown_keys(top, TOP_KEYS, "", "policy");
        let version = match top.get("Version") {
            None => None,
            Some(Value::String(v)) if v == "2012-10-17" || v == "2008-10-17" => Some(v.clone()),
            Some(other) => {
                self.error(
                    "Version",
                    format!(
                        "`Version` must be `2012-10-17` or `2008-10-17`, not {}",
                        show(other)
                    ),
                );
                None
            }
        };
        self.variables = version.as_deref() == Some("2012-10-17");
        let id = match top.get("Id") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.error(
                    "Id",
                    format!("`Id` must be a string, not {}", json_type(other)),
                );
                None
            }
        };
        let mut statements = Vec::new();
        match top.get("Statement") {
            None => self.error("Statement", "the policy has no `Statement`".to_string()),
            Some(Value::Object(s)) => {
                if let Some(st) = self.statement(s, 0, "Statement") {
                    statements.push(st);
                }
            }
            Some(Value::Array(items)) => {
                if items.is_empty() {
                    self.warn(
                        POLICY_EMPTY,
                        "Statement",
                        "the policy has no statements, so it allows nothing".into(),
                    );
                }
                for (i, item) in items.iter().enumerate() {
                    let field = format!("Statement[{i}]");
                    match item {
                        Value::Object(s) => {
                            if let Some(st) = self.statement(s, i, &field) {
                                statements.push(st);
                            }
                        }
                        other => self.error(
                            &field,
                            format!("a statement is a JSON object, not {}", json_type(other)),
                        ),
                    }
                }
            }
            Some(other) => self.error(
                "Statement",
                format!(
                    "`Statement` must be an object or an array of objects, not {}",
                    json_type(other)
                ),
            ),
        }
        let mut seen: Vec<(&str, usize)> = Vec::new();
        let mut dup = Vec::new();
        for s in &statements {
            if let Some(sid) = s.sid.as_deref() {
                if let Some((_, first)) = seen.iter().find(|(x, _)| *x == sid) {
                    dup.push((s.index, sid.to_string(), *first));
                } else {
                    seen.push((sid, s.index));
                }
            }
        }
        for (i, sid, first) in dup {
            self.warn(
                POLICY_DUPLICATE_SID,
                &format!("Statement[{i}].Sid"),
                format!("`Sid` `{sid}` is already used by Statement[{first}]; statement ids should be unique"),
            );
        }
        if !self.variables {
            let uses_vars = statements.iter().any(|s| {
                s.resource.items.iter().any(|r| r.contains("${"))
                    || s.conditions
                        .iter()
                        .any(|c| c.values.iter().any(|v| v.contains("${")))
            });
            if uses_vars {
                self.warn(
                    POLICY_VARIABLES_IGNORED,
                    "Version",
                    "the policy uses `${…}` but its `Version` is not `2012-10-17`, so the text is matched literally"
                        .into(),
                );
            }
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        Ok(PolicyDocument {
            version,
            id,
            kind: self.kind,
            statements,
            warnings: self.warnings,
            size,
        })
    }

    fn statement(
        &mut self,
        s: &Map<String, Value>,
        index: usize,
        prefix: &str,
    ) -> Option<Statement> {
        let errors_before = self.errors.len();
        self.unknown_keys(s, STATEMENT_KEYS, prefix, "statement");
        let f = |k: &str| format!("{prefix}.{k}");
        let sid = match s.get("Sid") {
            None => None,
            Some(Value::String(v)) => Some(v.clone()),
            Some(other) => {
                self.error(
                    &f("Sid"),
                    format!("`Sid` must be a string, not {}", json_type(other)),
                );
                None
            }
        };
        let effect = match s.get("Effect") {
            Some(Value::String(e)) if e == "Allow" => Some(Effect::Allow),
            Some(Value::String(e)) if e == "Deny" => Some(Effect::Deny),
            Some(Value::String(e))
                if e.eq_ignore_ascii_case("allow") || e.eq_ignore_ascii_case("deny") =>
            {
                let want = if e.eq_ignore_ascii_case("allow") {
                    "Allow"
                } else {
                    "Deny"
                };
                self.error(
                    &f("Effect"),
                    format!("`Effect` is case-sensitive: write `{want}`, not `{e}`"),
                );
                None
            }
            Some(other) => {
                self.error(
                    &f("Effect"),
                    format!("`Effect` must be `Allow` or `Deny`, not {}", show(other)),
                );
                None
            }
            None => {
                self.error(
                    &f("Effect"),
                    "the statement has no `Effect` (`Allow` or `Deny`)".into(),
                );
                None
            }
        };
        let principal = self.principals(s, prefix, effect);
        let action = self.patterns(s, prefix, "Action", "NotAction", |a| {
            (a == "*"
                || a.split_once(':')
                    .is_some_and(|(svc, name)| !svc.is_empty() && !name.is_empty()))
            .then_some(())
            .ok_or_else(|| format!("`{a}` is not `*` or `service:action` (e.g. `s3:GetObject`)"))
        });
        let resource = self.patterns(s, prefix, "Resource", "NotResource", |r| {
            (r == "*" || (r.starts_with("arn:") && (r.split(':').count() >= 6 || r.ends_with('*'))))
                .then_some(())
                .ok_or_else(|| {
                    format!("`{r}` is not `*` or an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`)")
                })
        });
        let conditions = match s.get("Condition") {
            None => Vec::new(),
            Some(Value::Object(c)) => self.conditions(c, &f("Condition")),
            Some(other) => {
                self.error(
                    &f("Condition"),
                    format!("`Condition` must be an object, not {}", json_type(other)),
                );
                Vec::new()
            }
        };
        if self.errors.len() > errors_before {
            return None;
        }
        Some(Statement {
            index,
            sid,
            effect: effect?,
            principal,
            action: action?,
            resource: resource?,
            conditions,
        })
    }

    fn principals(
        &mut self,
        s: &Map<String, Value>,
        prefix: &str,
        effect: Option<Effect>,
    ) -> Option<Principals> {
        let (key, negated, value) = match (s.get("Principal"), s.get("NotPrincipal")) {
            (Some(_), Some(_)) => {
                self.error(
                    &format!("{prefix}.NotPrincipal"),
                    "a statement has `Principal` or `NotPrincipal`, not both".into(),
                );
                return None;
            }
            (Some(v), None) => ("Principal", false, v),
            (None, Some(v)) => ("NotPrincipal", true, v),
            (None, None) => {
                match self.kind {
                    PolicyKind::Identity => {}
                    k => {
                        let what = if k.is_endpoint() {
                            "an endpoint policy"
                        } else {
                            "a resource-based policy"
                        };
                        self.error(
                            &format!("{prefix}.Principal"),
                            format!("every statement of {what} needs a `Principal` (use `\"*\"` and conditions to scope it)"),
                        );
                    }
                }
                return None;
            }
        };
        let field = format!("{prefix}.{key}");
        if self.kind == PolicyKind::Identity {
            self.error(&field, format!("an identity-based policy has no `{key}`: it applies to the identity it is attached to"));
            return None;
        }
        let mut entries = Vec::new();
        match value {
            Value::String(v) if v == "*" => entries.push(PrincipalEntry::Anyone),
            Value::Object(map) => {
                for (ptype, pvalue) in map {
                    let pfield = format!("{field}.{ptype}");
                    let list = match pvalue {
                        Value::String(v) => vec![v.clone()],
                        Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_string) => a
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect(),
                        other => {
                            self.error(&pfield, format!("principals are a string or a non-empty array of strings, not {}", show(other)));
                            continue;
                        }
                    };
                    for v in list {
                        match self.principal_entry(ptype, &v, &pfield) {
                            Some(e) => entries.push(e),
                            None => continue,
                        }
                    }
                }
                if map.is_empty() {
                    self.error(&field, format!("`{key}` names no principal"));
                }
            }
            other => {
                self.error(&field, format!("`{key}` must be `\"*\"` or an object such as {{\"AWS\": \"arn:…\"}}, not {}", show(other)));
                return None;
            }
        }
        if self.kind == PolicyKind::GatewayEndpoint
            && (negated || entries.iter().any(|e| *e != PrincipalEntry::Anyone))
        {
            self.warn(
                POLICY_GATEWAY_ENDPOINT_PRINCIPAL,
                &field,
                "a gateway endpoint policy's `Principal` must be `\"*\"`: scope callers with the `aws:PrincipalArn` condition key; an account principal here means only that account's root user".into(),
            );
        }
        if negated && effect == Some(Effect::Allow) {
            self.warn(
                POLICY_NOT_PRINCIPAL_ALLOW,
                &field,
                "`NotPrincipal` with `Allow` grants access to everyone not listed, including anonymous callers".into(),
            );
        }
        Some(Principals { negated, entries })
    }

    fn principal_entry(&mut self, ptype: &str, v: &str, field: &str) -> Option<PrincipalEntry> {
        let v = v.trim();
        match ptype {
            "AWS" => {
                if v == "*" {
                    Some(PrincipalEntry::Anyone)
                } else if v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()) {
                    Some(PrincipalEntry::Account(v.to_string()))
                } else if v.contains(['*', '?']) {
                    self.error(
                        field,
                        format!("`{v}`: a principal cannot contain wildcards; use `\"Principal\": \"*\"` with an `ArnLike` condition on `aws:PrincipalArn` (GE-20)"),
                    );
                    None
                } else if let Some(rest) = v.strip_prefix("arn:") {
                    let parts: Vec<&str> = rest.splitn(5, ':').collect();
                    if parts.len() != 5 {
                        self.error(field, format!("`{v}` is not an ARN"));
                        None
                    } else if parts[4] == "root" {
                        Some(PrincipalEntry::Account(parts[3].to_string()))
                    } else {
                        Some(PrincipalEntry::Arn(v.to_string()))
                    }
                } else {
                    self.error(
                        field,
                        format!("`{v}` is not `*`, an account id or an IAM ARN"),
                    );
                    None
                }
            }
            "Service" => Some(PrincipalEntry::Service(v.to_ascii_lowercase())),
            "Federated" => Some(PrincipalEntry::Federated(v.to_string())),
            "CanonicalUser" => Some(PrincipalEntry::CanonicalUser(v.to_string())),
            other => {
                let hint = ["AWS", "Service", "Federated", "CanonicalUser"]
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(other))
                    .map(|k| format!(" (principal types are case-sensitive: write `{k}`)"))
                    .unwrap_or_default();
                self.error(
                    field,
                    format!("unknown principal type `{other}`{hint}; expected AWS, Service, Federated or CanonicalUser"),
                );
                None
            }
        }
    }

    fn patterns(
        &mut self,
        s: &Map<String, Value>,
        prefix: &str,
        key: &str,
        not_key: &str,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Option<Patterns> {
        let (name, negated, value) = match (s.get(key), s.get(not_key)) {
            (Some(_), Some(_)) => {
                self.error(
                    &format!("{prefix}.{not_key}"),
                    format!("a statement has `{key}` or `{not_key}`, not both"),
                );
                return None;
            }
            (Some(v), None) => (key, false, v),
            (None, Some(v)) => (not_key, true, v),
            (None, None) => {
                self.error(
                    &format!("{prefix}.{key}"),
                    format!("the statement has no `{key}` or `{not_key}`"),
                );
                return None;
            }
        };
        let field = format!("{prefix}.{name}");
        let items: Vec<String> = match value {
            Value::String(v) => vec![v.clone()],
            Value::Array(a) if !a.is_empty() && a.iter().all(Value::is_string) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            other => {
                self.error(
                    &field,
                    format!(
                        "`{name}` is a string or a non-empty array of strings, not {}",
                        show(other)
                    ),
                );
                return None;
            }
        };
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            if let Err(msg) = check(item) {
                let f = if matches!(value, Value::Array(_)) {
                    format!("{field}[{i}]")
                } else {
                    field.clone()
                };
                self.error(&f, msg);
                ok = false;
            }
        }
        // Actions take no policy variables; resources do (Version 2012-10-17).
        let variables = self.variables && key == "Resource";
        let templates = items
            .iter()
            .map(|i| Template::parse(i, variables))
            .collect();
        ok.then_some(Patterns {
            negated,
            items,
            templates,
        })
    }

    fn conditions(&mut self, block: &Map<String, Value>, field: &str) -> Vec<Condition> {
        let mut out = Vec::new();
        for (op_text, entries) in block {
            let op_field = format!("{field}.{op_text}");
            let spec = match OperatorSpec::parse(op_text) {
                Ok((spec, noncanonical)) => {
                    if noncanonical {
                        self.warn(
                            POLICY_NONCANONICAL,
                            &op_field,
                            format!("AWS spells this operator `{}`", spec.canonical()),
                        );
                    }
                    spec
                }
                Err(msg) => {
                    self.error(&op_field, msg);
                    continue;
                }
            };
            let Value::Object(entries) = entries else {
                self.error(
                    &op_field,
                    format!(
                        "`{op_text}` maps condition keys to values; found {}",
                        json_type(entries)
                    ),
                );
                continue;
            };
            if entries.is_empty() {
                self.error(&op_field, format!("`{op_text}` has no condition keys"));
            }
            for (key, values) in entries {
                let key_field = format!("{op_field}.{key}");
                let list: Vec<String> = match values {
                    Value::Array(a) if !a.is_empty() && a.iter().all(is_scalar) => {
                        a.iter().map(scalar).collect()
                    }
                    v if is_scalar(v) => vec![scalar(v)],
                    other => {
                        self.error(&key_field, format!("condition values are strings, numbers or booleans (or a non-empty array of them), not {}", show(other)));
                        continue;
                    }
                };
                if key.trim().is_empty() {
                    self.error(&key_field, "empty condition key".into());
                    continue;
                }
                self.check_key(key, &key_field);
                match Condition::new(spec, op_text, key, list, self.variables) {
                    Ok(c) => {
                        self.lint_condition(&c, &key_field);
                        out.push(c);
                    }
                    Err(msg) => self.error(&key_field, msg),
                }
            }
        }
        out
    }

    fn check_key(&mut self, key: &str, field: &str) {
        let lower = key.to_ascii_lowercase();
        if !lower.starts_with("aws:")
            || GLOBAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&lower))
            || GLOBAL_KEY_PREFIXES.iter().any(|p| lower.starts_with(p))
        {
            return;
        }
        let best = KEY_SPELLINGS
            .iter()
            .map(|k| (levenshtein(&k.to_ascii_lowercase(), &lower), *k))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, k)| format!(" Did you mean `{k}`?"))
            .unwrap_or_default();
        self.warn(
            POLICY_UNKNOWN_CONDITION_KEY,
            field,
            format!("`{key}` is not a global condition key AWS documents, so requests never carry it: a positive operator on it is always false and a negated one always true.{best}"),
        );
    }

    fn lint_condition(&mut self, c: &Condition, field: &str) {
        let op = c.spec.operator;
        if matches!(op, Operator::IpAddress | Operator::NotIpAddress)
            && c.key.eq_ignore_ascii_case("aws:SourceIp")
        {
            let private: Vec<String> = c
                .networks()
                .iter()
                .filter(|n| is_private(n))
                .map(|n| n.to_string())
                .collect();
            if !private.is_empty() {
                self.warn(
                    POLICY_SOURCE_IP_PRIVATE,
                    field,
                    format!(
                        "aws:SourceIp never carries a private address ({}): a request through a VPC endpoint has no aws:SourceIp at all (GE-15). Use aws:VpcSourceIp, aws:SourceVpc or aws:SourceVpce",
                        private.join(", ")
                    ),
                );
            }
        }
        if op == Operator::Bool {
            for v in &c.values {
                if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") {
                    self.warn(
                        POLICY_NONCANONICAL,
                        field,
                        format!("`Bool` compares with `true` or `false`; `{v}` never matches"),
                    );
                }
            }
        }
    }
}

fn is_private(n: &ipnet::IpNet) -> bool {
    match n {
        ipnet::IpNet::V4(v4) => {
            let a = v4.network();
            (a.is_private() || a.is_loopback() || a.is_link_local()) && v4.prefix_len() >= 8
        }
        ipnet::IpNet::V6(v6) => {
            let seg = v6.network().segments()[0];
            (seg & 0xfe00) == 0xfc00 && v6.prefix_len() >= 7
        }
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value for a message: short JSON, or its type.
fn show(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() <= 60 {
        format!("`{s}`")
    } else {
        json_type(v).to_string()
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}
