//! The app as a user drives it: the real view, clicks and typing through
//! `iced_test`, and the real tasks (HTTP to the in-process mock) run to the end.

use std::sync::Arc;

use futures_util::StreamExt;
use iced::Task;
use iced_test::simulator;
use keeper_recovery::app::{App, Launch, Message};
use keeper_recovery::i18n::Language;
use keeper_recovery::keyfile_save::FixedPicker;
use keeper_recovery::mock::faults::{FaultKind, FaultRule, RouteId};
use keeper_recovery::protocol::TopicId;
use keeper_recovery::storage::AppPaths;

use crate::common::*;

pub struct Ui {
    pub app: App,
    pub dir: tempfile::TempDir,
    /// The mock's change count the app last heard of.
    mock_seen: u64,
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
        Ui::boot(dir, launch, Arc::new(picker), tokens).await
    }

    /// Boots the app in `language` on the built-in mock with `scenario`; its file
    /// dialogs answer as `picker` does.
    pub async fn open_with_picker(
        language: Language,
        scenario: Option<&str>,
        picker: Arc<dyn keeper_recovery::keyfile_save::FilePicker>,
    ) -> Ui {
        let dir = tempfile::tempdir().expect("temp dir");
        let launch = Launch {
            scenario: scenario.map(str::to_owned),
            language: Some(language),
            paths: Some(AppPaths::under(dir.path())),
            ..Launch::default()
        };
        let tokens = keeper_recovery::session::MemoryStore::default();
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
        let tokens = keeper_recovery::session::MemoryStore::default();
        Ui::boot(dir, launch, Arc::new(picker), Some(Box::new(tokens))).await
    }

    async fn boot(
        dir: tempfile::TempDir,
        launch: Launch,
        picker: Arc<dyn keeper_recovery::keyfile_save::FilePicker>,
        tokens: Option<Box<dyn keeper_recovery::session::TokenStore>>,
    ) -> Ui {
        let (mut app, task) = App::boot_with(launch, picker, tokens);
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
    async fn apply(&mut self, messages: Vec<Message>) {
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

    /// Types into the path field shown where no file dialog opens, and presses Enter.
    pub async fn type_path_and_enter(&mut self, path: &std::path::Path) {
        let messages: Vec<Message> = {
            let mut ui = simulator(self.app.view());
            ui.click(iced::widget::Id::new(
                keeper_recovery::app::topic::PATH_INPUT,
            ))
            .unwrap_or_else(|e| panic!("no path field: {e:?}"));
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
    ui.assert_sees("Account: give a WMID (12 digits) or a purse (a letter and 12 digits).");
}

/// A topic that takes only a WMID or purse says so, and only once the field is
/// submitted (or left with Tab), not from the first keystroke.
#[tokio::test]
async fn a_phone_in_a_wmid_only_topic_is_refused_in_that_topics_words_once_submitted() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::ChangeSecurityQuestion).await;
    let messages: Vec<Message> = {
        let mut sim = simulator(ui.app.view());
        sim.click(iced::widget::Id::new(
            keeper_recovery::app::topic::FIRST_INPUT,
        ))
        .expect("the identifier field");
        sim.typewrite(AN_PHONE);
        sim.into_messages().collect()
    };
    ui.apply(messages).await;
    let refused = "Account: give a WMID (12 digits) or a purse (a letter and 12 digits).";
    assert!(!ui.sees(refused), "judged while typing: {:?}", ui.texts());
    // Tab leaves the field.
    ui.apply(vec![Message::Focus(true)]).await;
    ui.assert_sees(refused);
    let everything = ui
        .app
        .translator()
        .input_error(&keeper_recovery::domain::InputError::Identifier);
    assert!(!ui.sees(&everything), "offers what the topic does not take");
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
    ui.save_restored_key_file().await;

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
    // The outcome keeps the case's reference, to quote to support.
    ui.click(&ui.tr("button-close")).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::KeyfileIssued);
    ui.assert_sees_start("Reference: KR-");
}

