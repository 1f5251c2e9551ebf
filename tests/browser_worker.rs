//! The simulation worker in a real browser (wasm-bindgen-test in headless
//! Chromium, run by `scripts/browser-test.sh`): a scenario sent through
//! gloo-worker comes back, with progress, as the same summaries as the same
//! runs done in-process; a bad scenario comes back as a failure naming the
//! field; cancel stops a job early; an allocation search gives the same
//! result as in-process.
//!
//! The worker script is the one the app ships (`www/pkg/worker.js`), served
//! by `sasaeai serve`; its address is given at build time in
//! `SASAEAI_WORKER_URL`. The test page is on another port (the runner's,
//! `WASM_BINDGEN_TEST_ADDRESS`), so importing the script and fetching its
//! `.wasm` are cross-origin reads: the script starts the server with
//! `--allow-origin` set to the test page's origin.
#![cfg(target_arch = "wasm32")]

use futures::{SinkExt, StreamExt};
use gloo_worker::Spawnable;
use wasm_bindgen_test::*;

use sasaeai::job::optimize::{OptimizeInput, OptimizeJob};
use sasaeai::job::run::{RunInput, RunJob};
use sasaeai::job::{Input, Job, Partial, Request, Response};
use sasaeai::scenario::builtin::scenario_text;
use sasaeai::sim::Accumulator;
use sasaeai::worker::WorkerCodec;
use sasaeai::worker::reactor::SimulationReactor;

wasm_bindgen_test_configure!(run_in_browser);

fn worker_url() -> &'static str {
    option_env!("SASAEAI_WORKER_URL").unwrap_or("http://127.0.0.1:8080/pkg/worker.js")
}

fn scenario(name: &str, runs: u64) -> String {
    scenario_text(name)
        .unwrap()
        .replace("runs = 10000", &format!("runs = {runs}"))
}

fn run(job: u64, scenario: String) -> Request {
    Request::Start {
        job,
        input: Input::Run(RunInput { scenario }),
        runs: None,
    }
}

/// A worker, spoken to with the codec the app names.
fn spawn() -> gloo_worker::reactor::ReactorBridge<SimulationReactor> {
    SimulationReactor::spawner()
        .encoding::<WorkerCodec>()
        .spawn(worker_url())
}

type Answers = futures::stream::SplitStream<gloo_worker::reactor::ReactorBridge<SimulationReactor>>;

/// Read answers to job `id` until it finishes, checking each progress
/// report; returns (runs done, cancelled, summaries, progress reports seen).
async fn until_finished(rx: &mut Answers, id: u64) -> (u64, bool, Accumulator, usize) {
    let mut last_done = 0;
    let mut reports = 0;
    loop {
        match rx.next().await.expect("the worker answers") {
            Response::Progress {
                job,
                done,
                partial: Partial::Run(run),
                ..
            } => {
                assert_eq!(job, id);
                assert!(done >= last_done);
                assert_eq!(run.summary.runs, done);
                last_done = done;
                reports += 1;
            }
            Response::Finished {
                job,
                done,
                cancelled,
                partial: Partial::Run(run),
                ..
            } => {
                assert_eq!(job, id);
                assert_eq!(run.summary.runs, done);
                return (done, cancelled, *run.summary, reports);
            }
            Response::Failed { message, .. } => panic!("failed: {}", message.en),
            other => panic!("not an answer to a run: {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
async fn a_run_comes_back_as_the_same_summaries() {
    let text = scenario("combined-plan", 400);
    let mut local = RunJob::start(
        &RunInput {
            scenario: text.clone(),
        },
        None,
    )
    .unwrap();
    local.advance(400).unwrap();

    let (mut tx, mut rx) = spawn().split();
    tx.send(run(5, text)).await.unwrap();
    let (done, cancelled, summary, _) = until_finished(&mut rx, 5).await;
    assert_eq!((done, cancelled), (400, false));
    assert_eq!(&summary, local.summary());
}

#[wasm_bindgen_test]
async fn a_bad_scenario_fails_naming_the_field_and_cancel_stops_a_job() {
    let (mut tx, mut rx) = spawn().split();
    tx.send(run(1, scenario("status-quo", 0))).await.unwrap();
    match rx.next().await.expect("an answer") {
        Response::Failed { job, message } => {
            assert_eq!(job, 1);
            // In both languages of the page, naming the field.
            assert!(message.en.contains("run.runs"), "{message:?}");
            assert!(message.ja.contains("run.runs = 0: 試行回数"), "{message:?}");
        }
        other => panic!("expected a failure, got {:?}", other.job()),
    }
    tx.send(run(2, scenario("status-quo", 1_000_000)))
        .await
        .unwrap();
    tx.send(Request::Cancel { job: 2 }).await.unwrap();
    let (done, cancelled, _, _) = until_finished(&mut rx, 2).await;
    assert!(cancelled);
    assert!(done < 1_000_000);
}

#[wasm_bindgen_test]
async fn an_allocation_search_in_the_worker_matches_the_same_search_in_process() {
    use sasaeai::sim::optimize::{Objective, OptimizeSettings};
    let text = scenario("training", 100);
    let settings = OptimizeSettings {
        objective: Objective::Participants,
        iterations: 2,
        candidates: 4,
        runs_per_candidate: 8,
        validation_runs: 20,
        ..OptimizeSettings::default()
    };
    let input = OptimizeInput {
        scenario: text,
        settings,
    };
    let mut local = OptimizeJob::start(&input, None).unwrap();
    while !local.finished() {
        local.advance(1_000).unwrap();
    }
    let (mut tx, mut rx) = spawn().split();
    tx.send(Request::Start {
        job: 9,
        input: Input::Optimize(input),
        runs: None,
    })
    .await
    .unwrap();
    loop {
        match rx.next().await.expect("the worker answers") {
            Response::Progress {
                job,
                partial: Partial::Optimize(p),
                ..
            } => {
                assert_eq!(job, 9);
                assert!(p.progress.runs_done <= p.progress.runs_total);
            }
            Response::Finished {
                job,
                partial: Partial::Optimize(p),
                ..
            } => {
                assert_eq!(job, 9);
                assert_eq!(p.report, local.partial(true).report);
                break;
            }
            other => panic!("not an answer to a search: {other:?}"),
        }
    }
}
