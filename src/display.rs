//! Whether a window can be shown at all: the display the environment names,
//! reached before the windowing layer is started.
//!
//! Only "no display" is decided here, by connecting to it. Any other failure
//! to open the window is the windowing layer's to report, as itself.

use std::time::Duration;

/// Why no window can be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoDisplay {
    #[error("neither WAYLAND_DISPLAY nor DISPLAY is set")]
    NotNamed,
    #[error("{0}")]
    Unreachable(String),
}

/// Checks that the named display accepts connections. A server that is busy
/// starting up or flooded with clients is given a moment, not refused at once.
pub fn check() -> Result<(), NoDisplay> {
    if cfg!(any(windows, target_os = "macos")) {
        return Ok(());
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let candidates = displays(
        var("WAYLAND_DISPLAY").as_deref(),
        var("WAYLAND_SOCKET").is_some(),
        var("XDG_RUNTIME_DIR").as_deref(),
        var("DISPLAY").as_deref(),
    );
    if candidates.is_empty() {
        return Err(NoDisplay::NotNamed);
    }
    const ATTEMPTS: u32 = 5;
    let mut failures = Vec::new();
    for attempt in 1..=ATTEMPTS {
        failures.clear();
        for candidate in &candidates {
            match candidate.connect() {
                Ok(()) => return Ok(()),
                Err(why) => failures.push(format!("{candidate}: {why}")),
            }
        }
        if attempt < ATTEMPTS {
            std::thread::sleep(Duration::from_millis(100 * u64::from(attempt)));
        }
    }
    Err(NoDisplay::Unreachable(failures.join("; ")))
}

/// A display as the environment names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Display {
    /// A socket on this computer (Wayland, or X11 by number).
    Socket(std::path::PathBuf),
    /// X11 over TCP.
    Tcp(String, u16),
    /// Handed over already open (WAYLAND_SOCKET), or in a form not known here:
    /// the windowing layer decides.
    Given,
}

impl std::fmt::Display for Display {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Display::Socket(path) => write!(f, "{}", path.display()),
            Display::Tcp(host, port) => write!(f, "{host}:{port}"),
            Display::Given => f.write_str("a display given by the environment"),
        }
    }
}

impl Display {
    fn connect(&self) -> std::io::Result<()> {
        match self {
            Display::Socket(path) => connect_socket(path),
            Display::Tcp(host, port) => {
                use std::net::ToSocketAddrs;
                let mut last = std::io::Error::other("no address");
                for address in (host.as_str(), *port).to_socket_addrs()? {
                    match std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2)) {
                        Ok(_) => return Ok(()),
                        Err(e) => last = e,
                    }
                }
                Err(last)
            }
            Display::Given => Ok(()),
        }
    }
}

#[cfg(unix)]
fn connect_socket(path: &std::path::Path) -> std::io::Result<()> {
    match std::os::unix::net::UnixStream::connect(path) {
        Ok(_) => Ok(()),
        Err(on_disk) => {
            // An X server may listen only in Linux's abstract namespace.
            #[cfg(target_os = "linux")]
            {
                use std::os::linux::net::SocketAddrExt;
                let name = path.as_os_str().as_encoded_bytes();
                let abstract_name = std::os::unix::net::SocketAddr::from_abstract_name(name)?;
                if std::os::unix::net::UnixStream::connect_addr(&abstract_name).is_ok() {
                    return Ok(());
                }
            }
            Err(on_disk)
        }
    }
}

#[cfg(not(unix))]
fn connect_socket(_path: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}

/// The displays to try, Wayland first as the windowing layer does.
pub fn displays(
    wayland_display: Option<&str>,
    wayland_socket: bool,
    runtime_dir: Option<&str>,
    x_display: Option<&str>,
) -> Vec<Display> {
    let mut found = Vec::new();
    if wayland_socket {
        found.push(Display::Given);
    }
    if let Some(name) = wayland_display {
        let path = std::path::Path::new(name);
        if path.is_absolute() {
            found.push(Display::Socket(path.to_path_buf()));
        } else if let Some(dir) = runtime_dir {
            found.push(Display::Socket(std::path::Path::new(dir).join(name)));
        }
    }
    if let Some(name) = x_display {
        found.push(x11(name));
    }
    found
}

/// `[host]:number[.screen]`, with `unix` or no host meaning this computer.
fn x11(name: &str) -> Display {
    let Some((host, rest)) = name.rsplit_once(':') else {
        return Display::Given;
    };
    let number = rest.split('.').next().unwrap_or_default();
    let Ok(number) = number.parse::<u16>() else {
        return Display::Given;
    };
    let host = host.strip_prefix("unix/").unwrap_or(host);
    match host {
        "" | "unix" => Display::Socket(format!("/tmp/.X11-unix/X{number}").into()),
        host if host.contains('/') => Display::Given,
        host => match 6000u16.checked_add(number) {
            Some(port) => {
                let host = host.trim_start_matches("tcp/").trim_matches(['[', ']']);
                Display::Tcp(host.to_owned(), port)
            }
            None => Display::Given,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x11_names_become_the_sockets_xlib_would_use() {
        assert_eq!(x11(":0"), Display::Socket("/tmp/.X11-unix/X0".into()));
        assert_eq!(x11(":99.0"), Display::Socket("/tmp/.X11-unix/X99".into()));
        assert_eq!(x11("unix:3"), Display::Socket("/tmp/.X11-unix/X3".into()));
        assert_eq!(x11("remote:10.0"), Display::Tcp("remote".into(), 6010));
        assert_eq!(x11("[::1]:1"), Display::Tcp("::1".into(), 6001));
        // Forms Xlib knows and this check does not are left to it.
        assert_eq!(x11("/private/tmp/launch-x/org.xquartz:0"), Display::Given);
        assert_eq!(x11("nonsense"), Display::Given);
    }

    #[test]
    fn wayland_comes_first_and_is_found_in_the_runtime_folder() {
        assert_eq!(
            displays(Some("wayland-0"), false, Some("/run/user/1000"), Some(":0")),
            vec![
                Display::Socket("/run/user/1000/wayland-0".into()),
                Display::Socket("/tmp/.X11-unix/X0".into()),
            ]
        );
        assert_eq!(
            displays(Some("/run/w"), false, None, None),
            vec![Display::Socket("/run/w".into())]
        );
        assert!(displays(None, false, None, None).is_empty());
    }
}
