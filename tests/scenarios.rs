//! Scenario files: the built-ins, the default ward data, the budget rules,
//! round trips through TOML and JSON, and every class of validation error
//! (each must name the field, the value and what is allowed).

mod common;

use common::scenarios::{MY_WARD, my_ward_with};
use sasaeai::model::BudgetLine;
use sasaeai::scenario::builtin::{SCENARIOS, WARD_DATA};
use sasaeai::scenario::resolve::{parse_scenario, parse_ward_data};
use sasaeai::scenario::{Format, ScenarioErrors, load_builtin, load_text};

fn load(text: &str) -> Result<sasaeai::scenario::Loaded, ScenarioErrors> {
    load_text(text, Format::Toml, "test.toml", &|p| {
        Err(format!("{p}: no files in tests"))
    })
}

const HEADER: &str = "schema_version = 2\nname = \"t\"\n";

/// The errors of a scenario that must fail.
fn errors_of(body: &str) -> Vec<String> {
    match load(&format!("{HEADER}{body}")) {
        Ok(_) => panic!("expected errors for:\n{body}"),
        Err(e) => e.errors.iter().map(|x| x.to_string()).collect(),
    }
}

fn assert_error(body: &str, path: &str, fragments: &[&str]) {
    let errors = errors_of(body);
    let hit = errors.iter().find(|e| e.starts_with(path));
    let Some(hit) = hit else {
        panic!("no error at {path} in {errors:#?}")
    };
    for f in fragments {
        assert!(hit.contains(f), "error {hit:?} should contain {f:?}");
    }
}

#[test]
fn every_builtin_validates_and_resolves() {
    assert_eq!(SCENARIOS.len(), 8);
    for (name, _) in SCENARIOS {
        let loaded = load_builtin(name)
            .expect("listed")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded.plan.wards.len(), 23, "{name}");
        assert_eq!(loaded.plan.fiscal_years, 5, "{name}");
        assert_eq!(loaded.plan.start_fy, 2025, "{name}");
        assert!(!loaded.scenario.description.is_empty(), "{name}");
        assert!(
            loaded
                .scenario
                .description_ja
                .as_deref()
                .is_some_and(|d| !d.is_empty()),
            "{name}"
        );
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
    }
}

#[test]
fn default_ward_data_holds_the_brief_totals() {
    let (_, text) = WARD_DATA[0];
    let data = parse_ward_data(text, Format::Toml, "tokyo-23").unwrap();
    assert_eq!(data.wards.len(), 23);
    let sum =
        |f: fn(&sasaeai::scenario::wards::WardRecord) -> f64| data.wards.iter().map(f).sum::<f64>();
    assert_eq!(sum(|w| w.population), 9_570_609.0);
    assert_eq!(sum(|w| w.participants), 28_400.0);
    assert_eq!(sum(|w| w.untrained), 1_400.0);
    assert_eq!(sum(|w| w.certified), 2_800.0);
    // Sites are the population share of 374, written to 4 decimals.
    assert!((sum(|w| w.bases) - 374.0).abs() < 0.01);
    assert!(data.wards.iter().all(|w| w.awareness == 0.348));
    assert_eq!(data.wards[0].name_ja, "千代田区");
    // Largest-remainder apportionment by population: every ward within 1 of
    // its exact share.
    for w in &data.wards {
        let s = w.population / 9_570_609.0;
        for (got, total) in [
            (w.participants, 28_400.0),
            (w.untrained, 1_400.0),
            (w.certified, 2_800.0),
            (w.bases, 374.0),
        ] {
            assert!(
                (got - total * s).abs() < 1.0,
                "{}: {got} vs {}",
                w.name,
                total * s
            );
        }
    }
}

#[test]
fn status_quo_lines_follow_model_section_2() {
    let loaded = load_builtin("status-quo").unwrap().unwrap();
    let plan = &loaded.plan;
    let total: f64 = plan.wards.iter().map(|w| w.status_quo_budget.total()).sum();
    assert!((total - 1.28e9).abs() < 1e-3, "{total}");
    let line = |l: BudgetLine| {
        plan.wards
            .iter()
            .map(|w| w.status_quo_budget.get(l))
            .sum::<f64>()
    };
    assert!((line(BudgetLine::Staff) - 15.0 * 8.5e6).abs() < 1e-3);
    assert!((line(BudgetLine::Supervision) - 0.02 * 1.28e9).abs() < 1e-3);
    assert!((line(BudgetLine::Awareness) - 0.05 * 1.28e9).abs() < 1e-3);
    // Sites are written to 4 decimals: within 0.01 site of the brief's 374.
    assert!((line(BudgetLine::Bases) - 374.0 * 1.03e6).abs() < 0.01 * 1.03e6);
    // Training at replacement level: h(0.893)·2,800·12 seats at ¥150,000.
    let h = 1.0 - 0.893_f64.powf(1.0 / 12.0);
    assert!((line(BudgetLine::Training) - h * 2_800.0 * 12.0 * 150_000.0).abs() < 1e-2);
    for w in &plan.wards {
        assert!(
            w.budget.iter().all(|b| *b == w.status_quo_budget),
            "{} held flat",
            w.name
        );
    }
}

