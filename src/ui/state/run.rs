//! Runs of the scenario being edited: the run in progress, the scenario it
//! runs, and the results on the dashboard (partial while runs come in).

use std::rc::Rc;

use crate::job::run::Correlations;
use crate::report::{Report, build_report};
use crate::scenario::Loaded;
use crate::sim::Accumulator;

/// A run in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Running {
    /// Job id.
    pub job: u64,
    /// Runs done.
    pub done: u64,
    /// Runs asked for.
    pub total: u64,
    /// When it started (ms).
    pub started_ms: f64,
    /// When the last progress came (ms).
    pub now_ms: f64,
}

impl Running {
    /// Estimated milliseconds left.
    pub fn ms_left(&self) -> Option<f64> {
        if self.done == 0 {
            return None;
        }
        let per_run = (self.now_ms - self.started_ms) / self.done as f64;
        Some(per_run * (self.total - self.done) as f64)
    }
}

/// Results on the dashboard.
#[derive(Clone, Debug)]
pub struct Results {
    /// The report (docs/model.md §8).
    pub report: Report,
    /// The summaries it was built from.
    pub summary: Accumulator,
    /// Whether more runs are coming.
    pub partial: bool,
    /// Whether the run was cancelled before the end.
    pub cancelled: bool,
    /// The scenario that was run (TOML), for the share link of these results.
    pub scenario_toml: String,
    /// Spearman's ρ of the sampled parameters with the outputs, once the
    /// run has ended.
    pub correlations: Option<Rc<Correlations>>,
}

/// The runs of the scenario and their results.
#[derive(Clone, Debug, Default)]
pub struct RunState {
    /// The run in progress, if any.
    pub running: Option<Running>,
    /// The scenario of the run in progress or of the results shown.
    pub loaded: Option<Rc<Loaded>>,
    /// Results shown.
    pub results: Option<Rc<Results>>,
}

impl RunState {
    /// Whether job `job` is the run in progress.
    pub fn owns(&self, job: u64) -> bool {
        self.running.as_ref().is_some_and(|r| r.job == job)
    }

    /// Run `job` of `loaded` was sent to the worker at `now_ms`, for
    /// `total` runs.
    pub fn start(&mut self, job: u64, total: u64, now_ms: f64, loaded: Option<Loaded>) {
        self.loaded = loaded.map(Rc::new);
        self.running = Some(Running {
            job,
            done: 0,
            total,
            started_ms: now_ms,
            now_ms,
        });
    }

    /// `done` runs of `job` are summarised in `summary` at `now_ms`.
    pub fn progress(&mut self, job: u64, done: u64, summary: Accumulator, now_ms: f64) {
        if let Some(r) = self.running.as_mut().filter(|r| r.job == job) {
            r.done = done;
            r.now_ms = now_ms;
            self.set_results(summary, true, false, None);
        }
    }

    /// Run `job` ended (or was cancelled) with `summary`; a run that ended
    /// before any run was done shows nothing.
    pub fn finish(
        &mut self,
        job: u64,
        cancelled: bool,
        summary: Accumulator,
        correlations: Option<Box<Correlations>>,
    ) {
        if self.owns(job) {
            self.running = None;
            if summary.runs > 0 {
                let correlations = correlations.map(|c| Rc::new(*c));
                self.set_results(summary, false, cancelled, correlations);
            }
        }
    }

    fn set_results(
        &mut self,
        summary: Accumulator,
        partial: bool,
        cancelled: bool,
        correlations: Option<Rc<Correlations>>,
    ) {
        let Some(loaded) = &self.loaded else {
            return;
        };
        let report = build_report(
            &loaded.plan,
            loaded.info.clone(),
            &summary,
            loaded.warnings.clone(),
        );
        let scenario_toml = loaded.scenario.to_toml();
        self.results = Some(Rc::new(Results {
            report,
            summary,
            partial,
            cancelled,
            scenario_toml,
            correlations,
        }));
    }
}
