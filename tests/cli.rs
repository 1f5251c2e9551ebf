//! End-to-end tests of the `sasaeai` binary: every subcommand, every output
//! format, reproducibility (seeds, threads, shards), and how user errors are
//! reported (exit code 2, a `sasaeai:` message naming the field and value,
//! never a panic).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;

const BUILTINS: [&str; 8] = [
    "status-quo",
    "promotion-office",
    "training",
    "awareness",
    "combined-plan",
    "reallocation",
    "outcome-linked",
    "equalized",
];

const TARGET_IDS: [&str; 5] = [
    "participants",
    "continuation",
    "satisfaction",
    "awareness",
    "certified",
];

/// What one invocation of the binary produced.
#[derive(Debug)]
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Outcome {
    /// Assert a clean success (exit 0, nothing on stderr) and return stdout.
    fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "expected success, got {self:#?}");
        assert!(self.stderr.is_empty(), "unexpected stderr: {}", self.stderr);
        &self.stdout
    }

    /// Assert a user error (exit 2) reported without a panic; return stderr.
    fn user_error(&self) -> &str {
        assert_eq!(self.code, Some(2), "expected exit code 2, got {self:#?}");
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "a user error must not panic: {}",
            self.stderr
        );
        assert!(
            !self.stderr.contains("internal error"),
            "a user error must not be reported as a bug: {}",
            self.stderr
        );
        assert!(!self.stderr.trim().is_empty(), "exit 2 without a message");
        &self.stderr
    }

    /// Like [`Outcome::user_error`], for commands whose message is one
    /// `sasaeai: …` line (everything but `validate`).
    fn sasaeai_error(&self) -> &str {
        let stderr = self.user_error();
        assert!(
            stderr.starts_with("sasaeai:"),
            "stderr should start with \"sasaeai:\": {stderr}"
        );
        assert!(self.stdout.is_empty(), "stdout on error: {}", self.stdout);
        stderr
    }

    fn json(&self) -> Value {
        serde_json::from_str(self.ok())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

fn run_in(dir: Option<&Path>, args: &[&str]) -> Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sasaeai"));
    command.args(args).env_remove("RUST_BACKTRACE");
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.output().expect("the binary starts");
    Outcome {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn sasaeai(args: &[&str]) -> Outcome {
    run_in(None, args)
}

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "sasaeai-cli-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    /// Write `text` to `name` in the directory and return its path as text.
    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write temp file");
        self.path(name)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().expect("UTF-8 path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const HEADER: &str = "schema_version = 2\nname = \"t\"\nwards = \"tokyo-23\"\n";

// ---------------------------------------------------------------- run

#[test]
fn expected_status_quo_json_stays_at_28400_participants_every_month() {
    let out = sasaeai(&[
        "run",
        "status-quo",
        "--mode",
        "expected",
        "--format",
        "json",
    ]);
    let json = out.json();
    assert_eq!(json["mode"], "expected");
    assert_eq!(json["months"], 60);
    let mean = json["series"]["participants"]["mean"]
        .as_array()
        .expect("series.participants.mean");
    assert_eq!(mean.len(), 60);
    for (m, x) in mean.iter().enumerate() {
        assert_eq!(x.as_f64(), Some(28_400.0), "month {m}");
    }
    for key in [
        "model_version",
        "scenario",
        "mode",
        "seed",
        "runs",
        "months",
        "start_fy",
        "resolved",
        "series",
        "fiscal_years",
        "targets",
    ] {
        assert!(json.get(key).is_some(), "top-level key {key} missing");
    }
}

#[test]
fn table_shows_every_target_with_its_probability() {
    let out = sasaeai(&["run", "combined-plan", "--runs", "200", "--seed", "1"]);
    let table = out.ok();
    assert!(table.contains("combined-plan"), "{table}");
    assert!(table.contains("200 runs"), "{table}");
    for id in TARGET_IDS {
        let line = table
            .lines()
            .find(|l| l.trim_start().starts_with(id) && l.contains('%'))
            .unwrap_or_else(|| panic!("no target line for {id} in\n{table}"));
        // The probability column: a percentage from 0 to 100.
        let percentages: Vec<f64> = line
            .split_whitespace()
            .filter_map(|w| w.strip_suffix('%'))
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(
            percentages.iter().any(|p| (0.0..=100.0).contains(p)),
            "no probability on {line:?}"
        );
    }
}

#[test]
fn csv_is_tidy_with_the_documented_header() {
    let out = sasaeai(&[
        "run",
        "status-quo",
        "--runs",
        "50",
        "--seed",
        "2",
        "--format",
        "csv",
    ]);
    let csv = out.ok();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("section,output,period,statistic,value"));
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 60 * 6, "only {} rows", rows.len());
    for row in &rows {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!(fields.len(), 5, "row {row:?}");
        assert!(
            fields[4].parse::<f64>().is_ok(),
            "value of {row:?} is not a number"
        );
    }
    assert!(
        rows.iter()
            .any(|r| r.starts_with("month,participants,") && r.contains(",mean,")),
        "no monthly participants rows"
    );
    for id in TARGET_IDS {
        assert!(
            rows.iter()
                .any(|r| r.starts_with(&format!("target,{id},")) && r.contains(",probability,")),
            "no probability row for {id}"
        );
    }
}

#[test]
fn out_writes_the_file_and_prints_nothing() {
    let dir = TempDir::new("out");
    for (format, check) in [
        (
            "json",
            (|t: &str| serde_json::from_str::<Value>(t).is_ok()) as fn(&str) -> bool,
        ),
        ("csv", |t: &str| {
            t.starts_with("section,output,period,statistic,value\n")
        }),
        ("table", |t: &str| t.contains("Targets at the horizon")),
    ] {
        let path = dir.path(&format!("report.{format}"));
        let out = sasaeai(&[
            "run",
            "status-quo",
            "--runs",
            "20",
            "--format",
            format,
            "--out",
            &path,
        ]);
        assert_eq!(out.ok(), "", "--out must leave stdout empty ({format})");
        let text = std::fs::read_to_string(&path).expect("--out wrote the file");
        assert!(check(&text), "{format} file:\n{text}");
        // The file holds exactly what stdout would have shown.
        let direct = sasaeai(&["run", "status-quo", "--runs", "20", "--format", format]);
        assert_eq!(direct.ok(), text, "{format}");
    }
}

#[test]
fn the_same_seed_gives_byte_identical_json() {
    let args = [
        "run",
        "combined-plan",
        "--runs",
        "150",
        "--seed",
        "42",
        "--format",
        "json",
    ];
    let first = sasaeai(&args);
    let second = sasaeai(&args);
    assert_eq!(first.ok(), second.ok());
    // And the seed matters.
    let other = sasaeai(&[
        "run",
        "combined-plan",
        "--runs",
        "150",
        "--seed",
        "43",
        "--format",
        "json",
    ]);
    assert_ne!(first.ok(), other.ok());
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let with = |threads: &str| {
        sasaeai(&[
            "run",
            "outcome-linked",
            "--runs",
            "300",
            "--seed",
            "7",
            "--threads",
            threads,
            "--format",
            "json",
        ])
    };
    let one = with("1");
    let two = with("2");
    let four = with("4");
    assert_eq!(one.ok(), two.ok());
    assert_eq!(one.ok(), four.ok());
}

// ---------------------------------------------------------------- shards

/// Run `scenario` as three shards of 300 runs into `dir`; returns the paths.
fn write_shards(dir: &TempDir, scenario: &str, seed: &str, prefix: &str) -> Vec<String> {
    (1..=3)
        .map(|i| {
            let path = dir.path(&format!("{prefix}_{i}.json"));
            let out = sasaeai(&[
                "run",
                scenario,
                "--runs",
                "300",
                "--seed",
                seed,
                "--shard",
                &format!("{i}/3"),
                "--out",
                &path,
            ]);
            assert_eq!(out.ok(), "", "a shard run with --out prints nothing");
            path
        })
        .collect()
}

/// `merge` of three shards of 300 runs and the unsharded run of 300, both
/// as JSON.
fn merged_and_whole(label: &str) -> (Outcome, Outcome) {
    let dir = TempDir::new(label);
    let shards = write_shards(&dir, "combined-plan", "1", "shard");
    let merged = sasaeai(&[
        "merge", &shards[0], &shards[1], &shards[2], "--format", "json",
    ]);
    let whole = sasaeai(&[
        "run",
        "combined-plan",
        "--runs",
        "300",
        "--seed",
        "1",
        "--format",
        "json",
    ]);
    (merged, whole)
}

#[test]
fn merged_shards_equal_the_unsharded_run_in_every_figure() {
    let (merged, whole) = merged_and_whole("shards-figures");
    let mut merged_json = merged.json();
    let mut whole_json = whole.json();
    // The scenario hash is checked in the byte-for-byte test below.
    merged_json["scenario"]["hash"].take();
    whole_json["scenario"]["hash"].take();
    assert_eq!(merged_json, whole_json, "merged figures differ");
}

/// `merge` reports the hash of the scenario as run (kept in the shard
/// files), not of the copy that carries its ward data inline, so the merged
/// report equals the unsharded one byte for byte.
#[test]
fn merged_shards_equal_the_unsharded_run_byte_for_byte() {
    let (merged, whole) = merged_and_whole("shards-bytes");
    let hash = |o: &Outcome| o.json()["scenario"]["hash"].clone();
    assert_eq!(
        hash(&merged),
        hash(&whole),
        "merge reports another scenario hash than the unsharded run"
    );
    assert_eq!(merged.ok(), whole.ok());
}

#[test]
fn merge_names_missing_duplicate_and_foreign_shards() {
    let dir = TempDir::new("bad-shards");
    let shards = write_shards(&dir, "training", "1", "shard");
    let (one, two, three) = (&shards[0], &shards[1], &shards[2]);

    let missing = sasaeai(&["merge", one, three]);
    let message = missing.sasaeai_error();
    assert!(message.contains("missing shard 2 of 3"), "{message}");

    let copy = dir.path("copy_of_shard_2.json");
    std::fs::copy(two, &copy).expect("copy shard");
    let duplicate = sasaeai(&["merge", one, two, &copy, three]);
    let message = duplicate.sasaeai_error();
    assert!(message.contains("2/3"), "{message}");
    assert!(
        message.contains("shard_2.json") && message.contains("copy_of_shard_2.json"),
        "the message should name both files: {message}"
    );

    let other_seed = write_shards(&dir, "training", "2", "seed2");
    let foreign = sasaeai(&["merge", one, &other_seed[1], three]);
    let message = foreign.sasaeai_error();
    assert!(message.contains("seed2_2.json"), "{message}");
    assert!(message.contains("another scenario"), "{message}");

    let other_scenario = write_shards(&dir, "awareness", "1", "aware");
    let foreign = sasaeai(&["merge", one, two, &other_scenario[2]]);
    let message = foreign.sasaeai_error();
    assert!(message.contains("aware_3.json"), "{message}");
    assert!(message.contains("another scenario"), "{message}");

    let not_a_shard = dir.write("report.json", "{\"kind\": \"report\"}");
    let message = sasaeai(&["merge", one, &not_a_shard])
        .sasaeai_error()
        .to_string();
    assert!(message.contains("report.json"), "{message}");
    let message = sasaeai(&["merge", one, &dir.path("absent.json")])
        .sasaeai_error()
        .to_string();
    assert!(message.contains("absent.json"), "{message}");
}

/// Three shards of `training` (300 runs, seed 1) written by `run`, as JSON
/// to edit.
fn shard_values(dir: &TempDir) -> Vec<Value> {
    write_shards(dir, "training", "1", "genuine")
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read shard");
            serde_json::from_str(&text).expect("a shard file is JSON")
        })
        .collect()
}

