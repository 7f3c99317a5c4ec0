//! The app with the keyboard alone: Tab reaches every control in reading
//! order and round again, Enter and Space press the focused one, each new
//! step puts the focus on its first control, and the focused control wears
//! a ring that stands out in every theme.

use accesskit::{NodeId, Role};
use iced::keyboard::key::Named;
use keeper_recovery::app::Message;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;

use crate::common::*;
use crate::window::Window;

/// A node's name as a screen reader says it.
fn name_of(semantics: &keeper_recovery::app::accessibility::Semantics, id: NodeId) -> String {
    semantics
        .node(id)
        .and_then(|node| node.label().or(node.value()))
        .unwrap_or_default()
        .to_owned()
}

impl Window {
    /// The control with the keyboard's focus, by name; none if nothing has it.
    pub fn focused(&mut self) -> Option<String> {
        let reading = self.reading();
        reading
            .keyboard_focus
            .then(|| name_of(&reading, reading.update.focus))
    }

    fn assert_focus(&mut self, expected: &str) {
        let focused = self.focused();
        assert_eq!(
            focused.as_deref(),
            Some(expected),
            "the focus should be on {expected:?}"
        );
    }

    /// Presses Tab until the control named `name` has the focus.
    async fn tab_to(&mut self, name: &str) {
        for _ in 0..60 {
            if self.focused().as_deref() == Some(name) {
                return;
            }
            self.tab().await;
        }
        panic!(
            "Tab never reached {name:?}; the controls are {:?}, the screen shows {:?}",
            controls(&self.reading()),
            self.ui.texts()
        );
    }

    pub fn sees(&self, text: &str) -> bool {
        self.ui.sees(text)
    }

    fn tr(&self, id: &str) -> String {
        self.ui.tr(id)
    }
}

/// Every control a screen reader finds, in reading order, by name: buttons,
/// fields, and of a choice list its chosen option (which the focus is on).
fn controls(semantics: &keeper_recovery::app::accessibility::Semantics) -> Vec<String> {
    let mut names = Vec::new();
    for (id, node) in semantics.in_order() {
        match node.role() {
            Role::Button | Role::TextInput | Role::PasswordInput => {
                names.push(name_of(semantics, id));
            }
            Role::RadioGroup => {
                let chosen = node.children().iter().find(|child| {
                    semantics
                        .node(**child)
                        .is_some_and(|n| n.toggled() == Some(accesskit::Toggled::True))
                });
                if let Some(chosen) = chosen {
                    names.push(name_of(semantics, *chosen));
                }
            }
            _ => {}
        }
    }
    names
}

/// Tab from where the focus is, once round every control.
async fn tab_round(window: &mut Window) -> Vec<String> {
    let total = controls(&window.reading()).len();
    let mut seen = Vec::new();
    for _ in 0..total {
        window.tab().await;
        seen.push(
            window
                .focused()
                .expect("Tab always puts the focus somewhere"),
        );
    }
    seen
}

/// `seen` is `expected` started somewhere and gone round.
fn assert_round(seen: &[String], expected: &[String]) {
    let start = expected
        .iter()
        .position(|name| Some(name) == seen.first())
        .unwrap_or_else(|| panic!("{:?} is not a control: {expected:?}", seen.first()));
    let rotated: Vec<&String> = expected[start..].iter().chain(&expected[..start]).collect();
    let seen: Vec<&String> = seen.iter().collect();
    assert_eq!(seen, rotated, "Tab's order is the reading order, round");
}

#[tokio::test]
async fn the_start_view_puts_the_focus_on_the_first_topic() {
    let mut window = Window::open(Language::En).await;
    let first = window
        .ui
        .app
        .translator()
        .topic_title(TopicId::RestorePassword);
    window.assert_focus(&first);
}

