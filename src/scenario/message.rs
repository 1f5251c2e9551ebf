//! What the engine says when a file is wrong, in English and in Japanese.
//!
//! Every error of a scenario or ward file is a [`Problem`]: one variant per
//! kind of error, holding what the message names (the allowed range, the
//! type expected, the names allowed, …). A problem renders in English
//! ([`Bilingual::en`], the text the command-line tool prints and keeps in
//! [`super::FieldError::message`]) and in Japanese ([`Bilingual::ja`], for
//! the browser app). Fixed wording lives in [`Phrase`], written with both
//! translations side by side so that one cannot exist without the other.
//! The value found is a [`Shown`]: as written, or described (`a table`).
//!
//! Nothing here depends on the interface: the app picks the language.

use std::fmt::Write as _;

pub use crate::text::{Bilingual, Text};

use crate::model::distribution::DistributionError;
use crate::model::parameters::Range;

macro_rules! phrases {
    ($($variant:ident => $en:literal, $ja:literal;)*) => {
        /// Fixed wording of messages, in both languages.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Phrase { $($variant),* }

        impl Phrase {
            /// Every phrase.
            pub const ALL: &'static [Phrase] = &[$(Phrase::$variant),*];

            /// English.
            pub fn en(self) -> &'static str {
                match self { $(Phrase::$variant => $en,)* }
            }

            /// Japanese.
            pub fn ja(self) -> &'static str {
                match self { $(Phrase::$variant => $ja,)* }
            }
        }
    };
}

