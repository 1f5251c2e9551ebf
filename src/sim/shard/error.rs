//! Why shard files cannot be merged: [`ShardError`] for the merge and
//! [`ShardProblem`] for one file, each naming the field, the value found
//! and what was expected.

use crate::scenario::ScenarioErrors;
use crate::sim::summary::MergeError;

use super::SHARD_KIND;
use super::missing::MissingShards;

/// Why shard files cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// One file is refused.
    #[error("{file}: {problem}")]
    File {
        /// The file, as named to the merge.
        file: String,
        /// What is wrong with it.
        problem: ShardProblem,
    },
    /// Every file is sound, but shards of the batch are missing.
    #[error("{0}")]
    Missing(MissingShards),
    /// No file was given.
    #[error("no shard files to merge")]
    NoFiles,
}

/// What is wrong with one shard file. Each names the field, the value found
/// and what was expected.
#[derive(Debug, thiserror::Error)]
pub enum ShardProblem {
    /// The file is larger than [`MAX_SHARD_FILE_BYTES`](super::MAX_SHARD_FILE_BYTES).
    #[error(
        "not a Sasaeai shard file: {size} bytes or more, larger than a shard file may be (at most {max} bytes, {max_mb} MB)"
    )]
    TooLarge {
        /// Bytes read: at least one more than allowed (a larger file is
        /// not read to its end).
        size: usize,
        /// The cap.
        max: usize,
        /// The cap in MB.
        max_mb: usize,
    },
    /// Not UTF-8, not JSON, or not an object.
    #[error("not a Sasaeai shard file ({0})")]
    NotJson(String),
    /// A field is not there.
    #[error("{0}: missing; every shard file of this version has it (run the shard again)")]
    Missing(String),
    /// A field is written twice.
    #[error("{0}: the field is written twice")]
    Twice(String),
    /// `kind` is not [`SHARD_KIND`].
    #[error("not a Sasaeai shard file (kind {found}, expected {SHARD_KIND:?})")]
    Kind {
        /// The kind found, as written.
        found: String,
    },
    /// `model_version` is not this model's.
    #[error(
        "model_version {found}: written by model version {found}, this is model version {expected}; run the shard again"
    )]
    ModelVersion {
        /// The version found, as written.
        found: String,
        /// This model's version.
        expected: u32,
    },
    /// A field of the wrong type or form.
    #[error("{field} = {value}: {expected}")]
    Invalid {
        /// The field's path (`shards`, `summaries.monthly[3]`).
        field: String,
        /// The value found, as written (shortened).
        value: String,
        /// What was expected, or what the reader found wrong.
        expected: String,
    },
    /// The scenario is larger than a scenario file may be.
    #[error("scenario: {size} bytes; a scenario may have at most {max} bytes, as a scenario file")]
    ScenarioTooLarge {
        /// Its size as written.
        size: usize,
        /// [`MAX_FILE_BYTES`](crate::scenario::resolve::MAX_FILE_BYTES).
        max: usize,
    },
    /// The scenario does not validate.
    #[error("{0}")]
    Scenario(ScenarioErrors),
    /// `scenario_hash` is not the hash of the scenario as run.
    #[error(
        "scenario_hash = {recorded:?}: the scenario in the file, as run, hashes to {computed:?}; the file was changed after it was written"
    )]
    Hash {
        /// The hash recorded.
        recorded: String,
        /// The hash of the file's scenario as run.
        computed: String,
    },
    /// The hash cannot be recomputed: an older file that does not record
    /// how its scenario named its ward data, which were not built in.
    #[error(
        "scenario_hash = {recorded:?}: cannot be checked: the file does not say how its scenario named its ward data (`wards_named`, recorded by shard files of this version), and its scenario with the ward data inline hashes to {computed:?}; run the shard again"
    )]
    HashUnverifiable {
        /// The hash recorded.
        recorded: String,
        /// The hash of the scenario with its ward data inline.
        computed: String,
    },
    /// The ward data inline are not the built-in set the scenario named.
    #[error(
        "scenario.wards: the ward data written in the file are not the built-in data set {name:?} that wards_named names; the file was changed after it was written"
    )]
    NotBuiltinData {
        /// The built-in data set named.
        name: String,
    },
    /// The file belongs to another batch than the first file.
    #[error("belongs to another scenario or settings than {other} ({field} differs)")]
    OtherBatch {
        /// The first file.
        other: String,
        /// What differs.
        field: &'static str,
    },
    /// The file's number of shards is not the first file's.
    #[error("shards = {found}: is one of {found} shards, {other} one of {expected}")]
    OtherShardCount {
        /// This file's `shards`.
        found: u64,
        /// The first file.
        other: String,
        /// The first file's `shards`.
        expected: u64,
    },
    /// Another file holds the same shard.
    #[error("shard = {shard}: shard {shard}/{shards} is also in {other}")]
    Duplicate {
        /// The shard number.
        shard: u64,
        /// Shards in the batch.
        shards: u64,
        /// The other file.
        other: String,
    },
    /// Merging the file would overflow a count or sum.
    #[error("summaries: {0}")]
    Overflow(MergeError),
}

impl ShardProblem {
    /// A [`ShardProblem::Invalid`] of `field`.
    pub(super) fn invalid(
        field: impl Into<String>,
        value: impl Into<String>,
        expected: String,
    ) -> Self {
        ShardProblem::Invalid {
            field: field.into(),
            value: value.into(),
            expected,
        }
    }
}