#[tokio::test]
async fn tab_goes_round_every_control_of_the_start_view_in_reading_order() {
    for language in [Language::Vi, Language::En, Language::Ru] {
        let mut window = Window::open(language).await;
        let expected = controls(&window.reading());
        let tr = *window.ui.app.translator();
        // The header, every topic, the page's own button.
        for name in [tr.tr("settings-heading")]
            .into_iter()
            .chain(TopicId::ALL.iter().map(|t| tr.topic_title(*t)))
            .chain([tr.tr("start-contact-support")])
        {
            assert!(
                expected.contains(&name),
                "{language:?}: {name:?} is not a control"
            );
        }
        let seen = tab_round(&mut window).await;
        assert_round(&seen, &expected);
        // Shift-Tab goes back the same way.
        let mut back = Vec::new();
        for _ in 0..expected.len() {
            window.shift_tab().await;
            back.push(window.focused().expect("focused"));
        }
        back.reverse();
        assert_round(&back, &expected);
    }
}

#[tokio::test]
async fn tab_reaches_every_control_of_a_step_and_the_header() {
    let mut window = Window::open(Language::En).await;
    window.walk_to_the_code_step().await;
    // The code step: the field, Verify, Send again, the secrets, Cancel.
    assert!(window.sees(&window.tr("button-verify")));
    let expected = controls(&window.reading());
    for name in [
        window.tr("code-label"),
        window.tr("button-verify"),
        window.tr("secrets-heading"),
        window.tr("button-cancel-case"),
        window.tr("settings-heading"),
    ] {
        assert!(
            expected.contains(&name),
            "{name:?} is not a control: {expected:?}"
        );
    }
    let seen = tab_round(&mut window).await;
    assert_round(&seen, &expected);
}

#[tokio::test]
async fn enter_and_space_press_the_focused_button() {
    let mut window = Window::open(Language::En).await;
    let tr = *window.ui.app.translator();
    // Enter on the first topic opens it; the focus lands in its field.
    window.press(Named::Enter).await;
    window.assert_focus(&tr.identifier_label(TopicId::RestorePassword));
    // Shift-Tab back to the topics, Space on the second one.
    window.tab_to(&tr.topic_title(TopicId::ChangePhone)).await;
    window.press(Named::Space).await;
    assert!(window.sees(&tr.tr("keeper-access-question")));
    // Its first step is the question: the focus is on "Yes".
    window.assert_focus(&tr.tr("answer-yes"));
    window.press(Named::Tab).await;
    window.assert_focus(&tr.tr("answer-no"));
    window.press(Named::Enter).await;
    assert!(window.sees(&tr.tr("keeper-access-no")));
    // The digit keys still choose, wherever the focus is.
    window.tab_to(&tr.tr("button-back")).await;
    window.press(Named::Enter).await;
    window.digit(1).await;
    window.assert_focus(&tr.identifier_label(TopicId::ChangePhone));
}

/// A keyboard user restores a password from the start view to its outcome:
/// Enter, typing, Tab and the digits only, the focus on each new step's
/// first control.
#[tokio::test]
async fn a_password_is_restored_with_the_keyboard_alone() {
    for language in [Language::Vi, Language::En] {
        let mut window = Window::open(language).await;
        let tr = *window.ui.app.translator();
        window.press(Named::Enter).await;
        let field = tr.identifier_label(TopicId::RestorePassword);
        window.assert_focus(&field);

        window.type_text("12345").await;
        window.press(Named::Enter).await;
        let reading = window.reading();
        let node = reading.node(reading.update.focus).expect("the field");
        assert_eq!(
            node.invalid(),
            Some(accesskit::Invalid::True),
            "{language:?}"
        );
        assert!(
            node.error_message().is_some(),
            "the error is linked to the field"
        );
        window.assert_focus(&field);

        window.clear_field().await;
        window.type_text(AN_WMID).await;
        window.press(Named::Enter).await;
        // Where should the code go: the focus is on the first channel.
        let sms = tr.channel(keeper_recovery::protocol::Channel::Sms);
        window.tab_to(&sms).await;
        window.press(Named::Enter).await;
        window.assert_focus(&tr.tr("code-label"));
        let code = window.ui.code_sent_to(AN_PHONE);
        window.type_text(&code).await;
        window.press(Named::Enter).await;

        window.assert_focus(&tr.tr("security-answer-label"));
        window.type_text("Hà Nội").await;
        window.press(Named::Enter).await;

        window.assert_focus(&tr.tr("new-password-label"));
        window.type_text("NewPassw0rd-7ZQ").await;
        window.tab().await;
        window.assert_focus(&tr.tr("new-password-repeat"));
        window.type_text("NewPassw0rd-7ZQ").await;
        window.press(Named::Enter).await;

        let done = tr.outcome(&keeper_recovery::protocol::Outcome::PasswordChanged);
        assert!(window.sees(&done), "{language:?}: the outcome shows");
        window.assert_focus(&tr.tr("button-start-again"));
    }
}

