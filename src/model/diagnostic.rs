//! Diagnostics: every user mistake and every warning, with a stable code and, where it has one, the range
//! of the text it is about.

use serde::Serialize;

use crate::source::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable UPPER_SNAKE code, e.g. `DUPLICATE_KEY`.
    pub code: String,
    /// A sentence a person understands.
    pub message: String,
    /// Which input: `policies.identity[0]`, `request.context`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
}

impl Diagnostic {
    pub fn error(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: code.to_string(),
            message: message.into(),
            source: None,
            range: None,
        }
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code: code.to_string(),
            message: message.into(),
            source: None,
            range: None,
        }
    }

    pub fn info(code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Info,
            code: code.to_string(),
            message: message.into(),
            source: None,
            range: None,
        }
    }

    pub fn with_source(mut self, source: impl Into<String>) -> Diagnostic {
        self.source = Some(source.into());
        self
    }

    pub fn with_range(mut self, range: Range) -> Diagnostic {
        self.range = Some(range);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
