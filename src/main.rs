//! Keeper Recovery, the desktop app.

// Windows release builds open no console window beside the app's own.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use keeper_recovery::app::{self, Launch};
use keeper_recovery::i18n::Language;
use keeper_recovery::keyfile::cli::{self as keyfile_cli, KeyfileCommand};
use keeper_recovery::logging;
use keeper_recovery::storage::AppPaths;

#[derive(Parser, Debug, Clone)]
#[command(version, about = "Get your WebMoney Keeper account back")]
struct Args {
    /// Without a command, the app opens.
    #[command(subcommand)]
    command: Option<Command>,
    /// Recovery service URL (https; plain http only on this computer). Without it the
    /// built-in mock runs.
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// Run the built-in mock with this scenario (a shipped name or a TOML file).
    #[arg(long, value_name = "NAME|FILE", conflicts_with = "endpoint")]
    scenario: Option<String>,
    /// Open the support panel: the demo service's scenario, outbox, faults,
    /// exchanges and cases beside the user's screen. Runs on the built-in mock.
    #[arg(long, conflicts_with = "endpoint")]
    support: bool,
    /// Type file paths into a field instead of opening the system's file
    /// dialogs (for a desktop whose dialogs do not open or misbehave).
    #[arg(long)]
    type_paths: bool,
    /// Interface language.
    #[arg(long, value_parser = ["vi", "en", "ru"])]
    lang: Option<String>,
}

#[derive(Subcommand, Debug, Clone)]
enum Command {
    /// Use a WinPro key file (.kwm) on this computer: check it, or sign with it.
    Keyfile {
        #[command(subcommand)]
        action: KeyfileCommand,
    },
}

fn main() -> ExitCode {
    #[cfg(all(windows, not(debug_assertions)))]
    attach_parent_console();
    app::read_local_offset();
    let args = Args::parse();
    if let Some(Command::Keyfile { action }) = &args.command {
        use std::io::IsTerminal;
        let stdin = std::io::stdin();
        let stdin_is_terminal = stdin.is_terminal();
        let code = keyfile_cli::run(
            action,
            keyfile_cli::Streams {
                stdin: &mut stdin.lock(),
                stdin_is_terminal,
                stdout: &mut std::io::stdout().lock(),
                stderr: &mut std::io::stderr().lock(),
            },
        );
        return ExitCode::from(code);
    }
    let _log = start_log();
    let launch = Launch {
        endpoint: args.endpoint,
        scenario: args.scenario,
        language: args.lang.as_deref().and_then(Language::from_code),
        support: args.support,
        paths: None,
        type_paths: args.type_paths,
    };
    let language = launch.language.unwrap_or_else(Language::from_os);
    // Held until the app ends: the display does not start over under it.
    let _display = match keeper_recovery::display::check() {
        Ok(held) => held,
        Err(why) => {
            tracing::info!(%why, "no display");
            let tr = keeper_recovery::i18n::Translator::new(language);
            eprintln!("keeper-recovery: {}", tr.tr("no-display"));
            return ExitCode::FAILURE;
        }
    };
    // Any other failure to start is itself, said on standard error as Rust
    // says it, and kept in the log for support.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info.location().map(ToString::to_string).unwrap_or_default();
        tracing::error!(panic = %panic_text(info.payload()), location, "the app stopped");
        default_hook(info);
    }));
    match app::run(launch) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "the app could not run");
            eprintln!("keeper-recovery: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A release build on Windows is a GUI program, so Windows starts it without
/// a console and `--version`, `--help` or an error typed in a console would
/// print nowhere. Attaching to the parent's console fixes that; started from
/// Explorer there is none and nothing changes. Output already redirected to
/// a file or pipe keeps going there.
#[cfg(all(windows, not(debug_assertions)))]
fn attach_parent_console() {
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
    };
    // SAFETY: both calls take plain values and only read or set this
    // process's standard handles.
    unsafe {
        let stdout = GetStdHandle(STD_OUTPUT_HANDLE);
        if stdout.is_null() || stdout == INVALID_HANDLE_VALUE {
            // Fails when the parent has no console: then there is nowhere to print.
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// The log file and standard error; standard error only when the log folder
/// cannot be used, which is said once and does not stop the app.
fn start_log() -> Option<logging::LogGuard> {
    let Some(paths) = AppPaths::for_user() else {
        logging::init_stderr_only();
        eprintln!("keeper-recovery: no home folder, so no log file");
        return None;
    };
    logging::init(&paths.log_dir)
        .inspect_err(|e| eprintln!("keeper-recovery: {e}; running without a log file"))
        .ok()
}
