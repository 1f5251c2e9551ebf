//! The command-line tool against hostile or careless input around the
//! scenario reader: parameters beyond their plausible range, distributions
//! whose draws overflow, output that cannot be written, `--out` naming an
//! input, files a scenario names that are not plain files, text that could
//! drive a terminal or a spreadsheet, and the smaller cases (repeated JSON
//! keys, thresholds a metric cannot cross, numbers too large for a file,
//! thousands of errors, an enormous optimiser total).

mod common;

use std::process::{Command, Stdio};

use common::cli::{TempDir, run_in, sasaeai, sasaeai_to};

const HEADER: &str = "schema_version = 2\nname = \"t\"\n";

/// A scenario file in `dir` made of `body` after the header.
fn scenario(dir: &TempDir, name: &str, body: &str) -> String {
    dir.write(name, &format!("{HEADER}{body}"))
}

// ---------------------------------------------------- valid input, bad model

#[test]
fn a_parameter_beyond_its_plausible_range_is_refused_naming_it() {
    let dir = TempDir::new("ranges");
    for (body, field, range) in [
        (
            "[parameters]\neps_bases = 1e5\n",
            "parameters.eps_bases",
            "from 0 to 2",
        ),
        (
            "[parameters]\nbeta_staff = 1e306\n",
            "parameters.beta_staff",
            "from 0 to 3",
        ),
        (
            "[parameters]\ncaseload = \"pert(1,8.5,5000)\"\n",
            "parameters.caseload",
            "from 0.1 to 1000",
        ),
        (
            "[parameters]\nbeta_tau = -2\n",
            "parameters.beta_tau",
            "from 0 to 1",
        ),
    ] {
        let path = scenario(&dir, "p.toml", body);
        let e = sasaeai(&["run", &path, "--runs", "10"])
            .user_error()
            .to_string();
        assert!(e.contains(field) && e.contains(range), "{body}: {e}");
    }
    // The ends of a range are allowed.
    let path = scenario(
        &dir,
        "edge.toml",
        "[run]\nmode = \"expected\"\n[parameters]\neps_bases = 2\nbeta_staff = 3\n",
    );
    sasaeai(&["run", &path]).ok();
}

#[test]
fn a_distribution_whose_draws_overflow_is_refused() {
    for text in [
        "lognormal(mu=700,sigma=10)",
        "lognormal(median=1e300,p95=1e308)",
        "normal(0,1e308)",
    ] {
        let e = sasaeai(&["sample", text, "--n", "5"])
            .user_error()
            .to_string();
        assert!(e.contains("overflow"), "{text}: {e}");
    }
    // Large but safe: e^(700 − 8.3·…) stays finite.
    let out = sasaeai(&["sample", "lognormal(mu=600,sigma=10)", "--n", "1000"]);
    assert!(
        out.ok().lines().all(|l| l
            .parse::<f64>()
            .is_ok_and(|x| x.is_finite() && x < f64::MAX)),
        "every draw finite and below f64::MAX"
    );
}

// ------------------------------------------------------------- output

#[test]
fn output_that_cannot_be_written_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = sasaeai_to(Stdio::from(full), &["run", "status-quo", "--runs", "20"]);
    let e = out.failure(1);
    assert!(e.contains("standard output") && e.contains("space"), "{e}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [
        vec!["validate", "status-quo", "training", "combined-plan"],
        vec!["run", "status-quo", "--runs", "20", "--format", "csv"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sasaeai"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        // Close the reading end at once, as `| head -0` would.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn out_refuses_to_overwrite_an_input_of_the_command() {
    let dir = TempDir::new("out-input");
    let mine = scenario(&dir, "mine.toml", "[run]\nruns = 10\n");
    let before = std::fs::read_to_string(&mine).unwrap();
    let e = sasaeai(&["run", &mine, "--out", &mine])
        .user_error()
        .to_string();
    assert!(e.contains("--out") && e.contains("input"), "{e}");
    // By another name: a symbolic link.
    let link = dir.path("link.toml");
    std::os::unix::fs::symlink(&mine, &link).unwrap();
    sasaeai(&["run", &mine, "--out", &link]).user_error();
    sasaeai(&["compare", "status-quo", &mine, "--out", &mine]).user_error();
    sasaeai(&["migrate", &mine, "--out", &mine]).user_error();
    sasaeai(&["optimize", &mine, "--iterations", "1", "--save", &mine]).user_error();
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), before);

    // A ward data file the scenario names is an input too.
    let wards = dir.write(
        "wards.toml",
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/wards/tokyo-23.toml"),
        )
        .unwrap(),
    );
    let uses = scenario(
        &dir,
        "uses.toml",
        "wards = \"wards.toml\"\n[run]\nruns = 10\n",
    );
    let e = sasaeai(&["run", &uses, "--out", &wards])
        .user_error()
        .to_string();
    assert!(e.contains("wards.toml"), "{e}");
    assert!(
        std::fs::read_to_string(&wards)
            .unwrap()
            .contains("[[wards]]")
    );

    // Shards given to merge.
    let shard = dir.path("a.json");
    sasaeai(&[
        "run",
        "status-quo",
        "--runs",
        "10",
        "--shard",
        "1/1",
        "--out",
        &shard,
    ])
    .ok();
    let before = std::fs::read(&shard).unwrap();
    sasaeai(&["merge", &shard, "--out", &shard]).user_error();
    assert_eq!(std::fs::read(&shard).unwrap(), before);
}

