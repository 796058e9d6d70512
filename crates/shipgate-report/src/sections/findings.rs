use std::collections::BTreeSet;

use shipgate_core::{DocsSection, Finding};

/// Where in its file a finding is: `12:5`, `12` without a column, `-` for a finding about
/// the whole document.
pub(crate) fn position(f: &Finding) -> String {
    match (line(f), column(f)) {
        (Some(l), Some(c)) => format!("{l}:{c}"),
        (Some(l), None) => l.to_string(),
        (None, _) => "-".to_string(),
    }
}

/// `docs/guide.md:12:5`, `docs/guide.md:12`, or just the file for a whole-document finding.
pub(crate) fn file_position(f: &Finding) -> String {
    match line(f) {
        Some(_) => format!("{}:{}", f.file, position(f)),
        None => f.file.clone(),
    }
}

/// The 1-based line, if the finding has a usable one (a `0` is treated as unknown).
pub(crate) fn line(f: &Finding) -> Option<u32> {
    f.line.filter(|l| *l > 0)
}

/// The 1-based column (in characters), only when the line is known too.
pub(crate) fn column(f: &Finding) -> Option<u32> {
    line(f).and(f.column.filter(|c| *c > 0))
}

/// The message followed by the suggestion as a question, `quoted` by the caller's format:
/// ``"`instal.md` does not exist. Did you mean `install.md`?"``.
pub(crate) fn with_suggestion(message: &str, quoted_suggestion: Option<&str>) -> String {
    let message = message.trim_end();
    match quoted_suggestion {
        None => message.to_string(),
        Some(s) => format!("{message}{}Did you mean {s}?", sentence_joint(message)),
    }
}

/// What goes between a message and the `Did you mean` that follows it: a space after a
/// full stop, question or exclamation mark, else a full stop first.
pub(crate) fn sentence_joint(message: &str) -> &'static str {
    if message.is_empty() {
        ""
    } else if message.ends_with(['.', '!', '?']) {
        " "
    } else {
        ". "
    }
}

/// A finding as one plain-text line: message and suggestion (in backticks).
pub(crate) fn finding_text(f: &Finding) -> String {
    let quoted = f.suggestion.as_deref().map(|s| format!("`{s}`"));
    with_suggestion(&f.message, quoted.as_deref())
}

/// `3 findings in 2 of 14 documents`, `No findings in 14 documents`,
/// `No documents were checked`.
pub(crate) fn totals(section: &DocsSection) -> String {
    let documents = section.documents.len();
    let findings = section.findings.len();
    let files: BTreeSet<&str> = section.findings.iter().map(|f| f.file.as_str()).collect();
    if documents == 0 && findings == 0 {
        return "No documents were checked".to_string();
    }
    if findings == 0 {
        return format!(
            "No findings in {documents} {}",
            plural(documents, "document")
        );
    }
    // A finding may name a file that has no summary row (a required document that does
    // not exist): count it among the documents, never claim "3 of 2".
    let documents = section
        .documents
        .iter()
        .map(|d| d.path.as_str())
        .chain(files.iter().copied())
        .collect::<BTreeSet<_>>()
        .len();
    format!(
        "{findings} {} in {} of {documents} {}",
        plural(findings, "finding"),
        files.len(),
        plural(documents, "document")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use shipgate_core::{DocumentSummary, FindingKind};

    use super::*;

    #[test]
    fn positions() {
        let f = Finding::at(FindingKind::BrokenLink, "a.md", 12, 5, "x");
        assert_eq!(position(&f), "12:5");
        assert_eq!(file_position(&f), "a.md:12:5");
        let f = Finding { column: None, ..f };
        assert_eq!(file_position(&f), "a.md:12");
        let f = Finding::whole(FindingKind::Requirement, "a.md", "x");
        assert_eq!(
            (position(&f), file_position(&f)),
            ("-".into(), "a.md".into())
        );
        let f = Finding::at(FindingKind::BrokenLink, "a.md", 0, 5, "x");
        assert_eq!((line(&f), column(&f)), (None, None));
    }

    #[test]
    fn suggestions_follow_the_message_as_a_question() {
        assert_eq!(
            with_suggestion("`a` does not exist", Some("`b`")),
            "`a` does not exist. Did you mean `b`?"
        );
        assert_eq!(
            with_suggestion("Not found.", Some("`b`")),
            "Not found. Did you mean `b`?"
        );
        assert_eq!(with_suggestion("plain", None), "plain");
    }

    #[test]
    fn totals_count_files_and_documents() {
        let doc = |p: &str| DocumentSummary {
            path: p.to_string(),
            ..DocumentSummary::default()
        };
        let mut s = DocsSection {
            documents: vec![doc("a.md"), doc("b.md"), doc("c.md")],
            findings: vec![],
        };
        assert_eq!(totals(&s), "No findings in 3 documents");
        s.findings = vec![
            Finding::whole(FindingKind::Requirement, "a.md", "x"),
            Finding::at(FindingKind::BrokenLink, "a.md", 1, 1, "y"),
        ];
        assert_eq!(totals(&s), "2 findings in 1 of 3 documents");
        s.documents.truncate(1);
        s.findings.truncate(1);
        assert_eq!(totals(&s), "1 finding in 1 of 1 document");
        assert_eq!(totals(&DocsSection::default()), "No documents were checked");
    }
}
