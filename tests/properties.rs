//! Property tests of the model (docs/model.md §4–5) in both modes: random budgets
//! (every line of every ward and FY scaled by 0–5, exact zeros included),
//! random starting stocks and awareness, random seeds and run indices, and
//! random point parameters for the calibrated status quo.

mod common;

use common::ranges::set_parameters_in_ranges;
use proptest::prelude::*;

use sasaeai::model::distribution::Distribution;
use sasaeai::model::{BudgetLine, Param};
use sasaeai::scenario::load_builtin;
use sasaeai::sim::{FiscalOutput, Mode, MonthlyOutput, Plan, RunResult, Simulator, TargetMetric};

const WARDS: usize = 23;
const YEARS: usize = 5;
const MONTHS: usize = YEARS * 12;
const STATUS_QUO_PARTICIPANTS: f64 = 28_400.0;

fn status_quo() -> Plan {
    load_builtin("status-quo")
        .expect("built-in")
        .expect("valid")
        .plan
}

fn simulate(plan: &Plan, run: u64) -> RunResult {
    let sim = Simulator::new(plan);
    let mut out = RunResult::default();
    sim.run(run, &mut out);
    out
}

/// Starting figures of one ward, as factors of the status quo's (stocks)
/// and as a level (awareness).
#[derive(Clone, Debug)]
struct Start {
    participants: f64,
    untrained: f64,
    certified: f64,
    awareness: f64,
}

/// A random plan built from the status quo.
#[derive(Clone, Debug)]
struct Case {
    mode: Mode,
    seed: u64,
    run: u64,
    /// Per ward, per FY, per line: the factor on the status-quo line.
    factors: Vec<[f64; 7]>,
    /// Per ward: new starting figures, if any.
    start: Option<Vec<Start>>,
}

impl Case {
    fn plan(&self) -> Plan {
        let mut plan = status_quo();
        plan.mode = self.mode;
        plan.seed = self.seed;
        plan.runs = 1;
        for (w, ward) in plan.wards.iter_mut().enumerate() {
            for (y, lines) in ward.budget.iter_mut().enumerate() {
                let f = &self.factors[w * YEARS + y];
                for line in BudgetLine::ALL {
                    lines.set(line, lines.get(line) * f[line.index()]);
                }
            }
            if let Some(start) = &self.start {
                let s = &start[w];
                let initial = &mut ward.initial;
                // Whole numbers, so stochastic stocks stay whole.
                initial.participants = (initial.participants * s.participants).round();
                initial.untrained = (initial.untrained * s.untrained).round();
                initial.certified = (initial.certified * s.certified).round();
                initial.awareness = s.awareness;
            }
        }
        plan
    }
}

fn factor() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => Just(0.0),
        2 => Just(1.0),
        1 => Just(5.0),
        6 => 0.0..=5.0f64,
    ]
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Expected), Just(Mode::Stochastic)]
}

