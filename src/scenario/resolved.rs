//! The `resolved` section of every report (docs/model.md §8, §9.5): what the engine
//! ran, ward by ward — initial state, status-quo and planned lines,
//! calibrated rates and references at the point values — with every
//! parameter's point value and details, the unit costs and the rules.

use serde::Serialize;

use crate::model::outcome::OutcomeRule;
use crate::model::ward::{Calibration, WardState};
use crate::model::{BudgetLine, Lines, Mechanisms, Param, UnitCosts};

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
    pub unit_costs: ShownCosts,
    /// Outcome-linked rules.
    pub outcome_rules: Vec<OutcomeRule>,
    /// The switches of model version 2 (absent in version 1's reports).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanisms: Option<Mechanisms>,
}

/// Budget lines as a report shows them: the six lines of version 1, and
/// `online` when the plan [shows it](Plan::shows_online).
#[derive(Clone, Copy, Debug)]
pub struct ShownLines {
    /// The lines.
    pub lines: Lines,
    /// Whether `online` is written.
    pub online: bool,
}

impl Serialize for ShownLines {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        for line in BudgetLine::ALL {
            if line != BudgetLine::Online || self.online {
                map.serialize_entry(line.key(), &self.lines.get(line))?;
            }
        }
        map.end()
    }
}

/// Unit costs as a report shows them: `online_group` with the online line.
#[derive(Clone, Copy, Debug)]
pub struct ShownCosts {
    /// The costs.
    pub costs: UnitCosts,
    /// Whether `online_group` is written.
    pub online: bool,
}

impl Serialize for ShownCosts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = &self.costs;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("fte", &c.fte)?;
        map.serialize_entry("seat", &c.seat)?;
        map.serialize_entry("supervision_month", &c.supervision_month)?;
        map.serialize_entry("base", &c.base)?;
        if self.online {
            map.serialize_entry("online_group", &c.online_group)?;
        }
        map.end()
    }
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
    pub status_quo_budget: ShownLines,
    /// Planned lines per FY (yen).
    pub budget: Vec<ShownLines>,
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
    /// wom (model version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wom: Option<f64>,
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
    /// o_ref (model version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<f64>,
}

impl Resolved {
    /// The section for `plan`, whose wards calibrate as `calibrations`
    /// (one per ward, at the point values).
    pub fn of(plan: &Plan, calibrations: &[Calibration]) -> Resolved {
        let v2 = plan.model.version >= 2;
        let online = plan.shows_online();
        let shown = |lines: Lines| ShownLines { lines, online };
        let wards = plan
            .wards
            .iter()
            .zip(calibrations)
            .map(|(w, c)| ResolvedWard {
                name: w.name.clone(),
                name_ja: w.name_ja.clone(),
                population: w.population,
                initial: w.initial.into(),
                status_quo_budget: shown(w.status_quo_budget),
                budget: w.budget.iter().map(|b| shown(*b)).collect(),
                rates: Rates {
                    join: c.join,
                    recruit: c.recruit,
                    aw_gain: c.aw_gain,
                    wom: v2.then_some(c.wom),
                },
                reference: References {
                    tau: c.tau_ref,
                    grant: c.grant_ref,
                    coverage: c.coverage_ref,
                    occupancy: v2.then_some(c.occupancy_ref),
                },
            })
            .collect();
        let points = plan.parameters.points();
        // Version 1's reports list version 1's parameters only.
        let listed = |p: &Param| v2 || p.mechanism().is_none();
        let parameters = Param::ALL
            .iter()
            .filter(|p| listed(p))
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
            parameter_details: Param::ALL
                .iter()
                .zip(&plan.parameters.entries)
                .filter(|(p, _)| listed(p))
                .map(|(_, e)| e.clone())
                .collect(),
            unit_costs: ShownCosts {
                costs: plan.unit_costs,
                online,
            },
            outcome_rules: plan.outcome_rules.clone(),
            mechanisms: v2.then_some(plan.model.mechanisms),
        }
    }
}
