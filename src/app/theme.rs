//! The Keeper's blue-and-white look, a dark variant and a high-contrast one.

use iced::theme::Palette;
use iced::{Color, Theme};

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
