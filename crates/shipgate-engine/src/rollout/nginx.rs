//! Traffic through nginx: an upstream file that shipgate owns and the nginx config includes.
//!
//! A weight is set by writing the whole file anew (to a temporary file beside it, then
//! renamed over it: nginx never reads half a file), running the configured `test` command
//! (`nginx -t`), putting the previous file back if nginx refuses the new one, and only then
//! running `reload`. nginx has no `weight=0`, so 0% leaves the canary servers out and 100%
//! leaves the stable ones out.

use std::path::{Path, PathBuf};

use shipgate_config::NginxTraffic;
use std::time::Duration;

use super::command::{self, Command};
use super::error::TrafficError;
use crate::cancel::Cancel;

/// The router of one rollout: the config's `rollout.traffic.nginx`, where its commands run
/// and how long each may take.
#[derive(Debug, Clone)]
pub struct Nginx {
    pub traffic: NginxTraffic,
    /// Where the commands run.
    pub dir: PathBuf,
    /// How long each command may take.
    pub timeout: Duration,
}

/// The upstream block that gives the canary `weight`% of the requests. Each side's share is
/// split evenly among its servers, in whole nginx weights: a stable server weighs
/// `(100 - weight) * canaries`, a canary server `weight * stables`, both divided by their
/// greatest common divisor.
pub fn render(upstream: &str, stable: &[String], canary: &[String], weight: u8) -> String {
    let weight = u64::from(weight.min(100));
    let (n_stable, n_canary) = (stable.len() as u64, canary.len() as u64);
    let mut out = format!(
        "# Written by shipgate rollout: the canary has {weight}% of the traffic. Do not edit.\nupstream {upstream} {{\n"
    );
    let stable_weight = (100 - weight) * n_canary.max(1);
    let canary_weight = weight * n_stable.max(1);
    let divisor = gcd(stable_weight, canary_weight).max(1);
    let side = |out: &mut String, servers: &[String], w: u64| {
        for server in servers {
            if w == 0 {
                continue;
            }
            if stable_weight == 0 || canary_weight == 0 {
                out.push_str(&format!("    server {server};\n"));
            } else {
                out.push_str(&format!("    server {server} weight={};\n", w / divisor));
            }
        }
    };
    side(&mut out, stable, stable_weight);
    side(&mut out, canary, canary_weight);
    out.push_str("}\n");
    out
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Nginx {
    /// Give the canary `weight`% of the traffic: write, test (restoring the previous file
    /// when nginx refuses it), reload.
    pub async fn set_weight(&self, weight: u8, cancel: &Cancel) -> Result<(), TrafficError> {
        let previous = match std::fs::read(&self.traffic.upstream_file) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(TrafficError::File {
                    path: self.traffic.upstream_file.clone(),
                    action: "read the current upstream file",
                    source,
                })
            }
        };
        let text = render(
            &self.traffic.upstream,
            &self.traffic.stable,
            &self.traffic.canary,
            weight,
        );
        write_atomically(&self.traffic.upstream_file, text.as_bytes())?;
        if let Err(source) =
            command::run(self.command("nginx test", &self.traffic.test), cancel).await
        {
            let restored = match &previous {
                Some(bytes) => write_atomically(&self.traffic.upstream_file, bytes),
                None => std::fs::remove_file(&self.traffic.upstream_file).map_err(|source| {
                    TrafficError::File {
                        path: self.traffic.upstream_file.clone(),
                        action: "remove the refused upstream file",
                        source,
                    }
                }),
            };
            return Err(match restored {
                Ok(()) => TrafficError::Refused { source },
                Err(e) => TrafficError::RefusedNotRestored {
                    source,
                    restore: e.to_string(),
                },
            });
        }
        command::run(self.command("nginx reload", &self.traffic.reload), cancel)
            .await
            .map_err(|source| TrafficError::Reload { source })?;
        Ok(())
    }

    fn command<'a>(&'a self, what: &'a str, argv: &'a [String]) -> Command<'a> {
        Command {
            what,
            argv,
            dir: &self.dir,
            timeout: self.timeout,
        }
    }
}

/// Replace `path` with `bytes` at once: a temporary file beside it, synced, renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), TrafficError> {
    use std::io::Write;
    let file_error = |action, source| TrafficError::File {
        path: path.to_path_buf(),
        action,
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".shipgate-upstream-")
        .tempfile_in(dir)
        .map_err(|e| file_error("create a temporary file beside it", e))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| file_error("write the new upstream file", e))?;
    temp.persist(path)
        .map_err(|e| file_error("put the new upstream file in place", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

    use super::*;

    fn servers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn weights_split_each_side_evenly_and_the_ends_leave_a_side_out() {
        let (s, c) = (servers(&["127.0.0.1:8081"]), servers(&["127.0.0.1:8082"]));
        assert_eq!(
            render("web", &s, &c, 10),
            "# Written by shipgate rollout: the canary has 10% of the traffic. Do not edit.\n\
             upstream web {\n    server 127.0.0.1:8081 weight=9;\n    server 127.0.0.1:8082 weight=1;\n}\n"
        );
        let zero = render("web", &s, &c, 0);
        assert!(
            zero.contains("server 127.0.0.1:8081;") && !zero.contains("8082"),
            "{zero}"
        );
        let all = render("web", &s, &c, 100);
        assert!(
            all.contains("server 127.0.0.1:8082;") && !all.contains("8081"),
            "{all}"
        );
        // two stable servers, one canary: 25% canary is 3:3:2 (each stable 37.5%)
        let two = render("web", &servers(&["a:1", "b:1"]), &c, 25);
        assert!(
            two.contains("server a:1 weight=3;") && two.contains("server b:1 weight=3;"),
            "{two}"
        );
        assert!(two.contains("server 127.0.0.1:8082 weight=2;"), "{two}");
    }

    proptest::proptest! {
        /// The canary's share of the total weight is exactly the weight asked for.
        #[test]
        fn the_canary_share_is_the_weight(weight in 0u8..=100, n_s in 1usize..5, n_c in 1usize..5) {
            let s: Vec<String> = (0..n_s).map(|i| format!("s{i}:80")).collect();
            let c: Vec<String> = (0..n_c).map(|i| format!("c{i}:80")).collect();
            let text = render("web", &s, &c, weight);
            let weight_of = |line: &str| -> u64 {
                line.split("weight=").nth(1).map_or(1, |w| w.trim_end_matches(';').parse().unwrap())
            };
            let (mut total, mut canary) = (0, 0);
            for line in text.lines().filter(|l| l.trim_start().starts_with("server ")) {
                let w = weight_of(line);
                total += w;
                if line.contains(" c") { canary += w; }
            }
            proptest::prop_assert!(total > 0);
            proptest::prop_assert_eq!(canary * 100, u64::from(weight) * total);
        }
    }
}