#[test]
fn a_failed_write_leaves_the_earlier_file_whole() {
    let dir = TempDir::new("atomic");
    let out = dir.write("report.txt", "the earlier report\n");
    // A file size limit of 1 KB: the report is larger, so the write fails
    // (EFBIG, with SIGXFSZ ignored) after part of it is written.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 2; exec '{}' run status-quo --runs 20 --format csv --out '{out}'",
            env!("CARGO_BIN_EXE_sasaeai")
        ))
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert_eq!(status.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--out") && stderr.contains("unchanged"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the earlier report\n"
    );
    let left: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    // Without the limit the report replaces the file.
    sasaeai(&[
        "run",
        "status-quo",
        "--runs",
        "20",
        "--format",
        "csv",
        "--out",
        &out,
    ])
    .ok();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("section,output")
    );
}

// ------------------------------------------------ files a scenario names

#[test]
fn a_ward_file_must_be_a_regular_file_of_sensible_size() {
    let dir = TempDir::new("ward-files");
    let started = std::time::Instant::now();
    let zero = scenario(&dir, "zero.toml", "wards = \"/dev/zero\"\n");
    let e = sasaeai(&["validate", &zero]).user_error().to_string();
    assert!(e.contains("not a regular file"), "{e}");

    let fifo = dir.path("fifo.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let uses = scenario(&dir, "fifo-user.toml", "wards = \"fifo.toml\"\n");
    let e = sasaeai(&["validate", &uses]).user_error().to_string();
    assert!(e.contains("not a regular file"), "{e}");

    let big = dir.path("big.toml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(40 << 20)
        .unwrap();
    let uses = scenario(&dir, "big-user.toml", "wards = \"big.toml\"\n");
    let e = sasaeai(&["validate", &uses]).user_error().to_string();
    assert!(e.contains("40.0 MB") && e.contains("at most 16 MB"), "{e}");
    assert!(started.elapsed().as_secs() < 20, "read nothing it need not");

    // A scenario argument that is a device or a pipe is refused too.
    sasaeai(&["validate", "/dev/zero"]).user_error();
}

#[test]
fn a_file_that_is_not_ward_data_is_never_quoted() {
    let dir = TempDir::new("foreign");
    let secret = dir.write(
        "secret.txt",
        "root:x:0:0:root:/root:/bin/bash\npassword = \"hunter2\"\n",
    );
    let uses = scenario(&dir, "s.toml", &format!("wards = {secret:?}\n"));
    let e = sasaeai(&["validate", &uses]).user_error().to_string();
    assert!(e.contains("line 1"), "says where: {e}");
    for content in ["root", "bash", "hunter2", "password"] {
        assert!(!e.contains(content), "quotes {content:?}: {e}");
    }
}

// ------------------------------------------------------------- injection

#[test]
fn control_characters_in_a_title_are_shown_escaped() {
    let dir = TempDir::new("escapes");
    let path = dir.write(
        "t.toml",
        "schema_version = 2\nname = \"t\"\ntitle = \"Plan \\u001b]0;pwned\\u0007 \\u202e\"\n[run]\nruns = 10\n",
    );
    let out = sasaeai(&["run", &path]);
    let table = out.ok();
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "{table}"
    );
    assert!(!table.contains('\u{202e}'), "{table}");
    assert!(table.contains("\\u{1b}]0;pwned\\u{7}"), "{table}");
    // JSON keeps the title as written (escaped by JSON itself).
    let json = sasaeai(&["run", &path, "--format", "json"]);
    assert!(json.ok().contains("\\u001b]0;pwned\\u0007"));
}

