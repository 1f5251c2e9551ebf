//! [`ExactSum`]: the exact, order-independent sum of `f64` values in
//! signed fixed point, and the rounding to fixed point that [`Moments`]
//! shares; four values at a time in AVX2 registers where the processor
//! has them.
//!
//! [`Moments`]: super::Moments

use serde::{Deserialize, Serialize};

#[cfg(target_arch = "x86_64")]
use super::ROUND_MAGIC;
use super::number_text::i128_string;

/// 2^62 as an `f64` (exact).
const TWO_POW_62: f64 = 4_611_686_018_427_387_904.0;

/// Rounds `x · scale` to the nearest integer, ties away from zero.
///
/// `scale` must be a power of two and `limit · scale` must be below 2^127, so
/// that the product is exact and the integer fits an `i128`. Returns `None`
/// when `|x| >= limit` or `x` is not finite.
#[inline(always)]
pub(super) fn to_fixed(x: f64, scale: f64, limit: f64) -> Option<i128> {
    if x.is_nan() || x.abs() >= limit {
        return None;
    }
    // Exact: scaling by a power of two neither overflows (|y| < 2^127) nor
    // underflows (it scales up).
    let y = x * scale;
    if y.abs() < TWO_POW_62 {
        // Truncation toward zero; `t as f64` is exact (t has at most 53
        // significant bits) and so is the fractional part `y - t`.
        let t = y as i64;
        let frac = y - t as f64;
        let r = t + i64::from(frac >= 0.5) - i64::from(frac <= -0.5);
        Some(i128::from(r))
    } else {
        // |y| >= 2^62 > 2^52: y is already an integer, and |y| < 2^127.
        Some(y as i128)
    }
}

/// Values summed by [`fixed_sum_avx2`] at a time: far below the 2^31
/// additions its 64-bit lane totals can take.
#[cfg(target_arch = "x86_64")]
const EXACT_SUM_AVX2_BLOCK: usize = 1 << 16;

/// The sum of the fixed-point values (`x·2^32` rounded half away from zero,
/// as in [`to_fixed`]) of `xs`, whose length is a multiple of four, four
/// at a time; `None` if any `|x·2^32|` is not below 2^62 (or is NaN).
///
/// Each rounded value `r` (an integer below 2^62 in magnitude, exact in an
/// `f64`) is split into `hi = ⌊r/2^32⌋` and `lo = r − hi·2^32 ∈ [0, 2^32)`,
/// both exact, both below 2^51 and so converted to integers exactly by
/// adding 1.5·2^52 and reading the bits; the lanes total `hi` and `lo`
/// separately. The result is the same integer as the one-by-one sum.
///
/// Compiled with AVX2: callable only where the processor has it (`unsafe`
/// outside code compiled with AVX2).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fixed_sum_avx2(xs: &[f64]) -> Option<i128> {
    use std::arch::x86_64::*;
    debug_assert!(xs.len().is_multiple_of(4) && xs.len() <= EXACT_SUM_AVX2_BLOCK);
    let scale = _mm256_set1_pd(ExactSum::SCALE);
    let limit = _mm256_set1_pd(TWO_POW_62);
    let sign = _mm256_set1_pd(-0.0);
    let half = _mm256_set1_pd(0.5);
    let minus_half = _mm256_set1_pd(-0.5);
    let one = _mm256_set1_pd(1.0);
    let inv_two_32 = _mm256_set1_pd(1.0 / ExactSum::SCALE);
    let magic = _mm256_set1_pd(ROUND_MAGIC);
    let mut hi_total = _mm256_setzero_si256();
    let mut lo_total = _mm256_setzero_si256();
    for x4 in xs.chunks_exact(4) {
        // SAFETY: `x4` is a chunk of exactly four f64, the 32 bytes the
        // unaligned load reads.
        let x = unsafe { _mm256_loadu_pd(x4.as_ptr()) };
        let y = _mm256_mul_pd(x, scale);
        let in_range = _mm256_cmp_pd::<_CMP_LT_OQ>(_mm256_andnot_pd(sign, y), limit);
        if _mm256_movemask_pd(in_range) != 0b1111 {
            return None;
        }
        let t = _mm256_round_pd::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(y);
        let frac = _mm256_sub_pd(y, t);
        let up = _mm256_and_pd(_mm256_cmp_pd::<_CMP_GE_OQ>(frac, half), one);
        let down = _mm256_and_pd(_mm256_cmp_pd::<_CMP_LE_OQ>(frac, minus_half), one);
        let r = _mm256_sub_pd(_mm256_add_pd(t, up), down);
        let hi = _mm256_floor_pd(_mm256_mul_pd(r, inv_two_32));
        let lo = _mm256_sub_pd(r, _mm256_mul_pd(hi, scale));
        let bits = |v: __m256d| {
            _mm256_sub_epi64(
                _mm256_castpd_si256(_mm256_add_pd(v, magic)),
                _mm256_castpd_si256(magic),
            )
        };
        hi_total = _mm256_add_epi64(hi_total, bits(hi));
        lo_total = _mm256_add_epi64(lo_total, bits(lo));
    }
    let mut his = [0i64; 4];
    let mut los = [0i64; 4];
    // SAFETY: `his` and `los` are four i64 each, the 32 bytes each
    // unaligned store writes.
    unsafe {
        _mm256_storeu_si256(his.as_mut_ptr().cast(), hi_total);
        _mm256_storeu_si256(los.as_mut_ptr().cast(), lo_total);
    }
    let hi: i128 = his.iter().map(|&h| i128::from(h)).sum();
    let lo: i128 = los.iter().map(|&l| i128::from(l)).sum();
    Some((hi << 32) + lo)
}

