//! Why a distribution was refused: [`DistributionError`] and the
//! [`SyntaxDetail`] of a text that does not follow the grammar, with their
//! messages in English and Japanese.
//!
//! Every message is one sentence that starts with the offending text,
//! names the offending value and says what is allowed.

use core::fmt;

use super::spec::{FAMILY_LIST, Num, SPECS};

/// Why a distribution's text or parameters were rejected.
///
/// Every message is one sentence that starts with the offending text,
/// names the offending value and says what is allowed: in English
/// (`Display`) and in Japanese
/// ([`crate::scenario::Bilingual`]).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DistributionError {
    /// The text was empty or only whitespace.
    Empty,
    /// The text does not follow the grammar.
    Syntax {
        /// The text (or canonical form) being parsed.
        input: String,
        /// What was wrong and what was expected.
        detail: SyntaxDetail,
    },
    /// The distribution name is not one of the families.
    UnknownFamily {
        /// The text being parsed.
        input: String,
        /// The unknown name as written.
        name: String,
    },
    /// Too few or too many arguments.
    ArgumentCount {
        /// The text being parsed.
        input: String,
        /// The family.
        family: &'static str,
        /// What the family takes, e.g. `3 arguments (min, mode, max)`.
        takes: &'static str,
        /// How many arguments were given.
        given: usize,
    },
    /// A named argument the family does not have.
    UnknownArgument {
        /// The text being parsed.
        input: String,
        /// The family.
        family: &'static str,
        /// The name as written.
        name: String,
        /// The names the family accepts.
        allowed: &'static str,
    },
    /// The same argument given twice (by position and by name, or twice by name).
    DuplicateArgument {
        /// The text being parsed.
        input: String,
        /// The argument's name.
        name: String,
    },
    /// A number that does not parse.
    NotANumber {
        /// The text being parsed.
        input: String,
        /// The offending text.
        text: String,
    },
    /// NaN or an infinity (including a literal that overflows, like `1e400`).
    NonFinite {
        /// The text being parsed (or the canonical form).
        input: String,
        /// The offending number as written.
        text: String,
    },
    /// `min > max` in uniform, triangular or pert.
    MinAboveMax {
        /// Canonical form of the distribution.
        input: String,
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
        /// The rule, e.g. `min ≤ mode ≤ max`.
        rule: &'static str,
    },
    /// The mode of a triangular or pert lies outside `[min, max]`.
    ModeOutside {
        /// Canonical form of the distribution.
        input: String,
        /// The mode.
        mode: f64,
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
    },
    /// A negative standard deviation (normal or beta).
    NegativeSd {
        /// Canonical form of the distribution.
        input: String,
        /// The standard deviation.
        sd: f64,
    },
    /// Truncation bounds with `min ≥ max`.
    EmptyTruncation {
        /// Canonical form of the distribution.
        input: String,
        /// The lower truncation bound.
        min: f64,
        /// The upper truncation bound.
        max: f64,
    },
    /// The mean of a truncated normal outside its truncation interval.
    MeanOutsideTruncation {
        /// Canonical form of the distribution.
        input: String,
        /// The mean.
        mean: f64,
        /// The lower truncation bound (`-inf` if absent).
        min: f64,
        /// The upper truncation bound (`inf` if absent).
        max: f64,
    },
    /// A truncation interval that keeps almost none of the probability.
    NegligibleTruncation {
        /// Canonical form of the distribution.
        input: String,
        /// The lower truncation bound (`-inf` if absent).
        min: f64,
        /// The upper truncation bound (`inf` if absent).
        max: f64,
        /// The probability the interval keeps.
        mass: f64,
    },
    /// `lognormal(median=...)` with a median that is not positive.
    NonPositiveMedian {
        /// The text being parsed.
        input: String,
        /// The median.
        median: f64,
    },
    /// `lognormal(median=..., p95=...)` with `p95 ≤ median`.
    P95NotAboveMedian {
        /// The text being parsed.
        input: String,
        /// The median.
        median: f64,
        /// The 95th percentile.
        p95: f64,
    },
    /// A negative log-normal sigma.
    NegativeSigma {
        /// Canonical form of the distribution.
        input: String,
        /// The sigma.
        sigma: f64,
    },
    /// A normal or lognormal whose draws can exceed the largest finite
    /// number (about 1.8e308): its support overflows.
    Overflows {
        /// Canonical form of the distribution.
        input: String,
        /// The largest draw's exponent or value as a formula, e.g.
        /// `mu + 8.3·sigma = 783` or `mean + 8.3·sd = inf`.
        largest: String,
        /// What must hold, e.g. `mu + 8.3·sigma ≤ 709.78`.
        rule: &'static str,
    },
    /// A lognormal written without exactly one of its two named forms.
    LognormalForm {
        /// The text being parsed.
        input: String,
    },
    /// A beta mean outside `(0, 1)`.
    BetaMeanOutside {
        /// Canonical form of the distribution.
        input: String,
        /// The mean.
        mean: f64,
    },
    /// A beta sd with `sd² ≥ mean·(1 − mean)`.
    BetaSdTooLarge {
        /// Canonical form of the distribution.
        input: String,
        /// The mean.
        mean: f64,
        /// The standard deviation.
        sd: f64,
        /// The bound the sd must stay below, `sqrt(mean·(1 − mean))`.
        max_sd: f64,
    },
    /// A beta whose implied shape parameters are too small to sample.
    BetaShapeTooSmall {
        /// Canonical form of the distribution.
        input: String,
        /// The mean.
        mean: f64,
        /// The standard deviation.
        sd: f64,
        /// The first shape, `mean·ν`.
        a: f64,
        /// The second shape, `(1 − mean)·ν`.
        b: f64,
    },
}

