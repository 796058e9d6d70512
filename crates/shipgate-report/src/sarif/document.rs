use std::collections::BTreeMap;

use serde::Serialize;
use shipgate_core::Report;

use super::results::{rules_and_results, SarifResult, Text, SRCROOT};
use super::rules::Rule;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const VERSION: &str = "2.1.0";

/// The `sarifLog`.
#[derive(Debug, Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
    /// Our columns count characters, not the default UTF-16 code units.
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
    results: Vec<SarifResult>,
}

/// `runs[0].invocations[0]`, present only to carry the report's warnings as
/// `toolExecutionNotifications`: notes about the run, not results about the code.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Debug, Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

/// The invocation that carries `warnings`; none when there are none.
fn invocations(warnings: &[String]) -> Vec<Invocation> {
    if warnings.is_empty() {
        return Vec::new();
    }
    vec![Invocation {
        execution_successful: true,
        tool_execution_notifications: warnings
            .iter()
            .map(|w| Notification {
                level: "warning",
                message: Text::new(w.clone()),
            })
            .collect(),
    }]
}

#[derive(Debug, Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    version: &'static str,
    rules: Vec<Rule>,
}

/// `%SRCROOT%`: where it is is the consumer's to know (the checkout); only described.
#[derive(Debug, Serialize)]
struct BaseUri {
    description: Text,
}

/// The report as a pretty-printed SARIF 2.1.0 log with a trailing newline.
pub(crate) fn render(report: &Report) -> String {
    let (rules, results) = rules_and_results(report);
    let log = Log {
        schema: SCHEMA,
        version: VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "shipgate",
                    information_uri: Some(env!("CARGO_PKG_REPOSITORY")).filter(|u| !u.is_empty()),
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                BaseUri {
                    description: Text::new("The root of the repository checked."),
                },
            )]),
            column_kind: "unicodeCodePoints",
            invocations: invocations(&report.warnings),
            results,
        }],
    };
    match serde_json::to_string_pretty(&log) {
        Ok(mut json) => {
            json.push('\n');
            json
        }
        // Unreachable with these views (strings and integers), but a reporter must still
        // emit a valid log that fails closed rather than nothing at all.
        Err(e) => {
            let fallback = serde_json::json!({
                "$schema": SCHEMA,
                "version": VERSION,
                "runs": [{
                    "tool": { "driver": { "name": "shipgate" } },
                    "results": [{
                        "ruleId": "verdict",
                        "level": "error",
                        "message": { "text": format!("could not render the report as SARIF: {e}") },
                    }],
                }],
            });
            format!("{fallback:#}\n")
        }
    }
}
