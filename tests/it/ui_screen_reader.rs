//! The window as a screen reader hears and drives it: the tree the app hands
//! to AccessKit, read off the real view, and only the screen reader's
//! actions (press, set a field's text, focus) to go forward.

use accesskit::{Action, ActionData, ActionRequest, Node, NodeId, Role, TreeId};
use iced::advanced::widget::Operation;
use iced::advanced::widget::operation::{Outcome, black_box};
use keeper_recovery::app::Message;
use keeper_recovery::app::accessibility::{self, Request, Semantics};
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::{Outcome as CaseOutcome, TopicId};

use crate::common::*;
use crate::ui::{Ui, settle};

/// A screen reader's user: hears the tree, acts on its nodes.
struct Listener {
    ui: Ui,
    heard: Semantics,
    /// Every reading applied in turn, as the platform adapters apply them:
    /// AccessKit's consumer panics on a tree it cannot take.
    consumer: accesskit_consumer::Tree,
    /// What was typed into protected fields: never to be heard.
    secrets: Vec<String>,
}

fn read(ui: &Ui) -> Semantics {
    let mut renderer = iced::futures::executor::block_on(
        <iced::Renderer as iced::advanced::renderer::Headless>::new(
            iced::Font::with_name(keeper_recovery::app::FONT_NAME),
            iced::Pixels(16.0),
            Some("tiny-skia"),
        ),
    )
    .expect("a headless renderer");
    let mut interface = iced_runtime::UserInterface::build(
        ui.app.view(),
        iced::Size::new(1100.0, 720.0),
        iced_runtime::user_interface::Cache::default(),
        &mut renderer,
    );
    let mut reader = accessibility::reader(accessibility::Window::new(
        ui.app.title(),
        ui.app.translator().language().code(),
    ));
    interface.operate(&renderer, &mut black_box(&mut reader));
    match reader.finish() {
        Outcome::Some(semantics) => semantics,
        _ => panic!("the screen was not read"),
    }
}

/// A node's name as a screen reader says it (a text's name is its value).
fn name(node: &Node) -> String {
    node.label()
        .or_else(|| (node.role() == Role::Label).then(|| node.value()).flatten())
        .unwrap_or_default()
        .to_owned()
}

/// The changes themselves are not looked at, only that the tree takes them.
struct Unheard;

impl accesskit_consumer::TreeChangeHandler for Unheard {
    fn node_added(&mut self, _node: &accesskit_consumer::NodeRef) {}
    fn node_updated(
        &mut self,
        _old_node: &accesskit_consumer::NodeRef,
        _new_node: &accesskit_consumer::NodeRef,
    ) {
    }
    fn focus_moved(
        &mut self,
        _old_node: Option<&accesskit_consumer::NodeRef>,
        _new_node: Option<&accesskit_consumer::NodeRef>,
    ) {
    }
    fn node_removed(&mut self, _node: &accesskit_consumer::NodeRef) {}
}

impl Listener {
    async fn open(language: Language) -> Listener {
        Listener::hearing(Ui::open(language, None, None).await).await
    }

    /// Support mode: the support panel beside the user's screen.
    async fn open_support(language: Language) -> Listener {
        let dir = tempfile::tempdir().expect("temp dir");
        let ui = Ui::open_support_in(
            dir,
            keeper_recovery::file_dialog::FixedPicker::default(),
            None,
            language,
        )
        .await;
        Listener::hearing(ui).await
    }

    /// A screen reader starts listening to `ui`.
    async fn hearing(mut ui: Ui) -> Listener {
        settle(
            &mut ui.app,
            iced::Task::done(Message::Accessibility(accessibility::Message::Request(
                Request::Activate,
            ))),
        )
        .await;
        let heard = read(&ui);
        let consumer = accesskit_consumer::Tree::new(heard.update.clone(), true);
        let listener = Listener {
            ui,
            heard,
            consumer,
            secrets: Vec::new(),
        };
        listener.check();
        listener
    }

    async fn hear_again(&mut self) {
        self.ui.follow_mock().await;
        self.heard = read(&self.ui);
        self.consumer
            .update_and_process_changes(self.heard.update.clone(), &mut Unheard);
        self.check();
        let heard = Message::Accessibility(accessibility::Message::Read(self.heard.clone()));
        settle(&mut self.ui.app, iced::Task::done(heard)).await;
    }

