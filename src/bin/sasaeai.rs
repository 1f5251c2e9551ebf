//! `sasaeai`: the command-line edge of the engine — run, compare, validate,
//! calibrate and sample scenarios, and merge sharded batches.
//!
//! The command line itself is in `sasaeai/args.rs`; each command has a file
//! of its own in `sasaeai/` (`run.rs`, `merge.rs`, `compare.rs`, …), and
//! what they share is in `load.rs` (reading a scenario argument),
//! `files.rs` (the files a command reads and writes), `output.rs` (what it
//! prints) and `error.rs` (an error for the user).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use sasaeai::sim::optimize::{LineBounds, Objective, OptimizeSettings};

#[path = "sasaeai/args.rs"]
mod args;
#[path = "sasaeai/error.rs"]
mod error;
#[path = "sasaeai/files.rs"]
mod files;
#[path = "sasaeai/load.rs"]
mod load;
#[path = "sasaeai/output.rs"]
mod output;

#[path = "sasaeai/calibrate.rs"]
mod calibrate;
#[path = "sasaeai/compare.rs"]
mod compare;
#[path = "sasaeai/list.rs"]
mod list;
#[path = "sasaeai/merge.rs"]
mod merge;
#[path = "sasaeai/migrate.rs"]
mod migrate;
#[path = "sasaeai/optimize.rs"]
mod optimize;
#[path = "sasaeai/run.rs"]
mod run;
#[path = "sasaeai/sample.rs"]
mod sample;
#[path = "sasaeai/sensitivity.rs"]
mod sensitivity;
#[path = "sasaeai/serve.rs"]
mod serve;
#[path = "sasaeai/structure.rs"]
mod structure;
#[path = "sasaeai/validate.rs"]
mod validate;

use args::{Cli, Command, RunSettingsArgs};
use error::UserError;
use files::check_outputs;
use output::note;

fn main() -> ExitCode {
    report_panics();
    let cli = Cli::parse();
    if let Err(UserError(message)) = check_outputs(&cli.command) {
        note(&message);
        return ExitCode::from(2);
    }
    let result = std::panic::catch_unwind(|| dispatch(cli.command));
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(UserError(message))) => {
            note(&message);
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(3),
    }
}

/// A panic is a bug: say so on standard error, with where it happened.
fn report_panics() {
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
}

/// Run the command.
fn dispatch(command: Command) -> error::Result<ExitCode> {
    match command {
        Command::Run {
            scenario,
            settings,
            format,
            out,
            shard,
        } => run::cmd_run(&scenario, &settings, format, out, shard),
        Command::Merge {
            shards,
            format,
            out,
        } => merge::cmd_merge(&shards, format, out),
        Command::Compare {
            scenarios,
            settings,
            format,
            out,
        } => compare::cmd_compare(&scenarios, &settings, format, out),
        Command::Sensitivity {
            scenario,
            output,
            settings,
            format,
            out,
        } => sensitivity::cmd_sensitivity(&scenario, &output, &settings, format, out),
        Command::Structure {
            scenario,
            settings,
            format,
            out,
        } => structure::cmd_structure(&scenario, &settings, format, out),
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
            model,
            format,
            out,
            save,
        } => {
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
                model,
            };
            optimize::cmd_optimize(&scenario, &run_settings, settings, format, out, save)
        }
        Command::Calibrate {
            scenario,
            model,
            format,
            out,
        } => calibrate::cmd_calibrate(&scenario, model, format, out),
        Command::Validate { scenarios } => validate::cmd_validate(&scenarios),
        Command::Migrate { file, out } => migrate::cmd_migrate(&file, out),
        Command::Sample {
            distribution,
            n,
            seed,
        } => sample::cmd_sample(&distribution, n, seed),
        Command::List => list::cmd_list(),
        Command::Serve {
            dir,
            port,
            host,
            allow_origin,
        } => serve::cmd_serve(&dir, &host, port, allow_origin),
    }
}
