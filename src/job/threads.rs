//! A job on the CLI's threads: its runs cut into chunks handed out to the
//! threads ([`crate::sim::batch::parallel_chunks`]), each thread's job
//! going on from chunk to chunk, and the threads' partial results merged
//! in thread order — the same bits as one thread doing every run.

use std::ops::Range;
use std::sync::atomic::AtomicBool;

use super::Job;
use crate::sim::batch::parallel_chunks;
use crate::text::Text;

/// Do runs `runs` of a job made by `make` (once per thread, with no runs
/// of its own yet) on `threads` threads; `progress` hears the runs done so
/// far, and raising `cancel` stops between chunks. Returns the merged
/// result and the runs done.
pub fn run_job<J: Job + Send>(
    make: impl Fn() -> J + Sync,
    runs: Range<u64>,
    threads: usize,
    cancel: &AtomicBool,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(J::Partial, u64), Text>
where
    J::Partial: Send,
{
    let (result, done) = parallel_chunks(
        runs,
        if J::SPLITS { threads } else { 1 },
        cancel,
        progress,
        || Slot::<J> {
            job: None,
            error: None,
            merged: None,
        },
        |slot, chunk| {
            if slot.error.is_some() {
                return;
            }
            let job = slot.job.get_or_insert_with(&make);
            job.extend(chunk);
            while !job.finished() {
                if let Err(e) = job.advance(u64::MAX) {
                    slot.error = Some(e);
                    return;
                }
            }
        },
        |result, part| {
            if let Some(e) = &part.error {
                result.error.get_or_insert_with(|| e.clone());
            }
            if let Some(job) = &part.job {
                let merged = result.merged.get_or_insert_with(|| make().partial(true));
                if let Err(e) = J::merge(merged, &job.partial(true)) {
                    result.error.get_or_insert(e);
                }
            }
        },
    );
    if let Some(e) = result.error {
        return Err(e);
    }
    let partial = result.merged.unwrap_or_else(|| make().partial(true));
    Ok((partial, done))
}

/// What one thread holds: its job, the first error it met, and (in the
/// result) the merged partial results.
struct Slot<J: Job> {
    job: Option<J>,
    error: Option<Text>,
    merged: Option<J::Partial>,
}
