//! The merge of shard files: genuine shards merge into the whole batch,
//! and files that are changed, incomplete, of another batch or not shard
//! files at all are refused with what is wrong.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::*;
use crate::scenario::resolve::{resolve, ward_data_for};
use crate::scenario::{Format, builtin, load_text};
use crate::sim::batch::{run_range, shard_range};
use crate::sim::run::{FiscalOutput, MonthlyOutput};
use crate::sim::stats::Summary;
use crate::sim::{RunResult, Simulator};

/// A ward's own figures over one fiscal year, 12 runs.
fn own_ward() -> Loaded {
    let text = include_str!("../../../scenarios/examples/my-ward.toml")
        .replace("runs = 10000", "runs = 12")
        .replace("horizon = 5", "horizon = 1");
    load(&text)
}

/// A built-in scenario (its ward data named: `tokyo-23`), 6 runs.
fn builtin_named() -> Loaded {
    let text = builtin::scenario_text("training")
        .expect("a built-in")
        .replace("runs = 10000", "runs = 6");
    load(&text)
}

fn load(text: &str) -> Loaded {
    load_text(text, Format::Toml, "test", &|p| {
        Err(format!("{p}: no files"))
    })
    .expect("a valid scenario")
}

fn summaries(loaded: &Loaded, runs: Range<u64>) -> Accumulator {
    let sim = Simulator::new(&loaded.plan);
    let mut acc = Accumulator::new(&loaded.plan);
    run_range(&sim, runs, &mut acc, &mut RunResult::default());
    acc
}

/// Shard `i` of `n` of `loaded`, as JSON to edit.
fn shard(loaded: &Loaded, i: u64, n: u64) -> Value {
    let range = shard_range(loaded.plan.runs, i, n);
    let acc = summaries(loaded, range.clone());
    serde_json::to_value(ShardFile::new(loaded, i, n, range, acc).expect("a shard file"))
        .expect("JSON")
}

fn shards(loaded: &Loaded, n: u64) -> Vec<Value> {
    (1..=n).map(|i| shard(loaded, i, n)).collect()
}

fn merge(files: &[Value]) -> Result<Merged, ShardError> {
    let texts: Vec<String> = files.iter().map(Value::to_string).collect();
    merge_texts(&texts)
}

fn merge_texts(texts: &[String]) -> Result<Merged, ShardError> {
    let mut merger = Merger::new();
    for (i, text) in texts.iter().enumerate() {
        merger.add(&format!("shard-{}.json", i + 1), text.as_bytes())?;
    }
    merger.finish()
}

/// The message of a refused merge.
fn refused(files: &[Value]) -> String {
    match merge(files) {
        Ok(_) => panic!("merged"),
        Err(e) => e.to_string(),
    }
}

fn assert_names(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{part:?} not in: {message}");
    }
}

#[test]
fn genuine_shards_merge_into_the_whole_batch_in_any_order() {
    for loaded in [own_ward(), builtin_named()] {
        let whole = summaries(&loaded, 0..loaded.plan.runs);
        let mut files = shards(&loaded, 3);
        let merged = merge(&files).expect("genuine shards merge");
        assert_eq!(merged.summaries, whole);
        assert_eq!(merged.files, 3);
        assert_eq!(merged.loaded.info.hash, loaded.info.hash);
        assert_eq!(merged.loaded.plan.runs, loaded.plan.runs);
        files.reverse();
        assert_eq!(merge(&files).expect("merge").summaries, whole);
    }
}

#[test]
fn a_named_data_set_is_recorded_and_the_data_written_inline() {
    let loaded = builtin_named();
    let file = shard(&loaded, 1, 2);
    assert_eq!(file["wards_named"], "tokyo-23");
    assert!(
        file["scenario"]["wards"].is_object(),
        "{}",
        file["scenario"]["wards"]
    );
    let own = shard(&own_ward(), 1, 2);
    assert_eq!(own["wards_named"], Value::Null);
}

#[test]
fn missing_shards_are_named_as_ranges_of_the_shards_present() {
    let present = |v: &[u64]| v.iter().copied().collect::<BTreeSet<u64>>();
    let missing = MissingShards::find(&present(&[7]), 100_000_000);
    assert_eq!(missing.ranges, vec![1..=6, 8..=100_000_000]);
    assert_eq!(
        missing.to_string(),
        "missing shards 1–6 and 8–100,000,000 of 100,000,000"
    );
    assert_eq!(missing.count(), 99_999_999);
    assert_eq!(
        MissingShards::find(&present(&[1, 3]), 3).to_string(),
        "missing shard 2 of 3"
    );
    assert_eq!(
        MissingShards::find(&present(&[2, 4, 5]), 8).to_string(),
        "missing shards 1, 3 and 6–8 of 8"
    );
    assert!(MissingShards::find(&present(&[1, 2]), 2).is_empty());
    // Past eight ranges the rest are counted.
    let odd: Vec<u64> = (1..=40).filter(|i| i % 2 == 1).collect();
    let text = MissingShards::find(&present(&odd), 40).to_string();
    assert_eq!(
        text,
        "missing shards 2, 4, 6, 8, 10, 12, 14, 16, … (20 shards in 20 ranges) of 40"
    );
    // The largest batch: nothing in proportion to its shards.
    let all = MissingShards::find(&present(&[]), u64::MAX);
    assert_eq!(all.ranges, vec![1..=u64::MAX]);
}

