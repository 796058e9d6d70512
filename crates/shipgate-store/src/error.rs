//! The store's error type. Every variant names the database file it concerns.

use std::path::PathBuf;

use thiserror::Error;

/// Why the history store could not be opened, migrated, written or read.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The directory that should hold the database could not be created.
    #[error("{}: cannot create the directory {} for the history database: {source}", path.display(), dir.display())]
    CreateDir {
        path: PathBuf,
        dir: PathBuf,
        source: std::io::Error,
    },

    /// A history database that was asked for by name does not exist.
    #[error("{}: no history database at this path (check the path given to --store)", path.display())]
    Missing { path: PathBuf },

    /// Whether the database file exists could not be determined.
    #[error("{}: cannot check whether the history database exists: {source}", path.display())]
    Probe {
        path: PathBuf,
        source: std::io::Error,
    },

    /// SQLite could not open the file, or it is not a database, or the connection could not
    /// be configured.
    #[error("{}: cannot open the history database: {source}", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },

    /// The database was written by a newer shipgate; it is left untouched.
    #[error(
        "{}: the history database has schema version {found}, newer than version {supported} \
         that this shipgate understands; upgrade shipgate (the database was not modified)",
        path.display()
    )]
    FutureSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// The database reports a schema version that no shipgate writes.
    #[error("{}: the history database has an invalid schema version {found}", path.display())]
    InvalidSchema { path: PathBuf, found: i64 },

    /// SQLite refused to switch the database to write-ahead logging (for example on a
    /// file system without shared-memory support).
    #[error(
        "{}: the history database could not be switched to WAL mode (journal mode is `{mode}`); \
         put it on a local file system",
        path.display()
    )]
    JournalMode { path: PathBuf, mode: String },

    /// A schema migration failed; it was rolled back and the database keeps its old version.
    #[error("{}: cannot migrate the history database to schema version {version}: {source}", path.display())]
    Migrate {
        path: PathBuf,
        version: i64,
        source: rusqlite::Error,
    },

    /// Recording an invocation failed; nothing of it was written.
    #[error("{}: cannot record the run in the history database (nothing was written): {source}", path.display())]
    Record {
        path: PathBuf,
        source: rusqlite::Error,
    },

    /// A history query failed.
    #[error("{}: cannot read the history database: {source}", path.display())]
    Query {
        path: PathBuf,
        source: rusqlite::Error,
    },

    /// Another rollout of the service is active: nothing was changed.
    #[error(
        "{}: a rollout of `{service}` (version {version}, rollout {id}) is still active; \
         continue it with `shipgate rollout resume` or roll it back with `shipgate rollout abort`",
        path.display()
    )]
    RolloutActive {
        path: PathBuf,
        service: String,
        version: String,
        id: i64,
    },

    /// No rollout of the service is active (for `abort`, `approve`, `resume`).
    #[error("{}: no rollout of `{service}` is active", path.display())]
    NoActiveRollout { path: PathBuf, service: String },

    /// The database holds a value this shipgate cannot interpret.
    #[error("{}: the history database holds an unexpected value: {detail}", path.display())]
    Corrupt { path: PathBuf, detail: String },
}
