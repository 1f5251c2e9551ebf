//! From text to a runnable [`Plan`]: parse (TOML or JSON), validate, find the
//! ward data, derive the status-quo lines (docs/model.md §2) and build each
//! ward's budget for each fiscal year.

use toml::Value;

use super::info::ScenarioInfo;
use super::plan::{Mode, Plan, PlanWard, Target, TargetMetric};
use super::warnings::plan_warnings;
use crate::hash::hash_name;
use crate::model::distribution::Distribution;
use crate::model::parameters::{Origin, ParameterSet};
use crate::model::ward::{WardState, monthly_hazard};
use crate::model::{Lines, Param};

use super::builtin;
use super::checks::plausibility_warnings;
use super::error::{FieldError, ScenarioErrors};
use super::message::{Phrase, Problem, Shown};
use super::migrate::{Upgrade, migrate};
use super::notice::Warning;
use super::read::{Reader, json_to_toml};
use super::schema::{Format, Scenario, WardSource, read_scenario};
use super::syntax::{KEY_TWICE, json_path_at, offset_of, parse_json_strict, toml_path_at};
use super::ward_budget::{status_quo_budgets, ward_budgets};
use super::wards::{WardData, read_ward_data};

/// Largest scenario or ward file read (bytes).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// A scenario ready to run.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The scenario as written.
    pub scenario: Scenario,
    /// Its ward data.
    pub ward_data: WardData,
    /// What the engine runs.
    pub plan: Plan,
    /// Identification for reports.
    pub info: ScenarioInfo,
    /// Things the user should know.
    pub warnings: Vec<Warning>,
}

fn errors(source: &str, errors: Vec<FieldError>) -> ScenarioErrors {
    ScenarioErrors {
        source_name: source.to_string(),
        errors,
    }
}

/// Parse text (TOML, or JSON turned into the same tree) into a value tree,
/// without checking its fields. A key given twice is an error in both
/// formats; a message about where the parser stopped names the field there.
pub fn parse_tree(
    text: &str,
    format: Format,
    source: &str,
) -> Result<toml::value::Table, ScenarioErrors> {
    parse_tree_quoting(text, format, source, Quote::Text)
}

/// Whether a parse error may quote the text it stopped at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// The user's own scenario: show the line with a caret.
    Text,
    /// A file a scenario names (ward data): say where (line and column)
    /// and what went wrong, never what the file holds, not even its keys.
    Nothing,
}

fn parse_tree_quoting(
    text: &str,
    format: Format,
    source: &str,
    quote: Quote,
) -> Result<toml::value::Table, ScenarioErrors> {
    if text.len() > MAX_FILE_BYTES {
        return Err(errors(
            source,
            vec![FieldError::new(
                "",
                Shown::Nothing,
                Problem::FileTooLarge {
                    mb: format!("{:.1}", text.len() as f64 / 1_048_576.0),
                    max_mb: MAX_FILE_BYTES / 1_048_576,
                },
            )],
        ));
    }
    let mut reader = Reader::default();
    let tree = match format {
        Format::Toml => match text.parse::<toml::Table>() {
            Ok(t) => Some(t),
            Err(e) => {
                let start = e.span().map(|span| span.start);
                let at = start.map(|s| line_and_column(text, s));
                let path = start
                    .filter(|_| quote == Quote::Text)
                    .map(|s| toml_path_at(text, s))
                    .unwrap_or_default();
                let token = e.span().and_then(|span| text.get(span)).unwrap_or("");
                if is_integer_literal(token) {
                    let shown = match quote {
                        Quote::Text => Shown::Written(token.to_string()),
                        Quote::Nothing => Shown::Nothing,
                    };
                    reader.error(&path, shown, Problem::NumberTooLarge { whole: true, at });
                } else {
                    let detail = match quote {
                        Quote::Text => e.to_string(),
                        Quote::Nothing => {
                            let (line, column) = at.unwrap_or((1, 1));
                            format!("line {line}, column {column}: {}", e.message())
                        }
                    };
                    reader.error(
                        &path,
                        Shown::Nothing,
                        Problem::NotToml {
                            detail: detail.trim_end().to_string(),
                            at,
                        },
                    );
                }
                None
            }
        },
        Format::Json => match parse_json_strict(text) {
            Ok(v) => match json_to_toml(&v, "", &mut reader) {
                Some(Value::Table(t)) => Some(t),
                Some(_) => {
                    reader.error("", Shown::Nothing, Problem::Fixed(Phrase::JsonObject));
                    None
                }
                None => None,
            },
            Err(e) => {
                let at = (e.line() > 0).then(|| (e.line(), e.column()));
                let path = at
                    .filter(|_| quote == Quote::Text)
                    .map(|(line, column)| json_path_at(text, offset_of(text, line, column)))
                    .unwrap_or_default();
                let message = e.to_string();
                let problem = if message.starts_with("number out of range") {
                    Problem::NumberTooLarge { whole: false, at }
                } else if message.starts_with(KEY_TWICE) && quote == Quote::Text {
                    Problem::Fixed(Phrase::KeyTwice)
                } else {
                    Problem::NotJson {
                        detail: e.to_string(),
                        at,
                    }
                };
                reader.error(&path, Shown::Nothing, problem);
                None
            }
        },
    };
    match tree {
        Some(t) if reader.errors.is_empty() => Ok(t),
        _ => Err(errors(source, reader.errors)),
    }
}

