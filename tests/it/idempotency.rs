//! The Idempotency-Key store over real HTTP: what it keeps, how far it grows,
//! when it lets go, and that one client's key never answers another client.
//! Other clients are other loopback addresses (127.0.0.2, ...), as the mock
//! sees them.

use std::net::IpAddr;

use futures_util::future::join_all;
use keeper_recovery::mock::idempotency::IdempotencyLimits;
use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::mock::{MockOptions, MockServer};
use serde_json::{Value, json};

async fn mock(scenario: Scenario, idempotency: IdempotencyLimits) -> MockServer {
    let options = MockOptions {
        idempotency,
        ..MockOptions::default()
    };
    MockServer::start(scenario, options)
        .await
        .expect("mock starts on loopback")
}

/// The demo scenario without the rate limit on new cases: every creation succeeds.
fn unlimited() -> Scenario {
    let mut scenario = Scenario::demo();
    scenario.settings.cases_per_minute = u32::MAX;
    scenario
}

/// A client whose requests come from this loopback address.
fn client_at(address: &str) -> reqwest::Client {
    let address: IpAddr = address.parse().expect("an address");
    reqwest::Client::builder()
        .local_address(address)
        .build()
        .expect("client")
}

struct Answer {
    status: u16,
    retry_after: Option<u64>,
    content_type: String,
    body: Value,
}

/// `POST /v1/cases` for this WMID, with this Idempotency-Key.
async fn create(http: &reqwest::Client, mock: &MockServer, key: &str, wmid: &str) -> Answer {
    let answer = http
        .post(format!("{}/v1/cases", mock.base_url()))
        .header("idempotency-key", key)
        .json(&json!({"topic": "restore-password", "identifier": wmid}))
        .send()
        .await
        .expect("answered");
    let status = answer.status().as_u16();
    let header = |name: &str| {
        answer
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let retry_after = header("retry-after").and_then(|v| v.parse().ok());
    let content_type = header("content-type").unwrap_or_default();
    let body = answer.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        retry_after,
        content_type,
        body,
    }
}

/// The `n`th request of a flood: a new key and a new WMID.
async fn flood_request(http: &reqwest::Client, mock: &MockServer, n: usize) -> Answer {
    create(http, mock, &format!("flood-{n}"), &wmid(n)).await
}

fn wmid(n: usize) -> String {
    format!("9{n:011}")
}

fn cases(mock: &MockServer) -> usize {
    mock.shared().engine(|e| e.inspect_all().len())
}

