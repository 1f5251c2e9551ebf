//! The jobs the simulation worker runs, natively: slices of any size give
//! the same summaries as one batch (so the browser matches the CLI), bad
//! scenarios fail with the field named, run ranges are honoured, and every
//! message survives the worker codec.

use sasaeai::job::compare::CompareInput;
use sasaeai::job::optimize::OptimizeInput;
use sasaeai::job::run::{Correlations, RunInput, RunJob};
use sasaeai::job::{Input, Job, Partial, Request, Response, Task, load_scenario_text};
use sasaeai::scenario::builtin::scenario_text;
use sasaeai::sim::batch::run_range;
use sasaeai::sim::{Accumulator, RunResult, Simulator};

fn run_input(text: &str) -> RunInput {
    RunInput {
        scenario: text.to_string(),
    }
}

/// A message after a round trip through the worker codec (bincode 1).
fn through_codec<T: serde::Serialize + serde::de::DeserializeOwned>(message: &T) -> T {
    bincode::deserialize(&bincode::serialize(message).unwrap()).unwrap()
}

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
        let mut job = RunJob::start(&run_input(&text), None).unwrap();
        assert_eq!(job.progress(), (0, 150));
        let mut steps = 0;
        while !job.finished() {
            let before = job.progress().0;
            job.advance(slice).unwrap();
            let done = job.progress().0 - before;
            assert!(done > 0 && done <= slice);
            steps += 1;
        }
        assert_eq!(steps, 150_u64.div_ceil(slice));
        assert_eq!(job.progress(), (150, 150));
        assert_eq!(job.summary(), &expected, "slice {slice}");
    }
}

#[test]
fn a_range_of_runs_is_that_shard_of_the_batch() {
    let text = with_runs("status-quo", 60);
    let input = run_input(&text);
    let mut a = RunJob::start(&input, Some(0..25)).unwrap();
    let mut b = RunJob::start(&input, Some(25..60)).unwrap();
    a.advance(1000).unwrap();
    b.advance(1000).unwrap();
    assert_eq!((a.progress().0, b.progress().0), (25, 35));
    let mut merged = a.partial(true);
    RunJob::merge(&mut merged, &b.partial(true)).unwrap();
    let mut whole = RunJob::start(&input, None).unwrap();
    whole.advance(1000).unwrap();
    assert_eq!(&*merged.summary, whole.summary());
    assert_eq!(merged.samples, whole.partial(true).samples);
    // A job handed a second range goes on with it, as the CLI's threads do.
    let mut both = RunJob::start(&input, Some(0..25)).unwrap();
    both.advance(1000).unwrap();
    both.extend(25..60);
    assert!(!both.finished());
    both.advance(1000).unwrap();
    assert_eq!(both.progress(), (60, 60));
    assert_eq!(both.summary(), whole.summary());
    // An empty or reversed range does nothing.
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 10..3;
    let mut empty = RunJob::start(&input, Some(reversed)).unwrap();
    assert!(empty.finished());
    empty.advance(5).unwrap();
    assert_eq!(empty.progress(), (0, 0));
}

#[test]
fn a_bad_scenario_fails_naming_the_field() {
    let text = with_runs("status-quo", 0);
    let err = RunJob::start(&run_input(&text), None).unwrap_err().en;
    assert!(err.contains("run.runs"), "{err}");
    let err = RunJob::start(
        &run_input("schema_version = 2\nname = \"x\"\nwards = \"my-file.toml\"\n"),
        None,
    )
    .unwrap_err()
    .en;
    assert!(err.contains("wards") && err.contains("browser"), "{err}");
}

#[test]
fn messages_survive_the_worker_codec() {
    // The app and the worker exchange these through gloo-worker's codec,
    // bincode 1: the round trip must keep the summaries bit for bit.
    let text = with_runs("outcome-linked", 20);
    let mut task = Task::start(&Input::Run(run_input(&text)), None).unwrap();
    task.advance(20).unwrap();
    let answer = task.finish(3, false);
    let Response::Finished {
        done: 20,
        total: 20,
        partial: Partial::Run(run),
        ..
    } = &answer
    else {
        panic!("not a run's end: {answer:?}");
    };
    assert!(
        run.samples.is_some(),
        "the final answer carries the samples"
    );
    let back = through_codec(&answer);
    assert_eq!(back, answer);
    assert_eq!(back.job(), 3);
    let request = Request::Start {
        job: 3,
        input: Input::Run(run_input(&text)),
        runs: Some(5..9),
    };
    assert_eq!(through_codec(&request), request);
    assert_eq!(
        through_codec(&Request::Cancel { job: 3 }),
        Request::Cancel { job: 3 }
    );
}

