//! The app as a user drives it: the real view, clicks and typing through
//! `iced_test`, and the real tasks (HTTP to the in-process mock) run to the end.
//! This is the harness; the tests that use it are in the `ui_*` files by subject.

use std::sync::Arc;

use futures_util::StreamExt;
use iced::Task;
use iced_test::simulator;
use keeper_recovery::app::{App, Launch, Message};
use keeper_recovery::file_dialog::FixedPicker;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;
use keeper_recovery::storage::AppPaths;

use crate::common::*;

pub struct Ui {
    pub app: App,
    pub dir: tempfile::TempDir,
    /// The mock's change count the app last heard of.
    pub(crate) mock_seen: u64,
}

/// Runs a task and every task its messages lead to; widget operations (focus) are
/// left to the simulator.
/// Ctrl+A (Cmd+A on macOS), as a user selects a field's text to type over it.
/// A field reads the modifiers from their own event, as a desktop sends it.
fn select_all() -> [iced::Event; 3] {
    use iced::keyboard::{Event, Modifiers};
    let command = if cfg!(target_os = "macos") {
        Modifiers::LOGO
    } else {
        Modifiers::CTRL
    };
    let key = iced::keyboard::Key::Character("a".into());
    [
        iced::Event::Keyboard(Event::ModifiersChanged(command)),
        iced::Event::Keyboard(Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key: iced::keyboard::key::Physical::Unidentified(
                iced::keyboard::key::NativeCode::Unidentified,
            ),
            location: iced::keyboard::Location::Standard,
            modifiers: command,
            repeat: false,
            text: None,
        }),
        iced::Event::Keyboard(Event::ModifiersChanged(Modifiers::empty())),
    ]
}

pub(crate) async fn settle(app: &mut App, task: Task<Message>) {
    let mut queue = vec![task];
    while let Some(task) = queue.pop() {
        let Some(mut stream) = iced_runtime::task::into_stream(task) else {
            continue;
        };
        while let Some(action) = stream.next().await {
            if let iced_runtime::Action::Output(message) = action {
                queue.push(app.update(message));
            }
        }
    }
}

impl Ui {
    pub async fn open(language: Language, scenario: Option<&str>, endpoint: Option<String>) -> Ui {
        let dir = tempfile::tempdir().expect("temp dir");
        Ui::open_in(dir, language, scenario, endpoint, None).await
    }

    /// `tokens`: a store instead of the OS keyring, so the screen is the same on every
    /// machine, or so a test can look inside it.
    pub async fn open_in(
        dir: tempfile::TempDir,
        language: Language,
        scenario: Option<&str>,
        endpoint: Option<String>,
        tokens: Option<Box<dyn keeper_recovery::token_store::TokenStore>>,
    ) -> Ui {
        let launch = Launch {
            endpoint,
            scenario: scenario.map(str::to_owned),
            language: Some(language),
            paths: Some(AppPaths::under(dir.path())),
            ..Launch::default()
        };
        // The file dialogs answer with files in the test's own folder.
        let picker = FixedPicker {
            save: Some(dir.path().join("saved.kwm")),
            open: vec![dir.path().join("passport.pdf")],
        };
        Ui::boot(dir, launch, Arc::new(picker), tokens).await
    }

    /// Boots the app in `language` on the built-in mock with `scenario`; its file
    /// dialogs answer as `picker` does.
    pub async fn open_with_picker(
        language: Language,
        scenario: Option<&str>,
        picker: Arc<dyn keeper_recovery::file_dialog::FilePicker>,
    ) -> Ui {
        let dir = tempfile::tempdir().expect("temp dir");
        let launch = Launch {
            scenario: scenario.map(str::to_owned),
            language: Some(language),
            paths: Some(AppPaths::under(dir.path())),
            ..Launch::default()
        };
        let tokens = keeper_recovery::token_store::MemoryStore::default();
        Ui::boot(dir, launch, picker, Some(Box::new(tokens))).await
    }

