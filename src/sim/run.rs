//! One Monte Carlo run of a plan: sample the parameters, calibrate every
//! ward (MODEL.md §5), step the months (§4), pay outcome-linked rules at each
//! FY end (§6) and total the outputs over wards (§7).

use crate::model::distribution::{Distribution, Sampler};
use crate::model::outcome::FyFigures;
use crate::model::parameters::{Param, ParameterValues};
use crate::model::special::normal_quantile;
use crate::model::ward::{
    Calibration, CalibrationIssues, ExpectedFlows, FlowSampler, MonthOutcome, Programme,
    WardContext, WardParams, WardState, calibrate, step,
};

use super::draw::StochasticFlows;
use super::lanes::{LaneBackend, Step, StepFn};
use super::stream::{NO_WARD, Purpose, Stream, hash_name, nth, stream_key, unit_open};
use crate::scenario::plan::{Mode, Plan, TargetMetric};

macro_rules! outputs {
    ($(#[$meta:meta])* $name:ident { $($variant:ident $key:literal $doc:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $(#[doc = $doc] $variant),* }

        impl $name {
            /// All outputs in their fixed order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// Number of outputs.
            pub const COUNT: usize = $name::ALL.len();

            /// Key in outputs (`participants`, `spending_staff`, …).
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }

            /// The output with key `key`.
            pub fn from_key(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|o| o.key() == key)
            }
        }
    };
}

outputs! {
    /// A monthly output of MODEL.md §7 (sums over wards; stocks at the end of
    /// the month, flows and rates of the month).
    MonthlyOutput {
        Participants "participants" "Participants at the end of the month.",
        Inflow "inflow" "New participants in the month.",
        Dropouts "dropouts" "Participants who left in the month.",
        Waitlist "waitlist" "Demand that found no place in the month.",
        Untrained "untrained" "Untrained supporters at the end of the month.",
        Certified "certified" "Certified supporters at the end of the month.",
        Awareness "awareness" "Awareness at the end of the month, population-weighted.",
        Continuation "continuation" "Annual continuation rate of the month, weighted by participants at its start.",
        Satisfaction "satisfaction" "Satisfaction of the month, weighted by participants at its start.",
        SpendingStaff "spending_staff" "Spending on staff in the month (yen).",
        SpendingTraining "spending_training" "Spending on training in the month (yen).",
        SpendingSupervision "spending_supervision" "Spending on supervision in the month (yen).",
        SpendingAwareness "spending_awareness" "Spending on publicity in the month (yen).",
        SpendingBases "spending_bases" "Spending on activity sites in the month (yen).",
        SpendingGrants "spending_grants" "Grants paid in the month (yen).",
        SpendingOutcome "spending_outcome" "Outcome-linked payments in the month (yen; paid in an FY's last month).",
        SpendingTotal "spending_total" "All spending in the month (yen).",
        CumulativeSpending "cumulative_spending" "All spending since the start of the horizon (yen).",
    }
}

outputs! {
    /// A fiscal-year output of MODEL.md §7.
    FiscalOutput {
        Participants "participants" "Participants at FY end.",
        NewParticipants "new_participants" "New participants in the FY.",
        Dropouts "dropouts" "Participants who left in the FY.",
        Untrained "untrained" "Untrained supporters at FY end.",
        Certified "certified" "Certified supporters at FY end.",
        Awareness "awareness" "Awareness at FY end, population-weighted.",
        Continuation "continuation" "FY continuation ∏(1 − d), wards weighted by participants at the FY's start.",
        Satisfaction "satisfaction" "Satisfaction in the FY's last month.",
        SpendingStaff "spending_staff" "Spending on staff in the FY (yen).",
        SpendingTraining "spending_training" "Spending on training in the FY (yen).",
        SpendingSupervision "spending_supervision" "Spending on supervision in the FY (yen).",
        SpendingAwareness "spending_awareness" "Spending on publicity in the FY (yen).",
        SpendingBases "spending_bases" "Spending on activity sites in the FY (yen).",
        SpendingGrants "spending_grants" "Grants paid in the FY (yen).",
        OutcomePayments "outcome_payments" "Outcome-linked payments of the FY (yen).",
        SpendingTotal "spending_total" "All spending of the FY (yen).",
    }
}

