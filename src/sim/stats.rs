//! Streaming summaries of Monte Carlo series that merge exactly.
//!
//! Every type here has memory that does not grow with the number of runs, and
//! merging two summaries gives **bit-identical** results whatever the merge
//! order and however the runs were split into batches, shards or threads. The
//! results are also bit-identical natively and on `wasm32`:
//!
//! * anything that is summed is summed in integers ([`ExactSum`] and
//!   [`Moments`] use signed fixed point in an `i128`; counts are `u64`), so
//!   addition is associative and commutative;
//! * the only transcendental functions used (`exp`, `sqrt`) come from the
//!   pure-Rust [`libm`] crate, never from the platform's maths library; the
//!   sketch's bucket logarithm is computed from the float's bits with a
//!   compile-time table;
//! * everything else is IEEE-754 basic arithmetic (no fused multiply-add),
//!   which is correctly rounded on every supported target.
//!
//! The types:
//!
//! * [`ExactSum`]: exact sum of `f64` values at a resolution of 2⁻³² (≈ 2.3e-10).
//! * [`Moments`]: sum and sum of squares, for variance and standard errors.
//! * [`QuantileSketch`]: a DDSketch with relative accuracy [`ALPHA`] = 0.2 %,
//!   exact `min`/`max`/`count`, order-independent merges.
//! * [`Summary`]: count + exact sum + sketch of one scalar series, reduced to
//!   [`SeriesStats`] (mean and the 5/25/50/75/95 % quantiles).
//! * [`Proportion`]: successes out of trials, with a binomial standard error.
//!
//! All types serialize with serde; the JSON forms round-trip exactly.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use crate::model::special::const_ln;

// ---------------------------------------------------------------------------
// Fixed-point helpers
// ---------------------------------------------------------------------------

/// 2^62 as an `f64` (exact).
const TWO_POW_62: f64 = 4_611_686_018_427_387_904.0;

/// Rounds `x · scale` to the nearest integer, ties away from zero.
///
/// `scale` must be a power of two and `limit · scale` must be below 2^127, so
/// that the product is exact and the integer fits an `i128`. Returns `None`
/// when `|x| >= limit` or `x` is not finite.
#[inline(always)]
fn to_fixed(x: f64, scale: f64, limit: f64) -> Option<i128> {
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

/// The first step of [`QuantileSketch::add_many`] for `xs` (at most 64
/// values, a multiple of four), four at a time: each quadruple whose values
/// are all finite and at least [`ZERO_THRESHOLD`] in magnitude has its
/// magnitudes and sign bits appended at `n` and its values taken into
/// `min` and `max`. Returns the other quadruples as a bit mask (bit q for
/// `xs[4q..4q + 4]`), for the caller to take one by one.
///
/// Compiled with AVX2: callable only where the processor has it (`unsafe`
/// outside code compiled with AVX2).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn classify_avx2(
    xs: &[f64],
    magnitude: &mut [f64; 64],
    sign: &mut [u8; 64],
    n: &mut usize,
    min: &mut f64,
    max: &mut f64,
) -> u64 {
    use std::arch::x86_64::*;
    // The stores below rely on this bound.
    assert!(xs.len() <= 64, "at most 64 values at a time");
    debug_assert!(xs.len().is_multiple_of(4) && *n == 0);
    let sign_bit = _mm256_set1_pd(-0.0);
    let threshold = _mm256_set1_pd(ZERO_THRESHOLD);
    let largest = _mm256_set1_pd(f64::MAX);
    let mut lo = _mm256_set1_pd(*min);
    let mut hi = _mm256_set1_pd(*max);
    let mut odd = 0u64;
    let mut k = 0;
    for (q, x4) in xs.chunks_exact(4).enumerate() {
        // SAFETY: `x4` is a chunk of exactly four f64, the 32 bytes the
        // unaligned load reads.
        let x = unsafe { _mm256_loadu_pd(x4.as_ptr()) };
        let a = _mm256_andnot_pd(sign_bit, x);
        // Ordinary: ZERO_THRESHOLD ≤ |x| ≤ f64::MAX (false for NaN).
        let ordinary = _mm256_and_pd(
            _mm256_cmp_pd::<_CMP_GE_OQ>(a, threshold),
            _mm256_cmp_pd::<_CMP_LE_OQ>(a, largest),
        );
        if _mm256_movemask_pd(ordinary) != 0b1111 {
            odd |= 1 << q;
            continue;
        }
        // No zeros here, so no -0.0 to normalise; min and max of finite
        // values are the values themselves whatever the order.
        lo = _mm256_min_pd(lo, x);
        hi = _mm256_max_pd(hi, x);
        // SAFETY: k is four times the number of quadruples of `xs` stored
        // before this one, and `xs` has at most 16 (asserted above), so
        // k + 4 ≤ 64: the four f64 the unaligned store writes lie within
        // `magnitude`.
        unsafe { _mm256_storeu_pd(magnitude.as_mut_ptr().add(k), a) };
        let signs = _mm256_movemask_pd(x) as u32;
        for (l, s) in sign[k..k + 4].iter_mut().enumerate() {
            *s = ((signs >> l) & 1) as u8;
        }
        k += 4;
    }
    let mut lows = [0.0; 4];
    let mut highs = [0.0; 4];
    // SAFETY: `lows` and `highs` are four f64 each, the 32 bytes each
    // unaligned store writes.
    unsafe {
        _mm256_storeu_pd(lows.as_mut_ptr(), lo);
        _mm256_storeu_pd(highs.as_mut_ptr(), hi);
    }
    for (&l, &h) in lows.iter().zip(&highs) {
        *min = if l < *min { l } else { *min };
        *max = if h > *max { h } else { *max };
    }
    *n = k;
    odd
}

/// Serde adapter writing an `i128` as a decimal string in human-readable
/// formats (JSON numbers cannot hold the full `i128` range), natively
/// otherwise.
mod i128_string {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(v)
        } else {
            v.serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        if !d.is_human_readable() {
            return i128::deserialize(d);
        }
        let s = String::deserialize(d)?;
        s.parse::<i128>()
            .map_err(|e| D::Error::custom(format!("invalid i128 string {s:?}: {e}")))
    }
}

