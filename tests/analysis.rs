//! Decision analysis and sensitivity: paired statistics against direct
//! computations from stored per-run values (variance reduction factor, cost
//! ratios and their delta-method intervals, monthly differences), exact
//! merges, the scenario cap, the tornado against independent runs, Spearman's
//! ρ against hand-computed and known cases, and the generated sentences.

use sasaeai::model::ModelSpec;
use sasaeai::model::distribution::Distribution;
use sasaeai::model::parameters::Param;
use sasaeai::report::compare::build_compare_report;
use sasaeai::report::sensitivity::{bar_sentence, horizon_label};
use sasaeai::scenario::load_builtin;
use sasaeai::sim::compare::{CompareError, PairedAccumulator, align, compare_range};
use sasaeai::sim::decision::{
    DIFFERENCE_OUTPUTS, MAX_SCENARIOS, RatioStatus, Z_TWO_SIDED_95, participant_years,
};
use sasaeai::sim::sensitivity::{
    RunSamples, TornadoBar, average_ranks, rank_correlations, sample_range, spearman, tornado_runs,
    uncertain_parameters,
};
use sasaeai::sim::stats::paired_difference_interval;
use sasaeai::sim::stream::{nth, unit_open};
use sasaeai::sim::{Accumulator, Mode, MonthlyOutput, Plan, RunResult, Simulator, TargetMetric};
use sasaeai::text::Lang;

/// A built-in scenario under model version 1: these tests check the
/// statistics against version 1's known behaviour (site capacity binds in
/// the combined plan, staff act through beta_staff).
fn plan(name: &str, mode: Mode, runs: u64, seed: u64) -> Plan {
    let mut plan = load_builtin(name).expect("built-in").expect("valid").plan;
    plan.model = ModelSpec::V1;
    plan.mode = mode;
    plan.runs = runs;
    plan.seed = seed;
    plan
}

fn plans(names: &[&str], mode: Mode, runs: u64, seed: u64) -> Vec<Plan> {
    let mut plans: Vec<Plan> = names.iter().map(|n| plan(n, mode, runs, seed)).collect();
    align(&mut plans).expect("comparable");
    plans
}

fn paired(plans: &[Plan], runs: std::ops::Range<u64>) -> PairedAccumulator {
    let sims: Vec<Simulator> = plans.iter().map(Simulator::new).collect();
    let mut acc = PairedAccumulator::new(plans);
    compare_range(&sims, runs, &mut acc, &mut Vec::new());
    acc
}

/// The per-run results of `plan` for `runs`, stored.
fn stored(plan: &Plan, runs: u64) -> Vec<RunResult> {
    let sim = Simulator::new(plan);
    (0..runs)
        .map(|r| {
            let mut out = RunResult::default();
            sim.run(r, &mut out);
            out
        })
        .collect()
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Sample variance (divisor n − 1), two-pass.
fn variance(x: &[f64]) -> f64 {
    let m = mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() as f64 - 1.0)
}

fn covariance(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (mean(x), mean(y));
    x.iter()
        .zip(y)
        .map(|(a, b)| (a - mx) * (b - my))
        .sum::<f64>()
        / (x.len() as f64 - 1.0)
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1e-300)
}

// ---------------------------------------------------------------- compare

#[test]
fn the_variance_reduction_factor_matches_a_direct_computation() {
    let runs = 300;
    let plans = plans(
        &["training", "combined-plan", "awareness"],
        Mode::Stochastic,
        runs,
        7,
    );
    let acc = paired(&plans, 0..runs);
    let a = stored(&plans[0], runs);
    for (i, other) in plans.iter().enumerate().skip(1) {
        let b = stored(other, runs);
        for metric in TargetMetric::ALL {
            let k = metric.index();
            let xa: Vec<f64> = a.iter().map(|r| r.horizon[k]).collect();
            let xb: Vec<f64> = b.iter().map(|r| r.horizon[k]).collect();
            let d: Vec<f64> = xa.iter().zip(&xb).map(|(x, y)| y - x).collect();
            let independent = variance(&xa) + variance(&xb);
            let paired = variance(&d);
            let vr = acc.pairs[i - 1].variance_reduction(metric);
            // Fixed-point moments: relative error far below 1e-8 at these scales.
            assert!(
                close(vr.variance_independent, independent, 1e-8),
                "{}: {} vs {independent}",
                metric.key(),
                vr.variance_independent
            );
            assert!(
                close(vr.variance_paired, paired, 1e-6)
                    || (paired < 1e-12 && vr.variance_paired < 1e-9),
                "{}: {} vs {paired}",
                metric.key(),
                vr.variance_paired
            );
            if paired > 1e-9 * independent {
                let want = independent / paired;
                let got = vr.factor.expect("defined");
                assert!(close(got, want, 1e-6), "{}: {got} vs {want}", metric.key());
            }
        }
    }
    // Two active programmes share their parameter draws: pairing must narrow
    // the interval of certified supporters.
    let f = acc.pairs[0]
        .variance_reduction(TargetMetric::Certified)
        .factor
        .expect("defined");
    assert!(f > 1.0, "VRF of certified {f}");
}

