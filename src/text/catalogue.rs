//! Fixed wording in both languages: the `catalogue!` macro declares an enum
//! of messages, each written once with its English and its Japanese side by
//! side, so that one cannot exist without the other.

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
/// [`Lang`](super::Lang); `en()` and `ja()`; and a conversion into a
/// [`Text`](super::Text) holding both.
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

            /// English.
            pub fn en(self) -> &'static str {
                match self { $($name::$variant => $en,)* }
            }

            /// Japanese.
            pub fn ja(self) -> &'static str {
                match self { $($name::$variant => $ja,)* }
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
