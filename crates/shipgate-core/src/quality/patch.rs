//! Patch coverage: of the executable lines changed since a git base, how many are covered.

use super::PatchEvidence;
use crate::CoverageReport;

/// Changed executable lines and how many of them are covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PatchTotals {
    pub lines_valid: u64,
    pub lines_covered: u64,
    /// Changed files that the coverage report knows.
    pub files_matched: u64,
}

/// Whether two paths name the same file: equal, or one ends with the other at a `/` boundary
/// (coverage tools write absolute or source-root-relative paths; git writes repository-relative).
fn same_file(coverage_path: &str, repo_path: &str) -> bool {
    let a = coverage_path.trim_start_matches("./");
    let b = repo_path.trim_start_matches("./");
    a == b || ends_with_segment(a, b) || ends_with_segment(b, a)
}

fn ends_with_segment(long: &str, short: &str) -> bool {
    long.len() > short.len()
        && long.ends_with(short)
        && long.as_bytes()[long.len() - short.len() - 1] == b'/'
}

/// Count changed executable lines, and covered ones, over every changed file.
pub fn patch_totals(coverage: &CoverageReport, patch: &PatchEvidence) -> PatchTotals {
    let mut t = PatchTotals::default();
    for (path, lines) in &patch.changed {
        let Some(file) = coverage
            .files
            .values()
            .find(|f| same_file(&f.path.replace('\\', "/"), path))
        else {
            continue;
        };
        t.files_matched += 1;
        for line in lines {
            if let Some(hits) = file.hits(*line) {
                t.lines_valid += 1;
                if hits > 0 {
                    t.lines_covered += 1;
                }
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CoverageFormat, FileCoverage};

    #[test]
    fn matches_paths_at_segment_boundaries() {
        assert!(same_file("/home/ci/repo/src/app.py", "src/app.py"));
        assert!(same_file("app.py", "src/app.py"));
        assert!(same_file("./src/app.py", "src/app.py"));
        assert!(!same_file("/repo/src/myapp.py", "src/app.py"));
        assert!(!same_file("src/app.py", "lib/app.py"));
    }

    #[test]
    fn counts_only_changed_executable_lines() {
        let mut cov = CoverageReport::new(CoverageFormat::Lcov, "lcov.info");
        let f =
            FileCoverage::from_unsorted("/abs/src/app.py", vec![(1, 1), (2, 0), (3, 4)], vec![]);
        cov.add_file(f);
        let mut patch = PatchEvidence {
            base: "main".into(),
            ..PatchEvidence::default()
        };
        patch
            .changed
            .insert("src/app.py".into(), [2, 3, 9].into_iter().collect());
        patch
            .changed
            .insert("README.md".into(), [1].into_iter().collect());
        let t = patch_totals(&cov, &patch);
        assert_eq!(
            t,
            PatchTotals {
                lines_valid: 2,
                lines_covered: 1,
                files_matched: 1
            }
        );
    }
}