/// Exact, order-independent sum of `f64` values.
///
/// Each value is rounded once to signed fixed point with [`ExactSum::FRAC_BITS`]
/// = 32 fractional bits (resolution 2⁻³² ≈ 2.33e-10, ties rounded away from
/// zero) and the integers are added in an `i128`. Integer addition is
/// associative, so any order, batching or merge tree of the same values gives
/// the same bits.
///
/// **Range.** A single value must satisfy `|x| < 2^62` (≈ 4.6e18,
/// [`ExactSum::MAX_ABS_VALUE`]); the running total must stay below 2^95 ≈ 4e28
/// in magnitude (i.e. it can absorb at least 2^33 ≈ 8.6e9 values of maximal
/// size, and far more of ordinary size). A value out of range or not finite is
/// **not added** and sets the sticky [`overflowed`](ExactSum::overflowed) flag;
/// a total that would leave the `i128` saturates and sets the flag. Nothing
/// panics or wraps. Once the flag is set the sum must be treated as invalid
/// (exactness and order independence are only guaranteed while it is clear).
///
/// **Serde.** `{"raw": "<i128 as decimal string>", "overflowed": bool}` where
/// `raw` is the sum times 2^32 (binary formats store the `i128` natively).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExactSum {
    #[serde(with = "i128_string")]
    raw: i128,
    overflowed: bool,
}

impl ExactSum {
    /// Number of fractional bits of the fixed-point representation.
    pub const FRAC_BITS: u32 = 32;
    /// Resolution of the representation: 2⁻³² ≈ 2.33e-10.
    pub const RESOLUTION: f64 = 1.0 / 4_294_967_296.0;
    /// Values must satisfy `|x| < MAX_ABS_VALUE` (= 2^62 ≈ 4.6e18).
    pub const MAX_ABS_VALUE: f64 = TWO_POW_62;
    const SCALE: f64 = 4_294_967_296.0;

    /// An empty sum (zero).
    #[must_use]
    pub const fn new() -> Self {
        Self {
            raw: 0,
            overflowed: false,
        }
    }

    /// Adds `x`, rounded to the nearest multiple of 2⁻³² (ties away from zero).
    ///
    /// Values with `|x| >= 2^62` and non-finite values are not added; they set
    /// the overflow flag instead.
    #[inline]
    pub fn add(&mut self, x: f64) {
        match to_fixed(x, Self::SCALE, Self::MAX_ABS_VALUE) {
            Some(q) => self.add_raw(q),
            None => self.overflowed = true,
        }
    }

    /// Adds every value of `xs`: the same total and flag as adding them one
    /// by one with [`add`](Self::add) (integer addition is exact and
    /// associative), faster: values of ordinary size are rounded with 64-bit
    /// integers and summed in a local total added once, four at a time in
    /// AVX2 registers where the processor has them (see `fixed_sum_avx2`).
    pub fn add_many(&mut self, xs: &[f64]) {
        #[cfg(target_arch = "x86_64")]
        let done = if std::is_x86_feature_detected!("avx2") {
            let mut total: i128 = 0;
            for chunk in xs.chunks(EXACT_SUM_AVX2_BLOCK) {
                let four = chunk.len() / 4 * 4;
                // SAFETY: the processor has AVX2 (detected above), all that
                // the function requires.
                match unsafe { fixed_sum_avx2(&chunk[..four]) } {
                    Some(t) => total += t,
                    // A value too large for the sum (or not finite): the
                    // block one by one, which sets the flag.
                    None => self.add_many_scalar(&chunk[..four]),
                }
                self.add_many_scalar(&chunk[four..]);
            }
            self.add_raw(total);
            xs.len()
        } else {
            0
        };
        #[cfg(not(target_arch = "x86_64"))]
        let done = 0;
        self.add_many_scalar(&xs[done..]);
    }

    fn add_many_scalar(&mut self, xs: &[f64]) {
        // At most 2^62 per value, so 2^64 values cannot overflow the i128.
        let mut total: i128 = 0;
        for &x in xs {
            let y = x * Self::SCALE;
            // Also false for NaN and ±∞.
            if y.abs() < TWO_POW_62 {
                // As in `to_fixed`: truncation, then ties away from zero.
                let t = y as i64;
                let frac = y - t as f64;
                let r = t + i64::from(frac >= 0.5) - i64::from(frac <= -0.5);
                total += i128::from(r);
            } else {
                self.add(x);
            }
        }
        self.add_raw(total);
    }