#[test]
fn builtin_budgets_do_what_their_descriptions_say() {
    let sq = load_builtin("status-quo").unwrap().unwrap().plan;
    let get = |name: &str| load_builtin(name).unwrap().unwrap().plan;
    let promotion = get("promotion-office");
    let training = get("training");
    let awareness = get("awareness");
    let combined = get("combined-plan");
    for (i, w) in sq.wards.iter().enumerate() {
        let s = w.status_quo_budget;
        for y in 0..5 {
            let p = promotion.wards[i].budget[y];
            assert_eq!(p.get(BudgetLine::Staff), 21_250_000.0);
            assert_eq!(p.get(BudgetLine::Grants), s.get(BudgetLine::Grants));
            let t = training.wards[i].budget[y];
            assert_eq!(
                t.get(BudgetLine::Training),
                4.0 * s.get(BudgetLine::Training)
            );
            assert_eq!(
                t.get(BudgetLine::Supervision),
                4.0 * s.get(BudgetLine::Supervision)
            );
            assert_eq!(
                awareness.wards[i].budget[y].get(BudgetLine::Awareness),
                4.5 * s.get(BudgetLine::Awareness)
            );
            let c = combined.wards[i].budget[y];
            assert_eq!(c.get(BudgetLine::Staff), 21_250_000.0);
            assert_eq!(c.get(BudgetLine::Bases), 1.3 * s.get(BudgetLine::Bases));
            assert_eq!(
                c.get(BudgetLine::Awareness),
                4.5 * s.get(BudgetLine::Awareness)
            );
        }
    }
}

#[test]
fn reallocation_moves_ten_points_of_the_same_money() {
    let sq = load_builtin("status-quo").unwrap().unwrap().plan;
    let re = load_builtin("reallocation").unwrap().unwrap().plan;
    let total = |p: &sasaeai::sim::Plan, l: BudgetLine, y: usize| {
        p.wards.iter().map(|w| w.budget[y].get(l)).sum::<f64>()
    };
    for y in 0..5 {
        let all: f64 = BudgetLine::ALL.iter().map(|l| total(&re, *l, y)).sum();
        assert!((all - 1.28e9).abs() < 1e-2, "FY {y}: {all}");
        for (line, shift) in [
            (BudgetLine::Grants, -0.10),
            (BudgetLine::Training, 0.05),
            (BudgetLine::Supervision, 0.02),
            (BudgetLine::Awareness, 0.03),
            (BudgetLine::Staff, 0.0),
            (BudgetLine::Bases, 0.0),
        ] {
            let before = total(&sq, line, y) / 1.28e9;
            let after = total(&re, line, y) / 1.28e9;
            assert!(
                (after - before - shift).abs() < 1e-12,
                "{line:?}: {before} → {after}"
            );
        }
    }
    // Spread as the status quo spreads each line: every ward keeps its share of each line.
    for (a, b) in sq.wards.iter().zip(&re.wards) {
        let share = |p: &sasaeai::sim::Plan, w: &sasaeai::sim::PlanWard, l: BudgetLine| {
            w.budget[0].get(l) / total(p, l, 0)
        };
        // The online line, which no ward has, is not spread at all.
        for l in BudgetLine::ALL
            .into_iter()
            .filter(|l| total(&sq, *l, 0) > 0.0)
        {
            assert!(
                (share(&sq, a, l) - share(&re, b, l)).abs() < 1e-12,
                "{} {l:?}",
                a.name
            );
        }
    }
}

#[test]
fn scenarios_round_trip_through_toml_and_json() {
    for (name, text) in SCENARIOS {
        let s = parse_scenario(text, Format::Toml, name).unwrap();
        let again = parse_scenario(&s.to_toml(), Format::Toml, name)
            .unwrap_or_else(|e| panic!("{name} TOML: {e}"));
        assert_eq!(s, again, "{name} TOML round trip");
        let json = parse_scenario(&s.to_json(), Format::Json, name)
            .unwrap_or_else(|e| panic!("{name} JSON: {e}"));
        assert_eq!(s, json, "{name} JSON round trip");
        assert_eq!(s.hash(), json.hash());
    }
}

