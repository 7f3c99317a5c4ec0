//! The Keeper's blue-and-white look, a dark variant and a high-contrast one.

use iced::theme::Palette;
use iced::widget::container;
use iced::{Color, Theme};

use crate::i18n::Translator;
use crate::storage::ThemePreference;

const fn rgb(hex: u32) -> Color {
    Color::from_rgb(
        ((hex >> 16) & 0xff) as f32 / 255.0,
        ((hex >> 8) & 0xff) as f32 / 255.0,
        (hex & 0xff) as f32 / 255.0,
    )
}

pub fn light() -> Theme {
    Theme::custom(
        "Keeper light".to_owned(),
        Palette {
            background: rgb(0xFFFFFF),
            text: rgb(0x1B2733),
            primary: rgb(0x1565C0),
            success: rgb(0x2E7D32),
            warning: rgb(0xB26A00),
            danger: rgb(0xC62828),
        },
    )
}

pub fn dark() -> Theme {
    Theme::custom(
        "Keeper dark".to_owned(),
        Palette {
            background: rgb(0x111A24),
            text: rgb(0xE6EDF5),
            primary: rgb(0x4C9AFF),
            success: rgb(0x66BB6A),
            warning: rgb(0xFFB74D),
            danger: rgb(0xEF5350),
        },
    )
}

/// White on black with a yellow accent: contrast well above WCAG AAA for text.
pub fn high_contrast() -> Theme {
    Theme::custom(
        "Keeper high contrast".to_owned(),
        Palette {
            background: rgb(0x000000),
            text: rgb(0xFFFFFF),
            primary: rgb(0xFFE600),
            success: rgb(0x00FF66),
            warning: rgb(0xFFB000),
            danger: rgb(0xFF5C5C),
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

/// A header button that is switched on: the header's colours swapped, so it
/// stands out from the bar in every theme (a primary button would vanish into it).
pub fn header_toggle_on(
    theme: &Theme,
    status: iced::widget::button::Status,
) -> iced::widget::button::Style {
    let base = iced::widget::button::Style {
        background: Some(header_text(theme).into()),
        text_color: header_background(theme),
        border: iced::border::rounded(2),
        ..iced::widget::button::Style::default()
    };
    match status {
        iced::widget::button::Status::Hovered | iced::widget::button::Status::Pressed => {
            iced::widget::button::Style {
                background: Some(header_text(theme).scale_alpha(0.85).into()),
                ..base
            }
        }
        _ => base,
    }
}

/// Black or white, whichever reads better on the header (WCAG contrast ratio):
/// white on the Keeper blue, black on the high-contrast yellow.
pub fn header_text(theme: &Theme) -> Color {
    let luminance = relative_luminance(header_background(theme));
    let against_white = 1.05 / (luminance + 0.05);
    let against_black = (luminance + 0.05) / 0.05;
    if against_white >= against_black {
        Color::WHITE
    } else {
        Color::BLACK
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
fn relative_luminance(color: Color) -> f32 {
    let linear = |c: f32| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_reads_on_every_theme() {
        assert_eq!(header_text(&light()), Color::WHITE);
        for theme in [light(), dark(), high_contrast()] {
            let bg = relative_luminance(header_background(&theme));
            let fg = relative_luminance(header_text(&theme));
            let ratio = (bg.max(fg) + 0.05) / (bg.min(fg) + 0.05);
            assert!(
                ratio >= 4.5,
                "{theme:?}: contrast {ratio:.2} is below 4.5:1"
            );
        }
        assert_eq!(header_text(&high_contrast()), Color::BLACK);
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
pub(super) fn header_style(theme: &Theme) -> container::Style {
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
