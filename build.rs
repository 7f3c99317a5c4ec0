//! For Windows targets, puts the icon, the version information and the
//! manifest (DPI awareness, Windows 10 and 11) into keeper-recovery.exe.
//! For other targets it does nothing.
//!
//! A build script runs on the building machine, so `cfg(windows)` here would
//! describe that machine: the target is read from what cargo passes instead,
//! and the resources are embedded when cross-compiling from Linux too
//! (MinGW's windres) as well as on Windows (rc.exe or windres).

use std::path::Path;

const DIR: &str = "packaging/windows";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        embed_windows_resources();
    }
}

fn embed_windows_resources() {
    for file in [
        "keeper-recovery.rc",
        "keeper-recovery.manifest",
        "keeper-recovery.ico",
    ] {
        println!("cargo::rerun-if-changed={DIR}/{file}");
    }
    // The version from Cargo.toml, as a header in OUT_DIR (which every
    // resource compiler embed-resource runs searches): a header, not -D
    // flags, because windres and rc.exe quote a string macro differently.
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    let header = format!(
        "#define VERSION_MAJOR {}\n#define VERSION_MINOR {}\n#define VERSION_PATCH {}\n#define VERSION_STRING \"{}\"\n",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
        env!("CARGO_PKG_VERSION"),
    );
    let path = Path::new(&out_dir).join("keeper-recovery-version.h");
    if let Err(e) = std::fs::write(&path, header) {
        panic!("writing {}: {e}", path.display());
    }
    // Only the app: the mock's console binary keeps the defaults. Without
    // the manifest the window would be blurry on scaled displays, so a
    // missing resource compiler fails the build rather than warns.
    let result = embed_resource::compile_for(
        format!("{DIR}/keeper-recovery.rc"),
        ["keeper-recovery"],
        embed_resource::NONE,
    );
    if let Err(e) = result.manifest_required() {
        panic!("embedding the Windows resources: {e}");
    }
}
