//! The report printed after a seed or a dry run: enough to check the result at a glance and to
//! repeat the run exactly (the seed and the reference time are always printed).

use std::fmt::Write as _;
use std::time::Duration;

use chrono::SecondsFormat;
use generator::{JobQuota, RowCounts, SeedConfig};

/// Rows per table, with a total line.
pub fn table_counts(counts: &RowCounts) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<22}{:>12}", "table", "rows");
    for (table, rows) in counts.iter() {
        let _ = writeln!(out, "{:<22}{:>12}", table.name(), group(rows));
    }
    let _ = writeln!(out, "{:<22}{:>12}", "total", group(counts.total()));
    out
}

/// The job status mix: all jobs and, of them, orphans (jobs without a plan).
pub fn job_mix(quota: &JobQuota) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<22}{:>12}{:>12}", "job status", "jobs", "orphans");
    for ((status, jobs), (_, orphans)) in quota.by_status.iter().zip(quota.orphans_by_status.iter())
    {
        let _ = writeln!(
            out,
            "{:<22}{:>12}{:>12}",
            status.as_str(),
            group(u64::from(jobs)),
            group(u64::from(orphans))
        );
    }
    let _ = writeln!(
        out,
        "{:<22}{:>12}{:>12}",
        "total",
        group(u64::from(quota.linked + quota.orphans)),
        group(u64::from(quota.orphans))
    );
    let _ = writeln!(
        out,
        "plan-linked jobs: {} (one per distinct plan)",
        group(u64::from(quota.linked))
    );
    out
}

/// Seed, reference time and the command line that repeats the run.
pub fn reproduce(config: &SeedConfig) -> String {
    let now = config.now.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    format!(
        "seed {seed}, now {now}\nrepeat with: seeder --users {users} --plans {plans} --resources {resources} --seed {seed} --now {now}\n",
        seed = config.seed,
        users = config.users,
        plans = config.plans,
        resources = config.resources,
    )
}

pub fn rate(rows: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs <= 0.0 {
        return "-".to_owned();
    }
    format!("{} rows/s", group((rows as f64 / secs) as u64))
}

/// 1234567 -> "1,234,567".
pub fn group(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
    }

    #[test]
    fn reproduce_prints_rfc3339() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-01-15T12:00:00Z")
            .unwrap()
            .to_utc();
        let text = reproduce(&SeedConfig::with_defaults(now));
        assert!(
            text.contains("--seed 12345 --now 2026-01-15T12:00:00Z"),
            "{text}"
        );
    }
}