#[tokio::test]
async fn keeping_the_recovery_puts_the_focus_back_in_the_code_field() {
    let mut window = Window::open(Language::En).await;
    let tr = *window.ui.app.translator();
    window.walk_to_the_code_step().await;
    window.assert_focus(&tr.tr("code-label"));
    window.tab_to(&tr.tr("button-cancel-case")).await;
    window.press(Named::Enter).await;
    // Asked first; the focus is on keeping it, not on cancelling.
    window.assert_focus(&tr.tr("button-cancel-keep"));
    window.press(Named::Enter).await;
    window.assert_focus(&tr.tr("code-label"));
}

#[tokio::test]
async fn enter_on_continue_with_no_wmid_puts_the_focus_in_the_field() {
    let mut window = Window::open(Language::En).await;
    let tr = *window.ui.app.translator();
    let field = tr.identifier_label(TopicId::RestorePassword);
    window.press(Named::Enter).await;
    // Continue with the field left empty: the error comes in above the
    // button, whose place in the widget tree changes, and with it the
    // focus it held. The focus goes to the field the error is about.
    window.tab_to(&tr.tr("button-continue")).await;
    window.press(Named::Enter).await;
    window.assert_focus(&field);
    window.type_text("12345").await;
    let reading = window.reading();
    let node = reading.node(reading.update.focus).expect("the field");
    assert_eq!(node.value(), Some("12345"), "typing goes into the field");
}

#[tokio::test]
async fn esc_while_the_service_is_slow_stops_the_wait_and_keeps_the_field() {
    let mut window = Window::open(Language::En).await;
    let tr = *window.ui.app.translator();
    window.press(Named::Enter).await;
    window.type_text(AN_WMID).await;
    window.press_while_the_service_is_slow(Named::Enter);
    assert!(window.sees(&tr.tr("progress-waiting")));
    // The field lets go of the focus on Esc; the step takes it back.
    window.press(Named::Escape).await;
    assert!(!window.sees(&tr.tr("progress-waiting")), "the wait stopped");
    window.assert_focus(&tr.identifier_label(TopicId::RestorePassword));
}

#[tokio::test]
async fn a_screen_reader_moves_the_focus_to_a_button() {
    let mut window = Window::open(Language::En).await;
    window.screen_reader_on().await;
    let tr = *window.ui.app.translator();
    let settings = tr.tr("settings-heading");
    let tree = window.ui.app.screen_reader_tree().expect("a tree").clone();
    let (id, node) = tree
        .in_order()
        .into_iter()
        .find(|(_, node)| node.label() == Some(settings.as_str()))
        .expect("the Settings button");
    assert!(node.supports_action(accesskit::Action::Focus));
    window
        .send(Message::Accessibility(
            keeper_recovery::app::accessibility::Message::Request(
                keeper_recovery::app::accessibility::Request::Act(accesskit::ActionRequest {
                    action: accesskit::Action::Focus,
                    target_tree: accesskit::TreeId::ROOT,
                    target_node: id,
                    data: None,
                }),
            ),
        ))
        .await;
    window.assert_focus(&settings);
}

#[tokio::test]
async fn arrows_change_the_language_from_the_keyboard() {
    let mut window = Window::open(Language::En).await;
    window.tab_to("English").await;
    window.press(Named::ArrowDown).await;
    assert_eq!(window.ui.app.translator().language(), Language::Ru);
    // The choice list keeps the focus, on the new language.
    window.assert_focus(&Language::Ru.to_string());
    window.press(Named::Home).await;
    assert_eq!(window.ui.app.translator().language(), Language::Vi);
    // Enter on the list does not press anything behind it.
    window.press(Named::Enter).await;
    assert_eq!(window.ui.app.translator().language(), Language::Vi);
    assert!(!window.sees(&window.tr("keeper-access-question")));
}