phrases! {
    // Kinds of values, found or expected.
    AString => "a string", "文字列";
    AWhole => "a whole number", "整数";
    ANumber => "a number", "数値";
    ABool => "true/false", "真偽値（true/false）";
    ADate => "a date", "日付";
    AnArray => "an array", "配列";
    ATable => "a table", "表";
    ADistribution => "a number or a distribution like \"pert(0.02,0.03,0.05)\"",
        "数値または\"pert(0.02,0.03,0.05)\"のような分布";
    AWardSource => "the name of a ward data set (like \"tokyo-23\"), a file path, or a table",
        "区データの名前（\"tokyo-23\"など）、ファイルのパス、または表";
    ASharesTable => "\"status_quo\" or a table of shares per line", "\"status_quo\"または費目ごとの構成比の表";
    ATables => "a table or an array of tables", "表または表の配列";
    // Whole numbers, by field.
    Runs => "runs", "試行回数";
    Seed => "seed", "乱数シード";
    Horizon => "horizon (fiscal years)", "期間（年度数）";
    FirstFy => "first_fy", "開始年度（first_fy）";
    SchemaVersion => "schema_version", "スキーマのバージョン（schema_version）";
    Participants => "participants", "参加者数";
    Untrained => "untrained", "未研修のサポーター数";
    Certified => "certified", "認定サポーター数";
    FiscalYear => "a fiscal year of the horizon", "期間内の年度";
    // Ranges of numbers.
    Money => "money must be a number of yen from 0 to 1e15", "金額は0〜1e15円の数値で指定してください";
    Probability => "must be a number from 0 to 1", "0〜1の数値で指定してください";
    ShareThreshold => "continuation, satisfaction and awareness are shares: give a threshold from 0 to 1",
        "継続率・満足度・認知度は割合です。基準値は0〜1で指定してください";
    CountThreshold => "a target on people or yen needs a threshold of 0 or more (at most 1e15)",
        "人数または金額の目標の基準値は0以上（1e15以下）で指定してください";
    WardVariation => "ward_variation (a log-sd) must be from 0 to 2", "ward_variation（対数標準偏差）は0〜2で指定してください";
    UnitCost => "a unit cost must be a number of yen from 1 to 1e12",
        "単価は1円以上1e12円以下の数値で指定してください";
    ShareShift => "a share shift must be from -1 to 1", "構成比の移動は-1〜1で指定してください";
    ScaleFactor => "a scale factor must be a number from 0 to 1,000,000", "倍率は0〜1,000,000の数値で指定してください";
    StaffFte => "staff_fte must be from 0 to 1,000,000", "staff_fte（職員数、常勤換算）は0〜1,000,000で指定してください";
    Population => "population must be a number of residents from 1 to 1,000,000,000",
        "人口は1〜1,000,000,000人の数値で指定してください";
    Bases => "bases must be a number of sites from 0 to 1,000,000", "拠点数は0〜1,000,000か所の数値で指定してください";
    Continuation => "continuation is the share of participants still taking part a year later: from 0.05 to 1",
        "継続率（1年後も参加を続けている参加者の割合）は0.05〜1で指定してください";
    // What a missing field needs.
    ScenarioName => "give the scenario a short name", "シナリオの短い名前を指定してください";
    TargetId => "give the target an id", "目標のidを指定してください";
    RuleId => "give the rule an id", "ルールのidを指定してください";
    RuleKind => "give kind = \"per_unit\", \"bonus\" or \"withhold\"",
        "kind = \"per_unit\"、\"bonus\"、\"withhold\"のいずれかを指定してください";
    RuleMetric => "name the figure the rule pays against", "支払いの基準にする指標を指定してください";
    Rate => "give the yen paid per unit", "1単位あたりの支払額（円）を指定してください";
    UnitThreshold => "give the level above which units are paid", "これを超えた分を支払う基準の水準を指定してください";
    BonusThreshold => "give the level that earns the bonus", "ボーナスを支払う水準を指定してください";
    BonusAmount => "give the bonus in yen", "ボーナスの額（円）を指定してください";
    Fraction => "give the share of the grants line held back", "運営費助成のうち留保する割合を指定してください";
    Floor => "give the level at which nothing is released", "まったく支出しない水準を指定してください";
    Target => "give the level at which everything is released", "全額を支出する水準を指定してください";
    Threshold => "give the threshold as at_least = … or at_most = …", "基準値をat_least = …またはat_most = …で指定してください";
    TotalPerFy => "basis = \"total\" needs the total in yen per FY", "basis = \"total\"には年度あたりの総額（円）が必要です";
    DataSetName => "give the data set a short name", "区データの短い名前を指定してください";
    StatusQuoFields => "give total_budget, staff_fte, supervision_share and awareness_share",
        "total_budget、staff_fte、supervision_share、awareness_shareを指定してください";
    WardsTables => "list the wards as [[wards]] tables", "区を[[wards]]の表で列挙してください";
    TotalBudget => "give the yen per FY over all wards", "全区合計の年度あたりの額（円）を指定してください";
    StaffTotal => "give the FTE over all wards", "全区合計の職員数（常勤換算）を指定してください";
    ShareOfTotal => "give the share of the total", "総額に占める割合を指定してください";
    WardName => "give the ward's English name", "区の英語名を指定してください";
    Residents => "give the number of residents", "住民の数を指定してください";
    People => "give a whole number of people (0 or more)", "人数を0以上の整数で指定してください";
    Sites => "give the number of activity sites", "活動拠点の数を指定してください";
    KnowShare => "give the share of residents who know the programme", "事業を知っている住民の割合を指定してください";
    SixLines => "give all six lines in yen per FY", "6つの費目すべてを年度あたりの円で指定してください";
    OwnContinuation => "give the share of participants still taking part a year later (0 to 1; the brief's 23-ward figure is 0.723)",
        "1年後も参加を続けている参加者の割合を指定してください（0〜1。提言の23区の値は0.723）";
    OwnSatisfaction => "give the share of participants who are satisfied (0 to 1; the brief's 23-ward figure is 0.872)",
        "満足している参加者の割合を指定してください（0〜1。提言の23区の値は0.872）";
    OwnBudget => "give the ward's six current budget lines in yen per FY under [my_ward.status_quo_budget]: staff, training, supervision, awareness, bases, grants",
        "[my_ward.status_quo_budget]に区の現在の6費目を年度あたりの円で指定してください: staff, training, supervision, awareness, bases, grants";
    // Whole sentences.
    Finite => "must be a finite number", "有限の数値で指定してください";
    NotEmpty => "must not be empty", "空にはできません";
    Null => "null is not allowed; leave the field out instead", "nullは使えません。代わりにこの項目を省いてください";
    JsonObject => "the JSON file must hold one object", "JSONファイルは1つのオブジェクトでなければなりません";
    KeyTwice => "this key is given twice in one object; give it once", "同じオブジェクトにこのキーが2回あります。1回だけ指定してください";
    ModeChoice => "mode must be \"expected\" or \"stochastic\"", "modeは\"expected\"または\"stochastic\"で指定してください";
    OriginChoice => "origin must be \"brief\", \"statistics\" or \"assumption\"",
        "originは\"brief\"、\"statistics\"、\"assumption\"のいずれかで指定してください";
    BasisChoice => "basis must be \"status_quo\" or \"total\"", "basisは\"status_quo\"または\"total\"で指定してください";
    KindChoice => "kind must be \"per_unit\", \"bonus\" or \"withhold\"",
        "kindは\"per_unit\"、\"bonus\"、\"withhold\"のいずれかで指定してください";
    OwnWardAndWards => "a scenario with a [my_ward] section runs that one ward; remove wards = … or the [my_ward] section",
        "[my_ward]セクションのあるシナリオはその1区だけを計算します。wards = …か[my_ward]セクションのどちらかを削除してください";
    TargetIdsUnique => "target ids must be unique", "目標のidが重複しています。目標ごとに別のidにしてください";
    BothSides => "give either at_least or at_most, not both", "at_leastとat_mostはどちらか一方だけを指定してください";
    OnlyWithTotal => "only used with basis = \"total\"", "basis = \"total\"のときだけ使えます";
    SharesSum => "the shares of staff, training, supervision, awareness, bases, grants must sum to 1 (±1e-9)",
        "staff, training, supervision, awareness, bases, grantsの構成比の合計は1（±1e-9）にしてください";
    ShiftSum => "share shifts move share between lines and must sum to 0 (±1e-9)",
        "構成比の移動は費目の間で構成比を移すものなので、合計を0（±1e-9）にしてください";
    NoLine => "names no budget line; give at least one of: staff, training, supervision, awareness, bases, grants",
        "費目の指定がありません。staff, training, supervision, awareness, bases, grantsのうち1つ以上を指定してください";
    RuleIdsUnique => "outcome rule ids must be unique", "成果連動ルールのidが重複しています。ルールごとに別のidにしてください";
    WithholdTotal => "withhold rules can hold back at most the whole grants line (fractions summing to 1)",
        "留保ルールで留保できるのは運営費助成（grants）の全額までです（割合の合計は1まで）";
    WardDataVersion => "this version of Sasaeai reads ward data schema_version = 1",
        "このバージョンのSasaeaiが読める区データはschema_version = 1です";
    WardNamesUnique => "ward names must be unique in a data set", "区の名前が区データ内で重複しています";
    WardTwice => "the ward is listed more than once; list each ward once", "同じ区が2回以上挙げられています。各区は1回だけ挙げてください";
    NoStatusQuoShares => "the status quo has no budget to take shares from; give the shares",
        "現状の予算がないため構成比を求められません。sharesを指定してください";
    NoParticipants => "no ward has participants to spread by; use per_resident or equal",
        "参加者のいる区がないため参加者数で配分できません。per_residentかequalを使ってください";
    BudgetRange => "the budget lines must come out as yen from 0 to 1e15; check the scale factors",
        "各費目の予算額が0〜1e15円の範囲を外れます。倍率を確認してください";
}

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

