# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it, do not run it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Everything here prints to stderr so that a script's stdout stays usable (dev-db.sh prints a URL).
# No helper ever prints a password: URLs are shown as host:port/database only (describe_url).

# The repository root, from this file's own location, so scripts work from any directory.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# Pinned to the diesel version in Cargo.toml: print-schema output can change between CLI versions.
DIESEL_CLI_VERSION="2.3.14"

# Database the newcomer's seeder writes into when we pick the server ourselves.
DEV_DB_NAME="${DEV_DB_NAME:-learning_plans_dev}"
# The standard local server's port (a knob for testing the fallbacks).
DEV_DB_LOCAL_PORT="${DEV_DB_LOCAL_PORT:-5432}"
# Throwaway cluster (last resort before installing PostgreSQL).
DEV_DB_DIR="${DEV_DB_DIR:-$REPO_ROOT/.dev-db}"
DEV_DB_PORT="${DEV_DB_PORT:-54329}"
# Seconds to wait for a server to accept connections after starting it.
DEV_DB_WAIT_SECONDS="${DEV_DB_WAIT_SECONDS:-60}"

log() { printf '==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [[ "$(id -u)" -eq 0 ]]; }

# ---------------------------------------------------------------------------------------------
# Packages

_APT_UPDATED=0
# apt_install PKG...: install Debian packages when we are root; fail with a hint otherwise.
apt_install() {
    if ! have apt-get; then
        die "need the package(s) $*, and apt-get is not available: install them with your package manager"
    fi
    if ! is_root; then
        die "need the package(s) $*: run 'sudo apt-get install -y $*' (or run this script as root)"
    fi
    if [[ "$_APT_UPDATED" -eq 0 ]]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        _APT_UPDATED=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_cargo() {
    if ! have cargo && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    have cargo || die "cargo not found: install the Rust toolchain (https://rustup.rs) and retry"
}

# libpq-dev: diesel's postgres backend (pq-sys) links against libpq.
ensure_libpq_dev() {
    if have dpkg-query; then
        dpkg-query -W -f='${Status}' libpq-dev 2>/dev/null | grep -q 'ok installed' && return 0
        apt_install libpq-dev
    elif ! have pg_config; then
        die "libpq development files not found: install libpq-dev (Debian) or libpq (other systems)"
    fi
}

ensure_pg_client() {
    have psql && have pg_isready && return 0
    apt_install postgresql-client
}

ensure_shellcheck() {
    have shellcheck && return 0
    apt_install shellcheck
}

# diesel CLI, pinned, with only the postgres backend (no MySQL/SQLite client libraries needed).
ensure_diesel_cli() {
    ensure_cargo
    if ! have diesel && [[ -x "$HOME/.cargo/bin/diesel" ]]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    if have diesel; then
        local version
        version="$(diesel --version 2>/dev/null | sed -n 's/.*Version: *\([0-9.]*\).*/\1/p' | head -n1)"
        [[ "$version" == "$DIESEL_CLI_VERSION" ]] && return 0
        warn "diesel CLI ${version:-of unknown version} found; installing the pinned $DIESEL_CLI_VERSION"
    fi
    ensure_libpq_dev
    log "installing diesel_cli $DIESEL_CLI_VERSION (first time only; a few minutes)"
    cargo install diesel_cli --version "$DIESEL_CLI_VERSION" --locked \
        --no-default-features --features postgres >&2
    export PATH="$HOME/.cargo/bin:$PATH"
    have diesel || die "diesel CLI was installed but is not on PATH: add ~/.cargo/bin to PATH"
}

# diesel migration SUB with the repository's config and migrations, whatever the current directory.
# DIESEL_CONFIG_OVERRIDE names another config file (check-schema.sh uses one that writes no file).
diesel_migration() {
    local sub="$1"
    shift
    diesel migration "$sub" --config-file "${DIESEL_CONFIG_OVERRIDE:-$REPO_ROOT/diesel.toml}" \
        --migration-dir "$REPO_ROOT/migrations" "$@"
}

# ---------------------------------------------------------------------------------------------
# URLs

# describe_url URL: host:port/database, never the user's password.
describe_url() {
    local url="$1" rest hostport db host port
    rest="${url#*://}"
    rest="${rest##*@}"
    hostport="${rest%%/*}"
    db=""
    [[ "$rest" == */* ]] && db="${rest#*/}"
    db="${db%%\?*}"
    host="${hostport%:*}"
    port="5432"
    [[ "$hostport" == *:* ]] && port="${hostport##*:}"
    [[ -z "$host" ]] && host="(socket)"
    if [[ "$url" == *"host="* ]]; then
        host="$(printf '%s' "$url" | sed -n 's/.*[?&]host=\([^&]*\).*/\1/p')"
    fi
    printf '%s:%s/%s' "$host" "$port" "${db:-(default)}"
}

# url_with_db URL DB: the same server and credentials, another database.
url_with_db() {
    local url="$1" db="$2" scheme rest authority query=""
    scheme="${url%%://*}"
    rest="${url#*://}"
    if [[ "$rest" == *\?* ]]; then
        query="?${rest#*\?}"
        rest="${rest%%\?*}"
    fi
    authority="${rest%%/*}"
    printf '%s://%s/%s%s' "$scheme" "$authority" "$db" "$query"
}

# url_db URL: the database name in a URL.
url_db() {
    local rest="${1#*://}"
    rest="${rest%%\?*}"
    [[ "$rest" == */* ]] && printf '%s' "${rest#*/}"
}

# dotenv_get KEY [FILE]: a value from a .env file without sourcing it (it is not shell).
dotenv_get() {
    local key="$1" file="${2:-$REPO_ROOT/.env}" line value
    [[ -f "$file" ]] || return 1
    line="$(grep -E "^[[:space:]]*(export[[:space:]]+)?${key}[[:space:]]*=" "$file" | tail -n1)" || return 1
    value="${line#*=}"
    value="${value#"${value%%[![:space:]]*}"}"
    value="${value%"${value##*[![:space:]]}"}"
    if [[ "$value" == \"*\" || "$value" == \'*\' ]]; then
        value="${value:1:${#value}-2}"
    fi
    [[ -n "$value" ]] || return 1
    printf '%s' "$value"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# pg_answers URL: the server accepts connections AND this database lets us in.
pg_answers() {
    pg_isready -q -t 3 -d "$1" >/dev/null 2>&1 || return 1
    PGCONNECT_TIMEOUT=5 psql -X -q -At -d "$1" -c 'SELECT 1' >/dev/null 2>&1
}

# pg_wait URL SECONDS: bounded wait until the server accepts connections.
pg_wait() {
    local url="$1" limit="${2:-$DEV_DB_WAIT_SECONDS}" i
    for ((i = 0; i < limit; i++)); do
        pg_isready -q -t 1 -d "$url" >/dev/null 2>&1 && return 0
        sleep 1
    done
    return 1
}

# psql_run URL SQL: run one statement, quietly, failing on error.
psql_run() {
    PGCONNECT_TIMEOUT=5 psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# ensure_database ADMIN_URL DB: create the database when it does not exist.
ensure_database() {
    local admin="$1" db="$2" exists
    exists="$(psql_run "$admin" "SELECT 1 FROM pg_database WHERE datname = '$db'")"
    if [[ "$exists" != "1" ]]; then
        log "creating database $db"
        psql_run "$admin" "CREATE DATABASE \"$db\""
    fi
}

drop_database() {
    local admin="$1" db="$2"
    psql_run "$admin" "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 ||
        warn "could not drop scratch database $db"
}

# The newest PostgreSQL server binaries installed by Debian's packages, if any.
pg_bin_dir() {
    local dir
    dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null |
        sort -V | tail -n1)"
    [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || return 1
    printf '%s' "$dir"
}

# A URL for a server on 127.0.0.1:PORT that lets one of the usual roles in without a password.
_local_admin_url() {
    local port="$1" user url
    for user in ${PGUSER:-} postgres "$(id -un)"; do
        url="postgres://${user}@127.0.0.1:${port}/postgres"
        if PGCONNECT_TIMEOUT=5 psql -X -q -At -d "$url" -c 'SELECT 1' >/dev/null 2>&1 </dev/null; then
            printf '%s' "$url"
            return 0
        fi
    done
    return 1
}

# Run a command as the throwaway cluster's owner: initdb and postgres refuse to run as root.
_as_pg_owner() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_start_throwaway_cluster() {
    local bindir data sock port logfile pidfile
    bindir="$(pg_bin_dir)" || return 1
    if is_root && ! id postgres >/dev/null 2>&1; then
        log "creating system user postgres to own the throwaway cluster"
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    mkdir -p "$DEV_DB_DIR"
    if is_root; then
        chown postgres: "$DEV_DB_DIR"
        chmod 700 "$DEV_DB_DIR"
        if ! runuser -u postgres -- test -w "$DEV_DB_DIR"; then
            # The checkout lies somewhere user postgres cannot reach (e.g. under /root).
            DEV_DB_DIR="${TMPDIR:-/tmp}/learning-plans-dev-db-$(printf '%s' "$REPO_ROOT" | cksum | cut -d' ' -f1)"
            warn "user postgres cannot reach the checkout; keeping the throwaway cluster in $DEV_DB_DIR"
            mkdir -p "$DEV_DB_DIR"
            chown postgres: "$DEV_DB_DIR"
            chmod 700 "$DEV_DB_DIR"
        fi
    fi
    data="$DEV_DB_DIR/data"
    sock="$DEV_DB_DIR/socket"
    logfile="$DEV_DB_DIR/postgres.log"
    pidfile="$data/postmaster.pid"
    [[ -f "$DEV_DB_DIR/port" ]] && port="$(cat "$DEV_DB_DIR/port")" || port="$DEV_DB_PORT"

    # Ours and already running: reuse it.
    if [[ -f "$pidfile" ]] && pg_isready -q -t 2 -h 127.0.0.1 -p "$port" >/dev/null 2>&1 &&
        _as_pg_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        DEV_ADMIN_URL="postgres://postgres@127.0.0.1:${port}/postgres"
        return 0
    fi

    if [[ ! -f "$data/PG_VERSION" ]]; then
        log "initialising a throwaway PostgreSQL cluster in $DEV_DB_DIR ($("$bindir/postgres" --version))"
        _as_pg_owner mkdir -p "$data" "$sock"
        _as_pg_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale \
            --no-sync >"$DEV_DB_DIR/initdb.log" 2>&1 ||
            die "initdb failed; see $DEV_DB_DIR/initdb.log"
        # Pick a free port: skip ports where some other server already answers.
        local tries=0
        while pg_isready -q -t 1 -h 127.0.0.1 -p "$port" >/dev/null 2>&1; do
            tries=$((tries + 1))
            ((tries < 20)) || die "no free port found in $DEV_DB_PORT..$((DEV_DB_PORT + 19))"
            port=$((port + 1))
        done
        printf '%s\n' "$port" >"$DEV_DB_DIR/port"
    fi
    _as_pg_owner mkdir -p "$sock"
    # A stale pid file (machine restarted, process killed) would make pg_ctl refuse to start.
    if [[ -f "$pidfile" ]] && ! _as_pg_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        rm -f "$pidfile"
    fi
    log "starting the throwaway cluster on 127.0.0.1:$port (log: $logfile)"
    if ! _as_pg_owner "$bindir/pg_ctl" -D "$data" -l "$logfile" -w -t "$DEV_DB_WAIT_SECONDS" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $sock" start >/dev/null; then
        tail -n 20 "$logfile" >&2 || true
        die "the throwaway cluster did not start; see $logfile"
    fi
    DEV_ADMIN_URL="postgres://postgres@127.0.0.1:${port}/postgres"
    pg_wait "$DEV_ADMIN_URL" "$DEV_DB_WAIT_SECONDS" ||
        die "the throwaway cluster did not accept connections within ${DEV_DB_WAIT_SECONDS}s; see $logfile"
}

# Debian clusters that exist but are down: "VERSION NAME PORT" lines.
_stopped_debian_clusters() {
    have pg_lsclusters || return 0
    pg_lsclusters --no-header 2>/dev/null | awk '$4 == "down" { print $1, $2, $3 }'
}

# dev_db_ensure: make sure a working PostgreSQL exists. Sets
#   DEV_DATABASE_URL  the database the seeder should write into
#   DEV_ADMIN_URL     the same server, database "postgres" (tests create their own databases)
#   DEV_DB_SOURCE     configured | local | debian-cluster | throwaway
# Order: DATABASE_URL (environment, then .env) if it answers; a server on 127.0.0.1:5432; a
# stopped Debian cluster, started; a throwaway cluster in .dev-db; install PostgreSQL, retry.
# DEV_DB_FORCE_THROWAWAY=1 skips straight to the throwaway cluster.
dev_db_ensure() {
    local _installed="${1:-0}" url=""
    ensure_pg_client
    DEV_DATABASE_URL=""
    DEV_ADMIN_URL=""
    DEV_DB_SOURCE=""

    if [[ "${DEV_DB_FORCE_THROWAWAY:-0}" != "1" ]]; then
        # 1. The configured database.
        local from="environment"
        url="${DATABASE_URL:-}"
        if [[ -z "$url" ]] && url="$(dotenv_get DATABASE_URL)"; then from=".env"; fi
        if [[ -n "$url" ]]; then
            if pg_answers "$url"; then
                DEV_DATABASE_URL="$url"
                DEV_ADMIN_URL="$(url_with_db "$url" postgres)"
                DEV_DB_SOURCE="configured"
                log "using DATABASE_URL from $from: $(describe_url "$url")"
                return 0
            fi
            # The server may answer while the database does not exist yet: create it.
            local admin db
            admin="$(url_with_db "$url" postgres)"
            db="$(url_db "$url")"
            if [[ -n "$db" ]] && pg_answers "$admin" && ensure_database "$admin" "$db" && pg_answers "$url"; then
                DEV_DATABASE_URL="$url"
                DEV_ADMIN_URL="$admin"
                DEV_DB_SOURCE="configured"
                log "using DATABASE_URL from $from: $(describe_url "$url")"
                return 0
            fi
            warn "DATABASE_URL from $from ($(describe_url "$url")) does not answer; looking for a local server"
        fi

        # 2. A server already running on the standard local port.
        if pg_isready -q -t 2 -h 127.0.0.1 -p "$DEV_DB_LOCAL_PORT" >/dev/null 2>&1; then
            if DEV_ADMIN_URL="$(_local_admin_url "$DEV_DB_LOCAL_PORT")"; then
                DEV_DB_SOURCE="local"
            else
                warn "a server answers on 127.0.0.1:$DEV_DB_LOCAL_PORT but does not let postgres in without a password; not using it"
            fi
        fi

        # 3. A Debian cluster that exists but is stopped.
        if [[ -z "$DEV_DB_SOURCE" ]] && is_root; then
            local ver name port
            while read -r ver name port; do
                [[ -n "$ver" ]] || continue
                log "starting the stopped PostgreSQL $ver cluster '$name' (port $port)"
                if pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 &&
                    pg_wait "postgres://127.0.0.1:${port}/postgres" "$DEV_DB_WAIT_SECONDS" &&
                    DEV_ADMIN_URL="$(_local_admin_url "$port")"; then
                    DEV_DB_SOURCE="debian-cluster"
                    break
                fi
                warn "cluster $ver/$name did not become usable without a password"
            done < <(_stopped_debian_clusters)
        fi
    fi

    # 4. A throwaway cluster of our own.
    if [[ -z "$DEV_DB_SOURCE" ]] && pg_bin_dir >/dev/null; then
        _start_throwaway_cluster
        DEV_DB_SOURCE="throwaway"
    fi

    # 5. Nothing at all: install PostgreSQL and try once more.
    if [[ -z "$DEV_DB_SOURCE" ]]; then
        [[ "$_installed" == "1" ]] && die "PostgreSQL was installed but no server could be started"
        log "no PostgreSQL server found; installing one"
        apt_install postgresql
        dev_db_ensure 1
        return 0
    fi

    ensure_database "$DEV_ADMIN_URL" "$DEV_DB_NAME"
    DEV_DATABASE_URL="$(url_with_db "$DEV_ADMIN_URL" "$DEV_DB_NAME")"
    log "PostgreSQL ready ($DEV_DB_SOURCE): $(describe_url "$DEV_DATABASE_URL")"
}

# admin_url_ensure: an admin URL for scratch databases. TEST_DATABASE_URL when it answers (so
# copies of this repository, e.g. in test-schema-drift.sh, share one server), else dev_db_ensure.
# Sets ADMIN_URL.
admin_url_ensure() {
    ensure_pg_client
    # shellcheck disable=SC2034 # ADMIN_URL is for the sourcing script
    if [[ -n "${TEST_DATABASE_URL:-}" ]] && pg_answers "$TEST_DATABASE_URL"; then
        ADMIN_URL="$TEST_DATABASE_URL"
        return 0
    fi
    [[ -n "${TEST_DATABASE_URL:-}" ]] &&
        warn "TEST_DATABASE_URL ($(describe_url "$TEST_DATABASE_URL")) does not answer; finding a local server"
    dev_db_ensure
    # shellcheck disable=SC2034 # ADMIN_URL is for the sourcing script
    ADMIN_URL="$DEV_ADMIN_URL"
}

# pg_dump_for URL: the pg_dump matching the server's major version when installed (pg_dump
# refuses to dump a newer server).
pg_dump_for() {
    local major
    major="$(psql_run "$1" "SELECT current_setting('server_version_num')::int / 10000")"
    if [[ -x "/usr/lib/postgresql/$major/bin/pg_dump" ]]; then
        printf '%s' "/usr/lib/postgresql/$major/bin/pg_dump"
    else
        printf 'pg_dump'
    fi
}
