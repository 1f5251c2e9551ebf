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
//! more than once.

mod common;

use common::ranges::set_parameters_in_ranges;
use proptest::prelude::*;

use sasaeai::model::distribution::Distribution;
use sasaeai::model::{BudgetLine, Mechanism, Mechanisms, ModelSpec, Param};
use sasaeai::scenario::builtin::SCENARIOS;
use sasaeai::scenario::load_builtin;
use sasaeai::sim::lanes::LaneBackend;
use sasaeai::sim::{Mode, Plan, RunResult, Simulator};

fn builtin(name: &str) -> Plan {
    let mut plan = load_builtin(name).expect("built-in").expect("valid").plan;
    plan.mode = Mode::Stochastic;
    plan
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|x| x.to_bits()).collect()
}

/// Run `runs` ward by ward and with each lane backend and require the same
/// bits in every output.
fn assert_same(plan: &Plan, runs: std::ops::Range<u64>) {
    let scalar = Simulator::new(plan).without_lanes();
    assert!(!scalar.uses_lanes());
    for backend in [
        LaneBackend::Avx512,
        LaneBackend::Avx2,
        LaneBackend::Portable,
    ] {
        let lanes = Simulator::new(plan).with_lane_backend(backend);
        assert!(lanes.uses_lanes());
        assert_same_runs(&lanes, &scalar, runs.clone(), backend);
    }
}

fn assert_same_runs(
    lanes: &Simulator,
    scalar: &Simulator,
    runs: std::ops::Range<u64>,
    backend: LaneBackend,
) {
    let plan = scalar.plan();
    let (mut a, mut b) = (RunResult::default(), RunResult::default());
    for run in runs.clone() {
        lanes.run(run, &mut a);
        scalar.run(run, &mut b);
        assert_same_result(&a, &b, &format!("{} run {run}, {backend:?}", plan.name));
    }
    // Runs stepped together, their wards sharing the lanes: groups of the
    // simulator's size (each block one ward of every run) and of three
    // (the wards fill the blocks run after run: a block shared by wards of
    // different runs, the last block part-filled).
    let indices: Vec<u64> = runs.collect();
    for size in [lanes.group_size(), 3] {
        let mut outs = vec![RunResult::default(); size];
        for group in indices.chunks(size) {
            lanes.run_group(group, &mut outs);
            for (&run, a) in group.iter().zip(&outs) {
                scalar.run(run, &mut b);
                let what = format!("{} run {run} in a group of {size}, {backend:?}", plan.name);
                assert_same_result(a, &b, &what);
            }
        }
    }
}

fn assert_same_result(a: &RunResult, b: &RunResult, what: &str) {
    assert_eq!(bits(&a.monthly), bits(&b.monthly), "monthly, {what}");
    assert_eq!(bits(&a.fiscal), bits(&b.fiscal), "fiscal, {what}");
    assert_eq!(a.overrun, b.overrun, "overrun, {what}");
    assert_eq!(bits(&a.horizon), bits(&b.horizon), "horizon, {what}");
    assert_eq!(
        bits(&a.ward_participants),
        bits(&b.ward_participants),
        "ward participants, {what}"
    );
    assert_eq!(
        bits(&a.ward_spending),
        bits(&b.ward_spending),
        "ward spending, {what}"
    );
    assert_eq!(a.ward_horizon.len(), b.ward_horizon.len(), "wards, {what}");
    for (x, y) in a.ward_horizon.iter().zip(&b.ward_horizon) {
        assert_eq!(bits(x), bits(y), "ward horizon, {what}");
    }
}

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
    for (name, _) in SCENARIOS {
        let mut plan = builtin(name);
        assert_eq!(plan.model, ModelSpec::V2);
        assert_same(&plan, 0..60);
        plan.model = ModelSpec::V1;
        assert_same(&plan, 0..20);
    }
}

/// Model version 2 with each mechanism off in turn, and with online groups
/// bought in every ward.
#[test]
fn each_structure_of_version_2_gives_the_same_bits() {
    let mut plan = builtin("combined-plan");
    for ward in &mut plan.wards {
        for lines in &mut ward.budget {
            lines.set(BudgetLine::Online, 3_000_000.0);
        }
    }
    for m in Mechanism::ALL {
        plan.model = ModelSpec::v2(Mechanisms::ALL_ON.without(m));
        assert_same(&plan, 0..12);
    }
}

