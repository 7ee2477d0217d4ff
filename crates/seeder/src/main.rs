//! `seeder`: see `seeder --help`, and `src/exit.rs` for the exit codes.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, SubsecRound, Utc};
use clap::Parser;
use generator::{Generator, Table};
use tracing_subscriber::EnvFilter;

use seeder::cli::{Cli, Command, DataArgs, DbArgs, IndexArg, SeedArgs, UsageError};
use seeder::config::{self, DatabaseUrl};
use seeder::exit::{self, Exit};
use seeder::load::LoadMethod;
use seeder::progress::{Progress, StderrAboveBars};
use seeder::seed::{self, SeedError, SeedOptions};
use seeder::summary;
use seeder::{db, export, verify};

fn main() -> ExitCode {
    // clap prints its own message and exits with 2 on a bad command line, before anything else
    // happens: bad flags never reach the database.
    let cli = Cli::parse();
    init_tracing();
    let mut secrets = Vec::new();
    match run(cli, &mut secrets) {
        Ok(exit) => exit.into(),
        Err(error) => {
            let report = exit::report(&error, &secrets);
            eprintln!("error: {}", report.message);
            if let Some(hint) = report.hint {
                eprintln!("hint: {hint}");
            }
            report.exit.into()
        }
    }
}

fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(StderrAboveBars::default)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .init();
}

fn run(cli: Cli, secrets: &mut Vec<String>) -> anyhow::Result<Exit> {
    let now = Utc::now().trunc_subsecs(0);
    match &cli.command {
        None => seed_command(&cli.db, &cli.data, &cli.seed, now, secrets),
        Some(Command::Migrate { db }) => migrate_command(&db.merged_with(&cli.db), secrets),
        Some(Command::Verify { db, json }) => {
            verify_command(&db.merged_with(&cli.db), *json, secrets)
        }
        Some(Command::Plan { data }) => plan_command(&data.merged_with(&cli.data), now),
        Some(Command::Export { out, data }) => {
            export_command(out, &data.merged_with(&cli.data), now)
        }
    }
}

fn generator_for(data: &DataArgs, now: DateTime<Utc>) -> anyhow::Result<Generator> {
    Generator::new(data.config(now)).map_err(|error| anyhow::Error::new(UsageError(error)))
}

fn database_url(db: &DbArgs, secrets: &mut Vec<String>) -> anyhow::Result<DatabaseUrl> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let environment = std::env::var(config::ENV_VAR).ok();
    let (raw, origin) = config::resolve_url(db.database_url.as_deref(), environment, &cwd)?;
    // Register the password before parsing, so even a parse error could not print it.
    if let Some(password) = raw_password(&raw) {
        secrets.push(password);
    }
    let url = DatabaseUrl::parse(&raw, origin)?;
    secrets.extend(url.secrets());
    Ok(url)
}

/// The `user:password@` part of a URL-looking string, found without trusting it to parse.
fn raw_password(raw: &str) -> Option<String> {
    let rest = raw.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let userinfo = authority.rsplit_once('@')?.0;
    let password = userinfo.split_once(':')?.1;
    (!password.is_empty()).then(|| password.to_owned())
}

