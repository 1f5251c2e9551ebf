//! What the results column shows: the tool (tab), and the equity map's
//! measure.

use crate::report::Report;
use crate::ui::i18n::{Lang, Msg};

/// The tool shown in the results column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// The dashboard of the last run.
    #[default]
    Results,
    /// Paired comparison of scenarios.
    Compare,
    /// The allocation search.
    Optimise,
    /// Equity across wards.
    Equity,
    /// Which assumption matters most.
    Sensitivity,
    /// A ward's own figures.
    MyWard,
    /// How the model works: its equations and parameters.
    Model,
}

impl Tool {
    /// Every tool, in tab order.
    pub const ALL: [Tool; 7] = [
        Tool::Results,
        Tool::MyWard,
        Tool::Compare,
        Tool::Sensitivity,
        Tool::Equity,
        Tool::Optimise,
        Tool::Model,
    ];

    /// Tab label.
    pub fn label(self) -> Msg {
        match self {
            Tool::Results => Msg::Results,
            Tool::Compare => Msg::CompareTitle,
            Tool::MyWard => Msg::MyWardTitle,
            Tool::Optimise => Msg::OptimiseTitle,
            Tool::Equity => Msg::EquityTitle,
            Tool::Sensitivity => Msg::SensitivityTitle,
            Tool::Model => Msg::ModelTitle,
        }
    }

    /// Key for element ids and test hooks.
    pub fn key(self) -> &'static str {
        match self {
            Tool::Results => "results",
            Tool::Compare => "compare",
            Tool::MyWard => "my-ward",
            Tool::Optimise => "optimise",
            Tool::Equity => "equity",
            Tool::Sensitivity => "sensitivity",
            Tool::Model => "model",
        }
    }
}

/// The per-ward measure the map shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EquityMeasure {
    /// Participants at the end per 10,000 residents.
    #[default]
    ParticipantsPer10k,
    /// Spending per participant per year.
    SpendingPerParticipant,
    /// P(target k), judged on the ward's own figures.
    Target(usize),
}

impl EquityMeasure {
    /// Key for the picker.
    pub fn key(self) -> String {
        match self {
            EquityMeasure::ParticipantsPer10k => "per-10k".into(),
            EquityMeasure::SpendingPerParticipant => "spending-per-participant".into(),
            EquityMeasure::Target(k) => format!("target-{k}"),
        }
    }

    /// The measure with key `key` (participants per 10,000 for an
    /// unknown key).
    pub fn from_key(key: &str) -> Self {
        match key {
            "spending-per-participant" => EquityMeasure::SpendingPerParticipant,
            k => k
                .strip_prefix("target-")
                .and_then(|i| i.parse().ok())
                .map_or(EquityMeasure::ParticipantsPer10k, EquityMeasure::Target),
        }
    }

    /// Its name in `lang`, with the targets of `report`.
    pub fn label(self, lang: Lang, report: &Report) -> String {
        match self {
            EquityMeasure::ParticipantsPer10k => Msg::Per10k.text(lang).to_string(),
            EquityMeasure::SpendingPerParticipant => {
                Msg::SpendingPerParticipant.text(lang).to_string()
            }
            EquityMeasure::Target(k) => format!(
                "P({})",
                report.targets.get(k).map_or("?", |t| t.id.as_str())
            ),
        }
    }
}
