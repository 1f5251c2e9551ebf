//! What calibration makes of a ward's figures, and whether the figures are
//! plausible: the calibrated rates and references of every ward at the
//! point values of the parameters (docs/model.md §5), the ways in which its
//! status quo cannot be stationary, and checks of the figures against the
//! model's own limits (need pool, capacity, parameter ranges, budget lines
//! that do not match the stated sites or supporters).
//!
//! `sasaeai calibrate` prints a [`CalibrationReport`]; `run` and the app
//! show the checks of severity [`Severity::Warning`] among the scenario's
//! warnings ([`plausibility_warnings`]). The checks themselves are in
//! [`super::checks`].

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::BudgetLine;
use crate::model::ward::WardParams;
use crate::text::format::{group_thousands, round_sig};

pub use super::checks::{BRIEF_PER_PARTICIPANT_RANGE, plausibility_warnings, ward_checks};
pub use super::notice::{Check, Severity};

use super::checks::{people, percent, yen};
use super::info::ScenarioInfo;
use super::resolve::Loaded;
use super::resolved::{InitialState, Rates, References, ShownCosts, ShownLines};
use super::warnings::point_calibration;

/// Capacities of the status quo that the checks compare participants with.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Capacities {
    /// Need pool: need_rate · population.
    pub need_pool: f64,
    /// Participants the supporters can carry: caseload · (U + C).
    pub supporters: f64,
    /// Participants the sites can hold: site_capacity · sites bought by the
    /// bases line.
    pub sites: f64,
}

/// One ward's calibration and checks.
#[derive(Clone, Debug, Serialize)]
pub struct WardCalibration {
    /// English name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Residents.
    pub population: f64,
    /// State at m = 0.
    pub initial: InitialState,
    /// Sites as stated in the ward data.
    pub bases: f64,
    /// Status-quo lines (yen per FY).
    pub status_quo_budget: ShownLines,
    /// Status-quo budget per participant (yen per FY); `null` without participants.
    pub spending_per_participant: Option<f64>,
    /// Calibrated rates at the point values (docs/model.md §5).
    pub rates: Rates,
    /// Calibration references at the point values.
    pub reference: References,
    /// Capacities at the status quo.
    pub capacities: Capacities,
    /// Findings, warnings first.
    pub checks: Vec<Check>,
}

/// Point values of the parameters the checks use (docs/model.md §3).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct CheckedParameters {
    /// Share of residents who could benefit.
    pub need_rate: f64,
    /// Annual continuation at the status quo.
    pub c0: f64,
    /// Satisfaction at the status quo.
    pub s0: f64,
    /// Lowest continuation.
    pub c_min: f64,
    /// Highest continuation.
    pub c_max: f64,
    /// Participants per supporter.
    pub caseload: f64,
    /// Participants per site.
    pub site_capacity: f64,
    /// Lowest awareness.
    pub a_floor: f64,
    /// Highest awareness.
    pub a_max: f64,
}

/// The output of `sasaeai calibrate`.
#[derive(Clone, Debug, Serialize)]
pub struct CalibrationReport {
    /// Model version.
    pub model_version: u32,
    /// The scenario.
    pub scenario: ScenarioInfo,
    /// Parameters the checks use.
    pub parameters: CheckedParameters,
    /// Unit costs.
    pub unit_costs: ShownCosts,
    /// Every ward.
    pub wards: Vec<WardCalibration>,
    /// Findings of severity warning over all wards.
    pub warnings: usize,
    /// Findings of severity note over all wards.
    pub notes: usize,
}

