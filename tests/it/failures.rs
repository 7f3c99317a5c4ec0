//! What goes wrong for users: wrong codes, locks, cooldowns, caps, expiry.

use keeper_recovery::client::ClientError;
use keeper_recovery::domain::Field;
use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::protocol::{CaseState, Channel, StepRequest, TopicId};

use crate::common::*;

#[tokio::test]
async fn wrong_code_says_how_many_attempts_are_left() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    h.send_code(&case, Channel::Sms, "sent").await;
    let err = h
        .client
        .verify(&case.case_id, &h.token(&case), &code("000000"))
        .await
        .expect_err("wrong");
    assert_eq!(
        err,
        ClientError::WrongCode {
            field: Some(Field::Code),
            attempts_left: 4
        }
    );
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("case");
    assert_eq!(case.attempts_left, 4);
}

#[tokio::test]
async fn too_many_wrong_codes_lock_the_identifier_not_just_the_case() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    h.send_code(&case, Channel::Sms, "sent").await;
    for left in (1..5).rev() {
        let err = h
            .client
            .verify(&case.case_id, &h.token(&case), &code("000000"))
            .await
            .expect_err("wrong");
        assert!(
            matches!(err, ClientError::WrongCode { attempts_left, .. } if attempts_left == left)
        );
    }
    let err = h
        .client
        .verify(&case.case_id, &h.token(&case), &code("000000"))
        .await
        .expect_err("locked");
    let ClientError::Locked { until: Some(until) } = err else {
        panic!("expected a lock with its end, got {err:?}")
    };

    // A new case for the same identifier is locked too: restarting does not help.
    let err = h
        .client
        .create_case(TopicId::RestoreKeyfile, &id(AN_WMID))
        .await
        .expect_err("locked");
    assert_eq!(err, ClientError::Locked { until: Some(until) });
    // The account's purse has its own count: a lock showing through it would
    // tell whose purse it is.
    h.open_case(
        TopicId::RestoreKeyfile,
        &id("Z238479008342"),
        "the purse opens",
    )
    .await;

    // The right code does not get through while locked.
    let right = h.code_sent_to(AN_PHONE).await;
    assert!(matches!(
        h.client
            .verify(&case.case_id, &h.token(&case), &right)
            .await,
        Err(ClientError::Locked { .. })
    ));

    // When the lock ends the old code has expired too; a new one works, with every attempt back.
    h.advance(30 * 60 + 1);
    assert_eq!(
        h.client
            .verify(&case.case_id, &h.token(&case), &right)
            .await
            .err(),
        Some(ClientError::CodeExpired)
    );
    let case = h.send_code(&case, Channel::Sms, "a new code").await;
    assert_eq!(case.attempts_left, 5);
    let verified = h
        .client
        .verify(
            &case.case_id,
            &h.token(&case),
            &h.code_sent_to(AN_PHONE).await,
        )
        .await
        .expect("verifies");
    assert_eq!(verified.case.attempts_left, 5);
}

#[tokio::test]
async fn resend_shows_its_cooldown_and_the_daily_cap() {
    let h = start(Scenario::shipped("codes-never-arrive").expect("shipped")).await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    let sent = h.send_code(&case, Channel::Sms, "first code").await;
    assert_eq!(sent.sends_left, 2);
    let resend_at = sent.resend_at.expect("cooldown end is given");

    let err = h
        .client
        .challenge(&case.case_id, &h.token(&case), Channel::Sms)
        .await
        .expect_err("too soon");
    let ClientError::Cooldown { retry_at: Some(at) } = err else {
        panic!("expected a cooldown, got {err:?}")
    };
    assert_eq!(at, resend_at);

    h.advance(121);
    h.send_code(&case, Channel::Email, "second code").await;
    h.advance(121);
    let third = h.send_code(&case, Channel::Sms, "third code").await;
    assert_eq!(third.sends_left, 0);
    h.advance(121);
    let err = h
        .client
        .challenge(&case.case_id, &h.token(&case), Channel::Sms)
        .await
        .expect_err("cap reached");
    assert!(
        matches!(err, ClientError::RateLimited { retry_at: Some(_) }),
        "got {err:?}"
    );
    let outbox = h.admin.outbox().await.expect("outbox");
    let delivered = outbox.iter().filter(|m| m.withheld.is_none()).count();
    assert_eq!(delivered, 3, "only three messages were paid for");
    // The two refusals are in the outbox too, each with its reason and time.
    let withheld: Vec<&str> = outbox
        .iter()
        .filter_map(|m| m.withheld.as_deref())
        .collect();
    assert_eq!(withheld.len(), 2, "{withheld:?}");
    assert!(withheld[0].starts_with("resend_cooldown"), "{withheld:?}");
    assert!(withheld[1].starts_with("rate_limited"), "{withheld:?}");
    assert!(withheld.iter().all(|w| w.contains("possible again at")));

    // Starting over does not reset the cap: it counts per account.
    let again = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    let err = h
        .client
        .challenge(&again.case_id, &h.token(&again), Channel::Sms)
        .await
        .expect_err("still capped");
    assert!(matches!(err, ClientError::RateLimited { .. }));
}

