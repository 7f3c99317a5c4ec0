//! The screens: the start view, settings, a topic's panel and the support
//! panel. Each owns its state, its `Message` and its view, and reports
//! `Event`s to the app rather than reaching into it.

pub mod settings;
pub mod start;
pub mod support;
pub mod topic;