#[test]
fn cost_ratios_match_a_hand_computation_on_expected_plans() {
    let plans = plans(&["status-quo", "combined-plan"], Mode::Expected, 1, 1);
    let acc = paired(&plans, 0..1);
    let a = &stored(&plans[0], 1)[0];
    let b = &stored(&plans[1], 1)[0];
    let spending = TargetMetric::TotalSpending.index();
    let people = TargetMetric::Participants.index();
    let ds = b.horizon[spending] - a.horizon[spending];
    let dn = b.horizon[people] - a.horizon[people];
    let months = plans[0].months();
    let years = |r: &RunResult| {
        (0..months)
            .map(|m| r.month(m, MonthlyOutput::Participants))
            .sum::<f64>()
            / 12.0
    };
    let dy = years(b) - years(a);
    assert!(dn > 1.0 && dy > 1.0 && ds > 0.0);
    assert_eq!(participant_years(a), years(a));

    let per_participant = acc.pairs[0].cost_per_participant();
    assert_eq!(per_participant.status, RatioStatus::SingleRun);
    assert!(close(per_participant.value.expect("value"), ds / dn, 1e-9));
    assert!(per_participant.low.is_none() && per_participant.high.is_none());
    let per_year = acc.pairs[0].cost_per_participant_year();
    assert!(close(per_year.value.expect("value"), ds / dy, 1e-9));
    assert!(close(per_year.spending_difference, ds, 1e-9));
    assert!(close(per_year.denominator_difference, dy, 1e-9));
}

#[test]
fn cost_ratio_intervals_match_the_delta_method_on_stored_runs() {
    let runs = 400;
    let plans = plans(&["status-quo", "combined-plan"], Mode::Stochastic, runs, 3);
    let acc = paired(&plans, 0..runs);
    let a = stored(&plans[0], runs);
    let b = stored(&plans[1], runs);
    let k_s = TargetMetric::TotalSpending.index();
    let k_n = TargetMetric::Participants.index();
    let ds: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| y.horizon[k_s] - x.horizon[k_s])
        .collect();
    let dn: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| y.horizon[k_n] - x.horizon[k_n])
        .collect();
    let dy: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| participant_years(y) - participant_years(x))
        .collect();
    let n = runs as f64;
    for (ratio, denominator) in [
        (acc.pairs[0].cost_per_participant(), &dn),
        (acc.pairs[0].cost_per_participant_year(), &dy),
    ] {
        let r = mean(&ds) / mean(denominator);
        let var = (variance(&ds) - 2.0 * r * covariance(&ds, denominator)
            + r * r * variance(denominator))
            / (n * mean(denominator).powi(2));
        let half = Z_TWO_SIDED_95 * var.sqrt();
        assert_eq!(ratio.status, RatioStatus::Defined);
        assert!(close(ratio.value.expect("value"), r, 1e-9));
        // The half-width is a difference of large sums: 1e-4 of its size.
        let (lo, hi) = (ratio.low.expect("low"), ratio.high.expect("high"));
        assert!(
            (lo - (r - half)).abs() < 1e-4 * half,
            "{lo} vs {}",
            r - half
        );
        assert!(
            (hi - (r + half)).abs() < 1e-4 * half,
            "{hi} vs {}",
            r + half
        );
    }
}

