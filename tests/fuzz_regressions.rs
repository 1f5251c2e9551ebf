//! Inputs of the fuzz targets (`fuzz/`, `scripts/fuzz.sh`) kept as tests
//! with the checks of their target (`tests/data/fuzz/README.md` says where
//! each came from): any input a fuzzer found to fail, and inputs that reach
//! the targets' validation and run paths.
//!
//! - `tests/data/fuzz/scenario/*`: bytes read as a TOML and as a JSON
//!   scenario, and as ward data. Reading never panics; a rejected file gets
//!   errors that each say what is wrong; an accepted one writes back to a
//!   file that reads the same.
//! - `tests/data/fuzz/engine/*.toml`: scenarios as the engine target built
//!   them. Either validation refuses them with errors that say what is
//!   wrong, or running them never panics, two shards merge into the whole
//!   batch, and no figure of the report is NaN or infinite
//!   ([`sasaeai::selfcheck`], the target's own checks).
//! - `fuzz/corpus/merge/seed-*` and `tests/data/fuzz/merge/*`: one or two
//!   shard files for `sasaeai merge`, cut at a NUL byte. Merging never
//!   panics; a refused file gets a message that names it and what is wrong;
//!   the genuine seeds merge and the damaged ones are refused.

use std::path::{Path, PathBuf};

use sasaeai::scenario::resolve::{parse_scenario, parse_ward_data};
use sasaeai::scenario::{Format, Loaded, ScenarioErrors, load_text};
use sasaeai::selfcheck;
use sasaeai::sim::shard::Merger;

fn cases(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    files
}

fn no_files(path: &str) -> Result<String, String> {
    Err(format!("{path}: no files here"))
}

fn check_errors(case: &str, e: &ScenarioErrors) {
    if let Err(m) = selfcheck::check_errors(e) {
        panic!("{case}: {m}");
    }
}

/// The checks of the `scenario` fuzz target; returns the loaded scenario of
/// each format that accepted the bytes.
fn read_case(case: &str, bytes: &[u8]) -> Vec<Loaded> {
    let text = String::from_utf8_lossy(bytes);
    let mut accepted = Vec::new();
    for format in [Format::Toml, Format::Json] {
        match load_text(&text, format, case, &no_files) {
            Ok(loaded) => {
                let again = parse_scenario(&loaded.scenario.to_json(), Format::Json, case)
                    .unwrap_or_else(|e| panic!("{case}: written back, it does not read: {e}"));
                assert_eq!(again.hash(), loaded.scenario.hash(), "{case}");
                accepted.push(loaded);
            }
            Err(e) => check_errors(case, &e),
        }
        if let Err(e) = parse_ward_data(&text, format, case) {
            check_errors(case, &e);
        }
    }
    accepted
}

/// The checks of the `engine` fuzz target.
fn run_case(case: &str, loaded: &Loaded) {
    if let Err(m) = selfcheck::check_run(loaded) {
        panic!("{case}: {m}");
    }
}

#[test]
fn scenario_inputs_found_by_the_fuzzer_read_without_panics() {
    let files = cases("scenario");
    assert!(!files.is_empty(), "no cases in tests/data/fuzz/scenario");
    for path in files {
        let case = path.display().to_string();
        let bytes = std::fs::read(&path).expect("read the case");
        for loaded in read_case(&case, &bytes) {
            run_case(&case, &loaded);
        }
    }
}

#[test]
fn engine_inputs_found_by_the_fuzzer_run_to_finite_reports() {
    let files = cases("engine");
    assert!(!files.is_empty(), "no cases in tests/data/fuzz/engine");
    for path in files {
        let case = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("read the case");
        // Either validation now refuses it with a clear error, or it runs.
        match load_text(&text, Format::Toml, &case, &no_files) {
            Ok(loaded) => run_case(&case, &loaded),
            Err(e) => check_errors(&case, &e),
        }
    }
}

/// The engine target made share shifts of about ±10²⁵⁴; their errors wrote
/// each value out in full, hundreds of digits per line. A number that large
/// is now written in exponent form.
#[test]
fn huge_numbers_in_errors_are_written_in_exponent_form() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/engine/engine-input-01.toml");
    let text = std::fs::read_to_string(&path).expect("read the case");
    let e = load_text(&text, Format::Toml, "case", &no_files).expect_err("refused");
    let staff = e
        .errors
        .iter()
        .find(|f| f.path == "budget.share_shift.staff")
        .unwrap_or_else(|| panic!("no error for the staff shift: {e}"));
    assert_eq!(staff.value, "-7.860155591206752e254", "{staff}");
    assert!(staff.message.contains("from -1 to 1"), "{staff}");
    for f in &e.errors {
        assert!(f.to_string().len() < 200, "a long error line: {f}");
    }
    // Everyday numbers are written as before.
    let e = load_text(
        "schema_version = 2\nname = \"x\"\n[run]\nhorizon = 2.5\n",
        Format::Toml,
        "case",
        &no_files,
    )
    .expect_err("refused");
    assert_eq!(e.errors[0].value, "2.5", "{e}");
}

/// The files of `dir` (below the crate) whose names start with `prefix`.
fn files_in(dir: &str, prefix: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_none_or(|e| e != "md")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    files.sort();
    files
}

/// Whether the shard files in `data` (cut at the first NUL byte) merge.
fn merges(data: &[u8]) -> bool {
    let mut merger = Merger::new();
    data.splitn(2, |&b| b == 0)
        .enumerate()
        .all(|(i, bytes)| merger.add(&format!("shard-{}.json", i + 1), bytes).is_ok())
        && merger.finish().is_ok()
}

#[test]
fn merge_inputs_merge_or_are_refused_naming_the_file() {
    let mut files = files_in("fuzz/corpus/merge", "seed-");
    assert!(
        files.len() >= 4,
        "the merge target's seeds are missing: {files:?}"
    );
    files.extend(files_in("tests/data/fuzz/merge", ""));
    for path in files {
        let case = path.display().to_string();
        let bytes = std::fs::read(&path).expect("read the case");
        if let Err(m) = selfcheck::check_merge(&bytes) {
            panic!("{case}: {m}");
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("seed-genuine-") {
            assert!(merges(&bytes), "{case}: genuine shards do not merge");
        } else if name.starts_with("seed-damaged-") {
            assert!(!merges(&bytes), "{case}: damaged shards merge");
        }
    }
}
