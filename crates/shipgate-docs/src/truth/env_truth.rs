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
//!    or `SKBUILD_*`. Prefixes shorter than three characters before the `_` are not used.

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
}

/// A pattern compiled on first use; `None` only if it were invalid (a test forces all).
type Pattern = LazyLock<Option<Regex>>;

static WORD: Pattern = LazyLock::new(|| Regex::new(r"\b[A-Z][A-Z0-9_]*\b").ok());
static BUILT: Pattern = LazyLock::new(|| {
    Regex::new(r#"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_)(?:<|\{|\*|%|\$\{|["'`]\s*\+)"#).ok()
});
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
        if let Some(re) = WORD.as_ref() {
            self.mentioned
                .extend(re.find_iter(text).map(|m| m.as_str().to_string()));
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
        self.prefixes
            .iter()
            .find(|p| name.len() > p.len() && name.starts_with(p.as_str()))
            .map(|p| Known::Prefix(p))
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
        for p in [&WORD, &BUILT, &CONSTANT] {
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
