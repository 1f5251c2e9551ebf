//! The lane operations in the 256-bit registers of x86-64 processors with
//! AVX2, one or two instructions each, and the kernel compiled with them.
//!
//! Every operation is inlined into [`step_block`], which is compiled with
//! AVX2 enabled and only called once the processor is known to have it.

use std::arch::x86_64::*;

/// Four lanes of f64 (or masks: all bits set where true).
#[derive(Clone, Copy)]
struct V(__m256d);

/// Four lanes of i32.
#[derive(Clone, Copy)]
struct I(__m128i);

/// Four lanes of u64.
#[derive(Clone, Copy)]
struct U(__m256i);

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

binary_ops! { V {
    add => _mm256_add_pd;
    sub => _mm256_sub_pd;
    mul => _mm256_mul_pd;
    div => _mm256_div_pd;
    and => _mm256_and_pd;
    or => _mm256_or_pd;
    xor => _mm256_xor_pd;
}}

/// The comparison `PREDICATE` of two vectors, all-ones lanes where true.
#[inline(always)]
fn cmp<const PREDICATE: i32>(a: __m256d, b: __m256d) -> V {
    unsafe { V(_mm256_cmp_pd::<PREDICATE>(a, b)) }
}

compare_ops!();

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
    /// Lanes of `a` where the top bit of `self` is set, of `b` elsewhere.
    #[inline(always)]
    fn select(self, a: V, b: V) -> V {
        unsafe { V(_mm256_blendv_pd(b.0, a.0, self.0)) }
    }
    /// Bit l set where the top bit of lane l is set.
    #[inline(always)]
    fn bits(self) -> i32 {
        unsafe { _mm256_movemask_pd(self.0) }
    }
    #[inline(always)]
    fn to_bits(self) -> U {
        unsafe { U(_mm256_castpd_si256(self.0)) }
    }
    #[inline(always)]
    fn from_bits(i: U) -> V {
        unsafe { V(_mm256_castsi256_pd(i.0)) }
    }
    /// Truncation toward zero; i32::MIN for lanes out of range or NaN.
    #[inline(always)]
    fn trunc(self) -> I {
        unsafe { I(_mm256_cvttpd_epi32(self.0)) }
    }
}

binary_ops! { I {
    and => _mm_and_si128;
    sub => _mm_sub_epi32;
    mul => _mm_mullo_epi32;
    min => _mm_min_epi32;
    max => _mm_max_epi32;
    eq => _mm_cmpeq_epi32;
}}

impl I {
    #[inline(always)]
    fn splat(x: i32) -> I {
        unsafe { I(_mm_set1_epi32(x)) }
    }
    #[inline(always)]
    fn shr_arith<const N: i32>(self) -> I {
        unsafe { I(_mm_srai_epi32::<N>(self.0)) }
    }
    #[inline(always)]
    fn to_f64(self) -> V {
        unsafe { V(_mm256_cvtepi32_pd(self.0)) }
    }
    /// Each lane sign-extended to 64 bits, as a mask.
    #[inline(always)]
    fn widen(self) -> V {
        unsafe { V(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(self.0))) }
    }
    /// The OR of the four lanes.
    #[inline(always)]
    fn or_all(self) -> i32 {
        unsafe {
            let m = _mm_or_si128(self.0, _mm_shuffle_epi32::<0b01_00_11_10>(self.0));
            let m = _mm_or_si128(m, _mm_shuffle_epi32::<0b10_11_00_01>(m));
            _mm_cvtsi128_si32(m)
        }
    }
    /// The lanes as indices (the kernel keeps them non-negative).
    #[inline(always)]
    fn indices(self) -> [usize; 4] {
        let mut i = [0i32; 4];
        unsafe { _mm_storeu_si128(i.as_mut_ptr().cast(), self.0) };
        i.map(|x| x as usize)
    }
}

