//! `sasaeai sensitivity`: which uncertain parameters move an output.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use sasaeai::report::sensitivity::{SensitivityReport, build_sensitivity_report};
use sasaeai::sim::sensitivity::{
    MAX_RUN_SAMPLES, rank_correlations, sample_parallel, tornado_runs,
};
use sasaeai::sim::{Simulator, TargetMetric};

use super::args::{OutputFormat, RunSettingsArgs};
use super::error::{Result, UserError};
use super::load::{load, threads};
use super::output::{progress_bar, work_of, write_formatted};

pub(crate) fn cmd_sensitivity(
    arg: &str,
    output: &str,
    settings: &RunSettingsArgs,
    format: OutputFormat,
    out: Option<String>,
) -> Result<ExitCode> {
    let Some(metric) = TargetMetric::from_key(output) else {
        let allowed: Vec<&str> = TargetMetric::ALL.iter().map(|m| m.key()).collect();
        return Err(UserError(format!(
            "--output {output}: unknown output; use one of {}",
            allowed.join(", ")
        )));
    };
    let loaded = load(arg, settings)?;
    let plan = &loaded.plan;
    let tornado = tornado_runs(plan);
    let sim = Simulator::new(plan);
    let bar = progress_bar(plan.runs, work_of(plan, plan.runs));
    let cancel = AtomicBool::new(false);
    let (_, samples) = sample_parallel(
        &sim,
        0..plan.runs,
        MAX_RUN_SAMPLES,
        threads(settings),
        &cancel,
        &|done| bar.set_position(done),
    );
    bar.finish_and_clear();
    let correlations = rank_correlations(&sim, &samples);
    let report = build_sensitivity_report(
        plan,
        loaded.info.clone(),
        metric,
        &tornado,
        &correlations,
        &samples,
    );
    write_formatted(
        out,
        format,
        &report,
        SensitivityReport::to_table,
        SensitivityReport::to_csv,
    )
}
