//! What a finished case changed stays changed: the next case for the same
//! account, and support staff replaying the user's second attempt, see the
//! new phone, email or security question, and a detached number gets nothing.

use keeper_recovery::client::ClientError;
use keeper_recovery::diagnostics::{BundleContents, read_bundle, write_bundle};
use keeper_recovery::i18n::Language;
use keeper_recovery::mock::outbox::OutboxMessage;
use keeper_recovery::mock::scenario::{SHIPPED, Scenario};
use keeper_recovery::protocol::{
    Case, CaseState, Channel, ConfirmMethod, Expect, Outcome, StepRequest, TopicId,
};
use keeper_recovery::storage::{EndpointSetting, Settings, ThemePreference};
use serde_json::Value;

use crate::common::*;

const AN_NEW_PHONE: &str = "+84901234521";
const AN_NEW_EMAIL: &str = "an.new@sample.org";
const AN_ANSWER: &str = "Hà Nội";
const AN_QUESTION: &str = "Thành phố nơi bạn sinh ra?";
const NEW_QUESTION: &str = "Tên con vật đầu tiên?";
const NEW_ANSWER: &str = "Mèo";
/// No account in the demo has it.
const NOBODYS_PHONE: &str = "+84911222333";

/// A cooldown's worth of seconds: the next first code for the same identifier may go.
const COOLDOWN: u64 = 61;

/// An changes her number to `new`, confirmed by a code to her current one.
async fn change_phone(h: &Harness, new: &str) -> Case {
    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact { value: new.into() };
    h.step(&case, &token, &step, "the new number is taken")
        .await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(new).await.secret().clone(),
    };
    h.step(&case, &token, &step, "the new number is confirmed")
        .await;
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::OldContact,
    };
    h.step(&case, &token, &step, "a code to the current number")
        .await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_PHONE).await.secret().clone(),
    };
    let case = h
        .step(&case, &token, &step, "the change is confirmed")
        .await;
    assert_eq!(case.outcome, Some(Outcome::PhoneChanged));
    case
}

/// Whoever holds An's number detaches it; the detachment takes effect a day later.
async fn detach_ans_phone(h: &Harness) {
    let (case, token) = h
        .verified(TopicId::DeactivatePhone, AN_PHONE, Channel::Sms, AN_PHONE)
        .await;
    h.step(
        &case,
        &token,
        &StepRequest::ConfirmDetach,
        "detach requested",
    )
    .await;
    h.advance(24 * 3600);
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("the case reads");
    assert_eq!(case.outcome, Some(Outcome::PhoneDetached));
}

/// The scenario as the support endpoint shows it now.
async fn running_scenario(h: &Harness) -> Value {
    reqwest::get(format!("{}/mock/scenario", h.mock.base_url()))
        .await
        .expect("answered")
        .json()
        .await
        .expect("json")
}

fn an(scenario: &Value) -> &Value {
    scenario["accounts"]
        .as_array()
        .and_then(|accounts| accounts.iter().find(|a| a["wmid"] == AN_WMID))
        .expect("An is in the scenario")
}

/// Messages the outbox gained since `before` messages.
async fn sent_since(h: &Harness, before: usize) -> Vec<OutboxMessage> {
    let outbox = h.admin.outbox().await.expect("outbox");
    outbox[before..].to_vec()
}

async fn outbox_len(h: &Harness) -> usize {
    h.admin.outbox().await.expect("outbox").len()
}

#[tokio::test]
async fn after_a_phone_change_the_next_case_sends_its_code_to_the_new_number() {
    let h = demo().await;
    change_phone(&h, AN_NEW_PHONE).await;
    h.advance(COOLDOWN);
    let before = outbox_len(&h).await;

    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "second attempt")
        .await;
    assert_eq!(
        case.next,
        Expect::Challenge {
            channels: vec![Channel::Sms, Channel::Email],
            sent_to: vec!["+84 *** *** *21".into(), "a***@e***.com".into()]
        }
    );
    let case = h.send_code(&case, Channel::Sms, "a code by SMS").await;
    assert_eq!(
        case.next,
        Expect::Code {
            channel: Channel::Sms,
            sent_to: "+84 *** *** *21".into()
        }
    );
    let sent = sent_since(&h, before).await;
    let to: Vec<&str> = sent.iter().map(|m| m.to.as_str()).collect();
    assert_eq!(to, [AN_NEW_PHONE], "the code went to the new number only");
    assert!(sent[0].code.is_some() && sent[0].withheld.is_none());

    let verified = h
        .client
        .verify(
            &case.case_id,
            &h.token(&case),
            &h.code_sent_to(AN_NEW_PHONE).await,
        )
        .await
        .expect("the code from the new number verifies");
    assert_eq!(
        verified.case.next,
        Expect::SecurityAnswer {
            question: AN_QUESTION.into()
        }
    );
}

