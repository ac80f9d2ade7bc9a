//! libFuzzer target: `share::decode` on arbitrary links, and on arbitrary JSON packed as a v1 link.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vpclab_fuzz::share_decode(data));
