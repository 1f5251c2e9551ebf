//! Parameter distributions of MODEL.md §3 and their text syntax.
//!
//! This module owns every uncertain model parameter's distribution: the
//! [`Distribution`] enum, its text form (how it is written in model files,
//! JSON and TOML), validation with plain-English errors
//! ([`DistributionError`]), the analytic point value, support, mean,
//! variance, CDF and quantile, and sampling.
//!
//! # Text syntax
//!
//! | text | meaning |
//! | --- | --- |
//! | `0.5`, `fixed(0.5)` | the constant 0.5 |
//! | `uniform(min, max)` | uniform on `[min, max]` |
//! | `triangular(min, mode, max)` | triangular |
//! | `pert(min, mode, max)` | Beta-PERT with λ = 4 |
//! | `normal(mean, sd)` | normal; add `min=` and/or `max=` to truncate |
//! | `lognormal(median=m, p95=q)` or `lognormal(mu=μ, sigma=σ)` | log-normal, `ln X ~ N(μ, σ²)` |
//! | `beta(mean, sd)` | beta on `[0, 1]` given by its mean and sd |
//!
//! Names and argument names are case-insensitive, whitespace may surround
//! every token, numbers use Rust's `f64` syntax (`1e-3`, `-2`, `.5`) and must
//! be finite. Every family also accepts its arguments by name, e.g.
//! `pert(min=1, mode=2, max=4)`; positional arguments come first.
//! [`Distribution`]'s `Display` prints the canonical form (a bare number for
//! `fixed`, `lognormal` always as `mu=`/`sigma=`, no spaces), which parses
//! back to the identical value.
//!
//! # Reproducibility
//!
//! Sampled values are bit-identical on every platform (x86_64 and
//! `wasm32-unknown-unknown` alike) for the same generator state: the
//! samplers use only IEEE arithmetic, `f64::sqrt` and the pure-Rust `libm`
//! crate, never the platform's `ln`/`exp`/`powf`. Normal variates come from
//! inversion ([`normal_quantile`] of a 52-bit uniform), gamma variates from
//! Marsaglia–Tsang written here with `libm`, and every family draws a fixed
//! pattern of 64-bit words from the generator (rejection steps excepted).
//!
//! `rand_distr` is deliberately not used for sampling: it does its float
//! maths through `num-traits`, which switches to the platform functions as
//! soon as any crate in the build enables `num-traits/std` (in this project
//! the dev-dependencies `proptest` and `criterion` do), so its streams would
//! differ between a test build and a wasm build.

use core::fmt;
use core::str::FromStr;

use rand_core::Rng;

use crate::model::special::{
    beta_quantile, normal_cdf, normal_interval_probability, normal_pdf, normal_quantile,
    regularized_incomplete_beta,
};

/// The standard normal 0.95 quantile, used by `lognormal(median=, p95=)`.
pub const Z_95: f64 = 1.644_853_626_951_472_2;

/// The smallest probability a truncation interval of a normal may keep.
pub const MIN_TRUNCATION_MASS: f64 = 1e-12;

/// The smallest beta shape parameter the sampler supports.
pub const MIN_BETA_SHAPE: f64 = 1e-300;

/// Beta distributions whose `mean·(1 − mean)/sd² − 1` exceeds this are so
/// concentrated that they are sampled as their mean.
const MAX_BETA_CONCENTRATION: f64 = 1e300;

const FAMILY_LIST: &str = "fixed, uniform, triangular, pert, normal, lognormal, beta";

/// A parameter's distribution (MODEL.md §3).
///
/// Build one with [`Distribution::parse`] (or `str::parse`), or write the
/// enum directly and call [`Distribution::validate`]; every method is
/// panic-free for any value that `validate` accepts (and for invalid ones,
/// though the results of those are meaningless).
///
/// A family whose spread is zero (`uniform(2,2)`, `normal(1,0)`, ...) keeps
/// its family but behaves as `fixed` when sampled.
///
/// In serde formats the value is its text form, e.g. `"pert(1,2,4)"`; a
/// bare number (`0.5` in JSON or TOML) is also accepted as `fixed`.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    /// A constant.
    Fixed {
        /// The constant.
        value: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
    },
    /// Triangular on `[min, max]` with its peak at `mode`.
    Triangular {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Beta-PERT (λ = 4) on `[min, max]` with its peak at `mode`.
    Pert {
        /// Lower bound.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        max: f64,
    },
    /// Normal, optionally truncated to `[min, max]` (either bound may be
    /// absent). `mean` must lie inside the truncation interval.
    Normal {
        /// Mean of the untruncated normal.
        mean: f64,
        /// Standard deviation of the untruncated normal.
        sd: f64,
        /// Optional lower truncation bound.
        min: Option<f64>,
        /// Optional upper truncation bound.
        max: Option<f64>,
    },
    /// Log-normal: `ln X ~ Normal(mu, sigma²)`.
    LogNormal {
        /// Mean of `ln X`.
        mu: f64,
        /// Standard deviation of `ln X`.
        sigma: f64,
    },
    /// Beta on `[0, 1]`, parameterised by its mean and standard deviation.
    Beta {
        /// Mean, in `(0, 1)`.
        mean: f64,
        /// Standard deviation, below `sqrt(mean·(1 − mean))`.
        sd: f64,
    },
}

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

/// Formats a float the way the text syntax prints it: Rust's shortest
/// round-trip representation, in plain decimal for `1e-5 ≤ |x| < 1e16`
/// and in exponent form (`1e300`, `2.5e-7`) otherwise.
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        let a = x.abs();
        if a == 0.0 || !a.is_finite() || (1e-5..1e16).contains(&a) {
            write!(f, "{x}")
        } else {
            write!(f, "{x:e}")
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

impl fmt::Display for Distribution {
    /// The canonical text form, e.g. `pert(0.02,0.03,0.05)`; parsing it
    /// gives back an identical value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Distribution::Fixed { value } => write!(f, "{}", Num(value)),
            Distribution::Uniform { min, max } => write!(f, "uniform({},{})", Num(min), Num(max)),
            Distribution::Triangular { min, mode, max } => {
                write!(f, "triangular({},{},{})", Num(min), Num(mode), Num(max))
            }
            Distribution::Pert { min, mode, max } => {
                write!(f, "pert({},{},{})", Num(min), Num(mode), Num(max))
            }
            Distribution::Normal { mean, sd, min, max } => {
                write!(f, "normal({},{}", Num(mean), Num(sd))?;
                if let Some(lo) = min {
                    write!(f, ",min={}", Num(lo))?;
                }
                if let Some(hi) = max {
                    write!(f, ",max={}", Num(hi))?;
                }
                f.write_str(")")
            }
            Distribution::LogNormal { mu, sigma } => {
                write!(f, "lognormal(mu={},sigma={})", Num(mu), Num(sigma))
            }
            Distribution::Beta { mean, sd } => write!(f, "beta({},{})", Num(mean), Num(sd)),
        }
    }
}

