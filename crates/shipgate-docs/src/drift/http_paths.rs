//! HTTP paths a document shows, read from inline code and code block lines (mermaid
//! blocks excepted). Only paths that address this project's service are read:
//!
//! - an inline code span that is exactly `/path` or `METHOD /path` (a bare `/path` that
//!   looks like a filesystem path, `/etc/hosts`, `/usr/...`, `/path/to/...`, is skipped);
//! - `METHOD /path` anywhere in code (`GET /users/{id} HTTP/1.1`);
//! - URLs on this machine: `http://localhost:8080/x`, `127.0.0.1`, `0.0.0.0`, `[::1]`,
//!   `*.localhost`, scheme-less `localhost:8080/x` and HTTPie's `:8080/x`;
//! - URLs whose host, or the variable or placeholder standing for it, the config names
//!   as the service's (`base_urls`): `$BASE_URL/x`, `${API_URL}/x`, `${{ vars.URL }}/x`,
//!   `{{baseUrl}}/x`, `http://<host>/x`, `https://api.example.com/x`. Any other host or
//!   variable (`$PROMETHEUS_URL/api/v1/query`, `https://github.com/...`) is another
//!   service.
//!
//! A bare path whose last segment has a file extension (`/static/styles.css`,
//! `/openapi.json`, `/docs/setup.md`) or that ends in `/` (`/code/`) is a file or a
//! folder: it is read only when a method goes with it (`GET /openapi.json`).
//!
//! A URL's method is the method word before it on the line (`curl -X POST ...`, `http
//! POST ...`), or after it with `-X`/`--request`. Query strings and fragments are removed;
//! `/` alone is not a path.

use std::sync::LazyLock;

use regex::Regex;

use super::snippets::{Snippet, SnippetKind};
use super::wildcard::wildcard_match;

/// One HTTP path shown in a snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpRef {
    /// Byte offset in the snippet where the reference starts (its method, URL or path).
    pub offset: usize,
    /// The method shown with it, upper case.
    pub method: Option<String>,
    /// The path, as written, without query or fragment.
    pub path: String,
}

const METHODS: &str = "GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS";

/// A pattern compiled on first use; `None` only if it were invalid (a test forces all).
type Pattern = LazyLock<Option<Regex>>;

/// Characters of a path: anything but blanks, quotes, backticks, `?`, `#`, `|`, `\`, `^`.
macro_rules! path {
    () => {
        r#"/[^\s'"`?#|\\^]*"#
    };
}

static INLINE_EXACT: Pattern =
    LazyLock::new(|| Regex::new(&format!(r"^(?:({METHODS})\s+)?({})(?:[?#]\S*)?$", path!())).ok());
static METHOD_PATH: Pattern = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^A-Za-z0-9_-])(({METHODS})\s+)({})",
        path!()
    ))
    .ok()
});
static URL: Pattern =
    LazyLock::new(|| Regex::new(&format!(r#"(?i:https?)://([^/\s'"`?#]*)({})?"#, path!())).ok());
static LOCAL: Pattern = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?:^|[\s'"=(@])((?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::\d+)?|:\d+)({})"#,
        path!()
    ))
    .ok()
});
static BASE_VAR: Pattern = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?:^|[\s'"=(])(\$[A-Za-z_]\w*|\$\{{[^}}\s]*\}}|\{{_+\}})({})"#,
        path!()
    ))
    .ok()
});
static METHOD_WORD: Pattern = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^A-Za-z0-9_])(?:(-X\s*|--request[=\s]\s*))?({METHODS})(?:$|[^A-Za-z0-9_])"
    ))
    .ok()
});
static EXPRESSION: Pattern = LazyLock::new(|| Regex::new(r"\$\{\{.*?\}\}").ok());
static HANDLEBARS: Pattern = LazyLock::new(|| Regex::new(r"\{\{.*?\}\}").ok());

/// First segments of bare inline paths that are files, not HTTP paths.
const FILESYSTEM: &[&str] = &[
    "etc",
    "usr",
    "var",
    "tmp",
    "home",
    "opt",
    "dev",
    "proc",
    "bin",
    "sbin",
    "root",
    "lib",
    "lib64",
    "sys",
    "mnt",
    "media",
    "srv",
    "run",
    "boot",
    "snap",
    "nix",
    "private",
    "Users",
    "Applications",
    "Library",
    "System",
    "Volumes",
    "workspace",
    "cygdrive",
    "~",
];

