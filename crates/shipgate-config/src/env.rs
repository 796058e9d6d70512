//! `${VAR}` expansion in string values, from an injected lookup so that callers (and tests)
//! decide where variables come from. `$${` is a literal `${`; any other `$` is kept as is.
//!
//! Smoke checks are run-time templates: [`ExpandOptions`] keeps references to captured
//! variables (and, in template text, the `$${` escape) for the smoke runner to substitute.

/// Looks a variable up by name; `None` when it is not set.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A string after expansion, with what it takes to map positions back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expanded {
    pub text: String,
    /// `(name, value)` of every variable substituted, in order.
    pub vars: Vec<(String, String)>,
    segments: Vec<Segment>,
}

/// A stretch of the expanded text and the stretch of the original it came from (in chars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    src_start: usize,
    src_len: usize,
    out_start: usize,
    out_len: usize,
    /// A substitution or escape: every character in it maps to `src_start`.
    atomic: bool,
}

/// Why a string could not be expanded; `offset` is the character offset of the `$` in the
/// original string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EnvProblem {
    Missing { offset: usize, var: String },
    Malformed { offset: usize, message: String },
}

/// Look variables up in the process environment (for the CLI; tests inject their own).
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// How [`expand_with`] treats references that are not environment variables.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ExpandOptions<'a> {
    /// Names whose `${name}` is kept as written (variables captured by smoke checks,
    /// substituted at run time).
    pub keep: &'a [String],
    /// The result is a run-time template: `$${` is kept as written (the runner turns it
    /// into `${`), and every `${` inside a substituted value is written `$${` so that the
    /// runner does not read it as a reference.
    pub template: bool,
}

/// Whether `name` is a variable name: an ASCII letter or `_`, then letters, digits, `_`.
pub(crate) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Expand every `${VAR}` in `text`.
#[cfg(test)]
pub(crate) fn expand(text: &str, env: EnvLookup<'_>) -> Result<Expanded, EnvProblem> {
    expand_with(text, env, ExpandOptions::default())
}

/// Expand every `${VAR}` in `text`, except as `options` says.
pub(crate) fn expand_with(
    text: &str,
    env: EnvLookup<'_>,
    options: ExpandOptions<'_>,
) -> Result<Expanded, EnvProblem> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut out_len = 0usize;
    let mut vars = Vec::new();
    let mut segments = Vec::new();
    let mut literal_start: Option<(usize, usize)> = None;
    let mut i = 0usize;
    let close_literal =
        |literal: &mut Option<(usize, usize)>, segments: &mut Vec<Segment>, out_len: usize| {
            if let Some((src_start, out_start)) = literal.take() {
                segments.push(Segment {
                    src_start,
                    src_len: out_len - out_start,
                    out_start,
                    out_len: out_len - out_start,
                    atomic: false,
                });
            }
        };
    while i < chars.len() {
        let rest = &chars[i..];
        if options.template && rest.starts_with(&['$', '$', '{']) {
            // Kept for the runner: copied as literal text.
            if literal_start.is_none() {
                literal_start = Some((i, out_len));
            }
            out.push_str("$${");
            out_len += 3;
            i += 3;
            continue;
        }
        if rest.starts_with(&['$', '$', '{']) {
            close_literal(&mut literal_start, &mut segments, out_len);
            segments.push(Segment {
                src_start: i,
                src_len: 3,
                out_start: out_len,
                out_len: 2,
                atomic: true,
            });
            out.push_str("${");
            out_len += 2;
            i += 3;
            continue;
        }
        if rest.starts_with(&['$', '{']) {
            let Some(close) = rest.iter().position(|&c| c == '}') else {
                return Err(EnvProblem::Malformed {
                    offset: i,
                    message: "`${` without a closing `}` (write `$${` for a literal `${`)"
                        .to_string(),
                });
            };
            let name: String = rest[2..close].iter().collect();
            if !is_name(&name) {
                return Err(EnvProblem::Malformed {
                    offset: i,
                    message: format!(
                        "`${{{name}}}` is not a variable reference: a name is letters, digits and `_` (write `$${{` for a literal `${{`)"
                    ),
                });
            }
            if options.keep.contains(&name) {
                // A captured variable: copied as literal text.
                if literal_start.is_none() {
                    literal_start = Some((i, out_len));
                }
                out.extend(&rest[..=close]);
                out_len += close + 1;
                i += close + 1;
                continue;
            }
            let Some(value) = env(&name) else {
                return Err(EnvProblem::Missing {
                    offset: i,
                    var: name,
                });
            };
            close_literal(&mut literal_start, &mut segments, out_len);
            let written = if options.template {
                value.replace("${", "$${")
            } else {
                value.clone()
            };
            let n = written.chars().count();
            segments.push(Segment {
                src_start: i,
                src_len: close + 1,
                out_start: out_len,
                out_len: n,
                atomic: true,
            });
            out.push_str(&written);
            out_len += n;
            vars.push((name, value));
            i += close + 1;
            continue;
        }
        if literal_start.is_none() {
            literal_start = Some((i, out_len));
        }
        out.push(chars[i]);
        out_len += 1;
        i += 1;
    }
    close_literal(&mut literal_start, &mut segments, out_len);
    Ok(Expanded {
        text: out,
        vars,
        segments,
    })
}