impl Bilingual for DistributionError {
    fn en(&self) -> String {
        self.to_string()
    }

    fn ja(&self) -> String {
        match self.input() {
            Some(input) => format!("{input}: {}", self.detail_ja()),
            None => self.detail_ja(),
        }
    }
}

/// Integer with thousands separators.
fn group(n: i64) -> String {
    crate::text::format::group_thousands(n)
}

/// `(line 3, column 5)` as `（3行目、5列目）`, or nothing.
fn position_ja(at: Option<(usize, usize)>) -> String {
    at.map(|(line, column)| format!("（{line}行目、{column}列目）"))
        .unwrap_or_default()
}

impl Bilingual for Problem {
    fn en(&self) -> String {
        match self {
            Problem::WrongType { expected, found } => {
                format!("expected {}, found {}", expected.en(), found.en())
            }
            Problem::UnknownField { allowed } => {
                format!("unknown field; the fields allowed here are: {allowed}")
            }
            Problem::Whole {
                what,
                min,
                max,
                found,
            } => {
                let allowed = format!(
                    "{} must be a whole number from {} to {}",
                    what.en(),
                    group(*min),
                    group(*max)
                );
                match found {
                    None => allowed,
                    Some(k) => format!("expected a whole number, found {}; {allowed}", k.en()),
                }
            }
            Problem::Range { range, found } => match found {
                None => range.en().to_string(),
                Some(k) => format!("expected a number, found {}; {}", k.en(), range.en()),
            },
            Problem::Missing(hint) => format!("missing; {}", hint.en()),
            Problem::Fixed(p) => p.en().to_string(),
            Problem::TooLong { max } => format!("must be at most {max} characters"),
            Problem::OneOf { field, allowed } => format!("{field} must be one of: {allowed}"),
            Problem::MissingMetric { id, allowed } => {
                format!("missing; id {id:?} is not a metric, so name one of: {allowed}")
            }
            Problem::SchemaVersion {
                current,
                oldest,
                missing,
                newer,
            } => {
                let mut s = String::new();
                if *missing {
                    s.push_str("missing; ");
                }
                let _ = write!(
                    s,
                    "this version of Sasaeai reads schema_version = {current}"
                );
                if oldest < current {
                    let _ = write!(
                        s,
                        " and upgrades files of schema_version {oldest} to {}",
                        current - 1
                    );
                }
                if *newer {
                    s.push_str("; the file was written for a newer Sasaeai");
                }
                s
            }
            Problem::UnknownParameter { allowed } => {
                format!("unknown parameter; the parameters are: {allowed}")
            }
            Problem::Distribution { error, with_input } => {
                if *with_input {
                    error.to_string()
                } else {
                    error.detail_en()
                }
            }
            Problem::Support {
                param,
                range,
                lo,
                hi,
            } => format!(
                "{param} must be {}, but this distribution ranges from {lo} to {hi}",
                range.describe()
            ),
            Problem::Exceeds { low, high, at } => {
                format!("{low} can exceed {high} ({at}); {low} must stay at or below {high}")
            }
            Problem::SetTwice { field, param } => {
                format!("my_ward.{field} sets {param} for this scenario; give it in one place")
            }
            Problem::TotalCount { years } => {
                format!("give one total for every FY or one per FY ({years} for this horizon)")
            }
            Problem::TargetAboveFloor { floor } => {
                format!("target must be greater than floor ({floor})")
            }
            Problem::WardCount { max } => format!("a data set holds 1 to {max} wards"),
            Problem::ShiftOutside { line, from, to } => format!(
                "moves the {line} share from {from} to {to}; every share must stay from 0 to 1"
            ),
            Problem::NegativeGrants { yen } => format!(
                "the status-quo rule leaves a negative grants line ({yen} yen): its share of the total budget \
                 does not cover staff, training, supervision, publicity and sites; give this ward its own \
                 status_quo_budget or raise status_quo.total_budget"
            ),
            Problem::UnknownWard { names, .. } => {
                format!("unknown ward; the wards are: {names}")
            }
            Problem::NotToml { detail, .. } => format!("not valid TOML: {detail}"),
            Problem::NotJson { detail, .. } => format!("not valid JSON: {detail}"),
            Problem::NumberTooLarge { whole, at } => {
                let at = at
                    .map(|(line, column)| format!(" (line {line}, column {column})"))
                    .unwrap_or_default();
                if *whole {
                    format!(
                        "too large: whole numbers in a file lie from -9,223,372,036,854,775,808 to \
                         9,223,372,036,854,775,807{at}"
                    )
                } else {
                    format!("too large: numbers in a file may be at most about 1.8e308 in size{at}")
                }
            }
            Problem::FileTooLarge { mb, max_mb } => {
                format!("the file is {mb} MB; scenario and ward files may be at most {max_mb} MB")
            }
            Problem::ImportTooLarge { mb, max_mb } => {
                format!("the file is {mb} MB; scenario files may be at most {max_mb} MB")
            }
            Problem::Unreadable { detail } => {
                format!("the file cannot be read as text: {detail}")
            }
            Problem::NoWardData { builtins, why } => format!(
                "not a built-in ward data set ({builtins}) and the file cannot be read: {why}"
            ),
            Problem::NoFiles { builtins, path } => format!(
                "not a built-in ward data set ({builtins}) and the file cannot be read: {path}: the browser \
                 can only use the built-in ward data or ward data written inside the scenario"
            ),
        }
    }