/// Whether `token` is a TOML integer literal (too large to parse, when the
/// parser stops at it).
fn is_integer_literal(token: &str) -> bool {
    let digits = token.trim_start_matches(['+', '-']);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '_')
}

/// Line and column (from 1, in characters) of byte `at` of `text`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Guess the format of a file from its name (`.json` → JSON, else TOML).
pub fn format_of(path: &str) -> Format {
    if path.to_ascii_lowercase().ends_with(".json") {
        Format::Json
    } else {
        Format::Toml
    }
}

/// Parse and validate a scenario file (without resolving its wards). A file
/// of an older `schema_version` is upgraded first (see [`migrate`]).
pub fn parse_scenario(
    text: &str,
    format: Format,
    source: &str,
) -> Result<Scenario, ScenarioErrors> {
    parse_scenario_upgraded(text, format, source).map(|(s, _)| s)
}

/// [`parse_scenario`], also saying whether and how the file was upgraded
/// from an older `schema_version`.
pub fn parse_scenario_upgraded(
    text: &str,
    format: Format,
    source: &str,
) -> Result<(Scenario, Option<Upgrade>), ScenarioErrors> {
    let tree = parse_tree(text, format, source)?;
    read_upgraded(&tree, source)
}

/// Upgrade a value tree to the current schema and validate it.
pub fn read_upgraded(
    tree: &toml::value::Table,
    source: &str,
) -> Result<(Scenario, Option<Upgrade>), ScenarioErrors> {
    let (tree, upgrade) = migrate(tree).map_err(|e| errors(source, vec![*e]))?;
    let mut reader = Reader::default();
    match read_scenario(&tree, &mut reader) {
        Some(s) if reader.errors.is_empty() => Ok((s, upgrade)),
        _ => Err(errors(source, reader.errors)),
    }
}