#[tokio::test]
async fn a_restored_key_file_proves_to_the_service_that_it_signs() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.save_restored_key_file().await;
    assert!(
        !ui.sees(&ui.tr("button-prove-keyfile")),
        "nothing to prove before the access code opens the file"
    );
    ui.type_and_enter(AN_KEY_CODE).await;
    ui.assert_sees(&ui.tr("keyfile-check-ok"));
    ui.assert_sees(&ui.tr("keyfile-prove-hint"));

    // The connection drops on every try: the user is told, with Retry.
    let mock = ui
        .app
        .connection()
        .and_then(|c| c.mock.clone())
        .expect("built-in mock");
    mock.shared().set_fault_rules(vec![FaultRule {
        route: Some(RouteId::KeyfileProof),
        kind: FaultKind::Drop,
        probability: 1.0,
        count: Some(3),
    }]);
    ui.click(&ui.tr("button-prove-keyfile")).await;
    let lost = ui
        .app
        .translator()
        .client_error(&keeper_recovery::client::ClientError::ConnectionLost);
    ui.assert_sees(&lost);
    assert!(!ui.sees(&ui.tr("keyfile-proof-ok")));
    // While the request is out the panel says what is happening.
    let messages: Vec<Message> = {
        let mut screen = simulator(ui.app.view());
        screen
            .click(ui.tr("button-retry").as_str())
            .expect("Retry is there");
        screen.into_messages().collect()
    };
    for message in messages {
        let task = ui.app.update(message);
        ui.assert_sees(&ui.tr("keyfile-proving"));
        settle(&mut ui.app, task).await;
    }
    ui.assert_sees(&ui.tr("keyfile-proof-ok"));
    assert!(!ui.sees(&ui.tr("keyfile-proving")));
    // A stray Enter afterwards changes nothing on screen.
    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Enter,
    ))
    .await;
    ui.assert_sees(&ui.tr("keyfile-proof-ok"));
    assert!(
        !ui.sees(&lost),
        "the error is gone once the proof went through"
    );

    let exchanges = mock.shared().exchanges_snapshot();
    let proofs = exchanges
        .iter()
        .filter(|e| e.route == Some(RouteId::KeyfileProof) && e.status == 200)
        .count();
    assert_eq!(proofs, 1, "the service accepted one signature");
}

#[tokio::test]
async fn a_refused_signature_says_why_and_how_many_attempts_are_left() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.save_restored_key_file().await;
    ui.type_and_enter(AN_KEY_CODE).await;
    // Another restore of the same account issues a new key: this file no longer counts.
    let mock = ui
        .app
        .connection()
        .and_then(|c| c.mock.clone())
        .expect("built-in mock");
    let client = keeper_recovery::client::RecoveryClient::new(&mock.base_url(), fast_options())
        .expect("client");
    // Past the cooldown of the code the user asked for.
    mock.shared()
        .advance_clock(std::time::Duration::from_secs(61));
    let opened = client
        .create_case(TopicId::RestoreKeyfile, &id(AN_WMID))
        .await
        .expect("opens");
    let case = opened.case;
    client
        .challenge(
            &case.case_id,
            &opened.case_token,
            keeper_recovery::protocol::Channel::Sms,
        )
        .await
        .expect("sent");
    let sms = mock
        .shared()
        .engine(|e| e.latest_code_to(AN_PHONE))
        .expect("a code");
    let verified = client
        .verify(&case.case_id, &opened.case_token, &code(&sms))
        .await
        .expect("verifies");
    client
        .download_keyfile(&case.case_id, &verified.session_token)
        .await
        .expect("a newer key file");

    ui.click(&ui.tr("button-prove-keyfile")).await;
    let refused = ui
        .app
        .translator()
        .client_error(&keeper_recovery::client::ClientError::BadSignature { attempts_left: 4 });
    ui.assert_sees(&refused);
    assert!(!ui.sees(&ui.tr("keyfile-proof-ok")));
    assert!(
        !ui.sees(&ui.tr("button-retry")),
        "signing again with the same file cannot help"
    );
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
    let Ui { app, dir, .. } = ui;
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
    // The code went to the Keeper: the hint says where to look.
    ui.assert_sees(&ui.tr("code-not-arriving-keeper"));
    ui.enter_code_sent_to(AN_WMID).await;
    ui.assert_sees(&ui.tr("new-phone-placeholder"));
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
    // A list of WMIDs is sent, not a code.
    ui.assert_sees("Bạn muốn nhận danh sách WMID của mình qua đâu?");
    ui.choose_channel(keeper_recovery::protocol::Channel::Email)
        .await;
    let done = ui.app.translator().outcome(
        &keeper_recovery::protocol::Outcome::AccountsSentIfRegistered {
            channel: keeper_recovery::protocol::Channel::Email,
        },
    );
    ui.assert_sees(&done);
}

