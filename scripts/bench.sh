#!/usr/bin/env bash
# Bulk-load benchmark: how close is `seeder` to the fastest way PostgreSQL can take the same rows?
#
# For each size, on the same server in the same run:
#   seeder (copy)     the seeder's default path (binary COPY) into a migrated, empty database;
#   seeder (copy, --indexes keep)
#                     the same, but loading into the indexed, constrained tables (no rebuild);
#   psql \copy        the same rows, dumped with \copy TO (text), loaded by `psql -1` with
#                     \copy FROM into an identically migrated database: the practical limit,
#                     since the files are ready-made and psql does no work of its own;
#   psql \copy, restore-style
#                     the same files loaded the way pg_restore does it: tables from
#                     `pg_dump --section=pre-data`, then in one transaction the data and
#                     `--section=post-data` (keys, indexes, foreign keys built afterwards);
#   psql -f export    `seeder export` (multi-row INSERTs) loaded by `psql -1 -f`;
#   seeder (insert)   the seeder's own multi-row INSERT path, if this build has it;
#   export (no db)    `seeder export > file` alone: the cost of generating and formatting rows.
# Every database is migrated with `seeder migrate` before its timed step, so each timing is the
# load alone, and every load is checked to hold as many rows as the seeder wrote.
#
# Usage: scripts/bench.sh                 SMALL (~1.5M rows) and LARGE (10x)
#        BENCH_SIZES=small scripts/bench.sh
# Environment:
#   BENCH_DATABASE_URL  admin connection used to create and drop scratch databases
#                       (default postgres://postgres@127.0.0.1:5432/postgres)
#   BENCH_SIZES         space-separated subset of "small large" (default: both)
#   BENCH_KEEP_FILES=1  keep the dump and export files (under target/bench/)
#   BENCH_SLOW_SIZES    sizes that also run the slow baselines (--indexes keep, psql -f export,
#                       seeder --load-method insert); default "small": at the 10x size they
#                       take most of an hour on 2 cores and add nothing to the ratios targeted
# Results are printed as a markdown table and appended to target/bench/results.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADMIN_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
SIZES="${BENCH_SIZES:-small large}"
SLOW_SIZES="${BENCH_SLOW_SIZES:-small}"
SEED=12345
# A fixed reference instant: every run of every method produces byte-identical rows.
NOW=2026-01-15T12:00:00Z
TABLES=(users learning_plans modules tasks resources task_resources task_progress
    plan_generations generation_attempts job_queue)

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BENCH_DIR="$TARGET_DIR/bench"
WORK="$BENCH_DIR/run-$$"
RESULTS="$BENCH_DIR/results.md"
SEEDER="$TARGET_DIR/release/seeder"
PREFIX="bench_$$"
CREATED_DBS=()

die() {
    echo "bench: $*" >&2
    exit 1
}

size_args() {
    case "$1" in
    small) echo "--users 5000 --plans 20000 --resources 2000" ;;
    large) echo "--users 50000 --plans 200000 --resources 20000" ;;
    *) die "unknown size '$1' (expected small or large)" ;;
    esac
}

# The admin URL with its database name replaced (query string, if any, kept).
db_url() {
    local base="${ADMIN_URL%%\?*}" query=""
    [[ "$ADMIN_URL" == *\?* ]] && query="?${ADMIN_URL#*\?}"
    echo "${base%/*}/$1$query"
}

admin_sql() {
    # Warnings only: "database ... does not exist, skipping" is expected, not news.
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -d "$ADMIN_URL" -c "$1" >/dev/null
}

create_db() {
    admin_sql "DROP DATABASE IF EXISTS $1"
    admin_sql "CREATE DATABASE $1"
    CREATED_DBS+=("$1")
    "$SEEDER" migrate --database-url "$(db_url "$1")" >/dev/null 2>"$WORK/migrate.err" ||
        die "seeder migrate failed on $1: $(cat "$WORK/migrate.err")"
}

drop_db() {
    admin_sql "DROP DATABASE IF EXISTS $1"
}

cleanup() {
    local db
    for db in "${CREATED_DBS[@]}"; do
        drop_db "$db" 2>/dev/null || true
    done
    if [[ "${BENCH_KEEP_FILES:-0}" != 1 ]]; then
        rm -rf "$WORK"
    fi
}

install_if_missing() {
    local command="$1" package="$2"
    if [[ -x "$command" ]] || command -v "$command" >/dev/null 2>&1; then
        return 0
    fi
    echo "bench: installing $package (needed for $command)" >&2
    local sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "$package" >/dev/null
}

total_rows() {
    local sql="SELECT 0" table
    for table in "${TABLES[@]}"; do
        sql+=" + (SELECT count(*) FROM $table)"
    done
    psql -X -At -v ON_ERROR_STOP=1 -d "$(db_url "$1")" -c "$sql"
}

