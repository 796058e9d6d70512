//! Streaming XML plumbing shared by the Cobertura and JaCoCo parsers: a quick-xml reader
//! that refuses DTD internal subsets, reports `line:column`, and checks the document ends
//! with its root element closed.

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::error::CoverageError;
use crate::Location;

/// An element event the parsers act on.
pub(crate) enum Tag<'a> {
    /// `<name ...>`
    Open(BytesStart<'a>),
    /// `<name .../>`
    Empty(BytesStart<'a>),
    /// `</name>`
    Close,
}

impl<'a> Tag<'a> {
    /// The start tag of an `Open` or `Empty` element.
    pub(crate) fn as_start(&self) -> Option<&BytesStart<'a>> {
        match self {
            Tag::Open(start) | Tag::Empty(start) => Some(start),
            Tag::Close => None,
        }
    }
}

/// A pull reader over an in-memory XML document.
pub(crate) struct XmlEvents<'a> {
    reader: Reader<&'a [u8]>,
    bytes: &'a [u8],
    source: &'a str,
    depth: usize,
    event_start: u64,
}

impl<'a> XmlEvents<'a> {
    /// A reader over `bytes`; `source` names the document in errors.
    pub(crate) fn new(bytes: &'a [u8], source: &'a str) -> Self {
        let mut reader = Reader::from_reader(bytes);
        let config = reader.config_mut();
        config.trim_text(true);
        config.expand_empty_elements = false;
        config.check_end_names = true;
        XmlEvents {
            reader,
            bytes,
            source,
            depth: 0,
            event_start: 0,
        }
    }

    /// The next element event, or `None` at the end of the document.
    pub(crate) fn next_event(&mut self) -> Result<Option<Tag<'a>>, CoverageError> {
        loop {
            self.event_start = self.reader.buffer_position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    let location = Location::of_offset(self.bytes, self.reader.error_position());
                    return Err(CoverageError::Xml {
                        path: self.source.to_owned(),
                        location,
                        message: err.to_string(),
                    });
                }
            };
            match event {
                Event::Start(start) => {
                    self.depth = self.depth.saturating_add(1);
                    return Ok(Some(Tag::Open(start)));
                }
                Event::Empty(start) => return Ok(Some(Tag::Empty(start))),
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Some(Tag::Close));
                }
                Event::DocType(text) => {
                    if has_internal_subset(text.as_ref()) {
                        return Err(CoverageError::DtdRefused {
                            path: self.source.to_owned(),
                            location: self.location(),
                        });
                    }
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(CoverageError::Xml {
                            path: self.source.to_owned(),
                            location: Location::of_offset(self.bytes, self.reader.buffer_position()),
                            message: format!(
                                "unexpected end of file: {} element(s) still open (the file looks truncated)",
                                self.depth
                            ),
                        });
                    }
                    return Ok(None);
                }
                Event::Text(_)
                | Event::CData(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::GeneralRef(_) => {}
            }
        }
    }

    /// Where the last event starts (its `<`).
    pub(crate) fn location(&self) -> Location {
        let from = usize::try_from(self.event_start)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        let skip = self
            .bytes
            .get(from..)
            .and_then(|rest| memchr::memchr(b'<', rest))
            .unwrap_or(0);
        Location::of_offset(self.bytes, (from + skip) as u64)
    }

    /// An [`CoverageError::InvalidXml`] at the last event.
    pub(crate) fn invalid(&self, message: String) -> CoverageError {
        CoverageError::InvalidXml {
            path: self.source.to_owned(),
            location: self.location(),
            message,
        }
    }

    /// The attributes `names` of `start`, in that order, reading every attribute once so
    /// that a malformed one is an error wherever it sits.
    pub(crate) fn attrs<'s, const N: usize>(
        &self,
        start: &'s BytesStart<'_>,
        names: [&str; N],
    ) -> Result<[Option<Attribute<'s>>; N], CoverageError> {
        let mut found: [Option<Attribute<'s>>; N] = std::array::from_fn(|_| None);
        for attr in start.attributes() {
            let attr = attr.map_err(|err| CoverageError::Xml {
                path: self.source.to_owned(),
                location: self.location(),
                message: err.to_string(),
            })?;
            if let Some(slot) = names.iter().position(|name| *name == attr.key.as_ref()) {
                if let Some(entry) = found.get_mut(slot) {
                    *entry = Some(attr);
                }
            }
        }
        Ok(found)
    }

    /// The unescaped, normalized text of an attribute.
    pub(crate) fn text(
        &self,
        attr: Option<&Attribute<'_>>,
    ) -> Result<Option<String>, CoverageError> {
        let Some(attr) = attr else { return Ok(None) };
        match attr.normalized_value(XmlVersion::Implicit1_0) {
            Ok(value) => Ok(Some(value.into_owned())),
            Err(err) => Err(self.invalid(format!("attribute `{}`: {err}", attr.key.as_ref()))),
        }
    }

    /// An attribute parsed with `parse`; an error names the element, attribute and value.
    pub(crate) fn number<T>(
        &self,
        start: &BytesStart<'_>,
        attr: Option<&Attribute<'_>>,
        what: &str,
        parse: fn(&[u8]) -> Option<T>,
    ) -> Result<Option<T>, CoverageError> {
        let Some(attr) = attr else { return Ok(None) };
        match parse(attr.value.as_bytes()) {
            Some(value) => Ok(Some(value)),
            None => Err(self.invalid(format!(
                "<{}> attribute `{}` = {:?} is not {what}",
                start.local_name().into_inner(),
                attr.key.as_ref(),
                attr.value
            ))),
        }
    }

    /// Like [`Self::number`], but a missing attribute (`name`) is an error.
    pub(crate) fn required_number<T>(
        &self,
        start: &BytesStart<'_>,
        attr: Option<&Attribute<'_>>,
        name: &str,
        what: &str,
        parse: fn(&[u8]) -> Option<T>,
    ) -> Result<T, CoverageError> {
        match self.number(start, attr, what, parse)? {
            Some(value) => Ok(value),
            None => Err(self.invalid(format!(
                "<{}> has no `{name}` attribute",
                start.local_name().into_inner()
            ))),
        }
    }
}

/// Whether a DOCTYPE body (`coverage SYSTEM "..."`) has an internal subset (`[...]`, where
/// entities would be declared); brackets inside quoted literals do not count.
fn has_internal_subset(doctype: &str) -> bool {
    let mut quote: Option<char> = None;
    for c in doctype.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => return true,
            (None, _) => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::has_internal_subset;

    #[test]
    fn internal_subsets_are_found_outside_quotes_only() {
        assert!(!has_internal_subset(
            r#"report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd""#
        ));
        assert!(!has_internal_subset(
            r#"coverage SYSTEM "http://x/[weird].dtd""#
        ));
        assert!(has_internal_subset(r#"coverage [ <!ENTITY a "b"> ]"#));
        assert!(has_internal_subset(
            r#"coverage SYSTEM 'x.dtd' [<!ENTITY a "b">]"#
        ));
    }
}
