//! Speed of the recovery protocol over real loopback HTTP: the client against
//! the in-process mock, as the app runs by default.
//!
//! - `flow/<topic>`: one complete flow of each topic, first request to outcome.
//!   After the run, p50 and p99 of every flow are printed.
//! - `mock/get_case_x64`: 64 concurrent requests, for the mock's requests per second.
//! - `enumeration/<known|unknown>`: opening a case and asking for a code, for a
//!   registered and an unknown WMID; the two should cost the same.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group};
use keeper_recovery::client::{ClientOptions, Document, RecoveryClient};
use keeper_recovery::domain::{Code, Identifier, SecretText};
use keeper_recovery::mock::idempotency::IdempotencyLimits;
use keeper_recovery::mock::scenario::{ReviewDecision, Scenario};
use keeper_recovery::mock::{MockOptions, MockServer, Shared};
use keeper_recovery::protocol::{Case, Channel, ConfirmMethod, StepRequest, TopicId};

const AN: &str = "405002833238";
const AN_PHONE: &str = "+84912345678";
const BINH: &str = "301234567890";
const BINH_PHONE: &str = "+84987654321";
const OLGA: &str = "212345678901";
const OLGA_PHONE: &str = "+79123456789";

struct Rig {
    _mock: MockServer,
    shared: Arc<Shared>,
    client: RecoveryClient,
    scenario: Scenario,
}

/// The demo accounts, with the send limits lifted so one account can run thousands of flows.
async fn rig() -> Rig {
    let mut scenario = Scenario::demo();
    scenario.settings.resend_cooldown_secs = 0;
    scenario.settings.sends_per_day = u32::MAX;
    scenario.settings.cases_per_minute = u32::MAX;
    // Thousands of flows from one client: the Idempotency-Key store keeps them all.
    let options = MockOptions {
        idempotency: IdempotencyLimits::UNBOUNDED,
        ..MockOptions::default()
    };
    let mock = MockServer::start(scenario.clone(), options)
        .await
        .expect("mock starts");
    let client = RecoveryClient::new(&mock.base_url(), ClientOptions::default()).expect("client");
    Rig {
        shared: mock.shared().clone(),
        _mock: mock,
        client,
        scenario,
    }
}

fn parse<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("valid bench input")
}

impl Rig {
    /// The accounts as the scenario has them: a flow's outcome changes its
    /// account (a new phone), and the next run starts from the same place.
    fn start_over(&self) {
        self.shared.reset(self.scenario.clone());
    }

    fn code_to(&self, to: &str) -> Code {
        let text = self
            .shared
            .engine(|e| e.latest_code_to(to))
            .expect("a code was sent");
        Code::parse(&text).expect("six digits")
    }

    async fn verified(
        &self,
        topic: TopicId,
        who: &str,
        channel: Channel,
        to: &str,
    ) -> (Case, SecretText) {
        let opened = self
            .client
            .create_case(topic, &parse::<Identifier>(who))
            .await
            .expect("opens");
        let case = &opened.case;
        self.client
            .challenge(&case.case_id, &opened.case_token, channel)
            .await
            .expect("code sent");
        let verified = self
            .client
            .verify(&case.case_id, &opened.case_token, &self.code_to(to))
            .await
            .expect("verifies");
        (verified.case, verified.session_token)
    }

    async fn step(&self, case: &Case, token: &SecretText, step: StepRequest) -> Case {
        self.client
            .step(&case.case_id, token, &step)
            .await
            .expect("step accepted")
    }

    fn contact_code(&self, to: &str) -> StepRequest {
        StepRequest::ContactCode {
            code: self.code_to(to).secret().clone(),
        }
    }

