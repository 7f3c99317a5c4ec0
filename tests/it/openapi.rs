//! The mock's answers, checked against `resources/api/recovery-v1.yaml`: every
//! protocol operation is exercised, every status it answers with is documented,
//! and every JSON body validates against the documented schema.

use std::collections::BTreeSet;

use keeper_recovery::client::Document;
use keeper_recovery::keyfile;
use keeper_recovery::mock::faults::{FaultKind, FaultRule, RouteId};
use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::protocol::CaseId;
use keeper_recovery::protocol::{Channel, StepRequest, TopicId};
use serde_json::Value;

use crate::common::*;

const SPEC: &str = include_str!("../../resources/api/recovery-v1.yaml");

fn spec() -> Value {
    serde_yaml_ng::from_str(SPEC).expect("the OpenAPI file is valid YAML")
}

/// Follows a local `$ref` such as `#/components/responses/Problem`.
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(pointer) => spec
            .pointer(pointer.trim_start_matches('#'))
            .expect("a $ref that resolves"),
        None => node,
    }
}

fn operation<'a>(spec: &'a Value, operation_id: &str) -> &'a Value {
    spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .flat_map(|item| item.as_object().into_iter().flat_map(|ops| ops.values()))
        .find(|op| op.get("operationId").and_then(Value::as_str) == Some(operation_id))
        .unwrap_or_else(|| panic!("the spec has no operation {operation_id}"))
}

fn route_name(route: RouteId) -> String {
    serde_json::to_value(route)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Drives every protocol operation through its success and its usual failures.
async fn exercise(h: &Harness) {
    let c = &h.client;
    c.topics().await.expect("topics");
    c.create_case(TopicId::RestorePassword, &id("999999999999"))
        .await
        .expect("unknown wmid");
    c.create_case(TopicId::ChangePhone, &id(AN_EMAIL))
        .await
        .expect_err("422 identifier kind");
    let raw = reqwest::Client::new();
    let malformed = raw
        .post(format!("{}/v1/cases", h.mock.base_url()))
        .header("content-type", "application/json")
        .body("{\"topic\": ")
        .send()
        .await
        .expect("answered");
    assert_eq!(malformed.status(), 400);
    let empty_key = raw
        .post(format!("{}/v1/cases", h.mock.base_url()))
        .header("idempotency-key", "")
        .json(&serde_json::json!({"topic": "find-accounts", "identifier": AN_EMAIL}))
        .send()
        .await
        .expect("answered");
    assert_eq!(empty_key.status(), 400);

    let (case, token) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    c.challenge(&case.case_id, &h.token(&case), Channel::Sms)
        .await
        .expect_err("409 after verification");
    c.step(
        &case.case_id,
        &secret("forged"),
        &StepRequest::ConfirmDetach,
    )
    .await
    .expect_err("404 without a token for the case");
    c.step(&case.case_id, &h.token(&case), &StepRequest::ConfirmDetach)
        .await
        .expect_err("401 with the case token");
    c.step(&case.case_id, &token, &StepRequest::ConfirmDetach)
        .await
        .expect_err("409 wrong step");
    let answer = StepRequest::SecurityAnswer {
        answer: secret("Hà Nội"),
    };
    c.step(&case.case_id, &token, &answer)
        .await
        .expect("answer");
    let weak = StepRequest::NewPassword {
        password: secret("weak"),
    };
    c.step(&case.case_id, &token, &weak)
        .await
        .expect_err("422 password");
    c.download_keyfile(&case.case_id, &token)
        .await
        .expect_err("409 no key file");
    c.cancel(&case.case_id, &h.token(&case))
        .await
        .expect("cancel");
    c.cancel(&case.case_id, &h.token(&case))
        .await
        .expect_err("409 already cancelled");
    c.case(&CaseId::new("c_doesnotexist"), &secret("forged"))
        .await
        .expect_err("404");

    let case = h
        .open_case(TopicId::RestoreEnum, &id(OLGA_WMID), "opens")
        .await;
    c.verify(&case.case_id, &h.token(&case), &code("123456"))
        .await
        .expect_err("409 no code yet");
    c.challenge(&case.case_id, &h.token(&case), Channel::Sms)
        .await
        .expect("sent");
    c.challenge(&case.case_id, &h.token(&case), Channel::Sms)
        .await
        .expect_err("429 cooldown");
    for _ in 0..5 {
        let _ = c
            .verify(&case.case_id, &h.token(&case), &code("000000"))
            .await;
    }
    h.advance(61 * 60);
    c.challenge(&case.case_id, &h.token(&case), Channel::Sms)
        .await
        .expect_err("410 expired");

    let (case, token) = h
        .verified(TopicId::RestoreKeyfile, BINH_WMID, Channel::Sms, BINH_PHONE)
        .await;
    let scan = Document::new("passport.pdf", b"%PDF-1.7".to_vec()).expect("pdf");
    c.upload_documents(&case.case_id, &token, &[scan])
        .await
        .expect("uploaded");
    c.download_keyfile(&case.case_id, &token)
        .await
        .expect_err("409 under review");
    h.advance(3 * 24 * 3600);
    c.case(&case.case_id, &h.token(&case)).await.expect("ready");
    let file = c
        .download_keyfile(&case.case_id, &token)
        .await
        .expect("key file");
    let wmid = BINH_WMID.parse().expect("wmid");
    let key = keyfile::open(&file.bytes, &wmid, &secret(BINH_KEY_CODE)).expect("opens");
    let signature = keyfile::sign(&key, b"no challenge", &[0; 40]).expect("signs");
    c.send_proof(&case.case_id, &token, &signature)
        .await
        .expect_err("409 no challenge yet");
    c.proof_challenge(&case.case_id, &secret("forged"))
        .await
        .expect_err("404 without a token for the case");
    c.proof_challenge(&case.case_id, &h.token(&case))
        .await
        .expect_err("401 with the case token");
    c.proof_challenge(&case.case_id, &token)
        .await
        .expect("a challenge");
    c.send_proof(&case.case_id, &token, &signature)
        .await
        .expect_err("422 bad signature");
    c.prove_keyfile(&case.case_id, &token, &key)
        .await
        .expect("accepted");

    for topic in [TopicId::ChangeEmail, TopicId::ReregisterSim] {
        h.advance(61);
        let (case, token) = h.verified(topic, AN_WMID, Channel::Keeper, AN_WMID).await;
        let step = if topic == TopicId::ReregisterSim {
            StepRequest::ReregisterSim
        } else {
            StepRequest::NewContact {
                value: "an.new@example.com".into(),
            }
        };
        c.step(&case.case_id, &token, &step).await.expect("step");
    }
    let (case, token) = h
        .verified(
            TopicId::DeactivatePhone,
            BINH_PHONE,
            Channel::Sms,
            BINH_PHONE,
        )
        .await;
    c.step(&case.case_id, &token, &StepRequest::ConfirmDetach)
        .await
        .expect("waiting");
    let case = h
        .open_case(TopicId::FindAccounts, &id(AN_EMAIL), "opens")
        .await;
    c.challenge(&case.case_id, &h.token(&case), Channel::Email)
        .await
        .expect("sent if registered");

    let rule = FaultRule {
        route: Some(RouteId::GetCase),
        kind: FaultKind::Status { status: 503 },
        probability: 1.0,
        count: Some(1),
    };
    h.admin.set_faults(&[rule]).await.expect("fault set");
    c.case(&case.case_id, &h.token(&case))
        .await
        .expect("retried past the 503");

    // "It wasn't me" needs no token, and is recorded like every other route:
    // an unknown stop code, a missing one, and a member the spec does not allow.
    for (body, status) in [
        (serde_json::json!({"stop_code": "guessed"}), 404),
        (serde_json::json!({}), 400),
        (
            serde_json::json!({"stop_code": "guessed", "case_id": "c_1"}),
            400,
        ),
    ] {
        let answer = raw
            .post(format!("{}/v1/objections", h.mock.base_url()))
            .json(&body)
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status(), status, "{body}");
    }
}

