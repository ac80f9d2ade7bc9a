//! Import of foreign formats into the model. Today: `aws ec2 describe-*` outputs ([`aws_cli`]).

pub mod aws_cli;

pub use aws_cli::{import_documents, ImportError};
