//! Opening, creating and migrating the database.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use std::fs;

use common::{count, record, run, O};
use rusqlite::Connection;
use shipgate_store::{Store, StoreError, SCHEMA_VERSION};

fn user_version(path: &std::path::Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn schema_objects(path: &std::path::Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT type || ' ' || name FROM sqlite_schema ORDER BY 1")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn open_creates_parent_directories_and_applies_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".shipgate/nested/history.db");
    let store = Store::open(&path).unwrap();
    assert!(path.is_file());
    assert_eq!(store.path(), path);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
}

#[test]
fn reopening_keeps_data_and_does_not_reapply_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let mut store = Store::open(&path).unwrap();
    record(
        &mut store,
        100,
        Some("main"),
        &[run("r", false, &[("a", O::P)])],
        None,
    );
    drop(store);
    let objects = schema_objects(&path);

    for _ in 0..2 {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        drop(store);
        let store = Store::open_existing(&path).unwrap().unwrap();
        drop(store);
    }
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    assert_eq!(schema_objects(&path), objects, "schema changed on reopen");
    assert_eq!(
        count(&path, "invocations"),
        1,
        "a reopen lost or duplicated data"
    );
    assert_eq!(count(&path, "outcomes"), 1);
}

#[test]
fn a_database_from_a_newer_shipgate_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    {
        // Written by a hypothetical future version: rollback journal, a table we don't know.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (42);")
            .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = fs::read(&path).unwrap();

    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::FutureSchema { found, supported, .. }
        if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("newer"), "{msg}");

    let err = Store::open_existing(&path).unwrap_err();
    assert!(matches!(err, StoreError::FutureSchema { .. }), "{err:?}");

    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the database file was modified"
    );
    let entries: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        entries,
        vec![std::ffi::OsString::from("history.db")],
        "no WAL or journal was left behind"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_naming_it_and_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let junk =
        b"this is not a SQLite database, just some text that is long enough to have a header"
            .repeat(20);
    fs::write(&path, &junk).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), junk);
}

#[test]
fn open_existing_on_a_missing_path_returns_none_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing/history.db");
    assert!(Store::open_existing(&path).unwrap().is_none());
    assert!(!path.exists());
    assert!(
        !dir.path().join("missing").exists(),
        "a parent directory was created"
    );
    let path = dir.path().join("history.db");
    assert!(Store::open_existing(&path).unwrap().is_none());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "something was created"
    );
}

#[test]
fn open_existing_opens_a_database_that_exists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let mut store = Store::open(&path).unwrap();
    record(&mut store, 1, Some("main"), &[], Some(common::cov(10, 5)));
    drop(store);
    let store = Store::open_existing(&path).unwrap().unwrap();
    assert_eq!(
        store
            .last_coverage("main")
            .unwrap()
            .unwrap()
            .totals
            .lines_covered,
        5
    );
}

#[test]
fn the_database_is_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.db");
    let _store = Store::open(&path).unwrap();
    // WAL is persistent: a fresh connection sees it, and the header says so (bytes 18/19 = 2).
    let mode: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let header = fs::read(&path).unwrap();
    assert_eq!((header[18], header[19]), (2, 2));
}

#[test]
fn a_path_that_is_a_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(matches!(
        Store::open_existing(dir.path()),
        Err(StoreError::Open { .. })
    ));
}

#[test]
fn a_required_store_that_does_not_exist_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing/history.db");
    let err = Store::open_required(&path).map(|_| ()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Missing { path: p } if *p == path),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", path.display())),
        "{err}"
    );
    // Nothing was created on the way.
    assert!(!dir.path().join("missing").exists());
    // An existing store opens as with `open`.
    let existing = dir.path().join("history.db");
    drop(Store::open(&existing).unwrap());
    let store = Store::open_required(&existing).unwrap();
    assert_eq!(store.path(), existing);
}
