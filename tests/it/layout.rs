//! Every text has its room, read from the laid-out widget tree (the one the
//! screen reader is read from), not from pixels: the start view, a choice
//! step and the code step, in three languages, from 640×480 up.
//!
//! A text is in trouble when its box overlaps another text's, when it
//! reaches past the window or the scrolled part it sits in (a one-line text
//! keeps its whole width, `app::chrome::nowrap`, so it shows there when the
//! room is too small), when its longest word is wider than its box (the word
//! is then drawn over what is beside it), or when a text or a control is
//! squeezed to nothing (a column with too little room gives its last children
//! none).

use iced::Rectangle;
use iced::advanced::text::Paragraph as _;
use iced::advanced::widget::{Id, Operation, operation::Scrollable};
use keeper_recovery::i18n::Language;

use crate::window::Window;

/// The window sizes the pictures are taken at (logical pixels).
pub const SIZES: [(f32, f32); 3] = [(640.0, 480.0), (800.0, 600.0), (1280.0, 800.0)];

/// The sizes every view is checked at: the pictures' sizes, the width where
/// the header's controls join the title's row, and 4K at scale 1.
const CHECKED_AT: [(f32, f32); 6] = [
    (640.0, 480.0),
    (800.0, 600.0),
    (1000.0, 700.0),
    (1100.0, 720.0),
    (1280.0, 800.0),
    (3840.0, 2160.0),
];

/// The font sizes the app's texts use: a box's height tells which it may be.
const FONT_SIZES: [f32; 10] = [11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 24.0, 28.0];

#[derive(Debug, Clone)]
struct TextBox {
    text: String,
    bounds: Rectangle,
    /// The scrolled part it sits in, if any: it must not reach past its sides.
    within: Option<Rectangle>,
}

#[derive(Default)]
struct Boxes {
    texts: Vec<TextBox>,
    /// Buttons, fields and pickers: each must be whole within its room.
    controls: Vec<TextBox>,
    scrolled: Vec<Rectangle>,
    opening: Option<Rectangle>,
}

impl Operation for Boxes {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        match self.opening.take() {
            Some(viewport) => {
                self.scrolled.push(viewport);
                operate(self);
                self.scrolled.pop();
            }
            None => operate(self),
        }
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        bounds: Rectangle,
        _content_bounds: Rectangle,
        _translation: iced::Vector,
        _state: &mut dyn Scrollable,
    ) {
        self.opening = Some(bounds);
    }

    fn focusable(
        &mut self,
        _id: Option<&Id>,
        bounds: Rectangle,
        _state: &mut dyn iced::advanced::widget::operation::Focusable,
    ) {
        self.controls.push(TextBox {
            text: format!("the control at {:.0},{:.0}", bounds.x, bounds.y),
            bounds,
            within: self.scrolled.last().copied(),
        });
    }

    fn text(&mut self, _id: Option<&Id>, bounds: Rectangle, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.texts.push(TextBox {
            text: text.to_owned(),
            bounds,
            within: self.scrolled.last().copied(),
        });
    }
}

/// The smallest font size the box's height allows (a whole number of lines).
fn smallest_font_size(height: f32) -> Option<f32> {
    FONT_SIZES.into_iter().find(|size| {
        let lines = height / (size * 1.3);
        lines >= 0.95 && (lines - lines.round()).abs() < 0.05
    })
}

/// How wide `word` is drawn at `size`, in the app's font.
fn word_width(word: &str, size: f32) -> f32 {
    let paragraph = <<iced::Renderer as iced::advanced::text::Renderer>::Paragraph>::with_text(
        iced::advanced::Text {
            content: word,
            bounds: iced::Size::INFINITE,
            size: iced::Pixels(size),
            line_height: iced::widget::text::LineHeight::default(),
            font: iced::Font::with_name(keeper_recovery::app::FONT_NAME),
            align_x: iced::advanced::text::Alignment::Default,
            align_y: iced::alignment::Vertical::Top,
            shaping: iced::widget::text::Shaping::Advanced,
            wrapping: iced::widget::text::Wrapping::None,
        },
    );
    paragraph.min_width()
}

fn overlap(a: &Rectangle, b: &Rectangle) -> f32 {
    let width = a.x.max(b.x) - (a.x + a.width).min(b.x + b.width);
    let height = a.y.max(b.y) - (a.y + a.height).min(b.y + b.height);
    if width < 0.0 && height < 0.0 {
        width * height
    } else {
        0.0
    }
}

fn boxes(window: &mut Window) -> Boxes {
    let mut boxes = Boxes::default();
    window.with_widgets(|interface, renderer| {
        interface.operate(renderer, &mut boxes);
    });
    boxes
}

