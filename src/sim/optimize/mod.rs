//! Allocation optimiser: the split of a total budget over the seven lines
//! (and optionally the rule that spreads it over wards) that does best on an
//! objective, found by an evolution strategy (separable CMA-ES) with common
//! random numbers.
//!
//! # Method
//! A candidate allocation is a vector of seven line shares inside the user's
//! bounds (`lower ≤ share ≤ upper`, shares summing to 1) and a spread rule.
//! The shares are searched with the separable CMA-ES (Ros & Hansen 2008,
//! "A simple modification in CMA-ES achieving linear time and space
//! complexity"): a normal search distribution with a diagonal covariance and
//! a global step size, the weighted mean of the better half moving the mean,
//! cumulative step-size adaptation lengthening the steps while the search
//! keeps moving one way and shortening them when it turns back. Each
//! iteration draws `candidates` allocations: the first is the current mean,
//! the others are drawn from the distribution and repaired onto the bounded
//! simplex (the nearest point in Euclidean distance,
//! [`project_onto_bounded_simplex`]); the updates use the repaired points.
//! The shares sum to 1, so the search moves in 5 dimensions, and the
//! learning rates and the expected step length are those of n = 5.
//! When the spread is searched too, each candidate's rule is drawn from a
//! categorical distribution over the four rules, and the parents move the
//! rule probabilities part of the way to their own frequencies
//! (`new = (1 − α)·old + α·parents`, α = [`SMOOTHING`]: the cross-entropy
//! method, Rubinstein & Kroese 2004).
//! Every candidate is run on the same runs `0..runs_per_candidate` of the
//! scenario's seed, so the candidates meet the same futures and their
//! differences come from the allocations (common random numbers).
//!
//! The allocation kept is the best candidate seen. Because it was picked as
//! the best of many noisy estimates, its search figure is biased upwards, so
//! the report's figure comes from a fresh validation run (run indices from
//! [`VALIDATION_FIRST_RUN`], which no search used), paired with the
//! starting scenario on the same validation runs.
//!
//! # Objectives
//! * `all-targets`: P(every target of the scenario is met at the horizon);
//! * `target:<id>`: P(that target is met);
//! * `participants`: expected participants at the horizon;
//! * `cost-per-retained`: spending over the horizon per retained
//!   participant-year (the sum over months of participants ÷ 12),
//!   a ratio of means over the runs; lower is better.
//!
//! Probabilities move in steps of 1/runs and are flat far from a target, so
//! candidates with equal probability are ranked by the mean margin by which
//! the runs miss or beat the target(s): for one target
//! `(value − threshold)/|threshold|` signed so that positive is success, and
//! for all targets the smallest of those margins in each run.
//!
//! # Intervals
//! Probabilities get Wilson score intervals; means the normal interval of
//! the mean; the ratio the delta-method interval with the linearisation
//! `(aᵣ − R·bᵣ)/b̄`. The difference from the starting scenario uses the same
//! per-run terms paired run by run. All intervals are 95 %.
//!
//! # Layout
//! `settings` reads the objective, the bounds and the search settings;
//! `error` says why a search cannot start; `allocation` holds the
//! candidates and their repair onto the bounded simplex; `cma` the
//! evolution strategy; `score` each run's contribution to the objective;
//! `estimate` the intervals; `search` the [`Optimizer`] that drives the
//! search and the validation; `report` the result and its table, with
//! `margin` (the margin to the targets) and `horizon` (every target and
//! figure side by side).

mod allocation;
mod cma;
mod error;
mod estimate;
mod horizon;
mod margin;
mod report;
mod score;
mod search;
mod settings;

pub use allocation::{Allocation, project_onto_bounded_simplex, round_shares};
pub use error::{BoundsProblem, OptimizeError};
pub use estimate::{Estimate, wilson};
pub use horizon::{FigureSides, HorizonComparison, TargetSides, WORSE_BY};
pub use margin::{BindingShare, MarginReport};
pub use report::{AllocationReport, IterationReport, OptimizeProgress, OptimizeReport};
pub use score::{RunScore, Scores, Tally, relative_margin};
pub use search::Optimizer;
pub use settings::{LineBounds, Objective, OptimizeSettings};

/// Weight of the parents in each update of the spread rule probabilities.
pub const SMOOTHING: f64 = 0.7;

/// First run index of the validation runs (far beyond any search).
pub const VALIDATION_FIRST_RUN: u64 = 1 << 40;

/// Smallest standard deviation of a share in the search.
pub(crate) const MIN_SD: f64 = 1e-4;
