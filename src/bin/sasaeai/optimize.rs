//! `sasaeai optimize`: the split of a total budget that does best on an
//! objective.

use std::path::Path;
use std::process::ExitCode;

use sasaeai::sim::optimize::{OptimizeSettings, Optimizer};

use super::args::{RunSettingsArgs, TableOrJson};
use super::error::{Result, UserError};
use super::files::{refuse_input_as_output, write_file_atomically};
use super::load::{load, threads};
use super::output::{output_failure, progress_bar, work_of, write_output};

pub(crate) fn cmd_optimize(
    arg: &str,
    run_settings: &RunSettingsArgs,
    settings: OptimizeSettings,
    format: TableOrJson,
    out: Option<String>,
    save: Option<String>,
) -> Result<ExitCode> {
    let loaded = load(arg, run_settings)?;
    let mut optimizer = Optimizer::new(&loaded, settings)?;
    let total = optimizer.runs_total();
    let bar = progress_bar(total, work_of(&loaded.plan, total));
    let report = optimizer
        .run_parallel(threads(run_settings), |p| {
            bar.set_position(p.runs_done);
            true
        })?
        .cloned()
        .ok_or_else(|| UserError("the search stopped before its end".into()))?;
    bar.finish_and_clear();
    if let Some(path) = save {
        refuse_input_as_output("--save", &path)?;
        if let Err(e) = write_file_atomically(Path::new(&path), report.scenario_toml.as_bytes()) {
            return Ok(output_failure(&format!(
                "--save {path}: cannot write the scenario: {e}; any earlier file there is unchanged"
            )));
        }
    }
    let text = match format {
        TableOrJson::Table => report.to_table(),
        TableOrJson::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    write_output(out, &text)
}
