//! Many runs: a range of run indices into one [`Accumulator`], the chunks
//! the CLI's threads share ([`parallel_chunks`], driven per job kind by
//! [`crate::job::threads`]), and shards of a large batch.
//!
//! Run `r` always uses the streams keyed by `r`, and summaries merge exactly,
//! so the result of runs `a..b` is the same bits however the range is cut
//! into batches, threads or shards.

use std::ops::Range;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::run::{FiscalOutput, MonthlyOutput, RunResult, Simulator};
use super::summary::Accumulator;

/// Most runs handed to a thread at a time (also the granularity of
/// progress and cancel); batches too small to give each thread four chunks
/// of this size are cut finer, down to [`MIN_CHUNK_RUNS`].
pub const CHUNK_RUNS: u64 = 256;

/// Fewest runs handed to a thread at a time.
pub const MIN_CHUNK_RUNS: u64 = 16;

/// Most runs whose monthly and fiscal outputs are added to the summaries
/// together (see [`Accumulator::add_series_block`]). Each summary then
/// counts up to this many values while its buckets are in the processor's
/// cache, and fetches each of them from memory once per block of runs.
const SERIES_BLOCK: usize = 256;

/// Bound on the outputs buffered for [`SERIES_BLOCK`] (bytes): 56 runs of
/// a five-year horizon (1,160 figures each), about the size of a core's
/// second-level cache, so that the buffered figures are still there when
/// they are added. (With 2.4 MB, 256 runs, one-ward runs took about a
/// fifth longer: the buffer was read back from memory.)
const SERIES_BLOCK_BYTES: usize = 512 << 10;

/// Add runs `runs` of `sim` to `acc`, one after another. The same result
/// as adding each run with [`Accumulator::add`], faster: the series of
/// [`SERIES_BLOCK`] runs at a time are added summary by summary.
pub fn run_range(
    sim: &Simulator<'_>,
    runs: Range<u64>,
    acc: &mut Accumulator,
    scratch: &mut RunResult,
) {
    run_range_with(sim, runs, acc, scratch, |_, _| {});
}

/// [`run_range`], also handing each run's index and result to `each`
/// (e.g. to keep per-run samples).
pub fn run_range_with(
    sim: &Simulator<'_>,
    runs: Range<u64>,
    acc: &mut Accumulator,
    scratch: &mut RunResult,
    mut each: impl FnMut(u64, &RunResult),
) {
    let mut monthly = std::mem::take(&mut scratch.series_monthly);
    let mut fiscal = std::mem::take(&mut scratch.series_fiscal);
    monthly.clear();
    fiscal.clear();
    let width =
        sim.plan().months() * MonthlyOutput::COUNT + sim.plan().fiscal_years * FiscalOutput::COUNT;
    let block = (SERIES_BLOCK_BYTES / (8 * width.max(1))).clamp(1, SERIES_BLOCK);
    // Runs stepped together share the vector lanes; their results are then
    // taken in run order, so the summaries are the same.
    let group = sim.group_size();
    let mut outs = std::mem::take(&mut scratch.group_buf);
    outs.resize_with(group, RunResult::default);
    let mut pending = 0;
    for indices in groups(runs, group) {
        sim.run_group(&indices, &mut outs);
        for (&r, out) in indices.iter().zip(&outs) {
            each(r, out);
            acc.add_except_series(sim.plan(), out);
            monthly.extend_from_slice(&out.monthly);
            fiscal.extend_from_slice(&out.fiscal);
            pending += 1;
            if pending == block {
                acc.add_series_block(&monthly, &fiscal, pending);
                monthly.clear();
                fiscal.clear();
                pending = 0;
            }
        }
    }
    if pending > 0 {
        acc.add_series_block(&monthly, &fiscal, pending);
        monthly.clear();
        fiscal.clear();
    }
    scratch.series_monthly = monthly;
    scratch.series_fiscal = fiscal;
    scratch.group_buf = outs;
}

/// The run indices of `runs` in consecutive groups of `size` (the last may
/// be shorter), for [`Simulator::run_group`].
pub(crate) fn groups(runs: Range<u64>, size: usize) -> impl Iterator<Item = Vec<u64>> {
    let size = size.max(1) as u64;
    (runs.start..runs.end)
        .step_by(size as usize)
        .map(move |start| (start..runs.end.min(start.saturating_add(size))).collect())
}

