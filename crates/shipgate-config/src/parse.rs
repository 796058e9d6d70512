//! YAML text to a [`Node`] tree, with serde-saphyr's limits against hostile input
//! (nesting depth, alias expansion, document count) and its errors turned into
//! [`ConfigError::Syntax`] with a position.

use std::path::Path;

use serde_saphyr::{DefaultMessageFormatter, Error as YamlError, MessageFormatter, Options};

use crate::duplicates::first_duplicate;
use crate::error::ConfigError;
use crate::location::Pos;
use crate::tree::Node;

/// Nesting deeper than this is refused: shipgate's schema needs four levels.
const MAX_DEPTH: usize = 24;
/// Alias replay is capped well below serde-saphyr's default: a config has no use for more.
const MAX_REPLAYED_EVENTS: usize = 10_000;

fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_events: 200_000,
            max_nodes: 100_000,
            max_aliases: 1_000,
            max_total_scalar_bytes: 16 * 1024 * 1024,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED_EVENTS,
            max_replay_stack_depth: 16,
        },
        with_snippet: false,
        // Repeated keys reach the tree, where `first_duplicate` names both places.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        strict_booleans: true,
    }
}

/// Parse the document; `None` when it holds no node at all (empty, or only comments).
pub(crate) fn parse(source: &str, file: &Path) -> Result<Option<Node>, ConfigError> {
    if is_blank(source) {
        return Ok(None);
    }
    let root = serde_saphyr::from_str_with_options::<Option<Node>>(source, options())
        .map_err(|e| syntax(file, &e))?;
    if let Some(dup) = root.as_ref().and_then(|r| first_duplicate(r, source)) {
        return Err(ConfigError::Syntax {
            file: file.to_path_buf(),
            at: Some(dup.again),
            message: dup.message(),
        });
    }
    Ok(root)
}

/// Whether the text has no YAML content: only whitespace, comments and document markers.
fn is_blank(source: &str) -> bool {
    source.lines().all(|l| {
        let t = l.trim_start_matches('\u{feff}').trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// A breached parser budget in words (serde-saphyr prints the breach in its debug form,
/// such as `Depth { depth: 25 }`).
fn budget_words(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { depth } => format!("the document nests {depth} levels deep, too deep"),
        B::Documents { documents } => {
            format!("the file holds {documents} YAML documents; a config is one document")
        }
        B::Aliases { aliases } => format!("the document uses {aliases} aliases, too many"),
        B::Anchors { anchors } => format!("the document defines {anchors} anchors, too many"),
        B::Events { .. } | B::Nodes { .. } => "the document has too many values".to_string(),
        B::ScalarBytes { .. } => "the document's text values are too long in total".to_string(),
        B::MergeKeys { merge_keys } => {
            format!("the document uses {merge_keys} merge keys (`<<`), too many")
        }
        _ => "the document is over the parser's limits".to_string(),
    }
}

fn syntax(file: &Path, e: &YamlError) -> ConfigError {
    let mut inner = e;
    while let YamlError::AliasError { error, .. } | YamlError::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let at = e
        .location()
        .or_else(|| inner.location())
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(l.line(), l.column()));
    let mut message: String = match inner {
        YamlError::Budget { breach, .. } => budget_words(breach),
        other => DefaultMessageFormatter.format_message(other).into_owned(),
    }
    .chars()
    .map(|c| if c.is_control() { ' ' } else { c })
    .collect();
    let too_deep = message.starts_with("recursion limit exceeded");
    if too_deep {
        // The scanner's own nesting guard, met before the budget's depth check.
        message = "the document nests too deep".to_string();
    }
    if too_deep
        || matches!(inner, YamlError::Budget { .. })
        || message.starts_with("alias replay limit")
    {
        message.push_str(&format!(
            " (a config may nest at most {MAX_DEPTH} levels, hold one document and expand aliases into at most {MAX_REPLAYED_EVENTS} nodes)"
        ));
    }
    if message.contains("block scalar") {
        // `pass_rate: >= 98%` unquoted: YAML reads `>` as the start of a folded block.
        message.push_str(" (quote conditions that start with `>` or `|`: `pass_rate: \">= 98%\"`)");
    }
    ConfigError::Syntax {
        file: file.to_path_buf(),
        at,
        message,
    }
}