fn start() -> impl Strategy<Value = Start> {
    (
        prop_oneof![Just(1.0), Just(0.0), 0.0..=3.0f64],
        prop_oneof![Just(1.0), Just(0.0), 0.0..=3.0f64],
        prop_oneof![Just(1.0), Just(0.0), 0.0..=3.0f64],
        // Near a_max = 0.90 calibration needs a large aw_gain (docs/model.md §5).
        prop_oneof![Just(0.348), 0.0..=1.0f64, 0.85..=0.9f64],
    )
        .prop_map(|(participants, untrained, certified, awareness)| Start {
            participants,
            untrained,
            certified,
            awareness,
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        mode(),
        0..=i64::MAX as u64,
        0..10_000u64,
        prop::collection::vec(prop::array::uniform7(factor()), WARDS * YEARS),
        prop::option::of(prop::collection::vec(start(), WARDS)),
    )
        .prop_map(|(mode, seed, run, factors, start)| Case {
            mode,
            seed,
            run,
            factors,
            start,
        })
}

fn initial_participants(plan: &Plan) -> f64 {
    plan.wards.iter().map(|w| w.initial.participants).sum()
}

const STOCKS: [MonthlyOutput; 3] = [
    MonthlyOutput::Participants,
    MonthlyOutput::Untrained,
    MonthlyOutput::Certified,
];

const COUNTS: [MonthlyOutput; 5] = [
    MonthlyOutput::Participants,
    MonthlyOutput::Inflow,
    MonthlyOutput::Dropouts,
    MonthlyOutput::Untrained,
    MonthlyOutput::Certified,
];

/// 48 cases per property (or `PROPTEST_CASES` for a deeper search);
/// failures are reported, not saved to a file.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(48);
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config())]

    /// No stock goes negative, awareness stays in [0, 1], and no output is
    /// NaN or infinite, in any month.
    #[test]
    fn stocks_stay_non_negative_and_outputs_finite(case in case()) {
        let plan = case.plan();
        let out = simulate(&plan, case.run);
        prop_assert_eq!(out.monthly.len(), MONTHS * MonthlyOutput::COUNT);
        prop_assert_eq!(out.fiscal.len(), YEARS * FiscalOutput::COUNT);
        for m in 0..MONTHS {
            for o in MonthlyOutput::ALL {
                prop_assert!(out.month(m, *o).is_finite(), "{} in month {m}: {}", o.key(), out.month(m, *o));
            }
            for o in STOCKS {
                prop_assert!(out.month(m, o) >= 0.0, "{} in month {m}: {}", o.key(), out.month(m, o));
            }
            let a = out.month(m, MonthlyOutput::Awareness);
            prop_assert!((0.0..=1.0).contains(&a), "awareness in month {m}: {a}");
        }
        for y in 0..YEARS {
            for o in FiscalOutput::ALL {
                prop_assert!(out.fy(y, *o).is_finite(), "{} in FY {y}: {}", o.key(), out.fy(y, *o));
            }
        }
        prop_assert!(out.horizon.iter().all(|x| x.is_finite()), "{:?}", out.horizon);
    }

    /// Participants at the horizon = initial + Σ inflow − Σ dropouts, exact
    /// in stochastic mode (whole numbers), to 1e-6 relative in expected mode.
    #[test]
    fn participants_are_conserved(case in case()) {
        let plan = case.plan();
        let out = simulate(&plan, case.run);
        let start = initial_participants(&plan);
        let mut balance = start;
        let mut turnover = start;
        for m in 0..MONTHS {
            let inflow = out.month(m, MonthlyOutput::Inflow);
            let dropouts = out.month(m, MonthlyOutput::Dropouts);
            balance += inflow - dropouts;
            turnover += inflow + dropouts;
            // Month by month, not only at the end.
            let now = out.month(m, MonthlyOutput::Participants);
            match plan.mode {
                Mode::Stochastic => prop_assert_eq!(now, balance, "month {}", m),
                Mode::Expected => prop_assert!(
                    (now - balance).abs() <= 1e-6 * turnover.max(1.0),
                    "month {m}: {now} vs {balance}"
                ),
            }
        }
        // Fiscal-year flows add up to the same.
        let fy_balance: f64 = start
            + (0..YEARS)
                .map(|y| out.fy(y, FiscalOutput::NewParticipants) - out.fy(y, FiscalOutput::Dropouts))
                .sum::<f64>();
        let end = out.month(MONTHS - 1, MonthlyOutput::Participants);
        prop_assert!((end - fy_balance).abs() <= 1e-6 * turnover.max(1.0), "{end} vs {fy_balance}");
        prop_assert_eq!(out.ward_participants.iter().sum::<f64>(), end);
    }

    /// Stochastic mode counts people: every stock and flow is a whole number.
    #[test]
    fn stochastic_counts_are_whole_numbers(case in case()) {
        let mut case = case;
        case.mode = Mode::Stochastic;
        let plan = case.plan();
        let out = simulate(&plan, case.run);
        for m in 0..MONTHS {
            for o in COUNTS {
                let x = out.month(m, o);
                prop_assert_eq!(x, x.round(), "{} in month {} is not whole", o.key(), m);
            }
        }
        for y in 0..YEARS {
            for o in [
                FiscalOutput::Participants,
                FiscalOutput::NewParticipants,
                FiscalOutput::Dropouts,
                FiscalOutput::Untrained,
                FiscalOutput::Certified,
            ] {
                let x = out.fy(y, o);
                prop_assert_eq!(x, x.round(), "{} in FY {} is not whole", o.key(), y);
            }
        }
    }

    /// More publicity money never lowers awareness: raising every ward's
    /// awareness line in every FY, all else equal (same seed and run in
    /// stochastic mode), gives awareness ≥ the original in every month.
    ///
    /// docs/model.md §4 step 8 is an explicit monthly step, and §5 calibrates
    /// aw_gain = a_decay·(A₀ − a_floor) / (publicity₀·(a_max − A₀)), which
    /// grows without bound as a ward's starting awareness A₀ nears a_max.
    /// Without a guard, more publicity made aw_gain·publicity + a_decay
    /// exceed 1 and awareness overshot a_max and oscillated; the engine ends
    /// such a month at the balance level instead (`src/model/ward.rs`), and
    /// the generator leans towards starting awareness near a_max to keep
    /// checking it. `awareness_overshoot_minimal_case` below pins the case.
    #[test]
    fn more_publicity_never_lowers_awareness(
        case in case(),
        multiplier in prop_oneof![Just(1.0), 1.0..=4.0f64],
        extra in prop_oneof![Just(0.0), 0.0..=2.0e8f64],
    ) {
        check_more_publicity(&case, multiplier, extra)?;
    }

    /// The same with the default starting figures (awareness 0.348 in every
    /// ward): here it holds.
    #[test]
    fn more_publicity_never_lowers_awareness_from_the_default_start(
        case in case(),
        multiplier in prop_oneof![Just(1.0), 1.0..=4.0f64],
        extra in prop_oneof![Just(0.0), 0.0..=2.0e8f64],
    ) {
        let mut case = case;
        case.start = None;
        check_more_publicity(&case, multiplier, extra)?;
    }

    /// A zero budget never raises participation: with every line of every
    /// ward and FY at 0, participants never exceed the starting total.
    #[test]
    fn a_zero_budget_never_raises_participation(case in case()) {
        let mut case = case;
        for f in &mut case.factors {
            *f = [0.0; 7];
        }
        let plan = case.plan();
        let start = initial_participants(&plan);
        let out = simulate(&plan, case.run);
        for m in 0..MONTHS {
            let n = out.month(m, MonthlyOutput::Participants);
            prop_assert!(n <= start, "month {m}: {n} participants, {start} at the start");
            prop_assert_eq!(out.month(m, MonthlyOutput::Inflow), 0.0, "inflow in month {}", m);
            // Nothing is spent but training seats, and there are none.
            prop_assert_eq!(out.month(m, MonthlyOutput::SpendingTotal), 0.0, "spending in month {}", m);
        }
    }

    /// The status quo in expected mode, with any point parameters inside
    /// their default support, stays at exactly 28,400 participants.
    ///
    /// docs/model.md §5 lets a ward whose status quo is at capacity fall. With
    /// sites apportioned as whole numbers the default data put Arakawa and
    /// Toshima there for site_capacity in the lower part of its default
    /// support; the data now keep the brief's sites per participant in every
    /// ward (374·s sites), which holds down to site_capacity ≈ 78.
    #[test]
    fn the_expected_status_quo_is_stationary_for_any_point_parameters(
        fractions in point_fractions(),
    ) {
        let mut plan = status_quo();
        plan.mode = Mode::Expected;
        plan.runs = 1;
        let chosen = set_point_parameters(&mut plan, &fractions);
        let out = simulate(&plan, 0);
        for m in 0..MONTHS {
            let n = out.month(m, MonthlyOutput::Participants);
            prop_assert_eq!(
                n, STATUS_QUO_PARTICIPANTS,
                "month {}: {} participants with {:?}; calibration issues {:?}",
                m, n, chosen, issues(&plan, &out)
            );
        }
    }

    /// What docs/model.md §5 does promise: with any point parameters in their
    /// default support, the expected status quo stays at exactly 28,400
    /// participants unless calibration reports a ward at capacity; a ward
    /// that cannot be calibrated is always reported, and participants then
    /// never rise above the start.
    #[test]
    fn the_expected_status_quo_is_stationary_unless_a_ward_is_reported_at_capacity(
        fractions in point_fractions(),
    ) {
        let mut plan = status_quo();
        plan.mode = Mode::Expected;
        plan.runs = 1;
        let chosen = set_point_parameters(&mut plan, &fractions);
        let out = simulate(&plan, 0);
        let reported = out.ward_issues.iter().any(|i| i.any());
        prop_assert!(
            out.ward_issues.iter().all(|i| !i.no_demand && !i.awareness_drifts),
            "unexpected calibration issues {:?} with {:?}", issues(&plan, &out), chosen
        );
        let at_capacity = |w: &sasaeai::sim::PlanWard| {
            let p = plan.parameters.points();
            let sites = w.status_quo_budget.get(BudgetLine::Bases) / plan.unit_costs.base;
            let capacity = (p.get(Param::Caseload) * w.initial.supporters())
                .min(p.get(Param::SiteCapacity) * sites);
            let hazard = 1.0 - p.get(Param::C0).powf(1.0 / 12.0);
            capacity - w.initial.participants < hazard * w.initial.participants - 1e-9
        };
        for (w, i) in plan.wards.iter().zip(&out.ward_issues) {
            prop_assert_eq!(i.at_capacity, at_capacity(w), "{} with {:?}", &w.name, &chosen);
        }
        for m in 0..MONTHS {
            let n = out.month(m, MonthlyOutput::Participants);
            if reported {
                prop_assert!(n <= STATUS_QUO_PARTICIPANTS, "month {m}: {n} with {chosen:?}");
            } else {
                prop_assert_eq!(n, STATUS_QUO_PARTICIPANTS, "month {} with {:?}", m, &chosen);
            }
        }
    }
}

