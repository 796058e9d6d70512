//! Accuracy and time-to-verdict of the canary judge on seeded simulations.
//!
//! Each sample is one step's error ratio: `requests ~ Poisson(2000)` per step and
//! `errors ~ Binomial(requests, p)`, with `p = 1%` for the baseline and `1%` (healthy) or
//! `3%` (regression) for the canary; 60 samples per side; 1,000 trials each. The judge runs
//! with its defaults (alpha 0.01, min_samples 20) and `allowed_change: 10%`,
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

fn config(alpha: f64, n: usize) -> JudgeConfig {
    JudgeConfig {
        alpha,
        min_samples: n.min(JudgeConfig::default().min_samples),
        ..JudgeConfig::default()
    }
}

fn timing_line(label: &str, times: &mut [Duration]) {
    let total: Duration = times.iter().sum();
    let mean = total.as_secs_f64() / times.len() as f64;
    println!(
        "| {label} | {:.1} µs | {:.1} µs | {:.1} µs |",
        mean * 1e6,
        percentile(times, 0.5).as_secs_f64() * 1e6,
        percentile(times, 0.99).as_secs_f64() * 1e6
    );
}

fn main() {
    let defaults = JudgeConfig::default();
    let allowed = 0.10;
    println!("shipgate canary judge: accuracy on seeded simulations");
    println!(
        "traffic: Poisson({REQUESTS_PER_STEP}) requests per {STEP_SECONDS}s step, errors ~ Binomial(requests, p); baseline p = {}%; {TRIALS} trials per cell",
        BASELINE_P * 100.0
    );
    println!(
        "judge defaults: alpha {}, min_samples {}; metric: allowed_change {}%, direction increase",
        defaults.alpha,
        defaults.min_samples,
        allowed * 100.0
    );
    println!();

    // The same seeds in every setting: each row judges the same simulated data.
    let healthy = run(1, HEALTHY_P, SAMPLES, &defaults, allowed);
    let regression = run(2, REGRESSION_P, SAMPLES, &defaults, allowed);
    println!(
        "## {SAMPLES} samples per side ({} minutes at a {STEP_SECONDS}s step), default settings",
        SAMPLES as f64 * STEP_SECONDS / 60.0
    );
    println!("| method | regression detected (canary 3%) | false alarms (healthy canary 1%) |");
    println!("|---|---|---|");
    println!(
        "| canary judge (Mann-Whitney U + Hodges-Lehmann, 10% allowed, alpha {}) | {:.1}% ({}/{TRIALS}) | {:.1}% ({}/{TRIALS}) |",
        shipgate_analysis::JudgeConfig::default().alpha,
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

    println!("## settings at {SAMPLES} samples per side (same data in every row)");
    println!("| alpha | allowed_change | regression detected | false alarms |");
    println!("|---|---|---|---|");
    for alpha in [0.05, 0.01] {
        for allowed in [0.10, 0.20] {
            let c = config(alpha, SAMPLES);
            let h = run(1, HEALTHY_P, SAMPLES, &c, allowed);
            let r = run(2, REGRESSION_P, SAMPLES, &c, allowed);
            println!(
                "| {alpha} | {}% | {:.1}% | {:.1}% |",
                allowed * 100.0,
                pct(r.judge_flagged),
                pct(h.judge_flagged)
            );
        }
    }
    println!();

    println!("## samples needed per side (min_samples = min(n, 20); allowed_change 10%)");
    println!("| samples per side | data at a 30s step | detected, alpha 0.05 | false alarms, alpha 0.05 | detected, alpha 0.01 | false alarms, alpha 0.01 |");
    println!("|---|---|---|---|---|---|");
    let mut times_by_n: Vec<(usize, Vec<Duration>)> = Vec::new();
    for n in [5usize, 8, 10, 15, 20, 30, 40, 60] {
        let mut cells = Vec::new();
        let mut times = Vec::new();
        for alpha in [0.05, 0.01] {
            let c = config(alpha, n);
            let h = run(100 + n as u64, HEALTHY_P, n, &c, allowed);
            let r = run(200 + n as u64, REGRESSION_P, n, &c, allowed);
            cells.push(format!(
                "{:.1}% | {:.1}%",
                pct(r.judge_flagged),
                pct(h.judge_flagged)
            ));
            times.extend(h.times);
            times.extend(r.times);
        }
        println!(
            "| {n} | {} min | {} |",
            n as f64 * STEP_SECONDS / 60.0,
            cells.join(" | ")
        );
        times_by_n.push((n, times));
    }
    println!();

    println!("## sensitivity at {SAMPLES} samples per side (allowed_change 10%)");
    println!("| canary p | relative change | judge flags, alpha 0.05 | judge flags, alpha 0.01 | threshold flags |");
    println!("|---|---|---|---|---|");
    for (i, p) in [
        0.01, 0.0105, 0.011, 0.0115, 0.012, 0.0125, 0.015, 0.02, 0.03,
    ]
    .into_iter()
    .enumerate()
    {
        let a = run(300 + i as u64, p, SAMPLES, &config(0.05, SAMPLES), allowed);
        let b = run(300 + i as u64, p, SAMPLES, &config(0.01, SAMPLES), allowed);
        println!(
            "| {:.2}% | {:+.0}% | {:.1}% | {:.1}% | {:.1}% |",
            p * 100.0,
            (p / BASELINE_P - 1.0) * 100.0,
            pct(a.judge_flagged),
            pct(b.judge_flagged),
            pct(a.threshold_flagged)
        );
    }
    println!();

    println!("## judge time per analysis (one metric, one thread; wall clock around `judge`)");
    println!("| samples per side | mean | median | p99 |");
    println!("|---|---|---|---|");
    for (n, times) in &mut times_by_n {
        timing_line(&format!("{n}"), times);
    }
}
