//! The stochastic month (docs/model.md §4) for eight or four wards at once, in
//! vector lanes.
//!
//! [`Simulator::run`](super::run::Simulator::run) steps stochastic months
//! a block of wards at a time unless told not to
//! ([`without_lanes`](super::run::Simulator::without_lanes)). The kernel
//! (`kernel.rs`) is written once against a small set of lane operations —
//! `LANES` f64 (`V`, masks included), i32 (`I`) and u64 (`U`), table
//! lookups and 2^k — and compiled four times, by `include!`, into the
//! backends that define those operations:
//!
//! * `avx512`: the 512-bit registers of x86-64 processors with AVX-512 F
//!   and DQ, eight wards per block;
//! * `avx2`: the 256-bit registers of x86-64 processors with AVX2, four
//!   wards per block, one instruction per operation;
//! * `simd128`: WebAssembly's 128-bit SIMD registers, four wards per block
//!   as two registers of two, one instruction per operation and register
//!   (in the browser, 6–10 % faster than `portable`);
//! * `portable`: plain arrays with a loop over four lanes per operation,
//!   which the compiler turns into whatever vector instructions the target
//!   has (f64x2/i64x2 on WebAssembly with `simd128`, SSE2 on x86-64). Used
//!   on every other processor. (Eight lanes of arrays were a third slower
//!   here: the compiler keeps fewer of them in registers.)
//!
//! All give the **same bits** as stepping one ward at a time: every lane
//! performs the IEEE operations of [`step`](crate::model::ward::step),
//! [`poisson_from_uniform`](super::draw::poisson_from_uniform) and
//! [`binomial_from_uniform`](super::draw::binomial_from_uniform) in the same
//! order (no fused multiply-add, no reassociation), min, max and clamp are
//! compare-and-select with the scalar semantics, the tables are the same,
//! and whatever a lane cannot settle on the fast path — a count beyond the
//! 48 terms of its exact search, a normal deviate in the outer 1/64 of
//! the uniforms, a binomial with p > ½ or n ≥ 4096, a logarithm or a power
//! of an unusual number — is redone for that lane by the scalar function.
//! `tests/lanes.rs` checks the equality for every backend the processor
//! has on every built-in scenario and on random plans, and
//! `tests/wasm_lanes.rs` the same for `simd128` and `portable` in
//! WebAssembly.
//!
//! What makes the lanes fast is that little in a month waits on a
//! data-dependent branch: each exact search sums its first six terms
//! unconditionally, six more unless every lane's count is already below
//! six, and six at a time after that while some lane's count has not been
//! reached, and reads the count off as the number of cumulative sums below
//! u; the normal approximation and the exact search are each computed
//! when some lane of the block needs it, which rarely changes from one
//! month to the next, and the lane's result is selected.
//!
//! For measurement, the environment variable `SASAEAI_LANES` chooses the
//! path of every [`Simulator`](super::run::Simulator) made afterwards in
//! native builds: `avx2` (four lanes even where AVX-512 is available),
//! `portable` or `off` (one ward at a time). Unset or anything else: the
//! fastest available.

use std::sync::LazyLock;

use crate::model::budget::UnitCosts;
use crate::model::special::{LN_TABLE, LN_TABLE_SIZE};
use crate::model::ward::{
    Calibration, MANTISSA_ROOTS, OCTAVE_ROOTS, Programme, ROOT_TABLE_SIZE, WardParams, WardState,
};

use super::draw::{EXP2_64THS, QUANTILE_GRID, QUANTILE_GRID_SIZE};

/// Lane-wise operations of two vectors of type `$t`, each one instruction:
/// `fn $name(self, o: $t) -> $t { $t($op(self.0, o.0)) }`, declared with
/// the backend's `lane_fn!` (the x86-64 backends, and `simd128` for its
/// one-register i32 vectors).
#[cfg(any(target_arch = "x86_64", target_arch = "wasm32"))]
macro_rules! binary_ops {
    ($t:ident { $($name:ident => $op:ident;)* }) => {
        impl $t {
            $(
                lane_fn!(
                    fn $name(self, o: $t) -> $t {
                        $t($op(self.0, o.0))
                    }
                );
            )*
        }
    };
}

