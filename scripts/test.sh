#!/usr/bin/env bash
# AluHub's whole test suite, as `make test` and CI (.ci/run) run it.
#
#   scripts/test.sh                 # every stage, in order, stopping at the first failure
#   scripts/test.sh sqlite browser  # only the named stages (no install step)
#   scripts/test.sh api+browser     # stages joined by + run at the same time
#
# Stages: system-deps install ruff-check ruff-format mypy imports migrations sqlite
#         api postgres browser
# Without arguments the quick checks run together with mypy (one core each), and the API
# stage together with the browser stage: neither keeps both cores busy on its own (a live
# server and one client each), while the SQLite and PostgreSQL stages do (two xdist
# workers) and run alone. A joined step's output is printed stage by stage when it ends.
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
DEFAULT_STEPS=(system-deps install ruff-check+ruff-format+imports+migrations+mypy sqlite postgres api+browser)

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
    steps=("$@")
else
    steps=("${DEFAULT_STEPS[@]}")
fi
stages=()
for step in "${steps[@]}"; do
    IFS=+ read -r -a joined <<<"$step"
    for stage in "${joined[@]}"; do
        if ! declare -F "stage_$stage" >/dev/null; then
            echo "test.sh: unknown stage '$stage'; stages: ${ALL_STAGES[*]}" >&2
            exit 2
        fi
        stages+=("$stage")
    done
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

# Run one stage; its status and time go to $2.status and $2.time when $2 is given.
run_stage() {
    local stage=$1 record=${2:-} start status=0 elapsed
    start=$(date +%s.%N)
    "stage_$stage" || status=$?
    elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    if [ -n "$record" ]; then
        echo "$status" >"$record.status"
        echo "$elapsed" >"$record.time"
    fi
    return "$status"
}

record_stage() {
    local stage=$1 status=$2 elapsed=$3
    if [ "$status" -ne 0 ]; then
        summary+=("$(printf '  %-12s FAILED (exit %d)  %7ss' "$stage" "$status" "$elapsed")")
        failed+=("$stage")
        [ "$first_status" -ne 0 ] || first_status=$status
    else
        summary+=("$(printf '  %-12s ok               %7ss' "$stage" "$elapsed")")
    fi
}

logs=$(mktemp -d "${TMPDIR:-/tmp}/aluhub-test.XXXXXX")
trap 'rm -rf "$logs"' EXIT
suite_start=$(date +%s)
failed=()
first_status=0
for step in "${steps[@]}"; do
    IFS=+ read -r -a joined <<<"$step"
    echo
    if [ ${#joined[@]} -eq 1 ]; then
        stage=${joined[0]}
        echo "==== [$stage] $(date +%H:%M:%S) ===="
        run_stage "$stage" "$logs/$stage" || true
        record_stage "$stage" "$(cat "$logs/$stage.status" 2>/dev/null || echo 1)" "$(cat "$logs/$stage.time" 2>/dev/null || echo 0)"
    else
        echo "==== [${joined[*]}] $(date +%H:%M:%S): at the same time, each stage's output follows when all end ===="
        pids=()
        for stage in "${joined[@]}"; do
            run_stage "$stage" "$logs/$stage" >"$logs/$stage.log" 2>&1 &
            pids+=($!)
        done
        wait "${pids[@]}" || true
        for stage in "${joined[@]}"; do
            echo
            echo "==== [$stage] output ===="
            cat "$logs/$stage.log"
            record_stage "$stage" "$(cat "$logs/$stage.status" 2>/dev/null || echo 1)" "$(cat "$logs/$stage.time" 2>/dev/null || echo 0)"
        done
    fi
    if [ ${#failed[@]} -gt 0 ]; then
        print_summary
        echo
        echo "test.sh: stage(s) ${failed[*]} FAILED; later stages were not run." >&2
        exit "$first_status"
    fi
done
print_summary
echo "  total        $(($(date +%s) - suite_start))s"
echo
echo "test.sh: all ${#stages[@]} stages passed."
