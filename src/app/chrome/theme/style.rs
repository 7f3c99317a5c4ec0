//! The styles the views draw with, made from the theme's palette so that
//! every text reads on what it is drawn on (WCAG 2.2 AA; AAA in high
//! contrast): its colour is chosen against its fill, never assumed. A hovered
//! or pressed button keeps its fill and gains an outline, so its text keeps
//! its contrast; a waiting button keeps a readable text (a resend countdown
//! is information), on the page's quiet fill instead of its colour.

use iced::border::{self, Border};
use iced::widget::{button, container, text, text_input};
use iced::{Color, Theme};

/// The most readable of the theme's text colour, black and white on `fill`.
pub fn readable_on(theme: &Theme, fill: Color) -> Color {
    let text = theme.extended_palette().background.base.text;
    [text, Color::BLACK, Color::WHITE]
        .into_iter()
        .max_by(|a, b| {
            a.relative_contrast(fill)
                .total_cmp(&b.relative_contrast(fill))
        })
        .unwrap_or(text)
}

/// The page's text colour, partly over the page: a field's or a button's
/// edge, and a field's example text (3:1 and more against the page).
pub fn edge(theme: &Theme) -> Color {
    let palette = theme.extended_palette();
    mix(
        palette.background.base.text,
        palette.background.base.color,
        0.7,
    )
}

/// `share` of `top` over `under`.
fn mix(top: Color, under: Color, share: f32) -> Color {
    Color::from_rgb(
        top.r * share + under.r * (1.0 - share),
        top.g * share + under.g * (1.0 - share),
        top.b * share + under.b * (1.0 - share),
    )
}

/// A button filled with `fill`, its text chosen to read on it.
fn filled(theme: &Theme, fill: Color, status: button::Status) -> button::Style {
    let text_color = readable_on(theme, fill);
    let base = button::Style {
        background: Some(fill.into()),
        text_color,
        border: border::rounded(2),
        ..button::Style::default()
    };
    match status {
        button::Status::Active => base,
        button::Status::Hovered | button::Status::Pressed => button::Style {
            border: Border {
                color: text_color,
                width: 1.0,
                radius: 2.0.into(),
            },
            ..base
        },
        button::Status::Disabled => waiting(theme),
    }
}

/// A button that cannot be pressed yet: the page's quiet fill, a readable text.
fn waiting(theme: &Theme) -> button::Style {
    let fill = theme.extended_palette().background.weak.color;
    button::Style {
        background: Some(fill.into()),
        text_color: readable_on(theme, fill),
        border: Border {
            color: edge(theme),
            width: 1.0,
            radius: 2.0.into(),
        },
        ..button::Style::default()
    }
}

/// A step's main action, and the topic on show.
pub fn primary(theme: &Theme, status: button::Status) -> button::Style {
    filled(theme, theme.extended_palette().primary.base.color, status)
}

/// Another action, a choice, a header control.
pub fn secondary(theme: &Theme, status: button::Status) -> button::Style {
    let fill = theme.extended_palette().background.weak.color;
    button::Style {
        border: Border {
            color: edge(theme),
            width: 1.0,
            radius: 2.0.into(),
        },
        ..filled(theme, fill, status)
    }
}

/// An action that cannot be undone.
pub fn danger(theme: &Theme, status: button::Status) -> button::Style {
    filled(theme, theme.extended_palette().danger.base.color, status)
}

/// A button drawn as text (a topic in the list): the page's colours, a
/// quiet fill under the pointer.
pub fn plain(theme: &Theme, status: button::Status) -> button::Style {
    let palette = theme.extended_palette();
    match status {
        button::Status::Active => button::Style {
            background: None,
            text_color: palette.background.base.text,
            ..button::Style::default()
        },
        button::Status::Hovered | button::Status::Pressed => {
            filled(theme, palette.background.weak.color, button::Status::Active)
        }
        button::Status::Disabled => waiting(theme),
    }
}

/// What went wrong, in the danger colour made to read on the page.
pub fn error_text(theme: &Theme) -> text::Style {
    toned_text(theme, theme.extended_palette().danger.base.color)
}

pub fn success_text(theme: &Theme) -> text::Style {
    toned_text(theme, theme.extended_palette().success.base.color)
}

pub fn warning_text(theme: &Theme) -> text::Style {
    toned_text(theme, theme.extended_palette().warning.base.color)
}

/// `tone` brought towards the page's text colour until it reads on the page
/// and in a box (4.5:1; 7:1 where the theme's text has it).
fn toned_text(theme: &Theme, tone: Color) -> text::Style {
    let palette = theme.extended_palette();
    let page = palette.background.base.color;
    let boxed = palette.background.weak.color;
    let text = palette.background.base.text;
    // Only the high-contrast theme's text has this much (white on black: 21:1).
    let needed = if text.relative_contrast(page) >= 18.0 {
        7.0
    } else {
        4.5
    };
    let color = (0..=10)
        .map(|step| mix(text, tone, step as f32 / 10.0))
        .find(|c| c.relative_contrast(page) >= needed && c.relative_contrast(boxed) >= needed)
        .unwrap_or(text);
    text::Style { color: Some(color) }
}

/// A card: an open recovery, the four secrets.
pub fn card(theme: &Theme) -> container::Style {
    container::bordered_box(theme)
}

/// A text field: its edge and its example text read on the page.
pub fn field(theme: &Theme, status: text_input::Status) -> text_input::Style {
    let style = text_input::default(theme, status);
    let palette = theme.extended_palette();
    match status {
        text_input::Status::Active => text_input::Style {
            border: Border {
                color: edge(theme),
                ..style.border
            },
            placeholder: edge(theme),
            ..style
        },
        text_input::Status::Hovered => text_input::Style {
            placeholder: edge(theme),
            ..style
        },
        text_input::Status::Focused { .. } => text_input::Style {
            border: Border {
                color: palette.primary.base.color,
                width: 2.0,
                ..style.border
            },
            placeholder: edge(theme),
            ..style
        },
        text_input::Status::Disabled => style,
    }
}
