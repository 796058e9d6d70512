//! The docs section: the documents of the `docs:` section checked against the repository
//! (run from its root), one gate per check and every finding in the report.

use shipgate_core::Report;

use shipgate_docs::drift::cli_spec::CliSpec;
use shipgate_docs::repo::GitCli;
use shipgate_docs::ExternalLinks;
use shipgate_http::links::{check_links, LinkCheck, LinkStatus};
use shipgate_http::TokioClock;

use crate::context::Context;
use crate::error::EngineError;
use crate::events::{Event, EventSink};
use crate::interruptible::blocking;

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
    let outcome = blocking(|| {
        let mut git = GitCli::new(&ctx.cwd);
        let mut web = Web { events: ctx.events };
        shipgate_docs::check(
            docs,
            shipgate_docs::Inputs {
                root: &ctx.cwd,
                config_file: &config.path,
                cli,
                git: &mut git,
                external: &mut web,
            },
        )
    })?;
    let mut report = Report::new(outcome.gates);
    report.docs = Some(outcome.section);
    Ok(report)
}

/// `links.external: true`: URLs fetched with shipgate's HTTP client.
struct Web<'a> {
    events: &'a dyn EventSink,
}

impl ExternalLinks for Web<'_> {
    fn check(&mut self, urls: &[String]) -> Vec<Result<(), String>> {
        if urls.is_empty() {
            return Vec::new();
        }
        self.events.emit(&Event::SectionStarted {
            section: "docs",
            detail: format!("checking {} external links", urls.len()),
        });
        let check = LinkCheck::default();
        // The documentation check is synchronous and calls back for external links: on the
        // command's multi-threaded runtime (the caller runs this in `blocking`) the answers
        // are fetched on it; elsewhere (a test's single-threaded runtime, no runtime) on a
        // runtime of their own on a thread of their own.
        let fetch = || async { check_links(urls, &check, &TokioClock::start()).await };
        let fetched = match tokio::runtime::Handle::try_current() {
            Ok(handle) if handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                Ok(handle.block_on(fetch()))
            }
            _ => std::thread::scope(|scope| {
                scope
                    .spawn(|| {
                        tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .map(|runtime| runtime.block_on(fetch()))
                    })
                    .join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("the link check stopped")))
            }),
        };
        match fetched {
            Err(e) => urls
                .iter()
                .map(|_| Err(format!("cannot check: {e}")))
                .collect(),
            Ok(answers) => answers
                .into_iter()
                .map(|answer| match answer {
                    LinkStatus::Ok(_) => Ok(()),
                    LinkStatus::Broken(why) => Err(why),
                })
                .collect(),
        }
    }
}
