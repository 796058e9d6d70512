use std::collections::BTreeMap;

use serde::Serialize;

use crate::LineMap;

/// Which coverage format a report was read from (detected from content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageFormat {
    Cobertura,
    Lcov,
    Jacoco,
    CoveragePyJson,
}

impl CoverageFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            CoverageFormat::Cobertura => "cobertura",
            CoverageFormat::Lcov => "lcov",
            CoverageFormat::Jacoco => "jacoco",
            CoverageFormat::CoveragePyJson => "coverage.py json",
        }
    }
}

/// Per-file coverage detail; totals are always recomputed from it.
///
/// Lines and branches are [`LineMap`]s: sorted by line number, one entry per line. The
/// constructors and [`FileCoverage::merge`] keep that invariant.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileCoverage {
    /// The path as the report names it (relative or absolute, `/`-separated).
    pub path: String,
    /// Executable line number → hit count.
    lines: LineMap<u64>,
    /// Line number → (branches valid, branches covered).
    branches: LineMap<(u32, u32)>,
}

impl FileCoverage {
    /// A file with no executable lines and no branches (yet).
    pub fn new(path: impl Into<String>) -> Self {
        FileCoverage {
            path: path.into(),
            ..FileCoverage::default()
        }
    }

    /// A file from its records in any order, as one report's record of the file lists them:
    /// hits of a line given twice add up; branch counts of a line given twice take the
    /// larger valid and the larger covered count.
    pub fn from_unsorted(
        path: impl Into<String>,
        lines: Vec<(u32, u64)>,
        branches: Vec<(u32, (u32, u32))>,
    ) -> Self {
        FileCoverage {
            path: path.into(),
            lines: LineMap::from_unsorted(lines, |kept, hits| *kept = kept.saturating_add(hits)),
            branches: LineMap::from_unsorted(branches, |kept, (valid, covered)| {
                kept.0 = kept.0.max(valid);
                kept.1 = kept.1.max(covered);
            }),
        }
    }

    /// A file from maps already built (by a parser with its own rules for repeated lines).
    pub fn from_maps(
        path: impl Into<String>,
        lines: LineMap<u64>,
        branches: LineMap<(u32, u32)>,
    ) -> Self {
        FileCoverage {
            path: path.into(),
            lines,
            branches,
        }
    }

    /// Executable line number → hit count, in line order.
    pub fn lines(&self) -> &LineMap<u64> {
        &self.lines
    }

    /// Line number → (branches valid, branches covered), in line order.
    pub fn branches(&self) -> &LineMap<(u32, u32)> {
        &self.branches
    }

    /// The hit count of `line`; `None` when it is not an executable line.
    pub fn hits(&self, line: u32) -> Option<u64> {
        self.lines.get(&line).copied()
    }

    /// Fold another record of the same file in: hits add up, branch counts take the larger
    /// (covered never above valid).
    pub fn merge(&mut self, other: &FileCoverage) {
        self.lines
            .merge_with(&other.lines, |a, b| a.saturating_add(*b), |b| *b);
        self.branches.merge_with(
            &other.branches,
            |(valid, covered), (their_valid, their_covered)| {
                let valid = (*valid).max(*their_valid);
                (valid, (*covered).max(*their_covered).min(valid))
            },
            |(valid, covered)| (*valid, (*covered).min(*valid)),
        );
    }
}

/// Lines and branches, valid and covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CoverageTotals {
    pub lines_valid: u64,
    pub lines_covered: u64,
    pub branches_valid: u64,
    pub branches_covered: u64,
}

impl CoverageTotals {
    /// Line coverage as a ratio; `None` when there are no executable lines.
    pub fn line_ratio(&self) -> Option<f64> {
        ratio(self.lines_covered, self.lines_valid)
    }

    /// Branch coverage as a ratio; `None` when there are no branches.
    pub fn branch_ratio(&self) -> Option<f64> {
        ratio(self.branches_covered, self.branches_valid)
    }
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Coverage from one or more reports, merged per file path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageReport {
    /// The formats the merged reports were in.
    pub formats: Vec<CoverageFormat>,
    /// The report files read.
    pub sources: Vec<String>,
    /// Files in path order.
    pub files: BTreeMap<String, FileCoverage>,
}

impl CoverageReport {
    pub fn new(format: CoverageFormat, source: impl Into<String>) -> Self {
        CoverageReport {
            formats: vec![format],
            sources: vec![source.into()],
            files: BTreeMap::new(),
        }
    }

    /// Add a file's detail, merging with a record of the same path.
    pub fn add_file(&mut self, file: FileCoverage) {
        match self.files.get_mut(&file.path) {
            Some(existing) => existing.merge(&file),
            None => {
                self.files.insert(file.path.clone(), file);
            }
        }
    }

    /// Merge another report in (several `--coverage` files form one picture).
    pub fn merge(&mut self, other: CoverageReport) {
        for f in other.formats {
            if !self.formats.contains(&f) {
                self.formats.push(f);
            }
        }
        self.sources.extend(other.sources);
        for (_, file) in other.files {
            self.add_file(file);
        }
    }

    /// Totals recomputed from the per-line detail.
    pub fn totals(&self) -> CoverageTotals {
        let mut t = CoverageTotals::default();
        for f in self.files.values() {
            t.lines_valid += f.lines.len() as u64;
            t.lines_covered += f.lines.values().filter(|h| **h > 0).count() as u64;
            for (valid, covered) in f.branches.values() {
                t.branches_valid += u64::from(*valid);
                t.branches_covered += u64::from((*covered).min(*valid));
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_unsorted_adds_hits_and_takes_the_larger_branch_counts() {
        let f = FileCoverage::from_unsorted(
            "a.c",
            vec![(3, 1), (1, 0), (3, u64::MAX)],
            vec![(2, (2, 1)), (2, (1, 1)), (2, (4, 0))],
        );
        assert_eq!(f.lines().as_slice(), &[(1, 0), (3, u64::MAX)]);
        assert_eq!(f.branches().as_slice(), &[(2, (4, 1))]);
        assert_eq!(f.hits(1), Some(0));
        assert_eq!(f.hits(2), None);
    }

    #[test]
    fn merge_adds_hits_and_keeps_covered_within_valid() {
        let mut a = FileCoverage::from_unsorted("a.c", vec![(1, 1), (5, 2)], vec![(1, (2, 1))]);
        let b = FileCoverage::from_unsorted(
            "a.c",
            vec![(1, 3), (2, 0), (9, 1)],
            vec![(1, (1, 2)), (7, (1, 3))],
        );
        a.merge(&b);
        assert_eq!(a.lines().as_slice(), &[(1, 4), (2, 0), (5, 2), (9, 1)]);
        assert_eq!(a.branches().as_slice(), &[(1, (2, 2)), (7, (1, 1))]);

        let mut report = CoverageReport::new(CoverageFormat::Lcov, "x.info");
        report.add_file(a);
        report.add_file(FileCoverage::from_unsorted("b.c", vec![(1, 0)], vec![]));
        let t = report.totals();
        assert_eq!((t.lines_valid, t.lines_covered), (5, 3));
        assert_eq!((t.branches_valid, t.branches_covered), (3, 3));
    }
}
