//! The Keeper's blue-and-white look, a dark variant and a high-contrast one.

use iced::theme::Palette;
use iced::widget::container;
use iced::{Color, Theme, color};

use crate::i18n::Translator;
use crate::storage::ThemePreference;

#[cfg(test)]
mod contrast;
mod style;

pub use style::{
    card, danger, error_text, field, plain, primary, secondary, success_text, warning_text,
};

pub fn light() -> Theme {
    Theme::custom(
        "Keeper light".to_owned(),
        Palette {
            background: color!(0xFFFFFF),
            text: color!(0x1B2733),
            primary: color!(0x1565C0),
            success: color!(0x2E7D32),
            warning: color!(0xB26A00),
            danger: color!(0xC62828),
        },
    )
}

pub fn dark() -> Theme {
    Theme::custom(
        "Keeper dark".to_owned(),
        Palette {
            background: color!(0x111A24),
            text: color!(0xE6EDF5),
            primary: color!(0x4C9AFF),
            success: color!(0x66BB6A),
            warning: color!(0xFFB74D),
            danger: color!(0xEF5350),
        },
    )
}

/// White on black with a yellow accent: contrast well above WCAG AAA for text.
pub fn high_contrast() -> Theme {
    Theme::custom(
        "Keeper high contrast".to_owned(),
        Palette {
            background: color!(0x000000),
            text: color!(0xFFFFFF),
            primary: color!(0xFFE600),
            success: color!(0x00FF66),
            warning: color!(0xFFB000),
            danger: color!(0xFF6666),
        },
    )
}

pub fn for_preference(preference: ThemePreference, system_is_dark: bool) -> Theme {
    match preference {
        ThemePreference::Light => light(),
        ThemePreference::Dark => dark(),
        ThemePreference::HighContrast => high_contrast(),
        ThemePreference::System if system_is_dark => dark(),
        ThemePreference::System => light(),
    }
}

/// The header bar's colour: the theme's primary colour.
pub fn header_background(theme: &Theme) -> Color {
    theme.extended_palette().primary.base.color
}

/// Black or white, whichever reads better on the header (WCAG contrast ratio):
/// white on the Keeper blue, black on the high-contrast yellow.
pub fn header_text(theme: &Theme) -> Color {
    let background = header_background(theme);
    if Color::WHITE.relative_contrast(background) >= Color::BLACK.relative_contrast(background) {
        Color::WHITE
    } else {
        Color::BLACK
    }
}

/// A theme as the picker shows it, in the user's language.
#[derive(Debug, Clone)]
pub struct ThemeChoice {
    pub preference: ThemePreference,
    label: String,
}

impl PartialEq for ThemeChoice {
    fn eq(&self, other: &Self) -> bool {
        self.preference == other.preference
    }
}

/// The Keeper's blue bar with white text.
pub(in crate::app) fn header_style(theme: &Theme) -> container::Style {
    container::Style {
        background: Some(header_background(theme).into()),
        text_color: Some(header_text(theme)),
        ..container::Style::default()
    }
}

impl ThemeChoice {
    pub fn new(preference: ThemePreference, tr: &Translator) -> Self {
        let id = match preference {
            ThemePreference::System => "theme-system",
            ThemePreference::Light => "theme-light",
            ThemePreference::Dark => "theme-dark",
            ThemePreference::HighContrast => "theme-high-contrast",
        };
        ThemeChoice {
            preference,
            label: tr.tr(id),
        }
    }
}

impl std::fmt::Display for ThemeChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}
