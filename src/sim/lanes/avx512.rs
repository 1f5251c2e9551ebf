//! The lane operations in the 512-bit registers of x86-64 processors with
//! AVX-512 (F and DQ), eight wards per block, one or two instructions
//! each, and the kernel compiled with them.
//!
//! Masks stay vectors of all-ones lanes, as in the other backends: a
//! comparison's mask register is widened into a vector, and a blend reads
//! the vector's top bits back into a mask. Every lane function is declared
//! through [`lane_fn!`], so it is compiled with AVX-512 F and DQ and AVX2
//! enabled: the lane functions call one another and the intrinsics without
//! `unsafe`, and are inlined into [`step_block`], whose only caller
//! ([`Kernel::step`](super::Kernel::step)) has checked that the processor
//! has those features. `unsafe` is left to the loads and stores through
//! pointers, each in bounds of the array or table it reads or writes.

use std::arch::x86_64::*;

/// A lane function of this backend: compiled with AVX-512 F and DQ and
/// AVX2 enabled, so that it may call the other lane functions and the
/// value intrinsics safely, and inlined into its callers (themselves lane
/// functions).
macro_rules! lane_fn {
    ($($item:tt)*) => {
        #[target_feature(enable = "avx512f,avx512dq,avx2")]
        #[inline]
        $($item)*
    };
}

/// Eight lanes of f64 (or masks: all bits set where true).
#[derive(Clone, Copy)]
struct V(__m512d);

/// Eight lanes of i32.
#[derive(Clone, Copy)]
struct I(__m256i);

/// Eight lanes of u64.
#[derive(Clone, Copy)]
struct U(__m512i);

lane_fn!(
    /// All bits set in the lanes whose bit of `m` is set.
    fn from_mask(m: __mmask8) -> V {
        V(_mm512_castsi512_pd(_mm512_movm_epi64(m)))
    }
);

impl V {
    lane_fn!(
        fn splat(x: f64) -> V {
            V(_mm512_set1_pd(x))
        }
    );
    lane_fn!(
        fn load(a: &[f64; LANES]) -> V {
            // SAFETY: the unaligned load reads eight f64, the whole of `a`.
            V(unsafe { _mm512_loadu_pd(a.as_ptr()) })
        }
    );
    lane_fn!(
        fn array(self) -> [f64; LANES] {
            let mut a = [0.0; LANES];
            // SAFETY: the unaligned store writes eight f64, the whole of `a`.
            unsafe { _mm512_storeu_pd(a.as_mut_ptr(), self.0) };
            a
        }
    );
}

binary_ops! { V {
    add => _mm512_add_pd;
    sub => _mm512_sub_pd;
    mul => _mm512_mul_pd;
    div => _mm512_div_pd;
    and => _mm512_and_pd;
    or => _mm512_or_pd;
    xor => _mm512_xor_pd;
}}

lane_fn!(
    /// The comparison `PREDICATE` of two vectors, all-ones lanes where true.
    fn cmp<const PREDICATE: i32>(a: __m512d, b: __m512d) -> V {
        from_mask(_mm512_cmp_pd_mask::<PREDICATE>(a, b))
    }
);

compare_ops!();

impl V {
    lane_fn!(
        fn sqrt(self) -> V {
            V(_mm512_sqrt_pd(self.0))
        }
    );
    lane_fn!(
        fn floor(self) -> V {
            V(_mm512_roundscale_pd::<
                { _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC },
            >(self.0))
        }
    );
    lane_fn!(
        /// `self & !o`.
        fn and_not(self, o: V) -> V {
            V(_mm512_andnot_pd(o.0, self.0))
        }
    );
    lane_fn!(
        /// Lanes of `a` where the top bit of `self` is set, of `b` elsewhere.
        fn select(self, a: V, b: V) -> V {
            let m = _mm512_movepi64_mask(_mm512_castpd_si512(self.0));
            V(_mm512_mask_blend_pd(m, b.0, a.0))
        }
    );
    lane_fn!(
        /// Bit l set where the top bit of lane l is set.
        fn bits(self) -> i32 {
            i32::from(_mm512_movepi64_mask(_mm512_castpd_si512(self.0)))
        }
    );
    lane_fn!(
        fn to_bits(self) -> U {
            U(_mm512_castpd_si512(self.0))
        }
    );
    lane_fn!(
        fn from_bits(i: U) -> V {
            V(_mm512_castsi512_pd(i.0))
        }
    );
    lane_fn!(
        /// Truncation toward zero; i32::MIN for lanes out of range or NaN
        /// (as AVX2's conversion).
        fn trunc(self) -> I {
            I(_mm512_cvttpd_epi32(self.0))
        }
    );
}

