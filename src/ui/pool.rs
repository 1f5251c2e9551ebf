//! A pool of simulation workers: one job's runs split by run-index ranges
//! over several Web Workers, their answers merged into the answers of the
//! whole batch.
//!
//! Run `r` always draws from the streams keyed by `r`, and summaries and
//! per-run samples merge exactly ([`Accumulator::merge`],
//! [`PairedAccumulator::merge`], [`RunSamples::merge`]), so a batch split
//! over any number of workers gives the same bits as one worker and as the
//! CLI. The state never sees the pool: [`Merger`] turns the workers'
//! answers into the same [`Action`]s a single worker's answers would be.
//!
//! Runs and comparisons are split; an allocation search runs on the first
//! worker (its steps depend on each other). Cancel goes to every worker.
//!
//! The pool has one worker per logical processor
//! (`navigator.hardwareConcurrency`), at most [`MAX_WORKERS`]; the page's
//! address can ask for another number with `?workers=N` (1 to
//! [`MAX_WORKERS`]).

use std::ops::Range;
use std::rc::Rc;

use crate::sim::compare::PairedAccumulator;
use crate::sim::optimize::OptimizeSettings;
use crate::sim::sensitivity::{MAX_RUN_SAMPLES, RunSamples};
use crate::sim::{Accumulator, Plan};
use crate::worker::{Correlations, Request, Response};

use super::compare::CompareAction;
use super::optimise::OptimiseAction;
use super::state::Action;

/// Most workers in the pool.
pub const MAX_WORKERS: usize = 8;

/// The pool size: `requested` (from `?workers=N`) if it is a whole number
/// from 1 to [`MAX_WORKERS`], otherwise the browser's logical processors
/// (`hardware`), at most [`MAX_WORKERS`], at least 1.
pub fn pool_size(requested: Option<&str>, hardware: Option<f64>) -> usize {
    if let Some(n) = requested
        .and_then(|r| r.trim().parse::<usize>().ok())
        .filter(|n| (1..=MAX_WORKERS).contains(n))
    {
        return n;
    }
    match hardware {
        Some(h) if h.is_finite() && h >= 1.0 => (h as usize).min(MAX_WORKERS),
        _ => 1,
    }
}

/// The value of `?workers=` in a URL's query string (`search`, with or
/// without its leading `?`).
pub fn workers_param(search: &str) -> Option<&str> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("workers="))
}

/// `runs` cut into `parts` contiguous ranges in order, sizes differing by
/// at most one; empty ranges are left out (fewer runs than parts), but an
/// empty batch still gives one (empty) range.
pub fn split(runs: Range<u64>, parts: usize) -> Vec<Range<u64>> {
    let total = runs.end.saturating_sub(runs.start);
    let parts = parts.max(1) as u64;
    let ranges: Vec<Range<u64>> = (0..parts)
        .map(|i| {
            let start = runs.start + (u128::from(total) * u128::from(i) / u128::from(parts)) as u64;
            let end =
                runs.start + (u128::from(total) * u128::from(i + 1) / u128::from(parts)) as u64;
            start..end
        })
        .filter(|r| r.end > r.start)
        .collect();
    if ranges.is_empty() {
        std::iter::once(runs.start..runs.start).collect()
    } else {
        ranges
    }
}

/// What one worker has sent for its part of a job.
#[derive(Debug, Default)]
struct Part {
    done: u64,
    finished: bool,
    cancelled: bool,
    summary: Option<Box<Accumulator>>,
    paired: Option<Box<PairedAccumulator>>,
    samples: Option<Box<RunSamples>>,
}

/// What kind of job the parts belong to.
#[derive(Debug)]
enum Kind {
    /// Runs of one scenario, whose plan gives the rank correlations.
    Run(Rc<Plan>),
    /// A paired comparison.
    Compare,
    /// An allocation search, on one worker.
    Optimise,
}

/// Merges the answers of the workers sharing one job.
#[derive(Debug)]
pub struct Merger {
    job: u64,
    kind: Kind,
    parts: Vec<Part>,
    failed: bool,
}

