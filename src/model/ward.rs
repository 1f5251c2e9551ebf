//! One month in one ward (MODEL.md §4) and the calibration that makes the
//! status quo stationary (§5).
//!
//! The same code runs both modes: a [`FlowSampler`] decides whether a flow is
//! its expected value (expected mode) or a random count (stochastic mode).
//! Transcendental functions come from `libm` or are built from IEEE basic
//! arithmetic and compile-time tables ([`monthly_hazard`],
//! [`special::ln`](super::special::ln)), so native and WebAssembly builds
//! give the same bits.

use super::budget::{Lines, UnitCosts};
use super::parameters::{Param, ParameterValues};
use super::special::ln;

/// Annual continuation → monthly hazard: h(x) = 1 − x^(1/12) (MODEL.md §4).
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

/// The state of a ward at the start of a month (MODEL.md §4).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WardState {
    /// Participants N.
    pub participants: f64,
    /// Untrained supporters U.
    pub untrained: f64,
    /// Certified supporters C.
    pub certified: f64,
    /// Awareness A (share of residents who know the programme).
    pub awareness: f64,
}

impl WardState {
    /// All supporters S = U + C.
    pub fn supporters(&self) -> f64 {
        self.untrained + self.certified
    }
}

/// The parameters one ward uses in one run (after sampling and the optional
/// per-ward variation), named as in MODEL.md §3.
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(missing_docs)]
pub struct WardParams {
    pub need_rate: f64,
    pub c0: f64,
    pub beta_tau: f64,
    pub beta_grant: f64,
    pub beta_sup: f64,
    pub beta_incentive: f64,
    pub c_min: f64,
    pub c_max: f64,
    pub eps_bases: f64,
    pub density_ref: f64,
    pub beta_staff: f64,
    pub staff_half: f64,
    pub caseload: f64,
    pub site_capacity: f64,
    pub sup_cont_untrained: f64,
    pub sup_cont_certified: f64,
    pub beta_burnout: f64,
    pub a_max: f64,
    pub a_floor: f64,
    pub a_decay: f64,
    pub a_half: f64,
    pub s0: f64,
    pub beta_sat_tau: f64,
    pub beta_sat_grant: f64,
}

impl WardParams {
    /// Named view of a parameter vector.
    pub fn from_values(v: &ParameterValues) -> Self {
        WardParams {
            need_rate: v.get(Param::NeedRate),
            c0: v.get(Param::C0),
            beta_tau: v.get(Param::BetaTau),
            beta_grant: v.get(Param::BetaGrant),
            beta_sup: v.get(Param::BetaSup),
            beta_incentive: v.get(Param::BetaIncentive),
            c_min: v.get(Param::CMin),
            c_max: v.get(Param::CMax),
            eps_bases: v.get(Param::EpsBases),
            density_ref: v.get(Param::DensityRef),
            beta_staff: v.get(Param::BetaStaff),
            staff_half: v.get(Param::StaffHalf),
            caseload: v.get(Param::Caseload),
            site_capacity: v.get(Param::SiteCapacity),
            sup_cont_untrained: v.get(Param::SupContUntrained),
            sup_cont_certified: v.get(Param::SupContCertified),
            beta_burnout: v.get(Param::BetaBurnout),
            a_max: v.get(Param::AMax),
            a_floor: v.get(Param::AFloor),
            a_decay: v.get(Param::ADecay),
            a_half: v.get(Param::AHalf),
            s0: v.get(Param::S0),
            beta_sat_tau: v.get(Param::BetaSatTau),
            beta_sat_grant: v.get(Param::BetaSatGrant),
        }
    }
}

/// What one fiscal year's budget lines buy in a ward (MODEL.md §4,
/// "programme quantities"): fixed for the whole FY.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Programme {
    /// The FY's planned lines in yen.
    pub lines: Lines,
    /// Dedicated staff, FTE.
    pub fte: f64,
    /// Training seats per month.
    pub seats: f64,
    /// Supervision money per month (yen).
    pub supervision_month: f64,
    /// Activity sites.
    pub bases: f64,
    /// Site capacity of the ward: site_capacity · bases.
    pub site_room: f64,
    /// access = (density / density_ref)^eps_bases, 0 without sites.
    pub access: f64,
    /// boost = 1 + beta_staff · (1 − e^(−fte/staff_half)).
    pub boost: f64,
    /// Publicity effect 1 − e^(−a/a_half), a = awareness yen per resident per month.
    pub publicity: f64,
    /// Grant money per month as budgeted (b.grants / 12), used for g.
    pub grants_month: f64,
    /// Grant money per month actually paid out (less any withheld share, §6).
    pub grants_paid_month: f64,
    /// Spending per month on staff, publicity and sites: a twelfth of each line.
    pub fixed_month: [f64; 3],
}