#[test]
fn one_genuine_shard_of_a_hundred_million_names_the_rest_as_ranges() {
    let text = builtin::scenario_text("status-quo")
        .expect("a built-in")
        .replace("runs = 10000", "runs = 1000");
    let mut scenario =
        crate::scenario::resolve::parse_scenario(&text, Format::Toml, "test").expect("a scenario");
    scenario.run.runs = 100_000_000;
    let data = ward_data_for(&scenario, "test", &|p| Err(p.to_string())).expect("data");
    let loaded = resolve(scenario, data, "test").expect("resolved");
    let file = shard(&loaded, 7, 100_000_000);
    assert_eq!(file["runs"], json!([6, 7]));
    assert_eq!(
        refused(&[file]),
        "missing shards 1–6 and 8–100,000,000 of 100,000,000"
    );
}

#[test]
fn shard_counts_beyond_the_runs_or_written_as_fractions_are_refused() {
    let loaded = own_ward();
    let mut file = shard(&loaded, 1, 3);
    file["shards"] = json!(1_000_000_000u64);
    assert_names(
        &refused(&[file.clone()]),
        &["shard-1.json: shards = 1000000000", "from 1 to 12"],
    );
    let text = file.to_string().replace("1000000000", "1e9");
    let message = merge_texts(&[text]).expect_err("refused").to_string();
    assert_names(&message, &["shard-1.json: shards = 1e9", "whole number"]);
    let mut file = shard(&loaded, 1, 3);
    file["shard"] = json!(1.0);
    assert_names(&refused(&[file]), &["shard = 1.0", "whole number"]);
    let mut file = shard(&loaded, 1, 3);
    file["shard"] = json!(4);
    assert_names(&refused(&[file]), &["shard = 4", "from 1 to 3"]);
}

#[test]
fn a_run_range_other_than_its_shards_is_refused() {
    let loaded = own_ward();
    let mut files = shards(&loaded, 3);
    // Shard 2 claiming runs that overlap shard 1's.
    files[1]["runs"] = json!([2, 8]);
    assert_names(
        &refused(&files),
        &[
            "shard-2.json: runs = [2, 8]",
            "expected [4, 8], the runs of shard 2/3",
        ],
    );
    let mut files = shards(&loaded, 3);
    files[2]["runs"] = json!([8, 12, 16]);
    assert_names(&refused(&files), &["shard-3.json: runs = [8,12,16]"]);
}

#[test]
fn a_shard_twice_is_refused_naming_both_files() {
    let loaded = own_ward();
    let files = shards(&loaded, 2);
    let message = refused(&[files[0].clone(), files[1].clone(), files[1].clone()]);
    assert_names(
        &message,
        &["shard-3.json: shard = 2: shard 2/2 is also in shard-2.json"],
    );
}

#[test]
fn every_array_must_have_the_length_the_plan_implies() {
    let loaded = own_ward();
    let monthly = 12 * MonthlyOutput::COUNT;
    for (field, expected) in [
        ("monthly", monthly),
        ("fiscal", FiscalOutput::COUNT),
        ("overrun", 1),
        ("targets", loaded.plan.targets.len()),
        ("target_values", loaded.plan.targets.len()),
        ("ward_participants", 1),
        ("ward_spending", 1),
        ("ward_issues", 1),
        ("ward_targets", loaded.plan.targets.len()),
    ] {
        let mut files = shards(&loaded, 2);
        let array = files[1]["summaries"][field]
            .as_array_mut()
            .expect("an array");
        assert_eq!(array.len(), expected, "{field}");
        let extra = array[0].clone();
        array.push(extra);
        assert_names(
            &refused(&files),
            &[
                &format!(
                    "shard-2.json: summaries.{field} = an array of {}",
                    expected + 1
                ),
                &format!("expected {expected} entries"),
            ],
        );
        files[1]["summaries"][field] = json!([]);
        assert_names(
            &refused(&files),
            &[&format!("summaries.{field} = an array of 0")],
        );
    }
    let mut files = shards(&loaded, 2);
    files[0]["summaries"]["months"] = json!(24);
    assert_names(&refused(&files), &["summaries.months = 24", "expected 12"]);
}