impl FromStr for Distribution {
    type Err = DistributionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Distribution::parse(s)
    }
}

impl TryFrom<&str> for Distribution {
    type Error = DistributionError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Distribution::parse(s)
    }
}

impl serde::Serialize for Distribution {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Distribution {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(DistributionVisitor)
        } else {
            deserializer.deserialize_str(DistributionVisitor)
        }
    }
}

struct DistributionVisitor;

impl DistributionVisitor {
    fn fixed<E: serde::de::Error>(value: f64) -> Result<Distribution, E> {
        let d = Distribution::Fixed { value };
        d.validate().map_err(E::custom)?;
        Ok(d)
    }
}

impl serde::de::Visitor<'_> for DistributionVisitor {
    type Value = Distribution;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a distribution such as \"pert(1,2,4)\", or a number")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Distribution, E> {
        Distribution::parse(v).map_err(E::custom)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Distribution, E> {
        Self::fixed(v)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Distribution, E> {
        Self::fixed(v as f64)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Distribution, E> {
        Self::fixed(v as f64)
    }
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Open,
    Close,
    Comma,
    Equals,
}

impl Tok<'_> {
    fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("'{w}'"),
            Tok::Open => "'('".to_string(),
            Tok::Close => "')'".to_string(),
            Tok::Comma => "','".to_string(),
            Tok::Equals => "'='".to_string(),
        }
    }
}

fn lex(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, ch) in s.char_indices() {
        let punct = match ch {
            '(' => Some(Tok::Open),
            ')' => Some(Tok::Close),
            ',' => Some(Tok::Comma),
            '=' => Some(Tok::Equals),
            _ => None,
        };
        if punct.is_some() || ch.is_whitespace() {
            if let Some(b) = start.take() {
                out.push(Tok::Word(&s[b..i]));
            }
            if let Some(t) = punct {
                out.push(t);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(b) = start {
        out.push(Tok::Word(&s[b..]));
    }
    out
}

/// Argument names and arity of one family.
struct Spec {
    family: &'static str,
    /// Positional (and nameable) required arguments, in order.
    required: &'static [&'static str],
    /// Arguments that may only be given by name.
    optional: &'static [&'static str],
    /// What the family takes, for [`DistributionError::ArgumentCount`].
    takes: &'static str,
    /// All argument names, for [`DistributionError::UnknownArgument`].
    allowed: &'static str,
    /// [`Spec::takes`] in Japanese.
    takes_ja: &'static str,
}

const SPECS: [Spec; 7] = [
    Spec {
        family: "fixed",
        required: &["value"],
        optional: &[],
        takes: "1 argument (value)",
        allowed: "value",
        takes_ja: "1つ（value）",
    },
    Spec {
        family: "uniform",
        required: &["min", "max"],
        optional: &[],
        takes: "2 arguments (min, max)",
        allowed: "min, max",
        takes_ja: "2つ（min, max）",
    },
    Spec {
        family: "triangular",
        required: &["min", "mode", "max"],
        optional: &[],
        takes: "3 arguments (min, mode, max)",
        allowed: "min, mode, max",
        takes_ja: "3つ（min, mode, max）",
    },
    Spec {
        family: "pert",
        required: &["min", "mode", "max"],
        optional: &[],
        takes: "3 arguments (min, mode, max)",
        allowed: "min, mode, max",
        takes_ja: "3つ（min, mode, max）",
    },
    Spec {
        family: "normal",
        required: &["mean", "sd"],
        optional: &["min", "max"],
        takes: "2 arguments (mean, sd) plus optional min= and max=",
        allowed: "mean, sd, min, max",
        takes_ja: "2つ（mean, sd）と省略できるmin=、max=",
    },
    Spec {
        family: "lognormal",
        required: &[],
        optional: &["median", "p95", "mu", "sigma"],
        takes: "2 named arguments (median= and p95=, or mu= and sigma=)",
        allowed: "median, p95, mu, sigma",
        takes_ja: "名前付きの2つ（median=とp95=、またはmu=とsigma=）",
    },
    Spec {
        family: "beta",
        required: &["mean", "sd"],
        optional: &[],
        takes: "2 arguments (mean, sd)",
        allowed: "mean, sd",
        takes_ja: "2つ（mean, sd）",
    },
];

fn parse_number(input: &str, text: &str) -> Result<f64, DistributionError> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err(DistributionError::NonFinite {
            input: input.to_string(),
            text: text.to_string(),
        }),
        Err(_) => Err(DistributionError::NotANumber {
            input: input.to_string(),
            text: text.to_string(),
        }),
    }
}

fn syntax(input: &str, detail: SyntaxDetail) -> DistributionError {
    DistributionError::Syntax {
        input: input.to_string(),
        detail,
    }
}