/// Spending above the appropriation by more than this many yen counts as an
/// overrun (sums of twelve monthly twelfths differ from the line by
/// rounding only). In stochastic mode the allowance also holds one training
/// seat per ward: training fills whole seats, and a fiscal year can fill one
/// seat more than its line buys when the carried fraction comes due (see
/// `sim::draw`).
pub const OVERRUN_TOLERANCE_YEN: f64 = 1.0;

/// Sums over wards for one month of one run.
#[derive(Clone, Copy, Debug, Default)]
struct MonthTotals {
    participants: f64,
    inflow: f64,
    dropouts: f64,
    waitlist: f64,
    untrained: f64,
    certified: f64,
    awareness_residents: f64,
    continuation_weighted: f64,
    satisfaction_weighted: f64,
    continuation_plain: f64,
    satisfaction_plain: f64,
    weight: f64,
    spending: [f64; 6],
    outcome: f64,
}

impl MonthTotals {
    /// The sums in [`LaneTotals`](super::lanes::LaneTotals) order.
    #[inline]
    fn sums(&mut self) -> [&mut f64; super::lanes::TOTALS] {
        let [s0, s1, s2, s3, s4, s5] = &mut self.spending;
        [
            &mut self.participants,
            &mut self.inflow,
            &mut self.dropouts,
            &mut self.waitlist,
            &mut self.untrained,
            &mut self.certified,
            &mut self.awareness_residents,
            &mut self.continuation_weighted,
            &mut self.satisfaction_weighted,
            &mut self.continuation_plain,
            &mut self.satisfaction_plain,
            &mut self.weight,
            s0,
            s1,
            s2,
            s3,
            s4,
            s5,
        ]
    }

    /// Add lanes `lanes` of a block, in ward order within each sum, as
    /// [`record`] adds them one by one.
    #[inline]
    fn add_lanes<const N: usize>(
        &mut self,
        o: &super::lanes::LaneTotals<N>,
        lanes: std::ops::Range<usize>,
    ) {
        let sums = self.sums();
        if lanes == (0..N) {
            for (sum, v) in sums.into_iter().zip(o) {
                let mut total = *sum;
                for x in v {
                    total += x;
                }
                *sum = total;
            }
        } else {
            for (sum, v) in sums.into_iter().zip(o) {
                for x in &v[lanes.clone()] {
                    *sum += x;
                }
            }
        }
    }

    /// Set the sums to lane `lane` of sums over wards taken elsewhere.
    #[inline]
    fn set_lane<const N: usize>(&mut self, o: &super::lanes::LaneTotals<N>, lane: usize) {
        for (sum, v) in self.sums().into_iter().zip(o) {
            *sum = v[lane];
        }
    }
}

/// Sums over wards for one FY of one run.
#[derive(Clone, Copy, Debug, Default)]
struct FyTotals {
    continuation_weighted: f64,
    continuation_plain: f64,
    weight: f64,
}

/// The outputs of one run, reused from run to run.
#[derive(Clone, Debug, Default)]
pub struct RunResult {
    /// Monthly outputs, `months × MonthlyOutput::COUNT`, month-major.
    pub monthly: Vec<f64>,
    /// Fiscal-year outputs, `fiscal_years × FiscalOutput::COUNT`, FY-major.
    pub fiscal: Vec<f64>,
    /// Whether FY spending exceeded its appropriation, per FY.
    pub overrun: Vec<bool>,
    /// Value of each target metric at the horizon, in [`TargetMetric::ALL`] order.
    pub horizon: [f64; TargetMetric::ALL.len()],
    /// Per ward: participants at the end of the horizon.
    pub ward_participants: Vec<f64>,
    /// Per ward: spending over the horizon, outcome payments included (yen).
    pub ward_spending: Vec<f64>,
    /// Per ward: what calibration could not make stationary.
    pub ward_issues: Vec<CalibrationIssues>,
    /// Per ward: the value of each target metric at the horizon, in
    /// [`TargetMetric::ALL`] order (the ward's own figures).
    pub ward_horizon: Vec<[f64; TargetMetric::ALL.len()]>,
    months_buf: Vec<MonthTotals>,
    fy_buf: Vec<FyTotals>,
    wards_buf: Vec<WardRun>,
    flows_buf: Vec<StochasticFlows>,
    /// Monthly outputs of runs waiting to be summarised (`sim::batch`).
    pub(crate) series_monthly: Vec<f64>,
    /// Fiscal outputs of runs waiting to be summarised.
    pub(crate) series_fiscal: Vec<f64>,
    blocks_buf: Vec<super::lanes::Block<4>>,
    wide_blocks_buf: Vec<super::lanes::Block<8>>,
    /// Results of the runs stepped together by `sim::batch`.
    pub(crate) group_buf: Vec<RunResult>,
}

