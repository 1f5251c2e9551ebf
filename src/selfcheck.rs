//! Checks that what validation lets through runs to a sound report, and
//! that what it refuses gets errors that say something: the checks of the
//! fuzz targets (`fuzz/`), also run by `tests/fuzz_regressions.rs` on the
//! inputs they found. Each returns what is wrong instead of panicking.

use crate::scenario::{Loaded, ScenarioErrors};

use crate::report::build_report;
use crate::sim::batch::run_range;
use crate::sim::shard::{Merger, ShardError, ShardProblem};
use crate::sim::{Accumulator, RunResult, Simulator};

/// Longest line of a merge's error other than a scenario's (whose lines
/// [`check_errors`] checks).
const MAX_MERGE_MESSAGE: usize = 600;

/// A refused input has at least one error, and each error a message.
pub fn check_errors(e: &ScenarioErrors) -> Result<(), String> {
    if e.errors.is_empty() {
        return Err(format!("refused without an error: {e:?}"));
    }
    if let Some(f) = e.errors.iter().find(|f| f.message.trim().is_empty()) {
        return Err(format!("an error with an empty message: {f:?}"));
    }
    Ok(())
}

/// The checks of the `merge` fuzz target. `data` holds one or two shard
/// files, cut at the first NUL byte (which JSON text cannot hold). Either
/// the merge refuses them with a message that names the file and what is
/// wrong (or the shards missing), in lines of bounded length, or it merges
/// them into summaries of the batch's runs whose report renders.
pub fn check_merge(data: &[u8]) -> Result<(), String> {
    let mut merger = Merger::new();
    for (i, bytes) in data.splitn(2, |&b| b == 0).enumerate() {
        let name = format!("shard-{}.json", i + 1);
        match merger.add(&name, bytes) {
            Ok(()) => {}
            Err(ShardError::File { file, problem }) => {
                if file != name {
                    return Err(format!("an error names {file:?}, not {name:?}"));
                }
                return match problem {
                    ShardProblem::Scenario(e) => check_errors(&e),
                    other => check_message(&other.to_string()),
                };
            }
            Err(other) => return Err(format!("adding a file: {other}")),
        }
    }
    match merger.finish() {
        Ok(merged) => {
            if merged.summaries.runs != merged.loaded.plan.runs {
                return Err(format!(
                    "merged {} runs of a batch of {}",
                    merged.summaries.runs, merged.loaded.plan.runs
                ));
            }
            let report = merged.report();
            let _ = (report.to_table(), report.to_csv(), report.to_json());
            Ok(())
        }
        Err(ShardError::Missing(missing)) if !missing.is_empty() => {
            check_message(&missing.to_string())
        }
        Err(other) => Err(format!("finishing: {other}")),
    }
}

/// A message says something, in lines of bounded length.
fn check_message(message: &str) -> Result<(), String> {
    if message.trim().is_empty() {
        return Err("an empty message".into());
    }
    match message.lines().find(|l| l.len() > MAX_MERGE_MESSAGE) {
        Some(line) => Err(format!("a line of {} bytes: {line:.200}", line.len())),
        None => Ok(()),
    }
}

/// Runs the plan of `loaded` (its own number of runs) and checks that two
/// shards merged give the same summaries as one batch, that no number of
/// the report is NaN or infinite (JSON `null` only for the equity figures
/// a single ward or zeros leave undefined), that the equity figures are
/// finite, and that neither the table nor the CSV shows `NaN` or `inf`.
pub fn check_run(loaded: &Loaded) -> Result<(), String> {
    let plan = &loaded.plan;
    let sim = Simulator::new(plan);
    let mut scratch = RunResult::default();
    let mut whole = Accumulator::new(plan);
    run_range(&sim, 0..plan.runs, &mut whole, &mut scratch);
    let cut = plan.runs / 2;
    let mut first = Accumulator::new(plan);
    run_range(&sim, 0..cut, &mut first, &mut scratch);
    let mut second = Accumulator::new(plan);
    run_range(&sim, cut..plan.runs, &mut second, &mut scratch);
    first
        .merge(&second)
        .map_err(|e| format!("shards of one plan do not merge: {e}"))?;
    if first != whole {
        return Err("two shards merged differ from one batch".into());
    }
    let report = build_report(plan, loaded.info.clone(), &whole, loaded.warnings.clone());
    let value = serde_json::to_value(&report).map_err(|e| format!("the report: {e}"))?;
    check_finite(&value, "")?;
    for basis in [
        &report.equity.spending_per_participant,
        &report.equity.spending_per_resident,
    ] {
        for i in [basis.gini, basis.max_min_ratio].into_iter().flatten() {
            if !(i.mean.is_finite() && i.p5.is_finite() && i.p95.is_finite()) {
                return Err(format!("equity interval {i:?}"));
            }
        }
        let f = basis.status_quo;
        if let Some(x) = [f.gini, f.max_min_ratio, f.min, f.max]
            .into_iter()
            .flatten()
            .find(|x| !x.is_finite())
        {
            return Err(format!("equity figure {x}"));
        }
    }
    for text in [report.to_table(), report.to_csv()] {
        if has_word(&text, "NaN") || has_word(&text, "inf") {
            return Err(format!("NaN or inf in a report:\n{text}"));
        }
    }
    Ok(())
}

/// Every number in `v` is finite; `null` only where a figure is undefined
/// by definition (the equity figures of a single ward or of zeros).
fn check_finite(v: &serde_json::Value, path: &str) -> Result<(), String> {
    match v {
        serde_json::Value::Null => {
            let allowed = path.starts_with("equity.")
                && [".gini", ".max_min_ratio", ".min", ".max"]
                    .iter()
                    .any(|k| path.ends_with(k));
            if !allowed {
                return Err(format!("null (NaN or infinity) at {path}"));
            }
        }
        serde_json::Value::Number(n) if !n.as_f64().is_some_and(f64::is_finite) => {
            return Err(format!("{n} at {path}"));
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                check_finite(x, &format!("{path}[{i}]"))?;
            }
        }
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                check_finite(x, &p)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether `word` stands alone in `text` (not inside a longer word).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nan_in_the_report_is_found_with_its_path() {
        let v = serde_json::json!({"monthly": [{"mean": 1.0}, {"mean": null}]});
        assert_eq!(
            check_finite(&v, ""),
            Err("null (NaN or infinity) at monthly[1].mean".into())
        );
        let v = serde_json::json!({"equity": {"spending": {"gini": null}}, "x": [0.5]});
        assert_eq!(check_finite(&v, ""), Ok(()));
    }

    #[test]
    fn words_stand_alone() {
        assert!(has_word("mean NaN here", "NaN"));
        assert!(has_word("inf", "inf"));
        assert!(!has_word("information", "inf"));
        assert!(!has_word("xNaN", "NaN"));
    }

    #[test]
    fn an_error_must_say_something() {
        let empty = ScenarioErrors {
            source_name: "x".into(),
            errors: Vec::new(),
        };
        assert!(check_errors(&empty).is_err());
    }
}