impl Merger {
    /// Job `job`: runs of `plan` split over `parts` workers.
    pub fn run(job: u64, plan: Rc<Plan>, parts: usize) -> Merger {
        Merger::new(job, Kind::Run(plan), parts)
    }

    /// Job `job`: a paired comparison split over `parts` workers.
    pub fn compare(job: u64, parts: usize) -> Merger {
        Merger::new(job, Kind::Compare, parts)
    }

    /// Job `job`: an allocation search on one worker.
    pub fn optimise(job: u64) -> Merger {
        Merger::new(job, Kind::Optimise, 1)
    }

    fn new(job: u64, kind: Kind, parts: usize) -> Merger {
        Merger {
            job,
            kind,
            parts: (0..parts.max(1)).map(|_| Part::default()).collect(),
            failed: false,
        }
    }

    /// The job.
    pub fn job(&self) -> u64 {
        self.job
    }

    /// Whether every part has finished (or one failed).
    pub fn over(&self) -> bool {
        self.failed || self.parts.iter().all(|p| p.finished)
    }

    /// Take the answer of the worker given part `part`; returns what the
    /// state should hear, if anything yet. Answers to other jobs and from
    /// workers without a part are ignored.
    pub fn accept(&mut self, part: usize, answer: Response, now_ms: f64) -> Option<Action> {
        if answer.job() != self.job || part >= self.parts.len() || self.failed {
            return None;
        }
        let job = self.job;
        match answer {
            Response::Failed { message, .. } => {
                // The first failure ends the job; the others say the same.
                self.failed = true;
                Some(Action::Failed { job, message })
            }
            Response::OptimizeProgress { progress, .. } => {
                Some(Action::Optimise(OptimiseAction::Progress {
                    job,
                    progress,
                    now_ms,
                }))
            }
            Response::OptimizeFinished {
                progress, report, ..
            } => {
                self.parts[part].finished = true;
                Some(Action::Optimise(OptimiseAction::Finished {
                    job,
                    progress,
                    report,
                }))
            }
            Response::Progress { done, summary, .. } => {
                let p = &mut self.parts[part];
                p.done = done;
                p.summary = Some(summary);
                let summary = self.merged_summary()?;
                Some(Action::Progress {
                    job,
                    done: self.done(),
                    summary,
                    now_ms,
                })
            }
            Response::Finished {
                done,
                cancelled,
                summary,
                samples,
                ..
            } => {
                let p = &mut self.parts[part];
                p.done = done;
                p.finished = true;
                p.cancelled = cancelled;
                p.summary = Some(summary);
                p.samples = Some(samples);
                if !self.over() {
                    let summary = self.merged_summary()?;
                    return Some(Action::Progress {
                        job,
                        done: self.done(),
                        summary,
                        now_ms,
                    });
                }
                let summary = self.merged_summary()?;
                let correlations = match &self.kind {
                    Kind::Run(plan) => Some(Box::new(Correlations::from_samples(
                        plan,
                        &self.merged_samples(),
                    ))),
                    _ => None,
                };
                Some(Action::Finished {
                    job,
                    cancelled: self.parts.iter().any(|p| p.cancelled),
                    summary,
                    correlations,
                })
            }
            Response::CompareProgress { done, summary, .. } => {
                let p = &mut self.parts[part];
                p.done = done;
                p.paired = Some(summary);
                let summary = self.merged_paired()?;
                Some(Action::Compare(CompareAction::Progress {
                    job,
                    done: self.done(),
                    summary,
                }))
            }
            Response::CompareFinished {
                done,
                cancelled,
                summary,
                ..
            } => {
                let p = &mut self.parts[part];
                p.done = done;
                p.finished = true;
                p.cancelled = cancelled;
                p.paired = Some(summary);
                let summary = self.merged_paired()?;
                Some(Action::Compare(if self.over() {
                    CompareAction::Finished {
                        job,
                        cancelled: self.parts.iter().any(|p| p.cancelled),
                        summary,
                    }
                } else {
                    CompareAction::Progress {
                        job,
                        done: self.done(),
                        summary,
                    }
                }))
            }
        }
    }

