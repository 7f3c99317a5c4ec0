//! Open recoveries as the window keeps them: across a restart, while they
//! wait on the service, and while the user looks at Settings or another topic.

use keeper_recovery::app::Message;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::CaseId;
use keeper_recovery::protocol::TopicId;

use crate::common::*;
use crate::ui::Ui;

#[tokio::test]
async fn a_waiting_case_is_listed_after_a_restart_and_resumes() {
    let mock = demo_mock().await;
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

/// A change confirmed by the security question ends on its own after the
/// security period: the start view then stops listing it as open.
#[tokio::test]
async fn a_recovery_that_ended_while_waiting_leaves_the_start_view() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.change_email_into_its_security_period("an.new@example.com")
        .await;
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

/// A waiting panel looks at its case again by itself (on a service that does
/// not say when cases change), so a decided review shows without Refresh.
#[tokio::test]
async fn a_waiting_panel_follows_its_case() {
    let mock = demo_mock().await;
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
    assert_shows_reference(&ui, &reference);

    ui.open_topic(TopicId::FindAccounts).await;
    ui.assert_sees(&ui.app.translator().topic_intro(TopicId::FindAccounts));
    ui.open_topic(TopicId::RestorePassword).await;
    assert_shows_reference(&ui, &reference);
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

/// The OS keyring as a restart finds it: the tokens outlive the app.
type KeptTokens = SharedTokens;

fn kept_tokens() -> KeptTokens {
    SharedTokens {
        persistent: true,
        ..SharedTokens::default()
    }
}

fn assert_shows_reference(ui: &Ui, reference: &str) {
    assert!(
        ui.texts().iter().any(|line| line.contains(reference)),
        "{reference} is not on screen: {:?}",
        ui.texts()
    );
}

/// Cases the service holds, and messages it has sent: what a second case would spend.
fn cases_and_messages(mock: &keeper_recovery::mock::MockServer) -> (usize, usize) {
    mock.shared()
        .engine(|e| (e.inspect_all().len(), e.outbox().len()))
}

/// Deactivate-phone up to its code, on `mock`: the case the tests come back to.
async fn a_recovery_waiting_for_its_code(
    mock: &keeper_recovery::mock::MockServer,
    tokens: &KeptTokens,
) -> (Ui, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ui = Ui::open_in(
        dir,
        Language::En,
        None,
        Some(mock.base_url()),
        Some(Box::new(tokens.clone())),
    )
    .await;
    ui.open_topic(TopicId::DeactivatePhone).await;
    ui.type_and_enter(AN_PHONE).await;
    ui.click("SMS").await;
    ui.assert_sees(&ui.tr("code-label"));
    let reference = ui
        .app
        .start_open_cases()
        .first()
        .map(|c| c.reference.clone())
        .expect("the case is kept");
    (ui, reference)
}

/// Closes the app and opens it again on the same folders and keyring.
async fn restart(ui: Ui, mock: &keeper_recovery::mock::MockServer, tokens: &KeptTokens) -> Ui {
    let Ui { app, dir, .. } = ui;
    drop(app);
    Ui::open_in(
        dir,
        Language::En,
        None,
        Some(mock.base_url()),
        Some(Box::new(tokens.clone())),
    )
    .await
}

/// After a restart, picking the topic of an open recovery (by its button or
/// its digit) goes on with it: no empty form, no second case, no code spent.
#[tokio::test]
async fn after_a_restart_a_topic_with_an_open_recovery_resumes_it() {
    let mock = demo_mock().await;
    let tokens = kept_tokens();
    let (ui, reference) = a_recovery_waiting_for_its_code(&mock, &tokens).await;
    let before = cases_and_messages(&mock);

    let mut ui = restart(ui, &mock, &tokens).await;
    ui.open_topic(TopicId::DeactivatePhone).await;
    ui.assert_sees(&ui.tr("code-label"));
    assert_shows_reference(&ui, &reference);
    assert_eq!(cases_and_messages(&mock), before, "a second case or code");

    let mut ui = restart(ui, &mock, &tokens).await;
    ui.press(iced::keyboard::Key::Character("3".into())).await;
    ui.assert_sees(&ui.tr("code-label"));
    assert_shows_reference(&ui, &reference);
    assert_eq!(cases_and_messages(&mock), before, "a second case or code");

    // Enter on the start view goes on with the recovery listed there.
    let mut ui = restart(ui, &mock, &tokens).await;
    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Enter,
    ))
    .await;
    ui.assert_sees(&ui.tr("code-label"));
    assert_shows_reference(&ui, &reference);
    assert_eq!(cases_and_messages(&mock), before, "a second case or code");
}