/// The comparisons `gt`, `ge`, `lt` and `eq` of `V` (ordered, quiet: false
/// where either lane is NaN), giving all-ones lanes where true, from the
/// backend's `cmp::<PREDICATE>`, declared with the backend's `lane_fn!`
/// (the x86-64 backends).
#[cfg(target_arch = "x86_64")]
macro_rules! compare_ops {
    () => {
        impl V {
            lane_fn!(
                fn gt(self, o: V) -> V {
                    cmp::<_CMP_GT_OQ>(self.0, o.0)
                }
            );
            lane_fn!(
                fn ge(self, o: V) -> V {
                    cmp::<_CMP_GE_OQ>(self.0, o.0)
                }
            );
            lane_fn!(
                fn lt(self, o: V) -> V {
                    cmp::<_CMP_LT_OQ>(self.0, o.0)
                }
            );
            lane_fn!(
                fn eq(self, o: V) -> V {
                    cmp::<_CMP_EQ_OQ>(self.0, o.0)
                }
            );
        }
    };
}

/// `gather64` and `gather16` (lookups in tables of 64 and 16 entries) as
/// the backend's `gather`, for backends without a faster way. The index is
/// taken modulo the table's size (the kernel's indices are below it), so
/// that the compiler needs no bounds check.
macro_rules! small_table_gathers {
    () => {
        lane_fn!(
            /// Entries of a 64-entry table.
            fn gather64(table: &[f64; 64], idx: I) -> V {
                gather(table, idx.and(I::splat(63)))
            }
        );

        lane_fn!(
            /// Entries of a 16-entry table.
            fn gather16(table: &[f64; 16], idx: I) -> V {
                gather(table, idx.and(I::splat(15)))
            }
        );
    };
}

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
mod portable;
#[cfg(target_arch = "wasm32")]
mod simd128;

/// An implementation of the lane operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneBackend {
    /// 512-bit AVX-512 registers, eight wards per block (x86-64 processors
    /// with AVX-512 F and DQ only).
    Avx512,
    /// 256-bit AVX2 registers, four wards per block (x86-64 processors with
    /// AVX2 only).
    Avx2,
    /// WebAssembly's 128-bit SIMD registers, four wards per block as two
    /// registers of two (WebAssembly only).
    Simd128,
    /// Arrays of four lanes, vectorised by the compiler; runs everywhere.
    Portable,
}

impl LaneBackend {
    /// Whether this processor can run the backend.
    pub fn available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            LaneBackend::Avx512 => {
                std::is_x86_feature_detected!("avx512f")
                    && std::is_x86_feature_detected!("avx512dq")
                    && std::is_x86_feature_detected!("avx2")
            }
            #[cfg(target_arch = "x86_64")]
            LaneBackend::Avx2 => std::is_x86_feature_detected!("avx2"),
            #[cfg(not(target_arch = "x86_64"))]
            LaneBackend::Avx512 | LaneBackend::Avx2 => false,
            // The module is validated with `simd128` (the portable kernel
            // is compiled with it too), so a browser that runs it has it.
            LaneBackend::Simd128 => cfg!(target_arch = "wasm32"),
            LaneBackend::Portable => true,
        }
    }

    /// Wards per block.
    pub fn lanes(self) -> usize {
        match self {
            LaneBackend::Avx512 => 8,
            LaneBackend::Avx2 | LaneBackend::Simd128 | LaneBackend::Portable => 4,
        }
    }

    /// The fastest backend this processor runs.
    pub fn best() -> LaneBackend {
        [LaneBackend::Avx512, LaneBackend::Avx2, LaneBackend::Simd128]
            .into_iter()
            .find(|b| b.available())
            .unwrap_or(LaneBackend::Portable)
    }

    /// The backend stepping stochastic months by default: [`best`](Self::best),
    /// unless `SASAEAI_LANES` says otherwise (`None`: one ward at a time).
    /// Read once per process.
    pub fn default_choice() -> Option<LaneBackend> {
        static CHOICE: std::sync::OnceLock<Option<LaneBackend>> = std::sync::OnceLock::new();
        *CHOICE.get_or_init(|| match std::env::var("SASAEAI_LANES").as_deref() {
            Ok("off") => None,
            Ok("portable") => Some(LaneBackend::Portable),
            Ok("avx2") => Some(LaneBackend::Avx2.or_available()),
            _ => Some(LaneBackend::best()),
        })
    }

    /// This backend if the processor runs it; otherwise the fastest one it
    /// runs of the narrower backends ([`Avx2`](Self::Avx2) for
    /// [`Avx512`](Self::Avx512)), and at last [`Portable`](Self::Portable).
    pub fn or_available(self) -> LaneBackend {
        if self.available() {
            self
        } else if self == LaneBackend::Avx512 && LaneBackend::Avx2.available() {
            LaneBackend::Avx2
        } else {
            LaneBackend::Portable
        }
    }

    /// The kernel of this backend ([`or_available`](Self::or_available)).
    pub fn kernel(self) -> Kernel {
        Kernel(self.or_available())
    }
}