#[tokio::test]
async fn with_a_recovery_open_enter_on_the_start_view_resumes_it() {
    let mut window = Window::open(Language::En).await;
    let tr = *window.ui.app.translator();
    window.walk_to_the_code_step().await;
    window.press(Named::Escape).await;
    // The start view lists the recovery; its focus is on its Continue.
    let focused = window.focused().expect("a control has the focus");
    assert!(
        focused.starts_with(&tr.tr("button-resume"))
            && focused.contains(&tr.topic_title(TopicId::RestorePassword)),
        "the focus is on {focused:?}"
    );
    window.press(Named::Enter).await;
    window.assert_focus(&tr.tr("code-label"));
}

#[tokio::test]
async fn escape_from_a_topic_lands_on_the_first_topic_again() {
    let mut window = Window::open(Language::En).await;
    window.send(Message::OpenTopic(TopicId::FindAccounts)).await;
    window.assert_focus(
        &window
            .ui
            .app
            .translator()
            .identifier_label(TopicId::FindAccounts),
    );
    window.press(Named::Escape).await;
    window.assert_focus(
        &window
            .ui
            .app
            .translator()
            .topic_title(TopicId::RestorePassword),
    );
}

/// The focused control's bounds, as the screen reader has them (in the window).
fn focused_bounds(window: &mut Window) -> accesskit::Rect {
    let reading = window.reading();
    reading
        .node(reading.update.focus)
        .and_then(|node| node.bounds())
        .expect("the focused control has bounds")
}

/// The colour with the most contrast against `background` along a line
/// crossing the ring's left edge (from `from` to `to` logical pixels left of
/// the control), halfway down the control.
fn ring_contrast(
    picture: &crate::window::Picture,
    bounds: accesskit::Rect,
    background: iced::Color,
) -> f32 {
    let y = ((bounds.y0 + bounds.y1) / 2.0) as f32;
    let x0 = bounds.x0 as f32;
    (0..8)
        .map(|step| picture.at(x0 - 4.5 + step as f32 * 0.5, y))
        .map(|color| color.relative_contrast(background))
        .fold(0.0, f32::max)
}

#[tokio::test]
async fn the_focused_control_wears_a_ring_that_stands_out_in_every_theme() {
    use keeper_recovery::storage::ThemePreference;
    for preference in [
        ThemePreference::Light,
        ThemePreference::Dark,
        ThemePreference::HighContrast,
    ] {
        let mut window = Window::open(Language::En).await;
        let tr = *window.ui.app.translator();
        window
            .send(Message::Theme(keeper_recovery::app::ThemeChoice::new(
                preference, &tr,
            )))
            .await;
        // On the header's bar, in the topic list, and on the page.
        for control in [
            tr.tr("settings-heading"),
            tr.topic_title(TopicId::FindAccounts),
            tr.tr("start-contact-support"),
        ] {
            window.tab_to(&control).await;
            let bounds = focused_bounds(&mut window);
            let picture = window.picture();
            picture.keep(&format!("ring-{preference:?}-{}", control.len()));
            // Just outside the ring: what surrounds the control.
            let y = ((bounds.y0 + bounds.y1) / 2.0) as f32;
            let around = picture.at(bounds.x0 as f32 - 8.0, y);
            let contrast = ring_contrast(&picture, bounds, around);
            assert!(
                contrast >= 3.0,
                "{preference:?}, {control:?}: the ring's contrast is {contrast:.2}:1"
            );
            // Without the focus, no ring.
            window.tab().await;
            let picture = window.picture();
            let unfocused = ring_contrast(&picture, bounds, around);
            assert!(
                unfocused < 1.2,
                "{preference:?}, {control:?}: a ring is left behind ({unfocused:.2}:1)"
            );
        }
    }
}

