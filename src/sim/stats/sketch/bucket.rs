//! The bucket of a value: `ceil(ln |x| / ln γ)` computed from the float's
//! bits with a compile-time logarithm table and IEEE basic arithmetic only
//! (identical on every target), four at a time in AVX2 registers where the
//! processor has them; and the value a bucket stands for.

use crate::model::special::const_ln;

use super::super::ROUND_MAGIC;
use super::ALPHA;

/// ln γ = 2·atanh(α), evaluated as a series at compile time (exact to f64).
const LN_GAMMA: f64 = {
    let a = ALPHA;
    let a2 = a * a;
    2.0 * (a + a * a2 / 3.0 + a * a2 * a2 / 5.0 + a * a2 * a2 * a2 / 7.0)
};
const INV_LN_GAMMA: f64 = 1.0 / LN_GAMMA;

/// Bits of the mantissa used to index [`LOG_TABLE`].
const TABLE_BITS: u32 = 10;
const TABLE_SIZE: usize = 1 << TABLE_BITS;
const MANTISSA_MASK: u64 = (1 << 52) - 1;
const ONE_BITS: u64 = 0x3FF0_0000_0000_0000;
/// Mask keeping the top `TABLE_BITS` bits of the mantissa.
const TABLE_MASK: u64 = MANTISSA_MASK & !((1 << (52 - TABLE_BITS)) - 1);
/// ln 2 / ln γ: buckets per octave (≈ 173.3).
const LN2_OVER_LN_GAMMA: f64 = core::f64::consts::LN_2 / LN_GAMMA;
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
pub(super) fn bucket_index(a: f64) -> i32 {
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
pub(super) fn bucket_indices(a: &[f64], idx: &mut [i32]) {
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

/// Representative value of bucket `i`: 2γ^i/(γ+1) = (1 − α)·γ^i, whose relative
/// distance to both bucket bounds is exactly α.
#[inline]
pub(super) fn bucket_value(i: i32) -> f64 {
    libm::exp(f64::from(i) * LN_GAMMA) * (1.0 - ALPHA)
}

#[cfg(test)]
mod tests {
    use super::super::{GAMMA, ZERO_THRESHOLD};
    use super::*;

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
