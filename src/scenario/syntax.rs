//! The text layer under the scenario reader: JSON read strictly (a key
//! given twice in one object is an error, as in TOML, instead of the last
//! one silently winning), and the field path at the place a parser stopped,
//! so that a message about a number out of range or a repeated key names
//! its field (`run.seed`) and not only a line and column.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// How the message of a key given twice starts.
pub const KEY_TWICE: &str = "the key ";

/// Parse JSON like `serde_json::from_str::<Value>`, but refuse an object
/// that gives the same key twice.
pub fn parse_json_strict(text: &str) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = StrictValue.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// A JSON value whose objects may not repeat a key.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "{KEY_TWICE}{key:?} is given twice in one object"
                )));
            }
            let value = map.next_value_seed(StrictValue)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Byte offset of line `line`, column `column` (both from 1; the column in
/// characters) of `text`, clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}

/// One open container while scanning JSON.
enum Open {
    /// An object and the key whose value is being read, if any.
    Object(Option<String>),
    /// An array and the index of the element being read.
    Array(usize),
}

/// The field path (`run.targets[0].at_least`) of the JSON value being read
/// at byte `at` of `text`, as far as the text up to there shows it; empty
/// at the top level.
pub fn json_path_at(text: &str, at: usize) -> String {
    let mut stack: Vec<Open> = Vec::new();
    let mut chars = text[..at.min(text.len())].chars();
    // In an object: whether the next string is a key.
    let mut expect_key = false;
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                stack.push(Open::Object(None));
                expect_key = true;
            }
            '[' => {
                stack.push(Open::Array(0));
                expect_key = false;
            }
            '}' | ']' => {
                stack.pop();
                expect_key = false;
            }
            ',' => match stack.last_mut() {
                Some(Open::Array(n)) => *n += 1,
                Some(Open::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                None => {}
            },
            ':' => expect_key = false,
            '"' => {
                let mut s = String::new();
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        s.push(c);
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    } else {
                        s.push(c);
                    }
                }
                if expect_key && let Some(Open::Object(key)) = stack.last_mut() {
                    *key = Some(s);
                }
            }
            _ => {}
        }
    }
    let mut path = String::new();
    for open in &stack {
        match open {
            Open::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Object(None) => break,
            Open::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

/// The field path of the TOML key on the line of byte `at` of `text`
/// (`run.seed` for `seed = …` under `[run]`), when that line assigns a key
/// in a table header's section; the section's path when it does not; empty
/// before any header. Inline tables and arrays spread over several lines
/// are not followed: the path is that of the key they start at.
pub fn toml_path_at(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut section = String::new();
    let mut arrays: Vec<(String, usize)> = Vec::new();
    for line in text[..line_start].lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix("[[").and_then(|l| l.split("]]").next()) {
            let name = unquote_key(name);
            let count = match arrays.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    arrays.push((name.clone(), 0));
                    0
                }
            };
            section = format!("{name}[{count}]");
        } else if let Some(name) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            section = unquote_key(name);
        }
    }
    let line = &text[line_start..];
    let line = line.split('\n').next().unwrap_or("");
    let key = line
        .split_once('=')
        .filter(|(key, _)| line_start + key.len() < at || at == text.len())
        .map(|(key, _)| unquote_key(key))
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    match (section.is_empty(), key) {
        (_, None) => section,
        (true, Some(k)) => k,
        (false, Some(k)) => format!("{section}.{k}"),
    }
}

/// A dotted TOML key without spaces around its parts or their quotes.
fn unquote_key(key: &str) -> String {
    key.split('.')
        .map(|part| part.trim().trim_matches('"').trim_matches('\''))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_refused_at_its_place() {
        let text = "{\"a\": 1,\n \"b\": {\"c\": 2, \"c\": 3}}";
        let e = parse_json_strict(text).unwrap_err();
        assert!(e.to_string().contains("\"c\" is given twice"), "{e}");
        assert_eq!(e.line(), 2);
        let at = offset_of(text, e.line(), e.column());
        assert_eq!(json_path_at(text, at), "b.c");
        // Without repetition, the same value as serde_json's.
        let ok = "{\"a\": [1, 2.5, {\"x\": null}], \"b\": true, \"s\": \"é\"}";
        assert_eq!(
            parse_json_strict(ok).unwrap(),
            serde_json::from_str::<Value>(ok).unwrap()
        );
        // The same key in two objects is fine.
        assert!(parse_json_strict("[{\"a\": 1}, {\"a\": 2}]").is_ok());
    }

    #[test]
    fn the_path_of_a_number_out_of_range() {
        let text =
            "{\"name\": \"x\", \"run\": {\"targets\": [{\"id\": \"a\"}, {\"at_least\": 1e400}]}}";
        let e = serde_json::from_str::<Value>(text).unwrap_err();
        let at = offset_of(text, e.line(), e.column());
        assert_eq!(json_path_at(text, at), "run.targets[1].at_least");
        assert_eq!(json_path_at(text, 0), "");
        // Escaped quotes and brackets inside strings do not confuse it.
        let text = "{\"a\\\"[\": {\"b\": 1e999}}";
        let e = serde_json::from_str::<Value>(text).unwrap_err();
        assert_eq!(
            json_path_at(text, offset_of(text, e.line(), e.column())),
            "a\"[.b"
        );
    }

    #[test]
    fn the_toml_key_on_a_line() {
        let text = "name = \"x\"\n[run]\nruns = 5\nseed = 18446744073709551616\n\
                    [[run.targets]]\nid = \"a\"\n[[run.targets]]\nat_least = 1e999\n";
        let at = text.find("18446").unwrap();
        assert_eq!(toml_path_at(text, at), "run.seed");
        let at = text.find("1e999").unwrap();
        assert_eq!(toml_path_at(text, at), "run.targets[1].at_least");
        assert_eq!(toml_path_at(text, 8), "name");
        // Within the key itself, before its `=`: only the section.
        assert_eq!(toml_path_at(text, 2), "");
        let text = "[parameters]\n\"need_rate\" = oops\n";
        assert_eq!(
            toml_path_at(text, text.find("oops").unwrap()),
            "parameters.need_rate"
        );
    }

    #[test]
    fn offsets_count_characters() {
        let text = "ab\nçd\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