/// The app opened again with the topic picked the moment the window opens,
/// before the service answered: its form is empty.
async fn restart_into_an_early_form(
    ui: Ui,
    mock: &keeper_recovery::mock::MockServer,
    tokens: &KeptTokens,
) -> Ui {
    let Ui { app, dir, .. } = ui;
    drop(app);
    let launch = keeper_recovery::app::Launch {
        endpoint: Some(mock.base_url()),
        language: Some(Language::En),
        paths: Some(keeper_recovery::storage::AppPaths::under(dir.path())),
        ..Default::default()
    };
    let (mut app, boot) = keeper_recovery::app::App::boot_with(
        launch,
        std::sync::Arc::new(keeper_recovery::file_dialog::FixedPicker::default()),
        Some(Box::new(tokens.clone())),
    );
    let early = app.update(Message::OpenTopic(TopicId::DeactivatePhone));
    crate::ui::settle(&mut app, iced::Task::batch([boot, early])).await;
    Ui {
        app,
        dir,
        mock_seen: 0,
    }
}

/// Typing the identifier of an open recovery again offers to go on with it
/// before a second one spends a code.
#[tokio::test]
async fn the_same_identifier_again_offers_the_open_recovery_first() {
    let mock = demo_mock().await;
    let tokens = kept_tokens();
    let (ui, reference) = a_recovery_waiting_for_its_code(&mock, &tokens).await;
    let before = cases_and_messages(&mock);
    let mut ui = restart_into_an_early_form(ui, &mock, &tokens).await;
    ui.assert_sees(&ui.tr("button-continue"));
    // Written another way, it is the same phone number.
    ui.type_and_enter(&format!(" {AN_PHONE} ")).await;
    assert_shows_reference(&ui, &reference);
    assert_eq!(cases_and_messages(&mock), before, "a second case or code");

    ui.click(&ui.tr("button-continue-open-case")).await;
    ui.assert_sees(&ui.tr("code-label"));
    assert_shows_reference(&ui, &reference);
    assert_eq!(cases_and_messages(&mock), before, "a second case or code");
}

/// "Start a new one" is the user's choice, and only then does a second case open.
#[tokio::test]
async fn a_second_recovery_opens_only_when_the_user_says_so() {
    let mock = demo_mock().await;
    let tokens = kept_tokens();
    let (ui, _) = a_recovery_waiting_for_its_code(&mock, &tokens).await;
    let (cases, _) = cases_and_messages(&mock);
    let mut ui = restart_into_an_early_form(ui, &mock, &tokens).await;
    ui.type_and_enter(AN_PHONE).await;
    ui.assert_sees(&ui.tr("button-new-case-anyway"));
    ui.press(iced::keyboard::Key::Named(
        iced::keyboard::key::Named::Enter,
    ))
    .await;
    assert_eq!(
        cases_and_messages(&mock).0,
        cases,
        "Enter opened a second case"
    );
    ui.click(&ui.tr("button-new-case-anyway")).await;
    assert_eq!(cases_and_messages(&mock).0, cases + 1);
    assert_eq!(ui.app.start_open_cases().len(), 2, "both are listed");
}

