//! The job runner in the browser without a worker (this test page has no loader tag, like the embed page): jobs
//! run inline from the event loop, answer once, and Cancel answers at once. The worker itself is covered by
//! `tests/e2e/import_worker.mjs` against the release build.

use std::cell::RefCell;
use std::rc::Rc;

use vpclab_web::import::Opened;
use vpclab_web::jobs::{self, JobError};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

const VPCS: &str = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;

#[wasm_bindgen_test]
async fn an_import_runs_inline_and_answers_once() {
    let got = Rc::new(RefCell::new(Vec::new()));
    let files = vec![("s/Vpcs.json".to_string(), VPCS.to_string())];
    let g = Rc::clone(&got);
    jobs::import(
        &files,
        Some("us-east-1"),
        |_| {},
        move |r| g.borrow_mut().push(r),
    );
    assert!(got.borrow().is_empty(), "answered from inside the call");
    sleep(50).await;
    let got = got.borrow();
    assert_eq!(got.len(), 1);
    let imported = got[0].as_ref().unwrap();
    assert!(
        matches!(&imported.opened, Some(Opened::Diagram(d)) if d.topology.vpcs[0].id == "vpc-1")
    );
    assert!(imported.validation.is_some());
}

#[wasm_bindgen_test]
async fn cancel_answers_at_once_and_only_once() {
    let got = Rc::new(RefCell::new(Vec::new()));
    let files = vec![("s/Vpcs.json".to_string(), VPCS.to_string())];
    let g = Rc::clone(&got);
    let handle = jobs::import(&files, None, |_| {}, move |r| g.borrow_mut().push(r.err()));
    handle.cancel();
    assert_eq!(*got.borrow(), vec![Some(JobError::Cancelled)]);
    sleep(50).await;
    assert_eq!(got.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn an_audit_answers_as_the_core_does() {
    let topology = vpclab_core::synth::generate(2, 2);
    let options = vpclab_core::audit::AuditOptions::default();
    let got = Rc::new(RefCell::new(None));
    let g = Rc::clone(&got);
    jobs::audit(
        &topology,
        &options,
        |_| {},
        move |r| *g.borrow_mut() = Some(r),
    );
    sleep(200).await;
    let audit = got.borrow_mut().take().expect("no answer").unwrap();
    let direct = vpclab_core::Session::new(&topology).audit(&options);
    assert_eq!(audit.summary, direct.summary);
}
