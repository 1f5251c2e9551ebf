//! The calibration that makes a ward's status quo stationary (docs/model.md §5,
//! with the changes of §9.4).

use super::super::budget::UnitCosts;
use super::hazard::monthly_hazard;
use super::programme::{Programme, WardParams, WardState};
use super::rates::{MonthRates, References, capacity, month_rates, occupancy};

/// The references and rates found by calibration (docs/model.md §5), per ward and run.
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
    /// wom: demand per participant per unit of need-pool share × access
    /// (docs/model.md §9.4; 0 without word of mouth).
    pub wom: f64,
    /// o_ref: occupancy N₀ / capacity₀ at the status quo (§9.4).
    pub occupancy_ref: f64,
    /// The part of the status quo's demand that comes through awareness:
    /// max((1 − phi)·D₀ − referred₀, 0), which is D₀ = d₀·N₀ in version 1.
    pub(crate) dropouts0: f64,
    /// The part that comes by word of mouth: phi·D₀ (0 when its index is 0).
    pub(crate) wom_demand0: f64,
    /// Word of mouth's index at the status quo, pool₀·access₀·N₀.
    pub(crate) wom_index0: f64,
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
    /// demand = dropouts, participants will fall (docs/model.md §5).
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
    /// set to 0 (docs/model.md §9.6).
    pub no_recruits: bool,
    /// Certified supporters, which calibration does not hold, move at the
    /// status quo: training certifies more or fewer than stop each month
    /// (docs/model.md §9.4), so participants' continuation moves with them.
    pub certified_drifts: bool,
    /// Referrals alone bring more new participants than the status quo
    /// loses ((1 − phi)·D₀ < referred₀): join is 0 and participants grow
    /// (docs/model.md §9.4).
    pub referrals_exceed: bool,
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
            || self.referrals_exceed
            || self.knife_edge
    }
}

/// Calibrate one ward (docs/model.md §5): `status_quo` is the ward's status-quo
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
    let occupancy_ref = occupancy(initial.participants, capacity(p, status_quo, initial));
    let refs = References {
        tau: tau_ref,
        grant: grant_ref,
        coverage: coverage_ref,
        hazard_untrained,
        hazard_certified,
        occupancy: occupancy_ref,
    };
    let r = month_rates(p, refs, status_quo, costs, population, false, initial);
    let mut issues = CalibrationIssues::default();

    // join: demand₀ = dropouts₀. Every rate is a quotient that must come
    // out finite (docs/model.md §9.6): a denominator of 0, or one so small that
    // the quotient overflows (a subnormal number of sites or yen of
    // publicity), is a failure of that rate, set to 0 and reported.
    let total0 = r.hazard * initial.participants;
    let demand = split_demand(p, &r, population, total0, &mut issues);
    if (r.capacity - initial.participants).max(0.0) < total0 {
        issues.at_capacity = true;
    }
    issues.knife_edge = knife_edge(p, &r, initial.participants, population, total0);

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
    let newcomers0 = p.nu_newcomer * (status_quo.seats - trained);
    let certified_change0 = (trained + newcomers0) - r.hazard_certified * initial.certified;
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
        [
            tau_ref,
            grant_ref,
            coverage_ref,
            demand.dropouts0,
            recruits0,
            occupancy_ref
        ]
        .iter()
        .all(|x| x.is_finite()),
        "calibration references must be finite"
    );

    Calibration {
        tau_ref,
        grant_ref,
        coverage_ref,
        join: demand.join,
        recruit,
        aw_gain,
        wom: demand.wom,
        occupancy_ref,
        dropouts0: demand.dropouts0,
        wom_demand0: demand.wom_demand0,
        wom_index0: demand.wom_index0,
        demand_index0: demand.demand_index0,
        recruits0,
        participants0: initial.participants,
        certified_change0,
        hazard_untrained,
        hazard_certified,
        issues,
    }
}

/// The status quo's demand D₀ split into the part through awareness (with
/// its index), word of mouth (with its index) and the rate wom
/// (docs/model.md §9.4): word of mouth takes phi·D₀, referrals referred₀,
/// awareness the rest. Without word of mouth and referrals the awareness
/// part is D₀ itself, to the bit.
struct DemandSplit {
    dropouts0: f64,
    demand_index0: f64,
    join: f64,
    wom_demand0: f64,
    wom_index0: f64,
    wom: f64,
}

fn split_demand(
    p: &WardParams,
    r: &MonthRates,
    population: f64,
    total0: f64,
    issues: &mut CalibrationIssues,
) -> DemandSplit {
    let (wom_demand0, wom_index0, wom) = if p.phi_wom > 0.0 {
        let share = p.phi_wom * total0;
        match finite_rate(share, r.wom_index) {
            Some(_) => {
                // Reported in the units of docs/model.md §9.4:
                // wom = phi·D₀ / (π₀·access₀·N₀).
                let wom = share * (p.need_rate * population) / r.wom_index;
                (share, r.wom_index, if wom.is_finite() { wom } else { 0.0 })
            }
            None => {
                issues.no_demand |= share > 0.0;
                (0.0, 0.0, 0.0)
            }
        }
    } else {
        (0.0, 0.0, 0.0)
    };
    let rest = (1.0 - p.phi_wom) * total0;
    if rest < r.referred {
        issues.referrals_exceed = true;
    }
    let dropouts0 = (rest - r.referred).max(0.0);
    let (join, demand_index0) = match finite_rate(dropouts0, r.demand_index) {
        Some(join) => (join, r.demand_index),
        None => {
            issues.no_demand |= dropouts0 > 0.0;
            (0.0, 0.0)
        }
    };
    DemandSplit {
        dropouts0,
        demand_index0,
        join,
        wom_demand0,
        wom_index0,
        wom,
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
/// `None` otherwise (docs/model.md §9.6: a failure of that rate).
fn finite_rate(numerator: f64, denominator: f64) -> Option<f64> {
    let rate = numerator / denominator;
    (denominator > 0.0 && numerator >= 0.0 && rate.is_finite()).then_some(rate)
}