/// "Remove from list" asks first, names the recovery, and afterwards no
/// screen shows the removed recovery.
#[tokio::test]
async fn removing_a_recovery_from_the_list_asks_first() {
    let mock = demo_mock().await;
    let tokens = kept_tokens();
    let (mut ui, reference) = a_recovery_waiting_for_its_code(&mock, &tokens).await;
    ui.click(&ui.tr("start-heading")).await;
    ui.click(&ui.tr("button-forget")).await;
    assert_eq!(ui.app.start_open_cases().len(), 1, "removed without asking");
    assert!(
        ui.texts()
            .iter()
            .any(|line| line.contains(&reference) && line.contains("?")),
        "the question does not name the recovery: {:?}",
        ui.texts()
    );
    ui.click(&ui.tr("button-keep-listed")).await;
    assert_eq!(ui.app.start_open_cases().len(), 1);
    assert!(!ui.sees(&ui.tr("button-forget-confirm")));

    ui.click(&ui.tr("button-forget")).await;
    ui.click(&ui.tr("button-forget-confirm")).await;
    assert!(ui.app.start_open_cases().is_empty());
    ui.open_topic(TopicId::DeactivatePhone).await;
    assert!(
        !ui.texts().iter().any(|line| line.contains(&reference)),
        "the removed recovery is still on its topic's screen: {:?}",
        ui.texts()
    );
    ui.assert_sees(&ui.tr("button-continue"));
}

/// "Sign out on this computer" says what it forgets, and only then forgets it,
/// on every screen.
#[tokio::test]
async fn signing_out_asks_first_and_leaves_no_screen_with_a_forgotten_recovery() {
    let mock = demo_mock().await;
    let tokens = kept_tokens();
    let (mut ui, reference) = a_recovery_waiting_for_its_code(&mock, &tokens).await;
    ui.click(&ui.tr("start-heading")).await;
    ui.click(&ui.tr("button-sign-out")).await;
    assert_eq!(
        ui.app.start_open_cases().len(),
        1,
        "signed out without asking"
    );
    assert!(
        ui.texts().iter().any(|line| line.contains(&reference)),
        "the question does not say which recoveries it forgets: {:?}",
        ui.texts()
    );
    ui.click(&ui.tr("button-sign-out-confirm")).await;
    assert!(ui.app.start_open_cases().is_empty());
    ui.open_topic(TopicId::DeactivatePhone).await;
    assert!(
        !ui.sees(&ui.tr("code-label")),
        "the forgotten recovery is still on its topic's screen: {:?}",
        ui.texts()
    );
}

/// A wait of days offers a calendar reminder: saved where the user picks, at
/// the end of the wait, in the user's language, with the reference and no
/// identifier or secret. When the wait ends while the app runs, the desktop says so.
#[tokio::test]
async fn a_long_wait_offers_a_reminder_and_its_end_is_notified() {
    let folder = tempfile::tempdir().expect("temp dir");
    let ics = folder.path().join("nhac-toi.ics");
    let picker = keeper_recovery::file_dialog::FixedPicker {
        save: Some(ics.clone()),
        open: Vec::new(),
    };
    let mut ui = Ui::open_with_picker(Language::Vi, None, std::sync::Arc::new(picker)).await;
    let notifications =
        std::sync::Arc::new(keeper_recovery::app::notify::KeptNotifications::default());
    ui.app.set_notifier(notifications.clone());
    ui.change_email_into_its_security_period("an.new@example.com")
        .await;
    let reference = ui
        .app
        .start_open_cases()
        .first()
        .map(|c| c.reference.clone())
        .expect("listed");

    ui.click(&ui.tr("button-add-reminder")).await;
    let text = std::fs::read_to_string(&ics).expect("the reminder was saved where chosen");
    assert!(text.contains("BEGIN:VEVENT"), "{text}");
    assert!(text.contains(&reference), "{text}");
    assert!(
        text.contains(&ui.app.translator().topic_title(TopicId::ChangeEmail)),
        "not in the user's language: {text}"
    );
    for secret in [AN_WMID, "Hà Nội", "an.new@example.com"] {
        assert!(
            !text.contains(secret),
            "{secret} is in the reminder: {text}"
        );
    }
    assert!(notifications.0.lock().expect("kept").is_empty());

    ui.advance_mock_clock(3 * 24 * 3600 + 60);
    ui.click(&ui.tr("button-refresh")).await;
    let told = notifications.0.lock().expect("kept").clone();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].1.contains(&reference), "{told:?}");
}

