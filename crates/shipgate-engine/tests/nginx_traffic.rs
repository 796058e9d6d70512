//! Weights through a real nginx (`nginx` on PATH or in /usr/sbin, installed by `.ci/run`
//! from Debian's `nginx` package), run unprivileged with its own prefix, config, pid, log
//! and temp paths on a free loopback port, in front of two tiny backends that answer
//! `stable` and `canary`. Counts each side's share of 100 requests after each weight.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use shipgate_config::NginxTraffic;
use shipgate_demo::nginx::Nginx as DemoNginx;
use shipgate_engine::rollout::error::TrafficError;
use shipgate_engine::rollout::nginx::{render, Nginx};
use shipgate_engine::Cancel;

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

/// Canary answers among 100 requests.
fn canary_share(nginx: &DemoNginx) -> usize {
    (0..100)
        .filter(|_| nginx.get("/").as_deref() == Some("canary"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weights_reach_users_and_a_refused_file_is_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let upstream = dir.path().join("upstream.conf");
    let (stable, canary) = (vec![backend("stable")], vec![backend("canary")]);
    std::fs::write(&upstream, render("web", &stable, &canary, 0)).unwrap();
    let server = DemoNginx::start(dir.path(), &upstream).unwrap();
    let router = Nginx {
        traffic: NginxTraffic {
            upstream_file: upstream,
            upstream: "web".into(),
            stable,
            canary,
            test: server.argv(&["-t", "-q"]),
            reload: server.argv(&["-s", "reload"]),
        },
        dir: dir.path().to_path_buf(),
        timeout: Duration::from_secs(20),
    };
    let cancel = Cancel::new();
    assert_eq!(canary_share(&server), 0);

    router.set_weight(20, &cancel).await.unwrap();
    server.wait_for_reloads(1).unwrap();
    let share = canary_share(&server);
    assert!((15..=25).contains(&share), "20% asked, {share}% served");

    router.set_weight(100, &cancel).await.unwrap();
    server.wait_for_reloads(2).unwrap();
    assert_eq!(canary_share(&server), 100);

    // nginx refuses the new file: the previous one is back, traffic unchanged
    let before = std::fs::read(&router.traffic.upstream_file).unwrap();
    let mut refusing = router.clone();
    refusing.traffic.test = vec![
        "sh".into(),
        "-c".into(),
        "echo 'emerg: bad upstream' >&2; exit 1".into(),
    ];
    match refusing.set_weight(50, &cancel).await {
        Err(TrafficError::Refused { source }) => {
            assert!(source.to_string().contains("bad upstream"), "{source}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        std::fs::read(&router.traffic.upstream_file).unwrap(),
        before
    );
    assert_eq!(canary_share(&server), 100);

    // a file nginx itself finds invalid is refused by the real `nginx -t` too
    let mut invalid = router.clone();
    invalid.traffic.upstream = "web; bogus".into();
    assert!(matches!(
        invalid.set_weight(10, &cancel).await,
        Err(TrafficError::Refused { .. })
    ));
    assert_eq!(
        std::fs::read(&router.traffic.upstream_file).unwrap(),
        before
    );

    router.set_weight(0, &cancel).await.unwrap();
    server.wait_for_reloads(3).unwrap();
    assert_eq!(canary_share(&server), 0);
    // no temporary file left beside the upstream file
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
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
