//! The lists of `docs:`: `require:` (minimums per document) and `ids:` (identifier
//! patterns and where the identifiers must appear).

use super::docs::{Strings, TRUTH_GLOBS};
use super::resolver::Resolver;
use crate::docs::{DocRequirementConfig, IdRuleConfig};
use crate::error::ConfigError;
use crate::location::Pos;
use crate::schema;
use crate::tree::Node;

const LINKED_DOCUMENTS: Strings = Strings {
    list: "a list of document paths, such as `[docs/DEPLOYMENT_GUIDE.md]`",
    item: "a document path (a string)",
    noun: "document path",
};

impl Resolver<'_> {
    /// `require:`: one entry per document, each path once.
    pub(super) fn doc_requirements(
        &mut self,
        node: &Node,
    ) -> Result<Vec<DocRequirementConfig>, ConfigError> {
        let items = self.list(
            node,
            "docs.require",
            "a list of requirements (`- path: docs/RUNBOOK.md`, `min_lines: 800`)",
        )?;
        let mut seen: Vec<(String, Pos)> = Vec::new();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let (requirement, path_at) = self.doc_requirement(item, i)?;
            if let Some((_, first)) = seen.iter().find(|(p, _)| *p == requirement.path) {
                // The path is not repeated: it may hold a value from the environment.
                return Err(self.invalid_at(
                    path_at,
                    &format!("docs.require[{i}].path"),
                    &format!(
                        "this document already has a requirement at line {}; put its minimums in one entry",
                        first.line
                    ),
                ));
            }
            seen.push((requirement.path.clone(), path_at));
            out.push(requirement);
        }
        Ok(out)
    }

    /// One entry of `require:` and where its path is written.
    fn doc_requirement(
        &mut self,
        item: &Node,
        index: usize,
    ) -> Result<(DocRequirementConfig, Pos), ConfigError> {
        let base = format!("docs.require[{index}]");
        let entries = self.mapping(
            item,
            &base,
            "a requirement: a mapping (`path:`, `min_lines:`, `min_code_blocks:`, `min_mermaid:`, `links_to:`)",
        )?;
        let mut path = None;
        let mut requirement = DocRequirementConfig {
            path: String::new(),
            min_lines: None,
            min_code_blocks: None,
            min_mermaid: None,
            links_to: Vec::new(),
            at: item.at,
        };
        for (key, value) in entries {
            let k = self.key_text(key, "`docs.require[]`")?;
            let at = format!("{base}.{k}");
            match k.as_str() {
                "path" => {
                    path = Some((
                        self.non_empty(key, value, &at, "a document path", false)?,
                        value.at,
                    ))
                }
                "min_lines" => {
                    requirement.min_lines =
                        Some(self.count(key, value, &at, "a number of lines")?)
                }
                "min_code_blocks" => {
                    requirement.min_code_blocks =
                        Some(self.count(key, value, &at, "a number of code blocks")?)
                }
                "min_mermaid" => {
                    requirement.min_mermaid =
                        Some(self.count(key, value, &at, "a number of mermaid diagrams")?)
                }
                "links_to" => {
                    requirement.links_to = self.some_strings(key, value, &at, LINKED_DOCUMENTS)?
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`docs.require[]`",
                        &schema::DOCS_REQUIRE,
                    ))
                }
            }
        }
        let Some((path, path_at)) = path else {
            return Err(self.missing(
                item.at,
                &base,
                "path",
                "the document, such as `docs/RUNBOOK.md`",
            ));
        };
        if requirement.min_lines.is_none()
            && requirement.min_code_blocks.is_none()
            && requirement.min_mermaid.is_none()
            && requirement.links_to.is_empty()
        {
            return Err(self.invalid_at(
                item.at,
                &base,
                "requires nothing: give at least one of `min_lines`, `min_code_blocks`, `min_mermaid` or `links_to`",
            ));
        }
        requirement.path = path;
        Ok((requirement, path_at))
    }

    /// `ids:`: identifier rules in file order.
    pub(super) fn id_rules(&mut self, node: &Node) -> Result<Vec<IdRuleConfig>, ConfigError> {
        let items = self.list(
            node,
            "docs.ids",
            "a list of identifier rules (`- pattern: \"TQ-[0-9]{2}\"`, `truth: [...]`)",
        )?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(self.id_rule(item, i)?);
        }
        Ok(out)
    }

    fn id_rule(&mut self, item: &Node, index: usize) -> Result<IdRuleConfig, ConfigError> {
        let base = format!("docs.ids[{index}]");
        let entries = self.mapping(
            item,
            &base,
            "an identifier rule: a mapping (`pattern:`, `truth:`)",
        )?;
        let mut pattern = None;
        let mut truth = None;
        for (key, value) in entries {
            let k = self.key_text(key, "`docs.ids[]`")?;
            let at = format!("{base}.{k}");
            match k.as_str() {
                "pattern" => {
                    pattern = Some((
                        self.non_empty(key, value, &at, "a regular expression", false)?,
                        value.at,
                    ))
                }
                "truth" => truth = Some(self.some_strings(key, value, &at, TRUTH_GLOBS)?),
                other => {
                    return Err(self.unknown_key(key, other, "`docs.ids[]`", &schema::DOCS_IDS))
                }
            }
        }
        let Some((pattern, pattern_at)) = pattern else {
            return Err(self.missing(
                item.at,
                &base,
                "pattern",
                "a regular expression for the identifiers, such as `\"TQ-[0-9]{2}\"`",
            ));
        };
        let Some(truth) = truth else {
            return Err(self.missing(
                item.at,
                &base,
                "truth",
                "globs of the files where the identifiers must appear",
            ));
        };
        Ok(IdRuleConfig {
            pattern,
            pattern_at,
            truth,
        })
    }
}
