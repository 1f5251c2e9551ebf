//! A reader over a parsed file (TOML, or JSON turned into the same value
//! tree) that checks types, ranges and field names and collects every error
//! with its path instead of stopping at the first.

use toml::Value;
use toml::value::Table;

use super::error::FieldError;

/// Render a value for an error message.
pub fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let short: String = s.chars().take(60).collect();
            if short.len() < s.len() {
                format!("{short:?}…")
            } else {
                format!("{s:?}")
            }
        }
        Value::Integer(i) => i.to_string(),
        Value::Float(x) => number_text(*x),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(a) => format!(
            "an array of {} item{}",
            a.len(),
            if a.len() == 1 { "" } else { "s" }
        ),
        Value::Table(_) => "a table".to_string(),
    }
}

/// A number for an error message: as written for everyday sizes, in
/// exponent form (`-7.86e129`) when it would take more than 16 digits
/// (Rust writes a float in full, hundreds of digits for the largest).
pub fn number_text(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-6..1e16).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "a whole number",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true/false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
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
    pub fn error(&mut self, path: &str, value: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError {
            path: path.to_string(),
            value: value.into(),
            message: message.into(),
        });
    }

    /// Record a type error.
    pub fn wrong_type(&mut self, path: &str, v: &Value, expected: &str) {
        self.error(
            path,
            describe(v),
            format!("expected {expected}, found {}", kind(v)),
        );
    }

    /// Report keys of `table` that are not in `allowed`.
    pub fn only_keys(&mut self, table: &Table, path: &str, allowed: &[&str]) {
        for (k, v) in table {
            if !allowed.contains(&k.as_str()) {
                self.error(
                    &join(path, k),
                    describe(v),
                    format!(
                        "unknown field; the fields allowed here are: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// `v` as a table.
    pub fn as_table<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Table> {
        match v {
            Value::Table(t) => Some(t),
            other => {
                self.wrong_type(path, other, "a table");
                None
            }
        }
    }

    /// `v` as an array.
    pub fn as_array<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Vec<Value>> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.wrong_type(path, other, "an array");
                None
            }
        }
    }

    /// `v` as a string.
    pub fn as_str<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a str> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(path, other, "a string");
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
                self.error(path, number_text(*x), "must be a finite number");
                None
            }
            other => {
                self.wrong_type(path, other, "a number");
                None
            }
        }
    }

    /// `v` as a whole number in `min..=max`; `what` describes the field.
    pub fn as_whole(
        &mut self,
        v: &Value,
        path: &str,
        min: i64,
        max: i64,
        what: &str,
    ) -> Option<i64> {
        let allowed = format!(
            "{what} must be a whole number from {} to {}",
            group(min),
            group(max)
        );
        let n = match v {
            Value::Integer(i) => *i,
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 => *x as i64,
            Value::Float(x) => {
                self.error(path, number_text(*x), allowed);
                return None;
            }
            other => {
                self.error(
                    path,
                    describe(other),
                    format!("expected a whole number, found {}; {allowed}", kind(other)),
                );
                return None;
            }
        };
        if n < min || n > max {
            self.error(path, n.to_string(), allowed);
            return None;
        }
        Some(n)
    }

    /// A number in a range; `what` says what is allowed.
    pub fn as_number_in(
        &mut self,
        v: &Value,
        path: &str,
        ok: impl Fn(f64) -> bool,
        what: &str,
    ) -> Option<f64> {
        if !matches!(v, Value::Integer(_) | Value::Float(_)) {
            // Say what is allowed, not only that a number was expected.
            self.error(
                path,
                describe(v),
                format!("expected a number, found {}; {what}", kind(v)),
            );
            return None;
        }
        let x = self.as_number(v, path)?;
        if ok(x) {
            Some(x)
        } else {
            self.error(path, describe(v), what.to_string());
            None
        }
    }

    /// An amount of money in yen: a finite number of 0 or more.
    pub fn as_money(&mut self, v: &Value, path: &str) -> Option<f64> {
        self.as_number_in(
            v,
            path,
            |x| (0.0..=1e15).contains(&x),
            "money must be a number of yen from 0 to 1e15",
        )
    }

    /// A probability or share: a number from 0 to 1.
    pub fn as_probability(&mut self, v: &Value, path: &str) -> Option<f64> {
        self.as_number_in(
            v,
            path,
            |x| (0.0..=1.0).contains(&x),
            "must be a number from 0 to 1",
        )
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

    /// Required field `key` of `t`, read with `f`.
    pub fn required<T>(
        &mut self,
        t: &Table,
        path: &str,
        key: &str,
        what: &str,
        f: impl FnOnce(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<T> {
        match t.get(key) {
            Some(v) => f(self, v, &join(path, key)),
            None => {
                self.error(&join(path, key), "", format!("missing; {what}"));
                None
            }
        }
    }

    /// A non-empty string of at most `max` characters.
    pub fn as_text(&mut self, v: &Value, path: &str, max: usize) -> Option<String> {
        let s = self.as_str(v, path)?;
        if s.trim().is_empty() {
            self.error(path, describe(v), "must not be empty");
            None
        } else if s.chars().count() > max {
            self.error(
                path,
                describe(v),
                format!("must be at most {max} characters"),
            );
            None
        } else {
            Some(s.to_string())
        }
    }
}

/// Integer with thousands separators, for messages.
pub fn group(n: i64) -> String {
    crate::sim::report::group_thousands(n)
}

/// Turn a JSON value into the TOML value tree (JSON `null` has no TOML
/// counterpart and is an error at its path).
pub fn json_to_toml(v: &serde_json::Value, path: &str, reader: &mut Reader) -> Option<Value> {
    Some(match v {
        serde_json::Value::Null => {
            reader.error(
                path,
                "null",
                "null is not allowed; leave the field out instead",
            );
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
