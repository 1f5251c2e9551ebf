//! The app's pool of workers (`sasaeai::ui::pool`): a batch split over
//! several workers' run ranges and merged gives exactly what one worker
//! gives, and what the CLI's in-process runs give. The workers are played
//! here by the jobs themselves (`sasaeai::job::Task`), their answers
//! passed through the worker codec (bincode 1) as in the browser.

use std::rc::Rc;

use sasaeai::job::compare::{CompareInput, CompareJob};
use sasaeai::job::run::{Correlations, RunInput};
use sasaeai::job::threads::run_job;
use sasaeai::job::{Input, Request, Response, Task, load_scenario_text};
use sasaeai::scenario::Text;
use sasaeai::scenario::builtin::scenario_text;
use sasaeai::sim::compare::align;
use sasaeai::sim::sensitivity::{MAX_RUN_SAMPLES, sample_parallel};
use sasaeai::ui::pool::{Merger, split};
use sasaeai::ui::state::Action;
use sasaeai::ui::state::CompareAction;

fn with_runs(name: &str, runs: u64) -> String {
    scenario_text(name)
        .expect("built-in")
        .replace("runs = 10000", &format!("runs = {runs}"))
}

/// Play the workers: each does its request in slices of `slice` runs,
/// sending a progress answer after each slice and its final answer at the
/// end; the answers reach the merger interleaved, worker by worker in
/// turn, as they might in the browser. Returns every action the merger
/// made, in order.
fn play(requests: Vec<Request>, merger: &mut Merger, slice: u64) -> Vec<Action> {
    let mut tasks: Vec<(u64, Task)> = requests
        .into_iter()
        .map(|r| {
            let Request::Start { job, input, runs } = r else {
                panic!("not a start: {r:?}");
            };
            (job, Task::start(&input, runs).expect("a valid scenario"))
        })
        .collect();
    let mut actions = Vec::new();
    let mut finished = vec![false; tasks.len()];
    while finished.iter().any(|f| !f) {
        for (i, (job, task)) in tasks.iter_mut().enumerate() {
            if finished[i] {
                continue;
            }
            task.advance(slice).unwrap();
            let answer = if task.finished() {
                finished[i] = true;
                task.finish(*job, false)
            } else {
                task.progress_response(*job)
            };
            let answer: Response =
                bincode::deserialize(&bincode::serialize(&answer).unwrap()).unwrap();
            actions.extend(merger.accept(i, answer, 0.0));
        }
    }
    actions
}

#[test]
fn a_run_split_over_workers_equals_one_worker_and_the_cli() {
    let text = with_runs("combined-plan", 301);
    let loaded = load_scenario_text(&text, "test").unwrap();
    let plan = Rc::new(loaded.plan.clone());

    // In process, as `sasaeai sensitivity` and `sasaeai run` do.
    let sim = sasaeai::sim::Simulator::new(&loaded.plan);
    let no = std::sync::atomic::AtomicBool::new(false);
    let (expected, samples) = sample_parallel(&sim, 0..301, MAX_RUN_SAMPLES, 2, &no, &|_| {});
    let expected_rho = Correlations::from_samples(&loaded.plan, &samples);

    for workers in [1usize, 2, 3, 8] {
        let ranges = split(0..301, workers);
        let mut merger = Merger::run(7, plan.clone(), ranges.len(), 0.0);
        let requests = ranges
            .into_iter()
            .map(|runs| Request::Start {
                job: 7,
                input: Input::Run(RunInput {
                    scenario: text.clone(),
                }),
                runs: Some(runs),
            })
            .collect();
        let actions = play(requests, &mut merger, 40);
        assert!(merger.over());
        let (last, progress) = actions.split_last().expect("answers");
        // Progress counts only go up and stay below the total.
        let mut seen = 0;
        for a in progress {
            let Action::Progress {
                job, done, summary, ..
            } = a
            else {
                panic!("{workers} workers: not a progress action: {a:?}");
            };
            assert_eq!(*job, 7);
            assert!(*done >= seen && *done < 301, "{done}");
            assert_eq!(summary.runs, *done);
            seen = *done;
        }
        let Action::Finished {
            job,
            cancelled,
            summary,
            correlations,
        } = last
        else {
            panic!("{workers} workers: the last action is not the end: {last:?}");
        };
        assert_eq!(*job, 7);
        assert!(!cancelled);
        assert_eq!(**summary, expected, "{workers} workers");
        assert_eq!(
            correlations.as_deref(),
            Some(&expected_rho),
            "{workers} workers"
        );
    }
}

