//! The Web Worker binary (Trunk: `data-type="worker"`, started by `assets/worker.js`): it only serves
//! [`vpclab_web::jobs`] requests — imports, audits, diffs — with the core, off the page's main thread.

fn main() {
    vpclab_web::jobs::browser::serve();
}