impl Programme {
    /// Programme quantities of `lines` in a ward of `population` residents.
    /// `withheld_share` is the share of the grants line held back by
    /// outcome-linked rules (§6).
    pub fn new(
        lines: Lines,
        p: &WardParams,
        costs: &UnitCosts,
        population: f64,
        withheld_share: f64,
    ) -> Self {
        Self::build(lines, p, costs, population, withheld_share, None)
    }

    /// The programme of `lines` in the same ward and run as this one (the
    /// same `p` and `population`): the same bits as [`new`](Self::new),
    /// with the access, staff boost and publicity effect (a power and two
    /// exponentials) taken from this programme where their line is
    /// unchanged.
    pub fn for_lines(
        &self,
        lines: Lines,
        p: &WardParams,
        costs: &UnitCosts,
        population: f64,
        withheld_share: f64,
    ) -> Self {
        Self::build(lines, p, costs, population, withheld_share, Some(self))
    }

    fn build(
        lines: Lines,
        p: &WardParams,
        costs: &UnitCosts,
        population: f64,
        withheld_share: f64,
        previous: Option<&Programme>,
    ) -> Self {
        use super::budget::BudgetLine as L;
        let reuse = |line: L| {
            previous.filter(|prev| prev.lines.get(line).to_bits() == lines.get(line).to_bits())
        };
        let fte = lines.get(L::Staff) / costs.fte;
        let bases = lines.get(L::Bases) / costs.base;
        let access = match reuse(L::Bases) {
            Some(prev) => prev.access,
            None if bases > 0.0 => {
                let density = bases / population * 100_000.0;
                libm::pow(density / p.density_ref, p.eps_bases)
            }
            None => 0.0,
        };
        let boost = match reuse(L::Staff) {
            Some(prev) => prev.boost,
            None => 1.0 + p.beta_staff * -libm::expm1(-fte / p.staff_half),
        };
        let publicity = match reuse(L::Awareness) {
            Some(prev) => prev.publicity,
            None => {
                let per_resident = lines.get(L::Awareness) / 12.0 / population;
                -libm::expm1(-per_resident / p.a_half)
            }
        };
        let grants_month = lines.get(L::Grants) / 12.0;
        Programme {
            lines,
            fte,
            seats: lines.get(L::Training) / costs.seat / 12.0,
            supervision_month: lines.get(L::Supervision) / 12.0,
            bases,
            site_room: p.site_capacity * bases,
            access,
            boost,
            publicity,
            grants_month,
            grants_paid_month: grants_month * (1.0 - withheld_share),
            fixed_month: [
                lines.get(L::Staff) / 12.0,
                lines.get(L::Awareness) / 12.0,
                lines.get(L::Bases) / 12.0,
            ],
        }
    }
}

/// The references and rates found by calibration (MODEL.md §5), per ward and run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Calibration {
    /// τ_ref: trained share at the status quo.
    pub tau_ref: f64,
    /// g_ref: grant per participant per month at the status quo (yen).
    pub grant_ref: f64,
    /// cov_ref: supervision coverage at the status quo.
    pub coverage_ref: f64,
    /// join: demand per unit of awareness × need pool × access × boost.
    pub join: f64,
    /// recruit: new untrained supporters per participant per month.
    pub recruit: f64,
    /// aw_gain: awareness gain per unit of publicity effect and headroom.
    pub aw_gain: f64,
    /// Status-quo dropouts per month, d₀·N₀ (= calibrated demand).
    pub(crate) dropouts0: f64,
    /// Status-quo demand index A₀·pool₀·access₀·boost₀.
    pub(crate) demand_index0: f64,
    /// Status-quo recruits per month, aU₀ + trained₀.
    pub(crate) recruits0: f64,
    /// Status-quo participants N₀.
    pub(crate) participants0: f64,
    /// Change of certified supporters per month at the status quo,
    /// trained₀ − aC₀ (0 when training replaces those who stop).
    pub certified_change0: f64,
    /// h(sup_cont_untrained) of the run.
    pub(crate) hazard_untrained: f64,
    /// h(sup_cont_certified) of the run.
    pub(crate) hazard_certified: f64,
    /// What could not be made stationary.
    pub issues: CalibrationIssues,
}