#[tokio::test]
async fn refusals_are_not_kept_and_a_flood_of_new_keys_from_one_client_stays_bounded() {
    // The demo's rate limit: 30 new cases at once from one client, then 429.
    let mock = mock(Scenario::demo(), IdempotencyLimits::default()).await;
    let per_minute = mock
        .shared()
        .engine(|e| e.scenario().settings.cases_per_minute) as usize;
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for batch in (0..400).collect::<Vec<_>>().chunks(64) {
        let requests = batch.iter().map(|n| flood_request(&http, &mock, *n));
        statuses.extend(join_all(requests).await.into_iter().map(|a| a.status));
    }
    // The allowance also refills with time: a slow run may open one or two more.
    let opened = statuses.iter().filter(|s| **s == 201).count();
    assert!((per_minute..per_minute + 5).contains(&opened), "{opened}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 400 - opened);
    // Only the cases opened are kept: a 429 has nothing to replay.
    assert_eq!(mock.shared().idempotency_entries(), opened);

    // Requests refused for their body, or for their key, leave nothing either.
    for n in 0..200 {
        let bad = http
            .post(format!("{}/v1/cases", mock.base_url()))
            .header("idempotency-key", format!("bad-{n}"))
            .header("content-type", "application/json")
            .body("{\"topic\": ")
            .send()
            .await
            .expect("answered");
        assert_eq!(bad.status(), 400);
    }
    let answered = statuses
        .iter()
        .position(|s| *s == 201)
        .expect("a case opened");
    let reused = create(&http, &mock, &format!("flood-{answered}"), &wmid(999)).await;
    assert_eq!(reused.status, 422, "{}", reused.body);
    assert_eq!(reused.body["code"], "idempotency_mismatch");
    assert_eq!(mock.shared().idempotency_entries(), opened);

    // A refusal's key runs again when retried: a minute later it opens the case.
    let refused = statuses.iter().position(|s| *s == 429).expect("a refusal");
    mock.shared()
        .advance_clock(std::time::Duration::from_secs(60));
    let retried = create(&http, &mock, &format!("flood-{refused}"), &wmid(refused)).await;
    assert_eq!(retried.status, 201, "{}", retried.body);
}

#[tokio::test]
async fn a_full_store_refuses_new_keys_with_503_and_still_replays_old_ones() {
    let limits = IdempotencyLimits {
        capacity: 25,
        per_client: 10,
    };
    let mock = mock(unlimited(), limits).await;
    let one = client_at("127.0.0.1");
    let mut first = Vec::new();
    for n in 0..10 {
        let answer = create(&one, &mock, &format!("one-{n}"), &wmid(n)).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        first.push(answer.body);
    }
    assert_eq!(mock.shared().idempotency_entries(), 10);

    // The client's share is full: a new key is refused before it is run.
    let opened = cases(&mock);
    let full = create(&one, &mock, "one-new", &wmid(100)).await;
    assert_eq!(full.status, 503, "{}", full.body);
    assert_eq!(full.content_type, "application/problem+json");
    assert_eq!(full.body["code"], "unavailable");
    let retry_after = full.retry_after.expect("Retry-After");
    assert!(
        (24 * 3600 - 60..=24 * 3600).contains(&retry_after),
        "{retry_after}"
    );
    assert!(full.body["retry_at"].is_string(), "{}", full.body);
    assert_eq!(cases(&mock), opened, "no case was opened");
    assert_eq!(mock.shared().idempotency_entries(), 10);

    // Its keys already answered still replay, the same answer byte for byte.
    let again = create(&one, &mock, "one-3", &wmid(3)).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first[3]);
    assert_eq!(cases(&mock), opened, "the replay opened nothing");

    // Other clients have shares of their own, until the store as a whole is full.
    let two = client_at("127.0.0.2");
    let three = client_at("127.0.0.3");
    for n in 0..10 {
        let answer = create(&two, &mock, &format!("two-{n}"), &wmid(200 + n)).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
    }
    for n in 0..5 {
        let answer = create(&three, &mock, &format!("three-{n}"), &wmid(300 + n)).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
    }
    assert_eq!(mock.shared().idempotency_entries(), 25);
    let four = client_at("127.0.0.4");
    let full = create(&four, &mock, "four-0", &wmid(400)).await;
    assert_eq!(full.status, 503, "{}", full.body);
    assert!(full.retry_after.is_some());
    // A request without a key is not held back by the store.
    let unkeyed = four
        .post(format!("{}/v1/cases", mock.base_url()))
        .json(&json!({"topic": "restore-password", "identifier": wmid(401)}))
        .send()
        .await
        .expect("answered");
    assert_eq!(unkeyed.status(), 201);

    // A day of mock time later (moved by support, as with curl), every answer
    // has gone and new keys are taken again.
    let moved = reqwest::Client::new()
        .post(format!("{}/mock/clock", mock.base_url()))
        .json(&json!({"seconds": 25 * 3600}))
        .send()
        .await
        .expect("answered");
    assert_eq!(moved.status(), 200);
    assert_eq!(mock.shared().idempotency_entries(), 0);
    let fresh = create(&one, &mock, "one-new", &wmid(100)).await;
    assert_eq!(fresh.status, 201, "{}", fresh.body);
    assert_eq!(mock.shared().idempotency_entries(), 1);
}