#[tokio::test]
async fn expired_code_asks_for_a_new_one() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestoreEnum, &id(OLGA_WMID), "opens")
        .await;
    h.send_code(&case, Channel::Sms, "sent").await;
    let stale = h.code_sent_to(OLGA_PHONE).await;
    h.advance(10 * 60);
    assert_eq!(
        h.client
            .verify(&case.case_id, &h.token(&case), &stale)
            .await
            .err(),
        Some(ClientError::CodeExpired)
    );
    h.send_code(&case, Channel::Sms, "new code").await;
    let fresh = h.code_sent_to(OLGA_PHONE).await;
    h.client
        .verify(&case.case_id, &h.token(&case), &fresh)
        .await
        .expect("fresh code verifies");
}

#[tokio::test]
async fn an_abandoned_case_expires_and_says_so() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    h.advance(31 * 60);
    let seen = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("still readable");
    assert_eq!(seen.state, CaseState::Expired);
    let err = h
        .client
        .challenge(&case.case_id, &h.token(&case), Channel::Sms)
        .await
        .expect_err("expired");
    assert_eq!(err, ClientError::CaseExpired);
}

#[tokio::test]
async fn steps_need_the_session_token_of_their_own_case() {
    let h = demo().await;
    let (case, _) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    let (_, other_token) = h
        .verified(TopicId::RestoreEnum, OLGA_WMID, Channel::Sms, OLGA_PHONE)
        .await;
    let step = StepRequest::SecurityAnswer {
        answer: secret("Hà Nội"),
    };
    let err = h
        .client
        .step(&case.case_id, &other_token, &step)
        .await
        .expect_err("foreign token");
    assert_eq!(err, ClientError::CaseNotFound, "as if there were no case");
    let err = h
        .client
        .step(&case.case_id, &secret("forged"), &step)
        .await
        .expect_err("forged token");
    assert_eq!(err, ClientError::CaseNotFound, "as if there were no case");
    // The case token alone only reads the case and types the first code.
    let err = h
        .client
        .step(&case.case_id, &h.token(&case), &step)
        .await
        .expect_err("case token");
    assert_eq!(err, ClientError::Unauthorized);
}

#[tokio::test]
async fn invalid_input_names_the_field() {
    let h = demo().await;
    let case = h
        .client
        .create_case(TopicId::ChangePhone, &id(AN_EMAIL))
        .await
        .expect_err("wrong kind");
    assert_eq!(case.field(), Some(Field::Identifier));

    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact {
        value: "0901234567".into(),
    };
    let err = h
        .client
        .step(&case.case_id, &token, &step)
        .await
        .expect_err("no country code");
    assert_eq!(err.field(), Some(Field::Phone));
    let step = StepRequest::NewContact {
        value: AN_PHONE.into(),
    };
    let err = h
        .client
        .step(&case.case_id, &token, &step)
        .await
        .expect_err("same number");
    assert_eq!(err.field(), Some(Field::Phone));
    let step = StepRequest::NewPassword {
        password: secret("Passw0rdX"),
    };
    let err = h
        .client
        .step(&case.case_id, &token, &step)
        .await
        .expect_err("wrong step");
    assert!(matches!(err, ClientError::WrongState(_)));
}

