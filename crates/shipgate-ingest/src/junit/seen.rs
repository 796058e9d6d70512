//! A bitset of id hashes seen in a file: a cheap first answer to "could this id have been
//! seen before?". One bit per hash (picked by the hash's high bits), kept at 16 or more bits
//! per id so that the whole set stays small enough for the cache while a million ids are
//! recorded; a bit already set marks the hash as a candidate repeat. Candidates include
//! false positives (two ids on one bit); they are sorted out exactly later.

/// Seen hashes, and the hashes whose bit was already set.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    /// The bits.
    words: Vec<u64>,
    /// log2 of the number of bits (0 when empty).
    bits_log2: u32,
    /// Hashes offered so far.
    count: usize,
    /// Hashes whose bit was already set when offered.
    candidates: Vec<u64>,
}

/// Bits per hash below which the set is doubled.
const BITS_PER_HASH: usize = 16;

/// The smallest set: 64 Ki bits (8 KiB).
const MIN_BITS_LOG2: u32 = 16;

/// The largest set: 2^40 bits.
const MAX_BITS_LOG2: u32 = 40;

impl Seen {
    /// Forget everything.
    pub(crate) fn clear(&mut self) {
        self.words.clear();
        self.bits_log2 = 0;
        self.count = 0;
        self.candidates.clear();
    }

    /// Make room for about `hashes` hashes without growing.
    pub(crate) fn reserve(&mut self, hashes: usize) {
        let wanted = hashes.saturating_mul(BITS_PER_HASH).max(1 << MIN_BITS_LOG2);
        let log2 = usize::BITS - (wanted - 1).leading_zeros();
        if log2 > self.bits_log2 && self.count == 0 {
            self.bits_log2 = log2.min(MAX_BITS_LOG2);
            self.words = vec![0; 1 << (self.bits_log2 - 6)];
        }
    }

    /// Record `hash`; `all` gives every hash offered so far (to rebuild a larger set).
    pub(crate) fn offer(&mut self, hash: u64, all: impl Fn() -> Vec<u64>) {
        self.offer_many(&[hash], all);
    }

    /// Record several hashes at once, in order, as [`Seen::offer`] would one by one; `all`
    /// gives every hash offered before them.
    ///
    /// Each hash sets one bit at random in a set larger than the first-level caches, so
    /// offering mostly waits for memory. Room for all of them is made first; the loop that
    /// follows has no other work and no dependency from one hash to the next, so the
    /// processor keeps many of those loads in flight at once.
    pub(crate) fn offer_many(&mut self, hashes: &[u64], all: impl Fn() -> Vec<u64>) {
        let after = self.count.saturating_add(hashes.len());
        if self.bits_log2 == 0 || after.saturating_mul(BITS_PER_HASH) >> self.bits_log2 > 0 {
            let mut log2 = (self.bits_log2 + 1).clamp(MIN_BITS_LOG2, MAX_BITS_LOG2);
            while after.saturating_mul(BITS_PER_HASH) >> log2 > 0 && log2 < MAX_BITS_LOG2 {
                log2 += 1;
            }
            self.rebuild(log2, &all());
        }
        self.mark(hashes);
    }

    /// Hashes that may repeat one offered earlier (each hash of a true repeat is among them).
    pub(crate) fn candidates(&self) -> &[u64] {
        &self.candidates
    }

    /// Set the bit of `hash`; whether it was set already.
    fn set(&mut self, hash: u64) -> bool {
        let bit = (hash >> (64 - self.bits_log2)) as usize;
        let Some(word) = self.words.get_mut(bit >> 6) else {
            // cannot happen (the bit index is below the number of bits): call it a candidate
            return true;
        };
        let mask = 1u64 << (bit & 63);
        let was = *word & mask != 0;
        *word |= mask;
        was
    }

    /// 2^`log2` bits, refilled from `all`.
    fn rebuild(&mut self, log2: u32, all: &[u64]) {
        self.bits_log2 = log2;
        self.words = vec![0; 1 << (self.bits_log2 - 6)];
        self.candidates.clear();
        self.count = 0;
        self.mark(all);
    }

    /// Set the bits of `hashes`, noting those already set as candidates.
    fn mark(&mut self, hashes: &[u64]) {
        self.count = self.count.saturating_add(hashes.len());
        for &hash in hashes {
            if self.set(hash) {
                self.candidates.push(hash);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_hash_is_always_a_candidate_and_growing_keeps_them() {
        let mut seen = Seen::default();
        let mut offered: Vec<u64> = Vec::new();
        let hashes: Vec<u64> = (0..200_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect();
        for (i, &h) in hashes.iter().enumerate() {
            // every thousandth hash repeats an earlier one (never itself a repeat)
            let h = if i % 1000 == 999 {
                hashes[i / 2 + 1]
            } else {
                h
            };
            seen.offer(h, || offered.clone());
            offered.push(h);
        }
        let candidates: std::collections::HashSet<u64> =
            seen.candidates().iter().copied().collect();
        for i in (999..200_000).step_by(1000) {
            assert!(candidates.contains(&hashes[i / 2 + 1]), "repeat {i} missed");
        }
        // well spread hashes at 16+ bits per hash: few false candidates
        assert!(
            seen.candidates().len() < 200_000 / 10,
            "{}",
            seen.candidates().len()
        );
    }

    #[test]
    fn offering_in_batches_keeps_every_repeat_and_grows_past_the_batch() {
        let hashes: Vec<u64> = (0..300_000u64)
            .map(|i| {
                // every 997th hash repeats one 5,000 earlier
                let i = if i % 997 == 0 && i > 5_000 {
                    i - 5_000
                } else {
                    i
                };
                i.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            })
            .collect();
        let mut seen = Seen::default();
        let mut offered: Vec<u64> = Vec::new();
        // batches larger than the smallest set, so that one batch forces several doublings
        for chunk in hashes.chunks(70_000) {
            seen.offer_many(chunk, || offered.clone());
            offered.extend_from_slice(chunk);
        }
        let candidates: std::collections::HashSet<u64> =
            seen.candidates().iter().copied().collect();
        for i in (5_001..300_000u64).filter(|i| i % 997 == 0) {
            assert!(
                candidates.contains(&(i - 5_000).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                "repeat {i} missed"
            );
        }
        // the set grew to 16+ bits per hash: few false candidates
        assert!(seen.bits_log2 >= 23, "{}", seen.bits_log2);
        assert!(seen.candidates().len() < 300_000 / 10);
    }
}
