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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::{Range, RangeInclusive};

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use crate::scenario::resolve::{
    MAX_FILE_BYTES, parse_tree, parse_ward_data, read_upgraded, resolve, ward_data_for,
};
use crate::scenario::schema::{MAX_BATCH_RUNS, MAX_RUNS, WardSource};
use crate::scenario::{Format, Loaded, Scenario, ScenarioErrors, builtin};

use super::batch::shard_range;
use super::equity::{BasisAccumulator, EquityAccumulator};
use super::run::{FiscalOutput, MonthlyOutput};
use super::stats::{ExactSum, Proportion, Summary};
use super::summary::{Accumulator, MergeError};
use crate::scenario::plan::Plan;
use crate::text::format::group_thousands;

/// The `kind` of every shard file.
pub const SHARD_KIND: &str = "sasaeai-shard";

/// Largest shard file read (bytes). A shard's summaries have a bounded
/// size: a shard file of 23 wards over five fiscal years is about 1.8 MB
/// at 1,000,000 runs.
pub const MAX_SHARD_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Ranges of missing shards named in full before the rest are counted.
const MAX_LISTED_RANGES: usize = 8;

/// A shard of a batch, as `sasaeai run --shard I/N` writes it.
#[derive(Clone, Debug, Serialize)]
pub struct ShardFile {
    /// Always [`SHARD_KIND`].
    pub kind: String,
    /// The model version that ran the shard ([`crate::MODEL_VERSION`]).
    pub model_version: u32,
    /// Hash of the scenario as run ([`Scenario::hash`]): reported by the
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
    /// The file is larger than [`MAX_SHARD_FILE_BYTES`].
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
        /// [`MAX_FILE_BYTES`].
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
    fn invalid(field: impl Into<String>, value: impl Into<String>, expected: String) -> Self {
        ShardProblem::Invalid {
            field: field.into(),
            value: value.into(),
            expected,
        }
    }
}

/// Shards of a batch that no file holds, as ranges of shard numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingShards {
    /// The missing shard numbers, in increasing order.
    pub ranges: Vec<RangeInclusive<u64>>,
    /// Shards in the batch.
    pub shards: u64,
}

impl MissingShards {
    /// The shards of `1..=shards` not in `present` (shard numbers in
    /// increasing order, each from 1 to `shards`). Takes time and memory in
    /// proportion to the shards present, not to `shards`.
    pub fn find(present: &BTreeSet<u64>, shards: u64) -> MissingShards {
        let mut ranges = Vec::new();
        let mut next = 1u64;
        for &i in present.range(1..=shards) {
            if i > next {
                ranges.push(next..=i - 1);
            }
            next = i.saturating_add(1);
        }
        if next <= shards {
            ranges.push(next..=shards);
        }
        MissingShards { ranges, shards }
    }

    /// Number of shards missing.
    pub fn count(&self) -> u64 {
        self.ranges
            .iter()
            .map(|r| r.end() - r.start() + 1)
            .fold(0, u64::saturating_add)
    }

    /// Whether no shard is missing.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
}

impl fmt::Display for MissingShards {
    /// `missing shard 7 of 10`, `missing shards 1–6 and 8–100,000,000 of
    /// 100,000,000`; past [`MAX_LISTED_RANGES`] ranges, the rest counted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.count();
        let range = |r: &RangeInclusive<u64>| {
            if r.start() == r.end() {
                grouped(*r.start())
            } else {
                format!("{}–{}", grouped(*r.start()), grouped(*r.end()))
            }
        };
        let listed: Vec<String> = self
            .ranges
            .iter()
            .take(MAX_LISTED_RANGES)
            .map(range)
            .collect();
        let list = if self.ranges.len() > MAX_LISTED_RANGES {
            format!(
                "{}, … ({} shards in {} ranges)",
                listed.join(", "),
                grouped(count),
                grouped(self.ranges.len() as u64)
            )
        } else if let Some((last, rest)) = listed.split_last()
            && !rest.is_empty()
        {
            format!("{} and {last}", rest.join(", "))
        } else {
            listed.concat()
        };
        write!(
            f,
            "missing shard{} {list} of {}",
            if count == 1 { "" } else { "s" },
            grouped(self.shards)
        )
    }
}

/// A whole number with thousands separators.
fn grouped(n: u64) -> String {
    group_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The merge of a complete batch.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The scenario of the batch, as read from the first file, with the
    /// recorded (and recomputed) hash of the scenario as run.
    pub loaded: Loaded,
    /// The summaries of every run of the batch.
    pub summaries: Accumulator,
    /// Shard files merged.
    pub files: usize,
}

/// How a shard file says its scenario named its ward data.
#[derive(Clone, Debug, PartialEq, Eq)]
enum WardsNamed {
    /// No `wards_named` field (files written before it was recorded).
    Unrecorded,
    /// `null`: the scenario held its ward data itself.
    Inline,
    /// A built-in data set or a file.
    Named(String),
}

/// What the first file fixed for the batch.
struct Batch {
    file: String,
    scenario: serde_json::Value,
    wards_named: WardsNamed,
    hash: String,
    shards: u64,
    loaded: Loaded,
    summaries: Accumulator,
}

/// Merges shard files one at a time, checking each (see the module docs).
/// Memory: the summaries of the batch, one file at a time, and a shard
/// number and name per file.
#[derive(Default)]
pub struct Merger {
    batch: Option<Batch>,
    /// Shard number → the file that holds it.
    seen: BTreeMap<u64, String>,
}

impl Merger {
    /// A merge of no file yet.
    pub fn new() -> Merger {
        Merger::default()
    }