#[tokio::test]
async fn after_a_phone_change_the_new_number_finds_the_account_and_the_old_one_does_not() {
    let h = demo().await;
    change_phone(&h, AN_NEW_PHONE).await;
    let before = outbox_len(&h).await;
    for phone in [AN_NEW_PHONE, AN_PHONE] {
        let case = h
            .open_case(TopicId::FindAccounts, &id(phone), "lookup opens")
            .await;
        let case = h.send_code(&case, Channel::Sms, "lookup answered").await;
        assert_eq!(
            case.outcome,
            Some(Outcome::AccountsSentIfRegistered {
                channel: Channel::Sms
            })
        );
    }
    let sent = sent_since(&h, before).await;
    let to_new = sent
        .iter()
        .find(|m| m.to == AN_NEW_PHONE)
        .expect("the new number got the list");
    assert!(to_new.withheld.is_none() && to_new.text.contains(AN_WMID));
    let to_old = sent
        .iter()
        .find(|m| m.to == AN_PHONE)
        .expect("the old number is noted");
    assert_eq!(to_old.withheld_code.as_deref(), Some("no_account"));
    assert!(!to_old.text.contains(AN_WMID));
}

#[tokio::test]
async fn a_phone_change_by_security_question_takes_effect_when_its_period_ends() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact {
        value: AN_NEW_PHONE.into(),
    };
    h.step(&case, &token, &step, "new number").await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_NEW_PHONE).await.secret().clone(),
    };
    h.step(&case, &token, &step, "confirmed").await;
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::SecurityQuestion,
    };
    h.step(&case, &token, &step, "question asked").await;
    let step = StepRequest::SecurityAnswer {
        answer: secret(AN_ANSWER),
    };
    let waiting = h.step(&case, &token, &step, "answer accepted").await;
    assert_eq!(waiting.state, CaseState::Waiting);

    // While the owner may still object, codes go where they went.
    h.advance(3 * 24 * 3600 - 60);
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "during the period")
        .await;
    let case = h.send_code(&case, Channel::Sms, "code").await;
    assert!(
        matches!(&case.next, Expect::Code { sent_to, .. } if sent_to == "+84 *** *** *78"),
        "{:?}",
        case.next
    );

    // The period ends; nobody has looked at the change's case since.
    h.advance(120);
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "after the period")
        .await;
    let case = h.send_code(&case, Channel::Sms, "code").await;
    assert!(
        matches!(&case.next, Expect::Code { sent_to, .. } if sent_to == "+84 *** *** *21"),
        "{:?}",
        case.next
    );
    let outbox = h.admin.outbox().await.expect("outbox");
    let last = outbox.last().expect("the code");
    assert_eq!(last.to, AN_NEW_PHONE);
    assert!(last.code.is_some() && last.withheld.is_none());
    let changed = h
        .client
        .case(&waiting.case_id, &h.token(&waiting))
        .await
        .expect("the change's case reads");
    assert_eq!(changed.outcome, Some(Outcome::PhoneChanged));
}

