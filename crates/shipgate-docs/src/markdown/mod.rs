//! Parsing Markdown into a [`crate::Document`] (pulldown-cmark with source offsets) and GitHub anchors.

mod admonition;
mod destinations;
mod html;
mod myst;
mod parse;
mod pieces;
mod position;
mod slug;

pub use parse::parse;
pub use position::LineIndex;
pub use slug::{slug, Slugger};