impl Expanded {
    /// The character offset in the original string of the character at `offset` (in chars)
    /// of the expanded text. A position inside a substituted value maps to its `$`.
    pub fn source_offset(&self, offset: usize) -> usize {
        for s in &self.segments {
            if offset >= s.out_start && offset < s.out_start + s.out_len {
                return if s.atomic {
                    s.src_start
                } else {
                    s.src_start + (offset - s.out_start)
                };
            }
        }
        // Past the end: count on from the end of the original.
        let (src_end, out_end) = self.segments.last().map_or((0, 0), |s| {
            (s.src_start + s.src_len, s.out_start + s.out_len)
        });
        src_end + offset.saturating_sub(out_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "URL" => Some("http://x".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    fn ok(s: &str) -> Expanded {
        expand(s, &env).unwrap()
    }

    #[test]
    fn substitutes_and_records() {
        let e = ok("a${URL}/b");
        assert_eq!(e.text, "ahttp://x/b");
        assert_eq!(e.vars, vec![("URL".to_string(), "http://x".to_string())]);
        assert_eq!(ok("${EMPTY}x").text, "x");
        assert_eq!(ok("no vars $HOME $ {x}").text, "no vars $HOME $ {x}");
    }

    #[test]
    fn escapes() {
        let e = ok("$${URL}");
        assert_eq!(e.text, "${URL}");
        assert!(e.vars.is_empty());
        // Scanning is left to right: `$` then the escape `$${`.
        assert_eq!(ok("$$${URL}").text, "$${URL}");
    }

    #[test]
    fn problems_point_at_the_dollar() {
        assert_eq!(
            expand("ab${NOPE}", &env),
            Err(EnvProblem::Missing {
                offset: 2,
                var: "NOPE".to_string()
            })
        );
        assert!(matches!(
            expand("x${URL", &env),
            Err(EnvProblem::Malformed { offset: 1, .. })
        ));
        assert!(matches!(
            expand("${}", &env),
            Err(EnvProblem::Malformed { offset: 0, .. })
        ));
        assert!(matches!(
            expand("${A-B}", &env),
            Err(EnvProblem::Malformed { offset: 0, .. })
        ));
        assert!(matches!(
            expand("${1A}", &env),
            Err(EnvProblem::Malformed { offset: 0, .. })
        ));
    }

    #[test]
    fn kept_names_and_templates() {
        let keep = ["token".to_string()];
        let opts = ExpandOptions {
            keep: &keep,
            template: true,
        };
        let e = expand_with("${URL}/x/${token}/$${y}", &env, opts).unwrap();
        assert_eq!(e.text, "http://x/x/${token}/$${y}");
        assert_eq!(e.vars.len(), 1);
        // `t` of `${token}` (expanded offset 13) is at source offset 11.
        assert_eq!(e.source_offset(13), 11);
        let e = expand_with(
            "${token}",
            &env,
            ExpandOptions {
                keep: &keep,
                template: false,
            },
        );
        assert_eq!(e.unwrap().text, "${token}");
        // Without template mode the escape is resolved as usual.
        assert_eq!(
            expand_with("$${token}", &env, ExpandOptions::default())
                .unwrap()
                .text,
            "${token}"
        );
        // Values that contain `${` are escaped for the runner.
        let dollar = |_: &str| Some("a${b}".to_string());
        let e = expand_with("${V}", &dollar, opts).unwrap();
        assert_eq!(e.text, "a$${b}");
        assert_eq!(e.vars, vec![("V".to_string(), "a${b}".to_string())]);
    }

    #[test]
    fn offsets_map_back() {
        let e = ok("ab${URL}cd");
        // "abhttp://xcd": 'a' 0, inside the value maps to `$`, 'c' maps to 8.
        assert_eq!(e.source_offset(0), 0);
        assert_eq!(e.source_offset(4), 2);
        assert_eq!(e.source_offset(10), 8);
        assert_eq!(e.source_offset(12), 10);
        let e = ok("$${x}y");
        assert_eq!(e.text, "${x}y");
        assert_eq!(e.source_offset(2), 3);
        assert_eq!(e.source_offset(4), 5);
        let e = ok("");
        assert_eq!(e.source_offset(3), 3);
    }
}
