#![no_main]
use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use shipgate_docs::drift::{commands, endpoints, env, ids};
use shipgate_docs::markdown::parse;

// Any text is a Markdown document: parsing must not panic, every position must lie inside
// the document, and the drift checks that read the parsed document (commands, env,
// endpoints, ids) must not panic on whatever it holds.
/// The shipped command grammars, parsed once.
static GRAMMARS: std::sync::LazyLock<Vec<shipgate_docs::drift::cli_spec::CliSpec>> =
    std::sync::LazyLock::new(shipgate_docs::drift::grammar::shipped);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = parse("docs/fuzz.md", text);
    // CommonMark line endings: \r\n, \n and a lone \r
    let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count() as u32;
    let positions = doc
        .links
        .iter()
        .map(|l| l.at)
        .chain(doc.inline_code.iter().map(|c| c.at))
        .chain(doc.headings.iter().map(|h| h.at))
        .chain(doc.text.iter().map(|t| t.at));
    for at in positions {
        assert!(
            at.line >= 1 && at.line <= lines.max(1),
            "line {} of {lines}",
            at.line
        );
        assert!(at.column >= 1);
    }
    let docs = [doc];
    let mut truth =
        shipgate_docs::truth::EnvTruth::from_names(BTreeSet::from(["API_TOKEN".to_owned()]));
    truth.prefixes.insert("APP_".to_owned());
    truth.workflows = true;
    for patterns in [&[][..], &["APP_*".to_owned()][..]] {
        let namespace = env::Namespace::new(patterns, &truth);
        let mut result = env::check(
            &docs,
            &env::EnvRules {
                truth: &truth,
                ignore: &[],
                namespace: &namespace,
            },
        );
        let foreign = std::mem::take(&mut result.foreign);
        result.settle(&foreign);
    }
    let _ = endpoints::check(
        &docs,
        &endpoints::EndpointRules {
            routes: &[],
            ignore: &[],
            base_urls: &["BASE_URL".to_owned()],
        },
    );
    let _ = commands::check(
        &docs,
        &commands::CommandRules {
            tools: &["kubectl".to_owned()],
            truth: &[],
            allow: &[],
            cli: None,
            grammars: GRAMMARS.as_slice(),
        },
    );
    if let Ok(pattern) = regex::Regex::new("TQ-[0-9]{2}") {
        let _ = ids::check(
            &docs,
            &[ids::IdRule {
                pattern,
                truth: BTreeSet::new(),
            }],
        );
    }
});