#[test]
fn total_budget_spread_rules() {
    let body = r#"
[budget]
basis = "total"
total = 2_300_000_000
shares = { staff = 0.1, training = 0.1, supervision = 0.1, awareness = 0.1, bases = 0.3, grants = 0.3 }
spread = "equal"
"#;
    let plan = load(&format!("{HEADER}{body}")).unwrap().plan;
    for w in &plan.wards {
        assert!((w.budget[0].get(BudgetLine::Staff) - 10_000_000.0).abs() < 1e-6);
        assert!((w.budget[4].get(BudgetLine::Grants) - 30_000_000.0).abs() < 1e-6);
    }
    let per_resident = load(&format!(
        "{HEADER}{}",
        body.replace("\"equal\"", "\"per_resident\"")
    ))
    .unwrap()
    .plan;
    let setagaya = per_resident
        .wards
        .iter()
        .find(|w| w.name == "Setagaya")
        .unwrap();
    let want = 2.3e9 * 0.1 * 917_486.0 / 9_570_609.0;
    assert!((setagaya.budget[0].get(BudgetLine::Staff) - want).abs() < 1e-6);
    // One total per FY.
    let growing = format!(
        "{HEADER}{}",
        body.replace("2_300_000_000", "[1e9, 2e9, 3e9, 4e9, 5e9]")
    );
    let plan = load(&growing).unwrap().plan;
    let fy = |y: usize| plan.wards.iter().map(|w| w.budget[y].total()).sum::<f64>();
    assert!((fy(0) - 1e9).abs() < 1e-3 && (fy(4) - 5e9).abs() < 1e-3);
}

#[test]
fn set_and_scale_can_target_wards_and_years() {
    let body = r#"
[[budget.scale]]
wards = ["Chiyoda"]
fiscal_years = [2026]
grants = 2.0

[[budget.set]]
wards = ["世田谷区"]
staff = 1_000
"#;
    let plan = load(&format!("{HEADER}{body}")).unwrap().plan;
    let chiyoda = &plan.wards[0];
    assert_eq!(
        chiyoda.budget[1].get(BudgetLine::Grants),
        2.0 * chiyoda.status_quo_budget.get(BudgetLine::Grants)
    );
    assert_eq!(
        chiyoda.budget[0].get(BudgetLine::Grants),
        chiyoda.status_quo_budget.get(BudgetLine::Grants)
    );
    let setagaya = plan.wards.iter().find(|w| w.name == "Setagaya").unwrap();
    assert!(
        setagaya
            .budget
            .iter()
            .all(|b| b.get(BudgetLine::Staff) == 1_000.0)
    );
}

#[test]
fn unknown_fields_are_errors() {
    assert_error(
        "[budget]\nscael = 2\n",
        "budget.scael",
        &["unknown field", "basis", "scale"],
    );
    assert_error("colour = \"red\"\n", "colour", &["unknown field"]);
    assert_error("[run]\nrunz = 5\n", "run.runz", &["unknown field", "runs"]);
}

#[test]
fn wrong_types_are_errors() {
    assert_error(
        "[run]\nruns = \"many\"\n",
        "run.runs",
        &["\"many\"", "whole number"],
    );
    assert_error(
        "[run]\nmode = \"fast\"\n",
        "run.mode",
        &["\"fast\"", "expected", "stochastic"],
    );
    assert_error("wards = 5\n", "wards", &["5", "table"]);
}

#[test]
fn negative_or_non_finite_money_is_an_error() {
    assert_error(
        "[[budget.set]]\nstaff = -5\n",
        "budget.set[0].staff",
        &["-5", "money", "from 0"],
    );
    assert_error(
        "[[budget.set]]\ngrants = inf\n",
        "budget.set[0].grants",
        &["inf", "finite"],
    );
    assert_error(
        "[[budget.set]]\ngrants = nan\n",
        "budget.set[0].grants",
        &["NaN", "finite"],
    );
    assert_error(
        "[budget]\nbasis = \"total\"\ntotal = -1e9\n",
        "budget.total",
        &["-1000000000", "money"],
    );
}

#[test]
fn shares_must_sum_to_one() {
    let body = "[budget]\nbasis = \"total\"\ntotal = 1e9\nshares = { staff = 0.5, training = 0.45, supervision = 0, awareness = 0, bases = 0, grants = 0 }\n";
    assert_error(body, "budget.shares", &["0.95", "sum to 1"]);
    let shift = "[budget]\nbasis = \"total\"\ntotal = 1e9\nshare_shift = { grants = -0.1, training = 0.05 }\n";
    assert_error(shift, "budget.share_shift", &["-0.05", "sum to 0"]);
}

#[test]
fn distribution_errors_name_the_parameter() {
    assert_error(
        "[parameters]\nneed_rate = \"pert(0.05,0.03,0.02)\"\n",
        "parameters.need_rate",
        &["0.05", "0.02", "min"],
    );
    assert_error(
        "[parameters]\ncaseload = \"uniform(9,3)\"\n",
        "parameters.caseload",
        &["9", "3"],
    );
    assert_error(
        "[parameters]\nneed_rate = \"wobbly(1,2)\"\n",
        "parameters.need_rate",
        &["wobbly", "pert"],
    );
    assert_error(
        "[parameters]\nbeta_tau = \"normal(0.1,-1)\"\n",
        "parameters.beta_tau",
        &["-1"],
    );
}