/// Binds the argument tokens (between the parentheses) to `spec`'s names;
/// returns one slot per name of `required ++ optional`.
fn bind_arguments(
    input: &str,
    spec: &Spec,
    toks: &[Tok<'_>],
) -> Result<[Option<f64>; 4], DistributionError> {
    let mut slots = [None; 4];
    let names = || spec.required.iter().chain(spec.optional.iter());
    let mut positional = 0usize;
    let mut given = 0usize;
    let mut seen_named = false;
    // `split` yields one empty piece for an empty list: no arguments.
    let pieces = if toks.is_empty() {
        None
    } else {
        Some(toks.split(|t| *t == Tok::Comma))
    };
    for arg in pieces.into_iter().flatten() {
        given += 1;
        match arg {
            [] => {
                return Err(syntax(input, SyntaxDetail::EmptyArgument));
            }
            [Tok::Word(v)] => {
                if seen_named {
                    return Err(syntax(
                        input,
                        SyntaxDetail::PositionalAfterNamed {
                            arg: (*v).to_string(),
                        },
                    ));
                }
                if spec.family == "lognormal" {
                    return Err(DistributionError::LognormalForm {
                        input: input.to_string(),
                    });
                }
                let x = parse_number(input, v)?;
                if positional >= spec.required.len() {
                    // Count every argument to report the real total.
                    let total = toks.split(|t| *t == Tok::Comma).count();
                    return Err(DistributionError::ArgumentCount {
                        input: input.to_string(),
                        family: spec.family,
                        takes: spec.takes,
                        given: total,
                    });
                }
                slots[positional] = Some(x);
                positional += 1;
            }
            [Tok::Word(k), Tok::Equals, Tok::Word(v)] => {
                seen_named = true;
                let key = k.to_ascii_lowercase();
                let Some(idx) = names().position(|n| *n == key) else {
                    return Err(DistributionError::UnknownArgument {
                        input: input.to_string(),
                        family: spec.family,
                        name: (*k).to_string(),
                        allowed: spec.allowed,
                    });
                };
                if slots[idx].is_some() {
                    return Err(DistributionError::DuplicateArgument {
                        input: input.to_string(),
                        name: key,
                    });
                }
                slots[idx] = Some(parse_number(input, v)?);
            }
            [Tok::Word(k), Tok::Equals] => {
                return Err(syntax(
                    input,
                    SyntaxDetail::NoValue {
                        name: (*k).to_string(),
                    },
                ));
            }
            [first, ..] => {
                let detail = match first {
                    Tok::Word(_) => SyntaxDetail::Unreadable {
                        token: first.describe(),
                    },
                    Tok::Open | Tok::Close => SyntaxDetail::Parenthesis,
                    _ => SyntaxDetail::Unexpected {
                        token: first.describe(),
                    },
                };
                return Err(syntax(input, detail));
            }
        }
    }
    if slots[..spec.required.len()].iter().any(Option::is_none) {
        return Err(DistributionError::ArgumentCount {
            input: input.to_string(),
            family: spec.family,
            takes: spec.takes,
            given,
        });
    }
    Ok(slots)
}

impl Distribution {
    /// Parses the text syntax described in the [module docs](self) and
    /// validates the result.
    ///
    /// ```
    /// use sasaeai::model::distribution::Distribution;
    /// let d = Distribution::parse("pert(0.02, 0.03, 0.05)").unwrap();
    /// assert_eq!(d, Distribution::Pert { min: 0.02, mode: 0.03, max: 0.05 });
    /// assert_eq!(d.to_string(), "pert(0.02,0.03,0.05)");
    /// assert!(Distribution::parse("pert(0.5,0.4,0.3)").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Distribution, DistributionError> {
        let input = text.trim();
        if input.is_empty() {
            return Err(DistributionError::Empty);
        }
        let toks = lex(input);
        let (name, args) = match toks.as_slice() {
            [Tok::Word(w)] => {
                let lower = w.to_ascii_lowercase();
                if let Some(spec) = SPECS.iter().find(|s| s.family == lower) {
                    return Err(DistributionError::ArgumentCount {
                        input: input.to_string(),
                        family: spec.family,
                        takes: spec.takes,
                        given: 0,
                    });
                }
                let starts_like_number = w
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
                let value = match parse_number(input, w) {
                    Ok(v) => v,
                    Err(e @ DistributionError::NonFinite { .. }) => return Err(e),
                    Err(e) if starts_like_number => return Err(e),
                    Err(_) => {
                        return Err(DistributionError::UnknownFamily {
                            input: input.to_string(),
                            name: (*w).to_string(),
                        });
                    }
                };
                let d = Distribution::Fixed { value };
                d.validate()?;
                return Ok(d);
            }
            [Tok::Word(name), Tok::Open, rest @ ..] => match rest.split_last() {
                Some((Tok::Close, args)) => (*name, args),
                _ => {
                    let detail = match rest.iter().position(|t| *t == Tok::Close) {
                        Some(i) => SyntaxDetail::AfterClose {
                            token: rest.get(i + 1).map_or_else(String::new, Tok::describe),
                        },
                        None => SyntaxDetail::MissingClose,
                    };
                    return Err(syntax(input, detail));
                }
            },
            [Tok::Word(w), next, ..] => {
                return Err(syntax(
                    input,
                    SyntaxDetail::ExpectedOpen {
                        word: (*w).to_string(),
                        found: next.describe(),
                    },
                ));
            }
            [first, ..] => {
                return Err(syntax(
                    input,
                    SyntaxDetail::UnexpectedStart {
                        token: first.describe(),
                    },
                ));
            }
            [] => return Err(DistributionError::Empty),
        };
        let lower = name.to_ascii_lowercase();
        let Some(spec) = SPECS.iter().find(|s| s.family == lower) else {
            return Err(DistributionError::UnknownFamily {
                input: input.to_string(),
                name: name.to_string(),
            });
        };
        if args.iter().any(|t| matches!(t, Tok::Open | Tok::Close)) {
            return Err(syntax(input, SyntaxDetail::Parenthesis));
        }
        let s = bind_arguments(input, spec, args)?;
        let req = |i: usize| s[i].unwrap_or(f64::NAN);
        let d = match spec.family {
            "fixed" => Distribution::Fixed { value: req(0) },
            "uniform" => Distribution::Uniform {
                min: req(0),
                max: req(1),
            },
            "triangular" => Distribution::Triangular {
                min: req(0),
                mode: req(1),
                max: req(2),
            },
            "pert" => Distribution::Pert {
                min: req(0),
                mode: req(1),
                max: req(2),
            },
            "normal" => Distribution::Normal {
                mean: req(0),
                sd: req(1),
                min: s[2],
                max: s[3],
            },
            "beta" => Distribution::Beta {
                mean: req(0),
                sd: req(1),
            },
            _ => lognormal_from_slots(input, s)?,
        };
        d.validate()?;
        Ok(d)
    }

    /// Checks the parameters against the rules of the family; `parse` calls
    /// it, and anything it accepts can be used without panics.
    pub fn validate(&self) -> Result<(), DistributionError> {
        let input = || self.to_string();
        for x in self.parameters().into_iter().flatten() {
            if !x.is_finite() {
                return Err(DistributionError::NonFinite {
                    input: input(),
                    text: Num(x).to_string(),
                });
            }
        }
        match *self {
            Distribution::Fixed { .. } => Ok(()),
            Distribution::Uniform { min, max } => {
                if min > max {
                    return Err(DistributionError::MinAboveMax {
                        input: input(),
                        min,
                        max,
                        rule: "min ≤ max",
                    });
                }
                Ok(())
            }
            Distribution::Triangular { min, mode, max } | Distribution::Pert { min, mode, max } => {
                if min > max {
                    return Err(DistributionError::MinAboveMax {
                        input: input(),
                        min,
                        max,
                        rule: "min ≤ mode ≤ max",
                    });
                }
                if mode < min || mode > max {
                    return Err(DistributionError::ModeOutside {
                        input: input(),
                        mode,
                        min,
                        max,
                    });
                }
                Ok(())
            }
            Distribution::Normal { mean, sd, min, max } => {
                if sd < 0.0 {
                    return Err(DistributionError::NegativeSd { input: input(), sd });
                }
                if let (Some(lo), Some(hi)) = (min, max)
                    && lo >= hi
                {
                    return Err(DistributionError::EmptyTruncation {
                        input: input(),
                        min: lo,
                        max: hi,
                    });
                }
                let lo = min.unwrap_or(f64::NEG_INFINITY);
                let hi = max.unwrap_or(f64::INFINITY);
                if mean < lo || mean > hi {
                    return Err(DistributionError::MeanOutsideTruncation {
                        input: input(),
                        mean,
                        min: lo,
                        max: hi,
                    });
                }
                let overflows = |side: Option<f64>, x: f64| side.is_none() && !x.is_finite();
                if overflows(max, mean + sd * Z_MAX) || overflows(min, mean - sd * Z_MAX) {
                    return Err(DistributionError::Overflows {
                        input: input(),
                        largest: format!("|mean| + {Z_MAX}·sd = inf"),
                        rule: "|mean| + 8.3·sd ≤ 1.7e308, or truncation bounds",
                    });
                }
                if sd > 0.0 && (min.is_some() || max.is_some()) {
                    let mass = normal_interval_probability((lo - mean) / sd, (hi - mean) / sd);
                    if mass.is_nan() || mass < MIN_TRUNCATION_MASS {
                        return Err(DistributionError::NegligibleTruncation {
                            input: input(),
                            min: lo,
                            max: hi,
                            mass,
                        });
                    }
                }
                Ok(())
            }
            Distribution::LogNormal { mu, sigma } => {
                if sigma < 0.0 {
                    return Err(DistributionError::NegativeSigma {
                        input: input(),
                        sigma,
                    });
                }
                let exponent = mu + sigma * Z_MAX;
                if exponent > LN_MAX {
                    return Err(DistributionError::Overflows {
                        input: input(),
                        largest: format!("e^(mu + {Z_MAX}·sigma) = e^{}", Num(exponent)),
                        rule: "mu + 8.3·sigma ≤ 709.78",
                    });
                }
                Ok(())
            }
            Distribution::Beta { mean, sd } => {
                if !(mean > 0.0 && mean < 1.0) {
                    return Err(DistributionError::BetaMeanOutside {
                        input: input(),
                        mean,
                    });
                }
                if sd < 0.0 {
                    return Err(DistributionError::NegativeSd { input: input(), sd });
                }
                match beta_shapes(mean, sd) {
                    BetaShapes::Point | BetaShapes::Shapes(..) => Ok(()),
                    BetaShapes::TooWide => Err(DistributionError::BetaSdTooLarge {
                        input: input(),
                        mean,
                        sd,
                        max_sd: (mean * (1.0 - mean)).sqrt(),
                    }),
                    BetaShapes::TooSmall(a, b) => Err(DistributionError::BetaShapeTooSmall {
                        input: input(),
                        mean,
                        sd,
                        a,
                        b,
                    }),
                }
            }
        }
    }

    /// All numeric parameters (absent truncation bounds as `None`).
    fn parameters(&self) -> [Option<f64>; 4] {
        match *self {
            Distribution::Fixed { value } => [Some(value), None, None, None],
            Distribution::Uniform { min, max } => [Some(min), Some(max), None, None],
            Distribution::Triangular { min, mode, max } | Distribution::Pert { min, mode, max } => {
                [Some(min), Some(mode), Some(max), None]
            }
            Distribution::Normal { mean, sd, min, max } => [Some(mean), Some(sd), min, max],
            Distribution::LogNormal { mu, sigma } => [Some(mu), Some(sigma), None, None],
            Distribution::Beta { mean, sd } => [Some(mean), Some(sd), None, None],
        }
    }

    /// The family name as written in the text syntax: `"fixed"`,
    /// `"uniform"`, `"triangular"`, `"pert"`, `"normal"`, `"lognormal"` or
    /// `"beta"`.
    pub fn family(&self) -> &'static str {
        match self {
            Distribution::Fixed { .. } => "fixed",
            Distribution::Uniform { .. } => "uniform",
            Distribution::Triangular { .. } => "triangular",
            Distribution::Pert { .. } => "pert",
            Distribution::Normal { .. } => "normal",
            Distribution::LogNormal { .. } => "lognormal",
            Distribution::Beta { .. } => "beta",
        }
    }

    /// Whether the distribution is a single point (zero spread), in which
    /// case it samples like `fixed`.
    pub fn is_degenerate(&self) -> bool {
        matches!(self.kind(), Kind::Point(_))
    }

    /// The point value used by deterministic runs: fixed → value,
    /// uniform → midpoint, triangular and pert → mode, normal → mean (even
    /// if truncated), lognormal → median `exp(mu)`, beta → mean.
    pub fn point(&self) -> f64 {
        match *self {
            Distribution::Fixed { value } => value,
            Distribution::Uniform { min, max } => midpoint(min, max),
            Distribution::Triangular { mode, .. } | Distribution::Pert { mode, .. } => mode,
            Distribution::Normal { mean, .. } => mean,
            Distribution::LogNormal { mu, .. } => libm::exp(mu),
            Distribution::Beta { mean, .. } => mean,
        }
    }

    /// The closed interval that contains every sample (bounds may be
    /// infinite): `[min, max]` for bounded families, the truncation
    /// interval for a normal, `[0, ∞]` for lognormal, `[0, 1]` for beta, and
    /// the single point of a degenerate distribution.
    pub fn support(&self) -> (f64, f64) {
        self.kind().support()
    }

    /// The analytic mean (for a truncated normal, the mean after
    /// truncation).
    pub fn mean(&self) -> f64 {
        if let Distribution::Beta { mean, .. } = *self {
            return mean;
        }
        let (lo, hi) = self.support();
        let m = match self.kind() {
            Kind::Point(v) => v,
            Kind::Uniform { min, max } => midpoint(min, max),
            Kind::Triangular { min, mode, max } => {
                let w = max - min;
                if w.is_finite() {
                    min + w / 3.0 + (mode - min) / 3.0
                } else {
                    let h = 0.5 * max - 0.5 * min;
                    let e = 0.5 * mode - 0.5 * min;
                    min + h * (2.0 / 3.0) + e * (2.0 / 3.0)
                }
            }
            Kind::Pert { min, max, a, b } => along(min, max, a / (a + b)),
            Kind::Normal { mean, .. } => mean,
            Kind::TruncNormal(t) => t.mean + t.sd * truncated_standard_moments(&t).0,
            Kind::LogNormal { mu, sigma } => libm::exp(mu + 0.5 * sigma * sigma),
            Kind::Beta { a, b } => a / (a + b),
        };
        clamp_nan_safe(m, lo, hi)
    }

    /// The analytic variance (for a truncated normal, after truncation).
    pub fn variance(&self) -> f64 {
        if let Distribution::Beta { sd, .. } = *self {
            return sd * sd;
        }
        let v = match self.kind() {
            Kind::Point(_) => 0.0,
            Kind::Uniform { min, max } => {
                let w = max - min;
                if w.is_finite() {
                    w * w / 12.0
                } else {
                    let h = 0.5 * max - 0.5 * min;
                    h * h / 3.0
                }
            }
            Kind::Triangular { min, mode, max } => {
                // (w² − w·d + d²)/18 with d = mode − min, written as a sum
                // of squares so that it never cancels.
                let w = max - min;
                if w.is_finite() {
                    let d = mode - min;
                    let t = w - 0.5 * d;
                    (t * t + 0.75 * d * d) / 18.0
                } else {
                    let h = 0.5 * max - 0.5 * min;
                    let e = 0.5 * mode - 0.5 * min;
                    let t = h - 0.5 * e;
                    4.0 * (t * t + 0.75 * e * e) / 18.0
                }
            }
            Kind::Pert { min, max, a, b } => {
                let s = a + b;
                let shape = a * b / (s * s * (s + 1.0));
                let w = max - min;
                if w.is_finite() {
                    w * w * shape
                } else {
                    let h = 0.5 * max - 0.5 * min;
                    4.0 * h * h * shape
                }
            }
            Kind::Normal { sd, .. } => sd * sd,
            Kind::TruncNormal(t) => t.sd * t.sd * truncated_standard_moments(&t).1,
            Kind::LogNormal { mu, sigma } => {
                // (e^{σ²} − 1)·e^{2μ+σ²}, in logs so it cannot give inf·0.
                let s = sigma * sigma;
                let ln_em1 = if s > 50.0 {
                    s + libm::log1p(-libm::exp(-s))
                } else {
                    libm::log(libm::expm1(s))
                };
                libm::exp(ln_em1 + 2.0 * mu + s)
            }
            Kind::Beta { .. } => 0.0,
        };
        if v.is_nan() { 0.0 } else { v.max(0.0) }
    }

    /// The cumulative distribution function `P(X ≤ x)`; NaN gives NaN.
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        let c = match self.kind() {
            Kind::Point(v) => step(x, v),
            Kind::Uniform { min, max } => {
                if x < min {
                    0.0
                } else if x >= max {
                    1.0
                } else {
                    fraction(x, min, max)
                }
            }
            Kind::Triangular { min, mode, max } => {
                let (fl, fr) = triangular_fractions(min, mode, max);
                if x < min {
                    0.0
                } else if x >= max {
                    1.0
                } else if x < mode {
                    let t = fraction(x, min, max);
                    t * t / fl
                } else {
                    let s = fraction_from_top(x, min, max);
                    1.0 - s * s / fr
                }
            }
            Kind::Pert { min, max, a, b } => {
                if x <= min {
                    0.0
                } else if x >= max {
                    1.0
                } else {
                    regularized_incomplete_beta(a, b, fraction(x, min, max))
                }
            }
            Kind::Normal { mean, sd } => normal_cdf((x - mean) / sd),
            Kind::TruncNormal(t) => {
                if x <= t.min {
                    0.0
                } else if x >= t.max {
                    1.0
                } else {
                    let z = (x - t.mean) / t.sd;
                    normal_interval_probability(t.za, z) / t.mass
                }
            }
            Kind::LogNormal { mu, sigma } => {
                if x <= 0.0 {
                    0.0
                } else {
                    normal_cdf((libm::log(x) - mu) / sigma)
                }
            }
            Kind::Beta { a, b } => regularized_incomplete_beta(a, b, x),
        };
        if c.is_nan() { 0.0 } else { c.clamp(0.0, 1.0) }
    }

    /// The quantile function: the smallest `x` with `cdf(x) ≥ p`, for `p`
    /// in `[0, 1]` (`p ≤ 0` gives the lower end of the support, `p ≥ 1` the
    /// upper end, NaN gives NaN). Exact formulas for uniform, triangular,
    /// normal (truncated too) and lognormal; bisection on the CDF, exact to
    /// the last representable value, for pert and beta.
    pub fn quantile(&self, p: f64) -> f64 {
        if p.is_nan() {
            return f64::NAN;
        }
        let kind = self.kind();
        let (lo, hi) = kind.support();
        if p <= 0.0 {
            return lo;
        }
        if p >= 1.0 {
            return hi;
        }
        let x = match kind {
            Kind::Point(v) => v,
            Kind::Uniform { min, max } => along(min, max, p),
            Kind::Triangular { min, mode, max } => {
                let (fl, fr) = triangular_fractions(min, mode, max);
                triangular_inverse(min, max, fl, fr, p)
            }
            Kind::Pert { min, max, a, b } => along(min, max, beta_quantile(a, b, p)),
            Kind::Normal { mean, sd } => mean + sd * normal_quantile(p),
            Kind::TruncNormal(t) => t.mean + t.sd * t.z_at(p),
            Kind::LogNormal { mu, sigma } => libm::exp(mu + sigma * normal_quantile(p)),
            Kind::Beta { a, b } => beta_quantile(a, b, p),
        };
        clamp_nan_safe(x, lo, hi)
    }

    /// Draws one value. Every value lies in [`support`](Self::support) and
    /// is finite; the same generator state gives bit-identical values on
    /// every platform. For many draws from the same distribution, build a
    /// [`Sampler`] once with [`sampler`](Self::sampler) instead (same
    /// values, less set-up per draw).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.sampler().sample(rng)
    }

    /// Precomputes what sampling needs (shapes, truncation constants) so
    /// that repeated draws are cheap. `d.sampler().sample(rng)` and
    /// `d.sample(rng)` give identical values.
    pub fn sampler(&self) -> Sampler {
        Sampler::new(self)
    }

    /// The distribution with its degeneracies resolved and derived
    /// quantities (beta shapes, truncation constants) computed.
    fn kind(&self) -> Kind {
        match *self {
            Distribution::Fixed { value } => Kind::Point(value),
            Distribution::Uniform { min, max } => {
                if min == max {
                    Kind::Point(min)
                } else {
                    Kind::Uniform { min, max }
                }
            }
            Distribution::Triangular { min, mode, max } => {
                if min == max {
                    Kind::Point(mode)
                } else {
                    Kind::Triangular { min, mode, max }
                }
            }
            Distribution::Pert { min, mode, max } => {
                if min == max {
                    Kind::Point(mode)
                } else {
                    let (fl, fr) = triangular_fractions(min, mode, max);
                    Kind::Pert {
                        min,
                        max,
                        a: 1.0 + 4.0 * fl,
                        b: 1.0 + 4.0 * fr,
                    }
                }
            }
            Distribution::Normal { mean, sd, min, max } => {
                if sd.is_nan() || sd <= 0.0 {
                    Kind::Point(mean)
                } else if min.is_none() && max.is_none() {
                    Kind::Normal { mean, sd }
                } else {
                    let lo = min.unwrap_or(f64::NEG_INFINITY);
                    let hi = max.unwrap_or(f64::INFINITY);
                    let za = (lo - mean) / sd;
                    let zb = (hi - mean) / sd;
                    let mass = normal_interval_probability(za, zb);
                    Kind::TruncNormal(Truncation {
                        mean,
                        sd,
                        min: lo,
                        max: hi,
                        za,
                        zb,
                        p_lo: normal_cdf(za),
                        mass,
                    })
                }
            }
            Distribution::LogNormal { mu, sigma } => {
                if sigma.is_nan() || sigma <= 0.0 {
                    Kind::Point(libm::exp(mu))
                } else {
                    Kind::LogNormal { mu, sigma }
                }
            }
            Distribution::Beta { mean, sd } => match beta_shapes(mean, sd) {
                BetaShapes::Shapes(a, b) => Kind::Beta { a, b },
                _ => Kind::Point(mean),
            },
        }
    }
}