/// The "Send again in 59 seconds" on screen, as the number of seconds it says.
fn send_again_seconds(ui: &Ui) -> u32 {
    let shown = ui
        .texts()
        .into_iter()
        .find(|t| t.starts_with("Send again in "))
        .unwrap_or_else(|| panic!("no 'Send again in' on screen: {:?}", ui.texts()));
    shown
        .strip_prefix("Send again in ")
        .and_then(|rest| rest.strip_suffix(" seconds"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a wait in seconds: {shown:?}"))
}

#[tokio::test]
async fn send_again_shows_its_cooldown() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    let seconds = send_again_seconds(&ui);
    assert!(
        (55..=61).contains(&seconds),
        "a 60-second cooldown: {seconds}"
    );
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
    ui.assert_sees("Attach at least 1 file.");
    ui.click(&ui.tr("button-choose-files")).await;
    ui.assert_sees("passport.pdf");
    ui.click(&ui.tr("button-upload")).await;
    ui.assert_state(keeper_recovery::protocol::CaseState::UnderReview);
    // Cancelling a review is asked first, and "No" keeps it.
    ui.click(&ui.tr("button-cancel-case")).await;
    ui.assert_sees(&ui.tr("cancel-confirm-review"));
    ui.click(&ui.tr("button-cancel-keep")).await;
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
    // Enter on the outcome runs its main action, "Start again".
    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Enter,
    ))
    .await;
    ui.assert_sees(&ui.app.translator().identifier_label(TopicId::ChangeEmail));
    // The finished recovery is no longer offered for resuming.
    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Escape,
    ))
    .await;
    ui.assert_sees(&ui.tr("start-intro"));
    assert!(
        !ui.sees(&ui.tr("start-open-cases")),
        "still listed: {:?}",
        ui.app.start_open_cases()
    );
    // Nor after a restart.
    let Ui { app, dir, .. } = ui;
    drop(app);
    let ui = Ui::open_in(dir, Language::Vi, None, None, None).await;
    assert!(
        !ui.sees(&ui.tr("start-open-cases")),
        "listed after a restart: {:?}",
        ui.app.start_open_cases()
    );
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
    let Ui { app, dir, .. } = ui;
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

/// The service's clock, not the computer's, counts its waits: 25 hours ahead,
/// a 60-second cooldown still reads about a minute and a 30-minute lock 30 minutes.
#[tokio::test]
async fn waits_are_counted_on_the_services_clock_when_it_runs_ahead() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.advance_mock_clock(25 * 3600);
    cooldown_and_lock_read_as_on_the_service(&mut ui, 55..=61).await;
}

/// Asks restore-enum for an SMS code, then locks the account with five wrong
/// codes: the cooldown reads about a minute, the lock 30 minutes.
async fn cooldown_and_lock_read_as_on_the_service(
    ui: &mut Ui,
    cooldown_seconds: std::ops::RangeInclusive<u32>,
) {
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    let seconds = send_again_seconds(ui);
    assert!(
        cooldown_seconds.contains(&seconds),
        "a 60-second cooldown: {seconds}"
    );
    for _ in 0..5 {
        ui.type_and_enter("000000").await;
    }
    assert!(
        ui.texts()
            .iter()
            .any(|t| t.contains("Try again in 30 minutes.")),
        "a 30-minute lock: {:?}",
        ui.texts()
    );
}

