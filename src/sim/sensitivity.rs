//! Sensitivity of the horizon outputs to the uncertain parameters of a plan
//! (the parameters whose distribution in the plan is not fixed, docs/model.md §3):
//!
//! * **Tornado** (one-at-a-time, deterministic): the plan in expected mode
//!   (docs/model.md §4, one run) with every parameter at its point value, then each
//!   uncertain parameter in turn at its 10th and its 90th percentile (the
//!   quantile function of its distribution) with the others at their point
//!   values. Bars are sorted by their swing `|high − low|`.
//! * **Spearman rank correlation** between each sampled parameter and each
//!   output over stochastic runs already done. The per-run outputs are kept
//!   in [`RunSamples`] (the runs with the lowest indices, up to a cap, so
//!   merging shards is deterministic); the parameter values of run `r` are
//!   recomputed with [`Simulator::run_parameters`], a pure function of
//!   (seed, r). ρ is Pearson's correlation of the ranks, ties taking the
//!   average of their ranks (e.g. Kendall & Gibbons, *Rank Correlation
//!   Methods*, 5th ed., ch. 2).
//! * **Sentences**: one plain-language sentence per tornado bar, in English
//!   or Japanese ([`bar_sentence`]).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::distribution::Distribution;
use crate::model::parameters::Param;

use super::run::{RunResult, Simulator};
use super::summary::Accumulator;
use crate::scenario::plan::{Mode, Plan, TargetMetric};

/// Number of horizon metrics ([`TargetMetric::ALL`]).
pub const METRICS: usize = TargetMetric::ALL.len();

/// Probability of the low end of a tornado bar.
pub const TORNADO_LOW: f64 = 0.10;
/// Probability of the high end of a tornado bar.
pub const TORNADO_HIGH: f64 = 0.90;

/// Default cap of [`RunSamples`]: per-run values kept for rank correlations.
pub const MAX_RUN_SAMPLES: usize = 20_000;

/// The parameters of `plan` that are uncertain — a distribution that is not
/// fixed and not a single point — and used by its model (a mechanism that
/// is off has no effect to show), in [`Param::ALL`] order.
pub fn uncertain_parameters(plan: &Plan) -> Vec<Param> {
    Param::ALL
        .iter()
        .zip(&plan.parameters.entries)
        .filter(|(p, e)| {
            p.used_by(plan.model)
                && !matches!(e.distribution, Distribution::Fixed { .. })
                && !e.distribution.is_degenerate()
        })
        .map(|(p, _)| *p)
        .collect()
}

/// The horizon values of every metric of one expected-mode run of `plan`
/// with the parameters in `overrides` fixed at the given values and the
/// others at their point values.
pub fn expected_horizon(plan: &Plan, overrides: &[(Param, f64)]) -> [f64; METRICS] {
    let mut plan = plan.clone();
    plan.mode = Mode::Expected;
    plan.runs = 1;
    for (param, value) in overrides {
        let entry = plan.parameters.entry_mut(*param);
        entry.distribution = Distribution::Fixed { value: *value };
        entry.point = *value;
    }
    let mut out = RunResult::default();
    Simulator::new(&plan).run(0, &mut out);
    out.horizon
}

/// One uncertain parameter moved to its 10th and 90th percentiles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParameterSwing {
    /// Parameter name.
    pub parameter: &'static str,
    /// Its 10th percentile.
    pub low_value: f64,
    /// Its 90th percentile.
    pub high_value: f64,
    /// Every horizon metric with the parameter at `low_value`.
    pub low: [f64; METRICS],
    /// Every horizon metric with the parameter at `high_value`.
    pub high: [f64; METRICS],
}

/// The tornado runs of a plan, for every horizon metric at once.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoRuns {
    /// Every horizon metric with all parameters at their point values.
    pub base: [f64; METRICS],
    /// One entry per uncertain parameter, in [`Param::ALL`] order.
    pub swings: Vec<ParameterSwing>,
}

