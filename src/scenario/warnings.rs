//! Warnings about a plan that hold before any run: each ward's calibration
//! at the point values of the parameters (docs/model.md §5, §9.6) and what it
//! could not make stationary, and outcome-linked rules without a cap.

use crate::model::ward::{Calibration, Programme, WardParams, calibrate};
use crate::text::format::group_thousands;

use super::notice::Warning;
use super::plan::Plan;

/// Calibration of every ward at the point values of the parameters.
pub fn point_calibration(plan: &Plan) -> Vec<Calibration> {
    let params = WardParams::from_values(&plan.parameters.points(), plan.model);
    plan.wards
        .iter()
        .map(|w| {
            let sq = Programme::new(
                w.status_quo_budget,
                &params,
                &plan.unit_costs,
                w.population,
                0.0,
            );
            calibrate(&params, &sq, &plan.unit_costs, w.population, &w.initial)
        })
        .collect()
}

/// Warnings about a plan that hold before any run: calibration issues at
/// the point values, uncapped per-unit rules, and the like.
pub fn plan_warnings(plan: &Plan) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (w, c) in plan.wards.iter().zip(point_calibration(plan)) {
        type Named = fn(String, String) -> Warning;
        let issues: [(bool, Named); 6] = [
            (c.issues.at_capacity, |ward, ward_ja| Warning::AtCapacity {
                ward,
                ward_ja,
            }),
            (c.issues.no_demand, |ward, ward_ja| Warning::NoDemand {
                ward,
                ward_ja,
            }),
            (c.issues.awareness_drifts, |ward, ward_ja| {
                Warning::AwarenessDrifts { ward, ward_ja }
            }),
            (c.issues.no_recruits, |ward, ward_ja| Warning::NoRecruits {
                ward,
                ward_ja,
            }),
            (c.issues.referrals_exceed, |ward, ward_ja| {
                Warning::ReferralsExceed { ward, ward_ja }
            }),
            (c.issues.knife_edge, |ward, ward_ja| Warning::KnifeEdge {
                ward,
                ward_ja,
            }),
        ];
        for (_, warning) in issues.into_iter().filter(|(flagged, _)| *flagged) {
            warnings.push(warning(w.name.clone(), w.name_ja.clone()));
        }
        if c.issues.certified_drifts {
            let per_year = 12.0 * c.certified_change0;
            warnings.push(Warning::CertifiedDrifts {
                ward: w.name.clone(),
                ward_ja: w.name_ja.clone(),
                rise: per_year > 0.0,
                per_year: if per_year.abs() >= 10.0 {
                    group_thousands(per_year.abs().round() as i64)
                } else {
                    format!("{:.2}", per_year.abs())
                },
            });
        }
    }
    let online = plan.wards.iter().any(|w| {
        w.budget
            .iter()
            .any(|b| b.get(crate::model::BudgetLine::Online) > 0.0)
    });
    if online && !plan.model.mechanisms.online {
        warnings.push(Warning::OnlineBuysNothing);
    }
    for rule in &plan.outcome_rules {
        if let crate::model::outcome::RuleKind::PerUnit { cap: None, .. } = rule.kind {
            warnings.push(Warning::UncappedRule {
                id: rule.id.clone(),
            });
        }
    }
    warnings
}
