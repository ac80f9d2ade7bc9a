//! Wildcard matching (`*` any run, `?` one character), IAM policy variables (`${aws:username}`) and ARN matching
//! component by component.
//!
//! Patterns are kept as [`Template`]s (parsed once) and resolved against a request's context into a token list;
//! text that comes from a substituted variable, or from `${*}`, `${?}`, `${$}`, is literal and never a wildcard.

use super::request::Request;

/// One token of a resolved pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    Ch(char),
    /// `*`: any run of characters, including none.
    Star,
    /// `?`: exactly one character.
    One,
}

/// A piece of a policy string: literal text (in which `*` and `?` may be wildcards) or a policy variable.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    /// `${*}`, `${?}`, `${$}`: the character itself, never a wildcard.
    Escaped(char),
    /// `${key}` or `${key, 'default'}`.
    Var {
        key: String,
        default: Option<String>,
    },
}

/// A policy string as written, with its policy variables located (only for `Version` `2012-10-17`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Template {
    parts: Vec<Part>,
}

impl Template {
    /// `variables`: whether `${…}` is a policy variable (policy `Version` `2012-10-17`) or literal text.
    pub(crate) fn parse(text: &str, variables: bool) -> Template {
        if !variables || !text.contains("${") {
            return Template {
                parts: vec![Part::Text(text.to_string())],
            };
        }
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let Some(len) = rest[start + 2..].find('}') else {
                break;
            };
            if start > 0 {
                parts.push(Part::Text(rest[..start].to_string()));
            }
            let inner = rest[start + 2..start + 2 + len].trim();
            parts.push(match inner {
                "*" => Part::Escaped('*'),
                "?" => Part::Escaped('?'),
                "$" => Part::Escaped('$'),
                _ => match inner.split_once(',') {
                    Some((key, default)) => {
                        let default = default.trim();
                        let default = default
                            .strip_prefix('\'')
                            .and_then(|d| d.strip_suffix('\''))
                            .unwrap_or(default);
                        Part::Var {
                            key: key.trim().to_string(),
                            default: Some(default.to_string()),
                        }
                    }
                    None => Part::Var {
                        key: inner.to_string(),
                        default: None,
                    },
                },
            });
            rest = &rest[start + 2 + len + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Template { parts }
    }

    /// The template as plain text when it has no variables (cheap fast path for literal comparisons).
    pub(crate) fn literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Text(t)] => Some(t),
            [] => Some(""),
            _ => None,
        }
    }

    /// Resolve against the request context. `wildcards`: whether `*` and `?` in literal text are wildcards.
    /// `None` when a variable has no value in the request and no default: such a pattern matches nothing.
    pub(crate) fn resolve(&self, req: &Request, wildcards: bool) -> Option<Vec<Tok>> {
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.extend(t.chars().map(|c| match c {
                    '*' if wildcards => Tok::Star,
                    '?' if wildcards => Tok::One,
                    c => Tok::Ch(c),
                })),
                Part::Escaped(c) => out.push(Tok::Ch(*c)),
                Part::Var { key, default } => {
                    let value = req
                        .single(key)
                        .map(str::to_string)
                        .or_else(|| default.clone())?;
                    out.extend(value.chars().map(Tok::Ch));
                }
            }
        }
        Some(out)
    }
}

/// Whether `text` matches the tokens. Linear-time greedy matching with one backtrack point (the last `*`).
pub(crate) fn matches(pat: &[Tok], text: &str, ignore_case: bool) -> bool {
    let text: Vec<char> = if ignore_case {
        text.to_lowercase().chars().collect()
    } else {
        text.chars().collect()
    };
    let pat: Vec<Tok> = if ignore_case {
        pat.iter()
            .flat_map(|t| match t {
                Tok::Ch(c) => c.to_lowercase().map(Tok::Ch).collect::<Vec<_>>(),
                t => vec![*t],
            })
            .collect()
    } else {
        pat.to_vec()
    };
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pat.get(p) {
            Some(Tok::Ch(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            Some(Tok::One) => {
                p += 1;
                t += 1;
            }
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pat[p..].iter().all(|t| *t == Tok::Star)
}

/// Glob match of a plain pattern string (`*`, `?` wildcards; no variables).
pub(crate) fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let toks: Vec<Tok> = pattern
        .chars()
        .map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            c => Tok::Ch(c),
        })
        .collect();
    matches(&toks, text, ignore_case)
}

/// The account part of an ARN that the caller does not know (e.g. the owner of a DynamoDB table). In a request's
/// ARN, an account component that is exactly this placeholder matches any account a policy names.
pub const UNKNOWN_ACCOUNT: &str = "*";

