//! The document as a whole: the top-level sections and the rules between them.

use std::path::{Path, PathBuf};

use super::resolver::Resolver;
use crate::config::Config;
use crate::env::EnvLookup;
use crate::error::ConfigError;
use crate::location::Pos;
use crate::schema;
use crate::tree::{Kind, Node};

/// Turn the parsed document into a [`Config`]. `root` is `None` for an empty document.
pub(crate) fn resolve(
    root: Option<Node>,
    source: &str,
    file: &Path,
    env: EnvLookup<'_>,
) -> Result<Config, ConfigError> {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut r = Resolver::new(source, file, env);
    let mut config = Config {
        path: file.to_path_buf(),
        dir,
        store: None,
        tests: None,
        prometheus: None,
        smoke: None,
        metrics: None,
        analysis: None,
        docs: None,
        rollout: None,
        secrets: Vec::new(),
    };
    let entries = match root {
        None => Vec::new(),
        Some(Node {
            kind: Kind::Map(entries),
            ..
        }) => entries,
        Some(Node {
            kind: Kind::Null, ..
        }) => Vec::new(),
        Some(other) => {
            return Err(r.wrong_type(
                &other,
                "the document",
                "a mapping of sections (`tests:`, `store:`)",
            ))
        }
    };
    // Sections that need `prometheus:`, and where they were written.
    let mut need_prometheus: Vec<(&'static str, Pos)> = Vec::new();
    // What `rollout:` refers to in other sections, checked once all are read.
    let mut rollout_refs = None;
    for (key, value) in &entries {
        let name = r.key_text(key, "the top level")?;
        match name.as_str() {
            "store" => {
                if let Some(s) = r.string(value, "store")? {
                    if s.expanded.text.is_empty() {
                        return Err(r.invalid(value, "store", "the path is empty"));
                    }
                    config.store = Some(if s.expanded.text.contains("://") {
                        PathBuf::from(&s.expanded.text)
                    } else {
                        config.dir.join(&s.expanded.text)
                    });
                }
            }
            "tests" => config.tests = Some(r.tests(value)?),
            "prometheus" => config.prometheus = Some(r.prometheus(key, value)?),
            "smoke" => config.smoke = Some(r.smoke(key, value)?),
            "metrics" => {
                config.metrics = Some(r.metrics(key, value)?);
                need_prometheus.push(("metrics", key.at));
            }
            "analysis" => {
                config.analysis = Some(r.analysis(key, value)?);
                need_prometheus.push(("analysis", key.at));
            }
            "docs" => config.docs = Some(r.docs(key, value)?),
            "rollout" => {
                let (rollout, refs) = r.rollout(key, value)?;
                config.rollout = Some(rollout);
                rollout_refs = Some(refs);
            }
            other => return Err(r.unknown_key(key, other, "the top level", &schema::TOP_LEVEL)),
        }
    }
    if config.prometheus.is_none() {
        if let Some((section, at)) = need_prometheus.first() {
            return Err(r.invalid_at(
                *at,
                section,
                "needs a `prometheus:` section with the server's url (`prometheus: { url: \"http://prometheus:9090\" }`)",
            ));
        }
    }
    if let Some(refs) = &rollout_refs {
        r.rollout_refs(refs, &config)?;
    }
    config.secrets = r.into_secrets();
    Ok(config)
}
