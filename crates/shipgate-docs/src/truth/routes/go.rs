//! Go routes: `net/http`, gorilla/mux, gin, echo, chi and fiber.
//!
//! - `http.HandleFunc("/x", h)`, `mux.Handle("/x", h)`, Go 1.22 patterns
//!   (`"GET /users/{id}"`, `"/x/{$}"`, host-qualified `"example.com/x"`); gorilla's
//!   `.Methods("GET", "POST")` chained after; a `net/http` pattern ending in `/` serves
//!   its whole subtree (`/static/` becomes `/static/*`, except `/` itself);
//! - gin/echo `r.GET("/x", h)`, `r.Any(...)`, gin's `r.Handle("GET", "/x", h)`;
//! - chi/fiber `r.Get("/x", h)`, `r.Method("GET", "/x", h)`;
//! - gorilla `r.PathPrefix("/static/")` (a catch-all) and `.PathPrefix("/api").Subrouter()`;
//! - prefixes: `v1 := r.Group("/v1")`, `s := r.PathPrefix("/api").Subrouter()` by
//!   variable name, and chi's `r.Route("/api", func(r chi.Router) { ... })` around them.

use std::sync::LazyLock;

use regex::Regex;

use super::scan::Source;
use super::{
    captures, join, method_name, string_literal, strings_in, Found, Mounts, Pattern, Spans,
};

static GROUP: Pattern = LazyLock::new(|| {
    Regex::new(r"([A-Za-z_]\w*)\s*:?=\s*([A-Za-z_]\w*)\s*\.\s*(?:Group|PathPrefix)\s*\(").ok()
});
static PATH_PREFIX: Pattern =
    LazyLock::new(|| Regex::new(r"([A-Za-z_]\w*)\s*\.\s*PathPrefix\s*\(").ok());
static SUBROUTER: Pattern = LazyLock::new(|| Regex::new(r"^\s*\.\s*Subrouter\s*\(").ok());
static CHI_ROUTE: Pattern = LazyLock::new(|| Regex::new(r"([A-Za-z_]\w*)\s*\.\s*Route\s*\(").ok());
static HANDLE: Pattern =
    LazyLock::new(|| Regex::new(r"([A-Za-z_]\w*)\s*\.\s*(HandleFunc|Handle)\s*\(").ok());
static METHODS_CHAIN: Pattern = LazyLock::new(|| Regex::new(r"^\s*\.\s*Methods\s*\(").ok());
static GIN: Pattern = LazyLock::new(|| {
    Regex::new(
        r"([A-Za-z_]\w*)\s*\.\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE|Any)\s*\(",
    )
    .ok()
});
static CHI: Pattern = LazyLock::new(|| {
    Regex::new(
        r"([A-Za-z_]\w*)\s*\.\s*(Get|Post|Put|Patch|Delete|Head|Options|Connect|Trace|All|Method|MethodFunc)\s*\(",
    )
    .ok()
});
static PATTERN: Pattern = LazyLock::new(|| Regex::new(r"^(?:([A-Z]+)\s+)?([^/\s]*)(/\S*)$").ok());

/// Receivers whose `.Get("/x")` is a request, not a route.
const CLIENTS: [&str; 3] = ["http", "client", "resty"];