/// Ways in which a ward's status quo cannot be made exactly stationary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CalibrationIssues {
    /// Capacity − N₀ is below the status-quo dropouts: calibrated to
    /// demand = dropouts, participants will fall (MODEL.md §5).
    pub at_capacity: bool,
    /// No demand is possible at the status quo (no awareness, no need pool
    /// left, or no sites, or so little that the join rate would overflow)
    /// while participants drop out: join is set to 0.
    pub no_demand: bool,
    /// Awareness cannot be held at A₀ (no publicity money, or so little
    /// that the gain would overflow, or A₀ at or above a_max while above
    /// a_floor): aw_gain is set to 0.
    pub awareness_drifts: bool,
    /// Supporters cannot be held: the status quo recruits supporters
    /// (attrition or training to replace) but has no participants to
    /// recruit them from, or the rate does not come out finite: recruit is
    /// set to 0 (MODEL.md §9.6).
    pub no_recruits: bool,
    /// Certified supporters, which calibration does not hold, move at the
    /// status quo: training certifies more or fewer than stop each month
    /// (MODEL.md §9.4), so participants' continuation moves with them.
    pub certified_drifts: bool,
    /// The status quo is a balance the monthly step cannot hold: nearly all
    /// of the need pool already takes part, so a small change of
    /// participants swings from month to month (see [`calibrate`]).
    pub knife_edge: bool,
}

impl CalibrationIssues {
    /// Whether any issue was found.
    pub fn any(&self) -> bool {
        self.at_capacity
            || self.no_demand
            || self.awareness_drifts
            || self.no_recruits
            || self.certified_drifts
            || self.knife_edge
    }
}

/// Rates of one month that depend only on the state and the programme.
#[derive(Clone, Copy, Debug)]
struct MonthRates {
    tau: f64,
    log_grant: f64,
    continuation: f64,
    hazard: f64,
    demand_index: f64,
    capacity: f64,
    hazard_untrained: f64,
    hazard_certified: f64,
}

/// Reference values of the calibration that [`month_rates`] needs.
#[derive(Clone, Copy)]
struct References {
    tau: f64,
    grant: f64,
    coverage: f64,
    /// h(sup_cont_untrained), fixed for the run.
    hazard_untrained: f64,
    /// h(sup_cont_certified), fixed for the run.
    hazard_certified: f64,
}

#[inline]
fn month_rates(
    p: &WardParams,
    refs: References,
    prog: &Programme,
    costs: &UnitCosts,
    population: f64,
    incentive: bool,
    s: &WardState,
) -> MonthRates {
    let supporters = s.supporters();
    // 1. Trained share.
    let tau = if supporters > 0.0 {
        s.certified / supporters
    } else {
        0.0
    };
    // Grant per participant, and the log term of continuation and
    // satisfaction. The reference is floored at 1 yen like g itself, so
    // that a status quo without grants gives 0, not ∞ (see CHANGELOG).
    let grant = prog.grants_month / s.participants.max(1.0);
    let log_grant = ln(grant.max(1.0) / refs.grant.max(1.0));
    let coverage =
        (prog.supervision_month / (costs.supervision_month * supporters.max(1.0))).min(1.0);
    // 2. Continuation and the dropout hazard.
    let mut c = p.c0
        + p.beta_tau * (tau - refs.tau)
        + p.beta_grant * log_grant
        + p.beta_sup * (coverage - refs.coverage);
    if incentive {
        c += p.beta_incentive;
    }
    let continuation = c.max(p.c_min).min(p.c_max);
    let hazard = monthly_hazard(continuation);
    // 3. Demand index A · max(need·pop − N, 0) · access · boost.
    let pool = (p.need_rate * population - s.participants).max(0.0);
    let demand_index = s.awareness * pool * prog.access * prog.boost;
    // 4. Capacity.
    let capacity = (p.caseload * supporters).min(prog.site_room);
    // 6. Supporter attrition, cut by supervision coverage.
    let burn = 1.0 - p.beta_burnout * (coverage - refs.coverage);
    let hazard_untrained = (refs.hazard_untrained * burn).clamp(0.0, 1.0);
    let hazard_certified = (refs.hazard_certified * burn).clamp(0.0, 1.0);
    MonthRates {
        tau,
        log_grant,
        continuation,
        hazard,
        demand_index,
        capacity,
        hazard_untrained,
        hazard_certified,
    }
}

