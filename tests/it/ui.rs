//! The app as a user drives it: the real view, clicks and typing through
//! `iced_test`, and the real tasks (HTTP to the in-process mock) run to the end.

use std::sync::Arc;

use futures_util::StreamExt;
use iced::Task;
use iced_test::simulator;
use keeper_recovery::app::{App, Launch, Message};
use keeper_recovery::i18n::Language;
use keeper_recovery::keyfile_save::FixedPicker;
use keeper_recovery::protocol::TopicId;
use keeper_recovery::storage::AppPaths;

use crate::common::*;

pub struct Ui {
    pub app: App,
    pub dir: tempfile::TempDir,
}

/// Runs a task and every task its messages lead to; widget operations (focus) are
/// left to the simulator.
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
        tokens: Option<Box<dyn keeper_recovery::session::TokenStore>>,
    ) -> Ui {
        let launch = Launch {
            endpoint,
            scenario: scenario.map(str::to_owned),
            language: Some(language),
            support: false,
            paths: Some(AppPaths::under(dir.path())),
        };
        // The file dialogs answer with files in the test's own folder.
        let picker = FixedPicker {
            save: Some(dir.path().join("saved.kwm")),
            open: vec![dir.path().join("passport.pdf")],
        };
        Ui::boot(dir, launch, picker, tokens).await
    }

    /// Boots the app as `keeper-recovery --support [--scenario NAME]` would, in English, on the
    /// built-in mock; its file dialogs answer with `picker`'s paths.
    pub async fn open_support(
        dir: tempfile::TempDir,
        picker: FixedPicker,
        scenario: Option<&str>,
    ) -> Ui {
        let launch = Launch {
            scenario: scenario.map(str::to_owned),
            language: Some(Language::En),
            support: true,
            paths: Some(AppPaths::under(dir.path())),
            ..Launch::default()
        };
        let tokens = keeper_recovery::session::MemoryStore::default();
        Ui::boot(dir, launch, picker, Some(Box::new(tokens))).await
    }

    async fn boot(
        dir: tempfile::TempDir,
        launch: Launch,
        picker: FixedPicker,
        tokens: Option<Box<dyn keeper_recovery::session::TokenStore>>,
    ) -> Ui {
        let (mut app, task) = App::boot_with(launch, Arc::new(picker), tokens);
        settle(&mut app, task).await;
        Ui { app, dir }
    }

    pub fn tr(&self, id: &str) -> String {
        self.app.translator().tr(id)
    }

    /// Runs the messages a simulated interaction produced, and every task they lead to.
    async fn apply(&mut self, messages: Vec<Message>) {
        for message in messages {
            let task = self.app.update(message);
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
            keeper_recovery::app::topic::FIRST_INPUT,
            keeper_recovery::app::topic::SECOND_INPUT,
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
        self.click(&title).await;
    }
}

#[tokio::test]
async fn start_view_lists_the_nine_topics_in_the_pages_order_and_wording() {
    let ui = Ui::open(Language::Vi, None, None).await;
    ui.assert_sees("Bạn muốn gì?");
    for title in [
        "Khôi phục lại mật khẩu của WebMoney Keeper",
        "Thay đổi số điện thoại",
        "Hủy kích hoạt số điện thoại di động",
        "Thay đổi Email",
        "Thay đổi câu hỏi bảo mật",
        "Tìm kiếm tài khoản WM của tôi",
        "Khôi phục keyfile hoặc chứng chỉ kỹ thuật số",
        "Khôi phục quyền truy cập tài khoản E-NUM",
    ] {
        ui.assert_sees(title);
    }
}

#[tokio::test]
async fn restore_password_from_wmid_to_new_password() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.verify_with(
        TopicId::RestorePassword,
        AN_WMID,
        keeper_recovery::protocol::Channel::Sms,
        AN_PHONE,
    )
    .await;
    ui.assert_sees("Thành phố nơi bạn sinh ra?");
    ui.type_and_enter("Hà Nội").await;
    ui.fill_and_enter(&["NewPassw0rd", "NewPassw0rd"]).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::PasswordChanged);
    // Whoever did this learns that the owner's phone and email were told.
    ui.assert_sees(&ui.tr("old-contacts-told-change"));
}

