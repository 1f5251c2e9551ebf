//! Reading a shard file's JSON objects field by field: the known members
//! of an object kept unparsed (a member written twice refused), whole
//! numbers, typed members and arrays counted before they are read, and
//! values shortened for messages.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::error::ShardProblem;

/// The known members of a JSON object, unparsed. Unknown members are
/// skipped without being kept, so an object costs memory for its known
/// fields only.
pub(super) struct Object<'a> {
    path: String,
    pub(super) members: BTreeMap<&'static str, &'a RawValue>,
}

impl<'a> Object<'a> {
    /// The object written in `text` (at `path`), keeping the members named
    /// in `fields`.
    pub(super) fn parse(
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
    pub(super) fn object(
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

    pub(super) fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    pub(super) fn raw(&self, key: &str) -> Result<&'a RawValue, ShardProblem> {
        self.members
            .get(key)
            .copied()
            .ok_or_else(|| ShardProblem::Missing(self.path_of(key)))
    }

    /// The member `key` read as a `T`; `expected` says what it should be.
    pub(super) fn typed<T: Deserialize<'a>>(
        &self,
        key: &str,
        expected: &str,
    ) -> Result<T, ShardProblem> {
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
    pub(super) fn whole(&self, key: &str) -> Result<u64, ShardProblem> {
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
    pub(super) fn array<T: DeserializeOwned>(
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
pub(super) enum ObjectError {
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
pub(super) fn shown(raw: &RawValue) -> String {
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