binary_ops! { U {
    add => _mm256_add_epi64;
    xor => _mm256_xor_si256;
    or => _mm256_or_si256;
    and => _mm256_and_si256;
}}

impl U {
    #[inline(always)]
    fn load(a: &[u64; LANES]) -> U {
        unsafe { U(_mm256_loadu_si256(a.as_ptr().cast())) }
    }
    #[inline(always)]
    fn splat(x: u64) -> U {
        unsafe { U(_mm256_set1_epi64x(x as i64)) }
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> U {
        unsafe { U(_mm256_srli_epi64::<N>(self.0)) }
    }
    /// Products modulo 2⁶⁴ by a constant (AVX2 has no 64-bit multiply):
    /// lo·lo + ((hi·lo' + lo·hi') << 32).
    #[inline(always)]
    fn mul(self, b: u64) -> U {
        unsafe {
            let a = self.0;
            let b_lo = _mm256_set1_epi64x(b as i64);
            let b_hi = _mm256_set1_epi64x((b >> 32) as i64);
            let low = _mm256_mul_epu32(a, b_lo);
            let cross = _mm256_add_epi64(
                _mm256_mul_epu32(_mm256_srli_epi64::<32>(a), b_lo),
                _mm256_mul_epu32(a, b_hi),
            );
            U(_mm256_add_epi64(low, _mm256_slli_epi64::<32>(cross)))
        }
    }
    /// The low 32 bits of each lane.
    #[inline(always)]
    fn low32(self) -> I {
        unsafe {
            let packed =
                _mm256_permutevar8x32_epi32(self.0, _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0));
            I(_mm256_castsi256_si128(packed))
        }
    }
}

/// Four table entries at indices in bounds. Four loads rather than a
/// gather instruction, which is slow on many processors.
#[inline(always)]
fn gather(table: &[f64], idx: I) -> V {
    let i = idx.indices();
    V::load(&i.map(|i| table[i]))
}

small_table_gathers!();

/// Entries 2i and 2i + 1 of a flat table of pairs for four pair indices i
/// (in bounds by construction, checked in debug builds): one 128-bit load
/// per lane and a transpose.
#[inline(always)]
fn gather_pairs(table: &[f64], idx: I) -> (V, V) {
    let i = idx.indices();
    debug_assert!(i.iter().all(|&i| 2 * i + 2 <= table.len()));
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
/// four pair indices i (in bounds by construction, checked in debug
/// builds): one 256-bit load per lane and a 4 × 4
/// transpose.
#[inline(always)]
fn gather_quads(table: &[f64], idx: I) -> [V; 4] {
    let i = idx.indices();
    debug_assert!(i.iter().all(|&i| 2 * i + 4 <= table.len()));
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

/// 2^k for integer lanes −1022 ≤ k ≤ 1023.
#[inline(always)]
fn pow2(k: I) -> V {
    unsafe {
        let wide = _mm256_cvtepi32_epi64(k.0);
        let biased = _mm256_add_epi64(wide, _mm256_set1_epi64x(1023));
        V(_mm256_castsi256_pd(_mm256_slli_epi64::<52>(biased)))
    }
}

/// Wards per block.
const LANES: usize = 4;
type Block = super::Block<LANES>;
type LaneTotals = super::LaneTotals<LANES>;

include!("kernel.rs");

/// [`kernel`] in AVX2 registers.
///
/// # Safety
/// The processor must support AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn step_block(
    block: &mut Block,
    month: u64,
    incentive: bool,
    costs: &UnitCosts,
    t: &Tables,
    sums: &mut LaneTotals,
) {
    kernel(block, month, incentive, costs, t, sums)
}

/// The monthly hazard of each of `xs`, computed in the lanes.
///
/// # Safety
/// As [`step_block`].
#[cfg(test)]
#[target_feature(enable = "avx2")]
pub(super) unsafe fn hazards(xs: &[f64]) -> Vec<f64> {
    hazards_in_lanes(xs)
}
