//! Validating a smoke spec and ordering its checks by the variables they capture and use.

use std::collections::{BTreeSet, HashMap, HashSet};

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;

use super::template::{is_name, json_variables, variables};
use super::{CheckSpec, SmokeSpec, SmokeSpecError};

/// A validated spec: for each check, its method and the checks it depends on.
///
/// Check `B` depends on check `A` when `B` uses `${v}` (in its path, header values, body,
/// JSON body, or expected texts and JSON values) and `A` captures `v`. A variable used but
/// never captured, one captured by two checks, and a dependency cycle are errors.
#[derive(Debug, Clone, PartialEq)]
pub struct SmokePlan {
    checks: Vec<PlannedCheck>,
}

#[derive(Debug, Clone, PartialEq)]
struct PlannedCheck {
    method: Method,
    deps: Vec<usize>,
    uses: BTreeSet<String>,
}

impl SmokePlan {
    /// Validate `spec` and compute the dependencies.
    pub fn new(spec: &SmokeSpec) -> Result<Self, SmokeSpecError> {
        if spec.checks.is_empty() {
            return Err(SmokeSpecError::NoChecks);
        }
        match spec.base_url.scheme() {
            "http" | "https" if !spec.base_url.cannot_be_a_base() => {}
            other => {
                return Err(SmokeSpecError::BaseUrl {
                    url: crate::url_join::display_url(&spec.base_url),
                    reason: format!("must be an http:// or https:// URL (scheme is `{other}`)"),
                });
            }
        }
        if spec.wait.interval.is_zero() {
            return Err(SmokeSpecError::ZeroInterval);
        }
        let mut seen_names = HashSet::new();
        let mut producers: HashMap<&str, usize> = HashMap::new();
        let mut planned = Vec::with_capacity(spec.checks.len());
        for (i, check) in spec.checks.iter().enumerate() {
            let name = check.name.trim();
            if name.is_empty() {
                return Err(SmokeSpecError::Name {
                    position: i + 1,
                    reason: "a check needs a name".to_string(),
                });
            }
            if !seen_names.insert(check.name.as_str()) {
                return Err(SmokeSpecError::Name {
                    position: i + 1,
                    reason: format!("the name `{}` is used by an earlier check", check.name),
                });
            }
            for (variable, _) in &check.capture {
                if let Some(&first) = producers.get(variable.as_str()) {
                    return Err(SmokeSpecError::DuplicateCapture {
                        variable: variable.clone(),
                        first: spec
                            .checks
                            .get(first)
                            .map(|c| c.name.clone())
                            .unwrap_or_default(),
                        second: check.name.clone(),
                    });
                }
                producers.insert(variable.as_str(), i);
            }
            planned.push(validate_check(check)?);
        }
        for (i, check) in spec.checks.iter().enumerate() {
            let Some(plan) = planned.get_mut(i) else {
                continue;
            };
            let mut deps = BTreeSet::new();
            for variable in &plan.uses {
                match producers.get(variable.as_str()) {
                    Some(&p) => {
                        deps.insert(p);
                    }
                    None => {
                        return Err(SmokeSpecError::UndefinedVariable {
                            check: check.name.clone(),
                            variable: variable.clone(),
                        })
                    }
                }
            }
            plan.deps = deps.into_iter().collect();
        }
        let plan = SmokePlan { checks: planned };
        if let Some(cycle) = plan.find_cycle() {
            return Err(SmokeSpecError::Cycle {
                cycle: cycle
                    .into_iter()
                    .filter_map(|i| spec.checks.get(i).map(|c| c.name.clone()))
                    .collect(),
            });
        }
        Ok(plan)
    }

    /// How many checks.
    pub fn len(&self) -> usize {
        self.checks.len()
    }

    /// Whether there are no checks (never true for a plan built by [`SmokePlan::new`]).
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// Indices of the checks that check `check` waits for.
    pub fn dependencies(&self, check: usize) -> &[usize] {
        self.checks.get(check).map_or(&[], |c| c.deps.as_slice())
    }

    /// The variables check `check` uses.
    pub fn uses(&self, check: usize) -> impl Iterator<Item = &str> {
        self.checks
            .get(check)
            .into_iter()
            .flat_map(|c| c.uses.iter().map(String::as_str))
    }

    /// The dependency lists of every check, in order (what [`super::Scheduler`] takes).
    pub fn dependency_lists(&self) -> Vec<Vec<usize>> {
        self.checks.iter().map(|c| c.deps.clone()).collect()
    }

