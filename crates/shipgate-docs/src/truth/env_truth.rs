//! Everything the truth files say about environment variables, as `unknown-env` looks
//! names up in it.
//!
//! A documented name is known when a truth file
//!
//! 1. sets or reads it ([`super::sources::env_names_from_file`]: `os.environ["X"]`,
//!    `process.env.X`, `export X=`, a workflow's `env:`, ...);
//! 2. names it as a whole word anywhere else: a string constant later passed to a lookup
//!    (`ENV_VAR = "HATCH_ENV"`, click's `envvar=`), a dictionary the code fills
//!    (`env["X"] = ...`), `"X" in os.environ`, an object key, a comment or docstring that
//!    documents it. Drift is a name the truth files do not contain at all; a name they
//!    contain in a form no pattern reads is not reported;
//! 3. starts with a prefix the truth files build names from: `f"CIBW_{name}"`,
//!    `"CIBW_" + name`, `"CIBW_%s"`, `` `APP_${key}` ``, a constant ending in `_`
//!    (`PREFIX = "HATCH_ENV_TYPE_"`), or a documented pattern such as `SKBUILD_<SETTING>`
//!    or `SKBUILD_*`. Prefixes shorter than three characters before the `_` are not used;
//! 4. is, lower-cased, a quoted string of the truth files (`"version_from"`, `'stage'`):
//!    a key the code upper-cases into the environment of what it runs, as copier does with
//!    its tasks' `STAGE` and `VERSION_FROM`. Four characters or more.
//!
//! The truth also says what the project's own names look like, its
//! [namespace](EnvTruth::namespace): the first words (`CIBW_`) that at least
//! [`NAMESPACE_MIN`] of the names it reads share, and the prefixes it builds names from.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::error::TruthError;
use super::sources::env_names_from_file;

/// What the truth files say about environment variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvTruth {
    /// Names set or read.
    pub read: BTreeSet<String>,
    /// Upper-case words (`[A-Z][A-Z0-9_]*`) anywhere in the truth files.
    pub mentioned: BTreeSet<String>,
    /// Prefixes names are built from (`CIBW_`).
    pub prefixes: BTreeSet<String>,
    /// Quoted lower-case strings of four characters or more, upper-cased (`STAGE` for
    /// `"stage"`).
    pub keys: BTreeSet<String>,
    /// Whether a truth file is a YAML file (a workflow), so that `${{ secrets.X }}` and
    /// `${{ vars.X }}` can be looked up at all.
    pub workflows: bool,
}

/// How a truth file knows a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known<'a> {
    /// Set or read.
    Read,
    /// Named as a whole word.
    Mentioned,
    /// Built from this prefix.
    Prefix(&'a str),
    /// A quoted lower-case key the code upper-cases.
    Key,
}

/// How many names the truth files read must share a first word for it to be the
/// project's namespace.
pub const NAMESPACE_MIN: usize = 3;

/// A pattern compiled on first use; `None` only if it were invalid (a test forces all).
type Pattern = LazyLock<Option<Regex>>;

