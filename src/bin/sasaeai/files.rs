//! The files a command reads and writes: regular files only, of a bounded
//! size, read once; outputs written whole through a temporary file, and
//! never over one of the command's inputs.

use std::io::Write;
use std::path::Path;

use sasaeai::scenario::resolve::MAX_FILE_BYTES;

use super::args::Command;
use super::error::{Result, UserError};

/// Refuse, before any work, an `--out` or `--save` that names a file the
/// command reads (the files a scenario names are checked when read).
pub(crate) fn check_outputs(command: &Command) -> Result<()> {
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
pub(crate) fn refuse_input_as_output(option: &str, path: &str) -> Result<()> {
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
pub(crate) fn write_file_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
pub(crate) fn read_text_file(path: &Path) -> std::result::Result<String, String> {
    let bytes = read_regular_file(path, MAX_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// Read a regular file (not a device, a pipe or a folder) of at most
/// `max_bytes`, checking the size before reading, and remember it as an
/// input of the command.
pub(crate) fn read_regular_file(
    path: &Path,
    max_bytes: usize,
) -> std::result::Result<Vec<u8>, String> {
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
