use thiserror::Error;

/// A duration that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid duration `{input}`: {reason} (use forms like 500ms, 30s, 5m, 1h, 1h30m)")]
pub struct DurationError {
    pub input: String,
    pub reason: &'static str,
}

/// Parse `500ms`, `30s`, `5m`, `1h`, `1h30m`, `1.5s` into seconds.
pub fn parse_duration(input: &str) -> Result<f64, DurationError> {
    let err = |reason| DurationError {
        input: input.to_string(),
        reason,
    };
    let s = input.trim();
    if s.is_empty() {
        return Err(err("empty"));
    }
    let mut total = 0.0_f64;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(err("expected a number"));
        }
        let number: f64 = rest[..num_len].parse().map_err(|_| err("bad number"))?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "" => return Err(err("missing unit")),
            _ => return Err(err("unknown unit")),
        };
        rest = &rest[unit_len..];
        total += number * factor;
    }
    if !total.is_finite() {
        return Err(err("out of range"));
    }
    Ok(total)
}

/// `0.004s` → `4ms`, `12.3` → `12.30s`, `75` → `1m 15s`, `4000` → `1h 06m 40s`.
pub fn format_seconds(seconds: f64) -> String {
    if !seconds.is_finite() {
        return format!("{seconds}");
    }
    if seconds < 1.0 {
        return format!("{:.0}ms", seconds * 1000.0);
    }
    if seconds < 60.0 {
        return format!("{seconds:.2}s");
    }
    let total = seconds.round() as u64;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    if h > 0 {
        format!("{h}h {m:02}m {s:02}s")
    } else {
        format!("{m}m {s:02}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_unit() {
        assert_eq!(parse_duration("500ms"), Ok(0.5));
        assert_eq!(parse_duration("30s"), Ok(30.0));
        assert_eq!(parse_duration("5m"), Ok(300.0));
        assert_eq!(parse_duration("1h"), Ok(3600.0));
        assert_eq!(parse_duration("1h30m"), Ok(5400.0));
        assert_eq!(parse_duration("1.5s"), Ok(1.5));
    }

    #[test]
    fn rejects_garbage() {
        for bad in ["", "30", "s", "5 minutes", "1x", "..s", "-5s"] {
            assert!(parse_duration(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn formats_for_humans() {
        assert_eq!(format_seconds(0.004), "4ms");
        assert_eq!(format_seconds(12.3), "12.30s");
        assert_eq!(format_seconds(75.0), "1m 15s");
        assert_eq!(format_seconds(4000.0), "1h 06m 40s");
    }
}