# Flushes dirty buffers left by the previous step, so it is not billed to the next one.
checkpoint() {
    admin_sql "CHECKPOINT"
}

# timed LABEL COMMAND...: runs COMMAND under /usr/bin/time, output to $WORK/LABEL.log; sets
# SECONDS_TAKEN (wall clock) and RSS_MIB (peak resident set of COMMAND).
timed() {
    local label="$1"
    shift
    local start end
    start=$EPOCHREALTIME
    if ! /usr/bin/time -v -o "$WORK/$label.time" "$@" >"$WORK/$label.log" 2>&1; then
        cat "$WORK/$label.log" >&2
        die "$label failed (log above)"
    fi
    end=$EPOCHREALTIME
    SECONDS_TAKEN=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
    RSS_MIB=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/$label.time")
}

# One line per measurement: size method rows seconds rss_mib.
record() {
    printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$WORK/measurements.tsv"
}

bench_size() {
    local size="$1" args db rows
    read -r -a args <<<"$(size_args "$size")"
    args+=(--seed "$SEED" --now "$NOW")
    echo "== $size: ${args[*]}" >&2

    # (1) the seeder, into a migrated empty database.
    db="${PREFIX}_${size}_seeder"
    create_db "$db"
    checkpoint
    echo "   seeder (copy) ..." >&2
    timed "$size-seeder" "$SEEDER" --database-url "$(db_url "$db")" "${args[@]}"
    rows=$(total_rows "$db")
    record "$size" "seeder (copy)" "$rows" "$SECONDS_TAKEN" "$RSS_MIB"

    local slow=0
    [[ " $SLOW_SIZES " == *" $size "* ]] && slow=1

    if [[ "$slow" == 1 && "$SEEDER_HELP" == *--indexes* ]]; then
        local keep_db="${PREFIX}_${size}_seeder_keep"
        create_db "$keep_db"
        checkpoint
        echo "   seeder (copy, --indexes keep) ..." >&2
        timed "$size-seeder-keep" "$SEEDER" --database-url "$(db_url "$keep_db")" "${args[@]}" --indexes keep
        [[ "$(total_rows "$keep_db")" == "$rows" ]] || die "seeder --indexes keep loaded a different number of rows"
        record "$size" "seeder (copy, --indexes keep)" "$rows" "$SECONDS_TAKEN" "$RSS_MIB"
        drop_db "$keep_db"
    fi

    # (2) psql \copy of the very same rows: dump every table as text, load them all in one
    # transaction into a fresh migrated database.
    local dump="$WORK/$size-dump" table script="$WORK/$size-copy.sql"
    mkdir -p "$dump"
    : >"$script"
    for table in "${TABLES[@]}"; do
        psql -X -q -v ON_ERROR_STOP=1 -d "$(db_url "$db")" -c "\\copy $table TO '$dump/$table.txt'"
        printf "\\\\copy %s FROM '%s'\n" "$table" "$dump/$table.txt" >>"$script"
    done
    drop_db "$db"
    db="${PREFIX}_${size}_copy"
    create_db "$db"
    checkpoint
    echo "   psql \\copy ..." >&2
    # The migrated schema split the way pg_restore applies it, for the restore-style load.
    local pre="$WORK/$size-pre-data.sql" post="$WORK/$size-post-data.sql"
    pg_dump --schema-only --section=pre-data -d "$(db_url "$db")" >"$pre"
    pg_dump --schema-only --section=post-data -d "$(db_url "$db")" >"$post"
    timed "$size-psql-copy" psql -X -q -1 -v ON_ERROR_STOP=1 -d "$(db_url "$db")" -f "$script"
    [[ "$(total_rows "$db")" == "$rows" ]] || die "psql \\copy loaded a different number of rows"
    record "$size" "psql \\copy (text)" "$rows" "$SECONDS_TAKEN" "-"
    drop_db "$db"

    db="${PREFIX}_${size}_restore"
    admin_sql "CREATE DATABASE $db"
    CREATED_DBS+=("$db")
    psql -X -q -v ON_ERROR_STOP=1 -d "$(db_url "$db")" -f "$pre" >/dev/null
    local restore="$WORK/$size-restore.sql"
    { cat "$script"; printf "\\i '%s'\n" "$post"; } >"$restore"
    checkpoint
    echo "   psql \\copy, restore-style ..." >&2
    timed "$size-psql-restore" psql -X -q -1 -v ON_ERROR_STOP=1 -d "$(db_url "$db")" -f "$restore"
    [[ "$(total_rows "$db")" == "$rows" ]] || die "restore-style \\copy loaded a different number of rows"
    record "$size" "psql \\copy, restore-style" "$rows" "$SECONDS_TAKEN" "-"
    drop_db "$db"
    rm -rf "$dump"

    # (3) multi-row INSERTs: the export, loaded by psql; and the seeder's own INSERT path.
    [[ "$slow" == 1 ]] || return 0
    local export="$WORK/$size-export.sql"
    echo "   export (no db) ..." >&2
    timed "$size-export" "$SEEDER" export --out "$export" "${args[@]}"
    record "$size" "export (no db)" "$rows" "$SECONDS_TAKEN" "$RSS_MIB"
    db="${PREFIX}_${size}_insert"
    create_db "$db"
    checkpoint
    echo "   psql -1 -f export.sql ..." >&2
    timed "$size-psql-insert" psql -X -q -1 -v ON_ERROR_STOP=1 -d "$(db_url "$db")" -f "$export"
    [[ "$(total_rows "$db")" == "$rows" ]] || die "psql -f export loaded a different number of rows"
    record "$size" "psql -f export (INSERT)" "$rows" "$SECONDS_TAKEN" "-"
    drop_db "$db"
    rm -f "$export"

    if [[ "$SEEDER_HELP" == *--load-method* ]]; then
        db="${PREFIX}_${size}_seeder_insert"
        create_db "$db"
        checkpoint
        echo "   seeder (insert) ..." >&2
        timed "$size-seeder-insert" "$SEEDER" --database-url "$(db_url "$db")" "${args[@]}" --load-method insert
        [[ "$(total_rows "$db")" == "$rows" ]] || die "seeder --load-method insert loaded a different number of rows"
        record "$size" "seeder (insert)" "$rows" "$SECONDS_TAKEN" "$RSS_MIB"
        drop_db "$db"
    fi
}

