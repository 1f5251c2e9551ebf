//! The [`Optimizer`]: the iterations of the search (candidates drawn from
//! the evolution strategy and the spread rule probabilities, run on common
//! random numbers, the better half moving the search), then the
//! validation of the best split and the start on fresh runs.

use crate::model::LINE_COUNT;
use std::ops::Range;

use crate::model::budget::{BudgetLine, Lines};
use crate::scenario::plan::{Mode, Plan};
use crate::scenario::resolve::{Loaded, resolve};
use crate::scenario::schema::{Basis, Scenario, Spread};
use crate::sim::draw::standard_normal_from_uniform;
use crate::sim::run::{RunResult, Simulator};
use crate::sim::stream::{NO_WARD, Purpose, hash_name, nth, stream_key, unit_open};

use super::allocation::{Allocation, SPREADS, project_onto_bounded_simplex, round_shares};
use super::cma::SepCma;
use super::error::OptimizeError;
use super::estimate::{estimate, paired_difference};
use super::horizon::HorizonComparison;
use super::margin::MarginReport;
use super::report::{AllocationReport, IterationReport, OptimizeProgress, OptimizeReport};
use super::score::{Measure, Scores, Tally};
use super::settings::OptimizeSettings;
use super::{SMOOTHING, VALIDATION_FIRST_RUN};

/// Smallest probability of a spread rule in the search.
const MIN_SPREAD_PROBABILITY: f64 = 0.02;

/// An allocation to evaluate and the plan it resolves to.
#[derive(Clone, Debug)]
struct Job {
    allocation: Allocation,
    plan: Plan,
    runs: Range<u64>,
}

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Search,
    Validate,
    Done,
}

/// A search in progress. Drive it with [`Optimizer::step`] (a slice of runs
/// at a time: the browser worker) or [`Optimizer::run_parallel`] (threads:
/// the CLI); both give the same bits.
#[derive(Debug)]
pub struct Optimizer {
    scenario: Scenario,
    loaded: Loaded,
    settings: OptimizeSettings,
    measure: Measure,
    total: f64,
    start: Allocation,
    cma: SepCma,
    spread_probabilities: [f64; 4],
    iteration: usize,
    phase: Phase,
    jobs: Vec<Job>,
    results: Vec<Scores>,
    /// Job being stepped through and its next run.
    cursor: (usize, u64),
    best: Option<(Allocation, f64, f64)>,
    history: Vec<IterationReport>,
    runs_done: u64,
    report: Option<OptimizeReport>,
}

impl Optimizer {
    /// Prepare a search from a loaded scenario.
    pub fn new(loaded: &Loaded, mut settings: OptimizeSettings) -> Result<Self, OptimizeError> {
        settings.bounds.check()?;
        let plan = &loaded.plan;
        // Without the online mechanism the online line buys nothing: the
        // search keeps it at 0.
        if !plan.model.mechanisms.online {
            settings.bounds.lower.set(BudgetLine::Online, 0.0);
            settings.bounds.upper.set(BudgetLine::Online, 0.0);
        }
        let measure = Measure::for_objective(&settings.objective, plan)?;
        if plan.mode == Mode::Expected && settings.objective.is_probability() {
            return Err(OptimizeError::ExpectedProbability(settings.objective.key()));
        }
        settings.check_ranges()?;
        let first_fy = plan_total(plan, 0);
        let total = settings.total.unwrap_or(first_fy.total());
        if !(total.is_finite() && total > 0.0 && total <= 1e15) {
            return Err(OptimizeError::Total(total));
        }
        let start_shares = if first_fy.total() > 0.0 {
            first_fy.0.map(|x| x / first_fy.total())
        } else {
            [1.0 / LINE_COUNT as f64; LINE_COUNT]
        };
        let start_spread = match &loaded.scenario.budget.basis {
            Basis::Total { spread, .. } => *spread,
            Basis::StatusQuo => Spread::StatusQuo,
        };
        let bounds = settings.bounds;
        let cma = SepCma::new(
            project_onto_bounded_simplex(&start_shares, &bounds),
            bounds,
            settings.candidates,
        );
        let spread_probabilities = if settings.search_spread {
            [0.25; 4]
        } else {
            SPREADS.map(|s| f64::from(u8::from(s == start_spread)))
        };
        // Runs with one thread are exactly what the plan's runs would be:
        // the search uses the plan's own seed and runs 0…n−1.
        let mut scenario = loaded.scenario.clone();
        scenario.budget.scale.clear();
        scenario.budget.set.clear();
        let mut opt = Optimizer {
            scenario,
            loaded: loaded.clone(),
            measure,
            total,
            start: Allocation {
                shares: Lines(start_shares),
                spread: start_spread,
            },
            cma,
            spread_probabilities,
            iteration: 0,
            phase: Phase::Search,
            jobs: Vec::new(),
            results: Vec::new(),
            cursor: (0, 0),
            best: None,
            history: Vec::new(),
            runs_done: 0,
            report: None,
            settings,
        };
        opt.jobs = opt.search_jobs()?;
        opt.results = vec![Scores::default(); opt.jobs.len()];
        Ok(opt)
    }