/// Awareness with every awareness line raised to `line·multiplier + extra`
/// is at least the original in every month.
fn check_more_publicity(case: &Case, multiplier: f64, extra: f64) -> Result<(), TestCaseError> {
    let plan = case.plan();
    let mut raised = plan.clone();
    for ward in &mut raised.wards {
        for lines in &mut ward.budget {
            let a = lines.get(BudgetLine::Awareness);
            lines.set(BudgetLine::Awareness, a * multiplier + extra);
        }
    }
    let before = simulate(&plan, case.run);
    let after = simulate(&raised, case.run);
    for m in 0..MONTHS {
        let (a0, a1) = (
            before.month(m, MonthlyOutput::Awareness),
            after.month(m, MonthlyOutput::Awareness),
        );
        // 1e-12 allows rounding in the population-weighted sum only.
        prop_assert!(
            a1 >= a0 - 1e-12,
            "month {m}: awareness {a1} with more publicity, {a0} before"
        );
    }
    Ok(())
}

fn point_fractions() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![Just(0.0), Just(0.5), Just(1.0), 0.0..=1.0f64],
        Param::COUNT,
    )
}

/// Fix every parameter at a value inside its default distribution's support:
/// `min + fraction·(max − min)`. Returns the non-default choices.
fn set_point_parameters(plan: &mut Plan, fractions: &[f64]) -> Vec<(&'static str, f64)> {
    let mut chosen = Vec::new();
    for (p, t) in Param::ALL.iter().zip(fractions) {
        let entry = plan.parameters.entry_mut(*p);
        let (lo, hi) = entry.distribution.support();
        let value = if hi > lo { lo + t * (hi - lo) } else { lo };
        if value != entry.point {
            chosen.push((p.name(), value));
        }
        entry.distribution = Distribution::Fixed { value };
        entry.point = value;
    }
    chosen
}

