#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Benchmark: import a 1,000,000-candidate party-list dataset (50 parties, 500 areas) into SQLite
# and PostgreSQL, then start the server on each and measure snapshot load time and memory.
# Prints a table of figures and writes it to bench/results/import-1m.md.
# Usage: bench/import-1m.sh [CANDIDATES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
candidates=${1:-1000000}
work="$root/bench/scratch"
mkdir -p "$work"

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

echo "building the release binary..." >&2
swift build -c release --product mycandidate >&2
bin="$(swift build -c release --show-bin-path)/mycandidate"

csv="$work/party-list-$candidates.csv"
if [ ! -s "$csv" ]; then
  echo "generating $candidates candidates..." >&2
  python3 bench/generate_party_list.py --candidates "$candidates" --parties 50 --areas 500 > "$csv"
fi

# shellcheck source=../.ci/services.sh
source "$root/.ci/services.sh"
trap stop_services EXIT
if [ -z "${BENCH_POSTGRES_URL:-}" ]; then
  start_postgres "$work/services"
  BENCH_POSTGRES_URL="$POSTGRES_TEST_URL"
fi

# Measures one import: prints "seconds peak_rss_mb".
measure_import() {
  local url=$1 log="$work/time.log"
  DATABASE_URL="$url" MIGRATE_ON_START=true LOG_LEVEL=warning /usr/bin/time -v -o "$log" \
    "$bin" import "$csv" --ballot national --area-column list_type --json > "$work/import.json"
  local elapsed rss
  elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  echo "$elapsed $rss"
}

# Starts the server, waits until it answers, prints "ready_seconds snapshot_load rss_mb".
measure_serve() {
  local url=$1 port=18089 log="$work/serve.log"
  local start; start=$(date +%s.%N)
  # Text lines: the snapshot's load time is read from "duration=..." below.
  DATABASE_URL="$url" MIGRATE_ON_START=false DEMO_DATA=false LOG_LEVEL=info LOG_FORMAT=text METRICS_PORT=0 \
    "$bin" serve --port "$port" > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then break; fi
    sleep 0.05
  done
  local ready; ready=$(echo "$(date +%s.%N) - $start" | bc)
  local load; load=$(grep -o 'duration=[0-9.]* [a-z]*' "$log" | head -1 | cut -d= -f2)
  local rss; rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$ready|$load|$rss"
}

rm -f "$work"/bench.sqlite*
sqlite_url="sqlite:$work/bench.sqlite"
read -r sqlite_import sqlite_import_rss < <(measure_import "$sqlite_url")
IFS='|' read -r sqlite_ready sqlite_load sqlite_rss < <(measure_serve "$sqlite_url")

# The bench database on the same server, keeping the URL's query (sslmode) as it is.
pg_base="${BENCH_POSTGRES_URL%%\?*}"
pg_url="${pg_base%/*}/mycandidate_bench${BENCH_POSTGRES_URL#"$pg_base"}"
psql "${BENCH_POSTGRES_URL}" -qc "DROP DATABASE IF EXISTS mycandidate_bench" -c "CREATE DATABASE mycandidate_bench" >/dev/null
read -r pg_import pg_import_rss < <(measure_import "$pg_url")
IFS='|' read -r pg_ready pg_load pg_rss < <(measure_serve "$pg_url")

mkdir -p "$root/bench/results"
cat <<TABLE | tee "$root/bench/results/import-1m.md"

MyCandidate import benchmark: $candidates candidates, 50 parties, 500 areas ($(nproc) cores)

| engine     | import s | import peak RSS MB | serve ready s | snapshot load | server RSS MB |
|------------|----------|--------------------|---------------|---------------|---------------|
| SQLite     | $sqlite_import | $sqlite_import_rss | $sqlite_ready | $sqlite_load | $sqlite_rss |
| PostgreSQL | $pg_import | $pg_import_rss | $pg_ready | $pg_load | $pg_rss |

Targets: import ≤ 30 s into PostgreSQL, snapshot load ≤ 3 s, server RSS ≤ 400 MB.
TABLE