/// Validate a scenario held as a value tree (as the browser app edits it)
/// and resolve it, collecting every error with its field path. A tree of an
/// older `schema_version` is upgraded first.
pub fn load_tree(
    tree: &toml::value::Table,
    source: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Loaded, ScenarioErrors> {
    let (scenario, _) = read_upgraded(tree, source)?;
    let ward_data = ward_data_for(&scenario, source, read_file)?;
    resolve(scenario, ward_data, source)
}

/// Parse and validate a ward data file.
pub fn parse_ward_data(
    text: &str,
    format: Format,
    source: &str,
) -> Result<WardData, ScenarioErrors> {
    let tree = parse_tree_quoting(text, format, source, Quote::Nothing)?;
    let mut reader = Reader::default();
    match read_ward_data(&tree, "", &mut reader) {
        Some(d) if reader.errors.is_empty() => Ok(d),
        _ => Err(errors(source, reader.errors)),
    }
}

/// Find the ward data a scenario names: a built-in data set, else a file
/// read through `read_file` (the CLI reads paths relative to the scenario;
/// the browser has none).
pub fn ward_data_for(
    scenario: &Scenario,
    source: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<WardData, ScenarioErrors> {
    match &scenario.wards {
        WardSource::Inline(d) => Ok((**d).clone()),
        WardSource::Own(o) => Ok(o.ward_data()),
        WardSource::Named(name) => {
            if let Some(text) = builtin::ward_text(name) {
                return parse_ward_data(text, Format::Toml, name);
            }
            match read_file(name) {
                Ok(text) => parse_ward_data(&text, format_of(name), name),
                Err(why) => {
                    let builtins = builtin::WARD_DATA
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ");
                    // An empty reason: this build reads no files at all.
                    let problem = if why.is_empty() {
                        Problem::NoFiles {
                            builtins,
                            path: name.clone(),
                        }
                    } else {
                        Problem::NoWardData { builtins, why }
                    };
                    Err(errors(
                        source,
                        vec![FieldError::new("wards", format!("{name:?}"), problem)],
                    ))
                }
            }
        }
    }
}

/// Parse, validate and resolve a scenario.
pub fn load_text(
    text: &str,
    format: Format,
    source: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Loaded, ScenarioErrors> {
    let scenario = parse_scenario(text, format, source)?;
    let ward_data = ward_data_for(&scenario, source, read_file)?;
    resolve(scenario, ward_data, source)
}

/// Load a built-in scenario by name.
pub fn load_builtin(name: &str) -> Option<Result<Loaded, ScenarioErrors>> {
    let text = builtin::scenario_text(name)?;
    Some(load_text(text, Format::Toml, name, &|path| {
        Err(format!("{path}: only built-in ward data here"))
    }))
}

/// Turn a validated scenario and its ward data into a plan.
pub fn resolve(
    scenario: Scenario,
    ward_data: WardData,
    source: &str,
) -> Result<Loaded, ScenarioErrors> {
    let mut r = Reader::default();
    let mut warnings = Vec::new();
    let run = &scenario.run;
    let parameters = parameters_of(&scenario);
    let certified_hazard = monthly_hazard(parameters.entry(Param::SupContCertified).point);
    let status_quo = status_quo_budgets(&ward_data, &scenario.unit_costs, certified_hazard, &mut r);
    let budget = ward_budgets(
        &scenario.budget,
        &ward_data.wards,
        &status_quo,
        (run.first_fy, run.horizon),
        &mut r,
        &mut warnings,
    );
    if !r.errors.is_empty() {
        return Err(errors(source, r.errors));
    }
    let mut plan = plan_of(&scenario, &ward_data, status_quo, budget, parameters);
    if let Some(note) = settle_targets(&mut plan, &scenario, &ward_data) {
        warnings.push(note);
    }
    warnings.extend(plan_warnings(&plan));
    warnings.extend(plausibility_warnings(&plan, &ward_data, &scenario.wards));
    let info = info_of(&scenario, &ward_data);
    Ok(Loaded {
        scenario,
        ward_data,
        plan,
        info,
        warnings,
    })
}

/// The parameters of docs/model.md §3 with the scenario's changes; a
/// `[my_ward]` scenario fixes c0 and s0 at the ward's own continuation and
/// satisfaction.
fn parameters_of(scenario: &Scenario) -> ParameterSet {
    let mut parameters = ParameterSet::defaults();
    for o in &scenario.parameters {
        let e = parameters.entry_mut(o.param);
        e.point = o.distribution.point();
        e.distribution = o.distribution.clone();
        if let Some(origin) = o.origin {
            e.origin = origin;
        }
        if let Some(v) = o.ward_variation {
            e.ward_variation = v;
        }
    }
    if let WardSource::Own(own) = &scenario.wards {
        // The ward's own continuation and satisfaction are c0 and s0
        // (docs/model.md §3), fixed: they are the ward's measured present.
        for (param, value) in [(Param::C0, own.continuation), (Param::S0, own.satisfaction)] {
            let e = parameters.entry_mut(param);
            e.point = value;
            e.distribution = Distribution::Fixed { value };
            e.origin = Origin::Statistics;
        }
    }
    parameters
}

/// The plan of a scenario whose wards' budgets are known.
fn plan_of(
    scenario: &Scenario,
    ward_data: &WardData,
    status_quo: Vec<Lines>,
    budget: Vec<Vec<Lines>>,
    parameters: ParameterSet,
) -> Plan {
    let run = &scenario.run;
    let plan_wards = ward_data
        .wards
        .iter()
        .zip(status_quo)
        .zip(budget)
        .map(|((w, sq), b)| PlanWard {
            name: w.name.clone(),
            name_ja: w.name_ja.clone(),
            key: hash_name(&w.name),
            population: w.population,
            initial: WardState {
                participants: w.participants,
                untrained: w.untrained,
                certified: w.certified,
                awareness: w.awareness,
            },
            status_quo_budget: sq,
            budget: b,
        })
        .collect();
    Plan {
        name: scenario.name.clone(),
        mode: run.mode,
        runs: if run.mode == Mode::Expected {
            1
        } else {
            run.runs
        },
        seed: run.seed,
        model: scenario.model,
        start_fy: run.first_fy,
        fiscal_years: run.horizon,
        wards: plan_wards,
        parameters,
        unit_costs: scenario.unit_costs,
        outcome_rules: scenario.outcome_rules.clone(),
        targets: run.targets.clone(),
    }
}

/// The targets of a scenario that lists none: a `[my_ward]` scenario gets
/// the brief's targets scaled to the ward. Returns the note to show about
/// the targets, if any.
fn settle_targets(plan: &mut Plan, scenario: &Scenario, ward_data: &WardData) -> Option<Warning> {
    let run = &scenario.run;
    let own_ward = matches!(scenario.wards, WardSource::Own(_));
    if own_ward && !run.targets_given {
        let (targets, note) = own_ward_targets(plan);
        plan.targets = targets;
        Some(note)
    } else if run.targets_given && run.targets.is_empty() {
        Some(Warning::NoTargets)
    } else if !run.targets_given && !BRIEF_TOTALS_DATA.contains(&ward_data.name.as_str()) {
        Some(Warning::DefaultTargets {
            data: ward_data.name.clone(),
        })
    } else {
        None
    }
}

/// Identification of a scenario for reports: titles and descriptions in
/// both languages (each falling back to what is given), its hash and its
/// ward data.
fn info_of(scenario: &Scenario, ward_data: &WardData) -> ScenarioInfo {
    ScenarioInfo {
        name: scenario.name.clone(),
        title: scenario
            .title
            .clone()
            .unwrap_or_else(|| scenario.name.clone()),
        title_ja: scenario
            .title_ja
            .clone()
            .or_else(|| scenario.title.clone())
            .unwrap_or_else(|| scenario.name.clone()),
        description: scenario.description.clone(),
        description_ja: scenario
            .description_ja
            .clone()
            .unwrap_or_else(|| scenario.description.clone()),
        hash: scenario.hash(),
        ward_data: ward_data.name.clone(),
        ward_data_title: ward_data
            .title
            .clone()
            .unwrap_or_else(|| ward_data.name.clone()),
        ward_data_title_ja: ward_data
            .title_ja
            .clone()
            .or_else(|| ward_data.title.clone())
            .unwrap_or_else(|| ward_data.name.clone()),
    }
}

/// Ward data sets that hold the brief's 23-ward totals, so that the default
/// targets (the brief's KGI/KPI for all 23 wards) fit them.
const BRIEF_TOTALS_DATA: [&str; 2] = ["tokyo-23", "tokyo-23-synthetic-disparity"];

/// The brief's participants now and as a target (docs/model.md §7).
const BRIEF_PARTICIPANTS: (f64, f64) = (28_400.0, 42_600.0);
/// The brief's certified supporters now and as a target (docs/model.md §7).
const BRIEF_CERTIFIED: (f64, f64) = (2_800.0, 4_800.0);

/// The default targets of a `[my_ward]` scenario that lists none: the
/// brief's targets scaled to the ward. Participants and certified supporters
/// grow by the brief's factors (42,600 / 28,400 and 4,800 / 2,800) from the
/// ward's own figures, rounded up to whole people; rates keep the brief's
/// thresholds. Returns the targets and a note saying so.
fn own_ward_targets(plan: &Plan) -> (Vec<Target>, Warning) {
    let initial = plan.wards.first().map(|w| w.initial);
    let participants = initial.map_or(0.0, |s| s.participants);
    let certified = initial.map_or(0.0, |s| s.certified);
    let participants_target = (participants * BRIEF_PARTICIPANTS.1 / BRIEF_PARTICIPANTS.0).ceil();
    let certified_target = (certified * BRIEF_CERTIFIED.1 / BRIEF_CERTIFIED.0).ceil();
    let targets = Target::defaults()
        .into_iter()
        .map(|mut t| {
            match t.metric {
                TargetMetric::Participants => t.threshold = participants_target,
                TargetMetric::Certified => t.threshold = certified_target,
                _ => {}
            }
            t
        })
        .collect();
    let note = Warning::OwnTargets {
        participants: participants_target,
        certified: certified_target,
    };
    (targets, note)
}
