#!/usr/bin/env bash
# Creates a local PostgreSQL cluster on first run; does nothing when it exists.
#   postgres-init.sh primary   initdb with data checksums, TLS, scram on TCP, peer on the socket,
#                              WAL settings for synchronous streaming replication
#   postgres-init.sh replica   pg_basebackup of the running primary, as a synchronous standby
# Environment: PG_BIN, PG_DATA, PG_SOCKETS, PG_TLS_CERT, PG_TLS_KEY, PG_SUPERUSER_PASSWORD,
#              PG_REPLICATION_PASSWORD, PG_PRIMARY_PORT (replica only), PG_STANDBY_NAME.
set -euo pipefail
role="${1:?primary or replica}"

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

own() {
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$@"; fi
}

parent="$(dirname "$PG_DATA")"
mkdir -p "$parent" "$PG_SOCKETS"
chmod 0755 "$parent"
own "$parent" "$PG_SOCKETS"
chmod 0750 "$PG_SOCKETS"

if ! as_postgres test -w "$parent"; then
  echo "error: the postgres user cannot write to $parent; every folder above it must be searchable (chmod o+x) by user postgres" >&2
  exit 3
fi

# TLS material must be owned by the server's user and private to it.
tls_dir="$parent/tls"
mkdir -p "$tls_dir"
cp "$PG_TLS_CERT" "$tls_dir/server.crt"
cp "$PG_TLS_KEY" "$tls_dir/server.key"
chmod 0600 "$tls_dir/server.key"
own "$tls_dir"

if [ -f "$PG_DATA/PG_VERSION" ]; then
  echo "$role cluster exists at $PG_DATA"
  exit 0
fi

staging="$PG_DATA.partial"
rm -rf "$staging"

case "$role" in
  primary)
    pwfile="$(mktemp)"
    printf '%s\n' "$PG_SUPERUSER_PASSWORD" > "$pwfile"
    own "$pwfile"
    as_postgres "$PG_BIN/initdb" -D "$staging" --data-checksums -U postgres --pwfile="$pwfile" \
      --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --no-locale >/dev/null
    rm -f "$pwfile"

    # Single-user mode creates the replication role before the server ever listens (and before
    # synchronous replication is configured, which would make this commit wait for a standby).
    echo "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$PG_REPLICATION_PASSWORD';" |
      as_postgres "$PG_BIN/postgres" --single -D "$staging" postgres >/dev/null

    cat > "$staging/pg_hba.conf" <<HBA
# Unix socket: the OS user postgres inspects the cluster by peer authentication.
local   all             all                                     peer
# TCP: TLS and a password, always.
hostssl all             all             127.0.0.1/32            scram-sha-256
hostssl all             all             ::1/128                 scram-sha-256
hostssl replication     replicator      127.0.0.1/32            scram-sha-256
HBA

    cat >> "$staging/postgresql.conf" <<CONF

# Viggotech local cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_SOCKETS'
password_encryption = scram-sha-256
ssl = on
ssl_cert_file = '$tls_dir/server.crt'
ssl_key_file = '$tls_dir/server.key'
ssl_min_protocol_version = 'TLSv1.2'
wal_level = replica
wal_log_hints = on
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
synchronous_commit = on
synchronous_standby_names = 'FIRST 1 ($PG_STANDBY_NAME)'
shared_buffers = 128MB
max_connections = 200
CONF

    ;;
  replica)
    conninfo="host=127.0.0.1 port=$PG_PRIMARY_PORT user=replicator password=$PG_REPLICATION_PASSWORD application_name=$PG_STANDBY_NAME sslmode=require"
    slot="${PG_STANDBY_NAME}_slot"
    create_slot=(-C)
    if PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql "host=127.0.0.1 port=$PG_PRIMARY_PORT user=postgres dbname=postgres sslmode=require" \
         -tAc "select 1 from pg_replication_slots where slot_name = '$slot'" | grep -q 1; then
      create_slot=()
    fi
    as_postgres "$PG_BIN/pg_basebackup" -D "$staging" -d "$conninfo" -R -X stream "${create_slot[@]}" -S "$slot"
    chmod 0700 "$staging"
    ;;
  *)
    echo "unknown role $role" >&2
    exit 2
    ;;
esac

mv "$staging" "$PG_DATA"
echo "$role cluster created at $PG_DATA"
