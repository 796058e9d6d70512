//! Environment variable names that truth files set or read (`unknown-env`'s truth).
//!
//! YAML files are read as GitHub Actions workflows ([`parse_workflow`]), plus Compose and
//! Kubernetes forms (`${NAME}` interpolation, `- NAME=value` items, `- name: NAME` under
//! an `env:` list). Every other file is scanned with patterns, by kind:
//!
//! - lookups in code, in any file: Rust `env::var("X")`, `env::var_os`, `set_var`,
//!   `env!("X")`, `option_env!("X")`, clap's `env = "X"`, `Command::env("X", ..)`; Python
//!   `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`, `environ["X"]`,
//!   `env("X")` (django-environ, Laravel), pydantic `BaseSettings` fields (upper-cased,
//!   with `env_prefix`); JS/TS `process.env.X`, `process.env["X"]`, `const { X } =
//!   process.env`, `env.X` on an environment object (`const { env } = context`),
//!   `import.meta.env.X`, `Deno.env.get("X")`; Go `os.Getenv("X")`,
//!   `os.LookupEnv("X")`, `env:"X"` struct tags; Java `System.getenv("X")`; C#
//!   `GetEnvironmentVariable("X")`; Ruby `ENV["X"]`, `ENV.fetch("X")`; PHP `getenv('X')`,
//!   `$_ENV['X']`;
//! - shell scripts, Dockerfiles, `.env` files, Makefiles and files without an extension
//!   also: `X=` at the start of a word (`export X=`, `X=1 cmd`), `export X`, `ENV X`,
//!   `ARG X`, and `$X`/`${X}` reads (Makefiles also `$(X)` and `X ?= ...`);
//! - configuration files (`.toml`, `.ini`, `.conf`, `.properties`, `.json`, `.tf`, ...)
//!   also: `${X}` reads.
//!
//! Single and double quotes are both accepted.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::error::TruthError;
use shipgate_workflow::workflow::parse_workflow;

/// The environment variable names `text` (the file at `path`) sets or reads.
///
/// # Errors
/// [`TruthError::Yaml`] when a `.yml`/`.yaml` file is not valid YAML.
pub fn env_names_from_file(path: &str, text: &str) -> Result<BTreeSet<String>, TruthError> {
    let kind = FileKind::of(path);
    let mut names = BTreeSet::new();
    if kind == FileKind::Yaml {
        names.extend(parse_workflow(path, text)?.env_names);
        add(&mut names, &YAML_ITEM, text);
        add(&mut names, &YAML_NAME, text);
        add(&mut names, &BRACED_READ, text);
        return Ok(names);
    }
    for pattern in CODE_PATTERNS {
        add(&mut names, pattern, text);
    }
    add_js_destructuring(&mut names, text);
    add_pydantic_settings(&mut names, text);
    match kind {
        FileKind::Shell | FileKind::Make => {
            let uncommented = without_comment_lines(text);
            let text = uncommented.as_str();
            add(&mut names, &ASSIGN, text);
            add(&mut names, &DOCKER, text);
            add(&mut names, &BRACED_READ, text);
            add(&mut names, &PLAIN_READ, text);
            add_exports(&mut names, text);
            if kind == FileKind::Make {
                add(&mut names, &MAKE_READ, text);
                add(&mut names, &MAKE_ASSIGN, text);
            }
        }
        FileKind::Config => add(&mut names, &BRACED_READ, text),
        FileKind::Code | FileKind::Yaml => {}
    }
    Ok(names)
}

/// How a truth file is read, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    /// `.yml`/`.yaml`.
    Yaml,
    /// Shell scripts, Dockerfiles, `.env` files, files without an extension.
    Shell,
    /// Makefiles (`Makefile`, `*.mk`).
    Make,
    /// Configuration formats that interpolate `${X}`.
    Config,
    /// Program source and anything else.
    Code,
}

