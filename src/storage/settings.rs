//! The user's settings, in `settings.toml`: hand-editable TOML whose missing
//! keys take their defaults.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::i18n::Language;

use super::{
    AppPaths, SETTINGS_MAX_BYTES, StorageError, read_text_if_present, set_aside, write_private_file,
};

/// Which recovery service the app talks to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointSetting {
    /// The mock started inside the app: nothing leaves the machine.
    #[default]
    BuiltInMock,
    Url(String),
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ThemePreference {
    /// Light or dark, as the OS is.
    #[default]
    System,
    Light,
    Dark,
    HighContrast,
}

impl ThemePreference {
    pub const ALL: [ThemePreference; 4] =
        crate::variants(<ThemePreference as strum::VariantArray>::VARIANTS);

    /// The name in the settings file.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What the user chose, in `settings.toml`. Missing keys take their default,
/// so files written by older versions, or edited by hand, still load.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub endpoint: EndpointSetting,
    /// Written as its code ("vi", "en", "ru"); `None` follows the OS.
    pub language: Option<Language>,
    pub theme: ThemePreference,
    /// The support panel beside the user's screen (built-in mock only).
    pub support_mode: bool,
}

impl Settings {
    /// The saved settings; the defaults when none were saved yet. An
    /// unreadable or invalid file is an error naming it, and is left as it is.
    pub fn load(paths: &AppPaths) -> Result<Settings, StorageError> {
        let path = paths.settings_file();
        let Some(text) = read_text_if_present(&path, SETTINGS_MAX_BYTES)? else {
            return Ok(Settings::default());
        };
        toml::from_str(&text).map_err(|error| StorageError::Invalid {
            reason: describe_toml_error(&text, &error),
            path,
        })
    }

    pub fn save(&self, paths: &AppPaths) -> Result<(), StorageError> {
        write_private_file(
            &paths.config_dir,
            &paths.settings_file(),
            self.to_toml().as_bytes(),
        )
    }

    /// Moves an invalid settings file out of the way, keeping its content.
    pub fn set_aside_bad(paths: &AppPaths) -> Result<PathBuf, StorageError> {
        set_aside(&paths.settings_file())
    }

    /// A template, so that the file carries comments that help someone
    /// editing it; each value is written by the TOML crate.
    fn to_toml(&self) -> String {
        let endpoint = match &self.endpoint {
            EndpointSetting::BuiltInMock => toml_string("built-in-mock"),
            EndpointSetting::Url(url) => format!("{{ url = {} }}", toml_string(url)),
        };
        let language = match self.language {
            Some(language) => format!("language = {}", toml_string(language.code())),
            None => "# language = \"vi\"".to_owned(),
        };
        format!(
            "# Keeper Recovery settings. Delete a line to go back to its default.\n\
             \n\
             # \"built-in-mock\", or {{ url = \"https://...\" }}\n\
             endpoint = {endpoint}\n\
             \n\
             # vi, en or ru; without it, the system's language\n\
             {language}\n\
             \n\
             # system, light, dark or high-contrast\n\
             theme = {theme}\n\
             \n\
             # true shows the support panel (with the built-in demo service)\n\
             support_mode = {support_mode}\n",
            theme = toml_string(self.theme.as_str()),
            support_mode = self.support_mode,
        )
    }
}

/// A TOML string, escaped by the TOML crate's own writer.
fn toml_string(value: &str) -> String {
    toml::Value::from(value).to_string()
}

/// "line N: what is wrong", on one line, for a message box.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim();
    match error.span() {
        Some(span) => {
            let line = text
                .get(..span.start)
                .map_or(1, |before| before.matches('\n').count() + 1);
            format!("line {line}: {message}")
        }
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Settings {
        toml::from_str(text).expect("the written TOML parses")
    }

    #[test]
    fn every_theme_is_written_as_serde_reads_it() {
        for theme in ThemePreference::ALL {
            let settings = Settings {
                theme,
                ..Settings::default()
            };
            assert_eq!(parse(&settings.to_toml()), settings);
        }
    }

    #[test]
    fn awkward_text_survives_the_hand_written_toml() {
        let awkward = "https://example.com/a\"b\\c\nd\te\r\u{0}\u{7f}\u{85}ờ Ж 🙂";
        let settings = Settings {
            endpoint: EndpointSetting::Url(awkward.to_owned()),
            language: Some(Language::Ru),
            theme: ThemePreference::Dark,
            support_mode: true,
        };
        assert_eq!(parse(&settings.to_toml()), settings);
    }

    #[test]
    fn defaults_are_written_and_read_back() {
        let settings = Settings::default();
        let text = settings.to_toml();
        assert!(
            !text.contains("\nlanguage"),
            "no language means none written"
        );
        assert_eq!(parse(&text), settings);
    }

    #[test]
    fn partial_and_newer_files_load() {
        assert_eq!(parse(""), Settings::default());
        let partial = parse("theme = \"high-contrast\"\nfuture_option = 3\n");
        assert_eq!(partial.theme, ThemePreference::HighContrast);
        assert_eq!(partial.endpoint, EndpointSetting::BuiltInMock);
    }

    #[test]
    fn toml_errors_name_the_line() {
        let text = "theme = \"dark\"\n\nendpoint = {url = }\n";
        let error = toml::from_str::<Settings>(text).expect_err("invalid");
        let described = describe_toml_error(text, &error);
        assert!(described.starts_with("line 3: "), "{described}");
        assert!(!described.contains('\n'), "{described}");
    }
}
