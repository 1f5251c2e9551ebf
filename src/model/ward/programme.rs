//! What a ward is in one run: its state ([`WardState`]), its parameters
//! ([`WardParams`]) and what a fiscal year's budget lines buy
//! ([`Programme`]).

use super::super::budget::{Lines, UnitCosts};
use super::super::mechanisms::ModelSpec;
use super::super::parameters::{Param, ParameterValues};

/// The state of a ward at the start of a month (docs/model.md §4).
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
/// per-ward variation), named as in docs/model.md §3 and §9.2. The switches
/// of version 2 are applied here: the parameters of a mechanism that is off
/// are 0, which removes its terms from the month exactly (docs/model.md §9.3).
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
    pub phi_wom: f64,
    pub rho_ref: f64,
    pub nu_newcomer: f64,
    pub leader_places: f64,
    pub online_capacity: f64,
    pub kappa_online: f64,
    pub beta_crowd: f64,
    pub beta_sat_crowd: f64,
    /// Referrals replace the staff boost (docs/model.md §9.3).
    pub referrals: bool,
}

impl WardParams {
    /// Named view of a parameter vector under `model`'s switches.
    pub fn from_values(v: &ParameterValues, model: ModelSpec) -> Self {
        let m = model.mechanisms;
        let on = |switch: bool, p: Param| if switch { v.get(p) } else { 0.0 };
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
            phi_wom: on(m.word_of_mouth, Param::PhiWom),
            rho_ref: on(m.referrals, Param::RhoRef),
            nu_newcomer: on(m.newcomer_training, Param::NuNewcomer),
            leader_places: on(m.leader_groups, Param::LeaderPlaces),
            online_capacity: on(m.online, Param::OnlineCapacity),
            kappa_online: on(m.online, Param::KappaOnline),
            beta_crowd: on(m.crowding, Param::BetaCrowd),
            beta_sat_crowd: on(m.crowding, Param::BetaSatCrowd),
            referrals: m.referrals,
        }
    }
}

/// What one fiscal year's budget lines buy in a ward (docs/model.md §4,
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
    /// Places of sites and online groups: site_capacity · bases +
    /// online_capacity · online groups (docs/model.md §9.3; the certified
    /// supporters' places are added each month).
    pub site_room: f64,
    /// Online and hybrid groups (docs/model.md §9.1).
    pub online_groups: f64,
    /// access = (density / density_ref)^eps_bases, density counting an
    /// online group as kappa_online sites; 0 without sites or groups.
    pub access: f64,
    /// boost = 1 + beta_staff · (1 − e^(−fte/staff_half)); 1 when
    /// referrals replace it (docs/model.md §9.3).
    pub boost: f64,
    /// New participants referred per month before the need-pool factor:
    /// rho_ref · fte (0 without referrals).
    pub referrals_month: f64,
    /// Publicity effect 1 − e^(−a/a_half), a = awareness yen per resident per month.
    pub publicity: f64,
    /// Grant money per month as budgeted (b.grants / 12), used for g.
    pub grants_month: f64,
    /// Grant money per month actually paid out (less any withheld share, §6).
    pub grants_paid_month: f64,
    /// Spending per month on staff, publicity, sites and online groups: a
    /// twelfth of each line.
    pub fixed_month: [f64; 4],
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
        use super::super::budget::BudgetLine as L;
        let reuse = |line: L| {
            previous.filter(|prev| prev.lines.get(line).to_bits() == lines.get(line).to_bits())
        };
        let fte = lines.get(L::Staff) / costs.fte;
        let bases = lines.get(L::Bases) / costs.base;
        let online_groups = lines.get(L::Online) / costs.online_group;
        // Version 1's sites alone, unless online groups count (kappa_online
        // is 0 when the online mechanism is off): x + 0 would be x anyway,
        // but a ward without sites keeps v1's "no access" branch.
        let sites = if p.kappa_online > 0.0 && online_groups > 0.0 {
            bases + p.kappa_online * online_groups
        } else {
            bases
        };
        let access = match reuse(L::Bases).filter(|_| reuse(L::Online).is_some()) {
            Some(prev) => prev.access,
            None if sites > 0.0 => {
                let density = sites / population * 100_000.0;
                libm::pow(density / p.density_ref, p.eps_bases)
            }
            None => 0.0,
        };
        let boost = match reuse(L::Staff) {
            Some(prev) => prev.boost,
            None if p.referrals => 1.0,
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
        let mut site_room = p.site_capacity * bases;
        if p.online_capacity > 0.0 && online_groups > 0.0 {
            site_room += p.online_capacity * online_groups;
        }
        Programme {
            lines,
            fte,
            seats: lines.get(L::Training) / costs.seat / 12.0,
            supervision_month: lines.get(L::Supervision) / 12.0,
            bases,
            site_room,
            online_groups,
            access,
            boost,
            referrals_month: p.rho_ref * fte,
            publicity,
            grants_month,
            grants_paid_month: grants_month * (1.0 - withheld_share),
            fixed_month: [
                lines.get(L::Staff) / 12.0,
                lines.get(L::Awareness) / 12.0,
                lines.get(L::Bases) / 12.0,
                lines.get(L::Online) / 12.0,
            ],
        }
    }
}
