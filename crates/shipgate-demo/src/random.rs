//! The service's one random generator, seeded for reproducible tests.

use std::sync::{Mutex, PoisonError};

/// A shared, optionally seeded PRNG (not cryptographic: tokens only need to be unguessable
/// by accident in a demo).
#[derive(Debug)]
pub(crate) struct Random(Mutex<fastrand::Rng>);

impl Random {
    /// A generator seeded with `seed`, or from the operating system when `None`.
    pub(crate) fn new(seed: Option<u64>) -> Self {
        let rng = seed.map_or_else(fastrand::Rng::new, fastrand::Rng::with_seed);
        Self(Mutex::new(rng))
    }

    fn with<T>(&self, f: impl FnOnce(&mut fastrand::Rng) -> T) -> T {
        let mut rng = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut rng)
    }

    /// True with probability `p` (`p` in `[0, 1]`; 0 never, 1 always).
    pub(crate) fn chance(&self, p: f64) -> bool {
        self.with(|rng| rng.f64() < p)
    }

    /// 32 random alphanumeric characters.
    pub(crate) fn token(&self) -> String {
        self.with(|rng| (0..32).map(|_| rng.alphanumeric()).collect())
    }

    /// A random RFC 4122 version 4 UUID in its hyphenated form.
    pub(crate) fn uuid(&self) -> String {
        let bits = self.with(|rng| rng.u128(..));
        let bits = (bits & !(0xF << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
        let hex = format!("{bits:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_generators_agree() {
        let (a, b) = (Random::new(Some(42)), Random::new(Some(42)));
        assert_eq!(a.token(), b.token());
        assert_eq!(a.uuid(), b.uuid());
    }

    #[test]
    fn uuid_has_version_and_variant() {
        let id = Random::new(Some(1)).uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
    }

    #[test]
    fn chance_extremes() {
        let r = Random::new(Some(3));
        assert!((0..1000).all(|_| !r.chance(0.0)));
        assert!((0..1000).all(|_| r.chance(1.0)));
    }
}