#[tokio::test]
async fn after_an_email_change_the_next_case_sends_its_code_to_the_new_address() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::ChangeEmail, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact {
        value: AN_NEW_EMAIL.into(),
    };
    h.step(&case, &token, &step, "new address").await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_NEW_EMAIL).await.secret().clone(),
    };
    h.step(&case, &token, &step, "new address confirmed").await;
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::OldContact,
    };
    h.step(&case, &token, &step, "code to the old address")
        .await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_EMAIL).await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "confirmed").await;
    assert_eq!(case.outcome, Some(Outcome::EmailChanged));

    h.advance(COOLDOWN);
    let before = outbox_len(&h).await;
    let case = h
        .open_case(TopicId::RestoreKeyfile, &id(AN_WMID), "second attempt")
        .await;
    let case = h.send_code(&case, Channel::Email, "a code by email").await;
    assert_eq!(
        case.next,
        Expect::Code {
            channel: Channel::Email,
            sent_to: "a***@s***.org".into()
        }
    );
    let sent = sent_since(&h, before).await;
    let to: Vec<&str> = sent.iter().map(|m| m.to.as_str()).collect();
    assert_eq!(to, [AN_NEW_EMAIL]);
    h.client
        .verify(
            &case.case_id,
            &h.token(&case),
            &h.code_sent_to(AN_NEW_EMAIL).await,
        )
        .await
        .expect("the code from the new address verifies");
}

#[tokio::test]
async fn a_new_security_question_is_asked_and_only_its_answer_is_taken() {
    let h = demo().await;
    let (case, token) = h
        .verified(
            TopicId::ChangeSecurityQuestion,
            AN_WMID,
            Channel::Sms,
            AN_PHONE,
        )
        .await;
    let step = StepRequest::NewSecurityQuestion {
        question: NEW_QUESTION.into(),
        answer: secret(NEW_ANSWER),
    };
    let case = h.step(&case, &token, &step, "changed").await;
    assert_eq!(case.outcome, Some(Outcome::SecurityQuestionChanged));

    // The next change confirmed by the security question asks the new one.
    h.advance(COOLDOWN);
    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact {
        value: AN_NEW_PHONE.into(),
    };
    h.step(&case, &token, &step, "new number").await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_NEW_PHONE).await.secret().clone(),
    };
    h.step(&case, &token, &step, "confirmed").await;
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::SecurityQuestion,
    };
    let case = h.step(&case, &token, &step, "question asked").await;
    assert_eq!(
        case.next,
        Expect::SecurityAnswer {
            question: NEW_QUESTION.into()
        }
    );
    let old = StepRequest::SecurityAnswer {
        answer: secret(AN_ANSWER),
    };
    let refused = h
        .client
        .step(&case.case_id, &token, &old)
        .await
        .expect_err("the old answer no longer opens it");
    assert!(
        matches!(
            refused,
            ClientError::WrongCode {
                attempts_left: 4,
                ..
            }
        ),
        "{refused:?}"
    );
    let new = StepRequest::SecurityAnswer {
        answer: secret(" mèo "),
    };
    let case = h.step(&case, &token, &new, "the new answer is taken").await;
    assert_eq!(case.state, CaseState::Waiting);

    // Support staff see the account as it is now; the answer travels as typed.
    let scenario = running_scenario(&h).await;
    assert_eq!(an(&scenario)["security_question"], NEW_QUESTION);
    assert_eq!(an(&scenario)["security_answer"], NEW_ANSWER);
}

