//! Snapshots of every format for the reference reports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may fail loudly

mod common;

use shipgate_report::{github_annotations, render, step_summary, Format, RenderOptions};

fn opts() -> RenderOptions {
    RenderOptions {
        color: false,
        title: "shipgate tests".to_string(),
    }
}

#[test]
fn every_format_of_every_report() {
    for (name, report) in common::all() {
        for format in Format::ALL {
            let out = render(&report, format, &opts());
            // The SARIF driver carries the crate version; keep the snapshots stable across
            // releases.
            let mut settings = insta::Settings::clone_current();
            settings.add_filter(&driver_version(), r#""version": "[version]","#);
            settings.bind(|| insta::assert_snapshot!(format!("{name}.{format}"), out));
        }
        insta::assert_snapshot!(format!("{name}.annotations"), github_annotations(&report));
    }
}

/// A pattern for the SARIF driver's `"version": "<crate version>",` (the log's own
/// `"version": "2.1.0"` has no comma after it... nor the same value).
fn driver_version() -> String {
    let version = env!("CARGO_PKG_VERSION").replace('.', r"\.");
    format!(r#""version": "{version}","#)
}

#[test]
fn step_summary_is_the_markdown() {
    for (_, report) in common::all() {
        assert_eq!(
            step_summary(&report, &opts()),
            render(&report, Format::Markdown, &opts())
        );
    }
}

#[test]
fn every_format_ends_with_exactly_one_newline() {
    for (name, report) in common::all() {
        for format in Format::ALL {
            let out = render(&report, format, &opts());
            assert!(
                out.ends_with('\n') && !out.ends_with("\n\n"),
                "{name} {format}: {out:?}"
            );
        }
    }
}

#[test]
fn no_line_has_trailing_whitespace() {
    for (name, report) in common::all() {
        for format in [Format::Human, Format::Markdown, Format::Junit] {
            let out = render(&report, format, &opts());
            for line in out.lines() {
                assert_eq!(
                    line,
                    line.trim_end(),
                    "{name} {format}: trailing whitespace"
                );
            }
        }
    }
}
