//! Real components for the live-verification tests: demo service instances (in-process,
//! through `shipgate_demo::spawn`), a real Prometheus server (`prometheus` on PATH, installed
//! by `.ci/run` from Debian's `prometheus` package) and a traffic generator.
#![allow(
    dead_code,
    unused_imports,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic
)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use shipgate_demo::{DemoHandle, DemoOptions, PrometheusFault};

/// A demo instance on a free loopback port; stopped when the handle drops.
pub fn demo(opts: DemoOptions) -> (SocketAddr, DemoHandle) {
    shipgate_demo::spawn(opts).unwrap_or_else(|e| panic!("demo did not start: {e}"))
}

/// A loopback port nothing listens on (bound, then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A plain HTTP/1.1 request without a client library: (status, body).
pub fn http(addr: &str, method: &str, path: &str, body: Option<&str>) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Some((
        status,
        if chunked {
            dechunk(rest)
        } else {
            rest.to_string()
        },
    ))
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A Prometheus server scraping the given targets every second; killed on drop.
pub struct Prometheus {
    child: Child,
    pub addr: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Prometheus {
    /// Start it on a free loopback port, its TSDB in a temporary folder, and wait for
    /// `/-/ready`.
    pub fn start(targets: &[SocketAddr]) -> Self {
        let binary = find_prometheus().unwrap_or_else(|| {
            panic!("`prometheus` is not on PATH: .ci/run installs it (Debian package `prometheus`)")
        });
        let dir = tempfile::tempdir().expect("tempdir");
        let list: Vec<String> = targets.iter().map(|t| format!("'{t}'")).collect();
        let config = dir.path().join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: [{}]\n",
                list.join(", ")
            ),
        )
        .expect("write prometheus.yml");
        let port = free_port();
        let log = dir.path().join("prometheus.log");
        let log_file = std::fs::File::create(&log).expect("log");
        let child = Command::new(binary)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file)
            .spawn()
            .expect("start prometheus");
        let mut server = Prometheus {
            child,
            addr: format!("127.0.0.1:{port}"),
            log,
            _dir: dir,
        };
        server.wait_ready();
        server
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Kill it now (SIGKILL, as a crashed server goes) and wait until its port refuses
    /// connections.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(&self.addr).is_ok() {
            assert!(
                Instant::now() < deadline,
                "prometheus still listens on {} after SIGKILL",
                self.addr
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("prometheus exited with {status}:\n{}", self.log());
            }
            if matches!(http(&self.addr, "GET", "/-/ready", None), Some((200, _))) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "prometheus not ready after 30 s:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The value of an instant query returning one number (`None` while empty).
    pub fn scalar(&self, query: &str) -> Option<f64> {
        let (status, body) = http(
            &self.addr,
            "GET",
            &format!("/api/v1/query?query={}", encode(query)),
            None,
        )?;
        if status != 200 {
            return None;
        }
        let v: serde_json::Value = serde_json::from_str(&body).ok()?;
        let result = v.pointer("/data/result")?;
        let value = match result {
            serde_json::Value::Array(items) => items.first()?.pointer("/value/1")?,
            _ => result.get(1)?,
        };
        value.as_str()?.parse().ok()
    }

    /// Wait until `query` is at least `min`, or panic after `timeout`.
    pub fn wait_for(&self, query: &str, min: f64, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            if self.scalar(query).is_some_and(|v| v >= min) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "`{query}` did not reach {min} within {timeout:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_prometheus() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("prometheus"))
        .find(|candidate| candidate.is_file())
        .or_else(|| {
            let usual = PathBuf::from("/usr/bin/prometheus");
            usual.is_file().then_some(usual)
        })
}

/// Requests to `/api/work` on every target in a background thread, about `per_second`
/// per target, until dropped.
pub struct Traffic {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Traffic {
    pub fn start(targets: &[SocketAddr], per_second: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let targets: Vec<String> = targets.iter().map(ToString::to_string).collect();
        let pause = Duration::from_secs_f64(1.0 / f64::from(per_second.max(1)));
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let started = Instant::now();
                for t in &targets {
                    let _ = http(t, "GET", "/api/work", None);
                }
                if let Some(rest) = pause.checked_sub(started.elapsed()) {
                    std::thread::sleep(rest);
                }
            }
        });
        Traffic {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Traffic {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
