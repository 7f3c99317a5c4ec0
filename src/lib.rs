//! Keeper Recovery: the recovery protocol, its client, the built-in mock of
//! the recovery service, and the checks that run on the user's machine.
//! Only `app` knows about the GUI (the `gui` feature, on by default); every
//! other module is usable and tested without a window.

#[cfg(feature = "gui")]
pub mod app;
pub mod client;
pub mod diagnostics;
pub mod domain;
pub mod i18n;
pub mod keyfile;
pub mod keyfile_cli;
pub mod keyfile_save;
pub mod logging;
pub mod mock;
pub mod protocol;
pub mod session;
pub mod storage;
