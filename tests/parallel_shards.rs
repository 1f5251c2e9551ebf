//! A batch split into shards run by GNU parallel and merged with
//! `sasaeai merge` equals the same batch run in one process, byte for byte
//! (README.md, "Batches beyond one machine").
//!
//! GNU parallel comes from Debian's `parallel` package; the test installs it
//! with apt-get when it is missing (as root, else through `sudo -n`), and
//! is skipped, saying so, only when that fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SASAEAI: &str = env!("CARGO_BIN_EXE_sasaeai");

/// Whether `parallel` on the PATH is GNU parallel (moreutils has another).
fn gnu_parallel() -> bool {
    Command::new("parallel")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("GNU parallel"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// GNU parallel, installed from Debian's packages if missing; `Err` says
/// why it cannot be had.
fn ensure_gnu_parallel() -> Result<(), String> {
    if gnu_parallel() {
        return Ok(());
    }
    let (program, prefix): (&str, &[&str]) = if is_root() {
        ("apt-get", &[])
    } else {
        ("sudo", &["-n", "apt-get"])
    };
    for args in [&["update"][..], &["install", "-y", "parallel"][..]] {
        let status = Command::new(program)
            .args(prefix)
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("{program} cannot start: {e}"))?;
        if !status.success() {
            return Err(format!("{program} {} failed ({status})", args.join(" ")));
        }
    }
    if gnu_parallel() {
        Ok(())
    } else {
        Err("apt-get installed parallel, but `parallel --version` is not GNU parallel".into())
    }
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("sasaeai-parallel-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
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

fn sasaeai(args: &[&str]) -> String {
    let output = Command::new(SASAEAI)
        .args(args)
        .output()
        .expect("the binary starts");
    assert!(
        output.status.success(),
        "sasaeai {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// `parallel` running `sasaeai run SCENARIO --runs RUNS --seed SEED --shard
/// {}/N` into `dir/shard-{}.json` for shards 1..=N; returns the paths.
fn shards_through_parallel(
    dir: &TempDir,
    scenario: &str,
    runs: &str,
    seed: &str,
    n: u32,
) -> Vec<String> {
    let out = dir.path("shard-{}.json");
    let shard = format!("{{}}/{n}");
    let mut command = Command::new("parallel");
    command
        .args(["--will-cite", "--halt", "now,fail=1"])
        .args([SASAEAI, "run", scenario, "--runs", runs, "--seed", seed])
        .args(["--shard", &shard, "--format", "json", "--out", &out])
        .arg(":::")
        .args((1..=n).map(|i| i.to_string()))
        .stdin(Stdio::null());
    let output = command.output().expect("parallel starts");
    assert!(
        output.status.success(),
        "parallel failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stdout.is_empty(),
        "a shard run with --out prints nothing: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    (1..=n)
        .map(|i| {
            let p = dir.path(&format!("shard-{i}.json"));
            assert!(Path::new(&p).is_file(), "parallel wrote no {p}");
            p
        })
        .collect()
}

#[test]
fn shards_run_by_gnu_parallel_merge_into_the_unsharded_report() {
    if let Err(why) = ensure_gnu_parallel() {
        println!(
            "SKIPPED shards_run_by_gnu_parallel_merge_into_the_unsharded_report: \
             GNU parallel is not installed and cannot be installed here: {why}"
        );
        return;
    }
    let dir = TempDir::new("combined-plan");
    let shards = shards_through_parallel(&dir, "combined-plan", "4000", "3", 4);
    let whole = sasaeai(&[
        "run",
        "combined-plan",
        "--runs",
        "4000",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    let mut args = vec!["merge", "--format", "json"];
    args.extend(shards.iter().map(String::as_str));
    let merged = sasaeai(&args);
    // Every figure: probabilities, means, percentiles, the scenario hash.
    let whole_json: serde_json::Value = serde_json::from_str(&whole).expect("JSON");
    let merged_json: serde_json::Value = serde_json::from_str(&merged).expect("JSON");
    assert_eq!(merged_json["runs"], 4000);
    assert_eq!(
        merged_json["targets"], whole_json["targets"],
        "target probabilities differ"
    );
    assert_eq!(
        merged_json["fiscal_years"], whole_json["fiscal_years"],
        "fiscal-year means or overrun probabilities differ"
    );
    assert_eq!(merged_json, whole_json, "merged figures differ");
    assert_eq!(
        merged, whole,
        "the merged report is not byte for byte the unsharded one"
    );

    // The order of the files does not matter.
    let mut reversed = vec!["merge", "--format", "json"];
    reversed.extend(shards.iter().rev().map(String::as_str));
    assert_eq!(sasaeai(&reversed), whole);
}

/// A batch larger than one process may run (1,000,000 runs) goes through
/// shards: here 1,200,000 runs in 400 shards of 3,000, of which parallel
/// runs two. Each shard file holds the batch's size; `merge` names the
/// shards still missing rather than refusing the size.
#[test]
fn a_batch_beyond_one_process_runs_in_shards_through_gnu_parallel() {
    if let Err(why) = ensure_gnu_parallel() {
        println!(
            "SKIPPED a_batch_beyond_one_process_runs_in_shards_through_gnu_parallel: \
             GNU parallel is not installed and cannot be installed here: {why}"
        );
        return;
    }
    let dir = TempDir::new("large");
    let out = dir.path("shard-{}.json");
    let output = Command::new("parallel")
        .args(["--will-cite", "--halt", "now,fail=1"])
        .args([
            SASAEAI,
            "run",
            "status-quo",
            "--runs",
            "1200000",
            "--seed",
            "5",
        ])
        .args(["--shard", "{}/400", "--out", &out, ":::", "1", "400"])
        .stdin(Stdio::null())
        .output()
        .expect("parallel starts");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for i in [1, 400] {
        let text = std::fs::read_to_string(dir.path(&format!("shard-{i}.json"))).expect("shard");
        let shard: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(shard["scenario"]["run"]["runs"], 1_200_000);
        assert_eq!(shard["summaries"]["runs"], 3000);
        assert_eq!(shard["shard"], i);
    }
    let merged = Command::new(SASAEAI)
        .args([
            "merge",
            &dir.path("shard-1.json"),
            &dir.path("shard-400.json"),
        ])
        .output()
        .expect("the binary starts");
    assert_eq!(merged.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&merged.stderr);
    assert!(
        stderr.contains("missing shards 2–399 of 400"),
        "merge should name the missing shards: {stderr}"
    );
}

/// Runs beyond one process are refused without `--shard`, and a shard
/// larger than one process may run is refused naming the shards needed.
#[test]
fn batch_sizes_are_checked_against_one_process_and_one_shard() {
    let run = |args: &[&str]| {
        let o = Command::new(SASAEAI)
            .args(args)
            .output()
            .expect("the binary starts");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let (code, stderr) = run(&["run", "status-quo", "--runs", "2000000"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--runs 2000000: runs must be a whole number from 1 to 1,000,000")
            && stderr.contains("--shard"),
        "{stderr}"
    );
    let (code, stderr) = run(&["run", "status-quo", "--runs", "2000001", "--shard", "1/2"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--shard 1/2: shards of up to 1,000,001 runs")
            && stderr.contains("at least 3 shards"),
        "{stderr}"
    );
    let (code, stderr) = run(&[
        "run",
        "status-quo",
        "--runs",
        "1000000001",
        "--shard",
        "1/2000",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--runs 1000000001") && stderr.contains("1 to 1,000,000,000"),
        "{stderr}"
    );
}
