#!/usr/bin/env bash
# AluHub's whole test suite, as `make test` and CI (.ci/run) run it.
#
#   scripts/test.sh                 # every stage, in order, stopping at the first failure
#   scripts/test.sh sqlite browser  # only the named stages (no install step)
#
# Stages: system-deps install ruff-check ruff-format mypy imports migrations sqlite
#         api postgres browser
# Environment: PYTEST_WORKERS (xdist workers for sqlite/postgres, default 2; 0 = none),
#              PYTEST_ARGS (extra pytest arguments, word-split).
# docs/testing.md describes each stage.
set -euo pipefail

cd "$(dirname "$0")/.."

VENV=.venv
# Write bytecode caches (__pycache__, ignored by git) even where the environment says not to
# (PYTHONDONTWRITEBYTECODE=1 on the team's machine): otherwise every Python process of every
# stage compiles the apps again and pytest rewrites every test module's asserts again, about
# 7 s of CPU per pytest process (docs/benchmarks/testing.md).
unset PYTHONDONTWRITEBYTECODE
PYTEST_WORKERS=${PYTEST_WORKERS:-2}
read -r -a PYTEST_EXTRA <<<"${PYTEST_ARGS:-}"
ALL_STAGES=(system-deps install ruff-check ruff-format mypy imports migrations sqlite api postgres browser)

# pytest exits 5 when it collected nothing: for us that means tests went missing
# (a bad marker, a moved folder), never success.
pytest_stage() {
    local status=0
    "$@" || status=$?
    if [ "$status" -eq 5 ]; then
        echo "test.sh: pytest collected no tests for this stage; every stage is expected" \
            "to have tests (check markers and tests/ layout)" >&2
    fi
    return "$status"
}

stage_system-deps() { scripts/ensure-system-deps.sh; }
stage_install() { make --no-print-directory install; }
stage_ruff-check() { "$VENV/bin/ruff" check .; }
stage_ruff-format() { "$VENV/bin/ruff" format --check .; }
stage_mypy() { "$VENV/bin/mypy" aluhub; }
stage_imports() { "$VENV/bin/lint-imports"; }
stage_migrations() { "$VENV/bin/aluhub" makemigrations --check --dry-run --verbosity 1; }
stage_sqlite() {
    pytest_stage "$VENV/bin/pytest" -m "not browser" -n "$PYTEST_WORKERS" \
        "${PYTEST_EXTRA[@]}"
}
# schemathesis against a live gunicorn: 0 server errors, 0 answers outside the OpenAPI document.
stage_api() { "$VENV/bin/python" scripts/api_fuzz.py; }
# Only the tests that may touch the database (marked "database" by tests/conftest.py): the
# others are refused database access, so they cannot behave differently here; they ran in
# the sqlite stage.
stage_postgres() {
    scripts/ensure-system-deps.sh postgresql
    pytest_stage scripts/with-postgres.sh \
        "$VENV/bin/pytest" -m "database and not browser" -n "$PYTEST_WORKERS" \
        "${PYTEST_EXTRA[@]}"
}
stage_browser() {
    scripts/ensure-system-deps.sh chromium fonts
    # One live server and one browser: not parallel.
    pytest_stage "$VENV/bin/pytest" -m browser -n 0 "${PYTEST_EXTRA[@]}"
}

if [ $# -gt 0 ]; then
    stages=("$@")
else
    stages=("${ALL_STAGES[@]}")
fi
for stage in "${stages[@]}"; do
    if ! declare -F "stage_$stage" >/dev/null; then
        echo "test.sh: unknown stage '$stage'; stages: ${ALL_STAGES[*]}" >&2
        exit 2
    fi
done
# Every stage but these two runs tools from the venv: without it, say so up front.
needs_venv=0
for stage in "${stages[@]}"; do
    case "$stage" in system-deps | install) ;; *) needs_venv=1 ;; esac
done
if [ "$needs_venv" -eq 1 ] && [ ! -x "$VENV/bin/pytest" ] \
    && [[ " ${stages[*]} " != *" install "* ]]; then
    echo "test.sh: $VENV is not installed; run 'make install' first" >&2
    exit 2
fi

summary=()
print_summary() {
    echo
    echo "==== Summary ===="
    local line
    for line in "${summary[@]}"; do
        echo "$line"
    done
}

suite_start=$(date +%s)
for stage in "${stages[@]}"; do
    echo
    echo "==== [$stage] $(date +%H:%M:%S) ===="
    start=$(date +%s.%N)
    status=0
    "stage_$stage" || status=$?
    elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    if [ "$status" -ne 0 ]; then
        summary+=("$(printf '  %-12s FAILED (exit %d)  %7ss' "$stage" "$status" "$elapsed")")
        print_summary
        echo
        echo "test.sh: stage '$stage' FAILED (exit $status); later stages were not run." >&2
        exit "$status"
    fi
    summary+=("$(printf '  %-12s ok               %7ss' "$stage" "$elapsed")")
done
print_summary
echo "  total        $(($(date +%s) - suite_start))s"
echo
echo "test.sh: all ${#stages[@]} stages passed."
