//! The WebAssembly backends of the vector path (`simd128` and portable)
//! give the same bits as stepping one ward at a time, in WebAssembly itself
//! (wasm-bindgen-test in Node.js, run by `scripts/browser-test.sh`): on
//! every built-in scenario, each structure of model version 2, large run
//! indices, and random plans drawn as `tests/lanes.rs` draws them natively
//! (here from a fixed stream of numbers, as proptest does not run in
//! WebAssembly).
#![cfg(target_arch = "wasm32")]

mod common;

use common::lanes::{Case, assert_same, builtin, ranged_plan};
use common::split_mix::SplitMix64;
use wasm_bindgen_test::*;

use sasaeai::model::Param;
use sasaeai::scenario::builtin::SCENARIOS;
use sasaeai::sim::lanes::LaneBackend;
use sasaeai::sim::{RunResult, Simulator};

/// Uniform in `lo..hi`.
fn between(n: &mut SplitMix64, lo: u64, hi: u64) -> u64 {
    lo + n.below((hi - lo) as usize) as u64
}

/// Uniform in [0, `max`), with 0 and `max` themselves one time in eight
/// each (as the native tests' `prop_oneof!` of the ends and the range).
fn fraction(n: &mut SplitMix64, max: f64) -> f64 {
    match n.below(8) {
        0 => 0.0,
        1 => max,
        _ => n.unit() * max,
    }
}

/// A random plan over the ranges of `tests/lanes.rs`'s `case()`.
fn case(n: &mut SplitMix64) -> Case {
    let len = |n: &mut SplitMix64, lo, hi| between(n, lo, hi) as usize;
    let factors = (0..len(n, 1, 12))
        .map(|_| std::array::from_fn(|_| n.unit() * 4.0))
        .collect();
    let start = (0..len(n, 1, 8))
        .map(|_| {
            let (p, u, c) = (n.unit() * 20.0, n.unit() * 20.0, n.unit() * 20.0);
            [p, u, c, n.unit() * 0.95]
        })
        .collect();
    Case {
        base: len(n, 0, SCENARIOS.len() as u64),
        seed: n.next_u64(),
        run: n.next_u64(),
        wards: len(n, 1, 24),
        factors,
        model: between(n, 0, 65) as u8,
        start,
        params: std::array::from_fn(|_| fraction(n, 1.0)),
        ward_variation: if n.next_u64().is_multiple_of(2) {
            0.0
        } else {
            n.unit() * 0.5
        },
    }
}

#[wasm_bindgen_test]
fn simd128_is_the_default_in_webassembly_and_the_x86_backends_fall_back() {
    assert_eq!(LaneBackend::best(), LaneBackend::Simd128);
    assert!(LaneBackend::Simd128.available());
    assert!(!LaneBackend::Avx2.available() && !LaneBackend::Avx512.available());
    let plan = builtin("status-quo");
    assert_eq!(
        Simulator::new(&plan).lane_backend(),
        Some(LaneBackend::Simd128)
    );
    // A backend WebAssembly lacks falls back to the portable one.
    let forced = Simulator::new(&plan).with_lane_backend(LaneBackend::Avx2);
    assert_eq!(forced.lane_backend(), Some(LaneBackend::Portable));
    assert_eq!(Simulator::new(&plan).group_size(), 4);
}

#[wasm_bindgen_test]
fn every_builtin_scenario_gives_the_same_bits() {
    common::lanes::every_builtin_scenario();
}

#[wasm_bindgen_test]
fn each_structure_of_version_2_gives_the_same_bits() {
    common::lanes::each_structure_of_version_2();
}

#[wasm_bindgen_test]
fn large_run_indices_and_other_seeds_give_the_same_bits() {
    common::lanes::large_run_indices_and_other_seeds();
}

/// Nine runs of each of 64 random plans, as `tests/lanes.rs` runs them.
#[wasm_bindgen_test]
fn random_plans_give_the_same_bits() {
    let mut n = SplitMix64(21);
    for _ in 0..64 {
        let c = case(&mut n);
        assert_same(&c.plan(), c.run..c.run.saturating_add(9));
    }
}

/// Parameters anywhere in their ranges and budgets from a millionth to a
/// million times the scenario's (32 plans): the same, finite bits.
#[wasm_bindgen_test]
fn parameters_anywhere_in_their_ranges_give_the_same_finite_bits() {
    let mut n = SplitMix64(22);
    for _ in 0..32 {
        let base = n.below(SCENARIOS.len());
        let seed = n.next_u64();
        let fractions: Vec<f64> = (0..Param::COUNT).map(|_| fraction(&mut n, 1.0)).collect();
        let powers: Vec<i32> = (0..between(&mut n, 1, 9))
            .map(|_| n.below(13) as i32 - 6)
            .collect();
        let plan = ranged_plan(base, seed, &fractions, &powers);
        assert_same(&plan, 0..9);
        let mut out = RunResult::default();
        for run in 0..9 {
            Simulator::new(&plan).run(run, &mut out);
            let figures = out.monthly.iter().chain(&out.fiscal).chain(&out.horizon);
            assert!(
                figures.into_iter().all(|x| x.is_finite()),
                "a figure that is not finite, run {run}"
            );
        }
    }
}
