//! No account enumeration: an unknown identifier looks exactly like a known one.

use keeper_recovery::client::ClientError;
use keeper_recovery::protocol::{Case, Channel, Outcome, TopicId};
use serde_json::Value;

use crate::common::*;

/// The shape of a JSON value: its keys and the types of their values, recursively.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(shape).collect()),
        Value::String(_) => Value::String("string".into()),
        Value::Number(_) => Value::String("number".into()),
        Value::Bool(_) => Value::String("bool".into()),
        Value::Null => Value::Null,
    }
}

fn comparable(case: &Case) -> Value {
    let mut value = serde_json::to_value(case).expect("serializes");
    for volatile in ["case_id", "reference", "expires_at", "resend_at"] {
        value[volatile] = shape(&value[volatile]);
    }
    value
}

async fn raw_create(h: &Harness, identifier: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/v1/cases", h.mock.base_url()))
        .json(&serde_json::json!({ "topic": "restore-password", "identifier": identifier }))
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

#[tokio::test]
async fn unknown_wmid_gets_the_same_answers_as_a_known_one() {
    let h = demo().await;
    let (known_status, known) = raw_create(&h, AN_WMID).await;
    let (unknown_status, unknown) = raw_create(&h, "999999999999").await;
    assert_eq!(known_status, unknown_status);
    assert_eq!(shape(&known), shape(&unknown));

    // Through the code request too: same state, same fields, a masked contact either way.
    let known = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "known")
        .await;
    let unknown = h
        .open_case(TopicId::RestorePassword, &id("999999999999"), "unknown")
        .await;
    assert_eq!(comparable(&known), comparable(&unknown));
    let known = h.send_code(&known, Channel::Sms, "known sent").await;
    let unknown = h.send_code(&unknown, Channel::Sms, "unknown 'sent'").await;
    assert_eq!(
        shape(&serde_json::to_value(&known).expect("json")),
        shape(&serde_json::to_value(&unknown).expect("json"))
    );
    assert_eq!(known.state, unknown.state);
    let keeper_recovery::protocol::Expect::Code { sent_to, .. } = &unknown.next else {
        panic!("code expected")
    };
    assert!(
        sent_to.contains("***"),
        "a plausible masked number: {sent_to}"
    );

    // The same unknown identifier always shows the same masked contact.
    let again = h
        .open_case(TopicId::RestorePassword, &id("999999999999"), "again")
        .await;
    h.advance(61);
    let again = h.send_code(&again, Channel::Sms, "again sent").await;
    assert_eq!(again.next, unknown.next);

    // A wrong code reads the same; nothing was delivered for the unknown one.
    let err = h
        .client
        .verify(&unknown.case_id, &h.token(&unknown), &code("123456"))
        .await
        .expect_err("never verifies");
    assert!(matches!(
        err,
        ClientError::WrongCode {
            attempts_left: 4,
            ..
        }
    ));
    let outbox = h.admin.outbox().await.expect("outbox");
    let delivered = outbox.iter().filter(|m| m.withheld.is_none()).count();
    assert_eq!(delivered, 1, "only the real account got an SMS");
    // Support staff still see why the unknown WMID's two sends got nothing.
    let withheld: Vec<_> = outbox.iter().filter_map(|m| m.withheld.clone()).collect();
    assert_eq!(withheld.len(), 2, "{withheld:?}");
    assert!(
        withheld.iter().all(|w| w.contains("no account")),
        "{withheld:?}"
    );
}

#[tokio::test]
async fn find_accounts_answers_sent_if_registered_either_way() {
    let h = demo().await;
    for email in [AN_EMAIL, "nobody@example.com"] {
        let case = h
            .open_case(TopicId::FindAccounts, &id(email), "opens")
            .await;
        let case = h.send_code(&case, Channel::Email, "answered").await;
        assert_eq!(
            case.outcome,
            Some(Outcome::AccountsSentIfRegistered {
                channel: Channel::Email
            })
        );
    }
    let outbox = h.admin.outbox().await.expect("outbox");
    let delivered: Vec<&str> = outbox
        .iter()
        .filter(|m| m.withheld.is_none())
        .map(|m| m.to.as_str())
        .collect();
    assert_eq!(delivered, [AN_EMAIL]);
    // Support staff see that the other address got nothing, and why.
    let withheld = outbox
        .iter()
        .find(|m| m.withheld.is_some())
        .expect("a note");
    assert_eq!(withheld.to, "nobody@example.com");
    assert!(
        withheld
            .withheld
            .as_deref()
            .is_some_and(|w| w.contains("no account"))
    );
}

#[tokio::test]
async fn unknown_identifiers_lock_like_known_ones() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id("999999999999"), "opens")
        .await;
    h.send_code(&case, Channel::Sms, "'sent'").await;
    for _ in 0..4 {
        h.client
            .verify(&case.case_id, &h.token(&case), &code("111111"))
            .await
            .expect_err("wrong");
    }
    let err = h
        .client
        .verify(&case.case_id, &h.token(&case), &code("111111"))
        .await
        .expect_err("locked");
    assert!(matches!(err, ClientError::Locked { until: Some(_) }));
}