fn lognormal_from_slots(
    input: &str,
    s: [Option<f64>; 4],
) -> Result<Distribution, DistributionError> {
    match s {
        [Some(median), Some(p95), None, None] => {
            if median.is_nan() || median <= 0.0 {
                return Err(DistributionError::NonPositiveMedian {
                    input: input.to_string(),
                    median,
                });
            }
            if p95.is_nan() || p95 <= median {
                return Err(DistributionError::P95NotAboveMedian {
                    input: input.to_string(),
                    median,
                    p95,
                });
            }
            let mu = libm::log(median);
            let sigma = (libm::log(p95) - mu) / Z_95;
            Ok(Distribution::LogNormal { mu, sigma })
        }
        [None, None, Some(mu), Some(sigma)] => Ok(Distribution::LogNormal { mu, sigma }),
        _ => Err(DistributionError::LognormalForm {
            input: input.to_string(),
        }),
    }
}

// ---------------------------------------------------------------------------
// Shared numerics
// ---------------------------------------------------------------------------

/// A distribution with degeneracies resolved and derived quantities computed.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Point(f64),
    Uniform { min: f64, max: f64 },
    Triangular { min: f64, mode: f64, max: f64 },
    Pert { min: f64, max: f64, a: f64, b: f64 },
    Normal { mean: f64, sd: f64 },
    TruncNormal(Truncation),
    LogNormal { mu: f64, sigma: f64 },
    Beta { a: f64, b: f64 },
}

