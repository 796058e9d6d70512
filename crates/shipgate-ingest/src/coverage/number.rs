//! Number parsing shared by the parsers: strict decimal digits on bytes, no allocation.

/// A line number: ASCII digits (surrounding spaces allowed) that fit in `u32`; `None`
/// otherwise.
pub(crate) fn parse_line_number(text: &[u8]) -> Option<u32> {
    let digits = text.trim_ascii();
    if digits.is_empty() {
        return None;
    }
    let mut value: u32 = 0;
    for &b in digits {
        let d = digit(b)?;
        value = value.checked_mul(10)?.checked_add(d)?;
    }
    Some(value)
}

/// A count (hits, instructions, branches): ASCII digits, surrounding spaces allowed, an
/// optional leading `+`. Values beyond `u64::MAX` saturate rather than fail, because a
/// huge counter is still "covered". `None` when it is not a non-negative integer.
pub(crate) fn parse_count(text: &[u8]) -> Option<u64> {
    let trimmed = text.trim_ascii();
    let digits = trimmed.strip_prefix(b"+").unwrap_or(trimmed);
    if digits.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for &b in digits {
        let d = digit(b)?;
        value = value.saturating_mul(10).saturating_add(u64::from(d));
    }
    Some(value)
}

/// A `u64` count narrowed to `u32`, saturating.
pub(crate) fn narrow(count: u64) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

fn digit(b: u8) -> Option<u32> {
    b.is_ascii_digit().then(|| u32::from(b - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_strict_and_bounded() {
        assert_eq!(parse_line_number(b" 42 "), Some(42));
        assert_eq!(parse_line_number(b"4294967295"), Some(u32::MAX));
        assert_eq!(parse_line_number(b"4294967296"), None);
        assert_eq!(parse_line_number(b""), None);
        assert_eq!(parse_line_number(b"-1"), None);
        assert_eq!(parse_line_number(b"1x"), None);
    }

    #[test]
    fn counts_saturate() {
        assert_eq!(parse_count(b"+7"), Some(7));
        assert_eq!(parse_count(b"99999999999999999999999999"), Some(u64::MAX));
        assert_eq!(parse_count(b"-3"), None);
        assert_eq!(parse_count(b"1.5"), None);
        assert_eq!(narrow(u64::MAX), u32::MAX);
    }
}
