//! Hashes shared by every layer: the SplitMix64 output function and a
//! 64-bit hash of a name. The random streams (`sim::stream`) are keyed with
//! them; the scenario layer hashes a scenario's canonical form with them.

/// The SplitMix64 output function (a bijection of u64 with full avalanche).
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit hash of a name (FNV-1a, then mixed), used to key streams by
/// ward and parameter names rather than by position.
pub fn hash_name(name: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix64(h)
}
