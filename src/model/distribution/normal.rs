//! The normal family, plain and truncated to `[min, max]` (either bound
//! may be absent): validation, the truncation constants, moments (by
//! quadrature for narrow intervals), CDF and quantile.

use crate::model::special::{normal_cdf, normal_interval_probability, normal_pdf, normal_quantile};

use super::error::DistributionError;
use super::variates::Z_MAX;
use super::{Kind, clamp_nan_safe};

/// The smallest probability a truncation interval of a normal may keep.
pub const MIN_TRUNCATION_MASS: f64 = 1e-12;

/// The rules of `normal(mean, sd, min=, max=)`; `input` gives the canonical
/// form for the message.
pub(super) fn validate(
    mean: f64,
    sd: f64,
    min: Option<f64>,
    max: Option<f64>,
    input: impl Fn() -> String,
) -> Result<(), DistributionError> {
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

/// The normal with its degeneracy resolved (`sd = 0` is a point) and its
/// truncation constants computed.
pub(super) fn kind(mean: f64, sd: f64, min: Option<f64>, max: Option<f64>) -> Kind {
    if sd.is_nan() || sd <= 0.0 {
        Kind::Point(mean)
    } else if min.is_none() && max.is_none() {
        Kind::Normal(Normal { mean, sd })
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

/// A normal that is not truncated, with `sd > 0`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Normal {
    pub(super) mean: f64,
    pub(super) sd: f64,
}

impl Normal {
    pub(super) fn variance(&self) -> f64 {
        self.sd * self.sd
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        normal_cdf((x - self.mean) / self.sd)
    }

    pub(super) fn quantile(&self, p: f64) -> f64 {
        self.mean + self.sd * normal_quantile(p)
    }
}

/// A truncated normal: `mean + sd·Z` with `Z` standard normal restricted to
/// `[za, zb]`, which keeps probability `mass` and starts at `p_lo = Φ(za)`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Truncation {
    pub(super) mean: f64,
    pub(super) sd: f64,
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) za: f64,
    pub(super) zb: f64,
    p_lo: f64,
    pub(super) mass: f64,
}

impl Truncation {
    /// The standardised quantile: `z` in `[za, zb]` with
    /// `Φ(z) − Φ(za) = u·mass`. For narrow intervals (mass below 1e-3)
    /// the inversion of `Φ` near 0.5 loses relative precision, so two
    /// Newton steps on the cancellation-free interval probability follow.
    pub(super) fn z_at(&self, u: f64) -> f64 {
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

    /// The mean after truncation.
    pub(super) fn mean(&self) -> f64 {
        self.mean + self.sd * truncated_standard_moments(self).0
    }

    /// The variance after truncation.
    pub(super) fn variance(&self) -> f64 {
        self.sd * self.sd * truncated_standard_moments(self).1
    }

    pub(super) fn cdf(&self, x: f64) -> f64 {
        if x <= self.min {
            0.0
        } else if x >= self.max {
            1.0
        } else {
            let z = (x - self.mean) / self.sd;
            normal_interval_probability(self.za, z) / self.mass
        }
    }

    pub(super) fn quantile(&self, p: f64) -> f64 {
        self.mean + self.sd * self.z_at(p)
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
