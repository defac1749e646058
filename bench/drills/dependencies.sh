#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Fault drill: two instances on one PostgreSQL database and one Redis, under steady load on
# both, lose Redis and then PostgreSQL for OUTAGE_SECONDS each.
#
# Passes when no public request fails at any time (the pages and the API are served from each
# instance's snapshot; the API's Redis rate limiter falls back to its in-process bucket), when
# /readyz on both instances reports the missing dependency (200 degraded, `unavailable`) within
# DETECT_LIMIT seconds, and when, once the dependency is back, both report it ok again within
# RECOVER_LIMIT seconds without being restarted (same process ids throughout).
#
# Settings: OUTAGE_SECONDS (10), RATE (requests/s over both instances, 100), CONNECTIONS (8),
# DETECT_LIMIT (10), RECOVER_LIMIT (30), MYCANDIDATE_BIN.
set -euo pipefail
drill=dependencies
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

outage=${OUTAGE_SECONDS:-10}
rate=${RATE:-100}
connections=${CONNECTIONS:-8}
detect_limit=${DETECT_LIMIT:-10}
recover_limit=${RECOVER_LIMIT:-30}

drill_binary
drill_postgres
drill_redis
log "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
DATABASE_URL="$pg_url" "$bin" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; fail "migrate failed"; }
DATABASE_URL="$pg_url" "$bin" import --demo >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; fail "import --demo failed"; }

# A rate limit no client reaches, so every API request goes through the Redis-backed limiter
# (and its in-process fallback while Redis is away) as in production.
instance_env=(REDIS_URL="$redis_url" RATE_LIMIT_PER_MINUTE=1000000 RATE_LIMIT_BURST=1000000 SHUTDOWN_DELAY=0)
start_instance a "$pg_url" "${instance_env[@]}"
port_a=$instance_port pid_a=$instance_pid
start_instance b "$pg_url" "${instance_env[@]}"
port_b=$instance_port pid_b=$instance_pid
paths=$(demo_paths "$port_a")
log "instances on ports $port_a and $port_b; load: $rate requests/s over $connections connections on $paths"

both() { # both FIELD VALUE: /readyz on both instances has FIELD (status, database, redis) = VALUE
    local port state
    for port in "$port_a" "$port_b"; do
        read -r -a state <<<"$(readyz "$port")"
        case $1 in
            status) [[ ${state[0]} == 200 && ${state[1]} == "$2" ]] || return 1 ;;
            database) [[ ${state[0]} == 200 && ${state[2]} == "$2" ]] || return 1 ;;
            redis) [[ ${state[0]} == 200 && ${state[3]} == "$2" ]] || return 1 ;;
        esac
    done
}
both status ready || fail "the instances are not ready at the start: $(readyz "$port_a") / $(readyz "$port_b")"

load_start "$work/load.json" --target "http://127.0.0.1:$port_a" --target "http://127.0.0.1:$port_b" \
    --paths "$paths" --rate "$rate" --connections "$connections"
sleep 3

problems=()
# outage NAME FIELD STOP START: takes a dependency away, measures how long until both instances
# report it, holds the outage, brings it back and measures how long until both report it ok.
outage() {
    local name=$1 field=$2 stop=$3 start=$4 detected recovered
    log "stopping $name for $outage s"
    $stop
    if detected=$(wait_for "$detect_limit" both "$field" unavailable); then
        log "$name: both instances report it unavailable after $detected s: $(readyz "$port_a")"
    else
        detected="never"
        problems+=("/readyz did not report $name unavailable within $detect_limit s ($(readyz "$port_a") / $(readyz "$port_b"))")
    fi
    sleep "$outage"
    both "$field" unavailable || problems+=("/readyz stopped reporting $name unavailable during the outage")
    $start
    log "$name is back"
    if recovered=$(wait_for "$recover_limit" both status ready); then
        log "$name: both instances ready again after $recovered s"
    else
        recovered="never"
        problems+=("the instances did not report $name ok within $recover_limit s ($(readyz "$port_a") / $(readyz "$port_b"))")
    fi
    printf '%s|%s|%s\n' "$name" "$detected" "$recovered" >>"$work/outages"
}
outage Redis redis redis_stop redis_start
sleep 3
outage PostgreSQL database postgres_stop postgres_start
sleep 3
load_stop

for pid in "$pid_a" "$pid_b"; do
    kill -0 "$pid" 2>/dev/null || problems+=("instance $pid exited")
done

load_totals "$work/load.json"

{
    echo
    echo "| Measured | Value |"
    echo "|---|---|"
    echo "| public requests (2 instances, $rate/s) | $requests |"
    echo "| failed (non-2xx/3xx, refused, reset, cut, timeout) | $failed |"
    echo "| latency p50 / p99 / max (ms) | $(json "$work/load.json" 'r["p50_ms"]') / $(json "$work/load.json" 'r["p99_ms"]') / $(json "$work/load.json" 'r["max_ms"]') |"
    while IFS='|' read -r name detected recovered; do
        echo "| $name down $outage s: /readyz degraded after (s) | $detected |"
        echo "| $name back: both ready again after (s) | $recovered |"
    done <"$work/outages"
    echo "| instances restarted | 0 (same pids $pid_a, $pid_b) |"
    echo
} >&2
if ((failed > 0)); then
    log "first failures: $(json "$work/load.json" 'r["first_failures"][:5]')"
fi

summary="$requests requests, $failed failed; Redis and PostgreSQL each down ${outage}s: $(awk -F'|' '{printf "%s degraded after %ss, ready %ss after its return; ", $1, $2, $3}' "$work/outages")no restart"
if ((${#problems[@]})); then
    fail "${problems[*]}"
fi
pass "$summary"