    fn ja(&self) -> String {
        match self {
            Problem::WrongType { expected, found } => {
                format!("{}ではなく{}で指定してください", found.ja(), expected.ja())
            }
            Problem::UnknownField { allowed } => {
                format!("この項目は使えません。ここで使える項目: {allowed}")
            }
            Problem::Whole {
                what,
                min,
                max,
                found,
            } => {
                let allowed = format!(
                    "{}は{}〜{}の整数で指定してください",
                    what.ja(),
                    group(*min),
                    group(*max)
                );
                match found {
                    None => allowed,
                    Some(k) => format!("{}ではなく整数で指定してください。{allowed}", k.ja()),
                }
            }
            Problem::Range { range, found } => match found {
                None => range.ja().to_string(),
                Some(k) => format!("{}ではなく数値で指定してください。{}", k.ja(), range.ja()),
            },
            Problem::Missing(hint) => format!("指定がありません。{}", hint.ja()),
            Problem::Fixed(p) => p.ja().to_string(),
            Problem::TooLong { max } => format!("{max}文字以内で指定してください"),
            Problem::OneOf { field, allowed } => {
                format!("{field}は次のいずれかで指定してください: {allowed}")
            }
            Problem::MissingMetric { id, allowed } => format!(
                "指定がありません。id {id:?}は指標の名前ではないため、次のいずれかを指定してください: {allowed}"
            ),
            Problem::SchemaVersion {
                current,
                oldest,
                missing,
                newer,
            } => {
                let mut s = String::new();
                if *missing {
                    s.push_str("指定がありません。");
                }
                let _ = write!(
                    s,
                    "このバージョンのSasaeaiが読めるのはschema_version = {current}です"
                );
                if oldest < current {
                    let _ = write!(
                        s,
                        "（schema_version {oldest}〜{}のファイルは変換して読みます）",
                        current - 1
                    );
                }
                if *newer {
                    s.push_str("。このファイルは新しいバージョンのSasaeai向けです");
                }
                s
            }
            Problem::UnknownParameter { allowed } => {
                format!("このパラメータはありません。パラメータ: {allowed}")
            }
            Problem::Distribution { error, with_input } => {
                if *with_input {
                    error.ja()
                } else {
                    error.detail_ja()
                }
            }
            Problem::Support {
                param,
                range,
                lo,
                hi,
            } => format!(
                "{param}は{}でなければなりませんが、この分布の範囲は{lo}〜{hi}です",
                range.describe_ja()
            ),
            Problem::Exceeds { low, high, at } => format!(
                "{low}が{high}（最小{at}）を上回ることがあります。{low}は{high}以下にしてください"
            ),
            Problem::SetTwice { field, param } => format!(
                "このシナリオの{param}はmy_ward.{field}で設定されています。どちらか一方で指定してください"
            ),
            Problem::TotalCount { years } => format!(
                "総額は全年度共通の1つか、年度ごとに1つずつ（この期間では{years}個）指定してください"
            ),
            Problem::TargetAboveFloor { floor } => {
                format!("targetはfloor（{floor}）より大きくしてください")
            }
            Problem::WardCount { max } => format!("区データには1〜{max}区を含めてください"),
            Problem::ShiftOutside { line, from, to } => format!(
                "{line}の構成比が{from}から{to}になります。構成比はいずれも0〜1の範囲にしてください"
            ),
            Problem::NegativeGrants { yen } => format!(
                "現状ルールではこの区の運営費助成（grants）が負（{yen}円）になります。総予算の按分額では職員・研修・\
                 スーパービジョン・普及啓発・拠点の費用をまかなえません。この区独自のstatus_quo_budgetを指定するか、\
                 status_quo.total_budgetを増やしてください"
            ),
            Problem::UnknownWard { names_ja, .. } => {
                format!("この区はありません。区の名前: {names_ja}")
            }
            Problem::NotToml { at, .. } => {
                format!("TOMLとして読めません{}", position_ja(*at))
            }
            Problem::NotJson { at, .. } => {
                format!("JSONとして読めません{}", position_ja(*at))
            }
            Problem::NumberTooLarge { whole, at } => {
                if *whole {
                    format!(
                        "大きすぎます。ファイル中の整数は-9,223,372,036,854,775,808〜\
                         9,223,372,036,854,775,807の範囲です{}",
                        position_ja(*at)
                    )
                } else {
                    format!(
                        "大きすぎます。ファイル中の数値の大きさは約1.8e308までです{}",
                        position_ja(*at)
                    )
                }
            }
            Problem::FileTooLarge { mb, max_mb } => format!(
                "ファイルの大きさが{mb} MBあります。シナリオと区データのファイルは{max_mb} MBまでです"
            ),
            Problem::ImportTooLarge { mb, max_mb } => {
                format!("ファイルの大きさが{mb} MBあります。シナリオファイルは{max_mb} MBまでです")
            }
            Problem::Unreadable { detail } => {
                format!("ファイルをテキストとして読めません（{detail}）")
            }
            Problem::NoWardData { builtins, why } => format!(
                "組み込みの区データ（{builtins}）ではなく、ファイルとしても読めません（{why}）"
            ),
            Problem::NoFiles { builtins, .. } => format!(
                "組み込みの区データ（{builtins}）ではありません。ブラウザでは組み込みの区データか、シナリオ内に\
                 書いた区データだけが使えます"
            ),
        }
    }
}