fn issues(plan: &Plan, out: &RunResult) -> Vec<String> {
    plan.wards
        .iter()
        .zip(&out.ward_issues)
        .filter(|(_, i)| i.any())
        .map(|(w, i)| format!("{}: {i:?}", w.name))
        .collect()
}

/// Ward of the status quo, its index, and a plan with only that ward.
fn one_ward_plan(name: &str) -> Plan {
    let mut plan = status_quo();
    plan.wards.retain(|w| w.name == name);
    assert_eq!(plan.wards.len(), 1, "{name}");
    plan
}

/// The minimal failing case of `more_publicity_never_lowers_awareness`,
/// reduced by hand from what proptest found: one ward (Chiyoda) on the
/// status-quo budget, point parameters (expected mode), a starting awareness
/// of 0.89 (below a_max = 0.90), and the awareness line ×4.5 (as in the
/// built-in `awareness` scenario). The status quo holds awareness at 0.89;
/// with the larger line it goes 0.913, 0.866, 0.961, 0.768, 1.0, 0.689, 1.0,
/// 0.689, … — above a_max, then below the status quo, then flipping between
/// the clamp at 1 and 0.689 every month. (A starting awareness of 0.899 with
/// the line ×1.1 oscillates between 1.0 and 0.17.)
///
/// Regression test for the guard in docs/model.md §4 step 8 (a month whose gain
/// and decay rates sum above 1 ends at the balance level).
#[test]
fn awareness_overshoot_minimal_case() {
    let mut plan = one_ward_plan("Chiyoda");
    plan.mode = Mode::Expected;
    plan.runs = 1;
    plan.wards[0].initial.awareness = 0.89;
    let mut raised = plan.clone();
    for lines in &mut raised.wards[0].budget {
        lines.set(
            BudgetLine::Awareness,
            lines.get(BudgetLine::Awareness) * 4.5,
        );
    }
    let before = simulate(&plan, 0);
    let after = simulate(&raised, 0);
    let first = |r: &RunResult| -> Vec<f64> {
        (0..8)
            .map(|m| r.month(m, MonthlyOutput::Awareness))
            .collect()
    };
    let a_max = plan.parameters.points().get(Param::AMax);
    for m in 0..MONTHS {
        let (x0, x1) = (
            before.month(m, MonthlyOutput::Awareness),
            after.month(m, MonthlyOutput::Awareness),
        );
        assert!(
            x1 >= x0 && x1 <= a_max,
            "month {m}: awareness {x1} with 4.5 times the publicity, {x0} without, a_max {a_max} \
             (first months: {:?} vs {:?})",
            first(&after),
            first(&before)
        );
    }
}