    /// What holds on every screen: whatever can be pressed or typed into has
    /// a name, and no secret typed so far is in the tree.
    fn check(&self) {
        for (_, node) in self.nodes() {
            if matches!(
                node.role(),
                Role::Button | Role::TextInput | Role::PasswordInput | Role::RadioButton
            ) {
                assert!(
                    !name(node).is_empty(),
                    "a nameless {:?}: {:#?}",
                    node.role(),
                    self.said()
                );
            }
            for said in [node.label(), node.value(), node.description()]
                .into_iter()
                .flatten()
            {
                for secret in &self.secrets {
                    assert!(
                        !said.contains(secret.as_str()),
                        "a secret is heard: {said:?}"
                    );
                }
            }
        }
    }

    fn nodes(&self) -> Vec<(NodeId, &Node)> {
        self.heard.in_order()
    }

    fn find(&self, role: Role, wanted: &str) -> Option<NodeId> {
        self.nodes()
            .into_iter()
            .find(|(_, node)| node.role() == role && name(node) == wanted)
            .map(|(id, _)| id)
    }

    fn expect(&self, role: Role, wanted: &str) -> NodeId {
        self.find(role, wanted)
            .unwrap_or_else(|| panic!("no {role:?} named {wanted:?}; heard: {:#?}", self.said()))
    }

    /// Every node as "Role: name", in reading order.
    fn said(&self) -> Vec<String> {
        self.nodes()
            .iter()
            .map(|(_, node)| format!("{:?}: {}", node.role(), name(node)))
            .collect()
    }

    /// Whether the node offers `action` to the screen reader.
    fn offers(&self, id: NodeId, action: Action) -> bool {
        self.heard
            .node(id)
            .is_some_and(|node| node.supports_action(action))
    }

    fn hears(&self, words: &str) -> bool {
        self.nodes()
            .iter()
            .any(|(_, node)| name(node).contains(words))
    }

    async fn act(&mut self, target: NodeId, action: Action, data: Option<ActionData>) {
        self.hear_again().await;
        let request = ActionRequest {
            action,
            target_tree: TreeId::ROOT,
            target_node: target,
            data,
        };
        let message =
            Message::Accessibility(accessibility::Message::Request(Request::Act(request)));
        settle(&mut self.ui.app, iced::Task::done(message)).await;
        self.hear_again().await;
    }

    async fn press(&mut self, wanted: &str) {
        let target = self.expect(Role::Button, wanted);
        self.act(target, Action::Click, None).await;
    }

    async fn set(&mut self, role: Role, label: &str, text: &str) {
        if role == Role::PasswordInput {
            self.secrets.push(text.to_owned());
        }
        let target = self.expect(role, label);
        self.act(
            target,
            Action::SetValue,
            Some(ActionData::Value(text.into())),
        )
        .await;
    }

    fn tr(&self, id: &str) -> String {
        self.ui.tr(id)
    }

    /// Opens `topic`, names the account, picks `channel` and types the code
    /// that arrived at `to`: by the tree's actions alone.
    async fn verify(
        &mut self,
        topic: TopicId,
        identifier: &str,
        channel: keeper_recovery::protocol::Channel,
        to: &str,
    ) {
        let tr = *self.ui.app.translator();
        self.press(&tr.topic_title(topic)).await;
        if topic.requires_keeper_access() {
            self.press(&tr.tr("answer-yes")).await;
        }
        self.set(Role::TextInput, &tr.identifier_label(topic), identifier)
            .await;
        self.press(&tr.tr("button-continue")).await;
        self.press(&tr.channel(channel)).await;
        self.enter_code_sent_to(to).await;
    }

    /// Types the code that arrived at `to` and presses Verify.
    async fn enter_code_sent_to(&mut self, to: &str) {
        let code = self.ui.code_sent_to(to);
        self.set(Role::TextInput, &self.tr("code-label"), &code)
            .await;
        self.press(&self.tr("button-verify")).await;
    }
}