impl Kind {
    fn support(&self) -> (f64, f64) {
        match *self {
            Kind::Point(v) => (v, v),
            Kind::Uniform { min, max }
            | Kind::Triangular { min, max, .. }
            | Kind::Pert { min, max, .. } => (min, max),
            Kind::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Kind::TruncNormal(t) => (t.min, t.max),
            Kind::LogNormal { .. } => (0.0, f64::INFINITY),
            Kind::Beta { .. } => (0.0, 1.0),
        }
    }
}

/// A truncated normal: `mean + sd·Z` with `Z` standard normal restricted to
/// `[za, zb]`, which keeps probability `mass` and starts at `p_lo = Φ(za)`.
#[derive(Clone, Copy, Debug)]
struct Truncation {
    mean: f64,
    sd: f64,
    min: f64,
    max: f64,
    za: f64,
    zb: f64,
    p_lo: f64,
    mass: f64,
}

impl Truncation {
    /// The standardised quantile: `z` in `[za, zb]` with
    /// `Φ(z) − Φ(za) = u·mass`. For narrow intervals (mass below 1e-3)
    /// the inversion of `Φ` near 0.5 loses relative precision, so two
    /// Newton steps on the cancellation-free interval probability follow.
    fn z_at(&self, u: f64) -> f64 {
        let target = u * self.mass;
        let mut z = normal_quantile(self.p_lo + target);
        if self.mass < 1e-3 {
            for _ in 0..2 {
                let have = if z >= self.za {
                    normal_interval_probability(self.za, z)
                } else {
                    -normal_interval_probability(z, self.za)
                };
                let dens = normal_pdf(z);
                if dens > 0.0 {
                    z -= (have - target) / dens;
                }
            }
        }
        clamp_nan_safe(z, self.za, self.zb)
    }
}

