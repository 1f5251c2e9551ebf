//! The stochastic month (MODEL.md §4) for four wards at once, in the 256-bit
//! vector registers of x86-64 processors with AVX2.
//!
//! [`Simulator::run`](super::run::Simulator::run) uses this path when the
//! processor has AVX2 and steps one ward at a time otherwise (other x86-64
//! processors, WebAssembly). Both paths give the **same bits**: every lane
//! performs the IEEE operations of [`step`](crate::model::ward::step),
//! [`poisson_from_uniform`] and [`binomial_from_uniform`] in the same order
//! (no fused multiply-add, no reassociation), the tables are the same, and
//! whatever a lane cannot settle on the fast path — a count beyond the
//! twelve terms of its exact search, a normal deviate in the outer 1/64 of
//! the uniforms, a binomial with p > ½ or n ≥ 4096, a logarithm or a power
//! of an unusual number — is redone for that lane by the scalar function.
//! `tests/lanes.rs` checks the equality on every built-in scenario and on
//! random plans.
//!
//! What makes the lanes fast is that nothing in a month waits on a
//! data-dependent branch: each exact search sums its first twelve terms
//! unconditionally and reads the count off as the number of cumulative
//! sums below u; the normal approximation and the exact search are both
//! computed and one is selected.

use std::arch::x86_64::*;

use crate::model::budget::UnitCosts;
use crate::model::special::{LN_TABLE, LN2_HI, LN2_LO, ln};
use crate::model::ward::{
    B1, B2, B3, B4, B5, Calibration, MANTISSA_ROOTS, OCTAVE_ROOTS, Programme, TWELFTH_ROOT_MIN,
    WardParams, WardState, monthly_hazard,
};

use super::draw::{
    EXP_SCALE, EXP2_64THS, LN2_64_HI, LN2_64_LO, NORMAL_APPROX_MIN_VARIANCE, QUANTILE_GRID,
    QUANTILE_GRID_FIRST, QUANTILE_GRID_SIZE, QUANTILE_GRID_STEPS, RECIPROCALS, SEARCH_BLOCK,
    SHEPPARD, SHORT_BLOCK, binomial_from_uniform, poisson_from_uniform,
};
use super::stream::GOLDEN_GAMMA;

/// Wards per block.
pub const LANES: usize = 4;

/// Whether this processor can run the vector path.
pub fn available() -> bool {
    std::is_x86_feature_detected!("avx2")
}

/// Four lanes of f64.
#[derive(Clone, Copy)]
struct V(__m256d);

// Every method is inlined into `step_block`, which is compiled with AVX2
// enabled and only called after `available()` returned true.
impl V {
    #[inline(always)]
    fn splat(x: f64) -> V {
        unsafe { V(_mm256_set1_pd(x)) }
    }
    #[inline(always)]
    fn load(a: &[f64; LANES]) -> V {
        unsafe { V(_mm256_loadu_pd(a.as_ptr())) }
    }
    #[inline(always)]
    fn array(self) -> [f64; LANES] {
        let mut a = [0.0; LANES];
        unsafe { _mm256_storeu_pd(a.as_mut_ptr(), self.0) };
        a
    }
}

