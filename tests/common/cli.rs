//! Running the `sasaeai` binary from a test: its exit code and both
//! outputs, and temporary folders for the files a command reads or writes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// What one invocation of the binary produced.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code (None when a signal ended it).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    /// Assert a clean success (exit 0, nothing on stderr) and return stdout.
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "expected success, got {self:#?}");
        assert!(self.stderr.is_empty(), "unexpected stderr: {}", self.stderr);
        &self.stdout
    }

    /// Assert exit code `code` with a message on standard error and no
    /// panic; return the message.
    pub fn failure(&self, code: i32) -> &str {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}, got {self:#?}"
        );
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("internal error"),
            "a failure must not panic: {}",
            self.stderr
        );
        assert!(
            !self.stderr.trim().is_empty(),
            "exit {code} without a message"
        );
        &self.stderr
    }

    /// A user error: exit 2 with a message (`validate` prints a file's
    /// errors as they are; every other command starts with `sasaeai:`).
    pub fn user_error(&self) -> &str {
        self.failure(2)
    }
}

fn command(dir: Option<&Path>, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sasaeai"));
    command.args(args).env_remove("RUST_BACKTRACE");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command
}

fn outcome(output: std::process::Output) -> Outcome {
    Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Run the binary in `dir` (or the test's folder).
pub fn run_in(dir: Option<&Path>, args: &[&str]) -> Outcome {
    outcome(command(dir, args).output().expect("the binary starts"))
}

/// Run the binary.
pub fn sasaeai(args: &[&str]) -> Outcome {
    run_in(None, args)
}

/// Run the binary with its standard output going to `stdout`.
pub fn sasaeai_to(stdout: Stdio, args: &[&str]) -> Outcome {
    let output = command(None, args)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary starts");
    outcome(output)
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty folder whose name contains `label`.
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "sasaeai-test-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    /// Write `text` to `name` in the directory and return its path as text.
    pub fn write(&self, name: &str, text: &str) -> String {
        std::fs::write(self.0.join(name), text).expect("write temp file");
        self.path(name)
    }

    /// The path of `name` in the directory, as text.
    pub fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().expect("UTF-8 path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
