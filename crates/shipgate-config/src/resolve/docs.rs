//! The `docs:` section: the documents checked, link checking, the truth sources of
//! commands, environment variables and HTTP paths, and the switches of the other checks.
//! Per-document requirements and identifier rules are in `docs_rules`.

use super::resolver::Resolver;
use crate::docs::{
    CommandsConfig, DiagramsConfig, DocsConfig, EndpointsConfig, EnvConfig, DEFAULT_HISTORY,
};
use crate::error::ConfigError;
use crate::schema;
use crate::tree::{Kind, Node};

/// `include:` when not given.
const DEFAULT_INCLUDE: &str = "**/*.md";

/// What a list of strings holds, for its messages.
#[derive(Debug, Clone, Copy)]
pub(super) struct Strings {
    /// The list, in type errors: "a list of globs, such as …".
    pub(super) list: &'static str,
    /// One entry, in type errors: "a glob (a string)".
    pub(super) item: &'static str,
    /// One entry, in messages about an empty entry or an empty list: "glob".
    pub(super) noun: &'static str,
}

/// Globs of documents.
const DOCUMENT_GLOBS: Strings = Strings {
    list: "a list of globs, such as `[\"docs/**/*.md\"]`",
    item: "a glob (a string)",
    noun: "glob",
};

/// Globs of truth files.
pub(super) const TRUTH_GLOBS: Strings = Strings {
    list: "a list of globs, such as `[\".github/workflows/*.yml\"]`",
    item: "a glob (a string)",
    noun: "glob",
};

const TOOLS: Strings = Strings {
    list: "a list of tool names, such as `[kubectl, gh]`",
    item: "a tool name (a string)",
    noun: "tool name",
};

const GRAMMAR_FILES: Strings = Strings {
    list: "a list of grammar files, such as `[tools/deployer.json]`",
    item: "a grammar file path (a string)",
    noun: "grammar file",
};

const COMMAND_PATTERNS: Strings = Strings {
    list: "a list of command patterns, such as `[\"kubectl get *\"]`",
    item: "a command pattern (a string)",
    noun: "command pattern",
};

const VARIABLE_NAMES: Strings = Strings {
    list: "a list of variable names, such as `[HOME, PATH]`",
    item: "a variable name (a string)",
    noun: "variable name",
};

const BASE_URLS: Strings = Strings {
    list: "a list of variable names or hosts, such as `[STAGING_URL, BASE_URL]`",
    item: "a variable name or host (a string)",
    noun: "base URL name",
};

const PATH_GLOBS: Strings = Strings {
    list: "a list of HTTP path globs, such as `[\"/internal/*\"]`",
    item: "a glob (a string)",
    noun: "glob",
};

