//! The standard normal distribution: tail probabilities and quantiles.

use std::f64::consts::{PI, SQRT_2};

/// Two-sided tail probability `P(|Z| ≥ |z|)`, computed as `erfc(|z|/√2)` so that tiny
/// p-values keep their relative precision.
pub(crate) fn two_sided_p(z: f64) -> f64 {
    libm::erfc(z.abs() / SQRT_2).clamp(0.0, 1.0)
}

/// The lower-tail probability `P(Z ≤ z)`.
pub(crate) fn cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / SQRT_2)
}

/// The quantile function: `z` with `P(Z ≤ z) = p`, for `p` in (0, 1); ±infinity at the
/// ends, NaN outside. Acklam's rational approximation refined by one Halley step against
/// `erfc` (about 1e-15 relative error).
pub(crate) fn quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    };
    // One Halley step.
    let e = cdf(x) - p;
    let u = e * (2.0 * PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Abramowitz & Stegun table 26.1 / R's pnorm and qnorm.
        assert!((two_sided_p(1.959_963_984_540_054) - 0.05).abs() < 1e-15);
        assert!((cdf(0.0) - 0.5).abs() < 1e-16);
        assert!((two_sided_p(3.0) - 0.002_699_796_063_260_186_6).abs() < 1e-17);
        assert!((quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-14);
        assert!((quantile(0.5)).abs() < 1e-15);
        assert!((quantile(0.001) + 3.090_232_306_167_813_5).abs() < 1e-12);
        assert!((quantile(1e-10) + 6.361_340_902_404_056).abs() < 1e-9);
        assert_eq!(quantile(0.0), f64::NEG_INFINITY);
        assert!(quantile(1.5).is_nan());
        // Far tails keep relative precision (R: 2*pnorm(-10) = 1.523970e-23).
        let p = two_sided_p(10.0);
        assert!((p / 1.523_970_604_832_094e-23 - 1.0).abs() < 1e-9, "{p}");
    }
}
