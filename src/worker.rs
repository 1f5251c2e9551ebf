//! The simulation worker: the protocol between the browser app and its Web
//! Worker, the jobs it runs in slices (a scenario's runs, an allocation
//! search), and the gloo-worker reactor that drives them (registered by
//! `src/bin/worker.rs`).
//!
//! The app sends the scenario as text, exactly as it would be saved, so the
//! worker parses, validates and resolves it with the same code as the CLI:
//! the same scenario and seed give the same numbers in both. The worker
//! answers with the streaming summaries ([`Accumulator`]) of the runs done so
//! far; the app builds the report from them on its side. Summaries merge
//! exactly, so a pool of workers can split the runs by index ranges.
//!
//! Between slices the reactor yields to the event loop, so a `Cancel` (or a
//! new `Run`, which replaces the current job) is seen within one slice.
//!
//! A paired comparison (`Compare`) runs 2–4 scenarios with the first one's
//! seed, run by run (common random numbers, [`crate::sim::compare`]), and
//! answers with the paired summaries ([`PairedAccumulator`]). A run also
//! keeps the per-run horizon values of its first runs and sends them when
//! it ends, for the Spearman rank correlations between the sampled
//! parameters and the outputs ([`crate::sim::sensitivity`]).
//!
//! The app runs a pool of these workers ([`crate::ui::pool`]): each takes a
//! range of run indices, and the app merges their summaries and samples.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::scenario::{Bilingual, Format, Loaded, ScenarioErrors, Text, load_text};
use crate::sim::compare::{PairedAccumulator, align, compare_range};
use crate::sim::optimize::{OptimizeProgress, OptimizeReport, OptimizeSettings, Optimizer};
use crate::sim::sensitivity::{MAX_RUN_SAMPLES, RunSamples, rank_correlations, sample_range};
use crate::sim::{Accumulator, Plan, RunResult, Simulator};

/// A message from the app to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Run `runs` (a range of run indices) of the scenario in `scenario`
    /// (TOML text). Replaces any job in progress.
    Run {
        /// Identifies the job in the answers.
        job: u64,
        /// The scenario file as text (TOML).
        scenario: String,
        /// Run indices to do; `None` for all of the scenario's runs.
        runs: Option<Range<u64>>,
    },
    /// Search the budget split of the scenario in `scenario` (TOML text)
    /// with the allocation optimiser. Replaces any job in progress.
    Optimize {
        /// Identifies the job in the answers.
        job: u64,
        /// The scenario file as text (TOML).
        scenario: String,
        /// What to search and how.
        settings: OptimizeSettings,
    },
    /// Compare 2–4 scenarios (TOML texts, the first being the baseline)
    /// run by run with the baseline's seed and targets. Replaces any job in
    /// progress.
    Compare {
        /// Identifies the job in the answers.
        job: u64,
        /// The scenario files as text (TOML), baseline first.
        scenarios: Vec<String>,
        /// Run indices to do; `None` for all of the baseline's runs.
        runs: Option<Range<u64>>,
    },
    /// Stop job `job` after the slice in progress.
    Cancel {
        /// The job to stop.
        job: u64,
    },
}