impl FileKind {
    fn of(path: &str) -> FileKind {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        let extension = lower.rsplit_once('.');
        if matches!(lower.as_str(), "makefile" | "gnumakefile") || lower.ends_with(".mk") {
            return FileKind::Make;
        }
        if lower.starts_with("dockerfile")
            || lower.starts_with("containerfile")
            || lower.ends_with(".dockerfile")
            || lower.starts_with(".env")
            || matches!(lower.as_str(), "procfile" | "justfile")
        {
            return FileKind::Shell;
        }
        match extension {
            None => FileKind::Shell,
            Some((_, ext)) => match ext {
                "yml" | "yaml" => FileKind::Yaml,
                "sh" | "bash" | "zsh" | "ksh" | "dash" | "bats" | "env" | "envrc" | "ash" => {
                    FileKind::Shell
                }
                "toml" | "ini" | "cfg" | "conf" | "properties" | "json" | "hcl" | "tf"
                | "tfvars" | "xml" | "tpl" | "j2" | "jinja" | "service" | "nix" => FileKind::Config,
                _ => FileKind::Code,
            },
        }
    }
}

/// A pattern compiled on first use; `None` only if it were invalid (a test forces all).
type Pattern = LazyLock<Option<Regex>>;

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: Pattern = LazyLock::new(|| Regex::new($re).ok());
    };
}

