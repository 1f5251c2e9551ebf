//! The allocation optimiser on cases whose answer is known, its
//! determinism (stepped and threaded searches agree to the bit) and its
//! reports.

use sasaeai::model::budget::BudgetLine;
use sasaeai::scenario::Format;
use sasaeai::scenario::resolve::{Loaded, load_text};
use sasaeai::sim::optimize::{LineBounds, Objective, OptimizeError, OptimizeSettings, Optimizer};
use sasaeai::sim::{RunResult, Simulator, TargetMetric};

/// Two wards in which only publicity can change participants: every other
/// line's effect is switched off (no staff boost, no site elasticity, no
/// continuation or burnout terms) and capacity never binds.
fn only_publicity_matters(mode: &str) -> String {
    format!(
        r#"
schema_version = 2
name = "publicity-only"
description = "Only the awareness line has any effect."
[model]
version = 1
[run]
mode = "{mode}"
runs = 50
seed = 7
horizon = 3
[[run.targets]]
id = "participants"
metric = "participants"
at_least = 1_000
[parameters]
beta_staff = 0
eps_bases = 0
beta_tau = 0
beta_grant = 0
beta_sup = 0
beta_burnout = 0
caseload = 1000
site_capacity = 100000
[wards]
name = "two-wards"
[wards.status_quo]
total_budget = 100_000_000
staff_fte = 2
supervision_share = 0.02
awareness_share = 0.05
[[wards.wards]]
name = "North"
population = 300_000
participants = 450
untrained = 30
certified = 60
bases = 5
awareness = 0.3
[[wards.wards]]
name = "South"
population = 200_000
participants = 300
untrained = 20
certified = 40
bases = 4
awareness = 0.3
"#
    )
}

fn load(text: &str) -> Loaded {
    load_text(text, Format::Toml, "test", &|p| {
        Err(format!("{p}: no files here"))
    })
    .unwrap()
}

fn bounds(lower: f64, upper: f64) -> LineBounds {
    LineBounds {
        lower: sasaeai::model::budget::Lines([lower; sasaeai::model::LINE_COUNT]),
        upper: sasaeai::model::budget::Lines([upper; sasaeai::model::LINE_COUNT]),
    }
}

#[test]
fn finds_the_upper_bound_of_the_only_line_that_matters() {
    let loaded = load(&only_publicity_matters("expected"));
    let settings = OptimizeSettings {
        objective: Objective::Participants,
        total: Some(120_000_000.0),
        bounds: bounds(0.02, 0.5),
        iterations: 12,
        candidates: 12,
        ..OptimizeSettings::default()
    };
    let mut opt = Optimizer::new(&loaded, settings).unwrap();
    let report = opt.run_parallel(2, |_| true).unwrap().unwrap().clone();
    let awareness = report.best.allocation.shares.get(BudgetLine::Awareness);
    // The optimum is awareness at its upper bound 0.5 (participants rise
    // with publicity and nothing else); the search must get within 0.01.
    assert!(awareness > 0.49, "awareness share {awareness}: {report:#?}");
    let sum: f64 = report.best.allocation.shares.0.iter().sum();
    assert!((sum - 1.0).abs() < 1e-9);
    assert!((report.best.yen.total() - 120_000_000.0).abs() < 1.0);
    // Expected mode: one validation run, the interval is a point, and the
    // best does better than the start (5 % publicity at 100 M yen).
    assert_eq!(report.validation_runs, 1);
    assert!(report.best.objective.value > report.start.objective.value);
    assert!(
        (report.difference.value - (report.best.objective.value - report.start.objective.value))
            .abs()
            < 1e-6
    );

    // The table gives each line's change in yen and the totals.
    let table = report.to_table();
    let row = |key: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(key))
            .unwrap_or_else(|| panic!("no row {key}: {table}"))
            .to_string()
    };
    for line in BudgetLine::ALL {
        let change = report.best.yen.get(line) - report.start.yen.get(line);
        let r = row(line.key());
        assert!(r.ends_with(&format!(" {change:+.0}")), "{r} vs {change}");
    }
    let start_total = report.start.yen.total();
    let total = row("total");
    assert!(
        total.contains(&format!(" {start_total:.0} "))
            && total.contains(" 120000000 ")
            && total.ends_with(&format!(" {:+.0}", 120_000_000.0 - start_total)),
        "{total}"
    );

    // The saved scenario loads and reproduces the validated objective.
    let saved = load(&report.scenario_toml);
    let sim = Simulator::new(&saved.plan);
    let mut out = RunResult::default();
    sim.run(0, &mut out);
    let participants = out.horizon_value(TargetMetric::Participants);
    assert!(
        (participants - report.best.objective.value).abs() < 1e-6,
        "{participants} vs {}",
        report.best.objective.value
    );
}

