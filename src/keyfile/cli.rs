//! `keeper-recovery keyfile check|sign`: a key file used from the command line.
//!
//! The access code is read from the terminal without echo, or, when standard
//! input is not a terminal, from its first line. `sign` signs everything on
//! standard input after that (all of it, when the code came from the
//! terminal) and prints the WMSigner signature. Nothing secret is printed.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::domain::{SecretText, Wmid};
use crate::keyfile::{self, KeyMaterial};

/// The exit codes, as `--help` lists them.
pub const EXIT_OK: u8 = 0;
pub const EXIT_REFUSED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

const AFTER_HELP: &str = "\
The access code is read from the terminal without echo. When standard input is \
not a terminal, its first line is the access code (a trailing CR is ignored), \
and for `sign` everything after that first newline, byte for byte, is the data:

  printf '%s\\n%s' \"$CODE\" 'TEST' | keeper-recovery keyfile sign 405002833238.kwm --wmid 405002833238

Exit status: 0 done; 1 the access code does not open the file for this WMID, \
or the file is damaged or unreadable; 2 wrong usage.";

#[derive(Debug, Clone, clap::Subcommand)]
pub enum KeyfileCommand {
    /// Check that a WinPro key file (.kwm) opens for a WMID with its access code.
    #[command(after_help = AFTER_HELP)]
    Check {
        /// The key file.
        file: PathBuf,
        /// The WMID the key file belongs to (12 digits).
        #[arg(long, value_name = "WMID")]
        wmid: Wmid,
    },
    /// Sign standard input with a key file; prints the WMSigner signature (132 hex digits).
    #[command(after_help = AFTER_HELP)]
    Sign {
        /// The key file.
        file: PathBuf,
        /// The WMID the key file belongs to (12 digits).
        #[arg(long, value_name = "WMID")]
        wmid: Wmid,
    },
}

/// Where the command reads and writes: the process's own streams, or a test's.
pub struct Streams<'a> {
    pub stdin: &'a mut dyn BufRead,
    /// Standard input is a terminal: ask for the access code without echo.
    pub stdin_is_terminal: bool,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
}

/// Why the command stopped, with the exit code it means.
enum Failure {
    Refused(String),
    Usage(String),
}

impl From<keyfile::KeyFileError> for Failure {
    fn from(error: keyfile::KeyFileError) -> Self {
        Failure::Refused(error.to_string())
    }
}

/// Runs the command; returns its exit code.
pub fn run(command: &KeyfileCommand, io: Streams<'_>) -> u8 {
    let Streams {
        stdin,
        stdin_is_terminal,
        stdout,
        stderr,
    } = io;
    let result = match command {
        KeyfileCommand::Check { file, wmid } => open(file, wmid, stdin, stdin_is_terminal)
            .and_then(|_| {
                writeln!(
                    stdout,
                    "The key file opens with this access code for WMID {wmid}."
                )
                .map_err(|e| Failure::Refused(format!("cannot write the answer: {e}")))
            }),
        KeyfileCommand::Sign { file, wmid } => open(file, wmid, stdin, stdin_is_terminal)
            .and_then(|key| sign(&key, stdin))
            .and_then(|signature| {
                writeln!(stdout, "{signature}")
                    .map_err(|e| Failure::Refused(format!("cannot write the signature: {e}")))
            }),
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(Failure::Refused(message)) => {
            let _ = writeln!(stderr, "keeper-recovery: {message}");
            EXIT_REFUSED
        }
        Err(Failure::Usage(message)) => {
            let _ = writeln!(stderr, "keeper-recovery: {message}");
            EXIT_USAGE
        }
    }
}

fn open(
    file: &Path,
    wmid: &Wmid,
    stdin: &mut dyn BufRead,
    stdin_is_terminal: bool,
) -> Result<KeyMaterial, Failure> {
    let bytes = keyfile::read_file(file).map_err(|e| Failure::Refused(e.to_string()))?;
    let code = access_code(stdin, stdin_is_terminal)?;
    Ok(keyfile::open(&bytes, wmid, &code)?)
}

fn access_code(stdin: &mut dyn BufRead, stdin_is_terminal: bool) -> Result<SecretText, Failure> {
    if stdin_is_terminal {
        let code = Zeroizing::new(
            rpassword::prompt_password("Key-file access code: ")
                .map_err(|e| Failure::Usage(format!("cannot read the access code: {e}")))?,
        );
        return Ok(SecretText::new(code.as_str()));
    }
    let mut line = Zeroizing::new(Vec::new());
    let read = stdin
        .read_until(b'\n', &mut line)
        .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
    if read == 0 {
        return Err(Failure::Usage(
            "standard input is empty: its first line must be the access code".into(),
        ));
    }
    let mut code = &line[..];
    if let Some(rest) = code.strip_suffix(b"\n") {
        code = rest;
    }
    if let Some(rest) = code.strip_suffix(b"\r") {
        code = rest;
    }
    let code = std::str::from_utf8(code).map_err(|_| {
        Failure::Usage("the access code on the first line is not UTF-8 text".into())
    })?;
    Ok(SecretText::new(code))
}

fn sign(key: &KeyMaterial, stdin: &mut dyn BufRead) -> Result<keyfile::Signature, Failure> {
    let mut data = Vec::new();
    stdin
        .read_to_end(&mut data)
        .map_err(|e| Failure::Usage(format!("cannot read the data to sign: {e}")))?;
    let random = keyfile::os_random()
        .map_err(|e| Failure::Refused(format!("no random numbers from the system: {e}")))?;
    Ok(keyfile::sign(key, &data, &random)?)
}