#[test]
fn an_allocation_search_in_slices_matches_the_threaded_search() {
    use sasaeai::sim::optimize::{Objective, OptimizeSettings, Optimizer};
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
    let input = Input::Optimize(OptimizeInput {
        scenario: text.clone(),
        settings: settings.clone(),
    });
    let request = Request::Start {
        job: 3,
        input: input.clone(),
        runs: None,
    };
    assert_eq!(through_codec(&request), request);
    assert!(!input.splits());
    let finished = |report| Response::Finished {
        job: 3,
        done: 1,
        total: 1,
        cancelled: false,
        partial: Partial::Optimize(sasaeai::job::optimize::OptimizePartial {
            progress: threaded.progress(),
            report: Some(Box::new(report)),
        }),
    };
    let answer = finished(expected.clone());
    assert_eq!(through_codec(&answer), answer);
    // So does a report with no margin (an objective that is not a
    // probability): bincode writes no field names, so every field is there.
    assert!(expected.margin.is_some());
    let answer = finished(sasaeai::sim::optimize::OptimizeReport {
        margin: None,
        ..expected.clone()
    });
    assert_eq!(through_codec(&answer), answer);

    let mut task = Task::start(&input, None).unwrap();
    while !task.finished() {
        task.advance(5).unwrap();
        assert!(matches!(
            task.progress_response(3),
            Response::Progress {
                job: 3,
                partial: Partial::Optimize(_),
                ..
            }
        ));
    }
    match task.finish(3, false) {
        Response::Finished {
            partial: Partial::Optimize(p),
            done,
            total,
            ..
        } => {
            assert_eq!(p.report.as_deref(), Some(&expected));
            assert_eq!(p.progress.runs_done, p.progress.runs_total);
            assert_eq!((done, total), (p.progress.runs_done, p.progress.runs_total));
        }
        other => panic!("{other:?}"),
    }

    // A bad objective fails with its message before any run.
    let bad = Input::Optimize(OptimizeInput {
        scenario: text,
        settings: OptimizeSettings {
            objective: Objective::Target("nope".into()),
            ..settings
        },
    });
    let message = Task::start(&bad, None).unwrap_err();
    assert!(
        message.en.contains("'nope'") && message.en.contains("awareness"),
        "{message:?}"
    );
    // The page shows it in Japanese too, naming the same target and ids.
    assert!(
        message.ja.contains("'nope'")
            && message.ja.contains("awareness")
            && message.ja.contains("目標"),
        "{message:?}"
    );
}

/// Spearman's ρ computed the slow way: rank i = 1 + #(x_j < x_i) +
/// (#(x_j = x_i) − 1)/2, then Pearson's correlation of the ranks.
fn naive_spearman(x: &[f64], y: &[f64]) -> f64 {
    let ranks = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .map(|a| {
                let below = v.iter().filter(|b| *b < a).count() as f64;
                let equal = v.iter().filter(|b| *b == a).count() as f64;
                1.0 + below + (equal - 1.0) / 2.0
            })
            .collect()
    };
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let sxy: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

#[test]
fn a_finished_run_sends_the_samples_for_the_rank_correlations_of_its_runs() {
    use sasaeai::sim::TargetMetric;
    use sasaeai::sim::sensitivity::{
        MAX_RUN_SAMPLES, RunSamples, rank_correlations, sample_range, uncertain_parameters,
    };
    let text = with_runs("combined-plan", 120);
    let loaded = load_scenario_text(&text, "test").unwrap();
    let sim = Simulator::new(&loaded.plan);
    // As `sasaeai sensitivity` keeps them.
    let mut acc = Accumulator::new(&loaded.plan);
    let mut samples = RunSamples::new(MAX_RUN_SAMPLES);
    sample_range(
        &sim,
        0..120,
        &mut acc,
        &mut samples,
        &mut RunResult::default(),
    );
    let expected = rank_correlations(&sim, &samples);
    assert_eq!(expected.len(), uncertain_parameters(&loaded.plan).len());

    let mut task = Task::start(&Input::Run(run_input(&text)), None).unwrap();
    while !task.finished() {
        task.advance(13).unwrap();
    }
    let answer = task.finish(9, false);
    assert_eq!(through_codec(&answer), answer);
    let Response::Finished {
        partial: Partial::Run(run),
        ..
    } = answer
    else {
        panic!("not a run's answer");
    };
    assert_eq!(*run.summary, acc);
    let sent = run.samples.expect("samples in the final answer");
    assert_eq!(*sent, samples);
    let correlations = Correlations::from_samples(&loaded.plan, &sent);
    assert_eq!(correlations.runs, 120);
    assert_eq!(correlations.parameters.len(), expected.len());
    for (got, want) in correlations.parameters.iter().zip(&expected) {
        assert_eq!(got.parameter, want.parameter);
        assert_eq!(got.rho, want.rho.to_vec());
    }
    // Checked against the slow way for every parameter and participants.
    let k = TargetMetric::Participants.index();
    let outputs: Vec<f64> = (0..120)
        .map(|r| {
            let mut out = RunResult::default();
            sim.run(r, &mut out);
            out.horizon[k]
        })
        .collect();
    for (p, got) in uncertain_parameters(&loaded.plan)
        .into_iter()
        .zip(&correlations.parameters)
    {
        let drawn: Vec<f64> = (0..120).map(|r| sim.run_parameters(r).get(p)).collect();
        let rho = naive_spearman(&drawn, &outputs);
        assert!(
            (got.rho[k].unwrap() - rho).abs() < 1e-9,
            "{}: {:?} vs {rho}",
            got.parameter,
            got.rho[k]
        );
    }
    // Expected mode samples nothing, so there is nothing to correlate.
    let expected_mode = with_runs("combined-plan", 1).replace("\"stochastic\"", "\"expected\"");
    let mut job = RunJob::start(&run_input(&expected_mode), None).unwrap();
    job.advance(10).unwrap();
    let sent = job.partial(true).samples.expect("samples");
    assert!(
        Correlations::from_samples(job.plan(), &sent)
            .parameters
            .is_empty()
    );
}

