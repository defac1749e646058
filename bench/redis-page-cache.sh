#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Benchmark: should rendered pages be cached in Redis? Serves the South-Africa-sized dataset
# from the release binary, whose pages come from its in-process cache, and measures with wrk a
# whole HTTP request for a results page (gzip, as browsers and the CDN ask). Then stores the very
# same response bytes in a local redis-server and measures with redis-benchmark just fetching
# them (GET, no pipelining) — the least a Redis-backed page cache would add to every request,
# before any HTTP work — and, with the in-process cache off, what rendering every request costs. Both at 1 connection (latency) and 64 (throughput), wrk and
# redis-benchmark on the same cores as the servers.
# Prints a table and writes it to bench/results/redis-page-cache.md.
# Usage: bench/redis-page-cache.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bench_work="$root/bench/scratch/redis-page-cache"
# shellcheck source=lib.sh
source "$root/bench/lib.sh"
bench_tools wrk curl redis-server
build_release
trap 'stop_server; stop_services' EXIT

db="$bench_work/sa-15k.sqlite"
make_sa_dataset "$db"
start_server "$db"
start_redis "$bench_work"
redis_port=${REDIS_URL##*:}

curl_headers=(-H "Accept-Encoding: gzip")
provincial_area=$(curl -s "$base/api/v1/ballots/provincial/areas?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["areas"][0]["id"])')
pages=("/ballots/national/areas/national" "/ballots/provincial/areas/$provincial_area")

# redis_get CONNECTIONS REQUESTS: prints "requests_per_s|p50_ms|p99_ms" for GET of the stored page.
redis_get() {
  local threads_option=()
  (($1 > 1)) && threads_option=(--threads "$threads")
  redis-benchmark -h 127.0.0.1 -p "$redis_port" -c "$1" -n "$2" "${threads_option[@]}" --csv GET bench:page 2>/dev/null |
    python3 -c '
import csv, sys
row = list(csv.DictReader(sys.stdin))[-1]
print("%.0f|%.3f|%.3f" % (float(row["rps"]), float(row["p50_latency_ms"]), float(row["p99_latency_ms"])))'
}

# One row per page and connection count; the uncached columns come from a second server run.
declare -A cached_rows
for page in "${pages[@]}"; do
  curl -s "${curl_headers[@]}" -o "$bench_work/page.bin" "$base$page"
  redis-cli -h 127.0.0.1 -p "$redis_port" -x SET bench:page < "$bench_work/page.bin" > /dev/null
  for conns in 1 64; do
    echo "$page at $conns connection(s): wrk, then redis-benchmark..." >&2
    IFS='|' read -r h_rps h_p50 h_p99 _ h_bytes < <(run_wrk "$base$page" "$conns" -H "Accept-Encoding: gzip")
    requests=$((conns == 1 ? 20000 : 200000))
    IFS='|' read -r r_rps r_p50 r_p99 < <(redis_get "$conns" "$requests")
    cached_rows[$page/$conns]="| $page | $h_bytes | $conns | $h_rps | $h_p50 | $h_p99 |%s| $r_rps | $r_p50 | $r_p99 |"
  done
done
rss=$(rss_mb "$server_pid" VmRSS)

# What a Redis cache could save at best: rendering, here done for every request.
stop_server
export PAGE_CACHE_MB=0
start_server "$db"
rows=()
for page in "${pages[@]}"; do
  for conns in 1 64; do
    echo "$page at $conns connection(s), rendered every time: wrk..." >&2
    IFS='|' read -r u_rps u_p50 _ _ _ < <(run_wrk "$base$page" "$conns" -H "Accept-Encoding: gzip")
    # shellcheck disable=SC2059 # the row is the format, with one slot for these columns
    rows+=("$(printf "${cached_rows[$page/$conns]}" " $u_rps | $u_p50 ")")
  done
done

mkdir -p "$root/bench/results"
{
  cat <<TABLE

Redis page cache or not, $(date -u +%Y-%m-%d): South-Africa-sized dataset (14,900 candidates), release build, SQLite, $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1.
"HTTP" is a whole request to MyCandidate, served from its in-process page cache (wrk, gzip,
$duration after a $warmup warm-up); "Redis GET" is only fetching the same response bytes from Redis
(redis-benchmark, no pipelining), which a Redis page cache would add to each request before any
HTTP work. "Rendered each time" is the same HTTP request with the page cache off
(PAGE_CACHE_MB=0): the most a shared cache could save on an instance's first request for a page.
Server RSS after the cached runs: $rss MB.

| page | bytes (gzip) | connections | HTTP req/s | HTTP p50 ms | HTTP p99 ms | rendered each time: req/s | rendered: p50 ms | Redis GET req/s | Redis GET p50 ms | Redis GET p99 ms |
|------|--------------|-------------|------------|-------------|-------------|---------------------------|------------------|-----------------|------------------|------------------|
TABLE
  printf '%s\n' "${rows[@]}"
} | tee "$root/bench/results/redis-page-cache.md"
