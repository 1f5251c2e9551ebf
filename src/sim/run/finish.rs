//! The outputs of a run from its sums over wards (docs/model.md §7).

use crate::scenario::plan::TargetMetric;

use super::outputs::{FiscalOutput, MonthlyOutput};
use super::result::RunResult;
use super::simulator::Simulator;

impl Simulator<'_> {
    /// Turn the ward sums into the run's outputs.
    pub(super) fn finish(&self, out: &mut RunResult) {
        let plan = self.plan;
        out.monthly.clear();
        out.monthly
            .resize(plan.months() * MonthlyOutput::COUNT, 0.0);
        out.fiscal.clear();
        out.fiscal
            .resize(plan.fiscal_years * FiscalOutput::COUNT, 0.0);
        out.overrun.clear();
        self.monthly_outputs(out);
        self.fiscal_outputs(out);
        out.horizon = self.horizon_outputs(out);
    }

    /// The monthly outputs, from the month's sums over wards: rates
    /// weighted by participants (or plain means when there are none),
    /// awareness weighted by residents, and spending to date.
    #[inline]
    fn monthly_outputs(&self, out: &mut RunResult) {
        let plan = self.plan;
        let wards = plan.wards.len().max(1) as f64;
        let population: f64 = plan.wards.iter().map(|w| w.population).sum();
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
                t.capacity,
                if t.capacity > 0.0 {
                    t.weight / t.capacity
                } else {
                    1.0
                },
                t.newcomers,
                t.referred,
                t.spending[0],
                t.spending[1],
                t.spending[2],
                t.spending[3],
                t.spending[4],
                t.spending[5],
                t.spending[6],
                t.outcome,
                total,
                cumulative,
            ]);
        }
    }

    /// The FY outputs, from the monthly outputs and the FY's sums over
    /// wards, and whether each FY overran its appropriation.
    #[inline]
    fn fiscal_outputs(&self, out: &mut RunResult) {
        let wards = self.plan.wards.len().max(1) as f64;
        for (y, fy) in out.fy_buf.iter().enumerate() {
            let last = (y + 1) * 12 - 1;
            let mut sums = [0.0; 9];
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
                    MonthlyOutput::SpendingOnline,
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
                sums[8],
            ];
            debug_assert_eq!(row.len(), FiscalOutput::COUNT);
            out.fiscal[y * FiscalOutput::COUNT..(y + 1) * FiscalOutput::COUNT]
                .copy_from_slice(&row);
            out.overrun
                .push(sums[8] > self.appropriation[y] + self.overrun_allowance);
        }
    }

    /// The value of each target metric at the horizon, in
    /// [`TargetMetric::ALL`] order.
    #[inline]
    fn horizon_outputs(&self, out: &RunResult) -> [f64; TargetMetric::ALL.len()] {
        let plan = self.plan;
        let last = plan.months() - 1;
        let end = |o: MonthlyOutput| out.monthly[last * MonthlyOutput::COUNT + o as usize];
        let last_fy = plan.fiscal_years - 1;
        TargetMetric::ALL.map(|metric| match metric {
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
        })
    }
}
