//! One copy of the app per user (per set of home folders). Two copies on one
//! home would each rewrite the open recoveries and fight over the same
//! keyring entries; a user who starts the app again wants the window already
//! open.
//!
//! The first copy holds a lock on `instance.lock` in the state folder for as
//! long as it runs (the OS lets go of it when the process ends, however it
//! ends) and listens on a loopback port, written with a random secret to the
//! owner-only `instance.addr` beside it. A later start finds the lock taken,
//! sends "come forward" with the secret, and ends; the first copy then raises
//! its window. Plain loopback TCP works the same on every OS; the secret keeps
//! other users of the machine from poking the window.

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::storage::{AppPaths, ensure_private_folder, write_atomic};

const LOCK_FILE: &str = "instance.lock";
const ADDRESS_FILE: &str = "instance.addr";
/// How long a later start waits for the first copy to answer (it may be
/// starting itself, between taking the lock and writing its address).
const ANSWER_WITHIN: Duration = Duration::from_secs(3);
const REQUEST: &str = "come-forward";

/// What starting found.
pub enum Claim {
    /// This is the only copy: it listens for later starts while `Instance` lives.
    First(Instance),
    /// Another copy runs on this home. `told`: it heard the request to come
    /// forward (otherwise it did not answer in time).
    Running { told: bool },
}

/// The running copy's hold on its home, and the requests to come forward.
pub struct Instance {
    /// Locked while open; the lock goes with the file.
    _lock: fs::File,
    requests: Arc<Notify>,
    stop: Arc<AtomicBool>,
    address: SocketAddr,
}

impl Instance {
    /// Woken each time a later start asks this copy to come forward.
    pub fn requests(&self) -> Arc<Notify> {
        self.requests.clone()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the listener so that it sees the stop.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_millis(200));
    }
}

/// Takes the home for this copy, or asks the copy that has it to come forward.
pub fn claim(paths: &AppPaths) -> io::Result<Claim> {
    ensure_private_folder(&paths.state_dir).map_err(io::Error::other)?;
    let mut options = fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let lock = options.open(paths.state_dir.join(LOCK_FILE))?;
    match lock.try_lock() {
        Ok(()) => listen(paths, lock).map(Claim::First),
        Err(fs::TryLockError::WouldBlock) => Ok(Claim::Running {
            told: ask_to_come_forward(&address_file(paths)),
        }),
        Err(fs::TryLockError::Error(error)) => Err(error),
    }
}

fn address_file(paths: &AppPaths) -> PathBuf {
    paths.state_dir.join(ADDRESS_FILE)
}

fn listen(paths: &AppPaths, lock: fs::File) -> io::Result<Instance> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let address = listener.local_addr()?;
    let secret = format!("{:032x}", rand::random::<u128>());
    write_atomic(
        &address_file(paths),
        format!("{address} {secret}\n").as_bytes(),
        Some(0o600),
    )?;
    let requests = Arc::new(Notify::new());
    let stop = Arc::new(AtomicBool::new(false));
    let (told, stopped) = (requests.clone(), stop.clone());
    std::thread::Builder::new()
        .name("instance".to_owned())
        .spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream
                    && answer(stream, &secret)
                {
                    told.notify_one();
                }
            }
        })?;
    Ok(Instance {
        _lock: lock,
        requests,
        stop,
        address,
    })
}

/// Reads one request; true when it is ours, with the right secret.
fn answer(stream: TcpStream, secret: &str) -> bool {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut line = String::new();
    let mut reader = BufReader::new(io::Read::take(&stream, 128));
    if reader.read_line(&mut line).is_err() {
        return false;
    }
    let ours = line.trim_end() == format!("{REQUEST} {secret}");
    if ours {
        let _ = (&stream).write_all(b"ok\n");
    }
    ours
}

/// Sends "come forward" to the running copy; true when it answered.
fn ask_to_come_forward(address_file: &std::path::Path) -> bool {
    let deadline = Instant::now() + ANSWER_WITHIN;
    loop {
        if try_once(address_file).is_some() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn try_once(address_file: &std::path::Path) -> Option<()> {
    let text = String::from_utf8(crate::regular_file::read(address_file, 256).ok()?).ok()?;
    let (address, secret) = text.trim_end().split_once(' ')?;
    let address: SocketAddr = address.parse().ok()?;
    // Only ever this machine, whatever the file says.
    if !address.ip().is_loopback() {
        return None;
    }
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(1)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
    stream
        .write_all(format!("{REQUEST} {secret}\n").as_bytes())
        .ok()?;
    let mut reply = String::new();
    BufReader::new(io::Read::take(&stream, 16))
        .read_line(&mut reply)
        .ok()?;
    (reply.trim_end() == "ok").then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(paths: &AppPaths) -> Instance {
        match claim(paths).expect("claimed") {
            Claim::First(instance) => instance,
            Claim::Running { .. } => panic!("another copy was found on a fresh home"),
        }
    }

    /// A second start on the same home is told a copy runs, and that copy
    /// hears "come forward"; once it has ended, the next start is the first.
    #[tokio::test]
    async fn a_second_start_asks_the_first_to_come_forward() {
        let home = tempfile::tempdir().expect("temp dir");
        let paths = AppPaths::under(home.path());
        let running = first(&paths);
        let requests = running.requests();

        let second = tokio::task::spawn_blocking({
            let paths = paths.clone();
            move || claim(&paths)
        })
        .await
        .expect("ran")
        .expect("claimed");
        assert!(matches!(second, Claim::Running { told: true }));
        tokio::time::timeout(Duration::from_secs(10), requests.notified())
            .await
            .expect("the first copy heard the request");

        drop(running);
        let _next = first(&paths);
    }

    /// Separate homes (as each test has) never meet; a request without the
    /// secret is not obeyed.
    #[tokio::test]
    async fn other_homes_and_wrong_secrets_do_not_count() {
        let (one, two) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        let running = first(&AppPaths::under(one.path()));
        let _other = first(&AppPaths::under(two.path()));

        let text = fs::read_to_string(one.path().join("state").join(ADDRESS_FILE)).expect("addr");
        let (address, _) = text.trim_end().split_once(' ').expect("address and secret");
        let mut stream = TcpStream::connect(address).expect("connects");
        stream
            .write_all(format!("{REQUEST} 0000\n").as_bytes())
            .expect("sent");
        // Refused: the connection closes without "ok".
        let mut reply = String::new();
        BufReader::new(&stream)
            .read_line(&mut reply)
            .expect("read to the end");
        assert_eq!(reply, "", "a wrong secret was obeyed");
        drop(running);
    }
}
