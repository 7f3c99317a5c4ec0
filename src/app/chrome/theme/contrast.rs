//! WCAG 2.2 contrast of every foreground/background pair the app draws, in
//! every theme, computed from the theme's own palette through the same style
//! functions the views use. Text needs 4.5:1 (7:1, AAA, in high contrast);
//! a control's edge against what is around it, and the focus ring, 3:1.
//!
//! The views may only style with the functions checked here:
//! `views_use_only_checked_styles` reads the source, so a new pair cannot
//! slip in unchecked.

use iced::widget::{button, pick_list, text, text_input};
use iced::{Background, Color, Theme};

use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    /// Text, and a digit key's hint.
    Text,
    /// A control's edge or fill against its surroundings, the focus ring.
    Component,
}

struct Pair {
    name: String,
    fg: Color,
    bg: Color,
    level: Level,
}

/// `top` drawn over `under` (an alpha colour as the screen shows it).
fn over(top: Color, under: Color) -> Color {
    let a = top.a;
    Color::from_rgb(
        top.r * a + under.r * (1.0 - a),
        top.g * a + under.g * (1.0 - a),
        top.b * a + under.b * (1.0 - a),
    )
}

fn fill(background: Option<Background>, under: Color) -> Color {
    match background {
        Some(Background::Color(color)) => over(color, under),
        _ => under,
    }
}

const STATUSES: [button::Status; 3] = [
    button::Status::Active,
    button::Status::Hovered,
    button::Status::Pressed,
];

type ButtonStyle = fn(&Theme, button::Status) -> button::Style;

/// The button styles the views use, and what they sit on.
fn buttons(theme: &Theme) -> Vec<(&'static str, ButtonStyle, Color)> {
    let page = theme.extended_palette().background.base.color;
    let header = header_background(theme);
    vec![
        ("primary button", primary, page),
        ("secondary button", secondary, page),
        ("text button (a topic)", plain, page),
        ("danger button", danger, page),
        ("header button", secondary, header),
    ]
}

fn pairs(theme: &Theme) -> Vec<Pair> {
    let palette = theme.extended_palette();
    let page = palette.background.base.color;
    let page_text = palette.background.base.text;
    let header = header_background(theme);
    let mut pairs = Vec::new();
    let mut push = |name: String, fg: Color, bg: Color, level: Level| {
        pairs.push(Pair {
            name,
            fg: over(fg, bg),
            bg,
            level,
        });
    };
    push("text on the page".into(), page_text, page, Level::Text);
    push(
        "header text".into(),
        header_text(theme),
        header,
        Level::Text,
    );
    // The ring is drawn in the text colour around the control.
    push(
        "focus ring on the page".into(),
        page_text,
        page,
        Level::Component,
    );
    push(
        "focus ring on the header".into(),
        header_text(theme),
        header,
        Level::Component,
    );
    for (name, style, under) in buttons(theme) {
        for status in STATUSES {
            let drawn = style(theme, status);
            let bg = fill(drawn.background, under);
            push(
                format!("{name} ({status:?}): its text and digit"),
                drawn.text_color,
                bg,
                Level::Text,
            );
        }
        // A button that waits (the resend countdown) still says something.
        let waiting = style(theme, button::Status::Disabled);
        push(
            format!("{name} (waiting): its text"),
            waiting.text_color,
            fill(waiting.background, under),
            Level::Text,
        );
    }
    // A primary button (the selected topic, a step's action) stands out from the page.
    let selected = primary(theme, button::Status::Active);
    push(
        "primary button's fill on the page".into(),
        fill(selected.background, page),
        page,
        Level::Component,
    );
    for status in [
        button::Status::Active,
        button::Status::Hovered,
        button::Status::Disabled,
    ] {
        push(
            format!("secondary button ({status:?}): its edge"),
            secondary(theme, status).border.color,
            page,
            Level::Component,
        );
    }
    for (name, style) in [
        ("error text", error_text as fn(&Theme) -> text::Style),
        ("success text", success_text),
        ("warning text", warning_text),
    ] {
        let color = style(theme).color.unwrap_or(page_text);
        push(format!("{name} on the page"), color, page, Level::Text);
        let boxed = fill(card(theme).background, page);
        push(format!("{name} in a box"), color, boxed, Level::Text);
    }
    // A card's border only frames text (not a control): its text must read.
    let boxed = card(theme);
    push(
        "text in a box".into(),
        boxed.text_color.unwrap_or(page_text),
        fill(boxed.background, page),
        Level::Text,
    );
    for status in [
        text_input::Status::Active,
        text_input::Status::Hovered,
        text_input::Status::Focused { is_hovered: false },
    ] {
        let field = field(theme, status);
        let bg = fill(Some(field.background), page);
        push(
            format!("field ({status:?}): its text"),
            field.value,
            bg,
            Level::Text,
        );
        push(
            format!("field ({status:?}): its example"),
            field.placeholder,
            bg,
            Level::Text,
        );
        push(
            format!("field ({status:?}): its border"),
            field.border.color,
            page,
            Level::Component,
        );
    }
    for status in [pick_list::Status::Active, pick_list::Status::Hovered] {
        let picker = pick_list::default(theme, status);
        let bg = fill(Some(picker.background), header);
        push(
            format!("language and theme pickers ({status:?}): their text"),
            picker.text_color,
            bg,
            Level::Text,
        );
        push(
            format!("language and theme pickers ({status:?}): their fill on the header"),
            bg,
            header,
            Level::Component,
        );
    }
    pairs
}

