//! What a run adds up: the sums over wards of each month and FY, each
//! ward's part while its months are stepped, and the outputs
//! ([`RunResult`]).

use crate::model::LINE_COUNT;
use crate::model::ward::{
    Calibration, CalibrationIssues, MonthOutcome, Programme, WardParams, WardState,
};
use crate::scenario::plan::TargetMetric;

use super::super::draw::StochasticFlows;
use super::super::lanes::{Block, LaneTotals, TOTALS};
use super::outputs::{FiscalOutput, MonthlyOutput};

/// Sums over wards for one month of one run.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct MonthTotals {
    pub(super) participants: f64,
    pub(super) inflow: f64,
    pub(super) dropouts: f64,
    pub(super) waitlist: f64,
    pub(super) untrained: f64,
    pub(super) certified: f64,
    pub(super) awareness_residents: f64,
    pub(super) continuation_weighted: f64,
    pub(super) satisfaction_weighted: f64,
    pub(super) continuation_plain: f64,
    pub(super) satisfaction_plain: f64,
    pub(super) weight: f64,
    pub(super) spending: [f64; LINE_COUNT],
    pub(super) outcome: f64,
    pub(super) capacity: f64,
    pub(super) newcomers: f64,
    pub(super) referred: f64,
}

impl MonthTotals {
    /// The sums in [`LaneTotals`](LaneTotals) order.
    #[inline]
    fn sums(&mut self) -> [&mut f64; TOTALS] {
        let [s0, s1, s2, s3, s4, s5, s6] = &mut self.spending;
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
            s6,
            &mut self.capacity,
            &mut self.newcomers,
            &mut self.referred,
        ]
    }

    /// Add lanes `lanes` of a block, in ward order within each sum, as
    /// [`record`] adds them one by one.
    #[inline]
    pub(super) fn add_lanes<const N: usize>(
        &mut self,
        o: &LaneTotals<N>,
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
    pub(super) fn set_lane<const N: usize>(&mut self, o: &LaneTotals<N>, lane: usize) {
        for (sum, v) in self.sums().into_iter().zip(o) {
            *sum = v[lane];
        }
    }
}

/// Sums over wards for one FY of one run.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct FyTotals {
    pub(super) continuation_weighted: f64,
    pub(super) continuation_plain: f64,
    pub(super) weight: f64,
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
    pub(super) months_buf: Vec<MonthTotals>,
    pub(super) fy_buf: Vec<FyTotals>,
    pub(super) wards_buf: Vec<WardRun>,
    pub(super) flows_buf: Vec<StochasticFlows>,
    /// Monthly outputs of runs waiting to be summarised (`sim::batch`).
    pub(crate) series_monthly: Vec<f64>,
    /// Fiscal outputs of runs waiting to be summarised.
    pub(crate) series_fiscal: Vec<f64>,
    pub(super) blocks_buf: Vec<Block<4>>,
    pub(super) wide_blocks_buf: Vec<Block<8>>,
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
pub(super) struct WardEnd {
    /// FY continuation of the last FY.
    pub(super) continuation: f64,
    /// Satisfaction in the last month.
    pub(super) satisfaction: f64,
    /// Waitlist in the last month.
    pub(super) waitlist: f64,
}

/// One ward's part of a run while its months are stepped.
#[derive(Clone, Debug)]
pub(super) struct WardRun {
    pub(super) params: WardParams,
    pub(super) calibration: Calibration,
    pub(super) programme: Programme,
    /// State at the start of the next month.
    pub(super) state: WardState,
    /// Spending so far, outcome payments included.
    pub(super) spent: f64,
    pub(super) end: WardEnd,
    /// Participants at the start of the current FY.
    pub(super) fy_start: f64,
    /// ∏(1 − d) over the current FY's months so far.
    pub(super) fy_survival: f64,
    /// New participants in the current FY so far.
    pub(super) new_participants: f64,
}

/// Add one ward's month to the month's totals over wards and to the
/// ward's FY figures. `start` is the ward's participants at the start of
/// the month; its state is already that at the end.
#[inline]
pub(super) fn record(
    t: &mut MonthTotals,
    w: &mut WardRun,
    population: f64,
    start: f64,
    o: &MonthOutcome,
) {
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
    t.capacity += o.capacity;
    t.newcomers += o.newcomers;
    t.referred += o.referred;
    for (acc, s) in t.spending.iter_mut().zip(o.spending.0) {
        *acc += s;
        w.spent += s;
    }
}