#[test]
fn lowest_cost_per_retained_year_also_puts_publicity_at_its_bound() {
    // Spending is the whole total whatever the split (every line is spent
    // in full in expected mode apart from training seats and supervision
    // the supporters cannot absorb), so the cost per participant-year is
    // lowest where participants are highest: again publicity at its bound.
    let loaded = load(&only_publicity_matters("expected"));
    let settings = OptimizeSettings {
        objective: Objective::CostPerRetained,
        total: Some(120_000_000.0),
        bounds: bounds(0.02, 0.4),
        ..OptimizeSettings::default()
    };
    let mut opt = Optimizer::new(&loaded, settings).unwrap();
    let report = opt.run_parallel(1, |_| true).unwrap().unwrap().clone();
    assert!(!report.maximise);
    assert!(
        report.best.objective.value < report.start.objective.value,
        "{report:#?}"
    );
    assert!(report.difference.value < 0.0);
}

#[test]
fn stepped_and_threaded_searches_agree_to_the_bit() {
    let loaded = load(&only_publicity_matters("stochastic"));
    let settings = OptimizeSettings {
        objective: Objective::AllTargets,
        bounds: bounds(0.05, 0.6),
        search_spread: true,
        iterations: 3,
        candidates: 5,
        runs_per_candidate: 16,
        validation_runs: 40,
        ..OptimizeSettings::default()
    };
    let mut threaded = Optimizer::new(&loaded, settings.clone()).unwrap();
    let a = threaded.run_parallel(2, |_| true).unwrap().unwrap().clone();
    let mut stepped = Optimizer::new(&loaded, settings).unwrap();
    let mut slices = 0;
    while !stepped.step(7).unwrap() {
        slices += 1;
        let p = stepped.progress();
        assert!(p.runs_done <= p.runs_total);
    }
    assert!(slices > 10);
    let b = stepped.report().unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(b).unwrap()
    );
    assert_eq!(a.runs_done, 3 * 5 * 16 + 2 * 40);
    // Probabilities come with Wilson intervals inside [0, 1].
    for e in [a.best.objective, a.start.objective] {
        assert!(
            0.0 <= e.low && e.low <= e.value && e.value <= e.high && e.high <= 1.0,
            "{e:?}"
        );
    }
    let toml = &a.scenario_toml;
    assert!(
        toml.contains("basis = \"total\"") && toml.contains("publicity-only-optimised"),
        "{toml}"
    );
}

#[test]
fn bad_settings_name_what_is_allowed() {
    let loaded = load(&only_publicity_matters("stochastic"));
    let try_with = |s: OptimizeSettings| Optimizer::new(&loaded, s).unwrap_err();
    let e = try_with(OptimizeSettings {
        objective: Objective::Target("waitlist".into()),
        ..OptimizeSettings::default()
    });
    assert!(matches!(e, OptimizeError::UnknownTarget { .. }));
    assert!(e.to_string().contains("'waitlist'") && e.to_string().contains("participants"));
    let e = try_with(OptimizeSettings {
        total: Some(-5.0),
        ..OptimizeSettings::default()
    });
    assert!(
        e.to_string().contains("-5") && e.to_string().contains("above 0"),
        "{e}"
    );
    let e = try_with(OptimizeSettings {
        candidates: 2,
        ..OptimizeSettings::default()
    });
    assert!(
        e.to_string().contains("candidates = 2") && e.to_string().contains("4 to 200"),
        "{e}"
    );
    let e = try_with(OptimizeSettings {
        bounds: bounds(0.2, 0.3),
        ..OptimizeSettings::default()
    });
    assert!(e.to_string().contains("1.4"), "{e}");
    let expected = load(&only_publicity_matters("expected"));
    let e = Optimizer::new(&expected, OptimizeSettings::default()).unwrap_err();
    assert!(e.to_string().contains("expected mode"), "{e}");
}

