//! The merge of shard files: [`Merger`] reads one file at a time, checks
//! its header, its shard numbers, its scenario and its summaries against
//! the batch the first file fixed, and merges it; [`Merged`] is the result.

use std::collections::{BTreeMap, BTreeSet};

use crate::scenario::Loaded;
use crate::scenario::plan::Plan;
use crate::scenario::resolve::MAX_FILE_BYTES;
use crate::scenario::schema::MAX_RUNS;
use crate::sim::batch::shard_range;
use crate::sim::summary::Accumulator;

use super::error::{ShardError, ShardProblem};
use super::json::{Object, shown};
use super::missing::{MissingShards, grouped};
use super::scenario::{WardsNamed, check_hash, first_scenario, read_scenario};
use super::summaries::read_summaries;
use super::{MAX_SHARD_FILE_BYTES, SHARD_KIND};

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
        let top = read_top(bytes)?;
        let header = Header::read(&top)?;
        let shard = header.shard;
        match self.batch.as_mut() {
            None => {
                let batch = Batch::first(name, &top, header)?;
                self.seen.insert(shard, name.to_string());
                self.batch = Some(batch);
            }
            Some(batch) => {
                batch.add(&top, header, &self.seen)?;
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

/// The top object of a shard file's `bytes`: no larger than a shard file
/// may be, UTF-8 and JSON.
fn read_top(bytes: &[u8]) -> Result<Object<'_>, ShardProblem> {
    if bytes.len() > MAX_SHARD_FILE_BYTES {
        return Err(ShardProblem::TooLarge {
            size: bytes.len(),
            max: MAX_SHARD_FILE_BYTES,
            max_mb: MAX_SHARD_FILE_BYTES >> 20,
        });
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ShardProblem::NotJson(format!("not UTF-8 text: byte {}", e.valid_up_to())))?;
    Object::parse(text, "", TOP_FIELDS).map_err(|e| ShardProblem::NotJson(e.to_string()))
}

/// What a shard file says it is and holds, but its summaries.
struct Header {
    hash: String,
    wards_named: WardsNamed,
    scenario: serde_json::Value,
    shards: u64,
    shard: u64,
    range: [u64; 2],
}

impl Header {
    /// The fields of `top`, each checked as it is read: the kind and the
    /// model version before anything else.
    fn read(top: &Object<'_>) -> Result<Header, ShardProblem> {
        let Some(kind) = top.members.get("kind") else {
            return Err(ShardProblem::Kind {
                found: "missing".into(),
            });
        };
        if serde_json::from_str::<String>(kind.get()).ok().as_deref() != Some(SHARD_KIND) {
            return Err(ShardProblem::Kind { found: shown(kind) });
        }
        let version = top.raw("model_version")?;
        if !serde_json::from_str::<u32>(version.get())
            .is_ok_and(|v| (1..=crate::MODEL_VERSION).contains(&v))
        {
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
        Ok(Header {
            hash,
            wards_named,
            scenario,
            shards,
            shard,
            range,
        })
    }
}

impl Batch {
    /// The batch the first file fixes: its scenario checked against its
    /// hash and resolved, its shard numbers and its summaries checked
    /// against the plan.
    fn first(name: &str, top: &Object<'_>, h: Header) -> Result<Batch, ShardProblem> {
        let loaded = first_scenario(&h.scenario, &h.wards_named, &h.hash)?;
        check_numbers(&loaded.plan, h.shard, h.shards, h.range)?;
        let summaries = read_summaries(top.raw("summaries")?, &loaded.plan, h.range)?;
        Ok(Batch {
            file: name.to_string(),
            scenario: h.scenario,
            wards_named: h.wards_named,
            hash: h.hash,
            shards: h.shards,
            loaded,
            summaries,
        })
    }

    /// Checks a later file against the batch (the shards `seen` so far
    /// included) and merges its summaries.
    fn add(
        &mut self,
        top: &Object<'_>,
        h: Header,
        seen: &BTreeMap<u64, String>,
    ) -> Result<(), ShardProblem> {
        if h.scenario != self.scenario || h.wards_named != self.wards_named {
            // Its own hash first: a changed file is named as such.
            let as_run = read_scenario(&h.scenario)?;
            check_hash(&as_run, &h.wards_named, &h.hash)?;
            let field = if h.scenario != self.scenario {
                "scenario"
            } else {
                "wards_named"
            };
            return Err(ShardProblem::OtherBatch {
                other: self.file.clone(),
                field,
            });
        }
        if h.hash != self.hash {
            // The same scenario as the first file, whose hash holds.
            return Err(ShardProblem::Hash {
                recorded: h.hash,
                computed: self.hash.clone(),
            });
        }
        if h.shards != self.shards {
            return Err(ShardProblem::OtherShardCount {
                found: h.shards,
                other: self.file.clone(),
                expected: self.shards,
            });
        }
        check_numbers(&self.loaded.plan, h.shard, h.shards, h.range)?;
        if let Some(other) = seen.get(&h.shard) {
            return Err(ShardProblem::Duplicate {
                shard: h.shard,
                shards: h.shards,
                other: other.clone(),
            });
        }
        let summaries = read_summaries(top.raw("summaries")?, &self.loaded.plan, h.range)?;
        self.summaries
            .merge(&summaries)
            .map_err(ShardProblem::Overflow)
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