fn below_level(theme: &Theme, aaa: bool) -> Vec<String> {
    pairs(theme)
        .into_iter()
        .filter_map(|pair| {
            let needed = match pair.level {
                Level::Text if aaa => 7.0,
                Level::Text => 4.5,
                Level::Component => 3.0,
            };
            let ratio = pair.fg.relative_contrast(pair.bg);
            (ratio < needed)
                .then(|| format!("{theme}: {} is {ratio:.2}:1, below {needed}:1", pair.name))
        })
        .collect()
}

#[test]
fn every_pair_meets_wcag_aa_and_high_contrast_aaa() {
    let mut found = below_level(&light(), false);
    found.extend(below_level(&dark(), false));
    found.extend(below_level(&high_contrast(), true));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn header_text_is_white_on_the_keeper_blue_and_black_on_yellow() {
    assert_eq!(header_text(&light()), Color::WHITE);
    assert_eq!(header_text(&high_contrast()), Color::BLACK);
}

/// The styles `pairs` checks, by the names the views call them.
const CHECKED: [&str; 10] = [
    "theme::header_style",
    "theme::primary",
    "theme::secondary",
    "theme::plain",
    "theme::danger",
    "theme::error_text",
    "theme::success_text",
    "theme::warning_text",
    "theme::card",
    "theme::field",
];

#[test]
fn views_use_only_checked_styles() {
    let mut unchecked = Vec::new();
    let mut stack = vec![std::path::PathBuf::from("src/app")];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                stack.push(entry.path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.starts_with("src/app/chrome/theme") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        for number in unstyled_buttons(&source) {
            unchecked.push(format!(
                "{}:{number}: a button in iced's own style",
                path.display()
            ));
        }
        for (number, line) in source.lines().enumerate() {
            for style in styles_named(line) {
                // The theme's other functions give colours (`theme::header_text`),
                // checked through the pairs that use them.
                let colour_only = style
                    .strip_prefix("theme::")
                    .is_some_and(|name| !STYLE_FUNCTIONS.contains(&name));
                if !colour_only && !CHECKED.contains(&style.as_str()) {
                    unchecked.push(format!("{}:{}: {style}", path.display(), number + 1));
                }
            }
            if line.contains("Color::from") || line.contains("color!(") {
                unchecked.push(format!(
                    "{}:{}: a colour of its own",
                    path.display(),
                    number + 1
                ));
            }
        }
    }
    assert!(
        unchecked.is_empty(),
        "styled outside the checked pairs (add them to contrast.rs):\n{}",
        unchecked.join("\n")
    );
}

/// The theme's functions that style a widget (the others give colours).
const STYLE_FUNCTIONS: [&str; 10] = [
    "primary",
    "secondary",
    "plain",
    "danger",
    "error_text",
    "success_text",
    "warning_text",
    "card",
    "field",
    "header_style",
];

/// The style functions a line of a view names: `.style(button::primary)`,
/// `button::secondary(theme, status)` inside a closure, and the like.
fn styles_named(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    for widget in [
        "button::",
        "text::",
        "container::",
        "pick_list::",
        "text_input::",
        "theme::",
    ] {
        let mut rest = line;
        while let Some(at) = rest.find(widget) {
            let name: String = rest[at + widget.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // Only lowercase names are style functions (`text::Wrapping` is not).
            // (`text_input::cursor` reads a field's caret; it draws nothing.)
            if name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && !["cursor", "focus"].contains(&name.as_str())
            {
                found.push(format!("{widget}{name}"));
            }
            rest = &rest[at + widget.len()..];
        }
    }
    found
}

#[test]
fn a_style_of_iced_or_a_colour_of_its_own_is_found() {
    assert_eq!(
        styles_named("button(x).style(button::primary).width(Length::Fill)"),
        vec!["button::primary".to_owned()]
    );
    assert_eq!(
        styles_named("text(x).wrapping(text::Wrapping::None).style(theme::error_text)"),
        vec!["theme::error_text".to_owned()]
    );
}

/// The lines where a `button(…)` is made without `.style(…)` in its chain of
/// calls (it would be drawn in iced's primary style, unchecked).
fn unstyled_buttons(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut lines = Vec::new();
    let mut from = 0;
    while let Some(found) = source[from..].find("button(") {
        let at = from + found;
        from = at + "button(".len();
        let before = source[..at].chars().next_back();
        // `annotate::button(`, `small_button(`, `fn button(` are not iced's `button`.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            || source[..at].ends_with("fn ")
        {
            continue;
        }
        let mut end = close_of(bytes, at + "button".len());
        let mut styled = false;
        // Follow `.method(…)` calls, across lines.
        loop {
            let rest = &source[end..];
            let trimmed = rest.trim_start();
            let Some(call) = trimmed.strip_prefix('.') else {
                break;
            };
            let name: String = call
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            styled |= name == "style";
            let open = end + (rest.len() - trimmed.len()) + 1 + name.len();
            if bytes.get(open) != Some(&b'(') {
                break;
            }
            end = close_of(bytes, open);
        }
        if !styled {
            lines.push(source[..at].lines().count().max(1));
        }
    }
    lines
}

/// Just past the parenthesis that closes the one at `open`.
fn close_of(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

#[test]
fn a_button_without_a_style_is_found() {
    let source = "let a = button(text(x)).width(Length::Fill).style(theme::primary);\n\
                  let b = annotate::button(button(text(y)), Some(m));\n";
    assert_eq!(unstyled_buttons(source), vec![2]);
}
