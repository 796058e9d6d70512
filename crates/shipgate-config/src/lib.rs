//! `shipgate.yaml`: discovery, parsing, `${VAR}` expansion and validation into a resolved
//! [`Config`]. Every error names `file:line:column`.
//!
//! ```no_run
//! # fn main() -> Result<(), shipgate_config::ConfigError> {
//! let path = shipgate_config::find_config(std::path::Path::new(".")).unwrap_or_default();
//! let config = shipgate_config::load(&path, &shipgate_config::process_env)?;
//! # let _ = config;
//! # Ok(())
//! # }
//! ```

mod config;
mod discover;
mod env;
mod error;
mod load;
mod location;
mod parse;
mod resolve;
mod schema;
mod tree;

pub use config::{Config, TestsConfig};
pub use discover::{find_config, CONFIG_FILE_NAMES};
pub use env::{process_env, EnvLookup};
pub use error::ConfigError;
pub use load::{load, load_str, MAX_CONFIG_BYTES};
pub use location::Pos;
