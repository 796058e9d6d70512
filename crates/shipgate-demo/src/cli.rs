//! Command line of `shipgate-demo`: flags, logging, runtime and signal handling.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgAction, Parser};
use shipgate_demo::{serve, DemoOptions, PrometheusFault};
use tracing_subscriber::EnvFilter;

const ABOUT: &str = "A small HTTP service for trying shipgate's smoke checks, metric gates and \
canary analysis against something real: tell it how often to fail, how slow to be and whether \
it is ready.";

const LONG_ABOUT_TAIL: &str = "\
Endpoints:
  GET  /health/live        200 {\"status\":\"alive\"}
  GET  /health/ready       200 {\"status\":\"healthy\"},
                           or 503 {\"status\":\"unhealthy\"} with --ready false
  GET  /api/work           after --latency-ms: 200 {\"ok\":true,\"version\":V}, or 500 {\"ok\":false}
                           with probability --error-rate
  POST /api/orders         JSON object body -> 201 {\"id\":\"<uuid>\",\"sku\":...}
  POST /auth/login         {\"user\":..,\"password\":..} -> 200 {\"access_token\":\"<token>\"}
  GET  /api/me             with Authorization: Bearer <token> -> 200 {\"user\":..}, else 401
  GET  /metrics            Prometheus (OpenMetrics) text: http_requests_total{version,path,code}
                           and http_request_duration_seconds{version,path}
  GET  /rate-limited/N/S    the first N requests to that path: 429 with Retry-After: S (none
                           when S is -); later ones 200 {\"status\":\"ok\"}
  GET  /api/v1/query, /api/v1/query_range
                           a broken Prometheus API when --prometheus-fault is not `none`

Once bound it prints `listening on http://ADDR` to stderr (with the real port when ADDR ends
in :0). Logs go to stderr; RUST_LOG adjusts them (default `info`). SIGTERM or Ctrl-C stops it
gracefully.

Examples:
  shipgate-demo --listen 127.0.0.1:8080 --version v1
  shipgate-demo --listen 127.0.0.1:8081 --version v2 --error-rate 0.1 --latency-ms 20
  shipgate-demo --listen 127.0.0.1:0 --version v1 --prometheus-fault garbage";

#[derive(Debug, Parser)]
#[command(
    name = "shipgate-demo",
    about = ABOUT,
    long_about = format!("{ABOUT}\n\n{LONG_ABOUT_TAIL}"),
    disable_version_flag = true
)]
struct Args {
    /// Address to listen on, e.g. 127.0.0.1:8080 (port 0 picks a free port).
    #[arg(long, value_name = "ADDR")]
    listen: SocketAddr,

    /// Version label this instance reports (in /api/work and on every metric), e.g. v2.
    #[arg(long, value_name = "V")]
    version: String,

    /// Fraction of GET /api/work requests answered with 500, from 0 to 1.
    #[arg(long, value_name = "F", default_value_t = 0.0, value_parser = parse_rate)]
    error_rate: f64,

    /// Milliseconds GET /api/work waits before answering.
    #[arg(long, value_name = "N", default_value_t = 0)]
    latency_ms: u64,

    /// Whether GET /health/ready answers 200 (true) or 503 (false).
    #[arg(long, value_name = "true|false", default_value_t = true, action = ArgAction::Set)]
    ready: bool,

    /// Make /api/v1/query and /api/v1/query_range impersonate a broken Prometheus.
    #[arg(
        long,
        value_name = "FAULT",
        default_value = "none",
        value_parser = fault_parser()
    )]
    prometheus_fault: PrometheusFault,

    /// Seed for injected errors, tokens and order ids (reproducible runs).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
}

fn parse_rate(value: &str) -> Result<f64, String> {
    let rate: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!(
            "must be between 0 and 1 (e.g. 0.05 for 5%), got {value}"
        ))
    }
}

fn fault_parser() -> impl TypedValueParser<Value = PrometheusFault> {
    PossibleValuesParser::new([
        PossibleValue::new("none").help("/api/v1/* are 404 (default)"),
        PossibleValue::new("http500").help("500 with a plain-text body"),
        PossibleValue::new("garbage").help("200 with a body that is not valid JSON"),
        PossibleValue::new("error-status")
            .help("200 {\"status\":\"error\",\"errorType\":\"bad_data\",...}"),
        PossibleValue::new("slow").help("answer only after 30 s (timeout tests)"),
        PossibleValue::new("huge").help("200 with a well-formed 40 MiB answer (body limit tests)"),
    ])
    .try_map(|value: String| value.parse::<PrometheusFault>())
}

/// Runs the binary; exit 0 after a graceful stop, 1 when serving fails, 2 on bad flags.
pub(crate) fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let opts = DemoOptions {
        version: args.version,
        error_rate: args.error_rate,
        latency_ms: args.latency_ms,
        ready: args.ready,
        prometheus_fault: args.prometheus_fault,
        seed: args.seed,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("shipgate-demo: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args.listen, opts)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("shipgate-demo: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(listen: SocketAddr, opts: DemoOptions) -> std::io::Result<()> {
    // Listen for the signals before saying that the server listens: whoever waits for that
    // line and then signals (a test, a script) must find the handlers in place. A stream
    // created after a signal arrived would miss it, and the server would never stop.
    let stop = stop_signal();
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|err| {
        std::io::Error::new(err.kind(), format!("cannot listen on {listen}: {err}"))
    })?;
    let local = listener.local_addr()?;
    eprintln!("listening on http://{local}");
    serve(listener, opts, stop).await
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM. The handlers are installed now, when this is
/// called, not when the future is first polled.
fn stop_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(term) => Some(term),
        Err(err) => {
            tracing::warn!(%err, "cannot listen for SIGTERM");
            None
        }
    };
    #[cfg(unix)]
    let int = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()) {
        Ok(int) => Some(int),
        Err(err) => {
            tracing::warn!(%err, "cannot listen for Ctrl-C");
            None
        }
    };
    async move {
        #[cfg(unix)]
        {
            let wait = |stream: Option<tokio::signal::unix::Signal>| async move {
                match stream {
                    Some(mut stream) => {
                        stream.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(term) => {}
                () = wait(int) => {}
            }
        }
        #[cfg(not(unix))]
        {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}
