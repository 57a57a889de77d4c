#!/usr/bin/env bash
# Runs every test of SiteCluster against real services on loopback, then stops them.
#
# Installs what is missing (PostgreSQL 15, Redis, Chromium and libgdiplus from Debian's packages,
# Azurite and axe-core from npm),
# starts each in a temporary folder on a free 127.0.0.1 port, exports its connection settings
# (SITECLUSTER_TEST_POSTGRES, SITECLUSTER_TEST_REDIS, SITECLUSTER_TEST_REDIS_SERVER, SITECLUSTER_TEST_AZURITE), checks the code
# format, runs `dotnet test SiteCluster.sln`, stops the services even on failure, and ends with
# one line: "N passed, N failed, N skipped" over every test project.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/infra/.tools"
work=$(mktemp -d /tmp/sitecluster-test.XXXXXX)
chmod 755 "$work"
pids=()
pg_bin=/usr/lib/postgresql/15/bin
pg_data="$work/postgres"

log() { printf '[test.sh] %s\n' "$*" >&2; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

cleanup() {
  local status=$?
  set +e
  [ -f "$pg_data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl -D '$pg_data' -m immediate stop" >/dev/null 2>&1
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

install_missing() {
  local need=()
  [ -x "$pg_bin/initdb" ] || need+=(postgresql-15)
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v node >/dev/null || need+=(nodejs npm)
  # Browser tests: Debian's Chromium (Playwright drives it; it never downloads a browser), CJK fonts for screenshots.
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
  # The monitoring export (ClosedXML) measures text through System.Drawing, which needs libgdiplus.
  ls /usr/lib/libgdiplus.so* /usr/lib/*/libgdiplus.so* >/dev/null 2>&1 || need+=(libgdiplus)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
    # Debian starts the packaged services; the tests use their own instances.
    $sudo service redis-server stop >/dev/null 2>&1 || true
    $sudo service postgresql stop >/dev/null 2>&1 || true
  fi
  if [ ! -f "$tools/azurite/node_modules/azurite/dist/src/blob/main.js" ]; then
    log "installing Azurite from npm"
    mkdir -p "$tools/azurite"
    npm install --prefix "$tools/azurite" --no-audit --no-fund --loglevel=error azurite@3 >/dev/null
  fi
  if [ ! -f "$tools/axe/node_modules/axe-core/axe.min.js" ]; then
    log "installing axe-core from npm"
    mkdir -p "$tools/axe"
    npm install --prefix "$tools/axe" --no-audit --no-fund --loglevel=error axe-core@4 >/dev/null
  fi
}

free_port() {
  local port
  for port in $(seq "$1" $(( $1 + 200 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  log "no free port from $1"; exit 1
}

wait_port() {
  local i
  for i in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  log "$2 did not open port $1"; exit 1
}

start_postgres() {
  local port; port=$(free_port 55432)
  mkdir -p "$pg_data"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_data"
  as_postgres "$pg_bin/initdb -D '$pg_data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  as_postgres "$pg_bin/pg_ctl -D '$pg_data' -l '$pg_data/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$pg_data' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null
  # The application role is an ordinary one: row-level security binds it (it never binds a superuser).
  "$pg_bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE sitecluster LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS PASSWORD 'sitecluster'" >/dev/null
  export SITECLUSTER_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=sitecluster;Password=sitecluster;Database=postgres;Maximum Pool Size=20"
  log "PostgreSQL 15 on 127.0.0.1:$port"
}

start_redis() {
  local port; port=$(free_port 56379)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$work" --loglevel warning >"$work/redis.log" 2>&1 &
  pids+=($!)
  wait_port "$port" Redis
  export SITECLUSTER_TEST_REDIS="127.0.0.1:$port"
  # Cluster fault tests start and stop a redis-server of their own.
  SITECLUSTER_TEST_REDIS_SERVER=$(command -v redis-server)
  export SITECLUSTER_TEST_REDIS_SERVER
  log "Redis on 127.0.0.1:$port"
}

start_azurite() {
  local port; port=$(free_port 50000)
  mkdir -p "$work/azurite"
  node "$tools/azurite/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$port" \
    --location "$work/azurite" --silent --skipApiVersionCheck --disableTelemetry >"$work/azurite.log" 2>&1 &
  pids+=($!)
  wait_port "$port" Azurite
  # Azurite's published development account and key: not a secret.
  export SITECLUSTER_TEST_AZURITE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
  log "Azurite (blob) on 127.0.0.1:$port"
}

cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
install_missing
start_postgres
start_redis
start_azurite
export SITECLUSTER_TEST_CHROMIUM=/usr/bin/chromium
export SITECLUSTER_TEST_AXE="$tools/axe/node_modules/axe-core/axe.min.js"
export SITECLUSTER_TEST_ARTIFACTS="$root/TestResults/browser"
mkdir -p "$SITECLUSTER_TEST_ARTIFACTS"

log "restoring and building"
dotnet restore SiteCluster.sln --verbosity quiet
dotnet build SiteCluster.sln --no-restore --verbosity quiet -p:TreatWarningsAsErrors=true -clp:ErrorsOnly
log "checking format (dotnet format --verify-no-changes)"
dotnet format SiteCluster.sln --verify-no-changes --no-restore --verbosity quiet

# The Elasticsearch backend runs the same conformance suite as Lucene, against the server at
# ELASTICSEARCH_URL. None can be installed here, so without that URL the suite is left out, and said so.
filter=()
if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  log "Elasticsearch conformance suite: running against $ELASTICSEARCH_URL"
else
  filter=(--filter "Category!=Elasticsearch")
  log "Elasticsearch conformance suite: NOT RUN (ELASTICSEARCH_URL is not set); Lucene runs the same suite"
fi

log "running tests"
results="$work/results"
set +e
dotnet test SiteCluster.sln --no-build --verbosity quiet --results-directory "$results" --logger "trx" --logger "console;verbosity=minimal" "${filter[@]}"
test_status=$?
set -e

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done

# A failure outside any test (a class fixture's clean-up, a crashed host) fails the run without
# failing a test; say what it was, from the run's own report.
if [ "$test_status" -ne 0 ]; then
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    sed -n '/<RunInfos>/,/<\/RunInfos>/p' "$trx" | sed -e 's/<[^>]*>//g' -e '/^[[:space:]]*$/d' | head -n 40
  done
fi

projects=$(find tests -name '*.Tests.csproj' | wc -l)
if [ "$files" -lt "$projects" ]; then
  log "only $files of $projects test projects reported results"
  test_status=1
fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then
  log "$skipped test(s) were skipped; nothing may be skipped in CI"
  test_status=1
fi

[ -n "${ELASTICSEARCH_URL:-}" ] || log "note: the Elasticsearch conformance suite was not run (set ELASTICSEARCH_URL to run it)"
echo "$passed passed, $failed failed, $skipped skipped"
exit $test_status