#[test]
fn inconsistent_counts_are_refused() {
    let loaded = own_ward();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut files = shards(&loaded, 2);
        f(&mut files[1]["summaries"]);
        refused(&files)
    };
    let message = edit(&|s| s["targets"][0] = json!({"successes": 7, "trials": 6}));
    assert_names(
        &message,
        &[
            "summaries.targets[0].successes = 7",
            "at most the trials (6)",
        ],
    );
    let message = edit(&|s| s["overrun"][0]["trials"] = json!(5));
    assert_names(&message, &["summaries.overrun[0].trials = 5", "expected 6"]);
    let message = edit(&|s| s["runs"] = json!(7));
    assert_names(&message, &["summaries.runs = 7", "expected 6"]);
    let message = edit(&|s| s["ward_issues"][0] = json!([0, 9, 0]));
    assert_names(&message, &["summaries.ward_issues[0] = 9", "at most 6"]);
    let message = edit(&|s| s["equity"]["per_resident"]["gini_undefined"] = json!(99));
    assert_names(
        &message,
        &["summaries.equity.per_resident.gini_undefined = 99"],
    );
    // A negative count, or a count as a fraction.
    let message = edit(&|s| s["targets"][1]["trials"] = json!(-6));
    assert_names(&message, &["summaries.targets[1]", "-6"]);
    let message = edit(&|s| s["monthly"][3]["count"] = json!(6.5));
    assert_names(&message, &["summaries.monthly[3]", "6.5"]);
    // A summary of fewer values than runs (its sketch agreeing).
    let message = edit(&|s| {
        s["fiscal"][0] = serde_json::to_value(Summary::new()).expect("JSON");
    });
    assert_names(
        &message,
        &[
            "summaries.fiscal[0].count = 0",
            "expected 6 in all, one per run",
        ],
    );
}

#[test]
fn a_sum_its_values_cannot_add_up_to_is_refused() {
    let loaded = own_ward();
    let mut files = shards(&loaded, 2);
    let sum = &mut files[1]["summaries"]["monthly"][0]["sum"];
    let raw: i128 = sum["raw"]
        .as_str()
        .expect("a string")
        .parse()
        .expect("i128");
    sum["raw"] = json!((-raw - (1i128 << 40)).to_string());
    assert_names(
        &refused(&files),
        &[
            "shard-2.json: summaries.monthly[0].sum = -",
            "expected the sum of 6 values from",
        ],
    );
}

/// Sums flagged as beyond their exact range may hold anything; adding
/// two of them must not wrap, and is refused.
#[test]
fn a_merge_that_would_overflow_is_refused() {
    let loaded = own_ward();
    let mut files = shards(&loaded, 2);
    for file in &mut files {
        file["summaries"]["ward_spending"][0]["sum"] =
            json!({"raw": i128::MAX.to_string(), "overflowed": true});
    }
    assert_names(
        &refused(&files),
        &["shard-2.json: summaries: ward_spending[0]: the merged count or sum would overflow"],
    );
}

#[test]
fn a_changed_scenario_or_hash_is_refused() {
    for loaded in [own_ward(), builtin_named()] {
        let mut files = shards(&loaded, 2);
        for file in &mut files {
            file["scenario"]["run"]["seed"] = json!(2);
        }
        assert_names(
            &refused(&files),
            &[
                "shard-1.json: scenario_hash = ",
                "the file was changed after it was written",
            ],
        );
        let mut files = shards(&loaded, 2);
        for file in &mut files {
            file["scenario_hash"] = json!("0123456789abcdef");
        }
        assert_names(
            &refused(&files),
            &[
                "shard-1.json: scenario_hash = \"0123456789abcdef\"",
                &format!("hashes to \"{}\"", loaded.info.hash),
            ],
        );
        // Only the second file's hash changed.
        let mut files = shards(&loaded, 2);
        files[1]["scenario_hash"] = json!("0123456789abcdef");
        assert_names(&refused(&files), &["shard-2.json: scenario_hash = "]);
        // Only the second file's scenario changed.
        let mut files = shards(&loaded, 2);
        files[1]["scenario"]["run"]["seed"] = json!(2);
        assert_names(&refused(&files), &["shard-2.json: scenario_hash = "]);
    }
}

#[test]
fn inline_ward_data_that_are_not_the_named_built_in_set_are_refused() {
    let loaded = builtin_named();
    let mut files = shards(&loaded, 2);
    for file in &mut files {
        let wards = &mut file["scenario"]["wards"]["wards"];
        let population = wards[0]["population"].as_f64().expect("a number");
        wards[0]["population"] = json!(population + 1000.0);
    }
    assert_names(
        &refused(&files),
        &[
            "shard-1.json: scenario.wards",
            "not the built-in data set \"tokyo-23\"",
        ],
    );
}