/// The calibration report of a loaded scenario.
pub fn calibration_report(loaded: &Loaded) -> CalibrationReport {
    let plan = &loaded.plan;
    let points = WardParams::from_values(&plan.parameters.points(), plan.model);
    let checks = ward_checks(plan, &loaded.ward_data, &loaded.scenario.wards);
    let v2 = plan.model.version >= 2;
    let wards: Vec<WardCalibration> = plan
        .wards
        .iter()
        .zip(&loaded.ward_data.wards)
        .zip(point_calibration(plan))
        .zip(checks)
        .map(|(((w, record), cal), checks)| {
            let n = w.initial.participants;
            let sites = w.status_quo_budget.get(BudgetLine::Bases) / plan.unit_costs.base;
            WardCalibration {
                name: w.name.clone(),
                name_ja: w.name_ja.clone(),
                population: w.population,
                initial: w.initial.into(),
                bases: record.bases,
                status_quo_budget: ShownLines {
                    lines: w.status_quo_budget,
                    online: plan.shows_online(),
                },
                spending_per_participant: (n > 0.0)
                    .then(|| round_sig(w.status_quo_budget.total() / n)),
                rates: Rates {
                    join: cal.join,
                    recruit: cal.recruit,
                    aw_gain: cal.aw_gain,
                    wom: v2.then_some(cal.wom),
                },
                reference: References {
                    tau: cal.tau_ref,
                    grant: cal.grant_ref,
                    coverage: cal.coverage_ref,
                    occupancy: v2.then_some(cal.occupancy_ref),
                },
                capacities: Capacities {
                    need_pool: round_sig(points.need_rate * w.population),
                    supporters: round_sig(points.caseload * w.initial.supporters()),
                    sites: round_sig(points.site_capacity * sites),
                },
                checks,
            }
        })
        .collect();
    let count = |s: Severity| {
        wards
            .iter()
            .flat_map(|w| &w.checks)
            .filter(|c| c.severity == s)
            .count()
    };
    let (warnings, notes) = (count(Severity::Warning), count(Severity::Note));
    CalibrationReport {
        model_version: u32::from(plan.model.version),
        scenario: loaded.info.clone(),
        parameters: CheckedParameters {
            need_rate: points.need_rate,
            c0: points.c0,
            s0: points.s0,
            c_min: points.c_min,
            c_max: points.c_max,
            caseload: points.caseload,
            site_capacity: points.site_capacity,
            a_floor: points.a_floor,
            a_max: points.a_max,
        },
        unit_costs: ShownCosts {
            costs: plan.unit_costs,
            online: plan.shows_online(),
        },
        wards,
        warnings,
        notes,
    }
}

impl CalibrationReport {
    /// A plain-text summary for the terminal.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} — {}", self.scenario.name, self.scenario.title);
        let _ = writeln!(
            s,
            "ward data: {} · model v{} · c0 {} · s0 {} · need_rate {}",
            self.scenario.ward_data_title,
            self.model_version,
            self.parameters.c0,
            self.parameters.s0,
            self.parameters.need_rate
        );
        let _ = writeln!(
            s,
            "\nCalibration at the point values (docs/model.md §5): rates that hold the status quo stationary"
        );
        let _ = writeln!(
            s,
            "  {:<14} {:>12} {:>10} {:>10} {:>10} {:>7} {:>10} {:>7}",
            "ward", "participants", "join", "recruit", "aw_gain", "τ_ref", "g_ref ¥", "cov_ref"
        );
        for w in &self.wards {
            let _ = writeln!(
                s,
                "  {:<14} {:>12} {:>10.3e} {:>10.5} {:>10.5} {:>7.3} {:>10} {:>7.3}",
                w.name,
                people(w.initial.participants),
                w.rates.join,
                w.rates.recruit,
                w.rates.aw_gain,
                w.reference.tau,
                group_thousands(w.reference.grant.round() as i64),
                w.reference.coverage
            );
        }
        if let [w] = self.wards.as_slice() {
            let _ = writeln!(
                s,
                "\n{} ({}) · population {} · supporters {} untrained + {} certified · sites {} · awareness {}",
                w.name,
                w.name_ja,
                people(w.population),
                people(w.initial.untrained),
                people(w.initial.certified),
                round_sig(w.bases),
                percent(w.initial.awareness)
            );
            let _ = writeln!(
                s,
                "  status-quo budget {} a year{}",
                yen(w.status_quo_budget.lines.total()),
                w.spending_per_participant
                    .map(|x| format!(" ({} per participant)", yen(x)))
                    .unwrap_or_default()
            );
            let shown = &w.status_quo_budget;
            let lines: Vec<String> = BudgetLine::ALL
                .iter()
                .filter(|l| **l != BudgetLine::Online || shown.online)
                .map(|l| format!("{} {}", l.key(), yen(shown.lines.get(*l))))
                .collect();
            let _ = writeln!(s, "  {}", lines.join(" · "));
            let _ = writeln!(
                s,
                "  capacity: need pool {} · supporters {} · sites {}",
                people(w.capacities.need_pool.floor()),
                people(w.capacities.supporters.floor()),
                people(w.capacities.sites.floor())
            );
        }
        for (title, severity) in [("Warnings", Severity::Warning), ("Notes", Severity::Note)] {
            let found: Vec<(&str, &Check)> = self
                .wards
                .iter()
                .flat_map(|w| w.checks.iter().map(move |c| (w.name.as_str(), c)))
                .filter(|(_, c)| c.severity == severity)
                .collect();
            if !found.is_empty() {
                let _ = writeln!(s, "\n{title}");
                for (ward, c) in found {
                    let _ = writeln!(s, "  - {ward} [{}] {c}", c.id);
                }
            }
        }
        if self.warnings == 0 {
            let _ = writeln!(
                s,
                "\nNo warnings: the figures are within the model's limits."
            );
        }
        s
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