/// A month of a block of `N` wards: the kernel of a backend with `N` lanes.
pub type StepFn<const N: usize> =
    fn(&mut Block<N>, u64, bool, &UnitCosts, &Tables, &mut LaneTotals<N>);

/// A backend's kernel by its number of lanes.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    /// Blocks of four wards.
    Four(StepFn<4>),
    /// Blocks of eight wards.
    Eight(StepFn<8>),
}

/// A backend the processor is known to run: steps blocks.
#[derive(Clone, Copy, Debug)]
pub struct Kernel(LaneBackend);

impl Kernel {
    /// The backend.
    pub fn backend(self) -> LaneBackend {
        self.0
    }

    /// The function that advances the wards of a block by month `month`
    /// (docs/model.md §4, steps 1–10, stochastic mode), exactly as
    /// [`step`](crate::model::ward::step) with
    /// [`StochasticFlows`](super::draw::StochasticFlows) would, and adds
    /// the month's quantities to the sums it is given, lane by lane.
    pub fn step(self) -> Step {
        match self.0 {
            #[cfg(target_arch = "x86_64")]
            LaneBackend::Avx512 => Step::Eight(|block, month, incentive, costs, t, sums| {
                // SAFETY: `step_block` requires AVX-512 F and DQ and AVX2. A
                // `Kernel` is made only by `LaneBackend::kernel`, which
                // keeps `Avx512` only where `available` detected all three
                // at run time (`is_x86_feature_detected!`).
                unsafe { avx512::step_block(block, month, incentive, costs, t, sums) }
            }),
            #[cfg(target_arch = "x86_64")]
            LaneBackend::Avx2 => Step::Four(|block, month, incentive, costs, t, sums| {
                // SAFETY: `step_block` requires AVX2. A `Kernel` is made
                // only by `LaneBackend::kernel`, which keeps `Avx2` only
                // where `available` detected it at run time
                // (`is_x86_feature_detected!`).
                unsafe { avx2::step_block(block, month, incentive, costs, t, sums) }
            }),
            #[cfg(target_arch = "wasm32")]
            LaneBackend::Simd128 => Step::Four(simd128::step_block),
            _ => Step::Four(portable::step_block),
        }
    }
}

/// The tables the lanes read, dereferenced once per run. The tables of
/// pairs are arrays of two-entry arrays, whose layout (unlike a tuple's) is
/// guaranteed: the x86-64 backends load a pair, or two consecutive pairs,
/// as one vector of contiguous f64.
#[derive(Clone, Copy)]
pub struct Tables {
    exp2: &'static [f64; 64],
    grid: &'static [[f64; 2]; QUANTILE_GRID_SIZE + 1],
    ln: &'static [[f64; 2]; LN_TABLE_SIZE],
    roots: &'static [[f64; 2]; ROOT_TABLE_SIZE],
    octaves: &'static [f64; 16],
}

/// A table of pairs as two-entry arrays, the same numbers in the same order.
const fn pair_arrays<const N: usize>(pairs: &[(f64, f64); N]) -> [[f64; 2]; N] {
    let mut arrays = [[0.0; 2]; N];
    let mut i = 0;
    while i < N {
        arrays[i] = [pairs[i].0, pairs[i].1];
        i += 1;
    }
    arrays
}