#[tokio::test]
async fn a_detached_number_finds_no_account_like_a_number_nobody_has() {
    let h = demo().await;
    detach_ans_phone(&h).await;
    let detached_at = outbox_len(&h).await;
    h.advance(COOLDOWN);

    // Looked up, the detached number and a number nobody has read alike.
    let mut answers = Vec::new();
    for phone in [AN_PHONE, NOBODYS_PHONE] {
        let case = h.open_case(TopicId::RestoreEnum, &id(phone), "opens").await;
        let case = h.send_code(&case, Channel::Sms, "'sent'").await;
        answers.push((case.state, case.next.clone(), case.attempts_left));
        let err = h
            .client
            .verify(&case.case_id, &h.token(&case), &code("123456"))
            .await
            .expect_err("nothing verifies");
        assert!(matches!(err, ClientError::WrongCode { .. }), "{err:?}");
    }
    assert_eq!(answers[0].0, answers[1].0);
    assert_eq!(answers[0].2, answers[1].2);
    let masked = |next: &Expect| match next {
        Expect::Code { channel, sent_to } => (*channel, sent_to.clone()),
        other => panic!("a code step expected, got {other:?}"),
    };
    assert_eq!(masked(&answers[0].1).1, "+84 *** *** *78");
    assert_eq!(masked(&answers[1].1).1, "+84 *** *** *33");

    h.advance(COOLDOWN);
    let before = outbox_len(&h).await;
    let case = h
        .open_case(TopicId::FindAccounts, &id(AN_PHONE), "lookup opens")
        .await;
    let case = h.send_code(&case, Channel::Sms, "lookup answered").await;
    assert_eq!(
        case.outcome,
        Some(Outcome::AccountsSentIfRegistered {
            channel: Channel::Sms
        })
    );
    let sent = sent_since(&h, before).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].withheld_code.as_deref(), Some("no_account"));
    assert!(!sent[0].text.contains(AN_WMID));
    let reached: Vec<OutboxMessage> = sent_since(&h, detached_at)
        .await
        .into_iter()
        .filter(|m| m.to == AN_PHONE && m.withheld.is_none())
        .collect();
    assert!(reached.is_empty(), "the detached number got {reached:?}");
}

#[tokio::test]
async fn a_detached_number_gets_no_code_and_the_owner_confirms_otherwise() {
    let h = demo().await;
    let before_detach = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "before")
        .await;
    detach_ans_phone(&h).await;
    h.advance(COOLDOWN);
    let before = outbox_len(&h).await;

    // The question reads as before (it never tells a number was detached)...
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "after")
        .await;
    assert_eq!(case.next, before_detach.next);
    // ...but a code by SMS reaches no one; support staff see why.
    h.send_code(&case, Channel::Sms, "'sent'").await;
    let sent = sent_since(&h, before).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].to, AN_PHONE);
    assert_eq!(sent[0].withheld_code.as_deref(), Some("phone_detached"));
    assert!(sent[0].code.is_none() && sent[0].text.is_empty());
    let err = h
        .client
        .verify(&case.case_id, &h.token(&case), &code("123456"))
        .await
        .expect_err("no code was delivered");
    assert!(matches!(err, ClientError::WrongCode { .. }), "{err:?}");

    // An changes her email: her number cannot confirm it, nor hears of it.
    h.advance(COOLDOWN);
    let (case, token) = h
        .verified(TopicId::ChangeEmail, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact {
        value: AN_NEW_EMAIL.into(),
    };
    h.step(&case, &token, &step, "new address").await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_NEW_EMAIL).await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "new address confirmed").await;
    let Expect::ConfirmOld { methods, .. } = &case.next else {
        panic!("confirm_old expected, got {:?}", case.next)
    };
    assert_eq!(
        methods,
        &[ConfirmMethod::OldContact, ConfirmMethod::SecurityQuestion]
    );
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::Sms,
    };
    let refused = h
        .client
        .step(&case.case_id, &token, &step)
        .await
        .expect_err("no SMS to a detached number");
    assert!(
        matches!(refused, ClientError::InvalidInput { .. }),
        "{refused:?}"
    );
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::OldContact,
    };
    h.step(&case, &token, &step, "code to the old address")
        .await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_EMAIL).await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "confirmed").await;
    assert_eq!(case.outcome, Some(Outcome::EmailChanged));
    let outbox = h.admin.outbox().await.expect("outbox");
    let notices: Vec<&str> = outbox
        .iter()
        .filter(|m| m.text.contains("was changed"))
        .map(|m| m.to.as_str())
        .collect();
    assert_eq!(
        notices,
        [AN_EMAIL],
        "the old address hears of it, the number not"
    );

    // Support staff see the account without its number.
    let scenario = running_scenario(&h).await;
    assert_eq!(scenario["phones_detached"], serde_json::json!([AN_WMID]));
    assert_eq!(an(&scenario)["email"], AN_NEW_EMAIL);
}