/// What is wrong with the text of a distribution that does not follow the
/// grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyntaxDetail {
    /// Two commas with nothing between them.
    EmptyArgument,
    /// A positional argument after a named one.
    PositionalAfterNamed {
        /// The argument.
        arg: String,
    },
    /// `name=` with no value.
    NoValue {
        /// The argument's name.
        name: String,
    },
    /// An argument that is neither a number nor `name=number`.
    Unreadable {
        /// Its first token, quoted.
        token: String,
    },
    /// A parenthesis among the arguments.
    Parenthesis,
    /// Another token out of place among the arguments.
    Unexpected {
        /// The token, quoted.
        token: String,
    },
    /// Something after the closing parenthesis.
    AfterClose {
        /// The token, quoted.
        token: String,
    },
    /// No closing parenthesis.
    MissingClose,
    /// A name not followed by `(`.
    ExpectedOpen {
        /// The name.
        word: String,
        /// What follows it, quoted.
        found: String,
    },
    /// A text that starts with punctuation.
    UnexpectedStart {
        /// The token, quoted.
        token: String,
    },
}

impl SyntaxDetail {
    /// English.
    pub fn en(&self) -> String {
        match self {
            SyntaxDetail::EmptyArgument => {
                "empty argument; separate numbers with single commas".into()
            }
            SyntaxDetail::PositionalAfterNamed { arg } => format!(
                "positional argument '{arg}' after a named one; put positional arguments first"
            ),
            SyntaxDetail::NoValue { name } => format!("argument '{name}=' has no value"),
            SyntaxDetail::Unreadable { token } => format!(
                "cannot read the argument starting with {token}; write a number or name=number"
            ),
            SyntaxDetail::Parenthesis => {
                "unexpected parenthesis inside the argument list; arguments are plain numbers"
                    .into()
            }
            SyntaxDetail::Unexpected { token } => {
                format!("unexpected {token} in the argument list; write a number or name=number")
            }
            SyntaxDetail::AfterClose { token } => {
                format!("unexpected {token} after the closing ')'; nothing may follow it")
            }
            SyntaxDetail::MissingClose => "missing closing ')'".into(),
            SyntaxDetail::ExpectedOpen { word, found } => format!(
                "expected '(' after '{word}' but found {found}; write a number or name(arguments)"
            ),
            SyntaxDetail::UnexpectedStart { token } => {
                format!("unexpected {token} at the start; write a number or name(arguments)")
            }
        }
    }

