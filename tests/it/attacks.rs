//! What an attacker on the network path or with a leaked case id tries, and
//! what the service and the client must not give away.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use keeper_recovery::client::{ClientError, ClientOptions, RecoveryClient};
use keeper_recovery::domain::Field;
use keeper_recovery::i18n::{Language, Translator};
use keeper_recovery::mock::outbox::OutboxMessage;
use keeper_recovery::protocol::CaseId;
use keeper_recovery::protocol::{
    Case, CaseState, Channel, ConfirmMethod, Outcome, StepRequest, TopicId,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

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
    answered(request, bearer).await
}

/// Sends `request`, with the bearer token when there is one: the status and body.
async fn answered(mut request: reqwest::RequestBuilder, bearer: Option<&str>) -> (u16, String) {
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

/// An https server on loopback, with its own self-signed certificate, that
/// answers every request with a 307 to `location`. It counts the connections
/// it accepted and the requests it read.
struct Redirector {
    url: String,
    certificate_der: Vec<u8>,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

async fn redirector(location: String) -> Redirector {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("a certificate");
    let certificate = certified.cert.der().clone();
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der());
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![certificate.clone()], key.into())
        .expect("a TLS configuration");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("https://{}", listener.local_addr().expect("bound"));
    let requests = Arc::new(AtomicUsize::new(0));
    let connections = Arc::new(AtomicUsize::new(0));
    let (counted, accepted) = (requests.clone(), connections.clone());
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            accepted.fetch_add(1, Ordering::SeqCst);
            let (acceptor, counted, location) =
                (acceptor.clone(), counted.clone(), location.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                if read_request(&mut tls).await.is_none() {
                    return;
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let answer = format!(
                    "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    Redirector {
        url,
        certificate_der: certificate.to_vec(),
        connections,
        requests,
    }
}

/// A log written into memory, for reading back what a request left there.
#[derive(Clone, Default)]
struct MemoryLog(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for MemoryLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_certificate_nobody_vouches_for_is_named_and_not_retried() {
    let service = redirector("https://127.0.0.1:1/".to_owned()).await;
    let log = MemoryLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    // The certificate is the service's own, trusted by nobody: as an
    // interception on a hostile network looks to the app.
    let client = RecoveryClient::new(&service.url, fast_options()).expect("an https endpoint");
    let error = client
        .verify(&CaseId::new("c_1"), &secret("case-token"), &code("123456"))
        .await
        .expect_err("an unverified service is not talked to");
    let ClientError::Untrusted { reason } = &error else {
        panic!("expected an unverified identity, got {error:?}");
    };
    assert!(reason.contains("certificate"), "{reason}");
    assert_eq!(service.connections.load(Ordering::SeqCst), 1, "not retried");
    assert_eq!(
        service.requests.load(Ordering::SeqCst),
        0,
        "nothing was sent"
    );
    for language in Language::ALL {
        let tr = Translator::new(language);
        let message = tr.client_error(&error);
        assert!(
            !message.starts_with("error-") && message != tr.client_error(&ClientError::Offline),
            "{language:?}: {message}"
        );
    }
    let written = String::from_utf8_lossy(&log.0.lock().expect("the log")).into_owned();
    let line = written
        .lines()
        .find(|l| l.contains("request failed"))
        .unwrap_or_else(|| panic!("no failed request in the log: {written}"));
    assert!(
        line.contains("error=\"untrusted\"") && line.contains("certificate"),
        "the log says why: {line}"
    );
    assert!(
        !line.contains("case-token") && !line.contains("123456"),
        "{line}"
    );
}

/// Reads one HTTP/1.1 request, head and body (by its Content-Length).
async fn read_request(stream: &mut (impl AsyncReadExt + Unpin)) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        request.extend_from_slice(&chunk[..n]);
        let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if request.len() >= end + 4 + length {
            return Some(request);
        }
    }
}

/// A plain TCP listener standing for "another host": it only counts connections.
async fn other_host() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let port = listener.local_addr().expect("bound").port();
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(tcp);
        }
    });
    (port, connections)
}

