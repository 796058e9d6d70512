//! LCOV tracefiles (`geninfo`, c8/istanbul/nyc, coverage.py `coverage lcov`, cargo-llvm-cov,
//! grcov ...).
//!
//! Records: `SF:<path>` opens a file record, `DA:<line>,<hits>[,<checksum>]` is a line,
//! `BRDA:<line>,<block>,<branch>,<taken>` a branch (`taken` = `-` means never reached: valid,
//! not covered), `end_of_record` closes it. Summary records (`LF`, `LH`, `BRF`, `BRH`) and
//! every other record type (`TN`, `FN`, `FNDA`, `VER` ...) are ignored: totals are
//! recomputed from the detail. Repeated `SF` records for one path are merged: line hits add
//! up, and a branch (keyed by line, block and branch) is covered if any record took it.
//!
//! The parser works on bytes, one line at a time (line splitting with memchr, no allocation
//! per line), because tracefiles of large projects run to hundreds of megabytes; a file on
//! disk is read through a fixed buffer rather than loaded whole.

mod branch;
mod fields;
mod parser;
mod path_records;
mod stream;

pub(crate) use parser::parse;
pub(crate) use stream::parse_stream;
