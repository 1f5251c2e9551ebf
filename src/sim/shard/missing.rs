//! The shards of a batch that no file holds, found from the shard numbers
//! present and named as ranges.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::RangeInclusive;

use crate::text::format::group_thousands;

/// Ranges of missing shards named in full before the rest are counted.
const MAX_LISTED_RANGES: usize = 8;

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
pub(super) fn grouped(n: u64) -> String {
    group_thousands(i64::try_from(n).unwrap_or(i64::MAX))
}