#[test]
fn probabilities_outside_zero_one_are_errors() {
    assert_error(
        "[parameters]\nc0 = 1.2\n",
        "parameters.c0",
        &["1.2", "from 0.05 to 1"],
    );
    assert_error(
        "[parameters]\nneed_rate = \"uniform(-0.1,0.2)\"\n",
        "parameters.need_rate",
        &["-0.1", "from 0 to 1"],
    );
    let rule = "[[outcome_rules]]\nid = \"w\"\nkind = \"withhold\"\nmetric = \"continuation\"\nfraction = 1.5\nfloor = 0.7\ntarget = 0.85\n";
    assert_error(rule, "outcome_rules[0].fraction", &["1.5", "from 0 to 1"]);
}

#[test]
fn horizon_must_be_one_to_twenty_fiscal_years() {
    assert_error(
        "[run]\nhorizon = 0\n",
        "run.horizon",
        &["0", "from 1 to 20"],
    );
    assert_error(
        "[run]\nhorizon = 21\n",
        "run.horizon",
        &["21", "from 1 to 20"],
    );
    assert!(load(&format!("{HEADER}[run]\nhorizon = 20\n")).is_ok());
}

#[test]
fn runs_must_be_one_to_a_million() {
    assert_error(
        "[run]\nruns = 0\n",
        "run.runs",
        &["0", "from 1 to 1,000,000"],
    );
    assert_error(
        "[run]\nruns = 1_000_001\n",
        "run.runs",
        &["1000001", "from 1 to 1,000,000"],
    );
    assert_error("[run]\nruns = 2.5\n", "run.runs", &["2.5", "whole number"]);
}

