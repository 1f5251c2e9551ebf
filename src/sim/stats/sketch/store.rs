//! The bucket counts of one sign of a [`QuantileSketch`]: a dense window
//! that grows in either direction up to [`MAX_BUCKETS`] and collapses its
//! smallest magnitudes beyond that.
//!
//! [`QuantileSketch`]: super::QuantileSketch

use super::MAX_BUCKETS;

/// Buckets allocated for the first value of a store.
const INITIAL_BUCKETS: usize = 64;

/// Dense bucket counts for one sign. `counts[j]` is the count of bucket
/// `offset + j`. Invariant: `counts.len() <= MAX_BUCKETS`, and every nonzero
/// bucket lies in the window. Because the window contains the highest
/// nonzero index and is at most `MAX_BUCKETS` wide, its lower end is never
/// below the collapse boundary, so the fast path never needs to collapse.
#[derive(Clone, Debug, Default)]
pub(super) struct Store {
    pub(super) counts: Vec<u64>,
    pub(super) offset: i32,
}

impl Store {
    /// Counts one value in bucket `idx`; returns whether buckets collapsed.
    #[inline(always)]
    pub(super) fn add_one(&mut self, idx: i32) -> bool {
        // Indices are bounded by |idx| < 2^20, so the subtraction never wraps;
        // a negative difference becomes a huge usize and fails the check.
        let j = idx.wrapping_sub(self.offset) as u32 as usize;
        if let Some(c) = self.counts.get_mut(j) {
            *c += 1;
            false
        } else {
            self.add_slow(idx, 1)
        }
    }

    #[cold]
    #[inline(never)]
    fn add_slow(&mut self, idx: i32, count: u64) -> bool {
        let len = self.counts.len();
        // Full window whose top bucket is occupied: the boundary is `offset`,
        // so anything below collapses into the first bucket in O(1).
        if idx < self.offset && len == MAX_BUCKETS && self.counts[len - 1] != 0 {
            self.counts[0] += count;
            return true;
        }
        let (boundary, mut collapsed) = self.reshape(idx, idx);
        let t = if idx < boundary {
            collapsed = true;
            boundary
        } else {
            idx
        };
        self.counts[(t - self.offset) as usize] += count;
        collapsed
    }

    /// Lowest and highest nonzero index.
    fn nonzero_range(&self) -> Option<(i32, i32)> {
        let lo = self.counts.iter().position(|&c| c != 0)?;
        let hi = self.counts.iter().rposition(|&c| c != 0)?;
        Some((self.offset + lo as i32, self.offset + hi as i32))
    }

    /// Prepares the window for adding indices in `[lo_in, hi_in]`.
    ///
    /// The collapse boundary is `highest index − (MAX_BUCKETS − 1)`, where the
    /// highest index includes `hi_in`; existing counts below it are folded into
    /// it. Returns the boundary (indices below it must be added at the
    /// boundary) and whether existing counts were folded. Because the result
    /// depends only on the highest index ever seen, collapsing commutes with
    /// adding and merging.
    fn reshape(&mut self, lo_in: i32, hi_in: i32) -> (i32, bool) {
        let cur = self.nonzero_range();
        let (lo_all, hi_new) = match cur {
            Some((lo, hi)) => (lo.min(lo_in), hi.max(hi_in)),
            None => (lo_in, hi_in),
        };
        let max = MAX_BUCKETS as i32;
        let boundary = hi_new - (max - 1);
        let lo_new = lo_all.max(boundary);
        let len = self.counts.len() as i32;
        if lo_new >= self.offset && hi_new < self.offset + len {
            // Already covered; the window contains the highest index and is
            // at most MAX_BUCKETS wide, so nothing lies below the boundary.
            return (boundary, false);
        }
        let needed = (hi_new - lo_new + 1) as usize;
        let target = needed
            .max(2 * self.counts.len())
            .clamp(INITIAL_BUCKETS, MAX_BUCKETS);
        // The spare buckets go half below, half above: a series that has
        // grown on one side is as likely to grow on the other next, and
        // with all the spare on the side of the last growth, a series
        // spread around its first values would double its window at each
        // change of side (up to the 4096 buckets of the bound for a
        // series that needs a few hundred).
        let extra = (target - needed) as i32;
        let down = extra / 2;
        let new_off = boundary.max(lo_new - down);
        let mut counts = vec![0u64; target];
        let mut folded = false;
        for (j, &c) in self.counts.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let i = self.offset + j as i32;
            let t = if i < boundary {
                folded = true;
                boundary
            } else {
                i
            };
            counts[(t - new_off) as usize] += c;
        }
        self.counts = counts;
        self.offset = new_off;
        (boundary, folded)
    }

    /// Adds all buckets of `other`; returns whether buckets collapsed.
    pub(super) fn merge(&mut self, other: &Store) -> bool {
        let Some((lo, hi)) = other.nonzero_range() else {
            return false;
        };
        let (boundary, mut collapsed) = self.reshape(lo, hi);
        for (i, c) in other.iter() {
            let t = if i < boundary {
                collapsed = true;
                boundary
            } else {
                i
            };
            self.counts[(t - self.offset) as usize] += c;
        }
        collapsed
    }

    /// Nonzero buckets `(index, count)` in increasing index order.
    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        let off = self.offset;
        self.counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c != 0)
            .map(move |(j, &c)| (off + j as i32, c))
    }

    /// Builds a store from validated sparse buckets (strictly increasing
    /// indices, positive counts, width at most MAX_BUCKETS).
    pub(super) fn from_sparse(buckets: &[(i32, u64)]) -> Store {
        match (buckets.first(), buckets.last()) {
            (Some(&(lo, _)), Some(&(hi, _))) => {
                let mut counts = vec![0u64; (hi - lo + 1) as usize];
                for &(i, c) in buckets {
                    counts[(i - lo) as usize] = c;
                }
                Store { counts, offset: lo }
            }
            _ => Store::default(),
        }
    }

    /// Heap bytes held by the bucket vector.
    pub(super) fn heap_bytes(&self) -> usize {
        self.counts.capacity() * size_of::<u64>()
    }
}

impl PartialEq for Store {
    /// Compares the represented nonzero buckets, not the window layout.
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Store {}