#[tokio::test]
async fn wrong_code_shows_attempts_left() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    ui.type_and_enter("000000").await;
    let expected =
        ui.app
            .translator()
            .client_error(&keeper_recovery::client::ClientError::WrongCode {
                field: "code".into(),
                attempts_left: 4,
            });
    ui.assert_sees(&expected);
}

#[tokio::test]
async fn invalid_wmid_is_explained_under_the_field() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::ChangeSecurityQuestion).await;
    ui.type_and_enter("12345").await;
    let expected = ui
        .app
        .translator()
        .input_error(&keeper_recovery::domain::InputError::Identifier);
    ui.assert_sees(&expected);
}

#[tokio::test]
async fn an_unreachable_endpoint_says_so_with_a_retry() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let mut ui = Ui::open(Language::En, None, Some(format!("http://127.0.0.1:{port}"))).await;
    ui.open_topic(TopicId::FindAccounts).await;
    ui.type_and_enter(AN_EMAIL).await;
    let expected = ui
        .app
        .translator()
        .client_error(&keeper_recovery::client::ClientError::Offline);
    ui.assert_sees(&expected);
    ui.assert_sees(&ui.tr("button-retry"));
}

#[tokio::test]
async fn restored_key_file_is_saved_and_opens_with_the_access_code() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.verify_with(
        TopicId::RestoreKeyfile,
        AN_WMID,
        keeper_recovery::protocol::Channel::Email,
        AN_EMAIL,
    )
    .await;
    ui.assert_sees(&ui.tr("keyfile-ready"));
    ui.click(&ui.tr("button-download")).await;
    ui.click(&ui.tr("button-save-keyfile")).await;

    let saved = ui.dir.path().join("saved.kwm");
    let bytes = std::fs::read(&saved).expect("the key file was saved where the user chose");
    let wmid = AN_WMID.parse().expect("wmid");
    assert_eq!(
        keeper_recovery::keyfile::check(&bytes, &wmid, &secret(AN_KEY_CODE)),
        Ok(())
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "only the user may read the key file");
    }

    ui.type_and_enter("not-my-code").await;
    let wrong = ui
        .app
        .translator()
        .keyfile_error(&keeper_recovery::keyfile::KeyFileError::WrongAccessCode);
    ui.assert_sees(&wrong);
    ui.type_and_enter(AN_KEY_CODE).await;
    ui.assert_sees(&ui.tr("keyfile-check-ok"));
}

#[tokio::test]
async fn a_waiting_case_is_listed_after_a_restart_and_resumes() {
    let mock = keeper_recovery::mock::MockServer::start(
        keeper_recovery::mock::scenario::Scenario::demo(),
        keeper_recovery::mock::MockOptions::default(),
    )
    .await
    .expect("mock");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    let mut ui = Ui::open_in(dir, Language::En, None, Some(mock.base_url()), None).await;
    ui.open_topic(TopicId::DeactivatePhone).await;
    ui.type_and_enter(AN_PHONE).await;
    ui.click("SMS").await;
    let code = mock
        .shared()
        .engine(|e| e.latest_code_to(AN_PHONE))
        .expect("code");
    ui.type_and_enter(&code).await;
    ui.click(&ui.tr("button-confirm")).await;
    let reference = ui
        .app
        .start_open_cases()
        .first()
        .map(|c| c.reference.clone())
        .expect("the case is kept");

    // The app closes; the case id stays on disk (no token there), the token in the keyring.
    let Ui { app, dir } = ui;
    drop(app);
    let on_disk =
        std::fs::read_to_string(root.join("state").join("open-cases.json")).expect("state file");
    assert!(on_disk.contains(&reference));

    let mut ui = Ui::open_in(dir, Language::En, None, Some(mock.base_url()), None).await;
    ui.assert_sees(&ui.tr("start-open-cases"));
    ui.click(&ui.tr("button-resume")).await;
    ui.assert_sees(&ui.tr("button-refresh"));
    mock.shared()
        .advance_clock(std::time::Duration::from_secs(24 * 3600));
    ui.click(&ui.tr("button-refresh")).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::PhoneDetached);
    assert!(
        ui.app.start_open_cases().is_empty(),
        "a finished case leaves the list"
    );
}

