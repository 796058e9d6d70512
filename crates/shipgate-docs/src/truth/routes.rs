//! HTTP routes declared in source files (`unknown-endpoint`'s truth): FastAPI, Flask and
//! Starlette in Python; Express, Fastify, Hono and NestJS in JavaScript/TypeScript; axum,
//! actix-web and Rocket in Rust; `net/http`, gorilla/mux, gin, echo, chi and fiber in Go.
//!
//! Routes are found with patterns, not by compiling the code: a route whose path is not a
//! string literal is not found, and a prefix is applied only when it is declared in the
//! same file (a router's own `prefix=`, `include_router`/`register_blueprint`/`use`/`Group`
//! mounts by variable name, and `nest`/`scope`/`Route`/`Mount` calls written around the
//! routes).

mod go;
mod javascript;
mod python;
mod rust;
mod scan;

use std::collections::BTreeMap;
use std::ops::Range;

use std::sync::LazyLock;

use regex::{Captures, Regex};

use scan::{Source, Syntax};

/// One route: a method (or any) and a path pattern as the framework writes it
/// (`/users/{id}`, `/users/:id`, `/users/<int:id>`, `/static/*`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route {
    /// The HTTP method, upper case; `None` when the route answers any method (Go's
    /// `http.HandleFunc` without a method, Express's `all`, axum's `any`).
    pub method: Option<String>,
    /// The path pattern, with the prefixes found in the same file applied.
    pub path: String,
    /// The source file, as given.
    pub file: String,
    /// 1-based line of the route's path literal.
    pub line: u32,
}

/// The routes declared in one source file, in file order; none for a language this does
/// not read (known by the extension: `.py`; `.js`, `.mjs`, `.cjs`, `.jsx`, `.ts`, `.mts`,
/// `.cts`, `.tsx`; `.rs`; `.go`). A route answering several methods gives one [`Route`]
/// per method.
pub fn routes_from_file(path: &str, text: &str) -> Vec<Route> {
    let extension = path
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let (syntax, find): (Syntax, fn(&Source<'_>) -> Vec<Found>) = match extension.as_str() {
        "py" | "pyi" => (Syntax::Python, python::routes),
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => {
            (Syntax::JavaScript, javascript::routes)
        }
        "rs" => (Syntax::Rust, rust::routes),
        "go" => (Syntax::Go, go::routes),
        _ => return Vec::new(),
    };
    let source = Source::new(text, syntax);
    let mut found = find(&source);
    found.sort_by_key(|f| f.offset);
    found
        .into_iter()
        .map(|f| Route {
            method: f.method,
            path: f.path,
            file: path.to_string(),
            line: source.line(f.offset),
        })
        .collect()
}

/// A route found by a language reader, before its line is known.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    /// Byte offset of the route's path literal (or declaration).
    offset: usize,
    /// Upper-case method, `None` for any.
    method: Option<String>,
    /// The full path, prefixes applied.
    path: String,
}

impl Found {
    /// One [`Found`] per method (`[None]` for any method).
    fn each(offset: usize, methods: &[Option<String>], path: &str) -> Vec<Found> {
        let mut methods: Vec<Option<String>> = methods.to_vec();
        if methods.is_empty() || methods.iter().any(Option::is_none) {
            methods = vec![None];
        }
        methods.dedup();
        methods
            .into_iter()
            .map(|method| Found {
                offset,
                method,
                path: path.to_string(),
            })
            .collect()
    }
}

/// The HTTP methods, upper case.
const METHODS: [&str; 9] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
];

/// `name` as an upper-case HTTP method, when it is one (any case).
fn method_name(name: &str) -> Option<String> {
    let upper = name.to_ascii_uppercase();
    METHODS.contains(&upper.as_str()).then_some(upper)
}

/// The content of a string literal that makes up all of `arg` (trimmed): `"x"`, `'x'`,
/// `` `x` `` (without `${`), with Python prefixes (`r`, `f`, `u`, `b`) and Rust raw
/// strings (`r"x"`, `r#"x"#`).
fn string_literal(arg: &str) -> Option<&str> {
    let arg = arg.trim();
    let body = arg.trim_start_matches(['r', 'R', 'u', 'U', 'b', 'B', 'f', 'F']);
    if arg.len() - body.len() > 2 {
        return None;
    }
    let hashes = body.len() - body.trim_start_matches('#').len();
    let body = body.get(hashes..)?;
    let quote = body.chars().next()?;
    if !matches!(quote, '"' | '\'' | '`') {
        return None;
    }
    let inner = body.get(1..)?.strip_suffix(&"#".repeat(hashes))?;
    let inner = inner.strip_suffix(quote)?;
    if inner.contains(quote) && hashes == 0 || quote == '`' && inner.contains("${") {
        return None;
    }
    Some(inner)
}

