//! The command line. Every value is parsed and checked here, before anything connects.

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use generator::SeedConfig;
use std::path::PathBuf;

use crate::exit::{Classify, Exit};
use crate::load::LoadMethod;

pub const DEFAULT_CONNECT_TIMEOUT_SECS: u64 = 10;

/// Flag values that parse one by one but do not fit together (plans without users): a bad
/// command line like any other (exit 2), found before any connection is made.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub generator::ConfigError);

impl Classify for UsageError {
    fn exit(&self) -> Exit {
        Exit::Usage
    }

    fn hint(&self) -> Option<String> {
        Some("give --users 1 or more, or --plans 0".to_owned())
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "seeder",
    version,
    about = "Migrates the learning-plan database and fills it with reproducible seed data.",
    long_about = "Migrates the learning-plan database and fills it with reproducible seed data.\n\n\
        Without a subcommand: apply pending migrations, then seed, in one transaction under an \
        advisory lock. Refuses tables that already hold rows unless --reset.\n\n\
        DATABASE_URL comes from --database-url, the environment, or a .env file found from the \
        current directory up to the workspace root.",
    after_help = EXIT_CODES_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub seed: SeedArgs,
}

const EXIT_CODES_HELP: &str = "Exit codes: 0 ok, 1 other failure, 2 bad command line, 3 bad or missing DATABASE_URL, \
4 server unreachable, 5 database missing, 6 credentials rejected, 7 already seeded (use --reset), \
8 --reset on a remote server refused (use --allow-remote), 9 database has unknown migrations, \
10 failed while writing (nothing committed), 11 verify found violations.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations only.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Check every rule of the seed against the live database; exits 11 on a violation.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Dry run: print the rows each table would get and the job status mix. No database.
    Plan {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Write the seed as a SQL script for `psql -f` into a freshly migrated database.
    Export {
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
}

/// Where the database is and how long to try reaching it.
#[derive(Debug, Clone, Default, Args)]
pub struct DbArgs {
    /// PostgreSQL URL; overrides DATABASE_URL and .env.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Give up connecting after this many seconds [default: 10].
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub connect_timeout: Option<u64>,
}

impl DbArgs {
    /// Flags given after a subcommand win over the same flags given before it.
    pub fn merged_with(&self, outer: &DbArgs) -> DbArgs {
        DbArgs {
            database_url: self
                .database_url
                .clone()
                .or_else(|| outer.database_url.clone()),
            connect_timeout: self.connect_timeout.or(outer.connect_timeout),
        }
    }

    pub fn connect_timeout_secs(&self) -> u64 {
        self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT_SECS)
    }
}

/// What to generate. Counts are unsigned: "-5" or "ten" are rejected by the parser.
#[derive(Debug, Clone, Default, Args)]
pub struct DataArgs {
    /// Number of users [default: 50].
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_count)]
    pub users: Option<u32>,
    /// Number of learning plans [default: 150].
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_count)]
    pub plans: Option<u32>,
    /// Number of resources [default: 500].
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_count)]
    pub resources: Option<u32>,
    /// Root of every random stream [default: 12345].
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_seed)]
    pub seed: Option<u64>,
    /// Reference instant, RFC 3339 (e.g. 2026-01-15T12:00:00Z) [default: now, to the second].
    #[arg(long, value_name = "RFC3339", allow_hyphen_values = true, value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
}

impl DataArgs {
    pub fn merged_with(&self, outer: &DataArgs) -> DataArgs {
        DataArgs {
            users: self.users.or(outer.users),
            plans: self.plans.or(outer.plans),
            resources: self.resources.or(outer.resources),
            seed: self.seed.or(outer.seed),
            now: self.now.or(outer.now),
        }
    }