/// Serde adapter writing an `f64` as a decimal string that parses back to
/// the same bits.
///
/// serde_json's default float parser (without its `float_roundtrip`
/// feature) can be off by one ulp for 17-digit or far-exponent numbers, which
/// would break bit-identical merges across a serialization boundary. Rust's
/// own formatting (shortest round-trip digits) and `str::parse::<f64>`
/// (correctly rounded) are exact and identical on every target. Plain
/// notation is used for 1e-5 <= |x| < 1e16 (e.g. `"30000"`, `"0.72"`),
/// exponent notation otherwise (e.g. `"7.788303693385738e302"`). Input may
/// also be a JSON number (accepted as parsed). Binary (non-human-readable)
/// formats use the plain `f64`, which they store exactly.
mod f64_string {
    use serde::de::{Error, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return v.serialize(s);
        }
        let a = v.abs();
        if a == 0.0 || (1e-5..1e16).contains(&a) {
            s.collect_str(v)
        } else {
            s.collect_str(&format_args!("{v:e}"))
        }
    }

    struct F64Visitor;

    impl Visitor<'_> for F64Visitor {
        type Value = f64;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a finite number or a decimal string")
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<f64, E> {
            v.trim()
                .parse::<f64>()
                .map_err(|e| E::custom(format!("invalid f64 string {v:?}: {e}")))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        if d.is_human_readable() {
            d.deserialize_any(F64Visitor)
        } else {
            f64::deserialize(d)
        }
    }
}

// ---------------------------------------------------------------------------
// ExactSum
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Moments
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// QuantileSketch
// ---------------------------------------------------------------------------

/// Relative accuracy of [`QuantileSketch`]: every quantile estimate `e` of an
/// exact order statistic `v` satisfies `|e − v| ≤ ALPHA·|v|` (plus a few ulps),
/// for `|v| >= ZERO_THRESHOLD` or `v = 0`, unless buckets were collapsed.
pub const ALPHA: f64 = 0.002;

/// Ratio between consecutive bucket bounds: γ = (1 + α)/(1 − α).
pub const GAMMA: f64 = (1.0 + ALPHA) / (1.0 - ALPHA);

/// Values with `|x| < ZERO_THRESHOLD` (= 1e-12) go to the zero bucket and are
/// estimated as 0 (clamped to `[min, max]`), so their absolute error is below
/// 1e-12.
pub const ZERO_THRESHOLD: f64 = 1e-12;

/// Maximum number of buckets per store (positive and negative) of a
/// [`QuantileSketch`]: 4096 buckets span a factor γ^4096 ≈ 1.3e7 (about seven
/// decades). Wider data collapses its smallest-magnitude buckets.
pub const MAX_BUCKETS: usize = 4096;

/// ln γ = 2·atanh(α), evaluated as a series at compile time (exact to f64).
const LN_GAMMA: f64 = {
    let a = ALPHA;
    let a2 = a * a;
    2.0 * (a + a * a2 / 3.0 + a * a2 * a2 / 5.0 + a * a2 * a2 * a2 / 7.0)
};
const INV_LN_GAMMA: f64 = 1.0 / LN_GAMMA;
/// Buckets allocated for the first value of a store.
const INITIAL_BUCKETS: usize = 64;
/// Bound on indices accepted from serialized input (real indices lie in
/// about [−6907, 177 446]).
const INDEX_BOUND: i32 = 1 << 20;

/// Bits of the mantissa used to index [`LOG_TABLE`].
const TABLE_BITS: u32 = 10;
const TABLE_SIZE: usize = 1 << TABLE_BITS;
const MANTISSA_MASK: u64 = (1 << 52) - 1;
const ONE_BITS: u64 = 0x3FF0_0000_0000_0000;
/// Mask keeping the top `TABLE_BITS` bits of the mantissa.
const TABLE_MASK: u64 = MANTISSA_MASK & !((1 << (52 - TABLE_BITS)) - 1);
/// ln 2 / ln γ: buckets per octave (≈ 173.3).
const LN2_OVER_LN_GAMMA: f64 = core::f64::consts::LN_2 / LN_GAMMA;
/// 1.5·2^52: adding it to |y| < 2^51 rounds y to an integer held in the low
/// bits of the result.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;
/// Taylor coefficients of log1p(r)/ln γ = (r − r²/2 + r³/3 − …)/ln γ.
const P1: f64 = INV_LN_GAMMA;
const P2: f64 = -0.5 * INV_LN_GAMMA;
const P3: f64 = INV_LN_GAMMA / 3.0;
const P4: f64 = -0.25 * INV_LN_GAMMA;

/// For each segment `j` of the mantissa, starting at
/// `c_j = 1 + j/2^TABLE_BITS`: `(1/c_j, ln(c_j)/ln γ + 1/2)`.
/// Built by const evaluation (IEEE arithmetic), so identical everywhere.
const LOG_TABLE: [(f64, f64); TABLE_SIZE] = {
    let mut t = [(0.0, 0.0); TABLE_SIZE];
    let mut j = 0;
    while j < TABLE_SIZE {
        let c = 1.0 + j as f64 / TABLE_SIZE as f64;
        t[j] = (1.0 / c, const_ln(c) * INV_LN_GAMMA + 0.5);
        j += 1;
    }
    t
};

/// [`LOG_TABLE`] as one array: entry 2j is `1/c_j`, entry 2j + 1 is
/// `ln(c_j)/ln γ + 1/2` (for gathers).
#[cfg(target_arch = "x86_64")]
static LOG_TABLE_FLAT: [f64; 2 * TABLE_SIZE] = {
    let mut t = [0.0; 2 * TABLE_SIZE];
    let mut j = 0;
    while j < TABLE_SIZE {
        t[2 * j] = LOG_TABLE[j].0;
        t[2 * j + 1] = LOG_TABLE[j].1;
        j += 1;
    }
    t
};