#[tokio::test]
async fn a_redirect_does_not_carry_the_code_to_another_host() {
    let (port, elsewhere) = other_host().await;
    for location in [
        format!("https://localhost:{port}/v1/cases/c_1/verify"),
        format!("http://localhost:{port}/v1/cases/c_1/verify"),
    ] {
        let service = redirector(location.clone()).await;
        let options = ClientOptions {
            trusted_roots_der: vec![service.certificate_der.clone()],
            ..fast_options()
        };
        let client = RecoveryClient::new(&service.url, options).expect("an https endpoint");
        let error = client
            .verify(&CaseId::new("c_1"), &secret("case-token"), &code("123456"))
            .await
            .expect_err("a redirect is not an answer");
        let scheme = location.split(':').next().unwrap_or_default();
        let host = format!("{scheme}://localhost:{port}");
        assert_eq!(error, ClientError::Redirected { host: host.clone() });
        assert_eq!(
            service.requests.load(Ordering::SeqCst),
            1,
            "{location}: sent once, not retried"
        );
        assert_eq!(
            elsewhere.load(Ordering::SeqCst),
            0,
            "{location}: nothing reached the other host"
        );
        for language in Language::ALL {
            let message = Translator::new(language).client_error(&error);
            assert!(
                message.contains(&host) && !message.starts_with("error-"),
                "{language:?}: {message}"
            );
        }
    }
}

/// Asks for the first code by hand, with this Idempotency-Key and bearer.
async fn challenge_with_key(
    h: &Harness,
    case_id: &str,
    key: &str,
    bearer: Option<&str>,
) -> (u16, String) {
    let url = format!("{}/v1/cases/{case_id}/challenge", h.mock.base_url());
    let request = reqwest::Client::new()
        .post(url)
        .header("idempotency-key", key)
        .json(&json!({"channel": "sms"}));
    answered(request, bearer).await
}

#[tokio::test]
async fn a_flood_of_other_keys_does_not_make_a_retry_send_twice() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    let token = h.token(&case);
    let first = challenge_with_key(&h, &case.case_id, "retry-me", Some(token.expose())).await;
    assert_eq!(first.0, 200, "{}", first.1);

    // Someone else sends 10,001 requests under other keys (refusals, which are not kept).
    let attacker = h
        .open_case(TopicId::RestoreEnum, &id(OLGA_WMID), "opens")
        .await;
    let url = format!("{}/v1/cases/{}/verify", h.mock.base_url(), attacker.case_id);
    let http = reqwest::Client::new();
    let keys: Vec<String> = (0..10_001).map(|n| format!("other-{n}")).collect();
    for batch in keys.chunks(64) {
        let requests = batch.iter().map(|key| {
            http.post(&url)
                .bearer_auth(h.token(&attacker).expose())
                .header("idempotency-key", key)
                .header("content-type", "application/json")
                .body("{}")
                .send()
        });
        for answer in futures_util::future::join_all(requests).await {
            assert_eq!(answer.expect("answered").status(), 400);
        }
    }

    // The owner's retry is still answered from the first answer: no second SMS.
    let retry = challenge_with_key(&h, &case.case_id, "retry-me", Some(token.expose())).await;
    assert_eq!(retry, first);
    let to_owner = h.admin.outbox().await.expect("outbox");
    assert_eq!(to_owner.iter().filter(|m| m.to == AN_PHONE).count(), 1);

    // Stored answers expire by time: a day later the key is a new request (the case has expired).
    h.advance(24 * 3600 + 1);
    let later = challenge_with_key(&h, &case.case_id, "retry-me", Some(token.expose())).await;
    assert_eq!(later.0, 410, "{}", later.1);
}

