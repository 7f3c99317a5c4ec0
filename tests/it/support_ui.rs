//! Support mode as support staff drive it: the side panel beside the user's
//! screen, on the built-in mock, through the real view and real HTTP.

use iced::keyboard::{Key, key::Named};
use keeper_recovery::app::screen::support;
use keeper_recovery::client::ClientError;
use keeper_recovery::file_dialog::FixedPicker;
use keeper_recovery::mock::faults::{FaultKind, FaultRule, RouteId};
use keeper_recovery::protocol::{CaseState, Channel, Outcome, TopicId};

use crate::common::*;
use crate::ui::{Ui, before};
use keeper_recovery::i18n::Language;

/// A scenario file support staff were sent: the "codes never arrive" case.
const USER_SCENARIO: &str = "codes-never-arrive";

fn shipped_text(name: &str) -> &'static str {
    keeper_recovery::mock::scenario::SHIPPED
        .iter()
        .find(|(shipped, _)| *shipped == name)
        .map(|(_, text)| *text)
        .expect("a shipped scenario")
}

impl Ui {
    fn mock(&self) -> std::sync::Arc<keeper_recovery::mock::MockServer> {
        self.app
            .connection()
            .and_then(|c| c.mock.clone())
            .expect("support mode runs on the built-in mock")
    }

    async fn tab(&mut self, id: &str) {
        // Tabs with entries carry their count: "Outbox (2)".
        let label = self.tr(id);
        let mut ui = iced_test::simulator(self.app.view());
        let found = ui.find(
            move |candidate: iced_test::selector::Candidate<'_>| match candidate {
                iced_test::selector::Candidate::Text { content, .. }
                    if content == label || content.starts_with(&format!("{label} (")) =>
                {
                    Some(content.to_owned())
                }
                _ => None,
            },
        );
        let shown = found.expect("the tab is on screen");
        drop(ui);
        self.click(&shown).await;
    }

    /// The user's side: a topic, An's WMID, and a code by SMS.
    async fn ask_for_a_code(&mut self, topic: TopicId) {
        self.open_topic(topic).await;
        self.type_and_enter(AN_WMID).await;
        self.choose_channel(Channel::Sms).await;
    }

    /// Replaces what the fault form's input holds and types `value`.
    async fn set_fault_field(&mut self, id: &'static str, value: &str) {
        let messages: Vec<keeper_recovery::app::Message> = {
            let mut ui = iced_test::simulator(self.app.view());
            ui.click(iced::widget::Id::new(id)).expect("the field");
            for _ in 0..8 {
                ui.tap_key(Named::Backspace);
            }
            ui.typewrite(value);
            ui.into_messages().collect()
        };
        for message in messages {
            let task = self.app.update(message);
            crate::ui::settle(&mut self.app, task).await;
        }
    }
}

/// "... Possible again at 14:05." (or "at 14:05 UTC"), never an RFC 3339 stamp.
fn regex_like_local_time(shown: &str) -> bool {
    let Some(at) = shown.split("Possible again at ").nth(1) else {
        return false;
    };
    let clock: Vec<char> = at.chars().take(5).collect();
    clock.len() == 5
        && clock[2] == ':'
        && [0, 1, 3, 4].iter().all(|i| clock[*i].is_ascii_digit())
        && !shown
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'T' && w[2].is_ascii_digit())
}

async fn support_with(picker: FixedPicker) -> Ui {
    let dir = tempfile::tempdir().expect("temp dir");
    Ui::open_support(dir, picker, None).await
}

#[tokio::test]
async fn a_scenario_file_is_previewed_then_loaded_without_restarting_the_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("from-the-user.toml");
    std::fs::write(&file, shipped_text(USER_SCENARIO)).expect("scenario file");
    let picker = FixedPicker {
        save: None,
        open: vec![file],
    };
    let mut ui = Ui::open_support(dir, picker, None).await;
    let port = ui.mock().addr();

    ui.tab("support-tab-scenario").await;
    ui.assert_sees_start("Running: Demo");
    ui.click(&ui.tr("support-open-file")).await;
    // The preview names the accounts with masked contacts, before anything changes.
    ui.assert_sees("To load: Codes never arrive");
    ui.assert_sees("WMID 405002833238 · WinPro (Classic) · passport 120");
    ui.assert_sees_start("+84 *** *** *78 · a***@");
    ui.assert_sees_start("Next code after 2 minutes · 3 codes a day");
    ui.assert_sees_start("Running: Demo");

    ui.click(&ui.tr("support-restart")).await;
    ui.assert_sees("Running: Codes never arrive");
    let running = ui
        .mock()
        .shared()
        .engine(|e| e.scenario().settings.sends_per_day);
    assert_eq!(running, 3, "the mock now runs the user's limits");
    assert_eq!(ui.mock().addr(), port, "the same mock, not a new app");
}