/// Bucket index of a positive `a >= ZERO_THRESHOLD` (so `a` is normal and
/// finite): `ceil(ln(a) / ln γ)`, so bucket `i` holds (γ^(i−1), γ^i].
///
/// Computed with integer bit manipulation and IEEE basic arithmetic only
/// (identical on every target, about 3× faster than `libm::log`):
/// `a = 2^e·m` with `m` in [1, 2); the top `TABLE_BITS` = 10 mantissa bits
/// select `c_j <= m`; `ln m = ln c_j + log1p(r)` with
/// `r = (m − c_j)/c_j` in [0, 2^-10), and `log1p` by its degree-4 Taylor
/// polynomial (truncation error < 2e-16). Powers of two (`r = 0`, and
/// `ln 1 = 0` exactly) are exact. `y = ln(a)/ln γ` is then within
/// about 4e-11 bucket units of the exact value (dominated by the rounding
/// of `e·ln2/ln γ`), and the index is `y + 1/2` rounded to the nearest
/// integer (= `ceil(y)` except exactly at a bound). So only values within
/// ~2e-13 relative of a bucket bound can land in the neighbouring bucket,
/// which adds at most that to the relative error.
#[inline(always)]
fn bucket_index(a: f64) -> i32 {
    let bits = a.to_bits();
    let e = (bits >> 52) as i32 - 1023;
    let j = ((bits & TABLE_MASK) >> (52 - TABLE_BITS)) as usize;
    let m = f64::from_bits((bits & MANTISSA_MASK) | ONE_BITS);
    let c = f64::from_bits((bits & TABLE_MASK) | ONE_BITS);
    let (inv_c, ln_c_half) = LOG_TABLE[j];
    // m − c is exact (same binade); r has a relative error of one ulp.
    let r = (m - c) * inv_c;
    let r2 = r * r;
    let log1p = r * P1 + r2 * (P2 + r * P3 + r2 * P4);
    let y_half = f64::from(e) * LN2_OVER_LN_GAMMA + ln_c_half + log1p;
    // |y| < 2^18: the low 32 bits of `y_half + ROUND_MAGIC` hold the
    // nearest integer to `y_half` in two's complement.
    (y_half + ROUND_MAGIC).to_bits() as i32
}

/// [`bucket_index`] of every value of `a` (each finite and at least
/// [`ZERO_THRESHOLD`]) into `idx`: four at a time in AVX2 registers where
/// the processor has them, with the same operations in the same order (so
/// the same indices), one at a time elsewhere.
fn bucket_indices(a: &[f64], idx: &mut [i32]) {
    #[cfg(target_arch = "x86_64")]
    let done = if std::is_x86_feature_detected!("avx2") {
        let (a4s, _) = a.as_chunks::<4>();
        let (i4s, _) = idx.as_chunks_mut::<4>();
        for (a4, i4) in a4s.iter().zip(i4s) {
            // SAFETY: the processor has AVX2 (detected just above), all
            // that the function requires.
            unsafe { bucket_indices_avx2(a4, i4) };
        }
        a.len().min(idx.len()) / 4 * 4
    } else {
        0
    };
    #[cfg(not(target_arch = "x86_64"))]
    let done = 0;
    for (x, i) in a[done..].iter().zip(&mut idx[done..]) {
        *i = bucket_index(*x);
    }
}

/// [`bucket_index`] of four values in AVX2 registers.
///
/// Compiled with AVX2: callable only where the processor has it (`unsafe`
/// outside code compiled with AVX2).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn bucket_indices_avx2(a: &[f64; 4], idx: &mut [i32; 4]) {
    use std::arch::x86_64::*;
    // SAFETY: `a` is four f64, the 32 bytes the unaligned load reads.
    let bits = unsafe { _mm256_loadu_si256(a.as_ptr().cast()) };
    // The low 32 bits of each 64-bit lane, in order: exponent and
    // table index fit in 32 bits.
    let low = _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0);
    let e64 = _mm256_srli_epi64::<52>(bits);
    let e = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(e64, low));
    let e = _mm_sub_epi32(e, _mm_set1_epi32(1023));
    let table_mask = _mm256_set1_epi64x(TABLE_MASK as i64);
    let j64 = _mm256_srli_epi64::<{ 52 - TABLE_BITS as i32 }>(_mm256_and_si256(bits, table_mask));
    let j = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(j64, low));
    let one = _mm256_set1_epi64x(ONE_BITS as i64);
    let m = _mm256_castsi256_pd(_mm256_or_si256(
        _mm256_and_si256(bits, _mm256_set1_epi64x(MANTISSA_MASK as i64)),
        one,
    ));
    let c = _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(bits, table_mask), one));
    // The table pairs (1/c, ln c / 2 ln γ) of the four lanes: one
    // 128-bit load per lane and a transpose, faster than two gather
    // instructions on many processors.
    let table = LOG_TABLE_FLAT.as_ptr();
    let mut js = [0i32; 4];
    // SAFETY: `js` is four i32, the 16 bytes the unaligned store writes.
    unsafe { _mm_storeu_si128(js.as_mut_ptr().cast(), j) };
    // SAFETY: each js[l] is ten bits of the mantissa (masked by TABLE_MASK
    // and shifted down), so 0 ≤ js[l] < TABLE_SIZE and the two f64 at
    // 2·js[l] lie within the 2·TABLE_SIZE of `LOG_TABLE_FLAT` (unaligned
    // load).
    let pair = |l: usize| unsafe { _mm_loadu_pd(table.add(2 * js[l] as usize)) };
    let x02 = _mm256_set_m128d(pair(2), pair(0));
    let x13 = _mm256_set_m128d(pair(3), pair(1));
    let inv_c = _mm256_unpacklo_pd(x02, x13);
    let ln_c_half = _mm256_unpackhi_pd(x02, x13);
    let r = _mm256_mul_pd(_mm256_sub_pd(m, c), inv_c);
    let r2 = _mm256_mul_pd(r, r);
    let inner = _mm256_add_pd(
        _mm256_add_pd(_mm256_set1_pd(P2), _mm256_mul_pd(r, _mm256_set1_pd(P3))),
        _mm256_mul_pd(r2, _mm256_set1_pd(P4)),
    );
    let log1p = _mm256_add_pd(
        _mm256_mul_pd(r, _mm256_set1_pd(P1)),
        _mm256_mul_pd(r2, inner),
    );
    let y_half = _mm256_add_pd(
        _mm256_add_pd(
            _mm256_mul_pd(_mm256_cvtepi32_pd(e), _mm256_set1_pd(LN2_OVER_LN_GAMMA)),
            ln_c_half,
        ),
        log1p,
    );
    let rounded = _mm256_castpd_si256(_mm256_add_pd(y_half, _mm256_set1_pd(ROUND_MAGIC)));
    let out = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(rounded, low));
    // SAFETY: `idx` is four i32, the 16 bytes the unaligned store writes.
    unsafe { _mm_storeu_si128(idx.as_mut_ptr().cast(), out) };
}

/// Loads the counter `counts[j]` if it exists, so that its cache line is
/// on its way before the counter is needed; the value is discarded.
#[inline(always)]
fn touch(counts: &[u64], j: usize) {
    std::hint::black_box(counts.get(j).copied());
}

