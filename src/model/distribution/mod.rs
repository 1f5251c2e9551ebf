//! Parameter distributions of docs/model.md §3 and their text syntax.
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
//!
//! # Layout
//!
//! This file holds the [`Distribution`] enum and its public methods, which
//! hand each family's maths to its own file: `bounded` (point, uniform,
//! triangular, pert), `normal` (plain and truncated), `lognormal` and
//! `beta` (with the gamma and beta samplers). The text syntax is in
//! `syntax`, with the families' names and arguments in `families`; the
//! errors and their messages are in `error`, [`Sampler`] in `sampler` and
//! the uniform and normal variates it draws from in `draw`.
//!
//! [`normal_quantile`]: crate::model::special::normal_quantile

use rand_core::Rng;

mod beta;
mod bounded;
mod draw;
mod error;
mod families;
mod lognormal;
mod normal;
mod sampler;
mod syntax;

pub use beta::MIN_BETA_SHAPE;
pub use draw::Z_MAX;
pub use error::{DistributionError, SyntaxDetail};
pub use normal::MIN_TRUNCATION_MASS;
pub use sampler::Sampler;

use beta::Beta;
use bounded::{Pert, Triangular, Uniform, midpoint, step};
use families::Num;
use lognormal::LogNormal;
use normal::{Normal, Truncation};

/// A parameter's distribution (docs/model.md §3).
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
        syntax::parse(text)
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
            Distribution::Uniform { min, max } => bounded::validate_uniform(min, max, input),
            Distribution::Triangular { min, mode, max } | Distribution::Pert { min, mode, max } => {
                bounded::validate_triangular(min, mode, max, input)
            }
            Distribution::Normal { mean, sd, min, max } => {
                normal::validate(mean, sd, min, max, input)
            }
            Distribution::LogNormal { mu, sigma } => lognormal::validate(mu, sigma, input),
            Distribution::Beta { mean, sd } => beta::validate(mean, sd, input),
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
            Kind::Uniform(u) => u.mean(),
            Kind::Triangular(t) => t.mean(),
            Kind::Pert(p) => p.mean(),
            Kind::Normal(n) => n.mean,
            Kind::TruncNormal(t) => t.mean(),
            Kind::LogNormal(l) => l.mean(),
            Kind::Beta(b) => b.mean(),
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
            Kind::Uniform(u) => u.variance(),
            Kind::Triangular(t) => t.variance(),
            Kind::Pert(p) => p.variance(),
            Kind::Normal(n) => n.variance(),
            Kind::TruncNormal(t) => t.variance(),
            Kind::LogNormal(l) => l.variance(),
            Kind::Beta(_) => 0.0,
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
            Kind::Uniform(u) => u.cdf(x),
            Kind::Triangular(t) => t.cdf(x),
            Kind::Pert(p) => p.cdf(x),
            Kind::Normal(n) => n.cdf(x),
            Kind::TruncNormal(t) => t.cdf(x),
            Kind::LogNormal(l) => l.cdf(x),
            Kind::Beta(b) => b.cdf(x),
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
            Kind::Uniform(u) => u.quantile(p),
            Kind::Triangular(t) => t.quantile(p),
            Kind::Pert(pert) => pert.quantile(p),
            Kind::Normal(n) => n.quantile(p),
            Kind::TruncNormal(t) => t.quantile(p),
            Kind::LogNormal(l) => l.quantile(p),
            Kind::Beta(b) => b.quantile(p),
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
                    Kind::Uniform(Uniform { min, max })
                }
            }
            Distribution::Triangular { min, mode, max } => {
                if min == max {
                    Kind::Point(mode)
                } else {
                    Kind::Triangular(Triangular { min, mode, max })
                }
            }
            Distribution::Pert { min, mode, max } => {
                if min == max {
                    Kind::Point(mode)
                } else {
                    Kind::Pert(Pert::new(min, mode, max))
                }
            }
            Distribution::Normal { mean, sd, min, max } => normal::kind(mean, sd, min, max),
            Distribution::LogNormal { mu, sigma } => lognormal::kind(mu, sigma),
            Distribution::Beta { mean, sd } => beta::kind(mean, sd),
        }
    }
}

/// A distribution with degeneracies resolved and derived quantities
/// computed: one variant per family's own maths.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Point(f64),
    Uniform(Uniform),
    Triangular(Triangular),
    Pert(Pert),
    Normal(Normal),
    TruncNormal(Truncation),
    LogNormal(LogNormal),
    Beta(Beta),
}

impl Kind {
    fn support(&self) -> (f64, f64) {
        match *self {
            Kind::Point(v) => (v, v),
            Kind::Uniform(Uniform { min, max })
            | Kind::Triangular(Triangular { min, max, .. })
            | Kind::Pert(Pert { min, max, .. }) => (min, max),
            Kind::Normal(_) => (f64::NEG_INFINITY, f64::INFINITY),
            Kind::TruncNormal(t) => (t.min, t.max),
            Kind::LogNormal(_) => (0.0, f64::INFINITY),
            Kind::Beta(_) => (0.0, 1.0),
        }
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

impl rand::distr::Distribution<f64> for Distribution {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        Distribution::sample(self, rng)
    }
}