#[test]
fn a_comparison_split_over_workers_equals_the_in_process_comparison() {
    let texts = vec![with_runs("status-quo", 90), with_runs("training", 90)];
    let mut plans: Vec<_> = texts
        .iter()
        .map(|t| load_scenario_text(t, "test").unwrap().plan)
        .collect();
    align(&mut plans).unwrap();
    let no = std::sync::atomic::AtomicBool::new(false);
    let (expected, _) = run_job(
        || CompareJob::from_plans(plans.clone(), 0..0),
        0..90,
        2,
        &no,
        &|_| {},
    )
    .unwrap();

    let ranges = split(0..90, 2);
    let mut merger = Merger::compare(4, ranges.len(), 0.0);
    let requests = ranges
        .into_iter()
        .map(|runs| Request::Start {
            job: 4,
            input: Input::Compare(CompareInput {
                scenarios: texts.clone(),
            }),
            runs: Some(runs),
        })
        .collect();
    let actions = play(requests, &mut merger, 25);
    let Some(Action::Compare(CompareAction::Finished {
        job,
        cancelled,
        summary,
    })) = actions.last()
    else {
        panic!("the last action is not the end: {:?}", actions.last());
    };
    assert_eq!((*job, *cancelled), (4, false));
    assert_eq!(summary, &expected);
}

#[test]
fn a_cancelled_part_marks_the_whole_run_cancelled_and_a_failure_ends_it_once() {
    let text = with_runs("status-quo", 50);
    let plan = Rc::new(load_scenario_text(&text, "test").unwrap().plan);
    let mut merger = Merger::run(2, plan.clone(), 2, 0.0);
    let input = Input::Run(RunInput {
        scenario: text.clone(),
    });
    let mut a = Task::start(&input, Some(0..25)).unwrap();
    a.advance(25).unwrap();
    let mut b = Task::start(&input, Some(25..50)).unwrap();
    b.advance(10).unwrap();
    let first = merger.accept(0, a.finish(2, false), 1_000.0);
    assert!(
        matches!(first, Some(Action::Progress { done: 25, .. })),
        "{first:?}"
    );
    assert!(!merger.over());
    // The second worker, silent since the job was sent at 0 ms, is taken
    // for dead once it has been silent for the limit; the first is done.
    assert_eq!(merger.stalled(9_000.0, 10_000.0), None);
    assert_eq!(merger.stalled(10_500.0, 10_000.0), Some(1));
    // An answer to another job, or from a worker without a part, is not heard.
    assert!(merger.accept(1, b.finish(3, true), 0.0).is_none());
    assert!(merger.accept(5, b.finish(2, true), 0.0).is_none());
    let last = merger.accept(1, b.finish(2, true), 0.0);
    let Some(Action::Finished {
        cancelled, summary, ..
    }) = last
    else {
        panic!("not the end: {last:?}");
    };
    assert!(cancelled);
    assert_eq!(summary.runs, 35);
    assert_eq!(merger.stalled(1e9, 10_000.0), None);

    let mut failing = Merger::run(3, plan, 2, 0.0);
    let failed = Response::Failed {
        job: 3,
        message: Text::new("run.runs: 0 is not allowed", "run.runs: 0は使えません"),
    };
    let first = failing.accept(0, failed.clone(), 0.0);
    assert!(
        matches!(&first, Some(Action::Failed { job: 3, message }) if message.en.contains("run.runs")),
        "{first:?}"
    );
    assert!(failing.over());
    assert!(failing.accept(1, failed, 0.0).is_none());
}

/// Progress is passed on once per round of the workers' reports, not once
/// per report, unless a worker keeps the others waiting for a second.
#[test]
fn progress_is_passed_on_once_every_worker_has_reported_or_after_a_second() {
    let text = with_runs("status-quo", 40);
    let plan = Rc::new(load_scenario_text(&text, "test").unwrap().plan);
    let input = Input::Run(RunInput { scenario: text });
    let mut a = Task::start(&input, Some(0..20)).unwrap();
    let mut b = Task::start(&input, Some(20..40)).unwrap();
    let mut merger = Merger::run(4, plan, 2, 0.0);
    let done = |action: Option<Action>| match action {
        Some(Action::Progress { done, .. }) => Some(done),
        other => panic!("not progress: {other:?}"),
    };
    a.advance(2).unwrap();
    assert!(merger.accept(0, a.progress_response(4), 30.0).is_none());
    a.advance(2).unwrap();
    assert!(merger.accept(0, a.progress_response(4), 120.0).is_none());
    b.advance(3).unwrap();
    // The round is complete: both parts' latest progress, merged.
    assert_eq!(
        done(merger.accept(1, b.progress_response(4), 130.0)),
        Some(7)
    );
    b.advance(3).unwrap();
    assert!(merger.accept(1, b.progress_response(4), 500.0).is_none());
    // Worker 0 silent for more than a second since the last pass: worker
    // 1's progress goes on alone.
    b.advance(3).unwrap();
    assert_eq!(
        done(merger.accept(1, b.progress_response(4), 1_131.0)),
        Some(13)
    );
    // A part's end is always passed on, and a finished part no longer
    // holds back the other's progress.
    a.advance(16).unwrap();
    assert_eq!(
        done(merger.accept(0, a.finish(4, false), 1_140.0)),
        Some(29)
    );
    b.advance(3).unwrap();
    assert_eq!(
        done(merger.accept(1, b.progress_response(4), 1_150.0)),
        Some(32)
    );
    b.advance(8).unwrap();
    let last = merger.accept(1, b.finish(4, false), 1_160.0);
    assert!(
        matches!(
            last,
            Some(Action::Finished {
                cancelled: false,
                ..
            })
        ),
        "{last:?}"
    );
    assert!(merger.over());
}
