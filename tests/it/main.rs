//! Integration tests: the client against the built-in mock over real loopback HTTP.
//! One test binary, so the whole app links once.

mod adding_a_topic;
mod attacks;
mod common;
mod diagnostics;
mod enumeration;
mod failures;
mod faults;
mod flood;
mod flows;
mod i18n;
mod idempotency;
mod keyfile_cli;
mod keyfile_proof;
mod keyfile_save;
mod keyfiles;
#[cfg(feature = "gui")]
mod layout;
#[cfg(feature = "gui")]
mod leftovers;
mod locks;
mod openapi;
mod outcomes;
#[cfg(feature = "gui")]
mod packaging;
mod requests;
mod session;
#[cfg(feature = "gui")]
mod snapshots;
// Taking the display away, and X servers: Linux's and the BSDs'.
#[cfg(all(unix, not(target_os = "macos")))]
mod startup;
mod storage;
#[cfg(feature = "gui")]
mod support_ui;
#[cfg(feature = "gui")]
mod ui;
#[cfg(feature = "gui")]
mod ui_cases;
#[cfg(feature = "gui")]
mod ui_errors;
#[cfg(feature = "gui")]
mod ui_flows;
#[cfg(feature = "gui")]
mod ui_keyboard;
#[cfg(feature = "gui")]
mod ui_keyfiles;
#[cfg(feature = "gui")]
mod ui_screen_reader;
#[cfg(feature = "gui")]
mod ui_settings;
#[cfg(feature = "gui")]
mod ui_told;
#[cfg(all(feature = "gui", target_os = "linux"))]
mod user_guide;
#[cfg(feature = "gui")]
mod window;