/// Renders with the app's own font, as the window does.
fn snapshot_of(app: &App) -> iced_test::simulator::Snapshot {
    let settings = iced::Settings {
        fonts: vec![keeper_recovery::app::FONT_REGULAR.into()],
        default_font: iced::Font::with_name(keeper_recovery::app::FONT_NAME),
        ..iced::Settings::default()
    };
    let mut ui = iced_test::Simulator::with_size(settings, (1100.0, 720.0), app.view());
    ui.snapshot(&app.theme()).expect("drawn")
}

#[tokio::test]
async fn start_view_and_a_panel_match_their_reviewed_snapshots() {
    for language in Language::ALL {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ui = Ui::open_in(
            dir,
            language,
            None,
            None,
            Some(Box::new(keeper_recovery::session::MemoryStore::new())),
        )
        .await;
        let name = format!("tests/snapshots/start-{}", language.code());
        assert!(
            snapshot_of(&ui.app).matches_image(&name).expect("compared"),
            "{name} changed"
        );
        ui.open_topic(TopicId::RestorePassword).await;
        let name = format!("tests/snapshots/restore-password-{}", language.code());
        assert!(
            snapshot_of(&ui.app).matches_image(&name).expect("compared"),
            "{name} changed"
        );
    }
}

pub(crate) fn before(text: &str, marker: &str) -> String {
    text.split(marker).next().unwrap_or(text).to_owned()
}

#[tokio::test]
async fn change_phone_with_keeper_access_from_new_number_to_done() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::ChangePhone).await;
    ui.assert_sees(&ui.tr("keeper-access-question"));
    ui.click(&ui.tr("answer-yes")).await;
    ui.type_and_enter(AN_WMID).await;
    ui.choose_channel(keeper_recovery::protocol::Channel::Keeper)
        .await;
    ui.enter_code_sent_to(AN_WMID).await;
    ui.type_and_enter("+84 901 234 567").await;
    ui.enter_code_sent_to("+84901234567").await;
    ui.choose_confirm(keeper_recovery::protocol::ConfirmMethod::OldContact)
        .await;
    ui.enter_code_sent_to(AN_PHONE).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::PhoneChanged);
}

#[tokio::test]
async fn no_keeper_access_leads_to_restoring_access_first() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::ReregisterSim).await;
    ui.click(&ui.tr("answer-no")).await;
    ui.assert_sees(&ui.tr("keeper-access-no"));
    ui.click(&ui.tr("button-restore-access")).await;
    ui.assert_sees(
        &ui.app
            .translator()
            .identifier_label(TopicId::RestorePassword),
    );
}

#[tokio::test]
async fn reregister_sim_from_keeper_code_to_done() {
    let mut ui = Ui::open(Language::Ru, None, None).await;
    ui.verify_with(
        TopicId::ReregisterSim,
        AN_WMID,
        keeper_recovery::protocol::Channel::Keeper,
        AN_WMID,
    )
    .await;
    ui.click(&ui.tr("button-confirm")).await;
    ui.enter_code_sent_to(AN_PHONE).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::SimReregistered);
}

#[tokio::test]
async fn find_accounts_says_sent_if_registered() {
    let mut ui = Ui::open(Language::Vi, None, None).await;
    ui.open_topic(TopicId::FindAccounts).await;
    ui.type_and_enter(AN_EMAIL).await;
    ui.choose_channel(keeper_recovery::protocol::Channel::Email)
        .await;
    let done = ui.app.translator().outcome(
        &keeper_recovery::protocol::Outcome::AccountsSentIfRegistered {
            channel: keeper_recovery::protocol::Channel::Email,
        },
    );
    ui.assert_sees(&done);
}

#[tokio::test]
async fn send_again_shows_its_cooldown() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    let sample = ui.app.translator().tr_args(
        "button-send-again-in",
        &[("seconds", keeper_recovery::i18n::Arg::Number(987))],
    );
    ui.assert_sees_start(&before(&sample, "987"));
    let left = ui.app.translator().tr_args(
        "sends-left",
        &[("count", keeper_recovery::i18n::Arg::Number(4))],
    );
    ui.assert_sees(&left);
}

#[tokio::test]
async fn too_many_wrong_codes_say_the_account_is_paused() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    for _ in 0..5 {
        ui.type_and_enter("000000").await;
    }
    let no_time = ui.tr("error-locked-no-time");
    ui.assert_sees_start(&before(&no_time, "."));
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
    keeper_recovery::app::keyboard_shortcut(
        event,
        iced::event::Status::Ignored,
        iced::window::Id::unique(),
    )
}