#[tokio::test]
async fn tab_scrolls_the_focused_control_into_sight_at_640_by_480() {
    let mut window = Window::open(Language::Ru).await;
    window.size = iced::Size::new(640.0, 480.0);
    let tr = *window.ui.app.translator();
    // The last topic, at the foot of the list.
    window.tab_to(&tr.topic_title(TopicId::RestoreEnum)).await;
    let bounds = focused_bounds(&mut window);
    assert!(
        bounds.y0 >= 0.0 && bounds.y1 <= 480.0,
        "the last topic is in sight: {bounds:?}"
    );
    // Its ring is whole, though the list scrolls (and clips what it scrolls).
    let picture = window.picture();
    let y = ((bounds.y0 + bounds.y1) / 2.0) as f32;
    let around = picture.at(bounds.x0 as f32 - 8.0, y);
    let contrast = ring_contrast(&picture, bounds, around);
    assert!(contrast >= 3.0, "the ring's left side: {contrast:.2}:1");
    // A step's last control, under the page's words: in sight below the
    // header, not under it.
    window.press(iced::keyboard::key::Named::Enter).await;
    window.tab_to(&tr.tr("settings-heading")).await;
    let header_foot = focused_bounds(&mut window).y1;
    window.tab_to(&tr.tr("button-continue")).await;
    let bounds = focused_bounds(&mut window);
    assert!(
        bounds.y0 > header_foot && bounds.y1 <= 480.0,
        "Continue is in sight below the header (which ends at {header_foot}): {bounds:?}"
    );
    // And back up again.
    window.tab_to(&tr.tr("settings-heading")).await;
    let bounds = focused_bounds(&mut window);
    assert!(bounds.y0 >= 0.0 && bounds.y1 <= 480.0, "{bounds:?}");
}

/// In a narrow window the topics are behind "Topics": Tab reaches it, Enter
/// opens the list, Tab reaches a topic, Enter opens it.
#[tokio::test]
async fn the_topics_button_of_a_narrow_window_works_by_keys_alone() {
    // Narrow from the start, so the focus lands in the narrow layout.
    let (mut window, boot) = Window::before_boot(Language::Ru);
    window.size = iced::Size::new(640.0, 480.0);
    window.run(boot).await;
    window.follow_mock().await;
    let tr = *window.ui.app.translator();
    window.digit(1).await;
    window.tab_to(&tr.tr("topics-show")).await;
    window.press(iced::keyboard::key::Named::Enter).await;
    window.tab_to(&tr.topic_title(TopicId::ChangeEmail)).await;
    window.press(iced::keyboard::key::Named::Enter).await;
    assert!(
        window.ui.sees(&tr.tr("keeper-access-question")),
        "change-email opened from the list by keys alone"
    );
}

/// "Remove from list" by the keyboard alone, in Russian at 640×480: the
/// question takes the focus on "No, keep it", so Enter keeps the recovery;
/// and support mode is reached in Settings, under "For support staff".
#[tokio::test]
async fn forgetting_asks_first_and_support_mode_is_in_settings_by_keyboard() {
    let mut window = Window::open(Language::Ru).await;
    window.walk_to_the_code_step().await;
    window.press(Named::Escape).await;
    window.size = iced::Size::new(640.0, 480.0);
    let tr = *window.ui.app.translator();
    let saved = window.ui.app.start_open_cases()[0].clone();
    let which = format!("{}, {}", tr.topic_title(saved.topic), saved.reference);
    window
        .tab_to(&format!("{}: {which}", tr.tr("button-forget")))
        .await;
    window.press(Named::Enter).await;
    window.assert_focus(&tr.tr("button-keep-listed"));
    window.picture().keep("forget-question-ru-640x480");
    window.press(Named::Enter).await;
    assert_eq!(window.ui.app.start_open_cases().len(), 1, "Enter forgot it");
    assert!(!window.sees(&tr.tr("button-forget-confirm")));

    window.tab_to(&tr.tr("settings-heading")).await;
    window.press(Named::Enter).await;
    window.tab_to(&tr.tr("settings-support-mode")).await;
    window.picture().keep("settings-support-ru-640x480");
    window.press(Named::Enter).await;
    assert!(
        window.sees(&tr.tr("support-tab-faults")),
        "support mode did not open"
    );
    window.picture().keep("support-ru-640x480");
}