#[test]
fn a_scenario_compared_with_itself_has_no_cost_ratio_and_no_vrf() {
    let plans = plans(&["training", "training"], Mode::Stochastic, 50, 1);
    let acc = paired(&plans, 0..50);
    let pair = &acc.pairs[0];
    for r in [
        pair.cost_per_participant(),
        pair.cost_per_participant_year(),
    ] {
        assert_eq!(r.status, RatioStatus::DenominatorNearZero);
        assert_eq!((r.value, r.low, r.high), (None, None, None));
    }
    for metric in TargetMetric::ALL {
        let vr = pair.variance_reduction(metric);
        assert_eq!(vr.variance_paired, 0.0);
        assert_eq!(vr.factor, None);
    }
    let json = serde_json::to_string(&pair.cost_per_participant()).expect("json");
    assert!(
        json.contains("\"value\":null") && json.contains("denominator_near_zero"),
        "{json}"
    );
}

#[test]
fn a_scenario_compared_with_itself_keeps_a_p_met_interval_that_narrows_with_runs() {
    // No run is discordant, so the paired standard error is 0; the score
    // interval still has width, and less of it with more runs.
    let width = |runs: u64| {
        let plans = plans(&["training", "training"], Mode::Stochastic, runs, 1);
        let acc = paired(&plans, 0..runs);
        let report = build_compare_report(&plans, Vec::new(), &acc);
        report
            .targets
            .iter()
            .map(|t| {
                let m = t.differences[0].met.expect("counted");
                assert_eq!((m.value, m.std_error), (0.0, 0.0), "{}", t.id);
                assert!(m.low < 0.0 && m.high > 0.0, "{}: {m:?}", t.id);
                m.high - m.low
            })
            .collect::<Vec<f64>>()
    };
    let (few, more) = (width(20), width(80));
    for (w20, w80) in few.iter().zip(&more) {
        assert!(w80 < w20, "{w80} ≥ {w20}");
    }
}

#[test]
fn monthly_differences_are_those_of_the_stored_runs() {
    let runs = 120;
    let plans = plans(
        &["status-quo", "promotion-office"],
        Mode::Stochastic,
        runs,
        11,
    );
    let acc = paired(&plans, 0..runs);
    let a = stored(&plans[0], runs);
    let b = stored(&plans[1], runs);
    for output in DIFFERENCE_OUTPUTS {
        let series = acc.pairs[0].monthly_difference(output).expect("followed");
        assert_eq!(series.series.p50.len(), 60);
        for m in [0, 23, 59] {
            let d: Vec<f64> = a
                .iter()
                .zip(&b)
                .map(|(x, y)| y.month(m, output) - x.month(m, output))
                .collect();
            let tol = 1e-6 * d.iter().map(|v| v.abs()).fold(1.0, f64::max);
            assert!(
                (series.series.mean[m] - mean(&d)).abs() < tol,
                "{} month {m}",
                output.key()
            );
            let mut sorted = d.clone();
            sorted.sort_by(f64::total_cmp);
            // Lower quantile rank floor(q(n − 1)); the sketch is within 0.2 %.
            let exact = sorted[(0.5 * (runs - 1) as f64) as usize];
            assert!(
                (series.series.p50[m] - exact).abs() <= 0.0021 * exact.abs() + 1e-9,
                "{} month {m}: {} vs {exact}",
                output.key(),
                series.series.p50[m]
            );
        }
    }
    assert!(
        acc.pairs[0]
            .monthly_difference(MonthlyOutput::Inflow)
            .is_none()
    );
}

