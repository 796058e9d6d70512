//! What every evaluation starts from: the environment, the config in use, the store, where
//! events go and how to stop.

use std::path::{Path, PathBuf};

use shipgate_config::Config;
use shipgate_core::Redactor;

use crate::cancel::Cancel;
use crate::error::EngineError;
use crate::events::{Event, EventSink};

/// Environment lookup, injectable for tests.
pub type Env = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Default store location, relative to the config's folder.
pub const DEFAULT_STORE: &str = ".shipgate/history.db";

/// Where a command runs and what it may use.
pub struct Context<'a> {
    pub env: &'a Env,
    pub cwd: PathBuf,
    /// The config in use, explicit (`--config`) or found in the current folder / repository root.
    pub config: Option<Config>,
    /// Where to record history: an explicit path, else the config's `store`, else the default
    /// beside the config. `None`: an ad-hoc command that writes nothing to disk.
    pub store: Option<PathBuf>,
    /// `store` was named with `--store` (a store the user asked for must exist to be read).
    pub store_named: bool,
    /// Where events go.
    pub events: &'a dyn EventSink,
    /// Shared with the signal handler.
    pub cancel: Cancel,
    /// The config's secrets, for everything that leaves the process (the store included).
    redactor: Redactor,
}

/// How to find the config and the store.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    /// An explicit config file (`--config`); else `shipgate.yaml` is looked for.
    pub config: Option<PathBuf>,
    /// An explicit store (`--store`).
    pub store: Option<PathBuf>,
}

impl<'a> Context<'a> {
    /// Load the config (explicit, or found from the current folder) and settle the store.
    pub fn load(
        locations: &Locations,
        env: &'a Env,
        events: &'a dyn EventSink,
        cancel: Cancel,
    ) -> Result<Context<'a>, EngineError> {
        let cwd = std::env::current_dir().map_err(EngineError::CurrentDir)?;
        let path = match &locations.config {
            Some(p) => Some(p.clone()),
            None => shipgate_config::find_config(&cwd),
        };
        let config = match path {
            Some(p) => {
                tracing::info!(config = %p.display(), "using config");
                Some(shipgate_config::load(&p, env)?)
            }
            None => None,
        };
        let store = match (&locations.store, &config) {
            (Some(s), _) => Some(s.clone()),
            (None, Some(c)) => Some(c.store.clone().unwrap_or_else(|| c.dir.join(DEFAULT_STORE))),
            (None, None) => None,
        };
        let redactor = Redactor::with_secrets(
            config
                .iter()
                .flat_map(|c| c.secrets.iter().map(shipgate_core::Secret::expose)),
        );
        Ok(Context {
            env,
            cwd,
            config,
            store,
            store_named: locations.store.is_some(),
            events,
            cancel,
            redactor,
        })
    }

    /// The folder config-relative globs are taken from.
    pub fn config_dir(&self) -> &Path {
        self.config
            .as_ref()
            .map_or(self.cwd.as_path(), |c| c.dir.as_path())
    }

    /// The config, or an error saying none was found (`hint`: what the command reads from it).
    pub fn config(&self, hint: &'static str) -> Result<&Config, EngineError> {
        self.config.as_ref().ok_or(EngineError::NoConfig { hint })
    }

    /// The redactor of the config's secrets (every encoded form of each).
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Send an event to the subscriber.
    pub fn emit(&self, event: Event) {
        self.events.emit(&event);
    }
}
