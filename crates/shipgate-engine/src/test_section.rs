//! The test-quality section, the shared path of `tests`, `tests run` and `check`: gather
//! evidence, read history, evaluate, record.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use shipgate_core::quality::{evaluate, FlipRateNote, PreviousCoverage, TestEvidence, TestGates};
use shipgate_core::{CoverageReport, GateResult, Report, TestRun};
use shipgate_store::{RunRecord, Store};

use crate::context::Context;
use crate::error::EngineError;
use crate::interruptible::blocking;
use crate::{git, globs};

/// Globs for one run, and where relative globs start.
pub struct RunSpec {
    pub label: String,
    pub shuffled: bool,
    pub globs: Vec<String>,
}

/// The reports a test evaluation reads: `junit` files together form one in-order run, each
/// of `runs` one more in-order run, each of `shuffled_runs` one shuffled run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub junit: Vec<String>,
    pub runs: Vec<String>,
    pub shuffled_runs: Vec<String>,
    pub coverage: Vec<String>,
}

impl Evidence {
    /// Whether nothing is named.
    pub fn is_empty(&self) -> bool {
        self.junit.is_empty()
            && self.runs.is_empty()
            && self.shuffled_runs.is_empty()
            && self.coverage.is_empty()
    }

    /// The runs these globs describe.
    pub fn run_specs(&self) -> Vec<RunSpec> {
        let mut specs = Vec::new();
        if !self.junit.is_empty() {
            specs.push(RunSpec {
                label: self.junit.join(", "),
                shuffled: false,
                globs: self.junit.clone(),
            });
        }
        specs.extend(self.runs.iter().map(|g| RunSpec {
            label: g.clone(),
            shuffled: false,
            globs: vec![g.clone()],
        }));
        specs.extend(self.shuffled_runs.iter().map(|g| RunSpec {
            label: g.clone(),
            shuffled: true,
            globs: vec![g.clone()],
        }));
        specs
    }
}

/// A `shipgate tests` request: evidence named on the command line (else the config's),
/// `--base`, and gate thresholds that override the config's (`(gate name, condition)`).
#[derive(Debug, Clone, Default)]
pub struct TestsRequest {
    pub evidence: Evidence,
    pub base: Option<String>,
    pub gate_overrides: Vec<(String, String)>,
}

/// The gates in force: defaults, then the config's, then command-line overrides.
pub fn gates(ctx: &Context<'_>, overrides: &[(String, String)]) -> Result<TestGates, EngineError> {
    let mut gates = ctx
        .config
        .as_ref()
        .and_then(|c| c.tests.as_ref())
        .map(|t| t.gates.clone())
        .unwrap_or_default();
    for (name, text) in overrides {
        gates
            .set(name, text)
            .map_err(|source| EngineError::GateOverride {
                flag: name.replace('_', "-"),
                text: text.clone(),
                source,
            })?;
    }
    Ok(gates)
}

/// `shipgate tests`: evaluate the gates over existing reports. Evidence named in the
/// request replaces the config's; globs are relative to where they were written (the
/// current folder, or the config's folder).
pub async fn evaluate_tests(
    ctx: &Context<'_>,
    request: &TestsRequest,
) -> Result<Report, EngineError> {
    let gates = gates(ctx, &request.gate_overrides)?;
    let configured = ctx.config.as_ref().and_then(|c| c.tests.as_ref());
    let (evidence, base_dir) = match (request.evidence.is_empty(), configured) {
        (false, _) | (true, None) => (request.evidence.clone(), ctx.cwd.clone()),
        (true, Some(t)) => (
            Evidence {
                junit: t.junit.clone(),
                runs: t.runs.clone(),
                shuffled_runs: t.shuffled_runs.clone(),
                coverage: t.coverage.clone(),
            },
            ctx.config_dir().to_path_buf(),
        ),
    };
    if evidence.is_empty() {
        return Err(EngineError::NoEvidence {
            what: "no evidence given: pass --junit, --run, --shuffled-run or --coverage (or configure `tests:` in shipgate.yaml); see `shipgate tests --help`",
        });
    }
    let base = request
        .base
        .clone()
        .or_else(|| configured.and_then(|t| t.base.clone()));
    evaluate_evidence(ctx, &evidence, &base_dir, base, gates, "tests")?.record(ctx)
}

/// The `tests:` section of the config (for `shipgate check`), not yet recorded.
pub async fn evaluate_tests_section(ctx: &Context<'_>) -> Result<Evaluated, EngineError> {
    let config = ctx.config("")?;
    let Some(tests) = &config.tests else {
        return Err(EngineError::NoSection {
            config: config.path.clone(),
            section: "tests",
            hint: "see `shipgate tests --help`",
        });
    };
    let evidence = Evidence {
        junit: tests.junit.clone(),
        runs: tests.runs.clone(),
        shuffled_runs: tests.shuffled_runs.clone(),
        coverage: tests.coverage.clone(),
    };
    if evidence.is_empty() {
        return Err(EngineError::NoEvidence {
            what: "`tests:` names no evidence (set junit, runs, shuffled_runs or coverage)",
        });
    }
    let gates = gates(ctx, &[])?;
    evaluate_evidence(
        ctx,
        &evidence,
        &config.dir,
        tests.base.clone(),
        gates,
        "check",
    )
}

