//! The fields of `DA` and `BRDA` records.
//!
//! Nearly every record a tool writes is plain digits and commas; those are parsed in one
//! scan. Anything else (spaces, a `+`, huge numbers, text branch ids, checksums with odd
//! bytes) takes the general path, which gives the same result for the plain forms.

use super::super::number::{parse_count, parse_line_number};

/// How a branch is identified inside one line: numeric block and branch ids as most tools
/// write them, or the raw text (`e0`, `jump to line 12` ...) when they are not numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BranchId<'a> {
    Numeric(u64, u64),
    Text(&'a [u8]),
}

/// One `BRDA` record.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Brda<'a> {
    pub(super) line: u32,
    pub(super) id: BranchId<'a>,
    pub(super) taken: bool,
}

/// `<line>,<hits>[,<checksum>]` (after `DA:`).
#[inline]
pub(super) fn parse_da(rest: &[u8]) -> Result<(u32, u64), &'static str> {
    if let Some(entry) = plain_da(rest) {
        return Ok(entry);
    }
    general_da(rest)
}

/// `<line>,<block>,<branch>,<taken>` (after `BRDA:`); the branch field may itself contain
/// commas.
#[inline]
pub(super) fn parse_brda(rest: &[u8]) -> Result<Brda<'_>, &'static str> {
    if let Some(brda) = plain_brda(rest) {
        return Ok(brda);
    }
    general_brda(rest)
}

/// Leading ASCII digits of `text` as a number, and how many there were; `None` when there
/// are none or more than `max` (so that the value cannot overflow).
#[inline]
fn digits(text: &[u8], max: usize) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    let mut count = 0;
    for &b in text {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        value = value.wrapping_mul(10).wrapping_add(u64::from(d));
        count += 1;
    }
    (count > 0 && count <= max).then_some((value, count))
}

/// Up to 9 digits always fit a `u32` line number; up to 19 always fit a `u64` count.
const LINE_DIGITS: usize = 9;
const COUNT_DIGITS: usize = 19;

/// `<digits>,` at the start of `text`: the number and the rest after the comma.
#[inline]
fn field(text: &[u8], max: usize) -> Option<(u64, &[u8])> {
    let (value, used) = digits(text, max)?;
    match text.split_at_checked(used) {
        Some((_, [b',', rest @ ..])) => Some((value, rest)),
        _ => None,
    }
}

/// `<digits>` making up all of `text`.
#[inline]
fn whole(text: &[u8], max: usize) -> Option<u64> {
    digits(text, max).and_then(|(value, used)| (used == text.len()).then_some(value))
}

/// The plain form `<digits>,<digits>[,...]`.
#[inline]
fn plain_da(rest: &[u8]) -> Option<(u32, u64)> {
    let (line, rest) = field(rest, LINE_DIGITS)?;
    let (hits, used) = digits(rest, COUNT_DIGITS)?;
    match rest.get(used) {
        None | Some(b',') => Some((u32::try_from(line).ok()?, hits)),
        Some(_) => None,
    }
}

/// The plain form `<digits>,<digits>,<digits>,<digits or ->`.
#[inline]
fn plain_brda(rest: &[u8]) -> Option<Brda<'_>> {
    let (line, rest) = field(rest, LINE_DIGITS)?;
    let (block, rest) = field(rest, COUNT_DIGITS)?;
    let (branch, rest) = field(rest, COUNT_DIGITS)?;
    let taken = match rest {
        b"-" => false,
        _ => whole(rest, COUNT_DIGITS)? > 0,
    };
    Some(Brda {
        line: u32::try_from(line).ok()?,
        id: BranchId::Numeric(block, branch),
        taken,
    })
}

/// A whole plain `DA:` line at the start of `bytes`, up to and including its `\n` (a `\r`
/// before it allowed, no checksum): the entry and the length of the line. `None` for
/// anything else, which the caller reads as a line of its own.
#[inline]
pub(super) fn plain_da_line(bytes: &[u8]) -> Option<((u32, u64), usize)> {
    let rest = bytes.strip_prefix(b"DA:")?;
    let (line, after) = field(rest, LINE_DIGITS)?;
    let (hits, used) = digits(after, COUNT_DIGITS)?;
    let end = line_end(after.get(used..)?)?;
    let length = bytes.len() - after.len() + used + end;
    Some(((u32::try_from(line).ok()?, hits), length))
}

/// A whole plain `BRDA:` line at the start of `bytes`, up to and including its `\n`: the
/// record and the length of the line; `None` for anything else.
#[inline]
pub(super) fn plain_brda_line(bytes: &[u8]) -> Option<(Brda<'static>, usize)> {
    let rest = bytes.strip_prefix(b"BRDA:")?;
    let (line, rest) = field(rest, LINE_DIGITS)?;
    let (block, rest) = field(rest, COUNT_DIGITS)?;
    let (branch, rest) = field(rest, COUNT_DIGITS)?;
    let (taken, used) = match rest.first() {
        Some(b'-') => (false, 1),
        _ => {
            let (count, used) = digits(rest, COUNT_DIGITS)?;
            (count > 0, used)
        }
    };
    let end = line_end(rest.get(used..)?)?;
    let length = bytes.len() - rest.len() + used + end;
    let brda = Brda {
        line: u32::try_from(line).ok()?,
        id: BranchId::Numeric(block, branch),
        taken,
    };
    Some((brda, length))
}

/// The length of a line ending (`\n` or `\r\n`) at the start of `text`; `None` when
/// `text` does not start with one.
#[inline]
fn line_end(text: &[u8]) -> Option<usize> {
    match text {
        [b'\n', ..] => Some(1),
        [b'\r', b'\n', ..] => Some(2),
        _ => None,
    }
}