#[tokio::test]
async fn the_code_is_read_from_the_outbox_and_a_refused_send_says_why() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.ask_for_a_code(TopicId::RestorePassword).await;

    // The staff member reads the code in the outbox panel and puts it into the flow.
    ui.tab("support-tab-outbox").await;
    let code = ui.code_sent_to(AN_PHONE);
    ui.assert_sees(&code);
    ui.click(&ui.tr("support-use-code")).await;
    ui.press(Key::Named(Named::Enter)).await;
    ui.assert_sees("Thành phố nơi bạn sinh ra?");

    // A second case at once: the cooldown refuses the send, and the outbox says so.
    ui.ask_for_a_code(TopicId::RestoreEnum).await;
    // In words, with a local clock time, not a raw timestamp.
    let shown = ui
        .texts()
        .into_iter()
        .find(|t| t.starts_with("Not sent: resend_cooldown"))
        .unwrap_or_else(|| panic!("no refusal in the outbox: {:?}", ui.texts()));
    let expected = regex_like_local_time(&shown);
    assert!(expected, "{shown:?}");
    let delivered = ui
        .mock()
        .shared()
        .outbox()
        .iter()
        .filter(|m| m.withheld.is_none())
        .count();
    assert_eq!(delivered, 1, "the refused code was not sent");
}

#[tokio::test]
async fn use_code_needs_a_code_field_on_the_users_screen() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.ask_for_a_code(TopicId::RestorePassword).await;
    ui.tab("support-tab-outbox").await;
    ui.press(Key::Named(Named::Escape)).await;
    ui.click(&ui.tr("support-use-code")).await;
    ui.assert_sees(&ui.tr("support-no-code-field"));
}

#[tokio::test]
async fn a_fault_switched_on_shows_the_user_facing_error_and_off_again_recovers() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.tab("support-tab-faults").await;
    ui.assert_sees(&ui.tr("support-faults-none"));
    // The form starts on create_case; an internal server error is not retried.
    ui.set_fault_field(support::FAULT_VALUE, "500").await;
    ui.click(&ui.tr("support-fault-add")).await;
    ui.assert_sees("open a case · HTTP error status 500");
    assert_eq!(
        ui.mock().shared().fault_rules(),
        vec![FaultRule {
            route: Some(RouteId::CreateCase),
            kind: FaultKind::Status { status: 500 },
            probability: 1.0,
            count: None,
        }]
    );

    ui.open_topic(TopicId::FindAccounts).await;
    ui.type_and_enter(AN_EMAIL).await;
    let error = ui
        .app
        .translator()
        .client_error(&ClientError::Server { status: 500 });
    ui.assert_sees(&error);

    ui.click(&ui.tr("support-fault-remove")).await;
    ui.assert_sees(&ui.tr("support-faults-none"));
    ui.click(&ui.tr("button-retry")).await;
    ui.choose_channel(Channel::Email).await;
    ui.assert_outcome(Outcome::AccountsSentIfRegistered {
        channel: Channel::Email,
    });

    // The exchanges show every answer, the faulty one marked.
    ui.tab("support-tab-exchanges").await;
    ui.assert_sees_start("#3 ");
    let exchanges = ui.mock().shared().exchanges_snapshot();
    let statuses: Vec<u16> = exchanges.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [500, 201, 200],
        "failed create, create, challenge"
    );
    assert_eq!(exchanges[0].fault.as_deref(), Some("status"));
    // Marked in the panel's words, not the log's ids.
    let marked = format!(" · ⚡ {}", ui.tr("support-fault-kind-status"));
    assert!(
        ui.texts().iter().any(|t| t.contains(&marked)),
        "{marked:?} in {:?}",
        ui.texts()
    );
}