#[test]
fn large_run_indices_and_other_seeds_give_the_same_bits() {
    let mut plan = builtin("combined-plan");
    plan.seed = 0xDEAD_BEEF_u64;
    assert_same(&plan, (1u64 << 40)..(1u64 << 40) + 20);
    plan.seed = u64::MAX;
    assert_same(&plan, u64::MAX - 10..u64::MAX);
}

/// A random plan built from a built-in scenario.
#[derive(Clone, Debug)]
struct Case {
    base: usize,
    seed: u64,
    run: u64,
    wards: usize,
    /// Per ward and FY: the factor on every status-quo line (on ¥1.2 M for
    /// the online line, which the status quo does not have).
    factors: Vec<[f64; 7]>,
    /// The model: version 1 (64) or the switches of version 2 as bits.
    model: u8,
    /// Per ward: factors on participants, untrained, certified; awareness.
    start: Vec<[f64; 4]>,
    /// Fractions placing some parameters inside their support (or past
    /// it, for the hazards' sake: supporter continuation up to 1).
    params: [f64; 6],
    ward_variation: f64,
}

impl Case {
    fn plan(&self) -> Plan {
        let mut plan = builtin(SCENARIOS[self.base].0);
        plan.seed = self.seed;
        plan.model = if self.model >= 64 {
            ModelSpec::V1
        } else {
            let mut m = Mechanisms::NONE;
            for (bit, mechanism) in Mechanism::ALL.into_iter().enumerate() {
                m.set(mechanism, self.model >> bit & 1 == 1);
            }
            ModelSpec::v2(m)
        };
        plan.wards.truncate(self.wards);
        for (w, ward) in plan.wards.iter_mut().enumerate() {
            for (y, lines) in ward.budget.iter_mut().enumerate() {
                let f = &self.factors[(w * 5 + y) % self.factors.len()];
                for line in BudgetLine::ALL {
                    lines.set(line, lines.get(line) * f[line.index()]);
                }
                lines.set(BudgetLine::Online, 1_200_000.0 * f[6]);
            }
            let s = &self.start[w % self.start.len()];
            let initial = &mut ward.initial;
            initial.participants = (initial.participants * s[0]).round();
            initial.untrained = (initial.untrained * s[1]).round();
            initial.certified = (initial.certified * s[2]).round();
            initial.awareness = s[3];
        }
        let set = |plan: &mut Plan, p: Param, value: f64| {
            let entry = plan.parameters.entry_mut(p);
            entry.distribution = Distribution::Fixed { value };
            entry.point = value;
        };
        let [a, b, c, d, e, f] = self.params;
        set(&mut plan, Param::SupContUntrained, 0.05 + 0.95 * a);
        set(&mut plan, Param::SupContCertified, 0.05 + 0.95 * b);
        set(&mut plan, Param::BetaBurnout, 5.0 * c);
        set(&mut plan, Param::C0, 0.3 + 0.7 * d);
        set(&mut plan, Param::CMax, 0.9 + 0.1 * e);
        set(&mut plan, Param::NeedRate, 0.005 + 0.2 * f);
        for p in [Param::Caseload, Param::SiteCapacity, Param::ADecay] {
            plan.parameters.entry_mut(p).ward_variation = self.ward_variation;
        }
        plan
    }
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

/// Every parameter at a value anywhere in its plausible range (the pairs
/// c_min ≤ c_max and a_floor ≤ a_max in order), with every budget line
/// scaled by a power of ten from 10⁻⁶ to 10⁶ (at most ¥1e15, the largest
/// line a scenario may hold).
fn ranged_plan(base: usize, seed: u64, fractions: &[f64], powers: &[i32]) -> Plan {
    let mut plan = builtin(SCENARIOS[base].0);
    plan.seed = seed;
    set_parameters_in_ranges(&mut plan, fractions);
    for (w, ward) in plan.wards.iter_mut().enumerate() {
        for (y, lines) in ward.budget.iter_mut().enumerate() {
            // The status quo has no online groups: scale ¥600,000 instead.
            lines.set(BudgetLine::Online, 600_000.0);
            for line in BudgetLine::ALL {
                let k = powers[(w * 31 + y * 7 + line.index()) % powers.len()];
                let scaled = lines.get(line) * 10f64.powi(k);
                lines.set(line, scaled.min(1e15));
            }
        }
    }
    plan
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