/// Representative value of bucket `i`: 2γ^i/(γ+1) = (1 − α)·γ^i, whose relative
/// distance to both bucket bounds is exactly α.
#[inline]
fn bucket_value(i: i32) -> f64 {
    libm::exp(f64::from(i) * LN_GAMMA) * (1.0 - ALPHA)
}

/// Dense bucket counts for one sign. `counts[j]` is the count of bucket
/// `offset + j`. Invariant: `counts.len() <= MAX_BUCKETS`, and every nonzero
/// bucket lies in the window. Because the window contains the highest
/// nonzero index and is at most `MAX_BUCKETS` wide, its lower end is never
/// below the collapse boundary, so the fast path never needs to collapse.
#[derive(Clone, Debug, Default)]
struct Store {
    counts: Vec<u64>,
    offset: i32,
}

impl Store {
    /// Counts one value in bucket `idx`; returns whether buckets collapsed.
    #[inline(always)]
    fn add_one(&mut self, idx: i32) -> bool {
        // Indices are bounded by |idx| < 2^20, so the subtraction never wraps;
        // a negative difference becomes a huge usize and fails the check.
        let j = idx.wrapping_sub(self.offset) as u32 as usize;
        if let Some(c) = self.counts.get_mut(j) {
            *c += 1;
            false
        } else {
            self.add_slow(idx, 1)
        }
    }

    #[cold]
    #[inline(never)]
    fn add_slow(&mut self, idx: i32, count: u64) -> bool {
        let len = self.counts.len();
        // Full window whose top bucket is occupied: the boundary is `offset`,
        // so anything below collapses into the first bucket in O(1).
        if idx < self.offset && len == MAX_BUCKETS && self.counts[len - 1] != 0 {
            self.counts[0] += count;
            return true;
        }
        let (boundary, mut collapsed) = self.reshape(idx, idx);
        let t = if idx < boundary {
            collapsed = true;
            boundary
        } else {
            idx
        };
        self.counts[(t - self.offset) as usize] += count;
        collapsed
    }

    /// Lowest and highest nonzero index.
    fn nonzero_range(&self) -> Option<(i32, i32)> {
        let lo = self.counts.iter().position(|&c| c != 0)?;
        let hi = self.counts.iter().rposition(|&c| c != 0)?;
        Some((self.offset + lo as i32, self.offset + hi as i32))
    }

    /// Prepares the window for adding indices in `[lo_in, hi_in]`.
    ///
    /// The collapse boundary is `highest index − (MAX_BUCKETS − 1)`, where the
    /// highest index includes `hi_in`; existing counts below it are folded into
    /// it. Returns the boundary (indices below it must be added at the
    /// boundary) and whether existing counts were folded. Because the result
    /// depends only on the highest index ever seen, collapsing commutes with
    /// adding and merging.
    fn reshape(&mut self, lo_in: i32, hi_in: i32) -> (i32, bool) {
        let cur = self.nonzero_range();
        let (lo_all, hi_new) = match cur {
            Some((lo, hi)) => (lo.min(lo_in), hi.max(hi_in)),
            None => (lo_in, hi_in),
        };
        let max = MAX_BUCKETS as i32;
        let boundary = hi_new - (max - 1);
        let lo_new = lo_all.max(boundary);
        let len = self.counts.len() as i32;
        if lo_new >= self.offset && hi_new < self.offset + len {
            // Already covered; the window contains the highest index and is
            // at most MAX_BUCKETS wide, so nothing lies below the boundary.
            return (boundary, false);
        }
        let needed = (hi_new - lo_new + 1) as usize;
        let target = needed
            .max(2 * self.counts.len())
            .clamp(INITIAL_BUCKETS, MAX_BUCKETS);
        // The spare buckets go half below, half above: a series that has
        // grown on one side is as likely to grow on the other next, and
        // with all the spare on the side of the last growth, a series
        // spread around its first values would double its window at each
        // change of side (up to the 4096 buckets of the bound for a
        // series that needs a few hundred).
        let extra = (target - needed) as i32;
        let down = extra / 2;
        let new_off = boundary.max(lo_new - down);
        let mut counts = vec![0u64; target];
        let mut folded = false;
        for (j, &c) in self.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let i = self.offset + j as i32;
            let t = if i < boundary {
                folded = true;
                boundary
            } else {
                i
            };
            counts[(t - new_off) as usize] += c;
        }
        self.counts = counts;
        self.offset = new_off;
        (boundary, folded)
    }

    /// Adds all buckets of `other`; returns whether buckets collapsed.
    fn merge(&mut self, other: &Store) -> bool {
        let Some((lo, hi)) = other.nonzero_range() else {
            return false;
        };
        let (boundary, mut collapsed) = self.reshape(lo, hi);
        for (i, c) in other.iter() {
            let t = if i < boundary {
                collapsed = true;
                boundary
            } else {
                i
            };
            self.counts[(t - self.offset) as usize] += c;
        }
        collapsed
    }

    /// Nonzero buckets `(index, count)` in increasing index order.
    fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        let off = self.offset;
        self.counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c != 0)
            .map(move |(j, &c)| (off + j as i32, c))
    }

    /// Builds a store from validated sparse buckets (strictly increasing
    /// indices, positive counts, width at most MAX_BUCKETS).
    fn from_sparse(buckets: &[(i32, u64)]) -> Store {
        match (buckets.first(), buckets.last()) {
            (Some(&(lo, _)), Some(&(hi, _))) => {
                let mut counts = vec![0u64; (hi - lo + 1) as usize];
                for &(i, c) in buckets {
                    counts[(i - lo) as usize] = c;
                }
                Store { counts, offset: lo }
            }
            _ => Store::default(),
        }
    }

    /// Heap bytes held by the bucket vector.
    fn heap_bytes(&self) -> usize {
        self.counts.capacity() * size_of::<u64>()
    }
}