#[test]
fn the_paired_difference_of_p_met_matches_the_stored_runs() {
    let runs = 400;
    let names = ["training", "combined-plan", "awareness"];
    let loaded: Vec<_> = names
        .iter()
        .map(|n| load_builtin(n).expect("built-in").expect("valid"))
        .collect();
    let mut plans = plans(&names, Mode::Stochastic, runs, 7);
    // Each target's threshold at the baseline's median, so that P(met) is
    // near one half for it and the scenarios' runs fall on both sides.
    let a = stored(&plans[0], runs);
    let thresholds: Vec<f64> = plans[0]
        .targets
        .iter()
        .map(|t| {
            let mut v: Vec<f64> = a.iter().map(|r| r.horizon_value(t.metric)).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        })
        .collect();
    for plan in &mut plans {
        for (t, &x) in plan.targets.iter_mut().zip(&thresholds) {
            t.threshold = x;
        }
    }
    let acc = paired(&plans, 0..runs);
    let infos = loaded.iter().map(|l| l.info.clone()).collect();
    let report = build_compare_report(&plans, infos, &acc);
    let n = runs as f64;
    let mut both_ways = 0;
    for (i, other) in plans.iter().enumerate().skip(1) {
        let b = stored(other, runs);
        for (t, target) in plans[0].targets.iter().enumerate() {
            let met =
                |r: &RunResult| f64::from(u8::from(target.met(r.horizon_value(target.metric))));
            let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| met(y) - met(x)).collect();
            // The runs' 2×2 table: [neither, only A, only B, both].
            let mut cells = [0u64; 4];
            for (x, y) in a.iter().zip(&b) {
                cells[(met(x) + 2.0 * met(y)) as usize] += 1;
            }
            let [neither, only_a, only_b, both] = cells;
            let (pa, pb) = (
                a.iter().map(met).sum::<f64>() / n,
                b.iter().map(met).sum::<f64>() / n,
            );
            let mean_d = mean(&d);
            // Population variance of D over the runs, two-pass.
            let var_d = d.iter().map(|x| (x - mean_d).powi(2)).sum::<f64>() / n;
            let independent = pa * (1.0 - pa) + pb * (1.0 - pb);
            let m = report.targets[t].differences[i - 1].met.expect("counted");
            let label = format!("{} / {}", other.name, target.id);
            assert!(
                (m.value - mean_d).abs() < 1e-12,
                "{label}: {m:?} vs {mean_d}"
            );
            assert!(
                (m.std_error - (var_d / n).sqrt()).abs() < 1e-12,
                "{label}: {m:?}"
            );
            assert!(
                (m.independent_std_error - (independent / n).sqrt()).abs() < 1e-12,
                "{label}: {m:?}"
            );
            // The 95 % interval: the paired score interval of the table.
            let [low, high] = paired_difference_interval(both, only_a, only_b, neither);
            assert_eq!([m.low, m.high], [low, high], "{label}");
            assert!(m.low <= m.value && m.value <= m.high, "{label}: {m:?}");
            match m.variance_reduction {
                Some(f) => assert!(close(f, independent / var_d, 1e-9), "{label}: {f}"),
                None => assert!(var_d < 1e-15, "{label}: {var_d}"),
            }
            if d.contains(&1.0) && d.contains(&-1.0) {
                both_ways += 1;
            }
        }
    }
    // Some target is met by A and not B in some runs and the reverse in others.
    assert!(both_ways > 0);
    let table = report.to_table();
    assert!(
        table.contains("P(met) combined-plan − training: "),
        "{table}"
    );
}

#[test]
fn paired_statistics_merge_exactly_in_any_split_and_through_json() {
    let plans = plans(
        &["status-quo", "training", "awareness", "combined-plan"],
        Mode::Stochastic,
        150,
        5,
    );
    let whole = paired(&plans, 0..150);
    let mut split = paired(&plans, 90..150);
    split.merge(&paired(&plans, 0..37));
    split.merge(&paired(&plans, 37..90));
    assert_eq!(whole, split);
    let text = serde_json::to_string(&split).expect("serialize");
    let back: PairedAccumulator = serde_json::from_str(&text).expect("deserialize");
    assert_eq!(back, whole);
}

#[test]
fn more_than_four_scenarios_are_refused_naming_the_count_and_the_limit() {
    let mut five: Vec<Plan> = (0..5)
        .map(|_| plan("status-quo", Mode::Stochastic, 10, 1))
        .collect();
    let err = align(&mut five).expect_err("too many");
    assert_eq!(err, CompareError::TooMany(5));
    let text = err.to_string();
    assert!(
        text.contains(&MAX_SCENARIOS.to_string()) && text.contains("got 5"),
        "{text}"
    );
    let mut four: Vec<Plan> = five.drain(..4).collect();
    assert!(align(&mut four).is_ok());
}

// ---------------------------------------------------------------- Spearman

