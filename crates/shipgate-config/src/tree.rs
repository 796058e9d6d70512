//! The YAML document as a tree of nodes that remember where they were written.
//!
//! serde-saphyr parses the text and reports syntax errors with their location; every node is
//! read through [`serde_saphyr::Spanned`] so that the schema checks in `resolve` can name the
//! line and column of any key or value. No serde-saphyr type leaves this module.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::location::{Pos, ScalarSite};

/// One YAML node and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub kind: Kind,
    /// Where the node is used (for an alias, the `*alias` token).
    pub at: Pos,
    /// Where the node's text is written (for an alias, the anchored node).
    pub site: ScalarSite,
    /// Byte length of the node's text in the source, when known.
    pub byte_len: Option<usize>,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in document order.
    Map(Vec<(Node, Node)>),
    /// Anything else a deserializer may produce (binary data, tagged values).
    Other,
}

impl Kind {
    /// The kind's name in messages: "a string", "a list", ...
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "nothing (null)",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
            Kind::Other => "an unsupported value",
        }
    }
}

impl Node {
    /// The text of a scalar as written (numbers and booleans keep their spelling), or
    /// `None` for null, collections and unsupported values.
    pub fn scalar_text(&self, source: &str) -> Option<String> {
        match &self.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Bool(_) | Kind::Int(_) | Kind::Float(_) => {
                let raw = self
                    .site
                    .byte
                    .zip(self.byte_len)
                    .and_then(|(start, len)| source.get(start..start.checked_add(len)?));
                Some(match (raw, &self.kind) {
                    (Some(r), _) if !r.is_empty() => r.to_string(),
                    (_, Kind::Bool(b)) => b.to_string(),
                    (_, Kind::Int(i)) => i.to_string(),
                    (_, Kind::Float(f)) => f.to_string(),
                    _ => return None,
                })
            }
            _ => None,
        }
    }
}

fn pos(l: Location) -> Pos {
    Pos::new(l.line(), l.column())
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Kind>::deserialize(deserializer)?;
        let span = spanned.defined.span();
        let byte_len = span.byte_len().and_then(|l| usize::try_from(l).ok());
        Ok(Node {
            kind: spanned.value,
            at: pos(spanned.referenced),
            site: ScalarSite {
                pos: pos(spanned.defined),
                byte: span.byte_offset().and_then(|b| usize::try_from(b).ok()),
            },
            byte_len,
        })
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Int(i128::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
        Ok(Kind::Int(i128::from(v)))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Kind, E> {
        Ok(Kind::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Kind, E> {
        Ok(i128::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, _v: &[u8]) -> Result<Kind, E> {
        Ok(Kind::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Kind, D::Error> {
        Kind::deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Kind, D::Error> {
        Kind::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Kind::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<Node, Node>()? {
            entries.push(entry);
        }
        Ok(Kind::Map(entries))
    }
}
