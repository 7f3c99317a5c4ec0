//! Keeper Recovery, the desktop app.

use std::process::ExitCode;

use clap::Parser;

mod app;

#[derive(Parser, Debug, Clone)]
#[command(version, about = "Get your WebMoney Keeper account back")]
pub struct Args {
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
    let args = Args::parse();
    match app::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keeper-recovery: {e}");
            ExitCode::FAILURE
        }
    }
}