impl RunResult {
    /// Monthly output `o` of month `m`.
    pub fn month(&self, m: usize, o: MonthlyOutput) -> f64 {
        self.monthly[m * MonthlyOutput::COUNT + o as usize]
    }

    /// Fiscal output `o` of FY index `y`.
    pub fn fy(&self, y: usize, o: FiscalOutput) -> f64 {
        self.fiscal[y * FiscalOutput::COUNT + o as usize]
    }

    /// The horizon value of a target metric.
    pub fn horizon_value(&self, metric: TargetMetric) -> f64 {
        self.horizon[TargetMetric::ALL
            .iter()
            .position(|m| *m == metric)
            .unwrap_or(0)]
    }
}

/// A ward's rates at the end of the horizon.
#[derive(Clone, Copy, Debug, Default)]
struct WardEnd {
    /// FY continuation of the last FY.
    continuation: f64,
    /// Satisfaction in the last month.
    satisfaction: f64,
    /// Waitlist in the last month.
    waitlist: f64,
}

/// One ward's part of a run while its months are stepped.
#[derive(Clone, Debug)]
struct WardRun {
    params: WardParams,
    calibration: Calibration,
    programme: Programme,
    /// State at the start of the next month.
    state: WardState,
    /// Spending so far, outcome payments included.
    spent: f64,
    end: WardEnd,
    /// Participants at the start of the current FY.
    fy_start: f64,
    /// ∏(1 − d) over the current FY's months so far.
    fy_survival: f64,
    /// New participants in the current FY so far.
    new_participants: f64,
}

/// Add one ward's month to the month's totals over wards and to the
/// ward's FY figures. `start` is the ward's participants at the start of
/// the month; its state is already that at the end.
#[inline]
fn record(t: &mut MonthTotals, w: &mut WardRun, population: f64, start: f64, o: &MonthOutcome) {
    let state = &w.state;
    w.fy_survival *= 1.0 - o.hazard;
    w.new_participants += o.inflow;
    w.end.satisfaction = o.satisfaction;
    w.end.waitlist = o.waitlist;
    t.participants += state.participants;
    t.inflow += o.inflow;
    t.dropouts += o.dropouts;
    t.waitlist += o.waitlist;
    t.untrained += state.untrained;
    t.certified += state.certified;
    t.awareness_residents += state.awareness * population;
    t.continuation_weighted += start * o.continuation;
    t.satisfaction_weighted += start * o.satisfaction;
    t.continuation_plain += o.continuation;
    t.satisfaction_plain += o.satisfaction;
    t.weight += start;
    for (acc, s) in t.spending.iter_mut().zip(o.spending.0) {
        *acc += s;
        w.spent += s;
    }
}

/// A sampled parameter.
#[derive(Clone, Debug)]
struct Uncertain {
    param: Param,
    sampler: Sampler,
    name_hash: u64,
}

/// A parameter with per-ward variation.
#[derive(Clone, Debug)]
struct Varied {
    param: Param,
    log_sd: f64,
    name_hash: u64,
}

/// Runs a plan one run at a time. Cheap to share between threads.
#[derive(Clone, Debug)]
pub struct Simulator<'p> {
    plan: &'p Plan,
    points: ParameterValues,
    uncertain: Vec<Uncertain>,
    varied: Vec<Varied>,
    incentive: bool,
    withheld_share: f64,
    appropriation: Vec<f64>,
    overrun_allowance: f64,
    /// The backend stepping stochastic months a block of wards at a time, or
    /// `None` for one ward at a time.
    lanes: Option<LaneBackend>,
}

