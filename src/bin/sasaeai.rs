//! `sasaeai`: the command-line edge of the engine — run, compare, validate,
//! calibrate and sample scenarios, and merge sharded batches.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use sasaeai::job::compare::CompareJob;
use sasaeai::job::run::RunJob;
use sasaeai::job::threads::run_job;
use sasaeai::model::distribution::Distribution;
use sasaeai::report::build_report;
use sasaeai::report::compare::{CompareReport, build_compare_report};
use sasaeai::report::sensitivity::{SensitivityReport, build_sensitivity_report};
use sasaeai::scenario::ScenarioInfo;
use sasaeai::scenario::builtin;
use sasaeai::scenario::calibration::calibration_report;
use sasaeai::scenario::migrate::{Upgrade, migrate};
use sasaeai::scenario::resolve::{
    MAX_FILE_BYTES, format_of, parse_scenario, parse_scenario_upgraded, parse_tree, read_upgraded,
    resolve, ward_data_for,
};
use sasaeai::scenario::schema::{MAX_BATCH_RUNS, MAX_RUNS, Scenario};
use sasaeai::scenario::{Format, Loaded};
use sasaeai::sim::batch::shard_range;
use sasaeai::sim::compare::align;
use sasaeai::sim::optimize::{LineBounds, Objective, OptimizeSettings, Optimizer};
use sasaeai::sim::sensitivity::{
    MAX_RUN_SAMPLES, rank_correlations, sample_parallel, tornado_runs,
};
use sasaeai::sim::shard::{MAX_SHARD_FILE_BYTES, Merger, ShardFile};
use sasaeai::sim::stream::{Stream, mix64};
use sasaeai::sim::{Mode, Simulator, TargetMetric};

/// Monte Carlo planning of peer-support programmes (ピアサポート活動支援) for
/// Tokyo's 23 special wards.
#[derive(Parser)]
#[command(name = "sasaeai", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OutputFormat {
    /// Plain text for the terminal.
    Table,
    /// JSON (MODEL.md §8).
    Json,
    /// Tidy CSV: section, output, period, statistic, value.
    Csv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum TableOrJson {
    /// Plain text for the terminal.
    Table,
    /// JSON.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ModeArg {
    /// Expected values with point parameters (one run).
    Expected,
    /// Random counts with sampled parameters.
    Stochastic,
}

