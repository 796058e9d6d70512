//! A fast path for reading the attributes of a tag: plain `key="value"` lists.
//!
//! quick-xml's attribute iterator is general (namespaces, error recovery, duplicate checks
//! with positions) and costs more than the rest of the parser for a report of a million
//! test cases, each carrying three attributes. [`plain_attributes`] scans the raw attribute
//! list of a tag itself, following exactly the rules quick-xml's iterator applies in XML
//! mode, and gives up (returns `None`) on anything that is not plain:
//!
//! - a malformed list (a key without `=`, a value without quotes or without its closing
//!   quote), and a duplicate key: quick-xml's iterator then produces the error, with its
//!   position, exactly as before;
//! - a key with a namespace prefix (`x:name`), or an empty key;
//! - a list holding `&`, a tab, a newline or a carriage return anywhere: values with them need
//!   unescaping or normalising, which quick-xml does (and whitespace other than a space is
//!   rare enough between attributes to leave to quick-xml too);
//! - more than [`MAX_PLAIN`] attributes.
//!
//! When it does answer, the keys and values are the ones quick-xml's iterator yields for the
//! same tag, and quick-xml would report no error: callers use the fast path when it answers
//! and quick-xml's iterator when it does not, so results and errors are unchanged.

/// The most attributes the fast path handles in one tag.
pub(crate) const MAX_PLAIN: usize = 8;

/// The attributes of one tag, all plain: keys without prefix, values needing no unescaping.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlainAttributes<'a> {
    pairs: [(&'a str, &'a str); MAX_PLAIN],
    len: usize,
}

impl<'a> PlainAttributes<'a> {
    /// The (key, value) pairs in document order.
    pub(crate) fn pairs(&self) -> &[(&'a str, &'a str)] {
        self.pairs.get(..self.len).unwrap_or_default()
    }
}

