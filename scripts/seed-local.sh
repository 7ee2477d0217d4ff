#!/usr/bin/env bash
# A newcomer's first command: migrate and seed a working local database.
#
#   scripts/seed-local.sh [SEEDER ARGS...]
#   scripts/seed-local.sh --reset --seed 7 --plans 1000
#
# Makes sure a PostgreSQL server runs (scripts/dev-db.sh), writes .env from .env.sample when there
# is none (pointing at that server), then runs `cargo run --release -p seeder -- ARGS...`. All
# arguments go to the seeder unchanged (see `cargo run -p seeder -- --help`).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

# Exit code the seeder uses to refuse seeding a database that already holds rows.
EXIT_ALREADY_SEEDED=7

ensure_cargo
ensure_libpq_dev
dev_db_ensure

if [[ ! -f .env ]]; then
    log "writing .env from .env.sample (DATABASE_URL: $(describe_url "$DEV_DATABASE_URL"))"
    # awk, not sed: the URL may contain characters sed would treat specially.
    awk -v url="$DEV_DATABASE_URL" -v admin="$DEV_ADMIN_URL" '
        /^DATABASE_URL=/ { print "DATABASE_URL=" url; next }
        /^TEST_DATABASE_URL=/ { print "TEST_DATABASE_URL=" admin; next }
        { print }' .env.sample >.env
elif [[ "$DEV_DB_SOURCE" != "configured" ]]; then
    configured="$(dotenv_get DATABASE_URL || true)"
    if [[ -n "$configured" && "$configured" != "$DEV_DATABASE_URL" ]]; then
        warn ".env's DATABASE_URL ($(describe_url "$configured")) does not answer; this run uses" \
            "$(describe_url "$DEV_DATABASE_URL"). Update .env (or delete it to have it rewritten)."
    fi
fi
# The environment wins over .env in the seeder (dotenvy does not override), so this run uses the
# database we just checked even when .env is stale.
export DATABASE_URL="$DEV_DATABASE_URL"

log "cargo run --release -p seeder -- $*"
set +e
cargo run --release -p seeder -- "$@"
rc=$?
set -e

if [[ "$rc" -eq "$EXIT_ALREADY_SEEDED" ]]; then
    printf '\n' >&2
    log "the database $(describe_url "$DATABASE_URL") is already seeded; it was left as it was."
    info "To replace its contents with a fresh seed:  scripts/seed-local.sh --reset $*"
    info "To check the data that is there:            cargo run --release -p seeder -- verify"
    # The database holds a seed, which is what this command is for: not a failure.
    exit 0
fi
exit "$rc"