    /// The generator configuration, with `now` standing in for a missing `--now`.
    pub fn config(&self, now: DateTime<Utc>) -> SeedConfig {
        SeedConfig {
            users: self.users.unwrap_or(SeedConfig::DEFAULT_USERS),
            plans: self.plans.unwrap_or(SeedConfig::DEFAULT_PLANS),
            resources: self.resources.unwrap_or(SeedConfig::DEFAULT_RESOURCES),
            seed: self.seed.unwrap_or(SeedConfig::DEFAULT_SEED),
            now: self.now.unwrap_or(now),
        }
    }
}

/// Options of the default (seeding) command.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// Empty the seeder's ten tables first if they hold rows (nothing else is touched).
    #[arg(long)]
    pub reset: bool,
    /// Allow --reset against a server that is not local.
    #[arg(long)]
    pub allow_remote: bool,
    /// How rows are written: binary COPY, or multi-row INSERT (the slower baseline).
    #[arg(long, value_enum, default_value_t = MethodArg::Copy)]
    pub load_method: MethodArg,
    /// Whether to drop indexes, keys and foreign keys before the load and rebuild them after.
    #[arg(long, value_enum, default_value_t = IndexArg::Rebuild)]
    pub indexes: IndexArg,
    /// Plans per generated batch (tuning; memory grows with it).
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000), hide = true)]
    pub batch_plans: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    Copy,
    Insert,
}

impl From<MethodArg> for LoadMethod {
    fn from(method: MethodArg) -> Self {
        match method {
            MethodArg::Copy => LoadMethod::Copy,
            MethodArg::Insert => LoadMethod::Insert,
        }
    }
}

/// Measured on 2 cores, PostgreSQL 15 (see the README): dropping keys, indexes and foreign
/// keys and rebuilding them after the load was never slower and was 3-7x faster from about
/// 150,000 rows up (1.75 M rows: 12-26 s against 85-105 s), because a foreign key then costs
/// one validating join instead of one trigger query per row. So it is the default; `keep` stays
/// for comparison and for databases where other sessions must keep using the indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IndexArg {
    /// Drop them before the load and rebuild them, identical, after it.
    Rebuild,
    /// Keep indexes and constraints in place during the load.
    Keep,
}

fn parse_count(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if text.starts_with('-') {
        return Err("must not be negative".to_owned());
    }
    text.replace('_', "")
        .parse::<u32>()
        .map_err(|_| format!("expected a whole number from 0 to {}", u32::MAX))
}

fn parse_seed(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if text.starts_with('-') {
        return Err("must not be negative".to_owned());
    }
    text.parse::<u64>()
        .map_err(|_| format!("expected a whole number from 0 to {}", u64::MAX))
}

fn parse_now(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|instant| instant.with_timezone(&Utc))
        .map_err(|error| format!("not an RFC 3339 timestamp like 2026-01-15T12:00:00Z ({error})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn bad_values_are_rejected() {
        for args in [
            &["seeder", "--users", "-5"][..],
            &["seeder", "--plans", "ten"],
            &["seeder", "--resources", "1.5"],
            &["seeder", "--seed", "-1"],
            &["seeder", "--now", "yesterday"],
            &["seeder", "--now", "2026-01-15 12:00"],
            &["seeder", "--frobnicate"],
            &["seeder", "--connect-timeout", "0"],
            &["seeder", "plan", "--users", "x"],
        ] {
            assert!(
                Cli::try_parse_from(args).is_err(),
                "{args:?} should be rejected"
            );
        }
    }

    #[test]
    fn values_before_and_after_the_subcommand_merge() {
        let cli = Cli::try_parse_from([
            "seeder",
            "--seed",
            "7",
            "plan",
            "--plans",
            "10",
            "--now",
            "2026-01-15T13:00:00+01:00",
        ])
        .unwrap();
        let Some(Command::Plan { data }) = &cli.command else {
            panic!("expected plan")
        };
        let merged = data.merged_with(&cli.data);
        let config = merged.config(Utc::now());
        assert_eq!(
            (config.seed, config.plans, config.users),
            (7, 10, SeedConfig::DEFAULT_USERS)
        );
        assert_eq!(config.now.to_rfc3339(), "2026-01-15T12:00:00+00:00");
    }
}