/// Write `files` as `edited_1.json`, … and merge them: the error.
fn merge_refused(dir: &TempDir, files: &[Value]) -> String {
    let paths: Vec<String> = files
        .iter()
        .enumerate()
        .map(|(i, v)| dir.write(&format!("edited_{}.json", i + 1), &v.to_string()))
        .collect();
    let mut args = vec!["merge"];
    args.extend(paths.iter().map(String::as_str));
    sasaeai(&args).sasaeai_error().to_string()
}

fn assert_says(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{part:?} not in: {message}");
    }
}

/// `"shards": 1000000000` made `merge` allocate a table of a billion
/// entries; it is refused as more shards than the batch has runs, and a
/// count written as a fraction is refused naming the field.
#[test]
fn merge_refuses_shard_counts_beyond_the_runs_or_written_as_fractions() {
    let dir = TempDir::new("shard-counts");
    let mut files = shard_values(&dir);
    for f in &mut files {
        f["shards"] = serde_json::json!(1_000_000_000u64);
    }
    assert_says(
        &merge_refused(&dir, &files),
        &["edited_1.json: shards = 1000000000", "from 1 to 300"],
    );
    let files = shard_values(&dir);
    let path = dir.write(
        "float.json",
        &files[0]
            .to_string()
            .replacen("\"shards\":3", "\"shards\":1e9", 1),
    );
    let message = sasaeai(&["merge", &path]).sasaeai_error().to_string();
    assert_says(&message, &["float.json: shards = 1e9", "whole number"]);
}