/// Regression test for the default data: with site_capacity at the bottom
/// of its default support pert(80, 90, 110), no ward's status quo is at
/// capacity and the expected status quo stays at exactly 28,400. (With sites
/// apportioned as whole numbers, Arakawa's 8 sites for 644 participants were
/// at capacity below site_capacity ≈ 82.65.)
#[test]
fn no_ward_is_at_capacity_at_the_lowest_site_capacity() {
    let mut plan = status_quo();
    plan.mode = Mode::Expected;
    plan.runs = 1;
    let entry = plan.parameters.entry_mut(Param::SiteCapacity);
    entry.distribution = Distribution::Fixed { value: 80.0 };
    entry.point = 80.0;
    let out = simulate(&plan, 0);
    assert!(issues(&plan, &out).is_empty(), "{:?}", issues(&plan, &out));
    for m in 0..MONTHS {
        assert_eq!(
            out.month(m, MonthlyOutput::Participants),
            STATUS_QUO_PARTICIPANTS,
            "month {m}"
        );
    }
}

/// What the status quo must do with the default parameters: the reference
/// point of the properties above (a sanity check of the harness).
#[test]
fn the_unmodified_status_quo_is_stationary_in_expected_mode() {
    let mut plan = status_quo();
    plan.mode = Mode::Expected;
    plan.runs = 1;
    let identity = Case {
        mode: Mode::Expected,
        seed: 1,
        run: 0,
        factors: vec![[1.0; 7]; WARDS * YEARS],
        start: None,
    };
    assert_eq!(identity.plan(), plan);
    let out = simulate(&plan, 0);
    for m in 0..MONTHS {
        assert_eq!(
            out.month(m, MonthlyOutput::Participants),
            STATUS_QUO_PARTICIPANTS
        );
    }
}

