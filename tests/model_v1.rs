//! Model version 1 stays as it was: `--model 1` gives, byte for byte, the
//! outputs the engine gave before version 2 existed, for every built-in
//! scenario in both modes and every format, and for `compare`,
//! `sensitivity` and `calibrate`. The tables are stored in full
//! (`tests/data/v1/*.txt`); every output's length and FNV-1a 64 digest is
//! in `tests/data/v1/digests.txt`.

use std::path::Path;
use std::process::Command;

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

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Every case: its name in the digest file and its arguments.
fn cases() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let owned = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for s in BUILTINS {
        for (mode, args) in [
            ("expected", &["--mode", "expected"][..]),
            ("stochastic", &["--runs", "400", "--seed", "7"][..]),
        ] {
            for format in ["table", "json", "csv"] {
                let mut a = owned(&["run", s]);
                a.extend(owned(args));
                a.extend(owned(&["--format", format]));
                out.push((format!("run-{s}-{mode}.{format}"), a));
            }
        }
    }
    let compare = ["compare", "status-quo", "combined-plan", "--runs", "300"];
    out.push((
        "compare-status-quo-combined-plan.json".into(),
        owned(&[&compare[..], &["--format", "json"]].concat()),
    ));
    out.push((
        "compare-status-quo-combined-plan.table".into(),
        owned(&compare),
    ));
    let sensitivity = ["sensitivity", "combined-plan", "--runs", "300"];
    out.push((
        "sensitivity-combined-plan.json".into(),
        owned(&[&sensitivity[..], &["--format", "json"]].concat()),
    ));
    out.push((
        "sensitivity-combined-plan.table".into(),
        owned(&sensitivity),
    ));
    out.push((
        "calibrate-my-ward.table".into(),
        owned(&["calibrate", "tests/data/v1/my-ward.toml"]),
    ));
    out
}

#[test]
fn model_1_reproduces_the_outputs_of_version_1_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let digests = std::fs::read_to_string(root.join("tests/data/v1/digests.txt")).unwrap();
    let expected: Vec<(&str, usize, &str)> = digests
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut f = l.split(' ');
            let name = f.next().unwrap();
            let len = f.next().unwrap().parse().unwrap();
            (name, len, f.next().unwrap())
        })
        .collect();
    let cases = cases();
    assert_eq!(expected.len(), cases.len(), "one digest per case");
    let mut failures = Vec::new();
    for ((name, args), (want_name, want_len, want_digest)) in cases.iter().zip(&expected) {
        assert_eq!(name, want_name);
        let out = Command::new(env!("CARGO_BIN_EXE_sasaeai"))
            .args(args)
            .args(["--model", "1"])
            .current_dir(root)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        assert!(
            out.stderr.is_empty(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(stem) = name.strip_suffix(".table") {
            let stored = std::fs::read(root.join(format!("tests/data/v1/{stem}.txt"))).unwrap();
            if stored != out.stdout {
                failures.push(format!(
                    "{name}: table differs:\n--- stored\n{}\n--- now\n{}",
                    String::from_utf8_lossy(&stored),
                    String::from_utf8_lossy(&out.stdout)
                ));
                continue;
            }
        }
        let digest = format!("{:016x}", fnv1a(&out.stdout));
        if out.stdout.len() != *want_len || digest != *want_digest {
            let path = std::env::temp_dir().join(format!("sasaeai-v1-{name}"));
            std::fs::write(&path, &out.stdout).unwrap();
            failures.push(format!(
                "{name}: {} bytes, digest {digest}; stored {want_len} bytes, {want_digest} (output kept in {})",
                out.stdout.len(),
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn version_2_is_the_default_and_model_2_differs_from_model_1() {
    let run = |model: &str| {
        Command::new(env!("CARGO_BIN_EXE_sasaeai"))
            .args([
                "run",
                "combined-plan",
                "--mode",
                "expected",
                "--format",
                "json",
            ])
            .args(["--model", model])
            .output()
            .unwrap()
            .stdout
    };
    let default = Command::new(env!("CARGO_BIN_EXE_sasaeai"))
        .args([
            "run",
            "combined-plan",
            "--mode",
            "expected",
            "--format",
            "json",
        ])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(default, run("2"));
    assert_ne!(default, run("1"));
    let v: serde_json::Value = serde_json::from_slice(&default).unwrap();
    assert_eq!(v["model_version"], 2);
    for key in [
        "capacity",
        "occupancy",
        "newcomers",
        "referred",
        "spending_online",
    ] {
        assert!(v["series"].get(key).is_some(), "series.{key}");
    }
    assert_eq!(v["resolved"]["mechanisms"]["crowding"], true);
    assert!(v["resolved"]["wards"][0]["rates"]["wom"].is_number());
    assert!(v["resolved"]["wards"][0]["reference"]["occupancy"].is_number());
    assert_eq!(v["resolved"]["unit_costs"]["online_group"], 600_000.0);
}

/// The structure comparison's rows are paired runs of the scenario under
/// each structure: its version 1 row is `run --model 1` and its first row
/// `run --model 2`, P(met) for P(met), at the same seed and runs.
#[test]
fn structure_rows_are_the_runs_of_each_model() {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_sasaeai"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let common = ["--runs", "120", "--seed", "3", "--format", "json"];
    let s = json(&[&["structure", "combined-plan"][..], &common].concat());
    let rows = s["structures"].as_array().unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "all",
            "without_word_of_mouth",
            "without_referrals",
            "without_newcomer_training",
            "without_leader_groups",
            "without_online",
            "without_crowding",
            "version_1"
        ]
    );
    assert_eq!(s["runs"], 120);
    for (row, model) in [(&rows[0], "2"), (&rows[7], "1")] {
        let run = json(&[&["run", "combined-plan", "--model", model][..], &common].concat());
        for (a, b) in row["targets"]
            .as_array()
            .unwrap()
            .iter()
            .zip(run["targets"].as_array().unwrap())
        {
            assert_eq!(a["id"], b["id"]);
            assert_eq!(a["probability"], b["probability"], "{model}: {}", a["id"]);
            assert_eq!(a["median"], b["value"]["p50"], "{model}: {}", a["id"]);
        }
    }
    for row in rows {
        assert!(!row["sentence_ja"].as_str().unwrap().is_empty());
        assert!(
            row["sentence_en"]
                .as_str()
                .unwrap()
                .contains("P(participants ≥ 42,600)")
        );
    }
}
