//! The condition language shared by every gate: `>= 98%`, `< 0.05`, `< 30s`, `== 0`,
//! and relative forms against a baseline such as `<= +10%`.

use serde::Serialize;
use thiserror::Error;

use crate::{parse_duration, Measured};

/// What a measured value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A fraction: 0.98 is 98%. Conditions may be written `98%` or `0.98`.
    Ratio,
    /// A plain number (counts, metric values).
    Number,
    /// A duration in seconds. Conditions must carry a unit (`30s`).
    Seconds,
}

impl Unit {
    /// The machine keyword used in JSON and in the store.
    pub fn key(self) -> &'static str {
        match self {
            Unit::Ratio => "ratio",
            Unit::Number => "number",
            Unit::Seconds => "seconds",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparison {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl Comparison {
    fn as_str(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
            Comparison::Eq => "==",
            Comparison::Ne => "!=",
        }
    }

    fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Comparison::Lt => left < right,
            Comparison::Le => left <= right,
            Comparison::Gt => left > right,
            Comparison::Ge => left >= right,
            Comparison::Eq => left == right,
            Comparison::Ne => left != right,
        }
    }
}

/// The right-hand side of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Quantity {
    /// `98%` (stored as 0.98).
    Percent(f64),
    /// `0.05`, `0`, `1e-3`.
    Number(f64),
    /// `30s`, `60m` (stored in seconds).
    Duration(f64),
    /// `+10%` / `-5%`: a change relative to a baseline (stored as 0.10 / -0.05).
    Relative(f64),
}

/// A parsed condition such as `>= 98%`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub comparison: Comparison,
    pub quantity: Quantity,
    /// The text as written, for reports.
    pub source: String,
}

/// A condition that could not be parsed or does not fit its gate.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct ConditionError {
    /// 0-based character offset into the condition text where the problem is.
    pub offset: usize,
    pub message: String,
}

fn err(offset: usize, message: impl Into<String>) -> ConditionError {
    ConditionError {
        offset,
        message: message.into(),
    }
}

impl Condition {
    /// Parse `OP VALUE` where OP is one of `< <= > >= == !=` and VALUE is a number,
    /// a percentage, a duration or a signed percentage (relative to a baseline).
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        let lead = text.len() - text.trim_start().len();
        let s = text.trim();
        let (comparison, op_len) =
            if let Some(r) = ["<=", ">=", "==", "!="].iter().find(|o| s.starts_with(**o)) {
                let c = match *r {
                    "<=" => Comparison::Le,
                    ">=" => Comparison::Ge,
                    "==" => Comparison::Eq,
                    _ => Comparison::Ne,
                };
                (c, 2)
            } else if s.starts_with('<') {
                (Comparison::Lt, 1)
            } else if s.starts_with('>') {
                (Comparison::Gt, 1)
            } else if s.starts_with('=') {
                return Err(err(lead, "use `==` to compare for equality"));
            } else {
                return Err(err(
                    lead,
                    "a condition starts with a comparison: <, <=, >, >=, == or !=",
                ));
            };
        let after_op = &s[op_len..];
        let value_offset = lead + op_len + (after_op.len() - after_op.trim_start().len());
        let value = after_op.trim();
        if value.is_empty() {
            return Err(err(value_offset, "missing value after the comparison"));
        }
        let quantity = parse_quantity(value).map_err(|m| err(value_offset, m))?;
        Ok(Condition {
            comparison,
            quantity,
            source: format!("{} {}", comparison.as_str(), value),
        })
    }

    /// Check the condition can be compared with values of `unit`; relative conditions
    /// need a baseline and are rejected here.
    pub fn check_unit(&self, unit: Unit) -> Result<(), ConditionError> {
        match (self.quantity, unit) {
            (Quantity::Relative(_), _) => Err(err(
                0,
                "a relative condition (`+10%`) needs a baseline, and this gate has none",
            )),
            (Quantity::Duration(_), Unit::Seconds) => Ok(()),
            (Quantity::Duration(_), _) => Err(err(
                0,
                "this gate measures no duration; write a number or a percentage",
            )),
            (_, Unit::Seconds) => Err(err(
                0,
                "this gate measures a duration; give a unit such as `30s` or `60m`",
            )),
            (Quantity::Percent(_), Unit::Number) => {
                Err(err(0, "this gate counts; write a number such as `== 0`"))
            }
            _ => Ok(()),
        }
    }

    /// The threshold as a plain number in the measured unit.
    pub fn threshold(&self) -> f64 {
        match self.quantity {
            Quantity::Percent(v)
            | Quantity::Number(v)
            | Quantity::Duration(v)
            | Quantity::Relative(v) => v,
        }
    }

    /// Whether `measured` satisfies the condition. NaN and infinities never do.
    pub fn holds(&self, measured: Measured) -> bool {
        measured.value.is_finite() && self.comparison.holds(measured.value, self.threshold())
    }

    /// Whether `value` relative to `baseline` satisfies a relative condition; `None` when the
    /// comparison is impossible (no relative condition, a zero or non-finite baseline).
    pub fn holds_relative(&self, value: f64, baseline: f64) -> Option<bool> {
        let Quantity::Relative(limit) = self.quantity else {
            return None;
        };
        if !value.is_finite() || !baseline.is_finite() || baseline == 0.0 {
            return None;
        }
        Some(
            self.comparison
                .holds((value - baseline) / baseline.abs(), limit),
        )
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)
    }
}