/// A message from the worker to the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// Runs done so far and their summaries (partial results).
    Progress {
        /// The job.
        job: u64,
        /// Runs done.
        done: u64,
        /// Runs asked for.
        total: u64,
        /// Summaries of the runs done.
        summary: Box<Accumulator>,
    },
    /// The job ended: every run done, or cancelled after `done` runs.
    Finished {
        /// The job.
        job: u64,
        /// Runs done.
        done: u64,
        /// Runs asked for.
        total: u64,
        /// Whether it was cancelled before the end.
        cancelled: bool,
        /// Summaries of the runs done.
        summary: Box<Accumulator>,
        /// Horizon values of the first runs done (at most
        /// [`MAX_RUN_SAMPLES`]), for the rank correlations: samples of
        /// several workers' run ranges merge into those of the whole batch
        /// ([`Correlations::from_samples`]).
        samples: Box<RunSamples>,
    },
    /// Paired runs done so far and their summaries (partial results).
    CompareProgress {
        /// The job.
        job: u64,
        /// Runs done (of each scenario).
        done: u64,
        /// Runs asked for.
        total: u64,
        /// Paired summaries of the runs done.
        summary: Box<PairedAccumulator>,
    },
    /// A comparison ended: every run done, or cancelled after `done` runs.
    CompareFinished {
        /// The job.
        job: u64,
        /// Runs done (of each scenario).
        done: u64,
        /// Runs asked for.
        total: u64,
        /// Whether it was cancelled before the end.
        cancelled: bool,
        /// Paired summaries of the runs done.
        summary: Box<PairedAccumulator>,
    },
    /// Where an allocation search stands.
    OptimizeProgress {
        /// The job.
        job: u64,
        /// Runs done, best so far, iterations.
        progress: OptimizeProgress,
    },
    /// An allocation search ended: its validated result, or (cancelled)
    /// only how far it got.
    OptimizeFinished {
        /// The job.
        job: u64,
        /// Where it stopped.
        progress: OptimizeProgress,
        /// The result, unless cancelled before the validation ended.
        report: Option<Box<OptimizeReport>>,
    },
    /// The scenario could not be run; `message` says why, field by field,
    /// in both languages of the interface.
    Failed {
        /// The job.
        job: u64,
        /// What is wrong.
        message: Text,
    },
}

impl Response {
    /// The job the answer belongs to.
    pub fn job(&self) -> u64 {
        match self {
            Response::Progress { job, .. }
            | Response::Finished { job, .. }
            | Response::CompareProgress { job, .. }
            | Response::CompareFinished { job, .. }
            | Response::OptimizeProgress { job, .. }
            | Response::OptimizeFinished { job, .. }
            | Response::Failed { job, .. } => *job,
        }
    }
}

/// Load scenario text as the app and the worker both do: TOML, with the
/// built-in ward data sets or ward data written inside the scenario (a
/// browser has no files to read).
pub fn load_scenario_text(text: &str, source: &str) -> Result<Loaded, ScenarioErrors> {
    load_text(text, Format::Toml, source, &no_files)
}

/// The browser's answer to a scenario that names a ward data file: no
/// reason, which the engine reads as "this build reads no files" and says
/// so in the error.
pub fn no_files(_path: &str) -> Result<String, String> {
    Err(String::new())
}

/// The run indices of a job and how far it has got.
#[derive(Clone, Debug)]
struct Cursor {
    runs: Range<u64>,
    next: u64,
}

impl Cursor {
    /// `runs` (empty if reversed), none done.
    fn new(runs: Range<u64>) -> Cursor {
        let runs = runs.start.min(runs.end)..runs.end;
        Cursor {
            next: runs.start,
            runs,
        }
    }

    /// The next at most `max_runs` runs, counted as done.
    fn take(&mut self, max_runs: u64) -> Range<u64> {
        let start = self.next;
        self.next = self.runs.end.min(start.saturating_add(max_runs));
        start..self.next
    }

    fn done(&self) -> u64 {
        self.next - self.runs.start
    }

    fn total(&self) -> u64 {
        self.runs.end - self.runs.start
    }

    fn finished(&self) -> bool {
        self.next >= self.runs.end
    }
}

/// A batch of runs of one scenario, advanced a slice at a time.
#[derive(Debug)]
pub struct Job {
    loaded: Loaded,
    cursor: Cursor,
    summary: Accumulator,
    samples: RunSamples,
    scratch: RunResult,
}

impl Job {
    /// Prepare the runs `runs` (all of the scenario's runs when `None`) of
    /// the scenario in `text`.
    pub fn new(text: &str, runs: Option<Range<u64>>) -> Result<Job, ScenarioErrors> {
        let loaded = load_scenario_text(text, "scenario")?;
        let cursor = Cursor::new(runs.unwrap_or(0..loaded.plan.runs));
        let summary = Accumulator::new(&loaded.plan);
        Ok(Job {
            cursor,
            summary,
            samples: RunSamples::new(MAX_RUN_SAMPLES),
            scratch: RunResult::default(),
            loaded,
        })
    }

