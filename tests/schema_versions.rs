//! Scenario schema versions: a stored file of every version this build reads
//! (`tests/data/schema/v<N>.toml` and `.json`) loads, is upgraded to the
//! current version and gives the same simulation result as the file this
//! build writes for it; a file of a newer or unknown version gets an error
//! naming `schema_version`, the value and what is allowed; the upgrade
//! machinery runs its steps in order; and `sasaeai migrate` writes the
//! upgraded file.

use std::path::{Path, PathBuf};
use std::process::Command;

use toml::Value;
use toml::value::Table;

use sasaeai::report::build_report;
use sasaeai::scenario::migrate::{Step, migrate, migrate_with, oldest_version};
use sasaeai::scenario::resolve::{format_of, load_text, parse_scenario_upgraded, parse_tree};
use sasaeai::scenario::schema::SCHEMA_VERSION;
use sasaeai::scenario::{Bilingual, Format, Loaded};
use sasaeai::sim::batch::run_range;
use sasaeai::sim::{Accumulator, RunResult, Simulator};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/schema")
}

fn no_files(path: &str) -> Result<String, String> {
    Err(format!("{path}: only built-in ward data here"))
}

fn load(text: &str, format: Format, source: &str) -> Loaded {
    load_text(text, format, source, &no_files).unwrap_or_else(|e| panic!("{e}"))
}

/// The JSON report of every run of `loaded`.
fn report(loaded: &Loaded) -> String {
    let sim = Simulator::new(&loaded.plan);
    let mut acc = Accumulator::new(&loaded.plan);
    run_range(
        &sim,
        0..loaded.plan.runs,
        &mut acc,
        &mut RunResult::default(),
    );
    build_report(
        &loaded.plan,
        loaded.info.clone(),
        &acc,
        loaded.warnings.clone(),
    )
    .to_json()
}