    pub(crate) fn method(&self, check: usize) -> Method {
        self.checks
            .get(check)
            .map_or(Method::GET, |c| c.method.clone())
    }

    /// A cycle as a list of indices with the first repeated at the end, if any.
    fn find_cycle(&self) -> Option<Vec<usize>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        fn visit(
            plan: &SmokePlan,
            node: usize,
            marks: &mut [Mark],
            path: &mut Vec<usize>,
        ) -> Option<Vec<usize>> {
            match marks.get(node).copied() {
                Some(Mark::Done) | None => return None,
                Some(Mark::OnPath) => {
                    let start = path.iter().position(|&n| n == node).unwrap_or(0);
                    let mut cycle: Vec<usize> = path.get(start..).unwrap_or_default().to_vec();
                    cycle.push(node);
                    return Some(cycle);
                }
                Some(Mark::New) => {}
            }
            if let Some(m) = marks.get_mut(node) {
                *m = Mark::OnPath;
            }
            path.push(node);
            for &dep in plan.dependencies(node) {
                if let Some(cycle) = visit(plan, dep, marks, path) {
                    return Some(cycle);
                }
            }
            path.pop();
            if let Some(m) = marks.get_mut(node) {
                *m = Mark::Done;
            }
            None
        }
        let mut marks = vec![Mark::New; self.checks.len()];
        let mut path = Vec::new();
        (0..self.checks.len()).find_map(|i| visit(self, i, &mut marks, &mut path))
    }
}

/// Validate one check; returns its method and the variables it uses (deps filled later).
fn validate_check(check: &CheckSpec) -> Result<PlannedCheck, SmokeSpecError> {
    let bad = |reason: String| SmokeSpecError::Check {
        check: check.name.clone(),
        reason,
    };
    let request = &check.request;
    let method = Method::from_bytes(request.method.trim().as_bytes())
        .map_err(|_| bad(format!("`{}` is not an HTTP method", request.method)))?;
    if request.json.is_some() && request.body.is_some() {
        return Err(bad(
            "a request has either `json` or `body`, not both".to_string()
        ));
    }
    let mut uses = BTreeSet::new();
    uses.extend(variables(&request.path).map_err(&bad)?);
    for (name, value) in &request.headers {
        HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| bad(format!("`{name}` is not a valid header name")))?;
        HeaderValue::from_str(value).map_err(|_| {
            bad(format!(
                "the value of header `{name}` is not a valid header value"
            ))
        })?;
        uses.extend(variables(value).map_err(&bad)?);
    }
    if let Some(body) = &request.body {
        uses.extend(variables(body).map_err(&bad)?);
    }
    if let Some(json) = &request.json {
        uses.extend(json_variables(json).map_err(&bad)?);
    }
    let expect = &check.expect;
    for &status in &expect.status {
        if !(100..=599).contains(&status) {
            return Err(bad(format!("{status} is not an HTTP status code")));
        }
    }
    for (pointer, value) in &expect.json {
        check_pointer(pointer).map_err(&bad)?;
        uses.extend(json_variables(value).map_err(&bad)?);
    }
    if let Some(text) = &expect.body_contains {
        uses.extend(variables(text).map_err(&bad)?);
    }
    for (name, text) in &expect.headers {
        HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| bad(format!("`{name}` is not a valid header name")))?;
        uses.extend(variables(text).map_err(&bad)?);
    }
    for (variable, pointer) in &check.capture {
        if !is_name(variable) {
            return Err(bad(format!(
                "`{variable}` cannot be captured: a variable name is letters, digits and `_`"
            )));
        }
        check_pointer(pointer).map_err(&bad)?;
    }
    Ok(PlannedCheck {
        method,
        deps: Vec::new(),
        uses,
    })
}

