#!/usr/bin/env bash
# Make sure a working local PostgreSQL exists, and tell where it is.
#
#   scripts/dev-db.sh            ensure a server; print the database URL on stdout
#   eval "$(scripts/dev-db.sh --env)"
#                                ensure a server; export DATABASE_URL and TEST_DATABASE_URL
#   scripts/dev-db.sh status     say what runs (starts nothing)
#   scripts/dev-db.sh stop       stop the throwaway cluster in .dev-db (if one runs)
#   scripts/dev-db.sh destroy    stop it and delete .dev-db
#
# Order: DATABASE_URL (environment, then .env) if it answers; a server on 127.0.0.1:5432 (database
# learning_plans_dev is created when missing); a stopped Debian cluster, started with pg_ctlcluster;
# a throwaway cluster under .dev-db (trust auth, 127.0.0.1:54329 or the next free port, socket in
# .dev-db/socket); and when there is no PostgreSQL at all, apt-get install postgresql (as root).
# Idempotent: run it as often as you like. DEV_DB_FORCE_THROWAWAY=1 skips to the throwaway cluster.
#
# A URL that came from your own configuration may hold a password: then only host:port/database is
# printed, never the URL itself.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
}

cmd="${1:-url}"
case "$cmd" in
url | --url)
    dev_db_ensure
    if [[ "$DEV_DB_SOURCE" == "configured" ]]; then
        # The user's own URL: they have it already, and it may hold a password.
        log "DATABASE_URL is configured and answers; not printing it (it may hold a password)"
    else
        printf '%s\n' "$DEV_DATABASE_URL"
    fi
    ;;
--env | env)
    dev_db_ensure
    if [[ "$DEV_DB_SOURCE" == "configured" ]]; then
        printf '# DATABASE_URL is already configured (%s)\n' "$(describe_url "$DEV_DATABASE_URL")"
    else
        printf 'export DATABASE_URL=%q\n' "$DEV_DATABASE_URL"
        printf 'export TEST_DATABASE_URL=%q\n' "$DEV_ADMIN_URL"
    fi
    ;;
status)
    ensure_pg_client
    if [[ -f "$DEV_DB_DIR/data/PG_VERSION" ]]; then
        port="$(cat "$DEV_DB_DIR/port" 2>/dev/null || printf '%s' "$DEV_DB_PORT")"
        if pg_isready -q -t 2 -h 127.0.0.1 -p "$port"; then
            log "throwaway cluster in $DEV_DB_DIR: running on 127.0.0.1:$port"
        else
            log "throwaway cluster in $DEV_DB_DIR: stopped (port $port)"
        fi
    else
        log "no throwaway cluster in $DEV_DB_DIR"
    fi
    if pg_isready -q -t 2 -h 127.0.0.1 -p 5432; then
        log "a server answers on 127.0.0.1:5432"
    else
        log "no server answers on 127.0.0.1:5432"
    fi
    ;;
stop | destroy)
    if [[ -f "$DEV_DB_DIR/data/PG_VERSION" ]]; then
        bindir="$(pg_bin_dir)" || die "PostgreSQL binaries not found under /usr/lib/postgresql"
        if is_root; then
            runuser -u postgres -- "$bindir/pg_ctl" -D "$DEV_DB_DIR/data" -m fast -w stop >&2 || true
        else
            "$bindir/pg_ctl" -D "$DEV_DB_DIR/data" -m fast -w stop >&2 || true
        fi
    else
        log "no throwaway cluster in $DEV_DB_DIR"
    fi
    if [[ "$cmd" == "destroy" && -d "$DEV_DB_DIR" ]]; then
        log "deleting $DEV_DB_DIR"
        rm -rf "$DEV_DB_DIR"
    fi
    ;;
-h | --help | help)
    usage
    ;;
*)
    usage
    die "unknown command: $cmd"
    ;;
esac
