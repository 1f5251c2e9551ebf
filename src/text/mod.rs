//! The bottom layer of text, shared by every other: the two languages
//! ([`Lang`]), a message said in both ([`Bilingual`], [`Text`]), fixed
//! wording in both (the `catalogue!` macro), and how numbers, money and
//! dates are written ([`format`]). It imports nothing else of the crate.

use serde::{Deserialize, Serialize};

pub mod amount;
mod catalogue;
pub mod format;

pub(crate) use catalogue::catalogue;
pub use catalogue::{fill, translated};

/// A message in both languages of the interface, for messages that cross
/// a boundary as data (from the simulation worker to the page) or are kept
/// until the language is known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Japanese.
    pub ja: String,
}

impl Text {
    /// A message from its two translations.
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            ja: ja.into(),
        }
    }
}

/// Something said in English and in Japanese.
///
/// An implementation gives [`text`](Bilingual::text): the message in both
/// languages, each variant's English and Japanese written side by side in
/// one `match` arm, so that neither can be changed or left out without the
/// other in sight. [`en`](Bilingual::en) and [`ja`](Bilingual::ja) are
/// taken from it.
pub trait Bilingual {
    /// Both texts.
    fn text(&self) -> Text;
    /// The English text.
    fn en(&self) -> String {
        self.text().en
    }
    /// The Japanese text.
    fn ja(&self) -> String {
        self.text().ja
    }
}

impl Bilingual for Text {
    fn text(&self) -> Text {
        self.clone()
    }
}

/// Language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 日本語 (the default for Japanese browsers).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// The language for a browser language tag such as `ja-JP` or `en-GB`.
    pub fn from_browser(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

/// A message (an error, a warning, with its two translations) in `lang`.
pub fn say(message: &impl Bilingual, lang: Lang) -> String {
    match lang {
        Lang::En => message.en(),
        Lang::Ja => message.ja(),
    }
}

impl Text {
    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}