    /// Check the shard file `name` whose content is `bytes`, and merge it.
    /// On an error the merge must stop: the file is refused, and what was
    /// merged before is kept as it was.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), ShardError> {
        self.add_file(name, bytes)
            .map_err(|problem| ShardError::File {
                file: name.to_string(),
                problem,
            })
    }

    fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), ShardProblem> {
        if bytes.len() > MAX_SHARD_FILE_BYTES {
            return Err(ShardProblem::TooLarge {
                size: bytes.len(),
                max: MAX_SHARD_FILE_BYTES,
                max_mb: MAX_SHARD_FILE_BYTES >> 20,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            ShardProblem::NotJson(format!("not UTF-8 text: byte {}", e.valid_up_to()))
        })?;
        let top = Object::parse(text, "", TOP_FIELDS)
            .map_err(|e| ShardProblem::NotJson(e.to_string()))?;
        // What the file says it is, before anything else.
        let Some(kind) = top.members.get("kind") else {
            return Err(ShardProblem::Kind {
                found: "missing".into(),
            });
        };
        if serde_json::from_str::<String>(kind.get()).ok().as_deref() != Some(SHARD_KIND) {
            return Err(ShardProblem::Kind { found: shown(kind) });
        }
        let version = top.raw("model_version")?;
        if serde_json::from_str::<u32>(version.get()).ok() != Some(crate::MODEL_VERSION) {
            return Err(ShardProblem::ModelVersion {
                found: shown(version),
                expected: crate::MODEL_VERSION,
            });
        }
        let hash: String = top.typed("scenario_hash", "a string")?;
        let wards_named = match top.members.get("wards_named") {
            None => WardsNamed::Unrecorded,
            Some(_) => match top.typed::<Option<String>>("wards_named", "a name or null")? {
                Some(n) => WardsNamed::Named(n),
                None => WardsNamed::Inline,
            },
        };
        let scenario_raw = top.raw("scenario")?;
        if scenario_raw.get().len() > MAX_FILE_BYTES {
            return Err(ShardProblem::ScenarioTooLarge {
                size: scenario_raw.get().len(),
                max: MAX_FILE_BYTES,
            });
        }
        let scenario: serde_json::Value = top.typed("scenario", "a scenario (a JSON object)")?;
        let shards = top.whole("shards")?;
        let shard = top.whole("shard")?;
        let range =
            top.typed::<[u64; 2]>("runs", "[start, end] of the shard's runs, whole numbers")?;

        match self.batch.as_mut() {
            None => {
                let loaded = first_scenario(&scenario, &wards_named, &hash)?;
                check_numbers(&loaded.plan, shard, shards, range)?;
                let summaries = read_summaries(top.raw("summaries")?, &loaded.plan, range)?;
                self.seen.insert(shard, name.to_string());
                self.batch = Some(Batch {
                    file: name.to_string(),
                    scenario,
                    wards_named,
                    hash,
                    shards,
                    loaded,
                    summaries,
                });
            }
            Some(batch) => {
                if scenario != batch.scenario || wards_named != batch.wards_named {
                    // Its own hash first: a changed file is named as such.
                    let as_run = read_scenario(&scenario)?;
                    check_hash(&as_run, &wards_named, &hash)?;
                    let field = if scenario != batch.scenario {
                        "scenario"
                    } else {
                        "wards_named"
                    };
                    return Err(ShardProblem::OtherBatch {
                        other: batch.file.clone(),
                        field,
                    });
                }
                if hash != batch.hash {
                    // The same scenario as the first file, whose hash holds.
                    return Err(ShardProblem::Hash {
                        recorded: hash,
                        computed: batch.hash.clone(),
                    });
                }
                if shards != batch.shards {
                    return Err(ShardProblem::OtherShardCount {
                        found: shards,
                        other: batch.file.clone(),
                        expected: batch.shards,
                    });
                }
                check_numbers(&batch.loaded.plan, shard, shards, range)?;
                if let Some(other) = self.seen.get(&shard) {
                    return Err(ShardProblem::Duplicate {
                        shard,
                        shards,
                        other: other.clone(),
                    });
                }
                let summaries = read_summaries(top.raw("summaries")?, &batch.loaded.plan, range)?;
                batch
                    .summaries
                    .merge(&summaries)
                    .map_err(ShardProblem::Overflow)?;
                self.seen.insert(shard, name.to_string());
            }
        }
        Ok(())
    }

    /// The merge of the files added: refused when shards are missing.
    pub fn finish(self) -> Result<Merged, ShardError> {
        let Some(batch) = self.batch else {
            return Err(ShardError::NoFiles);
        };
        let present: BTreeSet<u64> = self.seen.keys().copied().collect();
        let missing = MissingShards::find(&present, batch.shards);
        if !missing.is_empty() {
            return Err(ShardError::Missing(missing));
        }
        let mut loaded = batch.loaded;
        // The hash of the scenario as run (checked), not of its copy with
        // the ward data inline.
        loaded.info.hash = batch.hash;
        Ok(Merged {
            loaded,
            summaries: batch.summaries,
            files: self.seen.len(),
        })
    }
}

/// The fields of a shard file.
const TOP_FIELDS: &[&str] = &[
    "kind",
    "model_version",
    "scenario_hash",
    "wards_named",
    "scenario",
    "shard",
    "shards",
    "runs",
    "summaries",
];

/// The fields of its summaries.
const SUMMARY_FIELDS: &[&str] = &[
    "runs",
    "months",
    "fiscal_years",
    "monthly",
    "fiscal",
    "overrun",
    "targets",
    "target_values",
    "ward_participants",
    "ward_spending",
    "ward_issues",
    "ward_targets",
    "equity",
];

const EQUITY_FIELDS: &[&str] = &["per_participant", "per_resident"];

const BASIS_FIELDS: &[&str] = &["gini", "max_min_ratio", "gini_undefined", "ratio_undefined"];

/// The known members of a JSON object, unparsed. Unknown members are
/// skipped without being kept, so an object costs memory for its known
/// fields only.
struct Object<'a> {
    path: String,
    members: BTreeMap<&'static str, &'a RawValue>,
}