/// 16-point Gauss–Legendre nodes and weights on `[-1, 1]` (positive half).
const GL_NODES: [f64; 8] = [
    0.095_012_509_837_637_44,
    0.281_603_550_779_258_9,
    0.458_016_777_657_227_37,
    0.617_876_244_402_643_8,
    0.755_404_408_355_003,
    0.865_631_202_387_831_8,
    0.944_575_023_073_232_6,
    0.989_400_934_991_649_9,
];
const GL_WEIGHTS: [f64; 8] = [
    0.189_450_610_455_068_5,
    0.182_603_415_044_923_58,
    0.169_156_519_395_002_54,
    0.149_595_988_816_576_74,
    0.124_628_971_255_533_88,
    0.095_158_511_682_492_79,
    0.062_253_523_938_647_894,
    0.027_152_459_411_754_096,
];

/// Mean and variance of the standard normal truncated to `[za, zb]`.
///
/// Intervals of width at most 1 (where the closed forms cancel badly) use
/// 16-point Gauss–Legendre quadrature of the moments about the midpoint,
/// which is exact to rounding for such a smooth integrand; wider ones use
/// the closed forms with a cancellation-free `φ(a) − φ(b)`.
fn truncated_standard_moments(t: &Truncation) -> (f64, f64) {
    let (za, zb) = (t.za, t.zb);
    if za.is_finite() && zb.is_finite() && zb - za <= 1.0 {
        let c = 0.5 * za + 0.5 * zb;
        let h = 0.5 * zb - 0.5 * za;
        let (mut m0, mut m1, mut m2) = (0.0, 0.0, 0.0);
        for (x, w) in GL_NODES.iter().zip(GL_WEIGHTS.iter()) {
            for s in [-1.0, 1.0] {
                let d = s * x * h;
                let f = w * normal_pdf(c + d);
                m0 += f;
                m1 += f * d;
                m2 += f * d * d;
            }
        }
        if m0.is_nan() || m0 <= 0.0 {
            return (c, 0.0);
        }
        let shift = m1 / m0;
        return (c + shift, (m2 / m0 - shift * shift).max(0.0));
    }
    let pa = normal_pdf(za);
    let pb = normal_pdf(zb);
    // φ(a) − φ(b), anchored at the larger density so that neither an
    // underflowing φ nor cancellation spoils it.
    let dphi = if za.is_infinite() && zb.is_infinite() {
        0.0
    } else if zb.is_infinite() {
        pa
    } else if za.is_infinite() {
        -pb
    } else if za.abs() <= zb.abs() {
        let e = (zb - za) * (zb + za);
        let e = if e.is_nan() { 0.0 } else { e };
        -pa * libm::expm1(-0.5 * e)
    } else {
        let e = (za - zb) * (za + zb);
        let e = if e.is_nan() { 0.0 } else { e };
        pb * libm::expm1(-0.5 * e)
    };
    let xa = if za.is_finite() { za * pa } else { 0.0 };
    let xb = if zb.is_finite() { zb * pb } else { 0.0 };
    let ez = dphi / t.mass;
    let ez2 = 1.0 + (xa - xb) / t.mass;
    let var = ez2 - ez * ez;
    (ez, if var.is_nan() { 0.0 } else { var.max(0.0) })
}