impl<'p> Simulator<'p> {
    /// Prepare a plan for running.
    pub fn new(plan: &'p Plan) -> Self {
        let stochastic = plan.mode == Mode::Stochastic;
        let mut uncertain = Vec::new();
        let mut varied = Vec::new();
        for (param, entry) in Param::ALL.iter().zip(&plan.parameters.entries) {
            if stochastic && !matches!(entry.distribution, Distribution::Fixed { .. }) {
                uncertain.push(Uncertain {
                    param: *param,
                    sampler: entry.distribution.sampler(),
                    name_hash: hash_name(param.name()),
                });
            }
            if stochastic && entry.ward_variation > 0.0 {
                varied.push(Varied {
                    param: *param,
                    log_sd: entry.ward_variation,
                    name_hash: hash_name(param.name()),
                });
            }
        }
        Simulator {
            plan,
            points: plan.parameters.points(),
            uncertain,
            varied,
            incentive: !plan.outcome_rules.is_empty(),
            withheld_share: plan.withheld_share(),
            overrun_allowance: OVERRUN_TOLERANCE_YEN
                + if stochastic {
                    plan.wards.len() as f64 * plan.unit_costs.seat
                } else {
                    0.0
                },
            appropriation: (0..plan.fiscal_years)
                .map(|y| plan.appropriation(y))
                .collect(),
            lanes: LaneBackend::default_choice(),
        }
    }

    /// Step stochastic months one ward at a time instead of a block at a time
    /// in vector lanes (the two give the same bits; for tests and
    /// measurement).
    pub fn without_lanes(mut self) -> Self {
        self.lanes = None;
        self
    }

    /// Step stochastic months a block of wards at a time with `backend`, or
    /// with the widest backend the processor runs where it cannot run
    /// `backend` ([`LaneBackend::or_available`]; all give the same bits; for
    /// tests and measurement).
    pub fn with_lane_backend(mut self, backend: LaneBackend) -> Self {
        self.lanes = Some(backend.or_available());
        self
    }

    /// Whether stochastic months are stepped a block of wards at a time.
    pub fn uses_lanes(&self) -> bool {
        self.lanes.is_some()
    }

    /// The backend stepping stochastic months a block of wards at a time, if any.
    pub fn lane_backend(&self) -> Option<LaneBackend> {
        self.lanes
    }

