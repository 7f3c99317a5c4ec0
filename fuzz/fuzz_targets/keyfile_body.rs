//! The decoded body of a key file gives the lengths of its own parts: reading
//! it must answer a key or a KeyFileError, never panic, and a key it accepts
//! must sign.
#![no_main]

use keeper_recovery::keyfile::{self, BODY_LEN, KeyMaterial};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // As given (any length), and fitted to a body's 140 bytes so the lengths
    // and numbers inside are what the fuzzer varies.
    let _ = KeyMaterial::from_decoded_body(data);
    let mut body = [0u8; BODY_LEN];
    let n = data.len().min(BODY_LEN);
    body[..n].copy_from_slice(&data[..n]);
    if let Ok(key) = KeyMaterial::from_decoded_body(&body) {
        let signature = keyfile::sign(&key, b"TEST", &[0; keyfile::RANDOM_LEN])
            .expect("a key that reads also signs");
        assert_eq!(signature.as_str().len(), keyfile::SIGNATURE_HEX_LEN);
    }
});
