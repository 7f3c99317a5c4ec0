//! Where no file dialog opens: the path a diagnostics bundle is saved to,
//! typed, as the documents and key-file steps take theirs.

use std::path::{Path, PathBuf};

use iced::Element;
use iced::widget::{button, column, row, text};

use super::Message;
use crate::app::accessibility::annotate::{self, Field};
use crate::app::chrome::theme;
use crate::i18n::Translator;

/// The path field's id, for the keyboard's focus.
pub const BUNDLE_PATH_INPUT: &str = "bundle-path-input";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedPath {
    pub text: String,
    /// The message id of what is wrong with the path typed, if anything.
    pub problem: Option<&'static str>,
    /// Paths are typed because the user asked for it (`--type-paths`).
    pub by_choice: bool,
}

impl TypedPath {
    /// Offered filled in: `name` in the Downloads folder (or home).
    pub fn offered(name: &str, by_choice: bool) -> TypedPath {
        let text = crate::keyfile::save::downloads_folder()
            .map(|folder| folder.join(name).display().to_string())
            .unwrap_or_else(|| name.to_owned());
        TypedPath {
            text,
            problem: None,
            by_choice,
        }
    }

    /// The file to write, or what is wrong with the path typed. A folder
    /// gets `name` inside it; a relative path is taken from the Downloads
    /// folder; an existing file is never replaced.
    pub fn resolve(&self, name: &str) -> Result<PathBuf, &'static str> {
        let typed = self.text.trim();
        if typed.is_empty() {
            return Err("bundle-path-empty");
        }
        let home = || directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
        let path = match typed.strip_prefix("~/").or(typed.strip_prefix("~\\")) {
            Some(rest) => home().map_or_else(|| PathBuf::from(typed), |home| home.join(rest)),
            None if Path::new(typed).is_relative() => crate::keyfile::save::downloads_folder()
                .map_or_else(|| PathBuf::from(typed), |folder| folder.join(typed)),
            None => PathBuf::from(typed),
        };
        let path = if path.is_dir() { path.join(name) } else { path };
        if path.exists() {
            return Err("bundle-path-taken");
        }
        Ok(path)
    }

    pub fn view<'a>(&'a self, tr: &Translator) -> Element<'a, Message> {
        let label = tr.tr("bundle-path-label");
        let input = Field {
            label: label.clone(),
            label_shown: false,
            example: String::new(),
            value: &self.text,
            secure: false,
            id: BUNDLE_PATH_INPUT,
            on_submit: Some(Message::SaveTyped),
        }
        .view(Message::PathTyped);
        let mut prompt = column![
            annotate::status(
                text(tr.tr(if self.by_choice {
                    "typed-paths"
                } else {
                    "no-file-dialog"
                }))
                .style(theme::warning_text)
            ),
            text(label),
            row![
                annotate::landing(input),
                annotate::button(
                    button(text(tr.tr("button-save-here"))).style(theme::primary),
                    Some(Message::SaveTyped)
                ),
                annotate::button(
                    button(text(tr.tr("button-cancel"))).style(theme::secondary),
                    Some(Message::CancelTyped)
                ),
            ]
            .spacing(8)
            .wrap(),
        ]
        .spacing(6);
        if let Some(problem) = self.problem {
            prompt = prompt.push(annotate::status(
                text(tr.tr(problem)).style(theme::error_text),
            ));
        }
        annotate::step(prompt, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TypedPath {
        TypedPath {
            text: text.to_owned(),
            problem: None,
            by_choice: false,
        }
    }

    #[test]
    fn a_folder_gets_the_name_and_a_taken_file_is_refused() {
        let folder = tempfile::tempdir().expect("temp dir");
        let name = "bundle.zip";
        let into_folder = typed(&folder.path().display().to_string());
        assert_eq!(into_folder.resolve(name), Ok(folder.path().join(name)));
        std::fs::write(folder.path().join(name), b"kept").expect("a file");
        assert_eq!(into_folder.resolve(name), Err("bundle-path-taken"));
        assert_eq!(typed("  ").resolve(name), Err("bundle-path-empty"));
        let elsewhere = folder.path().join("other.zip");
        assert_eq!(
            typed(&elsewhere.display().to_string()).resolve(name),
            Ok(elsewhere)
        );
    }
}