#[test]
fn unknown_wards_are_errors() {
    assert_error(
        "[[budget.set]]\nwards = [\"Chiyoda\", \"Atlantis\"]\nstaff = 1\n",
        "budget.set[0].wards[1]",
        &["\"Atlantis\"", "unknown ward", "Chiyoda", "Edogawa"],
    );
    let e = load(&format!("{HEADER}wards = \"nowhere\"\n"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("wards") && e.contains("nowhere") && e.contains("tokyo-23"),
        "{e}"
    );
}

#[test]
fn several_errors_are_reported_together() {
    let errors = errors_of(
        "[run]\nruns = 0\nhorizon = 99\n[budget]\nscael = 1\n[[budget.set]]\nstaff = -1\n",
    );
    assert_eq!(errors.len(), 4, "{errors:#?}");
}

#[test]
fn outcome_rule_errors() {
    let bad_kind = "[[outcome_rules]]\nid = \"x\"\nkind = \"lottery\"\nmetric = \"participants\"\n";
    assert_error(bad_kind, "outcome_rules[0].kind", &["lottery", "per_unit"]);
    let bad_floor = "[[outcome_rules]]\nid = \"w\"\nkind = \"withhold\"\nmetric = \"continuation\"\nfraction = 0.2\nfloor = 0.9\ntarget = 0.85\n";
    assert_error(
        bad_floor,
        "outcome_rules[0].target",
        &["0.85", "greater than floor"],
    );
    let two = "[[outcome_rules]]\nid = \"a\"\nkind = \"withhold\"\nmetric = \"continuation\"\nfraction = 0.7\nfloor = 0.7\ntarget = 0.85\n\
               [[outcome_rules]]\nid = \"b\"\nkind = \"withhold\"\nmetric = \"awareness\"\nfraction = 0.6\nfloor = 0.3\ntarget = 0.6\n";
    assert_error(two, "outcome_rules", &["1.3", "whole grants line"]);
    let field = "[[outcome_rules]]\nid = \"b\"\nkind = \"bonus\"\nmetric = \"awareness\"\nthreshold = 0.5\namount = 1\nrate = 4\n";
    assert_error(field, "outcome_rules[0].rate", &["unknown field"]);
}

#[test]
fn targets_can_be_changed_and_must_be_well_formed() {
    let ok = "[[run.targets]]\nid = \"participants\"\nat_least = 40_000\n\n[[run.targets]]\nid = \"cheap\"\nmetric = \"total_spending\"\nat_most = 7e9\n";
    let plan = load(&format!("{HEADER}{ok}")).unwrap().plan;
    assert_eq!(plan.targets.len(), 2);
    assert_eq!(plan.targets[1].threshold, 7e9);
    assert_error(
        "[[run.targets]]\nid = \"x\"\nat_least = 1\n",
        "run.targets[0].metric",
        &["missing", "participants"],
    );
    assert_error(
        "[[run.targets]]\nid = \"participants\"\n",
        "run.targets[0].at_least",
        &["missing"],
    );
}

#[test]
fn json_files_use_the_same_schema() {
    let json = r#"{"schema_version": 2, "name": "j", "run": {"runs": 10, "seed": 3}, "budget": {"scale": [{"awareness": 2}]}}"#;
    let loaded = load_text(json, Format::Json, "j.json", &|_| Err(String::new())).unwrap();
    assert_eq!(loaded.plan.runs, 10);
    let null = r#"{"schema_version": 1, "name": "j", "run": {"runs": null}}"#;
    let e = load_text(null, Format::Json, "j.json", &|_| Err(String::new()))
        .unwrap_err()
        .to_string();
    assert!(e.contains("run.runs") && e.contains("null"), "{e}");
    let broken = load_text("{\"name\": ", Format::Json, "j.json", &|_| {
        Err(String::new())
    })
    .unwrap_err()
    .to_string();
    assert!(broken.contains("not valid JSON"), "{broken}");
}

#[test]
fn toml_syntax_errors_give_the_line() {
    let e = load("schema_version = 2\nname = \"t\"\n[run\nruns = 3\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("not valid TOML") && e.contains("line 3"), "{e}");
}

#[test]
fn missing_version_and_future_versions_are_errors() {
    let e = load("name = \"t\"\n").unwrap_err().to_string();
    assert!(e.contains("schema_version") && e.contains("missing"), "{e}");
    let e = load("schema_version = 7\nname = \"t\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("schema_version = 7"), "{e}");
}

#[test]
fn inline_ward_data_with_a_wards_own_budget() {
    let text = r#"
schema_version = 2
name = "my-ward"
[wards]
name = "one-ward"
[wards.status_quo]
total_budget = 50_000_000
staff_fte = 1
supervision_share = 0.02
awareness_share = 0.05
[[wards.wards]]
name = "Nerima"
population = 739_435
participants = 2_194
untrained = 108
certified = 216
bases = 29
awareness = 0.348
[wards.wards.status_quo_budget]
staff = 8_500_000
training = 3_600_000
supervision = 1_000_000
awareness = 2_500_000
bases = 29_870_000
grants = 4_530_000
"#;
    let loaded = load(text).unwrap();
    assert_eq!(loaded.plan.wards.len(), 1);
    assert_eq!(
        loaded.plan.wards[0]
            .status_quo_budget
            .get(BudgetLine::Grants),
        4_530_000.0
    );
    let bad = text.replace("participants = 2_194", "participants = 2_194.5");
    let e = load(&bad).unwrap_err().to_string();
    assert!(
        e.contains("wards.wards[0].participants") && e.contains("whole number"),
        "{e}"
    );
}

#[test]
fn a_ward_listed_twice_in_one_edit_is_an_error() {
    assert_error(
        "[[budget.scale]]\nwards = [\"Setagaya\", \"世田谷区\"]\nawareness = 2.0\n",
        "budget.scale[0].wards",
        &["\"Setagaya\"", "more than once"],
    );
}

#[test]
fn distribution_errors_quote_the_text_once() {
    let errors = errors_of("[parameters]\nneed_rate = \"pert(0.05,0.03,0.02)\"\n");
    assert_eq!(
        errors[0].matches("pert(0.05,0.03,0.02)").count(),
        1,
        "{errors:?}"
    );
}

// ---------------------------------------------------------------------------
// Synthetic disparity data, equal support per participant
// ---------------------------------------------------------------------------

fn synthetic_data() -> sasaeai::scenario::WardData {
    let (name, text) = WARD_DATA
        .iter()
        .find(|(n, _)| *n == "tokyo-23-synthetic-disparity")
        .expect("registered");
    parse_ward_data(text, Format::Toml, name).unwrap()
}

/// A status-quo scenario on the synthetic data set.
const SYNTHETIC_STATUS_QUO: &str = "schema_version = 2\nname = \"sq-synthetic\"\n\
     wards = \"tokyo-23-synthetic-disparity\"\n[budget]\nbasis = \"status_quo\"\n";

#[test]
fn the_synthetic_data_set_spreads_support_from_20000_to_83000_at_the_same_total() {
    let data = synthetic_data();
    assert!(data.name.contains("synthetic"));
    assert!(data.title.as_deref().unwrap().starts_with("SYNTHETIC"));
    assert!(data.title_ja.as_deref().unwrap().contains("合成データ"));
    assert_eq!(data.wards.len(), 23);
    let per_participant: Vec<f64> = data
        .wards
        .iter()
        .map(|w| w.status_quo_budget.expect("own lines").total() / w.participants)
        .collect();
    let min = per_participant
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let max = per_participant.iter().copied().fold(0.0, f64::max);
    assert!((min - 20_000.0).abs() < 1.0, "{min}");
    assert!((max - 83_000.0).abs() < 1.0, "{max}");
    // Rising with the ward code, as the rule says.
    assert!(per_participant.windows(2).all(|w| w[0] < w[1]));
    let total: f64 = data
        .wards
        .iter()
        .map(|w| w.status_quo_budget.unwrap().total())
        .sum();
    assert_eq!(total, 1_280_000_000.0);
    // Everything but the budget is the default data's.
    let default = parse_ward_data(WARD_DATA[0].1, Format::Toml, "tokyo-23").unwrap();
    for (a, b) in data.wards.iter().zip(&default.wards) {
        assert_eq!(
            (
                a.name.as_str(),
                a.population,
                a.participants,
                a.untrained,
                a.certified,
                a.bases
            ),
            (
                b.name.as_str(),
                b.population,
                b.participants,
                b.untrained,
                b.certified,
                b.bases
            )
        );
    }
    // Its status quo calibrates without warnings, and reports say it is synthetic.
    let loaded = load(SYNTHETIC_STATUS_QUO).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.info.ward_data, "tokyo-23-synthetic-disparity");
    assert!(loaded.info.ward_data_title.contains("SYNTHETIC"));
    assert!(loaded.info.ward_data_title_ja.contains("合成データ"));
}

/// Every ward's planned support per participant in FY index 0.
fn start_per_participant(plan: &sasaeai::sim::Plan) -> Vec<f64> {
    plan.wards
        .iter()
        .map(|w| w.budget[0].total() / w.initial.participants)
        .collect()
}

fn fy_totals(plan: &sasaeai::sim::Plan) -> Vec<f64> {
    (0..plan.fiscal_years)
        .map(|y| plan.wards.iter().map(|w| w.budget[y].total()).sum())
        .collect()
}

fn assert_equal_support(plan: &sasaeai::sim::Plan, total: f64) {
    let per = start_per_participant(plan);
    let mean = total
        / plan
            .wards
            .iter()
            .map(|w| w.initial.participants)
            .sum::<f64>();
    for (w, x) in plan.wards.iter().zip(&per) {
        assert!((x - mean).abs() < 1.0, "{}: {x} vs {mean}", w.name);
    }
}

#[test]
fn the_equalized_builtin_gives_every_ward_the_same_support_per_participant() {
    let loaded = load_builtin("equalized").unwrap().unwrap();
    assert!(loaded.info.title.contains("SYNTHETIC"));
    assert!(loaded.info.ward_data_title.contains("SYNTHETIC"));
    let plan = &loaded.plan;
    for t in fy_totals(plan) {
        assert!((t - 1.28e9).abs() < 1.0, "{t}");
    }
    assert_equal_support(plan, 1.28e9);
    // Its status quo is the synthetic one.
    let sq = load(SYNTHETIC_STATUS_QUO).unwrap().plan;
    for (a, b) in plan.wards.iter().zip(&sq.wards) {
        assert_eq!(a.status_quo_budget, b.status_quo_budget);
    }
    // The engine's equalize gives the same budget from that status quo.
    let from_engine =
        sasaeai::scenario::equalize::equalize_loaded(&load(SYNTHETIC_STATUS_QUO).unwrap())
            .unwrap()
            .plan;
    for (a, b) in plan.wards.iter().zip(&from_engine.wards) {
        for y in 0..5 {
            for l in BudgetLine::ALL {
                let (x, z) = (a.budget[y].get(l), b.budget[y].get(l));
                assert!((x - z).abs() <= 1e-6 * x.abs().max(1.0), "{} {l:?}", a.name);
            }
        }
    }
}

#[test]
fn equalize_keeps_each_fiscal_years_total_and_the_line_mix() {
    use sasaeai::scenario::equalize::{equalize, equalize_loaded};
    for name in ["combined-plan", "outcome-linked", "training"] {
        let source = load_builtin(name).unwrap().unwrap();
        // Vary the total from year to year too.
        let mut varied = source.scenario.clone();
        varied
            .budget
            .scale
            .push(sasaeai::scenario::schema::LineEdit {
                wards: Some(vec!["Ota".into()]),
                fiscal_years: Some(vec![2027]),
                values: [None, None, None, None, None, Some(3.0), None],
            });
        let varied =
            sasaeai::scenario::resolve::resolve(varied, source.ward_data.clone(), name).unwrap();
        for source in [source, varied] {
            let eq = equalize_loaded(&source).unwrap();
            assert_eq!(
                eq.scenario.name,
                format!("{}-equalized", source.scenario.name)
            );
            assert_eq!(eq.scenario.outcome_rules, source.scenario.outcome_rules);
            let (before, after) = (fy_totals(&source.plan), fy_totals(&eq.plan));
            for (b, a) in before.iter().zip(&after) {
                assert!((a - b).abs() < 1.0, "{name}: {b} → {a}");
            }
            assert_equal_support(&eq.plan, after[0]);
            // Line shares over the horizon are kept.
            let line_total = |p: &sasaeai::sim::Plan, l: BudgetLine| {
                p.wards
                    .iter()
                    .flat_map(|w| &w.budget)
                    .map(|b| b.get(l))
                    .sum::<f64>()
            };
            let all: f64 = before.iter().sum();
            for l in BudgetLine::ALL {
                let (x, y) = (
                    line_total(&source.plan, l) / all,
                    line_total(&eq.plan, l) / all,
                );
                assert!((x - y).abs() < 1e-9, "{name} {l:?}: {x} vs {y}");
            }
            // It is an ordinary scenario: it survives a round trip through TOML.
            let text = equalize(&source).to_toml();
            let again = load_text(&text, Format::Toml, "eq.toml", &|_| Err("no files".into()))
                .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
            assert_eq!(again.plan.wards, eq.plan.wards);
        }
    }
}

// ---------------------------------------------------------------------------
// A ward's own figures: [my_ward]
// ---------------------------------------------------------------------------

#[test]
fn the_example_own_ward_loads_as_one_calibrated_ward() {
    let loaded = load(MY_WARD).unwrap();
    let plan = &loaded.plan;
    assert_eq!(plan.wards.len(), 1);
    let w = &plan.wards[0];
    assert_eq!((w.name.as_str(), w.name_ja.as_str()), ("Example", "例区"));
    assert_eq!(w.population, 250_000.0);
    assert_eq!(w.initial.participants, 700.0);
    assert_eq!(w.status_quo_budget.total(), 43_290_000.0);
    assert!(w.budget.iter().all(|b| *b == w.status_quo_budget));
    use sasaeai::model::Param;
    use sasaeai::model::parameters::Origin;
    assert_eq!(plan.parameters.entry(Param::C0).point, 0.70);
    assert_eq!(plan.parameters.entry(Param::S0).point, 0.85);
    assert_eq!(plan.parameters.entry(Param::C0).origin, Origin::Statistics);
    // The brief's targets scaled to the ward, and a note saying so.
    let threshold = |id: &str| plan.targets.iter().find(|t| t.id == id).unwrap().threshold;
    assert_eq!(threshold("participants"), 1_050.0);
    assert_eq!(threshold("certified"), 155.0);
    assert_eq!(threshold("continuation"), 0.85);
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0]
            .to_string()
            .contains("scaled to the ward")
    );
    assert_eq!(loaded.info.ward_data, "Example");
    // Round trips keep the section.
    let s = parse_scenario(MY_WARD, Format::Toml, "my-ward").unwrap();
    assert_eq!(parse_scenario(&s.to_toml(), Format::Toml, "t").unwrap(), s);
    assert_eq!(parse_scenario(&s.to_json(), Format::Json, "t").unwrap(), s);
    // Calibrated to be stationary under both model versions: no warnings
    // among the checks.
    let v2 = sasaeai::scenario::calibration::calibration_report(&loaded);
    assert_eq!(v2.warnings, 0, "{:#?}", v2.wards[0].checks);
    assert!(v2.wards[0].rates.join > 0.0);
    let mut loaded = loaded;
    loaded.plan.model = sasaeai::model::ModelSpec::V1;
    let report = sasaeai::scenario::calibration::calibration_report(&loaded);
    assert_eq!(report.warnings, 0, "{:#?}", report.wards[0].checks);
    assert!(report.wards[0].rates.join > 0.0);
    assert!(report.wards[0].rates.recruit > 0.0);
    assert!(report.wards[0].rates.aw_gain > 0.0);
}

