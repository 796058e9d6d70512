//! What documentation site generators add to a Markdown source: MyST target labels
//! (`(label)=` on a line of its own names the heading after it), and directives whose
//! content is generated when the site is built (mkdocstrings' `::: package.module`,
//! mkdocs-click's `::: mkdocs-click`, MyST's `{eval-rst}`, `{include}` and autodoc
//! blocks), whose headings the source does not hold.

/// What a paragraph's source is, for anchors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Paragraph {
    /// `(label)=`: a MyST target, an anchor of the document.
    Label(String),
    /// `::: identifier ...`: content generated at build time.
    Generates,
    /// Anything else.
    Plain,
}

/// Classify a paragraph by its source text.
pub(crate) fn paragraph(source: &str) -> Paragraph {
    let first = source.lines().next().unwrap_or("").trim();
    if let Some(label) = first
        .strip_prefix('(')
        .and_then(|rest| rest.strip_suffix(")="))
        .filter(|l| is_label(l))
    {
        return Paragraph::Label(label.to_string());
    }
    if let Some(rest) = first.strip_prefix(":::") {
        let name = rest.trim();
        // `::: package.module` / `::: mkdocs-click`, not a `:::` fence of admonitions
        // (`:::note`, `::: {note}`) nor a bare `:::`
        if name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && rest.starts_with(' ')
            && name.split_whitespace().count() == 1
            && (name.contains('.')
                || name.contains('-')
                || name.contains('_')
                || name.contains(':'))
        {
            return Paragraph::Generates;
        }
    }
    Paragraph::Plain
}

/// MyST directives (the info string of a fenced block, lower-cased) whose content the
/// site generator produces.
pub(crate) fn generating_directive(language: &str) -> bool {
    let Some(name) = language
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
    else {
        return false;
    };
    matches!(
        name,
        "eval-rst" | "include" | "click" | "typer" | "argparse" | "autosummary"
    ) || name.starts_with("auto")
}

fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn myst_labels_are_anchors() {
        assert_eq!(paragraph("(soabi)="), Paragraph::Label("soabi".to_string()));
        assert_eq!(
            paragraph("(config:build-dir)=\n"),
            Paragraph::Label("config:build-dir".to_string())
        );
        for plain in ["(see below)=", "()=", "(a) = b", "text (label)="] {
            assert_eq!(paragraph(plain), Paragraph::Plain, "{plain}");
        }
    }

    #[test]
    fn build_time_directives_generate_content_admonitions_do_not() {
        for generates in [
            "::: cibuildwheel.options",
            "::: mkdocs-click\n    :module: x",
            "::: my_pkg",
        ] {
            assert_eq!(paragraph(generates), Paragraph::Generates, "{generates}");
        }
        for plain in [
            ":::note",
            "::: {note}",
            ":::",
            "::: warning",
            "::: tip Be careful",
        ] {
            assert_eq!(paragraph(plain), Paragraph::Plain, "{plain}");
        }
        for directive in ["{eval-rst}", "{include}", "{automodule}", "{autoclass}"] {
            assert!(generating_directive(directive), "{directive}");
        }
        for not in ["{note}", "python", "{warning}", "eval-rst"] {
            assert!(!generating_directive(not), "{not}");
        }
    }
}
