//! Proving a restored key file with the service: the file the mock issues
//! opens with its access code, signs the service's challenge on this side,
//! and only a signature that verifies with the WMID's public key is accepted.

use keeper_recovery::client::ClientError;
use keeper_recovery::domain::SecretText;
use keeper_recovery::keyfile::{self, KeyMaterial, Signature};
use keeper_recovery::protocol::{Case, Channel, TopicId};

use crate::common::*;
use crate::keyfiles::with_one_digit_changed;

/// An's key file restored and opened with An's access code, as the app does it.
async fn restored(h: &Harness) -> (Case, SecretText, KeyMaterial) {
    let (case, token) = h
        .verified(TopicId::RestoreKeyfile, AN_WMID, Channel::Email, AN_EMAIL)
        .await;
    let file = h
        .client
        .download_keyfile(&case.case_id, &token)
        .await
        .expect("the key file downloads");
    let wmid = AN_WMID.parse().expect("wmid");
    let key = keyfile::open(&file.bytes, &wmid, &secret(AN_KEY_CODE))
        .expect("the issued file opens with the account's access code");
    (case, token, key)
}

async fn signed_challenge(
    h: &Harness,
    case: &Case,
    token: &SecretText,
    key: &KeyMaterial,
) -> Signature {
    let challenge = h
        .client
        .proof_challenge(&case.case_id, token)
        .await
        .expect("a challenge");
    let random = keyfile::os_random().expect("random bytes");
    keyfile::sign(key, challenge.challenge.as_bytes(), &random).expect("signs")
}

#[tokio::test]
async fn an_issued_key_file_signs_a_challenge_the_service_accepts() {
    let h = demo().await;
    let (case, token, key) = restored(&h).await;
    let accepted = h
        .client
        .prove_keyfile(&case.case_id, &token, &key)
        .await
        .expect("the service accepts the signature");
    assert_eq!(accepted.wmid, AN_WMID);

    // Only the signature crossed the wire: no access code, no key.
    let exchanges = h.admin.exchanges().await.expect("exchanges");
    let sent: Vec<String> = exchanges
        .iter()
        .filter_map(|e| e.request.as_ref().map(ToString::to_string))
        .collect();
    assert!(sent.iter().any(|body| body.contains("signature")));
    assert!(sent.iter().all(|body| !body.contains(AN_KEY_CODE)));
    let modulus = hex::encode(&key.modulus[..8]);
    assert!(sent.iter().all(|body| !body.contains(&modulus)));
}

#[tokio::test]
async fn a_signature_with_one_digit_changed_is_refused_and_counts_like_a_wrong_code() {
    let h = demo().await;
    let (case, token, key) = restored(&h).await;
    let signature = signed_challenge(&h, &case, &token, &key).await;
    let changed: Signature = with_one_digit_changed(signature.as_str(), 40)
        .parse()
        .expect("132 hex digits");
    let refused = h.client.send_proof(&case.case_id, &token, &changed).await;
    assert_eq!(refused, Err(ClientError::BadSignature { attempts_left: 4 }));
    let case_now = h.client.case(&case.case_id, &token).await.expect("case");
    assert_eq!(case_now.attempts_left, 4, "counted against the account");

    // The challenge was used up by the refused attempt: the right signature of it is too late.
    let reused = h.client.send_proof(&case.case_id, &token, &signature).await;
    assert!(
        matches!(reused, Err(ClientError::WrongState(_))),
        "{reused:?}"
    );

    // A fresh challenge, properly signed, is accepted and clears the count.
    h.client
        .prove_keyfile(&case.case_id, &token, &key)
        .await
        .expect("accepted");
    let case_now = h.client.case(&case.case_id, &token).await.expect("case");
    assert_eq!(case_now.attempts_left, 5);
}

#[tokio::test]
async fn bad_signatures_lock_the_account_like_wrong_codes() {
    let h = demo().await;
    let (case, token, key) = restored(&h).await;
    let mut last = None;
    for _ in 0..5 {
        let signature = signed_challenge(&h, &case, &token, &key).await;
        let changed: Signature = with_one_digit_changed(signature.as_str(), 0)
            .parse()
            .expect("132 hex digits");
        last = Some(h.client.send_proof(&case.case_id, &token, &changed).await);
    }
    assert!(
        matches!(last, Some(Err(ClientError::Locked { until: Some(_) }))),
        "{last:?}"
    );
    let challenge = h.client.proof_challenge(&case.case_id, &token).await;
    assert!(
        matches!(challenge, Err(ClientError::Locked { .. })),
        "{challenge:?}"
    );
    let other = h
        .client
        .create_case(TopicId::RestorePassword, &id(AN_WMID))
        .await;
    assert!(
        matches!(other, Err(ClientError::Locked { .. })),
        "the lock is the account's, whatever the case: {other:?}"
    );
}

#[tokio::test]
async fn a_challenge_expires_and_a_replaced_key_file_no_longer_proves() {
    let h = demo().await;
    let (case, token, key) = restored(&h).await;
    let signature = signed_challenge(&h, &case, &token, &key).await;
    h.advance(6 * 60);
    let late = h.client.send_proof(&case.case_id, &token, &signature).await;
    assert_eq!(late, Err(ClientError::CodeExpired));

    // A second restore issues a new key: the old file's signatures stop verifying.
    let (second, second_token, new_key) = restored(&h).await;
    let stale = h.client.prove_keyfile(&case.case_id, &token, &key).await;
    assert!(
        matches!(stale, Err(ClientError::BadSignature { .. })),
        "{stale:?}"
    );
    h.client
        .prove_keyfile(&second.case_id, &second_token, &new_key)
        .await
        .expect("the newest file proves");
}

#[tokio::test]
async fn a_case_without_a_key_file_has_nothing_to_prove() {
    let h = demo().await;
    let (case, token) = h
        .verified(TopicId::RestorePassword, AN_WMID, Channel::Sms, AN_PHONE)
        .await;
    let challenge = h.client.proof_challenge(&case.case_id, &token).await;
    assert!(
        matches!(challenge, Err(ClientError::NotReady { .. })),
        "{challenge:?}"
    );
}
