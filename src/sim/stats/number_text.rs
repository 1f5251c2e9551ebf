//! Serde forms of numbers written as decimal strings in human-readable
//! formats: `i128` (beyond what JSON numbers hold) and `f64` (so that it
//! reads back to the same bits whatever the JSON reader).

/// Serde adapter writing an `i128` as a decimal string in human-readable
/// formats (JSON numbers cannot hold the full `i128` range), natively
/// otherwise.
pub(super) mod i128_string {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(v)
        } else {
            v.serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        if !d.is_human_readable() {
            return i128::deserialize(d);
        }
        let s = String::deserialize(d)?;
        s.parse::<i128>()
            .map_err(|e| D::Error::custom(format!("invalid i128 string {s:?}: {e}")))
    }
}

/// Serde adapter writing an `f64` as a decimal string that parses back to
/// the same bits.
///
/// serde_json's default float parser (without its `float_roundtrip`
/// feature) can be off by one ulp for 17-digit or far-exponent numbers, which
/// would break bit-identical merges across a serialization boundary. Rust's
/// own formatting (shortest round-trip digits) and `str::parse::<f64>`
/// (correctly rounded) are exact and identical on every target. Plain
/// notation is used for 1e-5 <= |x| < 1e16 (e.g. `"30000"`, `"0.72"`),
/// exponent notation otherwise (e.g. `"7.788303693385738e302"`). Input may
/// also be a JSON number (accepted as parsed). Binary (non-human-readable)
/// formats use the plain `f64`, which they store exactly.
pub(super) mod f64_string {
    use serde::de::{Error, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return v.serialize(s);
        }
        let a = v.abs();
        if a == 0.0 || (1e-5..1e16).contains(&a) {
            s.collect_str(v)
        } else {
            s.collect_str(&format_args!("{v:e}"))
        }
    }

    struct F64Visitor;

    impl Visitor<'_> for F64Visitor {
        type Value = f64;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a finite number or a decimal string")
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<f64, E> {
            v.trim()
                .parse::<f64>()
                .map_err(|e| E::custom(format!("invalid f64 string {v:?}: {e}")))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        if d.is_human_readable() {
            d.deserialize_any(F64Visitor)
        } else {
            f64::deserialize(d)
        }
    }
}
