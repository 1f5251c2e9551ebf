//! A pool of simulation workers: one job's runs split by run-index ranges
//! over several Web Workers, their answers merged into the answers of the
//! whole batch.
//!
//! Run `r` always draws from the streams keyed by `r`, and partial results
//! merge exactly ([`Partial::merge`]), so a batch split over any number of
//! workers gives the same bits as one worker and as the CLI. The state never sees the pool: [`Merger`] turns the workers'
//! answers into the same [`Action`]s a single worker's answers would be.
//!
//! Runs and comparisons are split; an allocation search runs on the first
//! worker (its steps depend on each other). Cancel goes to every worker.
//!
//! A worker that dies or hangs mid-job is replaced (see [`start`]).
//!
//! The pool has one worker per logical processor
//! (`navigator.hardwareConcurrency`), at most [`MAX_WORKERS`]; the page's
//! address can ask for another number with `?workers=N` (1 to
//! [`MAX_WORKERS`]).

use std::ops::Range;
use std::rc::Rc;

use crate::job::compare::CompareInput;
use crate::job::optimize::OptimizeInput;
use crate::job::run::{Correlations, RunInput};
use crate::job::structure::StructureInput;
use crate::job::{Input, Partial, Request, Response};
use crate::scenario::Plan;
use crate::sim::batch::shard_range;
use crate::sim::optimize::OptimizeSettings;

use super::state::{Action, CompareAction, OptimiseAction, StructureAction};

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
/// at most one (the CLI's shards, [`shard_range`]); empty ranges are left out (fewer runs than parts), but an
/// empty batch still gives one (empty) range.
pub fn split(runs: Range<u64>, parts: usize) -> Vec<Range<u64>> {
    let total = runs.end.saturating_sub(runs.start);
    let parts = parts.max(1) as u64;
    let ranges: Vec<Range<u64>> = (1..=parts)
        .map(|i| shard_range(total, i, parts))
        .filter(|r| r.end > r.start)
        .map(|r| runs.start + r.start..runs.start + r.end)
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
    /// When the part was sent or last heard from (ms).
    heard_ms: f64,
    done: u64,
    finished: bool,
    cancelled: bool,
    /// Whether the part has sent progress since the merged result was last
    /// passed on.
    fresh: bool,
    partial: Option<Partial>,
}

/// Merges the answers of the workers sharing one job, whatever its kind:
/// the partial results merge through [`Partial::merge`], and the merged
/// result becomes the state's [`Action`] in [`action`].
///
/// Progress is passed on once every part still at work has sent some since
/// the last time (the workers report at the same moments, so the page
/// merges and draws once per round rather than once per worker), or when
/// [`PROGRESS_WAIT_MS`] have passed without passing any on (a slow or dead
/// worker does not hold back the others' progress).
#[derive(Debug)]
pub struct Merger {
    job: u64,
    /// The plan of a run, whose per-run samples give the rank correlations
    /// when it ends.
    plan: Option<Rc<Plan>>,
    parts: Vec<Part>,
    failed: bool,
    /// When progress or an end was last passed on (ms).
    passed_ms: f64,
}

/// The longest the merged progress waits for every part's (ms).
pub const PROGRESS_WAIT_MS: f64 = 1_000.0;

impl Merger {
    /// Job `job`: runs of `plan` split over `parts` workers, sent at
    /// `now_ms`.
    pub fn run(job: u64, plan: Rc<Plan>, parts: usize, now_ms: f64) -> Merger {
        Merger::new(job, Some(plan), parts, now_ms)
    }

    /// Job `job`: a paired comparison split over `parts` workers, sent at
    /// `now_ms`.
    pub fn compare(job: u64, parts: usize, now_ms: f64) -> Merger {
        Merger::new(job, None, parts, now_ms)
    }

    /// Job `job`: an allocation search on one worker, sent at `now_ms`.
    pub fn optimise(job: u64, now_ms: f64) -> Merger {
        Merger::new(job, None, 1, now_ms)
    }