/// One genuine shard of 100,000,000: the rest are named as two ranges,
/// without a table of the shards or a line per missing one.
#[test]
fn merge_names_missing_shards_as_ranges() {
    let dir = TempDir::new("shard-ranges");
    let path = dir.path("shard-7.json");
    sasaeai(&[
        "run",
        "status-quo",
        "--runs",
        "100000000",
        "--shard",
        "7/100000000",
        "--out",
        &path,
    ])
    .ok();
    let message = sasaeai(&["merge", &path]).sasaeai_error().to_string();
    assert_eq!(
        message.trim_end(),
        "sasaeai: missing shards 1–6 and 8–100,000,000 of 100,000,000"
    );
}

/// A shard whose run range overlaps another's (its runs are not those of
/// its shard number) is refused, naming the range expected.
#[test]
fn merge_refuses_a_run_range_other_than_its_shards() {
    let dir = TempDir::new("shard-range");
    let mut files = shard_values(&dir);
    files[1]["runs"] = serde_json::json!([50, 250]);
    assert_says(
        &merge_refused(&dir, &files),
        &[
            "edited_2.json: runs = [50, 250]",
            "expected [100, 200], the runs of shard 2/3",
        ],
    );
}

/// Every array of the summaries must have the length the plan implies;
/// a short one was merged as if it were whole.
#[test]
fn merge_refuses_summaries_of_another_length_than_the_plan() {
    let dir = TempDir::new("shard-lengths");
    let mut files = shard_values(&dir);
    let monthly = files[2]["summaries"]["monthly"]
        .as_array_mut()
        .expect("monthly summaries");
    let months = monthly.len();
    monthly.pop();
    assert_says(
        &merge_refused(&dir, &files),
        &[
            &format!(
                "edited_3.json: summaries.monthly = an array of {}",
                months - 1
            ),
            &format!("expected {months} entries, 60 months × "),
        ],
    );
    let mut files = shard_values(&dir);
    files[0]["summaries"]["ward_spending"]
        .as_array_mut()
        .expect("ward summaries")
        .truncate(3);
    assert_says(
        &merge_refused(&dir, &files),
        &[
            "edited_1.json: summaries.ward_spending = an array of 3",
            "expected 23 entries, one per ward (23)",
        ],
    );
}

/// Counts that cannot be: more successes than trials, and a negative
/// count.
#[test]
fn merge_refuses_impossible_counts() {
    let dir = TempDir::new("shard-counts-impossible");
    let mut files = shard_values(&dir);
    files[1]["summaries"]["targets"][0] = serde_json::json!({"successes": 101, "trials": 100});
    assert_says(
        &merge_refused(&dir, &files),
        &[
            "edited_2.json: summaries.targets[0].successes = 101",
            "at most the trials (100)",
        ],
    );
    let mut files = shard_values(&dir);
    files[0]["summaries"]["targets"][2]["trials"] = serde_json::json!(-100);
    assert_says(
        &merge_refused(&dir, &files),
        &["edited_1.json: summaries.targets[2]", "-100"],
    );
}

/// Sums flagged as beyond their exact range may hold anything: adding two
/// that would overflow is refused instead of saturating.
#[test]
fn merge_refuses_sums_that_would_overflow() {
    let dir = TempDir::new("shard-overflow");
    let mut files = shard_values(&dir);
    for f in &mut files {
        f["summaries"]["ward_spending"][0]["sum"] =
            serde_json::json!({"raw": i128::MAX.to_string(), "overflowed": true});
    }
    assert_says(
        &merge_refused(&dir, &files),
        &["edited_2.json: summaries: ward_spending[0]: the merged count or sum would overflow"],
    );
}

/// The scenario in the files and their recorded hash must agree: a seed
/// changed in every file, or a hash changed in every file, was merged.
#[test]
fn merge_refuses_a_scenario_whose_hash_is_not_the_recorded_one() {
    let dir = TempDir::new("shard-hash");
    let genuine = shard_values(&dir);
    let hash = genuine[0]["scenario_hash"]
        .as_str()
        .expect("a hash")
        .to_string();
    let mut files = genuine.clone();
    for f in &mut files {
        f["scenario"]["run"]["seed"] = serde_json::json!(2);
    }
    assert_says(
        &merge_refused(&dir, &files),
        &[
            &format!("edited_1.json: scenario_hash = \"{hash}\""),
            "the file was changed after it was written",
        ],
    );
    let mut files = genuine;
    for f in &mut files {
        f["scenario_hash"] = serde_json::json!("0123456789abcdef");
    }
    assert_says(
        &merge_refused(&dir, &files),
        &[
            "edited_1.json: scenario_hash = \"0123456789abcdef\"",
            &format!("hashes to \"{hash}\""),
        ],
    );
}

/// A file larger than a shard file may be is refused without being read
/// to its end.
#[test]
fn merge_refuses_a_file_larger_than_a_shard_file_may_be() {
    let dir = TempDir::new("shard-large");
    let path = dir.path("large.json");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(65 * 1024 * 1024)
        .expect("a sparse file of 65 MB");
    let message = sasaeai(&["merge", &path]).sasaeai_error().to_string();
    assert_says(&message, &["large.json", "65.0 MB", "at most 64 MB"]);
    // A device or a pipe is not read at all.
    let message = sasaeai(&["merge", "/dev/zero"]).sasaeai_error().to_string();
    assert_says(&message, &["/dev/zero", "not a regular file"]);
}

// ---------------------------------------------------------------- validate

