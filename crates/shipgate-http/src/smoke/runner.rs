//! The smoke driver: the thin async loop around [`Scheduler`] that sends requests.

use std::collections::HashMap;

use shipgate_core::Verdict;
use tokio::task::{Id, JoinError, JoinSet};

use super::expect::evaluate;
use super::request::{expectation_summary, prepare, Prepared};
use super::{
    CheckResult, Decision, Scheduler, SmokeAuth, SmokeError, SmokeFinish, SmokeOutcome, SmokePlan,
    SmokeSpec,
};
use crate::http_client::{build_client, ClientOptions, TLS_VERIFY_OFF};
use crate::transport::{send, RawResponse, TransportError};
use crate::{Clock, Redactor, TokioClock};

/// The largest body read per answer (1 MiB); longer bodies are cut (and cannot be read
/// as JSON).
const BODY_LIMIT: usize = 1 << 20;

/// Run the smoke checks of `spec` against the real clock. See [`run_smoke_with_clock`].
pub async fn run_smoke(spec: &SmokeSpec) -> Result<SmokeOutcome, SmokeError> {
    run_smoke_with_clock(spec, &TokioClock::start()).await
}

/// Run the smoke checks of `spec`, reading the time from and sleeping on `clock`.
///
/// The clock must really wait in [`Clock::sleep`] (e.g. [`TokioClock`], or a clock
/// driven by `tokio::time::pause`): requests are real I/O, and a clock whose sleeps
/// return at once would race past the deadline while they are in flight. The polling
/// decisions themselves are tested without sleeping through [`Scheduler`].
///
/// Semantics (the schedule itself is [`Scheduler`]'s):
/// * The spec is validated first ([`SmokePlan::new`]); an invalid spec sends nothing.
/// * Checks whose dependencies passed start concurrently (one tokio task per attempt);
///   failing checks are retried every `wait.interval` until they pass or `wait.timeout`
///   has passed. Each request has `request_timeout`; redirects are not followed.
/// * A check passes when one answer meets every expectation and resolves every capture.
///   Its captures then become `${var}` for the checks that use them; every value a
///   capture pointer resolved to (passing or not) is a secret from then on.
/// * A failed connection (`connection refused`, DNS, TLS), a timeout, or a wrong answer
///   is a failed attempt; the failures of the *last* attempt are reported. A check that
///   never passed fails, and so does the run: never answering is a failure, not an error.
/// * The auth token or password, and every captured value, are replaced by `***` in
///   every string of the outcome.
pub async fn run_smoke_with_clock<C: Clock>(
    spec: &SmokeSpec,
    clock: &C,
) -> Result<SmokeOutcome, SmokeError> {
    let plan = SmokePlan::new(spec)?;
    let client = build_client(ClientOptions {
        timeout: spec.request_timeout,
        tls_verify: spec.tls_verify,
        ca_file: spec.ca_file.as_deref(),
        follow_redirects: false,
    })?;
    let mut redactor = Redactor::with_secrets(spec.auth.secrets());
    if let SmokeAuth::Basic { user, password } = &spec.auth {
        // what a server echoes of the Authorization header
        redactor.add_basic_auth(user.expose(), password.expose());
    }
    if let Some(password) = spec.base_url.password() {
        redactor.add(password);
    }
    let mut run = Run {
        spec,
        redactor,
        vars: HashMap::new(),
        last: vec![LastAttempt::default(); spec.checks.len()],
        scheduler: Scheduler::new(plan.dependency_lists(), spec.wait),
    };
    let mut tasks: JoinSet<Attempt> = JoinSet::new();
    let mut task_checks: HashMap<Id, usize> = HashMap::new();

    let finish = loop {
        let now = clock.elapsed();
        match run.scheduler.next(now) {
            Decision::Finished(finish) => break finish,
            Decision::Start(checks) => {
                for i in checks {
                    run.scheduler.started(i, now);
                    let Some(check) = spec.checks.get(i) else {
                        continue;
                    };
                    match prepare(&spec.base_url, plan.method(i), check, &run.vars) {
                        Ok(prepared) => {
                            let request = prepared.build(&client, &spec.auth);
                            if let Some(last) = run.last.get_mut(i) {
                                last.request = Some(run.redactor.redact(&prepared.describe()));
                            }
                            tracing::debug!(
                                check = %check.name,
                                attempt = run.scheduler.attempts(i),
                                request = %run.redactor.redact(&prepared.describe()),
                                "smoke attempt"
                            );
                            let timeout = spec.request_timeout;
                            let handle = tasks.spawn(async move {
                                let result = send(request, BODY_LIMIT, timeout).await;
                                Attempt {
                                    check: i,
                                    prepared,
                                    result,
                                }
                            });
                            task_checks.insert(handle.id(), i);
                        }
                        Err(reason) => {
                            run.record_failure(i, vec![reason]);
                            run.scheduler.finished(i, clock.elapsed(), false);
                        }
                    }
                }
            }
            Decision::Wait { until } => {
                let pause = until.map(|t| t.saturating_sub(now));
                tokio::select! {
                    biased;
                    joined = tasks.join_next_with_id(), if !tasks.is_empty() => {
                        match joined {
                            Some(Ok((id, attempt))) => {
                                task_checks.remove(&id);
                                let i = attempt.check;
                                let passed = run.record_attempt(attempt);
                                run.scheduler.finished(i, clock.elapsed(), passed);
                            }
                            Some(Err(error)) => {
                                if let Some(i) = task_checks.remove(&error.id()) {
                                    run.record_failure(i, vec![task_failure(&error)]);
                                    run.scheduler.finished(i, clock.elapsed(), false);
                                }
                            }
                            None => {}
                        }
                    }
                    () = pause_for(clock, pause), if pause.is_some() => {}
                    else => break SmokeFinish::DeadlineReached,
                }
            }
        }
    };
    tasks.abort_all();
    Ok(run.outcome(finish, clock.elapsed(), &plan))
}

