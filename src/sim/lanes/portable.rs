//! The lane operations on plain arrays, a loop over the four lanes each
//! (written out, so the compiler sees four independent operations and
//! turns them into the target's vector instructions: two f64x2 or i64x2
//! operations on WebAssembly with `simd128`, SSE2 on x86-64), and the
//! kernel compiled with them. Every operation is the scalar one of Rust,
//! lane by lane, so the results are those of the AVX2 backend and of the
//! scalar path on every target.

/// A lane function of this backend: inlined into its callers, as every
/// lane operation here is (no processor features to enable).
macro_rules! lane_fn {
    ($($item:tt)*) => {
        #[inline(always)]
        $($item)*
    };
}

/// The four lanes of `f(l)`.
#[inline(always)]
fn lanes<T>(f: impl Fn(usize) -> T) -> [T; 4] {
    [f(0), f(1), f(2), f(3)]
}

/// Four lanes of f64 (or masks: all bits set where true).
#[derive(Clone, Copy)]
struct V([f64; 4]);

/// Four lanes of i32.
#[derive(Clone, Copy)]
struct I([i32; 4]);

/// Four lanes of u64.
#[derive(Clone, Copy)]
struct U([u64; 4]);

/// All bits set where `c`.
#[inline(always)]
fn mask(c: bool) -> f64 {
    f64::from_bits(0u64.wrapping_sub(u64::from(c)))
}

/// Lane-wise operations of two vectors.
macro_rules! binary {
    ($($name:ident => |$a:ident, $b:ident| $e:expr;)*) => {
        impl V {
            $(
                #[inline(always)]
                fn $name(self, o: V) -> V {
                    V(lanes(|l| {
                        let ($a, $b) = (self.0[l], o.0[l]);
                        $e
                    }))
                }
            )*
        }
    };
}

binary! {
    add => |a, b| a + b;
    sub => |a, b| a - b;
    mul => |a, b| a * b;
    div => |a, b| a / b;
    and => |a, b| f64::from_bits(a.to_bits() & b.to_bits());
    or => |a, b| f64::from_bits(a.to_bits() | b.to_bits());
    xor => |a, b| f64::from_bits(a.to_bits() ^ b.to_bits());
    and_not => |a, b| f64::from_bits(a.to_bits() & !b.to_bits());
    gt => |a, b| mask(a > b);
    ge => |a, b| mask(a >= b);
    lt => |a, b| mask(a < b);
    eq => |a, b| mask(a == b);
}

impl V {
    #[inline(always)]
    fn splat(x: f64) -> V {
        V([x; 4])
    }
    #[inline(always)]
    fn load(a: &[f64; LANES]) -> V {
        V(*a)
    }
    #[inline(always)]
    fn array(self) -> [f64; LANES] {
        self.0
    }
    #[inline(always)]
    fn sqrt(self) -> V {
        V(lanes(|l| self.0[l].sqrt()))
    }
    #[inline(always)]
    fn floor(self) -> V {
        V(lanes(|l| self.0[l].floor()))
    }
    /// Lanes of `a` where the top bit of `self` is set, of `b` elsewhere.
    #[inline(always)]
    fn select(self, a: V, b: V) -> V {
        V(lanes(|l| {
            let m = ((self.0[l].to_bits() as i64) >> 63) as u64;
            f64::from_bits((a.0[l].to_bits() & m) | (b.0[l].to_bits() & !m))
        }))
    }
    /// Bit l set where the top bit of lane l is set.
    #[inline(always)]
    fn bits(self) -> i32 {
        let b = lanes(|l| ((self.0[l].to_bits() >> 63) as i32) << l);
        b[0] | b[1] | b[2] | b[3]
    }
    #[inline(always)]
    fn to_bits(self) -> U {
        U(lanes(|l| self.0[l].to_bits()))
    }
    #[inline(always)]
    fn from_bits(i: U) -> V {
        V(lanes(|l| f64::from_bits(i.0[l])))
    }
    /// Truncation toward zero; lanes out of range saturate, NaN gives 0.
    #[inline(always)]
    fn trunc(self) -> I {
        I(lanes(|l| self.0[l] as i32))
    }
}

