//! The docs section: the documents of the `docs:` section checked against the repository
//! (run from its root), one gate per check and every finding in the report.
//!
//! The documents are checked synchronously ([`blocking`]); the external links they name
//! (`links.external: true`) are then fetched on the command's runtime, raced against a
//! cancellation, and their answers complete the check.

use shipgate_core::{Report, DOCS_GATES};

use shipgate_docs::drift::cli_spec::CliSpec;
use shipgate_docs::repo::GitCli;
use shipgate_http::links::{check_links, LinkCheck, LinkStatus};
use shipgate_http::TokioClock;

use crate::context::Context;
use crate::error::EngineError;
use crate::events::Event;
use crate::interrupted::{because, interrupted_report};
use crate::interruptible::{blocking, until_cancelled};

/// The docs section's report. `cli` is the grammar of `shipgate` itself, for checking the
/// `shipgate` commands documents show.
pub async fn evaluate_docs(
    ctx: &Context<'_>,
    cli: Option<&CliSpec>,
) -> Result<Report, EngineError> {
    let config = ctx.config("")?;
    let Some(docs) = &config.docs else {
        return Err(EngineError::NoSection {
            config: config.path.clone(),
            section: "docs",
            hint: "add one, e.g. `docs: { include: [\"README.md\", \"docs/**/*.md\"] }`",
        });
    };
    let prepared = blocking(|| {
        let mut git = GitCli::new(&ctx.cwd);
        shipgate_docs::prepare(
            docs,
            shipgate_docs::Inputs {
                root: &ctx.cwd,
                config_file: &config.path,
                cli,
                git: &mut git,
            },
        )
    })?;
    let urls = prepared.external_urls();
    let answers = if urls.is_empty() {
        Vec::new()
    } else {
        ctx.emit(Event::SectionStarted {
            section: "docs",
            detail: format!("checking {} external links", urls.len()),
        });
        let check = LinkCheck::default();
        let clock = TokioClock::start();
        let Some(statuses) = until_cancelled(&ctx.cancel, check_links(urls, &check, &clock)).await
        else {
            let gates: Vec<(String, String)> = DOCS_GATES
                .iter()
                .map(|(id, name)| ((*id).to_owned(), (*name).to_owned()))
                .collect();
            let why = because(ctx.cancel.reason(), "while the external links were checked");
            return Ok(interrupted_report(&gates, &why));
        };
        statuses.into_iter().map(answer).collect()
    };
    let outcome = blocking(|| prepared.finish(answers));
    let mut report = Report::new(outcome.gates);
    report.docs = Some(outcome.section);
    Ok(report)
}

/// A link's status as the documentation check takes it: `Err(why)` for a broken link.
fn answer(status: LinkStatus) -> Result<(), String> {
    match status {
        LinkStatus::Ok(_) => Ok(()),
        LinkStatus::Broken(why) => Err(why),
    }
}
