#!/usr/bin/env bash
# AluHub's whole test suite, as `make test` and CI (.ci/run) run it.
#
#   scripts/test.sh                 # every stage, in order, stopping at the first failure
#   scripts/test.sh sqlite browser  # only the named stages (no install step)
#   scripts/test.sh api+browser     # stages joined by + run at the same time
#
# Stages: system-deps install ruff-check ruff-format mypy imports migrations test-databases
#         bytecode sqlite api postgres browser
# Without arguments the quick checks run together with mypy, test-databases and bytecode (mypy
# keeps one core busy, the migrations of the test-database templates and the bytecode the
# other); then the SQLite
# stage together with the API stage, and the PostgreSQL stage together with the browser
# stage. The API and browser stages never keep both cores busy (a live server and one client
# each, waiting on each other); beside a two-worker pytest stage their waits are filled, and
# the two pairs take about the same CPU (docs/benchmarks/testing.md, eighth session). A
# joined step's output is printed stage by stage when it ends.
# The summary gives each stage's wall time and its CPU time (user + system of the processes
# it started and waited for: on a shared machine the CPU time is the figure to compare). Not
# counted in `make test`: the PostgreSQL server and the holder that migrates its template
# (test-databases leaves it running for the postgres stage, so no stage waits for it).
# Environment: PYTEST_WORKERS (xdist workers for sqlite/postgres, default 2; 0 = none),
#              POSTGRES_WORKERS (xdist workers for postgres alone, default PYTEST_WORKERS),
#              BROWSER_WORKERS (xdist workers for browser, default 0 = one process),
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
POSTGRES_WORKERS=${POSTGRES_WORKERS:-$PYTEST_WORKERS}
BROWSER_WORKERS=${BROWSER_WORKERS:-0}
read -r -a PYTEST_EXTRA <<<"${PYTEST_ARGS:-}"
ALL_STAGES=(system-deps install ruff-check ruff-format mypy imports migrations test-databases
    bytecode sqlite api postgres browser)
DEFAULT_STEPS=(system-deps install
    ruff-check+ruff-format+imports+migrations+mypy+test-databases+bytecode
    sqlite+api postgres+browser)

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
# The migrated test databases, made while mypy runs (tests/database_templates.py): the SQLite
# copy in var/test-db/ (both sqlite workers, the api and browser stages copy it) and, when the
# postgres stage is to run, a throwaway PostgreSQL cluster with a migrated template database
# that its two workers copy. The cluster outlives this stage: a holder process keeps it until
# the postgres stage ends (or this script does), then scripts/with-postgres.sh removes it.
stage_test-databases() {
    local status=0 sqlite_pid
    "$VENV/bin/python" -m tests.database_templates sqlite &
    sqlite_pid=$!
    if [[ " ${stages[*]} " == *" postgres "* ]]; then
        pg_template_start || status=$?
    fi
    wait "$sqlite_pid" || status=$?
    return "$status"
}
# Every module of the apps and the tests compiled into __pycache__, the test modules with
# pytest's rewritten asserts, by collecting the whole suite once while mypy runs: from a fresh
# clone, each worker of the SQLite stage would otherwise compile and rewrite all of them itself
# (about 6 s of CPU each), at the same time as the other.
stage_bytecode() {
    "$VENV/bin/pytest" --collect-only -q tests >"$logs/bytecode.out" 2>&1 \
        || { cat "$logs/bytecode.out"; return 1; }
}
stage_sqlite() {
    pytest_stage "$VENV/bin/pytest" -m "not browser" -n "$PYTEST_WORKERS" \
        "${PYTEST_EXTRA[@]}"
}
# schemathesis against a live gunicorn: 0 server errors, 0 answers outside the OpenAPI document.
stage_api() { "$VENV/bin/python" scripts/api_fuzz.py; }
# Only the tests that may touch the database (marked "database" by tests/conftest.py): the
# others are refused database access, so they cannot behave differently here; they ran in
# the sqlite stage. So did the "one_database" crawls (docs/decisions/0006).
POSTGRES_TESTS="database and not one_database and not browser"
stage_postgres() {
    local status=0
    if [ -s "$pg_hold/url" ]; then
        ALUHUB_DATABASE_URL=$(cat "$pg_hold/url") ALUHUB_TEST_PG_TEMPLATE=test_aluhub_template \
            pytest_stage "$VENV/bin/pytest" -m "$POSTGRES_TESTS" -n "$POSTGRES_WORKERS" \
            "${PYTEST_EXTRA[@]}" || status=$?
        pg_template_stop
        return "$status"
    fi
    scripts/ensure-system-deps.sh postgresql
    pytest_stage scripts/with-postgres.sh \
        "$VENV/bin/pytest" -m "$POSTGRES_TESTS" -n "$POSTGRES_WORKERS" \
        "${PYTEST_EXTRA[@]}"
}