/// Calibrate one ward (MODEL.md §5): `status_quo` is the ward's status-quo
/// programme and `initial` its state at m = 0.
pub fn calibrate(
    p: &WardParams,
    status_quo: &Programme,
    costs: &UnitCosts,
    population: f64,
    initial: &WardState,
) -> Calibration {
    let supporters = initial.supporters();
    let tau_ref = if supporters > 0.0 {
        initial.certified / supporters
    } else {
        0.0
    };
    let grant_ref = status_quo.grants_month / initial.participants.max(1.0);
    let coverage_ref =
        (status_quo.supervision_month / (costs.supervision_month * supporters.max(1.0))).min(1.0);
    let hazard_untrained = monthly_hazard(p.sup_cont_untrained);
    let hazard_certified = monthly_hazard(p.sup_cont_certified);
    let refs = References {
        tau: tau_ref,
        grant: grant_ref,
        coverage: coverage_ref,
        hazard_untrained,
        hazard_certified,
    };
    let r = month_rates(p, refs, status_quo, costs, population, false, initial);
    let mut issues = CalibrationIssues::default();

    // join: demand₀ = dropouts₀. Every rate is a quotient that must come
    // out finite (MODEL.md §9.6): a denominator of 0, or one so small that
    // the quotient overflows (a subnormal number of sites or yen of
    // publicity), is a failure of that rate, set to 0 and reported.
    let dropouts0 = r.hazard * initial.participants;
    let (join, demand_index0) = match finite_rate(dropouts0, r.demand_index) {
        Some(join) => (join, r.demand_index),
        None => {
            issues.no_demand = dropouts0 > 0.0;
            (0.0, 0.0)
        }
    };
    if (r.capacity - initial.participants).max(0.0) < dropouts0 {
        issues.at_capacity = true;
    }
    issues.knife_edge = knife_edge(p, &r, initial.participants, population, dropouts0);

    // recruit: recruits₀ = aU₀ + trained₀.
    let attrition_untrained = r.hazard_untrained * initial.untrained;
    let trained = (initial.untrained - attrition_untrained)
        .max(0.0)
        .min(status_quo.seats);
    let recruits0 = attrition_untrained + trained;
    // Certified supporters are not calibrated: they hold only when training
    // replaces those who stop. A change of less than 0.1 % of them a year
    // (a training line a few yen off the replacement level) is not worth a
    // warning.
    let certified_change0 = trained - r.hazard_certified * initial.certified;
    if (12.0 * certified_change0).abs() > (1e-3 * initial.certified).max(0.01) {
        issues.certified_drifts = true;
    }
    let recruit = finite_rate(recruits0, initial.participants).unwrap_or_else(|| {
        issues.no_recruits = recruits0 > 0.0;
        0.0
    });

    // aw_gain: dA₀ = 0.
    let decay = p.a_decay * (initial.awareness - p.a_floor);
    let room = status_quo.publicity * (p.a_max - initial.awareness);
    let aw_gain = if decay == 0.0 {
        0.0
    } else {
        // No publicity to hold awareness with, awareness at or above a_max,
        // or a gain so large it overflows.
        finite_rate(decay, room).unwrap_or_else(|| {
            issues.awareness_drifts = true;
            0.0
        })
    };
    // The references are finite for every input the scenario reader
    // accepts; the debug build checks it.
    debug_assert!(
        [tau_ref, grant_ref, coverage_ref, dropouts0, recruits0]
            .iter()
            .all(|x| x.is_finite()),
        "calibration references must be finite"
    );

    Calibration {
        tau_ref,
        grant_ref,
        coverage_ref,
        join,
        recruit,
        aw_gain,
        dropouts0,
        demand_index0,
        recruits0,
        participants0: initial.participants,
        certified_change0,
        hazard_untrained,
        hazard_certified,
        issues,
    }
}

