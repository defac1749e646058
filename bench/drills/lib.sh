# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# What the fault drills share: the binary, a scratch folder, throwaway PostgreSQL and Redis on
# 127.0.0.1 that a drill may stop and start again on the same port, server instances, and the
# one verdict line each drill ends with. Source it after `set -euo pipefail` and setting
# `drill` (the drill's name); everything started here is stopped by the EXIT trap it installs.
#
# Settings: MYCANDIDATE_BIN (a built binary; otherwise the debug build is built or reused).

drills_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$drills_dir/../.." && pwd)"
# shellcheck source=../../.ci/services.sh
source "$root/.ci/services.sh"
# Each drill sets every setting it uses. One inherited from the caller would be shared with it:
# .ci/run exports REDIS_URL for the Swift suites, and a CLI import killed here would leave the
# publishing lock held in that Redis, refusing every later import for its 30 s.
unset REDIS_URL REDIS_AUTH_TOKEN DATABASE_URL DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD DB_TLS DB_CA_FILE

work="$(mktemp -d "${TMPDIR:-/tmp}/mycandidate-drill.XXXXXX")"
chmod 755 "$work"
log() { printf '[%s] %s\n' "${drill:?set drill before sourcing lib.sh}" "$*" >&2; }

# --- The verdict ----------------------------------------------------------------------------------
verdict_given=false
# pass MESSAGE / fail MESSAGE: the drill's one last line; exits 0 or 1 (through the EXIT trap).
pass() { verdict_given=true; echo "PASS $drill: $*"; exit 0; }
fail() {
    local file
    for file in "${instance_logs[@]}"; do
        [[ -f $file ]] && { log "the last lines of $(basename "$file"):"; tail -n 15 "$file" >&2; }
    done
    verdict_given=true
    echo "FAIL $drill: $*"
    exit 1
}

# --- Clean-up -------------------------------------------------------------------------------------
server_pids=()
instance_logs=()
drill_redis_dir=""
drill_cleanup() {
    local status=$? pid
    for pid in "${server_pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    done
    if [[ -n $drill_redis_dir && -s "$drill_redis_dir/redis.pid" ]]; then
        kill "$(cat "$drill_redis_dir/redis.pid")" 2>/dev/null || true
    fi
    stop_services
    if [[ ${KEEP_DRILL_WORK:-} == 1 ]]; then log "scratch kept in $work"; else rm -rf "$work"; fi
    # A drill that stopped on an error (set -e) still ends with its one verdict line.
    if ! $verdict_given; then
        echo "FAIL $drill: the drill itself stopped with status $status (see the messages above)"
        status=1
    fi
    exit "$status"
}
trap drill_cleanup EXIT
trap 'exit 130' INT TERM

# --- The binary -----------------------------------------------------------------------------------
# drill_binary: sets `bin` to MYCANDIDATE_BIN or the debug build (built if needed).
drill_binary() {
    if [[ -n ${MYCANDIDATE_BIN:-} ]]; then
        bin=$MYCANDIDATE_BIN
    else
        log "building the debug binary (swift build --product mycandidate)"
        (cd "$root" && swift build --product mycandidate >"$work/build.log" 2>&1) || { cat "$work/build.log" >&2; fail "the binary did not build"; }
        bin="$(cd "$root" && swift build --show-bin-path)/mycandidate"
    fi
    [[ -x $bin ]] || fail "no binary at $bin"
}