#[tokio::test]
async fn someone_elses_idempotency_key_replays_nothing() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    let token = h.token(&case);
    let owner = challenge_with_key(&h, &case.case_id, "shared-key", Some(token.expose())).await;
    assert_eq!(owner.0, 200);
    // The same request and key without the token, or with another token, is not a replay.
    let (_, unknown) = challenge_with_key(&h, "c_doesnotexist", "shared-key", None).await;
    for bearer in [None, Some("forged")] {
        let answer = challenge_with_key(&h, &case.case_id, "shared-key", bearer).await;
        assert_eq!(answer, (404, unknown.clone()), "with {bearer:?}");
    }
    // Cancelling ends the session: a step's stored answer is not given to it again.
    h.advance(61);
    let (case, session) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    let url = format!("{}/v1/cases/{}/steps", h.mock.base_url(), case.case_id);
    let step = || {
        reqwest::Client::new()
            .post(&url)
            .bearer_auth(session.expose())
            .header("idempotency-key", "step-1")
            .json(&json!({"step": "security_answer", "answer": "Hà Nội"}))
            .send()
    };
    assert_eq!(step().await.expect("answered").status(), 200);
    h.client
        .cancel(&case.case_id, &session)
        .await
        .expect("cancelled");
    assert_eq!(step().await.expect("answered").status(), 404);
}

#[tokio::test]
async fn an_idempotency_key_must_be_1_to_255_visible_characters() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    let token = h.token(&case);
    let long = "k".repeat(256);
    for bad in ["", "two words", long.as_str(), "ключ"] {
        let url = format!("{}/v1/cases/{}/challenge", h.mock.base_url(), case.case_id);
        let answer = reqwest::Client::new()
            .post(url)
            .bearer_auth(token.expose())
            .header(
                "idempotency-key",
                reqwest::header::HeaderValue::from_bytes(bad.as_bytes()).expect("a header value"),
            )
            .json(&json!({"channel": "sms"}))
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status(), 400, "{bad:?} accepted");
    }
    assert!(h.admin.outbox().await.expect("outbox").is_empty());
    let longest = "k".repeat(255);
    let answer = challenge_with_key(&h, &case.case_id, &longest, Some(token.expose())).await;
    assert_eq!(answer.0, 200, "{}", answer.1);
}

#[tokio::test]
async fn wrong_codes_spread_over_days_never_lock_the_account() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    h.send_code(&case, Channel::Sms, "sent").await;
    for _ in 0..4 {
        let error = h
            .client
            .verify(&case.case_id, &h.token(&case), &code("000000"))
            .await
            .expect_err("wrong");
        assert!(matches!(error, ClientError::WrongCode { .. }), "{error:?}");
    }

    // Three days later, one more wrong code is the first of a new window.
    h.advance(3 * 24 * 3600);
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens again")
        .await;
    assert_eq!(case.attempts_left, 5);
    h.send_code(&case, Channel::Sms, "sent").await;
    let error = h
        .client
        .verify(&case.case_id, &h.token(&case), &code("000000"))
        .await
        .expect_err("wrong");
    assert_eq!(
        error,
        ClientError::WrongCode {
            field: Some(Field::Code),
            attempts_left: 4
        }
    );

    // A right code wipes the count.
    let right = h.code_sent_to(AN_PHONE).await;
    h.client
        .verify(&case.case_id, &h.token(&case), &right)
        .await
        .expect("the right code verifies");
    h.advance(61);
    let case = h
        .open_case(TopicId::RestoreEnum, &id(AN_WMID), "a new case")
        .await;
    assert_eq!(case.attempts_left, 5);
}

/// Takes over AN's phone the slow way: new number, then the security answer
/// instead of the old phone, which starts the security period.
async fn phone_change_by_security_answer(h: &Harness) -> Case {
    let (case, token) = h
        .verified(TopicId::ChangePhone, AN_WMID, Channel::Keeper, AN_WMID)
        .await;
    let steps = [
        StepRequest::NewContact {
            value: "+84901234567".into(),
        },
        StepRequest::ConfirmOld {
            method: ConfirmMethod::SecurityQuestion,
        },
        StepRequest::SecurityAnswer {
            answer: secret("Hà Nội"),
        },
    ];
    let mut case = case;
    for (n, step) in steps.into_iter().enumerate() {
        case = h.step(&case, &token, &step, "the change goes on").await;
        if n == 0 {
            let code = StepRequest::ContactCode {
                code: h.code_sent_to("+84901234567").await.secret().clone(),
            };
            case = h.step(&case, &token, &code, "new number confirmed").await;
        }
    }
    assert_eq!(case.state, CaseState::Waiting);
    case
}