#[test]
fn average_ranks_share_ties() {
    assert_eq!(
        average_ranks(&[10.0, 20.0, 20.0, 30.0]),
        [1.0, 2.5, 2.5, 4.0]
    );
    assert_eq!(average_ranks(&[3.0, 1.0, 2.0]), [3.0, 1.0, 2.0]);
    assert_eq!(average_ranks(&[5.0, 5.0, 5.0]), [2.0, 2.0, 2.0]);
}

#[test]
fn spearman_matches_a_hand_computed_example_with_ties() {
    // Ranks of y: 1, 2, 3.5, 5, 3.5. Deviations from 3: x −2 −1 0 1 2,
    // y −2 −1 0.5 2 0.5; Σxy = 8, Σx² = 10, Σy² = 9.5; ρ = 8/√95.
    let rho = spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 6.0, 7.0, 8.0, 7.0]).expect("rho");
    assert!((rho - 8.0 / 95f64.sqrt()).abs() < 1e-15, "{rho}");
    assert_eq!(spearman(&[1.0, 2.0], &[3.0, 3.0]), None);
    assert_eq!(spearman(&[1.0], &[3.0]), None);
}

#[test]
fn spearman_is_one_for_a_monotone_relation_and_small_for_independent_series() {
    let n = 10_000;
    let x: Vec<f64> = (0..n).map(|i| unit_open(nth(42, i))).collect();
    let y: Vec<f64> = (0..n).map(|i| unit_open(nth(4242, i))).collect();
    let up: Vec<f64> = x.iter().map(|v| (3.0 * v).exp()).collect();
    let down: Vec<f64> = x.iter().map(|v| -v * v * v).collect();
    assert!((spearman(&x, &up).expect("rho") - 1.0).abs() < 1e-12);
    assert!((spearman(&x, &down).expect("rho") + 1.0).abs() < 1e-12);
    // Under independence ρ has sd 1/√(n − 1) = 0.01: allow 4 sd (seed fixed).
    let rho = spearman(&x, &y).expect("rho");
    assert!(rho.abs() < 0.04, "{rho}");
}

#[test]
fn a_parameter_that_cannot_move_an_output_has_rho_near_zero() {
    let runs = 2_000;
    let plan = plan("combined-plan", Mode::Stochastic, runs, 9);
    let sim = Simulator::new(&plan);
    let mut acc = Accumulator::new(&plan);
    let mut samples = RunSamples::new(runs as usize);
    sample_range(
        &sim,
        0..runs,
        &mut acc,
        &mut samples,
        &mut RunResult::default(),
    );
    let rho = rank_correlations(&sim, &samples);
    let find = |p: Param| {
        rho.iter()
            .find(|c| c.parameter == p.name())
            .expect("uncertain")
            .rho
    };
    // Satisfaction (docs/model.md §4 step 9) feeds nothing back: beta_sat_tau
    // cannot move participants. ρ has sd 1/√(n − 1) ≈ 0.022: allow 4 sd.
    let participants = TargetMetric::Participants.index();
    let r = find(Param::BetaSatTau)[participants].expect("defined");
    assert!(r.abs() < 0.09, "beta_sat_tau vs participants: {r}");
    // …while site capacity binds in the combined plan under version 1…
    let r = find(Param::SiteCapacity)[participants].expect("defined");
    assert!(r > 0.9, "site_capacity vs participants: {r}");
    // …and no longer decides it under version 2, where certified
    // supporters' groups and online groups add places (docs/model.md §9).
    let mut v2 = plan.clone();
    v2.model = ModelSpec::V2;
    let sim2 = Simulator::new(&v2);
    let mut samples2 = RunSamples::new(runs as usize);
    sample_range(
        &sim2,
        0..runs,
        &mut Accumulator::new(&v2),
        &mut samples2,
        &mut RunResult::default(),
    );
    let rho2 = rank_correlations(&sim2, &samples2);
    let r2 = rho2
        .iter()
        .find(|c| c.parameter == Param::SiteCapacity.name())
        .and_then(|c| c.rho[participants])
        .expect("defined");
    assert!(
        r2 < 0.8,
        "site_capacity vs participants under version 2: {r2}"
    );
    // And the tornado agrees that beta_sat_tau has no swing on participants.
    let t = tornado_runs(&plan).tornado(TargetMetric::Participants);
    let bar = t
        .bars
        .iter()
        .find(|b| b.parameter == "beta_sat_tau")
        .expect("bar");
    assert_eq!(bar.swing, 0.0);
}

