//! JavaScript and TypeScript routes: Express, Fastify, Koa-router, Hono and NestJS.
//!
//! - `app.get('/x', ...)`, `router.post("/x", ...)`, `fastify.put(...)`, `app.all(...)`
//!   (any method) on any receiver except well-known HTTP clients (`axios`, `http`, ...);
//! - `router.route('/x').get(h).post(h)`;
//! - `server.route({ method: 'GET', url: '/x' })` (Fastify; `path:` for hapi), `method`
//!   a string or an array;
//! - NestJS `@Controller('users')` with `@Get(':id')` decorators below it;
//! - prefixes: `app.use('/api', router)` and Hono's `app.route('/api', sub)`, by variable
//!   name within the file.
//!
//! Only paths starting with `/` are routes (NestJS decorators excepted).

use std::sync::LazyLock;

use regex::Regex;

use super::scan::Source;
use super::{captures, join, method_name, string_literal, strings_in, Found, Mounts, Pattern};

/// Receivers whose `.get('/x')` is a request, not a route.
const CLIENTS: [&str; 12] = [
    "axios",
    "http",
    "https",
    "got",
    "ky",
    "superagent",
    "request",
    "fetch",
    "$http",
    "cy",
    "client",
    "agent",
];

static METHOD_CALL: Pattern = LazyLock::new(|| {
    Regex::new(r"([A-Za-z_$][\w$]*)\s*\.\s*(get|post|put|patch|delete|head|options|all)\s*\(").ok()
});
static ROUTE_CALL: Pattern =
    LazyLock::new(|| Regex::new(r"([A-Za-z_$][\w$]*)\s*\.\s*route\s*\(").ok());
static USE_CALL: Pattern =
    LazyLock::new(|| Regex::new(r"([A-Za-z_$][\w$]*)\s*\.\s*(?:use|route|register)\s*\(").ok());