    /// Runs done over all parts.
    fn done(&self) -> u64 {
        self.parts.iter().map(|p| p.done).sum()
    }

    /// The summaries of every part heard from, merged.
    fn merged_summary(&self) -> Option<Box<Accumulator>> {
        let mut parts = self.parts.iter().filter_map(|p| p.summary.as_deref());
        let mut merged = parts.next()?.clone();
        for other in parts {
            // Every part runs the same scenario, so the shapes agree.
            merged.merge(other).ok()?;
        }
        Some(Box::new(merged))
    }

    /// The paired summaries of every part heard from, merged.
    fn merged_paired(&self) -> Option<Box<PairedAccumulator>> {
        let mut parts = self.parts.iter().filter_map(|p| p.paired.as_deref());
        let mut merged = parts.next()?.clone();
        for other in parts {
            merged.merge(other);
        }
        Some(Box::new(merged))
    }

    /// The samples of every part, merged (the lowest run indices, as one
    /// worker would keep them).
    fn merged_samples(&self) -> RunSamples {
        let mut merged = RunSamples::new(MAX_RUN_SAMPLES);
        for samples in self.parts.iter().filter_map(|p| p.samples.as_deref()) {
            merged.merge(samples);
        }
        merged
    }
}

/// The page's workers and the job they share.
#[derive(Default)]
pub struct Workers {
    #[cfg(target_arch = "wasm32")]
    sinks: Vec<Rc<std::cell::RefCell<Option<browser::Sink>>>>,
    merger: Option<Merger>,
}

/// The workers, shared by the app's callbacks and the answer loops.
pub type SharedWorkers = Rc<std::cell::RefCell<Workers>>;

impl Workers {
    /// Workers started (1 natively, where nothing runs).
    pub fn len(&self) -> usize {
        #[cfg(target_arch = "wasm32")]
        return self.sinks.len().max(1);
        #[cfg(not(target_arch = "wasm32"))]
        1
    }

