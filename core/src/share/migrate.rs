//! The migration ladder: every version a link was ever written in, parsed and upgraded step by step to the
//! latest DTO (the godbolt `loadState` pattern).
//!
//! Today v1 is the only and latest version. When v2 comes:
//!
//! 1. add `v2.rs` (the new DTO, with `from_diagram`/`into_diagram`) and make [`LATEST`] 2;
//! 2. add `AnyVersion::V2`, parse `2` in [`parse`], and write `impl From<v1::Doc> for v2::Doc` — the one step
//!    v1 → v2 — used by [`AnyVersion::upgrade`];
//! 3. strip `v1::Doc::from_diagram`/`into_diagram` (nothing writes v1 any more), keep its DTO forever;
//! 4. keep every golden link of `tests/fixtures/share/v1/` decoding; add v2 goldens.

use super::v1;

/// The version `encode` writes.
pub const LATEST: u32 = 1;

/// Every version `decode` reads.
pub const SUPPORTED: &[u32] = &[1];

/// A parsed link of any supported version.
pub(super) enum AnyVersion {
    V1(v1::Doc),
}

/// Parses the JSON of a link of version `version` (one of [`SUPPORTED`]); `None` for an unknown version.
pub(super) fn parse(version: u32, json: &[u8]) -> Option<Result<AnyVersion, serde_json::Error>> {
    match version {
        1 => Some(crate::json::from_slice(json).map(AnyVersion::V1)),
        _ => None,
    }
}

impl AnyVersion {
    /// Upgrades to the latest DTO, one version step at a time.
    pub(super) fn upgrade(self) -> v1::Doc {
        match self {
            AnyVersion::V1(doc) => doc,
        }
    }
}
