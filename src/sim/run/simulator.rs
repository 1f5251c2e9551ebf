//! [`Simulator`]: a plan prepared for running, and one run (or a group of
//! runs stepped together) from its parameters to its outputs.

use crate::model::distribution::{Distribution, Sampler};
use crate::model::parameters::{Param, ParameterValues};
use crate::model::special::normal_quantile;
use crate::model::ward::{ExpectedFlows, Programme, WardParams, calibrate};
use crate::scenario::plan::{Mode, Plan, PlanWard};

use super::super::draw::StochasticFlows;
use super::super::lanes::{LaneBackend, Step};
use super::super::stream::{NO_WARD, Purpose, Stream, hash_name, nth, stream_key, unit_open};
use super::result::{FyTotals, MonthTotals, RunResult, WardEnd, WardRun};

/// Spending above the appropriation by more than this many yen counts as an
/// overrun (sums of twelve monthly twelfths differ from the line by
/// rounding only). In stochastic mode the allowance also holds one training
/// seat per ward: training fills whole seats, and a fiscal year can fill one
/// seat more than its line buys when the carried fraction comes due (see
/// `sim::draw`).
pub const OVERRUN_TOLERANCE_YEN: f64 = 1.0;

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
    pub(super) plan: &'p Plan,
    points: ParameterValues,
    uncertain: Vec<Uncertain>,
    varied: Vec<Varied>,
    pub(super) incentive: bool,
    pub(super) withheld_share: f64,
    pub(super) appropriation: Vec<f64>,
    pub(super) overrun_allowance: f64,
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
            return WardParams::from_values(run_values, self.plan.model);
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
        WardParams::from_values(&values, self.plan.model)
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

    /// Calibrate one ward (docs/model.md §5) and set it at its initial state.
    fn start_ward(&self, ward: &PlanWard, params: WardParams) -> WardRun {
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
}