# The results as a markdown table: ratios (time / time) against psql \copy into the migrated
# schema and against the restore-style \copy of the same size, and each method's peak RSS at
# the large size relative to the small one.
report() {
    awk -F'\t' '
        # 1234567 -> 1,234,567 (awk printf has no portable grouping flag).
        function group(n,    s) {
            s = sprintf("%d", n)
            while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s)
            return s
        }
        function ratio(secs, base) { return base > 0 ? sprintf("%.2f", secs / base) : "-" }
        { size[NR] = $1; method[NR] = $2; rows[NR] = $3; secs[NR] = $4; rss[NR] = $5
          if ($2 == "psql \\copy (text)") copy[$1] = $4
          if ($2 == "psql \\copy, restore-style") restore[$1] = $4
          if ($5 != "-") peak[$1 SUBSEP $2] = $5 }
        END {
            print "| size | method | rows | seconds | rows/s | vs psql \\copy | vs restore-style | peak RSS MiB | RSS large/small |"
            print "|---|---|--:|--:|--:|--:|--:|--:|--:|"
            for (i = 1; i <= NR; i++) {
                rate = secs[i] > 0 ? group(rows[i] / secs[i]) : "-"
                growth = "-"
                if (size[i] == "large" && rss[i] != "-" && (("small" SUBSEP method[i]) in peak))
                    growth = sprintf("%.2f", rss[i] / peak["small" SUBSEP method[i]])
                printf "| %s | %s | %s | %.2f | %s | %s | %s | %s | %s |\n",
                    size[i], method[i], group(rows[i]), secs[i], rate,
                    ratio(secs[i], copy[size[i]]), ratio(secs[i], restore[size[i]]), rss[i], growth
            }
        }' "$WORK/measurements.tsv"
}

main() {
    command -v psql >/dev/null || die "psql not found (apt-get install postgresql-client)"
    install_if_missing /usr/bin/time time
    local size
    for size in $SIZES; do
        size_args "$size" >/dev/null
    done
    psql -X -q -d "$ADMIN_URL" -c "SELECT 1" >/dev/null ||
        die "cannot connect to the admin database (set BENCH_DATABASE_URL)"

    mkdir -p "$WORK"
    trap cleanup EXIT
    : >"$WORK/measurements.tsv"

    echo "bench: building the seeder (release)" >&2
    cargo build --release -p seeder --manifest-path "$ROOT/Cargo.toml" >&2

    # Which optional methods this build of the seeder has.
    SEEDER_HELP="$("$SEEDER" --help)"
    for size in $SIZES; do
        bench_size "$size"
    done

    local table header
    table="$(report)"
    header="$(date -u +%Y-%m-%d), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown), \
$(psql --version), server $(psql -X -At -d "$ADMIN_URL" -c 'SHOW server_version'), \
$(nproc) cores, seed $SEED, now $NOW"
    {
        echo
        echo "### $header"
        echo
        echo "$table"
    } >>"$RESULTS"
    echo
    echo "$header"
    echo
    echo "$table"
    echo
    echo "(appended to $RESULTS)" >&2
}

main "$@"
