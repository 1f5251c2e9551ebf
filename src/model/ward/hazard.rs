//! Annual continuation → monthly hazard ([`monthly_hazard`]), from IEEE
//! basic arithmetic and tables built at compile time, so that every
//! platform gives the same bits.

/// Annual continuation → monthly hazard: h(x) = 1 − x^(1/12) (docs/model.md §4).
///
/// Computed from the bits of x with IEEE basic arithmetic only, so the result
/// is the same on every platform: x = 2^(12q + r)·m with m in [1, 2) and
/// r in 0…11; the top 8 bits of m select c_j = 1 + j/256 ≤ m, and
/// x^(1/12) = 2^q · 2^(r/12) · c_j^(1/12) · (1 + t)^(1/12) with
/// t = (m − c_j)/c_j in [0, 2⁻⁸). The two roots come from tables built at
/// compile time (Newton's method, within an ulp); (1 + t)^(1/12) is its
/// binomial series to t⁵ (remainder below 4e-17). With S the product of the
/// tabled factors, h = (1 − S) − S·((1 + t)^(1/12) − 1), where 1 − S is exact.
/// The error is a few units of 1e-16 absolute (tested against
/// `libm::pow`), and calibration and the monthly step use this same
/// function, so the status quo stays stationary to the bit.
#[inline]
pub fn monthly_hazard(annual_continuation: f64) -> f64 {
    let x = annual_continuation.clamp(0.0, 1.0);
    // Below 2^-1000 (and for NaN, which the clamp keeps) x^(1/12) < 2^-83,
    // so h rounds to 1 (NaN stays NaN, as before).
    if x.is_nan() {
        return x;
    }
    if x < TWELFTH_ROOT_MIN {
        return 1.0;
    }
    let bits = x.to_bits();
    let e = (bits >> 52) as i32 - 1023; // −1000 ≤ e ≤ 0
    let q = e.div_euclid(12);
    let r = e.rem_euclid(12) as usize;
    let j = ((bits >> (52 - ROOT_TABLE_BITS)) & (ROOT_TABLE_SIZE as u64 - 1)) as usize;
    let m = f64::from_bits((bits & MANTISSA_BITS) | ONE_BITS);
    let c = f64::from_bits((bits & ROOT_TABLE_MASK) | ONE_BITS);
    let (root_c, inv_c) = MANTISSA_ROOTS[j];
    // m − c is exact (same binade).
    let t = (m - c) * inv_c;
    let series = t * (B1 + t * (B2 + t * (B3 + t * (B4 + t * B5))));
    // 2^q is exact: −84 ≤ q ≤ 0.
    let scale = f64::from_bits(((1023 + q) as u64) << 52);
    let s = OCTAVE_ROOTS[r] * root_c * scale;
    (1.0 - s) - s * series
}

/// Inputs below this give h = 1 (x^(1/12) < 2⁻⁸³).
pub(crate) const TWELFTH_ROOT_MIN: f64 = 9.332_636_185_032_189e-302; // 2^-1000
pub(crate) const ROOT_TABLE_BITS: u32 = 8;
pub(crate) const ROOT_TABLE_SIZE: usize = 1 << ROOT_TABLE_BITS;
pub(crate) const MANTISSA_BITS: u64 = (1 << 52) - 1;
pub(crate) const ONE_BITS: u64 = 0x3FF0_0000_0000_0000;
pub(crate) const ROOT_TABLE_MASK: u64 = MANTISSA_BITS & !((1 << (52 - ROOT_TABLE_BITS)) - 1);
/// Binomial coefficients C(1/12, k), k = 1…5.
pub(crate) const B1: f64 = 1.0 / 12.0;
pub(crate) const B2: f64 = -11.0 / 288.0;
pub(crate) const B3: f64 = 253.0 / 10_368.0;
pub(crate) const B4: f64 = -8_855.0 / 497_664.0;
pub(crate) const B5: f64 = 416_185.0 / 29_859_840.0;

/// y = a^(1/12) for a in [1, 4096] by Newton's method on y¹² = a from
/// above (the iteration decreases monotonically to the root), evaluated at
/// compile time with IEEE arithmetic.
const fn const_twelfth_root(a: f64) -> f64 {
    let mut y = 2.0;
    let mut k = 0;
    while k < 60 {
        let y2 = y * y;
        let y4 = y2 * y2;
        let y11 = y4 * y4 * y2 * y;
        let next = y - (y11 * y - a) / (12.0 * y11);
        if next >= y {
            break;
        }
        y = next;
        k += 1;
    }
    y
}

/// 2^(r/12), r = 0…11.
pub(crate) const OCTAVE_ROOTS: [f64; 12] = {
    let mut t = [0.0; 12];
    let mut r = 0;
    while r < 12 {
        t[r] = const_twelfth_root((1u64 << r) as f64);
        r += 1;
    }
    t
};

/// (c_j^(1/12), 1/c_j) for c_j = 1 + j/256.
pub(crate) const MANTISSA_ROOTS: [(f64, f64); ROOT_TABLE_SIZE] = {
    let mut t = [(0.0, 0.0); ROOT_TABLE_SIZE];
    let mut j = 0;
    while j < ROOT_TABLE_SIZE {
        let c = 1.0 + j as f64 / ROOT_TABLE_SIZE as f64;
        t[j] = (const_twelfth_root(c), 1.0 / c);
        j += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazard_matches_the_power_formula() {
        for x in [0.0, 0.3, 0.647, 0.723, 0.893, 0.97, 1.0] {
            let want = 1.0 - f64::powf(x, 1.0 / 12.0);
            assert!((monthly_hazard(x) - want).abs() < 1e-15, "{x}");
        }
    }

    #[test]
    fn hazard_is_within_a_few_ulps_everywhere() {
        // Every table segment and octave: 200,000 points spread over (0, 1]
        // on a log scale, plus the segment bounds of the upper octave.
        let mut worst: f64 = 0.0;
        let mut check = |x: f64| {
            let want = 1.0 - libm::pow(x, 1.0 / 12.0);
            let got = monthly_hazard(x);
            let err = (got - want).abs();
            assert!(err <= 4.5e-16, "{x}: {got} vs {want}");
            assert!((0.0..=1.0).contains(&got), "{x}");
            worst = worst.max(err);
        };
        for k in 0..200_000 {
            check(libm::exp(-(k as f64) * 1e-4 * 3.5));
        }
        for j in 0..=512 {
            check(0.5 + j as f64 / 1024.0);
        }
        assert!(worst > 0.0);
        assert_eq!(monthly_hazard(1.0), 0.0);
        assert_eq!(monthly_hazard(2.0), 0.0);
        assert_eq!(monthly_hazard(0.0), 1.0);
        assert_eq!(monthly_hazard(-1.0), 1.0);
        assert_eq!(monthly_hazard(1e-310), 1.0);
        assert!(monthly_hazard(f64::NAN).is_nan());
    }

    #[test]
    fn hazard_is_monotone_on_the_continuation_range() {
        let mut last = monthly_hazard(0.3);
        for k in 1..=70_000 {
            let h = monthly_hazard(0.3 + k as f64 * 1e-5);
            assert!(h <= last, "{k}");
            last = h;
        }
    }
}