pattern!(
    RUST_VAR,
    r#"\benv::(?:var|var_os|set_var|remove_var)\s*\(\s*"([^"\\]+)""#
);
pattern!(RUST_MACRO, r#"\b(?:option_)?env!\s*\(\s*"([^"\\]+)""#);
pattern!(CLAP, r#"\benv\s*=\s*"([A-Za-z_][A-Za-z0-9_]*)""#);
pattern!(
    COMMAND_ENV,
    r#"\.env(?:_remove)?\s*\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#
);
pattern!(
    PY_ENVIRON,
    r#"\benviron(?:\s*\[\s*|\s*\.\s*(?:get|setdefault|pop|__getitem__)\s*\(\s*)[rbuRBU]?['"]([^'"\\]+)['"]"#
);
pattern!(
    GETENV,
    r#"\b(?:getenv|putenv|unsetenv)\s*\(\s*['"]([^'"\\]+)['"]"#
);
pattern!(
    ENV_CALL,
    r#"\benv(?:\.[a-z_]+)?\s*\(\s*['"]([A-Z_][A-Z0-9_]*)['"]"#
);
pattern!(JS_DOT, r"\b(?:process|Bun)\.env\.([A-Za-z_$][\w$]*)");
pattern!(ENV_OBJECT, r"\benv\.([A-Z][A-Z0-9_]*)\b");
pattern!(JS_META, r"\bimport\.meta\.env\.([A-Za-z_]\w*)");
pattern!(
    JS_INDEX,
    r#"\b(?:process|Bun)\.env\s*\[\s*['"`]([^'"`\\]+)['"`]\s*\]"#
);
pattern!(
    DENO,
    r#"\bDeno\.env\.(?:get|set|has|delete)\s*\(\s*['"`]([^'"`\\]+)['"`]"#
);
pattern!(
    GO_OS,
    r#"\bos\.(?:Getenv|LookupEnv|Setenv|Unsetenv)\s*\(\s*["`]([^"`\\]+)["`]"#
);
pattern!(GO_TAG, r#"\benv(?:config)?:"([A-Za-z_][A-Za-z0-9_]*)"#);
pattern!(JAVA, r#"\bSystem\.getenv\s*\(\s*"([^"\\]+)""#);
pattern!(CSHARP, r#"\bGetEnvironmentVariable\s*\(\s*"([^"\\]+)""#);
pattern!(
    RUBY,
    r#"\bENV\s*(?:\[\s*|\.\s*(?:fetch|key\?|has_key\?|include\?|delete)\s*\(?\s*)['"]([^'"\\]+)['"]"#
);
pattern!(PHP_ENV, r#"\$_ENV\s*\[\s*['"]([^'"\\]+)['"]"#);
pattern!(JS_DESTRUCTURE, r"\{([^{}]*)\}\s*=\s*(?:process|Bun)\.env\b");
pattern!(
    PYDANTIC_CLASS,
    r"(?m)^([ \t]*)class\s+\w+\s*\([^)]*\bBaseSettings\b[^)]*\)\s*:"
);
pattern!(PYDANTIC_FIELD, r"^([ \t]+)([a-z_][a-z0-9_]*)\s*:\s*[^=\n]");
pattern!(ENV_PREFIX, r#"\benv_prefix\s*=\s*['"]([A-Za-z0-9_]*)['"]"#);

pattern!(
    ASSIGN,
    r"(?m)(?:^|[\s;&|(])(?:export\s+|readonly\s+|local\s+|declare\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)\+?="
);
pattern!(
    DOCKER,
    r"(?mi)^[ \t]*(?:ENV|ARG)[ \t]+([A-Za-z_][A-Za-z0-9_]*)"
);
pattern!(BRACED_READ, r"\$\{[#!]?([A-Za-z_][A-Za-z0-9_]*)");
pattern!(PLAIN_READ, r"\$([A-Za-z_][A-Za-z0-9_]*)");
pattern!(
    EXPORT,
    r"(?m)(?:^|[\s;&|(])(?:export|readonly|unset)((?:[ \t]+[A-Za-z_][^\s;&|]*)+)"
);
pattern!(MAKE_READ, r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)");
pattern!(
    MAKE_ASSIGN,
    r"(?m)^[ \t]*(?:export[ \t]+|override[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\?|:|::|\+|!)?="
);
pattern!(
    YAML_ITEM,
    r#"(?m)^[ \t]*-[ \t]+['"]?([A-Za-z_][A-Za-z0-9_]*)="#
);
pattern!(
    YAML_NAME,
    r#"(?m)^[ \t]*-[ \t]+name:[ \t]*['"]?([A-Z_][A-Z0-9_]*)['"]?[ \t]*$"#
);

/// The lookups recognised in every non-YAML file.
static CODE_PATTERNS: &[&Pattern] = &[
    &RUST_VAR,
    &RUST_MACRO,
    &CLAP,
    &COMMAND_ENV,
    &PY_ENVIRON,
    &GETENV,
    &ENV_CALL,
    &JS_DOT,
    &ENV_OBJECT,
    &JS_META,
    &JS_INDEX,
    &DENO,
    &GO_OS,
    &GO_TAG,
    &JAVA,
    &CSHARP,
    &RUBY,
    &PHP_ENV,
];

/// Adds capture group 1 of every match of `pattern` that is a variable name.
fn add(names: &mut BTreeSet<String>, pattern: &'static Pattern, text: &str) {
    let Some(re) = pattern.as_ref() else { return };
    for c in re.captures_iter(text) {
        if let Some(m) = c.get(1) {
            if is_name(m.as_str()) {
                names.insert(m.as_str().to_string());
            }
        }
    }
}

/// `text` with its `#` comment lines blanked (line count kept).
fn without_comment_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            if line.trim_start().starts_with('#') {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `export A B=1 C`: every name.
fn add_exports(names: &mut BTreeSet<String>, text: &str) {
    let Some(re) = EXPORT.as_ref() else { return };
    for c in re.captures_iter(text) {
        let Some(list) = c.get(1) else { continue };
        for word in list.as_str().split_whitespace() {
            let name = word.split('=').next().unwrap_or("");
            if !is_name(name) {
                break;
            }
            names.insert(name.to_string());
        }
    }
}

/// `const { PORT = 3000, API_KEY: key } = process.env`.
fn add_js_destructuring(names: &mut BTreeSet<String>, text: &str) {
    let Some(re) = JS_DESTRUCTURE.as_ref() else {
        return;
    };
    for c in re.captures_iter(text) {
        let Some(list) = c.get(1) else { continue };
        for item in list.as_str().split(',') {
            let name = item
                .split(['=', ':'])
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches("...");
            if is_name(name) {
                names.insert(name.to_string());
            }
        }
    }
}

/// pydantic `class Settings(BaseSettings):` fields, upper-cased, with the class's
/// `env_prefix`.
fn add_pydantic_settings(names: &mut BTreeSet<String>, text: &str) {
    let (Some(class), Some(field)) = (PYDANTIC_CLASS.as_ref(), PYDANTIC_FIELD.as_ref()) else {
        return;
    };
    for c in class.captures_iter(text) {
        let (Some(indent), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let body: Vec<&str> = text
            .get(all.end()..)
            .unwrap_or("")
            .split('\n')
            .skip(1)
            .take_while(|line| {
                line.trim().is_empty()
                    || line.len() - line.trim_start().len() > indent.as_str().len()
            })
            .collect();
        let prefix = body
            .iter()
            .find_map(|line| {
                ENV_PREFIX
                    .as_ref()
                    .and_then(|re| re.captures(line))
                    .and_then(|c| c.get(1))
            })
            .map(|m| m.as_str().to_ascii_uppercase())
            .unwrap_or_default();
        let field_indent = body
            .iter()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len());
        for line in &body {
            let Some(f) = field.captures(line) else {
                continue;
            };
            let (Some(ind), Some(name)) = (f.get(1), f.get(2)) else {
                continue;
            };
            if Some(ind.as_str().len()) == field_indent && name.as_str() != "model_config" {
                names.insert(format!("{prefix}{}", name.as_str().to_ascii_uppercase()));
            }
        }
    }
}

/// A shell-style variable name.
fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn names(path: &str, text: &str) -> Vec<String> {
        env_names_from_file(path, text)
            .unwrap()
            .into_iter()
            .collect()
    }

    #[test]
    fn patterns_compile() {
        for p in CODE_PATTERNS {
            assert!(p.is_some());
        }
        for p in [
            &JS_DESTRUCTURE,
            &PYDANTIC_CLASS,
            &PYDANTIC_FIELD,
            &ENV_PREFIX,
            &ASSIGN,
            &DOCKER,
            &BRACED_READ,
            &PLAIN_READ,
            &EXPORT,
            &MAKE_READ,
            &MAKE_ASSIGN,
            &YAML_ITEM,
            &YAML_NAME,
        ] {
            assert!(p.is_some());
        }
    }

    #[test]
    fn rust_lookups() {
        let text = r#"
let a = std::env::var("DATABASE_URL")?;
let b = env::var_os('X');
let c = env!("CARGO_PKG_VERSION");
let d = option_env!("BUILD_SHA");
#[arg(long, env = "SHIPGATE_TOKEN")]
Command::new("x").env("CHILD_VAR", "1");
"#;
        assert_eq!(
            names("src/main.rs", text),
            [
                "BUILD_SHA",
                "CARGO_PKG_VERSION",
                "CHILD_VAR",
                "DATABASE_URL",
                "SHIPGATE_TOKEN"
            ]
        );
    }

    #[test]
    fn python_lookups() {
        let text = r#"
import os
API_TOKEN = os.getenv('API_TOKEN')
T = os.environ.get("REQUEST_TIMEOUT_SECONDS", "30")
U = os.environ["DB_URL"]
from os import environ
V = environ['REDIS_URL']
W = env("SECRET_KEY")
MAX_RETRIES = 3
"#;
        assert_eq!(
            names("src/app/settings.py", text),
            [
                "API_TOKEN",
                "DB_URL",
                "REDIS_URL",
                "REQUEST_TIMEOUT_SECONDS",
                "SECRET_KEY"
            ]
        );
    }

    #[test]
    fn pydantic_settings_fields() {
        let text = r#"
class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="app_")
    database_url: str
    debug: bool = False

    def helper(self):
        local: int = 1

other: str = "x"
"#;
        assert_eq!(names("config.py", text), ["APP_DATABASE_URL", "APP_DEBUG"]);
    }

    #[test]
    fn javascript_go_java_ruby_lookups() {
        let js = r#"const port = process.env.PORT; const k = process.env['API_KEY'];
const { NODE_ENV, LOG_LEVEL = 'info', SENTRY_DSN: dsn } = process.env;
const u = import.meta.env.VITE_API_URL;"#;
        assert_eq!(
            names("web/server.ts", js),
            [
                "API_KEY",
                "LOG_LEVEL",
                "NODE_ENV",
                "PORT",
                "SENTRY_DSN",
                "VITE_API_URL"
            ]
        );
        let go = "addr := os.Getenv(\"LISTEN_ADDR\")\nv, ok := os.LookupEnv(`DEBUG`)\ntype C struct { T string `env:\"TOKEN\"` }";
        assert_eq!(names("main.go", go), ["DEBUG", "LISTEN_ADDR", "TOKEN"]);
        assert_eq!(
            names("App.java", "System.getenv(\"JAVA_OPTS\")"),
            ["JAVA_OPTS"]
        );
        assert_eq!(
            names(
                "config/app.rb",
                "ENV[\"RAILS_ENV\"]\nENV.fetch('PORT') { 3000 }"
            ),
            ["PORT", "RAILS_ENV"]
        );
    }

    #[test]
    fn shell_docker_env_and_make_files() {
        let sh = "#!/bin/sh\nexport DEPLOY_ENV=prod\nexport A B\nREGION=eu ./run \"${PORT:-8080}\" $HOST_NAME\nfoo --flag=x\n";
        assert_eq!(
            names("scripts/deploy.sh", sh),
            ["A", "B", "DEPLOY_ENV", "HOST_NAME", "PORT", "REGION"]
        );
        let docker = "FROM rust\nARG VERSION\nENV APP_HOME /app\nENV A=1 B=2\n";
        assert_eq!(
            names("Dockerfile", docker),
            ["A", "APP_HOME", "B", "VERSION"]
        );
        assert_eq!(
            names(".env.example", "SECRET=x\n# COMMENTED=1\n"),
            ["SECRET"]
        );
        assert_eq!(names("bin/setup", "TOKEN=1 ./x"), ["TOKEN"]);
        let make = "IMAGE ?= web\nbuild:\n\tdocker build -t $(IMAGE):$(TAG) .\n";
        assert_eq!(names("Makefile", make), ["IMAGE", "TAG"]);
    }

    #[test]
    fn code_files_do_not_read_shell_forms() {
        // `$X` and `X=` are not variables in program source.
        assert!(names(
            "src/lib.rs",
            "macro_rules! m { ($NAME:ident) => {} }\nlet X=1;"
        )
        .is_empty());
        assert!(names("app.py", "MAX_SIZE=5\nprint(f'${TOTAL}')").is_empty());
        assert_eq!(
            names("fly.toml", "[env]\nURL = \"${BASE_URL}\"\n"),
            ["BASE_URL"]
        );
    }

    #[test]
    fn workflows_and_compose_files() {
        let workflow = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n        env:\n          STEP_VAR: 1\n";
        assert_eq!(names(".github/workflows/ci.yml", workflow), ["STEP_VAR"]);
        let compose = "services:\n  web:\n    image: \"web:${TAG}\"\n    environment:\n      - DATABASE_URL=postgres://db\n";
        assert_eq!(names("compose.yaml", compose), ["DATABASE_URL", "TAG"]);
        let k8s =
            "spec:\n  containers:\n    - env:\n        - name: LOG_LEVEL\n          value: info\n";
        assert_eq!(names("deploy/k8s.yml", k8s), ["LOG_LEVEL"]);
    }

    #[test]
    fn invalid_yaml_is_an_error() {
        let err = env_names_from_file("ci.yml", "a: [\n").unwrap_err();
        assert!(err.to_string().starts_with("ci.yml"));
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,300}", name in prop::sample::select(vec![
            "a.rs", "a.py", "a.ts", "a.go", "a.sh", "Dockerfile", "Makefile", "a.toml", "a.yml", "x",
        ])) {
            match env_names_from_file(name, &text) {
                Ok(names) => {
                    prop_assert_eq!(&names, &env_names_from_file(name, &text).unwrap());
                    for n in &names {
                        // a variable name is written in the file
                        prop_assert!(!n.is_empty());
                        prop_assert!(text.contains(n.as_str()), "{} not in the text", n);
                    }
                }
                Err(e) => {
                    prop_assert!(name.ends_with(".yml"), "{}", e);
                    prop_assert!(e.to_string().starts_with(name), "{}", e);
                }
            }
        }
    }
}