/// Run the tornado of `plan`: `1 + 2k` expected-mode runs for `k`
/// uncertain parameters (module docs).
pub fn tornado_runs(plan: &Plan) -> TornadoRuns {
    let swings = uncertain_parameters(plan)
        .into_iter()
        .map(|param| {
            let d = &plan.parameters.entry(param).distribution;
            let (low_value, high_value) = (d.quantile(TORNADO_LOW), d.quantile(TORNADO_HIGH));
            ParameterSwing {
                parameter: param.name(),
                low_value,
                high_value,
                low: expected_horizon(plan, &[(param, low_value)]),
                high: expected_horizon(plan, &[(param, high_value)]),
            }
        })
        .collect();
    TornadoRuns {
        base: expected_horizon(plan, &[]),
        swings,
    }
}

/// One bar of a tornado chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoBar {
    /// Parameter name.
    pub parameter: &'static str,
    /// The parameter's 10th percentile.
    pub low_value: f64,
    /// The parameter's 90th percentile.
    pub high_value: f64,
    /// The output with the parameter at its 10th percentile.
    pub low: f64,
    /// The output with the parameter at its 90th percentile.
    pub high: f64,
    /// `|high − low|`.
    pub swing: f64,
}

/// A tornado of one output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tornado {
    /// The output.
    pub metric: TargetMetric,
    /// Its value with every parameter at its point value.
    pub base: f64,
    /// Bars sorted by swing, largest first (ties in [`Param::ALL`] order).
    pub bars: Vec<TornadoBar>,
}

impl TornadoRuns {
    /// The tornado of `metric`.
    pub fn tornado(&self, metric: TargetMetric) -> Tornado {
        let k = metric.index();
        let mut bars: Vec<TornadoBar> = self
            .swings
            .iter()
            .map(|s| TornadoBar {
                parameter: s.parameter,
                low_value: s.low_value,
                high_value: s.high_value,
                low: s.low[k],
                high: s.high[k],
                swing: (s.high[k] - s.low[k]).abs(),
            })
            .collect();
        bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
        Tornado {
            metric,
            base: self.base[k],
            bars,
        }
    }
}

// ---------------------------------------------------------------- samples

/// Per-run horizon values of the runs with the lowest indices, up to a cap:
/// bounded memory, and merging shards keeps the same runs whatever their
/// order. `runs` is strictly increasing; `values[i]` belongs to `runs[i]`
/// and holds every metric in [`TargetMetric::ALL`] order.
///
/// Serde writes the values as JSON numbers; a binary codec (the worker's)
/// keeps them bit for bit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSamples {
    /// Most runs kept.
    pub cap: usize,
    /// Run indices kept, increasing.
    pub runs: Vec<u64>,
    /// Their horizon values.
    pub values: Vec<[f64; METRICS]>,
}