/// ARN matching as IAM does for `Resource` and the `Arn*` condition operators: each of the six colon-separated
/// components is matched separately (the last one, the resource, may itself contain colons). A pattern or text
/// that is not a six-component ARN is matched as a whole string (`*`, `arn:aws:*`, and a text such as `*`).
pub(crate) fn arn_matches(pat: &[Tok], text: &str) -> bool {
    let text_parts: Vec<&str> = text.splitn(6, ':').collect();
    let mut pat_parts: Vec<&[Tok]> = Vec::with_capacity(6);
    let mut start = 0;
    for (i, t) in pat.iter().enumerate() {
        if pat_parts.len() == 5 {
            break;
        }
        if *t == Tok::Ch(':') {
            pat_parts.push(&pat[start..i]);
            start = i + 1;
        }
    }
    pat_parts.push(&pat[start..]);
    if text_parts.len() != 6 || pat_parts.len() != 6 {
        // `*`, or a short pattern ending in a wildcard (`arn:aws:*`), is matched as a whole string; other short
        // patterns (`arn:aws:*:role/x`) are not ARNs and match nothing.
        return (pat_parts.len() == 6 || pat.last() == Some(&Tok::Star))
            && matches(pat, text, false);
    }
    pat_parts
        .iter()
        .zip(&text_parts)
        .enumerate()
        .all(|(i, (p, t))| {
            // The service name is case-insensitive (`S3` and `s3` name the same service); the rest is case-sensitive.
            (i == 4 && *t == UNKNOWN_ACCOUNT) || matches(p, t, i == 2)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        Template::parse(s, false)
            .resolve(&Request::default(), true)
            .unwrap()
    }

    #[test]
    fn wildcards() {
        for (p, t, want) in [
            ("*", "", true),
            ("*", "anything", true),
            ("s3:Get*", "s3:GetObject", true),
            ("s3:Get*", "s3:PutObject", false),
            ("s3:?etObject", "s3:GetObject", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("a?", "a", false),
            ("", "", true),
            ("", "x", false),
            (
                "*a*a*a*a*b",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                false,
            ),
        ] {
            assert_eq!(matches(&toks(p), t, false), want, "{p} vs {t}");
        }
        assert!(glob("S3:get*", "s3:GetObject", true));
        assert!(!glob("S3:get*", "s3:GetObject", false));
    }

    #[test]
    fn arns() {
        for (p, t, want) in [
            ("arn:aws:s3:::logs/*", "arn:aws:s3:::logs/a/b:c", true),
            ("arn:aws:s3:::logs", "arn:aws:s3:::logs/x", false),
            ("arn:aws:s3:::*", "arn:aws:s3:::logs/x", true),
            ("*", "arn:aws:s3:::logs/x", true),
            (
                "arn:aws:iam::*:role/Admin*",
                "arn:aws:iam::111122223333:role/AdminX",
                true,
            ),
            (
                "arn:aws:iam::*:role/Admin*",
                "arn:aws:iam::111122223333:user/AdminX",
                false,
            ),
            // `*` does not span components.
            ("arn:aws:*:role/x", "arn:aws:iam::1:role/x", false),
            ("arn:aws:*", "arn:aws:iam::1:role/x", true),
            ("arn:aws:iam::*", "arn:aws:iam::1:role/x", true),
            (
                "arn:aws:dynamodb:us-east-1:111122223333:table/T",
                "arn:aws:dynamodb:us-east-1:*:table/T",
                true,
            ),
            (
                "arn:aws:dynamodb:us-east-1:111122223333:table/T",
                "arn:aws:dynamodb:us-east-1:2:table/T",
                false,
            ),
        ] {
            assert_eq!(arn_matches(&toks(p), t), want, "{p} vs {t}");
        }
    }

    #[test]
    fn variables() {
        let req = Request::default().with_context("aws:username", "alice");
        let t = Template::parse("arn:aws:s3:::home/${aws:username}/*", true);
        assert!(arn_matches(
            &t.resolve(&req, true).unwrap(),
            "arn:aws:s3:::home/alice/x"
        ));
        assert!(Template::parse("${aws:userid}", true)
            .resolve(&req, true)
            .is_none());
        let d = Template::parse("${aws:userid, 'nobody'}", true)
            .resolve(&req, true)
            .unwrap();
        assert!(matches(&d, "nobody", false));
        let e = Template::parse("a${*}", true).resolve(&req, true).unwrap();
        assert!(matches(&e, "a*", false));
        assert!(!matches(&e, "ab", false));
        // Version 2008-10-17: literal.
        let l = Template::parse("${aws:username}", false)
            .resolve(&req, true)
            .unwrap();
        assert!(matches(&l, "${aws:username}", false));
    }
}