#[tokio::test]
async fn the_fault_form_names_a_wrong_number() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.tab("support-tab-faults").await;
    ui.set_fault_field(support::FAULT_VALUE, "soon").await;
    ui.click(&ui.tr("support-fault-add")).await;
    ui.assert_sees(&ui.tr("support-fault-error-value"));
    ui.set_fault_field(support::FAULT_VALUE, "503").await;
    ui.set_fault_field(support::FAULT_COUNT, "0").await;
    ui.click(&ui.tr("support-fault-add")).await;
    ui.assert_sees(&ui.tr("support-fault-error-count"));
    assert!(ui.mock().shared().fault_rules().is_empty());
}

#[tokio::test]
async fn moving_mock_time_ends_a_waiting_case() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.verify_with(TopicId::DeactivatePhone, AN_PHONE, Channel::Sms, AN_PHONE)
        .await;
    ui.click(&ui.tr("button-confirm")).await;
    ui.assert_state(CaseState::Waiting);

    ui.tab("support-tab-cases").await;
    ui.assert_sees_start("Wait ends at");
    ui.click(&ui.tr("support-end-wait")).await;
    ui.assert_sees_start("Demo service time:");
    // The user's panel follows the case without a Refresh.
    ui.assert_outcome(Outcome::PhoneDetached);
}

/// Support staff move the demo service's clock past a cooldown: the user's
/// "Send again" unlocks at once, as the service already allows it.
#[tokio::test]
async fn moving_mock_time_unlocks_send_again_on_the_users_screen() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.ask_for_a_code(TopicId::RestorePassword).await;
    ui.assert_sees_start("Send again in ");
    ui.click(&ui.tr("support-clock-minute")).await;
    ui.click(&ui.tr("support-clock-minute")).await;
    // The next second's redraw of the countdown.
    let task = ui.app.update(keeper_recovery::app::Message::Tick);
    crate::ui::settle(&mut ui.app, task).await;
    ui.assert_sees(&ui.tr("button-send-again"));
    let sends_before = ui.mock().shared().outbox().len();
    ui.click(&ui.tr("button-send-again")).await;
    assert_eq!(
        ui.mock().shared().outbox().len(),
        sends_before + 1,
        "the button sent a new code"
    );
}

/// Support mode with Binh's restore-password case verified and a passport
/// sent: the case waits for review.
async fn documents_under_review() -> Ui {
    let dir = tempfile::tempdir().expect("temp dir");
    let passport = dir.path().join("passport.pdf");
    std::fs::write(&passport, b"%PDF-1.7 scan of a passport").expect("document");
    let picker = FixedPicker {
        save: None,
        open: vec![passport],
    };
    let mut ui = Ui::open_support(dir, picker, None).await;
    ui.verify_with(
        TopicId::RestorePassword,
        BINH_WMID,
        Channel::Sms,
        BINH_PHONE,
    )
    .await;
    ui.click(&ui.tr("button-choose-files")).await;
    ui.click(&ui.tr("button-upload")).await;
    ui.assert_state(CaseState::UnderReview);
    ui
}

/// "Approve the documents" reaches the user's panel without a Refresh.
#[tokio::test]
async fn an_approved_review_reaches_the_users_screen_at_once() {
    let mut ui = documents_under_review().await;

    ui.tab("support-tab-cases").await;
    ui.click(&ui.tr("support-approve")).await;
    ui.assert_sees(&ui.tr("new-password-label"));
}

#[tokio::test]
async fn documents_under_review_are_rejected_from_the_case_inspector() {
    let mut ui = documents_under_review().await;

    ui.tab("support-tab-cases").await;
    ui.click(&ui.tr("support-reject")).await;
    ui.assert_sees(&ui.tr("outcome-documents-rejected-title"));
    let states: Vec<CaseState> = ui
        .mock()
        .shared()
        .engine(|e| e.inspect_all())
        .iter()
        .map(|c| c.case.state)
        .collect();
    assert_eq!(states, [CaseState::Rejected]);
}