    /// Japanese.
    pub fn ja(&self) -> String {
        match self {
            SyntaxDetail::EmptyArgument => {
                "空の引数があります。数値はカンマ1つで区切ってください".into()
            }
            SyntaxDetail::PositionalAfterNamed { arg } => format!(
                "名前付きの引数の後に位置引数'{arg}'があります。位置引数を先に書いてください"
            ),
            SyntaxDetail::NoValue { name } => format!("引数'{name}='に値がありません"),
            SyntaxDetail::Unreadable { token } => format!(
                "{token}で始まる引数を読めません。数値または「名前=数値」の形で書いてください"
            ),
            SyntaxDetail::Parenthesis => "引数の中に括弧は使えません。引数は数値だけです".into(),
            SyntaxDetail::Unexpected { token } => format!(
                "引数の中に予期しない{token}があります。数値または「名前=数値」の形で書いてください"
            ),
            SyntaxDetail::AfterClose { token } => {
                format!("閉じ括弧')'の後に{token}があります。閉じ括弧の後には何も書けません")
            }
            SyntaxDetail::MissingClose => "閉じ括弧')'がありません".into(),
            SyntaxDetail::ExpectedOpen { word, found } => format!(
                "'{word}'の後には'('が必要ですが、{found}があります。数値または「名前(引数)」の形で書いてください"
            ),
            SyntaxDetail::UnexpectedStart { token } => format!(
                "先頭に予期しない{token}があります。数値または「名前(引数)」の形で書いてください"
            ),
        }
    }
}

impl DistributionError {
    /// The text (or canonical form) the error is about, if any.
    pub fn input(&self) -> Option<&str> {
        use DistributionError as E;
        match self {
            E::Empty => None,
            E::Syntax { input, .. }
            | E::UnknownFamily { input, .. }
            | E::ArgumentCount { input, .. }
            | E::UnknownArgument { input, .. }
            | E::DuplicateArgument { input, .. }
            | E::NotANumber { input, .. }
            | E::NonFinite { input, .. }
            | E::MinAboveMax { input, .. }
            | E::ModeOutside { input, .. }
            | E::NegativeSd { input, .. }
            | E::EmptyTruncation { input, .. }
            | E::MeanOutsideTruncation { input, .. }
            | E::NegligibleTruncation { input, .. }
            | E::NonPositiveMedian { input, .. }
            | E::P95NotAboveMedian { input, .. }
            | E::NegativeSigma { input, .. }
            | E::Overflows { input, .. }
            | E::LognormalForm { input }
            | E::BetaMeanOutside { input, .. }
            | E::BetaSdTooLarge { input, .. }
            | E::BetaShapeTooSmall { input, .. } => Some(input),
        }
    }