fn seed_command(
    db: &DbArgs,
    data: &DataArgs,
    options: &SeedArgs,
    now: DateTime<Utc>,
    secrets: &mut Vec<String>,
) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let generator = generator_for(data, now)?;
    let config = *generator.config();
    let url = database_url(db, secrets)?;
    let pghost = std::env::var("PGHOST").ok();
    if options.reset && !options.allow_remote && !url.is_local(pghost.as_deref()) {
        return Err(SeedError::RemoteReset {
            target: url.redacted(),
        }
        .into());
    }
    tracing::info!(target = %url.redacted(), "connecting");
    let pool = db::connect(&url, db.connect_timeout_secs())?;
    let mut conn = db::checkout(&pool, &url)?;

    let rebuild_indexes = options.indexes == IndexArg::Rebuild;
    let method = LoadMethod::from(options.load_method);
    let quota = generator.job_quota();
    // Totals known without generating anything; the other tables' bars count up.
    let mut known = generator::RowCounts::default();
    known.add(Table::Users, u64::from(config.users));
    known.add(Table::LearningPlans, u64::from(config.plans));
    known.add(Table::Resources, u64::from(config.resources));
    known.add(Table::JobQueue, u64::from(quota.total()));
    let mut progress = Progress::new(&known, &Table::ALL);
    let seed_options = SeedOptions {
        reset: options.reset,
        method,
        rebuild_indexes,
        plans_per_batch: options.batch_plans,
    };
    let outcome = seed::run(&mut conn, &generator, seed_options, &mut progress)
        .with_context(|| format!("seeding {}", url.redacted()));
    progress.finish();
    let outcome = outcome?;
    let elapsed = started.elapsed();

    let rows = outcome.load.rows;
    let mut out = String::new();
    out.push_str(&format!(
        "seeded {} in {:.2} s: {} rows, {} via {}{}{}\n",
        url.redacted(),
        elapsed.as_secs_f64(),
        summary::group(rows.total()),
        summary::rate(
            rows.total(),
            outcome.load.load_time + outcome.load.index_time
        ),
        match method {
            LoadMethod::Copy => "binary COPY",
            LoadMethod::Insert => "multi-row INSERT",
        },
        if outcome.freeze { " FREEZE" } else { "" },
        if rebuild_indexes {
            format!(
                ", indexes and keys rebuilt after the load ({:.2} s)",
                outcome.load.index_time.as_secs_f64()
            )
        } else {
            String::new()
        },
    ));
    if !outcome.migrations_applied.is_empty() {
        out.push_str(&format!(
            "migrations applied: {}\n",
            outcome.migrations_applied.len()
        ));
    }
    if !outcome.reset_tables.is_empty() {
        out.push_str(&format!(
            "--reset emptied: {}\n",
            outcome.reset_tables.join(", ")
        ));
    }
    out.push('\n');
    out.push_str(&summary::table_counts(&rows));
    out.push('\n');
    out.push_str(&summary::job_mix(&quota));
    out.push('\n');
    out.push_str(&summary::reproduce(&config));
    print_stdout(&out)?;
    Ok(Exit::Success)
}

fn migrate_command(db: &DbArgs, secrets: &mut Vec<String>) -> anyhow::Result<Exit> {
    let url = database_url(db, secrets)?;
    tracing::info!(target = %url.redacted(), "connecting");
    let pool = db::connect(&url, db.connect_timeout_secs())?;
    let mut conn = db::checkout(&pool, &url)?;
    let applied =
        seed::migrate_only(&mut conn).with_context(|| format!("migrating {}", url.redacted()))?;
    let message = if applied.is_empty() {
        format!(
            "{}: schema up to date, no pending migrations\n",
            url.redacted()
        )
    } else {
        format!(
            "{}: applied {} migration(s): {}\n",
            url.redacted(),
            applied.len(),
            applied.join(", ")
        )
    };
    print_stdout(&message)?;
    Ok(Exit::Success)
}

fn verify_command(db: &DbArgs, json: bool, secrets: &mut Vec<String>) -> anyhow::Result<Exit> {
    let url = database_url(db, secrets)?;
    tracing::info!(target = %url.redacted(), "connecting");
    let pool = db::connect(&url, db.connect_timeout_secs())?;
    let mut conn = db::checkout(&pool, &url)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let ok = verify::run(&mut conn, json, &mut out)
        .with_context(|| format!("verifying {}", url.redacted()))?;
    out.flush().context("writing the report")?;
    if ok {
        Ok(Exit::Success)
    } else {
        eprintln!("error: the database breaks at least one seed rule (see the report above)");
        Ok(Exit::VerifyFailed)
    }
}

fn plan_command(data: &DataArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let generator = generator_for(data, now)?;
    let counts = generator.row_counts();
    let mut out = String::from("dry run: nothing is written; these rows would be generated\n\n");
    out.push_str(&summary::table_counts(&counts));
    out.push('\n');
    out.push_str(&summary::job_mix(&generator.job_quota()));
    out.push('\n');
    out.push_str(&summary::reproduce(generator.config()));
    print_stdout(&out)?;
    Ok(Exit::Success)
}

fn export_command(path: &Path, data: &DataArgs, now: DateTime<Utc>) -> anyhow::Result<Exit> {
    let generator = generator_for(data, now)?;
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let counts = export::write_sql(&generator, &mut out)
        .with_context(|| format!("writing {}", path.display()))?;
    out.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    let mut message = format!(
        "wrote {} rows to {}\n\n",
        summary::group(counts.total()),
        path.display()
    );
    message.push_str(&summary::table_counts(&counts));
    message.push('\n');
    message.push_str(&summary::reproduce(generator.config()));
    print_stdout(&message)?;
    Ok(Exit::Success)
}

fn print_stdout(text: &str) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("writing to standard output")
}