/// File dialogs as a desktop gives them: answers in turn; "no dialog at all"
/// where `works` is false (a Linux desktop without a portal).
struct Dialogs {
    opens: std::sync::Mutex<std::collections::VecDeque<Vec<std::path::PathBuf>>>,
    saves: std::sync::Mutex<std::collections::VecDeque<std::path::PathBuf>>,
    works: bool,
}

impl Dialogs {
    fn none() -> Arc<Dialogs> {
        Arc::new(Dialogs {
            opens: Default::default(),
            saves: Default::default(),
            works: false,
        })
    }

    fn answering(
        opens: Vec<Vec<std::path::PathBuf>>,
        saves: Vec<std::path::PathBuf>,
    ) -> Arc<Dialogs> {
        Arc::new(Dialogs {
            opens: std::sync::Mutex::new(opens.into()),
            saves: std::sync::Mutex::new(saves.into()),
            works: true,
        })
    }
}

impl keeper_recovery::keyfile_save::FilePicker for Dialogs {
    fn save_path(
        &self,
        _default_name: &str,
        _filter: (&str, &[&str]),
    ) -> keeper_recovery::keyfile_save::BoxFuture<'static, Option<std::path::PathBuf>> {
        let next = self.saves.lock().expect("not poisoned").pop_front();
        Box::pin(async move { next })
    }

    fn open_paths(
        &self,
        _filters: &[(&str, &[&str])],
    ) -> keeper_recovery::keyfile_save::BoxFuture<'static, Vec<std::path::PathBuf>> {
        let next = self
            .opens
            .lock()
            .expect("not poisoned")
            .pop_front()
            .unwrap_or_default();
        Box::pin(async move { next })
    }

    fn dialogs_work(&self) -> bool {
        self.works
    }

    /// Like the system dialogs: they ask before replacing a file.
    fn save_confirms_overwrite(&self) -> bool {
        self.works
    }
}

/// Topic 8 on a desktop where no file dialog opens: the app says so and a
/// path field takes the document and the key file's folder instead.
#[tokio::test]
async fn without_a_file_dialog_a_path_field_finishes_the_key_file_recovery() {
    let mut ui = Ui::open_with_picker(
        Language::En,
        Some("lost-keyfile-documents"),
        Dialogs::none(),
    )
    .await;
    let scan = ui.dir.path().join("passport.pdf");
    std::fs::write(&scan, b"%PDF-1.7 scan of a passport").expect("document");
    ui.verify_with(
        TopicId::RestoreKeyfile,
        BINH_WMID,
        keeper_recovery::protocol::Channel::Sms,
        BINH_PHONE,
    )
    .await;
    ui.click(&ui.tr("button-choose-files")).await;
    ui.assert_sees(&ui.tr("no-file-dialog"));
    ui.type_path_and_enter(&scan).await;
    ui.assert_sees("passport.pdf");
    ui.click(&ui.tr("button-upload")).await;
    ui.assert_state(keeper_recovery::protocol::CaseState::UnderReview);

    ui.advance_mock_clock(3 * 24 * 3600);
    ui.click(&ui.tr("button-refresh")).await;
    ui.click(&ui.tr("button-download")).await;
    ui.click(&ui.tr("button-save-keyfile")).await;
    ui.assert_sees(&ui.tr("no-file-dialog"));
    let folder = ui.dir.path().join("keys");
    std::fs::create_dir(&folder).expect("folder");
    ui.type_path_and_enter(&folder).await;
    let bytes = std::fs::read(folder.join(format!("{BINH_WMID}.kwm")))
        .expect("the key file was saved in the typed folder");
    let wmid = BINH_WMID.parse().expect("wmid");
    assert_eq!(
        keeper_recovery::keyfile::check(&bytes, &wmid, &secret("Binh-2024-key")),
        Ok(())
    );
}

