//! Each topic walked as a user would, from the start view to its outcome,
//! in the window and with the keyboard; the start view against its snapshots.

use keeper_recovery::app::App;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;

use crate::common::*;
use crate::ui::Ui;

#[tokio::test]
async fn start_view_lists_the_nine_topics_in_the_pages_order_and_wording() {
    let ui = Ui::open(Language::Vi, None, None).await;
    ui.assert_sees("Bạn muốn gì?");
    // As many as there are topics: a tenth topic fails to compile here.
    let titles: [&str; TopicId::ALL.len()] = [
        "Khôi phục lại mật khẩu của WebMoney Keeper",
        "Thay đổi số điện thoại",
        "Hủy kích hoạt số điện thoại di động",
        // The page has this one in English only; ours.
        "Đăng ký lại thẻ SIM sau khi thay thẻ",
        "Thay đổi Email",
        "Thay đổi câu hỏi bảo mật",
        "Tìm kiếm tài khoản WM của tôi",
        "Khôi phục keyfile hoặc chứng chỉ kỹ thuật số",
        "Khôi phục quyền truy cập tài khoản E-NUM",
    ];
    let texts = ui.texts();
    let mut last = None;
    for (n, title) in titles.iter().enumerate() {
        let at = texts
            .iter()
            .position(|t| t == title)
            .unwrap_or_else(|| panic!("{title:?} is not on the start view: {texts:?}"));
        assert_eq!(
            texts[at - 1],
            (n + 1).to_string(),
            "{title:?} has its digit"
        );
        assert!(last < Some(at), "{title:?} is out of the page's order");
        last = Some(at);
    }
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
            Some(Box::new(keeper_recovery::token_store::MemoryStore::new())),
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

/// Confirmed by the security answer, the change waits out a security period,
/// and the wait says the old phone and email were told and can stop it (as
/// the service says in the wait it gives).
#[tokio::test]
async fn a_security_period_says_the_old_contacts_were_told_where_they_were() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::ChangePhone).await;
    ui.click(&ui.tr("answer-yes")).await;
    ui.type_and_enter(AN_WMID).await;
    ui.choose_channel(keeper_recovery::protocol::Channel::Keeper)
        .await;
    ui.enter_code_sent_to(AN_WMID).await;
    ui.type_and_enter("+84 901 234 567").await;
    ui.enter_code_sent_to("+84901234567").await;
    ui.choose_confirm(keeper_recovery::protocol::ConfirmMethod::SecurityQuestion)
        .await;
    ui.type_and_enter("Hà Nội").await;
    ui.assert_state(keeper_recovery::protocol::CaseState::Waiting);
    ui.assert_sees(&ui.tr("old-contacts-told-period"));
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
    ui.change_email_to("an.new@example.com").await;
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
    ui.fill_and_enter(&["Кличка первого питомца?", "Мурка", "Мурка"])
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
    // The wait changes none of the account's own contacts: nothing is said
    // of them being told.
    assert!(
        !ui.sees(&ui.tr("old-contacts-told-period")),
        "{:?}",
        ui.texts()
    );
    ui.advance_mock_clock(24 * 3600);
    ui.click(&ui.tr("button-refresh")).await;
    ui.assert_outcome(keeper_recovery::protocol::Outcome::PhoneDetached);
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
    // The wait is the line under the choice, and what a screen reader says after its name.
    ui.assert_sees("The change then takes effect after 3 days, for your safety");
    ui.click("Security question").await;
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