    /// Adds `x` `n` times: the same total and flag as [`add_many`](Self::add_many)
    /// of `n` copies, with one rounding and one multiplication.
    pub fn add_repeated(&mut self, x: f64, n: u64) {
        let y = x * Self::SCALE;
        if y.abs() < TWO_POW_62 {
            let t = y as i64;
            let frac = y - t as f64;
            let r = t + i64::from(frac >= 0.5) - i64::from(frac <= -0.5);
            // |r| ≤ 2^62 and n < 2^64: the product fits in an i128.
            self.add_raw(i128::from(r) * i128::from(n));
        } else {
            for _ in 0..n {
                self.add(x);
            }
        }
    }

    #[inline(always)]
    fn add_raw(&mut self, q: i128) {
        match self.raw.checked_add(q) {
            Some(s) => self.raw = s,
            None => {
                self.raw = self.raw.saturating_add(q);
                self.overflowed = true;
            }
        }
    }

    /// Adds another sum into this one (exact; commutative and associative
    /// while no overflow occurs).
    pub fn merge(&mut self, other: &ExactSum) {
        self.add_raw(other.raw);
        self.overflowed |= other.overflowed;
    }

    /// The sum as the `f64` nearest to the exact fixed-point total (one
    /// correctly rounded conversion, ties to even).
    #[must_use]
    pub fn value(&self) -> f64 {
        // `i128 as f64` rounds to nearest-even; the scaling by 2^-32 is exact.
        self.raw as f64 * Self::RESOLUTION
    }

    /// The mean `value() / count`, or 0 when `count` is 0.
    #[must_use]
    pub fn mean(&self, count: u64) -> f64 {
        if count == 0 {
            0.0
        } else {
            self.value() / count as f64
        }
    }

    /// The exact total as an integer multiple of 2⁻³² (`sum · 2^32`).
    #[must_use]
    pub fn raw(&self) -> i128 {
        self.raw
    }

    /// Whether a value was out of range (or not finite) or the total
    /// saturated; if so the sum is not exact.
    #[must_use]
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Longer than one block of the four-lane exact sum.
    #[cfg(target_arch = "x86_64")]
    const EXACT_SUM_BLOCK_TEST: usize = EXACT_SUM_AVX2_BLOCK + 4;
    #[cfg(not(target_arch = "x86_64"))]
    const EXACT_SUM_BLOCK_TEST: usize = 70_000;

    /// The sum of a slice at once (four lanes at a time where the
    /// processor has AVX2) equals the sum of its values one by one: ties
    /// of the 2^-32 rounding in both directions, negative values, yen
    /// amounts up to just below 2^30 and beyond, values too large for the
    /// sum, a slice longer than one lane block, lengths not a multiple of
    /// four.
    #[test]
    fn exact_sum_of_a_slice_equals_one_by_one() {
        let tie = ExactSum::RESOLUTION / 2.0;
        let mut state = 0x5eed_0f5a_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 11
        };
        let mut values = Vec::new();
        for i in 0..(EXACT_SUM_BLOCK_TEST + 7) {
            let z = next();
            let sign = if z & 1 == 0 { 1.0 } else { -1.0 };
            let v = match i % 6 {
                0 => (z >> 1) as f64 / (1u64 << 40) as f64,
                1 => 3.0 * tie + (z % 1000) as f64 * ExactSum::RESOLUTION,
                2 => (z % (1 << 30)) as f64 + 0.5,
                3 => 1_073_741_823.999_999_9,
                4 => tie,
                _ => (z as f64 / (1u64 << 53) as f64) * 1e6,
            };
            values.push(sign * v);
        }
        for len in [0, 1, 3, 4, 5, 63, 64, 1000, values.len()] {
            let mut one = ExactSum::new();
            for &x in &values[..len] {
                one.add(x);
            }
            let mut many = ExactSum::new();
            many.add_many(&values[..len]);
            assert_eq!(many, one, "{len} values");
        }
        // A value of 2^30 or more (its fixed-point value not below 2^62)
        // is summed exactly one by one; one too large for the sum (or not
        // finite) sets the flag and leaves the rest summed.
        let mut large = values[..100].to_vec();
        large[50] = 5_500_000_000.25;
        large[51] = -1_073_741_824.0;
        let mut one = ExactSum::new();
        for &x in &large {
            one.add(x);
        }
        let mut many = ExactSum::new();
        many.add_many(&large);
        assert!(!many.overflowed());
        assert_eq!(many, one);
        let mut with_huge = large;
        with_huge[41] = 1e19;
        with_huge[77] = f64::NAN;
        let mut one = ExactSum::new();
        for &x in &with_huge {
            one.add(x);
        }
        let mut many = ExactSum::new();
        many.add_many(&with_huge);
        assert!(many.overflowed());
        assert_eq!(many, one);
    }
}
