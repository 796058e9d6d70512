//! Matching a documented HTTP path against a route pattern, segment by segment.
//!
//! Route segments: literals; parameters that match any one segment (`{id}`,
//! `{id:int}`, `:id`, `<id>`, `<int:id>`, `[id]`); optional parameters (`:id?`,
//! `{id?}`); catch-alls that match the rest, none included (`*`, `*rest`, `{*rest}`,
//! `{rest...}`, `{path:path}`, `{p:.*}`, `<path:p>`, `<p..>`, `:p*`, `:p+`, `[...p]`);
//! and segments mixing literal text with parameters (`{id}.json`), matched as a pattern.
//!
//! Documented segments: literals, and placeholders that match any route segment
//! (`{id}`, `:id`, `<id>`, `$ID`, `${ID}`, anything holding `{`, `<` or `$`); `...`,
//! `…` and `*` match the rest. A trailing slash and empty segments are ignored on both
//! sides.

use regex::Regex;

/// One segment of a route pattern.
#[derive(Debug, Clone)]
enum RouteSegment {
    Literal(String),
    Param,
    Optional,
    Rest,
    Pattern(Regex),
}

/// A route's path, split into segments.
#[derive(Debug, Clone)]
pub(crate) struct RoutePattern {
    segments: Vec<RouteSegment>,
}

/// One segment of a documented path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DocSegment {
    Literal(String),
    Any,
    Rest,
}

/// A documented path, split into segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocPath {
    segments: Vec<DocSegment>,
}

/// More segments than this in a documented path never match (no real route is that deep).
const MAX_SEGMENTS: usize = 64;

impl RoutePattern {
    /// Reads a route's path pattern.
    pub(crate) fn parse(path: &str) -> RoutePattern {
        RoutePattern {
            segments: split(path).map(route_segment).collect(),
        }
    }

    /// Whether `doc` names a path this route serves.
    pub(crate) fn matches(&self, doc: &DocPath) -> bool {
        doc.segments.len() <= MAX_SEGMENTS && match_from(&self.segments, &doc.segments)
    }
}

impl DocPath {
    /// Reads a documented path (query and fragment already removed).
    pub(crate) fn parse(path: &str) -> DocPath {
        DocPath {
            segments: split(path).map(doc_segment).collect(),
        }
    }

    /// The literal segments, for ranking suggestions (placeholders as `None`).
    pub(crate) fn literals(&self) -> Vec<Option<&str>> {
        self.segments
            .iter()
            .map(|s| match s {
                DocSegment::Literal(l) => Some(l.as_str()),
                DocSegment::Any | DocSegment::Rest => None,
            })
            .collect()
    }
}

/// The non-empty segments of a path.
fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn route_segment(s: &str) -> RouteSegment {
    let inner = |open: char, close: char| {
        s.strip_prefix(open)
            .and_then(|t| t.strip_suffix(close))
            .filter(|t| !t.contains(open) && !t.contains(close))
    };
    if s == "*" || s.starts_with('*') {
        return RouteSegment::Rest;
    }
    if let Some(t) = inner('{', '}') {
        if t.starts_with('*')
            || t.ends_with("...")
            || t.ends_with(":path")
            || t.ends_with(":.*")
            || t.ends_with(":.+")
        {
            return RouteSegment::Rest;
        }
        if t.ends_with('?') {
            return RouteSegment::Optional;
        }
        return RouteSegment::Param;
    }
    if let Some(t) = inner('<', '>') {
        if t.starts_with("path:") || t.ends_with("..") {
            return RouteSegment::Rest;
        }
        return RouteSegment::Param;
    }
    if let Some(t) = inner('[', ']') {
        if t.starts_with("...") || t.starts_with("[...") {
            return RouteSegment::Rest;
        }
        return RouteSegment::Param;
    }
    if let Some(name) = s.strip_prefix(':') {
        if name.ends_with('*') || name.ends_with('+') {
            return RouteSegment::Rest;
        }
        if name.ends_with('?') {
            return RouteSegment::Optional;
        }
        if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return RouteSegment::Param;
        }
    }
    if s.contains(['{', '<', ':']) {
        if let Some(re) = mixed_pattern(s) {
            return RouteSegment::Pattern(re);
        }
    }
    RouteSegment::Literal(s.to_string())
}

/// `{id}.json`, `file.:ext`, `v<int:n>` as an anchored regex: literal text as itself, each
/// parameter as one or more characters.
fn mixed_pattern(s: &str) -> Option<Regex> {
    let mut out = String::from("^");
    let mut literal = String::new();
    let mut chars = s.chars().peekable();
    let mut params = 0;
    while let Some(c) = chars.next() {
        let close = match c {
            '{' => Some('}'),
            '<' => Some('>'),
            _ => None,
        };
        if let Some(close) = close {
            out.push_str(&regex::escape(&literal));
            literal.clear();
            for d in chars.by_ref() {
                if d == close {
                    break;
                }
            }
            out.push_str(".+?");
            params += 1;
        } else if c == ':' && chars.peek().is_some_and(|d| d.is_alphabetic() || *d == '_') {
            out.push_str(&regex::escape(&literal));
            literal.clear();
            while chars
                .peek()
                .is_some_and(|d| d.is_alphanumeric() || *d == '_')
            {
                chars.next();
            }
            out.push_str(".+?");
            params += 1;
        } else {
            literal.push(c);
        }
    }
    out.push_str(&regex::escape(&literal));
    out.push('$');
    if params == 0 {
        return None;
    }
    Regex::new(&out).ok()
}

