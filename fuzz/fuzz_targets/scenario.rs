//! Scenario files come from users and bundles: parsing and validating one
//! must never panic, whatever the TOML holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = keeper_recovery::mock::scenario::Scenario::parse("fuzz", text);
    }
});
