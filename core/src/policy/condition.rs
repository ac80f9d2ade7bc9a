//! The `Condition` element: operators, their values, and evaluation with IAM's rules for absent keys, multiple
//! values (OR; NOR for negated operators), `…IfExists` and the `ForAnyValue:`/`ForAllValues:` set operators.

use super::glob::{arn_matches, matches, Template};
use super::request::{keys, Request};
use ipnet::IpNet;
use serde::Serialize;
use std::net::IpAddr;

/// A condition operator without its `…IfExists` suffix or set prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Operator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

use Operator as O;

const OPERATORS: &[(&str, Operator)] = &[
    ("StringEquals", O::StringEquals),
    ("StringNotEquals", O::StringNotEquals),
    ("StringEqualsIgnoreCase", O::StringEqualsIgnoreCase),
    ("StringNotEqualsIgnoreCase", O::StringNotEqualsIgnoreCase),
    ("StringLike", O::StringLike),
    ("StringNotLike", O::StringNotLike),
    ("NumericEquals", O::NumericEquals),
    ("NumericNotEquals", O::NumericNotEquals),
    ("NumericLessThan", O::NumericLessThan),
    ("NumericLessThanEquals", O::NumericLessThanEquals),
    ("NumericGreaterThan", O::NumericGreaterThan),
    ("NumericGreaterThanEquals", O::NumericGreaterThanEquals),
    ("DateEquals", O::DateEquals),
    ("DateNotEquals", O::DateNotEquals),
    ("DateLessThan", O::DateLessThan),
    ("DateLessThanEquals", O::DateLessThanEquals),
    ("DateGreaterThan", O::DateGreaterThan),
    ("DateGreaterThanEquals", O::DateGreaterThanEquals),
    ("Bool", O::Bool),
    ("BinaryEquals", O::BinaryEquals),
    ("IpAddress", O::IpAddress),
    ("NotIpAddress", O::NotIpAddress),
    ("ArnEquals", O::ArnEquals),
    ("ArnLike", O::ArnLike),
    ("ArnNotEquals", O::ArnNotEquals),
    ("ArnNotLike", O::ArnNotLike),
    ("Null", O::Null),
];

impl Operator {
    /// The canonical name, e.g. `StringNotEquals`.
    pub fn name(self) -> &'static str {
        OPERATORS
            .iter()
            .find(|(_, o)| *o == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }

    /// Negated operators hold when the key matches **none** of the values, and when the key is absent.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            O::StringNotEquals
                | O::StringNotEqualsIgnoreCase
                | O::StringNotLike
                | O::NumericNotEquals
                | O::DateNotEquals
                | O::NotIpAddress
                | O::ArnNotEquals
                | O::ArnNotLike
        )
    }

    fn family(self) -> Family {
        match self {
            O::StringEquals | O::StringNotEquals => Family::Str {
                like: false,
                ignore_case: false,
            },
            O::StringEqualsIgnoreCase | O::StringNotEqualsIgnoreCase => Family::Str {
                like: false,
                ignore_case: true,
            },
            O::StringLike | O::StringNotLike => Family::Str {
                like: true,
                ignore_case: false,
            },
            O::ArnEquals | O::ArnLike | O::ArnNotEquals | O::ArnNotLike => Family::Arn,
            O::NumericEquals
            | O::NumericNotEquals
            | O::NumericLessThan
            | O::NumericLessThanEquals
            | O::NumericGreaterThan
            | O::NumericGreaterThanEquals => Family::Num,
            O::DateEquals
            | O::DateNotEquals
            | O::DateLessThan
            | O::DateLessThanEquals
            | O::DateGreaterThan
            | O::DateGreaterThanEquals => Family::Date,
            O::Bool => Family::Bool,
            O::BinaryEquals => Family::Binary,
            O::IpAddress | O::NotIpAddress => Family::Ip,
            O::Null => Family::Null,
        }
    }

    /// For ordered comparisons: does `request` relate to `policy` as the operator asks (negation aside)?
    fn ordered(self, request: f64, policy: f64) -> bool {
        match self {
            O::NumericLessThan | O::DateLessThan => request < policy,
            O::NumericLessThanEquals | O::DateLessThanEquals => request <= policy,
            O::NumericGreaterThan | O::DateGreaterThan => request > policy,
            O::NumericGreaterThanEquals | O::DateGreaterThanEquals => request >= policy,
            _ => request == policy,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Str { like: bool, ignore_case: bool },
    Arn,
    Num,
    Date,
    Bool,
    Binary,
    Ip,
    Null,
}

/// `ForAnyValue:` / `ForAllValues:` (for multivalued keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SetOperator {
    ForAnyValue,
    ForAllValues,
}

