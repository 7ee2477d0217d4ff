#!/usr/bin/env bash
# Regenerate crates/schema/src/schema.rs from the migrations. Run it after adding or changing a
# migration; never edit schema.rs by hand (scripts/check-schema.sh fails CI when it drifts).
#
#   scripts/regenerate-schema.sh
#
# Applies every migration to a scratch database (schema_scratch_<pid>, dropped on exit) with the
# pinned diesel CLI, then writes `diesel print-schema` (configured by diesel.toml) into the file.
# Uses TEST_DATABASE_URL's server when it answers, else the one scripts/dev-db.sh finds or starts.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SCHEMA_FILE="crates/schema/src/schema.rs"

ensure_diesel_cli
admin_url_ensure

scratch="schema_scratch_$$"
scratch_url="$(url_with_db "$ADMIN_URL" "$scratch")"
cleanup() { drop_database "$ADMIN_URL" "$scratch"; }
trap cleanup EXIT
psql_run "$ADMIN_URL" "CREATE DATABASE \"$scratch\""

work="$(mktemp -d)"
trap 'rm -rf "$work"; cleanup' EXIT
tmp="$work/schema.rs"
# diesel would rewrite the file itself after `migration run` (diesel.toml's print_schema.file);
# run with a copy of the config that writes nothing, and write the file once, below, only when
# it changes (an untouched file keeps its mtime, so nothing rebuilds needlessly).
grep -v -E '^[[:space:]]*file[[:space:]]*=' "$REPO_ROOT/diesel.toml" >"$work/diesel.toml"
log "applying migrations to scratch database $(describe_url "$scratch_url")"
DIESEL_CONFIG_OVERRIDE="$work/diesel.toml" diesel_migration run --database-url "$scratch_url" >&2

diesel print-schema --config-file "$REPO_ROOT/diesel.toml" --database-url "$scratch_url" >"$tmp"
if cmp -s "$tmp" "$SCHEMA_FILE"; then
    log "$SCHEMA_FILE is up to date"
else
    cp "$tmp" "$SCHEMA_FILE"
    log "rewrote $SCHEMA_FILE; review it with: git diff -- $SCHEMA_FILE"
fi
