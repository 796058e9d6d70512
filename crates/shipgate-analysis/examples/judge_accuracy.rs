//! Accuracy and time-to-verdict of the canary judge on seeded simulations.
//!
//! Each sample is one step's error ratio: `requests ~ Poisson(2000)` per step and
//! `errors ~ Binomial(requests, p)`, with `p = 1%` for the baseline and `1%` (healthy) or
//! `3%` (regression) for the canary; 60 samples per side; 1,000 trials each. The judge runs
//! with its defaults (alpha 0.05, min_samples 20) and `allowed_change: 10%`,
//! `direction: increase`. Side by side: a plain threshold check `error_ratio < 0.05` on the
//! canary's mean.
//!
//! Run: `cargo run --release -p shipgate-analysis --example judge_accuracy`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a benchmark fails loudly

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::SeedableRng;
use rand_distr::{Binomial, Distribution, Poisson};
use shipgate_analysis::{judge, Direction, JudgeConfig, MetricSamples};
use shipgate_core::Verdict;

const TRIALS: usize = 1000;
const SAMPLES: usize = 60;
const REQUESTS_PER_STEP: f64 = 2000.0;
const STEP_SECONDS: f64 = 30.0;
const BASELINE_P: f64 = 0.01;
const HEALTHY_P: f64 = 0.01;
const REGRESSION_P: f64 = 0.03;
const THRESHOLD: f64 = 0.05;

fn error_ratios(rng: &mut StdRng, p: f64, n: usize) -> Vec<f64> {
    let traffic = Poisson::new(REQUESTS_PER_STEP).unwrap();
    (0..n)
        .map(|_| {
            let requests = traffic.sample(rng) as u64;
            if requests == 0 {
                return f64::NAN; // 0/0, as Prometheus would answer; the judge drops it
            }
            let errors = Binomial::new(requests, p).unwrap().sample(rng);
            errors as f64 / requests as f64
        })
        .collect()
}

struct Tally {
    judge_flagged: usize,
    threshold_flagged: usize,
    nodata: usize,
    times: Vec<Duration>,
}

/// Run `TRIALS` analyses with `n` samples per side; count how often each method says
/// "do not ship".
fn run(seed: u64, canary_p: f64, n: usize, config: &JudgeConfig, allowed_change: f64) -> Tally {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut tally = Tally {
        judge_flagged: 0,
        threshold_flagged: 0,
        nodata: 0,
        times: Vec::with_capacity(TRIALS),
    };
    for _ in 0..TRIALS {
        let baseline = error_ratios(&mut rng, BASELINE_P, n);
        let canary = error_ratios(&mut rng, canary_p, n);
        let finite: Vec<f64> = canary.iter().copied().filter(|v| v.is_finite()).collect();
        let canary_mean = finite.iter().sum::<f64>() / finite.len() as f64;
        if canary_mean.is_nan() || canary_mean >= THRESHOLD {
            tally.threshold_flagged += 1;
        }
        let metric = MetricSamples {
            name: "error_ratio".into(),
            canary,
            baseline,
            direction: Direction::Increase,
            allowed_change,
            critical: true,
        };
        let start = Instant::now();
        let analysis = judge(config, std::slice::from_ref(&metric)).unwrap();
        tally.times.push(start.elapsed());
        match analysis.verdict() {
            Verdict::Pass | Verdict::Warn => {}
            Verdict::Inconclusive => {
                tally.nodata += 1;
                tally.judge_flagged += 1;
            }
            _ => tally.judge_flagged += 1,
        }
    }
    tally
}

fn pct(count: usize) -> f64 {
    100.0 * count as f64 / TRIALS as f64
}