impl Tables {
    /// The tables, built on first use.
    pub fn get() -> Tables {
        static GRID: LazyLock<[[f64; 2]; QUANTILE_GRID_SIZE + 1]> =
            LazyLock::new(|| pair_arrays(&QUANTILE_GRID));
        let exp2: &'static [f64; 64] = &EXP2_64THS;
        static LN: [[f64; 2]; LN_TABLE_SIZE] = pair_arrays(&LN_TABLE);
        static ROOTS: [[f64; 2]; ROOT_TABLE_SIZE] = pair_arrays(&MANTISSA_ROOTS);
        // Padded to 16 entries, the width of one AVX-512 permute of two
        // registers (the remainders are 0…11).
        static OCTAVES: [f64; 16] = {
            let mut padded = [0.0; 16];
            let mut r = 0;
            while r < 12 {
                padded[r] = OCTAVE_ROOTS[r];
                r += 1;
            }
            padded
        };
        Tables {
            exp2,
            grid: &GRID,
            ln: &LN,
            roots: &ROOTS,
            octaves: &OCTAVES,
        }
    }
}

/// `N` wards' parameters, calibration, programme and state, one array
/// per quantity. A block with fewer than `N` wards repeats its first ward
/// in the spare lanes, whose results are ignored.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub struct Block<const N: usize> {
    pub c0: [f64; N],
    pub beta_tau: [f64; N],
    pub beta_grant: [f64; N],
    pub beta_sup: [f64; N],
    pub beta_incentive: [f64; N],
    pub c_min: [f64; N],
    pub c_max: [f64; N],
    pub need_rate: [f64; N],
    pub population: [f64; N],
    pub caseload: [f64; N],
    pub beta_burnout: [f64; N],
    pub a_max: [f64; N],
    pub a_floor: [f64; N],
    pub a_decay: [f64; N],
    pub s0: [f64; N],
    pub beta_sat_tau: [f64; N],
    pub beta_sat_grant: [f64; N],
    pub tau_ref: [f64; N],
    pub grant_ref: [f64; N],
    pub coverage_ref: [f64; N],
    pub hazard_untrained: [f64; N],
    pub hazard_certified: [f64; N],
    pub dropouts0: [f64; N],
    pub demand_index0: [f64; N],
    pub wom_demand0: [f64; N],
    pub wom_index0: [f64; N],
    pub occupancy_ref: [f64; N],
    pub beta_crowd: [f64; N],
    pub beta_sat_crowd: [f64; N],
    pub leader_places: [f64; N],
    pub nu_newcomer: [f64; N],
    pub referrals_month: [f64; N],
    pub online_month: [f64; N],
    pub recruits0: [f64; N],
    pub participants0: [f64; N],
    pub aw_gain: [f64; N],
    pub grants_month: [f64; N],
    pub grants_paid_month: [f64; N],
    pub supervision_month: [f64; N],
    pub access: [f64; N],
    pub boost: [f64; N],
    pub site_room: [f64; N],
    pub seats: [f64; N],
    pub publicity: [f64; N],
    pub staff_month: [f64; N],
    pub awareness_month: [f64; N],
    pub bases_month: [f64; N],
    pub participants: [f64; N],
    pub untrained: [f64; N],
    pub certified: [f64; N],
    pub awareness: [f64; N],
    pub seat_credit: [f64; N],
    /// Spending so far, outcome payments included.
    pub spent: [f64; N],
    /// ∏(1 − d) over the FY's months so far.
    pub fy_survival: [f64; N],
    /// New participants in the FY so far.
    pub new_participants: [f64; N],
    /// Satisfaction of the last month stepped.
    pub satisfaction: [f64; N],
    /// Waitlist of the last month stepped.
    pub waitlist: [f64; N],
    /// Stream keys of the six monthly flows: the five of docs/model.md §4
    /// in [`Flow`](crate::model::ward::Flow) order, then newcomers (§9.3).
    pub keys: [[u64; N]; 6],
}

/// Calls `$m!` with the names of every per-lane f64 field of [`Block`].
macro_rules! with_fields {
    ($m:ident) => {
        $m!(
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
            wom_demand0,
            wom_index0,
            occupancy_ref,
            beta_crowd,
            beta_sat_crowd,
            leader_places,
            nu_newcomer,
            referrals_month,
            online_month,
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
        )
    };
}