    /// Do at most `max_runs` more runs; returns how many were done.
    pub fn advance(&mut self, max_runs: u64) -> u64 {
        let slice = self.cursor.take(max_runs);
        let done = slice.end - slice.start;
        let sim = Simulator::new(&self.loaded.plan);
        sample_range(
            &sim,
            slice,
            &mut self.summary,
            &mut self.samples,
            &mut self.scratch,
        );
        done
    }

    /// Runs done.
    pub fn done(&self) -> u64 {
        self.cursor.done()
    }

    /// Runs asked for.
    pub fn total(&self) -> u64 {
        self.cursor.total()
    }

    /// Whether every run is done.
    pub fn finished(&self) -> bool {
        self.cursor.finished()
    }

    /// Summaries of the runs done so far.
    pub fn summary(&self) -> &Accumulator {
        &self.summary
    }

    /// The scenario being run.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// Horizon values of the first runs done (at most
    /// [`MAX_RUN_SAMPLES`], as `sasaeai sensitivity` keeps).
    pub fn samples(&self) -> &RunSamples {
        &self.samples
    }

    /// Spearman's ρ between each sampled parameter and every horizon
    /// output over [`Job::samples`].
    pub fn correlations(&self) -> Correlations {
        Correlations::from_samples(&self.loaded.plan, &self.samples)
    }
}

/// Rank correlations of a run, as the worker sends them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Correlations {
    /// Runs whose values entered the correlations.
    pub runs: u64,
    /// One entry per uncertain parameter, in parameter order.
    pub parameters: Vec<ParameterCorrelation>,
}

impl Correlations {
    /// Spearman's ρ between each sampled parameter of `plan` and every
    /// horizon output over the runs in `samples` (none in expected mode).
    pub fn from_samples(plan: &Plan, samples: &RunSamples) -> Correlations {
        let sim = Simulator::new(plan);
        Correlations {
            runs: samples.len() as u64,
            parameters: rank_correlations(&sim, samples)
                .into_iter()
                .map(|c| ParameterCorrelation {
                    parameter: c.parameter.to_string(),
                    rho: c.rho.to_vec(),
                })
                .collect(),
        }
    }
}

/// Spearman's ρ of one parameter with every horizon output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParameterCorrelation {
    /// Parameter name.
    pub parameter: String,
    /// ρ per output in [`crate::sim::TargetMetric::ALL`] order; `None` when
    /// not defined (no spread).
    pub rho: Vec<Option<f64>>,
}

/// A paired comparison of 2–4 scenarios advanced a slice at a time.
#[derive(Debug)]
pub struct CompareJob {
    plans: Vec<Plan>,
    cursor: Cursor,
    summary: PairedAccumulator,
    scratch: Vec<RunResult>,
}

impl CompareJob {
    /// Prepare runs `runs` (all of the baseline's runs when `None`) of the
    /// scenarios in `texts`, baseline first; the message says which
    /// scenario is wrong and why, or why they cannot be compared.
    pub fn new(texts: &[String], runs: Option<Range<u64>>) -> Result<CompareJob, Text> {
        let mut plans = Vec::with_capacity(texts.len());
        for (i, text) in texts.iter().enumerate() {
            let source = format!("scenario {}", i + 1);
            let loaded = load_scenario_text(text, &source).map_err(|e| e.text())?;
            plans.push(loaded.plan);
        }
        align(&mut plans).map_err(|e| e.text())?;
        let cursor = Cursor::new(runs.unwrap_or(0..plans[0].runs));
        Ok(CompareJob {
            cursor,
            summary: PairedAccumulator::new(&plans),
            scratch: Vec::new(),
            plans,
        })
    }