#[test]
fn validate_accepts_every_builtin() {
    for name in BUILTINS {
        let out = sasaeai(&["validate", name]);
        let text = out.ok();
        assert!(text.contains(name) && text.contains("valid"), "{text}");
    }
    let out = sasaeai(&{
        let mut args = vec!["validate"];
        args.extend(BUILTINS);
        args
    });
    assert_eq!(
        out.ok().lines().filter(|l| l.contains(": valid")).count(),
        BUILTINS.len()
    );
}

#[test]
fn validate_names_the_path_and_value_of_every_error() {
    let dir = TempDir::new("validate");
    let file = dir.write(
        "bad.toml",
        &format!(
            "{HEADER}[run]\nruns = 0\nmode = \"fast\"\nhorizon = 99\n\
             [budget]\nbasis = \"status_quo\"\n[[budget.set]]\nstaff = -5\n"
        ),
    );
    let out = sasaeai(&["validate", &file]);
    let stderr = out.user_error();
    for (path, value) in [
        ("run.runs", "0"),
        ("run.mode", "\"fast\""),
        ("run.horizon", "99"),
        ("budget.set[0].staff", "-5"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(path))
            .unwrap_or_else(|| panic!("no error naming {path} in\n{stderr}"));
        assert!(
            line.contains(&format!("{path} = {value}")),
            "{line:?} should name the value {value}"
        );
    }
    assert!(stderr.contains("4 errors"), "{stderr}");
    assert!(stderr.contains("bad.toml"), "{stderr}");

    // One valid and one invalid file: both reported, exit 2.
    let good = dir.write(
        "good.toml",
        &format!("{HEADER}[budget]\nbasis = \"status_quo\"\n"),
    );
    let out = sasaeai(&["validate", &good, &file]);
    assert_eq!(out.code, Some(2));
    assert!(out.stdout.contains("good.toml: valid"), "{}", out.stdout);
    assert!(out.stderr.contains("run.runs"), "{}", out.stderr);
}

#[test]
fn validate_reports_errors_of_json_files_by_path() {
    let dir = TempDir::new("validate-json");
    let file = dir.write(
        "bad.json",
        r#"{"schema_version": 2, "name": "j", "wards": "tokyo-23",
            "run": {"runs": 2000000, "seed": 1},
            "budget": {"basis": "status_quo", "scale": [{"awareness": -2}]}}"#,
    );
    let stderr = sasaeai(&["validate", &file]).user_error().to_string();
    assert!(stderr.contains("run.runs = 2000000"), "{stderr}");
    assert!(stderr.contains("budget.scale[0].awareness"), "{stderr}");
}

#[test]
fn run_on_a_malformed_scenario_fails_cleanly() {
    let dir = TempDir::new("malformed");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "fields.toml",
            format!("{HEADER}[run]\nruns = -3\n[budget]\nbasis = \"status_quo\"\n"),
            "run.runs",
        ),
        ("syntax.toml", format!("{HEADER}[run\nruns = 3\n"), "TOML"),
        ("syntax.json", "{\"schema_version\": 1,".to_string(), "JSON"),
        ("array.json", "[1, 2, 3]".to_string(), "object"),
        ("empty.toml", String::new(), "name"),
        (
            "unknown-key.toml",
            format!("{HEADER}colour = \"red\"\n[budget]\nbasis = \"status_quo\"\n"),
            "colour",
        ),
        (
            "missing-wards.toml",
            "schema_version = 2\nname = \"t\"\nwards = \"nowhere.toml\"\n\
             [budget]\nbasis = \"status_quo\"\n"
                .to_string(),
            "nowhere.toml",
        ),
        (
            "bad-parameter.toml",
            format!(
                "{HEADER}[budget]\nbasis = \"status_quo\"\n\
                 [parameters]\ncaseload = \"pert(10,8,7)\"\n"
            ),
            "caseload",
        ),
        (
            "huge-scale.toml",
            format!("{HEADER}[budget]\nbasis = \"status_quo\"\n[[budget.scale]]\ngrants = 1e300\n"),
            "budget",
        ),
    ];
    for (name, text, fragment) in &cases {
        let path = dir.write(name, text);
        let out = sasaeai(&["run", &path, "--runs", "5"]);
        let stderr = out.sasaeai_error();
        assert!(stderr.contains(fragment), "{name}: {stderr}");
        // validate agrees that the file is bad.
        assert_eq!(sasaeai(&["validate", &path]).code, Some(2), "{name}");
    }
}

#[test]
fn an_unknown_scenario_lists_the_builtins() {
    let out = sasaeai(&["run", "no-such-scenario"]);
    let stderr = out.sasaeai_error();
    assert!(stderr.contains("no-such-scenario"), "{stderr}");
    for name in BUILTINS {
        assert!(stderr.contains(name), "{name} not listed: {stderr}");
    }
}

#[test]
fn runs_out_of_range_are_rejected_naming_the_option() {
    for runs in ["0", "2000000", "-1"] {
        let out = sasaeai(&["run", "status-quo", &format!("--runs={runs}")]);
        let stderr = out.sasaeai_error();
        assert!(stderr.contains("--runs"), "{runs}: {stderr}");
        assert!(stderr.contains(runs), "{runs}: {stderr}");
    }
}

#[test]
fn bad_shard_specifications_are_rejected() {
    for spec in ["4/3", "0/3", "3/0", "x", "1/x", "1-3"] {
        let out = sasaeai(&["run", "status-quo", "--runs", "10", "--shard", spec]);
        let stderr = out.sasaeai_error();
        assert!(stderr.contains("--shard"), "{spec}: {stderr}");
    }
    // More shards than runs.
    let out = sasaeai(&["run", "status-quo", "--runs", "2", "--shard", "1/3"]);
    assert!(out.sasaeai_error().contains("--shard"));
}

#[test]
fn threads_zero_is_rejected() {
    let out = sasaeai(&["run", "status-quo", "--runs", "10", "--threads", "0"]);
    assert!(out.sasaeai_error().contains("--threads"));
}

// ---------------------------------------------------------------- sample

fn sample(args: &[&str]) -> Vec<f64> {
    let mut all = vec!["sample"];
    all.extend(args);
    sasaeai(&all)
        .ok()
        .lines()
        .map(|l| l.parse().unwrap_or_else(|_| panic!("not a number: {l:?}")))
        .collect()
}

