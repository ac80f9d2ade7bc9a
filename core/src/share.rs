//! Share links: a whole [`Diagram`] (topology, layout, flows, selected flow) in the fragment of a URL, so a
//! static page can open it with no server.
//!
//! # Contract (`conventions.md` §4.5)
//!
//! * **Format.** `#v<N>.<payload>`, where payload = base64url-no-pad(raw-deflate(JSON of the version-`N` DTO)).
//!   The DTO ([`v1`]) is not the model's serde form: it has its own short member names and is frozen, so the
//!   model can evolve while old links keep decoding.
//! * **Determinism.** [`encode`] is a pure function of the diagram: equal diagrams give equal links. Lists keep
//!   their order (it is part of the diagram), the layout is sorted by node id, members equal to their default
//!   are left out.
//! * **Decoding.** [`decode`] accepts a full URL, `#v1.…` or `v1.…`. An unknown version or malformed data is a
//!   [`ShareDecodeError`] with a message for the user; unknown members are ignored; a topology with broken
//!   references decodes as it is (run [`crate::validate::validate`] for its findings). Findings about the link
//!   itself (e.g. a selected flow that does not exist) are [`Diagnostic`]s.
//! * **Hard caps.** [`MAX_LINK_CHARS`] characters of link, [`MAX_INFLATED_BYTES`] bytes of JSON (a zip bomb
//!   stops there), [`MAX_OBJECTS`] resources (counting routes, rules and NACL entries), [`MAX_FLOWS`] flows and
//!   [`MAX_POSITIONS`] layout positions. JSON nesting is bounded by `serde_json`'s recursion limit (128).
//! * **Migrations.** Every version ever written decodes forever through the ladder in [`migrate`]; golden links
//!   of each version live in `tests/fixtures/share/v<N>/`.
//!
//! ```
//! use vpclab_core::diagram::{Diagram, Point};
//! use vpclab_core::share;
//!
//! let mut d = Diagram::of(vpclab_core::synth::generate(1, 2));
//! d.layout.insert("vpc-00000", Point::new(40.0, 40.0));
//! let fragment = share::encode(&d);
//! assert!(fragment.starts_with("v1."));
//!
//! let url = share::link("https://example.org/vpclab/#old", &d);
//! assert_eq!(url, format!("https://example.org/vpclab/#{fragment}"));
//! let (back, findings) = share::decode(&url).unwrap();
//! assert_eq!(back, d);
//! assert!(findings.is_empty());
//!
//! let err = share::decode("#v9.abc").unwrap_err();
//! assert_eq!(err.to_string(), "unknown share-link version `v9`: this VPC Lab reads v1 (was the link made by a newer VPC Lab?)");
//! ```

mod codec;
pub mod migrate;
pub mod v1;

use crate::diagram::Diagram;
use crate::Diagnostic;

/// The longest link (the fragment from `v` on) [`decode`] reads: 64 KiB.
pub const MAX_LINK_CHARS: usize = 64 * 1024;
/// The most JSON a link may inflate to: 1 MiB.
pub const MAX_INFLATED_BYTES: usize = 1024 * 1024;
/// The most resources (VPCs, subnets, … plus routes, SG rules, NACL entries and TGW routes) a link may hold.
pub const MAX_OBJECTS: usize = 20_000;
/// The most flows a link may hold.
pub const MAX_FLOWS: usize = 1_000;
/// The most layout positions a link may hold.
pub const MAX_POSITIONS: usize = 20_000;
/// Links longer than this may not survive chat clients, e-mail or old proxies: offer a file download as well
/// (`conventions.md` §4.2).
pub const LONG_LINK_CHARS: usize = 8_000;

/// Whether a link is long enough that chat clients, e-mail or old proxies may cut it: more than
/// [`LONG_LINK_CHARS`] characters, counted on what the user copies (the full link when there is one, else the
/// fragment). The one test the CLI (`vpclab link`), the JS API (`encodeLink`'s `long`) and the Share dialog use.
///
/// ```
/// use vpclab_core::share::{is_long, LONG_LINK_CHARS};
/// assert!(!is_long(&"a".repeat(LONG_LINK_CHARS)));
/// assert!(is_long(&"é".repeat(LONG_LINK_CHARS + 1)));
/// ```
pub fn is_long(link: &str) -> bool {
    link.chars().count() > LONG_LINK_CHARS
}

/// The codes of the findings [`decode`] reports.
pub mod codes {
    /// The selected flow's index is not the index of a flow (warning; nothing is selected).
    pub const SELECTED_FLOW: &str = "SHARE_SELECTED_FLOW";
    /// A reference by object index past the last object (warning; the reference is left empty, which validation
    /// then reports as a missing reference).
    pub const BAD_REFERENCE: &str = "SHARE_BAD_REFERENCE";
}