/// Choosing files a second time adds them to the first choice.
#[tokio::test]
async fn files_chosen_twice_are_added_not_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("passport.pdf");
    let second = dir.path().join("selfie.png");
    std::fs::write(&first, b"%PDF-1.7 scan").expect("document");
    std::fs::write(&second, b"\x89PNG\r\n\x1a\n a photo").expect("document");
    let dialogs = Dialogs::answering(vec![vec![first], vec![second]], vec![]);
    let mut ui = Ui::open_with_picker(Language::En, Some("lost-keyfile-documents"), dialogs).await;
    ui.verify_with(
        TopicId::RestoreKeyfile,
        BINH_WMID,
        keeper_recovery::protocol::Channel::Sms,
        BINH_PHONE,
    )
    .await;
    ui.click(&ui.tr("button-choose-files")).await;
    ui.click(&ui.tr("button-choose-files")).await;
    ui.assert_sees("passport.pdf");
    ui.assert_sees("selfie.png");
    ui.assert_sees("2 files chosen");
    drop(dir);
}

/// The system's save dialog has asked before replacing: the app does not ask again.
#[tokio::test]
async fn replacing_a_key_file_is_asked_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let existing = dir.path().join("old.kwm");
    std::fs::write(&existing, b"an old key file").expect("old file");
    let dialogs = Dialogs::answering(vec![], vec![existing.clone()]);
    let mut ui = Ui::open_with_picker(Language::En, None, dialogs).await;
    ui.save_restored_key_file().await;
    assert!(
        !ui.sees(&ui.tr("keyfile-exists-replace")),
        "asked a second time"
    );
    let bytes = std::fs::read(&existing).expect("saved");
    let wmid = AN_WMID.parse().expect("wmid");
    assert_eq!(
        keeper_recovery::keyfile::check(&bytes, &wmid, &secret(AN_KEY_CODE)),
        Ok(())
    );
}

/// Confirming a change by the security question starts a security period: the
/// choice says how long before it is made.
#[tokio::test]
async fn the_security_questions_wait_is_said_on_the_choice() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.verify_with(
        TopicId::ChangePhone,
        AN_WMID,
        keeper_recovery::protocol::Channel::Keeper,
        AN_WMID,
    )
    .await;
    ui.type_and_enter("+84 901 234 567").await;
    ui.enter_code_sent_to("+84901234567").await;
    let choice = "Security question: the change then takes effect after 3 days, for your safety";
    ui.assert_sees(choice);
    ui.click(choice).await;
    ui.type_and_enter("Hà Nội").await;
    ui.assert_state(keeper_recovery::protocol::CaseState::Waiting);
}

/// "Cancel this recovery" asks first; only "Yes" cancels.
#[tokio::test]
async fn cancelling_a_recovery_is_asked_first() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    ui.click(&ui.tr("button-cancel-case")).await;
    ui.assert_sees(&ui.tr("cancel-confirm"));
    ui.assert_sees(&ui.tr("code-label"));
    ui.click(&ui.tr("button-cancel-keep")).await;
    assert!(!ui.sees(&ui.tr("cancel-confirm")));
    ui.click(&ui.tr("button-cancel-case")).await;
    ui.click(&ui.tr("button-cancel-confirm")).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::Cancelled);
}

/// Started with `--endpoint`, Settings shows that service as the one in use.
#[tokio::test]
async fn settings_show_the_service_given_on_the_command_line() {
    let mock = keeper_recovery::mock::MockServer::start(
        keeper_recovery::mock::scenario::Scenario::demo(),
        keeper_recovery::mock::MockOptions::default(),
    )
    .await
    .expect("mock");
    let mut ui = Ui::open(Language::En, None, Some(mock.base_url())).await;
    ui.click(&ui.tr("settings-heading")).await;
    ui.assert_sees(&ui.tr("endpoint-url-hint"));
}

/// A change confirmed by the security question ends on its own after the
/// security period: the start view then stops listing it as open.
#[tokio::test]
async fn a_recovery_that_ended_while_waiting_leaves_the_start_view() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.verify_with(
        TopicId::ChangeEmail,
        AN_WMID,
        keeper_recovery::protocol::Channel::Keeper,
        AN_WMID,
    )
    .await;
    ui.type_and_enter("an.new@example.com").await;
    ui.enter_code_sent_to("an.new@example.com").await;
    ui.click("Security question: the change then takes effect after 3 days, for your safety")
        .await;
    ui.type_and_enter("Hà Nội").await;
    ui.assert_state(keeper_recovery::protocol::CaseState::Waiting);
    ui.click(&ui.tr("start-heading")).await;
    ui.assert_sees(&ui.tr("start-open-cases"));

    ui.advance_mock_clock(3 * 24 * 3600 + 60);
    ui.open_topic(TopicId::FindAccounts).await;
    ui.click(&ui.tr("start-heading")).await;
    assert!(
        !ui.sees(&ui.tr("start-open-cases")),
        "the finished change is still listed: {:?}",
        ui.app.start_open_cases()
    );
}

