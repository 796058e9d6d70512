//! Python routes: FastAPI, Flask and Starlette (Sanic and Quart share their forms).
//!
//! - decorators `@app.get("/x")`, `@router.post(path="/x")`, `@app.route("/x",
//!   methods=["GET", "POST"])`, `@bp.route(...)`, `@app.api_route(...)`;
//! - calls `app.add_url_rule("/x", ...)`, `app.add_api_route(...)`, `app.add_route(...)`,
//!   Starlette's `Route("/x", ...)` (inside `Mount("/api", routes=[...])`, prefixed);
//! - prefixes: `APIRouter(prefix="/api")`, `Blueprint(..., url_prefix="/api")`,
//!   `app.include_router(router, prefix="/v1")`, `app.register_blueprint(bp,
//!   url_prefix="/v1")`, by variable name within the file.
//!
//! `route`, `api_route`, `add_url_rule` and `add_api_route` without `methods` mean `GET`;
//! Starlette's `Route`/`add_route` without `methods` mean any method (a class endpoint
//! answers what it defines).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::scan::Source;
use super::{
    captures, join, method_name, string_literal, strings_in, Found, Mounts, Pattern, Spans,
};

static ROUTER: Pattern = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:[A-Za-z_]\w*\.)*(?:APIRouter|Blueprint|FastAPI|Flask|Quart|Sanic)[ \t]*\(",
    )
    .ok()
});
static INCLUDE: Pattern = LazyLock::new(|| {
    Regex::new(r"([A-Za-z_][\w.]*)\s*\.\s*(?:include_router|register_blueprint)\s*\(").ok()
});
static DECORATOR: Pattern = LazyLock::new(|| {
    Regex::new(
        r"@[ \t]*([A-Za-z_][\w.]*)\s*\.\s*(get|post|put|patch|delete|head|options|trace|route|api_route)\s*\(",
    )
    .ok()
});
static CALL: Pattern = LazyLock::new(|| {
    Regex::new(r"([A-Za-z_][\w.]*)\s*\.\s*(add_url_rule|add_api_route|add_route)\s*\(").ok()
});
static STARLETTE: Pattern = LazyLock::new(|| Regex::new(r"(?:^|[^\w.])(Route|Mount)\s*\(").ok());
static KEYWORD: Pattern = LazyLock::new(|| Regex::new(r"^\s*([A-Za-z_]\w*)\s*=[^=]").ok());

