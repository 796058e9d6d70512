//! A real nginx for tests and examples: started unprivileged with its own prefix, config,
//! pid, log and temp paths on a free loopback port, proxying `/` to an upstream block that
//! an include file defines (the file a rollout writes).
//!
//! Its access log ([`Nginx::access_log`]) has one line per request: when it ended (seconds
//! since the epoch, with milliseconds), the upstream server that answered, the status and
//! the request line, e.g. `1733112345.123 127.0.0.1:8082 200 "GET /api/work HTTP/1.1"`.
//!
//! nginx comes from Debian's `nginx` package (`/usr/sbin/nginx`), or `PATH`.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running nginx; stopped (fast shutdown, workers included) when dropped.
#[derive(Debug)]
pub struct Nginx {
    child: Child,
    dir: PathBuf,
    port: u16,
    base: Vec<String>,
}

/// Where nginx is installed, if it is.
pub fn nginx_binary() -> Option<PathBuf> {
    for candidate in ["/usr/sbin/nginx", "/usr/bin/nginx"] {
        if Path::new(candidate).exists() {
            return Some(PathBuf::from(candidate));
        }
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("nginx"))
            .find(|p| p.exists())
    })
}

impl Nginx {
    /// Start nginx in `dir` (its prefix: config, logs, pid and temp paths all there),
    /// including `upstream_file` (which must define `upstream web`) and proxying to `web`.
    /// Waits until it answers.
    pub fn start(dir: &Path, upstream_file: &Path) -> io::Result<Nginx> {
        let binary = nginx_binary().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "`nginx` is not installed (Debian package `nginx`)",
            )
        })?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        for temp in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
            std::fs::create_dir_all(dir.join(temp))?;
        }
        let p = dir.display();
        let conf = dir.join("nginx.conf");
        std::fs::write(
            &conf,
            format!(
                "worker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log notice;\ndaemon off;\n\
                 events {{ worker_connections 256; }}\n\
                 http {{\n  log_format timed '$msec $upstream_addr $status \"$request\"';\n  access_log {p}/access.log timed;\n  client_body_temp_path {p}/body;\n  proxy_temp_path {p}/proxy;\n\
                 \x20 fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n  scgi_temp_path {p}/scgi;\n\
                 \x20 include {};\n\
                 \x20 server {{ listen 127.0.0.1:{port}; location / {{ proxy_pass http://web; }} }}\n}}\n",
                upstream_file.display()
            ),
        )?;
        let base = vec![
            binary.display().to_string(),
            "-p".into(),
            format!("{p}/"),
            "-c".into(),
            conf.display().to_string(),
            "-e".into(),
            format!("{p}/error.log"),
        ];
        let child = Command::new(&binary)
            .args(base.get(1..).unwrap_or_default())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let nginx = Nginx {
            child,
            dir: dir.to_path_buf(),
            port,
            base,
        };
        nginx.wait_until(Duration::from_secs(20), || nginx.get("/").is_some())?;
        Ok(nginx)
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Its access log: `$msec $upstream_addr $status "$request"`, one line per request.
    pub fn access_log(&self) -> PathBuf {
        self.dir.join("access.log")
    }

    /// An nginx command line for this instance (`-t -q`, `-s reload`).
    pub fn argv(&self, extra: &[&str]) -> Vec<String> {
        let mut argv = self.base.clone();
        argv.extend(extra.iter().map(|s| (*s).to_string()));
        argv
    }

    /// `GET path` through nginx; the body, or `None` when nothing answered.
    pub fn get(&self, path: &str) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        answer.split("\r\n\r\n").nth(1).map(str::to_string)
    }

    /// Wait until `reloads` reloads have taken effect: every worker of an older
    /// configuration has exited (nginx logs each exit at `notice`).
    pub fn wait_for_reloads(&self, reloads: usize) -> io::Result<()> {
        let log = self.dir.join("error.log");
        self.wait_until(Duration::from_secs(20), || {
            std::fs::read_to_string(&log)
                .unwrap_or_default()
                .matches("exited with code 0")
                .count()
                >= reloads
        })
    }

    fn wait_until(&self, limit: Duration, ready: impl Fn() -> bool) -> io::Result<()> {
        let start = Instant::now();
        while !ready() {
            if start.elapsed() > limit {
                let log = std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default();
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("nginx not ready after {limit:?}:\n{log}"),
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // a fast shutdown of the master takes its workers with it (SIGKILL would orphan them)
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
