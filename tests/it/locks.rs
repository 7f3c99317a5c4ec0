//! What a lock stops and what it does not: it guards the guessing of codes,
//! not a session whose code already verified.

use std::net::{IpAddr, Ipv4Addr};

use keeper_recovery::client::ClientError;
use keeper_recovery::domain::Field;
use keeper_recovery::protocol::{CaseState, Channel, Expect, StepRequest, TopicId};
use serde_json::{Value, json};

use crate::common::*;

/// Someone at another address, with nothing but AN's WMID.
struct Stranger {
    http: reqwest::Client,
    base: String,
}

impl Stranger {
    fn at(h: &Harness) -> Self {
        Stranger {
            http: reqwest::Client::builder()
                .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
                .build()
                .expect("a client"),
            base: h.mock.base_url(),
        }
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let answer = request.send().await.expect("the mock answers");
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or_default())
    }

    /// Seven requests: a case, a code sent to the owner, five wrong codes.
    /// The fifth locks the WMID.
    async fn locks_out(&self, wmid: &str) -> (String, String) {
        let (status, opened) = self
            .post(
                "/v1/cases",
                None,
                json!({"topic": "restore-password", "identifier": wmid}),
            )
            .await;
        assert_eq!(status, 201, "{opened}");
        let case_id = opened["case"]["case_id"].as_str().expect("id").to_owned();
        let token = opened["case_token"].as_str().expect("token").to_owned();
        let path = format!("/v1/cases/{case_id}");
        let (status, body) = self
            .post(
                &format!("{path}/challenge"),
                Some(&token),
                json!({"channel": "sms"}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        for attempt in 1..=5 {
            let (status, body) = self
                .post(
                    &format!("{path}/verify"),
                    Some(&token),
                    json!({"code": "000000"}),
                )
                .await;
            let expected = if attempt == 5 { 423 } else { 422 };
            assert_eq!(status, expected, "attempt {attempt}: {body}");
        }
        (case_id, token)
    }
}

#[tokio::test]
async fn a_lock_by_a_strangers_wrong_codes_does_not_stop_the_verified_owner() {
    let h = demo().await;
    // AN verified a minute ago; the case now asks for the security answer.
    let (case, session) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    assert!(
        matches!(case.next, Expect::SecurityAnswer { .. }),
        "{case:?}"
    );
    h.advance(61);

    let stranger = Stranger::at(&h);
    let (their_case, their_token) = stranger.locks_out(AN_WMID).await;
    let locks = h.mock.shared().engine(|e| e.locks());
    assert_eq!(locks.len(), 1, "{locks:?}");

    // The owner's session takes the right answer, and does not show the lock.
    let case = h
        .step(
            &case,
            &session,
            &StepRequest::SecurityAnswer {
                answer: secret("Hà Nội"),
            },
            "the right security answer, under the stranger's lock",
        )
        .await;
    assert!(matches!(case.next, Expect::NewPassword { .. }), "{case:?}");
    assert_eq!(case.locked_until, None);
    assert_eq!(case.attempts_left, 5);
    let case = h
        .step(
            &case,
            &session,
            &StepRequest::NewPassword {
                password: secret("new-password-2026"),
            },
            "the new password",
        )
        .await;
    assert_eq!(case.state, CaseState::Completed);

    // The lock still stops code guessing and new cases, for everyone.
    let (status, body) = stranger
        .post(
            &format!("/v1/cases/{their_case}/verify"),
            Some(&their_token),
            json!({"code": "000000"}),
        )
        .await;
    assert_eq!(status, 423, "{body}");
    let (status, body) = stranger
        .post(
            "/v1/cases",
            None,
            json!({"topic": "restore-password", "identifier": AN_WMID}),
        )
        .await;
    assert_eq!(status, 423, "{body}");
    let error = h
        .client
        .create_case(TopicId::RestoreEnum, &id(AN_WMID))
        .await
        .expect_err("the owner's new case waits for the lock too");
    assert!(
        matches!(error, ClientError::Locked { until: Some(_) }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_verified_case_is_locked_by_its_own_wrong_answers_and_never_lengthens_a_lock() {
    let h = demo().await;
    let (case, session) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    h.advance(61);
    Stranger::at(&h).locks_out(AN_WMID).await;
    let until = h.mock.shared().engine(|e| e.locks())[0].until;

    // Ten minutes into the stranger's lock, the session guesses the answer.
    h.advance(10 * 60);
    let wrong = StepRequest::SecurityAnswer {
        answer: secret("Sài Gòn"),
    };
    for left in (1..5).rev() {
        let error = h
            .client
            .step(&case.case_id, &session, &wrong)
            .await
            .expect_err("a wrong answer");
        assert_eq!(
            error,
            ClientError::WrongCode {
                field: Some(Field::Answer),
                attempts_left: left
            }
        );
    }
    let error = h
        .client
        .step(&case.case_id, &session, &wrong)
        .await
        .expect_err("the fifth locks the case");
    assert!(
        matches!(error, ClientError::Locked { until: Some(_) }),
        "{error:?}"
    );
    let error = h
        .client
        .step(
            &case.case_id,
            &session,
            &StepRequest::SecurityAnswer {
                answer: secret("Hà Nội"),
            },
        )
        .await
        .expect_err("even the right answer waits for the case's own lock");
    assert!(
        matches!(error, ClientError::Locked { until: Some(_) }),
        "{error:?}"
    );

    // The WMID's lock ends when it would have: the wrong answers did not lengthen it.
    let locks = h.mock.shared().engine(|e| e.locks());
    assert_eq!(locks.len(), 1, "{locks:?}");
    assert_eq!(locks[0].until, until);
}
