//! The built-in mock of the recovery service, on its own: for support staff
//! reproducing a user's case, and for trying other clients against it.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use keeper_recovery::mock::scenario::{SHIPPED, Scenario};
use keeper_recovery::mock::{MockOptions, MockServer};

#[derive(Parser)]
#[command(
    version,
    about = "Mock of the WebMoney Keeper recovery service (HTTP, JSON, /v1)"
)]
struct Args {
    /// Address to listen on. The mock has no TLS: keep it on loopback.
    #[arg(long, default_value = "127.0.0.1:8470")]
    listen: SocketAddr,
    /// A shipped scenario's name or a scenario TOML file.
    #[arg(long, value_name = "NAME|FILE", default_value = "demo")]
    scenario: String,
    /// List the shipped scenarios and exit.
    #[arg(long)]
    list_scenarios: bool,
    /// Do not print sent messages (codes) on the console.
    #[arg(long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.list_scenarios {
        for (name, _) in SHIPPED {
            match Scenario::shipped(name) {
                Ok(scenario) => println!("{name:26} {}", scenario.name),
                Err(e) => println!("{name:26} (invalid: {e})"),
            }
        }
        return ExitCode::SUCCESS;
    }
    let scenario = match Scenario::load(&args.scenario) {
        Ok(scenario) => scenario,
        Err(e) => {
            eprintln!("keeper-recovery-mock: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("keeper-recovery-mock: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(args, scenario))
}

async fn serve(args: Args, scenario: Scenario) -> ExitCode {
    if !args.listen.ip().is_loopback() {
        eprintln!(
            "keeper-recovery-mock: warning: listening on {} without TLS; real clients refuse plain http off this computer",
            args.listen
        );
    }
    let options = MockOptions {
        listen: args.listen,
        print_outbox: !args.quiet,
        ..MockOptions::default()
    };
    let summary = scenario.clone();
    let server = match MockServer::start(scenario, options).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!(
                "keeper-recovery-mock: cannot listen on {}: {e}",
                args.listen
            );
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Keeper Recovery mock on {} (scenario: {})",
        server.base_url(),
        summary.name
    );
    for account in &summary.accounts {
        println!(
            "  WMID {}  {:?}  passport {}  phone {}  email {}",
            account.wmid,
            account.keeper,
            account.passport,
            account.phone.masked(),
            account.email.masked()
        );
    }
    println!(
        "Sent codes are printed here and served at {}/mock/outbox. Ctrl-C stops.",
        server.base_url()
    );
    tokio::select! {
        result = server.wait() => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("keeper-recovery-mock: server failed: {e}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
