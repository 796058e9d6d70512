//! Plain padded columns: reads the same with or without colour, no trailing whitespace.

use super::style::Style;

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// One cell: its text, and a style applied after padding so that colour codes never
/// disturb the alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    pub(crate) text: String,
    pub(crate) style: Option<Style>,
}

impl Cell {
    pub(crate) fn styled(text: String, style: Option<Style>) -> Cell {
        Cell { text, style }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell { text, style: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell {
            text: text.to_string(),
            style: None,
        }
    }
}

/// A table with a header row and a dashed rule under it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    headers: Vec<(String, Align)>,
    rows: Vec<Vec<Cell>>,
}

/// Space between columns.
const GAP: &str = "  ";

impl Table {
    /// A table with these column headers and alignments.
    pub(crate) fn new(headers: &[(&str, Align)]) -> Table {
        Table {
            headers: headers.iter().map(|(h, a)| (h.to_string(), *a)).collect(),
            rows: Vec::new(),
        }
    }

    /// Add a row; missing cells are blank, extra cells are dropped.
    pub(crate) fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The lines of the table, each prefixed with `indent`, without trailing whitespace.
    pub(crate) fn lines(&self, indent: &str) -> Vec<String> {
        let widths: Vec<usize> = self
            .headers
            .iter()
            .enumerate()
            .map(|(i, (header, _))| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .map(|cell| width(&cell.text))
                    .chain(std::iter::once(width(header)))
                    .max()
                    .unwrap_or(0)
            })
            .collect();

        let header: Vec<Cell> = self
            .headers
            .iter()
            .map(|(h, _)| Cell::from(h.as_str()))
            .collect();
        let rule: Vec<Cell> = widths.iter().map(|w| Cell::from("-".repeat(*w))).collect();
        std::iter::once(&header)
            .chain(std::iter::once(&rule))
            .chain(self.rows.iter())
            .map(|row| self.line(row, &widths, indent))
            .collect()
    }

    fn line(&self, row: &[Cell], widths: &[usize], indent: &str) -> String {
        let blank = Cell::from("");
        let mut out = String::from(indent);
        for (i, ((_, align), w)) in self.headers.iter().zip(widths).enumerate() {
            let cell = row.get(i).unwrap_or(&blank);
            if i > 0 {
                out.push_str(GAP);
            }
            let pad = " ".repeat(w.saturating_sub(width(&cell.text)));
            let text = match cell.style {
                Some(style) => style.paint(&cell.text),
                None => cell.text.clone(),
            };
            match align {
                Align::Left => {
                    out.push_str(&text);
                    out.push_str(&pad);
                }
                Align::Right => {
                    out.push_str(&pad);
                    out.push_str(&text);
                }
            }
        }
        out.trim_end().to_string()
    }
}

/// Display width, counting one column per character (good for the ASCII and common
/// single-width characters gate names and ids use).
fn width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn pads_left_and_right_and_trims() {
        let mut t = Table::new(&[
            ("Name", Align::Left),
            ("N", Align::Right),
            ("Note", Align::Left),
        ]);
        t.row(vec!["a".into(), "10".into(), "".into()]);
        t.row(vec!["long name".into(), "2".into(), "x".into()]);
        assert_eq!(
            t.lines("  "),
            vec![
                "  Name        N  Note",
                "  ---------  --  ----",
                "  a          10",
                "  long name   2  x",
            ]
        );
    }

    #[test]
    fn colour_does_not_shift_columns() {
        let mut t = Table::new(&[("S", Align::Left), ("T", Align::Left)]);
        t.row(vec![
            Cell::styled("ok".into(), Some(Style::Green)),
            "x".into(),
        ]);
        let lines = t.lines("");
        assert_eq!(lines[2], "\x1b[32mok\x1b[0m  x");
    }
}