/// The routes of one Python file.
pub(super) fn routes(src: &Source<'_>) -> Vec<Found> {
    let text = src.text();
    let mut mounts = Mounts::default();
    for c in captures(&ROUTER, text) {
        let (Some(name), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let args = src.split_args(all.end() - 1);
        if let Some((_, prefix)) = keyword(src, &args, &["prefix", "url_prefix"]) {
            mounts.own(name.as_str(), prefix);
        }
    }
    for c in captures(&INCLUDE, text) {
        let (Some(parent), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let args = src.split_args(all.end() - 1);
        let child = args
            .first()
            .map(|r| src.slice(r.clone()).trim())
            .unwrap_or("");
        if let Some((_, prefix)) = keyword(src, &args, &["prefix", "url_prefix"]) {
            if is_name(child) {
                mounts.mount(child, parent.as_str(), prefix);
            }
        }
    }
    let mut spans = Spans::default();
    let mut out = Vec::new();
    for c in captures(&STARLETTE, text) {
        let (Some(kind), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let open = all.end() - 1;
        let args = src.split_args(open);
        let Some((offset, path)) = path_arg(src, &args) else {
            continue;
        };
        if kind.as_str() == "Mount" {
            if let Some(range) = src.args(open) {
                spans.add(range, path);
            }
        } else {
            out.push((offset, methods(src, &args, None), String::new(), path));
        }
    }
    for c in captures(&DECORATOR, text).chain(captures(&CALL, text)) {
        let (Some(receiver), Some(kind), Some(all)) = (c.get(1), c.get(2), c.get(0)) else {
            continue;
        };
        let args = src.split_args(all.end() - 1);
        let Some((offset, path)) = path_arg(src, &args) else {
            continue;
        };
        let methods = match kind.as_str() {
            "route" | "api_route" | "add_url_rule" | "add_api_route" => {
                methods(src, &args, Some("GET"))
            }
            "add_route" => methods(src, &args, None),
            other => vec![method_name(other)],
        };
        out.push((offset, methods, mounts.prefix(receiver.as_str()), path));
    }
    out.into_iter()
        .flat_map(|(offset, methods, prefix, path)| {
            let full = join(&spans.prefix(offset), &join(&prefix, path));
            Found::each(offset, &methods, &full)
        })
        .collect()
}

/// The route path: the first positional argument or `path=`/`rule=`, a string literal.
fn path_arg<'a>(src: &Source<'a>, args: &[Range<usize>]) -> Option<(usize, &'a str)> {
    if let Some(first) = args.first() {
        let raw = src.slice(first.clone());
        if !is_keyword(raw) {
            let lead = raw.len() - raw.trim_start().len();
            return string_literal(raw).map(|s| (first.start + lead, s));
        }
    }
    keyword(src, args, &["path", "rule"])
}

/// `methods=[...]` as upper-case methods, or `default` when absent.
fn methods(src: &Source<'_>, args: &[Range<usize>], default: Option<&str>) -> Vec<Option<String>> {
    let listed = args
        .iter()
        .map(|r| src.slice(r.clone()))
        .find(|a| keyword_name(a) == Some("methods"))
        .map(|a| {
            strings_in(a)
                .into_iter()
                .filter_map(method_name)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        vec![default.map(str::to_string)]
    } else {
        listed.into_iter().map(Some).collect()
    }
}

/// The string value (offset, content) of the first of `names` given as a keyword argument.
fn keyword<'a>(
    src: &Source<'a>,
    args: &[Range<usize>],
    names: &[&str],
) -> Option<(usize, &'a str)> {
    args.iter().find_map(|r| {
        let raw = src.slice(r.clone());
        let name = keyword_name(raw)?;
        if !names.contains(&name) {
            return None;
        }
        let eq = raw.find('=')?;
        let value = raw.get(eq + 1..)?;
        let lead = value.len() - value.trim_start().len();
        string_literal(value).map(|s| (r.start + eq + 1 + lead, s))
    })
}

fn keyword_name(arg: &str) -> Option<&str> {
    captures(&KEYWORD, arg)
        .next()
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

fn is_keyword(arg: &str) -> bool {
    keyword_name(arg).is_some()
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::testing::r;

    fn routes(text: &str) -> Vec<(Option<String>, String)> {
        super::super::testing::found("app/main.py", text)
    }

    #[test]
    fn patterns_compile() {
        for p in [&ROUTER, &INCLUDE, &DECORATOR, &CALL, &STARLETTE, &KEYWORD] {
            assert!(p.is_some());
        }
    }

    #[test]
    fn fastapi_decorators_with_router_prefix_and_include() {
        let text = r#"
from fastapi import APIRouter, FastAPI

app = FastAPI()
router: APIRouter = APIRouter(prefix="/users", tags=["users"])

@app.get("/health/live")
def live(): ...

@router.get("/{user_id}")
async def user(user_id: int): ...

@router.post(path='/')
def create(): ...

@app.api_route("/both", methods=["GET", "POST"])
def both(): ...

app.include_router(router, prefix="/api")
"#;
        assert_eq!(
            routes(text),
            [
                r(Some("GET"), "/health/live"),
                r(Some("GET"), "/api/users/{user_id}"),
                r(Some("POST"), "/api/users/"),
                r(Some("GET"), "/both"),
                r(Some("POST"), "/both"),
            ]
        );
    }

    #[test]
    fn flask_routes_blueprints_and_rules() {
        let text = r#"
bp = Blueprint("admin", __name__, url_prefix="/admin")

@app.route("/")
def index(): ...

@bp.route("/users/<int:id>", methods=("PUT", 'delete'))
def user(id): ...

app.add_url_rule("/ping", view_func=ping)
app.register_blueprint(bp, url_prefix="/v1")
"#;
        assert_eq!(
            routes(text),
            [
                r(Some("GET"), "/"),
                r(Some("PUT"), "/v1/admin/users/<int:id>"),
                r(Some("DELETE"), "/v1/admin/users/<int:id>"),
                r(Some("GET"), "/ping"),
            ]
        );
    }

    #[test]
    fn starlette_routes_inside_mounts() {
        let text = r#"
routes = [
    Route("/", homepage),
    Mount("/api", routes=[
        Route("/items/{id:int}", item, methods=["GET"]),
    ]),
]
"#;
        assert_eq!(
            routes(text),
            [r(None, "/"), r(Some("GET"), "/api/items/{id:int}")]
        );
    }

    #[test]
    fn not_routes() {
        let text = r#"
value = cache.get("/x")
@app.get(PATH)
def f(): ...
# @app.get("/commented")
requests.post("http://localhost/x")
@app.get(f"/x/{y}" + z)
def g(): ...
"#;
        assert_eq!(routes(text), []);
    }
}
