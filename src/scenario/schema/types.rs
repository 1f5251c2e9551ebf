//! What a scenario file says, as types: [`Scenario`] and its sections,
//! with the limits the reader holds them to.

use crate::model::distribution::Distribution;
use crate::model::outcome::OutcomeRule;
use crate::model::parameters::{Origin, Param};
use crate::model::{LINE_COUNT, ModelSpec};
use crate::model::{Lines, UnitCosts};

use super::super::own_ward::OwnWard;
use super::super::plan::{Mode, Target};
use super::super::wards::WardData;

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = 2;
/// Most runs a scenario may ask for, and most runs one process runs.
pub const MAX_RUNS: i64 = 1_000_000;
/// Most runs of a batch split into shards (`sasaeai run --shard`), each
/// shard running at most [`MAX_RUNS`].
pub const MAX_BATCH_RUNS: i64 = 1_000_000_000;
/// Most fiscal years a scenario may simulate.
pub const MAX_HORIZON: i64 = 20;

/// File format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TOML (the usual form).
    Toml,
    /// JSON with the same fields.
    Json,
}

/// Where a scenario's wards come from.
#[derive(Clone, Debug, PartialEq)]
pub enum WardSource {
    /// A built-in data set (`tokyo-23`) or a path to a ward data file.
    Named(String),
    /// A data set written inside the scenario.
    Inline(Box<WardData>),
    /// One ward's own figures (the `[my_ward]` section).
    Own(Box<OwnWard>),
}

/// Run settings.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSettings {
    /// Monte Carlo runs (1–1,000,000).
    pub runs: u64,
    /// Seed of every random stream.
    pub seed: u64,
    /// Expected or stochastic.
    pub mode: Mode,
    /// Fiscal years simulated (1–20).
    pub horizon: usize,
    /// First fiscal year.
    pub first_fy: i32,
    /// Targets (the five defaults when the file gives none).
    pub targets: Vec<Target>,
    /// Whether the file listed its own targets.
    pub targets_given: bool,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            runs: 10_000,
            seed: 1,
            mode: Mode::Stochastic,
            horizon: 5,
            first_fy: 2025,
            targets: Target::defaults(),
            targets_given: false,
        }
    }
}

/// A scenario's change to one parameter of docs/model.md §3.
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterOverride {
    /// The parameter.
    pub param: Param,
    /// Its distribution.
    pub distribution: Distribution,
    /// Origin label, if the scenario changes it.
    pub origin: Option<Origin>,
    /// Log-sd of the per-ward multiplicative variation, if any.
    pub ward_variation: Option<f64>,
}

/// How a total is spread over wards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spread {
    /// In proportion to population.
    PerResident,
    /// In proportion to initial participants.
    PerParticipant,
    /// Equal amounts.
    Equal,
    /// Each line as the status quo spreads it.
    StatusQuo,
}

impl Spread {
    /// Keys in files.
    pub const KEYS: [&'static str; 4] = ["per_resident", "per_participant", "equal", "status_quo"];

    /// Key in files.
    pub fn key(self) -> &'static str {
        match self {
            Spread::PerResident => "per_resident",
            Spread::PerParticipant => "per_participant",
            Spread::Equal => "equal",
            Spread::StatusQuo => "status_quo",
        }
    }

    /// The rule with key `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "per_resident" => Some(Spread::PerResident),
            "per_participant" => Some(Spread::PerParticipant),
            "equal" => Some(Spread::Equal),
            "status_quo" => Some(Spread::StatusQuo),
            _ => None,
        }
    }
}

/// Where the budget starts from.
#[derive(Clone, Debug, PartialEq)]
pub enum Basis {
    /// Every ward's status-quo lines in every FY.
    StatusQuo,
    /// A total per FY split into lines by shares and spread over wards.
    Total {
        /// Yen per FY: one value for every FY, or one per FY.
        amounts: Vec<f64>,
        /// Shares of the seven lines (the status quo's when absent).
        shares: Option<Lines>,
        /// Points of share moved between lines (sums to 0).
        shift: Option<Lines>,
        /// How each line is spread over wards.
        spread: Spread,
    },
}

/// A change to some lines of some wards in some FYs.
#[derive(Clone, Debug, PartialEq)]
pub struct LineEdit {
    /// Wards affected (all when absent).
    pub wards: Option<Vec<String>>,
    /// Fiscal years affected (all when absent).
    pub fiscal_years: Option<Vec<i32>>,
    /// Value per line (factor for `scale`, yen per FY for `set`).
    pub values: [Option<f64>; LINE_COUNT],
}

/// The budget of a scenario: a basis, then `scale` edits, then `set` edits.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetSpec {
    /// Starting point.
    pub basis: Basis,
    /// Multiplications, applied in order.
    pub scale: Vec<LineEdit>,
    /// Amounts, applied in order after every scale.
    pub set: Vec<LineEdit>,
}

impl Default for BudgetSpec {
    fn default() -> Self {
        BudgetSpec {
            basis: Basis::StatusQuo,
            scale: Vec::new(),
            set: Vec::new(),
        }
    }
}

/// A scenario as written in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Short name (`status-quo`).
    pub name: String,
    /// Title in English.
    pub title: Option<String>,
    /// Title in Japanese.
    pub title_ja: Option<String>,
    /// Description in English.
    pub description: String,
    /// Description in Japanese.
    pub description_ja: Option<String>,
    /// Ward data.
    pub wards: WardSource,
    /// The model version and its switches (`[model]`).
    pub model: ModelSpec,
    /// Run settings.
    pub run: RunSettings,
    /// Parameter changes.
    pub parameters: Vec<ParameterOverride>,
    /// Unit costs.
    pub unit_costs: UnitCosts,
    /// Budget.
    pub budget: BudgetSpec,
    /// Outcome-linked rules.
    pub outcome_rules: Vec<OutcomeRule>,
}
