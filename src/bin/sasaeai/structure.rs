//! `sasaeai structure`: the scenario under every model structure (all
//! mechanisms of version 2, each one off in turn, version 1), paired.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use sasaeai::job::run::RunJob;
use sasaeai::job::threads::run_job;
use sasaeai::report::structure::{StructureReport, build_structure_report};
use sasaeai::sim::structure::Structure;

use super::args::{RunSettingsArgs, TableOrJson};
use super::error::{Result, UserError};
use super::load::{load, threads};
use super::output::{progress_bar, work_of, write_output};

/// Runs per structure when `--runs` is not given: at most this many of the
/// file's runs (eight structures are run; 2,000 paired runs put the
/// standard error of a P(met) near 50 % at 1.1 points).
pub(crate) const DEFAULT_STRUCTURE_RUNS: u64 = 2_000;

pub(crate) fn cmd_structure(
    arg: &str,
    settings: &RunSettingsArgs,
    format: TableOrJson,
    out: Option<String>,
) -> Result<ExitCode> {
    let mut loaded = load(arg, settings)?;
    if settings.runs.is_none() {
        loaded.plan.runs = loaded.plan.runs.min(DEFAULT_STRUCTURE_RUNS);
    }
    let plan = &loaded.plan;
    let structures = Structure::all();
    let total = plan.runs * structures.len() as u64;
    let bar = progress_bar(total, work_of(plan, total));
    let cancel = AtomicBool::new(false);
    let mut results = Vec::with_capacity(structures.len());
    for (k, s) in structures.into_iter().enumerate() {
        let p = s.plan_for(plan);
        let offset = k as u64 * plan.runs;
        let (partial, _) = run_job(
            || RunJob::from_plan(p.clone(), 0..0, false),
            0..p.runs,
            threads(settings),
            &cancel,
            &|done| bar.set_position(offset + done),
        )
        .map_err(|e| UserError(e.en))?;
        results.push((s, *partial.summary));
    }
    bar.finish_and_clear();
    let report = build_structure_report(plan, loaded.info.clone(), &results);
    let text = match format {
        TableOrJson::Table => StructureReport::to_table(&report),
        TableOrJson::Json => report.to_json() + "\n",
    };
    write_output(out, &text)
}