    /// The English message without the text it is about.
    pub fn detail_en(&self) -> String {
        use DistributionError as E;
        match self {
            E::Empty => "empty distribution text; write a number such as 0.5 or a distribution such as pert(1,2,4)".into(),
            E::Syntax { detail, .. } => detail.en(),
            E::UnknownFamily { name, .. } => {
                format!("unknown distribution '{name}'; allowed names are {FAMILY_LIST}")
            }
            E::ArgumentCount {
                family,
                takes,
                given,
                ..
            } => format!(
                "{family} takes {takes} but {given} {} given",
                if *given == 1 { "was" } else { "were" }
            ),
            E::UnknownArgument {
                family,
                name,
                allowed,
                ..
            } => format!(
                "{family} has no argument named '{name}'; allowed argument names are {allowed}"
            ),
            E::DuplicateArgument { name, .. } => {
                format!("argument '{name}' is given more than once; give each argument once")
            }
            E::NotANumber { text, .. } => format!(
                "'{text}' is not a number; write a decimal number such as 0.5, -2 or 1e-3"
            ),
            E::NonFinite { text, .. } => {
                format!("'{text}' is not a finite number; only finite numbers are allowed")
            }
            E::MinAboveMax { min, max, rule, .. } => format!(
                "min {} is greater than max {}; need {rule}",
                Num(*min),
                Num(*max)
            ),
            E::ModeOutside { mode, min, max, .. } => format!(
                "mode {} lies outside [{}, {}]; need min ≤ mode ≤ max",
                Num(*mode),
                Num(*min),
                Num(*max)
            ),
            E::NegativeSd { sd, .. } => format!(
                "sd {} is negative; need sd ≥ 0 (sd = 0 means a fixed value)",
                Num(*sd)
            ),
            E::EmptyTruncation { min, max, .. } => format!(
                "truncation min {} is not below max {}; need min < max",
                Num(*min),
                Num(*max)
            ),
            E::MeanOutsideTruncation { mean, min, max, .. } => format!(
                "mean {} lies outside the truncation interval [{}, {}]; need min ≤ mean ≤ max",
                Num(*mean),
                Num(*min),
                Num(*max)
            ),
            E::NegligibleTruncation { min, max, mass, .. } => format!(
                "the truncation interval [{}, {}] keeps only {} of the probability; need at least 1e-12",
                Num(*min),
                Num(*max),
                Num(*mass)
            ),
            E::NonPositiveMedian { median, .. } => format!(
                "median {} is not positive; need median > 0",
                Num(*median)
            ),
            E::P95NotAboveMedian { median, p95, .. } => format!(
                "p95 {} is not above median {}; need p95 > median",
                Num(*p95),
                Num(*median)
            ),
            E::NegativeSigma { sigma, .. } => format!(
                "sigma {} is negative; need sigma ≥ 0 (sigma = 0 means a fixed value)",
                Num(*sigma)
            ),
            E::Overflows { largest, rule, .. } => format!(
                "its largest draws overflow ({largest}, beyond the largest number a computer holds, about 1.8e308); need {rule}"
            ),
            E::LognormalForm { .. } => "lognormal takes named arguments, either median= and p95= or mu= and sigma=, e.g. lognormal(median=10,p95=20)".into(),
            E::BetaMeanOutside { mean, .. } => format!(
                "mean {} lies outside (0, 1); need 0 < mean < 1",
                Num(*mean)
            ),
            E::BetaSdTooLarge {
                mean, sd, max_sd, ..
            } => format!(
                "sd {} is too large for mean {}; need sd < {} (sd² < mean·(1 − mean))",
                Num(*sd),
                Num(*mean),
                Num(*max_sd)
            ),
            E::BetaShapeTooSmall { mean, sd, a, b, .. } => format!(
                "mean {} and sd {} give beta shapes a = {}, b = {}; need both shapes ≥ 1e-300 (use a smaller sd)",
                Num(*mean),
                Num(*sd),
                Num(*a),
                Num(*b)
            ),
        }
    }