/// A value as an error shows it: as written, or described.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    /// Nothing (the error is about a missing field or the whole file).
    #[default]
    Nothing,
    /// As written in the file (`21`, `"fast"`).
    Written(String),
    /// A table.
    Table,
    /// An array of this many items.
    Array(usize),
    /// This many wards.
    Wards(usize),
    /// Shares summing to this.
    SharesSum(String),
    /// Share shifts summing to this.
    ShiftsSum(String),
    /// Withhold fractions summing to this.
    WithholdSum(String),
    /// A ward.
    Ward {
        /// English name.
        name: String,
        /// Japanese name.
        name_ja: String,
    },
    /// No supporters: untrained 0 and certified 0.
    NoSupporters,
    /// A total (of a ward's budget lines).
    InTotal(String),
    /// A ward in a fiscal year.
    WardInFy {
        /// English name.
        name: String,
        /// Japanese name.
        name_ja: String,
        /// The fiscal year.
        fy: i32,
    },
}

impl From<String> for Shown {
    fn from(s: String) -> Shown {
        if s.is_empty() {
            Shown::Nothing
        } else {
            Shown::Written(s)
        }
    }
}

impl From<&str> for Shown {
    fn from(s: &str) -> Shown {
        Shown::from(s.to_string())
    }
}

