//! Floods of case creations spread over many loopback addresses.
//!
//! The quick tests run a small bound on cases waiting for verification, with
//! real HTTP from several `127.0.1.x` addresses. The flood itself is ignored by
//! default, and Linux only: it starts `keeper-recovery-mock` as a process of
//! its own, opens cases for 60 seconds from 65,535 addresses (`127.0.1.1` to
//! `127.1.1.255`), and reads the mock's resident memory from `/proc/PID/status`:
//!
//! ```sh
//! cargo test --test it many_addresses -- --ignored --nocapture
//! ```
//!
//! `FLOOD_SECS` and `FLOOD_ADDRESSES` change its length and spread,
//! `FLOOD_SCENARIO` the scenario (a shipped name or a TOML file), and
//! `KEEPER_RECOVERY_MOCK` runs another build of the mock (a release one).
//! It stays on loopback and stops by itself.

use std::net::{IpAddr, Ipv4Addr};

use keeper_recovery::mock::scenario::Scenario;
use keeper_recovery::protocol::CaseId;
use keeper_recovery::protocol::{Channel, TopicId};
use serde_json::json;

use crate::common::*;

/// The `n`th loopback address a flood or a test sends from, from `127.0.1.1` on.
fn loopback(n: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(Ipv4Addr::new(127, 0, 1, 1)) + n)
}

/// A client whose connections leave from `source`.
fn client_from(source: Ipv4Addr) -> reqwest::Client {
    // As `RecoveryClient::new` does: reqwest takes the process-wide provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .local_address(IpAddr::V4(source))
        .build()
        .expect("a client")
}

/// `POST /v1/cases` from `client`: the status, `Retry-After`, and the body.
async fn open_from(
    client: &reqwest::Client,
    base: &str,
    identifier: &str,
) -> (u16, Option<String>, serde_json::Value) {
    let answer = client
        .post(format!("{base}/v1/cases"))
        .json(&json!({"topic": "restore-password", "identifier": identifier}))
        .send()
        .await
        .expect("the mock answers");
    let status = answer.status().as_u16();
    let retry_after = answer
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = answer.json().await.unwrap_or_default();
    (status, retry_after, body)
}

fn bounded(max_unverified_cases: u32) -> Scenario {
    let mut scenario = Scenario::demo();
    scenario.settings.max_unverified_cases = max_unverified_cases;
    scenario
}

#[tokio::test]
async fn cases_from_many_addresses_stop_at_the_bound_and_none_is_pushed_out() {
    let h = start(bounded(4)).await;
    let base = h.mock.base_url();
    let mut opened = Vec::new();
    // The owner's case comes first: the oldest, and a flood must not push it out.
    let owner = client_from(loopback(0));
    let (status, _, body) = open_from(&owner, &base, AN_WMID).await;
    assert_eq!(status, 201, "{body}");
    opened.push(body);
    for n in 1..4 {
        let (status, _, body) = open_from(&client_from(loopback(n)), &base, "900000000001").await;
        assert_eq!(status, 201, "{body}");
        opened.push(body);
    }
    // Every further address is refused, however many there are.
    for n in 4..12 {
        let (status, retry_after, body) =
            open_from(&client_from(loopback(n)), &base, &format!("9{n:011}")).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["code"], "unavailable", "{body}");
        assert!(body["retry_at"].is_string(), "{body}");
        let seconds: u64 = retry_after.expect("Retry-After").parse().expect("seconds");
        // The oldest case waiting for verification ends within its 30 minutes.
        assert!((1..=30 * 60).contains(&seconds), "{seconds}");
    }
    assert_eq!(h.mock.shared().engine(|e| e.inspect_all().len()), 4);

    // The owner's case is still there, and goes on: a code, then the session.
    let case_id = opened[0]["case"]["case_id"].as_str().expect("id");
    let token = opened[0]["case_token"].as_str().expect("token");
    let case = h
        .client
        .challenge(&CaseId::new(case_id), &secret(token), Channel::Sms)
        .await
        .expect("the oldest case still takes a code");
    let code = h.code_sent_to(AN_PHONE).await;
    h.client
        .verify(&case.case_id, &secret(token), &code)
        .await
        .expect("and verifies");
    // A verified case no longer waits for verification: its place is free.
    let (status, _, body) = open_from(&client_from(loopback(20)), &base, OLGA_WMID).await;
    assert_eq!(status, 201, "{body}");
    let (status, _, _) = open_from(&client_from(loopback(21)), &base, OLGA_WMID).await;
    assert_eq!(status, 503);

    // Once unverified cases expire, new ones are taken again.
    h.advance(30 * 60 + 1);
    for n in 30..34 {
        let (status, _, body) = open_from(&client_from(loopback(n)), &base, BINH_WMID).await;
        assert_eq!(status, 201, "{body}");
    }
}