/// Any `DA` record.
fn general_da(rest: &[u8]) -> Result<(u32, u64), &'static str> {
    let mut fields = rest.splitn(3, |b| *b == b',');
    let line = fields
        .next()
        .and_then(parse_line_number)
        .ok_or("DA record: invalid line number")?;
    let hits = fields
        .next()
        .and_then(parse_count)
        .ok_or("DA record: invalid hit count")?;
    Ok((line, hits))
}

/// Any `BRDA` record.
fn general_brda(rest: &[u8]) -> Result<Brda<'_>, &'static str> {
    const SHAPE: &str = "BRDA record: expected <line>,<block>,<branch>,<taken>";
    let first = memchr::memchr(b',', rest).ok_or(SHAPE)?;
    let last = memchr::memrchr(b',', rest).ok_or(SHAPE)?;
    let line = rest
        .get(..first)
        .and_then(parse_line_number)
        .ok_or("BRDA record: invalid line number")?;
    let middle = rest.get(first + 1..last).ok_or(SHAPE)?;
    let split = memchr::memchr(b',', middle).ok_or(SHAPE)?;
    let (block, branch) = (
        middle.get(..split).unwrap_or_default(),
        middle.get(split + 1..).unwrap_or_default(),
    );
    let taken_text = rest.get(last + 1..).unwrap_or_default().trim_ascii();
    let taken = if taken_text == b"-" {
        false
    } else {
        parse_count(taken_text).ok_or("BRDA record: taken count is neither a number nor `-`")? > 0
    };
    let id = match (parse_count(block), parse_count(branch)) {
        (Some(b), Some(n)) if b < u64::MAX && n < u64::MAX => BranchId::Numeric(b, n),
        _ => BranchId::Text(middle),
    };
    Ok(Brda { line, id, taken })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DA: &[&[u8]] = &[
        b"1,0",
        b"12,345",
        b"7,3,checksum",
        b"7,3,",
        b"999999999,18446744073709551615",
        b"4294967295,1",
        b"4294967296,1",
        b" 5 , 6 ",
        b"5,+6",
        b"5,99999999999999999999999",
        b"5",
        b"5,",
        b",5",
        b"5,-1",
        b"x,1",
        b"",
        b"1,2x",
    ];

    const BRDA: &[&[u8]] = &[
        b"9,0,0,250",
        b"9,0,1,-",
        b"9,0,1,0",
        b"9,0,1, - ",
        b"9,4294967296,1,1",
        b"9,18446744073709551615,1,1",
        b"9,e0,jump to line 3,1",
        b"9,0,1,2,3",
        b"9,0,1",
        b"9,0,1,x",
        b"9,,1,1",
        b"9, 0,+1,1",
        b"x,0,1,1",
        b"9,0,1,99999999999999999999999",
    ];

    #[test]
    fn plain_forms_agree_with_the_general_parser() {
        for record in DA {
            assert_eq!(parse_da(record), general_da(record), "DA:{record:?}");
            if let Some(plain) = plain_da(record) {
                assert_eq!(Ok(plain), general_da(record), "DA:{record:?}");
            }
        }
        for record in BRDA {
            assert_eq!(parse_brda(record), general_brda(record), "BRDA:{record:?}");
            if let Some(plain) = plain_brda(record) {
                assert_eq!(Ok(plain), general_brda(record), "BRDA:{record:?}");
            }
        }
    }

    #[test]
    fn plain_lines_agree_with_the_general_parser() {
        for record in DA {
            for ending in [&b"\n"[..], b"\r\n", b"\nDA:1,1\n"] {
                let line = [b"DA:", *record, ending].concat();
                if let Some((entry, length)) = plain_da_line(&line) {
                    assert_eq!(Ok(entry), general_da(record), "DA:{record:?}");
                    assert_eq!(line.get(length - 1), Some(&b'\n'));
                    assert_eq!(
                        length,
                        3 + record.len() + ending.iter().take_while(|b| **b != b'D').count()
                    );
                }
            }
            assert_eq!(plain_da_line(&[b"DA:", *record].concat()), None);
        }
        for record in BRDA {
            for ending in [&b"\n"[..], b"\r\n", b"\nBRDA:1,0,0,1\n"] {
                let line = [b"BRDA:", *record, ending].concat();
                if let Some((brda, length)) = plain_brda_line(&line) {
                    assert_eq!(Ok(brda), general_brda(record), "BRDA:{record:?}");
                    assert_eq!(
                        length,
                        5 + record.len() + ending.iter().take_while(|b| **b != b'B').count()
                    );
                }
            }
            assert_eq!(plain_brda_line(&[b"BRDA:", *record].concat()), None);
        }
        assert_eq!(plain_da_line(b"DA:12,345\nDA:1,1\n"), Some(((12, 345), 10)));
        assert_eq!(plain_da_line(b"DA:12,345,abc\n"), None);
        assert_eq!(
            plain_brda_line(b"BRDA:9,0,1,-\r\n").map(|(_, n)| n),
            Some(14)
        );
    }

    #[test]
    fn plain_forms_take_the_fast_path() {
        assert_eq!(plain_da(b"12,345"), Some((12, 345)));
        assert_eq!(plain_da(b"7,3,abc"), Some((7, 3)));
        assert_eq!(plain_da(b" 5 , 6 "), None);
        assert_eq!(
            plain_brda(b"9,0,1,-"),
            Some(Brda {
                line: 9,
                id: BranchId::Numeric(0, 1),
                taken: false
            })
        );
        assert_eq!(plain_brda(b"9,e0,1,1"), None);
    }
}
