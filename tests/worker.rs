//! The simulation worker's job, natively: slices of any size give the same
//! summaries as one batch (so the browser matches the CLI), bad scenarios
//! fail with the field named, and run ranges are honoured.

use sasaeai::scenario::builtin::scenario_text;
use sasaeai::sim::batch::run_range;
use sasaeai::sim::{Accumulator, RunResult, Simulator};
use sasaeai::worker::{Job, load_scenario_text};

fn with_runs(name: &str, runs: u64) -> String {
    scenario_text(name)
        .expect("built-in")
        .replace("runs = 10000", &format!("runs = {runs}"))
}

#[test]
fn slices_give_the_same_summaries_as_one_batch() {
    let text = with_runs("combined-plan", 150);
    let loaded = load_scenario_text(&text, "test").unwrap();
    assert_eq!(loaded.plan.runs, 150);
    let mut expected = Accumulator::new(&loaded.plan);
    run_range(
        &Simulator::new(&loaded.plan),
        0..150,
        &mut expected,
        &mut RunResult::default(),
    );
    for slice in [1, 7, 64, 1000] {
        let mut job = Job::new(&text, None).unwrap();
        assert_eq!(job.total(), 150);
        let mut steps = 0;
        while !job.finished() {
            let done = job.advance(slice);
            assert!(done > 0 && done <= slice);
            steps += 1;
        }
        assert_eq!(steps, 150_u64.div_ceil(slice));
        assert_eq!(job.done(), 150);
        assert_eq!(job.summary(), &expected, "slice {slice}");
    }
}

#[test]
fn a_range_of_runs_is_that_shard_of_the_batch() {
    let text = with_runs("status-quo", 60);
    let mut a = Job::new(&text, Some(0..25)).unwrap();
    let mut b = Job::new(&text, Some(25..60)).unwrap();
    a.advance(1000);
    b.advance(1000);
    assert_eq!((a.done(), b.done()), (25, 35));
    let mut merged = a.summary().clone();
    merged.merge(b.summary()).unwrap();
    let mut whole = Job::new(&text, None).unwrap();
    whole.advance(1000);
    assert_eq!(&merged, whole.summary());
    // An empty or reversed range does nothing.
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 10..3;
    let mut empty = Job::new(&text, Some(reversed)).unwrap();
    assert!(empty.finished());
    assert_eq!(empty.advance(5), 0);
}

#[test]
fn a_bad_scenario_fails_naming_the_field() {
    let text = with_runs("status-quo", 0);
    let err = Job::new(&text, None).unwrap_err().to_string();
    assert!(err.contains("run.runs"), "{err}");
    let err = Job::new(
        "schema_version = 1\nname = \"x\"\nwards = \"my-file.toml\"\n",
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("wards") && err.contains("browser"), "{err}");
}

#[test]
fn messages_survive_the_worker_codec() {
    // The app and the worker exchange these through gloo-worker's codec,
    // bincode 1: the round trip must keep the summaries bit for bit.
    let text = with_runs("outcome-linked", 20);
    let mut job = Job::new(&text, None).unwrap();
    job.advance(20);
    let answer = sasaeai::worker::Response::Finished {
        job: 3,
        done: 20,
        total: 20,
        cancelled: false,
        summary: Box::new(job.summary().clone()),
    };
    let bytes = bincode::serialize(&answer).unwrap();
    let back: sasaeai::worker::Response = bincode::deserialize(&bytes).unwrap();
    assert_eq!(back, answer);
    assert_eq!(back.job(), 3);
}

#[test]
fn an_allocation_search_in_slices_matches_the_threaded_search() {
    use sasaeai::sim::optimize::{Objective, OptimizeSettings, Optimizer};
    use sasaeai::worker::{Request, Response, Task};
    let text = with_runs("awareness", 100);
    let settings = OptimizeSettings {
        objective: Objective::Target("awareness".into()),
        iterations: 2,
        candidates: 4,
        runs_per_candidate: 6,
        validation_runs: 10,
        ..OptimizeSettings::default()
    };
    let loaded = load_scenario_text(&text, "test").unwrap();
    let mut threaded = Optimizer::new(&loaded, settings.clone()).unwrap();
    let expected = threaded.run_parallel(2, |_| true).unwrap().unwrap().clone();

    // The search's messages survive the worker codec (bincode 1) too.
    let request = Request::Optimize {
        job: 3,
        scenario: text.clone(),
        settings: settings.clone(),
    };
    let back: Request = bincode::deserialize(&bincode::serialize(&request).unwrap()).unwrap();
    assert_eq!(back, request);
    let answer = Response::OptimizeFinished {
        job: 3,
        progress: threaded.progress(),
        report: Some(Box::new(expected.clone())),
    };
    let back: Response = bincode::deserialize(&bincode::serialize(&answer).unwrap()).unwrap();
    assert_eq!(back, answer);

    let (job, task) = Task::from_request(Request::Optimize {
        job: 3,
        scenario: text.clone(),
        settings: settings.clone(),
    })
    .unwrap();
    assert_eq!(job, 3);
    let mut task = task.unwrap();
    while !task.finished() {
        task.advance(5).unwrap();
        assert!(matches!(
            task.progress(3),
            Response::OptimizeProgress { job: 3, .. }
        ));
    }
    match task.finish(3, false) {
        Response::OptimizeFinished {
            report: Some(report),
            progress,
            ..
        } => {
            assert_eq!(*report, expected);
            assert_eq!(progress.runs_done, progress.runs_total);
        }
        other => panic!("{other:?}"),
    }

    // A bad objective fails with its message before any run.
    let (_, task) = Task::from_request(Request::Optimize {
        job: 4,
        scenario: text,
        settings: OptimizeSettings {
            objective: Objective::Target("nope".into()),
            ..settings
        },
    })
    .unwrap();
    let message = task.unwrap_err();
    assert!(
        message.contains("'nope'") && message.contains("awareness"),
        "{message}"
    );
}
