//! `sasaeai structure`: the scenario under every model structure (all
//! mechanisms of version 2, each one off in turn, version 1), paired.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use sasaeai::job::structure::{DEFAULT_STRUCTURE_RUNS, StructureJob};
use sasaeai::job::threads::run_job;
use sasaeai::report::structure::{StructureReport, build_structure_report};
use sasaeai::sim::structure::Structure;

use super::args::{RunSettingsArgs, TableOrJson};
use super::error::{Result, UserError};
use super::load::{load, threads};
use super::output::{progress_bar, work_of, write_output};

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
    let total = plan.runs * Structure::all().len() as u64;
    let bar = progress_bar(total, work_of(plan, total));
    let cancel = AtomicBool::new(false);
    let structures = Structure::all().len() as u64;
    let (partial, _) = run_job(
        || StructureJob::from_plan(plan, 0..0),
        0..plan.runs,
        threads(settings),
        &cancel,
        &|done| bar.set_position(done * structures),
    )
    .map_err(|e| UserError(e.en))?;
    let results = StructureJob::results(partial);
    bar.finish_and_clear();
    let report = build_structure_report(plan, loaded.info.clone(), &results);
    let text = match format {
        TableOrJson::Table => StructureReport::to_table(&report),
        TableOrJson::Json => report.to_json() + "\n",
    };
    write_output(out, &text)
}