binary_ops! { I {
    and => _mm256_and_si256;
    sub => _mm256_sub_epi32;
    mul => _mm256_mullo_epi32;
    min => _mm256_min_epi32;
    max => _mm256_max_epi32;
    eq => _mm256_cmpeq_epi32;
}}

impl I {
    lane_fn!(
        fn splat(x: i32) -> I {
            I(_mm256_set1_epi32(x))
        }
    );
    lane_fn!(
        fn shr_arith<const N: i32>(self) -> I {
            I(_mm256_srai_epi32::<N>(self.0))
        }
    );
    lane_fn!(
        fn to_f64(self) -> V {
            V(_mm512_cvtepi32_pd(self.0))
        }
    );
    lane_fn!(
        /// Each lane sign-extended to 64 bits, as a mask.
        fn widen(self) -> V {
            V(_mm512_castsi512_pd(_mm512_cvtepi32_epi64(self.0)))
        }
    );
    lane_fn!(
        /// The OR of the eight lanes.
        fn or_all(self) -> i32 {
            let m = _mm_or_si128(
                _mm256_castsi256_si128(self.0),
                _mm256_extracti128_si256::<1>(self.0),
            );
            let m = _mm_or_si128(m, _mm_shuffle_epi32::<0b01_00_11_10>(m));
            let m = _mm_or_si128(m, _mm_shuffle_epi32::<0b10_11_00_01>(m));
            _mm_cvtsi128_si32(m)
        }
    );
    lane_fn!(
        /// The lanes as indices (the kernel keeps them non-negative).
        fn indices(self) -> [usize; LANES] {
            let mut i = [0i32; LANES];
            // SAFETY: the unaligned store writes eight i32, the whole of `i`.
            unsafe { _mm256_storeu_si256(i.as_mut_ptr().cast(), self.0) };
            i.map(|x| x as usize)
        }
    );
}

binary_ops! { U {
    add => _mm512_add_epi64;
    xor => _mm512_xor_si512;
    or => _mm512_or_si512;
    and => _mm512_and_si512;
}}

impl U {
    lane_fn!(
        fn load(a: &[u64; LANES]) -> U {
            // SAFETY: the unaligned load reads eight u64, the whole of `a`.
            U(unsafe { _mm512_loadu_si512(a.as_ptr().cast()) })
        }
    );
    lane_fn!(
        fn splat(x: u64) -> U {
            U(_mm512_set1_epi64(x as i64))
        }
    );
    lane_fn!(
        fn shr<const N: u32>(self) -> U {
            U(_mm512_srli_epi64::<N>(self.0))
        }
    );
    lane_fn!(
        /// Products modulo 2⁶⁴ by a constant.
        fn mul(self, b: u64) -> U {
            U(_mm512_mullo_epi64(self.0, _mm512_set1_epi64(b as i64)))
        }
    );
    lane_fn!(
        /// The low 32 bits of each lane.
        fn low32(self) -> I {
            I(_mm512_cvtepi64_epi32(self.0))
        }
    );
}

lane_fn!(
    /// Entries of a 64-entry table at indices 0…63, from registers: four
    /// two-register permutes, each over 16 entries (the low four bits of
    /// the index), and a blend on bits 4 and 5 of the index.
    fn gather64(table: &[f64; 64], idx: I) -> V {
        let (rows, _) = table.as_chunks::<LANES>();
        let t = |k: usize| V::load(&rows[k]).0;
        let i = _mm512_cvtepi32_epi64(idx.0);
        let r0 = _mm512_permutex2var_pd(t(0), i, t(1));
        let r1 = _mm512_permutex2var_pd(t(2), i, t(3));
        let r2 = _mm512_permutex2var_pd(t(4), i, t(5));
        let r3 = _mm512_permutex2var_pd(t(6), i, t(7));
        let b4 = _mm512_test_epi64_mask(i, _mm512_set1_epi64(16));
        let b5 = _mm512_test_epi64_mask(i, _mm512_set1_epi64(32));
        let low = _mm512_mask_blend_pd(b4, r0, r1);
        let high = _mm512_mask_blend_pd(b4, r2, r3);
        V(_mm512_mask_blend_pd(b5, low, high))
    }
);

lane_fn!(
    /// Entries of a 16-entry table at indices 0…15 (the low four bits of
    /// the index): one two-register permute.
    fn gather16(table: &[f64; 16], idx: I) -> V {
        let (halves, _) = table.as_chunks::<LANES>();
        let (low, high) = (V::load(&halves[0]).0, V::load(&halves[1]).0);
        let i = _mm512_cvtepi32_epi64(idx.0);
        V(_mm512_permutex2var_pd(low, i, high))
    }
);

