//! The vector lanes against the ward-by-ward path: plans and bit-for-bit
//! comparisons shared by the native tests (`tests/lanes.rs`, with random
//! plans from proptest) and the WebAssembly ones (`tests/wasm_lanes.rs`).

use sasaeai::model::distribution::Distribution;
use sasaeai::model::{BudgetLine, Mechanism, Mechanisms, ModelSpec, Param};
use sasaeai::scenario::builtin::SCENARIOS;
use sasaeai::scenario::load_builtin;
use sasaeai::sim::lanes::LaneBackend;
use sasaeai::sim::{Mode, Plan, RunResult, Simulator};

use super::ranges::set_parameters_in_ranges;

/// The backends compared on this target. A backend the processor lacks
/// is replaced by the widest it has (AVX-512 by AVX2, AVX2 by portable).
#[cfg(not(target_arch = "wasm32"))]
pub const BACKENDS: &[LaneBackend] = &[
    LaneBackend::Avx512,
    LaneBackend::Avx2,
    LaneBackend::Portable,
];
/// The backends compared on this target.
#[cfg(target_arch = "wasm32")]
pub const BACKENDS: &[LaneBackend] = &[LaneBackend::Simd128, LaneBackend::Portable];

/// A built-in scenario in stochastic mode.
pub fn builtin(name: &str) -> Plan {
    let mut plan = load_builtin(name).expect("built-in").expect("valid").plan;
    plan.mode = Mode::Stochastic;
    plan
}

/// The bits of each value.
pub fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|x| x.to_bits()).collect()
}

/// Run `runs` ward by ward and with each lane backend and require the same
/// bits in every output.
pub fn assert_same(plan: &Plan, runs: std::ops::Range<u64>) {
    let scalar = Simulator::new(plan).without_lanes();
    assert!(!scalar.uses_lanes());
    for &backend in BACKENDS {
        let lanes = Simulator::new(plan).with_lane_backend(backend);
        assert!(lanes.uses_lanes());
        assert_same_runs(&lanes, &scalar, runs.clone(), backend);
    }
}

/// The runs of `lanes` one by one and in groups against those of `scalar`.
pub fn assert_same_runs(
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

/// Every output of two runs, bit for bit.
pub fn assert_same_result(a: &RunResult, b: &RunResult, what: &str) {
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

/// A random plan built from a built-in scenario.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub struct Case {
    pub base: usize,
    pub seed: u64,
    pub run: u64,
    pub wards: usize,
    /// Per ward and FY: the factor on every status-quo line (on ¥1.2 M for
    /// the online line, which the status quo does not have).
    pub factors: Vec<[f64; 7]>,
    /// The model: version 1 (64) or the switches of version 2 as bits.
    pub model: u8,
    /// Per ward: factors on participants, untrained, certified; awareness.
    pub start: Vec<[f64; 4]>,
    /// Fractions placing some parameters inside their support (or past
    /// it, for the hazards' sake: supporter continuation up to 1).
    pub params: [f64; 6],
    pub ward_variation: f64,
}

impl Case {
    /// The plan.
    pub fn plan(&self) -> Plan {
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

/// Every parameter at a value anywhere in its plausible range (the pairs
/// c_min ≤ c_max and a_floor ≤ a_max in order), with every budget line
/// scaled by a power of ten from 10⁻⁶ to 10⁶ (at most ¥1e15, the largest
/// line a scenario may hold).
pub fn ranged_plan(base: usize, seed: u64, fractions: &[f64], powers: &[i32]) -> Plan {
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

/// Every built-in scenario, in model versions 2 and 1.
pub fn every_builtin_scenario() {
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
pub fn each_structure_of_version_2() {
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

/// Run indices past 2^40 and up to the last, and other seeds.
pub fn large_run_indices_and_other_seeds() {
    let mut plan = builtin("combined-plan");
    plan.seed = 0xDEAD_BEEF_u64;
    assert_same(&plan, (1u64 << 40)..(1u64 << 40) + 20);
    plan.seed = u64::MAX;
    assert_same(&plan, u64::MAX - 10..u64::MAX);
}
