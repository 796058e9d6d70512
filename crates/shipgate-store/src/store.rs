//! The [`Store`] handle: opening the SQLite file and configuring the connection.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::migrations;
use crate::StoreError;

/// How long a writer waits for another process holding the database lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Page cache per connection, in KiB (SQLite's negative `cache_size` form). Large enough
/// that recording a million-test run does not thrash the `tests` name index.
const CACHE_KIB: i64 = 64 * 1024;

/// The history of shipgate invocations in one SQLite database file.
///
/// The database runs in WAL mode with foreign keys enforced; its schema is versioned in
/// `PRAGMA user_version` and migrated forward when opened.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

impl Store {
    /// Open the database at `path`, creating it (and its parent directories) when absent.
    ///
    /// The connection uses WAL journaling, foreign keys and a busy timeout of about five
    /// seconds; pending schema migrations are applied, each in its own transaction. A
    /// database whose schema version is newer than this build knows is refused with
    /// [`StoreError::FutureSchema`] before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: path.to_path_buf(),
                dir: dir.to_path_buf(),
                source,
            })?;
        }
        Self::open_with(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
    }

    /// Open the database at `path` only if the file exists; `Ok(None)` when it does not.
    ///
    /// Meant for read-only history commands: it never creates a file or directory. An
    /// existing database is configured and migrated exactly as by [`Store::open`].
    pub fn open_existing(path: &Path) -> Result<Option<Store>, StoreError> {
        let exists = path.try_exists().map_err(|source| StoreError::Probe {
            path: path.to_path_buf(),
            source,
        })?;
        if !exists {
            return Ok(None);
        }
        // Without SQLITE_OPEN_CREATE, a file removed since the check is an error, not a new file.
        Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map(Some)
    }

    /// Open the database at `path`, which must exist: [`StoreError::Missing`] when it does
    /// not. For a store the user named (`--store PATH`), where "no history yet" would hide
    /// a wrong path. Never creates a file or directory.
    pub fn open_required(path: &Path) -> Result<Store, StoreError> {
        Self::open_existing(path)?.ok_or_else(|| StoreError::Missing {
            path: path.to_path_buf(),
        })
    }

    /// The database file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database (equal to [`crate::SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::schema_version(&self.conn).map_err(|source| self.query_error(source))
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        // No SQLITE_OPEN_URI: a configured path is always a file name.
        let mut conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;

        // Check the version before anything writes to the file (switching to WAL rewrites
        // the header), so a database from a newer shipgate stays byte-for-byte untouched.
        // This read also fails cleanly on a file that is not a SQLite database.
        let version = migrations::schema_version(&conn).map_err(open_err)?;
        migrations::check_version(version, path)?;

        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::JournalMode {
                path: path.to_path_buf(),
                mode,
            });
        }
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        // In WAL mode NORMAL keeps the database consistent on a crash; only the last
        // transactions may be lost on power failure.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)
            .map_err(open_err)?;

        migrations::migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Wrap a failed read in an error naming this database.
    pub(crate) fn query_error(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Query {
            path: self.path.clone(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_enforces_foreign_keys_and_waits_for_locks() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("h.db")).unwrap();
        let pragma = |name: &str| -> i64 {
            store
                .conn
                .pragma_query_value(None, name, |r| r.get(0))
                .unwrap()
        };
        assert_eq!(pragma("foreign_keys"), 1);
        assert_eq!(pragma("busy_timeout"), 5000);
        // Foreign keys are really enforced: an outcome for a run that does not exist is refused.
        let orphan = store.conn.execute(
            "INSERT INTO outcomes (run_id, test_id, outcome, attempts, flaky, duration_seconds)
             VALUES (999, 999, 'passed', 1, 0, 0)",
            [],
        );
        assert!(orphan.is_err());
    }
}