#[tokio::test]
async fn the_client_allowance_counts_an_ipv6_64_as_one_client() {
    let mut scenario = Scenario::demo();
    scenario.settings.cases_per_minute = 2;
    let h = start(scenario).await;
    let engine = |ip: &str| -> u16 {
        let ip: IpAddr = ip.parse().expect("an address");
        h.mock.shared().engine(|e| {
            match e.create_case(
                keeper_recovery::protocol::CreateCase {
                    topic: TopicId::RestorePassword,
                    identifier: BINH_WMID.into(),
                },
                Some(ip),
            ) {
                Ok(_) => 201,
                Err(error) => error.status.as_u16(),
            }
        })
    };
    // Two addresses in one /64 share its allowance...
    assert_eq!(engine("2001:db8:1:2::1"), 201);
    assert_eq!(engine("2001:db8:1:2:ffff::9"), 201);
    assert_eq!(engine("2001:db8:1:2::3"), 429);
    // ...the next /64 has its own.
    assert_eq!(engine("2001:db8:1:3::1"), 201);
    // An IPv4 address counts alike written as itself or mapped into IPv6,
    // and its neighbour is another client.
    assert_eq!(engine("192.0.2.7"), 201);
    assert_eq!(engine("::ffff:192.0.2.7"), 201);
    assert_eq!(engine("192.0.2.7"), 429);
    assert_eq!(engine("192.0.2.8"), 201);
}

/// The flood itself, against the mock in its own process.
#[cfg(target_os = "linux")]
mod process {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::{TcpSocket, TcpStream};

    use super::{client_from, loopback};

    #[derive(Default)]
    struct Tally {
        opened: AtomicU64,
        limited: AtomicU64,
        full: AtomicU64,
        other: AtomicU64,
        failed_connections: AtomicU64,
    }

