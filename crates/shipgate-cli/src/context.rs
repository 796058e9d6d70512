//! What every command starts from: the engine's context (environment, config, store,
//! events, cancellation) and the output format.

use std::ops::Deref;

use crate::args::{Cli, FormatArg};
use crate::error::CliError;

pub use shipgate_engine::{Env, DEFAULT_STORE};

pub struct Context<'a> {
    pub engine: shipgate_engine::Context<'a>,
    pub format: FormatArg,
}

impl<'a> Context<'a> {
    pub fn load(
        cli: &Cli,
        env: &'a Env,
        events: &'a dyn shipgate_engine::EventSink,
        cancel: shipgate_engine::Cancel,
    ) -> Result<Context<'a>, CliError> {
        let locations = shipgate_engine::Locations {
            config: cli.config.clone(),
            store: cli.store.clone(),
        };
        Ok(Context {
            engine: shipgate_engine::Context::load(&locations, env, events, cancel)?,
            format: cli.format,
        })
    }
}

impl<'a> Deref for Context<'a> {
    type Target = shipgate_engine::Context<'a>;

    fn deref(&self) -> &Self::Target {
        &self.engine
    }
}
