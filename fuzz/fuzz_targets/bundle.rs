//! A diagnostics bundle is a file a stranger sent: reading one must answer
//! with a bundle or an error, never a panic or an unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("bundle.zip");
    if std::fs::write(&path, data).is_ok() {
        let _ = keeper_recovery::diagnostics::read_bundle(&path);
    }
});