    /// Whether no worker is started.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Send `request` to worker `i`.
    fn send(&self, i: usize, request: Request) {
        #[cfg(target_arch = "wasm32")]
        if let Some(sink) = self.sinks.get(i) {
            browser::send(sink.clone(), request);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (i, request);
    }
}

/// Run job `job`: the runs of `plan` (the scenario `text`), split over the
/// workers.
pub fn run(workers: &SharedWorkers, job: u64, text: String, plan: Rc<Plan>) {
    let mut w = workers.borrow_mut();
    let ranges = split(0..plan.runs, w.len());
    w.merger = Some(Merger::run(job, plan, ranges.len()));
    for (i, runs) in ranges.into_iter().enumerate() {
        w.send(
            i,
            Request::Run {
                job,
                scenario: text.clone(),
                runs: Some(runs),
            },
        );
    }
}

/// Compare the scenarios `texts` (baseline first) over paired runs
/// `runs`, split over the workers (job `job`).
pub fn compare(workers: &SharedWorkers, job: u64, texts: Vec<String>, runs: Range<u64>) {
    let mut w = workers.borrow_mut();
    let ranges = split(runs, w.len());
    w.merger = Some(Merger::compare(job, ranges.len()));
    for (i, runs) in ranges.into_iter().enumerate() {
        w.send(
            i,
            Request::Compare {
                job,
                scenarios: texts.clone(),
                runs: Some(runs),
            },
        );
    }
}

/// Search the budget split of the scenario `text` on the first worker
/// (job `job`).
pub fn optimise(workers: &SharedWorkers, job: u64, text: String, settings: OptimizeSettings) {
    let mut w = workers.borrow_mut();
    w.merger = Some(Merger::optimise(job));
    w.send(
        0,
        Request::Optimize {
            job,
            scenario: text,
            settings,
        },
    );
}

/// Stop job `job` on every worker.
pub fn cancel(workers: &SharedWorkers, job: u64) {
    let w = workers.borrow();
    for i in 0..w.len() {
        w.send(i, Request::Cancel { job });
    }
}

/// Start `count` workers from the script at `url` and hand what they
/// answer, merged, to `on_action`; a worker whose connection ends makes
/// [`Action::WorkerDied`]. Ends with [`Action::WorkerReady`].
#[cfg(target_arch = "wasm32")]
pub fn start(
    workers: &SharedWorkers,
    count: usize,
    url: &str,
    on_action: impl Fn(Action) + Clone + 'static,
) {
    use futures::StreamExt;
    use gloo_worker::Spawnable;

    use crate::worker::reactor::SimulationReactor;

    for i in 0..count.max(1) {
        let bridge = SimulationReactor::spawner().spawn(url);
        let (tx, mut rx) = bridge.split();
        workers
            .borrow_mut()
            .sinks
            .push(Rc::new(std::cell::RefCell::new(Some(tx))));
        let (workers, on_action) = (workers.clone(), on_action.clone());
        wasm_bindgen_futures::spawn_local(async move {
            while let Some(answer) = rx.next().await {
                let now = super::web::now_ms();
                let action = workers
                    .borrow_mut()
                    .merger
                    .as_mut()
                    .and_then(|m| m.accept(i, answer, now));
                if let Some(action) = action {
                    on_action(action);
                }
            }
            on_action(Action::WorkerDied);
        });
    }
    on_action(Action::WorkerReady);
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use crate::worker::Request;
    use crate::worker::reactor::SimulationReactor;

    /// The sending half of one worker's connection.
    pub type Sink =
        futures::stream::SplitSink<gloo_worker::reactor::ReactorBridge<SimulationReactor>, Request>;

    /// Send `request` through `sink`, after whatever it is sending.
    pub fn send(sink: Rc<RefCell<Option<Sink>>>, request: Request) {
        use futures::SinkExt;
        wasm_bindgen_futures::spawn_local(async move {
            let taken = sink.borrow_mut().take();
            if let Some(mut s) = taken {
                let _ = s.send(request).await;
                *sink.borrow_mut() = Some(s);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_contiguous_and_balanced() {
        for (runs, parts) in [(0..10u64, 3usize), (5..1_000_005, 7), (0..3, 8), (2..2, 4)] {
            let ranges = split(runs.clone(), parts);
            assert_eq!(ranges[0].start, runs.start);
            assert_eq!(ranges.last().unwrap().end, runs.end);
            for w in ranges.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            let sizes: Vec<u64> = ranges.iter().map(|r| r.end - r.start).collect();
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(max - min <= 1, "{sizes:?}");
            assert!(ranges.len() <= parts.max(1));
        }
        assert_eq!(split(0..3, 8).len(), 3);
        let empty = split(4..4, 3);
        assert_eq!((empty.len(), empty[0].start, empty[0].end), (1, 4, 4));
    }

    #[test]
    fn pool_size_follows_the_request_then_the_processors() {
        assert_eq!(pool_size(Some("3"), Some(2.0)), 3);
        assert_eq!(pool_size(Some(" 1 "), Some(16.0)), 1);
        assert_eq!(pool_size(Some("0"), Some(2.0)), 2);
        assert_eq!(pool_size(Some("99"), Some(2.0)), 2);
        assert_eq!(pool_size(Some("two"), Some(4.0)), 4);
        assert_eq!(pool_size(None, Some(64.0)), MAX_WORKERS);
        assert_eq!(pool_size(None, None), 1);
        assert_eq!(pool_size(None, Some(f64::NAN)), 1);
        assert_eq!(pool_size(None, Some(0.0)), 1);
        assert_eq!(workers_param("?lang=ja&workers=4"), Some("4"));
        assert_eq!(workers_param("workers=1"), Some("1"));
        assert_eq!(workers_param("?lang=ja"), None);
    }
}
