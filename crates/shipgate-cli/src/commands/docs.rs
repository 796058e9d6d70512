//! `shipgate docs check`: the documents of the `docs:` section checked against the
//! repository (run from its root), one gate per check and every finding in the report.

use shipgate_core::{ExitCode, Report};

use shipgate_docs::repo::GitCli;
use shipgate_docs::ExternalLinks;
use shipgate_http::links::{check_links, LinkCheck, LinkStatus};
use shipgate_http::TokioClock;

use crate::cli_spec;
use crate::context::Context;
use crate::error::CliError;
use crate::output;
use crate::runtime;

/// Check the docs and print the report; exit 1 when anything was found.
pub fn run(ctx: &Context<'_>) -> Result<ExitCode, CliError> {
    let report = evaluate(ctx)?;
    output::emit(
        &report,
        ctx.format,
        "shipgate docs check",
        ctx.env,
        ctx.secrets(),
    )?;
    Ok(ExitCode::for_verdict(report.verdict))
}

/// The docs section's report (used by `shipgate check` too).
pub fn evaluate(ctx: &Context<'_>) -> Result<Report, CliError> {
    let Some(config) = &ctx.config else {
        return Err(CliError::Usage(
            "no shipgate.yaml found here or at the repository root (give one with --config)".into(),
        ));
    };
    let Some(docs) = &config.docs else {
        return Err(CliError::Usage(format!(
            "{}: no `docs:` section (add one, e.g. `docs: {{ include: [\"README.md\", \"docs/**/*.md\"] }}`)",
            config.path.display()
        )));
    };
    let spec = cli_spec::shipgate();
    let mut git = GitCli::new(&ctx.cwd);
    let mut web = Web;
    let outcome = shipgate_docs::check(
        docs,
        shipgate_docs::Inputs {
            root: &ctx.cwd,
            config_file: &config.path,
            cli: Some(&spec),
            git: &mut git,
            external: &mut web,
        },
    )
    .map_err(|e| {
        if e.is_config_error() {
            CliError::Usage(e.to_string())
        } else {
            CliError::Dependency(e.to_string())
        }
    })?;
    let mut report = Report::new(outcome.gates);
    report.docs = Some(outcome.section);
    Ok(report)
}

/// `links.external: true`: URLs fetched with shipgate's HTTP client.
struct Web;

impl ExternalLinks for Web {
    fn check(&mut self, urls: &[String]) -> Vec<Result<(), String>> {
        if urls.is_empty() {
            return Vec::new();
        }
        eprintln!("shipgate: checking {} external links", urls.len());
        let check = LinkCheck::default();
        match runtime::block_on(async { check_links(urls, &check, &TokioClock::start()).await }) {
            Ok(answers) => answers
                .into_iter()
                .map(|answer| match answer {
                    LinkStatus::Ok(_) => Ok(()),
                    LinkStatus::Broken(why) => Err(why),
                })
                .collect(),
            Err(e) => urls.iter().map(|_| Err(e.to_string())).collect(),
        }
    }
}
