//! The vector path (eight or four wards at a time, `sim::lanes`), with each
//! of its backends (AVX-512, AVX2 and portable), gives the same bits as
//! stepping one ward at a time, on every built-in scenario and on random plans: random budgets, starting stocks from none to twenty times the
//! status quo (so every kind of count is drawn: exact searches that stop
//! early or go past twelve terms, normal approximations, hazards above ½),
//! ward subsets that leave spare lanes, extreme parameters, per-ward
//! variation and outcome-linked rules.
//!
//! On processors without AVX-512 the AVX-512 backend is replaced by the
//! AVX2 one, and without AVX2 by the portable one, which is then compared
//! more than once. The plans and comparisons are shared
//! (`tests/common/lanes.rs`) with `tests/wasm_lanes.rs`, which checks the
//! WebAssembly backends (`simd128`, portable) in WebAssembly.

mod common;

use common::lanes::{Case, assert_same, builtin, ranged_plan};
use proptest::prelude::*;

use sasaeai::model::Param;
use sasaeai::scenario::builtin::SCENARIOS;
use sasaeai::sim::lanes::LaneBackend;
use sasaeai::sim::{Mode, RunResult, Simulator};

/// Runs are stepped as many together as the backend has lanes (four or
/// eight), whatever the number of wards, so that each block holds one
/// ward of every run of the group; expected mode and the ward-by-ward path
/// one run at a time.
#[test]
fn runs_are_grouped_by_the_lanes() {
    let mut plan = builtin("combined-plan");
    assert_eq!(Simulator::new(&plan).without_lanes().group_size(), 1);
    for wards in [1, 2, 3, 4, 6, 8, 12, 23] {
        let mut plan = plan.clone();
        plan.wards.truncate(wards);
        let sim = Simulator::new(&plan).with_lane_backend(LaneBackend::Portable);
        assert_eq!(sim.group_size(), 4, "{wards} wards, four lanes");
        let sim = Simulator::new(&plan).with_lane_backend(LaneBackend::Avx512);
        let expected = match sim.lane_backend() {
            Some(LaneBackend::Avx512) => 8,
            _ => 4,
        };
        let backend = sim.lane_backend();
        assert_eq!(sim.group_size(), expected, "{wards} wards, {backend:?}");
    }
    plan.mode = Mode::Expected;
    assert_eq!(Simulator::new(&plan).group_size(), 1);
}

#[test]
fn the_lanes_are_used_everywhere_with_the_widest_registers_the_processor_has() {
    let plan = builtin("status-quo");
    let sim = Simulator::new(&plan);
    assert!(sim.uses_lanes());
    #[cfg(target_arch = "x86_64")]
    let (avx2, avx512) = (
        std::is_x86_feature_detected!("avx2"),
        std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512dq"),
    );
    #[cfg(not(target_arch = "x86_64"))]
    let (avx2, avx512) = (false, false);
    let best = if avx512 {
        LaneBackend::Avx512
    } else if avx2 {
        LaneBackend::Avx2
    } else {
        LaneBackend::Portable
    };
    // SASAEAI_LANES (for measurement) would change the default.
    if std::env::var_os("SASAEAI_LANES").is_none() {
        assert_eq!(sim.lane_backend(), Some(best));
    }
    assert_eq!(LaneBackend::best(), best);
    assert_eq!(LaneBackend::Avx512.available(), avx512);
    assert_eq!(LaneBackend::Avx2.available(), avx2);
    assert_eq!(LaneBackend::Avx512.lanes(), 8);
    assert_eq!(LaneBackend::Avx2.lanes(), 4);
    assert_eq!(LaneBackend::Portable.lanes(), 4);
    // WebAssembly's registers exist only there.
    assert!(!LaneBackend::Simd128.available());
    assert_eq!(LaneBackend::Simd128.or_available(), LaneBackend::Portable);
    assert_eq!(LaneBackend::Simd128.lanes(), 4);
    // A backend the processor lacks falls back to the widest it has.
    let forced = Simulator::new(&plan).with_lane_backend(LaneBackend::Avx512);
    assert_eq!(forced.lane_backend(), Some(best));
    let forced = Simulator::new(&plan).with_lane_backend(LaneBackend::Avx2);
    assert_eq!(
        forced.lane_backend(),
        Some(LaneBackend::Avx2.or_available())
    );
    let portable = Simulator::new(&plan).with_lane_backend(LaneBackend::Portable);
    assert_eq!(portable.lane_backend(), Some(LaneBackend::Portable));
    assert_eq!(Simulator::new(&plan).without_lanes().lane_backend(), None);
    // Expected mode has no random flows and always steps ward by ward, so
    // the flag only matters in stochastic mode; it is still reported.
    let mut expected = plan.clone();
    expected.mode = Mode::Expected;
    let _ = Simulator::new(&expected).uses_lanes();
}

#[test]
fn every_builtin_scenario_gives_the_same_bits() {
    common::lanes::every_builtin_scenario();
}

#[test]
fn each_structure_of_version_2_gives_the_same_bits() {
    common::lanes::each_structure_of_version_2();
}

#[test]
fn large_run_indices_and_other_seeds_give_the_same_bits() {
    common::lanes::large_run_indices_and_other_seeds();
}

fn case() -> impl Strategy<Value = Case> {
    (
        0..SCENARIOS.len(),
        any::<u64>(),
        any::<u64>(),
        1usize..=23,
        prop::collection::vec(prop::array::uniform7(0.0f64..4.0), 1..12),
        0u8..=64,
        prop::collection::vec(
            (0.0f64..20.0, 0.0f64..20.0, 0.0f64..20.0, 0.0f64..0.95)
                .prop_map(|(n, u, c, a)| [n, u, c, a]),
            1..8,
        ),
        prop::array::uniform6(0.0f64..=1.0),
        prop_oneof![Just(0.0), 0.0f64..0.5],
    )
        .prop_map(
            |(base, seed, run, wards, factors, model, start, params, ward_variation)| Case {
                base,
                seed,
                run,
                wards,
                factors,
                model,
                start,
                params,
                ward_variation,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Nine runs: a whole group of eight (or two of four), whose blocks
    /// each hold one ward of every run, and a last run alone.
    #[test]
    fn random_plans_give_the_same_bits(c in case()) {
        let plan = c.plan();
        assert_same(&plan, c.run..c.run.saturating_add(9));
    }
}

fn range_fractions() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64],
        Param::COUNT,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Anywhere inside the parameters' plausible ranges, with budgets from
    /// a millionth to a million times the scenario's, every backend gives
    /// the same bits as the ward-by-ward path, and no figure of any month
    /// is NaN or infinite (a NaN would compare unequal to itself and hide
    /// from the bit comparison's intent).
    #[test]
    fn parameters_anywhere_in_their_ranges_give_the_same_finite_bits(
        base in 0..SCENARIOS.len(),
        seed in any::<u64>(),
        fractions in range_fractions(),
        powers in prop::collection::vec(-6i32..=6, 1..9),
    ) {
        let plan = ranged_plan(base, seed, &fractions, &powers);
        assert_same(&plan, 0..9);
        let mut out = RunResult::default();
        for run in 0..9 {
            Simulator::new(&plan).run(run, &mut out);
            prop_assert!(
                out.monthly.iter().chain(&out.fiscal).chain(&out.horizon).all(|x| x.is_finite()),
                "a figure that is not finite, run {}", run
            );
        }
    }
}