#[tokio::test]
async fn the_start_view_is_heard_with_its_question_and_the_nine_topics_as_buttons() {
    for language in Language::ALL {
        let listener = Listener::open(language).await;
        let tr = listener.ui.app.translator();
        let window = listener
            .heard
            .node(accessibility::collect::ROOT)
            .expect("root");
        assert_eq!(window.role(), Role::Window);
        assert_eq!(window.label(), Some(tr.tr("app-title").as_str()));
        listener.expect(Role::Heading, &tr.tr("start-heading"));
        assert!(listener.hears(&tr.tr("start-intro")));
        for topic in TopicId::ALL {
            let button = listener.expect(Role::Button, &tr.topic_title(topic));
            assert!(
                listener.offers(button, Action::Click),
                "{language:?}: {topic:?} cannot be pressed"
            );
        }
        // Language and theme are choices a screen reader can press.
        listener.expect(Role::RadioButton, "English");
        listener.expect(Role::RadioButton, "Tiếng Việt");
    }
}

/// Support staff with a screen reader: the fault form's number fields are
/// read by their labels and take text from it, and a wrong number is said
/// as an alert.
#[tokio::test]
async fn the_support_panels_fault_form_is_heard_with_named_fields_and_its_error() {
    let mut listener = Listener::open_support(Language::Vi).await;
    listener.press(&listener.tr("support-tab-faults")).await;
    let count = listener.tr("support-fault-count");
    listener.set(Role::TextInput, &count, "mười").await;
    let field = listener.expect(Role::TextInput, &count);
    assert_eq!(
        listener.heard.node(field).and_then(Node::value),
        Some("mười")
    );
    listener.press(&listener.tr("support-fault-add")).await;
    listener.expect(Role::Alert, &listener.tr("support-fault-error-count"));
}

/// Where no file dialog opens, the diagnostics bundle's path is typed: a
/// screen reader user sets the field and presses "Save here" by the tree's
/// actions alone, and the bundle is written there.
#[tokio::test]
async fn a_typed_bundle_path_is_set_and_saved_by_a_screen_reader() {
    let ui = Ui::open_with_picker(
        Language::Vi,
        None,
        std::sync::Arc::new(keeper_recovery::file_dialog::TypedPaths),
    )
    .await;
    let mut listener = Listener::hearing(ui).await;
    listener.press(&listener.tr("settings-heading")).await;
    listener.press(&listener.tr("settings-save-bundle")).await;
    let folder = listener.ui.dir.path().join("for-support");
    std::fs::create_dir(&folder).expect("a folder");
    let label = listener.tr("bundle-path-label");
    listener
        .set(Role::TextInput, &label, &folder.display().to_string())
        .await;
    listener.press(&listener.tr("button-save-here")).await;
    assert_one_bundle_in(&folder);
}

#[tokio::test]
async fn a_bad_wmid_is_announced_as_an_alert_beside_the_labelled_field() {
    let mut listener = Listener::open(Language::Vi).await;
    let topic = listener
        .ui
        .app
        .translator()
        .topic_title(TopicId::RestorePassword);
    listener.press(&topic).await;
    listener.expect(Role::Heading, &topic);
    let label = listener
        .ui
        .app
        .translator()
        .identifier_label(TopicId::RestorePassword);
    listener.set(Role::TextInput, &label, "12345").await;
    // The field reads back what was set.
    let field = listener.expect(Role::TextInput, &label);
    assert_eq!(
        listener.heard.node(field).and_then(Node::value),
        Some("12345")
    );
    listener.press(&listener.tr("button-continue")).await;
    let error = listener.ui.app.translator().identifier_error(
        TopicId::RestorePassword,
        &"12345"
            .parse::<keeper_recovery::domain::Identifier>()
            .expect_err("not a WMID"),
    );
    let alert = listener.expect(Role::Alert, &error);
    let alert = listener.heard.node(alert).expect("node");
    assert_eq!(alert.live(), Some(accesskit::Live::Assertive));
    // Said once: the alert's text is its name, not a second text node.
    let times = listener
        .said()
        .iter()
        .filter(|s| s.contains(&error))
        .count();
    assert_eq!(times, 1, "heard: {:#?}", listener.said());
}

