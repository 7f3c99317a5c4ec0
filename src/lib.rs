//! Keeper Recovery: the recovery protocol, its client, the built-in mock of
//! the recovery service, and the checks that run on the user's machine.
//! Only `app` knows about the GUI (the `gui` feature, on by default); every
//! other module is usable and tested without a window.

#[cfg(feature = "gui")]
pub mod app;
pub mod client;
pub mod diagnostics;
pub mod display;
pub mod domain;
pub mod file_dialog;
pub mod i18n;
pub mod instance;
pub mod keyfile;
pub mod logging;
pub mod mock;
pub mod protocol;
pub mod regular_file;
pub mod reminder;
pub mod storage;
pub mod token_store;

/// An enum's `strum::VariantArray` list as an array, so `for x in T::ALL`
/// yields values; a wrong length stops the build.
pub(crate) const fn variants<T: Copy, const N: usize>(all: &[T]) -> [T; N] {
    match all.first_chunk() {
        Some(first) if all.len() == N => *first,
        _ => panic!("the enum has another number of variants"),
    }
}
