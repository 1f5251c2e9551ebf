//! The `resolved` section of every report (docs/model.md §8): what the engine
//! ran, ward by ward — initial state, status-quo and planned lines,
//! calibrated rates and references at the point values — with every
//! parameter's point value and details, the unit costs and the rules.

use serde::Serialize;

use crate::model::outcome::OutcomeRule;
use crate::model::ward::{Calibration, WardState};
use crate::model::{Lines, Param, UnitCosts};

use super::plan::Plan;

/// The `resolved` section.
#[derive(Clone, Debug, Serialize)]
pub struct Resolved {
    /// Wards as run.
    pub wards: Vec<ResolvedWard>,
    /// Point value of every parameter of docs/model.md §3.
    pub parameters: serde_json::Map<String, serde_json::Value>,
    /// Each parameter's distribution, origin and descriptions.
    pub parameter_details: Vec<crate::model::parameters::ParameterEntry>,
    /// Unit costs.
    pub unit_costs: UnitCosts,
    /// Outcome-linked rules.
    pub outcome_rules: Vec<OutcomeRule>,
}

/// One ward in the `resolved` section.
#[derive(Clone, Debug, Serialize)]
pub struct ResolvedWard {
    /// English name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Residents.
    pub population: f64,
    /// State at m = 0.
    pub initial: InitialState,
    /// Status-quo lines (yen per FY).
    pub status_quo_budget: Lines,
    /// Planned lines per FY (yen).
    pub budget: Vec<Lines>,
    /// Calibrated rates at the point values of the parameters.
    pub rates: Rates,
    /// Calibration references at the point values.
    pub reference: References,
}

/// Initial state of a ward.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct InitialState {
    /// Participants.
    pub participants: f64,
    /// Untrained supporters.
    pub untrained: f64,
    /// Certified supporters.
    pub certified: f64,
    /// Awareness.
    pub awareness: f64,
}

impl From<WardState> for InitialState {
    fn from(s: WardState) -> Self {
        InitialState {
            participants: s.participants,
            untrained: s.untrained,
            certified: s.certified,
            awareness: s.awareness,
        }
    }
}

/// Calibrated rates (docs/model.md §5).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rates {
    /// join.
    pub join: f64,
    /// recruit.
    pub recruit: f64,
    /// aw_gain.
    pub aw_gain: f64,
}

/// Calibration references (docs/model.md §5).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct References {
    /// τ_ref.
    pub tau: f64,
    /// g_ref (yen per participant per month).
    pub grant: f64,
    /// cov_ref.
    pub coverage: f64,
}

impl Resolved {
    /// The section for `plan`, whose wards calibrate as `calibrations`
    /// (one per ward, at the point values).
    pub fn of(plan: &Plan, calibrations: &[Calibration]) -> Resolved {
        let wards = plan
            .wards
            .iter()
            .zip(calibrations)
            .map(|(w, c)| ResolvedWard {
                name: w.name.clone(),
                name_ja: w.name_ja.clone(),
                population: w.population,
                initial: w.initial.into(),
                status_quo_budget: w.status_quo_budget,
                budget: w.budget.clone(),
                rates: Rates {
                    join: c.join,
                    recruit: c.recruit,
                    aw_gain: c.aw_gain,
                },
                reference: References {
                    tau: c.tau_ref,
                    grant: c.grant_ref,
                    coverage: c.coverage_ref,
                },
            })
            .collect();
        let points = plan.parameters.points();
        let parameters = Param::ALL
            .iter()
            .map(|p| {
                (
                    p.name().to_string(),
                    serde_json::Value::from(points.get(*p)),
                )
            })
            .collect();
        Resolved {
            wards,
            parameters,
            parameter_details: plan.parameters.entries.clone(),
            unit_costs: plan.unit_costs,
            outcome_rules: plan.outcome_rules.clone(),
        }
    }
}
