//! Errors in scenario and ward files: each names the field path, the value
//! found and what is allowed. Reading collects every error of a file.

use std::fmt;

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// Path of the field, like `budget.set[0].staff` (empty for the file itself).
    pub path: String,
    /// The value found, as written (`0`, `"fast"`, `a table`).
    pub value: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.is_empty(), self.value.is_empty()) {
            (true, _) => write!(f, "{}", self.message),
            (false, true) => write!(f, "{}: {}", self.path, self.message),
            (false, false) => write!(f, "{} = {}: {}", self.path, self.value, self.message),
        }
    }
}

/// Every problem found in a file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, thiserror::Error)]
pub struct ScenarioErrors {
    /// Where the text came from (a path, or a built-in name).
    pub source_name: String,
    /// The problems, in the order found.
    pub errors: Vec<FieldError>,
}

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        writeln!(
            f,
            "{}: {} error{}",
            self.source_name,
            n,
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            writeln!(f, "  - {e}")?;
        }
        Ok(())
    }
}
