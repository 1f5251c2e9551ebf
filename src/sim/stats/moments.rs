//! [`Moments`]: the exact sum and sum of squares of a series, for its
//! variance and the standard error of its mean.

use serde::{Deserialize, Serialize};

use super::ExactSum;
use super::exact_sum::to_fixed;
use super::number_text::i128_string;

/// Exact sum and sum of squares, for the variance and the standard error of
/// the mean.
///
/// The sum is an [`ExactSum`] (2⁻³² resolution). The sum of squares adds
/// `x·x` (computed in `f64`, correctly rounded) as fixed point with
/// [`Moments::SQ_FRAC_BITS`] = 16 fractional bits in an `i128`: resolution
/// 2⁻¹⁶ ≈ 1.5e-5 **per squared value**. Both sums are integers, so merges are
/// exact and order-independent.
///
/// **Range.** `|x| < 2^47` ≈ 1.4e14 ([`Moments::MAX_ABS_VALUE`]); the sum of
/// squares must stay below 2^111 ≈ 2.6e33 (e.g. 10¹² values of magnitude
/// 10¹⁰). A value out of range, a non-finite value or a saturated total sets
/// the sticky [`overflowed`](Moments::overflowed) flag (never panics).
///
/// **Precision.** Because the squares are rounded to 2⁻¹⁶, the variance of a
/// series whose values are all small (|x| ≲ 0.01) or whose spread is tiny
/// compared with 2⁻¹⁶ is imprecise; the rounding error of the variance is
/// about 4.4e-6/√n in absolute terms. The final `Σx² − (Σx)²/n` is evaluated
/// in `f64`, so its relative error is about 1e-16·mean²/variance (negligible
/// unless the mean is ~10⁸ times the standard deviation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Moments {
    sum: ExactSum,
    #[serde(with = "i128_string")]
    sum_sq: i128,
    overflowed: bool,
}

impl Moments {
    /// Fractional bits of the fixed-point sum of squares.
    pub const SQ_FRAC_BITS: u32 = 16;
    /// Values must satisfy `|x| < MAX_ABS_VALUE` (= 2^47 ≈ 1.4e14).
    pub const MAX_ABS_VALUE: f64 = 140_737_488_355_328.0;
    const SQ_SCALE: f64 = 65_536.0;
    const SQ_LIMIT: f64 = 19_807_040_628_566_084_398_385_987_584.0; // 2^94

    /// Empty moments.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            sum: ExactSum::new(),
            sum_sq: 0,
            overflowed: false,
        }
    }

    /// Adds `x` to the sum and `x²` to the sum of squares.
    #[inline]
    pub fn add(&mut self, x: f64) {
        if x.is_nan() || x.abs() >= Self::MAX_ABS_VALUE {
            self.overflowed = true;
            return;
        }
        self.sum.add(x);
        match to_fixed(x * x, Self::SQ_SCALE, Self::SQ_LIMIT) {
            Some(q) => self.add_sq_raw(q),
            None => self.overflowed = true,
        }
    }

    #[inline(always)]
    fn add_sq_raw(&mut self, q: i128) {
        match self.sum_sq.checked_add(q) {
            Some(s) => self.sum_sq = s,
            None => {
                self.sum_sq = self.sum_sq.saturating_add(q);
                self.overflowed = true;
            }
        }
    }

    /// Adds other moments into these (exact).
    pub fn merge(&mut self, other: &Moments) {
        self.sum.merge(&other.sum);
        self.add_sq_raw(other.sum_sq);
        self.overflowed |= other.overflowed;
    }

    /// The exact sum of the values.
    #[must_use]
    pub fn sum(&self) -> &ExactSum {
        &self.sum
    }

    /// The sum of squares as `f64` (correctly rounded from the fixed point).
    #[must_use]
    pub fn sum_of_squares(&self) -> f64 {
        self.sum_sq as f64 * (1.0 / Self::SQ_SCALE)
    }

    /// Whether any value or total was out of range (see the type docs).
    #[must_use]
    pub fn overflowed(&self) -> bool {
        self.overflowed || self.sum.overflowed()
    }

    /// Mean of `count` values (0 when `count` is 0).
    #[must_use]
    pub fn mean(&self, count: u64) -> f64 {
        self.sum.mean(count)
    }

    /// Sample variance (divisor `count − 1`) of `count` values; 0 when
    /// `count < 2`. Never negative.
    #[must_use]
    pub fn variance(&self, count: u64) -> f64 {
        if count < 2 {
            return 0.0;
        }
        let n = count as f64;
        let s = self.sum.value();
        let v = (self.sum_of_squares() - s * (s / n)) / (n - 1.0);
        if v > 0.0 { v } else { 0.0 }
    }

    /// Standard error of the mean, `sqrt(variance / count)`; 0 when
    /// `count < 2`.
    #[must_use]
    pub fn std_error_of_mean(&self, count: u64) -> f64 {
        if count < 2 {
            return 0.0;
        }
        libm::sqrt(self.variance(count) / count as f64)
    }
}
