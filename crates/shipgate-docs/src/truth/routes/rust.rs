//! Rust routes: axum, actix-web and Rocket.
//!
//! - `.route("/x", get(h).post(h2))` (axum; actix's `App::route("/x", web::get().to(h))`):
//!   the methods are the method-router calls directly inside the second argument
//!   (`get`, `post`, ..., `get_service`, ...; `any`/`on` mean any method);
//! - attributes `#[get("/x")]`, `#[actix_web::post("/x")]`, `#[route("/x", method =
//!   "GET")]`, Rocket's `#[route(GET, uri = "/x")]` (a Rocket query `?<q>` is dropped);
//! - `web::resource("/x")` (any method);
//! - prefixes written around the routes: `.nest("/api", Router::new().route(...))` and
//!   `web::scope("/api").route(...)`. A `nest` of a router built elsewhere is not
//!   followed.

use std::sync::LazyLock;

use regex::Regex;

use super::scan::Source;
use super::{captures, join, method_name, string_literal, Found, Pattern, Spans};

static ROUTE_CALL: Pattern = LazyLock::new(|| Regex::new(r"\.\s*route\s*\(").ok());
static ATTRIBUTE: Pattern = LazyLock::new(|| {
    Regex::new(
        r"#\[\s*(?:[A-Za-z_]\w*::)*(get|post|put|patch|delete|head|options|trace|route)\s*\(",
    )
    .ok()
});
static RESOURCE: Pattern = LazyLock::new(|| Regex::new(r"\bresource\s*\(").ok());
static NEST: Pattern = LazyLock::new(|| Regex::new(r"\.\s*nest(?:_service)?\s*\(").ok());
static SCOPE: Pattern = LazyLock::new(|| Regex::new(r"\bscope\s*\(").ok());
static METHOD_KEY: Pattern = LazyLock::new(|| Regex::new(r#"\bmethod\s*=\s*"([A-Za-z]+)""#).ok());
static URI_KEY: Pattern = LazyLock::new(|| Regex::new(r#"\buri\s*=\s*"([^"]*)""#).ok());

/// The routes of one Rust file.
pub(super) fn routes(src: &Source<'_>) -> Vec<Found> {
    let text = src.text();
    let mut spans = Spans::default();
    for c in captures(&NEST, text) {
        let Some(all) = c.get(0) else { continue };
        let open = all.end() - 1;
        let args = src.split_args(open);
        let prefix = args
            .first()
            .and_then(|r| string_literal(src.slice(r.clone())));
        if let (Some(prefix), Some(range)) = (prefix, src.args(open)) {
            spans.add(range, prefix);
        }
    }
    for c in captures(&SCOPE, text) {
        let Some(all) = c.get(0) else { continue };
        let open = all.end() - 1;
        let args = src.split_args(open);
        let prefix = args
            .first()
            .and_then(|r| string_literal(src.slice(r.clone())));
        let Some(prefix) = prefix else { continue };
        let after = src.args(open).map_or(text.len(), |r| r.end);
        // The scope covers the rest of the expression it starts: up to the close of the
        // parentheses around it, or to the end of the statement.
        let end = src.enclosing(all.start()).map_or_else(
            || {
                text.get(after..)
                    .and_then(|t| t.find(';'))
                    .map_or(text.len(), |i| after + i)
            },
            |r| r.end,
        );
        spans.add(after..end.max(after), prefix);
    }
    let mut out = Vec::new();
    for c in captures(&ROUTE_CALL, text) {
        let Some(all) = c.get(0) else { continue };
        let open = all.end() - 1;
        let args = src.split_args(open);
        let [first, second, ..] = args.as_slice() else {
            continue;
        };
        let raw = src.slice(first.clone());
        let Some(path) = string_literal(raw) else {
            continue;
        };
        let offset = first.start + (raw.len() - raw.trim_start().len());
        let methods: Vec<Option<String>> = src
            .child_calls(open)
            .filter(|&o| second.contains(&o))
            .filter_map(|o| router_method(src.ident_before(o)))
            .collect();
        out.push((offset, methods, path));
    }
    for c in captures(&ATTRIBUTE, text) {
        let (Some(kind), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let open = all.end() - 1;
        let args = src.split_args(open);
        let body = src.args(open).map(|r| src.slice(r)).unwrap_or("");
        if kind.as_str() == "route" {
            let first = args.first().map(|r| src.slice(r.clone())).unwrap_or("");
            if let Some(path) = string_literal(first) {
                // actix: #[route("/x", method = "GET", method = "POST")]
                let methods: Vec<Option<String>> = captures(&METHOD_KEY, body)
                    .filter_map(|c| c.get(1))
                    .map(|m| method_name(m.as_str()))
                    .collect();
                out.push((all.start(), methods, strip_query(path)));
            } else if let Some(uri) = captures(&URI_KEY, body).next().and_then(|c| c.get(1)) {
                // Rocket: #[route(GET, uri = "/x")]
                out.push((
                    all.start(),
                    vec![method_name(first.trim())],
                    strip_query(uri.as_str()),
                ));
            }
        } else if let Some(path) = args
            .first()
            .and_then(|r| string_literal(src.slice(r.clone())))
        {
            out.push((
                all.start(),
                vec![method_name(kind.as_str())],
                strip_query(path),
            ));
        }
    }
    for c in captures(&RESOURCE, text) {
        let Some(all) = c.get(0) else { continue };
        let args = src.split_args(all.end() - 1);
        if let [only] = args.as_slice() {
            if let Some(path) = string_literal(src.slice(only.clone())) {
                if path.starts_with('/') {
                    out.push((all.start(), vec![None], path));
                }
            }
        }
    }
    out.into_iter()
        .flat_map(|(offset, methods, path)| {
            Found::each(offset, &methods, &join(&spans.prefix(offset), path))
        })
        .collect()
}

/// The method of a method-router call (`get`, `routing::post`, `get_service`, `web::put`);
/// `Some(None)` for any method (`any`, `on`); `None` for other calls (`to`, `layer`).
fn router_method(name: &str) -> Option<Option<String>> {
    let base = name.strip_suffix("_service").unwrap_or(name);
    match base {
        "any" | "on" | "method_routing" => Some(None),
        "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "trace" | "connect" => {
            Some(method_name(base))
        }
        _ => None,
    }
}

/// A Rocket path without its `?<query>` part.
fn strip_query(path: &str) -> &str {
    path.split('?').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::testing::r;

    fn routes(text: &str) -> Vec<(Option<String>, String)> {
        super::super::testing::found_sorted("src/main.rs", text)
    }

    #[test]
    fn patterns_compile() {
        for p in [
            &ROUTE_CALL,
            &ATTRIBUTE,
            &RESOURCE,
            &NEST,
            &SCOPE,
            &METHOD_KEY,
            &URI_KEY,
        ] {
            assert!(p.is_some());
        }
    }

    #[test]
    fn axum_method_routers_and_trivial_nest() {
        let text = r#"
fn app() -> Router {
    Router::new()
        .route("/health/live", get(live))
        .route("/users/{id}", get(user).delete(remove))
        .route("/items", routing::post(|Json(x): Json<Item>| async move { x.get("a") }))
        .route("/files/{*rest}", get_service(ServeDir::new("files")))
        .route("/any", any(h))
        .route("/plain", handler)
        .nest("/api", Router::new().route("/v1/ping", get(ping)))
        .nest("/admin", admin_routes())
}
"#;
        assert_eq!(
            routes(text),
            [
                r(None, "/any"),
                r(None, "/plain"),
                r(Some("DELETE"), "/users/{id}"),
                r(Some("GET"), "/api/v1/ping"),
                r(Some("GET"), "/files/{*rest}"),
                r(Some("GET"), "/health/live"),
                r(Some("GET"), "/users/{id}"),
                r(Some("POST"), "/items"),
            ]
        );
    }

    #[test]
    fn actix_and_rocket() {
        let text = r#"
#[get("/hello/<name>?<greeting>")]
fn hello(name: &str) {}

#[actix_web::post("/echo")]
async fn echo() {}

#[route("/multi", method = "GET", method = "PUT")]
async fn multi() {}

#[route(PATCH, uri = "/rocket/<id>")]
fn patch() {}

fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::scope("/app").route("/index.html", web::get().to(index)));
    cfg.service(web::resource("/res"));
}
"#;
        assert_eq!(
            routes(text),
            [
                r(None, "/res"),
                r(Some("GET"), "/app/index.html"),
                r(Some("GET"), "/hello/<name>"),
                r(Some("GET"), "/multi"),
                r(Some("PATCH"), "/rocket/<id>"),
                r(Some("POST"), "/echo"),
                r(Some("PUT"), "/multi"),
            ]
        );
    }

    #[test]
    fn not_routes() {
        let text = r##"
// .route("/commented", get(h))
let s = "#[get(\"/in-string\")]";
client.get("/not-a-route");
map.route(key, value);
"##;
        assert_eq!(routes(text), []);
    }
}