#[tokio::test]
async fn restore_password_is_completed_by_screen_reader_actions_alone_in_every_language() {
    for language in Language::ALL {
        restore_password_by_ear(language).await;
    }
}

async fn restore_password_by_ear(language: Language) {
    let mut listener = Listener::open(language).await;
    let tr = *listener.ui.app.translator();
    let topic = tr.topic_title(TopicId::RestorePassword);
    listener.press(&topic).await;
    listener
        .set(
            Role::TextInput,
            &tr.identifier_label(TopicId::RestorePassword),
            AN_WMID,
        )
        .await;
    listener.press(&tr.tr("button-continue")).await;
    listener
        .press(&tr.channel(keeper_recovery::protocol::Channel::Sms))
        .await;
    // "A code was sent" and the attempts left are polite live regions.
    let statuses: Vec<String> = listener
        .nodes()
        .into_iter()
        .filter(|(_, node)| node.role() == Role::Status)
        .map(|(_, node)| name(node))
        .collect();
    let attempts = tr.tr_args(
        "attempts-left",
        &[("count", keeper_recovery::i18n::Arg::Number(5))],
    );
    assert!(
        statuses.iter().any(|s| s.contains("+84")),
        "{language:?}: the code's destination is not announced: {statuses:?}"
    );
    assert!(
        statuses.contains(&attempts),
        "{language:?}: {attempts:?} is not announced: {statuses:?}"
    );
    let code = listener.ui.code_sent_to(AN_PHONE);
    // A code is not a secret the tree hides: it is typed where it is shown.
    listener
        .set(Role::TextInput, &tr.tr("code-label"), &code)
        .await;
    listener.press(&tr.tr("button-verify")).await;
    listener
        .set(
            Role::PasswordInput,
            &tr.tr("security-answer-label"),
            "Hà Nội",
        )
        .await;
    listener.press(&tr.tr("button-continue")).await;
    let password = "NewPassw0rd-7ZQ";
    listener
        .set(Role::PasswordInput, &tr.tr("new-password-label"), password)
        .await;
    // A mismatch is said on the repeat, the field to fix.
    listener
        .set(
            Role::PasswordInput,
            &tr.tr("new-password-repeat"),
            "NewPassw0rd-7ZO",
        )
        .await;
    listener.press(&tr.tr("button-continue")).await;
    let repeat = listener.expect(Role::PasswordInput, &tr.tr("new-password-repeat"));
    assert_eq!(
        listener.heard.node(repeat).and_then(Node::description),
        Some(tr.tr("new-password-mismatch").as_str()),
        "{language:?}: the mismatch is not said on the repeat field"
    );
    listener
        .set(Role::PasswordInput, &tr.tr("new-password-repeat"), password)
        .await;
    // The protected fields are read as dots, as drawn.
    let dots = listener
        .nodes()
        .into_iter()
        .filter(|(_, node)| node.role() == Role::TextRun)
        .any(|(_, node)| node.value() == Some("•".repeat(password.len()).as_str()));
    assert!(dots, "{language:?}: the password field reads no dots");
    listener.press(&tr.tr("button-continue")).await;
    listener.expect(
        Role::Heading,
        &tr.outcome_title(&CaseOutcome::PasswordChanged),
    );
    let reference = listener
        .nodes()
        .into_iter()
        .any(|(_, node)| name(node).contains("KR-"));
    assert!(
        reference,
        "the reference is not heard: {:#?}",
        listener.said()
    );
}

