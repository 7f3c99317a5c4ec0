//! Keeper Recovery: the recovery protocol, its client, the built-in mock of
//! the recovery service, and the checks that run on the user's machine.
//! Nothing here depends on the GUI.

pub mod client;
pub mod domain;
pub mod keyfile;
pub mod mock;
pub mod protocol;
