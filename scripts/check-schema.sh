#!/usr/bin/env bash
# Schema drift guard (run by scripts/test.sh, hence by CI). On a scratch database it proves that
#   1. the migrations reproduce the committed crates/schema/src/schema.rs exactly
#      (`diesel migration run --locked-schema`, and print-schema diffed against the file);
#   2. every down.sql reverts its up.sql (`diesel migration redo --all`);
#   3. reverting all migrations leaves no object behind, and run -> revert all -> run gives a
#      catalog identical to the first run (pg_dump --schema-only compared).
#
#   scripts/check-schema.sh
#
# Exits 0 when all hold; 3 on schema.rs drift; 4 when the migrations do not revert cleanly;
# 1 on any other failure. Fix drift with scripts/regenerate-schema.sh, never by hand.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SCHEMA_FILE="crates/schema/src/schema.rs"
EXIT_DRIFT=3
EXIT_NOT_REVERSIBLE=4

ensure_diesel_cli
admin_url_ensure

work="$(mktemp -d)"
scratch="schema_scratch_$$"
scratch_url="$(url_with_db "$ADMIN_URL" "$scratch")"
cleanup() {
    drop_database "$ADMIN_URL" "$scratch"
    rm -rf "$work"
}
trap cleanup EXIT
psql_run "$ADMIN_URL" "CREATE DATABASE \"$scratch\""
PG_DUMP="$(pg_dump_for "$ADMIN_URL")"

# The catalog, as text: everything but ownership and privileges, which depend on who runs this.
dump_schema() {
    "$PG_DUMP" --schema-only --no-owner --no-privileges --no-comments -d "$scratch_url" |
        grep -v -E '^(--|SET |SELECT pg_catalog.set_config|\\(un)?restrict )' | sed '/^$/d'
}

# Objects the migrations own: anything in user schemas except diesel's bookkeeping table.
leftovers() {
    psql_run "$scratch_url" "
        SELECT c.relkind::text || ' ' || n.nspname || '.' || c.relname
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
           AND c.relname NOT LIKE '__diesel_schema_migrations%'
        UNION ALL
        SELECT 'type ' || n.nspname || '.' || t.typname
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
           AND t.typtype IN ('e', 'd', 'c', 'r', 'm') AND t.typrelid = 0
        UNION ALL
        SELECT 'function ' || n.nspname || '.' || p.proname
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        UNION ALL
        SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
        UNION ALL
        SELECT 'schema ' || nspname FROM pg_namespace
         WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
        ORDER BY 1"
}

fail_not_reversible() {
    printf '\nerror: %s\n' "$1" >&2
    printf '       A down.sql does not undo its up.sql. Fix the migration, then re-run %s.\n' \
        "scripts/check-schema.sh" >&2
    exit "$EXIT_NOT_REVERSIBLE"
}

# --- 1. schema.rs matches the migrations -------------------------------------------------------
log "schema drift: applying migrations to scratch database $(describe_url "$scratch_url")"
if ! diesel_migration run --locked-schema --database-url "$scratch_url" >"$work/run.log" 2>&1; then
    # --locked-schema applies the migrations, then refuses to rewrite the schema file: that is
    # drift, shown by the diff below. Anything else is a broken migration.
    if ! grep -q 'would result in changes' "$work/run.log"; then
        cat "$work/run.log" >&2
        die "diesel migration run failed on a fresh database (see above)"
    fi
    warn "diesel migration run --locked-schema: the migrations would change $SCHEMA_FILE"
fi
diesel print-schema --config-file "$REPO_ROOT/diesel.toml" --database-url "$scratch_url" \
    >"$work/schema.rs"
if ! diff -u --label "$SCHEMA_FILE (committed)" --label "$SCHEMA_FILE (from migrations)" \
    "$SCHEMA_FILE" "$work/schema.rs" >"$work/schema.diff"; then
    cat "$work/schema.diff" >&2
    printf '\nerror: %s does not match the migrations (diff above).\n' "$SCHEMA_FILE" >&2
    printf '       It is generated: run scripts/regenerate-schema.sh and commit the result;\n' >&2
    printf '       put hand-written corrections in a migration, never in the file.\n' >&2
    exit "$EXIT_DRIFT"
fi
info "ok: $SCHEMA_FILE matches the migrations"

# --- 2. every down.sql reverts its up.sql -----------------------------------------------------
# From here on diesel must not touch schema.rs: reverting everything would empty it, and
# --locked-schema would refuse a revert. A copy of diesel.toml without print_schema.file does both.
grep -v -E '^[[:space:]]*file[[:space:]]*=' "$REPO_ROOT/diesel.toml" >"$work/diesel.toml"
export DIESEL_CONFIG_OVERRIDE="$work/diesel.toml"
dump_schema >"$work/first.sql"
log "reversibility: diesel migration redo --all"
if ! diesel_migration redo --all --database-url "$scratch_url" >"$work/redo.log" 2>&1; then
    cat "$work/redo.log" >&2
    fail_not_reversible "diesel migration redo --all failed"
fi
dump_schema >"$work/redo.sql"
if ! diff -u --label "catalog after run" --label "catalog after redo --all" \
    "$work/first.sql" "$work/redo.sql" >&2; then
    fail_not_reversible "the catalog after 'redo --all' differs from the first run (diff above)"
fi
info "ok: redo --all reproduces the same catalog"

# --- 3. revert all leaves nothing behind; run again gives the same catalog ---------------------
log "reversibility: revert --all leaves an empty schema"
if ! diesel_migration revert --all --database-url "$scratch_url" >"$work/revert.log" 2>&1; then
    cat "$work/revert.log" >&2
    fail_not_reversible "diesel migration revert --all failed"
fi
left="$(leftovers)"
if [[ -n "$left" ]]; then
    printf '%s\n' "$left" | sed 's/^/    left behind: /' >&2
    fail_not_reversible "objects remain after reverting every migration (listed above)"
fi
if ! diesel_migration run --database-url "$scratch_url" >"$work/rerun.log" 2>&1; then
    cat "$work/rerun.log" >&2
    fail_not_reversible "migrations do not apply again after reverting them all"
fi
dump_schema >"$work/rerun.sql"
if ! diff -u --label "catalog after run" --label "catalog after run, revert --all, run" \
    "$work/first.sql" "$work/rerun.sql" >&2; then
    fail_not_reversible "the catalog after run -> revert --all -> run differs (diff above)"
fi
info "ok: revert --all leaves nothing; run -> revert --all -> run gives the same catalog"
log "schema check passed: $(find migrations -mindepth 1 -maxdepth 1 -type d | wc -l) migrations, $SCHEMA_FILE in sync"
