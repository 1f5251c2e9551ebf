//! [`Problem`]: what is wrong with a field, one variant per kind of error,
//! and its message in both languages.

use std::fmt::Write as _;

use crate::model::distribution::DistributionError;
use crate::model::parameters::Range;
use crate::text::{Bilingual, Text};

use super::phrase::Phrase;

/// What is wrong with a field: one variant per kind of error, holding what
/// its message names. [`Bilingual::en`] is the English message and
/// [`Bilingual::ja`] the Japanese one.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A value of another type than the field takes.
    WrongType {
        /// What the field takes.
        expected: Phrase,
        /// What it holds.
        found: Phrase,
    },
    /// A field the schema does not have here.
    UnknownField {
        /// The fields allowed here, joined with commas.
        allowed: String,
    },
    /// A whole number out of its range, or a value that is not one.
    Whole {
        /// The field, in words.
        what: Phrase,
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
        /// The type found, when it is not a number at all.
        found: Option<Phrase>,
    },
    /// A number out of its range, or a value that is not one.
    Range {
        /// The range, as a sentence.
        range: Phrase,
        /// The type found, when it is not a number at all.
        found: Option<Phrase>,
    },
    /// A required field that is absent.
    Missing(Phrase),
    /// A problem said in one fixed sentence.
    Fixed(Phrase),
    /// Text longer than allowed.
    TooLong {
        /// Most characters allowed.
        max: usize,
    },
    /// A key that is not one of the keys allowed.
    OneOf {
        /// The field (`spread`, `metric`).
        field: &'static str,
        /// The keys allowed, joined with commas.
        allowed: String,
    },
    /// A target without a metric whose id is not a metric either.
    MissingMetric {
        /// The target's id.
        id: String,
        /// The metrics, joined with commas.
        allowed: String,
    },
    /// A `schema_version` this build does not read (or none).
    SchemaVersion {
        /// The version this build reads.
        current: i64,
        /// The oldest version it upgrades.
        oldest: i64,
        /// Whether the field is absent.
        missing: bool,
        /// Whether the file is of a newer version.
        newer: bool,
    },
    /// An unknown parameter name.
    UnknownParameter {
        /// The parameters, joined with commas.
        allowed: String,
    },
    /// A distribution that does not parse or validate.
    Distribution {
        /// What is wrong with it.
        error: Box<DistributionError>,
        /// Whether the message repeats the distribution's text (when it
        /// differs from the value shown, e.g. its canonical form).
        with_input: bool,
    },
    /// A distribution reaching outside its parameter's domain.
    Support {
        /// The parameter.
        param: &'static str,
        /// Its plausible range.
        range: Range,
        /// Lowest value of the distribution.
        lo: String,
        /// Highest value of the distribution.
        hi: String,
    },
    /// A lower parameter that can exceed its upper partner.
    Exceeds {
        /// The lower parameter.
        low: &'static str,
        /// The upper parameter.
        high: &'static str,
        /// Lowest value of the upper one.
        at: String,
    },
    /// A parameter given both in `[my_ward]` and under `[parameters]`.
    SetTwice {
        /// The `[my_ward]` field.
        field: &'static str,
        /// The parameter.
        param: &'static str,
    },
    /// A list of totals that fits neither every FY nor each FY.
    TotalCount {
        /// Fiscal years of the horizon.
        years: usize,
    },
    /// A withhold rule whose target is not above its floor.
    TargetAboveFloor {
        /// The floor.
        floor: String,
    },
    /// Too few or too many wards in a data set.
    WardCount {
        /// Most wards allowed.
        max: usize,
    },
    /// A share shift that moves a share out of 0–1.
    ShiftOutside {
        /// The budget line.
        line: &'static str,
        /// Its share before.
        from: String,
        /// Its share after.
        to: String,
    },
    /// A status-quo rule that leaves a ward a negative grants line.
    NegativeGrants {
        /// The grants line (yen).
        yen: String,
    },
    /// A ward name that is not in the data set.
    UnknownWard {
        /// The English names, joined with commas.
        names: String,
        /// The Japanese names, joined with commas.
        names_ja: String,
    },
    /// Text that is not TOML.
    NotToml {
        /// The parser's message.
        detail: String,
        /// Line and column (from 1) where it stopped, if known.
        at: Option<(usize, usize)>,
    },
    /// Text that is not JSON.
    NotJson {
        /// The parser's message.
        detail: String,
        /// Line and column (from 1) where it stopped.
        at: Option<(usize, usize)>,
    },
    /// A number literal beyond what a file's numbers can hold.
    NumberTooLarge {
        /// A whole number beyond 64 bits (TOML), else a number beyond
        /// about 1.8e308 (JSON).
        whole: bool,
        /// Line and column (from 1) of the number.
        at: Option<(usize, usize)>,
    },
    /// A file larger than the engine reads.
    FileTooLarge {
        /// Its size in MB.
        mb: String,
        /// The largest size (MB).
        max_mb: usize,
    },
    /// A file larger than the app imports.
    ImportTooLarge {
        /// Its size in MB.
        mb: String,
        /// The largest size (MB).
        max_mb: String,
    },
    /// A file the browser could not read as text.
    Unreadable {
        /// The browser's reason.
        detail: String,
    },
    /// Ward data that is neither built in nor a file that can be read.
    NoWardData {
        /// The built-in data sets, joined with commas.
        builtins: String,
        /// Why the file cannot be read.
        why: String,
    },
    /// Ward data that is not built in, where no files can be read (the
    /// browser).
    NoFiles {
        /// The built-in data sets, joined with commas.
        builtins: String,
        /// The name given.
        path: String,
    },
}