    /// Do at most `max_runs` more paired runs; returns how many were done.
    pub fn advance(&mut self, max_runs: u64) -> u64 {
        let slice = self.cursor.take(max_runs);
        let done = slice.end - slice.start;
        let sims: Vec<Simulator> = self.plans.iter().map(Simulator::new).collect();
        compare_range(&sims, slice, &mut self.summary, &mut self.scratch);
        done
    }

    /// Runs done (of each scenario).
    pub fn done(&self) -> u64 {
        self.cursor.done()
    }

    /// Runs asked for.
    pub fn total(&self) -> u64 {
        self.cursor.total()
    }

    /// Whether every run is done.
    pub fn finished(&self) -> bool {
        self.cursor.finished()
    }

    /// Paired summaries of the runs done so far.
    pub fn summary(&self) -> &PairedAccumulator {
        &self.summary
    }

    /// The aligned plans, baseline first.
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }
}

/// An allocation search advanced a slice of runs at a time.
#[derive(Debug)]
pub struct OptimizeJob {
    optimizer: Optimizer,
}

impl OptimizeJob {
    /// Prepare a search of the scenario in `text`; the message says what is
    /// wrong with the scenario or the settings.
    pub fn new(text: &str, settings: OptimizeSettings) -> Result<OptimizeJob, Text> {
        let loaded = load_scenario_text(text, "scenario").map_err(|e| e.text())?;
        let optimizer = Optimizer::new(&loaded, settings).map_err(|e| e.text())?;
        Ok(OptimizeJob { optimizer })
    }

    /// Evaluate at most `max_runs` more runs.
    pub fn advance(&mut self, max_runs: u64) -> Result<(), Text> {
        self.optimizer
            .step(max_runs)
            .map(|_| ())
            .map_err(|e| e.text())
    }

    /// Whether the search is over.
    pub fn finished(&self) -> bool {
        self.optimizer.report().is_some()
    }

    /// Where the search stands.
    pub fn progress(&self) -> OptimizeProgress {
        self.optimizer.progress()
    }

    /// The result, once finished.
    pub fn report(&self) -> Option<&OptimizeReport> {
        self.optimizer.report()
    }
}

/// Any job the worker runs.
#[derive(Debug)]
pub enum Task {
    /// Runs of a scenario.
    Run(Box<Job>),
    /// An allocation search.
    Optimize(Box<OptimizeJob>),
    /// A paired comparison.
    Compare(Box<CompareJob>),
}

impl Task {
    /// The job a request asks for (none for a cancel), or the message for
    /// the app when it cannot start.
    pub fn from_request(request: Request) -> Option<(u64, Result<Task, Text>)> {
        match request {
            Request::Run {
                job,
                scenario,
                runs,
            } => Some((
                job,
                Job::new(&scenario, runs)
                    .map(|j| Task::Run(Box::new(j)))
                    .map_err(|e| e.text()),
            )),
            Request::Optimize {
                job,
                scenario,
                settings,
            } => Some((
                job,
                OptimizeJob::new(&scenario, settings).map(|j| Task::Optimize(Box::new(j))),
            )),
            Request::Compare {
                job,
                scenarios,
                runs,
            } => Some((
                job,
                CompareJob::new(&scenarios, runs).map(|j| Task::Compare(Box::new(j))),
            )),
            Request::Cancel { .. } => None,
        }
    }

    /// Do about `max_runs` more runs.
    pub fn advance(&mut self, max_runs: u64) -> Result<(), Text> {
        match self {
            Task::Run(j) => {
                j.advance(max_runs);
                Ok(())
            }
            Task::Optimize(j) => j.advance(max_runs),
            Task::Compare(j) => {
                // Each paired run is one run of every scenario.
                let scenarios = j.plans().len() as u64;
                j.advance((max_runs / scenarios).max(1));
                Ok(())
            }
        }
    }

    /// Whether the job is over.
    pub fn finished(&self) -> bool {
        match self {
            Task::Run(j) => j.finished(),
            Task::Optimize(j) => j.finished(),
            Task::Compare(j) => j.finished(),
        }
    }

