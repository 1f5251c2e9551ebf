//! Reading the `run` section: runs, seed, mode, horizon, first FY and the
//! targets.

use toml::Value;
use toml::value::Table;

use super::super::message::{Phrase, Problem, Shown};
use super::super::plan::{Direction, Mode, Target, TargetMetric};
use super::super::read::{Reader, describe, index, join};
use super::types::{MAX_HORIZON, MAX_RUNS, RunSettings};

/// The `run` section.
pub(super) fn read_run(t: &Table, r: &mut Reader) -> RunSettings {
    r.only_keys(
        t,
        "run",
        &["runs", "seed", "mode", "horizon", "first_fy", "targets"],
    );
    let mut s = RunSettings::default();
    if let Some(n) = r.optional(t, "run", "runs", |r, v, p| {
        r.as_whole(v, p, 1, MAX_RUNS, Phrase::Runs)
    }) {
        s.runs = n as u64;
    }
    if let Some(n) = r.optional(t, "run", "seed", |r, v, p| {
        r.as_whole(v, p, 0, i64::MAX, Phrase::Seed)
    }) {
        s.seed = n as u64;
    }
    if let Some(m) = r.optional(t, "run", "mode", |r, v, p| {
        let key = r.as_str(v, p)?;
        let m = Mode::from_key(key);
        if m.is_none() {
            r.error(p, describe(v), Problem::Fixed(Phrase::ModeChoice));
        }
        m
    }) {
        s.mode = m;
    }
    if let Some(n) = r.optional(t, "run", "horizon", |r, v, p| {
        r.as_whole(v, p, 1, MAX_HORIZON, Phrase::Horizon)
    }) {
        s.horizon = n as usize;
    }
    if let Some(n) = r.optional(t, "run", "first_fy", |r, v, p| {
        r.as_whole(v, p, 2000, 2100, Phrase::FirstFy)
    }) {
        s.first_fy = n as i32;
    }
    if let Some(v) = t.get("targets") {
        s.targets_given = true;
        s.targets = read_targets(v, r);
    }
    s
}

/// The `run.targets` array.
fn read_targets(v: &Value, r: &mut Reader) -> Vec<Target> {
    let path = "run.targets";
    let Some(items) = r.as_array(v, path) else {
        return Vec::new();
    };
    let mut targets: Vec<Target> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = index(path, i);
        let Some(t) = r.as_table(item, &p) else {
            continue;
        };
        r.only_keys(t, &p, &["id", "metric", "at_least", "at_most"]);
        let Some(id) = r.required(t, &p, "id", Phrase::TargetId, |r, v, p| {
            r.as_text(v, p, 100)
        }) else {
            continue;
        };
        if targets.iter().any(|x| x.id == id) {
            r.error(
                &join(&p, "id"),
                format!("{id:?}"),
                Problem::Fixed(Phrase::TargetIdsUnique),
            );
        }
        let metric_keys: Vec<&str> = TargetMetric::ALL.iter().map(|m| m.key()).collect();
        let metric = match t.get("metric") {
            Some(mv) => r.as_str(mv, &join(&p, "metric")).and_then(|k| {
                let m = TargetMetric::from_key(k);
                if m.is_none() {
                    r.error(
                        &join(&p, "metric"),
                        describe(mv),
                        Problem::OneOf {
                            field: "metric",
                            allowed: metric_keys.join(", "),
                        },
                    );
                }
                m
            }),
            None => {
                let m = TargetMetric::from_key(&id);
                if m.is_none() {
                    r.error(
                        &join(&p, "metric"),
                        Shown::Nothing,
                        Problem::MissingMetric {
                            id: id.clone(),
                            allowed: metric_keys.join(", "),
                        },
                    );
                }
                m
            }
        };
        // A threshold a metric can never cross on the wrong side makes a
        // target that is always or never met: refused.
        let (in_range, range): (fn(f64) -> bool, Phrase) = match metric {
            Some(m) if m.is_share() => (|x| (0.0..=1.0).contains(&x), Phrase::ShareThreshold),
            Some(_) => (|x| (0.0..=1e15).contains(&x), Phrase::CountThreshold),
            None => (|_| true, Phrase::CountThreshold),
        };
        let at_least = r.optional(t, &p, "at_least", |r, v, p| {
            r.as_number_in(v, p, in_range, range)
        });
        let at_most = r.optional(t, &p, "at_most", |r, v, p| {
            r.as_number_in(v, p, in_range, range)
        });
        let (direction, threshold) = match (
            at_least,
            at_most,
            t.contains_key("at_least"),
            t.contains_key("at_most"),
        ) {
            (Some(x), None, _, false) => (Direction::AtLeast, x),
            (None, Some(x), false, _) => (Direction::AtMost, x),
            (_, _, true, true) => {
                r.error(&p, Shown::Nothing, Problem::Fixed(Phrase::BothSides));
                continue;
            }
            (None, None, false, false) => {
                r.error(
                    &join(&p, "at_least"),
                    Shown::Nothing,
                    Problem::Missing(Phrase::Threshold),
                );
                continue;
            }
            _ => continue,
        };
        if let Some(metric) = metric {
            targets.push(Target {
                id,
                metric,
                direction,
                threshold,
            });
        }
    }
    targets
}