    /// Job `job` of any kind over `parts` workers, sent at `now_ms`; `plan`
    /// for a run.
    pub fn new(job: u64, plan: Option<Rc<Plan>>, parts: usize, now_ms: f64) -> Merger {
        Merger {
            job,
            plan,
            parts: (0..parts.max(1))
                .map(|_| Part {
                    heard_ms: now_ms,
                    ..Part::default()
                })
                .collect(),
            failed: false,
            passed_ms: now_ms,
        }
    }

    /// The first worker whose part is not finished and that has not been
    /// heard from for `limit_ms` at `now_ms` (a worker at work answers
    /// several times a second): it has died or hangs.
    pub fn stalled(&self, now_ms: f64, limit_ms: f64) -> Option<usize> {
        if self.over() {
            return None;
        }
        self.parts
            .iter()
            .position(|p| !p.finished && now_ms - p.heard_ms > limit_ms)
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
        self.parts[part].heard_ms = now_ms;
        match answer {
            Response::Failed { message, .. } => {
                // The first failure ends the job; the others say the same.
                self.failed = true;
                Some(Action::Failed { job, message })
            }
            Response::Progress { done, partial, .. } => {
                let p = &mut self.parts[part];
                p.done = done;
                p.fresh = true;
                p.partial = Some(partial);
                let round = self.parts.iter().all(|p| p.fresh || p.finished);
                if !round && now_ms - self.passed_ms < PROGRESS_WAIT_MS {
                    return None;
                }
                let merged = self.merged()?;
                Some(self.pass(action(job, self.done(), None, merged, None, now_ms), now_ms))
            }
            Response::Finished {
                done,
                cancelled,
                partial,
                ..
            } => {
                let p = &mut self.parts[part];
                p.done = done;
                p.finished = true;
                p.cancelled = cancelled;
                p.partial = Some(partial);
                let merged = self.merged()?;
                let ended = self.over().then(|| self.parts.iter().any(|p| p.cancelled));
                let plan = self.plan.as_deref().filter(|_| ended.is_some());
                Some(self.pass(
                    action(job, self.done(), ended, merged, plan, now_ms),
                    now_ms,
                ))
            }
        }
    }

    /// Pass `action` on at `now_ms`, and start waiting for a new round of
    /// every part's progress.
    fn pass(&mut self, action: Action, now_ms: f64) -> Action {
        self.passed_ms = now_ms;
        for p in &mut self.parts {
            p.fresh = false;
        }
        action
    }

    /// Runs done over all parts.
    fn done(&self) -> u64 {
        self.parts.iter().map(|p| p.done).sum()
    }

    /// The partial results of every part heard from, merged.
    fn merged(&self) -> Option<Partial> {
        let mut parts = self.parts.iter().filter_map(|p| p.partial.as_ref());
        let mut merged = parts.next()?.clone();
        for other in parts {
            // Every part runs the same job, so the kinds and shapes agree.
            merged.merge(other).ok()?;
        }
        Some(merged)
    }
}

/// What the state hears of job `job`'s merged result `partial` with `done`
/// runs done: progress, or (`ended`: `Some(cancelled)`) the end. A run that
/// ends gets its rank correlations from `plan`.
fn action(
    job: u64,
    done: u64,
    ended: Option<bool>,
    partial: Partial,
    plan: Option<&Plan>,
    now_ms: f64,
) -> Action {
    match (partial, ended) {
        (Partial::Run(p), None) => Action::Progress {
            job,
            done,
            summary: p.summary,
            now_ms,
        },
        (Partial::Run(p), Some(cancelled)) => Action::Finished {
            job,
            cancelled,
            summary: p.summary,
            correlations: plan
                .zip(p.samples)
                .map(|(plan, samples)| Box::new(Correlations::from_samples(plan, &samples))),
        },
        (Partial::Compare(summary), None) => {
            Action::Compare(CompareAction::Progress { job, done, summary })
        }
        (Partial::Compare(summary), Some(cancelled)) => Action::Compare(CompareAction::Finished {
            job,
            cancelled,
            summary,
        }),
        (Partial::Optimize(p), None) => Action::Optimise(OptimiseAction::Progress {
            job,
            progress: p.progress,
            now_ms,
        }),
        (Partial::Optimize(p), Some(_)) => Action::Optimise(OptimiseAction::Finished {
            job,
            progress: p.progress,
            report: p.report,
        }),
        (Partial::Structure(summaries), None) => Action::Structure(StructureAction::Progress {
            job,
            done,
            summaries,
        }),
        (Partial::Structure(summaries), Some(cancelled)) => {
            Action::Structure(StructureAction::Finished {
                job,
                cancelled,
                summaries,
            })
        }
    }
}