enum BetaShapes {
    /// sd = 0, or so small that the distribution is a point for all purposes.
    Point,
    Shapes(f64, f64),
    /// sd² ≥ mean·(1 − mean).
    TooWide,
    /// Shapes below [`MIN_BETA_SHAPE`].
    TooSmall(f64, f64),
}

fn beta_shapes(mean: f64, sd: f64) -> BetaShapes {
    if sd == 0.0 {
        return BetaShapes::Point;
    }
    let nu = mean * (1.0 - mean) / (sd * sd) - 1.0;
    if nu.is_nan() || nu <= 0.0 {
        return BetaShapes::TooWide;
    }
    if nu > MAX_BETA_CONCENTRATION {
        return BetaShapes::Point;
    }
    let a = mean * nu;
    let b = (1.0 - mean) * nu;
    if !(a >= MIN_BETA_SHAPE && b >= MIN_BETA_SHAPE) {
        return BetaShapes::TooSmall(a, b);
    }
    BetaShapes::Shapes(a, b)
}

fn step(x: f64, v: f64) -> f64 {
    if x < v { 0.0 } else { 1.0 }
}

/// `(min + max)/2` without overflow.
fn midpoint(min: f64, max: f64) -> f64 {
    let s = min + max;
    if s.is_finite() {
        0.5 * s
    } else {
        0.5 * min + 0.5 * max
    }
}

/// `min + (max − min)·t`, also when `max − min` overflows.
fn along(min: f64, max: f64, t: f64) -> f64 {
    let w = max - min;
    if w.is_finite() {
        min + w * t
    } else {
        let h = 0.5 * max - 0.5 * min;
        min + h * t + h * t
    }
}

/// `max − (max − min)·t`, also when `max − min` overflows.
fn back(min: f64, max: f64, t: f64) -> f64 {
    let w = max - min;
    if w.is_finite() {
        max - w * t
    } else {
        let h = 0.5 * max - 0.5 * min;
        max - h * t - h * t
    }
}

/// `(x − min)/(max − min)`, also when `max − min` overflows.
fn fraction(x: f64, min: f64, max: f64) -> f64 {
    let w = max - min;
    if w.is_finite() {
        (x - min) / w
    } else {
        (0.5 * x - 0.5 * min) / (0.5 * max - 0.5 * min)
    }
}

/// `(max − x)/(max − min)`, also when `max − min` overflows.
fn fraction_from_top(x: f64, min: f64, max: f64) -> f64 {
    let w = max - min;
    if w.is_finite() {
        (max - x) / w
    } else {
        (0.5 * max - 0.5 * x) / (0.5 * max - 0.5 * min)
    }
}

/// `((mode − min)/w, (max − mode)/w)` for a triangle or PERT on `[min, max]`.
fn triangular_fractions(min: f64, mode: f64, max: f64) -> (f64, f64) {
    (
        fraction(mode, min, max).clamp(0.0, 1.0),
        fraction_from_top(mode, min, max).clamp(0.0, 1.0),
    )
}

/// Inverse CDF of the triangle on `[min, max]` whose mode sits at fraction
/// `fl` from the bottom (`fr = 1 − fl` from the top).
fn triangular_inverse(min: f64, max: f64, fl: f64, fr: f64, u: f64) -> f64 {
    if u < fl {
        along(min, max, (u * fl).sqrt())
    } else {
        back(min, max, ((1.0 - u) * fr).sqrt())
    }
}

/// Clamps into `[lo, hi]` intersected with the finite doubles; NaN maps
/// to the lower end. Never panics (unlike `f64::clamp`).
#[inline]
fn clamp_nan_safe(x: f64, lo: f64, hi: f64) -> f64 {
    let lo = lo.max(f64::MIN);
    let hi = hi.min(f64::MAX);
    if x.is_nan() {
        return lo;
    }
    x.max(lo).min(hi)
}

// ---------------------------------------------------------------------------
// Sampling
// ---------------------------------------------------------------------------

const TWO_POW_M53: f64 = 1.0 / 9_007_199_254_740_992.0;
const TWO_POW_M52: f64 = 1.0 / 4_503_599_627_370_496.0;

/// Uniform on `[0, 1)` with 53 random bits (one 64-bit word).
#[inline]
fn uniform01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * TWO_POW_M53
}

/// Uniform on the open interval `(0, 1)`: `(k + ½)·2⁻⁵²` with 52 random
/// bits (one 64-bit word), symmetric about ½, never 0 or 1.
#[inline]
fn uniform_open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 12) as f64 + 0.5) * TWO_POW_M52
}

/// A bound on the largest |z| [`standard_normal`] can draw: the quantile of
/// its smallest uniform, 2⁻⁵³, is −8.21.
pub const Z_MAX: f64 = 8.3;

/// ln of the largest finite number: e^x overflows beyond it.
const LN_MAX: f64 = 709.782_712_893_384;

/// Standard normal by inversion (one 64-bit word); `|z| ≤ 8.3`.
#[inline]
fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    normal_quantile(uniform_open01(rng))
}

