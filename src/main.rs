//! Keeper Recovery, the desktop app.

// Windows release builds open no console window beside the app's own.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use keeper_recovery::app::{self, Launch};
use keeper_recovery::i18n::Language;

#[derive(Parser, Debug, Clone)]
#[command(version, about = "Get your WebMoney Keeper account back")]
struct Args {
    /// Recovery service URL (https; plain http only on this computer). Without it the
    /// built-in mock runs.
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// Run the built-in mock with this scenario (a shipped name or a TOML file).
    #[arg(long, value_name = "NAME|FILE", conflicts_with = "endpoint")]
    scenario: Option<String>,
    /// Interface language.
    #[arg(long, value_parser = ["vi", "en", "ru"])]
    lang: Option<String>,
}

fn main() -> ExitCode {
    app::read_local_offset();
    let args = Args::parse();
    let launch = Launch {
        endpoint: args.endpoint,
        scenario: args.scenario,
        language: args.lang.as_deref().and_then(Language::from_code),
        paths: None,
    };
    match app::run(launch) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keeper-recovery: {e}");
            ExitCode::FAILURE
        }
    }
}
