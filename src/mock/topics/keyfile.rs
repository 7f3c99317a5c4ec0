//! Topic 8: Restore the key file or the certificate: a WinPro account downloads a
//! key file made for it (after a document review when its passport is
//! personal) and may prove it signs; WebPro may order a new certificate;
//! other Keepers have no key file.

use time::OffsetDateTime;

use super::{Rules, done, no_steps};
use crate::keyfile::{self, KeyFile};
use crate::mock::engine::{CaseRecord, Credential, Engine, PROOF_TTL, PendingProof, Stage, sha256};
use crate::mock::error::{ApiError, Member};

/// The proof's signature: a member of the request, not a field the user types.
const SIGNATURE: Member = Member::Other("signature");
use crate::mock::scenario::KeeperKind;
use crate::protocol::{ErrorCode, Outcome, ProofAccepted, ProofChallenge};

pub(super) static RULES: Rules = Rules {
    after_verify,
    step: no_steps,
};

fn after_verify(engine: &Engine, case: &CaseRecord) -> Stage {
    let Some(account) = engine.account(case) else {
        return Stage::Challenge;
    };
    match account.keeper {
        KeeperKind::WebPro => done(Outcome::CertificateReissueAllowed),
        KeeperKind::Standard | KeeperKind::Mobile => done(Outcome::NoKeyfileForKeeper),
        KeeperKind::WinPro if account.needs_documents() => Stage::Documents {
            then: Box::new(Stage::Download),
        },
        KeeperKind::WinPro => Stage::Download,
    }
}

impl Engine {
    /// Makes the key file once, keeping its public half to check proofs.
    pub(in crate::mock) fn issue_keyfile(&mut self, case: &mut CaseRecord) -> Stage {
        let Some(account) = self.account(case).cloned() else {
            return done(Outcome::NoKeyfileForKeeper);
        };
        let Some(access_code) = &account.keyfile_access_code else {
            return done(Outcome::NoKeyfileForKeeper);
        };
        if case.session().is_none_or(|s| s.keyfile.is_none()) {
            // A fresh RSA key, as WebMoney makes one for a restored key file; the
            // service keeps only its public half.
            let (key, public) = keyfile::generate();
            let (Ok(exponent), Ok(modulus)) = (
                <&[u8; keyfile::PART_LEN]>::try_from(key.exponent.as_slice()),
                <&[u8; keyfile::PART_LEN]>::try_from(key.modulus.as_slice()),
            ) else {
                return done(Outcome::NoKeyfileForKeeper);
            };
            case.session_mut().keyfile = Some(KeyFile::issue(
                &account.wmid,
                access_code,
                exponent,
                modulus,
            ));
            self.public_keys.insert(account.wmid.to_string(), public);
        }
        Stage::Download
    }

    /// The restored key file, its SHA-256 (hex) and the WMID it belongs to.
    pub fn keyfile(
        &mut self,
        case_id: &str,
        token: Option<&str>,
    ) -> Result<(Vec<u8>, String, String), ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            Self::ensure_active(case, now)?;
            let keyfile = case.session().and_then(|s| s.keyfile.as_ref());
            match (&case.stage, keyfile, engine.account(case)) {
                (Stage::Download, Some(bytes), Some(account)) => Ok((
                    bytes.clone(),
                    hex::encode(sha256(bytes)),
                    account.wmid.to_string(),
                )),
                (Stage::Wait { until, .. }, _, _) => Err(ApiError::new(
                    ErrorCode::NotReady,
                    "the key file is not ready yet",
                )
                .retry_at(*until, now)),
                _ => Err(ApiError::new(
                    ErrorCode::NotReady,
                    "this case has no key file to download",
                )),
            }
        })
    }

    /// The case must hold a restored key file, and must not be locked by its own wrong signatures.
    pub(in crate::mock) fn ensure_provable(
        &self,
        case: &CaseRecord,
        now: OffsetDateTime,
    ) -> Result<String, ApiError> {
        Self::ensure_active(case, now)?;
        self.check_case_lock(case, now)?;
        let keyfile = case.session().and_then(|s| s.keyfile.as_ref());
        match (&case.stage, keyfile, self.account(case)) {
            (Stage::Download, Some(_), Some(account)) => Ok(account.wmid.to_string()),
            _ => Err(ApiError::new(
                ErrorCode::NotReady,
                "this case has no key file to prove",
            )),
        }
    }

    /// A fresh text for the restored key file to sign; it replaces any earlier one.
    pub fn proof_challenge(
        &mut self,
        case_id: &str,
        token: Option<&str>,
    ) -> Result<ProofChallenge, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            let wmid = engine.ensure_provable(case, now)?;
            let text = format!(
                "Keeper Recovery key-file proof for WMID {wmid}, case {}, nonce {}",
                case.reference,
                engine.random_hex()
            );
            let expires_at = now + PROOF_TTL;
            case.session_mut().proof = Some(PendingProof {
                text: text.clone(),
                expires_at,
            });
            Ok(ProofChallenge {
                challenge: text,
                expires_at,
            })
        })
    }

    /// Checks the challenge's signature with the public key kept for the WMID.
    /// Each challenge is used once; a signature that does not verify counts
    /// against the account like a wrong code.
    pub fn prove_keyfile(
        &mut self,
        case_id: &str,
        token: Option<&str>,
        signature: &str,
    ) -> Result<ProofAccepted, ApiError> {
        self.on_authorized_case(case_id, token, Credential::Session, |engine, case, now| {
            let wmid = engine.ensure_provable(case, now)?;
            let signature: keyfile::Signature =
                signature.parse().map_err(|e: keyfile::SignatureError| {
                    ApiError::new(ErrorCode::InvalidField, e.to_string()).field(SIGNATURE)
                })?;
            let Some(proof) = case.session_mut().proof.take() else {
                return Err(ApiError::new(
                    ErrorCode::NoCodeSent,
                    "ask for a challenge first; each one is signed once",
                ));
            };
            if now >= proof.expires_at {
                return Err(ApiError::new(
                    ErrorCode::CodeExpired,
                    "this challenge has expired; ask for a new one",
                )
                .field(Member::Other("challenge")));
            }
            let verified = engine
                .public_keys
                .get(&wmid)
                .is_some_and(|public| keyfile::verify(public, proof.text.as_bytes(), &signature));
            if !verified {
                let refused = ApiError::new(
                    ErrorCode::BadSignature,
                    "the signature does not verify with this WMID's key",
                );
                return Err(engine.fail_case_attempt(case, SIGNATURE, now, refused));
            }
            engine.right_case_attempt(case);
            Ok(ProofAccepted { wmid })
        })
    }
}
