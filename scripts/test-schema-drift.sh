#!/usr/bin/env bash
# Proves the drift guard works: in a copy of the repository, scripts/check-schema.sh
#   - passes on the copy as it is (so the failures below have the edits as their only cause);
#   - fails with exit 3 and a diff when crates/schema/src/schema.rs is edited by hand;
#   - fails with exit 4 when a down.sql no longer undoes its up.sql.
#
#   scripts/test-schema-drift.sh
#
# The working tree is never touched. Run by scripts/test.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SCHEMA_FILE="crates/schema/src/schema.rs"

ensure_diesel_cli
# One server for the original and the copies (the copy must not start its own under .dev-db).
admin_url_ensure
export TEST_DATABASE_URL="$ADMIN_URL"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# fresh_copy NAME: the files the guard reads, in a new directory. Prints its path.
fresh_copy() {
    local dir="$tmp/$1"
    mkdir -p "$dir/crates/schema/src"
    cp -R Cargo.toml diesel.toml migrations scripts "$dir/"
    cp "$SCHEMA_FILE" "$dir/$SCHEMA_FILE"
    printf '%s' "$dir"
}

# expect_exit CODE NAME DIR PATTERN: check-schema.sh in DIR exits CODE and says PATTERN.
failures=0
expect_exit() {
    local want="$1" name="$2" dir="$3" pattern="$4" rc=0
    bash "$dir/scripts/check-schema.sh" >"$dir/out.log" 2>&1 || rc=$?
    if [[ "$rc" -eq "$want" ]] && grep -q -E "$pattern" "$dir/out.log"; then
        info "ok: $name (exit $rc)"
    else
        printf '    FAILED: %s: expected exit %s and output matching /%s/, got exit %s:\n' \
            "$name" "$want" "$pattern" "$rc" >&2
        sed 's/^/        /' "$dir/out.log" >&2
        failures=$((failures + 1))
    fi
}

log "drift guard: unmodified copy passes"
expect_exit 0 "unmodified copy passes" "$(fresh_copy clean)" 'schema check passed'

log "drift guard: a hand edit of $SCHEMA_FILE fails"
dir="$(fresh_copy edited)"
# A plausible hand edit: make the first nullable text column non-nullable.
sed -i '0,/Nullable<Text>/s//Text/' "$dir/$SCHEMA_FILE"
cmp -s "$SCHEMA_FILE" "$dir/$SCHEMA_FILE" && die "the test edit did not change $SCHEMA_FILE"
expect_exit 3 "hand-edited schema.rs is drift" "$dir" 'does not match the migrations'
grep -q -E '^\+.*Nullable<Text>' "$dir/out.log" ||
    { warn "the drift report shows no diff line"; failures=$((failures + 1)); }

log "drift guard: a down.sql that leaves an object behind fails"
dir="$(fresh_copy leaky-down)"
last="$(find "$dir/migrations" -mindepth 1 -maxdepth 1 -type d | sort | tail -n1)"
# Keep the down.sql, but have its up.sql also create something the down.sql does not drop. CREATE
# OR REPLACE slips through `redo --all`; only the empty-after-revert check catches it.
printf '\nCREATE OR REPLACE FUNCTION drift_probe() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n' \
    >>"$last/up.sql"
expect_exit 4 "irreversible migration is caught" "$dir" 'left behind: function public.drift_probe'

if [[ "$failures" -gt 0 ]]; then
    die "$failures drift guard check(s) failed"
fi
log "drift guard works: 3 scenarios as expected"
