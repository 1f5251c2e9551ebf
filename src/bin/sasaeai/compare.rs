//! `sasaeai compare`: 2 to 4 scenarios run by run on the same random
//! numbers.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use sasaeai::job::compare::CompareJob;
use sasaeai::job::threads::run_job;
use sasaeai::report::compare::{CompareReport, build_compare_report};
use sasaeai::scenario::{Loaded, ScenarioInfo};
use sasaeai::sim::compare::align;

use super::args::{OutputFormat, RunSettingsArgs};
use super::error::{Result, UserError};
use super::load::{load, threads};
use super::output::{note, progress_bar, work_of, write_formatted};

pub(crate) fn cmd_compare(
    args: &[String],
    settings: &RunSettingsArgs,
    format: OutputFormat,
    out: Option<String>,
) -> Result<ExitCode> {
    let loaded: Vec<Loaded> = args
        .iter()
        .map(|a| load(a, settings))
        .collect::<Result<_>>()?;
    let mut plans: Vec<_> = loaded.iter().map(|l| l.plan.clone()).collect();
    for note in align(&mut plans)? {
        self::note(&format!("note: {note}"));
    }
    let infos: Vec<ScenarioInfo> = loaded.iter().map(|l| l.info.clone()).collect();
    let runs = plans[0].runs;
    let bar = progress_bar(runs, work_of(&plans[0], runs) * plans.len() as f64);
    let cancel = AtomicBool::new(false);
    let (acc, _) = run_job(
        || CompareJob::from_plans(plans.clone(), 0..0),
        0..runs,
        threads(settings),
        &cancel,
        &|d| bar.set_position(d),
    )
    .map_err(|e| UserError(e.en))?;
    bar.finish_and_clear();
    let report = build_compare_report(&plans, infos, &acc);
    write_formatted(
        out,
        format,
        &report,
        CompareReport::to_table,
        CompareReport::to_csv,
    )
}