impl Ui {
    pub async fn press(&mut self, key: iced::keyboard::Key) {
        let message = key_outside_fields(key).expect("the key is a shortcut");
        let task = self.app.update(message);
        settle(&mut self.app, task).await;
    }
}

#[tokio::test]
async fn digits_pick_topics_and_choices_and_enter_confirms() {
    use iced::keyboard::Key;
    let mut ui = Ui::open(Language::En, None, None).await;
    // 4: re-register the SIM card, the fourth topic of the page.
    ui.press(Key::Character("4".into())).await;
    ui.assert_sees(&ui.tr("keeper-access-question"));
    ui.press(Key::Character("1".into())).await; // Yes
    ui.type_and_enter(AN_WMID).await;
    ui.press(Key::Character("1".into())).await; // the first channel: the Keeper
    ui.enter_code_sent_to(AN_WMID).await;
    ui.press(Key::Named(iced::keyboard::key::Named::Enter))
        .await; // confirm the new SIM
    ui.enter_code_sent_to(AN_PHONE).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::SimReregistered);
    // Esc goes back to the start view.
    ui.press(Key::Named(iced::keyboard::key::Named::Escape))
        .await;
    ui.assert_sees(&ui.tr("start-intro"));
}

#[tokio::test]
async fn documents_are_attached_reviewed_and_the_password_set() {
    let mut ui = Ui::open(Language::En, None, None).await;
    std::fs::write(
        ui.dir.path().join("passport.pdf"),
        b"%PDF-1.7 scan of a passport",
    )
    .expect("document");
    ui.verify_with(
        TopicId::RestorePassword,
        BINH_WMID,
        keeper_recovery::protocol::Channel::Sms,
        BINH_PHONE,
    )
    .await;
    ui.assert_sees(&ui.tr("documents-intro"));
    ui.click(&ui.tr("button-upload")).await;
    ui.assert_sees(&ui.tr("documents-min-files"));
    ui.click(&ui.tr("button-choose-files")).await;
    ui.assert_sees("passport.pdf");
    ui.click(&ui.tr("button-upload")).await;
    ui.assert_state(keeper_recovery::protocol::CaseState::UnderReview);

    ui.advance_mock_clock(3 * 24 * 3600);
    ui.click(&ui.tr("button-refresh")).await;
    ui.fill_and_enter(&["Binh2026pass", "Binh2026pass"]).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::PasswordChanged);
}

#[tokio::test]
async fn change_email_confirmed_by_sms() {
    let mut ui = Ui::open(Language::Vi, None, None).await;
    ui.verify_with(
        TopicId::ChangeEmail,
        AN_WMID,
        keeper_recovery::protocol::Channel::Keeper,
        AN_WMID,
    )
    .await;
    ui.type_and_enter("an.new@example.com").await;
    ui.enter_code_sent_to("an.new@example.com").await;
    ui.choose_confirm(keeper_recovery::protocol::ConfirmMethod::Sms)
        .await;
    ui.enter_code_sent_to(AN_PHONE).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::EmailChanged);
}

#[tokio::test]
async fn change_security_question_by_enum() {
    let mut ui = Ui::open(Language::Ru, None, None).await;
    ui.verify_with(
        TopicId::ChangeSecurityQuestion,
        AN_WMID,
        keeper_recovery::protocol::Channel::Enum,
        AN_PHONE,
    )
    .await;
    ui.fill_and_enter(&["Кличка первого питомца?", "Мурка"])
        .await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::SecurityQuestionChanged);
}

#[tokio::test]
async fn deactivate_phone_waits_then_is_done() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.verify_with(
        TopicId::DeactivatePhone,
        AN_PHONE,
        keeper_recovery::protocol::Channel::Sms,
        AN_PHONE,
    )
    .await;
    ui.click(&ui.tr("button-confirm")).await;
    ui.assert_state(keeper_recovery::protocol::CaseState::Waiting);
    ui.advance_mock_clock(24 * 3600);
    ui.click(&ui.tr("button-refresh")).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::PhoneDetached);
}

/// A token store the test can look into after the app has used it.
#[derive(Clone, Default)]
struct Watched(Arc<keeper_recovery::session::MemoryStore>);