/// Every string literal's content in `text` (for `methods=["GET", "POST"]`).
fn strings_in(text: &str) -> Vec<&str> {
    static STRING: Pattern = LazyLock::new(|| Regex::new(r#""([^"\n]*)"|'([^'\n]*)'"#).ok());
    captures(&STRING, text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str())
        .collect()
}

/// `prefix` + `path` with one `/` between them (`/api` + `/x`, `/api/` + `x`, `` + `x`).
fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        return if path.starts_with('/') || path.is_empty() {
            if path.is_empty() {
                "/".to_string()
            } else {
                path.to_string()
            }
        } else {
            format!("/{path}")
        };
    }
    let head = prefix.trim_end_matches('/');
    let head = if head.starts_with('/') {
        head.to_string()
    } else {
        format!("/{head}")
    };
    let tail = path.trim_start_matches('/');
    if tail.is_empty() {
        if path.is_empty() {
            head
        } else {
            format!("{head}/")
        }
    } else {
        format!("{head}/{tail}")
    }
}

/// Prefixes that apply to the routes of one router variable: its own (`APIRouter(prefix=)`)
/// and the mount that includes it in another (`include_router(r, prefix=)`,
/// `v1 := r.Group("/v1")`).
#[derive(Debug, Default)]
struct Mounts {
    own: BTreeMap<String, String>,
    mounted: BTreeMap<String, (String, String)>,
}

impl Mounts {
    /// `router` declares its own `prefix`.
    fn own(&mut self, router: &str, prefix: &str) {
        self.own
            .entry(router.to_string())
            .or_insert_with(|| prefix.to_string());
    }

    /// `child` is mounted in `parent` at `prefix` (the first mount wins).
    fn mount(&mut self, child: &str, parent: &str, prefix: &str) {
        if child != parent {
            self.mounted
                .entry(child.to_string())
                .or_insert_with(|| (parent.to_string(), prefix.to_string()));
        }
    }

    /// The full prefix of `router`'s routes.
    fn prefix(&self, router: &str) -> String {
        let mut parts = Vec::new();
        let mut current = router.to_string();
        for _ in 0..16 {
            if let Some(own) = self.own.get(&current) {
                parts.push(own.clone());
            }
            match self.mounted.get(&current) {
                Some((parent, at)) => {
                    parts.push(at.clone());
                    current = parent.clone();
                }
                None => break,
            }
        }
        parts
            .iter()
            .rev()
            .filter(|p| !p.is_empty())
            .fold(String::new(), |acc, p| join(&acc, p))
    }
}

/// Prefixes that apply to every route written inside a byte range (`nest("/api", ...)`).
#[derive(Debug, Default)]
struct Spans(Vec<(Range<usize>, String)>);

impl Spans {
    fn add(&mut self, range: Range<usize>, prefix: &str) {
        self.0.push((range, prefix.to_string()));
    }

    /// The prefixes around `offset`, outermost first, joined.
    fn prefix(&self, offset: usize) -> String {
        let mut around: Vec<&(Range<usize>, String)> =
            self.0.iter().filter(|(r, _)| r.contains(&offset)).collect();
        around.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        around
            .iter()
            .fold(String::new(), |acc, (_, p)| join(&acc, p))
    }
}

/// A pattern of this crate's fixed set, compiled on first use; `None` only if it were
/// invalid (every module's tests force all of theirs).
type Pattern = LazyLock<Option<Regex>>;

/// The captures of `pattern` in `text` (none when the pattern did not compile).
fn captures<'t>(pattern: &'static Pattern, text: &'t str) -> impl Iterator<Item = Captures<'t>> {
    pattern
        .as_ref()
        .into_iter()
        .flat_map(move |re| re.captures_iter(text))
}

/// Helpers for the language readers' tests.
#[cfg(test)]
mod testing {
    /// `(method, path)` of every route found in `text` read as `file`, in the order found.
    pub(super) fn found(file: &str, text: &str) -> Vec<(Option<String>, String)> {
        super::routes_from_file(file, text)
            .into_iter()
            .map(|r| (r.method, r.path))
            .collect()
    }