impl Resolver<'_> {
    pub(super) fn docs(&mut self, section: &Node, node: &Node) -> Result<DocsConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "docs",
            "a mapping (`include:`, `require:`, `commands:`, `env:`, ...)",
        )?;
        let mut config = DocsConfig {
            include: vec![DEFAULT_INCLUDE.to_string()],
            exclude: Vec::new(),
            require: Vec::new(),
            external_links: false,
            commands: None,
            env: None,
            endpoints: None,
            diagrams: None,
            ids: Vec::new(),
            commits: true,
            paths: true,
            mermaid: true,
            history: DEFAULT_HISTORY.iter().map(|g| g.to_string()).collect(),
            at: section.at,
        };
        for (key, value) in entries {
            let name = self.key_text(key, "`docs`")?;
            match name.as_str() {
                "include" => {
                    config.include = self.strings(value, "docs.include", DOCUMENT_GLOBS)?;
                    if config.include.is_empty() {
                        return Err(self.invalid_at(
                            key.at,
                            "docs.include",
                            "include matches nothing: give at least one glob, or leave `include:` out for the default `**/*.md`",
                        ));
                    }
                }
                "exclude" => {
                    config.exclude = self.strings(value, "docs.exclude", DOCUMENT_GLOBS)?
                }
                "require" => config.require = self.doc_requirements(value)?,
                "links" => config.external_links = self.docs_links(value)?,
                "commands" => config.commands = Some(self.docs_commands(key, value)?),
                "env" => config.env = Some(self.docs_env(key, value)?),
                "endpoints" => config.endpoints = Some(self.docs_endpoints(key, value)?),
                "diagrams" => config.diagrams = Some(self.docs_diagrams(key, value)?),
                "ids" => config.ids = self.id_rules(value)?,
                "commits" => config.commits = self.boolean(key, value, "docs.commits")?,
                "paths" => config.paths = self.boolean(key, value, "docs.paths")?,
                "mermaid" => config.mermaid = self.boolean(key, value, "docs.mermaid")?,
                "history" => {
                    config.history = self.strings(value, "docs.history", DOCUMENT_GLOBS)?
                }
                other => return Err(self.unknown_key(key, other, "`docs`", &schema::DOCS)),
            }
        }
        Ok(config)
    }

    /// `links:`, whose only key is `external`.
    fn docs_links(&mut self, node: &Node) -> Result<bool, ConfigError> {
        let entries = self.mapping(node, "docs.links", "a mapping (`external: true`)")?;
        let mut external = false;
        for (key, value) in entries {
            let name = self.key_text(key, "`docs.links`")?;
            match name.as_str() {
                "external" => external = self.boolean(key, value, "docs.links.external")?,
                other => {
                    return Err(self.unknown_key(key, other, "`docs.links`", &schema::DOCS_LINKS))
                }
            }
        }
        Ok(external)
    }

    fn docs_commands(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<CommandsConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "docs.commands",
            "a mapping (`tools:`, `truth:`, `allow:`, `grammars:`, `shipped_grammars:`)",
        )?;
        let mut tools = None;
        let mut truth = None;
        let mut allow = Vec::new();
        let mut grammars = Vec::new();
        let mut shipped_grammars = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`docs.commands`")?;
            let path = format!("docs.commands.{name}");
            match name.as_str() {
                "tools" => tools = Some(self.some_strings(key, value, &path, TOOLS)?),
                "truth" => truth = Some(self.some_strings(key, value, &path, TRUTH_GLOBS)?),
                "allow" => allow = self.strings(value, &path, COMMAND_PATTERNS)?,
                "grammars" => grammars = self.strings(value, &path, GRAMMAR_FILES)?,
                "shipped_grammars" => {
                    shipped_grammars = Some(self.strings(value, &path, TOOLS)?);
                }
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`docs.commands`",
                        &schema::DOCS_COMMANDS,
                    ))
                }
            }
        }
        let Some(tools) = tools else {
            return Err(self.missing(
                section.at,
                "docs.commands",
                "tools",
                "the programs whose commands are checked, such as `[kubectl, gh]`",
            ));
        };
        let Some(truth) = truth else {
            return Err(self.missing_truth(section, "docs.commands", "the commands really run"));
        };
        Ok(CommandsConfig {
            tools,
            truth,
            allow,
            grammars,
            shipped_grammars,
        })
    }

    fn docs_env(&mut self, section: &Node, node: &Node) -> Result<EnvConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "docs.env",
            "a mapping (`truth:`, `ignore:`, `namespace:`)",
        )?;
        let mut truth = None;
        let mut ignore = Vec::new();
        let mut namespace = Vec::new();
        for (key, value) in entries {
            let name = self.key_text(key, "`docs.env`")?;
            let path = format!("docs.env.{name}");
            match name.as_str() {
                "truth" => truth = Some(self.some_strings(key, value, &path, TRUTH_GLOBS)?),
                "ignore" => ignore = self.strings(value, &path, VARIABLE_NAMES)?,
                "namespace" => namespace = self.strings(value, &path, VARIABLE_NAMES)?,
                other => return Err(self.unknown_key(key, other, "`docs.env`", &schema::DOCS_ENV)),
            }
        }
        let Some(truth) = truth else {
            return Err(self.missing_truth(section, "docs.env", "the variables really used"));
        };
        Ok(EnvConfig {
            truth,
            ignore,
            namespace,
        })
    }

    fn docs_diagrams(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<DiagramsConfig, ConfigError> {
        let entries = self.mapping(node, "docs.diagrams", "a mapping (`truth:`)")?;
        let mut truth = None;
        for (key, value) in entries {
            let name = self.key_text(key, "`docs.diagrams`")?;
            let path = format!("docs.diagrams.{name}");
            match name.as_str() {
                "truth" => truth = Some(self.some_strings(key, value, &path, TRUTH_GLOBS)?),
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`docs.diagrams`",
                        &schema::DOCS_DIAGRAMS,
                    ))
                }
            }
        }
        let Some(truth) = truth else {
            return Err(self.missing_truth(
                section,
                "docs.diagrams",
                "the workflows the diagrams describe",
            ));
        };
        Ok(DiagramsConfig { truth })
    }

    fn docs_endpoints(
        &mut self,
        section: &Node,
        node: &Node,
    ) -> Result<EndpointsConfig, ConfigError> {
        let entries = self.mapping(
            node,
            "docs.endpoints",
            "a mapping (`truth:`, `ignore:`, `base_urls:`)",
        )?;
        let mut truth = None;
        let mut ignore = Vec::new();
        let mut base_urls = Vec::new();
        for (key, value) in entries {
            let name = self.key_text(key, "`docs.endpoints`")?;
            let path = format!("docs.endpoints.{name}");
            match name.as_str() {
                "truth" => truth = Some(self.some_strings(key, value, &path, TRUTH_GLOBS)?),
                "ignore" => ignore = self.strings(value, &path, PATH_GLOBS)?,
                "base_urls" => base_urls = self.strings(value, &path, BASE_URLS)?,
                other => {
                    return Err(self.unknown_key(
                        key,
                        other,
                        "`docs.endpoints`",
                        &schema::DOCS_ENDPOINTS,
                    ))
                }
            }
        }
        let Some(truth) = truth else {
            return Err(self.missing_truth(
                section,
                "docs.endpoints",
                "the source files that declare the routes",
            ));
        };
        Ok(EndpointsConfig {
            truth,
            ignore,
            base_urls,
        })
    }

    /// A missing `truth:` of a part of `docs:`, named at the part's key.
    pub(super) fn missing_truth(&self, section: &Node, path: &str, what: &str) -> ConfigError {
        self.missing(
            section.at,
            path,
            "truth",
            &format!("globs of {what}, such as `[\".github/workflows/*.yml\"]`"),
        )
    }

    /// A list of strings, `${VAR}` expanded, none of them empty; null is an empty list.
    pub(super) fn strings(
        &mut self,
        node: &Node,
        path: &str,
        what: Strings,
    ) -> Result<Vec<String>, ConfigError> {
        let items = self.list(node, path, what.list)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let value = match &item.kind {
                Kind::Map(_) | Kind::Seq(_) | Kind::Null | Kind::Other => None,
                _ => self.string(item, path)?,
            };
            let Some(value) = value else {
                return Err(self.wrong_type(item, path, what.item));
            };
            if value.expanded.text.trim().is_empty() {
                return Err(self.invalid(item, path, &format!("a {} is empty", what.noun)));
            }
            out.push(value.expanded.text);
        }
        Ok(out)
    }

    /// [`Self::strings`] holding at least one entry; an empty list is named at its key.
    pub(super) fn some_strings(
        &mut self,
        key: &Node,
        value: &Node,
        path: &str,
        what: Strings,
    ) -> Result<Vec<String>, ConfigError> {
        let out = self.strings(value, path, what)?;
        if out.is_empty() {
            return Err(self.invalid_at(key.at, path, &format!("give at least one {}", what.noun)));
        }
        Ok(out)
    }
}