impl keeper_recovery::session::TokenStore for Watched {
    fn save(
        &self,
        key: &keeper_recovery::session::SessionKey,
        token: &keeper_recovery::domain::SecretText,
    ) -> Result<(), keeper_recovery::session::SessionError> {
        self.0.save(key, token)
    }
    fn load(
        &self,
        key: &keeper_recovery::session::SessionKey,
    ) -> Result<Option<keeper_recovery::domain::SecretText>, keeper_recovery::session::SessionError>
    {
        self.0.load(key)
    }
    fn delete(
        &self,
        key: &keeper_recovery::session::SessionKey,
    ) -> Result<(), keeper_recovery::session::SessionError> {
        self.0.delete(key)
    }
    fn is_persistent(&self) -> bool {
        false
    }
}

fn files_under(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path)
            } else {
                found.push(path)
            }
        }
    }
    found
}

#[tokio::test]
async fn the_session_token_is_in_no_file_and_sign_out_deletes_it() {
    use keeper_recovery::session::{SessionKey, TokenStore};
    let store = Watched::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ui = Ui::open_in(dir, Language::En, None, None, Some(Box::new(store.clone()))).await;
    ui.open_topic(TopicId::RestorePassword).await;
    ui.type_and_enter(AN_WMID).await;
    ui.click("SMS").await;
    let code = ui.code_sent_to(AN_PHONE);
    ui.type_and_enter(&code).await;
    ui.assert_sees("Thành phố nơi bạn sinh ra?");

    let saved = ui
        .app
        .start_open_cases()
        .first()
        .cloned()
        .expect("the case is kept");
    let key = SessionKey::new(saved.endpoint.clone(), saved.case_id.clone());
    let token = store
        .load(&key)
        .expect("readable")
        .expect("the token was handed to the store");
    let files = files_under(ui.dir.path());
    assert!(!files.is_empty(), "settings and open cases were written");
    for file in &files {
        let bytes = std::fs::read(file).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(token.expose()),
            "the token leaked into {}",
            file.display()
        );
        assert!(
            !text.contains(&code),
            "the code leaked into {}",
            file.display()
        );
    }

    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Escape,
    ))
    .await;
    ui.click(&ui.tr("button-sign-out")).await;
    assert!(ui.app.start_open_cases().is_empty());
    assert!(
        store.load(&key).expect("readable").is_none(),
        "sign-out deletes the session"
    );
}

#[tokio::test]
async fn the_endpoint_setting_refuses_plain_http_elsewhere_and_is_remembered() {
    let mock = keeper_recovery::mock::MockServer::start(
        keeper_recovery::mock::scenario::Scenario::demo(),
        keeper_recovery::mock::MockOptions::default(),
    )
    .await
    .expect("mock");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ui = Ui::open_in(dir, Language::En, None, None, None).await;
    ui.click(&ui.tr("settings-heading")).await;
    ui.click(&ui.tr("endpoint-url")).await;
    ui.type_and_enter("http://recovery.example.com").await;
    let refused = ui
        .app
        .translator()
        .client_error(&keeper_recovery::client::ClientError::InsecureEndpoint);
    ui.assert_sees(&refused);

    let messages: Vec<Message> = {
        let mut sim = simulator(ui.app.view());
        sim.click(iced::widget::Id::new(
            keeper_recovery::app::topic::FIRST_INPUT,
        ))
        .expect("the address field");
        for _ in 0.."http://recovery.example.com".len() {
            sim.tap_key(iced::keyboard::key::Named::Backspace);
        }
        sim.typewrite(&mock.base_url());
        sim.tap_key(iced::keyboard::key::Named::Enter);
        sim.into_messages().collect()
    };
    ui.apply(messages).await;
    let endpoint = ui
        .app
        .connection()
        .map(|c| c.client.endpoint().to_string())
        .expect("connected");
    assert!(
        endpoint.starts_with(&mock.base_url()),
        "now talking to {endpoint}"
    );

    // After a restart, the saved setting is used.
    let Ui { app, dir } = ui;
    drop(app);
    let ui = Ui::open_in(dir, Language::En, None, None, None).await;
    let endpoint = ui
        .app
        .connection()
        .map(|c| c.client.endpoint().to_string())
        .expect("connected");
    assert!(
        endpoint.starts_with(&mock.base_url()),
        "remembered: {endpoint}"
    );
}
