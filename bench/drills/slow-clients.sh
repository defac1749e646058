#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Fault drill: 1,000 idle connections and a slowloris-style trickle against one instance,
# while normal requests are measured.
#
# Passes when the normal requests all succeed while the slow clients hold their connections
# (p50/p99 printed, next to a baseline measured before they came), when every trickling
# client (sending its request head one byte a second, never finishing it) is disconnected by
# the server within HEADER_LIMIT seconds, when a request head with a 100 KB header is refused
# (4xx or closed, never served), and when the server still answers afterwards.
#
# The server's bound is its HTTP idle timeout (75 s, `httpIdleTimeout` in AppConfig): the time a
# connection may spend without a complete request head, whether it sends nothing or trickles.
#
# Settings: IDLE (1000), TRICKLE (50), MEASURE_SECONDS (20), RATE (100), HEADER_LIMIT (90),
# MYCANDIDATE_BIN.
set -euo pipefail
drill=slow-clients
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

idle=${IDLE:-1000}
trickle=${TRICKLE:-50}
measure=${MEASURE_SECONDS:-20}
rate=${RATE:-100}
header_limit=${HEADER_LIMIT:-90}

# The client's and the server's sockets (each connection is a descriptor on both sides).
needed=$((2 * (idle + trickle) + 512))
if (($(ulimit -n) < needed)); then
    ulimit -n "$needed" 2>/dev/null || fail "needs $needed open files, the limit is $(ulimit -n) (ulimit -Hn: $(ulimit -Hn))"
fi

drill_binary
url="sqlite:$work/drill.sqlite"
DATABASE_URL="$url" "$bin" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; fail "migrate failed"; }
DATABASE_URL="$url" "$bin" import --demo >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; fail "import --demo failed"; }
start_instance server "$url" SHUTDOWN_DELAY=0
port=$instance_port pid=$instance_pid
paths=$(demo_paths "$port")
load_args=(--target "http://127.0.0.1:$port" --paths "$paths" --rate "$rate" --connections 4)

log "baseline: $rate requests/s for $measure s"
python3 "$drills_dir/load.py" --report "$work/baseline.json" --duration "$measure" "${load_args[@]}"

log "opening $idle idle connections and $trickle trickling ones"
python3 "$drills_dir/slow_clients.py" --port "$port" --idle "$idle" --trickle "$trickle" \
    --duration $((header_limit + 10)) --ready "$work/slow.ready" --report "$work/slow.json" &
slow_pid=$!
opened_at=$SECONDS
while [[ ! -s "$work/slow.ready" ]]; do
    kill -0 "$slow_pid" 2>/dev/null || fail "the slow clients could not connect"
    sleep 0.2
done
log "$(cat "$work/slow.ready") after $((SECONDS - opened_at)) s; measuring $rate requests/s for $measure s"
python3 "$drills_dir/load.py" --report "$work/load.json" --duration "$measure" "${load_args[@]}"
log "waiting for the server to drop the trickling clients (at most $header_limit s)"
wait "$slow_pid" || fail "the slow clients failed"
after=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")

problems=()
requests=$(json "$work/load.json" 'r["requests"]')
ok=$(json "$work/load.json" 'r["outcomes"].get("ok", 0)')
failed=$((requests - ok))
((requests > 0 && failed == 0)) || problems+=("$failed of $requests normal requests failed: $(json "$work/load.json" 'r["first_failures"][:5]')")
trickle_closed=$(json "$work/slow.json" 'r["trickle"]["closed"]')
trickle_max=$(json "$work/slow.json" 'r["trickle"].get("max_s", "-")')
((trickle_closed == trickle)) || problems+=("only $trickle_closed of $trickle trickling clients were disconnected within $header_limit s")
idle_closed=$(json "$work/slow.json" 'r["idle"]["closed"]')
big=$(json "$work/slow.json" 'r["big_header"]["answer"]')
[[ $big =~ ^HTTP/1\.1\ 4[0-9][0-9] || $big == "closed without an answer" ]] || problems+=("a 100 KB header got '$big'")
[[ $after == 200 ]] || problems+=("the server answered $after afterwards")
kill -0 "$pid" 2>/dev/null || problems+=("the server exited")

{
    echo
    echo "| Measured | Value |"
    echo "|---|---|"
    echo "| normal requests, baseline: count, p50 / p99 (ms) | $(json "$work/baseline.json" 'r["requests"]'), $(json "$work/baseline.json" 'r["p50_ms"]') / $(json "$work/baseline.json" 'r["p99_ms"]') |"
    echo "| normal requests beside $idle idle + $trickle trickling: count, failed, p50 / p99 (ms) | $requests, $failed, $(json "$work/load.json" 'r["p50_ms"]') / $(json "$work/load.json" 'r["p99_ms"]') |"
    echo "| trickling clients disconnected / after (s) | $trickle_closed of $trickle / $(json "$work/slow.json" 'r["trickle"].get("min_s", "-")')–$trickle_max |"
    echo "| the server's last word to them | $(json "$work/slow.json" 'r["trickle"]["answers"]') |"
    echo "| idle connections closed by the server / after (s) | $idle_closed of $idle / $(json "$work/slow.json" 'r["idle"].get("min_s", "-")')–$(json "$work/slow.json" 'r["idle"].get("max_s", "-")') |"
    echo "| 100 KB header | $big |"
    echo
} >&2

summary="$requests normal requests beside $idle idle and $trickle trickling connections, $failed failed, p99 $(json "$work/load.json" 'r["p99_ms"]') ms (baseline $(json "$work/baseline.json" 'r["p99_ms"]') ms); trickling clients disconnected after ${trickle_max}s at most ($trickle_closed/$trickle), idle ones $idle_closed/$idle; 100 KB header: $big"
if ((${#problems[@]})); then fail "${problems[*]}; $summary"; fi
pass "$summary"
