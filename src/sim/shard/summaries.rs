//! The summaries of a shard file, checked against the plan: the runs of
//! its range, arrays of the lengths the plan implies, and counts, sums and
//! proportions that the runs can give.

use serde_json::value::RawValue;

use crate::scenario::plan::Plan;
use crate::sim::equity::{BasisAccumulator, EquityAccumulator};
use crate::sim::run::{FiscalOutput, MonthlyOutput};
use crate::sim::stats::{ExactSum, Proportion, Summary};
use crate::sim::summary::Accumulator;

use super::error::ShardProblem;
use super::json::{Object, ObjectError, shown};

/// The fields of its summaries.
const SUMMARY_FIELDS: &[&str] = &[
    "runs",
    "months",
    "fiscal_years",
    "monthly",
    "fiscal",
    "overrun",
    "targets",
    "target_values",
    "ward_participants",
    "ward_spending",
    "ward_issues",
    "ward_targets",
    "equity",
];

const EQUITY_FIELDS: &[&str] = &["per_participant", "per_resident"];

const BASIS_FIELDS: &[&str] = &["gini", "max_min_ratio", "gini_undefined", "ratio_undefined"];

/// The summaries of a shard of `plan` holding the runs `range`, checked
/// against the plan (module docs) before and after they are read.
pub(super) fn read_summaries(
    raw: &RawValue,
    plan: &Plan,
    range: [u64; 2],
) -> Result<Accumulator, ShardProblem> {
    let object = Object::parse(raw.get(), "summaries", SUMMARY_FIELDS).map_err(|e| match e {
        ObjectError::Twice(field) => ShardProblem::Twice(field),
        ObjectError::Json(message) => ShardProblem::invalid(
            "summaries",
            shown(raw),
            format!("expected an object ({message})"),
        ),
    })?;
    let runs = range[1] - range[0];
    let exact = |key: &str, found: u64, expected: u64, what: String| {
        if found == expected {
            Ok(())
        } else {
            Err(ShardProblem::invalid(
                object.path_of(key),
                found.to_string(),
                format!("expected {expected}, {what}"),
            ))
        }
    };
    let held = object.whole("runs")?;
    exact(
        "runs",
        held,
        runs,
        format!("the runs of its range [{}, {}]", range[0], range[1]),
    )?;
    let months = plan.months();
    let years = plan.fiscal_years;
    exact(
        "months",
        object.whole("months")?,
        months as u64,
        "the months of the scenario's horizon".into(),
    )?;
    exact(
        "fiscal_years",
        object.whole("fiscal_years")?,
        years as u64,
        "the fiscal years of the scenario's horizon".into(),
    )?;
    let targets = plan.targets.len();
    let wards = plan.wards.len();
    let acc = Accumulator {
        runs,
        months,
        fiscal_years: years,
        monthly: object.array(
            "monthly",
            months * MonthlyOutput::COUNT,
            &format!("{months} months × {} monthly outputs", MonthlyOutput::COUNT),
        )?,
        fiscal: object.array(
            "fiscal",
            years * FiscalOutput::COUNT,
            &format!("{years} fiscal years × {} outputs", FiscalOutput::COUNT),
        )?,
        overrun: object.array("overrun", years, &format!("one per fiscal year ({years})"))?,
        targets: object.array("targets", targets, &format!("one per target ({targets})"))?,
        target_values: object.array(
            "target_values",
            targets,
            &format!("one per target ({targets})"),
        )?,
        ward_participants: object.array(
            "ward_participants",
            wards,
            &format!("one per ward ({wards})"),
        )?,
        ward_spending: object.array("ward_spending", wards, &format!("one per ward ({wards})"))?,
        ward_issues: object.array("ward_issues", wards, &format!("one per ward ({wards})"))?,
        ward_targets: object.array(
            "ward_targets",
            wards * targets,
            &format!("{wards} wards × {targets} targets"),
        )?,
        equity: read_equity(&object.object("equity", EQUITY_FIELDS)?)?,
    };
    check_counts(&acc, runs)?;
    Ok(acc)
}

/// The equity summaries of both bases.
fn read_equity(object: &Object<'_>) -> Result<EquityAccumulator, ShardProblem> {
    let basis = |key: &str| -> Result<BasisAccumulator, ShardProblem> {
        let b = object.object(key, BASIS_FIELDS)?;
        Ok(BasisAccumulator {
            gini: b.typed("gini", "a summary")?,
            max_min_ratio: b.typed("max_min_ratio", "a summary")?,
            gini_undefined: b.whole("gini_undefined")?,
            ratio_undefined: b.whole("ratio_undefined")?,
        })
    };
    Ok(EquityAccumulator {
        per_participant: basis("per_participant")?,
        per_resident: basis("per_resident")?,
    })
}