/// A keyring that will not give the token (locked, refused) is said as such,
/// and the recovery stays listed: it is never forgotten for that.
#[tokio::test]
async fn a_locked_keyring_never_makes_a_recovery_forgotten() {
    struct Refusing;
    impl keeper_recovery::token_store::TokenStore for Refusing {
        fn save(
            &self,
            _key: &keeper_recovery::token_store::SessionKey,
            _token: &keeper_recovery::domain::SecretText,
        ) -> Result<(), keeper_recovery::token_store::SessionError> {
            Ok(())
        }
        fn load(
            &self,
            _key: &keeper_recovery::token_store::SessionKey,
        ) -> Result<
            Option<keeper_recovery::domain::SecretText>,
            keeper_recovery::token_store::SessionError,
        > {
            Err(keeper_recovery::token_store::SessionError::Access(
                "the collection is locked".into(),
            ))
        }
        fn delete(
            &self,
            _key: &keeper_recovery::token_store::SessionKey,
        ) -> Result<(), keeper_recovery::token_store::SessionError> {
            Ok(())
        }
        fn is_persistent(&self) -> bool {
            true
        }
    }
    let mock = demo_mock().await;
    let tokens = kept_tokens();
    let (ui, _) = a_recovery_waiting_for_its_code(&mock, &tokens).await;
    let Ui { app, dir, .. } = ui;
    drop(app);
    let mut ui = Ui::open_in(
        dir,
        Language::En,
        None,
        Some(mock.base_url()),
        Some(Box::new(Refusing)),
    )
    .await;
    ui.click(&ui.tr("button-resume")).await;
    ui.assert_sees(&ui.tr("keyring-unreadable"));
    assert_eq!(
        ui.app.start_open_cases().len(),
        1,
        "forgotten for a locked keyring"
    );
    ui.assert_sees(&ui.tr("button-resume"));
}

/// A listed recovery is never asked of a service that did not open it (its
/// token would go there, and "unknown here" would make it forgotten); one
/// whose session this computer no longer has says so. Both stay listed.
#[tokio::test]
async fn a_recovery_stays_listed_when_it_cannot_be_resumed_here() {
    let first = demo_mock().await;
    let tokens = kept_tokens();
    let (ui, _) = a_recovery_waiting_for_its_code(&first, &tokens).await;

    // The app now talks to another service.
    let other = demo_mock().await;
    let mut ui = restart(ui, &other, &tokens).await;
    ui.click(&ui.tr("button-resume")).await;
    let said = ui.app.translator().tr_args(
        "resume-other-service",
        &[(
            "service",
            keeper_recovery::i18n::Arg::Text(ui.app.start_open_cases()[0].endpoint.to_string()),
        )],
    );
    ui.assert_sees(&said);
    assert_eq!(
        ui.app.start_open_cases().len(),
        1,
        "forgotten for another service"
    );
    assert_eq!(
        cases_and_messages(&other).0,
        0,
        "the other service was asked about it"
    );
    // Its topic opens a new form there, not the other service's recovery.
    ui.open_topic(TopicId::DeactivatePhone).await;
    ui.assert_sees(&ui.tr("button-continue"));

    // Back on its own service, but the token is gone from this computer.
    let mut ui = restart(ui, &first, &kept_tokens()).await;
    ui.click(&ui.tr("button-resume")).await;
    ui.assert_sees(&ui.tr("resume-no-session"));
    assert_eq!(
        ui.app.start_open_cases().len(),
        1,
        "forgotten for a missing token"
    );
}

/// Whether the store still holds the session of this listed recovery.
fn holds_token(tokens: &KeptTokens, saved: &keeper_recovery::storage::SavedCase) -> bool {
    use keeper_recovery::token_store::TokenStore;
    let key = keeper_recovery::token_store::SessionKey::new(
        saved.endpoint.clone(),
        saved.case_id.clone(),
    );
    tokens.load(&key).expect("readable").is_some()
}