#[test]
fn sample_draws_a_pert_within_its_support_reproducibly() {
    let args = ["pert(0.1,0.3,0.45)", "--n", "1000", "--seed", "3"];
    let draws = sample(&args);
    assert_eq!(draws.len(), 1000);
    assert!(
        draws.iter().all(|x| (0.1..=0.45).contains(x)),
        "outside [0.1, 0.45]: {:?}",
        draws.iter().find(|x| !(0.1..=0.45).contains(*x))
    );
    // Mean of pert(0.1,0.3,0.45) = (0.1 + 4·0.3 + 0.45)/6 = 0.291 67.
    let mean = draws.iter().sum::<f64>() / draws.len() as f64;
    assert!((mean - 0.291_666_7).abs() < 0.01, "mean {mean}");
    assert_eq!(draws, sample(&args), "same seed, same draws");
    assert_ne!(
        draws,
        sample(&["pert(0.1,0.3,0.45)", "--n", "1000", "--seed", "4"])
    );
}

#[test]
fn sample_rejects_an_unordered_pert_naming_the_values() {
    let out = sasaeai(&["sample", "pert(0.5,0.3,0.1)"]);
    let stderr = out.sasaeai_error();
    assert!(
        stderr.contains("0.5") && stderr.contains("0.1"),
        "the message should name the values: {stderr}"
    );
    for bad in ["", "pert(1,2)", "nonsense(1)", "normal(0,-1)"] {
        let out = sasaeai(&["sample", bad]);
        out.sasaeai_error();
    }
    let out = sasaeai(&["sample", "0.5", "--n", "0"]);
    assert!(out.sasaeai_error().contains("--n"));
}

// ---------------------------------------------------------------- list, compare

#[test]
fn list_names_every_builtin() {
    let out = sasaeai(&["list"]);
    let text = out.ok();
    for name in BUILTINS {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().next() == Some(name)),
            "{name} not listed:\n{text}"
        );
    }
}

#[test]
fn compare_reports_probabilities_and_paired_differences() {
    let out = sasaeai(&[
        "compare",
        "status-quo",
        "combined-plan",
        "--runs",
        "200",
        "--format",
        "json",
    ]);
    let json = out.json();
    assert_eq!(json["runs"], 200);
    let targets = json["targets"].as_array().expect("targets");
    let ids: Vec<&str> = targets.iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, TARGET_IDS);
    for t in targets {
        let probabilities = t["probabilities"].as_array().expect("probabilities");
        assert_eq!(probabilities.len(), 2, "{t}");
        for p in probabilities {
            assert!((0.0..=1.0).contains(&p.as_f64().expect("number")), "{t}");
        }
        let p_better = t["differences"][0]["p_better"]
            .as_f64()
            .expect("differences[0].p_better");
        assert!((0.0..=1.0).contains(&p_better), "{t}");
        assert_eq!(t["differences"][0]["scenario"], "combined-plan");
    }
    // The combined plan certifies far more supporters in every run.
    assert_eq!(targets[4]["differences"][0]["p_better"].as_f64(), Some(1.0));

    let table = sasaeai(&["compare", "status-quo", "combined-plan", "--runs", "50"]);
    assert!(table.ok().contains("combined-plan"));
}

#[test]
fn a_scenario_compared_with_itself_ties_everywhere() {
    let out = sasaeai(&[
        "compare", "training", "training", "--runs", "100", "--format", "json",
    ]);
    let json = out.json();
    for t in json["targets"].as_array().expect("targets") {
        let d = &t["differences"][0];
        assert_eq!(d["p_better"].as_f64(), Some(0.0), "{t}");
        assert_eq!(d["p_tie"].as_f64(), Some(1.0), "{t}");
        assert_eq!(t["probabilities"][0], t["probabilities"][1], "{t}");
    }
}