/// The run indices of shard `index` (1-based) of `count` shards of `runs`
/// runs: contiguous, disjoint, covering `0..runs`, sizes differing by at most 1.
pub fn shard_range(runs: u64, index: u64, count: u64) -> Range<u64> {
    let start = (u128::from(runs) * u128::from(index - 1) / u128::from(count)) as u64;
    let end = (u128::from(runs) * u128::from(index) / u128::from(count)) as u64;
    start..end
}

/// Split `runs` into chunks of at most [`CHUNK_RUNS`] handed out to `threads`
/// threads; each thread folds its chunks into its own state made by `make`
/// with `work`, and the states are combined with `merge` at the end. Near
/// the end of the batch the chunks shrink (to a quarter of what is left per
/// thread, down to [`MIN_CHUNK_RUNS`]), so that the threads finish together
/// rather than one waiting for another's last full chunk.
#[cfg(not(target_arch = "wasm32"))]
pub fn parallel_chunks<S: Send>(
    runs: Range<u64>,
    threads: usize,
    cancel: &AtomicBool,
    progress: &(dyn Fn(u64) + Sync),
    make: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, Range<u64>) + Sync,
    merge: impl Fn(&mut S, &S),
) -> (S, u64) {
    let threads = threads.max(1);
    let chunk = ((runs.end - runs.start) / (4 * threads as u64)).clamp(MIN_CHUNK_RUNS, CHUNK_RUNS);
    let next = AtomicU64::new(runs.start);
    let done = AtomicU64::new(0);
    let worker = || {
        let mut state = make();
        loop {
            if cancel.load(Ordering::Relaxed) {
                break;
            }
            let mut start = next.load(Ordering::Relaxed);
            let end = loop {
                if start >= runs.end {
                    break start;
                }
                let left = runs.end - start;
                let size = (left / (4 * threads as u64)).clamp(MIN_CHUNK_RUNS, chunk);
                let end = start + size.min(left);
                match next.compare_exchange_weak(start, end, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => break end,
                    Err(now) => start = now,
                }
            };
            if start >= end {
                break;
            }
            work(&mut state, start..end);
            let total = done.fetch_add(end - start, Ordering::Relaxed) + (end - start);
            progress(total);
        }
        state
    };
    let parts: Vec<S> = if threads == 1 {
        vec![worker()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let mut result = make();
    for part in &parts {
        merge(&mut result, part);
    }
    (result, done.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::shard_range;

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn chunks_cover_the_runs_once_and_shrink_at_the_end() {
        use super::{CHUNK_RUNS, MIN_CHUNK_RUNS, parallel_chunks};
        use std::sync::atomic::AtomicBool;
        for (runs, threads) in [
            (10_000u64, 2usize),
            (10_000, 3),
            (1_000, 2),
            (17, 4),
            (0, 2),
            (5, 1),
        ] {
            let (mut chunks, done) = parallel_chunks(
                3..3 + runs,
                threads,
                &AtomicBool::new(false),
                &|_| {},
                Vec::new,
                |seen: &mut Vec<std::ops::Range<u64>>, chunk| seen.push(chunk),
                |all, part| all.extend(part.iter().cloned()),
            );
            assert_eq!(done, runs);
            chunks.sort_by_key(|c| c.start);
            let mut next = 3;
            for c in &chunks {
                assert_eq!(c.start, next, "{runs} runs, {threads} threads: {chunks:?}");
                assert!(c.end > c.start && c.end - c.start <= CHUNK_RUNS);
                next = c.end;
            }
            assert_eq!(next, 3 + runs);
            if runs >= 10_000 {
                let sizes: Vec<u64> = chunks.iter().map(|c| c.end - c.start).collect();
                assert_eq!(sizes[0], CHUNK_RUNS);
                // The last chunks are the smallest allowed (or what is left).
                let last = sizes[sizes.len() - 1];
                assert!(last <= MIN_CHUNK_RUNS, "{sizes:?}");
                assert!(sizes.windows(2).all(|w| w[1] <= w[0]), "{sizes:?}");
            }
        }
    }

    #[test]
    fn shards_cover_the_runs_without_overlap() {
        for (runs, count) in [(10u64, 3u64), (1_000_000, 7), (5, 5), (3, 4)] {
            let mut next = 0;
            for i in 1..=count {
                let r = shard_range(runs, i, count);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, runs);
        }
    }
}
