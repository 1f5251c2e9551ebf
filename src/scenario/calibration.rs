//! What calibration makes of a ward's figures, and whether the figures are
//! plausible: the calibrated rates and references of every ward at the
//! point values of the parameters (MODEL.md §5), the ways in which its
//! status quo cannot be stationary, and checks of the figures against the
//! model's own limits (need pool, capacity, parameter ranges, budget lines
//! that do not match the stated sites or supporters).
//!
//! `sasaeai calibrate` prints a [`CalibrationReport`]; `run` and the app
//! show the checks of severity [`Severity::Warning`] among the scenario's
//! warnings ([`plausibility_warnings`]).

use std::fmt::Write as _;

use serde::Serialize;

use crate::MODEL_VERSION;
use crate::model::ward::{WardParams, monthly_hazard};
use crate::model::{BudgetLine, Lines, UnitCosts};
use crate::sim::Plan;
use crate::sim::report::{
    InitialState, Rates, References, ScenarioInfo, group_thousands, point_calibration, round_sig,
};

use super::message::{Bilingual, Shown};
use super::notice::{Finding, Warning};
use super::resolve::Loaded;
use super::schema::WardSource;
use super::wards::WardData;

/// Support per participant per FY across the 23 wards as the brief reports
/// it (FY2023: smallest ¥20,000, largest ¥83,000).
pub const BRIEF_PER_PARTICIPANT_RANGE: (f64, f64) = (20_000.0, 83_000.0);

/// How much a check matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The figures are implausible for the model, or the status quo cannot
    /// be stationary: results may mislead until the figure is checked.
    Warning,
    /// Worth knowing; the model handles it as intended.
    Note,
}

/// One finding about one ward's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// Stable identifier (`need_pool`, `supporter_capacity`, …; README lists them).
    pub id: &'static str,
    /// Warning or note.
    pub severity: Severity,
    /// Path of the field the finding is about (`my_ward.participants`).
    pub field: String,
    /// The value found, as people read it.
    pub value: String,
    /// What is wrong or notable, and why.
    pub message: String,
    /// The value, for the message in either language.
    #[serde(skip)]
    pub shown: Shown,
    /// What is wrong or notable, for the message in either language.
    #[serde(skip)]
    pub finding: Finding,
}

impl Check {
    /// The check finding `finding` about `field`, whose value is `shown`.
    pub fn new(field: String, shown: Shown, finding: Finding) -> Check {
        Check {
            id: finding.id(),
            severity: finding.severity(),
            field,
            value: shown.en(),
            message: finding.en(),
            shown,
            finding,
        }
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}: {}", self.field, self.value, self.message)
    }
}

impl Bilingual for Check {
    fn en(&self) -> String {
        self.to_string()
    }

    fn ja(&self) -> String {
        format!(
            "{} = {}: {}",
            self.field,
            self.shown.ja(),
            self.finding.ja()
        )
    }
}

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
    pub status_quo_budget: Lines,
    /// Status-quo budget per participant (yen per FY); `null` without participants.
    pub spending_per_participant: Option<f64>,
    /// Calibrated rates at the point values (MODEL.md §5).
    pub rates: Rates,
    /// Calibration references at the point values.
    pub reference: References,
    /// Capacities at the status quo.
    pub capacities: Capacities,
    /// Findings, warnings first.
    pub checks: Vec<Check>,
}

/// Point values of the parameters the checks use (MODEL.md §3).
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
    pub unit_costs: UnitCosts,
    /// Every ward.
    pub wards: Vec<WardCalibration>,
    /// Findings of severity warning over all wards.
    pub warnings: usize,
    /// Findings of severity note over all wards.
    pub notes: usize,
}

/// Where a ward's fields are written, for messages: `my_ward` for a
/// `[my_ward]` scenario, `wards.wards[i]` for inline data, and
/// `<data set>: wards[i]` for a named data set.
fn ward_path(source: &WardSource, data: &WardData, i: usize) -> String {
    match source {
        WardSource::Own(_) => super::own_ward::OWN_WARD_KEY.to_string(),
        WardSource::Inline(_) => format!("wards.wards[{i}]"),
        WardSource::Named(_) => format!("{}: wards[{i}]", data.name),
    }
}

fn people(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        group_thousands(x as i64)
    } else {
        format!("{}", round_sig((x * 100.0).round() / 100.0))
    }
}

fn yen(x: f64) -> String {
    format!("¥{}", group_thousands(x.round() as i64))
}