impl Problem {
    /// Stable keys of the variants, one each, in declaration order.
    pub const KEYS: &'static [&'static str] = &[
        "wrong_type",
        "unknown_field",
        "whole",
        "range",
        "missing",
        "fixed",
        "too_long",
        "one_of",
        "missing_metric",
        "schema_version",
        "unknown_parameter",
        "distribution",
        "support",
        "exceeds",
        "set_twice",
        "total_count",
        "target_above_floor",
        "ward_count",
        "shift_outside",
        "negative_grants",
        "unknown_ward",
        "not_toml",
        "not_json",
        "file_too_large",
        "import_too_large",
        "unreadable",
        "no_ward_data",
        "no_files",
        "number_too_large",
    ];

    /// The key of the variant (one of [`Problem::KEYS`]).
    pub fn key(&self) -> &'static str {
        let i = match self {
            Problem::WrongType { .. } => 0,
            Problem::UnknownField { .. } => 1,
            Problem::Whole { .. } => 2,
            Problem::Range { .. } => 3,
            Problem::Missing(_) => 4,
            Problem::Fixed(_) => 5,
            Problem::TooLong { .. } => 6,
            Problem::OneOf { .. } => 7,
            Problem::MissingMetric { .. } => 8,
            Problem::SchemaVersion { .. } => 9,
            Problem::UnknownParameter { .. } => 10,
            Problem::Distribution { .. } => 11,
            Problem::Support { .. } => 12,
            Problem::Exceeds { .. } => 13,
            Problem::SetTwice { .. } => 14,
            Problem::TotalCount { .. } => 15,
            Problem::TargetAboveFloor { .. } => 16,
            Problem::WardCount { .. } => 17,
            Problem::ShiftOutside { .. } => 18,
            Problem::NegativeGrants { .. } => 19,
            Problem::UnknownWard { .. } => 20,
            Problem::NotToml { .. } => 21,
            Problem::NotJson { .. } => 22,
            Problem::FileTooLarge { .. } => 23,
            Problem::ImportTooLarge { .. } => 24,
            Problem::Unreadable { .. } => 25,
            Problem::NoWardData { .. } => 26,
            Problem::NoFiles { .. } => 27,
            Problem::NumberTooLarge { .. } => 28,
        };
        Problem::KEYS[i]
    }
}

