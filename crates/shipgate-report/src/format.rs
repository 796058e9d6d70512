use std::fmt;
use std::str::FromStr;

/// An output format a [`Report`](shipgate_core::Report) can be rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// An aligned table for terminals and CI logs.
    Human,
    /// The stable JSON contract (`schema_version` 1).
    Json,
    /// JUnit XML with one test case per gate.
    Junit,
    /// GitHub-flavoured Markdown, as appended to a step summary.
    Markdown,
    /// SARIF 2.1.0, for code-scanning tools: one result per documentation finding (with
    /// its file, line and column), or per gate that did not pass.
    Sarif,
}

impl Format {
    /// Every format, in the order they are listed in help texts.
    pub const ALL: [Format; 5] = [
        Format::Human,
        Format::Json,
        Format::Junit,
        Format::Markdown,
        Format::Sarif,
    ];

    /// The name used on the command line (`human`, `json`, `junit`, `markdown`, `sarif`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Sarif => "sarif",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFormatError {
    /// The name as given.
    pub input: String,
}

impl fmt::Display for ParseFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown format `{}` (expected one of: ", self.input)?;
        for (i, format) in Format::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(format.as_str())?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ParseFormatError {}

impl FromStr for Format {
    type Err = ParseFormatError;

    /// Parse a format name; case-insensitive, surrounding whitespace ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| ParseFormatError {
                input: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_name() {
        for format in Format::ALL {
            assert_eq!(format.to_string().parse::<Format>(), Ok(format));
        }
        assert_eq!(" JSON ".parse::<Format>(), Ok(Format::Json));
        assert_eq!("SARIF".parse::<Format>(), Ok(Format::Sarif));
    }

    #[test]
    fn unknown_names_list_the_choices() {
        let err = "html".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format `html` (expected one of: human, json, junit, markdown, sarif)"
        );
    }
}