impl PartialEq for Store {
    /// Compares the represented nonzero buckets, not the window layout.
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Store {}

/// A DDSketch (Masson, Rim & Lee, VLDB 2019) with relative accuracy
/// [`ALPHA`] = 0.002, plus the exact `count`, `min` and `max`.
///
/// # Quantile definition
///
/// `quantile(q)` estimates the order statistic of **0-based rank
/// `k = floor(q·(n − 1))`** (the product evaluated in `f64`) among the `n`
/// finite values added — numpy's `method='lower'`. The estimate is the
/// representative value `2γ^i/(γ + 1)` of the bucket `i` holding that rank
/// (mirrored for negative values, 0 for the zero bucket), clamped to
/// `[min, max]`; for `k = 0` it is `min` and for `k = n − 1` it is `max`,
/// exactly. With one value every quantile is that value.
///
/// # Accuracy guarantee
///
/// For finite data with `|x| >= ZERO_THRESHOLD` (1e-12) or `x = 0`, and as
/// long as [`collapsed`](Self::collapsed) is false,
/// `|estimate − exact| <= ALPHA·|exact|` up to a few ulps. Values with
/// `0 < |x| < 1e-12` are estimated with absolute error below 1e-12.
///
/// # Buckets
///
/// Positive values go to bucket `ceil(ln x / ln γ)`, so bucket `i` holds
/// (γ^(i−1), γ^i]. The logarithm is computed from the float's bits with a
/// compile-time table and a short polynomial (IEEE basic arithmetic only, so
/// identical on every platform; about 3× faster than `libm::log`); it is
/// accurate enough that only values within ~2e-13 (relative) of a bucket
/// bound can land in the neighbouring bucket. Negative values go to a mirrored store by `|x|`; values
/// with `|x| < 1e-12` go to a zero count. Each store is a dense `Vec<u64>`
/// window that grows in either direction, capped at [`MAX_BUCKETS`] (4096,
/// about seven decades). When a store would exceed the cap, its lowest
/// (smallest-magnitude) buckets are collapsed into the lowest kept bucket:
/// only the smallest magnitudes of that sign lose accuracy (they are
/// over-estimated in magnitude) and the sticky `collapsed` flag is set. The
/// kept range depends only on the largest magnitude ever seen, so collapsing
/// is itself order-independent.
///
/// # Merging
///
/// `merge` is exactly associative and commutative: the sketch of A ∪ B equals
/// `merge(sketch(A), sketch(B))`. Equality (`PartialEq`) compares counts,
/// flags, min, max and the nonzero buckets, not the internal window layout.
///
/// Non-finite input is never added; it is counted in `rejected`. `-0.0` is
/// stored as `+0.0` so that `min`/`max` do not depend on order.
///
/// # Serde
///
/// Sparse form `{count, min, max, zero, rejected, collapsed, positive:
/// [[index, count], …], negative: [[index, count], …]}` (indices increasing,
/// counts positive). `min` and `max` are written as decimal **strings** in
/// Rust's shortest round-trip form (e.g. `"0.72"`, `"-1"`, `"1e-300"`; `"0"`
/// for an empty sketch), because serde_json's default number parser is not
/// always correctly rounded; JSON numbers are also accepted on input. The form
/// round-trips bit-exactly and is validated on input (bucket counts must add
/// up to `count`, indices increasing and at most 4096 apart).
#[derive(Clone, Debug)]
pub struct QuantileSketch {
    /// `stores[0]`: positive values; `stores[1]`: negative values by `|x|`
    /// (indexed by the sign bit).
    stores: [Store; 2],
    count: u64,
    zero: u64,
    rejected: u64,
    min: f64,
    max: f64,
    collapsed: bool,
}

impl Default for QuantileSketch {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for QuantileSketch {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count
            && self.zero == other.zero
            && self.rejected == other.rejected
            && self.collapsed == other.collapsed
            && self.min == other.min
            && self.max == other.max
            && self.stores == other.stores
    }
}

impl QuantileSketch {
    /// An empty sketch.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            stores: [
                Store {
                    counts: Vec::new(),
                    offset: 0,
                },
                Store {
                    counts: Vec::new(),
                    offset: 0,
                },
            ],
            count: 0,
            zero: 0,
            rejected: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            collapsed: false,
        }
    }

    /// Adds one value. Non-finite values are counted in
    /// [`rejected`](Self::rejected) and otherwise ignored.
    #[inline]
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.rejected += 1;
            return;
        }
        let x = x + 0.0; // -0.0 → +0.0
        self.count += 1;
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
        let a = x.abs();
        if a < ZERO_THRESHOLD {
            self.zero += 1;
            return;
        }
        let idx = bucket_index(a);
        let store = &mut self.stores[(x.to_bits() >> 63) as usize];
        if store.add_one(idx) {
            self.collapsed = true;
        }
    }

    /// Adds `x` `n` times: the same result as `n` calls of [`add`](Self::add).
    /// After the first, the copies fall in the first's bucket, which is
    /// then within the window, and are counted at once.
    pub fn add_repeated(&mut self, x: f64, n: u64) {
        if n == 0 {
            return;
        }
        self.add(x);
        let rest = n - 1;
        if rest == 0 {
            return;
        }
        if !x.is_finite() {
            self.rejected += rest;
            return;
        }
        let a = x.abs();
        if a < ZERO_THRESHOLD {
            self.count += rest;
            self.zero += rest;
            return;
        }
        let idx = bucket_index(a);
        let store = &mut self.stores[(x.to_bits() >> 63) as usize];
        let j = idx.wrapping_sub(store.offset) as u32 as usize;
        if let Some(c) = store.counts.get_mut(j) {
            *c += rest;
            self.count += rest;
        } else {
            // The first copy collapsed into a bound bucket: one by one.
            for _ in 0..rest {
                self.add(x);
            }
        }
    }

    /// Adds every value of `xs`: the same result as adding them one by one
    /// with [`add`](Self::add), faster for many values. The bucket indices
    /// of a group of values are computed first and their counters
    /// incremented after, so the cache misses of the increments overlap
    /// instead of each waiting behind the arithmetic of the next value.
    pub fn add_many(&mut self, xs: &[f64]) {
        const GROUP: usize = 64;
        let mut idx = [0i32; GROUP];
        let mut sign = [0u8; GROUP];
        let mut magnitude = [0.0f64; GROUP];
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::is_x86_feature_detected!("avx2");
        for group in xs.chunks(GROUP) {
            let mut n = 0;
            let (mut min, mut max) = (self.min, self.max);
            // Quadruples of ordinary values (finite, not below the zero
            // threshold) four at a time where the processor has AVX2; the
            // other quadruples and the tail one by one. (The order in which
            // values are counted does not change the sketch.)
            #[cfg(target_arch = "x86_64")]
            let (odd, four) = if avx2 {
                let four = group.len() / 4 * 4;
                // SAFETY: the processor has AVX2 (detected before the
                // loop), all that the function requires.
                let odd = unsafe {
                    classify_avx2(
                        &group[..four],
                        &mut magnitude,
                        &mut sign,
                        &mut n,
                        &mut min,
                        &mut max,
                    )
                };
                self.count += n as u64;
                (odd, four)
            } else {
                (u64::MAX, 0)
            };
            #[cfg(not(target_arch = "x86_64"))]
            let (odd, four) = (u64::MAX, 0);
            let one_by_one = group[..four]
                .chunks_exact(4)
                .enumerate()
                .filter(|(q, _)| odd & (1 << q) != 0)
                .flat_map(|(_, x4)| x4)
                .chain(&group[four..]);
            for &x in one_by_one {
                if !x.is_finite() {
                    self.rejected += 1;
                    continue;
                }
                let x = x + 0.0; // -0.0 → +0.0
                self.count += 1;
                min = if x < min { x } else { min };
                max = if x > max { x } else { max };
                let a = x.abs();
                if a < ZERO_THRESHOLD {
                    self.zero += 1;
                    continue;
                }
                magnitude[n] = a;
                sign[n] = (x.to_bits() >> 63) as u8;
                n += 1;
            }
            self.min = min;
            self.max = max;
            bucket_indices(&magnitude[..n], &mut idx[..n]);
            let mut collapsed = false;
            for (&i, &s) in idx[..n].iter().zip(&sign[..n]) {
                collapsed |= self.stores[usize::from(s)].add_one(i);
            }
            self.collapsed |= collapsed;
        }
    }

    /// Asks the processor to fetch the bucket counter that [`add`](Self::add)
    /// would increment for `x`, without changing anything. Summaries touch
    /// thousands of small bucket arrays per run; fetching the counters of
    /// many values before adding any lets their cache misses overlap.
    #[inline(always)]
    pub fn prefetch(&self, x: f64) {
        let a = x.abs();
        if !(ZERO_THRESHOLD..=f64::MAX).contains(&a) {
            return;
        }
        let store = &self.stores[(x.to_bits() >> 63) as usize];
        let j = bucket_index(a).wrapping_sub(store.offset) as u32 as usize;
        touch(&store.counts, j);
    }

    /// Adds all values of `other` into this sketch (exact, associative and
    /// commutative).
    pub fn merge(&mut self, other: &Self) {
        self.count += other.count;
        self.zero += other.zero;
        self.rejected += other.rejected;
        if other.min < self.min {
            self.min = other.min;
        }
        if other.max > self.max {
            self.max = other.max;
        }
        let a = self.stores[0].merge(&other.stores[0]);
        let b = self.stores[1].merge(&other.stores[1]);
        self.collapsed |= a | b | other.collapsed;
    }

    /// Number of (finite) values added.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact smallest value added, `None` when empty.
    #[must_use]
    pub fn min(&self) -> Option<f64> {
        (self.count > 0).then_some(self.min)
    }

    /// Exact largest value added, `None` when empty.
    #[must_use]
    pub fn max(&self) -> Option<f64> {
        (self.count > 0).then_some(self.max)
    }

    /// Number of values with `|x| < ZERO_THRESHOLD`.
    #[must_use]
    pub fn zero_count(&self) -> u64 {
        self.zero
    }

    /// Number of non-finite values that were rejected.
    #[must_use]
    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    /// Whether buckets were ever collapsed (accuracy of the smallest
    /// magnitudes is then lost).
    #[must_use]
    pub fn collapsed(&self) -> bool {
        self.collapsed
    }

    /// Approximate memory used, in bytes (struct plus bucket vectors).
    #[must_use]
    pub fn memory_bytes(&self) -> usize {
        size_of::<Self>() + self.stores[0].heap_bytes() + self.stores[1].heap_bytes()
    }

    /// Estimate of the order statistic of rank `floor(q·(n − 1))`; see the
    /// type docs. `q` is clamped to [0, 1]. `None` when the sketch is empty
    /// or `q` is NaN.
    #[must_use]
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 || q.is_nan() {
            return None;
        }
        let n = self.count;
        let q = q.clamp(0.0, 1.0);
        // Non-negative, so the truncating cast is floor (saturating).
        let k = ((q * (n - 1) as f64) as u64).min(n - 1);
        if k == 0 {
            return Some(self.min);
        }
        if k == n - 1 {
            return Some(self.max);
        }
        let clamp = |v: f64| v.max(self.min).min(self.max);
        let mut rank = k;
        for (i, c) in self.stores[1].iter().rev() {
            if rank < c {
                return Some(clamp(-bucket_value(i)));
            }
            rank -= c;
        }
        if rank < self.zero {
            return Some(clamp(0.0));
        }
        rank -= self.zero;
        for (i, c) in self.stores[0].iter() {
            if rank < c {
                return Some(clamp(bucket_value(i)));
            }
            rank -= c;
        }
        // Unreachable while the bucket counts add up to `count`.
        Some(self.max)
    }
}