impl RunSamples {
    /// Empty, keeping at most `cap` runs.
    pub fn new(cap: usize) -> Self {
        RunSamples {
            cap,
            runs: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Record run `run` (ignored if already kept, or if `cap` runs with
    /// lower indices are kept).
    pub fn add(&mut self, run: u64, values: &[f64; METRICS]) {
        let at = match self.runs.binary_search(&run) {
            Ok(_) => return,
            Err(at) => at,
        };
        if at >= self.cap {
            return;
        }
        self.runs.insert(at, run);
        self.values.insert(at, *values);
        self.runs.truncate(self.cap);
        self.values.truncate(self.cap);
    }

    /// Merge samples of other runs (the cap is the smaller of the two).
    pub fn merge(&mut self, other: &RunSamples) {
        let cap = self.cap.min(other.cap);
        let mut runs = Vec::with_capacity(cap.min(self.runs.len() + other.runs.len()));
        let mut values = Vec::with_capacity(runs.capacity());
        let (mut i, mut j) = (0, 0);
        while runs.len() < cap && (i < self.runs.len() || j < other.runs.len()) {
            let take_self =
                j >= other.runs.len() || (i < self.runs.len() && self.runs[i] <= other.runs[j]);
            if take_self {
                if j < other.runs.len() && self.runs[i] == other.runs[j] {
                    j += 1;
                }
                runs.push(self.runs[i]);
                values.push(self.values[i]);
                i += 1;
            } else {
                runs.push(other.runs[j]);
                values.push(other.values[j]);
                j += 1;
            }
        }
        *self = RunSamples { cap, runs, values };
    }

    /// Runs kept.
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    /// Whether no run is kept.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }
}

/// Add runs `runs` of `sim` to `acc` and their horizon values to `samples`.
pub fn sample_range(
    sim: &Simulator<'_>,
    runs: Range<u64>,
    acc: &mut Accumulator,
    samples: &mut RunSamples,
    scratch: &mut RunResult,
) {
    super::batch::run_range_with(sim, runs, acc, scratch, |r, out| {
        samples.add(r, &out.horizon)
    });
}

/// [`sample_range`] on `threads` threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn sample_parallel(
    sim: &Simulator<'_>,
    runs: Range<u64>,
    cap: usize,
    threads: usize,
    cancel: &std::sync::atomic::AtomicBool,
    progress: &(dyn Fn(u64) + Sync),
) -> (Accumulator, RunSamples) {
    let ((acc, samples, _), _) = super::batch::parallel_chunks(
        runs,
        threads,
        cancel,
        progress,
        || {
            (
                Accumulator::new(sim.plan()),
                RunSamples::new(cap),
                RunResult::default(),
            )
        },
        |(acc, samples, scratch), chunk| sample_range(sim, chunk, acc, samples, scratch),
        |(a, sa, _), (b, sb, _)| {
            // Every part was built from the same plan, so shapes always agree.
            let _ = a.merge(b);
            sa.merge(sb);
        },
    );
    (acc, samples)
}

// ---------------------------------------------------------------- Spearman

/// Ranks 1..=n of `values`, ties sharing the average of their ranks. NaN
/// sorts last.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start+1..=end; their average:
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// Pearson correlation of two equally long series; `None` when shorter than
/// 2 or when either has no spread.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let mean = |v: &[f64]| v[..n].iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Spearman's rank correlation: [`pearson`] of the [`average_ranks`].
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    pearson(&average_ranks(x), &average_ranks(y))
}

/// Rank correlations of one parameter with every horizon metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankCorrelation {
    /// Parameter name.
    pub parameter: &'static str,
    /// ρ per metric in [`TargetMetric::ALL`] order; `None` when a series
    /// has no spread (e.g. an output that never changes).
    pub rho: [Option<f64>; METRICS],
}

/// Spearman's ρ between each uncertain parameter of `sim`'s plan and each
/// horizon metric over the runs in `samples` (parameter values recomputed
/// with [`Simulator::run_parameters`]). Empty in expected mode, where
/// nothing is sampled.
pub fn rank_correlations(sim: &Simulator<'_>, samples: &RunSamples) -> Vec<RankCorrelation> {
    if sim.plan().mode != Mode::Stochastic {
        return Vec::new();
    }
    let params = uncertain_parameters(sim.plan());
    let drawn: Vec<_> = samples
        .runs
        .iter()
        .map(|r| sim.run_parameters(*r))
        .collect();
    let output_ranks: Vec<Vec<f64>> = (0..METRICS)
        .map(|k| average_ranks(&samples.values.iter().map(|v| v[k]).collect::<Vec<_>>()))
        .collect();
    params
        .into_iter()
        .map(|p| {
            let ranks = average_ranks(&drawn.iter().map(|v| v.get(p)).collect::<Vec<_>>());
            let mut rho = [None; METRICS];
            for (k, out) in output_ranks.iter().enumerate() {
                rho[k] = pearson(&ranks, out);
            }
            RankCorrelation {
                parameter: p.name(),
                rho,
            }
        })
        .collect()
}
