//! The stochastic month (MODEL.md §4) for four wards at once, in vector
//! lanes.
//!
//! [`Simulator::run`](super::run::Simulator::run) steps stochastic months
//! four wards at a time unless told not to
//! ([`without_lanes`](super::run::Simulator::without_lanes)). The kernel
//! (`kernel.rs`) is written once against a small set of lane operations —
//! four f64 (`V`, masks included), four i32 (`I`) and four u64 (`U`), table
//! lookups and 2^k — and compiled twice, by `include!`, into two backends
//! that define those operations:
//!
//! * `avx2`: the 256-bit registers of x86-64 processors with AVX2, one
//!   instruction per operation;
//! * [`portable`]: plain arrays with a loop over the four lanes per
//!   operation, which the compiler turns into whatever vector instructions
//!   the target has (f64x2/i64x2 on WebAssembly with `simd128`, SSE2 on
//!   x86-64). Used on every other processor and in WebAssembly.
//!
//! Both give the **same bits** as stepping one ward at a time: every lane
//! performs the IEEE operations of [`step`](crate::model::ward::step),
//! [`poisson_from_uniform`](super::draw::poisson_from_uniform) and
//! [`binomial_from_uniform`](super::draw::binomial_from_uniform) in the same
//! order (no fused multiply-add, no reassociation), min, max and clamp are
//! compare-and-select with the scalar semantics, the tables are the same,
//! and whatever a lane cannot settle on the fast path — a count beyond the
//! twelve terms of its exact search, a normal deviate in the outer 1/64 of
//! the uniforms, a binomial with p > ½ or n ≥ 4096, a logarithm or a power
//! of an unusual number — is redone for that lane by the scalar function.
//! `tests/lanes.rs` checks the equality for both backends on every
//! built-in scenario and on random plans.
//!
//! What makes the lanes fast is that little in a month waits on a
//! data-dependent branch: each exact search sums its first six terms
//! unconditionally, and six more unless every lane's count is already
//! below six, and reads the count off as the number of cumulative sums
//! below u; the normal approximation and the exact search are each
//! computed when some lane of the block needs it, which rarely changes
//! from one month to the next, and the lane's result is selected.
//!
//! For measurement, the environment variable `SASAEAI_LANES` chooses the
//! path of every [`Simulator`](super::run::Simulator) made afterwards in
//! native builds: `avx2`, `portable` or `off` (one ward at a time). Unset
//! or anything else: the fastest available.

use crate::model::budget::UnitCosts;
use crate::model::special::LN_TABLE;
use crate::model::ward::{
    Calibration, MANTISSA_ROOTS, OCTAVE_ROOTS, Programme, WardParams, WardState,
};

use super::draw::{EXP2_64THS, QUANTILE_GRID, QUANTILE_GRID_SIZE};

#[cfg(target_arch = "x86_64")]
pub mod avx2;
pub mod portable;

/// Wards per block.
pub const LANES: usize = 4;

/// An implementation of the lane operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneBackend {
    /// 256-bit AVX2 registers (x86-64 processors with AVX2 only).
    Avx2,
    /// Arrays of four lanes, vectorised by the compiler; runs everywhere.
    Portable,
}

impl LaneBackend {
    /// Whether this processor can run the backend.
    pub fn available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            LaneBackend::Avx2 => std::is_x86_feature_detected!("avx2"),
            #[cfg(not(target_arch = "x86_64"))]
            LaneBackend::Avx2 => false,
            LaneBackend::Portable => true,
        }
    }

    /// The fastest backend this processor runs.
    pub fn best() -> LaneBackend {
        if LaneBackend::Avx2.available() {
            LaneBackend::Avx2
        } else {
            LaneBackend::Portable
        }
    }

    /// The backend stepping stochastic months by default: [`best`](Self::best),
    /// unless `SASAEAI_LANES` says otherwise (`None`: one ward at a time).
    /// Read once per process.
    pub fn default_choice() -> Option<LaneBackend> {
        static CHOICE: std::sync::OnceLock<Option<LaneBackend>> = std::sync::OnceLock::new();
        *CHOICE.get_or_init(|| match std::env::var("SASAEAI_LANES").as_deref() {
            Ok("off") => None,
            Ok("portable") => Some(LaneBackend::Portable),
            _ => Some(LaneBackend::best()),
        })
    }

    /// This backend if the processor runs it, [`Portable`](Self::Portable)
    /// otherwise.
    pub fn or_portable(self) -> LaneBackend {
        if self.available() {
            self
        } else {
            LaneBackend::Portable
        }
    }

    /// The kernel of this backend ([`or_portable`](Self::or_portable)).
    pub fn kernel(self) -> Kernel {
        Kernel(self.or_portable())
    }
}

/// A backend the processor is known to run: steps blocks.
#[derive(Clone, Copy, Debug)]
pub struct Kernel(LaneBackend);

impl Kernel {
    /// The backend.
    pub fn backend(self) -> LaneBackend {
        self.0
    }

    /// Advance the four wards of `block` by month `month` (MODEL.md §4,
    /// steps 1–10, stochastic mode), exactly as
    /// [`step`](crate::model::ward::step) with
    /// [`StochasticFlows`](super::draw::StochasticFlows) would, and return
    /// the month's quantities per lane.
    #[inline]
    pub fn step_block(
        self,
        block: &mut Block,
        month: u64,
        incentive: bool,
        costs: &UnitCosts,
        t: &Tables,
    ) -> LaneTotals {
        match self.0 {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a `Kernel` holds `Avx2` only if the processor has AVX2
            // (`LaneBackend::kernel`).
            LaneBackend::Avx2 => unsafe { avx2::step_block(block, month, incentive, costs, t) },
            _ => portable::step_block(block, month, incentive, costs, t),
        }
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

/// A table of pairs viewed as one slice of f64.
fn flat(pairs: &[(f64, f64)]) -> &[f64] {
    // (f64, f64) is two f64 with no padding: align 8, size 16.
    unsafe { std::slice::from_raw_parts(pairs.as_ptr().cast::<f64>(), pairs.len() * 2) }
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
