//! What a command prints: its output (to `--out` or standard output, with
//! control characters escaped), notes on standard error, and a progress bar
//! for long batches.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::args::OutputFormat;
use super::error::Result;
use super::files::{refuse_input_as_output, write_file_atomically};

/// Write a command's output to `--out` or standard output. A table or CSV
/// has its control characters shown escaped, so that text from a scenario
/// (a title, a ward name) cannot drive the terminal. Exit code 1 with a
/// message when the output cannot be written; a closed pipe (`| head`) ends
/// quietly.
pub(crate) fn write_output(out: Option<String>, text: &str) -> Result<ExitCode> {
    write_raw(out, &shown_escaped(text))
}

/// [`write_output`] of a file format (a shard file, a migrated scenario),
/// whose writer escapes control characters itself.
pub(crate) fn write_raw(out: Option<String>, text: &str) -> Result<ExitCode> {
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

/// Write a report as a table, pretty JSON or CSV.
pub(crate) fn write_formatted<R: Serialize>(
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

pub(crate) fn render(report: &sasaeai::report::Report, format: OutputFormat) -> String {
    match format {
        OutputFormat::Table => report.to_table(),
        OutputFormat::Json => report.to_json() + "\n",
        OutputFormat::Csv => report.to_csv(),
    }
}

/// Say that the output could not be written: exit code 1.
pub(crate) fn output_failure(message: &str) -> ExitCode {
    note(message);
    ExitCode::from(1)
}

/// A line on standard error (nowhere to report it if that fails too).
pub(crate) fn note(message: &str) {
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
pub(crate) fn shown_escaped(text: &str) -> std::borrow::Cow<'_, str> {
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

/// A progress bar on stderr for long batches, hidden when stderr is not a terminal.
pub(crate) fn progress_bar(total: u64, work: f64) -> indicatif::ProgressBar {
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

pub(crate) fn work_of(plan: &sasaeai::sim::Plan, runs: u64) -> f64 {
    runs as f64 * plan.wards.len() as f64 * plan.months() as f64
}
