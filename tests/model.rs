//! One ward, one month (docs/model.md §4) and the calibration (§5), checked
//! against values computed by hand from the equations (a short Python
//! script written from docs/model.md, not from this code; the numbers are pasted
//! below). Tolerance: 1e-12 relative — the same formulas in double
//! precision agree to a few ulps.

#![allow(clippy::excessive_precision)] // literals pasted with all 17 digits of the hand computation

use sasaeai::model::ModelSpec;
use sasaeai::model::parameters::ParameterValues;
use sasaeai::model::ward::{
    ExpectedFlows, Programme, WardContext, WardParams, WardState, calibrate, step,
};
use sasaeai::model::{Lines, UnitCosts};

const POPULATION: f64 = 100_000.0;

fn close(got: f64, want: f64, what: &str) {
    let tol = 1e-12 * want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got:.17}, want {want:.17}"
    );
}

fn initial() -> WardState {
    WardState {
        participants: 1000.0,
        untrained: 100.0,
        certified: 200.0,
        awareness: 0.4,
    }
}

/// Status quo: 1 FTE, 2 seats a month, supervision coverage 0.5, 5 yen of
/// publicity per resident per month, 15 sites, grants of 1,000 yen per
/// participant per month.
fn status_quo_lines() -> Lines {
    Lines([
        8_500_000.0,
        150_000.0 * 12.0 * 2.0,
        2_500.0 * 300.0 * 0.5 * 12.0,
        5.0 * POPULATION * 12.0,
        15.0 * 1_030_000.0,
        12_000_000.0,
        0.0,
    ])
}

/// Scenario: 2 FTE, 4 seats, full coverage, 10 yen per resident, 20 sites,
/// 2,000 yen per participant.
fn scenario_lines(sites: f64) -> Lines {
    Lines([
        17_000_000.0,
        150_000.0 * 12.0 * 4.0,
        9_000_000.0,
        10.0 * POPULATION * 12.0,
        sites * 1_030_000.0,
        24_000_000.0,
        0.0,
    ])
}

fn setup() -> (WardParams, UnitCosts) {
    (
        WardParams::from_values(&ParameterValues::defaults(), ModelSpec::V1),
        UnitCosts::default(),
    )
}

#[test]
fn calibration_solves_the_three_rates() {
    let (p, costs) = setup();
    let sq = Programme::new(status_quo_lines(), &p, &costs, POPULATION, 0.0);
    let cal = calibrate(&p, &sq, &costs, POPULATION, &initial());
    close(cal.tau_ref, 2.0 / 3.0, "tau_ref");
    close(cal.grant_ref, 1000.0, "g_ref");
    close(cal.coverage_ref, 0.5, "cov_ref");
    close(cal.join, 0.014_353_932_250_399_779, "join");
    close(cal.recruit, 0.005_563_370_457_860_837_6, "recruit");
    close(cal.aw_gain, 0.012_707_470_412_683_991, "aw_gain");
    // Two seats a month certify more than the 1.88 certified supporters
    // who stop (200 · (1 − 0.893^(1/12))): the only issue, and reported.
    let stop = 200.0 * (1.0 - 0.893f64.powf(1.0 / 12.0));
    close(cal.certified_change0, 2.0 - stop, "certified change");
    assert!(cal.issues.certified_drifts);
    let only_that = sasaeai::model::ward::CalibrationIssues {
        certified_drifts: true,
        ..Default::default()
    };
    assert_eq!(cal.issues, only_that);
}