impl Bilingual for Shown {
    fn en(&self) -> String {
        match self {
            Shown::Nothing => String::new(),
            Shown::Written(s) => s.clone(),
            Shown::Table => "a table".into(),
            Shown::Array(n) => format!("an array of {n} item{}", if *n == 1 { "" } else { "s" }),
            Shown::Wards(n) => format!("{n} wards"),
            Shown::SharesSum(x) => format!("shares summing to {x}"),
            Shown::ShiftsSum(x) => format!("shifts summing to {x}"),
            Shown::WithholdSum(x) => format!("withhold fractions summing to {x}"),
            Shown::Ward { name, .. } => name.clone(),
            Shown::NoSupporters => "0 (and certified 0)".into(),
            Shown::InTotal(x) => format!("{x} in total"),
            Shown::WardInFy { name, fy, .. } => format!("{name} in FY{fy}"),
        }
    }

    fn ja(&self) -> String {
        match self {
            Shown::Nothing => String::new(),
            Shown::Written(s) => s.clone(),
            Shown::Table => "表".into(),
            Shown::Array(n) => format!("{n}項目の配列"),
            Shown::Wards(n) => format!("{n}区"),
            Shown::SharesSum(x) => format!("構成比の合計{x}"),
            Shown::ShiftsSum(x) => format!("移動幅の合計{x}"),
            Shown::WithholdSum(x) => format!("留保割合の合計{x}"),
            Shown::Ward { name_ja, .. } => name_ja.clone(),
            Shown::NoSupporters => "0（認定サポーターも0）".into(),
            Shown::InTotal(x) => format!("合計{x}"),
            Shown::WardInFy { name_ja, fy, .. } => format!("{name_ja}（{fy}年度）"),
        }
    }
}