impl<const N: usize> Default for Block<N> {
    fn default() -> Self {
        macro_rules! zero {
            ($($f:ident),*) => {
                Block { $($f: [0.0; N],)* keys: [[0; N]; 6] }
            };
        }
        with_fields!(zero)
    }
}

impl<const N: usize> Block<N> {
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
        self.wom_demand0[l] = cal.wom_demand0;
        self.wom_index0[l] = cal.wom_index0;
        self.occupancy_ref[l] = cal.occupancy_ref;
        self.beta_crowd[l] = p.beta_crowd;
        self.beta_sat_crowd[l] = p.beta_sat_crowd;
        self.leader_places[l] = p.leader_places;
        self.nu_newcomer[l] = p.nu_newcomer;
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
        self.referrals_month[l] = prog.referrals_month;
        let [staff, awareness, bases, online] = prog.fixed_month;
        self.staff_month[l] = staff;
        self.awareness_month[l] = awareness;
        self.bases_month[l] = bases;
        self.online_month[l] = online;
    }

    /// Set lane `l`'s state, seat credit and flow keys.
    pub fn set_state(&mut self, l: usize, s: &WardState, seat_credit: f64, keys: [u64; 6]) {
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

    /// Copy lane 0 into lanes `from..N`.
    pub fn fill_spare(&mut self, from: usize) {
        macro_rules! fill {
            ($($f:ident),*) => { $( for l in from..N { self.$f[l] = self.$f[0]; } )* };
        }
        with_fields!(fill);
        for k in 0..self.keys.len() {
            for l in from..N {
                self.keys[k][l] = self.keys[k][0];
            }
        }
    }
}

/// Quantities summed over wards in a month, in `MonthTotals` order
/// (participants, inflow, dropouts, waitlist, untrained, certified,
/// awareness × residents, continuation × starting participants,
/// satisfaction × starting participants, continuation, satisfaction,
/// starting participants, spending by line, capacity, newcomers,
/// referred), one value per lane.
pub type LaneTotals<const N: usize> = [[f64; N]; TOTALS];

/// Number of quantities in [`LaneTotals`].
pub const TOTALS: usize = 22;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ward::{TWELFTH_ROOT_MIN, monthly_hazard};

    /// Every backend's monthly hazard (redoing lanes out of its range)
    /// equals the scalar function for inputs of every binary exponent a
    /// double can have, subnormals, 0, 1, the limits of its range and NaN.
    #[test]
    fn hazard_lanes_equal_the_scalar_function_at_every_exponent() {
        let mut xs = vec![0.0, 1.0, f64::MIN_POSITIVE, 5e-324, f64::NAN, 2.5, -0.3];
        xs.extend([
            TWELFTH_ROOT_MIN,
            TWELFTH_ROOT_MIN * 0.999_999,
            0.999_999_999,
        ]);
        for e in -1074..=0 {
            for m in [1.0, 1.000_000_1, 1.37, 1.999_999_9] {
                xs.push(m * 2f64.powi(e));
            }
        }
        let mut backends: Vec<(LaneBackend, Vec<f64>)> =
            vec![(LaneBackend::Portable, portable::hazards(&xs))];
        #[cfg(target_arch = "x86_64")]
        {
            if LaneBackend::Avx2.available() {
                // SAFETY: `hazards` requires AVX2, which `available` has
                // just detected.
                backends.push((LaneBackend::Avx2, unsafe { avx2::hazards(&xs) }));
            }
            if LaneBackend::Avx512.available() {
                // SAFETY: `hazards` requires AVX-512 F and DQ and AVX2,
                // which `available` has just detected.
                backends.push((LaneBackend::Avx512, unsafe { avx512::hazards(&xs) }));
            }
        }
        for (backend, hazards) in backends {
            for (&x, h) in xs.iter().zip(hazards) {
                let want = monthly_hazard(x);
                assert!(
                    h.to_bits() == want.to_bits() || h.is_nan() && want.is_nan(),
                    "{backend:?}: hazard of {x:e}: lanes {h:e}, scalar {want:e}"
                );
            }
        }
    }
}
