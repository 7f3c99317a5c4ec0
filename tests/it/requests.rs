//! Requests as they reach the mock, before and around its handlers: the
//! objection route's body limit and record, members the spec does not allow,
//! headers hyper refuses, and connections that never send a request.

use std::time::{Duration, Instant};

use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::mock::{HEADER_READ_TIMEOUT, MockOptions, MockServer};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::*;

/// Sends `request` as bytes and reads the answer until the mock closes the
/// connection (the requests here say `Connection: close`, or are refused).
async fn raw_exchange(mock: &MockServer, request: &[u8]) -> (String, Vec<u8>) {
    let mut tcp = TcpStream::connect(mock.addr()).await.expect("connects");
    tcp.write_all(request).await.expect("sent");
    read_answer(&mut tcp).await
}

async fn read_answer(tcp: &mut TcpStream) -> (String, Vec<u8>) {
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buf = [0u8; 8192];
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the mock did not close the connection");
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&answer)));
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    (head, answer[split + 4..].to_vec())
}

fn problem(head: &str, body: &[u8]) -> Value {
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/problem+json"),
        "{head}"
    );
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {head}\n{}", String::from_utf8_lossy(body)))
}

#[tokio::test]
async fn an_objection_gets_the_json_limit_before_its_body_is_read() {
    let mock = demo_mock().await;
    // A declared 100 MB body: refused from the head alone.
    let (head, body) = raw_exchange(
        &mock,
        b"POST /v1/objections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert_eq!(problem(&head, &body)["code"], "payload_too_large");

    // 100 MB sent without a length: refused once 64 KB have come, the rest unread.
    let mut tcp = TcpStream::connect(mock.addr()).await.expect("connects");
    tcp.write_all(
        b"POST /v1/objections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    )
    .await
    .expect("head sent");
    let (mut reader, mut writer) = tcp.into_split();
    let sender = tokio::spawn(async move {
        let chunk = format!("{:x}\r\n{}\r\n", 1 << 16, " ".repeat(1 << 16));
        let mut sent = 0usize;
        for _ in 0..1600 {
            if writer.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
            sent += 1 << 16;
        }
        sent
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(!answer.contains("Failed to buffer"), "{answer}");
    drop(reader);
    let sent = sender.await.expect("sender");
    assert!(sent < 100 * 1024 * 1024, "the whole body was taken");

    // Both refusals are in the exchange log, as objections.
    let log = mock.shared().exchanges_snapshot();
    let refused: Vec<_> = log
        .iter()
        .filter(|e| e.path == "/v1/objections")
        .map(|e| (e.route.map(|r| r.as_str()), e.status))
        .collect();
    assert_eq!(
        refused,
        [
            (Some("object_to_change"), 413),
            (Some("object_to_change"), 413)
        ]
    );
}

#[tokio::test]
async fn an_objection_is_recorded_with_its_stop_code_redacted() {
    let mock = demo_mock().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/objections", mock.base_url());
    let answer = http
        .post(&url)
        .json(&json!({"stop_code": "guessed-stop-code"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), 404);

    let log = http
        .get(format!("{}/mock/exchanges", mock.base_url()))
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("read");
    assert!(!log.contains("guessed-stop-code"), "{log}");
    let log: Vec<Value> = serde_json::from_str(&log).expect("JSON");
    let objection = log
        .iter()
        .find(|e| e["path"] == "/v1/objections")
        .expect("the objection is recorded");
    assert_eq!(objection["route"], "object_to_change");
    assert_eq!(objection["status"], 404);
    assert_eq!(objection["request"]["stop_code"], "[redacted]");
    assert_eq!(objection["response"]["code"], "case_not_found");
}

#[tokio::test]
async fn an_objection_with_a_member_the_spec_does_not_allow_is_refused() {
    let mock = demo_mock().await;
    for body in [
        json!({"stop_code": "guessed", "case_id": "c_1"}),
        json!({"stop_code": "guessed", "stop_code_2": "x"}),
    ] {
        let answer = reqwest::Client::new()
            .post(format!("{}/v1/objections", mock.base_url()))
            .json(&body)
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status(), 400, "{body}");
        let problem: Value = answer.json().await.expect("problem+json");
        assert_eq!(problem["code"], "invalid_request", "{problem}");
    }
}

#[tokio::test]
async fn a_control_character_in_a_header_gets_a_problem_json_400() {
    let mock = demo_mock().await;
    let body = br#"{"topic": "restore-password", "identifier": "405002833238"}"#;
    // hyper refuses these itself, before axum sees the request; the mock's own
    // check refuses the visible non-ASCII ones. Either way: problem+json.
    for character in [&b"\x00"[..], b"\x7f", b"\x01", b"\x1b", b"\xff"] {
        let mut request = b"POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nIdempotency-Key: key".to_vec();
        request.extend_from_slice(character);
        request
            .extend_from_slice(format!("key\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes());
        request.extend_from_slice(body);
        let (head, answer) = raw_exchange(&mock, &request).await;
        assert!(head.starts_with("HTTP/1.1 400 "), "{character:?}: {head}");
        let problem = problem(&head, &answer);
        assert_eq!(
            problem["code"], "invalid_request",
            "{character:?}: {problem}"
        );
        assert_eq!(problem["status"], 400);
    }
    assert!(
        mock.shared().engine(|e| e.inspect_all()).is_empty(),
        "no case was opened"
    );
    // A head too large (more headers than hyper takes) is a problem too.
    let mut many = String::from("GET /v1/topics HTTP/1.1\r\nHost: x\r\n");
    for n in 0..200 {
        many.push_str(&format!("X-Filler-{n}: a\r\n"));
    }
    many.push_str("\r\n");
    let (head, answer) = raw_exchange(&mock, many.as_bytes()).await;
    assert!(head.starts_with("HTTP/1.1 431 "), "{head}");
    assert_eq!(problem(&head, &answer)["code"], "payload_too_large");
}

async fn mock_with_header_timeout(timeout: Duration) -> MockServer {
    let options = MockOptions {
        header_read_timeout: timeout,
        ..MockOptions::default()
    };
    MockServer::start(Scenario::demo(), options)
        .await
        .expect("mock starts")
}

/// How long the mock keeps this connection open, up to `limit`.
async fn open_for(tcp: &mut TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    let _ = tokio::time::timeout(limit, async {
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    started.elapsed()
}

#[tokio::test]
async fn a_connection_that_sends_no_request_is_closed() {
    assert!(
        (Duration::from_secs(10)..=Duration::from_secs(30)).contains(&HEADER_READ_TIMEOUT),
        "{HEADER_READ_TIMEOUT:?}"
    );
    let timeout = Duration::from_millis(300);
    let mock = mock_with_header_timeout(timeout).await;
    let limit = Duration::from_secs(5);

    // Nothing sent at all.
    let mut idle = TcpStream::connect(mock.addr()).await.expect("connects");
    let open = open_for(&mut idle, limit).await;
    assert!(open >= timeout && open < limit, "open for {open:?}");

    // Half a head, then nothing (slowloris).
    let mut slow = TcpStream::connect(mock.addr()).await.expect("connects");
    slow.write_all(b"GET /v1/topics HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("sent");
    let open = open_for(&mut slow, limit).await;
    assert!(open < limit, "open for {open:?}");

    // A kept-alive connection, idle after its answer.
    let mut kept = TcpStream::connect(mock.addr()).await.expect("connects");
    kept.write_all(b"GET /v1/topics HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("sent");
    let mut buf = [0u8; 8192];
    let n = kept.read(&mut buf).await.expect("answered");
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    let open = open_for(&mut kept, limit).await;
    assert!(open < limit, "open for {open:?}");

    // The mock still answers new connections.
    let topics = reqwest::get(format!("{}/v1/topics", mock.base_url()))
        .await
        .expect("answered");
    assert_eq!(topics.status(), 200);
}

#[tokio::test]
async fn a_slow_answer_is_not_cut_by_the_header_timeout() {
    // The deadline is on the request's head, not on the handler: a latency
    // fault longer than it still gets its answer.
    let mock = mock_with_header_timeout(Duration::from_millis(300)).await;
    let rule = keeper_recovery::mock::faults::FaultRule {
        route: None,
        kind: keeper_recovery::mock::faults::FaultKind::Latency { ms: 800 },
        probability: 1.0,
        count: Some(1),
    };
    mock.shared().set_fault_rules(vec![rule]);
    let topics = reqwest::get(format!("{}/v1/topics", mock.base_url()))
        .await
        .expect("answered");
    assert_eq!(topics.status(), 200);
}