/// One example of every variant of [`Problem`], for tests of the catalogue.
pub fn examples() -> Vec<Problem> {
    let error = crate::model::distribution::Distribution::parse("pert(3,2,1)")
        .expect_err("an invalid distribution");
    vec![
        Problem::WrongType {
            expected: Phrase::ATable,
            found: Phrase::AString,
        },
        Problem::UnknownField {
            allowed: "runs, seed".into(),
        },
        Problem::Whole {
            what: Phrase::Horizon,
            min: 1,
            max: 20,
            found: Some(Phrase::AString),
        },
        Problem::Range {
            range: Phrase::Money,
            found: Some(Phrase::ABool),
        },
        Problem::Missing(Phrase::ScenarioName),
        Problem::Fixed(Phrase::Finite),
        Problem::TooLong { max: 200 },
        Problem::OneOf {
            field: "spread",
            allowed: "equal, status_quo".into(),
        },
        Problem::MissingMetric {
            id: "x".into(),
            allowed: "participants".into(),
        },
        Problem::SchemaVersion {
            current: 3,
            oldest: 1,
            missing: true,
            newer: true,
        },
        Problem::UnknownParameter {
            allowed: "need_rate, c0".into(),
        },
        Problem::Distribution {
            error: Box::new(error),
            with_input: true,
        },
        Problem::Support {
            param: "c0",
            range: crate::model::Param::C0.spec().range,
            lo: "1.2".into(),
            hi: "1.2".into(),
        },
        Problem::Exceeds {
            low: "c_min",
            high: "c_max",
            at: "0.8".into(),
        },
        Problem::SetTwice {
            field: "continuation",
            param: "c0",
        },
        Problem::TotalCount { years: 5 },
        Problem::TargetAboveFloor {
            floor: "0.9".into(),
        },
        Problem::WardCount { max: 1000 },
        Problem::ShiftOutside {
            line: "staff",
            from: "0.1000".into(),
            to: "-0.1000".into(),
        },
        Problem::NegativeGrants { yen: "-1".into() },
        Problem::UnknownWard {
            names: "Chiyoda".into(),
            names_ja: "千代田区".into(),
        },
        Problem::NotToml {
            detail: "TOML parse error".into(),
            at: Some((3, 5)),
        },
        Problem::NotJson {
            detail: "EOF".into(),
            at: None,
        },
        Problem::FileTooLarge {
            mb: "17.0".into(),
            max_mb: 16,
        },
        Problem::ImportTooLarge {
            mb: "17.0".into(),
            max_mb: "16".into(),
        },
        Problem::Unreadable {
            detail: "NotReadableError".into(),
        },
        Problem::NoWardData {
            builtins: "tokyo-23".into(),
            why: "no such file".into(),
        },
        Problem::NoFiles {
            builtins: "tokyo-23".into(),
            path: "w.toml".into(),
        },
        Problem::NumberTooLarge {
            whole: true,
            at: Some((4, 8)),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn japanese(s: &str) -> bool {
        s.chars().any(|c| {
            matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
        })
    }

    #[test]
    fn every_phrase_has_both_languages() {
        for p in Phrase::ALL {
            assert!(!p.en().trim().is_empty(), "{p:?} is empty in English");
            assert!(!p.ja().trim().is_empty(), "{p:?} is empty in Japanese");
            assert_ne!(p.en(), p.ja(), "{p:?} is not translated");
        }
    }

    #[test]
    fn every_problem_has_both_languages() {
        let examples = examples();
        let keys: Vec<&str> = examples.iter().map(Problem::key).collect();
        assert_eq!(
            keys,
            Problem::KEYS,
            "one example of every variant, in order"
        );
        for p in &examples {
            assert!(!p.en().trim().is_empty(), "{p:?} is empty in English");
            assert!(japanese(&p.ja()), "{p:?} is not Japanese: {}", p.ja());
        }
    }

    #[test]
    fn described_values_have_both_languages() {
        let shown = [
            Shown::Table,
            Shown::Array(1),
            Shown::Wards(0),
            Shown::SharesSum("0.9".into()),
            Shown::ShiftsSum("0.1".into()),
            Shown::WithholdSum("1.3".into()),
            Shown::NoSupporters,
            Shown::InTotal("¥1,000".into()),
            Shown::WardInFy {
                name: "Chiyoda".into(),
                name_ja: "千代田区".into(),
                fy: 2025,
            },
        ];
        for s in shown {
            assert!(!s.en().is_empty());
            assert!(japanese(&s.ja()), "{s:?}");
        }
        assert_eq!(Shown::Array(1).en(), "an array of 1 item");
        assert_eq!(Shown::from(String::new()), Shown::Nothing);
    }
}
