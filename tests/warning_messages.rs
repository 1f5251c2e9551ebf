//! Warnings, calibration checks and comparison notes in both languages: a
//! corpus of scenarios that reaches every kind of warning a scenario or a
//! run gives, every calibration check of a ward's figures and every note a
//! comparison makes. The English of each is kept, byte for byte, in
//! `tests/data/warning-messages.txt` (what the CLI prints and writes as
//! JSON).
//!
//! `SASAEAI_BLESS=1 cargo test --test warning_messages` rewrites the stored
//! English after a deliberate change of wording.

mod common;

use common::messages::{assert_stored_english, japanese, names, numbers};
use common::scenarios::my_ward_with;

use sasaeai::report::build_report;
use sasaeai::scenario::calibration::calibration_report;
use sasaeai::scenario::{Bilingual, Finding, Format, Loaded, Warning, load_text};
use sasaeai::sim::batch::run_range;
use sasaeai::sim::compare::align;
use sasaeai::sim::{Accumulator, Mode, RunResult, Simulator};

const STATUS_QUO: &str = include_str!("../scenarios/status-quo.toml");

/// A scenario that gives warnings or checks.
enum Input {
    /// The ward example with replacements.
    MyWard(&'static [(&'static str, &'static str)]),
    /// A whole scenario file.
    File(&'static str),
    /// The status quo with this appended.
    StatusQuo(&'static str),
    /// [`INLINE`] with this appended.
    Inline(&'static str),
}

use Input::{File, Inline, MyWard, StatusQuo};

/// One ward written inside the scenario, with room for more sections.
const INLINE: &str = r#"schema_version = 2
name = "inline"
[run]
mode = "expected"
[wards]
name = "one"
[wards.status_quo]
total_budget = 200_000_000
staff_fte = 2
supervision_share = 0
awareness_share = 0.05
[[wards.wards]]
name = "Nerima"
name_ja = "練馬区"
population = 700_000
participants = 2_000
untrained = 100
certified = 200
bases = 29
awareness = 0.3
"#;

const CASES: &[(&str, Input)] = &[
    ("my ward example", MyWard(&[])),
    ("need pool", MyWard(&[("population", "10000")])),
    (
        "supporter capacity",
        MyWard(&[("untrained", "10"), ("certified", "10")]),
    ),
    (
        "no supporters",
        MyWard(&[("untrained", "0"), ("certified", "0")]),
    ),
    (
        "site capacity",
        MyWard(&[("bases", "5"), ("budget.bases", "5_150_000")]),
    ),
    ("no sites", MyWard(&[("bases", "0"), ("budget.bases", "0")])),
    ("bases budget", MyWard(&[("bases", "12")])),
    ("bases budget without sites", MyWard(&[("bases", "0")])),
    ("awareness high", MyWard(&[("awareness", "0.95")])),
    ("awareness low", MyWard(&[("awareness", "0.10")])),
    ("no awareness", MyWard(&[("awareness", "0")])),
    ("continuation high", MyWard(&[("continuation", "0.98")])),
    ("continuation low", MyWard(&[("continuation", "0.2")])),
    ("satisfaction", MyWard(&[("satisfaction", "0.995")])),
    ("no training", MyWard(&[("budget.training", "0")])),
    (
        "much training",
        MyWard(&[("budget.training", "10_000_000")]),
    ),
    (
        "training beyond the untrained",
        MyWard(&[("untrained", "1"), ("budget.training", "10_000_000")]),
    ),
    (
        "supervision",
        MyWard(&[("budget.supervision", "10_000_000")]),
    ),
    ("no grants", MyWard(&[("budget.grants", "0")])),
    ("much money", MyWard(&[("budget.grants", "150_000_000")])),
    ("no publicity", MyWard(&[("budget.awareness", "0")])),
    ("inline ward data", File(INLINE)),
    (
        "spread without a line",
        Inline(concat!(
            "[[run.targets]]\nid = \"participants\"\nat_least = 3000\n",
            "[budget]\nbasis = \"total\"\ntotal = 2e8\nspread = \"status_quo\"\n",
            "shares = { staff = 0.1, training = 0.1, supervision = 0.1, awareness = 0.1, bases = 0.1, grants = 0.4, online = 0.1 }\n"
        )),
    ),
    (
        "uncapped rule",
        StatusQuo(
            "[[outcome_rules]]\nid = \"per-joiner\"\nkind = \"per_unit\"\nmetric = \"participants\"\nrate = 1000\nthreshold = 28400\n",
        ),
    ),
    (
        "online groups without the mechanism",
        File(
            "schema_version = 2\nname = \"online\"\n[model]\nversion = 1\n[budget]\nset = { online = 1_200_000 }\n",
        ),
    ),
    (
        "tokyo-23 need rate",
        StatusQuo("[parameters]\nneed_rate = 0.0012\n"),
    ),
    (
        "tokyo-23 continuation",
        StatusQuo("[parameters]\nc0 = 0.99\n"),
    ),
    ("no participants", MyWard(&[("participants", "0")])),
    (
        "need pool nearly used up",
        MyWard(&[("population", "23400")]),
    ),
    (
        "no targets",
        File("schema_version = 2\nname = \"none\"\n[run]\ntargets = []\nmode = \"expected\"\n"),
    ),
];

fn no_files(path: &str) -> Result<String, String> {
    Err(format!("{path}: no files in tests"))
}

/// The scenario of a case.
fn load(input: &Input) -> Result<Loaded, String> {
    let text = match input {
        MyWard(r) => my_ward_with(r),
        File(text) => text.to_string(),
        StatusQuo(more) => format!("{STATUS_QUO}\n{more}"),
        Inline(more) => format!("{INLINE}{more}"),
    };
    load_text(&text, Format::Toml, "t.toml", &no_files).map_err(|e| e.to_string())
}

/// The status quo with its name, seed, runs and targets replaced.
fn variant(name: &str, seed: u64, runs: u64, target: Option<u64>) -> Loaded {
    let mut text = STATUS_QUO
        .replace("name = \"status-quo\"", &format!("name = \"{name}\""))
        .replace("seed = 1\n", &format!("seed = {seed}\n"))
        .replace("runs = 10000\n", &format!("runs = {runs}\n"));
    if let Some(t) = target {
        text.push_str(&format!(
            "\n[[run.targets]]\nid = \"participants\"\nat_least = {t}\n"
        ));
    }
    load_text(&text, Format::Toml, "t.toml", &no_files).expect("a valid variant")
}

/// Every warning, check and note of the corpus in English, as the CLI
/// writes them.
fn english() -> String {
    let mut out = String::new();
    for (label, input) in CASES {
        out.push_str(&format!("## {label}\n"));
        match load(input) {
            Err(e) => out.push_str(&format!("error: {e}")),
            Ok(loaded) => {
                for w in &loaded.warnings {
                    out.push_str(&format!("warning: {w}\n"));
                }
                for ward in calibration_report(&loaded).wards {
                    for c in &ward.checks {
                        out.push_str(&format!("check {} {}: {c}\n", c.id, ward.name));
                    }
                }
            }
        }
    }
    // A warning of the runs themselves: sampled parameters that put the
    // status quo at capacity in some runs.
    out.push_str("## runs at capacity\n");
    let mut loaded = load(&MyWard(&[])).expect("the example");
    loaded.plan.mode = Mode::Stochastic;
    loaded.plan.runs = 4;
    let sim = Simulator::new(&loaded.plan);
    let mut acc = Accumulator::new(&loaded.plan);
    run_range(&sim, 0..4, &mut acc, &mut RunResult::default());
    acc.ward_issues[0][0] = 3;
    let report = build_report(
        &loaded.plan,
        loaded.info.clone(),
        &acc,
        loaded.warnings.clone(),
    );
    for w in &report.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    // The notes of a comparison whose scenarios have their own settings.
    out.push_str("## comparison\n");
    let mut plans: Vec<_> = [
        variant("base", 1, 10000, None),
        variant("other-seed", 7, 10000, None),
        variant("other-runs", 1, 500, Some(30000)),
        variant("all-other", 2, 200, Some(35000)),
    ]
    .into_iter()
    .map(|l| l.plan)
    .collect();
    for note in align(&mut plans).expect("comparable") {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

#[test]
fn the_english_of_every_warning_check_and_note_is_unchanged() {
    assert_stored_english("warning-messages.txt", &english());
}

// ------------------------------------------------------------ in Japanese

/// A warning, check or note of the corpus: the case, its English as the
/// CLI writes it, and the message.
struct Said {
    label: String,
    printed: String,
    message: Box<dyn Bilingual>,
}

/// Every warning, check and note of the corpus.
fn corpus() -> Vec<Said> {
    let said = |label: &str, printed: String, message: Box<dyn Bilingual>| Said {
        label: label.to_string(),
        printed,
        message,
    };
    let mut out = Vec::new();
    for (label, input) in CASES {
        let Ok(loaded) = load(input) else { continue };
        for w in &loaded.warnings {
            out.push(said(label, w.to_string(), Box::new(w.clone())));
        }
        for ward in calibration_report(&loaded).wards {
            for c in ward.checks {
                out.push(said(label, c.to_string(), Box::new(c)));
            }
        }
    }
    let mut loaded = load(&MyWard(&[])).expect("the example");
    loaded.plan.mode = Mode::Stochastic;
    let sim = Simulator::new(&loaded.plan);
    let mut acc = Accumulator::new(&loaded.plan);
    run_range(&sim, 0..4, &mut acc, &mut RunResult::default());
    acc.ward_issues[0][0] = 3;
    let report = build_report(&loaded.plan, loaded.info.clone(), &acc, Vec::new());
    for w in report.warnings {
        out.push(said("runs at capacity", w.to_string(), Box::new(w)));
    }
    let mut plans: Vec<_> = [
        variant("base", 1, 10000, None),
        variant("other-seed", 7, 10000, None),
        variant("all-other", 2, 200, Some(35000)),
    ]
    .into_iter()
    .map(|l| l.plan)
    .collect();
    for note in align(&mut plans).expect("comparable") {
        out.push(said("comparison", note.to_string(), Box::new(note)));
    }
    out
}

#[test]
fn every_warning_check_and_note_is_said_in_japanese_with_its_numbers_and_names() {
    let corpus = corpus();
    assert!(corpus.len() > 50, "{}", corpus.len());
    for Said {
        label,
        printed,
        message,
    } in &corpus
    {
        let (en, ja) = (message.en(), message.ja());
        // The English is what the CLI prints.
        assert_eq!(&en, printed, "{label}");
        assert!(!ja.trim().is_empty() && japanese(&ja), "{label}: {ja}");
        assert!(!ja.contains(&en), "{label}: still English: {ja}");
        for n in numbers(&en) {
            assert!(ja.contains(&n), "{label}: {ja}\nlacks {n} of\n{en}");
        }
        for name in names(&en) {
            assert!(ja.contains(&name), "{label}: {ja}\nlacks {name} of\n{en}");
        }
    }
}

#[test]
fn the_corpus_reaches_every_kind_of_warning_check_and_note() {
    let mut warnings = std::collections::BTreeSet::new();
    let mut checks = std::collections::BTreeSet::new();
    for (_, input) in CASES {
        let Ok(loaded) = load(input) else { continue };
        for w in &loaded.warnings {
            warnings.insert(match w {
                Warning::OwnTargets { .. } => "own_targets",
                Warning::DefaultTargets { .. } => "default_targets",
                Warning::SpreadPerResident { .. } => "spread_per_resident",
                Warning::AtCapacity { .. } => "at_capacity",
                Warning::NoDemand { .. } => "no_demand",
                Warning::AwarenessDrifts { .. } => "awareness_drifts",
                Warning::NoRecruits { .. } => "no_recruits",
                Warning::CertifiedDrifts { .. } => "certified_drifts",
                Warning::NoTargets => "no_targets",
                Warning::KnifeEdge { .. } => "knife_edge",
                Warning::ReferralsExceed { .. } => "referrals_exceed",
                Warning::UncappedRule { .. } => "uncapped_rule",
                Warning::OnlineBuysNothing => "online_buys_nothing",
                Warning::SampledAtCapacity { .. } => "sampled_at_capacity",
                Warning::Check { .. } => "check",
            });
        }
        for ward in calibration_report(&loaded).wards {
            for c in ward.checks {
                assert_eq!(c.id, c.finding.id());
                assert_eq!(c.severity, c.finding.severity());
                checks.insert(c.id);
            }
        }
    }
    assert_eq!(
        warnings.into_iter().collect::<Vec<_>>(),
        [
            "at_capacity",
            "awareness_drifts",
            "certified_drifts",
            "check",
            "default_targets",
            "knife_edge",
            "no_demand",
            "no_recruits",
            "no_targets",
            "online_buys_nothing",
            "own_targets",
            "referrals_exceed",
            "spread_per_resident",
            "uncapped_rule",
        ],
        "every warning of a scenario (the runs' own is its own case)"
    );
    let mut ids: Vec<&str> = Finding::IDS.to_vec();
    ids.sort_unstable();
    assert_eq!(checks.into_iter().collect::<Vec<_>>(), ids);
    assert!(
        corpus()
            .iter()
            .any(|s| s.label == "runs at capacity" && s.printed.contains("in 3 of 4 runs"))
    );
}

#[test]
fn the_japanese_of_some_warnings_checks_and_notes_in_full() {
    let said = |label: &str| -> Vec<String> {
        corpus()
            .into_iter()
            .filter(|s| s.label == label)
            .map(|s| s.message.ja())
            .collect()
    };
    assert_eq!(
        said("need pool")
            .into_iter()
            .find(|s| s.contains("need_rate"))
            .expect("the need pool check"),
        "例区: my_ward.participants = 700: 参加者数が需要人口need_rate × population = 0.03 × 10,000 = 300を超えています。\
         このままでは誰も新たに参加できません。数値を確認するか、parameters.need_rateを0.07以上にしてください"
    );
    assert_eq!(
        said("comparison"),
        [
            "'other-seed'は'base'の乱数シード（seed）で比較しています",
            "'all-other'は'base'の目標（targets）、乱数シード（seed）、試行回数（runs）で比較しています",
        ]
    );
    assert_eq!(
        said("runs at capacity"),
        [
            "例区: 4回中3回の試行で、抽出したパラメータにより現状が定員の上限に達しました（docs/model.md §5）"
        ]
    );
}
