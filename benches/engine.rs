//! Engine benchmarks: ward-months per second in expected and stochastic
//! mode, the cost of one run of the default data and of a group of runs
//! stepped together, and 10,000 stochastic runs of the default 23-ward,
//! 60-month data on one thread.
//!
//! `make bench` runs them; `scripts/bench.sh` writes the figures to
//! `benches/RESULTS.md`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sasaeai::scenario::load_builtin;
use sasaeai::sim::batch::run_range;
use sasaeai::sim::lanes::LaneBackend;
use sasaeai::sim::{Accumulator, Mode, Plan, RunResult, Simulator};

fn plan(name: &str, mode: Mode) -> Plan {
    let mut plan = load_builtin(name).expect("built-in").expect("valid").plan;
    plan.mode = mode;
    plan
}

fn ward_months(plan: &Plan) -> u64 {
    (plan.wards.len() * plan.months()) as u64
}

/// One run (23 wards × 60 months), simulation only, per mode and scenario.
fn one_run(c: &mut Criterion) {
    let mut group = c.benchmark_group("one_run");
    for name in ["status-quo", "combined-plan"] {
        for mode in [Mode::Expected, Mode::Stochastic] {
            let plan = plan(name, mode);
            let sim = Simulator::new(&plan);
            let mut out = RunResult::default();
            group.throughput(Throughput::Elements(ward_months(&plan)));
            let mut r = 0;
            group.bench_function(BenchmarkId::new(mode.key(), name), |b| {
                b.iter(|| {
                    r += 1;
                    sim.run(black_box(r), &mut out);
                })
            });
        }
    }
    // The same runs with the portable lanes (the path of processors
    // without AVX2 and of WebAssembly) and one ward at a time, for
    // comparison.
    for name in ["status-quo", "combined-plan"] {
        let plan = plan(name, Mode::Stochastic);
        let portable = Simulator::new(&plan).with_lane_backend(LaneBackend::Portable);
        let scalar = Simulator::new(&plan).without_lanes();
        for (key, sim) in [
            ("stochastic-portable-lanes", portable),
            ("stochastic-ward-by-ward", scalar),
        ] {
            let mut out = RunResult::default();
            group.throughput(Throughput::Elements(ward_months(&plan)));
            let mut r = 0;
            group.bench_function(BenchmarkId::new(key, name), |b| {
                b.iter(|| {
                    r += 1;
                    sim.run(black_box(r), &mut out);
                })
            });
        }
    }
    group.finish();
}

/// Stochastic runs stepped as the batch runner steps them: a group of
/// [`Simulator::group_size`] runs (eight with AVX-512, four otherwise),
/// whose wards share the vector lanes, simulation only; the default data
/// and the one-ward example, whose eight runs fill the lanes as well.
fn grouped_runs(c: &mut Criterion) {
    let mut group = c.benchmark_group("grouped_runs");
    for name in ["status-quo", "combined-plan", "my-ward"] {
        let plan = if name == "my-ward" {
            one_ward()
        } else {
            plan(name, Mode::Stochastic)
        };
        let fastest = Simulator::new(&plan);
        let portable = Simulator::new(&plan).with_lane_backend(LaneBackend::Portable);
        for (key, sim) in [
            ("stochastic", fastest),
            ("stochastic-portable-lanes", portable),
        ] {
            let size = sim.group_size();
            let mut outs = vec![RunResult::default(); size];
            group.throughput(Throughput::Elements(size as u64 * ward_months(&plan)));
            let mut first = 0;
            group.bench_function(BenchmarkId::new(key, name), |b| {
                b.iter(|| {
                    let runs: Vec<u64> = (first..first + size as u64).collect();
                    first += size as u64;
                    sim.run_group(black_box(&runs), &mut outs);
                })
            });
        }
    }
    group.finish();
}

/// One run plus adding it to the streaming summaries.
fn run_and_summarise(c: &mut Criterion) {
    let mut group = c.benchmark_group("run_and_summarise");
    let plan = plan("combined-plan", Mode::Stochastic);
    let sim = Simulator::new(&plan);
    let mut acc = Accumulator::new(&plan);
    let mut out = RunResult::default();
    group.throughput(Throughput::Elements(ward_months(&plan)));
    let mut r = 0;
    group.bench_function("stochastic/combined-plan", |b| {
        b.iter(|| {
            r += 1;
            run_range(&sim, r..r + 1, &mut acc, &mut out);
        })
    });
    group.finish();
}

/// The one-ward example (`scenarios/examples/my-ward.toml`), stochastic.
fn one_ward() -> Plan {
    let text = include_str!("../scenarios/examples/my-ward.toml");
    let mut plan = sasaeai::scenario::load_text(
        text,
        sasaeai::scenario::Format::Toml,
        "my-ward.toml",
        &|name| Err(format!("no file {name}")),
    )
    .expect("valid")
    .plan;
    plan.mode = Mode::Stochastic;
    plan
}

/// 10,000 stochastic runs on one thread, summaries included: the default
/// data, and the one-ward example (whose runs each summarise as many
/// figures as a 23-ward run).
fn ten_thousand_runs(c: &mut Criterion) {
    let mut group = c.benchmark_group("ten_thousand_runs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    for name in ["status-quo", "combined-plan", "my-ward"] {
        let plan = if name == "my-ward" {
            one_ward()
        } else {
            plan(name, Mode::Stochastic)
        };
        let sim = Simulator::new(&plan);
        group.throughput(Throughput::Elements(10_000 * ward_months(&plan)));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut acc = Accumulator::new(&plan);
                run_range(&sim, 0..10_000, &mut acc, &mut RunResult::default());
                black_box(acc.runs)
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    one_run,
    grouped_runs,
    run_and_summarise,
    ten_thousand_runs
);
criterion_main!(benches);