static CHAINED: Pattern = LazyLock::new(|| Regex::new(r"^\s*\.\s*([A-Za-z_]\w*)\s*\(").ok());
static OBJECT_METHOD: Pattern = LazyLock::new(|| {
    Regex::new(r#"\bmethods?\s*:\s*(?:["'`]([A-Za-z]+|\*)["'`]|\[([^\]]*)\])"#).ok()
});
static OBJECT_PATH: Pattern =
    LazyLock::new(|| Regex::new(r#"\b(?:url|path)\s*:\s*(["'`])(/[^"'`\n]*)["'`]"#).ok());
static CONTROLLER: Pattern = LazyLock::new(|| Regex::new(r"@Controller\s*\(").ok());
static NEST_METHOD: Pattern =
    LazyLock::new(|| Regex::new(r"@(Get|Post|Put|Patch|Delete|Head|Options|All)\s*\(").ok());

/// The routes of one JavaScript or TypeScript file.
pub(super) fn routes(src: &Source<'_>) -> Vec<Found> {
    let text = src.text();
    let mut mounts = Mounts::default();
    for c in captures(&USE_CALL, text) {
        let (Some(parent), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let args = src.split_args(all.end() - 1);
        if let [first, second] = args.as_slice() {
            let child = src.slice(second.clone()).trim();
            if let Some(prefix) = string_literal(src.slice(first.clone())) {
                if is_name(child) && prefix.starts_with('/') {
                    mounts.mount(child, parent.as_str(), prefix);
                }
            }
        }
    }
    let mut out: Vec<Found> = Vec::new();
    for c in captures(&METHOD_CALL, text) {
        let (Some(receiver), Some(name), Some(all)) = (c.get(1), c.get(2), c.get(0)) else {
            continue;
        };
        if CLIENTS.contains(&receiver.as_str()) {
            continue;
        }
        let args = src.split_args(all.end() - 1);
        let Some((offset, path)) = first_path(src, &args) else {
            continue;
        };
        let full = join(&mounts.prefix(receiver.as_str()), path);
        out.extend(Found::each(offset, &[method_name(name.as_str())], &full));
    }
    for c in captures(&ROUTE_CALL, text) {
        let (Some(receiver), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let open = all.end() - 1;
        let args = src.split_args(open);
        let prefix = mounts.prefix(receiver.as_str());
        match args.as_slice() {
            [only] if src.slice(only.clone()).trim_start().starts_with('{') => {
                out.extend(object_route(src, only.clone(), &prefix));
            }
            [_] => {
                let Some((offset, path)) = first_path(src, &args) else {
                    continue;
                };
                let end = src.args(open).map_or(text.len(), |r| r.end + 1);
                let methods = chained_methods(src, end);
                out.extend(Found::each(offset, &methods, &join(&prefix, path)));
            }
            _ => {}
        }
    }
    out.extend(nest(src));
    out
}

/// The first argument when it is a string literal starting with `/`: (offset, path).
fn first_path<'a>(src: &Source<'a>, args: &[std::ops::Range<usize>]) -> Option<(usize, &'a str)> {
    let first = args.first()?;
    let raw = src.slice(first.clone());
    let path = string_literal(raw)?;
    let lead = raw.len() - raw.trim_start().len();
    path.starts_with('/').then_some((first.start + lead, path))
}

/// The methods of `.get(h).post(h)` chained after byte `end` (just past `.route(...)`).
fn chained_methods(src: &Source<'_>, mut end: usize) -> Vec<Option<String>> {
    let mut methods = Vec::new();
    for _ in 0..16 {
        let rest = src.slice(end..src.text().len());
        let Some(c) = captures(&CHAINED, rest).next() else {
            break;
        };
        let (Some(name), Some(all)) = (c.get(1), c.get(0)) else {
            break;
        };
        if name.as_str() == "all" {
            methods.push(None);
        } else if let Some(m) = method_name(name.as_str()) {
            methods.push(Some(m));
        } else {
            break;
        }
        let open = end + all.end() - 1;
        end = src.args(open).map_or(src.text().len(), |r| r.end + 1);
    }
    methods
}

/// `route({ method: 'GET', url: '/x' })`.
fn object_route(src: &Source<'_>, arg: std::ops::Range<usize>, prefix: &str) -> Vec<Found> {
    let body = src.slice(arg.clone());
    let Some(path) = captures(&OBJECT_PATH, body).next().and_then(|c| c.get(2)) else {
        return Vec::new();
    };
    let methods: Vec<Option<String>> = captures(&OBJECT_METHOD, body)
        .next()
        .map(|c| match (c.get(1), c.get(2)) {
            (Some(one), _) => vec![method_name(one.as_str())],
            (None, Some(list)) => strings_in(list.as_str())
                .into_iter()
                .map(method_name)
                .collect(),
            _ => vec![None],
        })
        .unwrap_or_else(|| vec![None]);
    Found::each(
        arg.start + path.start(),
        &methods,
        &join(prefix, path.as_str()),
    )
}

/// NestJS: `@Get(':id')` under the nearest `@Controller('users')` above it.
fn nest(src: &Source<'_>) -> Vec<Found> {
    let text = src.text();
    let mut controllers: Vec<(usize, String)> = Vec::new();
    for c in captures(&CONTROLLER, text) {
        let Some(all) = c.get(0) else { continue };
        let args = src.split_args(all.end() - 1);
        let raw = args.first().map(|r| src.slice(r.clone())).unwrap_or("");
        let prefix = string_literal(raw)
            .map(str::to_string)
            .or_else(|| {
                captures(&OBJECT_PATH_ANY, raw)
                    .next()
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_string())
            })
            .unwrap_or_default();
        controllers.push((all.start(), prefix));
    }
    if controllers.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in captures(&NEST_METHOD, text) {
        let (Some(name), Some(all)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let Some((_, prefix)) = controllers.iter().rev().find(|(at, _)| *at < all.start()) else {
            continue;
        };
        let args = src.split_args(all.end() - 1);
        let first = args.first().cloned().unwrap_or(all.end()..all.end());
        let raw = src.slice(first.clone());
        let path = if raw.trim().is_empty() {
            ""
        } else if let Some(p) = string_literal(raw) {
            p
        } else {
            continue;
        };
        let method = if name.as_str() == "All" {
            None
        } else {
            method_name(name.as_str())
        };
        out.extend(Found::each(all.start(), &[method], &join(prefix, path)));
    }
    out
}

static OBJECT_PATH_ANY: Pattern =
    LazyLock::new(|| Regex::new(r#"\bpath\s*:\s*["'`]([^"'`\n]*)["'`]"#).ok());

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::testing::r;

    fn routes(text: &str) -> Vec<(Option<String>, String)> {
        super::super::testing::found_sorted("src/server.ts", text)
    }

    #[test]
    fn patterns_compile() {
        for p in [
            &METHOD_CALL,
            &ROUTE_CALL,
            &USE_CALL,
            &CHAINED,
            &OBJECT_METHOD,
            &OBJECT_PATH,
            &CONTROLLER,
            &NEST_METHOD,
            &OBJECT_PATH_ANY,
        ] {
            assert!(p.is_some());
        }
    }

    #[test]
    fn express_and_fastify() {
        let text = r#"
const app = express();
const users = express.Router();
app.get('/health', (req, res) => res.send('ok'));
users.get("/:id", handler);
app.use('/users', users);
app.all(`/any`, h);
router.route('/books').get(list).post(create);
fastify.route({ method: ['GET', 'HEAD'], url: '/items/:id', handler });
server.route({ method: 'DELETE', path: '/items/{id}', handler });
"#;
        assert_eq!(
            routes(text),
            [
                r(None, "/any"),
                r(Some("DELETE"), "/items/{id}"),
                r(Some("GET"), "/books"),
                r(Some("GET"), "/health"),
                r(Some("GET"), "/items/:id"),
                r(Some("GET"), "/users/:id"),
                r(Some("HEAD"), "/items/:id"),
                r(Some("POST"), "/books"),
            ]
        );
    }

    #[test]
    fn nestjs_controllers() {
        let text = r#"
@Controller('cats')
export class CatsController {
  @Get()
  findAll() {}
  @Post(':id/feed')
  feed() {}
}
"#;
        assert_eq!(
            routes(text),
            [r(Some("GET"), "/cats"), r(Some("POST"), "/cats/:id/feed")]
        );
    }

    #[test]
    fn clients_and_non_paths_are_not_routes() {
        let text = r#"
axios.get('/users');
http.get("/x", cb);
request(app).get('/health');
app.get('*', fallback);
map.get(key);
app.get(`/x/${id}`, h);
// app.get('/commented', h);
"#;
        assert_eq!(routes(text), []);
    }
}
