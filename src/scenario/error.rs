//! Errors in scenario and ward files: each names the field path, the value
//! found and what is allowed. Reading collects every error of a file.
//!
//! An error keeps its English text (what the command-line tool prints and
//! writes as JSON) and what it is made of ([`Problem`], [`Shown`]), so the
//! browser app can say it in Japanese too ([`Bilingual`]).

use std::fmt;

use super::message::{Bilingual, Problem, Shown, Text};

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FieldError {
    /// Path of the field, like `budget.set[0].staff` (empty for the file itself).
    pub path: String,
    /// The value found, as written (`0`, `"fast"`, `a table`).
    pub value: String,
    /// What is wrong and what is allowed.
    pub message: String,
    /// The value, for the message in either language.
    #[serde(skip)]
    pub shown: Shown,
    /// What is wrong, for the message in either language.
    #[serde(skip)]
    pub problem: Problem,
}

impl FieldError {
    /// The error `problem` at `path` with the value `shown`.
    pub fn new(path: &str, shown: impl Into<Shown>, problem: Problem) -> FieldError {
        let shown = shown.into();
        FieldError {
            path: path.to_string(),
            value: shown.en(),
            message: problem.en(),
            shown,
            problem,
        }
    }
}

/// `path = value: message`, leaving out what is empty.
fn line(f: &mut impl fmt::Write, path: &str, value: &str, message: &str) -> fmt::Result {
    match (path.is_empty(), value.is_empty()) {
        (true, _) => write!(f, "{message}"),
        (false, true) => write!(f, "{path}: {message}"),
        (false, false) => write!(f, "{path} = {value}: {message}"),
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        line(f, &self.path, &self.value, &self.message)
    }
}

impl Bilingual for FieldError {
    fn text(&self) -> Text {
        let mut ja = String::new();
        let _ = line(&mut ja, &self.path, &self.shown.ja(), &self.problem.ja());
        Text::new(self.to_string(), ja)
    }
}

/// Every problem found in a file.
#[derive(Clone, Debug, PartialEq, serde::Serialize, thiserror::Error)]
pub struct ScenarioErrors {
    /// Where the text came from (a path, or a built-in name).
    pub source_name: String,
    /// The problems, in the order found.
    pub errors: Vec<FieldError>,
}

/// Most errors a message lists; the rest are counted ("… and 5,960 more").
pub const MAX_LISTED_ERRORS: usize = 40;

impl ScenarioErrors {
    /// The errors a message lists, and how many it leaves out.
    fn listed(&self) -> (&[FieldError], usize) {
        let shown = self.errors.len().min(MAX_LISTED_ERRORS);
        (&self.errors[..shown], self.errors.len() - shown)
    }
}

/// `n` with a comma between thousands.
fn thousands(n: usize) -> String {
    crate::text::format::group_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

/// The count of errors, then one line per listed error, then how many more
/// there are.
impl Bilingual for ScenarioErrors {
    fn text(&self) -> Text {
        let n = self.errors.len();
        let mut en = format!(
            "{}: {} error{}\n",
            self.source_name,
            thousands(n),
            if n == 1 { "" } else { "s" }
        );
        let mut ja = format!("{}: エラー{}件\n", self.source_name, thousands(n));
        let (listed, rest) = self.listed();
        for e in listed {
            let said = e.text();
            en.push_str(&format!("  - {}\n", said.en));
            ja.push_str(&format!("  - {}\n", said.ja));
        }
        if rest > 0 {
            en.push_str(&format!(
                "  … and {} more error{} (mend these first; often one cause repeats)\n",
                thousands(rest),
                if rest == 1 { "" } else { "s" }
            ));
            ja.push_str(&format!(
                "  …ほか{}件（まずこれらを直してください。同じ原因の繰り返しであることが多いです）\n",
                thousands(rest)
            ));
        }
        Text::new(en, ja)
    }
}