/// Whether `a` and `b` are the same bytes (a loop: keys are a few bytes long, shorter than
/// the cost of calling `memcmp`).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Scan `raw`, the attribute list of a tag (everything after the tag name, as
/// `BytesStart::attributes_raw` gives it). `None` when the list is not plain (see the module
/// documentation); then quick-xml's iterator must be used.
pub(crate) fn plain_attributes(raw: &str) -> Option<PlainAttributes<'_>> {
    let bytes = raw.as_bytes();
    // One look at the whole list first: without `&`, tabs and line breaks (what generated
    // reports write), no value needs unescaping or normalising and the only whitespace is a
    // space. Lists with them are left to quick-xml.
    if memchr::memchr3(b'&', b'\t', b'\n', bytes).is_some()
        || memchr::memchr(b'\r', bytes).is_some()
    {
        return None;
    }
    let mut out = PlainAttributes {
        pairs: [("", ""); MAX_PLAIN],
        len: 0,
    };
    let mut at = 0;
    loop {
        // the next key starts at the next non-space byte
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        if at >= bytes.len() {
            return Some(out);
        }
        let key_start = at;
        while let Some(&b) = bytes.get(at) {
            match b {
                b'=' | b' ' => break,
                // a namespace prefix: left to quick-xml
                b':' => return None,
                _ => at += 1,
            }
        }
        let key_end = at;
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') || key_end == key_start {
            return None;
        }
        at += 1;
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        let quote = match bytes.get(at) {
            Some(&q) if q == b'"' || q == b'\'' => q,
            _ => return None,
        };
        let value_start = at + 1;
        let value_len = bytes.get(value_start..)?.iter().position(|&b| b == quote)?;
        let value_end = value_start + value_len;
        at = value_end + 1;

        // both lie between ASCII delimiters, so they are whole characters of `raw`
        let key = raw.get(key_start..key_end)?;
        let value = raw.get(value_start..value_end)?;
        if out
            .pairs()
            .iter()
            .any(|(k, _)| same(k.as_bytes(), key.as_bytes()))
        {
            return None;
        }
        let slot = out.pairs.get_mut(out.len)?;
        *slot = (key, value);
        out.len += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use quick_xml::events::BytesStart;

    /// What quick-xml's iterator yields for the attribute list `raw`: the pairs, or `None`
    /// when it reports an error (values taken raw, keys as written).
    fn quick_xml_pairs(raw: &str) -> Option<Vec<(String, String)>> {
        let tag = format!("t{raw}");
        let start = BytesStart::from_content(tag.as_str(), 1);
        let mut pairs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.ok()?;
            pairs.push((attr.key.as_ref().to_owned(), attr.value.into_owned()));
        }
        Some(pairs)
    }

    fn fast_pairs(raw: &str) -> Option<Vec<(String, String)>> {
        plain_attributes(raw).map(|p| {
            p.pairs()
                .iter()
                .map(|&(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
    }

    #[test]
    fn reads_plain_lists() {
        assert_eq!(
            fast_pairs(r#" classname="a.b" name = 'c d'  time="0.1" "#),
            Some(vec![
                ("classname".into(), "a.b".into()),
                ("name".into(), "c d".into()),
                ("time".into(), "0.1".into())
            ])
        );
        assert_eq!(fast_pairs(""), Some(vec![]));
        assert_eq!(fast_pairs(" "), Some(vec![]));
        // quick-xml needs no space between a closing quote and the next key
        assert_eq!(
            fast_pairs(r#" a="1"b='2'"#),
            Some(vec![("a".into(), "1".into()), ("b".into(), "2".into())])
        );
    }

    #[test]
    fn gives_up_on_anything_not_plain() {
        for raw in [
            " name",
            " name=",
            " name=x",
            " name=\"x",
            " name='x\"",
            " name=\"a\" name=\"b\"",
            " x:name=\"a\"",
            " =\"a\"",
            " name=\"a&amp;b\"",
            " name=\"a\nb\"",
            " name=\"a\tb\"",
            " name=\"a\rb\"",
            " name=\"a\"\n",
            " a:b=\"1\"",
            " a='1' b='1' c='1' d='1' e='1' f='1' g='1' h='1' i='1'",
        ] {
            assert!(plain_attributes(raw).is_none(), "{raw:?}");
        }
    }

    /// Bytes that matter to attribute syntax, and a few that do not.
    fn syntax_char() -> impl Strategy<Value = char> {
        prop::sample::select(vec![
            ' ', '\t', '\n', '\r', '=', '"', '\'', '&', ':', 'a', 'b', 'n', 'é', '<', '>', '/',
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Whenever the fast path answers, quick-xml's iterator yields the same pairs and no
        /// error; a list quick-xml accepts, with plain keys and no `&`, tab or line break,
        /// gets a fast answer (quick-xml takes a key's first byte even when it is `=`; the
        /// fast path gives up).
        #[test]
        fn agrees_with_quick_xml(chars in proptest::collection::vec(syntax_char(), 0..40)) {
            let raw: String = chars.into_iter().collect();
            let raw = format!(" {raw}");
            let fast = fast_pairs(&raw);
            let slow = quick_xml_pairs(&raw);
            if let Some(fast) = &fast {
                prop_assert_eq!(Some(fast), slow.as_ref());
            }
            if let Some(slow) = &slow {
                let plain = slow.len() <= MAX_PLAIN
                    && !raw.contains(['&', '\t', '\n', '\r'])
                    && slow.iter().all(|(k, _)| !k.is_empty() && !k.contains([':', '=']));
                prop_assert_eq!(plain, fast.is_some());
            }
        }

        /// Well-formed lists built from parts: the fast path reads them as quick-xml does.
        #[test]
        fn agrees_on_generated_lists(
            attrs in proptest::collection::vec(
                ("[a-z]{1,3}", "[ \t\n]{0,2}", "[ \t\n]{0,2}", any::<bool>(), "[a-z0-9 .&;,é]{0,6}", "[ \t\n]{0,2}"),
                0..6,
            ),
        ) {
            let mut raw = String::new();
            for (key, before_eq, after_eq, single, value, after) in attrs {
                let q = if single { '\'' } else { '"' };
                raw.push_str(&format!(" {key}{before_eq}={after_eq}{q}{value}{q}{after}"));
            }
            let fast = fast_pairs(&raw);
            let slow = quick_xml_pairs(&raw);
            if let Some(fast) = &fast {
                prop_assert_eq!(Some(fast), slow.as_ref());
            }
            if slow.is_some() {
                let plain = !raw.contains(['&', '\t', '\n', '\r']);
                prop_assert_eq!(plain, fast.is_some());
            }
        }
    }
}