    /// Boots the app as `keeper-recovery --support [--scenario NAME]` would, in English, on the
    /// built-in mock; its file dialogs answer with `picker`'s paths.
    pub async fn open_support(
        dir: tempfile::TempDir,
        picker: FixedPicker,
        scenario: Option<&str>,
    ) -> Ui {
        Ui::open_support_in(dir, picker, scenario, Language::En).await
    }

    /// Support mode as `open_support`, in `language`.
    pub async fn open_support_in(
        dir: tempfile::TempDir,
        picker: FixedPicker,
        scenario: Option<&str>,
        language: Language,
    ) -> Ui {
        let launch = Launch {
            scenario: scenario.map(str::to_owned),
            language: Some(language),
            support: true,
            paths: Some(AppPaths::under(dir.path())),
            ..Launch::default()
        };
        let tokens = keeper_recovery::token_store::MemoryStore::default();
        Ui::boot(dir, launch, Arc::new(picker), Some(Box::new(tokens))).await
    }

    async fn boot(
        dir: tempfile::TempDir,
        launch: Launch,
        picker: Arc<dyn keeper_recovery::file_dialog::FilePicker>,
        tokens: Option<Box<dyn keeper_recovery::token_store::TokenStore>>,
    ) -> Ui {
        let (mut app, task) = App::boot_with(launch, picker, tokens);
        // Never the developer's desktop: tests that look read these.
        app.set_notifier(Arc::new(
            keeper_recovery::app::notify::KeptNotifications::default(),
        ));
        settle(&mut app, task).await;
        let mut ui = Ui {
            app,
            dir,
            mock_seen: 0,
        };
        ui.follow_mock().await;
        ui
    }

    pub fn tr(&self, id: &str) -> String {
        self.app.translator().tr(id)
    }

    /// Runs the messages a simulated interaction produced, and every task they lead to.
    pub(crate) async fn apply(&mut self, messages: Vec<Message>) {
        for message in messages {
            let task = self.app.update(message);
            settle(&mut self.app, task).await;
        }
        self.follow_mock().await;
    }

    /// What the app's subscription to the mock's change feed does in the
    /// window: one `MockChanged` after the mock changed, until it is still.
    pub async fn follow_mock(&mut self) {
        for _ in 0..10 {
            let Some(mock) = self.app.connection().and_then(|c| c.mock.clone()) else {
                return;
            };
            let count = *mock.shared().changes().borrow();
            if count == self.mock_seen {
                return;
            }
            self.mock_seen = count;
            let task = self.app.update(Message::MockChanged);
            settle(&mut self.app, task).await;
        }
    }

    /// Clicks the widget showing `label`, then runs what that sets off.
    pub async fn click(&mut self, label: &str) {
        let messages: Vec<Message> = {
            let mut ui = simulator(self.app.view());
            ui.click(label)
                .unwrap_or_else(|e| panic!("nothing to click labelled {label:?}: {e:?}"));
            ui.into_messages().collect()
        };
        self.apply(messages).await;
    }

    /// Clicks into the step's inputs in order, types into each, and presses Enter.
    pub async fn fill_and_enter(&mut self, values: &[&str]) {
        let inputs = [
            keeper_recovery::app::screen::topic::FIRST_INPUT,
            keeper_recovery::app::screen::topic::SECOND_INPUT,
            keeper_recovery::app::screen::topic::THIRD_INPUT,
        ];
        let messages: Vec<Message> = {
            let mut ui = simulator(self.app.view());
            for (input, value) in inputs.iter().zip(values) {
                ui.click(iced::widget::Id::new(input))
                    .unwrap_or_else(|e| panic!("no input {input}: {e:?}"));
                ui.typewrite(value);
            }
            ui.tap_key(iced::keyboard::key::Named::Enter);
            ui.into_messages().collect()
        };
        self.apply(messages).await;
    }

    /// Types into the path field shown where no file dialog opens, and presses Enter.
    pub async fn type_path_and_enter(&mut self, path: &std::path::Path) {
        self.type_path_into_and_enter(keeper_recovery::app::screen::topic::PATH_INPUT, path)
            .await;
    }

