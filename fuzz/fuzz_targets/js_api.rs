#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vpclab_fuzz::js_api(data));
