//! Fixed wording in both languages: the `catalogue!` macro declares an enum
//! of messages, each written once with its English and its Japanese side by
//! side, so that one cannot exist without the other. A message may name
//! values as `{name}`, in whatever place each language puts them, and is
//! then said with [`fill`].

use std::fmt::{Display, Write};

/// Declares an enum of fixed messages, each written with both translations
/// side by side:
///
/// ```ignore
/// crate::text::catalogue! {
///     /// Fixed wording of messages, in both languages.
///     pub enum Phrase {
///         AString => "a string", "文字列";
///         ANumber => "a number", "数値";
///     }
/// }
/// ```
///
/// The enum (`Clone`, `Copy`, `Debug`, `PartialEq`, `Eq`) gets `ALL`, every
/// message in the order written; `text(self, lang)`, the message in a
/// [`Lang`](super::Lang); `fill(self, lang, values)`, the message in a
/// `Lang` with its `{name}`s replaced by values; `en()` and `ja()`;
/// `faulty()`, the messages a test should find none of; and a conversion
/// into a [`Text`](super::Text) holding both.
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident => $en:literal, $ja:literal;)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        $vis enum $name { $($variant),* }

        impl $name {
            /// Every message, in the order written.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The message in `lang`.
            pub fn text(self, lang: $crate::text::Lang) -> &'static str {
                match lang {
                    $crate::text::Lang::En => self.en(),
                    $crate::text::Lang::Ja => self.ja(),
                }
            }

            /// The message in `lang`, each `{name}` in it replaced by the
            /// value given for `name`.
            pub fn fill(
                self,
                lang: $crate::text::Lang,
                values: &[(&str, &dyn ::std::fmt::Display)],
            ) -> String {
                $crate::text::fill(self.text(lang), values)
            }

            /// English.
            pub fn en(self) -> &'static str {
                match self { $($name::$variant => $en,)* }
            }

            /// Japanese.
            pub fn ja(self) -> &'static str {
                match self { $($name::$variant => $ja,)* }
            }

            /// The messages empty in a language or naming other `{name}`s
            /// in English than in Japanese: none, in a sound catalogue.
            pub fn faulty() -> Vec<$name> {
                $name::ALL
                    .iter()
                    .copied()
                    .filter(|m| !$crate::text::translated(m.en(), m.ja()))
                    .collect()
            }
        }

        impl From<$name> for $crate::text::Text {
            fn from(message: $name) -> $crate::text::Text {
                $crate::text::Text::new(message.en(), message.ja())
            }
        }
    };
}

pub(crate) use catalogue;

/// `template` with each `{name}` replaced by the value given for `name` in
/// `values`; other braces stay as written. Values are put in as they are, so
/// braces in a value are never read as names.
pub fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut said = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        said.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            Some((close, value))
        });
        match value {
            Some((close, value)) => {
                let _ = write!(said, "{value}");
                rest = &after[close + 1..];
            }
            None => {
                said.push('{');
                rest = after;
            }
        }
    }
    said.push_str(rest);
    said
}

/// The `{name}`s of `template` (letters, digits and `_` between braces),
/// sorted.
fn names(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .collect();
    names.sort_unstable();
    names
}

/// Whether a message is written in both languages and names the same
/// `{name}`s in each.
pub fn translated(en: &str, ja: &str) -> bool {
    !en.trim().is_empty() && !ja.trim().is_empty() && names(en) == names(ja)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_each_value_where_its_name_is() {
        let (title, at) = ("Plan {at}", 3);
        assert_eq!(
            fill(
                "置き換え前: {title}（{at}）",
                &[("title", &title), ("at", &at)]
            ),
            "置き換え前: Plan {at}（3）"
        );
        assert_eq!(fill("{unknown} {", &[("title", &title)]), "{unknown} {");
    }

    #[test]
    fn a_translation_names_the_same_values() {
        assert!(translated("P({b} better than {a})", "P({b}が{a}より良い)"));
        assert!(!translated("{runs} runs", "試行回数"));
        assert!(!translated("runs", " "));
        assert!(translated("{ not a name }", "なし"));
    }
}