#[derive(clap::Args, Debug)]
struct RunSettingsArgs {
    /// Number of Monte Carlo runs (1 to 1,000,000; overrides the file). With
    /// `run --shard`, the runs of the whole batch: up to 1,000,000,000, at
    /// most 1,000,000 per shard.
    #[arg(long)]
    runs: Option<i64>,
    /// Seed of every random stream (overrides the file).
    #[arg(long)]
    seed: Option<u64>,
    /// Expected or stochastic mode (overrides the file).
    #[arg(long, value_enum)]
    mode: Option<ModeArg>,
    /// Worker threads (default: every core). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario (a file, or a built-in name such as status-quo).
    Run {
        /// Scenario file (.toml or .json) or built-in name.
        scenario: String,
        #[command(flatten)]
        settings: RunSettingsArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
        /// Run only shard i of n (e.g. 3/10) and write a shard file for `sasaeai merge`.
        #[arg(long, value_name = "I/N")]
        shard: Option<String>,
    },
    /// Merge shard files of one batch into its report.
    Merge {
        /// Shard files written by `sasaeai run … --shard i/n`.
        #[arg(required = true)]
        shards: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Compare 2 to 4 scenarios run by run with common random numbers (the first is the baseline).
    Compare {
        /// Two to four scenario files or built-in names.
        #[arg(required = true, num_args = 2..)]
        scenarios: Vec<String>,
        #[command(flatten)]
        settings: RunSettingsArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Which uncertain parameters move an output: a tornado (each parameter at
    /// its 10th and 90th percentile, expected mode) and Spearman rank
    /// correlations over stochastic runs.
    Sensitivity {
        /// Scenario file (.toml or .json) or built-in name.
        scenario: String,
        /// Output judged at the horizon (participants, continuation, satisfaction, awareness,
        /// certified, untrained, supporters, waitlist, total_spending).
        #[arg(long, default_value = "participants")]
        output: String,
        #[command(flatten)]
        settings: RunSettingsArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Search the split of a total budget over the six lines (and optionally
    /// the spread over wards) that does best on an objective.
    Optimize {
        /// Scenario file (.toml or .json) or built-in name to start from.
        scenario: String,
        /// all-targets, target:<id>, participants or cost-per-retained.
        #[arg(long, default_value = "all-targets")]
        objective: String,
        /// Total budget per FY in yen (default: the scenario's first FY).
        #[arg(long)]
        total: Option<f64>,
        /// Share bounds, e.g. staff=0.05:0.3,grants=0.2:0.8 (others 0:1).
        #[arg(long, default_value = "")]
        bounds: String,
        /// Search the spread over wards too.
        #[arg(long)]
        spread: bool,
        /// Iterations of the search (1 to 200).
        #[arg(long, default_value_t = 10)]
        iterations: usize,
        /// Allocations tried per iteration (4 to 200).
        #[arg(long, default_value_t = 12)]
        candidates: usize,
        /// Runs per allocation, common to all (1 to 100,000).
        #[arg(long, default_value_t = 120)]
        runs_per_candidate: u64,
        /// Fresh runs validating the best allocation and the start (2 to 1,000,000).
        #[arg(long, default_value_t = 1000)]
        validation_runs: u64,
        /// Seed of every random stream (overrides the file).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: every core). Results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
        /// Write the best allocation as a scenario file (TOML) here.
        #[arg(long)]
        save: Option<String>,
    },
    /// Calibrate a scenario to its wards' figures and check them: a ward's own
    /// file with a [my_ward] section, or any scenario file or built-in name.
    /// Prints the calibrated rates, references, warnings and notes; exit 2 on
    /// invalid input.
    Calibrate {
        /// Scenario file (.toml or .json) or built-in name.
        scenario: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: TableOrJson,
        /// Write the output here instead of standard output.
        #[arg(long)]
        out: Option<String>,
    },
    /// Check scenario files; exit 0 when all are valid, 2 otherwise.
    Validate {
        /// Scenario files or built-in names.
        #[arg(required = true)]
        scenarios: Vec<String>,
    },
    /// Upgrade a scenario file of an older schema_version to the current one.
    Migrate {
        /// Scenario file (.toml or .json).
        file: String,
        /// Write the upgraded file here (TOML, or JSON for a .json name)
        /// instead of standard output (in the file's own format).
        #[arg(long)]
        out: Option<String>,
    },
    /// Draw samples of a distribution written as in scenario files, one per line.
    Sample {
        /// A distribution, e.g. 'pert(0.1,0.3,0.45)' or 'lognormal(median=10,p95=20)'.
        distribution: String,
        /// Number of samples (1 to 10,000,000).
        #[arg(long, default_value_t = 10)]
        n: u64,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// List the built-in scenarios.
    List,
    /// Serve the built browser app (the www folder) on this machine.
    Serve {
        /// Folder to serve.
        #[arg(default_value = "www")]
        dir: String,
        /// Port.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on (loopback by default, so only this machine can connect).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Let pages from this one origin (e.g. http://127.0.0.1:8000) read the
        /// files: sent as Access-Control-Allow-Origin. None by default.
        #[arg(long, value_name = "ORIGIN")]
        allow_origin: Option<String>,
    },
}

/// An error for the user: printed to stderr, exit code 2.
struct UserError(String);

impl<E: std::fmt::Display> From<E> for UserError {
    fn from(e: E) -> Self {
        UserError(e.to_string())
    }
}

type Result<T> = std::result::Result<T, UserError>;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "sasaeai: internal error{location}. This is a bug in Sasaeai, not in your scenario; please report it \
             with the command you ran."
        );
    }));
    let cli = Cli::parse();
    if let Err(UserError(message)) = check_outputs(&cli.command) {
        note(&message);
        return ExitCode::from(2);
    }
    let result = std::panic::catch_unwind(|| match cli.command {
        Command::Run {
            scenario,
            settings,
            format,
            out,
            shard,
        } => cmd_run(&scenario, &settings, format, out, shard),
        Command::Merge {
            shards,
            format,
            out,
        } => cmd_merge(&shards, format, out),
        Command::Compare {
            scenarios,
            settings,
            format,
            out,
        } => cmd_compare(&scenarios, &settings, format, out),
        Command::Sensitivity {
            scenario,
            output,
            settings,
            format,
            out,
        } => cmd_sensitivity(&scenario, &output, &settings, format, out),
        Command::Optimize {
            scenario,
            objective,
            total,
            bounds,
            spread,
            iterations,
            candidates,
            runs_per_candidate,
            validation_runs,
            seed,
            threads,
            format,
            out,
            save,
        } => (|| {
            let settings = OptimizeSettings {
                objective: Objective::parse(&objective)?,
                total,
                bounds: LineBounds::parse(&bounds)?,
                search_spread: spread,
                iterations,
                candidates,
                runs_per_candidate,
                validation_runs,
            };
            let run_settings = RunSettingsArgs {
                runs: None,
                seed,
                mode: None,
                threads,
            };
            cmd_optimize(&scenario, &run_settings, settings, format, out, save)
        })(),
        Command::Calibrate {
            scenario,
            format,
            out,
        } => cmd_calibrate(&scenario, format, out),
        Command::Validate { scenarios } => cmd_validate(&scenarios),
        Command::Migrate { file, out } => cmd_migrate(&file, out),
        Command::Sample {
            distribution,
            n,
            seed,
        } => cmd_sample(&distribution, n, seed),
        Command::List => cmd_list(),
        Command::Serve {
            dir,
            port,
            host,
            allow_origin,
        } => cmd_serve(&dir, &host, port, allow_origin),
    });
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(UserError(message))) => {
            note(&message);
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(3),
    }
}