fn ended_notice(ui: &Ui, references: &[&str]) -> String {
    ui.app.translator().tr_args(
        "notice-recoveries-ended",
        &[
            (
                "count",
                keeper_recovery::i18n::Arg::Number(references.len() as i64),
            ),
            (
                "references",
                keeper_recovery::i18n::Arg::Text(references.join(", ")),
            ),
        ],
    )
}

/// The service forgot the recovery (here: it started over). At the next
/// start the app asks, hears "not found", removes it from the list with its
/// session, and says so once: not again at the start after.
#[tokio::test]
async fn a_recovery_the_service_no_longer_knows_leaves_the_list_and_is_said_once() {
    let mock = demo_mock().await;
    let tokens = kept_tokens();
    let (ui, reference) = a_recovery_waiting_for_its_code(&mock, &tokens).await;
    let saved = ui.app.start_open_cases()[0].clone();
    assert!(holds_token(&tokens, &saved));

    mock.shared()
        .reset(keeper_recovery::mock::scenario::Scenario::demo());
    let ui = restart(ui, &mock, &tokens).await;
    assert!(
        ui.app.start_open_cases().is_empty(),
        "still listed: {:?}",
        ui.app.start_open_cases()
    );
    ui.assert_sees(&ended_notice(&ui, &[&reference]));
    assert!(!holds_token(&tokens, &saved), "its session was left behind");
    assert!(
        !std::fs::read_to_string(ui.dir.path().join("state/open-cases.json"))
            .expect("the file")
            .contains(&reference)
    );

    let ui = restart(ui, &mock, &tokens).await;
    assert!(!ui.sees(&ended_notice(&ui, &[&reference])), "said twice");
}

/// Continue on a recovery the service has forgotten since the list was
/// checked: "no longer knows", and the recovery leaves the list with its session.
#[tokio::test]
async fn resuming_a_recovery_the_service_no_longer_knows_removes_it() {
    let mock = demo_mock().await;
    let tokens = kept_tokens();
    let (ui, _) = a_recovery_waiting_for_its_code(&mock, &tokens).await;
    let saved = ui.app.start_open_cases()[0].clone();
    let mut ui = restart(ui, &mock, &tokens).await;
    assert_eq!(
        ui.app.start_open_cases().len(),
        1,
        "the service still has it"
    );

    mock.shared()
        .reset(keeper_recovery::mock::scenario::Scenario::demo());
    ui.click(&ui.tr("button-resume")).await;
    ui.assert_sees(&ui.tr("error-case-not-found"));
    assert!(ui.app.start_open_cases().is_empty());
    assert!(!holds_token(&tokens, &saved), "its session was left behind");
    let ui = restart(ui, &mock, &tokens).await;
    assert!(ui.app.start_open_cases().is_empty(), "back after a restart");
}

/// The built-in demo service starts empty with each run: its recoveries are
/// not listed after a restart (nothing could go on with them), their
/// sessions are deleted, and the user is told once why they went.
#[tokio::test]
async fn demo_service_recoveries_are_not_carried_across_restarts() {
    let tokens = kept_tokens();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ui = Ui::open_in(
        dir,
        Language::En,
        None,
        None,
        Some(Box::new(tokens.clone())),
    )
    .await;
    ui.open_topic(TopicId::DeactivatePhone).await;
    ui.type_and_enter(AN_PHONE).await;
    ui.click("SMS").await;
    ui.assert_sees(&ui.tr("code-label"));
    let saved = ui.app.start_open_cases()[0].clone();
    assert_eq!(
        saved.endpoint,
        keeper_recovery::storage::Service::BuiltInMock
    );
    assert!(holds_token(&tokens, &saved));

    let reopen = |ui: Ui| async {
        let Ui { app, dir, .. } = ui;
        drop(app);
        Ui::open_in(
            dir,
            Language::En,
            None,
            None,
            Some(Box::new(tokens.clone())),
        )
        .await
    };
    let ui = reopen(ui).await;
    assert!(
        ui.app.start_open_cases().is_empty(),
        "a demo recovery is still listed"
    );
    let said = ui.app.translator().tr_args(
        "notice-demo-recoveries-ended",
        &[("count", keeper_recovery::i18n::Arg::Number(1))],
    );
    ui.assert_sees(&said);
    assert!(!holds_token(&tokens, &saved), "its session was left behind");
    let ui = reopen(ui).await;
    assert!(!ui.sees(&said), "said twice");
}

