//! The structure comparison in the sensitivity tab (docs/model.md §9.7):
//! the scenario being edited run paired under every model structure, the
//! comparison in progress and its report, built from the summaries the
//! workers send.

use std::rc::Rc;

use crate::job::structure::{DEFAULT_STRUCTURE_RUNS, StructureJob};
use crate::report::structure::{StructureReport, build_structure_report};
use crate::scenario::Loaded;
use crate::sim::Accumulator;
use crate::text::Text;

/// A structure comparison in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Structuring {
    /// Job id.
    pub job: u64,
    /// Runs per structure done.
    pub done: u64,
    /// Runs per structure asked for.
    pub total: u64,
}

/// The structure comparison's report and how complete it is.
#[derive(Clone, Debug)]
pub struct StructureResult {
    /// The report.
    pub report: StructureReport,
    /// The scenario that was run (TOML), to tell when it no longer is the
    /// one being edited.
    pub scenario_toml: String,
    /// Whether more runs are coming.
    pub partial: bool,
    /// Whether it was cancelled before the end.
    pub cancelled: bool,
}

/// The structure comparison's part of the state.
#[derive(Clone, Debug, Default)]
pub struct StructureState {
    /// The comparison in progress.
    pub running: Option<Structuring>,
    /// The scenario of the comparison in progress or shown, and its text.
    pub loaded: Option<(Rc<Loaded>, String)>,
    /// The last report.
    pub result: Option<Rc<StructureResult>>,
    /// Why the last comparison failed.
    pub error: Option<Text>,
}

/// What changes the structure comparison.
#[derive(Clone, Debug)]
pub enum StructureAction {
    /// A comparison was sent to the workers.
    Started {
        /// Job id.
        job: u64,
        /// The scenario run.
        loaded: Rc<Loaded>,
        /// Its text (TOML).
        toml: String,
        /// Runs per structure.
        runs: u64,
    },
    /// Partial summaries came in, one per structure.
    Progress {
        /// Job id.
        job: u64,
        /// Runs per structure done, over all workers.
        done: u64,
        /// Summaries so far.
        summaries: Vec<Accumulator>,
    },
    /// The comparison ended.
    Finished {
        /// Job id.
        job: u64,
        /// Whether it was cancelled.
        cancelled: bool,
        /// Summaries.
        summaries: Vec<Accumulator>,
    },
}

/// Runs per structure for a scenario of `runs` runs: at most
/// [`DEFAULT_STRUCTURE_RUNS`], as `sasaeai structure` does by default.
pub fn structure_runs(runs: u64) -> u64 {
    runs.min(DEFAULT_STRUCTURE_RUNS)
}

impl StructureState {
    /// Whether job `job` is the structure comparison.
    pub fn owns(&self, job: u64) -> bool {
        self.running.is_some_and(|r| r.job == job)
    }

    /// Apply an action.
    pub fn apply(&mut self, action: StructureAction) {
        match action {
            StructureAction::Started {
                job,
                loaded,
                toml,
                runs,
            } => {
                self.running = Some(Structuring {
                    job,
                    done: 0,
                    total: runs,
                });
                self.loaded = Some((loaded, toml));
                self.error = None;
            }
            StructureAction::Progress {
                job,
                done,
                summaries,
            } => {
                if let Some(r) = self.running.as_mut().filter(|r| r.job == job) {
                    r.done = done;
                    self.set_result(summaries, true, false);
                }
            }
            StructureAction::Finished {
                job,
                cancelled,
                summaries,
            } => {
                if self.owns(job) {
                    self.running = None;
                    if summaries.first().is_some_and(|a| a.runs > 0) {
                        self.set_result(summaries, false, cancelled);
                    }
                }
            }
        }
    }

    /// The comparison failed in a worker.
    pub fn fail(&mut self, message: Text) {
        self.running = None;
        self.error = Some(message);
    }

    fn set_result(&mut self, summaries: Vec<Accumulator>, partial: bool, cancelled: bool) {
        let Some((loaded, toml)) = &self.loaded else {
            return;
        };
        let results = StructureJob::results(summaries);
        let report = build_structure_report(&loaded.plan, loaded.info.clone(), &results);
        self.result = Some(Rc::new(StructureResult {
            report,
            scenario_toml: toml.clone(),
            partial,
            cancelled,
        }));
    }
}
