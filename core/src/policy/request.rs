//! The request an authorisation decision is about: who (principal), what (action), on what (resource ARN), and
//! the request context (the condition keys the trace engine knows).

use super::glob::UNKNOWN_ACCOUNT;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::IpAddr;

/// Condition keys the trace engine fills (IAM global condition keys; names are case-insensitive).
pub mod keys {
    /// The endpoint a request came through (`vpce-…`). Absent when the request did not use a VPC endpoint.
    pub const SOURCE_VPCE: &str = "aws:SourceVpce";
    /// The VPC of that endpoint (`vpc-…`).
    pub const SOURCE_VPC: &str = "aws:SourceVpc";
    /// `arn:aws:ec2:REGION:ACCOUNT:vpc/vpc-…` (cross-Region PrivateLink and newer services).
    pub const SOURCE_VPC_ARN: &str = "aws:SourceVpcArn";
    /// The private IP of the client, for requests through a VPC endpoint.
    pub const VPC_SOURCE_IP: &str = "aws:VpcSourceIp";
    /// The public IP of the client. **Absent for requests through a VPC endpoint** (GE-15).
    pub const SOURCE_IP: &str = "aws:SourceIp";
    pub const PRINCIPAL_ORG_ID: &str = "aws:PrincipalOrgID";
    pub const PRINCIPAL_ARN: &str = "aws:PrincipalArn";
    pub const PRINCIPAL_ACCOUNT: &str = "aws:PrincipalAccount";
    /// The account that owns the endpoint the request came through.
    pub const VPCE_ACCOUNT: &str = "aws:VpceAccount";
    /// The organization of the account that owns the endpoint.
    pub const VPCE_ORG_ID: &str = "aws:VpceOrgID";
    /// `true` for HTTPS.
    pub const SECURE_TRANSPORT: &str = "aws:SecureTransport";
    pub const USERNAME: &str = "aws:username";
    pub const USERID: &str = "aws:userid";
}

/// The value of one condition key in a request: single-valued (most keys) or multivalued (e.g. `aws:TagKeys`,
/// `aws:PrincipalOrgPaths`). Booleans and IP addresses are strings, as in IAM (`"true"`, `"10.0.1.5"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContextValue {
    One(String),
    Many(Vec<String>),
}