#[tokio::test]
async fn a_diagnostics_bundle_replays_the_users_scenario_and_faults() {
    // The user's side: their scenario, a fault they met, a run, then the bundle.
    let user_dir = tempfile::tempdir().expect("temp dir");
    let scenario_file = user_dir.path().join("user.toml");
    std::fs::write(&scenario_file, shipped_text(USER_SCENARIO)).expect("scenario file");
    let bundle = user_dir.path().join("diagnostics.zip");
    let picker = FixedPicker {
        save: Some(bundle.clone()),
        open: vec![scenario_file],
    };
    let mut user = Ui::open_support(user_dir, picker, None).await;
    user.tab("support-tab-scenario").await;
    user.click(&user.tr("support-open-file")).await;
    user.click(&user.tr("support-restart")).await;
    // A search that goes through: a message in the user's outbox.
    user.open_topic(TopicId::FindAccounts).await;
    user.type_and_enter(AN_EMAIL).await;
    user.choose_channel(Channel::Email).await;
    user.tab("support-tab-faults").await;
    user.set_fault_field(support::FAULT_VALUE, "500").await;
    user.set_fault_field(support::FAULT_COUNT, "2").await;
    user.click(&user.tr("support-fault-add")).await;
    // The panel kept its finished search: the user starts another, with the
    // address still in its field.
    user.assert_sees(&user.tr("button-start-again"));
    user.click(&user.tr("button-start-again")).await;
    user.type_and_enter("").await;
    user.click(&user.tr("support-save-bundle")).await;
    user.assert_sees_start("Diagnostics saved to");
    let active = user.mock().shared().fault_rules();
    assert_eq!(active[0].count, Some(1), "one of the two was used up");
    let as_set = user.mock().shared().fault_rules_as_set();
    assert_eq!(as_set[0].count, Some(2));

    // The staff member's side: a fresh app opens the bundle.
    let staff_dir = tempfile::tempdir().expect("temp dir");
    let picker = FixedPicker {
        save: None,
        open: vec![bundle],
    };
    let mut staff = Ui::open_support(staff_dir, picker, None).await;
    staff.click(&staff.tr("support-open-bundle")).await;
    staff.assert_sees("Running: Codes never arrive");
    staff.assert_sees_start("Bundle saved at");
    // The fault as the user switched it on: both of its turns, to be met again.
    assert_eq!(staff.mock().shared().fault_rules(), as_set);
    let limits = staff
        .mock()
        .shared()
        .engine(|e| e.scenario().settings.resend_cooldown_secs);
    assert_eq!(limits, 120);

    // What the user did is shown beside the replay's own, marked as theirs.
    staff.tab("support-tab-exchanges").await;
    staff.assert_sees_start("This replay, on the demo service: 0");
    staff.assert_sees_start("The user's requests, from the bundle: 3");
    // Numbered as theirs: "#1" is never two requests.
    staff.assert_sees_start("user’s #1 ");
    assert!(
        !staff.texts().iter().any(|t| t.starts_with("#1 ")),
        "{:?}",
        staff.texts()
    );
    assert!(
        staff
            .texts()
            .iter()
            .any(|t| t.contains("POST /v1/cases → 500")),
        "the user's failed request: {:?}",
        staff.texts()
    );
    staff.tab("support-tab-outbox").await;
    staff.assert_sees_start("Sent during this replay: 0");
    staff.assert_sees_start("The user's messages, from the bundle: 1");
    assert!(
        staff
            .texts()
            .iter()
            .any(|t| t.ends_with("Email to an.nguyen@example.com")),
        "the user's email: {:?}",
        staff.texts()
    );

    // The user's screen in the staff member's app meets the same fault.
    staff.open_topic(TopicId::FindAccounts).await;
    staff.type_and_enter(AN_EMAIL).await;
    let error = staff
        .app
        .translator()
        .client_error(&ClientError::Server { status: 500 });
    staff.assert_sees(&error);
}

#[tokio::test]
async fn the_button_remembers_support_mode_and_the_flag_does_not() {
    use keeper_recovery::storage::{AppPaths, Settings};
    let mut ui = support_with(FixedPicker::default()).await;
    let saved = |ui: &Ui| {
        Settings::load(&AppPaths::under(ui.dir.path()))
            .expect("settings load")
            .support_mode
    };
    // `--support` is for this run: other settings saved meanwhile leave it off.
    let task = ui.app.update(keeper_recovery::app::Message::Language(
        keeper_recovery::i18n::Language::En,
    ));
    crate::ui::settle(&mut ui.app, task).await;
    assert!(!saved(&ui));
    // The panel's tabs show; the header's button has the panel's name.
    ui.assert_sees(&ui.tr("support-tab-faults"));

    ui.click(&ui.tr("support-close")).await;
    assert!(!ui.sees(&ui.tr("support-tab-faults")));
    assert!(!saved(&ui));

    // Keeper owners never see it in the header: it is in Settings, for support staff.
    assert!(!ui.sees(&ui.tr("settings-support-mode")));
    ui.click(&ui.tr("settings-heading")).await;
    ui.assert_sees(&ui.tr("settings-for-support-staff"));
    ui.click(&ui.tr("settings-support-mode")).await;
    ui.assert_sees(&ui.tr("support-tab-faults"));
    assert!(saved(&ui), "the switch in Settings is remembered");
}