#[test]
fn text_cells_of_csv_never_start_a_formula() {
    let dir = TempDir::new("csv");
    let path = scenario(
        &dir,
        "f.toml",
        "[run]\nruns = 10\n[[run.targets]]\nid = \"=HYPERLINK(\\\"http://x\\\")\"\nmetric = \"participants\"\nat_least = 1\n\
         [[run.targets]]\nid = \"@cmd\"\nmetric = \"awareness\"\nat_least = 0.5\n",
    );
    let csv = sasaeai(&["run", &path, "--format", "csv"]).ok().to_string();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(csv.contains("\"'@cmd\""), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '@', '+']), "{line}");
        }
    }
    // Negative numbers stay numbers.
    let compare = sasaeai(&[
        "compare",
        "status-quo",
        "reallocation",
        "--runs",
        "20",
        "--format",
        "csv",
    ]);
    assert!(compare.ok().lines().any(|l| l.contains(",-")));
}

// ------------------------------------------------------------- smaller cases

#[test]
fn a_json_key_given_twice_is_refused_naming_it() {
    let dir = TempDir::new("dup");
    let path = dir.write(
        "d.json",
        r#"{"schema_version": 1, "name": "x", "run": {"runs": 10, "runs": 20}}"#,
    );
    let e = sasaeai(&["validate", &path]).user_error().to_string();
    assert!(e.contains("run.runs") && e.contains("given twice"), "{e}");
}

#[test]
fn thresholds_a_metric_cannot_cross_are_refused_and_no_targets_is_warned() {
    let dir = TempDir::new("thresholds");
    for (target, field) in [
        (
            "metric = \"continuation\"\nat_least = 1.5",
            "at_least = 1.5",
        ),
        ("metric = \"awareness\"\nat_most = -0.5", "at_most = -0.5"),
        ("metric = \"participants\"\nat_least = -3", "at_least = -3"),
    ] {
        let path = scenario(
            &dir,
            "t.toml",
            &format!("[[run.targets]]\nid = \"x\"\n{target}\n"),
        );
        let e = sasaeai(&["validate", &path]).user_error().to_string();
        assert!(e.contains(&format!("run.targets[0].{field}")), "{e}");
    }
    let path = scenario(&dir, "none.toml", "[run]\ntargets = []\nruns = 10\n");
    let out = sasaeai(&["validate", &path]);
    assert!(
        out.ok().contains("warning: run.targets is empty"),
        "{out:?}"
    );
}

#[test]
fn numbers_too_large_for_a_file_name_their_field() {
    let dir = TempDir::new("large");
    let path = scenario(&dir, "s.toml", "[run]\nseed = 18446744073709551616\n");
    let e = sasaeai(&["validate", &path]).user_error().to_string();
    assert!(
        e.contains("run.seed = 18446744073709551616") && e.contains("too large"),
        "{e}"
    );
    assert!(!e.contains("i128"), "no library words: {e}");
    let path = dir.write(
        "s.json",
        r#"{"schema_version": 1, "name": "x", "run": {"runs": 1e400}}"#,
    );
    let e = sasaeai(&["validate", &path]).user_error().to_string();
    assert!(e.contains("run.runs") && e.contains("too large"), "{e}");
}

#[test]
fn thousands_of_errors_are_listed_up_to_a_cap_with_a_count() {
    let dir = TempDir::new("errors");
    let mut body = String::from("[wards]\nname = \"many\"\n");
    for i in 0..1000 {
        body.push_str(&format!(
            "[[wards.wards]]\nname = \"W{i}\"\nname_ja = \"区{i}\"\npopulation = -1\nparticipants = -1\n\
             untrained = -1\ncertified = -1\nbases = -1\nawareness = 2\n"
        ));
    }
    let path = scenario(&dir, "many.toml", &body);
    let e = sasaeai(&["validate", &path]).user_error().to_string();
    assert!(e.len() < 20_000, "{} bytes", e.len());
    assert!(e.contains("more errors"), "{e}");
    assert_eq!(e.lines().filter(|l| l.starts_with("  - ")).count(), 40);
}

#[test]
fn an_enormous_optimiser_total_is_written_briefly() {
    let e = sasaeai(&["optimize", "status-quo", "--total", "1e300"])
        .user_error()
        .to_string();
    assert!(e.contains("total = 1e300"), "{e}");
    assert!(e.len() < 200, "{e}");
}

#[test]
fn a_folder_named_like_a_builtin_does_not_hide_it() {
    let dir = TempDir::new("folder");
    std::fs::create_dir(dir.0.join("status-quo")).unwrap();
    run_in(Some(&dir.0), &["validate", "status-quo"]).ok();
}
