//! Each injected fault, and how the client copes with it.

use std::time::Duration;

use keeper_recovery::client::{ClientError, ClientOptions, RecoveryClient};
use keeper_recovery::mock::faults::{FaultKind, FaultRule, RouteId};
use keeper_recovery::protocol::{Channel, TopicId};

use crate::common::*;

fn rule(route: RouteId, kind: FaultKind, count: Option<u32>) -> FaultRule {
    FaultRule {
        route: Some(route),
        kind,
        probability: 1.0,
        count,
    }
}

#[tokio::test]
async fn a_passing_503_is_retried_and_the_user_never_sees_it() {
    let h = demo().await;
    h.inject(&[rule(
        RouteId::CreateCase,
        FaultKind::Status { status: 503 },
        Some(2),
    )])
    .await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "third try works")
        .await;
    let cases = h.admin.cases().await.expect("cases");
    assert_eq!(
        cases.as_array().map(Vec::len),
        Some(1),
        "exactly one case was opened: {}",
        case.reference
    );
}

#[tokio::test]
async fn a_lasting_503_is_reported_as_busy_with_when_to_retry() {
    let h = demo().await;
    h.inject(&[rule(
        RouteId::ListTopics,
        FaultKind::Status { status: 503 },
        None,
    )])
    .await;
    let err = h.client.topics().await.expect_err("keeps failing");
    assert!(
        matches!(
            err,
            ClientError::Unavailable {
                retry_after: Some(_),
                ..
            }
        ),
        "got {err:?}"
    );
}

#[tokio::test]
async fn a_dropped_answer_is_retried_without_a_second_sms() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    h.inject(&[rule(RouteId::Challenge, FaultKind::DropResponse, Some(1))])
        .await;
    h.send_code(&case, Channel::Sms, "the retry gets the stored answer")
        .await;
    assert_eq!(
        h.admin.outbox().await.expect("outbox").len(),
        1,
        "the SMS was sent once"
    );
    let exchanges = h.admin.exchanges().await.expect("exchanges");
    let challenge: Vec<_> = exchanges
        .iter()
        .filter(|e| e.route == Some(RouteId::Challenge))
        .collect();
    assert_eq!(challenge.len(), 2);
    assert_eq!(challenge[0].fault.as_deref(), Some("drop_response"));
    assert!(challenge[1].replayed);
}

#[tokio::test]
async fn a_lasting_dropped_connection_is_reported_as_lost() {
    let h = demo().await;
    h.inject(&[rule(RouteId::ListTopics, FaultKind::Drop, None)])
        .await;
    assert_eq!(
        h.client.topics().await.err(),
        Some(ClientError::ConnectionLost)
    );
}

#[tokio::test]
async fn a_malformed_body_is_a_protocol_error_not_a_crash() {
    let h = demo().await;
    h.inject(&[rule(RouteId::ListTopics, FaultKind::Malformed, None)])
        .await;
    assert!(matches!(
        h.client.topics().await,
        Err(ClientError::Protocol(_))
    ));
}

#[tokio::test]
async fn a_truncated_body_is_retried_then_reported() {
    let h = demo().await;
    h.inject(&[rule(RouteId::ListTopics, FaultKind::Truncated, Some(1))])
        .await;
    assert_eq!(
        h.client.topics().await.expect("second try is whole").len(),
        9
    );
    h.inject(&[rule(RouteId::ListTopics, FaultKind::Truncated, None)])
        .await;
    assert_eq!(
        h.client.topics().await.err(),
        Some(ClientError::ConnectionLost)
    );
}

#[tokio::test]
async fn a_truncated_answer_sends_its_headers_and_part_of_its_body() {
    let h = demo().await;
    h.inject(&[rule(RouteId::ListTopics, FaultKind::Truncated, None)])
        .await;
    let mut answer = reqwest::get(format!("{}/v1/topics", h.mock.base_url()))
        .await
        .expect("the headers arrive");
    assert_eq!(answer.status(), 200);
    let promised = answer.content_length().expect("a promised length");
    let mut received = 0;
    let ended = loop {
        match answer.chunk().await {
            Ok(Some(chunk)) => received += chunk.len() as u64,
            Ok(None) => break Ok(()),
            Err(error) => break Err(error),
        }
    };
    assert!(ended.is_err(), "the body is cut, not ended");
    assert!(
        received > 0 && received < promised,
        "{received} of {promised} bytes"
    );
    let exchanges = h.admin.exchanges().await.expect("exchanges");
    assert_eq!(
        exchanges.last().and_then(|e| e.fault.as_deref()),
        Some("truncated")
    );
}

#[tokio::test]
async fn an_injected_latency_is_recorded_as_a_fault() {
    let h = demo().await;
    h.inject(&[rule(
        RouteId::ListTopics,
        FaultKind::Latency { ms: 20 },
        None,
    )])
    .await;
    h.client.topics().await.expect("slow but whole");
    let exchanges = h.admin.exchanges().await.expect("exchanges");
    assert_eq!(
        exchanges.last().and_then(|e| e.fault.as_deref()),
        Some("latency")
    );
}

#[tokio::test]
async fn a_slow_body_hits_the_timeout() {
    let options = ClientOptions {
        request_timeout: Duration::from_millis(300),
        retries: 0,
        ..fast_options()
    };
    let h = start_with(keeper_recovery::mock::scenario::Scenario::demo(), options).await;
    h.inject(&[rule(
        RouteId::ListTopics,
        FaultKind::SlowBody {
            chunk_delay_ms: 100,
        },
        None,
    )])
    .await;
    assert_eq!(h.client.topics().await.err(), Some(ClientError::Timeout));
}

#[tokio::test]
async fn latency_slows_but_does_not_fail() {
    let h = demo().await;
    h.inject(&[rule(
        RouteId::ListTopics,
        FaultKind::Latency { ms: 150 },
        None,
    )])
    .await;
    let started = std::time::Instant::now();
    assert_eq!(h.client.topics().await.expect("answers").len(), 9);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn an_endpoint_nobody_listens_on_is_offline() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let client =
        RecoveryClient::new(&format!("http://127.0.0.1:{port}"), fast_options()).expect("valid");
    assert_eq!(client.topics().await.err(), Some(ClientError::Offline));
}

#[tokio::test]
async fn scenario_faults_are_deterministic_under_the_seed() {
    let scenario =
        keeper_recovery::mock::scenario::Scenario::shipped("service-overloaded").expect("shipped");
    let mut runs = Vec::new();
    for _ in 0..2 {
        let mut quick = scenario.clone();
        for fault in &mut quick.faults {
            if let FaultKind::Latency { ms } = &mut fault.kind {
                *ms = 1;
            }
        }
        let options = ClientOptions {
            retries: 0,
            ..fast_options()
        };
        let h = start_with(quick, options).await;
        let mut outcomes = Vec::new();
        for _ in 0..12 {
            outcomes.push(
                h.client
                    .create_case(TopicId::FindAccounts, &id(AN_EMAIL))
                    .await
                    .is_ok(),
            );
        }
        runs.push(outcomes);
    }
    assert_eq!(runs[0], runs[1]);
    assert!(
        runs[0].contains(&false) && runs[0].contains(&true),
        "some fail, some pass: {:?}",
        runs[0]
    );
}