    /// The plan being run.
    pub fn plan(&self) -> &'p Plan {
        self.plan
    }

    /// The appropriation of each FY (yen).
    pub fn appropriation(&self) -> &[f64] {
        &self.appropriation
    }

    /// Parameter values of run `run` (point values in expected mode).
    pub fn run_parameters(&self, run: u64) -> ParameterValues {
        let mut values = self.points.clone();
        for u in &self.uncertain {
            let mut rng = Stream::new(stream_key(
                self.plan.seed,
                run,
                NO_WARD,
                Purpose::Parameter(u.name_hash),
            ));
            values.set(u.param, u.sampler.sample(&mut rng));
        }
        values
    }

    /// Parameters of one ward in a run: the run's values with the optional
    /// per-ward multiplicative lognormal variation (mean 1), kept inside
    /// each parameter's allowed range.
    fn ward_parameters(&self, run: u64, ward_key: u64, run_values: &ParameterValues) -> WardParams {
        if self.varied.is_empty() {
            return WardParams::from_values(run_values);
        }
        let mut values = run_values.clone();
        for v in &self.varied {
            let key = stream_key(
                self.plan.seed,
                run,
                ward_key,
                Purpose::WardVariation(v.name_hash),
            );
            let z = normal_quantile(unit_open(nth(key, 0)));
            let factor = libm::exp(v.log_sd * z - 0.5 * v.log_sd * v.log_sd);
            let x = v.param.spec().range.clamp(values.get(v.param) * factor);
            values.set(v.param, x);
        }
        WardParams::from_values(&values)
    }

    /// How many runs [`run_group`](Self::run_group) steps together: in
    /// stochastic mode with vector lanes, as many as the backend has lanes
    /// (eight or four), so that each block holds one ward of every run of
    /// the group; one otherwise.
    pub fn group_size(&self) -> usize {
        match self.lanes {
            Some(backend) if self.plan.mode == Mode::Stochastic => backend.lanes(),
            _ => 1,
        }
    }

    /// Simulate run `run` into `out`.
    ///
    /// The wards are stepped side by side, month by month: a ward's months
    /// form one long chain of dependent arithmetic, while different wards
    /// are independent, so the processor overlaps the months of several
    /// wards. Every sum over wards is still taken in ward order and every
    /// sum over months in month order, so the results are the same bits as
    /// stepping one ward at a time.
    pub fn run(&self, run: u64, out: &mut RunResult) {
        self.run_group(std::slice::from_ref(&run), std::slice::from_mut(out));
    }

    /// Simulate runs `runs[g]` into `outs[g]` (the shorter of the two
    /// slices counts): the same bits as [`run`](Self::run) for each. In
    /// stochastic mode with vector lanes the wards of all the runs share
    /// the lanes, so that a plan with fewer wards than lanes (a ward's own
    /// scenario) leaves none idle; [`group_size`](Self::group_size) runs
    /// fill whole blocks, one ward of every run in each, and take their
    /// sums over wards together.
    pub fn run_group(&self, runs: &[u64], outs: &mut [RunResult]) {
        let plan = self.plan;
        let n = runs.len().min(outs.len());
        let (runs, outs) = (&runs[..n], &mut outs[..n]);
        let Some(first) = outs.first_mut() else {
            return;
        };
        let mut wards = std::mem::take(&mut first.wards_buf);
        let mut flows = std::mem::take(&mut first.flows_buf);
        let mut blocks = std::mem::take(&mut first.blocks_buf);
        let mut wide_blocks = std::mem::take(&mut first.wide_blocks_buf);
        wards.clear();
        for (&run, out) in runs.iter().zip(outs.iter_mut()) {
            let months = plan.months();
            out.months_buf.clear();
            out.months_buf.resize(months, MonthTotals::default());
            out.fy_buf.clear();
            out.fy_buf.resize(plan.fiscal_years, FyTotals::default());
            let run_values = self.run_parameters(run);
            wards.extend(plan.wards.iter().map(|ward| {
                self.start_ward(ward, self.ward_parameters(run, ward.key, &run_values))
            }));
        }
        let nw = plan.wards.len();
        match plan.mode {
            Mode::Expected => {
                for (g, out) in outs.iter_mut().enumerate() {
                    let mut flows = vec![ExpectedFlows; nw];
                    self.step_wards(&mut wards[g * nw..(g + 1) * nw], &mut flows, out, |_, _| {});
                }
            }
            Mode::Stochastic => {
                flows.clear();
                for &run in runs {
                    flows.extend(
                        plan.wards
                            .iter()
                            .map(|ward| StochasticFlows::new(plan.seed, run, ward.key)),
                    );
                }
                if let Some(backend) = self.lanes {
                    match backend.kernel().step() {
                        Step::Four(step) => {
                            self.step_wards_lanes(step, &mut wards, &flows, outs, &mut blocks);
                        }
                        Step::Eight(step) => {
                            self.step_wards_lanes(step, &mut wards, &flows, outs, &mut wide_blocks);
                        }
                    }
                } else {
                    for (g, out) in outs.iter_mut().enumerate() {
                        let r = g * nw..(g + 1) * nw;
                        self.step_wards(
                            &mut wards[r.clone()],
                            &mut flows[r],
                            out,
                            StochasticFlows::set_month,
                        );
                    }
                }
            }
        }
        for (g, out) in outs.iter_mut().enumerate() {
            self.end_run(&wards[g * nw..(g + 1) * nw], out);
        }
        let first = &mut outs[0];
        first.wards_buf = wards;
        first.flows_buf = flows;
        first.blocks_buf = blocks;
        first.wide_blocks_buf = wide_blocks;
    }

    /// The run's per-ward figures and its outputs, from its wards at the
    /// end of the horizon.
    fn end_run(&self, wards: &[WardRun], out: &mut RunResult) {
        out.ward_participants.clear();
        out.ward_spending.clear();
        out.ward_issues.clear();
        out.ward_horizon.clear();
        for w in wards {
            let end = &w.state;
            out.ward_participants.push(end.participants);
            out.ward_spending.push(w.spent);
            out.ward_issues.push(w.calibration.issues);
            // In TargetMetric::ALL order.
            out.ward_horizon.push([
                end.participants,
                w.end.continuation,
                w.end.satisfaction,
                end.awareness,
                end.certified,
                end.untrained,
                end.untrained + end.certified,
                w.end.waitlist,
                w.spent,
            ]);
        }
        self.finish(out);
    }

    /// Calibrate one ward (MODEL.md §5) and set it at its initial state.
    fn start_ward(&self, ward: &super::plan::PlanWard, params: WardParams) -> WardRun {
        let costs = &self.plan.unit_costs;
        let status_quo =
            Programme::new(ward.status_quo_budget, &params, costs, ward.population, 0.0);
        let calibration = calibrate(&params, &status_quo, costs, ward.population, &ward.initial);
        // The programme starts from the status quo's lines, with the
        // withheld share; start_fy moves it to each FY's lines, recomputing
        // the powers and exponentials only of the lines that change.
        let programme = status_quo.for_lines(
            ward.status_quo_budget,
            &params,
            costs,
            ward.population,
            self.withheld_share,
        );
        WardRun {
            params,
            calibration,
            programme,
            state: ward.initial,
            spent: 0.0,
            end: WardEnd::default(),
            fy_start: 0.0,
            fy_survival: 1.0,
            new_participants: 0.0,
        }
    }

    /// Step every ward through the horizon, adding their figures to the
    /// run's monthly and FY totals.
    fn step_wards<S: FlowSampler>(
        &self,
        wards: &mut [WardRun],
        samplers: &mut [S],
        out: &mut RunResult,
        set_month: impl Fn(&mut S, usize),
    ) {
        let plan = self.plan;
        let costs = &plan.unit_costs;
        for y in 0..plan.fiscal_years {
            self.start_fy(y, wards);
            for m in y * 12..(y + 1) * 12 {
                let t = &mut out.months_buf[m];
                for ((w, ward), sampler) in wards.iter_mut().zip(&plan.wards).zip(&mut *samplers) {
                    set_month(sampler, m);
                    let ctx = WardContext {
                        params: &w.params,
                        calibration: &w.calibration,
                        costs,
                        population: ward.population,
                    };
                    let start = w.state.participants;
                    let o = step(&ctx, &w.programme, self.incentive, &mut w.state, sampler);
                    record(t, w, ward.population, start, &o);
                }
            }
            self.end_fy(y, wards, out);
        }
    }

    /// [`step_wards`](Self::step_wards) in stochastic mode for the runs of
    /// `outs`, `LANES` wards at a time in vector lanes (see
    /// [`super::lanes`]): the same bits. `wards` and `flows` hold the wards
    /// of each run in turn.
    ///
    /// With `LANES` runs, block w holds ward w of every run, lane g that of
    /// run g: each month's sums over wards are then taken for all the runs
    /// at once, lane by lane, block after block, which is ward order.
    /// Otherwise the wards fill the blocks in turn (run after run, the last
    /// block part-filled), a block may hold wards of two runs, and its lanes
    /// are added to each run's sums in order.
    fn step_wards_lanes<const LANES: usize>(
        &self,
        step: StepFn<LANES>,
        wards: &mut [WardRun],
        flows: &[StochasticFlows],
        outs: &mut [RunResult],
        blocks: &mut Vec<super::lanes::Block<LANES>>,
    ) {
        use super::lanes::{LaneTotals, TOTALS, Tables};
        let plan = self.plan;
        let costs = &plan.unit_costs;
        let tables = Tables::get();
        let per_run = plan.wards.len().max(1);
        let slots = wards.len();
        let by_ward = outs.len() == LANES && slots == LANES * per_run;
        // The block and lane of the ward in slot i.
        let place = |i: usize| {
            if by_ward {
                (i % per_run, i / per_run)
            } else {
                (i / LANES, i % LANES)
            }
        };
        blocks.clear();
        blocks.resize(slots.div_ceil(LANES), Default::default());
        for (i, (w, f)) in wards.iter().zip(flows).enumerate() {
            let (b, l) = place(i);
            let population = plan.wards[i % per_run].population;
            blocks[b].set_ward(l, &w.params, &w.calibration, population);
            blocks[b].set_state(l, &w.state, f.seat_credit(), f.flow_keys());
        }
        // The lanes of each run within each block: (block, run, lanes).
        let mut parts = Vec::new();
        if !by_ward {
            for b in 0..blocks.len() {
                let end = ((b + 1) * LANES).min(slots);
                let mut i = b * LANES;
                while i < end {
                    let g = i / per_run;
                    let to = ((g + 1) * per_run).min(end);
                    parts.push((b, g, i - b * LANES..to - b * LANES));
                    i = to;
                }
            }
        }
        for y in 0..plan.fiscal_years {
            for w in wards.chunks_mut(per_run) {
                self.start_fy(y, w);
            }
            for (i, w) in wards.iter().enumerate() {
                let (b, l) = place(i);
                let block = &mut blocks[b];
                block.set_programme(l, &w.programme);
                block.spent[l] = w.spent;
                block.fy_survival[l] = w.fy_survival;
                block.new_participants[l] = w.new_participants;
            }
            // The spare lanes of the last block step a copy of its first
            // ward, set once: their results are never read, and their
            // programme need not follow the FYs.
            if y == 0 && !by_ward {
                let used = slots - blocks.len().saturating_sub(1) * LANES;
                if let Some(last) = blocks.last_mut() {
                    last.fill_spare(used);
                }
            }
            for m in y * 12..(y + 1) * 12 {
                if by_ward {
                    let mut sums: LaneTotals<LANES> = [[0.0; LANES]; TOTALS];
                    for block in blocks.iter_mut() {
                        step(block, m as u64, self.incentive, costs, &tables, &mut sums);
                    }
                    for (g, out) in outs.iter_mut().enumerate() {
                        out.months_buf[m].set_lane(&sums, g);
                    }
                    continue;
                }
                let mut next = 0;
                for (b, block) in blocks.iter_mut().enumerate() {
                    // 0 + x is x (or +0 for −0, which adds the same to a
                    // sum that starts at +0).
                    let mut o = [[0.0; LANES]; TOTALS];
                    step(block, m as u64, self.incentive, costs, &tables, &mut o);
                    while let Some((pb, g, lanes)) = parts.get(next).cloned() {
                        if pb != b {
                            break;
                        }
                        outs[g].months_buf[m].add_lanes(&o, lanes);
                        next += 1;
                    }
                }
            }
            for (i, w) in wards.iter_mut().enumerate() {
                let (b, l) = place(i);
                let block = &blocks[b];
                w.state = block.state(l);
                w.spent = block.spent[l];
                w.fy_survival = block.fy_survival[l];
                w.new_participants = block.new_participants[l];
                w.end.satisfaction = block.satisfaction[l];
                w.end.waitlist = block.waitlist[l];
            }
            for (w, out) in wards.chunks_mut(per_run).zip(outs.iter_mut()) {
                self.end_fy(y, w, out);
            }
        }
    }

    /// Refresh each ward's programme for FY `y` and open its FY figures.
    fn start_fy(&self, y: usize, wards: &mut [WardRun]) {
        let plan = self.plan;
        for (w, ward) in wards.iter_mut().zip(&plan.wards) {
            let lines = &ward.budget[y];
            let changed = lines
                .0
                .iter()
                .zip(&w.programme.lines.0)
                .any(|(a, b)| a.to_bits() != b.to_bits());
            if changed {
                w.programme = w.programme.for_lines(
                    *lines,
                    &w.params,
                    &plan.unit_costs,
                    ward.population,
                    self.withheld_share,
                );
            }
            w.fy_start = w.state.participants;
            w.fy_survival = 1.0;
            w.new_participants = 0.0;
        }
    }

    /// Close FY `y`: FY continuation and outcome-linked payments (§6).
    fn end_fy(&self, y: usize, wards: &mut [WardRun], out: &mut RunResult) {
        let plan = self.plan;
        let fy = &mut out.fy_buf[y];
        let last_month = (y + 1) * 12 - 1;
        for (w, ward) in wards.iter_mut().zip(&plan.wards) {
            w.end.continuation = w.fy_survival;
            fy.continuation_weighted += w.fy_start * w.fy_survival;
            fy.continuation_plain += w.fy_survival;
            fy.weight += w.fy_start;
            if !plan.outcome_rules.is_empty() {
                let figures = FyFigures {
                    participants: w.state.participants,
                    new_participants: w.new_participants,
                    continuation: w.fy_survival,
                    certified: w.state.certified,
                    awareness: w.state.awareness,
                    satisfaction: w.end.satisfaction,
                };
                use crate::model::BudgetLine;
                let grants_line = ward.budget[y].get(BudgetLine::Grants);
                let paid: f64 = plan
                    .outcome_rules
                    .iter()
                    .map(|r| r.payment(&figures, grants_line))
                    .sum();
                out.months_buf[last_month].outcome += paid;
                w.spent += paid;
            }
        }
    }

    /// Turn the ward sums into the run's outputs.
    fn finish(&self, out: &mut RunResult) {
        let plan = self.plan;
        let months = plan.months();
        let wards = plan.wards.len().max(1) as f64;
        let population: f64 = plan.wards.iter().map(|w| w.population).sum();
        out.monthly.clear();
        out.monthly.resize(months * MonthlyOutput::COUNT, 0.0);
        out.fiscal.clear();
        out.fiscal
            .resize(plan.fiscal_years * FiscalOutput::COUNT, 0.0);
        out.overrun.clear();

        let mut cumulative = 0.0;
        for (m, t) in out.months_buf.iter().enumerate() {
            let (continuation, satisfaction) = if t.weight > 0.0 {
                (
                    t.continuation_weighted / t.weight,
                    t.satisfaction_weighted / t.weight,
                )
            } else {
                (t.continuation_plain / wards, t.satisfaction_plain / wards)
            };
            let lines: f64 = t.spending.iter().sum();
            let total = lines + t.outcome;
            cumulative += total;
            let awareness = if population > 0.0 {
                t.awareness_residents / population
            } else {
                0.0
            };
            let row = &mut out.monthly[m * MonthlyOutput::COUNT..(m + 1) * MonthlyOutput::COUNT];
            row.copy_from_slice(&[
                t.participants,
                t.inflow,
                t.dropouts,
                t.waitlist,
                t.untrained,
                t.certified,
                awareness,
                continuation,
                satisfaction,
                t.spending[0],
                t.spending[1],
                t.spending[2],
                t.spending[3],
                t.spending[4],
                t.spending[5],
                t.outcome,
                total,
                cumulative,
            ]);
        }

        for (y, fy) in out.fy_buf.iter().enumerate() {
            let last = (y + 1) * 12 - 1;
            let mut sums = [0.0; 8];
            let mut new_participants = 0.0;
            let mut dropouts = 0.0;
            for m in y * 12..=last {
                let row = &out.monthly[m * MonthlyOutput::COUNT..];
                new_participants += row[MonthlyOutput::Inflow as usize];
                dropouts += row[MonthlyOutput::Dropouts as usize];
                for (k, o) in [
                    MonthlyOutput::SpendingStaff,
                    MonthlyOutput::SpendingTraining,
                    MonthlyOutput::SpendingSupervision,
                    MonthlyOutput::SpendingAwareness,
                    MonthlyOutput::SpendingBases,
                    MonthlyOutput::SpendingGrants,
                    MonthlyOutput::SpendingOutcome,
                    MonthlyOutput::SpendingTotal,
                ]
                .into_iter()
                .enumerate()
                {
                    sums[k] += row[o as usize];
                }
            }
            let continuation = if fy.weight > 0.0 {
                fy.continuation_weighted / fy.weight
            } else {
                fy.continuation_plain / wards
            };
            let end = &out.monthly[last * MonthlyOutput::COUNT..(last + 1) * MonthlyOutput::COUNT];
            let row = [
                end[MonthlyOutput::Participants as usize],
                new_participants,
                dropouts,
                end[MonthlyOutput::Untrained as usize],
                end[MonthlyOutput::Certified as usize],
                end[MonthlyOutput::Awareness as usize],
                continuation,
                end[MonthlyOutput::Satisfaction as usize],
                sums[0],
                sums[1],
                sums[2],
                sums[3],
                sums[4],
                sums[5],
                sums[6],
                sums[7],
            ];
            debug_assert_eq!(row.len(), FiscalOutput::COUNT);
            out.fiscal[y * FiscalOutput::COUNT..(y + 1) * FiscalOutput::COUNT]
                .copy_from_slice(&row);
            out.overrun
                .push(sums[7] > self.appropriation[y] + self.overrun_allowance);
        }

        let last = months - 1;
        let end = |o: MonthlyOutput| out.monthly[last * MonthlyOutput::COUNT + o as usize];
        let last_fy = plan.fiscal_years - 1;
        let horizon = TargetMetric::ALL.map(|metric| match metric {
            TargetMetric::Participants => end(MonthlyOutput::Participants),
            TargetMetric::Continuation => {
                out.fiscal[last_fy * FiscalOutput::COUNT + FiscalOutput::Continuation as usize]
            }
            TargetMetric::Satisfaction => end(MonthlyOutput::Satisfaction),
            TargetMetric::Awareness => end(MonthlyOutput::Awareness),
            TargetMetric::Certified => end(MonthlyOutput::Certified),
            TargetMetric::Untrained => end(MonthlyOutput::Untrained),
            TargetMetric::Supporters => {
                end(MonthlyOutput::Untrained) + end(MonthlyOutput::Certified)
            }
            TargetMetric::Waitlist => end(MonthlyOutput::Waitlist),
            TargetMetric::TotalSpending => end(MonthlyOutput::CumulativeSpending),
        });
        out.horizon = horizon;
    }
}
