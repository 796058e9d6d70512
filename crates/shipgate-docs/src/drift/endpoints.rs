//! `unknown-endpoint`: HTTP paths the documents show (see [`super::http_paths`] for where
//! they are read) that match no route of the truth sources
//! ([`crate::truth::routes::routes_from_file`]).
//!
//! A documented path matches a route when every segment matches (see
//! [`super::path_match`]: route parameters and catch-alls, documented placeholders,
//! trailing slash ignored) and, when both carry a method, the methods agree (a `GET`
//! route also answers `HEAD`).

use std::collections::BTreeSet;

use super::http_paths::{http_refs, HttpRef};
use super::outcome::DriftCheck;
use super::path_match::{DocPath, RoutePattern};
use super::snippets::snippets;
use super::wildcard::wildcard_match;
use crate::truth::routes::Route;
use crate::{Document, Finding, FindingKind};
use shipgate_core::nearest::{edit_distance, typo_distance};

/// What the endpoints check compares the documents with.
#[derive(Debug, Clone, Copy)]
pub struct EndpointRules<'a> {
    /// The routes of the truth sources.
    pub routes: &'a [Route],
    /// Documented paths never reported, as patterns where `*` matches any run of
    /// characters (`/internal/*`); a trailing slash is ignored on both sides.
    pub ignore: &'a [String],
    /// The variables, placeholders and hosts standing for the project's service
    /// (`STAGING_URL`, `api.example.com`): URLs on them are checked, URLs on any other
    /// are another service's and are not.
    pub base_urls: &'a [String],
}

/// Every documented HTTP path is matched against the routes; those matching none (and
/// not ignored) are `unknown-endpoint` findings where the reference starts (its method,
/// URL or path), with the nearest route as the suggestion.
pub fn check(docs: &[Document], rules: &EndpointRules<'_>) -> DriftCheck {
    let routes: Vec<(&Route, RoutePattern)> = rules
        .routes
        .iter()
        .map(|r| (r, RoutePattern::parse(&r.path)))
        .collect();
    let summary = summary(rules.routes);
    let mut out = DriftCheck::default();
    for doc in docs {
        out.checked(&doc.path);
        for snippet in snippets(doc) {
            for reference in http_refs(&snippet, rules.base_urls) {
                if is_ignored(&reference.path, rules.ignore) {
                    continue;
                }
                let doc_path = DocPath::parse(&reference.path);
                let found = routes.iter().any(|(route, pattern)| {
                    methods_agree(reference.method.as_deref(), route.method.as_deref())
                        && pattern.matches(&doc_path)
                });
                if found {
                    out.verify(&doc.path);
                    continue;
                }
                let at = snippet.position(reference.offset);
                let shown = display(reference.method.as_deref(), &reference.path);
                let mut finding = Finding::at(
                    FindingKind::UnknownEndpoint,
                    &doc.path,
                    at.line,
                    at.column,
                    format!("`{shown}` matches no route in the code ({summary})"),
                );
                if let Some(s) = suggestion(&reference, &doc_path, rules.routes) {
                    finding = finding.suggest(s);
                }
                out.findings.push(finding);
            }
        }
    }
    out
}

/// Whether a documented method (if any) is one the route answers (if it says).
fn methods_agree(documented: Option<&str>, route: Option<&str>) -> bool {
    match (documented, route) {
        (Some(d), Some(r)) => d == r || (d == "HEAD" && r == "GET"),
        _ => true,
    }
}

/// `GET /x`, or `/x` without a method.
fn display(method: Option<&str>, path: &str) -> String {
    match method {
        Some(m) => format!("{m} {path}"),
        None => path.to_string(),
    }
}

/// `3 routes in backend/app/main.py`, `12 routes in 5 files`, `no routes found`.
fn summary(routes: &[Route]) -> String {
    let files: BTreeSet<&str> = routes.iter().map(|r| r.file.as_str()).collect();
    let count = match routes.len() {
        0 => return "no routes found in the truth files".to_string(),
        1 => "1 route".to_string(),
        n => format!("{n} routes"),
    };
    if files.len() <= 3 {
        let list: Vec<&str> = files.into_iter().collect();
        format!("{count} in {}", list.join(", "))
    } else {
        format!("{count} in {} files", files.len())
    }
}