/// The publicity-only scenario in stochastic mode with two targets:
/// participants ≥ 800 and `metric` ≥ `at_least` (its id the metric's name).
fn with_second_target(metric: &str, at_least: &str) -> Loaded {
    let text = only_publicity_matters("stochastic");
    let (head, rest) = text.split_once("[[run.targets]]").unwrap();
    let (_, tail) = rest.split_once("[parameters]").unwrap();
    load(&format!(
        "{head}[[run.targets]]\nid = \"participants\"\nmetric = \"participants\"\nat_least = 800\n\
         [[run.targets]]\nid = \"{metric}\"\nmetric = \"{metric}\"\nat_least = {at_least}\n\
         [parameters]{tail}"
    ))
}

/// Each validation run's smallest relative margin over `targets` (written
/// out again here) and the index of the target that has it.
fn margins(plan: &sasaeai::sim::Plan, first: u64, runs: u64) -> Vec<(f64, usize)> {
    let sim = Simulator::new(plan);
    let mut out = RunResult::default();
    (first..first + runs)
        .map(|r| {
            sim.run(r, &mut out);
            let mut best = (f64::INFINITY, 0);
            for (k, t) in plan.targets.iter().enumerate() {
                let v = out.horizon_value(t.metric);
                let m = match t.direction {
                    sasaeai::sim::Direction::AtLeast => (v - t.threshold) / t.threshold.abs(),
                    sasaeai::sim::Direction::AtMost => (t.threshold - v) / t.threshold.abs(),
                };
                if m < best.0 {
                    best = (m, k);
                }
            }
            best
        })
        .collect()
}

