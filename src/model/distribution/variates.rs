//! The uniform and standard normal variates every family is drawn from:
//! a fixed number of 64-bit words each, IEEE arithmetic and `libm` only,
//! so that draws are bit-identical on every platform.

use rand_core::Rng;

use crate::model::special::normal_quantile;

const TWO_POW_M53: f64 = 1.0 / 9_007_199_254_740_992.0;
const TWO_POW_M52: f64 = 1.0 / 4_503_599_627_370_496.0;

/// Uniform on `[0, 1)` with 53 random bits (one 64-bit word).
#[inline]
pub(super) fn uniform01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * TWO_POW_M53
}

/// Uniform on the open interval `(0, 1)`: `(k + ½)·2⁻⁵²` with 52 random
/// bits (one 64-bit word), symmetric about ½, never 0 or 1.
#[inline]
pub(super) fn uniform_open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 12) as f64 + 0.5) * TWO_POW_M52
}

/// A bound on the largest |z| [`standard_normal`] can draw: the quantile of
/// its smallest uniform, 2⁻⁵³, is −8.21.
pub const Z_MAX: f64 = 8.3;

/// Standard normal by inversion (one 64-bit word); `|z| ≤ 8.3`.
#[inline]
pub(super) fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    normal_quantile(uniform_open01(rng))
}
