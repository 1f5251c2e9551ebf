//! Checks of a ward's figures: whether the status quo can be stationary
//! (what calibration found, docs/model.md §5 and §9.6), participants against the
//! need pool and the capacity of supporters and sites, status-quo levels
//! against the parameters' ranges, and budget lines against what they pay
//! for. Each finding names the field it is about; `run` and the app show
//! those of severity warning among a scenario's warnings.

use crate::model::ward::{Calibration, WardParams, monthly_hazard};
use crate::model::{BudgetLine, Lines, UnitCosts};
use crate::text::format::{group_thousands, round_sig};

use super::message::Shown;
use super::notice::{Check, Finding, Severity, Warning};
use super::plan::{Plan, PlanWard};
use super::schema::WardSource;
use super::wards::{WardData, WardRecord};
use super::warnings::point_calibration;

/// Support per participant per FY across the 23 wards as the brief reports
/// it (FY2023: smallest ¥20,000, largest ¥83,000).
pub const BRIEF_PER_PARTICIPANT_RANGE: (f64, f64) = (20_000.0, 83_000.0);

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

/// People as a whole number with separators, or to two decimals.
pub(super) fn people(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        group_thousands(x as i64)
    } else {
        format!("{}", round_sig((x * 100.0).round() / 100.0))
    }
}

/// Whole yen with separators.
pub(super) fn yen(x: f64) -> String {
    format!("¥{}", group_thousands(x.round() as i64))
}

/// A share as a percentage with one decimal.
pub(super) fn percent(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

/// Two decimals, without floating-point noise.
fn hundredths(x: f64) -> String {
    round_sig((x * 100.0).round() / 100.0).to_string()
}

/// One ward's figures as the checks read them, and the checks found.
struct WardFigures<'a> {
    /// Where the ward's fields are written (`my_ward`, `wards.wards[3]`).
    at: String,
    ward: &'a PlanWard,
    record: &'a WardRecord,
    calibration: &'a Calibration,
    p: &'a WardParams,
    costs: &'a UnitCosts,
    /// A `[my_ward]` scenario, whose c0 and s0 are the ward's own figures.
    own: bool,
    checks: Vec<Check>,
}

