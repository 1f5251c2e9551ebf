//! The rates of one month that depend only on the state and the programme
//! (docs/model.md §4, steps 1–4 and 6, with the changes of §9.3): shared by the calibration and the
//! monthly step, so that both compute them with the same operations.

use super::super::budget::UnitCosts;
use super::super::special::ln;
use super::hazard::monthly_hazard;
use super::programme::{Programme, WardParams, WardState};

/// Rates of one month that depend only on the state and the programme.
#[derive(Clone, Copy, Debug)]
pub(super) struct MonthRates {
    pub(super) tau: f64,
    pub(super) log_grant: f64,
    pub(super) continuation: f64,
    pub(super) hazard: f64,
    pub(super) demand_index: f64,
    /// Word of mouth's index pool · access · N (docs/model.md §9.3).
    pub(super) wom_index: f64,
    /// Referred participants of the month: π · rho_ref · fte.
    pub(super) referred: f64,
    pub(super) capacity: f64,
    /// crowd = clamp(occupancy − o_ref, −1, 1).
    pub(super) crowd: f64,
    pub(super) hazard_untrained: f64,
    pub(super) hazard_certified: f64,
}

/// Reference values of the calibration that [`month_rates`] needs.
#[derive(Clone, Copy)]
pub(super) struct References {
    pub(super) tau: f64,
    pub(super) grant: f64,
    pub(super) coverage: f64,
    /// h(sup_cont_untrained), fixed for the run.
    pub(super) hazard_untrained: f64,
    /// h(sup_cont_certified), fixed for the run.
    pub(super) hazard_certified: f64,
    /// o_ref: occupancy at the status quo (docs/model.md §9.4).
    pub(super) occupancy: f64,
}

/// The rates of a month that starts in state `s`, under programme `prog`,
/// for a ward with parameters `p` and calibration references `refs`.
#[inline]
pub(super) fn month_rates(
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
    // Crowding (docs/model.md §9.3; beta_crowd is 0 when it is off).
    let capacity = capacity(p, prog, s);
    let crowd = (occupancy(s.participants, capacity) - refs.occupancy).clamp(-1.0, 1.0);
    c -= p.beta_crowd * crowd;
    let continuation = c.max(p.c_min).min(p.c_max);
    let hazard = monthly_hazard(continuation);
    // 3. Demand index A · max(need·pop − N, 0) · access · boost, word of
    //    mouth's pool · access · N and the referred π · rho_ref · fte.
    let need = p.need_rate * population;
    let pool = (need - s.participants).max(0.0);
    let demand_index = s.awareness * pool * prog.access * prog.boost;
    let wom_index = pool * prog.access * s.participants;
    let referred = if need > 0.0 {
        prog.referrals_month * (pool / need)
    } else {
        0.0
    };
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
        wom_index,
        referred,
        capacity,
        crowd,
        hazard_untrained,
        hazard_certified,
    }
}

/// Step 4, the capacity of a month that starts in state `s`:
/// min(caseload · S, places), where places are the sites' and online
/// groups' places plus leader_places · C (docs/model.md §9.3;
/// leader_places is 0 when the mechanism is off, which adds exactly 0).
#[inline]
pub(super) fn capacity(p: &WardParams, prog: &Programme, s: &WardState) -> f64 {
    let places = prog.site_room + p.leader_places * s.certified;
    (p.caseload * s.supporters()).min(places)
}

/// Occupancy N / capacity, 1 when there is no capacity (docs/model.md §9.3).
#[inline]
pub(super) fn occupancy(participants: f64, capacity: f64) -> f64 {
    if capacity > 0.0 {
        participants / capacity
    } else {
        1.0
    }
}
