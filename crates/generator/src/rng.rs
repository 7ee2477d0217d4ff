//! Random streams and the sampling built on them.
//!
//! Every entity draws from its own ChaCha8 stream keyed by (seed, stream, index), so rows are
//! independent of one another: changing the number of resources cannot reshuffle the users, and
//! any row can be regenerated on its own (a plan looks up its owner's id without a table of
//! users). ChaCha's output is fixed by its specification, unlike `StdRng`'s, and the sampling
//! below is written here rather than taken from `rand::distr`, whose algorithms have changed
//! between releases: the rows must stay byte-identical across versions and machines.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use uuid::Uuid;

/// One independent random stream per kind of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub(crate) enum Stream {
    JobLayout = 1,
    User = 2,
    Plan = 3,
    Resource = 4,
    OrphanJob = 5,
    /// Which resources each task links to: its own stream, so that changing the number of
    /// resources leaves the rest of every plan untouched.
    TaskLinks = 6,
}

/// A 64-bit token that differs for every `index` of one (seed, stream): `mix64` is a bijection,
/// so identifiers built from it are unique by construction, never by retry.
pub(crate) fn unique_token(seed: u64, stream: Stream, index: u64) -> u64 {
    mix64(index ^ mix64(seed ^ (stream as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)))
}

/// Writes `value` in the given alphabet, most significant digit first, padded to `width`.
pub(crate) fn encode_fixed(mut value: u64, alphabet: &[u8], width: usize, out: &mut String) {
    let base = alphabet.len() as u64;
    let mut digits = vec![alphabet[0]; width];
    for slot in digits.iter_mut().rev() {
        *slot = alphabet[(value % base) as usize];
        value /= base;
    }
    debug_assert_eq!(value, 0, "value does not fit in {width} digits");
    out.extend(digits.into_iter().map(char::from));
}

pub(crate) const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub(crate) const BASE36: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// The URL-safe alphabet YouTube video ids are written in.
pub(crate) const BASE64_URL: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// SplitMix64's output function: a bijection on `u64` with good avalanche.
pub(crate) const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A seeded source of the draws the generator needs.
#[derive(Debug, Clone)]
pub(crate) struct Draw(ChaCha8Rng);

impl Draw {
    pub fn new(seed: u64, stream: Stream, index: u64) -> Self {
        let mut key = [0u8; 32];
        let mut state = mix64(seed) ^ mix64((stream as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        state = mix64(state ^ index);
        for chunk in key.chunks_exact_mut(8) {
            state = mix64(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        Self(ChaCha8Rng::from_seed(key))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..bound` (Lemire's multiply-and-reject: unbiased, usually one draw).
    pub fn below(&mut self, bound: u64) -> u64 {
        assert!(bound > 0, "below(0)");
        loop {
            let product = u128::from(self.next_u64()) * u128::from(bound);
            let low = product as u64;
            if low >= bound.wrapping_neg() % bound {
                return (product >> 64) as u64;
            }
        }
    }

    /// Uniform in `low..=high`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high);
        low + self.below((high - low) as u64 + 1) as i64
    }

    /// Uniform in `low..=high` for the small counts and sizes rows are made of.
    pub fn between_i32(&mut self, low: i32, high: i32) -> i32 {
        self.between(i64::from(low), i64::from(high)) as i32
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// An index chosen with probability proportional to its weight.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut ticket = self.below(total);
        for (index, weight) in weights.iter().enumerate() {
            if ticket < *weight {
                return index;
            }
            ticket -= weight;
        }
        unreachable!("ticket below the total weight always lands on an index")
    }

    /// A value chosen by weight from `(value, weight)` pairs.
    pub fn weighted_pick<T: Copy>(&mut self, table: &[(T, u64)]) -> T {
        let weights: Vec<u64> = table.iter().map(|(_, weight)| *weight).collect();
        table[self.weighted(&weights)].0
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// Fisher-Yates, drawing with [`Draw::below`].
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            let other = self.below(last as u64 + 1) as usize;
            items.swap(last, other);
        }
    }

    /// `len` characters drawn from `alphabet`.
    pub fn token(&mut self, alphabet: &[u8], len: usize, out: &mut String) {
        for _ in 0..len {
            out.push(char::from(self.pick(alphabet)));
        }
    }

    /// A version 4 UUID from 122 random bits.
    pub fn uuid(&mut self) -> Uuid {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_independent() {
        let first = Draw::new(12345, Stream::User, 0).next_u64();
        assert_eq!(first, Draw::new(12345, Stream::User, 0).next_u64());
        assert_ne!(first, Draw::new(12345, Stream::User, 1).next_u64());
        assert_ne!(first, Draw::new(12345, Stream::Plan, 0).next_u64());
        assert_ne!(first, Draw::new(12346, Stream::User, 0).next_u64());
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut draw = Draw::new(1, Stream::User, 0);
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[draw.below(7) as usize] += 1;
        }
        assert!(
            seen.iter().all(|hits| (800..1200).contains(hits)),
            "{seen:?}"
        );
        assert_eq!(draw.below(1), 0);
    }

    #[test]
    fn weighted_follows_the_weights() {
        let mut draw = Draw::new(2, Stream::User, 0);
        let mut seen = [0u32; 3];
        for _ in 0..10_000 {
            seen[draw.weighted(&[70, 25, 5])] += 1;
        }
        assert!((6700..7300).contains(&seen[0]), "{seen:?}");
        assert!((2200..2800).contains(&seen[1]), "{seen:?}");
        assert!((350..650).contains(&seen[2]), "{seen:?}");
    }

    #[test]
    fn mix64_is_a_bijection_on_a_sample() {
        let mut outputs: Vec<u64> = (0..100_000).map(mix64).collect();
        outputs.sort_unstable();
        outputs.dedup();
        assert_eq!(outputs.len(), 100_000);
    }
}