/// Integer with thousands separators.
fn group(n: i64) -> String {
    crate::text::format::group_thousands(n)
}

/// Where in a file a parser stopped: ` (line 3, column 5)` and
/// `（3行目、5列目）`, or nothing.
fn position(at: Option<(usize, usize)>) -> Text {
    match at {
        Some((line, column)) => Text::new(
            format!(" (line {line}, column {column})"),
            format!("（{line}行目、{column}列目）"),
        ),
        None => Text::default(),
    }
}

/// The message about `schema_version`: what this build reads, what it
/// upgrades, and whether the field is missing or the file newer.
fn schema_version(current: i64, oldest: i64, missing: bool, newer: bool) -> Text {
    let mut en = String::new();
    let mut ja = String::new();
    if missing {
        en.push_str("missing; ");
        ja.push_str("指定がありません。");
    }
    let _ = write!(
        en,
        "this version of Sasaeai reads schema_version = {current}"
    );
    let _ = write!(
        ja,
        "このバージョンのSasaeaiが読めるのはschema_version = {current}です"
    );
    if oldest + 1 == current {
        let _ = write!(en, " and upgrades files of schema_version {oldest}");
        let _ = write!(
            ja,
            "（schema_version {oldest}のファイルは変換して読みます）"
        );
    } else if oldest < current {
        let _ = write!(
            en,
            " and upgrades files of schema_version {oldest} to {}",
            current - 1
        );
        let _ = write!(
            ja,
            "（schema_version {oldest}〜{}のファイルは変換して読みます）",
            current - 1
        );
    }
    if newer {
        en.push_str("; the file was written for a newer Sasaeai");
        ja.push_str("。このファイルは新しいバージョンのSasaeai向けです");
    }
    Text::new(en, ja)
}

impl Bilingual for Problem {
    fn text(&self) -> Text {
        use Problem as P;
        match self {
            P::WrongType { .. }
            | P::UnknownField { .. }
            | P::Whole { .. }
            | P::Range { .. }
            | P::Missing(_)
            | P::Fixed(_)
            | P::TooLong { .. }
            | P::OneOf { .. }
            | P::MissingMetric { .. }
            | P::SchemaVersion { .. } => self.field_text(),
            P::UnknownParameter { .. }
            | P::Distribution { .. }
            | P::Support { .. }
            | P::Exceeds { .. }
            | P::SetTwice { .. }
            | P::TotalCount { .. }
            | P::TargetAboveFloor { .. }
            | P::WardCount { .. }
            | P::ShiftOutside { .. }
            | P::NegativeGrants { .. }
            | P::UnknownWard { .. } => self.plan_text(),
            P::NotToml { .. }
            | P::NotJson { .. }
            | P::NumberTooLarge { .. }
            | P::FileTooLarge { .. }
            | P::ImportTooLarge { .. }
            | P::Unreadable { .. }
            | P::NoWardData { .. }
            | P::NoFiles { .. } => self.file_text(),
        }
    }
}

