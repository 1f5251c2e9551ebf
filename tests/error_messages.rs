//! Error messages in both languages: a corpus of broken scenario and ward
//! files that reaches every kind of error the reader, the resolver and the
//! distribution parser give. The English of every error is kept, byte for
//! byte, in `tests/data/error-messages.txt` (what the CLI prints); the
//! Japanese of every error must be Japanese and still name the value and
//! what is allowed.
//!
//! `SASAEAI_BLESS=1 cargo test --test error_messages` rewrites the stored
//! English after a deliberate change of wording.

mod common;

use common::messages::{assert_stored_english, japanese, names, numbers};

use std::collections::BTreeSet;

use sasaeai::scenario::message::Phrase;
use sasaeai::scenario::resolve::parse_ward_data;
use sasaeai::scenario::{Bilingual, FieldError, Format, Problem, ScenarioErrors, Shown, load_text};

/// A broken input.
enum Input {
    /// The body of a scenario after `schema_version = 2` and `name = "t"`.
    Body(&'static str),
    /// A whole scenario file.
    File(Format, &'static str),
    /// A ward data file (TOML).
    Wards(&'static str),
    /// A scenario file of this many bytes (too large).
    Large(usize),
    /// A scenario read as the browser reads it (no files).
    Browser(&'static str),
}

use Input::{Body, Browser, File, Large, Wards};

const CASES: &[(&str, Input)] = &[
    // The reader's types and ranges.
    ("table expected", Body("run = 5\n")),
    ("array expected", Body("outcome_rules = 3\n")),
    ("string expected", Body("[run]\nmode = 3\n")),
    (
        "number expected",
        Body("[[run.targets]]\nid = \"participants\"\nat_least = \"many\"\n"),
    ),
    (
        "rule threshold as text",
        Body(
            "[[outcome_rules]]\nid = \"r\"\nkind = \"bonus\"\nmetric = \"participants\"\nthreshold = \"many\"\namount = 1\n",
        ),
    ),
    ("infinite money", Body("[[budget.set]]\ngrants = inf\n")),
    ("nan money", Body("[[budget.set]]\ngrants = nan\n")),
    ("negative money", Body("[[budget.set]]\nstaff = -5\n")),
    ("money as text", Body("[[budget.set]]\nstaff = \"lots\"\n")),
    ("horizon too long", Body("[run]\nhorizon = 21\n")),
    ("horizon zero", Body("[run]\nhorizon = 0\n")),
    ("runs fraction", Body("[run]\nruns = 2.5\n")),
    ("runs as text", Body("[run]\nruns = \"many\"\n")),
    ("runs too many", Body("[run]\nruns = 1_000_001\n")),
    ("negative seed", Body("[run]\nseed = -1\n")),
    ("first fy", Body("[run]\nfirst_fy = 1999\n")),
    ("bad mode", Body("[run]\nmode = \"fast\"\n")),
    ("unknown top field", Body("colour = \"red\"\n")),
    ("unknown run field", Body("[run]\nrunz = 5\n")),
    ("model version three", Body("[model]\nversion = 3\n")),
    (
        "mechanisms in version 1",
        Body("[model]\nversion = 1\n[model.mechanisms]\ncrowding = false\n"),
    ),
    (
        "unknown mechanism",
        Body("[model.mechanisms]\nsnowball = true\n"),
    ),
    (
        "mechanism as text",
        Body("[model.mechanisms]\nonline = \"off\"\n"),
    ),
    (
        "empty name",
        File(Format::Toml, "schema_version = 2\nname = \"  \"\n"),
    ),
    (
        "long title",
        File(
            Format::Toml,
            "schema_version = 2\nname = \"t\"\ntitle = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n",
        ),
    ),
    ("missing name", File(Format::Toml, "schema_version = 2\n")),
    ("missing version", File(Format::Toml, "name = \"t\"\n")),
    (
        "version as text",
        File(Format::Toml, "schema_version = \"1\"\nname = \"t\"\n"),
    ),
    (
        "newer version",
        File(Format::Toml, "schema_version = 7\nname = \"t\"\n"),
    ),
    (
        "version zero",
        File(Format::Toml, "schema_version = 0\nname = \"t\"\n"),
    ),
    ("wards as number", Body("wards = 5\n")),
    ("unknown ward data", Body("wards = \"nowhere\"\n")),
    (
        "ward data file in the browser",
        Browser("schema_version = 2\nname = \"t\"\nwards = \"my-wards.toml\"\n"),
    ),
    ("date for a string", Body("[run]\nmode = 1979-05-27\n")),
    // Files that do not parse.
    (
        "bad toml",
        File(
            Format::Toml,
            "schema_version = 2\nname = \"t\"\n[run\nruns = 3\n",
        ),
    ),
    ("bad json", File(Format::Json, "{\"name\": ")),
    (
        "json key twice",
        File(
            Format::Json,
            "{\"schema_version\": 1, \"name\": \"t\", \"name\": \"u\"}",
        ),
    ),
    (
        "json number too large",
        File(
            Format::Json,
            "{\"schema_version\": 1, \"name\": \"t\", \"run\": {\"seed\": 1e400}}",
        ),
    ),
    (
        "toml integer too large",
        Body("[run]\nseed = 18446744073709551616\n"),
    ),
    (
        "share threshold",
        Body("[[run.targets]]\nid = \"c\"\nmetric = \"continuation\"\nat_least = 1.5\n"),
    ),
    (
        "count threshold",
        Body("[[run.targets]]\nid = \"n\"\nmetric = \"participants\"\nat_most = -1\n"),
    ),
    (
        "ward file not toml",
        Wards("root:x:0:0:root:/root:/bin/bash\n"),
    ),
    ("json array", File(Format::Json, "[1, 2]")),
    (
        "json null",
        File(
            Format::Json,
            r#"{"schema_version": 1, "name": "j", "run": {"runs": null}}"#,
        ),
    ),
    ("too large", Large(17 * 1024 * 1024)),
    // Targets.
    (
        "target id twice",
        Body(
            "[[run.targets]]\nid = \"participants\"\nat_least = 1\n[[run.targets]]\nid = \"participants\"\nat_least = 2\n",
        ),
    ),
    (
        "target metric unknown",
        Body("[[run.targets]]\nid = \"x\"\nmetric = \"joy\"\nat_least = 1\n"),
    ),
    (
        "target metric missing",
        Body("[[run.targets]]\nid = \"x\"\nat_least = 1\n"),
    ),
    (
        "target both sides",
        Body("[[run.targets]]\nid = \"participants\"\nat_least = 1\nat_most = 2\n"),
    ),
    (
        "target no threshold",
        Body("[[run.targets]]\nid = \"participants\"\n"),
    ),
    ("target without id", Body("[[run.targets]]\nat_least = 1\n")),
    // Parameters and distributions.
    ("unknown parameter", Body("[parameters]\nhappiness = 1\n")),
    (
        "distribution type",
        Body("[parameters]\nneed_rate = true\n"),
    ),
    (
        "distribution empty",
        Body("[parameters]\nneed_rate = \" \"\n"),
    ),
    (
        "distribution family",
        Body("[parameters]\nneed_rate = \"wobbly(1,2)\"\n"),
    ),
    (
        "distribution arguments",
        Body("[parameters]\nneed_rate = \"pert(0.1,0.2)\"\n"),
    ),
    (
        "distribution one argument",
        Body("[parameters]\nneed_rate = \"uniform(0.1)\"\n"),
    ),
    (
        "distribution no arguments",
        Body("[parameters]\nneed_rate = \"pert\"\n"),
    ),
    (
        "distribution argument name",
        Body("[parameters]\nbeta_tau = \"normal(mean=0.1,sd=0.1,foo=2)\"\n"),
    ),
    (
        "distribution argument twice",
        Body("[parameters]\nbeta_tau = \"normal(0.1,mean=0.2,sd=0.1)\"\n"),
    ),
    (
        "distribution not a number",
        Body("[parameters]\nneed_rate = \"pert(a,0.2,0.3)\"\n"),
    ),
    (
        "distribution not finite",
        Body("[parameters]\nneed_rate = \"pert(1e400,0.2,0.3)\"\n"),
    ),
    (
        "distribution min above max",
        Body("[parameters]\nneed_rate = \"pert(0.05,0.03,0.02)\"\n"),
    ),
    (
        "uniform min above max",
        Body("[parameters]\ncaseload = \"uniform(9,3)\"\n"),
    ),
    (
        "distribution mode outside",
        Body("[parameters]\nneed_rate = \"pert(0.01,0.05,0.03)\"\n"),
    ),
    (
        "distribution negative sd",
        Body("[parameters]\nbeta_tau = \"normal(0.1,-1)\"\n"),
    ),
    (
        "distribution empty truncation",
        Body("[parameters]\nbeta_tau = \"normal(0.5,0.1,min=0.6,max=0.4)\"\n"),
    ),
    (
        "distribution mean outside truncation",
        Body("[parameters]\nbeta_tau = \"normal(0.5,0.1,min=0.6,max=0.9)\"\n"),
    ),
    (
        "distribution negligible truncation",
        Body("[parameters]\nbeta_tau = \"normal(0.5,1e6,min=0.5,max=0.5000001)\"\n"),
    ),
    (
        "lognormal median",
        Body("[parameters]\ncaseload = \"lognormal(median=-1,p95=2)\"\n"),
    ),
    (
        "lognormal p95",
        Body("[parameters]\ncaseload = \"lognormal(median=2,p95=1)\"\n"),
    ),
    (
        "lognormal sigma",
        Body("[parameters]\ncaseload = \"lognormal(mu=0,sigma=-1)\"\n"),
    ),
    (
        "lognormal form",
        Body("[parameters]\ncaseload = \"lognormal(1,2)\"\n"),
    ),
    (
        "lognormal overflow",
        Body("[parameters]\nbeta_tau = \"lognormal(mu=700,sigma=10)\"\n"),
    ),
    (
        "normal overflow",
        Body("[parameters]\nbeta_tau = \"normal(0,1e308)\"\n"),
    ),
    (
        "parameter beyond its range",
        Body("[parameters]\neps_bases = 1e5\n"),
    ),
    ("beta mean", Body("[parameters]\nc0 = \"beta(1.5,0.1)\"\n")),
    ("beta sd", Body("[parameters]\nc0 = \"beta(0.5,0.6)\"\n")),
    (
        "beta shapes",
        Body("[parameters]\nbeta_tau = \"beta(1e-305,3e-153)\"\n"),
    ),
    (
        "syntax empty argument",
        Body("[parameters]\nneed_rate = \"pert(0.1,,0.3)\"\n"),
    ),
    (
        "syntax positional after named",
        Body("[parameters]\nbeta_tau = \"normal(mean=0.1,0.2)\"\n"),
    ),
    (
        "syntax no value",
        Body("[parameters]\nbeta_tau = \"normal(mean=,sd=1)\"\n"),
    ),
    (
        "syntax unreadable argument",
        Body("[parameters]\nneed_rate = \"pert(0.1 0.2,0.3)\"\n"),
    ),
    (
        "syntax unexpected token",
        Body("[parameters]\nneed_rate = \"pert(=0.1,0.2,0.3)\"\n"),
    ),
    (
        "syntax parenthesis",
        Body("[parameters]\nneed_rate = \"pert((0.1),0.2,0.3)\"\n"),
    ),
    (
        "syntax after close",
        Body("[parameters]\nneed_rate = \"pert(0.1,0.2,0.3)x\"\n"),
    ),
    (
        "syntax missing close",
        Body("[parameters]\nneed_rate = \"pert(0.1,0.2,0.3\"\n"),
    ),
    (
        "syntax expected open",
        Body("[parameters]\nneed_rate = \"pert 0.1\"\n"),
    ),
    (
        "syntax bad start",
        Body("[parameters]\nneed_rate = \"(0.1)\"\n"),
    ),
    ("outside the domain", Body("[parameters]\nc0 = 1.2\n")),
    (
        "distribution outside the domain",
        Body("[parameters]\nneed_rate = \"uniform(-0.1,0.2)\"\n"),
    ),
    (
        "bad origin",
        Body("[parameters.need_rate]\ndistribution = 0.03\norigin = \"rumour\"\n"),
    ),
    (
        "ward variation",
        Body("[parameters.need_rate]\ndistribution = 0.03\nward_variation = 3\n"),
    ),
    (
        "c_min above c_max",
        Body("[parameters]\nc_min = 0.9\nc_max = 0.8\n"),
    ),
    ("unit cost", Body("[unit_costs]\nfte = 0\n")),
    // A fraction of a yen would count infinitely many sites.
    (
        "unit cost below a yen",
        Body("[unit_costs]\nbase = 1e-300\n"),
    ),
    // Budget.
    ("bad basis", Body("[budget]\nbasis = \"guess\"\n")),
    (
        "total with status quo basis",
        Body("[budget]\nbasis = \"status_quo\"\ntotal = 1e9\n"),
    ),
    ("total missing", Body("[budget]\nbasis = \"total\"\n")),
    (
        "total per year",
        Body("[budget]\nbasis = \"total\"\ntotal = [1e9, 1e9]\n"),
    ),
    (
        "shares sum",
        Body(
            "[budget]\nbasis = \"total\"\ntotal = 1e9\nshares = { staff = 0.5, training = 0.45, supervision = 0, awareness = 0, bases = 0, grants = 0 }\n",
        ),
    ),
    (
        "shares type",
        Body("[budget]\nbasis = \"total\"\ntotal = 1e9\nshares = 3\n"),
    ),
    (
        "share above one",
        Body("[budget]\nbasis = \"total\"\ntotal = 1e9\nshares = { staff = 1.5, grants = -0.5 }\n"),
    ),
    (
        "share shift sum",
        Body(
            "[budget]\nbasis = \"total\"\ntotal = 1e9\nshare_shift = { grants = -0.1, training = 0.05 }\n",
        ),
    ),
    (
        "share shift range",
        Body(
            "[budget]\nbasis = \"total\"\ntotal = 1e9\nshare_shift = { grants = -2, training = 2 }\n",
        ),
    ),
    (
        "share shift leaves a share",
        Body(
            "[budget]\nbasis = \"total\"\ntotal = 1e9\nshares = { staff = 0.1, grants = 0.9 }\nshare_shift = { staff = -0.2, grants = 0.2 }\n",
        ),
    ),
    (
        "bad spread",
        Body("[budget]\nbasis = \"total\"\ntotal = 1e9\nspread = \"lottery\"\n"),
    ),
    ("scale type", Body("[budget]\nscale = 5\n")),
    ("scale item type", Body("[budget]\nscale = [5]\n")),
    ("scale factor", Body("[[budget.scale]]\nawareness = 2e6\n")),
    (
        "scale names no line",
        Body("[[budget.scale]]\nwards = [\"Chiyoda\"]\n"),
    ),
    (
        "fiscal year outside",
        Body("[[budget.set]]\nfiscal_years = [2040]\nstaff = 1\n"),
    ),
    (
        "ward name empty",
        Body("[[budget.set]]\nwards = [\"\"]\nstaff = 1\n"),
    ),
    (
        "unknown ward",
        Body("[[budget.set]]\nwards = [\"Chiyoda\", \"Atlantis\"]\nstaff = 1\n"),
    ),
    (
        "ward listed twice",
        Body("[[budget.scale]]\nwards = [\"Setagaya\", \"世田谷区\"]\nawareness = 2.0\n"),
    ),
    (
        "budget out of range",
        Body(
            "[[budget.scale]]\nwards = [\"Chiyoda\"]\nfiscal_years = [2025]\ngrants = 1e6\n[[budget.scale]]\nwards = [\"Chiyoda\"]\ngrants = 1e6\n",
        ),
    ),
    // Outcome rules.
    (
        "rule kind",
        Body("[[outcome_rules]]\nid = \"x\"\nkind = \"lottery\"\nmetric = \"participants\"\n"),
    ),
    (
        "rule without kind",
        Body("[[outcome_rules]]\nid = \"x\"\nmetric = \"participants\"\n"),
    ),
    (
        "rule metric",
        Body(
            "[[outcome_rules]]\nid = \"x\"\nkind = \"bonus\"\nmetric = \"joy\"\nthreshold = 1\namount = 1\n",
        ),
    ),
    (
        "per unit missing",
        Body("[[outcome_rules]]\nkind = \"per_unit\"\n"),
    ),
    (
        "bonus missing",
        Body("[[outcome_rules]]\nkind = \"bonus\"\n"),
    ),
    (
        "withhold missing",
        Body("[[outcome_rules]]\nkind = \"withhold\"\n"),
    ),
    (
        "withhold target below floor",
        Body(
            "[[outcome_rules]]\nid = \"w\"\nkind = \"withhold\"\nmetric = \"continuation\"\nfraction = 0.2\nfloor = 0.9\ntarget = 0.85\n",
        ),
    ),
    (
        "withhold fraction",
        Body(
            "[[outcome_rules]]\nid = \"w\"\nkind = \"withhold\"\nmetric = \"continuation\"\nfraction = 1.5\nfloor = 0.7\ntarget = 0.85\n",
        ),
    ),
    (
        "withhold sum",
        Body(
            "[[outcome_rules]]\nid = \"a\"\nkind = \"withhold\"\nmetric = \"continuation\"\nfraction = 0.7\nfloor = 0.7\ntarget = 0.85\n\
             [[outcome_rules]]\nid = \"b\"\nkind = \"withhold\"\nmetric = \"awareness\"\nfraction = 0.6\nfloor = 0.3\ntarget = 0.6\n",
        ),
    ),
    (
        "rule id twice",
        Body(
            "[[outcome_rules]]\nid = \"a\"\nkind = \"bonus\"\nmetric = \"participants\"\nthreshold = 1\namount = 1\n\
             [[outcome_rules]]\nid = \"a\"\nkind = \"bonus\"\nmetric = \"participants\"\nthreshold = 2\namount = 1\n",
        ),
    ),
    (
        "rule field",
        Body(
            "[[outcome_rules]]\nid = \"b\"\nkind = \"bonus\"\nmetric = \"awareness\"\nthreshold = 0.5\namount = 1\nrate = 4\n",
        ),
    ),
    // Ward data written inside a scenario, and what the resolver finds.
    (
        "negative grants",
        File(
            Format::Toml,
            r#"schema_version = 2
name = "t"
[wards]
name = "one"
[wards.status_quo]
total_budget = 1_000
staff_fte = 1
supervision_share = 0.02
awareness_share = 0.05
[[wards.wards]]
name = "Nerima"
population = 700_000
participants = 2_000
untrained = 100
certified = 200
bases = 29
awareness = 0.3
"#,
        ),
    ),
    (
        "no status quo to share",
        File(
            Format::Toml,
            r#"schema_version = 2
name = "t"
[wards]
name = "one"
[wards.status_quo]
total_budget = 0
staff_fte = 0
supervision_share = 0
awareness_share = 0
[[wards.wards]]
name = "Nerima"
population = 700_000
participants = 0
untrained = 0
certified = 0
bases = 0
awareness = 0.3
[budget]
basis = "total"
total = 1e9
spread = "per_participant"
"#,
        ),
    ),
    // Own ward.
    (
        "own ward fields",
        File(
            Format::Toml,
            r#"schema_version = 2
name = "t"
[my_ward]
name = "Example"
population = 0
participants = -3
untrained = 40
certified = 90
bases = 2e6
awareness = 0.3
continuation = 1.5
colour = "red"
"#,
        ),
    ),
    (
        "own ward and wards",
        File(
            Format::Toml,
            "schema_version = 2\nname = \"t\"\nwards = \"tokyo-23\"\n[my_ward]\nname = \"Example\"\n",
        ),
    ),
    (
        "own ward missing",
        File(
            Format::Toml,
            "schema_version = 2\nname = \"t\"\n[my_ward]\nname = \"Example\"\npopulation = 1000\nparticipants = 1\nuntrained = 1\ncertified = 1\nbases = 1\nawareness = 0.3\n",
        ),
    ),
    (
        "own ward twice",
        File(
            Format::Toml,
            r#"schema_version = 2
name = "t"
[parameters]
c0 = 0.8
[my_ward]
name = "Example"
population = 250000
participants = 700
untrained = 40
certified = 90
bases = 9
awareness = 0.30
continuation = 0.70
satisfaction = 0.85
[my_ward.status_quo_budget]
staff = 17_000_000
training = 1_520_000
supervision = 2_000_000
awareness = 1_500_000
bases = 9_270_000
grants = 12_000_000
"#,
        ),
    ),
    // Ward data files.
    (
        "ward data version",
        Wards("schema_version = 2\nname = \"w\"\n"),
    ),
    (
        "ward data without wards",
        Wards(
            "name = \"w\"\n[status_quo]\ntotal_budget = 1e9\nstaff_fte = 1\nsupervision_share = 0.1\nawareness_share = 0.1\n",
        ),
    ),
    (
        "ward data no wards",
        Wards(
            "name = \"w\"\nwards = []\n[status_quo]\ntotal_budget = -1\nstaff_fte = 2e6\nsupervision_share = 2\n",
        ),
    ),
    (
        "ward data missing fields",
        Wards("[status_quo]\n[[wards]]\nname_ja = \"区\"\n"),
    ),
    (
        "ward data ward fields",
        Wards(
            r#"name = "w"
[status_quo]
total_budget = 1e9
staff_fte = 1
supervision_share = 0.1
awareness_share = 0.1
[[wards]]
name = "A"
population = 0.5
participants = 2.5
untrained = "x"
certified = -1
bases = -1
awareness = 1.5
[wards.status_quo_budget]
staff = 1
[[wards]]
name = "B"
population = 1000
participants = 1
untrained = 1
certified = 1
bases = 1
awareness = 0.5
[[wards]]
name = "B"
population = 1000
participants = 1
untrained = 1
certified = 1
bases = 1
awareness = 0.5
"#,
        ),
    ),
];

/// The errors of one input.
fn errors(label: &str, input: &Input) -> ScenarioErrors {
    let no_files = |p: &str| Err(format!("{p}: no files in tests"));
    let result = match input {
        Body(body) => load_text(
            &format!("schema_version = 2\nname = \"t\"\n{body}"),
            Format::Toml,
            "t.toml",
            &no_files,
        )
        .map(|_| ()),
        File(format, text) => load_text(text, *format, "t", &no_files).map(|_| ()),
        Wards(text) => parse_ward_data(text, Format::Toml, "w.toml").map(|_| ()),
        Large(n) => load_text(&" ".repeat(*n), Format::Toml, "big.toml", &no_files).map(|_| ()),
        Browser(text) => sasaeai::job::load_scenario_text(text, "scenario").map(|_| ()),
    };
    match result {
        Ok(()) => panic!("{label}: no errors"),
        Err(e) => e,
    }
}

/// Every error of the corpus, with the case it comes from.
fn corpus() -> Vec<(&'static str, FieldError)> {
    CASES
        .iter()
        .flat_map(|(label, input)| {
            errors(label, input)
                .errors
                .into_iter()
                .map(move |e| (*label, e))
        })
        .collect()
}

/// The corpus in English, as the CLI writes each error.
fn english() -> String {
    let mut out = String::new();
    for (label, input) in CASES {
        out.push_str(&format!("## {label}\n"));
        for e in errors(label, input).errors {
            out.push_str(&format!("{e}\n"));
        }
    }
    out
}

#[test]
fn the_english_of_every_error_is_unchanged() {
    assert_stored_english("error-messages.txt", &english());
    assert!(!corpus().is_empty());
}

#[test]
fn every_error_is_said_in_japanese_naming_the_field_the_value_and_what_is_allowed() {
    for (label, e) in corpus() {
        // The English is what the error always said (the CLI's text).
        assert_eq!(e.message, e.problem.en(), "{label}");
        assert_eq!(e.value, e.shown.en(), "{label}");
        assert_eq!(e.en(), e.to_string(), "{label}");
        let ja = e.ja();
        assert!(japanese(&ja), "{label}: not Japanese: {ja}");
        assert!(!ja.contains(&e.message), "{label}: still English: {ja}");
        // The field as written in the file.
        assert!(ja.starts_with(&e.path), "{label}: {ja}");
        // The value: as written, or described with the same figures.
        match &e.shown {
            Shown::Written(v) => {
                assert!(ja.contains(&format!("{} = {v}: ", e.path)), "{label}: {ja}")
            }
            Shown::Nothing => assert!(
                e.path.is_empty() || ja.starts_with(&format!("{}: ", e.path)),
                "{label}: {ja}"
            ),
            other => {
                // A ward is named as the data names it in Japanese.
                if !matches!(other, Shown::Ward { .. } | Shown::WardInFy { .. }) {
                    assert!(japanese(&other.ja()), "{label}: {other:?}");
                }
                for n in numbers(&e.value) {
                    assert!(ja.contains(&n), "{label}: {ja} lacks the value's {n}");
                }
            }
        }
        // What is allowed: every limit, key and quoted name of the English.
        for n in numbers(&e.message) {
            assert!(
                ja.contains(&n),
                "{label}: {ja}\nlacks {n} of\n{}",
                e.message
            );
        }
        for name in names(&e.message) {
            assert!(
                ja.contains(&name),
                "{label}: {ja}\nlacks {name} of\n{}",
                e.message
            );
        }
    }
}

#[test]
fn the_japanese_of_some_errors_in_full() {
    let said = |label: &str| -> Vec<String> {
        let (_, input) = CASES.iter().find(|(l, _)| *l == label).expect("a case");
        errors(label, input)
            .errors
            .iter()
            .map(Bilingual::ja)
            .collect()
    };
    assert_eq!(
        said("horizon too long"),
        ["run.horizon = 21: 期間（年度数）は1〜20の整数で指定してください"]
    );
    assert_eq!(
        said("money as text"),
        [
            "budget.set[0].staff = \"lots\": 文字列ではなく数値で指定してください。金額は0〜1e15円の数値で指定してください"
        ]
    );
    assert_eq!(
        said("bad mode"),
        ["run.mode = \"fast\": modeは\"expected\"または\"stochastic\"で指定してください"]
    );
    assert_eq!(
        said("budget out of range"),
        [
            "budget = 千代田区（2025年度）: 各費目の予算額が0〜1e15円の範囲を外れます。倍率を確認してください"
        ]
    );
    assert_eq!(
        said("distribution min above max"),
        [
            "parameters.need_rate = \"pert(0.05,0.03,0.02)\": min 0.05がmax 0.02より大きくなっています。min ≤ mode ≤ maxにしてください"
        ]
    );
    assert_eq!(said("bad toml"), ["TOMLとして読めません（3行目、5列目）"]);
    assert_eq!(
        said("ward data file in the browser")[0],
        "wards = \"my-wards.toml\": 組み込みの区データ（tokyo-23, tokyo-23-synthetic-disparity）ではありません。\
         ブラウザでは組み込みの区データか、シナリオ内に書いた区データだけが使えます"
    );
    let unknown = said("unknown ward");
    assert!(
        unknown[0].contains("千代田区") && unknown[0].contains("江戸川区"),
        "{unknown:?}"
    );
    // A file's errors together, as the app lists them.
    let (_, input) = &CASES[0];
    assert_eq!(
        errors("t", input).ja(),
        "t.toml: エラー1件\n  - run = 5: 整数ではなく表で指定してください\n"
    );
}

/// The phrases a problem is made of.
fn phrases(p: &Problem) -> Vec<Phrase> {
    match p {
        Problem::WrongType { expected, found } => vec![*expected, *found],
        Problem::Whole { what, found, .. } => [Some(*what), *found].into_iter().flatten().collect(),
        Problem::Range { range, found } => [Some(*range), *found].into_iter().flatten().collect(),
        Problem::Missing(p) | Problem::Fixed(p) => vec![*p],
        _ => Vec::new(),
    }
}

#[test]
fn the_corpus_reaches_every_kind_of_error() {
    let corpus = corpus();
    let keys: BTreeSet<&str> = corpus.iter().map(|(_, e)| e.problem.key()).collect();
    // Only the app's own import makes these two (a file too large to read,
    // or one the browser cannot read as text).
    let app_only = ["import_too_large", "unreadable"];
    let expected: BTreeSet<&str> = Problem::KEYS
        .iter()
        .copied()
        .filter(|k| !app_only.contains(k))
        .collect();
    assert_eq!(keys, expected);
    let used: BTreeSet<String> = corpus
        .iter()
        .flat_map(|(_, e)| phrases(&e.problem))
        .map(|p| format!("{p:?}"))
        .collect();
    let all: BTreeSet<String> = Phrase::ALL.iter().map(|p| format!("{p:?}")).collect();
    assert_eq!(
        all.difference(&used).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "phrases no error of the corpus uses"
    );
    // Every way a distribution can be wrong.
    let kinds: BTreeSet<String> = corpus
        .iter()
        .filter_map(|(_, e)| match &e.problem {
            Problem::Distribution { error, .. } => {
                let debug = format!("{error:?}");
                let name = |s: &str| s.split([' ', '{', '(']).next().unwrap_or("").to_string();
                Some(match debug.split_once("detail: ") {
                    Some((_, detail)) => format!("Syntax::{}", name(detail)),
                    None => name(&debug),
                })
            }
            _ => None,
        })
        .collect();
    let expected = [
        "Empty",
        "UnknownFamily",
        "ArgumentCount",
        "UnknownArgument",
        "DuplicateArgument",
        "NotANumber",
        "NonFinite",
        "MinAboveMax",
        "ModeOutside",
        "NegativeSd",
        "EmptyTruncation",
        "MeanOutsideTruncation",
        "NegligibleTruncation",
        "NonPositiveMedian",
        "P95NotAboveMedian",
        "NegativeSigma",
        "Overflows",
        "LognormalForm",
        "BetaMeanOutside",
        "BetaSdTooLarge",
        "BetaShapeTooSmall",
        "Syntax::EmptyArgument",
        "Syntax::PositionalAfterNamed",
        "Syntax::NoValue",
        "Syntax::Unreadable",
        "Syntax::Parenthesis",
        "Syntax::Unexpected",
        "Syntax::AfterClose",
        "Syntax::MissingClose",
        "Syntax::ExpectedOpen",
        "Syntax::UnexpectedStart",
    ];
    assert_eq!(kinds, expected.iter().map(|s| s.to_string()).collect());
}

#[test]
fn the_app_only_problems_and_every_example_have_both_languages() {
    for p in sasaeai::scenario::message::examples() {
        let (en, ja) = (p.en(), p.ja());
        assert!(!en.trim().is_empty(), "{p:?}");
        assert!(japanese(&ja) && ja != en, "{p:?}: {ja}");
        for n in numbers(&en) {
            assert!(ja.contains(&n), "{p:?}: {ja} lacks {n}");
        }
    }
    let large = FieldError::new(
        "",
        Shown::Nothing,
        Problem::ImportTooLarge {
            mb: "17.2".into(),
            max_mb: "16".into(),
        },
    );
    assert_eq!(
        large.to_string(),
        "the file is 17.2 MB; scenario files may be at most 16 MB"
    );
    assert_eq!(
        large.ja(),
        "ファイルの大きさが17.2 MBあります。シナリオファイルは16 MBまでです"
    );
}