/// A parsed operator name: `[ForAnyValue:|ForAllValues:]Operator[IfExists]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OperatorSpec {
    pub set: Option<SetOperator>,
    pub operator: Operator,
    pub if_exists: bool,
}

impl OperatorSpec {
    /// Parse an operator name. Names are matched case-insensitively; the second value says whether the letter
    /// case differs from AWS's spelling. `Err` explains an unknown operator.
    pub fn parse(text: &str) -> Result<(OperatorSpec, bool), String> {
        let mut rest = text.trim();
        let mut set = None;
        if let Some((prefix, op)) = rest.split_once(':') {
            set = Some(if prefix.eq_ignore_ascii_case("ForAnyValue") {
                SetOperator::ForAnyValue
            } else if prefix.eq_ignore_ascii_case("ForAllValues") {
                SetOperator::ForAllValues
            } else {
                return Err(format!(
                    "unknown set operator `{prefix}:` (only `ForAnyValue:` and `ForAllValues:` exist)"
                ));
            });
            rest = op;
        }
        let mut if_exists = false;
        if rest.len() > 8
            && rest.is_char_boundary(rest.len() - 8)
            && rest[rest.len() - 8..].eq_ignore_ascii_case("IfExists")
        {
            if_exists = true;
            rest = &rest[..rest.len() - 8];
        }
        let Some((_, operator)) = OPERATORS.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest))
        else {
            return Err(format!("unknown condition operator `{text}`"));
        };
        if *operator == O::Null && if_exists {
            return Err(
                "`NullIfExists` does not exist: `Null` itself tests whether the key exists"
                    .to_string(),
            );
        }
        let spec = OperatorSpec {
            set,
            operator: *operator,
            if_exists,
        };
        Ok((spec, spec.canonical() != text.trim()))
    }

    /// AWS's spelling, e.g. `ForAnyValue:StringNotLikeIfExists`.
    pub fn canonical(&self) -> String {
        let set = match self.set {
            Some(SetOperator::ForAnyValue) => "ForAnyValue:",
            Some(SetOperator::ForAllValues) => "ForAllValues:",
            None => "",
        };
        format!(
            "{set}{}{}",
            self.operator.name(),
            if self.if_exists { "IfExists" } else { "" }
        )
    }
}

/// The policy's values for one key, pre-parsed for the operator.
#[derive(Debug, Clone, PartialEq)]
enum Values {
    Str(Vec<Template>),
    Num(Vec<f64>),
    Date(Vec<f64>),
    Ip(Vec<IpNet>),
    Bool(Vec<bool>),
    Binary(Vec<String>),
    Null(Vec<bool>),
}

/// One `operator: { key: values }` entry. A statement's conditions all must hold (AND); the values of one entry
/// are alternatives (OR, or NOR for a negated operator).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub spec: OperatorSpec,
    /// The operator as written.
    pub operator_text: String,
    /// The key as written (keys are case-insensitive).
    pub key: String,
    /// The values as written (booleans and numbers as text).
    pub values: Vec<String>,
    parsed: Values,
}

/// Whether a condition held, and why (a clause for the decision sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CondOutcome {
    pub holds: bool,
    pub why: String,
}