    /// Runs the whole search takes.
    pub fn runs_total(&self) -> u64 {
        let s = &self.settings;
        s.iterations as u64 * s.candidates as u64 * self.runs_per_job() + 2 * self.validation_runs()
    }

    fn runs_per_job(&self) -> u64 {
        if self.loaded.plan.mode == Mode::Expected {
            1
        } else {
            self.settings.runs_per_candidate
        }
    }

    fn validation_runs(&self) -> u64 {
        if self.loaded.plan.mode == Mode::Expected {
            1
        } else {
            self.settings.validation_runs
        }
    }

    /// The plan of an allocation at the search's total.
    fn plan_for(&self, allocation: &Allocation) -> Result<Plan, OptimizeError> {
        let scenario = self.scenario_for(allocation);
        let source = self.loaded.info.name.clone();
        Ok(resolve(scenario, self.loaded.ward_data.clone(), &source)?.plan)
    }

    /// The candidates of the current iteration.
    fn search_jobs(&self) -> Result<Vec<Job>, OptimizeError> {
        let key = stream_key(
            self.loaded.plan.seed,
            self.iteration as u64,
            NO_WARD,
            Purpose::Parameter(hash_name("optimizer")),
        );
        let mut draw = 0u64;
        let mut uniform = || {
            draw += 1;
            unit_open(nth(key, draw))
        };
        let runs = 0..self.runs_per_job();
        let mut jobs = Vec::with_capacity(self.settings.candidates);
        for c in 0..self.settings.candidates {
            let shares = if c == 0 {
                self.cma.mean
            } else {
                let z: [f64; LINE_COUNT] =
                    std::array::from_fn(|_| standard_normal_from_uniform(uniform()));
                self.cma.sample(&z)
            };
            let spread = if c == 0 {
                SPREADS[argmax(&self.spread_probabilities)]
            } else {
                let u = uniform();
                let mut acc = 0.0;
                let mut chosen = SPREADS[3];
                for (s, p) in SPREADS.iter().zip(self.spread_probabilities) {
                    acc += p;
                    if u < acc {
                        chosen = *s;
                        break;
                    }
                }
                if self
                    .spread_probabilities
                    .iter()
                    .filter(|p| **p > 0.0)
                    .count()
                    == 1
                {
                    chosen = SPREADS[argmax(&self.spread_probabilities)];
                }
                chosen
            };
            let allocation = Allocation {
                shares: Lines(shares),
                spread,
            };
            jobs.push(Job {
                plan: self.plan_for(&allocation)?,
                allocation,
                runs: runs.clone(),
            });
        }
        Ok(jobs)
    }

    /// The per-run objective terms of one job's runs `runs`.
    fn evaluate(&self, job: &Job, runs: Range<u64>) -> Scores {
        let sim = Simulator::new(&job.plan);
        let months = job.plan.months();
        // Runs stepped together fill the vector lanes (one ward of eight or
        // four runs per block).
        let mut outs = vec![RunResult::default(); sim.group_size()];
        let mut scores = Vec::with_capacity((runs.end - runs.start) as usize);
        // Only the validation runs are reported beside the objective.
        let validating = self.phase == Phase::Validate;
        let mut tally = Tally::default();
        for group in crate::sim::batch::groups(runs, outs.len()) {
            sim.run_group(&group, &mut outs);
            for out in &outs[..group.len()] {
                scores.push(self.measure.score(out, months));
                if validating {
                    tally.add(&job.plan.targets, out);
                }
            }
        }
        Scores(scores, tally)
    }

    /// Rank key: larger is better.
    fn rank(&self, scores: &Scores) -> (f64, f64) {
        let v = scores.value();
        let primary = if self.settings.objective.maximise() {
            v
        } else {
            -v
        };
        (primary, scores.mean_margin())
    }

    /// All jobs of the phase are evaluated: move on.
    fn finish_phase(&mut self) -> Result<(), OptimizeError> {
        match self.phase {
            Phase::Search => {
                self.finish_iteration();
                if self.iteration < self.settings.iterations {
                    self.jobs = self.search_jobs()?;
                } else {
                    self.start_validation()?;
                }
            }
            Phase::Validate => {
                self.report = Some(self.build_report()?);
                self.phase = Phase::Done;
                self.jobs.clear();
            }
            Phase::Done => {}
        }
        self.results = vec![Scores::default(); self.jobs.len()];
        self.cursor = (0, 0);
        Ok(())
    }

