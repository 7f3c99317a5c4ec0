//! A diagnostics bundle is a file a stranger sent: reading one must answer
//! with a bundle or an error, never a panic or an unbounded allocation.
//! The bytes are read from memory, as `read_bundle` reads them once the file
//! is open and its size checked.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = keeper_recovery::diagnostics::read_bundle_bytes(data, Path::new("bundle.zip"));
});
