//! A key file is read from wherever the user points: checking one must
//! answer Ok or a KeyFileError, never panic.
#![no_main]

use keeper_recovery::domain::{SecretText, Wmid};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(wmid) = "405002833238".parse::<Wmid>() else {
        return;
    };
    let code = SecretText::new("FvGqPdAy8reVWw789");
    let _ = keeper_recovery::keyfile::check(data, &wmid, &code);
});