#[tokio::test]
async fn a_flood_of_new_keys_with_the_default_limits_stays_within_the_clients_share() {
    let mock = mock(unlimited(), IdempotencyLimits::default()).await;
    let share = IdempotencyLimits::default().per_client;
    let http = reqwest::Client::new();
    let mut created = 0;
    let mut refused = 0;
    let total = share + 300;
    for batch in (0..total).collect::<Vec<_>>().chunks(64) {
        let requests = batch.iter().map(|n| flood_request(&http, &mock, *n));
        for answer in join_all(requests).await {
            match answer.status {
                201 => created += 1,
                503 => refused += 1,
                other => panic!("answered {other}: {}", answer.body),
            }
        }
    }
    assert_eq!(created, share);
    assert_eq!(refused, 300);
    assert_eq!(mock.shared().idempotency_entries(), share);
    mock.shared()
        .advance_clock(std::time::Duration::from_secs(25 * 3600));
    assert_eq!(mock.shared().idempotency_entries(), 0);
}

#[tokio::test]
async fn the_same_key_and_body_from_another_address_is_not_a_replay() {
    let mock = mock(Scenario::demo(), IdempotencyLimits::default()).await;
    let owner = client_at("127.0.0.1");
    let other = client_at("127.0.0.2");
    let first = create(&owner, &mock, "shared-key", crate::common::AN_WMID).await;
    assert_eq!(first.status, 201, "{}", first.body);

    // The same key and the same body from another address: a request of its own.
    let second = create(&other, &mock, "shared-key", crate::common::AN_WMID).await;
    assert_eq!(second.status, 201, "{}", second.body);
    assert_ne!(second.body["case_token"], first.body["case_token"]);
    assert_ne!(
        second.body["case"]["case_id"],
        first.body["case"]["case_id"]
    );
    assert_eq!(cases(&mock), 2);

    // Each caller's retry gets its own answer again.
    let owner_again = create(&owner, &mock, "shared-key", crate::common::AN_WMID).await;
    assert_eq!(owner_again.body, first.body);
    let other_again = create(&other, &mock, "shared-key", crate::common::AN_WMID).await;
    assert_eq!(other_again.body, second.body);
    assert_eq!(cases(&mock), 2);

    let log = mock.shared().exchanges_snapshot();
    let replayed: Vec<bool> = log
        .iter()
        .filter(|e| e.path == "/v1/cases")
        .map(|e| e.replayed)
        .collect();
    assert_eq!(replayed, [false, false, true, true]);
}

#[tokio::test]
async fn a_wrong_code_retried_with_its_key_is_counted_once() {
    use crate::common::*;
    use keeper_recovery::protocol::{Channel, TopicId};

    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    let token = h.token(&case);
    h.client
        .challenge(&case.case_id, &token, Channel::Sms)
        .await
        .expect("sent");
    let right = h.code_sent_to(AN_PHONE).await;
    let wrong = if right.secret().expose() == "000000" {
        "111111"
    } else {
        "000000"
    };
    let verify = |key: &'static str| {
        reqwest::Client::new()
            .post(format!(
                "{}/v1/cases/{}/verify",
                h.mock.base_url(),
                case.case_id
            ))
            .bearer_auth(token.expose())
            .header("idempotency-key", key)
            .json(&json!({"code": wrong}))
            .send()
    };
    let first = verify("wrong-1").await.expect("answered");
    assert_eq!(first.status(), 422);
    let first: Value = first.json().await.expect("problem");
    assert_eq!(first["code"], "wrong_code");
    // The answer was lost on the way, say: the retry gets it again, and the
    // wrong code is not counted a second time.
    let retry: Value = verify("wrong-1")
        .await
        .expect("answered")
        .json()
        .await
        .expect("problem");
    assert_eq!(retry, first);
    let failed = || {
        h.mock
            .shared()
            .engine(|e| e.inspect(&case.case_id).map(|c| c.failed_attempts))
            .expect("the case")
    };
    assert_eq!(failed(), 1);
    // Typing it again is another attempt, under a key of its own.
    let again: Value = verify("wrong-2")
        .await
        .expect("answered")
        .json()
        .await
        .expect("problem");
    assert_eq!(
        again["attempts_left"].as_u64(),
        first["attempts_left"].as_u64().map(|n| n - 1)
    );
    assert_eq!(failed(), 2);
}