    /// The candidates of an iteration are evaluated: keep the best seen,
    /// move the search distribution (and the spread rule probabilities) to
    /// the better half, and record the iteration.
    fn finish_iteration(&mut self) {
        let mut order: Vec<usize> = (0..self.jobs.len()).collect();
        let ranks: Vec<(f64, f64)> = self.results.iter().map(|s| self.rank(s)).collect();
        order.sort_by(|&i, &j| {
            ranks[j]
                .partial_cmp(&ranks[i])
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(i.cmp(&j))
        });
        let top = order[0];
        let better = match &self.best {
            None => true,
            Some((_, p, m)) => ranks[top] > (*p, *m),
        };
        if better {
            self.best = Some((self.jobs[top].allocation, ranks[top].0, ranks[top].1));
        }
        let parents = self.cma.parents();
        let elite: Vec<&Allocation> = order[..parents]
            .iter()
            .map(|&i| &self.jobs[i].allocation)
            .collect();
        let n = elite.len() as f64;
        let ranked: Vec<[f64; LINE_COUNT]> = elite.iter().map(|a| a.shares.0).collect();
        self.cma.update(&ranked);
        if self.settings.search_spread {
            for (k, s) in SPREADS.iter().enumerate() {
                let freq = elite.iter().filter(|a| a.spread == *s).count() as f64 / n;
                self.spread_probabilities[k] = ((1.0 - SMOOTHING) * self.spread_probabilities[k]
                    + SMOOTHING * freq)
                    .max(MIN_SPREAD_PROBABILITY);
            }
            let sum: f64 = self.spread_probabilities.iter().sum();
            self.spread_probabilities.iter_mut().for_each(|p| *p /= sum);
        }
        let best_here = self.results[top].value();
        self.iteration += 1;
        self.history.push(IterationReport {
            iteration: self.iteration,
            best: best_here,
            mean_shares: Lines(self.cma.mean),
            sd_shares: Lines(self.cma.sd()),
        });
    }

    /// The search is over: validate the best split and the start on the
    /// same fresh runs.
    fn start_validation(&mut self) -> Result<(), OptimizeError> {
        self.phase = Phase::Validate;
        let best = self.best_allocation();
        let runs = VALIDATION_FIRST_RUN..VALIDATION_FIRST_RUN + self.validation_runs();
        self.jobs = vec![
            Job {
                plan: self.loaded.plan.clone(),
                allocation: self.start,
                runs: runs.clone(),
            },
            Job {
                plan: self.plan_for(&best)?,
                allocation: best,
                runs,
            },
        ];
        Ok(())
    }

    /// The best allocation with shares rounded for the saved scenario.
    fn best_allocation(&self) -> Allocation {
        let best = self.best.map_or(self.start, |b| b.0);
        Allocation {
            shares: Lines(round_shares(&best.shares.0, &self.settings.bounds)),
            spread: best.spread,
        }
    }

    /// The scenario of an allocation at the search's total.
    fn scenario_for(&self, allocation: &Allocation) -> Scenario {
        let mut scenario = self.scenario.clone();
        scenario.budget.basis = Basis::Total {
            amounts: vec![self.total],
            shares: Some(allocation.shares),
            shift: None,
            spread: allocation.spread,
        };
        scenario
    }

    /// The best split as a scenario of its own, named and described as
    /// the optimiser's result.
    fn saved_scenario(&self, best: &Allocation) -> Scenario {
        let mut saved = self.scenario_for(best);
        saved.name = format!("{}-optimised", self.loaded.scenario.name);
        saved.title = Some(format!(
            "{} — optimised split ({})",
            self.loaded.info.title,
            self.settings.objective.key()
        ));
        saved.title_ja = Some(format!("{}（配分の最適化）", self.loaded.info.title_ja));
        saved.description = format!(
            "The split of ¥{:.0} a year found by the allocation optimiser for objective {} from '{}'.",
            self.total,
            self.settings.objective.key(),
            self.loaded.scenario.name
        );
        saved.description_ja = Some(format!(
            "「{}」を出発点に、目的「{}」で年{:.0}円の配分を最適化した結果。",
            self.loaded.info.title_ja,
            self.settings.objective.key(),
            self.total
        ));
        saved
    }