#[test]
fn every_flow_of_one_month_matches_the_hand_computation() {
    let (p, costs) = setup();
    let sq = Programme::new(status_quo_lines(), &p, &costs, POPULATION, 0.0);
    let cal = calibrate(&p, &sq, &costs, POPULATION, &initial());
    let prog = Programme::new(scenario_lines(20.0), &p, &costs, POPULATION, 0.0);
    let ctx = WardContext {
        params: &p,
        calibration: &cal,
        costs: &costs,
        population: POPULATION,
    };
    let mut state = initial();
    let o = step(&ctx, &prog, false, &mut state, &mut ExpectedFlows);
    // 1.–2. continuation from trained share, grant and coverage; hazard h(c).
    close(o.continuation, 0.758_794_415_416_798_37, "continuation");
    close(o.hazard, 0.022_739_503_382_485_871, "hazard");
    // 3.–4. demand below capacity: everything flows in.
    close(o.inflow, 33.075_909_360_479_038, "inflow");
    close(o.waitlist, 0.0, "waitlist");
    // 5. dropouts.
    close(o.dropouts, 22.739_503_382_485_871, "dropouts");
    // 7. training limited by seats.
    close(o.trained, 4.0, "trained");
    // 9. satisfaction.
    close(o.satisfaction, 0.878_931_471_805_599_5, "satisfaction");
    // 10. next state (6. attrition and 7. recruits enter here).
    close(state.participants, 1_010.336_405_977_993_2, "participants");
    close(state.untrained, 98.778_596_445_042_595, "untrained");
    close(state.certified, 202.532_906_458_346_05, "certified");
    // 8. awareness.
    close(state.awareness, 0.401_516_326_649_281_61, "awareness");
    // Spending: twelfths of staff, publicity, sites and grants; training by
    // seats filled; supervision at most the cost of every supporter.
    let want = [
        1_416_666.666_666_666_7,
        600_000.0,
        750_000.0,
        1_000_000.0,
        1_716_666.666_666_666_7,
        2_000_000.0,
    ];
    for (got, want) in o.spending.0.iter().zip(want) {
        close(*got, want, "spending");
    }
}

#[test]
fn capacity_limits_inflow_and_the_rest_waits() {
    let (p, costs) = setup();
    let sq = Programme::new(status_quo_lines(), &p, &costs, POPULATION, 0.0);
    let cal = calibrate(&p, &sq, &costs, POPULATION, &initial());
    // 11.3 sites hold 1,017 participants: room for 17.
    let prog = Programme::new(scenario_lines(11.3), &p, &costs, POPULATION, 0.0);
    let ctx = WardContext {
        params: &p,
        calibration: &cal,
        costs: &costs,
        population: POPULATION,
    };
    let mut state = initial();
    let o = step(&ctx, &prog, false, &mut state, &mut ExpectedFlows);
    close(o.inflow, 17.000_000_000_000_114, "inflow");
    close(o.waitlist, 7.861_997_420_013_892_7, "waitlist");
}

#[test]
fn outcome_rules_add_beta_incentive_to_continuation() {
    let (p, costs) = setup();
    let sq = Programme::new(status_quo_lines(), &p, &costs, POPULATION, 0.0);
    let cal = calibrate(&p, &sq, &costs, POPULATION, &initial());
    let ctx = WardContext {
        params: &p,
        calibration: &cal,
        costs: &costs,
        population: POPULATION,
    };
    let mut a = initial();
    let mut b = initial();
    let plain = step(&ctx, &sq, false, &mut a, &mut ExpectedFlows);
    let with_rules = step(&ctx, &sq, true, &mut b, &mut ExpectedFlows);
    close(plain.continuation, 0.723, "status-quo continuation");
    close(
        with_rules.continuation,
        0.723 + 0.02,
        "continuation with rules",
    );
}

#[test]
fn withheld_grants_are_not_paid_but_still_count_for_g() {
    let (p, costs) = setup();
    let full = Programme::new(scenario_lines(20.0), &p, &costs, POPULATION, 0.0);
    let held = Programme::new(scenario_lines(20.0), &p, &costs, POPULATION, 0.2);
    assert_eq!(full.grants_month, held.grants_month);
    close(held.grants_paid_month, 0.8 * 2_000_000.0, "grants paid");
}

