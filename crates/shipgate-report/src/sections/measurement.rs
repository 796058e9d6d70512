use shipgate_core::{Condition, Measured, MeasurementRow, Unit};

use super::number::metric_value;

/// The condition of a metric check, parsed to judge each measured value on its own;
/// `None` when it does not parse (the values are then shown without a word).
pub(crate) fn parse_condition(text: &str) -> Option<Condition> {
    Condition::parse(text).ok()
}

/// One measurement's values in order, each with what it means against the condition:
/// `0.0012 ok, 0.0031 FAIL (series {version="v2"})`, `not a number → inconclusive`,
/// `empty → inconclusive`, `error: connection refused`.
pub(crate) fn measurement_text(row: &MeasurementRow, condition: Option<&Condition>) -> String {
    let mut parts: Vec<String> = row
        .values
        .iter()
        .map(|(series, value)| {
            let mut text = value_text(*value, condition);
            if !unlabelled(series) {
                text.push_str(&format!(" (series {series})"));
            }
            text
        })
        .collect();
    if let Some(error) = &row.error {
        parts.push(format!("error: {error}"));
    } else if parts.is_empty() {
        parts.push("empty → inconclusive".to_string());
    }
    parts.join(", ")
}

/// `0.0012 ok`, `0.0031 FAIL`, `not a number → inconclusive` (NaN, such as `0/0` of a
/// ratio without traffic), `+Inf → inconclusive`; just the value when there is no
/// condition to judge it by.
fn value_text(value: f64, condition: Option<&Condition>) -> String {
    if value.is_nan() {
        return "not a number → inconclusive".to_string();
    }
    let shown = metric_value(value);
    if !value.is_finite() {
        return format!("{shown} → inconclusive");
    }
    let measured = Measured {
        value,
        unit: Unit::Number,
    };
    match condition {
        Some(c) if c.holds(measured) => format!("{shown} ok"),
        Some(_) => format!("{shown} FAIL"),
        None => shown,
    }
}

/// A single unlabelled result (`""` or `{}`) has no series name worth printing.
fn unlabelled(series: &str) -> bool {
    let s = series.trim();
    s.is_empty() || s == "{}"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: &[(&str, f64)], error: Option<&str>) -> MeasurementRow {
        MeasurementRow {
            at_seconds: 0.0,
            outcome: "failed".to_string(),
            values: values.iter().map(|(s, v)| (s.to_string(), *v)).collect(),
            error: error.map(str::to_string),
        }
    }

    #[test]
    fn words_each_value_against_the_condition() {
        let c = parse_condition("< 0.002");
        let r = row(&[("{}", 0.0012), ("{version=\"v2\"}", 0.0031)], None);
        assert_eq!(
            measurement_text(&r, c.as_ref()),
            "0.0012 ok, 0.0031 FAIL (series {version=\"v2\"})"
        );
        let r = row(&[("", f64::NAN)], None);
        assert_eq!(
            measurement_text(&r, c.as_ref()),
            "not a number → inconclusive"
        );
        let r = row(&[("", f64::INFINITY)], None);
        assert_eq!(measurement_text(&r, c.as_ref()), "+Inf → inconclusive");
        assert_eq!(
            measurement_text(&row(&[], None), c.as_ref()),
            "empty → inconclusive"
        );
        assert_eq!(
            measurement_text(&row(&[], Some("connection refused")), c.as_ref()),
            "error: connection refused"
        );
    }

    #[test]
    fn percent_conditions_compare_ratios_and_bad_conditions_show_plain_values() {
        let c = parse_condition("< 5%");
        assert_eq!(
            measurement_text(&row(&[("", 0.01)], None), c.as_ref()),
            "0.01 ok"
        );
        assert_eq!(measurement_text(&row(&[("", 0.01)], None), None), "0.01");
    }
}
