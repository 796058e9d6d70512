//! A plain padded table for listings (history); reads well without colour.

pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Render padded columns, or a Markdown table.
    pub fn render(&self, markdown: bool) -> String {
        let mut out = String::new();
        if markdown {
            let line = |cells: &[String]| {
                format!(
                    "| {} |\n",
                    cells
                        .iter()
                        .map(|c| c.replace('|', "\\|"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            };
            out.push_str(&line(&self.header));
            out.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
            for r in &self.rows {
                out.push_str(&line(r));
            }
            return out;
        }
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(c.chars().count());
                }
            }
        }
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c:<w$}", w = widths.get(i).copied().unwrap_or(0)))
                .collect();
            format!("{}\n", padded.join("  ").trim_end())
        };
        out.push_str(&line(&self.header));
        out.push_str(&line(
            &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
        ));
        for r in &self.rows {
            out.push_str(&line(r));
        }
        if self.rows.is_empty() {
            out.push_str("(none)\n");
        }
        out
    }
}

pub use shipgate_core::format_unix;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_columns_and_marks_empty_tables() {
        let mut t = Table::new(&["A", "Long header"]);
        t.row(vec!["wide cell".into(), "x".into()]);
        assert_eq!(
            t.render(false),
            "A          Long header\n---------  -----------\nwide cell  x\n"
        );
        assert!(Table::new(&["A"]).render(false).ends_with("(none)\n"));
        let mut m = Table::new(&["A"]);
        m.row(vec!["a|b".into()]);
        assert_eq!(m.render(true), "| A |\n|---|\n| a\\|b |\n");
    }
}
