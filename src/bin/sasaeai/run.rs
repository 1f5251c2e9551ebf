//! `sasaeai run`: run a scenario, whole or one shard of a batch.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use sasaeai::job::run::RunJob;
use sasaeai::job::threads::run_job;
use sasaeai::report::build_report;
use sasaeai::scenario::schema::MAX_RUNS;
use sasaeai::sim::batch::shard_range;
use sasaeai::sim::shard::ShardFile;

use super::args::{OutputFormat, RunSettingsArgs};
use super::error::{Result, UserError};
use super::load::{Batch, load_batch, threads};
use super::output::{progress_bar, render, work_of, write_output, write_raw};

pub(crate) fn cmd_run(
    arg: &str,
    settings: &RunSettingsArgs,
    format: OutputFormat,
    out: Option<String>,
    shard: Option<String>,
) -> Result<ExitCode> {
    let batch = if shard.is_some() {
        Batch::Sharded
    } else {
        Batch::OneProcess
    };
    let loaded = load_batch(arg, settings, batch)?;
    let plan = &loaded.plan;
    let range = match &shard {
        None => 0..plan.runs,
        Some(spec) => {
            let (i, n) = parse_shard(spec)?;
            if n > plan.runs {
                return Err(UserError(format!(
                    "--shard {spec}: {n} shards for {} runs; use at most one shard per run",
                    plan.runs
                )));
            }
            let largest = plan.runs.div_ceil(n);
            if largest > MAX_RUNS as u64 {
                return Err(UserError(format!(
                    "--shard {spec}: shards of up to {} runs; a shard runs at most 1,000,000, so split {} runs into at least {} shards",
                    group_runs(largest),
                    group_runs(plan.runs),
                    plan.runs.div_ceil(MAX_RUNS as u64)
                )));
            }
            shard_range(plan.runs, i, n)
        }
    };
    let bar = progress_bar(
        range.end - range.start,
        work_of(plan, range.end - range.start),
    );
    let cancel = AtomicBool::new(false);
    let (partial, _) = run_job(
        || RunJob::from_plan(plan.clone(), 0..0, false),
        range.clone(),
        threads(settings),
        &cancel,
        &|done| bar.set_position(done),
    )
    .map_err(|e| UserError(e.en))?;
    bar.finish_and_clear();
    let acc = *partial.summary;

    if let Some(spec) = shard {
        let (i, n) = parse_shard(&spec)?;
        let file = ShardFile::new(&loaded, i, n, range, acc)?;
        return write_raw(out, &file.to_json()?);
    }
    let report = build_report(plan, loaded.info.clone(), &acc, loaded.warnings.clone());
    write_output(out, &render(&report, format))
}

fn parse_shard(spec: &str) -> Result<(u64, u64)> {
    let bad = || {
        UserError(format!(
            "--shard {spec}: write shard i of n as I/N with 1 ≤ I ≤ N, e.g. 3/10"
        ))
    };
    let (i, n) = spec.split_once('/').ok_or_else(bad)?;
    let i: u64 = i.trim().parse().map_err(|_| bad())?;
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    if i == 0 || n == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

/// Runs with thousands separators, for messages.
fn group_runs(n: u64) -> String {
    sasaeai::text::format::group_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}