/// How long a worker at work may stay silent before it is taken for dead
/// (ms): it answers several times a second while it works.
pub const STALL_MS: f64 = 10_000.0;

/// The page's workers and the job they share.
#[derive(Default)]
pub struct Workers {
    #[cfg(target_arch = "wasm32")]
    browser: browser::Pool,
    merger: Option<Merger>,
}

/// The workers, shared by the app's callbacks and the answer loops.
pub type SharedWorkers = Rc<std::cell::RefCell<Workers>>;

impl Workers {
    /// Workers started (1 natively, where nothing runs).
    pub fn len(&self) -> usize {
        #[cfg(target_arch = "wasm32")]
        return self.browser.slots.len().max(1);
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
        if let Some(slot) = self.browser.slots.get(i) {
            browser::send(slot.sink.clone(), request);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (i, request);
    }
}

/// Start job `job` described by `input`: its runs `runs` split over the
/// workers if its kind splits, otherwise on the first worker. `plan` is
/// the plan of a run, for its rank correlations.
pub fn start_job(
    workers: &SharedWorkers,
    job: u64,
    input: Input,
    runs: Range<u64>,
    plan: Option<Rc<Plan>>,
) {
    let mut w = workers.borrow_mut();
    let ranges = if input.splits() {
        split(runs, w.len())
    } else {
        vec![runs]
    };
    w.merger = Some(Merger::new(job, plan, ranges.len(), super::web::now_ms()));
    for (i, runs) in ranges.into_iter().enumerate() {
        w.send(
            i,
            Request::Start {
                job,
                input: input.clone(),
                runs: Some(runs),
            },
        );
    }
}

/// Run job `job`: the runs of `plan` (the scenario `text`), split over the
/// workers.
pub fn run(workers: &SharedWorkers, job: u64, text: String, plan: Rc<Plan>) {
    let runs = 0..plan.runs;
    let input = Input::Run(RunInput { scenario: text });
    start_job(workers, job, input, runs, Some(plan));
}

/// Compare the scenarios `texts` (baseline first) over paired runs
/// `runs`, split over the workers (job `job`).
pub fn compare(workers: &SharedWorkers, job: u64, texts: Vec<String>, runs: Range<u64>) {
    let input = Input::Compare(CompareInput { scenarios: texts });
    start_job(workers, job, input, runs, None);
}

/// Search the budget split of the scenario `text` on the first worker
/// (job `job`).
pub fn optimise(workers: &SharedWorkers, job: u64, text: String, settings: OptimizeSettings) {
    let input = Input::Optimize(OptimizeInput {
        scenario: text,
        settings,
    });
    start_job(workers, job, input, 0..0, None);
}

/// Run the scenario `text` under every model structure, `runs` paired runs
/// each, split over the workers (job `job`).
pub fn structure(workers: &SharedWorkers, job: u64, text: String, runs: u64) {
    let input = Input::Structure(StructureInput {
        scenario: text,
        runs,
    });
    start_job(workers, job, input, 0..runs, None);
}

/// Stop job `job` on every worker.
pub fn cancel(workers: &SharedWorkers, job: u64) {
    let w = workers.borrow();
    for i in 0..w.len() {
        w.send(i, Request::Cancel { job });
    }
}

/// Start `count` workers from the script at `url` and hand what they
/// answer, merged, to `on_action` (then [`Action::WorkerReady`]).
///
/// A worker whose connection ends, or that stays silent for [`STALL_MS`]
/// while it has work, is taken for dead: its job is stopped on every
/// worker, the state hears [`Action::WorkerDied`] (the runs merged so far
/// stay on the dashboard), and a new worker takes its place, so the next
/// run works again.
#[cfg(target_arch = "wasm32")]
pub fn start(
    workers: &SharedWorkers,
    count: usize,
    url: &str,
    on_action: impl Fn(Action) + 'static,
) {
    {
        let mut w = workers.borrow_mut();
        w.browser.url = url.to_string();
        w.browser.on_action = Some(Rc::new(on_action));
    }
    for i in 0..count.max(1) {
        browser::spawn(workers, i);
    }
    let watched = Rc::downgrade(workers);
    let watchdog = gloo_timers::callback::Interval::new(1_000, move || {
        let Some(workers) = watched.upgrade() else {
            return;
        };
        let stalled = workers
            .borrow()
            .merger
            .as_ref()
            .and_then(|m| m.stalled(super::web::now_ms(), STALL_MS));
        if let Some(i) = stalled {
            browser::replace_dead(&workers, i);
        }
    });
    workers.borrow_mut().browser.watchdog = Some(watchdog);
    browser::notify(workers, Action::WorkerReady);
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use futures::StreamExt;
    use futures::future::{AbortHandle, Abortable};
    use gloo_worker::Spawnable;

    use super::{Action, SharedWorkers};
    use crate::job::Request;
    use crate::worker::WorkerCodec;
    use crate::worker::reactor::SimulationReactor;

    /// The sending half of one worker's connection.
    pub type Sink =
        futures::stream::SplitSink<gloo_worker::reactor::ReactorBridge<SimulationReactor>, Request>;

    /// One worker: where to send, and how to stop listening to it.
    pub struct Slot {
        pub sink: Rc<RefCell<Option<Sink>>>,
        abort: AbortHandle,
    }

    /// The browser side of the pool.
    #[derive(Default)]
    pub struct Pool {
        pub slots: Vec<Slot>,
        pub url: String,
        pub on_action: Option<Rc<dyn Fn(Action)>>,
        pub watchdog: Option<gloo_timers::callback::Interval>,
    }

    /// Hand `action` to the app (no borrow of the pool is held meanwhile).
    pub fn notify(workers: &SharedWorkers, action: Action) {
        let on_action = workers.borrow().browser.on_action.clone();
        if let Some(f) = on_action {
            f(action);
        }
    }

    /// Start worker `i` (in place of the one there, if any) and listen to it.
    pub fn spawn(workers: &SharedWorkers, i: usize) {
        let url = workers.borrow().browser.url.clone();
        let (tx, mut rx) = SimulationReactor::spawner()
            .encoding::<WorkerCodec>()
            .spawn(&url)
            .split();
        let (abort, registration) = AbortHandle::new_pair();
        let slot = Slot {
            sink: Rc::new(RefCell::new(Some(tx))),
            abort,
        };
        {
            let mut w = workers.borrow_mut();
            let slots = &mut w.browser.slots;
            if i < slots.len() {
                slots[i].abort.abort();
                slots[i] = slot;
            } else {
                slots.push(slot);
            }
        }
        let listening = Rc::downgrade(workers);
        let listen = async move {
            while let Some(answer) = rx.next().await {
                let Some(workers) = listening.upgrade() else {
                    return;
                };
                let now = super::super::web::now_ms();
                let action = workers
                    .borrow_mut()
                    .merger
                    .as_mut()
                    .and_then(|m| m.accept(i, answer, now));
                if let Some(action) = action {
                    notify(&workers, action);
                }
            }
            // The connection ended: the worker is gone.
            if let Some(workers) = listening.upgrade() {
                replace_dead(&workers, i);
            }
        };
        wasm_bindgen_futures::spawn_local(async move {
            let _ = Abortable::new(listen, registration).await;
        });
    }

    /// Worker `i` died or hangs: stop its job everywhere, tell the app, and
    /// start a new worker in its place.
    pub fn replace_dead(workers: &SharedWorkers, i: usize) {
        let job = workers.borrow_mut().merger.take().map(|m| m.job());
        if let Some(job) = job {
            super::cancel(workers, job);
        }
        spawn(workers, i);
        notify(workers, Action::WorkerDied);
    }

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
