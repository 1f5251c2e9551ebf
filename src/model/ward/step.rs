//! One month in one ward (docs/model.md §4, with the changes of §9.3): the flows, drawn by a
//! [`FlowSampler`], and the next state.

use super::super::budget::{Lines, UnitCosts};
use super::calibrate::Calibration;
use super::programme::{Programme, WardParams, WardState};
use super::rates::{References, month_rates};

/// The random flows of a month (docs/model.md §4 and §9.3, stochastic mode).
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
    /// Newcomers who fill empty training seats (Binomial, docs/model.md §9.3).
    Newcomers = 6,
}

impl Flow {
    /// All flows in order.
    pub const ALL: [Flow; 7] = [
        Flow::Inflow,
        Flow::Dropouts,
        Flow::AttritionUntrained,
        Flow::AttritionCertified,
        Flow::Recruits,
        Flow::TrainingPhase,
        Flow::Newcomers,
    ];
}

/// Turns the expected size of a flow into the flow of this month.
pub trait FlowSampler {
    /// A Poisson-distributed flow with the given mean.
    fn poisson(&mut self, flow: Flow, mean: f64) -> f64;
    /// A Binomial(n, p) flow.
    fn binomial(&mut self, flow: Flow, n: f64, p: f64) -> f64;
    /// Supporters certified this month — at most `limit` (untrained
    /// supporters left after attrition) and at most the seats offered —
    /// and the seats offered this month (the month's `seats`, in whole
    /// seats in stochastic mode).
    fn trained(&mut self, limit: f64, seats: f64) -> (f64, f64);
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
    fn trained(&mut self, limit: f64, seats: f64) -> (f64, f64) {
        (limit.min(seats), seats)
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
    /// Newcomers certified in seats untrained supporters left empty.
    pub newcomers: f64,
    /// The referral part of demand (π · rho_ref · fte).
    pub referred: f64,
    /// Capacity the month used: min(caseload · S, places).
    pub capacity: f64,
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

/// Advance one ward by one month (docs/model.md §4, steps 1–10). All flows use
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
        occupancy: cal.occupancy_ref,
    };
    let r = month_rates(p, refs, prog, ctx.costs, ctx.population, incentive, state);
    let s = *state;

    // 3. Demand = join · (A · pool · access · boost), written as
    //    D₀ · (index / index₀) so the status quo is stationary to the bit,
    //    plus word of mouth and referrals (docs/model.md §9.3), which are
    //    exactly 0 when their mechanism is off.
    let mut demand = if cal.demand_index0 > 0.0 {
        cal.dropouts0 * (r.demand_index / cal.demand_index0)
    } else {
        0.0
    };
    demand += if cal.wom_index0 > 0.0 {
        cal.wom_demand0 * (r.wom_index / cal.wom_index0)
    } else {
        0.0
    };
    demand += r.referred;
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
    let (trained, offered) =
        sampler.trained((s.untrained - attrition_untrained).max(0.0), prog.seats);
    let newcomers = if p.nu_newcomer > 0.0 {
        sampler.binomial(Flow::Newcomers, offered - trained, p.nu_newcomer)
    } else {
        0.0
    };
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
        (p.s0 + p.beta_sat_tau * (r.tau - cal.tau_ref) + p.beta_sat_grant * r.log_grant
            - p.beta_sat_crowd * r.crowd)
            .clamp(0.0, 0.99);
    // 10. Next state.
    state.participants = s.participants + (inflow - dropouts);
    state.untrained = s.untrained + (recruits - (attrition_untrained + trained));
    state.certified = s.certified + ((trained + newcomers) - attrition_certified);
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

    let [staff, awareness, bases, online] = prog.fixed_month;
    let spending = Lines([
        staff,
        (trained + newcomers) * ctx.costs.seat,
        prog.supervision_month
            .min(ctx.costs.supervision_month * s.supporters()),
        awareness,
        bases,
        prog.grants_paid_month,
        online,
    ]);
    MonthOutcome {
        inflow,
        dropouts,
        waitlist,
        continuation: r.continuation,
        hazard: r.hazard,
        satisfaction,
        trained,
        newcomers,
        referred: r.referred,
        capacity: r.capacity,
        spending,
    }
}