/// The routes of one Go file.
pub(super) fn routes(src: &Source<'_>) -> Vec<Found> {
    let text = src.text();
    let subtrees = !text.contains("gorilla/mux") && !text.contains("go-chi/chi");
    let mut mounts = Mounts::default();
    for c in captures(&GROUP, text) {
        let (Some(child), Some(parent), Some(all)) = (c.get(1), c.get(2), c.get(0)) else {
            continue;
        };
        let open = all.end() - 1;
        let Some(prefix) = first_string(src, open).map(|(_, p)| p) else {
            continue;
        };
        let is_prefix = all.as_str().contains("PathPrefix");
        if !is_prefix || after_call_matches(src, open, &SUBROUTER) {
            mounts.mount(child.as_str(), parent.as_str(), prefix);
        }
    }
    let mut spans = Spans::default();
    for c in captures(&CHI_ROUTE, text) {
        let Some(all) = c.get(0) else { continue };
        let open = all.end() - 1;
        if let (Some((_, prefix)), Some(range)) = (first_string(src, open), src.args(open)) {
            if prefix.starts_with('/') {
                spans.add(range, prefix);
            }
        }
    }
    let mut out: Vec<(usize, Vec<Option<String>>, String, String)> = Vec::new();
    for c in captures(&HANDLE, text) {
        let (Some(receiver), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let open = all.end() - 1;
        let args = src.split_args(open);
        let strings: Vec<Option<&str>> = args
            .iter()
            .take(2)
            .map(|r| string_literal(src.slice(r.clone())))
            .collect();
        if let [Some(method), Some(path)] = strings.as_slice() {
            // gin: r.Handle("GET", "/x", h)
            if let (Some(m), Some(r)) = (method_name(method), args.get(1)) {
                out.push((
                    r.start,
                    vec![Some(m)],
                    receiver.as_str().to_string(),
                    path.to_string(),
                ));
                continue;
            }
        }
        let Some((offset, pattern)) = first_string(src, open) else {
            continue;
        };
        let Some(c) = captures(&PATTERN, pattern).next() else {
            continue;
        };
        let Some(mut path) = c.get(3).map(|m| m.as_str().to_string()) else {
            continue;
        };
        let mut methods = vec![c.get(1).and_then(|m| method_name(m.as_str()))];
        if after_call_matches(src, open, &METHODS_CHAIN) {
            methods = chained_methods(src, open);
        } else if let Some(exact) = path.strip_suffix("{$}") {
            path = exact.to_string();
        } else if subtrees && path.len() > 1 && path.ends_with('/') {
            path.push('*');
        }
        out.push((offset, methods, receiver.as_str().to_string(), path));
    }
    for c in captures(&GIN, text).chain(captures(&CHI, text)) {
        let (Some(receiver), Some(kind), Some(all)) = (c.get(1), c.get(2), c.get(0)) else {
            continue;
        };
        if CLIENTS.contains(&receiver.as_str()) {
            continue;
        }
        let open = all.end() - 1;
        let (method, found) = match kind.as_str() {
            "Method" | "MethodFunc" => {
                let args = src.split_args(open);
                let method = args
                    .first()
                    .and_then(|r| string_literal(src.slice(r.clone())));
                let path = args.get(1).and_then(|r| {
                    let raw = src.slice(r.clone());
                    string_literal(raw).map(|p| (r.start + raw.len() - raw.trim_start().len(), p))
                });
                (method.and_then(method_name), path)
            }
            "Any" | "All" => (None, first_string(src, open)),
            other => (method_name(other), first_string(src, open)),
        };
        if let Some((offset, path)) = found.filter(|(_, p)| p.starts_with('/')) {
            out.push((
                offset,
                vec![method],
                receiver.as_str().to_string(),
                path.to_string(),
            ));
        }
    }
    for c in captures(&PATH_PREFIX, text) {
        let (Some(receiver), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let open = all.end() - 1;
        if after_call_matches(src, open, &SUBROUTER) {
            continue;
        }
        if let Some((offset, prefix)) = first_string(src, open) {
            let path = format!("{}/*", prefix.trim_end_matches('/'));
            out.push((offset, vec![None], receiver.as_str().to_string(), path));
        }
    }
    out.into_iter()
        .flat_map(|(offset, methods, receiver, path)| {
            let full = join(
                &spans.prefix(offset),
                &join(&mounts.prefix(&receiver), &path),
            );
            Found::each(offset, &methods, &full)
        })
        .collect()
}

/// The first argument of the call at `open` when it is a string: (offset, content).
fn first_string<'a>(src: &Source<'a>, open: usize) -> Option<(usize, &'a str)> {
    let first = src.split_args(open).into_iter().next()?;
    let raw = src.slice(first.clone());
    string_literal(raw).map(|s| (first.start + raw.len() - raw.trim_start().len(), s))
}

/// Whether the text right after the call at `open` matches `pattern` (a chained call).
fn after_call_matches(src: &Source<'_>, open: usize, pattern: &'static Pattern) -> bool {
    let end = src.args(open).map_or(src.text().len(), |r| r.end + 1);
    captures(pattern, src.slice(end..src.text().len()))
        .next()
        .is_some()
}

/// The methods of a `.Methods("GET", "POST")` chained after the call at `open`.
fn chained_methods(src: &Source<'_>, open: usize) -> Vec<Option<String>> {
    let end = src.args(open).map_or(src.text().len(), |r| r.end + 1);
    let rest = src.slice(end..src.text().len());
    let Some(all) = captures(&METHODS_CHAIN, rest).next().and_then(|c| c.get(0)) else {
        return vec![None];
    };
    let inner = src
        .args(end + all.end() - 1)
        .map(|r| src.slice(r))
        .unwrap_or("");
    let methods: Vec<Option<String>> = strings_in(inner)
        .into_iter()
        .filter_map(method_name)
        .map(Some)
        .collect();
    if methods.is_empty() {
        vec![None]
    } else {
        methods
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::testing::r;

    fn routes(text: &str) -> Vec<(Option<String>, String)> {
        super::super::testing::found_sorted("cmd/server/main.go", text)
    }

    #[test]
    fn patterns_compile() {
        for p in [
            &GROUP,
            &PATH_PREFIX,
            &SUBROUTER,
            &CHI_ROUTE,
            &HANDLE,
            &METHODS_CHAIN,
            &GIN,
            &CHI,
            &PATTERN,
        ] {
            assert!(p.is_some());
        }
    }

    #[test]
    fn net_http_patterns() {
        let text = r#"
import "net/http"
func main() {
    http.HandleFunc("/healthz", health)
    mux.HandleFunc("GET /users/{id}", user)
    mux.Handle("/static/", files)
    mux.HandleFunc("POST /items/{$}", create)
    mux.Handle("example.com/host", h)
    mux.Handle("/", root)
}
"#;
        assert_eq!(
            routes(text),
            [
                r(None, "/"),
                r(None, "/healthz"),
                r(None, "/host"),
                r(None, "/static/*"),
                r(Some("GET"), "/users/{id}"),
                r(Some("POST"), "/items/"),
            ]
        );
    }

    #[test]
    fn gorilla_gin_chi() {
        let text = r#"
import "github.com/gorilla/mux"
r := mux.NewRouter()
r.HandleFunc("/articles/{id}", h).Methods("GET", "PUT")
api := r.PathPrefix("/api").Subrouter()
api.HandleFunc("/v1/ping", ping)
r.PathPrefix("/assets/").Handler(fs)
g := engine.Group("/v2")
g.GET("/users/:id", user)
engine.Handle("DELETE", "/users/:id", del)
c.Route("/admin", func(c chi.Router) {
    c.Get("/stats", stats)
    c.Method("PATCH", "/config", cfg)
})
http.Get("/not-a-route")
"#;
        assert_eq!(
            routes(text),
            [
                r(None, "/api/v1/ping"),
                r(None, "/assets/*"),
                r(Some("DELETE"), "/users/:id"),
                r(Some("GET"), "/admin/stats"),
                r(Some("GET"), "/articles/{id}"),
                r(Some("GET"), "/v2/users/:id"),
                r(Some("PATCH"), "/admin/config"),
                r(Some("PUT"), "/articles/{id}"),
            ]
        );
    }
}
