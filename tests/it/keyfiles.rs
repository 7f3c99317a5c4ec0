//! The key-file checker on a real WinPro key file and on damaged ones.

use keeper_recovery::domain::Wmid;
use keeper_recovery::keyfile::{self, KEYFILE_LEN, KeyFile, KeyFileError};

use crate::common::*;

const REAL: &[u8] = include_bytes!("../data/wmsigner-test.kwm");

fn wmid(text: &str) -> Wmid {
    text.parse().expect("wmid")
}

#[test]
fn real_keeper_key_file_opens_with_its_wmid_and_access_code() {
    assert_eq!(REAL.len(), KEYFILE_LEN);
    let key = KeyFile::parse(REAL)
        .and_then(|file| file.unlock(&wmid(AN_WMID), &secret(AN_KEY_CODE)))
        .expect("the real file opens");
    assert_eq!(key.exponent.len(), 66);
    assert_eq!(key.modulus.len(), 66);
}

#[test]
fn real_key_file_refuses_another_code_or_wmid() {
    assert_eq!(
        keyfile::check(REAL, &wmid(AN_WMID), &secret("FvGqPdAy8reVWw788")),
        Err(KeyFileError::WrongAccessCode)
    );
    assert_eq!(
        keyfile::check(REAL, &wmid(BINH_WMID), &secret(AN_KEY_CODE)),
        Err(KeyFileError::WrongAccessCode)
    );
}

#[test]
fn truncated_file_is_named_as_such() {
    assert_eq!(
        keyfile::check(&REAL[..100], &wmid(AN_WMID), &secret(AN_KEY_CODE)),
        Err(KeyFileError::WrongSize { found: 100 })
    );
    assert_eq!(
        keyfile::check(&[], &wmid(AN_WMID), &secret(AN_KEY_CODE)),
        Err(KeyFileError::WrongSize { found: 0 })
    );
}

#[test]
fn corrupted_body_or_header_fails_the_check() {
    let mut flipped = REAL.to_vec();
    flipped[100] ^= 0x01;
    assert_eq!(
        keyfile::check(&flipped, &wmid(AN_WMID), &secret(AN_KEY_CODE)),
        Err(KeyFileError::WrongAccessCode)
    );
    let mut bad_length = REAL.to_vec();
    bad_length[20] = 0x8d;
    assert_eq!(
        keyfile::check(&bad_length, &wmid(AN_WMID), &secret(AN_KEY_CODE)),
        Err(KeyFileError::BadBodyLength { found: 0x8d })
    );
}

#[test]
fn issued_file_matches_the_real_layout() {
    let issued = KeyFile::issue(&wmid(AN_WMID), &secret(AN_KEY_CODE), &[9; 66], &[5; 66]);
    assert_eq!(issued.len(), REAL.len());
    assert_eq!(
        &issued[..4],
        &REAL[..4],
        "same reserved and sign-flag words"
    );
    assert_eq!(&issued[20..24], &REAL[20..24], "same body length");
}

/// The published WMSigner vector (php-wmsigner's tests/SignerTest.php, BSD licence): the
/// real key file above, the data `TEST`, and the 40 "random" bytes that test seeds.
const VECTOR_RANDOM: &str =
    "207074391755e24b3a538b5b16135b13a159274d7d29d16d61bbbe45b3be726c04523a3669efd04f";
const VECTOR_SIGNATURE: &str = "20d76ee3ad38c48805ddb2c9f1dc0644dd111b7bcc2c0b2c27d153195dd54e56da7330b4c1677098bcd8de3011b1d6c497d432bb845dcc9e8df8505ada8869650216";

fn vector_random() -> [u8; keyfile::RANDOM_LEN] {
    hex::decode(VECTOR_RANDOM)
        .expect("hex")
        .try_into()
        .expect("40 bytes")
}

#[test]
fn the_real_key_file_signs_the_published_vector_exactly() {
    let key = keyfile::open(REAL, &wmid(AN_WMID), &secret(AN_KEY_CODE)).expect("opens");
    let signature = keyfile::sign(&key, b"TEST", &vector_random()).expect("signs");
    assert_eq!(signature.as_str(), VECTOR_SIGNATURE);
    assert_eq!(signature.as_str().len(), keyfile::SIGNATURE_HEX_LEN);
}

#[test]
fn other_data_or_other_random_bytes_give_another_signature() {
    let key = keyfile::open(REAL, &wmid(AN_WMID), &secret(AN_KEY_CODE)).expect("opens");
    let other_data = keyfile::sign(&key, b"TESU", &vector_random()).expect("signs");
    let mut random = vector_random();
    random[39] ^= 1;
    let other_random = keyfile::sign(&key, b"TEST", &random).expect("signs");
    assert_ne!(other_data.as_str(), VECTOR_SIGNATURE);
    assert_ne!(other_random.as_str(), VECTOR_SIGNATURE);
}