static WORD: Pattern = LazyLock::new(|| Regex::new(r"\b[A-Z][A-Z0-9_]*\b").ok());
static BUILT: Pattern = LazyLock::new(|| {
    Regex::new(r#"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_)(?:<|\{|\*|%|\$\{|["'`]\s*\+)"#).ok()
});
static KEY: Pattern =
    LazyLock::new(|| Regex::new(r#"["']([a-z][a-z0-9]*(?:_[a-z0-9]+)*)["']"#).ok());
static CONSTANT: Pattern =
    LazyLock::new(|| Regex::new(r#"["'`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_)["'`]"#).ok());

impl EnvTruth {
    /// A truth of names set or read only (no file read).
    pub fn from_names(names: BTreeSet<String>) -> EnvTruth {
        EnvTruth {
            read: names,
            ..EnvTruth::default()
        }
    }

    /// Adds what the truth file at `path` with source `text` says.
    ///
    /// # Errors
    /// [`TruthError::Yaml`] when a `.yml`/`.yaml` file is not valid YAML.
    pub fn add_file(&mut self, path: &str, text: &str) -> Result<(), TruthError> {
        self.read.extend(env_names_from_file(path, text)?);
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".yml") || lower.ends_with(".yaml") {
            self.workflows = true;
        }
        self.mentioned
            .extend(upper_case_words(text).map(str::to_string));
        if let Some(re) = KEY.as_ref() {
            for c in re.captures_iter(text) {
                if let Some(k) = c.get(1).map(|m| m.as_str()).filter(|k| k.len() >= 4) {
                    self.keys.insert(k.to_ascii_uppercase());
                }
            }
        }
        for pattern in [&BUILT, &CONSTANT] {
            let Some(re) = pattern.as_ref() else { continue };
            for c in re.captures_iter(text) {
                if let Some(p) = c.get(1).map(|m| m.as_str()) {
                    if p.len() >= 4 {
                        self.prefixes.insert(p.to_string());
                    }
                }
            }
        }
        Ok(())
    }

    /// How the truth knows `name`, if it does.
    pub fn knows(&self, name: &str) -> Option<Known<'_>> {
        if self.read.contains(name) {
            return Some(Known::Read);
        }
        if self.mentioned.contains(name) {
            return Some(Known::Mentioned);
        }
        if let Some(p) = self
            .prefixes
            .iter()
            .find(|p| name.len() > p.len() && name.starts_with(p.as_str()))
        {
            return Some(Known::Prefix(p));
        }
        self.keys.contains(name).then_some(Known::Key)
    }

    /// The first words (`CIBW_`, with the `_`) of the project's own names: those at least
    /// [`NAMESPACE_MIN`] names it reads start with, the names `is_other` says are not the
    /// project's (the shell's, the CI runner's) left out, and those of the prefixes it
    /// builds names from. Empty when the project has no such words: its names are then
    /// told from other programs' by the documents alone.
    pub fn namespace(&self, is_other: impl Fn(&str) -> bool) -> BTreeSet<String> {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for name in self.read.iter().filter(|n| !is_other(n)) {
            if let Some(word) = first_word(name) {
                *counts.entry(word).or_default() += 1;
            }
        }
        let mut out: BTreeSet<String> = counts
            .into_iter()
            .filter(|(_, n)| *n >= NAMESPACE_MIN)
            .map(|(w, _)| w.to_string())
            .collect();
        out.extend(
            self.prefixes
                .iter()
                .filter_map(|p| first_word(p))
                .map(str::to_string),
        );
        out
    }

    /// How many names are set or read (the figure a finding quotes).
    pub fn len(&self) -> usize {
        self.read.len()
    }

    /// Whether no name is set or read.
    pub fn is_empty(&self) -> bool {
        self.read.is_empty()
    }
}

/// The upper-case words (`[A-Z][A-Z0-9_]*`, whole words) of `text`.
pub(crate) fn upper_case_words(text: &str) -> impl Iterator<Item = &str> {
    WORD.as_ref()
        .into_iter()
        .flat_map(move |re| re.find_iter(text).map(|m| m.as_str()))
}

/// `CIBW_` of `CIBW_BUILD`: the name up to and with its first `_`, when three characters
/// or more come before it.
fn first_word(name: &str) -> Option<&str> {
    let end = name.find('_')?;
    (end >= 3).then(|| name.get(..=end)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(files: &[(&str, &str)]) -> EnvTruth {
        let mut t = EnvTruth::default();
        for (path, text) in files {
            t.add_file(path, text).unwrap();
        }
        t
    }

    #[test]
    fn patterns_compile() {
        for p in [&WORD, &BUILT, &CONSTANT, &KEY] {
            assert!(p.is_some());
        }
    }

    #[test]
    fn read_mentioned_and_built_names() {
        let t = truth(&[(
            "src/app.py",
            "import os\nTOKEN = os.environ['API_TOKEN']\nENV_VAR = \"APP_PROFILE\"\n\
             env['CHILD_FLAG'] = '1'\nif 'DEBUG_ME' in os.environ: pass\n\
             key = f\"CIBW_{name.upper()}\"\nother = 'SKB_' + name\nPREFIX = 'HATCH_ENV_TYPE_'\n\
             # documented: PLUGIN_<NAME>_PATH, X_{y}\nfmt = 'TPL_%s' % n\n",
        )]);
        assert_eq!(t.knows("API_TOKEN"), Some(Known::Read));
        for n in ["APP_PROFILE", "CHILD_FLAG", "DEBUG_ME", "ENV_VAR"] {
            assert_eq!(t.knows(n), Some(Known::Mentioned), "{n}");
        }
        assert_eq!(t.knows("CIBW_BUILD"), Some(Known::Prefix("CIBW_")));
        assert_eq!(t.knows("SKB_ARGS"), Some(Known::Prefix("SKB_")));
        assert_eq!(
            t.knows("HATCH_ENV_TYPE_VIRTUAL_PATH"),
            Some(Known::Prefix("HATCH_ENV_TYPE_"))
        );
        assert_eq!(t.knows("PLUGIN_X_PATH"), Some(Known::Prefix("PLUGIN_")));
        assert_eq!(t.knows("TPL_A"), Some(Known::Prefix("TPL_")));
        // near misses: a short prefix, a name only inside a longer word,
        // lower case, a different name
        assert_eq!(t.knows("X_Z"), None);
        assert_eq!(t.knows("API"), None);
        assert_eq!(t.knows("api_token"), None);
        assert_eq!(t.knows("DATABASE_URL"), None);
        assert!(!t.workflows);
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn quoted_lower_case_keys_are_known_upper_cased() {
        let t = truth(&[(
            "copier/main.py",
            "env = {k.upper(): v for k, v in {'stage': 1, \"version_from\": 2, 'ab': 3}.items()}\n",
        )]);
        assert_eq!(t.knows("STAGE"), Some(Known::Key));
        assert_eq!(t.knows("VERSION_FROM"), Some(Known::Key));
        // too short, or not quoted
        assert_eq!(t.knows("AB"), None);
        assert_eq!(t.knows("ENV"), None);
    }

    #[test]
    fn the_namespace_is_the_first_words_the_project_s_names_share() {
        let t = truth(&[(
            "src/app.py",
            "os.environ['APP_A']; os.environ['APP_B']; os.environ['APP_C']\n\
             os.environ['DB_URL']; os.environ['DB_USER']; os.environ['DB_PASS']\n\
             os.environ['GITHUB_SHA']; os.environ['GITHUB_REF']; os.environ['GITHUB_ENV']\n\
             os.environ['LOG_LEVEL']; os.environ['LOG_FILE']\nkey = f\"TOOL_OPT_{n}\"\n",
        )]);
        let ns = t.namespace(|n| n.starts_with("GITHUB_"));
        // DB_ is too short a word, LOG_ has two names, GITHUB_ is the runner's
        assert_eq!(
            ns,
            BTreeSet::from(["APP_".to_string(), "TOOL_".to_string()])
        );
        let none = truth(&[(
            "src/app.py",
            "os.environ['API_TOKEN']; os.environ['REQUEST_ID']\n",
        )]);
        assert!(none.namespace(|_| false).is_empty());
    }

    #[test]
    fn a_name_inside_a_longer_word_is_not_mentioned() {
        let t = truth(&[("src/build.py", "args = ['-DSKBUILD_STATE=1', 'xAPI_KEY']\n")]);
        assert_eq!(t.knows("SKBUILD_STATE"), None);
        assert_eq!(t.knows("API_KEY"), None);
    }

    #[test]
    fn a_yaml_truth_file_is_a_workflow() {
        let t = truth(&[(".github/workflows/ci.yml", "on: push\njobs: {}\n")]);
        assert!(t.workflows);
    }

    #[test]
    fn invalid_yaml_is_an_error() {
        let mut t = EnvTruth::default();
        assert!(t.add_file("ci.yml", "a: [\n").is_err());
    }
}
