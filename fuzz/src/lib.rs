//! The fuzz targets, shared by the libFuzzer binaries (`fuzz_targets/`) and the stable runner (`run-stable`).
//!
//! Each target takes arbitrary bytes and must never panic. Besides "no panic", each checks a property:
//!
//! * [`share_decode`]: whatever decodes, re-encoded, decodes to the same diagram;
//! * [`import`]: whatever imports validates, exports (JSON and Terraform) and shares without a panic, and its
//!   share link decodes to the same topology.

use base64::Engine as _;
use vpclab_core::diagram::Diagram;
use vpclab_core::{export, import, share, validate};

/// `v1.` + base64url(raw deflate(json)): a link whose payload is `json`, to reach the DTO layer directly.
pub fn pack_v1(json: &[u8]) -> String {
    format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(miniz_oxide::deflate::compress_to_vec(json, 6))
    )
}

fn check_round_trip(diagram: &Diagram) {
    let again = share::encode(diagram);
    let (back, findings) =
        share::decode(&again).unwrap_or_else(|e| panic!("a re-encoded link does not decode: {e}"));
    assert_eq!(&back, diagram, "decode(encode(d)) != d");
    assert!(
        findings.is_empty(),
        "a re-encoded link has findings: {findings:?}"
    );
}

/// Data starting with `{` is a v1 payload (packed first); anything else is the text of a link.
pub fn share_decode(data: &[u8]) {
    let link = if data.first() == Some(&b'{') {
        pack_v1(data)
    } else {
        String::from_utf8_lossy(data).into_owned()
    };
    if let Ok((diagram, _)) = share::decode(&link) {
        check_round_trip(&diagram);
    }
}

/// Data is split at NUL bytes into documents `us-east-1/doc<N>.json`; the first byte picks a region hint.
pub fn import(data: &[u8]) {
    let hint = match data.first() {
        Some(b) if b % 3 == 0 => Some("us-east-1"),
        Some(b) if b % 3 == 1 => Some("eu-west-3"),
        _ => None,
    };
    let docs: Vec<(String, String)> = data
        .split(|b| *b == 0)
        .enumerate()
        .map(|(i, part)| {
            (
                format!("us-east-1/doc{i}.json"),
                String::from_utf8_lossy(part).into_owned(),
            )
        })
        .collect();
    let Ok((topology, _)) = import::import_documents(&docs, hint) else {
        return;
    };
    let _ = validate::validate(&topology);
    let _ = export::terraform(&topology);
    let json = export::json(&topology);
    assert_eq!(
        vpclab_core::Topology::from_json(&json).ok().as_ref(),
        Some(&topology),
        "the topology JSON does not re-open"
    );
    check_round_trip(&Diagram::of(topology));
}

/// A small xorshift generator: the stable runner needs no `rand`.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Byte-level and token-level mutations of `input` (libFuzzer's classic ones, without coverage feedback).
pub fn mutate(rng: &mut Rng, input: &[u8], dictionary: &[&[u8]], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = rng.next_u64() as u8;
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(16));
                out.drain(i..i + n);
            }
            3 => {
                let i = rng.below(len + 1);
                let token = dictionary[rng.below(dictionary.len())];
                out.splice(i..i, token.iter().copied());
            }
            4 if len > 0 => {
                out.truncate(rng.below(len));
            }
            5 if len > 1 => {
                // Duplicate a slice (nesting, repeated members).
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                let slice: Vec<u8> = out[i..i + n].to_vec();
                let at = rng.below(len + 1);
                out.splice(at..at, slice);
            }
            6 if !other.is_empty() => {
                // Splice in a piece of another input.
                let i = rng.below(other.len());
                let n = 1 + rng.below((other.len() - i).min(128));
                let at = rng.below(len + 1);
                out.splice(at..at, other[i..i + n].iter().copied());
            }
            7 if len > 0 => {
                // Replace a digit run with an interesting number.
                let i = rng.below(len);
                if out[i].is_ascii_digit() {
                    let numbers: [&[u8]; 8] = [
                        b"0",
                        b"-1",
                        b"4294967295",
                        b"4294967296",
                        b"18446744073709551616",
                        b"1e400",
                        b"-0",
                        b"65536",
                    ];
                    let mut j = i;
                    while j < out.len() && out[j].is_ascii_digit() {
                        j += 1;
                    }
                    out.splice(i..j, numbers[rng.below(numbers.len())].iter().copied());
                }
            }
            8 => {
                let n = rng.below(32);
                let at = rng.below(len + 1);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                out.splice(at..at, bytes);
            }
            _ if len > 1 => {
                let (i, j) = (rng.below(len), rng.below(len));
                out.swap(i, j);
            }
            _ => {}
        }
    }
    out
}

/// Tokens that steer mutations into the formats' structure.
pub const SHARE_DICTIONARY: &[&[u8]] = &[
    b"v1.",
    b"#",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"null",
    b"true",
    b"-1",
    b"0",
    b"\"t\":{",
    b"\"v\":[",
    b"\"s\":[",
    b"\"rt\":[",
    b"\"r\":[",
    b"\"d\":",
    b"{\"pl\":",
    b"\"xy\":[1,2]",
    b"\"l\":{",
    b"\"f\":[",
    b"\"s\":",
    b"\"id\":\"",
    b"\"c\":[\"10.0.0.0/8\"]",
    b"\"vpce\":[",
    b"\"po\":",
    b"\"st\":\"~",
    b"\"k\":\"i\"",
    b"\"sg\":[0]",
    b"\"gb\":",
    b"\"n\":",
    b"\"pr\":[1,2]",
    b"::/0",
    b"0.0.0.0/0",
    b"\\u0000",
    b"\\ud800",
];

pub const IMPORT_DICTIONARY: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"null",
    b"true",
    b"false",
    b"\x00",
    b"\"Vpcs\":[",
    b"\"Subnets\":[",
    b"\"RouteTables\":[",
    b"\"Routes\":[",
    b"\"VpcEndpoints\":[",
    b"\"SecurityGroups\":[",
    b"\"IpPermissions\":[",
    b"\"NetworkAcls\":[",
    b"\"Entries\":[",
    b"\"Reservations\":[",
    b"\"Instances\":[",
    b"\"NetworkInterfaces\":[",
    b"\"TransitGateways\":[",
    b"\"TransitGatewayAttachments\":[",
    b"\"VpnConnections\":[",
    b"\"PrefixLists\":[",
    b"\"VpcId\":\"vpc-1\"",
    b"\"SubnetId\":\"subnet-1\"",
    b"\"CidrBlock\":\"10.0.0.0/16\"",
    b"\"DestinationCidrBlock\":\"0.0.0.0/0\"",
    b"\"GatewayId\":\"igw-1\"",
    b"\"PolicyDocument\":\"{\\\"Statement\\\":[]}\"",
    b"\"State\":\"available\"",
    b"\"FromPort\":-1",
    b"\"IpProtocol\":\"-1\"",
    b"\"RuleNumber\":32767",
];