#[test]
fn own_ward_input_errors_name_the_field_and_value() {
    let no_budget = MY_WARD.split("# Current budget lines").next().unwrap();
    let e = load(no_budget).unwrap_err().to_string();
    assert!(e.contains("my_ward.status_quo_budget: missing"), "{e}");
    let e = load(&my_ward_with(&[("continuation", "1.5")]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("my_ward.continuation = 1.5"), "{e}");
    let e = load(&my_ward_with(&[("satisfaction", "-0.1")]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("my_ward.satisfaction = -0.1"), "{e}");
    let e = load(&my_ward_with(&[("participants", "-3")]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("my_ward.participants = -3"), "{e}");
    let e = load(&my_ward_with(&[("budget.grants", "\"lots\"")]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("my_ward.status_quo_budget.grants"), "{e}");
    let e = load(&MY_WARD.replace("satisfaction = 0.85", "satisfaction = 0.85\nbudget = 3"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("my_ward.budget"), "{e}");
    let e = load(&MY_WARD.replace("[run]", "wards = \"tokyo-23\"\n[run]"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("wards = \"tokyo-23\": a scenario with a [my_ward] section"),
        "{e}"
    );
    let e = load(&format!("{MY_WARD}\n[parameters]\nc0 = 0.8\n"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("parameters.c0 = 0.8: my_ward.continuation sets c0"),
        "{e}"
    );
}

/// The ids and fields of the checks of the example with `replacements`.
fn checks_of(replacements: &[(&str, &str)]) -> Vec<(String, String, String)> {
    use sasaeai::scenario::calibration::{Severity, calibration_report};
    let loaded = load(&my_ward_with(replacements)).unwrap();
    let report = calibration_report(&loaded);
    report.wards[0]
        .checks
        .iter()
        .map(|c| {
            let severity = if c.severity == Severity::Warning {
                "warning"
            } else {
                "note"
            };
            (
                c.id.to_string(),
                format!("{} {}", severity, c.field),
                c.to_string(),
            )
        })
        .collect()
}

fn assert_check(replacements: &[(&str, &str)], id: &str, kind_field: &str, fragments: &[&str]) {
    let checks = checks_of(replacements);
    let Some((_, kf, text)) = checks.iter().find(|(i, _, _)| i == id) else {
        panic!("no {id} check for {replacements:?} in {checks:#?}")
    };
    assert_eq!(kf, kind_field, "{text}");
    for f in fragments {
        assert!(text.contains(f), "{text:?} should contain {f:?}");
    }
}

#[test]
fn implausible_own_figures_are_each_reported() {
    assert_check(
        &[("population", "10000")],
        "need_pool",
        "warning my_ward.participants",
        &[
            "my_ward.participants = 700",
            "need pool",
            "0.03 × 10,000 = 300",
        ],
    );
    assert_check(
        &[("untrained", "10"), ("certified", "10")],
        "supporter_capacity",
        "warning my_ward.participants",
        &["8.5 × 20 = 170"],
    );
    assert_check(
        &[("untrained", "10"), ("certified", "10")],
        "at_capacity",
        "warning my_ward.participants",
        &["Example's status quo is at capacity", "demand = dropouts"],
    );
    assert_check(
        &[("untrained", "0"), ("certified", "0")],
        "no_supporters",
        "warning my_ward.untrained",
        &["700 participants but no supporters"],
    );
    assert_check(
        &[("bases", "5"), ("budget.bases", "5_150_000")],
        "site_capacity",
        "warning my_ward.participants",
        &["90 × 5 = 450"],
    );
    assert_check(
        &[("bases", "0"), ("budget.bases", "0")],
        "no_sites",
        "warning my_ward.status_quo_budget.bases",
        &["no money for activity sites"],
    );
    assert_check(
        &[("bases", "12")],
        "bases_budget",
        "warning my_ward.status_quo_budget.bases",
        &[
            "= ¥9,270,000",
            "pays for 9 sites",
            "my_ward.bases = 12",
            "unit_costs.base",
        ],
    );
    for a in ["0.95", "0.10"] {
        assert_check(
            &[("awareness", a)],
            "awareness_range",
            "warning my_ward.awareness",
            &[
                &format!("my_ward.awareness = {}", a.trim_end_matches('0')),
                "a_floor 0.15 to a_max 0.9",
            ],
        );
    }
    for c in ["0.98", "0.2"] {
        assert_check(
            &[("continuation", c)],
            "continuation_range",
            "warning my_ward.continuation",
            &[
                &format!("my_ward.continuation = {c}"),
                "c_min 0.3 to c_max 0.97",
            ],
        );
    }
    assert_check(
        &[("satisfaction", "0.995")],
        "satisfaction_range",
        "warning my_ward.satisfaction",
        &["above 0.99"],
    );
    assert_check(
        &[("budget.training", "0")],
        "training_replacement",
        "note my_ward.status_quo_budget.training",
        &["will fall", "certifies 0 a month"],
    );
    assert_check(
        &[("budget.training", "10_000_000")],
        "training_replacement",
        "note my_ward.status_quo_budget.training",
        &["will rise"],
    );
    assert_check(
        &[("budget.supervision", "10_000_000")],
        "supervision_excess",
        "note my_ward.status_quo_budget.supervision",
        &["¥2,500 × 130 supporters × 12 = ¥3,900,000"],
    );
    assert_check(
        &[("budget.grants", "0")],
        "no_grants",
        "note my_ward.status_quo_budget.grants",
        &["no operating grants"],
    );
    assert_check(
        &[("budget.grants", "150_000_000")],
        "per_participant_range",
        "note my_ward.status_quo_budget",
        &["outside the range the brief reports", "¥20,000 to ¥83,000"],
    );
    // The awareness line pays publicity: without it awareness cannot be held.
    assert_check(
        &[("budget.awareness", "0")],
        "awareness_drifts",
        "warning my_ward.awareness",
        &["Example: awareness cannot be held"],
    );
    // Warnings come before notes.
    let checks = checks_of(&[("population", "10000"), ("budget.grants", "0")]);
    let kinds: Vec<bool> = checks.iter().map(|c| c.1.starts_with("warning")).collect();
    assert!(
        kinds.contains(&true) && kinds.contains(&false),
        "{checks:#?}"
    );
    assert!(kinds.windows(2).all(|w| w[0] >= w[1]), "{checks:#?}");
}