#[tokio::test]
async fn every_answer_matches_the_openapi_file() {
    let spec = spec();
    let mut scenario = Scenario::demo();
    scenario.settings.max_attempts = 5;
    let h = start(scenario).await;
    exercise(&h).await;

    let exchanges = h.admin.exchanges().await.expect("exchanges");
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for exchange in &exchanges {
        let Some(route) = exchange.route else {
            continue;
        };
        let name = route_name(route);
        seen.insert(name.clone());
        let responses = &operation(&spec, &name)["responses"];
        let status = exchange.status.to_string();
        let Some(response) = responses.get(&status) else {
            problems.push(format!(
                "{} {} answered {status}, which the spec does not list",
                exchange.method, exchange.path
            ));
            continue;
        };
        let response = resolve(&spec, response);
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            continue;
        };
        let Some((media_type, media)) = content.iter().find(|(t, _)| t.contains("json")) else {
            continue;
        };
        let Some(body) = &exchange.response else {
            problems.push(format!(
                "{} {} {status}: no body, the spec says {media_type}",
                exchange.method, exchange.path
            ));
            continue;
        };
        let mut schema = media["schema"].clone();
        schema["components"] = spec["components"].clone();
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the spec's schema compiles");
        for error in validator.iter_errors(body) {
            problems.push(format!(
                "{} {} {status}: {} at {} in {}",
                exchange.method,
                exchange.path,
                error,
                error.instance_path(),
                body
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "answers that do not match the spec:\n{}",
        problems.join("\n")
    );

    let all: BTreeSet<String> = RouteId::ALL.into_iter().map(route_name).collect();
    assert_eq!(seen, all, "every protocol operation was exercised");
    let statuses: BTreeSet<u16> = exchanges.iter().map(|e| e.status).collect();
    for expected in [200, 201, 400, 401, 404, 409, 410, 422, 423, 429, 503] {
        assert!(
            statuses.contains(&expected),
            "no {expected} answer was checked; saw {statuses:?}"
        );
    }
    assert!(exchanges.iter().all(|e| {
        e.request
            .as_ref()
            .is_none_or(|r| !r.to_string().contains(AN_KEY_CODE))
    }));
}

#[tokio::test]
async fn an_unexpected_method_or_a_bad_fault_rule_still_gets_a_documented_problem() {
    let spec = spec();
    let h = demo().await;
    let base = h.mock.base_url();
    let http = reqwest::Client::new();
    let answers = [
        (http.delete(format!("{base}/v1/topics")), 405, None),
        (http.put(format!("{base}/v1/cases")), 405, None),
        (http.get(format!("{base}/v2/nothing")), 404, None),
        (
            http.post(format!("{base}/mock/faults"))
                .json(&serde_json::json!([{"kind": "drop", "probability": 7.0}])),
            422,
            Some("set_faults"),
        ),
    ];
    for (request, status, operation_id) in answers {
        let answer = request.send().await.expect("answered");
        assert_eq!(answer.status().as_u16(), status);
        let content_type = answer
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert_eq!(content_type, "application/problem+json", "{status}");
        let body: Value = answer.json().await.expect("a JSON body");
        assert!(body["code"].is_string(), "{status}: {body}");
        if let Some(operation_id) = operation_id {
            let listed = &operation(&spec, operation_id)["responses"][status.to_string()];
            assert!(!listed.is_null(), "{operation_id} does not list {status}");
        }
    }
}

/// The scenario as the mock gives it (`GET /mock/scenario`, the support panel,
/// a bundle) after a phone was detached matches the spec's Scenario.
#[test]
fn a_scenario_with_a_detached_phone_matches_the_spec() {
    let spec = spec();
    let mut scenario = Scenario::demo();
    let wmid = scenario.accounts[0].wmid.clone();
    scenario.phones_detached.push(wmid);
    let body = serde_json::to_value(&scenario).expect("serialises");
    assert!(body.get("phones_detached").is_some(), "{body}");
    let mut schema = serde_json::json!({"$ref": "#/components/schemas/Scenario"});
    schema["components"] = spec["components"].clone();
    let validator = jsonschema::draft202012::options()
        .build(&schema)
        .expect("the spec's schema compiles");
    let problems: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| e.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
}

/// The operations on one case: every path under `/v1/cases/{case_id}`.
fn case_operations(spec: &Value) -> Vec<(String, &Value)> {
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        if !path.starts_with("/v1/cases/{case_id}") {
            continue;
        }
        for (method, operation) in item.as_object().expect("a path item") {
            if method != "parameters" {
                let id = operation["operationId"].as_str().expect("an operationId");
                operations.push((id.to_owned(), operation));
            }
        }
    }
    operations
}

/// Without a token for the case every case route answers 404, the same as an
/// id that never existed (docs/protocol.md, "A case id is not a password"): the spec
/// says so for each, and keeps 401 for the case token where the session
/// token is needed.
#[test]
fn every_case_route_documents_a_missing_token_as_404() {
    let spec = spec();
    let operations = case_operations(&spec);
    assert_eq!(operations.len(), 8);
    for (id, operation) in operations {
        let not_found = operation["responses"]["404"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(
            not_found.contains("no valid token") && not_found.contains("the same"),
            "{id}: 404 is {not_found:?}"
        );
        if let Some(unauthorized) = operation["responses"]["401"]["description"].as_str() {
            assert!(
                unauthorized.contains("the case token, where the session token is needed"),
                "{id}: 401 is {unauthorized:?}"
            );
        }
    }
}

/// Schemathesis's stateful phase follows these links from a new case (with its
/// case token) and from a verification (with the session token) into every
/// route on the case, instead of guessing case ids that do not exist.
#[test]
fn a_new_case_links_to_every_route_on_it_with_its_token() {
    let spec = spec();
    let targets: BTreeSet<String> = case_operations(&spec)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    for (source, status, token) in [
        ("create_case", "201", "case_token"),
        ("verify", "200", "session_token"),
    ] {
        let links = operation(&spec, source)["responses"][status]["links"]
            .as_object()
            .unwrap_or_else(|| panic!("{source} {status} has no links"));
        let mut linked = BTreeSet::new();
        for (name, link) in links {
            let target = link["operationId"].as_str().expect("an operationId");
            operation(&spec, target);
            assert_eq!(
                link["parameters"]["path.case_id"], "$response.body#/case/case_id",
                "{source} → {name}"
            );
            assert_eq!(
                link["parameters"]["header.Authorization"],
                format!("Bearer {{$response.body#/{token}}}"),
                "{source} → {name}"
            );
            linked.insert(target.to_owned());
        }
        if source == "create_case" {
            assert_eq!(linked, targets, "{source} links to every case route");
        } else {
            assert!(
                linked.is_subset(&targets) && linked.len() >= 5,
                "{linked:?}"
            );
        }
    }
}