fn parse_quantity(value: &str) -> Result<Quantity, String> {
    let finite = |v: f64| {
        if v.is_nan() {
            Err(not_a_number(value))
        } else if v.is_finite() {
            Ok(v)
        } else {
            Err(format!("`{value}` is not a finite number"))
        }
    };
    // `NaN` and `inf` would otherwise be read as durations with an unknown unit.
    let bare = value.trim_end_matches('%').trim_start_matches(['+', '-']);
    if bare.eq_ignore_ascii_case("nan") {
        return Err(not_a_number(value));
    }
    if ["inf", "infinity"]
        .iter()
        .any(|w| bare.eq_ignore_ascii_case(w))
    {
        return Err(format!("`{value}` is not a finite number"));
    }
    if let Some(pct) = value.strip_suffix('%') {
        let signed = pct.starts_with('+') || pct.starts_with('-');
        let v: f64 = pct
            .trim()
            .parse()
            .map_err(|_| format!("`{value}` is not a percentage"))?;
        let v = finite(v)? / 100.0;
        return Ok(if signed {
            Quantity::Relative(v)
        } else {
            Quantity::Percent(v)
        });
    }
    if value.ends_with(|c: char| c.is_ascii_alphabetic()) && !value.contains(['e', 'E'])
        || value.ends_with("ms")
    {
        let secs = parse_duration(value).map_err(|e| e.to_string())?;
        return Ok(Quantity::Duration(secs));
    }
    if value.starts_with('+') {
        return Err(format!(
            "`{value}`: a relative change is written as a percentage, such as `+10%`"
        ));
    }
    let v: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number, percentage or duration"))?;
    Ok(Quantity::Number(finite(v)?))
}

/// The message for a threshold written as `NaN`: no measured value can be compared with it.
fn not_a_number(value: &str) -> String {
    format!(
        "`{value}` is not a number: a threshold must be a finite number, percentage or duration"
    )
}

