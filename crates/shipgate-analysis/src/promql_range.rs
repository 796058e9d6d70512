//! PromQL range windows and the independence of samples.
//!
//! A query such as `rate(x[5m])` evaluated every 30 s yields samples whose windows overlap
//! by 4m30s: consecutive samples share most of their data, so they are not independent and
//! a rank test over them overstates significance. The judge's examples use windows no
//! longer than the step; these helpers find and warn about longer ones.

use shipgate_core::parse_duration;

use crate::format;

/// The longest range selector or subquery range (`[5m]`, `[1h30m]`, `[10m:30s]`) in a
/// PromQL query, in seconds; `None` if there is none. Brackets inside string literals
/// (label matchers such as `code=~"[45].."`) are ignored, and so are brackets whose content
/// is not a duration (e.g. a template placeholder). Units: `ms s m h` (via
/// [`shipgate_core::parse_duration`]) and PromQL's `d w y`.
pub fn largest_range_seconds(query: &str) -> Option<f64> {
    let mut largest: Option<f64> = None;
    let mut chars = query.char_indices();
    let mut quote: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            if c == '\\' && q != '`' {
                chars.next();
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '[' => {
                let rest = query.get(i + 1..).unwrap_or("");
                if let Some(end) = rest.find(']') {
                    let inner = rest.get(..end).unwrap_or("");
                    let range = inner.split(':').next().unwrap_or("");
                    if let Some(secs) = promql_duration(range.trim()) {
                        largest = Some(largest.map_or(secs, |l: f64| l.max(secs)));
                    }
                }
            }
            _ => {}
        }
    }
    largest
}

/// A PromQL duration: components like `1h30m`, `5m`, `2d`, `1w`, `500ms`.
fn promql_duration(text: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let after = rest.get(digits..)?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let component = rest.get(..digits + unit_len)?;
        let number = rest.get(..digits)?;
        let unit = after.get(..unit_len)?;
        let factor = match unit {
            "d" => Some(86_400.0),
            "w" => Some(604_800.0),
            "y" => Some(31_536_000.0),
            _ => None,
        };
        total += match factor {
            Some(f) => number.parse::<f64>().ok()? * f,
            None => parse_duration(component).ok()?,
        };
        rest = rest.get(digits + unit_len..)?;
    }
    (total.is_finite() && total > 0.0).then_some(total)
}

/// A warning when a query's range is longer than the sampling step: the samples then come
/// from overlapping windows and are not independent. `None` when `range ≤ step` or either
/// value is not a positive finite number.
pub fn window_overlap_warning(query_range_seconds: f64, step_seconds: f64) -> Option<String> {
    let ok = |v: f64| v.is_finite() && v > 0.0;
    if !ok(query_range_seconds) || !ok(step_seconds) || query_range_seconds <= step_seconds {
        return None;
    }
    Some(format!(
        "the query's range [{}] is longer than the step {}: consecutive samples share {} of data and are not independent, so the test overstates significance; use a range no longer than the step",
        format::duration(query_range_seconds),
        format::duration(step_seconds),
        format::duration(query_range_seconds - step_seconds)
    ))
}

/// [`window_overlap_warning`] for the largest range found in `query`.
pub fn query_overlap_warning(query: &str, step_seconds: f64) -> Option<String> {
    window_overlap_warning(largest_range_seconds(query)?, step_seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_largest_range() {
        let q = r#"sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[30s]))"#;
        assert_eq!(largest_range_seconds(q), Some(300.0));
        assert_eq!(largest_range_seconds("rate(x[1h30m])"), Some(5400.0));
        assert_eq!(
            largest_range_seconds("max_over_time(rate(x[1m])[10m:30s])"),
            Some(600.0)
        );
        assert_eq!(largest_range_seconds("rate(x[2d])"), Some(172_800.0));
        assert_eq!(largest_range_seconds("up"), None);
    }

    #[test]
    fn ignores_brackets_in_strings_and_placeholders() {
        let q = r#"rate(x{code=~"[45]..", path!~'[a]'}[30s])"#;
        assert_eq!(largest_range_seconds(q), Some(30.0));
        assert_eq!(largest_range_seconds("rate(x[$__rate_interval])"), None);
        assert_eq!(largest_range_seconds(r#"x{a="\"[9h]"}"#), None);
        assert_eq!(largest_range_seconds("rate(x[5m"), None);
    }

    #[test]
    fn warns_only_when_longer_than_the_step() {
        assert_eq!(window_overlap_warning(30.0, 30.0), None);
        assert_eq!(window_overlap_warning(15.0, 30.0), None);
        let w = window_overlap_warning(300.0, 30.0).unwrap_or_default();
        assert!(
            w.contains("[5m]") && w.contains("30s") && w.contains("4m30s"),
            "{w}"
        );
        assert_eq!(window_overlap_warning(f64::NAN, 30.0), None);
        assert!(query_overlap_warning("rate(x[5m])", 30.0).is_some());
        assert!(query_overlap_warning("rate(x[30s])", 30.0).is_none());
    }
}
