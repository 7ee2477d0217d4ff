//! The default seed's rows, pinned. A failure here means the generated data changed: if that
//! was intended, review the change (run the seeder twice, diff `seeder export` output) and
//! update the digest in the same commit, so every change of output is a deliberate one.

use chrono::{DateTime, Utc};
use generator::{Generator, SeedConfig};

/// FNV-1a: tiny, fixed by its definition, and enough to detect a change.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn default_seed_digest_is_pinned() {
    let now = DateTime::parse_from_rfc3339("2026-01-15T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let data = Generator::new(SeedConfig::with_defaults(now))
        .unwrap()
        .dataset();
    // serde_json writes ids, RFC 3339 timestamps and sorted JSON keys: stable across machines.
    let tables = [
        serde_json::to_string(&data.users).unwrap(),
        serde_json::to_string(&data.learning_plans).unwrap(),
        serde_json::to_string(&data.modules).unwrap(),
        serde_json::to_string(&data.tasks).unwrap(),
        serde_json::to_string(&data.resources).unwrap(),
        serde_json::to_string(&data.task_resources).unwrap(),
        serde_json::to_string(&data.task_progress).unwrap(),
        serde_json::to_string(&data.plan_generations).unwrap(),
        serde_json::to_string(&data.generation_attempts).unwrap(),
        serde_json::to_string(&data.job_queue).unwrap(),
    ];
    let digests: Vec<String> = tables
        .iter()
        .map(|json| format!("{:016x}", fnv1a(json.as_bytes())))
        .collect();
    assert_eq!(
        digests, GOLDEN,
        "generated rows changed; see this file's header"
    );
}

/// Per table, in schema order.
const GOLDEN: [&str; 10] = [
    "c74833d1c6e10772",
    "1bb00fb5c88f8fa2",
    "8b1119ae812313c0",
    "8759e0f08b5468f7",
    "2c57cca69a0dc71a",
    "4b43d895a53f8e5e",
    "b1d552e3f1f80a70",
    "44a882191debf838",
    "7460992fa266a159",
    "632d01f4acd5cb5f",
];