/// Error when a serialized sketch is inconsistent.
#[derive(Debug, Error)]
enum SketchError {
    #[error("min/max must be finite with min <= max")]
    MinMax,
    #[error("{0} buckets: indices must be strictly increasing within ±2^20")]
    Indices(&'static str),
    #[error("{0} buckets: counts must be positive")]
    ZeroCount(&'static str),
    #[error("{0} buckets span more than 4096 indices")]
    TooWide(&'static str),
    #[error("bucket counts do not add up to count")]
    CountMismatch,
}

/// Serialized (sparse) form of [`QuantileSketch`].
#[derive(Serialize, Deserialize)]
struct SketchRepr {
    count: u64,
    #[serde(with = "f64_string")]
    min: f64,
    #[serde(with = "f64_string")]
    max: f64,
    zero: u64,
    rejected: u64,
    collapsed: bool,
    positive: Vec<(i32, u64)>,
    negative: Vec<(i32, u64)>,
}

impl From<&QuantileSketch> for SketchRepr {
    fn from(s: &QuantileSketch) -> Self {
        let empty = s.count == 0;
        SketchRepr {
            count: s.count,
            min: if empty { 0.0 } else { s.min },
            max: if empty { 0.0 } else { s.max },
            zero: s.zero,
            rejected: s.rejected,
            collapsed: s.collapsed,
            positive: s.stores[0].iter().collect(),
            negative: s.stores[1].iter().collect(),
        }
    }
}

fn check_buckets(b: &[(i32, u64)], name: &'static str) -> Result<u64, SketchError> {
    let mut total: u64 = 0;
    let mut prev: Option<i32> = None;
    for &(i, c) in b {
        if !(-INDEX_BOUND..=INDEX_BOUND).contains(&i) || prev.is_some_and(|p| p >= i) {
            return Err(SketchError::Indices(name));
        }
        if c == 0 {
            return Err(SketchError::ZeroCount(name));
        }
        prev = Some(i);
        total = total.checked_add(c).ok_or(SketchError::CountMismatch)?;
    }
    if let (Some(&(lo, _)), Some(&(hi, _))) = (b.first(), b.last())
        && (hi - lo) as usize >= MAX_BUCKETS
    {
        return Err(SketchError::TooWide(name));
    }
    Ok(total)
}

impl QuantileSketch {
    /// Rebuilds a sketch from its validated serialized form.
    fn from_repr(r: SketchRepr) -> Result<Self, SketchError> {
        let p = check_buckets(&r.positive, "positive")?;
        let n = check_buckets(&r.negative, "negative")?;
        let total = p
            .checked_add(n)
            .and_then(|t| t.checked_add(r.zero))
            .ok_or(SketchError::CountMismatch)?;
        if total != r.count {
            return Err(SketchError::CountMismatch);
        }
        let (min, max) = if r.count == 0 {
            (f64::INFINITY, f64::NEG_INFINITY)
        } else {
            if !(r.min.is_finite() && r.max.is_finite() && r.min <= r.max) {
                return Err(SketchError::MinMax);
            }
            // Normalize -0.0 as `add` does.
            (r.min + 0.0, r.max + 0.0)
        };
        Ok(QuantileSketch {
            stores: [
                Store::from_sparse(&r.positive),
                Store::from_sparse(&r.negative),
            ],
            count: r.count,
            zero: r.zero,
            rejected: r.rejected,
            min,
            max,
            collapsed: r.collapsed,
        })
    }
}

impl Serialize for QuantileSketch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SketchRepr::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for QuantileSketch {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = SketchRepr::deserialize(d)?;
        QuantileSketch::from_repr(r).map_err(D::Error::custom)
    }
}

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

/// Mean and quantiles of one series, as reported.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct SeriesStats {
    /// Mean (from the exact sum).
    pub mean: f64,
    /// 5 % quantile (rank `floor(0.05·(n − 1))`).
    pub p5: f64,
    /// 25 % quantile.
    pub p25: f64,
    /// Median (rank `floor(0.5·(n − 1))`, the lower median).
    pub p50: f64,
    /// 75 % quantile.
    pub p75: f64,
    /// 95 % quantile.
    pub p95: f64,
}

impl SeriesStats {
    /// All figures 0 (the statistics of an empty summary).
    pub const ZERO: SeriesStats = SeriesStats {
        mean: 0.0,
        p5: 0.0,
        p25: 0.0,
        p50: 0.0,
        p75: 0.0,
        p95: 0.0,
    };
}

/// Streaming summary of one scalar series: count, exact sum and quantile
/// sketch. Merges are exact and order-independent.
///
/// Non-finite values are only counted as rejected by the sketch; they do not
/// enter `count` or the sum. Values with `|x| >= 2^62` enter the count and the
/// sketch but set the sum's overflow flag (see [`ExactSum`]).
///
/// Serde: `{count, sum, sketch}`; on input `count` must equal the sketch's
/// count.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    count: u64,
    sum: ExactSum,
    sketch: QuantileSketch,
}