    async fn flow(&self, topic: TopicId) {
        let c = &self.client;
        match topic {
            TopicId::RestorePassword => {
                let (case, token) = self.verified(topic, AN, Channel::Sms, AN_PHONE).await;
                self.step(
                    &case,
                    &token,
                    StepRequest::SecurityAnswer {
                        answer: "Hà Nội".into(),
                    },
                )
                .await;
                self.step(
                    &case,
                    &token,
                    StepRequest::NewPassword {
                        password: "NewPassw0rd".into(),
                    },
                )
                .await;
            }
            TopicId::ChangePhone | TopicId::ChangeEmail => {
                let (case, token) = self.verified(topic, AN, Channel::Keeper, AN).await;
                let new = if topic == TopicId::ChangePhone {
                    "+84901234567"
                } else {
                    "an.new@example.com"
                };
                self.step(&case, &token, StepRequest::NewContact { value: new.into() })
                    .await;
                self.step(&case, &token, self.contact_code(new)).await;
                self.step(
                    &case,
                    &token,
                    StepRequest::ConfirmOld {
                        method: ConfirmMethod::OldContact,
                    },
                )
                .await;
                let old = if topic == TopicId::ChangePhone {
                    AN_PHONE
                } else {
                    "an.nguyen@example.com"
                };
                self.step(&case, &token, self.contact_code(old)).await;
            }
            TopicId::DeactivatePhone => {
                let (case, token) = self
                    .verified(topic, BINH_PHONE, Channel::Sms, BINH_PHONE)
                    .await;
                self.step(&case, &token, StepRequest::ConfirmDetach).await;
                self.shared.advance_clock(Duration::from_secs(24 * 3600));
                c.case(&case.case_id, &token).await.expect("detached");
            }
            TopicId::ReregisterSim => {
                let (case, token) = self.verified(topic, AN, Channel::Keeper, AN).await;
                self.step(&case, &token, StepRequest::ReregisterSim).await;
                self.step(&case, &token, self.contact_code(AN_PHONE)).await;
            }
            TopicId::ChangeSecurityQuestion => {
                let (case, token) = self.verified(topic, AN, Channel::Sms, AN_PHONE).await;
                let step = StepRequest::NewSecurityQuestion {
                    question: "Tên con vật đầu tiên?".into(),
                    answer: "Mèo".into(),
                };
                self.step(&case, &token, step).await;
            }
            TopicId::FindAccounts => {
                let opened = c
                    .create_case(topic, &parse::<Identifier>(AN_PHONE))
                    .await
                    .expect("opens");
                c.challenge(&opened.case.case_id, &opened.case_token, Channel::Sms)
                    .await
                    .expect("sent");
            }
            TopicId::RestoreKeyfile => {
                let (case, token) = self.verified(topic, BINH, Channel::Sms, BINH_PHONE).await;
                let scan = Document::new("passport.pdf", b"%PDF-1.7 scan".to_vec()).expect("pdf");
                c.upload_documents(&case.case_id, &token, &[scan])
                    .await
                    .expect("uploaded");
                // Support approves the documents at once.
                self.shared
                    .engine(|e| e.decide_review(&case.case_id, ReviewDecision::Approve))
                    .expect("approved");
                c.case(&case.case_id, &token).await.expect("ready");
                c.download_keyfile(&case.case_id, &token)
                    .await
                    .expect("downloaded");
            }
            TopicId::RestoreEnum => {
                self.verified(topic, OLGA, Channel::Sms, OLGA_PHONE).await;
            }
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn flows(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let rig = runtime.block_on(rig());
    let mut group = c.benchmark_group("flow");
    group.throughput(Throughput::Elements(1));
    let mut report = Vec::new();
    for topic in TopicId::ALL {
        let samples = Arc::new(Mutex::new(Vec::new()));
        group.bench_function(topic.as_str(), |b| {
            b.to_async(&runtime).iter_custom(|iters| {
                let (rig, samples) = (&rig, samples.clone());
                async move {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        rig.start_over();
                        let started = Instant::now();
                        rig.flow(topic).await;
                        let took = started.elapsed();
                        total += took;
                        samples.lock().map(|mut s| s.push(took)).ok();
                    }
                    total
                }
            });
        });
        let mut taken = samples.lock().map(|s| s.clone()).unwrap_or_default();
        taken.sort();
        report.push((
            topic,
            percentile(&taken, 0.5),
            percentile(&taken, 0.99),
            taken.len(),
        ));
    }
    group.finish();
    println!("\nflow latency over loopback (all samples of the run):");
    println!(
        "{:26} {:>10} {:>10} {:>9}",
        "topic", "p50", "p99", "samples"
    );
    for (topic, p50, p99, n) in report {
        println!(
            "{:26} {:>10.3?} {:>10.3?} {:>9}",
            topic.as_str(),
            p50,
            p99,
            n
        );
    }
}

fn mock_throughput(c: &mut Criterion) {
    const CONCURRENT: usize = 64;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let rig = runtime.block_on(rig());
    let opened = runtime
        .block_on(
            rig.client
                .create_case(TopicId::RestorePassword, &parse::<Identifier>(AN)),
        )
        .expect("opens");
    let mut group = c.benchmark_group("mock");
    group.throughput(Throughput::Elements(CONCURRENT as u64));
    group.bench_function("get_case_x64", |b| {
        b.to_async(&runtime).iter(|| async {
            let requests =
                (0..CONCURRENT).map(|_| rig.client.case(&opened.case.case_id, &opened.case_token));
            for result in futures_util::future::join_all(requests).await {
                result.expect("answered");
            }
        });
    });
    group.finish();
}

fn enumeration(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let rig = runtime.block_on(rig());
    let mut group = c.benchmark_group("enumeration");
    for (name, wmid) in [("known", AN), ("unknown", "999999999999")] {
        group.bench_function(name, |b| {
            b.to_async(&runtime).iter(|| async {
                let opened = rig
                    .client
                    .create_case(TopicId::RestoreEnum, &parse::<Identifier>(wmid))
                    .await
                    .expect("opens");
                rig.client
                    .challenge(&opened.case.case_id, &opened.case_token, Channel::Sms)
                    .await
                    .expect("sent");
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = flows, mock_throughput, enumeration
}
/// Flows for an instruction count (`scripts/callgrind`), which holds on a
/// busy machine where times do not: `KEEPER_RECOVERY_FLOW=<topic>` runs one
/// flow to warm the connection and the lazy statics, then
/// `KEEPER_RECOVERY_FLOW_RUNS` more (1 if unset), client and mock on one
/// thread. The difference between two counts is one flow's own work.
/// `KEEPER_RECOVERY_FLOW=list` names the topics, one a line.
fn counted_flows(topic: TopicId, runs: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let rig = runtime.block_on(rig());
    // A flow whose outcome changes its account starts from the scenario each
    // time (its count then includes one reset); the others need not.
    let changes_its_account = matches!(
        topic,
        TopicId::ChangePhone
            | TopicId::ChangeEmail
            | TopicId::DeactivatePhone
            | TopicId::ChangeSecurityQuestion
    );
    for _ in 0..=runs {
        if changes_its_account {
            rig.start_over();
        }
        runtime.block_on(rig.flow(topic));
    }
}

fn main() {
    if let Ok(name) = std::env::var("KEEPER_RECOVERY_FLOW") {
        if name == "list" {
            for topic in TopicId::ALL {
                println!("{}", topic.as_str());
            }
            return;
        }
        let Ok(topic) = name.parse::<TopicId>() else {
            eprintln!("KEEPER_RECOVERY_FLOW: no topic is named {name:?}");
            std::process::exit(2);
        };
        let runs = match std::env::var("KEEPER_RECOVERY_FLOW_RUNS") {
            Ok(runs) => runs.parse().unwrap_or_else(|_| {
                eprintln!("KEEPER_RECOVERY_FLOW_RUNS: expected a count of flows, got {runs:?}");
                std::process::exit(2);
            }),
            Err(_) => 1,
        };
        counted_flows(topic, runs);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