/// Each text on the window now, with its box.
pub fn texts(window: &mut Window) -> Vec<(String, Rectangle)> {
    boxes(window)
        .texts
        .into_iter()
        .map(|t| (t.text, t.bounds))
        .collect()
}

/// What is wrong with the texts' room on the window as it is now.
pub fn problems(window: &mut Window) -> Vec<String> {
    let size = window.size;
    let boxes = boxes(window);
    let texts = boxes.texts;
    let mut found = Vec::new();
    // Half a pixel for rounding.
    let slack = 0.5;
    for t in texts.iter().chain(&boxes.controls) {
        let b = t.bounds;
        let room = t
            .within
            .unwrap_or(Rectangle::new(iced::Point::ORIGIN, size));
        if b.x < room.x - slack || b.x + b.width > room.x + room.width + slack {
            found.push(format!(
                "{:?} reaches past the side of its room ({:.0}..{:.0} outside {:.0}..{:.0})",
                t.text,
                b.x,
                b.x + b.width,
                room.x,
                room.x + room.width
            ));
        }
        // A column with too little room gives what comes last nothing at all:
        // it is neither drawn nor reached, and nothing scrolls to it.
        if b.height < 1.0 || b.width < 1.0 {
            found.push(format!(
                "{:?} is squeezed to nothing ({:.0}×{:.0}): no room is left for it",
                t.text, b.width, b.height
            ));
        }
        if t.within.is_none() && b.y + b.height > size.height + slack {
            found.push(format!(
                "{:?} is below the window's bottom, where nothing scrolls it into sight",
                t.text
            ));
        }
    }
    for t in &texts {
        let b = t.bounds;
        if let Some(font_size) = smallest_font_size(b.height)
            && let Some(word) = t
                .text
                .split_whitespace()
                .max_by(|a, b| word_width(a, font_size).total_cmp(&word_width(b, font_size)))
            && word_width(word, font_size) > b.width + 1.0
        {
            found.push(format!(
                "{:?}: its word {word:?} is wider than its box ({:.0} > {:.0})",
                t.text,
                word_width(word, font_size),
                b.width
            ));
        }
    }
    // What shows of each text: a scrolled part clips what is outside it.
    let shown: Vec<(&TextBox, Rectangle)> = texts
        .iter()
        .filter_map(|t| match t.within {
            Some(viewport) => t.bounds.intersection(&viewport).map(|b| (t, b)),
            None => Some((t, t.bounds)),
        })
        .collect();
    for (i, (a, a_shown)) in shown.iter().enumerate() {
        for (b, b_shown) in &shown[i + 1..] {
            if overlap(a_shown, b_shown) > 1.0 {
                found.push(format!("{:?} overlaps {:?}", a.text, b.text));
            }
        }
    }
    found
}

/// Checks the window at each size, naming the view, the language and the size.
fn check_at_every_size(window: &mut Window, view: &str, language: Language) -> Vec<String> {
    let mut found = Vec::new();
    let kept = window.size;
    for (width, height) in CHECKED_AT {
        window.size = iced::Size::new(width, height);
        found.extend(
            problems(window)
                .into_iter()
                .map(|p| format!("{view}, {}, {width}×{height}: {p}", language.code())),
        );
    }
    window.size = kept;
    found
}

