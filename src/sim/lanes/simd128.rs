//! The lane operations in WebAssembly's 128-bit SIMD registers (`simd128`,
//! in every current browser), four lanes as two registers of two f64, u64
//! or one register of four i32, and the kernel compiled with them.
//!
//! The portable backend leaves the choice of instructions to the compiler;
//! here each operation is the instruction that does it for two lanes
//! (in Chromium, 6–10 % faster for the whole of a worker's runs). Every
//! operation has the semantics of the portable one (the scalar one of
//! Rust, lane by lane), with one exception the kernel never meets:
//! `select` takes each bit from `a` where the mask's bit is set
//! (`v128.bitselect`), which is the top bit's choice for the masks the
//! kernel selects with (comparisons, or `widen` of one), whose lanes are
//! all ones or all zeros.
//!
//! Every lane function is declared through [`lane_fn!`], so it is compiled
//! with `simd128` enabled and inlined into [`step_block`]. `unsafe` is left
//! to the loads and stores through pointers, each in bounds of the array or
//! table it reads or writes.

use std::arch::wasm32::*;

/// A lane function of this backend: compiled with `simd128` enabled, so
/// that the intrinsics are inlined into it, and inlined into its callers.
macro_rules! lane_fn {
    ($($item:tt)*) => {
        #[target_feature(enable = "simd128")]
        #[inline]
        $($item)*
    };
}

/// Four lanes of f64 (or masks: all bits set where true): lanes 0 and 1,
/// lanes 2 and 3.
#[derive(Clone, Copy)]
struct V(v128, v128);

/// Four lanes of i32.
#[derive(Clone, Copy)]
struct I(v128);

/// Four lanes of u64: lanes 0 and 1, lanes 2 and 3.
#[derive(Clone, Copy)]
struct U(v128, v128);

/// Operations of two vectors of two registers, register by register.
macro_rules! pair_ops {
    ($t:ident { $($name:ident => $op:ident;)* }) => {
        impl $t {
            $(
                lane_fn!(
                    fn $name(self, o: $t) -> $t {
                        $t($op(self.0, o.0), $op(self.1, o.1))
                    }
                );
            )*
        }
    };
}

pair_ops! { V {
    add => f64x2_add;
    sub => f64x2_sub;
    mul => f64x2_mul;
    div => f64x2_div;
    and => v128_and;
    or => v128_or;
    xor => v128_xor;
    and_not => v128_andnot;
    gt => f64x2_gt;
    ge => f64x2_ge;
    lt => f64x2_lt;
    eq => f64x2_eq;
}}

impl V {
    lane_fn!(
        fn splat(x: f64) -> V {
            let r = f64x2_splat(x);
            V(r, r)
        }
    );
    lane_fn!(
        fn load(a: &[f64; LANES]) -> V {
            let p = a.as_ptr();
            // SAFETY: two unaligned loads of two f64 each, the whole of `a`.
            unsafe { V(v128_load(p.cast()), v128_load(p.add(2).cast())) }
        }
    );
    lane_fn!(
        fn array(self) -> [f64; LANES] {
            let mut a = [0.0; LANES];
            let p = a.as_mut_ptr();
            // SAFETY: two unaligned stores of two f64 each, the whole of `a`.
            unsafe {
                v128_store(p.cast(), self.0);
                v128_store(p.add(2).cast(), self.1);
            }
            a
        }
    );
    lane_fn!(
        fn sqrt(self) -> V {
            V(f64x2_sqrt(self.0), f64x2_sqrt(self.1))
        }
    );
    lane_fn!(
        fn floor(self) -> V {
            V(f64x2_floor(self.0), f64x2_floor(self.1))
        }
    );
    lane_fn!(
        /// Lanes of `a` where the mask `self` is set, of `b` elsewhere (bit
        /// by bit: the kernel's masks are all ones or all zeros per lane).
        fn select(self, a: V, b: V) -> V {
            V(
                v128_bitselect(a.0, b.0, self.0),
                v128_bitselect(a.1, b.1, self.1),
            )
        }
    );
    lane_fn!(
        /// Bit l set where the top bit of lane l is set.
        fn bits(self) -> i32 {
            i32::from(i64x2_bitmask(self.0)) | i32::from(i64x2_bitmask(self.1)) << 2
        }
    );
    lane_fn!(
        fn to_bits(self) -> U {
            U(self.0, self.1)
        }
    );
    lane_fn!(
        fn from_bits(i: U) -> V {
            V(i.0, i.1)
        }
    );
    lane_fn!(
        /// Truncation toward zero; lanes out of range saturate, NaN gives 0
        /// (as `as i32`).
        fn trunc(self) -> I {
            let low = i32x4_trunc_sat_f64x2_zero(self.0);
            let high = i32x4_trunc_sat_f64x2_zero(self.1);
            I(i64x2_shuffle::<0, 2>(low, high))
        }
    );
}

pair_ops! { U {
    add => i64x2_add;
    xor => v128_xor;
    or => v128_or;
    and => v128_and;
}}

