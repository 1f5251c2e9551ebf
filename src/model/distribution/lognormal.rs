//! The log-normal family, `ln X ~ N(μ, σ²)`: its two named forms
//! (`median=`/`p95=` and `mu=`/`sigma=`), validation (its largest draws
//! must stay finite), moments, CDF and quantile.

use crate::model::special::{normal_cdf, normal_quantile};

use super::draw::Z_MAX;
use super::error::DistributionError;
use super::families::Num;
use super::{Distribution, Kind};
use crate::model::special::Z_P95;

/// ln of the largest finite number: e^x overflows beyond it.
const LN_MAX: f64 = 709.782_712_893_384;

/// The lognormal of its named arguments `[median, p95, mu, sigma]`: exactly
/// one of the pairs `median=`/`p95=` and `mu=`/`sigma=`.
pub(super) fn from_named(
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
            let sigma = (libm::log(p95) - mu) / Z_P95;
            Ok(Distribution::LogNormal { mu, sigma })
        }
        [None, None, Some(mu), Some(sigma)] => Ok(Distribution::LogNormal { mu, sigma }),
        _ => Err(DistributionError::LognormalForm {
            input: input.to_string(),
        }),
    }
}

/// `sigma ≥ 0`, and draws that stay finite; `input` gives the canonical
/// form for the message.
pub(super) fn validate(
    mu: f64,
    sigma: f64,
    input: impl Fn() -> String,
) -> Result<(), DistributionError> {
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

/// The lognormal with its degeneracy resolved (`sigma = 0` is the point
/// `e^mu`).
pub(super) fn kind(mu: f64, sigma: f64) -> Kind {
    if sigma.is_nan() || sigma <= 0.0 {
        Kind::Point(libm::exp(mu))
    } else {
        Kind::LogNormal(LogNormal { mu, sigma })
    }
}

/// A lognormal with `sigma > 0`.
#[derive(Clone, Copy, Debug)]
pub(super) struct LogNormal {
    pub(super) mu: f64,
    pub(super) sigma: f64,
}

impl LogNormal {
    pub(super) fn mean(&self) -> f64 {
        libm::exp(self.mu + 0.5 * self.sigma * self.sigma)
    }

    pub(super) fn variance(&self) -> f64 {
        // (e^{σ²} − 1)·e^{2μ+σ²}, in logs so it cannot give inf·0.
        let s = self.sigma * self.sigma;
        let ln_em1 = if s > 50.0 {
            s + libm::log1p(-libm::exp(-s))
        } else {
            libm::log(libm::expm1(s))
        };
        libm::exp(ln_em1 + 2.0 * self.mu + s)
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            normal_cdf((libm::log(x) - self.mu) / self.sigma)
        }
    }

    pub(super) fn quantile(&self, p: f64) -> f64 {
        libm::exp(self.mu + self.sigma * normal_quantile(p))
    }
}