#[test]
fn files_without_wards_named_still_merge_when_the_hash_can_be_recomputed() {
    for loaded in [own_ward(), builtin_named()] {
        let whole = summaries(&loaded, 0..loaded.plan.runs);
        let mut files = shards(&loaded, 2);
        for file in &mut files {
            file.as_object_mut()
                .expect("an object")
                .remove("wards_named");
        }
        assert_eq!(merge(&files).expect("merges").summaries, whole);
    }
    // A data set named by a file: its name is lost with the field.
    let mut loaded = builtin_named();
    loaded.scenario.wards = WardSource::Named("my-wards.toml".into());
    loaded.info.hash = loaded.scenario.hash();
    let mut files = shards(&loaded, 2);
    assert_eq!(files[0]["wards_named"], "my-wards.toml");
    assert!(merge(&files).is_ok(), "recorded, it merges");
    for file in &mut files {
        file.as_object_mut()
            .expect("an object")
            .remove("wards_named");
    }
    assert_names(
        &refused(&files),
        &[
            "shard-1.json: scenario_hash = ",
            "cannot be checked",
            "wards_named",
        ],
    );
}

#[test]
fn files_that_are_not_shards_are_refused_without_panics() {
    let loaded = own_ward();
    let good = shard(&loaded, 1, 1).to_string();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_scenario = good.replacen(
        "\"scenario\":{",
        &format!("\"scenario\":{deep},\"x\":{{"),
        1,
    );
    let deep_member = good.replacen("{", &format!("{{\"extra\":{deep},"), 1);
    let deep_summary = good.replacen("\"monthly\":[", &format!("\"monthly\":[{deep},"), 1);
    for (text, expected) in [
        (String::new(), "not a Sasaeai shard file"),
        ("[]".to_string(), "not a Sasaeai shard file"),
        ("{}".to_string(), "not a Sasaeai shard file (kind missing"),
        (
            good.replacen("\"equity\":", "\"former_equity\":", 1),
            "summaries.equity: missing; every shard file of this version has it",
        ),
        ("{\"kind\": \"report\"}".to_string(), "kind \"report\""),
        (
            good.replacen("\"kind\"", "\"kind\":1,\"kind\"", 1),
            "written twice",
        ),
        (
            good.replace("\"model_version\":2", "\"model_version\":2.0"),
            "model_version 2.0",
        ),
        (
            good.replacen("\"shards\":1", "\"shards\":1,\"shards\":2", 1),
            "shards",
        ),
        (deep.clone(), "not a Sasaeai shard file"),
        (deep_scenario, "scenario"),
        (deep_summary, "summaries.monthly = an array of 277"),
        (
            good.replace("\"summaries\":{", "\"summaries\":{\"runs\":-1,\"x\":{") + "}",
            "summaries.runs = -1: expected a whole number",
        ),
    ] {
        assert_ne!(text, good, "the case {expected:?} changes nothing");
        let Err(e) = merge_texts(&[text]) else {
            panic!("the case {expected:?} merged");
        };
        let message = e.to_string();
        assert!(message.contains(expected), "{expected:?} not in {message}");
    }
    let message = Merger::new()
        .add("big.json", &vec![b' '; MAX_SHARD_FILE_BYTES + 1])
        .expect_err("refused")
        .to_string();
    assert_names(&message, &["big.json", "larger than a shard file may be"]);
    let message = Merger::new()
        .add("bytes.json", &[0xff, 0xfe])
        .expect_err("refused")
        .to_string();
    assert_names(&message, &["bytes.json", "not UTF-8"]);
    assert!(matches!(Merger::new().finish(), Err(ShardError::NoFiles)));
    // Members a file does not need are skipped, not kept, however deep.
    let extra = good.replacen("{", "{\"note\":[1,2,3],", 1);
    assert!(merge_texts(&[extra]).is_ok());
    assert!(merge_texts(&[deep_member]).is_ok());
}

#[test]
fn files_of_another_batch_are_refused() {
    let loaded = own_ward();
    let files = shards(&loaded, 3);
    let other = shard(&loaded, 2, 2);
    assert_names(
        &refused(&[files[0].clone(), other]),
        &["shard-2.json: shards = 2: is one of 2 shards, shard-1.json one of 3"],
    );
    let mut seeded = builtin_named();
    seeded.scenario.run.seed = 9;
    seeded.info.hash = seeded.scenario.hash();
    let other = shard(&seeded, 2, 2);
    let first = shard(&builtin_named(), 1, 2);
    assert_names(
        &refused(&[first, other]),
        &["shard-2.json: belongs to another scenario or settings than shard-1.json"],
    );
}
