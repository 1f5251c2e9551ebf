//! Jobs: the work the app's Web Workers and the CLI's threads do a slice at
//! a time — a scenario's runs, a paired comparison, an allocation search —
//! and the messages that carry them.
//!
//! Each kind implements [`Job`]: it starts from an input the app can send
//! ([`Job::Input`]), advances a slice of runs at a time, and hands out a
//! mergeable partial result ([`Job::Partial`]) whenever asked. The worker's
//! loop ([`crate::worker`]), the app's pool of workers and its merger
//! (`ui::pool`, with the `web` feature), the CLI's threads ([`threads`]) and the app's
//! progress bar handle every kind through that trait, by way of the
//! registry below ([`Input`], [`Partial`], [`Task`]). Adding a kind is its
//! module and one line in the `jobs!` list at the end of this file.
//!
//! Run `r` always draws from the streams keyed by `r`, and partial results
//! merge exactly, so a job split by run ranges over any number of workers
//! or threads gives the same bits as one.
//!
//! The messages ([`Request`], [`Response`]) are serde types; the worker
//! and the app both encode them with [`crate::worker::WorkerCodec`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::scenario::{Format, Loaded, ScenarioErrors, load_text};
use crate::text::Text;

pub mod compare;
pub mod optimize;
pub mod run;
pub mod structure;
#[cfg(not(target_arch = "wasm32"))]
pub mod threads;

/// A kind of job: started from its input, advanced a slice at a time,
/// read as a partial result that merges with those of other slices.
pub trait Job: Sized {
    /// What starts the job (sent from the app to a worker).
    type Input: Clone + std::fmt::Debug + PartialEq + Serialize + for<'de> Deserialize<'de>;
    /// What the job has found so far; partial results of disjoint run
    /// ranges merge into that of their union ([`Job::merge`]).
    type Partial: Clone + std::fmt::Debug + PartialEq + Serialize + for<'de> Deserialize<'de>;

    /// Whether the runs can be cut into ranges done by different workers or
    /// threads (false for a search, whose steps depend on each other).
    const SPLITS: bool;

    /// Prepare runs `runs` of the job (all of them when `None`); the
    /// message says what is wrong with the input.
    fn start(input: &Self::Input, runs: Option<Range<u64>>) -> Result<Self, Text>;

    /// All the runs of the job `input` describes, for splitting it.
    fn runs(input: &Self::Input) -> Result<u64, Text>;

    /// Add runs `runs` to the work still to do (the CLI's threads hand a
    /// job one chunk after another); what was done so far is kept.
    fn extend(&mut self, runs: Range<u64>);

    /// Do at most about `max_runs` more runs.
    fn advance(&mut self, max_runs: u64) -> Result<(), Text>;

    /// Runs done and runs asked for.
    fn progress(&self) -> (u64, u64);

    /// Whether the work asked for is done.
    fn finished(&self) -> bool;

    /// The result so far; `last` for the final one, which may carry what
    /// is only sent once (the per-run samples of a run).
    fn partial(&self, last: bool) -> Self::Partial;

    /// Merge `other`, from a disjoint range of runs, into `into`.
    fn merge(into: &mut Self::Partial, other: &Self::Partial) -> Result<(), Text>;
}

/// The run indices of a job and how far it has got.
#[derive(Clone, Debug)]
pub struct Cursor {
    runs: Range<u64>,
    next: u64,
    /// Runs done in ranges handed over before `runs`.
    before: u64,
    /// Runs asked for in ranges handed over before `runs`.
    asked_before: u64,
}

impl Cursor {
    /// `runs` (empty if reversed), none done.
    pub fn new(runs: Range<u64>) -> Cursor {
        let runs = runs.start.min(runs.end)..runs.end;
        Cursor {
            next: runs.start,
            runs,
            before: 0,
            asked_before: 0,
        }
    }

    /// Go on with `runs` once the current range is done.
    pub fn extend(&mut self, runs: Range<u64>) {
        self.before = self.done();
        self.asked_before = self.total();
        *self = Cursor {
            before: self.before,
            asked_before: self.asked_before,
            ..Cursor::new(runs)
        };
    }

    /// The next at most `max_runs` runs, counted as done.
    pub fn take(&mut self, max_runs: u64) -> Range<u64> {
        let start = self.next;
        self.next = self.runs.end.min(start.saturating_add(max_runs));
        start..self.next
    }

    /// Runs done.
    pub fn done(&self) -> u64 {
        self.before + (self.next - self.runs.start)
    }

    /// Runs asked for.
    pub fn total(&self) -> u64 {
        self.asked_before + (self.runs.end - self.runs.start)
    }

