//! Reading a scenario argument (a file or a built-in name) with the
//! command's settings, into a resolved plan.

use std::path::Path;

use sasaeai::model::ModelSpec;
use sasaeai::scenario::builtin;
use sasaeai::scenario::migrate::Upgrade;
use sasaeai::scenario::resolve::{
    format_of, parse_scenario, parse_scenario_upgraded, resolve, ward_data_for,
};
use sasaeai::scenario::schema::{MAX_BATCH_RUNS, MAX_RUNS, Scenario};
use sasaeai::scenario::{Format, Loaded};
use sasaeai::sim::Mode;

use super::args::{ModeArg, RunSettingsArgs};
use super::error::{Result, UserError};
use super::files::read_text_file;
use super::output::note;

/// Reads a file that a scenario names (ward data), relative to the scenario.
type FileReader = Box<dyn Fn(&str) -> std::result::Result<String, String>>;

/// Read a scenario argument: an existing file, else a built-in name.
fn read_scenario(arg: &str) -> Result<(Scenario, String, FileReader)> {
    let path = Path::new(arg);
    // A folder named like a built-in does not hide it.
    if path.exists() && !(path.is_dir() && builtin::scenario_text(arg).is_some()) {
        let text = read_text_file(path)
            .map_err(|e| UserError(format!("{arg}: cannot read the file: {e}")))?;
        let (scenario, upgrade) = parse_scenario_upgraded(&text, format_of(arg), arg)?;
        if let Some(upgrade) = upgrade {
            note(&format!("note: {arg}: {}", upgrade_note(arg, &upgrade)));
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let reader = move |name: &str| ward_file(&dir, name);
        return Ok((scenario, arg.to_string(), Box::new(reader)));
    }
    if let Some(text) = builtin::scenario_text(arg) {
        let scenario = parse_scenario(text, Format::Toml, arg)?;
        return Ok((
            scenario,
            arg.to_string(),
            Box::new(|name: &str| Err(format!("{name}: not a built-in ward data set"))),
        ));
    }
    let names: Vec<&str> = builtin::SCENARIOS.iter().map(|(n, _)| *n).collect();
    Err(UserError(format!(
        "{arg}: no such file, and no built-in scenario of that name (built-ins: {})",
        names.join(", ")
    )))
}

/// Read a ward data file a scenario in `dir` names.
pub(crate) fn ward_file(dir: &Path, name: &str) -> std::result::Result<String, String> {
    let path = dir.join(name);
    read_text_file(&path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The note for a file read after an upgrade from an older schema_version.
pub(crate) fn upgrade_note(arg: &str, upgrade: &Upgrade) -> String {
    format!(
        "{}; `sasaeai migrate {arg} --out FILE` writes the upgraded file",
        upgrade.describe()
    )
}

/// Whether `--runs` is the size of a batch split into shards (up to
/// [`MAX_BATCH_RUNS`]) or of one process's runs (up to [`MAX_RUNS`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Batch {
    OneProcess,
    Sharded,
}

fn apply_settings(scenario: &mut Scenario, settings: &RunSettingsArgs, batch: Batch) -> Result<()> {
    if let Some(runs) = settings.runs {
        match batch {
            Batch::OneProcess if !(1..=MAX_RUNS).contains(&runs) => {
                let hint = if (MAX_RUNS + 1..=MAX_BATCH_RUNS).contains(&runs) {
                    "; a larger batch runs in shards of at most 1,000,000 runs (run --shard I/N, then merge)"
                } else {
                    ""
                };
                return Err(UserError(format!(
                    "--runs {runs}: runs must be a whole number from 1 to 1,000,000{hint}"
                )));
            }
            Batch::Sharded if !(1..=MAX_BATCH_RUNS).contains(&runs) => {
                return Err(UserError(format!(
                    "--runs {runs}: the runs of a sharded batch must be a whole number from 1 to 1,000,000,000"
                )));
            }
            _ => {}
        }
        scenario.run.runs = runs as u64;
    }
    if let Some(seed) = settings.seed {
        if seed > i64::MAX as u64 {
            return Err(UserError(format!(
                "--seed {seed}: the seed must be from 0 to {}",
                i64::MAX
            )));
        }
        scenario.run.seed = seed;
    }
    if let Some(mode) = settings.mode {
        scenario.run.mode = match mode {
            ModeArg::Expected => Mode::Expected,
            ModeArg::Stochastic => Mode::Stochastic,
        };
    }
    if let Some(version) = settings.model
        && version != scenario.model.version
    {
        scenario.model = ModelSpec::of_version(version);
    }
    if let Some(t) = settings.threads
        && !(1..=MAX_THREADS).contains(&t)
    {
        return Err(UserError(format!(
            "--threads {t}: give from 1 to {MAX_THREADS} threads"
        )));
    }
    Ok(())
}

pub(crate) fn load(arg: &str, settings: &RunSettingsArgs) -> Result<Loaded> {
    load_batch(arg, settings, Batch::OneProcess)
}

pub(crate) fn load_batch(arg: &str, settings: &RunSettingsArgs, batch: Batch) -> Result<Loaded> {
    let (mut scenario, source, reader) = read_scenario(arg)?;
    apply_settings(&mut scenario, settings, batch)?;
    let data = ward_data_for(&scenario, &source, &*reader)?;
    Ok(resolve(scenario, data, &source)?)
}

pub(crate) fn threads(settings: &RunSettingsArgs) -> usize {
    settings
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Most worker threads `--threads` accepts.
const MAX_THREADS: usize = 256;

/// Settings that change nothing in the file.
pub(crate) const NO_SETTINGS: RunSettingsArgs = RunSettingsArgs {
    runs: None,
    seed: None,
    mode: None,
    threads: None,
    model: None,
};