# --- PostgreSQL -----------------------------------------------------------------------------------
# drill_postgres: a throwaway cluster (.ci/services.sh) and a database on it; sets pg_url.
drill_postgres() {
    start_postgres "$work/services" >/dev/null
    pg_port=${POSTGRES_TEST_URL#*127.0.0.1:}
    pg_port=${pg_port%%/*}
    psql -q "$POSTGRES_TEST_URL" -c "CREATE DATABASE drill" >/dev/null
    # shellcheck disable=SC2034 # for the drill that sourced this
    pg_url="postgres://postgres@127.0.0.1:$pg_port/drill?sslmode=disable"
}

# postgres_stop: a fast shutdown (open sessions are ended, as in a failover or a restart).
postgres_stop() {
    as_postgres "$services_pg_bin/pg_ctl" stop -D "$services_pg_data" -m fast -w -s
}

# postgres_start: starts the cluster again on the same port, with the options it first had.
postgres_start() {
    local tls="$work/services/postgres-tls"
    as_postgres "$services_pg_bin/pg_ctl" start -D "$services_pg_data" -w -s -l "$services_pg_data/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $services_pg_data -c ssl=on -c ssl_cert_file=$tls/server.crt -c ssl_key_file=$tls/server.key -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
}

# --- Redis ----------------------------------------------------------------------------------------
# drill_redis: a Redis of the drill's own on a free port; sets redis_url. redis_stop and
# redis_start take it away and bring it back on the same port (empty: no persistence).
drill_redis() {
    install_services
    drill_redis_dir="$work/redis"
    mkdir -p "$drill_redis_dir"
    redis_port=$(free_port)
    # shellcheck disable=SC2034 # for the drill that sourced this
    redis_url="redis://127.0.0.1:$redis_port"
    redis_start
}
redis_start() {
    redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$drill_redis_dir" \
        --daemonize yes --pidfile "$drill_redis_dir/redis.pid" --logfile "$drill_redis_dir/redis.log"
    local _
    for _ in $(seq 1 100); do
        [[ -s "$drill_redis_dir/redis.pid" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && return 0
        sleep 0.05
    done
    fail "Redis did not start on port $redis_port"
}
redis_stop() {
    local pid _
    pid=$(cat "$drill_redis_dir/redis.pid")
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$drill_redis_dir/redis.pid"; return 0; }
        sleep 0.05
    done
    fail "Redis did not stop"
}

# --- Server instances -----------------------------------------------------------------------------
# start_instance NAME DATABASE_URL [VAR=VALUE...]: serves on a free port with the Prometheus
# listener off (its port is fixed) and rate limiting off unless overridden; waits until /readyz
# answers 200. Sets instance_port and instance_pid; the log is $work/NAME.log.
start_instance() {
    local name=$1 url=$2 _
    shift 2
    instance_port=$(free_port)
    env DATABASE_URL="$url" MIGRATE_ON_START=false DEMO_DATA=false METRICS_PORT=0 RATE_LIMIT_PER_MINUTE=0 \
        LOG_FORMAT=text LOG_LEVEL=notice "$@" \
        "$bin" serve --host 127.0.0.1 --port "$instance_port" >"$work/$name.log" 2>&1 &
    instance_pid=$!
    server_pids+=("$instance_pid")
    instance_logs+=("$work/$name.log")
    for _ in $(seq 1 600); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$instance_port/readyz" 2>/dev/null) == 200 ]]; then
            return 0
        fi
        kill -0 "$instance_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/$name.log" >&2
    fail "instance $name did not become ready"
}

# readyz PORT: prints "HTTP status database redis" from /readyz, e.g. "200 degraded unavailable ok".
readyz() {
    local body code
    body=$(curl -s -m 3 -w '\n%{http_code}' "http://127.0.0.1:$1/readyz" 2>/dev/null) || { echo "000 - - -"; return 0; }
    code=${body##*$'\n'}
    body=${body%$'\n'*}
    python3 -c '
import json, sys
try:
    r = json.loads(sys.argv[2])
    print(sys.argv[1], r.get("status", "-"), r.get("database", "-"), r.get("redis", "-"))
except ValueError:
    print(sys.argv[1], "- - -")' "$code" "$body"
}

# wait_for SECONDS COMMAND...: retries the command every 0.1 s; prints the seconds it took
# (one decimal) and succeeds, or fails after SECONDS.
wait_for() {
    local limit=$1 start now
    shift
    start=$(date +%s.%N)
    while true; do
        if "$@"; then
            now=$(date +%s.%N)
            awk -v a="$start" -v b="$now" 'BEGIN { printf "%.1f\n", b - a }'
            return 0
        fi
        now=$(date +%s.%N)
        if awk -v a="$start" -v b="$now" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then return 1; fi
        sleep 0.1
    done
}

# demo_paths PORT: the public paths the load asks for: the home page, a results page, the
# ballots and an area from the API, all taken from the published dataset.
demo_paths() {
    python3 - "$1" <<'PY'
import json, sys, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
get = lambda path: json.load(urllib.request.urlopen(base + path, timeout=10))
ballots = get("/api/v1/ballots")
ballots = ballots.get("ballots", ballots.get("items", ballots)) if isinstance(ballots, dict) else ballots
ballot = ballots[0]["key"]
areas = get(f"/api/v1/ballots/{ballot}/areas")
areas = areas.get("areas", areas.get("items", areas)) if isinstance(areas, dict) else areas
area = areas[0]["id"]
print(",".join(["/", f"/ballots/{ballot}/areas/{area}", "/api/v1/ballots", f"/api/v1/ballots/{ballot}/areas/{area}"]))
PY
}

# load_start REPORT ARGS...: the load generator (load.py) in the background until load_stop
# (SIGTERM: a background job of a script ignores SIGINT); sets load_pid. load_stop waits for
# its report.
load_start() {
    local report=$1
    shift
    python3 "$drills_dir/load.py" --report "$report" "$@" 2>"$work/load.err" &
    load_pid=$!
}
load_stop() {
    kill -TERM "$load_pid" 2>/dev/null || true
    wait "$load_pid" || { cat "$work/load.err" >&2; fail "the load generator failed"; }
}

# load_totals REPORT: sets `requests` and `failed` (every outcome but ok) from load.py's
# report, and adds to `problems` when nothing was asked or anything failed.
load_totals() {
    local ok
    # shellcheck disable=SC2034 # for the drill that sourced this
    requests=$(json "$1" 'r["requests"]')
    ok=$(json "$1" 'r["outcomes"].get("ok", 0)')
    failed=$((requests - ok))
    ((requests > 0)) || problems+=("no request was made")
    ((failed == 0)) || problems+=("$failed of $requests requests failed: $(json "$1" 'r["outcomes"]')")
}

# json FILE EXPRESSION: evaluates a Python expression over the JSON document `r` in FILE.
json() { python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