    /// The Japanese message without the text it is about.
    pub fn detail_ja(&self) -> String {
        use DistributionError as E;
        match self {
            E::Empty => "分布の記述が空です。0.5のような数値か、pert(1,2,4)のような分布を書いてください".into(),
            E::Syntax { detail, .. } => detail.ja(),
            E::UnknownFamily { name, .. } => {
                format!("分布'{name}'はありません。使える分布: {FAMILY_LIST}")
            }
            E::ArgumentCount { family, given, .. } => {
                let takes = SPECS
                    .iter()
                    .find(|s| s.family == *family)
                    .map_or("", |s| s.takes_ja);
                format!("{family}の引数は{takes}ですが、{given}個指定されています")
            }
            E::UnknownArgument {
                family,
                name,
                allowed,
                ..
            } => format!("{family}に'{name}'という引数はありません。使える引数: {allowed}"),
            E::DuplicateArgument { name, .. } => format!(
                "引数'{name}'が2回以上指定されています。各引数は1回だけ指定してください"
            ),
            E::NotANumber { text, .. } => format!(
                "'{text}'は数値ではありません。0.5、-2、1e-3のような10進数で書いてください"
            ),
            E::NonFinite { text, .. } => {
                format!("'{text}'は有限の数値ではありません。有限の数値だけが使えます")
            }
            E::MinAboveMax { min, max, rule, .. } => format!(
                "min {}がmax {}より大きくなっています。{rule}にしてください",
                Num(*min),
                Num(*max)
            ),
            E::ModeOutside { mode, min, max, .. } => format!(
                "mode {}が[{}, {}]の外にあります。min ≤ mode ≤ maxにしてください",
                Num(*mode),
                Num(*min),
                Num(*max)
            ),
            E::NegativeSd { sd, .. } => format!(
                "sd {}が負です。sd ≥ 0にしてください（sd = 0は固定値を表します）",
                Num(*sd)
            ),
            E::EmptyTruncation { min, max, .. } => format!(
                "切断の下限min {}が上限max {}より小さくありません。min < maxにしてください",
                Num(*min),
                Num(*max)
            ),
            E::MeanOutsideTruncation { mean, min, max, .. } => format!(
                "mean {}が切断区間[{}, {}]の外にあります。min ≤ mean ≤ maxにしてください",
                Num(*mean),
                Num(*min),
                Num(*max)
            ),
            E::NegligibleTruncation { min, max, mass, .. } => format!(
                "切断区間[{}, {}]に残る確率は{}だけです。1e-12以上必要です",
                Num(*min),
                Num(*max),
                Num(*mass)
            ),
            E::NonPositiveMedian { median, .. } => format!(
                "median {}が正の数ではありません。median > 0にしてください",
                Num(*median)
            ),
            E::P95NotAboveMedian { median, p95, .. } => format!(
                "p95 {}がmedian {}より大きくありません。p95 > medianにしてください",
                Num(*p95),
                Num(*median)
            ),
            E::NegativeSigma { sigma, .. } => format!(
                "sigma {}が負です。sigma ≥ 0にしてください（sigma = 0は固定値を表します）",
                Num(*sigma)
            ),
            E::Overflows { largest, rule, .. } => format!(
                "最大の抽出値が桁あふれします（{largest}。計算機で扱える最大の数、約1.8e308を超えます）。{rule}にしてください"
            ),
            E::LognormalForm { .. } => "lognormalは名前付きの引数で、median=とp95=、またはmu=とsigma=を指定します（例: lognormal(median=10,p95=20)）".into(),
            E::BetaMeanOutside { mean, .. } => format!(
                "mean {}が(0, 1)の外にあります。0 < mean < 1にしてください",
                Num(*mean)
            ),
            E::BetaSdTooLarge {
                mean, sd, max_sd, ..
            } => format!(
                "mean {}に対してsd {}が大きすぎます。sd < {}にしてください（sd² < mean·(1 − mean)）",
                Num(*mean),
                Num(*sd),
                Num(*max_sd)
            ),
            E::BetaShapeTooSmall { mean, sd, a, b, .. } => format!(
                "mean {}とsd {}ではベータ分布の形状がa = {}、b = {}になります。どちらも1e-300以上が必要です（sdを小さくしてください）",
                Num(*mean),
                Num(*sd),
                Num(*a),
                Num(*b)
            ),
        }
    }
}

impl fmt::Display for DistributionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.input() {
            Some(input) => write!(f, "{input}: {}", self.detail_en()),
            None => f.write_str(&self.detail_en()),
        }
    }
}
