//! Relative links, images and `#fragment` anchors: `broken-link` and `missing-anchor`.

mod check;
mod resolve;

pub(crate) use check::check_listed;
pub use check::{check, external};
pub use resolve::{classify, is_external, percent_decode, resolve_link, split_destination, Target};
