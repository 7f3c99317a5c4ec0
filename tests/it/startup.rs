//! Starting the real program where it cannot open a window.

use std::process::Command;

/// The app with a throw-away home, in English, and without `vars` removed.
fn app_without(vars: &[&str], display: Option<&str>) -> std::process::Output {
    let home = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_keeper-recovery"));
    command
        .args(["--lang", "en"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"));
    for var in vars {
        command.env_remove(var);
    }
    if let Some(display) = display {
        command.env("DISPLAY", display);
    }
    command.output().expect("the app starts")
}

fn assert_one_clear_line(output: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status; it said {stderr:?}"
    );
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line, not a panic: {stderr:?}");
    assert!(lines[0].contains("No display found"), "{stderr:?}");
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn without_a_display_the_app_says_so_in_one_line_and_exits_1() {
    let output = app_without(&["DISPLAY", "WAYLAND_DISPLAY"], None);
    assert_one_clear_line(&output);
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn a_display_that_cannot_be_reached_is_said_the_same_way() {
    let output = app_without(&["WAYLAND_DISPLAY"], Some(":87"));
    assert_one_clear_line(&output);
}