impl ContextValue {
    /// The values; an empty list is the same as an absent key.
    pub fn values(&self) -> Vec<&str> {
        match self {
            ContextValue::One(s) => vec![s.as_str()],
            ContextValue::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

impl From<&str> for ContextValue {
    fn from(s: &str) -> Self {
        ContextValue::One(s.to_string())
    }
}
impl From<String> for ContextValue {
    fn from(s: String) -> Self {
        ContextValue::One(s)
    }
}
impl From<bool> for ContextValue {
    fn from(b: bool) -> Self {
        ContextValue::One(b.to_string())
    }
}
impl From<IpAddr> for ContextValue {
    fn from(ip: IpAddr) -> Self {
        ContextValue::One(ip.to_string())
    }
}
impl From<Vec<String>> for ContextValue {
    fn from(v: Vec<String>) -> Self {
        ContextValue::Many(v)
    }
}

/// One API request as IAM sees it.
///
/// `principal` is the caller:
/// * `""` — unspecified: an authenticated principal of the resource's own account whose ARN the user did not
///   give. It matches `Principal: "*"`, and identity policies are assumed to allow it unless given.
/// * `"*"` or `"anonymous"` — an unsigned request. Only `Principal: "*"` matches it, and no identity policy can
///   allow it (a resource policy must).
/// * an IAM ARN (`arn:aws:iam::111122223333:role/App`, `arn:aws:sts::111122223333:assumed-role/App/session`,
///   `arn:aws:iam::111122223333:root`), a 12-digit account id, or a service principal (`cloudtrail.amazonaws.com`).
///
/// Context keys are looked up case-insensitively ([`keys`] lists the ones the trace fills).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Request {
    pub principal: String,
    /// `service:Action`, e.g. `s3:GetObject`.
    pub action: String,
    /// The resource ARN (see [`Request::for_s3`] and [`Request::for_dynamodb`]).
    pub resource: String,
    /// The account that owns the resource, when known. A caller from another account needs both its identity
    /// policy and the resource policy to allow (cross-account access); within one account either suffices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    pub context: HashMap<String, ContextValue>,
}

/// S3 actions whose resource is the bucket (`arn:aws:s3:::BUCKET`), not its objects. Other `s3:` actions whose
/// name contains `Bucket` are bucket actions too.
const S3_BUCKET_ACTIONS: &[&str] = &[
    "listbucket",
    "listbucketversions",
    "listbucketmultipartuploads",
    "createbucket",
    "deletebucket",
    "getlifecycleconfiguration",
    "putlifecycleconfiguration",
    "getencryptionconfiguration",
    "putencryptionconfiguration",
    "getreplicationconfiguration",
    "putreplicationconfiguration",
    "getaccelerateconfiguration",
    "putaccelerateconfiguration",
    "getanalyticsconfiguration",
    "putanalyticsconfiguration",
    "getinventoryconfiguration",
    "putinventoryconfiguration",
    "getmetricsconfiguration",
    "putmetricsconfiguration",
    "getintelligenttieringconfiguration",
    "putintelligenttieringconfiguration",
];

impl Request {
    /// A request by an unspecified caller (see [`Request`]).
    pub fn new(action: &str, resource: &str) -> Request {
        Request {
            action: action.to_string(),
            resource: resource.to_string(),
            ..Request::default()
        }
    }

    /// An S3 request. `action` defaults to `s3:GetObject`; a bare name (`ListBucket`) gets the `s3:` prefix.
    /// The resource is `arn:aws:s3:::BUCKET/KEY` for object actions (`arn:aws:s3:::BUCKET/*`, read "any object",
    /// without a key: a policy must cover every object of the bucket to match it), `arn:aws:s3:::BUCKET` for
    /// bucket actions (`s3:ListBucket`, `s3:GetBucket*`, …) and `*` for `s3:ListAllMyBuckets`. Without a bucket
    /// the bucket is `*` ("any bucket"). `aws:SecureTransport` is `true` (SDKs and the CLI use HTTPS).
    ///
    /// ```
    /// use vpclab_core::policy::Request;
    /// assert_eq!(Request::for_s3(Some("logs"), None, None).resource, "arn:aws:s3:::logs/*");
    /// assert_eq!(Request::for_s3(Some("logs"), Some("a/b.txt"), None).resource, "arn:aws:s3:::logs/a/b.txt");
    /// let list = Request::for_s3(Some("logs"), None, Some("s3:ListBucket"));
    /// assert_eq!(list.resource, "arn:aws:s3:::logs");
    /// ```
    pub fn for_s3(bucket: Option<&str>, key: Option<&str>, action: Option<&str>) -> Request {
        let action = qualify(action.unwrap_or("s3:GetObject"), "s3");
        let name = action
            .split_once(':')
            .map(|(_, n)| n.to_ascii_lowercase())
            .unwrap_or_default();
        let bucket = bucket.unwrap_or("*");
        let resource = if name == "listallmybuckets" {
            "*".to_string()
        } else if S3_BUCKET_ACTIONS.contains(&name.as_str()) || name.contains("bucket") {
            format!("arn:aws:s3:::{bucket}")
        } else {
            format!("arn:aws:s3:::{bucket}/{}", key.unwrap_or("*"))
        };
        Request::new(&action, &resource).with_context(keys::SECURE_TRANSPORT, true)
    }

    /// A DynamoDB request on `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`. `action` defaults to
    /// `dynamodb:GetItem`. An unknown `account` becomes [`UNKNOWN_ACCOUNT`] (`*`), which matches whatever account
    /// a policy names (the table is assumed to be where the policy expects it); an unknown table is `*`.
    ///
    /// ```
    /// use vpclab_core::policy::Request;
    /// let r = Request::for_dynamodb("us-east-1", None, Some("Orders"), None);
    /// assert_eq!(r.resource, "arn:aws:dynamodb:us-east-1:*:table/Orders");
    /// assert_eq!(r.action, "dynamodb:GetItem");
    /// ```
    pub fn for_dynamodb(
        region: &str,
        account: Option<&str>,
        table: Option<&str>,
        action: Option<&str>,
    ) -> Request {
        let action = qualify(action.unwrap_or("dynamodb:GetItem"), "dynamodb");
        let account = account.unwrap_or(UNKNOWN_ACCOUNT);
        let resource = format!(
            "arn:aws:dynamodb:{region}:{account}:table/{}",
            table.unwrap_or("*")
        );
        let mut req = Request::new(&action, &resource).with_context(keys::SECURE_TRANSPORT, true);
        if account != UNKNOWN_ACCOUNT {
            req.resource_account = Some(account.to_string());
        }
        req
    }

    /// Set the caller (see [`Request`]) and the keys that follow from it: `aws:PrincipalArn` (for a role
    /// session, the role's ARN) and `aws:PrincipalAccount`.
    ///
    /// ```
    /// use vpclab_core::policy::Request;
    /// let r = Request::new("s3:GetObject", "arn:aws:s3:::b/*")
    ///     .with_principal("arn:aws:sts::111122223333:assumed-role/App/i-0abc");
    /// assert_eq!(r.single("aws:principalarn"), Some("arn:aws:iam::111122223333:role/App"));
    /// assert_eq!(r.single("aws:PrincipalAccount"), Some("111122223333"));
    /// ```
    pub fn with_principal(mut self, principal: &str) -> Request {
        self.principal = principal.trim().to_string();
        self.remove(keys::PRINCIPAL_ARN);
        self.remove(keys::PRINCIPAL_ACCOUNT);
        if let Caller::Arn { arn, account } = self.caller() {
            let principal_arn = role_of_session(&arn).unwrap_or(arn);
            self = self.with_context(keys::PRINCIPAL_ARN, principal_arn);
            if !account.is_empty() {
                self = self.with_context(keys::PRINCIPAL_ACCOUNT, account);
            }
        } else if let Caller::Account(account) = self.caller() {
            self = self
                .with_context(keys::PRINCIPAL_ARN, format!("arn:aws:iam::{account}:root"))
                .with_context(keys::PRINCIPAL_ACCOUNT, account);
        }
        self
    }

    /// The request comes through VPC endpoint `vpce_id` in `vpc_id` from private address `private_ip`: sets
    /// `aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp` and removes `aws:SourceIp`, which such a request
    /// does not carry (GE-15).
    pub fn via_endpoint(
        mut self,
        vpce_id: &str,
        vpc_id: &str,
        private_ip: Option<IpAddr>,
    ) -> Request {
        self.remove(keys::SOURCE_IP);
        self = self
            .with_context(keys::SOURCE_VPCE, vpce_id)
            .with_context(keys::SOURCE_VPC, vpc_id);
        match private_ip {
            Some(ip) => self.with_context(keys::VPC_SOURCE_IP, ip),
            None => {
                self.remove(keys::VPC_SOURCE_IP);
                self
            }
        }
    }

    /// The request reaches the service's public endpoint from public address `ip` (through an internet or NAT
    /// gateway): sets `aws:SourceIp` and removes the VPC-endpoint keys.
    pub fn via_public_ip(mut self, ip: IpAddr) -> Request {
        for k in [
            keys::SOURCE_VPCE,
            keys::SOURCE_VPC,
            keys::SOURCE_VPC_ARN,
            keys::VPC_SOURCE_IP,
        ] {
            self.remove(k);
        }
        self.with_context(keys::SOURCE_IP, ip)
    }

    /// Set a context key (replacing any spelling of it that differs only in case).
    pub fn with_context(mut self, key: &str, value: impl Into<ContextValue>) -> Request {
        self.remove(key);
        self.context.insert(key.to_string(), value.into());
        self
    }

    /// The owner of the resource (see [`Request::resource_account`]).
    pub fn with_resource_account(mut self, account: &str) -> Request {
        self.resource_account = Some(account.to_string());
        self
    }

    /// Remove a context key (any letter case).
    pub fn remove(&mut self, key: &str) {
        self.context.retain(|k, _| !k.eq_ignore_ascii_case(key));
    }

    /// A context key's values (case-insensitive name); `None` when absent or empty.
    pub fn get(&self, key: &str) -> Option<Vec<&str>> {
        let value = self.context.get(key).or_else(|| {
            self.context
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })?;
        let values = value.values();
        (!values.is_empty()).then_some(values)
    }

    /// A single-valued context key (the first value of a multivalued one).
    pub fn single(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(|v| v.first().copied())
    }

    pub(crate) fn caller(&self) -> Caller {
        Caller::parse(&self.principal)
    }
}

/// `GetObject` → `s3:GetObject`.
fn qualify(action: &str, service: &str) -> String {
    if action.contains(':') {
        action.to_string()
    } else {
        format!("{service}:{action}")
    }
}

/// `arn:aws:sts::A:assumed-role/Name/session` → `arn:aws:iam::A:role/Name`.
pub(crate) fn role_of_session(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[2] != "sts" {
        return None;
    }
    let rest = parts[5].strip_prefix("assumed-role/")?;
    let name = rest.split('/').next()?;
    Some(format!("arn:{}:iam::{}:role/{name}", parts[1], parts[4]))
}

/// The caller of a request, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Caller {
    Unspecified,
    Anonymous,
    /// An IAM or STS ARN; `account` is its account component.
    Arn {
        arn: String,
        account: String,
    },
    /// A bare 12-digit account id (the account's root).
    Account(String),
    Service(String),
    /// A canonical user id, a federated identity…: compared literally.
    Other(String),
}

impl Caller {
    pub(crate) fn parse(p: &str) -> Caller {
        let p = p.trim();
        if p.is_empty() {
            Caller::Unspecified
        } else if p == "*" || p.eq_ignore_ascii_case("anonymous") {
            Caller::Anonymous
        } else if p.starts_with("arn:") {
            let account = p.split(':').nth(4).unwrap_or("").to_string();
            Caller::Arn {
                arn: p.to_string(),
                account,
            }
        } else if p.len() == 12 && p.bytes().all(|b| b.is_ascii_digit()) {
            Caller::Account(p.to_string())
        } else if p.ends_with(".amazonaws.com") || p.ends_with(".amazonaws.com.cn") {
            Caller::Service(p.to_ascii_lowercase())
        } else {
            Caller::Other(p.to_string())
        }
    }

    pub(crate) fn account(&self) -> Option<&str> {
        match self {
            Caller::Arn { account, .. } if !account.is_empty() => Some(account),
            Caller::Account(a) => Some(a),
            _ => None,
        }
    }

    /// Anonymous callers and AWS services have no identity policies: only a resource policy can allow them.
    pub(crate) fn has_identity(&self) -> bool {
        !matches!(self, Caller::Anonymous | Caller::Service(_))
    }

    /// For sentences: `the anonymous caller`, `` `arn:…` ``.
    pub(crate) fn describe(&self) -> String {
        match self {
            Caller::Unspecified => "the caller (unspecified)".to_string(),
            Caller::Anonymous => "the anonymous caller".to_string(),
            Caller::Arn { arn, .. } => format!("`{arn}`"),
            Caller::Account(a) => format!("account `{a}`"),
            Caller::Service(s) => format!("service `{s}`"),
            Caller::Other(o) => format!("`{o}`"),
        }
    }
}
