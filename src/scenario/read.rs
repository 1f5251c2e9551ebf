//! A reader over a parsed file (TOML, or JSON turned into the same value
//! tree) that checks types, ranges and field names and collects every error
//! with its path instead of stopping at the first.

use toml::Value;
use toml::value::Table;

use super::error::FieldError;
pub use crate::text::format::number_text;

use super::message::{Phrase, Problem, Shown};

/// A value as an error message shows it.
pub fn describe(v: &Value) -> Shown {
    match v {
        Value::String(s) => {
            let short: String = s.chars().take(60).collect();
            Shown::Written(if short.len() < s.len() {
                format!("{short:?}…")
            } else {
                format!("{s:?}")
            })
        }
        Value::Integer(i) => Shown::Written(i.to_string()),
        Value::Float(x) => Shown::Written(number_text(*x)),
        Value::Boolean(b) => Shown::Written(b.to_string()),
        Value::Datetime(d) => Shown::Written(d.to_string()),
        Value::Array(a) => Shown::Array(a.len()),
        Value::Table(_) => Shown::Table,
    }
}

fn kind(v: &Value) -> Phrase {
    match v {
        Value::String(_) => Phrase::AString,
        Value::Integer(_) => Phrase::AWhole,
        Value::Float(_) => Phrase::ANumber,
        Value::Boolean(_) => Phrase::ABool,
        Value::Datetime(_) => Phrase::ADate,
        Value::Array(_) => Phrase::AnArray,
        Value::Table(_) => Phrase::ATable,
    }
}

/// Join a path and a key.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Path of an array item.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// Collects errors while reading.
#[derive(Debug, Default)]
pub struct Reader {
    /// Errors so far.
    pub errors: Vec<FieldError>,
}

impl Reader {
    /// Record an error.
    pub fn error(&mut self, path: &str, value: impl Into<Shown>, problem: Problem) {
        self.errors.push(FieldError::new(path, value, problem));
    }

    /// Record a type error.
    pub fn wrong_type(&mut self, path: &str, v: &Value, expected: Phrase) {
        self.error(
            path,
            describe(v),
            Problem::WrongType {
                expected,
                found: kind(v),
            },
        );
    }

    /// Report keys of `table` that are not in `allowed`.
    pub fn only_keys(&mut self, table: &Table, path: &str, allowed: &[&str]) {
        for (k, v) in table {
            if !allowed.contains(&k.as_str()) {
                self.error(
                    &join(path, k),
                    describe(v),
                    Problem::UnknownField {
                        allowed: allowed.join(", "),
                    },
                );
            }
        }
    }

    /// `v` as a table.
    pub fn as_table<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Table> {
        match v {
            Value::Table(t) => Some(t),
            other => {
                self.wrong_type(path, other, Phrase::ATable);
                None
            }
        }
    }

    /// `v` as an array.
    pub fn as_array<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Vec<Value>> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.wrong_type(path, other, Phrase::AnArray);
                None
            }
        }
    }

    /// `v` as a string.
    pub fn as_str<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a str> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(path, other, Phrase::AString);
                None
            }
        }
    }

    /// `v` as a finite number (integers accepted).
    pub fn as_number(&mut self, v: &Value, path: &str) -> Option<f64> {
        match v {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(x) if x.is_finite() => Some(*x),
            Value::Float(x) => {
                self.error(path, number_text(*x), Problem::Fixed(Phrase::Finite));
                None
            }
            other => {
                self.wrong_type(path, other, Phrase::ANumber);
                None
            }
        }
    }

    /// `v` as a whole number in `min..=max`; `what` names the field.
    pub fn as_whole(
        &mut self,
        v: &Value,
        path: &str,
        min: i64,
        max: i64,
        what: Phrase,
    ) -> Option<i64> {
        let problem = |found| Problem::Whole {
            what,
            min,
            max,
            found,
        };
        let n = match v {
            Value::Integer(i) => *i,
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 => *x as i64,
            Value::Float(x) => {
                self.error(path, number_text(*x), problem(None));
                return None;
            }
            other => {
                self.error(path, describe(other), problem(Some(kind(other))));
                return None;
            }
        };
        if n < min || n > max {
            self.error(path, n.to_string(), problem(None));
            return None;
        }
        Some(n)
    }

    /// A number in a range; `range` says what is allowed.
    pub fn as_number_in(
        &mut self,
        v: &Value,
        path: &str,
        ok: impl Fn(f64) -> bool,
        range: Phrase,
    ) -> Option<f64> {
        if !matches!(v, Value::Integer(_) | Value::Float(_)) {
            // Say what is allowed, not only that a number was expected.
            self.error(
                path,
                describe(v),
                Problem::Range {
                    range,
                    found: Some(kind(v)),
                },
            );
            return None;
        }
        let x = self.as_number(v, path)?;
        if ok(x) {
            Some(x)
        } else {
            self.error(path, describe(v), Problem::Range { range, found: None });
            None
        }
    }

    /// An amount of money in yen: a finite number of 0 or more.
    pub fn as_money(&mut self, v: &Value, path: &str) -> Option<f64> {
        self.as_number_in(v, path, |x| (0.0..=1e15).contains(&x), Phrase::Money)
    }

    /// A probability or share: a number from 0 to 1.
    pub fn as_probability(&mut self, v: &Value, path: &str) -> Option<f64> {
        self.as_number_in(v, path, |x| (0.0..=1.0).contains(&x), Phrase::Probability)
    }

    /// Optional field `key` of `t`, read with `f`.
    pub fn optional<T>(
        &mut self,
        t: &Table,
        path: &str,
        key: &str,
        f: impl FnOnce(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        t.get(key).and_then(|v| f(self, v, &join(path, key)))
    }

    /// Required field `key` of `t`, read with `f`; `hint` says what to give.
    pub fn required<T>(
        &mut self,
        t: &Table,
        path: &str,
        key: &str,
        hint: Phrase,
        f: impl FnOnce(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        match t.get(key) {
            Some(v) => f(self, v, &join(path, key)),
            None => {
                self.error(&join(path, key), Shown::Nothing, Problem::Missing(hint));
                None
            }
        }
    }

    /// A non-empty string of at most `max` characters.
    pub fn as_text(&mut self, v: &Value, path: &str, max: usize) -> Option<String> {
        let s = self.as_str(v, path)?;
        if s.trim().is_empty() {
            self.error(path, describe(v), Problem::Fixed(Phrase::NotEmpty));
            None
        } else if s.chars().count() > max {
            self.error(path, describe(v), Problem::TooLong { max });
            None
        } else {
            Some(s.to_string())
        }
    }
}

/// Turn a JSON value into the TOML value tree (JSON `null` has no TOML
/// counterpart and is an error at its path).
pub fn json_to_toml(v: &serde_json::Value, path: &str, reader: &mut Reader) -> Option<Value> {
    Some(match v {
        serde_json::Value::Null => {
            reader.error(path, "null", Problem::Fixed(Phrase::Null));
            return None;
        }
        serde_json::Value::Bool(b) => Value::Boolean(*b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Integer(i)
            } else if let Some(u) = n.as_u64() {
                // Beyond i64: keep the value as a float only if exact.
                Value::Float(u as f64)
            } else {
                Value::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .filter_map(|(i, x)| json_to_toml(x, &index(path, i), reader))
                .collect(),
        ),
        serde_json::Value::Object(o) => {
            let mut t = Table::new();
            for (k, x) in o {
                if let Some(x) = json_to_toml(x, &join(path, k), reader) {
                    t.insert(k.clone(), x);
                }
            }
            Value::Table(t)
        }
    })
}