/// The same digit, one higher (f becomes 0).
pub fn with_one_digit_changed(signature: &str, at: usize) -> String {
    let mut digits: Vec<char> = signature.chars().collect();
    let value = digits[at].to_digit(16).expect("a hex digit");
    digits[at] = char::from_digit((value + 1) % 16, 16).expect("a hex digit");
    digits.into_iter().collect()
}

#[test]
fn a_new_key_signs_what_its_public_half_verifies_and_one_changed_digit_does_not() {
    let (key, public) = keyfile::generate();
    let bytes = KeyFile::issue(
        &wmid(BINH_WMID),
        &secret("Binh-2024-key"),
        key.exponent.as_slice().try_into().expect("66 bytes"),
        key.modulus.as_slice().try_into().expect("66 bytes"),
    );
    let opened = keyfile::open(&bytes, &wmid(BINH_WMID), &secret("Binh-2024-key")).expect("opens");
    let random = keyfile::os_random().expect("the OS gives random bytes");
    let signature = keyfile::sign(&opened, b"a challenge", &random).expect("signs");
    assert!(keyfile::verify(&public, b"a challenge", &signature));
    assert!(!keyfile::verify(&public, b"another challenge", &signature));
    for at in [0, 65, 131] {
        let changed = with_one_digit_changed(signature.as_str(), at);
        let changed: keyfile::Signature = changed.parse().expect("still 132 hex digits");
        assert!(
            !keyfile::verify(&public, b"a challenge", &changed),
            "digit {at} changed"
        );
    }
}

fn body(exponent_len: u16, modulus_len: u16) -> Vec<u8> {
    let mut body = vec![0u8; keyfile::BODY_LEN];
    body[4..6].copy_from_slice(&exponent_len.to_le_bytes());
    body[6..72].fill(0x11);
    let at = 6 + usize::from(exponent_len).min(keyfile::PART_LEN);
    body[at..at + 2].copy_from_slice(&modulus_len.to_le_bytes());
    body[at + 2..].fill(0xff);
    body
}

#[test]
fn a_decoded_body_with_impossible_lengths_is_refused_by_name() {
    use keyfile::{KeyMaterial, KeyPart};
    assert!(KeyMaterial::from_decoded_body(&body(66, 66)).is_ok());
    assert!(
        KeyMaterial::from_decoded_body(&body(64, 66)).is_ok(),
        "shorter parts leave padding"
    );
    for (exponent, modulus, part, found) in [
        (0, 66, KeyPart::Exponent, 0),
        (67, 66, KeyPart::Exponent, 67),
        (u16::MAX, 66, KeyPart::Exponent, u16::MAX),
        (66, 0, KeyPart::Modulus, 0),
        (66, 67, KeyPart::Modulus, 67),
        (1, 200, KeyPart::Modulus, 200),
    ] {
        assert_eq!(
            KeyMaterial::from_decoded_body(&body(exponent, modulus)).err(),
            Some(KeyFileError::ImpossibleLength { part, found }),
            "exponent {exponent}, modulus {modulus}"
        );
    }
    let message = KeyFileError::ImpossibleLength {
        part: KeyPart::Modulus,
        found: 200,
    }
    .to_string();
    assert!(
        message.contains("modulus") && message.contains("200"),
        "{message}"
    );
    assert_eq!(
        KeyMaterial::from_decoded_body(&body(66, 66)[..100]).err(),
        Some(KeyFileError::BadBodyLength { found: 100 })
    );
}

#[test]
fn a_key_that_cannot_sign_is_malformed() {
    let mut even = body(66, 66);
    even[74] = 0xfe;
    assert_eq!(
        keyfile::KeyMaterial::from_decoded_body(&even).err(),
        Some(KeyFileError::MalformedKey),
        "an even modulus"
    );
    let mut short = body(66, 58);
    short[74..].fill(0);
    short[74..74 + 58].fill(0xff);
    assert_eq!(
        keyfile::KeyMaterial::from_decoded_body(&short).err(),
        Some(KeyFileError::MalformedKey),
        "a modulus no larger than what is signed"
    );
    let mut zero = body(66, 66);
    zero[6..72].fill(0);
    assert_eq!(
        keyfile::KeyMaterial::from_decoded_body(&zero).err(),
        Some(KeyFileError::MalformedKey),
        "a zero exponent"
    );
}