impl<'a> Object<'a> {
    /// The object written in `text` (at `path`), keeping the members named
    /// in `fields`.
    fn parse(
        text: &'a str,
        path: &str,
        fields: &'static [&'static str],
    ) -> Result<Object<'a>, ObjectError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let members = de
            .deserialize_map(MembersVisitor { fields })
            .and_then(|m| de.end().map(|()| m))
            .map_err(|e| match take_twice(&e) {
                Some(field) => ObjectError::Twice(join(path, &field)),
                None => ObjectError::Json(reader_message(&e)),
            })?;
        Ok(Object {
            path: path.to_string(),
            members,
        })
    }

    /// The members of the object at `key`.
    fn object(
        &self,
        key: &str,
        fields: &'static [&'static str],
    ) -> Result<Object<'a>, ShardProblem> {
        let raw = self.raw(key)?;
        let path = self.path_of(key);
        Object::parse(raw.get(), &path, fields).map_err(|e| match e {
            ObjectError::Twice(field) => ShardProblem::Twice(field),
            ObjectError::Json(message) => {
                ShardProblem::invalid(path, shown(raw), format!("expected an object ({message})"))
            }
        })
    }

    fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    fn raw(&self, key: &str) -> Result<&'a RawValue, ShardProblem> {
        self.members
            .get(key)
            .copied()
            .ok_or_else(|| ShardProblem::Missing(self.path_of(key)))
    }

    /// The member `key` read as a `T`; `expected` says what it should be.
    fn typed<T: Deserialize<'a>>(&self, key: &str, expected: &str) -> Result<T, ShardProblem> {
        let raw = self.raw(key)?;
        serde_json::from_str(raw.get()).map_err(|e| {
            ShardProblem::invalid(
                self.path_of(key),
                shown(raw),
                format!("expected {expected} ({})", reader_message(&e)),
            )
        })
    }

    /// The member `key`, a whole number from 0 to 2⁶⁴ − 1 written without
    /// a fraction or an exponent.
    fn whole(&self, key: &str) -> Result<u64, ShardProblem> {
        let raw = self.raw(key)?;
        serde_json::from_str(raw.get()).map_err(|_| {
            ShardProblem::invalid(
                self.path_of(key),
                shown(raw),
                "expected a whole number from 0 to 18,446,744,073,709,551,615, without a fraction or an exponent".into(),
            )
        })
    }

    /// The member `key`: an array of exactly `len` `T`s (`what` says why).
    /// The array is counted before anything is allocated for it.
    fn array<T: DeserializeOwned>(
        &self,
        key: &str,
        len: usize,
        what: &str,
    ) -> Result<Vec<T>, ShardProblem> {
        let raw = self.raw(key)?;
        let path = self.path_of(key);
        let not_array = |e: serde_json::Error| {
            ShardProblem::invalid(
                path.clone(),
                shown(raw),
                format!(
                    "expected an array of {len} ({what}): {}",
                    reader_message(&e)
                ),
            )
        };
        let Count(found) = serde_json::from_str(raw.get()).map_err(not_array)?;
        if found != len {
            return Err(ShardProblem::invalid(
                path.clone(),
                format!("an array of {found}"),
                format!("expected {len} entries, {what}"),
            ));
        }
        let items: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(not_array)?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_str(item.get()).map_err(|e| {
                    ShardProblem::invalid(format!("{path}[{i}]"), shown(item), reader_message(&e))
                })
            })
            .collect()
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Why an object could not be read.
enum ObjectError {
    Twice(String),
    Json(String),
}

impl fmt::Display for ObjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectError::Twice(field) => write!(f, "the field {field} is written twice"),
            ObjectError::Json(message) => f.write_str(message),
        }
    }
}

/// The marker of a member written twice in the reader's error.
const TWICE: &str = "field written twice: ";

fn take_twice(e: &serde_json::Error) -> Option<String> {
    let message = e.to_string();
    let rest = message.strip_prefix(TWICE)?;
    let end = rest.find(" at line ").unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

struct MembersVisitor {
    fields: &'static [&'static str],
}

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = BTreeMap<&'static str, &'de RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = BTreeMap::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.fields.iter().find(|f| **f == key) {
                Some(&field) => {
                    let value: &'de RawValue = map.next_value()?;
                    if members.insert(field, value).is_some() {
                        return Err(de::Error::custom(format!("{TWICE}{field}")));
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(members)
    }
}

/// The length of a JSON array, counted without keeping its entries.
struct Count(usize);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct CountVisitor;
        impl<'de> Visitor<'de> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                let mut n = 0usize;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(Count(n))
            }
        }
        d.deserialize_seq(CountVisitor)
    }
}

/// A value as written, shortened for a message.
fn shown(raw: &RawValue) -> String {
    shortened(raw.get().trim(), 60)
}

/// `text` cut to at most `max` bytes (and an ellipsis).
fn shortened(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// The reader's message without its position (which is relative to a part
/// of the file), shortened: it may quote a value of any length.
fn reader_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    shortened(message.strip_suffix(&suffix).unwrap_or(&message), 200)
}

/// The scenario of a shard file. Its `run.runs` is the size of the whole
/// batch, which may exceed what one scenario file asks for ([`MAX_RUNS`],
/// checked by validation) up to [`MAX_BATCH_RUNS`].
pub fn batch_scenario(value: &serde_json::Value, source: &str) -> Result<Scenario, ScenarioErrors> {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut tree = parse_tree(&text, Format::Json, source)?;
    let batch_runs = tree
        .get("run")
        .and_then(|r| r.get("runs"))
        .and_then(toml::Value::as_integer)
        .filter(|n| (MAX_RUNS + 1..=MAX_BATCH_RUNS).contains(n));
    if batch_runs.is_some()
        && let Some(toml::Value::Table(run)) = tree.get_mut("run")
    {
        run.insert("runs".into(), toml::Value::Integer(MAX_RUNS));
    }
    let (mut scenario, _) = read_upgraded(&tree, source)?;
    if let Some(n) = batch_runs {
        scenario.run.runs = n as u64;
    }
    Ok(scenario)
}

fn read_scenario(value: &serde_json::Value) -> Result<Scenario, ShardProblem> {
    batch_scenario(value, "scenario").map_err(ShardProblem::Scenario)
}

/// The first file's scenario, checked against its hash and resolved.
fn first_scenario(
    value: &serde_json::Value,
    wards_named: &WardsNamed,
    hash: &str,
) -> Result<Loaded, ShardProblem> {
    let scenario = read_scenario(value)?;
    check_hash(&scenario, wards_named, hash)?;
    let data = ward_data_for(&scenario, "scenario", &|name| {
        Err(format!("{name}: a shard file holds its ward data inline"))
    })
    .map_err(ShardProblem::Scenario)?;
    resolve(scenario, data, "scenario").map_err(ShardProblem::Scenario)
}