# The postgres stage's cluster, started early by the test-databases stage: a holder process
# under scripts/with-postgres.sh migrates the template database, writes the cluster's address
# to $pg_hold/url and waits for $pg_hold/release (or for this script to end).
pg_template_start() {
    scripts/ensure-system-deps.sh postgresql
    scripts/with-postgres.sh "$VENV/bin/python" -m tests.database_templates postgres \
        "$pg_hold" "$$" >"$pg_hold/log" 2>&1 &
    echo "$!" >"$pg_hold/pid"
    local pid=$!
    while [ ! -s "$pg_hold/url" ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$pg_hold/log"
            echo "test.sh: the PostgreSQL template database could not be made" >&2
            return 1
        fi
        sleep 0.2
    done
    cat "$pg_hold/log"
}

pg_template_stop() {
    [ -s "$pg_hold/pid" ] || return 0
    local pid
    pid=$(cat "$pg_hold/pid")
    touch "$pg_hold/release"
    # The holder notices within 0.2 s; with-postgres.sh then stops and removes the cluster.
    while kill -0 "$pid" 2>/dev/null; do
        sleep 0.1
    done
    rm -f "$pg_hold/pid" "$pg_hold/url"
}
# One live server and one chromium by default: with two xdist workers (BROWSER_WORKERS=2, each
# with its own server, database and chromium) the api+browser step of make test took more CPU
# and more wall time, not less (docs/benchmarks/testing.md, sixth session). Only tests/browser
# is collected (tests/conftest.py refuses a test marked browser anywhere else).
stage_browser() {
    scripts/ensure-system-deps.sh chromium fonts
    pytest_stage "$VENV/bin/pytest" -m browser -n "$BROWSER_WORKERS" tests/browser \
        "${PYTEST_EXTRA[@]}"
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

# CPU seconds (user + system) of the processes this shell has started and waited for, from
# the `times` builtin (its second line), into $cpu_now. `times` writes to a file: in a command
# substitution it would run in a new subshell, which has no children yet.
children_cpu() {
    times >"$1"
    cpu_now=$(awk 'NR == 2 {
        total = 0
        for (i = 1; i <= 2; i++) { split($i, t, "m"); total += t[1] * 60 + t[2] }
        printf "%.1f", total
    }' "$1")
}

# Run one stage; its status, wall time and CPU time go to $2.status, $2.time and $2.cpu when
# $2 is given.
run_stage() {
    local stage=$1 record=${2:-} start status=0 elapsed cpu_start cpu cpu_now
    local times_file="$logs/times.$BASHPID"
    start=$(date +%s.%N)
    children_cpu "$times_file"
    cpu_start=$cpu_now
    "stage_$stage" || status=$?
    elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    children_cpu "$times_file"
    cpu=$(awk -v a="$cpu_start" -v b="$cpu_now" 'BEGIN { printf "%.1f", b - a }')
    if [ -n "$record" ]; then
        echo "$status" >"$record.status"
        echo "$elapsed" >"$record.time"
        echo "$cpu" >"$record.cpu"
    fi
    return "$status"
}

record_stage() {
    local stage=$1 record=$2 status elapsed cpu
    status=$(cat "$record.status" 2>/dev/null || echo 1)
    elapsed=$(cat "$record.time" 2>/dev/null || echo 0)
    cpu=$(cat "$record.cpu" 2>/dev/null || echo 0)
    cpu_total=$(awk -v a="$cpu_total" -v b="$cpu" 'BEGIN { printf "%.1f", a + b }')
    if [ "$status" -ne 0 ]; then
        summary+=("$(printf '  %-14s FAILED (exit %d)  %7ss wall %7ss CPU' "$stage" "$status" "$elapsed" "$cpu")")
        failed+=("$stage")
        [ "$first_status" -ne 0 ] || first_status=$status
    else
        summary+=("$(printf '  %-14s ok               %7ss wall %7ss CPU' "$stage" "$elapsed" "$cpu")")
    fi
}

logs=$(mktemp -d "${TMPDIR:-/tmp}/aluhub-test.XXXXXX")
pg_hold="$logs/postgres"
mkdir "$pg_hold"
trap 'pg_template_stop; rm -rf "$logs"' EXIT
suite_start=$(date +%s)
failed=()
first_status=0
cpu_total=0
for step in "${steps[@]}"; do
    IFS=+ read -r -a joined <<<"$step"
    echo
    if [ ${#joined[@]} -eq 1 ]; then
        stage=${joined[0]}
        echo "==== [$stage] $(date +%H:%M:%S) ===="
        run_stage "$stage" "$logs/$stage" || true
        record_stage "$stage" "$logs/$stage"
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
            record_stage "$stage" "$logs/$stage"
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
printf '  %-14s                  %7ss wall %7ss CPU\n' total "$(($(date +%s) - suite_start))" "$cpu_total"
echo
echo "test.sh: all ${#stages[@]} stages passed."
