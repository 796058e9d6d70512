//! Positions in the config text, and mapping an offset inside a scalar's value back to
//! the line and column where that character was written.

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line number.
    pub line: u64,
    /// 1-based column number, in characters.
    pub column: u64,
}

impl Pos {
    /// A position.
    pub const fn new(line: u64, column: u64) -> Pos {
        Pos { line, column }
    }
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where a scalar was written: its position and the byte offset of its first character
/// (the opening quote for quoted scalars) in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ScalarSite {
    pub pos: Pos,
    pub byte: Option<usize>,
}

/// The position of the character at `offset` (in characters) of the scalar's *decoded*
/// value `value`, written at `site` in `source`.
///
/// Plain, single-quoted and double-quoted scalars are mapped exactly on one line (escapes
/// such as `\x41` or `''` take several source characters for one value character); line
/// folding inside multi-line scalars is followed on a best-effort basis. Block scalars
/// (`|`, `>`), tagged scalars and anything not recognised map to the scalar's own position.
pub(crate) fn pos_in_scalar(source: &str, site: ScalarSite, value: &str, offset: usize) -> Pos {
    let Some(raw) = site.byte.and_then(|b| source.get(b..)) else {
        return site.pos;
    };
    let style = match raw.chars().next() {
        Some('"') => Style::Double,
        Some('\'') => Style::Single,
        Some(_) => {
            // A plain scalar starts with its own text; anything else (a tag, a block
            // indicator, an alias) is not followed.
            let first_line = value.split('\n').next().unwrap_or_default();
            if first_line.is_empty() || !raw.starts_with(first_line) {
                return site.pos;
            }
            Style::Plain
        }
        None => return site.pos,
    };
    walk(raw, style, site.pos, offset)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// Walk the raw text, counting decoded characters until `target` is reached.
fn walk(raw: &str, style: Style, start: Pos, target: usize) -> Pos {
    let mut line = start.line;
    let mut column = start.column;
    let mut chars = raw.chars().peekable();
    if style != Style::Plain {
        // The opening quote.
        chars.next();
        column += 1;
    }
    let mut decoded = 0usize;
    while decoded < target {
        let Some(c) = chars.next() else { break };
        if style == Style::Double && c == '"' {
            // The closing quote: the offset lies past the value.
            break;
        }
        if style == Style::Single && c == '\'' {
            if chars.peek() != Some(&'\'') {
                break;
            }
            // `''` is one quote.
            chars.next();
            column += 2;
            decoded += 1;
            continue;
        }
        match (style, c) {
            (Style::Double, '\\') => {
                let Some(e) = chars.next() else { break };
                let extra = match e {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    '\n' | '\r' => {
                        // An escaped line break joins the lines with nothing in between.
                        if e == '\r' && chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        line += 1;
                        column = 1;
                        while matches!(chars.peek(), Some(' ' | '\t')) {
                            chars.next();
                            column += 1;
                        }
                        continue;
                    }
                    _ => 0,
                };
                for _ in 0..extra {
                    chars.next();
                }
                column += 2 + extra;
                decoded += 1;
            }
            (_, '\n' | '\r') => {
                // Folding: a line break and the next line's indentation read as one space,
                // each further empty line as one newline.
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                column = 1;
                let mut breaks = 1usize;
                loop {
                    match chars.peek() {
                        Some(' ' | '\t') => {
                            chars.next();
                            column += 1;
                        }
                        Some('\n') => {
                            chars.next();
                            breaks += 1;
                            line += 1;
                            column = 1;
                        }
                        Some('\r') => {
                            chars.next();
                            if chars.peek() == Some(&'\n') {
                                chars.next();
                            }
                            breaks += 1;
                            line += 1;
                            column = 1;
                        }
                        _ => break,
                    }
                }
                decoded += if breaks == 1 { 1 } else { breaks - 1 };
            }
            _ => {
                column += 1;
                decoded += 1;
            }
        }
    }
    Pos { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str, value: &str, offset: usize) -> Pos {
        let byte = source.find(':').map(|i| i + 2).unwrap();
        let column = source[..byte].chars().count() as u64 + 1;
        pos_in_scalar(
            source,
            ScalarSite {
                pos: Pos::new(1, column),
                byte: Some(byte),
            },
            value,
            offset,
        )
    }

    #[test]
    fn plain_scalars_map_one_to_one() {
        assert_eq!(at("k: >= 9x8%", ">= 9x8%", 3), Pos::new(1, 7));
        assert_eq!(at("k: >= 9x8%", ">= 9x8%", 0), Pos::new(1, 4));
    }

    #[test]
    fn quotes_shift_by_one() {
        assert_eq!(at("k: \">= 9x8%\"", ">= 9x8%", 3), Pos::new(1, 8));
        assert_eq!(at("k: '>= 9x8%'", ">= 9x8%", 3), Pos::new(1, 8));
    }

    #[test]
    fn escapes_take_their_source_width() {
        // "\x3e= 9x8%" decodes to ">= 9x8%".
        assert_eq!(at(r#"k: "\x3e= 9x8%""#, ">= 9x8%", 3), Pos::new(1, 11));
        assert_eq!(at(r#"k: "\u003e\t9""#, ">\t9", 2), Pos::new(1, 13));
        assert_eq!(at("k: 'it''s x'", "it's x", 5), Pos::new(1, 11));
    }

    #[test]
    fn folded_lines_move_to_the_next_line() {
        let src = "k: \"ab\n   cd\"";
        assert_eq!(at(src, "ab cd", 3), Pos::new(2, 4));
    }

    #[test]
    fn unknown_styles_fall_back_to_the_scalar() {
        assert_eq!(at("k: !!str abc", "abc", 2), Pos::new(1, 4));
        assert_eq!(at("k: |\n  abc\n", "abc\n", 2), Pos::new(1, 4));
    }
}