impl WardFigures<'_> {
    fn field(&self, key: &str) -> String {
        format!("{}.{key}", self.at)
    }

    fn budget_field(&self, line: BudgetLine) -> String {
        self.field(&format!("status_quo_budget.{}", line.key()))
    }

    fn push(&mut self, field: String, value: Shown, finding: Finding) {
        self.checks.push(Check::new(field, value, finding));
    }

    fn lines(&self) -> Lines {
        self.ward.status_quo_budget
    }

    fn sites(&self) -> f64 {
        self.lines().get(BudgetLine::Bases) / self.costs.base
    }

    fn names(&self) -> (String, String) {
        (self.ward.name.clone(), self.ward.name_ja.clone())
    }

    /// What calibration could not make stationary (docs/model.md §5, §9.6).
    fn stationarity(&mut self) {
        let issues = self.calibration.issues;
        let n = self.ward.initial.participants;
        let (ward, ward_ja) = self.names();
        if issues.at_capacity {
            let finding = Finding::AtCapacity {
                ward: ward.clone(),
                ward_ja: ward_ja.clone(),
            };
            self.push(self.field("participants"), people(n).into(), finding);
        }
        if issues.no_demand {
            let finding = Finding::NoDemand {
                ward: ward.clone(),
                ward_ja: ward_ja.clone(),
            };
            self.push(self.field("participants"), people(n).into(), finding);
        }
        if issues.awareness_drifts {
            let finding = Finding::AwarenessDrifts {
                ward: ward.clone(),
                ward_ja: ward_ja.clone(),
            };
            let value = percent(self.ward.initial.awareness).into();
            self.push(self.field("awareness"), value, finding);
        }
        if issues.referrals_exceed {
            let finding = Finding::ReferralsExceed {
                ward: ward.clone(),
                ward_ja: ward_ja.clone(),
            };
            let staff = self.lines().get(BudgetLine::Staff);
            self.push(
                self.budget_field(BudgetLine::Staff),
                yen(staff).into(),
                finding,
            );
        }
        if issues.no_recruits {
            let value = people(self.ward.initial.untrained).into();
            let finding = Finding::NoRecruits { ward, ward_ja };
            self.push(self.field("untrained"), value, finding);
        }
    }

    /// Participants against the need pool and capacity (docs/model.md §4, steps 3–4).
    fn capacity(&mut self) {
        let (p, w) = (self.p, self.ward);
        let n = w.initial.participants;
        let supporters = w.initial.supporters();
        let pool = p.need_rate * w.population;
        if n > pool {
            let finding = Finding::NeedPool {
                need_rate: p.need_rate.to_string(),
                population: people(w.population),
                pool: people(pool.floor()),
                least: round_sig(n / w.population).to_string(),
            };
            self.push(self.field("participants"), people(n).into(), finding);
        }
        if n > 0.0 && supporters == 0.0 {
            let finding = Finding::NoSupporters {
                participants: people(n),
            };
            self.push(self.field("untrained"), Shown::NoSupporters, finding);
        } else if n > p.caseload * supporters {
            let finding = Finding::SupporterCapacity {
                caseload: p.caseload.to_string(),
                supporters: people(supporters),
                capacity: people((p.caseload * supporters).floor()),
            };
            self.push(self.field("participants"), people(n).into(), finding);
        }
        self.sites_capacity(n);
    }

    /// Participants against the sites the bases line pays for, and the
    /// sites the line pays for against those the ward states.
    fn sites_capacity(&mut self, n: f64) {
        let (p, costs, sites) = (self.p, self.costs, self.sites());
        if n > 0.0 && sites == 0.0 {
            let finding = Finding::NoSites {
                participants: people(n),
                base: group_thousands(costs.base.round() as i64),
            };
            self.push(
                self.budget_field(BudgetLine::Bases),
                yen(0.0).into(),
                finding,
            );
        } else if n > p.site_capacity * sites {
            let finding = Finding::SiteCapacity {
                site_capacity: p.site_capacity.to_string(),
                sites: hundredths(sites),
                capacity: people((p.site_capacity * sites).floor()),
                base: yen(costs.base),
            };
            self.push(self.field("participants"), people(n).into(), finding);
        }
        let stated = self.record.bases;
        if self.record.status_quo_budget.is_some()
            && (sites - stated).abs() > (0.01 * stated).max(0.01)
        {
            let bases_line = self.lines().get(BudgetLine::Bases);
            let finding = Finding::BasesBudget {
                sites: hundredths(sites),
                base: yen(costs.base),
                field: self.field("bases"),
                stated: round_sig(stated).to_string(),
                suggested: (stated > 0.0).then(|| yen(bases_line / stated)),
            };
            let field = self.budget_field(BudgetLine::Bases);
            self.push(field, yen(bases_line).into(), finding);
        }
    }

    /// Status-quo levels against the parameters' ranges (docs/model.md §3).
    fn levels(&mut self) {
        let p = self.p;
        let awareness = self.ward.initial.awareness;
        if !(p.a_floor..=p.a_max).contains(&awareness) {
            let finding = Finding::AwarenessRange {
                a_floor: p.a_floor.to_string(),
                a_max: p.a_max.to_string(),
                below: awareness < p.a_floor,
            };
            let value = round_sig(awareness).to_string().into();
            self.push(self.field("awareness"), value, finding);
        }
        let (c0_field, s0_field) = if self.own {
            (self.field("continuation"), self.field("satisfaction"))
        } else {
            ("parameters.c0".to_string(), "parameters.s0".to_string())
        };
        if !(p.c_min..=p.c_max).contains(&p.c0) {
            let finding = Finding::ContinuationRange {
                c_min: p.c_min.to_string(),
                c_max: p.c_max.to_string(),
                runs_at: p.c0.clamp(p.c_min, p.c_max).to_string(),
            };
            self.push(c0_field, round_sig(p.c0).to_string().into(), finding);
        }
        if p.s0 > 0.99 {
            let value = round_sig(p.s0).to_string().into();
            self.push(s0_field, value, Finding::SatisfactionRange);
        }
    }

    /// Budget lines against the supporters they pay for (docs/model.md §4,
    /// steps 6–7) and the brief's range of support per participant.
    fn budget(&mut self) {
        let (p, costs, w, lines) = (self.p, self.costs, self.ward, self.lines());
        let supporters = w.initial.supporters();
        let seats = lines.get(BudgetLine::Training) / costs.seat / 12.0;
        let attrition_untrained = monthly_hazard(p.sup_cont_untrained) * w.initial.untrained;
        let trained = (w.initial.untrained - attrition_untrained)
            .max(0.0)
            .min(seats);
        // Newcomers fill part of the seats left empty (docs/model.md §9.3;
        // nu_newcomer is 0 without that mechanism).
        let trained = trained + p.nu_newcomer * (seats - trained);
        let attrition_certified = monthly_hazard(p.sup_cont_certified) * w.initial.certified;
        if (trained - attrition_certified).abs() > (0.01 * attrition_certified).max(0.01) {
            let finding = Finding::TrainingReplacement {
                rise: trained > attrition_certified,
                trained: hundredths(trained),
                short: trained < seats,
                stop: hundredths(attrition_certified),
                cost: yen(attrition_certified * 12.0 * costs.seat),
            };
            let value = yen(lines.get(BudgetLine::Training)).into();
            self.push(self.budget_field(BudgetLine::Training), value, finding);
        }
        let supervision_need = costs.supervision_month * supporters * 12.0;
        if lines.get(BudgetLine::Supervision) > supervision_need + 1.0 {
            let finding = Finding::SupervisionExcess {
                month: yen(costs.supervision_month),
                supporters: people(supporters),
                need: yen(supervision_need),
            };
            let value = yen(lines.get(BudgetLine::Supervision)).into();
            self.push(self.budget_field(BudgetLine::Supervision), value, finding);
        }
        let n = w.initial.participants;
        if n > 0.0 && lines.get(BudgetLine::Grants) == 0.0 {
            let field = self.budget_field(BudgetLine::Grants);
            self.push(field, yen(0.0).into(), Finding::NoGrants);
        }
        if n > 0.0 {
            let per = lines.total() / n;
            let (lo, hi) = BRIEF_PER_PARTICIPANT_RANGE;
            if !(lo..=hi).contains(&per) {
                let finding = Finding::PerParticipantRange {
                    per: yen(per),
                    lo: yen(lo),
                    hi: yen(hi),
                };
                let value = Shown::InTotal(yen(lines.total()));
                self.push(self.field("status_quo_budget"), value, finding);
            }
        }
    }
}

/// The checks of every ward of a resolved scenario, warnings first in each
/// ward. `wards` of `data` and of `plan` are the same wards in the same order.
pub fn ward_checks(plan: &Plan, data: &WardData, source: &WardSource) -> Vec<Vec<Check>> {
    let p = WardParams::from_values(&plan.parameters.points(), plan.model);
    let calibrations = point_calibration(plan);
    plan.wards
        .iter()
        .zip(&data.wards)
        .zip(&calibrations)
        .enumerate()
        .map(|(i, ((ward, record), calibration))| {
            let mut figures = WardFigures {
                at: ward_path(source, data, i),
                ward,
                record,
                calibration,
                p: &p,
                costs: &plan.unit_costs,
                own: matches!(source, WardSource::Own(_)),
                checks: Vec::new(),
            };
            figures.stationarity();
            figures.capacity();
            figures.levels();
            figures.budget();
            let mut checks = figures.checks;
            checks.sort_by_key(|c| c.severity == Severity::Note);
            checks
        })
        .collect()
}

/// The warnings of [`ward_checks`] that `run` adds to a scenario's warnings,
/// each naming its ward: the plausibility checks of severity warning
/// (calibration issues are reported by [`super::warnings::plan_warnings`]).
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
