//! Logs on stderr (`-v` info, `-vv` debug, `SHIPGATE_LOG` for a filter of one's own), with
//! every secret value masked. Only shipgate's own crates log above `warn`: the HTTP stack's
//! debug lines carry request headers, and those never reach the output.

use std::io::Write;
use std::sync::{Arc, RwLock};

use shipgate_core::Redactor;

/// shipgate's crates, whose logs `-v`/`-vv` raise.
const OWN: [&str; 12] = [
    "shipgate",
    "shipgate_cli",
    "shipgate_engine",
    "shipgate_core",
    "shipgate_config",
    "shipgate_ingest",
    "shipgate_store",
    "shipgate_report",
    "shipgate_http",
    "shipgate_analysis",
    "shipgate_docs",
    "shipgate_demo",
];

/// The filter for a verbosity: everything at `warn`, shipgate's crates at info or debug.
pub fn filter_for(verbose: u8) -> String {
    let level = match verbose {
        0 => return "warn".to_string(),
        1 => "info",
        _ => "debug",
    };
    let mut directives = vec!["warn".to_string()];
    directives.extend(OWN.iter().map(|c| format!("{c}={level}")));
    directives.join(",")
}

/// The redactor of the secrets, known once the config is loaded; shared by the log writer,
/// the progress printer and the error printer.
pub type SharedRedactor = Arc<RwLock<Redactor>>;

/// `text` with every secret the shared redactor holds masked.
pub fn mask(redactor: &SharedRedactor, text: &str) -> String {
    match redactor.read() {
        Ok(r) => r.redact(text),
        Err(poisoned) => poisoned.into_inner().redact(text),
    }
}

/// Install the subscriber; log lines are masked with `redactor` as they are written.
pub fn init(verbose: u8, redactor: SharedRedactor) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHIPGATE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter_for(verbose)));
    let ansi = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(move || MaskedStderr {
            redactor: redactor.clone(),
            buffer: Vec::new(),
        })
        .with_ansi(ansi)
        .without_time()
        .try_init();
}

/// Collects one log line, masks it, writes it to stderr when dropped.
struct MaskedStderr {
    redactor: SharedRedactor,
    buffer: Vec<u8>,
}

impl Write for MaskedStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for MaskedStderr {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.buffer);
        let _ = std::io::stderr()
            .lock()
            .write_all(mask(&self.redactor, &text).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbosity_raises_only_shipgate_crates() {
        assert_eq!(filter_for(0), "warn");
        let debug = filter_for(2);
        assert!(debug.starts_with("warn,"), "{debug}");
        assert!(debug.contains("shipgate_http=debug"), "{debug}");
        assert!(!debug.contains("reqwest"), "{debug}");
        assert!(!debug.contains("hyper"), "{debug}");
        assert!(filter_for(1).contains("shipgate_engine=info"));
    }
}
