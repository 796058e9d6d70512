//! Relative links, images and `#fragment` anchors: `broken-link` and `missing-anchor`.