#[tokio::test]
async fn topic_8_reaches_the_saved_key_file_and_its_access_code_check_by_ear_in_every_language() {
    for language in Language::ALL {
        let mut listener = Listener::open(language).await;
        let tr = *listener.ui.app.translator();
        listener
            .verify(
                TopicId::RestoreKeyfile,
                AN_WMID,
                keeper_recovery::protocol::Channel::Email,
                AN_EMAIL,
            )
            .await;
        listener.press(&tr.tr("button-download")).await;
        // The file dialog answers with the test's own folder.
        listener.press(&tr.tr("button-save-keyfile")).await;
        assert!(
            listener.ui.dir.path().join("saved.kwm").exists(),
            "{language:?}: not saved"
        );
        // A wrong code first: its error is an alert.
        listener
            .set(
                Role::PasswordInput,
                &tr.tr("access-code-label"),
                "WrongCode123",
            )
            .await;
        listener.press(&tr.tr("button-check-keyfile")).await;
        assert!(
            listener
                .nodes()
                .into_iter()
                .any(|(_, node)| node.role() == Role::Alert),
            "{language:?}: a wrong access code is not announced: {:#?}",
            listener.said()
        );
        listener
            .set(
                Role::PasswordInput,
                &tr.tr("access-code-label"),
                AN_KEY_CODE,
            )
            .await;
        listener.press(&tr.tr("button-check-keyfile")).await;
        listener.expect(Role::Status, &tr.tr("keyfile-check-ok"));
    }
}

#[tokio::test]
async fn language_theme_and_settings_answer_the_screen_readers_actions() {
    let mut listener = Listener::open(Language::Vi).await;
    let vi = *listener.ui.app.translator();
    let dark = listener.expect(Role::RadioButton, &vi.tr("theme-dark"));
    listener.act(dark, Action::Click, None).await;
    let dark = listener.expect(Role::RadioButton, &vi.tr("theme-dark"));
    assert_eq!(
        listener.heard.node(dark).and_then(Node::toggled),
        Some(accesskit::Toggled::True),
        "the dark theme is not read as chosen"
    );
    listener.press(&vi.tr("settings-heading")).await;
    listener.expect(Role::Heading, &vi.tr("settings-heading"));
    let english = listener.expect(Role::RadioButton, "English");
    listener.act(english, Action::Click, None).await;
    listener.expect(Role::Heading, "Settings");
    // The address field offers Focus (what it does to the keyboard's focus is
    // iced's widget operation, which runs only in the window).
    let url = listener.expect(Role::Button, &listener.tr("endpoint-url"));
    listener.act(url, Action::Click, None).await;
    let field = listener.expect(Role::TextInput, &listener.tr("endpoint-url"));
    assert!(
        listener.offers(field, Action::Focus),
        "the URL field cannot be focused"
    );
}

#[tokio::test]
async fn every_topics_first_step_is_named_and_pressable_in_every_language() {
    for language in Language::ALL {
        let mut listener = Listener::open(language).await;
        let tr = *listener.ui.app.translator();
        for topic in TopicId::ALL {
            // `check` runs on each reading: every control has a name.
            listener.press(&tr.topic_title(topic)).await;
            listener.expect(Role::Heading, &tr.topic_title(topic));
            if topic.requires_keeper_access() {
                listener.press(&tr.tr("answer-yes")).await;
            }
            listener.expect(Role::TextInput, &tr.identifier_label(topic));
            let continue_button = listener.expect(Role::Button, &tr.tr("button-continue"));
            assert!(
                listener.offers(continue_button, Action::Click),
                "{language:?}: {topic:?}'s Continue cannot be pressed"
            );
        }
    }
}

#[tokio::test]
async fn change_phone_by_ear_new_contact_its_code_and_how_to_confirm_in_every_language() {
    for language in Language::ALL {
        let mut listener = Listener::open(language).await;
        let tr = *listener.ui.app.translator();
        listener
            .verify(
                TopicId::ChangePhone,
                AN_WMID,
                keeper_recovery::protocol::Channel::Keeper,
                AN_WMID,
            )
            .await;
        // The new number: a labelled field, its example not its name.
        listener
            .set(
                Role::TextInput,
                &tr.tr("new-phone-label"),
                "+84 901 234 567",
            )
            .await;
        listener.press(&tr.tr("button-send-code")).await;
        listener.enter_code_sent_to("+84901234567").await;
        // How to confirm: each way a button named as shown, without its digit.
        let old_contact = tr.confirm_method(keeper_recovery::protocol::ConfirmMethod::OldContact);
        listener.press(&old_contact).await;
        listener.enter_code_sent_to(AN_PHONE).await;
        listener.expect(Role::Heading, &tr.outcome_title(&CaseOutcome::PhoneChanged));
    }
}

