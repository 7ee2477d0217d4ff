#!/usr/bin/env bash
# Tests scripts/docker-entrypoint.sh against a scratch database on the local server, with the
# built seeder (no Docker engine needed):
#   1. first run migrates and seeds;
#   2. second run keeps the data (same checksum of the seeded tables);
#   3. SEED_RESET=true with the same arguments reseeds to identical contents;
#   4. SEED_RESET=true with another seed replaces the contents;
#   5. an unreachable server makes it give up within its bounded retries, with exit 4;
#   and no output ever shows the password.
#
#   scripts/test-entrypoint.sh          (SEEDER_BIN defaults to $CARGO_TARGET_DIR or target, /debug/seeder, built if missing)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SEEDER_BIN="${SEEDER_BIN:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/debug/seeder}"
if [[ ! -x "$SEEDER_BIN" ]]; then
    ensure_cargo
    log "building the seeder"
    cargo build -p seeder >&2
fi
export SEEDER_BIN

admin_url_ensure
scratch="entrypoint_test_$$"
work="$(mktemp -d)"
cleanup() {
    drop_database "$ADMIN_URL" "$scratch"
    rm -rf "$work"
}
trap cleanup EXIT
psql_run "$ADMIN_URL" "CREATE DATABASE \"$scratch\""
url="$(url_with_db "$ADMIN_URL" "$scratch")"

# Small and fixed, so the run is quick and repeatable.
export DATABASE_URL="$url" SEED_USERS=8 SEED_PLANS=20 SEED_RESOURCES=30 SEED_SEED=4242 \
    SEED_NOW=2026-01-15T12:00:00Z SEED_WAIT_RETRIES=5 SEED_WAIT_SECONDS=1
unset SEED_RESET
# The seeder must not pick up a developer's .env instead of the URL above: the environment wins.

# A checksum over every seeded table's full contents, ids included.
checksum() {
    psql_run "$url" "
        SELECT md5(string_agg(t || ':' || c, ',' ORDER BY t))
          FROM (SELECT 'users' t, md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) c FROM users x
                UNION ALL SELECT 'learning_plans', md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM learning_plans x
                UNION ALL SELECT 'modules', md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM modules x
                UNION ALL SELECT 'tasks', md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM tasks x
                UNION ALL SELECT 'resources', md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM resources x
                UNION ALL SELECT 'job_queue', md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM job_queue x) s"
}
count() { psql_run "$url" "SELECT count(*) FROM $1"; }

failures=0
check() {
    local what="$1"
    shift
    if "$@"; then
        info "ok: $what"
    else
        printf '    FAILED: %s\n' "$what" >&2
        failures=$((failures + 1))
    fi
}
# entry NAME [ENV=VALUE...]: run the entrypoint, output to $work/NAME.log; returns its exit code.
entry() {
    local name="$1"
    shift
    local rc=0
    env "$@" bash scripts/docker-entrypoint.sh >"$work/$name.log" 2>&1 </dev/null || rc=$?
    sed 's/^/      | /' "$work/$name.log" | tail -n 12 >&2
    return "$rc"
}
no_password_in() { ! grep -q 'TEST-PASSWORD-NOT-SHOWN' "$work/$1.log"; }

log "entrypoint run 1: empty database $(describe_url "$url")"
rc=0
entry first || rc=$?
check "first run exits 0 (got $rc)" test "$rc" -eq 0
users="$(count users)"
jobs="$(count job_queue)"
check "first run seeded $SEED_USERS users (found $users)" test "$users" -eq "$SEED_USERS"
check "first run seeded jobs (found $jobs)" test "$jobs" -gt 0
first="$(checksum)"

log "entrypoint run 2: already seeded"
# With a password in the URL (trust auth ignores it): it must not appear in any output.
pw_url="$url"
if [[ "$url" =~ ^(postgres(ql)?://)([^:@/]+)@(.*)$ ]]; then
    pw_url="${BASH_REMATCH[1]}${BASH_REMATCH[3]}:TEST-PASSWORD-NOT-SHOWN@${BASH_REMATCH[4]}"
fi
rc=0
entry second DATABASE_URL="$pw_url" || rc=$?
check "second run exits 0 (got $rc)" test "$rc" -eq 0
check "second run says it keeps the data" grep -q 'already seeded; keeping' "$work/second.log"
check "second run kept the data (checksum unchanged)" test "$(checksum)" = "$first"
check "no password in the second run's output" no_password_in second

log "entrypoint run 3: SEED_RESET=true, same arguments"
rc=0
entry reset-same SEED_RESET=true || rc=$?
check "reset run exits 0 (got $rc)" test "$rc" -eq 0
check "reseeding with the same arguments gives identical contents" test "$(checksum)" = "$first"

log "entrypoint run 4: SEED_RESET=true, another seed"
rc=0
entry reset-other SEED_RESET=true SEED_SEED=777 || rc=$?
check "reset run with another seed exits 0 (got $rc)" test "$rc" -eq 0
check "reseeding with another seed replaced the contents" test "$(checksum)" != "$first"

log "entrypoint run 5: unreachable server"
start=$SECONDS
rc=0
entry unreachable DATABASE_URL="postgres://nobody:TEST-PASSWORD-NOT-SHOWN@127.0.0.1:1/nowhere" \
    SEED_WAIT_RETRIES=3 SEED_WAIT_SECONDS=1 || rc=$?
check "unreachable server: exit 4 (got $rc)" test "$rc" -eq 4
check "unreachable server: gave up within 15s (took $((SECONDS - start))s)" test $((SECONDS - start)) -le 15
check "no password in the output" no_password_in unreachable

if [[ "$failures" -gt 0 ]]; then
    die "$failures entrypoint check(s) failed"
fi
log "entrypoint works: seeds once, keeps the data, reseeds on request, gives up when unreachable"