impl Problem {
    /// The message of a field's value: its type, its range, a missing or
    /// unknown field.
    fn field_text(&self) -> Text {
        use Problem as P;
        match self {
            P::WrongType { expected, found } => Text::new(
                format!("expected {}, found {}", expected.en(), found.en()),
                format!("{}ではなく{}で指定してください", found.ja(), expected.ja()),
            ),
            P::UnknownField { allowed } => Text::new(
                format!("unknown field; the fields allowed here are: {allowed}"),
                format!("この項目は使えません。ここで使える項目: {allowed}"),
            ),
            P::Whole {
                what,
                min,
                max,
                found,
            } => {
                let (min, max) = (group(*min), group(*max));
                let allowed = Text::new(
                    format!("{} must be a whole number from {min} to {max}", what.en()),
                    format!("{}は{min}〜{max}の整数で指定してください", what.ja()),
                );
                match found {
                    None => allowed,
                    Some(k) => Text::new(
                        format!("expected a whole number, found {}; {}", k.en(), allowed.en),
                        format!("{}ではなく整数で指定してください。{}", k.ja(), allowed.ja),
                    ),
                }
            }
            P::Range { range, found } => match found {
                None => Text::from(*range),
                Some(k) => Text::new(
                    format!("expected a number, found {}; {}", k.en(), range.en()),
                    format!("{}ではなく数値で指定してください。{}", k.ja(), range.ja()),
                ),
            },
            P::Missing(hint) => Text::new(
                format!("missing; {}", hint.en()),
                format!("指定がありません。{}", hint.ja()),
            ),
            P::Fixed(p) => Text::from(*p),
            P::TooLong { max } => Text::new(
                format!("must be at most {max} characters"),
                format!("{max}文字以内で指定してください"),
            ),
            P::OneOf { field, allowed } => Text::new(
                format!("{field} must be one of: {allowed}"),
                format!("{field}は次のいずれかで指定してください: {allowed}"),
            ),
            P::MissingMetric { id, allowed } => Text::new(
                format!("missing; id {id:?} is not a metric, so name one of: {allowed}"),
                format!(
                    "指定がありません。id {id:?}は指標の名前ではないため、次のいずれかを指定してください: {allowed}"
                ),
            ),
            P::SchemaVersion {
                current,
                oldest,
                missing,
                newer,
            } => schema_version(*current, *oldest, *missing, *newer),
            _ => unreachable!("{self:?} is said by another group"),
        }
    }

    /// The message of a parameter, a budget or the wards a plan names.
    fn plan_text(&self) -> Text {
        use Problem as P;
        match self {
            P::UnknownParameter { allowed } => Text::new(
                format!("unknown parameter; the parameters are: {allowed}"),
                format!("このパラメータはありません。パラメータ: {allowed}"),
            ),
            P::Distribution { error, with_input } => {
                if *with_input {
                    error.text()
                } else {
                    error.detail()
                }
            }
            P::Support {
                param,
                range,
                lo,
                hi,
            } => {
                let range = range.describe();
                Text::new(
                    format!(
                        "{param} must be {}, but this distribution ranges from {lo} to {hi}",
                        range.en
                    ),
                    format!(
                        "{param}は{}でなければなりませんが、この分布の範囲は{lo}〜{hi}です",
                        range.ja
                    ),
                )
            }
            P::Exceeds { low, high, at } => Text::new(
                format!("{low} can exceed {high} ({at}); {low} must stay at or below {high}"),
                format!(
                    "{low}が{high}（最小{at}）を上回ることがあります。{low}は{high}以下にしてください"
                ),
            ),
            P::SetTwice { field, param } => Text::new(
                format!("my_ward.{field} sets {param} for this scenario; give it in one place"),
                format!(
                    "このシナリオの{param}はmy_ward.{field}で設定されています。どちらか一方で指定してください"
                ),
            ),
            P::TotalCount { years } => Text::new(
                format!("give one total for every FY or one per FY ({years} for this horizon)"),
                format!(
                    "総額は全年度共通の1つか、年度ごとに1つずつ（この期間では{years}個）指定してください"
                ),
            ),
            P::TargetAboveFloor { floor } => Text::new(
                format!("target must be greater than floor ({floor})"),
                format!("targetはfloor（{floor}）より大きくしてください"),
            ),
            P::WardCount { max } => Text::new(
                format!("a data set holds 1 to {max} wards"),
                format!("区データには1〜{max}区を含めてください"),
            ),
            P::ShiftOutside { line, from, to } => Text::new(
                format!(
                    "moves the {line} share from {from} to {to}; every share must stay from 0 to 1"
                ),
                format!(
                    "{line}の構成比が{from}から{to}になります。構成比はいずれも0〜1の範囲にしてください"
                ),
            ),
            P::NegativeGrants { yen } => Text::new(
                format!(
                    "the status-quo rule leaves a negative grants line ({yen} yen): its share of the total budget \
                     does not cover staff, training, supervision, publicity and sites; give this ward its own \
                     status_quo_budget or raise status_quo.total_budget"
                ),
                format!(
                    "現状ルールではこの区の運営費助成（grants）が負（{yen}円）になります。総予算の按分額では職員・研修・\
                     スーパービジョン・普及啓発・拠点の費用をまかなえません。この区独自のstatus_quo_budgetを指定するか、\
                     status_quo.total_budgetを増やしてください"
                ),
            ),
            P::UnknownWard { names, names_ja } => Text::new(
                format!("unknown ward; the wards are: {names}"),
                format!("この区はありません。区の名前: {names_ja}"),
            ),
            _ => unreachable!("{self:?} is said by another group"),
        }
    }

