//! Escaping for GitHub workflow commands (`::error title=…::message`).

/// Escape a command's message: `%`, `\r` and `\n` become `%25`, `%0D`, `%0A`.
pub(crate) fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escape a property value (`title=…`): as [`data`], plus `:` → `%3A` and `,` → `%2C`.
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data() {
        assert_eq!(data("100% of a\r\nb: c, d"), "100%25 of a%0D%0Ab: c, d");
    }

    #[test]
    fn escapes_properties() {
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