/// Without access to the Keeper: the wiki's instructions and a way back.
#[tokio::test]
async fn no_keeper_access_offers_the_wiki_and_a_way_back() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::ChangePhone).await;
    ui.click(&ui.tr("answer-no")).await;
    ui.assert_sees(&ui.tr("wiki-instructions"));
    ui.click(&ui.tr("button-back")).await;
    ui.assert_sees(&ui.tr("keeper-access-question"));
}

/// A waiting panel looks at its case again by itself (on a service that does
/// not say when cases change), so a decided review shows without Refresh.
#[tokio::test]
async fn a_waiting_panel_follows_its_case() {
    let mock = keeper_recovery::mock::MockServer::start(
        keeper_recovery::mock::scenario::Scenario::demo(),
        keeper_recovery::mock::MockOptions::default(),
    )
    .await
    .expect("mock");
    let mut ui = Ui::open(Language::En, None, Some(mock.base_url())).await;
    std::fs::write(ui.dir.path().join("passport.pdf"), b"%PDF-1.7 scan").expect("document");
    ui.open_topic(TopicId::RestorePassword).await;
    ui.type_and_enter(BINH_WMID).await;
    ui.click("SMS").await;
    let code = mock
        .shared()
        .engine(|e| e.latest_code_to(BINH_PHONE))
        .expect("code");
    ui.type_and_enter(&code).await;
    ui.click(&ui.tr("button-choose-files")).await;
    ui.click(&ui.tr("button-upload")).await;
    ui.assert_state(keeper_recovery::protocol::CaseState::UnderReview);

    mock.shared()
        .advance_clock(std::time::Duration::from_secs(3 * 24 * 3600));
    // The poll's timer fires.
    ui.apply(vec![Message::PollCase]).await;
    ui.assert_sees(&ui.tr("new-password-label"));
}

/// The Verify button stays under the pointer: an error under the code field
/// going away as the user types does not move it.
#[tokio::test]
async fn verify_does_not_move_when_the_code_error_goes_away() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    let verify = ui.tr("button-verify");
    let before = ui.place_of(&verify);
    // Enter with no code: "required" where the attempts left were.
    ui.type_and_enter("").await;
    assert_eq!(before.y, ui.place_of(&verify).y, "moved for an empty code");
    ui.type_and_enter("000000").await;
    let with_error = ui.place_of(&verify);
    let messages: Vec<Message> = {
        let mut sim = simulator(ui.app.view());
        sim.click(iced::widget::Id::new(
            keeper_recovery::app::topic::FIRST_INPUT,
        ))
        .expect("the code field");
        sim.typewrite("1");
        sim.into_messages().collect()
    };
    ui.apply(messages).await;
    let typing = ui.place_of(&verify);
    assert_eq!(before.y, with_error.y, "moved when the error appeared");
    assert_eq!(with_error.y, typing.y, "moved while typing");
}

/// On a service of its own (no in-process clock to read), the wait still
/// comes from its `Date`: 25 hours ahead, a 30-minute lock reads 30 minutes.
#[tokio::test]
async fn a_remote_services_clock_counts_its_lock() {
    let mock = keeper_recovery::mock::MockServer::start(
        keeper_recovery::mock::scenario::Scenario::demo(),
        keeper_recovery::mock::MockOptions::default(),
    )
    .await
    .expect("mock");
    mock.shared()
        .advance_clock(std::time::Duration::from_secs(25 * 3600));
    let mut ui = Ui::open(Language::En, None, Some(mock.base_url())).await;
    cooldown_and_lock_read_as_on_the_service(&mut ui, 55..=60).await;
}

