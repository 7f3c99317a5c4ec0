//! Whether a window can be shown at all: the display the environment names,
//! reached before the windowing layer is started.
//!
//! Only "no display" is decided here, by connecting to it. Any other failure
//! to open the window is the windowing layer's to report, as itself.
//!
//! The connection is held while the app runs. An X server started without
//! `-noreset` (Xvfb, xvfb-run, many display managers) starts over each time
//! its last client leaves, and refuses clients while it does: a check that
//! let go at once would itself make the window's own connection fail
//! (`XOpenDisplayFailed`), and so would any short-lived client (xdotool,
//! xprop) leaving just before the app connects. Held, the server has a client
//! and does not start over under the app.

use std::time::Duration;

/// Why no window can be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoDisplay {
    #[error("neither WAYLAND_DISPLAY nor DISPLAY is set")]
    NotNamed,
    #[error("{0}")]
    Unreachable(String),
}

/// A connection to the display, held so that the server does not start over
/// while the app connects (see the module's notes). Dropping it lets go.
#[derive(Debug, Default)]
pub struct Held {
    _connection: Option<Connection>,
}

impl Held {
    /// Whether an X client that has done its setup is held, the only kind
    /// that keeps an X server from starting over.
    pub fn holds_an_x11_client(&self) -> bool {
        #[cfg(all(target_os = "linux", feature = "gui"))]
        if let Some(connection) = &self._connection {
            return connection._x11.is_some();
        }
        false
    }
}

/// Kept open, never read or written.
#[derive(Debug)]
struct Connection {
    #[cfg(unix)]
    _socket: Option<std::os::unix::net::UnixStream>,
    _tcp: Option<std::net::TcpStream>,
    /// An X client that has done its setup: only such a client keeps the
    /// server from starting over (one still in setup does not count).
    #[cfg(all(target_os = "linux", feature = "gui"))]
    _x11: Option<x11rb::rust_connection::RustConnection>,
}

impl Connection {
    #[cfg(unix)]
    fn socket(stream: std::os::unix::net::UnixStream) -> Connection {
        Connection {
            _socket: Some(stream),
            _tcp: None,
            #[cfg(all(target_os = "linux", feature = "gui"))]
            _x11: None,
        }
    }

    fn tcp(stream: std::net::TcpStream) -> Connection {
        Connection {
            #[cfg(unix)]
            _socket: None,
            _tcp: Some(stream),
            #[cfg(all(target_os = "linux", feature = "gui"))]
            _x11: None,
        }
    }
}

/// Checks that the display the environment names accepts connections, and
/// holds one. A server that is busy starting up, starting over or flooded
/// with clients is given a moment, not refused at once.
pub fn check() -> Result<Held, NoDisplay> {
    if cfg!(any(windows, target_os = "macos")) {
        return Ok(Held::default());
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    check_named(&Environment {
        wayland_display: var("WAYLAND_DISPLAY"),
        wayland_socket: var("WAYLAND_SOCKET").is_some(),
        runtime_dir: var("XDG_RUNTIME_DIR"),
        x_display: var("DISPLAY"),
    })
}

/// What names a display, as read from the environment.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub wayland_display: Option<String>,
    pub wayland_socket: bool,
    pub runtime_dir: Option<String>,
    pub x_display: Option<String>,
}

/// [`check`] for displays named by `environment`, on any system.
pub fn check_named(environment: &Environment) -> Result<Held, NoDisplay> {
    let candidates = displays(
        environment.wayland_display.as_deref(),
        environment.wayland_socket,
        environment.runtime_dir.as_deref(),
        environment.x_display.as_deref(),
    );
    if candidates.is_empty() {
        return Err(NoDisplay::NotNamed);
    }
    const ATTEMPTS: u32 = 5;
    let mut failures = Vec::new();
    for attempt in 1..=ATTEMPTS {
        failures.clear();
        for candidate in &candidates {
            match candidate.connect(environment.x_display.as_deref()) {
                Ok(connection) => {
                    return Ok(Held {
                        _connection: connection,
                    });
                }
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
    /// An X server's, not a Wayland compositor's.
    #[cfg(all(target_os = "linux", feature = "gui"))]
    fn is_x11(&self) -> bool {
        match self {
            Display::Socket(path) => path.starts_with("/tmp/.X11-unix"),
            Display::Tcp(..) => true,
            Display::Given => false,
        }
    }

    /// Connects; the connection to keep. On an X server, once the socket
    /// answers, as a client that has done its setup. A server starting over
    /// drops clients still in setup, again and again while short-lived
    /// clients come and go, so the setup is tried for a while; if it never
    /// completes, or the server refuses it, the bare connection is kept and
    /// the windowing layer says why.
    fn connect(&self, x_name: Option<&str>) -> std::io::Result<Option<Connection>> {
        let reached = self.reach()?;
        #[cfg(all(target_os = "linux", feature = "gui"))]
        if let Some(name) = x_name.filter(|_| self.is_x11()) {
            const SETUP_FOR: Duration = Duration::from_secs(5);
            let started = std::time::Instant::now();
            loop {
                match x11rb::connect(Some(name)) {
                    Ok((connection, _)) => {
                        return Ok(Some(Connection {
                            _socket: None,
                            _tcp: None,
                            _x11: Some(connection),
                        }));
                    }
                    Err(x11rb::errors::ConnectError::IoError(_))
                        if started.elapsed() < SETUP_FOR =>
                    {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(_) => break,
                }
            }
        }
        let _ = x_name;
        Ok(reached)
    }

    fn reach(&self) -> std::io::Result<Option<Connection>> {
        match self {
            Display::Socket(path) => connect_socket(path),
            Display::Tcp(host, port) => {
                use std::net::ToSocketAddrs;
                let mut last = std::io::Error::other("no address");
                for address in (host.as_str(), *port).to_socket_addrs()? {
                    match std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2)) {
                        Ok(stream) => return Ok(Some(Connection::tcp(stream))),
                        Err(e) => last = e,
                    }
                }
                Err(last)
            }
            Display::Given => Ok(None),
        }
    }
}

#[cfg(unix)]
fn connect_socket(path: &std::path::Path) -> std::io::Result<Option<Connection>> {
    use std::os::unix::net::UnixStream;
    match UnixStream::connect(path) {
        Ok(stream) => Ok(Some(Connection::socket(stream))),
        Err(on_disk) => {
            // An X server may listen only in Linux's abstract namespace.
            #[cfg(target_os = "linux")]
            {
                use std::os::linux::net::SocketAddrExt;
                let name = path.as_os_str().as_encoded_bytes();
                let abstract_name = std::os::unix::net::SocketAddr::from_abstract_name(name)?;
                if let Ok(stream) = UnixStream::connect_addr(&abstract_name) {
                    return Ok(Some(Connection::socket(stream)));
                }
            }
            Err(on_disk)
        }
    }
}

#[cfg(not(unix))]
fn connect_socket(_path: &std::path::Path) -> std::io::Result<Option<Connection>> {
    Ok(None)
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

// The names are Linux's and the BSDs' (paths from the root, /tmp/.X11-unix).
#[cfg(all(test, unix, not(target_os = "macos")))]
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