/// Support mode on the scenario whose WMID starts locked.
async fn locked_support() -> Ui {
    let dir = tempfile::tempdir().expect("temp dir");
    Ui::open_support(
        dir,
        FixedPicker::default(),
        Some("locked-after-wrong-codes"),
    )
    .await
}

#[tokio::test]
async fn a_lock_is_shown_without_a_case_and_lifted_by_the_clock() {
    let mut ui = locked_support().await;
    ui.open_topic(TopicId::RestorePassword).await;
    ui.type_and_enter(AN_WMID).await;
    let locked = ui
        .app
        .translator()
        .client_error(&ClientError::Locked { until: None });
    ui.assert_sees_start(&before(&locked, "."));

    ui.tab("support-tab-cases").await;
    ui.assert_sees_start("Locked: WMID 405002833238 until");
    let lock = ui
        .texts()
        .into_iter()
        .find(|t| t.starts_with("Locked: "))
        .expect("the lock line");
    assert!(lock.ends_with("after 5 wrong codes"), "{lock}");
    ui.assert_sees(&ui.tr("support-cases-empty"));
    ui.click(&ui.tr("support-lift-lock")).await;
    assert!(ui.mock().shared().engine(|e| e.locks()).is_empty());

    ui.click(&ui.tr("button-continue")).await;
    ui.assert_sees(&ui.app.translator().channel(Channel::Sms));
}

#[tokio::test]
async fn a_dropped_connection_on_one_route_is_shown_with_a_retry_that_works_once_it_is_off() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.tab("support-tab-faults").await;
    ui.click("send a code").await;
    // One click on the kind switches it on.
    ui.click("connection dropped").await;
    ui.assert_sees("send a code · connection dropped");
    assert_eq!(
        ui.mock().shared().fault_rules().len(),
        1,
        "switched on once"
    );

    ui.ask_for_a_code(TopicId::RestorePassword).await;
    let lost = ui
        .app
        .translator()
        .client_error(&ClientError::ConnectionLost);
    ui.assert_sees(&lost);

    ui.click(&ui.tr("support-fault-remove")).await;
    ui.click(&ui.tr("button-retry")).await;
    let sent = ui.app.translator().tr_args(
        "code-sent-to",
        &[("destination", keeper_recovery::i18n::Arg::from("+84"))],
    );
    ui.assert_sees_start(&before(&sent, "+84"));
}

/// Keys pressed while the support panel is in use stay there: a digit does not
/// pick a channel on the user's screen, nor does Enter submit it.
#[tokio::test]
async fn digit_keys_after_using_the_support_panel_do_not_reach_the_users_screen() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.open_topic(TopicId::RestorePassword).await;
    ui.type_and_enter(AN_WMID).await;
    ui.assert_sees(&ui.tr("choose-channel"));
    ui.tab("support-tab-outbox").await;
    let sent_before = ui.mock().shared().outbox().len();
    ui.press(Key::Character("2".into())).await;
    ui.press(Key::Named(Named::Enter)).await;
    assert_eq!(
        ui.mock().shared().outbox().len(),
        sent_before,
        "a code was sent"
    );
    ui.assert_sees(&ui.tr("choose-channel"));
    // Back on the user's screen, the digits are theirs again.
    ui.choose_channel(Channel::Sms).await;
    ui.assert_sees(&ui.tr("code-label"));
}

/// Closing the support panel gives the digit keys and Enter back to the
/// user's screen: a panel that is gone holds none of them.
#[tokio::test]
async fn closing_the_support_panel_gives_the_keys_back_to_the_users_screen() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.open_topic(TopicId::RestorePassword).await;
    ui.type_and_enter(AN_WMID).await;
    ui.assert_sees(&ui.tr("choose-channel"));
    ui.tab("support-tab-outbox").await;
    let sent_before = ui.mock().shared().outbox().len();
    ui.click(&ui.tr("support-close")).await;
    ui.press(Key::Character("1".into())).await;
    assert_eq!(
        ui.mock().shared().outbox().len(),
        sent_before + 1,
        "the digit picked no channel"
    );
    ui.assert_sees(&ui.tr("code-label"));
}