impl U {
    lane_fn!(
        fn load(a: &[u64; LANES]) -> U {
            let p = a.as_ptr();
            // SAFETY: two unaligned loads of two u64 each, the whole of `a`.
            unsafe { U(v128_load(p.cast()), v128_load(p.add(2).cast())) }
        }
    );
    lane_fn!(
        fn splat(x: u64) -> U {
            let r = u64x2_splat(x);
            U(r, r)
        }
    );
    lane_fn!(
        fn shr<const N: i32>(self) -> U {
            U(u64x2_shr(self.0, N as u32), u64x2_shr(self.1, N as u32))
        }
    );
    lane_fn!(
        /// Products modulo 2⁶⁴ by a constant.
        fn mul(self, b: u64) -> U {
            let b = u64x2_splat(b);
            U(i64x2_mul(self.0, b), i64x2_mul(self.1, b))
        }
    );
    lane_fn!(
        /// The low 32 bits of each lane.
        fn low32(self) -> I {
            I(i32x4_shuffle::<0, 2, 4, 6>(self.0, self.1))
        }
    );
}

binary_ops! { I {
    and => v128_and;
    sub => i32x4_sub;
    mul => i32x4_mul;
    min => i32x4_min;
    max => i32x4_max;
    eq => i32x4_eq;
}}

impl I {
    lane_fn!(
        fn splat(x: i32) -> I {
            I(i32x4_splat(x))
        }
    );
    lane_fn!(
        fn shr_arith<const N: i32>(self) -> I {
            I(i32x4_shr(self.0, N as u32))
        }
    );
    lane_fn!(
        fn to_f64(self) -> V {
            V(
                f64x2_convert_low_i32x4(self.0),
                f64x2_convert_low_i32x4(i64x2_shuffle::<1, 1>(self.0, self.0)),
            )
        }
    );
    lane_fn!(
        /// Each lane sign-extended to 64 bits, as a mask.
        fn widen(self) -> V {
            V(
                i64x2_extend_low_i32x4(self.0),
                i64x2_extend_high_i32x4(self.0),
            )
        }
    );
    lane_fn!(
        /// The OR of the four lanes.
        fn or_all(self) -> i32 {
            let m = v128_or(self.0, i64x2_shuffle::<1, 1>(self.0, self.0));
            i32x4_extract_lane::<0>(m) | i32x4_extract_lane::<1>(m)
        }
    );
    lane_fn!(
        /// The lanes as indices (negative lanes, which the kernel never
        /// makes, become a large index that fails the bounds check).
        fn indices(self) -> [usize; 4] {
            [
                i32x4_extract_lane::<0>(self.0) as u32 as usize,
                i32x4_extract_lane::<1>(self.0) as u32 as usize,
                i32x4_extract_lane::<2>(self.0) as u32 as usize,
                i32x4_extract_lane::<3>(self.0) as u32 as usize,
            ]
        }
    );
}

lane_fn!(
    /// Four table entries at indices in bounds.
    fn gather(table: &[f64], idx: I) -> V {
        let [a, b, c, d] = idx.indices();
        V(f64x2(table[a], table[b]), f64x2(table[c], table[d]))
    }
);

small_table_gathers!();

lane_fn!(
    /// The pair at index i of a table of `N` pairs as one register (i
    /// limited to the last pair, where the kernel's lie already).
    fn pair_row<const N: usize>(table: &[[f64; 2]; N], i: usize) -> v128 {
        let row: &[f64; 2] = &table[i.min(N.saturating_sub(1))];
        // SAFETY: an unaligned load of two f64, the whole of `row`.
        unsafe { v128_load(row.as_ptr().cast()) }
    }
);

lane_fn!(
    /// The pairs at four indices i of a table of `N` pairs, as the vector of
    /// their first entries and that of their second: one load per lane and
    /// a transpose.
    fn gather_pairs<const N: usize>(table: &[[f64; 2]; N], idx: I) -> (V, V) {
        let [a, b, c, d] = idx.indices().map(|i| pair_row(table, i));
        (
            V(i64x2_shuffle::<0, 2>(a, b), i64x2_shuffle::<0, 2>(c, d)),
            V(i64x2_shuffle::<1, 3>(a, b), i64x2_shuffle::<1, 3>(c, d)),
        )
    }
);

lane_fn!(
    /// The pairs at four indices i and i + 1 of a table of `N` pairs, as the
    /// vectors of their four entries (i limited to 0…N − 2, where the
    /// kernel's lie already).
    fn gather_quads<const N: usize>(table: &[[f64; 2]; N], idx: I) -> [V; 4] {
        let i = idx.indices().map(|i| i.min(N.saturating_sub(2)));
        let first = i.map(|i| pair_row(table, i));
        let next = i.map(|i| pair_row(table, i + 1));
        let low = |r: [v128; 4]| {
            V(
                i64x2_shuffle::<0, 2>(r[0], r[1]),
                i64x2_shuffle::<0, 2>(r[2], r[3]),
            )
        };
        let high = |r: [v128; 4]| {
            V(
                i64x2_shuffle::<1, 3>(r[0], r[1]),
                i64x2_shuffle::<1, 3>(r[2], r[3]),
            )
        };
        [low(first), high(first), low(next), high(next)]
    }
);

lane_fn!(
    /// 2^k for integer lanes −1022 ≤ k ≤ 1023.
    fn pow2(k: I) -> V {
        let bias = i64x2_splat(1023);
        let exponent = |wide: v128| i64x2_shl(i64x2_add(wide, bias), 52);
        V(
            exponent(i64x2_extend_low_i32x4(k.0)),
            exponent(i64x2_extend_high_i32x4(k.0)),
        )
    }
);

/// Wards per block.
const LANES: usize = 4;
type Block = super::Block<LANES>;
type LaneTotals = super::LaneTotals<LANES>;

include!("kernel.rs");

/// [`kernel`] in WebAssembly's 128-bit SIMD registers.
#[target_feature(enable = "simd128")]
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
