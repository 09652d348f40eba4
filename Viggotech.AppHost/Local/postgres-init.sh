#!/usr/bin/env bash
# Brings one local PostgreSQL cluster to the role the topology file gives it, without ever
# throwing data away: an existing cluster is reconfigured, never re-created.
#   postgres-init.sh primary   this node is the current primary. Missing: initdb with data checksums,
#                              TLS, scram on TCP, peer on the socket, WAL settings for synchronous
#                              streaming replication. Present with standby.signal: a promotion that
#                              was interrupted (the topology already names this node): finish it.
#   postgres-init.sh standby   this node follows the primary on PG_PRIMARY_PORT. Missing: pg_basebackup.
#                              Present without standby.signal: a former primary (after a failover):
#                              pg_rewind onto the new primary's timeline. Either way the standby
#                              settings are (re)written to point at the current primary, and the
#                              primary is told to wait for this standby on every commit.
# Environment: PG_BIN, PG_DATA, PG_SOCKETS, PG_TLS_CERT, PG_TLS_KEY, PG_SUPERUSER_PASSWORD,
#              PG_REPLICATION_PASSWORD, PG_PRIMARY_PORT (standby only), PG_STANDBY_NAME.
set -euo pipefail
role="${1:?primary or standby}"
[ "$role" = replica ] && role=standby

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

slot="${PG_STANDBY_NAME}_slot"

primary_sql() {
  PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql "host=127.0.0.1 port=$PG_PRIMARY_PORT user=postgres dbname=postgres sslmode=require" \
    -v ON_ERROR_STOP=1 -tAc "$1"
}

# Points a standby's settings at the current primary; the password stays out of the command line.
write_standby_settings() {
  local auto="$PG_DATA/postgresql.auto.conf"
  as_postgres touch "$auto"
  local kept
  kept="$(grep -vE '^[[:space:]]*(primary_conninfo|primary_slot_name|synchronous_standby_names|default_transaction_read_only)[[:space:]]*=' "$auto" || true)"
  {
    printf '%s\n' "$kept"
    printf "primary_conninfo = 'host=127.0.0.1 port=%s user=replicator password=%s application_name=%s sslmode=require'\n" \
      "$PG_PRIMARY_PORT" "$PG_REPLICATION_PASSWORD" "$PG_STANDBY_NAME"
    printf "primary_slot_name = '%s'\n" "$slot"
    # Used only if this node is promoted: until a new standby exists, commits must not wait for one.
    # (A drill's fence, default_transaction_read_only, is dropped above for the same reason.)
    printf "synchronous_standby_names = ''\n"
  } > "$auto.tmp"
  mv "$auto.tmp" "$auto"
  chmod 0600 "$auto"
  own "$auto"
  as_postgres touch "$PG_DATA/standby.signal"
}

ensure_slot_on_primary() {
  if ! primary_sql "select 1 from pg_replication_slots where slot_name = '$slot'" | grep -q 1; then
    primary_sql "select pg_create_physical_replication_slot('$slot', true)" >/dev/null
  fi
}

require_synchronous_standby() {
  primary_sql "alter system set synchronous_standby_names = 'FIRST 1 ($PG_STANDBY_NAME)'" >/dev/null
  primary_sql "select pg_reload_conf()" >/dev/null
}

if [ -f "$PG_DATA/PG_VERSION" ]; then
  case "$role" in
    primary)
      if [ -f "$PG_DATA/standby.signal" ]; then
        # The topology names this node primary, so the old primary was already fenced: promote.
        rm -f "$PG_DATA/standby.signal"
        echo "primary cluster at $PG_DATA was a standby; it starts as the primary (promotion completed)"
      else
        echo "primary cluster exists at $PG_DATA"
      fi
      ;;
    standby)
      if [ ! -f "$PG_DATA/standby.signal" ]; then
        echo "$PG_DATA was a primary before a failover; rewinding it onto the primary on port $PG_PRIMARY_PORT"
        # pg_rewind reads the new primary's timeline from its control file, which a promotion
        # updates only at the next checkpoint: without one it would see no divergence at all.
        primary_sql "checkpoint" >/dev/null
        # pg_rewind first finishes crash recovery itself when the old primary was killed.
        PGPASSWORD="$PG_SUPERUSER_PASSWORD" as_postgres "$PG_BIN/pg_rewind" \
          --target-pgdata="$PG_DATA" \
          --source-server="host=127.0.0.1 port=$PG_PRIMARY_PORT user=postgres dbname=postgres sslmode=require" \
          --progress 2>&1 | tail -n 3
        # Slots are not rewound; the old primary's slot would pin WAL on the standby forever.
        find "$PG_DATA/pg_replslot" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
      fi
      ensure_slot_on_primary
      write_standby_settings
      require_synchronous_standby
      echo "standby cluster at $PG_DATA follows the primary on port $PG_PRIMARY_PORT"
      ;;
    *)
      echo "unknown role $role" >&2
      exit 2
      ;;
  esac
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
  standby)
    conninfo="host=127.0.0.1 port=$PG_PRIMARY_PORT user=replicator application_name=$PG_STANDBY_NAME sslmode=require"
    create_slot=(-C)
    if primary_sql "select 1 from pg_replication_slots where slot_name = '$slot'" | grep -q 1; then
      create_slot=()
    fi
    PGPASSWORD="$PG_REPLICATION_PASSWORD" as_postgres "$PG_BIN/pg_basebackup" -D "$staging" -d "$conninfo" -X stream "${create_slot[@]}" -S "$slot"
    chmod 0700 "$staging"
    ;;
  *)
    echo "unknown role $role" >&2
    exit 2
    ;;
esac

mv "$staging" "$PG_DATA"
if [ "$role" = standby ]; then
  write_standby_settings
  require_synchronous_standby
fi
echo "$role cluster created at $PG_DATA"
