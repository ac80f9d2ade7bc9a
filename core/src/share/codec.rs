//! The byte layer of a link: raw deflate (level 9) and base64url without padding.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;

use super::ShareDecodeError;

/// `A–Z a–z 0–9 - _`, no `=` written; on input, `=` padding is tolerated (some tools add it).
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The deflate level: 9 (the smallest output; encoding a diagram takes well under a millisecond).
const LEVEL: u8 = 9;

/// JSON bytes → link payload.
pub(super) fn pack(json: &[u8]) -> String {
    BASE64URL.encode(miniz_oxide::deflate::compress_to_vec(json, LEVEL))
}

/// Link payload → JSON bytes, inflating at most `max_inflated` bytes.
pub(super) fn unpack(payload: &str, max_inflated: usize) -> Result<Vec<u8>, ShareDecodeError> {
    let deflated = BASE64URL
        .decode(payload)
        .map_err(|e| base64_error(payload, e))?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, max_inflated).map_err(|e| match e
        .status
    {
        TINFLStatus::HasMoreOutput => ShareDecodeError::TooLarge { max: max_inflated },
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            ShareDecodeError::Inflate {
                message: "the compressed data ends too early (was the link cut off?)".into(),
            }
        }
        _ => ShareDecodeError::Inflate {
            message: "the compressed data is corrupt".into(),
        },
    })
}

fn base64_error(payload: &str, e: base64::DecodeError) -> ShareDecodeError {
    use base64::DecodeError::*;
    let message = match e {
        InvalidLastSymbol(offset, byte) => {
            let c = payload
                .get(offset..)
                .and_then(|s| s.chars().next())
                .unwrap_or(byte as char);
            format!(
                "the data cannot end with `{}` (was the link cut off?)",
                c.escape_default()
            )
        }
        InvalidByte(offset, byte) => {
            let c = payload
                .get(offset..)
                .and_then(|s| s.chars().next())
                .unwrap_or(byte as char);
            format!(
                "unexpected character `{}` at position {} of the data",
                c.escape_default(),
                offset + 1
            )
        }
        InvalidLength(len) => {
            format!("a payload of {len} characters cannot be base64url (was the link cut off?)")
        }
        InvalidPadding => "misplaced `=` padding".to_string(),
    };
    ShareDecodeError::Base64 { message }
}
