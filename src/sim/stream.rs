//! Random streams keyed by (seed, run, ward, purpose).
//!
//! Every random number of a result comes from a stream whose key is a hash
//! of the seed, the run index, the ward and what the number is for. Results
//! therefore do not depend on batch size, thread or worker count, shard
//! boundaries or scenario order, and two scenarios run with one seed share
//! their random numbers (common random numbers).
//!
//! A stream is SplitMix64 (Steele, Lea & Flood 2014): the n-th output is
//! `mix(key + n·γ)`. It is counter-based, so the monthly flow draws are
//! looked up by month without any state, and it is the same on every
//! platform.

/// The SplitMix64 increment γ (the golden ratio in 64 bits).
pub const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

pub use crate::hash::{hash_name, mix64};

/// What a stream's numbers are used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Sampling one parameter for a run (keyed by the parameter's name hash).
    Parameter(u64),
    /// The per-ward variation of one parameter (keyed by its name hash).
    WardVariation(u64),
    /// One of the five monthly flows of a ward (docs/model.md §4), or the phase of
    /// its whole-seat training.
    Flow(u8),
}

impl Purpose {
    fn code(self) -> u64 {
        match self {
            Purpose::Parameter(h) => mix64(h ^ 0x5041_5241_4D00_0001),
            Purpose::WardVariation(h) => mix64(h ^ 0x5741_5244_5600_0002),
            Purpose::Flow(f) => mix64(u64::from(f) ^ 0x464C_4F57_0000_0003),
        }
    }
}

/// Key used for run-level streams (parameters) that belong to no ward.
pub const NO_WARD: u64 = 0;

/// The key of the stream for (seed, run, ward, purpose).
#[inline]
pub fn stream_key(seed: u64, run: u64, ward: u64, purpose: Purpose) -> u64 {
    let mut k = mix64(seed ^ 0x5341_5341_4541_4931);
    k = mix64(k ^ run.wrapping_mul(GOLDEN_GAMMA));
    k = mix64(k ^ ward);
    mix64(k ^ purpose.code())
}

/// The n-th raw output of the stream with key `key`.
#[inline]
pub fn nth(key: u64, n: u64) -> u64 {
    mix64(key.wrapping_add(n.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA)))
}

/// A uniform number in the open interval (0, 1) from 52 random bits: the
/// midpoints (k + ½)/2⁵², all exactly representable, the largest 1 − 2⁻⁵³.
#[inline]
pub fn unit_open(bits: u64) -> f64 {
    ((bits >> 12) as f64 + 0.5) * (1.0 / 4_503_599_627_370_496.0)
}

/// A sequential SplitMix64 stream, usable wherever a `rand` generator is
/// expected (parameter sampling).
#[derive(Clone, Debug)]
pub struct Stream {
    key: u64,
    next: u64,
}

impl Stream {
    /// The stream with key `key`, at its start.
    pub fn new(key: u64) -> Self {
        Stream { key, next: 0 }
    }
}

impl rand_core::TryRng for Stream {
    type Error = core::convert::Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let x = nth(self.key, self.next);
        self.next = self.next.wrapping_add(1);
        Ok(x)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::Rng;

    #[test]
    fn splitmix_reference_values() {
        // SplitMix64 seeded with 0 (reference: Vigna's splitmix64.c).
        let mut s = Stream::new(0);
        assert_eq!(s.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(s.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(s.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn keys_differ_by_every_component() {
        let base = stream_key(1, 2, 3, Purpose::Flow(0));
        assert_ne!(base, stream_key(2, 2, 3, Purpose::Flow(0)));
        assert_ne!(base, stream_key(1, 3, 3, Purpose::Flow(0)));
        assert_ne!(base, stream_key(1, 2, 4, Purpose::Flow(0)));
        assert_ne!(base, stream_key(1, 2, 3, Purpose::Flow(1)));
        assert_ne!(base, stream_key(1, 2, 3, Purpose::Parameter(0)));
    }

    #[test]
    fn uniforms_are_inside_the_open_interval() {
        assert!(unit_open(0) > 0.0);
        assert!(unit_open(u64::MAX) < 1.0);
        assert_eq!(unit_open(u64::MAX), 1.0 - f64::EPSILON / 2.0);
        assert_eq!(unit_open(0), f64::EPSILON / 2.0);
        let mean: f64 = (0..100_000).map(|n| unit_open(nth(42, n))).sum::<f64>() / 100_000.0;
        // SE of the mean of U(0,1) over 1e5 draws is 0.29/316 ≈ 9e-4; allow 5 SE.
        assert!((mean - 0.5).abs() < 4.6e-3, "{mean}");
    }
}