/// Every parameter anywhere in its plausible range (see
/// [`set_parameters_in_ranges`]), with the status quo's training line at
/// the replacement level of the parameters drawn.
fn set_parameters_and_training(plan: &mut Plan, fractions: &[f64]) -> Vec<(&'static str, f64)> {
    let chosen = set_parameters_in_ranges(plan, fractions);
    // A ward's status quo trains at the level that replaces the certified
    // supporters who stop (docs/model.md §2), with these parameters.
    let hazard = 1.0 - values_of(plan, Param::SupContCertified).powf(1.0 / 12.0);
    let seat = plan.unit_costs.seat;
    for ward in &mut plan.wards {
        let line = hazard * ward.initial.certified * 12.0 * seat;
        ward.status_quo_budget.set(BudgetLine::Training, line);
        for lines in &mut ward.budget {
            lines.set(BudgetLine::Training, line);
        }
    }
    chosen
}

/// The point value of one parameter of a plan.
fn values_of(plan: &Plan, p: Param) -> f64 {
    plan.parameters.points().get(p)
}

/// Whether `x` is `start` to 1e-9 relative (docs/model.md §9.6 allows that much
/// for a different order of operations).
fn held(x: f64, start: f64) -> bool {
    (x - start).abs() <= 1e-9 * start.abs().max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// With every parameter anywhere in its plausible range, the expected
    /// status quo holds every ward's participants, untrained and certified
    /// supporters and awareness at their start for the whole horizon, or
    /// calibration reports that ward (at capacity, no demand, awareness or
    /// certified supporters that drift, no recruits); and no figure of any
    /// month is NaN or infinite. The status quo's training line is at the
    /// replacement level of the parameters drawn, as a ward's would be.
    #[test]
    fn the_expected_status_quo_holds_or_names_the_ward_anywhere_in_the_ranges(
        fractions in prop::collection::vec(
            prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64],
            Param::COUNT,
        ),
    ) {
        let mut plan = status_quo();
        plan.mode = Mode::Expected;
        plan.runs = 1;
        let chosen = set_parameters_and_training(&mut plan, &fractions);
        let out = simulate(&plan, 0);
        prop_assert!(
            out.monthly.iter().chain(&out.fiscal).all(|x| x.is_finite()),
            "a figure that is not finite with {:?}", chosen
        );
        for (w, ward) in plan.wards.iter().enumerate() {
            if out.ward_issues[w].any() {
                continue;
            }
            let end = &out.ward_horizon[w];
            let start = &ward.initial;
            for (metric, start) in [
                (TargetMetric::Participants, start.participants),
                (TargetMetric::Untrained, start.untrained),
                (TargetMetric::Certified, start.certified),
                (TargetMetric::Awareness, start.awareness),
            ] {
                let x = end[metric.index()];
                prop_assert!(
                    held(x, start),
                    "{}: {} went from {} to {} without a calibration warning, with {:?}",
                    ward.name, metric.key(), start, x, chosen
                );
            }
        }
    }
}