/// Whether `path` matches an `ignore` pattern (trailing slashes ignored).
fn is_ignored(path: &str, ignore: &[String]) -> bool {
    let path = path.trim_end_matches('/');
    ignore.iter().any(|p| {
        let p = p.trim();
        wildcard_match(p, path) || wildcard_match(p.trim_end_matches('/'), path)
    })
}

/// The route closest to the documented one: most leading segments in common, then the
/// smallest edit distance of `METHOD /path`; offered by the one suggestion rule
/// ([`shipgate_core::nearest`]): when the distance is a plausible typo and no other route
/// is as close.
fn suggestion(reference: &HttpRef, doc_path: &DocPath, routes: &[Route]) -> Option<String> {
    let wanted = display(reference.method.as_deref(), &reference.path);
    let literals = doc_path.literals();
    // (segments in common, distance, the route as shown, tied with another route)
    let mut best: Option<(usize, usize, String, bool)> = None;
    for route in routes {
        let method = route
            .method
            .as_deref()
            .or(reference.method.as_deref().map(|_| "ANY"));
        let shown = display(route.method.as_deref(), &route.path);
        let compared = display(method, &route.path);
        let common = route
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .zip(literals.iter())
            .take_while(|(r, d)| d.is_some_and(|d| d == *r))
            .count();
        let distance = edit_distance(&wanted, &compared);
        if shown == wanted {
            continue;
        }
        match &mut best {
            Some((c, d, s, tied)) if common == *c && distance == *d => {
                *tied |= *s != shown;
            }
            Some((c, d, _, _)) if common < *c || (common == *c && distance > *d) => {}
            _ => best = Some((common, distance, shown, false)),
        }
    }
    let (_, distance, shown, tied) = best?;
    (!tied && distance <= typo_distance(wanted.chars().count())).then_some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;
    use proptest::prelude::*;

    fn route(method: Option<&str>, path: &str) -> Route {
        Route {
            method: method.map(str::to_string),
            path: path.to_string(),
            file: "backend/app/main.py".to_string(),
            line: 1,
        }
    }

    fn routes() -> Vec<Route> {
        vec![
            route(Some("GET"), "/health/live"),
            route(Some("GET"), "/users/{user_id}"),
            route(Some("POST"), "/deployments"),
        ]
    }

    fn run(
        markdown: &str,
        routes: &[Route],
        ignore: &[&str],
    ) -> Vec<(u32, u32, String, Option<String>)> {
        let doc = parse("docs/api.md", markdown);
        let ignore: Vec<String> = ignore.iter().map(|s| s.to_string()).collect();
        check(
            &[doc],
            &EndpointRules {
                routes,
                ignore: &ignore,
                base_urls: &["BASE_URL".to_string()],
            },
        )
        .findings
        .into_iter()
        .map(|f| (f.line.unwrap(), f.column.unwrap(), f.message, f.suggestion))
        .collect()
    }

    #[test]
    fn message_position_and_suggestion() {
        let found = run("Ready: `GET /health/ready`.\n", &routes(), &[]);
        assert_eq!(
            found,
            [(
                1,
                9,
                "`GET /health/ready` matches no route in the code (3 routes in backend/app/main.py)"
                    .to_string(),
                Some("GET /health/live".to_string())
            )]
        );
    }

    #[test]
    fn methods_must_agree_when_both_are_known() {
        let found = run(
            "`DELETE /deployments` and `HEAD /health/live`\n",
            &routes(),
            &[],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, 2);
        assert_eq!(found[0].3.as_deref(), Some("POST /deployments"));
        let any = [route(None, "/hook")];
        assert!(run("`DELETE /hook` `/hook`\n", &any, &[]).is_empty());
    }

    #[test]
    fn near_misses_are_not_reported() {
        let md = "`GET /users/42`, `/users/<id>`, `/users/{id}`, `/health/live/`, \
                  `POST /deployments?dry_run=true`, `/etc/hosts`.\n\n\
                  ```bash\ncurl https://github.com/org/repo\ncurl -X POST http://localhost:8080/deployments\n```\n\n\
                  `/internal/debug/vars`\n";
        assert_eq!(run(md, &routes(), &["/internal/*"]), []);
    }

    #[test]
    fn only_urls_of_the_service_are_checked() {
        let md = "```bash\ncurl \"$STAGING_URL/nope\"\ncurl \"$GRAFANA_URL/nope\"\ncurl https://api.example.com/nope\n```\n";
        let run_with = |base_urls: &[&str]| {
            let doc = parse("docs/api.md", md);
            let base_urls: Vec<String> = base_urls.iter().map(|s| s.to_string()).collect();
            check(
                &[doc],
                &EndpointRules {
                    routes: &routes(),
                    ignore: &[],
                    base_urls: &base_urls,
                },
            )
            .findings
            .into_iter()
            .map(|f| f.line.unwrap())
            .collect::<Vec<_>>()
        };
        assert_eq!(run_with(&[]), Vec::<u32>::new());
        assert_eq!(run_with(&["STAGING_URL"]), [2]);
        assert_eq!(run_with(&["staging_url", "API.example.com"]), [2, 4]);
    }

    #[test]
    fn no_routes_at_all() {
        let found = run("`GET /x`\n", &[], &[]);
        assert_eq!(
            found[0].2,
            "`GET /x` matches no route in the code (no routes found in the truth files)"
        );
        assert_eq!(found[0].3, None);
    }

    #[test]
    fn unrelated_routes_are_not_suggested() {
        let found = run("`GET /zzzzzzzz`\n", &routes(), &[]);
        assert_eq!(found[0].3, None);
        // a shared first segment is not enough: the rest is far from any route
        let found = run(
            "`GET /users/{user_id}/settings/notify/email`\n",
            &routes(),
            &[],
        );
        assert_eq!(found[0].3, None);
    }

    #[test]
    fn two_equally_near_routes_are_not_suggested() {
        let both = [
            route(Some("GET"), "/health/live"),
            route(Some("GET"), "/health/lave"),
        ];
        let found = run("`GET /health/lxve`\n", &both, &[]);
        assert_eq!(found[0].3, None);
        let found = run("`GET /health/liv`\n", &both, &[]);
        assert_eq!(found[0].3.as_deref(), Some("GET /health/live"));
    }

    #[test]
    fn summary_names_few_files_and_counts_many() {
        let mut many: Vec<Route> = (0..5)
            .map(|i| Route {
                file: format!("f{i}.py"),
                ..route(None, "/x")
            })
            .collect();
        assert_eq!(summary(&many), "5 routes in 5 files");
        many.truncate(1);
        assert_eq!(summary(&many), "1 route in f0.py");
    }

    #[test]
    fn fixture_repository() {
        let source = super::super::fixture::read("unknown-endpoint", "backend/app/main.py");
        let routes = crate::truth::routes::routes_from_file("backend/app/main.py", &source);
        assert_eq!(routes.len(), 3);
        // docs/CHANGELOG.md is history: the engine leaves it out of this check
        let docs: Vec<Document> = ["docs/api.md", "docs/history.md"]
            .iter()
            .map(|path| parse(path, &super::super::fixture::read("unknown-endpoint", path)))
            .collect();
        let result = check(
            &docs,
            &EndpointRules {
                routes: &routes,
                ignore: &[],
                base_urls: &["BASE_URL".to_string()],
            },
        );
        super::super::fixture::assert_expected(
            "unknown-endpoint",
            "unknown-endpoint",
            &result.findings,
        );
        // `/health/live/` ends in `/`: a folder's form, not counted as an endpoint
        assert_eq!(result.verified.get("docs/api.md"), Some(&6));
    }

    proptest! {
        #[test]
        fn never_panics(markdown in "\\PC{0,300}") {
            let doc = parse("a.md", &markdown);
            let routes = routes();
            let ignore = ["/a*".to_string()];
            let base_urls = ["BASE_URL".to_string()];
            let rules = EndpointRules { routes: &routes, ignore: &ignore, base_urls: &base_urls };
            let docs = [doc];
            let result = check(&docs, &rules);
            crate::drift::properties::check_properties(
                &docs[0],
                crate::drift::properties::line_count(&markdown),
                FindingKind::UnknownEndpoint,
                &result,
                &check(&docs, &rules),
            )?;
        }
    }
}
