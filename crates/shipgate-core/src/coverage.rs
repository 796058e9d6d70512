use std::collections::BTreeMap;

use serde::Serialize;

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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileCoverage {
    /// The path as the report names it (relative or absolute, `/`-separated).
    pub path: String,
    /// Executable line number → hit count.
    pub lines: BTreeMap<u32, u64>,
    /// Line number → (branches valid, branches covered).
    pub branches: BTreeMap<u32, (u32, u32)>,
}

impl FileCoverage {
    pub fn new(path: impl Into<String>) -> Self {
        FileCoverage {
            path: path.into(),
            ..FileCoverage::default()
        }
    }

    /// Fold another record of the same file in: hits add up, branch counts take the larger.
    pub fn merge(&mut self, other: &FileCoverage) {
        for (line, hits) in &other.lines {
            let e = self.lines.entry(*line).or_insert(0);
            *e = e.saturating_add(*hits);
        }
        for (line, (valid, covered)) in &other.branches {
            let e = self.branches.entry(*line).or_insert((0, 0));
            e.0 = e.0.max(*valid);
            e.1 = e.1.max(*covered).min(e.0);
        }
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