#[tokio::test]
async fn a_detached_number_attached_again_gets_codes_again() {
    let h = demo().await;
    detach_ans_phone(&h).await;
    h.advance(COOLDOWN);
    // Her old number, attached again: no old number to confirm from, so her
    // security answer confirms it and the change waits out the period.
    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let step = StepRequest::NewContact {
        value: AN_PHONE.into(),
    };
    h.step(&case, &token, &step, "the number is taken again")
        .await;
    let step = StepRequest::ContactCode {
        code: h.code_sent_to(AN_PHONE).await.secret().clone(),
    };
    let case = h.step(&case, &token, &step, "confirmed").await;
    let Expect::ConfirmOld { methods, .. } = &case.next else {
        panic!("confirm_old expected, got {:?}", case.next)
    };
    assert_eq!(methods, &[ConfirmMethod::SecurityQuestion]);
    let step = StepRequest::ConfirmOld {
        method: ConfirmMethod::SecurityQuestion,
    };
    h.step(&case, &token, &step, "question asked").await;
    let step = StepRequest::SecurityAnswer {
        answer: secret(AN_ANSWER),
    };
    h.step(&case, &token, &step, "answer accepted").await;
    h.advance(3 * 24 * 3600);

    let before = outbox_len(&h).await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "after")
        .await;
    h.send_code(&case, Channel::Sms, "a code by SMS").await;
    let sent = sent_since(&h, before).await;
    let delivered: Vec<&str> = sent
        .iter()
        .filter(|m| m.withheld.is_none() && m.code.is_some())
        .map(|m| m.to.as_str())
        .collect();
    assert_eq!(delivered, [AN_PHONE]);
    let scenario = running_scenario(&h).await;
    assert!(scenario.get("phones_detached").is_none(), "{scenario}");
}

#[tokio::test]
async fn a_restart_starts_again_from_the_scenario_as_loaded() {
    let h = demo().await;
    change_phone(&h, AN_NEW_PHONE).await;
    assert_eq!(an(&running_scenario(&h).await)["phone"], AN_NEW_PHONE);
    let loaded = h
        .mock
        .shared()
        .engine(|e| e.loaded_scenario().accounts[0].phone.to_string());
    assert_eq!(loaded, AN_PHONE, "the scenario as loaded is kept as it was");

    let demo_text = SHIPPED
        .iter()
        .find(|(name, _)| *name == "demo")
        .map(|(_, text)| *text)
        .expect("the demo ships");
    let reloaded = reqwest::Client::new()
        .put(format!("{}/mock/scenario", h.mock.base_url()))
        .body(demo_text)
        .send()
        .await
        .expect("answered");
    assert!(reloaded.status().is_success());
    assert_eq!(an(&running_scenario(&h).await)["phone"], AN_PHONE);

    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "after the restart")
        .await;
    let case = h.send_code(&case, Channel::Sms, "a code by SMS").await;
    assert!(
        matches!(&case.next, Expect::Code { sent_to, .. } if sent_to == "+84 *** *** *78"),
        "{:?}",
        case.next
    );
}

/// Support staff replay the user's bundle: the second attempt meets the
/// account as the first left it.
#[tokio::test]
async fn a_bundle_replays_the_account_as_the_users_cases_left_it() {
    let h = demo().await;
    change_phone(&h, AN_NEW_PHONE).await;
    let settings = Settings {
        endpoint: EndpointSetting::BuiltInMock,
        language: Some(Language::En),
        theme: ThemePreference::Light,
        support_mode: false,
    };
    let contents = BundleContents::from_mock(h.mock.shared(), settings);
    let out = tempfile::tempdir().expect("a temporary folder");
    let path = out.path().join("bundle.zip");
    write_bundle(&path, &contents, &out.path().join("no-logs")).expect("written");
    let scenario: Scenario = read_bundle(&path)
        .expect("the bundle opens")
        .scenario
        .expect("with the scenario");
    assert_eq!(scenario.accounts[0].phone.to_string(), AN_NEW_PHONE);

    let replay = start(scenario).await;
    let case = replay
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "the second attempt")
        .await;
    let case = replay.send_code(&case, Channel::Sms, "a code by SMS").await;
    assert!(
        matches!(&case.next, Expect::Code { sent_to, .. } if sent_to == "+84 *** *** *21"),
        "{:?}",
        case.next
    );
    replay.code_sent_to(AN_NEW_PHONE).await;
}