#[test]
fn run_samples_keep_the_lowest_runs_whatever_the_merge_order() {
    let values = |r: u64| [r as f64; 9];
    let fill = |runs: std::ops::Range<u64>| {
        let mut s = RunSamples::new(30);
        for r in runs.rev() {
            s.add(r, &values(r));
        }
        s
    };
    let whole = fill(0..100);
    assert_eq!(whole.runs, (0..30).collect::<Vec<_>>());
    let mut a = fill(60..100);
    a.merge(&fill(0..25));
    a.merge(&fill(25..60));
    let mut b = fill(25..60);
    b.merge(&fill(60..100));
    b.merge(&fill(0..25));
    assert_eq!(a, whole);
    assert_eq!(b, whole);
    assert!(
        whole
            .values
            .iter()
            .zip(&whole.runs)
            .all(|(v, r)| v[0] == *r as f64)
    );
}

// ---------------------------------------------------------------- tornado

#[test]
fn a_single_uncertain_parameter_gives_one_bar_equal_to_independent_runs() {
    let mut plan = plan("combined-plan", Mode::Stochastic, 10, 1);
    for p in Param::ALL {
        if *p != Param::BetaStaff {
            let e = plan.parameters.entry_mut(*p);
            e.distribution = Distribution::Fixed { value: e.point };
        }
    }
    assert_eq!(uncertain_parameters(&plan), [Param::BetaStaff]);
    let runs = tornado_runs(&plan);
    let t = runs.tornado(TargetMetric::Participants);
    assert_eq!(t.bars.len(), 1);

    // Independently: the plan in expected mode with beta_staff fixed at its
    // 10th and 90th percentiles of pert(0.10, 0.347, 0.50).
    let d = plan.parameters.entry(Param::BetaStaff).distribution.clone();
    let at = |value: Option<f64>| {
        let mut p = plan.clone();
        p.mode = Mode::Expected;
        p.runs = 1;
        if let Some(v) = value {
            let e = p.parameters.entry_mut(Param::BetaStaff);
            e.distribution = Distribution::Fixed { value: v };
            e.point = v;
        }
        let mut out = RunResult::default();
        Simulator::new(&p).run(0, &mut out);
        out.horizon_value(TargetMetric::Participants)
    };
    let (q10, q90) = (d.quantile(0.1), d.quantile(0.9));
    assert!(d.cdf(q10) - 0.1 < 1e-9 && (d.cdf(q90) - 0.9).abs() < 1e-9);
    let bar = &t.bars[0];
    assert_eq!(bar.parameter, "beta_staff");
    assert_eq!((bar.low_value, bar.high_value), (q10, q90));
    assert_eq!(bar.low, at(Some(q10)));
    assert_eq!(bar.high, at(Some(q90)));
    assert_eq!(t.base, at(None));
    assert_eq!(bar.swing, (bar.high - bar.low).abs());
    // Calibration absorbs most of the staff effect, but not all of it.
    assert!(bar.high != bar.low);
}

#[test]
fn tornado_bars_are_sorted_by_swing() {
    let plan = plan("combined-plan", Mode::Stochastic, 10, 1);
    let runs = tornado_runs(&plan);
    for metric in TargetMetric::ALL {
        let t = runs.tornado(metric);
        assert_eq!(t.bars.len(), uncertain_parameters(&plan).len());
        assert!(
            t.bars.windows(2).all(|w| w[0].swing >= w[1].swing),
            "{}",
            metric.key()
        );
    }
    let satisfaction = runs.tornado(TargetMetric::Satisfaction);
    assert!(satisfaction.bars[0].swing > 0.0);
}

// ---------------------------------------------------------------- sentences

fn bar(
    parameter: &'static str,
    low_value: f64,
    high_value: f64,
    low: f64,
    high: f64,
) -> TornadoBar {
    TornadoBar {
        parameter,
        low_value,
        high_value,
        low,
        high,
        swing: (high - low).abs(),
    }
}

