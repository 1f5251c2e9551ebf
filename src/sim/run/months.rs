//! Stepping the months of a run: every ward one at a time, or blocks of
//! wards in vector lanes (the same bits), with each fiscal year opened and
//! closed (outcome-linked payments, docs/model.md §6).

use crate::model::BudgetLine;
use crate::model::outcome::FyFigures;
use crate::model::ward::{FlowSampler, WardContext, step};

use super::super::draw::StochasticFlows;
use super::super::lanes::{Block, LaneTotals, StepFn, TOTALS, Tables};
use super::result::{RunResult, WardRun, record};
use super::simulator::Simulator;

impl Simulator<'_> {
    /// Step every ward through the horizon, adding their figures to the
    /// run's monthly and FY totals.
    pub(super) fn step_wards<S: FlowSampler>(
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
    pub(super) fn step_wards_lanes<const LANES: usize>(
        &self,
        step: StepFn<LANES>,
        wards: &mut [WardRun],
        flows: &[StochasticFlows],
        outs: &mut [RunResult],
        blocks: &mut Vec<Block<LANES>>,
    ) {
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
}