/// Sleep for `pause` (the caller only polls this when it is `Some`).
async fn pause_for<C: Clock>(clock: &C, pause: Option<std::time::Duration>) {
    if let Some(d) = pause {
        clock.sleep(d).await;
    }
}

fn task_failure(error: &JoinError) -> String {
    if error.is_cancelled() {
        "the request was cancelled".to_string()
    } else {
        "the request task failed unexpectedly".to_string()
    }
}

/// What a request task hands back.
struct Attempt {
    check: usize,
    prepared: Prepared,
    result: Result<RawResponse, TransportError>,
}

/// The last attempt of one check, already redacted.
#[derive(Debug, Clone, Default)]
struct LastAttempt {
    request: Option<String>,
    status: Option<u16>,
    latency: Option<std::time::Duration>,
    failures: Vec<String>,
}

/// The mutable state of one run.
struct Run<'a> {
    spec: &'a SmokeSpec,
    redactor: Redactor,
    vars: HashMap<String, String>,
    last: Vec<LastAttempt>,
    scheduler: Scheduler,
}

impl Run<'_> {
    /// Evaluate one finished attempt; returns whether it passed.
    fn record_attempt(&mut self, attempt: Attempt) -> bool {
        let i = attempt.check;
        let name = self
            .spec
            .checks
            .get(i)
            .map(|c| c.name.as_str())
            .unwrap_or_default();
        match attempt.result {
            Ok(response) => {
                let capture = self
                    .spec
                    .checks
                    .get(i)
                    .map(|c| c.capture.as_slice())
                    .unwrap_or_default();
                let evaluation =
                    evaluate(&attempt.prepared.expect, capture, &response, &self.redactor);
                for (_, value) in &evaluation.captured {
                    self.redactor.add(value);
                }
                let passed = evaluation.passed();
                if passed {
                    self.vars.extend(evaluation.captured.iter().cloned());
                }
                let failures: Vec<String> = evaluation
                    .failures
                    .iter()
                    .map(|f| self.redactor.redact(f))
                    .collect();
                tracing::debug!(
                    check = %name,
                    status = response.status,
                    latency_ms = response.latency.as_millis() as u64,
                    passed,
                    failures = ?failures,
                    "smoke answer"
                );
                if let Some(last) = self.last.get_mut(i) {
                    last.status = Some(response.status);
                    last.latency = Some(response.latency);
                    last.failures = failures;
                }
                passed
            }
            Err(error) => {
                let reason = self.redactor.redact(&error.describe());
                tracing::debug!(check = %name, error = %reason, "smoke request failed");
                self.record_failure(i, vec![reason]);
                false
            }
        }
    }

    /// An attempt that produced no answer.
    fn record_failure(&mut self, i: usize, failures: Vec<String>) {
        let failures = failures.iter().map(|f| self.redactor.redact(f)).collect();
        if let Some(last) = self.last.get_mut(i) {
            last.status = None;
            last.latency = None;
            last.failures = failures;
        }
    }

    fn outcome(
        self,
        finish: SmokeFinish,
        elapsed: std::time::Duration,
        plan: &SmokePlan,
    ) -> SmokeOutcome {
        let mut checks = Vec::with_capacity(self.spec.checks.len());
        for (i, check) in self.spec.checks.iter().enumerate() {
            let last = self.last.get(i).cloned().unwrap_or_default();
            let passed = self.scheduler.passed(i);
            let attempts = self.scheduler.attempts(i);
            let mut failures = if passed { Vec::new() } else { last.failures };
            if !passed && attempts == 0 {
                failures = vec![self.not_run_reason(i, plan)];
            } else if !passed && failures.is_empty() {
                failures.push("no attempt passed before the deadline".to_string());
            }
            let mut result = CheckResult {
                name: check.name.clone(),
                verdict: if passed { Verdict::Pass } else { Verdict::Fail },
                attempts,
                last_status: last.status,
                last_latency: last.latency,
                last_request: last.request,
                expectation: expectation_summary(check),
                failures,
            };
            // Values captured after a message was written are redacted here too.
            if let Some(r) = result.last_request.as_mut() {
                self.redactor.redact_in_place(r);
            }
            self.redactor.redact_all(&mut result.failures);
            self.redactor.redact_in_place(&mut result.expectation);
            checks.push(result);
        }
        let verdict = SmokeOutcome::verdict_of(&checks);
        let mut warnings = Vec::new();
        if !self.spec.tls_verify {
            warnings.push(format!("smoke: {TLS_VERIFY_OFF}"));
        }
        SmokeOutcome {
            checks,
            verdict,
            finish,
            elapsed_seconds: elapsed.as_secs_f64(),
            warnings,
        }
    }

    /// Why check `i` never ran: the checks it waits for that did not pass.
    fn not_run_reason(&self, i: usize, plan: &SmokePlan) -> String {
        let blocking: Vec<String> = plan
            .dependencies(i)
            .iter()
            .filter(|&&d| !self.scheduler.passed(d))
            .filter_map(|&d| self.spec.checks.get(d).map(|c| format!("`{}`", c.name)))
            .collect();
        let uses: Vec<String> = plan.uses(i).map(|v| format!("${{{v}}}")).collect();
        format!(
            "not run: it uses {} captured by {}, which did not pass",
            uses.join(", "),
            blocking.join(", ")
        )
    }
}