lane_fn!(
    /// The pairs at eight indices i of a table of `N` pairs, as the vector of
    /// their first entries and that of their second: eight 128-bit loads,
    /// merged into two registers and split into the first and second entries
    /// by two permutes (the processor's gathers were slower). The indices are
    /// limited to 0…N − 1 (where the kernel's lie already).
    fn gather_pairs<const N: usize>(table: &[[f64; 2]; N], idx: I) -> (V, V) {
        const { assert!(N >= 1 && N <= i32::MAX as usize) };
        let i = idx.min(I::splat(N as i32 - 1)).max(I::splat(0)).indices();
        let p = table.as_flattened().as_ptr();
        // SAFETY: 0 ≤ i[l] ≤ N − 1, so the two f64 at 2·i[l] lie within
        // the 2N of the table (unaligned load).
        let ld = |l: usize| unsafe { _mm_loadu_pd(p.add(2 * i[l])) };
        let half = |a: usize| {
            let lo = _mm256_insertf128_pd::<1>(_mm256_castpd128_pd256(ld(a)), ld(a + 1));
            let hi = _mm256_insertf128_pd::<1>(_mm256_castpd128_pd256(ld(a + 2)), ld(a + 3));
            _mm512_insertf64x4::<1>(_mm512_castpd256_pd512(lo), hi)
        };
        let (a, b) = (half(0), half(4));
        let first = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
        let second = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
        (
            V(_mm512_permutex2var_pd(a, first, b)),
            V(_mm512_permutex2var_pd(a, second, b)),
        )
    }
);

lane_fn!(
    /// The pairs at eight indices i and i + 1 of a table of `N` pairs, as the
    /// vectors of their four entries: eight 256-bit loads transposed in
    /// registers. The indices are limited to 0…N − 2 (where the kernel's lie
    /// already).
    fn gather_quads<const N: usize>(table: &[[f64; 2]; N], idx: I) -> [V; 4] {
        const { assert!(N >= 2 && N <= i32::MAX as usize) };
        let i = idx.min(I::splat(N as i32 - 2)).max(I::splat(0)).indices();
        let p = table.as_flattened().as_ptr();
        // SAFETY: 0 ≤ i[l] ≤ N − 2, so the four f64 at 2·i[l] lie within
        // the 2N of the table (unaligned load).
        let ld = |l: usize| unsafe { _mm256_loadu_pd(p.add(2 * i[l])) };
        let two = |a: usize| _mm512_insertf64x4::<1>(_mm512_castpd256_pd512(ld(a)), ld(a + 1));
        // Lanes l, l + 1 hold quads l and l + 1: [l0 l1 l2 l3 m0 m1 m2 m3].
        let (q01, q23, q45, q67) = (two(0), two(2), two(4), two(6));
        // Entries 0 and 1 of quads 0…3: [00 10 20 30 01 11 21 31].
        let even = _mm512_set_epi64(13, 9, 5, 1, 12, 8, 4, 0);
        let odd = _mm512_set_epi64(15, 11, 7, 3, 14, 10, 6, 2);
        let a01 = _mm512_permutex2var_pd(q01, even, q23);
        let b01 = _mm512_permutex2var_pd(q45, even, q67);
        let a23 = _mm512_permutex2var_pd(q01, odd, q23);
        let b23 = _mm512_permutex2var_pd(q45, odd, q67);
        [
            V(_mm512_shuffle_f64x2::<0b01_00_01_00>(a01, b01)),
            V(_mm512_shuffle_f64x2::<0b11_10_11_10>(a01, b01)),
            V(_mm512_shuffle_f64x2::<0b01_00_01_00>(a23, b23)),
            V(_mm512_shuffle_f64x2::<0b11_10_11_10>(a23, b23)),
        ]
    }
);

lane_fn!(
    /// 2^k for integer lanes −1022 ≤ k ≤ 1023.
    fn pow2(k: I) -> V {
        let wide = _mm512_cvtepi32_epi64(k.0);
        let biased = _mm512_add_epi64(wide, _mm512_set1_epi64(1023));
        V(_mm512_castsi512_pd(_mm512_slli_epi64::<52>(biased)))
    }
);

/// Wards per block.
const LANES: usize = 8;
type Block = super::Block<LANES>;
type LaneTotals = super::LaneTotals<LANES>;

include!("kernel.rs");

/// [`kernel`] in AVX-512 registers. Safe to call only where the processor
/// has AVX-512 F and DQ and AVX2 (`unsafe` outside code compiled with
/// them).
#[target_feature(enable = "avx512f,avx512dq,avx2")]
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
/// [`step_block`]: the processor must have AVX-512 F and DQ and AVX2).
#[cfg(test)]
#[target_feature(enable = "avx512f,avx512dq,avx2")]
pub(super) fn hazards(xs: &[f64]) -> Vec<f64> {
    hazards_in_lanes(xs)
}
