//! Relative links, images and `#fragment` anchors: `broken-link` and `missing-anchor`.

mod anchors;
mod check;
mod resolve;

pub(crate) use anchors::Anchors;
pub use check::{check, external};
pub(crate) use check::{own_path, CrossDocument, LinkCheck, Pending};
pub use resolve::{classify, is_external, percent_decode, resolve_link, split_destination, Target};