#[tokio::test]
async fn every_text_has_its_room_at_every_size_in_every_language() {
    let mut found = Vec::new();
    for language in Language::ALL {
        crate::snapshots::each_view(language, |window, view| {
            found.extend(check_at_every_size(window, view, language));
        })
        .await;
        // The start view listing the recovery just begun, in its card.
        let mut window = Window::open(language).await;
        window
            .send(keeper_recovery::app::Message::OpenTopic(
                keeper_recovery::protocol::TopicId::RestorePassword,
            ))
            .await;
        window.type_text(crate::common::AN_WMID).await;
        window.press(iced::keyboard::key::Named::Enter).await;
        window.send(keeper_recovery::app::Message::Home).await;
        assert!(
            window.ui.sees(&window.ui.tr("start-open-cases")),
            "the open recovery is listed"
        );
        found.extend(check_at_every_size(
            &mut window,
            "start view with an open recovery",
            language,
        ));
        window
            .send(keeper_recovery::app::Message::OpenSettings)
            .await;
        found.extend(check_at_every_size(&mut window, "Settings", language));
        window
            .send(keeper_recovery::app::Message::OpenTopic(
                keeper_recovery::protocol::TopicId::ChangeEmail,
            ))
            .await;
        window.type_text("12345").await;
        window.press(iced::keyboard::key::Named::Enter).await;
        found.extend(check_at_every_size(
            &mut window,
            "change-email's identifier with its error",
            language,
        ));
        window.send(keeper_recovery::app::Message::Home).await;
        // To look at (KEEPER_RECOVERY_PICTURES): the card stacked at 640 px.
        window.size = iced::Size::new(640.0, 480.0);
        window
            .picture_at(1.0)
            .keep(&format!("card-{}-640x480", language.code()));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Support mode: its panel beside the user's screen, or under it when the
/// window is narrow.
#[tokio::test]
async fn support_mode_has_its_room_at_every_size() {
    let mut found = Vec::new();
    for language in Language::ALL {
        let mut window = Window::open(language).await;
        window
            .send(keeper_recovery::app::Message::ToggleSupport)
            .await;
        window.follow_mock().await;
        assert!(
            window.ui.sees(&window.ui.tr("support-heading")),
            "the support panel shows"
        );
        found.extend(check_at_every_size(&mut window, "support mode", language));
        // To look at (KEEPER_RECOVERY_PICTURES).
        window.size = iced::Size::new(640.0, 480.0);
        window
            .picture_at(1.0)
            .keep(&format!("support-{}-640x480", language.code()));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The fault form with a wrong number, in every language: its fields, their
/// labels and the error fit at every size.
#[tokio::test]
async fn the_fault_form_and_its_error_fit_at_every_size() {
    use keeper_recovery::app::screen::support::{self, Tab};
    let mut found = Vec::new();
    for language in Language::ALL {
        let mut window = Window::open_support(language).await;
        window
            .send(keeper_recovery::app::Message::Support(
                support::Message::Tab(Tab::Faults),
            ))
            .await;
        window
            .run(iced::widget::operation::focus(support::FAULT_COUNT))
            .await;
        window.type_text("many").await;
        window.press(iced::keyboard::key::Named::Enter).await;
        assert!(
            window.ui.sees(&window.ui.tr("support-fault-error-count")),
            "{}: the form says the count is wrong",
            language.code()
        );
        found.extend(check_at_every_size(&mut window, "the fault form", language));
        // To look at (KEEPER_RECOVERY_PICTURES).
        window.size = iced::Size::new(1280.0, 800.0);
        window
            .picture_at(1.0)
            .keep(&format!("support-faults-{}-1280x800", language.code()));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// At 1024×700 with the support panel beside it, the user's screen has the
/// room of a screen, not of a column, and an expired recovery's "Start
/// again" is in sight without scrolling.
#[tokio::test]
async fn beside_the_support_panel_the_users_screen_keeps_its_room() {
    for language in Language::ALL {
        let mut window = Window::open_support(language).await;
        window.size = iced::Size::new(1024.0, 700.0);
        window
            .send(keeper_recovery::app::Message::OpenTopic(
                keeper_recovery::protocol::TopicId::RestorePassword,
            ))
            .await;
        window.type_text(crate::common::AN_WMID).await;
        window.press(iced::keyboard::key::Named::Enter).await;
        window.digit(1).await;
        let mock = window
            .ui
            .app
            .connection()
            .and_then(|c| c.mock.clone())
            .expect("mock");
        mock.shared()
            .advance_clock(std::time::Duration::from_secs(24 * 3600));
        window.follow_mock().await;
        let shown = texts(&mut window);
        let intro = window
            .ui
            .app
            .translator()
            .topic_intro(keeper_recovery::protocol::TopicId::RestorePassword);
        let (_, intro_box) = shown
            .iter()
            .find(|(t, _)| *t == intro)
            .unwrap_or_else(|| panic!("{}: the topic's intro", language.code()));
        assert!(
            intro_box.width >= 480.0,
            "{}: the user's screen is {} px wide",
            language.code(),
            intro_box.width
        );
        let again = window.ui.tr("button-start-again");
        let (_, again_box) = shown
            .iter()
            .find(|(t, _)| *t == again)
            .unwrap_or_else(|| panic!("{}: Start again: {shown:?}", language.code()));
        assert!(
            again_box.y + again_box.height <= 700.0,
            "{}: Start again is below the fold at {}",
            language.code(),
            again_box.y
        );
        window
            .picture_at(1.0)
            .keep(&format!("support-expired-{}-1024x700", language.code()));
    }
}

/// The check itself finds what it is for: a text squeezed into too little room.
#[tokio::test]
async fn the_check_finds_a_window_too_narrow_for_its_title() {
    let mut window = Window::open(Language::Ru).await;
    window.size = iced::Size::new(150.0, 480.0);
    let found = problems(&mut window);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("\"Keeper Recovery\" reaches past")),
        "at 150 px the title cannot fit: {found:#?}"
    );
}