/// `recorded` is the hash of `scenario` (read from a shard file) as it was
/// run, with its ward data named again as `wards_named` says.
fn check_hash(
    scenario: &Scenario,
    wards_named: &WardsNamed,
    recorded: &str,
) -> Result<(), ShardProblem> {
    let inline_hash = scenario.hash();
    let named = |name: &str| {
        let mut as_run = scenario.clone();
        as_run.wards = WardSource::Named(name.to_string());
        as_run.hash()
    };
    match wards_named {
        WardsNamed::Inline => {
            if inline_hash != recorded {
                return Err(ShardProblem::Hash {
                    recorded: recorded.to_string(),
                    computed: inline_hash,
                });
            }
        }
        WardsNamed::Named(name) => {
            let WardSource::Inline(data) = &scenario.wards else {
                return Err(ShardProblem::invalid(
                    "wards_named",
                    format!("{name:?}"),
                    "expected null: the scenario in the file does not hold its ward data inline"
                        .into(),
                ));
            };
            let computed = named(name);
            if computed != recorded {
                return Err(ShardProblem::Hash {
                    recorded: recorded.to_string(),
                    computed,
                });
            }
            if let Some(text) = builtin::ward_text(name)
                && parse_ward_data(text, Format::Toml, name).ok().as_ref() != Some(&**data)
            {
                return Err(ShardProblem::NotBuiltinData { name: name.clone() });
            }
        }
        WardsNamed::Unrecorded => {
            // Files written before `wards_named`: the scenario held its ward
            // data itself, or named a built-in set whose data are inline.
            let builtin_named = || match &scenario.wards {
                WardSource::Inline(data) => builtin::WARD_DATA.iter().any(|(name, text)| {
                    parse_ward_data(text, Format::Toml, name).ok().as_ref() == Some(&**data)
                        && named(name) == recorded
                }),
                _ => false,
            };
            if inline_hash != recorded && !builtin_named() {
                return Err(ShardProblem::HashUnverifiable {
                    recorded: recorded.to_string(),
                    computed: inline_hash,
                });
            }
        }
    }
    Ok(())
}

/// `shards`, `shard` and `runs` of a file of the batch of `plan`.
fn check_numbers(
    plan: &Plan,
    shard: u64,
    shards: u64,
    range: [u64; 2],
) -> Result<(), ShardProblem> {
    let runs = plan.runs;
    if shards == 0 || shards > runs {
        return Err(ShardProblem::invalid(
            "shards",
            shards.to_string(),
            format!(
                "expected from 1 to {}, the runs of the batch (at most one shard per run)",
                grouped(runs)
            ),
        ));
    }
    let largest = runs.div_ceil(shards);
    if largest > MAX_RUNS as u64 {
        return Err(ShardProblem::invalid(
            "shards",
            shards.to_string(),
            format!(
                "{} runs in {} shards makes shards of up to {} runs; a shard runs at most 1,000,000, so at least {} shards",
                grouped(runs),
                grouped(shards),
                grouped(largest),
                grouped(runs.div_ceil(MAX_RUNS as u64))
            ),
        ));
    }
    if shard == 0 || shard > shards {
        return Err(ShardProblem::invalid(
            "shard",
            shard.to_string(),
            format!("expected a shard number from 1 to {}", grouped(shards)),
        ));
    }
    let expected = shard_range(runs, shard, shards);
    if range != [expected.start, expected.end] {
        return Err(ShardProblem::invalid(
            "runs",
            format!("[{}, {}]", range[0], range[1]),
            format!(
                "expected [{}, {}], the runs of shard {shard}/{shards} of a batch of {} runs",
                expected.start,
                expected.end,
                grouped(runs)
            ),
        ));
    }
    Ok(())
}

/// The summaries of a shard of `plan` holding the runs `range`, checked
/// against the plan (module docs) before and after they are read.
fn read_summaries(
    raw: &RawValue,
    plan: &Plan,
    range: [u64; 2],
) -> Result<Accumulator, ShardProblem> {
    let object = Object::parse(raw.get(), "summaries", SUMMARY_FIELDS).map_err(|e| match e {
        ObjectError::Twice(field) => ShardProblem::Twice(field),
        ObjectError::Json(message) => ShardProblem::invalid(
            "summaries",
            shown(raw),
            format!("expected an object ({message})"),
        ),
    })?;
    let runs = range[1] - range[0];
    let exact = |key: &str, found: u64, expected: u64, what: String| {
        if found == expected {
            Ok(())
        } else {
            Err(ShardProblem::invalid(
                object.path_of(key),
                found.to_string(),
                format!("expected {expected}, {what}"),
            ))
        }
    };
    let held = object.whole("runs")?;
    exact(
        "runs",
        held,
        runs,
        format!("the runs of its range [{}, {}]", range[0], range[1]),
    )?;
    let months = plan.months();
    let years = plan.fiscal_years;
    exact(
        "months",
        object.whole("months")?,
        months as u64,
        "the months of the scenario's horizon".into(),
    )?;
    exact(
        "fiscal_years",
        object.whole("fiscal_years")?,
        years as u64,
        "the fiscal years of the scenario's horizon".into(),
    )?;
    let targets = plan.targets.len();
    let wards = plan.wards.len();
    let acc = Accumulator {
        runs,
        months,
        fiscal_years: years,
        monthly: object.array(
            "monthly",
            months * MonthlyOutput::COUNT,
            &format!("{months} months × {} monthly outputs", MonthlyOutput::COUNT),
        )?,
        fiscal: object.array(
            "fiscal",
            years * FiscalOutput::COUNT,
            &format!("{years} fiscal years × {} outputs", FiscalOutput::COUNT),
        )?,
        overrun: object.array("overrun", years, &format!("one per fiscal year ({years})"))?,
        targets: object.array("targets", targets, &format!("one per target ({targets})"))?,
        target_values: object.array(
            "target_values",
            targets,
            &format!("one per target ({targets})"),
        )?,
        ward_participants: object.array(
            "ward_participants",
            wards,
            &format!("one per ward ({wards})"),
        )?,
        ward_spending: object.array("ward_spending", wards, &format!("one per ward ({wards})"))?,
        ward_issues: object.array("ward_issues", wards, &format!("one per ward ({wards})"))?,
        ward_targets: object.array(
            "ward_targets",
            wards * targets,
            &format!("{wards} wards × {targets} targets"),
        )?,
        equity: read_equity(&object.object("equity", EQUITY_FIELDS)?)?,
    };
    check_counts(&acc, runs)?;
    Ok(acc)
}