#[test]
fn a_comparison_in_slices_equals_the_in_process_comparison() {
    use sasaeai::job::compare::CompareJob;
    use sasaeai::job::threads::run_job;
    use sasaeai::report::compare::build_compare_report;
    use sasaeai::sim::TargetMetric;
    use sasaeai::sim::compare::align;
    use std::sync::atomic::AtomicBool;
    // The second scenario's own runs differ; the baseline's are used.
    let texts = vec![
        with_runs("status-quo", 10000),
        with_runs("combined-plan", 80),
    ];
    let loaded: Vec<_> = texts
        .iter()
        .map(|t| load_scenario_text(t, "test").unwrap())
        .collect();
    let mut plans: Vec<_> = loaded.iter().map(|l| l.plan.clone()).collect();
    align(&mut plans).unwrap();
    let sims: Vec<Simulator> = plans.iter().map(Simulator::new).collect();
    let (expected, _) = run_job(
        || CompareJob::from_plans(plans.clone(), 0..0),
        0..60,
        2,
        &AtomicBool::new(false),
        &|_| {},
    )
    .unwrap();

    let compare = |scenarios: Vec<String>| {
        Input::Compare(CompareInput {
            scenarios: scenarios.clone(),
        })
    };
    let request = Request::Start {
        job: 5,
        input: compare(texts.clone()),
        runs: Some(0..60),
    };
    assert_eq!(through_codec(&request), request);
    let mut task = Task::start(&compare(texts.clone()), Some(0..60)).unwrap();
    let mut slices = 0;
    while !task.finished() {
        task.advance(7).unwrap();
        slices += 1;
        match task.progress_response(5) {
            Response::Progress {
                job: 5,
                done,
                total: 60,
                partial: Partial::Compare(summary),
            } => assert_eq!(summary.runs(), done),
            other => panic!("{other:?}"),
        }
    }
    // 7 runs a slice over two scenarios: 3 paired runs a slice.
    assert_eq!(slices, 20);
    let answer = task.finish(5, false);
    assert_eq!(
        through_codec(&answer),
        answer,
        "the paired summaries survive the worker codec"
    );
    let Response::Finished {
        done: 60,
        cancelled: false,
        partial: Partial::Compare(summary),
        ..
    } = answer
    else {
        panic!("not a comparison's answer");
    };
    assert_eq!(summary, expected);

    // The report's participants difference against the runs themselves.
    let infos = loaded.iter().map(|l| l.info.clone()).collect();
    let report = build_compare_report(&plans, infos, &summary);
    let k = TargetMetric::Participants.index();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for r in 0..60 {
        let (mut x, mut y) = (RunResult::default(), RunResult::default());
        sims[0].run(r, &mut x);
        sims[1].run(r, &mut y);
        a.push(x.horizon[k]);
        b.push(y.horizon[k]);
    }
    let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let var = |v: &[f64]| {
        let m = mean(v);
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)
    };
    let m = report.pairs[0]
        .metrics
        .iter()
        .find(|m| m.metric == TargetMetric::Participants)
        .unwrap();
    assert!((m.difference.mean - mean(&d)).abs() <= 1e-6 * mean(&d).abs().max(1.0));
    let higher = d.iter().filter(|x| **x > 0.0).count() as f64 / 60.0;
    assert_eq!(m.p_higher, higher);
    let vrf = (var(&a) + var(&b)) / var(&d);
    let got = m.variance_reduction.unwrap();
    assert!((got - vrf).abs() <= 1e-6 * vrf, "VRF {got} vs {vrf}");

    // Too many scenarios, or different horizons: a message, no job.
    let five = vec![texts[0].clone(); 5];
    let message = Task::start(&compare(five), None).unwrap_err();
    assert!(message.en.contains("at most 4"), "{message:?}");
    assert!(message.ja.contains("4つまで"), "{message:?}");
    let shorter = texts[1].replace("horizon = 5", "horizon = 3");
    assert_ne!(shorter, texts[1]);
    let message = Task::start(&compare(vec![texts[0].clone(), shorter]), None).unwrap_err();
    assert!(message.en.contains("same horizon"), "{message:?}");
    assert!(message.ja.contains("期間はそろえて"), "{message:?}");
}
