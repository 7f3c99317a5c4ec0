//! The app's log: one file a day in the log folder (the last seven kept), and
//! standard error.
//!
//! The file takes `info` and above. Standard error takes what `RUST_LOG` asks
//! for, `warn` by default. The file's level does not follow `RUST_LOG` on
//! purpose: the file goes into diagnostics bundles users send to support, and
//! other crates' `debug`/`trace` output (connection internals) has no place there.
//!
//! What is logged never includes a secret: requests are logged by method,
//! path, status and duration, never bodies, headers, tokens or codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use tracing::Subscriber;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{InitError, RollingFileAppender, Rotation};
use tracing_subscriber::filter::{EnvFilter, LevelFilter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{Layer, fmt};

use crate::storage::StorageError;

/// Log files are named `keeper-recovery.<yyyy-mm-dd>.log`.
pub const LOG_FILE_PREFIX: &str = "keeper-recovery";
pub const LOG_FILE_SUFFIX: &str = "log";
/// A week of daily files; older ones are deleted as new ones start.
pub const KEEP_LOG_FILES: usize = 7;

/// Lines waiting for the writer thread; past this a burst drops lines, never blocks.
const QUEUED_LINES: usize = 2048;

#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error(transparent)]
    Folder(#[from] StorageError),
    #[error("could not open a log file in {}: {source}", .path.display())]
    File {
        path: PathBuf,
        #[source]
        source: InitError,
    },
    #[error("the log was already set up")]
    AlreadySet,
}

/// Keeps the file log running: lines are written by a background thread,
/// and dropping the guard flushes what is still queued. Keep it until exit.
#[must_use = "the file log stops when the guard is dropped"]
pub struct LogGuard {
    _worker: WorkerGuard,
}

impl std::fmt::Debug for LogGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogGuard")
    }
}

/// Sets up the process-wide log: the file in `log_dir` (created owner-only
/// if missing) and standard error, then logs the start line.
///
/// When the folder or file cannot be used, the standard error log is still
/// set up and the error says why there is no file log: the app runs on.
pub fn init(log_dir: &Path) -> Result<LogGuard, LoggingError> {
    match subscriber(log_dir) {
        Ok((subscriber, guard)) => {
            tracing::subscriber::set_global_default(subscriber)
                .map_err(|_| LoggingError::AlreadySet)?;
            log_start();
            Ok(guard)
        }
        Err(error) => {
            init_stderr_only();
            Err(error)
        }
    }
}

/// Sets up the process-wide log on standard error only, for when there is
/// no log folder. Does nothing if a log is already set up.
pub fn init_stderr_only() {
    let subscriber = tracing_subscriber::registry().with(stderr_layer());
    if tracing::subscriber::set_global_default(subscriber).is_ok() {
        log_start();
    }
}

/// The subscriber [`init`] installs, with its guard. Tests use it through
/// `tracing::subscriber::set_default`, as the process-wide one can be set
/// only once.
pub fn subscriber(
    log_dir: &Path,
) -> Result<(impl Subscriber + Send + Sync + 'static, LogGuard), LoggingError> {
    crate::storage::ensure_private_folder(log_dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix(LOG_FILE_SUFFIX)
        .max_log_files(KEEP_LOG_FILES)
        .build(log_dir)
        .map_err(|source| LoggingError::File {
            path: log_dir.to_path_buf(),
            source,
        })?;
    // A background thread writes, so a slow disk never holds up the UI. The
    // queue's slots are allocated up front: the default 128,000 lines cost
    // about 4 MB of memory for a log that writes a line per request.
    let (writer, worker) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(QUEUED_LINES)
        .finish(appender);
    let file = fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_filter(LevelFilter::INFO);
    let subscriber = tracing_subscriber::registry()
        .with(stderr_layer())
        .with(file);
    Ok((subscriber, LogGuard { _worker: worker }))
}

/// The first line of every run: which build, on which system.
pub fn log_start() {
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS,
        arch = std::env::consts::ARCH,
        "Keeper Recovery started"
    );
}

/// Whether `name` is one of the app's log files.
pub fn is_log_file_name(name: &str) -> bool {
    name.strip_prefix(LOG_FILE_PREFIX)
        .and_then(|rest| rest.strip_suffix(LOG_FILE_SUFFIX))
        .is_some_and(|date| date.starts_with('.') && date.ends_with('.'))
}

fn stderr_layer<S>() -> impl Layer<S> + Send + Sync + 'static
where
    S: Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    let filter = EnvFilter::builder()
        .with_default_directive(LevelFilter::WARN.into())
        .from_env_lossy();
    fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_filter(filter)
}