#[test]
fn compare_of_three_reports_pairs_cost_ratios_and_monthly_differences() {
    let out = sasaeai(&[
        "compare",
        "status-quo",
        "combined-plan",
        "training",
        "--runs",
        "100",
        "--format",
        "json",
    ]);
    let json = out.json();
    assert_eq!(json["months"], 60);
    assert_eq!(json["month_labels"][59], "2030-03");
    let bands = json["bands"].as_array().expect("bands");
    assert_eq!(bands.len(), 3);
    assert_eq!(bands[2]["scenario"], "training");
    assert_eq!(
        bands[0]["outputs"][0]["p50"].as_array().expect("p50").len(),
        60
    );
    let pairs = json["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 2);
    for (pair, name) in pairs.iter().zip(["combined-plan", "training"]) {
        assert_eq!(pair["scenario"], name);
        assert_eq!(pair["baseline"], "status-quo");
        let metrics = pair["metrics"].as_array().expect("metrics");
        assert_eq!(metrics.len(), 9);
        for m in metrics {
            for key in [
                "difference",
                "p_higher",
                "p_lower",
                "variance_independent",
                "variance_paired",
                "variance_reduction",
            ] {
                assert!(m.get(key).is_some(), "{key} missing: {m}");
            }
        }
        for key in ["cost_per_participant", "cost_per_participant_year"] {
            let r = &pair[key];
            assert_eq!(r["status"], "defined", "{r}");
            let (v, lo, hi) = (
                r["value"].as_f64().expect("value"),
                r["low"].as_f64().expect("low"),
                r["high"].as_f64().expect("high"),
            );
            assert!(lo < v && v < hi && v > 0.0, "{r}");
        }
        let monthly = pair["monthly"].as_array().expect("monthly");
        let outputs: Vec<&str> = monthly
            .iter()
            .filter_map(|m| m["output"].as_str())
            .collect();
        assert_eq!(
            outputs,
            [
                "participants",
                "continuation",
                "awareness",
                "certified",
                "cumulative_spending"
            ]
        );
        for key in ["mean", "p5", "p25", "p50", "p75", "p95"] {
            assert_eq!(monthly[0][key].as_array().expect(key).len(), 60);
        }
    }
    let table = sasaeai(&["compare", "status-quo", "combined-plan", "--runs", "50"]);
    let text = table.ok();
    assert!(text.contains("cost per additional participant:"), "{text}");
    assert!(text.contains("VRF"), "{text}");
    let csv = sasaeai(&[
        "compare",
        "status-quo",
        "training",
        "--runs",
        "50",
        "--format",
        "csv",
    ]);
    let csv = csv.ok();
    assert!(
        csv.contains("\ncertified,training,variance_reduction,"),
        "{csv}"
    );
    assert!(
        csv.contains("\ncost_per_participant,training,low,"),
        "{csv}"
    );
}

#[test]
fn compare_of_a_scenario_with_itself_reports_no_cost_ratio() {
    let out = sasaeai(&[
        "compare", "training", "training", "--runs", "20", "--format", "json",
    ]);
    let r = &out.json()["pairs"][0]["cost_per_participant"];
    assert_eq!(r["status"], "denominator_near_zero", "{r}");
    assert!(r["value"].is_null(), "{r}");
    let table = sasaeai(&["compare", "training", "training", "--runs", "20"]);
    assert!(
        table
            .ok()
            .contains("cost per additional participant: not defined")
    );
}

#[test]
fn compare_refuses_more_than_four_scenarios() {
    let out = sasaeai(&[
        "compare",
        "status-quo",
        "training",
        "awareness",
        "combined-plan",
        "reallocation",
        "--runs",
        "5",
    ]);
    let message = out.sasaeai_error();
    assert!(
        message.contains("at most 4") && message.contains("got 5"),
        "{message}"
    );
}

#[test]
fn sensitivity_reports_a_sorted_tornado_with_sentences_and_rank_correlations() {
    let out = sasaeai(&[
        "sensitivity",
        "combined-plan",
        "--output",
        "participants",
        "--runs",
        "200",
        "--seed",
        "4",
        "--format",
        "json",
    ]);
    let json = out.json();
    assert_eq!(json["output"], "participants");
    assert_eq!(json["runs"], 200);
    assert_eq!(json["correlation_runs"], 200);
    assert_eq!(json["horizon"], "March 2030");
    assert!(json["base"].as_f64().expect("base") > 0.0);
    let bars = json["bars"].as_array().expect("bars");
    assert!(!bars.is_empty());
    let swings: Vec<f64> = bars
        .iter()
        .map(|b| b["swing"].as_f64().expect("swing"))
        .collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    for b in bars {
        let en = b["sentence_en"].as_str().expect("sentence_en");
        let ja = b["sentence_ja"].as_str().expect("sentence_ja");
        let p = b["parameter"].as_str().expect("parameter");
        assert!(
            en.starts_with(&format!("If {p} is at its 90th percentile")),
            "{en}"
        );
        assert!(ja.starts_with(&format!("{p}が10パーセンタイル")), "{ja}");
        assert!(b["low_value"].as_f64() < b["high_value"].as_f64(), "{b}");
    }
    let correlations = json["correlations"].as_array().expect("correlations");
    assert_eq!(correlations.len(), bars.len());
    // Under model version 2 the places certified supporters add decide the
    // combined plan's participants more than the sites' capacity does.
    assert_eq!(correlations[0]["parameter"], "leader_places");

    let again = sasaeai(&[
        "sensitivity",
        "combined-plan",
        "--runs",
        "200",
        "--seed",
        "4",
        "--format",
        "json",
        "--threads",
        "1",
    ]);
    assert_eq!(again.ok(), out.ok(), "results depend on threads");

    let table = sasaeai(&[
        "sensitivity",
        "training",
        "--output",
        "certified",
        "--runs",
        "50",
    ]);
    let text = table.ok();
    assert!(
        text.contains("Tornado") && text.contains("Spearman"),
        "{text}"
    );
    let csv = sasaeai(&["sensitivity", "training", "--runs", "50", "--format", "csv"]);
    assert!(
        csv.ok()
            .starts_with("section,parameter,statistic,value\ntornado,,base,")
    );
}

#[test]
fn sensitivity_names_an_unknown_output_and_lists_the_allowed_ones() {
    let out = sasaeai(&["sensitivity", "training", "--output", "happiness"]);
    let message = out.sasaeai_error();
    assert!(message.contains("--output happiness"), "{message}");
    for allowed in [
        "participants",
        "continuation",
        "satisfaction",
        "awareness",
        "certified",
        "total_spending",
    ] {
        assert!(message.contains(allowed), "{message}");
    }
    let out = sasaeai(&["sensitivity", "training", "--runs", "0"]);
    assert!(out.sasaeai_error().contains("--runs 0"));
}

#[test]
fn compare_rejects_an_unknown_scenario() {
    let out = sasaeai(&["compare", "status-quo", "no-such-scenario", "--runs", "5"]);
    assert!(out.sasaeai_error().contains("no-such-scenario"));
}

// ---------------------------------------------------------------- files

const TWO_WARDS: &str = r#"schema_version = 1
name = "two-wards"

[status_quo]
total_budget = 100_000_000
staff_fte = 2.0
supervision_share = 0.02
awareness_share = 0.05

[[wards]]
name = "East"
name_ja = "東区"
population = 400000
participants = 1200
untrained = 60
certified = 120
bases = 16
awareness = 0.35

[[wards]]
name = "West"
name_ja = "西区"
population = 250000
participants = 740
untrained = 40
certified = 75
bases = 10
awareness = 0.30
"#;

#[test]
fn a_scenario_reads_ward_data_relative_to_its_own_directory() {
    let dir = TempDir::new("wards");
    std::fs::create_dir_all(dir.0.join("plans")).expect("mkdir");
    std::fs::create_dir_all(dir.0.join("elsewhere")).expect("mkdir");
    dir.write("plans/my-wards.toml", TWO_WARDS);
    let scenario = dir.write(
        "plans/mine.toml",
        "schema_version = 2\nname = \"mine\"\nwards = \"my-wards.toml\"\n\
         [run]\nruns = 50\nseed = 5\nhorizon = 3\nfirst_fy = 2026\n\
         [budget]\nbasis = \"status_quo\"\n",
    );
    // Run from another directory: the ward file is found next to the scenario.
    let out = run_in(
        Some(&dir.0.join("elsewhere")),
        &["run", &scenario, "--mode", "expected", "--format", "json"],
    );
    let json = out.json();
    assert_eq!(json["months"], 36);
    let wards: Vec<&str> = json["resolved"]["wards"]
        .as_array()
        .expect("resolved.wards")
        .iter()
        .filter_map(|w| w["name"].as_str())
        .collect();
    assert_eq!(wards, ["East", "West"]);
    // Its own status quo is calibrated: 1,940 participants throughout.
    for x in json["series"]["participants"]["mean"].as_array().unwrap() {
        assert_eq!(x.as_f64(), Some(1_940.0));
    }
    // Stochastic mode and a relative path to the scenario work too.
    let out = run_in(Some(&dir.0), &["run", "plans/mine.toml", "--runs", "30"]);
    assert!(out.ok().contains("30 runs"));
    assert_eq!(
        run_in(Some(&dir.0), &["validate", "plans/mine.toml"]).code,
        Some(0)
    );
}

#[test]
fn a_json_scenario_runs_like_the_same_scenario_in_toml() {
    let dir = TempDir::new("json");
    let toml = dir.write(
        "plan.toml",
        "schema_version = 2\nname = \"plan\"\nwards = \"tokyo-23\"\n\
         [run]\nruns = 80\nseed = 9\nmode = \"stochastic\"\nhorizon = 4\nfirst_fy = 2025\n\
         [budget]\nbasis = \"status_quo\"\n\
         [[budget.scale]]\nawareness = 2.5\ntraining = 1.5\n\
         [parameters]\ncaseload = \"pert(7,8.5,11)\"\n",
    );
    let json = dir.write(
        "plan.json",
        r#"{
            "schema_version": 2,
            "name": "plan",
            "wards": "tokyo-23",
            "run": {"runs": 80, "seed": 9, "mode": "stochastic", "horizon": 4, "first_fy": 2025},
            "budget": {"basis": "status_quo", "scale": [{"awareness": 2.5, "training": 1.5}]},
            "parameters": {"caseload": "pert(7,8.5,11)"}
        }"#,
    );
    let from_toml = sasaeai(&["run", &toml, "--format", "json"]);
    let from_json = sasaeai(&["run", &json, "--format", "json"]);
    assert_eq!(from_toml.json()["months"], 48);
    assert_eq!(from_toml.ok(), from_json.ok());
    assert_eq!(sasaeai(&["validate", &json]).code, Some(0));

    // A JSON ward file, referenced from a JSON scenario.
    let wards: toml::Table = TWO_WARDS.parse().expect("TOML");
    dir.write(
        "wards.json",
        &serde_json::to_string(&wards).expect("to JSON"),
    );
    let scenario = dir.write(
        "two.json",
        r#"{"schema_version": 2, "name": "two", "wards": "wards.json",
            "run": {"mode": "expected", "horizon": 2}, "budget": {"basis": "status_quo"}}"#,
    );
    let out = sasaeai(&["run", &scenario, "--format", "json"]);
    assert_eq!(
        out.json()["resolved"]["wards"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn optimize_reports_the_best_split_and_saves_it_as_a_scenario() {
    let dir = TempDir::new("optimize");
    let saved = dir.path("best.toml");
    let out = sasaeai(&[
        "optimize",
        "status-quo",
        "--objective",
        "participants",
        "--total",
        "2000000000",
        "--bounds",
        "grants=0.2:0.6,staff=0:0.3",
        "--iterations",
        "2",
        "--candidates",
        "4",
        "--runs-per-candidate",
        "4",
        "--validation-runs",
        "20",
        "--format",
        "json",
        "--save",
        &saved,
    ]);
    let report = out.json();
    let shares = &report["best"]["allocation"]["shares"];
    let sum: f64 = [
        "staff",
        "training",
        "supervision",
        "awareness",
        "bases",
        "grants",
    ]
    .iter()
    .map(|k| shares[k].as_f64().unwrap())
    .sum();
    assert!((sum - 1.0).abs() < 1e-9, "{shares}");
    let grants = shares["grants"].as_f64().unwrap();
    assert!((0.2..=0.6).contains(&grants), "{shares}");
    assert_eq!(report["runs_done"], 2 * 4 * 4 + 2 * 20);
    assert_eq!(report["objective"], "participants");
    // The saved scenario is valid input and spends the total asked for.
    sasaeai(&["validate", &saved]).ok();
    let run = sasaeai(&["run", &saved, "--mode", "expected", "--format", "json"]).json();
    let appropriation = run["fiscal_years"][0]["appropriation"].as_f64().unwrap();
    assert!((appropriation - 2e9).abs() < 1.0, "{appropriation}");
}

#[test]
fn optimize_names_bad_arguments() {
    let e = sasaeai(&["optimize", "status-quo", "--objective", "fastest"])
        .sasaeai_error()
        .to_string();
    assert!(
        e.contains("'fastest'") && e.contains("cost-per-retained"),
        "{e}"
    );
    let e = sasaeai(&["optimize", "status-quo", "--bounds", "staff=0.9:0.2"])
        .sasaeai_error()
        .to_string();
    assert!(e.contains("staff") && e.contains("0.9"), "{e}");
    let e = sasaeai(&["optimize", "status-quo", "--objective", "target:nope"])
        .sasaeai_error()
        .to_string();
    assert!(
        e.contains("'nope'") && e.contains("participants, continuation"),
        "{e}"
    );
    let e = sasaeai(&["optimize", "status-quo", "--total", "0"])
        .sasaeai_error()
        .to_string();
    assert!(e.contains("total = 0"), "{e}");
    let e = sasaeai(&["optimize", "status-quo", "--format", "csv"])
        .user_error()
        .to_string();
    assert!(e.contains("csv") && e.contains("table, json"), "{e}");
}

// ---------------------------------------------------------------- calibrate, own ward, equity

/// The example of a ward's own figures.
const MY_WARD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/examples/my-ward.toml"
);

#[test]
fn calibrate_prints_the_rates_of_a_wards_own_figures() {
    // Both model versions hold the example without warnings; version 2
    // also reports the word-of-mouth rate and the status quo's occupancy.
    let v2 = sasaeai(&["calibrate", MY_WARD, "--format", "json"]).json();
    assert_eq!(v2["warnings"], 0, "{v2}");
    assert!(
        v2["wards"][0]["rates"]["wom"].as_f64().unwrap() > 0.0,
        "{v2}"
    );
    assert!(
        v2["wards"][0]["reference"]["occupancy"].as_f64().unwrap() > 0.0,
        "{v2}"
    );
    let out = sasaeai(&["calibrate", MY_WARD, "--model", "1"]);
    let table = out.ok();
    for fragment in [
        "my-ward — Example ward",
        "join",
        "recruit",
        "aw_gain",
        "Example (例区) · population 250,000",
        "status-quo budget ¥43,290,000 a year (¥61,843 per participant)",
        "No warnings",
    ] {
        assert!(table.contains(fragment), "{fragment:?} missing:\n{table}");
    }
    let json = sasaeai(&["calibrate", MY_WARD, "--format", "json", "--model", "1"]).json();
    assert_eq!(json["warnings"], 0);
    let ward = &json["wards"][0];
    assert_eq!(ward["name"], "Example");
    for rate in ["join", "recruit", "aw_gain"] {
        assert!(ward["rates"][rate].as_f64().unwrap() > 0.0, "{rate}");
    }
    for key in ["tau", "grant", "coverage"] {
        assert!(ward["reference"][key].is_number(), "{key}");
    }
    assert_eq!(ward["capacities"]["need_pool"], 7_500.0);
    assert_eq!(json["parameters"]["c0"], 0.7);
    assert_eq!(json["scenario"]["ward_data"], "Example");
}

#[test]
fn calibrate_warns_about_implausible_figures_and_rejects_invalid_ones() {
    let dir = TempDir::new("calibrate");
    let text = std::fs::read_to_string(MY_WARD).unwrap();
    let crowded = dir.write(
        "crowded.toml",
        &text.replace("population = 250000", "population = 10000"),
    );
    let json = sasaeai(&["calibrate", &crowded, "--format", "json"]).json();
    assert!(json["warnings"].as_u64().unwrap() >= 1);
    let checks = json["wards"][0]["checks"].as_array().unwrap();
    let need = checks
        .iter()
        .find(|c| c["id"] == "need_pool")
        .expect("need_pool");
    assert_eq!(need["severity"], "warning");
    assert_eq!(need["field"], "my_ward.participants");
    assert_eq!(need["value"], "700");
    let table = sasaeai(&["calibrate", &crowded]).ok().to_string();
    assert!(table.contains("Warnings"), "{table}");
    assert!(
        table.contains("[need_pool] my_ward.participants = 700"),
        "{table}"
    );
    // `run` carries the same warning.
    let run = sasaeai(&["run", &crowded, "--runs", "20", "--format", "json"]).json();
    let warnings = run["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .starts_with("Example: my_ward.participants = 700")),
        "{warnings:?}"
    );
    // Invalid input: exit 2 naming the field and the value.
    let bad = dir.write(
        "bad.toml",
        &text.replace("continuation = 0.70", "continuation = 7"),
    );
    let stderr = sasaeai(&["calibrate", &bad]).sasaeai_error().to_string();
    assert!(stderr.contains("my_ward.continuation = 7"), "{stderr}");
    let stderr = sasaeai(&["calibrate", "no-such-file.toml"])
        .sasaeai_error()
        .to_string();
    assert!(stderr.contains("no-such-file.toml"), "{stderr}");
    // Any scenario can be calibrated: every ward of a built-in.
    let json = sasaeai(&["calibrate", "status-quo", "--format", "json"]).json();
    assert_eq!(json["wards"].as_array().unwrap().len(), 23);
    assert_eq!(json["warnings"], 0);
}

#[test]
fn a_wards_own_file_runs_and_merges_like_any_scenario() {
    let json = sasaeai(&["run", MY_WARD, "--runs", "30", "--format", "json"]).json();
    assert_eq!(json["resolved"]["wards"].as_array().unwrap().len(), 1);
    assert_eq!(json["equity"]["wards"], 1);
    let targets = json["targets"].as_array().unwrap();
    assert_eq!(targets[0]["threshold"], 1_050.0);
    let table = sasaeai(&["run", MY_WARD, "--runs", "30"]).ok().to_string();
    assert!(!table.contains("Equity across"), "{table}");
    // Shards of a [my_ward] file keep the ward's continuation and satisfaction.
    let dir = TempDir::new("own-shards");
    let shards = write_shards(&dir, MY_WARD, "2", "own");
    let mut merged = sasaeai(&[
        "merge", &shards[0], &shards[1], &shards[2], "--format", "json",
    ])
    .json();
    let mut whole = sasaeai(&[
        "run", MY_WARD, "--runs", "300", "--seed", "2", "--format", "json",
    ])
    .json();
    assert_eq!(merged["resolved"]["parameters"]["c0"], 0.7);
    merged["scenario"]["hash"].take();
    whole["scenario"]["hash"].take();
    assert_eq!(merged, whole);
}

#[test]
fn run_reports_equity_across_wards_in_json_table_and_csv() {
    let json = sasaeai(&["run", "equalized", "--runs", "40", "--format", "json"]).json();
    let equity = &json["equity"];
    assert_eq!(equity["wards"], 23);
    for basis in ["spending_per_participant", "spending_per_resident"] {
        for measure in ["gini", "max_min_ratio"] {
            for stat in ["mean", "p5", "p95"] {
                assert!(
                    equity[basis][measure][stat].is_number(),
                    "{basis}.{measure}.{stat}"
                );
            }
            assert!(
                equity[basis]["status_quo"][measure].is_number(),
                "{basis} status quo"
            );
        }
    }
    let per = &equity["spending_per_participant"];
    let sq_ratio = per["status_quo"]["max_min_ratio"].as_f64().unwrap();
    assert!((sq_ratio - 4.15).abs() < 1e-3, "{sq_ratio}");
    assert!(per["gini"]["mean"].as_f64().unwrap() < per["status_quo"]["gini"].as_f64().unwrap());
    assert!(
        json["scenario"]["ward_data_title"]
            .as_str()
            .unwrap()
            .contains("SYNTHETIC")
    );
    let table = sasaeai(&["run", "equalized", "--runs", "40"])
        .ok()
        .to_string();
    assert!(table.contains("Equity across 23 wards"), "{table}");
    assert!(table.contains("Gini, per participant"), "{table}");
    assert!(table.contains("max/min ratio, per resident"), "{table}");
    let csv = sasaeai(&["run", "equalized", "--runs", "40", "--format", "csv"])
        .ok()
        .to_string();
    assert!(
        csv.contains("equity,spending_per_participant_gini,FY2029,mean,"),
        "{csv:.200}"
    );
    assert!(csv.contains("equity,spending_per_participant_max_min_ratio,FY2029,status_quo,4.15"));
}