/// The notices (messages without a code) the old phone and email received.
async fn notices(h: &Harness) -> Vec<OutboxMessage> {
    let outbox = h.admin.outbox().await.expect("outbox");
    outbox
        .into_iter()
        .filter(|m| (m.to == AN_PHONE || m.to == AN_EMAIL) && m.code.is_none())
        .filter(|m| m.withheld.is_none())
        .collect()
}

async fn object(h: &Harness, stop_code: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{}/v1/objections", h.mock.base_url()))
        .json(&json!({ "stop_code": stop_code }))
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_takeover_behind_the_security_period_is_told_to_the_owner_who_stops_it() {
    let h = demo().await;
    let case = phone_change_by_security_answer(&h).await;

    // At once, the old phone and the old email hear of it, with a stop code.
    let told = notices(&h).await;
    let channels: Vec<Channel> = told.iter().map(|m| m.channel).collect();
    assert_eq!(channels, [Channel::Sms, Channel::Email], "{told:?}");
    let stop_code = told[0]
        .text
        .split("stop code: ")
        .nth(1)
        .expect("the notice carries a stop code")
        .trim()
        .to_owned();
    assert!(told[1].text.contains(&stop_code));

    // A guessed code stops nothing; the owner's does.
    assert_eq!(object(&h, "0123456789abcdef").await, 404);
    assert_eq!(object(&h, &stop_code).await, 204);
    h.advance(3 * 24 * 3600 + 60);
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("the case reads");
    assert_eq!(case.state, CaseState::Cancelled);
    assert_ne!(case.outcome, Some(Outcome::PhoneChanged));
    assert_eq!(object(&h, &stop_code).await, 409, "nothing left to stop");
}

#[tokio::test]
async fn a_change_made_is_told_to_the_old_phone_and_email() {
    let h = demo().await;
    // A takeover nobody stops: told when it starts, and again when it is made.
    let case = phone_change_by_security_answer(&h).await;
    h.advance(3 * 24 * 3600 + 60);
    let case = h
        .client
        .case(&case.case_id, &h.token(&case))
        .await
        .expect("the case reads");
    assert_eq!(case.outcome, Some(Outcome::PhoneChanged));
    let told = notices(&h).await;
    assert_eq!(told.len(), 4, "{told:?}");
    assert!(told[2..].iter().all(|m| m.text.contains("was changed")));

    // A password reset: the phone and email hear of it when it is done.
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    let answer = StepRequest::SecurityAnswer {
        answer: secret("Hà Nội"),
    };
    let case = h.step(&case, &token, &answer, "answer").await;
    let password = StepRequest::NewPassword {
        password: secret("correct9horse"),
    };
    let case = h.step(&case, &token, &password, "new password").await;
    assert_eq!(case.outcome, Some(Outcome::PasswordChanged));
    let told = notices(&h).await;
    let channels: Vec<Channel> = told.iter().map(|m| m.channel).collect();
    assert_eq!(channels, [Channel::Sms, Channel::Email], "{told:?}");
    assert!(told.iter().all(|m| m.text.contains("Keeper password")));
}

#[tokio::test]
async fn a_second_mock_with_the_same_seed_hands_out_other_ids_and_tokens() {
    let first = demo().await;
    let second = demo().await;
    let mut seen = Vec::new();
    for h in [&first, &second] {
        let (case, session) = h
            .verified(TopicId::RestoreEnum, OLGA_WMID, Channel::Sms, OLGA_PHONE)
            .await;
        let code = h.code_sent_to(OLGA_PHONE).await;
        seen.push((
            case.case_id.clone(),
            case.reference.clone(),
            h.token(&case).expose().to_owned(),
            session.expose().to_owned(),
            code.secret().expose().to_owned(),
        ));
    }
    let (a, b) = (&seen[0], &seen[1]);
    assert_ne!(a.0, b.0, "case ids");
    assert_ne!(a.1, b.1, "references");
    assert_ne!(a.2, b.2, "case tokens");
    assert_ne!(a.3, b.3, "session tokens");
    // Codes stay reproducible from the seed, so a user's run can be replayed.
    assert_eq!(a.4, b.4, "codes");
}

#[tokio::test]
async fn a_flood_of_case_creations_from_one_client_is_slowed() {
    let h = demo().await;
    let per_minute = h
        .mock
        .shared()
        .engine(|e| e.scenario().settings.cases_per_minute);
    let wmid = |n: u32| id(&format!("9{n:011}"));
    for n in 0..per_minute {
        h.open_case(TopicId::RestorePassword, &wmid(n), "within the limit")
            .await;
    }
    let error = h
        .client
        .create_case(TopicId::RestorePassword, &wmid(per_minute))
        .await
        .expect_err("one too many");
    let ClientError::RateLimited { retry_at: Some(_) } = error else {
        panic!("expected a dated rate limit, got {error:?}");
    };
    // The allowance refills with time.
    h.advance(60);
    h.open_case(
        TopicId::RestorePassword,
        &wmid(per_minute),
        "a minute later",
    )
    .await;
}

/// Sends only a request's head, and reads what comes back within two seconds.
async fn head_only(h: &Harness, head: String) -> String {
    let mut tcp = tokio::net::TcpStream::connect(h.mock.addr())
        .await
        .expect("connects");
    tcp.write_all(head.as_bytes()).await.expect("head sent");
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(std::time::Duration::from_secs(2), tcp.read(&mut answer)).await;
    match read {
        Ok(Ok(n)) => String::from_utf8_lossy(&answer[..n]).into_owned(),
        _ => String::from("no answer before the body"),
    }
}

#[tokio::test]
async fn a_large_upload_is_refused_before_its_body_is_sent() {
    let h = demo().await;
    let (case, session) = h
        .verified(TopicId::RestoreKeyfile, BINH_WMID, Channel::Sms, BINH_PHONE)
        .await;
    let path = format!("/v1/cases/{}/steps", case.case_id);
    // Without a token: refused from the head alone, as if there were no case.
    let stranger = head_only(
        &h,
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n"
        ),
    )
    .await;
    assert!(stranger.starts_with("HTTP/1.1 404"), "{stranger}");
    // With the token, a declared size over the limit is refused at once.
    let owner = head_only(
        &h,
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 40000000\r\n\r\n",
            session.expose()
        ),
    )
    .await;
    assert!(owner.starts_with("HTTP/1.1 413"), "{owner}");
    // A JSON request gets far less room than an upload.
    let json = head_only(
        &h,
        "POST /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n".into(),
    )
    .await;
    assert!(json.starts_with("HTTP/1.1 413"), "{json}");
}

#[tokio::test]
async fn the_exchange_log_stays_small_whatever_is_sent() {
    let h = demo().await;
    let big = "9".repeat(60 * 1024);
    let body = format!("{{\"topic\": \"find-accounts\", \"identifier\": \"{big}\"}}");
    let http = reqwest::Client::new();
    for _ in 0..200 {
        http.post(format!("{}/v1/cases", h.mock.base_url()))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .expect("answered");
    }
    let log = http
        .get(format!("{}/mock/exchanges", h.mock.base_url()))
        .send()
        .await
        .expect("answered")
        .bytes()
        .await
        .expect("read");
    assert!(log.len() < 6 * 1024 * 1024, "{} bytes", log.len());
}

#[tokio::test]
async fn the_exchange_log_never_shows_a_case_token() {
    let h = demo().await;
    let case = h
        .open_case(TopicId::RestorePassword, &id(AN_WMID), "opens")
        .await;
    let log = reqwest::get(format!("{}/mock/exchanges", h.mock.base_url()))
        .await
        .expect("answered")
        .text()
        .await
        .expect("read");
    assert!(log.contains("case_token"), "the answer is in the log");
    assert!(!log.contains(h.token(&case).expose()), "{log}");
}