/// Lane-wise operations of two vectors, each one instruction.
macro_rules! binary {
    ($($(#[$doc:meta])* $name:ident => $op:ident;)*) => {
        impl V {
            $(
                $(#[$doc])*
                #[inline(always)]
                fn $name(self, o: V) -> V {
                    unsafe { V($op(self.0, o.0)) }
                }
            )*
        }
    };
}

binary! {
    add => _mm256_add_pd;
    sub => _mm256_sub_pd;
    mul => _mm256_mul_pd;
    div => _mm256_div_pd;
    and => _mm256_and_pd;
    or => _mm256_or_pd;
    xor => _mm256_xor_pd;
}

/// Lane-wise comparisons (ordered, quiet: false where either lane is NaN),
/// giving all-ones lanes where true.
macro_rules! compare {
    ($($name:ident => $predicate:ident;)*) => {
        impl V {
            $(
                #[inline(always)]
                fn $name(self, o: V) -> V {
                    unsafe { V(_mm256_cmp_pd::<$predicate>(self.0, o.0)) }
                }
            )*
        }
    };
}

compare! {
    gt => _CMP_GT_OQ;
    ge => _CMP_GE_OQ;
    lt => _CMP_LT_OQ;
    eq => _CMP_EQ_OQ;
}

impl V {
    #[inline(always)]
    fn sqrt(self) -> V {
        unsafe { V(_mm256_sqrt_pd(self.0)) }
    }
    #[inline(always)]
    fn floor(self) -> V {
        unsafe { V(_mm256_floor_pd(self.0)) }
    }
    /// `self & !o`.
    #[inline(always)]
    fn and_not(self, o: V) -> V {
        unsafe { V(_mm256_andnot_pd(o.0, self.0)) }
    }
    /// Lanes of `a` where `self` is set, of `b` elsewhere.
    #[inline(always)]
    fn select(self, a: V, b: V) -> V {
        unsafe { V(_mm256_blendv_pd(b.0, a.0, self.0)) }
    }
    /// Bit l set where lane l of a mask is set.
    #[inline(always)]
    fn bits(self) -> i32 {
        unsafe { _mm256_movemask_pd(self.0) }
    }
    #[inline(always)]
    fn to_bits(self) -> __m256i {
        unsafe { _mm256_castpd_si256(self.0) }
    }
    #[inline(always)]
    fn from_bits(i: __m256i) -> V {
        unsafe { V(_mm256_castsi256_pd(i)) }
    }
    /// `f64::max` for operands that are not NaN: `self < o ? o : self`.
    #[inline(always)]
    fn max(self, o: V) -> V {
        self.lt(o).select(o, self)
    }
    /// `f64::min` for operands that are not NaN: `o < self ? o : self`.
    #[inline(always)]
    fn min(self, o: V) -> V {
        o.lt(self).select(o, self)
    }
    /// `f64::clamp`: `self < lo ? lo : (self > hi ? hi : self)`.
    #[inline(always)]
    fn clamp(self, lo: V, hi: V) -> V {
        let x = self.lt(lo).select(lo, self);
        x.gt(hi).select(hi, x)
    }
}

/// The low 32 bits of each 64-bit lane, as four i32.
#[inline(always)]
fn low32(v: __m256i) -> __m128i {
    unsafe {
        let packed = _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0));
        _mm256_castsi256_si128(packed)
    }
}

/// Four table entries at 32-bit indices (in bounds by construction). Four
/// loads rather than a gather instruction, which is slow on many
/// processors.
#[inline(always)]
fn gather(table: &[f64], idx: __m128i) -> V {
    let i = indices(idx);
    V::load(&i.map(|i| table[i]))
}

/// The 32-bit lanes of an index vector.
#[inline(always)]
fn indices(idx: __m128i) -> [usize; 4] {
    let mut i = [0i32; 4];
    unsafe { _mm_storeu_si128(i.as_mut_ptr().cast(), idx) };
    i.map(|x| x as usize)
}

/// Entries 2i and 2i + 1 of a flat table of pairs for four pair indices i
/// (in bounds by construction): one 128-bit load per lane and a transpose.
#[inline(always)]
fn gather_pairs(table: &[f64], idx: __m128i) -> (V, V) {
    let i = indices(idx);
    unsafe {
        let p = table.as_ptr();
        let row = |l: usize| _mm_loadu_pd(p.add(2 * i[l]));
        let x02 = _mm256_set_m128d(row(2), row(0));
        let x13 = _mm256_set_m128d(row(3), row(1));
        (
            V(_mm256_unpacklo_pd(x02, x13)),
            V(_mm256_unpackhi_pd(x02, x13)),
        )
    }
}

/// Entries 2i … 2i + 3 (pairs i and i + 1) of a flat table of pairs for
/// four pair indices i: one 256-bit load per lane and a 4 × 4 transpose.
#[inline(always)]
fn gather_quads(table: &[f64], idx: __m128i) -> [V; 4] {
    let i = indices(idx);
    unsafe {
        let p = table.as_ptr();
        let row = |l: usize| _mm256_loadu_pd(p.add(2 * i[l]));
        let (y0, y1, y2, y3) = (row(0), row(1), row(2), row(3));
        let t0 = _mm256_unpacklo_pd(y0, y1);
        let t1 = _mm256_unpackhi_pd(y0, y1);
        let t2 = _mm256_unpacklo_pd(y2, y3);
        let t3 = _mm256_unpackhi_pd(y2, y3);
        [
            V(_mm256_permute2f128_pd::<0x20>(t0, t2)),
            V(_mm256_permute2f128_pd::<0x20>(t1, t3)),
            V(_mm256_permute2f128_pd::<0x31>(t0, t2)),
            V(_mm256_permute2f128_pd::<0x31>(t1, t3)),
        ]
    }
}

/// A table of pairs viewed as one slice of f64.
fn flat(pairs: &[(f64, f64)]) -> &[f64] {
    // (f64, f64) is two f64 with no padding: align 8, size 16.
    unsafe { std::slice::from_raw_parts(pairs.as_ptr().cast::<f64>(), pairs.len() * 2) }
}

/// 2^k for integer lanes −1022 ≤ k ≤ 1023.
#[inline(always)]
fn pow2(k: __m128i) -> V {
    unsafe {
        let wide = _mm256_cvtepi32_epi64(k);
        let biased = _mm256_add_epi64(wide, _mm256_set1_epi64x(1023));
        V::from_bits(_mm256_slli_epi64::<52>(biased))
    }
}

/// The tables the lanes read, dereferenced once per run.
#[derive(Clone, Copy)]
pub struct Tables {
    exp2: &'static [f64; 64],
    grid: &'static [f64],
    ln: &'static [f64],
    roots: &'static [f64],
    octaves: &'static [f64; 12],
}

impl Tables {
    /// The tables, built on first use.
    pub fn get() -> Tables {
        let grid: &'static [(f64, f64); QUANTILE_GRID_SIZE + 1] = &QUANTILE_GRID;
        let exp2: &'static [f64; 64] = &EXP2_64THS;
        static LN: [(f64, f64); 256] = LN_TABLE;
        static ROOTS: [(f64, f64); 256] = MANTISSA_ROOTS;
        static OCTAVES: [f64; 12] = OCTAVE_ROOTS;
        Tables {
            exp2,
            grid: flat(grid),
            ln: flat(&LN),
            roots: flat(&ROOTS),
            octaves: &OCTAVES,
        }
    }
}

/// [`exp_nonpositive`](super::draw::exp_nonpositive) on lanes with
/// −700 ≤ x ≤ 0 (other lanes give unspecified finite or NaN values).
#[inline(always)]
fn exp_nonpositive(x: V, t: &Tables) -> V {
    unsafe {
        let k = _mm256_cvttpd_epi32(x.mul(V::splat(EXP_SCALE)).sub(V::splat(0.5)).0);
        let kf = V(_mm256_cvtepi32_pd(k));
        let r = x
            .sub(kf.mul(V::splat(LN2_64_HI)))
            .sub(kf.mul(V::splat(LN2_64_LO)));
        let r2 = r.mul(r);
        let poly = V::splat(1.0).add(r).add(
            r2.mul(
                V::splat(0.5)
                    .add(r.mul(V::splat(1.0 / 6.0)))
                    .add(r2.mul(V::splat(1.0 / 24.0).add(r.mul(V::splat(1.0 / 120.0))))),
            ),
        );
        let j = _mm_and_si128(k, _mm_set1_epi32(63));
        let e = _mm_srai_epi32::<6>(k);
        poly.mul(gather(t.exp2, j)).mul(pow2(e))
    }
}

/// [`standard_normal_from_uniform`](super::draw::standard_normal_from_uniform)
/// and a mask of the lanes it settled (w ≥ 1/128; the others need AS 241).
#[inline(always)]
fn standard_normal(u: V, t: &Tables) -> (V, V) {
    unsafe {
        let upper = u.gt(V::splat(0.5));
        let w = u.min(V::splat(1.0).sub(u));
        let x = w.mul(V::splat(QUANTILE_GRID_STEPS));
        let ok = x.ge(V::splat(QUANTILE_GRID_FIRST as f64));
        let i = _mm256_cvttpd_epi32(x.0);
        let i = _mm_max_epi32(
            _mm_min_epi32(i, _mm_set1_epi32(QUANTILE_GRID_SIZE as i32 - 1)),
            _mm_setzero_si128(),
        );
        let s = x.sub(V(_mm256_cvtepi32_pd(i)));
        // i ≤ 1023: pairs i and i + 1 lie in the grid's 1025.
        let [z0, d0, z1, d1] = gather_quads(t.grid, i);
        let delta = z1.sub(z0);
        let c2 = V::splat(3.0).mul(delta).sub(V::splat(2.0).mul(d0)).sub(d1);
        let c3 = d0.add(d1).sub(V::splat(2.0).mul(delta));
        let z = z0.add(s.mul(d0.add(s.mul(c2.add(s.mul(c3))))));
        let sign = upper.and(V::splat(-0.0));
        (z.xor(sign), ok)
    }
}

/// ⌊x⌋ as [`floor_count`](super::draw) computes it: −0 becomes +0.
#[inline(always)]
fn floor_count(x: V) -> V {
    x.floor().add(V::splat(0.0))
}

/// Lanes whose bit is set in `redo` are recomputed by `f`.
#[inline(always)]
fn redo(result: V, redo: i32, f: impl Fn(usize) -> f64) -> V {
    if redo == 0 {
        return result;
    }
    let mut r = result.array();
    for (l, x) in r.iter_mut().enumerate() {
        if redo >> l & 1 != 0 {
            *x = f(l);
        }
    }
    V::load(&r)
}

/// [`poisson_from_uniform`] on four lanes.
///
/// The exact search and the normal approximation are each computed only
/// when some lane needs it; which one a flow needs rarely changes from one
/// month to the next, so these branches are well predicted.
#[inline(always)]
fn poisson(u: V, mean: V, t: &Tables) -> V {
    let one = V::splat(1.0);
    let zero = V::splat(0.0);
    let normal = mean.ge(V::splat(NORMAL_APPROX_MIN_VARIANCE));
    let positive = mean.gt(zero);
    let mut result = zero;
    let mut unsettled = zero;
    let kinds = normal.bits();
    if kinds != 0 {
        let (z, z_ok) = standard_normal(u, t);
        let sigma = mean.sub(V::splat(SHEPPARD)).sqrt();
        let approx = floor_count(mean.add(sigma.mul(z)).add(V::splat(0.5))).max(zero);
        result = approx;
        unsettled = normal.and_not(z_ok);
    }
    if kinds != 0xF {
        let mut pk = exp_nonpositive(zero.sub(mean), t);
        let mut cdf = pk;
        let mut below = u.gt(cdf).and(one);
        for &reciprocal in &RECIPROCALS[1..SHORT_BLOCK] {
            pk = pk.mul(mean.mul(V::splat(reciprocal)));
            cdf = cdf.add(pk);
            below = below.add(u.gt(cdf).and(one));
        }
        // Counts below six are final; most blocks of small flows stop here.
        if below.lt(V::splat(SHORT_BLOCK as f64)).or(normal).bits() != 0xF {
            for &reciprocal in &RECIPROCALS[SHORT_BLOCK..SEARCH_BLOCK] {
                pk = pk.mul(mean.mul(V::splat(reciprocal)));
                cdf = cdf.add(pk);
                below = below.add(u.gt(cdf).and(one));
            }
        }
        result = normal.select(result, below);
        unsettled = unsettled.or(below.eq(V::splat(SEARCH_BLOCK as f64)).and_not(normal));
    }
    let result = positive.and(result);
    let unsettled = unsettled.and(positive);
    let (us, means) = (u.array(), mean.array());
    redo(result, unsettled.bits(), |l| {
        poisson_from_uniform(us[l], means[l])
    })
}

/// [`binomial_from_uniform`] on four lanes, computing only what some lane
/// needs as [`poisson`] does.
#[inline(always)]
fn binomial(u: V, n: V, p: V, t: &Tables) -> V {
    unsafe {
        let one = V::splat(1.0);
        let zero = V::splat(0.0);
        let q = one.sub(p);
        let np = n.mul(p);
        let variance = np.mul(q);
        let normal = variance.ge(V::splat(NORMAL_APPROX_MIN_VARIANCE));
        let mut result = zero;
        let mut unsettled = zero;
        let kinds = normal.bits();
        if kinds != 0 {
            let (z, z_ok) = standard_normal(u, t);
            let sigma = variance.sub(V::splat(SHEPPARD)).sqrt();
            result = floor_count(np.add(sigma.mul(z)).add(V::splat(0.5))).clamp(zero, n);
            unsettled = normal.and_not(z_ok);
        }
        if kinds != 0xF {
            // P(X = 0) = q^n by binary powering over the 12 bits of
            // n < 4096 (multiplying by 1 for a clear bit, as the scalar
            // loop's select does, changes nothing).
            // Only as many bits as the largest n of the block has: the
            // scalar loop also stops after the top bit.
            let ratio = p.div(q);
            let bits = _mm256_cvttpd_epi32(n.0);
            let top = {
                let m = _mm_or_si128(bits, _mm_shuffle_epi32::<0b01_00_11_10>(bits));
                let m = _mm_or_si128(m, _mm_shuffle_epi32::<0b10_11_00_01>(m));
                (_mm_cvtsi128_si32(m) as u32).min(4095)
            };
            let mut pk = one;
            let mut base = q;
            for bit in 0..(32 - top.leading_zeros()) {
                let set = _mm_cmpeq_epi32(
                    _mm_and_si128(bits, _mm_set1_epi32(1 << bit)),
                    _mm_set1_epi32(1 << bit),
                );
                let mask = V::from_bits(_mm256_cvtepi32_epi64(set));
                pk = pk.mul(mask.select(base, one));
                base = base.mul(base);
            }
            let mut cdf = pk;
            let mut remaining = n;
            let mut below = u.gt(cdf).and(one);
            for &reciprocal in &RECIPROCALS[1..SHORT_BLOCK] {
                pk = pk.mul(ratio.mul(remaining).mul(V::splat(reciprocal)));
                remaining = remaining.sub(one);
                cdf = cdf.add(pk);
                below = below.add(u.gt(cdf).and(one));
            }
            if below.lt(V::splat(SHORT_BLOCK as f64)).or(normal).bits() != 0xF {
                for &reciprocal in &RECIPROCALS[SHORT_BLOCK..SEARCH_BLOCK] {
                    pk = pk.mul(ratio.mul(remaining).mul(V::splat(reciprocal)));
                    remaining = remaining.sub(one);
                    cdf = cdf.add(pk);
                    below = below.add(u.gt(cdf).and(one));
                }
            }
            let last = n.min(V::splat(127.0)).floor();
            let block = V::splat(SEARCH_BLOCK as f64);
            let open = below.ge(block).and(last.ge(block));
            result = normal.select(result, below.min(last));
            unsettled = unsettled.or(open.or(n.ge(V::splat(4096.0))).and_not(normal));
        }
        let valid = n.ge(one).and(p.gt(zero));
        let certain = p.ge(one);
        let result = valid.and(certain.select(n, result));
        let unsettled = unsettled
            .or(p.gt(V::splat(0.5)))
            .and(valid)
            .and_not(certain);
        let (us, ns, ps) = (u.array(), n.array(), p.array());
        redo(result, unsettled.bits(), |l| {
            binomial_from_uniform(us[l], ns[l], ps[l])
        })
    }
}

/// x = 2^e·m with m in [1, 2) for positive normal x: the exponent e, the
/// top 8 bits j of the mantissa, m, and c = 1 + j/256 ≤ m (the split that
/// [`ln`] and [`monthly_hazard`] make with their 256-entry tables).
#[inline(always)]
fn split(x: V) -> (__m128i, __m128i, V, V) {
    unsafe {
        let bits = x.to_bits();
        let e = _mm_sub_epi32(low32(_mm256_srli_epi64::<52>(bits)), _mm_set1_epi32(1023));
        let j = low32(_mm256_and_si256(
            _mm256_srli_epi64::<44>(bits),
            _mm256_set1_epi64x(255),
        ));
        let one_bits = _mm256_set1_epi64x(0x3FF0_0000_0000_0000);
        let mantissa = _mm256_set1_epi64x((1 << 52) - 1);
        let top = _mm256_set1_epi64x(((1i64 << 52) - 1) & !((1 << 44) - 1));
        let m = V::from_bits(_mm256_or_si256(_mm256_and_si256(bits, mantissa), one_bits));
        let c = V::from_bits(_mm256_or_si256(_mm256_and_si256(bits, top), one_bits));
        (e, j, m, c)
    }
}

/// [`ln`] on lanes; others than positive normal finite x are redone.
#[inline(always)]
fn ln4(x: V, t: &Tables) -> V {
    unsafe {
        let (e, j, m, c) = split(x);
        let e = V(_mm256_cvtepi32_pd(e));
        let (inv_c, ln_c) = gather_pairs(t.ln, j);
        let tt = m.sub(c).mul(inv_c);
        let t2 = tt.mul(tt);
        let low = V::splat(-0.5).add(tt.mul(V::splat(1.0 / 3.0)));
        let high = V::splat(-0.25).add(tt.mul(V::splat(0.2).add(tt.mul(V::splat(-1.0 / 6.0)))));
        let log1p = tt.add(t2.mul(low).add(t2.mul(t2).mul(high)));
        let result = e
            .mul(V::splat(LN2_HI))
            .add(ln_c)
            .add(log1p.add(e.mul(V::splat(LN2_LO))));
        let fine = x
            .ge(V::splat(f64::MIN_POSITIVE))
            .and(x.lt(V::splat(f64::INFINITY)));
        let xs = x.array();
        redo(result, !fine.bits() & 0xF, |l| ln(xs[l]))
    }
}

/// [`monthly_hazard`] on lanes; inputs below 2⁻¹⁰⁰⁰ or NaN are redone.
#[inline(always)]
fn hazard4(continuation: V, t: &Tables) -> V {
    unsafe {
        let x = continuation.clamp(V::splat(0.0), V::splat(1.0));
        let (e, j, m, c) = split(x);
        // q = ⌊e/12⌋: e/12 is at least 1/12 from any integer it is not.
        let ef = V(_mm256_cvtepi32_pd(e));
        let q = _mm256_cvttpd_epi32(ef.div(V::splat(12.0)).floor().0);
        let r = _mm_sub_epi32(e, _mm_mullo_epi32(q, _mm_set1_epi32(12)));
        let (root_c, inv_c) = gather_pairs(t.roots, j);
        let tt = m.sub(c).mul(inv_c);
        let series =
            tt.mul(V::splat(B1).add(
                tt.mul(
                    V::splat(B2).add(
                        tt.mul(V::splat(B3).add(tt.mul(V::splat(B4).add(tt.mul(V::splat(B5)))))),
                    ),
                ),
            ));
        let s = gather(t.octaves, r).mul(root_c).mul(pow2(q));
        let h = V::splat(1.0).sub(s).sub(s.mul(series));
        let fine = x.ge(V::splat(TWELFTH_ROOT_MIN));
        let cs = continuation.array();
        redo(h, !fine.bits() & 0xF, |l| monthly_hazard(cs[l]))
    }
}

/// 64-bit products modulo 2⁶⁴ of four lanes by a constant (AVX2 has no
/// 64-bit multiply): lo·lo + ((hi·lo' + lo·hi') << 32).
#[inline(always)]
fn mul64(a: __m256i, b: u64) -> __m256i {
    unsafe {
        let b_lo = _mm256_set1_epi64x(b as i64);
        let b_hi = _mm256_set1_epi64x((b >> 32) as i64);
        let low = _mm256_mul_epu32(a, b_lo);
        let cross = _mm256_add_epi64(
            _mm256_mul_epu32(_mm256_srli_epi64::<32>(a), b_lo),
            _mm256_mul_epu32(a, b_hi),
        );
        _mm256_add_epi64(low, _mm256_slli_epi64::<32>(cross))
    }
}

/// [`mix64`](super::stream::mix64) of four lanes.
#[inline(always)]
fn mix64(z: __m256i) -> __m256i {
    unsafe {
        let z = mul64(
            _mm256_xor_si256(z, _mm256_srli_epi64::<30>(z)),
            0xBF58_476D_1CE4_E5B9,
        );
        let z = mul64(
            _mm256_xor_si256(z, _mm256_srli_epi64::<27>(z)),
            0x94D0_49BB_1331_11EB,
        );
        _mm256_xor_si256(z, _mm256_srli_epi64::<31>(z))
    }
}

/// `unit_open(nth(key, month))` of four lanes, with `step` =
/// (month + 1)·γ: the uniform the scalar path draws for the month.
#[inline(always)]
fn uniform(keys: &[u64; LANES], step: u64) -> V {
    unsafe {
        let k = _mm256_loadu_si256(keys.as_ptr().cast());
        let bits = mix64(_mm256_add_epi64(k, _mm256_set1_epi64x(step as i64)));
        // (bits >> 12) as f64, exactly: 2⁵² + k has k in its mantissa.
        let two52 = _mm256_set1_epi64x(0x4330_0000_0000_0000);
        let k = V::from_bits(_mm256_or_si256(_mm256_srli_epi64::<12>(bits), two52))
            .sub(V::splat(4_503_599_627_370_496.0));
        k.add(V::splat(0.5))
            .mul(V::splat(1.0 / 4_503_599_627_370_496.0))
    }
}

/// Four wards' parameters, calibration, programme and state, one array
/// per quantity. A block with fewer than four wards repeats its first ward
/// in the spare lanes, whose results are ignored.
#[derive(Clone, Debug, Default)]
#[allow(missing_docs)]
pub struct Block {
    pub c0: [f64; LANES],
    pub beta_tau: [f64; LANES],
    pub beta_grant: [f64; LANES],
    pub beta_sup: [f64; LANES],
    pub beta_incentive: [f64; LANES],
    pub c_min: [f64; LANES],
    pub c_max: [f64; LANES],
    pub need_rate: [f64; LANES],
    pub population: [f64; LANES],
    pub caseload: [f64; LANES],
    pub beta_burnout: [f64; LANES],
    pub a_max: [f64; LANES],
    pub a_floor: [f64; LANES],
    pub a_decay: [f64; LANES],
    pub s0: [f64; LANES],
    pub beta_sat_tau: [f64; LANES],
    pub beta_sat_grant: [f64; LANES],
    pub tau_ref: [f64; LANES],
    pub grant_ref: [f64; LANES],
    pub coverage_ref: [f64; LANES],
    pub hazard_untrained: [f64; LANES],
    pub hazard_certified: [f64; LANES],
    pub dropouts0: [f64; LANES],
    pub demand_index0: [f64; LANES],
    pub recruits0: [f64; LANES],
    pub participants0: [f64; LANES],
    pub aw_gain: [f64; LANES],
    pub grants_month: [f64; LANES],
    pub grants_paid_month: [f64; LANES],
    pub supervision_month: [f64; LANES],
    pub access: [f64; LANES],
    pub boost: [f64; LANES],
    pub site_room: [f64; LANES],
    pub seats: [f64; LANES],
    pub publicity: [f64; LANES],
    pub staff_month: [f64; LANES],
    pub awareness_month: [f64; LANES],
    pub bases_month: [f64; LANES],
    pub participants: [f64; LANES],
    pub untrained: [f64; LANES],
    pub certified: [f64; LANES],
    pub awareness: [f64; LANES],
    pub seat_credit: [f64; LANES],
    /// Spending so far, outcome payments included.
    pub spent: [f64; LANES],
    /// ∏(1 − d) over the FY's months so far.
    pub fy_survival: [f64; LANES],
    /// New participants in the FY so far.
    pub new_participants: [f64; LANES],
    /// Satisfaction of the last month stepped.
    pub satisfaction: [f64; LANES],
    /// Waitlist of the last month stepped.
    pub waitlist: [f64; LANES],
    /// Stream keys of the five monthly flows (MODEL.md §4 order, as
    /// [`Flow`](crate::model::ward::Flow)).
    pub keys: [[u64; LANES]; 5],
}

impl Block {
    /// Set lane `l` to a ward's run parameters and calibration.
    pub fn set_ward(&mut self, l: usize, p: &WardParams, cal: &Calibration, population: f64) {
        self.c0[l] = p.c0;
        self.beta_tau[l] = p.beta_tau;
        self.beta_grant[l] = p.beta_grant;
        self.beta_sup[l] = p.beta_sup;
        self.beta_incentive[l] = p.beta_incentive;
        self.c_min[l] = p.c_min;
        self.c_max[l] = p.c_max;
        self.need_rate[l] = p.need_rate;
        self.population[l] = population;
        self.caseload[l] = p.caseload;
        self.beta_burnout[l] = p.beta_burnout;
        self.a_max[l] = p.a_max;
        self.a_floor[l] = p.a_floor;
        self.a_decay[l] = p.a_decay;
        self.s0[l] = p.s0;
        self.beta_sat_tau[l] = p.beta_sat_tau;
        self.beta_sat_grant[l] = p.beta_sat_grant;
        self.tau_ref[l] = cal.tau_ref;
        self.grant_ref[l] = cal.grant_ref;
        self.coverage_ref[l] = cal.coverage_ref;
        self.hazard_untrained[l] = cal.hazard_untrained;
        self.hazard_certified[l] = cal.hazard_certified;
        self.dropouts0[l] = cal.dropouts0;
        self.demand_index0[l] = cal.demand_index0;
        self.recruits0[l] = cal.recruits0;
        self.participants0[l] = cal.participants0;
        self.aw_gain[l] = cal.aw_gain;
    }

    /// Set lane `l` to a ward's programme of the FY.
    pub fn set_programme(&mut self, l: usize, prog: &Programme) {
        self.grants_month[l] = prog.grants_month;
        self.grants_paid_month[l] = prog.grants_paid_month;
        self.supervision_month[l] = prog.supervision_month;
        self.access[l] = prog.access;
        self.boost[l] = prog.boost;
        self.site_room[l] = prog.site_room;
        self.seats[l] = prog.seats;
        self.publicity[l] = prog.publicity;
        let [staff, awareness, bases] = prog.fixed_month;
        self.staff_month[l] = staff;
        self.awareness_month[l] = awareness;
        self.bases_month[l] = bases;
    }

    /// Set lane `l`'s state, seat credit and flow keys.
    pub fn set_state(&mut self, l: usize, s: &WardState, seat_credit: f64, keys: [u64; 5]) {
        self.participants[l] = s.participants;
        self.untrained[l] = s.untrained;
        self.certified[l] = s.certified;
        self.awareness[l] = s.awareness;
        self.seat_credit[l] = seat_credit;
        for (k, key) in keys.into_iter().enumerate() {
            self.keys[k][l] = key;
        }
    }

    /// The state of lane `l`.
    pub fn state(&self, l: usize) -> WardState {
        WardState {
            participants: self.participants[l],
            untrained: self.untrained[l],
            certified: self.certified[l],
            awareness: self.awareness[l],
        }
    }

    /// Copy lane 0 into lanes `from..LANES`.
    pub fn fill_spare(&mut self, from: usize) {
        macro_rules! fill {
            ($($f:ident),*) => { $( for l in from..LANES { self.$f[l] = self.$f[0]; } )* };
        }
        fill!(
            c0,
            beta_tau,
            beta_grant,
            beta_sup,
            beta_incentive,
            c_min,
            c_max,
            need_rate,
            population,
            caseload,
            beta_burnout,
            a_max,
            a_floor,
            a_decay,
            s0,
            beta_sat_tau,
            beta_sat_grant,
            tau_ref,
            grant_ref,
            coverage_ref,
            hazard_untrained,
            hazard_certified,
            dropouts0,
            demand_index0,
            recruits0,
            participants0,
            aw_gain,
            grants_month,
            grants_paid_month,
            supervision_month,
            access,
            boost,
            site_room,
            seats,
            publicity,
            staff_month,
            awareness_month,
            bases_month,
            participants,
            untrained,
            certified,
            awareness,
            seat_credit,
            spent,
            fy_survival,
            new_participants,
            satisfaction,
            waitlist
        );
        for k in 0..5 {
            for l in from..LANES {
                self.keys[k][l] = self.keys[k][0];
            }
        }
    }
}

/// Quantities summed over wards in a month, in `MonthTotals` order
/// (participants, inflow, dropouts, waitlist, untrained, certified,
/// awareness × residents, continuation × starting participants,
/// satisfaction × starting participants, continuation, satisfaction,
/// starting participants, spending by line), one value per lane.
pub type LaneTotals = [[f64; LANES]; TOTALS];

/// Number of quantities in [`LaneTotals`].
pub const TOTALS: usize = 18;

/// Advance the four wards of `block` by month `month` (MODEL.md §4, steps
/// 1–10, stochastic mode), exactly as [`step`](crate::model::ward::step)
/// with [`StochasticFlows`](super::draw::StochasticFlows) would.
///
/// # Safety
/// The processor must support AVX2 ([`available`]).
#[target_feature(enable = "avx2")]
pub unsafe fn step_block(
    block: &mut Block,
    month: u64,
    incentive: bool,
    costs: &UnitCosts,
    t: &Tables,
) -> LaneTotals {
    let b = &*block;
    let ld = V::load;
    let zero = V::splat(0.0);
    let one = V::splat(1.0);
    let n = ld(&b.participants);
    let un = ld(&b.untrained);
    let ce = ld(&b.certified);
    let aw = ld(&b.awareness);

    // The five uniforms of the month.
    let counter = month.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA);
    let uniform = |k: usize| uniform(&b.keys[k], counter);

    // 1.–2. Trained share, grant term, coverage, continuation, hazard.
    let supporters = un.add(ce);
    let tau = supporters.gt(zero).and(ce.div(supporters));
    let grant = ld(&b.grants_month).div(n.max(one));
    let log_grant = ln4(grant.max(one).div(ld(&b.grant_ref).max(one)), t);
    let coverage = ld(&b.supervision_month)
        .div(V::splat(costs.supervision_month).mul(supporters.max(one)))
        .min(one);
    let tau_ref = ld(&b.tau_ref);
    let coverage_ref = ld(&b.coverage_ref);
    let mut c = ld(&b.c0)
        .add(ld(&b.beta_tau).mul(tau.sub(tau_ref)))
        .add(ld(&b.beta_grant).mul(log_grant))
        .add(ld(&b.beta_sup).mul(coverage.sub(coverage_ref)));
    if incentive {
        c = c.add(ld(&b.beta_incentive));
    }
    let continuation = c.max(ld(&b.c_min)).min(ld(&b.c_max));
    let hazard = hazard4(continuation, t);
    // 3. Demand index, 4. capacity, 6. supporter hazards.
    let pool = ld(&b.need_rate).mul(ld(&b.population)).sub(n).max(zero);
    let demand_index = aw.mul(pool).mul(ld(&b.access)).mul(ld(&b.boost));
    let capacity = ld(&b.caseload).mul(supporters).min(ld(&b.site_room));
    let burn = one.sub(ld(&b.beta_burnout).mul(coverage.sub(coverage_ref)));
    let h_untrained = ld(&b.hazard_untrained).mul(burn).clamp(zero, one);
    let h_certified = ld(&b.hazard_certified).mul(burn).clamp(zero, one);

    let demand_index0 = ld(&b.demand_index0);
    let demand = demand_index0
        .gt(zero)
        .and(ld(&b.dropouts0).mul(demand_index.div(demand_index0)));
    let inflow_rate = demand.min(capacity.sub(n).max(zero));
    let waitlist = demand.sub(inflow_rate);
    // 5.–7. Flows.
    let inflow = poisson(uniform(0), inflow_rate, t);
    let dropouts = binomial(uniform(1), n, hazard, t);
    let attrition_untrained = binomial(uniform(2), un, h_untrained, t);
    let attrition_certified = binomial(uniform(3), ce, h_certified, t);
    let available = ld(&b.seat_credit).add(ld(&b.seats).max(zero));
    let offered = floor_count(available);
    let seat_credit = available.sub(offered);
    let trained = offered.min(floor_count(un.sub(attrition_untrained).max(zero)));
    let participants0 = ld(&b.participants0);
    let recruits_rate = participants0
        .gt(zero)
        .and(ld(&b.recruits0).mul(n.div(participants0)));
    let recruits = poisson(uniform(4), recruits_rate, t);
    // 8. Awareness.
    let gain = ld(&b.aw_gain).mul(ld(&b.publicity));
    let a_decay = ld(&b.a_decay);
    let a_max = ld(&b.a_max);
    let a_floor = ld(&b.a_floor);
    let balance = gain
        .mul(a_max)
        .add(a_decay.mul(a_floor))
        .div(gain.add(a_decay))
        .sub(aw);
    let step = gain.mul(a_max.sub(aw)).sub(a_decay.mul(aw.sub(a_floor)));
    let d_awareness = gain.add(a_decay).gt(one).select(balance, step);
    // 9. Satisfaction.
    let satisfaction = ld(&b.s0)
        .add(ld(&b.beta_sat_tau).mul(tau.sub(tau_ref)))
        .add(ld(&b.beta_sat_grant).mul(log_grant))
        .clamp(zero, V::splat(0.99));
    // 10. Next state.
    let supervision =
        ld(&b.supervision_month).min(V::splat(costs.supervision_month).mul(supporters));
    let next_n = n.add(inflow.sub(dropouts));
    let next_u = un.add(recruits.sub(attrition_untrained.add(trained)));
    let next_c = ce.add(trained.sub(attrition_certified));
    let next_a = aw.add(d_awareness).clamp(zero, one);
    let spending = [
        ld(&b.staff_month),
        trained.mul(V::splat(costs.seat)),
        supervision,
        ld(&b.awareness_month),
        ld(&b.bases_month),
        ld(&b.grants_paid_month),
    ];
    let mut spent = ld(&b.spent);
    for line in spending {
        spent = spent.add(line);
    }
    let totals = [
        next_n.array(),
        inflow.array(),
        dropouts.array(),
        waitlist.array(),
        next_u.array(),
        next_c.array(),
        next_a.mul(ld(&b.population)).array(),
        n.mul(continuation).array(),
        n.mul(satisfaction).array(),
        continuation.array(),
        satisfaction.array(),
        n.array(),
        spending[0].array(),
        spending[1].array(),
        spending[2].array(),
        spending[3].array(),
        spending[4].array(),
        spending[5].array(),
    ];
    let survival = ld(&b.fy_survival).mul(one.sub(hazard));
    let new_participants = ld(&b.new_participants).add(inflow);
    block.participants = next_n.array();
    block.untrained = next_u.array();
    block.certified = next_c.array();
    block.awareness = next_a.array();
    block.seat_credit = seat_credit.array();
    block.spent = spent.array();
    block.fy_survival = survival.array();
    block.new_participants = new_participants.array();
    block.satisfaction = satisfaction.array();
    block.waitlist = waitlist.array();
    totals
}