/// Marsaglia–Tsang (2000) gamma generator with unit scale, written with
/// `libm`. Shapes below 1 use `Gamma(a) = Gamma(a + 1)·U^{1/a}`, applied in
/// logs by [`GammaSampler::sample_ln`].
#[derive(Clone, Copy, Debug)]
struct GammaSampler {
    d: f64,
    c: f64,
    inv_shape: f64,
    boosted: bool,
}

impl GammaSampler {
    /// Rejection rounds before giving up (only a broken generator gets
    /// there: the acceptance rate is above 95 %).
    const MAX_ROUNDS: u32 = 1000;

    fn new(shape: f64) -> Self {
        let boosted = shape < 1.0;
        let a = if boosted { shape + 1.0 } else { shape };
        let d = a - 1.0 / 3.0;
        GammaSampler {
            d,
            c: 1.0 / (3.0 * d.sqrt()),
            inv_shape: 1.0 / shape,
            boosted,
        }
    }

    /// A Gamma(shape') variate where shape' = shape (or shape + 1 when
    /// boosted); always positive and finite.
    #[inline]
    fn core<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        for _ in 0..Self::MAX_ROUNDS {
            let x = standard_normal(rng);
            let v = 1.0 + self.c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = uniform_open01(rng);
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2
                || libm::log(u) < 0.5 * x2 + self.d * (1.0 - v + libm::log(v))
            {
                return self.d * v;
            }
        }
        self.d
    }

    /// A Gamma(shape) variate; only for shape ≥ 1.
    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.core(rng)
    }

    /// The logarithm of a Gamma(shape) variate, for any shape ≥ 1e-300
    /// (finite: at least about −3.7e301).
    #[inline]
    fn sample_ln<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let l = libm::log(self.core(rng));
        if self.boosted {
            l + libm::log(uniform_open01(rng)) * self.inv_shape
        } else {
            l
        }
    }
}

/// Beta(a, b) as `X/(X+Y)` with `X ~ Gamma(a)`, `Y ~ Gamma(b)`; in logs when
/// a shape is below 1 so that tiny shapes cannot underflow to `0/0`.
#[derive(Clone, Copy, Debug)]
struct BetaSampler {
    ga: GammaSampler,
    gb: GammaSampler,
    in_logs: bool,
}

impl BetaSampler {
    fn new(a: f64, b: f64) -> Self {
        BetaSampler {
            ga: GammaSampler::new(a),
            gb: GammaSampler::new(b),
            in_logs: a < 1.0 || b < 1.0,
        }
    }

    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        if self.in_logs {
            let lx = self.ga.sample_ln(rng);
            let ly = self.gb.sample_ln(rng);
            // X/(X+Y) = 1/(1 + e^d), d = ln Y − ln X.
            let d = ly - lx;
            if d > 0.0 {
                let e = libm::exp(-d);
                e / (1.0 + e)
            } else {
                1.0 / (1.0 + libm::exp(d))
            }
        } else {
            let x = self.ga.sample(rng);
            let y = self.gb.sample(rng);
            let s = x + y;
            if s.is_finite() {
                x / s
            } else {
                1.0 / (1.0 + y / x)
            }
        }
    }
}

/// A distribution prepared for repeated sampling; see
/// [`Distribution::sampler`]. Implements [`rand::distr::Distribution<f64>`].
#[derive(Clone, Debug)]
pub struct Sampler {
    method: Method,
    /// The support, intersected with the finite doubles.
    lo: f64,
    hi: f64,
}

#[derive(Clone, Debug)]
enum Method {
    Point(f64),
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        max: f64,
        fl: f64,
        fr: f64,
    },
    Pert {
        min: f64,
        max: f64,
        beta: BetaSampler,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Rejection from the untruncated normal (acceptance ≥ 0.3).
    TruncReject(Truncation),
    /// Inversion of the truncated CDF (acceptance < 0.3).
    TruncInverse(Truncation),
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Beta(BetaSampler),
}

impl Sampler {
    /// Maximum rejection rounds for the truncated normal before switching to
    /// inversion (unreachable with a working generator: 0.7¹⁰⁰⁰ ≈ 1e-155).
    const MAX_REJECTIONS: u32 = 1000;

    fn new(d: &Distribution) -> Sampler {
        let kind = d.kind();
        let (lo, hi) = kind.support();
        let method = match kind {
            Kind::Point(v) => Method::Point(v),
            Kind::Uniform { min, max } => Method::Uniform { min, max },
            Kind::Triangular { min, mode, max } => {
                let (fl, fr) = triangular_fractions(min, mode, max);
                Method::Triangular { min, max, fl, fr }
            }
            Kind::Pert { min, max, a, b } => Method::Pert {
                min,
                max,
                beta: BetaSampler::new(a, b),
            },
            Kind::Normal { mean, sd } => Method::Normal { mean, sd },
            Kind::TruncNormal(t) => {
                if t.mass >= 0.3 {
                    Method::TruncReject(t)
                } else {
                    Method::TruncInverse(t)
                }
            }
            Kind::LogNormal { mu, sigma } => Method::LogNormal { mu, sigma },
            Kind::Beta { a, b } => Method::Beta(BetaSampler::new(a, b)),
        };
        Sampler {
            method,
            lo: lo.max(f64::MIN),
            hi: hi.min(f64::MAX),
        }
    }

    /// Draws one value (see [`Distribution::sample`]).
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = match self.method {
            Method::Point(v) => return v,
            Method::Uniform { min, max } => along(min, max, uniform01(rng)),
            Method::Triangular { min, max, fl, fr } => {
                triangular_inverse(min, max, fl, fr, uniform01(rng))
            }
            Method::Pert { min, max, beta } => along(min, max, beta.sample(rng)),
            Method::Normal { mean, sd } => mean + sd * standard_normal(rng),
            Method::TruncReject(t) => {
                let mut z = f64::NAN;
                for _ in 0..Self::MAX_REJECTIONS {
                    let c = standard_normal(rng);
                    if c >= t.za && c <= t.zb {
                        z = c;
                        break;
                    }
                }
                if z.is_nan() {
                    z = t.z_at(uniform01(rng));
                }
                t.mean + t.sd * z
            }
            Method::TruncInverse(t) => t.mean + t.sd * t.z_at(uniform01(rng)),
            Method::LogNormal { mu, sigma } => libm::exp(mu + sigma * standard_normal(rng)),
            Method::Beta(beta) => beta.sample(rng),
        };
        if x.is_nan() {
            return self.lo;
        }
        x.max(self.lo).min(self.hi)
    }
}

impl rand::distr::Distribution<f64> for Sampler {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        Sampler::sample(self, rng)
    }
}

impl rand::distr::Distribution<f64> for Distribution {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        Distribution::sample(self, rng)
    }
}