/// The stored files of each version: (version, path).
fn stored_files() -> Vec<(i64, PathBuf)> {
    let mut files: Vec<(i64, PathBuf)> = std::fs::read_dir(data_dir())
        .expect("tests/data/schema")
        .map(|e| e.expect("a directory entry").path())
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?;
            let version = stem.strip_prefix('v')?.parse().ok()?;
            Some((version, p))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn there_is_a_stored_file_of_every_version_read_in_toml_and_json() {
    let files = stored_files();
    for version in oldest_version()..=SCHEMA_VERSION {
        for ext in ["toml", "json"] {
            assert!(
                files
                    .iter()
                    .any(|(v, p)| *v == version && p.extension().is_some_and(|e| e == ext)),
                "no tests/data/schema/v{version}.{ext}"
            );
        }
    }
    // And none of a version this build no longer reads.
    for (version, path) in &files {
        assert!(
            (oldest_version()..=SCHEMA_VERSION).contains(version),
            "{} is of a version this build does not read",
            path.display()
        );
    }
}

#[test]
fn each_stored_file_loads_upgraded_and_runs_like_its_current_version() {
    for (version, path) in stored_files() {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("read the stored file");
        let format = format_of(&name);
        let tree = parse_tree(&text, format, &name).expect("parses");
        assert_eq!(
            tree.get("schema_version").and_then(Value::as_integer),
            Some(version),
            "{name}: its schema_version must match its file name"
        );
        let (scenario, upgrade) =
            parse_scenario_upgraded(&text, format, &name).unwrap_or_else(|e| panic!("{e}"));
        match &upgrade {
            None => assert_eq!(version, SCHEMA_VERSION, "{name} was not upgraded"),
            Some(u) => {
                assert_eq!((u.from, u.to), (version, SCHEMA_VERSION), "{name}");
                assert_eq!(u.changes.len() as i64, SCHEMA_VERSION - version, "{name}");
            }
        }
        // The file this build writes for it is of the current version ...
        let current = scenario.to_toml();
        let current_tree = parse_tree(&current, Format::Toml, "written").expect("parses");
        assert_eq!(
            current_tree
                .get("schema_version")
                .and_then(Value::as_integer),
            Some(SCHEMA_VERSION)
        );
        // ... and gives the same simulation result, figure for figure.
        let stored = report(&load(&text, format, &name));
        let written = report(&load(&current, Format::Toml, "written"));
        assert_eq!(stored, written, "{name}: another result after the upgrade");
        assert!(stored.contains("\"runs\": 200"), "{name}: {stored:.300}");
    }
}

#[test]
fn the_toml_and_json_files_of_one_version_give_the_same_result() {
    let files = stored_files();
    for version in oldest_version()..=SCHEMA_VERSION {
        let text = |ext: &str| {
            let path = data_dir().join(format!("v{version}.{ext}"));
            std::fs::read_to_string(path).expect("read the stored file")
        };
        let toml = load(&text("toml"), Format::Toml, "toml");
        let json = load(&text("json"), Format::Json, "json");
        assert_eq!(toml.scenario, json.scenario, "version {version}");
        assert_eq!(report(&toml), report(&json), "version {version}");
    }
    assert!(!files.is_empty());
}

#[test]
fn a_file_of_a_newer_version_is_refused_naming_the_field_value_and_what_is_allowed() {
    let path = data_dir().join("future.toml");
    let text = std::fs::read_to_string(&path).expect("read future.toml");
    let e = load_text(&text, Format::Toml, "future.toml", &no_files).expect_err("refused");
    assert_eq!(e.errors.len(), 1, "{e}");
    let error = &e.errors[0];
    assert_eq!(error.path, "schema_version");
    assert_eq!(error.value, (SCHEMA_VERSION + 1).to_string());
    assert!(
        error
            .message
            .contains(&format!("reads schema_version = {SCHEMA_VERSION}")),
        "{error}"
    );
    assert!(error.message.contains("newer Sasaeai"), "{error}");
    // The same for JSON.
    let json = format!(
        "{{\"schema_version\": {}, \"name\": \"x\"}}",
        SCHEMA_VERSION + 5
    );
    let e = load_text(&json, Format::Json, "future.json", &no_files).expect_err("refused");
    assert_eq!(e.errors[0].path, "schema_version");
    assert_eq!(e.errors[0].value, (SCHEMA_VERSION + 5).to_string());
}

#[test]
fn a_version_older_than_any_upgrade_is_refused_with_the_versions_allowed() {
    for old in [oldest_version() - 1, -3] {
        let text = format!("schema_version = {old}\nname = \"x\"\n");
        let e = load_text(&text, Format::Toml, "old.toml", &no_files).expect_err("refused");
        let error = &e.errors[0];
        assert_eq!(error.path, "schema_version", "{e}");
        assert_eq!(error.value, old.to_string(), "{e}");
        assert!(
            error
                .message
                .contains(&format!("schema_version = {SCHEMA_VERSION}")),
            "{e}"
        );
        assert!(!error.message.contains("newer"), "{e}");
    }
}

// ------------------------------------------------- the upgrade machinery

/// A history of three versions, for the machinery: version 1 wrote
/// `budget.shift`, version 2 renamed it `budget.share_shift`, version 3
/// wrote a lone `runs` at the top level into `[run]`.
const HISTORY: &[Step] = &[
    Step {
        from: 1,
        change: "budget.shift is now budget.share_shift",
        change_ja: "budget.shiftはbudget.share_shiftになりました",
        apply: |root| {
            if let Some(Value::Table(b)) = root.get_mut("budget")
                && let Some(v) = b.remove("shift")
            {
                b.insert("share_shift".into(), v);
            }
        },
    },
    Step {
        from: 2,
        change: "runs is now run.runs",
        change_ja: "runsはrun.runsになりました",
        apply: |root| {
            if let Some(v) = root.remove("runs") {
                let run = root
                    .entry("run")
                    .or_insert_with(|| Value::Table(Table::new()));
                if let Value::Table(t) = run {
                    t.insert("runs".into(), v);
                }
            }
        },
    },
];

fn tree(text: &str) -> Table {
    text.parse().expect("TOML")
}

#[test]
fn the_steps_run_in_order_from_the_file_version_to_the_current_one() {
    let v1 = tree(
        "schema_version = 1\nname = \"x\"\nruns = 50\n[budget]\nshift = { grants = -0.1, training = 0.1 }\n",
    );
    let (upgraded, upgrade) = migrate_with(&v1, HISTORY, 3).expect("upgraded");
    let upgrade = upgrade.expect("an upgrade");
    assert_eq!((upgrade.from, upgrade.to), (1, 3));
    assert_eq!(
        upgrade.changes,
        vec![
            "budget.shift is now budget.share_shift",
            "runs is now run.runs"
        ]
    );
    assert_eq!(
        upgrade.describe(),
        "schema_version 1 upgraded to 3: budget.shift is now budget.share_shift; runs is now run.runs"
    );
    // The same note in Japanese, for the app.
    assert_eq!(upgrade.en(), upgrade.describe());
    assert_eq!(
        upgrade.ja(),
        "schema_version 1のファイルを3に変換しました\
         （budget.shiftはbudget.share_shiftになりました。runsはrun.runsになりました）"
    );
    let expected = tree(
        "schema_version = 3\nname = \"x\"\n[run]\nruns = 50\n[budget]\nshare_shift = { grants = -0.1, training = 0.1 }\n",
    );
    assert_eq!(*upgraded, expected);
    // The input is left as it was.
    assert!(v1["budget"].get("shift").is_some());

    // A file of version 2 takes only the second step.
    let v2 = tree("schema_version = 2\nname = \"x\"\nruns = 50\n");
    let (upgraded, upgrade) = migrate_with(&v2, HISTORY, 3).expect("upgraded");
    assert_eq!(
        upgrade.expect("an upgrade").changes,
        vec!["runs is now run.runs"]
    );
    assert_eq!(
        *upgraded,
        tree("schema_version = 3\nname = \"x\"\n[run]\nruns = 50\n")
    );

    // The current version is left alone.
    let v3 = tree("schema_version = 3\nname = \"x\"\n");
    let (same, upgrade) = migrate_with(&v3, HISTORY, 3).expect("current");
    assert!(upgrade.is_none());
    assert_eq!(*same, v3);
}

#[test]
fn the_machinery_names_the_versions_it_reads_and_upgrades() {
    for (version, newer) in [(4, true), (0, false)] {
        let t = tree(&format!("schema_version = {version}\nname = \"x\"\n"));
        let e = migrate_with(&t, HISTORY, 3).expect_err("refused");
        assert_eq!(e.path, "schema_version");
        assert_eq!(e.value, version.to_string());
        assert!(
            e.message
                .contains("reads schema_version = 3 and upgrades files of schema_version 1 to 2"),
            "{e}"
        );
        assert_eq!(e.message.contains("newer Sasaeai"), newer, "{e}");
    }
    // A missing or malformed version is left for validation to report.
    for text in ["name = \"x\"\n", "schema_version = \"one\"\nname = \"x\"\n"] {
        let t = tree(text);
        let (same, upgrade) = migrate_with(&t, HISTORY, 3).expect("left to validation");
        assert!(upgrade.is_none());
        assert_eq!(*same, t);
    }
    let e = load_text("name = \"x\"\n", Format::Toml, "x", &no_files).expect_err("missing");
    assert!(e.errors.iter().any(|f| f.path == "schema_version"), "{e}");
}

#[test]
fn the_shipped_history_upgrades_nothing_of_the_current_version() {
    let t = tree(&format!(
        "schema_version = {SCHEMA_VERSION}\nname = \"x\"\n"
    ));
    let (_, upgrade) = migrate(&t).expect("current");
    assert!(upgrade.is_none());
}

// ------------------------------------------------------- the CLI

fn sasaeai(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sasaeai"))
        .args(args)
        .output()
        .expect("the binary starts");
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sasaeai-schema-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn migrate_writes_a_valid_file_of_the_current_version_with_the_same_result() {
    let dir = temp_dir("migrate");
    for (version, path) in stored_files() {
        let source = path.to_str().expect("UTF-8 path");
        for out_ext in ["toml", "json"] {
            let out = dir.join(format!("v{version}-upgraded.{out_ext}"));
            let out = out.to_str().expect("UTF-8 path");
            let (code, stdout, stderr) = sasaeai(&["migrate", source, "--out", out]);
            assert_eq!(code, Some(0), "{stderr}");
            assert!(stdout.is_empty(), "{stdout}");
            if version == SCHEMA_VERSION {
                assert!(
                    stderr.contains(&format!("already schema_version {SCHEMA_VERSION}")),
                    "{stderr}"
                );
            } else {
                assert!(
                    stderr.contains(&format!(
                        "schema_version {version} upgraded to {SCHEMA_VERSION}"
                    )),
                    "{stderr}"
                );
            }
            let written = std::fs::read_to_string(out).expect("written");
            let format = format_of(out);
            let tree = parse_tree(&written, format, out).expect("parses");
            assert_eq!(
                tree.get("schema_version").and_then(Value::as_integer),
                Some(SCHEMA_VERSION)
            );
            let original = std::fs::read_to_string(&path).expect("read");
            assert_eq!(
                report(&load(&written, format, out)),
                report(&load(&original, format_of(source), source)),
                "{out}"
            );
            // validate reads the written file without a note.
            let (code, stdout, stderr) = sasaeai(&["validate", out]);
            assert_eq!(code, Some(0), "{stderr}");
            assert!(stdout.contains("valid"), "{stdout}");
            assert!(stderr.is_empty(), "{stderr}");
        }
    }
    // Without --out the file goes to standard output in its own format.
    let v1 = data_dir().join("v1.json");
    let (code, stdout, _) = sasaeai(&["migrate", v1.to_str().expect("UTF-8")]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(json["schema_version"], SCHEMA_VERSION);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn migrate_and_validate_refuse_a_newer_file_naming_schema_version() {
    let future = data_dir().join("future.toml");
    let future = future.to_str().expect("UTF-8");
    for command in ["migrate", "validate", "run"] {
        let (code, stdout, stderr) = sasaeai(&[command, future]);
        assert_eq!(code, Some(2), "{command}: {stderr}");
        assert!(stdout.is_empty(), "{command}: {stdout}");
        assert!(
            stderr.contains(&format!(
                "schema_version = {}: this version of Sasaeai reads schema_version = {SCHEMA_VERSION}",
                SCHEMA_VERSION + 1
            )),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A file that is not valid after the upgrade is not written.
    let dir = temp_dir("invalid");
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        format!("schema_version = {SCHEMA_VERSION}\nname = \"x\"\n[run]\nhorizon = 0\n"),
    )
    .expect("write");
    let out = dir.join("out.toml");
    let (code, _, stderr) = sasaeai(&[
        "migrate",
        bad.to_str().expect("UTF-8"),
        "--out",
        out.to_str().expect("UTF-8"),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("run.horizon = 0"), "{stderr}");
    assert!(!out.exists(), "an invalid file was written");
    let _ = std::fs::remove_dir_all(dir);
}
