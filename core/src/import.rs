//! Import of foreign formats into the model. Today: `aws ec2 describe-*` outputs ([`aws_cli`]). [`classify`]
//! tells what a text is (link, diagram, topology, describe output) for every face.

pub mod aws_cli;
pub mod classify;

pub use classify::{classify, InputKind};

pub use aws_cli::{import_documents, import_documents_with_progress, ImportError, ImportStage};