fn evaluate_evidence(
    ctx: &Context<'_>,
    evidence: &Evidence,
    base_dir: &Path,
    base: Option<String>,
    gates: TestGates,
    command: &'static str,
) -> Result<Evaluated, EngineError> {
    blocking(|| {
        let runs = read_runs(&evidence.run_specs(), base_dir)?;
        let coverage = read_coverage(&evidence.coverage, base_dir)?;
        evaluate_inputs(
            ctx,
            Inputs {
                runs,
                coverage,
                base,
                gates,
                extra_gates: Vec::new(),
                command,
            },
        )
    })
}

/// Read every run's JUnit files.
pub fn read_runs(specs: &[RunSpec], base: &Path) -> Result<Vec<TestRun>, EngineError> {
    let mut runs = Vec::with_capacity(specs.len());
    for spec in specs {
        let files = globs::expand_all(&spec.globs, base)?;
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        tracing::info!(run = %spec.label, files = refs.len(), "reading JUnit");
        runs.push(shipgate_ingest::read_junit_run(
            &spec.label,
            spec.shuffled,
            &refs,
        )?);
    }
    Ok(runs)
}

/// Read and merge every coverage report matched by `patterns`.
pub fn read_coverage(
    patterns: &[String],
    base: &Path,
) -> Result<Option<CoverageReport>, EngineError> {
    let mut merged: Option<CoverageReport> = None;
    for file in globs::expand_all(patterns, base)? {
        let report = shipgate_ingest::read_coverage(&file)?;
        match &mut merged {
            Some(m) => m.merge(report),
            None => merged = Some(report),
        }
    }
    Ok(merged)
}

/// Everything a test evaluation needs besides the runs.
pub struct Inputs {
    pub runs: Vec<TestRun>,
    pub coverage: Option<CoverageReport>,
    pub base: Option<String>,
    pub gates: TestGates,
    /// Gates added by the caller (e.g. a test command whose exit status contradicts its report).
    pub extra_gates: Vec<GateResult>,
    /// How the invocation is recorded in the store (`tests`, `tests run`, `check`).
    pub command: &'static str,
}

/// Evaluate and record the run when a store is in use; returns the report.
pub fn evaluate_and_record(ctx: &Context<'_>, inputs: Inputs) -> Result<Report, EngineError> {
    evaluate_inputs(ctx, inputs)?.record(ctx)
}

/// An evaluated test section not yet recorded: `shipgate check` records it only once every
/// other section could be evaluated (a check that ends in exit 3 records nothing).
pub struct Evaluated {
    pub report: Report,
    evidence: TestEvidence,
    branch: Option<String>,
    commit: Option<String>,
    command: &'static str,
}

impl Evaluated {
    /// Record the run when a store is in use; returns the report.
    pub fn record(self, ctx: &Context<'_>) -> Result<Report, EngineError> {
        let Evaluated {
            report,
            evidence,
            branch,
            commit,
            command,
        } = self;
        if let Some(path) = &ctx.store {
            let mut store = Store::open(path)?;
            // the store is output too: what it keeps has its secrets removed
            let mut stored = report.clone();
            stored.redact(ctx.redactor());
            let record = RunRecord {
                commit,
                branch,
                recorded_at: SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64),
                command: command.to_string(),
                runs: &evidence.runs,
                coverage: report.coverage,
                report: &stored,
            };
            let id = store.record(&record)?;
            tracing::info!(store = %path.display(), invocation = id, "recorded");
        }
        // A million test records or coverage lines take longer to free than to use again:
        // the process ends right after this, so leave the memory to the operating system.
        std::mem::forget(evidence);
        Ok(report)
    }
}

/// Evaluate the gates over `inputs` with what history says; records nothing.
pub fn evaluate_inputs(ctx: &Context<'_>, inputs: Inputs) -> Result<Evaluated, EngineError> {
    let patch = match &inputs.base {
        Some(base) => Some(git::changed_lines(base, &ctx.cwd)?),
        None => None,
    };
    // branch and commit only matter to the store (what to record, which history to compare)
    let (branch, commit) = match &ctx.store {
        Some(_) => (
            git::branch(ctx.env, &ctx.cwd),
            git::commit(ctx.env, &ctx.cwd),
        ),
        None => (None, None),
    };
    let existing = match &ctx.store {
        Some(path) => Store::open_existing(path)?,
        None => None,
    };
    let mut previous_coverage = None;
    let mut flip_rates = Vec::new();
    if let Some(store) = &existing {
        if let Some(b) = &branch {
            previous_coverage = store.last_coverage(b)?.and_then(|p| {
                p.totals.line_ratio().map(|r| PreviousCoverage {
                    line_ratio: r,
                    branch: b.clone(),
                    commit: p.commit.clone(),
                })
            });
        }
        flip_rates = store
            .flip_rates(50)?
            .into_iter()
            .filter(|f| f.rate > 0.0)
            .take(10)
            .map(|f| FlipRateNote {
                id: f.id,
                rate: f.rate,
                observations: f.observations,
            })
            .collect();
    }
    drop(existing);
    let evidence = TestEvidence {
        runs: inputs.runs,
        coverage: inputs.coverage,
        patch,
        previous_coverage,
        flip_rates,
    };
    let mut report: Report = evaluate(&evidence, &inputs.gates);
    if !inputs.extra_gates.is_empty() {
        report.gates.extend(inputs.extra_gates);
        report.refresh_verdict();
    }
    Ok(Evaluated {
        report,
        evidence,
        branch,
        commit,
        command: inputs.command,
    })
}
