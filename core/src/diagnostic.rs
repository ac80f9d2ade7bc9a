//! Diagnostics: what validation, import and the engine say about input that is partly wrong.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding about one object: `code` is stable, `subject` is the AWS id (or file) and `field` the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: String,
    /// The id of the object the finding is about (or the file, for import findings).
    pub subject: String,
    /// The field of that object, e.g. `cidr_block` or `routes[2].target`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: &str,
        subject: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code: code.to_string(),
            subject: subject.into(),
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn error(
        code: &str,
        subject: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, subject, field, message)
    }

    pub fn warning(
        code: &str,
        subject: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, subject, field, message)
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        if self.field.is_empty() {
            write!(
                f,
                "{sev} [{}] {}: {}",
                self.code, self.subject, self.message
            )
        } else {
            write!(
                f,
                "{sev} [{}] {}.{}: {}",
                self.code, self.subject, self.field, self.message
            )
        }
    }
}