/// RFC 6901: empty (the whole document) or `/`-separated tokens where `~` is only
/// followed by `0` or `1`.
fn check_pointer(pointer: &str) -> Result<(), String> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(format!(
            "`{pointer}` is not a JSON Pointer (RFC 6901): it must start with `/`, e.g. `/{pointer}`"
        ));
    }
    let mut chars = pointer.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.peek(), Some('0') | Some('1')) {
            return Err(format!(
                "`{pointer}` is not a JSON Pointer (RFC 6901): `~` must be written `~0` and `/` inside a key `~1`"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smoke::{CheckSpec, SmokeSpec};

    fn base() -> url::Url {
        url::Url::parse("http://127.0.0.1:1/").unwrap_or_else(|_| unreachable!())
    }

    fn login() -> CheckSpec {
        let mut c = CheckSpec::get("login", "/auth/login");
        c.request.method = "POST".into();
        c.capture.push(("token".into(), "/access_token".into()));
        c
    }

    fn me() -> CheckSpec {
        let mut c = CheckSpec::get("me", "/api/me");
        c.request
            .headers
            .push(("Authorization".into(), "Bearer ${token}".into()));
        c
    }

    #[test]
    fn captures_order_checks() {
        let spec = SmokeSpec::new(base(), vec![me(), CheckSpec::get("live", "/"), login()]);
        let plan = SmokePlan::new(&spec).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(plan.dependencies(0), &[2]);
        assert!(plan.dependencies(1).is_empty());
        assert!(plan.dependencies(2).is_empty());
        assert_eq!(plan.uses(0).collect::<Vec<_>>(), ["token"]);
        assert_eq!(plan.method(2), Method::POST);
    }

    #[test]
    fn undefined_variable() {
        let spec = SmokeSpec::new(base(), vec![me()]);
        let err = SmokePlan::new(&spec).err();
        assert_eq!(
            err,
            Some(SmokeSpecError::UndefinedVariable {
                check: "me".into(),
                variable: "token".into()
            })
        );
    }

    #[test]
    fn cycles_are_named() {
        let mut a = CheckSpec::get("a", "/a/${y}");
        a.capture.push(("x".into(), "/x".into()));
        let mut b = CheckSpec::get("b", "/b/${x}");
        b.capture.push(("y".into(), "/y".into()));
        let spec = SmokeSpec::new(base(), vec![a, b]);
        match SmokePlan::new(&spec) {
            Err(SmokeSpecError::Cycle { cycle }) => assert_eq!(cycle, ["a", "b", "a"]),
            other => unreachable!("{other:?}"),
        }
        let mut selfish = CheckSpec::get("s", "/s/${z}");
        selfish.capture.push(("z".into(), "/z".into()));
        let err = SmokePlan::new(&SmokeSpec::new(base(), vec![selfish])).err();
        assert!(matches!(err, Some(SmokeSpecError::Cycle { .. })), "{err:?}");
    }

    #[test]
    fn malformed_specs() {
        let err = |spec: &SmokeSpec| {
            SmokePlan::new(spec)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err(&SmokeSpec::new(base(), vec![])).contains("no checks"));
        let dup = SmokeSpec::new(
            base(),
            vec![CheckSpec::get("a", "/"), CheckSpec::get("a", "/")],
        );
        assert!(err(&dup).contains("earlier check"));
        let mut bad_ptr = CheckSpec::get("p", "/");
        bad_ptr
            .expect
            .json
            .push(("status".into(), serde_json::json!("ok")));
        assert!(err(&SmokeSpec::new(base(), vec![bad_ptr])).contains("JSON Pointer"));
        let mut both = CheckSpec::get("b", "/");
        both.request.json = Some(serde_json::json!({}));
        both.request.body = Some("x".into());
        assert!(err(&SmokeSpec::new(base(), vec![both])).contains("not both"));
        let mut method = CheckSpec::get("m", "/");
        method.request.method = "GE T".into();
        assert!(err(&SmokeSpec::new(base(), vec![method])).contains("HTTP method"));
        let mut twice_a = login();
        twice_a.name = "l1".into();
        let twice = SmokeSpec::new(base(), vec![twice_a, login()]);
        assert!(err(&twice).contains("captured by both"));
        let mut zero = SmokeSpec::new(base(), vec![CheckSpec::get("a", "/")]);
        zero.wait.interval = std::time::Duration::ZERO;
        assert!(err(&zero).contains("interval"));
        let ftp = SmokeSpec::new(
            url::Url::parse("ftp://user:pw@host/").unwrap_or_else(|_| unreachable!()),
            vec![CheckSpec::get("a", "/")],
        );
        let text = err(&ftp);
        assert!(text.contains("http://") && !text.contains("pw"), "{text}");
        let mut status = CheckSpec::get("s", "/");
        status.expect.status = vec![42];
        assert!(err(&SmokeSpec::new(base(), vec![status])).contains("not an HTTP status"));
        assert!(check_pointer("/a~2").is_err());
        assert!(check_pointer("/a~0b~1c").is_ok());
        assert!(check_pointer("").is_ok());
    }
}