fn percentile(times: &mut [Duration], q: f64) -> Duration {
    times.sort();
    times[((times.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    let base = JudgeConfig::default();
    let allowed = 0.10;
    println!("shipgate canary judge: accuracy on seeded simulations");
    println!(
        "traffic: Poisson({REQUESTS_PER_STEP}) requests per {STEP_SECONDS}s step, errors ~ Binomial(requests, p); baseline p = {}%",
        BASELINE_P * 100.0
    );
    println!(
        "judge: alpha {}, min_samples {}, allowed_change {}%, direction increase; {TRIALS} trials per row",
        base.alpha,
        base.min_samples,
        allowed * 100.0
    );
    println!();

    let healthy = run(1, HEALTHY_P, SAMPLES, &base, allowed);
    let regression = run(2, REGRESSION_P, SAMPLES, &base, allowed);
    println!(
        "{SAMPLES} samples per side ({} minutes at a {STEP_SECONDS}s step):",
        SAMPLES as f64 * STEP_SECONDS / 60.0
    );
    println!("| method | regression detected (canary 3%) | false alarms (healthy canary 1%) |");
    println!("|---|---|---|");
    println!(
        "| canary judge (Mann-Whitney + HL, 10% allowed) | {:.1}% ({}/{TRIALS}) | {:.1}% ({}/{TRIALS}) |",
        pct(regression.judge_flagged),
        regression.judge_flagged,
        pct(healthy.judge_flagged),
        healthy.judge_flagged
    );
    println!(
        "| threshold `error_ratio < 0.05` on the canary mean | {:.1}% ({}/{TRIALS}) | {:.1}% ({}/{TRIALS}) |",
        pct(regression.threshold_flagged),
        regression.threshold_flagged,
        pct(healthy.threshold_flagged),
        healthy.threshold_flagged
    );
    println!(
        "nodata verdicts: {} healthy, {} regression",
        healthy.nodata, regression.nodata
    );
    println!();

    let mut times: Vec<Duration> = healthy
        .times
        .iter()
        .chain(&regression.times)
        .copied()
        .collect();
    let total: Duration = times.iter().sum();
    let mean = total / times.len() as u32;
    println!(
        "judge time per analysis (one metric, {SAMPLES}+{SAMPLES} samples, one thread): mean {:.1} µs, median {:.1} µs, p99 {:.1} µs",
        mean.as_secs_f64() * 1e6,
        percentile(&mut times, 0.5).as_secs_f64() * 1e6,
        percentile(&mut times, 0.99).as_secs_f64() * 1e6
    );
    println!();

    println!("samples needed (min_samples set to n; same seeds per row):");
    println!("| samples per side | data at a 30s step | regression detected | false alarms | mean judge time |");
    println!("|---|---|---|---|---|");
    for n in [5usize, 8, 10, 15, 20, 30, 40, 60] {
        let config = JudgeConfig {
            min_samples: n,
            ..base.clone()
        };
        let h = run(100 + n as u64, HEALTHY_P, n, &config, allowed);
        let r = run(200 + n as u64, REGRESSION_P, n, &config, allowed);
        let t: Duration = h.times.iter().chain(&r.times).sum();
        println!(
            "| {n} | {} min | {:.1}% | {:.1}% | {:.1} µs |",
            n as f64 * STEP_SECONDS / 60.0,
            pct(r.judge_flagged),
            pct(h.judge_flagged),
            t.as_secs_f64() * 1e6 / (2 * TRIALS) as f64
        );
    }
    println!();

    println!("sensitivity at {SAMPLES} samples per side (canary error ratio vs baseline 1%):");
    println!("| canary p | relative change | judge flags | threshold flags |");
    println!("|---|---|---|---|");
    for (i, p) in [
        0.01, 0.0105, 0.011, 0.0115, 0.012, 0.0125, 0.015, 0.02, 0.03,
    ]
    .into_iter()
    .enumerate()
    {
        let t = run(300 + i as u64, p, SAMPLES, &base, allowed);
        println!(
            "| {:.2}% | {:+.0}% | {:.1}% | {:.1}% |",
            p * 100.0,
            (p / BASELINE_P - 1.0) * 100.0,
            pct(t.judge_flagged),
            pct(t.threshold_flagged)
        );
    }
}