/// Whether the status quo is a balance the monthly step cannot hold: the
/// month's participants respond to a small change of participants N by a
/// factor J = 1 − d − |h′(c)|·beta_grant − dropouts₀/pool₀ (the hazard, the
/// grant per participant's pull on continuation, and the need pool's pull
/// on demand), and when J < −0.9 a change of a rounding error swings from
/// month to month and grows (or barely decays), so the status quo is held
/// only on paper. In practice: nearly all of the need pool already takes
/// part (fewer people left who could join than leave in two months).
fn knife_edge(
    p: &WardParams,
    r: &MonthRates,
    participants: f64,
    population: f64,
    dropouts0: f64,
) -> bool {
    let c = r.continuation;
    let grant_pull = if c > 0.0 {
        p.beta_grant.max(0.0) * libm::pow(c, 1.0 / 12.0) / (12.0 * c)
    } else {
        0.0
    };
    let pool = p.need_rate * population - participants;
    let pool_pull = if pool > 0.0 && r.demand_index > 0.0 {
        dropouts0 / pool
    } else {
        0.0
    };
    r.hazard + grant_pull + pool_pull > 1.9
}

/// `numerator / denominator` when both are finite, the denominator is
/// positive and the numerator is not negative, and the quotient is finite;
/// `None` otherwise (MODEL.md §9.6: a failure of that rate).
fn finite_rate(numerator: f64, denominator: f64) -> Option<f64> {
    let rate = numerator / denominator;
    (denominator > 0.0 && numerator >= 0.0 && rate.is_finite()).then_some(rate)
}

/// The five random flows of a month (MODEL.md §4, stochastic mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// New participants (Poisson).
    Inflow = 0,
    /// Participants who leave (Binomial).
    Dropouts = 1,
    /// Untrained supporters who stop (Binomial).
    AttritionUntrained = 2,
    /// Certified supporters who stop (Binomial).
    AttritionCertified = 3,
    /// New untrained supporters (Poisson).
    Recruits = 4,
    /// Phase of the whole-seat rounding of training (one uniform per ward and run).
    TrainingPhase = 5,
}

impl Flow {
    /// All flows in order.
    pub const ALL: [Flow; 6] = [
        Flow::Inflow,
        Flow::Dropouts,
        Flow::AttritionUntrained,
        Flow::AttritionCertified,
        Flow::Recruits,
        Flow::TrainingPhase,
    ];
}

/// Turns the expected size of a flow into the flow of this month.
pub trait FlowSampler {
    /// A Poisson-distributed flow with the given mean.
    fn poisson(&mut self, flow: Flow, mean: f64) -> f64;
    /// A Binomial(n, p) flow.
    fn binomial(&mut self, flow: Flow, n: f64, p: f64) -> f64;
    /// Supporters certified this month: at most `limit` (untrained
    /// supporters left after attrition) and at most the month's `seats`.
    fn trained(&mut self, limit: f64, seats: f64) -> f64;
}

/// Expected mode: every flow is its expected value, real-valued.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpectedFlows;

impl FlowSampler for ExpectedFlows {
    #[inline]
    fn poisson(&mut self, _flow: Flow, mean: f64) -> f64 {
        mean
    }
    #[inline]
    fn binomial(&mut self, _flow: Flow, n: f64, p: f64) -> f64 {
        n * p
    }
    #[inline]
    fn trained(&mut self, limit: f64, seats: f64) -> f64 {
        limit.min(seats)
    }
}

/// What happened in one ward in one month.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MonthOutcome {
    /// New participants.
    pub inflow: f64,
    /// Participants who left.
    pub dropouts: f64,
    /// Demand that found no place: demand − expected inflow.
    pub waitlist: f64,
    /// Annual continuation c of the month.
    pub continuation: f64,
    /// Monthly dropout hazard d = h(c).
    pub hazard: f64,
    /// Satisfaction of the month.
    pub satisfaction: f64,
    /// Supporters certified this month.
    pub trained: f64,
    /// Spending of the month by line (yen), outcome payments excluded.
    pub spending: Lines,
}

/// Everything [`step`] needs besides the state and the sampler.
#[derive(Clone, Copy, Debug)]
pub struct WardContext<'a> {
    /// The ward's parameters in this run.
    pub params: &'a WardParams,
    /// The ward's calibration in this run.
    pub calibration: &'a Calibration,
    /// Unit costs.
    pub costs: &'a UnitCosts,
    /// Residents.
    pub population: f64,
}

