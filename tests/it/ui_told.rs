//! What a screen reader is told as a keyboard user goes: the tree handed to
//! the OS's adapter, with each step said once as the description of the
//! control its focus lands on, and news (an error, a status) once as the
//! focused control's. Orca 43 speaks a focused control's name, role and
//! description, and a change of its description; nothing else reaches it.

use accesskit::{Invalid, Node};
use iced::keyboard::key::Named;
use keeper_recovery::app::Message;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;

use crate::common::*;
use crate::ui::before;
use crate::window::Window;

impl Window {
    /// The focused node of the tree the screen reader was handed last.
    fn told(&self) -> Node {
        let tree = self
            .ui
            .app
            .screen_reader_tree()
            .expect("the screen reader was handed a tree");
        assert_ne!(
            tree.update.focus,
            keeper_recovery::app::accessibility::collect::ROOT,
            "the focus is on a control, never on the window (Orca would say the window again)"
        );
        tree.node(tree.update.focus)
            .expect("the focused node")
            .clone()
    }

    /// What the screen reader says of the focused control after its name.
    fn description(&self) -> String {
        self.told().description().unwrap_or_default().to_owned()
    }
}

fn says(description: &str, text: &str) -> bool {
    description.contains(text.trim())
}

/// A message's words before its placeable `name`.
fn words_before(tr: &keeper_recovery::i18n::Translator, id: &str, name: &str) -> String {
    let marker = "\u{1}";
    let text = tr.tr_args(
        id,
        &[(name, keeper_recovery::i18n::Arg::Text(marker.to_owned()))],
    );
    before(&text, marker)
}

#[tokio::test]
async fn each_step_is_told_once_with_the_control_it_lands_on() {
    for language in [Language::Vi, Language::En, Language::Ru] {
        let mut window = Window::open(language).await;
        let tr = *window.ui.app.translator();
        window.screen_reader_on().await;

        // The start view: its question, its words and the keys, on the first topic.
        let told = window.told();
        assert_eq!(
            told.label(),
            Some(tr.topic_title(TopicId::RestorePassword).as_str())
        );
        assert_eq!(told.keyboard_shortcut(), Some("1"));
        let description = window.description();
        for id in ["start-heading", "start-intro", "keys-topics"] {
            assert!(
                says(&description, &tr.tr(id)),
                "{language:?}: {id} in {description:?}"
            );
        }
        // Tab to the next topic: the start view is not said again.
        window.tab().await;
        assert!(
            !says(&window.description(), &tr.tr("start-heading")),
            "{language:?}: the start view is said once"
        );
        window.shift_tab().await;
        assert!(!says(&window.description(), &tr.tr("start-heading")));

        // The topic: its title and words, on its field.
        window.press(Named::Enter).await;
        let told = window.told();
        assert_eq!(
            told.label(),
            Some(tr.identifier_label(TopicId::RestorePassword).as_str())
        );
        let description = window.description();
        assert!(says(
            &description,
            &tr.topic_title(TopicId::RestorePassword)
        ));
        assert!(!says(&description, &tr.tr("start-intro")));

        // A bad WMID: the error is told on the field, which is marked invalid.
        window.type_text("12345").await;
        window.press(Named::Enter).await;
        let error = tr.identifier_error(
            TopicId::RestorePassword,
            &keeper_recovery::domain::InputError::Identifier,
        );
        assert_eq!(window.description(), error, "{language:?}: the error alone");
        assert_eq!(window.told().invalid(), Some(Invalid::True));
        // Back in the field later, the error is read with it (not the step again).
        window.tab().await;
        window.shift_tab().await;
        assert_eq!(window.description(), error);

        // The channel question, on the first channel, with its keys.
        window.clear_field().await;
        window.type_text(AN_WMID).await;
        window.press(Named::Enter).await;
        let description = window.description();
        assert!(
            says(&description, &tr.tr("choose-channel")),
            "{description:?}"
        );
        let keys = |n| {
            tr.tr_args(
                "keys-choices",
                &[("count", keeper_recovery::i18n::Arg::Number(n))],
            )
        };
        assert!(
            (2..=9).any(|n| says(&description, &keys(n))),
            "{description:?}"
        );
        assert!(!says(
            &description,
            &tr.topic_title(TopicId::RestorePassword)
        ));
        assert_eq!(window.told().keyboard_shortcut(), Some("1"));

        // The code: where it went and the attempts left, on the code field.
        window.digit(1).await;
        let description = window.description();
        assert_eq!(window.told().label(), Some(tr.tr("code-label").as_str()));
        let sent = words_before(&tr, "code-sent-to", "destination");
        let attempts = tr.tr_args(
            "attempts-left",
            &[("count", keeper_recovery::i18n::Arg::Number(5))],
        );
        assert!(says(&description, &sent), "{language:?}: {description:?}");
        assert!(
            says(&description, &attempts),
            "{language:?}: {description:?}"
        );
        // Said once: after Tab and back, the field is only itself.
        window.tab().await;
        window.shift_tab().await;
        assert!(!says(&window.description(), &sent));
        // A second each second ticks the clock: nothing is said again.
        window.send(Message::Tick).await;
        assert!(!says(&window.description(), &sent));
    }
}