    /// The message of a file that cannot be read as a whole.
    fn file_text(&self) -> Text {
        use Problem as P;
        match self {
            P::NotToml { detail, at } => Text::new(
                format!("not valid TOML: {detail}"),
                format!("TOMLとして読めません{}", position(*at).ja),
            ),
            P::NotJson { detail, at } => Text::new(
                format!("not valid JSON: {detail}"),
                format!("JSONとして読めません{}", position(*at).ja),
            ),
            P::NumberTooLarge { whole, at } => {
                let at = position(*at);
                if *whole {
                    Text::new(
                        format!(
                            "too large: whole numbers in a file lie from -9,223,372,036,854,775,808 to \
                             9,223,372,036,854,775,807{}",
                            at.en
                        ),
                        format!(
                            "大きすぎます。ファイル中の整数は-9,223,372,036,854,775,808〜\
                             9,223,372,036,854,775,807の範囲です{}",
                            at.ja
                        ),
                    )
                } else {
                    Text::new(
                        format!(
                            "too large: numbers in a file may be at most about 1.8e308 in size{}",
                            at.en
                        ),
                        format!(
                            "大きすぎます。ファイル中の数値の大きさは約1.8e308までです{}",
                            at.ja
                        ),
                    )
                }
            }
            P::FileTooLarge { mb, max_mb } => Text::new(
                format!("the file is {mb} MB; scenario and ward files may be at most {max_mb} MB"),
                format!(
                    "ファイルの大きさが{mb} MBあります。シナリオと区データのファイルは{max_mb} MBまでです"
                ),
            ),
            P::ImportTooLarge { mb, max_mb } => Text::new(
                format!("the file is {mb} MB; scenario files may be at most {max_mb} MB"),
                format!("ファイルの大きさが{mb} MBあります。シナリオファイルは{max_mb} MBまでです"),
            ),
            P::Unreadable { detail } => Text::new(
                format!("the file cannot be read as text: {detail}"),
                format!("ファイルをテキストとして読めません（{detail}）"),
            ),
            P::NoWardData { builtins, why } => Text::new(
                format!(
                    "not a built-in ward data set ({builtins}) and the file cannot be read: {why}"
                ),
                format!(
                    "組み込みの区データ（{builtins}）ではなく、ファイルとしても読めません（{why}）"
                ),
            ),
            P::NoFiles { builtins, path } => Text::new(
                format!(
                    "not a built-in ward data set ({builtins}) and the file cannot be read: {path}: the browser \
                     can only use the built-in ward data or ward data written inside the scenario"
                ),
                format!(
                    "組み込みの区データ（{builtins}）ではありません。ブラウザでは組み込みの区データか、シナリオ内に\
                     書いた区データだけが使えます"
                ),
            ),
            _ => unreachable!("{self:?} is said by another group"),
        }
    }
}