fn percent(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// The checks of every ward of a resolved scenario, warnings first in each
/// ward. `wards` of `data` and of `plan` are the same wards in the same order.
pub fn ward_checks(plan: &Plan, data: &WardData, source: &WardSource) -> Vec<Vec<Check>> {
    let p = WardParams::from_values(&plan.parameters.points());
    let costs = &plan.unit_costs;
    let calibrations = point_calibration(plan);
    let own = matches!(source, WardSource::Own(_));
    plan.wards
        .iter()
        .zip(&data.wards)
        .zip(&calibrations)
        .enumerate()
        .map(|(i, ((w, record), cal))| {
            let at = ward_path(source, data, i);
            let field = |key: &str| format!("{at}.{key}");
            let mut checks = Vec::new();
            let mut push = |field: String, value: Shown, finding: Finding| {
                checks.push(Check::new(field, value, finding))
            };
            let n = w.initial.participants;
            let supporters = w.initial.supporters();
            let lines = w.status_quo_budget;
            let own_lines = record.status_quo_budget.is_some();
            let budget_field =
                |line: BudgetLine| field(&format!("status_quo_budget.{}", line.key()));
            let sites = lines.get(BudgetLine::Bases) / costs.base;
            let (ward, ward_ja) = (w.name.clone(), w.name_ja.clone());

            // Stationarity (MODEL.md §5).
            if cal.issues.at_capacity {
                push(
                    field("participants"),
                    people(n).into(),
                    Finding::AtCapacity {
                        ward: ward.clone(),
                        ward_ja: ward_ja.clone(),
                    },
                );
            }
            if cal.issues.no_demand {
                push(
                    field("participants"),
                    people(n).into(),
                    Finding::NoDemand {
                        ward: ward.clone(),
                        ward_ja: ward_ja.clone(),
                    },
                );
            }
            if cal.issues.awareness_drifts {
                push(
                    field("awareness"),
                    percent(w.initial.awareness).into(),
                    Finding::AwarenessDrifts {
                        ward: ward.clone(),
                        ward_ja: ward_ja.clone(),
                    },
                );
            }
            if cal.issues.no_recruits {
                push(
                    field("untrained"),
                    people(w.initial.untrained).into(),
                    Finding::NoRecruits { ward, ward_ja },
                );
            }

            // Participants against the need pool and capacity (MODEL.md §4, steps 3–4).
            let pool = p.need_rate * w.population;
            if n > pool {
                push(
                    field("participants"),
                    people(n).into(),
                    Finding::NeedPool {
                        need_rate: p.need_rate.to_string(),
                        population: people(w.population),
                        pool: people(pool.floor()),
                        least: round_sig(n / w.population).to_string(),
                    },
                );
            }
            if n > 0.0 && supporters == 0.0 {
                push(
                    field("untrained"),
                    Shown::NoSupporters,
                    Finding::NoSupporters {
                        participants: people(n),
                    },
                );
            } else if n > p.caseload * supporters {
                push(
                    field("participants"),
                    people(n).into(),
                    Finding::SupporterCapacity {
                        caseload: p.caseload.to_string(),
                        supporters: people(supporters),
                        capacity: people((p.caseload * supporters).floor()),
                    },
                );
            }
            if n > 0.0 && sites == 0.0 {
                push(
                    budget_field(BudgetLine::Bases),
                    yen(0.0).into(),
                    Finding::NoSites {
                        participants: people(n),
                        base: group_thousands(costs.base.round() as i64),
                    },
                );
            } else if n > p.site_capacity * sites {
                push(
                    field("participants"),
                    people(n).into(),
                    Finding::SiteCapacity {
                        site_capacity: p.site_capacity.to_string(),
                        sites: round_sig((sites * 100.0).round() / 100.0).to_string(),
                        capacity: people((p.site_capacity * sites).floor()),
                        base: yen(costs.base),
                    },
                );
            }
            if own_lines {
                let stated = record.bases;
                if (sites - stated).abs() > (0.01 * stated).max(0.01) {
                    push(
                        budget_field(BudgetLine::Bases),
                        yen(lines.get(BudgetLine::Bases)).into(),
                        Finding::BasesBudget {
                            sites: round_sig((sites * 100.0).round() / 100.0).to_string(),
                            base: yen(costs.base),
                            field: field("bases"),
                            stated: round_sig(stated).to_string(),
                            suggested: (stated > 0.0)
                                .then(|| yen(lines.get(BudgetLine::Bases) / stated)),
                        },
                    );
                }
            }

            // Status-quo levels against the parameters' ranges (MODEL.md §3).
            if !(p.a_floor..=p.a_max).contains(&w.initial.awareness) {
                push(
                    field("awareness"),
                    round_sig(w.initial.awareness).to_string().into(),
                    Finding::AwarenessRange {
                        a_floor: p.a_floor.to_string(),
                        a_max: p.a_max.to_string(),
                        below: w.initial.awareness < p.a_floor,
                    },
                );
            }
            let c0_field = if own {
                field("continuation")
            } else {
                "parameters.c0".to_string()
            };
            let s0_field = if own {
                field("satisfaction")
            } else {
                "parameters.s0".to_string()
            };
            if !(p.c_min..=p.c_max).contains(&p.c0) {
                push(
                    c0_field,
                    round_sig(p.c0).to_string().into(),
                    Finding::ContinuationRange {
                        c_min: p.c_min.to_string(),
                        c_max: p.c_max.to_string(),
                        runs_at: p.c0.clamp(p.c_min, p.c_max).to_string(),
                    },
                );
            }
            if p.s0 > 0.99 {
                push(
                    s0_field,
                    round_sig(p.s0).to_string().into(),
                    Finding::SatisfactionRange,
                );
            }

            // Budget lines against the supporters they pay for (MODEL.md §4, steps 6–7).
            let seats = lines.get(BudgetLine::Training) / costs.seat / 12.0;
            let attrition_untrained = monthly_hazard(p.sup_cont_untrained) * w.initial.untrained;
            let trained = (w.initial.untrained - attrition_untrained)
                .max(0.0)
                .min(seats);
            let attrition_certified = monthly_hazard(p.sup_cont_certified) * w.initial.certified;
            if (trained - attrition_certified).abs() > (0.01 * attrition_certified).max(0.01) {
                let replacement = attrition_certified * 12.0 * costs.seat;
                push(
                    budget_field(BudgetLine::Training),
                    yen(lines.get(BudgetLine::Training)).into(),
                    Finding::TrainingReplacement {
                        rise: trained > attrition_certified,
                        trained: round_sig((trained * 100.0).round() / 100.0).to_string(),
                        short: trained < seats,
                        stop: round_sig((attrition_certified * 100.0).round() / 100.0).to_string(),
                        cost: yen(replacement),
                    },
                );
            }
            let supervision_need = costs.supervision_month * supporters * 12.0;
            if lines.get(BudgetLine::Supervision) > supervision_need + 1.0 {
                push(
                    budget_field(BudgetLine::Supervision),
                    yen(lines.get(BudgetLine::Supervision)).into(),
                    Finding::SupervisionExcess {
                        month: yen(costs.supervision_month),
                        supporters: people(supporters),
                        need: yen(supervision_need),
                    },
                );
            }
            if n > 0.0 && lines.get(BudgetLine::Grants) == 0.0 {
                push(
                    budget_field(BudgetLine::Grants),
                    yen(0.0).into(),
                    Finding::NoGrants,
                );
            }
            if n > 0.0 {
                let per = lines.total() / n;
                let (lo, hi) = BRIEF_PER_PARTICIPANT_RANGE;
                if !(lo..=hi).contains(&per) {
                    push(
                        field("status_quo_budget"),
                        Shown::InTotal(yen(lines.total())),
                        Finding::PerParticipantRange {
                            per: yen(per),
                            lo: yen(lo),
                            hi: yen(hi),
                        },
                    );
                }
            }
            checks.sort_by_key(|c| c.severity == Severity::Note);
            checks
        })
        .collect()
}

/// The warnings of [`ward_checks`] that `run` adds to a scenario's warnings,
/// each naming its ward: the plausibility checks of severity warning
/// (calibration issues are reported by `sim::report::plan_warnings`).
pub fn plausibility_warnings(plan: &Plan, data: &WardData, source: &WardSource) -> Vec<Warning> {
    let calibration_ids = [
        "at_capacity",
        "no_demand",
        "awareness_drifts",
        "no_recruits",
    ];
    ward_checks(plan, data, source)
        .into_iter()
        .zip(&plan.wards)
        .flat_map(|(checks, w)| {
            checks
                .into_iter()
                .filter(|c| c.severity == Severity::Warning && !calibration_ids.contains(&c.id))
                .map(move |c| Warning::Check {
                    ward: w.name.clone(),
                    ward_ja: w.name_ja.clone(),
                    check: Box::new(c),
                })
        })
        .collect()
}

/// The calibration report of a loaded scenario.
pub fn calibration_report(loaded: &Loaded) -> CalibrationReport {
    let plan = &loaded.plan;
    let points = WardParams::from_values(&plan.parameters.points());
    let checks = ward_checks(plan, &loaded.ward_data, &loaded.scenario.wards);
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
                status_quo_budget: w.status_quo_budget,
                spending_per_participant: (n > 0.0)
                    .then(|| round_sig(w.status_quo_budget.total() / n)),
                rates: Rates {
                    join: cal.join,
                    recruit: cal.recruit,
                    aw_gain: cal.aw_gain,
                },
                reference: References {
                    tau: cal.tau_ref,
                    grant: cal.grant_ref,
                    coverage: cal.coverage_ref,
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
        model_version: MODEL_VERSION,
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
        unit_costs: plan.unit_costs,
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
            "\nCalibration at the point values (MODEL.md §5): rates that hold the status quo stationary"
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
                yen(w.status_quo_budget.total()),
                w.spending_per_participant
                    .map(|x| format!(" ({} per participant)", yen(x)))
                    .unwrap_or_default()
            );
            let lines: Vec<String> = BudgetLine::ALL
                .iter()
                .map(|l| format!("{} {}", l.key(), yen(w.status_quo_budget.get(*l))))
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