#[test]
fn the_margin_to_the_targets_is_reported_as_recomputed_from_the_fresh_runs() {
    // Two targets near the scenario's reach, so that each binds in some runs.
    let loaded = with_second_target("awareness", "0.42");
    let settings = OptimizeSettings {
        objective: Objective::AllTargets,
        total: Some(110_000_000.0),
        bounds: bounds(0.02, 0.5),
        iterations: 4,
        candidates: 6,
        runs_per_candidate: 20,
        validation_runs: 300,
        ..OptimizeSettings::default()
    };
    let mut opt = Optimizer::new(&loaded, settings).unwrap();
    let report = opt.run_parallel(2, |_| true).unwrap().unwrap().clone();
    let m = report
        .margin
        .as_ref()
        .expect("a probability objective reports its margin");
    let (first, runs) = (report.validation_first_run, report.validation_runs);
    let start = margins(&loaded.plan, first, runs);
    let best = margins(&load(&report.scenario_toml).plan, first, runs);
    let mean = |v: &[(f64, usize)]| v.iter().map(|x| x.0).sum::<f64>() / v.len() as f64;
    // The saved scenario's shares are rounded to 0.01 %, the report's to
    // 1e-4 of a share: the same split, so the same runs to within rounding.
    assert!((m.start.value - mean(&start)).abs() < 1e-12, "{m:?}");
    assert!(
        (m.best.value - mean(&best)).abs() < 1e-9,
        "{m:?} vs {}",
        mean(&best)
    );
    let paired: Vec<f64> = best.iter().zip(&start).map(|(b, a)| b.0 - a.0).collect();
    let n = paired.len() as f64;
    let d = paired.iter().sum::<f64>() / n;
    let sd = (paired.iter().map(|x| (x - d).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    assert!((m.difference.value - d).abs() < 1e-9);
    assert!((m.difference.std_error - sd / n.sqrt()).abs() < 1e-9);
    assert!(
        (m.difference.high - m.difference.low - 2.0 * 1.959_963_984_540_054 * sd / n.sqrt()).abs()
            < 1e-9
    );
    // Which target binds, as counted here.
    assert_eq!(m.binding.len(), 2);
    for (k, b) in m.binding.iter().enumerate() {
        let share = best.iter().filter(|x| x.1 == k).count() as f64 / n;
        assert_eq!(b.target, ["participants", "awareness"][k]);
        assert!((b.share - share).abs() < 1e-12, "{b:?} vs {share}");
    }
    // The thresholds are chosen so that each target binds in some runs.
    assert!(
        m.binding.iter().all(|b| b.share > 0.0 && b.share < 1.0),
        "{m:?}"
    );
    let both = m.binding.iter().map(|b| b.share).sum::<f64>();
    assert!((both - 1.0).abs() < 1e-12);
    // Beside the objective: every target's P(met) and every figure's mean
    // on the same fresh runs, recomputed here.
    for (plan, side) in [
        (&loaded.plan, Side::Start),
        (&load(&report.scenario_toml).plan, Side::Best),
    ] {
        let sim = Simulator::new(plan);
        let mut out = RunResult::default();
        let mut met = vec![0.0; plan.targets.len()];
        let mut sums = [0.0; TargetMetric::ALL.len()];
        for r in first..first + runs {
            sim.run(r, &mut out);
            for (k, t) in plan.targets.iter().enumerate() {
                met[k] += f64::from(u8::from(t.met(out.horizon_value(t.metric))));
            }
            for (k, metric) in TargetMetric::ALL.iter().enumerate() {
                sums[k] += out.horizon_value(*metric);
            }
        }
        let h = &report.horizon;
        assert_eq!(h.targets.len(), 2);
        for (k, t) in h.targets.iter().enumerate() {
            let got = side.of(t.start, t.best);
            assert!((got - met[k] / n).abs() < 1e-12, "{side:?} {}: {got}", t.id);
        }
        assert_eq!(h.figures.len(), TargetMetric::ALL.len());
        for (k, f) in h.figures.iter().enumerate() {
            assert_eq!(f.metric, TargetMetric::ALL[k]);
            let want = sums[k] / n;
            let got = side.of(f.start, f.best);
            assert!(
                (got - want).abs() <= 1e-9 * want.abs().max(1e-9),
                "{side:?} {}: {got} vs {want}",
                f.metric.key()
            );
        }
    }
    // Flat only when the probability is 0 or 1 for both.
    let p = (report.start.objective.value, report.best.objective.value);
    assert_eq!(m.flat, p.0 == p.1 && (p.0 == 0.0 || p.0 == 1.0), "{p:?}");
}

#[derive(Clone, Copy, Debug)]
enum Side {
    Start,
    Best,
}

impl Side {
    fn of(self, start: f64, best: f64) -> f64 {
        match self {
            Side::Start => start,
            Side::Best => best,
        }
    }
}

#[test]
fn a_target_the_best_split_makes_less_likely_is_pointed_out() {
    use sasaeai::sim::optimize::{FigureSides, HorizonComparison, TargetSides, WORSE_BY};
    let target = |id: &str, metric, start, best| TargetSides {
        id: id.into(),
        metric,
        start,
        best,
    };
    let h = HorizonComparison {
        targets: vec![
            target("participants", TargetMetric::Participants, 0.613, 0.0),
            target("continuation", TargetMetric::Continuation, 0.0, 0.446),
            // A fall within the allowance is not pointed out.
            target(
                "certified",
                TargetMetric::Certified,
                0.5,
                0.5 - 0.8 * WORSE_BY,
            ),
        ],
        figures: vec![FigureSides {
            metric: TargetMetric::Participants,
            start: 43_419.0,
            best: 10_451.0,
        }],
    };
    let worse: Vec<&str> = h.worse().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(worse, ["participants"]);
}

#[test]
fn an_unreachable_target_is_said_to_be_flat_with_the_objective_to_try_instead() {
    // Certified supporters of a million cannot be met: P(all) is 0 for every
    // split, and that target binds in every run.
    let loaded = with_second_target("certified", "1_000_000");
    let settings = OptimizeSettings {
        objective: Objective::AllTargets,
        iterations: 2,
        candidates: 4,
        runs_per_candidate: 10,
        validation_runs: 50,
        ..OptimizeSettings::default()
    };
    let mut opt = Optimizer::new(&loaded, settings).unwrap();
    let report = opt.run_parallel(1, |_| true).unwrap().unwrap().clone();
    assert_eq!(report.best.objective.value, 0.0);
    let m = report.margin.as_ref().unwrap();
    assert!(
        m.flat && m.start.value < -0.99 && m.best.value < -0.99,
        "{m:?}"
    );
    assert_eq!(m.most_binding().unwrap().target, "certified");
    assert_eq!(m.binding[1].share, 1.0);
    let table = report.to_table();
    assert!(
        table.contains("P(every target met) is 0")
            && table.contains("try --objective target:certified or --objective participants")
            && table.contains("certified 100.0 %")
            && table.contains("at the horizon (fresh runs)")
            && table.contains("P(certified met)"),
        "{table}"
    );
    // Other objectives have no margin.
    let settings = OptimizeSettings {
        objective: Objective::Participants,
        iterations: 1,
        candidates: 4,
        runs_per_candidate: 4,
        validation_runs: 4,
        ..OptimizeSettings::default()
    };
    let report = Optimizer::new(&loaded, settings)
        .unwrap()
        .run_parallel(1, |_| true)
        .unwrap()
        .unwrap()
        .clone();
    assert!(report.margin.is_none());
    assert!(
        serde_json::to_string(&report)
            .unwrap()
            .contains("\"margin\":null")
    );
}