    /// The partial result to send as job `id`.
    pub fn progress(&self, id: u64) -> Response {
        match self {
            Task::Run(j) => Response::Progress {
                job: id,
                done: j.done(),
                total: j.total(),
                summary: Box::new(j.summary().clone()),
            },
            Task::Optimize(j) => Response::OptimizeProgress {
                job: id,
                progress: j.progress(),
            },
            Task::Compare(j) => Response::CompareProgress {
                job: id,
                done: j.done(),
                total: j.total(),
                summary: Box::new(j.summary().clone()),
            },
        }
    }

    /// The final answer for job `id`.
    pub fn finish(&self, id: u64, cancelled: bool) -> Response {
        match self {
            Task::Run(j) => Response::Finished {
                job: id,
                done: j.done(),
                total: j.total(),
                cancelled,
                summary: Box::new(j.summary().clone()),
                samples: Box::new(j.samples().clone()),
            },
            Task::Optimize(j) => Response::OptimizeFinished {
                job: id,
                progress: j.progress(),
                report: j.report().map(|r| Box::new(r.clone())),
            },
            Task::Compare(j) => Response::CompareFinished {
                job: id,
                done: j.done(),
                total: j.total(),
                cancelled,
                summary: Box::new(j.summary().clone()),
            },
        }
    }
}

/// The reactor registered in the worker (see `src/bin/worker.rs`).
#[cfg(target_arch = "wasm32")]
pub mod reactor {
    use futures::{FutureExt, SinkExt, StreamExt};
    use gloo_worker::reactor::{ReactorScope, reactor};

    use super::{Request, Response, Task};

    /// Milliseconds of work between two looks at the inbox.
    const SLICE_MS: f64 = 40.0;
    /// Milliseconds between two partial results sent to the app.
    const PROGRESS_MS: f64 = 250.0;

    fn now() -> f64 {
        js_sys::Date::now()
    }

    /// Let the worker's event loop deliver messages that arrived meanwhile.
    async fn yield_now() {
        gloo_timers::future::TimeoutFuture::new(0).await;
    }

    /// Runs scenarios on request, streaming partial results.
    #[reactor]
    pub async fn SimulationReactor(mut scope: ReactorScope<Request, Response>) {
        let mut pending: Option<Request> = None;
        loop {
            let request = match pending.take() {
                Some(r) => r,
                None => match scope.next().await {
                    Some(r) => r,
                    None => return,
                },
            };
            let Some((id, task)) = Task::from_request(request) else {
                continue; // a Cancel for a job that is not running
            };
            let mut job = match task {
                Ok(job) => job,
                Err(message) => {
                    let _ = scope.send(Response::Failed { job: id, message }).await;
                    continue;
                }
            };
            // Size slices by measured speed: start small, aim at SLICE_MS.
            let mut slice = 8u64;
            let mut last_progress = now();
            let mut cancelled = false;
            while !job.finished() {
                let started = now();
                if let Err(message) = job.advance(slice) {
                    let _ = scope.send(Response::Failed { job: id, message }).await;
                    cancelled = true;
                    break;
                }
                let elapsed = (now() - started).max(0.1);
                let rate = slice as f64 / elapsed;
                slice = ((rate * SLICE_MS) as u64).clamp(1, 100_000);
                if now() - last_progress >= PROGRESS_MS && !job.finished() {
                    last_progress = now();
                    if scope.send(job.progress(id)).await.is_err() {
                        return;
                    }
                }
                yield_now().await;
                while let Some(message) = scope.next().now_or_never() {
                    match message {
                        None => return,
                        Some(Request::Cancel { job }) if job == id => cancelled = true,
                        Some(Request::Cancel { .. }) => {}
                        Some(other) => {
                            pending = Some(other);
                            cancelled = true;
                        }
                    }
                }
                if cancelled {
                    break;
                }
            }
            let finished = job.finish(id, cancelled);
            if scope.send(finished).await.is_err() {
                return;
            }
        }
    }
}