impl Summary {
    /// An empty summary.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            count: 0,
            sum: ExactSum::new(),
            sketch: QuantileSketch::new(),
        }
    }

    /// Adds one value.
    #[inline]
    pub fn add(&mut self, x: f64) {
        if x.is_finite() {
            self.count += 1;
            self.sum.add(x);
        }
        self.sketch.add(x);
    }

    /// Adds every value of `xs`: the same result as adding them one by one
    /// with [`add`](Self::add), faster (see [`ExactSum::add_many`] and
    /// [`QuantileSketch::add_many`]).
    pub fn add_many(&mut self, xs: &[f64]) {
        // Many outputs (the fixed budget lines) take one value in every
        // run: counted at once.
        if let Some(&first) = xs.first()
            && xs.iter().all(|x| x.to_bits() == first.to_bits())
        {
            self.add_repeated(first, xs.len() as u64);
            return;
        }
        // The sketch counts the finite values and rejects the others.
        let (count, rejected) = (self.sketch.count, self.sketch.rejected);
        self.sketch.add_many(xs);
        self.count += self.sketch.count - count;
        if self.sketch.rejected == rejected {
            self.sum.add_many(xs);
        } else {
            for &x in xs.iter().filter(|x| x.is_finite()) {
                self.sum.add(x);
            }
        }
    }

    /// Adds `x` `n` times: the same result as `n` calls of [`add`](Self::add).
    pub fn add_repeated(&mut self, x: f64, n: u64) {
        if x.is_finite() {
            self.count += n;
            self.sum.add_repeated(x, n);
        }
        self.sketch.add_repeated(x, n);
    }

    /// Adds `values[i]` to `summaries[i]` for every `i` (pairs beyond the
    /// shorter slice are ignored). Same result as adding one by one; the
    /// bucket counters are fetched for all values first, so the cache
    /// misses of many summaries overlap instead of following one another.
    pub fn add_each(summaries: &mut [Summary], values: &[f64]) {
        for (s, &x) in summaries.iter().zip(values) {
            s.sketch.prefetch(x);
        }
        for (s, &x) in summaries.iter_mut().zip(values) {
            s.add(x);
        }
    }

    /// Adds another summary into this one.
    pub fn merge(&mut self, other: &Summary) {
        self.count += other.count;
        self.sum.merge(&other.sum);
        self.sketch.merge(&other.sketch);
    }

    /// Whether [`merge`](Self::merge) of `other` keeps every count within
    /// `u64` and the exact sum within its `i128`. (A bucket of the sketch
    /// holds at most the sketch's count, so bounded counts bound the
    /// buckets too.)
    #[must_use]
    pub fn merge_fits(&self, other: &Summary) -> bool {
        let (a, b) = (&self.sketch, &other.sketch);
        self.count.checked_add(other.count).is_some()
            && self.sum.raw().checked_add(other.sum.raw()).is_some()
            && a.count.checked_add(b.count).is_some()
            && a.zero.checked_add(b.zero).is_some()
            && a.rejected.checked_add(b.rejected).is_some()
    }

    /// Number of finite values added.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The exact sum.
    #[must_use]
    pub fn sum(&self) -> &ExactSum {
        &self.sum
    }

    /// The quantile sketch.
    #[must_use]
    pub fn sketch(&self) -> &QuantileSketch {
        &self.sketch
    }

    /// Mean of the values (0 when empty).
    #[must_use]
    pub fn mean(&self) -> f64 {
        self.sum.mean(self.count)
    }

    /// Quantile estimate, see [`QuantileSketch::quantile`].
    #[must_use]
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.sketch.quantile(q)
    }

    /// Mean and 5/25/50/75/95 % quantiles; all 0.0 when empty.
    #[must_use]
    pub fn stats(&self) -> SeriesStats {
        let q = |p: f64| self.sketch.quantile(p).unwrap_or(0.0);
        SeriesStats {
            mean: self.mean(),
            p5: q(0.05),
            p25: q(0.25),
            p50: q(0.5),
            p75: q(0.75),
            p95: q(0.95),
        }
    }
}

