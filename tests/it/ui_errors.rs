//! What the window tells the user when input is refused, the service cannot be
//! reached, or a wait is due (cooldowns and locks, counted on the service's clock).

use iced_test::simulator;
use keeper_recovery::app::Message;
use keeper_recovery::domain::Field;
use keeper_recovery::i18n::Language;
use keeper_recovery::protocol::TopicId;

use crate::common::*;
use crate::ui::{Ui, before};

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
                field: Some(Field::Code),
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
            keeper_recovery::app::screen::topic::FIRST_INPUT,
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

/// On a service of its own (no in-process clock to read), the wait still
/// comes from its `Date`: 25 hours ahead, a 30-minute lock reads 30 minutes.
#[tokio::test]
async fn a_remote_services_clock_counts_its_lock() {
    let mock = demo_mock().await;
    mock.shared()
        .advance_clock(std::time::Duration::from_secs(25 * 3600));
    let mut ui = Ui::open(Language::En, None, Some(mock.base_url())).await;
    cooldown_and_lock_read_as_on_the_service(&mut ui, 55..=60).await;
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
            keeper_recovery::app::screen::topic::FIRST_INPUT,
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

/// After the service started over, the recovery is gone: its countdowns and
/// counts go with it, and only the way to start again (and the reference) stays.
#[tokio::test]
async fn a_recovery_the_service_forgot_shows_no_stale_wait() {
    let mock = demo_mock().await;
    let mut ui = Ui::open(Language::En, None, Some(mock.base_url())).await;
    ui.open_topic(TopicId::DeactivatePhone).await;
    ui.type_and_enter(AN_PHONE).await;
    ui.click("SMS").await;
    let send_again = "Send again in";
    ui.assert_sees_start(send_again);

    mock.shared()
        .reset(keeper_recovery::mock::scenario::Scenario::demo());
    ui.type_and_enter("123456").await;
    ui.assert_sees(&ui.tr("button-start-again"));
    let stale: Vec<String> = ui
        .texts()
        .into_iter()
        .filter(|line| line.starts_with(send_again) || *line == ui.tr("code-label"))
        .collect();
    assert!(
        stale.is_empty(),
        "stale step beside the dead end: {stale:?}"
    );
    ui.assert_sees_start("Reference: KR-");
}

/// A topic that takes only a phone number calls its field that, also in its
/// errors; a code's hint says where that code went.
#[tokio::test]
async fn hints_and_errors_name_the_field_and_the_channel_they_are_about() {
    let mut ui = Ui::open(Language::Vi, None, None).await;
    ui.open_topic(TopicId::DeactivatePhone).await;
    ui.type_and_enter("số của tôi").await;
    let phone = ui.tr("field-phone");
    let account = ui.tr("field-identifier");
    assert!(
        ui.texts().iter().any(|line| line.starts_with(&phone)),
        "the phone field's error does not name it: {:?}",
        ui.texts()
    );
    assert!(
        !ui.texts().iter().any(|line| line.starts_with(&account)),
        "the phone field is called {account:?}: {:?}",
        ui.texts()
    );

    // An E-NUM code: look in the E-NUM app, not in the phone's or email's inbox.
    let mut ui = Ui::open(Language::Vi, None, None).await;
    ui.open_topic(TopicId::ChangeSecurityQuestion).await;
    ui.type_and_enter(AN_WMID).await;
    ui.choose_channel(keeper_recovery::protocol::Channel::Enum)
        .await;
    ui.assert_sees(&ui.tr("code-not-arriving-enum"));

    // An SMS-only topic: the phone number, not an address.
    let mut ui = Ui::open(Language::Vi, None, None).await;
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    ui.assert_sees(&ui.tr("code-not-arriving-sms"));
    assert!(!ui.sees(&ui.tr("code-not-arriving-email")));
}

/// One second later on this computer: the countdowns on screen move.
async fn tick(ui: &mut Ui) {
    ui.follow_mock().await;
    crate::ui::settle(&mut ui.app, iced::Task::done(Message::Tick)).await;
}

fn line_with(ui: &Ui, start: &str, also: &str) -> Option<String> {
    ui.texts()
        .into_iter()
        .find(|line| line.starts_with(start) && line.contains(also))
}

/// The code limits are worded for what they are: a cooldown started by
/// another recovery sends nothing now, the day's number of codes is the
/// identifier's across its recoveries, and both count down on the service's
/// clock until a code can be asked for again.
#[tokio::test]
async fn code_limits_name_the_identifier_and_count_down_on_the_services_clock() {
    let mut ui = Ui::open(Language::En, None, None).await;
    ui.open_topic(TopicId::RestoreEnum).await;
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    for _ in 0..4 {
        ui.advance_mock_clock(61);
        tick(&mut ui).await;
        ui.click(&ui.tr("button-send-again")).await;
    }
    // Five codes: the one sent still works, and the screen says no more come today.
    let none_left = ui.app.translator().tr_args(
        "sends-none",
        &[(
            "identifier",
            keeper_recovery::i18n::Arg::Text(OLGA_WMID.to_owned()),
        )],
    );
    ui.assert_sees(&none_left);
    ui.assert_sees(&ui.tr("code-label"));

    // Another recovery for the same WMID, at once: nothing is sent, and it says why.
    ui.open_topic(TopicId::RestorePassword).await;
    if TopicId::RestorePassword.requires_keeper_access() {
        ui.click(&ui.tr("answer-yes")).await;
    }
    ui.type_and_enter(OLGA_WMID).await;
    ui.click("SMS").await;
    let cooldown = line_with(&ui, "No code was sent this time", OLGA_WMID);
    assert!(cooldown.is_some(), "no cooldown words: {:?}", ui.texts());
    assert!(
        !ui.texts()
            .iter()
            .any(|line| line.starts_with("A code was just sent")),
        "a code is said to be sent: {:?}",
        ui.texts()
    );

    // The cooldown ends on the service's clock: the screen says so without a click.
    let over = ui.app.translator().tr_args(
        "code-limit-over",
        &[(
            "identifier",
            keeper_recovery::i18n::Arg::Text(OLGA_WMID.to_owned()),
        )],
    );
    ui.advance_mock_clock(61);
    tick(&mut ui).await;
    ui.assert_sees(&over);

    // Then the day's limit, for this WMID, across its recoveries.
    ui.click("SMS").await;
    let daily = line_with(&ui, "No code was sent:", OLGA_WMID)
        .unwrap_or_else(|| panic!("no daily-limit words: {:?}", ui.texts()));
    assert!(daily.contains("all its recoveries"), "{daily}");

    // The service's clock moves on a day: the recovery has expired with it,
    // and the screen says so without a click, with nothing left to type.
    ui.advance_mock_clock(24 * 3600);
    tick(&mut ui).await;
    assert!(!ui.sees(&ui.tr("code-label")), "{:?}", ui.texts());
    ui.assert_sees(&ui.tr("button-start-again"));
}

/// Where no browser opens, the page's addresses are still there: support's
/// beside "Contact technical support", the wiki's beside its instructions,
/// each with Copy, which says what it copied.
#[tokio::test]
async fn link_addresses_are_shown_and_copied() {
    let mut ui = Ui::open(Language::Vi, None, None).await;
    ui.assert_sees(keeper_recovery::app::screen::start::SUPPORT_URL);
    let copy = ui.tr("button-copy-address");
    ui.click(&copy).await;
    let copied = ui.app.translator().tr_args(
        "notice-copied",
        &[(
            "what",
            keeper_recovery::i18n::Arg::Text(
                keeper_recovery::app::screen::start::SUPPORT_URL.to_owned(),
            ),
        )],
    );
    ui.assert_sees(&copied);

    for topic in TopicId::ALL {
        let Some(url) = keeper_recovery::app::screen::topic::wiki_url(topic) else {
            continue;
        };
        ui.open_topic(topic).await;
        if topic.requires_keeper_access() {
            ui.click(&ui.tr("answer-yes")).await;
        }
        ui.assert_sees(url);
    }
    // Topic 6 points where the page points: the Russian wiki.
    assert_eq!(
        keeper_recovery::app::screen::topic::wiki_url(TopicId::ChangeSecurityQuestion),
        Some("https://wiki.webmoney.ru")
    );
}