#[tokio::test]
async fn deactivate_phone_by_ear_confirm_wait_and_done() {
    let mut listener = Listener::open(Language::Vi).await;
    let tr = *listener.ui.app.translator();
    listener
        .verify(
            TopicId::DeactivatePhone,
            AN_PHONE,
            keeper_recovery::protocol::Channel::Sms,
            AN_PHONE,
        )
        .await;
    listener.press(&tr.tr("button-confirm")).await;
    // The wait: its state is heard, and Refresh and Cancel can be pressed.
    assert!(listener.hears(&tr.case_state(keeper_recovery::protocol::CaseState::Waiting)));
    listener.expect(Role::Button, &tr.tr("button-cancel-case"));
    listener.ui.advance_mock_clock(24 * 3600);
    listener.press(&tr.tr("button-refresh")).await;
    listener.expect(
        Role::Heading,
        &tr.outcome_title(&CaseOutcome::PhoneDetached),
    );
}

#[tokio::test]
async fn documents_by_ear_chosen_named_and_uploaded() {
    let mut listener = Listener::open(Language::Vi).await;
    std::fs::write(
        listener.ui.dir.path().join("passport.pdf"),
        b"%PDF-1.7 scan of a passport",
    )
    .expect("document");
    let tr = *listener.ui.app.translator();
    listener
        .verify(
            TopicId::RestorePassword,
            BINH_WMID,
            keeper_recovery::protocol::Channel::Sms,
            BINH_PHONE,
        )
        .await;
    listener.press(&tr.tr("button-choose-files")).await;
    // Each chosen file's Remove says which file it removes.
    listener.expect(
        Role::Button,
        &format!("{}: passport.pdf", tr.tr("documents-remove")),
    );
    listener.press(&tr.tr("button-upload")).await;
    assert!(
        listener.hears(&tr.case_state(keeper_recovery::protocol::CaseState::UnderReview)),
        "the review is not heard: {:#?}",
        listener.said()
    );
}

/// A new security answer is typed twice, as a password is; a mismatch is said
/// on the repeat (the field to fix), and "Show what I type" shows both.
#[tokio::test]
async fn a_new_security_answer_is_typed_twice_and_shown_on_request() {
    let mut listener = Listener::open(Language::Vi).await;
    let tr = *listener.ui.app.translator();
    listener
        .verify(
            TopicId::ChangeSecurityQuestion,
            AN_WMID,
            keeper_recovery::protocol::Channel::Enum,
            AN_PHONE,
        )
        .await;
    listener
        .set(
            Role::TextInput,
            &tr.tr("new-question-label"),
            "Tên trường tiểu học của bạn?",
        )
        .await;
    listener
        .set(
            Role::PasswordInput,
            &tr.tr("new-answer-label"),
            "Nguyễn Trãi",
        )
        .await;
    listener
        .set(
            Role::PasswordInput,
            &tr.tr("new-answer-repeat"),
            "Nguyễn Trải",
        )
        .await;
    listener.press(&tr.tr("button-continue")).await;
    let repeat = listener.expect(Role::PasswordInput, &tr.tr("new-answer-repeat"));
    let repeat = listener.heard.node(repeat).expect("the repeat field");
    assert_eq!(
        repeat.description(),
        Some(tr.tr("new-answer-mismatch").as_str()),
        "the mismatch is not said on the repeat field"
    );
    assert!(repeat.invalid().is_some());
    let answer = listener.expect(Role::PasswordInput, &tr.tr("new-answer-label"));
    assert!(
        listener
            .heard
            .node(answer)
            .and_then(Node::invalid)
            .is_none(),
        "the first answer is marked wrong"
    );

    // The user asks to see what they typed: the fields are plain text now.
    listener.secrets.clear();
    listener.press(&tr.tr("button-show-typed")).await;
    listener.expect(Role::TextInput, &tr.tr("new-answer-label"));
    listener
        .set(Role::TextInput, &tr.tr("new-answer-repeat"), "Nguyễn Trãi")
        .await;
    listener.press(&tr.tr("button-continue")).await;
    listener.expect(
        Role::Heading,
        &tr.outcome_title(&CaseOutcome::SecurityQuestionChanged),
    );
}
