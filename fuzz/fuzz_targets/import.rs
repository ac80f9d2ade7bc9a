//! libFuzzer target: `import::import_documents` on arbitrary documents, then validation, export and a share
//! round trip of whatever it imported.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vpclab_fuzz::import(data));
