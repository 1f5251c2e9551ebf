//! Shard files: a batch split over processes or machines (`sasaeai run
//! --shard I/N`) and merged back into the report of the whole batch
//! (`sasaeai merge`).
//!
//! A [`ShardFile`] holds the scenario as run (its ward data written inline),
//! how the scenario named its ward data, the hash of the scenario as run,
//! the shard's number and run range, and the [`Accumulator`] of its runs.
//!
//! [`Merger`] reads shard files one at a time and trusts nothing in them.
//! A file is refused, with the field, the value found and what was
//! expected ([`ShardError`]), when:
//!
//! - it is larger than [`MAX_SHARD_FILE_BYTES`], not UTF-8, not a JSON
//!   object, nested deeper than JSON readers allow (128 levels), or names a
//!   field twice;
//! - `kind` is not [`SHARD_KIND`] or `model_version` is not this model's;
//! - a number that must be whole is written with a fraction or an exponent,
//!   or is negative;
//! - its scenario does not validate, or is larger than a scenario file may
//!   be ([`MAX_FILE_BYTES`]);
//! - `scenario_hash` is not the hash of the scenario as run, recomputed from
//!   the file: the scenario with its ward data named again as `wards_named`
//!   says (see [`ShardFile::wards_named`] for what this can and cannot
//!   show);
//! - `shards` is not from 1 to the batch's runs, or makes shards larger than
//!   one process runs ([`MAX_RUNS`]); `shard` is not from 1 to `shards`;
//! - `runs` is not the range of its shard ([`shard_range`]), so that no two
//!   shards can overlap or leave a gap;
//! - it belongs to another scenario, settings or number of shards than the
//!   first file, or repeats a shard number;
//! - its summaries do not fit the plan: `runs` other than the length of its
//!   range, another horizon, an array of another length than the plan's
//!   months, fiscal years, targets and wards imply, a summary whose values
//!   and rejected values do not add up to the runs, a sum outside what its
//!   smallest and largest value allow, a proportion with more successes
//!   than trials or other trials than runs, a sketch whose buckets do not
//!   add up to its count;
//! - merging it would overflow a count or a sum (checked arithmetic,
//!   [`Accumulator::merge`]).
//!
//! [`Merger::finish`] then refuses a batch with shards missing, naming them
//! as ranges ("missing shards 1–6 and 8–100 of 100").
//!
//! Nothing is allocated in proportion to a number read from a file: files
//! are read up to a cap, arrays are counted before they are read and must
//! have the length the plan implies, and missing shards are found from the
//! sorted shard numbers present, never from a table of `shards` entries.
//!
//! # Layout
//! This file holds the [`ShardFile`] as written. `merge` holds the
//! [`Merger`] and the checks of a file's header and shard numbers; `json`
//! the reader of a file's objects field by field; `scenario` the checks of
//! its scenario and hash; `summaries` the checks of its summaries against
//! the plan; `missing` the shards no file holds; `error` what is refused.
//!
//! [`MAX_FILE_BYTES`]: crate::scenario::resolve::MAX_FILE_BYTES
//! [`MAX_RUNS`]: crate::scenario::schema::MAX_RUNS
//! [`shard_range`]: crate::sim::batch::shard_range

use std::ops::Range;

use serde::Serialize;

use crate::scenario::Loaded;
use crate::scenario::schema::WardSource;

use super::summary::Accumulator;

mod error;
mod json;
mod merge;
mod missing;
mod scenario;
mod summaries;
#[cfg(test)]
mod tests;

pub use error::{ShardError, ShardProblem};
pub use merge::{Merged, Merger};
pub use missing::MissingShards;
pub use scenario::batch_scenario;

/// The `kind` of every shard file.
pub const SHARD_KIND: &str = "sasaeai-shard";

/// Largest shard file read (bytes). A shard's summaries have a bounded
/// size: a shard file of 23 wards over five fiscal years is about 1.8 MB
/// at 1,000,000 runs.
pub const MAX_SHARD_FILE_BYTES: usize = 64 * 1024 * 1024;

/// A shard of a batch, as `sasaeai run --shard I/N` writes it.
#[derive(Clone, Debug, Serialize)]
pub struct ShardFile {
    /// Always [`SHARD_KIND`].
    pub kind: String,
    /// The model version that ran the shard ([`crate::MODEL_VERSION`]).
    pub model_version: u32,
    /// Hash of the scenario as run ([`Scenario::hash`](crate::scenario::Scenario::hash)): reported by the
    /// merged report, and recomputed by the merge.
    pub scenario_hash: String,
    /// How the scenario named its ward data when it was run: a built-in
    /// data set or a file (`Some(name)`), or `None` when the scenario held
    /// them itself (inline, or a `[my_ward]` section). The scenario below
    /// holds the ward data inline either way, so the merge puts this name
    /// back to recompute `scenario_hash`. For a built-in data set it also
    /// checks that the ward data inline are that set's; the contents of a
    /// file cannot be checked, since the merge reads nothing but shard
    /// files.
    pub wards_named: Option<String>,
    /// The scenario as run, with its ward data inline, so merging needs no
    /// other file.
    pub scenario: serde_json::Value,
    /// The shard's number, from 1 to `shards`.
    pub shard: u64,
    /// Shards in the batch.
    pub shards: u64,
    /// The run indices of the shard, `[start, end]` (end excluded).
    pub runs: [u64; 2],
    /// The summaries of the shard's runs.
    pub summaries: Accumulator,
}

impl ShardFile {
    /// The shard file of shard `shard` of `shards` of `loaded`, whose runs
    /// `runs` gave `summaries`.
    pub fn new(
        loaded: &Loaded,
        shard: u64,
        shards: u64,
        runs: Range<u64>,
        summaries: Accumulator,
    ) -> Result<ShardFile, serde_json::Error> {
        let mut scenario = loaded.scenario.clone();
        let wards_named = match &scenario.wards {
            WardSource::Named(name) => Some(name.clone()),
            WardSource::Inline(_) | WardSource::Own(_) => None,
        };
        if wards_named.is_some() {
            scenario.wards = WardSource::Inline(Box::new(loaded.ward_data.clone()));
        }
        Ok(ShardFile {
            kind: SHARD_KIND.into(),
            model_version: crate::MODEL_VERSION,
            scenario_hash: loaded.info.hash.clone(),
            wards_named,
            scenario: serde_json::to_value(scenario.to_value())?,
            shard,
            shards,
            runs: [runs.start, runs.end],
            summaries,
        })
    }

    /// The file's text (compact JSON).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }
}