    /// [`found`], sorted.
    pub(super) fn found_sorted(file: &str, text: &str) -> Vec<(Option<String>, String)> {
        let mut out = found(file, text);
        out.sort();
        out
    }

    /// An expected route.
    pub(super) fn r(method: Option<&str>, path: &str) -> (Option<String>, String) {
        (method.map(str::to_string), path.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn routes(path: &str, text: &str) -> Vec<(Option<String>, String, u32)> {
        routes_from_file(path, text)
            .into_iter()
            .map(|r| (r.method, r.path, r.line))
            .collect()
    }

    fn m(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn join_puts_one_slash_between() {
        assert_eq!(join("", "/x"), "/x");
        assert_eq!(join("", "x"), "/x");
        assert_eq!(join("", ""), "/");
        assert_eq!(join("/api", "/x"), "/api/x");
        assert_eq!(join("/api/", "x"), "/api/x");
        assert_eq!(join("/api", "/"), "/api/");
        assert_eq!(join("/api", ""), "/api");
        assert_eq!(join("api", ":id"), "/api/:id");
    }

    #[test]
    fn string_literals() {
        assert_eq!(string_literal(" \"/x\" "), Some("/x"));
        assert_eq!(string_literal("r'/x'"), Some("/x"));
        assert_eq!(string_literal("r#\"/x\"#"), Some("/x"));
        assert_eq!(string_literal("`/x`"), Some("/x"));
        assert_eq!(string_literal("`/x/${id}`"), None);
        assert_eq!(string_literal("PREFIX + \"/x\""), None);
        assert_eq!(string_literal("\"/a\" + \"/b\""), None);
    }

    #[test]
    fn unknown_extensions_give_nothing() {
        assert!(routes("README.md", "@app.get(\"/x\")").is_empty());
        assert!(routes("Makefile", "app.get('/x', h)").is_empty());
    }

    #[test]
    fn mounts_chain_prefixes() {
        let mut mounts = Mounts::default();
        mounts.own("users", "/users");
        mounts.mount("users", "api", "/v1");
        mounts.mount("api", "app", "/api");
        assert_eq!(mounts.prefix("users"), "/api/v1/users");
        assert_eq!(mounts.prefix("app"), "");
        mounts.mount("app", "users", "/loop");
        assert!(mounts.prefix("users").len() < 400);
    }

    #[test]
    fn lines_are_those_of_the_path() {
        let text = "app = FastAPI()\n\n@app.get(\n    \"/x\"\n)\ndef x(): ...\n";
        assert_eq!(routes("main.py", text), [(m("GET"), "/x".to_string(), 4)]);
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,300}", ext in prop::sample::select(vec!["py", "ts", "rs", "go"])) {
            let path = format!("src/x.{ext}");
            let routes = routes_from_file(&path, &text);
            prop_assert_eq!(&routes, &routes_from_file(&path, &text));
            let lines = text.split('\n').count() as u32;
            for r in &routes {
                prop_assert_eq!(&r.file, &path);
                prop_assert!(r.line >= 1 && r.line <= lines, "line {} of {}", r.line, lines);
                prop_assert!(r.path.starts_with('/'), "{}", r.path);
            }
        }

        #[test]
        fn never_panics_on_route_like_text(
            parts in prop::collection::vec(prop::sample::select(vec![
                "@app.get(", "\"/x/{id}\"", ")", "(", ",", "methods=[", "]", "'", "\"", "\n",
                "router = APIRouter(prefix=", ".route(", "get(h)", ".post(", "r.Group(", ":=",
                "#[get(", "\"GET /a\"", ".Methods(", ".nest(", "web::scope(", "{", "}", "r#\"",
                "@Controller(", "@Get(", "app.use(", "include_router(", "`", "/*", "//",
            ]), 0..40),
            ext in prop::sample::select(vec!["py", "ts", "rs", "go"]),
        ) {
            let text: String = parts.concat();
            let path = format!("x.{ext}");
            let routes = routes_from_file(&path, &text);
            prop_assert_eq!(&routes, &routes_from_file(&path, &text));
            let lines = text.split('\n').count() as u32;
            for r in &routes {
                prop_assert_eq!(&r.file, &path);
                prop_assert!(r.line >= 1 && r.line <= lines, "line {} of {}", r.line, lines);
                prop_assert!(r.method.as_deref().is_none_or(|m| m == m.to_uppercase()));
            }
        }
    }
}