/// Human form of a threshold: the condition as written.
pub(crate) fn display_threshold(c: &Condition, _unit: Unit) -> String {
    c.source.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(s: &str) -> Condition {
        Condition::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(c(">= 98%").quantity, Quantity::Percent(0.98));
        assert_eq!(c("< 0.05").quantity, Quantity::Number(0.05));
        assert_eq!(c("< 30s").quantity, Quantity::Duration(30.0));
        assert_eq!(c("< 60m").quantity, Quantity::Duration(3600.0));
        assert_eq!(c("== 0").comparison, Comparison::Eq);
        assert_eq!(c("<= 1%").quantity, Quantity::Percent(0.01));
        assert_eq!(c("<= +10%").quantity, Quantity::Relative(0.10));
        assert_eq!(c("< 1e-3").quantity, Quantity::Number(0.001));
        assert_eq!(c("<500ms").quantity, Quantity::Duration(0.5));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = Condition::parse("98%").unwrap_err();
        assert_eq!(e.offset, 0);
        let e = Condition::parse(">= 9x8%").unwrap_err();
        assert_eq!(e.offset, 3, "{e}");
        let e = Condition::parse("  >=   ").unwrap_err();
        assert!(e.message.contains("missing value"));
        assert!(Condition::parse("= 0").unwrap_err().message.contains("=="));
        for nan in [">= NaN", "< nan", ">= NaN%", "<= +NaN%"] {
            let e = Condition::parse(nan).unwrap_err();
            assert!(e.message.contains("is not a number"), "{nan}: {e}");
            assert!(!e.message.contains("unit"), "{nan}: {e}");
            assert_eq!(e.offset, nan.find(['N', 'n', '+']).unwrap_or(0), "{nan}");
        }
        for inf in ["< inf", "> -Infinity", "< inf%"] {
            let e = Condition::parse(inf).unwrap_err();
            assert!(e.message.contains("not a finite number"), "{inf}: {e}");
        }
        assert!(Condition::parse("< 30 parsecs").is_err());
    }

    #[test]
    fn evaluates_and_fails_closed_on_nan() {
        assert!(c(">= 98%").holds(Measured::ratio(0.98)));
        assert!(!c(">= 98%").holds(Measured::ratio(0.9799)));
        assert!(c("< 30s").holds(Measured::seconds(29.9)));
        assert!(!c("< 30s").holds(Measured::seconds(30.0)));
        assert!(!c("< 0.05").holds(Measured::ratio(f64::NAN)));
        assert!(!c("> 0").holds(Measured::count(0)));
        assert!(!c("!= 1").holds(Measured::ratio(f64::INFINITY)));
    }

    #[test]
    fn relative_needs_a_baseline() {
        let r = c("<= +10%");
        assert!(r.check_unit(Unit::Ratio).is_err());
        assert_eq!(r.holds_relative(1.05, 1.0), Some(true));
        assert_eq!(r.holds_relative(1.2, 1.0), Some(false));
        assert_eq!(r.holds_relative(1.2, 0.0), None);
    }

    #[test]
    fn units_must_fit_the_gate() {
        assert!(c("< 30s").check_unit(Unit::Seconds).is_ok());
        assert!(c("< 30").check_unit(Unit::Seconds).is_err());
        assert!(c(">= 98%").check_unit(Unit::Number).is_err());
        assert!(c("< 30s").check_unit(Unit::Ratio).is_err());
        assert!(c("<= 1%").check_unit(Unit::Ratio).is_ok());
        assert!(c("< 0.05").check_unit(Unit::Ratio).is_ok());
    }

    proptest! {
        #[test]
        fn parse_is_total_and_deterministic(s in ".{0,24}") {
            let first = Condition::parse(&s);
            prop_assert_eq!(&first, &Condition::parse(&s));
            match first {
                Ok(c) => {
                    // What was parsed reads back as itself, and its threshold is finite.
                    prop_assert!(c.threshold().is_finite());
                    prop_assert_eq!(Condition::parse(&c.source), Ok(c.clone()));
                    prop_assert!(s.trim().starts_with(['<', '>', '=', '!']));
                }
                Err(e) => {
                    // The error points inside the text (or just past its end).
                    prop_assert!(e.offset <= s.len(), "offset {} past {:?}", e.offset, s);
                    prop_assert!(s.is_char_boundary(e.offset));
                    prop_assert!(!e.message.is_empty());
                }
            }
        }

        #[test]
        fn no_measured_nan_or_infinity_satisfies_a_condition(
            s in "(<|<=|>|>=|==|!=) ?-?[0-9]{1,4}(\\.[0-9]{1,3})?%?",
            v in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)],
        ) {
            let c = Condition::parse(&s).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert!(!c.holds(Measured::ratio(v)));
            prop_assert!(!c.holds(Measured::seconds(v)));
        }

        #[test]
        fn percent_round_trips(v in 0u32..=10000) {
            let pct = f64::from(v) / 100.0;
            let parsed = Condition::parse(&format!(">= {pct}%")).map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert!((parsed.threshold() - pct / 100.0).abs() < 1e-12);
        }
    }
}