    /// Types `path` into the path field `id`, replacing what it holds, and presses Enter.
    pub async fn type_path_into_and_enter(&mut self, id: &'static str, path: &std::path::Path) {
        let messages: Vec<Message> = {
            let mut ui = simulator(self.app.view());
            ui.click(iced::widget::Id::new(id))
                .unwrap_or_else(|e| panic!("no path field: {e:?}"));
            // What the field still holds is selected, so typing replaces it.
            ui.simulate(select_all());
            ui.typewrite(&path.display().to_string());
            ui.tap_key(iced::keyboard::key::Named::Enter);
            ui.into_messages().collect()
        };
        self.apply(messages).await;
    }

    pub async fn type_and_enter(&mut self, text: &str) {
        self.fill_and_enter(&[text]).await;
    }

    /// For texts with a time or count in them: the part before it must be on screen.
    pub fn assert_sees_start(&self, prefix: &str) {
        let mut ui = simulator(self.app.view());
        let found = ui.find(
            move |candidate: iced_test::selector::Candidate<'_>| match candidate {
                iced_test::selector::Candidate::Text { content, .. }
                    if content.starts_with(prefix) =>
                {
                    Some(())
                }
                _ => None,
            },
        );
        assert!(
            found.is_ok(),
            "the window should show a text starting with {prefix:?}; it shows {:?}",
            self.texts()
        );
    }

    /// Every text on screen, to say what was there when an expected one was not.
    pub fn texts(&self) -> Vec<String> {
        let mut ui = simulator(self.app.view());
        let mut seen = Vec::new();
        let _ = ui.find(
            |candidate: iced_test::selector::Candidate<'_>| -> Option<()> {
                if let iced_test::selector::Candidate::Text { content, .. } = candidate {
                    seen.push(content.to_owned());
                }
                None
            },
        );
        seen
    }

    /// Where the text `label` is drawn in the 1100×720 window, as the pointer finds it.
    pub fn place_of(&self, label: &str) -> iced::Rectangle {
        let mut ui = iced_test::Simulator::with_size(
            iced::Settings::default(),
            (1100.0, 720.0),
            self.app.view(),
        );
        let wanted = label.to_owned();
        ui.find(
            move |candidate: iced_test::selector::Candidate<'_>| match candidate {
                iced_test::selector::Candidate::Text {
                    content, bounds, ..
                } if content == wanted => Some(bounds),
                _ => None,
            },
        )
        .unwrap_or_else(|_| panic!("{label:?} is not on screen: {:?}", self.texts()))
    }

    pub fn sees(&self, expected: &str) -> bool {
        let mut ui = simulator(self.app.view());
        ui.find(expected).is_ok()
    }

    pub fn assert_sees(&self, expected: &str) {
        assert!(
            self.sees(expected),
            "the window should show {expected:?}; it shows {:?}",
            self.texts()
        );
    }

    pub fn code_sent_to(&self, to: &str) -> String {
        let connection = self.app.connection().expect("connected");
        let mock = connection.mock.as_ref().expect("built-in mock");
        mock.shared()
            .engine(|e| e.latest_code_to(to))
            .expect("a code was sent")
    }

    /// Reads the code that arrived at `to`, as the user would, types it, and presses Enter.
    pub async fn enter_code_sent_to(&mut self, to: &str) {
        let code = self.code_sent_to(to);
        self.type_and_enter(&code).await;
    }

    /// Opens a topic, says Yes where the Keeper question is asked, names the account,
    /// picks the channel and types the code that arrived at `to`.
    /// Topic 8 for An: verified by email, the key file downloaded and saved
    /// where the picker says.
    pub async fn save_restored_key_file(&mut self) {
        self.verify_with(
            TopicId::RestoreKeyfile,
            AN_WMID,
            keeper_recovery::protocol::Channel::Email,
            AN_EMAIL,
        )
        .await;
        self.assert_sees(&self.tr("keyfile-ready"));
        self.click(&self.tr("button-download")).await;
        self.click(&self.tr("button-save-keyfile")).await;
    }

    pub async fn verify_with(
        &mut self,
        topic: TopicId,
        identifier: &str,
        channel: keeper_recovery::protocol::Channel,
        to: &str,
    ) {
        self.open_topic(topic).await;
        if topic.requires_keeper_access() {
            self.click(&self.tr("answer-yes")).await;
        }
        self.type_and_enter(identifier).await;
        self.choose_channel(channel).await;
        self.enter_code_sent_to(to).await;
    }

    /// Change-email for An, verified in the Keeper, up to its new address's
    /// code typed: the next step asks how to confirm with the old contact.
    pub async fn change_email_to(&mut self, new_email: &str) {
        self.verify_with(
            TopicId::ChangeEmail,
            AN_WMID,
            keeper_recovery::protocol::Channel::Keeper,
            AN_WMID,
        )
        .await;
        self.type_and_enter(new_email).await;
        self.enter_code_sent_to(new_email).await;
    }

    /// Change-email confirmed by the security answer: its 3-day security period starts.
    pub async fn change_email_into_its_security_period(&mut self, new_email: &str) {
        self.change_email_to(new_email).await;
        self.click(&self.tr("confirm-method-security-question"))
            .await;
        self.type_and_enter("Hà Nội").await;
        self.assert_state(keeper_recovery::protocol::CaseState::Waiting);
    }

    /// Clicks how to confirm the change, in the app's language.
    pub async fn choose_confirm(&mut self, method: keeper_recovery::protocol::ConfirmMethod) {
        let label = self.app.translator().confirm_method(method);
        self.click(&label).await;
    }

    /// Moves the built-in mock's clock, as support staff would.
    pub fn advance_mock_clock(&self, seconds: u64) {
        let mock = self
            .app
            .connection()
            .and_then(|c| c.mock.clone())
            .expect("built-in mock");
        mock.shared()
            .advance_clock(std::time::Duration::from_secs(seconds));
    }

    /// The panel shows the case in this state.
    pub fn assert_state(&self, state: keeper_recovery::protocol::CaseState) {
        self.assert_sees(&self.app.translator().case_state(state));
    }

    /// The finish screen shows this outcome.
    pub fn assert_outcome(&self, outcome: keeper_recovery::protocol::Outcome) {
        self.assert_sees(&self.app.translator().outcome(&outcome));
    }

    /// Clicks the button of a channel, in the app's language.
    pub async fn choose_channel(&mut self, channel: keeper_recovery::protocol::Channel) {
        let label = self.app.translator().channel(channel);
        self.click(&label).await;
    }

    pub async fn open_topic(&mut self, topic: TopicId) {
        let title = self.app.translator().topic_title(topic);
        // Where the topics have folded away behind their button, as a user would.
        if !self.sees(&title) {
            self.click(&self.tr("topics-show")).await;
        }
        self.click(&title).await;
    }
}

pub(crate) fn before(text: &str, marker: &str) -> String {
    text.split(marker).next().unwrap_or(text).to_owned()
}

/// A key press outside any field, as the window's keyboard subscription sees it.
fn key_outside_fields(key: iced::keyboard::Key) -> Option<Message> {
    let event = iced::Event::Keyboard(iced::keyboard::Event::KeyPressed {
        key: key.clone(),
        modified_key: key,
        physical_key: iced::keyboard::key::Physical::Unidentified(
            iced::keyboard::key::NativeCode::Unidentified,
        ),
        location: iced::keyboard::Location::Standard,
        modifiers: iced::keyboard::Modifiers::default(),
        text: None,
        repeat: false,
    });
    keeper_recovery::app::keyboard_shortcut(&event, iced::event::Status::Ignored)
}

impl Ui {
    pub async fn press(&mut self, key: iced::keyboard::Key) {
        let message = key_outside_fields(key).expect("the key is a shortcut");
        let task = self.app.update(message);
        settle(&mut self.app, task).await;
    }
}
