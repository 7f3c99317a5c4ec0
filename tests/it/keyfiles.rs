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