#[tokio::test]
async fn a_wrong_code_is_told_once_on_the_code_field() {
    let mut window = Window::open(Language::En).await;
    let tr = *window.ui.app.translator();
    window.screen_reader_on().await;
    window.walk_to_the_code_step().await;
    window.type_text("000000").await;
    window.press(Named::Enter).await;
    // What the alert under the field shows is what is said.
    let reading = window.reading();
    let alert = reading
        .in_order()
        .into_iter()
        .find(|(_, node)| node.role() == accesskit::Role::Alert)
        .and_then(|(_, node)| node.label().map(str::to_owned))
        .expect("the wrong code is shown");
    let description = window.description();
    assert_eq!(description, alert);
    assert!(!says(
        &description,
        &words_before(&tr, "code-sent-to", "destination")
    ));
    let first = description.clone();
    window.send(Message::Tick).await;
    assert_eq!(
        window.description(),
        first,
        "nothing new, nothing more said"
    );
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn on_linux_news_is_not_announced_a_second_time() {
    let mut window = Window::open(Language::En).await;
    window.screen_reader_on().await;
    window.press(Named::Enter).await;
    window.type_text("12345").await;
    window.press(Named::Enter).await;
    let tree = window.ui.app.screen_reader_tree().expect("a tree");
    let live: Vec<_> = tree
        .update
        .nodes
        .iter()
        .filter(|(_, node)| node.live().is_some())
        .collect();
    assert!(
        live.is_empty(),
        "Orca 45 and newer would announce these beside the description: {live:?}"
    );
}

#[tokio::test]
async fn bounds_reach_the_screen_reader_in_physical_pixels_at_every_scale() {
    let mut window = Window::open(Language::En).await;
    window.screen_reader_on().await;
    for scale in [1.0_f32, 1.25, 1.5, 2.0] {
        window
            .send(Message::Accessibility(
                keeper_recovery::app::accessibility::Message::Rescaled(scale),
            ))
            .await;
        let tree = window.ui.app.screen_reader_tree().expect("a tree").clone();
        let logical = tree
            .node(tree.update.focus)
            .and_then(Node::bounds)
            .expect("the focused control's bounds");
        // What a screen reader computes: the node's box through the window's transform.
        let consumer = accesskit_consumer::Tree::new(tree.update.clone(), true);
        let seen = consumer
            .state()
            .focus()
            .and_then(|node| node.bounding_box())
            .expect("the focused control's box");
        let scale = f64::from(scale);
        for (physical, logical) in [
            (seen.x0, logical.x0),
            (seen.y0, logical.y0),
            (seen.x1, logical.x1),
            (seen.y1, logical.y1),
        ] {
            assert!(
                (physical - logical * scale).abs() < 0.01,
                "at {scale}: {seen:?} is not {logical:?} scaled"
            );
        }
        let root = consumer
            .state()
            .root()
            .bounding_box()
            .expect("the window's box");
        assert!((root.x1 - 1100.0 * scale).abs() < 0.01, "{root:?}");
    }
}

/// Nothing the screen reader is handed, with what it is told, holds `secret`.
fn assert_never_told(window: &Window, secret: &str) {
    let tree = window.ui.app.screen_reader_tree().expect("a tree");
    for (_, node) in &tree.update.nodes {
        for said in [node.label(), node.value(), node.description()]
            .into_iter()
            .flatten()
        {
            assert!(!said.contains(secret), "a secret is told: {node:?}");
        }
    }
}

#[tokio::test]
async fn secrets_typed_are_never_told() {
    let answer = "Hà Nội";
    let password = "NewPassw0rd-7ZQ";
    let mut window = Window::open(Language::Vi).await;
    window.screen_reader_on().await;
    window.walk_to_the_code_step().await;
    let code = window.ui.code_sent_to(AN_PHONE);
    window.type_text(&code).await;
    window.press(Named::Enter).await;
    window.type_text(answer).await;
    assert_never_told(&window, answer);
    assert_never_told(&window, "Hà");
    window.press(Named::Enter).await;
    window.type_text(password).await;
    window.tab().await;
    window.type_text(password).await;
    assert_never_told(&window, password);
    window.press(Named::Enter).await;
    assert_never_told(&window, password);
    assert!(
        window.sees(
            &window
                .ui
                .app
                .translator()
                .outcome(&keeper_recovery::protocol::Outcome::PasswordChanged)
        )
    );
}