    /// Whether every run asked for is done.
    pub fn finished(&self) -> bool {
        self.next >= self.runs.end
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

/// A message from the app to a worker.
// One message per job and worker: the size of a `Cancel` does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Start job `job`: runs `runs` of it (all when `None`). Replaces any
    /// job in progress.
    Start {
        /// Identifies the job in the answers.
        job: u64,
        /// What to do.
        input: Input,
        /// Run indices to do; `None` for all of them.
        runs: Option<Range<u64>>,
    },
    /// Stop job `job` after the slice in progress.
    Cancel {
        /// The job to stop.
        job: u64,
    },
}

/// A message from a worker to the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// Where job `job` stands (sent a few times a second).
    Progress {
        /// The job.
        job: u64,
        /// Runs done.
        done: u64,
        /// Runs asked for.
        total: u64,
        /// The result so far.
        partial: Partial,
    },
    /// Job `job` ended: every run done, or cancelled after `done`.
    Finished {
        /// The job.
        job: u64,
        /// Runs done.
        done: u64,
        /// Runs asked for.
        total: u64,
        /// Whether it was cancelled before the end.
        cancelled: bool,
        /// The final result.
        partial: Partial,
    },
    /// The job could not start or go on; `message` says why, in both
    /// languages of the interface.
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
            | Response::Failed { job, .. } => *job,
        }
    }
}

/// The registry: one line per kind, `Name(module::Type)`, gives the
/// [`Input`], [`Partial`] and [`Task`] enums that carry any kind.
macro_rules! jobs {
    ($($(#[$doc:meta])* $name:ident($job:ty),)+) => {
        /// The input of any kind of job.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub enum Input {
            $($(#[$doc])* $name(<$job as Job>::Input),)+
        }

        /// The partial result of any kind of job.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub enum Partial {
            $($(#[$doc])* $name(<$job as Job>::Partial),)+
        }

        /// A job of any kind, in progress.
        #[derive(Debug)]
        pub enum Task {
            $($(#[$doc])* $name(Box<$job>),)+
        }

        impl Input {
            /// Whether the job's runs can be split over workers.
            pub fn splits(&self) -> bool {
                match self {
                    $(Input::$name(_) => <$job as Job>::SPLITS,)+
                }
            }

            /// All the runs of the job.
            pub fn runs(&self) -> Result<u64, Text> {
                match self {
                    $(Input::$name(i) => <$job as Job>::runs(i),)+
                }
            }
        }

        impl Partial {
            /// Merge `other`, from a disjoint range of runs of the same
            /// job, into this one.
            pub fn merge(&mut self, other: &Partial) -> Result<(), Text> {
                match (self, other) {
                    $((Partial::$name(a), Partial::$name(b)) => <$job as Job>::merge(a, b),)+
                    #[allow(unreachable_patterns)]
                    _ => Err(Text::new(
                        "internal error: results of different kinds of job",
                        "内部エラー：種類の異なる計算の結果です",
                    )),
                }
            }
        }

        impl Task {
            /// Start runs `runs` of the job `input` describes.
            pub fn start(input: &Input, runs: Option<Range<u64>>) -> Result<Task, Text> {
                Ok(match input {
                    $(Input::$name(i) => Task::$name(Box::new(<$job as Job>::start(i, runs)?)),)+
                })
            }

            /// Do at most about `max_runs` more runs.
            pub fn advance(&mut self, max_runs: u64) -> Result<(), Text> {
                match self {
                    $(Task::$name(j) => j.advance(max_runs),)+
                }
            }

            /// Runs done and asked for.
            pub fn progress(&self) -> (u64, u64) {
                match self {
                    $(Task::$name(j) => j.progress(),)+
                }
            }

            /// Whether the job is over.
            pub fn finished(&self) -> bool {
                match self {
                    $(Task::$name(j) => j.finished(),)+
                }
            }

            /// The result so far (`last`: the final one).
            pub fn partial(&self, last: bool) -> Partial {
                match self {
                    $(Task::$name(j) => Partial::$name(j.partial(last)),)+
                }
            }
        }
    };
}

impl Task {
    /// The answer that says where job `id` stands.
    pub fn progress_response(&self, id: u64) -> Response {
        let (done, total) = self.progress();
        Response::Progress {
            job: id,
            done,
            total,
            partial: self.partial(false),
        }
    }

    /// The final answer of job `id`.
    pub fn finish(&self, id: u64, cancelled: bool) -> Response {
        let (done, total) = self.progress();
        Response::Finished {
            job: id,
            done,
            total,
            cancelled,
            partial: self.partial(true),
        }
    }
}

jobs! {
    /// Runs of one scenario.
    Run(run::RunJob),
    /// A paired comparison of 2–4 scenarios.
    Compare(compare::CompareJob),
    /// An allocation search.
    Optimize(optimize::OptimizeJob),
    /// A scenario under every model structure.
    Structure(structure::StructureJob),
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn a_cursor_counts_ranges_handed_over_one_after_another() {
        let mut c = Cursor::new(10..20);
        assert_eq!(c.take(4), 10..14);
        assert_eq!((c.done(), c.total(), c.finished()), (4, 10, false));
        assert_eq!(c.take(100), 14..20);
        assert!(c.finished());
        c.extend(40..43);
        assert_eq!((c.done(), c.total(), c.finished()), (10, 13, false));
        assert_eq!(c.take(100), 40..43);
        assert_eq!((c.done(), c.total(), c.finished()), (13, 13, true));
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = Cursor::new(5..2);
        assert_eq!((reversed.total(), reversed.finished()), (0, true));
    }
}