/// Advance one ward by one month (MODEL.md §4, steps 1–10). All flows use
/// the state at the start of the month.
#[inline]
pub fn step<S: FlowSampler>(
    ctx: &WardContext<'_>,
    prog: &Programme,
    incentive: bool,
    state: &mut WardState,
    sampler: &mut S,
) -> MonthOutcome {
    let p = ctx.params;
    let cal = ctx.calibration;
    let refs = References {
        tau: cal.tau_ref,
        grant: cal.grant_ref,
        coverage: cal.coverage_ref,
        hazard_untrained: cal.hazard_untrained,
        hazard_certified: cal.hazard_certified,
    };
    let r = month_rates(p, refs, prog, ctx.costs, ctx.population, incentive, state);
    let s = *state;

    // 3. Demand = join · (A · pool · access · boost), written as
    //    dropouts₀ · (index / index₀) so the status quo is stationary to the bit.
    let demand = if cal.demand_index0 > 0.0 {
        cal.dropouts0 * (r.demand_index / cal.demand_index0)
    } else {
        0.0
    };
    // 4. Capacity limits inflow.
    let inflow_rate = demand.min((r.capacity - s.participants).max(0.0));
    let waitlist = demand - inflow_rate;
    // 5.–7. Flows.
    let inflow = sampler.poisson(Flow::Inflow, inflow_rate);
    let dropouts = sampler.binomial(Flow::Dropouts, s.participants, r.hazard);
    let attrition_untrained =
        sampler.binomial(Flow::AttritionUntrained, s.untrained, r.hazard_untrained);
    let attrition_certified =
        sampler.binomial(Flow::AttritionCertified, s.certified, r.hazard_certified);
    let trained = sampler.trained((s.untrained - attrition_untrained).max(0.0), prog.seats);
    let recruits_rate = if cal.participants0 > 0.0 {
        cal.recruits0 * (s.participants / cal.participants0)
    } else {
        0.0
    };
    let recruits = sampler.poisson(Flow::Recruits, recruits_rate);
    // 8. Awareness. The monthly step is A' = A + k·(a_max − A) − δ·(A − a_floor)
    //    with k = aw_gain·publicity and δ = a_decay. When k + δ > 1 (a ward
    //    calibrated close to a_max and then given much more publicity) that
    //    step overshoots the level where gain and decay balance and
    //    oscillates, so that more publicity could lower awareness; the month
    //    then ends at that balance level instead (see CHANGELOG).
    let gain = cal.aw_gain * prog.publicity;
    let d_awareness = if gain + p.a_decay > 1.0 {
        (gain * p.a_max + p.a_decay * p.a_floor) / (gain + p.a_decay) - s.awareness
    } else {
        gain * (p.a_max - s.awareness) - p.a_decay * (s.awareness - p.a_floor)
    };
    // 9. Satisfaction.
    let satisfaction =
        (p.s0 + p.beta_sat_tau * (r.tau - cal.tau_ref) + p.beta_sat_grant * r.log_grant)
            .clamp(0.0, 0.99);
    // 10. Next state.
    state.participants = s.participants + (inflow - dropouts);
    state.untrained = s.untrained + (recruits - (attrition_untrained + trained));
    state.certified = s.certified + (trained - attrition_certified);
    state.awareness = (s.awareness + d_awareness).clamp(0.0, 1.0);
    // Within the parameters' plausible ranges and the scenario reader's
    // limits every flow is finite (tests/properties.rs checks it on every
    // backend; the debug build and the fuzzers check every month).
    debug_assert!(
        state.participants.is_finite()
            && state.untrained.is_finite()
            && state.certified.is_finite()
            && state.awareness.is_finite(),
        "a ward's state must stay finite: {state:?}"
    );

    let [staff, awareness, bases] = prog.fixed_month;
    let spending = Lines([
        staff,
        trained * ctx.costs.seat,
        prog.supervision_month
            .min(ctx.costs.supervision_month * s.supporters()),
        awareness,
        bases,
        prog.grants_paid_month,
    ]);
    MonthOutcome {
        inflow,
        dropouts,
        waitlist,
        continuation: r.continuation,
        hazard: r.hazard,
        satisfaction,
        trained,
        spending,
    }
}

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
