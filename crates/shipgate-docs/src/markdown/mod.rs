//! Parsing Markdown into a [`crate::Document`] (pulldown-cmark with source offsets) and GitHub anchors.