#[tokio::test]
async fn preset_lock_from_scenario_says_when_it_ends() {
    let h = start(Scenario::shipped("locked-after-wrong-codes").expect("shipped")).await;
    let err = h
        .client
        .create_case(TopicId::RestorePassword, &id(AN_WMID))
        .await
        .expect_err("locked");
    let ClientError::Locked { until: Some(until) } = err else {
        panic!("expected a dated lock, got {err:?}")
    };
    let minutes = (until - time::OffsetDateTime::now_utc()).whole_minutes();
    assert!(
        (20..=25).contains(&minutes),
        "lock ends in about 25 minutes, got {minutes}"
    );
    h.advance(25 * 60);
    h.open_case(TopicId::RestorePassword, &id(AN_WMID), "lock has ended")
        .await;
}

#[tokio::test]
async fn same_idempotency_key_never_sends_a_second_sms() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/cases/{}/challenge", h.mock.base_url(), case.case_id);
    let token = h.token(&case);
    let send = |key: &'static str, channel: &'static str| {
        http.post(&url)
            .bearer_auth(token.expose())
            .header("idempotency-key", key)
            .json(&serde_json::json!({ "channel": channel }))
            .send()
    };
    let first = send("key-1", "sms").await.expect("sent");
    let second = send("key-1", "sms").await.expect("sent again");
    assert_eq!(first.status(), 200);
    assert_eq!(second.status(), 200, "a replay, not a cooldown error");
    assert_eq!(first.text().await.ok(), second.text().await.ok());
    assert_eq!(h.admin.outbox().await.expect("outbox").len(), 1);

    let reused = send("key-1", "email").await.expect("answered");
    assert_eq!(
        reused.status(),
        422,
        "a key reused for another request is refused"
    );
}

#[tokio::test]
async fn a_step_code_can_be_sent_again_after_its_cooldown() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact {
        value: "+84901234567".into(),
    };
    let sent = h
        .client
        .step(&case.case_id, &token, &step)
        .await
        .expect("code to new number");
    let resend_at = sent.resend_at.expect("when it may be resent");

    let err = h
        .client
        .step(&case.case_id, &token, &step)
        .await
        .expect_err("too soon");
    assert_eq!(
        err,
        ClientError::Cooldown {
            retry_at: Some(resend_at)
        }
    );

    h.advance(61);
    h.client
        .step(&case.case_id, &token, &step)
        .await
        .expect("sent again");
    let to_new_number = h
        .admin
        .outbox()
        .await
        .expect("outbox")
        .iter()
        .filter(|m| m.to == "+84901234567" && m.withheld.is_none())
        .count();
    assert_eq!(to_new_number, 2);
    let step = StepRequest::ContactCode {
        code: h.code_sent_to("+84901234567").await.secret().clone(),
    };
    h.client
        .step(&case.case_id, &token, &step)
        .await
        .expect("the newest code works");
}

#[tokio::test]
async fn a_fault_rule_that_makes_no_sense_is_refused_with_the_reason() {
    let h = demo().await;
    let rule = keeper_recovery::mock::faults::FaultRule {
        route: None,
        kind: keeper_recovery::mock::faults::FaultKind::Status { status: 200 },
        probability: 1.0,
        count: None,
    };
    let err = h.admin.set_faults(&[rule]).await.expect_err("refused");
    assert!(
        matches!(&err, ClientError::InvalidInput { message, .. } if message.contains("400 to 599")),
        "{err:?}"
    );
}

#[tokio::test]
async fn moving_mock_time_absurdly_far_does_not_break_the_service() {
    let h = demo().await;
    h.admin
        .advance_clock(u64::MAX)
        .await
        .expect("the clock answers");
    h.admin.advance_clock(u64::MAX).await.expect("and again");
    let case = h
        .open_case(TopicId::RestoreEnum, &id(OLGA_WMID), "cases still open")
        .await;
    h.send_code(&case, Channel::Sms, "codes are still sent")
        .await;
}
