//! No account enumeration: an unknown identifier looks exactly like a known one.

use std::collections::BTreeMap;

use keeper_recovery::client::ClientError;
use keeper_recovery::domain::{Email, Phone};
use keeper_recovery::mock::scenario::{Account, KeeperKind, ReviewDecision, Scenario};
use keeper_recovery::protocol::{Case, Channel, Expect, Outcome, TopicId};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use time::OffsetDateTime;

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
    // Where the codes would go differs from account to account, made-up
    // ones included: alike in shape (and masked, checked below).
    if let Some(sent_to) = value["next"].get("sent_to").cloned() {
        value["next"]["sent_to"] = shape(&sent_to);
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
    let Expect::Challenge { sent_to, .. } = &unknown.next else {
        panic!("the channel question expected")
    };
    assert!(
        sent_to.len() == 2 && sent_to.iter().all(|to| to.contains("***")),
        "plausible masked contacts before the choice too: {sent_to:?}"
    );
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

/// Phones of a few countries, as real accounts would have them.
fn some_phone(rng: &mut StdRng) -> Phone {
    loop {
        let text = match rng.random_range(0..4) {
            0 => format!("+849{:08}", rng.random_range(0..100_000_000u32)),
            1 => format!("+79{:09}", rng.random_range(0..1_000_000_000u32)),
            2 => format!("+38067{:07}", rng.random_range(0..10_000_000u32)),
            _ => format!("+49151{:08}", rng.random_range(0..100_000_000u32)),
        };
        if let Ok(phone) = text.parse() {
            return phone;
        }
    }
}

fn some_email(rng: &mut StdRng) -> Email {
    const HOSTS: [&str; 10] = [
        "gmail.com",
        "mail.ru",
        "yandex.ru",
        "outlook.com",
        "ukr.net",
        "gmx.de",
        "inbox.lv",
        "proton.me",
        "fpt.vn",
        "bk.ru",
    ];
    let local: String = (0..8)
        .map(|_| char::from(b'a' + rng.random_range(0..26u8)))
        .collect();
    let host = HOSTS[rng.random_range(0..HOSTS.len())];
    format!("{local}@{host}").parse().expect("a valid email")
}

fn some_wmid(rng: &mut StdRng) -> String {
    format!(
        "{}{:011}",
        rng.random_range(1..10),
        rng.random_range(0..100_000_000_000u64)
    )
}

fn some_account(rng: &mut StdRng) -> Account {
    Account {
        wmid: some_wmid(rng).parse().expect("a valid WMID"),
        phone: some_phone(rng),
        email: some_email(rng),
        purses: vec![
            format!("Z{}", some_wmid(rng))
                .parse()
                .expect("a valid purse"),
        ],
        keeper: KeeperKind::Standard,
        passport: 120,
        enum_registered: rng.random_bool(0.5),
        security_question: None,
        security_answer: None,
        keyfile_access_code: None,
        documents_required: false,
        review: ReviewDecision::default(),
    }
}

/// Two-sample chi-square test of two samples of one categorical feature: true
/// when they may come from the same distribution (at the 0.1% level).
fn same_distribution(known: &[String], unknown: &[String]) -> bool {
    let mut counts: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for value in known {
        counts.entry(value).or_default().0 += 1.0;
    }
    for value in unknown {
        counts.entry(value).or_default().1 += 1.0;
    }
    let (n1, n2) = (known.len() as f64, unknown.len() as f64);
    let statistic: f64 = counts
        .values()
        .map(|(a, b)| {
            let total = a + b;
            let (e1, e2) = (total * n1 / (n1 + n2), total * n2 / (n1 + n2));
            (a - e1).powi(2) / e1 + (b - e2).powi(2) / e2
        })
        .sum();
    let df = (counts.len().max(2) - 1) as f64;
    // Wilson-Hilferty approximation of the chi-square quantile, z = 3.09 for 0.1%.
    let critical = df * (1.0 - 2.0 / (9.0 * df) + 3.09 * (2.0 / (9.0 * df)).sqrt()).powi(3);
    statistic <= critical
}

/// What a masked contact shows: country code and first tail digit of a phone,
/// first letters and top-level domain of an email.
fn mask_features(mask: &str) -> Vec<(&'static str, String)> {
    let mask = mask.trim_start_matches("E-NUM ");
    if let Some((local, domain)) = mask.split_once('@') {
        let tld = domain.rsplit('.').next().unwrap_or_default();
        vec![
            ("email letter", local.chars().take(1).collect()),
            ("email host", domain.chars().take(1).collect()),
            ("email tld", tld.to_owned()),
        ]
    } else {
        let country = mask.split(' ').next().unwrap_or_default().to_owned();
        let tail: String = mask.chars().rev().skip(1).take(1).collect();
        vec![("phone country", country), ("phone tail", tail)]
    }
}

/// Everything a client sees of a case before verification, masks apart, as text.
fn visible(case: &Case, now: OffsetDateTime) -> Vec<(&'static str, String)> {
    let json = |v: &dyn erased::Json| v.text();
    let timer = |at: Option<OffsetDateTime>| {
        // Whole minutes from now: both are a fixed time after the request.
        at.map(|at| ((at - now).whole_seconds() + 30) / 60)
    };
    let mut next = serde_json::to_value(&case.next).expect("serializes");
    if let Some(sent_to) = next.get_mut("sent_to") {
        *sent_to = Value::String("masked".into());
    }
    vec![
        ("state", format!("{:?}", case.state)),
        ("next", next.to_string()),
        ("attempts_left", case.attempts_left.to_string()),
        ("sends_left", case.sends_left.to_string()),
        ("resend_at", format!("{:?}", timer(case.resend_at))),
        ("locked_until", format!("{:?}", timer(case.locked_until))),
        ("ready_at", format!("{:?}", timer(case.ready_at))),
        ("expires_at", format!("{:?}", timer(Some(case.expires_at)))),
        ("outcome", json(&case.outcome)),
    ]
}

mod erased {
    pub trait Json {
        fn text(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn text(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

#[tokio::test]
async fn no_field_before_verification_tells_a_known_identifier_from_an_unknown_one() {
    const N: usize = 240;
    let mut rng = StdRng::seed_from_u64(11);
    let mut scenario = Scenario::demo();
    scenario.accounts = (0..N).map(|_| some_account(&mut rng)).collect();
    // One test client opens every case: its rate limit is not what is compared.
    scenario.settings.cases_per_minute = u32::MAX;
    let accounts = scenario.accounts.clone();

    let kinds: [(&str, TopicId, Channel); 4] = [
        ("wmid", TopicId::ChangeSecurityQuestion, Channel::Sms),
        ("purse", TopicId::RestorePassword, Channel::Email),
        ("phone", TopicId::RestoreEnum, Channel::Sms),
        ("email", TopicId::FindAccounts, Channel::Email),
    ];
    let mut problems = Vec::new();
    for (kind, topic, channel) in kinds {
        // A mock of its own for each kind, so one kind's sends do not limit another's.
        let h = start(scenario.clone()).await;
        let mut seen: [BTreeMap<&'static str, Vec<String>>; 2] = Default::default();
        for (side, known) in [(0, true), (1, false)] {
            for account in &accounts {
                let fresh = some_account(&mut rng);
                let who = if known { account } else { &fresh };
                let identifier = match kind {
                    "wmid" => who.wmid.to_string(),
                    "purse" => who.purses[0].to_string(),
                    "phone" => who.phone.to_string(),
                    _ => who.email.to_string(),
                };
                let now = OffsetDateTime::now_utc();
                let side_values = &mut seen[side];
                let mut answer = |field: &'static str, value: String| {
                    side_values.entry(field).or_default().push(value);
                };
                // Refusals (a lock, a cooldown) are answers an attacker sees too.
                let opened = match h.client.create_case(topic, &id(&identifier)).await {
                    Ok(opened) => h.keep(opened),
                    Err(error) => {
                        answer("create answer", error.kind().to_owned());
                        continue;
                    }
                };
                answer("create answer", "ok".into());
                let sent = match h
                    .client
                    .challenge(&opened.case_id, &h.token(&opened), channel)
                    .await
                {
                    Ok(sent) => sent,
                    Err(error) => {
                        answer("code answer", error.kind().to_owned());
                        continue;
                    }
                };
                answer("code answer", "ok".into());
                for (stage, case) in [("opened", &opened), ("sent", &sent)] {
                    for (field, value) in visible(case, now) {
                        let field: &'static str = match stage {
                            "opened" => field,
                            _ => Box::leak(format!("{field} after the code").into_boxed_str()),
                        };
                        answer(field, value);
                    }
                }
                if let Expect::Code { sent_to, .. } = &sent.next {
                    for (feature, value) in mask_features(sent_to) {
                        answer(feature, value);
                    }
                }
            }
        }
        let [known, unknown] = seen;
        for (field, known_values) in &known {
            let unknown_values = unknown.get(field).cloned().unwrap_or_default();
            if !same_distribution(known_values, &unknown_values) {
                let sample = |v: &[String]| {
                    let mut v = v.to_vec();
                    v.sort();
                    v.dedup();
                    v.truncate(8);
                    v
                };
                problems.push(format!(
                    "{kind} {field}: known {:?} vs unknown {:?}",
                    sample(known_values),
                    sample(&unknown_values)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "told apart:\n{}", problems.join("\n"));
}

#[tokio::test]
async fn activity_under_a_wmid_does_not_show_through_its_purse_or_phone() {
    let h = demo().await;
    // The attacker sends a code to a WMID and locks it with wrong codes...
    let case = h
        .open_case(TopicId::RestoreEnum, &id(AN_WMID), "opens")
        .await;
    h.send_code(&case, Channel::Sms, "sent").await;
    for _ in 0..5 {
        let _ = h
            .client
            .verify(&case.case_id, &h.token(&case), &code("000000"))
            .await;
    }
    // ...then asks about a purse and a phone: they look like ones nobody ever used.
    for (topic, identifier, unknown) in [
        (TopicId::RestoreEnum, "Z238479008342", "Z999999999999"),
        (TopicId::RestoreEnum, AN_PHONE, "+84911111111"),
    ] {
        let known = h.open_case(topic, &id(identifier), "opens, not 423").await;
        let fresh = h.open_case(topic, &id(unknown), "opens").await;
        assert_eq!(known.resend_at, fresh.resend_at, "{identifier}");
        assert_eq!(known.sends_left, fresh.sends_left, "{identifier}");
        assert_eq!(known.attempts_left, fresh.attempts_left, "{identifier}");
        assert_eq!(known.locked_until, None, "{identifier}");
    }
    // And an unknown phone is masked as itself, as a known one is.
    let fresh = h
        .open_case(TopicId::RestoreEnum, &id("+84911111111"), "opens")
        .await;
    h.advance(61);
    let sent = h.send_code(&fresh, Channel::Sms, "sent").await;
    assert!(
        matches!(&sent.next, Expect::Code { sent_to, .. } if sent_to == "+84 *** *** *11"),
        "{:?}",
        sent.next
    );
}
