//! `keeper-recovery keyfile check|sign`, run as the built program: what a
//! person at a terminal or a script sees, and the exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::common::*;

const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/wmsigner-test.kwm");
const VECTOR_SIGNATURE: &str = "20d76ee3ad38c48805ddb2c9f1dc0644dd111b7bcc2c0b2c27d153195dd54e56da7330b4c1677098bcd8de3011b1d6c497d432bb845dcc9e8df8505ada8869650216";

/// Runs the app's binary with `args`, `stdin` piped in (so not a terminal).
fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_keeper-recovery"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // The CLI must not need a display, a keyring or a home folder.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .spawn()
        .expect("the binary starts");
    // A damaged file is refused before the access code is read, so the
    // program may have ended and closed its stdin before this is written.
    match child.stdin.take().expect("stdin").write_all(stdin) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("stdin not written: {e}"),
    }
    child.wait_with_output().expect("the binary ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_says_the_real_key_file_opens_with_its_access_code() {
    let out = run(
        &["keyfile", "check", REAL, "--wmid", AN_WMID],
        format!("{AN_KEY_CODE}\n").as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("opens"), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains(AN_KEY_CODE));
    assert!(!text(&out.stderr).contains(AN_KEY_CODE));
}

#[test]
fn check_refuses_a_wrong_code_with_exit_1_and_never_echoes_it() {
    for code in ["FvGqPdAy8reVWw788\n", "FvGqPdAy8reVWw788\r\n", "\n"] {
        let out = run(
            &["keyfile", "check", REAL, "--wmid", AN_WMID],
            code.as_bytes(),
        );
        assert_eq!(out.status.code(), Some(1), "{code:?}");
        let err = text(&out.stderr);
        assert!(err.contains("does not open"), "{err}");
        assert!(!err.contains("FvGqPdAy8reVWw788") && !text(&out.stdout).contains("FvGq"));
        assert!(out.stdout.is_empty());
    }
    let other_wmid = run(
        &["keyfile", "check", REAL, "--wmid", BINH_WMID],
        format!("{AN_KEY_CODE}\n").as_bytes(),
    );
    assert_eq!(other_wmid.status.code(), Some(1));
}

#[test]
fn a_crlf_line_end_is_not_part_of_the_code() {
    let out = run(
        &["keyfile", "check", REAL, "--wmid", AN_WMID],
        format!("{AN_KEY_CODE}\r\n").as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_damaged_or_missing_file_is_exit_1_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let short = dir.path().join("short.kwm");
    let real = std::fs::read(REAL).expect("the real key file");
    std::fs::write(&short, &real[..100]).expect("written");
    let path = short.to_string_lossy().into_owned();
    let out = run(&["keyfile", "check", &path, "--wmid", AN_WMID], b"code\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("100 bytes"),
        "{}",
        text(&out.stderr)
    );

    let missing = dir.path().join("none.kwm").to_string_lossy().into_owned();
    let out = run(
        &["keyfile", "check", &missing, "--wmid", AN_WMID],
        b"code\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot read"),
        "{}",
        text(&out.stderr)
    );
}

/// What is not a key file is refused at once, named, before the access code
/// is asked: a device that never ends, a named pipe with no writer, a file
/// of 100 MB (sparse: refused by its size, never read whole).
#[cfg(unix)]
#[test]
fn devices_pipes_and_huge_files_are_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.kwm");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let huge = dir.path().join("huge.kwm");
    std::fs::File::create(&huge)
        .and_then(|file| file.set_len(100 * 1024 * 1024))
        .expect("a large file");
    let fifo = fifo.to_string_lossy().into_owned();
    let huge = huge.to_string_lossy().into_owned();
    for (path, said) in [
        ("/dev/zero", "it is a device, not a key file"),
        ("/dev/urandom", "it is a device, not a key file"),
        (fifo.as_str(), "it is a named pipe, not a key file"),
        (huge.as_str(), "this one is 104857600 bytes"),
    ] {
        for action in ["check", "sign"] {
            let out = run(&["keyfile", action, path, "--wmid", AN_WMID], b"code\n");
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{path}: {err}");
            assert!(err.contains(said), "{path}: {err}");
            assert!(err.starts_with("keeper-recovery: "), "{err}");
        }
    }
}

#[test]
fn usage_errors_are_exit_2() {
    let no_wmid = run(&["keyfile", "check", REAL], b"");
    assert_eq!(no_wmid.status.code(), Some(2));
    let bad_wmid = run(&["keyfile", "sign", REAL, "--wmid", "12345"], b"");
    assert_eq!(bad_wmid.status.code(), Some(2));
    let no_code = run(&["keyfile", "check", REAL, "--wmid", AN_WMID], b"");
    assert_eq!(no_code.status.code(), Some(2));
    assert!(
        text(&no_code.stderr).contains("first line"),
        "{}",
        text(&no_code.stderr)
    );
    let unknown = run(&["keyfile", "encrypt", REAL], b"");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn sign_prints_a_signature_of_the_rest_of_stdin() {
    let out = run(
        &["keyfile", "sign", REAL, "--wmid", AN_WMID],
        format!("{AN_KEY_CODE}\nTEST").as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    let signature = printed.trim_end();
    assert_eq!(printed.len(), 133, "132 digits and a newline: {printed:?}");
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()));
    // Random bytes make each signature differ from the published one and from the next.
    assert_ne!(signature, VECTOR_SIGNATURE);
    let again = run(
        &["keyfile", "sign", REAL, "--wmid", AN_WMID],
        format!("{AN_KEY_CODE}\nTEST").as_bytes(),
    );
    assert_ne!(text(&again.stdout), printed);
    assert!(!printed.contains(AN_KEY_CODE) && !text(&out.stderr).contains(AN_KEY_CODE));
}

#[test]
fn a_signature_from_the_command_line_verifies_with_the_keys_public_half() {
    use keeper_recovery::keyfile::{self, KeyFile};
    let (key, public) = keyfile::generate();
    let wmid = BINH_WMID.parse().expect("wmid");
    let bytes = KeyFile::issue(
        &wmid,
        &secret(BINH_KEY_CODE),
        key.exponent.as_slice().try_into().expect("66 bytes"),
        key.modulus.as_slice().try_into().expect("66 bytes"),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("binh.kwm");
    std::fs::write(&file, &bytes).expect("written");
    let path = file.to_string_lossy().into_owned();
    let data = b"line one\nline two\n";
    let mut input = format!("{BINH_KEY_CODE}\n").into_bytes();
    input.extend_from_slice(data);
    let out = run(&["keyfile", "sign", &path, "--wmid", BINH_WMID], &input);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let signature: keyfile::Signature = text(&out.stdout).trim_end().parse().expect("132 digits");
    assert!(keyfile::verify(&public, data, &signature));
    assert!(!keyfile::verify(&public, b"line one\nline two", &signature));
}

#[test]
fn help_explains_the_stdin_convention_and_the_exit_codes() {
    let out = run(&["keyfile", "sign", "--help"], b"");
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("first line is the access code"), "{help}");
    assert!(help.contains("Exit status"), "{help}");
}