/// A link that cannot be decoded. Messages are for the user: lowercase, the offending input in backticks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShareDecodeError {
    #[error("the share link is empty")]
    Empty,
    /// The text does not start with `v<N>.`.
    #[error("`{input}` is not a VPC Lab share link: expected `v1.` followed by the data")]
    NotALink { input: String },
    #[error("unknown share-link version `{version}`: this VPC Lab reads v1 (was the link made by a newer VPC Lab?)")]
    UnknownVersion { version: String },
    #[error("the share link is {len} characters long; at most {max} are accepted")]
    TooLong { len: usize, max: usize },
    #[error("the share link's data is not base64url: {message}")]
    Base64 { message: String },
    #[error("the share link's data cannot be decompressed: {message}")]
    Inflate { message: String },
    #[error("the share link's data decompresses to more than {max} bytes")]
    TooLarge { max: usize },
    #[error("the share link's data is not a valid v{version} diagram: {message}")]
    Json { version: u32, message: String },
    /// `what` is `resources`, `flows` or `layout positions`.
    #[error("the share link holds {count} {what}; at most {max} are accepted")]
    TooMany {
        what: &'static str,
        count: usize,
        max: usize,
    },
}

/// The fragment of a diagram's link, without `#`: `v1.<payload>` (what `location.hash` holds after the `#`).
pub fn encode(diagram: &Diagram) -> String {
    let doc = v1::Doc::from_diagram(diagram);
    let json = crate::json::to_string(&doc).expect("the share DTO always serialises");
    format!("v{}.{}", migrate::LATEST, codec::pack(json.as_bytes()))
}

/// The full link: `base_url` without its fragment, then `#` and [`encode`]'s fragment.
pub fn link(base_url: &str, diagram: &Diagram) -> String {
    let base = base_url.split('#').next().unwrap_or_default();
    format!("{base}#{}", encode(diagram))
}

/// The `v<N>.…` part of a link, a fragment or a bare `v<N>.…` (surrounding whitespace removed).
pub fn fragment(link: &str) -> &str {
    let link = link.trim();
    match link.split_once('#') {
        Some((_, fragment)) => fragment.trim(),
        None => link,
    }
}

/// Whether `text` has the shape of a link (`[URL]#v<N>.…` or `v<N>.…`) — a cheap syntactic test, not a decode.
/// A caller that also accepts file names should look for the file first (`v1.json` has the shape).
pub fn is_link(text: &str) -> bool {
    split_version(fragment(text)).is_some()
}

/// `v12.payload` → `("12", "payload")`.
fn split_version(fragment: &str) -> Option<(&str, &str)> {
    let rest = fragment.strip_prefix('v')?;
    let (digits, payload) = rest.split_once('.')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some((digits, payload))
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Decodes a link (a full URL, `#v1.…` or `v1.…`) into its diagram, plus findings about the link itself.
///
/// Never panics, whatever the input; see the module doc for the caps.
pub fn decode(link: &str) -> Result<(Diagram, Vec<Diagnostic>), ShareDecodeError> {
    let fragment = fragment(link);
    if fragment.is_empty() {
        return Err(ShareDecodeError::Empty);
    }
    if fragment.len() > MAX_LINK_CHARS {
        return Err(ShareDecodeError::TooLong {
            len: fragment.chars().count(),
            max: MAX_LINK_CHARS,
        });
    }
    let (digits, payload) = split_version(fragment).ok_or_else(|| ShareDecodeError::NotALink {
        input: excerpt(fragment),
    })?;
    let version: u32 = digits
        .parse()
        .ok()
        .filter(|v| migrate::SUPPORTED.contains(v))
        .ok_or_else(|| ShareDecodeError::UnknownVersion {
            version: format!("v{}", excerpt(digits)),
        })?;
    let json = codec::unpack(payload, MAX_INFLATED_BYTES)?;
    if let Err(why) = crate::json::utf8_text(&json) {
        return Err(ShareDecodeError::Json {
            version,
            message: why,
        });
    }
    if json.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        // serde would read a struct from an array too; a link is always an object.
        return Err(ShareDecodeError::Json {
            version,
            message: "expected a JSON object".into(),
        });
    }
    let parsed = migrate::parse(version, &json)
        .ok_or_else(|| ShareDecodeError::UnknownVersion {
            version: format!("v{version}"),
        })?
        .map_err(|e| ShareDecodeError::Json {
            version,
            message: crate::json::message(&e),
        })?;
    let doc = parsed.upgrade();
    check_counts(&doc)?;
    let (mut diagram, dangling) = doc.into_diagram();
    let mut findings = Vec::new();
    if dangling > 0 {
        findings.push(Diagnostic::warning(
            codes::BAD_REFERENCE,
            "link",
            "",
            format!("{dangling} references of the link name no object of the diagram; they were left empty"),
        ));
    }
    if let Some(i) = diagram.selected_flow {
        if i >= diagram.flows.len() {
            findings.push(Diagnostic::warning(
                codes::SELECTED_FLOW,
                "link",
                "selected_flow",
                format!(
                    "the link selects flow {} but holds {} flows; nothing is selected",
                    i + 1,
                    diagram.flows.len()
                ),
            ));
            diagram.selected_flow = None;
        }
    }
    Ok((diagram, findings))
}

fn check_counts(doc: &v1::Doc) -> Result<(), ShareDecodeError> {
    let checks = [
        ("resources", doc.topology.object_count(), MAX_OBJECTS),
        ("flows", doc.flows.len(), MAX_FLOWS),
        ("layout positions", doc.layout.len(), MAX_POSITIONS),
    ];
    for (what, count, max) in checks {
        if count > max {
            return Err(ShareDecodeError::TooMany { what, count, max });
        }
    }
    Ok(())
}