/// The Scenario tab gives what the agent types (security answers, key-file
/// access codes), and the panel speaks Vietnamese: routes, faults, units,
/// Keeper kinds and lock holders.
#[tokio::test]
async fn the_vietnamese_panel_names_routes_faults_and_keepers_and_shows_the_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ui = Ui::open_support_in(dir, FixedPicker::default(), None, Language::Vi).await;
    ui.tab("support-tab-scenario").await;
    ui.assert_sees("Câu hỏi bảo mật: Thành phố nơi bạn sinh ra? · câu trả lời: Hà Nội");
    ui.assert_sees_start("WMID 405002833238 · WinPro (bản Classic)");
    ui.tab("support-tab-faults").await;
    ui.assert_sees("Số (mã trạng thái HTTP)");
    ui.click("gửi mã").await;
    ui.click("ngắt kết nối").await;
    ui.assert_sees("gửi mã · ngắt kết nối");
    for english in ["challenge · drop", "Số (status)", "WinPro (Classic)"] {
        assert!(!ui.sees(english), "still in English: {english}");
    }
}

/// Counts appearing on the tabs and the clock running ahead move nothing: the
/// tabs stay on one row and the clock's buttons in their place.
#[tokio::test]
async fn tabs_and_clock_buttons_stay_in_place() {
    let mut ui = support_with(FixedPicker::default()).await;
    let tabs =
        |ui: &Ui| ["support-tab-scenario", "support-tab-cases"].map(|id| ui.place_of(&ui.tr(id)));
    let minute = ui.tr("support-clock-minute");
    let [scenario, cases] = tabs(&ui);
    assert_eq!(scenario.y, cases.y, "the tabs are on one row");
    let clock_button = ui.place_of(&minute);

    ui.ask_for_a_code(TopicId::RestorePassword).await;
    ui.click(&ui.tr("support-clock-day")).await;
    ui.assert_sees_start("1 day ahead");
    // Every step counts: not rounded up to "25 hours".
    ui.click(&ui.tr("support-clock-ten-minutes")).await;
    ui.click(&minute).await;
    ui.assert_sees("1 day 11 minutes ahead of real time");
    let [scenario_after, cases_after] = tabs(&ui);
    assert_eq!(
        (scenario.y, cases.x),
        (scenario_after.y, cases_after.x),
        "tabs moved"
    );
    assert_eq!(scenario_after.y, cases_after.y, "the tabs wrapped");
    assert_eq!(
        clock_button.y,
        ui.place_of(&minute).y,
        "the clock's buttons moved"
    );

    // Switching a fault on adds a line to the list, not above the kind buttons.
    ui.tab("support-tab-faults").await;
    let drop = ui.place_of("connection dropped");
    ui.click("connection dropped").await;
    ui.assert_sees("open a case · connection dropped");
    assert_eq!(
        drop.y,
        ui.place_of("connection dropped").y,
        "the kind buttons moved"
    );
}

/// A reference is quoted to support: on the start view beside the support
/// panel (where the room is narrow) it is one piece on one line.
#[tokio::test]
async fn references_on_the_start_view_stay_on_one_line() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.ask_for_a_code(TopicId::RestorePassword).await;
    ui.press(Key::Named(Named::Escape)).await;
    let reference = ui
        .app
        .start_open_cases()
        .first()
        .map(|c| c.reference.clone())
        .expect("the case is listed");
    let place = ui.place_of(&reference);
    assert!(place.height < 24.0, "{reference} wraps: {place:?}");
}

/// The support panel and the user's waiting panel follow the demo service
/// through its change feed: a request, a clock move (in the app or over
/// HTTP), new faults and a restart each wake them; reading the service does not.
#[tokio::test]
async fn the_demo_service_wakes_its_followers_when_it_changes_not_when_read() {
    let h = demo().await;
    let shared = h.mock.shared();
    let mut changes = shared.changes();
    let woken = |changes: &mut tokio::sync::watch::Receiver<u64>| {
        let woke = changes.has_changed().expect("the feed stays open");
        changes.mark_unchanged();
        woke
    };

    shared.engine(|e| (e.inspect_all(), e.locks(), e.outbox()));
    let _ = shared.recent_exchanges(10);
    h.admin.outbox().await.expect("the outbox over HTTP");
    h.admin.cases().await.expect("the cases over HTTP");
    assert!(!woken(&mut changes), "reading wakes no one");
    // Moved from outside the app, as support staff do with curl.
    h.admin
        .advance_clock(60)
        .await
        .expect("the clock over HTTP");
    assert!(woken(&mut changes), "a clock moved over HTTP wakes them");

    h.open_case(TopicId::FindAccounts, &id(AN_EMAIL), "a case opens")
        .await;
    assert!(woken(&mut changes), "a request wakes the followers");
    shared.advance_clock(std::time::Duration::from_secs(60));
    assert!(woken(&mut changes), "a clock move wakes them");
    shared.set_fault_rules(Vec::new());
    assert!(woken(&mut changes), "new faults wake them");
    shared.reset(keeper_recovery::mock::scenario::Scenario::demo());
    assert!(woken(&mut changes), "a restart wakes them");
}

