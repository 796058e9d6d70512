//! Versioned schema migrations, tracked in SQLite's `PRAGMA user_version`.
//!
//! Migration `n` (1-based) is `MIGRATIONS[n - 1]`; after it is applied the database's
//! `user_version` is `n`. Migrations are append-only: a released one is never edited.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// The schema migrations, oldest first.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_rollouts.sql"),
    include_str!("migrations/0003_rollout_analysis.sql"),
];

/// The schema version this build of shipgate creates and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The database's schema version (`PRAGMA user_version`; 0 for a new database).
pub(crate) fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Refuse a schema version this build cannot work with, before anything is written.
pub(crate) fn check_version(found: i64, path: &Path) -> Result<(), StoreError> {
    check_version_against(found, SCHEMA_VERSION, path)
}

fn check_version_against(found: i64, supported: i64, path: &Path) -> Result<(), StoreError> {
    if found < 0 {
        return Err(StoreError::InvalidSchema {
            path: path.to_path_buf(),
            found,
        });
    }
    if found > supported {
        return Err(StoreError::FutureSchema {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    Ok(())
}

/// Apply every pending migration; returns how many were applied.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<usize, StoreError> {
    migrate_with(conn, path, MIGRATIONS)
}

/// Apply the pending ones of `migrations`, each in its own transaction together with the
/// `user_version` bump, so a failing migration leaves the database at the previous version.
///
/// The version is re-read inside each (immediate, hence exclusive for writers) transaction,
/// so two processes opening a new database at the same time do not both apply a migration.
fn migrate_with(
    conn: &mut Connection,
    path: &Path,
    migrations: &[&str],
) -> Result<usize, StoreError> {
    let mut applied = 0;
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        let current = schema_version(&tx).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        check_version_against(
            current,
            i64::try_from(migrations.len()).unwrap_or(i64::MAX),
            path,
        )?;
        let Some(sql) = usize::try_from(current)
            .ok()
            .and_then(|i| migrations.get(i))
        else {
            // Up to date; nothing was written, so dropping the transaction just ends it.
            return Ok(applied);
        };
        let version = current + 1;
        let fail = |source| StoreError::Migrate {
            path: path.to_path_buf(),
            version,
            source,
        };
        tx.execute_batch(sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        applied += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_exists(conn: &Connection, name: &str) -> bool {
        conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
            == 1
    }

    #[test]
    fn applies_pending_migrations_in_order_and_only_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new("mem.db");
        let steps = [
            "CREATE TABLE a (x);",
            "CREATE TABLE b (y); INSERT INTO a VALUES (1);",
        ];
        assert_eq!(migrate_with(&mut conn, path, &steps).unwrap(), 2);
        assert_eq!(schema_version(&conn).unwrap(), 2);
        // A second pass finds nothing to do (re-running would fail: the tables exist).
        assert_eq!(migrate_with(&mut conn, path, &steps).unwrap(), 0);
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM a", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn a_failing_migration_is_rolled_back_and_keeps_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new("mem.db");
        let steps = [
            "CREATE TABLE a (x);",
            "CREATE TABLE b (y); INSERT INTO nowhere VALUES (1);",
        ];
        let err = migrate_with(&mut conn, path, &steps).unwrap_err();
        assert!(
            matches!(err, StoreError::Migrate { version: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("mem.db"), "{err}");
        assert_eq!(schema_version(&conn).unwrap(), 1);
        assert!(table_exists(&conn, "a"));
        assert!(
            !table_exists(&conn, "b"),
            "half of migration 2 was left behind"
        );
    }

    #[test]
    fn a_version_newer_than_the_known_migrations_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 3).unwrap();
        let err = migrate_with(&mut conn, Path::new("x.db"), &["CREATE TABLE a (x);"]).unwrap_err();
        assert!(
            matches!(err, StoreError::FutureSchema { found: 3, .. }),
            "{err}"
        );
        assert!(!table_exists(&conn, "a"));
    }

    #[test]
    fn the_shipped_schema_applies_cleanly() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(
            migrate(&mut conn, Path::new("x.db")).unwrap(),
            MIGRATIONS.len()
        );
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        for t in [
            "invocations",
            "runs",
            "tests",
            "outcomes",
            "gate_results",
            "gate_evidence",
        ] {
            assert!(table_exists(&conn, t), "{t}");
        }
    }
}