fn read_equity(object: &Object<'_>) -> Result<EquityAccumulator, ShardProblem> {
    let basis = |key: &str| -> Result<BasisAccumulator, ShardProblem> {
        let b = object.object(key, BASIS_FIELDS)?;
        Ok(BasisAccumulator {
            gini: b.typed("gini", "a summary")?,
            max_min_ratio: b.typed("max_min_ratio", "a summary")?,
            gini_undefined: b.whole("gini_undefined")?,
            ratio_undefined: b.whole("ratio_undefined")?,
        })
    };
    Ok(EquityAccumulator {
        per_participant: basis("per_participant")?,
        per_resident: basis("per_resident")?,
    })
}

/// Every count of `acc` fits a shard of `runs` runs.
fn check_counts(acc: &Accumulator, runs: u64) -> Result<(), ShardProblem> {
    let summaries: [(&str, &[Summary]); 5] = [
        ("monthly", &acc.monthly),
        ("fiscal", &acc.fiscal),
        ("target_values", &acc.target_values),
        ("ward_participants", &acc.ward_participants),
        ("ward_spending", &acc.ward_spending),
    ];
    for (field, list) in summaries {
        for (i, s) in list.iter().enumerate() {
            check_summary(&format!("summaries.{field}[{i}]"), s, runs, 0)?;
        }
    }
    let proportions: [(&str, &[Proportion]); 3] = [
        ("overrun", &acc.overrun),
        ("targets", &acc.targets),
        ("ward_targets", &acc.ward_targets),
    ];
    for (field, list) in proportions {
        for (i, p) in list.iter().enumerate() {
            let path = format!("summaries.{field}[{i}]");
            if p.trials != runs {
                return Err(ShardProblem::invalid(
                    format!("{path}.trials"),
                    p.trials.to_string(),
                    format!("expected {runs}, one trial per run of the shard"),
                ));
            }
            if p.successes > p.trials {
                return Err(ShardProblem::invalid(
                    format!("{path}.successes"),
                    p.successes.to_string(),
                    format!("expected at most the trials ({})", p.trials),
                ));
            }
        }
    }
    for (i, issues) in acc.ward_issues.iter().enumerate() {
        if let Some(&n) = issues.iter().find(|&&n| n > runs) {
            return Err(ShardProblem::invalid(
                format!("summaries.ward_issues[{i}]"),
                n.to_string(),
                format!("expected at most {runs}, the runs of the shard"),
            ));
        }
    }
    for (key, basis) in [
        ("per_participant", &acc.equity.per_participant),
        ("per_resident", &acc.equity.per_resident),
    ] {
        let path = format!("summaries.equity.{key}");
        for (field, s, undefined_key, undefined) in [
            ("gini", &basis.gini, "gini_undefined", basis.gini_undefined),
            (
                "max_min_ratio",
                &basis.max_min_ratio,
                "ratio_undefined",
                basis.ratio_undefined,
            ),
        ] {
            if undefined > runs {
                return Err(ShardProblem::invalid(
                    format!("{path}.{undefined_key}"),
                    undefined.to_string(),
                    format!("expected at most {runs}, the runs of the shard"),
                ));
            }
            check_summary(&format!("{path}.{field}"), s, runs, undefined)?;
        }
    }
    Ok(())
}

