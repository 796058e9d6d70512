//! [`FileRecords`]: the per-line records of one file gathered while a report is read, turned
//! into a [`FileCoverage`] once the file's element closes.

use shipgate_core::FileCoverage;

/// Lines and branches of one file in the order the report gives them.
pub(crate) struct FileRecords {
    path: String,
    lines: Vec<(u32, u64)>,
    branches: Vec<(u32, (u32, u32))>,
}

impl FileRecords {
    /// No records yet for `path`.
    pub(crate) fn new(path: String) -> Self {
        FileRecords {
            path,
            lines: Vec::new(),
            branches: Vec::new(),
        }
    }

    /// An executable line and its hits (a line given twice adds up).
    pub(crate) fn line(&mut self, line: u32, hits: u64) {
        self.lines.push((line, hits));
    }

    /// A line's branches (a line given twice takes the larger valid and covered counts).
    pub(crate) fn branches(&mut self, line: u32, valid: u32, covered: u32) {
        self.branches.push((line, (valid, covered)));
    }

    /// The file's detail, sorted by line.
    pub(crate) fn finish(self) -> FileCoverage {
        FileCoverage::from_unsorted(self.path, self.lines, self.branches)
    }
}