    /// One `POST /v1/cases` on a kept-alive connection, written by hand so that
    /// the flood costs the tester little: the status, or `None` once the
    /// connection is gone.
    async fn post_case(stream: &mut BufReader<TcpStream>, wmid: u64) -> Option<u16> {
        let body = format!(r#"{{"topic":"restore-password","identifier":"{wmid:012}"}}"#);
        let request = format!(
            "POST /v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.get_mut().write_all(request.as_bytes()).await.ok()?;
        let mut line = String::new();
        stream.read_line(&mut line).await.ok()?;
        let status = line.split(' ').nth(1)?.parse().ok()?;
        let mut length = 0usize;
        loop {
            line.clear();
            if stream.read_line(&mut line).await.ok()? == 0 {
                return None;
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok()?;
            }
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await.ok()?;
        Some(status)
    }

    /// A worker of the flood: from one address after another, as many cases as
    /// the address is allowed, then the next address.
    async fn flood_worker(
        server: SocketAddr,
        addresses: u32,
        next: Arc<AtomicU64>,
        tally: Arc<Tally>,
        deadline: tokio::time::Instant,
    ) {
        const PER_CONNECTION: u32 = 4;
        while tokio::time::Instant::now() < deadline {
            let n = next.fetch_add(1, Ordering::Relaxed);
            let source = loopback(u32::try_from(n % u64::from(addresses)).unwrap_or(0));
            let connect = async {
                let socket = TcpSocket::new_v4().ok()?;
                socket.bind(SocketAddr::new(IpAddr::V4(source), 0)).ok()?;
                socket.connect(server).await.ok()
            };
            let Ok(Some(stream)) = tokio::time::timeout_at(deadline, connect).await else {
                tally.failed_connections.fetch_add(1, Ordering::Relaxed);
                continue;
            };
            let _ = stream.set_nodelay(true);
            let mut stream = BufReader::new(stream);
            for k in 0..PER_CONNECTION {
                let wmid = 900_000_000_000
                    + (n * u64::from(PER_CONNECTION) + u64::from(k)) % 99_999_999_999;
                let answered =
                    tokio::time::timeout_at(deadline, post_case(&mut stream, wmid)).await;
                let Ok(Some(status)) = answered else {
                    break;
                };
                let counter = match status {
                    201 => &tally.opened,
                    429 => &tally.limited,
                    503 => &tally.full,
                    _ => &tally.other,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                if status == 429 {
                    break;
                }
            }
        }
    }

    /// A line of `/proc/PID/status`, in kB.
    fn proc_status_kb(pid: u32, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|value| value.trim().trim_end_matches(" kB").parse().ok())
            .unwrap_or(0)
    }

    /// The mock binary as its own process, killed when dropped.
    struct MockProcess {
        child: std::process::Child,
        addr: SocketAddr,
    }

    impl Drop for MockProcess {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn start_mock_process() -> MockProcess {
        use std::io::BufRead;
        let program = std::env::var("KEEPER_RECOVERY_MOCK")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_keeper-recovery-mock").to_owned());
        let scenario = std::env::var("FLOOD_SCENARIO").unwrap_or_else(|_| "demo".into());
        let mut child = std::process::Command::new(program)
            .args([
                "--listen",
                "127.0.0.1:0",
                "--quiet",
                "--scenario",
                &scenario,
            ])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("the mock starts");
        let stdout = child.stdout.take().expect("its output");
        let mut stdout = std::io::BufReader::new(stdout);
        let mut first = String::new();
        stdout
            .read_line(&mut first)
            .expect("it says where it listens");
        // The rest of what it prints, read so that it never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        MockProcess { child, addr }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "a 60-second flood; run it by name with --ignored"]
    async fn many_addresses_for_a_minute_stay_under_150_mb() {
        let secs: u64 = std::env::var("FLOOD_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60);
        let addresses: u32 = std::env::var("FLOOD_ADDRESSES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(65_535);
        let mock = start_mock_process();
        let pid = mock.child.id();
        let before = proc_status_kb(pid, "VmRSS");
        let tally = Arc::new(Tally::default());
        let next = Arc::new(AtomicU64::new(0));
        let started = Instant::now();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        let workers: Vec<_> = (0..256)
            .map(|_| {
                tokio::spawn(flood_worker(
                    mock.addr,
                    addresses,
                    next.clone(),
                    tally.clone(),
                    deadline,
                ))
            })
            .collect();
        let mut peak = 0;
        while tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(500)).await;
            peak = peak.max(proc_status_kb(pid, "VmRSS"));
        }
        for worker in workers {
            let _ = tokio::time::timeout(Duration::from_secs(10), worker).await;
        }
        let after = proc_status_kb(pid, "VmRSS");
        let hwm = proc_status_kb(pid, "VmHWM");
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        println!(
            "flood: {secs} s from {addresses} addresses in {:.1} s: {} opened, {} 429, {} 503, {} other, \
             {} failed connections, {} addresses used; VmRSS {} kB before, {} kB after, peak {} kB (VmHWM {} kB)",
            started.elapsed().as_secs_f64(),
            get(&tally.opened),
            get(&tally.limited),
            get(&tally.full),
            get(&tally.other),
            get(&tally.failed_connections),
            get(&next).min(u64::from(addresses)),
            before,
            after,
            peak,
            hwm,
        );
        // The mock still answers, and a new case from a fresh address is refused while the bound holds.
        let answer = client_from(Ipv4Addr::new(127, 2, 0, 1))
            .get(format!("http://{}/v1/topics", mock.addr))
            .send()
            .await
            .expect("the mock answers after the flood");
        assert_eq!(answer.status(), 200);
        assert!(after < 150 * 1024, "VmRSS {after} kB after the flood");
    }
}
