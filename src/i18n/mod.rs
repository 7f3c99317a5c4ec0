//! The app's words in Vietnamese, English and Russian, and the one place that
//! turns every error, state and outcome into them.
//!
//! The texts live in `i18n/<code>/keeper-recovery.ftl` (Project Fluent), built
//! into the binary. Nothing here knows about the GUI.

mod words;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::{LanguageIdentifier, langid};

/// A language the app speaks, in the order the language picker lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Vi,
    En,
    Ru,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Vi, Language::En, Language::Ru];

    /// The ISO 639-1 code, as in `i18n/<code>/`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
            Language::Ru => "ru",
        }
    }

    /// The language's name in itself, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Vi => "Tiếng Việt",
            Language::En => "English",
            Language::Ru => "Русский",
        }
    }

    /// Reads a language tag or a POSIX locale: "vi", "vi-VN", "ru_RU.UTF-8", "en_GB@euro".
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code
            .trim()
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|language| primary.eq_ignore_ascii_case(language.code()))
    }

    /// The first of the user's preferred locales the app speaks; English otherwise.
    pub fn from_locales<I, S>(locales: I) -> Language
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        locales
            .into_iter()
            .find_map(|locale| Language::from_code(locale.as_ref()))
            .unwrap_or(Language::En)
    }

    /// The language the operating system asks for.
    pub fn from_os() -> Language {
        Language::from_locales(sys_locale::get_locales())
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Language::Vi => langid!("vi"),
            Language::En => langid!("en"),
            Language::Ru => langid!("ru"),
        }
    }

    fn ftl(self) -> &'static str {
        match self {
            Language::Vi => include_str!("../../i18n/vi/keeper-recovery.ftl"),
            Language::En => include_str!("../../i18n/en/keeper-recovery.ftl"),
            Language::Ru => include_str!("../../i18n/ru/keeper-recovery.ftl"),
        }
    }

    fn index(self) -> usize {
        match self {
            Language::Vi => 0,
            Language::En => 1,
            Language::Ru => 2,
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.native_name())
    }
}

/// A value for a message's placeable: text as is, or a number that plural
/// selectors can choose by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}

impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        Arg::Number(value)
    }
}

impl From<u32> for Arg {
    fn from(value: u32) -> Self {
        Arg::Number(i64::from(value))
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Each language is parsed once, on first use, and shared by every translator.
static BUNDLES: [OnceLock<Bundle>; 3] = [const { OnceLock::new() }; 3];

fn build_bundle(language: Language) -> Bundle {
    let mut bundle = FluentBundle::new_concurrent(vec![language.langid()]);
    // Isolation marks around placeables break exact-text matching in tests and
    // draw as boxes where shaping is basic.
    bundle.set_use_isolating(false);
    // A broken entry must not take the whole language down: keep what parsed and
    // let the missing ids show (the completeness tests catch them first).
    let resource = match FluentResource::try_new(language.ftl().to_owned()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            tracing::error!(language = language.code(), ?errors, "FTL parse errors");
            resource
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(language = language.code(), ?errors, "FTL entries rejected");
    }
    bundle
}

/// Turns message ids and the library's types into words of one language.
/// Cheap to create and to copy: the parsed texts are shared.
#[derive(Clone, Copy)]
pub struct Translator {
    language: Language,
    bundle: &'static Bundle,
}

impl std::fmt::Debug for Translator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translator")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl Translator {
    pub fn new(language: Language) -> Self {
        let bundle = BUNDLES[language.index()].get_or_init(|| build_bundle(language));
        Translator { language, bundle }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message `id`; the id itself if there is no such message.
    pub fn tr(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with its placeables filled in.
    pub fn tr_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_str()),
                Arg::Number(number) => FluentValue::from(*number),
            };
            fluent.set(*name, value);
        }
        self.format(id, Some(&fluent))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(language = self.language.code(), id, "missing message");
            return id.to_owned();
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            // A missing or misnamed argument shows as "{$count}" on screen: in a
            // debug build (every test run on Linux) that is a failure, not a log line.
            #[cfg(debug_assertions)]
            panic!(
                "message {id:?} ({}) formatted with errors: {errors:?}",
                self.language.code()
            );
            #[cfg(not(debug_assertions))]
            tracing::warn!(
                language = self.language.code(),
                id,
                ?errors,
                "message formatted with errors"
            );
        }
        text.into_owned()
    }
}
