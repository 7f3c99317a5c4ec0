//! What an attacker on the network path or with a leaked case id tries, and
//! what the service and the client must not give away.

use keeper_recovery::protocol::{CaseState, Channel, TopicId};
use serde_json::json;

use crate::common::*;

/// A request on a case, made by hand the way an attacker would.
async fn raw(
    h: &Harness,
    method: reqwest::Method,
    case_id: &str,
    tail: &str,
    body: Option<serde_json::Value>,
    bearer: Option<&str>,
) -> (u16, String) {
    let url = format!("{}/v1/cases/{case_id}{tail}", h.mock.base_url());
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let answer = request.send().await.expect("the mock answers");
    let status = answer.status().as_u16();
    (status, answer.text().await.unwrap_or_default())
}

#[tokio::test]
async fn a_case_id_alone_reads_nothing() {
    let h = demo().await;
    // The owner's case, waiting for a code; another case whose token the attacker holds.
    let victim = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    h.send_code(&victim, Channel::Sms, "sent").await;
    let own = h
        .open_case(TopicId::RestoreEnum, &id(OLGA_WMID), "opens")
        .await;
    let own_token = h.token(&own);
    let sent_before = h.admin.outbox().await.expect("outbox").len();

    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;
    let delete = reqwest::Method::DELETE;
    let attempts = [
        (get.clone(), "", None),
        (delete, "", None),
        (post.clone(), "/challenge", Some(json!({"channel": "sms"}))),
        (post.clone(), "/verify", Some(json!({"code": "000000"}))),
        (
            post,
            "/steps",
            Some(json!({"step": "security_answer", "answer": "x"})),
        ),
        (get, "/keyfile", None),
    ];
    for (method, tail, body) in attempts {
        let (_, unknown) = raw(
            &h,
            method.clone(),
            "c_doesnotexist",
            tail,
            body.clone(),
            None,
        )
        .await;
        for bearer in [None, Some("forged"), Some(own_token.expose())] {
            for _ in 0..2 {
                let (status, answer) = raw(
                    &h,
                    method.clone(),
                    &victim.case_id,
                    tail,
                    body.clone(),
                    bearer,
                )
                .await;
                assert_eq!(status, 404, "{method} {tail} with {bearer:?}: {answer}");
                assert_eq!(
                    answer, unknown,
                    "{method} {tail}: the answer tells the case exists"
                );
            }
        }
    }

    // Nothing was sent to the owner, no attempt was used up, and the case goes on.
    assert_eq!(h.admin.outbox().await.expect("outbox").len(), sent_before);
    let case = h
        .client
        .case(&victim.case_id, &h.token(&victim))
        .await
        .expect("the owner still reads it");
    assert_eq!(case.state, CaseState::AwaitingCode);
    assert_eq!(case.attempts_left, 5);
}
