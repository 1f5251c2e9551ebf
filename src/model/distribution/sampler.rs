//! Sampling: [`Sampler`], a distribution prepared for repeated draws from
//! the variates of [`super::variates`].

use rand_core::Rng;

use super::beta::{Beta, BetaSampler};
use super::bounded::{Pert, Triangular, Uniform, along, triangular_fractions, triangular_inverse};
use super::lognormal::LogNormal;
use super::normal::{Normal, Truncation};
use super::variates::{standard_normal, uniform01};
use super::{Distribution, Kind};

/// A distribution prepared for repeated sampling; see
/// [`Distribution::sampler`]. Implements [`rand::distr::Distribution<f64>`].
#[derive(Clone, Debug)]
pub struct Sampler {
    method: Method,
    /// The support, intersected with the finite doubles.
    lo: f64,
    hi: f64,
}

/// How a [`Sampler`] draws: one variant per family and way of drawing.
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

    /// The sampler of `d` (see [`Distribution::sampler`]).
    pub(super) fn new(d: &Distribution) -> Sampler {
        let kind = d.kind();
        let (lo, hi) = kind.support();
        let method = match kind {
            Kind::Point(v) => Method::Point(v),
            Kind::Uniform(Uniform { min, max }) => Method::Uniform { min, max },
            Kind::Triangular(Triangular { min, mode, max }) => {
                let (fl, fr) = triangular_fractions(min, mode, max);
                Method::Triangular { min, max, fl, fr }
            }
            Kind::Pert(Pert { min, max, a, b }) => Method::Pert {
                min,
                max,
                beta: BetaSampler::new(a, b),
            },
            Kind::Normal(Normal { mean, sd }) => Method::Normal { mean, sd },
            Kind::TruncNormal(t) => {
                if t.mass >= 0.3 {
                    Method::TruncReject(t)
                } else {
                    Method::TruncInverse(t)
                }
            }
            Kind::LogNormal(LogNormal { mu, sigma }) => Method::LogNormal { mu, sigma },
            Kind::Beta(Beta { a, b }) => Method::Beta(BetaSampler::new(a, b)),
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
