#!/usr/bin/env bash
# A Context Kit cluster on this machine, on loopback only:
#   deploy/local/cluster.sh start N   PostgreSQL (+ Azurite when a setting needs it), the schema (migrate), N silos
#   deploy/local/cluster.sh add       one more silo into the running cluster (scale out)
#   deploy/local/cluster.sh stop      ends everything start began
#
# Writes into $CLUSTER_DIR (default ./.cluster): pg/ (data, socket), pg.port, urls (one base URL per line),
# silo-<i>.pid, silo-<i>.log, repos/ (the shared repositories root), keys/ (shared signing and cookie keys).
#
# The same settings keys configure the containers (deploy/docker-compose.yml) and Kubernetes (k8s/):
#   CONTEXTKIT_GRAIN_STATE   Files | AzureTable | AzureBlob | AdoNet   (default AdoNet)
#   CONTEXTKIT_STREAMS       Memory | AzureQueue                       (default Memory)
#   CONTEXTKIT_SILO          path of ContextKit.Silo.dll (default: build src/Silo and use its output)
#   CLUSTER_PG_PORT, CLUSTER_BASE_PORT   first ports to try (the next free one is taken)
#   any ContextKit__* variable is passed through to every silo (e.g. membership timeouts)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
CLUSTER_DIR="${CLUSTER_DIR:-$root/.cluster}"
STATE="${CONTEXTKIT_GRAIN_STATE:-AdoNet}"
STREAMS="${CONTEXTKIT_STREAMS:-Memory}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
TOOLS="${CONTEXTKIT_TOOLS:-$root/.tools}"
AZURITE_VERSION=3.37.0
# Azurite's documented development account (public, not a secret).
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Next free port at or above $1 that is not in the taken list.
taken=" "
free_port() {
  local p=$1
  while ! port_free "$p" || [[ "$taken" == *" $p "* ]]; do p=$((p + 1)); done
  taken+="$p "
  echo "$p"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

silo_dll() {
  if [ -n "${CONTEXTKIT_SILO:-}" ]; then echo "$CONTEXTKIT_SILO"; return; fi
  log "building src/Silo"
  dotnet build "$root/src/Silo" -c Debug -nologo -v quiet -m:1 >&2 || die "build failed"
  echo "$root/src/Silo/bin/Debug/net10.0/ContextKit.Silo.dll"
}

start_postgres() {
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL is not installed (apt-get install -y postgresql)"
  local data="$CLUSTER_DIR/pg" port
  port=$(free_port "${CLUSTER_PG_PORT:-55432}")
  mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && chown postgres "$data" && chmod 700 "$data"
  # postgres must be able to reach its folder through every parent.
  [ "$(id -u)" -eq 0 ] && chmod o+x "$CLUSTER_DIR"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" \
    -o "-h 127.0.0.1 -p $port -k $data -c fsync=on" -w start >/dev/null
  echo "$port" > "$CLUSTER_DIR/pg.port"
  as_postgres "$PG_BIN/psql" -h "$data" -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='orleans'" | grep -q 1 \
    || as_postgres "$PG_BIN/createdb" -h "$data" -p "$port" -U postgres orleans
  log "PostgreSQL on 127.0.0.1:$port (socket in $data), database orleans"
}

azurite_bin() {
  if [ -n "${AZURITE:-}" ]; then echo "$AZURITE"; return; fi
  local bin="$TOOLS/node_modules/.bin/azurite"
  if [ ! -x "$bin" ]; then
    log "installing azurite@$AZURITE_VERSION into $TOOLS"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent "azurite@$AZURITE_VERSION" >&2 || die "npm install azurite failed"
  fi
  echo "$bin"
}

start_azurite() {
  local bin blob queue table
  bin=$(azurite_bin)
  blob=$(free_port 10000); queue=$(free_port 10001); table=$(free_port 10002)
  mkdir -p "$CLUSTER_DIR/azurite"
  "$bin" --silent --location "$CLUSTER_DIR/azurite" --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" > "$CLUSTER_DIR/azurite.log" 2>&1 &
  echo $! > "$CLUSTER_DIR/azurite.pid"
  for _ in $(seq 100); do port_free "$table" || break; sleep 0.2; done
  port_free "$table" && die "Azurite did not start (see $CLUSTER_DIR/azurite.log)"
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1" > "$CLUSTER_DIR/azure.connection"
  log "Azurite on 127.0.0.1:$blob/$queue/$table"
}

wait_ready() {
  local url=$1 pid=$2 logfile=$3
  for _ in $(seq 240); do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$logfile" >&2; die "silo $pid exited"; }
    curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null && return 0
    sleep 0.5
  done
  tail -30 "$logfile" >&2
  die "$url never became ready"
}

# Settings every silo of this cluster shares, read back from what start wrote.
silo_environment() {
  local pg azure=""
  pg="Host=127.0.0.1;Port=$(cat "$CLUSTER_DIR/pg.port");Database=orleans;Username=postgres"
  [ -f "$CLUSTER_DIR/azure.connection" ] && azure=$(cat "$CLUSTER_DIR/azure.connection")
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  export ConnectionStrings__Orleans="$pg" ConnectionStrings__AzureStorage="$azure"
  export ContextKit__Orleans__Clustering=AdoNet ContextKit__Orleans__GrainState="$STATE" ContextKit__Orleans__Streams="$STREAMS"
  export ContextKit__RepositoriesPath="$CLUSTER_DIR/repos" ContextKit__KeysPath="$CLUSTER_DIR/keys"
}

# Starts silo number $1 in the background; prints its base URL.
start_silo() {
  local i=$1 dll=$2 http silo gateway
  http=$(free_port $(( ${CLUSTER_BASE_PORT:-5180} + i - 1 ))); silo=$(free_port $((11300 + i - 1))); gateway=$(free_port $((30300 + i - 1)))
  mkdir -p "$CLUSTER_DIR/silo-$i"
  ( cd "$(dirname "$dll")"
    silo_environment
    export ContextKit__Orleans__SiloPort="$silo" ContextKit__Orleans__GatewayPort="$gateway"
    export ContextKit__Orleans__SiloName="silo-$i"
    exec dotnet "$dll" --data "$CLUSTER_DIR/silo-$i" --urls "http://127.0.0.1:$http" ) \
    > "$CLUSTER_DIR/silo-$i.log" 2>&1 &
  echo $! > "$CLUSTER_DIR/silo-$i.pid"
  echo "http://127.0.0.1:$http"
}

start() {
  local n=${1:-2}
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "usage: cluster.sh start N"
  [ -f "$CLUSTER_DIR/urls" ] && die "a cluster is already running in $CLUSTER_DIR (cluster.sh stop first)"
  mkdir -p "$CLUSTER_DIR/repos" "$CLUSTER_DIR/keys"
  rm -f "$CLUSTER_DIR/azure.connection"
  local dll; dll=$(silo_dll)
  start_postgres
  if [[ "$STATE" == Azure* || "$STREAMS" == AzureQueue ]]; then start_azurite; fi

  ConnectionStrings__Orleans="Host=127.0.0.1;Port=$(cat "$CLUSTER_DIR/pg.port");Database=orleans;Username=postgres" \
    dotnet "$dll" migrate >&2 || die "migrate failed"

  : > "$CLUSTER_DIR/urls.partial"
  for i in $(seq 1 "$n"); do
    local url; url=$(start_silo "$i" "$dll")
    # The first node creates the shared keys; the others start once it is ready.
    [ "$i" -eq 1 ] && wait_ready "$url" "$(cat "$CLUSTER_DIR/silo-1.pid")" "$CLUSTER_DIR/silo-1.log"
    echo "$url" >> "$CLUSTER_DIR/urls.partial"
  done
  local i=1
  while read -r url; do
    wait_ready "$url" "$(cat "$CLUSTER_DIR/silo-$i.pid")" "$CLUSTER_DIR/silo-$i.log"; i=$((i + 1))
  done < "$CLUSTER_DIR/urls.partial"
  mv "$CLUSTER_DIR/urls.partial" "$CLUSTER_DIR/urls"
  log "$n silo(s) ready (grain state $STATE, streams $STREAMS):"
  cat "$CLUSTER_DIR/urls"
}

# Scale out by one: starts silo N+1 into the running cluster and appends its URL to urls.
add() {
  [ -f "$CLUSTER_DIR/urls" ] || die "no cluster is running in $CLUSTER_DIR (cluster.sh start N first)"
  local n dll url
  n=$(wc -l < "$CLUSTER_DIR/urls"); n=$((n + 1))
  dll=$(silo_dll)
  [[ "$STATE" == Azure* || "$STREAMS" == AzureQueue ]] && [ ! -f "$CLUSTER_DIR/azure.connection" ] && die "this cluster runs without Azurite"
  while read -r used; do taken+="${used##*:} "; done < "$CLUSTER_DIR/urls"
  url=$(start_silo "$n" "$dll")
  wait_ready "$url" "$(cat "$CLUSTER_DIR/silo-$n.pid")" "$CLUSTER_DIR/silo-$n.log"
  echo "$url" >> "$CLUSTER_DIR/urls"
  echo "$url"
}

stop_pid_file() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  [ -d "$CLUSTER_DIR" ] || { log "nothing to stop in $CLUSTER_DIR"; return 0; }
  for f in "$CLUSTER_DIR"/silo-*.pid; do [ -e "$f" ] && stop_pid_file "$f"; done
  stop_pid_file "$CLUSTER_DIR/azurite.pid"
  if [ -f "$CLUSTER_DIR/pg/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/pg" -m fast -w stop >/dev/null || true
  fi
  rm -f "$CLUSTER_DIR/urls" "$CLUSTER_DIR/urls.partial"
  log "stopped (data kept in $CLUSTER_DIR; delete it for a fresh cluster)"
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  add) add ;;
  stop) stop ;;
  *) echo "usage: $0 start N | add | stop" >&2; exit 2 ;;
esac