impl I {
    #[inline(always)]
    fn splat(x: i32) -> I {
        I([x; 4])
    }
    #[inline(always)]
    fn and(self, o: I) -> I {
        I(lanes(|l| self.0[l] & o.0[l]))
    }
    #[inline(always)]
    fn sub(self, o: I) -> I {
        I(lanes(|l| self.0[l].wrapping_sub(o.0[l])))
    }
    #[inline(always)]
    fn mul(self, o: I) -> I {
        I(lanes(|l| self.0[l].wrapping_mul(o.0[l])))
    }
    #[inline(always)]
    fn min(self, o: I) -> I {
        I(lanes(|l| self.0[l].min(o.0[l])))
    }
    #[inline(always)]
    fn max(self, o: I) -> I {
        I(lanes(|l| self.0[l].max(o.0[l])))
    }
    #[inline(always)]
    fn eq(self, o: I) -> I {
        I(lanes(|l| -i32::from(self.0[l] == o.0[l])))
    }
    #[inline(always)]
    fn shr_arith<const N: i32>(self) -> I {
        I(lanes(|l| self.0[l] >> N))
    }
    #[inline(always)]
    fn to_f64(self) -> V {
        V(lanes(|l| f64::from(self.0[l])))
    }
    /// Each lane sign-extended to 64 bits, as a mask.
    #[inline(always)]
    fn widen(self) -> V {
        V(lanes(|l| f64::from_bits(i64::from(self.0[l]) as u64)))
    }
    /// The OR of the four lanes.
    #[inline(always)]
    fn or_all(self) -> i32 {
        self.0[0] | self.0[1] | self.0[2] | self.0[3]
    }
}

impl U {
    #[inline(always)]
    fn load(a: &[u64; LANES]) -> U {
        U(*a)
    }
    #[inline(always)]
    fn splat(x: u64) -> U {
        U([x; 4])
    }
    #[inline(always)]
    fn add(self, o: U) -> U {
        U(lanes(|l| self.0[l].wrapping_add(o.0[l])))
    }
    #[inline(always)]
    fn xor(self, o: U) -> U {
        U(lanes(|l| self.0[l] ^ o.0[l]))
    }
    #[inline(always)]
    fn or(self, o: U) -> U {
        U(lanes(|l| self.0[l] | o.0[l]))
    }
    #[inline(always)]
    fn and(self, o: U) -> U {
        U(lanes(|l| self.0[l] & o.0[l]))
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> U {
        U(lanes(|l| self.0[l] >> N))
    }
    /// Products modulo 2⁶⁴ by a constant.
    #[inline(always)]
    fn mul(self, b: u64) -> U {
        U(lanes(|l| self.0[l].wrapping_mul(b)))
    }
    /// The low 32 bits of each lane.
    #[inline(always)]
    fn low32(self) -> I {
        I(lanes(|l| self.0[l] as u32 as i32))
    }
}

/// A lane as a table index: negative lanes (which the kernel never makes)
/// become a large index that fails the bounds check.
#[inline(always)]
fn index(i: i32) -> usize {
    i as u32 as usize
}

/// Four table entries.
#[inline(always)]
fn gather(table: &[f64], idx: I) -> V {
    V(lanes(|l| table[index(idx.0[l])]))
}

small_table_gathers!();

/// The pairs at four indices i of a table of `N` pairs, as the vector of
/// their first entries and that of their second. The index is limited to
/// the last pair (which the kernel's indices never pass), so that the
/// compiler needs no bounds check.
#[inline(always)]
fn gather_pairs<const N: usize>(table: &[[f64; 2]; N], idx: I) -> (V, V) {
    let last = N.saturating_sub(1);
    let rows = lanes(|l| table[index(idx.0[l]).min(last)]);
    (V(lanes(|l| rows[l][0])), V(lanes(|l| rows[l][1])))
}

/// The pairs at four indices i and i + 1 of a table of `N` pairs, as the
/// vectors of their four entries, the index limited as in
/// [`gather_pairs`].
#[inline(always)]
fn gather_quads<const N: usize>(table: &[[f64; 2]; N], idx: I) -> [V; 4] {
    let last = N.saturating_sub(2);
    let rows = lanes(|l| {
        let i = index(idx.0[l]).min(last);
        let ([a, b], [c, d]) = (table[i], table[i + 1]);
        [a, b, c, d]
    });
    lanes(|k| V(lanes(|l| rows[l][k])))
}

/// 2^k for integer lanes −1022 ≤ k ≤ 1023.
#[inline(always)]
fn pow2(k: I) -> V {
    V(lanes(|l| {
        f64::from_bits((i64::from(k.0[l]).wrapping_add(1023) as u64) << 52)
    }))
}

/// Wards per block.
const LANES: usize = 4;
type Block = super::Block<LANES>;
type LaneTotals = super::LaneTotals<LANES>;

include!("kernel.rs");

/// [`kernel`] on arrays of four lanes. In WebAssembly it is compiled with
/// the 128-bit SIMD instructions (`simd128`, in every current browser),
/// whatever the rest of the module is built with.
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
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

/// The monthly hazard of each of `xs`, computed in the lanes.
#[cfg(test)]
pub(super) fn hazards(xs: &[f64]) -> Vec<f64> {
    hazards_in_lanes(xs)
}