/// A summary of one value per run (less `undefined` runs without one):
/// its values and rejected values add up to the runs, and its exact sum
/// lies between its count times its smallest and its largest value.
fn check_summary(path: &str, s: &Summary, runs: u64, undefined: u64) -> Result<(), ShardProblem> {
    let count = s.count();
    let rejected = s.sketch().rejected();
    let expected = runs - undefined;
    if count.checked_add(rejected) != Some(expected) {
        return Err(ShardProblem::invalid(
            format!("{path}.count"),
            count.to_string(),
            format!(
                "{count} values and {rejected} rejected ones; expected {expected} in all, one per run{}",
                if undefined > 0 {
                    " where the figure is defined"
                } else {
                    ""
                }
            ),
        ));
    }
    let sum = s.sum();
    let (Some(min), Some(max)) = (s.sketch().min(), s.sketch().max()) else {
        if sum.raw() != 0 || sum.overflowed() {
            return Err(ShardProblem::invalid(
                format!("{path}.sum"),
                sum.value().to_string(),
                "expected 0, the sum of no values".into(),
            ));
        }
        return Ok(());
    };
    if sum.overflowed() {
        // Values beyond the exact sum's range: its total says nothing.
        return Ok(());
    }
    // Each value was rounded to 2⁻³² before it was added; the products
    // are rounded once more in f64.
    let n = count as f64;
    let (low, high) = (min * n, max * n);
    let slack = n * ExactSum::RESOLUTION + (low.abs() + high.abs()) * 1e-12;
    let value = sum.value();
    if !(value >= low - slack && value <= high + slack) {
        return Err(ShardProblem::invalid(
            format!("{path}.sum"),
            value.to_string(),
            format!(
                "expected the sum of {count} values from {min} to {max}, so from {low} to {high}"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::scenario::load_text;
    use crate::sim::batch::run_range;
    use crate::sim::{RunResult, Simulator};

    /// A ward's own figures over one fiscal year, 12 runs.
    fn own_ward() -> Loaded {
        let text = include_str!("../../scenarios/examples/my-ward.toml")
            .replace("runs = 10000", "runs = 12")
            .replace("horizon = 5", "horizon = 1");
        load(&text)
    }

    /// A built-in scenario (its ward data named: `tokyo-23`), 6 runs.
    fn builtin_named() -> Loaded {
        let text = builtin::scenario_text("training")
            .expect("a built-in")
            .replace("runs = 10000", "runs = 6");
        load(&text)
    }

    fn load(text: &str) -> Loaded {
        load_text(text, Format::Toml, "test", &|p| {
            Err(format!("{p}: no files"))
        })
        .expect("a valid scenario")
    }

    fn summaries(loaded: &Loaded, runs: Range<u64>) -> Accumulator {
        let sim = Simulator::new(&loaded.plan);
        let mut acc = Accumulator::new(&loaded.plan);
        run_range(&sim, runs, &mut acc, &mut RunResult::default());
        acc
    }

    /// Shard `i` of `n` of `loaded`, as JSON to edit.
    fn shard(loaded: &Loaded, i: u64, n: u64) -> Value {
        let range = shard_range(loaded.plan.runs, i, n);
        let acc = summaries(loaded, range.clone());
        serde_json::to_value(ShardFile::new(loaded, i, n, range, acc).expect("a shard file"))
            .expect("JSON")
    }

    fn shards(loaded: &Loaded, n: u64) -> Vec<Value> {
        (1..=n).map(|i| shard(loaded, i, n)).collect()
    }

    fn merge(files: &[Value]) -> Result<Merged, ShardError> {
        let texts: Vec<String> = files.iter().map(Value::to_string).collect();
        merge_texts(&texts)
    }

    fn merge_texts(texts: &[String]) -> Result<Merged, ShardError> {
        let mut merger = Merger::new();
        for (i, text) in texts.iter().enumerate() {
            merger.add(&format!("shard-{}.json", i + 1), text.as_bytes())?;
        }
        merger.finish()
    }

    /// The message of a refused merge.
    fn refused(files: &[Value]) -> String {
        match merge(files) {
            Ok(_) => panic!("merged"),
            Err(e) => e.to_string(),
        }
    }

    fn assert_names(message: &str, parts: &[&str]) {
        for part in parts {
            assert!(message.contains(part), "{part:?} not in: {message}");
        }
    }

    #[test]
    fn genuine_shards_merge_into_the_whole_batch_in_any_order() {
        for loaded in [own_ward(), builtin_named()] {
            let whole = summaries(&loaded, 0..loaded.plan.runs);
            let mut files = shards(&loaded, 3);
            let merged = merge(&files).expect("genuine shards merge");
            assert_eq!(merged.summaries, whole);
            assert_eq!(merged.files, 3);
            assert_eq!(merged.loaded.info.hash, loaded.info.hash);
            assert_eq!(merged.loaded.plan.runs, loaded.plan.runs);
            files.reverse();
            assert_eq!(merge(&files).expect("merge").summaries, whole);
        }
    }

    #[test]
    fn a_named_data_set_is_recorded_and_the_data_written_inline() {
        let loaded = builtin_named();
        let file = shard(&loaded, 1, 2);
        assert_eq!(file["wards_named"], "tokyo-23");
        assert!(
            file["scenario"]["wards"].is_object(),
            "{}",
            file["scenario"]["wards"]
        );
        let own = shard(&own_ward(), 1, 2);
        assert_eq!(own["wards_named"], Value::Null);
    }

    #[test]
    fn missing_shards_are_named_as_ranges_of_the_shards_present() {
        let present = |v: &[u64]| v.iter().copied().collect::<BTreeSet<u64>>();
        let missing = MissingShards::find(&present(&[7]), 100_000_000);
        assert_eq!(missing.ranges, vec![1..=6, 8..=100_000_000]);
        assert_eq!(
            missing.to_string(),
            "missing shards 1–6 and 8–100,000,000 of 100,000,000"
        );
        assert_eq!(missing.count(), 99_999_999);
        assert_eq!(
            MissingShards::find(&present(&[1, 3]), 3).to_string(),
            "missing shard 2 of 3"
        );
        assert_eq!(
            MissingShards::find(&present(&[2, 4, 5]), 8).to_string(),
            "missing shards 1, 3 and 6–8 of 8"
        );
        assert!(MissingShards::find(&present(&[1, 2]), 2).is_empty());
        // Past eight ranges the rest are counted.
        let odd: Vec<u64> = (1..=40).filter(|i| i % 2 == 1).collect();
        let text = MissingShards::find(&present(&odd), 40).to_string();
        assert_eq!(
            text,
            "missing shards 2, 4, 6, 8, 10, 12, 14, 16, … (20 shards in 20 ranges) of 40"
        );
        // The largest batch: nothing in proportion to its shards.
        let all = MissingShards::find(&present(&[]), u64::MAX);
        assert_eq!(all.ranges, vec![1..=u64::MAX]);
    }

    #[test]
    fn one_genuine_shard_of_a_hundred_million_names_the_rest_as_ranges() {
        let text = builtin::scenario_text("status-quo")
            .expect("a built-in")
            .replace("runs = 10000", "runs = 1000");
        let mut scenario = crate::scenario::resolve::parse_scenario(&text, Format::Toml, "test")
            .expect("a scenario");
        scenario.run.runs = 100_000_000;
        let data = ward_data_for(&scenario, "test", &|p| Err(p.to_string())).expect("data");
        let loaded = resolve(scenario, data, "test").expect("resolved");
        let file = shard(&loaded, 7, 100_000_000);
        assert_eq!(file["runs"], json!([6, 7]));
        assert_eq!(
            refused(&[file]),
            "missing shards 1–6 and 8–100,000,000 of 100,000,000"
        );
    }

    #[test]
    fn shard_counts_beyond_the_runs_or_written_as_fractions_are_refused() {
        let loaded = own_ward();
        let mut file = shard(&loaded, 1, 3);
        file["shards"] = json!(1_000_000_000u64);
        assert_names(
            &refused(&[file.clone()]),
            &["shard-1.json: shards = 1000000000", "from 1 to 12"],
        );
        let text = file.to_string().replace("1000000000", "1e9");
        let message = merge_texts(&[text]).expect_err("refused").to_string();
        assert_names(&message, &["shard-1.json: shards = 1e9", "whole number"]);
        let mut file = shard(&loaded, 1, 3);
        file["shard"] = json!(1.0);
        assert_names(&refused(&[file]), &["shard = 1.0", "whole number"]);
        let mut file = shard(&loaded, 1, 3);
        file["shard"] = json!(4);
        assert_names(&refused(&[file]), &["shard = 4", "from 1 to 3"]);
    }

    #[test]
    fn a_run_range_other_than_its_shards_is_refused() {
        let loaded = own_ward();
        let mut files = shards(&loaded, 3);
        // Shard 2 claiming runs that overlap shard 1's.
        files[1]["runs"] = json!([2, 8]);
        assert_names(
            &refused(&files),
            &[
                "shard-2.json: runs = [2, 8]",
                "expected [4, 8], the runs of shard 2/3",
            ],
        );
        let mut files = shards(&loaded, 3);
        files[2]["runs"] = json!([8, 12, 16]);
        assert_names(&refused(&files), &["shard-3.json: runs = [8,12,16]"]);
    }

    #[test]
    fn a_shard_twice_is_refused_naming_both_files() {
        let loaded = own_ward();
        let files = shards(&loaded, 2);
        let message = refused(&[files[0].clone(), files[1].clone(), files[1].clone()]);
        assert_names(
            &message,
            &["shard-3.json: shard = 2: shard 2/2 is also in shard-2.json"],
        );
    }

    #[test]
    fn every_array_must_have_the_length_the_plan_implies() {
        let loaded = own_ward();
        let monthly = 12 * MonthlyOutput::COUNT;
        for (field, expected) in [
            ("monthly", monthly),
            ("fiscal", FiscalOutput::COUNT),
            ("overrun", 1),
            ("targets", loaded.plan.targets.len()),
            ("target_values", loaded.plan.targets.len()),
            ("ward_participants", 1),
            ("ward_spending", 1),
            ("ward_issues", 1),
            ("ward_targets", loaded.plan.targets.len()),
        ] {
            let mut files = shards(&loaded, 2);
            let array = files[1]["summaries"][field]
                .as_array_mut()
                .expect("an array");
            assert_eq!(array.len(), expected, "{field}");
            let extra = array[0].clone();
            array.push(extra);
            assert_names(
                &refused(&files),
                &[
                    &format!(
                        "shard-2.json: summaries.{field} = an array of {}",
                        expected + 1
                    ),
                    &format!("expected {expected} entries"),
                ],
            );
            files[1]["summaries"][field] = json!([]);
            assert_names(
                &refused(&files),
                &[&format!("summaries.{field} = an array of 0")],
            );
        }
        let mut files = shards(&loaded, 2);
        files[0]["summaries"]["months"] = json!(24);
        assert_names(&refused(&files), &["summaries.months = 24", "expected 12"]);
    }

    #[test]
    fn inconsistent_counts_are_refused() {
        let loaded = own_ward();
        let edit = |f: &dyn Fn(&mut Value)| {
            let mut files = shards(&loaded, 2);
            f(&mut files[1]["summaries"]);
            refused(&files)
        };
        let message = edit(&|s| s["targets"][0] = json!({"successes": 7, "trials": 6}));
        assert_names(
            &message,
            &[
                "summaries.targets[0].successes = 7",
                "at most the trials (6)",
            ],
        );
        let message = edit(&|s| s["overrun"][0]["trials"] = json!(5));
        assert_names(&message, &["summaries.overrun[0].trials = 5", "expected 6"]);
        let message = edit(&|s| s["runs"] = json!(7));
        assert_names(&message, &["summaries.runs = 7", "expected 6"]);
        let message = edit(&|s| s["ward_issues"][0] = json!([0, 9, 0]));
        assert_names(&message, &["summaries.ward_issues[0] = 9", "at most 6"]);
        let message = edit(&|s| s["equity"]["per_resident"]["gini_undefined"] = json!(99));
        assert_names(
            &message,
            &["summaries.equity.per_resident.gini_undefined = 99"],
        );
        // A negative count, or a count as a fraction.
        let message = edit(&|s| s["targets"][1]["trials"] = json!(-6));
        assert_names(&message, &["summaries.targets[1]", "-6"]);
        let message = edit(&|s| s["monthly"][3]["count"] = json!(6.5));
        assert_names(&message, &["summaries.monthly[3]", "6.5"]);
        // A summary of fewer values than runs (its sketch agreeing).
        let message = edit(&|s| {
            s["fiscal"][0] = serde_json::to_value(Summary::new()).expect("JSON");
        });
        assert_names(
            &message,
            &[
                "summaries.fiscal[0].count = 0",
                "expected 6 in all, one per run",
            ],
        );
    }

    #[test]
    fn a_sum_its_values_cannot_add_up_to_is_refused() {
        let loaded = own_ward();
        let mut files = shards(&loaded, 2);
        let sum = &mut files[1]["summaries"]["monthly"][0]["sum"];
        let raw: i128 = sum["raw"]
            .as_str()
            .expect("a string")
            .parse()
            .expect("i128");
        sum["raw"] = json!((-raw - (1i128 << 40)).to_string());
        assert_names(
            &refused(&files),
            &[
                "shard-2.json: summaries.monthly[0].sum = -",
                "expected the sum of 6 values from",
            ],
        );
    }

    /// Sums flagged as beyond their exact range may hold anything; adding
    /// two of them must not wrap, and is refused.
    #[test]
    fn a_merge_that_would_overflow_is_refused() {
        let loaded = own_ward();
        let mut files = shards(&loaded, 2);
        for file in &mut files {
            file["summaries"]["ward_spending"][0]["sum"] =
                json!({"raw": i128::MAX.to_string(), "overflowed": true});
        }
        assert_names(
            &refused(&files),
            &["shard-2.json: summaries: ward_spending[0]: the merged count or sum would overflow"],
        );
    }

    #[test]
    fn a_changed_scenario_or_hash_is_refused() {
        for loaded in [own_ward(), builtin_named()] {
            let mut files = shards(&loaded, 2);
            for file in &mut files {
                file["scenario"]["run"]["seed"] = json!(2);
            }
            assert_names(
                &refused(&files),
                &[
                    "shard-1.json: scenario_hash = ",
                    "the file was changed after it was written",
                ],
            );
            let mut files = shards(&loaded, 2);
            for file in &mut files {
                file["scenario_hash"] = json!("0123456789abcdef");
            }
            assert_names(
                &refused(&files),
                &[
                    "shard-1.json: scenario_hash = \"0123456789abcdef\"",
                    &format!("hashes to \"{}\"", loaded.info.hash),
                ],
            );
            // Only the second file's hash changed.
            let mut files = shards(&loaded, 2);
            files[1]["scenario_hash"] = json!("0123456789abcdef");
            assert_names(&refused(&files), &["shard-2.json: scenario_hash = "]);
            // Only the second file's scenario changed.
            let mut files = shards(&loaded, 2);
            files[1]["scenario"]["run"]["seed"] = json!(2);
            assert_names(&refused(&files), &["shard-2.json: scenario_hash = "]);
        }
    }

    #[test]
    fn inline_ward_data_that_are_not_the_named_built_in_set_are_refused() {
        let loaded = builtin_named();
        let mut files = shards(&loaded, 2);
        for file in &mut files {
            let wards = &mut file["scenario"]["wards"]["wards"];
            let population = wards[0]["population"].as_f64().expect("a number");
            wards[0]["population"] = json!(population + 1000.0);
        }
        assert_names(
            &refused(&files),
            &[
                "shard-1.json: scenario.wards",
                "not the built-in data set \"tokyo-23\"",
            ],
        );
    }

    #[test]
    fn files_without_wards_named_still_merge_when_the_hash_can_be_recomputed() {
        for loaded in [own_ward(), builtin_named()] {
            let whole = summaries(&loaded, 0..loaded.plan.runs);
            let mut files = shards(&loaded, 2);
            for file in &mut files {
                file.as_object_mut()
                    .expect("an object")
                    .remove("wards_named");
            }
            assert_eq!(merge(&files).expect("merges").summaries, whole);
        }
        // A data set named by a file: its name is lost with the field.
        let mut loaded = builtin_named();
        loaded.scenario.wards = WardSource::Named("my-wards.toml".into());
        loaded.info.hash = loaded.scenario.hash();
        let mut files = shards(&loaded, 2);
        assert_eq!(files[0]["wards_named"], "my-wards.toml");
        assert!(merge(&files).is_ok(), "recorded, it merges");
        for file in &mut files {
            file.as_object_mut()
                .expect("an object")
                .remove("wards_named");
        }
        assert_names(
            &refused(&files),
            &[
                "shard-1.json: scenario_hash = ",
                "cannot be checked",
                "wards_named",
            ],
        );
    }

    #[test]
    fn files_that_are_not_shards_are_refused_without_panics() {
        let loaded = own_ward();
        let good = shard(&loaded, 1, 1).to_string();
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let deep_scenario = good.replacen(
            "\"scenario\":{",
            &format!("\"scenario\":{deep},\"x\":{{"),
            1,
        );
        let deep_member = good.replacen("{", &format!("{{\"extra\":{deep},"), 1);
        let deep_summary = good.replacen("\"monthly\":[", &format!("\"monthly\":[{deep},"), 1);
        for (text, expected) in [
            (String::new(), "not a Sasaeai shard file"),
            ("[]".to_string(), "not a Sasaeai shard file"),
            ("{}".to_string(), "not a Sasaeai shard file (kind missing"),
            (
                good.replacen("\"equity\":", "\"former_equity\":", 1),
                "summaries.equity: missing; every shard file of this version has it",
            ),
            ("{\"kind\": \"report\"}".to_string(), "kind \"report\""),
            (
                good.replacen("\"kind\"", "\"kind\":1,\"kind\"", 1),
                "written twice",
            ),
            (
                good.replace("\"model_version\":1", "\"model_version\":1.0"),
                "model_version 1.0",
            ),
            (
                good.replacen("\"shards\":1", "\"shards\":1,\"shards\":2", 1),
                "shards",
            ),
            (deep.clone(), "not a Sasaeai shard file"),
            (deep_scenario, "scenario"),
            (deep_summary, "summaries.monthly = an array of 217"),
            (
                good.replace("\"summaries\":{", "\"summaries\":{\"runs\":-1,\"x\":{") + "}",
                "summaries.runs = -1: expected a whole number",
            ),
        ] {
            assert_ne!(text, good, "the case {expected:?} changes nothing");
            let Err(e) = merge_texts(&[text]) else {
                panic!("the case {expected:?} merged");
            };
            let message = e.to_string();
            assert!(message.contains(expected), "{expected:?} not in {message}");
        }
        let message = Merger::new()
            .add("big.json", &vec![b' '; MAX_SHARD_FILE_BYTES + 1])
            .expect_err("refused")
            .to_string();
        assert_names(&message, &["big.json", "larger than a shard file may be"]);
        let message = Merger::new()
            .add("bytes.json", &[0xff, 0xfe])
            .expect_err("refused")
            .to_string();
        assert_names(&message, &["bytes.json", "not UTF-8"]);
        assert!(matches!(Merger::new().finish(), Err(ShardError::NoFiles)));
        // Members a file does not need are skipped, not kept, however deep.
        let extra = good.replacen("{", "{\"note\":[1,2,3],", 1);
        assert!(merge_texts(&[extra]).is_ok());
        assert!(merge_texts(&[deep_member]).is_ok());
    }

    #[test]
    fn files_of_another_batch_are_refused() {
        let loaded = own_ward();
        let files = shards(&loaded, 3);
        let other = shard(&loaded, 2, 2);
        assert_names(
            &refused(&[files[0].clone(), other]),
            &["shard-2.json: shards = 2: is one of 2 shards, shard-1.json one of 3"],
        );
        let mut seeded = builtin_named();
        seeded.scenario.run.seed = 9;
        seeded.info.hash = seeded.scenario.hash();
        let other = shard(&seeded, 2, 2);
        let first = shard(&builtin_named(), 1, 2);
        assert_names(
            &refused(&[first, other]),
            &["shard-2.json: belongs to another scenario or settings than shard-1.json"],
        );
    }
}
