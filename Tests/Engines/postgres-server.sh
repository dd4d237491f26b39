#!/usr/bin/env bash
# A throw-away PostgreSQL server for the sweep-store tests, from the machine's own binaries (Debian: postgresql-15).
#   postgres-server.sh start DIR   initdb into DIR, start on a free port of 127.0.0.1 with password authentication,
#                                  create the database "mlnetcnn"; prints MLNETCNN_TEST_POSTGRES=postgresql://... on stdout
#   postgres-server.sh stop DIR    stop the server and leave nothing running
#   postgres-server.sh install     apt-get install postgresql when its binaries are missing (root)
# As root the server runs as the "postgres" user (PostgreSQL refuses root): its files then go to a folder of that user
# under the temporary directory, named in DIR/server (DIR's own parents may be closed to other users).
set -euo pipefail

bindir() {
  local initdb
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)
  [ -z "$initdb" ] && initdb=$(command -v initdb || true)
  [ -n "$initdb" ] || { echo "postgres-server.sh: no initdb found (install postgresql)" >&2; return 1; }
  dirname "$initdb"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  install)
    bindir >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
    ;;
  start)
    dir=$(realpath -m "${2:?usage: $0 start DIR}")
    bin=$(bindir)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      server=$(mktemp -d "${TMPDIR:-/tmp}/mlnetcnn-pg.XXXXXX"); chown postgres:postgres "$server"
    else
      server="$dir/server.d"; mkdir -p "$server"
    fi
    chmod 700 "$server"
    echo "$server" > "$dir/server"
    password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    as_owner sh -c "umask 077; printf '%s\n' '$password' > '$server/password'"
    as_owner "$bin/initdb" -D "$server/data" -U postgres --auth=scram-sha-256 --pwfile="$server/password" -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    as_owner "$bin/pg_ctl" -D "$server/data" -l "$server/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $server -c fsync=off -c max_connections=50" start >&2 \
      || { cat "$server/server.log" >&2; exit 1; }
    PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE mlnetcnn" >&2
    echo "MLNETCNN_TEST_POSTGRES=postgresql://postgres:$password@127.0.0.1:$port/mlnetcnn"
    ;;
  stop)
    dir=$(realpath -m "${2:?usage: $0 stop DIR}")
    [ -f "$dir/server" ] || exit 0
    server=$(cat "$dir/server")
    if [ -f "$server/data/postmaster.pid" ]; then
      as_owner "$(bindir)/pg_ctl" -D "$server/data" -m immediate -w stop >&2 || true
    fi
    rm -rf "$server" "$dir/server"
    ;;
  *)
    echo "usage: $0 start DIR | stop DIR | install" >&2; exit 2 ;;
esac