/// The warnings of the ranges' corners: a ward that calibration reports
/// is named in the run's warnings, with the stock that moves.
#[test]
fn a_ward_reported_by_calibration_is_named_in_the_warnings() {
    let mut plan = status_quo();
    plan.mode = Mode::Expected;
    plan.runs = 1;
    // Certified supporters stop far faster than the status quo's training
    // replaces them.
    let entry = plan.parameters.entry_mut(Param::SupContCertified);
    entry.distribution = Distribution::Fixed { value: 0.2 };
    entry.point = 0.2;
    let out = simulate(&plan, 0);
    assert!(out.ward_issues.iter().all(|i| i.certified_drifts));
    let warnings = sasaeai::scenario::warnings::plan_warnings(&plan);
    let chiyoda = warnings
        .iter()
        .map(|w| w.to_string())
        .find(|w| w.starts_with("Chiyoda:"))
        .expect("Chiyoda is named");
    assert!(
        chiyoda.contains("certified supporters fall by about"),
        "{chiyoda}"
    );
}

/// A ward's own figures drawn from `v` (each in 0–1), mostly plausible:
/// supporters and sites with room for the participants, a training line at
/// replacement (when `v[9] < 0.5`) or within 10 % of it, supervision up to
/// its cost, modest staff, a budget per participant inside the brief's
/// range — and sometimes not (the draws reach the edges of each range).
fn own_ward_text(v: &[f64; 14]) -> String {
    let participants = (50.0 + v[1] * 3_000.0).round();
    let population = (participants * 40.0 * (1.0 + v[0] * 2.0)).round();
    let supporters = (participants / 8.5 * (1.05 + v[2] * 0.6)).ceil();
    let certified = (supporters * (0.3 + v[3] * 0.6)).round();
    let untrained = supporters - certified;
    let bases = (participants / 90.0 * (1.05 + v[4] * 0.6)).ceil();
    let continuation: f64 = 0.5 + v[6] * 0.45;
    let dropouts = participants * (1.0 - continuation.powf(1.0 / 12.0));
    let hazard_certified = 1.0 - 0.893f64.powf(1.0 / 12.0);
    let replacement = hazard_certified * certified * 12.0 * 150_000.0;
    let training = if v[9] < 0.5 {
        replacement
    } else {
        (replacement * (0.9 + (v[9] - 0.5) * 0.4)).round()
    };
    let supervision = (v[10] * 2_500.0 * supporters * 12.0).round();
    let staff = (v[8] * 0.4 * dropouts / 10.0 * 8_500_000.0).round();
    let total = participants * (25_000.0 + v[13] * 50_000.0);
    let publicity = (v[11] * 0.1 * total).round();
    let site_money = bases * 1_030_000.0;
    let grants = (total - (staff + training + supervision + publicity + site_money))
        .max(0.05 * total)
        .round();
    format!(
        r#"schema_version = 2
name = "own"
[run]
mode = "expected"
horizon = 20
[my_ward]
name = "Drawn"
name_ja = "抽出区"
population = {population}
participants = {participants}
untrained = {untrained}
certified = {certified}
bases = {bases}
awareness = {awareness}
continuation = {continuation}
satisfaction = {satisfaction}
[my_ward.status_quo_budget]
staff = {staff}
training = {training}
supervision = {supervision}
awareness = {publicity}
bases = {site_money}
grants = {grants}
"#,
        awareness = 0.2 + v[5] * 0.6,
        satisfaction = 0.6 + v[7] * 0.35,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Own-ward data under model version 2: a ward whose figures pass the
    /// plausibility checks (no check of severity warning) and whose
    /// calibration reports nothing keeps participants, untrained and
    /// certified supporters and awareness at their start for 20 fiscal
    /// years in expected mode; a ward whose stocks move is named by a
    /// warning or a check.
    #[test]
    fn own_ward_data_holds_for_twenty_years_or_is_named(v in prop::array::uniform14(0.0f64..=1.0)) {
        use sasaeai::scenario::notice::Severity;
        let text = own_ward_text(&v);
        let loaded = sasaeai::scenario::resolve::load_text(
            &text,
            sasaeai::scenario::schema::Format::Toml,
            "own",
            &|p| Err(format!("{p}: no files")),
        );
        prop_assert!(loaded.is_ok(), "{:?}\n{}", loaded.err().map(|e| e.to_string()), text);
        let loaded = loaded.unwrap();
        let plan = &loaded.plan;
        prop_assert_eq!(plan.model.version, 2);
        let report = sasaeai::scenario::calibration::calibration_report(&loaded);
        let named_by_check = report.wards[0]
            .checks
            .iter()
            .any(|c| c.severity == Severity::Warning);
        let named_by_warning = loaded
            .warnings
            .iter()
            .chain(&sasaeai::scenario::warnings::plan_warnings(plan))
            .any(|w| w.to_string().starts_with("Drawn:"));
        let out = simulate(plan, 0);
        let end = &out.ward_horizon[0];
        let start = &plan.wards[0].initial;
        // A training line within 1 % of replacement passes the checks, and
        // certified supporters then move by less than the warning's
        // threshold of 0.1 % (at least 0.01 supporters) a year: over 20
        // years at most 2 % of them, and participants (through the
        // trained share) by less. At replacement the stocks hold exactly.
        let exact = v[9] < 0.5;
        let tolerance = |m: TargetMetric, s: f64| -> f64 {
            if exact {
                1e-9 * s.abs().max(1.0)
            } else {
                match m {
                    TargetMetric::Certified | TargetMetric::Untrained => {
                        20.0 * (1e-3 * start.certified).max(0.01) * 1.01
                    }
                    _ => 0.005 * s.abs().max(1.0),
                }
            }
        };
        let moved: Vec<&str> = [
            (TargetMetric::Participants, start.participants),
            (TargetMetric::Untrained, start.untrained),
            (TargetMetric::Certified, start.certified),
            (TargetMetric::Awareness, start.awareness),
        ]
        .into_iter()
        .filter(|(m, s)| (end[m.index()] - s).abs() > tolerance(*m, *s))
        .map(|(m, _)| m.key())
        .collect();
        prop_assert!(
            moved.is_empty() || named_by_check || named_by_warning,
            "{:?} moved without a warning naming the ward:\n{}", moved, text
        );
    }
}

/// The property above is not vacuous: how many of 400 drawn wards pass
/// every check and are held, and how many are named.
#[test]
fn many_drawn_own_wards_pass_every_check() {
    use sasaeai::scenario::notice::Severity;
    let mut clean = 0;
    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;
    for _ in 0..400 {
        let v: [f64; 14] = std::array::from_fn(|_| {
            rng = rng
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (rng >> 11) as f64 / (1u64 << 53) as f64
        });
        let loaded = sasaeai::scenario::resolve::load_text(
            &own_ward_text(&v),
            sasaeai::scenario::schema::Format::Toml,
            "own",
            &|p| Err(format!("{p}: no files")),
        )
        .unwrap();
        let report = sasaeai::scenario::calibration::calibration_report(&loaded);
        let checks = report.wards[0]
            .checks
            .iter()
            .any(|c| c.severity == Severity::Warning);
        let warned = sasaeai::scenario::warnings::plan_warnings(&loaded.plan)
            .iter()
            .any(|w| w.to_string().starts_with("Drawn:"));
        if !checks && !warned {
            clean += 1;
        }
    }
    assert!(
        clean >= 100,
        "only {clean} of 400 drawn wards pass every check"
    );
}
