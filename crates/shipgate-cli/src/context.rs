//! What every command starts from: the environment, the config in use and the store path.

use std::path::{Path, PathBuf};

use shipgate_config::Config;

use crate::args::{Cli, FormatArg};
use crate::error::CliError;

/// Environment lookup, injectable for tests.
pub type Env = dyn Fn(&str) -> Option<String>;

pub struct Context<'a> {
    pub env: &'a Env,
    pub cwd: PathBuf,
    /// The config in use, explicit (`--config`) or found in the current folder / repository root.
    pub config: Option<Config>,
    /// Where to record history: `--store`, else the config's `store`, else the default beside
    /// the config. `None`: an ad-hoc command that writes nothing to disk.
    pub store: Option<PathBuf>,
    pub format: FormatArg,
}

/// Default store location, relative to the config's folder.
pub const DEFAULT_STORE: &str = ".shipgate/history.db";

impl<'a> Context<'a> {
    pub fn load(cli: &Cli, env: &'a Env) -> Result<Context<'a>, CliError> {
        let cwd = std::env::current_dir()
            .map_err(|e| CliError::Dependency(format!("cannot read the current folder: {e}")))?;
        let path = match &cli.config {
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
        let store = match (&cli.store, &config) {
            (Some(s), _) => Some(s.clone()),
            (None, Some(c)) => Some(c.store.clone().unwrap_or_else(|| c.dir.join(DEFAULT_STORE))),
            (None, None) => None,
        };
        Ok(Context {
            env,
            cwd,
            config,
            store,
            format: cli.format,
        })
    }

    /// The folder config-relative globs are taken from.
    pub fn config_dir(&self) -> &Path {
        self.config
            .as_ref()
            .map_or(self.cwd.as_path(), |c| c.dir.as_path())
    }

    /// Secret values to redact from everything printed.
    pub fn secrets(&self) -> &[String] {
        self.config.as_ref().map_or(&[], |c| c.secrets.as_slice())
    }
}