fn doc_segment(s: &str) -> DocSegment {
    if s == "..." || s == "…" || s == "*" {
        return DocSegment::Rest;
    }
    if s.contains(['{', '<', '$']) || (s.starts_with(':') && s.len() > 1) {
        return DocSegment::Any;
    }
    DocSegment::Literal(s.to_string())
}

fn match_from(route: &[RouteSegment], doc: &[DocSegment]) -> bool {
    match (route.split_first(), doc.split_first()) {
        (None, None) => true,
        (Some((RouteSegment::Rest, _)), _) | (_, Some((DocSegment::Rest, _))) => true,
        (Some((RouteSegment::Optional, rest)), _) => {
            match_from(rest, doc) || doc.split_first().is_some_and(|(_, d)| match_from(rest, d))
        }
        (None, Some(_)) | (Some(_), None) => false,
        (Some((r, route_rest)), Some((d, doc_rest))) => {
            segment_matches(r, d) && match_from(route_rest, doc_rest)
        }
    }
}

fn segment_matches(route: &RouteSegment, doc: &DocSegment) -> bool {
    match (route, doc) {
        (_, DocSegment::Any | DocSegment::Rest) => true,
        (RouteSegment::Literal(a), DocSegment::Literal(b)) => a == b,
        (RouteSegment::Pattern(re), DocSegment::Literal(b)) => re.is_match(b),
        (
            RouteSegment::Param | RouteSegment::Optional | RouteSegment::Rest,
            DocSegment::Literal(_),
        ) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(route: &str, doc: &str) -> bool {
        RoutePattern::parse(route).matches(&DocPath::parse(doc))
    }

    #[test]
    fn literals_and_trailing_slashes() {
        assert!(m("/health/live", "/health/live"));
        assert!(m("/health/live", "/health/live/"));
        assert!(m("/health/live/", "/health/live"));
        assert!(!m("/health/live", "/health/ready"));
        assert!(!m("/health/live", "/health"));
        assert!(!m("/health", "/health/live"));
        assert!(!m("/Health", "/health"));
        assert!(m("/", "/"));
        assert!(!m("/", "/x"));
    }

    #[test]
    fn route_parameters_match_one_segment() {
        for route in [
            "/users/{id}",
            "/users/{id:int}",
            "/users/:id",
            "/users/<id>",
            "/users/<int:id>",
            "/users/[id]",
        ] {
            assert!(m(route, "/users/42"), "{route}");
            assert!(!m(route, "/users/42/posts"), "{route}");
            assert!(!m(route, "/users"), "{route}");
        }
        assert!(m("/users/:id?", "/users"));
        assert!(m("/users/:id?", "/users/7"));
        assert!(m("/files/{id}.json", "/files/7.json"));
        assert!(!m("/files/{id}.json", "/files/7.xml"));
    }

    #[test]
    fn catch_alls_match_the_rest() {
        for route in [
            "/static/*",
            "/static/*rest",
            "/static/{*rest}",
            "/static/{p...}",
            "/static/{p:path}",
            "/static/<path:p>",
            "/static/<p..>",
            "/static/:p*",
            "/static/[...slug]",
        ] {
            assert!(m(route, "/static/css/app.css"), "{route}");
            assert!(!m(route, "/public/css"), "{route}");
        }
    }

    #[test]
    fn documented_placeholders_match_any_segment() {
        for doc in [
            "/users/{id}",
            "/users/:id",
            "/users/<id>",
            "/users/$USER_ID",
            "/users/${ID}",
        ] {
            assert!(m("/users/{user_id}", doc), "{doc}");
            assert!(m("/users/me", doc), "{doc}");
        }
        assert!(m("/api/v1/users", "/api/..."));
        assert!(!m("/api/v1/users", "/other/..."));
    }

    #[test]
    fn very_deep_paths_do_not_match() {
        let deep = "/a".repeat(MAX_SEGMENTS + 1);
        assert!(!m("/*", &deep));
    }

    proptest! {
        #[test]
        fn never_panics(route in "[/a{}<>:*?.\\[\\]]{0,30}", doc in "[/a{}<>:*$.…]{0,30}") {
            // the same answer twice; a plain path matches itself, and not itself plus a
            // further segment
            prop_assert_eq!(m(&route, &doc), m(&route, &doc));
            let plain: String = doc.chars().filter(|c| *c == '/' || *c == 'a').collect();
            if plain.starts_with('/') && !plain.contains("//") && !plain.ends_with('/') && plain.len() > 1 {
                prop_assert!(m(&plain, &plain), "{}", plain);
                prop_assert!(!m(&plain, &format!("{plain}/zz")), "{}", plain);
            }
        }
    }
}