#[test]
fn sentences_say_what_a_bar_means_in_english_and_japanese() {
    let en = horizon_label(2025, 60, Lang::En);
    let ja = horizon_label(2025, 60, Lang::Ja);
    assert_eq!((en.as_str(), ja.as_str()), ("March 2030", "2030年3月"));
    let b = bar("beta_staff", 0.17, 0.45, 40_000.0, 43_112.0);
    assert_eq!(
        bar_sentence(&b, TargetMetric::Participants, &en, Lang::En),
        "If beta_staff is at its 90th percentile (0.45) instead of its 10th (0.17), participants at March 2030 are 3,100 higher."
    );
    assert_eq!(
        bar_sentence(&b, TargetMetric::Participants, &ja, Lang::Ja),
        "beta_staffが10パーセンタイル（0.17）ではなく90パーセンタイル（0.45）のとき、2030年3月の参加者数は3,100人多くなります。"
    );
    let rate = bar("beta_tau", 0.0823, 0.181, 0.86, 0.848);
    assert_eq!(
        bar_sentence(&rate, TargetMetric::Continuation, &en, Lang::En),
        "If beta_tau is at its 90th percentile (0.181) instead of its 10th (0.0823), FY continuation at March 2030 is 1.2 percentage points lower."
    );
    assert_eq!(
        bar_sentence(&rate, TargetMetric::Continuation, &ja, Lang::Ja),
        "beta_tauが10パーセンタイル（0.0823）ではなく90パーセンタイル（0.181）のとき、2030年3月の年度継続率は1.2ポイント低くなります。"
    );
    let money = bar("site_capacity", 84.6, 99.3, 6.0e9, 6.0123e9);
    assert_eq!(
        bar_sentence(&money, TargetMetric::TotalSpending, &en, Lang::En),
        "If site_capacity is at its 90th percentile (99.3) instead of its 10th (84.6), spending over the horizon at March 2030 is ¥12.3 M more."
    );
    assert_eq!(
        bar_sentence(&money, TargetMetric::TotalSpending, &ja, Lang::Ja),
        "site_capacityが10パーセンタイル（84.6）ではなく90パーセンタイル（99.3）のとき、2030年3月の期間中の支出は1,230万円多くなります。"
    );
    let flat = bar("beta_sat_tau", 0.0237, 0.0841, 42_764.2, 42_764.0);
    assert!(
        bar_sentence(&flat, TargetMetric::Participants, &en, Lang::En)
            .ends_with("participants at March 2030 are unchanged.")
    );
    assert!(
        bar_sentence(&flat, TargetMetric::Participants, &ja, Lang::Ja)
            .ends_with("参加者数は変わりません。")
    );
}

/// A one-ward comparison steps as many runs at a time as the vector lanes
/// have lanes (eight or four; `Simulator::run_group`); its summaries and
/// paired differences are those of the runs taken one by one, also for a
/// last group part-filled.
#[test]
fn grouped_runs_of_a_one_ward_comparison_equal_runs_one_by_one() {
    let mut plans = plans(&["status-quo", "combined-plan"], Mode::Stochastic, 10, 7);
    for p in &mut plans {
        p.wards.truncate(1);
    }
    let sims: Vec<Simulator> = plans.iter().map(Simulator::new).collect();
    for sim in &sims {
        let lanes = sim.lane_backend().map_or(1, |b| b.lanes());
        assert!(lanes == 1 || lanes == 4 || lanes == 8);
        assert_eq!(sim.group_size(), lanes);
    }
    let acc = paired(&plans, 0..10);
    let runs: Vec<Vec<RunResult>> = plans.iter().map(|p| stored(p, 10)).collect();
    for (i, (p, stored)) in plans.iter().zip(&runs).enumerate() {
        let mut one_by_one = Accumulator::new(p);
        for out in stored {
            one_by_one.add(p, out);
        }
        assert_eq!(acc.scenarios[i], one_by_one, "scenario {i}");
    }
    for (t, target) in plans[0].targets.iter().enumerate() {
        let mut diff = sasaeai::sim::stats::Summary::new();
        for (a, b) in runs[0].iter().zip(&runs[1]) {
            diff.add(b.horizon_value(target.metric) - a.horizon_value(target.metric));
        }
        assert_eq!(acc.differences[0][t], diff, "target {t}");
    }
}
