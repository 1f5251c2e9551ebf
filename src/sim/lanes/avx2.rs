//! The lane operations in the 256-bit registers of x86-64 processors with
//! AVX2, one or two instructions each, and the kernel compiled with them.
//!
//! Every lane function is declared through [`lane_fn!`], so it is compiled
//! with AVX2 enabled: the lane functions call one another and AVX2's
//! intrinsics without `unsafe`, and are inlined into [`step_block`], whose
//! only caller ([`Kernel::step`](super::Kernel::step)) has checked that the
//! processor has AVX2. `unsafe` is left to the loads and stores through
//! pointers, each in bounds of the array or table it reads or writes.

use std::arch::x86_64::*;

/// A lane function of this backend: compiled with AVX2 enabled, so that it
/// may call the other lane functions and AVX2's value intrinsics safely,
/// and inlined into its callers (themselves lane functions).
macro_rules! lane_fn {
    ($($item:tt)*) => {
        #[target_feature(enable = "avx2")]
        #[inline]
        $($item)*
    };
}

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
    lane_fn!(
        fn splat(x: f64) -> V {
            V(_mm256_set1_pd(x))
        }
    );
    lane_fn!(
        fn load(a: &[f64; LANES]) -> V {
            // SAFETY: the unaligned load reads four f64, the whole of `a`.
            V(unsafe { _mm256_loadu_pd(a.as_ptr()) })
        }
    );
    lane_fn!(
        fn array(self) -> [f64; LANES] {
            let mut a = [0.0; LANES];
            // SAFETY: the unaligned store writes four f64, the whole of `a`.
            unsafe { _mm256_storeu_pd(a.as_mut_ptr(), self.0) };
            a
        }
    );
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

lane_fn!(
    /// The comparison `PREDICATE` of two vectors, all-ones lanes where true.
    fn cmp<const PREDICATE: i32>(a: __m256d, b: __m256d) -> V {
        V(_mm256_cmp_pd::<PREDICATE>(a, b))
    }
);

compare_ops!();

impl V {
    lane_fn!(
        fn sqrt(self) -> V {
            V(_mm256_sqrt_pd(self.0))
        }
    );
    lane_fn!(
        fn floor(self) -> V {
            V(_mm256_floor_pd(self.0))
        }
    );
    lane_fn!(
        /// `self & !o`.
        fn and_not(self, o: V) -> V {
            V(_mm256_andnot_pd(o.0, self.0))
        }
    );
    lane_fn!(
        /// Lanes of `a` where the top bit of `self` is set, of `b` elsewhere.
        fn select(self, a: V, b: V) -> V {
            V(_mm256_blendv_pd(b.0, a.0, self.0))
        }
    );
    lane_fn!(
        /// Bit l set where the top bit of lane l is set.
        fn bits(self) -> i32 {
            _mm256_movemask_pd(self.0)
        }
    );
    lane_fn!(
        fn to_bits(self) -> U {
            U(_mm256_castpd_si256(self.0))
        }
    );
    lane_fn!(
        fn from_bits(i: U) -> V {
            V(_mm256_castsi256_pd(i.0))
        }
    );
    lane_fn!(
        /// Truncation toward zero; i32::MIN for lanes out of range or NaN.
        fn trunc(self) -> I {
            I(_mm256_cvttpd_epi32(self.0))
        }
    );
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
    lane_fn!(
        fn splat(x: i32) -> I {
            I(_mm_set1_epi32(x))
        }
    );
    lane_fn!(
        fn shr_arith<const N: i32>(self) -> I {
            I(_mm_srai_epi32::<N>(self.0))
        }
    );
    lane_fn!(
        fn to_f64(self) -> V {
            V(_mm256_cvtepi32_pd(self.0))
        }
    );
    lane_fn!(
        /// Each lane sign-extended to 64 bits, as a mask.
        fn widen(self) -> V {
            V(_mm256_castsi256_pd(_mm256_cvtepi32_epi64(self.0)))
        }
    );
    lane_fn!(
        /// The OR of the four lanes.
        fn or_all(self) -> i32 {
            let m = _mm_or_si128(self.0, _mm_shuffle_epi32::<0b01_00_11_10>(self.0));
            let m = _mm_or_si128(m, _mm_shuffle_epi32::<0b10_11_00_01>(m));
            _mm_cvtsi128_si32(m)
        }
    );
    lane_fn!(
        /// The lanes as indices (the kernel keeps them non-negative).
        fn indices(self) -> [usize; 4] {
            let mut i = [0i32; 4];
            // SAFETY: the unaligned store writes four i32, the whole of `i`.
            unsafe { _mm_storeu_si128(i.as_mut_ptr().cast(), self.0) };
            i.map(|x| x as usize)
        }
    );
}

binary_ops! { U {
    add => _mm256_add_epi64;
    xor => _mm256_xor_si256;
    or => _mm256_or_si256;
    and => _mm256_and_si256;
}}