/// A finished recovery changes the account, and the open Scenario tab shows
/// it as it stands: support reproduces the user's next attempt from there.
#[tokio::test]
async fn the_scenario_tab_shows_accounts_as_recoveries_left_them() {
    let mut ui = support_with(FixedPicker::default()).await;
    let new_email = "vy.tran@mail.vn";
    let masked = new_email
        .parse::<keeper_recovery::domain::Email>()
        .expect("an email")
        .masked();
    ui.tab("support-tab-scenario").await;
    assert!(!ui.texts().iter().any(|line| line.contains(&masked)));
    ui.change_email_into_its_security_period(new_email).await;
    ui.advance_mock_clock(3 * 24 * 3600 + 60);
    ui.click(&ui.tr("button-refresh")).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::EmailChanged);
    ui.follow_mock().await;
    assert!(
        ui.texts().iter().any(|line| line.contains(&masked)),
        "the new email ({masked}) is not shown: {:?}",
        ui.texts()
    );
}

/// A kind is a switch: one click on, one click off, never a pile of twins;
/// "Switch all off" is beside "Switch on", in sight however many rules are on.
#[tokio::test]
async fn a_fault_kind_switches_on_and_off_and_never_piles_up() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.tab("support-tab-faults").await;
    let drop = "connection dropped";
    let rules = |ui: &Ui| ui.mock().shared().fault_rules();
    ui.click(drop).await;
    assert_eq!(rules(&ui).len(), 1, "on");
    ui.click(drop).await;
    assert!(rules(&ui).is_empty(), "off again");
    ui.click(drop).await;
    ui.click(&ui.tr("support-fault-add")).await;
    ui.click(&ui.tr("support-fault-add")).await;
    assert_eq!(
        rules(&ui).len(),
        1,
        "switching on again changes the rule: {:?}",
        rules(&ui)
    );

    // Removed from the list, the kind is off: the next click switches it on.
    ui.click(&ui.tr("support-fault-remove")).await;
    assert!(rules(&ui).is_empty());
    ui.click(drop).await;
    assert_eq!(rules(&ui).len(), 1, "on after a remove, not off");

    let status = "HTTP error status";
    ui.click(status).await;
    ui.click("send a code").await;
    ui.click(status).await;
    assert_eq!(rules(&ui).len(), 3, "one per route and kind");
    let all_off = ui.tr("support-faults-clear");
    let switch_on = ui.place_of(&ui.tr("support-fault-add"));
    assert_eq!(
        ui.place_of(&all_off).y,
        switch_on.y,
        "all off is beside switch on"
    );
    ui.click(&all_off).await;
    assert!(rules(&ui).is_empty());
}

/// A broken scenario file is said in the panel's language, with where it
/// breaks, and the message moves neither the picker nor "Open a scenario file…".
#[tokio::test]
async fn a_broken_scenario_file_is_said_where_and_moves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("broken.toml");
    std::fs::write(
        &file,
        "name = \"Broken\"\n[settings]\nsends_per_day = \"many\"\n",
    )
    .expect("scenario file");
    let picker = FixedPicker {
        save: None,
        open: vec![file],
    };
    let mut ui = Ui::open_support_in(dir, picker, None, Language::Vi).await;
    ui.tab("support-tab-scenario").await;
    let open = ui.tr("support-open-file");
    let before = ui.place_of(&open);
    ui.click(&open).await;
    let said = ui
        .texts()
        .into_iter()
        .find(|t| t.contains("không hợp lệ"))
        .unwrap_or_else(|| panic!("no word of the broken file: {:?}", ui.texts()));
    assert!(said.contains("dòng 3, cột"), "where, in Vietnamese: {said}");
    assert!(
        !said.contains('^') && !said.contains('\n'),
        "no caret art: {said}"
    );
    assert_eq!(ui.place_of(&open), before, "the button moved");
}

