#!/usr/bin/env bash
# Container entrypoint: wait for the database, migrate, seed once.
#
#   docker-entrypoint.sh [COMMAND...]
#
# 1. waits until DATABASE_URL accepts connections: SEED_WAIT_RETRIES tries (default 30),
#    SEED_WAIT_SECONDS apart (default 2); gives up with exit 4 (the seeder's "unreachable");
# 2. `seeder migrate`;
# 3. `seeder` with SEED_USERS, SEED_PLANS, SEED_RESOURCES, SEED_SEED and SEED_NOW as
#    --users/--plans/--resources/--seed/--now when set. A database that already holds a seed is
#    kept (the seeder's exit code 7 counts as success here), so restarting the container never
#    wipes data. SEED_RESET=true reseeds instead: --reset --allow-remote (the compose database is
#    not on localhost, and the seeder refuses --reset on a remote server without it);
# 4. then `exec COMMAND...` when one is given (e.g. `seeder verify`), so it receives signals as
#    the container's main process.
# The seeder runs as a child that TERM/INT stop (a shell running as PID 1 would
# otherwise ignore them). SEEDER_BIN names the binary (default: `seeder` on PATH).
# Only host:port/database is ever printed, never the URL (it holds the password).
set -euo pipefail

SEEDER_BIN="${SEEDER_BIN:-seeder}"
SEED_WAIT_RETRIES="${SEED_WAIT_RETRIES:-30}"
SEED_WAIT_SECONDS="${SEED_WAIT_SECONDS:-2}"
SEED_RESET="${SEED_RESET:-false}"

EXIT_CONFIG=3
EXIT_UNREACHABLE=4
EXIT_ALREADY_SEEDED=7

say() { printf '[entrypoint] %s\n' "$*" >&2; }

# host:port/database of a libpq URL, without user or password.
describe_url() {
    local rest="${1#*://}" hostport db
    rest="${rest##*@}"
    hostport="${rest%%/*}"
    db="${rest#"$hostport"}"
    db="${db#/}"
    db="${db%%\?*}"
    printf '%s/%s' "${hostport:-(socket)}" "${db:-(default)}"
}

# Forward TERM/INT to the running child, or stop here when there is none.
child=""
on_signal() {
    local sig="$1" code="$2"
    if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
        # TERM even for INT: a background child of a non-interactive shell ignores SIGINT.
        say "received SIG$sig; stopping the seeder"
        kill -TERM "$child" 2>/dev/null || true
    else
        say "received SIG$sig; stopping"
        exit "$code"
    fi
}
trap 'on_signal TERM 143' TERM
trap 'on_signal INT 130' INT

# run CMD...: run a child in the background and wait for it, so that signals reach us meanwhile.
# Returns the child's exit code.
run() {
    local rc=0
    "$@" &
    child=$!
    while :; do
        rc=0
        wait "$child" || rc=$?
        # wait also returns when a trapped signal arrives; keep waiting while the child lives.
        if [[ "$rc" -gt 128 ]] && kill -0 "$child" 2>/dev/null; then
            continue
        fi
        break
    done
    child=""
    return "$rc"
}

# sleep SEED_WAIT_SECONDS, interruptible: `wait` returns at once when TERM/INT arrive, and with no
# child registered on_signal then exits.
pause() {
    sleep "$SEED_WAIT_SECONDS" &
    wait "$!" || true
}

is_true() {
    case "${1,,}" in
    1 | true | yes | on) return 0 ;;
    *) return 1 ;;
    esac
}

if [[ -z "${DATABASE_URL:-}" ]]; then
    say "DATABASE_URL is not set: give the container DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/DB"
    exit "$EXIT_CONFIG"
fi
if ! command -v "$SEEDER_BIN" >/dev/null 2>&1; then
    say "seeder binary not found: $SEEDER_BIN (set SEEDER_BIN)"
    exit 127
fi
[[ "$SEED_WAIT_RETRIES" =~ ^[0-9]+$ && "$SEED_WAIT_RETRIES" -ge 1 ]] ||
    { say "SEED_WAIT_RETRIES must be a positive integer"; exit "$EXIT_CONFIG"; }
[[ "$SEED_WAIT_SECONDS" =~ ^[0-9]+$ ]] ||
    { say "SEED_WAIT_SECONDS must be a whole number of seconds"; exit "$EXIT_CONFIG"; }

target="$(describe_url "$DATABASE_URL")"

# --- 1. wait for the database ------------------------------------------------------------------
# pg_isready (postgresql-client) when present; otherwise `seeder migrate` itself is retried while
# it reports the server unreachable.
have_pg_isready=0
command -v pg_isready >/dev/null 2>&1 && have_pg_isready=1
if [[ "$have_pg_isready" -eq 1 ]]; then
    attempt=1
    until pg_isready -q -t 2 -d "$DATABASE_URL" >/dev/null 2>&1; do
        if [[ "$attempt" -ge "$SEED_WAIT_RETRIES" ]]; then
            say "database $target not ready after $SEED_WAIT_RETRIES tries, ${SEED_WAIT_SECONDS}s apart; giving up"
            exit "$EXIT_UNREACHABLE"
        fi
        say "waiting for database $target ($attempt/$SEED_WAIT_RETRIES)"
        attempt=$((attempt + 1))
        pause
    done
    say "database $target is ready"
fi

# --- 2. migrate --------------------------------------------------------------------------------
attempt=1
while :; do
    rc=0
    run "$SEEDER_BIN" migrate || rc=$?
    if [[ "$rc" -eq "$EXIT_UNREACHABLE" && "$have_pg_isready" -eq 0 && "$attempt" -lt "$SEED_WAIT_RETRIES" ]]; then
        say "database $target unreachable; retrying in ${SEED_WAIT_SECONDS}s ($attempt/$SEED_WAIT_RETRIES)"
        attempt=$((attempt + 1))
        pause
        continue
    fi
    break
done
if [[ "$rc" -ne 0 ]]; then
    say "seeder migrate failed (exit $rc)"
    exit "$rc"
fi

# --- 3. seed, once -----------------------------------------------------------------------------
args=()
[[ -n "${SEED_USERS:-}" ]] && args+=(--users "$SEED_USERS")
[[ -n "${SEED_PLANS:-}" ]] && args+=(--plans "$SEED_PLANS")
[[ -n "${SEED_RESOURCES:-}" ]] && args+=(--resources "$SEED_RESOURCES")
[[ -n "${SEED_SEED:-}" ]] && args+=(--seed "$SEED_SEED")
[[ -n "${SEED_NOW:-}" ]] && args+=(--now "$SEED_NOW")

rc=0
if is_true "$SEED_RESET"; then
    say "SEED_RESET=$SEED_RESET: replacing the contents of $target with a fresh seed"
    run "$SEEDER_BIN" "${args[@]}" --reset --allow-remote || rc=$?
else
    run "$SEEDER_BIN" "${args[@]}" || rc=$?
    if [[ "$rc" -eq "$EXIT_ALREADY_SEEDED" ]]; then
        say "database $target is already seeded; keeping its data (set SEED_RESET=true to reseed)"
        rc=0
    fi
fi
if [[ "$rc" -ne 0 ]]; then
    say "seeding failed (exit $rc)"
    exit "$rc"
fi
say "database $target is migrated and seeded"

# --- 4. hand over ------------------------------------------------------------------------------
if [[ "$#" -gt 0 ]]; then
    trap - TERM INT
    exec "$@"
fi