impl Condition {
    /// Build a condition from its parts; `Err` says what is wrong with a value. `variables`: policy version
    /// 2012-10-17 (policy variables in string and ARN values).
    pub fn new(
        spec: OperatorSpec,
        operator_text: &str,
        key: &str,
        values: Vec<String>,
        variables: bool,
    ) -> Result<Condition, String> {
        let parsed = match spec.operator.family() {
            Family::Str { .. } | Family::Arn => Values::Str(
                values
                    .iter()
                    .map(|v| Template::parse(v, variables))
                    .collect(),
            ),
            Family::Num => Values::Num(
                values
                    .iter()
                    .map(|v| {
                        v.trim()
                            .parse::<f64>()
                            .map_err(|_| format!("`{v}` is not a number"))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Family::Date => Values::Date(
                values
                    .iter()
                    .map(|v| {
                        parse_date(v).ok_or_else(|| {
                            format!("`{v}` is not a date (ISO 8601 or epoch seconds)")
                        })
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Family::Ip => Values::Ip(
                values
                    .iter()
                    .map(|v| {
                        parse_net(v)
                            .ok_or_else(|| format!("`{v}` is not an IP address or CIDR block"))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Family::Bool => Values::Bool(
                values
                    .iter()
                    .map(|v| v.trim().eq_ignore_ascii_case("true"))
                    .collect(),
            ),
            Family::Binary => Values::Binary(values.clone()),
            Family::Null => Values::Null(
                values
                    .iter()
                    .map(|v| match v.trim().to_ascii_lowercase().as_str() {
                        "true" => Ok(true),
                        "false" => Ok(false),
                        _ => Err(format!("`Null` takes `true` or `false`, not `{v}`")),
                    })
                    .collect::<Result<_, _>>()?,
            ),
        };
        Ok(Condition {
            spec,
            operator_text: operator_text.to_string(),
            key: key.to_string(),
            values,
            parsed,
        })
    }

    /// The IP blocks of an `IpAddress`/`NotIpAddress` condition.
    pub(crate) fn networks(&self) -> &[IpNet] {
        match &self.parsed {
            Values::Ip(v) => v,
            _ => &[],
        }
    }

    /// Does one request value match one of the policy values (the operator's positive sense)? Returns the
    /// matching policy value's index.
    fn positive(&self, value: &str, req: &Request) -> Option<usize> {
        let op = self.spec.operator;
        match &self.parsed {
            Values::Str(templates) => templates.iter().position(|t| match op.family() {
                Family::Arn => t.resolve(req, true).is_some_and(|p| arn_matches(&p, value)),
                Family::Str { like, ignore_case } => match (t.literal(), like) {
                    (Some(lit), false) if !ignore_case => lit == value,
                    _ => t
                        .resolve(req, like)
                        .is_some_and(|p| matches(&p, value, ignore_case)),
                },
                _ => false,
            }),
            Values::Num(nums) => {
                let v: f64 = value.trim().parse().ok()?;
                nums.iter().position(|p| op.ordered(v, *p))
            }
            Values::Date(dates) => {
                let v = parse_date(value)?;
                dates.iter().position(|p| op.ordered(v, *p))
            }
            Values::Ip(nets) => {
                let ip: IpAddr = value.trim().parse().ok()?;
                nets.iter().position(|n| n.contains(&ip))
            }
            Values::Bool(bools) => {
                let v = value.trim().to_ascii_lowercase();
                if v != "true" && v != "false" {
                    return None;
                }
                bools.iter().position(|b| *b == (v == "true"))
            }
            Values::Binary(bins) => bins.iter().position(|b| b == value),
            Values::Null(_) => None,
        }
    }

    /// Evaluate against the request, with IAM's rules:
    /// * absent key: positive operators are false, negated ones true, `…IfExists` true, `Null: true` true;
    /// * several policy values: OR (negated operators: the key matches none of them);
    /// * `ForAnyValue:`: some request value satisfies the operator (absent key: false);
    ///   `ForAllValues:`: every request value does (absent key: **true**);
    /// * a multivalued key without a set operator behaves like `ForAnyValue:` (negated: no value matches).
    pub(crate) fn evaluate(&self, req: &Request) -> CondOutcome {
        let op = self.spec.operator;
        let present = req.get(&self.key);
        if let Values::Null(wants) = &self.parsed {
            let absent = present.is_none();
            let holds = wants.contains(&absent);
            let why = if absent {
                format!(
                    "the request has no {}{}",
                    self.key,
                    absence_hint(&self.key, req)
                )
            } else {
                format!("the request has {}", self.key)
            };
            return CondOutcome { holds, why };
        }
        let Some(vals) = present else {
            let holds = self.spec.if_exists
                || match self.spec.set {
                    None => op.is_negated(),
                    Some(SetOperator::ForAnyValue) => false,
                    Some(SetOperator::ForAllValues) => true,
                };
            let mut why = format!(
                "the request has no {}{}",
                self.key,
                absence_hint(&self.key, req)
            );
            if self.spec.if_exists {
                why.push_str(&format!(
                    " (`{}` holds for an absent key)",
                    self.operator_text
                ));
            } else if self.spec.set == Some(SetOperator::ForAllValues) {
                why.push_str(" (`ForAllValues:` holds for an absent key)");
            }
            return CondOutcome { holds, why };
        };
        let negated = op.is_negated();
        let hits: Vec<Option<usize>> = vals.iter().map(|v| self.positive(v, req)).collect();
        let satisfies = |h: &Option<usize>| h.is_some() != negated;
        let holds = match self.spec.set {
            Some(SetOperator::ForAllValues) => hits.iter().all(satisfies),
            Some(SetOperator::ForAnyValue) => hits.iter().any(satisfies),
            None if negated => hits.iter().all(Option::is_none),
            None => hits.iter().any(Option::is_some),
        };
        CondOutcome {
            holds,
            why: self.describe(&vals, &hits),
        }
    }

    /// `aws:SourceVpce is `vpce-2`, not `vpce-1``, `aws:SourceIp `10.0.0.5` is in `10.0.0.0/8``…
    fn describe(&self, vals: &[&str], hits: &[Option<usize>]) -> String {
        let key = &self.key;
        let op = self.spec.operator;
        let shown = if vals.len() == 1 {
            format!("`{}`", vals[0])
        } else {
            format!(
                "[{}]",
                vals.iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let any_hit = hits.iter().flatten().next().map(|i| &self.values[*i]);
        let policy_list = if self.values.len() == 1 {
            format!("`{}`", self.values[0])
        } else {
            format!(
                "any of {}",
                self.values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let set = match self.spec.set {
            Some(s) => format!(" ({s:?}:)"),
            None => String::new(),
        };
        let body = match (op.family(), any_hit) {
            (Family::Str { like: false, .. } | Family::Bool | Family::Binary, Some(p))
                if vals.len() == 1 =>
            {
                if vals[0] == p.as_str() {
                    format!("{key} is {shown}")
                } else {
                    format!("{key} is {shown} (matching `{p}`)")
                }
            }
            (Family::Str { like: false, .. } | Family::Bool | Family::Binary, None) => {
                format!(
                    "{key} is {shown}, not {}",
                    policy_list.replacen("any of", "one of", 1)
                )
            }
            (Family::Str { like: true, .. } | Family::Arn, Some(p)) => {
                format!("{key} {shown} matches `{p}`")
            }
            (Family::Str { like: true, .. } | Family::Arn, None) => {
                format!("{key} {shown} does not match {policy_list}")
            }
            (Family::Ip, Some(p)) => format!("{key} {shown} is in `{p}`"),
            (Family::Ip, None) => format!("{key} {shown} is not in {policy_list}"),
            (Family::Num | Family::Date, Some(p)) => {
                format!("{key} {shown} satisfies {} `{p}`", op.name())
            }
            (Family::Num | Family::Date, None) => {
                format!("{key} {shown} does not satisfy {} {policy_list}", op.name())
            }
            (_, Some(p)) => format!("{key} {shown} matches `{p}`"),
            (_, None) => format!("{key} {shown} matches none of {policy_list}"),
        };
        format!("{body}{set}")
    }
}

/// Why a key may be absent, for the sentence.
fn absence_hint(key: &str, req: &Request) -> String {
    let through_endpoint = req.get(keys::SOURCE_VPCE).is_some();
    let k = key.to_ascii_lowercase();
    let hint = match k.as_str() {
        "aws:sourcevpce" | "aws:sourcevpc" | "aws:sourcevpcarn" | "aws:vpcsourceip" | "aws:vpceaccount"
        | "aws:vpceorgid" | "aws:vpceorgpaths" => "the request did not come through a VPC endpoint",
        "aws:sourceip" if through_endpoint => {
            "a request through a VPC endpoint carries no public source IP; use aws:VpcSourceIp (GE-15)"
        }
        "aws:sourceip" => "the source IP of the request is not known",
        "aws:principalarn" | "aws:principalaccount" => "the caller is anonymous or was not given",
        "aws:principalorgid" | "aws:principalorgpaths" => "the caller's organization is not known",
        _ => "",
    };
    if hint.is_empty() {
        String::new()
    } else {
        format!(" ({hint})")
    }
}

/// An IP address or CIDR block (`10.0.0.0/8`, `203.0.113.5`, `2001:db8::/32`).
pub(crate) fn parse_net(s: &str) -> Option<IpNet> {
    let s = s.trim();
    s.parse::<IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(IpNet::from))
}

/// A date as IAM accepts it: epoch seconds, or ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`,
/// `2026-01-31T12:00:00.123+02:00`). Returns seconds since the epoch.
pub(crate) fn parse_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    let (date, time) = match s.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut d = date.splitn(3, '-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: i64 = d.next()?.parse().ok()?;
    let day: i64 = d.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(0..=9999).contains(&year) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) as f64 * 86_400.0;
    if let Some(time) = time {
        let (clock, offset) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
            (c, 0.0)
        } else if let Some(i) = time.rfind(['+', '-']) {
            let (c, o) = time.split_at(i);
            let sign = if o.starts_with('-') { -1.0 } else { 1.0 };
            let (oh, om) = o[1..].split_once(':').unwrap_or((&o[1..], "0"));
            (
                c,
                sign * (oh.parse::<f64>().ok()? * 3600.0 + om.parse::<f64>().ok()? * 60.0),
            )
        } else {
            (time, 0.0)
        };
        let mut c = clock.splitn(3, ':');
        let h: f64 = c.next()?.parse().ok()?;
        let m: f64 = c.next().unwrap_or("0").parse().ok()?;
        let sec: f64 = c.next().unwrap_or("0").parse().ok()?;
        if !(0.0..24.0).contains(&h) || !(0.0..60.0).contains(&m) || !(0.0..61.0).contains(&sec) {
            return None;
        }
        secs += h * 3600.0 + m * 60.0 + sec - offset;
    }
    Some(secs)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_names() {
        let (s, odd) = OperatorSpec::parse("ForAnyValue:StringNotLikeIfExists").unwrap();
        assert_eq!(s.set, Some(SetOperator::ForAnyValue));
        assert_eq!(s.operator, O::StringNotLike);
        assert!(s.if_exists && !odd);
        let (s, odd) = OperatorSpec::parse("stringequals").unwrap();
        assert_eq!(s.operator, O::StringEquals);
        assert!(odd);
        assert!(OperatorSpec::parse("StringContains").is_err());
        assert!(OperatorSpec::parse("NullIfExists").is_err());
        assert!(OperatorSpec::parse("ForSomeValues:StringEquals").is_err());
        assert!(OperatorSpec::parse("IfExists").is_err());
        assert_eq!(
            OperatorSpec::parse("BoolIfExists").unwrap().0.operator,
            O::Bool
        );
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0.0));
        assert_eq!(parse_date("1970-01-02T00:00:00Z"), Some(86_400.0));
        assert_eq!(
            parse_date("2020-01-01T01:00:00+01:00"),
            parse_date("2020-01-01T00:00:00Z")
        );
        assert_eq!(parse_date("1577836800"), parse_date("2020-01-01T00:00:00Z"));
        assert_eq!(parse_date("not a date"), None);
        assert_eq!(parse_date("2020-13-01"), None);
    }
}