/// A list longer than the bound (an older version's, or edited by hand)
/// shows the newest [`MAX_OPEN_CASES`]; the older ones go with their sessions.
#[tokio::test]
async fn a_list_beyond_the_bound_keeps_the_newest() {
    use keeper_recovery::storage::{AppPaths, MAX_OPEN_CASES, OpenCases, SavedCase};
    use keeper_recovery::token_store::TokenStore;
    let tokens = kept_tokens();
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = AppPaths::under(dir.path());
    let endpoint = "https://recovery.example.com/";
    let cases: Vec<SavedCase> = (0..MAX_OPEN_CASES + 10)
        .map(|i| SavedCase {
            endpoint: keeper_recovery::storage::Service::At(endpoint.to_owned()),
            case_id: CaseId::new(format!("c_{i:03}")),
            reference: format!("KR-{i:03}"),
            topic: TopicId::ChangeEmail,
            identifier: AN_WMID.to_owned(),
            wmid: None,
            saved_at: time::OffsetDateTime::now_utc(),
        })
        .collect();
    std::fs::create_dir_all(&paths.state_dir).expect("mkdir");
    let file = serde_json::json!({ "cases": cases });
    std::fs::write(paths.open_cases_file(), file.to_string()).expect("written");
    for saved in &cases {
        let key = keeper_recovery::token_store::SessionKey::new(
            saved.endpoint.clone(),
            saved.case_id.clone(),
        );
        tokens.save(&key, &secret("a-token")).expect("kept");
    }

    // The service is not reachable: nothing is checked, only the bound acts.
    let ui = Ui::open_in(
        dir,
        Language::En,
        None,
        Some("http://127.0.0.1:9".to_owned()),
        Some(Box::new(tokens.clone())),
    )
    .await;
    assert_eq!(ui.app.start_open_cases(), &cases[10..]);
    assert_eq!(OpenCases::load(&paths).expect("loads"), &cases[10..]);
    assert!(cases[..10].iter().all(|saved| !holds_token(&tokens, saved)));
    assert!(cases[10..].iter().all(|saved| holds_token(&tokens, saved)));
}

/// A named pipe where the settings and the open recoveries should be (a
/// read of either would wait for ever): the window opens all the same, with
/// its defaults, and says which file it could not read.
#[cfg(unix)]
#[tokio::test]
async fn pipes_in_place_of_the_apps_files_never_stop_the_window() {
    use keeper_recovery::storage::AppPaths;
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = AppPaths::under(dir.path());
    std::fs::create_dir_all(&paths.config_dir).expect("mkdir");
    std::fs::create_dir_all(&paths.state_dir).expect("mkdir");
    for path in [paths.settings_file(), paths.open_cases_file()] {
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo");
        assert!(made.success());
    }
    let ui = Ui::open_in(dir, Language::En, None, None, Some(Box::new(kept_tokens()))).await;
    ui.assert_sees(&ui.tr("start-heading"));
    let said = ui.app.translator().tr_args(
        "storage-read",
        &[(
            "path",
            keeper_recovery::i18n::Arg::Text(paths.settings_file().display().to_string()),
        )],
    );
    assert!(
        ui.texts().iter().any(|line| line.contains(&said)),
        "{said} is not said: {:?}",
        ui.texts()
    );
    assert!(
        ui.texts()
            .iter()
            .any(|line| line.contains("a named pipe, not a regular file")),
        "{:?}",
        ui.texts()
    );
    // Moved aside, so that the next save writes a real file.
    assert!(!paths.settings_file().exists());
    assert!(!paths.open_cases_file().exists());
}
