#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vpclab_fuzz::topology_json(data));
