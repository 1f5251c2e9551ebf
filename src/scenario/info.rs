//! What identifies a scenario in every report: its name, titles and
//! descriptions in both languages, the hash of its canonical form and its
//! ward data set.

use serde::Serialize;

/// Identification of the scenario in a report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ScenarioInfo {
    /// Short name (`status-quo`).
    pub name: String,
    /// Title in English.
    pub title: String,
    /// Title in Japanese.
    pub title_ja: String,
    /// Description in English.
    pub description: String,
    /// Description in Japanese.
    pub description_ja: String,
    /// Hash of the scenario's canonical form (hex), for reproducibility.
    pub hash: String,
    /// Short name of the ward data set (`tokyo-23`; a `[my_ward]` scenario's
    /// ward name).
    pub ward_data: String,
    /// Title of the ward data set in English (synthetic data sets say so
    /// here).
    pub ward_data_title: String,
    /// Title of the ward data set in Japanese.
    pub ward_data_title_ja: String,
}