#[test]
fn the_status_quo_is_stationary_to_the_bit() {
    let (p, costs) = setup();
    // Training at replacement level (docs/model.md §2): h(sup_cont_certified)·C₀·12 seats a year.
    let mut lines = status_quo_lines();
    lines.0[1] = sasaeai::model::ward::monthly_hazard(0.893) * 200.0 * 12.0 * 150_000.0;
    let sq = Programme::new(lines, &p, &costs, POPULATION, 0.0);
    let cal = calibrate(&p, &sq, &costs, POPULATION, &initial());
    let ctx = WardContext {
        params: &p,
        calibration: &cal,
        costs: &costs,
        population: POPULATION,
    };
    let mut state = initial();
    for _ in 0..240 {
        let o = step(&ctx, &sq, false, &mut state, &mut ExpectedFlows);
        assert_eq!(o.inflow, o.dropouts);
    }
    assert_eq!(state.participants, 1000.0);
    assert_eq!(state.untrained, 100.0);
    assert_eq!(state.certified, 200.0);
    assert_eq!(state.awareness, 0.4);
}

#[test]
fn a_status_quo_at_capacity_is_reported() {
    let (p, costs) = setup();
    // 11.2 sites hold 1,008 participants: less room than the ~23 monthly dropouts.
    let mut lines = status_quo_lines();
    lines.0[4] = 11.2 * 1_030_000.0;
    let sq = Programme::new(lines, &p, &costs, POPULATION, 0.0);
    let cal = calibrate(&p, &sq, &costs, POPULATION, &initial());
    assert!(cal.issues.at_capacity);
    assert!(!cal.issues.no_demand);
}

/// A publicity line of a subnormal number of yen (found by the engine fuzz
/// target, `tests/data/fuzz/engine/engine-subnormal-publicity.toml`) made
/// the gain that holds awareness overflow to infinity; it is now no
/// publicity, reported as such. Small but ordinary lines still calibrate.
#[test]
fn a_vanishing_publicity_line_is_no_publicity() {
    let (p, costs) = setup();
    for (yen, held) in [
        (1e-310, false),
        (1e-300, true),
        (1e-200, true),
        (0.0, false),
    ] {
        let mut lines = status_quo_lines();
        lines.0[3] = yen;
        let sq = Programme::new(lines, &p, &costs, POPULATION, 0.0);
        let cal = calibrate(&p, &sq, &costs, POPULATION, &initial());
        assert!(
            cal.aw_gain.is_finite(),
            "{yen} yen: aw_gain {}",
            cal.aw_gain
        );
        assert_eq!(cal.issues.awareness_drifts, !held, "{yen} yen");
        assert_eq!(
            cal.aw_gain > 0.0,
            held,
            "{yen} yen: aw_gain {}",
            cal.aw_gain
        );
    }
}

/// The same for a vanishing demand (a subnormal awareness, or a subnormal
/// number of sites): the rate that makes demand equal dropouts stays
/// finite, or there is no demand, reported.
#[test]
fn vanishing_demand_gives_a_finite_join_rate_or_no_demand() {
    let (p, costs) = setup();
    for (awareness, sites) in [
        (1e-315, 15.0),
        (1e-310, 15.0),
        (1e-300, 15.0),
        (0.4, 1e-320),
        (0.4, 1e-310),
        (1e-160, 1e-200),
    ] {
        let mut lines = status_quo_lines();
        lines.0[4] = sites * 1_030_000.0;
        let sq = Programme::new(lines, &p, &costs, POPULATION, 0.0);
        let start = WardState {
            awareness,
            ..initial()
        };
        let cal = calibrate(&p, &sq, &costs, POPULATION, &start);
        let what = format!("awareness {awareness}, {sites} sites");
        assert!(cal.join.is_finite(), "{what}: join {}", cal.join);
        assert!(cal.join > 0.0 || cal.issues.no_demand, "{what}: {cal:?}");
    }
}

#[test]
fn no_sites_means_no_demand() {
    let (p, costs) = setup();
    let mut lines = status_quo_lines();
    lines.0[4] = 0.0;
    let sq = Programme::new(lines, &p, &costs, POPULATION, 0.0);
    assert_eq!(sq.access, 0.0);
    let cal = calibrate(&p, &sq, &costs, POPULATION, &initial());
    assert!(cal.issues.no_demand);
    assert_eq!(cal.join, 0.0);
}