/// A file where the config folder should be: the settings can be neither read,
/// moved aside nor saved. Whatever the OS says, the window words it in the
/// user's language, with the OS's own text only as the line below.
#[tokio::test]
async fn an_unusable_config_folder_is_told_in_the_users_language() {
    use keeper_recovery::i18n::Arg;
    for language in Language::ALL {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config"), b"not a folder").expect("a file in the way");
        let paths = AppPaths::under(dir.path());
        let tokens = keeper_recovery::session::MemoryStore::default();
        let mut ui = Ui::open_in(dir, language, None, None, Some(Box::new(tokens))).await;
        let tr = keeper_recovery::i18n::Translator::new(language);
        let with_path = |id: &str, path: &std::path::Path| {
            tr.tr_args(id, &[("path", Arg::from(path.display().to_string()))])
        };
        // On Windows a missing parent reads as "no settings yet": nothing to tell at start.
        if cfg!(unix) {
            let said = format!(
                "{} {} {}",
                with_path("storage-read", &paths.settings_file()),
                with_path("storage-set-aside", &paths.settings_file()),
                tr.tr("notice-not-set-aside"),
            );
            assert_told_with_a_detail(&ui, &said, language);
        }

        // Saving the language choice fails, and says so in that language.
        ui.apply(vec![Message::Language(language)]).await;
        let said = format!(
            "{} {}",
            with_path("storage-create-folder", &paths.config_dir),
            tr.tr("notice-not-saved"),
        );
        assert_told_with_a_detail(&ui, &said, language);
    }
}

/// `sentence` is on screen, the line after it is the OS's detail, and no
/// English wording of the error reaches a Vietnamese or Russian window.
fn assert_told_with_a_detail(ui: &Ui, sentence: &str, language: Language) {
    let texts = ui.texts();
    let at = texts
        .iter()
        .position(|t| t == sentence)
        .unwrap_or_else(|| panic!("{language:?}: {sentence:?} is not on screen: {texts:?}"));
    let detail = texts.get(at + 1).map(String::as_str).unwrap_or_default();
    assert!(
        !detail.is_empty() && !sentence.contains(detail),
        "{language:?}: the OS's words should follow the sentence: {texts:?}"
    );
    if language != Language::En {
        for english in ["could not", "Could not", "not valid", "kept as"] {
            assert!(
                texts.iter().all(|t| !t.contains(english)),
                "{language:?}: English {english:?} on screen: {texts:?}"
            );
        }
    }
}

/// Tried as a new user would: at the code step, Settings (to save
/// diagnostics) or a look at another topic, then back. The recovery is
/// where it was, the code that arrived still works, and no second case was opened.
#[tokio::test]
async fn going_to_settings_or_another_topic_and_back_keeps_the_recovery_where_it_was() {
    let mut ui = Ui::open(Language::Vi, None, None).await;
    ui.open_topic(TopicId::RestorePassword).await;
    ui.type_and_enter(AN_WMID).await;
    ui.choose_channel(keeper_recovery::protocol::Channel::Sms)
        .await;
    ui.assert_sees(&ui.tr("code-label"));
    let reference = ui
        .texts()
        .into_iter()
        .find(|t| t.contains("KR-"))
        .expect("the case's reference is shown");

    ui.click(&ui.tr("settings-heading")).await;
    ui.assert_sees(&ui.tr("settings-save-bundle"));
    ui.open_topic(TopicId::RestorePassword).await;
    ui.assert_sees(&ui.tr("code-label"));
    ui.assert_sees(&reference);

    ui.open_topic(TopicId::FindAccounts).await;
    ui.assert_sees(&ui.app.translator().topic_intro(TopicId::FindAccounts));
    ui.open_topic(TopicId::RestorePassword).await;
    ui.assert_sees(&reference);
    ui.enter_code_sent_to(AN_PHONE).await;
    ui.assert_sees("Thành phố nơi bạn sinh ra?");

    let cases = ui
        .app
        .connection()
        .and_then(|c| c.mock.clone())
        .expect("built-in mock")
        .shared()
        .engine(|e| e.inspect_all().len());
    assert_eq!(cases, 1, "coming back opened no second case");
}
