//! `sasaeai merge`: the report of a batch from its shard files.

use std::path::Path;
use std::process::ExitCode;

use sasaeai::sim::shard::{MAX_SHARD_FILE_BYTES, Merger};

use super::args::OutputFormat;
use super::error::{Result, UserError};
use super::files::read_regular_file;
use super::output::{render, write_output};

pub(crate) fn cmd_merge(
    paths: &[String],
    format: OutputFormat,
    out: Option<String>,
) -> Result<ExitCode> {
    let mut merger = Merger::new();
    for path in paths {
        let bytes = read_regular_file(Path::new(path), MAX_SHARD_FILE_BYTES)
            .map_err(|e| UserError(format!("{path}: cannot read: {e}")))?;
        merger.add(path, &bytes)?;
    }
    let merged = merger.finish()?;
    write_output(out, &render(&merged.report(), format))
}
