#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a cluster in a temporary directory, starts it on a free port of 127.0.0.1
# (trust authentication: nothing but this machine can reach it, and it lives minutes),
# creates the database `aluhub` owned by the superuser role `aluhub`, exports
#   ALUHUB_DATABASE_URL=postgres://aluhub@127.0.0.1:PORT/aluhub
# runs CMD, then always stops the cluster and deletes the directory. Exits with CMD's
# status. PostgreSQL refuses to run as root, so under root the server runs as the
# `postgres` system user (created by Debian's package) or, failing that, as a
# dedicated `aluhub-pg` system user; CMD itself still runs as the caller.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: scripts/with-postgres.sh CMD [ARGS...]" >&2
    exit 2
fi

pg_bin=$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
    echo "with-postgres: no PostgreSQL server binaries under /usr/lib/postgresql;" \
        "run scripts/ensure-system-deps.sh postgresql" >&2
    exit 1
fi
pg_bin=$(dirname "$pg_bin")

run_as_server_user=()
if [ "$(id -u)" -eq 0 ]; then
    server_user=postgres
    if ! id -u "$server_user" >/dev/null 2>&1; then
        server_user=aluhub-pg
        if ! id -u "$server_user" >/dev/null 2>&1; then
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$server_user"
        fi
    fi
    run_as_server_user=(runuser -u "$server_user" --)
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/aluhub-pg.XXXXXX")
chmod 700 "$workdir"
if [ ${#run_as_server_user[@]} -gt 0 ]; then
    chown "$server_user": "$workdir"
fi
datadir="$workdir/data"
logfile="$workdir/server.log"

# Run a server binary as the server user, from a directory it may enter.
server() {
    (cd "$workdir" && "${run_as_server_user[@]}" "$@")
}

started=0
cleanup() {
    if [ "$started" -eq 1 ]; then
        server "$pg_bin/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

server "$pg_bin/initdb" -D "$datadir" -U aluhub --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$workdir/initdb.log" 2>&1 || {
    cat "$workdir/initdb.log" >&2
    echo "with-postgres: initdb failed" >&2
    exit 1
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Another process may grab the port between the probe and the start: try a few times.
# fsync and friends are off because the cluster is thrown away after the run.
for attempt in 1 2 3; do
    port=$(free_port)
    if server "$pg_bin/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 start -o \
        "-p $port -k '$workdir' -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        >/dev/null 2>&1; then
        started=1
        break
    fi
    echo "with-postgres: start on port $port failed (attempt $attempt)" >&2
done
if [ "$started" -ne 1 ]; then
    cat "$logfile" >&2 || true
    echo "with-postgres: could not start PostgreSQL" >&2
    exit 1
fi

"$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 || {
    cat "$logfile" >&2
    echo "with-postgres: server did not become ready" >&2
    exit 1
}
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U aluhub aluhub

export ALUHUB_DATABASE_URL="postgres://aluhub@127.0.0.1:$port/aluhub"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')" \
    "on 127.0.0.1:$port (throwaway, $workdir)"

status=0
"$@" || status=$?
exit "$status"