/// Refuse, before any work, an `--out` or `--save` that names a file the
/// command reads (the files a scenario names are checked when read).
fn check_outputs(command: &Command) -> Result<()> {
    let (inputs, outputs): (Vec<&String>, Vec<(&str, &Option<String>)>) = match command {
        Command::Run { scenario, out, .. }
        | Command::Sensitivity { scenario, out, .. }
        | Command::Calibrate { scenario, out, .. } => (vec![scenario], vec![("--out", out)]),
        Command::Merge { shards, out, .. } => (shards.iter().collect(), vec![("--out", out)]),
        Command::Compare { scenarios, out, .. } => {
            (scenarios.iter().collect(), vec![("--out", out)])
        }
        Command::Optimize {
            scenario,
            out,
            save,
            ..
        } => (vec![scenario], vec![("--out", out), ("--save", save)]),
        Command::Migrate { file, out } => (vec![file], vec![("--out", out)]),
        _ => return Ok(()),
    };
    for (option, out) in outputs {
        let Some(out) = out else { continue };
        if let Some(input) = inputs
            .iter()
            .find(|input| same_file(Path::new(input), Path::new(out)))
        {
            return Err(UserError(format!(
                "{option} {out}: this is {input}, an input of the command; write the output to another file"
            )));
        }
    }
    if let Command::Optimize {
        out: Some(out),
        save: Some(save),
        ..
    } = command
        && (out == save || same_file(Path::new(out), Path::new(save)))
    {
        return Err(UserError(format!(
            "--out {out} and --save {save} name one file; give two files"
        )));
    }
    Ok(())
}

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
fn ward_file(dir: &Path, name: &str) -> std::result::Result<String, String> {
    let path = dir.join(name);
    read_text_file(&path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Whether `--runs` is the size of a batch split into shards (up to
/// [`MAX_BATCH_RUNS`]) or of one process's runs (up to [`MAX_RUNS`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Batch {
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
    if let Some(t) = settings.threads
        && !(1..=MAX_THREADS).contains(&t)
    {
        return Err(UserError(format!(
            "--threads {t}: give from 1 to {MAX_THREADS} threads"
        )));
    }
    Ok(())
}

fn load(arg: &str, settings: &RunSettingsArgs) -> Result<Loaded> {
    load_batch(arg, settings, Batch::OneProcess)
}

fn load_batch(arg: &str, settings: &RunSettingsArgs, batch: Batch) -> Result<Loaded> {
    let (mut scenario, source, reader) = read_scenario(arg)?;
    apply_settings(&mut scenario, settings, batch)?;
    let data = ward_data_for(&scenario, &source, &*reader)?;
    Ok(resolve(scenario, data, &source)?)
}

fn threads(settings: &RunSettingsArgs) -> usize {
    settings
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Write a command's output to `--out` or standard output. A table or CSV
/// has its control characters shown escaped, so that text from a scenario
/// (a title, a ward name) cannot drive the terminal. Exit code 1 with a
/// message when the output cannot be written; a closed pipe (`| head`) ends
/// quietly.
fn write_output(out: Option<String>, text: &str) -> Result<ExitCode> {
    write_raw(out, &shown_escaped(text))
}

/// [`write_output`] of a file format (a shard file, a migrated scenario),
/// whose writer escapes control characters itself.
fn write_raw(out: Option<String>, text: &str) -> Result<ExitCode> {
    match out {
        Some(path) => {
            refuse_input_as_output("--out", &path)?;
            Ok(
                match write_file_atomically(Path::new(&path), text.as_bytes()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => output_failure(&format!(
                        "--out {path}: cannot write the output: {e}; any earlier file there is unchanged"
                    )),
                },
            )
        }
        None => Ok(match write_stdout(text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => output_failure(&format!("cannot write to standard output: {e}")),
        }),
    }
}

/// Say that the output could not be written: exit code 1.
fn output_failure(message: &str) -> ExitCode {
    note(message);
    ExitCode::from(1)
}

/// A line on standard error (nowhere to report it if that fails too).
fn note(message: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "sasaeai: {}",
        shown_escaped(message.trim_end())
    );
}

/// Write to standard output and flush.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// `text` with every control character but the line feed (and the
/// characters that reorder text, U+202A–U+202E and U+2066–U+2069) written
/// as an escape such as `\u{1b}`, so that printing it cannot move the
/// cursor, retitle the window or hide text.
fn shown_escaped(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Files this command has read: `--out` and `--save` may not name one.
static INPUTS: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Remember that the command reads `path`.
fn record_input(path: &Path) {
    if let Ok(mut inputs) = INPUTS.lock() {
        inputs.push(path.to_path_buf());
    }
}

/// Refuse an output path that is one of the command's inputs (the same
/// file, by any name or link).
fn refuse_input_as_output(option: &str, path: &str) -> Result<()> {
    let inputs = INPUTS.lock().map(|i| i.clone()).unwrap_or_default();
    match inputs
        .iter()
        .find(|input| same_file(input, Path::new(path)))
    {
        Some(input) => Err(UserError(format!(
            "{option} {path}: this is {}, an input of the command; write the output to another file",
            input.display()
        ))),
        None => Ok(()),
    }
}

/// Whether two paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
    }
}

/// Write `bytes` to `path` through a temporary file in the same folder,
/// renamed into place, so that a failed write leaves any earlier file
/// whole. A path that exists and is not a regular file (a terminal,
/// `/dev/null`, a pipe) is written directly.
fn write_file_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        file.write_all(bytes)?;
        return file.flush();
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        if let Some(m) = &existing {
            file.set_permissions(m.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Read a text file the command or a scenario names: a regular file only
/// (not a device, a pipe or a folder), of at most [`MAX_FILE_BYTES`], as
/// UTF-8. The message says what is wrong, never what the file holds.
fn read_text_file(path: &Path) -> std::result::Result<String, String> {
    let bytes = read_regular_file(path, MAX_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// Read a regular file (not a device, a pipe or a folder) of at most
/// `max_bytes`, checking the size before reading, and remember it as an
/// input of the command.
fn read_regular_file(path: &Path, max_bytes: usize) -> std::result::Result<Vec<u8>, String> {
    let too_large = |bytes: u64| {
        format!(
            "the file is {:.1} MB; files may be at most {} MB",
            bytes as f64 / 1_048_576.0,
            max_bytes / 1_048_576
        )
    };
    let not_regular = "not a regular file (a folder, device or pipe is not read)";
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(not_regular.into());
    }
    if meta.len() > max_bytes as u64 {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if !file.metadata().map_err(|e| e.to_string())?.is_file() {
        return Err(not_regular.into());
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, max_bytes as u64 + 1),
        &mut bytes,
    )
    .map_err(|e| e.to_string())?;
    if bytes.len() > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    record_input(path);
    Ok(bytes)
}

/// A progress bar on stderr for long batches, hidden when stderr is not a terminal.
fn progress_bar(total: u64, work: f64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() || work < 5.0e7 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos}/{len} runs [{bar:40}] {percent}% · {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn work_of(plan: &sasaeai::sim::Plan, runs: u64) -> f64 {
    runs as f64 * plan.wards.len() as f64 * plan.months() as f64
}

/// Most worker threads `--threads` accepts.
const MAX_THREADS: usize = 256;

fn cmd_run(
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

fn render(report: &sasaeai::report::Report, format: OutputFormat) -> String {
    match format {
        OutputFormat::Table => report.to_table(),
        OutputFormat::Json => report.to_json() + "\n",
        OutputFormat::Csv => report.to_csv(),
    }
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

fn cmd_merge(paths: &[String], format: OutputFormat, out: Option<String>) -> Result<ExitCode> {
    let mut merger = Merger::new();
    for path in paths {
        let bytes = read_regular_file(Path::new(path), MAX_SHARD_FILE_BYTES)
            .map_err(|e| UserError(format!("{path}: cannot read: {e}")))?;
        merger.add(path, &bytes)?;
    }
    let merged = merger.finish()?;
    write_output(out, &render(&merged.report(), format))
}

/// Runs with thousands separators, for messages.
fn group_runs(n: u64) -> String {
    sasaeai::text::format::group_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

fn cmd_compare(
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

fn cmd_sensitivity(
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

/// Write a report as a table, pretty JSON or CSV.
fn write_formatted<R: Serialize>(
    out: Option<String>,
    format: OutputFormat,
    report: &R,
    table: fn(&R) -> String,
    csv: fn(&R) -> String,
) -> Result<ExitCode> {
    let text = match format {
        OutputFormat::Table => table(report),
        OutputFormat::Json => serde_json::to_string_pretty(report)? + "\n",
        OutputFormat::Csv => csv(report),
    };
    write_output(out, &text)
}

fn cmd_optimize(
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

/// Settings that change nothing in the file.
const NO_SETTINGS: RunSettingsArgs = RunSettingsArgs {
    runs: None,
    seed: None,
    mode: None,
    threads: None,
};

fn cmd_calibrate(arg: &str, format: TableOrJson, out: Option<String>) -> Result<ExitCode> {
    let loaded = load(arg, &NO_SETTINGS)?;
    let report = calibration_report(&loaded);
    let text = match format {
        TableOrJson::Table => report.to_table(),
        TableOrJson::Json => report.to_json() + "\n",
    };
    write_output(out, &text)
}

fn cmd_validate(args: &[String]) -> Result<ExitCode> {
    let mut ok = true;
    for arg in args {
        match load(arg, &NO_SETTINGS) {
            Ok(l) => {
                let mut text = format!(
                    "{arg}: valid ({} ward{}, FY{}–FY{}, {} mode, {} runs)\n",
                    l.plan.wards.len(),
                    if l.plan.wards.len() == 1 { "" } else { "s" },
                    l.plan.start_fy,
                    l.plan.start_fy + l.plan.fiscal_years as i32 - 1,
                    l.plan.mode.key(),
                    l.plan.runs
                );
                for w in &l.warnings {
                    text.push_str(&format!("  warning: {w}\n"));
                }
                let code = write_output(None, &text)?;
                if code != ExitCode::SUCCESS {
                    return Ok(code);
                }
            }
            Err(UserError(message)) => {
                ok = false;
                let _ = writeln!(std::io::stderr(), "{}", shown_escaped(message.trim_end()));
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// The note for a file read after an upgrade from an older schema_version.
fn upgrade_note(arg: &str, upgrade: &Upgrade) -> String {
    format!(
        "{}; `sasaeai migrate {arg} --out FILE` writes the upgraded file",
        upgrade.describe()
    )
}

fn cmd_migrate(arg: &str, out: Option<String>) -> Result<ExitCode> {
    let text = read_text_file(Path::new(arg))
        .map_err(|e| UserError(format!("{arg}: cannot read the file: {e}")))?;
    let tree = parse_tree(&text, format_of(arg), arg)?;
    let (upgraded, upgrade) = migrate(&tree).map_err(|e| {
        UserError(
            sasaeai::scenario::ScenarioErrors {
                source_name: arg.to_string(),
                errors: vec![*e],
            }
            .to_string(),
        )
    })?;
    // The upgraded file must be valid, its wards and budgets included.
    let (scenario, _) = read_upgraded(&upgraded, arg)?;
    let dir = Path::new(arg)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let data = ward_data_for(&scenario, arg, &move |name: &str| ward_file(&dir, name))?;
    resolve(scenario, data, arg)?;
    match &upgrade {
        Some(u) => note(&format!("{arg}: {}", u.describe())),
        None => note(&format!(
            "{arg}: already schema_version {}; nothing to upgrade",
            sasaeai::scenario::schema::SCHEMA_VERSION
        )),
    }
    let format = format_of(out.as_deref().unwrap_or(arg));
    let written = match format {
        Format::Json => serde_json::to_string_pretty(&*upgraded)? + "\n",
        // schema_version first, where a reader looks for it.
        Format::Toml => {
            let mut rest = upgraded.into_owned();
            let version = rest.remove("schema_version");
            let mut text = version
                .map(|v| format!("schema_version = {v}\n"))
                .unwrap_or_default();
            text.push_str(&toml::to_string_pretty(&rest)?);
            text
        }
    };
    write_raw(out, &written)
}

fn cmd_sample(text: &str, n: u64, seed: u64) -> Result<ExitCode> {
    let dist = Distribution::parse(text).map_err(|e| UserError(e.to_string()))?;
    if !(1..=10_000_000).contains(&n) {
        return Err(UserError(format!(
            "--n {n}: the number of samples must be from 1 to 10,000,000"
        )));
    }
    let mut rng = Stream::new(mix64(seed ^ 0x5341_4D50_4C45_0000));
    let mut out = String::with_capacity(n as usize * 20);
    for _ in 0..n {
        out.push_str(&dist.sample(&mut rng).to_string());
        out.push('\n');
    }
    write_output(None, &out)
}

fn cmd_list() -> Result<ExitCode> {
    let mut out = String::new();
    for (name, text) in builtin::SCENARIOS {
        let scenario = parse_scenario(text, Format::Toml, name)?;
        out.push_str(&format!(
            "{:<18} {}\n{:<18} {}\n",
            name,
            scenario.title.as_deref().unwrap_or(name),
            "",
            scenario.description
        ));
    }
    write_output(None, &out)
}

/// `sasaeai serve`: the static site on `host:port`, with the limits of
/// `sasaeai::serve`; warns when the address is reachable beyond loopback.
fn cmd_serve(dir: &str, host: &str, port: u16, allow_origin: Option<String>) -> Result<ExitCode> {
    let root = Path::new(dir);
    if !root.join("index.html").is_file() {
        return Err(UserError(format!(
            "{dir}: no index.html here; build the app first (make serve builds and serves it)"
        )));
    }
    if let Some(origin) = &allow_origin {
        sasaeai::serve::check_origin(origin)
            .map_err(|e| UserError(format!("--allow-origin {origin}: {e}")))?;
    }
    let listener = std::net::TcpListener::bind((host, port))
        .map_err(|e| UserError(format!("cannot listen on {host}:{port}: {e}")))?;
    let addr = listener.local_addr()?;
    if !addr.ip().to_canonical().is_loopback() {
        eprintln!(
            "warning: listening on {addr}, beyond this machine's loopback: anyone who can reach \
             this machine on port {} can read every file in {dir}. Use --host 127.0.0.1 to serve \
             this machine only.",
            addr.port()
        );
    }
    eprintln!("Serving {dir} on http://{addr}/ (Ctrl-C stops)");
    let options = sasaeai::serve::ServeOptions {
        allow_origin,
        ..Default::default()
    };
    sasaeai::serve::serve(listener, root, options)?;
    Ok(ExitCode::SUCCESS)
}