#[derive(Deserialize)]
struct SummaryRepr {
    count: u64,
    sum: ExactSum,
    sketch: QuantileSketch,
}

impl<'de> Deserialize<'de> for Summary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = SummaryRepr::deserialize(d)?;
        if r.count != r.sketch.count() {
            return Err(D::Error::custom(format!(
                "summary count {} differs from its sketch's count {}",
                r.count,
                r.sketch.count()
            )));
        }
        Ok(Summary {
            count: r.count,
            sum: r.sum,
            sketch: r.sketch,
        })
    }
}

// ---------------------------------------------------------------------------
// Proportion
// ---------------------------------------------------------------------------

/// Successes out of trials, e.g. the share of runs meeting a target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Proportion {
    /// Number of trials that succeeded (expected `<= trials`).
    pub successes: u64,
    /// Number of trials.
    pub trials: u64,
}

impl Proportion {
    /// No trials yet.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            successes: 0,
            trials: 0,
        }
    }

    /// Records one trial.
    #[inline]
    pub fn record(&mut self, success: bool) {
        self.trials += 1;
        self.successes += u64::from(success);
    }

    /// Adds another proportion's counts into this one.
    pub fn merge(&mut self, other: &Proportion) {
        self.successes += other.successes;
        self.trials += other.trials;
    }

    /// The two proportions' counts added, `None` when a count would
    /// overflow.
    #[must_use]
    pub fn checked_merge(&self, other: &Proportion) -> Option<Proportion> {
        Some(Proportion {
            successes: self.successes.checked_add(other.successes)?,
            trials: self.trials.checked_add(other.trials)?,
        })
    }

    /// `successes / trials`, clamped to [0, 1]; 0 when there are no trials.
    #[must_use]
    pub fn probability(&self) -> f64 {
        if self.trials == 0 {
            0.0
        } else {
            (self.successes as f64 / self.trials as f64).min(1.0)
        }
    }

    /// Binomial standard error `sqrt(p(1 − p)/n)`; 0 when there are no
    /// trials.
    #[must_use]
    pub fn std_error(&self) -> f64 {
        if self.trials == 0 {
            return 0.0;
        }
        let p = self.probability();
        libm::sqrt(p * (1.0 - p) / self.trials as f64)
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

    /// The compile-time table agrees with `libm::log` to 2 ulps.
    #[test]
    fn log_table_matches_libm() {
        for (j, &(inv_c, t)) in LOG_TABLE.iter().enumerate() {
            let c = 1.0 + j as f64 / TABLE_SIZE as f64;
            assert_eq!(inv_c, 1.0 / c);
            let want = libm::log(c) * INV_LN_GAMMA + 0.5;
            assert!(
                (t - want).abs() <= 4.0 * f64::EPSILON * want,
                "{j}: {t} vs {want}"
            );
        }
        let ln_gamma = 2.0 * libm::atanh(ALPHA);
        assert!((LN_GAMMA - ln_gamma).abs() <= 2.0 * f64::EPSILON * ln_gamma);
        // GAMMA itself is rounded: its log agrees to ~1e-13 relative.
        assert!((libm::log(GAMMA) - LN_GAMMA).abs() <= 1e-13 * LN_GAMMA);
    }

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

    /// The bit-manipulation index equals `ceil(libm::log(a)/ln γ)` except for
    /// values within 1e-9 bucket units of a bound.
    #[test]
    fn bucket_indices_in_lanes_equal_one_at_a_time() {
        let mut state = 0x0fed_cba9_8765_4321u64;
        let mut values = Vec::new();
        while values.len() < 400_003 {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            // Every binade from the zero threshold up, and values near the
            // sizes of the outputs (counts, shares, yen).
            let a = if z & 1 == 0 {
                f64::from_bits(z >> 1)
            } else {
                (z >> 11) as f64 / (1u64 << 20) as f64
            };
            if a.is_finite() && a >= ZERO_THRESHOLD {
                values.push(a);
            }
        }
        values.extend([
            1.0,
            2.0,
            ZERO_THRESHOLD,
            f64::MAX,
            GAMMA,
            1.0 + f64::EPSILON,
        ]);
        let mut lanes = vec![0; values.len()];
        bucket_indices(&values, &mut lanes);
        for (a, i) in values.iter().zip(&lanes) {
            assert_eq!(*i, bucket_index(*a), "{a}");
        }
    }

    #[test]
    fn bucket_index_matches_libm() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut mismatches = 0;
        for _ in 0..2_000_000 {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            // Random normal positive doubles from 1e-12 to f64::MAX.
            let a = f64::from_bits(z >> 1);
            if !(a.is_finite() && a >= ZERO_THRESHOLD) {
                continue;
            }
            let y = libm::log(a) / LN_GAMMA;
            let want = libm::ceil(y) as i32;
            let got = bucket_index(a);
            if got != want {
                mismatches += 1;
                assert!(
                    (y - libm::round(y)).abs() < 1e-9,
                    "{a}: {got} vs {want} ({y})"
                );
            }
        }
        assert!(mismatches < 10, "{mismatches}");
        assert_eq!(bucket_index(1.0), 0);
        assert_eq!(bucket_index(1.0 + f64::EPSILON), 1);
        assert_eq!(bucket_index(1.0 - f64::EPSILON / 2.0), 0);
        assert_eq!(bucket_index(GAMMA * 1.000_000_001), 2);
        // Exact bucket bounds: powers of γ land in their own bucket or the next.
        for i in [-6000, -100, -1, 1, 2, 100, 5000, 170_000] {
            let g = libm::exp(f64::from(i) * LN_GAMMA);
            let b = bucket_index(g);
            assert!(b == i || b == i + 1, "{i}: {b}");
        }
    }
}
