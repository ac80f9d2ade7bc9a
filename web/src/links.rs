//! Links in the page URL: what a fragment (`location.hash`) asks for, and the sentences the share dialog shows.
//! Plain Rust, tested natively; the browser side lives in `components/link_handler.rs` and `components/share.rs`.
//!
//! Two kinds of fragment open something:
//!
//! * a **share link** `#v1.…` ([`vpclab_core::share`]): a whole diagram;
//! * a **lesson link** `#lesson=<id>` or `#lesson=v1.…` ([`vpclab_core::lesson`]).
//!
//! Any other fragment (`#`, `#top`) is left alone. The diagram is **not** written to the URL on every edit: the
//! autosave keeps the work, and "Copy link" makes a link on demand (see `ARCHITECTURE.md`, web).

use vpclab_core::lesson;
use vpclab_core::share;

/// What a URL fragment asks the app to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HashLink {
    /// A share link: the fragment text (`v1.…`), to give to [`share::decode`].
    Share(String),
    /// A lesson link: the fragment text (`lesson=…`), to give to [`lesson::decode_lesson`].
    Lesson(String),
}

/// What `hash` (`location.hash`, with or without its `#`) asks for; `None` for an empty or unrelated fragment.
///
/// A fragment shaped like a link but broken (`#v9.x`, `#lesson=nope`) is still a link: decoding it gives the
/// message the user must see.
pub fn classify(hash: &str) -> Option<HashLink> {
    let fragment = hash.trim().trim_start_matches('#').trim();
    if fragment.is_empty() {
        return None;
    }
    if lesson::is_lesson_link(fragment) || fragment.starts_with("lesson=") {
        return Some(HashLink::Lesson(fragment.to_string()));
    }
    if share::is_link(fragment) {
        return Some(HashLink::Share(fragment.to_string()));
    }
    None
}

/// The page URL without its fragment.
pub fn base_url(href: &str) -> &str {
    href.split('#').next().unwrap_or_default()
}

/// `12345` → `12,345`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The feedback after "Copy link": `copied` says whether the clipboard took the text.
pub fn copy_feedback(link: &str, copied: bool) -> String {
    let n = thousands(link.chars().count());
    if copied {
        format!("Link copied — {n} characters")
    } else {
        format!("Your browser did not let VPC Lab copy. Select the link below and copy it ({n} characters).")
    }
}

/// The warning shown under a link longer than [`share::LONG_LINK_CHARS`], else `None`.
pub fn long_link_warning(link: &str) -> Option<String> {
    share::is_long(link).then(|| {
        format!(
            "This link is longer than {} characters: some chat apps, e-mail clients and proxies cut long links. \
             To be safe, also send the project JSON (Export → Project JSON); Import opens it.",
            thousands(share::LONG_LINK_CHARS)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::gallery;

    #[test]
    fn classifies_share_and_lesson_links() {
        let d = gallery::examples()[0].diagram.clone();
        let fragment = share::encode(&d);
        assert_eq!(
            classify(&format!("#{fragment}")),
            Some(HashLink::Share(fragment.clone()))
        );
        assert_eq!(classify(&fragment), Some(HashLink::Share(fragment.clone())));
        assert_eq!(
            classify("#lesson=why-nat"),
            Some(HashLink::Lesson("lesson=why-nat".into()))
        );
        assert_eq!(
            classify("#lesson=v1.abc"),
            Some(HashLink::Lesson("lesson=v1.abc".into()))
        );
        // Broken but link-shaped: still a link, so the user sees why it does not open.
        assert_eq!(classify("#v9.zz"), Some(HashLink::Share("v9.zz".into())));
        assert_eq!(
            classify("#lesson="),
            Some(HashLink::Lesson("lesson=".into()))
        );
        for other in ["", "#", "#top", "#  ", "#vpc"] {
            assert_eq!(classify(other), None, "{other:?}");
        }
    }

    #[test]
    fn decoding_a_classified_share_link_gives_the_diagram_back() {
        for e in gallery::examples() {
            let url = share::link("https://example.org/vpclab/", &e.diagram);
            let Some(HashLink::Share(f)) = classify(&url[url.find('#').unwrap()..]) else {
                panic!("not a share link: {url}");
            };
            assert_eq!(share::decode(&f).unwrap().0, e.diagram, "{}", e.id);
        }
    }

    #[test]
    fn base_url_drops_the_fragment() {
        assert_eq!(base_url("http://h/vpclab/#v1.x"), "http://h/vpclab/");
        assert_eq!(base_url("http://h/vpclab/?a=1"), "http://h/vpclab/?a=1");
    }

    #[test]
    fn feedback_counts_characters_and_warns_on_long_links() {
        assert_eq!(thousands(964), "964");
        assert_eq!(thousands(12_345), "12,345");
        assert_eq!(thousands(1_000_000), "1,000,000");
        let short = "https://h/#v1.abc";
        assert_eq!(copy_feedback(short, true), "Link copied — 17 characters");
        assert!(copy_feedback(short, false).contains("Select the link"));
        assert_eq!(long_link_warning(short), None);
        let long = format!("https://h/#v1.{}", "a".repeat(share::LONG_LINK_CHARS));
        assert!(long_link_warning(&long).unwrap().contains("8,000"));
    }
}