/// Every count of `acc` fits a shard of `runs` runs.
fn check_counts(acc: &Accumulator, runs: u64) -> Result<(), ShardProblem> {
    let summaries: [(&str, &[Summary]); 5] = [
        ("monthly", &acc.monthly),
        ("fiscal", &acc.fiscal),
        ("target_values", &acc.target_values),
        ("ward_participants", &acc.ward_participants),
        ("ward_spending", &acc.ward_spending),
    ];
    for (field, list) in summaries {
        for (i, s) in list.iter().enumerate() {
            check_summary(&format!("summaries.{field}[{i}]"), s, runs, 0)?;
        }
    }
    let proportions: [(&str, &[Proportion]); 3] = [
        ("overrun", &acc.overrun),
        ("targets", &acc.targets),
        ("ward_targets", &acc.ward_targets),
    ];
    for (field, list) in proportions {
        for (i, p) in list.iter().enumerate() {
            let path = format!("summaries.{field}[{i}]");
            if p.trials != runs {
                return Err(ShardProblem::invalid(
                    format!("{path}.trials"),
                    p.trials.to_string(),
                    format!("expected {runs}, one trial per run of the shard"),
                ));
            }
            if p.successes > p.trials {
                return Err(ShardProblem::invalid(
                    format!("{path}.successes"),
                    p.successes.to_string(),
                    format!("expected at most the trials ({})", p.trials),
                ));
            }
        }
    }
    for (i, issues) in acc.ward_issues.iter().enumerate() {
        if let Some(&n) = issues.iter().find(|&&n| n > runs) {
            return Err(ShardProblem::invalid(
                format!("summaries.ward_issues[{i}]"),
                n.to_string(),
                format!("expected at most {runs}, the runs of the shard"),
            ));
        }
    }
    for (key, basis) in [
        ("per_participant", &acc.equity.per_participant),
        ("per_resident", &acc.equity.per_resident),
    ] {
        let path = format!("summaries.equity.{key}");
        for (field, s, undefined_key, undefined) in [
            ("gini", &basis.gini, "gini_undefined", basis.gini_undefined),
            (
                "max_min_ratio",
                &basis.max_min_ratio,
                "ratio_undefined",
                basis.ratio_undefined,
            ),
        ] {
            if undefined > runs {
                return Err(ShardProblem::invalid(
                    format!("{path}.{undefined_key}"),
                    undefined.to_string(),
                    format!("expected at most {runs}, the runs of the shard"),
                ));
            }
            check_summary(&format!("{path}.{field}"), s, runs, undefined)?;
        }
    }
    Ok(())
}

/// A summary of one value per run (less `undefined` runs without one):
/// its values and rejected values add up to the runs, and its exact sum
/// lies between its count times its smallest and its largest value.
fn check_summary(path: &str, s: &Summary, runs: u64, undefined: u64) -> Result<(), ShardProblem> {
    let count = s.count();
    let rejected = s.sketch().rejected();
    let expected = runs - undefined;
    if count.checked_add(rejected) != Some(expected) {
        return Err(ShardProblem::invalid(
            format!("{path}.count"),
            count.to_string(),
            format!(
                "{count} values and {rejected} rejected ones; expected {expected} in all, one per run{}",
                if undefined > 0 {
                    " where the figure is defined"
                } else {
                    ""
                }
            ),
        ));
    }
    let sum = s.sum();
    let (Some(min), Some(max)) = (s.sketch().min(), s.sketch().max()) else {
        if sum.raw() != 0 || sum.overflowed() {
            return Err(ShardProblem::invalid(
                format!("{path}.sum"),
                sum.value().to_string(),
                "expected 0, the sum of no values".into(),
            ));
        }
        return Ok(());
    };
    if sum.overflowed() {
        // Values beyond the exact sum's range: its total says nothing.
        return Ok(());
    }
    // Each value was rounded to 2⁻³² before it was added; the products
    // are rounded once more in f64.
    let n = count as f64;
    let (low, high) = (min * n, max * n);
    let slack = n * ExactSum::RESOLUTION + (low.abs() + high.abs()) * 1e-12;
    let value = sum.value();
    if !(value >= low - slack && value <= high + slack) {
        return Err(ShardProblem::invalid(
            format!("{path}.sum"),
            value.to_string(),
            format!(
                "expected the sum of {count} values from {min} to {max}, so from {low} to {high}"
            ),
        ));
    }
    Ok(())
}
