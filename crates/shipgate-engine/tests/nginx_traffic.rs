//! Weights through a real nginx (`nginx` on PATH or in /usr/sbin, installed by `.ci/run`
//! from Debian's `nginx` package), run unprivileged with its own prefix, config, pid, log
//! and temp paths on a free loopback port, in front of two tiny backends that answer
//! `stable` and `canary`. Counts each side's share of 100 requests after each weight.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use shipgate_engine::rollout::error::TrafficError;
use shipgate_engine::rollout::nginx::{render, Nginx};
use shipgate_engine::Cancel;

fn nginx_binary() -> PathBuf {
    for candidate in ["/usr/sbin/nginx", "/usr/bin/nginx"] {
        if Path::new(candidate).exists() {
            return PathBuf::from(candidate);
        }
    }
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("nginx"))
                .find(|p| p.exists())
        })
        .unwrap_or_else(|| {
            panic!("`nginx` is not installed: .ci/run installs it (Debian package `nginx`)")
        })
}

/// A backend answering every request with `name`.
fn backend(name: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                let mut buf = [0_u8; 1024];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{name}",
                    name.len()
                );
            });
        }
    });
    address
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
    base: Vec<String>,
}

impl Drop for Server {
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

impl Server {
    fn start(stable: &str, canary: &str) -> (Server, Nginx) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let port = free_port();
        for temp in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
            std::fs::create_dir_all(d.join(temp)).unwrap();
        }
        let upstream = d.join("upstream.conf");
        let stable = vec![stable.to_string()];
        let canary = vec![canary.to_string()];
        std::fs::write(&upstream, render("web", &stable, &canary, 0)).unwrap();
        let conf = d.join("nginx.conf");
        let p = d.display();
        std::fs::write(
            &conf,
            format!(
                "worker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log notice;\ndaemon off;\n\
                 events {{ worker_connections 64; }}\n\
                 http {{\n  access_log {p}/access.log;\n  client_body_temp_path {p}/body;\n  proxy_temp_path {p}/proxy;\n\
                 \x20 fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n  scgi_temp_path {p}/scgi;\n\
                 \x20 include {p}/upstream.conf;\n\
                 \x20 server {{ listen 127.0.0.1:{port}; location / {{ proxy_pass http://web; }} }}\n}}\n"
            ),
        )
        .unwrap();
        let binary = nginx_binary().display().to_string();
        let base = vec![
            binary.clone(),
            "-p".into(),
            format!("{p}/"),
            "-c".into(),
            conf.display().to_string(),
            "-e".into(),
            format!("{p}/error.log"),
        ];
        let child = Command::new(&binary)
            .args(&base[1..])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            dir,
            port,
            base,
        };
        server.wait_until(|| server.get().is_some(), "nginx to answer");
        let router = Nginx {
            upstream_file: upstream,
            upstream: "web".into(),
            stable,
            canary,
            test: server.argv(&["-t", "-q"]),
            reload: server.argv(&["-s", "reload"]),
            dir: server.dir.path().to_path_buf(),
            timeout: Duration::from_secs(20),
        };
        (server, router)
    }

    fn argv(&self, extra: &[&str]) -> Vec<String> {
        let mut argv = self.base.clone();
        argv.extend(extra.iter().map(|s| (*s).to_string()));
        argv
    }

    fn get(&self) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        answer.split("\r\n\r\n").nth(1).map(str::to_string)
    }

    /// Canary answers among 100 requests.
    fn canary_share(&self) -> usize {
        (0..100)
            .filter(|_| self.get().as_deref() == Some("canary"))
            .count()
    }

    /// After `reloads` reloads, wait until every worker of the older configurations is gone
    /// (nginx logs each exit at `notice`), so that requests meet the new weights only.
    fn wait_for_reloads(&self, reloads: usize) {
        let log = self.dir.path().join("error.log");
        self.wait_until(
            || {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                text.matches("exited with code 0").count() >= reloads
            },
            "the old nginx workers to exit",
        );
    }

    fn wait_until(&self, ready: impl Fn() -> bool, what: &str) {
        let start = Instant::now();
        while !ready() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited 20 s for {what}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weights_reach_users_and_a_refused_file_is_put_back() {
    let (server, router) = Server::start(&backend("stable"), &backend("canary"));
    let cancel = Cancel::new();
    assert_eq!(server.canary_share(), 0);

    router.set_weight(20, &cancel).await.unwrap();
    server.wait_for_reloads(1);
    let share = server.canary_share();
    assert!((15..=25).contains(&share), "20% asked, {share}% served");

    router.set_weight(100, &cancel).await.unwrap();
    server.wait_for_reloads(2);
    assert_eq!(server.canary_share(), 100);

    // nginx refuses the new file: the previous one is back, traffic unchanged
    let before = std::fs::read(&router.upstream_file).unwrap();
    let refusing = Nginx {
        test: vec![
            "sh".into(),
            "-c".into(),
            "echo 'emerg: bad upstream' >&2; exit 1".into(),
        ],
        ..router.clone()
    };
    match refusing.set_weight(50, &cancel).await {
        Err(TrafficError::Refused { source }) => {
            assert!(source.to_string().contains("bad upstream"), "{source}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&router.upstream_file).unwrap(), before);
    assert_eq!(server.canary_share(), 100);

    // a file nginx itself finds invalid is refused by the real `nginx -t` too
    let invalid = Nginx {
        upstream: "web; bogus".into(),
        ..router.clone()
    };
    assert!(matches!(
        invalid.set_weight(10, &cancel).await,
        Err(TrafficError::Refused { .. })
    ));
    assert_eq!(std::fs::read(&router.upstream_file).unwrap(), before);

    router.set_weight(0, &cancel).await.unwrap();
    server.wait_for_reloads(3);
    assert_eq!(server.canary_share(), 0);
    // no temporary file left beside the upstream file
    let leftovers: Vec<_> = std::fs::read_dir(server.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".shipgate-upstream-")
        })
        .collect();
    assert!(leftovers.is_empty());
}