    /// The report of the finished search, from the validation runs.
    fn build_report(&self) -> Result<OptimizeReport, OptimizeError> {
        let probability = self.settings.objective.is_probability();
        let (start_scores, best_scores) = (&self.results[0], &self.results[1]);
        let best = self.jobs[1].allocation;
        let saved = self.saved_scenario(&best);
        let yen = |plan: &Plan| plan_total(plan, 0);
        let (start_objective, best_objective) = (
            estimate(start_scores, probability),
            estimate(best_scores, probability),
        );
        let margin = match &self.measure {
            Measure::Targets(targets) => Some(MarginReport::new(
                targets,
                start_scores,
                best_scores,
                (start_objective.value, best_objective.value),
            )),
            _ => None,
        };
        Ok(OptimizeReport {
            model_version: crate::MODEL_VERSION,
            scenario: self.loaded.scenario.name.clone(),
            objective: self.settings.objective.clone(),
            maximise: self.settings.objective.maximise(),
            total: self.total,
            bounds: self.settings.bounds,
            search_spread: self.settings.search_spread,
            seed: self.loaded.plan.seed,
            iterations: self.settings.iterations,
            candidates: self.settings.candidates,
            runs_per_candidate: self.runs_per_job(),
            validation_runs: self.validation_runs(),
            validation_first_run: VALIDATION_FIRST_RUN,
            runs_done: self.runs_done,
            start: AllocationReport {
                allocation: self.start,
                yen: yen(&self.jobs[0].plan),
                objective: start_objective,
            },
            best: AllocationReport {
                allocation: best,
                yen: yen(&self.jobs[1].plan),
                objective: best_objective,
            },
            difference: paired_difference(start_scores, best_scores),
            horizon: HorizonComparison::new(
                &self.loaded.plan.targets,
                &start_scores.1,
                &best_scores.1,
            ),
            margin,
            history: self.history.clone(),
            scenario_toml: saved.to_toml(),
        })
    }

    /// Evaluate up to `max_runs` runs, in order. Returns whether the search
    /// is finished.
    pub fn step(&mut self, max_runs: u64) -> Result<bool, OptimizeError> {
        let mut budget = max_runs.max(1);
        while self.phase != Phase::Done && budget > 0 {
            let (j, next) = self.cursor;
            let job = &self.jobs[j];
            let end = job.runs.end.min(job.runs.start + next + budget);
            let from = job.runs.start + next;
            let scores = self.evaluate(job, from..end);
            let done = end - from;
            self.results[j].0.extend(scores.0);
            self.results[j].1.merge(&scores.1);
            self.runs_done += done;
            budget -= done;
            if end == self.jobs[j].runs.end {
                self.cursor = (j + 1, 0);
                if j + 1 == self.jobs.len() {
                    self.finish_phase()?;
                }
            } else {
                self.cursor = (j, next + done);
            }
        }
        Ok(self.phase == Phase::Done)
    }

    /// Run the search to the end on `threads` threads (the jobs of a phase
    /// side by side). `progress` is called after each phase; returning
    /// `false` from it stops the search (the result is then `None`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn run_parallel(
        &mut self,
        threads: usize,
        mut progress: impl FnMut(&OptimizeProgress) -> bool,
    ) -> Result<Option<&OptimizeReport>, OptimizeError> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        while self.phase != Phase::Done {
            let next = AtomicUsize::new(0);
            let jobs = &self.jobs;
            let this = &*self;
            let mut results: Vec<(usize, Scores)> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads.clamp(1, jobs.len().max(1)))
                    .map(|_| {
                        scope.spawn(|| {
                            let mut mine = Vec::new();
                            loop {
                                let j = next.fetch_add(1, Ordering::Relaxed);
                                let Some(job) = jobs.get(j) else { break };
                                mine.push((j, this.evaluate(job, job.runs.clone())));
                            }
                            mine
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            });
            results.sort_by_key(|(j, _)| *j);
            self.runs_done += results.iter().map(|(_, s)| s.0.len() as u64).sum::<u64>();
            self.results = results.into_iter().map(|(_, s)| s).collect();
            self.finish_phase()?;
            if !progress(&self.progress()) {
                return Ok(None);
            }
        }
        Ok(self.report.as_ref())
    }

    /// Where the search stands.
    pub fn progress(&self) -> OptimizeProgress {
        OptimizeProgress {
            runs_done: self.runs_done,
            runs_total: self.runs_total(),
            iteration: self.iteration,
            best: self.best.map(|(a, primary, _)| {
                (
                    a,
                    if self.settings.objective.maximise() {
                        primary
                    } else {
                        -primary
                    },
                )
            }),
            history: self.history.clone(),
        }
    }

    /// The result, once the search is finished.
    pub fn report(&self) -> Option<&OptimizeReport> {
        self.report.as_ref()
    }
}

fn argmax(p: &[f64; 4]) -> usize {
    (0..4).fold(0, |best, i| if p[i] > p[best] { i } else { best })
}

/// Sums over wards of each line in FY index `y`.
fn plan_total(plan: &Plan, y: usize) -> Lines {
    let mut sum = Lines::default();
    for w in &plan.wards {
        if let Some(l) = w.budget.get(y) {
            for line in BudgetLine::ALL {
                sum.set(line, sum.get(line) + l.get(line));
            }
        }
    }
    sum
}