/// The HTTP paths one snippet shows, in order; `base_urls` are the variables,
/// placeholders and hosts that stand for the project's service (`*` wildcards, case
/// ignored).
pub(crate) fn http_refs(snippet: &Snippet<'_>, base_urls: &[String]) -> Vec<HttpRef> {
    match snippet.kind {
        SnippetKind::Text => return Vec::new(),
        SnippetKind::CodeLine if snippet.language == Some("mermaid") => return Vec::new(),
        SnippetKind::InlineCode | SnippetKind::CodeLine => {}
    }
    let original = snippet.text.as_str();
    let text = mask_expressions(original);
    let text = text.as_str();
    let ours = |name: &str| is_service(name, base_urls);
    if snippet.kind == SnippetKind::InlineCode {
        let lead = text.len() - text.trim_start().len();
        if let Some(c) = captures(&INLINE_EXACT, text.trim()).next() {
            let method = c.get(1).map(|m| m.as_str().to_string());
            let path = c.get(2).map_or("", |m| m.as_str());
            let path = trim_path(path);
            let keep = is_http_path(path)
                && (method.is_some() || !looks_like_file(path) && !is_file_or_folder(path));
            return if keep {
                vec![HttpRef {
                    offset: lead,
                    method,
                    path: path.to_string(),
                }]
            } else {
                Vec::new()
            };
        }
    }
    let mut out: Vec<(usize, usize, HttpRef)> = Vec::new();
    for c in captures(&METHOD_PATH, text) {
        let (Some(whole), Some(method), Some(path)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        push(
            &mut out,
            whole.start(),
            path.end(),
            Some(method.as_str().to_string()),
            path.as_str(),
        );
    }
    for c in captures(&URL, text) {
        let (Some(all), Some(authority)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(path) = c.get(2) else { continue };
        let written = original
            .get(authority.range())
            .unwrap_or(authority.as_str());
        let keep = match host_of(written) {
            Host::Local => true,
            Host::Named(name) => ours(&name),
        };
        if keep {
            let method = method_for(text, all.start(), all.end());
            push(&mut out, all.start(), all.end(), method, path.as_str());
        }
    }
    for c in captures(&LOCAL, text) {
        let (Some(host), Some(path)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let method = method_for(text, host.start(), path.end());
        push(&mut out, host.start(), path.end(), method, path.as_str());
    }
    for c in captures(&BASE_VAR, text) {
        let (Some(base), Some(path)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let written = original.get(base.range()).unwrap_or(base.as_str());
        if placeholder_name(written).is_some_and(|n| ours(&n)) {
            let method = method_for(text, base.start(), path.end());
            push(&mut out, base.start(), path.end(), method, path.as_str());
        }
    }
    out.sort_by_key(|(start, _, _)| *start);
    // One reference per stretch of text: the first found there wins.
    let mut kept: Vec<(usize, usize, HttpRef)> = Vec::new();
    for item in out {
        if kept.iter().all(|(s, e, _)| item.1 <= *s || item.0 >= *e) {
            kept.push(item);
        }
    }
    kept.into_iter().map(|(_, _, r)| r).collect()
}

fn push(
    out: &mut Vec<(usize, usize, HttpRef)>,
    start: usize,
    end: usize,
    method: Option<String>,
    path: &str,
) {
    let path = trim_path(path);
    if is_http_path(path) && (method.is_some() || !is_file_or_folder(path)) {
        out.push((
            start,
            end,
            HttpRef {
                offset: start,
                method,
                path: path.to_string(),
            },
        ));
    }
}

/// `${{ ... }}` as `${___}` and `{{ ... }}` as `{___}`, byte for byte the same length so
/// that offsets stay those of the original text.
fn mask_expressions(text: &str) -> String {
    let mut out = text.to_string();
    for (pattern, head) in [(&EXPRESSION, "${"), (&HANDLEBARS, "{")] {
        let ranges: Vec<(usize, usize)> = captures(pattern, &out)
            .filter_map(|c| c.get(0))
            .map(|m| (m.start(), m.end()))
            .collect();
        for (start, end) in ranges {
            let fill = (end - start).saturating_sub(head.len() + 1);
            let masked = format!("{head}{}}}", "_".repeat(fill));
            if masked.len() == end - start {
                out.replace_range(start..end, &masked);
            }
        }
    }
    out
}

/// The method word that goes with a URL spanning `start..end` of the line.
fn method_for(text: &str, start: usize, end: usize) -> Option<String> {
    let before = text.get(..start).unwrap_or("");
    if let Some(m) = captures(&METHOD_WORD, before)
        .filter_map(|c| c.get(2))
        .last()
    {
        return Some(m.as_str().to_string());
    }
    let after = text.get(end..).unwrap_or("");
    captures(&METHOD_WORD, after)
        .find(|c| c.get(1).is_some())
        .and_then(|c| c.get(2))
        .map(|m| m.as_str().to_string())
}

/// Trailing punctuation that belongs to the sentence or the markup, not the path.
fn trim_path(path: &str) -> &str {
    let mut path = path;
    loop {
        let Some(last) = path.chars().next_back() else {
            return path;
        };
        let unbalanced = |open: char| path.matches(open).count() < path.matches(last).count();
        let strip = match last {
            ',' | ';' | ':' | '!' => true,
            '.' => !path
                .rsplit('/')
                .next()
                .is_some_and(|s| s.chars().all(|c| c == '.')),
            ')' => unbalanced('('),
            ']' => unbalanced('['),
            '>' => unbalanced('<'),
            '}' => unbalanced('{'),
            _ => false,
        };
        if !strip {
            return path;
        }
        match path.strip_suffix(last) {
            Some(shorter) => path = shorter,
            None => return path,
        }
    }
}

/// A path with at least one segment, not protocol-relative (`//host`), and not a glob
/// pattern (`/internal/*` describes paths, it is not one).
fn is_http_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('*')
        && path.split('/').any(|s| !s.is_empty())
}

/// `/etc/hosts`, `/usr/local/bin`, `/path/to/file`.
fn looks_like_file(path: &str) -> bool {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let first = segments.next().unwrap_or("");
    FILESYSTEM.contains(&first) || first == "path" && segments.next() == Some("to")
}

/// A path whose last segment has a file extension (`/static/styles.css`,
/// `/openapi.json`, `/docs/setup.md`) or that ends in `/` (`/code/`, `/api/v1/`): a file
/// or a folder, not an endpoint, unless a method is shown with it.
fn is_file_or_folder(path: &str) -> bool {
    if path.ends_with('/') {
        return true;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((name, ext)) => {
            !name.is_empty()
                && !ext.is_empty()
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// What a URL's authority (`user@host:port`) names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Host {
    /// `localhost`, a loopback address, `0.0.0.0`, `*.localhost`: this machine, where
    /// the documents run the project's service.
    Local,
    /// A host name (`api.example.com`) or the name of a placeholder standing for one
    /// (`<host>`, `{host}`, `$HOST`, `${{ vars.HOST }}`): the project's only when
    /// `base_urls` names it.
    Named(String),
}

fn host_of(authority: &str) -> Host {
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(name) = placeholder_name(host_port) {
        return Host::Named(name);
    }
    let host = if host_port.starts_with('[') {
        host_port
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    let lower = host.to_ascii_lowercase();
    let local = lower == "localhost"
        || lower.starts_with("127.")
        || lower == "0.0.0.0"
        || lower.starts_with("[::1]")
        || lower.starts_with("[::]")
        || lower.ends_with(".localhost");
    if local {
        Host::Local
    } else {
        Host::Named(lower)
    }
}

/// The name a placeholder or variable is written with: `$NAME`, `${NAME}`,
/// `${NAME:-x}` give `NAME`; `${{ vars.NAME }}`, `{{ .Values.name }}` and `{{name}}` the
/// last name of the expression; `<name>` and `{name}` the name. `None` for anything
/// else.
fn placeholder_name(written: &str) -> Option<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect()
    };
    let last_of_expression = |inner: &str| -> Option<String> {
        let inner = inner.trim();
        let simple = inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
        let name = inner.rsplit('.').next().unwrap_or("");
        (simple && !name.is_empty()).then(|| name.to_string())
    };
    let name = if let Some(rest) = written.strip_prefix("${{") {
        last_of_expression(rest.split("}}").next().unwrap_or(""))?
    } else if let Some(rest) = written.strip_prefix("{{") {
        last_of_expression(rest.split("}}").next().unwrap_or(""))?
    } else if let Some(rest) = written.strip_prefix("${") {
        ident(rest)
    } else if let Some(rest) = written.strip_prefix('$') {
        ident(rest)
    } else if let Some(rest) = written.strip_prefix('<') {
        ident(rest)
    } else if let Some(rest) = written.strip_prefix('{') {
        ident(rest)
    } else {
        return None;
    };
    (!name.is_empty()).then_some(name)
}

/// Whether a placeholder's name or a host is one of `base_urls` (case ignored).
fn is_service(name: &str, base_urls: &[String]) -> bool {
    let name = name.to_ascii_lowercase();
    base_urls
        .iter()
        .any(|b| wildcard_match(&b.trim().to_ascii_lowercase(), &name))
}

fn captures<'t>(
    pattern: &'static Pattern,
    text: &'t str,
) -> impl Iterator<Item = regex::Captures<'t>> {
    pattern
        .as_ref()
        .into_iter()
        .flat_map(move |re| re.captures_iter(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Position;
    use proptest::prelude::*;

    /// Each reference lies inside the text, its path is an absolute path, its method one
    /// of HTTP's, and the same text gives the same references.
    fn refs_properties(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        for kind in [SnippetKind::CodeLine, SnippetKind::InlineCode] {
            let found = refs(kind, text);
            proptest::prop_assert_eq!(&found, &refs(kind, text));
            for (offset, method, path) in &found {
                proptest::prop_assert!(*offset <= text.len(), "{} of {}", offset, text.len());
                proptest::prop_assert!(path.starts_with('/'), "{}", path);
                if let Some(m) = method {
                    proptest::prop_assert!(
                        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
                            .contains(&m.as_str()),
                        "{}",
                        m
                    );
                }
            }
        }
        Ok(())
    }

    fn refs(kind: SnippetKind, text: &str) -> Vec<(usize, Option<String>, String)> {
        let snippet = Snippet {
            text: text.to_string(),
            at: Position { line: 1, column: 1 },
            kind,
            language: Some("bash"),
        };
        let base_urls = [
            "BASE_URL".to_string(),
            "api_url".to_string(),
            "URL".to_string(),
            "baseUrl".to_string(),
            "host".to_string(),
            "api.example.com".to_string(),
            "HOST".to_string(),
        ];
        http_refs(&snippet, &base_urls)
            .into_iter()
            .map(|r| (r.offset, r.method, r.path))
            .collect()
    }

    fn r(offset: usize, method: Option<&str>, path: &str) -> (usize, Option<String>, String) {
        (offset, method.map(str::to_string), path.to_string())
    }

    #[test]
    fn patterns_compile() {
        for p in [
            &INLINE_EXACT,
            &METHOD_PATH,
            &URL,
            &LOCAL,
            &BASE_VAR,
            &METHOD_WORD,
            &EXPRESSION,
            &HANDLEBARS,
        ] {
            assert!(p.is_some());
        }
    }

    #[test]
    fn inline_code_exact_forms() {
        let inline = |t| refs(SnippetKind::InlineCode, t);
        assert_eq!(
            inline("GET /health/live"),
            [r(0, Some("GET"), "/health/live")]
        );
        assert_eq!(inline(" /users/<id> "), [r(1, None, "/users/<id>")]);
        assert_eq!(
            inline("POST /deployments?dry_run=true"),
            [r(0, Some("POST"), "/deployments")]
        );
        assert_eq!(inline("/etc/hosts"), []);
        assert_eq!(inline("/internal/*"), []);
        assert_eq!(inline("/path/to/file"), []);
        assert_eq!(inline("/"), []);
        assert_eq!(inline("//comment"), []);
        assert_eq!(inline("{\"status\": \"alive\"}"), []);
        assert_eq!(inline("GET"), []);
        assert_eq!(inline("DELETE /etc/x"), [r(0, Some("DELETE"), "/etc/x")]);
    }

    #[test]
    fn code_line_forms() {
        let line = |t| refs(SnippetKind::CodeLine, t);
        assert_eq!(
            line("GET /users/{id} HTTP/1.1"),
            [r(0, Some("GET"), "/users/{id}")]
        );
        assert_eq!(
            line("curl -X POST http://localhost:8080/deployments?x=1#y"),
            [r(13, Some("POST"), "/deployments")]
        );
        assert_eq!(
            line("curl http://127.0.0.1/a -XPUT"),
            [r(5, Some("PUT"), "/a")]
        );
        assert_eq!(
            line("curl -f \"$BASE_URL/health/live\""),
            [r(9, None, "/health/live")]
        );
        assert_eq!(line("curl ${API_URL}/v1/x"), [r(5, None, "/v1/x")]);
        assert_eq!(line("curl ${{ vars.URL }}/v1/x"), [r(5, None, "/v1/x")]);
        assert_eq!(line("GET {{baseUrl}}/v1/x"), [r(4, Some("GET"), "/v1/x")]);
        assert_eq!(
            line("http POST localhost:8000/items"),
            [r(10, Some("POST"), "/items")]
        );
        assert_eq!(line("http :8000/items"), [r(5, None, "/items")]);
        assert_eq!(
            line("curl http://<host>:8080/metrics."),
            [r(5, None, "/metrics")]
        );
        assert_eq!(
            line("curl https://api.example.com/v1/users"),
            [r(5, None, "/v1/users")]
        );
        assert_eq!(line("curl http://$HOST:8080/x"), [r(5, None, "/x")]);
        assert_eq!(
            line("curl -X GET http://localhost:8080/openapi.json"),
            [r(12, Some("GET"), "/openapi.json")]
        );
    }

    #[test]
    fn other_services_are_not_read() {
        let line = |t| refs(SnippetKind::CodeLine, t);
        assert_eq!(line("curl \"$PROMETHEUS_URL/api/v1/query?query=up\""), []);
        assert_eq!(line("curl -X POST \"$GRAFANA_URL/api/dashboards/db\""), []);
        assert_eq!(line("curl ${{ vars.GRAFANA_URL }}/api/x"), []);
        assert_eq!(line("curl https://example.com/x"), []);
        assert_eq!(line("wget https://YOUR_HOST/status"), []);
        assert_eq!(line("curl http://<grafana>/api/health"), []);
        assert_eq!(line("curl http://prometheus:9090/-/healthy"), []);
    }

    #[test]
    fn files_and_folders_are_not_endpoints_without_a_method() {
        let line = |t| refs(SnippetKind::CodeLine, t);
        let inline = |t| refs(SnippetKind::InlineCode, t);
        assert_eq!(inline("/static/styles.css"), []);
        assert_eq!(inline("/docs/setup.md"), []);
        assert_eq!(inline("/openapi.json"), []);
        assert_eq!(inline("/code/"), []);
        assert_eq!(inline("/api/v1/"), []);
        assert_eq!(inline("/v1.2/users"), [r(0, None, "/v1.2/users")]);
        assert_eq!(
            inline("GET /openapi.json"),
            [r(0, Some("GET"), "/openapi.json")]
        );
        assert_eq!(line("curl http://localhost:8080/static/app.js"), []);
        assert_eq!(line("curl \"$BASE_URL/docs/\""), []);
    }

    #[test]
    fn placeholder_names() {
        let name = |t: &str| placeholder_name(t);
        assert_eq!(name("$BASE_URL").as_deref(), Some("BASE_URL"));
        assert_eq!(name("${BASE_URL:-x}").as_deref(), Some("BASE_URL"));
        assert_eq!(
            name("${{ vars.STAGING_URL }}").as_deref(),
            Some("STAGING_URL")
        );
        assert_eq!(name("{{ .Values.url }}").as_deref(), Some("url"));
        assert_eq!(name("<host>:8080").as_deref(), Some("host"));
        assert_eq!(name("${{ a || b }}"), None);
        assert_eq!(name("api.example.com"), None);
        assert!(is_service("staging_url", &["STAGING_URL".to_string()]));
        assert!(!is_service("GRAFANA_URL", &["*_API".to_string()]));
    }

    #[test]
    fn external_hosts_files_and_directories_are_not_paths() {
        let line = |t| refs(SnippetKind::CodeLine, t);
        assert_eq!(line("curl https://github.com/org/repo/issues"), []);
        assert_eq!(line("curl https://localhost.mycompany.com/x"), []);
        assert_eq!(line("git clone https://git.example.com/org/repo.git"), []);
        assert_eq!(line("see https://docs.example.com/guide"), []);
        assert_eq!(
            line("cat $HOME/.config/x $BUILD_DIR/out $GITHUB_WORKSPACE/a"),
            []
        );
        assert_eq!(line("ls /etc/hosts ./a/b"), []);
        assert_eq!(line("curl http://localhost:8080/"), []);
        assert_eq!(line("GETTER /x"), []);
        let mermaid = Snippet {
            text: "GET /x".into(),
            at: Position { line: 1, column: 1 },
            kind: SnippetKind::CodeLine,
            language: Some("mermaid"),
        };
        assert!(http_refs(&mermaid, &[]).is_empty());
    }

    #[test]
    fn trailing_punctuation() {
        assert_eq!(trim_path("/a/b."), "/a/b");
        assert_eq!(trim_path("/a/..."), "/a/...");
        assert_eq!(trim_path("/a/b),"), "/a/b");
        assert_eq!(trim_path("/a/(b)"), "/a/(b)");
        assert_eq!(trim_path("/a/<id>"), "/a/<id>");
        assert_eq!(trim_path("/a/b>"), "/a/b");
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}") {
            refs_properties(&text)?;
        }

        #[test]
        fn never_panics_on_url_like_text(parts in prop::collection::vec(prop::sample::select(vec![
            "http://", "localhost", ":8080", "/", "a", "{", "}", "${{", "}}", "$", "<", ">", "?", "#",
            "GET ", "-X ", "é", " ", ".", "[", "]", "@", "\"",
        ]), 0..30)) {
            let text = parts.concat();
            refs_properties(&text)?;
        }
    }
}
