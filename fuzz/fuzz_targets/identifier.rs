//! What users type: every identifier parser answers Ok or an InputError.
#![no_main]

use keeper_recovery::domain::Identifier;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = text.parse::<Identifier>();
    }
});
