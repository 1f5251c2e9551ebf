//! The beta family on `[0, 1]`, given by its mean and standard deviation:
//! the shapes it implies and their limits, validation, mean, CDF and
//! quantile; and the gamma and beta samplers (Marsaglia–Tsang, written
//! with `libm`), which Beta-PERT uses too.

use rand_core::Rng;

use crate::model::special::{beta_quantile, regularized_incomplete_beta};

use super::Kind;
use super::error::DistributionError;
use super::variates::{standard_normal, uniform_open01};

/// The smallest beta shape parameter the sampler supports.
pub const MIN_BETA_SHAPE: f64 = 1e-300;

/// Beta distributions whose `mean·(1 − mean)/sd² − 1` exceeds this are so
/// concentrated that they are sampled as their mean.
const MAX_BETA_CONCENTRATION: f64 = 1e300;

/// `0 < mean < 1`, `sd ≥ 0` and shapes the sampler supports; `input`
/// gives the canonical form for the message.
pub(super) fn validate(
    mean: f64,
    sd: f64,
    input: impl Fn() -> String,
) -> Result<(), DistributionError> {
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

/// The beta with its degeneracy resolved (a zero or negligible sd is the
/// point `mean`) and its shapes computed.
pub(super) fn kind(mean: f64, sd: f64) -> Kind {
    match beta_shapes(mean, sd) {
        BetaShapes::Shapes(a, b) => Kind::Beta(Beta { a, b }),
        _ => Kind::Point(mean),
    }
}

/// Beta(a, b) with shapes of at least [`MIN_BETA_SHAPE`].
#[derive(Clone, Copy, Debug)]
pub(super) struct Beta {
    pub(super) a: f64,
    pub(super) b: f64,
}

impl Beta {
    pub(super) fn mean(&self) -> f64 {
        self.a / (self.a + self.b)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        regularized_incomplete_beta(self.a, self.b, x)
    }

    pub(super) fn quantile(&self, p: f64) -> f64 {
        beta_quantile(self.a, self.b, p)
    }
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
pub(super) struct BetaSampler {
    ga: GammaSampler,
    gb: GammaSampler,
    in_logs: bool,
}

impl BetaSampler {
    pub(super) fn new(a: f64, b: f64) -> Self {
        BetaSampler {
            ga: GammaSampler::new(a),
            gb: GammaSampler::new(b),
            in_logs: a < 1.0 || b < 1.0,
        }
    }

    #[inline]
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
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