impl U {
    lane_fn!(
        fn load(a: &[u64; LANES]) -> U {
            // SAFETY: the unaligned load reads four u64, the whole of `a`.
            U(unsafe { _mm256_loadu_si256(a.as_ptr().cast()) })
        }
    );
    lane_fn!(
        fn splat(x: u64) -> U {
            U(_mm256_set1_epi64x(x as i64))
        }
    );
    lane_fn!(
        fn shr<const N: i32>(self) -> U {
            U(_mm256_srli_epi64::<N>(self.0))
        }
    );
    lane_fn!(
        /// Products modulo 2⁶⁴ by a constant (AVX2 has no 64-bit multiply):
        /// lo·lo + ((hi·lo' + lo·hi') << 32).
        fn mul(self, b: u64) -> U {
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
    );
    lane_fn!(
        /// The low 32 bits of each lane.
        fn low32(self) -> I {
            let packed =
                _mm256_permutevar8x32_epi32(self.0, _mm256_setr_epi32(0, 2, 4, 6, 0, 0, 0, 0));
            I(_mm256_castsi256_si128(packed))
        }
    );
}

lane_fn!(
    /// Four table entries at indices in bounds. Four loads rather than a
    /// gather instruction, which is slow on many processors.
    fn gather(table: &[f64], idx: I) -> V {
        let i = idx.indices();
        V::load(&i.map(|i| table[i]))
    }
);

small_table_gathers!();

lane_fn!(
    /// The pairs at four indices i of a table of `N` pairs, as the vector of
    /// their first entries and that of their second: one 128-bit load per
    /// lane and a transpose. The indices are limited to 0…N − 1 (where the
    /// kernel's lie already).
    fn gather_pairs<const N: usize>(table: &[[f64; 2]; N], idx: I) -> (V, V) {
        const { assert!(N >= 1 && N <= i32::MAX as usize) };
        let i = idx.min(I::splat(N as i32 - 1)).max(I::splat(0)).indices();
        let p = table.as_flattened().as_ptr();
        // SAFETY: 0 ≤ i[l] ≤ N − 1, so the two f64 at 2·i[l] lie within
        // the 2N of the table (unaligned load).
        let row = |l: usize| unsafe { _mm_loadu_pd(p.add(2 * i[l])) };
        let x02 = _mm256_set_m128d(row(2), row(0));
        let x13 = _mm256_set_m128d(row(3), row(1));
        (
            V(_mm256_unpacklo_pd(x02, x13)),
            V(_mm256_unpackhi_pd(x02, x13)),
        )
    }
);

lane_fn!(
    /// The pairs at four indices i and i + 1 of a table of `N` pairs, as the
    /// vectors of their four entries: one 256-bit load per lane and a 4 × 4
    /// transpose. The indices are limited to 0…N − 2 (where the kernel's lie
    /// already).
    fn gather_quads<const N: usize>(table: &[[f64; 2]; N], idx: I) -> [V; 4] {
        const { assert!(N >= 2 && N <= i32::MAX as usize) };
        let i = idx.min(I::splat(N as i32 - 2)).max(I::splat(0)).indices();
        let p = table.as_flattened().as_ptr();
        // SAFETY: 0 ≤ i[l] ≤ N − 2, so the four f64 at 2·i[l] lie within
        // the 2N of the table (unaligned load).
        let row = |l: usize| unsafe { _mm256_loadu_pd(p.add(2 * i[l])) };
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
);

lane_fn!(
    /// 2^k for integer lanes −1022 ≤ k ≤ 1023.
    fn pow2(k: I) -> V {
        let wide = _mm256_cvtepi32_epi64(k.0);
        let biased = _mm256_add_epi64(wide, _mm256_set1_epi64x(1023));
        V(_mm256_castsi256_pd(_mm256_slli_epi64::<52>(biased)))
    }
);

/// Wards per block.
const LANES: usize = 4;
type Block = super::Block<LANES>;
type LaneTotals = super::LaneTotals<LANES>;

include!("kernel.rs");

/// [`kernel`] in AVX2 registers. Safe to call only where the processor has
/// AVX2 (`unsafe` outside code compiled with it).
#[target_feature(enable = "avx2")]
pub(super) fn step_block(
    block: &mut Block,
    month: u64,
    incentive: bool,
    costs: &UnitCosts,
    t: &Tables,
    sums: &mut LaneTotals,
) {
    kernel(block, month, incentive, costs, t, sums)
}

/// The monthly hazard of each of `xs`, computed in the lanes (as
/// [`step_block`]: the processor must have AVX2).
#[cfg(test)]
#[target_feature(enable = "avx2")]
pub(super) fn hazards(xs: &[f64]) -> Vec<f64> {
    hazards_in_lanes(xs)
}