/// A scenario that starts with a lock opens on the Cases tab, where the lock
/// and "Lift the lock" are, and the tab counts it.
#[tokio::test]
async fn a_lock_in_force_at_start_is_the_first_thing_shown() {
    let ui = locked_support().await;
    ui.assert_sees(&ui.tr("support-lift-lock"));
    let texts = ui.texts();
    let cases_tab = texts
        .iter()
        .position(|t| *t == ui.tr("support-tab-cases"))
        .expect("the Cases tab");
    assert_eq!(texts[cases_tab + 1], "1", "the lock counts: {texts:?}");
}

/// The clock times in a text, "22:50" and the like.
fn clock_times(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(5)
        .filter(|w| w[2] == ':' && [w[0], w[1], w[3], w[4]].iter().all(char::is_ascii_digit))
        .map(|w| w.iter().collect())
        .collect()
}

/// With the demo service's clock ahead, the user's screen and the panel give
/// one moment one time; when support lifts the lock, the user's screen says
/// at once that the wait is over.
#[tokio::test]
async fn both_screens_follow_the_services_clock() {
    let mut ui = locked_support().await;
    ui.click(&ui.tr("support-clock-ten-minutes")).await;
    ui.open_topic(TopicId::RestorePassword).await;
    ui.type_and_enter(AN_WMID).await;
    let texts = ui.texts();
    let users = texts
        .iter()
        .find(|t| t.starts_with("Too many wrong attempts"))
        .unwrap_or_else(|| panic!("the user is told of the lock: {texts:?}"));
    let panels = texts
        .iter()
        .find(|t| t.starts_with("Locked: "))
        .unwrap_or_else(|| panic!("the panel shows the lock: {texts:?}"));
    let (users_time, panels_time) = (clock_times(users), clock_times(panels));
    assert!(
        !panels_time.is_empty() && users_time == panels_time,
        "one moment, one time: {users:?} / {panels:?}"
    );
    assert!(
        users.contains("15 minutes"),
        "counted on the service's clock: {users}"
    );

    ui.click(&ui.tr("support-lift-lock")).await;
    ui.assert_sees(&ui.tr("error-wait-over"));
    assert!(
        !ui.texts()
            .iter()
            .any(|t| t.starts_with("Too many wrong attempts")),
        "{:?}",
        ui.texts()
    );
}

/// A case the demo service's clock has expired is shown expired at once,
/// not with a code field until the user clicks.
#[tokio::test]
async fn a_case_the_clock_expires_is_shown_expired_at_once() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.ask_for_a_code(TopicId::RestorePassword).await;
    ui.assert_sees(&ui.tr("code-label"));
    ui.click(&ui.tr("support-clock-day")).await;
    assert!(!ui.sees(&ui.tr("code-label")), "{:?}", ui.texts());
    ui.assert_sees(&ui.tr("button-start-again"));
}

/// A second code for the user in one click: the Cases tab cancels their
/// recovery on the demo service and their screen starts it again, the
/// identifier kept.
#[tokio::test]
async fn the_cases_tab_starts_the_users_recovery_again() {
    let mut ui = support_with(FixedPicker::default()).await;
    ui.ask_for_a_code(TopicId::RestorePassword).await;
    let first = ui.mock().shared().engine(|e| e.inspect_all())[0]
        .case
        .case_id
        .clone();
    ui.tab("support-tab-cases").await;
    ui.click(&ui.tr("support-start-again")).await;
    let first_now = ui
        .mock()
        .shared()
        .engine(|e| e.inspect(&first))
        .expect("kept");
    assert_eq!(first_now.case.state, CaseState::Cancelled);
    // Back at the identifier, which is kept: Enter and a channel send a new code.
    assert!(!ui.sees(&ui.tr("code-label")), "{:?}", ui.texts());
    // Past the identifier's cooldown, which starting again does not lift.
    ui.click(&ui.tr("support-clock-minute")).await;
    ui.click(&ui.tr("button-continue")).await;
    ui.choose_channel(Channel::Sms).await;
    ui.assert_sees(&ui.tr("code-label"));
    let cases = ui.mock().shared().engine(|e| e.inspect_all());
    assert_eq!(cases.len(), 2, "a new case beside the cancelled one");
    // Nothing to do on the cancelled one but read it.
    assert_eq!(
        ui.texts()
            .iter()
            .filter(|t| **t == ui.tr("support-expire-code"))
            .count(),
        1,
        "only the live case offers to expire its code"
    );
}
