#!/usr/bin/env bash
# The whole test suite: the README's second command, and what CI runs (.ci/run).
#
#   scripts/test.sh
#
# Installs what is missing (libpq-dev, shellcheck, psql, the pinned diesel CLI), makes sure a
# PostgreSQL server runs (scripts/dev-db.sh's logic), exports TEST_DATABASE_URL (an admin URL,
# database `postgres`: tests create and drop their own databases), then runs, stopping at the
# first failure:
#   1. cargo fmt --check            5. shellcheck on every shell script
#   2. cargo clippy -D warnings     6. the container entrypoint, run twice on a scratch database
#   3. scripts/check-schema.sh      7. cargo test --workspace (last: its summary closes the output)
#   4. scripts/test-schema-drift.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SECONDS=0
step() { printf '\n==== %s\n' "$*" >&2; }

step "tools"
ensure_cargo
cargo fmt --version >/dev/null 2>&1 || die "rustfmt is missing: rustup component add rustfmt"
cargo clippy --version >/dev/null 2>&1 || die "clippy is missing: rustup component add clippy"
ensure_libpq_dev
ensure_pg_client
ensure_shellcheck
ensure_diesel_cli
info "$(cargo --version); $(diesel --version | tr -s '\n ' ' ' | sed 's/ *$//'); $(shellcheck --version | sed -n 's/^version: /shellcheck /p')"

step "database"
admin_url_ensure
export TEST_DATABASE_URL="$ADMIN_URL"
info "TEST_DATABASE_URL: $(describe_url "$TEST_DATABASE_URL")"

# --locked when the lock file is in the checkout: CI then builds exactly the committed versions.
locked=()
[[ -f Cargo.lock ]] && locked=(--locked)

step "1/7 cargo fmt --all -- --check"
cargo fmt --all -- --check

step "2/7 cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets "${locked[@]}" -- -D warnings

step "3/7 schema drift guard"
bash scripts/check-schema.sh

step "4/7 the drift guard catches drift"
bash scripts/test-schema-drift.sh

step "5/7 shellcheck"
shell_scripts=(.ci/run scripts/*.sh)
shellcheck -x "${shell_scripts[@]}"
info "ok: ${#shell_scripts[@]} scripts clean"

step "6/7 container entrypoint (seeds once, keeps the data)"
cargo build "${locked[@]}" -p seeder
SEEDER_BIN="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/debug/seeder" bash scripts/test-entrypoint.sh

step "7/7 cargo test --workspace (setup took ${SECONDS}s)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# cargo test's own summaries stay the last lines; one total line is added after them because
# the last test binary cargo runs (often a crate's doc-tests) may well have 0 tests of its own.
cargo test --workspace "${locked[@]}" 2>&1 | tee "$log"
# The verify tests share one seeded template database per test process, named after its pid,
# which outlives the process (no test can run after all the others). Drop those whose process
# has ended: ours now, or an earlier run's; a concurrent run's template is left alone.
stale_templates="$(psql_run "$TEST_DATABASE_URL" \
    "SELECT string_agg(datname, ' ') FROM pg_database WHERE datname ~ '^seeder_verify_tpl_[0-9]+$'")"
for template in $stale_templates; do
    kill -0 "${template##*_}" 2>/dev/null && continue
    psql_run "$TEST_DATABASE_URL" "DROP DATABASE IF EXISTS \"$template\"" >/dev/null || true
done
awk '/^test result: / {
        for (i = 1; i <= NF; i++) {
            if ($(i + 1) ~ /^passed/) p += $i
            if ($(i + 1) ~ /^failed/) f += $i
            if ($(i + 1) ~ /^ignored/) s += $i
        }
    }
    END { printf "total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
